//! Act (docs/model.md §7.2): each citizen pays bills, buys and posts.

use crate::params::Params;
use crate::rng::{self, Purpose};
use crate::society::Society;
use rand_distr::{Distribution, Poisson};

/// What one citizen did in a tick.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Deeds {
    /// Bills paid on time.
    pub on_time: u32,
    /// Bills paid late.
    pub late: u32,
    /// Number of purchases.
    pub purchases: u32,
    /// Total amount spent.
    pub amount: f64,
    /// Domestic purchases.
    pub domestic: u32,
    /// Imported purchases.
    pub imported: u32,
    /// Whether the citizen posted.
    pub posted: bool,
    /// Whether the post was critical of the state (a violation).
    pub critical: bool,
}

/// Draws every citizen's deeds for `tick`. `tier_spending[i]` is the
/// spending multiplier of citizen i's tier (from the previous tick's score).
///
/// One random stream per block of [`rng::BLOCK`] citizens, used in citizen order.
pub fn act(p: &Params, society: &Society, tier_spending: &[f64], tick: u64) -> Vec<Deeds> {
    let n = society.len();
    if !p.behaviour.enabled {
        return vec![Deeds::default(); n];
    }
    let b = &p.behaviour;
    let amount = &p.purchase_amount;
    let mut deeds = vec![Deeds::default(); n];
    rng::per_block_mut(&mut deeds, p.seed, tick, Purpose::Act, |rng, first, out| {
        let mut purchases = Purchases::default();
        for (k, d) in out.iter_mut().enumerate() {
            let i = first + k;
            let rng = &mut *rng;
            for _ in 0..b.bills_per_tick {
                if rng::chance(rng, society.punctuality[i]) {
                    d.on_time += 1;
                } else {
                    d.late += 1;
                }
            }
            let rate = b.purchase_rate * society.spending[i] * tier_spending[i];
            if rate > 0.0 {
                let k = purchases.with_rate(rate).sample(rng) as u32;
                d.purchases = k;
                for _ in 0..k {
                    d.amount += amount.sample(rng);
                    if rng::chance(rng, society.patriotism[i]) {
                        d.domestic += 1;
                    } else {
                        d.imported += 1;
                    }
                }
            }
            if rng::chance(rng, b.post_rate) {
                d.posted = true;
                d.critical = rng::chance(rng, society.dissent[i]);
            }
        }
    });
    deeds
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
