//! The keys the page offers as sliders and selects: the ones a researcher
//! varies. Their allowed values, choices and whether they change the running
//! society or need a new one all come from the scenario schema
//! ([`crate::scenario::schema`]) and [`crate::scenario::changeable`], so the
//! page can never offer what a scenario file would refuse. The slider ranges
//! here are only the comfortable span of each slider; the number box beside
//! it takes any value, and the scenario validator has the last word.

use serde_json::{json, Map, Value as Json};
use toml::Value;

use crate::scenario::key_path::{KeyPath, Segment};
use crate::scenario::schema::{node_at, to_table, Leaf, Node};
use crate::scenario::{changeable, ScenarioFile};

/// How a key is set on the page.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// A slider over `[min, max]` in steps of `step`, with a number box.
    Slider { min: f64, max: f64, step: f64 },
    /// A select over the key's choices in the schema.
    Choice,
    /// A slider over these population sizes, with a number box.
    Sizes(&'static [u64]),
    /// A number box for an integer.
    Integer,
}

/// One control of the page.
#[derive(Debug, Clone, Copy)]
pub struct Control {
    /// The dotted scenario key.
    pub key: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// What the key does, as a tooltip.
    pub help: &'static str,
    pub input: Input,
    /// For a network parameter: the network kind it belongs to.
    pub network: Option<&'static str>,
}

const fn slider(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    (min, max, step): (f64, f64, f64),
) -> Control {
    Control {
        key,
        label,
        help,
        input: Input::Slider { min, max, step },
        network: None,
    }
}

const fn choice(key: &'static str, label: &'static str, help: &'static str) -> Control {
    Control {
        key,
        label,
        help,
        input: Input::Choice,
        network: None,
    }
}

const fn network(
    kind: &'static str,
    key: &'static str,
    label: &'static str,
    range: (f64, f64, f64),
) -> Control {
    let mut c = slider(key, label, "a parameter of the network generator", range);
    c.network = Some(kind);
    c
}

/// Population sizes the size slider stops at.
const SIZES: &[u64] = &[
    100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
    1_000_000,
];

/// The controls, in the order the page shows them: the rules first (they
/// change the running society at the next tick), then the society (a new one
/// is built on Reset).
pub const CONTROLS: &[Control] = &[
    slider(
        "score.friend_weight",
        "friend weight κ",
        "weight of friends in one's score",
        (0.0, 0.95, 0.01),
    ),
    choice(
        "score.spillover",
        "spillover",
        "which quantity of friends feeds the score: their records or their displayed scores",
    ),
    slider(
        "reporting.reward",
        "reporting reward",
        "points paid to the reporter of a confirmed report",
        (0.0, 100.0, 1.0),
    ),
    slider(
        "reporting.surveillance",
        "surveillance",
        "probability that the state detects a critical post by itself",
        (0.0, 1.0, 0.01),
    ),
    slider(
        "reporting.false_rate",
        "false-report rate",
        "multiplies vigilance to give the probability of a false report against one friend",
        (0.0, 0.1, 0.001),
    ),
    choice(
        "ties.rule",
        "tie rule",
        "utility: cut friends who cost one's score; threshold: cut friends below a line",
    ),
    slider(
        "ties.cut_rate",
        "cut rate",
        "how readily citizens reconsider a tie each tick",
        (0.0, 1.0, 0.01),
    ),
    slider(
        "ties.friendship_value",
        "friendship value",
        "what a friendship is worth, in score points, beyond the score",
        (-10.0, 30.0, 0.5),
    ),
    slider(
        "ties.form_rate",
        "form rate",
        "probability of proposing a new tie each tick",
        (0.0, 0.5, 0.01),
    ),
    Control {
        key: "population.size",
        label: "population size",
        help: "number of citizens (a new society on Reset)",
        input: Input::Sizes(SIZES),
        network: None,
    },
    choice(
        "network.kind",
        "network",
        "the generator of the initial friendship network",
    ),
    network(
        "watts_strogatz",
        "network.k",
        "k (ties per citizen)",
        (2.0, 40.0, 2.0),
    ),
    network(
        "watts_strogatz",
        "network.rewire",
        "rewiring",
        (0.0, 1.0, 0.01),
    ),
    network(
        "erdos_renyi",
        "network.mean_degree",
        "mean degree",
        (0.0, 40.0, 0.5),
    ),
    network(
        "barabasi_albert",
        "network.m",
        "m (ties per newcomer)",
        (1.0, 20.0, 1.0),
    ),
    network(
        "stochastic_block",
        "network.communities",
        "communities",
        (1.0, 40.0, 1.0),
    ),
    network(
        "stochastic_block",
        "network.mean_degree_in",
        "mean degree inside",
        (0.0, 40.0, 0.5),
    ),
    network(
        "stochastic_block",
        "network.mean_degree_out",
        "mean degree across",
        (0.0, 20.0, 0.5),
    ),
    Control {
        key: "seed",
        label: "seed",
        help: "seed of every random stream (a new society on Reset)",
        input: Input::Integer,
        network: None,
    },
];

/// Parameters a newly chosen network kind starts from when the scenario has
/// none for it: the defaults of the bundled scenarios' generators.
pub const NETWORK_DEFAULTS: &[(&str, &str)] = &[
    ("watts_strogatz", "{ kind = \"watts_strogatz\", k = 10, rewire = 0.1 }"),
    ("erdos_renyi", "{ kind = \"erdos_renyi\", mean_degree = 10.0 }"),
    ("barabasi_albert", "{ kind = \"barabasi_albert\", m = 5 }"),
    (
        "stochastic_block",
        "{ kind = \"stochastic_block\", communities = 4, mean_degree_in = 8.0, mean_degree_out = 2.0 }",
    ),
];

/// The choices of a key in the schema: a choice leaf's strings, or the network kinds.
fn choices(key: &str) -> Vec<&'static str> {
    if key == "network.kind" {
        return match node_at(&KeyPath::root().key("network")) {
            Some(Node::Tagged { variants, .. }) => variants.iter().map(|(k, _)| *k).collect(),
            _ => Vec::new(),
        };
    }
    match KeyPath::parse(key).ok().as_ref().and_then(node_at) {
        Some(Node::Leaf(Leaf::Choice(options))) => options.to_vec(),
        _ => Vec::new(),
    }
}

/// What the schema allows for a key, in words ("a number in [0, 1)").
fn allowed(key: &str) -> String {
    if key == "network.kind" {
        return format!("one of {}", choices(key).join(", "));
    }
    match KeyPath::parse(key).ok().as_ref().and_then(node_at) {
        Some(Node::Leaf(leaf)) => leaf.describe(),
        _ => String::new(),
    }
}

/// Whether a change of `key` applies at the next tick (an event may change
/// it) rather than to the new society built on Reset.
pub fn applies_next_tick(key: &str) -> bool {
    KeyPath::parse(key).is_ok_and(|p| changeable(&p))
}

/// The controls as the page builds them.
pub fn spec() -> Json {
    let controls: Vec<Json> = CONTROLS
        .iter()
        .map(|c| {
            let mut o = json!({
                "key": c.key,
                "label": c.label,
                "help": c.help,
                "allowed": allowed(c.key),
                "applies": if applies_next_tick(c.key) { "tick" } else { "reset" },
                "network": c.network,
            });
            let input = match c.input {
                Input::Slider { min, max, step } => {
                    json!({ "type": "slider", "min": min, "max": max, "step": step })
                }
                Input::Choice => json!({ "type": "choice", "options": choices(c.key) }),
                Input::Sizes(sizes) => json!({ "type": "sizes", "sizes": sizes }),
                Input::Integer => json!({ "type": "integer" }),
            };
            o["input"] = input;
            o
        })
        .collect();
    let defaults: Map<String, Json> = NETWORK_DEFAULTS
        .iter()
        .map(|(k, v)| (k.to_string(), Json::String(v.to_string())))
        .collect();
    json!({ "controls": controls, "network_defaults": defaults })
}

/// The value of every control key: from `running` (the parameters in force)
/// for keys that change at the next tick, from `next` (what Reset builds)
/// for the others. A network parameter of another kind than the scenario's
/// is left out.
pub fn values(running: &ScenarioFile, next: &ScenarioFile) -> Map<String, Json> {
    let running = Value::Table(to_table(running));
    let next = Value::Table(to_table(next));
    let mut out = Map::new();
    for c in CONTROLS {
        let source = if applies_next_tick(c.key) {
            &running
        } else {
            &next
        };
        if let Some(v) = KeyPath::parse(c.key).ok().and_then(|p| lookup(source, &p)) {
            out.insert(c.key.to_string(), to_json(v));
        }
    }
    out
}

/// The value at `path` in a serialized scenario.
fn lookup<'a>(value: &'a Value, path: &KeyPath) -> Option<&'a Value> {
    let mut here = value;
    for segment in &path.0 {
        here = match segment {
            Segment::Key(k) => here.as_table()?.get(k)?,
            Segment::Index(i) => here.as_array()?.get(*i)?,
        };
    }
    Some(here)
}

/// A TOML value as JSON (dates as their text).
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.clone()),
        Value::Integer(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Boolean(b) => json!(b),
        Value::Datetime(d) => Json::String(d.to_string()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_is_a_key_of_the_schema() {
        for c in CONTROLS {
            let path = KeyPath::parse(c.key).unwrap();
            assert!(
                c.key == "network.kind" || node_at(&path).is_some(),
                "{} is not a scenario key",
                c.key
            );
            if let Input::Choice = c.input {
                assert!(choices(c.key).len() >= 2, "{} has no choices", c.key);
            }
        }
    }

    #[test]
    fn rules_apply_at_the_next_tick_and_the_society_on_reset() {
        for key in [
            "score.friend_weight",
            "reporting.reward",
            "ties.rule",
            "ties.form_rate",
        ] {
            assert!(applies_next_tick(key), "{key}");
        }
        for key in ["population.size", "network.kind", "network.k", "seed"] {
            assert!(!applies_next_tick(key), "{key}");
        }
    }

    #[test]
    fn values_read_the_running_rules_and_the_next_society() {
        let mut running = ScenarioFile::default();
        running.population.size = Some(1_000);
        running.score.friend_weight = 0.4;
        let mut next = running.clone();
        next.score.friend_weight = 0.1;
        next.population.size = Some(5_000);
        let v = values(&running, &next);
        assert_eq!(v["score.friend_weight"], json!(0.4));
        assert_eq!(v["population.size"], json!(5_000));
        assert_eq!(v["network.kind"], json!("watts_strogatz"));
        assert_eq!(v["network.k"], json!(10));
        assert!(!v.contains_key("network.m"));
        assert_eq!(v["ties.rule"], json!("utility"));
    }

    #[test]
    fn the_network_defaults_are_valid_networks() {
        for (kind, text) in NETWORK_DEFAULTS {
            let mut f = ScenarioFile::default();
            f.population.size = Some(1_000);
            crate::scenario::set_key(&mut f, "network", &crate::scenario::parse_value(text))
                .unwrap();
            assert!(crate::scenario::validate(&f).is_empty(), "{kind}");
            assert_eq!(to_table(&f)["network"]["kind"].as_str(), Some(*kind));
        }
    }
}
