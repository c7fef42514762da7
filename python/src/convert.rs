//! Python values to TOML values and back: how a value given in Python
//! (`scenario.set("score.friend_weight", 0.4)`, a sweep given as a dict)
//! reaches the library, which reads TOML.

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use toml::Value;

/// A Python value as TOML: bool, int, float, str, a list or tuple of
/// values, a dict with string keys. numpy scalars count as the Python
/// numbers they stand for.
pub fn to_toml(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if value.is_instance_of::<PyBool>() {
        return Ok(Value::Boolean(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        return value
            .extract::<i64>()
            .map(Value::Integer)
            .map_err(|_| PyOverflowError::new_err(format!("{value}: TOML integers are 64-bit")));
    }
    if value.is_instance_of::<PyFloat>() {
        return Ok(Value::Float(value.extract()?));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Value::String(value.extract()?));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        return Ok(Value::Table(table(d)?));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        return value
            .try_iter()?
            .map(|item| to_toml(&item?))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    // numpy scalars and other numbers: whole numbers first (`__index__`).
    let type_name = value.get_type().name()?.to_string();
    if type_name.starts_with("bool") {
        return Ok(Value::Boolean(value.is_truthy()?));
    }
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Value::Integer(i));
    }
    if let Ok(f) = value.extract::<f64>() {
        return Ok(Value::Float(f));
    }
    Err(PyTypeError::new_err(format!(
        "{} ({type_name}): a scenario value is a bool, int, float, str, list or dict",
        value.repr()?
    )))
}

/// A dict with string keys as a TOML table, keys in the dict's order.
pub fn table(dict: &Bound<'_, PyDict>) -> PyResult<toml::Table> {
    let mut out = toml::Table::new();
    for (key, value) in dict.iter() {
        let key: String = key.extract().map_err(|_| {
            let shown = key.repr().map(|r| r.to_string()).unwrap_or_default();
            PyTypeError::new_err(format!("{shown}: keys must be strings"))
        })?;
        let value = to_toml(&value)?;
        out.insert(key, value);
    }
    Ok(out)
}

/// A TOML value as Python: tables become dicts, arrays lists, dates text.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Integer(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Datetime(d) => PyString::new(py, &d.to_string()).into_any(),
        Value::Array(items) => PyList::new(
            py,
            items
                .iter()
                .map(|v| to_python(py, v))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        Value::Table(t) => {
            let d = PyDict::new(py);
            for (k, v) in t {
                d.set_item(k, to_python(py, v)?)?;
            }
            d.into_any()
        }
    })
}
