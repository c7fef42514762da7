//! The toolkit of the charts over time (`scores`, `tiers`, `ostracism`,
//! `clustering`, `reporting`) and of the sweep charts: time axes, value
//! ranges, lines, reference lines, event marks and the subtitle of a run.
//!
//! Undefined values (empty fields) break a line into pieces; a piece of one
//! point is drawn as a dot, so a run with one recorded tick still shows its
//! values. A chart with nothing to draw keeps its axes and says why in its
//! middle.

use super::DrawFailure;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, EmptyElement, PathElement, Text};
use plotters::prelude::*;

use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch, GRID, INK, MUTED};

/// A chart's plotting context: linear x and y (tick and a measure in the
/// charts over time).
pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart's plot area and, to its right, its legend panel.
pub(crate) type Panels<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

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
    pub(crate) fn has_values(&self) -> bool {
        self.points.iter().any(|p| p.1.is_some())
    }

    pub(crate) fn swatch(&self) -> Swatch {
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
) -> Result<Chart2d<'a, DB>, DrawFailure> {
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

/// Axes with a light grid for charts other than over time (sweeps,
/// sensitivity): x labels from `x_label`, about `x_labels` of them, y
/// labels with up to 3 decimals.
pub(crate) fn numeric_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    pen: Pen,
    x: (f64, f64),
    y: (f64, f64),
    descriptions: (&str, &str),
    x_label: &dyn Fn(&f64) -> String,
    x_labels: usize,
) -> Result<Chart2d<'a, DB>, DrawFailure> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(pen.px(20))
        .margin_right(pen.px(40))
        .margin_top(pen.px(20))
        .margin_bottom(pen.px(10))
        .x_label_area_size(pen.px(80))
        .y_label_area_size(pen.px(120))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(descriptions.0)
        .y_desc(descriptions.1)
        .axis_desc_style(pen.axis_title())
        .label_style(pen.tick_labels())
        .x_label_formatter(x_label)
        .y_label_formatter(&|v| style::tidy(*v, 3))
        .x_labels(x_labels)
        .y_labels(8)
        .bold_line_style(GRID.stroke_width(pen.stroke(1)))
        .light_line_style(WHITE.mix(0.0))
        .axis_style(INK.stroke_width(pen.stroke(2)))
        .set_all_tick_mark_size(pen.px(8))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

/// [`time_axes`] titled with the chart's axis labels (x, then y), with
/// tick labels on both axes.
pub(crate) fn chart_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    pen: Pen,
    x: (f64, f64),
    y: (f64, f64),
    info: &super::ChartInfo,
) -> Result<Chart2d<'a, DB>, DrawFailure> {
    time_axes(
        area,
        pen,
        x,
        y,
        info.axis_labels[0],
        info.axis_labels[1],
        true,
    )
}

/// Every defined value of `lines`.
pub(crate) fn line_values(lines: &[Line]) -> impl Iterator<Item = f64> + Clone + '_ {
    lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(|p| p.1))
}

/// Draws a line: its defined pieces as paths, lone points (and all points
/// of a short series) as dots.
pub(crate) fn draw_line<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pen: Pen,
    line: &Line,
) -> Result<(), DrawFailure> {
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

/// Draws `line` if it has values and returns its legend entry, or, when it
/// has none, a legend note saying so.
pub(crate) fn draw_or_note<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pen: Pen,
    line: &Line,
) -> Result<LegendEntry, DrawFailure> {
    if line.has_values() {
        draw_line(chart, pen, line)?;
        Ok(LegendEntry::new(line.swatch(), line.label.clone()))
    } else {
        Ok(LegendEntry::new(
            Swatch::Note,
            format!("{}: no data", line.label),
        ))
    }
}

/// A horizontal reference line (e.g. zero) across the chart.
pub(crate) fn draw_reference<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pen: Pen,
    x: (f64, f64),
    y: f64,
) -> Result<(), DrawFailure> {
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
pub(crate) fn mark_events<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pen: Pen,
    run: &Run,
) -> Result<(), DrawFailure> {
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
pub(crate) fn event_legend(run: &Run) -> Option<LegendEntry> {
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
pub(crate) fn plot_area<DB: DrawingBackend>(chart: &Chart2d<'_, DB>) -> DrawingArea<DB, Shift> {
    chart.plotting_area().strip_coord_spec()
}

/// How the value of a measure recorded at `ticks[i]` is drawn: `None`
/// when it is not drawn at all, else the number it is divided by.
///
/// A state is drawn as it is (divisor 1). A flow (what happened since the
/// previous record, [`crate::measures::Kind::Flow`]) is not drawn at the
/// first record, which holds nothing yet at tick 0 and has no interval to
/// measure otherwise; after it, a flow that counts events
/// ([`crate::measures::Measure::per_tick`]) is divided by the ticks since
/// the previous record, so that a short last interval (a run of 100 ticks
/// recorded every 30 ends with an interval of 10) reads at the same scale
/// as the others instead of looking like a collapse.
pub(crate) fn flow_divisor(column: &str, ticks: &[f64], i: usize) -> Option<f64> {
    let Some(measure) = crate::measures::find(column) else {
        return Some(1.0);
    };
    if measure.kind != crate::measures::Kind::Flow {
        return Some(1.0);
    }
    let interval = ticks.get(i)? - ticks.get(i.checked_sub(1)?)?;
    if interval.is_nan() || interval <= 0.0 {
        return None;
    }
    Some(if measure.per_tick() { interval } else { 1.0 })
}

/// Whether a `metrics.csv` column is drawn per tick (its axis says so).
pub(crate) fn drawn_per_tick(column: &str) -> bool {
    crate::measures::find(column).is_some_and(|m| m.per_tick())
}

/// Reads a `metrics.csv` column as (tick, value) points, flows per tick
/// and without their first record ([`flow_divisor`]).
pub(crate) fn metric_points(run: &Run, column: &str) -> Vec<(f64, Option<f64>)> {
    let ticks = &run.metrics.ticks;
    match run.metrics.column(column) {
        Some(values) => ticks
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (&t, &v))| {
                let v = v
                    .zip(flow_divisor(column, ticks, i))
                    .map(|(v, d)| v / d)
                    .filter(|v| v.is_finite());
                (t, v)
            })
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

/// The header of a chart over time (its title, the run's subtitle followed
/// by `note`, and the run's banner), and the plot and legend areas below it.
pub(crate) fn chart_panels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
    note: &str,
) -> Result<Panels<DB>, DrawFailure> {
    let body = style::header(
        root,
        pen,
        info.title,
        &format!("{} · {note}", run_line(run)),
        run.banner().as_deref(),
    )?;
    Ok(style::plot_and_legend(&body, pen))
}

/// Draws a plain multi-line chart with a legend; lines without data are
/// listed as such; a chart with no data says why.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_lines_chart<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
    lines: &[Line],
    heading: &str,
    zero_line: bool,
) -> Result<(), DrawFailure> {
    let x = tick_range(&run.metrics.ticks);
    let y = value_range(line_values(lines), Some(0.0), (0.0, 1.0));
    let mut chart = chart_axes(plot, pen, x, y, info)?;
    if zero_line && y.0 < 0.0 {
        draw_reference(&mut chart, pen, x, 0.0)?;
    }
    let mut entries = Vec::new();
    for line in lines {
        entries.push(draw_or_note(&mut chart, pen, line)?);
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
