//! The tables of a run as typed columns, for callers that keep them in
//! memory rather than reading the CSV files back (the Python package turns
//! them into numpy arrays and pandas DataFrames).
//!
//! Each table has the columns of its CSV file in [`super::csv_files`], in
//! the same order, with the same values: [`Table::write_csv`] writes exactly
//! the bytes of that file (a test holds the two to each other). Integer
//! columns are 64-bit signed, so that differences of counts and degrees
//! never wrap around in a caller's arithmetic; every measure of metrics.csv
//! but `tick` is a float, NaN where the CSV field is empty.

use std::io::Write;

use crate::engine::Simulation;
use crate::observe::Observation;
use crate::output::csv_files::CITIZEN_COLUMNS;
use crate::output::number;
use crate::scenario::model::Employment;

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Whole numbers: ticks, counts, ids, degrees.
    Int(Vec<i64>),
    /// Whole numbers beyond `i64` (only the `label` of citizens read from an
    /// edge list whose ids exceed 2^63 − 1).
    UInt(Vec<u64>),
    /// Measures; NaN where undefined.
    Float(Vec<f64>),
    /// Names: tiers, groups, employment statuses.
    Text(Vec<String>),
}

impl Column {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::UInt(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Text(v) => v.len(),
        }
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `row` as a CSV field, written as the CSV files write it.
    fn field(&self, row: usize) -> String {
        match self {
            Column::Int(v) => v[row].to_string(),
            Column::UInt(v) => v[row].to_string(),
            Column::Float(v) => number(v[row]),
            Column::Text(v) => v[row].clone(),
        }
    }
}

/// A table: named columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// (header, values), in the order of the CSV file's columns.
    pub columns: Vec<(String, Column)>,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// Writes the table as CSV: the header, then one line per row, numbers
    /// as in every sesame CSV file ([`number`]).
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.columns.iter().map(|(n, _)| n))
            .map_err(std::io::Error::other)?;
        for row in 0..self.rows() {
            w.write_record(self.columns.iter().map(|(_, c)| c.field(row)))
                .map_err(std::io::Error::other)?;
        }
        w.flush()
    }
}

fn int<T: Copy + Into<i64>>(values: impl Iterator<Item = T>) -> Column {
    Column::Int(values.map(Into::into).collect())
}

fn named(columns: Vec<(&str, Column)>) -> Table {
    Table {
        columns: columns
            .into_iter()
            .map(|(n, c)| (n.to_string(), c))
            .collect(),
    }
}

/// metrics.csv: `tick` (whole), then every measure of `columns` (floats),
/// one row per observation.
pub fn metrics(columns: &[String], rows: &[Observation]) -> Table {
    Table {
        columns: columns
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let values = rows.iter().map(|r| r.metrics[k]);
                let column = if name == "tick" {
                    Column::Int(values.map(|t| t as i64).collect())
                } else {
                    Column::Float(values.collect())
                };
                (name.clone(), column)
            })
            .collect(),
    }
}

/// tiers.csv: one row per observation and tier.
pub fn tiers(rows: &[Observation]) -> Table {
    let all = || {
        rows.iter()
            .flat_map(|r| r.tiers.iter().map(move |t| (r.tick, t)))
    };
    named(vec![
        ("tick", int(all().map(|(tick, _)| tick))),
        (
            "tier",
            Column::Text(all().map(|(_, t)| t.tier.clone()).collect()),
        ),
        (
            "min_score",
            Column::Float(all().map(|(_, t)| t.min_score).collect()),
        ),
        ("count", counts(all().map(|(_, t)| t.count))),
        (
            "share",
            Column::Float(all().map(|(_, t)| t.share).collect()),
        ),
        (
            "degree_mean",
            Column::Float(all().map(|(_, t)| t.degree_mean).collect()),
        ),
        (
            "isolated_share",
            Column::Float(all().map(|(_, t)| t.isolated_share).collect()),
        ),
    ])
}

/// groups.csv: one row per observation and group.
pub fn groups(rows: &[Observation]) -> Table {
    let all = || {
        rows.iter()
            .flat_map(|r| r.groups.iter().map(move |g| (r.tick, g)))
    };
    let float =
        |f: fn(&crate::observe::GroupRow) -> f64| Column::Float(all().map(|(_, g)| f(g)).collect());
    named(vec![
        ("tick", int(all().map(|(tick, _)| tick))),
        (
            "group",
            Column::Text(all().map(|(_, g)| g.group.clone()).collect()),
        ),
        ("count", counts(all().map(|(_, g)| g.count))),
        ("score_mean", float(|g| g.score_mean)),
        ("degree_mean", float(|g| g.degree_mean)),
        ("isolated_share", float(|g| g.isolated_share)),
        ("lost_half_share", float(|g| g.lost_half_share)),
        ("sanctions", counts(all().map(|(_, g)| g.sanctions))),
        ("avg_clustering", float(|g| g.avg_clustering)),
        ("same_group_share", float(|g| g.same_group_share)),
    ])
}

/// Counts held as `u64`: a count of citizens or sanctions never comes near
/// 2^63, so they are written as `i64` like every other whole number.
fn counts(values: impl Iterator<Item = u64>) -> Column {
    Column::Int(values.map(|c| c as i64).collect())
}

/// citizens.csv: the state of every citizen, one row each, and for a
/// stochastic-block network its planted community.
pub fn citizens(sim: &Simulation, communities: Option<&[u32]>) -> Table {
    let s = &sim.society;
    let n = s.len();
    let groups: Vec<&str> = sim.params.population.groups.names().collect();
    let tiers: Vec<&str> = sim.params.tiers.names().collect();
    let text = |names: &[&str], codes: &[u8]| {
        Column::Text(
            codes
                .iter()
                .map(|&c| names[c as usize].to_string())
                .collect(),
        )
    };
    let float = |v: &[f64]| Column::Float(v.to_vec());
    let labels: Vec<u64> = (0..n).map(|i| s.label(i)).collect();
    let label = match labels
        .iter()
        .map(|&l| i64::try_from(l))
        .collect::<Result<Vec<i64>, _>>()
    {
        Ok(signed) => Column::Int(signed),
        Err(_) => Column::UInt(labels),
    };
    let columns = vec![
        Column::Int((0..n as i64).collect()),
        label,
        text(&groups, &s.group),
        text(&Employment::NAMES, &s.employment),
        float(&s.record),
        float(&s.score),
        text(&tiers, &s.tier),
        Column::Int((0..n).map(|i| sim.graph.degree(i) as i64).collect()),
        int(s.initial_degree.iter().copied()),
        float(&s.punctuality),
        float(&s.dissent),
        float(&s.patriotism),
        float(&s.vigilance),
        float(&s.fear),
        int(s.sanctions.iter().copied()),
        int(s.wrongful_sanctions.iter().copied()),
        int(s.reports_made.iter().copied()),
    ];
    let mut named_columns: Vec<(&str, Column)> =
        CITIZEN_COLUMNS.iter().copied().zip(columns).collect();
    if let Some(c) = communities {
        named_columns.push((super::csv_files::COMMUNITY_COLUMN, int(c.iter().copied())));
    }
    named(named_columns)
}

/// edges.csv: the ties of the final graph, `source < target`, and for a
/// network read from a file, the citizens' ids in the file.
pub fn edges(sim: &Simulation) -> Table {
    let (source, target): (Vec<i64>, Vec<i64>) =
        sim.graph.edges().map(|(a, b)| (a as i64, b as i64)).unzip();
    let mut columns = vec![
        ("source", Column::Int(source.clone())),
        ("target", Column::Int(target.clone())),
    ];
    if let Some(labels) = &sim.society.labels {
        let label = |ends: &[i64]| {
            let values: Vec<u64> = ends.iter().map(|&i| labels[i as usize]).collect();
            match values.iter().map(|&l| i64::try_from(l)).collect() {
                Ok(signed) => Column::Int(signed),
                Err(_) => Column::UInt(values),
            }
        };
        columns.push(("source_label", label(&source)));
        columns.push(("target_label", label(&target)));
    }
    named(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::csv_files;
    use crate::run::{simulate, StopFlag};
    use crate::scenario::{load_str, Overrides};

    fn bytes(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_table_writes_the_bytes_of_its_csv_file() {
        // Events, a perk column, isolated citizens (NaN fields) and a
        // group name that needs quoting in CSV.
        let text = r#"
            seed = 3
            ticks = 12
            [population]
            size = 300
            [population.groups.conformists]
            share = 0.9
            [population.groups."dissidents, loud"]
            share = 0.1
            [output]
            metrics_every = 5
            [[events]]
            at_tick = 4
            set = { "ties.cut_rate" = 0.5 }
        "#;
        let scenario = load_str(text, std::path::Path::new("x.toml"), &Overrides::default())
            .expect("a valid scenario");
        let run = simulate(&scenario, &StopFlag::default(), |_, _| Ok(())).unwrap();
        let obs = &run.observations;
        assert_eq!(obs.len(), 4, "ticks 0, 5, 10 and 12");
        let cases = [
            (
                metrics(&run.columns, obs),
                bytes(|w| csv_files::write_metrics(w, &run.columns, obs)),
            ),
            (tiers(obs), bytes(|w| csv_files::write_tiers(w, obs))),
            (groups(obs), bytes(|w| csv_files::write_groups(w, obs))),
            (
                citizens(&run.sim, None),
                bytes(|w| csv_files::write_citizens(w, &run.sim, None)),
            ),
            (
                edges(&run.sim),
                bytes(|w| csv_files::write_edges(w, &run.sim.graph, None)),
            ),
        ];
        for (table, csv) in cases {
            let lines = csv.lines().count();
            assert_eq!(table.rows() + 1, lines);
            assert_eq!(bytes(|w| table.write_csv(w)), csv);
            assert!(table.columns.iter().all(|(_, c)| c.len() == table.rows()));
        }
        assert!(csv_files::CITIZEN_COLUMNS.len() == citizens(&run.sim, None).columns.len());
        assert!(
            bytes(|w| csv_files::write_groups(w, obs)).contains("\"dissidents, loud\""),
            "the quoting case is exercised"
        );
    }

    #[test]
    fn labels_beyond_i64_stay_whole() {
        let scenario = load_str(
            "ticks = 1\n[population]\nsize = 20\n",
            std::path::Path::new("x.toml"),
            &Overrides::default(),
        )
        .unwrap();
        let mut run = simulate(&scenario, &StopFlag::default(), |_, _| Ok(())).unwrap();
        assert!(matches!(
            citizens(&run.sim, None).column("label"),
            Some(Column::Int(_))
        ));
        run.sim.society.labels = Some((0..run.sim.society.len() as u64).collect());
        run.sim.society.labels.as_mut().unwrap()[3] = u64::MAX;
        let table = citizens(&run.sim, None);
        let Some(Column::UInt(labels)) = table.column("label") else {
            panic!("labels beyond i64 are kept as u64");
        };
        assert_eq!(labels[3], u64::MAX);
        assert_eq!(
            bytes(|w| table.write_csv(w)),
            bytes(|w| csv_files::write_citizens(w, &run.sim, None))
        );
        let labels = run.sim.society.labels.as_deref();
        assert_eq!(
            bytes(|w| edges(&run.sim).write_csv(w)),
            bytes(|w| csv_files::write_edges(w, &run.sim.graph, labels))
        );
        let communities: Vec<u32> = (0..run.sim.society.len() as u32).map(|i| i % 3).collect();
        assert_eq!(
            bytes(|w| citizens(&run.sim, Some(&communities)).write_csv(w)),
            bytes(|w| csv_files::write_citizens(w, &run.sim, Some(&communities)))
        );
    }
}
