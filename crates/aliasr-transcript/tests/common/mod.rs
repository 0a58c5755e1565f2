//! Helpers shared by the integration tests: independent parsers' views of our output.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use aliasr_transcript::{Cue, srt_safe_text};

/// What a cue should read back as: times and lines (SRT lines with `-->` rewritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    pub(crate) start_ms: u64,
    pub(crate) end_ms: u64,
    pub(crate) lines: Vec<String>,
}

pub(crate) fn expected_srt(cues: &[Cue]) -> Vec<Expected> {
    cues.iter()
        .map(|c| Expected {
            start_ms: c.start_ms(),
            end_ms: c.end_ms(),
            lines: c.lines().map(|l| srt_safe_text(l).into_owned()).collect(),
        })
        .collect()
}

pub(crate) fn expected_vtt(cues: &[Cue]) -> Vec<Expected> {
    cues.iter()
        .map(|c| Expected {
            start_ms: c.start_ms(),
            end_ms: c.end_ms(),
            lines: c.lines().map(str::to_owned).collect(),
        })
        .collect()
}

fn lines_of(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

pub(crate) fn unescape_vtt(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// SRT through `srtlib` (hours up to 255).
pub(crate) fn via_srtlib(srt: &str) -> Result<Vec<Expected>, String> {
    let subtitles =
        srtlib::Subtitles::parse_from_str(srt.to_string()).map_err(|e| e.to_string())?;
    Ok(subtitles
        .to_vec()
        .into_iter()
        .map(|s| {
            let ms = |t: srtlib::Timestamp| {
                let (h, m, sec, milli) = t.get();
                ((u64::from(h) * 60 + u64::from(m)) * 60 + u64::from(sec)) * 1000 + u64::from(milli)
            };
            Expected {
                start_ms: ms(s.start_time),
                end_ms: ms(s.end_time),
                lines: lines_of(s.text.trim_end_matches('\n')),
            }
        })
        .collect())
}

/// SRT through `subtp` (two-digit hours only).
pub(crate) fn via_subtp_srt(srt: &str) -> Result<Vec<Expected>, String> {
    let parsed = subtp::srt::SubRip::parse(srt).map_err(|e| e.to_string())?;
    Ok(parsed
        .subtitles
        .into_iter()
        .map(|s| {
            let ms = |t: subtp::srt::SrtTimestamp| {
                ((u64::from(t.hours) * 60 + u64::from(t.minutes)) * 60 + u64::from(t.seconds))
                    * 1000
                    + u64::from(t.milliseconds)
            };
            Expected {
                start_ms: ms(s.start),
                end_ms: ms(s.end),
                lines: s.text,
            }
        })
        .collect())
}

/// WebVTT through the `webvtt` crate (entities left encoded by it; decoded here).
pub(crate) fn via_webvtt(vtt: &str) -> Result<Vec<Expected>, String> {
    let file = webvtt::parse_file(vtt).map_err(|e| e.to_string())?;
    Ok(file
        .blocks
        .into_iter()
        .map(|webvtt::Block::Cue(cue)| Expected {
            start_ms: cue.start.as_millis() as u64,
            end_ms: cue.end.as_millis() as u64,
            lines: lines_of(&unescape_vtt(&cue.text)),
        })
        .collect())
}

/// WebVTT through `subtp` (two-digit hours only).
pub(crate) fn via_subtp_vtt(vtt: &str) -> Result<Vec<Expected>, String> {
    let parsed = subtp::vtt::WebVtt::parse(vtt).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for block in parsed.blocks {
        let subtp::vtt::VttBlock::Que(cue) = block else {
            return Err(format!("unexpected block {block:?}"));
        };
        let ms = |t: subtp::vtt::VttTimestamp| {
            ((u64::from(t.hours) * 60 + u64::from(t.minutes)) * 60 + u64::from(t.seconds)) * 1000
                + u64::from(t.milliseconds)
        };
        out.push(Expected {
            start_ms: ms(cue.timings.start),
            end_ms: ms(cue.timings.end),
            lines: cue.payload.iter().map(|l| unescape_vtt(l)).collect(),
        });
    }
    Ok(out)
}

/// Our own strict readers.
pub(crate) fn via_readback_srt(srt: &str) -> Vec<Expected> {
    aliasr_transcript::readback::read_srt(srt)
        .unwrap()
        .into_iter()
        .map(|c| Expected {
            start_ms: c.start_ms,
            end_ms: c.end_ms,
            lines: c.lines,
        })
        .collect()
}

pub(crate) fn via_readback_vtt(vtt: &str) -> Vec<Expected> {
    aliasr_transcript::readback::read_vtt(vtt)
        .unwrap()
        .into_iter()
        .map(|c| Expected {
            start_ms: c.start_ms,
            end_ms: c.end_ms,
            lines: c.lines,
        })
        .collect()
}
