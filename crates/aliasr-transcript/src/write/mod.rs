//! Writers: SRT, WebVTT, plain text and JSON, formatted from integer milliseconds.

mod formats;
pub mod readback;

use std::borrow::Cow;
use std::io;

use crate::cue::Cue;
use crate::error::TranscriptError;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubtitleFormat {
    /// SubRip: `HH:MM:SS,mmm --> HH:MM:SS,mmm`, 1-based indices, blank-line separated.
    Srt,
    /// W3C WebVTT: `WEBVTT` header, `HH:MM:SS.mmm`, `&`, `<`, `>` escaped.
    WebVtt,
    /// Plain text: one paragraph per source segment, blank-line separated.
    Txt,
    /// `[{"index":1,"start_ms":0,"end_ms":2840,"text":"line1\nline2"}]`, exactly these keys.
    Json,
}

impl SubtitleFormat {
    /// The format for a file extension (`srt`, `vtt`, `txt`, `json`; any case).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "srt" => Some(Self::Srt),
            "vtt" | "webvtt" => Some(Self::WebVtt),
            "txt" | "text" => Some(Self::Txt),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Srt => "srt",
            Self::WebVtt => "vtt",
            Self::Txt => "txt",
            Self::Json => "json",
        }
    }
}

impl std::str::FromStr for SubtitleFormat {
    type Err = TranscriptError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_extension(s).ok_or_else(|| TranscriptError::InvalidSetting {
            setting: "format",
            problem: format!("unknown format {s:?}; expected srt, vtt, txt or json"),
        })
    }
}

/// The line ending written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LineEnding {
    /// `\n` (the default).
    #[default]
    Lf,
    /// `\r\n`, for tools that want it. Note that the `webvtt` 0.2 crate rejects CRLF WebVTT.
    CrLf,
}

/// How writers format their output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct WriteOptions {
    /// The line ending.
    pub line_ending: LineEnding,
}

impl WriteOptions {
    /// LF line endings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the line ending.
    pub fn with_line_ending(mut self, line_ending: LineEnding) -> Self {
        self.line_ending = line_ending;
        self
    }
}

/// Renders cues in `format` as one string.
///
/// ```
/// use aliasr_models::Segment;
/// use aliasr_transcript::{render, CueBuilder, CueSettings, SubtitleFormat, WriteOptions};
/// let cues = CueBuilder::new(CueSettings::default())?
///     .build(vec![Segment::new("a <b> & c", 0.0, 2.0).unwrap()])?
///     .cues;
/// let vtt = render(&cues, SubtitleFormat::WebVtt, &WriteOptions::new());
/// assert_eq!(vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\na &lt;b&gt; &amp; c\n\n");
/// # Ok::<(), aliasr_transcript::TranscriptError>(())
/// ```
pub fn render(cues: &[Cue], format: SubtitleFormat, options: &WriteOptions) -> String {
    let mut out = String::with_capacity(estimated_size(cues));
    let mut writer = formats::Writer::new(format, options);
    writer.header(&mut out);
    for cue in cues {
        writer.cue(&mut out, cue);
    }
    writer.footer(&mut out);
    out
}

/// Writes cues in `format` to `out`, in chunks (no whole-file string in memory).
pub fn write<W: io::Write>(
    cues: &[Cue],
    format: SubtitleFormat,
    options: &WriteOptions,
    mut out: W,
) -> io::Result<()> {
    const CHUNK: usize = 64 * 1024;
    let mut buffer = String::with_capacity(CHUNK + 1024);
    let mut writer = formats::Writer::new(format, options);
    writer.header(&mut buffer);
    for cue in cues {
        writer.cue(&mut buffer, cue);
        if buffer.len() >= CHUNK {
            out.write_all(buffer.as_bytes())?;
            buffer.clear();
        }
    }
    writer.footer(&mut buffer);
    out.write_all(buffer.as_bytes())?;
    out.flush()
}

fn estimated_size(cues: &[Cue]) -> usize {
    cues.iter().map(|c| c.text_len as usize + 40).sum::<usize>() + 16
}

/// The text of an SRT line as written: every `-->` (with any extra leading hyphens) becomes
/// `->`, because an SRT reader takes a line holding `-->` for a timing line. `->` itself is
/// written as it is.
///
/// ```
/// use aliasr_transcript::srt_safe_text;
/// assert_eq!(srt_safe_text("a --> b"), "a -> b");
/// assert_eq!(srt_safe_text("a ---> b -> c"), "a -> b -> c");
/// ```
pub fn srt_safe_text(text: &str) -> Cow<'_, str> {
    if !text.contains("-->") {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'-' {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && bytes[i] == b'-' {
            i += 1;
        }
        if i - run_start >= 2 && i < bytes.len() && bytes[i] == b'>' {
            // '-' and '>' are ASCII, so these are char boundaries.
            out.push_str(&text[copied..run_start]);
            out.push_str("->");
            i += 1;
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The text of a WebVTT line as written: `&`, `<` and `>` escaped (so no `-->` either).
///
/// ```
/// assert_eq!(aliasr_transcript::vtt_escaped_text("<b> & -->"), "&lt;b&gt; &amp; --&gt;");
/// ```
pub fn vtt_escaped_text(text: &str) -> Cow<'_, str> {
    if memchr::memchr3(b'&', b'<', b'>', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    formats::push_vtt_escaped(&mut out, text);
    Cow::Owned(out)
}
