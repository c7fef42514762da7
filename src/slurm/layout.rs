//! Where a Slurm sweep keeps its files, all under one folder `DIR`:
//!
//! ```text
//! DIR/slurm/sweep.toml      the frozen resolved sweep (base scenario embedded)
//! DIR/slurm/array.sbatch    the job array: task K runs shard K/N
//! DIR/slurm/merge.sbatch    the merge job, after the array
//! DIR/slurm/README.txt      what these are and how to submit them by hand
//! DIR/slurm/job.json        tasks, sweep hash, binary, submitted job ids
//! DIR/slurm/logs/           one log per task (%A_%a.out) and per merge
//! DIR/shards/K/             shard K's sweep folder
//! DIR/runs.csv ...          the merged sweep, as a local sweep writes it
//! ```
//!
//! Every path is absolute: a job runs a spool copy of its script, from
//! wherever Slurm starts it.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folder of the job files, inside `DIR`.
pub const SLURM_DIR: &str = "slurm";
/// The folder of the shard folders, inside `DIR`.
pub const SHARDS_DIR: &str = "shards";
/// The frozen sweep, inside `DIR/slurm`.
pub const SWEEP_TOML: &str = "sweep.toml";
/// The array script, inside `DIR/slurm`.
pub const ARRAY_SBATCH: &str = "array.sbatch";
/// The merge script, inside `DIR/slurm`.
pub const MERGE_SBATCH: &str = "merge.sbatch";
/// The instructions, inside `DIR/slurm`.
pub const README_TXT: &str = "README.txt";
/// The job record, inside `DIR/slurm`.
pub const JOB_JSON: &str = "job.json";
/// The logs folder, inside `DIR/slurm`.
pub const LOGS_DIR: &str = "logs";

/// The absolute paths of one Slurm sweep's files, and of the `sesame`
/// binary its jobs run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    dir: PathBuf,
    binary: PathBuf,
}

impl Layout {
    /// The layout under `dir` (made absolute against the current folder),
    /// for jobs that run `binary` (made absolute too). Refuses paths a job
    /// script cannot carry: not UTF-8, holding a line break or another
    /// control character, or (for `dir`, which is part of Slurm's
    /// `--output` pattern) a backslash, which turns the pattern off.
    pub fn new(dir: &Path, binary: &Path) -> Result<Layout> {
        let dir = absolute(dir)?;
        let binary = absolute(binary)?;
        check_path(&dir, "--out", true)?;
        check_path(&binary, "the sesame binary", false)?;
        Ok(Layout { dir, binary })
    }

    /// `DIR`: the merged sweep folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `sesame` binary the jobs run.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// `DIR/slurm`.
    pub fn slurm_dir(&self) -> PathBuf {
        self.dir.join(SLURM_DIR)
    }

    /// `DIR/slurm/NAME`.
    pub fn slurm_file(&self, name: &str) -> PathBuf {
        self.slurm_dir().join(name)
    }

    /// `DIR/slurm/logs`.
    pub fn logs_dir(&self) -> PathBuf {
        self.slurm_dir().join(LOGS_DIR)
    }

    /// `DIR/shards`.
    pub fn shards_dir(&self) -> PathBuf {
        self.dir.join(SHARDS_DIR)
    }

    /// `DIR/shards/K`: the sweep folder of task K.
    pub fn shard_dir(&self, k: u64) -> PathBuf {
        self.shards_dir().join(k.to_string())
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::input(format!("{}: {e}", path.display())))
}

/// The text of an absolute path checked by [`Layout::new`].
pub fn text(path: &Path) -> &str {
    path.to_str().expect("Layout::new accepts only UTF-8 paths")
}

fn check_path(path: &Path, what: &str, pattern: bool) -> Result<()> {
    let Some(s) = path.to_str() else {
        return Err(Error::input(format!(
            "{what} {}: not valid UTF-8; job scripts need a path they can spell",
            path.display()
        )));
    };
    if s.chars().any(|c| c.is_control()) {
        return Err(Error::input(format!(
            "{what} {s:?}: holds a line break or another control character; choose a plain path"
        )));
    }
    if pattern && s.contains('\\') {
        return Err(Error::input(format!(
            "{what} {s:?}: holds a backslash, which turns off Slurm's %A/%a log names; choose a path without one"
        )));
    }
    Ok(())
}
