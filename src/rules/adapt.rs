//! Phase 4.6 — adapt (gamification): sanctioned citizens censor themselves,
//! rewarded reporters grow more vigilant, and some citizens imitate their
//! highest-scored friend.

use rayon::prelude::*;

use crate::graph::Graph;
use crate::rng::{self, Purpose, BLOCK};
use crate::rules::report::Judgement;
use crate::scenario::ScenarioFile;
use crate::society::Society;

/// Applies one tick of adaptation.
///
/// Self-censorship and learning come first; imitation then reads those
/// values (all citizens from the same snapshot) and writes new ones, on the
/// graph and scores as the tie phase left them. The highest-scored friend is
/// the one with the largest score, the lowest id among equals.
pub fn adapt(
    p: &ScenarioFile,
    graph: &Graph,
    society: &mut Society,
    judgement: &Judgement,
    tick: u64,
) {
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
    let moves: Vec<(u32, u32)> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut rng = rng::stream(p.seed, tick, Purpose::Adapt, b as u64);
            (b * BLOCK..((b + 1) * BLOCK).min(n))
                .filter_map(|i| {
                    if !rng::chance(&mut rng, a.imitation) {
                        return None;
                    }
                    let mut best: Option<u32> = None;
                    for &j in graph.friends(i) {
                        if best.is_none_or(|b| s.score[j as usize] > s.score[b as usize]) {
                            best = Some(j);
                        }
                    }
                    best.map(|j| (i as u32, j))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let w = a.imitation_strength;
    let (dissent, patriotism, vigilance) =
        (s.dissent.clone(), s.patriotism.clone(), s.vigilance.clone());
    for (i, j) in moves {
        let (i, j) = (i as usize, j as usize);
        society.dissent[i] += w * (dissent[j] - dissent[i]);
        society.patriotism[i] += w * (patriotism[j] - patriotism[i]);
        society.vigilance[i] += w * (vigilance[j] - vigilance[i]);
    }
}
