//! The cost of recording every measure each tick on the bundled baseline
//! (10,000 citizens, Watts–Strogatz k = 10, every mechanism on), against
//! the tick itself: issue #3 asks for under 50 % of the tick time.
//!
//! A record costs an `observe` plus, when clustering is recorded often, the
//! per-tick upkeep of the triangle counts (`Simulation::track_triangles`);
//! so the ratio is (tick with upkeep + observe − bare tick) / bare tick.
//!
//!     cargo bench --bench record

use std::path::Path;
use std::time::Instant;

use criterion::Criterion;
use sesame::engine::Simulation;
use sesame::observe::observe;
use sesame::scenario::{self, Overrides};

/// The baseline after `settle` ticks, its triangles followed or not.
fn baseline(settle: u32, follow: bool) -> Simulation {
    let scenario = scenario::load(Path::new("scenarios/baseline.toml"), &Overrides::default())
        .expect("the bundled baseline loads");
    let network = sesame::network::build(&scenario).expect("its network builds");
    let mut params = scenario.file.clone();
    params.population.size = Some(network.graph.citizens() as u64);
    let mut sim = Simulation::start(params, network.graph, None);
    if follow {
        sim.track_triangles();
    }
    for _ in 0..settle {
        sim.step().expect("tick");
    }
    sim
}

fn bench_record(c: &mut Criterion) {
    let mut group = c.benchmark_group("record/baseline");
    let mut bare = baseline(50, false);
    group.bench_function("tick", |b| b.iter(|| bare.step().expect("tick")));
    let mut followed = baseline(50, true);
    group.bench_function("tick_with_triangle_upkeep", |b| {
        b.iter(|| followed.step().expect("tick"))
    });
    let flows = followed.take_flows();
    group.bench_function("observe", |b| b.iter(|| observe(&followed, &flows)));
    let recounted = baseline(50, false);
    group.bench_function("observe_recounting_triangles", |b| {
        b.iter(|| observe(&recounted, &flows))
    });
    group.finish();
}

/// Median of the per-tick times of `rounds` rounds of `ticks` ticks each.
fn median_per_tick(rounds: usize, ticks: u32, mut round: impl FnMut(u32)) -> f64 {
    let mut t: Vec<f64> = (0..rounds)
        .map(|_| {
            let s = Instant::now();
            round(ticks);
            s.elapsed().as_secs_f64() / ticks as f64
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[rounds / 2]
}

/// The ratio of the issue, from whole ticks as `sesame run` makes them:
/// rounds of ticks without records and with a record after every tick,
/// interleaved so that both see the same machine.
fn print_ratio() {
    let mut bare = baseline(50, false);
    let mut recorded = baseline(50, true);
    let (mut plain, mut with_record) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        plain.push(median_per_tick(1, 10, |k| {
            for _ in 0..k {
                bare.step().expect("tick");
            }
        }));
        with_record.push(median_per_tick(1, 10, |k| {
            for _ in 0..k {
                recorded.step().expect("tick");
                let flows = recorded.take_flows();
                std::hint::black_box(observe(&recorded, &flows));
            }
        }));
    }
    plain.sort_by(f64::total_cmp);
    with_record.sort_by(f64::total_cmp);
    let (tick, both) = (plain[plain.len() / 2], with_record[with_record.len() / 2]);
    println!(
        "\nbaseline, {} thread(s): tick {:.2} ms, tick + record {:.2} ms: recording every tick costs {:.0} % of the tick time",
        rayon::current_num_threads(),
        tick * 1e3,
        both * 1e3,
        100.0 * (both - tick) / tick
    );
}

fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("thread pool");
    // As `sesame run` does: every tick on a worker of the pool.
    pool.install(|| {
        let mut c = Criterion::default().configure_from_args();
        bench_record(&mut c);
        c.final_summary();
        print_ratio();
    });
}
