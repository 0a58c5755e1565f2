//! From segments to cues: grouping, overlap resolution, splitting, line layout and timing.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::sync::Arc;

use aliasr_models::Segment;

use crate::breaks::{Candidate, find_candidates, find_candidates_through};
use crate::cue::{BreakSpaces, Cue, CueFlag, CueFlags, CueText, Sources, Summary, reading_chars};
use crate::error::TranscriptError;
use crate::layout::{
    PieceLimits, SplitWork, greedy_line_count, layout_lines, may_fit_lines, split_into_pieces,
};
use crate::segment_list::{Entry, SegmentList, text_at};
use crate::settings::{CueSettings, Limits};
use crate::text::{Script, clean_and_measure};
use crate::time::{ceil_to_u64, millis_from_seconds};

/// Builds cues from segments under a [`CueSettings`]; pure and deterministic.
///
/// ```
/// use aliasr_models::Segment;
/// use aliasr_transcript::{CueBuilder, CueSettings};
/// let segments = vec![Segment::new("Hello there.", 0.0, 1.2).unwrap()];
/// let built = CueBuilder::new(CueSettings::default()).unwrap().build(segments).unwrap();
/// assert_eq!(built.cues[0].text(), "Hello there.");
/// assert_eq!(built.summary.cues_out, 1);
/// ```
#[derive(Debug, Clone)]
pub struct CueBuilder {
    settings: CueSettings,
    /// Threads that split groups into cues.
    threads: NonZeroUsize,
}

/// The cues of one build, in time order, and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Cues {
    /// Sorted by start; never overlapping; every duration positive.
    pub cues: Vec<Cue>,
    /// Counts for the summary line and reports.
    pub summary: Summary,
}

/// A segment (or segments starting together) with its text and integer times.
struct Group {
    start: u64,
    end: u64,
    /// As the input had it (never only whitespace); cleaned when the group is split.
    text: GroupText,
    sources: Sources,
    overlapped: bool,
}

/// Where a group's text is.
enum GroupText {
    /// A byte range of the segments' texts: one segment's.
    Stored { start: usize, end: usize },
    /// Segments starting together, joined.
    Joined(String),
}

/// A segment as the build takes it: its times in integer milliseconds (offset applied), and
/// where its text is in the segments' texts.
#[derive(Clone, Copy, Default)]
struct Span {
    start: u64,
    end: u64,
    text_start: usize,
    text_end: usize,
}

// `CueBuilder::spans` turns entries into spans in place only while they are the same size.
const _: () = assert!(size_of::<Span>() == size_of::<Entry>());

/// What the timing pass needs to know about a cue beyond the cue itself.
struct Timing {
    /// Whether the cue's end is where its speech ends (the last piece of a segment).
    ends_speech: bool,
    /// [`Cue::reading_chars`], known from the layout without another pass over the text.
    reading_chars: u32,
}

/// Reused buffers, so that a build allocates per cue and not per candidate.
#[derive(Default)]
struct Scratch {
    candidates: Vec<Candidate>,
    ends: Vec<usize>,
    breaks: Vec<usize>,
    split: SplitWork,
    /// The timings of the cues of the group being split.
    timings: Vec<Timing>,
}

impl CueBuilder {
    /// A builder with checked settings.
    pub fn new(settings: CueSettings) -> Result<Self, TranscriptError> {
        settings.validate()?;
        Ok(Self {
            settings,
            threads: NonZeroUsize::MIN,
        })
    }

    /// Sets how many threads may split segments into cues (default 1: no thread is started).
    /// Two threads build the cues of 100k segments about a third faster; each thread but the
    /// calling one holds its cues until they are joined (about 2 MiB of peak memory per thread
    /// on 100k segments).
    /// Large inputs only: below 4,096 segments per thread a build stays on the calling thread.
    /// The cues are the same whatever the number.
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = threads;
        self
    }

    /// The settings in force.
    pub fn settings(&self) -> &CueSettings {
        &self.settings
    }

    /// Turns segments into cues. Segments are taken in time order (a stable sort by start).
    ///
    /// Errors only for segments whose times break the [`Segment`] rules (possible when they
    /// were built field by field) and for an offset that moves a segment before zero.
    pub fn build(&self, segments: impl Into<SegmentList>) -> Result<Cues, TranscriptError> {
        // The generic shell converts; the work is compiled once, here.
        self.build_list(segments.into())
    }

    fn build_list(&self, segments: SegmentList) -> Result<Cues, TranscriptError> {
        let (store, segments) = segments.into_parts();
        let mut spans = self.spans(segments)?;
        // Input indices, when the segments had to be put in time order.
        let mut indices = None;
        if !spans.is_sorted_by_key(|span| span.start) {
            let mut order: Vec<usize> = (0..spans.len()).collect();
            order.sort_by_key(|&i| spans[i].start);
            spans = order.iter().map(|&i| spans[i]).collect();
            indices = Some(order);
        }
        let limits = Script::ALL.map(|script| self.settings.limits(script));
        let mut summary = Summary {
            segments_in: spans.len(),
            ..Summary::default()
        };
        let parts = self.build_chunks(&store, &spans, indices.as_deref(), &limits);
        drop((spans, indices));
        let mut parts = parts.into_iter();
        let mut cues = Vec::new();
        if let Some(first) = parts.next() {
            cues = first.cues;
            summary.add(&first.summary);
        }
        for part in parts {
            cues.extend(part.cues);
            summary.add(&part.summary);
        }
        Ok(Cues { cues, summary })
    }

    /// Builds the cues of time-ordered segments in consecutive chunks, on several threads when
    /// there are enough segments to be worth it. The result is the same whatever the number of
    /// threads: chunks end where the start time changes, so no two segments that start together
    /// are apart, and each chunk knows where the next one's first group starts.
    fn build_chunks(
        &self,
        store: &Arc<String>,
        spans: &[Span],
        indices: Option<&[usize]>,
        limits: &[Limits; Script::ALL.len()],
    ) -> Vec<Part> {
        let len = spans.len();
        let threads = self.threads.get().min(len / MIN_SEGMENTS_PER_THREAD).max(1);
        let mut bounds = vec![0];
        for k in 1..threads {
            let mut at = len * k / threads;
            while at < len && spans[at].start == spans[at - 1].start {
                at += 1;
            }
            if bounds.last().is_some_and(|&last| at > last) && at < len {
                bounds.push(at);
            }
        }
        bounds.push(len);
        let mut chunks = Vec::with_capacity(bounds.len() - 1);
        for pair in bounds.windows(2) {
            // Where the group after the chunk starts: the first segment with text after it.
            let next_after = spans[pair[1]..]
                .iter()
                .find(|span| !is_blank(text_of(store, span)))
                .map(|span| span.start);
            chunks.push(Chunk {
                store,
                spans: &spans[pair[0]..pair[1]],
                indices: indices.map(|all| &all[pair[0]..pair[1]]),
                first_index: pair[0],
                next_after,
            });
        }
        let mut chunks = chunks.into_iter();
        let Some(first) = chunks.next() else {
            return Vec::new();
        };
        // The first part's cues become the build's, so it has room for all of them: joining
        // the others then moves them in without growing (and copying) the vector.
        let all = segments_capacity(len);
        std::thread::scope(|scope| {
            let others: Vec<_> = chunks
                .map(|chunk| {
                    let room = segments_capacity(chunk.spans.len());
                    scope.spawn(move || build_chunk(chunk, room, limits))
                })
                .collect();
            let mut parts = vec![build_chunk(first, all, limits)];
            for handle in others {
                match handle.join() {
                    Ok(part) => parts.push(part),
                    // A panic in a worker is a bug; it goes on as a panic here.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            parts
        })
    }

    /// Every segment's times in integer milliseconds (converted once, offset applied), checked
    /// in input order so that an error names the first bad segment. In place: a span takes the
    /// room of its entry (both are 32 bytes), so no second vector as long is made.
    fn spans(&self, segments: Vec<Entry>) -> Result<Vec<Span>, TranscriptError> {
        let offset = self.settings.offset_ms;
        let span = |(index, segment): (usize, Entry)| {
            let times = Segment::check_time_range(segment.from, segment.to)
                .map_err(|problem| problem.to_string())
                .and_then(|()| {
                    let from = millis_from_seconds(segment.from);
                    let to = millis_from_seconds(segment.to);
                    from.zip(to)
                        .ok_or_else(|| "time is beyond the supported range".to_string())
                });
            let (from, to) = times.map_err(|problem| TranscriptError::InvalidSegment {
                location: "segments".into(),
                index,
                field: "from",
                problem,
                more: 0,
            })?;
            let shift = |ms: u64| -> Option<u64> { ms.checked_add_signed(offset) };
            let (Some(start), Some(end)) = (shift(from), shift(to)) else {
                return Err(TranscriptError::OffsetBeforeZero {
                    offset_ms: offset,
                    index,
                    from_ms: from,
                });
            };
            Ok(Span {
                start,
                end,
                text_start: segment.start,
                text_end: segment.end,
            })
        };
        // An infallible map is what collects in place; the first error is kept aside.
        let mut first_error = None;
        let spans: Vec<Span> = segments
            .into_iter()
            .enumerate()
            .map(|item| {
                span(item).unwrap_or_else(|error| {
                    first_error.get_or_insert(error);
                    Span::default()
                })
            })
            .collect();
        match first_error {
            Some(error) => Err(error),
            None => Ok(spans),
        }
    }
}

/// Below this many segments per thread, another thread costs more than it saves.
const MIN_SEGMENTS_PER_THREAD: usize = 4096;

/// Room for the cues of this many segments: splits add about one cue in five, and reserving for
/// that avoids doubling the vector (room that is never written is never touched).
fn segments_capacity(segments: usize) -> usize {
    segments + segments / 4 + 1
}

/// A segment's text, in the segments' texts.
fn text_of<'a>(store: &'a str, span: &Span) -> &'a str {
    text_at(store, span.text_start, span.text_end)
}

/// A segment without text, dropped (and counted).
fn is_blank(text: &str) -> bool {
    // Nearly every text starts with a printable ASCII character or a CJK ideograph, neither of
    // them whitespace: known from the first byte, before trimming a text that has some.
    match text.as_bytes().first() {
        Some(b'!'..=b'~' | 0xE4..=0xE9) => false,
        _ => text.trim().is_empty(),
    }
}

/// The finished cues of consecutive segments, and their counts.
struct Part {
    cues: Vec<Cue>,
    summary: Summary,
}

/// Consecutive time-ordered segments, to be built into one [`Part`].
struct Chunk<'a> {
    /// The segments' texts.
    store: &'a Arc<String>,
    spans: &'a [Span],
    /// Input indices (`None`: the segments are in input order, from `first_index` on).
    indices: Option<&'a [usize]>,
    first_index: usize,
    /// Where the group after the chunk starts.
    next_after: Option<u64>,
}

/// Builds one chunk in a single pass: segments become groups (those starting together merged,
/// an overlapped end clipped), and a group is split, laid out and timed as soon as the next
/// group's start is known.
fn build_chunk(
    Chunk {
        store,
        spans,
        indices,
        first_index,
        next_after,
    }: Chunk<'_>,
    capacity: usize,
    limits: &[Limits; Script::ALL.len()],
) -> Part {
    let mut scratch = Scratch::default();
    let mut cues = Vec::with_capacity(capacity);
    let mut summary = Summary::default();
    // Texts laid out in lines (or cleaned) by this chunk, shared by its cues once it is done.
    let chunk_bytes = spans
        .iter()
        .map(|s| s.text_end - s.text_start)
        .sum::<usize>();
    let mut written = String::with_capacity(chunk_bytes + chunk_bytes / 8);
    let mut written_cues = Vec::new();
    let mut out = Output {
        store,
        written: &mut written,
        cues: &mut cues,
        written_cues: &mut written_cues,
    };
    let mut pending: Option<Group> = None;
    for (k, span) in spans.iter().enumerate() {
        if is_blank(text_of(store, span)) {
            summary.empty_segments_dropped += 1;
            continue;
        }
        let index = indices.map_or(first_index + k, |all| all[k]);
        let group = Group {
            start: span.start,
            end: span.end,
            // Cleaned when it is split, in the same pass that measures it.
            text: GroupText::Stored {
                start: span.text_start,
                end: span.text_end,
            },
            sources: Sources::One(index),
            overlapped: false,
        };
        let Some(last) = pending.as_mut() else {
            pending = Some(group);
            continue;
        };
        if group.start == last.start {
            merge_into(last, &group, store, index, &mut summary);
            continue;
        }
        clip_before(last, group.start, &mut summary);
        if let Some(done) = pending.replace(group) {
            finish_group(
                done,
                Some(span.start),
                limits,
                &mut scratch,
                &mut out,
                &mut summary,
            );
        }
    }
    if let Some(mut last) = pending {
        if let Some(next) = next_after {
            clip_before(&mut last, next, &mut summary);
        }
        finish_group(
            last,
            next_after,
            limits,
            &mut scratch,
            &mut out,
            &mut summary,
        );
    }
    let written = Arc::new(written);
    for &k in &written_cues {
        if let Some(cue) = cues.get_mut(k as usize) {
            cue.text_store = Some(Arc::clone(&written));
        }
    }
    Part { cues, summary }
}

/// Where a chunk's cues go, and the strings their texts are in.
struct Output<'a> {
    /// The segments' texts: a cue whose text is one of them, or a part of one, unchanged,
    /// takes its range there.
    store: &'a Arc<String>,
    /// Texts the chunk wrote: any cue with a line break, or cleaned whitespace.
    written: &'a mut String,
    cues: &'a mut Vec<Cue>,
    /// Which of `cues` have their text in `written`, to be given the string once it is done.
    /// Listed as they are made, where whether a text was written has just been decided, and
    /// not found by a pass over all cues, where it is a branch that mispredicts.
    written_cues: &'a mut Vec<u32>,
}

impl Output<'_> {
    #[inline(always)]
    fn push_cue(&mut self, cue: Cue) {
        if cue.text_store.is_none() {
            // Cue indices fit in u32: 2^32 cues would take hundreds of GiB. (Not usize: the
            // list's memory counts against the 3x-the-input goal.)
            self.written_cues.push(self.cues.len() as u32);
        }
        self.cues.push(cue);
    }

    /// `text` as a cue's text: a range of the segments' texts when `text` is at byte `at` of
    /// them, else a copy in the chunk's own string.
    fn text(&mut self, text: &str, at: Option<usize>) -> CueText {
        match at {
            Some(start) => CueText {
                store: Some(Arc::clone(self.store)),
                start,
                end: start + text.len(),
            },
            None => {
                let start = self.written.len();
                self.written.push_str(text);
                self.written_text(start)
            }
        }
    }

    /// The chunk's text from byte `start` to its end.
    fn written_text(&self, start: usize) -> CueText {
        CueText {
            store: None,
            start,
            end: self.written.len(),
        }
    }

    /// A cue's text as it is (for checks while the chunk's own string is still being written).
    fn resolve<'t>(&'t self, cue: &'t Cue) -> &'t str {
        match &cue.text_store {
            Some(_) => cue.text(),
            None => {
                let (start, end) = cue.text_range();
                text_at(self.written, start, end)
            }
        }
    }
}

/// Shows a group that starts with `last` together with it (neither starts later): the joining
/// space and any whitespace around it collapse into one when the text is cleaned.
fn merge_into(last: &mut Group, group: &Group, store: &str, index: usize, summary: &mut Summary) {
    let mut joined = match std::mem::replace(&mut last.text, GroupText::Joined(String::new())) {
        GroupText::Joined(text) => text,
        stored => stored.as_str(store).to_owned(),
    };
    joined.push(' ');
    joined.push_str(group.text.as_str(store));
    last.text = GroupText::Joined(joined);
    last.end = last.end.max(group.end);
    let mut indices: Vec<usize> = match &last.sources {
        Sources::One(i) => vec![*i],
        Sources::Many(v) => v.to_vec(),
    };
    indices.push(index);
    last.sources = Sources::Many(indices.into_boxed_slice());
    last.overlapped = true;
    summary.overlaps_resolved += 1;
    summary.segments_merged += 1;
}

impl GroupText {
    fn as_str<'a>(&'a self, store: &'a str) -> &'a str {
        match self {
            Self::Stored { start, end } => text_at(store, *start, *end),
            Self::Joined(text) => text,
        }
    }
}

/// The later start wins: a group that ends after the next one starts is clipped there.
fn clip_before(group: &mut Group, next_start: u64, summary: &mut Summary) {
    if next_start < group.end {
        group.end = next_start;
        group.overlapped = true;
        summary.overlaps_resolved += 1;
    }
}

/// Splits a group into cues, then times and counts them: all of them know where the next cue
/// starts (the next piece, or the next group).
fn finish_group(
    mut group: Group,
    next_start: Option<u64>,
    limits: &[Limits; Script::ALL.len()],
    scratch: &mut Scratch,
    out: &mut Output<'_>,
    summary: &mut Summary,
) {
    let before = out.cues.len();
    scratch.timings.clear();
    split_group(&mut group, next_start, limits, scratch, out);
    summary.splits += out.cues.len() - before - 1;
    let count = out.cues.len() - before;
    for k in 0..count {
        let timing = &scratch.timings[k];
        debug_assert_eq!(timing.reading_chars as usize, {
            let cue = &out.cues[before + k];
            reading_chars(out.resolve(cue), &cue.line_break_spaces)
        });
        let next = out
            .cues
            .get(before + k + 1)
            .map_or(next_start, |c| Some(c.start_ms));
        let cue = &mut out.cues[before + k];
        time_cue(cue, timing, next, &limits[cue.script as usize]);
        summary.add_cue(cue.flags);
    }
}

/// Splits one group into cues with proportional times, and lays out their lines. The group's
/// text is moved into its cues (or freed).
/// `limits_by_script` is indexed by [`Script`].
fn split_group(
    group: &mut Group,
    next_start: Option<u64>,
    limits_by_script: &[Limits; Script::ALL.len()],
    scratch: &mut Scratch,
    out: &mut Output<'_>,
) {
    // The reference, not a clone: no reference count to change for every group.
    let store: &Arc<String> = out.store;
    let (group_text, measured) = clean_and_measure(group.text.as_str(store));
    // Where the text is in the segments' texts, when it is one segment's unchanged: its cues'
    // texts without line breaks are ranges there.
    let stored_at = match (&group.text, &group_text) {
        (GroupText::Stored { start, .. }, Cow::Borrowed(_)) => Some(*start),
        _ => None,
    };
    let group_text: &str = &group_text;
    let script = measured.script;
    let limits = limits_by_script[script as usize];
    let max_lines = limits.max_lines.unwrap_or(u32::MAX);
    // Most segments fit one line and one cue: skip the break search and the layout, which
    // would find exactly this (one piece, no line break, no overflow).
    let fits_line = limits
        .max_line_columns
        .is_none_or(|max| measured.columns <= max);
    let fits_duration = limits
        .max_duration_ms
        .is_none_or(|max| group.end - group.start <= max);
    if fits_line && fits_duration && max_lines >= 1 {
        let mut flags = CueFlags::EMPTY;
        if group.overlapped {
            flags.insert(CueFlag::OverlapResolved);
        }
        let (text_store, text_start, text_len) = out.text(group_text, stored_at).into_fields();
        out.push_cue(Cue {
            start_ms: group.start,
            end_ms: group.end,
            script,
            text_store,
            text_start,
            text_len,
            line_break_spaces: BreakSpaces::NONE,
            space_after: false,
            sources: std::mem::replace(&mut group.sources, Sources::One(0)),
            part: 0,
            parts: 1,
            flags,
        });
        scratch.timings.push(Timing {
            ends_speech: true,
            reading_chars: measured.chars,
        });
        return;
    }
    // A text that may fit two lines needs only the candidates that may end the first, and
    // two lines is what most texts that do not fit one take. Those found, greedy filling
    // tells whether two lines do it as it would from all of them (the first line ends at the
    // same candidate); if not, the text is scanned in full for the split.
    let two_lines = match limits.max_line_columns {
        Some(max) if fits_duration && max_lines >= 2 && may_fit_lines(measured.columns, max, 2) => {
            let first_line = max.saturating_add(1);
            find_candidates_through(
                group_text,
                Some(max),
                first_line,
                &measured,
                &mut scratch.candidates,
            );
            let last = scratch.candidates.len() - 1;
            Some(greedy_line_count(&scratch.candidates, 0, last, max))
                .filter(|&lines| lines == (2, false))
        }
        _ => None,
    };
    if two_lines.is_none() {
        find_candidates(group_text, limits.max_line_columns, &mut scratch.candidates);
    }
    let cands = &scratch.candidates;
    let piece_limits = PieceLimits {
        max_cols: limits.max_line_columns,
        max_lines,
        max_duration_ms: limits.max_duration_ms,
        duration_ms: group.end - group.start,
    };
    let whole_lines = split_into_pieces(
        cands,
        &piece_limits,
        two_lines,
        &mut scratch.ends,
        &mut scratch.split,
    );

    // Every cue needs at least a millisecond before the next group starts.
    let room = next_start.map_or(u64::MAX, |next| next - group.start);
    let mut merged = false;
    if scratch.ends.len() as u64 > room {
        let keep = room as usize; // room < ends.len(), so it fits in usize
        let all = std::mem::take(&mut scratch.ends);
        scratch.ends = (0..keep)
            .map(|k| all[(k + 1) * all.len() / keep - 1])
            .collect();
        merged = true;
    }
    let pieces = scratch.ends.len() as u64;

    // Short segments split in several pieces borrow time from the following gap.
    let mut alloc_end = group.end;
    if pieces > 1 {
        let wanted = group
            .start
            .saturating_add(pieces.saturating_mul(limits.min_duration_ms.max(1)));
        let cap = latest_end(group.start, next_start, limits.min_gap_ms);
        alloc_end = alloc_end.max(wanted.min(cap)).max(group.start + pieces);
    }
    let total_chars = u128::from(cands[cands.len() - 1].left_chars.max(1));
    let span = u128::from(alloc_end - group.start);

    let mut piece_start_cand = 0usize;
    let mut piece_start_ms = group.start;
    for (k, &end_cand) in scratch.ends.iter().enumerate() {
        let is_last = k + 1 == scratch.ends.len();
        let piece_end_ms = if is_last {
            alloc_end
        } else {
            let chars_so_far = u128::from(cands[end_cand].left_chars);
            // Rounded proportional share; the clamp keeps every piece at least 1 ms long.
            let share = (span * chars_so_far + total_chars / 2) / total_chars;
            let ideal = group.start + share as u64;
            let remaining = pieces - k as u64 - 1;
            ideal.max(piece_start_ms + 1).min(alloc_end - remaining)
        };
        let overflow = layout_lines(
            cands,
            (piece_start_cand, end_cand),
            limits.max_line_columns,
            max_lines,
            // Known when the whole text is one piece (and not merged away), and otherwise
            // counted along the piece's line ends.
            whole_lines.filter(|_| pieces == 1 && !merged).or_else(|| {
                scratch
                    .split
                    .greedy_lines(cands, piece_start_cand, end_cand)
            }),
            &mut scratch.breaks,
        );
        let (text, line_break_spaces) = piece_text(
            group_text,
            stored_at,
            (piece_start_cand, end_cand),
            cands,
            &scratch.breaks,
            out,
        );
        let mut flags = CueFlags::EMPTY;
        if overflow {
            flags.insert(CueFlag::TokenWiderThanLine);
        }
        if merged {
            flags.insert(CueFlag::NoRoomToSplit);
        }
        if group.overlapped {
            flags.insert(CueFlag::OverlapResolved);
        }
        let (text_store, text_start, text_len) = text.into_fields();
        out.push_cue(Cue {
            start_ms: piece_start_ms,
            end_ms: piece_end_ms,
            script,
            text_store,
            text_start,
            text_len,
            line_break_spaces,
            space_after: !is_last && cands[end_cand].is_space(),
            sources: group.sources.clone(),
            part: k as u32,
            parts: pieces as u32,
            flags,
        });
        scratch.timings.push(Timing {
            ends_speech: is_last,
            // Spaces replaced by line breaks are counted, as `plain_text` restores them.
            reading_chars: cands[end_cand]
                .left_chars
                .saturating_sub(cands[piece_start_cand].right_chars),
        });
        piece_start_cand = end_cand;
        piece_start_ms = piece_end_ms;
    }
}

/// The text of the piece of `text` between candidates `from` and `to`, with `\n` at the chosen
/// line `breaks`: a break at a space replaces it, any other is added. Without a break, and
/// when `text` is at byte `stored_at` of the segments' texts, the piece is a range there.
fn piece_text(
    text: &str,
    stored_at: Option<usize>,
    (from, to): (usize, usize),
    cands: &[Candidate],
    breaks: &[usize],
    out: &mut Output<'_>,
) -> (CueText, BreakSpaces) {
    let start = cands[from].right_start as usize;
    let end = cands[to].left_end as usize;
    if breaks.is_empty() {
        let at = stored_at.map(|at| at + start);
        return (out.text(&text[start..end], at), BreakSpaces::NONE);
    }
    let written_start = out.written.len();
    let mut line_start = start;
    for &b in breaks {
        out.written
            .push_str(&text[line_start..cands[b].left_end as usize]);
        out.written.push('\n');
        line_start = cands[b].right_start as usize;
    }
    out.written.push_str(&text[line_start..end]);
    (
        out.written_text(written_start),
        BreakSpaces::from_flags(breaks.iter().map(|&b| cands[b].is_space())),
    )
}

/// The latest a cue starting at `start` may end: `min_gap_ms` before the next cue, or at the
/// next cue where that gap does not fit after `start`.
fn latest_end(start: u64, next_start: Option<u64>, min_gap_ms: u64) -> u64 {
    match next_start {
        Some(next) if next.saturating_sub(min_gap_ms) > start => next - min_gap_ms,
        Some(next) => next,
        None => u64::MAX,
    }
}

/// Minimum and maximum duration, reading speed and gap for one cue, moving only its end;
/// `next_start` is where the next cue starts.
fn time_cue(cue: &mut Cue, timing: &Timing, next_start: Option<u64>, limits: &Limits) {
    let Timing {
        ends_speech,
        reading_chars,
    } = timing;
    let (start, end) = (cue.start_ms, cue.end_ms);
    let cap = latest_end(start, next_start, limits.min_gap_ms);
    let reading_chars = f64::from(*reading_chars);
    let mut extension = start.saturating_add(limits.min_duration_ms);
    if let Some(cps) = limits.max_chars_per_second {
        let needed = ceil_to_u64(reading_chars * 1000.0 / cps);
        let readable = start
            .saturating_add(needed)
            .min(end.saturating_add(limits.max_linger_ms));
        extension = extension.max(readable);
    }
    if let Some(max) = limits.max_duration_ms {
        extension = extension.min(start.saturating_add(max));
    }
    let mut new_end = end.max(extension).max(start + 1).min(cap);
    if end > cap && *ends_speech {
        cue.flags.insert(CueFlag::ShortenedForGap);
    }
    if let Some(max) = limits.max_duration_ms
        && new_end - start > max
    {
        new_end = start + max;
        cue.flags.insert(CueFlag::CutAtMaxDuration);
    }
    cue.end_ms = new_end;
    let duration = new_end - start;
    if duration < limits.min_duration_ms {
        cue.flags.insert(CueFlag::BelowMinDuration);
    }
    if let Some(next) = next_start
        && next - new_end < limits.min_gap_ms
    {
        cue.flags.insert(CueFlag::GapBelowMinimum);
    }
    if let Some(cps) = limits.max_chars_per_second
        && reading_chars * 1000.0 > cps * duration as f64
    {
        cue.flags.insert(CueFlag::OverReadingSpeed);
    }
}

#[cfg(test)]
mod tests;
