//! [`Timecode`]: `HH:MM:SS` or `HH:MM:SS.mmm`, the form of SubmitASRJob `StartTime` and `Duration`.

use std::fmt;
use std::str::FromStr;

use crate::ModelError;
use crate::json::shorten;

/// A position or length in media, written `HH:MM:SS` or `HH:MM:SS.mmm` (the documentation's
/// examples are `00:00:00` and `00:00:10`).
///
/// Hours are two digits (00–99), minutes and seconds 00–59, milliseconds exactly three
/// digits when present. Parsing and [`fmt::Display`] are exact inverses.
///
/// ```
/// use aliasr_models::Timecode;
///
/// let t: Timecode = "01:02:03.450".parse()?;
/// assert_eq!(t.total_millis(), 3_723_450);
/// assert_eq!(t.to_string(), "01:02:03.450");
/// assert_eq!(Timecode::from_secs(10)?.to_string(), "00:00:10");
/// assert!("1:02:03".parse::<Timecode>().is_err());
/// assert!("00:60:00".parse::<Timecode>().is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timecode {
    hours: u8,
    minutes: u8,
    seconds: u8,
    millis: Option<u16>,
}

impl Timecode {
    /// The largest value: `99:59:59.999`.
    pub const MAX_MILLIS: u64 = ((99 * 60 + 59) * 60 + 59) * 1000 + 999;

    /// A whole-second timecode (written without milliseconds).
    pub fn from_secs(total_secs: u64) -> Result<Self, ModelError> {
        let mut timecode = Self::from_millis(total_secs.saturating_mul(1000))?;
        timecode.millis = None;
        Ok(timecode)
    }

    /// A timecode with milliseconds (always written with `.mmm`).
    pub fn from_millis(total_millis: u64) -> Result<Self, ModelError> {
        if total_millis > Self::MAX_MILLIS {
            return Err(ModelError::InvalidValue {
                what: "timecode",
                value: format!("{total_millis} ms"),
                reason: "longer than 99:59:59.999".to_owned(),
            });
        }
        // Each part is below its modulus, and hours <= 99 by the check above, so the casts are lossless.
        let seconds_total = total_millis / 1000;
        Ok(Self {
            hours: (seconds_total / 3600) as u8,
            minutes: (seconds_total / 60 % 60) as u8,
            seconds: (seconds_total % 60) as u8,
            millis: Some((total_millis % 1000) as u16),
        })
    }

    /// The hours part (0–99).
    pub fn hours(&self) -> u8 {
        self.hours
    }

    /// The minutes part (0–59).
    pub fn minutes(&self) -> u8 {
        self.minutes
    }

    /// The seconds part (0–59).
    pub fn seconds(&self) -> u8 {
        self.seconds
    }

    /// The milliseconds part, if written.
    pub fn millis(&self) -> Option<u16> {
        self.millis
    }

    /// The whole value in milliseconds.
    pub fn total_millis(&self) -> u64 {
        let secs =
            (u64::from(self.hours) * 60 + u64::from(self.minutes)) * 60 + u64::from(self.seconds);
        secs * 1000 + u64::from(self.millis.unwrap_or(0))
    }
}

impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}:{:02}",
            self.hours, self.minutes, self.seconds
        )?;
        if let Some(millis) = self.millis {
            write!(f, ".{millis:03}")?;
        }
        Ok(())
    }
}

impl FromStr for Timecode {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Self, ModelError> {
        parse_timecode(text).map_err(|reason| ModelError::InvalidValue {
            what: "timecode",
            value: shorten(text, 40),
            reason,
        })
    }
}

/// Parses `HH:MM:SS[.mmm]`, the reason for a rejection as a sentence fragment.
pub(crate) fn parse_timecode(text: &str) -> Result<Timecode, String> {
    let expected = || format!("{:?} is not HH:MM:SS or HH:MM:SS.mmm", shorten(text, 40));
    let bytes = text.as_bytes();
    let shape_ok = matches!(bytes.len(), 8 | 12)
        && bytes[2] == b':'
        && bytes[5] == b':'
        && (bytes.len() == 8 || bytes[8] == b'.')
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| matches!(i, 2 | 5 | 8) || b.is_ascii_digit());
    if !shape_ok {
        return Err(expected());
    }
    // The shape check above guarantees ASCII digits at these positions.
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'))
    };
    let (hours, minutes, seconds) = (number(0..2), number(3..5), number(6..8));
    if minutes > 59 {
        return Err(format!("minutes {minutes:02} in {text:?} are over 59"));
    }
    if seconds > 59 {
        return Err(format!("seconds {seconds:02} in {text:?} are over 59"));
    }
    let millis = (bytes.len() == 12).then(|| number(9..12));
    // Two digits each, so every part is below 100 and fits a u8.
    Ok(Timecode {
        hours: hours as u8,
        minutes: minutes as u8,
        seconds: seconds as u8,
        millis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples() {
        for text in [
            "00:00:00",
            "00:00:10",
            "00:00:05",
            "00:10:00",
            "00:30:00",
            "99:59:59.999",
            "00:00:00.000",
        ] {
            assert_eq!(text.parse::<Timecode>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejections() {
        for text in [
            "",
            "0:00:00",
            "00:00",
            "00:00:00.",
            "00:00:00.1",
            "00:00:00.1234",
            "00-00-00",
            "aa:bb:cc",
            "00:00:60",
            "００:00:00",
        ] {
            assert!(text.parse::<Timecode>().is_err(), "{text:?}");
        }
        let message = "00:61:00".parse::<Timecode>().unwrap_err().to_string();
        assert!(message.contains("minutes 61"), "{message}");
    }

    #[test]
    fn millis_round_trip() {
        for millis in [0, 999, 1000, 3_723_450, Timecode::MAX_MILLIS] {
            let t = Timecode::from_millis(millis).unwrap();
            assert_eq!(t.total_millis(), millis);
            assert_eq!(t.to_string().parse::<Timecode>().unwrap(), t);
        }
        assert!(Timecode::from_millis(Timecode::MAX_MILLIS + 1).is_err());
        assert!(Timecode::from_secs(u64::MAX).is_err());
    }
}
