//! Times: seconds become integer milliseconds exactly once, then everything is integer.

/// Largest time accepted, in milliseconds (2^53: every value is exact in an f64).
pub const MAX_MILLIS: u64 = 1 << 53;

/// Converts seconds to milliseconds, rounding once (`(s * 1000).round()`).
///
/// `None` for NaN, infinities, negative times and times past [`MAX_MILLIS`].
///
/// ```
/// use aliasr_transcript::millis_from_seconds;
/// assert_eq!(millis_from_seconds(2.84), Some(2840));
/// assert_eq!(millis_from_seconds(0.0005), Some(1));
/// assert_eq!(millis_from_seconds(-1.0), None);
/// ```
pub fn millis_from_seconds(seconds: f64) -> Option<u64> {
    let ms = (seconds * 1000.0).round();
    // -0.0004 s rounds to -0.0 ms, which is zero.
    if !ms.is_finite() || ms < 0.0 || ms > MAX_MILLIS as f64 {
        return None;
    }
    // In range and integral, so the cast is exact.
    Some(ms as u64)
}

/// Converts signed seconds (an offset) to milliseconds, rounding once.
pub fn signed_millis_from_seconds(seconds: f64) -> Option<i64> {
    let ms = (seconds * 1000.0).round();
    if !ms.is_finite() || ms.abs() > MAX_MILLIS as f64 {
        return None;
    }
    Some(ms as i64)
}

/// Appends `HH:MM:SS<sep>mmm`; hours take as many digits as they need (at least two).
pub(crate) fn push_timestamp(out: &mut String, ms: u64, separator: char) {
    let hours = ms / 3_600_000;
    let minutes = (ms / 60_000) % 60;
    let seconds = (ms / 1000) % 60;
    let millis = ms % 1000;
    if hours < 100 && separator.is_ascii() {
        // The usual case, formatted in place: writers spend most of their time here.
        let ascii = |d: u64| b'0' + (d % 10) as u8;
        let bytes = [
            ascii(hours / 10),
            ascii(hours),
            b':',
            ascii(minutes / 10),
            ascii(minutes),
            b':',
            ascii(seconds / 10),
            ascii(seconds),
            separator as u8,
            ascii(millis / 100),
            ascii(millis / 10),
            ascii(millis),
        ];
        // Every byte is an ASCII digit or ASCII punctuation, so this never fails.
        out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
        return;
    }
    if hours < 10 {
        out.push('0');
    }
    push_number(out, hours);
    out.push(':');
    push_two(out, minutes);
    out.push(':');
    push_two(out, seconds);
    out.push(separator);
    out.push(digit(millis / 100));
    out.push(digit(millis / 10 % 10));
    out.push(digit(millis % 10));
}

fn digit(d: u64) -> char {
    // d is a single decimal digit at every call site.
    char::from(b'0' + (d % 10) as u8)
}

fn push_two(out: &mut String, n: u64) {
    out.push(digit(n / 10));
    out.push(digit(n % 10));
}

pub(crate) fn push_number(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[at..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(ms: u64) -> String {
        let mut s = String::new();
        push_timestamp(&mut s, ms, ',');
        s
    }

    #[test]
    fn timestamps_are_exact_and_never_clamped() {
        assert_eq!(ts(0), "00:00:00,000");
        assert_eq!(ts(2840), "00:00:02,840");
        assert_eq!(ts(59_999), "00:00:59,999");
        assert_eq!(ts(60_000), "00:01:00,000");
        assert_eq!(ts(99 * 3_600_000 + 3_599_999), "99:59:59,999");
        assert_eq!(ts(100 * 3_600_000 + 1000), "100:00:01,000");
        assert_eq!(ts(MAX_MILLIS), "2501999792:59:00,992");
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_one() {
        for ms in (0..360_000_000u64)
            .step_by(999_983)
            .chain([359_999_999, 360_000_000])
        {
            let mut general = String::new();
            push_number(&mut general, ms / 3_600_000 + 1000);
            let general = format!(
                "{}:{:02}:{:02}.{:03}",
                &general[general.len() - 2..],
                (ms / 60_000) % 60,
                (ms / 1000) % 60,
                ms % 1000
            );
            let mut fast = String::new();
            push_timestamp(&mut fast, ms, '.');
            if ms < 360_000_000 {
                assert_eq!(fast, general, "{ms}");
            } else {
                assert_eq!(fast, "100:00:00.000");
            }
        }
    }

    #[test]
    fn rounding_happens_once() {
        assert_eq!(millis_from_seconds(9.12), Some(9120));
        assert_eq!(millis_from_seconds(-0.0004), Some(0));
        assert_eq!(millis_from_seconds(f64::NAN), None);
        assert_eq!(signed_millis_from_seconds(-1.5), Some(-1500));
    }
}
