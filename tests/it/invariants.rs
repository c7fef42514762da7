//! Invariants of the state and of what is recorded, after every tick, for
//! random small scenarios (every network kind, random rates, κ, tie rule,
//! spillover, tiers, perks and events) and random graphs:
//!
//! - the graph is undirected and simple ([`Graph::check`]), degrees sum to
//!   twice the ties, and the ties are the previous ones minus those cut plus
//!   those formed (as sets, not just counts); nobody gains a tie beyond
//!   `ties.max_degree`;
//! - scores and records lie in [score.min, score.max], and each citizen's
//!   tier is the one its score falls in;
//! - every share of the observation is in [0, 1] (or NaN where undefined);
//!   tier counts and group counts sum to the population, and tier counts
//!   agree with counts made from the scores directly;
//! - the recorded counts (ties, cut, formed, degree_mean) agree with the graph.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use sesame::engine::Simulation;
use sesame::graph::Graph;
use sesame::observe::{metric_columns, observe, Observation};
use sesame::scenario::model::{
    Adapt, Behaviour, Beta, EmploymentClass, Event, Group, Network, Perk, Points, Reporting, Score,
    Spillover, TieRule, Tier, Ties,
};
use sesame::scenario::named::Named;
use sesame::scenario::{validate, Scenario, ScenarioFile};

// ---------------------------------------------------------------------------
// Random scenarios

/// `k` shares summing to 1 (the last one takes the rest).
fn shares(k: usize) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(0.05f64..1.0, k).prop_map(|w| {
        let total: f64 = w.iter().sum();
        let mut s: Vec<f64> = w.iter().map(|x| x / total).collect();
        let others: f64 = s[..s.len() - 1].iter().sum();
        *s.last_mut().unwrap() = 1.0 - others;
        s
    })
}

fn beta() -> impl Strategy<Value = Beta> {
    (0.2f64..20.0, 0.2f64..20.0).prop_map(|(a, b)| Beta::new(a, b))
}

fn groups() -> impl Strategy<Value = Named<Group>> {
    (1usize..=4)
        .prop_flat_map(|k| {
            (
                shares(k),
                proptest::collection::vec((beta(), beta(), beta(), beta(), beta()), k),
            )
        })
        .prop_map(|(shares, traits)| {
            Named(
                shares
                    .into_iter()
                    .zip(traits)
                    .enumerate()
                    .map(|(k, (share, (p, d, pa, v, f)))| {
                        let group = Group {
                            share,
                            punctuality: p,
                            dissent: d,
                            patriotism: pa,
                            vigilance: v,
                            fear: f,
                        };
                        (format!("g{k}"), group)
                    })
                    .collect(),
            )
        })
}

/// A generated network valid for `n` citizens (n ≥ 2), with a small mean degree.
fn network(n: u64) -> BoxedStrategy<Network> {
    let most = (n - 1).min(12) as f64;
    let mut kinds: Vec<BoxedStrategy<Network>> = vec![
        (0.0..=most)
            .prop_map(|mean_degree| Network::ErdosRenyi { mean_degree })
            .boxed(),
        (1..n.min(5))
            .prop_map(|m| Network::BarabasiAlbert { m: m as u32 })
            .boxed(),
        (1..=n.min(5), 0.0f64..=1.0, 0.0f64..=1.0)
            .prop_map(move |(c, u_in, u_out)| {
                let smallest = n / c;
                let d_in = u_in * (smallest.saturating_sub(1)).min(6) as f64;
                let sizes_sq = (c - n % c) as f64 * (smallest as f64).powi(2)
                    + (n % c) as f64 * ((smallest + 1) as f64).powi(2);
                let outside = n as f64 - sizes_sq / n as f64;
                Network::StochasticBlock {
                    communities: c as u32,
                    mean_degree_in: d_in,
                    mean_degree_out: u_out * outside.min(4.0) * 0.999,
                }
            })
            .boxed(),
    ];
    if n >= 3 {
        kinds.push(
            (1..=((n - 1) / 2).min(6), 0.0f64..=1.0)
                .prop_map(|(half, rewire)| Network::WattsStrogatz {
                    k: 2 * half as u32,
                    rewire,
                })
                .boxed(),
        );
    }
    proptest::strategy::Union::new(kinds).boxed()
}

fn score() -> impl Strategy<Value = Score> {
    (
        -100.0f64..500.0,
        10.0f64..1000.0,
        (0.0f64..=1.0, 0.0f64..0.25, 0.0f64..0.99),
        any::<bool>(),
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..10.0),
    )
        .prop_map(
            |(min, width, (mean, sd, kappa), by_score, (rev, target, iso))| Score {
                min,
                max: min + width,
                initial_mean: min + mean * width,
                initial_sd: sd * width,
                friend_weight: kappa,
                spillover: if by_score {
                    Spillover::Score
                } else {
                    Spillover::Record
                },
                reversion: rev,
                reversion_target: min + target * width,
                isolation_penalty: iso,
            },
        )
}

/// Tiers in increasing `min_score`, the first at or below `score.min`, some
/// granting perks; perks anywhere around the score range.
fn tiers_and_perks(s: &Score) -> impl Strategy<Value = (Named<Tier>, Named<Perk>)> {
    let (min, max) = (s.min, s.max);
    (
        proptest::collection::vec((0.0f64..=1.05, 0.0f64..3.0, any::<u8>()), 0..5),
        proptest::collection::vec(-0.05f64..=1.05, 0..4),
        0.0f64..50.0,
    )
        .prop_map(move |(upper, perk_levels, below)| {
            let perks: Vec<(String, Perk)> = perk_levels
                .iter()
                .enumerate()
                .map(|(k, u)| {
                    let perk = Perk {
                        min_score: min + u * (max - min),
                    };
                    (format!("p{k}"), perk)
                })
                .collect();
            let mut levels: Vec<f64> = upper.iter().map(|t| min + t.0 * (max - min)).collect();
            levels.sort_by(f64::total_cmp);
            levels.dedup();
            let mut tiers = vec![(
                "t0".to_string(),
                Tier {
                    min_score: min - below,
                    spending_multiplier: 1.0,
                    perks: Vec::new(),
                },
            )];
            for (k, level) in levels.into_iter().enumerate() {
                if level <= tiers.last().unwrap().1.min_score {
                    continue;
                }
                let (_, multiplier, grants) = upper[k.min(upper.len() - 1)];
                let granted = perks
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| grants & (1 << j) != 0)
                    .map(|(_, (name, _))| name.clone())
                    .collect();
                let tier = Tier {
                    min_score: level,
                    spending_multiplier: multiplier,
                    perks: granted,
                };
                tiers.push((format!("t{}", k + 1), tier));
            }
            (Named(tiers), Named(perks))
        })
}

fn behaviour() -> impl Strategy<Value = Behaviour> {
    (
        prop::bool::weighted(0.9),
        0u32..3,
        0.0f64..5.0,
        -1.0f64..5.0,
        0.0f64..2.0,
        0.0f64..=1.0,
    )
        .prop_map(|(enabled, bills, rate, mu, sigma, post)| Behaviour {
            enabled,
            bills_per_tick: bills,
            purchase_rate: rate,
            amount_mu: mu,
            amount_sigma: sigma,
            post_rate: post,
        })
}

fn reporting() -> impl Strategy<Value = Reporting> {
    (
        prop::bool::weighted(0.9),
        0.0f64..=1.0,
        0.0f64..3.0,
        0.0f64..0.5,
        0.0f64..=1.0,
        0.0f64..50.0,
        0.0f64..50.0,
    )
        .prop_map(
            |(enabled, surv, prop, false_rate, acc, reward, pen)| Reporting {
                enabled,
                surveillance: surv,
                propensity: prop,
                false_rate,
                accuracy: acc,
                reward,
                false_penalty: pen,
            },
        )
}

fn points() -> impl Strategy<Value = Points> {
    (
        proptest::collection::vec(0.0f64..20.0, 7),
        1.0f64..100.0,
        0.0f64..100.0,
    )
        .prop_map(|(v, reference, sanction)| Points {
            on_time: v[0],
            late: v[1],
            spending: v[2],
            amount_reference: reference,
            domestic: v[3],
            imported: v[4],
            praise: v[5],
            friends: v[6],
            sanction,
        })
}

fn ties(s: &Score) -> impl Strategy<Value = Ties> {
    let (min, width) = (s.min, s.max - s.min);
    (
        prop::bool::weighted(0.9),
        any::<bool>(),
        (0.0f64..=1.0, 0.0f64..5.0, -10.0f64..10.0),
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0, 1u32..30),
    )
        .prop_map(
            move |(
                enabled,
                threshold,
                (cut, rat, value),
                (below, gap, sanctioned),
                (form, tri, acc, maxd),
            )| {
                Ties {
                    enabled,
                    rule: if threshold {
                        TieRule::Threshold
                    } else {
                        TieRule::Utility
                    },
                    cut_rate: cut,
                    rationality: rat,
                    friendship_value: value,
                    cut_below: min + below * width,
                    cut_gap: gap * width,
                    cut_sanctioned: sanctioned,
                    form_rate: form,
                    triadic: tri,
                    accept: acc,
                    max_degree: maxd,
                }
            },
        )
}

fn adapt() -> impl Strategy<Value = Adapt> {
    (
        prop::bool::weighted(0.9),
        proptest::collection::vec(0.0f64..=1.0, 4),
    )
        .prop_map(|(enabled, v)| Adapt {
            enabled,
            self_censorship: v[0],
            learning: v[1],
            imitation: v[2],
            imitation_strength: v[3],
        })
}

fn employment() -> impl Strategy<Value = sesame::scenario::model::Employment> {
    (shares(4), proptest::collection::vec(0.0f64..3.0, 4)).prop_map(|(s, m)| {
        let c = |k: usize| EmploymentClass {
            share: s[k],
            spending_multiplier: m[k],
        };
        sesame::scenario::model::Employment {
            employed: c(0),
            student: c(1),
            unemployed: c(2),
            retired: c(3),
        }
    })
}

/// One assignment an event may make, with a value in range.
fn assignment() -> impl Strategy<Value = (String, toml::Value)> {
    use toml::Value;
    let probability =
        |key: &'static str| (0.0f64..=1.0).prop_map(move |x| (key.to_string(), Value::Float(x)));
    prop_oneof![
        any::<bool>().prop_map(|t| (
            "ties.rule".to_string(),
            Value::String(if t { "threshold" } else { "utility" }.into())
        )),
        any::<bool>().prop_map(|t| (
            "score.spillover".to_string(),
            Value::String(if t { "score" } else { "record" }.into())
        )),
        (0.0f64..0.99).prop_map(|x| ("score.friend_weight".to_string(), Value::Float(x))),
        (0.0f64..50.0).prop_map(|x| ("reporting.reward".to_string(), Value::Float(x))),
        (0.0f64..10.0).prop_map(|x| ("score.isolation_penalty".to_string(), Value::Float(x))),
        (1i64..30).prop_map(|x| ("ties.max_degree".to_string(), Value::Integer(x))),
        any::<bool>().prop_map(|b| ("reporting.enabled".to_string(), Value::Boolean(b))),
        any::<bool>().prop_map(|b| ("ties.enabled".to_string(), Value::Boolean(b))),
        any::<bool>().prop_map(|b| ("adapt.enabled".to_string(), Value::Boolean(b))),
        probability("ties.cut_rate"),
        probability("ties.form_rate"),
        probability("score.reversion"),
        probability("behaviour.post_rate"),
        probability("reporting.surveillance"),
    ]
}

fn events(ticks: u32) -> impl Strategy<Value = Vec<Event>> {
    proptest::collection::vec(
        (1..=ticks, proptest::collection::vec(assignment(), 1..4)),
        0..4,
    )
    .prop_map(|events| {
        events
            .into_iter()
            .map(|(at_tick, set)| Event {
                at_tick,
                set: set.into_iter().collect(),
            })
            .collect()
    })
}

/// Where the initial graph comes from.
#[derive(Debug, Clone)]
enum Start {
    /// The scenario's generator.
    Generated,
    /// Random pairs (self-loops and repeats included, then dropped).
    Random(Vec<(u32, u32)>),
}

/// A random small scenario and its initial graph.
fn case() -> impl Strategy<Value = (ScenarioFile, Start)> {
    (2u64..=300, 1u32..=6, 0u64..(i64::MAX as u64), any::<bool>())
        .prop_flat_map(|(n, ticks, seed, random_graph)| {
            let start = if random_graph {
                proptest::collection::vec((0..n as u32, 0..n as u32), 0..(3 * n as usize))
                    .prop_map(Start::Random)
                    .boxed()
            } else {
                Just(Start::Generated).boxed()
            };
            // An event moving one tier's and one perk's min_score.
            let moves = (
                1..=ticks,
                any::<proptest::sample::Index>(),
                0.01f64..0.99,
                -0.1f64..1.1,
            );
            let rest = (
                groups(),
                employment(),
                network(n),
                behaviour(),
                reporting(),
                points(),
                adapt(),
                events(ticks),
            );
            (Just((n, ticks, seed)), start, score(), (rest, moves))
        })
        .prop_flat_map(|(head, start, score, rest)| {
            let extra = (tiers_and_perks(&score), ties(&score));
            (Just(head), Just(start), Just(score), Just(rest), extra)
        })
        .prop_map(
            |((n, ticks, seed), start, score, (rest, moves), ((tiers, perks), ties))| {
                let (groups, employment, network, behaviour, reporting, points, adapt, mut events) =
                    rest;
                let (at_tick, which, between, level) = moves;
                let mut set = toml::Table::new();
                if tiers.len() >= 2 {
                    let k = 1 + which.index(tiers.len() - 1);
                    let lower = tiers.0[k - 1].1.min_score;
                    let upper = tiers
                        .0
                        .get(k + 1)
                        .map_or(score.max + 10.0, |t| t.1.min_score);
                    let value = lower + between * (upper - lower);
                    if lower < value && value < upper {
                        set.insert(format!("tiers.{}.min_score", tiers.0[k].0), value.into());
                    }
                }
                if !perks.is_empty() {
                    let (name, _) = &perks.0[which.index(perks.len())];
                    let value = score.min + level * (score.max - score.min);
                    set.insert(format!("perks.{name}.min_score"), value.into());
                }
                if !set.is_empty() {
                    events.push(Event { at_tick, set });
                }
                let mut file = ScenarioFile {
                    name: "random".into(),
                    seed,
                    ticks,
                    employment,
                    network,
                    behaviour,
                    reporting,
                    points,
                    score,
                    tiers,
                    perks,
                    ties,
                    adapt,
                    events,
                    ..ScenarioFile::default()
                };
                file.population.size = Some(n);
                file.population.groups = groups;
                if matches!(start, Start::Random(_)) {
                    // Any network the population can carry; the graph is given.
                    file.network = Network::ErdosRenyi { mean_degree: 0.0 };
                }
                (file, start)
            },
        )
}

// ---------------------------------------------------------------------------
// The checks

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

fn in_unit(x: f64) -> bool {
    x.is_nan() || (0.0..=1.0).contains(&x)
}

/// Whether a metrics.csv column is a share (or another quantity in [0, 1]).
fn is_share(column: &str) -> bool {
    column.ends_with("_share") || matches!(column, "transitivity" | "avg_clustering" | "score_gini")
}

fn edge_set(g: &Graph) -> BTreeSet<(u32, u32)> {
    g.edges().collect()
}

fn pair(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// The state invariants and the observation's, at the current tick.
fn check_state(
    sim: &Simulation,
    obs: &Observation,
    columns: &[String],
) -> Result<(), TestCaseError> {
    let t = sim.tick;
    let n = sim.society.len();
    let g = &sim.graph;
    let p = &sim.params;
    ensure(g.check().is_ok(), || {
        format!("tick {t}: graph: {:?}", g.check())
    })?;
    ensure(sim.check().is_ok(), || {
        format!("tick {t}: state: {:?}", sim.check())
    })?;
    let degree_sum: u64 = g.degrees().iter().map(|&d| d as u64).sum();
    ensure(degree_sum == 2 * g.ties() as u64, || {
        format!("tick {t}: degree sum {degree_sum} != 2 × {} ties", g.ties())
    })?;
    let (lo, hi) = (p.score.min, p.score.max);
    for i in 0..n {
        let (s, r) = (sim.society.score[i], sim.society.record[i]);
        ensure((lo..=hi).contains(&s) && (lo..=hi).contains(&r), || {
            format!("tick {t}: citizen {i} score {s} record {r} outside [{lo}, {hi}]")
        })?;
    }
    // Tiers from the scores, counted directly.
    let levels: Vec<f64> = p.tiers.iter().map(|(_, t)| t.min_score).collect();
    let mut expected = vec![0u64; levels.len()];
    for &s in &sim.society.score {
        let k = levels.iter().rposition(|&m| m <= s).unwrap_or(0);
        expected[k] += 1;
    }

    ensure(obs.tick == t, || {
        format!("observation of tick {} at tick {t}", obs.tick)
    })?;
    ensure(obs.metrics.len() == columns.len(), || {
        format!(
            "tick {t}: {} values for {} columns",
            obs.metrics.len(),
            columns.len()
        )
    })?;
    let value = |name: &str| obs.metrics[columns.iter().position(|c| c == name).unwrap()];
    for (c, &v) in columns.iter().zip(&obs.metrics) {
        if is_share(c) {
            ensure(in_unit(v), || format!("tick {t}: {c} = {v} outside [0, 1]"))?;
        }
    }
    ensure(value("tick") == t as f64, || {
        format!("tick column {}", value("tick"))
    })?;
    ensure(value("ties") == g.ties() as f64, || {
        format!(
            "tick {t}: ties column {} != graph {}",
            value("ties"),
            g.ties()
        )
    })?;
    let mean_degree = 2.0 * g.ties() as f64 / n as f64;
    ensure(
        (value("degree_mean") - mean_degree).abs() <= 1e-12 * mean_degree.max(1.0),
        || {
            format!(
                "tick {t}: degree_mean {} != {mean_degree}",
                value("degree_mean")
            )
        },
    )?;
    ensure(
        value("ties_cut")
            == value("ties_cut_utility")
                + value("ties_cut_threshold")
                + value("ties_cut_sanctioned")
            && value("ties_formed") == value("ties_formed_triadic") + value("ties_formed_random"),
        || format!("tick {t}: causes do not add up"),
    )?;
    // A mean of values in [lo, hi] may round just outside by an ulp or two.
    let slack = 1e-12 * lo.abs().max(hi.abs());
    for q in ["score_mean", "score_p10", "score_median", "score_p90"] {
        let v = value(q);
        ensure(lo - slack <= v && v <= hi + slack, || {
            format!("tick {t}: {q} = {v} outside [{lo}, {hi}]")
        })?;
    }
    ensure(
        value("score_p10") <= value("score_median") && value("score_median") <= value("score_p90"),
        || format!("tick {t}: quantiles out of order"),
    )?;

    ensure(obs.tiers.len() == levels.len(), || {
        format!("tick {t}: tier rows")
    })?;
    let tier_total: u64 = obs.tiers.iter().map(|r| r.count).sum();
    ensure(tier_total == n as u64, || {
        format!("tick {t}: tiers count {tier_total} of {n}")
    })?;
    for (k, row) in obs.tiers.iter().enumerate() {
        ensure(row.count == expected[k], || {
            format!(
                "tick {t}: tier {} holds {} citizens, its scores say {}",
                row.tier, row.count, expected[k]
            )
        })?;
        ensure(in_unit(row.share) && in_unit(row.isolated_share), || {
            format!(
                "tick {t}: tier {} shares {} {}",
                row.tier, row.share, row.isolated_share
            )
        })?;
    }
    for (i, &k) in sim.society.tier.iter().enumerate() {
        let s = sim.society.score[i];
        ensure(
            expected.len() > k as usize && levels[k as usize] <= s,
            || format!("tick {t}: citizen {i} with score {s} in tier {k}"),
        )?;
        ensure(
            levels.get(k as usize + 1).is_none_or(|&next| s < next),
            || format!("tick {t}: citizen {i} with score {s} belongs to a higher tier than {k}"),
        )?;
    }
    let group_total: u64 = obs.groups.iter().map(|r| r.count).sum();
    ensure(group_total == n as u64, || {
        format!("tick {t}: groups count {group_total} of {n}")
    })?;
    ensure(obs.groups.len() == p.population.groups.len(), || {
        format!("tick {t}: group rows")
    })?;
    for row in &obs.groups {
        for (what, v) in [
            ("isolated_share", row.isolated_share),
            ("lost_half_share", row.lost_half_share),
            ("avg_clustering", row.avg_clustering),
            ("same_group_share", row.same_group_share),
        ] {
            ensure(in_unit(v), || {
                format!("tick {t}: group {} {what} = {v}", row.group)
            })?;
        }
        ensure(row.count > 0 || row.score_mean.is_nan(), || {
            format!("tick {t}: empty group {} has a mean score", row.group)
        })?;
    }
    Ok(())
}

/// Runs one random case, checking after every tick.
fn run_case(file: ScenarioFile, start: Start) -> Result<(), TestCaseError> {
    let n = file.population.size.unwrap() as usize;
    let graph = match &start {
        Start::Random(pairs) => Graph::from_edges(n, pairs).0,
        Start::Generated => {
            let scenario = Scenario {
                file: file.clone(),
                source: PathBuf::from("random.toml"),
            };
            match sesame::network::build(&scenario) {
                Ok(network) => network.graph,
                Err(e) => return Err(TestCaseError::fail(format!("a valid network failed: {e}"))),
            }
        }
    };
    ensure(graph.citizens() == n, || {
        format!("{} citizens, not {n}", graph.citizens())
    })?;
    let mut sim = Simulation::start(file, graph, None).unwrap();
    // Follow triangle counts through the edits: `Simulation::check` (in
    // `check_state`) compares them with a recount after every tick.
    sim.track_triangles();
    let columns = metric_columns(&sim.params);
    let flows = sim.take_flows();
    check_state(&sim, &observe(&sim, &flows), &columns)?;
    for _ in 0..sim.params.ticks {
        let before = sim.graph.clone();
        let edits = sim
            .step()
            .map_err(|e| TestCaseError::fail(format!("step failed: {e}")))?;
        let t = sim.tick;
        let flows = sim.take_flows();
        let obs = observe(&sim, &flows);
        check_state(&sim, &obs, &columns)?;

        // ties = previous − cut + formed, as sets.
        let old = edge_set(&before);
        let cuts: BTreeSet<(u32, u32)> = edits
            .cuts
            .iter()
            .map(|c| pair(c.citizen, c.friend))
            .collect();
        let forms: BTreeSet<(u32, u32)> = edits
            .forms
            .iter()
            .map(|c| pair(c.citizen, c.friend))
            .collect();
        ensure(
            cuts.len() == edits.cuts.len() && forms.len() == edits.forms.len(),
            || format!("tick {t}: a tie cut or formed twice"),
        )?;
        ensure(cuts.is_subset(&old), || {
            format!("tick {t}: cut a tie that did not exist")
        })?;
        ensure(forms.is_disjoint(&old), || {
            format!("tick {t}: formed an existing tie")
        })?;
        let mut expected: BTreeSet<(u32, u32)> = old.difference(&cuts).copied().collect();
        expected.extend(&forms);
        ensure(edge_set(&sim.graph) == expected, || {
            format!("tick {t}: ties are not previous − cut + formed")
        })?;
        ensure(
            sim.graph.ties() == before.ties() - edits.cuts.len() + edits.forms.len(),
            || format!("tick {t}: tie count"),
        )?;
        let column = |name: &str| obs.metrics[columns.iter().position(|c| c == name).unwrap()];
        ensure(
            column("ties_cut") == edits.cuts.len() as f64
                && column("ties_formed") == edits.forms.len() as f64,
            || format!("tick {t}: recorded cut/formed differ from the edits"),
        )?;
        // Formation respects max_degree.
        let max_degree = sim.params.ties.max_degree as usize;
        for &(a, b) in &forms {
            for c in [a, b] {
                let d = sim.graph.degree(c as usize);
                ensure(d <= max_degree, || {
                    format!("tick {t}: citizen {c} gained a tie up to degree {d} > max_degree {max_degree}")
                })?;
            }
        }
    }
    Ok(())
}

#[test]
fn invariants_hold_after_every_tick_of_random_scenarios() {
    // SESAME_INVARIANT_CASES runs more cases (e.g. overnight); 500 take a few seconds.
    let cases = std::env::var("SESAME_INVARIANT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let valid = std::cell::Cell::new(0u32);
    let tried = std::cell::Cell::new(0u32);
    let result = runner.run(&case(), |(file, start)| {
        tried.set(tried.get() + 1);
        let problems = validate(&file);
        if !problems.is_empty() {
            // Not every random combination is a valid scenario; those are
            // the validator's business (tests/it/scenario.rs), not this test's.
            return Ok(());
        }
        valid.set(valid.get() + 1);
        run_case(file, start)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "{} of {} random scenarios valid and checked",
        valid.get(),
        tried.get()
    );
    // The generator makes valid scenarios nearly always: the test is not vacuous.
    assert!(
        valid.get() * 10 >= tried.get() * 9,
        "only {} of {} random scenarios were valid",
        valid.get(),
        tried.get()
    );
}
