//! `sesame.Scenario`: a validated scenario, changed key by key.
//!
//! A scenario keeps the text it was read from and the changes asked for
//! since (seed, ticks, dotted keys), and every change loads the text again
//! with all the changes, through the library's loader: a key set from
//! Python is checked exactly as `sesame run --set KEY=VALUE` checks it, and
//! a problem is reported with the same line, naming the file and the key.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use sesame::scenario::{self, KeyPath, Overrides, Scenario};

use crate::convert;

/// What names a scenario given as text in messages (and anchors a relative
/// edge-list path to the working folder).
const FROM_TEXT: &str = "<toml>";

/// A validated sesame scenario.
#[pyclass(module = "sesame", name = "Scenario")]
#[derive(Clone)]
pub struct PyScenario {
    /// The file's bytes (or the text given).
    bytes: Vec<u8>,
    /// The file it was read from, or [`FROM_TEXT`].
    source: PathBuf,
    /// Every change since, in order.
    overrides: Overrides,
    /// The scenario the library loaded from `bytes` with `overrides`.
    pub resolved: Scenario,
}

impl PyScenario {
    /// Reads and validates the scenario at `path` with `overrides`.
    pub fn read(py: Python<'_>, path: &Path, overrides: Overrides) -> PyResult<PyScenario> {
        let resolved =
            scenario::load(path, &overrides).map_err(|e| crate::scenario_error(py, e.lines()))?;
        // Kept for later changes; read after the loader has given its own
        // message for a missing or unreadable file.
        let bytes = std::fs::read(path).map_err(|e| {
            crate::scenario_error(
                py,
                vec![format!("{}: cannot read the scenario: {e}", path.display())],
            )
        })?;
        Ok(PyScenario {
            bytes,
            source: path.to_path_buf(),
            overrides,
            resolved,
        })
    }

    /// This scenario with more changes: `seed`, `ticks`, then `sets` in
    /// order, after the changes it already has.
    pub fn changed(
        &self,
        py: Python<'_>,
        seed: Option<u64>,
        ticks: Option<u32>,
        sets: &[(String, toml::Value)],
    ) -> PyResult<PyScenario> {
        let mut overrides = self.overrides.clone();
        if seed.is_some() {
            overrides.seed = seed;
        }
        if ticks.is_some() {
            overrides.ticks = ticks;
        }
        overrides
            .set
            .extend(sets.iter().map(|(k, v)| (k.clone(), v.to_string())));
        let resolved = scenario::load_bytes(self.bytes.clone(), &self.source, &overrides)
            .map_err(|e| crate::scenario_error(py, e.lines()))?;
        Ok(PyScenario {
            bytes: self.bytes.clone(),
            source: self.source.clone(),
            overrides,
            resolved,
        })
    }

    /// A Python value for a `set`, as TOML.
    pub fn value(value: &Bound<'_, PyAny>) -> PyResult<toml::Value> {
        convert::to_toml(value)
    }
}

/// The scenario to run: `scenario` (a `Scenario`, or the path of a
/// scenario file) with `seed`, `ticks` and the dotted keys of `sets`
/// changed, in that order, as `sesame run PATH --seed --ticks --set` does.
/// A `Scenario` given is left as it was.
#[pyfunction]
#[pyo3(signature = (scenario, seed = None, ticks = None, sets = Vec::new()))]
pub fn prepare(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    seed: Option<u64>,
    ticks: Option<u32>,
    sets: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<PyScenario> {
    let sets = sets
        .iter()
        .map(|(k, v)| Ok((k.clone(), PyScenario::value(v)?)))
        .collect::<PyResult<Vec<_>>>()?;
    if let Ok(given) = scenario.cast::<PyScenario>() {
        let given = given.borrow();
        if seed.is_none() && ticks.is_none() && sets.is_empty() {
            return Ok(given.clone());
        }
        return given.changed(py, seed, ticks, &sets);
    }
    let path: PathBuf = scenario.extract().map_err(|_| {
        let shown = scenario.repr().map(|r| r.to_string()).unwrap_or_default();
        pyo3::exceptions::PyTypeError::new_err(format!(
            "scenario = {shown}: give a sesame.Scenario or the path of a scenario file"
        ))
    })?;
    let overrides = Overrides {
        seed,
        ticks,
        set: sets
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect(),
    };
    PyScenario::read(py, &path, overrides)
}

#[pymethods]
impl PyScenario {
    /// Reads and validates the scenario file at `path`.
    ///
    /// Raises ScenarioError listing every problem (file, key, line, what is
    /// allowed), as `sesame check` does.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<PyScenario> {
        PyScenario::read(py, &path, Overrides::default())
    }

    /// Reads and validates a scenario from TOML text. `source` names it in
    /// messages and anchors a relative edge-list path (default: the text is
    /// `<toml>` and a relative path is relative to the working folder).
    #[staticmethod]
    #[pyo3(signature = (text, source = None))]
    fn from_toml(py: Python<'_>, text: &str, source: Option<PathBuf>) -> PyResult<PyScenario> {
        let source = source.unwrap_or_else(|| PathBuf::from(FROM_TEXT));
        let overrides = Overrides::default();
        let resolved = scenario::load_str(text, &source, &overrides)
            .map_err(|e| crate::scenario_error(py, e.lines()))?;
        Ok(PyScenario {
            bytes: text.as_bytes().to_vec(),
            source,
            overrides,
            resolved,
        })
    }

    /// Sets the dotted `key` (`"score.friend_weight"`,
    /// `"population.groups.dissidents.share"`) to `value`, as
    /// `sesame run --set KEY=VALUE` does, and validates the whole scenario
    /// again. Returns the scenario itself, so calls chain. On a problem,
    /// raises ScenarioError and leaves the scenario as it was.
    fn set<'py>(
        mut slf: PyRefMut<'py, Self>,
        key: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let py = slf.py();
        let value = PyScenario::value(value)?;
        let changed = slf.changed(py, None, None, &[(key.to_string(), value)])?;
        *slf = changed;
        Ok(slf)
    }

    /// Sets several dotted keys at once, in the dict's order, and
    /// validates once, as several `--set` flags do: for changes that are
    /// only valid together (group shares that must sum to 1). Returns the
    /// scenario itself; on a problem, raises ScenarioError and leaves the
    /// scenario as it was.
    fn update<'py>(
        mut slf: PyRefMut<'py, Self>,
        changes: &Bound<'py, pyo3::types::PyDict>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let py = slf.py();
        let mut sets = Vec::new();
        for (key, value) in changes.iter() {
            let key: String = key.extract().map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err("keys are dotted scenario keys (str)")
            })?;
            sets.push((key, PyScenario::value(&value)?));
        }
        let changed = slf.changed(py, None, None, &sets)?;
        *slf = changed;
        Ok(slf)
    }

    /// The value of the dotted `key` in the resolved scenario (defaults
    /// filled in). Raises KeyError for a key the scenario does not hold.
    fn get<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let path = KeyPath::parse(key).map_err(|e| PyKeyError::new_err(e.to_string()))?;
        let table: toml::Table = scenario::to_toml(&self.resolved.file)
            .parse()
            .map_err(|e| PyKeyError::new_err(format!("{e}")))?;
        let mut here = toml::Value::Table(table);
        for segment in &path.0 {
            let next = match segment {
                scenario::key_path::Segment::Key(k) => here.get(k.as_str()).cloned(),
                scenario::key_path::Segment::Index(i) => here.get(*i).cloned(),
            };
            here = next.ok_or_else(|| PyKeyError::new_err(key.to_string()))?;
        }
        convert::to_python(py, &here)
    }

    /// A copy that later changes leave alone.
    fn copy(&self) -> PyScenario {
        self.clone()
    }

    fn __copy__(&self) -> PyScenario {
        self.clone()
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> PyScenario {
        self.clone()
    }

    /// The resolved scenario as TOML: every key, defaults filled in (what a
    /// run folder's scenario.toml holds).
    #[getter]
    fn toml(&self) -> String {
        scenario::to_toml(&self.resolved.file)
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> String {
        self.resolved.file.name.clone()
    }

    /// The seed of its random streams.
    #[getter]
    fn seed(&self) -> u64 {
        self.resolved.file.seed
    }

    /// The number of ticks a run lasts.
    #[getter]
    fn ticks(&self) -> u32 {
        self.resolved.file.ticks
    }

    /// Where it was read from (`<toml>` for text).
    #[getter]
    fn source(&self) -> String {
        self.source.display().to_string()
    }

    fn __str__(&self) -> String {
        self.toml()
    }

    fn __repr__(&self) -> String {
        let f = &self.resolved.file;
        let size = f
            .population
            .size
            .map(|n| format!(" citizens={n}"))
            .unwrap_or_default();
        format!(
            "<sesame.Scenario {:?} seed={} ticks={}{size} from {}>",
            f.name,
            f.seed,
            f.ticks,
            self.source.display()
        )
    }
}
