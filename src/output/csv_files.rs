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

/// The column citizens.csv gains for a stochastic-block network: the
/// planted community of each citizen, numbered from 0.
pub const COMMUNITY_COLUMN: &str = "community";

/// citizens.csv: the final state of every citizen, and for a
/// stochastic-block network, its `communities` (the last column).
pub fn write_citizens(
    out: &mut dyn Write,
    sim: &Simulation,
    communities: Option<&[u32]>,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = CITIZEN_COLUMNS.to_vec();
    if communities.is_some() {
        header.push(COMMUNITY_COLUMN);
    }
    w.write_record(&header).map_err(csv_error)?;
    let s = &sim.society;
    let groups: Vec<&str> = sim.params.population.groups.names().collect();
    let tiers: Vec<&str> = sim.params.tiers.names().collect();
    for i in 0..s.len() {
        let community = communities.map(|c| c[i].to_string());
        let fields = [
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
        ];
        w.write_record(
            fields
                .iter()
                .map(String::as_str)
                .chain(community.as_deref()),
        )
        .map_err(csv_error)?;
    }
    w.flush()
}

/// edges.csv (the final graph) or edges_initial.csv (the initial one): one
/// row per tie with source < target, citizen ids. For a network read from
/// a file, `labels` (each citizen's id in the file) add the columns
/// `source_label` and `target_label`.
pub fn write_edges(
    out: &mut dyn Write,
    graph: &crate::graph::Graph,
    labels: Option<&[u64]>,
) -> std::io::Result<()> {
    match labels {
        None => {
            writeln!(out, "source,target")?;
            for (a, b) in graph.edges() {
                writeln!(out, "{a},{b}")?;
            }
        }
        Some(labels) => {
            writeln!(out, "source,target,source_label,target_label")?;
            for (a, b) in graph.edges() {
                let (x, y) = (labels[a as usize], labels[b as usize]);
                writeln!(out, "{a},{b},{x},{y}")?;
            }
        }
    }
    Ok(())
}

/// The header of citizen_ticks.csv.
pub const CITIZEN_TICK_HEADER: &str = "tick,id,record,score,tier,degree";

/// Appends the rows of citizen_ticks.csv for the simulation's current
/// tick: one per citizen.
pub fn write_citizen_ticks(out: &mut dyn Write, sim: &Simulation) -> std::io::Result<()> {
    let s = &sim.society;
    let tiers: Vec<&str> = sim.params.tiers.names().collect();
    let tick = sim.tick;
    for i in 0..s.len() {
        writeln!(
            out,
            "{tick},{i},{},{},{},{}",
            number(s.record[i]),
            number(s.score[i]),
            tiers[s.tier[i] as usize],
            sim.graph.degree(i)
        )?;
    }
    Ok(())
}

/// Bytes a row of citizen_ticks.csv takes, about (a tick, an id, two
/// scores written to the last digit, a tier, a degree).
pub const CITIZEN_TICK_ROW_BYTES: u64 = 50;

/// The ticks citizen_ticks.csv records for a run of `ticks` ticks, every
/// `every`: tick 0, each multiple of `every`, and the last tick.
pub fn citizen_tick_records(ticks: u32, every: u32) -> u64 {
    let every = every.max(1);
    1 + (ticks / every) as u64 + u64::from(ticks % every != 0)
}

/// The estimated size of citizen_ticks.csv in bytes: rows × [`CITIZEN_TICK_ROW_BYTES`].
pub fn citizen_ticks_bytes(citizens: u64, ticks: u32, every: u32) -> u64 {
    citizens
        .saturating_mul(citizen_tick_records(ticks, every))
        .saturating_mul(CITIZEN_TICK_ROW_BYTES)
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
