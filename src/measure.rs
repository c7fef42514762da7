//! `sesame measure`: the measures of docs/model.md §7.10 on any network, so a
//! researcher can apply exactly the run's measures to data from elsewhere —
//! and check a run: on a run's final `edges.csv` and `citizens.csv` it
//! reproduces the last row of its `metrics.csv`.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::edgelist::{self, EdgeListError, EdgeListFormat};
use crate::graph::Graph;
use crate::measures::{self, Observed, ScoreStats};
use crate::metrics::{self, inequality};
use crate::output::number;

/// What `sesame measure` read: the graph and, from a citizens file, the
/// columns the measures use.
struct Inputs {
    graph: Graph,
    scores: Option<Vec<f64>>,
    records: Option<Vec<f64>>,
    tiers: Option<Vec<u32>>,
    initial_degree: Option<Vec<u32>>,
    traits: Vec<(&'static str, Vec<f64>)>,
    score_min: f64,
}

/// What `sesame measure` found: the measures and notes for the user.
#[derive(Debug, Clone)]
pub struct Measured {
    /// (column, value) in metrics.csv order.
    pub measures: Vec<(String, f64)>,
    /// Notes, e.g. self-loops and repeated ties dropped from the edge list.
    pub warnings: Vec<String>,
}

/// The measures the inputs allow, with notes for the user.
pub fn measure_with_notes(
    edges: &Path,
    citizens: Option<&Path>,
    format: EdgeListFormat,
) -> Result<Measured> {
    let mut warnings = Vec::new();
    let measures = measure_into(edges, citizens, format, &mut warnings)?;
    Ok(Measured { measures, warnings })
}

/// The measures the inputs allow, as (column, value) in metrics.csv order.
pub fn measure(
    edges: &Path,
    citizens: Option<&Path>,
    format: EdgeListFormat,
) -> Result<Vec<(String, f64)>> {
    measure_into(edges, citizens, format, &mut Vec::new())
}

fn measure_into(
    edges: &Path,
    citizens: Option<&Path>,
    format: EdgeListFormat,
    warnings: &mut Vec<String>,
) -> Result<Vec<(String, f64)>> {
    let inputs = read(edges, citizens, format, warnings)?;
    let g = &inputs.graph;
    let n = g.citizens() as f64;
    let degrees = g.degrees();
    let scores = inputs.scores.as_ref().map(|s| {
        let mut sorted = s.clone();
        sorted.sort_by(f64::total_cmp);
        let shifted: Vec<f64> = sorted.iter().map(|v| v - inputs.score_min).collect();
        ScoreStats {
            mean: inequality::mean(s),
            sd: inequality::population_sd(s),
            p10: inequality::quantile_sorted(&sorted, 0.1),
            median: inequality::quantile_sorted(&sorted, 0.5),
            p90: inequality::quantile_sorted(&sorted, 0.9),
            gini: inequality::gini_sorted(&shifted),
        }
    });
    let trait_mean = |name: &str| {
        inputs
            .traits
            .iter()
            .find(|(t, _)| *t == name)
            .map(|(_, v)| inequality::mean(v))
    };
    let observed = Observed {
        tick: None,
        scores,
        record_mean: inputs.records.as_deref().map(inequality::mean),
        dissent_mean: trait_mean("dissent"),
        vigilance_mean: trait_mean("vigilance"),
        patriotism_mean: trait_mean("patriotism"),
        flows: None,
        isolated_share: metrics::ostracism::isolated_share(&degrees),
        lost_half_share: inputs
            .initial_degree
            .as_ref()
            .map(|d0| metrics::ostracism::lost_half_share(&degrees, d0)),
        degree_mean: if n > 0.0 {
            2.0 * g.ties() as f64 / n
        } else {
            f64::NAN
        },
        ties: g.ties() as f64,
        perk_shares: None,
        graph: metrics::graph_measures(g, inputs.scores.as_deref(), inputs.tiers.as_deref()),
        has_scores: inputs.scores.is_some(),
        has_tiers: inputs.tiers.is_some(),
    };
    // The registry's columns (no perks: a citizens file does not say who
    // holds which), those these inputs allow, in metrics.csv's order.
    Ok(measures::columns([])
        .into_iter()
        .filter_map(|c| c.value(&observed).map(|v| (c.name, v)))
        .collect())
}

/// Formats the measures as a CSV header and one row.
pub fn to_csv(measures: &[(String, f64)]) -> String {
    let header: Vec<&str> = measures.iter().map(|(k, _)| k.as_str()).collect();
    let row: Vec<String> = measures.iter().map(|(_, v)| number(*v)).collect();
    format!("{}\n{}\n", header.join(","), row.join(","))
}

fn read(
    edges: &Path,
    citizens: Option<&Path>,
    format: EdgeListFormat,
    warnings: &mut Vec<String>,
) -> Result<Inputs> {
    let bytes = std::fs::read(edges).map_err(|e| Error::unreadable(edges, &e))?;
    let name = edges.display().to_string();
    let list = match edgelist::parse_edge_list(&bytes, format.resolve(&name), &name) {
        Ok(list) => Some(list),
        // A citizens file says who exists: a network may have no ties at all.
        Err(EdgeListError::NoTies { .. }) if citizens.is_some() => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(list) = &list {
        warnings.extend(edgelist::notes(list, &name));
    }
    let Some(citizens) = citizens else {
        let list = list.expect("parsed");
        return Ok(Inputs {
            graph: list.graph,
            scores: None,
            records: None,
            tiers: None,
            initial_degree: None,
            traits: Vec::new(),
            score_min: 0.0,
        });
    };
    let table = CitizenTable::read(citizens)?;
    let n = table.rows.len();
    // Edge-list ids are citizen ids: map them to rows.
    let row_of: HashMap<u64, usize> = match table.column("id") {
        Some(k) => table
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| row[k].parse::<u64>().map(|id| (id, r)))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| {
                Error::input(format!(
                    "{}: column id: not a whole number",
                    citizens.display()
                ))
            })?,
        None => {
            return Err(Error::input(format!(
                "{}: no id column",
                citizens.display()
            )))
        }
    };
    let mut pairs = Vec::new();
    if let Some(list) = &list {
        for (a, b) in list.graph.edges() {
            let find = |x: u32| {
                let id = list.labels[x as usize];
                row_of.get(&id).map(|&r| r as u32).ok_or_else(|| {
                    Error::input(format!(
                        "{}: citizen {id} is not in {}",
                        edges.display(),
                        citizens.display()
                    ))
                })
            };
            pairs.push((find(a)?, find(b)?));
        }
    }
    let (graph, _) = Graph::from_edges(n, &pairs);
    same_network(&graph, list.as_ref(), &table, edges, citizens)?;
    let scenario = std::fs::read_to_string(citizens.with_file_name("scenario.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let score_min = scenario
        .as_ref()
        .and_then(|t| t.get("score")?.get("min")?.as_float())
        .unwrap_or(crate::scenario::model::Score::default().min);
    let tiers = table.column("tier").map(|k| {
        // Tiers numbered in the run's order (by lowest score), so that
        // measures summed over tiers add their terms in the order the run
        // did and agree with metrics.csv to the last digit; names the
        // scenario does not list come after, in order of appearance.
        let mut names: HashMap<&str, u32> = HashMap::new();
        let order = tier_order(scenario.as_ref());
        for name in &order {
            let next = names.len() as u32;
            names.entry(name.as_str()).or_insert(next);
        }
        table
            .rows
            .iter()
            .map(|row| {
                let next = names.len() as u32;
                *names.entry(row[k].as_str()).or_insert(next)
            })
            .collect()
    });
    let mut traits = Vec::new();
    for name in ["dissent", "vigilance", "patriotism"] {
        if let Some(v) = table.floats(name)? {
            traits.push((name, v));
        }
    }
    Ok(Inputs {
        graph,
        scores: table.floats("score")?,
        records: table.floats("record")?,
        tiers,
        initial_degree: table
            .floats("initial_degree")?
            .map(|v| v.into_iter().map(|x| x as u32).collect()),
        traits,
        score_min,
    })
}

/// Refuses an edge list and a citizens file that do not describe the same
/// citizens. Citizens of the file missing from the edge list are citizens
/// without ties, which a `degree` column must then confirm (a run's
/// citizens.csv has one); without it, the two must list the same number of
/// citizens, or a citizens file of another network would silently count as
/// thousands of isolated citizens.
fn same_network(
    graph: &Graph,
    list: Option<&edgelist::EdgeList>,
    table: &CitizenTable,
    edges: &Path,
    citizens: &Path,
) -> Result<()> {
    let in_list = list.map_or(0, |l| l.labels.len());
    let n = table.rows.len();
    let Some(k) = table.column("degree") else {
        if in_list != n {
            return Err(Error::input(format!(
                "{}: {n} citizens, but the edge list {} has {in_list}: not the same network; \
                 if the others have no ties, add a degree column (0 for them) to say so",
                citizens.display(),
                edges.display()
            )));
        }
        return Ok(());
    };
    for (r, row) in table.rows.iter().enumerate() {
        let listed: u32 = row[k].parse().map_err(|_| {
            Error::input(format!(
                "{}: line {}: column degree: {:?} is not a whole number",
                citizens.display(),
                r + 2,
                row[k]
            ))
        })?;
        let found = graph.degree(r) as u32;
        if listed != found {
            return Err(Error::input(format!(
                "{}: line {}: citizen {} has degree {listed}, but {found} tie(s) in the edge list {}: not the same network",
                citizens.display(),
                r + 2,
                table.column("id").map_or("?", |i| row[i].as_str()),
                edges.display()
            )));
        }
    }
    Ok(())
}

/// A CSV file read as text, by header name.
struct CitizenTable {
    path: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl CitizenTable {
    fn read(path: &Path) -> Result<CitizenTable> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::unreadable(path, &e))?;
        let mut reader = csv::Reader::from_reader(file);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::input(format!("{name}: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (k, record) in reader.records().enumerate() {
            let record =
                record.map_err(|e| Error::input(format!("{name}: line {}: {e}", k + 2)))?;
            rows.push(record.iter().map(str::to_string).collect());
        }
        Ok(CitizenTable {
            path: name,
            header,
            rows,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// A numeric column, if present.
    fn floats(&self, name: &str) -> Result<Option<Vec<f64>>> {
        let Some(k) = self.column(name) else {
            return Ok(None);
        };
        self.rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row[k].parse::<f64>().map_err(|_| {
                    Error::input(format!(
                        "{}: line {}: column {name}: {:?} is not a number",
                        self.path,
                        r + 2,
                        row[k]
                    ))
                })
            })
            .collect::<Result<Vec<f64>>>()
            .map(Some)
    }
}

/// The tier names of a run's resolved `scenario.toml` in increasing
/// `min_score` (the order the run numbers them), or the default tiers'
/// when the file or its `[tiers]` is missing.
fn tier_order(scenario: Option<&toml::Table>) -> Vec<String> {
    let listed = scenario
        .and_then(|t| t.get("tiers")?.as_table())
        .map(|tiers| {
            let mut named: Vec<(f64, String)> = tiers
                .iter()
                .map(|(name, tier)| {
                    let min = tier
                        .get("min_score")
                        .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
                        .unwrap_or(f64::INFINITY);
                    (min, name.clone())
                })
                .collect();
            named.sort_by(|a, b| a.0.total_cmp(&b.0));
            named.into_iter().map(|(_, name)| name).collect()
        });
    listed.unwrap_or_else(|| {
        crate::scenario::model::default_tiers()
            .names()
            .map(String::from)
            .collect()
    })
}
