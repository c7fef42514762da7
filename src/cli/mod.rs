//! The command line: subcommands and flags, and what each does. Only the
//! binary prints and exits; everything else is the library's public API.
//!
//! - [`run`]: `sesame run`, `check`, `measure`, `chart` and `explore`;
//! - [`sweep`]: `sesame sweep`, `merge`, `sensitivity`, `slurm` and `status`.

mod run;
mod sweep;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use sesame::charts::ChartFormat;
use sesame::error::{Error, Result};
use sesame::run::StopFlag;
use sesame::scenario::Overrides;

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
    Run(run::RunArgs),
    /// Validate scenario files and print what each resolves to.
    Check {
        /// Scenario files (TOML), or sweep files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Check with this seed, as `sesame run --seed` would run.
        #[arg(long)]
        seed: Option<u64>,
        /// Check with this many ticks, as `sesame run --ticks` would run.
        #[arg(long)]
        ticks: Option<u32>,
        /// Check with one parameter overridden by dotted key, as `sesame run
        /// --set` would run, e.g. --set network.kind=erdos_renyi (repeatable;
        /// scenarios only: a sweep's overrides belong in its [overrides]).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
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
        format: sesame::graph::edgelist::EdgeListFormat,
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
    Sweep(sweep::SweepArgs),
    /// Merge the shard folders of one sweep into one sweep folder.
    Merge(sweep::MergeArgs),
    /// Sensitivity indices of a Morris or Sobol' sweep: sensitivity.csv, charts, report.html.
    Sensitivity(sweep::SensitivityArgs),
    /// Write a Slurm job array that runs a sweep on a cluster; --submit submits it.
    Slurm(sweep::SlurmArgs),
    /// Show how far a sweep has got: runs done, complete or not, what stopped it
    /// (per shard for a sweep on Slurm).
    Status {
        /// A sweep folder (the --out of `sesame sweep`), or the folder of a
        /// sweep on Slurm (the --out of `sesame slurm`).
        dir: PathBuf,
    },
    /// Explore a scenario live in the browser: play, pause, move the sliders, save.
    Explore(run::ExploreArgs),
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

/// Stops on SIGINT and SIGTERM at the end of the current tick
/// ([`StopFlag::on_signals`]); a second interactive interrupt ends the
/// process at once, saying so.
pub fn stop_on_signals() -> Result<StopFlag> {
    StopFlag::on_signals(exit_at_once)
}

/// Ends the process at once with `code`, after a second interrupt.
fn exit_at_once(code: i32) -> ! {
    eprintln!("error: stopped at once by a second interrupt; the folder stays marked incomplete");
    std::process::exit(code)
}

/// Runs the parsed command line.
pub fn main(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run_command(args),
        Command::Check {
            scenarios,
            seed,
            ticks,
            set,
        } => run::check_command(
            &scenarios,
            &Overrides {
                seed,
                ticks,
                set: parse_sets(&set)?,
            },
        ),
        Command::Chart { dir, format } => run::chart_command(&dir, format),
        Command::Measure {
            edges,
            scores,
            format,
        } => run::measure_command(&edges, scores.as_deref(), format),
        Command::Sweep(args) => sweep::sweep_command(args),
        Command::Merge(args) => sweep::merge_command(args),
        Command::Sensitivity(args) => sweep::sensitivity_command(args),
        Command::Slurm(args) => sweep::slurm_command(args),
        Command::Status { dir } => sweep::status_command(&dir),
        Command::Explore(args) => run::explore_command(args),
    }
}
