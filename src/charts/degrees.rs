//! `degrees`: the degree distribution at tick 0 and at the end, log–log,
//! from `citizens.csv` (`initial_degree`, `degree`).
//!
//! Each point is the share of citizens with exactly k ties, P(k), for
//! k ≥ 1; citizens with no ties cannot sit on a log axis, so their share
//! is given in the legend.

use super::DrawFailure;
use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon};
use plotters::prelude::*;

use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, GRID, INK};

/// P(k) for k ≥ 1 as (k, share) points, and the share with degree 0.
pub(crate) fn distribution(degrees: &[u32]) -> (Vec<(f64, f64)>, f64) {
    let n = degrees.len();
    if n == 0 {
        return (Vec::new(), 0.0);
    }
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for &d in degrees {
        *counts.entry(d).or_default() += 1;
    }
    let isolated = counts.get(&0).copied().unwrap_or(0) as f64 / n as f64;
    let points = counts
        .into_iter()
        .filter(|&(k, _)| k > 0)
        .map(|(k, c)| (k as f64, c as f64 / n as f64))
        .collect();
    (points, isolated)
}

/// Key points of a log axis over `lo..hi`: 1, 1.5 and every integer from 2
/// to 9 times a power of ten when `all`, else 1, 2 and 5 times a power of ten,
/// so the axis stays legible over several decades.
fn log_ticks(lo: f64, hi: f64, all: bool) -> Vec<f64> {
    let mantissas: &[f64] = if all {
        &[1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    } else {
        &[1.0, 2.0, 5.0]
    };
    let mut ticks = Vec::new();
    let mut decade = lo.log10().floor() as i32;
    while 10f64.powi(decade) <= hi {
        for m in mantissas {
            // Rounded to the decade's decimals, so labels print exactly.
            let v = m * 10f64.powi(decade);
            if v >= lo && v <= hi {
                ticks.push(v);
            }
        }
        decade += 1;
    }
    ticks
}

/// A log-axis label: the value with as many decimals as its decade needs.
fn log_label(v: &f64) -> String {
    let decimals = (-v.log10().floor()).max(0.0) as usize;
    style::tidy(*v, decimals)
}

/// Draws the `degrees` chart.
pub(crate) fn degrees<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let end_tick = run.last_tick().map_or("the end".to_string(), |t| {
        format!("tick {}", style::tidy(t, 2))
    });
    let first_tick = run.metrics.ticks.first().map_or("tick 0".to_string(), |t| {
        format!("tick {}", style::tidy(*t, 2))
    });
    let citizens = run.citizens.as_ref();
    let n = citizens.map_or(0, |c| c.len());
    let body = style::header(
        root,
        pen,
        info.title,
        &format!(
            "{} · {} citizen{} · share of citizens with exactly k ties, k ≥ 1",
            run.name,
            style::count(n),
            if n == 1 { "" } else { "s" }
        ),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let (initial, initial_isolated) =
        citizens.map_or((Vec::new(), 0.0), |c| distribution(&c.initial_degree));
    let (last, last_isolated) = citizens.map_or((Vec::new(), 0.0), |c| distribution(&c.degree));
    let all = initial.iter().chain(&last);
    let k_max = all.clone().map(|p| p.0).fold(1.0, f64::max);
    let p_min = all.clone().map(|p| p.1).fold(1.0, f64::min);
    let k_min = all.clone().map(|p| p.0).fold(k_max, f64::min);
    let x = (
        (k_min / 1.3).max(0.8),
        (k_max * 1.3).max(k_min * 4.0).max(4.0),
    );
    // From the decade below the rarest degree to just above 1 (slightly
    // under the decade, so rounding cannot drop its label).
    let y = (
        10f64.powf((p_min / 1.5).log10().floor()).min(0.01) * 0.999,
        1.5,
    );
    let x_ticks = log_ticks(x.0, x.1, x.1 / x.0 < 30.0);
    let y_ticks = log_ticks(y.0, y.1, false);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(pen.px(20))
        .margin_right(pen.px(30))
        .margin_top(pen.px(20))
        .margin_bottom(pen.px(10))
        .x_label_area_size(pen.px(90))
        .y_label_area_size(pen.px(120))
        .build_cartesian_2d(
            (x.0..x.1).log_scale().with_key_points(x_ticks),
            (y.0..y.1).log_scale().with_key_points(y_ticks),
        )
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(info.axis_labels[0])
        .y_desc(info.axis_labels[1])
        .axis_desc_style(pen.axis_title())
        .label_style(pen.tick_labels())
        .x_label_formatter(&log_label)
        .y_label_formatter(&log_label)
        .bold_line_style(GRID.stroke_width(pen.stroke(1)))
        .light_line_style(WHITE.mix(0.0))
        .axis_style(INK.stroke_width(pen.stroke(2)))
        .set_all_tick_mark_size(pen.px(8))
        .draw()
        .map_err(|e| e.to_string())?;

    let first_colour = RGBColor(0, 114, 178);
    let last_colour = RGBColor(213, 94, 0);
    let mean = |d: &[u32]| {
        if d.is_empty() {
            0.0
        } else {
            d.iter().map(|&v| v as f64).sum::<f64>() / d.len() as f64
        }
    };
    let mut entries = Vec::new();
    if let Some(c) = citizens {
        for (points, isolated, colour, when, degrees, triangle) in [
            (
                &initial,
                initial_isolated,
                first_colour,
                &first_tick,
                &c.initial_degree,
                false,
            ),
            (
                &last,
                last_isolated,
                last_colour,
                &end_tick,
                &c.degree,
                true,
            ),
        ] {
            if points.len() > 1 {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        points.clone(),
                        colour.mix(0.7).stroke_width(pen.stroke(2)),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            let r = pen.px(8);
            if triangle {
                chart
                    .draw_series(points.iter().map(|&p| {
                        plotters::element::EmptyElement::at(p)
                            + Polygon::new(
                                vec![(0, -r), (r, r * 3 / 4), (-r, r * 3 / 4)],
                                colour.filled(),
                            )
                    }))
                    .map_err(|e| e.to_string())?;
            } else {
                chart
                    .draw_series(points.iter().map(|&p| Circle::new(p, r, colour.filled())))
                    .map_err(|e| e.to_string())?;
            }
            let swatch = if triangle {
                Swatch::Triangle(colour)
            } else {
                Swatch::Dot {
                    fill: colour,
                    outline: None,
                }
            };
            entries.push(LegendEntry::new(
                swatch,
                format!(
                    "{when}: mean degree {}, {} % isolated",
                    style::tidy(mean(degrees), 2),
                    style::tidy(isolated * 100.0, 1)
                ),
            ));
        }
    }
    style::legend(&panel, pen, "Degree distribution", &entries)?;
    let why = match citizens {
        None => Some("No degree data: citizens.csv is not in the run folder.".to_string()),
        Some(c) if c.len() == 0 => Some("No degree data: citizens.csv has no citizens.".to_string()),
        Some(_) if initial.is_empty() && last.is_empty() => Some(
            "No ties at tick 0 or at the end: every citizen has degree 0, which a log–log plot cannot show."
                .to_string(),
        ),
        _ => None,
    };
    if let Some(why) = why {
        style::empty_message(&chart.plotting_area().strip_coord_spec(), pen, &why)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_counts_shares() {
        let (points, isolated) = distribution(&[0, 1, 1, 3]);
        assert_eq!(points, vec![(1.0, 0.5), (3.0, 0.25)]);
        assert_eq!(isolated, 0.25);
        assert_eq!(distribution(&[]), (Vec::new(), 0.0));
    }

    #[test]
    fn log_ticks_follow_decades() {
        assert_eq!(log_ticks(0.8, 30.0, false), vec![1.0, 2.0, 5.0, 10.0, 20.0]);
        assert_eq!(
            log_ticks(2.5, 14.0, true),
            vec![3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
        );
        let small = log_ticks(0.000999, 1.5, false);
        assert_eq!(small.len(), 10);
        assert_eq!(log_label(&small[0]), "0.001");
        assert_eq!(log_label(&small[2]), "0.005");
        assert_eq!(log_label(&20.0), "20");
        assert_eq!(log_label(&0.05), "0.05");
    }
}
