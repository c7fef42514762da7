//! Assortativity: the Pearson correlation of a value at the two ends of every
//! tie, each tie counted in both directions (Newman 2002, 2003), as NetworkX's
//! `degree_assortativity_coefficient` and `numeric_assortativity_coefficient`.
//!
//! Counting both directions makes the two ends' distributions the same: the
//! mean is μ = Σ_i d_i x_i / 2m, the variance σ² = Σ_i d_i (x_i − μ)² / 2m, and
//! r = Σ_{i} Σ_{j ∈ N(i)} (x_i − μ)(x_j − μ) / Σ_i d_i (x_i − μ)².
//! Undefined (NaN) without ties or when every tie end has the same value.

use super::ordered_sums;
use crate::graph::Graph;
use rayon::prelude::*;

/// Degree assortativity: the Pearson correlation of the degrees at the two
/// ends of every tie, both directions counted (NetworkX's
/// `degree_assortativity_coefficient`, undirected, unweighted). NaN without
/// ties or when every tie joins citizens of one same degree (a regular
/// graph).
///
/// Computed exactly in integers, r = (M·S_xy − S_1²) / (M·S_2 − S_1²) with
/// M = Σ d_i, S_1 = Σ d_i², S_2 = Σ d_i³, S_xy = Σ_i d_i Σ_{j∈N(i)} d_j,
/// and one final division, so it is correctly rounded up to the two
/// conversions to f64, and independent of the thread count.
///
/// Complexity: O(n + m), parallel.
pub fn degree_assortativity(g: &Graph) -> f64 {
    // Compact degrees: the friends' lookups touch half the memory of the
    // offsets.
    let degree = g.degrees();
    let sums = (0..g.citizens())
        .into_par_iter()
        .with_min_len(super::PER_TASK)
        .map(|i| degree_terms(g, &degree, i))
        .reduce(|| [0; 4], add_degree_terms);
    degree_coefficient(sums)
}

/// Citizen i's terms of [`degree_assortativity`]: d_i, d_i², d_i³ and
/// d_i Σ_{j∈N(i)} d_j, given every citizen's degree.
#[inline]
pub(crate) fn degree_terms(g: &Graph, degree: &[u32], i: usize) -> [u128; 4] {
    let d = degree[i] as u128;
    // At most 2m, so a u64 holds it.
    let friends_degrees: u64 = g
        .friends(i)
        .iter()
        .map(|&j| degree[j as usize] as u64)
        .sum();
    [d, d * d, d * d * d, d * friends_degrees as u128]
}

/// Adds two sets of [`degree_terms`].
#[inline]
pub(crate) fn add_degree_terms(a: [u128; 4], b: [u128; 4]) -> [u128; 4] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// [`degree_assortativity`] from the sums of [`degree_terms`] over all
/// citizens.
pub(crate) fn degree_coefficient([m, s1, s2, sxy]: [u128; 4]) -> f64 {
    let numerator = (m * sxy) as i128 - (s1 * s1) as i128;
    let denominator = (m * s2) as i128 - (s1 * s1) as i128;
    if denominator == 0 {
        return f64::NAN;
    }
    numerator as f64 / denominator as f64
}

/// Numeric assortativity of `values` (one per citizen): the Pearson
/// correlation of the values at the two ends of every tie, both directions
/// counted (NetworkX's `numeric_assortativity_coefficient`, which builds the
/// mixing matrix of value pairs; its coefficient is this correlation). NaN
/// without ties or when every citizen with a tie has the same value.
///
/// Numerically stable: values are first shifted by the value of the first
/// citizen with a tie (so equal values give exact zeros), then two passes
/// compute the mean and the centred sums, each a fixed-order sum.
///
/// # Panics
/// If `values` does not have one entry per citizen.
///
/// Complexity: O(n + m), parallel.
pub fn numeric_assortativity(g: &Graph, values: &[f64]) -> f64 {
    let Some(centre) = Centre::of(g, values) else {
        return f64::NAN;
    };
    let [covariance, variance] = ordered_sums(g.citizens(), |i| centre.terms(g, values, i));
    centre_coefficient(covariance, variance)
}

/// The shift and mean that centre the values of [`numeric_assortativity`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Centre {
    shift: f64,
    /// Mean of the shifted values over tie ends.
    mean: f64,
}

impl Centre {
    /// The centre of `values` over tie ends; `None` without ties.
    ///
    /// # Panics
    /// If `values` does not have one entry per citizen.
    pub(crate) fn of(g: &Graph, values: &[f64]) -> Option<Centre> {
        let n = g.citizens();
        assert_eq!(values.len(), n, "one value per citizen");
        let first = (0..n).find(|&i| g.degree(i) > 0)?;
        let shift = values[first];
        let ends = g.neighbours().len() as f64;
        let [total] = ordered_sums(n, |i| [g.degree(i) as f64 * (values[i] - shift)]);
        Some(Centre {
            shift,
            mean: total / ends,
        })
    }

    /// Citizen i's terms of the covariance and variance sums, to be folded
    /// as [`ordered_sums`] folds them.
    #[inline]
    pub(crate) fn terms(&self, g: &Graph, values: &[f64], i: usize) -> [f64; 2] {
        let friends = g.friends(i);
        if friends.is_empty() {
            return [0.0, 0.0];
        }
        let own = self.centred(values[i]);
        let others: f64 = friends
            .iter()
            .map(|&j| self.centred(values[j as usize]))
            .sum();
        [own * others, friends.len() as f64 * own * own]
    }

    /// A value minus the mean: shifted first, then centred, so that equal
    /// values give exact zeros (never −0).
    #[inline]
    pub(crate) fn centred(&self, value: f64) -> f64 {
        (value - self.shift) - self.mean
    }
}

/// The coefficient from the covariance and variance sums; NaN when every
/// tie end has the same value.
pub(crate) fn centre_coefficient(covariance: f64, variance: f64) -> f64 {
    if variance == 0.0 {
        return f64::NAN;
    }
    covariance / variance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_of_four_is_disassortative() {
        // docs/model.md §7.10: path of 4 gives −0.5.
        let (g, _) = Graph::from_edges(4, &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(degree_assortativity(&g), -0.5);
        let degrees: Vec<f64> = g.degrees().iter().map(|&d| d as f64).collect();
        assert!((numeric_assortativity(&g, &degrees) + 0.5).abs() < 1e-15);
    }

    #[test]
    fn star_is_perfectly_disassortative() {
        let (g, _) = Graph::from_edges(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert_eq!(degree_assortativity(&g), -1.0);
    }

    #[test]
    fn equal_values_are_undefined() {
        let (ring, _) = Graph::from_edges(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert!(degree_assortativity(&ring).is_nan());
        assert!(numeric_assortativity(&ring, &[0.1; 4]).is_nan());
        // Isolated citizens' values do not matter.
        let (g, _) = Graph::from_edges(4, &[(0, 1)]);
        assert!(numeric_assortativity(&g, &[0.3, 0.3, 5.0, -2.0]).is_nan());
        assert!(numeric_assortativity(&Graph::empty(3), &[1.0, 2.0, 3.0]).is_nan());
        assert!(degree_assortativity(&Graph::empty(3)).is_nan());
    }

    #[test]
    fn values_matching_across_ties_correlate_fully() {
        // Two disjoint ties, each joining equal values: r = 1.
        let (g, _) = Graph::from_edges(4, &[(0, 1), (2, 3)]);
        assert_eq!(numeric_assortativity(&g, &[1.0, 1.0, 7.0, 7.0]), 1.0);
        // A single tie with different values: r = −1.
        let (h, _) = Graph::from_edges(2, &[(0, 1)]);
        assert_eq!(numeric_assortativity(&h, &[2.0, 9.0]), -1.0);
    }

    #[test]
    fn shift_keeps_precision_with_large_offsets() {
        let (g, _) = Graph::from_edges(4, &[(0, 1), (1, 2), (2, 3)]);
        let small = numeric_assortativity(&g, &[1.0, 2.0, 4.0, 3.0]);
        let large = numeric_assortativity(&g, &[1e9 + 1.0, 1e9 + 2.0, 1e9 + 4.0, 1e9 + 3.0]);
        assert!((small - large).abs() < 1e-12, "{small} vs {large}");
    }
}
