//! The charts over time: `scores`, `tiers`, `ostracism`, `clustering` and
//! `reporting`, drawn from `metrics.csv`, `tiers.csv` and `groups.csv`.
//!
//! Undefined values (empty fields) break a line into pieces; a piece of one
//! point is drawn as a dot, so a run with one recorded tick still shows its
//! values. A chart with nothing to draw keeps its axes and says why in its
//! middle.

use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, EmptyElement, PathElement, Polygon, Text};
use plotters::prelude::*;

use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, GRID, INK, MUTED, SERIES};

/// A chart's plotting context: tick on x, a linear measure on y.
pub(crate) type TimeChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// (tick, value) points of a measure; `None` where undefined.
pub(crate) type Points = Vec<(f64, Option<f64>)>;

/// One line of a time-series chart.
pub(crate) struct Line {
    pub label: String,
    pub colour: RGBColor,
    /// Stroke width in chart pixels.
    pub width: u32,
    pub dashed: bool,
    pub points: Points,
}

impl Line {
    fn has_values(&self) -> bool {
        self.points.iter().any(|p| p.1.is_some())
    }

    fn swatch(&self) -> Swatch {
        Swatch::Line {
            colour: self.colour,
            width: self.width,
            dashed: self.dashed,
        }
    }
}

/// The x range covering `ticks` (one tick gets a unit on each side).
pub(crate) fn tick_range(ticks: &[f64]) -> (f64, f64) {
    let lo = ticks.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    }
}

/// The range of `values` padded by 6 % on each side, optionally
/// including `floor`; `fallback` when there are no values.
pub(crate) fn value_range(
    values: impl Iterator<Item = f64>,
    include: Option<f64>,
    fallback: (f64, f64),
) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()).chain(include) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return fallback;
    }
    if hi - lo < 1e-12 {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        return (lo - pad, hi + pad);
    }
    let pad = (hi - lo) * 0.06;
    (lo - pad, hi + pad)
}

/// Ticks are whole numbers: fractional key points are left unlabelled.
fn tick_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        style::tidy(*v, 0)
    } else {
        String::new()
    }
}

fn value_label(v: &f64) -> String {
    style::tidy(*v, 3)
}

/// Builds the axes of a time chart with its labels and light grid.
pub(crate) fn time_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    pen: Pen,
    x: (f64, f64),
    y: (f64, f64),
    x_desc: &str,
    y_desc: &str,
    show_x_labels: bool,
) -> Result<TimeChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(pen.px(20))
        .margin_right(pen.px(30))
        .margin_top(pen.px(20))
        .margin_bottom(pen.px(10))
        .x_label_area_size(pen.px(if show_x_labels { 80 } else { 40 }))
        .y_label_area_size(pen.px(120))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(|e| e.to_string())?;
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(pen.axis_title())
        .label_style(pen.tick_labels())
        .x_label_formatter(&tick_label)
        .y_label_formatter(&value_label)
        .x_labels(10)
        .y_labels(8)
        .bold_line_style(GRID.stroke_width(pen.stroke(1)))
        .light_line_style(WHITE.mix(0.0))
        .axis_style(INK.stroke_width(pen.stroke(2)))
        .set_all_tick_mark_size(pen.px(8));
    if !show_x_labels {
        mesh.x_label_formatter(&|_| String::new());
    }
    mesh.draw().map_err(|e| e.to_string())?;
    Ok(chart)
}

/// Draws a line: its defined pieces as paths, lone points (and all points
/// of a short series) as dots.
pub(crate) fn draw_line<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    pen: Pen,
    line: &Line,
) -> Result<(), String> {
    let style = line.colour.stroke_width(pen.stroke(line.width));
    let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(t, v) in &line.points {
        match v {
            Some(v) => pieces.last_mut().expect("one piece").push((t, v)),
            None => {
                if !pieces.last().expect("one piece").is_empty() {
                    pieces.push(Vec::new());
                }
            }
        }
    }
    let dots = line.points.len() <= 25;
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        if piece.len() > 1 {
            if line.dashed {
                chart
                    .draw_series(std::iter::once(DashedPathElement::new(
                        piece.clone(),
                        pen.px(14),
                        pen.px(8),
                        style,
                    )))
                    .map_err(|e| e.to_string())?;
            } else {
                chart
                    .draw_series(std::iter::once(PathElement::new(piece.clone(), style)))
                    .map_err(|e| e.to_string())?;
            }
        }
        if dots || piece.len() == 1 {
            let r = pen.px(line.width as i32 + 3);
            chart
                .draw_series(
                    piece
                        .iter()
                        .map(|&p| Circle::new(p, r, line.colour.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A horizontal reference line (e.g. zero) across the chart.
fn draw_reference<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    pen: Pen,
    x: (f64, f64),
    y: f64,
) -> Result<(), String> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x.0, y), (x.1, y)],
            MUTED.stroke_width(pen.stroke(2)),
        )))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The colour of event marks: a violet that no measure uses.
const EVENT: RGBColor = RGBColor(120, 60, 170);

/// Marks each event of the run that fired: a dashed vertical line at its
/// tick across the plot, labelled with its number (the report lists what
/// each one changed).
fn mark_events<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    pen: Pen,
    run: &Run,
) -> Result<(), String> {
    let (x, y) = (chart.x_range(), chart.y_range());
    for (k, event) in run.events().iter().enumerate() {
        let t = event.tick as f64;
        if t < x.start || t > x.end {
            continue;
        }
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(t, y.start), (t, y.end)],
                pen.px(10),
                pen.px(8),
                EVENT.stroke_width(pen.stroke(2)),
            )))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((t, y.end))
                    + Text::new(
                        format!("E{}", k + 1),
                        (pen.px(6), pen.px(4)),
                        pen.text(20.0, EVENT),
                    ),
            ))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The legend line for the event marks, when the run had events.
fn event_legend(run: &Run) -> Option<LegendEntry> {
    let events = run.events();
    if events.is_empty() {
        return None;
    }
    let ticks: Vec<String> = events.iter().map(|e| e.tick.to_string()).collect();
    Some(LegendEntry::new(
        Swatch::Line {
            colour: EVENT,
            width: 2,
            dashed: true,
        },
        format!(
            "event{} at tick{} {} (report lists changes)",
            if events.len() == 1 { "" } else { "s" },
            if events.len() == 1 { "" } else { "s" },
            ticks.join(", ")
        ),
    ))
}

/// Where in the plotting area (pixel coordinates of the whole chart) an
/// empty chart's message goes.
fn plot_area<DB: DrawingBackend>(chart: &TimeChart<'_, DB>) -> DrawingArea<DB, Shift> {
    chart.plotting_area().strip_coord_spec()
}

/// Reads a `metrics.csv` column as (tick, value) points.
fn metric_points(run: &Run, column: &str) -> Vec<(f64, Option<f64>)> {
    let ticks = &run.metrics.ticks;
    match run.metrics.column(column) {
        Some(values) => ticks
            .iter()
            .zip(values)
            .map(|(&t, &v)| (t, v.filter(|v| v.is_finite())))
            .collect(),
        None => ticks.iter().map(|&t| (t, None)).collect(),
    }
}

/// The subtitle common to the charts over time.
fn run_line(run: &Run) -> String {
    let mut parts = vec![run.name.clone()];
    if let Some(c) = &run.citizens {
        parts.push(format!(
            "{} citizen{}",
            style::count(c.len()),
            if c.len() == 1 { "" } else { "s" }
        ));
    }
    let ticks = &run.metrics.ticks;
    match (ticks.first(), ticks.last()) {
        (Some(a), Some(b)) if ticks.len() > 1 => parts.push(format!(
            "ticks {}–{}",
            style::tidy(*a, 2),
            style::tidy(*b, 2)
        )),
        (Some(a), _) => parts.push(format!("one recorded tick ({})", style::tidy(*a, 2))),
        _ => parts.push("no recorded ticks".to_string()),
    }
    parts.join(" · ")
}

/// `scores`: p10–p90 band, median and mean of the score over time, with
/// the tier thresholds as dashed lines.
pub(crate) fn scores<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), String> {
    let body = style::header(
        root,
        pen,
        info.title,
        &format!("{} · band: 10th to 90th percentile", run_line(run)),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
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
    let mut chart = time_axes(
        &plot,
        pen,
        x,
        y,
        info.axis_labels[0],
        info.axis_labels[1],
        true,
    )?;
    let mut entries = Vec::new();

    // Band: one polygon per run of ticks where both percentiles are defined.
    let mut band: Vec<(f64, f64, f64)> = Vec::new();
    let band_colour = RGBColor(0, 114, 178);
    let flush =
        |band: &mut Vec<(f64, f64, f64)>, chart: &mut TimeChart<'_, DB>| -> Result<(), String> {
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
        if line.has_values() {
            draw_line(&mut chart, pen, line)?;
            legend_lines.push(LegendEntry::new(line.swatch(), line.label.clone()));
        } else {
            legend_lines.push(LegendEntry::new(
                Swatch::Note,
                format!("{}: no data", line.label),
            ));
        }
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

/// `tiers`: stacked areas of the share of citizens in each tier.
pub(crate) fn tiers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), String> {
    let body = style::header(
        root,
        pen,
        info.title,
        &format!(
            "{} · tiers stacked from the lowest (bottom) to the highest",
            run_line(run)
        ),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let Some(table) = run.tiers.as_ref().filter(|t| !t.ticks.is_empty()) else {
        let x = tick_range(&run.metrics.ticks);
        let chart = time_axes(
            &plot,
            pen,
            x,
            (0.0, 100.0),
            info.axis_labels[0],
            info.axis_labels[1],
            true,
        )?;
        style::legend(&panel, pen, "Tier", &[])?;
        let why = if run.tiers.is_some() {
            "No tier data: tiers.csv has no rows."
        } else {
            "No tier data: tiers.csv is not in the run folder."
        };
        return style::empty_message(&plot_area(&chart), pen, why);
    };
    let x = tick_range(&table.ticks);
    let mut chart = time_axes(
        &plot,
        pen,
        x,
        (0.0, 100.0),
        info.axis_labels[0],
        info.axis_labels[1],
        true,
    )?;
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

/// `ostracism`: isolated share and lost-half share per group over time.
pub(crate) fn ostracism<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), String> {
    let body = style::header(
        root,
        pen,
        info.title,
        &format!(
            "{} · solid: isolated (no ties) · dashed: lost at least half of the initial ties",
            run_line(run)
        ),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
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
    let y = value_range(
        lines
            .iter()
            .flat_map(|l| l.points.iter().filter_map(|p| p.1)),
        Some(0.0),
        (0.0, 100.0),
    );
    let y = (0.0f64.max(y.0), y.1.clamp(1.0, 100.0));
    let mut chart = time_axes(
        &plot,
        pen,
        x,
        y,
        info.axis_labels[0],
        info.axis_labels[1],
        true,
    )?;
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

/// `clustering`: transitivity, average clustering, score assortativity and
/// tier modularity over time.
pub(crate) fn clustering<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), String> {
    let body = style::header(
        root,
        pen,
        info.title,
        &format!("{} · gaps: undefined (e.g. no ties)", run_line(run)),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let specs = [
        ("transitivity", "global transitivity", SERIES[0], false),
        (
            "avg_clustering",
            "average local clustering",
            SERIES[2],
            false,
        ),
        (
            "score_assortativity",
            "score assortativity",
            SERIES[1],
            false,
        ),
        ("tier_modularity", "tier modularity", SERIES[3], true),
    ];
    let lines: Vec<Line> = specs
        .iter()
        .map(|&(column, label, colour, dashed)| Line {
            label: label.to_string(),
            colour,
            width: 3,
            dashed,
            points: metric_points(run, column),
        })
        .collect();
    draw_lines_chart(&plot, &panel, pen, run, info, &lines, "Measure", true)
}

/// Draws a plain multi-line chart with a legend; lines without data are
/// listed as such; a chart with no data says why.
#[allow(clippy::too_many_arguments)]
fn draw_lines_chart<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
    lines: &[Line],
    heading: &str,
    zero_line: bool,
) -> Result<(), String> {
    let x = tick_range(&run.metrics.ticks);
    let y = value_range(
        lines
            .iter()
            .flat_map(|l| l.points.iter().filter_map(|p| p.1)),
        Some(0.0),
        (0.0, 1.0),
    );
    let mut chart = time_axes(
        plot,
        pen,
        x,
        y,
        info.axis_labels[0],
        info.axis_labels[1],
        true,
    )?;
    if zero_line && y.0 < 0.0 {
        draw_reference(&mut chart, pen, x, 0.0)?;
    }
    let mut entries = Vec::new();
    for line in lines {
        if line.has_values() {
            draw_line(&mut chart, pen, line)?;
            entries.push(LegendEntry::new(line.swatch(), line.label.clone()));
        } else {
            entries.push(LegendEntry::new(
                Swatch::Note,
                format!("{}: no data", line.label),
            ));
        }
    }
    mark_events(&mut chart, pen, run)?;
    entries.extend(event_legend(run));
    style::legend(panel, pen, heading, &entries)?;
    if !lines.iter().any(Line::has_values) {
        style::empty_message(
            &plot_area(&chart),
            pen,
            &format!(
                "No data: every value of these measures is empty or absent in metrics.csv ({}).",
                lines
                    .iter()
                    .map(|l| l.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )?;
    }
    Ok(())
}

/// `reporting`: reports (true, false, confirmed) in the upper panel,
/// sanctions (all, wrongful) in the lower, per recorded interval.
pub(crate) fn reporting<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), String> {
    let ticks = &run.metrics.ticks;
    let every = if ticks.len() > 1 {
        let step = ticks[1] - ticks[0];
        if (step - 1.0).abs() < 1e-9 {
            "counts since the previous recorded tick (every tick)".to_string()
        } else {
            format!(
                "counts since the previous recorded tick (every {} ticks)",
                style::tidy(step, 2)
            )
        }
    } else {
        "counts since the previous recorded tick".to_string()
    };
    let body = style::header(
        root,
        pen,
        info.title,
        &format!("{} · {every}", run_line(run)),
        run.banner().as_deref(),
    )?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
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
        let y = value_range(
            lines
                .iter()
                .flat_map(|l| l.points.iter().filter_map(|p| p.1)),
            Some(0.0),
            (0.0, 1.0),
        );
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
            if l.has_values() {
                draw_line(&mut chart, pen, l)?;
                entries.push(LegendEntry::new(l.swatch(), l.label.clone()));
            } else {
                entries.push(LegendEntry::new(
                    Swatch::Note,
                    format!("{}: no data", l.label),
                ));
            }
        }
        if !lines.iter().any(Line::has_values) {
            style::empty_message(
                &plot_area(&chart),
                pen,
                &format!("No {} data in metrics.csv.", heading.to_lowercase()),
            )?;
        }
    }
    if let Some(e) = event_legend(run) {
        entries.push(LegendEntry::new(Swatch::Note, ""));
        entries.push(e);
    }
    style::legend(&panel, pen, "", &entries)
}
