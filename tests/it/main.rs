//! The integration tests, in one binary: one link of the crate instead of
//! one per file. Each subject is a module; what they share is in
//! [`common`]. Run one subject with a filter on its module:
//!
//! ```text
//! cargo test --test it cli::
//! cargo test --test it browser:: -- --ignored --test-threads=1
//! ```

mod common;

mod browser;
mod charts;
mod cli;
mod docs;
mod explore;
mod fuzz;
mod invariants;
mod model;
mod networkx;
mod readme;
mod robustness;
mod scenario;
mod sensitivity;
mod slurm;
mod sweep;
