use super::*;
use crate::settings::Preset;

fn seg(text: &str, from: f64, to: f64) -> Segment {
    Segment::new(text, from, to).unwrap()
}

fn build(settings: CueSettings, segments: Vec<Segment>) -> Cues {
    CueBuilder::new(settings).unwrap().build(segments).unwrap()
}

fn times(cues: &Cues) -> Vec<(u64, u64)> {
    cues.cues.iter().map(|c| (c.start_ms, c.end_ms)).collect()
}

#[test]
fn overlaps_are_resolved_later_start_wins() {
    let built = build(
        CueSettings::new(Preset::None),
        vec![seg("a", 0.0, 3.0), seg("b", 2.0, 4.0)],
    );
    assert_eq!(times(&built), [(0, 2000), (2000, 4000)]);
    assert!(built.cues[0].flags().contains(CueFlag::OverlapResolved));
    assert!(!built.cues[1].flags().contains(CueFlag::OverlapResolved));
    assert_eq!(built.summary.overlaps_resolved, 1);
}

#[test]
fn segments_starting_together_are_merged() {
    let built = build(
        CueSettings::new(Preset::None),
        vec![seg("a", 1.0, 2.0), seg("b", 1.0, 3.0)],
    );
    assert_eq!(built.cues.len(), 1);
    assert_eq!(built.cues[0].text(), "a b");
    assert_eq!(built.cues[0].source_segments(), [0, 1]);
    assert_eq!(times(&built), [(1000, 3000)]);
    assert_eq!(built.summary.segments_merged, 1);
}

#[test]
fn empty_segments_are_dropped_and_counted() {
    let built = build(
        CueSettings::default(),
        vec![seg(" \n", 0.0, 1.0), seg("x", 1.0, 2.0), seg("", 2.0, 2.0)],
    );
    assert_eq!(built.cues.len(), 1);
    assert_eq!(built.cues[0].source_segments(), [1]);
    assert_eq!(built.summary.empty_segments_dropped, 2);
    assert_eq!(built.summary.segments_in, 3);
}

#[test]
fn a_text_is_blank_exactly_when_trimming_empties_it() {
    let mut texts: Vec<String> = ["", " ", "\u{3000}", "\u{3000}好", "\t\n", "~", "!x", "丁"]
        .map(String::from)
        .to_vec();
    // Every character alone, and after a space: the first byte decides only where it may.
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        texts.push(c.to_string());
    }
    for text in texts {
        assert_eq!(is_blank(&text), text.trim().is_empty(), "{text:?}");
        let spaced = format!(" {text}");
        assert_eq!(is_blank(&spaced), text.trim().is_empty(), "{text:?}");
    }
}

#[test]
fn short_cues_extend_into_the_gap_but_keep_the_min_gap() {
    let built = build(
        CueSettings::default(),
        vec![
            seg("Hi.", 0.0, 0.2),
            seg("Yes.", 0.5, 1.5),
            seg("Ok.", 5.0, 5.1),
        ],
    );
    // 0.2 s wants 0.833 s, but the next cue starts at 0.5 s: end at 0.5 - 0.083.
    assert_eq!(built.cues[0].end_ms(), 417);
    assert!(built.cues[0].flags().contains(CueFlag::BelowMinDuration));
    assert!(!built.cues[0].flags().contains(CueFlag::ShortenedForGap));
    assert_eq!(built.cues[2].end_ms(), 5833);
    assert!(built.cues[2].flags().is_empty());
}

#[test]
fn touching_segments_are_shortened_for_the_gap_and_flagged() {
    let built = build(
        CueSettings::default(),
        vec![seg("First one here.", 0.0, 2.0), seg("Second.", 2.0, 4.0)],
    );
    assert_eq!(built.cues[0].end_ms(), 1917);
    assert!(built.cues[0].flags().contains(CueFlag::ShortenedForGap));
    assert_eq!(built.summary.count(CueFlag::ShortenedForGap), 1);
}

#[test]
fn reading_speed_extends_up_to_the_linger_limit_then_flags() {
    let text = "This sentence has exactly forty characters"; // 42 chars
    let built = build(CueSettings::default(), vec![seg(text, 0.0, 1.0)]);
    // 42 chars at 20 cps need 2.1 s; the cue may linger 0.5 s past the speech.
    assert_eq!(built.cues[0].end_ms(), 1500);
    assert!(built.cues[0].flags().contains(CueFlag::OverReadingSpeed));
    let relaxed = build(
        CueSettings::default().with_max_chars_per_second(30.0),
        vec![seg(text, 0.0, 1.0)],
    );
    assert_eq!(relaxed.cues[0].end_ms(), 1400);
    assert!(!relaxed.cues[0].flags().contains(CueFlag::OverReadingSpeed));
}

#[test]
fn unsplittable_long_cues_are_cut_at_max_duration() {
    let built = build(CueSettings::default(), vec![seg("嗯", 0.0, 20.0)]);
    assert_eq!(times(&built), [(0, 7000)]);
    assert!(built.cues[0].flags().contains(CueFlag::CutAtMaxDuration));
}

#[test]
fn offsets_shift_every_time_and_never_below_zero() {
    let built = build(
        CueSettings::new(Preset::None).with_offset_ms(1500),
        vec![seg("a", 0.0, 1.0)],
    );
    assert_eq!(times(&built), [(1500, 2500)]);
    let error = CueBuilder::new(CueSettings::new(Preset::None).with_offset_ms(-500))
        .unwrap()
        .build(vec![seg("a", 2.0, 3.0), seg("b", 0.2, 1.0)])
        .unwrap_err();
    assert_eq!(
        error,
        TranscriptError::OffsetBeforeZero {
            offset_ms: -500,
            index: 1,
            from_ms: 200
        }
    );
}

#[test]
fn unsorted_segments_are_taken_in_time_order() {
    let built = build(
        CueSettings::new(Preset::None),
        vec![seg("b", 5.0, 6.0), seg("a", 1.0, 2.0)],
    );
    let texts: Vec<&str> = built.cues.iter().map(Cue::text).collect();
    assert_eq!(texts, ["a", "b"]);
    assert_eq!(built.cues[0].source_segments(), [1]);
}

#[test]
fn zero_length_segments_still_get_a_visible_cue() {
    let built = build(
        CueSettings::new(Preset::None),
        vec![seg("a", 1.0, 1.0), seg("b", 1.001, 2.0)],
    );
    assert_eq!(times(&built), [(1000, 1001), (1001, 2000)]);
}

#[test]
fn long_segments_become_parts_with_proportional_times() {
    let text =
        "今天我们先回顾上个季度的用户增长数据，然后讨论新版本的发布计划，最后留出时间给大家提问。";
    let built = build(CueSettings::default(), vec![seg(text, 2.84, 9.12)]);
    assert_eq!(built.cues.len(), 2);
    assert_eq!(built.summary.splits, 1);
    let first = &built.cues[0];
    assert_eq!(
        (first.part(), first.parts(), first.source_segments()),
        (0, 2, &[0usize][..])
    );
    // 19 of 44 characters: 2840 + 6280 * 19 / 44 = 5552 ms, less the 83 ms gap.
    assert_eq!(times(&built), [(2840, 5469), (5552, 9120)]);
    assert!(first.flags().is_empty(), "{:?}", first.flags());
    assert_eq!(first.script(), Script::Chinese);
}

#[test]
fn timestamps_never_drift_over_100k_cues() {
    let segments: Vec<Segment> = (0..100_000)
        .map(|i| {
            seg(
                "x",
                f64::from(i) * 1.001 + 0.0004,
                f64::from(i) * 1.001 + 0.5,
            )
        })
        .collect();
    let built = build(CueSettings::new(Preset::None), segments.clone());
    for (cue, segment) in built.cues.iter().zip(&segments) {
        assert_eq!(cue.start_ms(), (segment.from * 1000.0).round() as u64);
        assert_eq!(cue.end_ms(), (segment.to * 1000.0).round() as u64);
    }
}

#[test]
fn no_room_to_split_merges_pieces_and_flags_them() {
    let long = "word ".repeat(60);
    let built = build(
        CueSettings::default(),
        vec![seg(&long, 1.0, 1.0), seg("next", 1.002, 3.0)],
    );
    assert_eq!(built.cues.len(), 3);
    assert!(built.cues[0].flags().contains(CueFlag::NoRoomToSplit));
    assert_eq!(built.cues[1].end_ms(), 1002);
}

#[test]
fn summary_reads_as_one_line() {
    let built = build(
        CueSettings::default(),
        vec![seg("a", 0.0, 3.0), seg("b", 2.0, 4.0), seg("", 4.0, 5.0)],
    );
    let line = built.summary.to_string();
    assert!(
        line.starts_with(
            "3 segments in, 2 cues out, 0 splits, 1 empty segment dropped, 1 overlap resolved, 1 flagged"
        ),
        "{line}"
    );
    assert!(
        line.ends_with("(1 overlap resolved, 1 shortened to keep the gap)"),
        "{line}"
    );
}

fn built_with_threads(threads: usize, segments: &[Segment]) -> Cues {
    CueBuilder::new(CueSettings::default())
        .unwrap()
        .with_threads(NonZeroUsize::new(threads).unwrap())
        .build(segments.to_vec())
        .unwrap()
}

#[test]
fn threads_do_not_change_the_cues() {
    // Long and short, Latin and CJK, touching and overlapping: every path of the builder.
    let texts = [
        "大家好，欢迎参加第二季度的产品评审会议。今天我们先回顾上个季度的用户增长数据，然后讨论新版本的发布计划。",
        "Thanks everyone for joining, let's get started with the numbers for the quarter and the plan.",
        "嗯",
        "OK",
        "",
        "A very long sentence that goes on and on, with clauses; and more words than two lines can hold at all, surely.",
    ];
    let mut mixed = Vec::new();
    let mut at = 0.0f64;
    // Where 2 to 5 threads would cut the input: runs of segments starting together, and
    // segments without text, straddle those places.
    let cuts: Vec<usize> = (2..=5usize)
        .flat_map(|threads| (1..threads).map(move |k| 24_000 * k / threads))
        .collect();
    let mut run_start = 0.0f64;
    for i in 0..24_000usize {
        let near_cut = cuts.iter().any(|&cut| (cut - 1..cut + 3).contains(&i));
        // Blank inside a run, and first after it (where a cut moved past the run falls).
        let text = if cuts.iter().any(|&cut| i == cut + 1 || i == cut + 3) {
            ""
        } else {
            texts[i % texts.len()]
        };
        let duration = 0.2 + (i % 7) as f64 * 0.9;
        let start = if near_cut && !cuts.contains(&(i + 1)) {
            run_start
        } else if i % 11 == 0 {
            (at - 0.05).max(0.0)
        } else {
            at
        };
        run_start = start;
        mixed.push(seg(text, start, start + duration));
        at = start + duration + (i % 3) as f64 * 0.01;
    }
    // Every segment is split and too short for its pieces, so their times depend on where the
    // next segment starts: a thread that did not know it would give other times.
    let crowded: Vec<Segment> = (0..24_000)
        .map(|i| seg(texts[0], i as f64 * 1.1, i as f64 * 1.1 + 1.0))
        .collect();
    // The runs were merged, so a cut inside one would show.
    assert!(built_with_threads(1, &mixed).summary.segments_merged >= 9);
    for segments in [&mixed, &crowded] {
        let one = built_with_threads(1, segments);
        assert!(one.summary.splits > 0);
        for threads in 2..=5 {
            assert_eq!(
                one,
                built_with_threads(threads, segments),
                "{threads} threads"
            );
        }
    }
}
