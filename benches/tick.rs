//! One full tick, each phase alone, and the reference pass (the bare
//! neighbour mean) on the same graph in the same run, at 100,000 and
//! 1,000,000 citizens × 20 ties (Watts–Strogatz), with one thread and all.
//! Ends by printing the ratio of a full tick to the reference pass.
//!
//!     cargo bench --bench tick
//!     SESAME_BENCH_N=100000 cargo bench --bench tick   # only the smaller size

mod common;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use sesame::engine::Simulation;
use sesame::graph::{generate, Graph};
use sesame::rules;
use sesame::scenario::ScenarioFile;

fn sizes() -> Vec<usize> {
    let n = common::population();
    if n > 100_000 {
        vec![100_000, n]
    } else {
        vec![n]
    }
}

fn start(n: usize) -> (Simulation, Graph) {
    let graph = generate::watts_strogatz(n, common::MEAN_DEGREE, 0.1, common::SEED)
        .expect("valid parameters");
    let mut p = ScenarioFile::default();
    p.population.size = Some(n as u64);
    let mut sim = Simulation::start(p, graph.clone(), None);
    sim.step().expect("tick"); // settle one tick so every buffer is warm
    (sim, graph)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

fn bench_ticks(c: &mut Criterion) {
    let all = rayon::current_num_threads();
    for n in sizes() {
        let (mut sim, graph) = start(n);
        let ties = graph.ties() as u64;
        let mut group = c.benchmark_group(format!("tick/{n}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8))
            .warm_up_time(Duration::from_secs(1));
        // Throughput in directed tie visits of one pass (2 per tie).
        group.throughput(Throughput::Elements(2 * ties));
        for threads in [1, all] {
            let p = pool(threads);
            group.bench_function(BenchmarkId::new("full_tick", format!("{threads}t")), |b| {
                p.install(|| b.iter(|| sim.step().expect("tick")))
            });
            let x: Vec<f32> = sim.society.score.iter().map(|&s| s as f32).collect();
            let mut out = vec![0f32; n];
            group.bench_function(
                BenchmarkId::new("reference_pass", format!("{threads}t")),
                |b| p.install(|| b.iter(|| common::reference_pass(&sim.graph, &x, &mut out))),
            );
        }
        // Each phase alone, all threads, on the current state.
        let p = sim.params.clone();
        let spending = rules::tiers::spending(&p, &sim.society);
        let deeds = rules::act::act(&p, &sim.society, &spending, 1);
        let judgement = rules::report::observe_and_report(&p, &sim.graph, &sim.society, &deeds, 1);
        group.bench_function("phase/act", |b| {
            b.iter(|| rules::act::act(&p, &sim.society, &spending, 1))
        });
        group.bench_function("phase/report", |b| {
            b.iter(|| rules::report::observe_and_report(&p, &sim.graph, &sim.society, &deeds, 1))
        });
        group.bench_function("phase/score", |b| {
            let mut society = sim.society.clone();
            b.iter(|| rules::score::update(&p, &sim.graph, &mut society, &deeds, &judgement))
        });
        group.bench_function("phase/tiers", |b| {
            let mut society = sim.society.clone();
            b.iter(|| rules::tiers::assign(&p, &mut society))
        });
        group.bench_function("phase/ties", |b| {
            b.iter(|| {
                rules::ties::cut_and_form(
                    &p,
                    &sim.graph,
                    &sim.society,
                    &judgement.sanctioned,
                    1,
                    None,
                )
            })
        });
        group.bench_function("phase/adapt", |b| {
            let mut society = sim.society.clone();
            b.iter(|| rules::adapt::adapt(&p, &sim.graph, &mut society, &judgement, 1))
        });
        group.finish();
    }
}

/// Median of `reps` timings of `f`, in seconds.
fn median_time(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

/// The ratios the performance targets are stated in, measured back to back.
fn print_ratios() {
    let n = *sizes().last().expect("a size");
    let (mut sim, _) = start(n);
    let all = rayon::current_num_threads();
    println!(
        "\nratios at {n} citizens × {} ties per citizen (Watts–Strogatz):",
        common::MEAN_DEGREE
    );
    let mut ticks = Vec::new();
    for threads in [1, all] {
        let p = pool(threads);
        let x: Vec<f32> = sim.society.score.iter().map(|&s| s as f32).collect();
        let mut out = vec![0f32; n];
        let reference =
            p.install(|| median_time(7, || common::reference_pass(&sim.graph, &x, &mut out)));
        let tick = p.install(|| median_time(5, || drop(sim.step().expect("tick"))));
        let edges_per_s = 2.0 * sim.graph.ties() as f64 / tick;
        println!(
            "  {threads} thread(s): full tick {:.1} ms, reference pass {:.1} ms, tick / reference = {:.2}, {:.0} M tie visits/s per tick",
            tick * 1e3,
            reference * 1e3,
            tick / reference,
            edges_per_s / 1e6
        );
        ticks.push(tick);
    }
    if ticks.len() == 2 && all > 1 {
        println!(
            "  thread scaling: {all} threads = {:.2}× one thread",
            ticks[0] / ticks[1]
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_ticks(&mut c);
    c.final_summary();
    print_ratios();
}
