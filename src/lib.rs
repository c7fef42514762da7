//! sesame — a simulator of a social-credit society.
pub mod charts;
pub mod graph;
pub mod metrics;
pub mod rng;
