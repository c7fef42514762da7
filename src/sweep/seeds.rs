//! Seeds of sweep runs: which seed replicate r of point p runs with.
//!
//! With common random numbers (the default), replicate r of every point
//! uses the same seed, so two points differ only by their parameters and
//! not by seed noise; otherwise each (point, replicate) gets its own seed.
//!
//! Formula (SplitMix64 finaliser [`mix64`] chained, keyed by
//! [`Purpose::Sweep`]):
//!
//! ```text
//! h0   = mix64(base_seed ^ SWEEP_TAG)            SWEEP_TAG = 11 · 0x9E3779B97F4A7C15
//! common:       seed(r)    = mix64(h0 ^ r) >> 1
//! independent:  seed(p, r) = mix64(mix64(h0 ^ mix64(p) ^ INDEPENDENT) ^ r) >> 1
//! ```
//!
//! The shift keeps seeds below 2⁶³, so every seed is a TOML integer and a
//! run's scenario (written with `--keep-runs`) can be rerun as it is.

use crate::rng::{mix64, Purpose};

/// Separates the sweep's seed chain from every other use of the base seed.
const SWEEP_TAG: u64 = (Purpose::Sweep as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);

/// Separates per-point seeds from common ones.
const INDEPENDENT: u64 = 0x1D8E_4E27_C47D_124F;

/// The seed of replicate `replicate` of point `point`, from the sweep's
/// `base_seed`. With `common` (common random numbers) the point is ignored.
pub fn run_seed(base_seed: u64, point: u64, replicate: u64, common: bool) -> u64 {
    let h0 = mix64(base_seed ^ SWEEP_TAG);
    let h = if common {
        mix64(h0 ^ replicate)
    } else {
        mix64(mix64(h0 ^ mix64(point) ^ INDEPENDENT) ^ replicate)
    };
    h >> 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn common_random_numbers_share_seeds_across_points() {
        for r in 0..5 {
            let s = run_seed(42, 0, r, true);
            assert!((1..50).all(|p| run_seed(42, p, r, true) == s));
        }
        let seeds: HashSet<u64> = (0..1000).map(|r| run_seed(42, 0, r, true)).collect();
        assert_eq!(seeds.len(), 1000, "replicates get distinct seeds");
    }

    #[test]
    fn independent_seeds_are_distinct_per_point_and_replicate() {
        let mut seen = HashSet::new();
        for p in 0..100 {
            for r in 0..100 {
                assert!(seen.insert(run_seed(7, p, r, false)), "({p}, {r})");
            }
        }
        // Not symmetric in point and replicate.
        assert_ne!(run_seed(7, 1, 2, false), run_seed(7, 2, 1, false));
    }

    #[test]
    fn seeds_follow_the_documented_formula() {
        let h0 = mix64(9 ^ (11u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        assert_eq!(run_seed(9, 3, 4, true), mix64(h0 ^ 4) >> 1);
        assert_eq!(
            run_seed(9, 3, 4, false),
            mix64(mix64(h0 ^ mix64(3) ^ 0x1D8E_4E27_C47D_124F) ^ 4) >> 1
        );
        assert_ne!(run_seed(9, 0, 0, true), run_seed(10, 0, 0, true));
        for r in 0..1000 {
            assert!(run_seed(u64::MAX, r, r, r % 2 == 0) < 1 << 63);
        }
    }
}
