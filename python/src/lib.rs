//! `sesame._sesame`: the native half of the Python package `sesame`.
//!
//! Every computation is the sesame library's own (loading and validating
//! scenarios, simulating, recording, writing run folders, sweeps, measures);
//! this crate only converts between Python and Rust values and runs the
//! library with the GIL released. The Python half (`sesame/__init__.py`)
//! turns the columns handed over here into pandas DataFrames.
//!
//! Long computations run on a thread of their own while the calling thread
//! waits with the GIL released and checks for Python signals every
//! [`interrupt::POLL`]: Ctrl-C in a notebook stops the computation at the end
//! of its tick and raises `KeyboardInterrupt`, and the interpreter lives on.

mod convert;
mod interrupt;
mod measure;
mod run;
mod scenario;
mod sweep;
mod tables;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    sesame,
    ScenarioError,
    PyValueError,
    "A scenario or sweep that cannot be loaded. The message lists every problem, one per line, \
     as `sesame check` does; `problems` holds them as a list."
);

/// A sesame error as a Python exception: bad input (an edge list, a
/// folder that exists, a value out of range) is a `ValueError`, anything
/// else (a file that could not be written) a `RuntimeError`.
pub(crate) fn to_py(e: sesame::error::Error) -> PyErr {
    if e.exit_code() == 2 {
        PyValueError::new_err(e.to_string())
    } else {
        PyRuntimeError::new_err(e.to_string())
    }
}

/// A `ScenarioError` carrying `problems`.
pub(crate) fn scenario_error(py: Python<'_>, problems: Vec<String>) -> PyErr {
    let err = ScenarioError::new_err(problems.join("\n"));
    // Setting an attribute on a fresh exception instance cannot fail in practice;
    // if it did, the message still lists every problem.
    let _ = err.value(py).setattr("problems", problems);
    err
}

/// A thread pool of `threads` threads, or `None` for rayon's global pool
/// (one thread per CPU).
pub(crate) fn pool(threads: Option<usize>) -> PyResult<Option<std::sync::Arc<rayon::ThreadPool>>> {
    match threads {
        None => Ok(None),
        Some(0) => Err(PyValueError::new_err("threads = 0: must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            // As the sweep runner's pools: room for the deepest recursion.
            .stack_size(16 << 20)
            .build()
            .map(|p| Some(std::sync::Arc::new(p)))
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}"))),
    }
}

/// Runs `f` in `pool`, or where it is called when there is none.
pub(crate) fn in_pool<R: Send>(
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> R + Send,
) -> R {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

#[pymodule]
fn _sesame(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<run::PyRun>()?;
    m.add_class::<run::PySimulation>()?;
    m.add_function(wrap_pyfunction!(scenario::prepare, m)?)?;
    m.add_function(wrap_pyfunction!(run::run_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::run_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(measure::measure, m)?)?;
    m.add_function(wrap_pyfunction!(tables::read_csv, m)?)?;
    Ok(())
}
