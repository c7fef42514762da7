//! Ostracism measures (docs/model.md §7.10): who is isolated, who lost half their
//! ties, and means of per-citizen quantities (degree, isolation, local
//! clustering) within each label (tier or group).
//!
//! Counts are integers; means by label are folded sequentially in citizen
//! order, so results do not depend on the thread count.

/// Share of citizens with no friend (degree 0); NaN for no citizens.
///
/// Complexity: O(n).
pub fn isolated_share(degrees: &[u32]) -> f64 {
    share(degrees.iter().filter(|&&d| d == 0).count(), degrees.len())
}

/// Share of the whole population that has lost at least half of its initial
/// ties: citizens with `initial > 0` and `2 · degree ≤ initial`, over all
/// citizens (those who started without ties count in the denominator, never
/// in the numerator). NaN for no citizens.
///
/// # Panics
/// If the two slices differ in length.
///
/// Complexity: O(n).
pub fn lost_half_share(degrees: &[u32], initial_degrees: &[u32]) -> f64 {
    assert_eq!(
        degrees.len(),
        initial_degrees.len(),
        "one initial degree per citizen"
    );
    let lost = degrees
        .iter()
        .zip(initial_degrees)
        .filter(|&(&d, &d0)| d0 > 0 && 2 * d as u64 <= d0 as u64)
        .count();
    share(lost, degrees.len())
}

/// Mean degree of the citizens of each label in `0..k`; NaN for a label
/// with no member. Citizens with a label `≥ k` are left out.
///
/// # Panics
/// If the two slices differ in length.
///
/// Complexity: O(n + k), exact integer sums.
pub fn mean_degree_by_label(degrees: &[u32], labels: &[u32], k: usize) -> Vec<f64> {
    assert_eq!(degrees.len(), labels.len(), "one label per citizen");
    let mut total = vec![0u64; k];
    let mut members = vec![0usize; k];
    for (&d, &c) in degrees.iter().zip(labels) {
        if let (Some(t), Some(n)) = (total.get_mut(c as usize), members.get_mut(c as usize)) {
            *t += d as u64;
            *n += 1;
        }
    }
    total
        .iter()
        .zip(&members)
        .map(|(&t, &n)| {
            if n == 0 {
                f64::NAN
            } else {
                t as f64 / n as f64
            }
        })
        .collect()
}

/// Share of the citizens of each label in `0..k` who have no friend; NaN
/// for a label with no member. Citizens with a label `≥ k` are left out.
///
/// # Panics
/// If the two slices differ in length.
///
/// Complexity: O(n + k).
pub fn isolated_share_by_label(degrees: &[u32], labels: &[u32], k: usize) -> Vec<f64> {
    assert_eq!(degrees.len(), labels.len(), "one label per citizen");
    let mut isolated = vec![0usize; k];
    let mut members = vec![0usize; k];
    for (&d, &c) in degrees.iter().zip(labels) {
        if let Some(n) = members.get_mut(c as usize) {
            *n += 1;
            isolated[c as usize] += (d == 0) as usize;
        }
    }
    isolated
        .iter()
        .zip(&members)
        .map(|(&i, &n)| share(i, n))
        .collect()
}

/// Mean of `values` over the citizens of each label in `0..k`, summed in
/// citizen order; NaN for a label with no member. Citizens with a label
/// `≥ k` are left out.
///
/// # Panics
/// If the two slices differ in length.
///
/// Complexity: O(n + k).
pub fn mean_by_label(values: &[f64], labels: &[u32], k: usize) -> Vec<f64> {
    assert_eq!(values.len(), labels.len(), "one label per citizen");
    let mut total = vec![0.0f64; k];
    let mut members = vec![0usize; k];
    for (&v, &c) in values.iter().zip(labels) {
        if let Some(n) = members.get_mut(c as usize) {
            *n += 1;
            total[c as usize] += v;
        }
    }
    total
        .iter()
        .zip(&members)
        .map(|(&t, &n)| if n == 0 { f64::NAN } else { t / n as f64 })
        .collect()
}

/// Average clustering within each label in `0..k`: the mean of the members'
/// local clustering (from [`super::clustering::local_clustering`], degree < 2
/// counted as 0, as NetworkX's `average_clustering(G, nodes=members)`); NaN
/// for a label with no member.
///
/// Complexity: O(n + k).
pub fn average_clustering_by_label(local_clustering: &[f64], labels: &[u32], k: usize) -> Vec<f64> {
    mean_by_label(local_clustering, labels, k)
}

/// `count / total`, NaN when `total` is 0.
fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        f64::NAN
    } else {
        count as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolation_and_lost_ties() {
        let degrees = [0, 1, 2, 3, 0];
        let initial = [0, 2, 5, 3, 1];
        assert_eq!(isolated_share(&degrees), 0.4);
        // Citizen 0 started isolated (not counted); 1 lost exactly half;
        // 2 lost more than half; 3 lost none; 4 lost all.
        assert_eq!(lost_half_share(&degrees, &initial), 0.6);
        assert!(isolated_share(&[]).is_nan());
        assert!(lost_half_share(&[], &[]).is_nan());
    }

    #[test]
    fn means_by_label() {
        let degrees = [0, 1, 2, 3, 4];
        let labels = [0, 0, 2, 2, 5];
        let means = mean_degree_by_label(&degrees, &labels, 3);
        assert_eq!(means[0], 0.5);
        assert!(means[1].is_nan());
        assert_eq!(means[2], 2.5);
        let iso = isolated_share_by_label(&degrees, &labels, 3);
        assert_eq!(iso[0], 0.5);
        assert!(iso[1].is_nan());
        assert_eq!(iso[2], 0.0);
        let c = average_clustering_by_label(&[1.0, 0.0, 0.5, 0.25, 9.0], &labels, 3);
        assert_eq!(c[0], 0.5);
        assert!(c[1].is_nan());
        assert_eq!(c[2], 0.375);
    }
}
