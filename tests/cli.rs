//! The `sesame` binary end to end: run folders, determinism across thread
//! counts, refusal to overwrite, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sesame() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sesame"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sesame-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SMALL: &str = r#"
name = "small"
description = "a small run for tests"
seed = 42
ticks = 30
[population]
size = 600
[network]
kind = "watts_strogatz"
k = 8
rewire = 0.2
[reporting]
false_rate = 0.02
[ties]
cut_rate = 0.2
[output]
metrics_every = 7
tie_events = true
"#;

fn write_scenario(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = sesame();
    cmd.args(args);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    cmd.output().unwrap()
}

const RUN_FILES: [&str; 7] = [
    "metrics.csv",
    "tiers.csv",
    "groups.csv",
    "citizens.csv",
    "edges.csv",
    "events.csv",
    "scenario.toml",
];

#[test]
fn run_folders_are_byte_identical_across_thread_counts() {
    let dir = temp_dir("determinism");
    let scenario = write_scenario(&dir, SMALL);
    let mut outputs = Vec::new();
    for (k, threads) in [1, 2, 8, 2].into_iter().enumerate() {
        let out = dir.join(format!("run{k}"));
        let o = run(
            &[
                "run",
                scenario.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--no-charts",
            ],
            Some(threads),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let files: Vec<Vec<u8>> = RUN_FILES
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect();
        outputs.push(files);
    }
    for other in &outputs[1..] {
        for (k, name) in RUN_FILES.iter().enumerate() {
            assert!(
                outputs[0][k] == other[k],
                "{name} differs between thread counts"
            );
        }
    }
    // The run recorded ticks 0, 7, 14, 21, 28 and the last, 30.
    let metrics = String::from_utf8(outputs[0][0].clone()).unwrap();
    let ticks: Vec<&str> = metrics
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ticks, ["0", "7", "14", "21", "28", "30"]);
    // Ties = previous − cut + formed, across recorded rows.
    let header: Vec<&str> = metrics.lines().next().unwrap().split(',').collect();
    let col = |row: &str, name: &str| -> f64 {
        let k = header.iter().position(|h| *h == name).unwrap();
        row.split(',').nth(k).unwrap().parse().unwrap()
    };
    let rows: Vec<&str> = metrics.lines().skip(1).collect();
    for w in rows.windows(2) {
        assert_eq!(
            col(w[1], "ties"),
            col(w[0], "ties") - col(w[1], "ties_cut") + col(w[1], "ties_formed")
        );
    }
    // The last row describes edges.csv and citizens.csv exactly.
    let edges = String::from_utf8(outputs[0][4].clone()).unwrap();
    assert_eq!(
        edges.lines().count() - 1,
        col(rows[rows.len() - 1], "ties") as usize
    );
    let events = String::from_utf8(outputs[0][5].clone()).unwrap();
    let cuts = events.lines().filter(|l| l.contains(",cut,")).count() as f64;
    let total_cut: f64 = rows.iter().map(|r| col(r, "ties_cut")).sum();
    assert_eq!(cuts, total_cut);
    let manifest = std::fs::read_to_string(dir.join("run0").join("manifest.json")).unwrap();
    assert!(manifest.contains("\"complete\": true"), "{manifest}");
}

#[test]
fn an_existing_folder_is_refused_without_force() {
    let dir = temp_dir("refuse");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "my notes").unwrap();
    let args = [
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
    ];
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    // --force does not delete a folder sesame did not write.
    let o = run(&[&args[..], &["--force"]].concat(), None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "my notes"
    );
    // A folder sesame wrote is replaced with --force.
    let out2 = dir.join("out2");
    let args2 = [
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--no-charts",
        "--quiet",
    ];
    assert!(run(&args2, None).status.success());
    assert_eq!(run(&args2, None).status.code(), Some(2));
    let o = run(&[&args2[..], &["--force"]].concat(), None);
    assert!(o.status.success());
    assert!(
        o.stdout.is_empty() && o.stderr.is_empty(),
        "--quiet prints nothing"
    );
}

#[test]
fn bad_scenarios_exit_2_and_write_nothing() {
    let dir = temp_dir("bad");
    let cases = [
        ("unknown key", "[ties]\ncut_rat = 0.1\n", "cut_rat"),
        ("wrong type", "[population]\nsize = \"many\"\n", "size"),
        (
            "probability above 1",
            "[ties]\ncut_rate = 1.7\n",
            "cut_rate",
        ),
        (
            "k not below n",
            "[population]\nsize = 10\n[network]\nkind = \"watts_strogatz\"\nk = 10\nrewire = 0.1\n",
            "k",
        ),
        (
            "missing edge list",
            "[network]\nkind = \"file\"\npath = \"nowhere.csv\"\n",
            "nowhere.csv",
        ),
    ];
    for (what, text, needle) in cases {
        let scenario = write_scenario(&dir, text);
        let out = dir.join("never");
        let o = run(
            &[
                "run",
                scenario.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            None,
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(needle), "{what}: {err}");
        assert!(
            err.contains("small.toml"),
            "{what}: the file is named: {err}"
        );
        assert!(!out.exists(), "{what}: nothing is written");
    }
    let o = run(&["run", "/no/such/scenario.toml"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["run"], None);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing argument is a usage error"
    );
}

#[test]
fn check_validates_every_bundled_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7);
    let mut cmd = sesame();
    cmd.arg("check").args(&files);
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for f in &files {
        assert!(
            text.contains(&*f.display().to_string()),
            "check lists {}",
            f.display()
        );
    }
}

#[test]
fn a_terminated_run_is_marked_incomplete_and_keeps_whole_rows() {
    let dir = temp_dir("killed");
    let text = SMALL
        .replace("ticks = 30", "ticks = 100000")
        .replace("size = 600", "size = 3000");
    let scenario = write_scenario(&dir, &text);
    let out = dir.join("run");
    let child = sesame()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-charts",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run is under way (its manifest is written first).
    let t0 = std::time::Instant::now();
    while !out.join("manifest.json").exists() && t0.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], false);
    assert_eq!(manifest["interrupted_by_signal"], 15);
    let done = manifest["ticks_done"].as_u64().unwrap();
    assert!(done > 0 && done < 100000);
    // Every CSV is whole: each row has as many fields as the header, and the
    // last recorded tick is the tick the run stopped at.
    for name in [
        "metrics.csv",
        "tiers.csv",
        "groups.csv",
        "citizens.csv",
        "edges.csv",
        "events.csv",
    ] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.ends_with('\n'), "{name} ends mid-row");
        let fields = text.lines().next().unwrap().split(',').count();
        assert!(
            text.lines().all(|l| l.split(',').count() == fields),
            "{name} has a short row"
        );
    }
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    let last_tick = metrics.lines().last().unwrap().split(',').next().unwrap();
    assert_eq!(last_tick, done.to_string());
    let citizens = std::fs::read_to_string(out.join("citizens.csv")).unwrap();
    assert_eq!(citizens.lines().count(), 3001);
    // No temporary file is left behind.
    for entry in std::fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "left {name}");
    }
}

#[test]
fn measure_reproduces_the_last_row_of_a_run() {
    let dir = temp_dir("measure");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("run");
    let o = run(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-charts",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let edges = out.join("edges.csv");
    let citizens = out.join("citizens.csv");
    let o = run(
        &[
            "measure",
            edges.to_str().unwrap(),
            "--scores",
            citizens.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let mut lines = text.lines();
    let (header, values) = (lines.next().unwrap(), lines.next().unwrap());
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    let m_header: Vec<&str> = metrics.lines().next().unwrap().split(',').collect();
    let m_last: Vec<&str> = metrics.lines().last().unwrap().split(',').collect();
    let mut compared = 0;
    for (k, v) in header.split(',').zip(values.split(',')) {
        let j = m_header
            .iter()
            .position(|h| *h == k)
            .unwrap_or_else(|| panic!("{k} is not a metrics column"));
        assert_eq!(v, m_last[j], "{k}");
        compared += 1;
    }
    assert_eq!(
        compared, 24,
        "every state measure of the citizens and edges files"
    );
    // Edges alone: the graph measures, over the citizens that have ties.
    let o = run(&["measure", edges.to_str().unwrap()], None);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("isolated_share,degree_mean,ties,transitivity"),
        "{text}"
    );
    assert!(!text.contains("score_"));
}

#[test]
fn measure_refuses_files_of_different_networks_warns_of_dropped_ties_and_names_missing_files() {
    let dir = temp_dir("measure-refusals");
    let karate =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/zachary-karate-club.csv");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("run");
    let o = run(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-charts",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    // The karate club's edges with the citizens of another run: refused.
    let citizens = out.join("citizens.csv");
    let o = run(
        &[
            "measure",
            karate.to_str().unwrap(),
            "--scores",
            citizens.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not the same network"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    // Without a degree column, the counts must agree.
    let text = std::fs::read_to_string(&citizens).unwrap();
    let scores_only: String = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{}\n", f[0], f[5])
        })
        .collect();
    assert!(scores_only.starts_with("id,score\n"), "{scores_only}");
    let few = dir.join("few.csv");
    std::fs::write(&few, &scores_only).unwrap();
    let o = run(
        &[
            "measure",
            karate.to_str().unwrap(),
            "--scores",
            few.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("add a degree column"), "{}", stderr(&o));
    // Dropped self-loops and duplicates are a warning, as in `sesame run`.
    let messy = dir.join("messy.csv");
    std::fs::write(&messy, "source,target\n0,1\n1,0\n2,2\n1,2\n").unwrap();
    let o = run(&["measure", messy.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: "), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("dropped 1 self-loop(s) and 1 duplicate tie(s)"),
        "{}",
        stderr(&o)
    );
    // A missing file is named.
    let missing = dir.join("nope.csv");
    for args in [
        vec!["measure", missing.to_str().unwrap()],
        vec![
            "measure",
            messy.to_str().unwrap(),
            "--scores",
            missing.to_str().unwrap(),
        ],
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(
            stderr(&o).trim(),
            format!("error: no such file: {}", missing.display())
        );
    }
}
