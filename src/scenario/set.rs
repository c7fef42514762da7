//! Setting one dotted key of a scenario: `--set KEY=VALUE`, events, sweeps.
//!
//! A key addresses the same nesting as the file (`score.friend_weight`,
//! `population.groups.dissidents.dissent.alpha`, `tiers.fair.min_score`).
//! The scenario is serialized to a TOML table, the value is put at the key
//! following the schema of [`super::keys`], and the table is deserialized
//! back, so a set key behaves exactly as if it had been written in the file.
//!
//! Rules:
//! - a table value is merged key by key (`--set 'score={friend_weight=0.3}'`
//!   is `--set score.friend_weight=0.3`);
//! - an entry of `population.groups`, `tiers` or `perks` that does not exist
//!   yet is created, starting from the default entry of that name if there is
//!   one (else from a conformist group, or an empty tier/perk);
//! - setting `network.kind` to another kind drops the keys of the old kind;
//!   the new kind's keys are set with it, in the same command
//!   (`--set network.kind=erdos_renyi --set network.mean_degree=6`) or as
//!   an inline table;
//! - arrays (`events`, `tiers.*.perks`) are replaced whole.
//!
//! The keys of one command (its `--set`s, a sweep's `[overrides]`, a sweep
//! point's values) are set together ([`set_all`]): every key is put in
//! place, a key that chooses a kind first, and the whole scenario is
//! type-checked once at the end. So a change that takes several keys (a
//! new network kind and its parameters) passes through no state that is
//! checked between them.

use toml::{Table, Value};

use super::checks::{check_types, unknown, Issue};
use super::key_path::{KeyPath, Segment};
use super::model::ScenarioFile;
use super::problem::{Problem, ScenarioError};
use super::schema::{self, schema, to_table, Node};

/// Parses a `--set` value: any TOML value (number, boolean, quoted string,
/// array, inline table); text that is not valid TOML is taken as a string,
/// so `--set ties.rule=threshold` needs no quotes.
pub fn parse_value(text: &str) -> Value {
    match text.trim().parse::<Value>() {
        Ok(value) => value,
        Err(_) => Value::String(text.to_string()),
    }
}

/// Parses a `--set` value for `key`: as [`parse_value`], except that where
/// the key takes a string, a bare value that TOML reads otherwise (`2024`,
/// `true`, a date) is kept as the text typed.
pub fn parse_value_for(key: &str, text: &str) -> Value {
    let value = parse_value(text);
    let wants_text = KeyPath::parse(key)
        .ok()
        .and_then(|path| schema::node_at(&path))
        .is_some_and(|node| {
            matches!(
                node,
                Node::Leaf(schema::Leaf::Text) | Node::Leaf(schema::Leaf::Choice(_))
            )
        });
    match value {
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::Datetime(_)
            if wants_text =>
        {
            Value::String(text.trim().to_string())
        }
        v => v,
    }
}

/// Sets the dotted `key` of `file` to `value`, as if it were written in the
/// file. Fails, leaving `file` unchanged, if the key is unknown (the message
/// lists the keys allowed there) or the value has the wrong type. Ranges are
/// not checked here: call [`super::validate`] after the last change.
pub fn set_key(file: &mut ScenarioFile, key: &str, value: &Value) -> Result<(), ScenarioError> {
    let path = KeyPath::parse(key)?;
    set_at(file, &path, value.clone())
        .map_err(|issue| ScenarioError::at_key(issue.path.to_string(), issue.message))
}

/// [`set_key`] with a parsed key, reporting the problem at its key path.
pub(crate) fn set_at(file: &mut ScenarioFile, path: &KeyPath, value: Value) -> Result<(), Issue> {
    set_all(file, &[(path.clone(), value)]).map_err(|mut problems| problems.swap_remove(0).1)
}

/// Sets several dotted keys of `file` together, as written in the file
/// (see the module docs): a key that chooses a kind (`network.kind`, or a
/// whole `network` table) goes first, the others follow in the order
/// given, and the scenario is type-checked once, after the last. Fails,
/// leaving `file` unchanged, with every problem found, each at its key
/// when it has one. Ranges are not checked here: call [`super::validate`]
/// after the last change.
pub fn set_keys(file: &mut ScenarioFile, sets: &[(String, Value)]) -> Result<(), ScenarioError> {
    let mut parsed = Vec::with_capacity(sets.len());
    let mut problems = Vec::new();
    for (key, value) in sets {
        match KeyPath::parse(key) {
            Ok(path) => parsed.push((path, value.clone())),
            Err(e) => problems.extend(e.problems),
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    set_all(file, &parsed).map_err(|issues| ScenarioError {
        problems: issues
            .into_iter()
            .map(|(_, issue)| Problem::at_key(issue.path.to_string(), issue.message))
            .collect(),
    })
}

/// [`set_keys`] with parsed keys; each problem comes with the index in
/// `sets` of the key it belongs to (`None` when no one key gave it).
pub(crate) fn set_all(
    file: &mut ScenarioFile,
    sets: &[(KeyPath, Value)],
) -> Result<(), Vec<(Option<usize>, Issue)>> {
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| !chooses_kind(&sets[i].0));
    let mut table = to_table(file);
    let mut problems = Vec::new();
    for i in order {
        let (path, value) = &sets[i];
        if let Err(issue) = assign(&mut table, path, value.clone()) {
            problems.push((Some(i), issue));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut changed = match from_table(table) {
        Ok(changed) => changed,
        Err(issue) => {
            // A key missing after a change of kind belongs to the key that
            // changed it; a problem at a key, to the key.
            let from = sets.iter().rposition(|(p, _)| {
                issue.path.starts_with(p)
                    || issue
                        .path
                        .parent()
                        .is_some_and(|table| !table.0.is_empty() && p.starts_with(&table))
            });
            return Err(vec![(from, issue)]);
        }
    };
    // `to_table` caps the two u64 keys at TOML's largest integer; keep the
    // originals unless a key changed them.
    let touched = |name: &str| sets.iter().any(|(p, _)| p.first_key() == Some(name));
    if !touched("seed") {
        changed.seed = file.seed;
    }
    if !touched("population") {
        changed.population.size = file.population.size;
    }
    // A fingerprint pins the file it was taken of: naming another file (or
    // another kind of network) drops it, and the new file is fingerprinted
    // when the scenario is loaded or run.
    let names_another_file = sets.iter().any(|(p, _)| {
        let p = p.to_string();
        p == "network.path" || p == "network.kind"
    });
    if names_another_file && changed.network != file.network {
        if let super::model::Network::File { hash, .. } = &mut changed.network {
            *hash = None;
        }
    }
    *file = changed;
    Ok(())
}

/// Whether setting `path` chooses the kind of a tagged table: its tag
/// (`network.kind`) or the whole table (`network = { kind = .. }`).
fn chooses_kind(path: &KeyPath) -> bool {
    if matches!(schema::node_at(path), Some(Node::Tagged { .. })) {
        return true;
    }
    let (Some(parent), Some(Segment::Key(last))) = (path.parent(), path.0.last()) else {
        return false;
    };
    matches!(schema::node_at(&parent), Some(Node::Tagged { tag, .. }) if tag == last)
}

/// Checks the types of a whole serialized scenario and deserializes it.
pub(crate) fn from_table(table: Table) -> Result<ScenarioFile, Issue> {
    let value = Value::Table(table);
    let mut issues = Vec::new();
    check_types(schema(), &value, &KeyPath::root(), &mut issues);
    if let Some(issue) = issues.into_iter().next() {
        return Err(issue);
    }
    value
        .try_into()
        .map_err(|e: toml::de::Error| Issue::new(KeyPath::root(), e.message().to_string()))
}

/// Puts `value` at `path` in a serialized scenario, following the schema.
pub(crate) fn assign(root: &mut Table, path: &KeyPath, value: Value) -> Result<(), Issue> {
    let mut slot = Value::Table(std::mem::take(root));
    let result = assign_at(schema(), &mut slot, &KeyPath::root(), &path.0, value);
    if let Value::Table(t) = slot {
        *root = t;
    }
    result
}

fn assign_at(
    node: &Node,
    slot: &mut Value,
    done: &KeyPath,
    rest: &[Segment],
    value: Value,
) -> Result<(), Issue> {
    let Some((first, rest)) = rest.split_first() else {
        return put(node, slot, done, value);
    };
    let key = match first {
        Segment::Key(k) => k.as_str(),
        Segment::Index(i) => {
            return Err(Issue::new(
                done.index(*i),
                "cannot set one element of an array; give the whole array",
            ))
        }
    };
    let here = done.key(key);
    match node {
        Node::Leaf(leaf) => Err(Issue::new(
            done.clone(),
            format!("takes {}, it has no key {key}", leaf.describe()),
        )),
        Node::List(_) | Node::Assignments => Err(Issue::new(
            done.clone(),
            "can only be replaced whole, not key by key",
        )),
        Node::Struct(fields) => {
            let field = fields
                .iter()
                .find(|f| f.name == key)
                .ok_or_else(|| Issue::new(here.clone(), unknown(fields, None)))?;
            let child = child_slot(slot, key, Table::new);
            assign_at(&field.node, child, &here, rest, value)
        }
        Node::Named { entry, start } => {
            if key.is_empty() {
                return Err(Issue::new(here, "a name must be non-empty"));
            }
            let child = child_slot(slot, key, || start(key));
            assign_at(entry, child, &here, rest, value)
        }
        Node::Tagged { tag, variants } => {
            let table = table_mut(slot);
            if key == *tag {
                if !rest.is_empty() {
                    return Err(Issue::new(here, "takes a string, it has no sub-keys"));
                }
                let kinds: Vec<&str> = variants.iter().map(|(k, _)| *k).collect();
                let kind = match &value {
                    Value::String(s) if kinds.contains(&s.as_str()) => s.clone(),
                    _ => {
                        return Err(Issue::new(
                            here,
                            format!("must be one of {}", schema::choices(&kinds)),
                        ))
                    }
                };
                let fields = node.variant(&kind).unwrap_or(&[]);
                let current = table.get(*tag).and_then(Value::as_str);
                if current != Some(kind.as_str()) {
                    table.retain(|k, _| fields.iter().any(|f| f.name == k));
                }
                table.insert(tag.to_string(), Value::String(kind));
                return Ok(());
            }
            let kind = table
                .get(*tag)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let fields = node.variant(&kind).unwrap_or(&[]);
            let field = fields
                .iter()
                .find(|f| f.name == key)
                .ok_or_else(|| Issue::new(here.clone(), unknown(fields, Some((tag, &kind)))))?;
            let child = child_slot(slot, key, Table::new);
            assign_at(&field.node, child, &here, rest, value)
        }
    }
}

/// Makes `slot` a table (it is one in a serialized scenario) and returns it.
fn table_mut(slot: &mut Value) -> &mut Table {
    if !slot.is_table() {
        *slot = Value::Table(Table::new());
    }
    match slot {
        Value::Table(t) => t,
        _ => unreachable!("just made a table"),
    }
}

/// The value under `key` in `slot`, created from `start` if absent.
fn child_slot<'a>(slot: &'a mut Value, key: &str, start: impl FnOnce() -> Table) -> &'a mut Value {
    table_mut(slot)
        .entry(key.to_string())
        .or_insert_with(|| Value::Table(start()))
}

fn put(node: &Node, slot: &mut Value, here: &KeyPath, value: Value) -> Result<(), Issue> {
    match node {
        Node::Leaf(leaf) => match leaf.type_problem(&value) {
            Some(message) => Err(Issue::new(here.clone(), message)),
            None => {
                *slot = value;
                Ok(())
            }
        },
        Node::List(_) | Node::Assignments => {
            let mut issues = Vec::new();
            check_types(node, &value, here, &mut issues);
            match issues.into_iter().next() {
                Some(issue) => Err(issue),
                None => {
                    *slot = value;
                    Ok(())
                }
            }
        }
        Node::Struct(_) | Node::Named { .. } | Node::Tagged { .. } => match value {
            Value::Table(entries) => {
                // A tagged table's tag goes first: it decides which keys exist.
                let tag = match node {
                    Node::Tagged { tag, .. } => Some(*tag),
                    _ => None,
                };
                let mut entries: Vec<(String, Value)> = entries.into_iter().collect();
                entries.sort_by_key(|(k, _)| Some(k.as_str()) != tag);
                for (k, v) in entries {
                    assign_at(node, slot, here, &[Segment::Key(k)], v)?;
                }
                Ok(())
            }
            other => Err(Issue::new(
                here.clone(),
                format!(
                    "is a table: set one of its keys ({here}.KEY) or give an inline table (found {})",
                    other.type_str()
                ),
            )),
        },
    }
}

/// The assignments of an event's `set`, as dotted keys and leaf values: a
/// top-level key is a dotted key (`"reporting.reward"`), and nested tables
/// (written `set.reporting.reward = 10`) are flattened. A key that does not
/// parse is kept as written and reported by validation.
pub(crate) fn flatten(set: &Table) -> Vec<(String, Value)> {
    fn walk(prefix: KeyPath, value: &Value, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Table(t) if !t.is_empty() => {
                for (k, v) in t {
                    walk(prefix.key(k), v, out);
                }
            }
            v => out.push((prefix.to_string(), v.clone())),
        }
    }
    let mut out = Vec::new();
    for (key, value) in set {
        match KeyPath::parse(key) {
            Ok(path) => walk(path, value, &mut out),
            Err(_) => out.push((key.clone(), value.clone())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::{Network, Spillover, TieRule};

    #[test]
    fn values_parse_as_toml_or_as_text() {
        assert_eq!(parse_value("0.4"), Value::Float(0.4));
        assert_eq!(parse_value("12"), Value::Integer(12));
        assert_eq!(parse_value("true"), Value::Boolean(true));
        assert_eq!(parse_value("\"a b\""), Value::String("a b".into()));
        assert_eq!(parse_value("threshold"), Value::String("threshold".into()));
        assert_eq!(
            parse_value("[1, 2]"),
            Value::Array(vec![Value::Integer(1), Value::Integer(2)])
        );
        assert!(parse_value("{ a = 1 }").is_table());
        assert_eq!(parse_value("nan").as_float().map(f64::is_nan), Some(true));
        assert_eq!(
            parse_value_for("name", "2024"),
            Value::String("2024".into())
        );
        assert_eq!(parse_value_for("ticks", "2024"), Value::Integer(2024));
    }

    #[test]
    fn set_key_reaches_every_level() {
        let mut f = ScenarioFile::default();
        set_key(&mut f, "score.friend_weight", &Value::Float(0.4)).unwrap();
        assert_eq!(f.score.friend_weight, 0.4);
        set_key(&mut f, "ties.rule", &parse_value("threshold")).unwrap();
        assert_eq!(f.ties.rule, TieRule::Threshold);
        set_key(&mut f, "score.spillover", &parse_value("score")).unwrap();
        assert_eq!(f.score.spillover, Spillover::Score);
        set_key(
            &mut f,
            "population.groups.dissidents.share",
            &Value::Float(0.2),
        )
        .unwrap();
        let d = f.population.groups.get("dissidents").unwrap();
        assert_eq!(d.share, 0.2);
        // The other traits of the group are untouched.
        assert_eq!(d.dissent.alpha, 8.0);
        set_key(
            &mut f,
            "population.groups.dissidents.dissent.alpha",
            &Value::Integer(3),
        )
        .unwrap();
        assert_eq!(
            f.population.groups.get("dissidents").unwrap().dissent.alpha,
            3.0
        );
        set_key(&mut f, "tiers.fair.min_score", &Value::Integer(560)).unwrap();
        assert_eq!(f.tiers.get("fair").unwrap().min_score, 560.0);
        assert_eq!(f.tiers.len(), 5);
        set_key(&mut f, "perks.visa.min_score", &Value::Integer(800)).unwrap();
        assert_eq!(f.perks.get("visa").unwrap().min_score, 800.0);
        set_key(&mut f, "network.k", &Value::Integer(6)).unwrap();
        assert_eq!(f.network, Network::WattsStrogatz { k: 6, rewire: 0.1 });
        set_key(&mut f, "seed", &Value::Integer(9)).unwrap();
        assert_eq!(f.seed, 9);
    }

    #[test]
    fn new_named_entries_start_from_their_defaults() {
        let mut f = ScenarioFile::default();
        set_key(&mut f, "population.groups.rebels.share", &Value::Float(0.1)).unwrap();
        let rebels = f.population.groups.get("rebels").unwrap();
        assert_eq!(rebels.share, 0.1);
        assert_eq!(
            rebels.dissent,
            crate::scenario::model::Group::default().dissent
        );
        assert_eq!(f.population.groups.names().last(), Some("rebels"));
        set_key(&mut f, "tiers.platinum.min_score", &Value::Integer(900)).unwrap();
        assert_eq!(f.tiers.get("platinum").unwrap().spending_multiplier, 1.0);
        // A new tier needs its min_score.
        let err = set_key(&mut f, "tiers.gold.spending_multiplier", &Value::Integer(2))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("tiers.gold.min_score: missing"), "{err}");
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_refused() {
        let mut f = ScenarioFile::default();
        let before = f.clone();
        let err = set_key(&mut f, "score.friend_weigt", &Value::Float(0.3))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("score.friend_weigt: unknown key; allowed: min, max, initial_mean,"),
            "{err}"
        );
        let err = set_key(&mut f, "scor.friend_weight", &Value::Float(0.3))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("allowed: name, description, seed, ticks"),
            "{err}"
        );
        let err = set_key(&mut f, "ties.cut_rate", &parse_value("high"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "ties.cut_rate: must be a number in [0, 1] (found a string)"
        );
        let err = set_key(&mut f, "score.min.x", &Value::Integer(1))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("score.min: takes a number"), "{err}");
        let err = set_key(&mut f, "score", &Value::Integer(1))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("score: is a table"), "{err}");
        let err = set_key(&mut f, "network.mean_degree", &Value::Integer(4))
            .unwrap_err()
            .to_string();
        assert!(err.contains("(for kind = \"watts_strogatz\")"), "{err}");
        let err = set_key(&mut f, "ticks", &Value::Integer(-3))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("ticks: must be an integer"), "{err}");
        assert!(set_key(&mut f, "a..b", &Value::Integer(1)).is_err());
        assert_eq!(f, before);
    }

    #[test]
    fn network_kind_switches_with_its_keys() {
        let mut f = ScenarioFile::default();
        // Switching kind alone leaves the new kind's keys missing.
        let err = set_key(&mut f, "network.kind", &parse_value("erdos_renyi"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("network.mean_degree: missing"), "{err}");
        set_key(
            &mut f,
            "network",
            &parse_value("{ mean_degree = 6, kind = \"erdos_renyi\" }"),
        )
        .unwrap();
        assert_eq!(f.network, Network::ErdosRenyi { mean_degree: 6.0 });
    }

    #[test]
    fn keys_set_together_switch_the_network_kind_in_either_order() {
        let sets = |pairs: &[(&str, &str)]| -> Vec<(String, Value)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), parse_value_for(k, v)))
                .collect()
        };
        for pairs in [
            [
                ("network.kind", "erdos_renyi"),
                ("network.mean_degree", "6"),
            ],
            [
                ("network.mean_degree", "6"),
                ("network.kind", "erdos_renyi"),
            ],
        ] {
            let mut f = ScenarioFile::default();
            set_keys(&mut f, &sets(&pairs)).unwrap();
            assert_eq!(f.network, Network::ErdosRenyi { mean_degree: 6.0 });
        }
        let mut f = ScenarioFile::default();
        set_keys(
            &mut f,
            &sets(&[
                ("network.kind", "stochastic_block"),
                ("network.communities", "4"),
                ("network.mean_degree_in", "5"),
                ("network.mean_degree_out", "1"),
                ("score.friend_weight", "0.3"),
            ]),
        )
        .unwrap();
        assert_eq!(
            f.network,
            Network::StochasticBlock {
                communities: 4,
                mean_degree_in: 5.0,
                mean_degree_out: 1.0
            }
        );
        assert_eq!(f.score.friend_weight, 0.3);
        // A kind without its keys is one problem, at the missing key; a key
        // of another kind is refused; nothing changes.
        let before = ScenarioFile::default();
        let mut f = before.clone();
        let err = set_keys(&mut f, &sets(&[("network.kind", "barabasi_albert")]))
            .unwrap_err()
            .lines();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].starts_with("network.m: missing"), "{err:?}");
        let err = set_keys(
            &mut f,
            &sets(&[("network.kind", "barabasi_albert"), ("network.k", "4")]),
        )
        .unwrap_err()
        .lines();
        assert!(
            err[0].starts_with("network.k: unknown key") && err[0].contains("barabasi_albert"),
            "{err:?}"
        );
        assert_eq!(f, before);
    }

    #[test]
    fn table_values_merge_key_by_key() {
        let mut f = ScenarioFile::default();
        set_key(&mut f, "score", &parse_value("{ friend_weight = 0.3 }")).unwrap();
        assert_eq!(f.score.friend_weight, 0.3);
        assert_eq!(f.score.min, 350.0);
    }

    #[test]
    fn event_sets_flatten_to_dotted_keys() {
        let set: Table = toml::from_str(
            "\"reporting.reward\" = 1\nscore.friend_weight = 0.3\n\"population.groups\".\"a.b\".share = 1\n",
        )
        .unwrap();
        let flat = flatten(&set);
        let keys: Vec<&str> = flat.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "reporting.reward",
                "score.friend_weight",
                "population.groups.\"a.b\".share"
            ]
        );
    }
}
