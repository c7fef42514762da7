//! `sesame status DIR`: how far a sweep on Slurm has got, read from the
//! files alone (no Slurm command is run, so it works anywhere the folder
//! is visible, and after the jobs have left the queue).
//!
//! Runs done are counted from the commit records (`shards/K/runs/*.json`),
//! which appear the moment a run finishes; a shard's manifest is only
//! rewritten when its task starts and ends.

use std::path::{Path, PathBuf};

use super::job::JobRecord;
use super::layout::{SHARDS_DIR, SLURM_DIR};
use crate::error::{Error, Result};
use crate::sweep::manifest::SweepManifest;
use crate::sweep::record;
use crate::sweep::shard::{describe_ids, Shard};

/// Where one shard stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardState {
    /// No shard folder (or no manifest in it) yet: the task has not started.
    NotStarted,
    /// Some runs committed: the task is running, or stopped without a trace
    /// (killed), or failed.
    Partial,
    /// Its last command was stopped by this signal (preempted, cancelled,
    /// out of time) before finishing; a requeued task clears it.
    Stopped(i32),
    /// Every run of the shard committed.
    Complete,
    /// The folder holds another sweep or another sharding (a mistake).
    Foreign(String),
}

/// One shard's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardProgress {
    /// K.
    pub index: u64,
    /// Runs committed.
    pub done: u64,
    /// Runs in the shard.
    pub total: u64,
    /// Its state.
    pub state: ShardState,
}

/// A sweep on Slurm's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The folder (`DIR`).
    pub dir: PathBuf,
    /// The sweep's name.
    pub sweep: String,
    /// Runs in the sweep.
    pub runs_total: u64,
    /// One entry per task, in task order.
    pub shards: Vec<ShardProgress>,
    /// Whether `DIR` holds the complete merged sweep.
    pub merged: bool,
    /// The array and merge job ids, if `--submit` recorded them.
    pub jobs: Option<(String, String)>,
}

impl Progress {
    /// Runs committed, over all shards.
    pub fn runs_done(&self) -> u64 {
        self.shards.iter().map(|s| s.done).sum()
    }

    /// The shards whose task has not started.
    pub fn not_started(&self) -> Vec<u64> {
        self.shards
            .iter()
            .filter(|s| s.state == ShardState::NotStarted)
            .map(|s| s.index)
            .collect()
    }

    /// The report `sesame status` prints.
    pub fn render(&self) -> String {
        let n = self.shards.len();
        let mut out = format!(
            "sweep {}: {} runs in {n} shard{}{}\n",
            self.sweep,
            self.runs_total,
            if n == 1 { "" } else { "s" },
            match &self.jobs {
                Some((a, m)) => format!(" (array job {a}, merge job {m})"),
                None => String::new(),
            }
        );
        let w = self.runs_total.to_string().len().max(5);
        out += &format!(
            "  {:>5}  {:>w$} / {:<w$}  state\n",
            "shard", "done", "total"
        );
        for s in &self.shards {
            let state = match &s.state {
                ShardState::NotStarted => "not started".to_string(),
                ShardState::Partial => "partial".to_string(),
                ShardState::Stopped(sig) => {
                    format!("stopped by {}", crate::sweep::status::describe_signal(*sig))
                }
                ShardState::Complete => "complete".to_string(),
                ShardState::Foreign(why) => format!("WRONG FOLDER: {why}"),
            };
            out += &format!(
                "  {:>5}  {:>w$} / {:<w$}  {state}\n",
                s.index, s.done, s.total
            );
        }
        let done = self.runs_done();
        let percent = if self.runs_total == 0 {
            100.0
        } else {
            100.0 * done as f64 / self.runs_total as f64
        };
        out += &format!(
            "overall: {done} / {} runs done ({percent:.1} %)\n",
            self.runs_total
        );
        let waiting = self.not_started();
        if waiting.is_empty() {
            out += "not started: none\n";
        } else {
            out += &format!(
                "not started: {} shard{} ({})\n",
                waiting.len(),
                if waiting.len() == 1 { "" } else { "s" },
                describe_ids(&waiting, 20)
            );
        }
        out += &if self.merged {
            format!("merged: yes, results in {}\n", self.dir.display())
        } else if done == self.runs_total {
            "merged: not yet (every run is done; the merge job writes the results)\n".to_string()
        } else {
            "merged: not yet\n".to_string()
        };
        out
    }
}

/// The number of runs of shard `k` of `n` in a sweep of `runs` runs.
pub fn shard_size(runs: u64, k: u64, n: u64) -> u64 {
    if k >= runs {
        0
    } else {
        (runs - 1 - k) / n + 1
    }
}

/// Reads the progress of the sweep on Slurm in `dir` (written by `sesame
/// slurm`). Without `slurm/job.json` the number of shards is taken from
/// the shard folders' manifests.
pub fn progress(dir: &Path) -> Result<Progress> {
    let record = JobRecord::read(&dir.join(SLURM_DIR))?;
    let shards_dir = dir.join(SHARDS_DIR);
    let (sweep, hash, runs_total, tasks, jobs) = match record {
        Some(r) => {
            let jobs = r.array_job.clone().zip(r.merge_job.clone());
            (
                r.sweep.clone(),
                r.hash().to_string(),
                r.runs_total,
                r.tasks,
                jobs,
            )
        }
        None => {
            let first = first_shard_manifest(&shards_dir).ok_or_else(|| {
                Error::input(format!(
                    "{}: not a sweep on Slurm (no {SLURM_DIR}/job.json and no shard folders in {SHARDS_DIR}/); \
                     give the --out folder of `sesame slurm`",
                    dir.display()
                ))
            })?;
            let count = first
                .shard
                .as_deref()
                .and_then(|s| Shard::parse(s).ok())
                .map(|s| s.count)
                .unwrap_or(1);
            (
                first.sweep.clone(),
                first.hash().to_string(),
                first.runs_total,
                count,
                None,
            )
        }
    };
    let mut shards = Vec::with_capacity(tasks as usize);
    for k in 0..tasks {
        shards.push(shard_progress(
            &shards_dir.join(k.to_string()),
            &hash,
            runs_total,
            Shard {
                index: k,
                count: tasks,
            },
        )?);
    }
    let merged = SweepManifest::read(dir)
        .map(|m| m.complete && m.hash() == hash)
        .unwrap_or(false);
    Ok(Progress {
        dir: dir.to_path_buf(),
        sweep,
        runs_total,
        shards,
        merged,
        jobs,
    })
}

fn first_shard_manifest(shards_dir: &Path) -> Option<SweepManifest> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(shards_dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    dirs.iter().find_map(|d| SweepManifest::read(d).ok())
}

fn shard_progress(folder: &Path, hash: &str, runs: u64, shard: Shard) -> Result<ShardProgress> {
    let total = shard_size(runs, shard.index, shard.count);
    let mut p = ShardProgress {
        index: shard.index,
        done: 0,
        total,
        state: ShardState::NotStarted,
    };
    let Ok(manifest) = SweepManifest::read(folder) else {
        return Ok(p);
    };
    if manifest.hash() != hash {
        p.state = ShardState::Foreign(format!("holds another sweep (hash {})", manifest.hash()));
        return Ok(p);
    }
    if manifest.shard.as_deref() != Some(shard.to_string().as_str()) {
        p.state = ShardState::Foreign(format!(
            "holds shard {}",
            manifest.shard.as_deref().unwrap_or("(the whole sweep)")
        ));
        return Ok(p);
    }
    p.done = record::committed(folder)?
        .iter()
        .filter(|&&id| id < runs && shard.contains(id))
        .count() as u64;
    p.state = if p.done == total {
        ShardState::Complete
    } else if let Some(sig) = manifest.interrupted_by_signal {
        ShardState::Stopped(sig)
    } else {
        ShardState::Partial
    };
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_sizes_add_up() {
        for runs in 0..30 {
            for n in 1..8 {
                let sizes: Vec<u64> = (0..n).map(|k| shard_size(runs, k, n)).collect();
                assert_eq!(sizes.iter().sum::<u64>(), runs, "runs {runs}, n {n}");
                for k in 0..n {
                    let direct = (0..runs).filter(|id| id % n == k).count() as u64;
                    assert_eq!(sizes[k as usize], direct);
                }
            }
        }
    }
}
