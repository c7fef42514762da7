//! sesame — a simulator of a social-credit society.
pub mod graph;
pub mod metrics;
pub mod rng;
pub mod scenario;
