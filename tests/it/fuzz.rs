//! A mutation fuzzer over the whole load path, driven by proptest (cargo-fuzz
//! needs a nightly toolchain; this runs on stable, in `cargo test`).
//!
//! Seeds are the bundled scenarios and edge lists and the files of
//! `tests/fuzz_corpus/`. Each mutant (bit flips, byte changes, insertions of
//! tricky tokens, deletions, lines spliced in from other seeds, truncation)
//! goes through:
//!
//! - a scenario: [`scenario::load_bytes`] with validation; an accepted one
//!   must be valid and round-trip through its resolved TOML; if it is small
//!   (or can be made small by `--set population.size`, `--ticks`), it is
//!   simulated a few ticks with [`run::simulate`] and its CSV files are
//!   written to memory;
//! - an edge list: [`parse_edge_list`] as CSV, as SNAP and by extension; an
//!   accepted one must agree with a plain reference reader of the format.
//!
//! Nothing may panic (each input runs under `catch_unwind`), and every error
//! must be a non-empty message, one line per problem, each naming the file,
//! without control characters. A failing input is saved under
//! `target/tmp/fuzz-failures/` and reported with the fuzzer's seed.
//!
//! `cargo test` runs a bounded version (a few seconds) and every corpus file
//! as it is; `SESAME_FUZZ_SECONDS=60 cargo test --release --test it fuzz:: -- --ignored`
//! fuzzes for a minute (`SESAME_FUZZ_SEED` repeats a run).

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use sesame::graph::edgelist::{parse_edge_list, EdgeListFormat};
use sesame::output::csv_files;
use sesame::run::{self, StopFlag};
use sesame::scenario::model::Network;
use sesame::scenario::{self, load_bytes, load_str, memory_estimate, to_toml, validate, Overrides};

// ---------------------------------------------------------------------------
// The corpus

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scenario,
    EdgeList,
}

/// A seed input: its path (scenarios resolve relative edge lists from it),
/// its bytes and what it is.
#[derive(Debug, Clone)]
struct Seed {
    path: PathBuf,
    bytes: Vec<u8>,
    kind: Kind,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled scenarios and edge lists and `tests/fuzz_corpus/`, sorted.
fn corpus() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for folder in ["scenarios", "scenarios/data", "tests/fuzz_corpus"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let kind = match path.extension().and_then(|e| e.to_str()) {
                Some("toml") => Kind::Scenario,
                Some("csv" | "txt") => Kind::EdgeList,
                _ => continue,
            };
            let bytes = std::fs::read(&path).unwrap();
            seeds.push(Seed { path, bytes, kind });
        }
    }
    assert!(seeds.iter().filter(|s| s.kind == Kind::Scenario).count() >= 10);
    assert!(seeds.iter().filter(|s| s.kind == Kind::EdgeList).count() >= 4);
    seeds
}

// ---------------------------------------------------------------------------
// Mutations

/// Tokens that tend to reach corners: non-finite and huge numbers, quotes,
/// table headers, line endings, a byte-order mark, bytes that are not UTF-8.
const TOKENS: &[&[u8]] = &[
    b"nan",
    b"inf",
    b"-inf",
    b"-1",
    b"0",
    b"1",
    b"0.5",
    b"-0.0",
    b"1e309",
    b"1e-320",
    b"4294967295",
    b"4294967296",
    b"9223372036854775807",
    b"9223372036854775808",
    b"18446744073709551615",
    b"18446744073709551616",
    b"99999999999999999999999",
    b"\"",
    b"'",
    b"\"\"\"",
    b"[",
    b"]",
    b"[[events]]\n",
    b"[network]\n",
    b"[tiers.extra]\n",
    b"[perks.extra]\nmin_score = 700\n",
    b"[population.groups.extra]\nshare = 0.5\n",
    b"at_tick = 1\n",
    b"set = { \"ties.rule\" = \"threshold\" }\n",
    b"set = { \"perks.new.min_score\" = 1 }\n",
    b"[[events]]\nat_tick = 1\nset = { \"perks.new.min_score\" = 1 }\n",
    b"[[events]]\nat_tick = 2\nset = { \"tiers.fair.min_score\" = 900 }\n",
    b"[[events]]\nat_tick = 1\nset = { \"score.max\" = 400, \"score.min\" = 390 }\n",
    b"[[events]]\nat_tick = 1\nset.tiers = {}\n",
    b"kind = \"file\"\n",
    b"path = \"small.csv\"\n",
    b"min_score = ",
    b"=",
    b".",
    b",",
    b"{",
    b"}",
    b"#",
    b" ",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\x1b[31m",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xff\xfe",
    b"true",
    b"source,target\n",
    b"# comment\n",
    b"\"1\"",
    b"a",
];

/// A position in a collection of any size, as a fraction of its length
/// (`u64::MAX` is the last element).
#[derive(Debug, Clone, Copy)]
struct Index(u64);

impl Index {
    /// The element of a collection of `size` (> 0) this picks.
    fn index(&self, size: usize) -> usize {
        ((size as u128 * self.0 as u128) >> 64) as usize
    }
}

impl Arbitrary for Index {
    type Parameters = ();
    type Strategy = proptest::strategy::Map<proptest::num::u64::Any, fn(u64) -> Index>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        any::<u64>().prop_map(Index)
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    InsertToken(Index, Index),
    InsertBytes(Index, Vec<u8>),
    Delete(Index, usize),
    /// Insert line `line` of seed `from` before line `at`.
    SpliceLine {
        from: Index,
        line: Index,
        at: Index,
    },
    /// Replace line `at` with line `line` of seed `from`.
    ReplaceLine {
        from: Index,
        line: Index,
        at: Index,
    },
    DeleteLine(Index),
    /// Replace the number nearest after a position by a token.
    ReplaceNumber(Index, Index),
    /// Replace the value after the next `=` (to the end of its line) by a token.
    ReplaceValue(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        2 => (any::<Index>(), 1usize..24).prop_map(|(i, n)| Mutation::Delete(i, n)),
        3 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(from, line, at)| Mutation::SpliceLine { from, line, at }),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(from, line, at)| Mutation::ReplaceLine { from, line, at }),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::ReplaceNumber(i, t)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::ReplaceValue(i, t)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// A seed (by index into the corpus) and the mutations applied to it.
fn mutant() -> impl Strategy<Value = (Index, Vec<Mutation>)> {
    (any::<Index>(), proptest::collection::vec(mutation(), 1..6))
}

/// Byte ranges of the lines of `bytes`, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// An index in `0..=len` (a position to insert at).
fn position(i: &Index, len: usize) -> usize {
    i.index(len + 1)
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation, corpus: &[Seed]) {
    let len = bytes.len();
    let line_of = |from: &Index, line: &Index| -> Vec<u8> {
        let other = &corpus[from.index(corpus.len())].bytes;
        let ranges = lines(other);
        if ranges.is_empty() {
            return Vec::new();
        }
        let mut l = other[ranges[line.index(ranges.len())].clone()].to_vec();
        if l.last() != Some(&b'\n') {
            l.push(b'\n');
        }
        l
    };
    match m {
        Mutation::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
        Mutation::SetByte(i, b) if len > 0 => bytes[i.index(len)] = *b,
        Mutation::InsertToken(i, t) => {
            let at = position(i, len);
            let token = TOKENS[t.index(TOKENS.len())];
            bytes.splice(at..at, token.iter().copied());
        }
        Mutation::InsertBytes(i, b) => {
            let at = position(i, len);
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::Delete(i, n) if len > 0 => {
            let at = i.index(len);
            bytes.drain(at..(at + n).min(len));
        }
        Mutation::SpliceLine { from, line, at } => {
            let starts: Vec<usize> = lines(bytes).iter().map(|r| r.start).chain([len]).collect();
            let at = starts[at.index(starts.len())];
            let l = line_of(from, line);
            bytes.splice(at..at, l);
        }
        Mutation::ReplaceLine { from, line, at } => {
            let ranges = lines(bytes);
            if !ranges.is_empty() {
                let r = ranges[at.index(ranges.len())].clone();
                let l = line_of(from, line);
                bytes.splice(r, l);
            }
        }
        Mutation::DeleteLine(at) => {
            let ranges = lines(bytes);
            if !ranges.is_empty() {
                bytes.drain(ranges[at.index(ranges.len())].clone());
            }
        }
        Mutation::ReplaceNumber(i, t) if len > 0 => {
            let from = i.index(len);
            let Some(start) = bytes[from..].iter().position(u8::is_ascii_digit) else {
                return;
            };
            let start = from + start;
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'_')))
                .map_or(len, |e| start + e);
            let token = TOKENS[t.index(TOKENS.len())];
            bytes.splice(start..end, token.iter().copied());
        }
        Mutation::ReplaceValue(i, t) if len > 0 => {
            let from = i.index(len);
            let Some(eq) = bytes[from..].iter().position(|&b| b == b'=') else {
                return;
            };
            let start = from + eq + 1;
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |e| start + e);
            let token = TOKENS[t.index(TOKENS.len())];
            let mut value = b" ".to_vec();
            value.extend_from_slice(token);
            bytes.splice(start..end, value);
        }
        Mutation::Truncate(i) => bytes.truncate(i.index(len + 1)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// The checks

/// What happened to one input (for the statistics of a run).
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    inputs: u64,
    scenarios_loaded: u64,
    scenarios_refused: u64,
    simulated: u64,
    edge_lists_read: u64,
    edge_lists_refused: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.inputs += o.inputs;
        self.scenarios_loaded += o.scenarios_loaded;
        self.scenarios_refused += o.scenarios_refused;
        self.simulated += o.simulated;
        self.edge_lists_read += o.edge_lists_read;
        self.edge_lists_refused += o.edge_lists_refused;
    }
}

/// Checks an error message: non-empty, every line non-empty, naming
/// `file`, with no control character.
fn check_message(message: &str, file: &str) -> Result<(), String> {
    if message.trim().is_empty() {
        return Err("an empty error message".into());
    }
    for line in message.split('\n') {
        if line.trim().is_empty() {
            return Err(format!("an empty line in the error message {message:?}"));
        }
        if !line.contains(file) {
            return Err(format!("an error line that does not name {file}: {line:?}"));
        }
        if line.chars().any(char::is_control) {
            return Err(format!("a control character in the error line {line:?}"));
        }
    }
    Ok(())
}

/// A small run of a loaded scenario: at most `TICKS` ticks, and a population
/// small enough that the tick is quick.
const TICKS: u32 = 4;
/// Memory estimate of the largest run simulated (2,000 citizens at mean degree 20).
fn small_run_bytes() -> u64 {
    let mut file = scenario::ScenarioFile::default();
    file.population.size = Some(2_000);
    file.network = Network::WattsStrogatz { k: 20, rewire: 0.1 };
    memory_estimate(&file)
}

fn check_scenario(seed: &Seed, bytes: &[u8], tally: &mut Tally) -> Result<(), String> {
    let shown = seed.path.display().to_string();
    let loaded = match load_bytes(bytes.to_vec(), &seed.path, &Overrides::default()) {
        Ok(s) => s,
        Err(e) => {
            tally.scenarios_refused += 1;
            if e.problems.is_empty() {
                return Err("a refused scenario without problems".into());
            }
            if e.to_string() != e.lines().join("\n") {
                return Err("the error is not its problems, one per line".into());
            }
            for p in e.lines() {
                if !p.starts_with(&format!("{shown}: ")) {
                    return Err(format!("a problem not starting with the file: {p:?}"));
                }
                if p.contains('\n') {
                    return Err(format!("a problem of several lines: {p:?}"));
                }
            }
            return check_message(&e.to_string(), &shown);
        }
    };
    tally.scenarios_loaded += 1;
    let problems = validate(&loaded.file);
    if !problems.is_empty() {
        return Err(format!("a loaded scenario is not valid: {problems:?}"));
    }
    // The resolved scenario (as written to scenario.toml) loads back the same.
    let resolved = to_toml(&loaded.file);
    match load_str(&resolved, &seed.path, &Overrides::default()) {
        Ok(again) if again.file == loaded.file => {}
        Ok(again) => {
            return Err(format!(
                "the resolved scenario loads back different:\n{resolved}\n{:?}\n{:?}",
                loaded.file, again.file
            ))
        }
        Err(e) => {
            return Err(format!(
                "the resolved scenario does not load: {e}\n{resolved}"
            ))
        }
    }

    // Make it small: fewer ticks, and a smaller population if need be.
    let mut overrides = Overrides {
        ticks: Some(loaded.file.ticks.min(TICKS)),
        ..Overrides::default()
    };
    let generated = !matches!(loaded.file.network, Network::File { .. });
    if generated && memory_estimate(&loaded.file) > small_run_bytes() {
        overrides.set.push(("population.size".into(), "200".into()));
    }
    let small = match load_bytes(bytes.to_vec(), &seed.path, &overrides) {
        Ok(s) => s,
        Err(e) => return check_message(&e.to_string(), &shown),
    };
    if generated && memory_estimate(&small.file) > small_run_bytes() {
        return Ok(());
    }
    let mut invariant = Ok(());
    let result = run::simulate(&small, &StopFlag::default(), |sim, _| {
        if invariant.is_ok() {
            invariant = sim.check().map_err(|e| format!("tick {}: {e}", sim.tick));
        }
        Ok(())
    });
    invariant.map_err(|e| format!("an invariant broke: {e}"))?;
    let run = match result {
        Ok(run) => run,
        // A file network is read only now: its errors name the edge list.
        Err(e) if !generated => {
            let message = e.to_string();
            let Network::File { path, .. } = &small.file.network else {
                unreachable!()
            };
            let names_a_file = message.contains(&shown) || message.contains(path.as_str());
            if !names_a_file {
                return Err(format!("a run error naming no file: {message:?}"));
            }
            if message.chars().any(|c| c.is_control() && c != '\n') {
                return Err(format!("a control character in {message:?}"));
            }
            return Ok(());
        }
        Err(e) => return Err(format!("a valid scenario failed to run: {e}")),
    };
    tally.simulated += 1;
    if run.sim.tick != small.file.ticks {
        return Err(format!(
            "ran {} of {} ticks",
            run.sim.tick, small.file.ticks
        ));
    }
    for o in &run.observations {
        if o.metrics.len() != run.columns.len() {
            return Err(format!(
                "tick {}: {} values for {} columns",
                o.tick,
                o.metrics.len(),
                run.columns.len()
            ));
        }
    }
    // Each citizen is in the tier its score falls in.
    let levels: Vec<f64> = run
        .sim
        .params
        .tiers
        .iter()
        .map(|(_, t)| t.min_score)
        .collect();
    for (i, &k) in run.sim.society.tier.iter().enumerate() {
        let (k, score) = (k as usize, run.sim.society.score[i]);
        let fits = k < levels.len()
            && levels[k] <= score
            && levels.get(k + 1).is_none_or(|&next| score < next);
        if !fits {
            return Err(format!(
                "citizen {i} with score {score} is in tier {k} of {levels:?}"
            ));
        }
    }
    // Each group holds its share of the population, to the citizen.
    let n = run.sim.society.len() as f64;
    let last = run.observations.last().unwrap();
    for ((name, group), row) in run.sim.params.population.groups.iter().zip(&last.groups) {
        if (row.count as f64 - group.share * n).abs() >= 1.0 + 1e-6 {
            return Err(format!(
                "group {name} of share {} has {} of {n} citizens",
                group.share, row.count
            ));
        }
    }
    let mut sink = Vec::new();
    let written = csv_files::write_metrics(&mut sink, &run.columns, &run.observations)
        .and_then(|_| csv_files::write_tiers(&mut sink, &run.observations))
        .and_then(|_| csv_files::write_groups(&mut sink, &run.observations))
        .and_then(|_| csv_files::write_citizens(&mut sink, &run.sim, None))
        .and_then(|_| csv_files::write_edges(&mut sink, &run.sim.graph, None));
    written.map_err(|e| format!("writing the CSV files failed: {e}"))
}

/// Node ids in order of first appearance, and ties as (smaller, larger) id.
type Reading = (Vec<u64>, BTreeSet<(u64, u64)>);

/// What a plain reading of the format says the file holds: the ids in order
/// of first appearance and the ties between different ids; `None` if the
/// file is not a valid edge list with at least one tie.
fn reference_reading(bytes: &[u8], format: EdgeListFormat) -> Option<Reading> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let id = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let csv_field = |f: &str| -> String {
        let f = f.trim();
        match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
            Some(inner) => inner.trim().to_string(),
            None => f.to_string(),
        }
    };
    let mut labels = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut ties = BTreeSet::new();
    let mut header_done = format != EdgeListFormat::Csv;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<String> = match format {
            EdgeListFormat::Csv => line.split(',').map(csv_field).collect(),
            _ => {
                if line.starts_with('#') {
                    continue;
                }
                line.split_ascii_whitespace().map(str::to_string).collect()
            }
        };
        // Two ids, or two ids and a weight (a finite number, ignored).
        if fields.len() != 2 && fields.len() != 3 {
            return None;
        }
        if !header_done {
            header_done = true;
            if id(&fields[0]).is_some() && id(&fields[1]).is_some() {
                return None;
            }
            continue;
        }
        let (a, b) = (id(&fields[0])?, id(&fields[1])?);
        if let Some(w) = fields.get(2) {
            if !w.parse::<f64>().is_ok_and(f64::is_finite) {
                return None;
            }
        }
        for x in [a, b] {
            if seen.insert(x) {
                labels.push(x);
            }
        }
        if a != b {
            ties.insert((a.min(b), a.max(b)));
        }
    }
    if ties.is_empty() {
        return None;
    }
    Some((labels, ties))
}

fn check_edge_list(seed: &Seed, bytes: &[u8], tally: &mut Tally) -> Result<(), String> {
    let name = seed
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for format in [
        EdgeListFormat::Csv,
        EdgeListFormat::Snap,
        EdgeListFormat::Auto,
    ] {
        let concrete = format.resolve(&name);
        let expected = reference_reading(bytes, concrete);
        match parse_edge_list(bytes, format, &name) {
            Err(e) => {
                tally.edge_lists_refused += 1;
                let message = e.to_string();
                if message.contains('\n') {
                    return Err(format!(
                        "{format:?}: an error of several lines: {message:?}"
                    ));
                }
                check_message(&message, &name).map_err(|e| format!("{format:?}: {e}"))?;
                if expected.is_some() {
                    return Err(format!(
                        "{format:?}: refused ({message}) but the reference reads it"
                    ));
                }
            }
            Ok(list) => {
                tally.edge_lists_read += 1;
                let g = &list.graph;
                g.check().map_err(|e| format!("{format:?}: graph: {e}"))?;
                if list.labels.len() != g.citizens() {
                    return Err(format!(
                        "{format:?}: {} labels for {} citizens",
                        list.labels.len(),
                        g.citizens()
                    ));
                }
                let Some((labels, ties)) = expected else {
                    return Err(format!("{format:?}: read, but the reference refuses it"));
                };
                if list.labels != labels {
                    return Err(format!(
                        "{format:?}: labels {:?}, reference {:?}",
                        list.labels, labels
                    ));
                }
                let read: BTreeSet<(u64, u64)> = g
                    .edges()
                    .map(|(a, b)| {
                        let (x, y) = (list.labels[a as usize], list.labels[b as usize]);
                        (x.min(y), x.max(y))
                    })
                    .collect();
                if read != ties {
                    return Err(format!("{format:?}: ties {read:?}, reference {ties:?}"));
                }
            }
        }
    }
    Ok(())
}

/// Runs one input under `catch_unwind`: `Err` describes a panic or a broken check.
fn exercise(seed: &Seed, bytes: &[u8]) -> (Tally, Result<(), String>) {
    let mut tally = Tally {
        inputs: 1,
        ..Tally::default()
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| match seed.kind {
        Kind::Scenario => check_scenario(seed, bytes, &mut tally),
        Kind::EdgeList => check_edge_list(seed, bytes, &mut tally),
    }));
    let result = match outcome {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into());
            Err(format!("panicked: {what}"))
        }
    };
    (tally, result)
}

/// Saves a failing input next to cargo's scratch files; returns its path.
fn save_failure(seed: &Seed, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let hash = sesame::output::fingerprint(&String::from_utf8_lossy(bytes));
    let ext = seed
        .path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("bin");
    let stem = seed.path.file_stem().unwrap().to_string_lossy();
    let path = dir.join(format!("crash-{stem}-{hash}.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Fuzzes for at most `budget` or `max_inputs` inputs, from `rng_seed`.
fn fuzz(budget: Duration, max_inputs: u64, rng_seed: u64) -> Tally {
    let corpus = corpus();
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&rng_seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = mutant();
    let t0 = Instant::now();
    let mut tally = Tally::default();
    let mut failures: Vec<String> = Vec::new();
    while t0.elapsed() < budget && tally.inputs < max_inputs && failures.len() < 20 {
        let (which, mutations) = strategy.new_tree(&mut runner).unwrap().current();
        let seed = &corpus[which.index(corpus.len())];
        let mut bytes = seed.bytes.clone();
        for m in &mutations {
            apply(&mut bytes, m, &corpus);
        }
        let (t, result) = exercise(seed, &bytes);
        tally += t;
        if let Err(why) = result {
            let saved = save_failure(seed, &bytes);
            failures.push(format!(
                "{} (mutant of {}): {why}",
                saved.display(),
                seed.path.display()
            ));
        }
    }
    eprintln!(
        "fuzz: seed {rng_seed}, {:.1} s: {tally:?}",
        t0.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failing input(s) (SESAME_FUZZ_SEED={rng_seed} repeats the run):\n{}",
        failures.len(),
        failures.join("\n")
    );
    tally
}

#[test]
fn every_corpus_file_is_handled_as_it_is() {
    let corpus = corpus();
    let mut tally = Tally::default();
    let mut by_kind: HashMap<&str, u64> = HashMap::new();
    for seed in &corpus {
        let (t, result) = exercise(seed, &seed.bytes);
        if let Err(why) = result {
            panic!("{}: {why}", seed.path.display());
        }
        tally += t;
        *by_kind
            .entry(if seed.kind == Kind::Scenario {
                "scenario"
            } else {
                "edge list"
            })
            .or_default() += 1;
    }
    // The seeds are good inputs (the crash-* regression cases may not be):
    // the bundled ones load, run and read.
    let bundled = |s: &&Seed| !s.path.starts_with(manifest_dir().join("tests"));
    // Less those sized for a larger machine (scale-100m.toml), which the
    // memory check alone may refuse here.
    let bundled_scenarios = corpus
        .iter()
        .filter(bundled)
        .filter(|s| s.kind == Kind::Scenario)
        .filter(|s| {
            load_bytes(s.bytes.clone(), &s.path, &Overrides::default())
                .err()
                .is_none_or(|e| !crate::common::is_memory_refusal(&e.to_string()))
        })
        .count();
    assert!(
        tally.scenarios_loaded as usize >= bundled_scenarios,
        "{tally:?}"
    );
    assert!(tally.simulated as usize >= bundled_scenarios, "{tally:?}");
    // Each edge list reads in its own format and by its extension.
    let edge_lists = corpus.iter().filter(|s| s.kind == Kind::EdgeList).count();
    assert!(
        tally.edge_lists_read as usize >= 2 * edge_lists,
        "{tally:?}"
    );
    eprintln!("corpus: {by_kind:?}, {tally:?}");
}

#[test]
fn mutants_never_crash_quick() {
    // A fixed seed: the same inputs on every run; a few seconds at most.
    let tally = fuzz(Duration::from_secs(4), 3000, 20_240_601);
    // Mutants are neither all refused nor all accepted.
    assert!(
        tally.scenarios_loaded > 0 && tally.scenarios_refused > 0,
        "{tally:?}"
    );
    assert!(tally.simulated > 0, "{tally:?}");
    assert!(
        tally.edge_lists_read > 0 && tally.edge_lists_refused > 0,
        "{tally:?}"
    );
}

/// For CI: `SESAME_FUZZ_SECONDS=60 cargo test --release --test it fuzz:: -- --ignored`.
#[test]
#[ignore = "runs for SESAME_FUZZ_SECONDS (default 60)"]
fn mutants_never_crash_for_a_while() {
    let seconds: u64 = std::env::var("SESAME_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let rng_seed: u64 = std::env::var("SESAME_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    fuzz(Duration::from_secs(seconds), u64::MAX, rng_seed);
}

#[test]
fn mutations_change_the_bytes_as_described() {
    let corpus = corpus();
    let first = Index(0);
    let mut b = b"a = 1\nb = 22\n".to_vec();
    apply(&mut b, &Mutation::ReplaceNumber(first, Index(0)), &corpus);
    assert_eq!(b, b"a = nan\nb = 22\n");
    let mut b = b"a = 1\nb = 22\n".to_vec();
    apply(
        &mut b,
        &Mutation::ReplaceValue(Index(u64::MAX / 2), Index(0)),
        &corpus,
    );
    assert_eq!(b, b"a = 1\nb = nan\n");
    let mut b = b"x\ny\n".to_vec();
    apply(&mut b, &Mutation::DeleteLine(first), &corpus);
    assert_eq!(b, b"y\n");
    let mut b = b"x\ny".to_vec();
    apply(
        &mut b,
        &Mutation::SpliceLine {
            from: first,
            line: first,
            at: Index(u64::MAX),
        },
        &corpus,
    );
    assert!(
        b.starts_with(b"x\ny") && b.len() > 3 && b.ends_with(b"\n"),
        "{b:?}"
    );
    let mut b = b"abc".to_vec();
    apply(&mut b, &Mutation::Truncate(first), &corpus);
    assert!(b.is_empty());
    assert_eq!(lines(b"a\nbc"), vec![0..2, 2..4]);
    // The reference reader agrees with the documented formats.
    let (labels, ties) =
        reference_reading(b"s,t\n5,6\n\"6\" , 7\n7,7\n", EdgeListFormat::Csv).unwrap();
    assert_eq!(labels, vec![5, 6, 7]);
    assert_eq!(ties, BTreeSet::from([(5, 6), (6, 7)]));
    assert!(reference_reading(b"1,2\n", EdgeListFormat::Csv).is_none());
    assert!(reference_reading(b"# c\n1 1\n", EdgeListFormat::Snap).is_none());
    let _ = scenario::MAX_TIERS;
}
