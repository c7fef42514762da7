//! Replicate statistics for `summary.csv`: mean, sample standard deviation
//! and the Student-t 95 % confidence interval of the mean.
//!
//! The t quantile is computed here (no statistics dependency): the Student
//! t distribution function is written with the regularized incomplete beta
//! function, evaluated by its continued fraction (modified Lentz), and the
//! quantile is found by bisection on that distribution function, which is
//! monotone, to the last representable digit.

/// Mean, spread and 95 % interval of one measure over the replicates of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of defined (non-NaN) values.
    pub n: usize,
    /// Their mean; NaN when `n == 0`.
    pub mean: f64,
    /// Sample standard deviation (n − 1 denominator); NaN when `n < 2`.
    pub sd: f64,
    /// mean − t(0.975, n − 1) · sd / √n; NaN when `n < 2`.
    pub ci95_low: f64,
    /// mean + t(0.975, n − 1) · sd / √n; NaN when `n < 2`.
    pub ci95_high: f64,
}

/// Summarises `values`, skipping NaN (an undefined measure). Sums run in
/// the order given, so the result is the same wherever it is computed.
/// O(n).
pub fn summarize(values: &[f64]) -> Summary {
    let defined = || values.iter().copied().filter(|v| !v.is_nan());
    let n = defined().count();
    if n == 0 {
        return Summary {
            n,
            mean: f64::NAN,
            sd: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    let mean = defined().sum::<f64>() / n as f64;
    if n < 2 {
        return Summary {
            n,
            mean,
            sd: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    let sd = (defined().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt();
    let half = t975(n - 1) * sd / (n as f64).sqrt();
    Summary {
        n,
        mean,
        sd,
        ci95_low: mean - half,
        ci95_high: mean + half,
    }
}

/// t(0.975, df): the two-sided 95 % critical value, remembered per
/// thread (a summary asks for the same few df millions of times).
pub fn t975(df: usize) -> f64 {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() <= df {
            cache.resize(df + 1, f64::NAN);
        }
        if cache[df].is_nan() {
            cache[df] = student_t_quantile(0.975, df as f64);
        }
        cache[df]
    })
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; relative
/// error below 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (k, c) in C.iter().enumerate().skip(1) {
        a += c / (x + k as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularized incomplete beta function I_x(a, b) for a, b > 0 and
/// x in [0, 1], by the continued fraction of Numerical Recipes §6.4
/// (modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where
/// the fraction converges faster.
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

/// The continued fraction of the incomplete beta function.
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-16;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=10_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// P(T ≤ t) for Student's t with `df` > 0 degrees of freedom:
/// 1 − ½ I_{df/(df+t²)}(df/2, ½) for t ≥ 0, and by symmetry for t < 0.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The `p` quantile of Student's t with `df` > 0 degrees of freedom, for
/// p in (0, 1): the t with P(T ≤ t) = p. Bisection on [`student_t_cdf`]
/// after doubling an upper bracket; at most ~1,100 evaluations of the
/// distribution function, to full double precision.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    assert!(
        p > 0.0 && p < 1.0 && df > 0.0,
        "t quantile: p in (0, 1), df > 0"
    );
    if p < 0.5 {
        return -student_t_quantile(1.0 - p, df);
    }
    if p == 0.5 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while student_t_cdf(hi, df) < p {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if student_t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // Published two-sided 95 % critical values.
        for (df, expected) in [(1.0, 12.7062047), (9.0, 2.2621572), (30.0, 2.0422725)] {
            let t = student_t_quantile(0.975, df);
            assert!((t - expected).abs() < 5e-7, "df {df}: {t} vs {expected}");
        }
    }

    #[test]
    fn t_quantiles_match_closed_forms() {
        // df = 1 is the Cauchy distribution: tan(π (p − ½)).
        // df = 2 has t = (2p − 1) / √(2 p (1 − p)).
        for p in [0.55, 0.8, 0.9, 0.975, 0.995, 0.9999] {
            let cauchy = (std::f64::consts::PI * (p - 0.5)).tan();
            let t1 = student_t_quantile(p, 1.0);
            assert!((t1 - cauchy).abs() < 1e-9 * cauchy.max(1.0), "{p}: {t1}");
            let two = (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
            let t2 = student_t_quantile(p, 2.0);
            assert!((t2 - two).abs() < 1e-9 * two.max(1.0), "{p}: {t2}");
            assert_eq!(
                student_t_quantile(1.0 - p, 5.0),
                -student_t_quantile(p, 5.0)
            );
        }
        // Large df tends to the normal quantile 1.959964.
        assert!((student_t_quantile(0.975, 1e7) - 1.959964).abs() < 1e-5);
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut fact = 1.0_f64;
        for n in 1..20 {
            // Γ(n) = (n − 1)!
            assert!((ln_gamma(n as f64) - fact.ln()).abs() < 1e-12, "{n}");
            fact *= n as f64;
        }
        // Γ(½) = √π.
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
    }

    #[test]
    fn summary_of_known_values() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd √(32/7).
        let s = summarize(&[2.0, 4.0, 4.0, f64::NAN, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.n, 8);
        assert_eq!(s.mean, 5.0);
        let sd = (32.0_f64 / 7.0).sqrt();
        assert!((s.sd - sd).abs() < 1e-14);
        // t(0.975, 7) = 2.3646243.
        let half = 2.3646243 * sd / 8.0_f64.sqrt();
        assert!((s.ci95_low - (5.0 - half)).abs() < 1e-6);
        assert!((s.ci95_high - (5.0 + half)).abs() < 1e-6);
    }

    #[test]
    fn summary_of_too_few_values() {
        let one = summarize(&[f64::NAN, 3.5]);
        assert_eq!((one.n, one.mean), (1, 3.5));
        assert!(one.sd.is_nan() && one.ci95_low.is_nan() && one.ci95_high.is_nan());
        let none = summarize(&[f64::NAN]);
        assert_eq!(none.n, 0);
        assert!(none.mean.is_nan());
        // Equal values: zero spread, a zero-width interval.
        let same = summarize(&[2.0, 2.0, 2.0]);
        assert_eq!((same.sd, same.ci95_low, same.ci95_high), (0.0, 2.0, 2.0));
    }
}
