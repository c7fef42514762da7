//! Measurement: what is recorded at tick 0, every `output.metrics_every`
//! ticks and at the last tick (docs/model.md §7.10). It wraps the engine: the engine
//! never computes a measure.

use crate::engine::{Flows, Simulation};
use crate::metrics::{self, inequality};

/// One row of tiers.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRow {
    pub tier: String,
    pub min_score: f64,
    pub count: u64,
    pub share: f64,
    pub degree_mean: f64,
    pub isolated_share: f64,
}

/// One row of groups.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: String,
    pub count: u64,
    pub score_mean: f64,
    pub degree_mean: f64,
    pub isolated_share: f64,
    pub lost_half_share: f64,
    pub sanctions: u64,
    pub avg_clustering: f64,
    pub same_group_share: f64,
}

/// Sums over the members of a tier or a group.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    count: u64,
    /// An integer sum: exact, so the same as summing degrees as floats.
    degree: u64,
    isolated: u64,
    lost_half: u64,
    score: f64,
    clustering: f64,
}

/// Everything recorded at one tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub tick: u32,
    /// Values in the order of [`metric_columns`]; NaN where undefined.
    pub metrics: Vec<f64>,
    pub tiers: Vec<TierRow>,
    pub groups: Vec<GroupRow>,
}

/// Columns of metrics.csv before the perk and graph-measure columns.
const BASE_COLUMNS: [&str; 30] = [
    "tick",
    "score_mean",
    "score_sd",
    "score_p10",
    "score_median",
    "score_p90",
    "score_gini",
    "record_mean",
    "critical_post_share",
    "dissent_mean",
    "vigilance_mean",
    "import_share",
    "reports_true",
    "reports_false",
    "reports_confirmed",
    "sanctions",
    "wrongful_sanctions",
    "rewards_paid",
    "isolated_share",
    "lost_half_share",
    "degree_mean",
    "ties",
    "ties_cut",
    "ties_cut_utility",
    "ties_cut_threshold",
    "ties_cut_sanctioned",
    "ties_formed",
    "ties_formed_triadic",
    "ties_formed_random",
    "patriotism_mean",
];

/// The columns of metrics.csv for a scenario (one `perk_<name>_share` per perk).
pub fn metric_columns(p: &crate::scenario::ScenarioFile) -> Vec<String> {
    let mut cols: Vec<String> = BASE_COLUMNS.iter().map(|s| s.to_string()).collect();
    cols.extend(p.perks.names().map(|name| format!("perk_{name}_share")));
    cols.extend(
        metrics::GraphMeasures::COLUMNS
            .iter()
            .map(|s| s.to_string()),
    );
    cols
}

/// The columns of `metrics.csv` before the graph measures: the distribution
/// of scores and traits, the flows since the last record, isolation and lost
/// ties, and the share holding each perk.
fn distribution_columns(sim: &Simulation, flows: &Flows, degrees: &[u32]) -> Vec<f64> {
    let p = &sim.params;
    let s = &sim.society;
    let g = &sim.graph;
    let n = s.len();
    let nf = n as f64;
    let sorted = inequality::sorted(&s.score);
    let shifted: Vec<f64> = sorted.iter().map(|v| v - p.score.min).collect();
    // The means in one pass, each still summed in citizen order.
    let [score, record, dissent, vigilance, patriotism] = inequality::sums(n, |i| {
        [
            s.score[i],
            s.record[i],
            s.dissent[i],
            s.vigilance[i],
            s.patriotism[i],
        ]
    })
    .map(|sum| inequality::mean_of_sum(sum, n));
    let mut m = vec![
        sim.tick as f64,
        score,
        inequality::population_sd_about(&s.score, score),
        inequality::quantile_sorted(&sorted, 0.1),
        inequality::quantile_sorted(&sorted, 0.5),
        inequality::quantile_sorted(&sorted, 0.9),
        inequality::gini_sorted(&shifted),
        record,
        ratio(flows.critical_posts as f64, flows.posts as f64),
        dissent,
        vigilance,
        ratio(flows.imported as f64, flows.purchases as f64),
        flows.reports_true as f64,
        flows.reports_false as f64,
        flows.reports_confirmed as f64,
        flows.sanctions as f64,
        flows.wrongful_sanctions as f64,
        flows.rewards_paid,
        ratio(degrees.iter().filter(|&&d| d == 0).count() as f64, nf),
        ratio(
            (0..n).filter(|&i| lost_half(s, degrees, i)).count() as f64,
            nf,
        ),
        ratio(2.0 * g.ties() as f64, nf),
        g.ties() as f64,
        flows.ties_cut() as f64,
        flows.ties_cut_utility as f64,
        flows.ties_cut_threshold as f64,
        flows.ties_cut_sanctioned as f64,
        flows.ties_formed() as f64,
        flows.ties_formed_triadic as f64,
        flows.ties_formed_random as f64,
        patriotism,
    ];
    let perk_counts: Vec<u64> = p
        .perks
        .iter()
        .map(|rule| (0..n).filter(|&i| rule.held(s.tier[i], s.score[i])).count() as u64)
        .collect();
    m.extend(perk_counts.iter().map(|&c| ratio(c as f64, nf)));
    m
}

/// Whether citizen i, who had ties at tick 0, now has at most half of them.
fn lost_half(s: &crate::society::Society, degrees: &[u32], i: usize) -> bool {
    s.initial_degree[i] > 0 && 2 * degrees[i] <= s.initial_degree[i]
}

/// Ratio that is NaN when the denominator is zero.
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}

/// Per tier and per group: one pass, folded in citizen order.
fn tally(sim: &Simulation, degrees: &[u32], clustering: &[f64]) -> (Vec<Tally>, Vec<Tally>) {
    let p = &sim.params;
    let s = &sim.society;
    let mut tier_acc = vec![Tally::default(); p.tiers.len()];
    let mut group_acc = vec![Tally::default(); p.population.groups.len()];
    for i in 0..s.len() {
        let degree = degrees[i];
        let lost = lost_half(s, degrees, i) as u64;
        for t in [
            &mut tier_acc[s.tier[i] as usize],
            &mut group_acc[s.group[i] as usize],
        ] {
            t.count += 1;
            t.degree += degree as u64;
            t.isolated += (degree == 0) as u64;
            t.lost_half += lost;
            t.score += s.score[i];
            t.clustering += clustering[i];
        }
    }
    (tier_acc, group_acc)
}

/// Measures the simulation's current state, with `flows` since the last record.
pub fn observe(sim: &Simulation, flows: &Flows) -> Observation {
    let p = &sim.params;
    let s = &sim.society;
    let g = &sim.graph;
    let n = s.len();
    let nf = n as f64;
    let degrees = g.degrees();
    // The distribution of scores and the component search (each on one
    // thread in a small society) run beside the passes over the ties and
    // the per-tier and per-group tallies.
    let ((mut m, sizes), (triangles, mixing, clustering, tier_acc, group_acc)) = rayon::join(
        || {
            rayon::join(
                || distribution_columns(sim, flows, &degrees),
                || metrics::components::component_sizes(g),
            )
        },
        || {
            let tiers32: Vec<u32> = s.tier.iter().map(|&t| t as u32).collect();
            let groups32: Vec<u32> = s.group.iter().map(|&t| t as u32).collect();
            let triangles = match &sim.triangles {
                Some(followed) => std::borrow::Cow::Borrowed(followed),
                None => std::borrow::Cow::Owned(metrics::clustering::triangles(g)),
            };
            let mixing = metrics::mixing::mixing(g, Some(&s.score), [&tiers32, &groups32]);
            let clustering = metrics::clustering::local_clustering_from_triangles(g, &triangles);
            let (tier_acc, group_acc) = tally(sim, &degrees, &clustering);
            (triangles, mixing, clustering, tier_acc, group_acc)
        },
    );
    let gm = metrics::graph_measures_from_parts(
        g,
        &metrics::GraphParts {
            triangles: &triangles,
            local_clustering: Some(&clustering),
            sizes: &sizes,
            tier_ties: Some(&mixing.label_ties[0]),
            score_assortativity: mixing.value_assortativity,
            degree_assortativity: mixing.degree_assortativity,
        },
    );
    m.extend(gm.values());

    let tiers = p
        .tiers
        .iter()
        .zip(&tier_acc)
        .map(|((name, tier), t)| {
            let c = t.count as f64;
            TierRow {
                tier: name.to_string(),
                min_score: tier.min_score,
                count: t.count,
                share: ratio(c, nf),
                degree_mean: ratio(t.degree as f64, c),
                isolated_share: ratio(t.isolated as f64, c),
            }
        })
        .collect();
    let same_group = mixing.label_ties[1].same_label_share_by_label(p.population.groups.len());
    let groups = p
        .population
        .groups
        .names()
        .zip(&group_acc)
        .enumerate()
        .map(|(k, (name, t))| {
            let c = t.count as f64;
            GroupRow {
                group: name.to_string(),
                count: t.count,
                score_mean: ratio(t.score, c),
                degree_mean: ratio(t.degree as f64, c),
                isolated_share: ratio(t.isolated as f64, c),
                lost_half_share: ratio(t.lost_half as f64, c),
                sanctions: flows.group_sanctions.get(k).copied().unwrap_or(0),
                avg_clustering: ratio(t.clustering, c),
                same_group_share: same_group[k],
            }
        })
        .collect();
    Observation {
        tick: sim.tick,
        metrics: m,
        tiers,
        groups,
    }
}
