//! Errors of chart drawing: every message names the file (and line or
//! column) at fault and what was expected.

use std::path::PathBuf;

/// Why the charts of a run folder could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// A file the charts cannot do without is absent.
    #[error("{path}: not found ({why})")]
    MissingFile {
        /// The file looked for.
        path: PathBuf,
        /// What it is needed for.
        why: &'static str,
    },
    /// A CSV file lacks a column the charts need.
    #[error("{path}: missing column `{column}` in the header (found: {found})")]
    MissingColumn {
        /// The CSV file.
        path: PathBuf,
        /// The column looked for.
        column: &'static str,
        /// The header as found, comma separated.
        found: String,
    },
    /// A field could not be read as the kind of value its column holds.
    #[error("{path}, line {line}, column `{column}`: {problem}")]
    BadValue {
        /// The CSV file.
        path: PathBuf,
        /// One-based line number in the file.
        line: u64,
        /// The column of the field.
        column: String,
        /// What was found and what is allowed.
        problem: String,
    },
    /// A CSV file is not well formed (e.g. a row with the wrong number of fields).
    #[error("{path}, line {line}: malformed CSV: {problem}")]
    MalformedCsv {
        /// The CSV file.
        path: PathBuf,
        /// One-based line number in the file (0 when unknown).
        line: u64,
        /// The CSV reader's explanation.
        problem: String,
    },
    /// `scenario.toml` exists but is not valid TOML.
    #[error("{path}: not valid TOML: {problem}")]
    BadScenario {
        /// The scenario file.
        path: PathBuf,
        /// The TOML parser's explanation.
        problem: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file read or written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The embedded font could not be loaded (a build problem, not a data problem).
    #[error("the embedded Noto Sans font could not be registered with plotters")]
    Font,
    /// plotters failed while drawing a chart.
    #[error("chart `{chart}`: drawing failed: {problem}")]
    Draw {
        /// The chart being drawn.
        chart: &'static str,
        /// plotters' explanation.
        problem: String,
    },
}

impl ChartError {
    /// Whether the run folder's files are at fault (missing, malformed),
    /// which the user can mend, rather than the disk or the drawing.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ChartError::MissingFile { .. }
            | ChartError::MissingColumn { .. }
            | ChartError::BadValue { .. }
            | ChartError::MalformedCsv { .. }
            | ChartError::BadScenario { .. } => true,
            ChartError::Io { .. } | ChartError::Draw { .. } | ChartError::Font => false,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> ChartError {
        ChartError::Io {
            path: path.into(),
            source,
        }
    }
}

/// What plotters (or a chart's own check) said when a chart could not be
/// drawn: the drawing functions pass it up with `?`, and it becomes a
/// [`ChartError::Draw`] or an I/O error naming the file once the chart and
/// its path are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawFailure(pub String);

impl std::fmt::Display for DrawFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrawFailure {}

impl From<String> for DrawFailure {
    fn from(message: String) -> DrawFailure {
        DrawFailure(message)
    }
}

impl From<&str> for DrawFailure {
    fn from(message: &str) -> DrawFailure {
        DrawFailure(message.to_string())
    }
}
