//! The sensitivity analysis of a finished sweep folder: `sensitivity.csv`,
//! the charts and `report.html`.
//!
//! For each measure ([`super::measure`]) at one recorded tick (the last by
//! default), the output at each point of the design is **the mean over the
//! point's replicates** (undefined values skipped, as in summary.csv); the
//! design's method ([`Method::analyze`], the same function the analytic
//! tests call) turns the outputs into indices, with bootstrap intervals
//! drawn from the sweep's seed. Everything is read from the commit records,
//! so the files are byte-identical whatever the thread count, resuming, or
//! sharding and merging.
//!
//! `sensitivity.csv` (one row per measure and parameter, measures in the
//! order asked, parameters in the sweep's order):
//!
//! - Morris: `measure, tick, parameter, mu_star, mu_star_conf, mu, sigma`;
//! - Sobol': `measure, tick, parameter, S1, S1_conf, ST, ST_conf`, and with
//!   second-order indices the columns `with, S2, S2_conf`, filled on one
//!   extra row per pair of parameters (after the measure's first-order rows).
//!
//! `*_conf` is the half-width of the 95 % bootstrap interval (index ± conf).
//! An index of a measure that does not vary over the design is undefined
//! (an empty field).

use std::path::{Path, PathBuf};

use super::bootstrap;
use super::measure::Measure;
use super::{Indices, Method};
use crate::error::{Error, Result};
use crate::output::folder::Folder;
use crate::output::number;
use crate::sweep::record;
use crate::sweep::Sweep;

/// Name of the indices table in a sweep folder.
pub const SENSITIVITY_CSV: &str = "sensitivity.csv";

/// How to analyse a sweep.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    /// The measures; empty for the sweep's own (its `measures` key).
    pub measures: Vec<String>,
    /// The tick; None for the last recorded tick.
    pub at_tick: Option<u32>,
    /// Bootstrap rounds for the intervals.
    pub bootstrap: usize,
    /// Also draw the charts and write report.html.
    pub charts: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            measures: Vec::new(),
            at_tick: None,
            bootstrap: bootstrap::DEFAULT_ROUNDS,
            charts: true,
        }
    }
}

/// The indices of a sweep's measures.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The sweep's method.
    pub method: Method,
    /// The tick analysed.
    pub tick: u32,
    /// Replicates averaged at each point.
    pub replicates: u32,
    /// Bootstrap rounds behind the intervals.
    pub bootstrap: usize,
    /// The swept parameters, in order.
    pub parameters: Vec<String>,
    /// Per measure, in the order asked: its name and indices.
    pub results: Vec<(String, Indices)>,
}

/// Analyses the complete sweep `sweep` in `folder` (see the module docs)
/// without writing anything.
///
/// # Errors
/// The design is not a sensitivity design; the sweep is not complete; a
/// measure is unknown; the tick was not recorded; a measure is undefined at
/// some point in every replicate.
pub fn analyze(folder: &Path, sweep: &Sweep, options: &AnalysisOptions) -> Result<Analysis> {
    let method = sweep.design.method().ok_or_else(|| {
        Error::input(format!(
            "{}: a {} design has no sensitivity analysis; run a sweep with design = \"morris\" or \"sobol\"",
            folder.display(),
            sweep.design.name()
        ))
    })?;
    if options.bootstrap < 2 {
        return Err(Error::input(format!(
            "--bootstrap {}: at least 2 rounds are needed for an interval (1000 is usual)",
            options.bootstrap
        )));
    }
    let total = sweep.runs_total();
    let done = record::committed(folder)?;
    let committed = (0..total).filter(|id| done.contains(id)).count() as u64;
    if committed < total {
        return Err(Error::input(format!(
            "{}: the sweep is not complete ({committed} of {total} runs committed); finish it first: \
             sesame sweep {} --resume --out {}",
            folder.display(),
            folder.join(crate::sweep::runner::SWEEP_TOML).display(),
            folder.display()
        )));
    }
    let names = if options.measures.is_empty() {
        sweep.measures.clone()
    } else {
        options.measures.clone()
    };
    let mut measures = Vec::new();
    let mut problems = Vec::new();
    for name in &names {
        match Measure::parse(name, &sweep.base) {
            Ok(m) => measures.push(m),
            Err(e) => problems.push(format!("--measure {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(Error::input(problems.join("\n")));
    }

    let first = record::read(folder, 0)?;
    let recorded: Vec<u32> = first
        .columns
        .iter()
        .position(|c| c == "tick")
        .map(|t| {
            first
                .rows
                .iter()
                .filter_map(|r| r.get(t)?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let tick = match options.at_tick {
        Some(t) if recorded.contains(&t) => t,
        Some(t) => {
            return Err(Error::input(format!(
                "--at-tick {t}: not a recorded tick; the runs recorded ticks {} (set output.metrics_every in the sweep's overrides to record others)",
                describe_ticks(&recorded)
            )))
        }
        None => *recorded.last().ok_or_else(|| {
            Error::other(format!("{}: run 0 recorded no tick", folder.display()))
        })?,
    };

    // outputs[m][p]: the replicate mean of measure m at point p.
    let points = sweep.points.len();
    let mut outputs = vec![vec![f64::NAN; points]; measures.len()];
    let mut values = vec![Vec::with_capacity(sweep.replicates as usize); measures.len()];
    for p in 0..points as u64 {
        for v in values.iter_mut() {
            v.clear();
        }
        for r in 0..sweep.replicates as u64 {
            let run_id = p * sweep.replicates as u64 + r;
            let rec = record::read(folder, run_id)?;
            for (m, measure) in measures.iter().enumerate() {
                let v = measure.value(&rec, tick).ok_or_else(|| {
                    Error::input(format!(
                        "run {run_id}: no value of {} at tick {tick} (not recorded in this run{})",
                        names[m],
                        if matches!(measure, Measure::Group { .. }) && rec.group_rows.is_empty() {
                            ", whose record holds no group measures"
                        } else {
                            ""
                        }
                    ))
                })?;
                values[m].push(v);
            }
        }
        for (m, v) in values.iter().enumerate() {
            let s = crate::sweep::stats::summarize(v);
            if s.n == 0 {
                return Err(Error::input(format!(
                    "{} is undefined at point {p} at tick {tick} in every replicate; \
                     a sensitivity analysis needs a value at every point (choose another measure or tick)",
                    names[m]
                )));
            }
            outputs[m][p as usize] = s.mean;
        }
    }

    let dims = sweep.parameters.len();
    let unit = method.unit_points(dims, sweep.base.seed);
    let mut results = Vec::new();
    for (m, name) in names.iter().enumerate() {
        let indices = method
            .analyze(dims, &unit, &outputs[m], options.bootstrap, sweep.base.seed)
            .map_err(|e| Error::other(format!("{name}: {e}")))?;
        results.push((name.clone(), indices));
    }
    Ok(Analysis {
        method,
        tick,
        replicates: sweep.replicates,
        bootstrap: options.bootstrap,
        parameters: sweep.parameter_keys(),
        results,
    })
}

/// Ticks as short text: `0, 10, 20, …, 200` for long even lists.
fn describe_ticks(ticks: &[u32]) -> String {
    let text: Vec<String> = ticks.iter().map(|t| t.to_string()).collect();
    if text.len() <= 8 {
        text.join(", ")
    } else {
        format!("{}, …, {}", text[..3].join(", "), text[text.len() - 1])
    }
}

/// Analyses the sweep in `folder` and writes `sensitivity.csv`, and with
/// `options.charts` the charts (`charts/sensitivity-<measure>.png`) and
/// `report.html`. Returns the analysis and the files written.
///
/// # Errors
/// As [`analyze`]; a file cannot be written.
pub fn analyze_folder(
    folder: &Path,
    sweep: &Sweep,
    options: &AnalysisOptions,
) -> Result<(Analysis, Vec<PathBuf>)> {
    let analysis = analyze(folder, sweep, options)?;
    let mut written = vec![folder.join(SENSITIVITY_CSV)];
    Folder::existing(folder).write(SENSITIVITY_CSV, |w| write_table(w, &analysis))?;
    if options.charts {
        written.extend(crate::charts::sensitivity::draw(folder, sweep, &analysis)?);
    }
    Ok((analysis, written))
}

/// The rows of sensitivity.csv (see the module docs).
pub fn write_table(out: &mut dyn std::io::Write, a: &Analysis) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let to_io = |e: csv::Error| std::io::Error::other(e.to_string());
    let second_order = matches!(a.method, Method::Sobol(s) if s.second_order);
    let header: &[&str] = match a.method {
        Method::Morris(_) => &[
            "measure",
            "tick",
            "parameter",
            "mu_star",
            "mu_star_conf",
            "mu",
            "sigma",
        ],
        Method::Sobol(_) if second_order => &[
            "measure",
            "tick",
            "parameter",
            "S1",
            "S1_conf",
            "ST",
            "ST_conf",
            "with",
            "S2",
            "S2_conf",
        ],
        Method::Sobol(_) => &[
            "measure",
            "tick",
            "parameter",
            "S1",
            "S1_conf",
            "ST",
            "ST_conf",
        ],
    };
    w.write_record(header).map_err(to_io)?;
    let tick = a.tick.to_string();
    for (name, indices) in &a.results {
        match indices {
            Indices::Morris(m) => {
                for (i, p) in a.parameters.iter().enumerate() {
                    w.write_record([
                        name,
                        &tick,
                        p,
                        &number(m.mu_star[i].value),
                        &number(m.mu_star[i].conf),
                        &number(m.mu[i]),
                        &number(m.sigma[i]),
                    ])
                    .map_err(to_io)?;
                }
            }
            Indices::Sobol(s) => {
                for (i, p) in a.parameters.iter().enumerate() {
                    let mut row = vec![
                        name.clone(),
                        tick.clone(),
                        p.clone(),
                        number(s.s1[i].value),
                        number(s.s1[i].conf),
                        number(s.st[i].value),
                        number(s.st[i].conf),
                    ];
                    if second_order {
                        row.extend([String::new(), String::new(), String::new()]);
                    }
                    w.write_record(&row).map_err(to_io)?;
                }
                for &(i, k, e) in &s.s2 {
                    let mut row = vec![name.clone(), tick.clone(), a.parameters[i].clone()];
                    row.extend(std::iter::repeat_n(String::new(), 4));
                    row.extend([a.parameters[k].clone(), number(e.value), number(e.conf)]);
                    w.write_record(&row).map_err(to_io)?;
                }
            }
        }
    }
    w.flush()
}

/// The analysis as text for the terminal: per measure, the parameters
/// ranked by ST (Sobol') or μ* (Morris) with their intervals.
pub fn summary(sweep: &Sweep, a: &Analysis) -> String {
    let width = a
        .parameters
        .iter()
        .map(|p| p.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let show = |v: f64| {
        if v.is_finite() {
            format!("{v:.3}")
        } else {
            "–".into()
        }
    };
    let pm = |e: super::Estimate| format!("{} ± {}", show(e.value), show(e.conf));
    let mut out = format!(
        "sensitivity of sweep {} at tick {}: indices of the mean of {} replicate{} per point, 95 % bootstrap intervals ({} rounds)\n",
        sweep.name,
        a.tick,
        a.replicates,
        if a.replicates == 1 { "" } else { "s" },
        a.bootstrap
    );
    for (name, indices) in &a.results {
        out += &format!("\n{name}\n");
        let key = |i: usize| match indices {
            Indices::Sobol(s) => s.st[i].value,
            Indices::Morris(m) => m.mu_star[i].value,
        };
        let mut order: Vec<usize> = (0..a.parameters.len()).collect();
        order.sort_by(|&x, &y| key(y).total_cmp(&key(x)).then(x.cmp(&y)));
        match indices {
            Indices::Sobol(s) => {
                out += &format!("  {:width$}  {:>17}  {:>17}\n", "parameter", "S1", "ST");
                for i in order {
                    out += &format!(
                        "  {:width$}  {:>17}  {:>17}\n",
                        a.parameters[i],
                        pm(s.s1[i]),
                        pm(s.st[i])
                    );
                }
            }
            Indices::Morris(m) => {
                out += &format!(
                    "  {:width$}  {:>17}  {:>8}  {:>8}\n",
                    "parameter", "mu_star", "mu", "sigma"
                );
                for i in order {
                    out += &format!(
                        "  {:width$}  {:>17}  {:>8}  {:>8}\n",
                        a.parameters[i],
                        pm(m.mu_star[i]),
                        show(m.mu[i]),
                        show(m.sigma[i])
                    );
                }
            }
        }
    }
    out
}
