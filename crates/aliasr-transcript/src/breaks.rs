//! Where a text may be broken (between cues or between lines), and how good each place is.
//!
//! Practice followed (Netflix Timed Text Style Guide, BBC subtitle guidelines):
//! break after sentence punctuation first, then after clause punctuation, then at spaces
//! (preferably before a conjunction or preposition, never right after an article), then between
//! CJK characters. Never start a line with closing punctuation or end one with opening
//! punctuation. A Latin word is broken inside only when it alone is wider than a line.

use std::sync::LazyLock;

use crate::text::{
    CJK_PUNCTUATION_LEN, Measure, char_columns, cjk_punctuation_codes, cjk_punctuation_index,
    ideograph_run, starts_ideograph,
};

/// What kind of place a break candidate is; the order is the order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BreakKind {
    /// The start or the end of the text.
    Edge,
    /// After `。！？.!?` (and any closing quotes or brackets after them).
    Sentence,
    /// After `，、；：,;:` and dashes.
    Clause,
    /// At a space between words.
    Space,
    /// Between two characters at least one of which is CJK (full-width).
    BetweenCjk,
    /// Inside a Latin word that alone is wider than a line.
    InsideWord,
}

/// A place where the text may be broken, with everything the layout needs precomputed.
///
/// Offsets are into the whitespace-normalised text. At a space break the space belongs to
/// neither side (`right_start = left_end + 1`); elsewhere both sides touch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) left_end: u32,
    pub(crate) right_start: u32,
    /// Display columns of `text[..left_end]`.
    pub(crate) left_cols: u32,
    /// Display columns of `text[..right_start]`.
    pub(crate) right_cols: u32,
    /// Characters in `text[..left_end]`.
    pub(crate) left_chars: u32,
    /// Characters in `text[..right_start]`.
    pub(crate) right_chars: u32,
    pub(crate) kind: BreakKind,
    /// Cost of ending a cue here (lower is better).
    pub(crate) cue_cost: f32,
    /// Cost of ending a line here (lower is better).
    pub(crate) line_cost: f32,
}

impl Candidate {
    pub(crate) fn is_space(&self) -> bool {
        self.right_start > self.left_end
    }
}

/// Closing punctuation: never at the start of a line.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '…'
            | '‥'
            | '・'
            | 'ー'
            | '〜'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Opening punctuation: never at the end of a line.
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '“'
            | '‘'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '.' | '!' | '?' | '．' | '…' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | '、' | '；' | '：' | ',' | ';' | ':' | '—' | '–' | '－'
    )
}

/// Closing quotes and brackets that may follow sentence or clause punctuation.
fn is_trailing_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '）' | '》' | '」' | '』' | '〉' | '】' | '〕' | ')' | ']' | '}'
    )
}

const CUE_COST_SENTENCE: f32 = 0.0;
const CUE_COST_CLAUSE: f32 = 12.0;
const CUE_COST_SPACE: f32 = 30.0;
const CUE_COST_SPACE_BEFORE_LINKING_WORD: f32 = 24.0;
const CUE_COST_SPACE_AFTER_ARTICLE: f32 = 48.0;
const CUE_COST_CJK: f32 = 36.0;
const CUE_COST_INSIDE_WORD: f32 = 400.0;

const LINE_COST_SENTENCE: f32 = 0.0;
const LINE_COST_CLAUSE: f32 = 3.0;
const LINE_COST_SPACE: f32 = 6.0;
const LINE_COST_SPACE_BEFORE_LINKING_WORD: f32 = 5.0;
const LINE_COST_SPACE_AFTER_ARTICLE: f32 = 12.0;
const LINE_COST_CJK: f32 = 12.0;
const LINE_COST_INSIDE_WORD: f32 = 60.0;

fn costs(kind: BreakKind) -> (f32, f32) {
    match kind {
        BreakKind::Edge | BreakKind::Sentence => (CUE_COST_SENTENCE, LINE_COST_SENTENCE),
        BreakKind::Clause => (CUE_COST_CLAUSE, LINE_COST_CLAUSE),
        BreakKind::Space => (CUE_COST_SPACE, LINE_COST_SPACE),
        BreakKind::BetweenCjk => (CUE_COST_CJK, LINE_COST_CJK),
        BreakKind::InsideWord => (CUE_COST_INSIDE_WORD, LINE_COST_INSIDE_WORD),
    }
}

/// Whether the word `bytes[start..end]` is an article, in any case: a line should not end
/// on one (it stays with its noun). Asked at every space, so it is a comparison of keys (see
/// [`is_linking_word_at`]).
fn is_article_at(bytes: &[u8], start: usize, end: usize) -> bool {
    let len = end.saturating_sub(start);
    (1..=3).contains(&len)
        && lowercase_key(bytes, start, len).is_some_and(|key| ARTICLE_KEYS.contains(&key))
}

/// Articles, lowercase.
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// The keys (see [`key_of`]) of [`ARTICLES`].
const ARTICLE_KEYS: [u64; 3] = [
    key_of(ARTICLES[0]),
    key_of(ARTICLES[1]),
    key_of(ARTICLES[2]),
];

/// Conjunctions and prepositions: a good place to start a new line.
#[cfg(test)]
fn is_linking_word(word: &str) -> bool {
    is_linking_word_at(word.as_bytes(), 0, word.len())
}

/// Conjunctions and prepositions, lowercase: a good place to start a new line. Each is 2 to 7
/// ASCII letters.
const LINKING_WORDS: [&str; 22] = [
    "and", "but", "or", "so", "because", "which", "that", "when", "while", "if", "to", "of", "in",
    "on", "at", "for", "with", "from", "by", "about", "after", "before",
];

/// A perfect hash of the linking words' keys (see [`key_of`]) into 32 slots: the top five
/// bits of the key times this. Found by trying random odd numbers; [`LINKING_TABLE`] is built
/// when the crate is compiled and fails to compile if two words ever share a slot.
const LINKING_MULTIPLIER: u64 = 0x34D2_893A_4A08_5F4B;

/// Each linking word's key in its slot, zero elsewhere (no key of a non-empty word is zero).
const LINKING_TABLE: [u64; 32] = {
    let mut table = [0u64; 32];
    let mut w = 0;
    while w < LINKING_WORDS.len() {
        let key = key_of(LINKING_WORDS[w]);
        let slot = linking_slot(key);
        assert!(table[slot] == 0, "two linking words share a slot");
        table[slot] = key;
        w += 1;
    }
    table
};

const fn linking_slot(key: u64) -> usize {
    (key.wrapping_mul(LINKING_MULTIPLIER) >> 59) as usize
}

/// Whether the word `bytes[start..end]` is a linking word, in any case. Called for every word
/// of a text, so it is one load, one multiplication and one comparison.
fn is_linking_word_at(bytes: &[u8], start: usize, end: usize) -> bool {
    let len = end.saturating_sub(start);
    (2..=7).contains(&len)
        && lowercase_key(bytes, start, len)
            .is_some_and(|key| LINKING_TABLE[linking_slot(key)] == key)
}

/// A word of 1 to 8 bytes as a little-endian number, zero above them.
const fn key_of(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut key = 0u64;
    let mut k = 0;
    while k < bytes.len() {
        key |= (bytes[k] as u64) << (8 * k);
        k += 1;
    }
    key
}

/// The key (see [`key_of`]) of the `len` (1 to 8) bytes from `start` with bit 5 set in each:
/// the key of a lowercase ASCII word exactly when the bytes are its letters in any case
/// (setting that bit maps nothing but an ASCII letter to a lowercase letter).
fn lowercase_key(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
    let mask = u64::MAX >> (8 * (8 - len));
    let case = 0x2020_2020_2020_2020 & mask;
    // Usually eight bytes are there to load at once.
    if let Some(eight) = bytes.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        return Some(u64::from_le_bytes(*eight) & mask | case);
    }
    let word = bytes.get(start..start + len)?;
    let mut padded = [0u8; 8];
    padded[..len].copy_from_slice(word);
    Some(u64::from_le_bytes(padded) | case)
}

/// Abbreviations whose full stop does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    [
        "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "no.",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w))
        || (word.len() == 2 && word.as_bytes()[0].is_ascii_uppercase() && word.ends_with('.'))
}

/// Running totals while scanning.
#[derive(Clone, Copy, Default)]
struct Position {
    byte: u32,
    cols: u32,
    chars: u32,
}

/// Everything the candidate scan asks of one character, looked up once per character.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct CharClass {
    columns: u32,
    bits: u8,
}

const CLOSING: u8 = 1;
const OPENING: u8 = 1 << 1;
const SENTENCE_END: u8 = 1 << 2;
const CLAUSE_END: u8 = 1 << 3;
const TRAILING_CLOSER: u8 = 1 << 4;
const JOINER: u8 = 1 << 5;

/// The classes of ASCII, CJK Symbols and Punctuation (U+3000..=U+303F) and the full-width forms
/// U+FF00..=U+FF5F, where nearly all punctuation of Chinese and English text is: found once,
/// as each takes a width lookup and six set tests.
static COMMON_CLASSES: LazyLock<[CharClass; COMMON_CLASSES_LEN]> = LazyLock::new(|| {
    let mut table = [CharClass::default(); COMMON_CLASSES_LEN];
    for (slot, code) in table
        .iter_mut()
        .zip((0..0x80).chain(cjk_punctuation_codes()))
    {
        // Every code in these ranges is a char (none is a surrogate).
        *slot = char::from_u32(code).map_or_else(CharClass::default, CharClass::compute);
    }
    table
});

/// The ranges of [`COMMON_CLASSES`], one after the other: ASCII, then the CJK punctuation.
const COMMON_CLASSES_LEN: usize = 0x80 + CJK_PUNCTUATION_LEN;

/// Where `code` is in [`COMMON_CLASSES`], if it is.
fn common_class_index(code: u32) -> Option<usize> {
    if code < 0x80 {
        return Some(code as usize);
    }
    cjk_punctuation_index(code).map(|index| 0x80 + index)
}

impl CharClass {
    #[inline]
    fn of(c: char) -> Self {
        // Letters, digits and ideographs are most of any text, and none is punctuation.
        if c.is_ascii_alphanumeric() {
            return PLAIN_NARROW;
        }
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            return PLAIN_WIDE;
        }
        match common_class_index(u32::from(c)) {
            Some(index) => COMMON_CLASSES[index],
            None => Self::compute(c),
        }
    }

    /// The class from its definitions: the character's width and its punctuation sets.
    fn compute(c: char) -> Self {
        let flag = |set: bool, bit: u8| if set { bit } else { 0 };
        Self {
            columns: char_columns(c),
            bits: flag(is_closing(c), CLOSING)
                | flag(is_opening(c), OPENING)
                | flag(is_sentence_end(c), SENTENCE_END)
                | flag(is_clause_end(c), CLAUSE_END)
                | flag(is_trailing_closer(c), TRAILING_CLOSER)
                | flag(c == '\u{200D}', JOINER),
        }
    }

    fn has(self, bit: u8) -> bool {
        self.bits & bit != 0
    }
}

/// Finds the break candidates of a whitespace-normalised text, in order, with an
/// [`BreakKind::Edge`] candidate at each end.
///
/// `max_line_columns` decides which Latin words are too wide for a line and may be broken inside.
///
/// Runs of ASCII letters and digits, and of common CJK ideographs, are the bulk of any text and
/// are taken a run at a time (see [`ascii_word_run`] and [`ideograph_run`]); everything else goes
/// through the character-by-character rules of [`Scan::step`].
pub(crate) fn find_candidates(text: &str, max_line_columns: Option<u32>, out: &mut Vec<Candidate>) {
    scan_candidates::<false>(text, max_line_columns, None, out);
}

/// The first of [`find_candidates`]' candidates, through the first word boundary after
/// `columns` columns, and then its closing edge (from `end`, the text's [`Measure`], with no
/// scan of the rest): every candidate whose text before it is at most `columns - 1` columns
/// wide, as the full scan finds it (a candidate's costs are final once the word after it is
/// closed). What a text that may fit two lines of `columns - 1` needs to lay them out.
pub(crate) fn find_candidates_through(
    text: &str,
    max_line_columns: Option<u32>,
    columns: u32,
    end: &Measure,
    out: &mut Vec<Candidate>,
) {
    scan_candidates::<true>(text, max_line_columns, Some((columns, end)), out);
}

/// [`find_candidates`], stopped after `through.0` columns when given. `STOPS` tells whether it
/// is given: the full scan, compiled apart, tests for no stop.
fn scan_candidates<const STOPS: bool>(
    text: &str,
    max_line_columns: Option<u32>,
    through: Option<(u32, &Measure)>,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    out.push(edge(Position::default()));
    let mut scan = Scan::default();
    let bytes = text.as_bytes();
    let mut index = 0;
    let stop_after = through.map_or(u32::MAX, |(columns, _)| columns);
    while let Some(&byte) = bytes.get(index) {
        // ASCII without decoding; `index` is always at a char boundary.
        let c = if byte.is_ascii() {
            char::from(byte)
        } else {
            let Some(c) = text.get(index..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            c
        };
        if STOPS
            && scan.at.cols > stop_after
            && scan.word_start.is_none()
            && let Some((_, end)) = through
        {
            // Offsets fit in u32: the input reader rejects texts of 4 GiB or more.
            out.push(edge(Position {
                byte: text.len() as u32,
                cols: end.columns,
                chars: end.chars,
            }));
            return;
        }
        if byte == b' '
            && scan.previous == Some(PLAIN_NARROW)
            && bytes.get(index + 1).is_some_and(u8::is_ascii_alphanumeric)
            && (!STOPS || scan.at.cols < stop_after)
            && let Some(start) = scan.word_start.take()
        {
            // A space between two ASCII words, the commonest place of a Latin text: what
            // `step` does for the space and the letter after it, with the classes known.
            // (Not where the scan could stop between the two: after the space.)
            let at = scan.at;
            scan.previous_word = (start.byte, at.byte);
            close_word(text, start, at, max_line_columns, out);
            out.push(at_space(at, BreakKind::Space, text, scan.previous_word));
            scan.at.advance(1, 1, 1);
            scan.word_start = Some(scan.at);
            // The letter and the rest of its word; the classes stay those of a letter. Taken
            // here as the run below would take them: going on to that dispatch for every word
            // costs the scan 4 % more instructions (tried).
            let run = 1 + ascii_word_run(&bytes[index + 2..]);
            // Runs are shorter than the text, whose offsets fit in u32.
            scan.at.advance(run as u32, 1, 1);
            index += 1 + run;
            continue;
        }
        // Offsets fit in u32: the input reader rejects texts of 4 GiB or more.
        scan.step(text, c, max_line_columns, out);
        index += c.len_utf8();
        if scan.pending_space.is_some() {
            continue;
        }
        match scan.previous {
            Some(PLAIN_NARROW) => {
                let run = ascii_word_run(&bytes[index..]);
                // Runs are shorter than the text, whose offsets fit in u32.
                scan.at.advance(run as u32, 1, 1);
                index += run;
            }
            Some(PLAIN_WIDE) => loop {
                // After an ideograph (with no space pending) each ideograph of the run is a
                // `BetweenCjk` candidate before it and leaves the scan's classes as they are.
                let run = ideograph_run(&bytes[index..]);
                // Runs are shorter than the text, whose offsets fit in u32.
                let (start, chars) = (scan.at, run as u32);
                // One reservation for the run, not a capacity check per candidate.
                out.extend((0..chars).map(|k| {
                    let mut at = start;
                    at.advance(k, 3, 2);
                    touching(at, BreakKind::BetweenCjk)
                }));
                scan.at.advance(chars, 3, 2);
                index += run * 3;
                // Then, most often, a full-width mark between two phrases (`，` or `。` then
                // an ideograph): no break before the mark, which closes, and a clause or
                // sentence break after it; the classes are an ideograph's again after the
                // ideograph. What two `step`s find, without looking the classes up. (Not where
                // the scan could stop between the two.)
                let after_mark = index + 3;
                let Some(kind) = bytes.get(index..after_mark).and_then(phrase_mark) else {
                    break;
                };
                if !bytes.get(after_mark..).is_some_and(starts_ideograph)
                    || STOPS && scan.at.cols.saturating_add(2) > stop_after
                {
                    break;
                }
                scan.at.advance(1, 3, 2);
                out.push(touching(scan.at, kind));
                scan.previous_word = (scan.at.byte, scan.at.byte);
                scan.at.advance(1, 3, 2);
                index = after_mark + 3;
            },
            _ => {}
        }
    }
    scan.finish(text, max_line_columns, out);
}

/// The break after a full-width sentence or clause mark (`。！？` or `，、；：`) given as its three
/// UTF-8 bytes; `None` for any other character. Each of them closes (no break before it) and is
/// two columns wide.
fn phrase_mark(bytes: &[u8]) -> Option<BreakKind> {
    match bytes {
        // 。 (U+3002)
        [0xE3, 0x80, 0x82] => Some(BreakKind::Sentence),
        // 、 (U+3001)
        [0xE3, 0x80, 0x81] => Some(BreakKind::Clause),
        // ！ ？ (U+FF01, U+FF1F)
        [0xEF, 0xBC, 0x81 | 0x9F] => Some(BreakKind::Sentence),
        // ， ； ： (U+FF0C, U+FF1B, U+FF1A)
        [0xEF, 0xBC, 0x8C | 0x9B | 0x9A] => Some(BreakKind::Clause),
        _ => None,
    }
}

/// An ASCII letter or digit: one column, no break rule of its own.
const PLAIN_NARROW: CharClass = CharClass {
    columns: 1,
    bits: 0,
};
/// A CJK ideograph: two columns, no break rule of its own.
const PLAIN_WIDE: CharClass = CharClass {
    columns: 2,
    bits: 0,
};

/// How many ASCII letters and digits `bytes` starts with. After a [`PLAIN_NARROW`] character
/// (with no space pending) each of them only moves the position on: the word goes on, and the
/// previous and last significant classes stay what they are.
///
/// Eight bytes at a time: where a word ends is different for every word, and a loop over its
/// bytes mispredicts that exit once per word, which costs more than the word's bytes do.
fn ascii_word_run(bytes: &[u8]) -> usize {
    let mut run = 0;
    while let Some(eight) = bytes.get(run..).and_then(<[u8]>::first_chunk::<8>) {
        let ends = not_alphanumeric(u64::from_le_bytes(*eight));
        if ends != 0 {
            return run + (ends.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    let rest = bytes.get(run..).unwrap_or_default();
    run + rest
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len())
}

/// The high bit of each byte of `word` that is not an ASCII letter or digit.
fn not_alphanumeric(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = ONES * 0x80;
    // Per byte, with the high bit set first so that no subtraction borrows from the next byte:
    // the high bit stays set exactly when the low seven bits are at least `n`.
    let at_least = |low: u64, n: u64| (low | HIGHS).wrapping_sub(ONES * n) & HIGHS;
    let low = word & !HIGHS;
    let digit = at_least(low, 0x30) & !at_least(low, 0x3A);
    // Setting bit 5 maps exactly the letters of either case into `a..=z`.
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, 0x61) & !at_least(folded, 0x7B);
    // Bytes from 0x80 up (not ASCII) are neither.
    (!(digit | letter) & HIGHS) | (word & HIGHS)
}

impl Position {
    fn advance(&mut self, chars: u32, bytes_per_char: u32, columns_per_char: u32) {
        // `chars` characters of `bytes_per_char` bytes and `columns_per_char` columns each.
        self.byte += chars * bytes_per_char;
        self.cols += chars * columns_per_char;
        self.chars += chars;
    }
}

/// The state of [`find_candidates`] between characters.
#[derive(Default)]
struct Scan {
    /// Where the next character starts.
    at: Position,
    previous: Option<CharClass>,
    /// The position before a space not yet classified (known when the next character is).
    pending_space: Option<Position>,
    /// The last char that is not a closing quote or bracket (to see "。”" as a sentence end).
    last_significant: Option<CharClass>,
    /// The current run of narrow non-space characters (a Latin "word").
    word_start: Option<Position>,
    /// Byte range of the last word closed.
    previous_word: (u32, u32),
}

impl Scan {
    /// Closes the last word and adds the closing edge. Inlined like [`Scan::step`]: a call
    /// here would keep the scan's state in memory through the whole loop.
    #[inline(always)]
    fn finish(&mut self, text: &str, max_line_columns: Option<u32>, out: &mut Vec<Candidate>) {
        if let Some(start) = self.word_start.take() {
            close_word(text, start, self.at, max_line_columns, out);
        }
        out.push(edge(self.at));
    }

    /// Takes character `c`, which starts at `self.at`.
    #[inline(always)]
    fn step(
        &mut self,
        text: &str,
        c: char,
        max_line_columns: Option<u32>,
        out: &mut Vec<Candidate>,
    ) {
        let at = self.at;
        if c == ' ' {
            if let Some(start) = self.word_start.take() {
                self.previous_word = (start.byte, at.byte);
                close_word(text, start, at, max_line_columns, out);
            }
            self.pending_space = Some(at);
            self.at.advance(1, 1, 1);
            return;
        }
        let class = CharClass::of(c);
        let wide = class.columns == 2;
        if wide && let Some(start) = self.word_start.take() {
            close_word(text, start, at, max_line_columns, out);
        }
        if let Some(before) = self.pending_space.take() {
            if let Some(kind) = classify_space(
                self.previous,
                self.last_significant,
                class,
                text,
                self.previous_word,
            ) {
                out.push(at_space(before, kind, text, self.previous_word));
            }
        } else if let Some(p) = self.previous
            && (wide || p.columns == 2)
            && let Some(kind) = classify_adjacent(p, self.last_significant, class)
        {
            out.push(touching(at, kind));
        }
        if !wide && self.word_start.is_none() {
            self.word_start = Some(at);
        }
        if !class.has(TRAILING_CLOSER) {
            self.last_significant = Some(class);
        }
        if wide {
            // No Latin word is right before a space that follows a wide character: an article
            // or abbreviation from before it must not count there. (Only now: a space before
            // this character was classified above with the word before that space.)
            self.previous_word = (at.byte, at.byte);
        }
        self.previous = Some(class);
        self.at.advance(1, c.len_utf8() as u32, class.columns);
    }
}

/// A candidate at the space after position `before`, which ends the word at byte range
/// `previous_word` of `text`.
fn at_space(before: Position, kind: BreakKind, text: &str, previous_word: (u32, u32)) -> Candidate {
    let (mut cue_cost, mut line_cost) = costs(kind);
    let (start, end) = previous_word;
    if kind == BreakKind::Space && is_article_at(text.as_bytes(), start as usize, end as usize) {
        cue_cost = CUE_COST_SPACE_AFTER_ARTICLE;
        line_cost = LINE_COST_SPACE_AFTER_ARTICLE;
    }
    Candidate {
        left_end: before.byte,
        right_start: before.byte + 1,
        left_cols: before.cols,
        right_cols: before.cols + 1,
        left_chars: before.chars,
        right_chars: before.chars + 1,
        kind,
        cue_cost,
        line_cost,
    }
}

fn edge(at: Position) -> Candidate {
    touching(at, BreakKind::Edge)
}

/// A candidate between two characters that touch (no space between them).
fn touching(at: Position, kind: BreakKind) -> Candidate {
    let (cue_cost, line_cost) = costs(kind);
    Candidate {
        left_end: at.byte,
        right_start: at.byte,
        left_cols: at.cols,
        right_cols: at.cols,
        left_chars: at.chars,
        right_chars: at.chars,
        kind,
        cue_cost,
        line_cost,
    }
}

/// Called when a narrow word ends: lowers the cost of the space before a linking word, and
/// adds breaks inside a word wider than a line. Called for every word, so the usual word (not
/// linking, not too wide) costs a few comparisons.
#[inline]
fn close_word(
    text: &str,
    start: Position,
    end: Position,
    max_line_columns: Option<u32>,
    out: &mut Vec<Candidate>,
) {
    if let Some(last) = out.last_mut()
        && last.kind == BreakKind::Space
        && last.right_start == start.byte
        && is_linking_word_at(text.as_bytes(), start.byte as usize, end.byte as usize)
    {
        last.cue_cost = last.cue_cost.min(CUE_COST_SPACE_BEFORE_LINKING_WORD);
        last.line_cost = last.line_cost.min(LINE_COST_SPACE_BEFORE_LINKING_WORD);
    }
    if let Some(limit) = max_line_columns
        && end.cols - start.cols > limit
    {
        break_inside_word(text, start, end, out);
    }
}

/// Adds a candidate between every two characters of a word wider than a line, where allowed.
#[cold]
fn break_inside_word(text: &str, start: Position, end: Position, out: &mut Vec<Candidate>) {
    let word = &text[start.byte as usize..end.byte as usize];
    let mut at = start;
    let mut previous: Option<char> = None;
    for (offset, c) in word.char_indices() {
        let columns = char_columns(c);
        if let Some(p) = previous
            && columns > 0
            && p != '\u{200D}'
            && !is_closing(c)
            && !is_opening(p)
        {
            out.push(touching(at, BreakKind::InsideWord));
        }
        previous = Some(c);
        at = Position {
            byte: start.byte + (offset + c.len_utf8()) as u32,
            cols: at.cols + columns,
            chars: at.chars + 1,
        };
    }
}

/// A break at a space between `previous` and `next`, after the word at byte range
/// `previous_word` of `text`.
fn classify_space(
    previous: Option<CharClass>,
    last_significant: Option<CharClass>,
    next: CharClass,
    text: &str,
    previous_word: (u32, u32),
) -> Option<BreakKind> {
    let previous = previous?;
    if next.has(CLOSING) || previous.has(OPENING) {
        return None;
    }
    let ending = if previous.has(TRAILING_CLOSER) {
        last_significant?
    } else {
        previous
    };
    let (start, end) = previous_word;
    // A word ends at an ASCII space or a wide character: its range is on char boundaries.
    let after_abbreviation = || {
        text.get(start as usize..end as usize)
            .is_some_and(is_abbreviation)
    };
    if ending.has(SENTENCE_END) && !after_abbreviation() {
        Some(BreakKind::Sentence)
    } else if ending.has(CLAUSE_END) {
        Some(BreakKind::Clause)
    } else {
        Some(BreakKind::Space)
    }
}

/// A break between two touching characters, or `None` where breaking is not allowed.
fn classify_adjacent(
    previous: CharClass,
    last_significant: Option<CharClass>,
    next: CharClass,
) -> Option<BreakKind> {
    if next.columns == 0 || next.has(CLOSING) || previous.has(OPENING) || previous.has(JOINER) {
        return None;
    }
    let touches_cjk = previous.columns == 2 || next.columns == 2;
    if !touches_cjk {
        return None;
    }
    let ending = if previous.has(TRAILING_CLOSER) {
        last_significant.unwrap_or(previous)
    } else {
        previous
    };
    Some(if ending.has(SENTENCE_END) {
        BreakKind::Sentence
    } else if ending.has(CLAUSE_END) {
        BreakKind::Clause
    } else {
        BreakKind::BetweenCjk
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan without its run-at-a-time shortcuts: [`Scan::step`] for every character, the
    /// reference the shortcuts are checked against.
    fn find_candidates_by_char(
        text: &str,
        max_line_columns: Option<u32>,
        out: &mut Vec<Candidate>,
    ) {
        out.clear();
        out.push(edge(Position::default()));
        let mut scan = Scan::default();
        for c in text.chars() {
            scan.step(text, c, max_line_columns, out);
        }
        scan.finish(text, max_line_columns, out);
    }

    fn same_candidates(a: &[Candidate], b: &[Candidate]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (x.left_end, x.right_start, x.left_cols, x.right_cols)
                    == (y.left_end, y.right_start, y.left_cols, y.right_cols)
                    && (x.left_chars, x.right_chars, x.kind)
                        == (y.left_chars, y.right_chars, y.kind)
                    && x.cue_cost.to_bits() == y.cue_cost.to_bits()
                    && x.line_cost.to_bits() == y.line_cost.to_bits()
            })
    }

    /// The phrase-mark shortcut against the character rules, for every character of the CJK
    /// punctuation blocks between two runs of ideographs (the proptest's texts hold only some
    /// of the marks), with and without an early stop at each column.
    #[test]
    fn every_cjk_mark_between_phrases_breaks_as_the_character_scan_says() {
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        for c in cjk_punctuation_codes().filter_map(char::from_u32) {
            let text = format!("大家好{c}大家好");
            for limit in [None, Some(4), Some(8)] {
                find_candidates(&text, limit, &mut fast);
                find_candidates_by_char(&text, limit, &mut reference);
                assert!(same_candidates(&fast, &reference), "{text:?} {limit:?}");
            }
            // Stopped early at every column: a prefix of the full list, which holds every
            // candidate before that column, then the same closing edge.
            let end = crate::text::measure(&text);
            find_candidates(&text, Some(4), &mut reference);
            let before_last = reference.len() - 1;
            for columns in 0..=end.columns + 1 {
                find_candidates_through(&text, Some(4), columns, &end, &mut fast);
                let last = fast.len() - 1;
                let at = format!("{text:?} through {columns}");
                assert!(last <= before_last, "{at}");
                assert!(same_candidates(&fast[..last], &reference[..last]), "{at}");
                assert!(
                    same_candidates(&fast[last..], &reference[before_last..]),
                    "{at}"
                );
                assert!(
                    reference[last..before_last]
                        .iter()
                        .all(|c| c.left_cols >= columns),
                    "{at}"
                );
            }
        }
    }

    #[test]
    fn every_byte_value_ends_a_word_run_in_every_lane_or_not() {
        for value in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 9];
                bytes[lane] = value;
                let expected = if value.is_ascii_alphanumeric() {
                    9
                } else {
                    lane
                };
                assert_eq!(
                    ascii_word_run(&bytes),
                    expected,
                    "{value:#x} in lane {lane}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_runs_are_the_leading_ascii_letters_and_digits(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            word in "[a-zA-Z0-9]{0,20}",
        ) {
            let mut bytes = bytes;
            bytes.splice(0..0, word.bytes());
            let expected = bytes
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(ascii_word_run(&bytes), expected);
        }

        #[test]
        fn runs_find_what_the_character_scan_finds(
            text in "([a-zA-Z0-9]{1,14}|大家好|你|丁|䷀|一下|，|。|、|”|“|（|）|\\.|,|!|\\?|-|%|'|\"|\u{200D}|\u{301}|Mr\\.|the|and|ｱ|é| |https://example\\.com/path)*",
            limit in proptest::option::of(1u32..30),
        ) {
            let text = crate::text::normalize_whitespace(&text).into_owned();
            let (mut fast, mut reference) = (Vec::new(), Vec::new());
            find_candidates(&text, limit, &mut fast);
            find_candidates_by_char(&text, limit, &mut reference);
            proptest::prop_assert!(same_candidates(&fast, &reference), "{text:?}");
            // What the split's lower bound on costs rests on: a piece between two candidates
            // never has negative width, so the widths of a split's pieces sum to at most the
            // text's; and no break cost is negative.
            for pair in fast.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                proptest::prop_assert!(
                    a.left_end <= a.right_start && a.right_start <= b.left_end,
                    "{text:?}"
                );
                proptest::prop_assert!(a.right_cols <= b.left_cols, "{text:?}");
                proptest::prop_assert!(a.right_chars <= b.left_chars, "{text:?}");
            }
            proptest::prop_assert!(fast.iter().all(|c| c.cue_cost >= 0.0), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_scan_stopped_early_finds_the_first_candidates_and_the_same_end(
            text in "([a-zA-Z]{1,14}|大家好|，|。|”|“|\\.|,|and|the|Mr\\.| |https://example\\.com/path)*",
            limit in proptest::option::of(1u32..30),
            columns in 0u32..60,
        ) {
            let text = crate::text::normalize_whitespace(&text).into_owned();
            let (mut full, mut first) = (Vec::new(), Vec::new());
            find_candidates(&text, limit, &mut full);
            let end = crate::text::measure(&text);
            find_candidates_through(&text, limit, columns, &end, &mut first);
            let (last, before_last) = (first.len() - 1, full.len() - 1);
            // The same closing edge, after a prefix of the full list (costs included)...
            proptest::prop_assert!(same_candidates(&first[last..], &full[before_last..]), "{text:?}");
            proptest::prop_assert!(last <= before_last, "{text:?}");
            proptest::prop_assert!(same_candidates(&first[..last], &full[..last]), "{text:?}");
            // ...which holds every candidate with at most `columns - 1` columns before it.
            proptest::prop_assert!(
                full[last..before_last].iter().all(|c| c.left_cols >= columns),
                "{text:?}"
            );
        }
    }

    fn kinds(text: &str, limit: Option<u32>) -> Vec<(String, BreakKind)> {
        let mut out = Vec::new();
        find_candidates(text, limit, &mut out);
        out.iter()
            .filter(|c| c.kind != BreakKind::Edge)
            .map(|c| (text[..c.left_end as usize].to_string(), c.kind))
            .collect()
    }

    #[test]
    fn the_table_of_common_classes_is_the_definition() {
        let mut covered = 0;
        for code in 0..=0x10FFFF {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            assert!(CharClass::of(c) == CharClass::compute(c), "{c:?}");
            covered += usize::from(common_class_index(code).is_some());
        }
        assert_eq!(covered, COMMON_CLASSES.len());
    }

    #[test]
    fn sentence_and_clause_punctuation_rank_first() {
        let found = kinds("Hi, all. Next: go", None);
        assert_eq!(
            found,
            vec![
                ("Hi,".to_string(), BreakKind::Clause),
                ("Hi, all.".to_string(), BreakKind::Sentence),
                ("Hi, all. Next:".to_string(), BreakKind::Clause),
            ]
        );
    }

    #[test]
    fn no_break_inside_numbers_or_before_closing_punctuation() {
        assert!(kinds("3.5%", None).is_empty());
        let found = kinds("大家好，欢迎。”好", None);
        let prefixes: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            prefixes,
            ["大", "大家", "大家好，", "大家好，欢", "大家好，欢迎。”"]
        );
        assert_eq!(found[2].1, BreakKind::Clause);
        assert_eq!(found[4].1, BreakKind::Sentence);
    }

    #[test]
    fn cjk_next_to_latin_may_break_on_either_side() {
        let prefixes: Vec<String> = kinds("一下API，OK", None)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(prefixes, ["一", "一下", "一下API，"]);
    }

    #[test]
    fn words_are_broken_inside_only_when_too_wide() {
        assert!(kinds("abcdef", Some(6)).is_empty());
        assert_eq!(kinds("abcdef", Some(5)).len(), 5);
    }

    #[test]
    fn linking_words_and_articles_adjust_space_costs() {
        let mut out = Vec::new();
        find_candidates("see the cat and dog", None, &mut out);
        let cost = |prefix: &str| {
            out.iter()
                .find(|c| c.left_end as usize == prefix.len())
                .map(|c| c.cue_cost)
        };
        assert_eq!(cost("see"), Some(CUE_COST_SPACE));
        assert_eq!(cost("see the"), Some(CUE_COST_SPACE_AFTER_ARTICLE));
        assert_eq!(
            cost("see the cat"),
            Some(CUE_COST_SPACE_BEFORE_LINKING_WORD)
        );
    }

    proptest::proptest! {
        #[test]
        fn linking_words_and_articles_are_known_by_their_keys(
            before in "[a-z ]{0,3}",
            word in "(?i)(and|but|or|so|because|which|that|when|while|if|to|of|in|on|at|for|with|from|by|about|after|before|a|an|the)[a-z@\\[`{ü]?|[a-zA-Z@\\[`{ü]{1,8}",
            after in "[a-z ,]{0,9}",
        ) {
            let text = format!("{before}{word}{after}");
            let (start, end) = (before.len(), before.len() + word.len());
            let linking = LINKING_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w));
            proptest::prop_assert_eq!(is_linking_word_at(text.as_bytes(), start, end), linking);
            let article = ARTICLES.iter().any(|w| word.eq_ignore_ascii_case(w));
            proptest::prop_assert_eq!(is_article_at(text.as_bytes(), start, end), article);
        }
    }

    #[test]
    fn linking_words_are_recognised_in_any_case_and_nothing_else() {
        for word in ["and", "AND", "Because", "before", "of", "With"] {
            assert!(is_linking_word(word), "{word}");
        }
        for word in [
            "a",
            "an",
            "andy",
            "beforehand",
            "ofen",
            "ünd",
            "",
            "b4",
            "2nd",
        ] {
            assert!(!is_linking_word(word), "{word}");
        }
    }

    #[test]
    fn the_word_before_a_space_is_never_one_from_before_a_cjk_character() {
        // The space after 猫 follows no Latin word: neither "the" nor "Mr." is before it.
        let mut out = Vec::new();
        find_candidates("see the 猫 now", None, &mut out);
        let after_cat = out
            .iter()
            .find(|c| c.left_end as usize == "see the 猫".len());
        assert_eq!(after_cat.map(|c| c.cue_cost), Some(CUE_COST_SPACE));
        let after_the = out.iter().find(|c| c.left_end as usize == "see the".len());
        assert_eq!(
            after_the.map(|c| c.cue_cost),
            Some(CUE_COST_SPACE_AFTER_ARTICLE)
        );
        assert!(
            kinds("Mr. 好。 Then", None).contains(&("Mr. 好。".to_string(), BreakKind::Sentence))
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            kinds("Mr. Smith", None),
            vec![("Mr.".to_string(), BreakKind::Space)]
        );
    }
}
