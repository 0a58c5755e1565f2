//! A fast path for the usual segment array: objects with exactly the keys `content`, `from`
//! and `to`, strings without escapes and times written as plain decimals, such as
//! `[{"content":"你好","from":1.5,"to":2.25}]`.
//!
//! Anything else (an escape, another key, an exponent, a negative number, any error at all)
//! gives `None`, and the general reader in [`super::segments`], which names what is wrong,
//! reads the input instead. What this path accepts, the general reader reads to the same
//! segments, bit for bit; a proptest holds the two to that.

use aliasr_models::Segment;

use crate::SegmentList;

use super::segments::{MAX_CONTENT_BYTES, MAX_SECONDS};

/// `10^k` for `k` in `0..=22`: every one is exact in an `f64`.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Bytes of the shortest element the fast path reads, with the comma after it.
const SHORTEST_ELEMENT: usize = r#"{"content":"","from":0,"to":0},"#.len();

/// Largest significand taken: up to 2^53 every integer is exact in an `f64`.
const MAX_EXACT_SIGNIFICAND: u64 = 1 << 53;

/// The segments of `text` when it is a plain segment array, else `None`.
pub(super) fn read_plain_array(text: &str) -> Option<SegmentList> {
    let mut reader = Reader { text, at: 0 };
    reader.expect(b'[')?;
    // No element is shorter than `{"content":"","from":0,"to":0}`: room for that many never
    // grows (and copies) the vector, and room that is never written is never touched.
    // The texts take less room than the input that holds them.
    let mut segments = SegmentList::with_capacity(text.len() / SHORTEST_ELEMENT + 1, text.len());
    if reader.peek() == Some(b']') {
        reader.at += 1;
    } else {
        loop {
            let (content, from, to) = reader.segment()?;
            segments.push(content, from, to);
            match reader.next_token()? {
                b',' => {}
                b']' => break,
                _ => return None,
            }
        }
    }
    reader.skip_whitespace();
    (reader.at == text.len()).then_some(segments)
}

/// Where the first `"`, `\\` or control character of `bytes` is, the bytes a JSON string
/// cannot hold as they are: where the reader's plain string ends, and what the JSON writer
/// escapes. Eight bytes at a time, as most of an input is the text inside its strings. Inlined
/// as it was before the writer shared it: the reader calls it for every string it reads.
#[inline]
pub(crate) fn first_json_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether a byte of `word` is zero (exact as a yes or no; not which byte).
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let is_special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        // A byte below 0x20 is one that subtracting 0x20 borrows from, without its top bit.
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
        if has_zero(word ^ (ONES * u64::from(b'"')))
            || has_zero(word ^ (ONES * u64::from(b'\\')))
            || below_space
        {
            return chunk
                .iter()
                .position(|&b| is_special(b))
                .map(|i| offset + i);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| is_special(b))
        .map(|i| offset + i)
}

/// The keys the fast path takes.
#[derive(Clone, Copy)]
enum Key {
    Content,
    From,
    To,
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of the next unread byte.
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, without taking it.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes().get(self.at).copied()
    }

    /// Takes the next byte after whitespace.
    fn next_token(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next_token()? == wanted).then_some(())
    }

    /// One `{"content": …, "from": …, "to": …}` object, its keys in any order, each once.
    fn segment(&mut self) -> Option<(&'a str, f64, f64)> {
        self.skip_whitespace();
        let start = self.at;
        let (content, from, to) = match self.compact_fields() {
            Some(fields) => fields,
            None => {
                self.at = start;
                self.any_order_fields()?
            }
        };
        if content.len() > MAX_CONTENT_BYTES || from > MAX_SECONDS || to > MAX_SECONDS {
            return None;
        }
        Segment::check_time_range(from, to).ok()?;
        Some((content, from, to))
    }

    /// The object written as the service and most tools write it:
    /// `{"content":"…","from":…,"to":…}`, keys in that order, no whitespace. Four fixed runs of
    /// bytes to compare instead of ten tokens and three keys to look up.
    fn compact_fields(&mut self) -> Option<(&'a str, f64, f64)> {
        self.literal(b"{\"content\":\"")?;
        let content = self.plain_string()?;
        self.literal(b",\"from\":")?;
        let from = self.plain_decimal()?;
        self.literal(b",\"to\":")?;
        let to = self.plain_decimal()?;
        self.literal(b"}")?;
        Some((content, from, to))
    }

    /// Takes `bytes` when the input goes on with them.
    fn literal(&mut self, bytes: &[u8]) -> Option<()> {
        let found = self.bytes().get(self.at..)?.starts_with(bytes);
        found.then(|| self.at += bytes.len())
    }

    /// [`Reader::segment`]'s fields in any order and with any whitespace (not yet checked).
    fn any_order_fields(&mut self) -> Option<(&'a str, f64, f64)> {
        self.expect(b'{')?;
        let (mut content, mut from, mut to) = (None, None, None);
        loop {
            self.expect(b'"')?;
            let key = self.key()?;
            self.expect(b':')?;
            self.skip_whitespace();
            match key {
                Key::Content if content.is_none() => {
                    self.expect(b'"')?;
                    content = Some(self.plain_string()?);
                }
                Key::From if from.is_none() => from = Some(self.plain_decimal()?),
                Key::To if to.is_none() => to = Some(self.plain_decimal()?),
                _ => return None,
            }
            match self.next_token()? {
                b',' => {}
                b'}' => break,
                _ => return None,
            }
        }
        Some((content?, from?, to?))
    }

    /// The rest of a key whose opening quote was taken, when it is one of the three.
    fn key(&mut self) -> Option<Key> {
        let rest = &self.bytes()[self.at..];
        let (key, length) = if rest.starts_with(b"content\"") {
            (Key::Content, 8)
        } else if rest.starts_with(b"from\"") {
            (Key::From, 5)
        } else if rest.starts_with(b"to\"") {
            (Key::To, 3)
        } else {
            return None;
        };
        self.at += length;
        Some(key)
    }

    /// The rest of a string whose opening quote was taken, when it holds no escape and no
    /// control character (which JSON does not allow unescaped).
    fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.at;
        let end = start + first_json_special(&self.bytes()[start..])?;
        if self.bytes()[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        // Both ends are ASCII bytes of a `str`, so they are character boundaries.
        self.text.get(start..end)
    }

    /// A non-negative number written `123` or `123.456`, with at most 22 digits after the
    /// point and a significand of at most 2^53. Such a number is the significand divided by a
    /// power of ten, both exact, in one correctly rounded division: the same `f64` any
    /// correct JSON reader gives.
    fn plain_decimal(&mut self) -> Option<f64> {
        let bytes = &self.text.as_bytes()[self.at..];
        // Appends the digits from `bytes[at..]` to the significand; where they end, or `None`
        // when it grows too large. Local indices: the reader's position is set once, at the end.
        let digits = |mut at: usize, significand: &mut u64| -> Option<usize> {
            while let Some(&b) = bytes.get(at) {
                let digit = b.wrapping_sub(b'0');
                if digit > 9 {
                    break;
                }
                // Past this the significand could overflow, and it is far past 2^53 anyway.
                if *significand > (u64::MAX - 9) / 10 {
                    return None;
                }
                *significand = *significand * 10 + u64::from(digit);
                at += 1;
            }
            Some(at)
        };
        let mut significand = 0u64;
        let integer_end = digits(0, &mut significand)?;
        // JSON has no leading zeros ("01") and no empty integer part (".5").
        if integer_end == 0 || (integer_end > 1 && bytes[0] == b'0') {
            return None;
        }
        let mut end = integer_end;
        let mut fraction_digits = 0;
        if bytes.get(end) == Some(&b'.') {
            end = digits(end + 1, &mut significand)?;
            fraction_digits = end - integer_end - 1;
            if fraction_digits == 0 {
                return None;
            }
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            return None;
        }
        self.at += end;
        if significand > MAX_EXACT_SIGNIFICAND {
            return None;
        }
        let power = POWERS_OF_TEN.get(fraction_digits)?;
        // Exact: the significand is at most 2^53.
        Some(significand as f64 / power)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::segments::parse_array_in_general;

    fn same(a: &[Segment], b: &[Segment]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.content == y.content
                    && x.from.to_bits() == y.from.to_bits()
                    && x.to.to_bits() == y.to.to_bits()
            })
    }

    #[test]
    fn reads_the_usual_array_and_leaves_everything_else() {
        let read = read_plain_array(
            " [ {\"content\" : \"你好 world\", \"from\":0.5,\"to\":12}, {\"to\":3.25,\"from\":3,\"content\":\"x\"} ]\n",
        );
        let expected = [
            Segment::new("你好 world", 0.5, 12.0).unwrap(),
            Segment::new("x", 3.0, 3.25).unwrap(),
        ];
        assert!(read.is_some_and(|r| same(&r.to_vec(), &expected)));
        assert!(read_plain_array("[]").is_some_and(|r| r.is_empty()));
        for other in [
            r#"[{"content":"a\"b","from":0,"to":1}]"#,
            r#"[{"content":"a","from":1e0,"to":2}]"#,
            r#"[{"content":"a","from":-0.0,"to":1}]"#,
            r#"[{"content":"a","from":01,"to":2}]"#,
            r#"[{"content":"a","from":.5,"to":2}]"#,
            r#"[{"content":"a","from":1.,"to":2}]"#,
            r#"[{"content":"a","from":0,"to":1,"speaker":1}]"#,
            r#"[{"content":"a","from":0,"to":1,"to":2}]"#,
            r#"[{"content":"a","from":0}]"#,
            r#"[{"content":"a","from":2,"to":1}]"#,
            r#"[{"content":"a","from":0,"to":1},]"#,
            r#"[{"content":"a","from":0,"to":1}] x"#,
            r#"[{"content":"a","from":0.12345678901234567890123,"to":1}]"#,
            r#"[{"content":"a","from":9007199254740993,"to":9007199254740994}]"#,
            "[{\"content\":\"a\tb\",\"from\":0,\"to\":1}]",
            r#"{"content":"a","from":0,"to":1}"#,
        ] {
            assert!(read_plain_array(other).is_none(), "{other}");
        }
    }

    #[test]
    fn json_specials_are_found_in_any_lane() {
        for special in [b'"', b'\\', b'\n', 0x00, 0x1F] {
            for at in 0..20 {
                for len in at + 1..24 {
                    let mut bytes = vec![b'a'; len];
                    // Bytes next to the special one that a sloppy lane test would take for it.
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = [b'a', 0x20, 0x7F, 0x80, 0xFF, b'#', b'!'][i % 7];
                    }
                    bytes[at] = special;
                    assert_eq!(
                        first_json_special(&bytes),
                        Some(at),
                        "{special} at {at} of {len}"
                    );
                }
            }
        }
        assert_eq!(
            first_json_special("plain text, 你好 and more".as_bytes()),
            None
        );
    }

    /// A number as JSON may write it (mostly a plain decimal; also a long fraction, a big
    /// significand, an exponent, a sign or a leading zero), with its value for ordering.
    fn number() -> impl proptest::strategy::Strategy<Value = (String, f64)> {
        use proptest::prelude::*;
        let decimal = |n: u64, scale: usize| {
            let digits = format!("{n:0width$}", width = scale + 1);
            let (int, frac) = digits.split_at(digits.len() - scale);
            if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            }
        };
        prop_oneof![
            8 => (0u64..10_000_000, 0usize..=6).prop_map(move |(n, s)| decimal(n, s)),
            1 => (0u64..10_000_000, 18usize..=25).prop_map(move |(n, s)| decimal(n, s)),
            1 => (0u64..u64::MAX).prop_map(|n| format!("{n}.5")),
            1 => (MAX_EXACT_SIGNIFICAND - 50..MAX_EXACT_SIGNIFICAND * 5, 0usize..=6)
                .prop_map(move |(n, s)| decimal(n, s)),
            1 => (0.0f64..1e6).prop_map(|x| format!("{x:e}")),
            1 => (0.0f64..1e6).prop_map(|x| format!("-{x}")),
            1 => Just("00".to_string()),
        ]
        .prop_map(|text| {
            let value = text.parse::<f64>().unwrap_or(0.0);
            (text, value)
        })
    }

    /// Whether the fast path must read `number`: a plain decimal with an exact significand.
    fn plain_number(number: &str) -> bool {
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        !int.is_empty()
            && (int == "0" || !int.starts_with('0'))
            && number.contains('.') != frac.is_empty()
            && frac.len() <= 22
            && format!("{int}{frac}").bytes().all(|b| b.is_ascii_digit())
            && format!("{int}{frac}")
                .parse::<u64>()
                .is_ok_and(|s| s <= MAX_EXACT_SIGNIFICAND)
    }

    proptest::proptest! {
        /// Whatever the fast path reads, the general reader reads the same, bit for bit; and
        /// it reads exactly the arrays of plain strings and plain decimals.
        #[test]
        fn reads_what_the_general_reader_reads(
            elements in proptest::collection::vec(
                (
                    "[a-z你好 ,.]{0,12}",
                    proptest::sample::select(vec!["", "", "", "", "", "", "", "\"", "\\", "\t"]),
                    number(),
                    number(),
                    proptest::bool::weighted(0.1),
                    proptest::option::weighted(0.3, 0usize..3),
                ),
                0..6,
            ),
            spaced in proptest::bool::ANY,
        ) {
            let space = if spaced { " \n" } else { "" };
            let mut plain_input = true;
            let objects: Vec<String> = elements
                .iter()
                .map(|(text, escaped, a, b, keep_order, extra)| {
                    let content = format!("{text}{escaped}");
                    let content_json = serde_json::to_string(&content).unwrap_or_default();
                    // Mostly in time order; sometimes as drawn, so that `to` may come first.
                    let ((from, from_value), (to, to_value)) = if *keep_order || a.1 <= b.1 {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    };
                    let mut fields = vec![
                        format!("\"content\"{space}:{space}{content_json}"),
                        format!("\"from\":{from}"),
                        format!("\"to\":{space}{to}"),
                    ];
                    match extra {
                        Some(0) => fields.reverse(),
                        Some(1) => fields.push("\"speaker\":1".into()),
                        Some(_) => fields.push(fields[0].clone()),
                        None => {}
                    }
                    plain_input &= escaped.is_empty()
                        && plain_number(&from)
                        && plain_number(&to)
                        && from_value <= to_value
                        && extra.is_none_or(|e| e == 0);
                    format!("{{{space}{}{space}}}", fields.join(&format!(",{space}")))
                })
                .collect();
            let text = format!("{space}[{}]{space}", objects.join(","));
            let fast = read_plain_array(&text);
            if let Some(fast) = &fast {
                let general = parse_array_in_general(&text, "segments");
                proptest::prop_assert!(
                    general.as_ref().is_ok_and(|general| same(&fast.to_vec(), general)),
                    "{text}: {general:?}"
                );
            }
            proptest::prop_assert_eq!(fast.is_some(), plain_input, "{}", text);
        }
    }
}
