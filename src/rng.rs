//! The only place random streams are made.
//!
//! Every random decision of a run draws from a ChaCha8 stream keyed by what is
//! being decided: the scenario seed, the tick, the phase, and a key (a block of
//! citizens, a citizen, a generator stage). The key never depends on threads,
//! chunk scheduling or iteration order, so a run gives the same result on any
//! number of threads.
//!
//! Per-citizen phases use one stream per fixed-size block of [`BLOCK`]
//! citizens, processed in citizen order inside the block: constructing a
//! stream per citizen costs about a third of a bare pass over the ties at
//! a million citizens, and blocks keep that cost negligible.
//!
//! The samplers that draw from a stream live here too, one of each, so that
//! every module makes the same draws the same way: [`uniform`], [`chance`],
//! [`below`] (uniform integers), [`Skip`] (geometric skipping over trials
//! that fail), [`floyd_sample`] (a random subset); and [`IntegerHashing`],
//! the one hasher of the crate's sets and maps of integer keys.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// The random generator used everywhere in sesame.
pub type Stream = ChaCha8Rng;

/// Number of consecutive citizens sharing one random stream in a phase.
/// A constant of the model: changing it changes every result.
pub const BLOCK: usize = 1024;

/// What a stream is used for; part of every stream key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Drawing citizens' traits and initial records.
    Citizens = 1,
    /// Generating the initial friendship graph.
    Network = 2,
    /// Act (docs/model.md §7.2): bills, purchases, posts.
    Act = 3,
    /// Observe and report (§7.3): detection, true reports and their checks.
    Report = 4,
    /// Observe and report (§7.3): false reports and their checks.
    FalseReport = 5,
    /// Ties (§7.6): cuts by the tie rule.
    Cut = 6,
    /// Ties (§7.6): cuts of sanctioned friends.
    CutSanctioned = 7,
    /// Ties (§7.6): proposals of new ties and their acceptance.
    Form = 8,
    /// Adapt (§7.7): imitation.
    Adapt = 9,
    /// Samples drawn for charts (e.g. the network picture).
    Chart = 10,
    /// Seeds of sweep replicates.
    Sweep = 11,
    /// Trajectories of a Morris screening design.
    Morris = 12,
    /// Bootstrap resampling of sensitivity indices.
    Bootstrap = 13,
}

/// SplitMix64 finaliser: a bijective mix of 64 bits.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream for `(seed, tick, purpose, key)`.
///
/// Distinct tuples give independent streams: the first three fill the
/// 256-bit ChaCha key, the last selects the ChaCha stream.
pub fn stream(seed: u64, tick: u64, purpose: Purpose, key: u64) -> Stream {
    let a = mix64(seed);
    let b = mix64(a ^ tick.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let c = mix64(b ^ (purpose as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    let d = mix64(c ^ 0x5EED_5EED_5EED_5EED);
    let mut bytes = [0u8; 32];
    for (k, w) in [a, b, c, d].iter().enumerate() {
        bytes[k * 8..k * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    let mut rng = ChaCha8Rng::from_seed(bytes);
    rng.set_stream(key);
    rng
}

/// The per-block decision pattern of every phase: runs `decide` once per
/// block of [`BLOCK`] citizens out of `n`, in parallel, each with the block's
/// own stream for `(seed, tick, purpose, block)` and the block's range of
/// citizens, and returns the results in block order.
///
/// Why one helper: the key of a stream and the order its citizens draw in
/// are the determinism promise; written once, no phase can key a stream by
/// thread or chunk by mistake, or fold its results out of order.
pub fn per_block<T: Send>(
    n: usize,
    seed: u64,
    tick: u64,
    purpose: Purpose,
    decide: impl Fn(&mut Stream, std::ops::Range<usize>) -> T + Sync + Send,
) -> Vec<T> {
    use rayon::prelude::*;
    (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = stream(seed, tick, purpose, b as u64);
            decide(&mut rng, b * BLOCK..((b + 1) * BLOCK).min(n))
        })
        .collect()
}

/// [`per_block`] writing in place: `out` holds one entry per citizen, and
/// `decide` fills the block's entries (citizens `first..first + chunk.len()`)
/// drawing from the block's stream, with no vector of results to join; what
/// each block returns comes back in block order.
pub fn per_block_mut<T: Send, R: Send>(
    out: &mut [T],
    seed: u64,
    tick: u64,
    purpose: Purpose,
    decide: impl Fn(&mut Stream, usize, &mut [T]) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    out.par_chunks_mut(BLOCK)
        .enumerate()
        .map(|(b, chunk)| {
            let mut rng = stream(seed, tick, purpose, b as u64);
            decide(&mut rng, b * BLOCK, chunk)
        })
        .collect()
}

/// A uniform draw in `[0, 1)` with 53 random bits.
#[inline]
pub fn uniform(rng: &mut Stream) -> f64 {
    use rand::Rng;
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A Bernoulli draw with probability `p` (values outside [0, 1] saturate).
#[inline]
pub fn chance(rng: &mut Stream, p: f64) -> bool {
    p >= 1.0 || (p > 0.0 && uniform(rng) < p)
}

/// A uniform integer in `0..n` (`n > 0`), by Lemire's widening multiply
/// with rejection, so it is exactly uniform; the rejection threshold, a
/// 64-bit division, is computed only in the rare case it can matter
/// (Lemire's "nearly divisionless" form).
#[inline]
pub fn below(rng: &mut Stream, n: u64) -> u64 {
    use rand::Rng;
    debug_assert!(n > 0);
    let mut m = (rng.next_u64() as u128) * (n as u128);
    // The rejection threshold is below n, so a low word ≥ n is always
    // accepted and the division is needed only rarely.
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = (rng.next_u64() as u128) * (n as u128);
        }
    }
    (m >> 64) as u64
}

/// Geometric skipping: the number of failures before the next success of a
/// Bernoulli(`p`) sequence, used to skip over ties or pairs that are not
/// chosen, with the logarithm of `1 − p` taken once for all the draws at one
/// `p`, so the cost is O(chosen), not O(trials).
///
/// Two samplers of the same law, which use the stream differently: each
/// caller keeps the one it was written with, since switching would change
/// its results. [`Skip::draw`] inverts one uniform draw (the rules of a
/// tick); [`Skip::draw_exponential`] divides one exponential draw by the
/// rate, avoiding a logarithm per draw (the network generators, which make
/// millions of draws).
#[derive(Debug, Clone, Copy)]
pub struct Skip {
    p: f64,
    /// ln(1 − p), when 0 < p < 1.
    log_q: f64,
}

impl Skip {
    /// Skipping with success probability `p`.
    #[inline]
    pub fn new(p: f64) -> Skip {
        let log_q = if p > 0.0 && p < 1.0 {
            (-p).ln_1p()
        } else {
            0.0
        };
        Skip { p, log_q }
    }

    /// The next number of failures (`u64::MAX` when `p <= 0`).
    #[inline]
    pub fn draw(&self, rng: &mut Stream) -> u64 {
        if self.p >= 1.0 {
            return 0;
        }
        if self.p <= 0.0 {
            return u64::MAX;
        }
        let u = 1.0 - uniform(rng); // in (0, 1]
        let k = (u.ln() / self.log_q).floor();
        if k >= u64::MAX as f64 {
            u64::MAX
        } else {
            k as u64
        }
    }

    /// The next number of failures from one exponential draw `E` (ziggurat
    /// method, which avoids the logarithm in all but rare cases): the integer
    /// part of `E / rate` with `rate = −ln(1 − p)`, since
    /// P(⌊E / rate⌋ ≥ k) = (1 − p)^k. Always takes one exponential draw; 0
    /// when `p >= 1`, `u64::MAX` when `p <= 0`.
    #[inline]
    pub fn draw_exponential(&self, rng: &mut Stream) -> u64 {
        let e: f64 = Exp1.sample(rng);
        if self.p >= 1.0 {
            return 0;
        }
        if self.p <= 0.0 {
            return u64::MAX;
        }
        // Truncation is the integer part of a non-negative number, and `as`
        // saturates at u64::MAX.
        (e / -self.log_q) as u64
    }
}

/// A uniformly random set of `k` distinct integers in `0..n` (`k <= n`), in
/// increasing order (Floyd's algorithm: `k` draws from [`below`], no
/// rejection).
///
/// Complexity: O(k log k) time, O(k) memory.
pub fn floyd_sample(rng: &mut Stream, n: u64, k: u64) -> Vec<u64> {
    debug_assert!(k <= n);
    let mut chosen = HashSet::with_capacity_and_hasher(k as usize, IntegerHashing::default());
    for j in n - k..n {
        let t = below(rng, j + 1);
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    // The set is only asked what it holds: its iteration order is sorted away.
    let mut chosen: Vec<u64> = chosen.into_iter().collect();
    chosen.sort_unstable();
    chosen
}

/// Hashes integer keys with one SplitMix64 round ([`mix64`]) per integer:
/// much faster than the default SipHash, and the keys of sesame's sets and
/// maps (citizens, tie pairs, node ids) are not chosen by an adversary.
/// Every set or map hashed this way is only asked what it holds, or its
/// contents are sorted before use, so the hash never reaches a result.
#[derive(Default, Clone, Copy)]
pub struct IntegerHasher(u64);

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
        self.0 = mix64(self.0 ^ x);
    }
}

/// `BuildHasher` for [`IntegerHasher`]: `HashSet<K, IntegerHashing>`.
pub type IntegerHashing = BuildHasherDefault<IntegerHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let mut a = stream(1, 2, Purpose::Act, 3);
        let mut b = stream(1, 2, Purpose::Act, 3);
        let mut c = stream(1, 2, Purpose::Act, 4);
        let mut d = stream(1, 3, Purpose::Act, 3);
        let (x, y, z, w) = (
            uniform(&mut a),
            uniform(&mut b),
            uniform(&mut c),
            uniform(&mut d),
        );
        assert_eq!(x, y);
        assert_ne!(x, z);
        assert_ne!(x, w);
    }

    #[test]
    fn skip_has_geometric_mean() {
        // Both samplers, each on its own stream.
        let p = 0.05;
        let n = 200_000;
        let skip = Skip::new(p);
        type Draw = fn(&Skip, &mut Stream) -> u64;
        let draws: [(&str, Draw); 2] = [
            ("inversion", Skip::draw),
            ("exponential", Skip::draw_exponential),
        ];
        for (name, draw) in draws {
            let mut rng = stream(7, 0, Purpose::Cut, 0);
            let mean = (0..n).map(|_| draw(&skip, &mut rng) as f64).sum::<f64>() / n as f64;
            let expected = (1.0 - p) / p; // 19
            let sd = ((1.0 - p) / (p * p)).sqrt() / (n as f64).sqrt();
            assert!(
                (mean - expected).abs() < 5.0 * sd,
                "{name}: mean {mean} vs {expected}"
            );
        }
    }

    #[test]
    fn skip_draws_the_written_out_geometric_formula() {
        for p in [0.0, -1.0, 1e-300, 0.002, 0.05, 0.5, 0.999_999, 1.0, 2.0] {
            let mut a = stream(11, 1, Purpose::Cut, 0);
            let mut b = stream(11, 1, Purpose::Cut, 0);
            let once = Skip::new(p);
            for _ in 0..1000 {
                // The logarithm taken afresh for every draw.
                let expected = if p >= 1.0 {
                    0
                } else if p <= 0.0 {
                    u64::MAX
                } else {
                    let k = ((1.0 - uniform(&mut a)).ln() / (-p).ln_1p()).floor();
                    if k >= u64::MAX as f64 {
                        u64::MAX
                    } else {
                        k as u64
                    }
                };
                assert_eq!(once.draw(&mut b), expected, "p = {p}");
            }
        }
    }

    #[test]
    fn skip_by_exponential_draws_the_written_out_formula() {
        // ⌊E / −ln(1 − p)⌋ with E from the ziggurat, one exponential per
        // draw whatever p (p = 1 and p > 1 give 0 and still take a draw).
        for p in [1e-300, 0.002, 0.05, 0.5, 0.999_999, 1.0, 2.0] {
            let mut a = stream(12, 1, Purpose::Network, 0);
            let mut b = stream(12, 1, Purpose::Network, 0);
            let once = Skip::new(p);
            for _ in 0..1000 {
                let e: f64 = Exp1.sample(&mut a);
                let expected = (e / -(-p).ln_1p()) as u64;
                assert_eq!(once.draw_exponential(&mut b), expected, "p = {p}");
            }
            assert_eq!(
                uniform(&mut a),
                uniform(&mut b),
                "p = {p}: same draws taken"
            );
        }
    }

    #[test]
    fn floyd_sample_is_a_uniform_sorted_subset() {
        // k = 2 of n = 5: all C(5, 2) = 10 subsets equally likely.
        let mut rng = stream(4, 0, Purpose::Network, 0);
        let mut counts = std::collections::HashMap::new();
        let runs = 20_000;
        for _ in 0..runs {
            let s = floyd_sample(&mut rng, 5, 2);
            assert!(s.len() == 2 && s[0] < s[1] && s[1] < 5, "{s:?}");
            *counts.entry(s).or_insert(0u32) += 1;
        }
        assert_eq!(counts.len(), 10);
        let expected = runs as f64 / 10.0;
        let chi2: f64 = counts
            .values()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum();
        // 9 degrees of freedom: P(chi2 > 35) ≈ 6e-5.
        assert!(chi2 < 35.0, "chi-square {chi2}");
        assert_eq!(floyd_sample(&mut rng, 7, 7), (0..7).collect::<Vec<u64>>());
        assert!(floyd_sample(&mut rng, 7, 0).is_empty());
    }

    #[test]
    fn integer_hasher_is_one_mix_per_integer() {
        use std::hash::{BuildHasher, Hash};
        let hash = |x: &dyn Fn(&mut IntegerHasher)| {
            let mut h = IntegerHashing::default().build_hasher();
            x(&mut h);
            h.finish()
        };
        assert_eq!(hash(&|h| 7u64.hash(h)), mix64(7));
        assert_eq!(hash(&|h| 7u32.hash(h)), mix64(7));
        assert_eq!(hash(&|h| (3u32, 9u32).hash(h)), mix64(mix64(3) ^ 9));
        assert_eq!(hash(&|h| h.write(&[1, 2])), mix64(mix64(1) ^ 2));
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut rng = stream(3, 0, Purpose::Form, 0);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[below(&mut rng, 7) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800 && c < 1200), "{seen:?}");
    }
}
