//! `DIR/slurm/job.json`: what `sesame slurm` generated (which sweep, how
//! many tasks, which binary) and, once submitted, the job ids. `sesame
//! status` reads it to know the number of shards, including those that
//! have not started.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::layout::{Layout, JOB_JSON};
use crate::error::{Error, Result};
use crate::output::folder::write_atomic;

/// The value of `kind` in job.json.
pub const KIND: &str = "slurm";

/// What job.json holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    /// Always "sesame".
    pub program: String,
    /// The sesame version that wrote it.
    pub version: String,
    /// Always [`KIND`].
    pub kind: String,
    /// The sweep's name.
    pub sweep: String,
    /// `fnv1a64:` and the fingerprint of the frozen sweep.toml (as in a
    /// sweep folder's manifest).
    pub sweep_hash: String,
    /// Runs in the sweep.
    pub runs_total: u64,
    /// Tasks of the array (N of `--shard K/N`).
    pub tasks: u64,
    /// The sesame binary the jobs run.
    pub binary: String,
    /// The array job's id, once submitted by `--submit`.
    pub array_job: Option<String>,
    /// The merge job's id, once submitted by `--submit`.
    pub merge_job: Option<String>,
}

impl JobRecord {
    /// A record for a job not yet submitted.
    pub fn new(sweep: &str, hash: &str, runs_total: u64, tasks: u64, binary: &str) -> Self {
        JobRecord {
            program: "sesame".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: KIND.into(),
            sweep: sweep.into(),
            sweep_hash: format!("fnv1a64:{hash}"),
            runs_total,
            tasks,
            binary: binary.into(),
            array_job: None,
            merge_job: None,
        }
    }

    /// The bare fingerprint of the sweep (without `fnv1a64:`).
    pub fn hash(&self) -> &str {
        self.sweep_hash
            .strip_prefix("fnv1a64:")
            .unwrap_or(&self.sweep_hash)
    }

    /// Writes the record into `layout`'s slurm folder atomically.
    pub fn write(&self, layout: &Layout) -> Result<()> {
        write_atomic(&layout.slurm_file(JOB_JSON), |w| {
            serde_json::to_writer_pretty(&mut *w, self)?;
            writeln!(w)
        })
    }

    /// Reads the record from the slurm folder `slurm_dir`; `None` when
    /// there is none.
    pub fn read(slurm_dir: &Path) -> Result<Option<JobRecord>> {
        let path = slurm_dir.join(JOB_JSON);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let record: JobRecord = serde_json::from_str(&text).map_err(|e| {
            Error::input(format!(
                "{}: not a job record written by `sesame slurm`: {e}",
                path.display()
            ))
        })?;
        if record.kind != KIND {
            return Err(Error::input(format!(
                "{}: kind is {:?}, not {KIND:?}",
                path.display(),
                record.kind
            )));
        }
        Ok(Some(record))
    }
}
