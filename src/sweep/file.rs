//! Sweep files: parsing, resolving and validating.
//!
//! A sweep file names a base scenario, the parameters to vary and how:
//!
//! ```toml
//! base = "../baseline.toml"          # relative to the sweep file, or an inline [base] table
//! replicates = 10                    # runs per point (default 1)
//! design = "grid"                    # grid | random | latin_hypercube | morris | sobol (default grid)
//! samples = 64                       # points, for random and latin_hypercube; N for sobol
//! common_random_numbers = true       # replicate r of every point shares a seed (default)
//! seed = 7                           # optional: replaces the base scenario's seed
//! [parameters]
//! "score.friend_weight" = [0.0, 0.1, 0.2]          # a list
//! "reporting.reward" = { from = 0, to = 40, steps = 5 } # a grid range; { from, to } bounds otherwise
//! [overrides]                        # fixed changes to the base, by dotted key
//! ticks = 100
//! ```
//!
//! Sensitivity designs (see [`crate::sensitivity`]) take ranges only
//! (`{ from, to }`, `log = true` for a log-uniform range with positive
//! bounds), the measures to analyse, and their own settings:
//!
//! ```toml
//! design = "morris"
//! levels = 4                         # grid levels, even (default 4)
//! trajectories = 10                  # r (default 10); r × (parameters + 1) points
//! candidates = 40                    # optional: Campolongo's improved sampling, r of 40
//! # design = "sobol"
//! # samples = 256                    # N, a power of two; N × (parameters + 2) points
//! # second_order = true              # N × (2 × parameters + 2) points, and S2
//! measures = ["lost_half_share", "dissidents.isolated_share"]
//! ```
//!
//! Parsing goes in two stages, like a scenario: the text is read into a TOML
//! table and every key is checked (unknown keys refused, each problem named
//! with the sweep file and its key, saying what is allowed); then the
//! design is expanded into points and **every point's scenario is
//! validated before anything runs**. The result, [`Sweep`], carries its
//! resolved text (the base scenario embedded, overrides and seed applied,
//! grid ranges expanded), which is what `sweep.toml` holds and what the
//! sweep hash fingerprints: loading that text again gives the same sweep
//! and the same hash, wherever the original files went.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::design::{self, Design, Domain};
use super::seeds::run_seed;
use crate::error::{Error, Result};
use crate::output::fingerprint;
use crate::scenario::model::Network;
use crate::scenario::{self, Scenario, ScenarioError, ScenarioFile};

/// Keys a sweep file may hold.
pub const KEYS: [&str; 15] = [
    "name",
    "description",
    "base",
    "replicates",
    "design",
    "samples",
    "common_random_numbers",
    "seed",
    "parameters",
    "overrides",
    "levels",
    "trajectories",
    "candidates",
    "second_order",
    "measures",
];

/// Keys that belong to one sensitivity design: (key, design).
const DESIGN_KEYS: [(&str, &str); 4] = [
    ("levels", "morris"),
    ("trajectories", "morris"),
    ("candidates", "morris"),
    ("second_order", "sobol"),
];

/// At most this many runs in one sweep: a guard against a grid that
/// multiplies out to more than any machine could run.
pub const MAX_RUNS: u64 = 10_000_000;

/// One swept parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its dotted scenario key, e.g. `score.friend_weight`.
    pub key: String,
    /// The values it takes.
    pub domain: Domain,
}

/// One run of a sweep, planned before anything runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedRun {
    /// Position in the run list: `point_id · replicates + replicate`.
    pub run_id: u64,
    /// Index of the point in [`Sweep::points`].
    pub point_id: u64,
    /// Replicate number, `0..replicates`.
    pub replicate: u64,
    /// The scenario seed of this run ([`run_seed`]).
    pub seed: u64,
}

/// A parsed, resolved and validated sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The file it was read from.
    pub source: PathBuf,
    /// Its name (the `name` key, else the file stem).
    pub name: String,
    /// What question it asks.
    pub description: String,
    /// The base scenario with the overrides and the sweep seed applied.
    pub base: ScenarioFile,
    /// Overrides of network keys held back because `network.kind` is
    /// swept: each point takes those of its own kind (`network.m` for
    /// `barabasi_albert`, ...), with its values.
    pub kind_overrides: Vec<(String, Value)>,
    /// Runs per point.
    pub replicates: u32,
    /// How the points were chosen.
    pub design: Design,
    /// Number of points asked for (random and Latin hypercube designs),
    /// or N, the base samples of a Sobol' design.
    pub samples: Option<u32>,
    /// Whether replicate r of every point shares its seed.
    pub common_random_numbers: bool,
    /// The swept parameters, in file order.
    pub parameters: Vec<Parameter>,
    /// The points: one value per parameter, in the order of `parameters`.
    pub points: Vec<Vec<Value>>,
    /// The measures a sensitivity design analyses (see
    /// [`crate::sensitivity::measure`]); empty for other designs.
    pub measures: Vec<String>,
    /// The resolved sweep as TOML (what `sweep.toml` holds).
    pub text: String,
    /// [`fingerprint`] of `text`.
    pub hash: String,
}

impl Sweep {
    /// Number of runs: points × replicates.
    pub fn runs_total(&self) -> u64 {
        self.points.len() as u64 * self.replicates as u64
    }

    /// The run with id `run_id` (`< runs_total()`).
    pub fn planned(&self, run_id: u64) -> PlannedRun {
        let r = self.replicates as u64;
        let (point_id, replicate) = (run_id / r, run_id % r);
        PlannedRun {
            run_id,
            point_id,
            replicate,
            seed: run_seed(
                self.base.seed,
                point_id,
                replicate,
                self.common_random_numbers,
            ),
        }
    }

    /// Every run, in run-id order (point-major: all replicates of point 0,
    /// then point 1, ...).
    pub fn plan(&self) -> Vec<PlannedRun> {
        (0..self.runs_total()).map(|id| self.planned(id)).collect()
    }

    /// The scenario of point `point_id` with the base seed.
    pub fn point_file(&self, point_id: u64) -> ScenarioFile {
        apply_point(
            &self.base,
            &self.kind_overrides,
            &self.parameters,
            &self.points[point_id as usize],
        )
        .expect("points were validated when the sweep was loaded")
    }

    /// The scenario a planned run runs.
    pub fn scenario(&self, run: &PlannedRun) -> Scenario {
        let mut file = self.point_file(run.point_id);
        file.seed = run.seed;
        Scenario {
            file,
            source: self.source.clone(),
        }
    }

    /// The parameter keys, in order (the parameter columns of the outputs).
    pub fn parameter_keys(&self) -> Vec<String> {
        self.parameters.iter().map(|p| p.key.clone()).collect()
    }
}

/// Reads and validates the sweep file at `path`.
pub fn load(path: &Path) -> Result<Sweep> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::input(format!(
            "{}: cannot read the sweep file: {e}",
            path.display()
        ))
    })?;
    parse(&text, path)
}

/// Parses and validates sweep text read from `source` (relative paths are
/// relative to its folder). Every problem is reported, one per line,
/// prefixed with the file.
pub fn parse(text: &str, source: &Path) -> Result<Sweep> {
    let fail = |lines: Vec<String>| {
        Error::input(
            lines
                .iter()
                .map(|l| format!("{}: {l}", source.display()))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        fail(vec![format!(
            "not valid TOML: {}",
            e.to_string().trim_end()
        )])
    })?;
    let mut problems = Vec::new();
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            problems.push(format!(
                "unknown key `{key}`; a sweep file may hold {}",
                KEYS.join(", ")
            ));
        }
    }
    let folder = source.parent().unwrap_or(Path::new("")).to_path_buf();
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sweep".into());

    let name = text_key(&table, "name", &mut problems).unwrap_or(stem);
    let description = text_key(&table, "description", &mut problems).unwrap_or_default();
    let replicates = count_key(&table, "replicates", &mut problems).unwrap_or(1);
    let design = match table.get("design") {
        None => Design::Grid,
        Some(Value::String(s)) => Design::parse(s).unwrap_or_else(|| {
            problems.push(format!(
                "design = {s:?}: unknown design; choose one of {}",
                Design::NAMES.join(", ")
            ));
            Design::Grid
        }),
        Some(v) => {
            problems.push(format!(
                "design = {v}: expected one of {}",
                quoted(&Design::NAMES)
            ));
            Design::Grid
        }
    };
    let samples = count_key(&table, "samples", &mut problems);
    match (design, samples) {
        (Design::Grid, Some(_)) => problems.push(
            "samples: only random, latin_hypercube and sobol designs take samples; a grid runs every combination".into(),
        ),
        (Design::Morris(_), Some(_)) => problems.push(
            "samples: a morris design takes trajectories (and levels), not samples".into(),
        ),
        (Design::Random | Design::LatinHypercube, None) if table.get("samples").is_none() => {
            problems.push(format!(
                "samples: missing; design \"{}\" needs the number of points, e.g. samples = 64",
                design.name()
            ))
        }
        (Design::Sobol(_), None) if table.get("samples").is_none() => problems.push(
            "samples: missing; design \"sobol\" needs N, the base samples (a power of two), e.g. samples = 256".into(),
        ),
        _ => {}
    }
    let design = sensitivity_settings(&table, design, samples, &mut problems);
    let common_random_numbers = match table.get("common_random_numbers") {
        None => true,
        Some(Value::Boolean(b)) => *b,
        Some(v) => {
            problems.push(format!(
                "common_random_numbers = {v}: expected true or false"
            ));
            true
        }
    };
    let seed = match table.get("seed") {
        None => None,
        Some(Value::Integer(s)) if *s >= 0 => Some(*s as u64),
        Some(v) => {
            problems.push(format!("seed = {v}: expected a non-negative integer"));
            None
        }
    };

    // The base scenario, then the overrides and the seed.
    let base = match table.get("base") {
        None => {
            problems.push(
                "base: missing; name the base scenario, e.g. base = \"../baseline.toml\"".into(),
            );
            None
        }
        Some(Value::String(path)) => {
            let path = folder.join(path);
            match scenario::load(&path, &scenario::Overrides::default()) {
                Ok(s) => Some(absolute_network_path(s.file, &path)),
                Err(e) => {
                    problems.extend(e.problems.iter().map(|p| format!("base: {p}")));
                    None
                }
            }
        }
        Some(Value::Table(t)) => {
            // An inline base is loaded like a scenario file at the sweep's place.
            let text = toml::to_string(t).unwrap_or_default();
            match scenario::load_str(&text, source, &scenario::Overrides::default()) {
                Ok(s) => Some(absolute_network_path(s.file, source)),
                Err(e) => {
                    problems.extend(e.problems.iter().map(|p| format!("base: {p}")));
                    None
                }
            }
        }
        Some(v) => {
            problems.push(format!(
                "base = {v}: expected the path of a scenario file (or an inline [base] table)"
            ));
            None
        }
    };
    let mut base = base.unwrap_or_default();
    // Sweeping the network's kind, the overrides may give each kind's keys;
    // those are held back and set at each point of their kind.
    let kind_swept = match table.get("parameters") {
        Some(Value::Table(t)) => {
            let mut flat = Vec::new();
            flatten_parameters("", t, &mut flat);
            flat.iter().any(|(k, _)| k == "network.kind")
        }
        _ => false,
    };
    let mut kind_overrides = Vec::new();
    match table.get("overrides") {
        None => {}
        Some(Value::Table(t)) => {
            let mut sets = Vec::new();
            for (key, value) in t {
                if key == "seed" {
                    problems.push(
                        "overrides.seed: set the sweep's seed with the top-level `seed` key".into(),
                    );
                } else if kind_swept && is_kind_key(key) {
                    if network_field(key).is_none() {
                        problems.push(format!(
                            "overrides.{}: unknown key; a network of any kind takes {}",
                            quote_key(key),
                            network_fields().join(", ")
                        ));
                    } else {
                        kind_overrides.push((key.clone(), value.clone()));
                    }
                } else {
                    sets.push((key.clone(), value.clone()));
                }
            }
            if let Err(lines) = scenario::set_keys(&mut base, &sets) {
                problems.extend(lines.problems.iter().map(|p| match &p.key {
                    Some(key) => format!("overrides.{}: {}", quote_key(key), p.message),
                    None => format!("overrides: {}", p.message),
                }));
            }
        }
        Some(v) => problems.push(format!(
            "overrides = {v}: expected a table of dotted keys, e.g. [overrides] ticks = 100"
        )),
    }
    if let Some(seed) = seed {
        base.seed = seed;
    }

    let mut parameters = Vec::new();
    match table.get("parameters") {
        None => {}
        Some(Value::Table(t)) => {
            let mut flat = Vec::new();
            flatten_parameters("", t, &mut flat);
            for (key, spec) in flat {
                if parameters.iter().any(|p: &Parameter| p.key == key) {
                    problems.push(format!("parameters.{}: given twice", quote_key(&key)));
                    continue;
                }
                match parameter(&base, &key, &spec, design) {
                    Ok(p) => parameters.push(p),
                    Err(p) => problems.push(format!("parameters.{}: {p}", quote_key(&key))),
                }
            }
        }
        Some(v) => problems.push(format!(
            "parameters = {v}: expected a table of dotted keys, each a list or a range"
        )),
    }
    if design.method().is_some() && parameters.is_empty() && table.contains_key("parameters") {
        problems.push(format!(
            "parameters: a {} design needs at least one parameter with a range",
            design.name()
        ));
    } else if design.method().is_some() && parameters.is_empty() {
        problems.push(format!(
            "parameters: missing; a {} design needs at least one parameter with a range, e.g. \"score.friend_weight\" = {{ from = 0, to = 0.5 }}",
            design.name()
        ));
    }
    if let Design::Sobol(_) = design {
        if parameters.len() > crate::sensitivity::sobol::MAX_PARAMETERS {
            problems.push(format!(
                "parameters: {} parameters; a sobol design takes at most {}",
                parameters.len(),
                crate::sensitivity::sobol::MAX_PARAMETERS
            ));
        }
    }
    if let Design::Morris(m) = design {
        // Choosing among candidates compares every pair point by point.
        let d = parameters.len() as f64;
        if let Some(c) = m.candidates {
            let work = (c as f64).powi(2) / 2.0 * (d + 1.0).powi(2) * d;
            if work > 2e10 {
                problems.push(format!(
                    "candidates = {c}: too many to compare with {} parameters (every pair of candidates is compared point by point); use at most {}",
                    parameters.len(),
                    ((2.0 * 2e10 / ((d + 1.0).powi(2) * d)).sqrt() as u64).max(m.trajectories as u64 + 1)
                ));
            }
        }
    }
    let measures = measures_key(&table, design, &base, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    // The points and every point's scenario.
    let point_count: u64 = match design {
        Design::Grid => parameters
            .iter()
            .map(|p| match &p.domain {
                Domain::Values(v) => v.len() as u64,
                Domain::Interval { .. } | Domain::LogInterval { .. } => 2,
            })
            .try_fold(1u64, |a, b| a.checked_mul(b))
            .unwrap_or(u64::MAX),
        Design::Morris(_) | Design::Sobol(_) => design
            .method()
            .map_or(0, |m| m.len(parameters.len()) as u64),
        _ => samples.unwrap_or(1) as u64,
    };
    let runs = point_count.saturating_mul(replicates as u64);
    if runs > MAX_RUNS {
        return Err(fail(vec![format!(
            "{point_count} points × {replicates} replicates is {runs} runs, more than the {MAX_RUNS} a sweep may hold; use fewer values or a random design"
        )]));
    }
    let domains: Vec<Domain> = parameters.iter().map(|p| p.domain.clone()).collect();
    let points = design::expand(design, &domains, samples.unwrap_or(1) as usize, base.seed);
    let mut problems = check_points(&base, &kind_overrides, &parameters, &points);
    if !problems.is_empty() {
        problems.push(format!(
            "checked every point of design {}: {} points × {replicates} replicate{} = {runs} runs; nothing ran",
            design.name(),
            points.len(),
            if replicates == 1 { "" } else { "s" }
        ));
        return Err(fail(problems));
    }

    let mut sweep = Sweep {
        source: source.to_path_buf(),
        name,
        description,
        base,
        replicates,
        kind_overrides,
        design,
        samples,
        common_random_numbers,
        parameters,
        points,
        measures,
        text: String::new(),
        hash: String::new(),
    };
    sweep.text = resolved_text(&sweep)?;
    sweep.hash = fingerprint(&sweep.text);
    Ok(sweep)
}

/// A `file` network's relative path made absolute (relative to the folder
/// of `source`), so the resolved sweep runs from anywhere.
fn absolute_network_path(mut file: ScenarioFile, source: &Path) -> ScenarioFile {
    if let Network::File { path, .. } = &mut file.network {
        let p = Path::new(path.as_str());
        if p.is_relative() {
            let joined = source.parent().unwrap_or(Path::new("")).join(p);
            let absolute = std::path::absolute(&joined).unwrap_or(joined);
            *path = absolute.to_string_lossy().into_owned();
        }
    }
    file
}

fn text_key(table: &Table, key: &str, problems: &mut Vec<String>) -> Option<String> {
    match table.get(key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            problems.push(format!("{key} = {v}: expected a quoted text"));
            None
        }
    }
}

fn count_key(table: &Table, key: &str, problems: &mut Vec<String>) -> Option<u32> {
    match table.get(key) {
        None => None,
        Some(Value::Integer(n)) if *n >= 1 && *n <= u32::MAX as i64 => Some(*n as u32),
        Some(v) => {
            problems.push(format!("{key} = {v}: expected a whole number ≥ 1"));
            None
        }
    }
}

/// The settings of a Morris or Sobol' design (`levels`, `trajectories`,
/// `candidates`; `samples`, `second_order`), each checked, and these keys
/// refused for the other designs.
fn sensitivity_settings(
    table: &Table,
    design: Design,
    samples: Option<u32>,
    problems: &mut Vec<String>,
) -> Design {
    for (key, owner) in DESIGN_KEYS {
        if table.contains_key(key) && design.name() != owner {
            problems.push(format!(
                "{key}: only a {owner} design takes {key}; this sweep's design is {}",
                design.name()
            ));
        }
    }
    match design {
        Design::Morris(mut m) => {
            match table.get("levels") {
                None => {}
                Some(Value::Integer(p)) if *p >= 2 && *p <= 1000 && p % 2 == 0 => {
                    m.levels = *p as u32
                }
                Some(v) => problems.push(format!(
                    "levels = {v}: expected an even whole number from 2 to 1000 (the grid levels of each parameter; 4 is usual)"
                )),
            }
            match table.get("trajectories") {
                None => {}
                Some(Value::Integer(r)) if *r >= 2 && *r <= 100_000 => m.trajectories = *r as u32,
                Some(v) => problems.push(format!(
                    "trajectories = {v}: expected a whole number from 2 to 100000 (10 to 50 is usual)"
                )),
            }
            match table.get("candidates") {
                None => {}
                Some(Value::Integer(c)) if *c > m.trajectories as i64 && *c <= 1000 => {
                    m.candidates = Some(*c as u32)
                }
                Some(v) => problems.push(format!(
                    "candidates = {v}: expected a whole number above trajectories ({}) and at most 1000: the trajectories drawn, of which the {} most spread out are kept",
                    m.trajectories, m.trajectories
                )),
            }
            Design::Morris(m)
        }
        Design::Sobol(mut s) => {
            if let Some(n) = samples {
                if n.is_power_of_two() && n >= 2 {
                    s.samples = n;
                } else {
                    problems.push(format!(
                        "samples = {n}: a sobol design needs N a power of two ≥ 2 (e.g. 64, 128, 256, 512), so its base samples are a net of the Sobol' sequence"
                    ));
                }
            }
            match table.get("second_order") {
                None => {}
                Some(Value::Boolean(b)) => s.second_order = *b,
                Some(v) => problems.push(format!("second_order = {v}: expected true or false")),
            }
            Design::Sobol(s)
        }
        other => other,
    }
}

/// The `measures` of a sensitivity design, each checked against the base
/// scenario (default: [`crate::sensitivity::measure::defaults`]).
fn measures_key(
    table: &Table,
    design: Design,
    base: &ScenarioFile,
    problems: &mut Vec<String>,
) -> Vec<String> {
    use crate::sensitivity::measure::{defaults, Measure};
    let Some(spec) = table.get("measures") else {
        return if design.method().is_some() {
            defaults(base)
        } else {
            Vec::new()
        };
    };
    if design.method().is_none() {
        problems.push(format!(
            "measures: only morris and sobol designs analyse measures; this sweep's design is {}",
            design.name()
        ));
        return Vec::new();
    }
    let names: Vec<String> = match spec {
        Value::Array(list) if !list.is_empty() => list
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                other => {
                    problems.push(format!("measures: {other} is not a quoted measure name"));
                    None
                }
            })
            .collect(),
        v => {
            problems.push(format!(
                "measures = {v}: expected a list of measure names, e.g. [\"lost_half_share\", \"dissidents.isolated_share\"]"
            ));
            return Vec::new();
        }
    };
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if kept.contains(&name) {
            problems.push(format!("measures: {name} given twice"));
        } else if let Err(e) = Measure::parse(&name, base) {
            problems.push(format!("measures: {e}"));
        } else {
            kept.push(name);
        }
    }
    kept
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A dotted key as written in TOML: quoted when it holds dots.
fn quote_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// Whether a table is a range or bounds spec (`from`, `to`, `steps`).
fn is_range(t: &Table) -> bool {
    t.contains_key("from") || t.contains_key("to") || t.contains_key("steps")
}

/// The `[parameters]` entries as (dotted key, spec): an unquoted dotted key
/// (`score.friend_weight = [...]`) is a nested table in TOML and is joined
/// back into its dotted form.
fn flatten_parameters(prefix: &str, table: &Table, out: &mut Vec<(String, Value)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Table(t) if !is_range(t) => flatten_parameters(&key, t, out),
            _ => out.push((key, v.clone())),
        }
    }
}

/// What kind of value a scenario key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Float,
    Other,
}

/// The kind of value at `key`: read from the base scenario where the key is
/// written out, else probed (a key that takes 1 but refuses 0.5 is an integer).
fn key_kind(base: &ScenarioFile, key: &str) -> Kind {
    let found = Value::try_from(base).ok().and_then(|root| {
        key.split('.')
            .try_fold(root, |node, part| node.get(part).cloned())
    });
    match found {
        Some(Value::Integer(_)) => Kind::Integer,
        Some(Value::Float(_)) => Kind::Float,
        Some(_) => Kind::Other,
        None => {
            let takes = |v: Value| scenario::set_key(&mut base.clone(), key, &v).is_ok();
            match (takes(Value::Integer(1)), takes(Value::Float(0.5))) {
                (true, false) => Kind::Integer,
                (_, true) => Kind::Float,
                _ => Kind::Other,
            }
        }
    }
}

/// A number as f64, if it is one.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// One `[parameters]` entry checked against the base scenario.
fn parameter(
    base: &ScenarioFile,
    key: &str,
    spec: &Value,
    design: Design,
) -> std::result::Result<Parameter, ScenarioError> {
    if key == "seed" {
        return refuse(
            "the seed is set per replicate (see common_random_numbers); sweep `replicates` instead",
        );
    }
    // Unknown keys first, with the scenario's own message.
    let probe = match spec {
        Value::Array(list) => list.first().cloned(),
        Value::Table(t) => t.get("from").cloned(),
        _ => None,
    };
    if let Some(v) = &probe {
        let mut copy = base.clone();
        if let Err(e) = scenario::set_key(&mut copy, key, v) {
            if e.to_string().contains("unknown") {
                return Err(ScenarioError::new(e.to_string()));
            }
        }
    }
    let kind = key_kind(base, key);
    // Whole floats for integer keys, integers for float keys.
    let normal = |v: &Value| -> std::result::Result<Value, ScenarioError> {
        match (kind, v) {
            (Kind::Integer, Value::Float(f)) if f.fract() == 0.0 => Ok(Value::Integer(*f as i64)),
            (Kind::Integer, Value::Float(f)) => refuse(format!("{f}: {key} takes whole numbers")),
            (Kind::Float, Value::Integer(i)) => Ok(Value::Float(*i as f64)),
            (_, v) => Ok(v.clone()),
        }
    };
    match spec {
        Value::Array(_) if design.method().is_some() => refuse(format!(
            "a {} design varies each parameter over a range: give {{ from = .., to = .. }} instead of a list",
            design.name()
        )),
        Value::Array(list) => {
            if list.is_empty() {
                return refuse("empty list; give at least one value");
            }
            let values = list
                .iter()
                .map(normal)
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(Parameter {
                key: key.to_string(),
                domain: Domain::Values(values),
            })
        }
        Value::Table(t) => {
            if kind == Kind::Other {
                return refuse(format!(
                    "{key} does not take a number, so it cannot have a range; give a list of values"
                ));
            }
            let allowed: &[&str] = match design {
                Design::Grid => &["from", "to", "steps"],
                _ => &["from", "to", "log"],
            };
            for k in t.keys() {
                if !allowed.contains(&k.as_str()) {
                    return refuse(if k == "log" {
                        "log: a grid lists its values evenly spaced; log = true belongs to random, latin_hypercube, morris and sobol designs".to_string()
                    } else if k == "steps" {
                        format!(
                            "steps: a {} design draws values between from and to; steps belongs to a grid",
                            design.name()
                        )
                    } else {
                        format!(
                            "unknown key `{k}` in a range; a {} range takes {}",
                            design.name(),
                            allowed.join(", ")
                        )
                    });
                }
            }
            let end = |name: &str| -> std::result::Result<f64, ScenarioError> {
                let v = t
                    .get(name)
                    .ok_or_else(|| ScenarioError::new(format!("{name}: missing; a range needs from and to")))?;
                let x = number(v).ok_or_else(|| ScenarioError::new(format!("{name} = {v}: expected a number")))?;
                if kind == Kind::Integer && x.fract() != 0.0 {
                    return refuse(format!("{name} = {v}: {key} takes whole numbers"));
                }
                Ok(x)
            };
            let (from, to) = (end("from")?, end("to")?);
            if !(from.is_finite() && to.is_finite()) || from > to {
                return refuse(format!("from = {from}, to = {to}: need from ≤ to"));
            }
            let integer = kind == Kind::Integer;
            let log = match t.get("log") {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(v) => return refuse(format!("log = {v}: expected true or false")),
            };
            if log && from <= 0.0 {
                return refuse(format!(
                    "from = {from}: a log range (log = true) needs positive bounds, 0 < from ≤ to"
                ));
            }
            let domain = if log {
                Domain::LogInterval { from, to, integer }
            } else if design == Design::Grid {
                let steps = match t.get("steps") {
                    Some(Value::Integer(s)) if *s >= 2 && *s <= 1_000_000 => *s as u32,
                    Some(Value::Integer(s)) if *s == 1 || *s == 0 => {
                        return refuse(format!(
                            "steps = {s}: a range needs steps ≥ 2 (it runs from `from` to `to`, both included); \
                             for a single value write a list, e.g. [{}]",
                            t.get("from").map(|v| v.to_string()).unwrap_or_else(|| "0.2".into())
                        ))
                    }
                    Some(v) => {
                        return refuse(format!("steps = {v}: expected a whole number in [2, 1000000]"))
                    }
                    None => {
                        return refuse(
                            "steps: missing; a grid range needs the number of values, e.g. { from = 0, to = 0.5, steps = 6 }",
                        )
                    }
                };
                Domain::Values(design::grid_range(from, to, steps, integer))
            } else {
                Domain::Interval { from, to, integer }
            };
            Ok(Parameter {
                key: key.to_string(),
                domain,
            })
        }
        v => {
            refuse(format!(
            "{v}: expected a list of values, e.g. [0.0, 0.1], or a range {{ from = 0, to = 1{} }}",
            if design == Design::Grid { ", steps = 5" } else { "" }
        ))
        }
    }
}

/// A key of the network other than its kind (`network.mean_degree`).
fn is_kind_key(key: &str) -> bool {
    key.strip_prefix("network.")
        .is_some_and(|rest| rest != "kind" && !rest.contains('.'))
}

/// The network kinds whose tables hold `key` (`network.m`: barabasi_albert);
/// `None` if no kind does.
fn network_field(key: &str) -> Option<Vec<&'static str>> {
    let name = key.strip_prefix("network.")?;
    let kinds: Vec<&'static str> = crate::scenario::schema::NETWORK_KINDS
        .iter()
        .copied()
        .filter(|kind| kind_takes(kind, name))
        .collect();
    (!kinds.is_empty()).then_some(kinds)
}

/// Whether a network of `kind` takes the key `name`.
fn kind_takes(kind: &str, name: &str) -> bool {
    use crate::scenario::key_path::KeyPath;
    use crate::scenario::schema::node_at;
    KeyPath::parse("network")
        .ok()
        .and_then(|path| node_at(&path))
        .and_then(|node| node.variant(kind))
        .is_some_and(|fields| fields.iter().any(|f| f.name == name))
}

/// Every key a network of some kind takes, as `network.KEY`.
fn network_fields() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for kind in crate::scenario::schema::NETWORK_KINDS {
        if let Some(fields) = crate::scenario::key_path::KeyPath::parse("network")
            .ok()
            .and_then(|path| crate::scenario::schema::node_at(&path))
            .and_then(|node| node.variant(kind))
        {
            for f in fields {
                let name = format!("network.{}", f.name);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The base scenario with one point's values set, together with the held
/// back network overrides of the point's kind (see [`Sweep::kind_overrides`]).
fn apply_point(
    base: &ScenarioFile,
    kind_overrides: &[(String, Value)],
    parameters: &[Parameter],
    values: &[Value],
) -> std::result::Result<ScenarioFile, ScenarioError> {
    let kind = parameters
        .iter()
        .zip(values)
        .find(|(p, _)| p.key == "network.kind")
        .and_then(|(_, v)| v.as_str());
    let mut sets: Vec<(String, Value)> = Vec::new();
    if let Some(kind) = kind {
        sets.extend(
            kind_overrides
                .iter()
                .filter(|(key, _)| {
                    key.strip_prefix("network.")
                        .is_some_and(|k| kind_takes(kind, k))
                })
                .cloned(),
        );
    }
    sets.extend(
        parameters
            .iter()
            .zip(values)
            .map(|(p, v)| (p.key.clone(), v.clone())),
    );
    let mut file = base.clone();
    scenario::set_keys(&mut file, &sets).map_err(|e| {
        let lines = e.lines();
        let mut text = lines.join("; ");
        if kind.is_some()
            && lines
                .iter()
                .any(|l| l.starts_with("network.") && l.contains(": missing"))
        {
            text += " (sweeping network.kind, give each kind's keys in [overrides])";
        }
        ScenarioError::new(text)
    })?;
    Ok(file)
}

/// A problem of a sweep entry, known by its message only: the caller adds
/// where it is.
fn refuse<T>(message: impl Into<String>) -> std::result::Result<T, ScenarioError> {
    Err(ScenarioError::new(message))
}

/// How a point is named in messages: `point 3 (score.friend_weight = 0.3)`.
fn describe_point(id: usize, parameters: &[Parameter], values: &[Value]) -> String {
    let settings: Vec<String> = parameters
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{} = {v}", p.key))
        .collect();
    if settings.is_empty() {
        format!("point {id}")
    } else {
        format!("point {id} ({})", settings.join(", "))
    }
}

/// Both ends of each interval validated (so a bound out of range is refused
/// even if no sample hit it), then every point's scenario. A problem shared
/// by several points is reported once, where it is first found.
fn check_points(
    base: &ScenarioFile,
    kind_overrides: &[(String, Value)],
    parameters: &[Parameter],
    points: &[Vec<Value>],
) -> Vec<String> {
    let mut problems: Vec<(String, String, usize)> = Vec::new();
    let noted = std::cell::Cell::new(0usize);
    let mut note = |problem: String, at: String| {
        noted.set(noted.get() + 1);
        if let Some(p) = problems.iter_mut().find(|p| p.0 == problem) {
            p.2 += 1;
        } else {
            problems.push((problem, at, 0));
        }
    };
    for p in parameters {
        if let Domain::Interval { from, to, integer } | Domain::LogInterval { from, to, integer } =
            p.domain
        {
            for end in [from, to] {
                let v = if integer {
                    Value::Integer(end as i64)
                } else {
                    Value::Float(end)
                };
                let mut file = base.clone();
                let at = format!("bound {} = {v}", p.key);
                match scenario::set_key(&mut file, &p.key, &v) {
                    Err(e) => note(e.to_string(), at),
                    Ok(()) => {
                        for problem in scenario_problems(&file) {
                            note(problem, at.clone());
                        }
                    }
                }
            }
        }
    }
    let mut columns: Option<(Vec<String>, usize)> = None;
    let mut bad_points = 0;
    for (id, values) in points.iter().enumerate() {
        let at = describe_point(id, parameters, values);
        let before = noted.get();
        match apply_point(base, kind_overrides, parameters, values) {
            Err(e) => note(e.to_string(), at),
            Ok(file) => {
                for p in scenario_problems(&file) {
                    note(p, at.clone());
                }
                let cols = crate::observe::metric_columns(&file);
                match &columns {
                    None => columns = Some((cols, id)),
                    Some((first, first_id)) if *first != cols => note(
                        format!(
                            "records other measures than point {first_id} (a swept key changes the perks); every point must record the same columns"
                        ),
                        at,
                    ),
                    _ => {}
                }
            }
        }
        if noted.get() > before {
            bad_points += 1;
        }
    }
    let mut lines: Vec<String> = problems
        .into_iter()
        .map(|(problem, at, more)| match more {
            0 => format!("parameters: at {at}: {problem}"),
            1 => format!("parameters: at {at} (and 1 more point): {problem}"),
            n => format!("parameters: at {at} (and {n} more points): {problem}"),
        })
        .collect();
    if bad_points > 0 {
        lines.push(format!(
            "parameters: {bad_points} of {} points have problems",
            points.len()
        ));
    }
    lines
}

/// Problems of a scenario, one line each (`key: what is wrong`).
fn scenario_problems(file: &ScenarioFile) -> Vec<String> {
    scenario::validate(file)
        .into_iter()
        .map(|p| p.to_string())
        .collect()
}

/// The resolved sweep as TOML: the base embedded as `[base]`, grid ranges
/// written as lists, overrides and seed applied (so neither appears, but
/// for the network keys held back for a swept kind, in `[overrides]`).
fn resolved_text(sweep: &Sweep) -> Result<String> {
    let mut t = Table::new();
    t.insert("name".into(), Value::String(sweep.name.clone()));
    t.insert(
        "description".into(),
        Value::String(sweep.description.clone()),
    );
    t.insert("replicates".into(), Value::Integer(sweep.replicates as i64));
    t.insert("design".into(), Value::String(sweep.design.name().into()));
    if let Some(s) = sweep.samples {
        t.insert("samples".into(), Value::Integer(s as i64));
    }
    match sweep.design {
        Design::Morris(m) => {
            t.insert("levels".into(), Value::Integer(m.levels as i64));
            t.insert("trajectories".into(), Value::Integer(m.trajectories as i64));
            if let Some(c) = m.candidates {
                t.insert("candidates".into(), Value::Integer(c as i64));
            }
        }
        Design::Sobol(s) => {
            t.insert("second_order".into(), Value::Boolean(s.second_order));
        }
        _ => {}
    }
    if !sweep.measures.is_empty() {
        t.insert(
            "measures".into(),
            Value::Array(sweep.measures.iter().cloned().map(Value::String).collect()),
        );
    }
    t.insert(
        "common_random_numbers".into(),
        Value::Boolean(sweep.common_random_numbers),
    );
    let mut params = Table::new();
    for p in &sweep.parameters {
        let spec = match &p.domain {
            Domain::Values(v) => Value::Array(v.clone()),
            Domain::Interval { from, to, integer } | Domain::LogInterval { from, to, integer } => {
                let end = |x: f64| {
                    if *integer {
                        Value::Integer(x as i64)
                    } else {
                        Value::Float(x)
                    }
                };
                let mut r = Table::new();
                r.insert("from".into(), end(*from));
                r.insert("to".into(), end(*to));
                if matches!(p.domain, Domain::LogInterval { .. }) {
                    r.insert("log".into(), Value::Boolean(true));
                }
                Value::Table(r)
            }
        };
        params.insert(p.key.clone(), spec);
    }
    t.insert("parameters".into(), Value::Table(params));
    if !sweep.kind_overrides.is_empty() {
        let held: Table = sweep.kind_overrides.iter().cloned().collect();
        t.insert("overrides".into(), Value::Table(held));
    }
    t.insert(
        "base".into(),
        Value::try_from(&sweep.base).expect("a scenario always serialises"),
    );
    let body = toml::to_string(&t).expect("a resolved sweep always serialises");
    Ok(format!(
        "# The resolved sweep, written by sesame: the base scenario is embedded,\n\
         # so this file alone runs the same sweep (sesame sweep <this file>).\n{}{body}",
        point_network_files(sweep)?
    ))
}

/// Comment lines naming the fingerprint of each edge list that points of
/// the sweep read besides the base's (a swept `network.path`), so that the
/// sweep's hash covers every file it runs on, and resuming or merging with
/// an edited file is refused. Empty when no point names another file.
fn point_network_files(sweep: &Sweep) -> Result<String> {
    if !sweep
        .parameters
        .iter()
        .any(|p| p.key.starts_with("network."))
    {
        return Ok(String::new());
    }
    let mut files = std::collections::BTreeSet::new();
    for point in 0..sweep.points.len() as u64 {
        if let Network::File {
            path, hash: None, ..
        } = sweep.point_file(point).network
        {
            files.insert(path);
        }
    }
    let mut lines = String::new();
    for path in files {
        let hash = crate::output::file_fingerprint(Path::new(&path))
            .map_err(|e| Error::input(format!("network.path = {path:?}: cannot read it: {e}")))?;
        lines += &format!("# network file {path:?}: {hash}\n");
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_at(text: &str) -> Result<Sweep> {
        parse(text, Path::new("/tmp/sweeps/test-sweep.toml"))
    }

    const BASE: &str = "base = { name = \"tiny\", ticks = 3, population = { size = 50 } }\n";

    #[test]
    fn grid_with_list_and_range() {
        let s = parse_at(&format!(
            "{BASE}replicates = 2\n[parameters]\n\"score.friend_weight\" = [0.0, 0.25]\n\"reporting.reward\" = {{ from = 0, to = 40, steps = 3 }}\n"
        ))
        .unwrap();
        assert_eq!(s.points.len(), 6);
        assert_eq!(s.runs_total(), 12);
        assert_eq!(s.name, "test-sweep");
        assert_eq!(
            s.points[1],
            [Value::Float(0.0), Value::Float(20.0)],
            "the reward is a float key, so the integers become floats"
        );
        // Points: (0, 0), (0, 20), (0, 40), (0.25, 0), ...; run 7 is point 3, replicate 1.
        let run = s.planned(7);
        assert_eq!((run.point_id, run.replicate), (3, 1));
        let scenario = s.scenario(&run);
        assert_eq!(scenario.file.score.friend_weight, 0.25);
        assert_eq!(scenario.file.reporting.reward, 0.0);
        assert_eq!(scenario.file.seed, run.seed);
        assert_eq!(
            s.planned(1).seed,
            s.planned(3).seed,
            "common random numbers"
        );
    }

    #[test]
    fn resolved_text_reloads_to_the_same_hash() {
        let s = parse_at(&format!(
            "{BASE}replicates = 2\nseed = 99\ndesign = \"latin_hypercube\"\nsamples = 5\n[parameters]\nscore.friend_weight = {{ from = 0, to = 0.5 }}\n\"ties.max_degree\" = {{ from = 10, to = 20 }}\n[overrides]\nticks = 4\n\"score.reversion\" = 0.05\n"
        ))
        .unwrap();
        assert_eq!(s.base.ticks, 4);
        assert_eq!(s.base.seed, 99);
        assert_eq!(s.base.score.reversion, 0.05);
        assert_eq!(
            s.parameter_keys(),
            ["score.friend_weight", "ties.max_degree"]
        );
        assert!(s.points.iter().all(|p| p[1].is_integer()));
        let again = parse(&s.text, Path::new("/elsewhere/sweep.toml")).unwrap();
        assert_eq!(again.text, s.text);
        assert_eq!(again.hash, s.hash);
        assert_eq!(again.points, s.points);
        assert_eq!(again.name, "test-sweep");
    }

    fn problems(text: &str) -> String {
        match parse_at(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_sweep_files_are_refused_with_clear_messages() {
        let cases: [(&str, &[&str]); 13] = [
            ("[parameters]\n", &["base: missing"]),
            (
                &format!("{BASE}replicate = 3\n"),
                &["unknown key `replicate`", "replicates"],
            ),
            (
                &format!("{BASE}[parameters]\n\"score.friend_wieght\" = [0.1]\n"),
                &["score.friend_wieght", "unknown"],
            ),
            (
                &format!("{BASE}[parameters]\n\"score.friend_weight\" = []\n"),
                &["score.friend_weight", "empty list"],
            ),
            (
                &format!("{BASE}[parameters]\n\"score.friend_weight\" = [0.2, 1.5]\n"),
                &["point 1", "score.friend_weight = 1.5", "must be in [0, 1"],
            ),
            (
                &format!("{BASE}design = \"sobel\"\n"),
                &["sobel", "grid, random, latin_hypercube, morris, sobol"],
            ),
            (
                &format!("{BASE}design = \"random\"\n"),
                &["samples: missing"],
            ),
            (&format!("{BASE}samples = 4\n"), &["samples", "grid"]),
            (
                &format!("{BASE}[parameters]\n\"score.friend_weight\" = {{ from = 0, to = 1 }}\n"),
                &["steps: missing"],
            ),
            (
                &format!("{BASE}design = \"random\"\nsamples = 3\n[parameters]\n\"score.friend_weight\" = {{ from = 0, to = 2 }}\n"),
                &["bound score.friend_weight = 2", "must be in [0, 1"],
            ),
            (
                &format!("{BASE}[parameters]\n\"ties.max_degree\" = {{ from = 1.5, to = 9, steps = 2 }}\n"),
                &["whole numbers"],
            ),
            (
                &format!("{BASE}[parameters]\n\"score.friend_weight\" = {{ from = 0.1, to = 0.5, steps = 1 }}\n"),
                &["steps = 1", "steps ≥ 2", "[0.1]"],
            ),
            (
                &format!("{BASE}[parameters]\n\"ties.rule\" = {{ from = 0, to = 1, steps = 2 }}\n"),
                &["does not take a number", "list"],
            ),
        ];
        for (text, needles) in cases {
            let message = problems(text);
            assert!(
                message.starts_with("/tmp/sweeps/test-sweep.toml: "),
                "{message}"
            );
            for n in needles {
                assert!(message.contains(n), "{message:?} lacks {n:?}");
            }
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let message = problems(&format!(
            "{BASE}replicates = 0\ncolour = 1\n[parameters]\n\"score.friend_weight\" = []\n"
        ));
        assert_eq!(message.lines().count(), 3, "{message}");
    }

    #[test]
    fn integer_grids_round_and_dedupe() {
        let s = parse_at(&format!(
            "{BASE}[parameters]\n\"ties.max_degree\" = {{ from = 2, to = 5, steps = 7 }}\n"
        ))
        .unwrap();
        let values: Vec<i64> = s
            .points
            .iter()
            .map(|p| p[0].as_integer().unwrap())
            .collect();
        assert_eq!(values, [2, 3, 4, 5]);
    }

    #[test]
    fn sensitivity_designs_take_their_settings_and_ranges() {
        let s = parse_at(&format!(
            "{BASE}design = \"sobol\"\nsamples = 16\nsecond_order = true\nmeasures = [\"lost_half_share\", \"dissidents.isolated_share\"]\n\
             [parameters]\n\"score.friend_weight\" = {{ from = 0, to = 0.5 }}\n\"reporting.false_rate\" = {{ from = 0.001, to = 0.1, log = true }}\n\"ties.max_degree\" = {{ from = 10, to = 40 }}\n"
        ))
        .unwrap();
        assert_eq!(
            s.design,
            Design::Sobol(crate::sensitivity::Saltelli {
                samples: 16,
                second_order: true
            })
        );
        assert_eq!(s.points.len(), 16 * (2 * 3 + 2));
        assert_eq!(s.measures, ["lost_half_share", "dissidents.isolated_share"]);
        assert!(s.points.iter().all(|p| {
            let r = p[1].as_float().unwrap();
            (0.001..=0.1).contains(&r) && p[2].is_integer()
        }));
        // The resolved text keeps every setting: it reloads to the same sweep.
        assert!(s.text.contains("log = true") && s.text.contains("second_order = true"));
        let again = parse(&s.text, Path::new("/elsewhere/sweep.toml")).unwrap();
        assert_eq!(
            (again.hash, again.points),
            (s.hash.clone(), s.points.clone())
        );

        let m = parse_at(&format!(
            "{BASE}design = \"morris\"\ntrajectories = 6\ncandidates = 20\n[parameters]\n\"score.friend_weight\" = {{ from = 0, to = 0.5 }}\n\"reporting.reward\" = {{ from = 0, to = 40 }}\n"
        ))
        .unwrap();
        assert_eq!(m.points.len(), 6 * 3);
        assert_eq!(
            m.design,
            Design::Morris(crate::sensitivity::Morris {
                levels: 4,
                trajectories: 6,
                candidates: Some(20)
            })
        );
        assert_eq!(
            m.measures,
            crate::sensitivity::measure::defaults(&m.base),
            "the default measures, written into the resolved sweep"
        );
        assert!(m.text.contains("measures = ["));
        let again = parse(&m.text, Path::new("/elsewhere/sweep.toml")).unwrap();
        assert_eq!((again.hash, again.points), (m.hash, m.points));
    }

    #[test]
    fn bad_sensitivity_settings_are_refused_naming_the_key() {
        let range = "[parameters]\n\"score.friend_weight\" = { from = 0, to = 0.5 }\n";
        let cases: [(String, &[&str]); 14] = [
            (format!("{BASE}design = \"morris\"\nlevels = 5\n{range}"), &["levels = 5", "even"]),
            (format!("{BASE}design = \"morris\"\ntrajectories = 1\n{range}"), &["trajectories = 1", "from 2"]),
            (format!("{BASE}design = \"morris\"\ntrajectories = 10\ncandidates = 5\n{range}"), &["candidates = 5", "above trajectories"]),
            (format!("{BASE}design = \"morris\"\nsamples = 8\n{range}"), &["samples", "trajectories"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 100\n{range}"), &["samples = 100", "power of two"]),
            (format!("{BASE}design = \"sobol\"\n{range}"), &["samples: missing", "power of two"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\nsecond_order = 1\n{range}"), &["second_order = 1", "true or false"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\nlevels = 4\n{range}"), &["levels", "only a morris design"]),
            (format!("{BASE}design = \"random\"\nsamples = 8\nsecond_order = true\n{range}"), &["second_order", "only a sobol design"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\n[parameters]\n\"score.friend_weight\" = [0.1, 0.2]\n"), &["score.friend_weight", "range", "instead of a list"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\n[parameters]\n\"reporting.false_rate\" = {{ from = 0, to = 0.1, log = true }}\n"), &["reporting.false_rate", "log", "positive bounds"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\n"), &["parameters: missing", "at least one parameter"]),
            (format!("{BASE}design = \"sobol\"\nsamples = 8\nmeasures = [\"lost_half\", \"rebels.isolated_share\"]\n{range}"), &["measures: lost_half", "measures: rebels.isolated_share: no group"]),
            (format!("{BASE}measures = [\"lost_half_share\"]\n{range}"), &["measures", "only morris and sobol"]),
        ];
        for (text, needles) in &cases {
            let message = problems(text);
            for n in *needles {
                assert!(message.contains(n), "{message:?} lacks {n:?}");
            }
        }
        // A grid range may not be log-uniform.
        let e = problems(&format!(
            "{BASE}[parameters]\n\"reporting.false_rate\" = {{ from = 0.01, to = 0.1, steps = 3, log = true }}\n"
        ));
        assert!(e.contains("log") && e.contains("grid"), "{e}");
    }
}
