//! Time of each initial-graph generator at the size: 1,000,000
//! citizens with 20 ties each (set `SESAME_BENCH_N` to change the size).
//! Targets: under 1 s each on two cores, Barabási–Albert under 2 s.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

fn generators(c: &mut Criterion) {
    let n = common::population();
    let mut group = c.benchmark_group(format!("generate/{n}x{}", common::MEAN_DEGREE));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("erdos_renyi", |b| {
        b.iter(|| black_box(common::erdos_renyi()))
    });
    group.bench_function("watts_strogatz", |b| {
        b.iter(|| black_box(common::watts_strogatz()))
    });
    group.bench_function("barabasi_albert", |b| {
        b.iter(|| black_box(common::barabasi_albert()))
    });
    group.bench_function("stochastic_block", |b| {
        b.iter(|| black_box(common::stochastic_block()))
    });
    group.finish();
}

criterion_group!(benches, generators);
criterion_main!(benches);
