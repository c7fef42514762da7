//! Global sensitivity analysis of sweeps: which parameter drives a measure.
//!
//! Two methods, each a sampling design and an estimator, as pure functions
//! (design, outputs) → indices:
//!
//! - [`morris`]: Morris screening (elementary effects on one-at-a-time
//!   trajectories; μ*, μ, σ), cheap, to rank many parameters;
//! - [`sobol`]: Sobol' indices from Saltelli's scheme (first order S1,
//!   total ST, optionally second order S2), the variance shares.
//!
//! Intervals come from [`bootstrap`] resampling on seeded streams.
//!
//! A sweep with `design = "morris"` or `design = "sobol"` runs the design's
//! points ([`crate::sweep::design`] places them in the parameters' ranges);
//! [`analysis`] then takes one measure at one tick, the mean over each
//! point's replicates, and writes `sensitivity.csv`; [`crate::charts::sensitivity`] draws the
//! indices and [`report`] writes the sweep's `report.html`. Measures are
//! metrics.csv columns (`lost_half_share`) or group columns of groups.csv
//! named `GROUP.COLUMN` (`dissidents.isolated_share`), see [`measure`].

pub mod analysis;
pub mod bootstrap;
pub mod measure;
pub mod morris;
pub mod report;
pub mod sobol;

pub use analysis::{analyze_folder, Analysis, AnalysisOptions, SENSITIVITY_CSV};
pub use morris::{Morris, MorrisIndices};
pub use sobol::{Saltelli, SobolIndices};

/// An index with the half-width of its 95 % bootstrap interval
/// (value ± conf).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The point estimate.
    pub value: f64,
    /// Half-width of the 95 % interval; NaN when it cannot be estimated.
    pub conf: f64,
}

impl Estimate {
    /// Whether `x` lies in value ± conf.
    pub fn covers(&self, x: f64) -> bool {
        (self.value - x).abs() <= self.conf
    }
}

/// A sensitivity method with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Morris screening.
    Morris(Morris),
    /// Sobol' indices by Saltelli's scheme.
    Sobol(Saltelli),
}

/// The indices of each parameter for one output.
#[derive(Debug, Clone, PartialEq)]
pub enum Indices {
    /// μ*, μ, σ.
    Morris(MorrisIndices),
    /// S1, ST, S2.
    Sobol(SobolIndices),
}

impl Method {
    /// Number of points of the design for `dims` parameters.
    pub fn len(&self, dims: usize) -> usize {
        match self {
            Method::Morris(m) => m.len(dims),
            Method::Sobol(s) => s.len(dims),
        }
    }

    /// The design's points in the unit cube, drawn from `seed` (Morris;
    /// the Sobol' sequence needs none).
    pub fn unit_points(&self, dims: usize, seed: u64) -> Vec<Vec<f64>> {
        match self {
            Method::Morris(m) => m.unit_points(dims, seed),
            Method::Sobol(s) => s.unit_points(dims),
        }
    }

    /// The indices of an output from its values at the design's `points`,
    /// with `rounds` bootstrap rounds drawn from `seed`. This is the one
    /// function both a sweep's analysis and the analytic tests call.
    ///
    /// # Errors
    /// The outputs do not match the design, or one is not a number.
    pub fn analyze(
        &self,
        dims: usize,
        points: &[Vec<f64>],
        outputs: &[f64],
        rounds: usize,
        seed: u64,
    ) -> crate::error::Result<Indices> {
        match self {
            Method::Morris(m) => m
                .analyze(dims, points, outputs, rounds, seed)
                .map(Indices::Morris),
            Method::Sobol(s) => s.analyze(dims, outputs, rounds, seed).map(Indices::Sobol),
        }
    }
}
