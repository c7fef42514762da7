//! All graph measures of docs/model.md §7.10 on 1,000,000 citizens × 20 ties
//! (mean degree 20), on a Watts–Strogatz and a Barabási–Albert graph.
//! Target: `graph_measures` under 2 s on 2 cores.
//!
//! The graphs come from two tiny builders in this file (a ring lattice with
//! random rewiring, and preferential attachment by the repeated-ends list);
//! they are stand-ins until the shared fixtures of `benches/common/` exist.

use criterion::{criterion_group, criterion_main, Criterion};
use sesame::graph::Graph;
use sesame::metrics::{
    assortativity, clustering, components, graph_measures, partition::LabelTies,
};
use sesame::rng::{below, stream, uniform, Purpose};
use std::hint::black_box;

const CITIZENS: usize = 1_000_000;
const MEAN_DEGREE: usize = 20;
const SEED: u64 = 7;

/// Ring lattice where each citizen ties to its `k / 2` successors, each tie
/// rewired to a uniform citizen with probability `rewire` (ties that would
/// be loops or repeats are dropped by `Graph::from_edges`).
fn watts_strogatz(n: usize, k: usize, rewire: f64) -> Graph {
    let mut rng = stream(SEED, 0, Purpose::Network, 1);
    let mut edges = Vec::with_capacity(n * k / 2);
    for i in 0..n {
        for step in 1..=k / 2 {
            let j = if uniform(&mut rng) < rewire {
                below(&mut rng, n as u64) as usize
            } else {
                (i + step) % n
            };
            edges.push((i as u32, j as u32));
        }
    }
    Graph::from_edges(n, &edges).0
}

/// Preferential attachment: a clique of `m + 1` citizens, then each new
/// citizen ties to `m` distinct earlier ones drawn proportionally to degree.
fn barabasi_albert(n: usize, m: usize) -> Graph {
    let mut rng = stream(SEED, 0, Purpose::Network, 2);
    let mut edges = Vec::with_capacity(n * m);
    let mut ends: Vec<u32> = Vec::with_capacity(2 * n * m);
    for a in 0..=m as u32 {
        for b in 0..a {
            edges.push((a, b));
            ends.extend([a, b]);
        }
    }
    let mut targets = Vec::with_capacity(m);
    for v in m as u32 + 1..n as u32 {
        targets.clear();
        while targets.len() < m {
            let t = ends[below(&mut rng, ends.len() as u64) as usize];
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for &t in &targets {
            edges.push((v, t));
            ends.extend([v, t]);
        }
    }
    Graph::from_edges(n, &edges).0
}

/// Uniform scores in [0, 1000) and five tiers by score.
fn scores_and_tiers(n: usize) -> (Vec<f64>, Vec<u32>) {
    let mut rng = stream(SEED, 0, Purpose::Citizens, 0);
    let scores: Vec<f64> = (0..n).map(|_| 1000.0 * uniform(&mut rng)).collect();
    let tiers = scores.iter().map(|s| (s / 200.0) as u32).collect();
    (scores, tiers)
}

fn measures(c: &mut Criterion) {
    let (scores, tiers) = scores_and_tiers(CITIZENS);
    for (name, g) in [
        ("watts_strogatz", watts_strogatz(CITIZENS, MEAN_DEGREE, 0.1)),
        (
            "barabasi_albert",
            barabasi_albert(CITIZENS, MEAN_DEGREE / 2),
        ),
    ] {
        let mut group = c.benchmark_group(format!("measures_1m_x20/{name}"));
        group.bench_function("graph_measures", |b| {
            b.iter(|| graph_measures(black_box(&g), Some(&scores), Some(&tiers)))
        });
        group.bench_function("triangles", |b| {
            b.iter(|| clustering::triangles(black_box(&g)))
        });
        group.bench_function("component_sizes", |b| {
            b.iter(|| components::component_sizes(black_box(&g)))
        });
        group.bench_function("assortativity", |b| {
            b.iter(|| {
                (
                    assortativity::degree_assortativity(black_box(&g)),
                    assortativity::numeric_assortativity(black_box(&g), &scores),
                )
            })
        });
        group.bench_function("tier_partition", |b| {
            b.iter(|| LabelTies::count(black_box(&g), &tiers).modularity())
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = measures
}
criterion_main!(benches);
