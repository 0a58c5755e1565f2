//! Deterministic transcripts: the same InputFile always gives the same mixed Chinese/English
//! segments, with as many sentences as the requested Duration holds.

use aliasr_models::Segment;

const ZH: &[&str] = &[
    "大家好，欢迎参加今天的产品评审会议。",
    "我们先回顾一下上个季度的用户增长数据。",
    "这个增长主要来自华东和华南两个区域。",
    "接下来讨论新版本的发布计划，以及需要确认的接口限制。",
    "直播那边每个用户每秒五十次，实时字幕查询是二十次。",
    "好的，我们会后把会议纪要发给大家。",
];
const EN: &[&str] = &[
    "Thanks everyone for joining, let's get started.",
    "Monthly active users grew by eighteen percent quarter over quarter.",
    "The beta ships on June third, and general availability two weeks later.",
    "Please send questions to the channel after the meeting.",
    "OK.",
    "We'll wrap up with the action items and owners for each workstream.",
];

/// Seconds of speech when the job names no Duration.
const DEFAULT_SECONDS: f64 = 60.0;

/// The transcript for `input_file`, covering `duration` (`HH:MM:SS[.mmm]`) seconds of speech.
pub(crate) fn generate(input_file: &str, duration: Option<&str>, seed: u64) -> Vec<Segment> {
    let seconds = duration
        .and_then(parse_timecode)
        .unwrap_or(DEFAULT_SECONDS)
        .max(1.0);
    let mut state = fnv1a(input_file.as_bytes()) ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut segments = Vec::new();
    let mut at = 0.0_f64;
    while at < seconds {
        let roll = next(&mut state);
        let chinese = roll.is_multiple_of(2);
        let pool = if chinese { ZH } else { EN };
        let text = pool[(roll >> 8) as usize % pool.len()];
        // Roughly 4 characters a second for Chinese and 15 for English, plus a small pause.
        let per_char = if chinese { 0.25 } else { 0.066 };
        let length = (text.chars().count() as f64 * per_char).clamp(0.4, 8.0);
        let end = (at + length).min(seconds);
        let from = round_ms(at);
        let to = round_ms(end.max(at));
        segments.push(Segment {
            content: text.to_owned(),
            from,
            to,
        });
        at = end + 0.08 + ((roll >> 20) % 5) as f64 * 0.05;
    }
    segments
}

fn round_ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// `HH:MM:SS` with optional `.mmm`, to seconds.
pub(crate) fn parse_timecode(text: &str) -> Option<f64> {
    let mut parts = text.split(':');
    let hours: f64 = parts.next()?.parse().ok()?;
    let minutes: f64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(hours * 3600.0 + minutes * 60.0 + seconds)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// xorshift64*: small, seedable, and the same on every platform.
pub(crate) fn next(state: &mut u64) -> u64 {
    if *state == 0 {
        *state = 0x2545_F491_4F6C_DD1D;
    }
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_are_deterministic_valid_and_scale_with_duration() {
        let a = generate("oss://b/x.mp4", Some("00:01:00"), 7);
        assert_eq!(a, generate("oss://b/x.mp4", Some("00:01:00"), 7));
        assert_ne!(a, generate("oss://b/y.mp4", Some("00:01:00"), 7));
        let long = generate("oss://b/x.mp4", Some("00:10:00"), 7);
        assert!(long.len() > a.len() * 5, "{} vs {}", long.len(), a.len());
        for segment in &long {
            segment.check_times().unwrap();
            assert!(segment.to <= 600.0);
        }
        assert!(long.iter().any(|s| s.content.is_ascii()));
        assert!(long.iter().any(|s| !s.content.is_ascii()));
    }
}
