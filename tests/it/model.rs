//! The checks of docs/model.md §10 that any correct implementation passes, on the
//! engine directly (graphs built here, parameters set here).

use sesame::engine::Simulation;
use sesame::graph::Graph;
use sesame::rng::{self, Purpose};
use sesame::scenario::model::{Spillover, TieRule};
use sesame::scenario::ScenarioFile;

/// A ring lattice (k neighbours) plus `chords` random extra ties: connected.
fn ring_with_chords(n: usize, k: usize, chords: usize, seed: u64) -> Graph {
    let mut edges = Vec::new();
    for i in 0..n {
        for d in 1..=k / 2 {
            edges.push((i as u32, ((i + d) % n) as u32));
        }
    }
    let mut rng = rng::stream(seed, 0, Purpose::Network, 99);
    for _ in 0..chords {
        let a = rng::below(&mut rng, n as u64) as u32;
        let b = rng::below(&mut rng, n as u64) as u32;
        edges.push((a, b));
    }
    Graph::from_edges(n, &edges).0
}

/// The default scenario for a society of `n` citizens.
fn sized(n: usize) -> ScenarioFile {
    let mut p = ScenarioFile::default();
    p.population.size = Some(n as u64);
    p
}

/// Everything switched off but the score mixing.
fn quiet(n: usize) -> ScenarioFile {
    let mut p = sized(n);
    p.behaviour.enabled = false;
    p.reporting.enabled = false;
    p.ties.enabled = false;
    p.adapt.enabled = false;
    p.score.reversion = 0.0;
    p.score.isolation_penalty = 0.0;
    p.points.friends = 0.0;
    p
}

#[test]
fn consensus_reaches_the_degree_weighted_mean() {
    let n = 80;
    let graph = ring_with_chords(n, 4, 30, 5);
    for kappa in [0.1, 0.5, 0.9] {
        let mut p = quiet(n);
        p.score.spillover = Spillover::Score;
        p.score.friend_weight = kappa;
        p.score.initial_sd = 80.0;
        let mut sim = Simulation::start(p, graph.clone(), None).unwrap();
        let d: Vec<f64> = (0..n).map(|i| graph.degree(i) as f64).collect();
        let s0 = sim.society.score.clone();
        let target = d.iter().zip(&s0).map(|(d, s)| d * s).sum::<f64>() / d.iter().sum::<f64>();
        let spread0 = s0.iter().cloned().fold(f64::MIN, f64::max)
            - s0.iter().cloned().fold(f64::MAX, f64::min);
        assert!(spread0 > 50.0, "initial scores should differ");
        for _ in 0..4000 {
            sim.step().unwrap();
        }
        for (i, s) in sim.society.score.iter().enumerate() {
            assert!(
                (s - target).abs() < 1e-6,
                "κ={kappa}: citizen {i} at {s}, expected {target}"
            );
        }
    }
}

#[test]
fn record_mixing_holds_exactly_after_every_tick() {
    let n = 300;
    let graph = ring_with_chords(n, 6, 100, 8);
    let mut p = sized(n);
    p.score.friend_weight = 0.35;
    p.ties.cut_rate = 0.3; // plenty of tie changes: scores use the graph as it stood when scored
    let mut sim = Simulation::start(p, graph, None).unwrap();
    for _ in 0..20 {
        let before = sim.graph.clone();
        sim.step().unwrap();
        let s = &sim.society;
        for i in 0..n {
            let f = before.friends(i);
            let expected = if f.is_empty() {
                s.record[i]
            } else {
                let m = f.iter().map(|&j| s.record[j as usize]).sum::<f64>() / f.len() as f64;
                (0.65 * s.record[i] + 0.35 * m).clamp(350.0, 950.0)
            };
            assert!(
                (s.score[i] - expected).abs() <= 1e-9,
                "citizen {i}: {} vs {expected}",
                s.score[i]
            );
        }
    }
}

#[test]
fn threshold_cut_removes_exactly_the_ties_to_low_scores() {
    let n = 400;
    let graph = ring_with_chords(n, 8, 200, 3);
    let mut p = quiet(n);
    p.ties.enabled = true;
    p.ties.rule = TieRule::Threshold;
    p.ties.cut_rate = 1.0;
    p.ties.cut_gap = 10_000.0;
    p.ties.cut_sanctioned = 0.0;
    p.ties.form_rate = 0.0;
    p.ties.cut_below = 600.0;
    p.score.friend_weight = 0.0;
    p.score.initial_sd = 60.0;
    let mut sim = Simulation::start(p, graph.clone(), None).unwrap();
    sim.society
        .fear
        .iter_mut()
        .enumerate()
        .for_each(|(i, f)| *f = 0.5 + (i % 5) as f64 * 0.1);
    let low: Vec<bool> = sim.society.score.iter().map(|&s| s < 600.0).collect();
    assert!(low.iter().any(|&l| l) && low.iter().any(|&l| !l));
    sim.step().unwrap();
    let expected: Vec<(u32, u32)> = graph
        .edges()
        .filter(|&(a, b)| !low[a as usize] && !low[b as usize])
        .collect();
    let got: Vec<(u32, u32)> = sim.graph.edges().collect();
    assert_eq!(got, expected);
    assert!(graph.ties() > got.len());
}

#[test]
fn more_friend_weight_never_lowers_expected_cuts_of_poorer_friends() {
    let n = 2000;
    let graph = ring_with_chords(n, 10, 1000, 11);
    let mut p = sized(n);
    p.score.initial_sd = 60.0;
    let base = Simulation::start(p.clone(), graph.clone(), None).unwrap();
    let poorer: Vec<bool> = (0..n)
        .flat_map(|i| graph.friends(i).iter().map(move |&j| (i, j as usize)))
        .map(|(i, j)| base.society.record[j] < base.society.record[i])
        .collect();
    let mut last = -1.0;
    for kappa in [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] {
        let mut q = p.clone();
        q.score.friend_weight = kappa;
        let q = sesame::params::Params::new(q).unwrap();
        let probs = sesame::rules::ties::rule_cut_probabilities(&q, &graph, &base.society);
        let expected: f64 = probs
            .iter()
            .zip(&poorer)
            .filter(|(_, &p)| p)
            .map(|(x, _)| x)
            .sum();
        assert!(
            expected >= last,
            "κ={kappa}: expected cuts of poorer friends fell from {last} to {expected}"
        );
        last = expected;
    }
    // And the sampler realises it: many more such cuts at κ = 0.9 than at 0.
    let count = |kappa: f64| {
        let mut q = p.clone();
        q.score.friend_weight = kappa;
        q.behaviour.enabled = false;
        q.reporting.enabled = false;
        q.ties.form_rate = 0.0;
        q.ties.cut_sanctioned = 0.0;
        let mut sim = Simulation::start(q, graph.clone(), None).unwrap();
        sim.society.record = base.society.record.clone();
        let rec = sim.society.record.clone();
        let mut total = 0;
        for _ in 0..5 {
            let edits = sim.step().unwrap();
            total += edits
                .cuts
                .iter()
                .filter(|c| rec[c.friend as usize] < rec[c.citizen as usize])
                .count();
        }
        total
    };
    let (low, high) = (count(0.0), count(0.9));
    assert!(
        high > low,
        "cuts of poorer friends: κ=0 {low}, κ=0.9 {high}"
    );
}

#[test]
fn true_reports_stay_in_their_binomial_band() {
    let n = 5000;
    let graph = ring_with_chords(n, 10, 2000, 21);
    let mut p = sized(n);
    p.reporting.false_rate = 0.0;
    for seed in 1..=5 {
        p.seed = seed;
        let mut sim = Simulation::start(p.clone(), graph.clone(), None).unwrap();
        let s = &sim.society;
        let (mut mean, mut var) = (0.0, 0.0);
        for i in 0..n {
            let c = p.behaviour.post_rate * s.dissent[i];
            let v: Vec<f64> = graph
                .friends(i)
                .iter()
                .map(|&j| s.vigilance[j as usize])
                .collect();
            let es: f64 = v.iter().sum();
            let vs: f64 = v.iter().map(|x| x * (1.0 - x)).sum();
            mean += c * es;
            var += c * (vs + es * es) - c * c * es * es;
        }
        sim.step().unwrap();
        let observed = sim.take_flows().reports_true as f64;
        let band = 3.29 * var.sqrt();
        assert!(
            (observed - mean).abs() <= band,
            "seed {seed}: {observed} reports, expected {mean} ± {band}"
        );
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let n = 3000;
    let graph = ring_with_chords(n, 10, 500, 2);
    let mut p = sized(n);
    p.reporting.false_rate = 0.05;
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut sim = Simulation::start(p.clone(), graph.clone(), None).unwrap();
            let mut edits = Vec::new();
            for _ in 0..15 {
                let e = sim.step().unwrap();
                edits.push((e.cuts.len(), e.forms.len()));
            }
            (
                sim.society
                    .score
                    .iter()
                    .map(|x| x.to_bits())
                    .collect::<Vec<_>>(),
                sim.graph,
                edits,
            )
        })
    };
    let one = run(1);
    assert!(one.2.iter().any(|&(c, f)| c > 0 && f > 0));
    assert_eq!(one, run(2));
    assert_eq!(one, run(8));
}

/// A tick stepped with its phases observed announces each phase once, in
/// the order a tick runs them, and leaves the same state as a plain step
/// (with the triangle counts followed, so every branch of the tick runs).
#[test]
fn an_observed_step_announces_each_phase_in_order_and_changes_nothing() {
    use sesame::engine::Phase;
    let n = 2000;
    let graph = ring_with_chords(n, 10, 300, 5);
    let p = sized(n);
    let mut plain = Simulation::start(p.clone(), graph.clone(), None).unwrap();
    let mut observed = Simulation::start(p, graph, None).unwrap();
    plain.track_triangles();
    observed.track_triangles();
    for _ in 0..5 {
        let a = plain.step().unwrap();
        let mut seen = Vec::new();
        let b = observed.step_observed(|phase| seen.push(phase)).unwrap();
        assert_eq!(seen, Phase::ALL);
        assert_eq!((a.cuts, a.forms), (b.cuts, b.forms));
    }
    assert_eq!(plain.graph, observed.graph);
    assert_eq!(plain.triangles, observed.triangles);
    let bits = |s: &Simulation| {
        s.society
            .score
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&plain), bits(&observed));
}

/// Asserts that the counts of two groups over `ticks` independent ticks lie
/// within 4.5 standard deviations of sums of independent Bernoulli draws
/// with the given expectation and variance per tick.
fn assert_in_band(
    what: &str,
    ticks: u64,
    observed: [f64; 2],
    expected: [f64; 2],
    variance: [f64; 2],
) {
    let t = ticks as f64;
    for g in 0..2 {
        let z = (observed[g] - t * expected[g]) / (t * variance[g]).sqrt();
        assert!(
            z.abs() < 4.5,
            "{what} = {g}: {} observed, expected {:.1} (z = {z:.2})",
            observed[g],
            t * expected[g]
        );
    }
}

#[test]
fn rule_cuts_happen_at_their_stated_probabilities() {
    // The block sampler (geometric skipping at the block's largest
    // ceiling, then thinning) against the analytic P_cut of every tie, for
    // cutters of high and of low fear apart: a citizen-dependent error in
    // the thinning would show in one group.
    let n = 3000;
    let graph = ring_with_chords(n, 10, 1500, 31);
    let mut p = sized(n);
    p.score.initial_sd = 60.0;
    p.score.friend_weight = 0.5;
    p.reporting.enabled = false;
    p.ties.cut_rate = 0.4;
    p.ties.form_rate = 0.0;
    let mut sim = Simulation::start(p, graph.clone(), None).unwrap();
    for (i, f) in sim.society.fear.iter_mut().enumerate() {
        *f = (i % 11) as f64 / 10.0;
    }
    let params = sim.params.clone();
    let probs = sesame::rules::ties::rule_cut_probabilities(&params, &graph, &sim.society);
    let mut p_of = std::collections::HashMap::new();
    let mut k = 0;
    for i in 0..n {
        for &j in graph.friends(i) {
            p_of.insert((i as u32, j), probs[k]);
            k += 1;
        }
    }
    // A tie (a, b), a < b, is logged with cutter a if a cuts it (rule cuts
    // are applied by cutter), else with cutter b if b does.
    let fearful = |i: u32| sim.society.fear[i as usize] >= 0.5;
    let (mut expected, mut variance) = ([0.0; 2], [0.0; 2]);
    for (a, b) in graph.edges() {
        let (pa, pb) = (p_of[&(a, b)], p_of[&(b, a)]);
        for (cutter, e) in [(a, pa), (b, (1.0 - pa) * pb)] {
            let g = fearful(cutter) as usize;
            expected[g] += e;
            variance[g] += e * (1.0 - e);
        }
    }
    let ticks = 60u64;
    let sanctioned = vec![false; n];
    let mut observed = [0.0; 2];
    for t in 1..=ticks {
        let edits =
            sesame::rules::ties::cut_and_form(&params, &graph, &sim.society, &sanctioned, t, None);
        for c in &edits.cuts {
            observed[fearful(c.citizen) as usize] += 1.0;
        }
    }
    assert_in_band("cuts by fearful", ticks, observed, expected, variance);
    assert!(observed[1] > observed[0], "fear raises cuts: {observed:?}");
}

#[test]
fn false_reports_happen_at_their_stated_probabilities() {
    // Nobody posts, so every friend is innocent and each citizen j files a
    // false report against each friend with P = min(1, vigilance_j ×
    // false_rate): the block sampler against that, for vigilant and
    // unvigilant reporters apart.
    let n = 3000;
    let graph = ring_with_chords(n, 10, 1500, 32);
    let mut p = sized(n);
    p.behaviour.enabled = false;
    p.reporting.false_rate = 0.05;
    let mut sim = Simulation::start(p, graph.clone(), None).unwrap();
    for (i, v) in sim.society.vigilance.iter_mut().enumerate() {
        *v = (i % 7) as f64 / 6.0;
    }
    let params = sim.params.clone();
    let vigilant = |j: usize| sim.society.vigilance[j] >= 0.5;
    let (mut expected, mut variance) = ([0.0; 2], [0.0; 2]);
    for j in 0..n {
        let pj = (sim.society.vigilance[j] * 0.05).min(1.0);
        let d = graph.degree(j) as f64;
        expected[vigilant(j) as usize] += d * pj;
        variance[vigilant(j) as usize] += d * pj * (1.0 - pj);
    }
    let ticks = 40u64;
    let mut observed = [0.0; 2];
    for t in 1..=ticks {
        let deeds = sesame::rules::act::act(&params, &sim.society, t);
        let judgement =
            sesame::rules::report::observe_and_report(&params, &graph, &sim.society, &deeds, t);
        assert_eq!(judgement.totals.reports_true, 0);
        for (j, &r) in judgement.reports_made.iter().enumerate() {
            observed[vigilant(j) as usize] += r as f64;
        }
    }
    assert_in_band(
        "false reports by vigilant",
        ticks,
        observed,
        expected,
        variance,
    );
}
