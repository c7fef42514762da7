//! Sweeps on a Slurm cluster: a sweep file becomes a job array, one
//! command submits it, and the result is the folder a local sweep writes.
//!
//! Data flow, one module per step:
//!
//! 1. [`prepare`] checks the output folder (a new one, or one that holds
//!    this same sweep, to resume), freezes the resolved sweep into
//!    `DIR/slurm/sweep.toml` and writes the job files ([`layout`] says
//!    where, [`scripts`] what, with [`resources`] for the `#SBATCH` lines
//!    and [`quote`] for the two quoting rules a script needs);
//! 2. [`submit()`] hands them to `sbatch`: the array, then the merge with
//!    `--dependency=afterok:ARRAY`, and records the ids in [`job`]'s
//!    `job.json`;
//! 3. [`status`] reads the shard folders and says how far each got.
//!
//! The tasks are plain `sesame sweep --shard K/N --resume` commands and the
//! merge a plain `sesame merge`, so a Slurm sweep inherits their promises:
//! byte-identical results whatever the sharding, resumption after any
//! interruption (a requeued task keeps its committed runs), and a merge
//! that refuses gaps, overlaps and mixed sweeps.

pub mod job;
pub mod layout;
pub mod quote;
pub mod resources;
pub mod scripts;
pub mod status;
pub mod submit;

use std::path::PathBuf;

pub use job::JobRecord;
pub use layout::Layout;
pub use resources::Resources;
pub use scripts::JobSpec;
pub use status::{progress, Progress};
pub use submit::{submit, Submitted};

use crate::error::{Error, Result};
use crate::output::folder::write_atomic;
use crate::sweep::manifest::SweepManifest;
use crate::sweep::{record, Shard, Sweep};
use layout::{ARRAY_SBATCH, JOB_JSON, MERGE_SBATCH, README_TXT, SHARDS_DIR, SLURM_DIR, SWEEP_TOML};

/// Without `--tasks`: one task per run, up to this many.
pub const DEFAULT_MAX_TASKS: u64 = 32;

/// What `sesame slurm` was asked for.
#[derive(Debug, Clone)]
pub struct SlurmOptions {
    /// `DIR`: the merged sweep folder (made absolute).
    pub out: PathBuf,
    /// Tasks of the array; `None` for one per run, at most [`DEFAULT_MAX_TASKS`].
    pub tasks: Option<u64>,
    /// What each job asks Slurm for.
    pub resources: Resources,
    /// The sesame binary the jobs run (normally `std::env::current_exe()`).
    pub binary: PathBuf,
}

/// What [`prepare`] wrote.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The job, as the scripts describe it.
    pub job: JobSpec,
    /// Runs already committed in the shard folders (a resumed job).
    pub runs_committed: u64,
    /// The files written, in `DIR/slurm`.
    pub files: Vec<PathBuf>,
    /// The job record these files replace, if the folder held one (its
    /// job ids name jobs that may still be queued).
    pub previous: Option<JobRecord>,
}

/// Checks `options` and the output folder, then writes `DIR/slurm/`
/// (sweep.toml, array.sbatch, merge.sbatch, README.txt, job.json, logs/)
/// and creates `DIR/shards/`. Writing again into a folder that holds the
/// same sweep with the same number of tasks is allowed (to change the
/// resources, or to resubmit after a failure): the shards are kept.
pub fn prepare(sweep: &Sweep, options: &SlurmOptions) -> Result<Prepared> {
    options.resources.validate()?;
    let runs_total = sweep.runs_total();
    let tasks = match options.tasks {
        None => runs_total.clamp(1, DEFAULT_MAX_TASKS),
        Some(0) => return Err(Error::input("--tasks 0: must be at least 1")),
        Some(n) if n > runs_total => {
            return Err(Error::input(format!(
                "--tasks {n}: the sweep {} has only {runs_total} runs, so at most {runs_total} tasks would have work; use --tasks {runs_total} or fewer",
                sweep.name
            )))
        }
        Some(n) => n,
    };
    let layout = Layout::new(&options.out, &options.binary)?;
    let runs_committed = check_folder(&layout, sweep, tasks)?;
    let previous = JobRecord::read(&layout.slurm_dir()).unwrap_or(None);
    let job = JobSpec {
        layout: layout.clone(),
        sweep: printable(&sweep.name),
        runs_total,
        tasks,
        resources: options.resources.clone(),
    };

    let logs = layout.logs_dir();
    std::fs::create_dir_all(&logs).map_err(|e| Error::io(&logs, e))?;
    let shards = layout.shards_dir();
    std::fs::create_dir_all(&shards).map_err(|e| Error::io(&shards, e))?;
    let texts = [
        (SWEEP_TOML, sweep.text.clone()),
        (ARRAY_SBATCH, scripts::array_script(&job)),
        (MERGE_SBATCH, scripts::merge_script(&job)),
        (README_TXT, scripts::readme(&job)),
    ];
    let mut files = Vec::new();
    for (name, text) in texts {
        let path = layout.slurm_file(name);
        write_atomic(&path, |w| w.write_all(text.as_bytes()))?;
        files.push(path);
    }
    JobRecord::new(
        &sweep.name,
        &sweep.hash,
        runs_total,
        tasks,
        layout::text(layout.binary()),
    )
    .write(&layout)?;
    files.push(layout.slurm_file(JOB_JSON));
    Ok(Prepared {
        job,
        runs_committed,
        files,
        previous,
    })
}

/// A name safe in a script comment or a job name: control characters
/// (a line break would end the comment) become spaces.
fn printable(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The output folder may be new, or hold this sweep's Slurm job (same
/// frozen sweep, shards of the same count) and its merged files; anything
/// else is refused, naming what is in the way. Returns the runs already
/// committed in the shards.
fn check_folder(layout: &Layout, sweep: &Sweep, tasks: u64) -> Result<u64> {
    let dir = layout.dir();
    if !dir.exists() {
        return Ok(0);
    }
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "--out {}: exists and is not a folder",
            dir.display()
        )));
    }
    let start_over = format!(
        "choose another --out, or delete {} and {} to start over",
        layout.slurm_dir().display(),
        layout.shards_dir().display()
    );
    let frozen = layout.slurm_file(SWEEP_TOML);
    if let Ok(text) = std::fs::read_to_string(&frozen) {
        if text != sweep.text {
            return Err(Error::input(format!(
                "{}: holds another sweep (the sweep file or its base scenario changed since this job was written); {start_over}",
                frozen.display()
            )));
        }
    }
    let merged = dir.join(crate::output::folder::MANIFEST);
    if merged.exists() {
        let m = SweepManifest::read(dir)?;
        if m.hash() != sweep.hash {
            return Err(Error::input(format!(
                "{}: holds the results of another sweep ({} with hash {}, this one {}); choose another --out",
                dir.display(),
                m.sweep,
                m.hash(),
                sweep.hash
            )));
        }
    }
    let merged_outputs = crate::sweep::merge::OUTPUTS;
    let mut strangers = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let partial = name.starts_with('.') && name.ends_with(".partial");
        let ours = name == SLURM_DIR || name == SHARDS_DIR || partial;
        if !(ours || (merged.exists() && merged_outputs.contains(&name.as_str()))) {
            strangers.push(name);
        }
    }
    if !strangers.is_empty() {
        strangers.sort();
        return Err(Error::input(format!(
            "--out {}: holds {}, which is not part of a sweep on Slurm; choose a new or empty folder",
            dir.display(),
            strangers.join(", ")
        )));
    }

    let mut committed = 0;
    let shards = layout.shards_dir();
    let Ok(entries) = std::fs::read_dir(&shards) else {
        return Ok(0);
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&shards, e))?;
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let Ok(m) = SweepManifest::read(&path) else {
            continue; // a task that made its folder but had not started yet
        };
        if m.hash() != sweep.hash {
            return Err(Error::input(format!(
                "{}: holds a shard of another sweep (hash {}, this one {}); {start_over}",
                path.display(),
                m.hash(),
                sweep.hash
            )));
        }
        let shard = m.shard.as_deref().and_then(|s| Shard::parse(s).ok());
        match shard {
            Some(s) if s.count == tasks => {
                committed += record::committed(&path)?
                    .iter()
                    .filter(|&&id| s.contains(id) && id < sweep.runs_total())
                    .count() as u64;
            }
            _ => {
                return Err(Error::input(format!(
                    "{}: holds shard {} but --tasks {tasks} makes shards of {tasks}; to resume keep --tasks {}, or {start_over}",
                    path.display(),
                    m.shard.as_deref().unwrap_or("(none)"),
                    shard.map(|s| s.count.to_string()).unwrap_or_else(|| "as before".into())
                )));
            }
        }
    }
    Ok(committed)
}
