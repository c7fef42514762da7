//! The error type of the library, and the exit code each kind maps to.

use std::path::Path;

/// Everything that can stop a command. The binary maps each to an exit code
/// ([`Error::exit_code`]); the library never prints or exits.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad input from the user: a scenario, a flag, an edge list, a sweep file.
    /// Exit code 2.
    #[error("{0}")]
    Input(String),
    /// The run was stopped by a signal after finishing a tick and saving what
    /// was done. Exit code 128 + signal (130 for SIGINT, 143 for SIGTERM).
    #[error("interrupted by signal {signal}; the run folder holds the ticks done so far, marked incomplete")]
    Interrupted { signal: i32 },
    /// Anything else (a file that could not be written, ...). Exit code 1.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Interrupted { signal } => 128 + signal,
            Error::Other(_) => 1,
        }
    }

    /// An I/O failure on `path`, as an [`Error::Other`].
    pub fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Other(format!("{}: {e}", path.display()))
    }

    /// A file the user named that cannot be read, as an [`Error::Input`]
    /// that names the path and says why in words: `no such file: PATH`.
    pub fn unreadable(path: &Path, e: &std::io::Error) -> Error {
        let shown = path.display();
        Error::Input(match e.kind() {
            std::io::ErrorKind::NotFound => format!("no such file: {shown}"),
            std::io::ErrorKind::PermissionDenied => format!("permission denied: {shown}"),
            std::io::ErrorKind::IsADirectory => format!("{shown}: is a folder, not a file"),
            _ => format!("{shown}: cannot be read: {e}"),
        })
    }
}

impl From<crate::scenario::ScenarioError> for Error {
    fn from(e: crate::scenario::ScenarioError) -> Self {
        Error::Input(e.to_string())
    }
}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
