//! The figures of `README.md` and `docs/model.md` that the program computes
//! (the κ table, the calibration statements, the tutorial's output) are
//! generated here, from runs of the current build, and nowhere else.
//!
//! Each figure lives in a block between two markers:
//!
//! ```text
//! <!-- generated:kappa-table -->
//! …
//! <!-- /generated:kappa-table -->
//! ```
//!
//! The test runs the scenarios, writes every block, and fails listing the
//! blocks whose text differs from what this build computes. With
//! `SESAME_UPDATE_README=1` it rewrites the blocks instead
//! (`scripts/update-readme.sh`). The runs are the bundled baseline
//! (10,000 citizens, 200 ticks) at six friend weights and two seeds, and
//! two runs at the values the calibration moved away from: 14 runs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use sesame::metrics::inequality;
use sesame::run::{self, Run, RunSummary, StopFlag};
use sesame::scenario::{self, Overrides};

/// The friend weights of the κ table.
const KAPPAS: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
/// The seeds of the κ table.
const SEEDS: [u64; 2] = [1, 2];
/// The default friend weight.
const DEFAULT_KAPPA: f64 = 0.2;

/// The files that hold generated blocks, and the blocks each must hold.
const FILES: [(&str, &[&str]); 2] = [
    (
        "README.md",
        &[
            "tutorial-run",
            "tutorial-set",
            "kappa-table",
            "calibration-summary",
            "metrics-columns",
            "structure-reading",
        ],
    ),
    (
        "docs/model.md",
        &[
            "calibration-reversion",
            "calibration-imitation",
            "kappa-table",
            "calibration-summary",
        ],
    ),
];

/// One run of the baseline with some keys set.
struct Case {
    seed: u64,
    set: Vec<(&'static str, String)>,
}

/// What the blocks need from one finished run.
struct Outcome {
    /// Columns of metrics.csv at the first and the last recorded tick.
    first: BTreeMap<String, f64>,
    last: BTreeMap<String, f64>,
    /// Final share of each tier, in tier order.
    tier_shares: Vec<(String, f64)>,
    /// Final isolated and lost-half shares of each group.
    group_isolated: BTreeMap<String, f64>,
    group_lost_half: BTreeMap<String, f64>,
    /// Final median score and record of the conformists.
    conformist_median_score: f64,
    conformist_median_record: f64,
    /// Final mean dissent of the dissidents and of the conformists.
    dissident_dissent: f64,
    conformist_dissent: f64,
    /// The table `sesame run` prints at the end, time elided.
    summary: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn simulate(case: &Case) -> Outcome {
    let overrides = Overrides {
        seed: Some(case.seed),
        ticks: None,
        set: case
            .set
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    };
    let scenario = scenario::load(&root().join("scenarios/baseline.toml"), &overrides)
        .unwrap_or_else(|e| panic!("the baseline does not load: {e}"));
    let run = run::simulate(&scenario, &StopFlag::default(), |_, _| Ok(()))
        .unwrap_or_else(|e| panic!("the baseline does not run: {e}"));
    outcome(run)
}

fn outcome(run: Run) -> Outcome {
    let row = |k: usize| -> BTreeMap<String, f64> {
        run.columns
            .iter()
            .cloned()
            .zip(run.observations[k].metrics.iter().copied())
            .collect()
    };
    let (first, last) = (row(0), row(run.observations.len() - 1));
    let obs = run.observations.last().expect("recorded");
    let s = &run.sim.society;
    let group_names: Vec<&str> = run.sim.params.population.groups.names().collect();
    let of_group = |name: &str, v: &[f64]| -> Vec<f64> {
        let g = group_names.iter().position(|&n| n == name).expect("group") as u8;
        (0..s.len())
            .filter(|&i| s.group[i] == g)
            .map(|i| v[i])
            .collect()
    };
    let median = |v: Vec<f64>| inequality::quantile_sorted(&inequality::sorted(&v), 0.5);
    let conformist_median_score = median(of_group("conformists", &s.score));
    let conformist_median_record = median(of_group("conformists", &s.record));
    let dissident_dissent = inequality::mean(&of_group("dissidents", &s.dissent));
    let conformist_dissent = inequality::mean(&of_group("conformists", &s.dissent));
    let tier_shares = obs
        .tiers
        .iter()
        .map(|t| (t.tier.clone(), t.share))
        .collect();
    let group_isolated = obs
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.isolated_share))
        .collect();
    let group_lost_half = obs
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.lost_half_share))
        .collect();
    let summary = sesame::summary::table(&RunSummary {
        folder: PathBuf::from("output/baseline"),
        run,
        wall_seconds: 0.0,
    })
    .replacen(" in 0.0 s ", " in … s ", 1);
    Outcome {
        first,
        last,
        tier_shares,
        group_isolated,
        group_lost_half,
        conformist_median_score,
        conformist_median_record,
        dissident_dissent,
        conformist_dissent,
        summary,
    }
}

/// `x` with `d` decimals and a true minus sign.
fn fixed(x: f64, d: usize) -> String {
    let text = format!("{x:.d$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A share as a percentage with `d` decimals.
fn percent(x: f64, d: usize) -> String {
    format!("{} %", fixed(100.0 * x, d))
}

/// `text` wrapped at 76 columns (greedy, on spaces), one paragraph per
/// blank-line-separated block, ending with a newline.
fn wrap(text: &str) -> String {
    // A percent sign stays with its number.
    let text = text.replace(" %", "\u{1}%");
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 76 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        out.push(lines.join("\n"));
    }
    (out.join("\n\n") + "\n").replace('\u{1}', " ")
}

/// Two seeds' values, `a / b`.
fn pair(outcomes: &[&Outcome], f: impl Fn(&Outcome) -> String) -> String {
    outcomes
        .iter()
        .map(|o| f(o))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Every generated block, by name.
fn blocks() -> BTreeMap<&'static str, String> {
    let mut cases: Vec<Case> = Vec::new();
    for &kappa in &KAPPAS {
        for &seed in &SEEDS {
            cases.push(Case {
                seed,
                set: vec![("score.friend_weight", kappa.to_string())],
            });
        }
    }
    cases.push(Case {
        seed: 1,
        set: vec![("score.reversion", "0.02".into())],
    });
    cases.push(Case {
        seed: 1,
        set: vec![("adapt.imitation", "0.02".into())],
    });
    let outcomes: Vec<Outcome> = cases.par_iter().map(simulate).collect();
    let kappa = |k: f64| -> Vec<&Outcome> {
        let i = KAPPAS
            .iter()
            .position(|&x| x == k)
            .expect("a κ of the table");
        outcomes[i * SEEDS.len()..(i + 1) * SEEDS.len()]
            .iter()
            .collect()
    };
    let reversion = &outcomes[KAPPAS.len() * SEEDS.len()];
    let imitation = &outcomes[KAPPAS.len() * SEEDS.len() + 1];
    let default = kappa(DEFAULT_KAPPA);
    let baseline = default[0];
    let mut out = BTreeMap::new();

    // The tutorial: the baseline's closing table, then one key changed.
    let summary: String = baseline
        .summary
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect();
    out.insert("tutorial-run", summary);
    let strong = kappa(0.4)[0];
    let change = |name: &str, d: usize| {
        format!(
            "{} to {}",
            fixed(baseline.last[name], d),
            fixed(strong.last[name], d)
        )
    };
    out.insert(
        "tutorial-set",
        wrap(&format!(
            "At κ = 0.4 the share of citizens who lost half their friends by tick 200\n\
             goes from {}, score assortativity from {}, the share of ties\n\
             within a tier from {} and the isolated share from {}.\n",
            change("lost_half_share", 3),
            change("score_assortativity", 3),
            change("same_tier_share", 3),
            change("isolated_share", 4),
        )),
    );

    // The κ table.
    let mut table = String::from(
        "| κ | mean degree (start 10) | lost-half share | score assortativity | same-tier share | isolated share |\n\
         |---|---|---|---|---|---|\n",
    );
    for &k in &KAPPAS {
        let o = kappa(k);
        let cell = |name: &str, d: usize| pair(&o, |x| fixed(x.last[name], d));
        table += &format!(
            "| {}{} | {} | {} | {} | {} | {} |\n",
            fixed(k, 1),
            if k == DEFAULT_KAPPA { " (default)" } else { "" },
            cell("degree_mean", 2),
            cell("lost_half_share", 3),
            cell("score_assortativity", 3),
            cell("same_tier_share", 3),
            cell("isolated_share", 4),
        );
    }
    out.insert("kappa-table", table);

    // The calibration statements.
    let none = kappa(0.0);
    let drift: Vec<f64> = none
        .iter()
        .map(|o| o.last["degree_mean"] / o.first["degree_mean"] - 1.0)
        .collect();
    let signed = |d: f64| {
        let text = percent(d, 1);
        if d > 0.0 {
            format!("+{text}")
        } else {
            text
        }
    };
    let drift_text = drift
        .iter()
        .map(|&d| signed(d))
        .collect::<Vec<_>>()
        .join(" / ");
    let worst = drift.iter().fold(0.0f64, |m, d| m.max(d.abs()));
    let within = if worst <= 0.2 {
        "within the ±20 % of the target pattern"
    } else {
        "outside the ±20 % of the target pattern"
    };
    let empty: Vec<String> = default
        .iter()
        .flat_map(|o| o.tier_shares.iter().filter(|(_, s)| *s == 0.0))
        .map(|(t, _)| t.clone())
        .collect();
    let smallest = |o: &Outcome| -> f64 {
        o.tier_shares
            .iter()
            .map(|t| t.1)
            .fold(f64::INFINITY, f64::min)
    };
    let tiers_text = if empty.is_empty() {
        format!(
            "every tier occupied (the smallest holds {})",
            pair(&default, |o| percent(smallest(o), 1))
        )
    } else {
        format!("tier(s) {} empty in some seed", empty.join(", "))
    };
    let rises = |name: &str| {
        SEEDS.iter().enumerate().all(|(s, _)| {
            KAPPAS
                .windows(2)
                .all(|w| kappa(w[1])[s].last[name] > kappa(w[0])[s].last[name])
        })
    };
    let measures = [
        ("lost_half_share", "lost-half share"),
        ("score_assortativity", "score assortativity"),
        ("same_tier_share", "same-tier share"),
    ];
    let not_rising: Vec<&str> = measures
        .iter()
        .filter(|(column, _)| !rises(column))
        .map(|(_, words)| *words)
        .collect();
    let rise_text = if not_rising.is_empty() {
        "Lost-half share, score assortativity and same-tier share all rise with κ\n\
         at every step in both seeds: the more friends' scores feed into one's\n\
         own, the more the network sheds its low-scored members and sorts by score."
            .to_string()
    } else {
        format!(
            "Not every measure rises with κ at every step in both seeds: {}.",
            not_rising.join(", ")
        )
    };
    out.insert(
        "calibration-summary",
        wrap(&format!(
            "At κ = 0 the mean degree ends at {} ({drift_text} from its start of 10), \
             {within}: cuts and new ties nearly balance when no one has a reason to \
             ostracise. At the default κ = 0.2 (seeds 1 / 2): conformists' median \
             score {}; blacklisted {}; {tiers_text}; dissidents end {} isolated and \
             {} having lost half their friends, against {} and {} of conformists. \
             {rise_text}",
            pair(&none, |o| fixed(o.last["degree_mean"], 2)),
            pair(&default, |o| fixed(o.conformist_median_score, 0)),
            pair(&default, |o| percent(o.tier_shares[0].1, 1)),
            pair(&default, |o| percent(o.group_isolated["dissidents"], 1)),
            pair(&default, |o| percent(o.group_lost_half["dissidents"], 1)),
            pair(&default, |o| percent(o.group_isolated["conformists"], 1)),
            pair(&default, |o| percent(o.group_lost_half["conformists"], 1)),
        )),
    );
    let excellent = |o: &Outcome| {
        o.tier_shares
            .iter()
            .find(|(t, _)| t == "excellent")
            .map_or(f64::NAN, |t| t.1)
    };
    let gain = |rate: f64, record: f64| fixed(rate * (record - 600.0), 1);
    out.insert(
        "calibration-reversion",
        wrap(&format!(
            "With `score.reversion = 0.02` (everything else at the defaults, seed 1) \
             the median conformist ends with a record of {} and a score of {}, and \
             {} of all citizens are excellent: own points of about \
             0.02 × ({} − 600) = {} a tick balance the reversion far above the \
             target. With 0.05 the median conformist's record is {} (own points of \
             about {} a tick) and its score {}, inside the 600–700 band of §1, with \
             {} excellent and {} blacklisted.",
            fixed(reversion.conformist_median_record, 0),
            fixed(reversion.conformist_median_score, 0),
            percent(excellent(reversion), 1),
            fixed(reversion.conformist_median_record, 0),
            gain(0.02, reversion.conformist_median_record),
            fixed(baseline.conformist_median_record, 0),
            gain(0.05, baseline.conformist_median_record),
            fixed(baseline.conformist_median_score, 0),
            percent(excellent(baseline), 1),
            percent(baseline.tier_shares[0].1, 1),
        )),
    );
    out.insert(
        "calibration-imitation",
        wrap(&format!(
            "With `adapt.imitation = 0.02` (seed 1) a citizen imitates about 4 times \
             in 200 ticks, and dissidents' mean dissent, about 0.8 at the start (the \
             mean of Beta(8, 2)), ends at {}, against the conformists' {}, with {} of \
             citizens blacklisted. With 0.005, about once in 200 ticks, dissidents' \
             mean dissent ends at {}, {} times the conformists' {}, and the blacklist \
             at {}: dissidents stay a distinct group for a run.",
            fixed(imitation.dissident_dissent, 2),
            fixed(imitation.conformist_dissent, 2),
            percent(imitation.tier_shares[0].1, 1),
            fixed(baseline.dissident_dissent, 2),
            fixed(baseline.dissident_dissent / baseline.conformist_dissent, 0),
            fixed(baseline.conformist_dissent, 2),
            percent(baseline.tier_shares[0].1, 1),
        )),
    );
    // The column reference of metrics.csv, from the registry of measures.
    out.insert(
        "metrics-columns",
        sesame::measures::markdown_table().trim_end().to_string(),
    );
    // How to read the measures of the network's structure, from the registry.
    out.insert(
        "structure-reading",
        sesame::measures::reading_guide().trim_end().to_string(),
    );
    out
}

/// The marker lines of block `name`.
fn markers(name: &str) -> (String, String) {
    (
        format!("<!-- generated:{name} -->"),
        format!("<!-- /generated:{name} -->"),
    )
}

/// `text` with every block replaced by its generated content, and the
/// names of the blocks whose content changed. Fails on an unknown block, a
/// block without its end marker, or a missing required block.
fn rewrite(
    file: &str,
    text: &str,
    blocks: &BTreeMap<&str, String>,
    required: &[&str],
) -> Result<(String, Vec<String>), String> {
    let mut out = String::new();
    let mut changed = Vec::new();
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!-- generated:") {
        let after = &rest[start + "<!-- generated:".len()..];
        let name = after
            .split(" -->")
            .next()
            .filter(|n| !n.contains('\n'))
            .ok_or_else(|| format!("{file}: a malformed generated marker"))?;
        let content = blocks
            .get(name)
            .ok_or_else(|| format!("{file}: no generated block is called {name:?}"))?;
        let (open, close) = markers(name);
        let body_start = start + open.len();
        let end = rest[body_start..]
            .find(&close)
            .ok_or_else(|| format!("{file}: {open} has no {close}"))?
            + body_start;
        let wanted = format!("\n\n{content}\n");
        if rest[body_start..end] != wanted {
            changed.push(name.to_string());
        }
        out.push_str(&rest[..body_start]);
        out.push_str(&wanted);
        out.push_str(&close);
        found.push(name.to_string());
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    let missing: Vec<&&str> = required
        .iter()
        .filter(|r| !found.iter().any(|f| f == **r))
        .collect();
    if !missing.is_empty() {
        return Err(format!("{file}: generated blocks missing: {missing:?}"));
    }
    Ok((out, changed))
}

#[test]
fn the_documents_show_what_this_build_computes() {
    let blocks = blocks();
    let update = std::env::var("SESAME_UPDATE_README").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, required) in FILES {
        let path: PathBuf = root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let (new, changed) =
            rewrite(file, &text, &blocks, required).unwrap_or_else(|e| panic!("{e}"));
        if changed.is_empty() {
            continue;
        }
        if update {
            std::fs::write(&path, new).unwrap();
            eprintln!("{file}: rewrote {changed:?}");
        } else {
            for name in changed {
                stale.push(format!(
                    "{file}, block {name}, should read:\n{}",
                    blocks[name.as_str()]
                ));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the documents differ from what this build computes (run scripts/update-readme.sh \
         to rewrite them):\n\n{}",
        stale.join("\n")
    );
}

#[test]
fn blocks_are_found_and_rewritten() {
    let blocks: BTreeMap<&str, String> = [("a", "new\n".to_string())].into();
    let text = "x\n<!-- generated:a -->\nold\n<!-- /generated:a -->\ny\n";
    let (out, changed) = rewrite("f", text, &blocks, &["a"]).unwrap();
    assert_eq!(
        out,
        "x\n<!-- generated:a -->\n\nnew\n\n<!-- /generated:a -->\ny\n"
    );
    assert_eq!(changed, vec!["a"]);
    let (again, changed) = rewrite("f", &out, &blocks, &["a"]).unwrap();
    assert_eq!(again, out);
    assert!(changed.is_empty());
    assert!(rewrite(
        "f",
        "<!-- generated:b -->\n<!-- /generated:b -->",
        &blocks,
        &[]
    )
    .is_err());
    assert!(rewrite("f", "<!-- generated:a -->\n", &blocks, &[]).is_err());
    assert!(rewrite("f", "nothing", &blocks, &["a"]).is_err());
    assert_eq!(fixed(-0.0001, 3), "0.000");
    assert_eq!(fixed(-0.049, 3), "−0.049");
    assert_eq!(percent(0.0131, 1), "1.3 %");
    let long = format!("{} 1.5 % b", "a".repeat(73));
    assert_eq!(wrap(&long), format!("{}\n1.5 % b\n", "a".repeat(73)));
}
