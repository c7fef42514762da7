//! Tables handed to Python as `[(name, numpy array), ...]`, in the order of
//! the CSV file's columns: whole numbers as int64, measures as float64 (NaN
//! where the CSV field is empty), names as object arrays of str. The Python
//! half makes a pandas DataFrame of them, or a dict without pandas.

use std::collections::HashMap;
use std::path::PathBuf;

use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use sesame::output::columns::{Column, Table};

/// Columns as Python: a list of (name, array) pairs.
pub type PyColumns<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// A table's columns as numpy arrays.
pub fn to_py<'py>(py: Python<'py>, table: Table) -> PyColumns<'py> {
    table
        .columns
        .into_iter()
        .map(|(name, column)| (name, array(py, column)))
        .collect()
}

/// One column as a numpy array; text as an object array sharing one str
/// per distinct name (a tier or group name repeats for every citizen).
pub fn array(py: Python<'_>, column: Column) -> Bound<'_, PyAny> {
    match column {
        Column::Int(v) => PyArray1::from_vec(py, v).into_any(),
        Column::UInt(v) => PyArray1::from_vec(py, v).into_any(),
        Column::Float(v) => PyArray1::from_vec(py, v).into_any(),
        Column::Text(v) => {
            let mut seen: HashMap<String, Py<PyAny>> = HashMap::new();
            let objects: Vec<Py<PyAny>> = v
                .into_iter()
                .map(|s| {
                    seen.entry(s)
                        .or_insert_with_key(|s| PyString::new(py, s).into_any().unbind())
                        .clone_ref(py)
                })
                .collect();
            PyArray1::from_vec(py, objects).into_any()
        }
    }
}

/// A numpy array made read-only (a snapshot that cannot be mistaken for
/// the simulation's own state).
pub fn read_only<'py, T: numpy::Element>(
    array: Bound<'py, PyArray1<T>>,
) -> PyResult<Bound<'py, PyAny>> {
    let any = array.into_any();
    any.getattr("flags")?.setattr("writeable", false)?;
    Ok(any)
}

/// Reads a CSV file written by sesame (a sweep's tables, an event log) into
/// columns: a column is int64 if every field is a whole number, float64 if
/// every field is a number or empty (NaN), and text otherwise.
#[pyfunction]
pub fn read_csv(py: Python<'_>, path: PathBuf) -> PyResult<PyColumns<'_>> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(&path)
        .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{shown}: {e}")))?;
    Ok(to_py(py, parse_csv(file, &shown)?))
}

/// Parses CSV into typed columns (see [`read_csv`]); `shown` names it in
/// errors.
pub fn parse_csv(input: impl std::io::Read, shown: &str) -> PyResult<Table> {
    let fail = |e: csv::Error| PyValueError::new_err(format!("{shown}: {e}"));
    let mut reader = csv::Reader::from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(fail)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); header.len()];
    for record in reader.records() {
        let record = record.map_err(fail)?;
        for (k, field) in record.iter().enumerate() {
            fields[k].push(field.to_string());
        }
    }
    Ok(Table {
        columns: header
            .into_iter()
            .zip(fields)
            .map(|(name, values)| (name, typed(values)))
            .collect(),
    })
}

/// The narrowest column type that holds every field.
fn typed(values: Vec<String>) -> Column {
    if let Ok(ints) = values.iter().map(|v| v.parse::<i64>()).collect() {
        return Column::Int(ints);
    }
    let float = |v: &String| {
        if v.is_empty() {
            Ok(f64::NAN)
        } else {
            v.parse::<f64>()
        }
    };
    if let Ok(floats) = values.iter().map(float).collect() {
        return Column::Float(floats);
    }
    Column::Text(values)
}
