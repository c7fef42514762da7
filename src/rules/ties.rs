//! Ties: ostracism and formation (docs/model.md §7.6).
//!
//! Every decision of a tick is taken on the same snapshot of the graph and
//! scores, in parallel per block of deciding citizens, then applied in a
//! fixed order: cuts (rule cuts by cutter, then cuts of sanctioned friends by
//! the sanctioned citizen), then new ties in proposer order.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::graph::Graph;
use crate::params::Params;
use crate::rng::{self, IntegerHashing, Purpose, Stream};
use crate::rules::{log2_count, tie_rules};
use crate::scenario::model::{Spillover, TieRule};
use crate::society::Society;

/// Why a tie was cut or formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Cut by the scenario's tie rule.
    Rule(TieRule),
    /// Cut because the friend was sanctioned this tick.
    Sanctioned,
    /// Formed with a friend of a friend.
    Triadic,
    /// Formed with a random citizen.
    Random,
}

impl Cause {
    /// Number of causes: one per tie rule, then the three others.
    pub const COUNT: usize = TieRule::ALL.len() + 3;

    /// Every cause, in the order of the columns of metrics.csv (the cuts by
    /// each rule, by sanction, then the ways a tie is formed); `cause.index()`
    /// is its place.
    pub fn all() -> impl Iterator<Item = Cause> {
        TieRule::ALL.iter().map(|&r| Cause::Rule(r)).chain([
            Cause::Sanctioned,
            Cause::Triadic,
            Cause::Random,
        ])
    }

    /// The place of the cause in [`Cause::all`].
    pub fn index(self) -> usize {
        let rules = TieRule::ALL.len();
        match self {
            Cause::Rule(r) => r as usize,
            Cause::Sanctioned => rules,
            Cause::Triadic => rules + 1,
            Cause::Random => rules + 2,
        }
    }

    /// The name written in events.csv and in the `ties_cut_<name>` and
    /// `ties_formed_<name>` columns of metrics.csv.
    pub fn name(self) -> &'static str {
        match self {
            Cause::Rule(r) => r.name(),
            Cause::Sanctioned => "sanctioned",
            Cause::Triadic => "triadic",
            Cause::Random => "random",
        }
    }

    /// Whether the cause removes a tie (else it forms one).
    pub fn is_cut(self) -> bool {
        match self {
            Cause::Rule(_) | Cause::Sanctioned => true,
            Cause::Triadic | Cause::Random => false,
        }
    }
}

/// One change to the graph: `citizen` cut or befriended `friend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TieChange {
    /// Who decided (the cutter, or the proposer).
    pub citizen: u32,
    /// The other end.
    pub friend: u32,
    /// Why.
    pub cause: Cause,
}

/// The changes applied in one tick, in the order they were applied.
#[derive(Debug, Clone, Default)]
pub struct TieEdits {
    /// Ties removed (each once, even if both ends cut it).
    pub cuts: Vec<TieChange>,
    /// Ties added (each once, even if proposed from both sides).
    pub forms: Vec<TieChange>,
}

/// What a citizen knows about its place in the graph when deciding: what
/// a tie rule ([`super::tie_rules`]) reads.
pub(crate) struct View<'a> {
    pub p: &'a Params,
    pub graph: &'a Graph,
    /// x_j: the quantity a friend feeds into one's score (the record, or the
    /// score under `score` spillover); x_i is also the citizen's own base.
    pub x: &'a [f64],
    /// m_i: mean of x over i's friends.
    pub m: &'a [f64],
    pub score: &'a [f64],
    pub fear: &'a [f64],
}

/// x of docs/model.md §7.6 for the scenario's spillover.
fn spillover_quantity<'a>(p: &Params, society: &'a Society) -> &'a [f64] {
    match p.score.spillover {
        Spillover::Record => &society.record,
        Spillover::Score => &society.score,
    }
}

impl<'a> View<'a> {
    fn new(p: &'a Params, graph: &'a Graph, society: &'a Society, m: &'a [f64]) -> View<'a> {
        View {
            p,
            graph,
            x: spillover_quantity(p, society),
            m,
            score: &society.score,
            fear: &society.fear,
        }
    }

    /// min(1, cut_rate × (0.5 + fear_i)): the most likely any cut by i can be.
    fn cut_ceiling(&self, i: usize) -> f64 {
        (self.p.ties.cut_rate * (0.5 + self.fear[i])).min(1.0)
    }

    /// P(i cuts j by the tie rule).
    fn cut_probability(&self, i: usize, j: usize) -> f64 {
        let c = self.p.ties.cut_rate * (0.5 + self.fear[i]);
        (tie_rules::rule(self.p.ties.rule).cut)(self, i, j, c)
    }

    /// Expected change of i's score per tick from dropping friend j.
    pub fn gain_drop(&self, i: usize, j: usize) -> f64 {
        let k = self.p.score.friend_weight;
        let wf = self.p.points.friends;
        let v = self.p.ties.friendship_value;
        let degree = self.graph.degree(i);
        let d = degree as f64;
        if d >= 2.0 {
            k * (self.m[i] - self.x[j]) / (d - 1.0)
                - wf * (log2_count(degree + 1) - log2_count(degree))
                - v
        } else {
            k * (self.x[i] - self.x[j]) - self.p.score.isolation_penalty - wf - v
        }
    }

    /// Expected change of i's score per tick from befriending j.
    pub fn gain_add(&self, i: usize, j: usize) -> f64 {
        let k = self.p.score.friend_weight;
        let wf = self.p.points.friends;
        let v = self.p.ties.friendship_value;
        let degree = self.graph.degree(i);
        let d = degree as f64;
        if d >= 1.0 {
            k * (self.x[j] - self.m[i]) / (d + 1.0)
                + wf * (log2_count(degree + 2) - log2_count(degree + 1))
                + v
        } else {
            k * (self.x[j] - self.x[i]) + self.p.score.isolation_penalty + wf + v
        }
    }

    /// Whether j is toxic to i: below `cut_below`, or more than `cut_gap`
    /// below i (the threshold rule's stigma).
    pub fn toxic(&self, i: usize, j: usize) -> bool {
        let t = &self.p.ties;
        self.score[j] < t.cut_below || self.score[i] - self.score[j] > t.cut_gap
    }
}

/// Decides one tick of tie cutting and forming, all on the graph as it
/// stands: the changes, in the order they are to be applied (the engine
/// applies them, [`Graph::apply_edits_reusing`] or
/// [`Graph::apply_edits_in_place`]). `known_mean` is the mean of x over each
/// citizen's friends if the caller already has it (the score phase does
/// under `record` spillover); otherwise it is computed.
pub fn cut_and_form(
    p: &Params,
    graph: &Graph,
    society: &Society,
    sanctioned: &[bool],
    tick: u64,
    known_mean: Option<&[f64]>,
) -> TieEdits {
    if !p.ties.enabled {
        return TieEdits::default();
    }
    let computed;
    let m = match known_mean {
        Some(m) => m,
        None => {
            computed = crate::rules::score::friend_mean(graph, spillover_quantity(p, society));
            &computed
        }
    };
    let view = View::new(p, graph, society, m);
    let n = graph.citizens();

    // Rule cuts, per block of cutters.
    let rule_cuts: Vec<Vec<TieChange>> =
        rng::per_block(n, p.seed, tick, Purpose::Cut, |rng, cutters| {
            let mut out = Vec::new();
            rule_cuts_of(&view, cutters, rng, &mut out);
            out
        });

    // Guilt by association, per block of sanctioned citizens.
    let sanctioned_cuts: Vec<Vec<TieChange>> = if p.ties.cut_sanctioned > 0.0 {
        rng::per_block(n, p.seed, tick, Purpose::CutSanctioned, |rng, block| {
            let mut out = Vec::new();
            for j in block.filter(|&j| sanctioned[j]) {
                for &i in graph.friends(j) {
                    let pi = (p.ties.cut_sanctioned * (0.5 + society.fear[i as usize])).min(1.0);
                    if rng::coin(rng, pi) {
                        out.push(TieChange {
                            citizen: i,
                            friend: j as u32,
                            cause: Cause::Sanctioned,
                        });
                    }
                }
            }
            out
        })
    } else {
        Vec::new()
    };

    // Proposals and their acceptance, per block of proposers (each citizen
    // proposes with P = form_rate), with both ends' degrees before the
    // edits (read here, where they are in cache).
    let proposals: Vec<Vec<(TieChange, [u32; 2])>> = if p.ties.form_rate > 0.0 && n > 1 {
        rng::per_block(n, p.seed, tick, Purpose::Form, |rng, proposers| {
            let mut out = Vec::new();
            rng::chosen_citizens(rng, proposers, p.ties.form_rate, |rng, i| {
                if let Some(c) = propose(&view, i, rng) {
                    let degrees = [c.citizen, c.friend].map(|k| graph.degree(k as usize) as u32);
                    out.push((c, degrees));
                }
            });
            out
        })
    } else {
        Vec::new()
    };

    // Apply in a fixed order.
    let cuts: Vec<TieChange> = rule_cuts
        .into_iter()
        .chain(sanctioned_cuts)
        .flatten()
        .collect();
    let proposals: Vec<(TieChange, [u32; 2])> = proposals.into_iter().flatten().collect();
    order_edits(cuts, proposals, p.ties.max_degree)
}

/// The `(citizen, friend)` pairs of `changes`, in order.
pub fn pairs(changes: &[TieChange]) -> Vec<(u32, u32)> {
    changes.iter().map(|c| (c.citizen, c.friend)).collect()
}

/// A tie's key, the same from either end.
#[inline]
fn tie_key(a: u32, b: u32) -> u64 {
    ((a.min(b) as u64) << 32) | a.max(b) as u64
}

/// The edits of a tick from its decisions, in order: each cut tie once (the
/// first cut of it counts), then each proposed pair once, skipping a proposal
/// that would take an end past `max_degree` given the edits before it.
/// `proposals` carry both ends' degrees before the tick's edits.
///
/// When no end is in enough proposals to reach `max_degree` (its degree
/// plus every proposal it is in stays below), the degree check cannot refuse
/// anything, and both lists only drop repeated ties: found by sorting, in
/// parallel. Otherwise the proposals are checked one by one
/// ([`order_edits_in_turn`]); both give the same edits.
fn order_edits(
    cuts: Vec<TieChange>,
    proposals: Vec<(TieChange, [u32; 2])>,
    max_degree: u32,
) -> TieEdits {
    if !degree_may_bind(&proposals, max_degree) {
        let first_cut = first_of_each_tie(&cuts);
        let forms: Vec<TieChange> = proposals.into_iter().map(|(c, _)| c).collect();
        let first_form = first_of_each_tie(&forms);
        let kept = |changes: Vec<TieChange>, first: Vec<bool>| -> Vec<TieChange> {
            changes
                .into_iter()
                .zip(first)
                .filter_map(|(c, f)| f.then_some(c))
                .collect()
        };
        return TieEdits {
            cuts: kept(cuts, first_cut),
            forms: kept(forms, first_form),
        };
    }
    order_edits_in_turn(cuts, proposals, max_degree)
}

/// [`order_edits`] one decision at a time, keeping each touched citizen's
/// degree change.
fn order_edits_in_turn(
    cuts: Vec<TieChange>,
    proposals: Vec<(TieChange, [u32; 2])>,
    max_degree: u32,
) -> TieEdits {
    let mut edits = TieEdits::default();
    // Integer keys hashed with one SplitMix64 round (SipHash cost more than
    // the lookups it served); the sets and the map are only asked what they
    // hold, never iterated, so the hash cannot change a result.
    let mut cut_pairs = HashSet::with_capacity_and_hasher(cuts.len(), IntegerHashing::default());
    // Degree changes of the citizens the edits touch (a few per cent of
    // a large society, so no copy of every degree).
    let mut change: HashMap<u32, i64, IntegerHashing> = HashMap::with_capacity_and_hasher(
        2 * (cuts.len() + proposals.len()),
        IntegerHashing::default(),
    );
    for c in cuts {
        if cut_pairs.insert(tie_key(c.citizen, c.friend)) {
            *change.entry(c.citizen).or_default() -= 1;
            *change.entry(c.friend).or_default() -= 1;
            edits.cuts.push(c);
        }
    }
    let max_degree = max_degree as i64;
    let degree = |change: &HashMap<u32, i64, IntegerHashing>, i: u32, before: u32| {
        before as i64 + change.get(&i).copied().unwrap_or(0)
    };
    let mut formed = HashSet::with_capacity_and_hasher(proposals.len(), IntegerHashing::default());
    for (c, [before_citizen, before_friend]) in proposals {
        if degree(&change, c.citizen, before_citizen) >= max_degree
            || degree(&change, c.friend, before_friend) >= max_degree
        {
            continue;
        }
        if formed.insert(tie_key(c.citizen, c.friend)) {
            *change.entry(c.citizen).or_default() += 1;
            *change.entry(c.friend).or_default() += 1;
            edits.forms.push(c);
        }
    }
    edits
}

/// Whether some end of a proposal could reach `max_degree` this tick: its
/// degree before the edits plus the number of proposals it is in (cuts only
/// lower degrees) is at least `max_degree`.
fn degree_may_bind(proposals: &[(TieChange, [u32; 2])], max_degree: u32) -> bool {
    let mut ends: Vec<(u32, u32)> = proposals
        .par_iter()
        .flat_map_iter(|&(c, [a, b])| [(c.citizen, a), (c.friend, b)])
        .collect();
    ends.par_sort_unstable();
    ends.chunk_by(|a, b| a.0 == b.0)
        .any(|run| run[0].1 as u64 + run.len() as u64 >= max_degree as u64)
}

/// For each change, whether it is the first in `changes` of its tie.
fn first_of_each_tie(changes: &[TieChange]) -> Vec<bool> {
    let mut keyed: Vec<(u64, u32)> = changes
        .par_iter()
        .enumerate()
        .map(|(k, c)| (tie_key(c.citizen, c.friend), k as u32))
        .collect();
    keyed.par_sort_unstable();
    let mut first = vec![false; changes.len()];
    for (w, &(key, k)) in keyed.iter().enumerate() {
        if w == 0 || keyed[w - 1].0 != key {
            first[k as usize] = true;
        }
    }
    first
}

/// P(i cuts j by the tie rule) for every directed tie, aligned with
/// `graph.neighbours()`: the exact probabilities the sampler realises. Used
/// to check the model's incentive analytically.
pub fn rule_cut_probabilities(p: &Params, graph: &Graph, society: &Society) -> Vec<f64> {
    let m = crate::rules::score::friend_mean(graph, spillover_quantity(p, society));
    let view = View::new(p, graph, society, &m);
    (0..graph.citizens())
        .flat_map(|i| graph.friends(i).iter().map(move |&j| (i, j as usize)))
        .map(|(i, j)| view.cut_probability(i, j))
        .collect()
}

/// Rule cuts by the citizens of a block, in citizen and friend order. The
/// block's ties are visited by geometric skipping ([`rng::chosen_ends`])
/// with the largest cut probability any of its citizens can have,
/// q = max min(1, cut_rate × (0.5 + fear_i)); a visited tie (i, j) is cut
/// with probability P / q, so each tie is cut with exactly P while most
/// ties cost no draw at all.
fn rule_cuts_of(
    view: &View,
    cutters: std::ops::Range<usize>,
    rng: &mut Stream,
    out: &mut Vec<TieChange>,
) {
    let q = cutters
        .clone()
        .map(|i| view.cut_ceiling(i))
        .fold(0.0, f64::max);
    let cause = Cause::Rule(view.p.ties.rule);
    let neighbours = view.graph.neighbours();
    rng::chosen_ends(rng, view.graph.offsets(), cutters, q, |rng, i, e| {
        let j = neighbours[e] as usize;
        // A ratio of 1 (a toxic friend with the largest ceiling) or 0
        // takes no draw.
        if rng::coin(rng, view.cut_probability(i, j) / q) {
            out.push(TieChange {
                citizen: i as u32,
                friend: j as u32,
                cause,
            });
        }
    });
}

/// Attempts at finding a target who is neither oneself nor already a friend.
const TARGET_ATTEMPTS: usize = 4;

/// The proposal of citizen i, chosen to propose this tick, if the target
/// accepts.
///
/// With P = triadic the target is a friend of a random friend (a two-step
/// walk; a citizen without friends falls back to a random citizen), else a
/// uniformly random citizen. Up to [`TARGET_ATTEMPTS`] draws are made to find
/// someone who is not i and not already i's friend; otherwise no proposal.
fn propose(view: &View, i: usize, rng: &mut Stream) -> Option<TieChange> {
    let p = view.p;
    let t = &p.ties;
    let g = view.graph;
    let n = g.citizens() as u64;
    let triadic = rng::coin(rng, t.triadic) && g.degree(i) > 0;
    let mut target = None;
    for _ in 0..TARGET_ATTEMPTS {
        let candidate = if triadic {
            let f = g.friends(i);
            let via = f[rng::below(rng, f.len() as u64) as usize] as usize;
            let ff = g.friends(via);
            ff[rng::below(rng, ff.len() as u64) as usize] as usize
        } else {
            rng::below(rng, n) as usize
        };
        if candidate != i && !g.has_tie(i, candidate) {
            target = Some(candidate);
            break;
        }
    }
    let j = target?;
    let accept = (tie_rules::rule(t.rule).accept)(view, j, i);
    if rng::coin(rng, accept) {
        let cause = if triadic {
            Cause::Triadic
        } else {
            Cause::Random
        };
        Some(TieChange {
            citizen: i as u32,
            friend: j as u32,
            cause,
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change((citizen, friend, cause): (u32, u32, u8)) -> TieChange {
        let cause = match cause % 3 {
            0 => Cause::Rule(TieRule::Utility),
            1 => Cause::Sanctioned,
            _ => Cause::Triadic,
        };
        TieChange {
            citizen,
            friend,
            cause,
        }
    }

    proptest::proptest! {
        /// Ordering by sorting (when the degree limit cannot bind) gives the
        /// same edits, in the same order, as deciding one by one; small
        /// societies make repeated ties and binding limits common.
        #[test]
        fn sorted_ordering_equals_ordering_in_turn(
            cuts in proptest::collection::vec((0u32..12, 0u32..12, 0u8..3), 0..60),
            proposals in proptest::collection::vec((0u32..12, 0u32..12, 0u8..3), 0..60),
            max_degree in 0u32..30,
        ) {
            let cuts: Vec<TieChange> = cuts.into_iter().filter(|c| c.0 != c.1).map(change).collect();
            // A citizen's degree before the edits is the same in every proposal.
            let proposals: Vec<(TieChange, [u32; 2])> = proposals
                .into_iter()
                .filter(|c| c.0 != c.1)
                .map(|c| {
                    let degree = |k: u32| (k * 7) % 9;
                    (change(c), [degree(c.0), degree(c.1)])
                })
                .collect();
            let sorted = order_edits(cuts.clone(), proposals.clone(), max_degree);
            let in_turn = order_edits_in_turn(cuts, proposals, max_degree);
            proptest::prop_assert_eq!(&sorted.cuts, &in_turn.cuts);
            proptest::prop_assert_eq!(&sorted.forms, &in_turn.forms);
        }
    }
}
