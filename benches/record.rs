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
    let mut sim = Simulation::start(params, network.graph, None).unwrap();
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
/// interleaved so that both see the same machine. On a shared machine the
/// speed drifts between rounds, so each round with records is compared with
/// the bare round just before it, and the median of those paired ratios is
/// reported, with the median times.
fn print_ratio() {
    let mut bare = baseline(50, false);
    let mut recorded = baseline(50, true);
    let (mut plain, mut with_record, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..21 {
        let tick = median_per_tick(1, 10, |k| {
            for _ in 0..k {
                bare.step().expect("tick");
            }
        });
        let both = median_per_tick(1, 10, |k| {
            for _ in 0..k {
                recorded.step().expect("tick");
                let flows = recorded.take_flows();
                std::hint::black_box(observe(&recorded, &flows));
            }
        });
        plain.push(tick);
        with_record.push(both);
        ratios.push((both - tick) / tick);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let quartiles = {
        let mut r = ratios.clone();
        r.sort_by(f64::total_cmp);
        (r[r.len() / 4], r[3 * r.len() / 4])
    };
    println!(
        "\nbaseline, {} thread(s): tick {:.2} ms, tick + record {:.2} ms (medians of 21 rounds); recording every tick costs {:.0} % of the tick time (median of paired rounds; quartiles {:.0}–{:.0} %)",
        rayon::current_num_threads(),
        median(plain) * 1e3,
        median(with_record) * 1e3,
        100.0 * median(ratios),
        100.0 * quartiles.0,
        100.0 * quartiles.1,
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
