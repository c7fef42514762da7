//! The `scores` chart: the score's spread, median and mean over time
//! (`metrics.csv`), with the tier thresholds.

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, EmptyElement, PathElement, Polygon, Text};
use plotters::prelude::*;

use super::axes::{
    chart_axes, chart_panels, draw_or_note, event_legend, mark_events, metric_points, plot_area,
    tick_range, value_range, Chart2d, Line, Points,
};
use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, INK, SERIES};

/// `scores`: p10–p90 band, median and mean of the score over time, with
/// the tier thresholds as dashed lines.
pub(crate) fn scores<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let (plot, panel) = chart_panels(root, pen, run, info, "band: 10th to 90th percentile")?;
    let x = tick_range(&run.metrics.ticks);
    let p10 = metric_points(run, "score_p10");
    let p90 = metric_points(run, "score_p90");
    let lines = [
        Line {
            label: "median".into(),
            colour: RGBColor(20, 20, 20),
            width: 4,
            dashed: false,
            points: metric_points(run, "score_median"),
        },
        Line {
            label: "mean".into(),
            colour: SERIES[1],
            width: 3,
            dashed: false,
            points: metric_points(run, "score_mean"),
        },
    ];
    // Thresholds above the lowest possible score, per tick (events may move them).
    let mut thresholds: Vec<(usize, Points)> = Vec::new();
    if let Some(tiers) = &run.tiers {
        for k in 0..tiers.keys.len() {
            if let Some(points) = tiers.series("min_score", k) {
                if points
                    .iter()
                    .any(|p| p.1.is_some_and(|v| v > run.score_min))
                {
                    thresholds.push((k, points));
                }
            }
        }
    }
    let data_values = p10
        .iter()
        .chain(&p90)
        .chain(lines.iter().flat_map(|l| &l.points))
        .filter_map(|p| p.1);
    let has_data = data_values.clone().next().is_some();
    let threshold_values = thresholds
        .iter()
        .flat_map(|(_, p)| p.iter().filter_map(|p| p.1));
    let y = if has_data {
        // Show the thresholds near the data, not every one down to the floor.
        let (lo, hi) = value_range(data_values.clone(), None, (0.0, 1.0));
        let near: Vec<f64> = threshold_values
            .filter(|&t| t >= lo - (hi - lo) * 0.5 && t <= hi + (hi - lo) * 0.5)
            .collect();
        value_range(data_values.chain(near), None, (0.0, 1.0))
    } else {
        value_range(
            threshold_values,
            None,
            (run.score_min, run.score_min + 600.0),
        )
    };
    let mut chart = chart_axes(&plot, pen, x, y, info)?;
    let mut entries = Vec::new();

    // Band: one polygon per run of ticks where both percentiles are defined.
    let mut band: Vec<(f64, f64, f64)> = Vec::new();
    let band_colour = RGBColor(0, 114, 178);
    let flush =
        |band: &mut Vec<(f64, f64, f64)>, chart: &mut Chart2d<'_, DB>| -> Result<(), DrawFailure> {
            if band.len() == 1 {
                let (t, lo, hi) = band[0];
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(t, lo), (t, hi)],
                        band_colour.mix(0.35).stroke_width(pen.stroke(12)),
                    )))
                    .map_err(|e| e.to_string())?;
            } else if band.len() > 1 {
                let mut outline: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
                outline.extend(band.iter().rev().map(|b| (b.0, b.1)));
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        band_colour.mix(0.22).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            band.clear();
            Ok(())
        };
    let mut any_band = false;
    for (a, b) in p10.iter().zip(&p90) {
        match (a.1, b.1) {
            (Some(lo), Some(hi)) => {
                band.push((a.0, lo, hi));
                any_band = true;
            }
            _ => flush(&mut band, &mut chart)?,
        }
    }
    flush(&mut band, &mut chart)?;
    if any_band {
        entries.push(LegendEntry::new(
            Swatch::Block(band_colour.mix(0.22)),
            "10th–90th percentile",
        ));
    }

    let count = run.tier_names.len();
    let label_style = pen.text(21.0, INK);
    for (k, points) in &thresholds {
        let colour = style::tier_colour(*k, count);
        let mut pieces: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|&(t, v)| v.map(|v| (t, v)))
            .collect();
        if pieces.len() == 1 {
            pieces = vec![(x.0, pieces[0].1), (x.1, pieces[0].1)];
        }
        let Some(&(_, level)) = pieces.first() else {
            continue;
        };
        if level < y.0 || level > y.1 {
            continue;
        }
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                pieces,
                pen.px(14),
                pen.px(8),
                colour.stroke_width(pen.stroke(2)),
            )))
            .map_err(|e| e.to_string())?;
        let name = run.tiers.as_ref().map_or("", |t| t.keys[*k].as_str());
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x.0, level))
                    + Text::new(
                        format!("{name} ≥ {}", style::tidy(level, 1)),
                        (pen.px(8), -pen.px(30)),
                        label_style.clone(),
                    ),
            ))
            .map_err(|e| e.to_string())?;
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour,
                width: 2,
                dashed: true,
            },
            format!("{name} threshold"),
        ));
    }
    let mut legend_lines = Vec::new();
    for line in &lines {
        legend_lines.push(draw_or_note(&mut chart, pen, line)?);
    }
    legend_lines.extend(entries);
    mark_events(&mut chart, pen, run)?;
    legend_lines.extend(event_legend(run));
    style::legend(&panel, pen, "Score", &legend_lines)?;
    if !has_data {
        style::empty_message(
            &plot_area(&chart),
            pen,
            "No score data: the columns score_p10, score_median, score_p90 and score_mean of metrics.csv are absent or empty.",
        )?;
    }
    Ok(())
}
