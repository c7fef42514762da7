//! The `reporting` chart: reports and sanctions per tick (`metrics.csv`
//! holds the counts since the previous record; they are divided by the
//! ticks since it, and tick 0, before anything happened, is not drawn).

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{
    chart_panels, draw_or_note, event_legend, line_values, mark_events, metric_points, plot_area,
    tick_range, time_axes, value_range, Line,
};
use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, SERIES};

/// `reporting`: reports (true, false, confirmed) in the upper panel,
/// sanctions (all, wrongful) in the lower, per tick.
pub(crate) fn reporting<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let ticks = &run.metrics.ticks;
    let every = match ticks[..] {
        [a, b, ..] if (b - a - 1.0).abs() < 1e-9 => {
            "counts per tick (recorded every tick)".to_string()
        }
        [a, b, ..] => format!(
            "per tick: counts since the previous record ÷ ticks since it (recorded every {} ticks)",
            style::tidy(b - a, 2)
        ),
        _ => "per tick: counts since the previous record ÷ ticks since it".to_string(),
    };
    let (plot, panel) = chart_panels(root, pen, run, info, &every)?;
    let height = plot.dim_in_pixel().1 as i32;
    let (upper, lower) = plot.split_vertically(height * 47 / 100);
    let line = |column: &str, label: &str, colour: RGBColor, dashed: bool| Line {
        label: label.to_string(),
        colour,
        width: 3,
        dashed,
        points: metric_points(run, column),
    };
    let reports = [
        line("reports_true", "true reports", SERIES[0], false),
        line("reports_confirmed", "confirmed reports", SERIES[2], true),
        line("reports_false", "false reports", SERIES[1], false),
    ];
    let sanctions = [
        line("sanctions", "sanctions", RGBColor(40, 40, 40), false),
        line(
            "wrongful_sanctions",
            "wrongful sanctions",
            RGBColor(213, 45, 0),
            false,
        ),
    ];
    let x = tick_range(ticks);
    let mut entries = Vec::new();
    for (k, (area, lines, y_desc, heading)) in [
        (&upper, &reports[..], info.axis_labels[1], "Reports"),
        (&lower, &sanctions[..], info.axis_labels[2], "Sanctions"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = value_range(line_values(lines), Some(0.0), (0.0, 1.0));
        let y = (0.0f64.max(y.0), y.1.max(1.0));
        let bottom = k == 1;
        let x_desc = if bottom { info.axis_labels[0] } else { "" };
        let mut chart = time_axes(area, pen, x, y, x_desc, y_desc, bottom)?;
        if k > 0 {
            entries.push(LegendEntry::new(Swatch::Note, ""));
        }
        entries.push(LegendEntry::new(Swatch::Note, heading));
        mark_events(&mut chart, pen, run)?;
        for l in lines {
            entries.push(draw_or_note(&mut chart, pen, l)?);
        }
        if !lines.iter().any(Line::has_values) {
            let heading = heading.to_lowercase();
            let why = if ticks.len() == 1 {
                format!(
                    "No {heading} to draw: only one tick is recorded, and flows are drawn from \
                     the second record on (what happened since the one before)."
                )
            } else {
                format!("No {heading} data in metrics.csv.")
            };
            style::empty_message(&plot_area(&chart), pen, &why)?;
        }
    }
    if let Some(e) = event_legend(run) {
        entries.push(LegendEntry::new(Swatch::Note, ""));
        entries.push(e);
    }
    style::legend(&panel, pen, "", &entries)
}
