//! Percent-encoding: the RFC 3986 form every signature uses, the `+`-for-space form the official SDK puts
//! on the wire, and the lenient decoder the verifier reads both with.
//!
//! The encoders are table driven and write through a [`Cursor`] sized once for the worst case, because
//! the signing path encodes every parameter twice (string to sign and wire) and is benchmarked against
//! a bare HMAC: each input byte costs one table load and one fixed-width store, with no branch on the
//! byte's class, and runs of eight unreserved bytes are copied whole.

mod cursor;

pub(crate) use cursor::{Cursor, Style, encode_both, encode_into};

/// Bytes RFC 3986 leaves unescaped: `A-Z a-z 0-9 - _ . ~` (Python `quote(s, safe='~')`).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        b += 1;
    }
    table
};

/// Whether `byte` is one of the RFC 3986 unreserved characters that stay unescaped.
pub fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// Turns a buffer this module filled back into a `String`.
///
/// Invariant: every encoder here writes ASCII only, and callers append only `&str` data besides, so the
/// conversion cannot fail; the lossy fallback exists only so that no panic path is needed.
pub(crate) fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// RFC 3986 percent-encoding as every Alibaba Cloud signature uses it: UTF-8, upper-case hex, only
/// `A-Z a-z 0-9 - _ . ~` left as they are (space → `%20`, `*` → `%2A`, `+` → `%2B`, `/` → `%2F`).
///
/// ```
/// assert_eq!(aliasr_sign::percent_encode("a b*c~/会"), "a%20b%2Ac~%2F%E4%BC%9A");
/// ```
pub fn percent_encode(input: &str) -> String {
    let mut out = Cursor::with_capacity(input.len() * 3);
    out.encode(input.as_bytes(), Style::Rfc3986);
    into_string(out.into_vec())
}

/// The wire form the official SDK builds URLs and form bodies with (`urlencode`/`quote_plus`): like
/// [`percent_encode`] but space → `+`. Servers decode `+` and `%20` alike.
///
/// ```
/// assert_eq!(aliasr_sign::form_urlencode("a b+c*"), "a+b%2Bc%2A");
/// ```
pub fn form_urlencode(input: &str) -> String {
    let mut out = Cursor::with_capacity(input.len() * 3);
    out.encode(input.as_bytes(), Style::FormUrlencoded);
    into_string(out.into_vec())
}

/// Why a percent-encoded component could not be decoded, and at which byte of the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DecodeFailure {
    pub(crate) offset: usize,
    pub(crate) reason: &'static str,
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte (either hex
/// case), anything else stands for itself. The result must be UTF-8.
pub(crate) fn decode_component(input: &[u8]) -> Result<String, DecodeFailure> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_value);
                let lo = input.get(i + 2).copied().and_then(hex_value);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => {
                        return Err(DecodeFailure {
                            offset: i,
                            reason: "`%` not followed by two hex digits",
                        });
                    }
                }
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| DecodeFailure {
        offset: 0,
        reason: "decoded bytes are not UTF-8",
    })
}

/// Splits an `application/x-www-form-urlencoded` string (a URL query or a form body) into decoded
/// pairs, in order. Empty segments (`a=1&&b=2`) are skipped; a segment without `=` is a key with an
/// empty value. Offsets in failures are relative to `input`.
pub(crate) fn parse_pairs(input: &[u8]) -> Result<Vec<(String, String)>, DecodeFailure> {
    let mut pairs = Vec::new();
    let mut segment_start = 0;
    for segment in input.split(|&b| b == b'&') {
        if !segment.is_empty() {
            let (raw_key, raw_value, value_start) = match segment.iter().position(|&b| b == b'=') {
                Some(eq) => (&segment[..eq], &segment[eq + 1..], eq + 1),
                None => (segment, &segment[segment.len()..], segment.len()),
            };
            let key = decode_component(raw_key).map_err(|f| DecodeFailure {
                offset: segment_start + f.offset,
                reason: f.reason,
            })?;
            let value = decode_component(raw_value).map_err(|f| DecodeFailure {
                offset: segment_start + value_start + f.offset,
                reason: f.reason,
            })?;
            pairs.push((key, value));
        }
        segment_start += segment.len() + 1;
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_sdk_quote() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode(" *+/%=&:"), "%20%2A%2B%2F%25%3D%26%3A");
        assert_eq!(percent_encode("会"), "%E4%BC%9A");
        assert_eq!(form_urlencode(" *+~"), "+%2A%2B~");
    }

    #[test]
    fn encoding_both_equals_encoding_each() {
        let input = "abcdefgh ijklmnop/会~%*+ and a long unreserved run 0123456789";
        let (mut a, mut b) = (Cursor::with_capacity(0), Cursor::with_capacity(3));
        a.push(b"x");
        encode_both(
            &mut a,
            Style::Rfc3986Twice,
            &mut b,
            Style::FormUrlencoded,
            input.as_bytes(),
        );
        assert_eq!(
            into_string(a.into_vec()),
            format!("x{}", percent_encode(&percent_encode(input)))
        );
        assert_eq!(into_string(b.into_vec()), form_urlencode(input));
    }

    #[test]
    fn double_encoding_equals_encoding_twice() {
        let input = "a b/会~%";
        let mut once = Vec::new();
        encode_into(&mut once, input.as_bytes(), Style::Rfc3986Twice);
        assert_eq!(into_string(once), percent_encode(&percent_encode(input)));
    }

    /// The obvious per-byte encoder, to check the table-and-SWAR one against.
    fn naive(input: &str, style: Style) -> String {
        input
            .bytes()
            .map(|b| match style {
                _ if is_unreserved(b) => char::from(b).to_string(),
                Style::FormUrlencoded if b == b' ' => "+".to_owned(),
                Style::Rfc3986Twice => format!("%25{b:02X}"),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    #[test]
    fn kernel_matches_the_naive_encoder() {
        let inputs = [
            "",
            "a",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            " leading space and a long unreserved run: 0123456789abcdefABCDEF-_.~",
            "{\"HotwordLibraryIdList\":[\"hwl-3a9c2e8f1b\"],\"SentenceMaxLength\":20}",
            "会议 录音~v1*final+x.mp4 会议会议会议会议",
            "\u{0}\u{7f}\u{80}\u{ff}@[`{/:?#",
        ];
        for input in inputs {
            for style in [Style::Rfc3986, Style::Rfc3986Twice, Style::FormUrlencoded] {
                let mut out = b"prefix".to_vec();
                encode_into(&mut out, input.as_bytes(), style);
                assert_eq!(
                    into_string(out),
                    format!("prefix{}", naive(input, style)),
                    "{input:?}"
                );
            }
        }
    }

    #[test]
    fn decodes_plus_and_percent_20_alike() {
        assert_eq!(decode_component(b"a+b%20c%2b").unwrap(), "a b c+");
        assert_eq!(decode_component(b"%e4%BC%9a").unwrap(), "会");
        assert_eq!(decode_component(b"%4").unwrap_err().offset, 0);
        assert_eq!(decode_component(b"ab%zz").unwrap_err().offset, 2);
        assert!(decode_component(b"%FF").is_err());
    }

    #[test]
    fn parses_pairs_with_offsets() {
        let pairs = parse_pairs(b"a=1&&b&c=x+y&d=").unwrap();
        let expected = [("a", "1"), ("b", ""), ("c", "x y"), ("d", "")];
        assert_eq!(pairs.len(), expected.len());
        for ((k, v), (ek, ev)) in pairs.iter().zip(expected) {
            assert_eq!((k.as_str(), v.as_str()), (ek, ev));
        }
        assert_eq!(parse_pairs(b"a=1&bb=%g1").unwrap_err().offset, 7);
    }
}
