//! The planted-partition stochastic block model (docs/model.md §7.9):
//! communities of consecutive citizens, ties more likely within them.

use super::{check_non_negative, check_population, network_stream, sample_rows};
use super::{simple_graph, Generator, TieGroups};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::rng::BLOCK;
use rayon::prelude::*;

/// Checks the parameters of [`stochastic_block`]: between 1 and `n`
/// communities, and mean degrees the community sizes can provide
/// (`mean_degree_in` at most the smallest community size minus one; with a
/// single community, `mean_degree_out` must be 0).
pub fn check_stochastic_block(
    n: usize,
    communities: usize,
    mean_degree_in: f64,
    mean_degree_out: f64,
) -> Result<()> {
    check_population(n)?;
    check_non_negative("mean_degree_in", mean_degree_in)?;
    check_non_negative("mean_degree_out", mean_degree_out)?;
    if communities < 1 {
        return Err(Error::input(format!(
            "communities = {communities} must be at least 1"
        )));
    }
    if communities > n {
        return Err(Error::input(format!(
            "communities = {communities} must not exceed the population {n}"
        )));
    }
    let blocks = Blocks::new(n, communities);
    let smallest = blocks.size(communities - 1);
    if mean_degree_in > (smallest - 1) as f64 {
        return Err(Error::input(format!(
            "mean_degree_in = {mean_degree_in} is more than the {} other members of the smallest \
             community (population {n} in {communities} communities)",
            smallest - 1
        )));
    }
    if blocks.p_out(mean_degree_out) > 1.0 {
        return Err(Error::input(format!(
            "mean_degree_out = {mean_degree_out} is more than the {:.1} citizens outside a \
             community, on average (population {n} in {communities} communities)",
            blocks.mean_outside()
        )));
    }
    Ok(())
}

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
) -> Result<(Graph, Vec<u32>)> {
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
    let graph = simple_graph(n, &TieGroups::concat(parts));
    let community = (0..n).map(|i| blocks.of(i) as u32).collect();
    Ok((graph, community))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::on_threads;
    use super::*;

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
            .to_string()
            .contains("must not exceed the population 10"));
        // Communities of 4, 3, 3: at most 2 friends inside the smallest.
        assert!(stochastic_block(10, 3, 2.0, 1.0, 0).is_ok());
        assert!(stochastic_block(10, 3, 2.5, 1.0, 0)
            .unwrap_err()
            .to_string()
            .contains("mean_degree_in = 2.5"));
        assert!(stochastic_block(10, 1, 2.0, 0.5, 0)
            .unwrap_err()
            .to_string()
            .contains("mean_degree_out = 0.5"));
        assert!(stochastic_block(10, 2, -1.0, 0.5, 0).is_err());
        assert!(stochastic_block(10, 2, 1.0, f64::NAN, 0).is_err());
    }
}
