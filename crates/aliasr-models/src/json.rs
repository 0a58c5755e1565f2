//! JSON plumbing shared by every model: body parsing with positions and field paths,
//! short excerpts for messages, compact writing and object checks.

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::fmt;

use crate::ModelError;

/// Parses a whole document into `T`, turning serde's errors into [`ModelError`]s that carry
/// `what`, the line and column and (for shape errors) the field path.
pub(crate) fn parse_document<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, ModelError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        json_error(what, text, err.into_inner(), &path)
    })?;
    // Trailing characters after the value are an error too, as in `serde_json::from_str`.
    deserializer
        .end()
        .map_err(|err| json_error(what, text, err, ""))?;
    Ok(value)
}

/// Parses a whole document without field-path tracking, for types built on
/// `serde_json::value::RawValue`, which needs serde_json's own deserializer.
pub(crate) fn parse_plain<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, ModelError> {
    serde_json::from_str(text).map_err(|err| json_error(what, text, err, ""))
}

/// Writes a model as compact JSON.
#[allow(
    clippy::expect_used,
    reason = "models only have string map keys and no fallible custom serialiser, and writing to a String cannot fail"
)]
pub(crate) fn to_json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("models always serialise to JSON")
}

/// Converts a `serde_json` error about `text` into a [`ModelError`].
pub(crate) fn json_error(what: &str, text: &str, err: serde_json::Error, path: &str) -> ModelError {
    let (line, column) = (err.line(), err.column());
    let message = message_without_position(&err);
    match err.classify() {
        serde_json::error::Category::Data => ModelError::UnexpectedJson {
            what: what.to_owned(),
            path: if path == "." {
                String::new()
            } else {
                path.to_owned()
            },
            line,
            column,
            message,
        },
        _ => ModelError::MalformedJson {
            what: what.to_owned(),
            line,
            column,
            message,
            excerpt: excerpt_at(text, line, column),
        },
    }
}

/// serde_json appends " at line L column C" to its messages; we report those separately.
fn message_without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&suffix)
        .map_or_else(|| full.clone(), str::to_owned)
}

/// Up to ~24 bytes before and ~16 bytes after the 1-based (line, column) position.
fn excerpt_at(text: &str, line: usize, column: usize) -> String {
    let Some(line_text) = line
        .checked_sub(1)
        .and_then(|index| text.split('\n').nth(index))
    else {
        return String::new();
    };
    let position = column.saturating_sub(1).min(line_text.len());
    let mut start = position.saturating_sub(24);
    while !line_text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (position + 16).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end += 1;
    }
    line_text[start..end].trim_end_matches('\r').to_owned()
}

/// Shortens `text` to at most `max_chars` characters, marking the cut with `…`.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Describes a JSON value for an error message: `string "7.0"`, `number 3`, `object`.
pub(crate) fn describe_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".to_owned(),
        serde_json::Value::Bool(b) => format!("boolean {b}"),
        serde_json::Value::Number(n) => format!("number {n}"),
        serde_json::Value::String(s) => format!("string {:?}", shorten(s, 40)),
        serde_json::Value::Array(items) => format!("an array of {} items", items.len()),
        serde_json::Value::Object(_) => "an object".to_owned(),
    }
}

/// Removes the insignificant whitespace of a well-formed JSON text, keeping key order and
/// every string exactly as written (so `minify(minify(x)) == minify(x)`).
pub(crate) fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// Appends `text` as a JSON string literal, escaped the way serde_json and Python's
/// `json.dumps(ensure_ascii=False)` do: only `"`, `\` and control characters.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The members of a JSON object, in document order, each value kept as its raw text.
pub(crate) struct ObjectMembers(pub(crate) Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for ObjectMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = ObjectMembers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ObjectMembers, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Box<RawValue>>()? {
                    members.push(member);
                }
                Ok(ObjectMembers(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Parses `text` as a JSON object, for values that travel as "a JSON object in a string".
pub(crate) fn parse_object(what: &str, text: &str) -> Result<ObjectMembers, ModelError> {
    parse_plain(what, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_strings_and_order() {
        let text = "{ \"b\" : [1, 2],\n \"a\": \"x \\\" y\\\\\" }";
        assert_eq!(minify(text), r#"{"b":[1,2],"a":"x \" y\\"}"#);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let again: serde_json::Value = serde_json::from_str(&minify(text)).unwrap();
        assert_eq!(value, again);
    }

    #[test]
    fn json_string_escaping_matches_serde_json() {
        for text in [
            "plain",
            "会议 \"q\" \\ /",
            "\u{0}\u{1f}\n\r\t\u{8}\u{c}\u{7f}",
        ] {
            let mut ours = String::new();
            push_json_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn excerpt_respects_char_boundaries() {
        let text = "会议会议会议会议会议会议会议会议会议\"x";
        let excerpt = excerpt_at(text, 1, 20);
        assert!(!excerpt.is_empty());
        assert_eq!(excerpt_at(text, 9, 1), "");
    }

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
