//! From segments to cues: grouping, overlap resolution, splitting, line layout and timing.

use std::num::NonZeroUsize;

use aliasr_models::Segment;

use crate::breaks::{Candidate, find_candidates, find_candidates_through};
use crate::cue::{BreakSpaces, Cue, CueFlag, CueFlags, Sources, Summary};
use crate::error::TranscriptError;
use crate::layout::{
    PieceLimits, SplitWork, greedy_line_count, layout_lines, may_fit_lines, split_into_pieces,
};
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
    text: String,
    sources: Sources,
    overlapped: bool,
}

/// A segment's times in integer milliseconds, offset applied.
#[derive(Clone, Copy)]
struct Span {
    start: u64,
    end: u64,
}

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
    pub fn build(&self, mut segments: Vec<Segment>) -> Result<Cues, TranscriptError> {
        let mut spans = self.spans(&segments)?;
        // Input indices, when the segments had to be put in time order.
        let mut indices = None;
        if !spans.is_sorted_by_key(|span| span.start) {
            let mut order: Vec<usize> = (0..segments.len()).collect();
            order.sort_by_key(|&i| spans[i].start);
            let mut slots: Vec<Option<Segment>> = segments.into_iter().map(Some).collect();
            segments = order.iter().filter_map(|&i| slots[i].take()).collect();
            spans = order.iter().map(|&i| spans[i]).collect();
            indices = Some(order);
        }
        let limits = Script::ALL.map(|script| self.settings.limits(script));
        let mut summary = Summary {
            segments_in: segments.len(),
            ..Summary::default()
        };
        let parts = self.build_chunks(&mut segments, &spans, indices.as_deref(), &limits);
        // The texts have moved into the cues: free the segments before the parts are joined.
        drop(segments);
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
        segments: &mut [Segment],
        spans: &[Span],
        indices: Option<&[usize]>,
        limits: &[Limits; Script::ALL.len()],
    ) -> Vec<Part> {
        let len = segments.len();
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
        let mut rest = segments;
        for pair in bounds.windows(2) {
            let (chunk, tail) = rest.split_at_mut(pair[1] - pair[0]);
            // Where the group after the chunk starts: the first segment with text after it.
            let next_after = tail
                .iter()
                .zip(&spans[pair[1]..])
                .find(|(segment, _)| !is_blank(segment))
                .map(|(_, span)| span.start);
            chunks.push(Chunk {
                segments: chunk,
                spans: &spans[pair[0]..pair[1]],
                indices: indices.map(|all| &all[pair[0]..pair[1]]),
                first_index: pair[0],
                next_after,
            });
            rest = tail;
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
                    let room = segments_capacity(chunk.segments.len());
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
    /// in input order so that an error names the first bad segment.
    fn spans(&self, segments: &[Segment]) -> Result<Vec<Span>, TranscriptError> {
        let offset = self.settings.offset_ms;
        let mut spans = Vec::with_capacity(segments.len());
        for (index, segment) in segments.iter().enumerate() {
            let times = segment
                .check_times()
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
            spans.push(Span { start, end });
        }
        Ok(spans)
    }
}

/// Below this many segments per thread, another thread costs more than it saves.
const MIN_SEGMENTS_PER_THREAD: usize = 4096;

/// Room for the cues of this many segments: splits add about one cue in five, and reserving for
/// that avoids doubling the vector (room that is never written is never touched).
fn segments_capacity(segments: usize) -> usize {
    segments + segments / 4 + 1
}

/// A segment without text, dropped (and counted).
fn is_blank(segment: &Segment) -> bool {
    // Nearly every text starts with a printable ASCII character or a CJK ideograph, neither of
    // them whitespace: known from the first byte, before trimming a text that has some.
    match segment.content.as_bytes().first() {
        Some(b'!'..=b'~' | 0xE4..=0xE9) => false,
        _ => segment.content.trim().is_empty(),
    }
}

/// The finished cues of consecutive segments, and their counts.
struct Part {
    cues: Vec<Cue>,
    summary: Summary,
}

/// Consecutive time-ordered segments, to be built into one [`Part`].
struct Chunk<'a> {
    /// Their texts are taken.
    segments: &'a mut [Segment],
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
        segments,
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
    let mut pending: Option<Group> = None;
    for (k, (segment, span)) in segments.iter_mut().zip(spans).enumerate() {
        if is_blank(segment) {
            summary.empty_segments_dropped += 1;
            continue;
        }
        let index = indices.map_or(first_index + k, |all| all[k]);
        let group = Group {
            start: span.start,
            end: span.end,
            // Cleaned when it is split, in the same pass that measures it.
            text: std::mem::take(&mut segment.content),
            sources: Sources::One(index),
            overlapped: false,
        };
        let Some(last) = pending.as_mut() else {
            pending = Some(group);
            continue;
        };
        if group.start == last.start {
            merge_into(last, &group, index, &mut summary);
            continue;
        }
        clip_before(last, group.start, &mut summary);
        if let Some(done) = pending.replace(group) {
            finish_group(
                done,
                Some(span.start),
                limits,
                &mut scratch,
                &mut cues,
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
            &mut cues,
            &mut summary,
        );
    }
    Part { cues, summary }
}

/// Shows a group that starts with `last` together with it (neither starts later): the joining
/// space and any whitespace around it collapse into one when the text is cleaned.
fn merge_into(last: &mut Group, group: &Group, index: usize, summary: &mut Summary) {
    last.text.push(' ');
    last.text.push_str(&group.text);
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
    cues: &mut Vec<Cue>,
    summary: &mut Summary,
) {
    let before = cues.len();
    scratch.timings.clear();
    split_group(&mut group, next_start, limits, scratch, cues);
    summary.splits += cues.len() - before - 1;
    let count = cues.len() - before;
    for k in 0..count {
        let next = cues
            .get(before + k + 1)
            .map_or(next_start, |c| Some(c.start_ms));
        let cue = &mut cues[before + k];
        time_cue(cue, &scratch.timings[k], next, &limits[cue.script as usize]);
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
    cues: &mut Vec<Cue>,
) {
    let (mut group_text, measured) = clean_and_measure(std::mem::take(&mut group.text));
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
        cues.push(Cue {
            start_ms: group.start,
            end_ms: group.end,
            script,
            text: group_text.into_boxed_str(),
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
                &group_text,
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
        find_candidates(
            &group_text,
            limits.max_line_columns,
            &mut scratch.candidates,
        );
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
        let (text, line_break_spaces) = if is_last {
            // The last (or only) piece keeps the segment's own allocation: the text before it
            // is dropped and its lines are broken in place.
            let mut rest = std::mem::take(&mut group_text);
            let start = cands[piece_start_cand].right_start as usize;
            rest.drain(..start);
            text_in_lines(rest, start, cands, &scratch.breaks)
        } else {
            piece_text(
                &group_text,
                cands,
                piece_start_cand,
                end_cand,
                &scratch.breaks,
            )
        };
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
        cues.push(Cue {
            start_ms: piece_start_ms,
            end_ms: piece_end_ms,
            script,
            text,
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

/// A piece's text, `text` (which starts at byte `start` of the segment's text), with `\n` at the
/// chosen line breaks, edited in its own allocation: a break at a space replaces it, any other
/// adds a byte (reserved exactly, so boxing does not reallocate).
fn text_in_lines(
    mut text: String,
    start: usize,
    cands: &[Candidate],
    breaks: &[usize],
) -> (Box<str>, BreakSpaces) {
    if breaks.is_empty() {
        return (text.into_boxed_str(), BreakSpaces::NONE);
    }
    text.reserve_exact(added_bytes(cands, breaks));
    // From the end, so that the offsets of the breaks still to come do not move.
    for &b in breaks.iter().rev() {
        let at = cands[b].left_end as usize - start;
        if cands[b].is_space() {
            text.replace_range(at..at + 1, "\n");
        } else {
            text.insert(at, '\n');
        }
    }
    (
        text.into_boxed_str(),
        BreakSpaces::from_flags(breaks.iter().map(|&b| cands[b].is_space())),
    )
}

/// The bytes line breaks add to a text: one for each that is not at a space.
fn added_bytes(cands: &[Candidate], breaks: &[usize]) -> usize {
    breaks.iter().filter(|&&b| !cands[b].is_space()).count()
}

/// The text of the piece between two candidates, with `\n` at the chosen line breaks: a copy
/// with room for them, then [`text_in_lines`].
fn piece_text(
    text: &str,
    cands: &[Candidate],
    from: usize,
    to: usize,
    breaks: &[usize],
) -> (Box<str>, BreakSpaces) {
    let start = cands[from].right_start as usize;
    let end = cands[to].left_end as usize;
    let mut piece = String::with_capacity(end - start + added_bytes(cands, breaks));
    piece.push_str(&text[start..end]);
    text_in_lines(piece, start, cands, breaks)
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
    debug_assert_eq!(*reading_chars as usize, cue.reading_chars());
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
