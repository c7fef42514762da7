//! A whole run: build the network, step the simulation, record the measures,
//! and write the run folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crate::engine::Simulation;
use crate::error::{Error, Result};
use crate::observe::{self, Observation};
use crate::output::folder::{Folder, FolderKind, MANIFEST};
use crate::output::manifest::{NetworkFileEntry, RunManifest};
use crate::output::{csv_files, fingerprint};
use crate::rules::ties::TieEdits;
use crate::scenario::Scenario;

/// A finished (or interrupted) simulation and what was recorded.
pub struct Run {
    /// The final state.
    pub sim: Simulation,
    /// Columns of metrics.csv.
    pub columns: Vec<String>,
    /// One observation per recorded tick; the last describes `sim`.
    pub observations: Vec<Observation>,
    /// The signal that stopped the run early, if any.
    pub interrupted: Option<i32>,
    /// Notes for the user (e.g. ties dropped from an edge list).
    pub warnings: Vec<String>,
    /// The planted community of each citizen of a stochastic-block network.
    pub communities: Option<Vec<u32>>,
}

/// Asks a running simulation to stop at the end of the current tick.
/// Holds the number of the signal that asked (0: keep going).
#[derive(Debug, Clone, Default)]
pub struct StopFlag(pub Arc<AtomicUsize>);

impl StopFlag {
    /// The signal that asked to stop, if any.
    pub fn requested(&self) -> Option<i32> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            s => Some(s as i32),
        }
    }

    /// Stops on SIGINT and SIGTERM (recording the first) instead of dying:
    /// the run ends at the end of the current tick and saves what it did.
    ///
    /// Repeated signals are one request to stop cleanly, except a second
    /// *interactive* interrupt: a SIGINT at least [`PATIENCE`] after the
    /// first request, from a user who cannot wait for a long tick, ends the
    /// process at once with 130. The run folder then stays marked
    /// incomplete, and no file is left half-written under its final name
    /// (files are renamed when complete). Signals that come in a burst, as
    /// from GNU `timeout` (the process, then its group) or a scheduler,
    /// never end the process before it has saved its work.
    ///
    /// `exit_at_once` ends the process in that case, given the exit code;
    /// the binary passes one that says why first (the library never prints).
    pub fn on_signals(exit_at_once: fn(i32) -> !) -> Result<StopFlag> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let flag = StopFlag::default();
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
            .map_err(|e| Error::other(format!("cannot install a signal handler: {e}")))?;
        let requested = flag.0.clone();
        std::thread::Builder::new()
            .name("sesame-signals".into())
            .spawn(move || {
                let mut first: Option<Instant> = None;
                for signal in signals.forever() {
                    let now = Instant::now();
                    match on_signal(first.map(|t| now.duration_since(t)), signal) {
                        SignalAction::Stop => {
                            first = Some(now);
                            requested.store(signal as usize, Ordering::SeqCst);
                        }
                        SignalAction::Ignore => {}
                        SignalAction::Exit(code) => exit_at_once(code),
                    }
                }
            })
            .map_err(|e| Error::other(format!("cannot start the signal thread: {e}")))?;
        Ok(flag)
    }
}

/// How long after a request to stop a second SIGINT ends the process at
/// once: long enough that signals sent in a burst by a program count as
/// one, short enough for a person pressing Ctrl-C again.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);

/// What to do on a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalAction {
    /// Ask the run to stop at the end of the tick (the first request).
    Stop,
    /// Nothing: a stop was already requested.
    Ignore,
    /// End the process at once with this exit code.
    Exit(i32),
}

/// The decision for `signal`, given how long ago the first request to stop
/// came (`None`: this is the first).
pub fn on_signal(since_first: Option<std::time::Duration>, signal: i32) -> SignalAction {
    match since_first {
        None => SignalAction::Stop,
        Some(elapsed) if signal == signal_hook::consts::SIGINT && elapsed >= PATIENCE => {
            SignalAction::Exit(128 + signal)
        }
        Some(_) => SignalAction::Ignore,
    }
}

/// Clustering recorded at least this often (in ticks) is computed from
/// triangle counts followed through each tick's edits rather than recounted
/// at each record: a tick edits a few per cent of the ties, so following
/// costs a small fraction of a recount per tick, which pays when records are
/// a few ticks apart but not when they are hundreds apart. Both give the
/// same integers. A run with a single record after tick 0 recounts (the
/// counts would be followed for one recount's worth, and they hold 8 bytes
/// a citizen through every tick: the largest societies run that way).
const FOLLOW_TRIANGLES_EVERY: u32 = 10;

/// Runs `scenario` to its last tick (or until `stop` is requested),
/// recording tick 0, every `output.metrics_every` ticks and the last tick.
/// `after_tick` sees each tick's tie changes (for the event log and progress).
pub fn simulate(
    scenario: &Scenario,
    stop: &StopFlag,
    after_tick: impl FnMut(&Simulation, &TieEdits) -> Result<()> + Send,
) -> Result<Run> {
    let network = crate::network::build(scenario)?;
    simulate_on(scenario, network, stop, after_tick)
}

/// [`simulate`] on an initial network already built.
pub fn simulate_on(
    scenario: &Scenario,
    network: crate::network::InitialNetwork,
    stop: &StopFlag,
    after_tick: impl FnMut(&Simulation, &TieEdits) -> Result<()> + Send,
) -> Result<Run> {
    simulate_watched(scenario, network, stop, |_| Ok(()), after_tick)
}

/// [`simulate_on`], with `at_start` seeing the simulation at tick 0,
/// before the first step (what a file recording every few ticks starts from).
pub fn simulate_watched(
    scenario: &Scenario,
    network: crate::network::InitialNetwork,
    stop: &StopFlag,
    at_start: impl FnOnce(&Simulation) -> Result<()> + Send,
    after_tick: impl FnMut(&Simulation, &TieEdits) -> Result<()> + Send,
) -> Result<Run> {
    on_worker(|| simulate_here(scenario, network, stop, at_start, after_tick))
}

/// Runs `f` on a worker thread of the current thread pool (at once if this
/// is one already).
///
/// Why: a tick makes a few dozen parallel calls. Started from a thread
/// outside the pool, each call is handed to a sleeping worker and waited
/// for, a wake-up that cost as much as the work itself on the baseline
/// (10,000 citizens: 4.5 ms a tick against 3.1 ms on a worker, one thread).
/// From a worker the calls run in place and idle workers steal from them.
pub fn on_worker<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_thread_index().is_some() {
        f()
    } else {
        // `join` called outside the pool runs both closures on a worker.
        rayon::join(f, || ()).0
    }
}

fn simulate_here(
    scenario: &Scenario,
    network: crate::network::InitialNetwork,
    stop: &StopFlag,
    at_start: impl FnOnce(&Simulation) -> Result<()>,
    mut after_tick: impl FnMut(&Simulation, &TieEdits) -> Result<()>,
) -> Result<Run> {
    let mut stepper = Stepper::start(scenario, network)?;
    at_start(stepper.sim())?;
    let mut interrupted = None;
    for _ in 1..=stepper.ticks {
        if let Some(signal) = stop.requested() {
            interrupted = Some(signal);
            break;
        }
        let edits = stepper.step()?;
        after_tick(stepper.sim(), &edits)?;
    }
    Ok(stepper.finish(interrupted))
}

/// A run stepped one tick at a time by its caller (a notebook): the
/// simulation and what has been recorded so far, on the schedule of
/// [`simulate`], which is a [`Stepper`] stepped to the last tick. Records
/// tick 0, every `output.metrics_every` ticks and the scenario's last tick;
/// stepping on past the last tick records every `output.metrics_every`
/// ticks.
pub struct Stepper {
    run: Run,
    /// Ticks between records.
    every: u32,
    /// The scenario's last tick.
    ticks: u32,
}

impl Stepper {
    /// Starts `scenario` on its initial network, recording tick 0.
    pub fn start(scenario: &Scenario, network: crate::network::InitialNetwork) -> Result<Stepper> {
        let mut warnings: Vec<String> = network.warning.into_iter().collect();
        let communities = network.communities;
        let mut params = scenario.file.clone();
        params.population.size = Some(network.graph.citizens() as u64);
        let every = params.output.metrics_every.max(1);
        let ticks = params.ticks;
        warnings.extend(crate::scenario::warnings(&params));
        let mut sim = Simulation::start(params, network.graph, network.labels)?;
        if every <= FOLLOW_TRIANGLES_EVERY && ticks / every >= 2 {
            sim.track_triangles();
        }
        let columns = observe::metric_columns(&sim.params);
        let flows = sim.take_flows();
        let observations = vec![observe::observe(&sim, &flows)];
        Ok(Stepper {
            run: Run {
                sim,
                columns,
                observations,
                interrupted: None,
                warnings,
                communities,
            },
            every,
            ticks,
        })
    }

    /// Runs one tick and records it if it is due. Returns the tick's tie
    /// changes.
    pub fn step(&mut self) -> Result<TieEdits> {
        let sim = &mut self.run.sim;
        let edits = sim.step()?;
        let t = sim.tick;
        if t % self.every == 0 || t == self.ticks {
            let flows = sim.take_flows();
            self.run.observations.push(observe::observe(sim, &flows));
        }
        Ok(edits)
    }

    /// The simulation now.
    pub fn sim(&self) -> &Simulation {
        &self.run.sim
    }

    /// The simulation now and the records so far, as a [`Run`] that was
    /// not interrupted.
    pub fn records(&self) -> &Run {
        &self.run
    }

    /// The measures of the current tick: its record if it was recorded,
    /// else what a record now would hold (flows counted since the last
    /// record), without recording it.
    pub fn observe_now(&self) -> Observation {
        match self.run.observations.last() {
            Some(last) if last.tick == self.run.sim.tick => last.clone(),
            _ => observe::observe(&self.run.sim, &self.run.sim.flows),
        }
    }

    /// The scenario's last tick.
    pub fn last_tick(&self) -> u32 {
        self.ticks
    }

    /// Ends the run. A run `interrupted` by a signal records its current
    /// tick if that tick was not recorded.
    pub fn finish(mut self, interrupted: Option<i32>) -> Run {
        let run = &mut self.run;
        if interrupted.is_some() && run.observations.last().map(|o| o.tick) != Some(run.sim.tick) {
            let flows = run.sim.take_flows();
            run.observations.push(observe::observe(&run.sim, &flows));
        }
        run.interrupted = interrupted;
        self.run
    }
}

/// How to run a scenario into a folder.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The run folder.
    pub out: PathBuf,
    /// Replace an existing run folder.
    pub force: bool,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// The command line, for the manifest.
    pub command: String,
    /// Write a citizen_ticks.csv larger than [`CITIZEN_TICKS_LIMIT`].
    pub force_large: bool,
}

/// The largest citizen_ticks.csv written without `--force-large`, in bytes
/// (estimated before the run): 2 GB, more than a spreadsheet or a quick
/// script will read, and a size to ask for knowingly.
pub const CITIZEN_TICKS_LIMIT: u64 = 2_000_000_000;

/// Refuses, before anything is written, a `output.citizens_every` that
/// would make citizen_ticks.csv larger than [`CITIZEN_TICKS_LIMIT`],
/// unless `force_large`: the message names the estimate and the flag.
fn check_citizen_ticks(scenario: &Scenario, citizens: usize, force_large: bool) -> Result<()> {
    let output = &scenario.file.output;
    if output.citizens_every == 0 || force_large {
        return Ok(());
    }
    let bytes =
        csv_files::citizen_ticks_bytes(citizens as u64, scenario.file.ticks, output.citizens_every);
    if bytes <= CITIZEN_TICKS_LIMIT {
        return Ok(());
    }
    let records = csv_files::citizen_tick_records(scenario.file.ticks, output.citizens_every);
    Err(Error::input(format!(
        "{}: output.citizens_every = {} would write citizen_ticks.csv of about {:.1} GB \
         ({citizens} citizens × {records} recorded ticks × ~{} bytes), above the {} GB written \
         without asking; record less often (a larger output.citizens_every), or pass --force-large",
        scenario.source.display(),
        output.citizens_every,
        bytes as f64 / 1e9,
        csv_files::CITIZEN_TICK_ROW_BYTES,
        CITIZEN_TICKS_LIMIT / 1_000_000_000
    )))
}

/// What a finished run folder holds, for the closing summary.
pub struct RunSummary {
    /// The run folder.
    pub folder: PathBuf,
    /// The recorded data.
    pub run: Run,
    /// Wall time of the simulation and writing, in seconds.
    pub wall_seconds: f64,
}

/// Runs `scenario` and writes the run folder: metrics.csv, tiers.csv,
/// groups.csv, citizens.csv and edges.csv (or their `.csv.gz`, or neither,
/// as `output.citizens` and `output.edges` say), scenario.toml and manifest.json,
/// and if asked events.csv, citizen_ticks.csv, edges_initial.csv and
/// graph.graphml. The manifest is written first marked
/// incomplete, and rewritten complete only once every other file is in
/// place. An interrupted run writes what it has, stays marked incomplete and
/// returns [`Error::Interrupted`].
pub fn run_to_folder(
    scenario: &Scenario,
    options: &RunOptions,
    stop: &StopFlag,
) -> Result<RunSummary> {
    let started = Instant::now();
    // Build the network before touching the disk: a bad edge list writes nothing.
    // A generated network's size is known before it is built.
    let size = scenario.file.population.size;
    if let Some(n) = size {
        check_citizen_ticks(scenario, n as usize, options.force_large)?;
    }
    let network = crate::network::build(scenario)?;
    if size.is_none() {
        check_citizen_ticks(scenario, network.graph.citizens(), options.force_large)?;
    }
    let out = RunFolder::open(scenario, network.graph.citizens(), options)?;
    let mut events = if out.resolved.output.tie_events {
        let mut s = out.folder.stream("events.csv")?;
        use std::io::Write;
        writeln!(s.out, "{}", csv_files::EVENT_HEADER)
            .map_err(|e| Error::io(out.folder.path(), e))?;
        Some(s)
    } else {
        None
    };
    let bar = if options.progress && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(out.resolved.ticks as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} tick {pos}/{len} [{bar:40}] {per_sec} ETA {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    if out.resolved.output.edges_initial {
        // In the format of edges.csv (none with `output.edges = "none"`).
        out.folder
            .write_table("edges_initial", out.resolved.output.edges, |w| {
                csv_files::write_edges(w, &network.graph, network.labels.as_deref())
            })?;
    }
    // Per-citizen trajectories: tick 0, every `every` ticks, and the last tick.
    let every = out.resolved.output.citizens_every;
    let citizen_ticks = std::sync::Mutex::new(if every > 0 {
        use std::io::Write;
        let mut s = out.folder.stream("citizen_ticks.csv")?;
        writeln!(s.out, "{}", csv_files::CITIZEN_TICK_HEADER)
            .map_err(|e| Error::io(out.folder.path(), e))?;
        Some(s)
    } else {
        None
    });
    let write_ticks = |sim: &Simulation| -> Result<()> {
        match citizen_ticks.lock().expect("not poisoned").as_mut() {
            Some(s) => csv_files::write_citizen_ticks(&mut s.out, sim)
                .map_err(|e| Error::io(out.folder.path(), e)),
            None => Ok(()),
        }
    };
    let run = simulate_watched(scenario, network, stop, write_ticks, |sim, edits| {
        if let Some(s) = events.as_mut() {
            csv_files::write_tie_events(&mut s.out, sim.tick, edits)
                .map_err(|e| Error::io(out.folder.path(), e))?;
        }
        if every > 0 && sim.tick % every == 0 {
            write_ticks(sim)?;
        }
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    if let Some(s) = events {
        s.finish()?;
    }
    if let Some(mut s) = citizen_ticks.into_inner().expect("not poisoned") {
        // The last tick (asked for, or reached when stopped), unless just written.
        if run.sim.tick % every != 0 {
            csv_files::write_citizen_ticks(&mut s.out, &run.sim)
                .map_err(|e| Error::io(out.folder.path(), e))?;
        }
        s.finish()?;
    }
    let wall = out.finish(&run, || started.elapsed().as_secs_f64())?;
    if let Some(signal) = run.interrupted {
        return Err(Error::interrupted(signal));
    }
    Ok(RunSummary {
        folder: out.folder.path().to_path_buf(),
        run,
        wall_seconds: wall,
    })
}

/// Writes the run folder of a run simulated earlier with [`simulate`]: the
/// folder [`run_to_folder`] writes for the same scenario, every file byte
/// for byte but the manifest's `wall_seconds`, `threads` and `command`.
/// (The Python package simulates first, hands the tables over in memory,
/// and saves when asked.)
///
/// `events` is the body of events.csv, without its header: what
/// [`csv_files::write_tie_events`] wrote after each tick. It is required
/// when the scenario sets `output.tie_events`, and ignored otherwise.
/// `simulated_seconds` is the wall time of the simulation; the manifest
/// records it plus the time spent writing. The folder is prepared as by
/// [`run_to_folder`] (`options.force` to replace a run folder, never a
/// user's file); `options.progress` is not used. A run that was
/// interrupted is written marked incomplete, and this returns `Ok`.
pub fn save_run(
    scenario: &Scenario,
    run: &Run,
    events: Option<&[u8]>,
    options: &RunOptions,
    simulated_seconds: f64,
) -> Result<PathBuf> {
    let started = Instant::now();
    let events = match (scenario.file.output.tie_events, events) {
        (false, _) => None,
        (true, Some(events)) => Some(events),
        (true, None) => {
            return Err(Error::other(
                "output.tie_events is on, but the run's tie events were not recorded",
            ))
        }
    };
    let asked = &scenario.file.output;
    if asked.citizens_every > 0 || asked.edges_initial {
        return Err(Error::other(
            "output.citizens_every and output.edges_initial are recorded while a run steps; \
             save_run has only its end: run the scenario with `sesame run` for these files",
        ));
    }
    let out = RunFolder::open(scenario, run.sim.graph.citizens(), options)?;
    if let Some(events) = events {
        out.folder.write("events.csv", |w| {
            writeln!(w, "{}", csv_files::EVENT_HEADER)?;
            w.write_all(events)
        })?;
    }
    out.finish(run, || simulated_seconds + started.elapsed().as_secs_f64())?;
    Ok(out.folder.path().to_path_buf())
}

/// A run folder being written: prepared, with the edge list copied in and
/// the manifest written marked incomplete; [`RunFolder::finish`] writes the
/// rest.
struct RunFolder<'a> {
    folder: Folder,
    /// The scenario as run: the population size written out, a copied edge
    /// list named by its copy.
    resolved: crate::scenario::ScenarioFile,
    network_file: NetworkFile,
    /// Fingerprint of `resolved` as TOML.
    hash: String,
    options: &'a RunOptions,
}

impl<'a> RunFolder<'a> {
    /// Prepares the folder for `scenario` run on a network of `citizens`.
    fn open(scenario: &Scenario, citizens: usize, options: &'a RunOptions) -> Result<Self> {
        let mut resolved = scenario.file.clone();
        resolved.population.size = Some(citizens as u64);
        // Read before the folder is prepared: rerunning a run folder's own
        // scenario.toml into that folder reads the copy that --force clears.
        let network_file = NetworkFile::keep(&mut resolved)?;
        let folder = Folder::prepare(&options.out, options.force, FolderKind::Run)?;
        if let (Some(name), Some(bytes)) = (&network_file.copy, &network_file.bytes) {
            folder.write(name, |w| w.write_all(bytes))?;
        }
        let hash = fingerprint(&crate::scenario::to_toml(&resolved));
        let opened = RunFolder {
            folder,
            resolved,
            network_file,
            hash,
            options,
        };
        opened.write_manifest(false, 0, 0.0, None)?;
        Ok(opened)
    }

    fn write_manifest(
        &self,
        complete: bool,
        ticks_done: u32,
        wall: f64,
        interrupted: Option<i32>,
    ) -> Result<()> {
        let resolved = &self.resolved;
        let manifest = RunManifest {
            command: Some(self.options.command.clone()),
            complete: Some(complete),
            interrupted_by_signal: interrupted,
            kind: Some("run".to_string()),
            network_file: self.network_file.manifest(),
            program: Some("sesame".to_string()),
            scenario: Some(resolved.name.clone()),
            scenario_hash: Some(format!("fnv1a64:{}", self.hash)),
            seed: Some(resolved.seed),
            threads: Some(rayon::current_num_threads()),
            ticks: Some(resolved.ticks),
            ticks_done: Some(ticks_done),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
            wall_seconds: Some(wall),
        };
        self.folder.write(MANIFEST, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)?;
            writeln!(w)
        })
    }

    /// Writes scenario.toml and the tables of `run`, then the manifest,
    /// complete unless the run was interrupted, with the wall time `wall`
    /// gives once the tables are written. Returns that wall time.
    fn finish(&self, run: &Run, wall: impl FnOnce() -> f64) -> Result<f64> {
        let folder = &self.folder;
        folder.write("scenario.toml", |w| {
            w.write_all(crate::scenario::to_toml(&self.resolved).as_bytes())
        })?;
        folder.write("metrics.csv", |w| {
            csv_files::write_metrics(w, &run.columns, &run.observations)
        })?;
        folder.write("tiers.csv", |w| {
            csv_files::write_tiers(w, &run.observations)
        })?;
        folder.write("groups.csv", |w| {
            csv_files::write_groups(w, &run.observations)
        })?;
        let labels = run.sim.society.labels.as_deref();
        let communities = run.communities.as_deref();
        let output = &self.resolved.output;
        folder.write_table("citizens", output.citizens, |w| {
            csv_files::write_citizens(w, &run.sim, communities)
        })?;
        folder.write_table("edges", output.edges, |w| {
            csv_files::write_edges(w, &run.sim.graph, labels)
        })?;
        if self.resolved.output.graphml {
            folder.write(crate::output::graphml::GRAPHML, |w| {
                crate::output::graphml::write_graphml(w, &run.sim, labels, communities)
            })?;
        }
        let wall = wall();
        self.write_manifest(
            run.interrupted.is_none(),
            run.sim.tick,
            wall,
            run.interrupted,
        )?;
        Ok(wall)
    }
}

/// Edge lists up to this size are copied into the run folder, so that its
/// `scenario.toml` reruns anywhere; a larger one is named by its absolute
/// path and pinned by its fingerprint.
pub const COPY_NETWORK_BELOW: u64 = 50 << 20;

/// The edge-list file a run read its network from, if any.
#[derive(Debug, Default)]
struct NetworkFile {
    /// The file as the scenario named it (absolute).
    source: Option<String>,
    /// Its fingerprint (`fnv1a64:...`).
    hash: Option<String>,
    /// Its size in bytes.
    size: u64,
    /// The name of the copy in the run folder, if copied.
    copy: Option<String>,
    /// The bytes to copy.
    bytes: Option<Vec<u8>>,
}

impl NetworkFile {
    /// For a `file` network below [`COPY_NETWORK_BELOW`]: reads the file and
    /// points `resolved` at the copy it will have in the run folder
    /// (`network.csv` or `network.txt`, with its format spelled out).
    fn keep(resolved: &mut crate::scenario::ScenarioFile) -> Result<NetworkFile> {
        use crate::scenario::model::{EdgeFileFormat, Network};
        let Network::File { path, format, hash } = &mut resolved.network else {
            return Ok(NetworkFile::default());
        };
        let source = path.clone();
        let size = std::fs::metadata(&source)
            .map_err(|e| Error::io(std::path::Path::new(&source), e))?
            .len();
        let mut kept = NetworkFile {
            source: Some(source.clone()),
            hash: hash.clone(),
            size,
            ..NetworkFile::default()
        };
        if size < COPY_NETWORK_BELOW {
            let bytes =
                std::fs::read(&source).map_err(|e| Error::io(std::path::Path::new(&source), e))?;
            let now = format!("fnv1a64:{}", {
                let mut h = crate::output::Fnv::default();
                h.write(&bytes);
                h.hex()
            });
            if hash.as_deref().is_some_and(|h| h != now) {
                return Err(Error::input(format!(
                    "{source}: the edge list changed while the run was starting; run again"
                )));
            }
            let csv = match format {
                EdgeFileFormat::Csv => true,
                EdgeFileFormat::Snap => false,
                EdgeFileFormat::Auto => std::path::Path::new(&source)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
            };
            let name = if csv { "network.csv" } else { "network.txt" };
            *format = if csv {
                EdgeFileFormat::Csv
            } else {
                EdgeFileFormat::Snap
            };
            *path = name.to_string();
            kept.copy = Some(name.to_string());
            kept.bytes = Some(bytes);
        }
        Ok(kept)
    }

    /// The manifest's `network_file` entry (null for a generated network).
    fn manifest(&self) -> Option<NetworkFileEntry> {
        let source = self.source.as_ref()?;
        Some(NetworkFileEntry {
            bytes: Some(self.size),
            copy: self.copy.clone(),
            hash: self.hash.clone(),
            source: Some(source.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::time::Duration;

    #[test]
    fn signals_in_a_burst_are_one_request_and_only_a_later_interrupt_ends_at_once() {
        assert_eq!(on_signal(None, SIGTERM), SignalAction::Stop);
        assert_eq!(on_signal(None, SIGINT), SignalAction::Stop);
        // GNU timeout: the process, then its group, at once.
        assert_eq!(
            on_signal(Some(Duration::ZERO), SIGTERM),
            SignalAction::Ignore
        );
        assert_eq!(
            on_signal(Some(Duration::from_millis(5)), SIGINT),
            SignalAction::Ignore
        );
        // However late, a repeated SIGTERM is the same request.
        assert_eq!(
            on_signal(Some(Duration::from_secs(60)), SIGTERM),
            SignalAction::Ignore
        );
        // A person pressing Ctrl-C again after waiting.
        assert_eq!(on_signal(Some(PATIENCE), SIGINT), SignalAction::Exit(130));
        assert_eq!(
            on_signal(Some(Duration::from_secs(5)), SIGINT),
            SignalAction::Exit(130)
        );
    }
}
