//! How ties mix citizens, in one pass over the ties: degree assortativity,
//! the assortativity of a value (scores), and the tie counts of labellings
//! (tiers, groups). Each is what its own module computes
//! ([`super::assortativity`], [`super::partition`]), bit for bit: the same
//! per-citizen terms, folded in the same fixed order.
//!
//! Why: at every record these measures each walked every friend list; on a
//! small society the walks, not the arithmetic, were the cost of recording,
//! and one walk that reads each friend's degree, value and labels together
//! does the work of four.

use super::assortativity::{self, Centre};
use super::partition::{self, LabelTies};
use super::{CHUNK, PER_TASK};
use crate::graph::Graph;
use rayon::prelude::*;

/// The mixing measures of a graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixing<const L: usize> {
    /// [`assortativity::degree_assortativity`].
    pub degree_assortativity: f64,
    /// [`assortativity::numeric_assortativity`] of the values (NaN without
    /// values).
    pub value_assortativity: f64,
    /// [`LabelTies::count`] of each labelling.
    pub label_ties: [LabelTies; L],
}

/// Partial sums over one chunk of citizens.
struct Partial<const L: usize> {
    degree: [u128; 4],
    value: [f64; 2],
    /// Per labelling: internal tie ends (each internal tie twice) and
    /// degree sums, by label.
    labels: [(Vec<u64>, Vec<u64>); L],
}

/// What the pass reads of a friend, side by side so that one friend costs
/// one read: its degree, its value centred as [`Centre::terms`] centres it
/// (0 without values) and its label in each labelling.
#[derive(Debug, Clone, Copy)]
struct End<T, const L: usize> {
    degree: u32,
    labels: [T; L],
    centred: f64,
}

/// A label as an [`End`] stores it: `u16` while every labelling has at
/// most 2^16 labels (a 16-byte end for two labellings, against 24, which
/// made the pass on the baseline about 1.45× faster), else `u32`.
trait Label: Copy + Eq + Send + Sync {
    fn from_label(label: u32) -> Self;
    fn index(self) -> usize;
}

impl Label for u16 {
    #[inline]
    fn from_label(label: u32) -> u16 {
        label as u16
    }
    #[inline]
    fn index(self) -> usize {
        self as usize
    }
}

impl Label for u32 {
    #[inline]
    fn from_label(label: u32) -> u32 {
        label
    }
    #[inline]
    fn index(self) -> usize {
        self as usize
    }
}

/// Every citizen's [`End`].
fn ends<T: Label, const L: usize>(
    g: &Graph,
    centred: Option<(&Centre, &[f64])>,
    labellings: [&[u32]; L],
) -> Vec<End<T, L>> {
    (0..g.citizens())
        .into_par_iter()
        .with_min_len(PER_TASK)
        .map(|i| End {
            degree: g.degree(i) as u32,
            labels: labellings.map(|labels| T::from_label(labels[i])),
            centred: centred.map_or(0.0, |(centre, values)| centre.centred(values[i])),
        })
        .collect()
}

/// [`Mixing`] of `g` with `values` (one per citizen, or none) and
/// `labellings` (each one label per citizen), in one pass over the ties.
///
/// # Panics
/// If `values` or a labelling does not have one entry per citizen.
///
/// Complexity: O(n + m), parallel over chunks of citizens.
pub fn mixing<const L: usize>(
    g: &Graph,
    values: Option<&[f64]>,
    labellings: [&[u32]; L],
) -> Mixing<L> {
    let n = g.citizens();
    let k = labellings.map(|labels| {
        assert_eq!(labels.len(), n, "one label per citizen");
        partition::label_count(labels)
    });
    let centre = values.and_then(|v| Centre::of(g, v));
    let centred = centre.as_ref().zip(values);
    let partials = if k.iter().all(|&k| k <= 1 << 16) {
        partials(
            g,
            &ends::<u16, L>(g, centred, labellings),
            centre.is_some(),
            k,
        )
    } else {
        partials(
            g,
            &ends::<u32, L>(g, centred, labellings),
            centre.is_some(),
            k,
        )
    };
    // Fold in chunk order, as `ordered_sums` does.
    let mut degree_sums = [0u128; 4];
    let mut value_sums = [0.0f64; 2];
    let mut label_sums = k.map(|k| (vec![0u64; k], vec![0u64; k]));
    for part in partials {
        degree_sums = assortativity::add_degree_terms(degree_sums, part.degree);
        value_sums[0] += part.value[0];
        value_sums[1] += part.value[1];
        for ((ia, da), (ib, db)) in label_sums.iter_mut().zip(part.labels) {
            partition::add_into(ia, &ib);
            partition::add_into(da, &db);
        }
    }
    Mixing {
        degree_assortativity: assortativity::degree_coefficient(degree_sums),
        value_assortativity: match centre {
            Some(_) => assortativity::centre_coefficient(value_sums[0], value_sums[1]),
            None => f64::NAN,
        },
        label_ties: label_sums
            .map(|(internal_ends, degree_sum)| LabelTies::from_ends(g, internal_ends, degree_sum)),
    }
}

/// The partial sums of [`mixing`] over each chunk of citizens, in chunk
/// order, from every citizen's [`End`] and the number of labels of each
/// labelling; `centred` says whether the ends carry centred values.
fn partials<T: Label, const L: usize>(
    g: &Graph,
    ends: &[End<T, L>],
    centred: bool,
    k: [usize; L],
) -> Vec<Partial<L>> {
    // One task per chunk whatever the size: a pass over every tie is heavy
    // enough to share even on the baseline, where the record's other
    // branch (the score distribution, the component search) runs beside it.
    (0..g.citizens().div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut part = Partial {
                degree: [0; 4],
                value: [0.0; 2],
                labels: k.map(|k| (vec![0u64; k], vec![0u64; k])),
            };
            for i in c * CHUNK..((c + 1) * CHUNK).min(g.citizens()) {
                let friends = g.friends(i);
                let own = &ends[i];
                // One read of each friend feeds every sum; each sum is
                // still folded in friend order, as its own module folds it.
                let mut friends_degrees = 0u64;
                // From −0.0, as `Iterator::sum` starts.
                let mut others = -0.0f64;
                let mut same = [0u64; L];
                for &j in friends {
                    let friend = &ends[j as usize];
                    friends_degrees += friend.degree as u64;
                    others += friend.centred;
                    for (s, (a, b)) in same.iter_mut().zip(friend.labels.iter().zip(&own.labels)) {
                        *s += (a == b) as u64;
                    }
                }
                let d = own.degree as u128;
                part.degree = assortativity::add_degree_terms(
                    part.degree,
                    [d, d * d, d * d * d, d * friends_degrees as u128],
                );
                if centred {
                    // As `Centre::terms`: nothing from a citizen without ties.
                    let [a, b] = if friends.is_empty() {
                        [0.0, 0.0]
                    } else {
                        let c = own.centred;
                        [c * others, friends.len() as f64 * c * c]
                    };
                    part.value[0] += a;
                    part.value[1] += b;
                }
                // As `partition::tally_citizen`.
                for ((label, s), (internal, degree_sum)) in
                    own.labels.iter().zip(same).zip(part.labels.iter_mut())
                {
                    degree_sum[label.index()] += friends.len() as u64;
                    internal[label.index()] += s;
                }
            }
            part
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits of every float, so that equality means bit-identical.
    fn bits(m: &Mixing<2>) -> (u64, u64, [LabelTies; 2]) {
        (
            m.degree_assortativity.to_bits(),
            m.value_assortativity.to_bits(),
            m.label_ties.clone(),
        )
    }

    proptest::proptest! {
        /// The one pass gives, bit for bit, what each measure gives alone,
        /// with 1 and 3 threads, on graphs that span several chunks.
        #[test]
        fn one_pass_equals_each_measure_alone(
            n in 1usize..(3 * CHUNK),
            pairs in proptest::collection::vec((0u32..(3 * CHUNK) as u32, 1u32..50), 0..6000),
            seed in 0u64..1000,
        ) {
            let g = Graph::from_steps(n, &pairs);
            let values: Vec<f64> = (0..n).map(|i| ((i as u64 * 2654435761 + seed) % 1000) as f64 / 7.0).collect();
            let tiers: Vec<u32> = (0..n).map(|i| (values[i] as u32) % 5).collect();
            // Past 2^16 labels the ends keep labels as u32.
            let wide = if seed % 2 == 0 { 0 } else { 70_000 };
            let groups: Vec<u32> = (0..n).map(|i| ((i as u64 + seed) % 3) as u32 + wide).collect();
            let alone = Mixing {
                degree_assortativity: assortativity::degree_assortativity(&g),
                value_assortativity: assortativity::numeric_assortativity(&g, &values),
                label_ties: [LabelTies::count(&g, &tiers), LabelTies::count(&g, &groups)],
            };
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let together = pool.install(|| mixing(&g, Some(&values), [&tiers, &groups]));
                proptest::prop_assert_eq!(bits(&together), bits(&alone));
            }
            let none = mixing(&g, None, [&tiers, &groups]);
            proptest::prop_assert!(none.value_assortativity.is_nan());
        }
    }
}
