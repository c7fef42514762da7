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
//! [`coin`] (a Bernoulli draw from 32 bits, the tick's yes-or-no
//! decisions), [`below`] (uniform integers), [`Skip`] (geometric skipping
//! over trials that fail) and its two block-wide forms [`chosen_ends`] and
//! [`chosen_citizens`], [`PoissonInversion`] (purchase counts),
//! [`floyd_sample`] (a random subset); and [`IntegerHashing`], the one
//! hasher of the crate's sets and maps of integer keys.

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

/// A Bernoulli draw with probability `p` from 32 random bits (values
/// outside [0, 1] saturate): `P = ⌈p · 2³²⌉ / 2³²`, within 2.4 × 10⁻¹⁰ of
/// `p`. The tick's rules draw their yes-or-no decisions with it, half the
/// stream a 53-bit [`chance`] takes (ChaCha8 makes 32 bits at a time).
#[inline]
pub fn coin(rng: &mut Stream, p: f64) -> bool {
    use rand::Rng;
    p >= 1.0 || (p > 0.0 && (rng.next_u32() as f64) < p * TWO_TO_32)
}

/// 2³², the number of values of a 32-bit draw.
const TWO_TO_32: f64 = 4_294_967_296.0;

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
/// Bernoulli(`p`) sequence, used to skip over ties, pairs or citizens that
/// are not chosen, with the logarithm of `1 − p` taken once for all the
/// draws at one `p`, so the cost is O(chosen), not O(trials). Each gap
/// divides one exponential draw by the rate, which avoids a logarithm per
/// draw. (Until 0.2.0 the tick's rules inverted a uniform draw instead,
/// ⌊ln(1 − U) / ln(1 − p)⌋: the same law from other draws.)
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

/// Poisson counts by inversion of a table of the cumulative distribution:
/// one 53-bit uniform draw per count, the count the first whose cumulative
/// probability exceeds it.
///
/// Why: the act phase draws a purchase count for every citizen every tick
/// at a handful of distinct rates (the base rate times an employment and a
/// tier multiplier); the table is made once per rate and tick, and a draw
/// then costs one uniform and a short search, where Knuth's method takes
/// about rate + 1 uniforms. Rates above [`PoissonInversion::TABLE_UP_TO`]
/// (where e^(−rate) leaves too few digits) use `rand_distr`'s sampler.
#[derive(Debug, Clone)]
pub struct PoissonInversion {
    /// P(K ≤ k) for k = 0, 1, … until the rest of the law is below 2⁻⁵⁶.
    cdf: Vec<f64>,
    /// The last P(K = k) of the table, to go on past it.
    last: f64,
    rate: f64,
    /// For rates above the table's range.
    large: Option<rand_distr::Poisson<f64>>,
}

impl PoissonInversion {
    /// Largest rate drawn by inversion.
    pub const TABLE_UP_TO: f64 = 600.0;

    /// The law Poisson(`rate`), `rate` ≥ 0 and finite.
    pub fn new(rate: f64) -> PoissonInversion {
        if rate > Self::TABLE_UP_TO {
            return PoissonInversion {
                cdf: Vec::new(),
                last: 0.0,
                rate,
                large: rand_distr::Poisson::new(rate).ok(),
            };
        }
        let mut pmf = (-rate).exp();
        let mut cdf = vec![pmf];
        let mut total = pmf;
        let mut k = 0.0;
        while (k < rate || 1.0 - total > f64::EPSILON / 32.0) && pmf > 0.0 {
            k += 1.0;
            pmf *= rate / k;
            total += pmf;
            cdf.push(total);
        }
        PoissonInversion {
            cdf,
            last: pmf,
            rate,
            large: None,
        }
    }

    /// One count.
    #[inline]
    pub fn draw(&self, rng: &mut Stream) -> u64 {
        if let Some(large) = &self.large {
            return large.sample(rng) as u64;
        }
        let u = uniform(rng);
        let k = if self.cdf.len() <= 32 {
            self.cdf.iter().position(|&c| u < c)
        } else {
            let k = self.cdf.partition_point(|&c| c <= u);
            (k < self.cdf.len()).then_some(k)
        };
        match k {
            Some(k) => k as u64,
            // The rounding of the table left u above its last entry (a
            // chance below 2⁻⁵⁰): go on along the law.
            None => {
                let (mut k, mut pmf) = (self.cdf.len() as u64 - 1, self.last);
                let mut total = self.cdf[self.cdf.len() - 1];
                while u >= total && pmf > 0.0 {
                    k += 1;
                    pmf *= self.rate / k as f64;
                    total += pmf;
                }
                k + (u >= total) as u64
            }
        }
    }
}

/// Geometric skipping over the tie ends of a block of citizens: of the
/// ends `offsets[citizens.start]..offsets[citizens.end]` (the block's friend
/// lists, concatenated in citizen order), each is chosen independently with
/// probability `q`, and `visit(rng, i, e)` is called for each chosen end
/// `e`, in order, with the citizen `i` whose list holds it.
///
/// Why: a rule that takes a tie with a probability `P ≤ q` visits the
/// chosen ends and keeps each with `P / q`, which takes each tie with
/// exactly `P`; skipping the whole block at once costs one exponential draw
/// per chosen end and one per block, where skipping each citizen's list
/// apart costs a logarithm and a draw per citizen.
#[inline]
pub fn chosen_ends(
    rng: &mut Stream,
    offsets: &[usize],
    citizens: std::ops::Range<usize>,
    q: f64,
    mut visit: impl FnMut(&mut Stream, usize, usize),
) {
    if q <= 0.0 || citizens.is_empty() {
        return;
    }
    let end = offsets[citizens.end] as u64;
    let skip = Skip::new(q);
    let mut e = (offsets[citizens.start] as u64).saturating_add(skip.draw_exponential(rng));
    let mut i = citizens.start;
    while e < end {
        while offsets[i + 1] as u64 <= e {
            i += 1;
        }
        visit(rng, i, e as usize);
        e = e
            .saturating_add(1)
            .saturating_add(skip.draw_exponential(rng));
    }
}

/// Geometric skipping over `citizens`: each is chosen independently with
/// probability `q`, and `visit(rng, i)` is called for each chosen one, in
/// order. One exponential draw per chosen citizen and one per range, where
/// a draw per citizen would cost a draw per citizen.
#[inline]
pub fn chosen_citizens(
    rng: &mut Stream,
    citizens: std::ops::Range<usize>,
    q: f64,
    mut visit: impl FnMut(&mut Stream, usize),
) {
    if q <= 0.0 || citizens.is_empty() {
        return;
    }
    let end = citizens.end as u64;
    let skip = Skip::new(q);
    let mut i = (citizens.start as u64).saturating_add(skip.draw_exponential(rng));
    while i < end {
        visit(rng, i as usize);
        i = i
            .saturating_add(1)
            .saturating_add(skip.draw_exponential(rng));
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
        let p = 0.05;
        let n = 200_000;
        let skip = Skip::new(p);
        let mut rng = stream(7, 0, Purpose::Cut, 0);
        let mean = (0..n)
            .map(|_| skip.draw_exponential(&mut rng) as f64)
            .sum::<f64>()
            / n as f64;
        let expected = (1.0 - p) / p; // 19
        let sd = ((1.0 - p) / (p * p)).sqrt() / (n as f64).sqrt();
        assert!(
            (mean - expected).abs() < 5.0 * sd,
            "mean {mean} vs {expected}"
        );
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
    fn poisson_inversion_matches_the_law() {
        // Chi-square of the counts against the Poisson probabilities, at a
        // small, a middling and a large rate (binary search), and the
        // large-rate fallback's mean.
        for rate in [0.3, 2.4, 45.0] {
            let law = PoissonInversion::new(rate);
            let mut rng = stream(5, 1, Purpose::Act, rate.to_bits());
            let draws = 100_000;
            let mut counts = std::collections::BTreeMap::new();
            for _ in 0..draws {
                *counts.entry(law.draw(&mut rng)).or_insert(0u32) += 1;
            }
            // Cells k with an expected count of at least 20, the rest pooled.
            let (mut chi2, mut cells, mut pooled_seen, mut pooled_p) = (0.0, 0, 0.0, 0.0);
            let mut pmf = (-rate).exp();
            for k in 0..(rate as u64 * 3 + 30) {
                if k > 0 {
                    pmf *= rate / k as f64;
                }
                let seen = *counts.get(&k).unwrap_or(&0) as f64;
                let expected = pmf * draws as f64;
                if expected >= 20.0 {
                    chi2 += (seen - expected).powi(2) / expected;
                    cells += 1;
                } else {
                    pooled_seen += seen;
                    pooled_p += pmf;
                }
            }
            let pooled_expected = pooled_p * draws as f64;
            if pooled_expected >= 20.0 {
                chi2 += (pooled_seen - pooled_expected).powi(2) / pooled_expected;
                cells += 1;
            }
            // Mean + 5 sd of a chi-square with `cells` − 1 degrees of freedom.
            let df = (cells - 1) as f64;
            assert!(
                chi2 < df + 5.0 * (2.0 * df).sqrt(),
                "rate {rate}: chi2 {chi2} on {df} df"
            );
        }
        let large = PoissonInversion::new(2000.0);
        let mut rng = stream(5, 2, Purpose::Act, 0);
        let mean = (0..20_000)
            .map(|_| large.draw(&mut rng) as f64)
            .sum::<f64>()
            / 20_000.0;
        assert!(
            (mean - 2000.0).abs() < 5.0 * (2000.0f64 / 20_000.0).sqrt(),
            "{mean}"
        );
        assert_eq!(PoissonInversion::new(0.0).draw(&mut rng), 0);
    }

    #[test]
    fn coin_has_its_probability_and_takes_32_bits() {
        let mut rng = stream(6, 0, Purpose::Act, 0);
        for p in [0.002, 0.3, 0.9] {
            let n = 200_000;
            let hits = (0..n).filter(|_| coin(&mut rng, p)).count() as f64;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!((hits - n as f64 * p).abs() < 5.0 * sd, "p = {p}: {hits}");
        }
        // Certain outcomes draw nothing; an uncertain one draws one word.
        use rand::Rng;
        let (mut a, mut b) = (stream(6, 1, Purpose::Act, 0), stream(6, 1, Purpose::Act, 0));
        assert!(coin(&mut a, 1.0) && !coin(&mut a, 0.0) && !coin(&mut a, -1.0));
        coin(&mut a, 0.5);
        b.next_u32();
        assert_eq!(a.next_u32(), b.next_u32());
    }

    #[test]
    fn chosen_ends_selects_each_end_with_its_probability_and_names_its_citizen() {
        // Lists of uneven lengths (some empty) laid end to end; each end is
        // chosen with q, and the citizen named is the one whose list holds it.
        let degrees = [3usize, 0, 7, 1, 0, 0, 12, 5];
        let mut offsets = vec![0];
        for d in degrees {
            offsets.push(offsets.last().unwrap() + d);
        }
        let ends = *offsets.last().unwrap();
        let q = 0.3;
        let mut seen = vec![0u32; ends];
        let rounds = 20_000;
        let mut rng = stream(8, 0, Purpose::Cut, 0);
        for _ in 0..rounds {
            chosen_ends(&mut rng, &offsets, 0..degrees.len(), q, |_, i, e| {
                assert!(
                    offsets[i] <= e && e < offsets[i + 1],
                    "end {e} is not citizen {i}'s"
                );
                seen[e] += 1;
            });
        }
        let sd = (rounds as f64 * q * (1.0 - q)).sqrt();
        for (e, &c) in seen.iter().enumerate() {
            assert!(
                (c as f64 - rounds as f64 * q).abs() < 5.0 * sd,
                "end {e}: {c}"
            );
        }
        // A sub-range visits only its own ends.
        chosen_ends(&mut rng, &offsets, 2..4, 1.0, |_, i, e| {
            assert!((2..4).contains(&i) && (offsets[2]..offsets[4]).contains(&e));
        });
        let mut chosen = [0u32; 50];
        for _ in 0..rounds {
            chosen_citizens(&mut rng, 10..60, q, |_, i| chosen[i - 10] += 1);
        }
        for (i, &c) in chosen.iter().enumerate() {
            assert!(
                (c as f64 - rounds as f64 * q).abs() < 5.0 * sd,
                "citizen {i}: {c}"
            );
        }
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
