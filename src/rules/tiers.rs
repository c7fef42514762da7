//! Tiers and perks (docs/model.md §7.5): which tier each score falls in.

use rayon::prelude::*;

use crate::params::Params;
use crate::society::Society;

/// Index of the tier of `score`: the last tier whose `min_score` is at most
/// the score (tiers are validated in increasing `min_score`, the first at or
/// below `score.min`, so every score has one).
#[inline]
pub fn tier_of(thresholds: &[f64], score: f64) -> u8 {
    let k = thresholds.partition_point(|&t| t <= score);
    k.saturating_sub(1) as u8
}

/// Sets every citizen's tier from its score.
pub fn assign(p: &Params, society: &mut Society) {
    let t = &p.tier_thresholds;
    let Society { tier, score, .. } = society;
    tier.par_iter_mut()
        .zip(score.par_iter())
        .for_each(|(k, &s)| *k = tier_of(t, s));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_half_open_intervals() {
        let t = [350.0, 550.0, 600.0, 650.0, 700.0];
        assert_eq!(tier_of(&t, 350.0), 0);
        assert_eq!(tier_of(&t, 549.999), 0);
        assert_eq!(tier_of(&t, 550.0), 1);
        assert_eq!(tier_of(&t, 700.0), 4);
        assert_eq!(tier_of(&t, 950.0), 4);
    }
}
