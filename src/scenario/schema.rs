//! The schema of a scenario file: every key, its type and the range of
//! values it accepts.
//!
//! The schema is the one table from which three things are derived, so they
//! cannot drift apart: the type check of a file or a `--set` value (unknown
//! keys, wrong types, missing keys, each reported with its path and the keys
//! allowed there) and the range check of [`super::validate`], both in
//! `scenario/checks.rs`, and the dotted keys that `--set`, events and sweeps
//! accept. A test checks it against the serde structs of [`super::model`].
//!
//! # Ranges
//!
//! | keys | allowed |
//! |---|---|
//! | `seed` | integer in [0, 2^63 − 1] (TOML integers are signed 64-bit) |
//! | `ticks` | integer in [1, 10^7] |
//! | `population.size` | integer in [1, 2^32 − 1] (citizens are 32-bit ids), and fitting in memory |
//! | `population.groups.*.share`, `employment.*.share` | [0, 1], summing to 1 (±1e-9) |
//! | `population.groups.*.<trait>.alpha`, `.beta` | > 0 (Beta parameters) |
//! | `employment.*.spending_multiplier`, `tiers.*.spending_multiplier` | [0, 1000] |
//! | `network.mean_degree` (erdos_renyi) | ≥ 0 and ≤ n − 1 (the complete graph) |
//! | `network.k` (watts_strogatz) | even integer ≥ 2 and < n |
//! | `network.rewire` | [0, 1] |
//! | `network.m` (barabasi_albert) | integer ≥ 1 and < n |
//! | `network.communities` (stochastic_block) | integer in [1, n] |
//! | `network.mean_degree_in`, `network.mean_degree_out` | ≥ 0, below the possible number of partners |
//! | `network.path` (file) | an existing file (relative to the scenario file) |
//! | `network.hash` (file) | `fnv1a64:` and 16 hex digits, the fingerprint of the file's bytes |
//! | `behaviour.bills_per_tick` | integer in [0, 1000] |
//! | `behaviour.purchase_rate` | [0, 1000] |
//! | `behaviour.amount_mu` | [−50, 50] (log-amount; e^50 is already absurd) |
//! | `behaviour.amount_sigma` | [0, 10] |
//! | probabilities: `behaviour.post_rate`, `reporting.surveillance`, `reporting.accuracy`, `ties.cut_rate`, `ties.cut_sanctioned`, `ties.form_rate`, `ties.triadic`, `ties.accept`, `adapt.*` | [0, 1] |
//! | multipliers and amounts: `reporting.propensity`, `reporting.false_rate`, `reporting.reward`, `reporting.false_penalty`, `points.*`, `score.initial_sd`, `score.isolation_penalty`, `ties.rationality`, `ties.cut_gap` | ≥ 0 (the formulas of docs/model.md §7 carry the sign) |
//! | `points.amount_reference` | > 0 (it divides) |
//! | score levels: `score.min`, `score.max`, `score.initial_mean`, `score.reversion_target`, `ties.cut_below`, `tiers.*.min_score`, `perks.*.min_score` | [−10^9, 10^9]; min < max; initial_mean and reversion_target in [min, max] |
//! | `score.friend_weight` (κ) | [0, 1) (κ = 1 would ignore one's own record) |
//! | `score.reversion` | [0, 1] |
//! | `ties.friendship_value` | finite |
//! | `ties.max_degree` | integer ≥ 1 |
//! | `output.metrics_every` | integer ≥ 1 |
//! | `output.citizens`, `output.edges` | `"csv"`, `"csv.gz"` or `"none"` |
//! | `events[*].at_tick` | integer ≥ 1 (after `ticks`: a warning, it never fires) |
//!
//! Every number must be finite: `nan` and `inf` are refused everywhere.

use std::sync::OnceLock;

use toml::{Table, Value};

use super::key_path::{KeyPath, Segment};
use super::model::{self, Group, ScenarioFile};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// Any finite number.
    Finite,
    /// `x ≥ a`.
    AtLeast(f64),
    /// `x > a`.
    Above(f64),
    /// `a ≤ x ≤ b`.
    Closed(f64, f64),
    /// `a ≤ x < b`.
    HalfOpen(f64, f64),
}

impl Range {
    /// Whether `x` is allowed.
    pub fn contains(self, x: f64) -> bool {
        x.is_finite()
            && match self {
                Range::Finite => true,
                Range::AtLeast(a) => x >= a,
                Range::Above(a) => x > a,
                Range::Closed(a, b) => a <= x && x <= b,
                Range::HalfOpen(a, b) => a <= x && x < b,
            }
    }

    /// What is allowed, as the end of "must be …".
    pub fn describe(self) -> String {
        match self {
            Range::Finite => "a finite number".into(),
            Range::AtLeast(a) => format!("at least {a}"),
            Range::Above(a) => format!("greater than {a}"),
            Range::Closed(a, b) => format!("in [{a}, {b}]"),
            Range::HalfOpen(a, b) => format!("in [{a}, {b})"),
        }
    }
}

/// The type and allowed values of one key.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// A real number (an integer is accepted too).
    Number(Range),
    /// An integer in `[min, max]`; `limit` is the largest value the field's type holds.
    Integer { min: u64, max: u64, limit: u64 },
    /// `true` or `false`.
    Flag,
    /// Any string.
    Text,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// An array of strings (names of other entries).
    Names,
}

impl Leaf {
    /// What the key accepts, as the end of "must be …".
    pub fn describe(&self) -> String {
        match self {
            Leaf::Number(Range::Finite) => "a finite number".into(),
            Leaf::Number(r) => format!("a number {}", r.describe()),
            Leaf::Integer { min, max, .. } => format!("an integer in [{min}, {max}]"),
            Leaf::Flag => "true or false".into(),
            Leaf::Text => "a string".into(),
            Leaf::Choice(options) => format!("one of {}", choices(options)),
            Leaf::Names => "an array of names (strings)".into(),
        }
    }

    /// Whether `value` has this key's type (ranges are [`Leaf::range_problem`]'s job,
    /// except an integer too large or negative for the field's type).
    pub fn type_problem(&self, value: &Value) -> Option<String> {
        let ok = match (self, value) {
            (Leaf::Number(_), Value::Float(_) | Value::Integer(_)) => true,
            (Leaf::Integer { limit, .. }, Value::Integer(i)) => *i >= 0 && (*i as u64) <= *limit,
            (Leaf::Flag, Value::Boolean(_)) => true,
            (Leaf::Text, Value::String(_)) => true,
            (Leaf::Choice(options), Value::String(s)) => options.contains(&s.as_str()),
            (Leaf::Names, Value::Array(items)) => items.iter().all(Value::is_str),
            _ => false,
        };
        if ok {
            return None;
        }
        let found = match value {
            Value::Integer(_) if matches!(self, Leaf::Integer { .. }) => String::new(),
            Value::String(_) if matches!(self, Leaf::Choice(_)) => String::new(),
            other => format!(" (found {})", article(other.type_str())),
        };
        Some(format!("must be {}{found}", self.describe()))
    }

    /// Whether a value of the right type is in range.
    pub fn range_problem(&self, value: &Value) -> Option<String> {
        match (self, value) {
            (Leaf::Number(range), v) => {
                let x = match v {
                    Value::Float(x) => *x,
                    Value::Integer(i) => *i as f64,
                    _ => return None,
                };
                (!range.contains(x)).then(|| match range {
                    Range::Finite => "must be a finite number".to_string(),
                    r => format!("must be {}", r.describe()),
                })
            }
            (Leaf::Integer { min, max, .. }, Value::Integer(i)) => {
                let ok = *i >= 0 && (*i as u64) >= *min && (*i as u64) <= *max;
                (!ok).then(|| format!("must be an integer in [{min}, {max}]"))
            }
            _ => None,
        }
    }
}

/// `a string`, `an integer`: a TOML type name with its article.
pub(crate) fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "array" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}

/// `"a", "b" or "c"`.
pub fn choices(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("{o:?}")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A key of a table in the schema.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// Whether serde has no default for it.
    pub required: bool,
    pub node: Node,
}

/// The shape of a value in a scenario.
#[derive(Debug)]
pub enum Node {
    Leaf(Leaf),
    /// A table with fixed keys.
    Struct(Vec<Field>),
    /// A table of entries named by the user (groups, tiers, perks), in file order.
    Named {
        entry: Box<Node>,
        /// The values an entry of this name starts from (an entry named like a
        /// default one starts from that default).
        start: fn(&str) -> Table,
    },
    /// A table whose keys depend on its `tag` key (the network's `kind`).
    Tagged {
        tag: &'static str,
        variants: Vec<(&'static str, Vec<Field>)>,
    },
    /// An array of entries (events).
    List(Box<Node>),
    /// A table of dotted keys and values (an event's `set`), checked against the schema later.
    Assignments,
}

impl Node {
    /// The fields of a tagged node's variant `kind`.
    pub fn variant(&self, kind: &str) -> Option<&[Field]> {
        match self {
            Node::Tagged { variants, .. } => variants
                .iter()
                .find(|(name, _)| *name == kind)
                .map(|(_, fields)| fields.as_slice()),
            _ => None,
        }
    }
}

fn field(name: &'static str, node: Node) -> Field {
    Field {
        name,
        required: false,
        node,
    }
}

fn required(name: &'static str, node: Node) -> Field {
    Field {
        name,
        required: true,
        node,
    }
}

fn number(range: Range) -> Node {
    Node::Leaf(Leaf::Number(range))
}

fn probability() -> Node {
    number(Range::Closed(0.0, 1.0))
}

fn non_negative() -> Node {
    number(Range::AtLeast(0.0))
}

/// Score levels: wide enough for any scale, narrow enough that differences stay finite.
fn level() -> Node {
    number(Range::Closed(-1e9, 1e9))
}

fn multiplier() -> Node {
    number(Range::Closed(0.0, 1000.0))
}

fn integer(min: u64, max: u64, limit: u64) -> Node {
    Node::Leaf(Leaf::Integer { min, max, limit })
}

const U32: u64 = u32::MAX as u64;
const I64: u64 = i64::MAX as u64;

/// Largest `ticks`: ten million ticks is already days of computing.
pub const MAX_TICKS: u64 = 10_000_000;

fn flag() -> Node {
    Node::Leaf(Leaf::Flag)
}

fn beta() -> Node {
    Node::Struct(vec![
        required("alpha", number(Range::Above(0.0))),
        required("beta", number(Range::Above(0.0))),
    ])
}

fn table_of<T: serde::Serialize>(value: &T) -> Table {
    Table::try_from(value).unwrap_or_default()
}

fn group_start(name: &str) -> Table {
    let defaults = model::default_groups();
    match defaults.get(name) {
        Some(group) => table_of(group),
        None => table_of(&Group::default()),
    }
}

fn tier_start(name: &str) -> Table {
    model::default_tiers()
        .get(name)
        .map(table_of)
        .unwrap_or_default()
}

fn perk_start(name: &str) -> Table {
    model::default_perks()
        .get(name)
        .map(table_of)
        .unwrap_or_default()
}

/// Network kinds, as written in `network.kind`.
pub const NETWORK_KINDS: &[&str] = &[
    "erdos_renyi",
    "watts_strogatz",
    "barabasi_albert",
    "stochastic_block",
    "file",
];

fn build() -> Node {
    let employment_class = || {
        Node::Struct(vec![
            required("share", probability()),
            required("spending_multiplier", multiplier()),
        ])
    };
    let group = Node::Struct(vec![
        field("share", probability()),
        field("punctuality", beta()),
        field("dissent", beta()),
        field("patriotism", beta()),
        field("vigilance", beta()),
        field("fear", beta()),
    ]);
    let tier = Node::Struct(vec![
        required("min_score", level()),
        field("spending_multiplier", multiplier()),
        field("perks", Node::Leaf(Leaf::Names)),
    ]);
    let perk = Node::Struct(vec![required("min_score", level())]);
    Node::Struct(vec![
        field("name", Node::Leaf(Leaf::Text)),
        field("description", Node::Leaf(Leaf::Text)),
        field("seed", integer(0, I64, I64)),
        field("ticks", integer(1, MAX_TICKS, U32)),
        field(
            "population",
            Node::Struct(vec![
                field("size", integer(1, U32, I64)),
                field(
                    "groups",
                    Node::Named {
                        entry: Box::new(group),
                        start: group_start,
                    },
                ),
            ]),
        ),
        field(
            "employment",
            Node::Struct(
                model::Employment::NAMES
                    .iter()
                    .map(|&name| field(name, employment_class()))
                    .collect(),
            ),
        ),
        field(
            "network",
            Node::Tagged {
                tag: "kind",
                variants: vec![
                    ("erdos_renyi", vec![required("mean_degree", non_negative())]),
                    (
                        "watts_strogatz",
                        vec![
                            required("k", integer(2, U32, U32)),
                            required("rewire", probability()),
                        ],
                    ),
                    ("barabasi_albert", vec![required("m", integer(1, U32, U32))]),
                    (
                        "stochastic_block",
                        vec![
                            required("communities", integer(1, U32, U32)),
                            required("mean_degree_in", non_negative()),
                            required("mean_degree_out", non_negative()),
                        ],
                    ),
                    (
                        "file",
                        vec![
                            required("path", Node::Leaf(Leaf::Text)),
                            field("format", Node::Leaf(Leaf::Choice(&["auto", "csv", "snap"]))),
                            field("hash", Node::Leaf(Leaf::Text)),
                        ],
                    ),
                ],
            },
        ),
        field(
            "behaviour",
            Node::Struct(vec![
                field("enabled", flag()),
                field("bills_per_tick", integer(0, 1000, U32)),
                field("purchase_rate", number(Range::Closed(0.0, 1000.0))),
                field("amount_mu", number(Range::Closed(-50.0, 50.0))),
                field("amount_sigma", number(Range::Closed(0.0, 10.0))),
                field("post_rate", probability()),
            ]),
        ),
        field(
            "reporting",
            Node::Struct(vec![
                field("enabled", flag()),
                field("surveillance", probability()),
                field("propensity", non_negative()),
                field("false_rate", non_negative()),
                field("accuracy", probability()),
                field("reward", non_negative()),
                field("false_penalty", non_negative()),
            ]),
        ),
        field(
            "points",
            Node::Struct(vec![
                field("on_time", non_negative()),
                field("late", non_negative()),
                field("spending", non_negative()),
                field("amount_reference", number(Range::Above(0.0))),
                field("domestic", non_negative()),
                field("imported", non_negative()),
                field("praise", non_negative()),
                field("friends", non_negative()),
                field("sanction", non_negative()),
            ]),
        ),
        field(
            "score",
            Node::Struct(vec![
                field("min", level()),
                field("max", level()),
                field("initial_mean", level()),
                field("initial_sd", non_negative()),
                field("friend_weight", number(Range::HalfOpen(0.0, 1.0))),
                field("spillover", Node::Leaf(Leaf::Choice(&["record", "score"]))),
                field("reversion", probability()),
                field("reversion_target", level()),
                field("isolation_penalty", non_negative()),
            ]),
        ),
        field(
            "tiers",
            Node::Named {
                entry: Box::new(tier),
                start: tier_start,
            },
        ),
        field(
            "perks",
            Node::Named {
                entry: Box::new(perk),
                start: perk_start,
            },
        ),
        field(
            "ties",
            Node::Struct(vec![
                field("enabled", flag()),
                field("rule", Node::Leaf(Leaf::Choice(model::TieRule::NAMES))),
                field("cut_rate", probability()),
                field("rationality", non_negative()),
                field("friendship_value", number(Range::Finite)),
                field("cut_below", level()),
                field("cut_gap", non_negative()),
                field("cut_sanctioned", probability()),
                field("form_rate", probability()),
                field("triadic", probability()),
                field("accept", probability()),
                field("max_degree", integer(1, U32, U32)),
            ]),
        ),
        field(
            "adapt",
            Node::Struct(vec![
                field("enabled", flag()),
                field("self_censorship", probability()),
                field("learning", probability()),
                field("imitation", probability()),
                field("imitation_strength", probability()),
            ]),
        ),
        field(
            "events",
            Node::List(Box::new(Node::Struct(vec![
                required("at_tick", integer(1, U32, U32)),
                required("set", Node::Assignments),
            ]))),
        ),
        field(
            "output",
            Node::Struct(vec![
                field("metrics_every", integer(1, U32, U32)),
                field("tie_events", flag()),
                field("citizens_every", integer(0, U32, U32)),
                field("edges_initial", flag()),
                field("graphml", flag()),
                field(
                    "citizens",
                    Node::Leaf(Leaf::Choice(model::FileFormat::NAMES)),
                ),
                field("edges", Node::Leaf(Leaf::Choice(model::FileFormat::NAMES))),
            ]),
        ),
    ])
}

/// The schema of a whole scenario file.
pub fn schema() -> &'static Node {
    static SCHEMA: OnceLock<Node> = OnceLock::new();
    SCHEMA.get_or_init(build)
}

/// The schema node at `path`, looking through every network kind.
pub fn node_at(path: &KeyPath) -> Option<&'static Node> {
    let mut node = schema();
    for segment in &path.0 {
        node = match (node, segment) {
            (Node::Struct(fields), Segment::Key(k)) => &fields.iter().find(|f| f.name == k)?.node,
            (Node::Named { entry, .. }, Segment::Key(_)) => entry,
            (Node::Tagged { tag, variants }, Segment::Key(k)) => {
                if k == tag {
                    return None;
                }
                &variants
                    .iter()
                    .flat_map(|(_, fields)| fields.iter())
                    .find(|f| f.name == k)?
                    .node
            }
            (Node::List(entry), Segment::Index(_)) => entry,
            _ => return None,
        };
    }
    Some(node)
}

/// Serializes a scenario to a TOML table. Never fails: a `seed` or
/// `population.size` beyond TOML's 64-bit signed integers is written as
/// 2^63 − 1 (validation refuses such values anyway).
pub(crate) fn to_table(file: &ScenarioFile) -> Table {
    let mut copy;
    let file = if file.seed > I64 || file.population.size.is_some_and(|n| n > I64) {
        copy = file.clone();
        copy.seed = copy.seed.min(I64);
        copy.population.size = copy.population.size.map(|n| n.min(I64));
        &copy
    } else {
        file
    };
    Table::try_from(file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::checks::{check_ranges, check_types};
    use super::*;

    /// Every field of the serde structs has a schema entry and vice versa: the
    /// schema's leaves, walked over the serialized defaults, type-check clean,
    /// and every key of the defaults is known.
    #[test]
    fn schema_matches_the_defaults() {
        let mut file = ScenarioFile::default();
        file.population.size = Some(1000);
        file.events.push(model::Event {
            at_tick: 3,
            set: toml::toml! { "reporting.reward" = 20.0 },
        });
        let value = Value::Table(to_table(&file));
        let mut issues = Vec::new();
        check_types(schema(), &value, &KeyPath::root(), &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        check_ranges(schema(), &value, &KeyPath::root(), &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        // And every schema field exists in the serialized defaults (or is an
        // optional network variant's key).
        fn walk(node: &Node, value: &Value, path: &KeyPath, missing: &mut Vec<String>) {
            if let (Node::Struct(fields), Value::Table(t)) = (node, value) {
                for f in fields {
                    match t.get(f.name) {
                        Some(v) => walk(&f.node, v, &path.key(f.name), missing),
                        None => missing.push(path.key(f.name).to_string()),
                    }
                }
            }
        }
        let mut missing = Vec::new();
        walk(schema(), &value, &KeyPath::root(), &mut missing);
        missing.retain(|k| !model::OMITTED_WHILE_OFF.contains(&k.as_str()));
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_network_kind_has_its_schema() {
        use model::Network;
        let kinds = [
            Network::ErdosRenyi { mean_degree: 4.0 },
            Network::WattsStrogatz { k: 4, rewire: 0.1 },
            Network::BarabasiAlbert { m: 2 },
            Network::StochasticBlock {
                communities: 2,
                mean_degree_in: 3.0,
                mean_degree_out: 1.0,
            },
            Network::File {
                path: "x.csv".into(),
                format: model::EdgeFileFormat::Csv,
                hash: Some("fnv1a64:0123456789abcdef".into()),
            },
        ];
        for network in kinds {
            let value = Value::try_from(&network).unwrap();
            let mut issues = Vec::new();
            check_types(
                node_at(&KeyPath::parse("network").unwrap()).unwrap(),
                &value,
                &KeyPath::root(),
                &mut issues,
            );
            assert!(issues.is_empty(), "{network:?}: {issues:?}");
        }
        assert_eq!(NETWORK_KINDS.len(), 5);
    }

    #[test]
    fn leaves_describe_what_is_allowed() {
        let unit = Leaf::Number(Range::Closed(0.0, 1.0));
        assert_eq!(
            unit.range_problem(&Value::Float(1.7)).unwrap(),
            "must be in [0, 1]"
        );
        assert!(unit.range_problem(&Value::Float(f64::NAN)).is_some());
        assert!(unit.range_problem(&Value::Float(f64::INFINITY)).is_some());
        assert!(unit.range_problem(&Value::Integer(1)).is_none());
        assert_eq!(
            unit.type_problem(&Value::String("x".into())).unwrap(),
            "must be a number in [0, 1] (found a string)"
        );
        let k = Leaf::Integer {
            min: 2,
            max: 10,
            limit: U32,
        };
        assert!(k.type_problem(&Value::Integer(-1)).is_some());
        assert!(k.type_problem(&Value::Float(4.0)).is_some());
        assert!(k.type_problem(&Value::Integer(1)).is_none());
        assert!(k.range_problem(&Value::Integer(1)).is_some());
        let rule = Leaf::Choice(&["utility", "threshold"]);
        assert_eq!(
            rule.type_problem(&Value::String("x".into())).unwrap(),
            "must be one of \"utility\" or \"threshold\""
        );
    }
}
