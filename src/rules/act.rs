//! Act (docs/model.md §7.2): each citizen pays bills, buys and posts.

use crate::params::Params;
use crate::rng::{self, Purpose};
use crate::society::Society;
use rand_distr::{Distribution, Poisson};

/// What one citizen did in a tick, as the later phases need it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Deed {
    /// Points from its bills and purchases: on-time bills, late bills,
    /// spending, domestic and imported purchases, summed in that order
    /// (the first terms of δ, docs/model.md §7.4; the score phase adds the
    /// rest in the same order, so δ is the same number as summed at once).
    pub points: f64,
    /// Whether the citizen posted.
    pub posted: bool,
    /// Whether the post was critical of the state (a violation).
    pub critical: bool,
}

/// Counts of one tick's deeds over all citizens (for the flows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeedTotals {
    pub posts: u64,
    pub critical_posts: u64,
    pub purchases: u64,
    pub imported: u64,
}

impl DeedTotals {
    fn add(self, o: DeedTotals) -> DeedTotals {
        DeedTotals {
            posts: self.posts + o.posts,
            critical_posts: self.critical_posts + o.critical_posts,
            purchases: self.purchases + o.purchases,
            imported: self.imported + o.imported,
        }
    }
}

/// What every citizen did in a tick: 16 bytes a citizen, where the counts
/// and the amount spent were 32; the counts live on only as totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deeds {
    /// One entry per citizen.
    pub of: Vec<Deed>,
    /// The tick's totals.
    pub totals: DeedTotals,
}

/// Draws every citizen's deeds for `tick`. A citizen's purchase rate is
/// multiplied by its employment's and its tier's spending multipliers (the
/// tier of the previous tick's score).
///
/// One random stream per block of [`rng::BLOCK`] citizens, used in citizen order.
pub fn act(p: &Params, society: &Society, tick: u64) -> Deeds {
    let n = society.len();
    if !p.behaviour.enabled {
        return Deeds {
            of: vec![Deed::default(); n],
            totals: DeedTotals::default(),
        };
    }
    let b = &p.behaviour;
    let pt = &p.points;
    let amount = &p.purchase_amount;
    let employment: Vec<f64> = p
        .employment
        .classes()
        .iter()
        .map(|c| c.spending_multiplier)
        .collect();
    let mut of = vec![Deed::default(); n];
    let totals = rng::per_block_mut(&mut of, p.seed, tick, Purpose::Act, |rng, first, out| {
        let mut purchases = Purchases::default();
        let mut totals = DeedTotals::default();
        for (k, d) in out.iter_mut().enumerate() {
            let i = first + k;
            let rng = &mut *rng;
            let (mut on_time, mut late) = (0u32, 0u32);
            for _ in 0..b.bills_per_tick {
                if rng::chance(rng, society.punctuality[i]) {
                    on_time += 1;
                } else {
                    late += 1;
                }
            }
            let (mut spent, mut domestic, mut imported) = (0.0, 0u32, 0u32);
            let rate = b.purchase_rate
                * employment[society.employment[i] as usize]
                * p.tier_spending[society.tier[i] as usize];
            if rate > 0.0 {
                let k = purchases.with_rate(rate).sample(rng) as u32;
                for _ in 0..k {
                    spent += amount.sample(rng);
                    if rng::chance(rng, society.patriotism[i]) {
                        domestic += 1;
                    } else {
                        imported += 1;
                    }
                }
            }
            d.points = on_time as f64 * pt.on_time - late as f64 * pt.late
                + pt.spending * (1.0 + spent / pt.amount_reference).log2()
                + domestic as f64 * pt.domestic
                - imported as f64 * pt.imported;
            if rng::chance(rng, b.post_rate) {
                d.posted = true;
                d.critical = rng::chance(rng, society.dissent[i]);
            }
            totals = totals.add(DeedTotals {
                posts: d.posted as u64,
                critical_posts: d.critical as u64,
                purchases: (domestic + imported) as u64,
                imported: imported as u64,
            });
        }
        totals
    })
    .into_iter()
    .fold(DeedTotals::default(), DeedTotals::add);
    Deeds { of, totals }
}

/// The Poisson distributions of purchase counts met so far in a block.
///
/// Why: a rate is the base rate times an employment and a tier multiplier,
/// so a tick has a few dozen distinct rates, and making the distribution
/// takes an exponential; the same rate gives the same distribution, so the
/// draws are unchanged.
#[derive(Default)]
struct Purchases {
    known: Vec<(u64, Poisson<f64>)>,
}

impl Purchases {
    /// Rates remembered at most; past these a distribution is made each time.
    const KEEP: usize = 64;

    /// The distribution of purchase counts at `rate` (> 0).
    #[inline]
    fn with_rate(&mut self, rate: f64) -> Poisson<f64> {
        let key = rate.to_bits();
        if let Some(&(_, d)) = self.known.iter().find(|(k, _)| *k == key) {
            return d;
        }
        let d = Poisson::new(rate).expect("positive rate");
        if self.known.len() < Self::KEEP {
            self.known.push((key, d));
        }
        d
    }
}
