//! Hostile input to the `sesame` binary, one test per class of input: each
//! bad input exits 2 with a short message (one `error:` line per problem)
//! naming the file, the line or key, and what is wrong; writes nothing; and
//! never panics. Also: Ctrl-C (SIGINT) during a run, a second signal, and
//! what `--force` may and may not replace.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{scratch, sesame, write};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scenario that runs in a fraction of a second.
const SMALL: &str = "name = \"small\"\nseed = 3\nticks = 3\n[population]\nsize = 200\n";

/// A scenario whose network is the edge list `file` (relative to the scenario).
fn on_edge_list(file: &str) -> String {
    format!("name = \"net\"\nticks = 2\n[network]\nkind = \"file\"\npath = \"{file}\"\n")
}

/// `sesame run SCENARIO --out DIR/out --no-charts EXTRA...`.
fn run_into(dir: &Path, scenario: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let out = dir.join("out");
    let o = sesame()
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(&out)
        .arg("--no-charts")
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (o, out)
}

/// Checks a refused command: exit 2, no panic, exactly `lines` lines on
/// stderr, each `error: ...` and short, together containing every needle.
fn assert_refused(what: &str, o: &Output, lines: usize, needles: &[&str]) {
    let err = text(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{what}: exit code; stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{what}: panicked:\n{err}");
    let got: Vec<&str> = err.lines().collect();
    assert_eq!(got.len(), lines, "{what}: expected {lines} line(s):\n{err}");
    for line in &got {
        assert!(line.starts_with("error: "), "{what}: {line:?}");
        assert!(line.chars().count() <= 400, "{what}: long line {line:?}");
        assert!(
            !line.chars().any(char::is_control),
            "{what}: control character in {line:?}"
        );
    }
    for needle in needles {
        assert!(err.contains(needle), "{what}: {needle:?} not in:\n{err}");
    }
    assert!(o.stdout.is_empty(), "{what}: stdout {:?}", text(&o.stdout));
}

/// Runs a scenario written as `text` and checks it is refused with one
/// line (or `lines`) holding the needles, and that nothing was written.
fn refuse_scenario(what: &str, body: &[u8], lines: usize, needles: &[&str]) {
    let dir = scratch("robust", what);
    let scenario = write(&dir, "bad.toml", body);
    let (o, out) = run_into(&dir, &scenario, &[]);
    assert_refused(what, &o, lines, &[&["bad.toml"], needles].concat());
    assert!(!out.exists(), "{what}: a run folder was created");
}

#[test]
fn malformed_toml_is_refused_with_line_and_column() {
    refuse_scenario(
        "unclosed string",
        b"name = \"x\nticks = 3\n",
        1,
        &["line 1, column", "invalid TOML"],
    );
    refuse_scenario(
        "unclosed table header",
        b"ticks = 3\n[population\nsize = 10\n",
        1,
        &["line 2", "invalid TOML"],
    );
    refuse_scenario(
        "duplicate key",
        b"ticks = 3\nticks = 4\n",
        1,
        &["line 2", "invalid TOML"],
    );
    refuse_scenario(
        "NUL byte",
        b"ticks = 3\n\0\n",
        1,
        &["line 2", "invalid TOML"],
    );
}

#[test]
fn wrong_types_say_what_is_expected() {
    refuse_scenario(
        "string for a number",
        b"[ties]\ncut_rate = \"high\"\n",
        1,
        &[
            "ties.cut_rate",
            "line 2",
            "must be a number in [0, 1]",
            "string",
        ],
    );
    refuse_scenario(
        "float for an integer",
        b"ticks = 2.5\n",
        1,
        &["ticks", "line 1", "integer"],
    );
    refuse_scenario(
        "table for a number",
        b"[score]\nmin = { a = 1 }\n",
        1,
        &["score.min", "line 2"],
    );
    refuse_scenario(
        "number for a flag",
        b"[ties]\nenabled = 1\n",
        1,
        &["ties.enabled", "line 2"],
    );
}

#[test]
fn nan_and_infinity_are_refused() {
    refuse_scenario(
        "nan",
        b"[ties]\ncut_rate = nan\n",
        1,
        &["ties.cut_rate = nan", "line 2", "must be in [0, 1]"],
    );
    refuse_scenario(
        "inf",
        b"[score]\nmax = inf\n",
        1,
        &["score.max = inf", "line 2", "must be in"],
    );
    refuse_scenario(
        "-inf",
        b"\n[reporting]\nreward = -inf\n",
        1,
        &["reporting.reward", "line 3", "at least 0"],
    );
}

#[test]
fn negative_and_zero_sizes_are_refused() {
    refuse_scenario(
        "negative population",
        b"[population]\nsize = -5\n",
        1,
        &[
            "population.size = -5",
            "line 2",
            "must be an integer in [1,",
        ],
    );
    refuse_scenario(
        "zero ticks",
        b"ticks = 0\n",
        1,
        &["ticks = 0", "line 1", "[1,"],
    );
    refuse_scenario(
        "negative k",
        b"[network]\nkind = \"watts_strogatz\"\nk = -4\nrewire = 0.1\n",
        1,
        &["network.k = -4", "line 3"],
    );
}

#[test]
fn shares_not_summing_to_one_are_refused() {
    refuse_scenario(
        "group shares",
        b"[population.groups.conformists]\nshare = 0.5\n",
        1,
        &["population.groups", "line 1", "sum to 0.5", "must sum to 1"],
    );
    refuse_scenario(
        "employment shares",
        b"[employment.retired]\nshare = 0.5\nspending_multiplier = 0.6\n",
        1,
        &["employment", "sum to 1.38", "must sum to 1"],
    );
}

#[test]
#[cfg(target_os = "linux")]
fn an_absurd_population_is_refused_with_the_estimate_before_allocating() {
    // 4 billion citizens with 4 billion friends each: about 16 EiB.
    let t0 = Instant::now();
    refuse_scenario(
        "absurd population",
        b"[population]\nsize = 4294967295\n[network]\nkind = \"watts_strogatz\"\nk = 4000000000\nrewire = 0.1\n",
        1,
        &["population.size = 4294967295", "line 2", "needs about", "EiB of memory", "available"],
    );
    // 4 billion citizens on the default network: over 600 GiB.
    refuse_scenario(
        "large population",
        b"[population]\nsize = 4000000000\n",
        1,
        &[
            "population.size = 4000000000",
            "needs about",
            "GiB of memory",
        ],
    );
    // Refused before allocating: a few seconds at most, not an OOM kill.
    assert!(t0.elapsed() < Duration::from_secs(20));
}

#[test]
fn several_problems_are_listed_one_per_line() {
    refuse_scenario(
        "five problems",
        b"ticks = 0\nseed = -1\n[population]\nsize = 0\n[ties]\ncut_rate = -0.5\nrule = \"random\"\n",
        5,
        &[
            "ticks = 0 at line 1",
            "seed = -1 at line 2",
            "population.size = 0 at line 4",
            "ties.cut_rate = -0.5 at line 6",
            "ties.rule = \"random\" at line 7",
        ],
    );
}

#[test]
fn too_many_groups_or_tiers_are_refused() {
    // A citizen's group and tier are stored in a byte: 256 at most.
    let mut groups = String::from("[population]\nsize = 1000\n");
    for i in 0..300 {
        groups.push_str(&format!(
            "[population.groups.g{i}]\nshare = {}\n",
            1.0 / 300.0
        ));
    }
    refuse_scenario(
        "300 groups",
        groups.as_bytes(),
        1,
        &["population.groups", "300 groups; at most 256"],
    );
    let mut tiers = String::from("[population]\nsize = 1000\n");
    for i in 0..300 {
        tiers.push_str(&format!("[tiers.t{i}]\nmin_score = {}\n", 350 + i));
    }
    refuse_scenario(
        "300 tiers",
        tiers.as_bytes(),
        1,
        &["tiers", "300 tiers; at most 256"],
    );
}

#[test]
fn events_that_add_tiers_or_perks_are_refused() {
    // metrics.csv has one column per perk and tiers.csv one row per tier,
    // fixed at the start: an event may not add one.
    refuse_scenario(
        "event adds a perk",
        b"ticks = 3\n[population]\nsize = 200\n[[events]]\nat_tick = 2\nset = { \"perks.gold.min_score\" = 700 }\n",
        1,
        &[
            "events[0].set",
            "perks.gold.min_score",
            "line 6",
            "not add, remove or rename",
            "declare gold in [perks]",
        ],
    );
    refuse_scenario(
        "event replaces the tiers",
        b"ticks = 3\n[population]\nsize = 200\n[[events]]\nat_tick = 2\n[events.set]\ntiers = { low = { min_score = 0 } }\n",
        1,
        &["events[0].set", "line 7", "not add, remove or rename"],
    );
}

// ---------------------------------------------------------------------------
// Edge lists

/// Runs a scenario on the edge list `bytes` (named `file`) and checks it is
/// refused naming the edge list, the line and the problem.
fn refuse_edge_list(what: &str, file: &str, bytes: &[u8], needles: &[&str]) {
    let dir = scratch("robust", what);
    write(&dir, file, bytes);
    let scenario = write(&dir, "net.toml", on_edge_list(file));
    let (o, out) = run_into(&dir, &scenario, &[]);
    assert_refused(what, &o, 1, &[&[file], needles].concat());
    assert!(!out.exists(), "{what}: a run folder was created");
}

/// Runs a scenario on the edge list `bytes` and returns stderr; the run must
/// succeed and write a complete run folder with `citizens` citizens.
fn accept_edge_list(what: &str, file: &str, bytes: &[u8], citizens: usize) -> String {
    let dir = scratch("robust", what);
    write(&dir, file, bytes);
    let scenario = write(&dir, "net.toml", on_edge_list(file));
    let (o, out) = run_into(&dir, &scenario, &[]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"complete\": true"),
        "{what}: {manifest}"
    );
    let rows = std::fs::read_to_string(out.join("citizens.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(rows, citizens + 1, "{what}: citizens.csv rows");
    err
}

#[test]
fn edge_lists_with_text_ids_are_refused() {
    refuse_edge_list(
        "text csv",
        "friends.csv",
        b"source,target\n1,2\nalice,bob\n",
        &[
            "line 3",
            "\"alice,bob\"",
            "node id \"alice\"",
            "non-negative integer",
        ],
    );
    refuse_edge_list(
        "text snap",
        "friends.txt",
        b"# a comment\n1 2\n2 x3\n",
        &["line 3", "node id \"x3\""],
    );
    refuse_edge_list(
        "decimal id",
        "friends.txt",
        b"1 2\n2.5 3\n",
        &["line 2", "node id \"2.5\""],
    );
}

#[test]
fn edge_lists_with_missing_columns_are_refused() {
    refuse_edge_list(
        "one column csv",
        "friends.csv",
        b"source,target\n1,2\n3\n",
        &["line 3", "expected two node ids", "found one"],
    );
    refuse_edge_list(
        "one column snap",
        "friends.txt",
        b"1 2\n\n3\n",
        &["line 3", "expected two node ids", "found one"],
    );
    refuse_edge_list(
        "empty field csv",
        "friends.csv",
        b"source,target\n1,\n",
        &["line 2", "target node id is empty"],
    );
    refuse_edge_list(
        "four columns",
        "friends.txt",
        b"1 2 3\n1 2 3 4\n",
        &["line 2", "at most a weight, found 4 fields"],
    );
    refuse_edge_list(
        "a weight that is not a number",
        "friends.csv",
        b"source,target,weight\n1,2,0.5\n2,3,strong\n",
        &["line 3", "\"strong\" is not a number"],
    );
    refuse_edge_list(
        "header with one column",
        "friends.csv",
        b"source\n1,2\n",
        &["line 1", "header line with two column names"],
    );
    refuse_edge_list(
        "no header",
        "friends.csv",
        b"1,2\n2,3\n",
        &["line 1", "expected a header line"],
    );
}

#[test]
fn edge_lists_with_negative_or_huge_ids_are_refused() {
    refuse_edge_list(
        "negative id",
        "friends.csv",
        b"source,target\n1,2\n-3,4\n",
        &["line 3", "node id \"-3\" has a minus sign"],
    );
    // 2^64 exactly: one more than the largest id.
    refuse_edge_list(
        "id 2^64",
        "friends.csv",
        b"source,target\n1,2\n18446744073709551616,4\n",
        &[
            "line 3",
            "node id \"18446744073709551616\" is not below 2^64",
        ],
    );
    refuse_edge_list(
        "id far above 2^64",
        "friends.txt",
        b"1 2\n2 99999999999999999999999999999\n",
        &["line 2", "is not below 2^64"],
    );
    // 2^64 − 1 is a valid id.
    accept_edge_list(
        "id 2^64-1",
        "friends.txt",
        b"1 18446744073709551615\n18446744073709551615 7\n",
        3,
    );
}

#[test]
fn weighted_edge_lists_are_read_with_a_warning_that_weights_are_ignored() {
    for (file, bytes) in [
        (
            "weighted.csv",
            &b"source,target,weight\n1,2,0.5\n2,3,2\n1,3,1e-3\n"[..],
        ),
        ("weighted.txt", &b"# u v w\n1 2 0.5\n2 3 2\n1 3\n"[..]),
    ] {
        let err = accept_edge_list(file, file, bytes, 3);
        let weighted = if file.ends_with(".csv") { 3 } else { 2 };
        assert!(
            err.starts_with("warning: ")
                && err.contains(&format!(
                    "{file}: {weighted} tie(s) carry a weight (a third column); ties in sesame are unweighted, so the weights are ignored"
                )),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one warning line: {err}");
    }
    // `sesame measure` reads them too, with the same note.
    let dir = scratch("robust", "weighted measure");
    let list = write(&dir, "w.csv", "a,b,w\n0,1,3\n1,2,3\n");
    let o = sesame().arg("measure").arg(&list).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("2 tie(s) carry a weight"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn self_loops_and_duplicates_are_dropped_with_a_warning() {
    let err = accept_edge_list(
        "self-loop",
        "friends.csv",
        b"source,target\n1,2\n2,3\n3,3\n1,3\n",
        3,
    );
    assert!(
        err.contains("warning: ")
            && err.contains("friends.csv: dropped 1 self-loop(s) and 0 duplicate tie(s)"),
        "{err}"
    );
    let err = accept_edge_list("duplicates", "friends.txt", b"1 2\n2 3\n2 1\n1 3\n1 2\n", 3);
    assert!(
        err.contains("friends.txt: dropped 0 self-loop(s) and 2 duplicate tie(s)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one warning line: {err}");
}

#[test]
fn empty_edge_lists_are_refused() {
    refuse_edge_list(
        "empty csv",
        "friends.csv",
        b"",
        &["no ties found", "expected a header line"],
    );
    refuse_edge_list(
        "empty snap",
        "friends.txt",
        b"",
        &["no ties found", "one tie"],
    );
    refuse_edge_list(
        "header only",
        "friends.csv",
        b"source,target\n\n",
        &["no ties found"],
    );
    refuse_edge_list(
        "comments only",
        "friends.txt",
        b"# nodes: 0\n# edges: 0\n",
        &["no ties found"],
    );
    refuse_edge_list(
        "only self-loops",
        "friends.txt",
        b"1 1\n2 2\n",
        &["no ties found", "self-loops are dropped"],
    );
}

#[test]
fn non_utf8_edge_lists_are_refused() {
    refuse_edge_list(
        "latin-1 byte",
        "friends.csv",
        b"source,target\n1,2\n\xe9,3\n",
        &["line 3", "not UTF-8 text"],
    );
    refuse_edge_list(
        "gzip",
        "friends.txt",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\xff\x03",
        &["line 1", "not UTF-8", "decompress"],
    );
    let utf16: Vec<u8> = "\u{feff}1 2\r\n2 3\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    refuse_edge_list(
        "utf-16",
        "friends.txt",
        &utf16,
        &["UTF-16", "save it as UTF-8"],
    );
    // A control character in a bad line is escaped, not printed.
    refuse_edge_list(
        "carriage return inside a line",
        "friends.csv",
        b"source,target\n1\r2,3\n",
        &["line 2", "1\\r2"],
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
    accept_edge_list(
        "crlf csv",
        "friends.csv",
        b"\xef\xbb\xbfsource,target\r\n1,2\r\n2,3\r\n3,1\r\n\r\n",
        3,
    );
    accept_edge_list(
        "crlf snap",
        "friends.txt",
        b"# comment\r\n1\t2\r\n2 3\r\n3 4",
        4,
    );
    // A scenario saved on Windows (CRLF, byte-order mark) loads too.
    let dir = scratch("robust", "crlf scenario");
    let scenario = write(
        &dir,
        "win.toml",
        "\u{feff}name = \"win\"\r\nticks = 2\r\n[population]\r\nsize = 100\r\n",
    );
    let (o, out) = run_into(&dir, &scenario, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.join("metrics.csv").is_file());
}

#[test]
fn a_missing_edge_list_is_refused() {
    let dir = scratch("robust", "missing edge list");
    let scenario = write(&dir, "net.toml", on_edge_list("nowhere.csv"));
    let (o, out) = run_into(&dir, &scenario, &[]);
    assert_refused(
        "missing edge list",
        &o,
        1,
        &[
            "net.toml",
            "network.path = \"nowhere.csv\"",
            "line 5",
            "no such file",
        ],
    );
    assert!(!out.exists());
    // A folder where the file should be.
    std::fs::create_dir_all(dir.join("folder.csv")).unwrap();
    let scenario = write(&dir, "net.toml", on_edge_list("folder.csv"));
    let (o, _) = run_into(&dir, &scenario, &[]);
    assert_refused(
        "folder as edge list",
        &o,
        1,
        &["network.path", "no such file"],
    );
    // A missing scenario.
    let (o, _) = run_into(&dir, &dir.join("none.toml"), &[]);
    assert_refused("missing scenario", &o, 1, &["none.toml", "no such file"]);
}

#[test]
#[cfg(unix)]
fn an_endless_scenario_file_is_not_read_to_the_end() {
    // /dev/zero never ends: reading stops at the size limit.
    let dir = scratch("robust", "endless");
    let t0 = Instant::now();
    let (o, out) = run_into(&dir, Path::new("/dev/zero"), &[]);
    assert_refused("/dev/zero", &o, 1, &["/dev/zero", "more than 16 MiB"]);
    assert!(!out.exists());
    assert!(t0.elapsed() < Duration::from_secs(30));
    // A scenario from a pipe (bash's `<(...)`) is read like a file.
    let mut child = sesame()
        .args(["check", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(SMALL.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("200 citizens"),
        "{}",
        text(&o.stdout)
    );
}

// ---------------------------------------------------------------------------
// Flags

#[test]
fn set_with_an_unknown_key_is_refused() {
    let dir = scratch("robust", "set unknown");
    let scenario = write(&dir, "ok.toml", SMALL);
    let (o, out) = run_into(&dir, &scenario, &["--set", "ties.cut_rat=0.1"]);
    assert_refused(
        "--set unknown key",
        &o,
        1,
        &[
            "ok.toml",
            "ties.cut_rat",
            "(from --set)",
            "unknown key",
            "cut_rate",
        ],
    );
    assert!(!out.exists());
    let (o, _) = run_into(&dir, &scenario, &["--set", "nosuchsection.x=1"]);
    assert_refused(
        "--set unknown section",
        &o,
        1,
        &["nosuchsection", "unknown key"],
    );
}

#[test]
fn set_with_a_wrong_type_is_refused() {
    let dir = scratch("robust", "set type");
    let scenario = write(&dir, "ok.toml", SMALL);
    let (o, out) = run_into(&dir, &scenario, &["--set", "ties.cut_rate=abc"]);
    assert_refused(
        "--set wrong type",
        &o,
        1,
        &[
            "ties.cut_rate = \"abc\" (from --set)",
            "must be a number in [0, 1]",
        ],
    );
    assert!(!out.exists());
    let (o, _) = run_into(&dir, &scenario, &["--set", "ties.enabled=maybe"]);
    assert_refused("--set flag", &o, 1, &["ties.enabled", "(from --set)"]);
}

#[test]
fn set_with_an_out_of_range_value_is_refused() {
    let dir = scratch("robust", "set range");
    let scenario = write(&dir, "ok.toml", SMALL);
    let (o, out) = run_into(
        &dir,
        &scenario,
        &[
            "--set",
            "ties.cut_rate=1.5",
            "--set",
            "score.friend_weight=nan",
        ],
    );
    assert_refused(
        "--set out of range",
        &o,
        2,
        &[
            "ties.cut_rate = 1.5 (from --set): must be in [0, 1]",
            "score.friend_weight = nan (from --set)",
        ],
    );
    assert!(!out.exists());
    let (o, _) = run_into(&dir, &scenario, &["--ticks", "0"]);
    assert_refused("--ticks 0", &o, 1, &["ticks = 0 (from --ticks)"]);
    let (o, _) = run_into(&dir, &scenario, &["--seed", "18446744073709551615"]);
    assert_refused(
        "--seed too large",
        &o,
        1,
        &["(from --seed)", "signed 64-bit"],
    );
}

#[test]
fn set_switches_the_network_kind_with_its_keys_in_one_command() {
    let dir = scratch("robust", "set kind");
    let scenario = write(&dir, "ok.toml", SMALL);
    // In either order: the sets of one command are applied together.
    for args in [
        [
            "--set",
            "network.kind=erdos_renyi",
            "--set",
            "network.mean_degree=6",
        ],
        [
            "--set",
            "network.mean_degree=6",
            "--set",
            "network.kind=erdos_renyi",
        ],
    ] {
        let (o, out) = run_into(&dir, &scenario, &[&args[..], &["--force"]].concat());
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        let resolved = std::fs::read_to_string(out.join("scenario.toml")).unwrap();
        assert!(
            resolved.contains("[network]\nkind = \"erdos_renyi\"\nmean_degree = 6.0\n"),
            "{resolved}"
        );
    }
    // A kind without its key: one problem, at the missing key.
    let (o, _) = run_into(
        &dir,
        &scenario,
        &["--set", "network.kind=barabasi_albert", "--force"],
    );
    assert_refused(
        "--set kind alone",
        &o,
        1,
        &["network.m (from --set): missing", "barabasi_albert"],
    );
    // A key the new kind does not take: one problem, naming the kind.
    let (o, _) = run_into(
        &dir,
        &scenario,
        &[
            "--set",
            "network.kind=barabasi_albert",
            "--set",
            "network.m=3",
            "--set",
            "network.k=4",
            "--force",
        ],
    );
    assert_refused(
        "--set key of another kind",
        &o,
        1,
        &["network.k = 4 (from --set): unknown key", "barabasi_albert"],
    );
}

#[test]
fn set_without_key_equals_value_is_refused() {
    let dir = scratch("robust", "set malformed");
    let scenario = write(&dir, "ok.toml", SMALL);
    for bad in ["ties.cut_rate", "=0.3", " =1", ""] {
        let (o, out) = run_into(&dir, &scenario, &["--set", bad]);
        assert_refused(
            &format!("--set {bad:?}"),
            &o,
            1,
            &["--set", "expected KEY=VALUE"],
        );
        assert!(!out.exists());
    }
}

#[test]
fn zero_threads_are_refused() {
    let dir = scratch("robust", "threads");
    let scenario = write(&dir, "ok.toml", SMALL);
    let (o, out) = run_into(&dir, &scenario, &["--threads", "0"]);
    assert_refused("--threads 0", &o, 1, &["--threads 0", "at least 1"]);
    assert!(!out.exists());
}

#[test]
fn unknown_subcommands_and_flags_are_usage_errors() {
    let dir = scratch("robust", "usage");
    let scenario = write(&dir, "ok.toml", SMALL);
    let cases: [&[&str]; 5] = [
        &["frobnicate"],
        &["run", scenario.to_str().unwrap(), "--frob"],
        &["run", scenario.to_str().unwrap(), "--threads", "many"],
        &["run", scenario.to_str().unwrap(), "--seed", "-1"],
        &["run"],
    ];
    for args in cases {
        let o = sesame().args(args).output().unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(!dir.join("output").exists());
}

#[test]
fn check_lists_every_problem_of_every_file() {
    let dir = scratch("robust", "check");
    let good = write(&dir, "good.toml", SMALL);
    write(&dir, "friends.csv", "source,target\n1,2\n2,3\n3,3\n");
    let good_net = write(&dir, "good-net.toml", on_edge_list("friends.csv"));
    let nan = write(&dir, "nan.toml", "[ties]\ncut_rate = nan\n");
    let two = write(
        &dir,
        "two.toml",
        "ticks = 0\n[population.groups.conformists]\nshare = 0.5\n",
    );
    let broken = write(&dir, "broken.toml", "name = \"x\n");
    write(&dir, "text.csv", "source,target\n1,x\n");
    let bad_net = write(&dir, "bad-net.toml", on_edge_list("text.csv"));
    let missing = dir.join("missing.toml");
    let o = sesame()
        .arg("check")
        .args([&good, &nan, &good_net, &two, &broken, &bad_net, &missing])
        .output()
        .unwrap();
    let err = text(&o.stderr);
    assert_refused_lines(&o, 6);
    for needle in [
        "nan.toml: ties.cut_rate = nan at line 2",
        "two.toml: ticks = 0 at line 1",
        "two.toml: population.groups at line 2: group shares sum to 0.5",
        "broken.toml: line 1, column",
        "text.csv: line 2",
        "missing.toml: cannot read the scenario: no such file",
    ] {
        assert!(err.contains(needle), "{needle:?} not in:\n{err}");
    }
    // The good files are described, the warning of the edge list with it.
    let out = text(&o.stdout);
    assert!(out.contains("good.toml: ok"), "{out}");
    assert!(out.contains("good-net.toml: ok"), "{out}");
    assert!(out.contains("dropped 1 self-loop(s)"), "{out}");
    assert!(!out.contains("nan.toml"), "{out}");
}

/// Exit 2, no panic, exactly `lines` `error:` lines on stderr.
fn assert_refused_lines(o: &Output, lines: usize) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), lines, "{err}");
    assert!(err.lines().all(|l| l.starts_with("error: ")), "{err}");
}

// ---------------------------------------------------------------------------
// Signals and --force

/// A scenario that runs for minutes unless stopped.
fn long_run(dir: &Path) -> PathBuf {
    write(
        dir,
        "long.toml",
        "name = \"long\"\nticks = 100000\n[population]\nsize = 3000\n[output]\nmetrics_every = 5\ntie_events = true\n",
    )
}

/// Starts `sesame run` on a long scenario and waits until it is under way
/// (its manifest is written first) plus `extra`.
fn start_long_run(dir: &Path, extra: Duration) -> (std::process::Child, PathBuf) {
    let scenario = long_run(dir);
    let out = dir.join("run");
    let child = sesame()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .arg("--no-charts")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while !out.join("manifest.json").exists() && t0.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(extra);
    (child, out)
}

fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

/// Every CSV present under its final name is whole: it ends with a line
/// break and every row has as many fields as the header.
fn assert_whole_csvs(out: &Path) -> Vec<String> {
    let mut present = Vec::new();
    for entry in std::fs::read_dir(out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".csv") || name.starts_with('.') {
            continue;
        }
        let body = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(body.ends_with('\n'), "{name} ends mid-row");
        let fields = body.lines().next().unwrap().split(',').count();
        assert!(
            body.lines().all(|l| l.split(',').count() == fields),
            "{name} has a short row"
        );
        present.push(name);
    }
    present
}

#[test]
#[cfg(unix)]
fn ctrl_c_stops_at_the_end_of_a_tick_and_marks_the_run_incomplete() {
    let dir = scratch("robust", "sigint");
    let (child, out) = start_long_run(&dir, Duration::from_millis(1500));
    signal(&child, "INT");
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("interrupted by signal 2"), "{err}");
    let m = manifest(&out);
    assert_eq!(m["complete"], false);
    assert_eq!(m["interrupted_by_signal"], 2);
    let done = m["ticks_done"].as_u64().unwrap();
    assert!(done > 0 && done < 100_000, "{done}");
    let mut present = assert_whole_csvs(&out);
    present.sort();
    assert_eq!(
        present,
        [
            "citizens.csv",
            "edges.csv",
            "events.csv",
            "groups.csv",
            "metrics.csv",
            "tiers.csv"
        ]
    );
    // The last recorded tick is the tick the run stopped at.
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    let last = metrics.lines().last().unwrap().split(',').next().unwrap();
    assert_eq!(last, done.to_string());
    for entry in std::fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "left {name}");
    }
    // A folder of an interrupted run is sesame's: --force replaces it.
    let scenario = write(&dir, "short.toml", SMALL);
    let o = sesame()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .args(["--no-charts", "--quiet", "--force"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(manifest(&out)["complete"], true);
    assert!(
        !out.join("events.csv").exists(),
        "the old run's files are gone"
    );
}

/// Sends `name` twice back to back, as GNU `timeout -s TERM` does (the
/// process, then its group).
fn signal_twice(child: &std::process::Child, name: &str) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "kill -{name} {pid}; kill -{name} {pid}",
            pid = child.id()
        ))
        .status()
        .unwrap();
    assert!(status.success());
}

/// The run stopped cleanly at the end of a tick: every file written and
/// whole, marked incomplete, the last recorded tick the tick it stopped at.
fn assert_stopped_cleanly(out: &Path, signal: u64) {
    let m = manifest(out);
    assert_eq!(m["complete"], false);
    assert_eq!(m["interrupted_by_signal"], signal);
    let done = m["ticks_done"].as_u64().unwrap();
    assert!(done > 0, "{m}");
    let mut present = assert_whole_csvs(out);
    present.sort();
    assert_eq!(
        present,
        [
            "citizens.csv",
            "edges.csv",
            "events.csv",
            "groups.csv",
            "metrics.csv",
            "tiers.csv"
        ]
    );
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    let last = metrics.lines().last().unwrap().split(',').next().unwrap();
    assert_eq!(last, done.to_string());
}

#[test]
#[cfg(unix)]
fn two_sigterms_back_to_back_are_one_request_to_stop_cleanly() {
    // Five tries, as the lost runs were seen once in five under load.
    for attempt in 0..5 {
        let dir = scratch("robust", &format!("sigterm twice {attempt}"));
        let (child, out) = start_long_run(&dir, Duration::from_millis(300));
        signal_twice(&child, "TERM");
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(143), "attempt {attempt}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_stopped_cleanly(&out, 15);
    }
}

#[test]
#[cfg(unix)]
fn two_interrupts_back_to_back_are_one_request_to_stop_cleanly() {
    let dir = scratch("robust", "sigint twice");
    let (child, out) = start_long_run(&dir, Duration::from_millis(300));
    signal_twice(&child, "INT");
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_stopped_cleanly(&out, 2);
}

#[test]
fn force_never_deletes_a_folder_sesame_did_not_write() {
    let dir = scratch("robust", "force");
    let scenario = write(&dir, "ok.toml", SMALL);
    let run = |out: &Path, force: bool| {
        let mut cmd = sesame();
        cmd.arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(out)
            .args(["--no-charts", "--quiet"]);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    // A user's folder, with a file and a subfolder.
    let mine = dir.join("thesis");
    std::fs::create_dir_all(mine.join("figures")).unwrap();
    write(&mine, "thesis.tex", "my thesis");
    write(&mine.join("figures"), "f.png", "png");
    for force in [false, true] {
        let o = run(&mine, force);
        assert_refused_lines(&o, 1);
        let expected = if force {
            "not replaced even with --force"
        } else {
            "use --force"
        };
        assert!(text(&o.stderr).contains(expected), "{}", text(&o.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.tex")).unwrap(),
        "my thesis"
    );
    assert!(mine.join("figures/f.png").exists());
    // A folder with another program's manifest.json (a web app's) is not sesame's.
    let web = dir.join("web");
    std::fs::create_dir_all(&web).unwrap();
    write(
        &web,
        "manifest.json",
        "{\"name\": \"my app\", \"start_url\": \".\"}",
    );
    write(&web, "index.html", "<html></html>");
    let o = run(&web, true);
    assert_refused_lines(&o, 1);
    assert!(
        text(&o.stderr).contains("not a sesame folder"),
        "{}",
        text(&o.stderr)
    );
    assert!(web.join("index.html").exists());
    // Nor is a file where the folder should be.
    let file = write(&dir, "notes.txt", "notes");
    let o = run(&file, true);
    assert_refused_lines(&o, 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "notes");
    // An empty folder is used as it is.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(run(&empty, false).status.success());
    // A folder sesame wrote is replaced with --force, and only then.
    let out = dir.join("out");
    assert!(run(&out, false).status.success());
    let first = std::fs::read(out.join("metrics.csv")).unwrap();
    let o = run(&out, false);
    assert_refused_lines(&o, 1);
    let o = run(&out, true);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(out.join("metrics.csv")).unwrap(), first);
    assert_eq!(manifest(&out)["complete"], true);
}

#[test]
fn force_refuses_a_run_folder_holding_the_users_own_files_and_keeps_them() {
    let dir = scratch("robust", "force-own-files");
    let scenario = write(&dir, "ok.toml", SMALL);
    let (o, out) = run_into(&dir, &scenario, &["--quiet"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // The user analyses the run inside its folder.
    write(&out, "my-analysis.py", "import pandas");
    std::fs::create_dir_all(out.join("figs")).unwrap();
    write(&out.join("figs"), "fig1.png", "png");
    std::fs::create_dir_all(out.join("charts")).unwrap();
    write(&out.join("charts"), "my-chart.png", "mine");
    let before = std::fs::read(out.join("metrics.csv")).unwrap();
    let (o, _) = run_into(&dir, &scenario, &["--quiet", "--force", "--ticks", "1"]);
    assert_refused_lines(&o, 1);
    let err = text(&o.stderr);
    for needle in [
        "a run folder",
        "charts/my-chart.png",
        "figs/",
        "my-analysis.py",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    // Nothing was deleted: neither the user's files nor the run's.
    assert!(out.join("my-analysis.py").exists());
    assert!(out.join("figs/fig1.png").exists());
    assert!(out.join("charts/my-chart.png").exists());
    assert_eq!(std::fs::read(out.join("metrics.csv")).unwrap(), before);
    // Once they are moved away, --force replaces the run.
    std::fs::remove_file(out.join("my-analysis.py")).unwrap();
    std::fs::remove_dir_all(out.join("figs")).unwrap();
    std::fs::remove_file(out.join("charts/my-chart.png")).unwrap();
    let (o, _) = run_into(&dir, &scenario, &["--quiet", "--force", "--ticks", "1"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(manifest(&out)["ticks_done"], 1);
}

#[test]
fn force_replaces_only_a_folder_of_the_same_kind() {
    let dir = scratch("robust", "force-kinds");
    let scenario = write(&dir, "ok.toml", SMALL);
    let sweep_file = write(
        &dir,
        "sw.toml",
        "base = \"ok.toml\"\nreplicates = 1\n[parameters]\n\"score.friend_weight\" = [0.1, 0.2]\n",
    );
    let sweep_into = |out: &Path, force: bool| {
        let mut cmd = sesame();
        cmd.arg("sweep")
            .arg(&sweep_file)
            .arg("--out")
            .arg(out)
            .arg("--quiet");
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    // A sweep folder is not replaced by a run.
    let sweep_dir = dir.join("a-sweep");
    let o = sweep_into(&sweep_dir, false);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = std::fs::read(sweep_dir.join("summary.csv")).unwrap();
    let o = sesame()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&sweep_dir)
        .args(["--quiet", "--no-charts", "--force"])
        .output()
        .unwrap();
    assert_refused_lines(&o, 1);
    let err = text(&o.stderr);
    assert!(
        err.contains("a sweep folder") && err.contains("sesame run --force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(sweep_dir.join("summary.csv")).unwrap(),
        summary
    );
    // A sweep replaces a sweep...
    let o = sweep_into(&sweep_dir, true);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // ...but not a run folder.
    let (o, run_dir) = run_into(&dir, &scenario, &["--quiet"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = sweep_into(&run_dir, true);
    assert_refused_lines(&o, 1);
    assert!(
        text(&o.stderr).contains("a run folder"),
        "{}",
        text(&o.stderr)
    );
    assert!(run_dir.join("citizens.csv").exists());
    // Nor a merged sweep on Slurm (job files, logs and shards beside the
    // merged results), by a run or by a local sweep.
    let slurm_dir = dir.join("on-slurm");
    assert!(sweep_into(&slurm_dir, false).status.success());
    std::fs::create_dir_all(slurm_dir.join("slurm/logs")).unwrap();
    write(&slurm_dir.join("slurm"), "job.json", "{}");
    write(&slurm_dir.join("slurm/logs"), "7_0.out", "log");
    std::fs::create_dir_all(slurm_dir.join("shards/0")).unwrap();
    write(&slurm_dir.join("shards/0"), "manifest.json", "{}");
    for o in [
        sweep_into(&slurm_dir, true),
        sesame()
            .arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(&slurm_dir)
            .args(["--quiet", "--no-charts", "--force"])
            .output()
            .unwrap(),
    ] {
        assert_refused_lines(&o, 1);
        assert!(text(&o.stderr).contains("Slurm"), "{}", text(&o.stderr));
    }
    assert!(slurm_dir.join("slurm/logs/7_0.out").exists());
    assert!(slurm_dir.join("shards/0/manifest.json").exists());
    assert!(slurm_dir.join("summary.csv").exists());
}

// ---------------------------------------------------------------------------
// Edge-list files are fingerprinted

/// A scenario on the karate club edge list `e.csv` beside it, and the list.
fn karate(dir: &Path) -> (PathBuf, PathBuf) {
    let list = dir.join("e.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/zachary-karate-club.csv"),
        &list,
    )
    .unwrap();
    (write(dir, "k.toml", on_edge_list("e.csv")), list)
}

/// The edge list with one tie (the last) removed: a small edit.
fn edit_edge_list(list: &Path) {
    let text = std::fs::read_to_string(list).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    std::fs::write(list, lines.join("\n") + "\n").unwrap();
}

#[test]
fn an_edited_edge_list_changes_the_scenario_hash_and_a_run_folder_keeps_a_copy_that_reruns_anywhere(
) {
    let dir = scratch("robust", "network-hash");
    let (scenario, list) = karate(&dir);
    let hash = |out: &Path| manifest(out)["scenario_hash"].as_str().unwrap().to_string();
    let run = |out: &Path, scenario: &Path| {
        let o = sesame()
            .arg("run")
            .arg(scenario)
            .arg("--out")
            .arg(out)
            .args(["--quiet", "--no-charts"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
    };
    let first = dir.join("first");
    run(&first, &scenario);
    edit_edge_list(&list);
    let second = dir.join("second");
    run(&second, &scenario);
    assert_ne!(
        hash(&first),
        hash(&second),
        "the hash covers the file's bytes"
    );
    // The run folder holds the file it ran on, pinned by its fingerprint.
    let m = manifest(&first);
    assert_eq!(m["network_file"]["copy"], "network.csv");
    assert_eq!(
        std::fs::read(first.join("network.csv")).unwrap(),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/zachary-karate-club.csv")
        )
        .unwrap()
    );
    let resolved = std::fs::read_to_string(first.join("scenario.toml")).unwrap();
    assert!(resolved.contains("path = \"network.csv\""), "{resolved}");
    assert!(
        resolved.contains(&format!("hash = {}", m["network_file"]["hash"])),
        "{resolved}"
    );
    assert!(
        !resolved.contains(dir.to_str().unwrap()),
        "no absolute path: {resolved}"
    );
    // Moved elsewhere (the original file gone), the folder's scenario reruns
    // to the same results.
    let moved = dir.join("elsewhere/first");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&first, &moved).unwrap();
    std::fs::remove_file(&list).unwrap();
    let again = dir.join("again");
    run(&again, &moved.join("scenario.toml"));
    for f in ["metrics.csv", "citizens.csv", "edges.csv", "scenario.toml"] {
        assert_eq!(
            std::fs::read(moved.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(hash(&moved), hash(&again));
    // A pinned scenario refuses a file that changed.
    edit_edge_list(&moved.join("network.csv"));
    let o = sesame()
        .arg("run")
        .arg(moved.join("scenario.toml"))
        .arg("--out")
        .arg(dir.join("refused"))
        .args(["--quiet", "--no-charts"])
        .output()
        .unwrap();
    assert_refused("changed edge list", &o, 1, &["network.hash", "has changed"]);
    assert!(!dir.join("refused").exists());
}

#[test]
fn merge_and_resume_refuse_shards_and_runs_made_from_a_different_edge_list() {
    let dir = scratch("robust", "network-merge");
    let (_, list) = karate(&dir);
    let sweep = write(
        &dir,
        "sw.toml",
        "base = \"k.toml\"\nreplicates = 2\n[parameters]\n\"score.friend_weight\" = [0.1, 0.3]\n",
    );
    let shard = |k: u32, extra: &[&str]| {
        sesame()
            .arg("sweep")
            .arg(&sweep)
            .args(["--shard", &format!("{k}/2"), "--quiet", "--out"])
            .arg(dir.join(format!("shard{k}")))
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(shard(0, &[]).status.success());
    edit_edge_list(&list);
    assert!(shard(1, &[]).status.success());
    let o = sesame()
        .arg("merge")
        .arg(dir.join("shard0"))
        .arg(dir.join("shard1"))
        .arg("--out")
        .arg(dir.join("merged"))
        .output()
        .unwrap();
    assert_refused("merge", &o, 1, &["different sweeps", "another edge list"]);
    assert!(!dir.join("merged/summary.csv").exists());
    // Resuming shard 0 with the edited file is refused too.
    let o = shard(0, &["--resume"]);
    assert_refused("resume", &o, 1, &["holds another sweep", "edge list"]);
}
