//! sesame — a simulator of a social-credit society.
pub mod cli;
pub mod engine;
pub mod error;
pub mod graph;
pub mod metrics;
pub mod network;
pub mod observe;
pub mod output;
pub mod rng;
pub mod rules;
pub mod run;
pub mod scenario;
pub mod society;
pub mod summary;
pub mod sweep;
