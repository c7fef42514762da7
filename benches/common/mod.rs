//! Fixtures shared by the benches: graphs at the size of the performance
//! targets, built by the generators with a fixed seed.
//!
//! The population is `SESAME_BENCH_N` (default 1,000,000) with 20 ties per
//! citizen, so a quick run can use a smaller size:
//! `SESAME_BENCH_N=100000 cargo bench --bench generate`.
#![allow(dead_code)] // each bench uses only some of the fixtures

use sesame::graph::generate;
use sesame::graph::Graph;

/// Seed of every fixture.
pub const SEED: u64 = 20_200_101;

/// Mean degree of every fixture (the "20 ties per citizen").
pub const MEAN_DEGREE: usize = 20;

/// Number of citizens: `SESAME_BENCH_N`, default 1,000,000.
pub fn population() -> usize {
    match std::env::var("SESAME_BENCH_N") {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("SESAME_BENCH_N = {text:?} is not a whole number")),
        Err(_) => 1_000_000,
    }
}

/// G(n, m) with mean degree 20.
pub fn erdos_renyi() -> Graph {
    generate::erdos_renyi(population(), MEAN_DEGREE as f64, SEED).expect("valid parameters")
}

/// Watts–Strogatz with k = 20 and rewiring probability 0.1.
pub fn watts_strogatz() -> Graph {
    generate::watts_strogatz(population(), MEAN_DEGREE, 0.1, SEED).expect("valid parameters")
}

/// Barabási–Albert with m = 10 (mean degree 20).
pub fn barabasi_albert() -> Graph {
    generate::barabasi_albert(population(), MEAN_DEGREE / 2, SEED).expect("valid parameters")
}

/// Stochastic block model: 100 communities, mean degree 16 within and 4 between.
pub fn stochastic_block() -> (Graph, Vec<u32>) {
    generate::stochastic_block(population(), 100, 16.0, 4.0, SEED).expect("valid parameters")
}

/// The reference pass of the speed targets: for every citizen, the mean of
/// its friends' `f32` scores over the `u32` adjacency — the bare minimum a
/// tick must do, written as the fastest plain loop (parallel over citizens).
pub fn reference_pass(graph: &Graph, x: &[f32], out: &mut [f32]) {
    use rayon::prelude::*;
    let offsets = graph.offsets();
    let neighbours = graph.neighbours();
    out.par_chunks_mut(4096).enumerate().for_each(|(c, chunk)| {
        let base = c * 4096;
        for (k, o) in chunk.iter_mut().enumerate() {
            let i = base + k;
            let f = &neighbours[offsets[i]..offsets[i + 1]];
            let mut s = 0.0f32;
            for &j in f {
                s += x[j as usize];
            }
            *o = if f.is_empty() {
                0.0
            } else {
                s / f.len() as f32
            };
        }
    });
}
