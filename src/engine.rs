//! The tick: the phases of docs/model.md §3 in order. The engine owns the state and
//! only sequences the phases in [`crate::rules`]; measurement wraps it
//! ([`crate::observe`]), it does not live in it.

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::params::{Params, Schedule};
use crate::rules;
use crate::rules::act::DeedTotals;
use crate::rules::report::Judgement;
use crate::rules::ties::{Cause, TieEdits};
use crate::scenario::ScenarioFile;
use crate::society::Society;

/// Counts accumulated since the last recorded tick (flows, as opposed to
/// the state, which is measured at the recorded tick itself).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Ticks simulated since the last record.
    pub ticks: u64,
    pub posts: u64,
    pub critical_posts: u64,
    pub purchases: u64,
    pub imported: u64,
    pub reports_true: u64,
    pub reports_false: u64,
    pub reports_confirmed: u64,
    pub sanctions: u64,
    pub wrongful_sanctions: u64,
    pub rewards_paid: f64,
    /// Ties cut or formed, by cause (indexed by `cause as usize`).
    pub ties: [u64; Cause::COUNT],
    /// Sanctions per group.
    pub group_sanctions: Vec<u64>,
}

impl Flows {
    /// Adds one tick's deeds, reports and tie changes; `group` is each
    /// citizen's group (for sanctions per group).
    pub fn add_tick(
        &mut self,
        deeds: &DeedTotals,
        judgement: &Judgement,
        edits: &TieEdits,
        group: &[u8],
    ) {
        self.ticks += 1;
        let d = deeds;
        self.posts += d.posts;
        self.critical_posts += d.critical_posts;
        self.purchases += d.purchases;
        self.imported += d.imported;
        for (i, _) in judgement.sanctioned.iter().enumerate().filter(|(_, &s)| s) {
            self.group_sanctions[group[i] as usize] += 1;
        }
        let r = &judgement.totals;
        self.reports_true += r.reports_true;
        self.reports_false += r.reports_false;
        self.reports_confirmed += r.reports_confirmed;
        self.sanctions += r.sanctions;
        self.wrongful_sanctions += r.wrongful_sanctions;
        self.rewards_paid += r.rewards_paid;
        for c in edits.cuts.iter().chain(&edits.forms) {
            self.ties[c.cause.index()] += 1;
        }
    }

    /// Ties cut or formed for `cause`.
    pub fn ties_by(&self, cause: Cause) -> u64 {
        self.ties[cause.index()]
    }

    /// Ties cut, all causes.
    pub fn ties_cut(&self) -> u64 {
        Cause::all()
            .filter(|c| c.is_cut())
            .map(|c| self.ties_by(c))
            .sum()
    }

    /// Ties formed, all causes.
    pub fn ties_formed(&self) -> u64 {
        Cause::all()
            .filter(|c| !c.is_cut())
            .map(|c| self.ties_by(c))
            .sum()
    }
}

/// A phase of the tick, as [`Simulation::step_observed`] announces its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Bills, purchases and posts (docs/model.md §7.2).
    Act,
    /// Detection and reports (§7.3).
    Report,
    /// Records and scores (§7.4).
    Score,
    /// Tiers (§7.5).
    Tiers,
    /// Deciding the tie cuts and new ties (§7.6).
    Ties,
    /// Counting the tick's flows and applying its tie edits to the graph
    /// (with the triangles they break, when those are followed).
    Rebuild,
    /// Imitation (§7.7), with the triangles the new ties close.
    Adapt,
}

impl Phase {
    /// Every phase, in the order a tick runs them.
    pub const ALL: [Phase; 7] = [
        Phase::Act,
        Phase::Report,
        Phase::Score,
        Phase::Tiers,
        Phase::Ties,
        Phase::Rebuild,
        Phase::Adapt,
    ];

    /// Its name, in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Act => "act",
            Phase::Report => "report",
            Phase::Score => "score",
            Phase::Tiers => "tiers",
            Phase::Ties => "ties",
            Phase::Rebuild => "rebuild",
            Phase::Adapt => "adapt",
        }
    }
}

/// Tie ends from which the tie phase's edits are applied in place rather
/// than into a second adjacency: 2^28 ends (1 GiB of friend lists, some
/// 25 million citizens of ten friends). Why: below it the second copy is
/// cheap and its rebuild runs on every thread; above it memory is what
/// bounds the society a machine can hold, and the in-place edit needs no
/// second copy. Both give the same graph.
pub const EDIT_IN_PLACE_FROM: usize = 1 << 28;

/// A running simulation: parameters (changed by events), graph, citizens.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The parameters in force (events change them as ticks go by).
    pub params: Params,
    /// The scenario as it started (tick 0), events included.
    start: ScenarioFile,
    /// The events, compiled into the parameters each one puts in force.
    schedule: Schedule,
    /// The friendship graph.
    pub graph: Graph,
    /// The citizens.
    pub society: Society,
    /// The last completed tick (0 before the first step).
    pub tick: u32,
    /// Flows since the last call to [`Simulation::take_flows`].
    pub flows: Flows,
    /// Triangles through each citizen, kept up to date tick by tick once
    /// [`Simulation::track_triangles`] is called (when clustering is recorded
    /// often, following the edits is cheaper than recounting).
    pub triangles: Option<Vec<u64>>,
    /// The adjacency allocation of last tick's graph, reused for the next.
    spare: Vec<u32>,
}

impl Simulation {
    /// Starts a simulation on a given graph: draws the citizens, records
    /// initial degrees, computes tick-0 scores from the records (mixing in
    /// the friends' records) and tiers. `labels` are the original node ids of
    /// a graph read from a file.
    ///
    /// The scenario's events are compiled here, before the first tick: a
    /// scenario that was not validated fails now, with an error.
    pub fn start(
        values: ScenarioFile,
        graph: Graph,
        labels: Option<Vec<u64>>,
    ) -> Result<Simulation> {
        let schedule = Schedule::compile(&values)?;
        let start = values.clone();
        let params = Params::new(values)?;
        let n = graph.citizens();
        let mut society = Society::draw(&params, n);
        if let Some(labels) = labels {
            society.labels = Some(labels);
        }
        society.initial_degree = graph.degrees();
        society.score = rules::score::mix(&params, &graph, &society.record, &society.record);
        rules::tiers::assign(&params, &mut society);
        let groups = params.population.groups.len();
        Ok(Simulation {
            params,
            start,
            schedule,
            graph,
            society,
            tick: 0,
            flows: Flows {
                group_sanctions: vec![0; groups],
                ..Flows::default()
            },
            triangles: None,
            spare: Vec::new(),
        })
    }

    /// The scenario's events (those it started with, and any set since).
    pub fn events(&self) -> &[crate::scenario::model::Event] {
        &self.start.events
    }

    /// Replaces the events to come: a change made while the simulation
    /// runs (as `sesame explore` makes them) is an event at a later tick,
    /// compiled like the scenario's own, so that the scenario with these
    /// events replays the run exactly. Events at ticks already run are
    /// history and must be kept as they were.
    pub fn set_events(&mut self, events: Vec<crate::scenario::model::Event>) -> Result<()> {
        let past = |e: &&crate::scenario::model::Event| e.at_tick <= self.tick;
        if !self
            .start
            .events
            .iter()
            .filter(past)
            .eq(events.iter().filter(past))
        {
            return Err(Error::input(
                "events at ticks already run cannot change; add a change at a later tick",
            ));
        }
        let mut start = self.start.clone();
        start.events = events;
        self.schedule = Schedule::compile(&start)?;
        self.start = start;
        Ok(())
    }

    /// Counts the triangles through each citizen now and keeps the counts up
    /// to date in every later [`Simulation::step`] (in [`Simulation::triangles`]).
    pub fn track_triangles(&mut self) {
        if self.triangles.is_none() {
            self.triangles = Some(crate::metrics::clustering::triangles(&self.graph));
        }
    }

    /// Runs one tick: events, act, observe and report, score, tiers, ties,
    /// adapt. Returns the tie changes of the tick (for the event log).
    pub fn step(&mut self) -> Result<TieEdits> {
        self.step_observed(|_| ())
    }

    /// [`Simulation::step`], calling `done(phase)` as each phase ends, in
    /// the order of [`Phase::ALL`]. Why: the benches time each phase of the
    /// real tick (`done` can read a clock) rather than a copy of it.
    pub fn step_observed(&mut self, mut done: impl FnMut(Phase)) -> Result<TieEdits> {
        let tick = self.tick + 1;
        let t = tick as u64;
        if let Some(next) = self.schedule.at(tick) {
            self.params = next.clone();
        }
        let p = &self.params;
        let deeds = rules::act::act(p, &self.society, t);
        done(Phase::Act);
        let judgement = rules::report::observe_and_report(p, &self.graph, &self.society, &deeds, t);
        done(Phase::Report);
        let mean = rules::score::update(p, &self.graph, &mut self.society, &deeds, &judgement);
        done(Phase::Score);
        // What is dropped here is not held through the tie phase's peak
        // (memory bounds the largest societies): the deeds' totals are
        // all that is left to count.
        let deed_totals = deeds.totals;
        drop(deeds);
        rules::tiers::assign(p, &mut self.society);
        done(Phase::Tiers);
        // Under record spillover the tie phase weighs friends by the same mean.
        let known =
            (p.score.spillover == crate::scenario::model::Spillover::Record).then_some(&mean[..]);
        let edits = rules::ties::cut_and_form(
            p,
            &self.graph,
            &self.society,
            &judgement.sanctioned,
            t,
            known,
        );
        done(Phase::Ties);
        drop(mean);
        // Bookkeeping: integer counts, the same in any order; done before
        // the edits are applied so that only what adapt reads is kept.
        self.flows
            .add_tick(&deed_totals, &judgement, &edits, &self.society.group);
        judgement.add_to_counts(&mut self.society);
        let judgement = judgement.for_adapt();
        let (cuts, forms) = (
            rules::ties::pairs(&edits.cuts),
            rules::ties::pairs(&edits.forms),
        );
        let before = self.graph.ties();
        if self.graph.neighbours().len() >= EDIT_IN_PLACE_FROM {
            if let Some(counts) = &mut self.triangles {
                crate::metrics::clustering::triangles_lost(&self.graph, &cuts, counts);
            }
            self.graph.apply_edits_in_place(&cuts, &forms);
        } else {
            // The triangles lost are counted on the old graph while the new
            // one is built from it (each writes only its own).
            let spare = std::mem::take(&mut self.spare);
            let rebuild = || self.graph.apply_edits_reusing(&cuts, &forms, spare);
            let graph = match self.triangles.as_mut() {
                Some(counts) => {
                    let lose =
                        || crate::metrics::clustering::triangles_lost(&self.graph, &cuts, counts);
                    rayon::join(rebuild, lose).0
                }
                None => rebuild(),
            };
            self.spare = std::mem::replace(&mut self.graph, graph).into_neighbours();
        }
        if self.graph.ties() + cuts.len() != before + forms.len() {
            return Err(Error::invariant(format!(
                "tick {tick}: ties {} != previous {before} - cut {} + formed {}",
                self.graph.ties(),
                cuts.len(),
                forms.len()
            )));
        }
        done(Phase::Rebuild);
        // Adapt and the triangles gained read the new graph and write
        // apart (the traits, the counts): side by side. (A join with
        // nothing beside it would only wake a thread.)
        let mut adapt = || rules::adapt::adapt(p, &self.graph, &mut self.society, &judgement, t);
        match self.triangles.as_mut() {
            Some(counts) => {
                let gain =
                    || crate::metrics::clustering::triangles_gained(&self.graph, &forms, counts);
                rayon::join(adapt, gain);
            }
            None => adapt(),
        }
        done(Phase::Adapt);
        self.tick = tick;
        #[cfg(debug_assertions)]
        self.check()
            .map_err(|e| Error::invariant(format!("after tick {tick}: {e}")))?;
        Ok(edits)
    }

    /// The flows since the last call, resetting them.
    pub fn take_flows(&mut self) -> Flows {
        let groups = self.flows.group_sanctions.len();
        std::mem::replace(
            &mut self.flows,
            Flows {
                group_sanctions: vec![0; groups],
                ..Flows::default()
            },
        )
    }

    /// Checks the invariants of the state: the graph is undirected and simple,
    /// scores and records lie in [min, max], traits in [0, 1]. A broken one
    /// is an [`ErrorKind::Invariant`](crate::error::ErrorKind::Invariant)
    /// error: a bug in sesame, not in the scenario.
    pub fn check(&self) -> Result<()> {
        if let Some(broken) = self.graph.violation() {
            return Err(Error::invariant(broken));
        }
        if let Some(counts) = &self.triangles {
            if *counts != crate::metrics::clustering::triangles(&self.graph) {
                return Err(Error::invariant(
                    "the triangle counts followed through the edits differ from a recount",
                ));
            }
        }
        let (lo, hi) = (self.params.score.min, self.params.score.max);
        let s = &self.society;
        if let Some(i) = (0..s.len())
            .find(|&i| !(lo..=hi).contains(&s.score[i]) || !(lo..=hi).contains(&s.record[i]))
        {
            return Err(Error::invariant(format!(
                "citizen {i} has score {} / record {} outside [{lo}, {hi}]",
                s.score[i], s.record[i]
            )));
        }
        for (name, v) in [
            ("dissent", &s.dissent),
            ("patriotism", &s.patriotism),
            ("vigilance", &s.vigilance),
        ] {
            if let Some(i) = v.iter().position(|x| !(0.0..=1.0).contains(x)) {
                return Err(Error::invariant(format!(
                    "citizen {i} has {name} {} outside [0, 1]",
                    v[i]
                )));
            }
        }
        Ok(())
    }
}
