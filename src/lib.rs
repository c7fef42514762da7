//! # sesame — a simulator of a social-credit society
//!
//! Citizens on a friendship graph earn a credit score from their own
//! behaviour and their friends' scores; surveillance and rewarded reporting
//! sanction dissent; citizens cut and form ties. sesame measures who is
//! ostracised, how fast, and how the network splits.
//!
//! The modules, one line each, in the order data flows through a run:
//!
//! - [`scenario`] — TOML scenario files: raw structs with every default,
//!   command-line overrides by dotted key, validation with key paths and lines.
//! - [`network`] — the initial friendship graph a scenario asks for, built or read.
//! - [`graph`] — the compact adjacency ([`graph::Graph`]), its generators (one
//!   file each under [`graph::generate`]) and edge-list files.
//! - [`params`] — the validated parameters a simulation runs on (distributions
//!   built, events compiled).
//! - [`society`] — citizens as a struct of arrays.
//! - [`rng`] — the only place random streams are made, with the samplers
//!   every module shares and the one hasher of integer keys.
//! - [`rules`] — the phases of a tick, one module each: act, report, score,
//!   tiers, ties, adapt, events.
//! - [`engine`] — the tick: sequences the phases over the state.
//! - [`observe`] — what is recorded (docs/model.md §7.10), wrapping the engine
//!   rather than living in it.
//! - [`metrics`] — the graph and score measures observe records.
//! - [`measures`] — the one registry of the columns recorded, from which every
//!   list of measures derives.
//! - [`run`] — a whole run: simulate, observe, stop on request, write the folder.
//! - [`output`] — the run folder: tidy CSV files, GraphML, the manifest, and
//!   which folders sesame may replace.
//! - [`summary`] — the short table printed at the end of a run.
//! - [`measure`] — the same measures applied to any network (`sesame measure`).
//! - [`charts`] — pictures and an HTML report drawn from a run folder's files,
//!   and the charts of sweeps and sensitivity analyses.
//! - [`sweep`] — many runs over a design of parameter points, with
//!   replicates, resuming, shards and merging.
//! - [`sensitivity`] — which parameter drives a measure (Morris, Sobol').
//! - [`slurm`] — a sweep as a Slurm job array, and how far it has got.
//! - [`explore`] — a live model in the browser (`sesame explore`).
//! - [`error`] — the one error type; its kind decides the exit code.
//!
//! The `sesame` command line is the binary's (`src/main.rs`, `src/cli/`),
//! built on this API alone: the library never prints.
//!
//! ## The determinism promise
//!
//! The same scenario and seed give byte-identical outputs whatever the number
//! of threads. Every random draw comes from a ChaCha stream keyed by what is
//! being decided (seed, tick, phase, block of citizens) — never by thread or
//! scheduling; decisions are computed in parallel and applied in a fixed
//! order; floating-point sums that feed outputs are folded in a fixed order.

pub mod charts;
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
