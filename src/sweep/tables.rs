//! The tables of a sweep folder, assembled from the commit records:
//!
//! - `runs.csv`: run_id, point_id, replicate, seed, one column per swept
//!   parameter, status (`ok`, or `pending` for a run not committed yet),
//!   wall_seconds (last, the one column that differs between two executions);
//! - `results.csv`: every recorded tick of every committed run: run_id,
//!   point_id, replicate, the parameters, then every column of metrics.csv;
//! - `summary.csv` (long format): point_id, the parameters, tick, measure,
//!   mean, sd, n, ci95_low, ci95_high, over the committed replicates of each
//!   point (Student t with n − 1 degrees of freedom; NaN values skipped and
//!   not counted in n; sd and the interval empty when n < 2). While runs
//!   of the folder are missing (a stopped sweep), it is written as
//!   `summary.partial.csv` instead, and `summary.csv` is removed: a mean
//!   over the replicates done so far must not pass for the sweep's.
//!
//! Rows are in run-id order (point-major), so the files are byte-identical
//! whatever order the runs finished in. Points are processed one at a time:
//! memory holds one point's replicates, not the whole sweep.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use toml::Value;

use super::file::Sweep;
use super::record::{self, RunRecord};
use super::stats;
use crate::error::{Error, Result};
use crate::output::folder::Folder;
use crate::output::number;

/// Name of the run table.
pub const RUNS_CSV: &str = "runs.csv";
/// Name of the per-tick results table.
pub const RESULTS_CSV: &str = "results.csv";
/// Name of the summary table.
pub const SUMMARY_CSV: &str = "summary.csv";
/// Name of the summary table while runs are missing.
pub const SUMMARY_PARTIAL_CSV: &str = "summary.partial.csv";

/// A parameter value as a CSV field: numbers as in metrics.csv, text as is.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => number(*f),
        Value::String(s) => s.clone(),
        Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::other(format!("{}: {e}", path.display()))
}

/// Writes runs.csv, results.csv and summary.csv (summary.partial.csv while
/// runs are missing) into `folder` for the runs `scope` (ascending run
/// ids), reading the committed records there. Returns how many of them
/// were committed. Each file is written under a temporary name and renamed
/// when complete.
pub fn assemble(folder: &Path, sweep: &Sweep, scope: &[u64]) -> Result<usize> {
    let done = record::committed(folder)?;
    let complete = scope.iter().all(|id| done.contains(id));
    let (summary_name, stale) = if complete {
        (SUMMARY_CSV, SUMMARY_PARTIAL_CSV)
    } else {
        (SUMMARY_PARTIAL_CSV, SUMMARY_CSV)
    };
    let dir = Folder::existing(folder);
    let mut runs_file = dir.stream(RUNS_CSV)?;
    let mut results_file = dir.stream(RESULTS_CSV)?;
    let mut summary_file = dir.stream(summary_name)?;
    let err = csv_error(folder);
    let keys = sweep.parameter_keys();
    let mut committed = 0;
    {
        let mut runs = csv::Writer::from_writer(&mut runs_file.out);
        let mut results = csv::Writer::from_writer(&mut results_file.out);
        let mut summary = csv::Writer::from_writer(&mut summary_file.out);
        let mut header: Vec<String> = ["run_id", "point_id", "replicate", "seed"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        header.extend(keys.iter().cloned());
        header.extend(["status".into(), "wall_seconds".into()]);
        runs.write_record(&header).map_err(&err)?;
        let mut summary_header: Vec<String> = vec!["point_id".into()];
        summary_header.extend(keys.iter().cloned());
        summary_header.extend(
            [
                "tick",
                "measure",
                "mean",
                "sd",
                "n",
                "ci95_low",
                "ci95_high",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        summary.write_record(&summary_header).map_err(&err)?;
        let mut results_header_written = false;

        let mut k = 0;
        while k < scope.len() {
            let point_id = sweep.planned(scope[k]).point_id;
            let params: Vec<String> = sweep.points[point_id as usize]
                .iter()
                .map(value_text)
                .collect();
            let mut records: Vec<RunRecord> = Vec::new();
            while k < scope.len() && sweep.planned(scope[k]).point_id == point_id {
                let run = sweep.planned(scope[k]);
                let mut row = vec![
                    run.run_id.to_string(),
                    run.point_id.to_string(),
                    run.replicate.to_string(),
                    run.seed.to_string(),
                ];
                row.extend(params.iter().cloned());
                if done.contains(&run.run_id) {
                    let rec = record::read(folder, run.run_id)?;
                    row.push(rec.status.clone());
                    row.push(number(rec.wall_seconds));
                    records.push(rec);
                } else {
                    row.push("pending".into());
                    row.push(String::new());
                }
                runs.write_record(&row).map_err(&err)?;
                k += 1;
            }
            committed += records.len();
            for rec in &records {
                if !results_header_written {
                    let mut h: Vec<String> = ["run_id", "point_id", "replicate"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect();
                    h.extend(keys.iter().cloned());
                    h.extend(rec.columns.iter().cloned());
                    results.write_record(&h).map_err(&err)?;
                    results_header_written = true;
                }
                for r in &rec.rows {
                    let mut row = vec![
                        rec.run_id.to_string(),
                        rec.point_id.to_string(),
                        rec.replicate.to_string(),
                    ];
                    row.extend(params.iter().cloned());
                    row.extend(r.iter().cloned());
                    results.write_record(&row).map_err(&err)?;
                }
            }
            summarize_point(&mut summary, point_id, &params, &records).map_err(&err)?;
        }
        if !results_header_written {
            let mut h: Vec<String> = ["run_id", "point_id", "replicate"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            h.extend(keys.iter().cloned());
            h.extend(crate::observe::metric_columns(&sweep.base));
            results.write_record(&h).map_err(&err)?;
        }
        for w in [&mut runs, &mut results, &mut summary] {
            w.flush().map_err(|e| Error::io(folder, e))?;
        }
    }
    runs_file.finish()?;
    results_file.finish()?;
    summary_file.finish()?;
    let stale = folder.join(stale);
    match std::fs::remove_file(&stale) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&stale, e)),
        _ => {}
    }
    Ok(committed)
}

/// The summary rows of one point: per recorded tick (ascending) and per
/// measure (in metrics.csv order), over the point's replicates in
/// replicate order.
fn summarize_point<W: Write>(
    summary: &mut csv::Writer<W>,
    point_id: u64,
    params: &[String],
    records: &[RunRecord],
) -> std::result::Result<(), csv::Error> {
    let Some(first) = records.first() else {
        return Ok(());
    };
    let columns = &first.columns;
    let tick_col = columns.iter().position(|c| c == "tick").unwrap_or(0);
    // Per record: tick → row index.
    let index: Vec<BTreeMap<u64, usize>> = records
        .iter()
        .map(|rec| {
            rec.rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.get(tick_col)?.parse::<u64>().ok().map(|t| (t, i)))
                .collect()
        })
        .collect();
    let mut ticks: Vec<u64> = index.iter().flat_map(|m| m.keys().copied()).collect();
    ticks.sort_unstable();
    ticks.dedup();
    let mut values = Vec::with_capacity(records.len());
    for &tick in &ticks {
        for (c, measure) in columns.iter().enumerate() {
            if c == tick_col {
                continue;
            }
            values.clear();
            for (rec, idx) in records.iter().zip(&index) {
                let v = idx
                    .get(&tick)
                    .and_then(|&i| rec.rows[i].get(c))
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(f64::NAN);
                values.push(v);
            }
            let s = stats::summarize(&values);
            let mut row = vec![point_id.to_string()];
            row.extend(params.iter().cloned());
            row.extend([
                tick.to_string(),
                measure.clone(),
                number(s.mean),
                number(s.sd),
                s.n.to_string(),
                number(s.ci95_low),
                number(s.ci95_high),
            ]);
            summary.write_record(&row)?;
        }
    }
    Ok(())
}
