//! Bootstrap confidence intervals of sensitivity indices.
//!
//! An index is estimated from `n` independent units (a Sobol' base sample
//! with its hybrid points, or a Morris trajectory). A bootstrap round draws
//! `n` units with replacement and estimates the index again; the interval
//! is the estimate ± z₀.₉₇₅ · (standard deviation of the round estimates),
//! the normal-approximation interval that SALib reports as `*_conf` (so
//! the numbers compare directly). Rounds are drawn from
//! [`rng::stream`]`(seed, 0, Purpose::Bootstrap, round)`: one stream per
//! round, so the same seed gives the same intervals on any thread count.

use crate::rng::{self, Purpose};

/// z₀.₉₇₅, the standard normal quantile for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Bootstrap rounds when none is asked for.
pub const DEFAULT_ROUNDS: usize = 1000;

/// The unit indices of bootstrap round `round`: `n` draws from `0..n` with
/// replacement.
pub fn resample(n: usize, seed: u64, round: usize) -> Vec<usize> {
    let mut stream = rng::stream(seed, 0, Purpose::Bootstrap, round as u64);
    (0..n)
        .map(|_| rng::below(&mut stream, n as u64) as usize)
        .collect()
}

/// Half-width of the 95 % interval from bootstrap `estimates`: z₀.₉₇₅ times
/// their sample standard deviation (n − 1 denominator), over the finite
/// ones. NaN when fewer than two are finite.
pub fn half_width(estimates: &[f64]) -> f64 {
    let finite: Vec<f64> = estimates
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if finite.len() < 2 {
        return f64::NAN;
    }
    let n = finite.len() as f64;
    let mean = finite.iter().sum::<f64>() / n;
    let var = finite.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    Z95 * var.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resamples_are_reproducible_and_draw_with_replacement() {
        let a = resample(50, 7, 3);
        assert_eq!(a, resample(50, 7, 3));
        assert_ne!(a, resample(50, 7, 4));
        assert_ne!(a, resample(50, 8, 3));
        assert!(a.iter().all(|&i| i < 50));
        // With replacement: 50 draws from 50 almost surely repeat one
        // (1 − 50!/50⁵⁰ ≈ 1 − 3e-21).
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert!(sorted.len() < 50);
    }

    #[test]
    fn the_bootstrap_interval_of_a_mean_matches_its_standard_error() {
        // For the mean of n values the bootstrap sd tends to the plug-in
        // standard error sd_pop / √n.
        let values: Vec<f64> = (0..400).map(|i| ((i * 37) % 101) as f64).collect();
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd_pop = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        let estimates: Vec<f64> = (0..2000)
            .map(|r| {
                let idx = resample(n, 1, r);
                idx.iter().map(|&i| values[i]).sum::<f64>() / n as f64
            })
            .collect();
        let expected = Z95 * sd_pop / (n as f64).sqrt();
        let got = half_width(&estimates);
        assert!((got / expected - 1.0).abs() < 0.06, "{got} vs {expected}");
    }

    #[test]
    fn half_width_needs_two_finite_values() {
        assert!(half_width(&[1.0, f64::NAN]).is_nan());
        assert_eq!(half_width(&[2.0, 2.0, f64::NAN]), 0.0);
        // sd of 1, 3 is √2.
        assert!((half_width(&[1.0, 3.0]) - Z95 * 2f64.sqrt()).abs() < 1e-12);
    }
}
