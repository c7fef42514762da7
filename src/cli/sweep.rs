//! `sesame sweep`, `merge`, `sensitivity`, `slurm` and `status`: many
//! runs over a design of points, here or on a cluster, and what they show.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sesame::charts::ChartFormat;
use sesame::error::{Error, Result};
use sesame::sweep::report::plan_text;

use super::{set_threads, stop_on_signals};

/// Flags of `sesame sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The sweep file (TOML), or the sweep.toml of a sweep folder.
    pub sweep: PathBuf,
    /// Sweep folder [default: output/<sweep file stem>, or output/<stem>.shard-K with --shard; a sweep.toml uses its `name`].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Continue the sweep in the folder: committed runs are kept, the others run.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Run only the runs with run_id % N == K (one of N machines), e.g. --shard 3/8.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Worker threads [default: all cores, or RAYON_NUM_THREADS]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Replace an existing sweep folder (only one that sesame wrote).
    #[arg(long)]
    pub force: bool,
    /// Also keep every run's full run folder, under runs/NNNNNN/.
    #[arg(long)]
    pub keep_runs: bool,
    /// Chart format: png, svg or both.
    #[arg(long, default_value = "png")]
    pub format: ChartFormat,
}

/// Flags of `sesame sensitivity`.
#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// A complete sweep folder of a design = "morris" or "sobol" sweep.
    pub dir: PathBuf,
    /// A measure to analyse: a metrics.csv column (lost_half_share) or a
    /// group's groups.csv column as GROUP.COLUMN (dissidents.isolated_share);
    /// repeatable [default: the sweep's `measures`].
    #[arg(long = "measure", value_name = "NAME")]
    pub measures: Vec<String>,
    /// The recorded tick to analyse [default: the last].
    #[arg(long, value_name = "T")]
    pub at_tick: Option<u32>,
    /// Bootstrap rounds for the 95 % intervals.
    #[arg(long, value_name = "B", default_value_t = sesame::sensitivity::bootstrap::DEFAULT_ROUNDS)]
    pub bootstrap: usize,
    /// Do not draw the charts and report.html.
    #[arg(long)]
    pub no_charts: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

/// Flags of `sesame merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard folders of one sweep.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// The merged sweep folder.
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Replace the sweep files already in the folder (only ones that sesame wrote).
    #[arg(long)]
    pub force: bool,
}

/// Flags of `sesame slurm`.
#[derive(Debug, clap::Args)]
pub struct SlurmArgs {
    /// The sweep file (TOML), or the sweep.toml of a sweep folder.
    pub sweep: PathBuf,
    /// Tasks of the job array; task K runs shard K/N [default: one per run, at most 32].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub tasks: Option<u64>,
    /// Folder for the job files (slurm/), the shards (shards/) and the merged
    /// results [default: output/<sweep name>, as `sesame sweep`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Slurm partition of every job.
    #[arg(long, value_name = "P")]
    pub partition: Option<String>,
    /// Time limit of every job, e.g. 02:00:00 or 1-00:00:00.
    #[arg(long, value_name = "T")]
    pub time: Option<String>,
    /// CPUs of each task; each task runs that many threads.
    #[arg(long, value_name = "C", value_parser = clap::value_parser!(u32).range(1..))]
    pub cpus_per_task: Option<u32>,
    /// Memory of every job, e.g. 4G.
    #[arg(long, value_name = "M")]
    pub mem: Option<String>,
    /// Account charged for the jobs.
    #[arg(long, value_name = "A")]
    pub account: Option<String>,
    /// One more #SBATCH line for both scripts, e.g. --extra-sbatch=--qos=long (repeatable).
    #[arg(long = "extra-sbatch", value_name = "LINE", allow_hyphen_values = true)]
    pub extra_sbatch: Vec<String>,
    /// Submit with sbatch: the array, then the merge after it (exit code 1
    /// without Slurm; the files are written anyway).
    #[arg(long)]
    pub submit: bool,
}

/// `sesame chart` on a sweep folder: the sweep's charts and report.html,
/// redrawn from its files (a complete, unsharded sweep only).
pub fn chart_sweep(dir: &Path, format: ChartFormat) -> Result<()> {
    let (manifest, sweep) = read_sweep_folder(dir)?;
    let runs = sesame::sweep::status::SweepStatus::read(dir)?;
    if !runs.complete {
        return Err(Error::input(format!(
            "{}: the sweep is not complete ({} of {} runs committed), and its charts are drawn from \
             a complete sweep; continue it with: {} (summary.partial.csv holds the means so far)",
            dir.display(),
            runs.runs_done,
            runs.runs_in_scope,
            runs.resume_command()
        )));
    }
    debug_assert!(manifest.shard.is_none());
    let files = sesame::sweep::report::present(dir, &sweep, format)?;
    if sweep.design.method().is_some() && format != ChartFormat::Png {
        eprintln!(
            "note: a {} sweep's charts are PNG files; report.html holds them as SVG",
            sweep.design.name()
        );
    }
    if std::io::stdout().is_terminal() {
        println!("drew {} files in {}", files.len(), dir.display());
    }
    Ok(())
}

/// The manifest and resolved sweep of the whole-sweep folder `dir`,
/// refusing a shard's folder and a `sweep.toml` edited since the sweep ran.
fn read_sweep_folder(
    dir: &Path,
) -> Result<(sesame::sweep::manifest::SweepManifest, sesame::sweep::Sweep)> {
    use sesame::sweep::manifest::SweepManifest;
    let manifest = SweepManifest::read(dir)?;
    if let Some(shard) = &manifest.shard {
        return Err(Error::input(format!(
            "{}: holds shard {shard} of the sweep only; merge the shards first (sesame merge SHARD_DIR... --out DIR)",
            dir.display()
        )));
    }
    let path = dir.join(sesame::sweep::runner::SWEEP_TOML);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
    if sesame::output::fingerprint(&text) != manifest.hash() {
        return Err(Error::input(format!(
            "{}: does not match the hash in manifest.json (edited after the sweep ran?)",
            path.display()
        )));
    }
    let sweep = sesame::sweep::file::parse(&text, &path)?;
    Ok((manifest, sweep))
}

/// The default sweep folder: output/<name>, or output/<name>.shard-K. The
/// name is the sweep file's stem (or its `name` key, which a resolved
/// `sweep.toml` carries, so rerunning one finds its original folder).
fn default_sweep_out(name: &str, shard: Option<sesame::sweep::Shard>) -> PathBuf {
    match shard {
        Some(s) => Path::new("output").join(format!("{name}.shard-{}", s.index)),
        None => Path::new("output").join(name),
    }
}

pub fn sweep_command(args: SweepArgs) -> Result<()> {
    use sesame::sweep::{self, Shard, SweepOptions};
    let shard = args.shard.as_deref().map(Shard::parse).transpose()?;
    set_threads(args.threads)?;
    let plan = sweep::load(&args.sweep)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_sweep_out(&plan.name, shard));
    let talk = !args.quiet && std::io::stderr().is_terminal();
    let options = SweepOptions {
        out: out.clone(),
        resume: args.resume,
        force: args.force,
        shard,
        threads: 0,
        progress: !args.quiet,
        keep_runs: args.keep_runs,
        charts: true,
        format: args.format,
    };
    if !args.quiet {
        eprintln!(
            "sweep {}: {}{} → {}",
            plan.name,
            plan_text(&plan),
            shard.map(|s| format!(", shard {s}")).unwrap_or_default(),
            out.display()
        );
    }
    let stop = stop_on_signals()?;
    match sweep::run_sweep(&plan, &options, &stop) {
        Ok(report) => {
            if !args.quiet {
                for w in &report.warnings {
                    eprintln!("warning: {w}");
                }
            }
            if talk {
                eprintln!(
                    "{} of {} runs done ({} now) in {:.1} s → {}",
                    report.runs_done,
                    report.runs_in_scope,
                    report.runs_now,
                    report.wall_seconds,
                    report.folder.display()
                );
                if report.complete && shard.is_none() && plan.design.method().is_some() {
                    eprintln!(
                        "sensitivity indices: {} and report.html (redo with `sesame sensitivity {}`)",
                        report.folder.join(sesame::sensitivity::SENSITIVITY_CSV).display(),
                        report.folder.display()
                    );
                }
            }
            Ok(())
        }
        Err(e) if e.interrupted_by().is_some() => {
            if !args.quiet {
                let scope = sesame::sweep::runner::scope(&plan, shard);
                let committed = sesame::sweep::record::committed(&out).unwrap_or_default();
                let done = scope.iter().filter(|id| committed.contains(id)).count();
                eprintln!(
                    "sweep stopped: {done} of {} runs committed in {}",
                    scope.len(),
                    out.display()
                );
            }
            Err(e)
        }
        Err(e) => Err(e),
    }
}

pub fn sensitivity_command(args: SensitivityArgs) -> Result<()> {
    let dir = args.dir.as_path();
    let (_, sweep) = read_sweep_folder(dir)?;
    let options = sesame::sensitivity::AnalysisOptions {
        measures: args.measures.clone(),
        at_tick: args.at_tick,
        bootstrap: args.bootstrap,
        charts: !args.no_charts,
    };
    let (analysis, written) = sesame::sensitivity::analyze_folder(dir, &sweep, &options)?;
    if !args.quiet {
        print!(
            "{}",
            sesame::sensitivity::analysis::summary(&sweep, &analysis)
        );
        if std::io::stderr().is_terminal() {
            eprintln!("wrote {} files in {}", written.len(), dir.display());
        }
    }
    Ok(())
}

pub fn merge_command(args: MergeArgs) -> Result<()> {
    let report = sesame::sweep::merge(&args.shards, &args.out, args.force)?;
    if std::io::stderr().is_terminal() {
        eprintln!(
            "merged {} folders of sweep {}: {} runs → {}",
            report.inputs,
            report.sweep,
            report.runs,
            report.folder.display()
        );
    }
    Ok(())
}

pub fn slurm_command(args: SlurmArgs) -> Result<()> {
    use sesame::slurm::{self, layout::text, quote::shell_quoted, Resources, SlurmOptions};
    let plan = sesame::sweep::load(&args.sweep)?;
    let binary = std::env::current_exe()
        .map_err(|e| Error::other(format!("cannot find the sesame binary itself: {e}")))?;
    let options = SlurmOptions {
        out: args
            .out
            .clone()
            .unwrap_or_else(|| default_sweep_out(&plan.name, None)),
        tasks: args.tasks,
        resources: Resources {
            partition: args.partition.clone(),
            time: args.time.clone(),
            cpus_per_task: args.cpus_per_task,
            mem: args.mem.clone(),
            account: args.account.clone(),
            extra: args.extra_sbatch.clone(),
        },
        binary,
    };
    let prepared = slurm::prepare(&plan, &options)?;
    let job = &prepared.job;
    let dir = text(job.layout.dir());
    println!(
        "sweep {}: {} runs in {} tasks (at most {} runs each); job files in {}/",
        plan.name,
        job.runs_total,
        job.tasks,
        job.runs_per_task(),
        text(&job.layout.slurm_dir())
    );
    if prepared.runs_committed > 0 {
        println!(
            "{} of {} runs are already committed in the shards; the tasks keep them",
            prepared.runs_committed, job.runs_total
        );
    }
    if !args.submit {
        println!("submit with --submit, or by hand:");
        for line in slurm::scripts::submit_commands(job).lines() {
            println!("  {line}");
        }
        return Ok(());
    }
    if let Some(old) = prepared
        .previous
        .as_ref()
        .and_then(|p| p.merge_job.as_ref())
    {
        println!(
            "note: merge job {old} of an earlier submission may still be queued; if `squeue -j {old}` \
             shows it pending (DependencyNeverSatisfied), cancel it: scancel {old}"
        );
    }
    let ids = slurm::submit(&job.layout)?;
    println!(
        "array job {} ({} tasks), merge job {} (after {}); results in {dir}/",
        ids.array, job.tasks, ids.merge, ids.array
    );
    println!("watch:  squeue -j {},{}", ids.array, ids.merge);
    println!("        sesame status {}", shell_quoted(dir));
    Ok(())
}

pub fn status_command(dir: &Path) -> Result<()> {
    use sesame::slurm::layout::{SHARDS_DIR, SLURM_DIR};
    if dir.join(SLURM_DIR).is_dir() || dir.join(SHARDS_DIR).is_dir() {
        print!("{}", sesame::slurm::progress(dir)?.render());
        return Ok(());
    }
    if !dir.join(sesame::output::folder::MANIFEST).is_file() {
        return Err(Error::input(format!(
            "{}: not a sweep on Slurm (no {SLURM_DIR}/ or {SHARDS_DIR}/) nor a sweep folder (no manifest.json); \
             give the --out folder of `sesame sweep` or `sesame slurm`",
            dir.display()
        )));
    }
    print!(
        "{}",
        sesame::sweep::status::SweepStatus::read(dir)?.render()
    );
    Ok(())
}
