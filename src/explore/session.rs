//! One exploring session: a live simulation, the scenario that reproduces
//! it, the changes the user made, and the messages the page draws from.
//!
//! Reproducibility: a rule changed during a run (κ, the reward, the tie rule,
//! …) is recorded as an event `{ at_tick = next tick, set = { key = value } }`
//! and reaches the simulation through the ordinary event mechanism
//! ([`crate::engine::Simulation::set_events`], compiled like the scenario's own events). The scenario
//! saved ([`Session::scenario_toml`]) is the run's starting scenario with
//! those events and `ticks` set to the tick reached, so `sesame run` of it
//! replays exactly what was seen. A key that shapes the society itself
//! (population size, network, seed) cannot change during a run: it is kept
//! for the next run and applied on Reset. Every change passes the same
//! validation as a scenario file, and a refused one changes nothing.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value as Json};
use toml::Value;

use super::controls;
use super::sample::{Sample, MAX_DRAWN};
use crate::engine::Simulation;
use crate::error::{Error, Result};
use crate::observe::{self, Observation};
use crate::scenario::model::Event;
use crate::scenario::{self, KeyPath, Problem, Scenario, ScenarioError, ScenarioFile};

/// Most ticks of chart values kept for a page that connects later.
pub const HISTORY_MAX: usize = 20_000;

/// When an accepted change takes effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applies {
    /// At the start of this tick, as an event of the running scenario.
    AtTick(u32),
    /// In the society built on the next Reset.
    OnReset,
}

/// An accepted change, as the server answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// The key, as given.
    pub key: String,
    /// The value, as TOML.
    pub value: Value,
    pub applies: Applies,
}

impl Accepted {
    /// What the page shows: `score.friend_weight = 0.4 from tick 13`.
    pub fn message(&self) -> String {
        let value = render(&self.value);
        match self.applies {
            Applies::AtTick(t) => format!("{} = {value} from tick {t}", self.key),
            Applies::OnReset => format!(
                "{} = {value} needs a new society: it applies when you press Reset",
                self.key
            ),
        }
    }
}

/// A value as written in a scenario file.
fn render(value: &Value) -> String {
    let mut t = toml::Table::new();
    t.insert("v".into(), value.clone());
    let text = toml::to_string(&t).unwrap_or_default();
    text.trim()
        .strip_prefix("v = ")
        .unwrap_or(text.trim())
        .to_string()
}

/// The run under way: its simulation and everything recorded since tick 0.
struct Live {
    /// The scenario the run started from (tick 0), the scenario's own events included.
    base: ScenarioFile,
    /// The changes made during the run, as events, in the order made (at
    /// most one per tick: changes made before the same tick are merged).
    explored: Vec<Event>,
    sim: Simulation,
    /// Columns of metrics.csv.
    columns: Vec<String>,
    /// The observations `sesame run` would record: tick 0 and every
    /// `output.metrics_every` ticks.
    records: Vec<Observation>,
    /// The observation of the current tick, with the flows since the last record.
    current: Observation,
    sample: Sample,
    /// Tier of each drawn citizen, as last sent.
    sample_tiers: Vec<u8>,
    /// Whether each drawn citizen had no friend, as last sent.
    sample_isolated: Vec<bool>,
    /// The chart values of the ticks so far, as sent, for a page that
    /// connects later: every tick up to [`HISTORY_MAX`], thinned to every
    /// other one each time that is reached (a long run at full speed must
    /// not fill the memory, and a screen cannot show more anyway).
    history: Vec<Json>,
    /// Ticks at which events changed parameters, and the keys they changed.
    markers: Vec<Json>,
    /// Notes on the scenario (events after the last tick, group names).
    warnings: Vec<String>,
}

/// An exploring session: the run under way and the scenario the next Reset starts from.
pub struct Session {
    /// Where the scenario came from (messages, relative edge-list paths).
    source: PathBuf,
    /// What the next Reset starts from: the base with every change made so far.
    next: ScenarioFile,
    /// Changes that wait for Reset, as `key = value` texts, in the order made.
    waiting: Vec<(String, String)>,
    /// Runs started in this session (1 for the first).
    runs: u64,
    live: Live,
    /// Control values as last sent to the page.
    sent_values: Map<String, Json>,
}

impl Session {
    /// Builds the society of `scenario` and observes tick 0.
    pub fn new(scenario: &Scenario) -> Result<Session> {
        let live = Live::start(&scenario.file, &scenario.source)?;
        let next = live.base.clone();
        let sent_values = controls::values(&live.sim.params, &next);
        Ok(Session {
            source: scenario.source.clone(),
            next,
            waiting: Vec::new(),
            runs: 1,
            live,
            sent_values,
        })
    }

    /// The last completed tick.
    pub fn tick(&self) -> u32 {
        self.live.sim.tick
    }

    /// The number of citizens of the run under way.
    pub fn citizens(&self) -> usize {
        self.live.sim.society.len()
    }

    /// The ticks the scenario asks for (`ticks`), where Play pauses once.
    pub fn planned_ticks(&self) -> u32 {
        self.live.base.ticks
    }

    /// Runs started in this session, the one under way included.
    pub fn run_number(&self) -> u64 {
        self.runs
    }

    /// The value of every control: the rules in force, the society of the next Reset.
    pub fn values(&self) -> Map<String, Json> {
        controls::values(&self.live.sim.params, &self.next)
    }

    /// The running simulation.
    pub fn simulation(&self) -> &Simulation {
        &self.live.sim
    }

    /// Runs one tick and returns the message for the page.
    pub fn step(&mut self) -> Result<String> {
        let live = &mut self.live;
        let tick = live.sim.tick + 1;
        let fired: Vec<String> = live
            .sim
            .events()
            .iter()
            .filter(|e| e.at_tick == tick)
            .flat_map(|e| e.set.iter().map(|(k, v)| format!("{k} = {}", render(v))))
            .collect();
        let edits = crate::run::on_worker(|| live.sim.step())?;
        let every = live.base.output.metrics_every.max(1);
        live.current = if tick % every == 0 {
            let flows = live.sim.take_flows();
            let o = crate::run::on_worker(|| observe::observe(&live.sim, &flows));
            live.records.push(o.clone());
            o
        } else {
            crate::run::on_worker(|| observe::observe(&live.sim, &live.sim.flows))
        };
        let view = live.view();
        live.remember(view.clone());
        let mut message = json!({
            "type": "tick",
            "run": self.runs,
            "tick": tick,
            "view": view,
            "net": live.net_changes(&edits),
        });
        if !fired.is_empty() {
            let marker = json!({ "tick": tick, "set": fired });
            live.markers.push(marker.clone());
            message["marker"] = marker;
        }
        let values = controls::values(&self.live.sim.params, &self.next);
        if values != self.sent_values {
            message["values"] = Json::Object(values.clone());
            self.sent_values = values;
        }
        Ok(message.to_string())
    }

    /// Sets `key` to `value` (text as after `--set KEY=`): at the next tick
    /// if an event may change the key, else on Reset. Refused, changing
    /// nothing, with the validator's message if the key is unknown, the
    /// value of the wrong type or out of range, or the change breaks a rule
    /// between keys: each problem one line of the error, reading
    /// `KEY = VALUE: what is allowed`.
    pub fn set(
        &mut self,
        key: &str,
        value_text: &str,
    ) -> std::result::Result<Accepted, ScenarioError> {
        let key = key.trim();
        let path = KeyPath::parse(key).map_err(|e| ScenarioError::new(format!("{key}: {e}")))?;
        let value = scenario::parse_value_for(key, value_text);
        let shown = format!("{key} = {}", render(&value));
        // The next society takes every change, so Reset keeps what was set.
        let mut next = self.next.clone();
        scenario::set_key(&mut next, key, &value).map_err(|e| {
            let e = e.to_string();
            let why = e.strip_prefix(&format!("{key}: ")).unwrap_or(&e);
            ScenarioError::new(format!("{shown}: {why}"))
        })?;
        let applies = if scenario::changeable(&path) {
            let at = self.tick() + 1;
            let mut explored = self.live.explored.clone();
            match explored.last_mut() {
                Some(e) if e.at_tick == at => {
                    e.set.insert(key.to_string(), value.clone());
                }
                _ => explored.push(Event {
                    at_tick: at,
                    set: toml::Table::from_iter([(key.to_string(), value.clone())]),
                }),
            }
            let mut running = self.live.base.clone();
            let first = running.events.len();
            running.events.extend(explored.iter().cloned());
            running.ticks = running.ticks.max(at);
            let ours = format!("events[{}].set.", first + explored.len() - 1);
            problems(&running, key, &shown, &ours)?;
            problems(&next, key, &shown, "")?;
            self.live
                .sim
                .set_events(running.events)
                .map_err(|e| ScenarioError::new(format!("{shown}: {e}")))?;
            self.live.explored = explored;
            Applies::AtTick(at)
        } else {
            problems(&next, key, &shown, "")?;
            self.waiting.retain(|(k, _)| k != key);
            self.waiting.push((key.to_string(), render(&value)));
            Applies::OnReset
        };
        self.next = next;
        Ok(Accepted {
            key: key.to_string(),
            value,
            applies,
        })
    }

    /// Starts a new run from tick 0 with every change made so far: the
    /// rules as they are now, and the society changes that waited. On
    /// failure (a network the generator cannot build) the run under way goes on.
    pub fn reset(&mut self) -> Result<()> {
        let live = Live::start(&self.next, &self.source)?;
        self.next = live.base.clone();
        self.live = live;
        self.waiting.clear();
        self.runs += 1;
        self.sent_values = controls::values(&self.live.sim.params, &self.next);
        Ok(())
    }

    /// The changes waiting for Reset, as `key = value`.
    pub fn waiting(&self) -> Vec<String> {
        self.waiting
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect()
    }

    /// The scenario that replays this run with `sesame run`: the run's
    /// starting scenario, the changes made up to the current tick as events,
    /// and `ticks` the tick reached (the scenario's own `ticks` before the
    /// first tick). Events that would come after the last tick are left out.
    pub fn scenario_file(&self) -> ScenarioFile {
        let live = &self.live;
        let mut file = live.base.clone();
        file.events.extend(live.explored.iter().cloned());
        if self.tick() >= 1 {
            file.ticks = self.tick();
        }
        let last = file.ticks;
        file.events.retain(|e| e.at_tick <= last);
        file
    }

    /// [`Session::scenario_file`] as TOML, with a header saying how it was made.
    pub fn scenario_toml(&self) -> String {
        let file = self.scenario_file();
        let changes: usize = self
            .live
            .explored
            .iter()
            .filter(|e| e.at_tick <= file.ticks)
            .count();
        let made = match changes {
            0 => "No change was made during the run.".to_string(),
            1 => "The change made during the run is the last of the events below.".to_string(),
            n => format!("The {n} changes made during the run are the last {n} events below."),
        };
        let mut out = format!(
            "# Explored live with `sesame explore` ({} citizens) and saved at tick {}.\n\
             # {made}\n\
             # `sesame run` of this file replays what was seen, from the same seed.\n",
            self.citizens(),
            self.tick(),
        );
        out.push_str(&scenario::to_toml(&file));
        out
    }

    /// metrics.csv of the run so far, as `sesame run` of
    /// [`Session::scenario_file`] writes it.
    pub fn metrics_csv(&self) -> Result<String> {
        let live = &self.live;
        let mut rows = live.records.clone();
        if rows.last().map(|o| o.tick) != Some(live.current.tick) {
            rows.push(live.current.clone());
        }
        let mut out = Vec::new();
        crate::output::csv_files::write_metrics(&mut out, &live.columns, &rows)
            .map_err(|e| Error::other(format!("metrics.csv: {e}")))?;
        String::from_utf8(out).map_err(|e| Error::other(e.to_string()))
    }

    /// Everything a page needs to draw the run from tick 0: the scenario,
    /// tiers and groups with their colours, the controls and their values,
    /// the chart values of every tick so far, and the drawn network now.
    pub fn hello(&self) -> Json {
        let live = &self.live;
        let p = &live.sim.params;
        let tiers: Vec<Json> = p
            .tiers
            .names()
            .enumerate()
            .map(|(i, name)| {
                json!({ "name": name, "colour": hex(crate::charts::style::tier_colour(i, p.tiers.len())) })
            })
            .collect();
        let groups: Vec<Json> = p
            .population
            .groups
            .iter()
            .enumerate()
            .map(|(i, (name, g))| {
                let dissident = g.dissent.mean() >= crate::charts::DISSIDENT_MEAN;
                json!({
                    "name": name,
                    "dissident": dissident,
                    "colour": hex(crate::charts::style::group_colour(i, dissident)),
                })
            })
            .collect();
        let s = &live.sim.society;
        let nodes = &live.sample.citizens;
        json!({
            "type": "hello",
            "run": self.runs,
            "tick": self.tick(),
            "scenario": {
                "name": live.base.name,
                "description": live.base.description,
                "source": self.source.display().to_string(),
                "ticks": live.base.ticks,
                "citizens": s.len(),
                "score_min": p.score.min,
                "score_max": p.score.max,
            },
            "tiers": tiers,
            "groups": groups,
            "controls": controls::spec(),
            "values": controls::values(p, &self.next),
            "waiting": self.waiting(),
            "warnings": live.warnings,
            "history": live.history,
            "markers": live.markers,
            "net": {
                "citizens": s.len(),
                "group": nodes.iter().map(|&c| s.group[c as usize]).collect::<Vec<_>>(),
                "tier": live.sample_tiers,
                "isolated": live.sample_isolated.iter().map(|&b| b as u8).collect::<Vec<_>>(),
                "ties": live.sample.ties(&live.sim.graph),
            },
        })
    }
}

/// The validator's problems with `file`, as one message. A problem with
/// `key` itself (in the event of this change, whose keys start with `ours`,
/// or in the scenario) reads `KEY = VALUE: what is allowed`; any other
/// problem the change causes names its own key after that.
fn problems(
    file: &ScenarioFile,
    key: &str,
    shown: &str,
    ours: &str,
) -> std::result::Result<(), ScenarioError> {
    let found = scenario::validate(file);
    if found.is_empty() {
        return Ok(());
    }
    let problems = found
        .iter()
        .map(|p| {
            let key_of = p.key.as_deref().unwrap_or_default();
            let at = key_of.strip_prefix(ours).unwrap_or(key_of);
            Problem::new(if at == key || at == format!("\"{key}\"") {
                format!("{shown}: {}", p.message)
            } else {
                format!("{shown}: {p}")
            })
        })
        .collect();
    Err(ScenarioError { problems })
}

/// `#rrggbb`.
fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

impl Live {
    /// Builds the network and society of `file` and observes tick 0, as
    /// `sesame run` does.
    fn start(file: &ScenarioFile, source: &Path) -> Result<Live> {
        let scenario = Scenario {
            file: file.clone(),
            source: source.to_path_buf(),
        };
        let network = crate::network::build(&scenario)?;
        let mut base = file.clone();
        base.population.size = Some(network.graph.citizens() as u64);
        let mut warnings: Vec<String> = network.warning.into_iter().collect();
        warnings.extend(scenario::warnings(&base));
        let mut sim = Simulation::start(base.clone(), network.graph, network.labels)?;
        sim.track_triangles();
        let columns = observe::metric_columns(&sim.params);
        let flows = sim.take_flows();
        let current = crate::run::on_worker(|| observe::observe(&sim, &flows));
        let sample = Sample::choose(&sim.graph, MAX_DRAWN);
        let sample_tiers = sample
            .citizens
            .iter()
            .map(|&c| sim.society.tier[c as usize])
            .collect();
        let sample_isolated = sample
            .citizens
            .iter()
            .map(|&c| sim.graph.degree(c as usize) == 0)
            .collect();
        let mut live = Live {
            base,
            explored: Vec::new(),
            sim,
            columns,
            records: vec![current.clone()],
            current,
            sample,
            sample_tiers,
            sample_isolated,
            history: Vec::new(),
            markers: Vec::new(),
            warnings,
        };
        let view = live.view();
        live.history.push(view);
        Ok(live)
    }

    /// Keeps a tick's chart values, thinning the history to every other
    /// tick (tick 0 and the newest always kept) when it reaches [`HISTORY_MAX`].
    fn remember(&mut self, view: Json) {
        if self.history.len() >= HISTORY_MAX {
            let mut k = 0;
            self.history.retain(|_| {
                k += 1;
                k % 2 == 1
            });
        }
        self.history.push(view);
    }

    /// The value of metrics.csv column `name` at the current tick.
    fn metric(&self, name: &str) -> f64 {
        self.columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| self.current.metrics.get(i).copied())
            .unwrap_or(f64::NAN)
    }

    /// The chart values of the current tick (single precision is plenty on a screen).
    fn view(&self) -> Json {
        let m = |name: &str| json!(self.metric(name) as f32);
        let o = &self.current;
        json!({
            "tick": o.tick,
            "score": [m("score_p10"), m("score_median"), m("score_p90"), m("score_mean")],
            "tiers": o.tiers.iter().map(|t| t.share as f32).collect::<Vec<_>>(),
            "isolated": o.groups.iter().map(|g| g.isolated_share as f32).collect::<Vec<_>>(),
            "lost_half": o.groups.iter().map(|g| g.lost_half_share as f32).collect::<Vec<_>>(),
            "isolated_all": m("isolated_share"),
            "lost_half_all": m("lost_half_share"),
            "transitivity": m("transitivity"),
            "score_assortativity": m("score_assortativity"),
            "degree_assortativity": m("degree_assortativity"),
            "ties": m("ties"),
            "degree_mean": m("degree_mean"),
            "sanctions": m("sanctions"),
        })
    }

    /// What changed in the drawn network this tick: tiers, isolation, and
    /// ties cut and formed between drawn citizens (positions in the sample).
    fn net_changes(&mut self, edits: &crate::rules::ties::TieEdits) -> Json {
        let s = &self.sim.society;
        let mut tier = Vec::new();
        let mut isolated = Vec::new();
        for (k, &c) in self.sample.citizens.iter().enumerate() {
            let t = s.tier[c as usize];
            if t != self.sample_tiers[k] {
                self.sample_tiers[k] = t;
                tier.push([k as u32, t as u32]);
            }
            let alone = self.sim.graph.degree(c as usize) == 0;
            if alone != self.sample_isolated[k] {
                self.sample_isolated[k] = alone;
                isolated.push([k as u32, alone as u32]);
            }
        }
        json!({
            "tier": tier,
            "isolated": isolated,
            "cut": self.sample.changes(&edits.cuts),
            "formed": self.sample.changes(&edits.forms),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Scenario {
        scenario::load_str(
            "name = \"small\"\nseed = 7\nticks = 20\n[population]\nsize = 300\n\
             [network]\nkind = \"watts_strogatz\"\nk = 6\nrewire = 0.1\n[ties]\ncut_rate = 0.3\n",
            Path::new("small.toml"),
            &scenario::Overrides::default(),
        )
        .unwrap()
    }

    #[test]
    fn a_rule_changed_mid_run_is_an_event_at_the_next_tick() {
        let mut s = Session::new(&small()).unwrap();
        s.step().unwrap();
        s.step().unwrap();
        let a = s.set("score.friend_weight", "0.4").unwrap();
        assert_eq!(a.applies, Applies::AtTick(3));
        assert_eq!(a.message(), "score.friend_weight = 0.4 from tick 3");
        // A second change before the same tick joins the same event.
        s.set("reporting.reward", "25").unwrap();
        assert_eq!(
            s.simulation().params.score.friend_weight,
            0.2,
            "not before tick 3"
        );
        s.step().unwrap();
        assert_eq!(s.simulation().params.score.friend_weight, 0.4);
        assert_eq!(s.simulation().params.reporting.reward, 25.0);
        let file = s.scenario_file();
        assert_eq!(file.ticks, 3);
        assert_eq!(file.events.len(), 1);
        assert_eq!(file.events[0].at_tick, 3);
        assert_eq!(file.events[0].set.len(), 2);
        assert_eq!(file.score.friend_weight, 0.2, "the start is unchanged");
        assert!(s
            .scenario_toml()
            .contains("# The change made during the run is the last of the events below.\n"));
    }

    #[test]
    fn bad_input_is_refused_with_the_validators_message_and_changes_nothing() {
        let mut s = Session::new(&small()).unwrap();
        let e = s.set("score.friend_weight", "1.5").unwrap_err().to_string();
        assert_eq!(e, "score.friend_weight = 1.5: must be in [0, 1)");
        let e = s.set("score.friend_wieght", "0.3").unwrap_err().to_string();
        assert!(e.starts_with("score.friend_wieght = 0.3: "), "{e}");
        assert!(e.contains("friend_weight"), "lists the keys allowed: {e}");
        let e = s.set("ties.rule", "random").unwrap_err().to_string();
        assert!(e.contains("utility") && e.contains("threshold"), "{e}");
        let e = s.set("population.size", "0").unwrap_err().to_string();
        assert!(e.starts_with("population.size = 0: "), "{e}");
        let e = s.set("a..b", "1").unwrap_err().to_string();
        assert!(e.starts_with("a..b: "), "{e}");
        assert!(s.scenario_file().events.is_empty());
        assert!(s.waiting().is_empty());
        s.step().unwrap();
        assert_eq!(s.simulation().params.score.friend_weight, 0.2);
    }

    #[test]
    fn a_society_change_waits_for_reset_and_reset_keeps_the_rules_as_set() {
        let mut s = Session::new(&small()).unwrap();
        s.step().unwrap();
        let a = s.set("population.size", "500").unwrap();
        assert_eq!(a.applies, Applies::OnReset);
        assert!(a.message().contains("Reset"), "{}", a.message());
        s.set("score.friend_weight", "0.5").unwrap();
        assert_eq!(s.waiting(), vec!["population.size = 500"]);
        assert_eq!(s.citizens(), 300);
        s.step().unwrap();
        s.reset().unwrap();
        assert_eq!(s.tick(), 0);
        assert_eq!(s.citizens(), 500);
        assert!(s.waiting().is_empty());
        let file = s.scenario_file();
        assert_eq!(file.score.friend_weight, 0.5);
        assert!(
            file.events.is_empty(),
            "the last run's changes are its start now"
        );
    }

    #[test]
    fn a_new_network_kind_takes_its_own_parameters() {
        let mut s = Session::new(&small()).unwrap();
        s.set("network", "{ kind = \"erdos_renyi\", mean_degree = 4.0 }")
            .unwrap();
        s.reset().unwrap();
        assert_eq!(
            s.scenario_file().network,
            scenario::model::Network::ErdosRenyi { mean_degree: 4.0 }
        );
        let e = s.set("network.k", "4").unwrap_err().to_string();
        assert!(e.contains("erdos_renyi"), "{e}");
    }

    #[test]
    fn the_saved_scenario_loads_and_replays_the_run() {
        let mut s = Session::new(&small()).unwrap();
        for _ in 0..4 {
            s.step().unwrap();
        }
        s.set("ties.rule", "threshold").unwrap();
        s.set("score.friend_weight", "0.45").unwrap();
        for _ in 0..5 {
            s.step().unwrap();
        }
        let text = s.scenario_toml();
        let loaded = scenario::load_str(
            &text,
            Path::new("saved.toml"),
            &scenario::Overrides::default(),
        )
        .unwrap();
        assert_eq!(loaded.file, s.scenario_file());
        let run =
            crate::run::simulate(&loaded, &crate::run::StopFlag::default(), |_, _| Ok(())).unwrap();
        let mut csv = Vec::new();
        crate::output::csv_files::write_metrics(&mut csv, &run.columns, &run.observations).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), s.metrics_csv().unwrap());
        assert_eq!(
            run.sim.graph.neighbours(),
            s.simulation().graph.neighbours()
        );
    }

    #[test]
    fn records_follow_metrics_every_as_a_run_does() {
        let mut sc = small();
        sc.file.output.metrics_every = 3;
        let mut s = Session::new(&sc).unwrap();
        for _ in 0..7 {
            s.step().unwrap();
        }
        let loaded = scenario::load_str(
            &s.scenario_toml(),
            Path::new("saved.toml"),
            &scenario::Overrides::default(),
        )
        .unwrap();
        let run =
            crate::run::simulate(&loaded, &crate::run::StopFlag::default(), |_, _| Ok(())).unwrap();
        let ticks: Vec<u32> = run.observations.iter().map(|o| o.tick).collect();
        assert_eq!(ticks, vec![0, 3, 6, 7]);
        let mut csv = Vec::new();
        crate::output::csv_files::write_metrics(&mut csv, &run.columns, &run.observations).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), s.metrics_csv().unwrap());
    }

    #[test]
    fn the_history_is_thinned_to_every_other_tick_when_full() {
        let mut s = Session::new(&small()).unwrap();
        let live = &mut s.live;
        live.history.clear();
        for t in 0..HISTORY_MAX + 3 {
            live.remember(json!({ "tick": t }));
        }
        let ticks: Vec<u64> = live
            .history
            .iter()
            .map(|v| v["tick"].as_u64().unwrap())
            .collect();
        assert_eq!(ticks.len(), HISTORY_MAX / 2 + 3);
        assert_eq!(&ticks[..3], &[0, 2, 4]);
        assert_eq!(
            &ticks[ticks.len() - 4..],
            &[
                HISTORY_MAX as u64 - 2,
                HISTORY_MAX as u64,
                HISTORY_MAX as u64 + 1,
                HISTORY_MAX as u64 + 2
            ]
        );
    }

    #[test]
    fn tick_messages_carry_the_views_and_the_drawn_networks_changes() {
        let mut s = Session::new(&small()).unwrap();
        let hello = s.hello();
        assert_eq!(hello["net"]["group"].as_array().unwrap().len(), 300);
        assert_eq!(hello["net"]["ties"].as_array().unwrap().len(), 900);
        assert_eq!(hello["tiers"].as_array().unwrap().len(), 5);
        let mut cuts = 0;
        for t in 1..=5 {
            let m: Json = serde_json::from_str(&s.step().unwrap()).unwrap();
            assert_eq!(m["tick"], json!(t));
            assert_eq!(m["view"]["tick"], json!(t));
            cuts += m["net"]["cut"].as_array().unwrap().len();
        }
        assert!(cuts > 0, "a cut rate of 0.3 cuts ties in five ticks");
        let ties = s.hello()["net"]["ties"].as_array().unwrap().len();
        assert_eq!(ties, s.simulation().graph.ties());
        assert_eq!(s.hello()["history"].as_array().unwrap().len(), 6);
    }
}
