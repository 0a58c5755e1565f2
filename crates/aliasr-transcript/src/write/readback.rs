//! Strict readers for the SRT and WebVTT this crate writes, to prove output re-parses.
//!
//! These are checking tools (for tests, fuzzing and the CLI's self-check), not general subtitle
//! parsers: they accept exactly the subset our writers produce and reject anything looser, so a
//! writer bug shows up as a read error. Independent parsers (`srtlib`, `webvtt`, `subtp`, Python
//! `srt` and `webvtt-py`, ffprobe) check the same output in the test suite and CI.

/// A cue read back from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadCue {
    /// Start in milliseconds.
    pub start_ms: u64,
    /// End in milliseconds.
    pub end_ms: u64,
    /// Text lines, unescaped (WebVTT entities decoded).
    pub lines: Vec<String>,
}

/// Why a file did not read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{format} line {line}: {problem}")]
#[non_exhaustive]
pub struct ReadbackError {
    /// `SRT` or `WebVTT`.
    pub format: &'static str,
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub problem: String,
}

/// Reads SRT strictly: consecutive indices from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm` with start
/// before end, one or more non-empty lines without `-->`, blank-line separated, LF or CRLF.
pub fn read_srt(text: &str) -> Result<Vec<ReadCue>, ReadbackError> {
    read(text, Format::Srt)
}

/// Reads WebVTT strictly: a bare `WEBVTT` header line and a blank line, then cues of
/// `HH:MM:SS.mmm --> HH:MM:SS.mmm` and non-empty payload lines in which `<` and `>` never appear
/// raw and `&` only starts `&amp;`, `&lt;` or `&gt;`.
pub fn read_vtt(text: &str) -> Result<Vec<ReadCue>, ReadbackError> {
    read(text, Format::WebVtt)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Srt,
    WebVtt,
}

fn read(text: &str, format: Format) -> Result<Vec<ReadCue>, ReadbackError> {
    let name = if format == Format::Srt {
        "SRT"
    } else {
        "WebVTT"
    };
    let fail = |line: usize, problem: String| {
        Err(ReadbackError {
            format: name,
            line,
            problem,
        })
    };
    if !text.is_empty() && !text.ends_with('\n') {
        return fail(
            text.lines().count(),
            "the file does not end with a line break".into(),
        );
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0usize;
    if format == Format::WebVtt {
        if lines.first() != Some(&"WEBVTT") {
            return fail(1, "the first line is not exactly WEBVTT".into());
        }
        if lines.get(1).is_some_and(|l| !l.is_empty()) {
            return fail(2, "the header is not followed by a blank line".into());
        }
        at = 2;
    }
    let mut cues = Vec::new();
    while at < lines.len() {
        if format == Format::Srt {
            let expected = cues.len() + 1;
            if lines[at] != expected.to_string() {
                return fail(
                    at + 1,
                    format!("expected the index {expected}, found {:?}", lines[at]),
                );
            }
            at += 1;
        }
        let Some(timing) = lines.get(at) else {
            return fail(at + 1, "a cue has no timing line".into());
        };
        let separator = if format == Format::Srt { ',' } else { '.' };
        let Some((start_ms, end_ms)) = parse_timing(timing, separator) else {
            return fail(at + 1, format!("not a timing line: {timing:?}"));
        };
        if start_ms >= end_ms {
            return fail(at + 1, "the cue does not end after it starts".into());
        }
        at += 1;
        let mut cue_lines = Vec::new();
        while at < lines.len() && !lines[at].is_empty() {
            let line = lines[at];
            if line.contains("-->") {
                return fail(at + 1, "a text line holds -->".into());
            }
            cue_lines.push(if format == Format::WebVtt {
                match unescape(line) {
                    Some(text) => text,
                    None => return fail(at + 1, format!("unescaped <, > or & in {line:?}")),
                }
            } else {
                line.to_string()
            });
            at += 1;
        }
        if cue_lines.is_empty() {
            return fail(at + 1, "a cue has no text".into());
        }
        if at >= lines.len() {
            return fail(at, "the last cue is not followed by a blank line".into());
        }
        at += 1; // the blank line
        cues.push(ReadCue {
            start_ms,
            end_ms,
            lines: cue_lines,
        });
    }
    Ok(cues)
}

fn parse_timing(line: &str, separator: char) -> Option<(u64, u64)> {
    let (start, end) = line.split_once(" --> ")?;
    Some((
        parse_timestamp(start, separator)?,
        parse_timestamp(end, separator)?,
    ))
}

fn parse_timestamp(text: &str, separator: char) -> Option<u64> {
    let (clock, millis) = text.split_once(separator)?;
    let mut parts = clock.split(':');
    let (hours, minutes, seconds) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || hours.len() < 2
        || minutes.len() != 2
        || seconds.len() != 2
        || millis.len() != 3
    {
        return None;
    }
    let number = |s: &str| -> Option<u64> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (hours, minutes, seconds, millis) = (
        number(hours)?,
        number(minutes)?,
        number(seconds)?,
        number(millis)?,
    );
    if minutes > 59 || seconds > 59 {
        return None;
    }
    hours
        .checked_mul(3_600_000)?
        .checked_add(minutes * 60_000 + seconds * 1000 + millis)
}

fn unescape(line: &str) -> Option<String> {
    if line.contains(['<', '>']) {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (entity, decoded) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')]
            .into_iter()
            .find(|(entity, _)| tail.starts_with(entity))?;
        out.push(decoded);
        rest = &tail[entity.len()..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_writers_write() {
        let srt = "1\n00:00:00,000 --> 00:00:01,500\nHello\nworld\n\n2\n100:00:00,000 --> 100:00:01,000\n& <b>\n\n";
        let cues = read_srt(srt).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[1].start_ms, 360_000_000);
        assert_eq!(cues[0].lines, ["Hello", "world"]);
        let vtt = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\na &lt;b&gt; &amp; c\r\n\r\n";
        assert_eq!(read_vtt(vtt).unwrap()[0].lines, ["a <b> & c"]);
    }

    #[test]
    fn rejects_what_a_player_would_misread() {
        let bad_srt = [
            "1\n00:00:00,000 --> 00:00:01,000\na --> b\n\n",
            "2\n00:00:00,000 --> 00:00:01,000\na\n\n",
            "1\n00:00:01,000 --> 00:00:01,000\na\n\n",
            "1\n00:00:00,000 --> 00:00:01,000\n\n",
            "1\n00:00:60,000 --> 00:01:01,000\na\n\n",
            "1\n00:00:00,000 --> 00:00:01,000\na\n",
        ];
        for text in bad_srt {
            assert!(read_srt(text).is_err(), "{text:?}");
        }
        let bad_vtt = [
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na <b>\n\n",
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na & b\n\n",
            "WEBVTT FILE\n\n00:00:00.000 --> 00:00:01.000\na\n\n",
            "WEBVTT\n\n00:00:00,000 --> 00:00:01,000\na\n\n",
        ];
        for text in bad_vtt {
            assert!(read_vtt(text).is_err(), "{text:?}");
        }
    }
}
