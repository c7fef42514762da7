//! Measures of a partition of citizens by an integer label (tier or group):
//! modularity, the share of ties inside labels, the E–I index, and the
//! share of each label's ties that stay inside it.
//!
//! Labels are small integers (`0..k`); memory is O(max label). All counts
//! are integers, so results do not depend on the thread count.

use crate::graph::Graph;
use rayon::prelude::*;

/// Tie counts of a labelling, from which every partition measure follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelTies {
    /// Ties in the graph (m).
    pub ties: u64,
    /// Ties joining two citizens of label `c` (L_c), indexed by label up to
    /// the largest label present.
    pub internal: Vec<u64>,
    /// Sum of the degrees of the citizens of label `c` (D_c), that is the
    /// number of tie ends held by label `c`.
    pub degree_sum: Vec<u64>,
}

impl LabelTies {
    /// Counts internal ties and degree sums of each label.
    ///
    /// # Panics
    /// If `labels` does not have one entry per citizen.
    ///
    /// Complexity: O(n + m) time, O(max label) memory per thread; parallel.
    pub fn count(g: &Graph, labels: &[u32]) -> LabelTies {
        let n = g.citizens();
        assert_eq!(labels.len(), n, "one label per citizen");
        let k = label_count(labels);
        let zero = || (vec![0u64; k], vec![0u64; k]);
        let (internal_ends, degree_sum) = (0..n)
            .into_par_iter()
            .with_min_len(super::PER_TASK)
            .fold(zero, |(mut internal, mut degree_sum), i| {
                tally_citizen(g, labels, i, &mut internal, &mut degree_sum);
                (internal, degree_sum)
            })
            .reduce(zero, |(mut ia, mut da), (ib, db)| {
                add_into(&mut ia, &ib);
                add_into(&mut da, &db);
                (ia, da)
            });
        LabelTies::from_ends(g, internal_ends, degree_sum)
    }

    /// The counts from per-label internal tie *ends* (each internal tie
    /// counted from both its ends, as [`tally_citizen`] counts them) and
    /// degree sums.
    pub(crate) fn from_ends(g: &Graph, internal_ends: Vec<u64>, degree_sum: Vec<u64>) -> LabelTies {
        LabelTies {
            ties: g.ties() as u64,
            internal: internal_ends.into_iter().map(|ends| ends / 2).collect(),
            degree_sum,
        }
    }

    /// Ties joining two citizens of the same label.
    pub fn internal_ties(&self) -> u64 {
        self.internal.iter().sum()
    }

    /// See [`modularity`].
    pub fn modularity(&self) -> f64 {
        if self.ties == 0 {
            return f64::NAN;
        }
        // Term by term as NetworkX: L_c / m − D_c · D_c · (1 / (2m)²).
        let ends = 2 * self.ties;
        let m = ends as f64 / 2.0;
        let norm = 1.0 / (ends as u128 * ends as u128) as f64;
        let mut q = 0.0;
        for (&l, &d) in self.internal.iter().zip(&self.degree_sum) {
            if d > 0 {
                q += l as f64 / m - (d as u128 * d as u128) as f64 * norm;
            }
        }
        q
    }

    /// See [`same_label_share`].
    pub fn same_label_share(&self) -> f64 {
        if self.ties == 0 {
            return f64::NAN;
        }
        self.internal_ties() as f64 / self.ties as f64
    }

    /// See [`ei_index`].
    pub fn ei_index(&self) -> f64 {
        if self.ties == 0 {
            return f64::NAN;
        }
        let internal = self.internal_ties();
        let external = self.ties - internal;
        (external as f64 - internal as f64) / self.ties as f64
    }

    /// See [`same_label_share_by_label`].
    pub fn same_label_share_by_label(&self, k: usize) -> Vec<f64> {
        (0..k)
            .map(|c| match self.degree_sum.get(c) {
                Some(&d) if d > 0 => (2 * self.internal[c]) as f64 / d as f64,
                _ => f64::NAN,
            })
            .collect()
    }
}

/// Labels `0..k` cover `labels`: k is one more than the largest.
pub(crate) fn label_count(labels: &[u32]) -> usize {
    labels.iter().max().map_or(0, |&c| c as usize + 1)
}

/// Adds citizen i's share to the counts of a labelling: its degree to its
/// label's degree sum, and its friends of the same label to its label's
/// internal tie ends (so each internal tie is counted from both ends).
#[inline]
pub(crate) fn tally_citizen(
    g: &Graph,
    labels: &[u32],
    i: usize,
    internal_ends: &mut [u64],
    degree_sum: &mut [u64],
) {
    let friends = g.friends(i);
    let c = labels[i];
    degree_sum[c as usize] += friends.len() as u64;
    // Without branches: whether a friend shares the label is a coin toss
    // to the CPU.
    internal_ends[c as usize] += friends
        .iter()
        .map(|&j| (labels[j as usize] == c) as u64)
        .sum::<u64>();
}

/// `a += b`, element by element.
pub(crate) fn add_into(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Unweighted modularity of the partition by `labels` (Newman & Girvan
/// 2004): Q = Σ_c [L_c / m − (D_c / 2m)²], with L_c the ties inside label c,
/// D_c the degree sum of label c and m the ties. Equal to NetworkX's
/// `community.modularity(G, communities, weight=None)` with one community
/// per label present. NaN without ties (where NetworkX divides by zero).
///
/// Complexity: O(n + m), parallel.
pub fn modularity(g: &Graph, labels: &[u32]) -> f64 {
    LabelTies::count(g, labels).modularity()
}

/// Share of ties whose two ends have the same label; NaN without ties.
///
/// Complexity: O(n + m), parallel.
pub fn same_label_share(g: &Graph, labels: &[u32]) -> f64 {
    LabelTies::count(g, labels).same_label_share()
}

/// Krackhardt & Stern's E–I index of the ties over labels:
/// (external − internal) / (external + internal), from −1 (every tie inside
/// a label) to +1 (every tie across labels); NaN without ties.
///
/// Complexity: O(n + m), parallel.
pub fn ei_index(g: &Graph, labels: &[u32]) -> f64 {
    LabelTies::count(g, labels).ei_index()
}

/// For each label `c` in `0..k`, the share of the ties of its members that
/// stay inside `c`, counting tie ends: 2 L_c / D_c, where L_c is the number
/// of ties joining two members of `c` and D_c the members' degree sum. This
/// is the mean over the members' friendships of "the friend has my label",
/// each friendship weighted equally. NaN for a label whose members have no
/// ties (or no members). Labels `≥ k` get no entry, but ties to them count as
/// leaving `c`.
///
/// Complexity: O(n + m), parallel.
pub fn same_label_share_by_label(g: &Graph, labels: &[u32], k: usize) -> Vec<f64> {
    LabelTies::count(g, labels).same_label_share_by_label(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Internal ties match a count over the tie list, and degree sums
        /// a sum over citizens.
        #[test]
        fn counts_match_the_tie_list(
            n in 1usize..60,
            pairs in proptest::collection::vec((0u32..60, 0u32..60), 0..200),
            a in proptest::collection::vec(0u32..4, 60),
        ) {
            let edges: Vec<(u32, u32)> =
                pairs.iter().map(|&(x, y)| (x % n as u32, y % n as u32)).collect();
            let g = Graph::from_edges(n, &edges).0;
            let a = &a[..n];
            let t = LabelTies::count(&g, a);
            let inside = g.edges().filter(|&(x, y)| a[x as usize] == a[y as usize]).count() as u64;
            proptest::prop_assert_eq!(t.internal_ties(), inside);
            for c in 0..t.degree_sum.len() {
                let d: usize = (0..n).filter(|&i| a[i] as usize == c).map(|i| g.degree(i)).sum();
                proptest::prop_assert_eq!(t.degree_sum[c], d as u64);
            }
        }
    }

    fn two_joined_triangles() -> Graph {
        Graph::from_edges(6, &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]).0
    }

    #[test]
    fn two_triangles_give_model_modularity() {
        // docs/model.md §7.10: 0.3571 (= 5/14).
        let g = two_joined_triangles();
        let labels = [0, 0, 0, 1, 1, 1];
        let q = modularity(&g, &labels);
        assert!((q - 0.3571).abs() < 1e-4);
        assert!((q - 5.0 / 14.0).abs() < 1e-15);
        assert_eq!(same_label_share(&g, &labels), 6.0 / 7.0);
        assert_eq!(ei_index(&g, &labels), (1.0 - 6.0) / 7.0);
        // Each triangle: 6 tie ends inside out of 7.
        assert_eq!(
            same_label_share_by_label(&g, &labels, 3)[..2],
            [6.0 / 7.0, 6.0 / 7.0]
        );
        assert!(same_label_share_by_label(&g, &labels, 3)[2].is_nan());
    }

    #[test]
    fn one_label_has_zero_modularity() {
        let g = two_joined_triangles();
        let labels = [4; 6];
        // Analytically 0; NetworkX's term-by-term formula leaves one rounding.
        assert!(modularity(&g, &labels).abs() < 1e-15);
        assert_eq!(same_label_share(&g, &labels), 1.0);
        assert_eq!(ei_index(&g, &labels), -1.0);
    }

    #[test]
    fn label_share_counts_tie_ends() {
        // Star centre 0 (label 0) with leaves 1, 2 (label 0) and 3 (label 1).
        let (g, _) = Graph::from_edges(4, &[(0, 1), (0, 2), (0, 3)]);
        let shares = same_label_share_by_label(&g, &[0, 0, 0, 1], 2);
        assert_eq!(shares, vec![4.0 / 5.0, 0.0]);
        // Label 1 is not counted when k = 1, but its ties still leave label 0.
        assert_eq!(
            same_label_share_by_label(&g, &[0, 0, 0, 1], 1),
            vec![4.0 / 5.0]
        );
    }

    #[test]
    fn no_ties_are_undefined() {
        let g = Graph::empty(3);
        let labels = [0, 1, 1];
        assert!(modularity(&g, &labels).is_nan());
        assert!(same_label_share(&g, &labels).is_nan());
        assert!(ei_index(&g, &labels).is_nan());
        assert!(same_label_share_by_label(&g, &labels, 2)
            .iter()
            .all(|s| s.is_nan()));
    }
}
