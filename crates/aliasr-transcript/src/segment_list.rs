//! Segments held compactly: every text in one string, each segment a range of it and its times.
//!
//! A transcript of 100k segments as `Vec<Segment>` is 100k separate allocations, each made when
//! it is read and freed when its cue is dropped. Here the texts are one allocation, and the
//! cues built from them share it (see [`crate::Cue`]).

use std::fmt;
use std::sync::Arc;

use aliasr_models::Segment;

/// Segments in input order, their texts stored one after the other in one string.
///
/// What [`crate::read_segments`] returns and [`crate::CueBuilder::build`] takes; a
/// `Vec<Segment>` converts both ways.
///
/// ```
/// use aliasr_transcript::{Segment, SegmentList};
///
/// let mut list = SegmentList::new();
/// list.push("大家好", 0.0, 1.5);
/// list.push("welcome", 1.5, 2.25);
/// assert_eq!(list.len(), 2);
/// assert_eq!(list.get(1).map(|s| s.content), Some("welcome"));
/// let segments: Vec<Segment> = list.to_vec();
/// assert_eq!(SegmentList::from(segments), list);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SegmentList {
    text: String,
    entries: Vec<Entry>,
}

/// One segment: its text's byte range in [`SegmentList::text`], and its times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) from: f64,
    pub(crate) to: f64,
}

/// One segment of a [`SegmentList`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SegmentRef<'a> {
    /// The recognised text.
    pub content: &'a str,
    /// Start time in seconds.
    pub from: f64,
    /// End time in seconds.
    pub to: f64,
}

impl SegmentRef<'_> {
    /// An owned copy.
    pub fn to_segment(&self) -> Segment {
        Segment {
            content: self.content.to_owned(),
            from: self.from,
            to: self.to,
        }
    }
}

impl SegmentList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty list with room for `segments` segments holding `text_bytes` bytes of text.
    pub fn with_capacity(segments: usize, text_bytes: usize) -> Self {
        Self {
            text: String::with_capacity(text_bytes),
            entries: Vec::with_capacity(segments),
        }
    }

    /// Adds a segment. Its times are not checked here: [`crate::CueBuilder::build`] checks them
    /// (see [`Segment::check_times`]), and [`crate::read_segments`] only adds checked ones.
    pub fn push(&mut self, content: &str, from: f64, to: f64) {
        let start = self.text.len();
        self.text.push_str(content);
        self.entries.push(Entry {
            start,
            end: self.text.len(),
            from,
            to,
        });
    }

    /// How many segments there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The segment at `index`.
    pub fn get(&self, index: usize) -> Option<SegmentRef<'_>> {
        self.entries.get(index).map(|entry| self.segment(entry))
    }

    /// The segments in order.
    pub fn iter(&self) -> SegmentIter<'_> {
        SegmentIter {
            list: self,
            entries: self.entries.iter(),
        }
    }

    /// Owned copies of the segments.
    pub fn to_vec(&self) -> Vec<Segment> {
        self.iter().map(|segment| segment.to_segment()).collect()
    }

    fn segment<'a>(&'a self, entry: &Entry) -> SegmentRef<'a> {
        SegmentRef {
            content: text_at(&self.text, entry.start, entry.end),
            from: entry.from,
            to: entry.to,
        }
    }

    /// The texts, shared, and the entries: what the builder works from.
    pub(crate) fn into_parts(self) -> (Arc<String>, Vec<Entry>) {
        (Arc::new(self.text), self.entries)
    }
}

/// Bytes `start..end` of a list's texts (or of any string whose ranges are taken as `push`
/// takes them): every such range is in bounds and on char boundaries, so the empty fallback is
/// never taken.
pub(crate) fn text_at(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

impl fmt::Debug for SegmentList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<&[Segment]> for SegmentList {
    fn from(segments: &[Segment]) -> Self {
        let bytes = segments.iter().map(|s| s.content.len()).sum();
        let mut list = Self::with_capacity(segments.len(), bytes);
        for segment in segments {
            list.push(&segment.content, segment.from, segment.to);
        }
        list
    }
}

impl From<Vec<Segment>> for SegmentList {
    fn from(segments: Vec<Segment>) -> Self {
        Self::from(segments.as_slice())
    }
}

impl From<SegmentList> for Vec<Segment> {
    fn from(list: SegmentList) -> Self {
        list.to_vec()
    }
}

impl FromIterator<Segment> for SegmentList {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        let mut list = Self::new();
        for segment in iter {
            list.push(&segment.content, segment.from, segment.to);
        }
        list
    }
}

/// The segments of a [`SegmentList`], in order.
#[derive(Debug, Clone)]
pub struct SegmentIter<'a> {
    list: &'a SegmentList,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for SegmentIter<'a> {
    type Item = SegmentRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.next().map(|entry| self.list.segment(entry))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for SegmentIter<'_> {}

impl DoubleEndedIterator for SegmentIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.entries
            .next_back()
            .map(|entry| self.list.segment(entry))
    }
}

impl<'a> IntoIterator for &'a SegmentList {
    type Item = SegmentRef<'a>;
    type IntoIter = SegmentIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_vec_of_segments_converts_both_ways_unchanged(
            segments in proptest::collection::vec(
                ("\\PC{0,12}", 0.0f64..1e6, 0.0f64..1e6)
                    .prop_map(|(content, from, to)| Segment { content, from, to }),
                0..20,
            )
        ) {
            let list = SegmentList::from(segments.clone());
            proptest::prop_assert_eq!(list.len(), segments.len());
            for (k, segment) in segments.iter().enumerate() {
                let got = list.get(k).map(|s| s.to_segment());
                proptest::prop_assert_eq!(got.as_ref(), Some(segment));
            }
            proptest::prop_assert_eq!(list.get(segments.len()), None);
            proptest::prop_assert_eq!(Vec::<Segment>::from(list.clone()), segments.clone());
            proptest::prop_assert_eq!(segments.into_iter().collect::<SegmentList>(), list);
        }
    }

    use proptest::strategy::Strategy;
}
