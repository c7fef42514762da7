//! Tiers and perks (docs/model.md §7.5): which tier each score falls in.

use rayon::prelude::*;

use crate::scenario::ScenarioFile;
use crate::society::Society;

/// Index of the tier of `score`: the last tier whose `min_score` is at most
/// the score (tiers are validated in increasing `min_score`, the first at or
/// below `score.min`, so every score has one).
#[inline]
pub fn tier_of(thresholds: &[f64], score: f64) -> u8 {
    let k = thresholds.partition_point(|&t| t <= score);
    k.saturating_sub(1) as u8
}

/// Minimum scores of the tiers, in order.
pub fn thresholds(p: &ScenarioFile) -> Vec<f64> {
    p.tiers.iter().map(|(_, t)| t.min_score).collect()
}

/// Sets every citizen's tier from its score.
pub fn assign(p: &ScenarioFile, society: &mut Society) {
    let t = thresholds(p);
    let Society { tier, score, .. } = society;
    tier.par_iter_mut()
        .zip(score.par_iter())
        .for_each(|(k, &s)| *k = tier_of(&t, s));
}

/// Each citizen's spending multiplier from its tier.
pub fn spending(p: &ScenarioFile, society: &Society) -> Vec<f64> {
    let m: Vec<f64> = p.tiers.iter().map(|(_, t)| t.spending_multiplier).collect();
    society.tier.par_iter().map(|&k| m[k as usize]).collect()
}

/// Who holds a perk: a citizen whose score reaches the perk's `min_score`,
/// or any member of a tier that grants it.
#[derive(Debug, Clone)]
pub struct PerkRule {
    min_score: f64,
    /// Whether each tier (by index) grants the perk.
    granted_by_tier: Vec<bool>,
}

impl PerkRule {
    /// Whether a citizen with `score` in tier `tier` holds the perk.
    #[inline]
    pub fn held(&self, tier: u8, score: f64) -> bool {
        score >= self.min_score || self.granted_by_tier[tier as usize]
    }
}

/// The rule of each perk, in the scenario's perk order.
pub fn perk_rules(p: &ScenarioFile) -> Vec<PerkRule> {
    p.perks
        .iter()
        .map(|(name, perk)| PerkRule {
            min_score: perk.min_score,
            granted_by_tier: p
                .tiers
                .iter()
                .map(|(_, tier)| tier.perks.iter().any(|q| q == name))
                .collect(),
        })
        .collect()
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
