//! Triangles and clustering: per-citizen triangle counts, local clustering,
//! average clustering and global transitivity, with NetworkX's conventions
//! (`triangles`, `clustering`, `average_clustering`, `transitivity`).
//!
//! Triangles are counted once by the forward algorithm (Schank & Wagner 2005,
//! Latapy 2008): citizens are put in a total order, each tie is oriented from
//! its earlier to its later end, and a triangle is found exactly once, from
//! its first corner `u` and middle corner `v`, as a common element of the
//! sorted out-lists of `u` and `v`. On graphs with skewed degrees the order
//! is by (degree, id), which bounds every out-list by √(2m) so that hubs cost
//! little; see [`triangles`]. All counts are integers, so they do not depend
//! on the thread count; the average is a fixed-order sum.

use super::{ordered_sums, CHUNK};
use crate::graph::Graph;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Ties oriented from lower to higher (degree, id) rank, with citizens
/// renumbered by rank: `out(r)` lists, in increasing order, the ranks of the
/// friends of the citizen of rank `r` whose rank is above `r`.
///
/// Renumbering by degree puts the hubs, whose out-lists and counters are
/// visited most, next to each other in memory: on scale-free graphs, where
/// tie ends are otherwise random, it makes [`triangles`] faster.
struct Forward {
    /// `order[r]` is the citizen of rank `r`.
    order: Vec<u32>,
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Forward {
    fn new(g: &Graph) -> Forward {
        let n = g.citizens();
        // Counting sort by degree, stable, so ties in degree go by id.
        let max_degree = (0..n).map(|i| g.degree(i)).max().unwrap_or(0);
        let mut next = vec![0usize; max_degree + 2];
        for i in 0..n {
            next[g.degree(i) + 1] += 1;
        }
        for d in 0..=max_degree {
            next[d + 1] += next[d];
        }
        let mut order = vec![0u32; n];
        for i in 0..n {
            let slot = &mut next[g.degree(i)];
            order[*slot] = i as u32;
            *slot += 1;
        }
        drop(next);
        let mut rank = vec![0u32; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        // One pass over the ties, in parallel over chunks of ranks: each
        // chunk lists its out-lists (renumbered, sorted) and their lengths;
        // the chunks are then joined in rank order.
        let blocks: Vec<(Vec<u32>, Vec<u32>)> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let ranks = c * CHUNK..((c + 1) * CHUNK).min(n);
                let mut targets = Vec::new();
                let mut lengths = Vec::with_capacity(ranks.len());
                for r in ranks {
                    let first = targets.len();
                    for &v in g.friends(order[r] as usize) {
                        let rank_v = rank[v as usize];
                        if rank_v as usize > r {
                            targets.push(rank_v);
                        }
                    }
                    targets[first..].sort_unstable();
                    lengths.push((targets.len() - first) as u32);
                }
                (targets, lengths)
            })
            .collect();
        drop(rank);
        let total = blocks.iter().map(|b| b.0.len()).sum();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(total);
        offsets.push(0);
        for (block, lengths) in blocks {
            targets.extend_from_slice(&block);
            for &l in &lengths {
                offsets.push(offsets[offsets.len() - 1] + l as usize);
            }
        }
        Forward {
            order,
            offsets,
            targets,
        }
    }

    #[inline]
    fn out(&self, r: usize) -> &[u32] {
        &self.targets[self.offsets[r]..self.offsets[r + 1]]
    }
}

/// Number of triangles through each citizen (NetworkX's `triangles`).
///
/// Forward algorithm: the citizens are ordered, each tie is oriented from
/// its earlier to its later end, and for each oriented tie u → v the part of
/// the sorted out-list of u after v is merged with the out-list of v; each
/// common w closes the triangle {u, v, w}, found once and credited to all
/// three corners. Any order counts every triangle exactly once; the order
/// only sets the cost. When degrees are skewed (E(d²) > 2 E(d)², as in
/// scale-free graphs) citizens are ordered and renumbered by (degree, id),
/// which bounds every out-list by √(2m); otherwise (near-regular graphs, where
/// every out-list is short anyway) they keep their ids, so that out-lists
/// are suffixes of the friend lists and the graph's own memory locality is
/// kept.
///
/// Complexity: O(n + Σ_{u→v} (d⁺(u) + d⁺(v))) time, which is O(m √m) under
/// the degree order and O(m · d_max) under the id order; O(n + m) memory;
/// parallel over citizens (integer atomic counts, so the result does not
/// depend on the thread count).
pub fn triangles(g: &Graph) -> Vec<u64> {
    triangles_in_order(g, degrees_are_skewed(g))
}

/// [`triangles`] with the citizens ordered by (degree, id) when `by_degree`,
/// by id otherwise.
fn triangles_in_order(g: &Graph, by_degree: bool) -> Vec<u64> {
    let n = g.citizens();
    if !by_degree {
        let counts = count_oriented(n, |u| {
            let friends = g.friends(u);
            &friends[friends.partition_point(|&v| v as usize <= u)..]
        });
        return counts.into_iter().map(AtomicU64::into_inner).collect();
    }
    let forward = Forward::new(g);
    let counts = count_oriented(n, |r| forward.out(r));
    let mut by_citizen = vec![0u64; n];
    for (count, &i) in counts.into_iter().zip(&forward.order) {
        by_citizen[i as usize] = count.into_inner();
    }
    by_citizen
}

/// Whether the second moment of the degrees exceeds twice the squared mean
/// (E(d²) > 2 E(d)², i.e. a coefficient of variation above 1), in exact
/// integers.
fn degrees_are_skewed(g: &Graph) -> bool {
    let n = g.citizens() as u128;
    let (sum, squares) = (0..g.citizens())
        .into_par_iter()
        .with_min_len(super::PER_TASK)
        .map(|i| {
            let d = g.degree(i) as u128;
            (d, d * d)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    squares * n > 2 * sum * sum
}

/// Triangles through each of `n` vertices, given each vertex's sorted
/// out-list under some total order (every out-list holds later vertices
/// only).
fn count_oriented<'a>(n: usize, out: impl Fn(usize) -> &'a [u32] + Sync) -> Vec<AtomicU64> {
    let counts: Vec<AtomicU64> = (0..n).map(|_| AtomicU64::new(0)).collect();
    (0..n).into_par_iter().with_min_len(256).for_each_init(
        Vec::new,
        |lists: &mut Vec<(u32, &[u32])>, u| {
            let out_u = out(u);
            if out_u.len() < 2 {
                return;
            }
            // First fetch every out-list to merge, then merge: the loads are
            // independent, so their cache misses overlap instead of queueing
            // behind each merge (memory latency dominates this loop).
            lists.clear();
            let mut touched = 0u32;
            for &v in &out_u[..out_u.len() - 1] {
                let out_v = out(v as usize);
                touched = touched.wrapping_add(out_v.first().copied().unwrap_or(0));
                lists.push((v, out_v));
            }
            std::hint::black_box(touched);
            let mut at_u = 0u64;
            for (k, &(v, out_v)) in lists.iter().enumerate() {
                // The third corner w comes after v: only the rest of out(u).
                let after_v = &out_u[k + 1..];
                let (mut a, mut b, mut at_v) = (0, 0, 0u64);
                while a < after_v.len() && b < out_v.len() {
                    let (x, y) = (after_v[a], out_v[b]);
                    if x == y {
                        counts[x as usize].fetch_add(1, Ordering::Relaxed);
                        at_v += 1;
                    }
                    a += (x <= y) as usize;
                    b += (y <= x) as usize;
                }
                if at_v > 0 {
                    counts[v as usize].fetch_add(at_v, Ordering::Relaxed);
                    at_u += at_v;
                }
            }
            if at_u > 0 {
                counts[u].fetch_add(at_u, Ordering::Relaxed);
            }
        },
    );
    counts
}

/// Brings per-citizen triangle counts of `before` up to date for `after`,
/// the graph with the ties `cuts` removed and the ties `forms` added (a
/// tick's tie edits): `counts` must hold [`triangles`]`(before)` and ends
/// holding [`triangles`]`(after)`.
///
/// Why: a tick changes a few per cent of the ties, so recording clustering
/// every tick by recounting would cost more than the tick itself; the counts
/// follow the edits instead. A triangle is lost when it had at least one cut
/// tie and gained when it has at least one formed tie; each is found from
/// the common friends of the ends of its cut (or formed) ties and credited
/// once, to the earliest such tie in the given order.
///
/// Preconditions (those of the tie phase): `cuts` are ties of `before`,
/// `forms` are not, and no pair is listed twice.
///
/// Complexity: O(Σ over edits of (d_u + d_v)) time, O(e) memory for e edits;
/// parallel over edits, exact integer counts.
pub fn update_triangles(
    before: &Graph,
    after: &Graph,
    cuts: &[(u32, u32)],
    forms: &[(u32, u32)],
    counts: &mut [u64],
) {
    assert_eq!(after.citizens(), before.citizens(), "the same citizens");
    triangles_lost(before, cuts, counts);
    triangles_gained(after, forms, counts);
}

/// The first half of [`update_triangles`]: the triangles lost with the ties
/// `cuts`, found in the graph `before` they are cut (so the graph can then
/// be edited in place).
pub fn triangles_lost(before: &Graph, cuts: &[(u32, u32)], counts: &mut [u64]) {
    assert_eq!(counts.len(), before.citizens(), "one count per citizen");
    for corner in triangles_through(before, cuts) {
        counts[corner as usize] -= 1;
    }
}

/// The second half of [`update_triangles`]: the triangles gained with the
/// ties `forms`, found in the graph `after` they are formed.
pub fn triangles_gained(after: &Graph, forms: &[(u32, u32)], counts: &mut [u64]) {
    assert_eq!(counts.len(), after.citizens(), "one count per citizen");
    for corner in triangles_through(after, forms) {
        counts[corner as usize] += 1;
    }
}

/// The three corners of every triangle of `g` with at least one tie in
/// `ties` (all ties of `g`), each triangle once: the one found from its
/// earliest tie in `ties`.
fn triangles_through(g: &Graph, ties: &[(u32, u32)]) -> Vec<u32> {
    if ties.is_empty() {
        return Vec::new();
    }
    let key = |a: u32, b: u32| ((a.min(b) as u64) << 32) | a.max(b) as u64;
    // Hashed by one SplitMix64 round (SipHash cost a third of the upkeep);
    // the map is only asked what it holds, so the hash reaches no result.
    let position: std::collections::HashMap<u64, usize, crate::rng::IntegerHashing> = ties
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| (key(a, b), k))
        .collect();
    // A later tie than k, or none of the edited ones.
    let later = |a: u32, b: u32, k: usize| position.get(&key(a, b)).is_none_or(|&at| at > k);
    ties.par_chunks(256)
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            let mut corners = Vec::new();
            for (offset, &(u, v)) in chunk.iter().enumerate() {
                let k = c * 256 + offset;
                let (fu, fv) = (g.friends(u as usize), g.friends(v as usize));
                let (mut a, mut b) = (0, 0);
                while a < fu.len() && b < fv.len() {
                    let (x, y) = (fu[a], fv[b]);
                    if x == y && later(u, x, k) && later(v, x, k) {
                        corners.extend([u, v, x]);
                    }
                    a += (x <= y) as usize;
                    b += (y <= x) as usize;
                }
            }
            corners
        })
        .collect()
}

/// Local clustering of each citizen, 2 T(i) / (d_i (d_i − 1)), with 0 for
/// degree < 2 (NetworkX's `clustering`, unweighted).
///
/// Complexity: that of [`triangles`].
pub fn local_clustering(g: &Graph) -> Vec<f64> {
    local_clustering_from_triangles(g, &triangles(g))
}

/// [`local_clustering`] from triangle counts already computed by [`triangles`].
///
/// Complexity: O(n), parallel.
pub fn local_clustering_from_triangles(g: &Graph, triangles: &[u64]) -> Vec<f64> {
    assert_eq!(triangles.len(), g.citizens(), "one count per citizen");
    triangles
        .par_iter()
        .with_min_len(super::PER_TASK)
        .enumerate()
        .map(|(i, &t)| citizen_clustering(g.degree(i), t))
        .collect()
}

/// 2t / (d (d − 1)), 0 when t = 0 (so also for d < 2), computed exactly as
/// NetworkX does (one correctly rounded division of two integers).
#[inline]
fn citizen_clustering(degree: usize, triangles: u64) -> f64 {
    if triangles == 0 {
        0.0
    } else {
        let d = degree as u64;
        (2 * triangles) as f64 / (d * (d - 1)) as f64
    }
}

/// Global transitivity: 3 × triangles / connected triples, that is
/// Σ_i 2T(i) / Σ_i d_i (d_i − 1); 0 when there is no triangle (including no
/// triple), as NetworkX's `transitivity`.
///
/// Complexity: that of [`triangles`].
pub fn transitivity(g: &Graph) -> f64 {
    transitivity_from_triangles(g, &triangles(g))
}

/// [`transitivity`] from triangle counts already computed by [`triangles`].
///
/// Complexity: O(n), parallel, exact integer sums.
pub fn transitivity_from_triangles(g: &Graph, triangles: &[u64]) -> f64 {
    assert_eq!(triangles.len(), g.citizens(), "one count per citizen");
    let (closed, triples) = triangles
        .par_iter()
        .with_min_len(super::PER_TASK)
        .enumerate()
        .map(|(i, &t)| {
            let d = g.degree(i) as u64;
            (2 * t, d * d.saturating_sub(1))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    if closed == 0 {
        0.0
    } else {
        closed as f64 / triples as f64
    }
}

/// Average local clustering over all citizens, those of degree < 2 counted
/// as 0 (NetworkX's `average_clustering` with `count_zeros=True`). NaN for a
/// graph of no citizens (where NetworkX raises `ZeroDivisionError`).
///
/// Complexity: that of [`triangles`]; the mean is a fixed-order sum.
pub fn average_clustering(g: &Graph) -> f64 {
    average_clustering_from_triangles(g, &triangles(g))
}

/// [`average_clustering`] from triangle counts already computed by
/// [`triangles`].
///
/// Complexity: O(n), parallel, fixed-order sum.
pub fn average_clustering_from_triangles(g: &Graph, triangles: &[u64]) -> f64 {
    let n = g.citizens();
    assert_eq!(triangles.len(), n, "one count per citizen");
    if n == 0 {
        return f64::NAN;
    }
    let [sum] = ordered_sums(n, |i| [citizen_clustering(g.degree(i), triangles[i])]);
    sum / n as f64
}

/// [`average_clustering`] from every citizen's local clustering already
/// computed by [`local_clustering_from_triangles`]: the same values summed
/// in the same order, so the same bits.
///
/// Complexity: O(n), parallel, fixed-order sum.
pub fn average_clustering_from_local(local: &[f64]) -> f64 {
    let n = local.len();
    if n == 0 {
        return f64::NAN;
    }
    let [sum] = ordered_sums(n, |i| [local[i]]);
    sum / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle_with_tail() -> Graph {
        Graph::from_edges(5, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]).0
    }

    #[test]
    fn triangle_with_tail_gives_model_values() {
        // docs/model.md §7.10: 0.5 and 0.4667.
        let g = triangle_with_tail();
        assert_eq!(triangles(&g), vec![1, 1, 1, 0, 0]);
        assert_eq!(local_clustering(&g), vec![1.0, 1.0, 1.0 / 3.0, 0.0, 0.0]);
        assert_eq!(transitivity(&g), 0.5);
        assert!((average_clustering(&g) - 0.4667).abs() < 1e-4);
        assert!((average_clustering(&g) - 7.0 / 15.0).abs() < 1e-15);
    }

    #[test]
    fn complete_graph_is_fully_clustered() {
        let n = 7u32;
        let edges: Vec<_> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .collect();
        let g = Graph::from_edges(n as usize, &edges).0;
        assert_eq!(triangles(&g), vec![15; 7]); // C(6, 2)
        assert_eq!(transitivity(&g), 1.0);
        assert_eq!(average_clustering(&g), 1.0);
    }

    #[test]
    fn star_has_triples_but_no_triangles() {
        let g = Graph::from_edges(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]).0;
        assert_eq!(transitivity(&g), 0.0);
        assert_eq!(average_clustering(&g), 0.0);
    }

    #[test]
    fn skew_picks_the_degree_order_for_hubs_only() {
        let star = Graph::from_edges(50, &(1..50).map(|i| (0, i)).collect::<Vec<_>>()).0;
        assert!(degrees_are_skewed(&star));
        let ring = Graph::from_edges(50, &(0..50).map(|i| (i, (i + 1) % 50)).collect::<Vec<_>>()).0;
        assert!(!degrees_are_skewed(&ring));
    }

    proptest::proptest! {
        /// Both orders count every triangle once: they agree with a brute
        /// force count over pairs of friends.
        #[test]
        fn both_orders_match_brute_force(
            n in 1usize..80,
            pairs in proptest::collection::vec((0u32..80, 0u32..80), 0..400),
            hubs in 0u32..4,
        ) {
            // Ties to a few hubs make the degrees skewed in some cases.
            let mut edges: Vec<(u32, u32)> =
                pairs.iter().map(|&(a, b)| (a % n as u32, b % n as u32)).collect();
            edges.extend((0..n as u32).flat_map(|i| (0..hubs.min(n as u32)).map(move |h| (h, i))));
            let g = Graph::from_edges(n, &edges).0;
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
            proptest::prop_assert_eq!(&triangles_in_order(&g, false), &brute);
            proptest::prop_assert_eq!(&triangles_in_order(&g, true), &brute);
            // The average from the local values is the same bits.
            let from_local = average_clustering_from_local(&local_clustering_from_triangles(&g, &brute));
            proptest::prop_assert_eq!(
                from_local.to_bits(),
                average_clustering_from_triangles(&g, &brute).to_bits()
            );
        }
    }

    proptest::proptest! {
        /// Counts followed through random edits equal a recount of the
        /// edited graph, whatever the order of the edits; dense graphs make
        /// triangles with two or three edited ties common.
        #[test]
        fn updated_counts_equal_a_recount(
            n in 1usize..40,
            pairs in proptest::collection::vec((0u32..40, 0u32..40), 0..300),
            cut_mask in proptest::collection::vec(proptest::bool::ANY, 300),
            candidates in proptest::collection::vec((0u32..40, 0u32..40), 0..200),
        ) {
            let n32 = n as u32;
            let edges: Vec<(u32, u32)> = pairs.iter().map(|&(a, b)| (a % n32, b % n32)).collect();
            let before = Graph::from_edges(n, &edges).0;
            // Cuts: a random subset of the ties, in random orientation.
            let cuts: Vec<(u32, u32)> = before
                .edges()
                .zip(&cut_mask)
                .filter(|&(_, &cut)| cut)
                .map(|((a, b), _)| if (a + b) % 2 == 0 { (a, b) } else { (b, a) })
                .collect();
            // Forms: new pairs, each once.
            let mut seen = std::collections::HashSet::new();
            let forms: Vec<(u32, u32)> = candidates
                .iter()
                .map(|&(a, b)| (a % n32, b % n32))
                .filter(|&(a, b)| a != b && !before.has_tie(a as usize, b as usize))
                .filter(|&(a, b)| seen.insert((a.min(b), a.max(b))))
                .collect();
            let after = before.apply_edits(&cuts, &forms);
            let mut counts = triangles(&before);
            update_triangles(&before, &after, &cuts, &forms, &mut counts);
            proptest::prop_assert_eq!(&counts, &triangles(&after));
            // The edits in reverse order give the same counts.
            let (mut rc, mut rf) = (cuts.clone(), forms.clone());
            rc.reverse();
            rf.reverse();
            let mut again = triangles(&before);
            update_triangles(&before, &after, &rc, &rf, &mut again);
            proptest::prop_assert_eq!(&again, &counts);
        }
    }

    #[test]
    fn empty_graphs() {
        let g = Graph::empty(3);
        assert_eq!(transitivity(&g), 0.0);
        assert_eq!(average_clustering(&g), 0.0);
        let none = Graph::empty(0);
        assert_eq!(transitivity(&none), 0.0);
        assert!(average_clustering(&none).is_nan());
        assert!(triangles(&none).is_empty());
        assert!(triangles_in_order(&none, true).is_empty());
    }
}
