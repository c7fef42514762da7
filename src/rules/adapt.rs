//! Adapt (docs/model.md §7.7), gamification: sanctioned citizens censor themselves,
//! rewarded reporters grow more vigilant, and some citizens imitate their
//! highest-scored friend.

use rayon::prelude::*;

use crate::graph::Graph;
use crate::params::Params;
use crate::rng::{self, Purpose};
use crate::rules::report::Judgement;
use crate::society::Society;

/// Applies one tick of adaptation.
///
/// Self-censorship and learning come first; imitation then reads those
/// values (all citizens from the same snapshot) and writes new ones, on the
/// graph and scores as the tie phase left them. The highest-scored friend is
/// the one with the largest score, the lowest id among equals.
pub fn adapt(p: &Params, graph: &Graph, society: &mut Society, judgement: &Judgement, tick: u64) {
    if !p.adapt.enabled {
        return;
    }
    let a = &p.adapt;
    {
        let Society {
            dissent,
            vigilance,
            fear,
            ..
        } = society;
        dissent.par_iter_mut().enumerate().for_each(|(i, d)| {
            if judgement.sanctioned[i] {
                *d *= 1.0 - a.self_censorship * fear[i];
            }
        });
        vigilance.par_iter_mut().enumerate().for_each(|(i, v)| {
            if judgement.rewarded[i] {
                *v += a.learning * (1.0 - *v);
            }
        });
    }
    if a.imitation <= 0.0 {
        return;
    }
    let n = society.len();
    let s = &*society;
    let w = a.imitation_strength;
    // Each imitator's new traits, all from the snapshot before any is
    // written (a citizen imitates at most once a tick).
    let imitated: Vec<Vec<Imitation>> =
        rng::per_block(n, p.seed, tick, Purpose::Adapt, |rng, citizens| {
            let mut out = Vec::new();
            rng::chosen_citizens(rng, citizens, a.imitation, |_, i| {
                let mut best: Option<u32> = None;
                for &j in graph.friends(i) {
                    if best.is_none_or(|b| s.score[j as usize] > s.score[b as usize]) {
                        best = Some(j);
                    }
                }
                if let Some(j) = best {
                    let j = j as usize;
                    out.push(Imitation {
                        citizen: i,
                        dissent: s.dissent[i] + w * (s.dissent[j] - s.dissent[i]),
                        patriotism: s.patriotism[i] + w * (s.patriotism[j] - s.patriotism[i]),
                        vigilance: s.vigilance[i] + w * (s.vigilance[j] - s.vigilance[i]),
                    });
                }
            });
            out
        });
    for m in imitated.into_iter().flatten() {
        society.dissent[m.citizen] = m.dissent;
        society.patriotism[m.citizen] = m.patriotism;
        society.vigilance[m.citizen] = m.vigilance;
    }
}

/// A citizen's traits after imitating its highest-scored friend.
struct Imitation {
    citizen: usize,
    dissent: f64,
    patriotism: f64,
    vigilance: f64,
}
