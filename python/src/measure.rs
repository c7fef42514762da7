//! `sesame.measure`: the library's [`sesame::measure`] (what `sesame
//! measure` computes) on files, or on ties and scores held in Python, which
//! are written as the files `sesame measure` reads.

use std::io::Write;
use std::path::{Path, PathBuf};

use numpy::{PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sesame::error::Error;
use sesame::graph::edgelist::{self, EdgeListError, EdgeListFormat};
use sesame::output::number;
use sesame::run::StopFlag;

use crate::interrupt::interruptible;

/// The measures of a network, as `sesame measure EDGES [--citizens FILE]`
/// gives them: `[(measure, value), ...]` in the order of metrics.csv, and
/// the notes for the user.
///
/// The ties are the edge-list file `edges`, or the (m, 2) array `pairs` of
/// citizen ids (written to `scratch`/edges.csv). The citizens are the file
/// `citizens` (a run's citizens.csv), or `scores`, one per citizen id
/// 0..len (written with each citizen's degree to `scratch`/citizens.csv,
/// so that citizens without ties count), or neither.
#[pyfunction]
#[pyo3(signature = (scratch, edges = None, pairs = None, citizens = None, scores = None))]
#[allow(clippy::type_complexity)]
pub fn measure(
    py: Python<'_>,
    scratch: PathBuf,
    edges: Option<PathBuf>,
    pairs: Option<PyReadonlyArray2<'_, i64>>,
    citizens: Option<PathBuf>,
    scores: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<(Vec<(String, f64)>, Vec<String>)> {
    let pairs: Option<Vec<[i64; 2]>> = match pairs {
        None => None,
        Some(array) => {
            let view = array.as_array();
            if view.ncols() != 2 {
                return Err(PyValueError::new_err(format!(
                    "edges: an array of pairs has 2 columns, not {}",
                    view.ncols()
                )));
            }
            Some(view.rows().into_iter().map(|r| [r[0], r[1]]).collect())
        }
    };
    let scores: Option<Vec<f64>> = scores.map(|s| s.as_array().to_vec());
    let stop = StopFlag::default();
    interruptible(py, &stop, || {
        let edges = match (edges, pairs) {
            (Some(path), None) => path,
            (None, Some(pairs)) => write_pairs(&scratch, &pairs)?,
            _ => return Err(Error::input("give the ties either as a file or as pairs")),
        };
        let citizens = match (citizens, scores) {
            (Some(path), None) => Some(path),
            (None, Some(scores)) => Some(write_scores(&scratch, &edges, &scores)?),
            (None, None) => None,
            _ => {
                return Err(Error::input(
                    "give the scores either as a citizens file or as values",
                ))
            }
        };
        sesame::measure::measure_with_notes(&edges, citizens.as_deref(), EdgeListFormat::Auto)
            .map(|m| (m.measures, m.warnings))
    })?
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Writes `pairs` as the edge list `scratch`/edges.csv.
fn write_pairs(scratch: &Path, pairs: &[[i64; 2]]) -> Result<PathBuf, Error> {
    if let Some([a, b]) = pairs.iter().find(|[a, b]| *a < 0 || *b < 0) {
        return Err(Error::input(format!(
            "edges: citizen ids are whole numbers from 0; found the tie ({a}, {b})"
        )));
    }
    let path = scratch.join("edges.csv");
    write(&path, |w| {
        writeln!(w, "source,target")?;
        for [a, b] in pairs {
            writeln!(w, "{a},{b}")?;
        }
        Ok(())
    })?;
    Ok(path)
}

/// Writes `scores` (citizen i's at index i) with each citizen's degree in
/// the edge list `edges`, as `scratch`/citizens.csv.
fn write_scores(scratch: &Path, edges: &Path, scores: &[f64]) -> Result<PathBuf, Error> {
    let n = scores.len();
    let mut degree = vec![0usize; n];
    match edgelist::read_edge_list(edges, EdgeListFormat::Auto) {
        Ok(list) => {
            for (i, &id) in list.labels.iter().enumerate() {
                let row = usize::try_from(id).ok().filter(|&r| r < n).ok_or_else(|| {
                    Error::input(format!(
                        "edges: citizen {id} has a tie, but scores holds {n} values (citizens 0 to {})",
                        n as i64 - 1
                    ))
                })?;
                degree[row] = list.graph.degree(i);
            }
        }
        // No ties at all: every citizen is isolated.
        Err(EdgeListError::NoTies { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let path = scratch.join("citizens.csv");
    write(&path, |w| {
        writeln!(w, "id,score,degree")?;
        for (i, (s, d)) in scores.iter().zip(&degree).enumerate() {
            writeln!(w, "{i},{},{d}", number(*s))?;
        }
        Ok(())
    })?;
    Ok(path)
}

fn write(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    fill(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(path, e))
}
