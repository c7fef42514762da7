//! Sobol' indices: Saltelli's sampling scheme and the Saltelli 2010 /
//! Jansen estimators, with bootstrap intervals.
//!
//! **Sampling.** Two base matrices A and B of N rows each come from one
//! Sobol' low-discrepancy sequence of 2D dimensions (A the first D
//! coordinates, B the last D; Joe & Kuo's direction numbers, the `sobol`
//! crate): its points N to 2N − 1, a (t, m, 2D)-net when N is a power of
//! two, which leaves out the sequence's first point, the origin. For each
//! row j the design holds, in this order (SALib's order),
//!
//! ```text
//! A_j, AB_j^(1), …, AB_j^(D), [BA_j^(1), …, BA_j^(D),] B_j
//! ```
//!
//! where AB^(i) is A with its column i taken from B (and BA^(i) B with its
//! column i from A, for second-order indices): N(D + 2) points, or
//! N(2D + 2) with `second_order`.
//!
//! **Estimators**, with V the variance of f over the 2N points of A and B
//! together (population variance):
//!
//! - first order (Saltelli et al. 2010, eq. b): S1_i = mean(f_B · (f_ABi − f_A)) / V;
//! - total (Jansen 1999): ST_i = mean((f_A − f_ABi)²) / (2V);
//! - second order (Saltelli 2002): S2_ik = mean(f_BAi · f_ABk − f_A · f_B) / V − S1_i − S1_k.
//!
//! Intervals: [`super::bootstrap`] over the N rows.

use sobol::params::JoeKuoD6;
use sobol::Sobol;

use super::bootstrap;
use super::Estimate;
use crate::error::{Error, Result};

/// The largest number of parameters: the direction numbers shipped cover
/// 1,000 dimensions, and the scheme uses two per parameter.
pub const MAX_PARAMETERS: usize = 499;

/// Saltelli's scheme: `samples` base rows, with or without the points for
/// second-order indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saltelli {
    /// N, the rows of each base matrix (a power of two).
    pub samples: u32,
    /// Whether the BA points (for second-order indices) are included.
    pub second_order: bool,
}

/// First-order, total and (optionally) second-order indices of each
/// parameter, for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// S1 of each parameter, in parameter order.
    pub s1: Vec<Estimate>,
    /// ST of each parameter, in parameter order.
    pub st: Vec<Estimate>,
    /// S2 of each pair (i, k), i < k, in row-major order; empty without
    /// `second_order`.
    pub s2: Vec<(usize, usize, Estimate)>,
}

impl Saltelli {
    /// Points per base row: D + 2, or 2D + 2 with second order.
    pub fn points_per_row(&self, dims: usize) -> usize {
        if self.second_order {
            2 * dims + 2
        } else {
            dims + 2
        }
    }

    /// Number of points of the design for `dims` parameters.
    pub fn len(&self, dims: usize) -> usize {
        self.samples as usize * self.points_per_row(dims)
    }

    /// The design's points in the unit cube [0, 1)^dims, in the order of
    /// the module docs. Deterministic (no seed: the sequence is fixed).
    /// O(N · D²) for the hybrid points.
    pub fn unit_points(&self, dims: usize) -> Vec<Vec<f64>> {
        assert!(
            (1..=MAX_PARAMETERS).contains(&dims),
            "1 to {MAX_PARAMETERS} parameters"
        );
        let n = self.samples as usize;
        let params = JoeKuoD6::standard();
        let sequence = Sobol::<f64>::new(2 * dims, &params);
        let mut points = Vec::with_capacity(self.len(dims));
        for row in sequence.skip(n).take(n) {
            let (a, b) = row.split_at(dims);
            points.push(a.to_vec());
            for i in 0..dims {
                let mut ab = a.to_vec();
                ab[i] = b[i];
                points.push(ab);
            }
            if self.second_order {
                for i in 0..dims {
                    let mut ba = b.to_vec();
                    ba[i] = a[i];
                    points.push(ba);
                }
            }
            points.push(b.to_vec());
        }
        points
    }

    /// The indices of an output from its values at the design's points
    /// (`outputs[k]` at point k of [`Saltelli::unit_points`]), with
    /// `rounds` bootstrap rounds drawn from `seed`.
    ///
    /// # Errors
    /// The number of outputs does not match the design, or one is not a
    /// finite number.
    pub fn analyze(
        &self,
        dims: usize,
        outputs: &[f64],
        rounds: usize,
        seed: u64,
    ) -> Result<SobolIndices> {
        let step = self.points_per_row(dims);
        let n = self.samples as usize;
        if outputs.len() != self.len(dims) {
            return Err(Error::other(format!(
                "{} outputs for a Sobol' design of {} points (N = {n}, {dims} parameters)",
                outputs.len(),
                self.len(dims)
            )));
        }
        if let Some(k) = outputs.iter().position(|v| !v.is_finite()) {
            return Err(Error::other(format!(
                "the output at point {k} is not a number"
            )));
        }
        let at = |j: usize, offset: usize| outputs[j * step + offset];
        let cols = Columns {
            a: (0..n).map(|j| at(j, 0)).collect(),
            b: (0..n).map(|j| at(j, step - 1)).collect(),
            ab: (0..dims)
                .map(|i| (0..n).map(|j| at(j, 1 + i)).collect())
                .collect(),
            ba: if self.second_order {
                (0..dims)
                    .map(|i| (0..n).map(|j| at(j, 1 + dims + i)).collect())
                    .collect()
            } else {
                Vec::new()
            },
        };
        let all: Vec<usize> = (0..n).collect();
        let point = cols.estimate(&all);
        let rounds_done: Vec<Estimates> = (0..rounds)
            .map(|r| cols.estimate(&bootstrap::resample(n, seed, r)))
            .collect();
        let conf = |pick: &dyn Fn(&Estimates) -> f64| {
            bootstrap::half_width(&rounds_done.iter().map(pick).collect::<Vec<_>>())
        };
        let s1 = (0..dims)
            .map(|i| Estimate {
                value: point.s1[i],
                conf: conf(&|e| e.s1[i]),
            })
            .collect();
        let st = (0..dims)
            .map(|i| Estimate {
                value: point.st[i],
                conf: conf(&|e| e.st[i]),
            })
            .collect();
        let s2 = point
            .s2
            .iter()
            .enumerate()
            .map(|(k, &(i, j, value))| {
                (
                    i,
                    j,
                    Estimate {
                        value,
                        conf: conf(&|e| e.s2[k].2),
                    },
                )
            })
            .collect();
        Ok(SobolIndices { s1, st, s2 })
    }
}

/// The outputs split by kind of point: f_A, f_B, f_ABi, f_BAi over the rows.
struct Columns {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
    ba: Vec<Vec<f64>>,
}

/// Point estimates on one set of rows.
struct Estimates {
    s1: Vec<f64>,
    st: Vec<f64>,
    s2: Vec<(usize, usize, f64)>,
}

impl Columns {
    /// The estimators of the module docs over `rows` (repeats allowed).
    /// Sums run in the order of `rows`.
    fn estimate(&self, rows: &[usize]) -> Estimates {
        let n = rows.len() as f64;
        let mean_of = |f: &dyn Fn(usize) -> f64| rows.iter().map(|&j| f(j)).sum::<f64>() / n;
        let mean = (mean_of(&|j| self.a[j]) + mean_of(&|j| self.b[j])) / 2.0;
        let var = (mean_of(&|j| (self.a[j] - mean).powi(2))
            + mean_of(&|j| (self.b[j] - mean).powi(2)))
            / 2.0;
        let dims = self.ab.len();
        let s1: Vec<f64> = (0..dims)
            .map(|i| mean_of(&|j| self.b[j] * (self.ab[i][j] - self.a[j])) / var)
            .collect();
        let st = (0..dims)
            .map(|i| mean_of(&|j| (self.a[j] - self.ab[i][j]).powi(2)) / (2.0 * var))
            .collect();
        let mut s2 = Vec::new();
        if !self.ba.is_empty() {
            for i in 0..dims {
                for k in i + 1..dims {
                    let v =
                        mean_of(&|j| self.ba[i][j] * self.ab[k][j] - self.a[j] * self.b[j]) / var;
                    s2.push((i, k, v - s1[i] - s1[k]));
                }
            }
        }
        Estimates { s1, st, s2 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_has_the_documented_layout() {
        let design = Saltelli {
            samples: 8,
            second_order: true,
        };
        let points = design.unit_points(3);
        assert_eq!(points.len(), 8 * 8);
        for row in points.chunks(8) {
            let (a, b) = (&row[0], &row[7]);
            for i in 0..3 {
                let ab = &row[1 + i];
                let ba = &row[4 + i];
                for d in 0..3 {
                    assert_eq!(ab[d], if d == i { b[d] } else { a[d] });
                    assert_eq!(ba[d], if d == i { a[d] } else { b[d] });
                }
            }
            assert!(a.iter().chain(b).all(|x| (0.0..1.0).contains(x)));
        }
        // The base rows stratify every coordinate of A and B: 8 points of a
        // net put one in each eighth of [0, 1).
        for d in 0..3 {
            for pick in [0, 7] {
                let mut eighths: Vec<usize> = points
                    .chunks(8)
                    .map(|r| (r[pick][d] * 8.0) as usize)
                    .collect();
                eighths.sort_unstable();
                assert_eq!(eighths, (0..8).collect::<Vec<_>>());
            }
        }
        let first = Saltelli {
            samples: 8,
            second_order: false,
        };
        assert_eq!(first.unit_points(3).len(), 8 * 5);
        assert!(
            points.iter().all(|p| p.iter().any(|&x| x > 0.0)),
            "the origin is left out"
        );
    }

    #[test]
    fn an_additive_function_has_first_order_equal_to_total() {
        // f = x0 + 2·x1 on the unit square: V_i ∝ c_i², S1 = ST = (0.2, 0.8).
        let design = Saltelli {
            samples: 1024,
            second_order: true,
        };
        let outputs: Vec<f64> = design
            .unit_points(3)
            .iter()
            .map(|x| x[0] + 2.0 * x[1])
            .collect();
        let s = design.analyze(3, &outputs, 200, 1).unwrap();
        for (i, want) in [0.2, 0.8, 0.0].into_iter().enumerate() {
            assert!((s.s1[i].value - want).abs() < 0.02, "S1 {i}: {:?}", s.s1[i]);
            assert!((s.st[i].value - want).abs() < 0.02, "ST {i}: {:?}", s.st[i]);
        }
        // No interaction: every S2 near 0; the third input has none at all.
        assert_eq!(s.s2.len(), 3);
        for &(i, k, e) in &s.s2 {
            assert!(e.value.abs() < 0.03, "S2 {i}{k}: {e:?}");
        }
        assert_eq!(s.st[2].value, 0.0, "x2 never moves the output");
    }

    #[test]
    fn bad_outputs_are_refused() {
        let design = Saltelli {
            samples: 4,
            second_order: false,
        };
        assert!(design.analyze(2, &[0.0; 15], 10, 1).is_err());
        let mut outputs = vec![1.0; 16];
        outputs[3] = f64::NAN;
        let e = design.analyze(2, &outputs, 10, 1).unwrap_err();
        assert!(e.to_string().contains("point 3"), "{e}");
    }
}
