//! Reading a run folder for the charts: `metrics.csv`, `tiers.csv`,
//! `groups.csv`, `citizens.csv`, `edges.csv` (or their `.csv.gz`),
//! `scenario.toml` and `manifest.json`, and nothing else, so that charts can be redrawn from an
//! old run or from a run made on another machine.
//!
//! Columns are found by header name, so extra or reordered columns are
//! fine. `metrics.csv` is the only file that must exist; a chart whose file
//! is absent says so in its middle instead of failing. A malformed file is
//! an error naming the file, the line and the column.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::error::ChartError;
use crate::output::manifest::RunManifest;

/// Everything the charts of one run are drawn from.
pub(crate) struct Run {
    /// The scenario name (`name` in scenario.toml, else the folder name).
    pub name: String,
    /// The scenario description, when there is one.
    pub description: Option<String>,
    /// The resolved scenario, parsed generically (absent when the file is).
    pub scenario: Option<toml::Table>,
    /// The scenario file as written, for the report.
    pub scenario_text: Option<String>,
    /// `manifest.json`, when present and readable.
    pub manifest: Option<RunManifest>,
    /// The scenario seed (0 when unknown); seeds the network picture.
    pub seed: u64,
    /// Lowest possible score (`score.min`, default 350).
    pub score_min: f64,
    /// One row per recorded tick.
    pub metrics: Metrics,
    /// Per-tier measures over time (`tiers.csv`).
    pub tiers: Option<LongTable>,
    /// Per-group measures over time (`groups.csv`).
    pub groups: Option<LongTable>,
    /// Final state of every citizen (`citizens.csv`).
    pub citizens: Option<Citizens>,
    /// Final ties as pairs of citizen rows (`edges.csv`).
    pub edges: Option<Vec<(u32, u32)>>,
    /// The tiers in increasing order of minimum score: the one source of
    /// tier order (and so of tier colours) for every chart.
    pub tier_names: Vec<String>,
    /// The groups drawn as dissidents: those whose members post critically
    /// more often than not on average (mean of the `dissent` Beta ≥ 0.5 in
    /// scenario.toml). Decided by the group's laws, never by its name.
    pub dissident_groups: Vec<String>,
}

impl Run {
    /// Whether group `name` is drawn as dissidents.
    pub fn is_dissident(&self, name: &str) -> bool {
        self.dissident_groups.iter().any(|g| g == name)
    }
}

/// Mean dissent at or above which a group is drawn as dissidents.
pub(crate) const DISSIDENT_MEAN: f64 = 0.5;

/// The groups of a resolved scenario whose mean dissent is at least
/// [`DISSIDENT_MEAN`], in file order.
fn dissident_groups(scenario: Option<&toml::Table>) -> Vec<String> {
    let Some(groups) = scenario
        .and_then(|s| s.get("population"))
        .and_then(|p| p.get("groups"))
        .and_then(toml::Value::as_table)
    else {
        return Vec::new();
    };
    groups
        .iter()
        .filter(|(_, g)| {
            let beta = g.get("dissent");
            let part = |k: &str| beta.and_then(|b| b.get(k)).and_then(as_number);
            match (part("alpha"), part("beta")) {
                (Some(a), Some(b)) if a + b > 0.0 => a / (a + b) >= DISSIDENT_MEAN,
                _ => false,
            }
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// `metrics.csv`: numeric columns by name, one value per recorded tick.
pub(crate) struct Metrics {
    /// The recorded ticks, in file order.
    pub ticks: Vec<f64>,
    columns: BTreeMap<String, Vec<Option<f64>>>,
}

impl Metrics {
    /// The values of a column, `None` when the column is absent.
    /// Empty fields (undefined values) are `None` entries.
    pub fn column(&self, name: &str) -> Option<&[Option<f64>]> {
        self.columns.get(name).map(Vec::as_slice)
    }

    /// Value of `name` at row `row`, when present and defined.
    pub fn value(&self, name: &str, row: usize) -> Option<f64> {
        self.column(name)
            .and_then(|c| c.get(row).copied().flatten())
            .filter(|v| v.is_finite())
    }
}

/// A long-format table (`tick, key, measures...`) pivoted to
/// `measure -> key -> tick`.
pub(crate) struct LongTable {
    /// The ticks present, ascending.
    pub ticks: Vec<f64>,
    /// The keys (tier or group names) in file order of first appearance,
    /// or by increasing `min_score` for tiers.
    pub keys: Vec<String>,
    columns: BTreeMap<String, Vec<Vec<Option<f64>>>>,
}

impl LongTable {
    /// `values[key][tick]` of a measure; `None` when the column is absent.
    pub fn column(&self, name: &str) -> Option<&[Vec<Option<f64>>]> {
        self.columns.get(name).map(Vec::as_slice)
    }

    /// Series of a measure for one key, as (tick, value) points.
    pub fn series(&self, name: &str, key: usize) -> Option<Vec<(f64, Option<f64>)>> {
        let column = self.column(name)?;
        Some(
            self.ticks
                .iter()
                .zip(&column[key])
                .map(|(&t, &v)| (t, v.filter(|v| v.is_finite())))
                .collect(),
        )
    }
}

/// `citizens.csv`: the columns the charts use, one entry per citizen row.
pub(crate) struct Citizens {
    /// Index into [`Run::tier_names`] of each citizen's final tier.
    pub tier: Vec<u16>,
    /// Group index into `group_names`.
    pub group: Vec<u16>,
    /// Group names, in order of first appearance.
    pub group_names: Vec<String>,
    /// Final degree.
    pub degree: Vec<u32>,
    /// Degree at tick 0.
    pub initial_degree: Vec<u32>,
}

impl Citizens {
    /// Number of citizens.
    pub fn len(&self) -> usize {
        self.degree.len()
    }
}

impl Run {
    /// Reads every file of a run folder the charts use.
    ///
    /// # Errors
    /// `metrics.csv` missing; any file malformed (the error names it, with
    /// the line and column where it can).
    pub fn read(dir: &Path) -> Result<Run, ChartError> {
        let (scenario, scenario_text) = read_scenario(&dir.join("scenario.toml"))?;
        let manifest = RunManifest::read(dir);
        let folder_name = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "run".to_string());
        let lookup = |key: &str| scenario.as_ref().and_then(|s| s.get(key));
        let name = lookup("name")
            .and_then(toml::Value::as_str)
            .map(str::to_string)
            .unwrap_or(folder_name);
        let description = lookup("description")
            .and_then(toml::Value::as_str)
            .map(str::to_string)
            .filter(|d| !d.trim().is_empty());
        let seed = lookup("seed")
            .and_then(toml::Value::as_integer)
            .map(|s| s as u64)
            .or_else(|| manifest.as_ref()?.seed)
            .unwrap_or(0);
        let score_min = lookup("score")
            .and_then(|s| s.get("min"))
            .and_then(as_number)
            .unwrap_or(350.0);

        let metrics_path = dir.join("metrics.csv");
        let metrics = match Csv::open(&metrics_path)? {
            Some(csv) => read_metrics(csv)?,
            None => {
                return Err(ChartError::MissingFile {
                    path: metrics_path,
                    why: "every run folder has one; is this a run folder?",
                })
            }
        };
        let tiers = match Csv::open(&dir.join("tiers.csv"))? {
            Some(csv) => Some(read_long(csv, "tier", Some("min_score"))?),
            None => None,
        };
        let groups = match Csv::open(&dir.join("groups.csv"))? {
            Some(csv) => Some(read_long(csv, "group", None)?),
            None => None,
        };
        let mut tier_names = tiers.as_ref().map(|t| t.keys.clone()).unwrap_or_default();
        let citizens = match Csv::open_table(dir, "citizens")? {
            Some(csv) => Some(read_citizens(csv, &mut tier_names)?),
            None => None,
        };
        let edges = match (Csv::open_table(dir, "edges")?, &citizens) {
            (Some(csv), Some(citizens)) => Some(read_edges(csv, citizens.len())?),
            _ => None,
        };
        let dissident_groups = dissident_groups(scenario.as_ref());
        Ok(Run {
            dissident_groups,
            name,
            description,
            scenario,
            scenario_text,
            manifest,
            seed,
            score_min,
            metrics,
            tiers,
            groups,
            citizens,
            edges,
            tier_names,
        })
    }

    /// Last recorded tick, when there is one.
    pub fn last_tick(&self) -> Option<f64> {
        self.metrics.ticks.last().copied()
    }

    /// A scenario value by dotted path (`"score.friend_weight"`).
    pub fn setting(&self, dotted: &str) -> Option<&toml::Value> {
        let mut parts = dotted.split('.');
        let mut value = self.scenario.as_ref()?.get(parts.next()?)?;
        for part in parts {
            value = value.get(part)?;
        }
        Some(value)
    }
}

/// A scheduled change of parameters that fired during the run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    /// The tick at whose start it took effect.
    pub tick: u64,
    /// (dotted key, new value) in the order written.
    pub changes: Vec<(String, String)>,
}

impl Run {
    /// `Some((ticks done, ticks asked for))` when the manifest marks the
    /// run incomplete (stopped by a signal, or cut off).
    pub fn stopped(&self) -> Option<(u64, u64)> {
        let m = self.manifest.as_ref()?;
        if !m.stopped() {
            return None;
        }
        let done = m.ticks_done.map_or(0, u64::from);
        let asked = m
            .ticks
            .map(u64::from)
            .or_else(|| {
                self.setting("ticks")
                    .and_then(toml::Value::as_integer)
                    .map(|t| t as u64)
            })
            .unwrap_or(done);
        Some((done, asked))
    }

    /// The warning every chart and the report show for an incomplete run.
    pub fn banner(&self) -> Option<String> {
        let (done, asked) = self.stopped()?;
        let by = self
            .manifest
            .as_ref()
            .and_then(|m| m.interrupted_by_signal)
            .map(|s| format!(" by signal {s}"))
            .unwrap_or_default();
        Some(format!(
            "Incomplete run: stopped{by} at tick {done} of {asked}"
        ))
    }

    /// The last tick the run reached: the manifest's ticks done, else the
    /// last recorded tick.
    pub fn ticks_reached(&self) -> u64 {
        self.manifest
            .as_ref()
            .and_then(|m| m.ticks_done.map(u64::from))
            .or_else(|| self.metrics.ticks.last().map(|t| *t as u64))
            .unwrap_or(0)
    }

    /// The events of scenario.toml that fired (at or before the last tick
    /// reached), in tick order.
    pub fn events(&self) -> Vec<Event> {
        let Some(list) = self.setting("events").and_then(toml::Value::as_array) else {
            return Vec::new();
        };
        let last = self.ticks_reached();
        let mut events: Vec<Event> = list
            .iter()
            .filter_map(|e| {
                let tick = e.get("at_tick")?.as_integer()? as u64;
                let mut changes = Vec::new();
                if let Some(set) = e.get("set").and_then(toml::Value::as_table) {
                    flatten("", set, &mut changes);
                }
                (tick <= last).then_some(Event { tick, changes })
            })
            .collect();
        events.sort_by_key(|e| e.tick);
        events
    }

    /// The value of setting `dotted` in force at the end of the run, and the
    /// tick of the event that set it (`None` when no event changed it).
    pub fn setting_at_end(&self, dotted: &str) -> Option<(String, u64)> {
        self.events().into_iter().rev().find_map(|e| {
            let value = e.changes.iter().rev().find(|(k, _)| k == dotted)?.1.clone();
            Some((value, e.tick))
        })
    }
}

/// The leaves of an event's `set` table as (dotted key, value text).
fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => out.push((key, s.clone())),
            // As the settings table writes numbers: 25, not 25.0.
            toml::Value::Float(f) => out.push((key, f.to_string())),
            other => out.push((key, other.to_string())),
        }
    }
}

/// A TOML integer or float as `f64`.
pub(crate) fn as_number(value: &toml::Value) -> Option<f64> {
    value
        .as_float()
        .or_else(|| value.as_integer().map(|i| i as f64))
}

fn read_scenario(path: &Path) -> Result<(Option<toml::Table>, Option<String>), ChartError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, None)),
        Err(e) => return Err(ChartError::io(path, e)),
    };
    let table = text
        .parse::<toml::Table>()
        .map_err(|e| ChartError::BadScenario {
            path: path.to_path_buf(),
            problem: e.to_string().trim().to_string(),
        })?;
    Ok((Some(table), Some(text)))
}

/// A CSV file being read, with its header.
struct Csv {
    path: PathBuf,
    reader: csv::Reader<Box<dyn std::io::Read>>,
    header: Vec<String>,
}

impl Csv {
    /// Opens a CSV file and reads its header; `None` when it does not exist.
    /// A name ending in `.gz` is read through gzip.
    fn open(path: &Path) -> Result<Option<Csv>, ChartError> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ChartError::io(path, e)),
        };
        let input: Box<dyn std::io::Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(BufReader::new(flate2::read::GzDecoder::new(
                BufReader::new(file),
            )))
        } else {
            Box::new(BufReader::new(file))
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(Some(Csv {
            path: path.to_path_buf(),
            reader,
            header,
        }))
    }

    /// Opens the table `stem` of a run folder: `stem.csv`, else
    /// `stem.csv.gz` (`output.citizens`, `output.edges`); `None` when
    /// neither was written.
    fn open_table(dir: &Path, stem: &str) -> Result<Option<Csv>, ChartError> {
        match Csv::open(&dir.join(format!("{stem}.csv")))? {
            Some(csv) => Ok(Some(csv)),
            None => Csv::open(&dir.join(format!("{stem}.csv.gz"))),
        }
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn require(&self, name: &'static str) -> Result<usize, ChartError> {
        self.column(name).ok_or_else(|| ChartError::MissingColumn {
            path: self.path.clone(),
            column: name,
            found: self.header.join(","),
        })
    }

    /// Calls `f` on every data row, in file order.
    fn rows(mut self, mut f: impl FnMut(&Row) -> Result<(), ChartError>) -> Result<(), ChartError> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => return Err(csv_error(&self.path, e)),
            }
            let line = record.position().map_or(0, csv::Position::line);
            f(&Row {
                record: &record,
                line,
                path: &self.path,
                header: &self.header,
            })?;
        }
    }
}

fn csv_error(path: &Path, error: csv::Error) -> ChartError {
    let line = match error.kind() {
        csv::ErrorKind::UnequalLengths { pos: Some(pos), .. } => pos.line(),
        _ => error.position().map_or(0, csv::Position::line),
    };
    let problem = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => error.to_string(),
    };
    ChartError::MalformedCsv {
        path: path.to_path_buf(),
        line,
        problem,
    }
}

/// One data row of a CSV file, with what is needed to explain a bad field.
struct Row<'a> {
    record: &'a csv::StringRecord,
    line: u64,
    path: &'a Path,
    header: &'a [String],
}

impl Row<'_> {
    fn text(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("")
    }

    fn bad(&self, column: usize, problem: String) -> ChartError {
        ChartError::BadValue {
            path: self.path.to_path_buf(),
            line: self.line,
            column: self.header[column].clone(),
            problem,
        }
    }

    /// A number, or `None` for an empty field or NaN (undefined values).
    fn number(&self, column: usize) -> Result<Option<f64>, ChartError> {
        let text = self.text(column);
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_nan() => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(_) => Err(self.bad(
                column,
                format!("expected a number or an empty field, found `{text}`"),
            )),
        }
    }

    /// A number that must be there.
    fn required_number(&self, column: usize) -> Result<f64, ChartError> {
        self.number(column)?
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                self.bad(
                    column,
                    format!("expected a number, found `{}`", self.text(column)),
                )
            })
    }

    /// A non-negative integer (a count or an id).
    fn count(&self, column: usize) -> Result<u32, ChartError> {
        let text = self.text(column);
        text.parse::<u32>().map_err(|_| {
            self.bad(
                column,
                format!("expected a non-negative integer below 2^32, found `{text}`"),
            )
        })
    }
}

fn read_metrics(csv: Csv) -> Result<Metrics, ChartError> {
    let tick = csv.require("tick")?;
    let names: Vec<(usize, String)> = csv
        .header
        .iter()
        .enumerate()
        .filter(|&(i, name)| i != tick && !name.is_empty())
        .map(|(i, name)| (i, name.clone()))
        .collect();
    let mut ticks = Vec::new();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); names.len()];
    csv.rows(|row| {
        ticks.push(row.required_number(tick)?);
        for ((column, _), values) in names.iter().zip(values.iter_mut()) {
            values.push(row.number(*column)?);
        }
        Ok(())
    })?;
    let columns = names
        .into_iter()
        .map(|(_, name)| name)
        .zip(values)
        .collect();
    Ok(Metrics { ticks, columns })
}

/// Reads a long table keyed by `key_column`; when `order_by` is given, keys
/// are sorted (stably) by that column's value where they first appear.
fn read_long(
    csv: Csv,
    key_column: &'static str,
    order_by: Option<&'static str>,
) -> Result<LongTable, ChartError> {
    let tick = csv.require("tick")?;
    let key = csv.require(key_column)?;
    let order = match order_by {
        Some(name) => Some(csv.require(name)?),
        None => None,
    };
    let names: Vec<(usize, String)> = csv
        .header
        .iter()
        .enumerate()
        .filter(|&(i, name)| i != tick && i != key && !name.is_empty())
        .map(|(i, name)| (i, name.clone()))
        .collect();
    // (tick, key index, values per measure)
    let mut keys: Vec<String> = Vec::new();
    let mut key_index: HashMap<String, usize> = HashMap::new();
    let mut first_order: Vec<f64> = Vec::new();
    let mut rows: Vec<(f64, usize, Vec<Option<f64>>)> = Vec::new();
    csv.rows(|row| {
        let t = row.required_number(tick)?;
        let name = row.text(key);
        if name.is_empty() {
            return Err(row.bad(
                key,
                format!("expected a {key_column} name, found an empty field"),
            ));
        }
        let k = match key_index.get(name) {
            Some(&k) => k,
            None => {
                let k = keys.len();
                keys.push(name.to_string());
                key_index.insert(name.to_string(), k);
                first_order.push(match order {
                    Some(c) => row.number(c)?.unwrap_or(f64::INFINITY),
                    None => k as f64,
                });
                k
            }
        };
        let values = names
            .iter()
            .map(|(c, _)| row.number(*c))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push((t, k, values));
        Ok(())
    })?;
    let mut ticks: Vec<f64> = rows.iter().map(|r| r.0).collect();
    ticks.sort_by(f64::total_cmp);
    ticks.dedup();
    // Order keys (stable sort by the ordering value, then first appearance).
    let mut by_order: Vec<usize> = (0..keys.len()).collect();
    by_order.sort_by(|&a, &b| first_order[a].total_cmp(&first_order[b]).then(a.cmp(&b)));
    let mut new_index = vec![0; keys.len()];
    for (new, &old) in by_order.iter().enumerate() {
        new_index[old] = new;
    }
    let keys: Vec<String> = by_order.iter().map(|&old| keys[old].clone()).collect();
    let mut columns: Vec<Vec<Vec<Option<f64>>>> =
        vec![vec![vec![None; ticks.len()]; keys.len()]; names.len()];
    for (t, k, values) in rows {
        let ti = ticks.partition_point(|&x| x < t);
        for (column, v) in columns.iter_mut().zip(values) {
            column[new_index[k]][ti] = v;
        }
    }
    Ok(LongTable {
        ticks,
        keys,
        columns: names.into_iter().map(|(_, n)| n).zip(columns).collect(),
    })
}

/// Reads the final citizen states. Tiers not listed in `tiers.csv` are
/// appended to `tier_names`, ordered by their citizens' lowest score.
fn read_citizens(csv: Csv, tier_names: &mut Vec<String>) -> Result<Citizens, ChartError> {
    let id = csv.require("id")?;
    let group = csv.require("group")?;
    let tier = csv.require("tier")?;
    let degree = csv.require("degree")?;
    let initial_degree = csv.require("initial_degree")?;
    let score = csv.column("score");
    let path = csv.path.clone();

    let known = tier_names.len();
    let mut tier_index: HashMap<String, usize> = tier_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let mut extra_lowest: Vec<f64> = Vec::new();
    let mut group_names: Vec<String> = Vec::new();
    let mut group_index: HashMap<String, u16> = HashMap::new();
    let mut ids: Vec<(u32, u64)> = Vec::new();
    let mut out = Citizens {
        tier: Vec::new(),
        group: Vec::new(),
        group_names: Vec::new(),
        degree: Vec::new(),
        initial_degree: Vec::new(),
    };
    csv.rows(|row| {
        ids.push((row.count(id)?, row.line));
        let g = row.text(group);
        let g = match group_index.get(g) {
            Some(&g) => g,
            None => {
                let next = group_names.len() as u16;
                group_names.push(g.to_string());
                group_index.insert(g.to_string(), next);
                next
            }
        };
        out.group.push(g);
        let name = row.text(tier);
        let s = match score {
            Some(c) => row.number(c)?.unwrap_or(f64::INFINITY),
            None => f64::INFINITY,
        };
        let t = match tier_index.get(name) {
            Some(&t) => {
                if t >= known {
                    let e = &mut extra_lowest[t - known];
                    *e = e.min(s);
                }
                t
            }
            None => {
                let t = tier_names.len();
                tier_names.push(name.to_string());
                tier_index.insert(name.to_string(), t);
                extra_lowest.push(s);
                t
            }
        };
        if t >= u16::MAX as usize {
            return Err(row.bad(tier, "more than 65,534 distinct tiers".to_string()));
        }
        out.tier.push(t as u16);
        out.degree.push(row.count(degree)?);
        out.initial_degree.push(row.count(initial_degree)?);
        Ok(())
    })?;
    // Ids must be 0..N, each once: edges.csv refers to citizens by id.
    let n = ids.len();
    let mut seen = vec![false; n];
    for &(i, line) in &ids {
        let slot = seen
            .get_mut(i as usize)
            .ok_or_else(|| ChartError::BadValue {
                path: path.clone(),
                line,
                column: "id".to_string(),
                problem: format!("id {i} is outside 0..{n} (ids must be 0..N, one per citizen)"),
            })?;
        if *slot {
            return Err(ChartError::BadValue {
                path: path.clone(),
                line,
                column: "id".to_string(),
                problem: format!("id {i} appears twice"),
            });
        }
        *slot = true;
    }
    // Put citizens in id order.
    if ids
        .iter()
        .enumerate()
        .any(|(row, &(i, _))| i as usize != row)
    {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&row| ids[row].0);
        let permute = |v: &[u32]| order.iter().map(|&r| v[r]).collect::<Vec<_>>();
        out.degree = permute(&out.degree);
        out.initial_degree = permute(&out.initial_degree);
        out.tier = order.iter().map(|&r| out.tier[r]).collect();
        out.group = order.iter().map(|&r| out.group[r]).collect();
    }
    // Order tiers unknown to tiers.csv by their lowest score.
    if tier_names.len() > known {
        let mut extra: Vec<usize> = (0..tier_names.len() - known).collect();
        extra.sort_by(|&a, &b| extra_lowest[a].total_cmp(&extra_lowest[b]).then(a.cmp(&b)));
        let mut remap: Vec<u16> = (0..tier_names.len() as u16).collect();
        let names = tier_names.split_off(known);
        for (new, &old) in extra.iter().enumerate() {
            remap[known + old] = (known + new) as u16;
            tier_names.push(names[old].clone());
        }
        for t in &mut out.tier {
            *t = remap[*t as usize];
        }
    }
    out.group_names = group_names;
    Ok(out)
}

fn read_edges(csv: Csv, citizens: usize) -> Result<Vec<(u32, u32)>, ChartError> {
    let source = csv.require("source")?;
    let target = csv.require("target")?;
    let mut edges = Vec::new();
    csv.rows(|row| {
        let s = row.count(source)?;
        let t = row.count(target)?;
        for (column, id) in [(source, s), (target, t)] {
            if id as usize >= citizens {
                return Err(row.bad(
                    column,
                    format!("citizen {id} is not in citizens.csv (ids are 0..{citizens})"),
                ));
            }
        }
        if s != t {
            edges.push((s.min(t), s.max(t)));
        }
        Ok(())
    })?;
    Ok(edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dissidents_are_told_by_their_laws_not_their_names() {
        let scenario: toml::Table = toml::from_str(
            "[population.groups.Dissidents]\nshare = 0.5\ndissent = { alpha = 1, beta = 19 }\n\
             [population.groups.rebels]\nshare = 0.3\ndissent = { alpha = 8, beta = 2 }\n\
             [population.groups.even]\nshare = 0.2\ndissent = { alpha = 3, beta = 3 }\n",
        )
        .unwrap();
        assert_eq!(dissident_groups(Some(&scenario)), ["rebels", "even"]);
        assert!(dissident_groups(None).is_empty());
    }
}
