//! The command line: subcommands and flags, and what each does. Only the
//! binary ([`crate::cli::main`] called from `main.rs`) prints and exits.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::charts::ChartFormat;
use crate::error::{Error, Result};
use crate::run::{self, RunOptions, StopFlag};
use crate::scenario::{self, Overrides};

/// sesame — simulate a social-credit society: scores with friend spillover,
/// rewarded denunciation, ostracism and the clustering it causes.
#[derive(Debug, Parser)]
#[command(name = "sesame", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write its run folder.
    Run(RunArgs),
    /// Validate scenario files and print what each resolves to.
    Check {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Print the measures of docs/model.md §7.10 for any network (one CSV row).
    Measure {
        /// Edge list: CSV with a header, or SNAP-style whitespace pairs.
        edges: PathBuf,
        /// A citizens.csv (id, score, tier, ...) for the score and tier measures.
        #[arg(long)]
        scores: Option<PathBuf>,
        /// csv, snap, or auto (by extension).
        #[arg(long, default_value = "auto")]
        format: crate::graph::edgelist::EdgeListFormat,
    },
    /// Redraw the charts and report.html of a run or sweep folder from its files.
    Chart {
        /// A run folder (`sesame run`) or a complete sweep folder (`sesame sweep`, `sesame merge`).
        dir: PathBuf,
        /// png, svg or both.
        #[arg(long, default_value = "png")]
        format: ChartFormat,
    },
    /// Run a parameter sweep: a base scenario over a design of points, with replicates.
    Sweep(SweepArgs),
    /// Merge the shard folders of one sweep into one sweep folder.
    Merge(MergeArgs),
    /// Sensitivity indices of a Morris or Sobol' sweep: sensitivity.csv, charts, report.html.
    Sensitivity(SensitivityArgs),
    /// Write a Slurm job array that runs a sweep on a cluster; --submit submits it.
    Slurm(SlurmArgs),
    /// Show how far a sweep has got: runs done, complete or not, what stopped it
    /// (per shard for a sweep on Slurm).
    Status {
        /// A sweep folder (the --out of `sesame sweep`), or the folder of a
        /// sweep on Slurm (the --out of `sesame slurm`).
        dir: PathBuf,
    },
    /// Explore a scenario live in the browser: play, pause, move the sliders, save.
    Explore(ExploreArgs),
}

/// Flags of `sesame explore`.
#[derive(Debug, clap::Args)]
pub struct ExploreArgs {
    /// The scenario file (TOML) [default: the baseline scenario, built in].
    pub scenario: Option<PathBuf>,
    /// Port on 127.0.0.1 (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8350)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Seed of every random stream (overrides the file's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override one parameter by dotted key, e.g. --set population.size=2000 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Worker threads [default: all cores, or RAYON_NUM_THREADS]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Flags of `sesame run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Run folder [default: output/<scenario file stem>].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of every random stream (overrides the file's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of ticks (overrides the file's `ticks`).
    #[arg(long)]
    pub ticks: Option<u32>,
    /// Override one parameter by dotted key, e.g. --set score.friend_weight=0.4 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Worker threads [default: all cores, or RAYON_NUM_THREADS]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Replace an existing run folder (only one that sesame wrote).
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts at the end.
    #[arg(long)]
    pub no_charts: bool,
    /// Chart format: png, svg or both.
    #[arg(long, default_value = "png")]
    pub format: ChartFormat,
    /// Write citizen_ticks.csv even if it is estimated above 2 GB (output.citizens_every).
    #[arg(long)]
    pub force_large: bool,
}

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
    #[arg(long, value_name = "B", default_value_t = crate::sensitivity::bootstrap::DEFAULT_ROUNDS)]
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

/// Parses `KEY=VALUE` pairs of `--set`.
pub fn parse_sets(sets: &[String]) -> Result<Vec<(String, String)>> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(Error::input(format!(
                "--set {s}: expected KEY=VALUE, e.g. --set score.friend_weight=0.4"
            ))),
        })
        .collect()
}

/// Sets the number of worker threads for the whole process.
pub fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        if n == 0 {
            return Err(Error::input("--threads 0: must be at least 1"));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| Error::other(format!("cannot start {n} threads: {e}")))?;
    }
    Ok(())
}

/// Runs the parsed command line; returns the process exit code.
pub fn main(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run_command(args),
        Command::Check { scenarios } => check_command(&scenarios),
        Command::Chart { dir, format } => chart_command(&dir, format),
        Command::Measure {
            edges,
            scores,
            format,
        } => {
            let measured = crate::measure::measure_with_notes(&edges, scores.as_deref(), format)?;
            for w in &measured.warnings {
                eprintln!("warning: {w}");
            }
            print!("{}", crate::measure::to_csv(&measured.measures));
            Ok(())
        }
        Command::Sweep(args) => sweep_command(args),
        Command::Merge(args) => merge_command(args),
        Command::Sensitivity(args) => sensitivity_command(args),
        Command::Slurm(args) => slurm_command(args),
        Command::Status { dir } => status_command(&dir),
        Command::Explore(args) => explore_command(args),
    }
}

/// The scenario `sesame explore` shows when given none: the bundled baseline.
const BASELINE: &str = include_str!("../scenarios/baseline.toml");

fn explore_command(args: ExploreArgs) -> Result<()> {
    set_threads(args.threads)?;
    let overrides = Overrides {
        seed: args.seed,
        ticks: None,
        set: parse_sets(&args.set)?,
    };
    let scenario = match &args.scenario {
        Some(path) => scenario::load(path, &overrides)?,
        None => scenario::load_str(BASELINE, Path::new("baseline (built in)"), &overrides)?,
    };
    let explorer = crate::explore::Explorer::start(&scenario, args.port)?;
    let url = explorer.url().to_string();
    println!(
        "sesame explore: {} ({} citizens) at {url}",
        scenario.file.name,
        {
            scenario
                .file
                .population
                .size
                .map_or("?".into(), |n| n.to_string())
        }
    );
    println!("stop with Ctrl-C");
    if args.open {
        open_in_browser(&url);
    }
    explorer.wait();
    Ok(())
}

/// Opens `url` with the desktop's opener (xdg-open, or open on macOS), and
/// says so if there is none.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let url = url.to_string();
    std::thread::spawn(move || {
        let result = std::process::Command::new(opener)
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match result {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("could not open a browser ({opener} {status}); open {url} yourself")
            }
            Err(e) => eprintln!("could not open a browser ({opener}: {e}); open {url} yourself"),
        }
    });
}

fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    Path::new("output").join(stem)
}

fn run_command(args: RunArgs) -> Result<()> {
    set_threads(args.threads)?;
    let overrides = Overrides {
        seed: args.seed,
        ticks: args.ticks,
        set: parse_sets(&args.set)?,
    };
    let scenario = scenario::load(&args.scenario, &overrides)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.scenario));
    let talk = !args.quiet && std::io::stdout().is_terminal();
    let options = RunOptions {
        out,
        force: args.force,
        progress: !args.quiet,
        command: std::env::args().collect::<Vec<_>>().join(" "),
        force_large: args.force_large,
    };
    let stop = StopFlag::on_signals()?;
    let summary = run::run_to_folder(&scenario, &options, &stop)?;
    if !args.quiet {
        for w in &summary.run.warnings {
            eprintln!("warning: {w}");
        }
    }
    if !args.no_charts {
        crate::charts::draw_run_charts(&summary.folder, args.format).map_err(|e| {
            Error::other(format!("the run is complete, but its charts failed: {e}"))
        })?;
    }
    if talk {
        print!("{}", crate::summary::table(&summary));
    }
    Ok(())
}

fn chart_command(dir: &Path, format: ChartFormat) -> Result<()> {
    use crate::output::ownership::{kind_of, FolderKind};
    let sweep_folder = matches!(
        kind_of(dir),
        Some(FolderKind::Sweep | FolderKind::SlurmSweep)
    ) && dir.join(crate::output::folder::MANIFEST).is_file();
    if sweep_folder {
        return chart_sweep(dir, format);
    }
    if !dir.join("metrics.csv").is_file() {
        return Err(Error::input(format!(
            "{}: not a run folder (no metrics.csv)",
            dir.display()
        )));
    }
    let files = crate::charts::draw_run_charts(dir, format)?;
    if std::io::stdout().is_terminal() {
        println!("drew {} files in {}", files.len(), dir.display());
    }
    Ok(())
}

/// `sesame chart` on a sweep folder: the sweep's charts and report.html,
/// redrawn from its files (a complete, unsharded sweep only).
fn chart_sweep(dir: &Path, format: ChartFormat) -> Result<()> {
    let (manifest, sweep) = read_sweep_folder(dir)?;
    let runs = crate::sweep::status::SweepStatus::read(dir)?;
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
    let files = crate::sweep::report::present(dir, &sweep, format)?;
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
) -> Result<(crate::sweep::manifest::SweepManifest, crate::sweep::Sweep)> {
    use crate::sweep::manifest::SweepManifest;
    let manifest = SweepManifest::read(dir)?;
    if let Some(shard) = &manifest.shard {
        return Err(Error::input(format!(
            "{}: holds shard {shard} of the sweep only; merge the shards first (sesame merge SHARD_DIR... --out DIR)",
            dir.display()
        )));
    }
    let path = dir.join(crate::sweep::runner::SWEEP_TOML);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
    if crate::output::fingerprint(&text) != manifest.hash() {
        return Err(Error::input(format!(
            "{}: does not match the hash in manifest.json (edited after the sweep ran?)",
            path.display()
        )));
    }
    let sweep = crate::sweep::file::parse(&text, &path)?;
    Ok((manifest, sweep))
}

fn check_command(paths: &[PathBuf]) -> Result<()> {
    let mut problems = Vec::new();
    for path in paths {
        if is_sweep_file(path) {
            match crate::sweep::load(path) {
                Ok(s) => {
                    println!("{}: ok (sweep {})", path.display(), s.name);
                    println!("  {}", plan_text(&s));
                }
                Err(e) => problems.push(e.to_string()),
            }
            continue;
        }
        match scenario::load(path, &Overrides::default()) {
            Ok(s) => {
                // Reading an edge list catches a malformed file too.
                let network = match &s.file.network {
                    scenario::model::Network::File { .. } => {
                        crate::network::build(&s).map(|n| n.warning)
                    }
                    _ => Ok(None),
                };
                match network {
                    Ok(warning) => {
                        println!("{}: ok", path.display());
                        println!("{}", indent(&scenario::describe(&s)));
                        if let Some(w) = warning {
                            println!("  warning: {w}");
                        }
                    }
                    Err(e) => problems.push(e.to_string()),
                }
            }
            Err(e) => problems.extend(e.lines()),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::input(problems.join("\n")))
    }
}

/// Whether `path` holds a sweep file (a TOML table with a `base` key)
/// rather than a scenario. Only a regular file of at most 16 MiB is looked
/// into: a pipe (`/dev/stdin`) can be read once, by the scenario loader.
fn is_sweep_file(path: &Path) -> bool {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= 16 << 20);
    regular
        && std::fs::read_to_string(path)
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .is_some_and(|t| t.contains_key("base"))
}

/// What a sweep will run: its design, points, replicates and runs (and for
/// a sensitivity design, how the points come about and the measures).
pub fn plan_text(s: &crate::sweep::Sweep) -> String {
    use crate::sweep::Design;
    let d = s.parameters.len();
    let design = match s.design {
        Design::Morris(m) => format!(
            "morris ({} trajectories × ({d} parameters + 1), {} levels{})",
            m.trajectories,
            m.levels,
            m.candidates
                .map(|c| format!(", chosen from {c} candidates"))
                .unwrap_or_default()
        ),
        Design::Sobol(o) if o.second_order => format!(
            "sobol (N = {} × (2 × {d} parameters + 2), with second order)",
            o.samples
        ),
        Design::Sobol(o) => format!("sobol (N = {} × ({d} parameters + 2))", o.samples),
        other => other.name().to_string(),
    };
    let mut text = format!(
        "design {design}: {} points × {} replicate{} = {} runs",
        s.points.len(),
        s.replicates,
        if s.replicates == 1 { "" } else { "s" },
        s.runs_total()
    );
    if !s.measures.is_empty() {
        text += &format!("; measures {}", s.measures.join(", "));
    }
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The default sweep folder: output/<name>, or output/<name>.shard-K. The
/// name is the sweep file's stem (or its `name` key, which a resolved
/// `sweep.toml` carries, so rerunning one finds its original folder).
fn default_sweep_out(name: &str, shard: Option<crate::sweep::Shard>) -> PathBuf {
    match shard {
        Some(s) => Path::new("output").join(format!("{name}.shard-{}", s.index)),
        None => Path::new("output").join(name),
    }
}

fn sweep_command(args: SweepArgs) -> Result<()> {
    use crate::sweep::{self, Shard, SweepOptions};
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
    let stop = StopFlag::on_signals()?;
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
                        report.folder.join(crate::sensitivity::SENSITIVITY_CSV).display(),
                        report.folder.display()
                    );
                }
            }
            Ok(())
        }
        Err(e) if e.interrupted_by().is_some() => {
            if !args.quiet {
                let scope = crate::sweep::runner::scope(&plan, shard);
                let committed = crate::sweep::record::committed(&out).unwrap_or_default();
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

fn sensitivity_command(args: SensitivityArgs) -> Result<()> {
    let dir = args.dir.as_path();
    let (_, sweep) = read_sweep_folder(dir)?;
    let options = crate::sensitivity::AnalysisOptions {
        measures: args.measures.clone(),
        at_tick: args.at_tick,
        bootstrap: args.bootstrap,
        charts: !args.no_charts,
    };
    let (analysis, written) = crate::sensitivity::analyze_folder(dir, &sweep, &options)?;
    if !args.quiet {
        print!(
            "{}",
            crate::sensitivity::analysis::summary(&sweep, &analysis)
        );
        if std::io::stderr().is_terminal() {
            eprintln!("wrote {} files in {}", written.len(), dir.display());
        }
    }
    Ok(())
}

fn merge_command(args: MergeArgs) -> Result<()> {
    let report = crate::sweep::merge(&args.shards, &args.out, args.force)?;
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

fn slurm_command(args: SlurmArgs) -> Result<()> {
    use crate::slurm::{self, layout::text, quote::shell_quoted, Resources, SlurmOptions};
    let plan = crate::sweep::load(&args.sweep)?;
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

fn status_command(dir: &Path) -> Result<()> {
    use crate::slurm::layout::{SHARDS_DIR, SLURM_DIR};
    if dir.join(SLURM_DIR).is_dir() || dir.join(SHARDS_DIR).is_dir() {
        print!("{}", crate::slurm::progress(dir)?.render());
        return Ok(());
    }
    if !dir.join(crate::output::folder::MANIFEST).is_file() {
        return Err(Error::input(format!(
            "{}: not a sweep on Slurm (no {SLURM_DIR}/ or {SHARDS_DIR}/) nor a sweep folder (no manifest.json); \
             give the --out folder of `sesame sweep` or `sesame slurm`",
            dir.display()
        )));
    }
    print!("{}", crate::sweep::status::SweepStatus::read(dir)?.render());
    Ok(())
}
