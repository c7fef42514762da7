//! The `tiers` chart: the share of citizens in each tier over time
//! (`tiers.csv`), as stacked areas.

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::element::{PathElement, Polygon};
use plotters::prelude::*;

use super::axes::{chart_axes, chart_panels, event_legend, mark_events, plot_area, tick_range};
use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch};

/// `tiers`: stacked areas of the share of citizens in each tier.
pub(crate) fn tiers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let (plot, panel) = chart_panels(
        root,
        pen,
        run,
        info,
        "tiers stacked from the lowest (bottom) to the highest",
    )?;
    let Some(table) = run.tiers.as_ref().filter(|t| !t.ticks.is_empty()) else {
        let x = tick_range(&run.metrics.ticks);
        let chart = chart_axes(&plot, pen, x, (0.0, 100.0), info)?;
        style::legend(&panel, pen, "Tier", &[])?;
        let why = if run.tiers.is_some() {
            "No tier data: tiers.csv has no rows."
        } else {
            "No tier data: tiers.csv is not in the run folder."
        };
        return style::empty_message(&plot_area(&chart), pen, why);
    };
    let x = tick_range(&table.ticks);
    let mut chart = chart_axes(&plot, pen, x, (0.0, 100.0), info)?;
    let share = table.column("share");
    // With one tick, widen it into a block so the shares show.
    let xs: Vec<f64> = if table.ticks.len() == 1 {
        vec![table.ticks[0] - 0.4, table.ticks[0] + 0.4]
    } else {
        table.ticks.clone()
    };
    let column = |k: usize, ti: usize| -> f64 {
        let ti = if table.ticks.len() == 1 { 0 } else { ti };
        share
            .and_then(|s| s[k][ti])
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
            * 100.0
    };
    let mut lower = vec![0.0; xs.len()];
    let count = run.tier_names.len();
    let mut entries = Vec::new();
    let any = share.is_some_and(|s| s.iter().flatten().any(|v| v.is_some_and(|v| v > 0.0)));
    for (k, name) in table.keys.iter().enumerate() {
        let upper: Vec<f64> = (0..xs.len()).map(|i| lower[i] + column(k, i)).collect();
        let colour = style::tier_colour(k, count);
        if upper.iter().zip(&lower).any(|(u, l)| u > l) {
            let mut outline: Vec<(f64, f64)> =
                xs.iter().copied().zip(upper.iter().copied()).collect();
            outline.extend(xs.iter().copied().zip(lower.iter().copied()).rev());
            chart
                .draw_series(std::iter::once(Polygon::new(outline, colour.filled())))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    xs.iter()
                        .copied()
                        .zip(upper.iter().copied())
                        .collect::<Vec<_>>(),
                    WHITE.stroke_width(pen.stroke(1)),
                )))
                .map_err(|e| e.to_string())?;
        }
        let min_score = table
            .column("min_score")
            .and_then(|m| m[k].iter().flatten().next().copied());
        let label = match min_score {
            Some(m) => format!("{name} (≥ {})", style::tidy(m, 1)),
            None => name.clone(),
        };
        entries.push(LegendEntry::new(Swatch::Block(colour.to_rgba()), label));
        lower = upper;
    }
    entries.reverse();
    mark_events(&mut chart, pen, run)?;
    entries.extend(event_legend(run));
    style::legend(&panel, pen, "Tier (top to bottom)", &entries)?;
    if !any {
        let why = if share.is_none() {
            "No tier data: tiers.csv has no `share` column."
        } else {
            "No tier data: every share in tiers.csv is empty or zero."
        };
        style::empty_message(&plot_area(&chart), pen, why)?;
    }
    Ok(())
}
