//! Sweeps from Python: the library's [`sesame::sweep::run_sweep`] into a
//! sweep folder, whose tables the Python half reads back.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use pyo3::types::PyDict;
use sesame::run::StopFlag;
use sesame::sweep::{self, SweepOptions};

use crate::interrupt::interruptible;

/// What names a sweep given as a dict in messages (and anchors a relative
/// `base` path to the working folder).
const FROM_DICT: &str = "<dict>";

/// Runs the sweep `source` (a sweep file's path, or a dict holding what a
/// sweep file holds) into the folder `out`, as `sesame sweep` does, with
/// the GIL released; Ctrl-C stops it (the finished runs stay committed in
/// `out`) and raises KeyboardInterrupt. Returns what `sesame sweep` reports.
#[pyfunction(name = "sweep")]
#[pyo3(signature = (source, out, threads = None, force = false, resume = false, charts = false))]
pub fn run_sweep<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    out: PathBuf,
    threads: Option<usize>,
    force: bool,
    resume: bool,
    charts: bool,
) -> PyResult<Bound<'py, PyDict>> {
    if threads == Some(0) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "threads = 0: must be at least 1",
        ));
    }
    let loaded = match source.cast::<PyDict>() {
        Ok(dict) => {
            let mut table = crate::convert::table(dict)?;
            if !table.contains_key("name") {
                table.insert("name".into(), toml::Value::String("sweep".into()));
            }
            let text = toml::to_string(&table).map_err(|e| {
                pyo3::exceptions::PyValueError::new_err(format!("the sweep dict: {e}"))
            })?;
            sweep::file::parse(&text, Path::new(FROM_DICT))
        }
        Err(_) => sweep::load(&source.extract::<PathBuf>()?),
    };
    // A sweep file's problems are listed one per line, each naming the file.
    let sweep = loaded.map_err(|e| {
        if e.exit_code() == 2 {
            crate::scenario_error(py, e.to_string().lines().map(str::to_string).collect())
        } else {
            crate::to_py(e)
        }
    })?;
    let options = SweepOptions {
        out,
        resume,
        force,
        shard: None,
        threads: threads.unwrap_or(0),
        progress: false,
        keep_runs: false,
        charts,
        format: sesame::charts::ChartFormat::Png,
    };
    let stop = StopFlag::default();
    let report = interruptible(py, &stop, || sweep::run_sweep(&sweep, &options, &stop))?
        .map_err(crate::to_py)?;
    let d = PyDict::new(py);
    d.set_item("folder", report.folder)?;
    d.set_item("name", &sweep.name)?;
    d.set_item("runs_total", report.runs_total)?;
    d.set_item("runs_done", report.runs_done)?;
    d.set_item("runs_now", report.runs_now)?;
    d.set_item("complete", report.complete)?;
    d.set_item("wall_seconds", report.wall_seconds)?;
    d.set_item("warnings", report.warnings)?;
    d.set_item("parameters", sweep.parameter_keys())?;
    Ok(d)
}
