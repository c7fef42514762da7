//! Shards: splitting a sweep's runs across machines (`--shard K/N`).
//!
//! Shard K of N holds the runs whose id leaves remainder K when divided by
//! N. Run ids are point-major, so every shard gets a share of every point's
//! replicates and the shards take about the same time.

use std::fmt;

use crate::error::{Error, Result};

/// One of `count` shards of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, in `0..count`.
    pub index: u64,
    /// N ≥ 1.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` (0 ≤ K < N).
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: &str| {
            Error::input(format!(
                "--shard {text}: {why}; expected K/N with 0 ≤ K < N, e.g. --shard 3/8"
            ))
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index >= count {
            return Err(bad("K must be below N (shards are numbered from 0)"));
        }
        Ok(Shard { index, count })
    }

    /// Whether run `run_id` belongs to this shard.
    pub fn contains(&self, run_id: u64) -> bool {
        run_id % self.count == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Run ids as short text: `3, 7, 11-15` (at most `limit` items, then "…").
pub fn describe_ids(ids: &[u64], limit: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ids.len() && parts.len() < limit {
        let start = ids[k];
        let mut end = start;
        while k + 1 < ids.len() && ids[k + 1] == end + 1 {
            k += 1;
            end = ids[k];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        k += 1;
    }
    if k < ids.len() {
        parts.push("…".into());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_partitions() {
        let s = Shard::parse("3/8").unwrap();
        assert_eq!((s.index, s.count), (3, 8));
        assert_eq!(s.to_string(), "3/8");
        for bad in ["8/8", "3", "a/2", "1/0", "-1/4"] {
            let e = Shard::parse(bad).unwrap_err().to_string();
            assert!(e.contains("K/N"), "{e}");
        }
        // Every run in exactly one shard.
        let shards: Vec<Shard> = (0..5).map(|k| Shard { index: k, count: 5 }).collect();
        for id in 0..100 {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1);
        }
    }

    #[test]
    fn ids_are_described_as_ranges() {
        assert_eq!(describe_ids(&[3, 7, 11, 12, 13, 14, 15], 10), "3, 7, 11-15");
        assert_eq!(describe_ids(&[1, 3, 5, 7], 2), "1, 3, …");
        assert_eq!(describe_ids(&[], 2), "");
    }
}
