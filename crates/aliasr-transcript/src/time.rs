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
    let ms = seconds * 1000.0;
    if !ms.is_finite() {
        return None;
    }
    if ms < 0.0 {
        // -0.0004 s rounds to -0.0 ms, which is zero; from -0.0005 s on, below zero.
        return (ms > -0.5).then_some(0);
    }
    let rounded = round_non_negative(ms);
    (rounded <= MAX_MILLIS).then_some(rounded)
}

/// `x.round() as u64` for a finite `x >= 0` (halves away from zero), in integer steps: every
/// segment's two times go through it, and `f64::round` is a call into the C library on the
/// baseline x86-64 target.
fn round_non_negative(x: f64) -> u64 {
    // Truncation is the floor here. Below 2^52 the fraction `x - floor` is exact (the two are
    // within a factor of two, or the floor is zero); from 2^52 on, `x` is an integer.
    let floor = x as u64;
    let fraction = x - floor as f64;
    floor.saturating_add(u64::from(fraction >= 0.5))
}

/// `x.ceil() as u64` for any `x` (the cast saturates: NaN and negatives give 0), in integer
/// steps: every cue's reading time goes through it, and `f64::ceil` is a call into the C library
/// on the baseline x86-64 target.
pub(crate) fn ceil_to_u64(x: f64) -> u64 {
    // Truncation, then one up when something was cut off. Below 2^53 the floor converts back
    // exactly; from there on `x` is an integer and converts back to itself.
    let truncated = x as u64;
    truncated.saturating_add(u64::from((truncated as f64) < x))
}

/// Converts signed seconds (an offset) to milliseconds, rounding once.
pub fn signed_millis_from_seconds(seconds: f64) -> Option<i64> {
    let ms = (seconds * 1000.0).round();
    if !ms.is_finite() || ms.abs() > MAX_MILLIS as f64 {
        return None;
    }
    Some(ms as i64)
}

/// `000` to `999`, three ASCII digits each: numbers are written from it a group at a time, as
/// `str` slices (a `str` built from digits needs no check at run time).
const DIGITS: &str = {
    const BYTES: [u8; 3000] = {
        let mut bytes = [0u8; 3000];
        let mut n = 0;
        while n < 1000 {
            bytes[n * 3] = b'0' + (n / 100) as u8;
            bytes[n * 3 + 1] = b'0' + (n / 10 % 10) as u8;
            bytes[n * 3 + 2] = b'0' + (n % 10) as u8;
            n += 1;
        }
        bytes
    };
    ascii_table(&BYTES)
};

/// `n % 1000` as three digits.
fn three_digits(n: u64) -> &'static str {
    let at = (n % 1000) as usize * 3;
    &DIGITS[at..at + 3]
}

/// `00:00` to `59:59`, every minute and second of an hour as `MM:SS`, five bytes each: the
/// middle of every timestamp is one copy of known length from it.
static MINUTES_SECONDS: &str = {
    static BYTES: [u8; 3600 * 5] = {
        let mut bytes = [0u8; 3600 * 5];
        let mut n = 0;
        while n < 3600 {
            let (minutes, seconds) = (n / 60, n % 60);
            bytes[n * 5] = b'0' + (minutes / 10) as u8;
            bytes[n * 5 + 1] = b'0' + (minutes % 10) as u8;
            bytes[n * 5 + 2] = b':';
            bytes[n * 5 + 3] = b'0' + (seconds / 10) as u8;
            bytes[n * 5 + 4] = b'0' + (seconds % 10) as u8;
            n += 1;
        }
        bytes
    };
    ascii_table(&BYTES)
};

/// A table of ASCII digits and colons as a `str`, checked once when the crate is compiled.
const fn ascii_table(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(table) => table,
        // Not reachable: the tables hold ASCII only (and tests read every entry of both).
        Err(_) => "",
    }
}

/// Appends `HH:MM:SS<sep>mmm`; hours take as many digits as they need (at least two).
pub(crate) fn push_timestamp(out: &mut String, ms: u64, separator: char) {
    let hours = ms / 3_600_000;
    if hours < 100 {
        let at = hours as usize * 3 + 1;
        out.push_str(&DIGITS[at..at + 2]);
    } else {
        push_number(out, hours);
    }
    out.push(':');
    let at = (ms / 1000 % 3600) as usize * 5;
    out.push_str(&MINUTES_SECONDS[at..at + 5]);
    out.push(separator);
    out.push_str(three_digits(ms));
}

/// Appends the last `count` decimal digits of `n`, a character at a time: an ASCII `char`
/// is one byte pushed, where a `str` of two or three bytes is a copy of unknown length.
fn push_digits(out: &mut String, n: u64, count: u32) {
    for place in (0..count).rev() {
        let digit = (n / 10u64.pow(place) % 10) as u8;
        out.push(char::from(b'0' + digit));
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_number(out: &mut String, n: u64) {
    if n >= 1000 {
        push_number(out, n / 1000);
        out.push_str(three_digits(n));
        return;
    }
    // Each length its own push: a slice of the table of variable length is a copy call.
    match n {
        0..=9 => push_digits(out, n, 1),
        10..=99 => push_digits(out, n, 2),
        _ => out.push_str(three_digits(n)),
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
    fn numbers_and_timestamps_agree_with_std_formatting() {
        for n in (0..2_000_000u64).chain([u64::MAX, 1_000_000_000_000, 999_999_999_999]) {
            let mut ours = String::new();
            push_number(&mut ours, n);
            assert_eq!(ours, n.to_string());
        }
        // Every second of an hour (each entry of the minutes-and-seconds table), then times of
        // every magnitude.
        for ms in (0..3600u64)
            .map(|second| second * 1000 + second % 1000)
            .chain((0..400_000_000u64).step_by(999_983))
            .chain([359_999_999, 360_000_000])
        {
            let expected = format!(
                "{:02}:{:02}:{:02}.{:03}",
                ms / 3_600_000,
                (ms / 60_000) % 60,
                (ms / 1000) % 60,
                ms % 1000
            );
            let mut ours = String::new();
            push_timestamp(&mut ours, ms, '.');
            assert_eq!(ours, expected, "{ms}");
        }
    }

    /// Doubles of every magnitude (the non-finite ones too), with the halves and their neighbours,
    /// as `f64::round` and `f64::ceil` see them.
    fn doubles() -> impl proptest::strategy::Strategy<Value = f64> {
        use proptest::prelude::*;
        prop_oneof![
            any::<u64>().prop_map(f64::from_bits),
            (0u64..1 << 54).prop_map(|n| n as f64 / 2.0),
            (0u64..1 << 54).prop_map(|n| f64::from_bits((n as f64 + 0.5).to_bits() - 1)),
            (0u64..1 << 54).prop_map(|n| f64::from_bits((n as f64 + 0.5).to_bits() + 1)),
            (0.0f64..4.0),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::NAN),
            Just(-0.0),
            Just(0.5),
            Just(0.49999999999999994),
            Just(4503599627370495.5),
            Just(9007199254740992.0),
            Just(18446744073709551615.0),
        ]
    }

    proptest::proptest! {
        #[test]
        fn integer_rounding_is_the_standard_rounding(x in doubles()) {
            proptest::prop_assert_eq!(ceil_to_u64(x), x.ceil() as u64, "{:e}", x);
            if x.is_finite() && x >= 0.0 {
                proptest::prop_assert_eq!(round_non_negative(x), x.round() as u64, "{:e}", x);
            }
            // The definition this module had before: round, then check the range.
            let by_std = |seconds: f64| {
                let ms = (seconds * 1000.0).round();
                (ms.is_finite() && ms >= 0.0 && ms <= MAX_MILLIS as f64).then_some(ms as u64)
            };
            for seconds in [x, -x, x / 1000.0, -x / 1000.0] {
                proptest::prop_assert_eq!(millis_from_seconds(seconds), by_std(seconds), "{:e}", seconds);
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
