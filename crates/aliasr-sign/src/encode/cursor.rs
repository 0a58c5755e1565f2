//! The encoding kernel. The signer encodes every parameter twice (string to sign and wire form) and
//! is benchmarked against a bare HMAC, so:
//! - output goes through a [`Cursor`] sized once for the worst case, with a window of slack, so
//!   every store can be a whole `u64` without a capacity check per byte;
//! - eight input bytes at a time are classified with SWAR arithmetic, and the leading run of
//!   unreserved bytes (identifiers, dates, hex nonces, words inside JSON) is copied in one store;
//! - every other byte costs one table load and one store, with no branch on what the byte is.

use super::UNRESERVED;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// How an encoder spells one byte.
#[derive(Clone, Copy)]
pub(crate) enum Style {
    /// RFC 3986: everything but the unreserved set becomes `%XX` (upper-case hex); space is `%20`.
    Rfc3986,
    /// RFC 3986 applied twice in one pass: `%` itself becomes `%25`, so `é` → `%25C3%25A9`.
    /// This is how V1 parameters look inside the string to sign.
    Rfc3986Twice,
    /// The SDK's wire form (`urllib.parse.quote_plus(safe='~')`): as RFC 3986, but space is `+`.
    FormUrlencoded,
}

/// The longest spelling of one byte in any style (`%25XX`).
const WIDEST: usize = 5;

/// One style's spelling of every byte, packed in a little-endian `u64`: the spelled bytes first
/// (at most five), the spelling's length in the top byte.
type Table = [u64; 256];

const fn build_table(style: Style) -> Table {
    let mut table = [0_u64; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let hi = HEX_UPPER[(b >> 4) as usize];
        let lo = HEX_UPPER[(b & 0x0f) as usize];
        let (bytes, len): ([u8; 8], u8) = if UNRESERVED[i] {
            ([b, 0, 0, 0, 0, 0, 0, 0], 1)
        } else {
            match style {
                Style::Rfc3986 => ([b'%', hi, lo, 0, 0, 0, 0, 0], 3),
                Style::Rfc3986Twice => ([b'%', b'2', b'5', hi, lo, 0, 0, 0], 5),
                Style::FormUrlencoded if b == b' ' => ([b'+', 0, 0, 0, 0, 0, 0, 0], 1),
                Style::FormUrlencoded => ([b'%', hi, lo, 0, 0, 0, 0, 0], 3),
            }
        };
        table[i] = u64::from_le_bytes(bytes) | (len as u64) << 56;
        i += 1;
    }
    table
}

static RFC3986: Table = build_table(Style::Rfc3986);
static RFC3986_TWICE: Table = build_table(Style::Rfc3986Twice);
static FORM_URLENCODED: Table = build_table(Style::FormUrlencoded);

fn table(style: Style) -> &'static Table {
    match style {
        Style::Rfc3986 => &RFC3986,
        Style::Rfc3986Twice => &RFC3986_TWICE,
        Style::FormUrlencoded => &FORM_URLENCODED,
    }
}

const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

const HIGH_BITS: u64 = splat(0x80);

/// For eight bytes in a little-endian word: the high bit of each byte lane that must be escaped.
///
/// Works on the low seven bits of each lane, where adding at most `0x80` cannot carry into the next
/// lane: `x + (0x80 - lo)` has its high bit set iff `x >= lo`, `x + (0x7f - hi)` iff `x > hi`, and
/// `(x ^ c) + 0x7f` iff `x != c`. Bytes with the high bit set (UTF-8 beyond ASCII) always escape.
fn escape_lanes(word: u64) -> u64 {
    let ascii = word & !HIGH_BITS;
    let at_least = |lo: u8| (ascii + splat(0x80 - lo)) & HIGH_BITS;
    let above = |hi: u8| (ascii + splat(0x7f - hi)) & HIGH_BITS;
    let equals = |c: u8| !((ascii ^ splat(c)) + splat(0x7f)) & HIGH_BITS;
    let digit = at_least(b'0') & !above(b'9');
    // `| 0x20` folds A-Z onto a-z and moves no other 7-bit value into a-z.
    let folded = ascii | splat(0x20);
    let letter = ((folded + splat(0x80 - b'a')) & !(folded + splat(0x7f - b'z'))) & HIGH_BITS;
    let mark = equals(b'-') | equals(b'.') | equals(b'_') | equals(b'~');
    let unreserved = (digit | letter | mark) & !(word & HIGH_BITS);
    !unreserved & HIGH_BITS
}

/// Output room each eight-byte word may touch: at most 40 bytes of spellings, and every store
/// writes a whole `u64`. With offsets masked to 0..=63 inside a window of this size, the compiler can
/// see that no store leaves the window, so the inner loop carries no bounds checks.
const WINDOW: usize = 72;

/// Stores the eight bytes of `value` at `offset` (< 41 in practice; masked so the bound is evident).
#[inline(always)]
fn put(window: &mut [u8; WINDOW], offset: usize, value: u64) {
    let offset = offset & 63;
    window[offset..offset + 8].copy_from_slice(&value.to_le_bytes());
}

/// Writes the encoding of the first `len` bytes of `word` (whose escape lanes are `escape`) at the
/// start of `window`; returns how many bytes it wrote.
#[inline(always)]
fn encode_word(
    window: &mut [u8; WINDOW],
    table: &Table,
    word: u64,
    escape: u64,
    len: usize,
) -> usize {
    let spell = |window: &mut [u8; WINDOW], at: usize, byte: u64| {
        let packed = table[(byte & 0xff) as usize];
        put(window, at, packed);
        at + (packed >> 56) as usize
    };
    if escape == 0 {
        put(window, 0, word);
        return len;
    }
    let mut at = 0;
    // The number of escape lanes, without POPCNT (not in the x86-64 baseline): the lane flags
    // shifted to bit 0 of each byte, summed into the top byte by one multiplication.
    let escapes = (escape >> 7).wrapping_mul(splat(1)) >> 56;
    if escapes > 3 {
        // Mostly escapes (UTF-8 text): byte by byte.
        for lane in 0..len {
            at = spell(window, at, word >> (8 * lane));
        }
    } else {
        // A few escapes (JSON punctuation, a space, a colon): copy the runs between them whole.
        let mut start = 0;
        let mut rest = escape;
        while rest != 0 {
            let lane = (rest.trailing_zeros() / 8) as usize;
            put(window, at, word >> (8 * start));
            at = spell(window, at + lane - start, word >> (8 * lane));
            start = lane + 1;
            rest &= rest - 1;
        }
        if start < len {
            put(window, at, word >> (8 * start));
            at += len - start;
        }
    }
    at
}

/// The window at `pos`. Always present: callers `ensure` room for the worst case of the whole input
/// plus a window's worth of slack before encoding.
#[inline(always)]
fn window_at(buf: &mut [u8], pos: usize) -> Option<&mut [u8; WINDOW]> {
    buf.get_mut(pos..pos + WINDOW)
        .and_then(|slot| <&mut [u8; WINDOW]>::try_from(slot).ok())
}

/// The escape lanes of sixteen bytes, computed byte by byte with the arithmetic of
/// [`escape_lanes`] (`u8` wrapping adds, ands, xors): written lane-wise like this, the compiler turns
/// it into a handful of SIMD instructions (SSE2 on x86-64) without any `unsafe` or intrinsics.
#[inline(always)]
fn escape_lanes16(block: &[u8; 16]) -> (u64, u64) {
    let mut lanes = [0_u8; 16];
    for (lane, &b) in lanes.iter_mut().zip(block) {
        let a = b & 0x7f;
        let at_least = |lo: u8| a.wrapping_add(0x80 - lo);
        let above = |hi: u8| a.wrapping_add(0x7f - hi);
        let equals = |c: u8| !(a ^ c).wrapping_add(0x7f);
        let digit = at_least(b'0') & !above(b'9');
        let folded = a | 0x20;
        let letter = folded.wrapping_add(0x80 - b'a') & !folded.wrapping_add(0x7f - b'z');
        let dash_or_dot = at_least(b'-') & !above(b'.');
        let unreserved = (digit | letter | dash_or_dot | equals(b'_') | equals(b'~')) & !b;
        *lane = !unreserved & 0x80;
    }
    let lanes = u128::from_le_bytes(lanes);
    (lanes as u64, (lanes >> 64) as u64)
}

/// One output of the encoding loop: a buffer, the position in it and the style's table. Kept in
/// locals while encoding, so the compiler knows the stores cannot touch the position.
struct Out<'a> {
    buf: &'a mut [u8],
    pos: usize,
    table: &'static Table,
}

/// Encodes one word into every output.
#[inline(always)]
fn emit(outs: &mut [Out<'_>], word: u64, escape: u64, len: usize) {
    for out in outs.iter_mut() {
        if let Some(window) = window_at(out.buf, out.pos) {
            out.pos += encode_word(window, out.table, word, escape, len);
        }
    }
}

/// Encodes `input` into every output, in little-endian words of up to eight bytes: sixteen bytes
/// at a time while they last, then single words. The last, short word is assembled in a register:
/// a short copy through memory followed by a wide load would stall on store forwarding.
#[inline(always)]
fn encode_words(input: &[u8], outs: &mut [Out<'_>]) {
    let mut blocks = input.chunks_exact(16);
    for block in &mut blocks {
        if let Some(block) = block.first_chunk::<16>() {
            let (escape_lo, escape_hi) = escape_lanes16(block);
            let words = u128::from_le_bytes(*block);
            emit(outs, words as u64, escape_lo, 8);
            emit(outs, (words >> 64) as u64, escape_hi, 8);
        }
    }
    let mut chunks = blocks.remainder().chunks_exact(8);
    for chunk in &mut chunks {
        if let Some(chunk) = chunk.first_chunk::<8>() {
            let word = u64::from_le_bytes(*chunk);
            emit(outs, word, escape_lanes(word), 8);
        }
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let word = match input.last_chunk::<8>() {
            Some(last8) => u64::from_le_bytes(*last8) >> (8 * (8 - tail.len())),
            None => tail
                .iter()
                .rev()
                .fold(0_u64, |acc, &b| acc << 8 | u64::from(b)),
        };
        // Zero padding classifies as "escape"; only the real lanes count.
        let real_lanes = HIGH_BITS >> (8 * (8 - tail.len()));
        emit(outs, word, escape_lanes(word) & real_lanes, tail.len());
    }
}

/// An output buffer written by position. Every write first makes room for its worst case plus eight
/// bytes of slack, so the per-byte stores can always write a whole `u64` (the bytes past a spelling
/// are overwritten by the next store or cut off at the end).
pub(crate) struct Cursor {
    buf: Vec<u8>,
    pos: usize,
}

impl Cursor {
    /// An empty cursor with room for `capacity` bytes before it has to grow.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: vec![0; capacity + 8],
            pos: 0,
        }
    }

    /// Continues writing after the existing contents of `buf`.
    fn from_vec(buf: Vec<u8>) -> Self {
        let pos = buf.len();
        Self { buf, pos }
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.pos
    }

    /// The bytes written so far.
    pub(crate) fn written(&self) -> &[u8] {
        self.buf.get(..self.pos).unwrap_or_default()
    }

    /// Makes room for `more` bytes after the current position, plus the slack.
    fn ensure(&mut self, more: usize) {
        let needed = self.pos + more + 8;
        if self.buf.len() < needed {
            self.buf.resize(needed.max(2 * self.buf.len()), 0);
        }
    }

    /// Forgets what was written, keeping the buffer.
    pub(crate) fn clear(&mut self) {
        self.pos = 0;
    }

    /// Appends `bytes` as they are.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        self.ensure(bytes.len());
        if let Some(slot) = self.buf.get_mut(self.pos..self.pos + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
        self.pos += bytes.len();
    }

    /// Appends `input` encoded in `style`.
    pub(crate) fn encode(&mut self, input: &[u8], style: Style) {
        self.ensure(input.len() * WIDEST + WINDOW);
        let mut outs = [Out {
            buf: self.buf.as_mut_slice(),
            pos: self.pos,
            table: table(style),
        }];
        encode_words(input, &mut outs);
        let [out] = outs;
        self.pos = out.pos;
    }

    /// The written bytes.
    pub(crate) fn into_vec(mut self) -> Vec<u8> {
        self.buf.truncate(self.pos);
        self.buf
    }
}

/// Appends `input` to two cursors in one pass, in two styles (the string to sign and the wire form
/// of the same parameter).
pub(crate) fn encode_both(
    a: &mut Cursor,
    style_a: Style,
    b: &mut Cursor,
    style_b: Style,
    input: &[u8],
) {
    a.ensure(input.len() * WIDEST + WINDOW);
    b.ensure(input.len() * WIDEST + WINDOW);
    let mut outs = [
        Out {
            buf: a.buf.as_mut_slice(),
            pos: a.pos,
            table: table(style_a),
        },
        Out {
            buf: b.buf.as_mut_slice(),
            pos: b.pos,
            table: table(style_b),
        },
    ];
    encode_words(input, &mut outs);
    let [out_a, out_b] = outs;
    (a.pos, b.pos) = (out_a.pos, out_b.pos);
}

/// Appends `input` to `out`, encoded in `style`.
pub(crate) fn encode_into(out: &mut Vec<u8>, input: &[u8], style: Style) {
    let mut cursor = Cursor::from_vec(std::mem::take(out));
    cursor.encode(input, style);
    *out = cursor.into_vec();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_classification_matches_the_table_for_every_byte_in_every_lane() {
        for lane in 0..8 {
            for b in 0..=255_u8 {
                let mut bytes = *b"abcdefgh";
                bytes[lane] = b;
                let escape = escape_lanes(u64::from_le_bytes(bytes));
                let expected = if UNRESERVED[usize::from(b)] {
                    0
                } else {
                    0x80 << (8 * lane)
                };
                assert_eq!(escape, expected, "byte {b:#04x} in lane {lane}");
            }
        }
    }

    #[test]
    fn sixteen_lane_classification_matches_the_table_in_every_lane() {
        for lane in 0..16 {
            for b in 0..=255_u8 {
                let mut bytes = *b"abcdefghijklmnop";
                bytes[lane] = b;
                let (lo, hi) = escape_lanes16(&bytes);
                let escape = u128::from(lo) | u128::from(hi) << 64;
                let expected = if UNRESERVED[usize::from(b)] {
                    0
                } else {
                    0x80_u128 << (8 * lane)
                };
                assert_eq!(escape, expected, "byte {b:#04x} in lane {lane}");
            }
        }
    }

    #[test]
    fn table_lengths_match_spellings() {
        for style in [Style::Rfc3986, Style::Rfc3986Twice, Style::FormUrlencoded] {
            for (b, &packed) in table(style).iter().enumerate() {
                let len = (packed >> 56) as usize;
                let spelled = &packed.to_le_bytes()[..len];
                assert!(spelled.iter().all(u8::is_ascii), "{b}");
                assert!(packed.to_le_bytes()[len..7].iter().all(|&x| x == 0), "{b}");
            }
        }
    }
}
