//! The Barabási–Albert preferential-attachment graph (docs/model.md §7.9),
//! as NetworkX grows it.

use super::{check_population, network_stream, simple_graph, Generator, TieGroups};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::rng::{self, BLOCK};
use rayon::prelude::*;

/// Checks the parameters of [`barabasi_albert`]: `1 <= m < n`.
pub fn check_barabasi_albert(n: usize, m: usize) -> Result<()> {
    check_population(n)?;
    if m < 1 {
        return Err(Error::input(format!(
            "m = {m} must be at least 1: each new citizen makes m ties"
        )));
    }
    if m >= n {
        return Err(Error::input(format!(
            "m = {m} must be less than the population {n}"
        )));
    }
    Ok(())
}

/// The Barabási–Albert preferential-attachment graph, as NetworkX's
/// `barabasi_albert_graph`: start from a star of `m + 1` citizens (citizen 0
/// tied to citizens `1..=m`); then each citizen `s = m + 1, …, n − 1` in turn
/// ties to `m` distinct earlier citizens, each drawn with probability
/// proportional to its current degree (uniformly from the list of tie ends,
/// where a citizen appears once per tie; repeated draws are redrawn).
/// Always exactly `m (n − m)` ties; the degree distribution has a tail
/// P(degree ≥ d) ≈ m(m + 1) / (d(d + 1)), exponent 3.
///
/// The list of tie ends is never stored: the first `m` ties are the star and
/// tie `e >= m` joins citizen `m + 1 + (e − m) / m` to `targets[e − m]`, so a
/// uniform end is a uniform tie index and side. The process is sequential,
/// drawing from one stream.
///
/// Errors: `m < 1` or `m >= n`.
///
/// Complexity: O(n·m) expected time (one random memory access per draw),
/// plus O(n·m log d) to build the graph.
pub fn barabasi_albert(n: usize, m: usize, seed: u64) -> Result<Graph> {
    check_barabasi_albert(n, m)?;
    let mut rng = network_stream(seed, Generator::BarabasiAlbert, 1, 0);
    let sources = n - m - 1;
    let mut targets: Vec<u32> = Vec::with_capacity(sources * m);
    let m64 = m as u64;
    // For large m, a stamp per citizen replaces the scan of the picks so far.
    let mut stamp: Vec<u32> = if m > 32 { vec![0; n] } else { Vec::new() };
    let mut ends: Vec<u64> = Vec::with_capacity(m);
    let mut drawn: Vec<u32> = Vec::with_capacity(m);
    for s in m + 1..n {
        // Ties so far, and the citizen at end `end` of them (ends 2e and
        // 2e + 1 of tie e).
        let ties = m64 * (s - m) as u64;
        let citizen_at = |end: u64, targets: &[u32]| -> u32 {
            let tie = end >> 1;
            if tie < m64 {
                if end & 1 == 0 {
                    0
                } else {
                    tie as u32 + 1
                }
            } else if end & 1 == 0 {
                (m64 + 1 + (tie - m64) / m64) as u32
            } else {
                targets[(tie - m64) as usize]
            }
        };
        // The targets are the first m distinct citizens at uniformly random
        // ends. The first m draws are always needed: they are all made
        // before any memory is read, so that the reads overlap.
        ends.clear();
        for _ in 0..m {
            ends.push(rng::below(&mut rng, 2 * ties));
        }
        drawn.clear();
        for &end in &ends {
            drawn.push(citizen_at(end, &targets));
        }
        let start = targets.len();
        let mut next = 0;
        while targets.len() - start < m {
            let citizen = if next < m {
                next += 1;
                drawn[next - 1]
            } else {
                citizen_at(rng::below(&mut rng, 2 * ties), &targets)
            };
            let fresh = if stamp.is_empty() {
                !targets[start..].contains(&citizen)
            } else if stamp[citizen as usize] != s as u32 {
                stamp[citizen as usize] = s as u32;
                true
            } else {
                false
            };
            if fresh {
                targets.push(citizen);
            }
        }
    }
    drop(stamp);
    // Ties (source, target), grouped by target, per fixed chunk of sources.
    let chunk = BLOCK * m;
    let mut parts: Vec<TieGroups> = targets
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, targets)| {
            let mut ties = TieGroups::new(n);
            for (k, &t) in targets.iter().enumerate() {
                let source = (m + 1 + (c * chunk + k) / m) as u32;
                ties.push(source, t, t);
            }
            ties
        })
        .collect();
    drop(targets);
    let mut star = TieGroups::new(n);
    for i in 1..=m as u32 {
        star.push(0, i, i);
    }
    parts.insert(0, star);
    Ok(simple_graph(n, &TieGroups::concat(parts)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::on_threads;
    use super::*;

    #[test]
    fn barabasi_albert_grows_by_m_ties_per_citizen() {
        for (n, m) in [(1000, 1), (1000, 3), (500, 40), (11, 10), (2, 1)] {
            let g = barabasi_albert(n, m, 4).unwrap();
            g.check().unwrap();
            assert_eq!(g.ties(), m * (n - m), "n {n} m {m}");
            // The star: citizen 0 tied to 1..=m.
            assert!((1..=m).all(|i| g.has_tie(0, i)));
            // Every later citizen has exactly m ties to earlier citizens.
            for s in m + 1..n {
                let older = g.friends(s).iter().filter(|&&j| (j as usize) < s).count();
                assert_eq!(older, m, "citizen {s}");
            }
        }
    }

    #[test]
    fn barabasi_albert_degree_tail_has_exponent_3() {
        let (n, m) = (200_000, 3);
        let g = barabasi_albert(n, m, 12).unwrap();
        let degrees = g.degrees();
        // Discrete power-law MLE (Clauset, Shalizi & Newman 2009, eq. 3.7)
        // above d_min = 20; for the exact BA law it expects 2.93 ± 0.03.
        let dmin = 20.0;
        let tail: Vec<f64> = degrees
            .iter()
            .map(|&d| d as f64)
            .filter(|&d| d >= dmin)
            .collect();
        let alpha =
            1.0 + tail.len() as f64 / tail.iter().map(|d| (d / (dmin - 0.5)).ln()).sum::<f64>();
        assert!((2.75..3.25).contains(&alpha), "tail exponent {alpha}");
        assert!((alpha - 2.934).abs() < 0.13, "tail exponent {alpha}");
        // The complementary CDF of the BA law, P(degree ≥ d) = m(m+1)/(d(d+1)).
        for d in [4u32, 6, 12, 24] {
            let share = degrees.iter().filter(|&&x| x >= d).count() as f64 / n as f64;
            let expected = (m * (m + 1)) as f64 / (d * (d + 1)) as f64;
            let sd = (expected * (1.0 - expected) / n as f64).sqrt();
            assert!(
                (share - expected).abs() < 5.0 * sd + 0.01 * expected,
                "P(degree >= {d}) = {share} vs {expected}"
            );
        }
    }

    #[test]
    fn barabasi_albert_is_deterministic() {
        let one = on_threads(1, || barabasi_albert(20_000, 4, 3).unwrap());
        let four = on_threads(4, || barabasi_albert(20_000, 4, 3).unwrap());
        assert_eq!(one, four);
        assert_ne!(one, barabasi_albert(20_000, 4, 2).unwrap());
    }

    #[test]
    fn barabasi_albert_rejects_impossible_parameters() {
        assert!(barabasi_albert(10, 0, 0)
            .unwrap_err()
            .to_string()
            .contains("at least 1"));
        assert_eq!(
            barabasi_albert(10, 10, 0).unwrap_err().to_string(),
            "m = 10 must be less than the population 10"
        );
        assert!(barabasi_albert(0, 1, 0).is_err());
    }
}
