//! `manifest.json` of a sweep folder: which sweep it holds (the hash of
//! the resolved sweep), which share of the runs (a shard, or all), how far
//! it got, and whether its tables are final.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::shard::Shard;
use crate::error::{Error, Result};
use crate::output::folder::{write_atomic, MANIFEST};

/// The value of `kind` in a sweep folder's manifest (a run folder has none).
pub const KIND: &str = "sweep";

/// What `manifest.json` of a sweep folder holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    /// Always "sesame".
    pub program: String,
    /// The sesame version that wrote it.
    pub version: String,
    /// Always [`KIND`].
    pub kind: String,
    /// The sweep's name.
    pub sweep: String,
    /// `fnv1a64:` and the [`crate::output::fingerprint`] of `sweep.toml`.
    pub sweep_hash: String,
    /// Runs in the whole sweep (points × replicates).
    pub runs_total: u64,
    /// The shard this folder runs (`K/N`), or null for the whole sweep.
    pub shard: Option<String>,
    /// Runs this folder is responsible for (all, or the shard's).
    pub runs_in_scope: u64,
    /// Of those, runs committed under `runs/` when the manifest was written.
    pub runs_done: u64,
    /// True once every run in scope is committed and the tables are final.
    pub complete: bool,
    /// The signal that stopped the last command, if any.
    pub interrupted_by_signal: Option<i32>,
    /// Wall time of the last command, in seconds.
    pub wall_seconds: f64,
    /// Worker threads of the last command.
    pub threads: usize,
    /// The last command line.
    pub command: String,
    /// For a merged folder: the folders merged, in the order given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Vec<String>>,
}

impl SweepManifest {
    /// A manifest for a sweep with `hash`, nothing done yet.
    pub fn new(
        sweep: &str,
        hash: &str,
        runs_total: u64,
        shard: Option<Shard>,
        runs_in_scope: u64,
    ) -> Self {
        SweepManifest {
            program: "sesame".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: KIND.into(),
            sweep: sweep.into(),
            sweep_hash: format!("fnv1a64:{hash}"),
            runs_total,
            shard: shard.map(|s| s.to_string()),
            runs_in_scope,
            runs_done: 0,
            complete: false,
            interrupted_by_signal: None,
            wall_seconds: 0.0,
            threads: rayon::current_num_threads(),
            command: std::env::args().collect::<Vec<_>>().join(" "),
            merged_from: None,
        }
    }

    /// The bare fingerprint of the sweep (without `fnv1a64:`).
    pub fn hash(&self) -> &str {
        self.sweep_hash
            .strip_prefix("fnv1a64:")
            .unwrap_or(&self.sweep_hash)
    }

    /// Writes the manifest into `folder` atomically.
    pub fn write(&self, folder: &Path) -> Result<()> {
        write_atomic(&folder.join(MANIFEST), |w| {
            serde_json::to_writer_pretty(&mut *w, self)?;
            writeln!(w)
        })
    }

    /// Reads the manifest of the sweep folder `folder`; an error says why it
    /// is not one.
    pub fn read(folder: &Path) -> Result<SweepManifest> {
        let path = folder.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::input(format!(
                "{}: not a sweep folder (cannot read {MANIFEST}: {e})",
                folder.display()
            ))
        })?;
        let manifest: SweepManifest = serde_json::from_str(&text).map_err(|_| {
            Error::input(format!(
                "{}: not a sweep folder ({MANIFEST} is not a sweep manifest; a run folder?)",
                folder.display()
            ))
        })?;
        if manifest.kind != KIND {
            return Err(Error::input(format!(
                "{}: not a sweep folder ({MANIFEST} has kind {:?})",
                folder.display(),
                manifest.kind
            )));
        }
        Ok(manifest)
    }
}
