//! The parameters a simulation runs on: a validated scenario's values with
//! what the rules need built once (distributions, tier thresholds and
//! spending, perk rules), and the events compiled into the parameter sets
//! they put in force.
//!
//! Why a separate type: a rule never builds a distribution, parses a key or
//! unwraps a value "validated elsewhere" in the middle of a run. Everything
//! that can fail is done here, once, when the simulation starts (and the
//! scenario was validated when it was loaded), and a problem is an error
//! before the first tick, not a panic at tick 150.

use std::ops::Deref;

use rand_distr::{Beta, LogNormal, Normal};

use crate::error::{Error, Result};
use crate::scenario::{self, ScenarioFile};

/// The Beta distributions of one group's traits.
#[derive(Debug, Clone)]
pub struct GroupLaws {
    pub punctuality: Beta<f64>,
    pub dissent: Beta<f64>,
    pub patriotism: Beta<f64>,
    pub vigilance: Beta<f64>,
    pub fear: Beta<f64>,
}

/// Who holds a perk: a citizen whose score reaches the perk's `min_score`,
/// or any member of a tier that grants it.
#[derive(Debug, Clone)]
pub struct PerkRule {
    min_score: f64,
    /// Whether each tier (by index) grants the perk.
    granted_by_tier: Vec<bool>,
}

impl PerkRule {
    /// Whether a citizen with `score` in tier `tier` holds the perk.
    #[inline]
    pub fn held(&self, tier: u8, score: f64) -> bool {
        score >= self.min_score || self.granted_by_tier[tier as usize]
    }
}

/// The parameters in force: the scenario's values (read through [`Deref`]:
/// `params.ties.cut_rate`) and what the rules need built from them.
#[derive(Debug, Clone)]
pub struct Params {
    values: ScenarioFile,
    /// LogNormal(amount_mu, amount_sigma): the amount of one purchase.
    pub purchase_amount: LogNormal<f64>,
    /// Each group's trait distributions, in group order.
    pub group_laws: Vec<GroupLaws>,
    /// Normal(initial_mean, initial_sd): a citizen's record at tick 0, before clamping.
    pub initial_record: Normal<f64>,
    /// Each tier's lowest score, in increasing order.
    pub tier_thresholds: Vec<f64>,
    /// Each tier's spending multiplier.
    pub tier_spending: Vec<f64>,
    /// Each perk's rule, in the scenario's perk order.
    pub perk_rules: Vec<PerkRule>,
}

impl Deref for Params {
    type Target = ScenarioFile;

    /// The scenario values these parameters were built from. Why: the
    /// rules read plain values (`p.ties.cut_rate`) as the scenario names
    /// them; only what needs building lives beside them.
    fn deref(&self) -> &ScenarioFile {
        &self.values
    }
}

/// A parameter that cannot be built: a scenario that skipped validation.
fn invalid(what: &str, e: impl std::fmt::Display) -> Error {
    Error::input(format!("{what}: {e}"))
}

impl Params {
    /// Builds the parameters of `values`, which validation has checked (a
    /// scenario from [`scenario::load`]); the errors are for one that was not.
    pub fn new(values: ScenarioFile) -> Result<Params> {
        let b = &values.behaviour;
        let purchase_amount = LogNormal::new(b.amount_mu, b.amount_sigma)
            .map_err(|e| invalid("behaviour.amount_sigma", e))?;
        let group_laws = values
            .population
            .groups
            .iter()
            .map(|(name, g)| {
                let law = |trait_name: &str, d: scenario::model::Beta| {
                    Beta::new(d.alpha, d.beta)
                        .map_err(|e| invalid(&format!("population.groups.{name}.{trait_name}"), e))
                };
                Ok(GroupLaws {
                    punctuality: law("punctuality", g.punctuality)?,
                    dissent: law("dissent", g.dissent)?,
                    patriotism: law("patriotism", g.patriotism)?,
                    vigilance: law("vigilance", g.vigilance)?,
                    fear: law("fear", g.fear)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let s = &values.score;
        let initial_record = Normal::new(s.initial_mean, s.initial_sd)
            .map_err(|e| invalid("score.initial_sd", e))?;
        let tier_thresholds: Vec<f64> = values.tiers.iter().map(|(_, t)| t.min_score).collect();
        if tier_thresholds.is_empty() || tier_thresholds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(invalid(
                "tiers",
                "at least one tier, in increasing min_score",
            ));
        }
        let tier_spending = values
            .tiers
            .iter()
            .map(|(_, t)| t.spending_multiplier)
            .collect();
        let perk_rules = values
            .perks
            .iter()
            .map(|(name, perk)| PerkRule {
                min_score: perk.min_score,
                granted_by_tier: values
                    .tiers
                    .iter()
                    .map(|(_, tier)| tier.perks.iter().any(|q| q == name))
                    .collect(),
            })
            .collect();
        Ok(Params {
            values,
            purchase_amount,
            group_laws,
            initial_record,
            tier_thresholds,
            tier_spending,
            perk_rules,
        })
    }

    /// The scenario values these parameters were built from.
    pub fn values(&self) -> &ScenarioFile {
        &self.values
    }
}

/// The events of a scenario compiled into the parameters they put in
/// force: for each tick with events, the parameters from that tick on
/// (every earlier event applied too, events of one tick in file order).
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// (tick, parameters from that tick), in increasing tick order.
    due: Vec<(u32, Params)>,
}

impl Schedule {
    /// Compiles the events of `start` (the parameters at tick 0).
    pub fn compile(start: &ScenarioFile) -> Result<Schedule> {
        let mut ticks: Vec<u32> = start.events.iter().map(|e| e.at_tick).collect();
        ticks.sort_unstable();
        ticks.dedup();
        let mut values = start.clone();
        let mut due = Vec::with_capacity(ticks.len());
        for tick in ticks {
            for event in start.events.iter().filter(|e| e.at_tick == tick) {
                for (key, value) in &event.set {
                    scenario::set_key(&mut values, key, value)
                        .map_err(|e| invalid(&format!("event at tick {tick}: {key}"), e))?;
                }
            }
            due.push((tick, Params::new(values.clone())?));
        }
        Ok(Schedule { due })
    }

    /// The parameters that take effect at the start of `tick`, if events
    /// are due then.
    pub fn at(&self, tick: u32) -> Option<&Params> {
        self.due
            .binary_search_by_key(&tick, |(t, _)| *t)
            .ok()
            .map(|k| &self.due[k].1)
    }

    /// Number of ticks at which events are due.
    pub fn len(&self) -> usize {
        self.due.len()
    }

    /// Whether no event is due at all.
    pub fn is_empty(&self) -> bool {
        self.due.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Event;

    fn event(at_tick: u32, key: &str, value: f64) -> Event {
        Event {
            at_tick,
            set: [(key.to_string(), toml::Value::Float(value))]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn events_compile_to_the_parameters_in_force_from_their_tick() {
        let start = ScenarioFile {
            events: vec![
                event(50, "score.friend_weight", 0.3),
                event(10, "reporting.reward", 20.0),
                event(50, "score.friend_weight", 0.4),
            ],
            ..ScenarioFile::default()
        };
        let schedule = Schedule::compile(&start).unwrap();
        assert_eq!(schedule.len(), 2);
        assert!(schedule.at(9).is_none() && schedule.at(11).is_none());
        let at10 = schedule.at(10).unwrap();
        assert_eq!(at10.reporting.reward, 20.0);
        assert_eq!(at10.score.friend_weight, 0.2);
        // Cumulative, and in file order within a tick: the later 0.4 wins.
        let at50 = schedule.at(50).unwrap();
        assert_eq!(at50.reporting.reward, 20.0);
        assert_eq!(at50.score.friend_weight, 0.4);
    }

    #[test]
    fn a_scenario_that_skipped_validation_is_an_error_not_a_panic() {
        let mut bad = ScenarioFile::default();
        bad.behaviour.amount_sigma = f64::NAN;
        let e = Params::new(bad).unwrap_err().to_string();
        assert!(e.contains("behaviour.amount_sigma"), "{e}");
        let mut bad = ScenarioFile::default();
        bad.score.initial_sd = f64::NAN;
        assert!(Params::new(bad).is_err());
        let start = ScenarioFile {
            events: vec![event(3, "ties.no_such_key", 1.0)],
            ..ScenarioFile::default()
        };
        let e = Schedule::compile(&start).unwrap_err().to_string();
        assert!(e.contains("event at tick 3"), "{e}");
    }
}
