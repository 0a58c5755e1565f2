//! The four formats, cue by cue, appending to a string buffer.

use super::{LineEnding, SubtitleFormat, WriteOptions, srt_safe_text};
use crate::cue::Cue;
use crate::input::first_json_special;
use crate::time::{push_number, push_timestamp};

/// A writer's state between cues.
pub(super) struct Writer {
    format: SubtitleFormat,
    line_ending: LineEnding,
    /// Cues written so far.
    count: u64,
    /// TXT: whether the previous cue continues in the next one (same segment, more parts).
    paragraph_open: bool,
    /// TXT: whether that continuation was split at a space.
    space_pending: bool,
}

impl Writer {
    pub(super) fn new(format: SubtitleFormat, options: &WriteOptions) -> Self {
        Self {
            format,
            line_ending: options.line_ending,
            count: 0,
            paragraph_open: false,
            space_pending: false,
        }
    }

    /// Ends a line: characters pushed, where the line ending as a `str` would be a copy of
    /// unknown length.
    fn end_line(&self, out: &mut String) {
        match self.line_ending {
            LineEnding::Lf => out.push('\n'),
            LineEnding::CrLf => {
                out.push('\r');
                out.push('\n');
            }
        }
    }

    pub(super) fn header(&mut self, out: &mut String) {
        match self.format {
            SubtitleFormat::WebVtt => {
                out.push_str("WEBVTT");
                self.end_line(out);
                self.end_line(out);
            }
            SubtitleFormat::Json => out.push('['),
            SubtitleFormat::Srt | SubtitleFormat::Txt => {}
        }
    }

    pub(super) fn footer(&mut self, out: &mut String) {
        match self.format {
            SubtitleFormat::Json => {
                out.push(']');
                self.end_line(out);
            }
            SubtitleFormat::Txt if self.paragraph_open => self.end_line(out),
            _ => {}
        }
    }

    pub(super) fn cue(&mut self, out: &mut String, cue: &Cue) {
        self.count += 1;
        match self.format {
            SubtitleFormat::Srt => self.srt(out, cue),
            SubtitleFormat::WebVtt => self.vtt(out, cue),
            SubtitleFormat::Txt => self.txt(out, cue),
            SubtitleFormat::Json => self.json(out, cue),
        }
    }

    fn srt(&self, out: &mut String, cue: &Cue) {
        push_number(out, self.count);
        self.end_line(out);
        push_timestamp(out, cue.start_ms, ',');
        out.push_str(" --> ");
        push_timestamp(out, cue.end_ms, ',');
        self.end_line(out);
        let text = cue.text();
        if self.line_ending == LineEnding::Lf && !text.contains("-->") {
            // Lines are already joined with `\n` and need no rewriting.
            out.push_str(text);
            out.push_str("\n\n");
            return;
        }
        for line in cue.lines() {
            out.push_str(&srt_safe_text(line));
            self.end_line(out);
        }
        self.end_line(out);
    }

    fn vtt(&self, out: &mut String, cue: &Cue) {
        push_timestamp(out, cue.start_ms, '.');
        out.push_str(" --> ");
        push_timestamp(out, cue.end_ms, '.');
        self.end_line(out);
        if self.line_ending == LineEnding::Lf {
            // Escaping never adds or removes a `\n`: the text goes through whole.
            push_vtt_escaped(out, cue.text());
            out.push_str("\n\n");
            return;
        }
        for line in cue.lines() {
            push_vtt_escaped(out, line);
            self.end_line(out);
        }
        self.end_line(out);
    }

    fn txt(&mut self, out: &mut String, cue: &Cue) {
        if self.paragraph_open && cue.part > 0 {
            if self.space_pending {
                out.push(' ');
            }
        } else {
            if self.paragraph_open {
                self.end_line(out);
            }
            if self.count > 1 {
                self.end_line(out);
            }
        }
        out.push_str(&cue.plain_text());
        self.paragraph_open = true;
        self.space_pending = cue.space_after;
        if cue.part + 1 >= cue.parts {
            self.end_line(out);
            self.paragraph_open = false;
        }
    }

    fn json(&self, out: &mut String, cue: &Cue) {
        if self.count > 1 {
            out.push(',');
            self.end_line(out);
        }
        out.push_str("{\"index\":");
        push_number(out, self.count);
        out.push_str(",\"start_ms\":");
        push_number(out, cue.start_ms);
        out.push_str(",\"end_ms\":");
        push_number(out, cue.end_ms);
        out.push_str(",\"text\":");
        push_json_string(out, cue.text());
        out.push('}');
    }
}

/// Appends `text` with `&`, `<` and `>` escaped. They are rare in speech: the text is searched
/// for them with SIMD and copied between them in whole runs, not looked at byte by byte.
pub(super) fn push_vtt_escaped(out: &mut String, text: &str) {
    let mut copied = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', text.as_bytes()) {
        let entity = match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            // `>`: the search finds nothing else.
            _ => "&gt;",
        };
        // ASCII bytes are char boundaries.
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// A JSON string literal (RFC 8259 escaping). The bytes to escape are found eight at a time,
/// by the search the input reader uses for the end of a plain string, and the text between
/// them is copied in whole runs.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(found) = first_json_special(&bytes[copied..]) {
        let i = copied + found;
        let b = bytes[i];
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            // Any other control character (the search finds nothing else): `\u00XX` below.
            _ => "",
        };
        // ASCII bytes are char boundaries.
        out.push_str(&text[copied..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 0xF)]));
        } else {
            out.push_str(escape);
        }
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            "a\"b\\c\nd\u{1}é"
        );
    }

    proptest::proptest! {
        #[test]
        fn json_strings_read_back_as_the_text(text in "[a\"\\\\\u{0}-\u{1f}\u{7f}大é ]{0,40}") {
            let mut out = String::new();
            push_json_string(&mut out, &text);
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&out).ok(), Some(text));
        }

        #[test]
        fn vtt_escaping_replaces_exactly_the_three_characters(text in "[a&<>大 \n-]{0,80}") {
            let mut out = String::new();
            push_vtt_escaped(&mut out, &text);
            let expected = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            proptest::prop_assert_eq!(out, expected);
        }
    }
}
