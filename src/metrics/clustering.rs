//! Triangles and clustering: per-citizen triangle counts, local clustering,
//! average clustering and global transitivity, with NetworkX's conventions
//! (`triangles`, `clustering`, `average_clustering`, `transitivity`).
//!
//! Triangles are counted once by the forward algorithm (Schank & Wagner 2005,
//! Latapy 2008): each tie is oriented from its end of lower rank to its end
//! of higher rank, rank being the pair (degree, id); a triangle is then found
//! exactly once, from its lowest-ranked corner `u` and middle corner `v`, as a
//! common element of the sorted out-lists of `u` and `v`. Orienting towards
//! higher degree bounds every out-list by √(2m), so hubs cost little.
//! All counts are integers, so they do not depend on the thread count;
//! the average is a fixed-order sum.

use super::{ordered_sums, CHUNK};
use crate::graph::Graph;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Ties oriented from lower to higher (degree, id) rank, as sorted out-lists
/// in compressed sparse row form.
struct Forward {
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Forward {
    fn new(g: &Graph) -> Forward {
        let n = g.citizens();
        let higher = |u: usize, v: usize| (g.degree(v), v) > (g.degree(u), u);
        let counts: Vec<usize> = (0..n)
            .into_par_iter()
            .map(|u| {
                g.friends(u)
                    .iter()
                    .filter(|&&v| higher(u, v as usize))
                    .count()
            })
            .collect();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0;
        offsets.push(0);
        for c in &counts {
            total += c;
            offsets.push(total);
        }
        let mut targets = vec![0u32; total];
        // Split the target array into one slice per chunk of citizens, filled
        // in parallel; within a chunk, citizens are written in order.
        let mut blocks = Vec::with_capacity(n.div_ceil(CHUNK));
        let mut rest: &mut [u32] = &mut targets;
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let (head, tail) = rest.split_at_mut(offsets[end] - offsets[start]);
            blocks.push((start, end, head));
            rest = tail;
        }
        blocks.into_par_iter().for_each(|(start, end, block)| {
            let mut w = 0;
            for u in start..end {
                for &v in g.friends(u) {
                    if higher(u, v as usize) {
                        block[w] = v;
                        w += 1;
                    }
                }
            }
        });
        Forward { offsets, targets }
    }

    #[inline]
    fn out(&self, u: usize) -> &[u32] {
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }
}

/// Number of triangles through each citizen (NetworkX's `triangles`).
///
/// Forward algorithm: ties oriented by (degree, id) rank, then for each
/// oriented tie u → v the sorted out-lists of u and v are merged; each common
/// w closes the triangle {u, v, w}, credited to all three corners.
///
/// Complexity: O(n + Σ_{u→v} (d⁺(u) + d⁺(v))) ⊆ O(m √m) time, O(n + m)
/// memory; parallel over citizens (integer atomic counts, so the result does
/// not depend on the thread count).
pub fn triangles(g: &Graph) -> Vec<u64> {
    let n = g.citizens();
    let forward = Forward::new(g);
    let counts: Vec<AtomicU64> = (0..n).map(|_| AtomicU64::new(0)).collect();
    (0..n).into_par_iter().with_min_len(256).for_each(|u| {
        let out_u = forward.out(u);
        let mut at_u = 0u64;
        for &v in out_u {
            let out_v = forward.out(v as usize);
            let (mut a, mut b, mut at_v) = (0, 0, 0u64);
            while a < out_u.len() && b < out_v.len() {
                let (x, y) = (out_u[a], out_v[b]);
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
    });
    counts.into_iter().map(AtomicU64::into_inner).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle_with_tail() -> Graph {
        Graph::from_edges(5, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]).0
    }

    #[test]
    fn triangle_with_tail_gives_model_values() {
        // MODEL.md §5: 0.5 and 0.4667.
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
    fn empty_graphs() {
        let g = Graph::empty(3);
        assert_eq!(transitivity(&g), 0.0);
        assert_eq!(average_clustering(&g), 0.0);
        let none = Graph::empty(0);
        assert_eq!(transitivity(&none), 0.0);
        assert!(average_clustering(&none).is_nan());
        assert!(triangles(&none).is_empty());
    }
}
