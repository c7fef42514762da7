//! The `utility` rule: self-interest. A citizen cuts a friend with a
//! probability rising with what the friend costs its score, and accepts a
//! proposal with a probability rising with what the proposer would add.

use crate::rules::logistic;
use crate::rules::ties::View;

/// P(i cuts j) = min(1, ceiling × σ(rationality × gain_drop(i, j))).
pub(super) fn cut(view: &View, i: usize, j: usize, ceiling: f64) -> f64 {
    let t = &view.p.ties;
    (ceiling * logistic(t.rationality * view.gain_drop(i, j))).min(1.0)
}

/// P(target accepts) = accept × σ(rationality × gain_add(target, proposer)).
pub(super) fn accept(view: &View, target: usize, proposer: usize) -> f64 {
    let t = &view.p.ties;
    t.accept * logistic(t.rationality * view.gain_add(target, proposer))
}
