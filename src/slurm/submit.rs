//! `sesame slurm --submit`: the array with `sbatch --parsable`, then the
//! merge with `--dependency=afterok:ARRAY`, and the ids into job.json.
//!
//! `sbatch` is looked up on `PATH`. Without it (a laptop, or a login node
//! where Slurm is a module not yet loaded) the job files are already
//! written and the error says so: an [`Error::Other`], exit code 1,
//! because the input was fine and only the machine lacks Slurm.

use std::process::Command;

use super::job::JobRecord;
use super::layout::{text, Layout, ARRAY_SBATCH, MERGE_SBATCH};
use crate::error::{Error, Result};

/// The program that submits jobs.
pub const SBATCH: &str = "sbatch";

/// The ids of a submitted job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// The array job.
    pub array: String,
    /// The merge job (runs after every task of the array succeeded).
    pub merge: String,
}

/// Submits the job files of `layout` (written by [`super::prepare`]) and
/// records the ids in job.json.
pub fn submit(layout: &Layout) -> Result<Submitted> {
    let array_script = layout.slurm_file(ARRAY_SBATCH);
    let merge_script = layout.slurm_file(MERGE_SBATCH);
    let array = sbatch(layout, &["--parsable", text(&array_script)]).map_err(|e| {
        Error::other(format!(
            "{e}\nThe job files are written in {}; submit them by hand as its README.txt says.",
            layout.slurm_dir().display()
        ))
    })?;
    let dependency = format!("--dependency=afterok:{array}");
    let merge = sbatch(layout, &["--parsable", &dependency, text(&merge_script)]).map_err(|e| {
        Error::other(format!(
            "the array job {array} is submitted, but the merge job is not: {e}\n\
             Submit it by hand: sbatch {dependency} {}",
            super::quote::shell_quoted(text(&merge_script))
        ))
    })?;
    if let Some(mut record) = JobRecord::read(&layout.slurm_dir())? {
        record.array_job = Some(array.clone());
        record.merge_job = Some(merge.clone());
        record.write(layout)?;
    }
    Ok(Submitted { array, merge })
}

/// Runs `sbatch ARGS` in `DIR` and returns the job id it prints
/// (`--parsable` prints `ID` or `ID;CLUSTER`).
fn sbatch(layout: &Layout, args: &[&str]) -> Result<String> {
    let output = Command::new(SBATCH)
        .args(args)
        .current_dir(layout.dir())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::other(format!(
                    "cannot submit: `{SBATCH}` is not on PATH, so this machine has no Slurm \
                     (or it is not loaded yet, e.g. `module load slurm`). \
                     Run the same command on the cluster's login node."
                ))
            } else {
                Error::other(format!("cannot start `{SBATCH}`: {e}"))
            }
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(Error::other(format!(
            "`{SBATCH} {}` failed ({}): {}",
            args.join(" "),
            output.status,
            stderr.trim()
        )));
    }
    parse_job_id(&stdout).ok_or_else(|| {
        Error::other(format!(
            "`{SBATCH} {}` printed no job id (expected a number, got {:?}){}",
            args.join(" "),
            stdout.trim(),
            if stderr.trim().is_empty() {
                String::new()
            } else {
                format!("; it said: {}", stderr.trim())
            }
        ))
    })
}

/// The job id in `sbatch --parsable` output: the last non-empty line,
/// up to a `;` (which precedes the cluster name on federated clusters).
pub fn parse_job_id(stdout: &str) -> Option<String> {
    let line = stdout.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    let id = line.split(';').next()?.trim();
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids() {
        assert_eq!(parse_job_id("4811\n").as_deref(), Some("4811"));
        assert_eq!(parse_job_id("4811;cluster\n").as_deref(), Some("4811"));
        assert_eq!(
            parse_job_id("sbatch: note\n4812\n").as_deref(),
            Some("4812")
        );
        assert_eq!(parse_job_id(""), None);
        assert_eq!(parse_job_id("Submitted batch job 5\n"), None);
    }
}
