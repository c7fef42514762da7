//! `sesame run`, `check`, `measure`, `chart` and `explore`: one scenario,
//! one network or one folder at a time.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sesame::charts::ChartFormat;
use sesame::error::{Error, Result};
use sesame::graph::edgelist::EdgeListFormat;
use sesame::run::{self, RunOptions};
use sesame::scenario::{self, Overrides};
use sesame::sweep::report::plan_text;

use super::{parse_sets, set_threads, stop_on_signals};

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

/// The scenario `sesame explore` shows when given none: the bundled baseline.
const BASELINE: &str = include_str!("../../scenarios/baseline.toml");

pub fn explore_command(args: ExploreArgs) -> Result<()> {
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
    let explorer = sesame::explore::Explorer::start(&scenario, args.port)?;
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

pub fn run_command(args: RunArgs) -> Result<()> {
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
    let stop = stop_on_signals()?;
    let summary = run::run_to_folder(&scenario, &options, &stop)?;
    if !args.quiet {
        for w in &summary.run.warnings {
            eprintln!("warning: {w}");
        }
    }
    if !args.no_charts {
        sesame::charts::draw_run_charts(&summary.folder, args.format).map_err(|e| {
            Error::other(format!("the run is complete, but its charts failed: {e}"))
        })?;
    }
    if talk {
        print!("{}", sesame::summary::table(&summary));
    }
    Ok(())
}

pub fn chart_command(dir: &Path, format: ChartFormat) -> Result<()> {
    use sesame::output::ownership::{kind_of, FolderKind};
    let sweep_folder = matches!(
        kind_of(dir),
        Some(FolderKind::Sweep | FolderKind::SlurmSweep)
    ) && dir.join(sesame::output::folder::MANIFEST).is_file();
    if sweep_folder {
        return super::sweep::chart_sweep(dir, format);
    }
    if !dir.join("metrics.csv").is_file() {
        return Err(Error::input(format!(
            "{}: not a run folder (no metrics.csv)",
            dir.display()
        )));
    }
    let files = sesame::charts::draw_run_charts(dir, format)?;
    if std::io::stdout().is_terminal() {
        println!("drew {} files in {}", files.len(), dir.display());
    }
    Ok(())
}

pub fn check_command(paths: &[PathBuf], overrides: &Overrides) -> Result<()> {
    let mut problems = Vec::new();
    for path in paths {
        if is_sweep_file(path) {
            if overrides.seed.is_some() || overrides.ticks.is_some() || !overrides.set.is_empty() {
                problems.push(format!(
                    "{}: a sweep file is checked as written: --seed, --ticks and --set apply to \
                     scenarios; give a sweep's overrides in its [overrides] table (or its seed key)",
                    path.display()
                ));
                continue;
            }
            match sesame::sweep::load(path) {
                Ok(s) => {
                    println!("{}: ok (sweep {})", path.display(), s.name);
                    println!("  {}", plan_text(&s));
                }
                Err(e) => problems.push(e.to_string()),
            }
            continue;
        }
        match scenario::load(path, overrides) {
            Ok(s) => {
                // Reading an edge list catches a malformed file too.
                let network = match &s.file.network {
                    scenario::model::Network::File { .. } => {
                        sesame::network::build(&s).map(|n| n.warning)
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

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `sesame measure`: the measures of any network, as one CSV row on stdout.
pub fn measure_command(edges: &Path, scores: Option<&Path>, format: EdgeListFormat) -> Result<()> {
    let measured = sesame::measure::measure_with_notes(edges, scores, format)?;
    for w in &measured.warnings {
        eprintln!("warning: {w}");
    }
    print!("{}", sesame::measure::to_csv(&measured.measures));
    Ok(())
}
