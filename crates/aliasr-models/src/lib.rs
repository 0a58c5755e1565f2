//! aliasr-models (being built; see the workspace README).

mod segment;

pub use segment::{Segment, SegmentTimeProblem};
