//! Line, column and a short excerpt for JSON errors.

use crate::error::TranscriptError;

/// Characters of context shown before and after the error position.
const BEFORE: usize = 24;
const AFTER: usize = 16;

/// Turns a serde_json error on `text` into [`TranscriptError::MalformedJson`].
pub(crate) fn malformed(error: &serde_json::Error, text: &str, location: &str) -> TranscriptError {
    // serde_json counts lines from 1 and columns in bytes from 1 (0 at the start of a line).
    let line = error.line().max(1);
    let line_start = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let offset = (line_start + error.column().saturating_sub(1)).min(text.len());
    let (line, column, excerpt) = locate_byte(text.as_bytes(), offset);
    let mut message = error.to_string();
    // serde_json appends " at line L column C"; we report our own (character) column.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    TranscriptError::MalformedJson {
        location: location.to_string(),
        line,
        column,
        message,
        excerpt,
        recoverable_segments: None,
        unescaped_string: false,
    }
}

/// 1-based line and character column of byte `offset`, and the text around it on that line.
pub(crate) fn locate_byte(bytes: &[u8], offset: usize) -> (usize, usize, String) {
    let offset = offset.min(bytes.len());
    let line_start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = 1 + bytes[..line_start].iter().filter(|&&b| b == b'\n').count();
    let line_end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| offset + p);
    let before = String::from_utf8_lossy(&bytes[line_start..offset]);
    let after = String::from_utf8_lossy(&bytes[offset..line_end]);
    let column = before.chars().count() + 1;
    let skip = before.chars().count().saturating_sub(BEFORE);
    let mut excerpt: String = before.chars().skip(skip).collect();
    excerpt.extend(after.chars().take(AFTER));
    let excerpt = excerpt
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>();
    (line, column, excerpt.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_columns_and_excerpts() {
        let (line, column, excerpt) = locate_byte(b"ab\ncdef\ngh", 5);
        assert_eq!((line, column, excerpt.as_str()), (2, 3, "cdef"));
        let (line, column, _) = locate_byte("é\nx".as_bytes(), 2);
        assert_eq!((line, column), (1, 2));
    }

    #[test]
    fn serde_errors_report_character_columns() {
        let text = "[\n {\"content\": \"大家\" \"from\": 0}]";
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let TranscriptError::MalformedJson {
            line,
            column,
            excerpt,
            message,
            ..
        } = malformed(&error, text, "input")
        else {
            panic!("not malformed")
        };
        assert_eq!(line, 2);
        assert_eq!(column, 19);
        assert!(excerpt.contains("大家\" \"from"), "{excerpt}");
        assert!(!message.contains("at line"), "{message}");
    }
}
