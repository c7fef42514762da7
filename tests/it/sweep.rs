//! Parameter sweeps end to end: determinism across thread counts, resuming
//! after lost commits and after a real SIGTERM, shards merged back into the
//! unsharded sweep, the summary's arithmetic, seeds, and bad sweep files.
//! Sweeps here are tiny (200 citizens, 10 ticks) so each test takes seconds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sesame::charts::ChartFormat;
use sesame::run::StopFlag;
use sesame::sweep::{self, record, Shard, SweepOptions};

use crate::common::{baseline, csv_table as csv_rows, read, scratch, sesame};

/// A small sweep file over κ, written into `dir`.
fn tiny_sweep(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    fs::write(
        &path,
        format!(
            "base = \"{}\"\nreplicates = 3\n{extra}\n[parameters]\n\"score.friend_weight\" = [0.0, 0.25, 0.5]\n\
             [overrides]\nticks = 10\n\"population.size\" = 200\n\"output.metrics_every\" = 5\n",
            baseline()
        ),
    )
    .unwrap();
    path
}

fn options(out: &Path, threads: usize) -> SweepOptions {
    SweepOptions {
        out: out.to_path_buf(),
        resume: false,
        force: false,
        shard: None,
        threads,
        progress: false,
        keep_runs: false,
        charts: false,
        format: ChartFormat::Png,
    }
}

/// runs.csv without its last column (wall_seconds).
fn runs_without_wall(dir: &Path) -> String {
    read(&dir.join("runs.csv"))
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect()
}

/// Asserts two sweep folders hold the same results.
fn assert_same_outputs(a: &Path, b: &Path) {
    for name in ["results.csv", "summary.csv", "sweep.toml"] {
        assert!(
            read(&a.join(name)) == read(&b.join(name)),
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
    assert_eq!(runs_without_wall(a), runs_without_wall(b));
}

fn run_binary(args: &[&str]) -> std::process::Output {
    sesame().args(args).output().unwrap()
}

#[test]
fn outputs_do_not_depend_on_the_thread_count() {
    let dir = scratch("sweep", "threads");
    let file = tiny_sweep(&dir, "kappa", "");
    let s = sweep::load(&file).unwrap();
    let stop = StopFlag::default();
    let with_charts = |out: &Path, threads| SweepOptions {
        charts: true,
        ..options(out, threads)
    };
    let one = sweep::run_sweep(&s, &with_charts(&dir.join("one"), 1), &stop).unwrap();
    let two = sweep::run_sweep(&s, &with_charts(&dir.join("two"), 2), &stop).unwrap();
    assert!(one.complete && two.complete);
    assert_eq!((one.runs_done, two.runs_now), (9, 9));
    assert_same_outputs(&dir.join("one"), &dir.join("two"));
    // Charts: a curve at the last tick and a time series per key measure, identical too.
    for measure in ["lost_half_share", "isolated_share", "score_assortativity"] {
        for kind in ["final", "series"] {
            let name = format!("charts/{kind}-{measure}.png");
            let a = fs::read(dir.join("one").join(&name)).unwrap();
            assert!(a.starts_with(b"\x89PNG"), "{name}");
            assert!(
                a == fs::read(dir.join("two").join(&name)).unwrap(),
                "{name} differs"
            );
        }
    }
    assert!(
        !dir.join("one/charts/phase-lost_half_share.png").exists(),
        "one parameter: no phase diagram"
    );
    // Shape: 9 runs × 3 recorded ticks (0, 5, 10) in results.csv.
    let results = read(&dir.join("one/results.csv"));
    assert_eq!(results.lines().count(), 1 + 9 * 3);
    assert!(results.starts_with("run_id,point_id,replicate,score.friend_weight,tick,score_mean,"));
    let runs = read(&dir.join("one/runs.csv"));
    assert!(runs.starts_with(
        "run_id,point_id,replicate,seed,score.friend_weight,status,wall_seconds\n0,0,0,"
    ));
    assert_eq!(runs.matches(",ok,").count(), 9);
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("one/manifest.json"))).unwrap();
    assert_eq!(manifest["complete"], true);
    assert_eq!(manifest["runs_done"], 9);
    assert_eq!(manifest["sweep_hash"], format!("fnv1a64:{}", s.hash));
}

#[test]
fn lost_commits_and_stray_temp_files_are_redone_on_resume() {
    let dir = scratch("sweep", "lost");
    let file = tiny_sweep(&dir, "kappa", "");
    let s = sweep::load(&file).unwrap();
    let stop = StopFlag::default();
    let reference = dir.join("reference");
    sweep::run_sweep(&s, &options(&reference, 2), &stop).unwrap();
    let out = dir.join("crashed");
    sweep::run_sweep(&s, &options(&out, 2), &stop).unwrap();
    // As if the process died: some runs never committed, one cut off while
    // writing its record, the tables never assembled.
    for id in [1, 4, 8] {
        fs::remove_file(record::record_path(&out, id)).unwrap();
    }
    fs::write(
        out.join("runs/.000004.json.partial"),
        "{\"run_id\": 4, \"po",
    )
    .unwrap();
    for name in ["runs.csv", "results.csv", "summary.csv"] {
        fs::remove_file(out.join(name)).unwrap();
    }
    let before = fs::metadata(record::record_path(&out, 0))
        .unwrap()
        .modified()
        .unwrap();
    // A plain sweep refuses the folder; --resume finishes it.
    assert!(sweep::run_sweep(&s, &options(&out, 2), &stop).is_err());
    let mut resume = options(&out, 1);
    resume.resume = true;
    let report = sweep::run_sweep(&s, &resume, &stop).unwrap();
    assert_eq!((report.runs_now, report.runs_done), (3, 9));
    assert!(!out.join("runs/.000004.json.partial").exists());
    assert_eq!(
        fs::metadata(record::record_path(&out, 0))
            .unwrap()
            .modified()
            .unwrap(),
        before,
        "committed runs are not redone"
    );
    assert_same_outputs(&reference, &out);
    // Resuming a complete sweep changes nothing.
    let again = sweep::run_sweep(&s, &resume, &stop).unwrap();
    assert_eq!(again.runs_now, 0);
    assert_same_outputs(&reference, &out);
}

#[test]
fn a_sweep_killed_by_sigterm_resumes_to_identical_files() {
    let dir = scratch("sweep", "kill");
    // Enough runs that the sweep is still going after the first commit.
    let file = dir.join("long.toml");
    fs::write(
        &file,
        format!(
            "base = \"{}\"\nreplicates = 8\n[parameters]\n\"score.friend_weight\" = [0.0, 0.1, 0.2, 0.3, 0.4]\n\
             [overrides]\nticks = 30\n\"population.size\" = 400\n\"output.metrics_every\" = 10\n",
            baseline()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sesame"))
        .args([
            "sweep",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--threads", "1", "--quiet"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while record::committed(&out)
        .map(|s| s.is_empty())
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no run committed in 2 minutes"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("sweep ended before any commit: {status}");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let ended = child.wait_with_output().unwrap();
    assert_eq!(ended.status.code(), Some(143), "exit code after SIGTERM");
    assert!(String::from_utf8_lossy(&ended.stderr).contains("interrupted by signal 15"));
    let done = record::committed(&out).unwrap().len();
    assert!(
        done < 40,
        "the sweep finished before the signal; make it longer"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    assert_eq!(manifest["complete"], false);
    assert_eq!(manifest["interrupted_by_signal"], 15);
    assert!(read(&out.join("runs.csv")).contains(",pending,"));
    // The error speaks of the sweep and says how to continue it.
    let err = String::from_utf8_lossy(&ended.stderr);
    assert!(
        err.contains("(SIGTERM); the sweep is incomplete")
            && err.contains("--resume")
            && !err.contains("run folder"),
        "{err}"
    );
    // The summary of a partial sweep says so in its name.
    assert!(out.join("summary.partial.csv").exists());
    assert!(!out.join("summary.csv").exists());
    // `sesame status` on the folder: runs done, state, how to continue.
    let status = run_binary(&["status", out.to_str().unwrap()]);
    assert!(status.status.success(), "{status:?}");
    let report = String::from_utf8_lossy(&status.stdout);
    assert!(
        report.starts_with(&format!("sweep long: {done} / 40 runs done")),
        "{report}"
    );
    assert!(
        report.contains("state: stopped by signal 15 (SIGTERM)") && report.contains("--resume"),
        "{report}"
    );
    // Rerunning into the folder suggests --resume, never --force; charts
    // are not drawn from a partial sweep.
    for args in [
        vec![
            "sweep",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["chart", out.to_str().unwrap()],
    ] {
        let refused = run_binary(&args);
        let err = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{done} of 40 runs committed"))
                && err.contains("--resume")
                && !err.contains("--force"),
            "{args:?}: {err}"
        );
    }

    let resumed = run_binary(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--resume",
        "--threads",
        "2",
        "--quiet",
    ]);
    assert!(resumed.status.success(), "{resumed:?}");
    assert!(!out.join("summary.partial.csv").exists());
    let s = sweep::load(&file).unwrap();
    let reference = dir.join("reference");
    sweep::run_sweep(&s, &options(&reference, 2), &StopFlag::default()).unwrap();
    assert_same_outputs(&reference, &out);
    let status = run_binary(&["status", out.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&status.stdout);
    assert!(
        report.starts_with("sweep long: 40 / 40 runs done (100.0 %)\nstate: complete\n"),
        "{report}"
    );
}

#[test]
fn shards_merge_into_the_unsharded_sweep() {
    let dir = scratch("sweep", "shards");
    let file = tiny_sweep(&dir, "kappa", "common_random_numbers = false");
    let s = sweep::load(&file).unwrap();
    let stop = StopFlag::default();
    let whole = dir.join("whole");
    sweep::run_sweep(&s, &options(&whole, 2), &stop).unwrap();
    let shards: Vec<PathBuf> = (0..4).map(|k| dir.join(format!("shard-{k}"))).collect();
    for (k, out) in shards.iter().enumerate() {
        let mut o = options(out, 1);
        o.shard = Some(Shard {
            index: k as u64,
            count: 4,
        });
        let report = sweep::run_sweep(&s, &o, &stop).unwrap();
        assert_eq!(report.runs_in_scope, if k == 0 { 3 } else { 2 });
        assert!(report.complete);
    }
    // Shard 1 of 4 holds runs 1 and 5.
    let runs1 = runs_without_wall(&shards[1]);
    let ids: Vec<&str> = runs1
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["1", "5"]);

    let merged = dir.join("merged");
    sweep::merge(&shards, &merged, false).unwrap();
    assert_same_outputs(&whole, &merged);

    // A gap names the missing runs and the absent shard.
    let e = sweep::merge(
        &[shards[0].clone(), shards[2].clone(), shards[3].clone()],
        &dir.join("gap"),
        false,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("runs missing") && e.contains("1, 5") && e.contains("shard 1/4"),
        "{e}"
    );
    // An overlap is refused, naming both folders.
    let e = sweep::merge(
        &[
            shards[0].clone(),
            shards[1].clone(),
            shards[2].clone(),
            shards[3].clone(),
            whole.clone(),
        ],
        &dir.join("overlap"),
        false,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("overlap") && e.contains("shard-0") && e.contains("whole"),
        "{e}"
    );
    // Shards of another sweep are refused.
    let other = tiny_sweep(&dir, "other", "seed = 5");
    let o = sweep::load(&other).unwrap();
    let mut opt = options(&dir.join("other-shard"), 1);
    opt.shard = Some(Shard { index: 1, count: 4 });
    sweep::run_sweep(&o, &opt, &stop).unwrap();
    let e = sweep::merge(
        &[
            shards[0].clone(),
            dir.join("other-shard"),
            shards[2].clone(),
            shards[3].clone(),
        ],
        &dir.join("mixed"),
        false,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("different sweeps"), "{e}");
    // Merging again into the same folder needs --force, and then gives the same files.
    assert!(sweep::merge(&shards, &merged, false).is_err());
    sweep::merge(&shards, &merged, true).unwrap();
    assert_same_outputs(&whole, &merged);
    // A merge folder may hold other things (a Slurm job's folders), which it leaves alone.
    let cluster = dir.join("cluster");
    fs::create_dir_all(cluster.join("slurm")).unwrap();
    fs::write(cluster.join("slurm/array.sbatch"), "#!/bin/sh\n").unwrap();
    sweep::merge(&shards, &cluster, false).unwrap();
    assert_same_outputs(&whole, &cluster);
    assert!(cluster.join("slurm/array.sbatch").exists());
}

#[test]
fn a_shard_resumes_only_as_the_same_shard() {
    let dir = scratch("sweep", "shard-resume");
    let file = tiny_sweep(&dir, "kappa", "");
    let out = dir.join("s");
    let f = file.to_str().unwrap();
    let o = out.to_str().unwrap();
    // --resume on a missing folder starts it (as a requeued array task would).
    let first = run_binary(&[
        "sweep", f, "--shard", "1/2", "--resume", "--out", o, "--quiet",
    ]);
    assert!(first.status.success(), "{first:?}");
    let again = run_binary(&[
        "sweep", f, "--shard", "0/2", "--resume", "--out", o, "--quiet",
    ]);
    assert_eq!(again.status.code(), Some(2));
    let e = String::from_utf8_lossy(&again.stderr);
    assert!(e.contains("shard 1/2") && e.contains("shard 0/2"), "{e}");
    let bad = run_binary(&["sweep", f, "--shard", "2/2", "--out", o]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("K must be below N"));
}

#[test]
fn resume_refuses_a_changed_sweep() {
    let dir = scratch("sweep", "changed");
    let file = tiny_sweep(&dir, "kappa", "");
    let out = dir.join("out");
    let (f, o) = (file.to_str().unwrap(), out.to_str().unwrap());
    assert!(run_binary(&["sweep", f, "--out", o, "--quiet"])
        .status
        .success());
    let refused = run_binary(&["sweep", f, "--out", o, "--quiet"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    fs::write(
        &file,
        read(&file).replace("replicates = 3", "replicates = 4"),
    )
    .unwrap();
    let changed = run_binary(&["sweep", f, "--out", o, "--resume", "--quiet"]);
    assert_eq!(changed.status.code(), Some(2));
    let e = String::from_utf8_lossy(&changed.stderr);
    assert!(
        e.contains("holds another sweep") && e.contains("sweep.toml"),
        "{e}"
    );
    // The stored sweep.toml still resumes: it is the resolved sweep itself.
    let stored = out.join("sweep.toml");
    let rerun = run_binary(&[
        "sweep",
        stored.to_str().unwrap(),
        "--out",
        o,
        "--resume",
        "--quiet",
    ]);
    assert!(rerun.status.success(), "{rerun:?}");
}

#[test]
fn the_resolved_sweep_reruns_the_same_sweep_from_anywhere() {
    let dir = scratch("sweep", "resolved");
    let file = tiny_sweep(&dir, "kappa", "design = \"latin_hypercube\"\nsamples = 3");
    let file = {
        // Bounds instead of a list for the Latin hypercube.
        let text = read(&file).replace(
            "\"score.friend_weight\" = [0.0, 0.25, 0.5]",
            "\"score.friend_weight\" = { from = 0.0, to = 0.5 }",
        );
        fs::write(&file, text).unwrap();
        file
    };
    let s = sweep::load(&file).unwrap();
    let stop = StopFlag::default();
    let a = dir.join("a");
    sweep::run_sweep(&s, &options(&a, 2), &stop).unwrap();
    let moved = dir.join("elsewhere/sweep.toml");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::copy(a.join("sweep.toml"), &moved).unwrap();
    let again = sweep::load(&moved).unwrap();
    assert_eq!(again.hash, s.hash);
    let b = dir.join("b");
    sweep::run_sweep(&again, &options(&b, 1), &stop).unwrap();
    assert_same_outputs(&a, &b);
    // Latin hypercube over [0, 0.5] with 3 samples: one κ in each third.
    let mut thirds: Vec<usize> = s
        .points
        .iter()
        .map(|p| (p[0].as_float().unwrap() / 0.5 * 3.0) as usize)
        .collect();
    thirds.sort_unstable();
    assert_eq!(thirds, [0, 1, 2]);
}

/// The column `name` of a CSV file as text fields, with the header.
#[test]
fn sweeping_the_network_kind_takes_each_kinds_keys_from_the_overrides() {
    let dir = scratch("sweep", "kinds");
    let text = |kinds: &str, extra: &str| {
        format!(
            "base = \"{}\"\nreplicates = 1\n[parameters]\n\"network.kind\" = [{kinds}]\n\
             [overrides]\nticks = 4\n\"population.size\" = 200\n\"network.mean_degree\" = 6\n\
             \"network.m\" = 3\n{extra}",
            baseline()
        )
    };
    let file = dir.join("kinds.toml");
    fs::write(
        &file,
        text(
            "\"watts_strogatz\", \"erdos_renyi\", \"barabasi_albert\", \"stochastic_block\"",
            "\"network.communities\" = 4\n\"network.mean_degree_in\" = 5\n\"network.mean_degree_out\" = 1\n",
        ),
    )
    .unwrap();
    let s = sweep::load(&file).unwrap();
    use sesame::scenario::model::Network;
    let networks: Vec<Network> = (0..4).map(|p| s.point_file(p).network).collect();
    assert_eq!(
        networks,
        [
            Network::WattsStrogatz { k: 10, rewire: 0.1 },
            Network::ErdosRenyi { mean_degree: 6.0 },
            Network::BarabasiAlbert { m: 3 },
            Network::StochasticBlock {
                communities: 4,
                mean_degree_in: 5.0,
                mean_degree_out: 1.0
            },
        ]
    );
    let out = dir.join("out");
    let report = sweep::run_sweep(&s, &options(&out, 2), &StopFlag::default()).unwrap();
    assert!(report.complete);
    let runs = read(&out.join("runs.csv"));
    for kind in ["erdos_renyi", "barabasi_albert", "stochastic_block"] {
        assert!(runs.contains(&format!(",{kind},ok,")), "{runs}");
    }
    // The held-back keys travel in sweep.toml, which reruns the same sweep.
    let again = sweep::load(&out.join("sweep.toml")).unwrap();
    assert_eq!(again.hash, s.hash);
    assert_eq!(
        again.point_file(2).network,
        Network::BarabasiAlbert { m: 3 }
    );
    // A kind whose keys are missing is a problem of its points, by key;
    // a key no kind takes is refused.
    fs::write(&file, text("\"erdos_renyi\", \"stochastic_block\"", "")).unwrap();
    let o = run_binary(&["check", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("at point 1 (network.kind = \"stochastic_block\")")
            && err.contains("network.communities: missing")
            && err.contains("[overrides]"),
        "{err}"
    );
    assert!(!err.contains("point 0"), "{err}");
    fs::write(&file, text("\"erdos_renyi\"", "\"network.degree\" = 2\n")).unwrap();
    let o = run_binary(&["check", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("overrides.\"network.degree\": unknown key") && err.contains("network.m,"),
        "{err}"
    );
}

#[test]
fn check_lists_every_point_problem_and_the_run_count() {
    let dir = scratch("sweep", "check-grid");
    let path = dir.join("grid.toml");
    fs::write(
        &path,
        format!(
            "base = \"{}\"\nreplicates = 2\n[parameters]\n\"score.friend_weight\" = [0.0, 0.5, 1.5]\n\
             \"ties.cut_rate\" = [0.1, 2.0]\n",
            baseline()
        ),
    )
    .unwrap();
    let o = run_binary(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = e.lines().collect();
    // Points (κ, cut rate): 1 (0, 2), 3 (0.5, 2), 4 (1.5, 0.1), 5 (1.5, 2).
    assert_eq!(lines.len(), 4, "{e}");
    assert!(
        lines[0].contains("at point 1 (score.friend_weight = 0.0, ties.cut_rate = 2.0) (and 2 more points): ties.cut_rate"),
        "{e}"
    );
    assert!(
        lines[1].contains("at point 4 (score.friend_weight = 1.5, ties.cut_rate = 0.1) (and 1 more point): score.friend_weight"),
        "{e}"
    );
    assert!(
        lines[2].ends_with("parameters: 4 of 6 points have problems"),
        "{e}"
    );
    assert!(
        lines[3].ends_with("design grid: 6 points × 2 replicates = 12 runs; nothing ran"),
        "{e}"
    );
    // The bundled sweeps check, with their run counts.
    let sweeps = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
    for (name, runs) in [
        ("friend-weight", "55 runs"),
        ("reward-x-weight", "60 runs"),
        ("sensitivity", "2304 runs"),
    ] {
        let file = sweeps.join(format!("{name}.toml"));
        let o = run_binary(&["check", file.to_str().unwrap()]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{name}: {o:?}");
        assert!(
            out.contains(&format!("ok (sweep {name})")) && out.contains(runs),
            "{name}: {out}"
        );
    }
}

#[test]
fn a_complete_sweep_has_a_report_and_its_charts_redraw_in_any_format() {
    let dir = scratch("sweep", "report");
    let file = tiny_sweep(&dir, "kappa", "");
    let out = dir.join("out");
    let o = run_binary(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "svg",
        "--quiet",
    ]);
    assert!(o.status.success(), "{o:?}");
    let charts = |ext: &str| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(out.join("charts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect();
        names.sort();
        names
    };
    let svgs = charts(".svg");
    assert!(
        svgs.contains(&"final-lost_half_share.svg".to_string()),
        "{svgs:?}"
    );
    assert!(
        svgs.contains(&"series-isolated_share.svg".to_string()),
        "{svgs:?}"
    );
    assert!(charts(".png").is_empty());
    for name in &svgs {
        assert!(
            read(&out.join("charts").join(name)).starts_with("<svg"),
            "{name}"
        );
    }
    // report.html: the question, the design, the measures, every chart inline.
    let report = read(&out.join("report.html"));
    assert!(report.contains("<h1>kappa</h1>"), "report title");
    assert!(report.contains("3 points × 3 replicates = 9 runs"));
    assert!(report.contains("<td><code>score.friend_weight</code></td><td>0, 0.25, 0.5</td>"));
    assert!(report.contains("Key measures at the last recorded tick"));
    assert_eq!(report.matches("<figure>\n<svg").count(), svgs.len());
    assert!(!report.contains("<script"));
    // The numbers in the report are summary.csv's: point 2's mean degree at tick 10.
    let summary = read(&out.join("summary.csv"));
    let mean = summary
        .lines()
        .find(|l| l.starts_with("2,0.5,10,degree_mean,"))
        .and_then(|l| l.split(',').nth(4))
        .unwrap()
        .parse::<f64>()
        .unwrap();
    // (Two decimals, as the measures registry shows a mean degree.)
    let shown = format!("{mean:.2}");
    let shown = shown.trim_end_matches('0').trim_end_matches('.');
    let row = report
        .lines()
        .find(|l| l.starts_with("<tr><td>2</td><td>0.5</td>"))
        .expect("a row for point 2");
    assert!(
        row.contains(&format!("<td>{shown} [")),
        "mean degree {shown} not in {row}"
    );
    // `sesame chart` redraws charts and report from the folder's files.
    fs::remove_dir_all(out.join("charts")).unwrap();
    fs::remove_file(out.join("report.html")).unwrap();
    let o = run_binary(&["chart", out.to_str().unwrap(), "--format", "both"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(charts(".svg"), svgs);
    assert_eq!(charts(".png").len(), svgs.len());
    assert_eq!(read(&out.join("report.html")), report);
    assert_eq!(read(&out.join("summary.csv")), summary);
    // A shard is not charted: its summary is a share of the sweep's.
    let shard = dir.join("shard");
    let o = run_binary(&[
        "sweep",
        file.to_str().unwrap(),
        "--out",
        shard.to_str().unwrap(),
        "--shard",
        "0/2",
        "--quiet",
    ]);
    assert!(o.status.success(), "{o:?}");
    let o = run_binary(&["chart", shard.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("merge the shards first"));
}

#[test]
fn summary_rows_are_the_replicate_statistics_of_results() {
    let dir = scratch("sweep", "summary");
    let file = tiny_sweep(&dir, "kappa", "");
    let s = sweep::load(&file).unwrap();
    let out = dir.join("out");
    sweep::run_sweep(&s, &options(&out, 2), &StopFlag::default()).unwrap();
    let (rh, results) = csv_rows(&out.join("results.csv"));
    let (sh, summary) = csv_rows(&out.join("summary.csv"));
    assert_eq!(
        sh,
        [
            "point_id",
            "score.friend_weight",
            "tick",
            "measure",
            "mean",
            "sd",
            "n",
            "ci95_low",
            "ci95_high"
        ]
    );
    let col = |h: &[String], name: &str| h.iter().position(|c| c == name).unwrap();
    // Every (point, tick, measure) once: 3 points × 3 ticks × measures.
    let measures = rh.len() - col(&rh, "tick") - 1;
    assert_eq!(summary.len(), 3 * 3 * measures);
    // t(0.975, 2) = 4.302652729911275 in closed form: (2p − 1) / √(2p(1 − p)).
    let t2 = 0.95 / (2.0 * 0.975 * 0.025f64).sqrt();
    let mut checked = 0;
    for row in &summary {
        let measure = &row[3];
        let values: Vec<f64> = results
            .iter()
            .filter(|r| r[1] == row[0] && r[col(&rh, "tick")] == row[2])
            .filter_map(|r| r[col(&rh, measure)].parse::<f64>().ok())
            .collect();
        let n: usize = row[6].parse().unwrap();
        assert_eq!(n, values.len(), "{row:?}");
        if n < 3 {
            assert!(n >= 2 || row[5].is_empty(), "{row:?}");
            continue;
        }
        let mean = values.iter().sum::<f64>() / 3.0;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
        let got = |k: usize| row[k].parse::<f64>().unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
        assert!(close(got(4), mean), "{row:?}");
        assert!(close(got(5), sd), "{row:?}");
        assert!(close(got(7), mean - t2 * sd / 3f64.sqrt()), "{row:?}");
        assert!(close(got(8), mean + t2 * sd / 3f64.sqrt()), "{row:?}");
        checked += 1;
    }
    assert!(checked > summary.len() / 2, "{checked} rows checked");
}

#[test]
fn common_random_numbers_share_the_initial_state_across_points() {
    let dir = scratch("sweep", "crn");
    let stop = StopFlag::default();
    let mut tick0 = Vec::new();
    for (name, extra) in [
        ("common", ""),
        ("independent", "common_random_numbers = false"),
    ] {
        let file = tiny_sweep(&dir, name, extra);
        let s = sweep::load(&file).unwrap();
        let out = dir.join(format!("out-{name}"));
        sweep::run_sweep(&s, &options(&out, 2), &stop).unwrap();
        let (h, rows) = csv_rows(&out.join("results.csv"));
        let (tick, record, ties) = (
            h.iter().position(|c| c == "tick").unwrap(),
            h.iter().position(|c| c == "record_mean").unwrap(),
            h.iter().position(|c| c == "ties").unwrap(),
        );
        // (point, replicate) → the initial state's record mean and tie count.
        let initial: Vec<(String, String, String)> = rows
            .iter()
            .filter(|r| r[tick] == "0")
            .map(|r| (r[2].clone(), r[record].clone(), r[ties].clone()))
            .collect();
        tick0.push(initial);
    }
    // κ does not touch the initial records or ties: with common random
    // numbers replicate r starts from the same society at every point.
    for (k, (rep, record, ties)) in tick0[0].iter().enumerate() {
        let first = &tick0[0][rep.parse::<usize>().unwrap()];
        assert_eq!((record, ties), (&first.1, &first.2), "run {k}");
    }
    let distinct: std::collections::HashSet<&String> = tick0[1].iter().map(|t| &t.1).collect();
    assert_eq!(
        distinct.len(),
        9,
        "independent seeds give 9 different societies"
    );
}

#[test]
fn bad_sweep_files_are_refused_before_anything_runs() {
    let dir = scratch("sweep", "bad");
    let out = dir.join("out");
    let cases = [
        (
            "unknown-key",
            "replicates = 2\nrepeats = 3\n[parameters]\n\"score.friend_weight\" = [0.1]\n",
            vec!["unknown key `repeats`", "replicates"],
        ),
        (
            "unknown-param",
            "[parameters]\n\"score.friend_wait\" = [0.1]\n",
            vec!["score.friend_wait", "unknown"],
        ),
        (
            "empty",
            "[parameters]\n\"score.friend_weight\" = []\n",
            vec!["score.friend_weight", "empty list"],
        ),
        (
            "range",
            "[parameters]\n\"score.friend_weight\" = [0.0, 0.5, 1.5]\n",
            vec![
                "point 2",
                "score.friend_weight = 1.5",
                "must be in [0, 1",
                "1 of 3 points have problems",
                "3 points × 1 replicate = 3 runs; nothing ran",
            ],
        ),
        (
            "design",
            "design = \"factorial\"\n",
            vec!["factorial", "grid, random, latin_hypercube"],
        ),
        ("base", "", vec![]),
    ];
    for (name, body, needles) in cases {
        let path = dir.join(format!("{name}.toml"));
        let text = if name == "base" {
            "base = \"no-such-base.toml\"\n".to_string()
        } else {
            format!("base = \"{}\"\n{body}", baseline())
        };
        fs::write(&path, text).unwrap();
        let o = run_binary(&[
            "sweep",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}: {o:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(&format!("{name}.toml")), "{name}: {e}");
        for n in needles {
            assert!(e.contains(n), "{name}: {e:?} lacks {n:?}");
        }
        if name == "base" {
            assert!(e.contains("no-such-base.toml"), "{e}");
        }
        assert!(!out.exists(), "{name}: nothing is written for a bad sweep");
    }
}

/// A small sensitivity sweep file (two parameters, one log-uniform) written into `dir`.
fn sensitivity_sweep(dir: &Path, name: &str, design: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    fs::write(
        &path,
        format!(
            "base = \"{}\"\nreplicates = 2\n{design}\nmeasures = [\"degree_mean\", \"dissidents.score_mean\"]\n\
             [parameters]\n\"score.friend_weight\" = {{ from = 0.0, to = 0.5 }}\n\
             \"reporting.false_rate\" = {{ from = 0.001, to = 0.05, log = true }}\n\
             [overrides]\nticks = 10\n\"population.size\" = 200\n\"output.metrics_every\" = 5\n",
            baseline()
        ),
    )
    .unwrap();
    path
}

const SOBOL: &str = "design = \"sobol\"\nsamples = 4\nsecond_order = true";
const MORRIS: &str = "design = \"morris\"\ntrajectories = 4\ncandidates = 8";

/// Asserts two sensitivity sweep folders hold the same files, analysis included.
fn assert_same_sensitivity(a: &Path, b: &Path, charts: bool) {
    assert_same_outputs(a, b);
    assert!(
        read(&a.join("sensitivity.csv")) == read(&b.join("sensitivity.csv")),
        "sensitivity.csv differs between {} and {}",
        a.display(),
        b.display()
    );
    if charts {
        for name in [
            "report.html",
            "charts/sensitivity-degree_mean.png",
            "charts/sensitivity-dissidents.score_mean.png",
        ] {
            assert!(
                fs::read(a.join(name)).unwrap() == fs::read(b.join(name)).unwrap(),
                "{name} differs"
            );
        }
    }
}

#[test]
fn sensitivity_sweeps_are_identical_across_threads_resumes_and_shards() {
    let dir = scratch("sweep", "sensitivity");
    let stop = StopFlag::default();
    for (label, design) in [("sobol", SOBOL), ("morris", MORRIS)] {
        let file = sensitivity_sweep(&dir, label, design);
        let s = sweep::load(&file).unwrap();
        let charted = |out: &Path, threads| SweepOptions {
            charts: true,
            ..options(out, threads)
        };
        let one = dir.join(format!("{label}-one"));
        let two = dir.join(format!("{label}-two"));
        sweep::run_sweep(&s, &charted(&one, 1), &stop).unwrap();
        sweep::run_sweep(&s, &charted(&two, 2), &stop).unwrap();
        assert_same_sensitivity(&one, &two, true);
        assert!(
            !one.join("charts/series-lost_half_share.png").exists(),
            "{label}: no per-point series for a sensitivity design"
        );
        // Lost commits redone on resume: the same analysis.
        let resumed = dir.join(format!("{label}-resumed"));
        sweep::run_sweep(&s, &options(&resumed, 2), &stop).unwrap();
        for id in [0, 3, 7] {
            fs::remove_file(record::record_path(&resumed, id)).unwrap();
        }
        fs::remove_file(resumed.join("sensitivity.csv")).unwrap();
        let mut o = options(&resumed, 1);
        o.resume = true;
        assert_eq!(sweep::run_sweep(&s, &o, &stop).unwrap().runs_now, 3);
        assert_same_sensitivity(&one, &resumed, false);
        // Shards hold no analysis; their merge is the whole sweep's.
        let shards: Vec<PathBuf> = (0..3)
            .map(|k| dir.join(format!("{label}-shard-{k}")))
            .collect();
        for (k, out) in shards.iter().enumerate() {
            let mut o = options(out, 1);
            o.shard = Some(Shard {
                index: k as u64,
                count: 3,
            });
            sweep::run_sweep(&s, &o, &stop).unwrap();
            assert!(!out.join("sensitivity.csv").exists());
        }
        let merged = dir.join(format!("{label}-merged"));
        sweep::merge(&shards, &merged, false).unwrap();
        assert_same_sensitivity(&one, &merged, true);
    }
}

#[test]
fn sensitivity_csv_holds_the_indices_of_the_replicate_means() {
    use sesame::sensitivity::Indices;
    let dir = scratch("sweep", "sensitivity-means");
    let file = sensitivity_sweep(&dir, "sobol", SOBOL);
    let s = sweep::load(&file).unwrap();
    let out = dir.join("out");
    sweep::run_sweep(&s, &options(&out, 2), &StopFlag::default()).unwrap();
    let (header, rows) = csv_rows(&out.join("sensitivity.csv"));
    assert_eq!(
        header,
        [
            "measure",
            "tick",
            "parameter",
            "S1",
            "S1_conf",
            "ST",
            "ST_conf",
            "with",
            "S2",
            "S2_conf"
        ]
    );
    // Per measure: 2 parameter rows, then 1 pair row.
    assert_eq!(rows.len(), 2 * 3);
    assert_eq!(
        rows.iter()
            .map(|r| (r[0].as_str(), r[2].as_str(), r[7].as_str()))
            .collect::<Vec<_>>(),
        [
            ("degree_mean", "score.friend_weight", ""),
            ("degree_mean", "reporting.false_rate", ""),
            ("degree_mean", "score.friend_weight", "reporting.false_rate"),
            ("dissidents.score_mean", "score.friend_weight", ""),
            ("dissidents.score_mean", "reporting.false_rate", ""),
            (
                "dissidents.score_mean",
                "score.friend_weight",
                "reporting.false_rate"
            ),
        ]
    );
    assert!(
        rows.iter().all(|r| r[1] == "10"),
        "the last tick by default"
    );
    // Recompute from the records: the mean of each point's two replicates
    // at tick 10, through the estimator itself.
    let method = s.design.method().unwrap();
    let points = method.unit_points(2, s.base.seed);
    for (m, measure) in ["degree_mean", "dissidents.score_mean"].iter().enumerate() {
        let means: Vec<f64> = (0..s.points.len() as u64)
            .map(|p| {
                let v: Vec<f64> = (0..2)
                    .map(|r| {
                        let rec = record::read(&out, p * 2 + r).unwrap();
                        let (cols, row) = if *measure == "degree_mean" {
                            let row = rec.rows.iter().find(|r| r[0] == "10").unwrap();
                            (rec.columns.clone(), row.clone())
                        } else {
                            let row = rec
                                .group_rows
                                .iter()
                                .find(|r| r[0] == "10" && r[1] == "dissidents")
                                .unwrap();
                            (rec.group_columns.clone(), row.clone())
                        };
                        let column = if *measure == "degree_mean" {
                            "degree_mean"
                        } else {
                            "score_mean"
                        };
                        row[cols.iter().position(|c| c == column).unwrap()]
                            .parse()
                            .unwrap()
                    })
                    .collect();
                (v[0] + v[1]) / 2.0
            })
            .collect();
        let Indices::Sobol(want) = method
            .analyze(2, &points, &means, 1000, s.base.seed)
            .unwrap()
        else {
            panic!("Sobol' indices expected");
        };
        let row = &rows[m * 3];
        assert_eq!(
            row[3].parse::<f64>().unwrap(),
            want.s1[0].value,
            "{measure}"
        );
        assert_eq!(row[6].parse::<f64>().unwrap(), want.st[0].conf, "{measure}");
        assert_eq!(
            rows[m * 3 + 2][8].parse::<f64>().unwrap(),
            want.s2[0].2.value
        );
    }
}

#[test]
fn the_sensitivity_command_reanalyses_and_refuses_what_it_cannot() {
    let dir = scratch("sweep", "sensitivity-cli");
    let file = sensitivity_sweep(&dir, "morris", MORRIS);
    let out = dir.join("out");
    let (f, o) = (file.to_str().unwrap(), out.to_str().unwrap());
    let ran = run_binary(&["sweep", f, "--out", o]);
    assert!(ran.status.success(), "{ran:?}");
    let said = String::from_utf8_lossy(&ran.stderr);
    assert!(
        said.contains("design morris") && said.contains("12 points × 2 replicates = 24 runs"),
        "the plan is printed before running: {said}"
    );
    let (header, rows) = csv_rows(&out.join("sensitivity.csv"));
    assert_eq!(
        header,
        [
            "measure",
            "tick",
            "parameter",
            "mu_star",
            "mu_star_conf",
            "mu",
            "sigma"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert!(out.join("report.html").exists());

    let again = run_binary(&[
        "sensitivity",
        o,
        "--measure",
        "isolated_share",
        "--at-tick",
        "5",
        "--bootstrap",
        "200",
    ]);
    assert!(again.status.success(), "{again:?}");
    let printed = String::from_utf8_lossy(&again.stdout);
    assert!(
        printed.contains("at tick 5") && printed.contains("mean of 2 replicates"),
        "{printed}"
    );
    let (_, rows) = csv_rows(&out.join("sensitivity.csv"));
    assert!(rows.iter().all(|r| r[0] == "isolated_share" && r[1] == "5"));
    let charts: Vec<String> = fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        charts,
        ["sensitivity-isolated_share.png"],
        "old charts removed"
    );
    let report = read(&out.join("report.html"));
    assert!(report.contains("<svg") && report.contains("mean over its replicates"));

    let bad: [(Vec<&str>, &[&str]); 4] = [
        (
            vec!["--measure", "lonely_share"],
            &["lonely_share", "not a measure"],
        ),
        (
            vec!["--measure", "rebels.isolated_share"],
            &["no group `rebels`"],
        ),
        (vec!["--at-tick", "7"], &["--at-tick 7", "0, 5, 10"]),
        (vec!["--bootstrap", "1"], &["--bootstrap 1", "at least 2"]),
    ];
    for (args, needles) in bad {
        let mut all = vec!["sensitivity", o];
        all.extend(&args);
        let e = run_binary(&all);
        assert_eq!(e.status.code(), Some(2), "{args:?}: {e:?}");
        let text = String::from_utf8_lossy(&e.stderr);
        for n in needles {
            assert!(text.contains(n), "{args:?}: {text}");
        }
    }
    // A grid sweep, a shard and an unfinished sweep have no analysis.
    let grid = tiny_sweep(&dir, "grid", "");
    let grid_out = dir.join("grid-out");
    assert!(run_binary(&[
        "sweep",
        grid.to_str().unwrap(),
        "--out",
        grid_out.to_str().unwrap(),
        "--quiet"
    ])
    .status
    .success());
    // (Its report.html is the sweep's, not an analysis.)
    assert!(!grid_out.join("sensitivity.csv").exists());
    assert!(!read(&grid_out.join("report.html")).contains("Sobol"));
    let shard_out = dir.join("shard");
    assert!(run_binary(&[
        "sweep",
        f,
        "--shard",
        "0/2",
        "--out",
        shard_out.to_str().unwrap(),
        "--quiet"
    ])
    .status
    .success());
    for (folder, needle) in [
        (&grid_out, "has no sensitivity analysis"),
        (&shard_out, "merge the shards first"),
        (&dir, "not a sweep folder"),
    ] {
        let e = run_binary(&["sensitivity", folder.to_str().unwrap()]);
        assert_eq!(e.status.code(), Some(2), "{e:?}");
        assert!(String::from_utf8_lossy(&e.stderr).contains(needle), "{e:?}");
    }
    fs::remove_file(record::record_path(&out, 5)).unwrap();
    let e = run_binary(&["sensitivity", o]);
    assert_eq!(e.status.code(), Some(2));
    let text = String::from_utf8_lossy(&e.stderr);
    assert!(
        text.contains("not complete (23 of 24 runs") && text.contains("--resume"),
        "{text}"
    );
}

#[test]
fn bad_sensitivity_settings_are_refused_by_check_and_sweep() {
    let dir = scratch("sweep", "sensitivity-bad");
    let out = dir.join("out");
    for (name, design, needle) in [
        (
            "levels",
            "design = \"morris\"\nlevels = 3",
            "levels = 3: expected an even",
        ),
        (
            "samples",
            "design = \"sobol\"\nsamples = 12",
            "samples = 12: a sobol design needs N a power of two",
        ),
    ] {
        let file = sensitivity_sweep(&dir, name, design);
        for command in ["check", "sweep"] {
            let o = if command == "sweep" {
                run_binary(&[
                    "sweep",
                    file.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                ])
            } else {
                run_binary(&["check", file.to_str().unwrap()])
            };
            assert_eq!(o.status.code(), Some(2), "{command} {name}: {o:?}");
            let e = String::from_utf8_lossy(&o.stderr);
            assert!(
                e.contains(&format!("{name}.toml")) && e.contains(needle),
                "{command} {name}: {e}"
            );
        }
        assert!(!out.exists(), "nothing is written for a bad sweep");
    }
    // A log range needs positive bounds.
    let file = dir.join("log.toml");
    fs::write(
        &file,
        read(&sensitivity_sweep(&dir, "log-base", SOBOL))
            .replace("from = 0.001, to = 0.05", "from = 0, to = 0.05"),
    )
    .unwrap();
    let o = run_binary(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("reporting.false_rate") && e.contains("positive bounds"),
        "{e}"
    );
    // A good one checks, saying how many runs it implies.
    let good = sensitivity_sweep(&dir, "good", SOBOL);
    let o = run_binary(&["check", good.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("sobol (N = 4 × (2 × 2 parameters + 2), with second order): 24 points × 2 replicates = 48 runs"), "{said}");
}

#[test]
fn a_two_parameter_grid_draws_its_series_as_small_multiples() {
    let dir = scratch("sweep", "multiples");
    // 3 values of κ × 2 rewards: a panel per κ (the longer), a line per reward.
    let file = tiny_sweep(&dir, "multiples", "");
    let text = read(&file).replace(
        "\"score.friend_weight\" = [0.0, 0.25, 0.5]\n",
        "\"score.friend_weight\" = [0.0, 0.15, 0.45]\n\"reporting.reward\" = [0, 20]\n",
    );
    fs::write(&file, text.replace("replicates = 3", "replicates = 2")).unwrap();
    let s = sweep::load(&file).unwrap();
    let out = dir.join("out");
    let opts = SweepOptions {
        charts: true,
        format: ChartFormat::Both,
        ..options(&out, 2)
    };
    sweep::run_sweep(&s, &opts, &StopFlag::default()).unwrap();
    let svg = read(&out.join("charts/series-isolated_share.svg"));
    assert!(out.join("charts/series-isolated_share.png").exists());
    let texts: Vec<&str> = svg
        .split("</text>")
        .filter_map(|t| t.rsplit_once('>').map(|(_, x)| x.trim()))
        .collect();
    // A panel per κ, titled with its value as written (0.15, not 0.1 or 0.2).
    for title in [
        "friend_weight = 0",
        "friend_weight = 0.15",
        "friend_weight = 0.45",
    ] {
        assert_eq!(
            texts.iter().filter(|t| **t == title).count(),
            1,
            "{title}: {texts:?}"
        );
    }
    assert!(texts
        .iter()
        .any(|t| t.ends_with("a panel per friend_weight")));
    // One legend for the rewards, not a line per point named by both values.
    assert!(texts.contains(&"reward"), "{texts:?}");
    assert!(texts.contains(&"20"), "{texts:?}");
    assert!(!texts.iter().any(|t| *t == "0, 20" || *t == "0.15, 20"));
    // Redrawn from the folder, byte for byte the same.
    let again = sesame::charts::sweep::draw_as(&out, &s.name, ChartFormat::Svg).unwrap();
    let series = again
        .iter()
        .find(|d| d.stem == "series-isolated_share")
        .unwrap();
    assert_eq!(series.svg, svg);
}
