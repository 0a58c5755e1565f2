//! Parsing a segment array without losing track of which element is wrong.
//!
//! Elements are read loosely (any JSON value is accepted for each field), in one pass and
//! without building a `serde_json::Value`; the checks that name the index and field follow.

use std::fmt;

use aliasr_models::{Segment, SegmentTimeProblem};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::excerpt::malformed;
use crate::SegmentList;
use crate::error::TranscriptError;

/// Largest time accepted, in seconds: its milliseconds stay exact in an f64 and in integer
/// arithmetic (2^53 ms, about 285,000 years).
pub(super) const MAX_SECONDS: f64 = 9_007_199_254_740.0;
/// Largest segment text, in bytes: offsets into it are kept as u32.
pub(super) const MAX_CONTENT_BYTES: usize = (u32::MAX / 2) as usize;

/// One field's value, whatever JSON type it had.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Loose {
    #[default]
    Missing,
    Null,
    Bool,
    Number(f64),
    Text(String),
    Array,
    Object,
}

impl Loose {
    fn kind(&self) -> String {
        match self {
            Self::Missing => "nothing".into(),
            Self::Null => "null".into(),
            Self::Bool => "a boolean".into(),
            Self::Number(n) => format!("the number {n}"),
            Self::Text(s) => {
                let shown: String = s.chars().take(20).collect();
                let ellipsis = if s.chars().count() > 20 { "..." } else { "" };
                format!("the string {shown:?}{ellipsis}")
            }
            Self::Array => "an array".into(),
            Self::Object => "an object".into(),
        }
    }
}

/// One array element, read loosely.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawElement {
    Segment {
        content: Loose,
        from: Loose,
        to: Loose,
        duplicate: Option<&'static str>,
    },
    NotAnObject(Loose),
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Object)
    }
}

/// The keys a segment has; any other key is skipped without allocating.
enum Key {
    Content,
    From,
    To,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "content" => Key::Content,
                    "from" => Key::From,
                    "to" => Key::To,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for RawElement {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = RawElement;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a segment object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawElement, A::Error> {
        let (mut content, mut from, mut to) = (Loose::Missing, Loose::Missing, Loose::Missing);
        let mut duplicate = None;
        while let Some(key) = map.next_key::<Key>()? {
            let (slot, name) = match key {
                Key::Content => (&mut content, "content"),
                Key::From => (&mut from, "from"),
                Key::To => (&mut to, "to"),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if *slot != Loose::Missing {
                duplicate = duplicate.or(Some(name));
            }
            *slot = map.next_value()?;
        }
        Ok(RawElement::Segment {
            content,
            from,
            to,
            duplicate,
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawElement, E> {
        LooseVisitor.visit_bool(v).map(RawElement::NotAnObject)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawElement, E> {
        LooseVisitor.visit_i64(v).map(RawElement::NotAnObject)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawElement, E> {
        LooseVisitor.visit_u64(v).map(RawElement::NotAnObject)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawElement, E> {
        LooseVisitor.visit_f64(v).map(RawElement::NotAnObject)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawElement, E> {
        LooseVisitor.visit_str(v).map(RawElement::NotAnObject)
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawElement, E> {
        Ok(RawElement::NotAnObject(Loose::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawElement, A::Error> {
        LooseVisitor.visit_seq(seq).map(RawElement::NotAnObject)
    }
}

/// Checks elements one at a time, so that the raw elements are never all in memory at once.
#[derive(Default)]
pub(crate) struct Checked {
    segments: Vec<Segment>,
    first_problem: Option<(usize, &'static str, String)>,
    more: usize,
    seen: usize,
}

impl Checked {
    fn push(&mut self, element: RawElement) {
        let index = self.seen;
        self.seen += 1;
        match check(element) {
            Ok(segment) if self.first_problem.is_none() => self.segments.push(segment),
            Ok(_) => {}
            Err((field, problem)) if self.first_problem.is_none() => {
                self.first_problem = Some((index, field, problem));
                self.segments = Vec::new();
            }
            Err(_) => self.more += 1,
        }
    }

    /// The segments, or an error naming the first bad one and counting the others.
    fn finish(self, location: &str) -> Result<Vec<Segment>, TranscriptError> {
        match self.first_problem {
            Some((index, field, problem)) => Err(TranscriptError::InvalidSegment {
                location: location.to_string(),
                index,
                field,
                problem,
                more: self.more,
            }),
            None => Ok(self.segments),
        }
    }
}

/// Reads the array in one pass, checking each element as soon as it is read.
struct ElementsSeed;

impl<'de> DeserializeSeed<'de> for ElementsSeed {
    type Value = Checked;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ElementsSeed {
    type Value = Checked;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of segments")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut checked = Checked::default();
        while let Some(element) = seq.next_element::<RawElement>()? {
            checked.push(element);
        }
        Ok(checked)
    }
}

/// Parses and checks a JSON array of segments: a syntax error gives line and column, a bad
/// segment its index and field.
pub(crate) fn parse_array(text: &str, location: &str) -> Result<SegmentList, TranscriptError> {
    // The usual array is read about twice as fast by a reader that knows only it.
    match super::plain::read_plain_array(text) {
        Some(segments) => Ok(segments),
        None => parse_array_in_general(text, location).map(SegmentList::from),
    }
}

/// [`parse_array`] for any input: serde_json, loose elements, then the checks.
pub(super) fn parse_array_in_general(
    text: &str,
    location: &str,
) -> Result<Vec<Segment>, TranscriptError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let checked = ElementsSeed
        .deserialize(&mut deserializer)
        .map_err(|e| malformed(&e, text, location))?;
    deserializer
        .end()
        .map_err(|e| malformed(&e, text, location))?;
    checked.finish(location)
}

/// Checks elements found some other way (lenient recovery).
pub(crate) fn validate(
    elements: Vec<RawElement>,
    location: &str,
) -> Result<Vec<Segment>, TranscriptError> {
    let mut checked = Checked::default();
    for element in elements {
        checked.push(element);
    }
    checked.finish(location)
}

type Problem = (&'static str, String);

fn check(element: RawElement) -> Result<Segment, Problem> {
    let (content, from, to) = match element {
        RawElement::NotAnObject(found) => {
            return Err((
                "segment",
                format!(
                    "expected an object {{\"content\",\"from\",\"to\"}}, found {}",
                    found.kind()
                ),
            ));
        }
        RawElement::Segment {
            duplicate: Some(field),
            ..
        } => {
            return Err((field, format!("`{field}` appears more than once")));
        }
        RawElement::Segment {
            content,
            from,
            to,
            duplicate: None,
        } => (content, from, to),
    };
    let content = match content {
        Loose::Text(text) if text.len() <= MAX_CONTENT_BYTES => text,
        Loose::Text(_) => {
            return Err((
                "content",
                format!("`content` is longer than {MAX_CONTENT_BYTES} bytes"),
            ));
        }
        Loose::Missing => return Err(("content", "`content` is missing".into())),
        other => {
            return Err((
                "content",
                format!("`content` must be a string, found {}", other.kind()),
            ));
        }
    };
    let from = seconds(from, "from")?;
    let to = seconds(to, "to")?;
    Segment::new(content, from, to).map_err(|problem| match problem {
        SegmentTimeProblem::Negative if from < 0.0 => {
            ("from", format!("`from` is negative ({from})"))
        }
        SegmentTimeProblem::Negative => ("to", format!("`to` is negative ({to})")),
        SegmentTimeProblem::EndsBeforeStart => {
            ("to", format!("`to` ({to}) is earlier than `from` ({from})"))
        }
        other => ("from", format!("times are not usable: {other}")),
    })
}

fn seconds(value: Loose, field: &'static str) -> Result<f64, Problem> {
    match value {
        Loose::Number(n) if n.is_finite() && n.abs() <= MAX_SECONDS => Ok(n),
        Loose::Number(n) => Err((
            field,
            format!("`{field}` ({n} s) is beyond the supported {MAX_SECONDS} s"),
        )),
        Loose::Missing => Err((field, format!("`{field}` is missing"))),
        other => Err((
            field,
            format!(
                "`{field}` must be a number of seconds, found {}",
                other.kind()
            ),
        )),
    }
}
