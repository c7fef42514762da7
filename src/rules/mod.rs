//! The phases of a tick (docs/model.md §3 and §7), one file each, as plain functions
//! over the state. Each phase reads the state as the previous phase left it
//! and returns or writes new values; no phase reads a value another citizen
//! is writing in the same phase. The engine ([`crate::engine`]) only
//! sequences them.

pub mod act;
pub mod adapt;
pub mod report;
pub mod score;
pub mod tie_rules;
pub mod tiers;
pub mod ties;

/// The logistic function σ(z) = 1 / (1 + e^(−z)).
#[inline]
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// log2(k) for a count k (a degree plus 0, 1 or 2): the value
/// `(k as f64).log2()` gives, bit for bit, looked up for the counts a tick
/// meets most (degrees up to the default `ties.max_degree` and a little
/// beyond) and computed for larger ones.
///
/// Why: the "friends invited" points and the tie gains take a log2 of a
/// degree for every citizen and every visited tie, several million times a
/// tick at a million citizens, and degrees are few distinct integers.
#[inline]
pub fn log2_count(k: usize) -> f64 {
    match LOG2_COUNTS.get(k) {
        Some(&v) => v,
        None => (k as f64).log2(),
    }
}

/// Counts below this are looked up by [`log2_count`].
const LOG2_TABLE: usize = 1024;

static LOG2_COUNTS: std::sync::LazyLock<Vec<f64>> =
    std::sync::LazyLock::new(|| (0..LOG2_TABLE).map(|k| (k as f64).log2()).collect());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_count_is_log2_bit_for_bit() {
        for k in (0..LOG2_TABLE + 10).chain([1 << 20, usize::MAX >> 11]) {
            assert_eq!(log2_count(k).to_bits(), (k as f64).log2().to_bits(), "{k}");
        }
        // The forms the rules write it in.
        for d in 0..600usize {
            let x = d as f64;
            assert_eq!(log2_count(d + 1).to_bits(), (1.0 + x).log2().to_bits());
            assert_eq!(log2_count(d + 2).to_bits(), (2.0 + x).log2().to_bits());
        }
    }
}
