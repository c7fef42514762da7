//! The `sesame` binary end to end: run folders, determinism across thread
//! counts, refusal to overwrite, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{csv_table as table, is_memory_refusal, scratch, sesame};

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
    let dir = scratch("cli", "determinism");
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
    let dir = scratch("cli", "refuse");
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
    let dir = scratch("cli", "bad");
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
    let text = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    // A scenario sized for a larger machine (scale-100m.toml) may be
    // refused here for memory, and for nothing else.
    assert!(
        o.status.success() || is_memory_refusal(err.trim_start_matches("error: ")),
        "{err}"
    );
    for f in &files {
        let shown = f.display().to_string();
        assert!(
            text.contains(&format!("{shown}: ok"))
                || err.contains(&format!("{shown}: population.size")),
            "check lists {shown}"
        );
    }
}

#[test]
fn a_terminated_run_is_marked_incomplete_and_keeps_whole_rows() {
    let dir = scratch("cli", "killed");
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
    let dir = scratch("cli", "measure");
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
    let dir = scratch("cli", "measure-refusals");
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

// ---------------------------------------------------------------------------
// Outputs on request: trajectories, communities, the initial graph, labels,
// GraphML

/// The column `name` of a table.
fn column(t: &(Vec<String>, Vec<Vec<String>>), name: &str) -> Vec<String> {
    let k =
        t.0.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", t.0));
    t.1.iter().map(|r| r[k].clone()).collect()
}

/// `sesame run SCENARIO --out OUT --no-charts EXTRA...`, which must succeed.
fn run_ok(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
    ];
    args.extend(extra);
    let o = run(&args, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn citizen_trajectories_are_written_on_request_and_refused_when_too_large() {
    let dir = scratch("cli", "trajectories");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("run");
    run_ok(&scenario, &out, &["--set", "output.citizens_every=7"]);
    let ticks = table(&out.join("citizen_ticks.csv"));
    assert_eq!(ticks.0, ["tick", "id", "record", "score", "tier", "degree"]);
    // Ticks 0, 7, 14, 21, 28 and the last, 30; every citizen at each, in id order.
    let recorded: Vec<String> = column(&ticks, "tick");
    let mut distinct = recorded.clone();
    distinct.dedup();
    assert_eq!(distinct, ["0", "7", "14", "21", "28", "30"]);
    assert_eq!(recorded.len(), 6 * 600);
    let ids = column(&ticks, "id");
    assert!(ids[..600]
        .iter()
        .enumerate()
        .all(|(i, id)| *id == i.to_string()));
    // The last tick is citizens.csv; tick 0's degrees are the initial degrees.
    let citizens = table(&out.join("citizens.csv"));
    for name in ["record", "score", "tier", "degree"] {
        assert_eq!(
            column(&ticks, name)[5 * 600..],
            column(&citizens, name)[..],
            "{name}"
        );
    }
    assert_eq!(
        column(&ticks, "degree")[..600],
        column(&citizens, "initial_degree")[..]
    );
    // Without the key nothing changes: no file, no key in scenario.toml.
    let plain = dir.join("plain");
    run_ok(&scenario, &plain, &[]);
    assert!(!plain.join("citizen_ticks.csv").exists());
    let resolved = std::fs::read_to_string(plain.join("scenario.toml")).unwrap();
    assert!(!resolved.contains("citizens_every"), "{resolved}");
    assert_eq!(
        std::fs::read(plain.join("metrics.csv")).unwrap(),
        std::fs::read(out.join("metrics.csv")).unwrap(),
        "recording trajectories changes no result"
    );
    // 100,000 citizens × 10,001 records × ~50 bytes: refused before anything
    // is built or written, naming the estimate and the flag.
    let big = dir.join("big");
    let o = run(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            big.to_str().unwrap(),
            "--set",
            "population.size=100000",
            "--ticks",
            "10000",
            "--set",
            "output.citizens_every=1",
        ],
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("about 50.0 GB") && err.contains("--force-large"),
        "{err}"
    );
    assert!(!big.exists());
}

#[test]
fn stochastic_block_citizens_carry_their_community_and_the_initial_graph_is_kept() {
    let dir = scratch("cli", "communities");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("run");
    run_ok(
        &scenario,
        &out,
        &[
            "--set",
            "network.kind=stochastic_block",
            "--set",
            "network.communities=4",
            "--set",
            "network.mean_degree_in=6",
            "--set",
            "network.mean_degree_out=0",
            "--set",
            "output.edges_initial=true",
        ],
    );
    let citizens = table(&out.join("citizens.csv"));
    assert_eq!(citizens.0.last().unwrap(), "community");
    let community: Vec<usize> = column(&citizens, "community")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    // Four planted communities of 150 consecutive citizens.
    let expected: Vec<usize> = (0..600).map(|i| i / 150).collect();
    assert_eq!(community, expected);
    // With no ties between communities, every initial tie is inside one;
    // the initial graph's degrees are citizens.csv's initial degrees.
    let initial = table(&out.join("edges_initial.csv"));
    assert_eq!(initial.0, ["source", "target"]);
    let mut degree = vec![0usize; 600];
    for row in &initial.1 {
        let (a, b): (usize, usize) = (row[0].parse().unwrap(), row[1].parse().unwrap());
        assert!(a < b);
        assert_eq!(community[a], community[b], "tie {a}-{b} across communities");
        degree[a] += 1;
        degree[b] += 1;
    }
    let initial_degree: Vec<usize> = column(&citizens, "initial_degree")
        .iter()
        .map(|d| d.parse().unwrap())
        .collect();
    assert_eq!(degree, initial_degree);
    let metrics = table(&out.join("metrics.csv"));
    assert_eq!(
        initial.1.len().to_string(),
        column(&metrics, "ties")[0],
        "tick 0's ties"
    );
    // Other networks have no community column.
    let other = dir.join("other");
    run_ok(&scenario, &other, &[]);
    assert!(!table(&other.join("citizens.csv"))
        .0
        .contains(&"community".to_string()));
    assert!(!other.join("edges_initial.csv").exists());
}

#[test]
fn edges_of_a_file_network_keep_the_files_node_ids() {
    let dir = scratch("cli", "labels");
    // The karate club with its ids changed to 1000 + 7 × id.
    let karate = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/zachary-karate-club.csv"),
    )
    .unwrap();
    let relabel = |id: &str| 1000 + 7 * id.parse::<u64>().unwrap();
    let mut file_ties = std::collections::BTreeSet::new();
    let mut text = String::from("from,to\n");
    for line in karate.lines().skip(1) {
        let (a, b) = line.split_once(',').unwrap();
        let (a, b) = (relabel(a), relabel(b));
        text += &format!("{a},{b}\n");
        file_ties.insert((a.min(b), a.max(b)));
    }
    std::fs::write(dir.join("club.csv"), text).unwrap();
    let scenario = write_scenario(
        &dir,
        "name = \"club\"\nticks = 20\n[network]\nkind = \"file\"\npath = \"club.csv\"\n[output]\nedges_initial = true\n",
    );
    let out = dir.join("run");
    run_ok(&scenario, &out, &[]);
    let citizens = table(&out.join("citizens.csv"));
    let label = column(&citizens, "label");
    for name in ["edges.csv", "edges_initial.csv"] {
        let edges = table(&out.join(name));
        assert_eq!(
            edges.0,
            ["source", "target", "source_label", "target_label"],
            "{name}"
        );
        for row in &edges.1 {
            let (a, b): (usize, usize) = (row[0].parse().unwrap(), row[1].parse().unwrap());
            assert_eq!((&row[2], &row[3]), (&label[a], &label[b]), "{name}");
        }
        if name == "edges_initial.csv" {
            let ties: std::collections::BTreeSet<(u64, u64)> = edges
                .1
                .iter()
                .map(|r| {
                    let (x, y): (u64, u64) = (r[2].parse().unwrap(), r[3].parse().unwrap());
                    (x.min(y), x.max(y))
                })
                .collect();
            assert_eq!(ties, file_ties, "the initial graph is the file's");
        }
    }
}

/// The data of each node of a GraphML file, by key.
type NodeData = std::collections::BTreeMap<String, String>;

/// The attributes of each `<node>` of a GraphML file written by sesame,
/// by key, and its `(source, target)` edges.
fn read_graphml(text: &str) -> (Vec<NodeData>, Vec<(usize, usize)>) {
    let attr = |tag: &str, name: &str| -> String {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<node ") {
            assert_eq!(
                attr(line, "id"),
                nodes.len().to_string(),
                "nodes in id order"
            );
            let mut data = std::collections::BTreeMap::new();
            for piece in line.split("<data key=\"").skip(1) {
                let (key, rest) = piece.split_once("\">").unwrap();
                let value = rest.split_once("</data>").unwrap().0;
                data.insert(key.to_string(), value.to_string());
            }
            nodes.push(data);
        } else if line.starts_with("<edge ") {
            edges.push((
                attr(line, "source").parse().unwrap(),
                attr(line, "target").parse().unwrap(),
            ));
        }
    }
    (nodes, edges)
}

#[test]
fn the_final_graph_is_exported_as_graphml_with_its_citizens_attributes() {
    let dir = scratch("cli", "graphml");
    let scenario = write_scenario(&dir, SMALL);
    let out = dir.join("run");
    run_ok(&scenario, &out, &["--set", "output.graphml=true"]);
    let text = std::fs::read_to_string(out.join("graph.graphml")).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    assert!(text.contains("<graph id=\"small\" edgedefault=\"undirected\">"));
    for key in [
        "<key id=\"group\" for=\"node\" attr.name=\"group\" attr.type=\"string\"/>",
        "<key id=\"tier\" for=\"node\" attr.name=\"tier\" attr.type=\"string\"/>",
        "<key id=\"score\" for=\"node\" attr.name=\"score\" attr.type=\"double\"/>",
        "<key id=\"isolated\" for=\"node\" attr.name=\"isolated\" attr.type=\"boolean\"/>",
    ] {
        assert!(text.contains(key), "{key}");
    }
    assert!(text.trim_end().ends_with("</graph>\n</graphml>"));
    let (nodes, edges) = read_graphml(&text);
    let citizens = table(&out.join("citizens.csv"));
    let edge_rows = table(&out.join("edges.csv"));
    assert_eq!(nodes.len(), citizens.1.len());
    let listed: Vec<(usize, usize)> = edge_rows
        .1
        .iter()
        .map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap()))
        .collect();
    assert_eq!(edges, listed);
    for name in ["group", "tier", "score", "record", "degree"] {
        let from_graphml: Vec<String> = nodes.iter().map(|n| n[name].clone()).collect();
        assert_eq!(from_graphml, column(&citizens, name), "{name}");
    }
    let isolated: Vec<String> = column(&citizens, "degree")
        .iter()
        .map(|d| (d == "0").to_string())
        .collect();
    let from_graphml: Vec<String> = nodes.iter().map(|n| n["isolated"].clone()).collect();
    assert_eq!(from_graphml, isolated);
    // NetworkX reads it back (where Python has NetworkX, as on CI).
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_graphml.py");
    match Command::new("python3")
        .arg("-c")
        .arg("import networkx")
        .output()
    {
        Ok(o) if o.status.success() => {
            let o = Command::new("python3")
                .arg(&script)
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
        _ => eprintln!("NetworkX not installed: graph.graphml not read with it"),
    }
}

// ---------------------------------------------------------------------------
// output.citizens and output.edges

/// The bytes of a gzip file, decompressed.
fn gunzip(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
}

#[test]
fn citizens_and_edges_are_written_as_csv_as_csv_gz_or_not_at_all() {
    let dir = scratch("cli", "file-formats");
    let scenario = write_scenario(
        &dir,
        &format!("{SMALL}edges_initial = true\n").replace("ticks = 30", "ticks = 8"),
    );
    let plain = dir.join("csv");
    run_ok(&scenario, &plain, &[]);
    let gz = dir.join("gz");
    run_ok(
        &scenario,
        &gz,
        &[
            "--set",
            "output.citizens=csv.gz",
            "--set",
            "output.edges=csv.gz",
        ],
    );
    // The same bytes, compressed; and no plain file beside them.
    for stem in ["citizens", "edges", "edges_initial"] {
        let csv = std::fs::read(plain.join(format!("{stem}.csv"))).unwrap();
        assert_eq!(gunzip(&gz.join(format!("{stem}.csv.gz"))), csv, "{stem}");
        assert!(!gz.join(format!("{stem}.csv")).exists(), "{stem}");
        assert!(!plain.join(format!("{stem}.csv.gz")).exists(), "{stem}");
    }
    // Everything else is the same, but the scenario, which names the choice.
    for name in ["metrics.csv", "tiers.csv", "groups.csv", "events.csv"] {
        assert_eq!(
            std::fs::read(plain.join(name)).unwrap(),
            std::fs::read(gz.join(name)).unwrap(),
            "{name}"
        );
    }
    let resolved = std::fs::read_to_string(gz.join("scenario.toml")).unwrap();
    assert!(
        resolved.contains("citizens = \"csv.gz\"\nedges = \"csv.gz\""),
        "{resolved}"
    );

    // "none": neither file, and the run with its charts still succeeds.
    let none = dir.join("none");
    let o = run(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            none.to_str().unwrap(),
            "--set",
            "output.citizens=none",
            "--set",
            "output.edges=none",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for stem in ["citizens", "edges", "edges_initial"] {
        for ext in ["csv", "csv.gz"] {
            assert!(!none.join(format!("{stem}.{ext}")).exists(), "{stem}.{ext}");
        }
    }
    assert_eq!(
        std::fs::read(plain.join("metrics.csv")).unwrap(),
        std::fs::read(none.join("metrics.csv")).unwrap()
    );
    assert!(none.join("report.html").is_file());
    assert!(none.join("charts/network.png").is_file());
    // Charts read the compressed files; a run folder of either kind is
    // replaced by --force (its files are sesame's).
    let o = run(&["chart", gz.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(gz.join("charts/network.png").is_file());
    run_ok(&scenario, &gz, &["--force"]);
    assert!(gz.join("citizens.csv").is_file() && !gz.join("citizens.csv.gz").exists());
    run_ok(&scenario, &none, &["--force"]);
}

#[test]
fn the_defaults_leave_the_resolved_scenario_as_it_was() {
    let dir = scratch("cli", "file-formats-default");
    let scenario = write_scenario(&dir, SMALL);
    let (implicit, explicit) = (dir.join("implicit"), dir.join("explicit"));
    run_ok(&scenario, &implicit, &[]);
    run_ok(
        &scenario,
        &explicit,
        &["--set", "output.citizens=csv", "--set", "output.edges=csv"],
    );
    let resolved = std::fs::read_to_string(implicit.join("scenario.toml")).unwrap();
    assert!(!resolved.contains("citizens ="), "{resolved}");
    assert!(!resolved.contains("edges ="), "{resolved}");
    for name in RUN_FILES {
        assert_eq!(
            std::fs::read(implicit.join(name)).unwrap(),
            std::fs::read(explicit.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_bad_file_format_names_the_key_and_the_allowed_values() {
    let dir = scratch("cli", "file-formats-bad");
    for (key, value) in [("citizens", "parquet"), ("edges", "gz")] {
        let scenario = write_scenario(&dir, &format!("{SMALL}{key} = \"{value}\"\n"));
        let line = SMALL.lines().count() + 1;
        let out = dir.join(format!("out-{key}"));
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
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "small.toml: output.{key} = \"{value}\" at line {line}: \
                 must be one of \"csv\", \"csv.gz\" or \"none\""
            )),
            "{err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn check_takes_the_overrides_of_run() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let check = |extra: &[&str]| {
        let o = sesame()
            .arg("check")
            .arg(&base)
            .args(extra)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // The network kind switched with its parameter, the seed and ticks set.
    let (code, out, err) = check(&[
        "--set",
        "network.kind=erdos_renyi",
        "--set",
        "network.mean_degree=6",
        "--seed",
        "9",
        "--ticks",
        "12",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("erdos_renyi, mean degree 6"), "{out}");
    assert!(out.contains("12 ticks, seed 9"), "{out}");
    // A kind without its parameter is refused as `run` refuses it.
    let (code, _, err) = check(&["--set", "network.kind=erdos_renyi"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("network.mean_degree (from --set): missing"),
        "{err}"
    );
    // A sweep file is checked as written: overrides are refused, not ignored.
    let sweep = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps/friend-weight.toml");
    let o = sesame()
        .arg("check")
        .arg(&sweep)
        .args(["--set", "ticks=3"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("[overrides]"));
}
