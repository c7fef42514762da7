//! Measures of a society and its friendship graph (docs/model.md §7.10).
//!
//! One file per family of measures, each a set of free functions named after
//! what they compute:
//!
//! - [`inequality`]: mean, standard deviation, quantiles, Gini of scores;
//! - [`clustering`]: triangles, local and average clustering, transitivity;
//! - [`components`]: connected component sizes and shares;
//! - [`assortativity`]: degree and score assortativity (Newman's Pearson form);
//! - [`partition`]: modularity, same-label share and E–I index of a labelling
//!   (tiers, groups);
//! - [`mixing`]: the assortativities and label tie counts in one pass over
//!   the ties, as recorded every tick;
//! - [`ostracism`]: isolation, lost ties, and per-label means.
//!
//! Every measure follows NetworkX's convention (the tests compare them with
//! NetworkX to 1e-9) and every floating-point sum is folded in a fixed order,
//! by fixed-size chunks of citizens whose partial sums are added in chunk
//! order, so results are bit-identical whatever the number of threads.
//! [`graph_measures`] computes the clustering family of `metrics.csv` in one
//! call.

pub mod assortativity;
pub mod clustering;
pub mod components;
pub mod inequality;
pub mod mixing;
pub mod ostracism;
pub mod partition;

use crate::graph::Graph;
use rayon::prelude::*;

/// Citizens per chunk in fixed-order parallel sums. A constant, not a
/// function of the thread count, so that the order of additions (and hence
/// every rounding) is the same on any machine.
pub(crate) const CHUNK: usize = 4096;

/// Fewest citizens a parallel task of a light per-citizen pass takes: below
/// this, waking another thread costs more than the work it would share (on
/// the 10,000-citizen baseline, the measures ran no faster on two threads
/// than on one), so small societies are measured on the calling thread.
pub(crate) const PER_TASK: usize = 16_384;

/// `Σ_{i ∈ 0..n} f(i)` for `K` sums at once, in parallel over chunks of
/// [`CHUNK`] citizens: each chunk is summed in citizen order, then the partial
/// sums are folded in chunk order. The result is independent of the thread
/// count.
pub(crate) fn ordered_sums<const K: usize>(
    n: usize,
    f: impl Fn(usize) -> [f64; K] + Sync,
) -> [f64; K] {
    let partials: Vec<[f64; K]> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .with_min_len(PER_TASK.div_ceil(CHUNK))
        .map(|c| {
            let mut acc = [0.0; K];
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                let v = f(i);
                for k in 0..K {
                    acc[k] += v[k];
                }
            }
            acc
        })
        .collect();
    let mut total = [0.0; K];
    for p in &partials {
        for k in 0..K {
            total[k] += p[k];
        }
    }
    total
}

/// The graph measures recorded in `metrics.csv` each recorded tick and
/// printed by `sesame measure` (docs/model.md §7.10, "Clustering"). NaN marks a
/// measure the inputs do not define (written as an empty CSV field).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GraphMeasures {
    /// 3 × triangles / connected triples ([`clustering::transitivity`]).
    pub transitivity: f64,
    /// Mean local clustering, degree < 2 counted as 0
    /// ([`clustering::average_clustering`]).
    pub avg_clustering: f64,
    /// Number of connected components, isolated citizens included.
    pub components: usize,
    /// Size of the largest component / citizens.
    pub largest_component_share: f64,
    /// Size of the second-largest component / citizens (0 with one component).
    pub second_component_share: f64,
    /// Pearson correlation of scores at the two ends of every tie.
    pub score_assortativity: f64,
    /// Pearson correlation of degrees at the two ends of every tie.
    pub degree_assortativity: f64,
    /// Share of ties whose two ends are in the same tier.
    pub same_tier_share: f64,
    /// E–I index of ties over tiers: (external − internal) / all ties.
    pub ei_index: f64,
    /// Unweighted modularity of the partition of citizens by tier.
    pub tier_modularity: f64,
}

impl GraphMeasures {
    /// Column names, in the order of [`GraphMeasures::values`].
    pub const COLUMNS: [&'static str; 10] = [
        "transitivity",
        "avg_clustering",
        "components",
        "largest_component_share",
        "second_component_share",
        "score_assortativity",
        "degree_assortativity",
        "same_tier_share",
        "ei_index",
        "tier_modularity",
    ];

    /// The measures in the order of [`GraphMeasures::COLUMNS`].
    pub fn values(&self) -> [f64; 10] {
        [
            self.transitivity,
            self.avg_clustering,
            self.components as f64,
            self.largest_component_share,
            self.second_component_share,
            self.score_assortativity,
            self.degree_assortativity,
            self.same_tier_share,
            self.ei_index,
            self.tier_modularity,
        ]
    }
}

/// Every graph measure of docs/model.md §7.10 in one call: the clustering family
/// (triangles are counted once for both clustering measures), components,
/// degree assortativity, and, when given, score assortativity over `scores`
/// and the tier partition measures over `tiers`. Measures whose input is
/// `None` are NaN.
///
/// # Panics
/// If `scores` or `tiers` does not have one entry per citizen (callers
/// validate input files first).
///
/// Complexity: O(m · d_max^+) for the triangles (see
/// [`clustering::triangles`]), O(n + m) for the rest; parallel.
pub fn graph_measures(g: &Graph, scores: Option<&[f64]>, tiers: Option<&[u32]>) -> GraphMeasures {
    graph_measures_from_triangles(g, &clustering::triangles(g), scores, tiers)
}

/// [`graph_measures`] given each citizen's triangle count
/// ([`clustering::triangles`]), for a caller that also needs local
/// clustering and should count triangles only once.
pub fn graph_measures_from_triangles(
    g: &Graph,
    triangles: &[u64],
    scores: Option<&[f64]>,
    tiers: Option<&[u32]>,
) -> GraphMeasures {
    if let Some(t) = tiers {
        assert_eq!(t.len(), g.citizens(), "one tier per citizen");
    }
    let n = g.citizens();
    if let Some(s) = scores {
        assert_eq!(s.len(), n, "one score per citizen");
    }
    let (sizes, (tier_ties, score_assortativity, degree_assortativity)) = rayon::join(
        || components::component_sizes(g),
        || match tiers {
            Some(t) => {
                let m = mixing::mixing(g, scores, [t]);
                let [tier_ties] = m.label_ties;
                (
                    Some(tier_ties),
                    m.value_assortativity,
                    m.degree_assortativity,
                )
            }
            None => {
                let m = mixing::mixing(g, scores, []);
                (None, m.value_assortativity, m.degree_assortativity)
            }
        },
    );
    graph_measures_from_parts(
        g,
        &GraphParts {
            triangles,
            local_clustering: None,
            sizes: &sizes,
            tier_ties: tier_ties.as_ref(),
            score_assortativity,
            degree_assortativity,
        },
    )
}

/// What the graph measures are computed from, for a caller that computes
/// the parts alongside other work ([`crate::observe`] counts the tier ties
/// together with the group ties, and searches components beside them).
#[derive(Debug, Clone, Copy)]
pub struct GraphParts<'a> {
    /// Triangles through each citizen ([`clustering::triangles`]).
    pub triangles: &'a [u64],
    /// Each citizen's local clustering, if the caller has it
    /// ([`clustering::local_clustering_from_triangles`]): the average is
    /// then its mean, with no second division per citizen.
    pub local_clustering: Option<&'a [f64]>,
    /// Component sizes, largest first ([`components::component_sizes`]).
    pub sizes: &'a [usize],
    /// Tie counts of the tier partition, if tiers are known.
    pub tier_ties: Option<&'a partition::LabelTies>,
    /// [`assortativity::numeric_assortativity`] of the scores (NaN if none).
    pub score_assortativity: f64,
    /// [`assortativity::degree_assortativity`].
    pub degree_assortativity: f64,
}

/// The graph measures from their parts.
pub fn graph_measures_from_parts(g: &Graph, parts: &GraphParts) -> GraphMeasures {
    let n = g.citizens();
    let GraphParts {
        triangles,
        local_clustering,
        sizes,
        tier_ties,
        score_assortativity,
        degree_assortativity,
    } = *parts;
    GraphMeasures {
        transitivity: clustering::transitivity_from_triangles(g, triangles),
        avg_clustering: match local_clustering {
            Some(local) => clustering::average_clustering_from_local(local),
            None => clustering::average_clustering_from_triangles(g, triangles),
        },
        components: sizes.len(),
        largest_component_share: components::largest_component_share(sizes, n),
        second_component_share: components::second_component_share(sizes, n),
        score_assortativity,
        degree_assortativity,
        same_tier_share: tier_ties.map_or(f64::NAN, partition::LabelTies::same_label_share),
        ei_index: tier_ties.map_or(f64::NAN, partition::LabelTies::ei_index),
        tier_modularity: tier_ties.map_or(f64::NAN, partition::LabelTies::modularity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_sums_fold_every_citizen() {
        let n = 3 * CHUNK + 17;
        let [a, b] = ordered_sums(n, |i| [1.0, i as f64]);
        assert_eq!(a, n as f64);
        assert_eq!(b, (n * (n - 1) / 2) as f64);
        assert_eq!(ordered_sums(0, |_| [1.0]), [0.0]);
    }

    #[test]
    fn columns_match_values() {
        let (g, _) = Graph::from_edges(5, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]);
        let scores = [1.0, 2.0, 3.0, 4.0, 5.0];
        let tiers = [0, 0, 0, 1, 1];
        let m = graph_measures(&g, Some(&scores), Some(&tiers));
        let v = m.values();
        assert_eq!(GraphMeasures::COLUMNS.len(), v.len());
        assert_eq!(v[0], 0.5);
        assert!((v[1] - 7.0 / 15.0).abs() < 1e-15);
        assert_eq!(v[2], 1.0);
        assert_eq!(v[3], 1.0);
        assert_eq!(v[4], 0.0);
        assert_eq!(v[7], 0.8);
        assert!((v[8] - (-0.6)).abs() < 1e-15);
        let none = graph_measures(&g, None, None);
        assert!(none.score_assortativity.is_nan());
        assert!(none.same_tier_share.is_nan());
        assert!(none.ei_index.is_nan());
        assert!(none.tier_modularity.is_nan());
        assert_eq!(none.degree_assortativity, m.degree_assortativity);
    }

    #[test]
    fn no_citizens_give_undefined_shares() {
        let m = graph_measures(&Graph::empty(0), Some(&[]), Some(&[]));
        assert_eq!(m.components, 0);
        assert_eq!(m.transitivity, 0.0); // NetworkX returns 0 for an empty graph
        for v in [
            m.avg_clustering,
            m.largest_component_share,
            m.second_component_share,
            m.score_assortativity,
            m.degree_assortativity,
            m.same_tier_share,
            m.ei_index,
            m.tier_modularity,
        ] {
            assert!(v.is_nan(), "{m:?}");
        }
    }

    mod invariants {
        use super::super::*;
        use proptest::prelude::*;

        /// A graph of `n` citizens, mostly local ties (so there are
        /// triangles) plus some long ones, and sometimes hubs tied to every
        /// `spread`-th citizen (skewed degrees), with scores and tiers.
        fn society(max_n: usize) -> impl Strategy<Value = (Graph, Vec<f64>, Vec<u32>)> {
            (1..max_n).prop_flat_map(|n| {
                let pairs = prop::collection::vec(
                    (0..n as u32, 1..12u32, any::<bool>(), 0..n as u32),
                    0..3 * n,
                );
                let scores = prop::collection::vec(-100.0..100.0f64, n);
                let tiers = prop::collection::vec(0..4u32, n);
                let hubs = (0..3u32, 2..8usize);
                (pairs, scores, tiers, hubs).prop_map(
                    move |(pairs, scores, tiers, (hubs, spread))| {
                        let mut edges: Vec<(u32, u32)> = pairs
                            .into_iter()
                            .map(|(a, step, local, b)| {
                                if local {
                                    (a, (a + step) % n as u32)
                                } else {
                                    (a, b)
                                }
                            })
                            .collect();
                        for hub in 0..hubs.min(n as u32) {
                            edges.extend((0..n as u32).step_by(spread).map(|i| (hub, i)));
                        }
                        (Graph::from_edges(n, &edges).0, scores, tiers)
                    },
                )
            })
        }

        fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(f)
        }

        /// Everything that depends on floating-point order, as bits.
        fn fingerprint(g: &Graph, scores: &[f64], tiers: &[u32]) -> Vec<u64> {
            let m = graph_measures(g, Some(scores), Some(tiers));
            let mut bits: Vec<u64> = m.values().iter().map(|v| v.to_bits()).collect();
            bits.extend(clustering::triangles(g));
            bits.extend(clustering::local_clustering(g).iter().map(|v| v.to_bits()));
            bits.extend(components::component_sizes(g).iter().map(|&s| s as u64));
            bits.extend(
                partition::same_label_share_by_label(g, tiers, 4)
                    .iter()
                    .map(|v| v.to_bits()),
            );
            bits
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]

            /// Same inputs give bit-identical measures with 1 and 4 threads,
            /// on graphs large enough to span several sum chunks.
            #[test]
            fn thread_count_does_not_change_results((g, scores, tiers) in society(5 * CHUNK)) {
                let one = in_pool(1, || fingerprint(&g, &scores, &tiers));
                let four = in_pool(4, || fingerprint(&g, &scores, &tiers));
                prop_assert_eq!(one, four);
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Every measure stays in its range; counts agree with brute force.
            #[test]
            fn measures_are_in_range_and_match_brute_force((g, scores, tiers) in society(120)) {
                let n = g.citizens();
                let m = graph_measures(&g, Some(&scores), Some(&tiers));
                for share in [
                    m.transitivity,
                    m.avg_clustering,
                    m.largest_component_share,
                    m.second_component_share,
                ] {
                    prop_assert!((0.0..=1.0).contains(&share), "{:?}", m);
                }
                prop_assert!(m.second_component_share <= m.largest_component_share);
                for r in [m.score_assortativity, m.degree_assortativity] {
                    prop_assert!(r.is_nan() || r.abs() <= 1.0 + 1e-12, "{:?}", m);
                }
                if g.ties() > 0 {
                    prop_assert!((0.0..=1.0).contains(&m.same_tier_share));
                    prop_assert!((m.ei_index - (1.0 - 2.0 * m.same_tier_share)).abs() < 1e-12);
                    prop_assert!((-0.5..=1.0).contains(&m.tier_modularity));
                    // Modularity by its definition, (1/2m) Σ_ij [A_ij − k_i k_j / 2m] δ(c_i, c_j).
                    let two_m = 2.0 * g.ties() as f64;
                    let mut q = 0.0;
                    for i in 0..n {
                        for j in 0..n {
                            if tiers[i] == tiers[j] {
                                let a = if g.has_tie(i, j) { 1.0 } else { 0.0 };
                                q += a - (g.degree(i) * g.degree(j)) as f64 / two_m;
                            }
                        }
                    }
                    prop_assert!((m.tier_modularity - q / two_m).abs() < 1e-12);
                    // Score assortativity as the Pearson correlation of the
                    // explicit list of directed tie ends.
                    let ends: Vec<(f64, f64)> = (0..n)
                        .flat_map(|i| g.friends(i).iter().map(move |&j| (i, j as usize)))
                        .map(|(i, j)| (scores[i], scores[j]))
                        .collect();
                    let k = ends.len() as f64;
                    let (mx, my) = (
                        ends.iter().map(|e| e.0).sum::<f64>() / k,
                        ends.iter().map(|e| e.1).sum::<f64>() / k,
                    );
                    let cov: f64 = ends.iter().map(|e| (e.0 - mx) * (e.1 - my)).sum();
                    let vx: f64 = ends.iter().map(|e| (e.0 - mx).powi(2)).sum();
                    let vy: f64 = ends.iter().map(|e| (e.1 - my).powi(2)).sum();
                    let r = cov / (vx * vy).sqrt();
                    prop_assert!((m.score_assortativity - r).abs() < 1e-9, "{} vs {}", m.score_assortativity, r);
                }
                // Triangles by brute force over pairs of friends.
                let brute: Vec<u64> = (0..n)
                    .map(|i| {
                        let f = g.friends(i);
                        let mut t = 0;
                        for (x, &a) in f.iter().enumerate() {
                            for &b in &f[x + 1..] {
                                t += g.has_tie(a as usize, b as usize) as u64;
                            }
                        }
                        t
                    })
                    .collect();
                prop_assert_eq!(clustering::triangles(&g), brute);
                prop_assert_eq!(
                    m.components,
                    petgraph::algo::connected_components(&g.to_petgraph())
                );
                prop_assert_eq!(components::component_sizes(&g).iter().sum::<usize>(), n);
            }
        }
    }
}
