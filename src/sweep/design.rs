//! Designs: which points of the parameter space a sweep runs.
//!
//! - `grid`: every combination of the listed values, the first parameter
//!   varying slowest (nested loops in file order);
//! - `random`: `samples` points, each coordinate drawn uniformly and
//!   independently;
//! - `latin_hypercube`: `samples` points such that, in every dimension,
//!   each of the `samples` equal strata holds exactly one point (McKay,
//!   Beckman & Conover 1979): a random permutation of the strata per
//!   dimension, and a uniform position inside each stratum.
//!
//! - `morris` and `sobol`: the designs of a sensitivity analysis, Morris
//!   trajectories and Saltelli's scheme on a Sobol' sequence (see
//!   [`crate::sensitivity`]).
//!
//! Random draws come from [`rng::stream`]`(sweep seed, 0, Purpose::Sweep,
//! dimension)`: one stream per dimension, so adding a parameter does not
//! move the others (Morris trajectories: `Purpose::Morris`, one stream per
//! trajectory). Coordinates are drawn in the unit cube and then placed
//! in each parameter's domain by [`place`].

use toml::Value;

use crate::rng::{self, Purpose};
use crate::sensitivity::{Method, Morris, Saltelli};

/// How the points of a sweep are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// Every combination of the listed values.
    Grid,
    /// Independent uniform samples.
    Random,
    /// Latin hypercube samples.
    LatinHypercube,
    /// Morris trajectories, for screening.
    Morris(Morris),
    /// Saltelli's scheme, for Sobol' indices.
    Sobol(Saltelli),
}

impl Design {
    /// The names a sweep file may use.
    pub const NAMES: [&'static str; 5] = ["grid", "random", "latin_hypercube", "morris", "sobol"];

    /// The design named `name`, if any (a sensitivity design with its
    /// default settings, which the sweep file then sets).
    pub fn parse(name: &str) -> Option<Design> {
        match name {
            "grid" => Some(Design::Grid),
            "random" => Some(Design::Random),
            "latin_hypercube" => Some(Design::LatinHypercube),
            "morris" => Some(Design::Morris(Morris::default())),
            "sobol" => Some(Design::Sobol(Saltelli {
                samples: 0,
                second_order: false,
            })),
            _ => None,
        }
    }

    /// The name written in sweep files.
    pub fn name(self) -> &'static str {
        match self {
            Design::Grid => "grid",
            Design::Random => "random",
            Design::LatinHypercube => "latin_hypercube",
            Design::Morris(_) => "morris",
            Design::Sobol(_) => "sobol",
        }
    }

    /// The sensitivity method of a Morris or Sobol' design.
    pub fn method(self) -> Option<Method> {
        match self {
            Design::Morris(m) => Some(Method::Morris(m)),
            Design::Sobol(s) => Some(Method::Sobol(s)),
            _ => None,
        }
    }
}

/// The values one swept parameter takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// Listed values: each one in a grid; drawn uniformly among them
    /// (stratified by position in a Latin hypercube) otherwise.
    Values(Vec<Value>),
    /// A closed interval for random and Latin hypercube designs; the
    /// integers `from..=to`, each equally likely, when `integer`.
    Interval { from: f64, to: f64, integer: bool },
    /// A log-uniform interval (`log = true`, 0 < from ≤ to): ln x uniform
    /// on [ln from, ln to]; rounded to the nearest integer when `integer`.
    LogInterval { from: f64, to: f64, integer: bool },
}

/// The values of a grid range `{ from, to, steps }`: `steps` evenly spaced
/// values from `from` to `to` inclusive, computed as
/// from + (to − from)·i/(steps − 1) and rounded to 12 significant digits
/// (so 0.1 to 0.5 in 5 steps gives 0.3, not 0.30000000000000004). For an
/// integer key the values are rounded to integers and repeats dropped.
pub fn grid_range(from: f64, to: f64, steps: u32, integer: bool) -> Vec<Value> {
    let values = (0..steps).map(|i| {
        if steps == 1 {
            from
        } else if i + 1 == steps {
            to
        } else {
            tidy(from + (to - from) * i as f64 / (steps - 1) as f64)
        }
    });
    if integer {
        let mut out: Vec<i64> = Vec::new();
        for v in values {
            let v = v.round() as i64;
            if out.last() != Some(&v) {
                out.push(v);
            }
        }
        out.into_iter().map(Value::Integer).collect()
    } else {
        values.map(Value::Float).collect()
    }
}

/// `v` rounded to 12 significant digits.
fn tidy(v: f64) -> f64 {
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// Every combination of `values` (one list per parameter), the first
/// parameter varying slowest. O(product of the list lengths).
pub fn grid(values: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let mut points: Vec<Vec<Value>> = vec![Vec::new()];
    for list in values {
        points = points
            .into_iter()
            .flat_map(|p| {
                list.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
    }
    points
}

/// `samples` points of the unit cube of `dims` dimensions, drawn
/// uniformly and independently. `result[i][d]` is coordinate d of point i.
pub fn unit_random(dims: usize, samples: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; dims]; samples];
    for d in 0..dims {
        let mut stream = rng::stream(seed, 0, Purpose::Sweep, d as u64);
        for p in points.iter_mut() {
            p[d] = rng::uniform(&mut stream);
        }
    }
    points
}

/// `samples` points of the unit cube of `dims` dimensions forming a Latin
/// hypercube: in every dimension, `floor(u · samples)` takes each value of
/// `0..samples` exactly once. Per dimension: a Fisher–Yates permutation of
/// the strata, then a uniform offset inside each stratum. O(dims · samples).
pub fn unit_latin_hypercube(dims: usize, samples: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; dims]; samples];
    let n = samples as f64;
    for d in 0..dims {
        let mut stream = rng::stream(seed, 0, Purpose::Sweep, d as u64);
        let mut strata: Vec<usize> = (0..samples).collect();
        for i in (1..samples).rev() {
            let j = rng::below(&mut stream, i as u64 + 1) as usize;
            strata.swap(i, j);
        }
        for (p, &k) in points.iter_mut().zip(&strata) {
            // Stay inside the stratum even where (k + u) / n rounds up.
            let u = (k as f64 + rng::uniform(&mut stream)) / n;
            p[d] = u.min((k as f64 + 1.0) / n * (1.0 - f64::EPSILON));
        }
    }
    points
}

/// The value of `domain` at unit coordinate `u` in [0, 1) (Morris grids
/// reach 1, the upper bound): the ⌊u·len⌋-th listed value,
/// from + u·(to − from), or for integers from + ⌊u·(to − from + 1)⌋; on a
/// log scale exp(ln from + u·(ln to − ln from)), kept inside the bounds.
pub fn place(domain: &Domain, u: f64) -> Value {
    match domain {
        Domain::Values(list) => {
            let k = ((u * list.len() as f64) as usize).min(list.len() - 1);
            list[k].clone()
        }
        Domain::Interval {
            from,
            to,
            integer: false,
        } => Value::Float(from + u * (to - from)),
        Domain::Interval {
            from,
            to,
            integer: true,
        } => {
            let v = from + (u * (to - from + 1.0)).floor();
            Value::Integer(v.min(*to) as i64)
        }
        Domain::LogInterval { from, to, integer } => {
            // The ends exactly (exp(ln x) may differ from x in the last bit).
            let v = if u <= 0.0 {
                *from
            } else if u >= 1.0 {
                *to
            } else {
                (from.ln() + u * (to.ln() - from.ln()))
                    .exp()
                    .clamp(*from, *to)
            };
            if *integer {
                Value::Integer(v.round() as i64)
            } else {
                Value::Float(v)
            }
        }
    }
}

/// The points of a sweep: one value per parameter, in the order of
/// `domains`. A grid uses listed values as they are (an interval counts as
/// its two ends); random and Latin hypercube designs draw `samples` points
/// from `seed`; Morris and Sobol' designs place their own points (see
/// [`Method::unit_points`]).
pub fn expand(design: Design, domains: &[Domain], samples: usize, seed: u64) -> Vec<Vec<Value>> {
    let unit = match design {
        Design::Grid => {
            let lists: Vec<Vec<Value>> = domains
                .iter()
                .map(|d| match d {
                    Domain::Values(v) => v.clone(),
                    Domain::Interval { from, to, integer }
                    | Domain::LogInterval { from, to, integer } => {
                        grid_range(*from, *to, 2, *integer)
                    }
                })
                .collect();
            return grid(&lists);
        }
        Design::Random => unit_random(domains.len(), samples, seed),
        Design::LatinHypercube => unit_latin_hypercube(domains.len(), samples, seed),
        Design::Morris(_) | Design::Sobol(_) => design
            .method()
            .map(|m| m.unit_points(domains.len(), seed))
            .unwrap_or_default(),
    };
    unit.iter()
        .map(|u| domains.iter().zip(u).map(|(d, &x)| place(d, x)).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floats(values: &[Value]) -> Vec<f64> {
        values.iter().map(|v| v.as_float().unwrap()).collect()
    }

    #[test]
    fn grid_ranges_are_evenly_spaced_and_tidy() {
        assert_eq!(
            floats(&grid_range(0.0, 0.5, 6, false)),
            [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
        );
        assert_eq!(
            floats(&grid_range(0.1, 0.5, 5, false)),
            [0.1, 0.2, 0.3, 0.4, 0.5]
        );
        assert_eq!(floats(&grid_range(2.0, 9.0, 1, false)), [2.0]);
        let ints: Vec<i64> = grid_range(0.0, 40.0, 5, true)
            .iter()
            .map(|v| v.as_integer().unwrap())
            .collect();
        assert_eq!(ints, [0, 10, 20, 30, 40]);
        // 0, 0.75, 1.5, 2.25, 3 rounds to 0, 1, 2, 2, 3: the repeat is dropped.
        let ints: Vec<i64> = grid_range(0.0, 3.0, 5, true)
            .iter()
            .map(|v| v.as_integer().unwrap())
            .collect();
        assert_eq!(ints, [0, 1, 2, 3]);
    }

    #[test]
    fn grid_is_every_combination_first_parameter_slowest() {
        let a = vec![Value::Integer(1), Value::Integer(2)];
        let b = vec![
            Value::String("x".into()),
            Value::String("y".into()),
            Value::String("z".into()),
        ];
        let points = grid(&[a, b]);
        assert_eq!(points.len(), 6);
        let text: Vec<String> = points
            .iter()
            .map(|p| format!("{}{}", p[0], p[1].as_str().unwrap()))
            .collect();
        assert_eq!(text, ["1x", "1y", "1z", "2x", "2y", "2z"]);
        assert_eq!(grid(&[]).len(), 1, "no parameter: the base point only");
    }

    #[test]
    fn latin_hypercube_has_one_sample_per_stratum_in_every_dimension() {
        for (dims, samples, seed) in [(1, 1, 1), (3, 10, 2), (5, 64, 3), (2, 1000, 4)] {
            let points = unit_latin_hypercube(dims, samples, seed);
            assert_eq!(points.len(), samples);
            for d in 0..dims {
                let mut seen = vec![0u32; samples];
                for p in &points {
                    assert!((0.0..1.0).contains(&p[d]));
                    seen[(p[d] * samples as f64) as usize] += 1;
                }
                assert!(seen.iter().all(|&c| c == 1), "dim {d}: {seen:?}");
            }
        }
        // The strata are shuffled independently per dimension (not the diagonal).
        let points = unit_latin_hypercube(2, 50, 9);
        let same = points
            .iter()
            .filter(|p| (p[0] * 50.0) as usize == (p[1] * 50.0) as usize)
            .count();
        assert!(same < 10, "{same} points on the diagonal");
    }

    #[test]
    fn latin_hypercube_holds_in_parameter_space_too() {
        let domains = [
            Domain::Interval {
                from: 0.0,
                to: 0.5,
                integer: false,
            },
            Domain::Interval {
                from: 10.0,
                to: 49.0,
                integer: true,
            },
        ];
        let points = expand(Design::LatinHypercube, &domains, 40, 5);
        // 40 strata of [0, 0.5] of width 0.0125, and 40 integers 10..=49: each hit once.
        let mut strata = vec![0; 40];
        let mut ints = vec![0; 40];
        for p in &points {
            let x = p[0].as_float().unwrap();
            strata[((x / 0.5 * 40.0) as usize).min(39)] += 1;
            ints[(p[1].as_integer().unwrap() - 10) as usize] += 1;
        }
        assert!(strata.iter().all(|&c| c == 1), "{strata:?}");
        assert!(ints.iter().all(|&c| c == 1), "{ints:?}");
    }

    #[test]
    fn random_design_is_deterministic_uniform_and_in_bounds() {
        let domains = [Domain::Interval {
            from: -1.0,
            to: 3.0,
            integer: false,
        }];
        let a = expand(Design::Random, &domains, 4000, 11);
        assert_eq!(a, expand(Design::Random, &domains, 4000, 11));
        assert_ne!(a, expand(Design::Random, &domains, 4000, 12));
        let xs: Vec<f64> = a.iter().map(|p| p[0].as_float().unwrap()).collect();
        assert!(xs.iter().all(|x| (-1.0..3.0).contains(x)));
        // Uniform on [-1, 3]: mean 1, sd 4/√12; the sample mean within 5 standard errors.
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let se = 4.0 / 12f64.sqrt() / (xs.len() as f64).sqrt();
        assert!((mean - 1.0).abs() < 5.0 * se, "{mean}");
        // A listed domain is sampled among its values, all of them reached.
        let listed = [Domain::Values(vec![
            Value::String("record".into()),
            Value::String("score".into()),
        ])];
        let picks = expand(Design::Random, &listed, 200, 1);
        let records = picks
            .iter()
            .filter(|p| p[0].as_str() == Some("record"))
            .count();
        assert!((60..140).contains(&records), "{records}");
    }

    #[test]
    fn adding_a_dimension_keeps_the_others() {
        let one = unit_random(1, 20, 3);
        let two = unit_random(2, 20, 3);
        assert!(one.iter().zip(&two).all(|(a, b)| a[0] == b[0]));
    }

    #[test]
    fn integer_intervals_reach_both_ends_evenly() {
        let d = Domain::Interval {
            from: 1.0,
            to: 3.0,
            integer: true,
        };
        let got: Vec<i64> = [0.0, 0.33, 0.34, 0.66, 0.67, 0.999_999]
            .iter()
            .map(|&u| place(&d, u).as_integer().unwrap())
            .collect();
        assert_eq!(got, [1, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn log_intervals_are_uniform_in_the_logarithm() {
        let d = Domain::LogInterval {
            from: 0.001,
            to: 10.0,
            integer: false,
        };
        let at = |u: f64| place(&d, u).as_float().unwrap();
        assert_eq!(at(0.0), 0.001);
        assert_eq!(at(1.0), 10.0, "a Morris grid reaches the upper bound");
        // Four decades: each quarter of [0, 1] spans one.
        for (u, want) in [(0.25, 0.01), (0.5, 0.1), (0.75, 1.0)] {
            assert!((at(u) / want - 1.0).abs() < 1e-12, "{u}: {}", at(u));
        }
        let n = Domain::LogInterval {
            from: 10.0,
            to: 1000.0,
            integer: true,
        };
        assert_eq!(place(&n, 0.5), Value::Integer(100));
        assert_eq!(place(&n, 1.0), Value::Integer(1000));
    }

    #[test]
    fn sensitivity_designs_place_their_own_points() {
        let domains = [
            Domain::Interval {
                from: 0.0,
                to: 0.5,
                integer: false,
            },
            Domain::LogInterval {
                from: 1.0,
                to: 100.0,
                integer: false,
            },
        ];
        let sobol = Design::Sobol(Saltelli {
            samples: 8,
            second_order: false,
        });
        let points = expand(sobol, &domains, 0, 1);
        assert_eq!(points.len(), 8 * 4);
        let units = sobol.method().unwrap().unit_points(2, 1);
        for (p, u) in points.iter().zip(&units) {
            assert_eq!(p[0].as_float().unwrap(), 0.5 * u[0]);
            let want = (u[1] * 100f64.ln()).exp();
            assert!((p[1].as_float().unwrap() - want).abs() < 1e-9 * want);
        }
        let morris = Design::Morris(Morris::default());
        assert_eq!(expand(morris, &domains, 0, 1).len(), 10 * 3);
        assert_eq!(Design::parse("sobol").map(Design::name), Some("sobol"));
        assert!(Design::Grid.method().is_none());
    }
}
