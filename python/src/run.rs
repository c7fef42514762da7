//! Runs from Python: `run()` to the last tick, and `Simulation` stepped by
//! hand. Both are the library's [`sesame::run`]: `run()` is
//! [`sesame::run::simulate`], `Simulation` a [`sesame::run::Stepper`], and
//! [`sesame::run::save_run`] writes the run folder `sesame run` writes.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use numpy::{PyArray1, PyArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use sesame::charts::ChartFormat;
use sesame::output::columns;
use sesame::output::csv_files;
use sesame::run::{self, RunOptions, Stepper, StopFlag};
use sesame::scenario::Scenario;

use crate::interrupt::interruptible;
use crate::scenario::PyScenario;
use crate::tables::{self, PyColumns};

/// A finished run: the final state and every recorded tick.
#[pyclass(module = "sesame._sesame", name = "Run", frozen)]
pub struct PyRun {
    /// The scenario as run.
    scenario: Scenario,
    run: run::Run,
    /// The body of events.csv, when the scenario asks for the event log.
    events: Option<Vec<u8>>,
    /// The threads it ran on (`None`: one per CPU).
    threads: Option<usize>,
    /// Wall time of the simulation, in seconds.
    seconds: f64,
}

/// Runs `scenario` to its last tick on `threads` threads (one per CPU when
/// `None`), with the GIL released; Ctrl-C raises KeyboardInterrupt.
#[pyfunction(name = "run")]
#[pyo3(signature = (scenario, threads = None))]
pub fn run_scenario(
    py: Python<'_>,
    scenario: &PyScenario,
    threads: Option<usize>,
) -> PyResult<PyRun> {
    let scenario = scenario.resolved.clone();
    let pool = crate::pool(threads)?;
    let stop = StopFlag::default();
    let started = Instant::now();
    let tie_events = scenario.file.output.tie_events;
    let (result, events) = interruptible(py, &stop, || {
        crate::in_pool(pool.as_deref(), || {
            let mut events = Vec::new();
            let result = run::simulate(&scenario, &stop, |sim, edits| {
                if tie_events {
                    csv_files::write_tie_events(&mut events, sim.tick, edits)
                        .map_err(|e| sesame::error::Error::other(e.to_string()))?;
                }
                Ok(())
            });
            (result, events)
        })
    })?;
    let run = result.map_err(crate::to_py)?;
    Ok(PyRun {
        scenario,
        run,
        events: tie_events.then_some(events),
        threads,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The table `name` of `run` as columns.
fn table<'py>(py: Python<'py>, run: &run::Run, name: &str) -> PyResult<PyColumns<'py>> {
    let table = match name {
        "metrics" => columns::metrics(&run.columns, &run.observations),
        "tiers" => columns::tiers(&run.observations),
        "groups" => columns::groups(&run.observations),
        "citizens" => columns::citizens(&run.sim, run.communities.as_deref()),
        "edges" => columns::edges(&run.sim),
        other => {
            return Err(PyValueError::new_err(format!(
                "{other:?}: no such table; the tables are metrics, tiers, groups, citizens, edges"
            )))
        }
    };
    Ok(tables::to_py(py, table))
}

#[pymethods]
impl PyRun {
    /// The table `name` (metrics, tiers, groups, citizens, edges) as
    /// `[(column, array), ...]`.
    fn table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<PyColumns<'py>> {
        table(py, &self.run, name)
    }

    /// The event log (events.csv) as columns, or None when the scenario
    /// did not ask for it (`output.tie_events`).
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Option<PyColumns<'py>>> {
        let Some(body) = &self.events else {
            return Ok(None);
        };
        use std::io::Read;
        let header = format!("{}\n", csv_files::EVENT_HEADER);
        let table = tables::parse_csv(header.as_bytes().chain(&body[..]), "events.csv")?;
        Ok(Some(tables::to_py(py, table)))
    }

    /// The resolved scenario of the run, as TOML.
    #[getter]
    fn scenario_toml(&self) -> String {
        let mut file = self.scenario.file.clone();
        file.population.size = Some(self.run.sim.graph.citizens() as u64);
        sesame::scenario::to_toml(&file)
    }

    /// Notes for the user (ties dropped from an edge list, a group name
    /// that took the general defaults).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.run.warnings.clone()
    }

    /// The last tick simulated.
    #[getter]
    fn tick(&self) -> u32 {
        self.run.sim.tick
    }

    /// Wall time of the simulation, in seconds.
    #[getter]
    fn wall_seconds(&self) -> f64 {
        self.seconds
    }

    /// Writes the run folder `sesame run` writes (byte for byte but the
    /// manifest's wall time, threads and command), charts included unless
    /// `charts` is false. Refuses a folder that exists and is not empty
    /// unless `force`, and even then replaces only a sesame run folder.
    #[pyo3(signature = (folder, force = false, charts = true, chart_format = "png", command = None))]
    fn save(
        &self,
        py: Python<'_>,
        folder: PathBuf,
        force: bool,
        charts: bool,
        chart_format: &str,
        command: Option<String>,
    ) -> PyResult<PathBuf> {
        let format = match chart_format {
            "png" => ChartFormat::Png,
            "svg" => ChartFormat::Svg,
            "both" => ChartFormat::Both,
            other => {
                return Err(PyValueError::new_err(format!(
                    "chart_format = {other:?}: choose png, svg or both"
                )))
            }
        };
        let options = RunOptions {
            out: folder,
            force,
            progress: false,
            command: command.unwrap_or_else(|| "sesame.run (Python)".into()),
            force_large: false,
        };
        let pool = crate::pool(self.threads)?;
        let stop = StopFlag::default();
        let saved = interruptible(py, &stop, || {
            crate::in_pool(pool.as_deref(), || {
                let folder = run::save_run(
                    &self.scenario,
                    &self.run,
                    self.events.as_deref(),
                    &options,
                    self.seconds,
                )?;
                if charts {
                    sesame::charts::draw_run_charts(&folder, format).map_err(|e| {
                        sesame::error::Error::other(format!(
                            "the run is saved, but its charts failed: {e}"
                        ))
                    })?;
                }
                Ok(folder)
            })
        })?;
        saved.map_err(crate::to_py)
    }
}

/// A simulation stepped by hand.
#[pyclass(module = "sesame._sesame", name = "Simulation")]
pub struct PySimulation {
    stepper: Stepper,
    pool: Option<Arc<rayon::ThreadPool>>,
}

#[pymethods]
impl PySimulation {
    /// Builds the initial network and citizens of `scenario` and records
    /// tick 0.
    #[new]
    #[pyo3(signature = (scenario, threads = None))]
    fn new(py: Python<'_>, scenario: &PyScenario, threads: Option<usize>) -> PyResult<Self> {
        let scenario = scenario.resolved.clone();
        let pool = crate::pool(threads)?;
        let stop = StopFlag::default();
        let stepper = interruptible(py, &stop, || {
            crate::in_pool(pool.as_deref(), || {
                sesame::network::build(&scenario).and_then(|n| Stepper::start(&scenario, n))
            })
        })?
        .map_err(crate::to_py)?;
        Ok(PySimulation { stepper, pool })
    }

    /// Runs `ticks` ticks (GIL released). Ctrl-C stops at the end of the
    /// current tick, keeps the ticks done and raises KeyboardInterrupt.
    #[pyo3(signature = (ticks = 1))]
    fn step(&mut self, py: Python<'_>, ticks: u32) -> PyResult<()> {
        let stop = StopFlag::default();
        let stepper = &mut self.stepper;
        let pool = self.pool.as_deref();
        interruptible(py, &stop, || {
            crate::in_pool(pool, || {
                for _ in 0..ticks {
                    if stop.requested().is_some() {
                        break;
                    }
                    stepper.step()?;
                }
                Ok(())
            })
        })?
        .map_err(crate::to_py)
    }

    /// The measures of the current tick as a dict (the columns of
    /// metrics.csv): its row if it was recorded, else what a row recorded
    /// now would hold (flows counted since the last recorded tick).
    fn measures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let now = self.stepper.observe_now();
        let out = PyDict::new(py);
        for (name, value) in self.stepper.records().columns.iter().zip(&now.metrics) {
            if name == "tick" {
                out.set_item(name, *value as i64)?;
            } else {
                out.set_item(name, *value)?;
            }
        }
        Ok(out)
    }

    /// The table `name` (metrics, tiers, groups: the ticks recorded so far;
    /// citizens, edges: now) as `[(column, array), ...]`.
    fn table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<PyColumns<'py>> {
        table(py, self.stepper.records(), name)
    }

    /// The last tick simulated (0 before the first step).
    #[getter]
    fn tick(&self) -> u32 {
        self.stepper.sim().tick
    }

    /// The scenario's last tick (a run stops there; stepping may go on).
    #[getter]
    fn ticks(&self) -> u32 {
        self.stepper.last_tick()
    }

    /// Each citizen's score now.
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tables::read_only(PyArray1::from_slice(py, &self.stepper.sim().society.score))
    }

    /// Each citizen's record now.
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tables::read_only(PyArray1::from_slice(py, &self.stepper.sim().society.record))
    }

    /// Each citizen's number of friends now.
    #[getter]
    fn degrees<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.stepper.sim().graph;
        let d: Vec<i64> = (0..g.citizens()).map(|i| g.degree(i) as i64).collect();
        tables::read_only(PyArray1::from_vec(py, d))
    }

    /// Each citizen's group, as an index into `group_names`.
    #[getter]
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g: Vec<i64> = self
            .stepper
            .sim()
            .society
            .group
            .iter()
            .map(|&k| k as i64)
            .collect();
        tables::read_only(PyArray1::from_vec(py, g))
    }

    /// Each citizen's tier now, as an index into `tier_names`.
    #[getter]
    fn tiers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t: Vec<i64> = self
            .stepper
            .sim()
            .society
            .tier
            .iter()
            .map(|&k| k as i64)
            .collect();
        tables::read_only(PyArray1::from_vec(py, t))
    }

    /// The names of the groups, in the order of `groups`' indices.
    #[getter]
    fn group_names(&self) -> Vec<String> {
        self.stepper
            .sim()
            .params
            .population
            .groups
            .names()
            .map(str::to_string)
            .collect()
    }

    /// The names of the tiers, lowest first, in the order of `tiers`' indices.
    #[getter]
    fn tier_names(&self) -> Vec<String> {
        self.stepper
            .sim()
            .params
            .tiers
            .names()
            .map(str::to_string)
            .collect()
    }

    /// The ties now, as an (m, 2) int64 array with source < target.
    #[getter]
    fn edges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.stepper.sim().graph;
        let flat: Vec<i64> = g.edges().flat_map(|(a, b)| [a as i64, b as i64]).collect();
        let pairs = PyArray1::from_vec(py, flat).reshape([g.ties(), 2])?;
        pairs.getattr("flags")?.setattr("writeable", false)?;
        Ok(pairs.into_any())
    }

    /// Notes for the user, as a run gives them.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.stepper.records().warnings.clone()
    }
}
