//! Morris screening: elementary effects along one-at-a-time trajectories.
//!
//! **Sampling** (Morris 1991). The unit cube is cut into a grid of
//! `levels` values per parameter, 0, 1/(p − 1), …, 1 (p even), and the
//! step is Δ = p / (2(p − 1)), half the levels. A trajectory starts at a
//! random grid point whose coordinates can all move by Δ, and then moves
//! one parameter at a time, in a random order and each by +Δ or −Δ, so it
//! has D + 1 points. The design is `trajectories` such trajectories one
//! after the other: r(D + 1) points. Draws come from
//! [`rng::stream`]`(seed, 0, Purpose::Morris, trajectory)`.
//!
//! **Improved sampling** (Campolongo, Cariboni & Saltelli 2007), when
//! `candidates` M is given: M trajectories are drawn and r of them kept so
//! that they spread over the cube: the spread of a set is
//! D = √(Σ_{m<l} d_ml²), where d_ml sums the Euclidean distances between
//! every point of trajectory m and every point of l. The r kept are found
//! by removing, one at a time, the candidate that adds least to the spread
//! of those left (a greedy search; the exhaustive one is combinatorial).
//!
//! **Analysis.** Each step of a trajectory gives the elementary effect of
//! the parameter it moved, EE = (y_after − y_before) / (x_after − x_before)
//! in unit-cube coordinates (so effects of parameters with different units
//! compare). Per parameter over the r trajectories: μ = mean EE, μ* = mean
//! |EE| (Campolongo et al. 2007: the screening measure, immune to effects
//! of opposite signs cancelling), σ = sample standard deviation of EE
//! (n − 1; non-linearity or interactions). μ* gets a bootstrap interval
//! over the trajectories ([`super::bootstrap`]).

use super::bootstrap;
use super::Estimate;
use crate::error::{Error, Result};
use crate::rng::{self, Purpose};

/// The Morris design's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Morris {
    /// p, the grid levels per parameter (even, ≥ 2).
    pub levels: u32,
    /// r, the trajectories of the design.
    pub trajectories: u32,
    /// M, candidate trajectories for Campolongo's improved sampling
    /// (r of them are kept); None for plain Morris sampling.
    pub candidates: Option<u32>,
}

impl Default for Morris {
    fn default() -> Self {
        Morris {
            levels: 4,
            trajectories: 10,
            candidates: None,
        }
    }
}

/// The Morris measures of each parameter for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// μ*, mean absolute elementary effect, with its bootstrap interval.
    pub mu_star: Vec<Estimate>,
    /// μ, mean elementary effect.
    pub mu: Vec<f64>,
    /// σ, sample standard deviation of the elementary effects.
    pub sigma: Vec<f64>,
}

impl Morris {
    /// Δ, the step in unit coordinates: p / (2(p − 1)).
    pub fn delta(&self) -> f64 {
        self.levels as f64 / (2.0 * (self.levels as f64 - 1.0))
    }

    /// Number of points of the design for `dims` parameters.
    pub fn len(&self, dims: usize) -> usize {
        self.trajectories as usize * (dims + 1)
    }

    /// The design's points in [0, 1]^dims, trajectory after trajectory,
    /// drawn from `seed`. O(M · D) to draw, O(M² · D³) to choose with
    /// candidates.
    pub fn unit_points(&self, dims: usize, seed: u64) -> Vec<Vec<f64>> {
        let drawn = self.candidates.unwrap_or(self.trajectories) as usize;
        let candidates: Vec<Vec<Vec<f64>>> = (0..drawn)
            .map(|t| self.trajectory(dims, seed, t as u64))
            .collect();
        let kept = if drawn > self.trajectories as usize {
            spread_out(&candidates, self.trajectories as usize)
        } else {
            (0..drawn).collect()
        };
        kept.into_iter()
            .flat_map(|t| candidates[t].clone())
            .collect()
    }

    /// Trajectory `t`: D + 1 grid points, each differing from the one
    /// before in one coordinate, by Δ.
    fn trajectory(&self, dims: usize, seed: u64, t: u64) -> Vec<Vec<f64>> {
        let mut stream = rng::stream(seed, 0, Purpose::Morris, t);
        let p = self.levels as u64;
        let half = p / 2;
        let scale = (p - 1) as f64;
        // Grid levels as integers 0..p; a move is ± p/2 levels, i.e. ± Δ.
        let mut level: Vec<u64> = (0..dims)
            .map(|_| {
                let low = rng::below(&mut stream, half);
                if rng::chance(&mut stream, 0.5) {
                    low
                } else {
                    low + half
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..dims).collect();
        for i in (1..dims).rev() {
            let j = rng::below(&mut stream, i as u64 + 1) as usize;
            order.swap(i, j);
        }
        let point = |level: &[u64]| level.iter().map(|&l| l as f64 / scale).collect();
        let mut points = vec![point(&level)];
        for i in order {
            level[i] = if level[i] < half {
                level[i] + half
            } else {
                level[i] - half
            };
            points.push(point(&level));
        }
        points
    }

    /// The Morris measures of an output from its values at `points` (the
    /// design's points, as [`Morris::unit_points`] gives them), with
    /// `rounds` bootstrap rounds over the trajectories drawn from `seed`.
    ///
    /// # Errors
    /// The outputs or points do not match the design, a step of a
    /// trajectory does not move exactly one parameter, or an output is not
    /// a finite number.
    pub fn analyze(
        &self,
        dims: usize,
        points: &[Vec<f64>],
        outputs: &[f64],
        rounds: usize,
        seed: u64,
    ) -> Result<MorrisIndices> {
        let r = self.trajectories as usize;
        if points.len() != self.len(dims) || outputs.len() != points.len() {
            return Err(Error::other(format!(
                "{} points and {} outputs for a Morris design of {} points ({r} trajectories, {dims} parameters)",
                points.len(),
                outputs.len(),
                self.len(dims)
            )));
        }
        if let Some(k) = outputs.iter().position(|v| !v.is_finite()) {
            return Err(Error::other(format!(
                "the output at point {k} is not a number"
            )));
        }
        // effects[i][t]: the elementary effect of parameter i on trajectory t.
        let mut effects = vec![vec![f64::NAN; r]; dims];
        let steps = points.chunks(dims + 1).zip(outputs.chunks(dims + 1));
        for (t, (path, y)) in steps.enumerate() {
            for k in 0..dims {
                let (x0, x1) = (&path[k], &path[k + 1]);
                let moved: Vec<usize> = (0..dims).filter(|&i| x0[i] != x1[i]).collect();
                let &[i] = moved.as_slice() else {
                    let at = t * (dims + 1) + k;
                    return Err(Error::other(format!(
                        "points {at} and {}: a step of a trajectory must move one parameter, not {}",
                        at + 1,
                        moved.len()
                    )));
                };
                effects[i][t] = (y[k + 1] - y[k]) / (x1[i] - x0[i]);
            }
        }
        if let Some(i) = effects.iter().position(|e| e.iter().any(|v| v.is_nan())) {
            return Err(Error::other(format!(
                "parameter {i} is not moved on every trajectory"
            )));
        }
        let mean = |v: &mut dyn Iterator<Item = f64>, n: usize| v.sum::<f64>() / n as f64;
        let mut out = MorrisIndices {
            mu_star: Vec::with_capacity(dims),
            mu: Vec::with_capacity(dims),
            sigma: Vec::with_capacity(dims),
        };
        let resamples: Vec<Vec<usize>> = (0..rounds)
            .map(|round| bootstrap::resample(r, seed, round))
            .collect();
        for e in &effects {
            let mu = mean(&mut e.iter().copied(), r);
            let mu_star = mean(&mut e.iter().map(|v| v.abs()), r);
            let sigma = if r > 1 {
                (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (r - 1) as f64).sqrt()
            } else {
                f64::NAN
            };
            let rounds: Vec<f64> = resamples
                .iter()
                .map(|idx| mean(&mut idx.iter().map(|&t| e[t].abs()), r))
                .collect();
            out.mu.push(mu);
            out.sigma.push(sigma);
            out.mu_star.push(Estimate {
                value: mu_star,
                conf: bootstrap::half_width(&rounds),
            });
        }
        Ok(out)
    }
}

/// The `keep` trajectories of `candidates` chosen by greedy removal (see
/// the module docs), in candidate order.
fn spread_out(candidates: &[Vec<Vec<f64>>], keep: usize) -> Vec<usize> {
    let m = candidates.len();
    let distance = |a: &[Vec<f64>], b: &[Vec<f64>]| -> f64 {
        a.iter()
            .flat_map(|p| {
                b.iter().map(move |q| {
                    p.iter()
                        .zip(q)
                        .map(|(x, y)| (x - y) * (x - y))
                        .sum::<f64>()
                        .sqrt()
                })
            })
            .sum()
    };
    // Squared distances between candidates.
    let mut d2 = vec![0.0; m * m];
    for i in 0..m {
        for j in i + 1..m {
            let d = distance(&candidates[i], &candidates[j]);
            d2[i * m + j] = d * d;
            d2[j * m + i] = d * d;
        }
    }
    let mut alive = vec![true; m];
    // Each candidate's share of the spread: Σ over the others alive of d².
    let mut share: Vec<f64> = (0..m)
        .map(|i| (0..m).map(|j| d2[i * m + j]).sum())
        .collect();
    for _ in keep..m {
        // The first of the least contributing candidates leaves.
        let out = (0..m)
            .filter(|&i| alive[i])
            .min_by(|&a, &b| share[a].total_cmp(&share[b]).then(a.cmp(&b)))
            .expect("more candidates alive than kept");
        alive[out] = false;
        for j in 0..m {
            share[j] -= d2[j * m + out];
        }
    }
    (0..m).filter(|&i| alive[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trajectories_move_one_parameter_at_a_time_by_delta_on_the_grid() {
        for levels in [2, 4, 6, 8] {
            let design = Morris {
                levels,
                trajectories: 20,
                candidates: None,
            };
            let points = design.unit_points(5, 3);
            assert_eq!(points.len(), 20 * 6);
            let delta = design.delta();
            let scale = (levels - 1) as f64;
            for p in &points {
                for &x in p {
                    assert!((0.0..=1.0).contains(&x));
                    let l = x * scale;
                    assert!((l - l.round()).abs() < 1e-12, "{x} is on the grid");
                }
            }
            for t in points.chunks(6) {
                let mut moved = vec![0; 5];
                for w in t.windows(2) {
                    let changed: Vec<usize> = (0..5).filter(|&i| w[0][i] != w[1][i]).collect();
                    assert_eq!(changed.len(), 1);
                    let i = changed[0];
                    assert!(((w[1][i] - w[0][i]).abs() - delta).abs() < 1e-12);
                    moved[i] += 1;
                }
                assert_eq!(moved, [1; 5], "each parameter moves once");
            }
        }
    }

    #[test]
    fn a_linear_function_has_its_slopes_as_effects() {
        // y = 3·x0 − 2·x1 + 0·x2: every EE of x0 is 3, of x1 −2.
        let design = Morris {
            levels: 4,
            trajectories: 12,
            candidates: None,
        };
        let points = design.unit_points(3, 8);
        let outputs: Vec<f64> = points.iter().map(|x| 3.0 * x[0] - 2.0 * x[1]).collect();
        let m = design.analyze(3, &points, &outputs, 100, 2).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(m.mu[0], 3.0) && close(m.mu_star[0].value, 3.0));
        assert!(close(m.mu[1], -2.0) && close(m.mu_star[1].value, 2.0));
        assert!(close(m.mu_star[2].value, 0.0));
        assert!(m.sigma.iter().all(|&s| s.abs() < 1e-9), "{:?}", m.sigma);
        assert!(m.mu_star[0].conf.abs() < 1e-9, "no spread, no interval");
    }

    #[test]
    fn improved_sampling_spreads_the_trajectories_out() {
        let spread = |points: &[Vec<f64>], dims: usize| {
            let t: Vec<&[Vec<f64>]> = points.chunks(dims + 1).collect();
            let mut total = 0.0;
            for a in 0..t.len() {
                for b in a + 1..t.len() {
                    let d: f64 = t[a]
                        .iter()
                        .flat_map(|p| {
                            t[b].iter().map(move |q| {
                                p.iter()
                                    .zip(q)
                                    .map(|(x, y)| (x - y).powi(2))
                                    .sum::<f64>()
                                    .sqrt()
                            })
                        })
                        .sum();
                    total += d * d;
                }
            }
            total.sqrt()
        };
        let plain = Morris {
            levels: 4,
            trajectories: 8,
            candidates: None,
        };
        let improved = Morris {
            candidates: Some(40),
            ..plain
        };
        let a = plain.unit_points(4, 5);
        let b = improved.unit_points(4, 5);
        assert_eq!(b.len(), a.len());
        assert!(
            spread(&b, 4) > spread(&a, 4),
            "{} vs {}",
            spread(&b, 4),
            spread(&a, 4)
        );
        // The kept trajectories are candidates as drawn (still valid paths).
        let m = improved
            .analyze(4, &b, &b.iter().map(|x| x[0]).collect::<Vec<_>>(), 10, 1)
            .unwrap();
        assert!((m.mu[0] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_step_that_moves_two_parameters_is_refused() {
        let design = Morris {
            levels: 4,
            trajectories: 2,
            candidates: None,
        };
        let mut points = design.unit_points(2, 1);
        points[1] = vec![0.5, 0.5];
        let e = design.analyze(2, &points, &[0.0; 6], 10, 1).unwrap_err();
        assert!(e.to_string().contains("move one parameter"), "{e}");
    }
}
