//! The error type of the library: an [`Error`] holds an [`ErrorKind`], and
//! the kind decides the process exit code ([`Error::exit_code`]). The
//! library never prints or exits; the binary does.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::charts::ChartError;
use crate::graph::edgelist::EdgeListError;
use crate::scenario::ScenarioError;

/// Everything that can stop a command.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong, by who can mend it.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A scenario (its file, or `--set` values) with problems, every one
    /// listed with its key and line. Exit code 2.
    Scenario(ScenarioError),
    /// An edge-list file that is not a network, naming its line. Exit code 2.
    EdgeList(EdgeListError),
    /// Other bad input from the user: a flag, a sweep file, a folder that
    /// may not be replaced, a file that does not exist. Exit code 2.
    Input(String),
    /// A file or folder that could not be read or written. Exit code 1.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The run (or sweep) was stopped by a signal after finishing a tick
    /// (or committing the runs done) and saving what was done. Exit code
    /// 128 + signal (130 for SIGINT, 143 for SIGTERM).
    Interrupted {
        /// The signal that asked to stop.
        signal: i32,
        /// What was stopped.
        stopped: Stopped,
    },
    /// An invariant of the simulation broke: a bug in sesame, reported
    /// rather than written as results. Exit code 1.
    Invariant(String),
    /// A chart could not be drawn: exit code 2 when the run folder's files
    /// are missing or malformed, 1 when the disk or the drawing failed.
    Chart(ChartError),
    /// Anything else (a sweep run that failed, a machine without Slurm). Exit code 1.
    Other(String),
}

/// What a signal stopped: the message says what the folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// A run: its folder holds the ticks done so far.
    Run,
    /// A sweep: its folder keeps the runs committed so far.
    Sweep {
        /// The command that continues the sweep.
        resume: String,
    },
}

impl Error {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Bad input from the user, with the sentence that says what and why.
    pub fn input(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Input(message.into()))
    }

    /// Anything else, with its sentence.
    pub fn other(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Other(message.into()))
    }

    /// A broken invariant (a bug), with what broke.
    pub fn invariant(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invariant(message.into()))
    }

    /// The run was stopped by `signal`.
    pub fn interrupted(signal: i32) -> Error {
        Error::new(ErrorKind::Interrupted {
            signal,
            stopped: Stopped::Run,
        })
    }

    /// The sweep was stopped by `signal`; `resume` continues it.
    pub fn sweep_interrupted(signal: i32, resume: String) -> Error {
        Error::new(ErrorKind::Interrupted {
            signal,
            stopped: Stopped::Sweep { resume },
        })
    }

    /// An I/O failure on `path`.
    pub fn io(path: &Path, e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            source: e,
        })
    }

    /// A file the user named that cannot be read: bad input that names the
    /// path and says why in words (`no such file: PATH`).
    pub fn unreadable(path: &Path, e: &std::io::Error) -> Error {
        let shown = path.display();
        Error::input(match e.kind() {
            std::io::ErrorKind::NotFound => format!("no such file: {shown}"),
            std::io::ErrorKind::PermissionDenied => format!("permission denied: {shown}"),
            std::io::ErrorKind::IsADirectory => format!("{shown}: is a folder, not a file"),
            _ => format!("{shown}: cannot be read: {e}"),
        })
    }

    /// The signal that stopped the run, if that is what this is.
    pub fn interrupted_by(&self) -> Option<i32> {
        match self.kind {
            ErrorKind::Interrupted { signal, .. } => Some(signal),
            _ => None,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match &self.kind {
            ErrorKind::Scenario(_) | ErrorKind::EdgeList(_) | ErrorKind::Input(_) => 2,
            ErrorKind::Interrupted { signal, .. } => 128 + signal,
            ErrorKind::Chart(e) if e.is_bad_input() => 2,
            ErrorKind::Io { .. }
            | ErrorKind::Invariant(_)
            | ErrorKind::Chart(_)
            | ErrorKind::Other(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Scenario(e) => write!(f, "{e}"),
            ErrorKind::EdgeList(e) => write!(f, "{e}"),
            ErrorKind::Input(m) | ErrorKind::Other(m) => f.write_str(m),
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Interrupted {
                signal,
                stopped: Stopped::Run,
            } => write!(
                f,
                "interrupted by signal {signal}; the run folder holds the ticks done so far, marked incomplete"
            ),
            ErrorKind::Interrupted {
                signal,
                stopped: Stopped::Sweep { resume },
            } => write!(
                f,
                "interrupted by {}; the sweep is incomplete: its folder keeps every run committed so far (summary.partial.csv holds the means so far); continue it with: {resume}",
                crate::sweep::status::describe_signal(*signal)
            ),
            ErrorKind::Invariant(m) => write!(
                f,
                "an invariant of the simulation broke (a bug in sesame; please report it with the scenario): {m}"
            ),
            ErrorKind::Chart(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            ErrorKind::EdgeList(e) => Some(e),
            ErrorKind::Chart(e) => Some(e),
            ErrorKind::Scenario(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ScenarioError> for Error {
    fn from(e: ScenarioError) -> Self {
        Error::new(ErrorKind::Scenario(e))
    }
}

impl From<EdgeListError> for Error {
    fn from(e: EdgeListError) -> Self {
        Error::new(ErrorKind::EdgeList(e))
    }
}

impl From<ChartError> for Error {
    fn from(e: ChartError) -> Self {
        Error::new(ErrorKind::Chart(e))
    }
}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_exit_code() {
        assert_eq!(Error::input("x").exit_code(), 2);
        assert_eq!(
            Error::from(ScenarioError {
                problems: Vec::new()
            })
            .exit_code(),
            2
        );
        assert_eq!(Error::interrupted(2).exit_code(), 130);
        assert_eq!(Error::interrupted(15).exit_code(), 143);
        assert_eq!(Error::interrupted(15).interrupted_by(), Some(15));
        assert_eq!(Error::other("x").interrupted_by(), None);
        let io = Error::io(Path::new("/x/y"), std::io::Error::other("disk full"));
        assert_eq!(io.exit_code(), 1);
        assert_eq!(io.to_string(), "/x/y: disk full");
        assert_eq!(Error::invariant("ties").exit_code(), 1);
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = Error::unreadable(Path::new("a.csv"), &missing);
        assert_eq!(
            (e.exit_code(), e.to_string()),
            (2, "no such file: a.csv".into())
        );
    }
}
