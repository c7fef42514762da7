//! `sesame status DIR` on a sweep folder of this machine (`sesame sweep`,
//! a shard, or a merged sweep): runs done of the folder's runs, whether it
//! is complete, and what stopped it. Read from the files alone: the runs
//! done are counted from the commit records, which appear the moment a run
//! finishes, so the answer is current while the sweep runs.
//!
//! A sweep on Slurm (a folder with `slurm/` or `shards/`) has its own
//! report, shard by shard ([`crate::slurm::progress`]).

use std::path::{Path, PathBuf};

use super::manifest::SweepManifest;
use super::record;
use super::runner::SWEEP_TOML;
use super::shard::Shard;
use crate::error::Result;

/// Where a sweep folder stands.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepStatus {
    /// The folder.
    pub dir: PathBuf,
    /// The sweep's name.
    pub sweep: String,
    /// Runs in the whole sweep.
    pub runs_total: u64,
    /// The shard the folder runs (`K/N`), if one.
    pub shard: Option<String>,
    /// Runs the folder is responsible for.
    pub runs_in_scope: u64,
    /// Of those, committed now.
    pub runs_done: u64,
    /// Whether the last command finished the folder (every run committed
    /// and the tables final).
    pub complete: bool,
    /// The signal that stopped the last command, if one did.
    pub interrupted_by_signal: Option<i32>,
}

/// The name of a signal a sweep is commonly stopped by (`SIGTERM`).
pub fn signal_name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        12 => "SIGUSR2",
        15 => "SIGTERM",
        _ => return None,
    })
}

/// The command that continues the sweep in the folder `dir` (from the
/// resolved sweep it holds, so it works wherever the sweep file went).
pub fn resume_command(dir: &Path, shard: Option<&str>) -> String {
    use crate::slurm::quote::shell_word;
    let file = dir.join(SWEEP_TOML).display().to_string();
    let mut command = format!(
        "sesame sweep {} --out {} --resume",
        shell_word(&file),
        shell_word(&dir.display().to_string())
    );
    if let Some(s) = shard {
        command += &format!(" --shard {s}");
    }
    command
}

/// `signal 15 (SIGTERM)`.
pub fn describe_signal(signal: i32) -> String {
    match signal_name(signal) {
        Some(name) => format!("signal {signal} ({name})"),
        None => format!("signal {signal}"),
    }
}

impl SweepStatus {
    /// Reads the status of the sweep folder `dir`.
    pub fn read(dir: &Path) -> Result<SweepStatus> {
        let manifest = SweepManifest::read(dir)?;
        let shard = manifest.shard.as_deref().and_then(|s| Shard::parse(s).ok());
        let runs_done = record::committed(dir)?
            .into_iter()
            .filter(|&id| id < manifest.runs_total && shard.is_none_or(|s| s.contains(id)))
            .count() as u64;
        Ok(SweepStatus {
            dir: dir.to_path_buf(),
            sweep: manifest.sweep.clone(),
            runs_total: manifest.runs_total,
            shard: manifest.shard.clone(),
            runs_in_scope: manifest.runs_in_scope,
            runs_done,
            complete: manifest.complete && runs_done == manifest.runs_in_scope,
            interrupted_by_signal: manifest.interrupted_by_signal,
        })
    }

    /// The command that continues the sweep in its folder.
    pub fn resume_command(&self) -> String {
        resume_command(&self.dir, self.shard.as_deref())
    }

    /// The report `sesame status` prints.
    pub fn render(&self) -> String {
        let percent = if self.runs_in_scope == 0 {
            100.0
        } else {
            100.0 * self.runs_done as f64 / self.runs_in_scope as f64
        };
        let scope = match &self.shard {
            Some(s) => format!(" of shard {s} (a sweep of {} runs)", self.runs_total),
            None => String::new(),
        };
        let mut out = format!(
            "sweep {}: {} / {} runs done{scope} ({percent:.1} %)\n",
            self.sweep, self.runs_done, self.runs_in_scope
        );
        let state = if self.complete {
            "complete".to_string()
        } else if self.runs_done == self.runs_in_scope {
            "every run done, but the tables are not final (the last command was stopped \
             before it assembled them)"
                .to_string()
        } else if let Some(signal) = self.interrupted_by_signal {
            format!("stopped by {}", describe_signal(signal))
        } else {
            "partial: running now, or stopped without a trace (killed, or the machine went down)"
                .to_string()
        };
        out += &format!("state: {state}\n");
        if self.complete {
            out += &format!("results: {}\n", self.dir.display());
        } else {
            out += &format!(
                "continue: {}  (committed runs are kept; summary.partial.csv holds the means so far)\n",
                self.resume_command()
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(done: u64, complete: bool, signal: Option<i32>) -> SweepStatus {
        SweepStatus {
            dir: PathBuf::from("output/kappa"),
            sweep: "kappa".into(),
            runs_total: 55,
            shard: None,
            runs_in_scope: 55,
            runs_done: done,
            complete,
            interrupted_by_signal: signal,
        }
    }

    #[test]
    fn the_report_says_how_far_what_stopped_it_and_how_to_continue() {
        let text = status(12, false, Some(15)).render();
        assert!(
            text.starts_with("sweep kappa: 12 / 55 runs done (21.8 %)\n"),
            "{text}"
        );
        assert!(
            text.contains("state: stopped by signal 15 (SIGTERM)"),
            "{text}"
        );
        assert!(
            text.contains(
                "continue: sesame sweep output/kappa/sweep.toml --out output/kappa --resume"
            ),
            "{text}"
        );
        let text = status(55, true, None).render();
        assert!(
            text.contains("state: complete\nresults: output/kappa"),
            "{text}"
        );
        assert!(status(3, false, None).render().contains("state: partial"));
        let mut shard = status(5, false, Some(2));
        shard.shard = Some("1/4".into());
        shard.runs_in_scope = 14;
        let text = shard.render();
        assert!(
            text.contains("5 / 14 runs done of shard 1/4 (a sweep of 55 runs)"),
            "{text}"
        );
        assert!(
            text.contains("SIGINT") && text.contains("--resume --shard 1/4"),
            "{text}"
        );
    }
}
