//! The texts `sesame slurm` writes: the array script, the merge script and
//! the README beside them. Pure functions of the [`JobSpec`], so tests can
//! read every line.
//!
//! Each task runs, with absolute paths,
//!
//! ```text
//! sesame sweep DIR/slurm/sweep.toml --shard $SLURM_ARRAY_TASK_ID/N --resume \
//!     --out DIR/shards/$SLURM_ARRAY_TASK_ID --threads ${SLURM_CPUS_PER_TASK:-1} --quiet
//! ```
//!
//! so a task that is requeued (preempted, node failure, `scontrol requeue`)
//! or resubmitted keeps the runs it committed and redoes only the rest. The
//! merge job runs `sesame merge DIR/shards/* --out DIR --force`: `--force`
//! lets a merge that was cut off, or a second merge after a resubmission,
//! replace the merged files it wrote before (only files sesame wrote; the
//! shards are untouched).

use super::layout::{text, Layout, LOGS_DIR, SWEEP_TOML};
use super::quote::{sbatch_word, shell_quoted, slurm_pattern_literal};
use super::resources::Resources;

/// Everything the scripts depend on.
#[derive(Debug, Clone)]
pub struct JobSpec {
    /// Where the files go, and the binary.
    pub layout: Layout,
    /// The sweep's name (for job names and messages).
    pub sweep: String,
    /// Runs in the sweep.
    pub runs_total: u64,
    /// Tasks of the array, 1 ≤ tasks ≤ runs_total.
    pub tasks: u64,
    /// What each job asks for.
    pub resources: Resources,
}

impl JobSpec {
    /// The most runs any task has: ⌈runs / tasks⌉.
    pub fn runs_per_task(&self) -> u64 {
        self.runs_total.div_ceil(self.tasks)
    }

    fn quoted(&self, path: std::path::PathBuf) -> String {
        shell_quoted(text(&path))
    }

    fn binary(&self) -> String {
        shell_quoted(text(self.layout.binary()))
    }

    /// The `--output` directive for log file name `name` (a Slurm pattern).
    fn output(&self, name: &str) -> String {
        let logs = slurm_pattern_literal(text(&self.layout.logs_dir()));
        format!(
            "#SBATCH --output={}",
            sbatch_word(&format!("{logs}/{name}"))
        )
    }
}

/// `DIR/slurm/array.sbatch`.
pub fn array_script(job: &JobSpec) -> String {
    let n = job.tasks;
    let mut lines = vec![
        "#!/bin/bash".to_string(),
        format!(
            "# sesame sweep \"{}\" on Slurm: task K of this array runs shard K/{n} of the",
            job.sweep
        ),
        format!(
            "# frozen sweep {} ({} runs, at most {} per task).",
            text(&job.layout.slurm_file(SWEEP_TOML)),
            job.runs_total,
            job.runs_per_task()
        ),
        "# Written by `sesame slurm`; see README.txt beside it. Submitting it again".into(),
        "# resumes: every task keeps the runs its shard has committed.".into(),
        format!(
            "#SBATCH --job-name={}",
            sbatch_word(&format!("sesame-{}", job.sweep))
        ),
        format!("#SBATCH --array=0-{}", n - 1),
        "#SBATCH --requeue".into(),
        "#SBATCH --open-mode=append".into(),
        job.output("%A_%a.out"),
    ];
    lines.extend(job.resources.directives(true));
    lines.push(String::new());
    lines.push("set -euo pipefail".into());
    lines.push(
        ": \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}\"".into(),
    );
    lines.push(
        "echo \"sesame: task ${SLURM_ARRAY_TASK_ID} of array ${SLURM_ARRAY_JOB_ID:-?} \
         (job ${SLURM_JOB_ID:-?}, restart ${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -u +%FT%TZ)\""
            .into(),
    );
    lines.push(format!(
        "exec {} sweep {} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" --resume --out {}\"$SLURM_ARRAY_TASK_ID\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --quiet",
        job.binary(),
        job.quoted(job.layout.slurm_file(SWEEP_TOML)),
        shell_quoted(&format!("{}/", text(&job.layout.shards_dir()))),
    ));
    lines.join("\n") + "\n"
}

/// `DIR/slurm/merge.sbatch`.
pub fn merge_script(job: &JobSpec) -> String {
    let mut lines = vec![
        "#!/bin/bash".to_string(),
        format!(
            "# sesame sweep \"{}\" on Slurm: merges the {} shards into {}",
            job.sweep,
            job.tasks,
            text(job.layout.dir())
        ),
        "# once every task of the array succeeded (submit it with --dependency=afterok:ARRAY)."
            .into(),
        "# --force replaces only merged files sesame wrote before (a merge cut off, or run again)."
            .into(),
        format!(
            "#SBATCH --job-name={}",
            sbatch_word(&format!("sesame-merge-{}", job.sweep))
        ),
        "#SBATCH --requeue".into(),
        "#SBATCH --open-mode=append".into(),
        job.output("merge-%j.out"),
    ];
    lines.extend(job.resources.directives(false));
    lines.push(String::new());
    lines.push("set -euo pipefail".into());
    lines.push(
        "echo \"sesame: merge (job ${SLURM_JOB_ID:-?}) on $(hostname) at $(date -u +%FT%TZ)\""
            .into(),
    );
    lines.push(format!(
        "exec {} merge {}* --out {} --force",
        job.binary(),
        shell_quoted(&format!("{}/", text(&job.layout.shards_dir()))),
        job.quoted(job.layout.dir().to_path_buf()),
    ));
    lines.join("\n") + "\n"
}

/// The two commands that submit the job by hand (what `--submit` does).
pub fn submit_commands(job: &JobSpec) -> String {
    format!(
        "array=$(sbatch --parsable {})\nsbatch --parsable --dependency=afterok:${{array%%;*}} {}",
        job.quoted(job.layout.slurm_file(super::layout::ARRAY_SBATCH)),
        job.quoted(job.layout.slurm_file(super::layout::MERGE_SBATCH)),
    )
}

/// `DIR/slurm/README.txt`.
pub fn readme(job: &JobSpec) -> String {
    let dir = text(job.layout.dir());
    let slurm_dir = job.layout.slurm_dir();
    let slurm = text(&slurm_dir);
    let n = job.tasks;
    format!(
        "sesame sweep \"{name}\" on Slurm, written by `sesame slurm` (sesame {version})

The sweep: {runs} runs, frozen in
  {slurm}/{SWEEP_TOML}
with the base scenario embedded, so editing the original sweep or scenario
files changes nothing here.

Files
  array.sbatch   a job array of {n} tasks: task K runs shard K/{n} (the runs with
                 run_id % {n} == K, at most {per} each) into {shards}/K,
                 with --resume, so a requeued or resubmitted task keeps the runs
                 it already committed
  merge.sbatch   merges {shards}/* into {dir}
                 once every task has succeeded
  {LOGS_DIR}/          a log per task (ARRAYJOB_TASK.out) and per merge (merge-JOB.out)
  job.json       the number of tasks, the sweep's hash, the binary, the job ids
  sweep.toml     the frozen sweep

Every job runs {binary};
do not replace or rebuild it while the jobs run.

Submit (what `sesame slurm ... --submit` does)
{submit}

Watch
  squeue -j ARRAYJOB,MERGEJOB        (or: squeue --me)
  sesame status {quoted_dir}

After a failure (a task ran out of time, a node died, a task was cancelled)
  Submit both scripts again as above: each task resumes its shard and skips
  the runs already committed, and the merge runs once all tasks succeed.
  To rerun only some tasks: sbatch --array=3,7 {array}
  then submit the merge with --dependency=afterok on that job.
  A merge job left pending with reason DependencyNeverSatisfied will never
  run: scancel it before submitting a new one.
  A task that ran out of --time resumes too: submit again with a longer
  limit (sesame slurm ... --time D-HH:MM:SS rewrites these scripts; the
  shards are kept as long as --tasks stays {n}).

Results
  {dir}/runs.csv, results.csv, summary.csv, charts/, report.html:
  the same files as `sesame sweep` writes on one machine.
",
        name = job.sweep,
        version = env!("CARGO_PKG_VERSION"),
        runs = job.runs_total,
        per = job.runs_per_task(),
        shards = text(&job.layout.shards_dir()),
        binary = text(job.layout.binary()),
        submit = indent(&submit_commands(job)),
        quoted_dir = shell_quoted(dir),
        array = job.quoted(job.layout.slurm_file(super::layout::ARRAY_SBATCH)),
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
