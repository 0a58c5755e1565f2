//! Cues (what a subtitle file holds), their quality flags, and the summary of a build.

use std::fmt;
use std::sync::Arc;

use crate::segment_list::text_at;
use crate::text::Script;

/// Something about a cue a subtitle editor should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CueFlag {
    /// Faster to read than the reading-speed limit, even after any allowed extension.
    OverReadingSpeed,
    /// A token that cannot be broken is wider than a line, so a line exceeds the limit.
    TokenWiderThanLine,
    /// The source segment overlapped the next one (or started with it); resolved by clipping
    /// the earlier end, or by merging segments that start together.
    OverlapResolved,
    /// The cue ends before its speech does, to keep the minimum gap to the next cue.
    ShortenedForGap,
    /// Shorter than the minimum duration: there was no room to extend it.
    BelowMinDuration,
    /// Closer to the next cue than the minimum gap: there was no room to keep it.
    GapBelowMinimum,
    /// Cut at the maximum duration: the text could not be split further.
    CutAtMaxDuration,
    /// More text than milliseconds of room: pieces were merged, so the cue may exceed the
    /// line limits.
    NoRoomToSplit,
}

impl CueFlag {
    /// Every flag, in declaration order.
    pub const ALL: [CueFlag; 8] = [
        Self::OverReadingSpeed,
        Self::TokenWiderThanLine,
        Self::OverlapResolved,
        Self::ShortenedForGap,
        Self::BelowMinDuration,
        Self::GapBelowMinimum,
        Self::CutAtMaxDuration,
        Self::NoRoomToSplit,
    ];

    /// A short snake_case name, stable for JSON reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::OverReadingSpeed => "over_reading_speed",
            Self::TokenWiderThanLine => "token_wider_than_line",
            Self::OverlapResolved => "overlap_resolved",
            Self::ShortenedForGap => "shortened_for_gap",
            Self::BelowMinDuration => "below_min_duration",
            Self::GapBelowMinimum => "gap_below_minimum",
            Self::CutAtMaxDuration => "cut_at_max_duration",
            Self::NoRoomToSplit => "no_room_to_split",
        }
    }

    /// Human words for summaries, such as "over reading speed".
    pub fn description(self) -> &'static str {
        match self {
            Self::OverReadingSpeed => "over reading speed",
            Self::TokenWiderThanLine => "token wider than a line",
            Self::OverlapResolved => "overlap resolved",
            Self::ShortenedForGap => "shortened to keep the gap",
            Self::BelowMinDuration => "below min duration",
            Self::GapBelowMinimum => "gap below minimum",
            Self::CutAtMaxDuration => "cut at max duration",
            Self::NoRoomToSplit => "no room to split",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of [`CueFlag`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CueFlags(u16);

impl CueFlags {
    /// No flags.
    pub const EMPTY: CueFlags = CueFlags(0);

    /// Whether `flag` is set.
    pub fn contains(self, flag: CueFlag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags that are set, in [`CueFlag::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = CueFlag> {
        CueFlag::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    pub(crate) fn insert(&mut self, flag: CueFlag) {
        self.0 |= flag.bit();
    }
}

/// The source segment(s) of a cue: indices into the input segment list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sources {
    One(usize),
    Many(Box<[usize]>),
}

/// Where a cue's text is: a byte range of a string shared with other cues of the same build
/// (the segments' texts, or the texts a build laid out in lines), so that a build does not
/// make, and dropping its cues does not free, one allocation per cue.
pub(crate) struct CueText {
    /// `None` only while a build is still writing the string the range is in.
    pub(crate) store: Option<Arc<String>>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl CueText {
    /// The fields a [`Cue`] keeps it in: `text_store`, `text_start` and `text_len`.
    pub(crate) fn into_fields(self) -> (Option<Arc<String>>, usize, u32) {
        let len = u32::try_from(self.end - self.start).unwrap_or(u32::MAX);
        (self.store, self.start, len)
    }
}

/// One subtitle: times in integer milliseconds and one or more lines of text.
#[derive(Clone)]
pub struct Cue {
    pub(crate) start_ms: u64,
    pub(crate) end_ms: u64,
    /// The text is `text_len` bytes from `text_start` of `text_store` (see [`CueText`], kept
    /// apart here so that the length shares a word with the small fields below). Lines joined
    /// with `\n`; never empty, no empty line, no leading or trailing spaces.
    pub(crate) text_store: Option<Arc<String>>,
    pub(crate) text_start: usize,
    /// Texts are shorter than 4 GiB, as every offset of the layout is a `u32`.
    pub(crate) text_len: u32,
    /// Which line breaks replaced a space of the source text.
    pub(crate) line_break_spaces: BreakSpaces,
    /// The split between this cue and the next one from the same segment replaced a space.
    pub(crate) space_after: bool,
    pub(crate) sources: Sources,
    pub(crate) part: u32,
    pub(crate) parts: u32,
    pub(crate) script: Script,
    pub(crate) flags: CueFlags,
}

impl Cue {
    /// Start, in milliseconds.
    pub fn start_ms(&self) -> u64 {
        self.start_ms
    }

    /// End, in milliseconds (always after the start).
    pub fn end_ms(&self) -> u64 {
        self.end_ms
    }

    /// Duration in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.end_ms - self.start_ms
    }

    /// The text, lines separated by `\n`.
    pub fn text(&self) -> &str {
        let (start, end) = self.text_range();
        self.text_store
            .as_deref()
            .map_or("", |store| text_at(store, start, end))
    }

    /// Where the text is in its store, as a byte range.
    pub(crate) fn text_range(&self) -> (usize, usize) {
        (self.text_start, self.text_start + self.text_len as usize)
    }

    /// The lines.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text().split('\n')
    }

    /// The text as the source had it: line breaks turned back into a space or nothing.
    pub fn plain_text(&self) -> String {
        let text = self.text();
        let mut out = String::with_capacity(text.len());
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 && self.line_break_spaces.get(k - 1) {
                out.push(' ');
            }
            out.push_str(line);
        }
        out
    }

    /// Whether the split after this cue (from the same segment) was at a space.
    pub fn space_after(&self) -> bool {
        self.space_after
    }

    /// Indices (0-based, input order) of the segments this cue's text comes from: one, or
    /// several when segments starting at the same time were merged.
    pub fn source_segments(&self) -> &[usize] {
        match &self.sources {
            Sources::One(index) => std::slice::from_ref(index),
            Sources::Many(indices) => indices,
        }
    }

    /// Which part of its segment this cue is (0-based) ...
    pub fn part(&self) -> u32 {
        self.part
    }

    /// ... out of how many parts the segment was split into.
    pub fn parts(&self) -> u32 {
        self.parts
    }

    /// The script whose limits this cue was built with (detected over its whole segment).
    pub fn script(&self) -> Script {
        self.script
    }

    /// Quality flags.
    pub fn flags(&self) -> CueFlags {
        self.flags
    }

    /// Characters counted for reading speed: the text without line breaks.
    pub fn reading_chars(&self) -> usize {
        reading_chars(self.text(), &self.line_break_spaces)
    }

    /// Reading speed in characters per second.
    pub fn chars_per_second(&self) -> f64 {
        self.reading_chars() as f64 * 1000.0 / self.duration_ms().max(1) as f64
    }
}

impl PartialEq for Cue {
    fn eq(&self, other: &Self) -> bool {
        self.start_ms == other.start_ms
            && self.end_ms == other.end_ms
            && self.text() == other.text()
            && self.line_break_spaces == other.line_break_spaces
            && self.space_after == other.space_after
            && self.sources == other.sources
            && self.part == other.part
            && self.parts == other.parts
            && self.script == other.script
            && self.flags == other.flags
    }
}

impl fmt::Debug for Cue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cue")
            .field("start_ms", &self.start_ms)
            .field("end_ms", &self.end_ms)
            .field("text", &self.text())
            .field("line_break_spaces", &self.line_break_spaces)
            .field("space_after", &self.space_after)
            .field("sources", &self.sources)
            .field("part", &self.part)
            .field("parts", &self.parts)
            .field("script", &self.script)
            .field("flags", &self.flags)
            .finish()
    }
}

/// [`Cue::reading_chars`] of a cue's text and the line breaks of it that replaced a space.
pub(crate) fn reading_chars(text: &str, line_break_spaces: &BreakSpaces) -> usize {
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    let breaks_as_spaces = (0..breaks).filter(|&k| line_break_spaces.get(k)).count();
    text.chars().count() - breaks + breaks_as_spaces
}

/// A set of line-break numbers: inline for the usual few lines, on the heap past 64.
///
/// Two variants only, so that the enum fits in the heap variant's 16 bytes (a cue is kept
/// small: a large input has a hundred thousand of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BreakSpaces {
    Inline(u64),
    Heap(Box<[bool]>),
}

impl BreakSpaces {
    /// No line break replaced a space.
    pub(crate) const NONE: BreakSpaces = BreakSpaces::Inline(0);

    pub(crate) fn from_flags(flags: impl ExactSizeIterator<Item = bool>) -> Self {
        if flags.len() <= 64 {
            Self::Inline(
                flags
                    .enumerate()
                    .fold(0u64, |bits, (k, set)| bits | (u64::from(set) << k)),
            )
        } else {
            Self::Heap(flags.collect())
        }
    }

    pub(crate) fn get(&self, k: usize) -> bool {
        match self {
            Self::Inline(bits) => k < 64 && bits & (1 << k) != 0,
            Self::Heap(flags) => flags.get(k).copied().unwrap_or(false),
        }
    }
}

/// Counts from one build: what came in, what went out, and what needed attention.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Summary {
    /// Segments given to the builder.
    pub segments_in: usize,
    /// Cues produced.
    pub cues_out: usize,
    /// Extra cues made by splitting long segments (cues from split segments minus those segments).
    pub splits: usize,
    /// Segments with no text after trimming, dropped.
    pub empty_segments_dropped: usize,
    /// Overlapping segment pairs resolved (clipped or merged).
    pub overlaps_resolved: usize,
    /// Segments merged into another because both started at the same millisecond.
    pub segments_merged: usize,
    /// Cues with at least one flag.
    pub flagged_cues: usize,
    pub(crate) flag_counts: [usize; CueFlag::ALL.len()],
}

impl Summary {
    /// How many cues carry `flag`.
    pub fn count(&self, flag: CueFlag) -> usize {
        self.flag_counts[flag as usize]
    }

    /// Adds the counts of another part of the same build (all but `segments_in`).
    pub(crate) fn add(&mut self, other: &Summary) {
        self.cues_out += other.cues_out;
        self.splits += other.splits;
        self.empty_segments_dropped += other.empty_segments_dropped;
        self.overlaps_resolved += other.overlaps_resolved;
        self.segments_merged += other.segments_merged;
        self.flagged_cues += other.flagged_cues;
        for (total, count) in self.flag_counts.iter_mut().zip(other.flag_counts) {
            *total += count;
        }
    }

    /// Counts one cue. Every cue goes through here: only the flags that are set are visited.
    pub(crate) fn add_cue(&mut self, flags: CueFlags) {
        self.cues_out += 1;
        self.flagged_cues += usize::from(!flags.is_empty());
        // Bit `k` of the set is flag `k` (see [`CueFlag::bit`]).
        let mut bits = flags.0;
        while bits != 0 {
            self.flag_counts[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} in, {} out, {}, {} dropped, {}, {} flagged",
            counted(self.segments_in, "segment", "segments"),
            counted(self.cues_out, "cue", "cues"),
            counted(self.splits, "split", "splits"),
            counted(
                self.empty_segments_dropped,
                "empty segment",
                "empty segments"
            ),
            counted(
                self.overlaps_resolved,
                "overlap resolved",
                "overlaps resolved"
            ),
            self.flagged_cues
        )?;
        let details: Vec<String> = CueFlag::ALL
            .iter()
            .filter(|flag| self.count(**flag) > 0)
            .map(|flag| format!("{} {}", self.count(*flag), flag.description()))
            .collect();
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// A large input has a hundred thousand cues or more: their size is the builder's memory.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_cue_stays_at_80_bytes() {
        assert_eq!(size_of::<super::BreakSpaces>(), 16);
        assert_eq!(size_of::<super::Sources>(), 16);
        assert!(size_of::<super::Cue>() <= 80, "{}", size_of::<super::Cue>());
    }

    proptest::proptest! {
        /// Each flag's count is the number of cues that carry it, as `contains` tells.
        #[test]
        fn a_summary_counts_every_flag_of_every_cue(sets in proptest::collection::vec(0u16..256, 0..40)) {
            use super::{CueFlag, CueFlags, Summary};
            let mut summary = Summary::default();
            for &bits in &sets {
                summary.add_cue(CueFlags(bits));
            }
            for flag in CueFlag::ALL {
                let carrying = sets.iter().filter(|&&bits| CueFlags(bits).contains(flag)).count();
                proptest::prop_assert_eq!(summary.count(flag), carrying);
            }
            proptest::prop_assert_eq!(summary.flagged_cues, sets.iter().filter(|&&bits| bits != 0).count());
            proptest::prop_assert_eq!(summary.cues_out, sets.len());
        }
    }

    /// Cues share their texts' strings, so equality and `Debug` must look at a cue's own text
    /// only: not at which string holds it, nor at the rest of that string.
    #[test]
    fn a_cue_is_compared_and_shown_by_its_own_text() {
        use crate::{CueBuilder, CueSettings, SegmentList};
        let mut list = SegmentList::new();
        list.push("first words", 0.0, 1.0);
        list.push("second words", 2.0, 3.0);
        let builder = CueBuilder::new(CueSettings::default()).unwrap();
        let one = builder.build(list.clone()).unwrap().cues;
        let two = builder.build(list).unwrap().cues;
        assert_eq!(one, two);
        assert_ne!(one[0], one[1]);
        let shown = format!("{:?}", one[0]);
        assert!(shown.contains("\"first words\""), "{shown}");
        assert!(!shown.contains("second"), "{shown}");
        // A cue keeps its text alive after the list and the other cues are gone.
        let kept = one[1].clone();
        drop((one, two));
        assert_eq!(kept.text(), "second words");
    }
}
