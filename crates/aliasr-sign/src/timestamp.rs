//! The one timestamp format both signature versions use: `YYYY-MM-DDThh:mm:ssZ` (UTC, whole seconds).

use std::fmt;

/// A request timestamp (`Timestamp` in V1, `x-acs-date` in V3), kept exactly as sent and parsed to
/// Unix seconds so a server can apply its own clock-skew policy.
///
/// ```
/// use aliasr_sign::Timestamp;
/// let t = Timestamp::parse("2024-06-01T12:34:56Z").unwrap();
/// assert_eq!(t.unix_seconds(), 1_717_245_296);
/// assert_eq!(t.as_str(), "2024-06-01T12:34:56Z");
/// assert!(Timestamp::parse("2024-06-01 12:34:56").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    unix_seconds: i64,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDThh:mm:ssZ` strictly (the format the official SDKs send); `None` otherwise.
    pub fn parse(text: &str) -> Option<Self> {
        unix_seconds(text).map(|unix_seconds| Self {
            text: text.to_owned(),
            unix_seconds,
        })
    }

    /// The timestamp exactly as it was sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Unix seconds of a strict `YYYY-MM-DDThh:mm:ssZ` text, without allocating.
pub(crate) fn unix_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    // 60 allows a leap second, which UTC formatters may produce.
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0_i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2016-02-23T12:46:24Z", 1_456_231_584),
            ("2000-02-29T23:59:59Z", 951_868_799),
            ("0000-03-01T00:00:00Z", -62_162_035_200),
        ];
        for (text, secs) in cases {
            assert_eq!(
                Timestamp::parse(text).unwrap().unix_seconds(),
                secs,
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_near_misses() {
        for text in [
            "2024-06-01T12:34:56",
            "2024-06-01T12:34:56z",
            "2024-06-01T12:34:56.000Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-06-00T00:00:00Z",
            "2024-06-01T24:00:00Z",
            "2024-0a-01T00:00:00Z",
            "+024-06-01T00:00:00Z",
            "２０２４-06-01T00:00Z",
        ] {
            assert!(Timestamp::parse(text).is_none(), "{text}");
        }
    }
}
