//! Text measurement: which script a cue is in, how wide it is on screen, and whitespace clean-up.

use std::borrow::Cow;

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
    let mut previous_space = false;
    let clean = trimmed.chars().all(|c| {
        let ok = if c == ' ' {
            !previous_space
        } else {
            !c.is_whitespace()
        };
        previous_space = c == ' ';
        ok
    });
    if clean {
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
    fn widths_count_wide_characters_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("大家好，"), 8);
        assert_eq!(display_width("API 的"), 6);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{7}"), 0);
    }

    #[test]
    fn whitespace_is_trimmed_and_collapsed() {
        assert!(matches!(normalize_whitespace("a b"), Cow::Borrowed("a b")));
        assert_eq!(normalize_whitespace("  a \n\t b\u{3000}c  "), "a b c");
        assert_eq!(normalize_whitespace("\r\n"), "");
    }
}
