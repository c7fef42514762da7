//! Generators of the initial friendship graph (MODEL.md section 3).
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
//! parallel but their ties are concatenated in block order, and the sequential
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
    let blocks: Vec<Vec<(u32, u32)>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = network_stream(seed, Generator::ErdosRenyi, 1, b as u64);
            let rows = b * BLOCK..((b + 1) * BLOCK).min(n);
            let mut ties = Vec::with_capacity((p * pairs_in_rows(n, &rows) as f64 * 1.1) as usize);
            sample_rows(rows, |i| (i + 1, n), p, &mut rng, &mut ties);
            ties
        })
        .collect();
    // Ties in lexicographic order (rows ascending, then columns ascending).
    let mut ties: Vec<(u32, u32)> = blocks.concat();
    let mut rng = network_stream(seed, Generator::ErdosRenyi, 2, 0);
    let have = ties.len() as u64;
    if have > wanted {
        let mut surplus: Vec<u64> = floyd_sample(&mut rng, have, have - wanted)
            .into_iter()
            .collect();
        surplus.sort_unstable();
        let mut next = 0;
        let mut index = 0u64;
        ties.retain(|_| {
            let drop = next < surplus.len() && surplus[next] == index;
            if drop {
                next += 1;
            }
            index += 1;
            !drop
        });
    } else if have < wanted {
        let mut added: HashSet<(u32, u32), IntegerHashing> = HashSet::default();
        while ((ties.len() + added.len()) as u64) < wanted {
            let a = rng::below(&mut rng, n as u64) as u32;
            let mut b = rng::below(&mut rng, n as u64 - 1) as u32;
            if b >= a {
                b += 1;
            }
            let pair = (a.min(b), a.max(b));
            if ties.binary_search(&pair).is_err() {
                added.insert(pair);
            }
        }
        let mut added: Vec<(u32, u32)> = added.into_iter().collect();
        added.sort_unstable();
        ties.extend(added);
    }
    let (graph, dropped) = Graph::from_edges(n, &ties);
    debug_assert_eq!(dropped, super::Dropped::default());
    Ok(graph)
}

/// Number of pairs `(i, j)`, `i < j < n`, with `i` in `rows`.
fn pairs_in_rows(n: usize, rows: &std::ops::Range<usize>) -> usize {
    rows.clone().map(|i| n - 1 - i).sum()
}

/// Chooses each pair `(i, j)` with `i` in `rows` and `j` in `segment(i)`
/// (a half-open range `start..end`) independently with probability `p`,
/// appending the chosen ones to `out` in row order, then column order.
///
/// The segments of consecutive rows are treated as one sequence of pairs
/// and crossed by geometric gaps, so the cost is O(rows + chosen pairs).
fn sample_rows(
    rows: std::ops::Range<usize>,
    segment: impl Fn(usize) -> (usize, usize),
    p: f64,
    rng: &mut Stream,
    out: &mut Vec<(u32, u32)>,
) {
    if p <= 0.0 {
        return;
    }
    let ln_q = (-p).ln_1p(); // ln(1 - p); -inf when p = 1
    let mut ahead = gap(rng, ln_q); // pairs to skip before the next chosen one
    for i in rows {
        let (start, end) = segment(i);
        let len = end.saturating_sub(start) as u64;
        while ahead < len {
            out.push((i as u32, (start as u64 + ahead) as u32));
            ahead = ahead.saturating_add(1).saturating_add(gap(rng, ln_q));
        }
        ahead -= len;
    }
}

/// Number of failures before the next success of Bernoulli trials with
/// `ln_q = ln(1 - p)` (geometric, by inversion; `ln_q = -inf` means p = 1).
#[inline]
fn gap(rng: &mut Stream, ln_q: f64) -> u64 {
    if ln_q == f64::NEG_INFINITY {
        return 0;
    }
    let u = 1.0 - rng::uniform(rng); // in (0, 1]
    let k = (u.ln() / ln_q).floor();
    if k >= u64::MAX as f64 {
        u64::MAX
    } else {
        k as u64
    }
}

/// A uniformly random set of `k` distinct integers in `0..n` (Floyd's
/// algorithm: `k` draws, no rejection).
fn floyd_sample(rng: &mut Stream, n: u64, k: u64) -> HashSet<u64, IntegerHashing> {
    let mut chosen = HashSet::with_capacity_and_hasher(k as usize, IntegerHashing::default());
    for j in n - k..n {
        let t = rng::below(rng, j + 1);
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
                let ln_q = (-rewire).ln_1p();
                let mut s = gap(&mut rng, ln_q);
                while s < slots {
                    out.push(first + s);
                    s = s.saturating_add(1).saturating_add(gap(&mut rng, ln_q));
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
    for s in m + 1..n {
        let ties = m64 * (s - m) as u64; // ties so far
        let start = targets.len();
        while targets.len() - start < m {
            let end = rng::below(&mut rng, 2 * ties);
            let tie = end >> 1;
            let citizen = if tie < m64 {
                if end & 1 == 0 {
                    0
                } else {
                    tie as u32 + 1
                }
            } else if end & 1 == 0 {
                (m64 + 1 + (tie - m64) / m64) as u32
            } else {
                targets[(tie - m64) as usize]
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
    let star = (1..=m as u32).map(|i| (0, i));
    let mut ties: Vec<(u32, u32)> = Vec::with_capacity(m * (n - m));
    ties.extend(star);
    ties.par_extend(
        targets
            .par_chunks(m)
            .enumerate()
            .flat_map_iter(|(q, chunk)| {
                let s = (m + 1 + q) as u32;
                chunk.iter().map(move |&t| (s, t))
            }),
    );
    drop(targets);
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
    let parts: Vec<Vec<(u32, u32)>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = network_stream(seed, Generator::StochasticBlock, 1, b as u64);
            let rows = b * BLOCK..((b + 1) * BLOCK).min(n);
            let mut out = Vec::new();
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
                sample_rows(i..stop, |r| (r + 1, end), p_in, &mut rng, &mut out);
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
                &mut out,
            );
            out
        })
        .collect();
    let mut ties = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        ties.extend(part);
    }
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
