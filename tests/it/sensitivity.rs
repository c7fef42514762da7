//! Sensitivity estimators against analytic truth, through the function a
//! sweep's analysis calls ([`Method::analyze`]): the Ishigami function and
//! Sobol's G-function, whose indices are known in closed form, at
//! N = 4096 with 95 % bootstrap intervals; and Morris screening ranking
//! the G-function's inputs.

use std::f64::consts::PI;

use sesame::sensitivity::{Indices, Method, Morris, Saltelli};

/// Ishigami: sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³.
fn ishigami(u: &[f64], a: f64, b: f64) -> f64 {
    let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
    x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
}

/// Ishigami's exact (S1, ST): with V1 = ½(1 + bπ⁴/5)², V2 = a²/8,
/// V13 = b²π⁸ (1/18 − 1/50) and V = V1 + V2 + V13.
fn ishigami_truth(a: f64, b: f64) -> ([f64; 3], [f64; 3]) {
    let pi4 = PI.powi(4);
    let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

/// Sobol's G-function: Π (|4u − 2| + a_i) / (1 + a_i) on [0, 1]^D.
fn g_function(u: &[f64], a: &[f64]) -> f64 {
    u.iter()
        .zip(a)
        .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

/// The G-function's exact (S1, ST): V_i = 1 / (3 (1 + a_i)²),
/// V = Π(1 + V_i) − 1, S1_i = V_i / V, ST_i = V_i Π_{j≠i}(1 + V_j) / V.
fn g_truth(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a.iter().map(|a| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
    let total: f64 = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
    let s1 = vi.iter().map(|v| v / total).collect();
    let st = vi
        .iter()
        .map(|v| v * vi.iter().map(|w| 1.0 + w).product::<f64>() / (1.0 + v) / total)
        .collect();
    (s1, st)
}

const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

fn sobol_indices(
    method: Method,
    dims: usize,
    f: impl Fn(&[f64]) -> f64,
) -> sesame::sensitivity::SobolIndices {
    let points = method.unit_points(dims, 1);
    let outputs: Vec<f64> = points.iter().map(|u| f(u)).collect();
    match method.analyze(dims, &points, &outputs, 1000, 42).unwrap() {
        Indices::Sobol(s) => s,
        other => panic!("not Sobol' indices: {other:?}"),
    }
}

#[test]
fn the_analytic_truths_are_the_published_values() {
    let (s1, st) = ishigami_truth(7.0, 0.1);
    for (got, want) in s1
        .iter()
        .chain(&st)
        .zip([0.3139, 0.4424, 0.0, 0.5576, 0.4424, 0.2437])
    {
        assert!((got - want).abs() < 5e-5, "{got} vs {want}");
    }
    let (s1, _) = g_truth(&G_A);
    for (got, want) in s1.iter().zip([0.716, 0.179, 0.024, 0.007]) {
        assert!((got - want).abs() < 5e-4, "{got} vs {want}");
    }
    assert!(s1[4..].iter().all(|&s| s < 1e-4));
}

#[test]
fn sobol_indices_of_ishigami_cover_the_analytic_values() {
    let method = Method::Sobol(Saltelli {
        samples: 4096,
        second_order: true,
    });
    let s = sobol_indices(method, 3, |u| ishigami(u, 7.0, 0.1));
    let (s1, st) = ishigami_truth(7.0, 0.1);
    for i in 0..3 {
        assert!(
            s.s1[i].covers(s1[i]),
            "S1[{i}] = {:?}, truth {}",
            s.s1[i],
            s1[i]
        );
        assert!(
            s.st[i].covers(st[i]),
            "ST[{i}] = {:?}, truth {}",
            s.st[i],
            st[i]
        );
        // Intervals that say something: narrower than 0.1 at N = 4096.
        assert!(
            s.s1[i].conf < 0.1 && s.st[i].conf < 0.1,
            "{:?} {:?}",
            s.s1[i],
            s.st[i]
        );
    }
    // Second order: only x1 and x3 interact, S13 = V13 / V = ST3; the others are 0.
    let truth = [(0, 1, 0.0), (0, 2, st[2]), (1, 2, 0.0)];
    assert_eq!(s.s2.len(), 3);
    for (&(i, k, e), &(ti, tk, want)) in s.s2.iter().zip(&truth) {
        assert_eq!((i, k), (ti, tk));
        assert!(e.covers(want), "S2[{i}{k}] = {e:?}, truth {want}");
    }
}

#[test]
fn sobol_indices_of_the_g_function_cover_the_analytic_values() {
    let method = Method::Sobol(Saltelli {
        samples: 4096,
        second_order: false,
    });
    let s = sobol_indices(method, 8, |u| g_function(u, &G_A));
    let (s1, st) = g_truth(&G_A);
    for i in 0..8 {
        assert!(
            s.s1[i].covers(s1[i]),
            "S1[{i}] = {:?}, truth {}",
            s.s1[i],
            s1[i]
        );
        assert!(
            s.st[i].covers(st[i]),
            "ST[{i}] = {:?}, truth {}",
            s.st[i],
            st[i]
        );
    }
    assert!(s.s2.is_empty(), "no second order asked");
    // The order of importance follows a: x1 > x2 > x3 > x4 > the rest.
    for i in 0..4 {
        assert!(s.st[i].value > s.st[i + 1].value, "{:?}", s.st);
    }
}

#[test]
fn morris_ranks_the_g_function_inputs_in_order() {
    for candidates in [None, Some(100)] {
        let design = Morris {
            levels: 4,
            trajectories: 40,
            candidates,
        };
        let method = Method::Morris(design);
        let points = method.unit_points(8, 7);
        let outputs: Vec<f64> = points.iter().map(|u| g_function(u, &G_A)).collect();
        let Indices::Morris(m) = method.analyze(8, &points, &outputs, 500, 3).unwrap() else {
            panic!("not Morris measures");
        };
        let mu_star: Vec<f64> = m.mu_star.iter().map(|e| e.value).collect();
        for i in 0..3 {
            assert!(mu_star[i] > mu_star[i + 1], "{candidates:?}: {mu_star:?}");
        }
        let rest = mu_star[4..].iter().copied().fold(0.0, f64::max);
        assert!(mu_star[3] > rest, "{candidates:?}: {mu_star:?}");
        // x1 (a = 0) dominates: its interval lies above x2's.
        let (e0, e1) = (m.mu_star[0], m.mu_star[1]);
        assert!(e0.value - e0.conf > e1.value + e1.conf, "{e0:?} {e1:?}");
    }
}

#[test]
fn the_same_design_and_outputs_give_the_same_indices() {
    let method = Method::Sobol(Saltelli {
        samples: 256,
        second_order: false,
    });
    let a = sobol_indices(method, 3, |u| ishigami(u, 7.0, 0.1));
    let b = sobol_indices(method, 3, |u| ishigami(u, 7.0, 0.1));
    assert_eq!(a, b);
}
