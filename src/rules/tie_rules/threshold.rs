//! The `threshold` rule: stigma. A friend is toxic below `ties.cut_below`
//! or more than `ties.cut_gap` below oneself; toxic friends are cut at the
//! base rate, and a toxic proposer is refused.

use crate::rules::ties::View;

/// P(i cuts j) = min(1, ceiling) if j is toxic to i, else 0.
pub(super) fn cut(view: &View, i: usize, j: usize, ceiling: f64) -> f64 {
    if view.toxic(i, j) {
        ceiling.min(1.0)
    } else {
        0.0
    }
}

/// P(target accepts) = accept, or 0 if the proposer is toxic to the target.
pub(super) fn accept(view: &View, target: usize, proposer: usize) -> f64 {
    if view.toxic(target, proposer) {
        0.0
    } else {
        view.p.ties.accept
    }
}
