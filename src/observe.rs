//! Measurement: what is recorded at tick 0, every `output.metrics_every`
//! ticks and at the last tick (docs/model.md §7.10). It wraps the engine: the engine
//! never computes a measure.

use crate::engine::{Flows, Simulation};
use crate::measures::{self, ratio, Observed, ScoreStats};
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

/// The columns of metrics.csv for a scenario (one `perk_<name>_share` per
/// perk), from the registry ([`crate::measures`]).
pub fn metric_columns(p: &crate::scenario::ScenarioFile) -> Vec<String> {
    measures::columns(p.perks.names())
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// The parts of a row that do not need the ties: the distribution of scores
/// and traits, isolation and lost ties, and the share holding each perk.
struct Distribution {
    scores: ScoreStats,
    record: f64,
    dissent: f64,
    vigilance: f64,
    patriotism: f64,
    isolated_share: f64,
    lost_half_share: f64,
    degree_mean: f64,
    ties: f64,
    perk_shares: Vec<f64>,
}

fn distribution(sim: &Simulation, degrees: &[u32]) -> Distribution {
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
    let perk_shares = p
        .perk_rules
        .iter()
        .map(|rule| {
            let held = (0..n).filter(|&i| rule.held(s.tier[i], s.score[i])).count();
            ratio(held as f64, nf)
        })
        .collect();
    Distribution {
        scores: ScoreStats {
            mean: score,
            sd: inequality::population_sd_about(&s.score, score),
            p10: inequality::quantile_sorted(&sorted, 0.1),
            median: inequality::quantile_sorted(&sorted, 0.5),
            p90: inequality::quantile_sorted(&sorted, 0.9),
            gini: inequality::gini_sorted(&shifted),
        },
        record,
        dissent,
        vigilance,
        patriotism,
        isolated_share: ratio(degrees.iter().filter(|&&d| d == 0).count() as f64, nf),
        lost_half_share: ratio(
            (0..n).filter(|&i| lost_half(s, degrees, i)).count() as f64,
            nf,
        ),
        degree_mean: ratio(2.0 * g.ties() as f64, nf),
        ties: g.ties() as f64,
        perk_shares,
    }
}

/// Whether citizen i, who had ties at tick 0, now has at most half of them.
fn lost_half(s: &crate::society::Society, degrees: &[u32], i: usize) -> bool {
    s.initial_degree[i] > 0 && 2 * degrees[i] <= s.initial_degree[i]
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
    let ((dist, sizes), (triangles, mixing, clustering, tier_acc, group_acc)) = rayon::join(
        || {
            rayon::join(
                || distribution(sim, &degrees),
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
    let observed = Observed {
        tick: Some(sim.tick),
        scores: Some(dist.scores),
        record_mean: Some(dist.record),
        dissent_mean: Some(dist.dissent),
        vigilance_mean: Some(dist.vigilance),
        patriotism_mean: Some(dist.patriotism),
        flows: Some(flows),
        isolated_share: dist.isolated_share,
        lost_half_share: Some(dist.lost_half_share),
        degree_mean: dist.degree_mean,
        ties: dist.ties,
        perk_shares: Some(&dist.perk_shares),
        graph: gm,
        has_scores: true,
        has_tiers: true,
    };
    let m: Vec<f64> = measures::columns(p.perks.names())
        .iter()
        .map(|c| c.value(&observed).unwrap_or(f64::NAN))
        .collect();

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
