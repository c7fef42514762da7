//! The `ostracism` chart: the isolated and lost-half shares over time,
//! overall (`metrics.csv`) and per group (`groups.csv`).

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{
    chart_axes, chart_panels, draw_line, event_legend, line_values, mark_events, metric_points,
    plot_area, tick_range, value_range, Line,
};
use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, INK};

/// `ostracism`: isolated share and lost-half share per group over time.
pub(crate) fn ostracism<DB: DrawingBackend>(
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
        "solid: isolated (no ties) · dashed: lost at least half of the initial ties",
    )?;
    let percent = |points: Vec<(f64, Option<f64>)>| {
        points
            .into_iter()
            .map(|(t, v)| (t, v.map(|v| v * 100.0)))
            .collect::<Vec<_>>()
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut entries = vec![
        LegendEntry::new(
            Swatch::Line {
                colour: INK,
                width: 3,
                dashed: false,
            },
            "isolated",
        ),
        LegendEntry::new(
            Swatch::Line {
                colour: INK,
                width: 3,
                dashed: true,
            },
            "lost ≥ half of initial ties",
        ),
    ];
    let mut ticks = run.metrics.ticks.clone();
    let mut group_notes = Vec::new();
    if let Some(groups) = &run.groups {
        ticks.extend(&groups.ticks);
        for (g, name) in groups.keys.iter().enumerate() {
            let dissident = run.is_dissident(name);
            let colour = style::group_colour(g, dissident);
            let width = if dissident { 5 } else { 3 };
            let mut drawn = false;
            for (column, dashed) in [("isolated_share", false), ("lost_half_share", true)] {
                if let Some(points) = groups.series(column, g) {
                    let line = Line {
                        label: format!("{name}: {column}"),
                        colour,
                        width,
                        dashed,
                        points: percent(points),
                    };
                    drawn |= line.has_values();
                    lines.push(line);
                }
            }
            group_notes.push(LegendEntry::new(
                Swatch::Line {
                    colour,
                    width,
                    dashed: false,
                },
                if drawn {
                    name.clone()
                } else {
                    format!("{name} (no data)")
                },
            ));
        }
    }
    // All citizens together, from metrics.csv, in grey.
    let all_colour = RGBColor(150, 150, 150);
    let mut all_drawn = false;
    for (column, dashed) in [("isolated_share", false), ("lost_half_share", true)] {
        let line = Line {
            label: format!("all: {column}"),
            colour: all_colour,
            width: 2,
            dashed,
            points: percent(metric_points(run, column)),
        };
        all_drawn |= line.has_values();
        lines.push(line);
    }
    if all_drawn {
        group_notes.push(LegendEntry::new(
            Swatch::Line {
                colour: all_colour,
                width: 2,
                dashed: false,
            },
            "all citizens",
        ));
    }
    entries.push(LegendEntry::new(Swatch::Note, ""));
    entries.extend(group_notes);
    let x = tick_range(&ticks);
    let y = value_range(line_values(&lines), Some(0.0), (0.0, 100.0));
    let y = (0.0f64.max(y.0), y.1.clamp(1.0, 100.0));
    let mut chart = chart_axes(&plot, pen, x, y, info)?;
    // Dissidents last, so they are on top.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| (lines[i].width, i));
    for &i in &order {
        draw_line(&mut chart, pen, &lines[i])?;
    }
    mark_events(&mut chart, pen, run)?;
    entries.extend(event_legend(run));
    style::legend(&panel, pen, "Line style", &entries)?;
    if !lines.iter().any(Line::has_values) {
        let why = if run.groups.is_none() {
            "No ostracism data: groups.csv is not in the run folder and metrics.csv has no isolated_share or lost_half_share values."
        } else {
            "No ostracism data: the isolated_share and lost_half_share columns are absent or empty."
        };
        style::empty_message(&plot_area(&chart), pen, why)?;
    }
    Ok(())
}
