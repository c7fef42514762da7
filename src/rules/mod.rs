//! The phases of a tick (MODEL.md §4), one file each, as plain functions
//! over the state. Each phase reads the state as the previous phase left it
//! and returns or writes new values; no phase reads a value another citizen
//! is writing in the same phase. The engine ([`crate::engine`]) only
//! sequences them.

pub mod act;
pub mod adapt;
pub mod events;
pub mod report;
pub mod score;
pub mod tiers;
pub mod ties;

/// The logistic function σ(z) = 1 / (1 + e^(−z)).
#[inline]
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}
