//! Running a sweep into its folder: the run list, parallel execution,
//! one atomic commit per finished run, resuming and shards.
//!
//! The whole run list is built before anything runs (as Mesa's batch
//! runner does): run ids are point-major, `run_id = point_id · replicates +
//! replicate`. Workers take the next run id not yet committed, run it to
//! the end and commit its record (see [`super::record`]); the tables are
//! then assembled from the records in run-id order. So the folder's files
//! do not depend on the thread count, the order runs finish in, or how
//! many times the sweep was interrupted and resumed (only `wall_seconds`,
//! the last column of runs.csv, and the manifest differ).
//!
//! Parallelism is across runs: `threads` workers, each with its own rayon
//! pool of `threads / workers` threads for the run's own phases (one each
//! when there are at least as many runs left as threads). Dedicated pools
//! keep one run's parallel phases from stealing another run's work.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::file::{PlannedRun, Sweep};
use super::manifest::SweepManifest;
use super::record::{self, RunRecord, RUNS_DIR, STATUS_OK};
use super::shard::Shard;
use super::tables;
use crate::error::{Error, Result};
use crate::output::csv_files::{group_fields, GROUP_COLUMNS};
use crate::output::folder::{write_atomic, Folder, FolderKind};
use crate::output::number;
use crate::run::{self, RunOptions, StopFlag};

/// The resolved sweep inside a sweep folder.
pub const SWEEP_TOML: &str = "sweep.toml";

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// The sweep folder.
    pub out: PathBuf,
    /// Continue the sweep already in `out` (or start it if `out` is empty
    /// or missing), skipping committed runs.
    pub resume: bool,
    /// Replace an existing sweep folder (only one that sesame wrote).
    pub force: bool,
    /// Run only this shard's runs.
    pub shard: Option<Shard>,
    /// Worker threads; 0 means rayon's current number of threads.
    pub threads: usize,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Also write each run's full run folder under `runs/NNNNNN/`.
    pub keep_runs: bool,
    /// Draw the charts when the (unsharded) sweep is complete.
    pub charts: bool,
    /// The files of the charts: PNG, SVG or both.
    pub format: crate::charts::ChartFormat,
}

/// What a sweep command did.
#[derive(Debug, Clone)]
pub struct SweepReport {
    /// The sweep folder.
    pub folder: PathBuf,
    /// Runs in the whole sweep.
    pub runs_total: u64,
    /// Runs this folder is responsible for (the shard's, or all).
    pub runs_in_scope: u64,
    /// Of those, committed now.
    pub runs_done: u64,
    /// Run (and committed) by this command.
    pub runs_now: u64,
    /// Whether every run in scope is committed and the tables are final.
    pub complete: bool,
    /// Wall time of this command, in seconds.
    pub wall_seconds: f64,
    /// Distinct notes from the runs of this command.
    pub warnings: Vec<String>,
}

/// The run ids a folder is responsible for, ascending.
pub fn scope(sweep: &Sweep, shard: Option<Shard>) -> Vec<u64> {
    (0..sweep.runs_total())
        .filter(|&id| shard.is_none_or(|s| s.contains(id)))
        .collect()
}

/// Runs `sweep` into `options.out` (see the module docs). Stops starting
/// runs when `stop` is requested; runs in progress stop at the end of
/// their tick and are not committed. Returns [`Error::sweep_interrupted`] then,
/// an [`Error::Other`] naming the runs that failed if any did, and the
/// report otherwise.
pub fn run_sweep(sweep: &Sweep, options: &SweepOptions, stop: &StopFlag) -> Result<SweepReport> {
    let started = Instant::now();
    let out = options.out.as_path();
    open_folder(sweep, options)?;
    let scope = scope(sweep, options.shard);
    let in_scope: BTreeSet<u64> = scope.iter().copied().collect();
    let mut manifest = SweepManifest::new(
        &sweep.name,
        &sweep.hash,
        sweep.runs_total(),
        options.shard,
        scope.len() as u64,
    );
    let threads = if options.threads == 0 {
        rayon::current_num_threads()
    } else {
        options.threads
    };
    manifest.threads = threads;
    let done_before = record::committed(out)?;
    manifest.runs_done = done_before.intersection(&in_scope).count() as u64;
    manifest.write(out)?;
    write_atomic(&out.join(SWEEP_TOML), |w| {
        w.write_all(sweep.text.as_bytes())
    })?;
    let runs_dir = out.join(RUNS_DIR);
    std::fs::create_dir_all(&runs_dir).map_err(|e| Error::io(&runs_dir, e))?;
    record::remove_partials(out)?;

    let todo: Vec<PlannedRun> = scope
        .iter()
        .filter(|id| !done_before.contains(id))
        .map(|&id| sweep.planned(id))
        .collect();
    let bar = progress_bar(options.progress, scope.len() as u64, manifest.runs_done);
    let outcome = execute_all(sweep, &todo, out, threads, options.keep_runs, stop, &bar);
    bar.finish_and_clear();

    let done: BTreeSet<u64> = record::committed(out)?
        .intersection(&in_scope)
        .copied()
        .collect();
    let complete = done.len() == scope.len();
    tables::assemble(out, sweep, &scope)?;
    // A sensitivity design's thousands of points make no readable curve or
    // time series: its charts are the indices'.
    let sensitivity = sweep.design.method().is_some();
    if complete && options.shard.is_none() && options.charts && !sensitivity {
        super::report::present(out, sweep, options.format)?;
    }
    let interrupted = stop.requested();
    manifest.runs_done = done.len() as u64;
    manifest.complete = complete;
    manifest.interrupted_by_signal = if complete { None } else { interrupted };
    manifest.wall_seconds = started.elapsed().as_secs_f64();
    manifest.write(out)?;
    // After the manifest: the runs are final whether or not the analysis
    // of their measures succeeds.
    if complete && options.shard.is_none() && sensitivity {
        let analysis = crate::sensitivity::AnalysisOptions {
            charts: options.charts,
            ..Default::default()
        };
        crate::sensitivity::analyze_folder(out, sweep, &analysis).map_err(|e| {
            Error::input(format!(
                "every run is done in {}, but the sensitivity analysis failed: {e}
                 redo it with: sesame sensitivity {} --measure NAME",
                out.display(),
                out.display()
            ))
        })?;
    }

    if !outcome.failures.is_empty() {
        let lines: Vec<String> = outcome
            .failures
            .iter()
            .map(|(id, e)| format!("run {id}: {e}"))
            .collect();
        return Err(Error::other(format!(
            "{} run(s) failed; the others are committed in {} (rerun with --resume):\n{}",
            lines.len(),
            out.display(),
            lines.join("\n")
        )));
    }
    if !complete {
        if let Some(signal) = interrupted {
            let shard = options.shard.map(|s| s.to_string());
            let resume = super::status::resume_command(out, shard.as_deref());
            return Err(Error::sweep_interrupted(signal, resume));
        }
    }
    Ok(SweepReport {
        folder: out.to_path_buf(),
        runs_total: sweep.runs_total(),
        runs_in_scope: scope.len() as u64,
        runs_done: done.len() as u64,
        runs_now: outcome.ran,
        complete,
        wall_seconds: manifest.wall_seconds,
        warnings: outcome.warnings.into_iter().collect(),
    })
}

/// Prepares the sweep folder: a new one (refusing a non-empty folder
/// without `force`), or, with `resume`, the existing one after checking it
/// holds the same sweep and the same shard.
fn open_folder(sweep: &Sweep, options: &SweepOptions) -> Result<()> {
    let out = options.out.as_path();
    let non_empty = out.is_dir()
        && std::fs::read_dir(out)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_some();
    if !(options.resume && non_empty) {
        if non_empty && !options.force {
            if let Some(why) = rerun_refusal(sweep, options) {
                return Err(Error::input(why));
            }
        }
        Folder::prepare(out, options.force, FolderKind::Sweep)?;
        return Ok(());
    }
    let stored = SweepManifest::read(out)?;
    if stored.hash() != sweep.hash {
        return Err(Error::input(format!(
            "{}: holds another sweep (hash {}, this sweep {}): the sweep file, its base scenario or an edge list it reads changed since it started. \
             Rerun with the sweep as it was ({}/{}), or use --force to start over, or --out for a new folder",
            out.display(),
            stored.hash(),
            sweep.hash,
            out.display(),
            SWEEP_TOML
        )));
    }
    let asked = options.shard.map(|s| s.to_string());
    if stored.shard != asked {
        let name = |s: &Option<String>| match s {
            Some(s) => format!("shard {s}"),
            None => "the whole sweep".to_string(),
        };
        return Err(Error::input(format!(
            "{}: holds {} but this command runs {}; resume with the same --shard, or use another --out",
            out.display(),
            name(&stored.shard),
            name(&asked)
        )));
    }
    Ok(())
}

/// Why a plain `sesame sweep` may not start in the sweep folder already
/// at `options.out`, when that folder holds a sweep: this sweep (to be
/// continued with `--resume`, which keeps the committed runs; `--force`
/// would discard them) or another one (to be replaced with `--force`).
/// `None` when the folder holds no sweep manifest.
fn rerun_refusal(sweep: &Sweep, options: &SweepOptions) -> Option<String> {
    let out = options.out.as_path();
    let stored = SweepManifest::read(out).ok()?;
    let shown = out.display();
    if stored.hash() != sweep.hash {
        return Some(format!(
            "{shown}: holds another sweep ({}, hash {}); use --force to replace it (its runs are discarded), or --out to choose another folder",
            stored.sweep,
            stored.hash()
        ));
    }
    let asked = options.shard.map(|s| s.to_string());
    if stored.shard != asked {
        let name = |s: &Option<String>| match s {
            Some(s) => format!("shard {s}"),
            None => "the whole sweep".to_string(),
        };
        return Some(format!(
            "{shown}: holds {} of this sweep, but this command runs {}; choose another --out",
            name(&stored.shard),
            name(&asked)
        ));
    }
    let shard = stored.shard.as_deref().and_then(|s| Shard::parse(s).ok());
    let done = record::committed(out)
        .map(|ids| {
            ids.into_iter()
                .filter(|&id| id < sweep.runs_total() && shard.is_none_or(|s| s.contains(id)))
                .count() as u64
        })
        .unwrap_or(stored.runs_done);
    Some(if stored.complete && done == stored.runs_in_scope {
        format!(
            "{shown}: already holds this sweep, complete ({done} runs): nothing to run; \
             redraw its charts with `sesame chart {shown}`, run it again from scratch with \
             --force, or choose another --out"
        )
    } else {
        format!(
            "{shown}: holds this sweep, incomplete ({done} of {} runs committed); continue it \
             with --resume (the committed runs are kept), or choose another --out",
            stored.runs_in_scope
        )
    })
}

fn progress_bar(show: bool, len: u64, done: u64) -> indicatif::ProgressBar {
    if !(show && std::io::stderr().is_terminal()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len).with_position(done);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} runs {pos}/{len} [{bar:40}] {per_sec} ETA {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

/// What the workers did.
struct Outcome {
    ran: u64,
    failures: Vec<(u64, String)>,
    warnings: BTreeSet<String>,
}

/// Runs `todo` on `threads` threads, committing each finished run (on a
/// committer thread, in the order runs finish). After a failure no new run
/// starts (the runs in progress finish and commit).
fn execute_all(
    sweep: &Sweep,
    todo: &[PlannedRun],
    out: &Path,
    threads: usize,
    keep_runs: bool,
    stop: &StopFlag,
    bar: &indicatif::ProgressBar,
) -> Outcome {
    let workers = threads.min(todo.len()).max(1);
    let inner = (threads / workers).max(1);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let ran = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let warnings = Mutex::new(BTreeSet::new());
    let fail = |id: u64, e: String| {
        failed.store(true, Ordering::SeqCst);
        failures.lock().expect("not poisoned").push((id, e));
    };
    // Finished runs are committed by one thread of their own, so a worker
    // starts its next run while the record is written and synced to disk.
    let (finished, to_commit) = std::sync::mpsc::sync_channel::<RunRecord>(2 * workers);
    std::thread::scope(|s| {
        s.spawn(|| {
            for rec in to_commit {
                match record::commit(out, &rec) {
                    Ok(()) => {
                        ran.fetch_add(1, Ordering::SeqCst);
                        bar.inc(1);
                        warnings
                            .lock()
                            .expect("not poisoned")
                            .extend(rec.warnings.iter().cloned());
                    }
                    Err(e) => fail(rec.run_id, e.to_string()),
                }
            }
        });
        let (next, failed, fail) = (&next, &failed, &fail);
        for _ in 0..workers {
            let finished = finished.clone();
            s.spawn(move || {
                let pool = match rayon::ThreadPoolBuilder::new()
                    .num_threads(inner)
                    .stack_size(16 << 20)
                    .build()
                {
                    Ok(p) => p,
                    Err(e) => return fail(u64::MAX, format!("cannot start threads: {e}")),
                };
                loop {
                    if stop.requested().is_some() || failed.load(Ordering::SeqCst) {
                        break;
                    }
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(run) = todo.get(k) else { break };
                    match pool.install(|| execute(sweep, run, out, keep_runs, stop)) {
                        Ok(Some(rec)) => {
                            // The committer only stops once every worker has.
                            let _ = finished.send(rec);
                        }
                        Ok(None) => break,
                        Err(e) => fail(run.run_id, e.to_string()),
                    }
                }
            });
        }
        // The workers hold the only senders left: the committer ends after them.
        drop(finished);
    });
    let mut failures = failures.into_inner().expect("not poisoned");
    failures.sort_by_key(|f| f.0);
    Outcome {
        ran: ran.into_inner() as u64,
        failures,
        warnings: warnings.into_inner().expect("not poisoned"),
    }
}

/// Runs one planned run; `None` if it was interrupted (nothing to commit).
fn execute(
    sweep: &Sweep,
    planned: &PlannedRun,
    out: &Path,
    keep_runs: bool,
    stop: &StopFlag,
) -> Result<Option<RunRecord>> {
    let started = Instant::now();
    let scenario = sweep.scenario(planned);
    // A sensitivity analysis may name a group's measure.
    let groups = sweep.design.method().is_some();
    let run = if keep_runs {
        let options = RunOptions {
            out: out.join(RUNS_DIR).join(format!("{:06}", planned.run_id)),
            force: true,
            progress: false,
            command: format!("sesame sweep (run {} of {})", planned.run_id, sweep.name),
            force_large: false,
        };
        match run::run_to_folder(&scenario, &options, stop) {
            Ok(summary) => summary.run,
            Err(e) if e.interrupted_by().is_some() => return Ok(None),
            Err(e) => return Err(e),
        }
    } else {
        let run = run::simulate(&scenario, stop, |_, _| Ok(()))?;
        if run.interrupted.is_some() {
            return Ok(None);
        }
        run
    };
    Ok(Some(RunRecord {
        run_id: planned.run_id,
        point_id: planned.point_id,
        replicate: planned.replicate,
        seed: planned.seed,
        status: STATUS_OK.into(),
        ticks_done: run.sim.tick,
        wall_seconds: started.elapsed().as_secs_f64(),
        columns: run.columns.clone(),
        rows: run
            .observations
            .iter()
            .map(|o| o.metrics.iter().map(|&v| number(v)).collect())
            .collect(),
        warnings: run.warnings.clone(),
        group_columns: if groups {
            GROUP_COLUMNS.iter().map(|c| c.to_string()).collect()
        } else {
            Vec::new()
        },
        group_rows: if groups {
            run.observations
                .iter()
                .flat_map(|o| o.groups.iter().map(|g| group_fields(o.tick, g)))
                .collect()
        } else {
            Vec::new()
        },
    }))
}
