//! Parameter sweeps: many runs of one base scenario over a design of
//! points, with replicates, confidence intervals, resuming and shards.
//!
//! Data flow, one module per step:
//!
//! 1. [`file`]: the sweep file is parsed and validated (every point's
//!    scenario checked before anything runs) into a [`Sweep`] whose
//!    resolved text is fingerprinted; [`design`] expands the points and
//!    [`seeds`] gives each replicate its seed;
//! 2. [`runner`]: the run list is built, runs execute in parallel, and each
//!    finished run is committed atomically as a [`record`]; `--resume`
//!    skips committed runs and `--shard K/N` ([`shard`]) runs a share;
//! 3. [`tables`]: runs.csv, results.csv and summary.csv are assembled from
//!    the records in run-id order, with [`stats`] for the intervals;
//! 4. [`merge`]: shard folders become one sweep folder, identical to an
//!    unsharded run; [`crate::charts::sweep`] draws the results and [`report`] writes
//!    report.html, and for a Morris or Sobol' design
//!    [`crate::sensitivity`] analyses them; [`status`] says how far a
//!    sweep folder has got.
//!
//! The folder a sweep writes (`output/<sweep file stem>/` by default):
//!
//! ```text
//! manifest.json    which sweep (hash), which shard, runs done, complete
//! sweep.toml       the resolved sweep, base scenario embedded
//! runs/NNNNNN.json one commit record per finished run
//! runs.csv results.csv summary.csv   the tables (summary.partial.csv
//!                  while runs are missing: its means are over fewer replicates)
//! charts/, report.html   when the sweep is complete
//! sensitivity.csv  Morris and Sobol' designs, when complete
//! ```
//!
//! Determinism: every file but the manifest and the `wall_seconds` column
//! of runs.csv is byte-identical whatever the thread count, the order runs
//! finish in, interruptions and resumptions, or sharding and merging.

pub mod design;
pub mod file;
pub mod manifest;
pub mod merge;
pub mod record;
pub mod report;
pub mod runner;
pub mod seeds;
pub mod shard;
pub mod stats;
pub mod status;
pub mod tables;

pub use design::Design;
pub use file::{load, PlannedRun, Sweep};
pub use merge::{merge, MergeReport};
pub use runner::{run_sweep, SweepOptions, SweepReport};
pub use shard::Shard;
