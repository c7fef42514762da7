//! The tie rules (docs/model.md §7.6): how a citizen decides to cut a
//! friend, and how the target of a proposal decides to accept it. One file
//! per rule; [`rule`] is the registry that names each one's functions.
//!
//! A rule reads a [`View`]: the parameters, the graph, each citizen's
//! spillover quantity x and friends' mean m, scores and fear, with the
//! gains of docs/model.md §7.6 (`view.gain_drop(i, j)`, `view.gain_add(i, j)`)
//! and the threshold rule's stigma (`view.toxic(i, j)`). Cuts a rule makes
//! are counted under its name (`ties_cut_<name>` in metrics.csv, the
//! `cause` of events.csv) without anything else to write.
//!
//! Adding a rule: see CONTRIBUTING.md.

use super::ties::View;
use crate::scenario::model::TieRule;

mod threshold;
#[cfg(test)]
mod toy;
mod utility;

/// A tie rule's decisions.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    /// P(i cuts friend j), given `ceiling` = cut_rate × (0.5 + fear_i);
    /// at most `min(1, ceiling)`, which cutting samples against.
    pub cut: fn(view: &View, i: usize, j: usize, ceiling: f64) -> f64,
    /// P(`target` accepts the tie `proposer` offers).
    pub accept: fn(view: &View, target: usize, proposer: usize) -> f64,
}

/// The registry: each rule's functions.
pub(crate) fn rule(r: TieRule) -> Rule {
    match r {
        TieRule::Utility => Rule {
            cut: utility::cut,
            accept: utility::accept,
        },
        TieRule::Threshold => Rule {
            cut: threshold::cut,
            accept: threshold::accept,
        },
        #[cfg(test)]
        TieRule::Toy => Rule {
            cut: toy::cut,
            accept: toy::accept,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_name_in_order() {
        assert_eq!(TieRule::ALL.len(), TieRule::NAMES.len());
        for (k, &r) in TieRule::ALL.iter().enumerate() {
            assert_eq!(r as usize, k);
            assert_eq!(r.name(), TieRule::NAMES[k]);
            let _ = rule(r);
        }
    }
}
