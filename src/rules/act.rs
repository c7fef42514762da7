//! Act (docs/model.md §7.2): each citizen pays bills, buys and posts.

use crate::params::Params;
use crate::rng::{self, PoissonInversion, Purpose};
use crate::society::Society;
use rand_distr::Distribution;

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
    // The purchase-count law of each (employment class, tier): a rate is
    // the base rate times the two multipliers, so a tick has a few dozen.
    let tiers = p.tier_spending.len();
    let purchases: Vec<Option<PoissonInversion>> = p
        .employment
        .classes()
        .iter()
        .flat_map(|c| {
            p.tier_spending.iter().map(move |t| {
                let rate = b.purchase_rate * c.spending_multiplier * t;
                (rate > 0.0).then(|| PoissonInversion::new(rate))
            })
        })
        .collect();
    let mut of = vec![Deed::default(); n];
    let totals = rng::per_block_mut(&mut of, p.seed, tick, Purpose::Act, |rng, first, out| {
        let mut totals = DeedTotals::default();
        for (k, d) in out.iter_mut().enumerate() {
            let i = first + k;
            let rng = &mut *rng;
            let (mut on_time, mut late) = (0u32, 0u32);
            for _ in 0..b.bills_per_tick {
                if rng::coin(rng, society.punctuality[i]) {
                    on_time += 1;
                } else {
                    late += 1;
                }
            }
            let (mut spent, mut domestic, mut imported) = (0.0, 0u32, 0u32);
            let law = &purchases[society.employment[i] as usize * tiers + society.tier[i] as usize];
            if let Some(law) = law {
                for _ in 0..law.draw(rng) {
                    spent += amount.sample(rng);
                    if rng::coin(rng, society.patriotism[i]) {
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
            if rng::coin(rng, b.post_rate) {
                d.posted = true;
                d.critical = rng::coin(rng, society.dissent[i]);
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
