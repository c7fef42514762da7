//! Generators of the initial friendship graph (docs/model.md §7.9), one
//! file each:
//!
//! - [`erdos_renyi()`]: G(n, m), exactly `m` ties uniformly among the pairs;
//! - [`watts_strogatz()`]: the small world, a rewired ring lattice;
//! - [`barabasi_albert()`]: preferential attachment, a degree tail of exponent 3;
//! - [`stochastic_block()`]: planted communities.
//!
//! Each generator is a free function of the population size, its own
//! parameters and the scenario seed, and returns a [`Graph`]
//! or, for impossible parameters, an input error saying what is wrong and
//! what is allowed. The `check_*` functions run the same validation without
//! generating, so a scenario can be rejected when it is loaded.
//!
//! This module holds what they share: the population limit and the checks
//! of plain numbers, the network stream of each generator stage, the
//! pair sampler of Erdős–Rényi and the block model, and `TieGroups`, the
//! cache-friendly order in which ties are handed to
//! [`Graph::from_edges`].
//! The samplers themselves (geometric skipping, uniform integers, Floyd's
//! algorithm) live in [`crate::rng`].
//!
//! # Randomness and determinism
//!
//! Every draw comes from `rng::stream(seed, 0, Purpose::Network, key)`, where
//! the key names the generator, a stage of it and, for parallel stages, a
//! fixed block of [`BLOCK`](rng::BLOCK) consecutive citizens. Blocks are
//! processed in parallel but their ties are combined in a fixed order, and
//! the sequential stages (the exact-count fix-up of Erdős–Rényi, the
//! rewiring of Watts–Strogatz, the whole of Barabási–Albert) each use one
//! stream. The graph therefore depends on the seed only, never on the number
//! of threads.
//!
//! # Sampling pairs
//!
//! Erdős–Rényi and the stochastic block model visit the candidate pairs
//! `(i, j)`, `i < j`, row by row and choose each with probability `p` by
//! *geometric skipping* ([`Skip::draw_exponential`]): the gap to the next
//! chosen pair is a geometric draw, so the cost is O(rows + ties), not
//! O(pairs).

mod barabasi_albert;
mod erdos_renyi;
mod stochastic_block;
mod watts_strogatz;

pub use barabasi_albert::{barabasi_albert, check_barabasi_albert};
pub use erdos_renyi::{check_erdos_renyi, erdos_renyi};
pub use stochastic_block::{check_stochastic_block, stochastic_block};
pub use watts_strogatz::{check_watts_strogatz, watts_strogatz};

use super::{Dropped, Graph};
use crate::error::{Error, Result};
use crate::rng::{self, Purpose, Skip, Stream};
use rayon::prelude::*;

/// Largest population a [`Graph`] can hold (citizen ids are `u32`).
const MAX_CITIZENS: usize = u32::MAX as usize;

/// Generator part of a stream key: which generator draws from the stream.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Generator {
    ErdosRenyi = 1,
    WattsStrogatz = 2,
    BarabasiAlbert = 3,
    StochasticBlock = 4,
}

/// The network stream of `generator`, `stage` and `block` (a block of
/// [`BLOCK`](rng::BLOCK) citizens, or 0 for a sequential stage).
fn network_stream(seed: u64, generator: Generator, stage: u64, block: u64) -> Stream {
    let key = ((generator as u64) << 56) | (stage << 48) | block;
    rng::stream(seed, 0, Purpose::Network, key)
}

// ---------------------------------------------------------------------------
// Validation

fn check_population(n: usize) -> Result<()> {
    if n > MAX_CITIZENS {
        return Err(Error::input(format!(
            "the population {n} is too large: at most {MAX_CITIZENS} citizens are supported"
        )));
    }
    Ok(())
}

fn check_non_negative(name: &str, value: f64) -> Result<()> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::input(format!(
            "{name} = {value} must be a finite non-negative number"
        )));
    }
    Ok(())
}

/// The graph of the ties a generator drew: they are simple by construction,
/// so [`Graph::from_edges`] drops nothing (checked in debug builds).
fn simple_graph(n: usize, ties: &[(u32, u32)]) -> Graph {
    let (graph, dropped) = Graph::from_edges(n, ties);
    debug_assert_eq!(dropped, Dropped::default());
    graph
}

// ---------------------------------------------------------------------------
// Ties in column order

/// Number of citizens per column group of [`TieGroups`]: the neighbour
/// lists of one group (about 2.6 MB at 20 ties each) stay in cache.
const COLUMN_GROUP: usize = 1 << 15;

/// Most column groups of [`TieGroups`] (beyond 2 million citizens, groups
/// grow), which bounds the memory of many small sets of groups.
const MAX_GROUPS: usize = 64;

/// Ties grouped by the column group of one of their ends.
///
/// The generators emit ties row by row with a random column. Handed to
/// [`Graph::from_edges`] in that order, the column end of every tie misses
/// the cache; grouped by column (all groups of all blocks for column group 0,
/// then group 1, ...), one end is written within a cache-sized range of
/// neighbour lists while the other sweeps the lists in order. At a million
/// citizens this halves the time of building the graph.
pub(crate) struct TieGroups {
    /// Citizens per column group.
    width: usize,
    groups: Vec<Vec<(u32, u32)>>,
}

impl TieGroups {
    /// Empty groups for a population of `n`.
    fn new(n: usize) -> TieGroups {
        let width = COLUMN_GROUP.max(n.div_ceil(MAX_GROUPS));
        TieGroups {
            width,
            groups: vec![Vec::new(); n.div_ceil(width)],
        }
    }

    /// The group of ties whose column is `column`.
    #[inline]
    fn group(&self, column: u32) -> &[(u32, u32)] {
        &self.groups[column as usize / self.width]
    }

    #[inline]
    fn push(&mut self, a: u32, b: u32, column: u32) {
        self.groups[column as usize / self.width].push((a, b));
    }

    fn len(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }

    /// `ties` in column order: grouped by the column group of
    /// `column(tie)`, keeping their order within a group.
    ///
    /// Complexity: O(m), one parallel pass over chunks fixed by the number
    /// of ties, then one copy.
    pub(crate) fn regroup(
        n: usize,
        ties: &[(u32, u32)],
        column: impl Fn(&(u32, u32)) -> u32 + Sync,
    ) -> Vec<(u32, u32)> {
        // At most about 64 chunks, of at least 2^16 ties.
        let chunk = (1 << 16).max(ties.len().div_ceil(64));
        let parts: Vec<TieGroups> = ties
            .par_chunks(chunk)
            .map(|chunk| {
                let mut groups = TieGroups::new(n);
                for tie in chunk {
                    groups.push(tie.0, tie.1, column(tie));
                }
                groups
            })
            .collect();
        TieGroups::concat(parts)
    }

    /// All ties, column group by column group, and within a group in the
    /// order of `parts` (a fixed order: the result is deterministic).
    fn concat(parts: Vec<TieGroups>) -> Vec<(u32, u32)> {
        let total = parts.iter().map(TieGroups::len).sum();
        let mut ties = Vec::with_capacity(total);
        let groups = parts.first().map_or(0, |p| p.groups.len());
        for g in 0..groups {
            for part in &parts {
                ties.extend_from_slice(&part.groups[g]);
            }
        }
        ties
    }
}

// ---------------------------------------------------------------------------
// Sampling pairs

/// Chooses each pair `(i, j)` with `i` in `rows` and `j` in `segment(i)`
/// (a half-open range `start..end`) independently with probability `p`,
/// handing the chosen ones to `emit` in row order, then column order.
///
/// The segments of consecutive rows are treated as one sequence of pairs
/// and crossed by geometric gaps, so the cost is O(rows + chosen pairs).
fn sample_rows(
    rows: std::ops::Range<usize>,
    segment: impl Fn(usize) -> (usize, usize),
    p: f64,
    rng: &mut Stream,
    mut emit: impl FnMut(u32, u32),
) {
    if p <= 0.0 {
        return;
    }
    let skip = Skip::new(p);
    let mut ahead = skip.draw_exponential(rng); // pairs to skip before the next chosen one
    for i in rows {
        let (start, end) = segment(i);
        let len = end.saturating_sub(start) as u64;
        while ahead < len {
            emit(i as u32, (start as u64 + ahead) as u32);
            ahead = ahead
                .saturating_add(1)
                .saturating_add(skip.draw_exponential(rng));
        }
        ahead -= len;
    }
}

#[cfg(test)]
pub(super) mod test_support {
    //! Measures of generated graphs computed independently of the
    //! generators, shared by their tests.

    use crate::graph::Graph;

    /// Global transitivity 3 × triangles / connected triples, counted
    /// independently of the generators (sorted-list intersections).
    pub(super) fn transitivity(g: &Graph) -> f64 {
        let (triangles, triples) = triangles_and_triples(g);
        3.0 * triangles as f64 / triples as f64
    }

    pub(super) fn triangles_and_triples(g: &Graph) -> (u64, u64) {
        let mut triangles = 0u64;
        let mut triples = 0u64;
        for i in 0..g.citizens() {
            let d = g.degree(i) as u64;
            triples += d * d.saturating_sub(1) / 2;
            for &j in g.friends(i).iter().filter(|&&j| j as usize > i) {
                // Common friends above j: each triangle i < j < l once.
                let (a, b) = (g.friends(i), g.friends(j as usize));
                let (mut x, mut y) = (0, 0);
                while x < a.len() && y < b.len() {
                    match a[x].cmp(&b[y]) {
                        std::cmp::Ordering::Less => x += 1,
                        std::cmp::Ordering::Greater => y += 1,
                        std::cmp::Ordering::Equal => {
                            if a[x] > j {
                                triangles += 1;
                            }
                            x += 1;
                            y += 1;
                        }
                    }
                }
            }
        }
        (triangles, triples)
    }

    pub(super) fn mean(values: impl Iterator<Item = f64>) -> f64 {
        let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
        sum / count as f64
    }

    /// Runs `f` on a pool of `threads` threads.
    pub(super) fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }
}
