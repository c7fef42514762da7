//! A toy rule, compiled only into the tests: it proves that a new rule
//! needs only the places CONTRIBUTING.md lists (this file, the `Toy`
//! variant and its name in `TieRule`, one arm of [`super::rule`]) and that
//! the rest follows: the scenario key accepts it, the engine runs it, and
//! metrics.csv counts its cuts in a column of its own.
//!
//! The rule: every friend is cut at the base rate, whatever their score,
//! and every proposal is accepted at the base rate.

use crate::rules::ties::View;

/// P(i cuts j) = min(1, ceiling).
pub(super) fn cut(_view: &View, _i: usize, _j: usize, ceiling: f64) -> f64 {
    ceiling.min(1.0)
}

/// P(target accepts) = accept.
pub(super) fn accept(view: &View, _target: usize, _proposer: usize) -> f64 {
    view.p.ties.accept
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::run::{simulate, StopFlag};
    use crate::scenario::{load_str, Overrides};

    #[test]
    fn a_new_rule_needs_only_the_places_contributing_lists() {
        let text = "ticks = 5\n[population]\nsize = 400\n[ties]\nrule = \"toy\"\ncut_rate = 0.2\n\
                    [output]\nmetrics_every = 5\n";
        let scenario = load_str(text, Path::new("toy.toml"), &Overrides::default()).unwrap();
        let run = simulate(&scenario, &StopFlag::default(), |_, _| Ok(())).unwrap();
        let col = |name: &str| run.columns.iter().position(|c| c == name).unwrap();
        let last = run.observations.last().unwrap();
        let toy = last.metrics[col("ties_cut_toy")];
        assert!(toy > 0.0, "the toy rule cut no tie");
        // Its cuts are all the rule cuts: the other rules' columns stay at 0,
        // and every cut is accounted for.
        assert_eq!(last.metrics[col("ties_cut_utility")], 0.0);
        assert_eq!(last.metrics[col("ties_cut_threshold")], 0.0);
        assert_eq!(
            last.metrics[col("ties_cut")],
            toy + last.metrics[col("ties_cut_sanctioned")]
        );
        // Under the toy rule a friend's score does not matter, so about
        // cut_rate × (0.5 + mean fear) ≈ 0.2 of the ties are cut a tick.
        let ties = run.observations[0].metrics[col("ties")];
        let per_tick = toy / 5.0 / ties;
        assert!((0.12..0.28).contains(&per_tick), "{per_tick}");
    }
}
