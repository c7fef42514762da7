//! Scenarios: what a user writes in TOML, parsed, overridden and validated.
//!
//! Loading goes in stages (as ripgrep does with its flags), each reporting
//! every problem it finds with the file, the key path and the line:
//!
//! 1. the bytes are read and decoded (UTF-8) and parsed as TOML;
//! 2. the defaults are laid under what the file says, and every key and
//!    type is checked against the schema ([`mod@schema`], by the checks of
//!    `checks.rs`; keys are [`KeyPath`]s, parsed in [`key_path`]); the
//!    result is deserialized into the raw structs of [`model`];
//! 3. the command-line overrides are applied: `--seed`, `--ticks`, then each
//!    the `--set KEY=VALUE`s together, by the same dotted keys as the file
//!    ([`set_keys`]: a new network kind and its keys in one command);
//! 4. a `file` network's path is made absolute (relative to the scenario's
//!    folder) and a generated network's population size is written out;
//! 5. ranges and the rules between keys are checked, events included
//!    ([`validate`]).
//!
//! Nothing downstream sees unvalidated input. Each problem is one line:
//! `scenarios/x.toml: ties.cut_rate = 1.7 at line 31: must be in [0, 1]`,
//! or `(from --set)` in place of the line for a value given on the command line.
//!
//! Defaults and named entries: a table the file leaves out takes its
//! defaults, key by key. `population.groups`, `tiers` and `perks` are lists
//! by name: writing one replaces the default list, and an entry named like a
//! default one (`[population.groups.dissidents]`) starts from that default's
//! values, so `share = 0.2` alone keeps the dissidents' traits. A network of
//! the default kind takes its missing keys from the default network.

mod checks;
mod describe;
pub mod key_path;
pub mod model;
pub mod named;
mod problem;
pub mod schema;
mod set;
mod source;
mod validate;
mod write;

use std::path::{Path, PathBuf};

use toml::Value;

pub use describe::describe;
pub use key_path::KeyPath;
pub use model::ScenarioFile;
pub use problem::{Problem, ScenarioError};
pub use set::{parse_value, parse_value_for, set_key, set_keys};
pub use validate::{
    available_memory, changeable, memory_estimate, validate, warnings, BYTES_FIXED,
    BYTES_PER_CITIZEN, BYTES_PER_TIE_END, BYTES_PER_TIE_END_COPIED, CHANGEABLE_SECTIONS,
    MAX_GROUPS, MAX_TIERS,
};
pub use write::to_toml;

use checks::{check_types, Issue};
use key_path::Segment;
use model::Network;
use schema::{schema, to_table, Node};
use source::Source;

/// Changes asked for on the command line, applied after the file is read.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--ticks`.
    pub ticks: Option<u32>,
    /// `--set KEY=VALUE`, in the order given; applied after `--seed` and `--ticks`.
    pub set: Vec<(String, String)>,
}

/// A validated scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Every parameter, defaults filled in; a `file` network's path is absolute.
    pub file: ScenarioFile,
    /// Where the scenario was read from.
    pub source: PathBuf,
}

/// The largest scenario file read: a scenario is a short text, and a path
/// such as `/dev/zero` must not be read until memory runs out.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// Reads, overrides and validates the scenario at `path`.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Scenario, ScenarioError> {
    use std::io::Read;
    let shown = path.display();
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes));
    read.map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::IsADirectory => "is a folder, not a scenario file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        ScenarioError::one(Problem::of_file(
            shown.to_string(),
            format!("cannot read the scenario: {why}"),
        ))
    })?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::one(Problem::of_file(
            shown.to_string(),
            format!(
                "more than {} MiB; a scenario is a short text file",
                MAX_SCENARIO_BYTES >> 20
            ),
        )));
    }
    load_bytes(bytes, path, overrides)
}

/// [`load`] for the bytes of a scenario file already read; `source` names it
/// in messages and anchors a relative edge-list path.
pub fn load_bytes(
    bytes: Vec<u8>,
    source: &Path,
    overrides: &Overrides,
) -> Result<Scenario, ScenarioError> {
    let text = source::decode(bytes).map_err(|e| e.in_file(&source.display().to_string()))?;
    load_str(&text, source, overrides)
}

/// [`load`] for scenario text already in memory; `source` names it in
/// messages and anchors a relative edge-list path.
pub fn load_str(
    text: &str,
    source: &Path,
    overrides: &Overrides,
) -> Result<Scenario, ScenarioError> {
    let shown = source.display().to_string();
    let parsed = Source::parse(text).map_err(|e| e.in_file(&shown))?;
    let report = Report {
        shown: &shown,
        source: &parsed,
        overridden: Vec::new(),
    };

    // Stage 2: defaults under the file's values, then the schema.
    let mut raw = Value::Table(parsed.table.clone());
    let defaults = Value::Table(to_table(&ScenarioFile::default()));
    lay_defaults(schema(), &mut raw, &defaults);
    let mut issues = Vec::new();
    check_types(schema(), &raw, &KeyPath::root(), &mut issues);
    if !issues.is_empty() {
        let mut problems = report.error(&issues, &raw).problems;
        if let Some((more, resolved)) = beyond_types(&parsed.table, &issues, &defaults, source) {
            problems.extend(report.error(&more, &resolved).problems);
        }
        return Err(ScenarioError { problems });
    }
    let mut file: ScenarioFile = raw.clone().try_into().map_err(|e: toml::de::Error| {
        ScenarioError::one(Problem::of_file(shown.clone(), e.message()))
    })?;
    flatten_events(&mut file);

    // Stage 3: overrides.
    let mut report = report;
    let mut problems = Vec::new();
    if let Some(seed) = overrides.seed {
        if seed > i64::MAX as u64 {
            problems.push(Problem {
                file: Some(shown.clone()),
                key: Some("seed".into()),
                value: Some(seed.to_string()),
                origin: Some("(from --seed)".into()),
                message: format!(
                    "must be an integer in [0, {}] (TOML integers are signed 64-bit)",
                    i64::MAX
                ),
                ..Problem::default()
            });
        } else {
            file.seed = seed;
        }
        report
            .overridden
            .push((KeyPath::root().key("seed"), "--seed"));
    }
    if let Some(ticks) = overrides.ticks {
        file.ticks = ticks;
        report
            .overridden
            .push((KeyPath::root().key("ticks"), "--ticks"));
    }
    // The `--set`s are one change: a new network kind and its keys together.
    let mut sets: Vec<(KeyPath, Value)> = Vec::with_capacity(overrides.set.len());
    for (key, text) in &overrides.set {
        match KeyPath::parse(key) {
            Ok(path) => sets.push((path, parse_value_for(key, text))),
            Err(e) => problems.push(Problem::of_file(
                shown.clone(),
                format!("--set {key}={text}: {e}"),
            )),
        }
    }
    match set::set_all(&mut file, &sets) {
        Ok(()) => report
            .overridden
            .extend(sets.iter().map(|(path, _)| (path.clone(), "--set"))),
        Err(issues) => {
            for (from, issue) in issues {
                let shown_value = from
                    .map(|i| &sets[i])
                    .filter(|(path, _)| *path == issue.path)
                    .map(|(_, value)| value);
                let flag = from.map(|_| "--set");
                problems.push(report.line(&issue, shown_value, flag));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    flatten_events(&mut file);

    // Stage 4: resolve what the run needs spelled out.
    resolve(&mut file, source);

    // Stage 5: ranges and rules.
    let issues = validate::issues(&file);
    if !issues.is_empty() {
        let values = Value::Table(to_table(&file));
        return Err(report.error(&issues, &values));
    }
    pin_network_file(&mut file).map_err(|e| e.in_file(&shown))?;
    Ok(Scenario {
        file,
        source: source.to_path_buf(),
    })
}

/// Writes the fingerprint of a `file` network's bytes into the scenario
/// (validation has already checked one the file gave), so that the resolved
/// scenario, its hash and every sweep built on it name the exact file.
fn pin_network_file(file: &mut ScenarioFile) -> Result<(), ScenarioError> {
    if let Network::File { path, hash, .. } = &mut file.network {
        if hash.is_none() {
            let h = crate::output::file_fingerprint(Path::new(path)).map_err(|e| {
                ScenarioError::at_key("network.path", format!("cannot read {path}: {e}"))
            })?;
            *hash = Some(h);
        }
    }
    Ok(())
}

/// Makes a `file` network's path absolute (relative to the scenario's
/// folder) and writes out a generated network's population size.
fn resolve(file: &mut ScenarioFile, source: &Path) {
    match &mut file.network {
        Network::File { path, .. } => {
            if let Some(absolute) = resolve_relative(path, source) {
                *path = absolute;
            }
        }
        _ => {
            if file.population.size.is_none() {
                file.population.size = Some(model::DEFAULT_POPULATION);
            }
        }
    }
}

/// The range and rule problems of a file that has type problems, so that
/// one pass reports them all: each wrong part (a key, a missing key's table,
/// the whole network or event list when the problem is inside them) is put
/// back to its default, and the problems found elsewhere are returned with
/// the values to show. `None` if the file still cannot be read that way.
fn beyond_types(
    written: &toml::Table,
    type_issues: &[Issue],
    defaults: &Value,
    source: &Path,
) -> Option<(Vec<Issue>, Value)> {
    let patched_paths: Vec<KeyPath> = type_issues
        .iter()
        .map(|issue| match issue.path.first_key() {
            Some("network") => KeyPath::root().key("network"),
            // One wrong event stands aside; the others are still checked.
            Some("events") => match issue.path.0.get(1) {
                Some(Segment::Index(i)) => KeyPath::root().key("events").index(*i),
                _ => KeyPath::root().key("events"),
            },
            _ if issue.missing => issue.path.parent().unwrap_or_default(),
            _ => issue.path.clone(),
        })
        .collect();
    let mut patched = Value::Table(written.clone());
    for path in &patched_paths {
        remove(&mut patched, path);
    }
    lay_defaults(schema(), &mut patched, defaults);
    let mut again = Vec::new();
    check_types(schema(), &patched, &KeyPath::root(), &mut again);
    if !again.is_empty() {
        return None;
    }
    let mut file: ScenarioFile = patched.try_into().ok()?;
    flatten_events(&mut file);
    resolve(&mut file, source);
    // A problem inside a part put back to its default is that part's; so is
    // a rule over a list that reads a value put back (group shares summing
    // to 1 read each share, tier thresholds in order read each min_score),
    // but not one that reads none of them (an unknown key in a group leaves
    // the sum of the shares as written).
    let related = |path: &KeyPath| {
        patched_paths.iter().any(|p| {
            path.starts_with(p)
                || (p.starts_with(path)
                    && (type_issues.iter().any(|i| i.missing && i.path.parent().as_ref() == Some(p))
                        || matches!(p.0.last(), Some(Segment::Key(k)) if RULE_INPUTS.contains(&k.as_str()))))
        })
    };
    let more = validate::issues(&file)
        .into_iter()
        .filter(|issue| !related(&issue.path))
        .collect();
    Some((more, Value::Table(to_table(&file))))
}

/// Keys that rules over a whole list read (sums of shares, thresholds in
/// order): a wrong one put back to its default would make those rules
/// report the default, not the file.
const RULE_INPUTS: &[&str] = &["share", "min_score"];

/// Removes the value at `path` from `value`: a key of a table, or an event,
/// which is replaced by one that changes nothing (so the other events keep
/// their places in the list and their paths in messages).
fn remove(value: &mut Value, path: &KeyPath) {
    if let [Segment::Key(events), Segment::Index(i)] = path.0.as_slice() {
        if events == "events" {
            if let Some(slot) = value
                .get_mut("events")
                .and_then(Value::as_array_mut)
                .and_then(|a| a.get_mut(*i))
            {
                let mut quiet = toml::Table::new();
                quiet.insert("at_tick".into(), Value::Integer(1));
                quiet.insert("set".into(), Value::Table(toml::Table::new()));
                *slot = Value::Table(quiet);
            }
            return;
        }
    }
    let Some((last, parents)) = path.0.split_last() else {
        *value = Value::Table(toml::Table::new());
        return;
    };
    let mut here = value;
    for segment in parents {
        let next = match segment {
            Segment::Key(k) => here.as_table_mut().and_then(|t| t.get_mut(k)),
            Segment::Index(i) => here.as_array_mut().and_then(|a| a.get_mut(*i)),
        };
        match next {
            Some(v) => here = v,
            None => return,
        }
    }
    if let (Segment::Key(k), Some(t)) = (last, here.as_table_mut()) {
        t.remove(k);
    }
}

/// An edge-list path relative to the scenario's folder, made absolute
/// (`None` when it is already absolute, empty, or cannot be written as text).
fn resolve_relative(path: &str, scenario: &Path) -> Option<String> {
    if path.trim().is_empty() || Path::new(path).is_absolute() {
        return None;
    }
    let folder = scenario.parent().unwrap_or(Path::new(""));
    let joined = folder.join(path);
    let absolute = std::path::absolute(&joined).unwrap_or(joined);
    absolute.to_str().map(str::to_string)
}

/// Rewrites every event's `set` as dotted keys (`"reporting.reward" = 10`),
/// whichever way the file wrote it.
fn flatten_events(file: &mut ScenarioFile) {
    for event in &mut file.events {
        event.set = set::flatten(&event.set).into_iter().collect();
    }
}

/// Lays `defaults` under `raw` where both are tables, following the schema:
/// missing keys take their default; an entry of a named list starts from the
/// default entry of that name; a network of the default kind takes the
/// default network's missing keys. Lists (events) are not touched.
fn lay_defaults(node: &Node, raw: &mut Value, defaults: &Value) {
    let (Value::Table(table), Value::Table(base)) = (raw, defaults) else {
        return;
    };
    match node {
        Node::Struct(fields) => {
            for f in fields {
                match (table.get_mut(f.name), base.get(f.name)) {
                    (Some(value), Some(default)) => lay_defaults(&f.node, value, default),
                    (None, Some(default)) => {
                        table.insert(f.name.to_string(), default.clone());
                    }
                    _ => {}
                }
            }
        }
        Node::Named { entry, start } => {
            for (name, value) in table.iter_mut() {
                lay_defaults(entry, value, &Value::Table(start(name)));
            }
        }
        Node::Tagged { tag, .. } => {
            let default_kind = base.get(*tag).cloned();
            let kind = table.entry(tag.to_string()).or_insert_with(|| {
                default_kind
                    .clone()
                    .unwrap_or_else(|| Value::String(String::new()))
            });
            if Some(&*kind) == default_kind.as_ref() {
                for (k, v) in base {
                    table.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Node::Leaf(_) | Node::List(_) | Node::Assignments => {}
    }
}

/// Writes problems as lines naming the file, the key, its value and where
/// it came from.
struct Report<'a> {
    shown: &'a str,
    source: &'a Source,
    /// Keys given on the command line, with the flag that gave them.
    overridden: Vec<(KeyPath, &'static str)>,
}

impl Report<'_> {
    /// The problems, each with the value as the file wrote it (or as
    /// resolved, for a default or a value from the command line).
    fn error(&self, issues: &[Issue], resolved: &Value) -> ScenarioError {
        let written = Value::Table(self.source.table.clone());
        ScenarioError {
            problems: issues
                .iter()
                .map(|issue| {
                    let value = match self.flag(&issue.path) {
                        Some(_) => lookup(resolved, &issue.path),
                        None => lookup(&written, &issue.path)
                            .filter(|v| !v.is_table())
                            .or_else(|| lookup(resolved, &issue.path)),
                    };
                    self.line(issue, value, None)
                })
                .collect(),
        }
    }

    /// The flag that gave `path` (or a table above it), if any.
    fn flag(&self, path: &KeyPath) -> Option<&'static str> {
        self.overridden
            .iter()
            .rev()
            .find(|(p, _)| path.starts_with(p))
            .map(|(_, f)| *f)
    }

    /// `PATH: KEY = VALUE at line N: MESSAGE`, as a [`Problem`].
    fn line(&self, issue: &Issue, value: Option<&Value>, flag: Option<&str>) -> Problem {
        let mut out = Problem {
            file: Some(self.shown.to_string()),
            message: issue.message.clone(),
            ..Problem::default()
        };
        if issue.path.0.is_empty() {
            return out;
        }
        out.key = Some(issue.path.to_string());
        if let Some(v) = value.filter(|v| !issue.missing && !v.is_table()) {
            let text = write::render(v);
            if text.chars().count() <= 60 {
                out.value = Some(text);
            }
        }
        out.line = self.source.line(&issue.path);
        let flag = flag.or_else(|| self.flag(&issue.path));
        let changed_inside = self
            .overridden
            .iter()
            .rev()
            .find(|(p, _)| p.starts_with(&issue.path));
        if let Some(flag) = flag {
            out.origin = Some(format!("(from {flag})"));
        } else if let Some((inner, flag)) = changed_inside {
            out.origin = Some(format!("(after {flag} {inner})"));
        } else if out.line.is_none() && issue.missing {
            let table_line = issue.path.parent().and_then(|p| self.source.line(&p));
            if let Some(line) = table_line {
                out.origin = Some(format!("(in the table at line {line})"));
            }
        }
        out
    }
}

/// The value at `path` in `value`.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Scenario, ScenarioError> {
        load_str(text, Path::new("x.toml"), &Overrides::default())
    }

    #[test]
    fn defaults_round_trip_through_toml() {
        let d = ScenarioFile::default();
        let text = toml::to_string(&d).unwrap();
        let back: ScenarioFile = toml::from_str(&text).unwrap();
        assert_eq!(d, back);
        let empty: ScenarioFile = toml::from_str("").unwrap();
        assert_eq!(empty, d);
    }

    #[test]
    fn an_empty_file_is_the_defaults_with_the_size_written_out() {
        let s = load_text("").unwrap();
        let mut expected = ScenarioFile::default();
        expected.population.size = Some(model::DEFAULT_POPULATION);
        assert_eq!(s.file, expected);
    }

    #[test]
    fn named_entries_start_from_their_defaults() {
        let s = load_text(
            "[population.groups.conformists]\nshare = 0.8\n[population.groups.dissidents]\nshare = 0.2\n",
        )
        .unwrap();
        let groups = &s.file.population.groups;
        assert_eq!(
            groups.names().collect::<Vec<_>>(),
            vec!["conformists", "dissidents"]
        );
        let d = groups.get("dissidents").unwrap();
        assert_eq!(d.share, 0.2);
        assert_eq!(d.dissent, model::Beta::new(8.0, 2.0));
        assert_eq!(d.fear, model::Beta::new(1.0, 9.0));
    }

    #[test]
    fn a_network_of_the_default_kind_takes_missing_keys() {
        let s = load_text("[network]\nk = 6\n").unwrap();
        assert_eq!(s.file.network, Network::WattsStrogatz { k: 6, rewire: 0.1 });
        let e = load_text("[network]\nkind = \"erdos_renyi\"\n").unwrap_err();
        assert_eq!(
            e.lines(),
            vec!["x.toml: network.mean_degree (in the table at line 1): missing; required when kind = \"erdos_renyi\" (a number at least 0)"]
        );
    }

    #[test]
    fn lookup_follows_keys_and_indices() {
        let v: Value = toml::from_str("a = [{ b = 1 }]").unwrap();
        assert_eq!(
            lookup(&v, &KeyPath::parse("a[0].b").unwrap()),
            Some(&Value::Integer(1))
        );
        assert_eq!(lookup(&v, &KeyPath::parse("a[1].b").unwrap()), None);
    }
}
