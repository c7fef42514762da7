//! Validation of a parsed scenario: every number in its range (the table in
//! [`super::keys`]), and the rules that tie keys together (shares summing to
//! 1, network parameters the population can carry, tiers in order, events
//! that change only what may change during a run). Every problem is
//! collected; a key gets at most one.

use std::path::Path;

use toml::Value;

use super::checks::{check_ranges, Issue};
use super::key_path::KeyPath;
use super::model::{Network, ScenarioFile};
use super::problem::{Problem, ScenarioError};
use super::schema::{node_at, to_table};
use super::set::{flatten, set_at};
use crate::graph::generate;

/// Every problem of `file`; empty when it can be run. (Problems of a file
/// being loaded also name the file and the line: [`super::load`].)
pub fn validate(file: &ScenarioFile) -> Vec<Problem> {
    issues(file)
        .into_iter()
        .map(|i| Problem::at_key(i.path.to_string(), i.message))
        .collect()
}

/// Most groups a population may have (a citizen's group is stored in a byte).
pub const MAX_GROUPS: usize = 256;

/// Most tiers a scenario may have (a citizen's tier is stored in a byte).
pub const MAX_TIERS: usize = 256;

/// Sections that events may change: the rules, not the initial state.
pub const CHANGEABLE_SECTIONS: [&str; 8] = [
    "behaviour",
    "reporting",
    "points",
    "score",
    "tiers",
    "perks",
    "ties",
    "adapt",
];

/// Keys of the changeable sections that only shape the initial state.
const INITIAL_ONLY: [&str; 2] = ["score.initial_mean", "score.initial_sd"];

/// Whether an event may change `path` during a run.
pub fn changeable(path: &KeyPath) -> bool {
    let section = path.first_key().unwrap_or_default();
    CHANGEABLE_SECTIONS.contains(&section)
        && !INITIAL_ONLY
            .iter()
            .any(|k| path.starts_with(&KeyPath::parse(k).unwrap_or_default()))
}

pub(crate) fn issues(file: &ScenarioFile) -> Vec<Issue> {
    let table = Value::Table(to_table(file));
    let mut issues = initial_issues(file, &table);
    issues.extend(parameter_issues(file, &table));
    // The initial records are drawn around initial_mean: a rule of the
    // initial state, checked once the score range is known to be sound.
    let s = &file.score;
    if !flagged(&issues, "score.min") && !flagged(&issues, "score.max") && s.min < s.max {
        within_score_range(file, "score.initial_mean", s.initial_mean, &mut issues);
    }
    event_issues(file, &mut issues);
    issues
}

fn path(key: &str) -> KeyPath {
    KeyPath::parse(key).unwrap_or_default()
}

/// Whether `key` (or a key under it) already has a problem.
fn flagged(issues: &[Issue], key: &str) -> bool {
    let p = path(key);
    issues.iter().any(|i| i.path.starts_with(&p))
}

fn push(issues: &mut Vec<Issue>, key: &str, message: String) {
    issues.push(Issue::new(path(key), message));
}

/// Ranges and rules of what defines the initial state: seed, ticks,
/// population, employment, network, output, events' ticks.
fn initial_issues(file: &ScenarioFile, table: &Value) -> Vec<Issue> {
    let mut issues = Vec::new();
    for section in [
        "seed",
        "ticks",
        "population",
        "employment",
        "network",
        "events",
        "output",
    ] {
        if let (Some(node), Some(value)) = (node_at(&path(section)), table.get(section)) {
            check_ranges(node, value, &path(section), &mut issues);
        }
    }
    if file.seed > i64::MAX as u64 {
        push(
            &mut issues,
            "seed",
            format!(
                "must be an integer in [0, {}] (TOML integers are signed 64-bit)",
                i64::MAX
            ),
        );
    }
    population_rules(file, &mut issues);
    share_sum(
        &mut issues,
        "employment",
        "employment shares",
        file.employment.classes().iter().map(|c| c.share),
    );
    network_rules(file, &mut issues);
    issues
}

fn share_sum(issues: &mut Vec<Issue>, key: &str, what: &str, shares: impl Iterator<Item = f64>) {
    if flagged(issues, key) {
        return;
    }
    let sum: f64 = shares.sum();
    if (sum - 1.0).abs() > 1e-9 {
        push(
            issues,
            key,
            format!("{what} sum to {}; they must sum to 1", round(sum)),
        );
    }
}

/// `x` printed without floating-point noise (0.95, not 0.9500000000000001).
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn population_rules(file: &ScenarioFile, issues: &mut Vec<Issue>) {
    let from_file = matches!(file.network, Network::File { .. });
    if file.population.groups.is_empty() {
        push(
            issues,
            "population.groups",
            "at least one group is required".into(),
        );
    } else if file.population.groups.len() > MAX_GROUPS {
        push(
            issues,
            "population.groups",
            format!(
                "{} groups; at most {MAX_GROUPS} are allowed",
                file.population.groups.len()
            ),
        );
    } else {
        share_sum(
            issues,
            "population.groups",
            "group shares",
            file.population.groups.iter().map(|(_, g)| g.share),
        );
    }
    if from_file || flagged(issues, "population.size") {
        return;
    }
    let Some(n) = file.population.size else {
        return;
    };
    let estimate = memory_estimate(file);
    if let Some(available) = available_memory() {
        if estimate > available {
            push(
                issues,
                "population.size",
                format!(
                    "needs about {} of memory ({n} citizens at mean degree {}), more than the {} available",
                    bytes(estimate),
                    round(mean_degree(&file.network)),
                    bytes(available)
                ),
            );
        }
    }
}

/// The population size a generated network is built with.
fn population(file: &ScenarioFile) -> u64 {
    file.population
        .size
        .unwrap_or(super::model::DEFAULT_POPULATION)
}

/// `fnv1a64:` and 16 lowercase hex digits.
fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("fnv1a64:").is_some_and(|h| {
        h.len() == 16
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn network_rules(file: &ScenarioFile, issues: &mut Vec<Issue>) {
    if let Network::File { path: p, hash, .. } = &file.network {
        if flagged(issues, "network") {
            return;
        }
        let pinned = hash.as_deref().filter(|_| !flagged(issues, "network.hash"));
        if let Some(h) = pinned {
            if !is_fingerprint(h) {
                push(
                    issues,
                    "network.hash",
                    format!("{h:?}: must be `fnv1a64:` and 16 hex digits (sesame writes it; omit it to take the file as it is)"),
                );
            }
        }
        if p.trim().is_empty() {
            push(issues, "network.path", "must name an edge-list file".into());
        } else if Path::new(p).is_file() {
            if let Some(h) = pinned.filter(|h| is_fingerprint(h)) {
                match crate::output::file_fingerprint(Path::new(p)) {
                    Ok(actual) if actual == h => {}
                    Ok(actual) => push(
                        issues,
                        "network.hash",
                        format!(
                            "the edge list (network.path) has changed since this scenario was made: it now hashes to {actual}; \
                             use the original file, or remove network.hash to run on it as it is"
                        ),
                    ),
                    Err(e) => push(issues, "network.path", format!("cannot read {p}: {e}")),
                }
            }
        } else {
            push(
                issues,
                "network.path",
                format!(
                    "no such file{}",
                    if Path::new(p).is_relative() {
                        " (relative paths are read from the scenario file's folder)"
                    } else {
                        ""
                    }
                ),
            );
        }
        return;
    }
    if flagged(issues, "population.size") || flagged(issues, "network") {
        return;
    }
    let n = population(file);
    let n_text = format!("population.size ({n})");
    match &file.network {
        Network::WattsStrogatz { k, .. } => {
            let k = u64::from(*k);
            let mut wrong = Vec::new();
            if k % 2 != 0 {
                wrong.push("even (k/2 neighbours on each side of the ring)".to_string());
            }
            if k >= n {
                wrong.push(format!("less than {n_text}"));
            }
            if !wrong.is_empty() {
                push(
                    issues,
                    "network.k",
                    format!("must be {}", wrong.join(" and ")),
                );
            }
        }
        Network::ErdosRenyi { mean_degree } => {
            let most = n.saturating_sub(1) as f64;
            if *mean_degree > most {
                push(
                    issues,
                    "network.mean_degree",
                    format!("must be at most {n_text} − 1 = {most} (the complete graph)"),
                );
            }
        }
        Network::BarabasiAlbert { m } => {
            if u64::from(*m) >= n {
                push(issues, "network.m", format!("must be less than {n_text}"));
            }
        }
        Network::StochasticBlock {
            communities,
            mean_degree_in,
            mean_degree_out,
        } => {
            let c = u64::from(*communities);
            if c > n {
                push(
                    issues,
                    "network.communities",
                    format!("must be at most {n_text}"),
                );
            } else {
                let smallest = n / c;
                let most_in = smallest.saturating_sub(1) as f64;
                if *mean_degree_in > most_in {
                    push(
                        issues,
                        "network.mean_degree_in",
                        format!(
                            "must be at most {most_in}: the smallest of {c} communities of {n} citizens has {smallest} members"
                        ),
                    );
                }
                // Mean number of citizens outside one's community: n − Σ size² / n.
                let extra = n % c;
                let squares = (c - extra) as f64 * (smallest as f64).powi(2)
                    + extra as f64 * ((smallest + 1) as f64).powi(2);
                let outside = n as f64 - squares / n as f64;
                if *mean_degree_out > outside + 1e-9 {
                    push(
                        issues,
                        "network.mean_degree_out",
                        format!(
                            "must be at most {}: the mean number of citizens outside one's community",
                            round(outside)
                        ),
                    );
                }
            }
        }
        Network::File { .. } => {}
    }
    if flagged(issues, "network") {
        return;
    }
    // The generators' own checks, so that nothing accepted here fails later.
    let size = n as usize;
    let verdict = match &file.network {
        Network::ErdosRenyi { mean_degree } => generate::check_erdos_renyi(size, *mean_degree),
        Network::WattsStrogatz { k, rewire } => {
            generate::check_watts_strogatz(size, *k as usize, *rewire)
        }
        Network::BarabasiAlbert { m } => generate::check_barabasi_albert(size, *m as usize),
        Network::StochasticBlock {
            communities,
            mean_degree_in,
            mean_degree_out,
        } => generate::check_stochastic_block(
            size,
            *communities as usize,
            *mean_degree_in,
            *mean_degree_out,
        ),
        Network::File { .. } => Ok(()),
    };
    if let Err(e) = verdict {
        push(issues, "network", e.to_string());
    }
}

/// A problem at `key` unless `x` lies in [score.min, score.max].
fn within_score_range(file: &ScenarioFile, key: &str, x: f64, issues: &mut Vec<Issue>) {
    let s = &file.score;
    if !flagged(issues, key) && !(s.min..=s.max).contains(&x) {
        push(
            issues,
            key,
            format!("must be in [score.min, score.max] = [{}, {}]", s.min, s.max),
        );
    }
}

/// Ranges and rules of the parameters events may change.
fn parameter_issues(file: &ScenarioFile, table: &Value) -> Vec<Issue> {
    let mut issues = Vec::new();
    for section in CHANGEABLE_SECTIONS {
        if let (Some(node), Some(value)) = (node_at(&path(section)), table.get(section)) {
            check_ranges(node, value, &path(section), &mut issues);
        }
    }
    let s = &file.score;
    let bounds_ok = !flagged(&issues, "score.min") && !flagged(&issues, "score.max");
    if bounds_ok && s.min >= s.max {
        push(
            &mut issues,
            "score.max",
            format!("must be greater than score.min ({})", s.min),
        );
    }
    if bounds_ok && s.min < s.max {
        within_score_range(
            file,
            "score.reversion_target",
            s.reversion_target,
            &mut issues,
        );
    }
    tier_rules(file, &mut issues);
    issues
}

fn tier_rules(file: &ScenarioFile, issues: &mut Vec<Issue>) {
    let tiers = &file.tiers;
    if tiers.is_empty() {
        push(issues, "tiers", "at least one tier is required".into());
        return;
    }
    if tiers.len() > MAX_TIERS {
        push(
            issues,
            "tiers",
            format!("{} tiers; at most {MAX_TIERS} are allowed", tiers.len()),
        );
        return;
    }
    let key = |name: &str, field: &str| KeyPath::root().key("tiers").key(name).key(field);
    let mut previous: Option<(&str, f64)> = None;
    for (position, (name, tier)) in tiers.iter().enumerate() {
        let here = key(name, "min_score");
        if issues.iter().any(|i| i.path == here) {
            previous = None;
            continue;
        }
        if position == 0 {
            if !flagged(issues, "score.min") && tier.min_score > file.score.min {
                issues.push(Issue::new(
                    here,
                    format!(
                        "must be at most score.min ({}): the first tier holds the lowest scores",
                        file.score.min
                    ),
                ));
            }
        } else if let Some((before, min)) = previous {
            if tier.min_score <= min {
                issues.push(Issue::new(
                    here,
                    format!(
                        "must be greater than tiers.{before}.min_score ({min}): tiers are listed in increasing min_score"
                    ),
                ));
            }
        }
        previous = Some((name, tier.min_score));
    }
    let known: Vec<&str> = file.perks.names().collect();
    for (name, tier) in tiers.iter() {
        let unknown: Vec<&str> = tier
            .perks
            .iter()
            .map(String::as_str)
            .filter(|p| !known.contains(p))
            .collect();
        if !unknown.is_empty() {
            issues.push(Issue::new(
                key(name, "perks"),
                format!(
                    "unknown perk{} {}; the perks are: {}",
                    if unknown.len() > 1 { "s" } else { "" },
                    super::schema::choices(&unknown),
                    if known.is_empty() {
                        "(none)".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
    }
}

/// Applies the events in tick order (file order within a tick) to a copy of
/// the scenario and checks each one: its keys known and changeable, its
/// values of the right type, and the parameters valid after it. A problem is
/// reported at the event that causes it.
fn event_issues(file: &ScenarioFile, issues: &mut Vec<Issue>) {
    let mut order: Vec<usize> = (0..file.events.len()).collect();
    order.sort_by_key(|&i| file.events[i].at_tick);
    let mut state = file.clone();
    state.events.clear();
    let mut before = parameter_issues(&state, &Value::Table(to_table(&state)));
    // The events of one tick all apply before the tick runs: check the
    // parameters after each tick's events, not between them.
    for tick_events in order.chunk_by(|&a, &b| file.events[a].at_tick == file.events[b].at_tick) {
        let mut applied = Vec::new();
        for &i in tick_events {
            let set_path = KeyPath::root().key("events").index(i).key("set");
            for (key, value) in flatten(&file.events[i].set) {
                let here = set_path.key(&key);
                match apply_assignment(&mut state, &key, value) {
                    Ok(target) => applied.push((target, here)),
                    Err(problem) => issues.push(Issue::new(here, problem.to_string())),
                }
            }
        }
        let last = tick_events[tick_events.len() - 1];
        let after = parameter_issues(&state, &Value::Table(to_table(&state)));
        for issue in after.iter().filter(|a| !before.contains(a)) {
            match applied
                .iter()
                .rev()
                .find(|(target, _)| issue.path.starts_with(target))
            {
                Some((_, here)) => issues.push(Issue::new(here.clone(), issue.message.clone())),
                None => issues.push(Issue::new(
                    KeyPath::root().key("events").index(last),
                    format!(
                        "after the events of tick {}, {}: {}",
                        file.events[last].at_tick, issue.path, issue.message
                    ),
                )),
            }
        }
        before = after;
    }
}

/// Applies one assignment of an event to `state`: the key must parse, be
/// changeable during a run, and take a value of this type.
fn apply_assignment(
    state: &mut ScenarioFile,
    key: &str,
    value: Value,
) -> Result<KeyPath, ScenarioError> {
    let target = KeyPath::parse(key)?;
    if !changeable(&target) {
        return Err(ScenarioError::new(format!(
            "cannot change during a run: events may change only {}, except {}",
            CHANGEABLE_SECTIONS.join(", "),
            INITIAL_ONLY.join(" and ")
        )));
    }
    let names = |s: &ScenarioFile| -> [Vec<String>; 2] {
        [
            s.tiers.names().map(str::to_string).collect(),
            s.perks.names().map(str::to_string).collect(),
        ]
    };
    let before = names(state);
    let saved = state.clone();
    match set_at(state, &target, value) {
        Ok(()) => {}
        Err(issue) if issue.path == target => return Err(ScenarioError::new(issue.message)),
        Err(issue) => {
            return Err(ScenarioError::at_key(issue.path.to_string(), issue.message));
        }
    }
    // The tier rows and perk columns of the outputs are fixed at the start.
    let after = names(state);
    for (what, (was, now)) in ["tiers", "perks"].iter().zip(before.iter().zip(&after)) {
        if was != now {
            // Undo it, so the checks after this event do not report it again.
            *state = saved;
            let added: Vec<&str> = now
                .iter()
                .filter(|n| !was.contains(n))
                .map(String::as_str)
                .collect();
            let hint = match added.as_slice() {
                [] => String::new(),
                names => format!(
                    "; declare {} in [{what}] and change {} here",
                    names.join(", "),
                    if names.len() > 1 { "them" } else { "it" }
                ),
            };
            return Err(ScenarioError::new(format!(
                "events may change the values of {what} but not add, remove or rename them \
                 (the outputs list the same {what} at every tick): the {what} are {}{hint}",
                if was.is_empty() {
                    "(none)".to_string()
                } else {
                    was.join(", ")
                }
            )));
        }
    }
    Ok(target)
}

/// Things that are allowed but probably not meant: events after the last
/// tick (they never fire), tiers and perks no score can reach.
pub fn warnings(file: &ScenarioFile) -> Vec<String> {
    let mut out = Vec::new();
    if file.output.edges_initial && file.output.edges == super::model::FileFormat::None {
        out.push(
            "output.edges_initial = true writes nothing with output.edges = \"none\" \
             (edges_initial.csv takes the format of edges.csv)"
                .to_string(),
        );
    }
    for (i, event) in file.events.iter().enumerate() {
        if event.at_tick > file.ticks {
            out.push(format!(
                "events[{i}] at tick {} comes after the last tick ({}); it will not happen",
                event.at_tick, file.ticks
            ));
        }
    }
    for (name, group) in file.population.groups.iter() {
        let Some(like) = super::model::resembled_default_group(name) else {
            continue;
        };
        let general = super::model::Group::default();
        let theirs = super::model::group_defaults_for(like).unwrap_or_default();
        let laws = [
            (
                "punctuality",
                group.punctuality,
                general.punctuality,
                theirs.punctuality,
            ),
            ("dissent", group.dissent, general.dissent, theirs.dissent),
            (
                "patriotism",
                group.patriotism,
                general.patriotism,
                theirs.patriotism,
            ),
            (
                "vigilance",
                group.vigilance,
                general.vigilance,
                theirs.vigilance,
            ),
            ("fear", group.fear, general.fear, theirs.fear),
        ];
        let took_general: Vec<&str> = laws
            .iter()
            .filter(|(_, mine, g, t)| mine == g && g != t)
            .map(|(law, ..)| *law)
            .collect();
        if !took_general.is_empty() {
            out.push(format!(
                "group {name:?} is not {like:?} (names match exactly): its {} {} the general group defaults (conformists' laws), \
                 not those of {like}; name it {like:?} or write its laws",
                took_general.join(", "),
                if took_general.len() == 1 { "is" } else { "are" }
            ));
        }
    }
    for (name, tier) in file.tiers.iter() {
        if tier.min_score > file.score.max {
            out.push(format!(
                "tier {name} starts at {}, above score.max ({}); no citizen can reach it",
                tier.min_score, file.score.max
            ));
        }
    }
    for (name, perk) in file.perks.iter() {
        if perk.min_score > file.score.max {
            out.push(format!(
                "perk {name} starts at {}, above score.max ({}); no citizen can hold it by score",
                perk.min_score, file.score.max
            ));
        }
    }
    out
}

/// Bytes per citizen of the simulation state (traits, scores, counters,
/// double buffers, graph offsets, the scratch of a tick and of a record),
/// beyond its friend lists. Measured: the peak resident memory of
/// `scenarios/scale-100m.toml` (Watts–Strogatz k = 10, 3 ticks, measures at
/// ticks 0 and 3, no per-citizen files) was 210 bytes a citizen at 10
/// million citizens and 168 at 30 million (friend lists edited in place),
/// that is 130 bytes besides 4 or 8 per tie end (docs/performance.md, "100
/// million citizens").
pub const BYTES_PER_CITIZEN: u64 = 130;

/// Bytes per tie endpoint: its 4-byte friend id in the adjacency. Measured
/// as above, and from the same run at 4 million citizens with k = 10 and
/// k = 20 (7.3 bytes a tie end more, with the second copy).
pub const BYTES_PER_TIE_END: u64 = 4;

/// Bytes per tie endpoint of the second adjacency the tie phase fills while
/// the society has fewer than [`crate::engine::EDIT_IN_PLACE_FROM`] tie
/// ends (above, the friend lists are edited in place).
pub const BYTES_PER_TIE_END_COPIED: u64 = 4;

/// Bytes a run takes whatever its size (the program, thread stacks, the
/// allocator's arenas): the 1-million-citizen run's peak beyond its
/// per-citizen bytes, rounded up.
pub const BYTES_FIXED: u64 = 64 << 20;

/// The expected mean degree of the initial network (0 for a file network,
/// whose size is known only once read).
fn mean_degree(network: &Network) -> f64 {
    let d = match network {
        Network::ErdosRenyi { mean_degree } => *mean_degree,
        Network::WattsStrogatz { k, .. } => f64::from(*k),
        Network::BarabasiAlbert { m } => 2.0 * f64::from(*m),
        Network::StochasticBlock {
            mean_degree_in,
            mean_degree_out,
            ..
        } => mean_degree_in + mean_degree_out,
        Network::File { .. } => 0.0,
    };
    if d.is_finite() && d > 0.0 {
        d
    } else {
        0.0
    }
}

/// An estimate in bytes of the peak memory a run of `file` needs:
/// [`BYTES_FIXED`], plus per citizen [`BYTES_PER_CITIZEN`] and, per tie
/// endpoint at the initial mean degree, [`BYTES_PER_TIE_END`] (and
/// [`BYTES_PER_TIE_END_COPIED`] while the ties are fewer than the engine
/// edits in place). Calibrated on measured peaks from 1 to 30 million
/// citizens, to within 8 % (docs/performance.md); the per-citizen files
/// are written from the simulation's state and add little. A file network
/// counts as 0 here: its size is known only when the edge list is read,
/// and the reader checks it.
pub fn memory_estimate(file: &ScenarioFile) -> u64 {
    if matches!(file.network, Network::File { .. }) {
        return 0;
    }
    let n = population(file) as f64;
    let ends = n * mean_degree(&file.network);
    let per_end = if ends < crate::engine::EDIT_IN_PLACE_FROM as f64 {
        BYTES_PER_TIE_END + BYTES_PER_TIE_END_COPIED
    } else {
        BYTES_PER_TIE_END
    };
    let total = BYTES_FIXED as f64 + n * BYTES_PER_CITIZEN as f64 + ends * per_end as f64;
    if total >= u64::MAX as f64 {
        u64::MAX
    } else {
        total as u64
    }
}

/// Memory available to a new process, from `MemAvailable` in /proc/meminfo;
/// `None` where that is not known (the memory check is then skipped).
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// `bytes` in binary units, one decimal (`1.5 GiB`).
fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut x = n as f64 / 1024.0;
    let mut unit = 0;
    while x >= 1024.0 && unit + 1 < UNITS.len() {
        x /= 1024.0;
        unit += 1;
    }
    format!("{x:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(file: &ScenarioFile) -> Vec<String> {
        validate(file).into_iter().filter_map(|p| p.key).collect()
    }

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(validate(&ScenarioFile::default()), vec![]);
        assert!(warnings(&ScenarioFile::default()).is_empty());
    }

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(bytes(10), "10 bytes");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(3 << 30), "3.0 GiB");
    }

    #[test]
    fn memory_estimate_counts_citizens_and_ties() {
        let mut f = ScenarioFile::default();
        f.population.size = Some(1000);
        // Watts–Strogatz k = 10: 64 MiB + 1000 × (130 + 8 × 10), a second
        // adjacency while the ties are few.
        assert_eq!(memory_estimate(&f), (64 << 20) + 1000 * (130 + 8 * 10));
        f.network = Network::BarabasiAlbert { m: 3 };
        assert_eq!(memory_estimate(&f), (64 << 20) + 1000 * (130 + 8 * 6));
        // 100 million citizens × 10: edited in place, 4 bytes a tie end.
        f.population.size = Some(100_000_000);
        f.network = Network::WattsStrogatz { k: 10, rewire: 0.1 };
        assert_eq!(
            memory_estimate(&f),
            (64 << 20) + 100_000_000 * (130 + 4 * 10)
        );
        assert!(memory_estimate(&f) < 16 << 30);
    }

    #[test]
    fn shares_must_sum_to_one() {
        let mut f = ScenarioFile::default();
        f.population.groups.0[0].1.share = 0.8;
        assert_eq!(
            validate(&f)[0].message,
            "group shares sum to 0.95; they must sum to 1"
        );
        f.employment.retired.share = 0.2;
        assert_eq!(keys(&f), vec!["population.groups", "employment"]);
    }

    #[test]
    fn scores_and_tiers_hang_together() {
        let mut f = ScenarioFile::default();
        f.score.max = 300.0;
        f.score.min = 400.0;
        assert_eq!(keys(&f), vec!["score.max"]);
        let mut f = ScenarioFile::default();
        f.score.initial_mean = 1000.0;
        f.tiers.0[2].1.min_score = 500.0; // good below fair
        f.tiers.0[0].1.perks = vec!["vip".into()];
        assert_eq!(
            keys(&f),
            vec![
                "tiers.good.min_score",
                "tiers.blacklisted.perks",
                "score.initial_mean",
            ]
        );
        let mut f = ScenarioFile::default();
        f.tiers.0[0].1.min_score = 400.0;
        assert_eq!(keys(&f), vec!["tiers.blacklisted.min_score"]);
    }

    #[test]
    fn events_may_only_change_the_rules() {
        assert!(changeable(&path("reporting.reward")));
        assert!(changeable(&path("tiers.fair.min_score")));
        assert!(!changeable(&path("score.initial_mean")));
        assert!(!changeable(&path("population.groups.dissidents.share")));
        assert!(!changeable(&path("seed")));
        assert!(!changeable(&path("events")));
    }

    #[test]
    fn generator_checks_agree_with_the_rules_here() {
        // Any network accepted here is accepted by the generator's own checks:
        // the safety net never fires on these borderline cases.
        for (n, k) in [(3u64, 2u32), (11, 10), (100, 98)] {
            let mut f = ScenarioFile::default();
            f.population.size = Some(n);
            f.network = Network::WattsStrogatz { k, rewire: 0.5 };
            assert_eq!(validate(&f), vec![], "n = {n}, k = {k}");
        }
        for (n, c, d_in, d_out) in [(10u64, 3u32, 2.0, 6.6), (7, 7, 0.0, 6.0), (5, 1, 4.0, 0.0)] {
            let mut f = ScenarioFile::default();
            f.population.size = Some(n);
            f.network = Network::StochasticBlock {
                communities: c,
                mean_degree_in: d_in,
                mean_degree_out: d_out,
            };
            assert_eq!(validate(&f), vec![], "{n} {c} {d_in} {d_out}");
        }
    }
}
