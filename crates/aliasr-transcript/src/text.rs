//! Text measurement: which script a cue is in, how wide it is on screen, and whitespace clean-up.

use std::borrow::Cow;
use std::sync::LazyLock;

use unicode_width::UnicodeWidthChar;

/// The writing system that picks a cue's limits.
///
/// A text with any kana is [`Script::Japanese`]; otherwise one with any Han character is
/// [`Script::Chinese`]; everything else uses the [`Script::Latin`] limits (the Netflix
/// "all other languages" column, which also covers Cyrillic, Greek, Hangul and so on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Script {
    /// No Han and no kana.
    Latin,
    /// Han characters and no kana.
    Chinese,
    /// Kana present (with or without Han).
    Japanese,
}

impl Script {
    /// Every script, in declaration order (`script as usize` indexes it).
    pub const ALL: [Script; 3] = [Self::Latin, Self::Chinese, Self::Japanese];

    /// Detects the script of `text` (see the type's rules).
    ///
    /// ```
    /// use aliasr_transcript::Script;
    /// assert_eq!(Script::detect("Hello"), Script::Latin);
    /// assert_eq!(Script::detect("我们需要确认一下 API"), Script::Chinese);
    /// assert_eq!(Script::detect("東京へようこそ"), Script::Japanese);
    /// ```
    pub fn detect(text: &str) -> Self {
        let mut han = false;
        for c in text.chars() {
            // ASCII is by far the most common case and is neither Han nor kana.
            if c.is_ascii() {
                continue;
            }
            if is_kana(c) {
                return Self::Japanese;
            }
            han |= is_han(c);
        }
        if han { Self::Chinese } else { Self::Latin }
    }

    /// A short lowercase name (`latin`, `chinese`, `japanese`) for reports and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Latin => "latin",
            Self::Chinese => "chinese",
            Self::Japanese => "japanese",
        }
    }

    /// How many display columns one "character" of this script's line limit is worth.
    ///
    /// Limits for Latin count characters (one column each); limits for Chinese and Japanese
    /// count full-width characters (two columns each, a half-width one counting half).
    pub(crate) fn columns_per_limit_char(self) -> u32 {
        match self {
            Self::Latin => 1,
            Self::Chinese | Self::Japanese => 2,
        }
    }
}

fn is_kana(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}'   // Hiragana
        | '\u{30A0}'..='\u{30FF}' // Katakana
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{FF66}'..='\u{FF9D}' // Half-width katakana
    ) && c != '\u{30FB}' // the katakana middle dot is also used in Chinese text
        && c != '\u{30FC}' // so is the prolonged sound mark
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'     // CJK Unified Ideographs
        | '\u{3400}'..='\u{4DBF}'   // Extension A
        | '\u{F900}'..='\u{FAFF}'   // Compatibility Ideographs
        | '\u{20000}'..='\u{323AF}' // Extensions B to H and the Compatibility Supplement
        | '\u{3007}'                // ideographic number zero
    )
}

/// Display columns of one character: 2 for East Asian Wide and Fullwidth, 0 for controls and
/// combining marks, 1 otherwise.
#[inline]
pub(crate) fn char_columns(c: char) -> u32 {
    if (' '..='~').contains(&c) {
        return 1;
    }
    // The CJK Unified Ideographs block is all Wide: skip the table lookup for the common case.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return 2;
    }
    // `width` is None for control characters, which take no room on screen.
    c.width().unwrap_or(0) as u32
}

/// Whether valid UTF-8 `bytes` start with a character of U+4E00..=U+9FFF, the CJK Unified
/// Ideographs block (three bytes long), known from its first two bytes without decoding it.
#[inline]
pub(crate) fn starts_ideograph(bytes: &[u8]) -> bool {
    // A lead byte E5..=E9 starts U+5000..=U+9FFF; E4 with a second byte of B8 or more starts
    // U+4E00..=U+4FFF.
    matches!(bytes, [0xE5..=0xE9, ..] | [0xE4, 0xB8..=0xFF, ..])
}

/// How many ideographs of U+4E00..=U+9FFF (three bytes each in UTF-8) valid UTF-8 `bytes`
/// start with.
///
/// Five at a time, without a branch per character: a loop that tests them one by one
/// mispredicts where U+4E00..=U+4FFF (lead byte E4) and the rest of the Unicode block alternate,
/// as well as where the run ends. The last four characters of a text, too few for a block, go
/// one by one.
#[inline]
pub(crate) fn ideograph_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    while let Some(block) = bytes.get(3 * run..).and_then(<[u8]>::first_chunk::<15>) {
        let not_ideographs = !ideographs_of_five(block) & 0b1_1111;
        if not_ideographs != 0 {
            return run + not_ideographs.trailing_zeros() as usize;
        }
        run += 5;
    }
    let rest = bytes.get(3 * run..).unwrap_or_default();
    run + rest
        .chunks_exact(3)
        .position(|c| !starts_ideograph(c))
        .unwrap_or(rest.len() / 3)
}

/// Bit `k` set when the `k`-th of the five characters of `block` (three bytes apart) is one of
/// U+4E00..=U+9FFF. Such a character's first two bytes, read as a big-endian `u16`, are E4B8 to
/// E9BF; a second byte is at most BF in valid UTF-8, so one comparison with EA00 tells.
#[inline]
fn ideographs_of_five(block: &[u8; 15]) -> u32 {
    let mut found = 0;
    for k in 0..5 {
        let pair = u16::from_be_bytes([block[3 * k], block[3 * k + 1]]);
        found |= u32::from(pair.wrapping_sub(0xE4B8) < 0xEA00 - 0xE4B8) << k;
    }
    found
}

/// The code point of the character valid UTF-8 `bytes` start with when it is in U+3000..=U+303F
/// (CJK Symbols and Punctuation) or U+FF00..=U+FF5F (full-width forms), where nearly all the
/// punctuation of Chinese and Japanese text is: known from its three bytes.
#[inline]
fn cjk_punctuation(bytes: &[u8]) -> Option<u32> {
    match *bytes {
        // U+3000..=U+303F is E3 80 80..=E3 80 BF.
        [0xE3, 0x80, last, ..] => Some(0x3000 + u32::from(last & 0x3F)),
        // U+FF00..=U+FF3F is EF BC 80..=EF BC BF; U+FF40..=U+FF5F is EF BD 80..=EF BD 9F.
        [0xEF, 0xBC, last, ..] => Some(0xFF00 + u32::from(last & 0x3F)),
        [0xEF, 0xBD, last @ 0x80..=0x9F, ..] => Some(0xFF40 + u32::from(last & 0x3F)),
        _ => None,
    }
}

/// The code points of [`cjk_punctuation`], in the order of [`cjk_punctuation_index`].
pub(crate) fn cjk_punctuation_codes() -> impl Iterator<Item = u32> {
    (0x3000..0x3040).chain(0xFF00..0xFF60)
}

/// How many code points [`cjk_punctuation_codes`] gives.
pub(crate) const CJK_PUNCTUATION_LEN: usize = 0x40 + 0x60;

/// Where `code` is among [`cjk_punctuation_codes`], if it is there: the index of tables of
/// those characters (here their widths, in the break scan their classes).
#[inline]
pub(crate) fn cjk_punctuation_index(code: u32) -> Option<usize> {
    let index = match code {
        0x3000..0x3040 => code - 0x3000,
        0xFF00..0xFF60 => code - 0xFF00 + 0x40,
        _ => return None,
    };
    Some(index as usize)
}

/// [`char_columns`] of the characters [`cjk_punctuation`] knows, by
/// [`cjk_punctuation_index`]: found once, as some of them are narrow or take no room.
static CJK_PUNCTUATION_COLUMNS: LazyLock<[u8; CJK_PUNCTUATION_LEN]> = LazyLock::new(|| {
    let mut table = [0u8; CJK_PUNCTUATION_LEN];
    for (slot, code) in table.iter_mut().zip(cjk_punctuation_codes()) {
        // Every code in these ranges is a char (none is a surrogate), 0 to 2 columns wide.
        let columns = char::from_u32(code).map_or(0, char_columns);
        *slot = u8::try_from(columns).unwrap_or(u8::MAX);
    }
    table
});

/// What the cue builder needs to know of a clean text before laying it out, found in one pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measure {
    /// As [`Script::detect`].
    pub(crate) script: Script,
    /// As [`display_width`].
    pub(crate) columns: u32,
    /// Characters (Unicode scalar values).
    pub(crate) chars: u32,
}

/// Script, display width and character count of `text` together: the builder needs all three
/// for every segment, and one pass over the text is about a third of three.
pub(crate) fn measure(text: &str) -> Measure {
    scan(text).0
}

/// A segment's text with its whitespace cleaned up as [`normalize_whitespace`] does, and its
/// [`Measure`]. The usual text needs no cleaning: it is measured and checked in one pass, and
/// is borrowed.
pub(crate) fn clean_and_measure(text: &str) -> (Cow<'_, str>, Measure) {
    let (measured, clean) = scan(text);
    if clean {
        return (Cow::Borrowed(text), measured);
    }
    let cleaned = normalize_whitespace(text).into_owned();
    let measured = measure(&cleaned);
    (Cow::Owned(cleaned), measured)
}

/// The measure of `text`, and whether its whitespace needs no cleaning: no leading or trailing
/// whitespace, and none but single ASCII spaces inside.
fn scan(text: &str) -> (Measure, bool) {
    let (mut columns, mut chars) = (0u32, 0u32);
    let (mut han, mut kana) = (false, false);
    let mut clean = true;
    // Starting as if after a space makes a leading space unclean.
    let mut after_space = true;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Bytes, not chars: printable ASCII and the CJK Unified Ideographs are most of any text,
    // and both are recognised from their first byte without decoding.
    while let Some(&byte) = bytes.get(at) {
        if byte >= 0x80 {
            // The CJK Unified Ideographs block: Han, and Wide; a run of them at a time.
            let run = ideograph_run(&bytes[at..]);
            if run > 0 {
                // Runs are shorter than the text, whose length fits in u32.
                let run_chars = run as u32;
                han = true;
                after_space = false;
                chars = chars.wrapping_add(run_chars);
                columns = columns.wrapping_add(2 * run_chars);
                at += 3 * run;
                continue;
            }
            // CJK punctuation, without decoding: no kana there, one Han character (U+3007) and
            // one space (U+3000).
            if let Some(code) = cjk_punctuation(&bytes[at..])
                && let Some(index) = cjk_punctuation_index(code)
            {
                han |= code == 0x3007;
                clean &= code != 0x3000;
                after_space = false;
                chars = chars.wrapping_add(1);
                columns = columns.wrapping_add(u32::from(CJK_PUNCTUATION_COLUMNS[index]));
                at += 3;
                continue;
            }
        } else if let Some(block) = printable_ascii_block(&bytes[at..]) {
            // Eight printable ASCII characters: one column each, unclean only at two spaces
            // in a row (also across the block's start).
            chars = chars.wrapping_add(8);
            columns = columns.wrapping_add(8);
            let spaces = block.spaces;
            let follows_space = (spaces << 8) | u64::from(after_space) << 7;
            clean &= spaces & follows_space == 0;
            after_space = spaces >> 63 != 0;
            at += 8;
            continue;
        }
        chars = chars.wrapping_add(1);
        if (b' '..=b'~').contains(&byte) {
            columns = columns.wrapping_add(1);
            let space = byte == b' ';
            clean &= !(space && after_space);
            after_space = space;
            at += 1;
            continue;
        }
        after_space = false;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            // `at` is always at a char boundary, so a char is always there.
            break;
        };
        at += c.len_utf8();
        // Tabs, line breaks and the Unicode spaces.
        clean &= !c.is_whitespace();
        if !c.is_ascii() {
            kana |= is_kana(c);
            han |= is_han(c);
        }
        columns = columns.wrapping_add(char_columns(c));
    }
    let script = if kana {
        Script::Japanese
    } else if han {
        Script::Chinese
    } else {
        Script::Latin
    };
    // Texts are below 4 GiB (the input reader's limit), so the counts never wrapped.
    let measured = Measure {
        script,
        columns,
        chars,
    };
    (measured, clean && (chars == 0 || !after_space))
}

/// Eight bytes of printable ASCII (`' '..='~'`), read as one little-endian word.
struct AsciiBlock {
    /// The high bit of each byte that is a space (bit `8 * k + 7` for byte `k`).
    spaces: u64,
}

/// The first eight bytes of `bytes` when all of them are printable ASCII: most Latin text
/// goes through [`scan`] eight bytes at a time.
#[inline]
fn printable_ascii_block(bytes: &[u8]) -> Option<AsciiBlock> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let word = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
    // Below 0x80, so that adding to any byte carries into no other; then at least 0x20
    // (adding 0x60 reaches 0x80) and at most 0x7E (adding 1 stays below 0x80).
    let printable = word & HIGH == 0
        && word.wrapping_add(ONES * 0x60) & HIGH == HIGH
        && word.wrapping_add(ONES) & HIGH == 0;
    if !printable {
        return None;
    }
    // A space byte becomes zero; every byte stays below 0x80, so adding 0x7F sets the high
    // bit of each byte but a zero one, and carries into no other.
    let flipped = word ^ (ONES * 0x20);
    let nonzero = flipped.wrapping_add(ONES * 0x7F) & HIGH;
    Some(AsciiBlock {
        spaces: !nonzero & HIGH,
    })
}

/// Display columns of a text (unicode-width: East Asian Wide and Fullwidth count 2).
///
/// ```
/// assert_eq!(aliasr_transcript::display_width("OK"), 2);
/// assert_eq!(aliasr_transcript::display_width("大家好"), 6);
/// ```
pub fn display_width(text: &str) -> u32 {
    text.chars().map(char_columns).sum()
}

/// Trims the text and turns every run of whitespace (spaces, tabs, newlines, Unicode spaces)
/// into one ASCII space: a newline inside recognised text is not a subtitle line break.
pub(crate) fn normalize_whitespace(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if scan(trimmed).1 {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut in_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_detection_follows_the_netflix_columns() {
        assert_eq!(Script::detect(""), Script::Latin);
        assert_eq!(Script::detect("Привет"), Script::Latin);
        assert_eq!(Script::detect("大家好，欢迎"), Script::Chinese);
        assert_eq!(Script::detect("こんにちは"), Script::Japanese);
        assert_eq!(Script::detect("日本語のテキスト"), Script::Japanese);
        assert_eq!(Script::detect("A・B"), Script::Latin);
    }

    #[test]
    fn all_lists_scripts_by_their_index() {
        for (index, script) in Script::ALL.into_iter().enumerate() {
            assert_eq!(script as usize, index);
        }
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("大家好，"), 8);
        assert_eq!(display_width("API 的"), 6);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{7}"), 0);
    }

    #[test]
    fn measure_agrees_with_the_separate_functions() {
        for text in [
            "",
            "Hello, world",
            "大家好，欢迎 API 的",
            "東京へようこそ",
            "A・B ー",
            "e\u{301}\u{7}\u{7f}",
            "한국어 𠀀 ｶﾀｶﾅ",
        ] {
            assert_eq!(
                measure(text),
                Measure {
                    script: Script::detect(text),
                    columns: display_width(text),
                    chars: text.chars().count() as u32,
                },
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn measure_agrees_with_the_separate_functions_on_any_text(text in "\\PC{0,40}|[a-z 大家好，。ー・ｶ한]{0,40}") {
            proptest::prop_assert_eq!(
                measure(&text),
                Measure {
                    script: Script::detect(&text),
                    columns: display_width(&text),
                    chars: text.chars().count() as u32,
                }
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn an_ideograph_run_is_the_ideographs_a_text_starts_with(
            // Mostly ideographs, with the characters just outside the block at either end.
            text in "[一丁大家好龥\u{9FFF}\u{4DFF}\u{A000}，a]{0,40}"
        ) {
            let expected = text
                .chars()
                .take_while(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count();
            proptest::prop_assert_eq!(ideograph_run(text.as_bytes()), expected);
        }
    }

    #[test]
    fn cjk_punctuation_is_measured_as_any_character_is() {
        // Both ranges and their neighbours, alone and between other characters.
        for code in (0x2FF0..0x3050).chain(0xFEF0..0xFF70) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [c.to_string(), format!("a{c}大"), format!("大{c}{c} b")] {
                let expected = Measure {
                    script: Script::detect(&text),
                    columns: display_width(&text),
                    chars: text.chars().count() as u32,
                };
                assert_eq!(scan(&text).0, expected, "U+{code:04X} in {text:?}");
                let clean = !text.chars().any(|c| c.is_whitespace() && c != ' ')
                    && !text.contains("  ")
                    && text.trim() == text;
                assert_eq!(scan(&text).1, clean, "{text:?}");
            }
        }
    }

    #[test]
    fn ideographs_are_known_from_their_first_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let expected = ('\u{4E00}'..='\u{9FFF}').contains(&c);
            assert_eq!(
                starts_ideograph(c.encode_utf8(&mut buf).as_bytes()),
                expected,
                "{c:?}"
            );
        }
    }

    #[test]
    fn blocks_of_five_know_every_character_in_every_lane() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let expected = ('\u{4E00}'..='\u{9FFF}').contains(&c);
            for lane in 0..5 {
                // Ideographs before the lane, the character in it, ASCII after it.
                let mut bytes = "一".repeat(lane).into_bytes();
                bytes.extend_from_slice(encoded);
                bytes.resize(15, b'a');
                let Some(block) = bytes.first_chunk::<15>() else {
                    panic!("a block is 15 bytes");
                };
                let found = ideographs_of_five(block);
                assert_eq!(found & ((1 << lane) - 1), (1 << lane) - 1, "{c:?}");
                assert_eq!(found >> lane & 1 == 1, expected, "{c:?} in lane {lane}");
            }
        }
    }

    #[test]
    fn every_whitespace_character_is_seen_by_the_clean_check() {
        let is_clean = |text: &str| scan(text).1;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let expected = c != ' ' && c.is_whitespace();
            assert_eq!(!is_clean(&text), expected, "U+{:04X}", u32::from(c));
        }
        assert!(!is_clean("a  b"));
        assert!(!is_clean(" a"));
        assert!(!is_clean("a "));
        assert!(is_clean("a b c"));
    }

    proptest::proptest! {
        #[test]
        fn clean_and_measure_agrees_with_normalizing_then_measuring(
            text in "[ \t\n\u{a0}\u{3000}a大，ー]{0,12}|\\PC{0,20}"
        ) {
            let normalized = normalize_whitespace(&text).into_owned();
            let (cleaned, measured) = clean_and_measure(&text);
            proptest::prop_assert_eq!(&*cleaned, normalized.as_str());
            proptest::prop_assert_eq!(measured, measure(&normalized));
            // Text that needed no cleaning is borrowed (the same bytes, unchanged).
            if matches!(normalize_whitespace(&text), Cow::Borrowed(b) if b.len() == text.len()) {
                proptest::prop_assert!(scan(&text).1);
            } else {
                proptest::prop_assert!(!scan(&text).1);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_blocks_are_found_and_their_spaces_marked_as_byte_by_byte(
            bytes in proptest::array::uniform8(proptest::prop_oneof![
                proptest::num::u8::ANY,
                0x1Fu8..=0x21,
                0x7Du8..=0x80,
            ])
        ) {
            let printable = bytes.iter().all(|b| (b' '..=b'~').contains(b));
            let block = printable_ascii_block(&bytes);
            proptest::prop_assert_eq!(block.is_some(), printable);
            if let Some(block) = block {
                for (k, &b) in bytes.iter().enumerate() {
                    let marked = block.spaces >> (8 * k + 7) & 1 == 1;
                    proptest::prop_assert_eq!(marked, b == b' ', "byte {}", k);
                }
                proptest::prop_assert_eq!(block.spaces & !(u64::from_le_bytes([0x80; 8])), 0);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_clean_check_reads_eight_byte_blocks_as_it_reads_bytes(
            text in "[ a~]{0,40}|[ a]{0,12}\t[ a]{0,12}"
        ) {
            let by_bytes = !text.starts_with(' ')
                && !text.ends_with(' ')
                && !text.contains("  ")
                && !text.contains('\t');
            proptest::prop_assert_eq!(scan(&text).1, by_bytes);
            // A tab is a control character: no columns.
            let columns = text.bytes().filter(|&b| b != b'\t').count();
            proptest::prop_assert_eq!(scan(&text).0.columns as usize, columns);
        }
    }

    #[test]
    fn ascii_blocks_need_eight_bytes() {
        assert!(printable_ascii_block(b"abcdefg").is_none());
        assert!(printable_ascii_block(b"abcdefgh").is_some());
        let text = "two  spaces, eight bytes apart:  here";
        assert!(!scan(text).1);
        assert!(scan("one space at each block's end ok").1);
    }

    #[test]
    fn whitespace_is_trimmed_and_collapsed() {
        assert!(matches!(normalize_whitespace("a b"), Cow::Borrowed("a b")));
        assert_eq!(normalize_whitespace("  a \n\t b\u{3000}c  "), "a b c");
        assert_eq!(normalize_whitespace("\r\n"), "");
    }
}
