//! Observe and report (docs/model.md §7.3): surveillance, denunciation by friends,
//! false reports, checks, sanctions, rewards and penalties.
//!
//! Decisions are drawn in parallel per block of citizens (the poster for
//! true reports, the reporter for false ones), then their consequences are
//! folded in citizen order, so the outcome never depends on threads.

use rayon::prelude::*;

use crate::graph::Graph;
use crate::params::Params;
use crate::rng::{self, Purpose, BLOCK};
use crate::rules::act::Deeds;
use crate::society::Society;

/// Totals of one tick's reporting.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReportTotals {
    /// Reports of an actual violation.
    pub reports_true: u64,
    /// Reports against a friend who made no critical post.
    pub reports_false: u64,
    /// Reports confirmed by the check (true ones, and wrongly confirmed false ones).
    pub reports_confirmed: u64,
    /// Citizens sanctioned (each at most once per tick).
    pub sanctions: u64,
    /// Of those, innocents sanctioned on a wrongly confirmed false report.
    pub wrongful_sanctions: u64,
    /// Points paid as rewards for confirmed reports.
    pub rewards_paid: f64,
}

/// The outcome of a tick's reporting for every citizen.
#[derive(Debug, Clone, Default)]
pub struct Judgement {
    /// Sanctioned this tick.
    pub sanctioned: Vec<bool>,
    /// Sanctioned this tick although innocent.
    pub wrongful: Vec<bool>,
    /// Rewards minus false-report penalties, in points.
    pub points: Vec<f64>,
    /// Received at least one reward this tick.
    pub rewarded: Vec<bool>,
    /// Reports filed this tick.
    pub reports_made: Vec<u32>,
    /// Totals.
    pub totals: ReportTotals,
}

impl Judgement {
    /// What adapt reads (who was sanctioned, who rewarded), the rest
    /// released: the tie edits are applied in between, at the tick's peak
    /// of memory.
    pub fn for_adapt(self) -> Judgement {
        Judgement {
            sanctioned: self.sanctioned,
            rewarded: self.rewarded,
            totals: self.totals,
            ..Judgement::default()
        }
    }

    /// No reports, no sanctions.
    pub fn none(n: usize) -> Judgement {
        Judgement {
            sanctioned: vec![false; n],
            wrongful: vec![false; n],
            points: vec![0.0; n],
            rewarded: vec![false; n],
            reports_made: vec![0; n],
            totals: ReportTotals::default(),
        }
    }

    /// Adds this tick's sanctions, wrongful sanctions and reports to each
    /// citizen's running counts.
    pub fn add_to_counts(&self, society: &mut Society) {
        let Society {
            sanctions,
            wrongful_sanctions,
            reports_made,
            ..
        } = society;
        sanctions
            .par_iter_mut()
            .zip(wrongful_sanctions.par_iter_mut())
            .zip(reports_made.par_iter_mut())
            .enumerate()
            .with_min_len(BLOCK)
            .for_each(|(i, ((s, w), r))| {
                *s += self.sanctioned[i] as u32;
                *w += self.wrongful[i] as u32;
                *r += self.reports_made[i];
            });
    }
}

/// A report filed by `reporter`, and whether its check confirmed it.
#[derive(Debug, Clone, Copy)]
struct Filed {
    reporter: u32,
    target: u32,
    truthful: bool,
    confirmed: bool,
}

/// Runs the reporting phase of `tick` on the deeds of the act phase.
///
/// - A critical post is detected by the state with P = surveillance, and each
///   friend j reports it with P = min(1, vigilance_j × propensity).
/// - Each citizen j, for each friend i who made no critical post, files a
///   false report with P = min(1, vigilance_j × false_rate) (drawn by
///   geometric skipping over the block's ties and thinning, which is exact).
/// - True reports are confirmed with P = accuracy, false ones with 1 − accuracy.
/// - A poster is sanctioned once if detected or confirmed at least once; an
///   innocent is sanctioned once if any false report against them is confirmed.
/// - Each confirmed report pays its reporter `reward`; each dismissed false
///   report costs `false_penalty`. A dismissed true report costs nothing.
pub fn observe_and_report(
    p: &Params,
    graph: &Graph,
    society: &Society,
    deeds: &Deeds,
    tick: u64,
) -> Judgement {
    let n = society.len();
    let mut out = Judgement::none(n);
    if !p.reporting.enabled {
        return out;
    }
    let r = &p.reporting;
    // True reports and detection, per block of posters.
    let true_reports: Vec<(Vec<Filed>, Vec<u32>)> =
        rng::per_block(n, p.seed, tick, Purpose::Report, |rng, posters| {
            let mut filed = Vec::new();
            let mut sanctioned = Vec::new();
            for i in posters {
                if !deeds.of[i].critical {
                    continue;
                }
                let mut caught = rng::coin(rng, r.surveillance);
                for &j in graph.friends(i) {
                    let pj = (society.vigilance[j as usize] * r.propensity).min(1.0);
                    if rng::coin(rng, pj) {
                        let confirmed = rng::coin(rng, r.accuracy);
                        caught |= confirmed;
                        filed.push(Filed {
                            reporter: j,
                            target: i as u32,
                            truthful: true,
                            confirmed,
                        });
                    }
                }
                if caught {
                    sanctioned.push(i as u32);
                }
            }
            (filed, sanctioned)
        });

    // False reports, per block of reporters: the block's ties visited by
    // geometric skipping with the largest probability any of its reporters
    // has, q, and a visited tie (j, i) taken with P_j / q.
    let false_reports: Vec<Vec<Filed>> = if r.false_rate > 0.0 {
        let neighbours = graph.neighbours();
        let p_false = |j: usize| (society.vigilance[j] * r.false_rate).min(1.0);
        rng::per_block(n, p.seed, tick, Purpose::FalseReport, |rng, reporters| {
            let mut filed = Vec::new();
            let q = reporters.clone().map(p_false).fold(0.0, f64::max);
            rng::chosen_ends(rng, graph.offsets(), reporters, q, |rng, j, e| {
                let i = neighbours[e];
                if !deeds.of[i as usize].critical && rng::coin(rng, p_false(j) / q) {
                    let confirmed = rng::coin(rng, 1.0 - r.accuracy);
                    filed.push(Filed {
                        reporter: j as u32,
                        target: i,
                        truthful: false,
                        confirmed,
                    });
                }
            });
            filed
        })
    } else {
        Vec::new()
    };

    // Consequences, in a fixed order.
    let t = &mut out.totals;
    for (filed, sanctioned) in &true_reports {
        for &i in sanctioned {
            out.sanctioned[i as usize] = true;
        }
        for f in filed {
            t.reports_true += 1;
            settle(
                f,
                r.reward,
                r.false_penalty,
                &mut out.points,
                &mut out.rewarded,
                &mut out.reports_made,
                t,
            );
        }
    }
    for filed in &false_reports {
        for f in filed {
            t.reports_false += 1;
            if f.confirmed {
                let i = f.target as usize;
                out.sanctioned[i] = true;
                out.wrongful[i] = true;
            }
            settle(
                f,
                r.reward,
                r.false_penalty,
                &mut out.points,
                &mut out.rewarded,
                &mut out.reports_made,
                t,
            );
        }
    }
    t.sanctions = out.sanctioned.iter().filter(|&&s| s).count() as u64;
    t.wrongful_sanctions = out.wrongful.iter().filter(|&&s| s).count() as u64;
    out
}

/// Pays or fines the reporter of one filed report.
fn settle(
    f: &Filed,
    reward: f64,
    false_penalty: f64,
    points: &mut [f64],
    rewarded: &mut [bool],
    reports_made: &mut [u32],
    totals: &mut ReportTotals,
) {
    let j = f.reporter as usize;
    reports_made[j] += 1;
    if f.confirmed {
        totals.reports_confirmed += 1;
        totals.rewards_paid += reward;
        points[j] += reward;
        rewarded[j] = true;
    } else if !f.truthful {
        points[j] -= false_penalty;
    }
}
