//! Histograms of millisecond values with round bucket widths.

use serde::Serialize;

/// About this many buckets cover the values up to the 99th percentile; the rest (long silences
/// between cues, say) go into one overflow bucket so that they do not flatten the chart.
const TARGET_BUCKETS: u64 = 40;

/// Counts of values in equal buckets `[k * bucket_ms, (k + 1) * bucket_ms)`, plus an overflow
/// bucket for values at or past `counts.len() * bucket_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Histogram {
    /// Width of each bucket: 1, 2 or 5 times a power of ten milliseconds.
    pub bucket_ms: u64,
    /// Values in each bucket.
    pub counts: Vec<usize>,
    /// Values at or past the last bucket's end.
    pub overflow: usize,
    /// All values counted (the counts plus the overflow).
    pub total: usize,
    /// Smallest value (0 when there are none).
    pub min_ms: u64,
    /// Median value (the lower one for an even count).
    pub median_ms: u64,
    /// Largest value.
    pub max_ms: u64,
}

impl Histogram {
    /// The histogram of `values`.
    pub fn of(values: &[u64]) -> Self {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let (Some(&min_ms), Some(&max_ms)) = (sorted.first(), sorted.last()) else {
            return Self {
                bucket_ms: 1,
                counts: Vec::new(),
                overflow: 0,
                total: 0,
                min_ms: 0,
                median_ms: 0,
                max_ms: 0,
            };
        };
        let last = sorted.len() - 1;
        let median_ms = sorted[last / 2];
        let p99 = sorted[last * 99 / 100];
        let bucket_ms = round_width(p99.max(1).div_ceil(TARGET_BUCKETS));
        let buckets = p99 / bucket_ms + 1;
        // buckets <= TARGET_BUCKETS * 2 + 1, so it fits in usize.
        let mut counts = vec![0usize; buckets as usize];
        let mut overflow = 0;
        for &value in &sorted {
            match counts.get_mut((value / bucket_ms) as usize) {
                Some(count) => *count += 1,
                None => overflow += 1,
            }
        }
        Self {
            bucket_ms,
            counts,
            overflow,
            total: sorted.len(),
            min_ms,
            median_ms,
            max_ms,
        }
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `width`.
fn round_width(width: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            let candidate = step * power;
            if candidate >= width {
                return candidate;
            }
        }
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => return u64::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_round() {
        let widths: Vec<u64> = [0, 1, 3, 7, 11, 130, 2_001]
            .into_iter()
            .map(round_width)
            .collect();
        assert_eq!(widths, [1, 1, 5, 10, 20, 200, 5_000]);
    }

    #[test]
    fn every_value_is_counted_once_and_outliers_overflow() {
        let mut values: Vec<u64> = (0..1000).map(|i| 800 + (i * 37) % 3000).collect();
        values.extend([600_000, 900_000]);
        let histogram = Histogram::of(&values);
        assert_eq!(histogram.total, values.len());
        assert_eq!(
            histogram.counts.iter().sum::<usize>() + histogram.overflow,
            values.len()
        );
        assert_eq!(histogram.bucket_ms, 100);
        assert_eq!(histogram.overflow, 2);
        assert_eq!((histogram.min_ms, histogram.max_ms), (800, 900_000));
        // Value 800 is in bucket 8: [800, 900).
        assert_eq!(
            histogram.counts[8],
            values.iter().filter(|v| (800..900).contains(*v)).count()
        );
    }

    #[test]
    fn no_values_give_an_empty_histogram() {
        let histogram = Histogram::of(&[]);
        assert!(histogram.counts.is_empty());
        assert_eq!(histogram.total, 0);
        let one = Histogram::of(&[0]);
        assert_eq!((one.counts.clone(), one.overflow), (vec![1], 0));
    }
}
