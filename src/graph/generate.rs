//! Generators of the initial friendship graph (docs/model.md §7.9).
//!
//! Each generator is a free function of the population size, its own
//! parameters and the scenario seed, and returns a [`Graph`] or, for
//! impossible parameters, a sentence saying what is wrong and what is allowed.
//! The `check_*` functions run the same validation without generating, so a
//! scenario can be rejected when it is loaded.
//!
//! # Randomness and determinism
//!
//! Every draw comes from `rng::stream(seed, 0, Purpose::Network, key)`, where
//! the key names the generator, a stage of it and, for parallel stages, a
//! fixed block of [`BLOCK`] consecutive citizens. Blocks are processed in
//! parallel but their ties are combined in a fixed order, and the sequential
//! stages (the exact-count fix-up of Erdős–Rényi, the rewiring of
//! Watts–Strogatz, the whole of Barabási–Albert) each use one stream. The
//! graph therefore depends on the seed only, never on the number of threads.
//!
//! # Sampling pairs
//!
//! Erdős–Rényi and the stochastic block model visit the candidate pairs
//! `(i, j)`, `i < j`, row by row and choose each with probability `p` by
//! *geometric skipping*: the gap to the next chosen pair is a geometric draw,
//! so the cost is O(rows + ties), not O(pairs).

use super::Graph;
use crate::rng::{self, Purpose, Stream, BLOCK};
use rand_distr::{Distribution, Exp1};
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

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
/// [`BLOCK`] citizens, or 0 for a sequential stage).
fn network_stream(seed: u64, generator: Generator, stage: u64, block: u64) -> Stream {
    let key = ((generator as u64) << 56) | (stage << 48) | block;
    rng::stream(seed, 0, Purpose::Network, key)
}

// ---------------------------------------------------------------------------
// Validation

fn check_population(n: usize) -> Result<(), String> {
    if n > MAX_CITIZENS {
        return Err(format!(
            "the population {n} is too large: at most {MAX_CITIZENS} citizens are supported"
        ));
    }
    Ok(())
}

fn check_non_negative(name: &str, value: f64) -> Result<(), String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "{name} = {value} must be a finite non-negative number"
        ));
    }
    Ok(())
}

/// Checks the parameters of [`erdos_renyi`]: `mean_degree` finite and
/// non-negative (values above `n - 1` give the complete graph).
pub fn check_erdos_renyi(n: usize, mean_degree: f64) -> Result<(), String> {
    check_population(n)?;
    check_non_negative("mean_degree", mean_degree)
}

/// Checks the parameters of [`watts_strogatz`]: `k` even and less than `n`
/// (or 0), `rewire` a probability.
pub fn check_watts_strogatz(n: usize, k: usize, rewire: f64) -> Result<(), String> {
    check_population(n)?;
    if k % 2 != 0 {
        return Err(format!(
            "k = {k} must be even: each citizen is tied to k/2 neighbours on each side of the ring"
        ));
    }
    if k > 0 && k >= n {
        return Err(format!("k = {k} must be less than the population {n}"));
    }
    if !(0.0..=1.0).contains(&rewire) {
        return Err(format!(
            "rewire = {rewire} must be a probability between 0 and 1"
        ));
    }
    Ok(())
}

/// Checks the parameters of [`barabasi_albert`]: `1 <= m < n`.
pub fn check_barabasi_albert(n: usize, m: usize) -> Result<(), String> {
    check_population(n)?;
    if m < 1 {
        return Err(format!(
            "m = {m} must be at least 1: each new citizen makes m ties"
        ));
    }
    if m >= n {
        return Err(format!("m = {m} must be less than the population {n}"));
    }
    Ok(())
}

/// Checks the parameters of [`stochastic_block`]: between 1 and `n`
/// communities, and mean degrees the community sizes can provide
/// (`mean_degree_in` at most the smallest community size minus one; with a
/// single community, `mean_degree_out` must be 0).
pub fn check_stochastic_block(
    n: usize,
    communities: usize,
    mean_degree_in: f64,
    mean_degree_out: f64,
) -> Result<(), String> {
    check_population(n)?;
    check_non_negative("mean_degree_in", mean_degree_in)?;
    check_non_negative("mean_degree_out", mean_degree_out)?;
    if communities < 1 {
        return Err(format!("communities = {communities} must be at least 1"));
    }
    if communities > n {
        return Err(format!(
            "communities = {communities} must not exceed the population {n}"
        ));
    }
    let blocks = Blocks::new(n, communities);
    let smallest = blocks.size(communities - 1);
    if mean_degree_in > (smallest - 1) as f64 {
        return Err(format!(
            "mean_degree_in = {mean_degree_in} is more than the {} other members of the smallest \
             community (population {n} in {communities} communities)",
            smallest - 1
        ));
    }
    if blocks.p_out(mean_degree_out) > 1.0 {
        return Err(format!(
            "mean_degree_out = {mean_degree_out} is more than the {:.1} citizens outside a \
             community, on average (population {n} in {communities} communities)",
            blocks.mean_outside()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Erdős–Rényi

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
pub fn erdos_renyi(n: usize, mean_degree: f64, seed: u64) -> Result<Graph, String> {
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
        let mut surplus: Vec<u64> = floyd_sample(&mut rng, have, have - wanted)
            .into_iter()
            .collect();
        surplus.sort_unstable();
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
            let a = below(&mut rng, n as u64) as u32;
            let mut b = below(&mut rng, n as u64 - 1) as u32;
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
    let ties = TieGroups::concat(blocks);
    let (graph, dropped) = Graph::from_edges(n, &ties);
    debug_assert_eq!(dropped, super::Dropped::default());
    Ok(graph)
}

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
    let rate = gap_rate(p);
    let mut ahead = gap(rng, rate); // pairs to skip before the next chosen one
    for i in rows {
        let (start, end) = segment(i);
        let len = end.saturating_sub(start) as u64;
        while ahead < len {
            emit(i as u32, (start as u64 + ahead) as u32);
            ahead = ahead.saturating_add(1).saturating_add(gap(rng, rate));
        }
        ahead -= len;
    }
}

/// The rate `−ln(1 − p)` of the exponential whose integer part is a
/// geometric gap (infinite when `p = 1`: no gaps).
fn gap_rate(p: f64) -> f64 {
    -(-p).ln_1p()
}

/// Number of failures before the next success of Bernoulli trials with
/// success probability `p = 1 − e^(−rate)`: the integer part of an
/// exponential draw divided by `rate`, since P(⌊E / rate⌋ ≥ k) = (1 − p)^k.
/// The exponential comes from the ziggurat method, which avoids the
/// logarithm of inverting a uniform draw in all but rare cases.
#[inline]
fn gap(rng: &mut Stream, rate: f64) -> u64 {
    let e: f64 = Exp1.sample(rng);
    // Truncation is the integer part of a non-negative number, and `as`
    // saturates at u64::MAX.
    (e / rate) as u64
}

/// A uniform integer in `0..n` (`n > 0`): the same values as
/// [`rng::below`] (Lemire's widening multiply with rejection), but the
/// rejection threshold, a 64-bit division, is computed only in the rare case
/// it can matter (Lemire's "nearly divisionless" form).
#[inline]
fn below(rng: &mut Stream, n: u64) -> u64 {
    use rand::Rng;
    let mut product = (rng.next_u64() as u128) * (n as u128);
    if (product as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (product as u64) < threshold {
            product = (rng.next_u64() as u128) * (n as u128);
        }
    }
    (product >> 64) as u64
}

/// A uniformly random set of `k` distinct integers in `0..n` (Floyd's
/// algorithm: `k` draws, no rejection).
fn floyd_sample(rng: &mut Stream, n: u64, k: u64) -> HashSet<u64, IntegerHashing> {
    let mut chosen = HashSet::with_capacity_and_hasher(k as usize, IntegerHashing::default());
    for j in n - k..n {
        let t = below(rng, j + 1);
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    chosen
}

// ---------------------------------------------------------------------------
// Watts–Strogatz

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
pub fn watts_strogatz(n: usize, k: usize, rewire: f64, seed: u64) -> Result<Graph, String> {
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
                let rate = gap_rate(rewire);
                let mut s = gap(&mut rng, rate);
                while s < slots {
                    out.push(first + s);
                    s = s.saturating_add(1).saturating_add(gap(&mut rng, rate));
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
            let mut w = below(&mut rng, n as u64) as usize;
            let mut moved = true;
            while w == u || is_tie(w, &rewired, &new_set) {
                w = below(&mut rng, n as u64) as usize;
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
    let (graph, dropped) = Graph::from_edges(n, &ties);
    debug_assert_eq!(dropped, super::Dropped::default());
    Ok(graph)
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

// ---------------------------------------------------------------------------
// Barabási–Albert

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
pub fn barabasi_albert(n: usize, m: usize, seed: u64) -> Result<Graph, String> {
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
            ends.push(below(&mut rng, 2 * ties));
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
                citizen_at(below(&mut rng, 2 * ties), &targets)
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
    let ties = TieGroups::concat(parts);
    let (graph, dropped) = Graph::from_edges(n, &ties);
    debug_assert_eq!(dropped, super::Dropped::default());
    Ok(graph)
}

// ---------------------------------------------------------------------------
// Stochastic block model

/// Nearly equal communities of consecutive citizens: the first `n mod c`
/// have one member more.
struct Blocks {
    n: usize,
    base: usize,
    extra: usize,
}

impl Blocks {
    fn new(n: usize, communities: usize) -> Blocks {
        Blocks {
            n,
            base: n / communities,
            extra: n % communities,
        }
    }

    fn size(&self, c: usize) -> usize {
        self.base + usize::from(c < self.extra)
    }

    fn start(&self, c: usize) -> usize {
        c * self.base + c.min(self.extra)
    }

    fn of(&self, i: usize) -> usize {
        let big = self.extra * (self.base + 1);
        if i < big {
            i / (self.base + 1)
        } else {
            self.extra + (i - big) / self.base
        }
    }

    /// Mean number of citizens outside one's community.
    fn mean_outside(&self) -> f64 {
        let big = (self.base + 1) as f64;
        let small = self.base as f64;
        let n = self.n as f64;
        let with_big = (self.extra * (self.base + 1)) as f64;
        (with_big * (n - big) + (n - with_big) * (n - small)) / n
    }

    /// Probability of a tie between communities so that the population mean
    /// of between-community degrees is `mean_degree_out`.
    fn p_out(&self, mean_degree_out: f64) -> f64 {
        if mean_degree_out == 0.0 {
            0.0
        } else {
            mean_degree_out / self.mean_outside()
        }
    }
}

/// A planted-partition stochastic block model: `communities` communities of
/// consecutive citizens with nearly equal sizes (the first `n mod communities`
/// one larger); each pair inside community c is tied with probability
/// `mean_degree_in / (size_c − 1)` and each pair across communities with one
/// probability `p_out`, so every citizen's expected within-community degree
/// is `mean_degree_in` and the population's mean between-community degree is
/// `mean_degree_out`. Returns the graph and each citizen's community.
///
/// Method: per block of [`BLOCK`] citizens, in parallel, geometric skipping
/// over the row segments (within-community pairs, restarting at each
/// community boundary, then between-community pairs); one stream per block.
///
/// Errors: see [`check_stochastic_block`].
///
/// Complexity: O(n + m) expected time, parallel over blocks, plus
/// O(m log d) to build the graph.
pub fn stochastic_block(
    n: usize,
    communities: usize,
    mean_degree_in: f64,
    mean_degree_out: f64,
    seed: u64,
) -> Result<(Graph, Vec<u32>), String> {
    check_stochastic_block(n, communities, mean_degree_in, mean_degree_out)?;
    let blocks = Blocks::new(n, communities);
    let p_out = blocks.p_out(mean_degree_out);
    let parts: Vec<TieGroups> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = network_stream(seed, Generator::StochasticBlock, 1, b as u64);
            let rows = b * BLOCK..((b + 1) * BLOCK).min(n);
            let mut out = TieGroups::new(n);
            // Within communities, one community's rows at a time.
            let mut i = rows.start;
            while i < rows.end {
                let c = blocks.of(i);
                let end = blocks.start(c) + blocks.size(c);
                let size = blocks.size(c);
                let p_in = if mean_degree_in == 0.0 {
                    0.0
                } else {
                    mean_degree_in / (size - 1) as f64
                };
                let stop = end.min(rows.end);
                sample_rows(
                    i..stop,
                    |r| (r + 1, end),
                    p_in,
                    &mut rng,
                    |a, b| out.push(a, b, b),
                );
                i = stop;
            }
            // Between communities: pairs (i, j) with j in a later community.
            sample_rows(
                rows,
                |r| {
                    let c = blocks.of(r);
                    (blocks.start(c) + blocks.size(c), n)
                },
                p_out,
                &mut rng,
                |a, b| out.push(a, b, b),
            );
            out
        })
        .collect();
    let ties = TieGroups::concat(parts);
    let (graph, dropped) = Graph::from_edges(n, &ties);
    debug_assert_eq!(dropped, super::Dropped::default());
    let community = (0..n).map(|i| blocks.of(i) as u32).collect();
    Ok((graph, community))
}

// ---------------------------------------------------------------------------
// Hashing of integer keys

/// Hashes integer keys with the SplitMix64 finaliser: much faster than the
/// default SipHash, and the keys here are not chosen by an adversary.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntegerHasher(u64);

impl Hasher for IntegerHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }

    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }

    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.0 = rng::mix64(self.0 ^ x);
    }
}

/// `BuildHasher` for [`IntegerHasher`].
pub(crate) type IntegerHashing = BuildHasherDefault<IntegerHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Global transitivity 3 × triangles / connected triples, counted
    /// independently of the generators (sorted-list intersections).
    fn transitivity(g: &Graph) -> f64 {
        let (triangles, triples) = triangles_and_triples(g);
        3.0 * triangles as f64 / triples as f64
    }

    fn triangles_and_triples(g: &Graph) -> (u64, u64) {
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

    fn mean(values: impl Iterator<Item = f64>) -> f64 {
        let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
        sum / count as f64
    }

    /// Runs `f` on a pool of `threads` threads.
    fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }

    // --- Erdős–Rényi -------------------------------------------------------

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
        assert!(e.contains("mean_degree = -1"), "{e}");
        assert!(erdos_renyi(10, f64::NAN, 0).is_err());
        assert!(erdos_renyi(10, f64::INFINITY, 0).is_err());
    }

    // --- Watts–Strogatz ----------------------------------------------------

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
        let e = watts_strogatz(10, 12, 0.1, 0).unwrap_err();
        assert_eq!(e, "k = 12 must be less than the population 10");
        assert!(watts_strogatz(10, 10, 0.1, 0).is_err());
        assert!(watts_strogatz(10, 3, 0.1, 0).unwrap_err().contains("even"));
        assert!(watts_strogatz(10, 4, 1.5, 0)
            .unwrap_err()
            .contains("rewire"));
        assert!(watts_strogatz(10, 4, f64::NAN, 0).is_err());
        assert!(watts_strogatz(10, 4, -0.1, 0).is_err());
        assert_eq!(watts_strogatz(10, 0, 0.5, 0).unwrap().ties(), 0);
    }

    // --- Barabási–Albert ---------------------------------------------------

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
            .contains("at least 1"));
        assert_eq!(
            barabasi_albert(10, 10, 0).unwrap_err(),
            "m = 10 must be less than the population 10"
        );
        assert!(barabasi_albert(0, 1, 0).is_err());
    }

    // --- Stochastic block model --------------------------------------------

    /// Mean within- and between-community degree, overall and per community.
    fn block_degrees(g: &Graph, community: &[u32], c: usize) -> (f64, f64, Vec<f64>) {
        let mut within = vec![0u64; c];
        let mut size = vec![0u64; c];
        let mut between = 0u64;
        for i in 0..g.citizens() {
            let ci = community[i];
            size[ci as usize] += 1;
            for &j in g.friends(i) {
                if community[j as usize] == ci {
                    within[ci as usize] += 1;
                } else {
                    between += 1;
                }
            }
        }
        let n = g.citizens() as f64;
        let per: Vec<f64> = (0..c).map(|k| within[k] as f64 / size[k] as f64).collect();
        (
            within.iter().sum::<u64>() as f64 / n,
            between as f64 / n,
            per,
        )
    }

    #[test]
    fn stochastic_block_has_the_requested_degrees() {
        for (n, c, din, dout) in [(20_000, 5, 8.0, 3.0), (20_003, 7, 6.0, 1.5)] {
            let (g, community) = stochastic_block(n, c, din, dout, 21).unwrap();
            g.check().unwrap();
            assert_eq!(community.len(), n);
            // Nearly equal sizes, consecutive citizens.
            assert!(community.windows(2).all(|w| w[0] <= w[1]));
            let mut sizes = vec![0usize; c];
            for &k in &community {
                sizes[k as usize] += 1;
            }
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(hi - lo <= 1, "sizes {sizes:?}");
            let (within, between, per) = block_degrees(&g, &community, c);
            // Tie counts are sums of independent Bernoulli draws: sd of the
            // mean degree is about sqrt(2 d / n).
            let tol = |d: f64, citizens: f64| 5.0 * (2.0 * d / citizens).sqrt();
            assert!((within - din).abs() < tol(din, n as f64), "within {within}");
            assert!(
                (between - dout).abs() < tol(dout, n as f64),
                "between {between}"
            );
            for (k, &w) in per.iter().enumerate() {
                let members = sizes[k] as f64;
                assert!((w - din).abs() < tol(din, members), "community {k}: {w}");
            }
        }
    }

    #[test]
    fn stochastic_block_with_certain_ties_is_exact() {
        // mean_degree_in = size − 1: every community is a complete graph.
        let (g, community) = stochastic_block(12, 3, 3.0, 0.0, 0).unwrap();
        assert_eq!(community, vec![0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
        assert_eq!(g.ties(), 18);
        for (a, b) in g.edges() {
            assert_eq!(community[a as usize], community[b as usize]);
        }
        // One community: G(n, p) with p = 1 is the complete graph.
        let (g, _) = stochastic_block(9, 1, 8.0, 0.0, 0).unwrap();
        assert_eq!(g.ties(), 36);
        // Uneven sizes: 10 in 3 communities of 4, 3, 3.
        let (_, community) = stochastic_block(10, 3, 0.0, 0.0, 0).unwrap();
        assert_eq!(community, vec![0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    }

    #[test]
    fn stochastic_block_is_deterministic_on_any_thread_count() {
        let one = on_threads(1, || stochastic_block(30_000, 6, 8.0, 2.0, 5).unwrap());
        let four = on_threads(4, || stochastic_block(30_000, 6, 8.0, 2.0, 5).unwrap());
        assert_eq!(one, four);
        assert_ne!(one.0, stochastic_block(30_000, 6, 8.0, 2.0, 6).unwrap().0);
    }

    #[test]
    fn stochastic_block_rejects_impossible_parameters() {
        assert!(stochastic_block(10, 0, 1.0, 1.0, 0).is_err());
        assert!(stochastic_block(10, 11, 0.0, 1.0, 0)
            .unwrap_err()
            .contains("must not exceed the population 10"));
        // Communities of 4, 3, 3: at most 2 friends inside the smallest.
        assert!(stochastic_block(10, 3, 2.0, 1.0, 0).is_ok());
        assert!(stochastic_block(10, 3, 2.5, 1.0, 0)
            .unwrap_err()
            .contains("mean_degree_in = 2.5"));
        assert!(stochastic_block(10, 1, 2.0, 0.5, 0)
            .unwrap_err()
            .contains("mean_degree_out = 0.5"));
        assert!(stochastic_block(10, 2, -1.0, 0.5, 0).is_err());
        assert!(stochastic_block(10, 2, 1.0, f64::NAN, 0).is_err());
    }
}
