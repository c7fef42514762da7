//! The Watts–Strogatz small world (docs/model.md §7.9): a ring lattice
//! whose ties are rewired with a probability, as NetworkX rewires them.

use super::{check_population, network_stream, simple_graph, Generator};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::rng::{self, IntegerHashing, Skip, BLOCK};
use rayon::prelude::*;
use std::collections::HashSet;

/// Checks the parameters of [`watts_strogatz`]: `k` even and less than `n`
/// (or 0), `rewire` a probability.
pub fn check_watts_strogatz(n: usize, k: usize, rewire: f64) -> Result<()> {
    check_population(n)?;
    if k % 2 != 0 {
        return Err(Error::input(format!(
            "k = {k} must be even: each citizen is tied to k/2 neighbours on each side of the ring"
        )));
    }
    if k > 0 && k >= n {
        return Err(Error::input(format!(
            "k = {k} must be less than the population {n}"
        )));
    }
    if !(0.0..=1.0).contains(&rewire) {
        return Err(Error::input(format!(
            "rewire = {rewire} must be a probability between 0 and 1"
        )));
    }
    Ok(())
}

/// The Watts–Strogatz small world: a ring lattice where each citizen is tied
/// to the `k/2` nearest citizens on each side, then each lattice tie is
/// rewired with probability `rewire`. Always exactly `n · k / 2` ties.
///
/// Rewiring follows NetworkX's `watts_strogatz_graph`: the lattice ties
/// `(u, u + j)` are visited for `j = 1..=k/2` (outer) and `u = 0..n` (inner);
/// a rewired tie keeps `u` and moves its other end to a uniformly random `w`,
/// redrawn while `w = u` or `(u, w)` is a tie of the graph *as it stands at
/// that moment*; if `u` is already tied to everyone the tie stays.
/// Only the random numbers differ from NetworkX: which ties are rewired is
/// decided first, in parallel per block of [`BLOCK`] citizens, and the new
/// ends are then drawn sequentially from one stream, in NetworkX's order.
///
/// Errors: `k` odd, `k >= n` (unless `k = 0`), `rewire` outside [0, 1].
///
/// Complexity: O(n·k) time for the lattice (parallel), O(rewired ties)
/// expected for the sequential rewiring, plus O(m log k) to build the graph.
pub fn watts_strogatz(n: usize, k: usize, rewire: f64, seed: u64) -> Result<Graph> {
    check_watts_strogatz(n, k, rewire)?;
    let half = k / 2;
    if half == 0 {
        return Ok(Graph::empty(n));
    }
    // Lattice tie (u, (u + j) mod n), j in 1..=half, is slot u·half + j − 1.
    // Stage 1: which slots are rewired, per block of owners u.
    let chosen: Vec<Vec<u64>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = network_stream(seed, Generator::WattsStrogatz, 1, b as u64);
            let first = (b * BLOCK * half) as u64;
            let slots = (((b + 1) * BLOCK).min(n) * half) as u64 - first;
            let mut out = Vec::new();
            if rewire > 0.0 {
                let skip = Skip::new(rewire);
                let mut s = skip.draw_exponential(&mut rng);
                while s < slots {
                    out.push(first + s);
                    s = s
                        .saturating_add(1)
                        .saturating_add(skip.draw_exponential(&mut rng));
                }
            }
            out
        })
        .collect();
    let mut rewired = BitSet::new(n * half);
    // NetworkX's order: by distance j, then owner u.
    let mut by_distance: Vec<Vec<u32>> = vec![Vec::new(); half];
    for &slot in chosen.iter().flatten() {
        rewired.insert(slot as usize);
        by_distance[slot as usize % half].push((slot as usize / half) as u32);
    }
    drop(chosen);

    // Stage 2: new ends, sequentially, on the graph as it stands.
    let mut rng = network_stream(seed, Generator::WattsStrogatz, 2, 0);
    let mut degree = vec![k as u32; n];
    let mut new_ties: Vec<(u32, u32)> = Vec::new();
    let mut new_set: HashSet<u64, IntegerHashing> = HashSet::default();
    let full = (n - 1) as u32;
    for (j0, owners) in by_distance.iter().enumerate() {
        let j = j0 + 1;
        for &u in owners {
            let u = u as usize;
            // Whether (u, w) is a tie now, while slot (u, j) is being rewired.
            let is_tie = |w: usize, rewired: &BitSet, new_set: &HashSet<u64, IntegerHashing>| {
                let forward = (w + n - u) % n; // w = u + forward
                let backward = n - forward; // u = w + backward
                let lattice = if (1..=half).contains(&forward) {
                    let slot = u * half + forward - 1;
                    // Slots after the current one in the visiting order are untouched.
                    !rewired.contains(slot) || forward >= j
                } else if (1..=half).contains(&backward) {
                    let slot = w * half + backward - 1;
                    !rewired.contains(slot) || (backward, w) >= (j, u)
                } else {
                    false
                };
                lattice || new_set.contains(&pair_key(u, w))
            };
            let mut w = rng::below(&mut rng, n as u64) as usize;
            let mut moved = true;
            while w == u || is_tie(w, &rewired, &new_set) {
                w = rng::below(&mut rng, n as u64) as usize;
                if degree[u] >= full {
                    moved = false;
                    break;
                }
            }
            if moved {
                let v = (u + j) % n;
                degree[v] -= 1;
                degree[w] += 1;
                new_set.insert(pair_key(u, w));
                new_ties.push((u as u32, w as u32));
            } else {
                rewired.remove(u * half + j - 1);
            }
        }
    }
    drop(new_set);

    // The lattice ties that stayed, per block, then the new ties.
    let kept: Vec<Vec<(u32, u32)>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut out = Vec::with_capacity(BLOCK * half);
            for u in b * BLOCK..((b + 1) * BLOCK).min(n) {
                for j in 1..=half {
                    if !rewired.contains(u * half + j - 1) {
                        out.push((u as u32, ((u + j) % n) as u32));
                    }
                }
            }
            out
        })
        .collect();
    let mut ties = Vec::with_capacity(n * half);
    for block in kept {
        ties.extend(block);
    }
    ties.extend(new_ties);
    Ok(simple_graph(n, &ties))
}

/// The key of the undirected pair `{a, b}`.
#[inline]
fn pair_key(a: usize, b: usize) -> u64 {
    ((a.min(b) as u64) << 32) | a.max(b) as u64
}

/// A fixed-size set of small integers, one bit each.
struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    fn new(len: usize) -> BitSet {
        BitSet {
            words: vec![0; len.div_ceil(64)],
        }
    }

    #[inline]
    fn contains(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    #[inline]
    fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{mean, on_threads, transitivity, triangles_and_triples};
    use super::*;

    /// Whether `(a, b)` is a tie of the ring lattice with `k/2` on each side.
    fn on_ring(n: usize, k: usize, a: u32, b: u32) -> bool {
        let d = (a as usize + n - b as usize) % n;
        d.min(n - d) <= k / 2
    }

    #[test]
    fn watts_strogatz_without_rewiring_is_the_ring_lattice() {
        for (n, k) in [(100, 2), (100, 4), (101, 6), (200, 10), (200, 20), (11, 10)] {
            let g = watts_strogatz(n, k, 0.0, 1).unwrap();
            g.check().unwrap();
            assert_eq!(g.ties(), n * k / 2);
            assert!(g.edges().all(|(a, b)| on_ring(n, k, a, b)));
            // Transitivity of the lattice, exactly 3(k − 2) / (4(k − 1)) when
            // n is large enough that the ring does not wrap onto itself.
            if n > 3 * k / 2 {
                let expected = 3.0 * (k as f64 - 2.0) / (4.0 * (k as f64 - 1.0));
                let t = transitivity(&g);
                assert!(
                    (t - expected).abs() < 1e-12,
                    "n {n} k {k}: {t} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn watts_strogatz_keeps_exactly_nk_over_2_ties() {
        for (n, k, p) in [
            (1000, 10, 0.1),
            (1000, 10, 1.0),
            (50, 40, 0.5),
            (12, 10, 1.0),
            (5, 2, 1.0),
            (3, 2, 1.0),
        ] {
            for seed in 0..5 {
                let g = watts_strogatz(n, k, p, seed).unwrap();
                g.check().unwrap();
                assert_eq!(g.ties(), n * k / 2, "n {n} k {k} p {p} seed {seed}");
                // As in NetworkX, rewiring keeps the owner end of each tie:
                // every citizen keeps at least k/2 ties.
                assert!((0..n).all(|i| g.degree(i) >= k / 2));
            }
        }
        // A lattice that is already complete cannot be rewired.
        let complete = watts_strogatz(11, 10, 1.0, 3).unwrap();
        assert_eq!(complete.ties(), 55);
    }

    #[test]
    fn watts_strogatz_rewires_a_share_rewire_of_ties() {
        // Lattice ties left ≈ (1 − p) m (a rewired tie lands back on the
        // ring with probability about k/n), and triangles of the lattice
        // survive when none of their three ties is rewired: ≈ (1 − p)^3.
        let (n, k) = (20_000, 10);
        let lattice = watts_strogatz(n, k, 0.0, 9).unwrap();
        let (t0, _) = triangles_and_triples(&lattice);
        for p in [0.1, 0.3] {
            let g = watts_strogatz(n, k, p, 9).unwrap();
            let m = (n * k / 2) as f64;
            let ring = g.edges().filter(|&(a, b)| on_ring(n, k, a, b)).count() as f64;
            let sd = (m * p * (1.0 - p)).sqrt();
            assert!(
                (ring - (1.0 - p) * m).abs() < 5.0 * sd + m * p * k as f64 / n as f64,
                "p {p}: {ring} ring ties of {m}"
            );
            // Degree = k/2 kept ends + Binomial(k/2, 1 − p) lattice ties in
            // + about Poisson(p k/2) rewired ties in: variance (k/2) p (2 − p)
            // (NetworkX, 10 graphs: 0.954 at p = 0.1, 2.551 at p = 0.3).
            let degrees: Vec<f64> = g.degrees().iter().map(|&d| d as f64).collect();
            let variance = mean(degrees.iter().map(|d| (d - k as f64).powi(2)));
            let expected = (k / 2) as f64 * p * (2.0 - p);
            assert!(
                (variance / expected - 1.0).abs() < 0.05,
                "p {p}: degree variance {variance} vs {expected}"
            );
            let (t, _) = triangles_and_triples(&g);
            let ratio = t as f64 / t0 as f64;
            let expected = (1.0 - p).powi(3);
            assert!(
                (ratio / expected - 1.0).abs() < 0.03,
                "p {p}: triangle ratio {ratio} vs {expected}"
            );
        }
    }

    #[test]
    fn watts_strogatz_is_deterministic_on_any_thread_count() {
        let one = on_threads(1, || watts_strogatz(30_000, 10, 0.2, 7).unwrap());
        let four = on_threads(4, || watts_strogatz(30_000, 10, 0.2, 7).unwrap());
        assert_eq!(one, four);
        assert_ne!(one, watts_strogatz(30_000, 10, 0.2, 8).unwrap());
    }

    #[test]
    fn watts_strogatz_rejects_impossible_parameters() {
        let e = watts_strogatz(10, 12, 0.1, 0).unwrap_err().to_string();
        assert_eq!(e, "k = 12 must be less than the population 10");
        assert!(watts_strogatz(10, 10, 0.1, 0).is_err());
        assert!(watts_strogatz(10, 3, 0.1, 0)
            .unwrap_err()
            .to_string()
            .contains("even"));
        assert!(watts_strogatz(10, 4, 1.5, 0)
            .unwrap_err()
            .to_string()
            .contains("rewire"));
        assert!(watts_strogatz(10, 4, f64::NAN, 0).is_err());
        assert!(watts_strogatz(10, 4, -0.1, 0).is_err());
        assert_eq!(watts_strogatz(10, 0, 0.5, 0).unwrap().ties(), 0);
    }
}
