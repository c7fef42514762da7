//! Score (docs/model.md §7.4): own points move the record; the score mixes
//! in the friends.

use rayon::prelude::*;

use crate::graph::{prefetch, Graph};
use crate::params::Params;
use crate::rules::act::{Deed, Deeds};
use crate::rules::report::Judgement;
use crate::scenario::model::Spillover;
use crate::society::Society;

/// Mean of `x` over each citizen's friends (0 for a citizen without friends).
/// This is the hot loop of the model: one pass over every tie, each sum in
/// friend order.
pub fn friend_mean(graph: &Graph, x: &[f64]) -> Vec<f64> {
    /// Citizens per parallel task.
    const CHUNK: usize = 4096;
    let offsets = graph.offsets();
    let neighbours = graph.neighbours();
    let mut mean = vec![0.0; graph.citizens()];
    mean.par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(c, chunk)| {
            for (k, m) in chunk.iter_mut().enumerate() {
                let i = c * CHUNK + k;
                let ends = offsets[i]..offsets[i + 1];
                prefetch::friends_ahead(neighbours, ends.clone(), x);
                let friends = &neighbours[ends];
                if !friends.is_empty() {
                    *m = friends.iter().map(|&j| x[j as usize]).sum::<f64>() / friends.len() as f64;
                }
            }
        });
    mean
}

/// Own points of one citizen this tick (δ_i of docs/model.md §7.4), before
/// clamping. `record` is r_i before the update.
#[inline]
pub fn own_points(
    p: &Params,
    deed: &Deed,
    sanctioned: bool,
    report_points: f64,
    degree: usize,
    record: f64,
) -> f64 {
    let pt = &p.points;
    let s = &p.score;
    let mut delta = deed.points
        + pt.friends * crate::rules::log2_count(degree + 1)
        + report_points
        + s.reversion * (s.reversion_target - record);
    if deed.posted && !deed.critical {
        delta += pt.praise;
    }
    if sanctioned {
        delta -= pt.sanction;
    }
    if degree == 0 {
        delta -= s.isolation_penalty;
    }
    delta
}

/// Updates every record and score for one tick.
///
/// Under `record` spillover: r ← clamp(r + delta), then
/// s ← clamp((1 − κ) r + κ · mean of friends' new records).
/// Under `score` spillover: r ← clamp(s_prev + delta), then
/// s ← clamp((1 − κ) r + κ · mean of friends' previous scores).
///
/// Returns the friends' mean it mixed in (of the new records under `record`
/// spillover, which the tie phase needs too, so the pass is made once).
pub fn update(
    p: &Params,
    graph: &Graph,
    society: &mut Society,
    deeds: &Deeds,
    judgement: &Judgement,
) -> Vec<f64> {
    let s = &p.score;
    let (lo, hi) = (s.min, s.max);
    let points = |i: usize, base: f64| {
        let delta = own_points(
            p,
            &deeds.of[i],
            judgement.sanctioned[i],
            judgement.points[i],
            graph.degree(i),
            base,
        );
        (base + delta).clamp(lo, hi)
    };
    // Records and scores are updated in place: each citizen's new record
    // reads only its own old record or score, and the friends' mean is
    // taken before any score is overwritten.
    let Society { record, score, .. } = society;
    match s.spillover {
        Spillover::Record => record
            .par_iter_mut()
            .enumerate()
            .with_min_len(1024)
            .for_each(|(i, r)| *r = points(i, *r)),
        Spillover::Score => record
            .par_iter_mut()
            .zip(score.par_iter())
            .enumerate()
            .with_min_len(1024)
            .for_each(|(i, (r, &prev))| *r = points(i, prev)),
    }
    let spill: &[f64] = match s.spillover {
        Spillover::Record => record,
        Spillover::Score => score,
    };
    let m = friend_mean(graph, spill);
    mix_into(p, graph, record, &m, score);
    m
}

/// s_i = clamp((1 − κ) own_i + κ · mean of `spill` over i's friends), or own_i
/// for a citizen without friends.
pub fn mix(p: &Params, graph: &Graph, own: &[f64], spill: &[f64]) -> Vec<f64> {
    mix_with_mean(p, graph, own, &friend_mean(graph, spill))
}

/// [`mix`] given the friends' mean `m`.
fn mix_with_mean(p: &Params, graph: &Graph, own: &[f64], m: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; own.len()];
    mix_into(p, graph, own, m, &mut out);
    out
}

/// [`mix_with_mean`] written into `out` (a citizen's score, replaced).
fn mix_into(p: &Params, graph: &Graph, own: &[f64], m: &[f64], out: &mut [f64]) {
    let s = &p.score;
    let k = s.friend_weight;
    out.par_iter_mut()
        .enumerate()
        .with_min_len(1024)
        .for_each(|(i, o)| {
            *o = if graph.degree(i) == 0 {
                own[i]
            } else {
                ((1.0 - k) * own[i] + k * m[i]).clamp(s.min, s.max)
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The friends' mean is, bit for bit, the plain sum over each friend
        /// list in order divided by the degree (0 without friends), with 1
        /// and 3 threads, on graphs spanning several parallel tasks and with
        /// lists longer than the prefetch distance.
        #[test]
        fn friend_mean_is_the_plain_mean_in_friend_order(
            n in 1usize..10_000,
            pairs in proptest::collection::vec((0u32..10_000, 1u32..200), 0..20_000),
            values in proptest::collection::vec(-1e6f64..1e6, 10_000),
        ) {
            let g = Graph::from_steps(n, &pairs);
            let x = &values[..n];
            let plain: Vec<u64> = (0..n)
                .map(|i| {
                    let f = g.friends(i);
                    let mut s = -0.0;
                    for &j in f {
                        s += x[j as usize];
                    }
                    if f.is_empty() { 0.0f64 } else { s / f.len() as f64 }.to_bits()
                })
                .collect();
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let mean: Vec<u64> =
                    pool.install(|| friend_mean(&g, x)).iter().map(|m| m.to_bits()).collect();
                proptest::prop_assert_eq!(&mean, &plain);
            }
        }
    }
}
