//! Scenario loading against the library: defaults round-trip, every class of
//! bad input gives one clear line (file, key, value, line, what is allowed),
//! several problems are all reported, `--set` parses and takes precedence,
//! and random overrides never panic.

use std::path::Path;

use proptest::prelude::*;
use sesame::scenario::model::{Network, TieRule};
use sesame::scenario::{
    self, load, load_bytes, load_str, parse_value, set_key, to_toml, validate, warnings, Overrides,
    Scenario, ScenarioError, ScenarioFile,
};

use crate::common::{is_memory_refusal, scratch, write};

fn from_text(text: &str) -> Result<Scenario, ScenarioError> {
    load_str(text, Path::new("scenarios/x.toml"), &Overrides::default())
}

fn with_sets(text: &str, sets: &[(&str, &str)]) -> Result<Scenario, ScenarioError> {
    let overrides = Overrides {
        set: sets
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Overrides::default()
    };
    load_str(text, Path::new("scenarios/x.toml"), &overrides)
}

/// The problems of a scenario that must fail.
fn problems(result: Result<Scenario, ScenarioError>) -> Vec<String> {
    match result {
        Ok(s) => panic!("expected problems, loaded {:?}", s.file.name),
        Err(e) => e.lines(),
    }
}

/// The one problem of a scenario that must fail with exactly one.
fn one_problem(result: Result<Scenario, ScenarioError>) -> String {
    let mut p = problems(result);
    assert_eq!(p.len(), 1, "expected one problem, got {p:#?}");
    p.remove(0)
}

// ---------------------------------------------------------------------------
// Defaults and round trips

#[test]
fn the_mutation_seed_scenario_is_valid() {
    let s = load_str(MUTATED, Path::new("m.toml"), &Overrides::default()).unwrap();
    assert_eq!(s.file.tiers.len(), 2);
    assert_eq!(s.file.events.len(), 1);
}

#[test]
fn an_empty_scenario_is_valid_and_round_trips() {
    let s = from_text("").unwrap();
    assert_eq!(s.file.population.size, Some(10_000));
    assert_eq!(validate(&s.file), vec![]);
    let again = from_text(&to_toml(&s.file)).unwrap();
    assert_eq!(again.file, s.file);
}

#[test]
fn every_default_is_written_out_and_reads_back() {
    let s = from_text("").unwrap();
    let text = to_toml(&s.file);
    let table: toml::Table = text.parse().unwrap();
    let defaults = toml::Table::try_from(&s.file).unwrap();
    // Same keys, same values, whatever the layout.
    assert_eq!(table, defaults);
    for key in [
        "size = 10000",
        "friend_weight = 0.2",
        "cut_rate = 0.05",
        "metrics_every = 1",
        "kind = \"watts_strogatz\"",
    ] {
        assert!(text.contains(key), "{key} missing from\n{text}");
    }
}

#[test]
fn shipped_scenarios_load_and_their_resolved_form_loads_back_the_same() {
    let dir = scratch("scenario", "files");
    let mut seen = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let s = match load(&path, &Overrides::default()) {
            Ok(s) => s,
            // A scenario sized for a larger machine (scale-100m.toml): only
            // the memory check may refuse it, and at a size that fits it loads.
            Err(e) if is_memory_refusal(&e.to_string()) => {
                let small = Overrides {
                    set: vec![("population.size".into(), "1000".into())],
                    ..Overrides::default()
                };
                load(&path, &small).unwrap_or_else(|e| panic!("{e}"))
            }
            Err(e) => panic!("{e}"),
        };
        let resolved = write(&dir, "resolved.toml", to_toml(&s.file));
        let again = load(&resolved, &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.file, s.file, "{}", path.display());
        // Loading the resolved text is a fixed point of to_toml too.
        assert_eq!(to_toml(&again.file), to_toml(&s.file));
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn a_relative_edge_list_is_read_from_the_scenario_folder_and_stored_absolute() {
    let dir = scratch("scenario", "files");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    write(&dir, "data/edges.csv", "source,target\n0,1\n1,2\n");
    let path = write(
        &dir,
        "net.toml",
        "[network]\nkind = \"file\"\npath = \"data/edges.csv\"\n",
    );
    let s = load(&path, &Overrides::default()).unwrap();
    let Network::File { path: stored, .. } = &s.file.network else {
        panic!("not a file network");
    };
    assert!(Path::new(stored).is_absolute(), "{stored}");
    assert!(Path::new(stored).is_file());
    assert_eq!(s.file.population.size, None);
    // The resolved scenario loads from anywhere.
    let elsewhere = scratch("scenario", "files");
    let moved = write(&elsewhere, "moved.toml", to_toml(&s.file));
    assert_eq!(load(&moved, &Overrides::default()).unwrap().file, s.file);
}

// ---------------------------------------------------------------------------
// One clear line per bad input

#[test]
fn unknown_key_lists_the_allowed_keys() {
    let p = one_problem(from_text("name = \"x\"\n\n[score]\nfriend_weigt = 0.3\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: score.friend_weigt = 0.3 at line 4: unknown key; allowed: min, max, \
         initial_mean, initial_sd, friend_weight, spillover, reversion, reversion_target, \
         isolation_penalty"
    );
    let p = one_problem(from_text("[scor]\nmin = 1\n"));
    assert!(
        p.starts_with("scenarios/x.toml: scor at line 1: unknown key; allowed: name, description, seed, ticks, population,"),
        "{p}"
    );
    let p = one_problem(from_text(
        "[population.groups.rebels]\nshare = 1\nanger = { alpha = 1, beta = 1 }\n",
    ));
    assert!(
        p.starts_with("scenarios/x.toml: population.groups.rebels.anger at line 3: unknown key; allowed: share, punctuality, dissent,"),
        "{p}"
    );
}

/// Found by the fuzzer: a name the user wrote, echoed in a message, must not
/// carry its control characters to the terminal.
#[test]
fn an_unknown_name_with_a_control_character_is_echoed_escaped() {
    let p = one_problem(with_sets("", &[("tiers.fair.perks", "[\"visa\\t\"]")]));
    assert!(
        p.contains(r#"unknown perk "visa\t"; the perks are:"#),
        "{p}"
    );
    assert!(!p.chars().any(char::is_control), "{p:?}");
}

#[test]
fn wrong_type_says_what_is_expected() {
    let p = one_problem(from_text("ticks = \"many\"\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: ticks = \"many\" at line 1: must be an integer in [1, 10000000] (found a string)"
    );
    let p = one_problem(from_text("[ties]\nrule = \"random\"\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: ties.rule = \"random\" at line 2: must be one of \"utility\" or \"threshold\""
    );
    let p = one_problem(from_text("[network]\nk = 4.5\n"));
    assert!(
        p.contains(
            "network.k = 4.5 at line 2: must be an integer in [2, 4294967295] (found a float)"
        ),
        "{p}"
    );
    let p = one_problem(from_text("[behaviour]\nenabled = 1\n"));
    assert!(
        p.ends_with("behaviour.enabled = 1 at line 2: must be true or false (found an integer)"),
        "{p}"
    );
    let p = one_problem(from_text("score = 3\n"));
    assert!(
        p.ends_with("score = 3 at line 1: must be a table (found an integer)"),
        "{p}"
    );
}

#[test]
fn shares_must_sum_to_one() {
    let text = "[population.groups.conformists]\nshare = 0.8\n\n[population.groups.dissidents]\nshare = 0.1\n";
    let p = one_problem(from_text(text));
    assert_eq!(
        p,
        "scenarios/x.toml: population.groups at line 1: group shares sum to 0.9; they must sum to 1"
    );
    let p = one_problem(from_text("[employment.retired]\nshare = 0.3\n"));
    assert!(p.contains("employment"), "{p}");
    assert!(
        p.ends_with("employment shares sum to 1.18; they must sum to 1"),
        "{p}"
    );
}

#[test]
fn probability_above_one_names_key_value_and_line() {
    // The issue's own example, with the key on line 31.
    let mut text = String::from("name = \"x\"\n");
    for i in 0..28 {
        text.push_str(&format!("# comment {i}\n"));
    }
    text.push_str("[ties]\ncut_rate = 1.7\n");
    assert_eq!(text.lines().count(), 31);
    let p = one_problem(from_text(&text));
    assert_eq!(
        p,
        "scenarios/x.toml: ties.cut_rate = 1.7 at line 31: must be in [0, 1]"
    );
}

#[test]
fn nan_and_infinity_are_refused() {
    let p = one_problem(from_text("[score]\nfriend_weight = nan\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: score.friend_weight = nan at line 2: must be in [0, 1)"
    );
    let p = one_problem(from_text("[reporting]\nreward = inf\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: reporting.reward = inf at line 2: must be at least 0"
    );
    let p = one_problem(from_text("[ties]\nfriendship_value = -inf\n"));
    assert!(
        p.ends_with("ties.friendship_value = -inf at line 2: must be a finite number"),
        "{p}"
    );
}

#[test]
fn negative_or_zero_sizes_are_refused() {
    let p = one_problem(from_text("[population]\nsize = -5\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: population.size = -5 at line 2: must be an integer in [1, 4294967295]"
    );
    let p = one_problem(from_text("[population]\nsize = 0\n"));
    assert!(
        p.ends_with("population.size = 0 at line 2: must be an integer in [1, 4294967295]"),
        "{p}"
    );
    let p = one_problem(from_text("[output]\nmetrics_every = 0\n"));
    assert!(
        p.ends_with("output.metrics_every = 0 at line 2: must be an integer in [1, 4294967295]"),
        "{p}"
    );
}

#[test]
fn watts_strogatz_k_must_be_even_and_below_the_population() {
    let p = one_problem(from_text("[population]\nsize = 10\n[network]\nk = 10\n"));
    assert_eq!(
        p,
        "scenarios/x.toml: network.k = 10 at line 4: must be less than population.size (10)"
    );
    let p = one_problem(from_text("[population]\nsize = 100\n[network]\nk = 5\n"));
    assert!(
        p.ends_with(
            "network.k = 5 at line 4: must be even (k/2 neighbours on each side of the ring)"
        ),
        "{p}"
    );
    let p = one_problem(from_text("[population]\nsize = 5\n[network]\nk = 7\n"));
    assert!(p.contains("must be even (k/2 neighbours on each side of the ring) and less than population.size (5)"), "{p}");
}

#[test]
fn other_generators_check_their_parameters_against_the_population() {
    let p = one_problem(from_text(
        "[population]\nsize = 10\n[network]\nkind = \"barabasi_albert\"\nm = 10\n",
    ));
    assert!(
        p.ends_with("network.m = 10 at line 5: must be less than population.size (10)"),
        "{p}"
    );
    let p = one_problem(from_text(
        "[population]\nsize = 10\n[network]\nkind = \"erdos_renyi\"\nmean_degree = 12\n",
    ));
    assert!(
        p.contains("network.mean_degree = 12 at line 5: must be at most"),
        "{p}"
    );
    let p = one_problem(from_text(
        "[population]\nsize = 10\n[network]\nkind = \"stochastic_block\"\ncommunities = 11\nmean_degree_in = 1\nmean_degree_out = 1\n",
    ));
    assert!(
        p.contains("network.communities = 11 at line 5: must be at most population.size (10)"),
        "{p}"
    );
    let p = one_problem(from_text(
        "[population]\nsize = 10\n[network]\nkind = \"stochastic_block\"\ncommunities = 2\nmean_degree_in = 5\nmean_degree_out = 1\n",
    ));
    assert!(
        p.contains("network.mean_degree_in = 5 at line 6: must be at most 4"),
        "{p}"
    );
}

#[test]
fn a_missing_edge_list_is_named() {
    let dir = scratch("scenario", "files");
    let path = write(
        &dir,
        "net.toml",
        "[network]\nkind = \"file\"\npath = \"nowhere.csv\"\n",
    );
    let p = one_problem(load(&path, &Overrides::default()));
    assert!(
        p.starts_with(&format!("{}: network.path = \"", path.display())),
        "{p}"
    );
    assert!(p.ends_with("nowhere.csv\" at line 3: no such file"), "{p}");
    let p = one_problem(from_text("[network]\nkind = \"file\"\npath = \"\"\n"));
    assert!(
        p.ends_with("network.path = \"\" at line 3: must name an edge-list file"),
        "{p}"
    );
    let p = one_problem(from_text("[network]\nkind = \"file\"\n"));
    assert!(
        p.contains("network.path (in the table at line 1): missing; required when kind = \"file\""),
        "{p}"
    );
}

#[test]
fn an_absurd_population_is_refused_with_the_memory_estimate() {
    let text = "[population]\nsize = 4000000000\n";
    let result = from_text(text);
    let file = {
        let mut f = ScenarioFile::default();
        f.population.size = Some(4_000_000_000);
        f
    };
    // 64 MiB + 4e9 citizens × (130 + 4 × 10) bytes ≈ 633 GiB.
    let estimate = (64 << 20) + 680_000_000_000;
    assert_eq!(scenario::memory_estimate(&file), estimate);
    match scenario::available_memory() {
        Some(available) if available < estimate => {
            let p = one_problem(result);
            assert!(
                p.starts_with("scenarios/x.toml: population.size = 4000000000 at line 2: needs about 633.4 GiB of memory (4000000000 citizens at mean degree 10), more than the"),
                "{p}"
            );
        }
        _ => eprintln!("memory check skipped: MemAvailable unknown or huge"),
    }
}

#[test]
fn events_are_checked_when_loaded() {
    let base = "ticks = 100\n\n[[events]]\nat_tick = 50\n";
    // Unknown key.
    let p = one_problem(from_text(&format!(
        "{base}set = {{ \"reporting.rewrd\" = 3 }}\n"
    )));
    assert!(
        p.starts_with("scenarios/x.toml: events[0].set.\"reporting.rewrd\" = 3 at line 5: unknown key; allowed: enabled, surveillance,"),
        "{p}"
    );
    // Out-of-range value.
    let p = one_problem(from_text(&format!(
        "{base}set = {{ \"reporting.accuracy\" = 1.5 }}\n"
    )));
    assert_eq!(
        p,
        "scenarios/x.toml: events[0].set.\"reporting.accuracy\" = 1.5 at line 5: must be in [0, 1]"
    );
    // Wrong type.
    let p = one_problem(from_text(&format!("{base}set = {{ \"ties.rule\" = 3 }}\n")));
    assert!(p.ends_with("events[0].set.\"ties.rule\" = 3 at line 5: must be one of \"utility\" or \"threshold\" (found an integer)"), "{p}");
    // A key that defines the initial state.
    for key in [
        "population.size",
        "network.k",
        "seed",
        "ticks",
        "output.metrics_every",
        "name",
        "employment.retired.share",
        "score.initial_mean",
    ] {
        let p = one_problem(from_text(&format!("{base}set = {{ \"{key}\" = 3 }}\n")));
        let shown = if key.contains('.') {
            format!("\"{key}\"")
        } else {
            key.to_string()
        };
        assert!(
            p.contains(&format!(
                "events[0].set.{shown} = 3 at line 5: cannot change during a run"
            )),
            "{p}"
        );
    }
    // Nested tables are the same dotted keys.
    let p = one_problem(from_text(&format!("{base}set.reporting.accuracy = 2\n")));
    assert!(
        p.ends_with("events[0].set.\"reporting.accuracy\" = 2 at line 5: must be in [0, 1]"),
        "{p}"
    );
    // at_tick 0 is before the run.
    let p = one_problem(from_text(
        "[[events]]\nat_tick = 0\nset = { \"reporting.reward\" = 3 }\n",
    ));
    assert!(
        p.ends_with("events[0].at_tick = 0 at line 2: must be an integer in [1, 4294967295]"),
        "{p}"
    );
    let p = one_problem(from_text(
        "[[events]]\nset = { \"reporting.reward\" = 3 }\n",
    ));
    assert!(
        p.contains("events[0].at_tick (in the table at line 1): missing"),
        "{p}"
    );
}

#[test]
fn events_apply_cumulatively_in_tick_order() {
    // The later event (in the file, first) raises score.min above a tier that
    // the earlier event (in the file, second) had already moved.
    // In tick order the tier moves down first, then the score range: valid.
    // In file order the range would move first, leaving no tier for 250-349.
    let text = "[[events]]\nat_tick = 20\nset = { \"score.min\" = 250 }\n\n[[events]]\nat_tick = 10\nset = { \"tiers.blacklisted.min_score\" = 250 }\n";
    assert!(from_text(text).is_ok(), "{:?}", from_text(text).err());
    // At the same tick both apply before the tick runs, in either order.
    let same_tick = text.replace("at_tick = 10", "at_tick = 20");
    assert!(from_text(&same_tick).is_ok());
    // Moving only the range leaves the lowest scores without a tier.
    let lone = "[[events]]\nat_tick = 20\nset = { \"score.min\" = 250 }\n";
    let p = one_problem(from_text(lone));
    assert!(p.ends_with("events[0] at line 1: after the events of tick 20, tiers.blacklisted.min_score: must be at most score.min (250): the first tier holds the lowest scores"), "{p}");
    let bad = "[[events]]\nat_tick = 20\nset = { \"score.max\" = 300 }\n";
    let p = one_problem(from_text(bad));
    assert!(
        p.ends_with(
            "events[0].set.\"score.max\" = 300 at line 3: must be greater than score.min (350)"
        ),
        "{p}"
    );
    // A problem caused elsewhere is reported at the event, naming the key.
    let moved = "[[events]]\nat_tick = 5\nset = { \"score.min\" = 900 }\n";
    let p = one_problem(from_text(moved));
    assert!(p.contains("events[0] at line 1: after the events of tick 5, score.reversion_target: must be in [score.min, score.max] = [900, 950]"), "{p}");
    // Valid events change nothing at load.
    let s = from_text("[[events]]\nat_tick = 5\nset = { \"reporting.reward\" = 30 }\n").unwrap();
    assert_eq!(s.file.reporting.reward, 10.0);
}

#[test]
fn group_laws_depend_on_the_exact_name_only_and_a_near_miss_is_a_warning() {
    let text = "[population.groups.conformists]\nshare = 0.9\n[population.groups.Dissidents]\nshare = 0.1\n";
    let s = from_text(text).unwrap();
    let general = scenario::model::Group::default();
    let dissidents = scenario::model::group_defaults_for("dissidents").unwrap();
    let named = s.file.population.groups.get("Dissidents").unwrap();
    assert_eq!(named.dissent, general.dissent, "not the dissidents' laws");
    assert_ne!(named.dissent, dissidents.dissent);
    let w = warnings(&s.file);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("\"Dissidents\" is not \"dissidents\""),
        "{w:?}"
    );
    assert!(
        w[0].contains("dissent, patriotism, vigilance, fear"),
        "{w:?}"
    );
    let d = scenario::describe(&s);
    assert!(d.contains("Dissidents 10%: general defaults"), "{d}");
    assert!(
        d.contains("conformists 90%: defaults of conformists"),
        "{d}"
    );
    // Writing the laws it differs in silences the warning: nothing is left
    // to the general defaults where the name would have mattered.
    let written = format!(
        "{text}dissent = {{ alpha = 8, beta = 2 }}\npatriotism = {{ alpha = 6, beta = 4 }}\n\
         vigilance = {{ alpha = 1, beta = 9 }}\nfear = {{ alpha = 1, beta = 9 }}\n"
    );
    assert!(warnings(&from_text(&written).unwrap().file).is_empty());
    // The exact name takes that group's defaults, with no warning.
    let exact = from_text("[population.groups.conformists]\nshare = 0.9\n[population.groups.dissidents]\nshare = 0.1\n").unwrap();
    assert_eq!(
        exact.file.population.groups.get("dissidents"),
        Some(&scenario::model::Group {
            share: 0.1,
            ..dissidents
        })
    );
    assert!(warnings(&exact.file).is_empty());
}

#[test]
fn an_event_after_the_last_tick_is_a_warning() {
    let text = "ticks = 100\n[[events]]\nat_tick = 50\nset = { \"reporting.reward\" = 20 }\n";
    let overrides = Overrides {
        ticks: Some(20),
        ..Overrides::default()
    };
    let s = load_str(text, Path::new("x.toml"), &overrides).unwrap();
    assert_eq!(s.file.ticks, 20);
    assert_eq!(
        warnings(&s.file),
        vec!["events[0] at tick 50 comes after the last tick (20); it will not happen"]
    );
    assert!(scenario::describe(&s).contains("warning: events[0] at tick 50"));
}

#[test]
fn malformed_toml_gives_line_and_column() {
    let p = one_problem(from_text("name = \"x\"\n[score\nmin = 1\n"));
    assert!(p.starts_with("scenarios/x.toml: line 2, column "), "{p}");
    assert!(p.contains("invalid TOML"), "{p}");
    let p = one_problem(from_text("seed = 1\nseed = 2\n"));
    assert!(
        p.starts_with("scenarios/x.toml: line 2, column 1: invalid TOML"),
        "{p}"
    );
    let p = one_problem(from_text("ticks = 99999999999999999999\n"));
    assert!(
        p.starts_with("scenarios/x.toml: line 1, column 9: invalid TOML"),
        "{p}"
    );
}

#[test]
fn unreadable_files_give_one_line() {
    let dir = scratch("scenario", "files");
    let bad = write(&dir, "bad.toml", b"name = \"caf\xe9\"\n");
    let p = one_problem(load(&bad, &Overrides::default()));
    assert_eq!(
        p,
        format!(
            "{}: line 1, column 12: not UTF-8 text (byte 0xE9); a scenario must be saved as UTF-8",
            bad.display()
        )
    );
    let missing = dir.join("missing.toml");
    let p = one_problem(load(&missing, &Overrides::default()));
    assert_eq!(
        p,
        format!(
            "{}: cannot read the scenario: no such file",
            missing.display()
        )
    );
    let p = one_problem(load(&dir, &Overrides::default()));
    assert!(
        p.starts_with(&format!("{}: cannot read the scenario", dir.display())),
        "{p}"
    );
    // Windows line endings are fine, and lines still count.
    let crlf = write(
        &dir,
        "crlf.toml",
        "name = \"x\"\r\n[ties]\r\ncut_rate = 2\r\n",
    );
    let p = one_problem(load(&crlf, &Overrides::default()));
    assert!(
        p.ends_with("ties.cut_rate = 2 at line 3: must be in [0, 1]"),
        "{p}"
    );
}

#[test]
fn several_problems_are_all_reported() {
    let text = "ticks = 0\n[score]\nfriend_weight = 1.0\nmin = 900\n[ties]\ncut_rate = -1\naccept = 2\n[population.groups.conformists]\nshare = 0.5\n";
    let p = problems(from_text(text));
    let keys: Vec<&str> = p
        .iter()
        .map(|line| {
            line["scenarios/x.toml: ".len()..]
                .split(' ')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        keys,
        vec![
            "ticks",
            "population.groups",
            "score.friend_weight",
            "ties.cut_rate",
            "ties.accept",
            "score.reversion_target",
            "score.initial_mean",
        ],
        "{p:#?}"
    );
    // Type problems are all reported too, and the range problems beside them.
    let p = problems(from_text(
        "ticks = \"a\"\nseed = true\n[ties]\nrule = 1\nfoo = 2\ncut_rate = 1.7\n[population]\nsize = -3\n[network]\nkind = \"erdos_renyi\"\n[[events]]\nat_tick = 1\n",
    ));
    assert_eq!(
        p,
        vec![
            "scenarios/x.toml: ticks = \"a\" at line 1: must be an integer in [1, 10000000] (found a string)",
            "scenarios/x.toml: seed = true at line 2: must be an integer in [0, 9223372036854775807] (found a boolean)",
            "scenarios/x.toml: ties.rule = 1 at line 4: must be one of \"utility\" or \"threshold\" (found an integer)",
            "scenarios/x.toml: ties.foo = 2 at line 5: unknown key; allowed: enabled, rule, cut_rate, rationality, friendship_value, cut_below, cut_gap, cut_sanctioned, form_rate, triadic, accept, max_degree",
            "scenarios/x.toml: population.size = -3 at line 8: must be an integer in [1, 4294967295]",
            "scenarios/x.toml: network.mean_degree (in the table at line 9): missing; required when kind = \"erdos_renyi\" (a number at least 0)",
            "scenarios/x.toml: events[0].set (in the table at line 11): missing; required (a table of dotted keys and values)",
            "scenarios/x.toml: ties.cut_rate = 1.7 at line 6: must be in [0, 1]",
        ],
        "{p:#?}"
    );
}

#[test]
fn every_wrong_event_is_reported_not_only_the_first_with_a_wrong_type() {
    let text = "[[events]]\nat_tick = 0\nset = { \"score.friend_weight\" = 0.3 }\n\
                [[events]]\nat_tick = -5\nset = { \"score.friend_weight\" = 0.3 }\n\
                [[events]]\nat_tick = 3\nset = { \"ties.cut_rate\" = 2.0 }\n";
    let p = problems(from_text(text));
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(
        p.iter().any(|l| l.contains("events[1].at_tick = -5")),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|l| l.contains("events[0].at_tick = 0")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|l| l.contains("events[2]") && l.contains("ties.cut_rate")),
        "{p:#?}"
    );
}

#[test]
fn a_share_sum_is_reported_beside_a_problem_inside_a_group() {
    let groups = "[population.groups.a]\nshare = 0.5\n[population.groups.b]\nshare = 0.4\n";
    for other in [
        "colour = \"red\"\n",                      // an unknown key in group b
        "dissent = { alpha = \"x\", beta = 2 }\n", // a wrong type in group b
        "punctuality = 0.9\n",                     // a number where a Beta table belongs
    ] {
        let p = problems(from_text(&format!("{groups}{other}")));
        assert_eq!(p.len(), 2, "{other}: {p:#?}");
        assert!(p[1].contains("group shares sum to 0.9"), "{other}: {p:#?}");
    }
    // A wrong share itself is not summed as its default: one problem.
    let p = problems(from_text(
        "[population.groups.a]\nshare = \"half\"\n[population.groups.b]\nshare = 0.5\n",
    ));
    assert_eq!(p.len(), 1, "{p:#?}");
}

// ---------------------------------------------------------------------------
// --set and set_key

#[test]
fn set_parses_toml_values_and_bare_words() {
    let s = with_sets(
        "",
        &[
            ("score.friend_weight", "0.4"),
            ("ties.rule", "threshold"),
            ("reporting.enabled", "false"),
            ("name", "2024"),
            ("tiers.fair.perks", "[\"visa\"]"),
            ("network", "{ kind = \"erdos_renyi\", mean_degree = 6 }"),
            ("description", "\"quoted text\""),
        ],
    )
    .unwrap();
    let f = &s.file;
    assert_eq!(f.score.friend_weight, 0.4);
    assert_eq!(f.ties.rule, TieRule::Threshold);
    assert!(!f.reporting.enabled);
    assert_eq!(f.name, "2024");
    assert_eq!(f.tiers.get("fair").unwrap().perks, vec!["visa".to_string()]);
    assert_eq!(f.network, Network::ErdosRenyi { mean_degree: 6.0 });
    assert_eq!(f.description, "quoted text");
}

#[test]
fn set_comes_after_the_file_and_after_seed_and_ticks_in_order() {
    let text = "seed = 3\nticks = 50\n[score]\nfriend_weight = 0.1\n";
    let overrides = Overrides {
        seed: Some(7),
        ticks: Some(80),
        set: vec![
            ("score.friend_weight".into(), "0.3".into()),
            ("ticks".into(), "90".into()),
            ("score.friend_weight".into(), "0.4".into()),
        ],
    };
    let s = load_str(text, Path::new("x.toml"), &overrides).unwrap();
    assert_eq!(s.file.seed, 7);
    assert_eq!(s.file.ticks, 90);
    assert_eq!(s.file.score.friend_weight, 0.4);
    // Without --set the flags win over the file.
    let s = load_str(
        text,
        Path::new("x.toml"),
        &Overrides {
            seed: Some(7),
            ticks: Some(80),
            set: vec![],
        },
    )
    .unwrap();
    assert_eq!((s.file.seed, s.file.ticks), (7, 80));
}

#[test]
fn set_problems_say_from_set() {
    let p = one_problem(with_sets("", &[("ties.cut_rate", "1.7")]));
    assert_eq!(
        p,
        "scenarios/x.toml: ties.cut_rate = 1.7 (from --set): must be in [0, 1]"
    );
    let p = one_problem(with_sets("", &[("score.friend_weigt", "0.3")]));
    assert!(
        p.starts_with("scenarios/x.toml: score.friend_weigt = 0.3 (from --set): unknown key; allowed: min, max, initial_mean,"),
        "{p}"
    );
    let p = one_problem(with_sets("", &[("ties.cut_rate", "high")]));
    assert_eq!(
        p,
        "scenarios/x.toml: ties.cut_rate = \"high\" (from --set): must be a number in [0, 1] (found a string)"
    );
    let p = one_problem(with_sets("", &[("a..b", "1")]));
    assert!(p.starts_with("scenarios/x.toml: --set a..b=1: "), "{p}");
    // A rule broken by a --set below the key says so.
    let p = one_problem(with_sets(
        "",
        &[("population.groups.dissidents.share", "0.1")],
    ));
    assert_eq!(
        p,
        "scenarios/x.toml: population.groups (after --set population.groups.dissidents.share): group shares sum to 1.05; they must sum to 1"
    );
    assert!(with_sets(
        "",
        &[
            ("population.groups.dissidents.share", "0.1"),
            ("population.groups.conformists.share", "0.8"),
        ],
    )
    .is_ok());
    // Every bad --set is reported, not just the first.
    let p = problems(with_sets("", &[("x", "1"), ("y", "2")]));
    assert_eq!(p.len(), 2);
    let p = one_problem(load_str(
        "",
        Path::new("x.toml"),
        &Overrides {
            ticks: Some(0),
            ..Overrides::default()
        },
    ));
    assert_eq!(
        p,
        "x.toml: ticks = 0 (from --ticks): must be an integer in [1, 10000000]"
    );
    let p = one_problem(load_str(
        "",
        Path::new("x.toml"),
        &Overrides {
            seed: Some(u64::MAX),
            ..Overrides::default()
        },
    ));
    assert!(p.starts_with("x.toml: seed = 18446744073709551615 (from --seed): must be an integer in [0, 9223372036854775807]"), "{p}");
}

#[test]
fn set_key_on_groups_and_tiers() {
    let mut f = ScenarioFile::default();
    set_key(
        &mut f,
        "population.groups.dissidents.share",
        &parse_value("0.2"),
    )
    .unwrap();
    set_key(
        &mut f,
        "population.groups.conformists.share",
        &parse_value("0.7"),
    )
    .unwrap();
    set_key(
        &mut f,
        "population.groups.dissidents.dissent.alpha",
        &parse_value("4"),
    )
    .unwrap();
    assert_eq!(validate(&f), vec![]);
    let d = f.population.groups.get("dissidents").unwrap();
    assert_eq!((d.share, d.dissent.alpha, d.dissent.beta), (0.2, 4.0, 2.0));
    set_key(
        &mut f,
        "tiers.excellent.spending_multiplier",
        &parse_value("1.5"),
    )
    .unwrap();
    set_key(&mut f, "tiers.good.min_score", &parse_value("640")).unwrap();
    assert_eq!(f.tiers.get("excellent").unwrap().spending_multiplier, 1.5);
    assert_eq!(f.tiers.get("excellent").unwrap().min_score, 700.0);
    // good (640) is still below very_good (650): valid.
    assert_eq!(validate(&f), vec![]);
    set_key(&mut f, "tiers.good.min_score", &parse_value("660")).unwrap();
    let p = validate(&f);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].key.as_deref(), Some("tiers.very_good.min_score"));
    assert_eq!(
        p[0].message,
        "must be greater than tiers.good.min_score (660): tiers are listed in increasing min_score"
    );
}

#[test]
fn set_key_applies_event_assignments_as_the_engine_does() {
    let s = from_text(
        "[[events]]\nat_tick = 5\nset.score.friend_weight = 0.3\nset.reporting = { reward = 15, enabled = false }\n",
    )
    .unwrap();
    let mut f = s.file.clone();
    for (key, value) in &s.file.events[0].set {
        set_key(&mut f, key, value).unwrap();
    }
    assert_eq!(f.score.friend_weight, 0.3);
    assert_eq!(f.reporting.reward, 15.0);
    assert!(!f.reporting.enabled);
    let keys: Vec<&String> = s.file.events[0].set.keys().collect();
    assert_eq!(
        keys,
        vec![
            "score.friend_weight",
            "reporting.reward",
            "reporting.enabled"
        ]
    );
}

// ---------------------------------------------------------------------------
// Random inputs

/// Every leaf key of the default scenario, as a dotted key.
fn leaf_keys() -> Vec<String> {
    fn walk(prefix: &str, value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }
    let mut file = ScenarioFile::default();
    file.population.size = Some(100);
    let mut out = Vec::new();
    walk("", &toml::Value::try_from(&file).unwrap(), &mut out);
    out
}

fn any_key() -> impl Strategy<Value = String> {
    let keys = leaf_keys();
    prop_oneof![
        4 => proptest::sample::select(keys.clone()),
        1 => (proptest::sample::select(keys), "[a-z_.]{0,6}").prop_map(|(k, s)| format!("{k}{s}")),
        1 => "[a-z_.\"\\[\\]0-9]{0,20}",
    ]
}

fn any_value_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|x| format!("{x:?}")),
        (-3.0f64..3.0).prop_map(|x| x.to_string()),
        any::<i64>().prop_map(|x| x.to_string()),
        (-5i64..50).prop_map(|x| x.to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("true".to_string()),
        Just("threshold".to_string()),
        Just("erdos_renyi".to_string()),
        Just("[1, \"a\"]".to_string()),
        Just("{ x = 1 }".to_string()),
        Just("{ kind = \"barabasi_albert\", m = 3 }".to_string()),
        "[ -~]{0,12}",
    ]
}

/// A scenario touching every kind of table, for mutation.
const MUTATED: &str = r#"name = "m"
seed = 3
ticks = 40

[population]
size = 300

[population.groups.conformists]
share = 0.9
fear = { alpha = 4, beta = 4 }

[population.groups.dissidents]
share = 0.1

[network]
kind = "watts_strogatz"
k = 6
rewire = 0.2

[score]
friend_weight = 0.3
spillover = "score"

[tiers.low]
min_score = 350
spending_multiplier = 0.5
perks = ["visa"]

[tiers.high]
min_score = 700

[perks.visa]
min_score = 750

[ties]
rule = "threshold"

[[events]]
at_tick = 10
set = { "reporting.reward" = 15.0, "ties.cut_rate" = 0.1 }
"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random dotted keys and values never panic: they load (and the result
    /// is valid and round-trips) or give problems naming the file.
    #[test]
    fn random_sets_never_panic(sets in proptest::collection::vec((any_key(), any_value_text()), 0..5)) {
        let overrides = Overrides {
            set: sets,
            ..Overrides::default()
        };
        match load_str("[population]\nsize = 200\n", Path::new("x.toml"), &overrides) {
            Ok(s) => {
                prop_assert_eq!(validate(&s.file), vec![]);
                let again = load_str(&to_toml(&s.file), Path::new("x.toml"), &Overrides::default());
                prop_assert_eq!(again.map(|a| a.file).ok(), Some(s.file));
            }
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for p in &e.problems {
                    prop_assert_eq!(p.file.as_deref(), Some("x.toml"), "{}", p);
                    prop_assert!(p.to_string().starts_with("x.toml: "), "{}", p);
                }
            }
        }
    }

    /// Random text never panics the loader either.
    #[test]
    fn random_text_never_panics(text in "[ -~\n\\[\\]=\"]{0,80}") {
        let _ = from_text(&text);
    }

    /// Mutated bytes of a real scenario (events, groups, tiers) never panic
    /// the loader: they load, or every problem names the file.
    #[test]
    fn mutated_scenario_bytes_never_panic(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut bytes = MUTATED.as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        match load_bytes(bytes, Path::new("m.toml"), &Overrides::default()) {
            Ok(s) => prop_assert_eq!(validate(&s.file), vec![]),
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for p in &e.problems {
                    prop_assert_eq!(p.file.as_deref(), Some("m.toml"), "{}", p);
                    prop_assert!(p.to_string().starts_with("m.toml: "), "{}", p);
                }
            }
        }
    }

    /// Overrides inside their ranges always load, and the values set are the
    /// values used.
    #[test]
    fn valid_numeric_overrides_load(
        probabilities in proptest::collection::vec((0usize..14, 0.0f64..=1.0), 0..6),
        amounts in proptest::collection::vec((0usize..12, 0.0f64..1e6), 0..6),
        kappa in 0.0f64..1.0,
        ticks in 1u32..10_000,
        seed in 0u64..=i64::MAX as u64,
    ) {
        const PROBABILITIES: [&str; 14] = [
            "behaviour.post_rate", "reporting.surveillance", "reporting.accuracy",
            "ties.cut_rate", "ties.cut_sanctioned", "ties.form_rate", "ties.triadic",
            "ties.accept", "adapt.self_censorship", "adapt.learning", "adapt.imitation",
            "adapt.imitation_strength", "score.reversion", "network.rewire",
        ];
        const AMOUNTS: [&str; 12] = [
            "reporting.propensity", "reporting.false_rate", "reporting.reward",
            "reporting.false_penalty", "points.on_time", "points.late", "points.spending",
            "points.domestic", "points.imported", "points.praise", "points.friends",
            "points.sanction",
        ];
        let mut set: Vec<(String, String)> = Vec::new();
        for (i, x) in &probabilities {
            set.push((PROBABILITIES[*i].into(), x.to_string()));
        }
        for (i, x) in &amounts {
            set.push((AMOUNTS[*i].into(), x.to_string()));
        }
        set.push(("score.friend_weight".into(), kappa.to_string()));
        let overrides = Overrides { seed: Some(seed), ticks: Some(ticks), set: set.clone() };
        let s = load_str("", Path::new("x.toml"), &overrides);
        prop_assert!(s.is_ok(), "{:?}", s.err());
        let s = s.unwrap();
        let table = toml::Value::try_from(&s.file).unwrap();
        // The last value given for each key is the one used.
        for (key, _) in &set {
            let used = key
                .split('.')
                .try_fold(&table, |v, k| v.get(k))
                .and_then(toml::Value::as_float);
            let last = set.iter().rev().find(|(k, _)| k == key).unwrap();
            prop_assert_eq!(used, Some(last.1.parse::<f64>().unwrap()), "{}", key);
        }
        prop_assert_eq!(s.file.seed, seed);
        prop_assert_eq!(s.file.ticks, ticks);
    }
}
