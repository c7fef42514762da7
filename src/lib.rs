//! # sesame — a simulator of a social-credit society
//!
//! Citizens on a friendship graph earn a credit score from their own
//! behaviour and their friends' scores; surveillance and rewarded reporting
//! sanction dissent; citizens cut and form ties. sesame measures who is
//! ostracised, how fast, and how the network splits.
//!
//! The modules, in the order data flows through a run:
//!
//! 1. [`scenario`] — TOML scenario files: raw structs with every default,
//!    command-line overrides by dotted key, validation with key paths and lines.
//! 2. [`network`] and [`graph`] — the initial friendship graph (generators,
//!    one file each under [`graph::generate`]; edge-list files) stored as a
//!    compact adjacency ([`graph::Graph`]).
//! 3. [`params`] — the validated parameters a simulation runs on (distributions
//!    built, events compiled), and [`society`] — citizens as a struct of arrays.
//! 4. [`rng`] — the only place random streams are made, with the samplers
//!    every module shares (uniform integers, geometric skipping, Floyd's
//!    sampling) and the one hasher of integer keys.
//! 5. [`rules`] — the phases of a tick, one module each: act, report, score,
//!    tiers, ties, adapt, events.
//! 6. [`engine`] — the tick: sequences the phases over the state.
//! 7. [`observe`] and [`metrics`] — what is recorded (docs/model.md §7.10), wrapping
//!    the engine rather than living in it; [`measures`] is the one registry
//!    of the columns recorded, from which every list of measures derives.
//! 8. [`run`] and [`output`] — a whole run and its folder of tidy CSV files.
//!    [`measure`] applies the same measures to any network.
//! 9. [`charts`] — pictures and an HTML report drawn from a run folder's files,
//!    and the charts of sweeps and sensitivity analyses.
//! 10. [`sweep`] and [`sensitivity`] — many runs over a design of parameter
//!     points, and which parameter drives a measure (Morris, Sobol').
//! 11. [`explore`] — a live model in the browser (`sesame explore`).
//! 12. [`cli`] — the `sesame` command line.
//!
//! ## The determinism promise
//!
//! The same scenario and seed give byte-identical outputs whatever the number
//! of threads. Every random draw comes from a ChaCha stream keyed by what is
//! being decided (seed, tick, phase, block of citizens) — never by thread or
//! scheduling; decisions are computed in parallel and applied in a fixed
//! order; floating-point sums that feed outputs are folded in a fixed order.

pub mod charts;
pub mod cli;
pub mod engine;
pub mod error;
pub mod explore;
pub mod graph;
pub mod measure;
pub mod measures;
pub mod metrics;
pub mod network;
pub mod observe;
pub mod output;
pub mod params;
pub mod rng;
pub mod rules;
pub mod run;
pub mod scenario;
pub mod sensitivity;
pub mod slurm;
pub mod society;
pub mod summary;
pub mod sweep;
