//! Sweeps on Slurm: the generated job files (every option in its `#SBATCH`
//! line, absolute paths, quoting that survives spaces, quotes and `%` in
//! paths, checked by running the scripts with bash), the frozen sweep,
//! refusals, `--submit` with and without `sbatch`, `sesame status`, and a
//! whole job run by hand (tasks and merge executed by bash) giving the
//! files of a local sweep.
//!
//! `a_real_slurm_cluster_gives_the_local_sweep` runs against a real Slurm:
//! a single-node cluster on this machine, started (and installed with
//! apt-get if missing) by the project's `scripts/local-slurm/start.sh`, which
//! needs root. It is `#[ignore]`d; CI runs it with
//! `cargo test --release --test it slurm:: -- --ignored`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use sesame::slurm::{self, quote::sbatch_split, Resources, SlurmOptions};
use sesame::sweep;

use crate::common::{self, baseline, read};

fn sesame_bin() -> &'static str {
    env!("CARGO_BIN_EXE_sesame")
}

/// A fresh, empty folder for one test, whose path holds a space, a quote
/// and a percent sign, as real users' paths sometimes do.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch("slurm", name).join("my sweeps/it's 100% done");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sweep file in `dir`: 3 values of κ × `replicates`, `size` citizens,
/// `ticks` ticks.
fn sweep_file(dir: &Path, name: &str, replicates: u32, size: u32, ticks: u32) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    fs::write(
        &path,
        format!(
            "base = \"{}\"\nreplicates = {replicates}\n[parameters]\n\"score.friend_weight\" = [0.0, 0.25, 0.5]\n\
             [overrides]\nticks = {ticks}\n\"population.size\" = {size}\n\"output.metrics_every\" = 5\n",
            baseline()
        ),
    )
    .unwrap();
    path
}

/// The tiny sweep of these tests: 9 runs of 200 citizens over 10 ticks.
fn tiny(dir: &Path) -> PathBuf {
    sweep_file(dir, "tiny", 3, 200, 10)
}

fn text(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn sesame(args: &[&str]) -> Command {
    let mut c = common::sesame();
    c.args(args);
    c
}

/// The `#SBATCH` lines of a script, each split into words as sbatch does.
fn directives(script: &str) -> Vec<Vec<String>> {
    script
        .lines()
        .filter_map(|l| l.strip_prefix("#SBATCH"))
        .map(sbatch_split)
        .collect()
}

/// The value of `--flag=VALUE` among the directives, if present.
fn directive(script: &str, flag: &str) -> Option<String> {
    let prefix = format!("--{flag}=");
    directives(script)
        .into_iter()
        .filter_map(|words| {
            words
                .first()
                .and_then(|w| w.strip_prefix(&prefix))
                .map(String::from)
        })
        .next_back()
}

fn options(out: &Path, tasks: Option<u64>, resources: Resources) -> SlurmOptions {
    SlurmOptions {
        out: out.to_path_buf(),
        tasks,
        resources,
        binary: PathBuf::from(sesame_bin()),
    }
}

fn all_resources() -> Resources {
    Resources {
        partition: Some("short".into()),
        time: Some("02:00:00".into()),
        cpus_per_task: Some(8),
        mem: Some("4G".into()),
        account: Some("proj-42".into()),
        extra: vec![
            "--qos=long".into(),
            "#SBATCH --constraint=\"avx2&fma\"".into(),
        ],
    }
}

#[test]
fn every_option_lands_in_its_sbatch_line() {
    let dir = scratch("options");
    let s = sweep::load(&tiny(&dir)).unwrap();
    let out = dir.join("out");
    let prepared = slurm::prepare(&s, &options(&out, Some(4), all_resources())).unwrap();
    assert_eq!((prepared.job.tasks, prepared.job.runs_total), (4, 9));
    let array = read(&out.join("slurm/array.sbatch"));
    let merge = read(&out.join("slurm/merge.sbatch"));
    assert!(array.starts_with("#!/bin/bash\n") && merge.starts_with("#!/bin/bash\n"));

    let logs = format!("{}/slurm/logs", out.display()).replace('%', "%%");
    let expected_array: Vec<Vec<String>> = [
        "--job-name=sesame-tiny".to_string(),
        "--array=0-3".into(),
        "--requeue".into(),
        "--open-mode=append".into(),
        format!("--output={logs}/%A_%a.out"),
        "--partition=short".into(),
        "--account=proj-42".into(),
        "--time=02:00:00".into(),
        "--cpus-per-task=8".into(),
        "--mem=4G".into(),
        "--qos=long".into(),
        "--constraint=avx2&fma".into(),
    ]
    .into_iter()
    .map(|w| vec![w])
    .collect();
    assert_eq!(directives(&array), expected_array, "{array}");

    // The merge job: no array, one CPU, its own log, the same other resources.
    let expected_merge: Vec<Vec<String>> = [
        "--job-name=sesame-merge-tiny".to_string(),
        "--requeue".into(),
        "--open-mode=append".into(),
        format!("--output={logs}/merge-%j.out"),
        "--partition=short".into(),
        "--account=proj-42".into(),
        "--time=02:00:00".into(),
        "--mem=4G".into(),
        "--qos=long".into(),
        "--constraint=avx2&fma".into(),
    ]
    .into_iter()
    .map(|w| vec![w])
    .collect();
    assert_eq!(directives(&merge), expected_merge, "{merge}");

    // sbatch reads directives only up to the first command: all of them come first.
    for script in [&array, &merge] {
        let first_command = script
            .lines()
            .position(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap();
        let lines: Vec<&str> = script.lines().collect();
        let last_directive = lines
            .iter()
            .rposition(|l| l.starts_with("#SBATCH"))
            .unwrap();
        assert!(last_directive < first_command, "{script}");
    }

    // Without resources: only sesame's own lines.
    let bare = dir.join("bare");
    slurm::prepare(&s, &options(&bare, None, Resources::default())).unwrap();
    let array = read(&bare.join("slurm/array.sbatch"));
    assert_eq!(
        directive(&array, "array").as_deref(),
        Some("0-8"),
        "one task per run"
    );
    for flag in ["partition", "time", "cpus-per-task", "mem", "account"] {
        assert_eq!(directive(&array, flag), None, "{flag}");
    }
    assert!(array.contains("--threads \"${SLURM_CPUS_PER_TASK:-1}\""));
}

#[test]
fn paths_are_absolute_even_from_a_relative_out() {
    let dir = scratch("absolute");
    let file = tiny(&dir);
    let out = sesame(&[
        "slurm",
        file.to_str().unwrap(),
        "--tasks",
        "2",
        "--out",
        "rel/out",
    ])
    .current_dir(&dir)
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let root = dir.join("rel/out");
    let array = read(&root.join("slurm/array.sbatch"));
    let merge = read(&root.join("slurm/merge.sbatch"));
    let root_text = root.to_str().unwrap().replace('\'', r"'\''");
    let exe = fs::canonicalize(sesame_bin()).unwrap();
    let exec = array.lines().find(|l| l.starts_with("exec ")).unwrap();
    assert!(
        exec.starts_with(&format!(
            "exec '{}' sweep '{root_text}/slurm/sweep.toml'",
            exe.display()
        )),
        "{exec}"
    );
    let exec = merge.lines().find(|l| l.starts_with("exec ")).unwrap();
    assert_eq!(
        exec,
        format!(
            "exec '{}' merge '{root_text}/shards/'* --out '{root_text}' --force",
            exe.display()
        )
    );
    let log = directive(&array, "output").unwrap();
    assert!(log.starts_with('/'), "{log}");
    // The README names the absolute scripts to submit by hand.
    let readme = read(&root.join("slurm/README.txt"));
    assert!(readme.contains(&format!(
        "sbatch --parsable '{root_text}/slurm/array.sbatch'"
    )));
    assert!(root.join("slurm/logs").is_dir() && root.join("shards").is_dir());

    // Without --out: output/<sweep name>, the folder `sesame sweep` would use,
    // also when the frozen sweep.toml is given (it carries the name).
    for given in [file.clone(), root.join("slurm/sweep.toml")] {
        let r = sesame(&["slurm", given.to_str().unwrap(), "--tasks", "2"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", text(&r));
        let array = read(&dir.join("output/tiny/slurm/array.sbatch"));
        let shards = format!("{}/output/tiny/shards/", dir.display()).replace('\'', r"'\''");
        assert!(array.contains(&shards), "{shards} not in {array}");
    }
}

/// Writes an executable stand-in for a program that records its arguments,
/// one per line, in `log` and prints `reply`.
fn recorder(path: &Path, log: &Path, reply: &str) {
    fs::write(
        path,
        format!(
            "#!/bin/bash\nprintf '%s\\n' \"$@\" >> '{}'\nprintf '%s\\n' '==' >> '{}'\n{reply}\n",
            log.display().to_string().replace('\'', r"'\''"),
            log.display().to_string().replace('\'', r"'\''")
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The argument lists recorded by [`recorder`], one per call.
fn calls(log: &Path) -> Vec<Vec<String>> {
    read(log)
        .split("==\n")
        .filter(|c| !c.is_empty())
        .map(|c| c.lines().map(String::from).collect())
        .collect()
}

#[test]
fn quoting_survives_spaces_quotes_and_percent_signs_in_bash() {
    let dir = scratch("quoting");
    let s = sweep::load(&tiny(&dir)).unwrap();
    let out = dir.join("out $HOME `x` *");
    let fake = dir.join("fake sesame's");
    let log = dir.join("calls.txt");
    recorder(&fake, &log, "");
    let mut o = options(&out, Some(4), Resources::default());
    o.binary = fake.clone();
    slurm::prepare(&s, &o).unwrap();
    let o = out.to_str().unwrap();

    // A task, as Slurm starts it: the script run by bash with the task's variables.
    let run_task = |task: &str, cpus: Option<&str>| {
        let mut c = Command::new("bash");
        c.arg(out.join("slurm/array.sbatch"))
            .env("SLURM_ARRAY_TASK_ID", task)
            .env_remove("SLURM_CPUS_PER_TASK");
        if let Some(n) = cpus {
            c.env("SLURM_CPUS_PER_TASK", n);
        }
        let r = c.output().unwrap();
        assert!(r.status.success(), "{}", text(&r));
    };
    run_task("2", Some("3"));
    run_task("0", None);
    for k in 0..4 {
        fs::create_dir_all(out.join(format!("shards/{k}"))).unwrap();
    }
    let r = Command::new("bash")
        .arg(out.join("slurm/merge.sbatch"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", text(&r));
    let task = |k: &str, threads: &str| -> Vec<String> {
        [
            "sweep",
            &format!("{o}/slurm/sweep.toml"),
            "--shard",
            &format!("{k}/4"),
            "--resume",
            "--out",
            &format!("{o}/shards/{k}"),
            "--threads",
            threads,
            "--quiet",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let mut merge: Vec<String> = vec!["merge".into()];
    merge.extend((0..4).map(|k| format!("{o}/shards/{k}")));
    merge.extend(["--out".into(), o.to_string(), "--force".into()]);
    assert_eq!(calls(&log), vec![task("2", "3"), task("0", "1"), merge]);

    // Outside Slurm the array script refuses to run, naming why.
    let r = Command::new("bash")
        .arg(out.join("slurm/array.sbatch"))
        .env_remove("SLURM_ARRAY_TASK_ID")
        .output()
        .unwrap();
    assert!(!r.status.success());
    assert!(
        text(&r).contains("submit this script with sbatch"),
        "{}",
        text(&r)
    );
}

#[test]
fn the_frozen_sweep_stands_alone() {
    let dir = scratch("frozen");
    // A base scenario next to the sweep, named by a relative path.
    fs::copy(baseline(), dir.join("base.toml")).unwrap();
    let file = dir.join("own.toml");
    let sweep_text = "base = \"base.toml\"\nreplicates = 2\n[parameters]\n\"score.friend_weight\" = [0.0, 0.5]\n[overrides]\nticks = 5\n\"population.size\" = 100\n";
    fs::write(&file, sweep_text).unwrap();
    let s = sweep::load(&file).unwrap();
    let out = dir.join("out");
    slurm::prepare(&s, &options(&out, Some(2), Resources::default())).unwrap();
    let frozen = out.join("slurm/sweep.toml");
    assert_eq!(read(&frozen), s.text);
    // Edit and remove the originals: the frozen sweep is still the same sweep.
    fs::write(&file, sweep_text.replace("ticks = 5", "ticks = 6")).unwrap();
    fs::remove_file(dir.join("base.toml")).unwrap();
    let again = sweep::load(&frozen).unwrap();
    assert_eq!(
        (again.hash.as_str(), again.name.as_str()),
        (s.hash.as_str(), "own")
    );
    assert_eq!(again.runs_total(), 4);
    // A task's command line accepts it and runs the same sweep.
    let shard = out.join("shards/1");
    let r = sesame(&[
        "sweep",
        frozen.to_str().unwrap(),
        "--shard",
        "1/2",
        "--resume",
        "--out",
        shard.to_str().unwrap(),
        "--threads",
        "1",
        "--quiet",
    ])
    .output()
    .unwrap();
    assert!(r.status.success(), "{}", text(&r));
    assert_eq!(read(&shard.join("sweep.toml")), s.text);
    // Writing the job again from the edited sweep file is refused: it would mix two sweeps.
    fs::copy(baseline(), dir.join("base.toml")).unwrap();
    let r = sesame(&[
        "slurm",
        file.to_str().unwrap(),
        "--tasks",
        "2",
        "--out",
        out.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("holds another sweep"), "{}", text(&r));
    assert_eq!(read(&frozen), s.text, "the frozen sweep is untouched");
}

#[test]
fn bad_requests_are_refused_before_anything_is_written() {
    let dir = scratch("refusals");
    let file = tiny(&dir);
    let f = file.to_str().unwrap();
    let cases: [(&[&str], &[&str]); 5] = [
        (&["--tasks", "10"], &["--tasks 10", "only 9 runs"]),
        (&["--time", "2h"], &["--time \"2h\"", "HH:MM:SS"]),
        (&["--mem", "4GB"], &["--mem \"4GB\"", "4G"]),
        (&["--partition", "a b"], &["--partition"]),
        (
            &["--extra-sbatch", "qos=long"],
            &["--extra-sbatch", "starts with -"],
        ),
    ];
    for (k, (flags, needles)) in cases.iter().enumerate() {
        let out = dir.join(format!("out{k}"));
        let mut args = vec!["slurm", f, "--out", out.to_str().unwrap()];
        args.extend_from_slice(flags);
        let r = sesame(&args).output().unwrap();
        assert_eq!(r.status.code(), Some(2), "{flags:?}: {}", text(&r));
        for n in *needles {
            assert!(text(&r).contains(n), "{flags:?}: {n} not in {}", text(&r));
        }
        assert!(!out.exists(), "{flags:?}: nothing written");
    }
    // A folder holding something else is refused, and left alone.
    let busy = dir.join("busy");
    fs::create_dir_all(&busy).unwrap();
    fs::write(busy.join("thesis.tex"), "mine").unwrap();
    let r = sesame(&["slurm", f, "--out", busy.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("thesis.tex"), "{}", text(&r));
    assert!(!busy.join("slurm").exists());
    // Shards of another count: resuming needs the same --tasks.
    let out = dir.join("recount");
    let s = sweep::load(&file).unwrap();
    slurm::prepare(&s, &options(&out, Some(3), Resources::default())).unwrap();
    run_task_by_hand(&out, 1);
    let e = slurm::prepare(&s, &options(&out, Some(4), Resources::default()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("shard 1/3") && e.contains("keep --tasks 3"),
        "{e}"
    );
    // The same count is fine (new resources, or a resubmission), and counts what is done.
    let p = slurm::prepare(&s, &options(&out, Some(3), all_resources())).unwrap();
    assert_eq!(p.runs_committed, 3);
}

/// Runs task `k` of the job in `out` as Slurm would, with bash and the real binary.
fn run_task_by_hand(out: &Path, k: u64) {
    let r = Command::new("bash")
        .arg(out.join("slurm/array.sbatch"))
        .env("SLURM_ARRAY_TASK_ID", k.to_string())
        .env("SLURM_CPUS_PER_TASK", "1")
        .output()
        .unwrap();
    assert!(r.status.success(), "task {k}: {}", text(&r));
}

#[test]
fn submit_without_slurm_fails_clearly_after_writing_the_files() {
    let dir = scratch("no-slurm");
    let file = tiny(&dir);
    let out = dir.join("out");
    let empty = dir.join("empty-path");
    fs::create_dir_all(&empty).unwrap();
    let r = sesame(&[
        "slurm",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--submit",
    ])
    .env("PATH", &empty)
    .output()
    .unwrap();
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let t = text(&r);
    assert!(
        t.contains("`sbatch` is not on PATH") && t.contains("README.txt"),
        "{t}"
    );
    for name in [
        "array.sbatch",
        "merge.sbatch",
        "README.txt",
        "sweep.toml",
        "job.json",
    ] {
        assert!(out.join("slurm").join(name).is_file(), "{name}");
    }
}

#[test]
fn submit_hands_the_array_then_the_merge_to_sbatch() {
    let dir = scratch("fake-slurm");
    let file = tiny(&dir);
    let out = dir.join("out");
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let log = dir.join("sbatch-calls.txt");
    // The first call prints an id with a cluster name, as federated clusters do.
    recorder(
        &bin.join("sbatch"),
        &log,
        "if grep -q dependency <<<\"$*\"; then echo 4812; else echo '4811;cluster'; fi",
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let r = sesame(&[
        "slurm",
        file.to_str().unwrap(),
        "--tasks",
        "4",
        "--out",
        out.to_str().unwrap(),
        "--submit",
    ])
    .env("PATH", &path)
    .output()
    .unwrap();
    assert!(r.status.success(), "{}", text(&r));
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        stdout.contains(&format!(
            "array job 4811 (4 tasks), merge job 4812 (after 4811); results in {}/",
            out.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("squeue -j 4811,4812") && stdout.contains("sesame status"),
        "{stdout}"
    );
    let o = out.to_str().unwrap();
    assert_eq!(
        calls(&log),
        vec![
            vec!["--parsable".to_string(), format!("{o}/slurm/array.sbatch")],
            vec![
                "--parsable".to_string(),
                "--dependency=afterok:4811".into(),
                format!("{o}/slurm/merge.sbatch")
            ],
        ]
    );
    let job = slurm::JobRecord::read(&out.join("slurm")).unwrap().unwrap();
    assert_eq!(
        (
            job.array_job.as_deref(),
            job.merge_job.as_deref(),
            job.tasks
        ),
        (Some("4811"), Some("4812"), 4)
    );
    let status = sesame(&["status", o]).output().unwrap();
    assert!(
        text(&status).contains("(array job 4811, merge job 4812)"),
        "{}",
        text(&status)
    );

    // sbatch refusing the job: its message comes through, exit code 1.
    recorder(
        &bin.join("sbatch"),
        &log,
        "echo 'sbatch: error: invalid partition' >&2; exit 1",
    );
    let r = sesame(&[
        "slurm",
        file.to_str().unwrap(),
        "--tasks",
        "4",
        "--out",
        o,
        "--submit",
    ])
    .env("PATH", &path)
    .output()
    .unwrap();
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    assert!(text(&r).contains("invalid partition"), "{}", text(&r));
}

/// Reads a whole sweep folder as comparable text: file path → content, with
/// the parts that may differ (wall times, the command line, threads, the
/// merged-from list) removed. `slurm/` and `shards/` are left out.
fn sweep_contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            if rel == "slurm" || rel == "shards" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let bytes = fs::read(&path).unwrap();
            let cleaned = if rel == "runs.csv" {
                String::from_utf8(bytes)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        let (rest, last) = l.rsplit_once(',').unwrap();
                        assert!(last == "wall_seconds" || last.parse::<f64>().is_ok(), "{l}");
                        format!("{rest}\n")
                    })
                    .collect::<String>()
                    .into_bytes()
            } else if rel.ends_with(".json") {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                let o = v.as_object_mut().unwrap();
                for key in ["wall_seconds", "command", "threads", "merged_from"] {
                    o.remove(key);
                }
                serde_json::to_vec_pretty(&v).unwrap()
            } else {
                bytes
            };
            out.insert(rel, cleaned);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two sweep folders hold the same files with the same contents
/// (wall times and command lines aside), naming the first difference.
fn assert_same_sweep(a: &Path, b: &Path) {
    let (x, y) = (sweep_contents(a), sweep_contents(b));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&x),
        names(&y),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, content) in &x {
        assert!(
            *content == y[name],
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
    for must in [
        "results.csv",
        "summary.csv",
        "runs.csv",
        "sweep.toml",
        "manifest.json",
    ] {
        assert!(x.contains_key(must), "{must} missing");
    }
}

/// A local, unsharded sweep of `file` into `out`, with the same binary.
fn local_sweep(file: &Path, out: &Path) {
    let r = sesame(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "2",
        "--quiet",
    ])
    .output()
    .unwrap();
    assert!(r.status.success(), "{}", text(&r));
}

#[test]
fn a_job_run_by_hand_gives_the_local_sweep_and_status_follows_it() {
    let dir = scratch("by-hand");
    let file = tiny(&dir);
    let out = dir.join("cluster");
    let o = out.to_str().unwrap();
    let r = sesame(&["slurm", file.to_str().unwrap(), "--tasks", "4", "--out", o])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", text(&r));

    // Nothing ran yet: every shard waits.
    let p = slurm::progress(&out).unwrap();
    assert_eq!((p.runs_done(), p.runs_total), (0, 9));
    assert_eq!(p.not_started(), [0, 1, 2, 3]);
    // Tasks 0 and 2 (3 and 2 runs: ids 0,4,8 and 2,6).
    run_task_by_hand(&out, 0);
    run_task_by_hand(&out, 2);
    let status = sesame(&["status", o]).output().unwrap();
    assert!(status.status.success(), "{}", text(&status));
    let report = String::from_utf8_lossy(&status.stdout).into_owned();
    let shard_line = |k: u64| {
        report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(&k.to_string()))
            .unwrap_or_else(|| panic!("no line for shard {k} in\n{report}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(shard_line(0), "0 3 / 3 complete", "{report}");
    assert_eq!(shard_line(1), "1 0 / 2 not started", "{report}");
    assert_eq!(shard_line(2), "2 2 / 2 complete", "{report}");
    assert_eq!(shard_line(3), "3 0 / 2 not started", "{report}");
    assert!(
        report.contains("overall: 5 / 9 runs done (55.6 %)"),
        "{report}"
    );
    assert!(report.contains("not started: 2 shards (1, 3)"), "{report}");
    assert!(report.contains("merged: not yet"), "{report}");
    // A shard that lost a run is partial.
    fs::remove_file(out.join("shards/2/runs/000006.json")).unwrap();
    let p = slurm::progress(&out).unwrap();
    assert_eq!(p.shards[2].done, 1);
    assert_eq!(p.shards[2].state, slurm::status::ShardState::Partial);
    // Resubmitting (here: rerunning the task) redoes only the lost run.
    run_task_by_hand(&out, 2);
    run_task_by_hand(&out, 1);
    run_task_by_hand(&out, 3);
    let r = Command::new("bash")
        .arg(out.join("slurm/merge.sbatch"))
        .output()
        .unwrap();
    assert!(r.status.success(), "merge: {}", text(&r));
    let report =
        String::from_utf8_lossy(&sesame(&["status", o]).output().unwrap().stdout).into_owned();
    assert!(
        report.contains("overall: 9 / 9 runs done (100.0 %)"),
        "{report}"
    );
    assert!(report.contains("not started: none"), "{report}");
    assert!(report.contains("merged: yes"), "{report}");

    let local = dir.join("local");
    local_sweep(&file, &local);
    assert_same_sweep(&out, &local);
    // The merge may run again (a requeued merge job): same files.
    let r = Command::new("bash")
        .arg(out.join("slurm/merge.sbatch"))
        .output()
        .unwrap();
    assert!(r.status.success(), "second merge: {}", text(&r));
    assert_same_sweep(&out, &local);
    // Without job.json the shard count comes from the shards' manifests.
    fs::remove_file(out.join("slurm/job.json")).unwrap();
    let p = slurm::progress(&out).unwrap();
    assert_eq!((p.shards.len(), p.runs_done(), p.runs_total), (4, 9, 9));
    assert!(p.merged && p.jobs.is_none());
    // status of something else says what it expects.
    let r = sesame(&["status", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(text(&r).contains("not a sweep on Slurm"), "{}", text(&r));
}

// ---------------------------------------------------------------- a real Slurm

/// The throwaway single-node cluster of `scripts/local-slurm/`. Started (or
/// reused) by [`Cluster::start`]; stopped on drop if this test started it.
struct Cluster {
    scripts: PathBuf,
    conf: String,
    started_here: bool,
}

impl Cluster {
    fn start() -> Cluster {
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/local-slurm");
        let t = Instant::now();
        let start = || {
            Command::new("bash")
                .arg(scripts.join("start.sh"))
                .output()
                .unwrap()
        };
        let mut r = start();
        if !r.status.success() {
            // A start can fail on a busy machine (a daemon slow to answer
            // before the timeout); the script cleans up after itself, so try once more.
            eprintln!("start.sh failed once, trying again: {}", text(&r));
            r = start();
        }
        assert!(r.status.success(), "start.sh: {}", text(&r));
        let stdout = String::from_utf8_lossy(&r.stdout);
        let conf = stdout
            .lines()
            .find_map(|l| l.trim().strip_prefix("export SLURM_CONF="))
            .unwrap_or_else(|| panic!("no `export SLURM_CONF=` line in {stdout}"))
            .to_string();
        let started_here = !String::from_utf8_lossy(&r.stderr).contains("already running");
        eprintln!(
            "cluster {} in {:.1} s",
            if started_here { "started" } else { "reused" },
            t.elapsed().as_secs_f64()
        );
        Cluster {
            scripts,
            conf,
            started_here,
        }
    }

    /// A command that talks to this cluster.
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("SLURM_CONF", &self.conf);
        c
    }

    fn run(&self, program: &str, args: &[&str]) -> String {
        let r = self.command(program).args(args).output().unwrap();
        assert!(r.status.success(), "{program} {args:?}: {}", text(&r));
        String::from_utf8_lossy(&r.stdout).into_owned()
    }

    /// `sesame slurm FILE --tasks N --out OUT --submit`: the two job ids.
    fn submit(&self, file: &Path, tasks: u64, out: &Path) -> (String, String) {
        let r = self
            .command(sesame_bin())
            .args([
                "slurm",
                file.to_str().unwrap(),
                "--tasks",
                &tasks.to_string(),
                "--out",
                out.to_str().unwrap(),
                "--time",
                "00:10:00",
                "--submit",
            ])
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", text(&r));
        let stdout = String::from_utf8_lossy(&r.stdout);
        // The line `array job A (N tasks), merge job M (after A); results in DIR/`.
        let line = stdout
            .lines()
            .find(|l| l.starts_with("array job "))
            .unwrap_or_else(|| panic!("no `array job` line in {stdout}"));
        let id_after = |label: &str| {
            line.split(label)
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or_else(|| panic!("no `{label}` in {line}"))
                .to_string()
        };
        (id_after("array job "), id_after("merge job "))
    }

    /// Waits until none of `ids` is pending or running any more.
    fn wait(&self, ids: &[&str], limit: Duration) -> Duration {
        let t = Instant::now();
        let list = ids.join(",");
        loop {
            let q = self.run("squeue", &["-h", "-j", &list, "-o", "%i %T %r"]);
            if q.trim().is_empty() {
                return t.elapsed();
            }
            if t.elapsed() > limit {
                panic!("jobs {list} still queued after {limit:?}:\n{q}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// (JobState, ExitCode) of every record `scontrol show job ID` prints
    /// (one per array task).
    fn states(&self, id: &str) -> Vec<(String, String)> {
        let out = self.run("scontrol", &["show", "job", id, "-o"]);
        out.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let field = |name: &str| {
                    l.split_whitespace()
                        .find_map(|w| w.strip_prefix(name))
                        .unwrap_or("?")
                        .to_string()
                };
                (field("JobState="), field("ExitCode="))
            })
            .collect()
    }

    fn assert_completed(&self, id: &str, records: usize) {
        let states = self.states(id);
        assert_eq!(states.len(), records, "job {id}: {states:?}");
        for s in &states {
            assert_eq!(
                (s.0.as_str(), s.1.as_str()),
                ("COMPLETED", "0:0"),
                "job {id}: {states:?}"
            );
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.started_here {
            let r = Command::new("bash")
                .arg(self.scripts.join("stop.sh"))
                .output();
            if let Ok(r) = r {
                if !r.status.success() {
                    eprintln!("stop.sh: {}", text(&r));
                }
            }
        }
    }
}

/// The runs committed in a folder, with their record files' bytes.
fn records(folder: &Path) -> BTreeMap<u64, Vec<u8>> {
    sweep::record::committed(folder)
        .unwrap()
        .into_iter()
        .map(|id| {
            (
                id,
                fs::read(sweep::record::record_path(folder, id)).unwrap(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs a real Slurm: scripts/local-slurm/start.sh (root); run with --ignored"]
fn a_real_slurm_cluster_gives_the_local_sweep() {
    let cluster = Cluster::start();
    let dir = scratch("cluster");

    // 1. A tiny sweep, 12 runs, as a 4-task array plus the merge.
    let file = sweep_file(&dir, "tiny", 4, 200, 10);
    let out = dir.join("on slurm");
    let t = Instant::now();
    let (array, merge) = cluster.submit(&file, 4, &out);
    let waited = cluster.wait(&[&array, &merge], Duration::from_secs(300));
    cluster.assert_completed(&array, 4);
    cluster.assert_completed(&merge, 1);
    let slurm_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let local = dir.join("local");
    local_sweep(&file, &local);
    let local_seconds = t.elapsed().as_secs_f64();
    assert_same_sweep(&out, &local);
    for k in 0..4 {
        let log = read(&out.join(format!("slurm/logs/{array}_{k}.out")));
        assert!(
            log.contains(&format!("sesame: task {k} of array {array}")),
            "{log}"
        );
    }
    assert!(read(&out.join(format!("slurm/logs/merge-{merge}.out"))).contains("sesame: merge"));
    let report = String::from_utf8_lossy(
        &cluster
            .command(sesame_bin())
            .args(["status", out.to_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(
        report.contains("overall: 12 / 12 runs done") && report.contains("merged: yes"),
        "{report}"
    );
    eprintln!(
        "tiny sweep (12 runs, 4 tasks): submitted to merged in {slurm_seconds:.1} s (queue empty after {:.1} s); the same sweep locally {local_seconds:.1} s",
        waited.as_secs_f64()
    );

    // 2. Runs of about a second; one task is requeued while it runs.
    let file = sweep_file(&dir, "slow", 4, 4000, 100);
    let out = dir.join("requeued");
    let t = Instant::now();
    let (array, merge) = cluster.submit(&file, 4, &out);
    let victim = 1;
    let shard = out.join(format!("shards/{victim}"));
    let task = format!("{array}_{victim}");
    // Wait until the task is running and has committed its first run (of 3).
    let before = loop {
        let state = cluster.run("squeue", &["-h", "-j", &task, "-o", "%T"]);
        let done = records(&shard);
        if state.trim() == "RUNNING" && done.len() == 1 {
            break done;
        }
        assert!(
            done.len() < 2 && t.elapsed() < Duration::from_secs(300),
            "missed task {task} mid-run: state {state:?}, {} runs done",
            done.len()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let requeued_at = t.elapsed().as_secs_f64();
    cluster.run("scontrol", &["requeue", &task]);
    // Slurm holds a requeued job back for its credential lifetime (121 s by
    // default, reason BeginTime), as a preempted job would wait for a node;
    // make it eligible at once, as an administrator can.
    let requeued = Instant::now();
    loop {
        // RUNNING, then COMPLETING while its processes end, then PENDING.
        let state = cluster.run("squeue", &["-h", "-j", &task, "-o", "%T"]);
        if state.trim() == "PENDING" {
            break;
        }
        assert!(
            requeued.elapsed() < Duration::from_secs(60),
            "task {task} is {state:?}, not back in the queue, 60 s after the requeue"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    cluster.run(
        "scontrol",
        &["update", &format!("JobId={task}"), "StartTime=now"],
    );
    let waited = cluster.wait(&[&array, &merge], Duration::from_secs(300));
    cluster.assert_completed(&array, 4);
    cluster.assert_completed(&merge, 1);
    let slurm_seconds = t.elapsed().as_secs_f64();
    // The task ran twice, and its second run kept what the first committed.
    let log = read(&out.join(format!("slurm/logs/{task}.out")));
    assert!(
        log.contains("restart 0)") && log.contains("restart 1)"),
        "task {task} did not restart:\n{log}"
    );
    let after = records(&shard);
    assert_eq!(after.len(), 3);
    for (id, bytes) in &before {
        assert!(after[id] == *bytes, "run {id} was redone instead of kept");
    }
    let t = Instant::now();
    let local = dir.join("slow-local");
    local_sweep(&file, &local);
    let local_seconds = t.elapsed().as_secs_f64();
    assert_same_sweep(&out, &local);
    let run_seconds: Vec<f64> = read(&local.join("runs.csv"))
        .lines()
        .skip(1)
        .map(|l| l.rsplit_once(',').unwrap().1.parse().unwrap())
        .collect();
    eprintln!(
        "slow sweep (12 runs of {:.2} s on average, 4 tasks, task {victim} requeued at {requeued_at:.1} s): submitted to merged in {slurm_seconds:.1} s (queue empty {:.1} s after the requeue); the same sweep locally {local_seconds:.1} s\ntask log:\n{log}",
        run_seconds.iter().sum::<f64>() / run_seconds.len() as f64,
        waited.as_secs_f64()
    );

    // 3. A task cancelled mid-run fails the array: the merge never runs.
    // Resuming is the same command again (after cancelling the stuck merge).
    let out = dir.join("resumed");
    let t = Instant::now();
    let (array, merge) = cluster.submit(&file, 4, &out);
    let victim = 2;
    let shard = out.join(format!("shards/{victim}"));
    let task = format!("{array}_{victim}");
    loop {
        let state = cluster.run("squeue", &["-h", "-j", &task, "-o", "%T"]);
        let done = records(&shard).len();
        if state.trim() == "RUNNING" && done == 1 {
            break;
        }
        assert!(
            done < 2 && t.elapsed() < Duration::from_secs(300),
            "missed task {task} mid-run"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    cluster.run("scancel", &[&task]);
    cluster.wait(&[&array], Duration::from_secs(300));
    let states = cluster.states(&array);
    assert_eq!(
        states.iter().filter(|s| s.0 == "CANCELLED").count(),
        1,
        "{states:?}"
    );
    // The merge waits for ever once the controller has seen the failure.
    let failed = Instant::now();
    loop {
        let reason = cluster.run("squeue", &["-h", "-j", &merge, "-o", "%T %r"]);
        if reason.trim() == "PENDING DependencyNeverSatisfied" {
            break;
        }
        assert!(
            failed.elapsed() < Duration::from_secs(60),
            "merge job {merge} is {reason:?} 60 s after task {task} was cancelled"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let report = String::from_utf8_lossy(
        &cluster
            .command(sesame_bin())
            .args(["status", out.to_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(
        report.contains("stopped by signal 15") && report.contains("merged: not yet"),
        "{report}"
    );
    cluster.run("scancel", &[&merge]);
    let kept = records(&out.join("shards/0"));
    let (array2, merge2) = cluster.submit(&file, 4, &out);
    cluster.wait(&[&array2, &merge2], Duration::from_secs(300));
    cluster.assert_completed(&array2, 4);
    cluster.assert_completed(&merge2, 1);
    assert_eq!(
        records(&out.join("shards/0")),
        kept,
        "a finished shard is not redone"
    );
    assert_same_sweep(&out, &local);
    eprintln!(
        "cancelled task {victim}, resubmitted: submitted to merged in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}
