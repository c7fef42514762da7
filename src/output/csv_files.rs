//! The CSV files of a run folder: tidy, snake_case headers, one observation
//! per row, plain numbers, an empty field for an undefined value.

use std::io::Write;

use crate::engine::Simulation;
use crate::observe::Observation;
use crate::output::number;
use crate::rules::ties::TieEdits;
use crate::scenario::model::Employment;

fn csv_error(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// metrics.csv: one row per recorded tick.
pub fn write_metrics(
    out: &mut dyn Write,
    columns: &[String],
    rows: &[Observation],
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(columns).map_err(csv_error)?;
    for r in rows {
        w.write_record(r.metrics.iter().map(|&v| number(v)))
            .map_err(csv_error)?;
    }
    w.flush()
}

/// tiers.csv: per recorded tick and tier.
pub fn write_tiers(out: &mut dyn Write, rows: &[Observation]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "tick",
        "tier",
        "min_score",
        "count",
        "share",
        "degree_mean",
        "isolated_share",
    ])
    .map_err(csv_error)?;
    for r in rows {
        for t in &r.tiers {
            w.write_record([
                r.tick.to_string(),
                t.tier.clone(),
                number(t.min_score),
                t.count.to_string(),
                number(t.share),
                number(t.degree_mean),
                number(t.isolated_share),
            ])
            .map_err(csv_error)?;
        }
    }
    w.flush()
}

/// The columns of groups.csv.
pub const GROUP_COLUMNS: [&str; 10] = [
    "tick",
    "group",
    "count",
    "score_mean",
    "degree_mean",
    "isolated_share",
    "lost_half_share",
    "sanctions",
    "avg_clustering",
    "same_group_share",
];

/// One row of groups.csv as CSV fields, in [`GROUP_COLUMNS`] order.
pub fn group_fields(tick: u32, g: &crate::observe::GroupRow) -> Vec<String> {
    vec![
        tick.to_string(),
        g.group.clone(),
        g.count.to_string(),
        number(g.score_mean),
        number(g.degree_mean),
        number(g.isolated_share),
        number(g.lost_half_share),
        g.sanctions.to_string(),
        number(g.avg_clustering),
        number(g.same_group_share),
    ]
}

/// groups.csv: per recorded tick and group.
pub fn write_groups(out: &mut dyn Write, rows: &[Observation]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(GROUP_COLUMNS).map_err(csv_error)?;
    for r in rows {
        for g in &r.groups {
            w.write_record(group_fields(r.tick, g)).map_err(csv_error)?;
        }
    }
    w.flush()
}

/// The columns of citizens.csv.
pub const CITIZEN_COLUMNS: [&str; 17] = [
    "id",
    "label",
    "group",
    "employment",
    "record",
    "score",
    "tier",
    "degree",
    "initial_degree",
    "punctuality",
    "dissent",
    "patriotism",
    "vigilance",
    "fear",
    "sanctions",
    "wrongful_sanctions",
    "reports_made",
];

/// citizens.csv: the final state of every citizen.
pub fn write_citizens(out: &mut dyn Write, sim: &Simulation) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CITIZEN_COLUMNS).map_err(csv_error)?;
    let s = &sim.society;
    let groups: Vec<&str> = sim.params.population.groups.names().collect();
    let tiers: Vec<&str> = sim.params.tiers.names().collect();
    for i in 0..s.len() {
        w.write_record([
            i.to_string(),
            s.label(i).to_string(),
            groups[s.group[i] as usize].to_string(),
            Employment::NAMES[s.employment[i] as usize].to_string(),
            number(s.record[i]),
            number(s.score[i]),
            tiers[s.tier[i] as usize].to_string(),
            sim.graph.degree(i).to_string(),
            s.initial_degree[i].to_string(),
            number(s.punctuality[i]),
            number(s.dissent[i]),
            number(s.patriotism[i]),
            number(s.vigilance[i]),
            number(s.fear[i]),
            s.sanctions[i].to_string(),
            s.wrongful_sanctions[i].to_string(),
            s.reports_made[i].to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}

/// edges.csv: the final graph, one row per tie with source < target.
pub fn write_edges(out: &mut dyn Write, sim: &Simulation) -> std::io::Result<()> {
    writeln!(out, "source,target")?;
    for (a, b) in sim.graph.edges() {
        writeln!(out, "{a},{b}")?;
    }
    Ok(())
}

/// The header of events.csv.
pub const EVENT_HEADER: &str = "tick,citizen,friend,kind,cause";

/// Appends one tick's tie changes to events.csv.
pub fn write_tie_events(out: &mut dyn Write, tick: u32, edits: &TieEdits) -> std::io::Result<()> {
    for c in &edits.cuts {
        writeln!(
            out,
            "{tick},{},{},cut,{}",
            c.citizen,
            c.friend,
            c.cause.name()
        )?;
    }
    for c in &edits.forms {
        writeln!(
            out,
            "{tick},{},{},formed,{}",
            c.citizen,
            c.friend,
            c.cause.name()
        )?;
    }
    Ok(())
}
