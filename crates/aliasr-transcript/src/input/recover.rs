//! Lenient recovery: find segment objects by bracket matching in text that is not valid JSON.
//!
//! The documentation's sample response embeds the AiResult array in a string without escaping
//! its quotes, so the body as a whole is not JSON while every segment object inside it is.
//! Recovery tries a JSON object at every `{`, keeps those with a string `content` and numeric
//! `from` and `to`, and continues after each one it keeps.

use serde_json::Deserializer;

use super::segments::{Loose, RawElement};

/// The segment objects found in `text`, in order.
pub(crate) fn recover_segments(text: &str) -> Vec<RawElement> {
    let mut found = Vec::new();
    let mut at = 0usize;
    while let Some(offset) = text[at..].find('{') {
        let start = at + offset;
        let mut stream = Deserializer::from_str(&text[start..]).into_iter::<RawElement>();
        match stream.next() {
            Some(Ok(element)) if is_segment(&element) => {
                found.push(element);
                at = start + stream.byte_offset().max(1);
            }
            _ => at = start + 1,
        }
    }
    found
}

fn is_segment(element: &RawElement) -> bool {
    matches!(
        element,
        RawElement::Segment {
            content: Loose::Text(_),
            from: Loose::Number(_),
            to: Loose::Number(_),
            duplicate: None,
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_objects_from_a_string_with_unescaped_quotes() {
        let text = r#"{"AiResult": "[{"content":"a {b}","from":0.0,"to":1},{"content":"c","from":1,"to":2}]"}"#;
        let found = recover_segments(text);
        assert_eq!(found.len(), 2);
        assert!(
            matches!(&found[0], RawElement::Segment { content: Loose::Text(t), .. } if t == "a {b}")
        );
    }

    #[test]
    fn objects_that_are_not_segments_are_skipped() {
        assert!(recover_segments(r#"{"a":1} {"content":1,"from":0,"to":1} {{{"#).is_empty());
    }
}
