//! The Erdős–Rényi random graph G(n, m) (docs/model.md §7.9): exactly `m`
//! ties, every set of `m` distinct pairs equally likely.

use super::{check_non_negative, check_population, network_stream, sample_rows};
use super::{simple_graph, Generator, TieGroups};
use crate::error::Result;
use crate::graph::Graph;
use crate::rng::{self, IntegerHashing, BLOCK};
use rayon::prelude::*;
use std::collections::HashSet;

/// Checks the parameters of [`erdos_renyi`]: `mean_degree` finite and
/// non-negative (values above `n - 1` give the complete graph).
pub fn check_erdos_renyi(n: usize, mean_degree: f64) -> Result<()> {
    check_population(n)?;
    check_non_negative("mean_degree", mean_degree)
}

/// The Erdős–Rényi random graph G(n, m): exactly `m = round(n · mean_degree / 2)`
/// ties (at most `n(n − 1)/2`), every set of `m` distinct pairs equally likely.
///
/// Method: each block of [`BLOCK`] citizens samples its pairs `(i, j)`, `i < j`,
/// independently with `p = m / (n(n − 1)/2)` by geometric skipping, in parallel
/// (G(n, p)); then one sequential stage removes a uniformly random subset of
/// the surplus ties (Floyd's algorithm) or adds uniformly random missing pairs
/// (by rejection) until there are exactly `m`. Both stages treat all pairs
/// alike, so the result is uniform over graphs with `m` ties.
///
/// Errors: a non-finite or negative `mean_degree`, or more than 2^32 − 1 citizens.
///
/// Complexity: O(n + m) expected time, parallel over blocks of citizens,
/// plus O(m log d) to build the graph.
pub fn erdos_renyi(n: usize, mean_degree: f64, seed: u64) -> Result<Graph> {
    check_erdos_renyi(n, mean_degree)?;
    let pairs = (n as u64) * (n as u64).saturating_sub(1) / 2;
    let wanted = ((n as f64 * mean_degree / 2.0).round() as u64).min(pairs);
    if wanted == 0 {
        return Ok(Graph::empty(n));
    }
    let p = wanted as f64 / pairs as f64;
    let mut blocks: Vec<TieGroups> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = network_stream(seed, Generator::ErdosRenyi, 1, b as u64);
            let mut ties = TieGroups::new(n);
            let rows = b * BLOCK..((b + 1) * BLOCK).min(n);
            sample_rows(rows, |i| (i + 1, n), p, &mut rng, |i, j| ties.push(i, j, j));
            ties
        })
        .collect();
    // Within each group of a block the ties are in lexicographic order.
    let mut rng = network_stream(seed, Generator::ErdosRenyi, 2, 0);
    let have: u64 = blocks.iter().map(|b| b.len() as u64).sum();
    if have > wanted {
        // Drop the ties at uniformly random positions of the order
        // (block, group, position).
        let surplus = rng::floyd_sample(&mut rng, have, have - wanted);
        let (mut next, mut index) = (0, 0u64);
        for group in blocks.iter_mut().flat_map(|b| b.groups.iter_mut()) {
            group.retain(|_| {
                let drop = next < surplus.len() && surplus[next] == index;
                next += usize::from(drop);
                index += 1;
                !drop
            });
        }
    } else if have < wanted {
        let mut added: HashSet<(u32, u32), IntegerHashing> = HashSet::default();
        while have + (added.len() as u64) < wanted {
            let a = rng::below(&mut rng, n as u64) as u32;
            let mut b = rng::below(&mut rng, n as u64 - 1) as u32;
            if b >= a {
                b += 1;
            }
            let (i, j) = (a.min(b), a.max(b));
            let sampled = blocks[i as usize / BLOCK].group(j);
            if sampled.binary_search(&(i, j)).is_err() {
                added.insert((i, j));
            }
        }
        let mut added: Vec<(u32, u32)> = added.into_iter().collect();
        added.sort_unstable();
        for (i, j) in added {
            blocks[i as usize / BLOCK].push(i, j, j);
        }
    }
    Ok(simple_graph(n, &TieGroups::concat(blocks)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{mean, on_threads, transitivity};
    use super::*;

    #[test]
    fn erdos_renyi_has_exactly_m_ties() {
        // (n, mean degree, expected ties = round(n d / 2) capped at n(n-1)/2)
        for (n, d, m) in [
            (1000, 10.0, 5000),
            (1001, 7.3, 3654), // 3653.65 rounds up
            (3000, 0.001, 2),  // 1.5 rounds to 2
            (10, 100.0, 45),   // capped: the complete graph
            (10, 9.0, 45),
            (2, 1.0, 1),
            (1, 5.0, 0),
            (0, 5.0, 0),
            (500, 0.0, 0),
        ] {
            for seed in 0..3 {
                let g = erdos_renyi(n, d, seed).unwrap();
                assert_eq!(g.citizens(), n);
                assert_eq!(g.ties(), m, "n = {n}, mean degree {d}, seed {seed}");
                g.check().unwrap();
            }
        }
    }

    #[test]
    fn erdos_renyi_transitivity_is_the_tie_probability() {
        // In G(n, p), transitivity estimates p = mean degree / (n - 1).
        let (n, d) = (4000, 40.0);
        let g = erdos_renyi(n, d, 11).unwrap();
        let p = d / (n - 1) as f64;
        let t = transitivity(&g);
        assert!((t / p - 1.0).abs() < 0.05, "transitivity {t} vs p = {p}");
    }

    #[test]
    fn erdos_renyi_degrees_are_binomial_everywhere() {
        // Degree mean d and variance ≈ d (1 - p); the first and last tenth of
        // the citizens (different blocks, different row lengths) alike.
        let (n, d) = (50_000, 12.0);
        let g = erdos_renyi(n, d, 5).unwrap();
        let degrees: Vec<f64> = g.degrees().iter().map(|&x| x as f64).collect();
        let mu = mean(degrees.iter().copied());
        let var = mean(degrees.iter().map(|x| (x - mu).powi(2)));
        assert!(
            (mu - d).abs() < 1e-9,
            "mean degree {mu} must be exactly {d}"
        );
        let p = d / (n - 1) as f64;
        assert!((var / (d * (1.0 - p)) - 1.0).abs() < 0.05, "variance {var}");
        let tenth = n / 10;
        let first = mean(degrees[..tenth].iter().copied());
        let last = mean(degrees[n - tenth..].iter().copied());
        let sd = (d / tenth as f64).sqrt(); // of a tenth's mean degree
        assert!((first - d).abs() < 5.0 * sd, "first tenth {first}");
        assert!((last - d).abs() < 5.0 * sd, "last tenth {last}");
    }

    #[test]
    fn erdos_renyi_is_uniform_over_graphs_with_m_ties() {
        // n = 5, m = 3: all C(10, 3) = 120 graphs equally likely. This goes
        // through both the trimming and the padding of the G(n, p) draft.
        let runs = 24_000u64;
        let mut counts = std::collections::HashMap::new();
        for seed in 0..runs {
            let g = erdos_renyi(5, 1.2, seed).unwrap();
            let ties: Vec<(u32, u32)> = g.edges().collect();
            assert_eq!(ties.len(), 3);
            *counts.entry(ties).or_insert(0u64) += 1;
        }
        assert_eq!(counts.len(), 120, "every graph with 3 ties appears");
        let expected = runs as f64 / 120.0;
        let chi2: f64 = counts
            .values()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum();
        // 119 degrees of freedom: P(chi2 > 200) ≈ 1e-5.
        assert!(chi2 < 200.0, "chi-square {chi2}");
    }

    #[test]
    fn erdos_renyi_is_deterministic_on_any_thread_count() {
        let one = on_threads(1, || erdos_renyi(20_000, 8.0, 42).unwrap());
        let four = on_threads(4, || erdos_renyi(20_000, 8.0, 42).unwrap());
        assert_eq!(one, four);
        assert_ne!(one, erdos_renyi(20_000, 8.0, 43).unwrap());
    }

    #[test]
    fn erdos_renyi_rejects_impossible_parameters() {
        let e = erdos_renyi(10, -1.0, 0).unwrap_err();
        assert!(
            matches!(e.kind(), crate::error::ErrorKind::Input(_)),
            "bad parameters are bad input (exit code 2): {e:?}"
        );
        let e = e.to_string();
        assert!(e.contains("mean_degree = -1"), "{e}");
        assert!(erdos_renyi(10, f64::NAN, 0).is_err());
        assert!(erdos_renyi(10, f64::INFINITY, 0).is_err());
    }
}
