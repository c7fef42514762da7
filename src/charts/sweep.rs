//! Charts of a sweep, drawn from `summary.csv` alone (so they can be
//! redrawn without rerunning), into `charts/` as 1600×1000 PNG files:
//!
//! - `final-<measure>.png` (one swept parameter): each key measure at the
//!   last recorded tick against the parameter, the mean over replicates
//!   with its 95 % confidence band;
//! - `phase-<measure>.png` (two swept parameters on a grid): a heatmap of
//!   the mean at the last tick over the two parameters, a phase diagram;
//! - `series-<measure>.png` (always): the measure over time, one line per
//!   point with its 95 % band.
//!
//! The look (embedded font, header, legend panel, supersampled PNG) is the
//! run charts' ([`crate::charts`]), and so is the toolkit (the axes and
//! lines of `charts/axes.rs`). [`crate::sweep`] calls [`draw`] when a sweep
//! or a merge completes. Same summary, same files.

use super::DrawFailure;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::element::{Polygon, Rectangle, Text};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use super::axes::{self, Chart2d, Line};
use super::files;
use super::style::{self, LegendEntry, Pen, Swatch, GRID, INK};
use super::{ChartFormat, CHARTS_DIR, HEIGHT, WIDTH};
use crate::error::{Error, Result};
use crate::sweep::tables::SUMMARY_CSV;

/// The measures charted, with what they mean (the y-axis title): those the
/// registry shows in sweeps ([`crate::measures`]).
pub fn key_measures() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::measures::MEASURES
        .iter()
        .filter(|m| m.shown.sweep)
        .map(|m| (m.name, m.meaning))
}

/// Mean and 95 % interval of a measure over a point's replicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    pub mean: f64,
    /// NaN when undefined (fewer than two replicates).
    pub low: f64,
    /// NaN when undefined (fewer than two replicates).
    pub high: f64,
    /// Replicates with a defined value.
    pub n: u64,
}

/// `summary.csv` read back for charting.
#[derive(Debug, Clone)]
pub struct SummaryTable {
    /// The swept parameters (the columns between point_id and tick).
    pub parameters: Vec<String>,
    /// The points in file order: id and parameter values as written.
    pub points: Vec<(u64, Vec<String>)>,
    /// (point id, measure) → (tick, stat), ticks ascending.
    series: BTreeMap<(u64, String), Vec<(f64, Stat)>>,
}

fn parse_field(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

impl SummaryTable {
    /// Reads `summary.csv`.
    pub fn read(path: &Path) -> Result<SummaryTable> {
        let reader = csv::Reader::from_path(path)
            .map_err(|e| Error::other(format!("{}: {e}", path.display())))?;
        SummaryTable::from_csv(reader, path)
    }

    /// A summary given as text (tests), named `summary.csv` in messages.
    #[cfg(test)]
    pub(crate) fn from_text(text: &str) -> Result<SummaryTable> {
        let reader = csv::Reader::from_reader(text.as_bytes());
        SummaryTable::from_csv(reader, Path::new("summary.csv"))
    }

    /// Reads a summary from `reader`; `path` names it in messages.
    fn from_csv<R: std::io::Read>(mut reader: csv::Reader<R>, path: &Path) -> Result<SummaryTable> {
        let bad = |what: String| Error::other(format!("{}: {what}", path.display()));
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| bad(e.to_string()))?
            .iter()
            .map(String::from)
            .collect();
        let tail = [
            "tick",
            "measure",
            "mean",
            "sd",
            "n",
            "ci95_low",
            "ci95_high",
        ];
        if header.len() < 1 + tail.len()
            || header[0] != "point_id"
            || header[header.len() - tail.len()..] != tail
        {
            return Err(bad(format!(
                "not a sweep summary (header: {})",
                header.join(",")
            )));
        }
        let p = header.len() - tail.len() - 1;
        let mut table = SummaryTable {
            parameters: header[1..=p].to_vec(),
            points: Vec::new(),
            series: BTreeMap::new(),
        };
        for (line, record) in reader.records().enumerate() {
            let r = record.map_err(|e| bad(e.to_string()))?;
            let id: u64 = r[0]
                .parse()
                .map_err(|_| bad(format!("line {}: point_id `{}`", line + 2, &r[0])))?;
            if table.points.last().map(|pt| pt.0) != Some(id) {
                table
                    .points
                    .push((id, (1..=p).map(|k| r[k].to_string()).collect()));
            }
            let stat = Stat {
                mean: parse_field(&r[p + 3]),
                low: parse_field(&r[p + 6]),
                high: parse_field(&r[p + 7]),
                n: r[p + 5].parse().unwrap_or(0),
            };
            table
                .series
                .entry((id, r[p + 2].to_string()))
                .or_default()
                .push((parse_field(&r[p + 1]), stat));
        }
        Ok(table)
    }

    /// The (tick, stat) series of `measure` at point `id`.
    pub fn series(&self, id: u64, measure: &str) -> &[(f64, Stat)] {
        self.series
            .get(&(id, measure.to_string()))
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// The series of `measure` at point `id` as it is drawn: a flow per
    /// tick and without its first record, as in the run charts
    /// ([`axes::flow_divisor`]); a state as it is.
    pub fn drawn_series(&self, id: u64, measure: &str) -> Vec<(f64, Stat)> {
        let series = self.series(id, measure);
        let ticks: Vec<f64> = series.iter().map(|s| s.0).collect();
        series
            .iter()
            .enumerate()
            .filter_map(|(i, &(tick, s))| {
                let d = axes::flow_divisor(measure, &ticks, i)?;
                Some((
                    tick,
                    Stat {
                        mean: s.mean / d,
                        low: s.low / d,
                        high: s.high / d,
                        n: s.n,
                    },
                ))
            })
            .collect()
    }

    /// Each parameter's values, point by point, rounded to what tells them
    /// apart ([`value_labels`]): `rounded_values()[parameter][point]`.
    fn rounded_values(&self) -> Vec<Vec<String>> {
        (0..self.parameters.len())
            .map(|k| {
                let values: Vec<String> = self.points.iter().map(|p| p.1[k].clone()).collect();
                value_labels(&values)
            })
            .collect()
    }

    /// The stat of `measure` at point `id`'s last recorded tick.
    pub fn at_last_tick(&self, id: u64, measure: &str) -> Option<(f64, Stat)> {
        self.series(id, measure).last().copied()
    }

    /// Most replicates behind any stat (for subtitles).
    fn replicates(&self) -> u64 {
        self.series
            .values()
            .flat_map(|v| v.iter().map(|s| s.1.n))
            .max()
            .unwrap_or(0)
    }

    /// The last recorded tick of any point.
    fn last_tick(&self) -> f64 {
        self.series
            .values()
            .filter_map(|v| v.last().map(|s| s.0))
            .fold(f64::NAN, f64::max)
    }
}

/// A measure at the last tick against the one swept parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// Whether the parameter's values are numbers (else categories at 0, 1, …).
    pub numeric: bool,
    /// (x, label, stat), by increasing x.
    pub points: Vec<(f64, String, Stat)>,
}

/// The last-tick curve of `measure`, when exactly one parameter is swept.
pub fn curve(table: &SummaryTable, measure: &str) -> Option<Curve> {
    if table.parameters.len() != 1 {
        return None;
    }
    let numeric = table
        .points
        .iter()
        .all(|(_, v)| v[0].parse::<f64>().is_ok());
    let mut points: Vec<(f64, String, Stat)> = table
        .points
        .iter()
        .enumerate()
        .filter_map(|(k, (id, v))| {
            let (_, stat) = table.drawn_series(*id, measure).last().copied()?;
            let x = if numeric {
                v[0].parse().ok()?
            } else {
                k as f64
            };
            Some((x, v[0].clone(), stat))
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
        .iter()
        .any(|p| p.2.mean.is_finite())
        .then_some(Curve { numeric, points })
}

/// A measure at the last tick over a grid of two parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// Values of the first parameter (columns), in order.
    pub xs: Vec<String>,
    /// Values of the second parameter (rows), in order.
    pub ys: Vec<String>,
    /// Mean at (xs[i], ys[j]) in `cells[i * ys.len() + j]`; None where no point.
    pub cells: Vec<Option<f64>>,
}

/// Distinct values in order: numerically when all are numbers, else as first seen.
fn levels<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    if out.iter().all(|v| v.parse::<f64>().is_ok()) {
        out.sort_by(|a, b| {
            a.parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
    }
    out
}

/// The levels of the two swept parameters and the point at each of their
/// combinations, when the points fill that grid exactly once (the `grid`
/// design); the one decision between a grid and a sample, shared by the
/// phase diagram, its scatter and the small multiples of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Values of the first parameter, in order.
    pub xs: Vec<String>,
    /// Values of the second parameter, in order.
    pub ys: Vec<String>,
    /// The index in [`SummaryTable::points`] of (xs[i], ys[j]) at `i * ys.len() + j`.
    pub points: Vec<usize>,
}

/// The grid of the points, when exactly two parameters are swept and each
/// combination of their values is a point exactly once.
pub fn grid(table: &SummaryTable) -> Option<Grid> {
    if table.parameters.len() != 2 {
        return None;
    }
    let xs = levels(table.points.iter().map(|p| &p.1[0]));
    let ys = levels(table.points.iter().map(|p| &p.1[1]));
    let mut points = vec![usize::MAX; xs.len() * ys.len()];
    for (k, (_, v)) in table.points.iter().enumerate() {
        let i = xs.iter().position(|x| *x == v[0])?;
        let j = ys.iter().position(|y| *y == v[1])?;
        let c = i * ys.len() + j;
        if points[c] != usize::MAX {
            return None;
        }
        points[c] = k;
    }
    points
        .iter()
        .all(|&k| k != usize::MAX)
        .then_some(Grid { xs, ys, points })
}

/// The phase diagram of `measure`, when exactly two parameters are swept
/// on a full grid ([`grid`]). Points sampled off a grid (random, Latin
/// hypercube) would make a grid of mostly empty cells: they get a
/// [`scatter`] instead.
pub fn phase(table: &SummaryTable, measure: &str) -> Option<Phase> {
    let Grid { xs, ys, points } = grid(table)?;
    let cells: Vec<Option<f64>> = points
        .iter()
        .map(|&k| {
            table
                .drawn_series(table.points[k].0, measure)
                .last()
                .map(|s| s.1.mean)
                .filter(|m| m.is_finite())
        })
        .collect();
    cells
        .iter()
        .any(|c| c.is_some())
        .then_some(Phase { xs, ys, cells })
}

/// A measure at the last tick over two numeric parameters sampled off a
/// grid: one point per sampled combination.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    /// (first parameter, second parameter, mean; `None` where undefined),
    /// in file order.
    pub points: Vec<(f64, f64, Option<f64>)>,
}

/// The scatter of `measure`, when exactly two numeric parameters are swept
/// and the points do not fill a grid (random and Latin-hypercube designs).
pub fn scatter(table: &SummaryTable, measure: &str) -> Option<Scatter> {
    if table.parameters.len() != 2 || phase(table, measure).is_some() {
        return None;
    }
    let points: Vec<(f64, f64, Option<f64>)> = table
        .points
        .iter()
        .map(|(id, v)| {
            let mean = table
                .drawn_series(*id, measure)
                .last()
                .map(|s| s.1.mean)
                .filter(|m| m.is_finite());
            Some((v[0].parse().ok()?, v[1].parse().ok()?, mean))
        })
        .collect::<Option<_>>()?;
    points
        .iter()
        .any(|p| p.2.is_some())
        .then_some(Scatter { points })
}

/// The most panels of a small-multiples series chart (a 4 × 3 grid).
pub const MAX_PANELS: usize = 12;

/// Small multiples of a two-parameter grid: a panel per value of one
/// parameter, a line per value of the other in each.
#[derive(Debug, Clone, PartialEq)]
pub struct Panels {
    /// The parameter whose values make the panels (0 or 1).
    pub by: usize,
    /// The panel parameter's values, in order.
    pub panels: Vec<String>,
    /// The line parameter's values, in order (the same in every panel).
    pub lines: Vec<String>,
    /// The index in [`SummaryTable::points`] of line j in panel i, at
    /// `i * lines.len() + j`.
    pub points: Vec<usize>,
}

/// Why a series chart highlights a few points instead of drawing them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crowd {
    /// Two parameters sampled off a grid (random, Latin hypercube): no
    /// value of either is shared by several points, so no panels.
    Sampled,
    /// A grid with more than [`MAX_PANELS`] values of each parameter.
    LargeGrid,
    /// Three parameters or more.
    ManyParameters,
}

/// How a sweep's `series-<measure>` chart is laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum SeriesLayout {
    /// One chart with a line per point (no parameter or one swept).
    Lines,
    /// Small multiples (two parameters on a grid).
    Panels(Panels),
    /// One chart: the points of lowest, median and highest mean at the
    /// last tick drawn strongly (indexes in [`SummaryTable::points`], in
    /// that order, without repeats), the others as thin grey lines.
    Highlight { picked: Vec<usize>, why: Crowd },
}

/// The layout of the series chart of `measure`. One parameter: a line per
/// point, as ever. Two on a grid ([`grid`]): small multiples, a panel per
/// value of the parameter with more values and a line per value of the
/// other, so each panel holds the fewer lines (ties: panels by the first
/// parameter); when that parameter has more than [`MAX_PANELS`] values,
/// a highlighted subset instead, as for points off a grid and for three
/// parameters or more.
pub fn series_layout(table: &SummaryTable, measure: &str) -> SeriesLayout {
    let why = match table.parameters.len() {
        0 | 1 => return SeriesLayout::Lines,
        2 => match grid(table) {
            Some(g) => {
                let by = usize::from(g.ys.len() > g.xs.len());
                let (panels, lines) = if by == 0 { (g.xs, g.ys) } else { (g.ys, g.xs) };
                if panels.len() <= MAX_PANELS {
                    let (np, nl) = (panels.len(), lines.len());
                    let points = (0..np * nl)
                        .map(|c| {
                            let (i, j) = (c / nl, c % nl);
                            if by == 0 {
                                g.points[i * nl + j]
                            } else {
                                g.points[j * np + i]
                            }
                        })
                        .collect();
                    return SeriesLayout::Panels(Panels {
                        by,
                        panels,
                        lines,
                        points,
                    });
                }
                Crowd::LargeGrid
            }
            None => Crowd::Sampled,
        },
        _ => Crowd::ManyParameters,
    };
    SeriesLayout::Highlight {
        picked: extremes(table, measure),
        why,
    }
}

/// The points of lowest, median and highest mean of `measure` at their
/// last drawn tick (ties by file order), without repeats; points without
/// a value are never picked.
fn extremes(table: &SummaryTable, measure: &str) -> Vec<usize> {
    let mut valued: Vec<(f64, usize)> = table
        .points
        .iter()
        .enumerate()
        .filter_map(|(k, (id, _))| {
            let last = table.drawn_series(*id, measure).last()?.1.mean;
            last.is_finite().then_some((last, k))
        })
        .collect();
    valued.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let Some(&(_, lowest)) = valued.first() else {
        return Vec::new();
    };
    let mut picked = vec![lowest];
    for k in [valued[(valued.len() - 1) / 2].1, valued[valued.len() - 1].1] {
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    picked
}

/// Columns and rows of a grid of `n` panels, wider than high as the plot
/// area is (1200 × 880).
pub fn panel_grid(n: usize) -> (usize, usize) {
    match n {
        0..=3 => (n.max(1), 1),
        4 => (2, 2),
        5 | 6 => (3, 2),
        7..=9 => (3, 3),
        _ => (4, n.div_ceil(4)),
    }
}

/// The decimal digits of a finite `v` as Rust writes it (`{}`: the
/// shortest text that reads back as the same float, never in exponent
/// form): (negative, significant digits without leading zeros, decimal
/// exponent of the first digit). Zero has no digits.
fn decimal_digits(v: f64) -> (bool, Vec<u8>, i32) {
    let text = format!("{}", v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let Some(first) = all.iter().position(|&d| d != 0) else {
        return (false, Vec::new(), 0);
    };
    let mut digits = all[first..].to_vec();
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (v < 0.0, digits, int.len() as i32 - 1 - first as i32)
}

/// `v` rounded in decimal (half away from zero) to `digits` significant
/// digits, written without exponent and trailing zeros (`0.15` at two
/// digits is `0.15`, at one `0.2`; `12455` at three is `12500`). Rounding
/// the decimal text, not the binary float, keeps `0.15` (stored as
/// 0.1499999…) from reading `0.1`.
fn significant(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let (negative, mut d, mut exp) = decimal_digits(v);
    let digits = digits.max(1);
    if d.len() > digits {
        let up = d[digits] >= 5;
        d.truncate(digits);
        if up {
            let mut k = digits;
            loop {
                if k == 0 {
                    d.insert(0, 1);
                    d.truncate(digits);
                    exp += 1;
                    break;
                }
                k -= 1;
                if d[k] == 9 {
                    d[k] = 0;
                } else {
                    d[k] += 1;
                    break;
                }
            }
        }
        while d.last() == Some(&0) {
            d.pop();
        }
    }
    if d.is_empty() {
        return "0".to_string();
    }
    let digit = |k: i32| -> char {
        // The digit of weight 10^k.
        let at = exp - k;
        if at >= 0 && (at as usize) < d.len() {
            (b'0' + d[at as usize]) as char
        } else {
            '0'
        }
    };
    let lowest = exp - d.len() as i32 + 1;
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    for k in (0..=exp.max(0)).rev() {
        text.push(digit(k));
    }
    if lowest < 0 {
        text.push('.');
        for k in (lowest..0).rev() {
            text.push(digit(k));
        }
    }
    text
}

/// Significant digits of `v` as written by Rust (`0.15`: 2; `0.1 + 0.2`: 17).
fn exact_digits(v: f64) -> usize {
    decimal_digits(v).1.len().max(1)
}

/// Labels for parameter values: numbers at the fewest significant digits
/// that keep distinct values distinct (a Latin hypercube's `0.28374619` and
/// `0.31290455` read `0.28` and `0.31`), each rounded in decimal from the
/// value as written; when up to two more digits would show every value
/// exactly, exactly (a grid's `0, 0.15, 0.3, 0.45` reads so, not `0, 0.2,
/// 0.3, 0.5`, whose steps look uneven). Text is left as it is.
pub fn value_labels(values: &[String]) -> Vec<String> {
    let numbers: Option<Vec<f64>> = values
        .iter()
        .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    let Some(numbers) = numbers else {
        return values.to_vec();
    };
    let mut distinct = numbers.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup_by(|a, b| a == b);
    let exact = distinct.iter().map(|&v| exact_digits(v)).max().unwrap_or(1);
    let needed = (1..exact)
        .find(|&digits| {
            let mut labels: Vec<String> =
                distinct.iter().map(|&v| significant(v, digits)).collect();
            labels.dedup();
            labels.len() == distinct.len()
        })
        .unwrap_or(exact);
    let digits = if exact <= needed + 2 { exact } else { needed };
    numbers.iter().map(|&v| significant(v, digits)).collect()
}

/// A colour of the viridis ramp at t in [0, 1] (dark purple to yellow),
/// perceptually ordered and colour-blind safe.
pub fn viridis(t: f64) -> RGBColor {
    const RAMP: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let s = t * (RAMP.len() - 1) as f64;
    let lo = (s.floor() as usize).min(RAMP.len() - 2);
    let f = s - lo as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    let (a, b) = (RAMP[lo], RAMP[lo + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// One chart to draw.
enum Job {
    Curve(&'static str, &'static str, Curve),
    Phase(&'static str, &'static str, Phase),
    Scatter(&'static str, &'static str, Scatter),
    Series(&'static str, &'static str, SeriesLayout),
}

impl Job {
    /// The chart's name: its file name without the extension.
    fn stem(&self) -> String {
        match self {
            Job::Curve(m, ..) => format!("final-{m}"),
            Job::Phase(m, ..) | Job::Scatter(m, ..) => format!("phase-{m}"),
            Job::Series(m, ..) => format!("series-{m}"),
        }
    }
}

/// One chart of a sweep: its name, its SVG text (for the sweep's
/// report.html) and the files written.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// The file name without extension (`final-lost_half_share`).
    pub stem: String,
    /// The chart as SVG text.
    pub svg: String,
    /// The files written, in `charts/`.
    pub files: Vec<PathBuf>,
}

/// Draws the charts of the sweep folder `folder` from its summary.csv,
/// into `folder/charts/` as PNG (in parallel; each file written
/// atomically). Returns the files written.
pub fn draw(folder: &Path, sweep_name: &str) -> Result<Vec<PathBuf>> {
    Ok(draw_as(folder, sweep_name, ChartFormat::Png)?
        .into_iter()
        .flat_map(|d| d.files)
        .collect())
}

/// [`draw`] in `format` (PNG, SVG or both); every chart is also drawn as
/// SVG text, returned for the report.
pub fn draw_as(folder: &Path, sweep_name: &str, format: ChartFormat) -> Result<Vec<Drawn>> {
    let table = SummaryTable::read(&folder.join(SUMMARY_CSV))?;
    let mut jobs = Vec::new();
    for (measure, meaning) in key_measures() {
        if let Some(c) = curve(&table, measure) {
            jobs.push(Job::Curve(measure, meaning, c));
        }
        if let Some(p) = phase(&table, measure) {
            jobs.push(Job::Phase(measure, meaning, p));
        }
        if let Some(p) = scatter(&table, measure) {
            jobs.push(Job::Scatter(measure, meaning, p));
        }
        if table.points.iter().any(|(id, _)| {
            table
                .series(*id, measure)
                .iter()
                .any(|s| s.1.mean.is_finite())
        }) {
            jobs.push(Job::Series(
                measure,
                meaning,
                series_layout(&table, measure),
            ));
        }
    }
    let dir = folder.join(CHARTS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    style::register_font().map_err(|e| Error::other(e.to_string()))?;
    jobs.par_iter()
        .map(|job| {
            let stem = job.stem();
            let mut files = Vec::new();
            if format != ChartFormat::Svg {
                let path = dir.join(format!("{stem}.png"));
                files::write_chart_png(&path, |root, pen| {
                    draw_job(root, pen, job, &table, sweep_name)
                })?;
                files.push(path);
            }
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
                root.fill(&WHITE)
                    .map_err(|e| DrawFailure(e.to_string()))
                    .and_then(|_| draw_job(&root, Pen { k: 1 }, job, &table, sweep_name))
                    .and_then(|_| root.present().map_err(|e| DrawFailure(e.to_string())))
                    .map_err(|e| Error::other(format!("{stem}.svg: drawing failed: {e}")))?;
            }
            if format != ChartFormat::Png {
                let path = dir.join(format!("{stem}.svg"));
                files::write_atomic(&path, svg.as_bytes())?;
                files.push(path);
            }
            Ok(Drawn { stem, svg, files })
        })
        .collect()
}

fn draw_job<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    job: &Job,
    table: &SummaryTable,
    sweep: &str,
) -> std::result::Result<(), DrawFailure> {
    let n = table.replicates();
    let tick = style::tidy(table.last_tick(), 0);
    let replicates = format!("{n} replicate{}", if n == 1 { "" } else { "s" });
    match job {
        Job::Curve(measure, meaning, c) => {
            let subtitle = format!(
                "sweep {sweep} · tick {tick} · mean of {replicates}; band: 95 % confidence interval (Student t)"
            );
            let title = format!(
                "{} against {}",
                style::capital(meaning),
                table.parameters[0]
            );
            draw_curve(
                root,
                pen,
                &title,
                &subtitle,
                &table.parameters[0],
                measure,
                c,
            )
        }
        Job::Phase(measure, meaning, p) => {
            let subtitle = format!("sweep {sweep} · tick {tick} · mean of {replicates} per cell");
            let title = format!("Phase diagram: {meaning} ({measure})");
            draw_phase(root, pen, &title, &subtitle, &table.parameters, p)
        }
        Job::Scatter(measure, meaning, p) => {
            let subtitle = format!(
                "sweep {sweep} · tick {tick} · mean of {replicates} per point · {} sampled points",
                p.points.len()
            );
            let title = format!("Phase diagram: {meaning} ({measure})");
            draw_scatter(root, pen, &title, &subtitle, &table.parameters, p)
        }
        Job::Series(measure, meaning, layout) => {
            let subtitle = format!(
                "sweep {sweep} · mean of {replicates} per point; band: 95 % confidence interval (Student t)"
            );
            let title = format!("{} over time", style::capital(meaning));
            match layout {
                SeriesLayout::Lines => draw_series(root, pen, &title, &subtitle, measure, table),
                SeriesLayout::Panels(p) => {
                    let title = format!(
                        "{title}, a panel per {}",
                        short_key(&table.parameters[p.by])
                    );
                    draw_panels(root, pen, &title, &subtitle, measure, table, p)
                }
                SeriesLayout::Highlight { picked, why } => {
                    draw_highlight(root, pen, &title, &subtitle, measure, table, picked, *why)
                }
            }
        }
    }
}

/// A translucent band between `low` and `high` along x (pieces where both are defined).
fn draw_band<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    points: &[(f64, Stat)],
    colour: RGBColor,
) -> std::result::Result<(), DrawFailure> {
    let mut piece: Vec<(f64, Stat)> = Vec::new();
    let flush = |chart: &mut Chart2d<'_, DB>, piece: &mut Vec<(f64, Stat)>| {
        if piece.len() > 1 {
            let mut outline: Vec<(f64, f64)> = piece.iter().map(|p| (p.0, p.1.low)).collect();
            outline.extend(piece.iter().rev().map(|p| (p.0, p.1.high)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    colour.mix(0.18).filled(),
                )))
                .map_err(|e| e.to_string())?;
        }
        piece.clear();
        Ok::<(), String>(())
    };
    for &p in points {
        if p.1.low.is_finite() && p.1.high.is_finite() {
            piece.push(p);
        } else {
            flush(chart, &mut piece)?;
        }
    }
    Ok(flush(chart, &mut piece)?)
}

fn y_range<'a>(stats: impl Iterator<Item = &'a Stat> + Clone) -> (f64, f64) {
    axes::value_range(
        stats.flat_map(|s| [s.mean, s.low, s.high]),
        None,
        (0.0, 1.0),
    )
}

#[allow(clippy::too_many_arguments)]
fn draw_curve<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    parameter: &str,
    measure: &str,
    c: &Curve,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let xs: Vec<f64> = c.points.iter().map(|p| p.0).collect();
    let x = axes::value_range(xs.iter().copied(), None, (0.0, 1.0));
    let y = y_range(c.points.iter().map(|p| &p.2));
    let labels: Vec<String> = c.points.iter().map(|p| p.1.clone()).collect();
    let numeric = c.numeric;
    let x_label = move |v: &f64| {
        if numeric {
            style::tidy(*v, 3)
        } else if (v - v.round()).abs() < 1e-9 && *v >= 0.0 {
            labels.get(v.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut chart = axes::numeric_axes(&plot, pen, x, y, (parameter, measure), &x_label, 10)?;
    let colour = style::SERIES[0];
    let series: Vec<(f64, Stat)> = c.points.iter().map(|p| (p.0, p.2)).collect();
    draw_band(&mut chart, &series, colour)?;
    let line = Line {
        label: "mean".into(),
        colour,
        width: 4,
        dashed: false,
        points: series
            .iter()
            .map(|p| (p.0, Some(p.1.mean).filter(|m| m.is_finite())))
            .collect(),
    };
    draw_line_any(&mut chart, pen, &line)?;
    style::legend(
        &panel,
        pen,
        "",
        &[
            LegendEntry::new(
                Swatch::Line {
                    colour,
                    width: 4,
                    dashed: false,
                },
                "mean over replicates",
            ),
            LegendEntry::new(
                Swatch::Block(colour.mix(0.18)),
                "95 % confidence interval of the mean",
            ),
        ],
    )
}

/// Draws a line with the run charts' style on our axes.
fn draw_line_any<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    pen: Pen,
    line: &Line,
) -> std::result::Result<(), DrawFailure> {
    axes::draw_line(chart, pen, line)
}

fn draw_series<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    measure: &str,
    table: &SummaryTable,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let SeriesFrame {
        drawn,
        x,
        y,
        y_title,
    } = SeriesFrame::of(table, measure);
    let mut chart = axes::numeric_axes(&plot, pen, x, y, ("tick", &y_title), &whole, 10)?;
    let count = table.points.len();
    let colour_of = |k: usize| ramp_colour(k, count);
    for (k, series) in drawn.iter().enumerate() {
        draw_band(&mut chart, series, colour_of(k))?;
    }
    let mut entries = Vec::new();
    const SHOWN: usize = 14;
    let rounded = table.rounded_values();
    for (k, (id, values)) in table.points.iter().enumerate() {
        let label = if values.is_empty() {
            format!("point {id}")
        } else {
            rounded
                .iter()
                .map(|r| r[k].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let line = mean_line(label.clone(), colour_of(k), 3, &drawn[k]);
        draw_line_any(&mut chart, pen, &line)?;
        if k < SHOWN || (k == count - 1 && count == SHOWN + 1) {
            entries.push(LegendEntry::new(
                Swatch::Line {
                    colour: colour_of(k),
                    width: 3,
                    dashed: false,
                },
                label,
            ));
        }
    }
    if count > SHOWN + 1 {
        entries.push(LegendEntry::new(
            Swatch::Note,
            format!("… and {} more points", count - SHOWN),
        ));
    }
    let heading = if table.parameters.is_empty() {
        "points".to_string()
    } else {
        table
            .parameters
            .iter()
            .map(|p| short_key(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    style::legend(&panel, pen, &heading, &entries)
}

/// The y-axis title of a measure over time.
/// What every layout of a sweep's series chart shares: each point's series
/// as drawn, and the axes' ranges and y title over all of them (so panels
/// and highlighted lines share one scale).
struct SeriesFrame {
    drawn: Vec<Vec<(f64, Stat)>>,
    x: (f64, f64),
    y: (f64, f64),
    y_title: String,
}

impl SeriesFrame {
    fn of(table: &SummaryTable, measure: &str) -> SeriesFrame {
        let drawn: Vec<Vec<(f64, Stat)>> = table
            .points
            .iter()
            .map(|(id, _)| table.drawn_series(*id, measure))
            .collect();
        let all: Vec<&(f64, Stat)> = drawn.iter().flatten().collect();
        let ticks: Vec<f64> = all.iter().map(|q| q.0).collect();
        let x = axes::tick_range(&ticks);
        let y = y_range(all.iter().map(|q| &q.1));
        SeriesFrame {
            drawn,
            x,
            y,
            y_title: series_y_title(measure),
        }
    }
}

fn series_y_title(measure: &str) -> String {
    if axes::drawn_per_tick(measure) {
        format!("{measure} per tick")
    } else {
        measure.to_string()
    }
}

/// Tick labels: whole numbers only.
fn whole(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        style::tidy(*v, 0)
    } else {
        String::new()
    }
}

/// A line of a point's drawn series.
fn mean_line(label: String, colour: RGBColor, width: u32, series: &[(f64, Stat)]) -> Line {
    Line {
        label,
        colour,
        width,
        dashed: false,
        points: series
            .iter()
            .map(|p| (p.0, Some(p.1.mean).filter(|m| m.is_finite())))
            .collect(),
    }
}

/// The colour of line `k` of `count` on the viridis ramp, short of the
/// palest yellow (hard to see on white).
fn ramp_colour(k: usize, count: usize) -> RGBColor {
    if count <= 1 {
        style::SERIES[0]
    } else {
        viridis(k as f64 / (count - 1) as f64 * 0.9)
    }
}

/// Small multiples: a panel per value of one parameter (titled
/// `friend_weight = 0.3`), in each a line with its band per value of the
/// other, coloured alike in every panel; the same x and y ranges in every
/// panel, so panels compare; one legend for the line parameter.
#[allow(clippy::too_many_arguments)]
fn draw_panels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    measure: &str,
    table: &SummaryTable,
    p: &Panels,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, legend) = style::plot_and_legend(&body, pen);
    let SeriesFrame {
        drawn,
        x,
        y,
        y_title,
    } = SeriesFrame::of(table, measure);
    let (cols, rows) = panel_grid(p.panels.len());
    let plot = plot.margin(pen.px(4), pen.px(0), pen.px(10), pen.px(24));
    // One x-axis title under the grid; y labels and title on the first
    // column only (the scales are shared), so every plot is as wide.
    let (grid_area, under) = plot.split_vertically(plot.dim_in_pixel().1 as i32 - pen.px(44));
    under
        .titled("tick", pen.text(22.0, INK))
        .map_err(|e| e.to_string())?;
    let (width, height) = grid_area.dim_in_pixel();
    let (outer, inner_y) = (pen.px(104), pen.px(28));
    let plot_width = (width as i32 - outer - (cols as i32 - 1) * inner_y) / cols as i32;
    let xs: Vec<i32> = (1..cols as i32)
        .map(|c| outer + c * plot_width + (c - 1) * inner_y)
        .collect();
    let ys: Vec<i32> = (1..rows as i32)
        .map(|r| r * height as i32 / rows as i32)
        .collect();
    let areas = grid_area.split_by_breakpoints(xs, ys);
    let panel_key = short_key(&table.parameters[p.by]);
    let line_key = short_key(&table.parameters[1 - p.by]);
    let panel_labels = value_labels(&p.panels);
    let line_labels = value_labels(&p.lines);
    let nl = p.lines.len();
    for (i, area) in areas.iter().enumerate().take(p.panels.len()) {
        let left = i % cols == 0;
        let inner = area
            .titled(
                &format!("{panel_key} = {}", panel_labels[i]),
                pen.text(24.0, INK),
            )
            .map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&inner)
            .margin_left(pen.px(0))
            .margin_right(pen.px(0))
            .margin_top(pen.px(6))
            .margin_bottom(pen.px(4))
            .x_label_area_size(pen.px(36))
            .y_label_area_size(if left { outer } else { inner_y })
            .build_cartesian_2d(x.0..x.1, y.0..y.1)
            .map_err(|e| e.to_string())?;
        let hidden = |_: &f64| String::new();
        let value = |v: &f64| style::tidy(*v, 3);
        let mut mesh = chart.configure_mesh();
        mesh.axis_desc_style(pen.text(22.0, INK))
            .label_style(pen.text(19.0, INK))
            .x_label_formatter(&whole)
            .x_labels(if cols > 2 { 4 } else { 6 })
            .y_labels(if rows > 2 { 4 } else { 6 })
            .bold_line_style(GRID.stroke_width(pen.stroke(1)))
            .light_line_style(WHITE.mix(0.0))
            .axis_style(INK.stroke_width(pen.stroke(2)))
            .set_all_tick_mark_size(pen.px(6));
        if left {
            mesh.y_desc(y_title.as_str()).y_label_formatter(&value);
        } else {
            mesh.y_label_formatter(&hidden);
        }
        mesh.draw().map_err(|e| e.to_string())?;
        for j in 0..nl {
            let k = p.points[i * nl + j];
            draw_band(&mut chart, &drawn[k], ramp_colour(j, nl))?;
        }
        for (j, label) in line_labels.iter().enumerate() {
            let k = p.points[i * nl + j];
            let line = mean_line(label.clone(), ramp_colour(j, nl), 3, &drawn[k]);
            draw_line_any(&mut chart, pen, &line)?;
        }
    }
    let mut entries: Vec<LegendEntry> = line_labels
        .iter()
        .enumerate()
        .map(|(j, label)| {
            LegendEntry::new(
                Swatch::Line {
                    colour: ramp_colour(j, nl),
                    width: 3,
                    dashed: false,
                },
                label.clone(),
            )
        })
        .collect();
    entries.push(LegendEntry::new(Swatch::Note, ""));
    entries.push(LegendEntry::new(
        Swatch::Note,
        format!(
            "A panel per {panel_key} ({} values); the same scales in every panel.",
            p.panels.len()
        ),
    ));
    style::legend(&legend, pen, line_key, &entries)
}

/// One chart of every point's series: the points of lowest, median and
/// highest mean at the last tick drawn strongly with their bands, the
/// others as thin grey lines, and a legend note saying so.
#[allow(clippy::too_many_arguments)]
fn draw_highlight<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    measure: &str,
    table: &SummaryTable,
    picked: &[usize],
    why: Crowd,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let SeriesFrame {
        drawn,
        x,
        y,
        y_title,
    } = SeriesFrame::of(table, measure);
    let mut chart = axes::numeric_axes(&plot, pen, x, y, ("tick", &y_title), &whole, 10)?;
    let grey = RGBColor(185, 185, 185);
    let others = table.points.len() - picked.len();
    for (k, series) in drawn.iter().enumerate() {
        if !picked.contains(&k) {
            draw_line_any(&mut chart, pen, &mean_line(String::new(), grey, 1, series))?;
        }
    }
    // Lowest in blue, median in green, highest in vermilion.
    let roles: &[(&str, RGBColor)] = match picked.len() {
        1 => &[("the only valued", style::SERIES[0])],
        2 => &[("lowest", style::SERIES[0]), ("highest", style::SERIES[1])],
        _ => &[
            ("lowest", style::SERIES[0]),
            ("median", style::SERIES[2]),
            ("highest", style::SERIES[1]),
        ],
    };
    let rounded = table.rounded_values();
    let mut entries = Vec::new();
    for (&k, &(role, colour)) in picked.iter().zip(roles) {
        draw_band(&mut chart, &drawn[k], colour)?;
        let values: Vec<&str> = rounded.iter().map(|r| r[k].as_str()).collect();
        let label = format!("{role}: {}", values.join(", "));
        draw_line_any(
            &mut chart,
            pen,
            &mean_line(label.clone(), colour, 4, &drawn[k]),
        )?;
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour,
                width: 4,
                dashed: false,
            },
            label,
        ));
    }
    if others > 0 {
        entries.push(LegendEntry::new(
            Swatch::Line {
                colour: grey,
                width: 1,
                dashed: false,
            },
            format!(
                "the other {others} point{}",
                if others == 1 { "" } else { "s" }
            ),
        ));
    }
    entries.push(LegendEntry::new(Swatch::Note, ""));
    let because = match why {
        Crowd::Sampled => "points sampled off a grid: no panels",
        Crowd::LargeGrid => "too many values for panels",
        Crowd::ManyParameters => "three parameters or more",
    };
    entries.push(LegendEntry::new(
        Swatch::Note,
        format!(
            "Highlighted: the points of lowest, median and highest mean at the last tick ({because})."
        ),
    ));
    let heading = table
        .parameters
        .iter()
        .map(|p| short_key(p))
        .collect::<Vec<_>>()
        .join(", ");
    style::legend(&panel, pen, &heading, &entries)
}

/// The last part of a dotted key (`friend_weight`), for legends.
fn short_key(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

fn draw_phase<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    parameters: &[String],
    p: &Phase,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let (nx, ny) = (p.xs.len() as i32, p.ys.len() as i32);
    let defined = p.cells.iter().flatten().copied();
    let lo = defined.clone().fold(f64::INFINITY, f64::min);
    let hi = defined.fold(f64::NEG_INFINITY, f64::max);
    let scale = |v: f64| {
        if hi - lo > 1e-12 {
            (v - lo) / (hi - lo)
        } else {
            0.5
        }
    };
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(pen.px(20))
        .margin_right(pen.px(40))
        .margin_top(pen.px(20))
        .margin_bottom(pen.px(10))
        .x_label_area_size(pen.px(80))
        .y_label_area_size(pen.px(120))
        .build_cartesian_2d((0..nx - 1).into_segmented(), (0..ny - 1).into_segmented())
        .map_err(|e| e.to_string())?;
    let (x_levels, y_levels) = (value_labels(&p.xs), value_labels(&p.ys));
    let label_of = |levels: &[String], v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if *i >= 0 => {
            levels.get(*i as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(parameters[0].as_str())
        .y_desc(parameters[1].as_str())
        .axis_desc_style(pen.axis_title())
        .label_style(pen.tick_labels())
        .x_label_formatter(&|v| label_of(&x_levels, v))
        .y_label_formatter(&|v| label_of(&y_levels, v))
        .x_labels(p.xs.len() + 1)
        .y_labels(p.ys.len() + 1)
        .axis_style(INK.stroke_width(pen.stroke(2)))
        .set_all_tick_mark_size(pen.px(8))
        .draw()
        .map_err(|e| e.to_string())?;
    let show_values = p.cells.len() <= 120;
    for i in 0..nx {
        for j in 0..ny {
            let cell = p.cells[(i * ny + j) as usize];
            let corners = [
                (SegmentValue::Exact(i), SegmentValue::Exact(j)),
                (SegmentValue::Exact(i + 1), SegmentValue::Exact(j + 1)),
            ];
            let fill = match cell {
                Some(v) => viridis(scale(v)).filled(),
                None => GRID.filled(),
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(corners, fill)))
                .map_err(|e| e.to_string())?;
            if let (Some(v), true) = (cell, show_values) {
                let ink = if scale(v) > 0.6 { INK } else { WHITE };
                let text = pen
                    .text(22.0, ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                chart
                    .draw_series(std::iter::once(Text::new(
                        style::tidy(v, 3),
                        (SegmentValue::CenterOf(i), SegmentValue::CenterOf(j)),
                        text,
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    let mut entries = colour_bar(lo, hi);
    if p.cells.iter().any(|c| c.is_none()) {
        entries.push(LegendEntry::new(Swatch::Block(GRID.to_rgba()), "no value"));
    }
    style::legend(&panel, pen, "mean", &entries)
}

/// The colour bar of a viridis scale from `lo` to `hi`: six steps, highest
/// first, each labelled with its value.
fn colour_bar(lo: f64, hi: f64) -> Vec<LegendEntry> {
    let steps = 6;
    (0..steps)
        .rev()
        .map(|k| {
            let t = k as f64 / (steps - 1) as f64;
            LegendEntry::new(
                Swatch::Block(viridis(t).to_rgba()),
                style::tidy(lo + t * (hi - lo), 3),
            )
        })
        .collect()
}

/// Draws the sampled points of a two-parameter sweep off a grid, each
/// coloured by the measure's mean, with a colour bar.
fn draw_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    parameters: &[String],
    p: &Scatter,
) -> std::result::Result<(), DrawFailure> {
    let body = style::header(root, pen, title, subtitle, None)?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let defined = p.points.iter().filter_map(|q| q.2);
    let lo = defined.clone().fold(f64::INFINITY, f64::min);
    let hi = defined.fold(f64::NEG_INFINITY, f64::max);
    let scale = |v: f64| {
        if hi - lo > 1e-12 {
            (v - lo) / (hi - lo)
        } else {
            0.5
        }
    };
    let x = axes::value_range(p.points.iter().map(|q| q.0), None, (0.0, 1.0));
    let y = axes::value_range(p.points.iter().map(|q| q.1), None, (0.0, 1.0));
    let x_label = |v: &f64| style::tidy(*v, 3);
    let mut chart = axes::numeric_axes(
        &plot,
        pen,
        x,
        y,
        (parameters[0].as_str(), parameters[1].as_str()),
        &x_label,
        10,
    )?;
    let r = pen.px(13);
    // Undefined points first, then by value, so the extremes stay visible.
    let mut order: Vec<&(f64, f64, Option<f64>)> = p.points.iter().collect();
    order.sort_by(|a, b| {
        a.2.is_some()
            .cmp(&b.2.is_some())
            .then(a.2.unwrap_or(0.0).total_cmp(&b.2.unwrap_or(0.0)))
    });
    for &(px, py, mean) in order {
        let fill = mean.map_or(GRID, |v| viridis(scale(v)));
        chart
            .draw_series([
                Circle::new((px, py), r, fill.filled()),
                Circle::new((px, py), r, INK.mix(0.5).stroke_width(pen.stroke(1))),
            ])
            .map_err(|e| e.to_string())?;
    }
    let mut entries = colour_bar(lo, hi);
    if p.points.iter().any(|q| q.2.is_none()) {
        entries.push(LegendEntry::new(Swatch::Block(GRID.to_rgba()), "no value"));
    }
    style::legend(&panel, pen, "mean (colour)", &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> SummaryTable {
        SummaryTable::from_text(text).unwrap()
    }

    const TAIL: &str = "tick,measure,mean,sd,n,ci95_low,ci95_high";

    #[test]
    fn one_parameter_gives_a_curve_at_the_last_tick() {
        let t = table(&format!(
            "point_id,k,{TAIL}\n\
             0,0.5,0,x,1,0,2,1,1\n0,0.5,10,x,2,1,2,1.5,2.5\n\
             1,0,0,x,3,0,2,3,3\n1,0,10,x,4,,1,,\n"
        ));
        assert_eq!(t.parameters, ["k"]);
        assert_eq!(t.points.len(), 2);
        let c = curve(&t, "x").unwrap();
        assert!(c.numeric);
        // Sorted by the parameter: point 1 (k = 0) first; its interval is undefined.
        assert_eq!(c.points[0].0, 0.0);
        assert_eq!(c.points[0].2.mean, 4.0);
        assert!(c.points[0].2.low.is_nan());
        assert_eq!((c.points[1].0, c.points[1].2.mean), (0.5, 2.0));
        assert_eq!(c.points[1].2.low, 1.5);
        assert!(curve(&t, "absent").is_none());
        assert!(phase(&t, "x").is_none());
    }

    #[test]
    fn two_parameters_on_a_grid_give_a_phase_diagram() {
        let mut text = format!("point_id,a,b,{TAIL}\n");
        let mut id = 0;
        for a in ["10", "2"] {
            for b in ["x", "y", "z"] {
                text += &format!("{id},{a},{b},5,m,{id},3,1,{id},{id}\n");
                id += 1;
            }
        }
        let t = table(&text);
        let p = phase(&t, "m").unwrap();
        assert_eq!(p.xs, ["2", "10"], "numeric levels sorted numerically");
        assert_eq!(p.ys, ["x", "y", "z"]);
        // (a = 2, b = y) is point 4; (a = 10, b = z) is point 2.
        assert_eq!(p.cells[1], Some(4.0));
        assert_eq!(p.cells[3 + 2], Some(2.0));
        assert!(curve(&t, "m").is_none());
    }

    #[test]
    fn repeated_combinations_are_not_a_grid() {
        let t = table(&format!(
            "point_id,a,b,{TAIL}\n0,1,1,0,m,1,,1,,\n1,1,1,0,m,2,,1,,\n"
        ));
        assert!(phase(&t, "m").is_none());
    }

    #[test]
    fn flows_are_drawn_per_tick_from_the_second_record_on() {
        // Sanctions recorded at ticks 0, 10, 20 and 25: 5 per tick throughout.
        let t = table(&format!(
            "point_id,k,{TAIL}\n\
             0,1,0,sanctions,0,0,2,0,0\n0,1,10,sanctions,50,1,2,40,60\n\
             0,1,20,sanctions,50,1,2,40,60\n0,1,25,sanctions,25,1,2,20,30\n\
             0,1,0,isolated_share,0.5,0,2,0.5,0.5\n0,1,25,isolated_share,0.25,0,2,0.2,0.3\n"
        ));
        let drawn = t.drawn_series(0, "sanctions");
        let ticks: Vec<f64> = drawn.iter().map(|p| p.0).collect();
        assert_eq!(ticks, [10.0, 20.0, 25.0], "tick 0 is not drawn");
        for (_, s) in &drawn {
            assert_eq!((s.mean, s.low, s.high), (5.0, 4.0, 6.0));
        }
        // The last-tick curve reads the rate too, not the short interval's count.
        assert_eq!(curve(&t, "sanctions").unwrap().points[0].2.mean, 5.0);
        // A state is drawn as it is, tick 0 included.
        let state = t.drawn_series(0, "isolated_share");
        assert_eq!(state.len(), 2);
        assert_eq!(state[0].1.mean, 0.5);
    }

    #[test]
    fn two_parameters_off_a_grid_give_a_scatter_not_an_empty_grid() {
        // Three Latin-hypercube points: a 3 × 3 grid would be two-thirds empty.
        let t = table(&format!(
            "point_id,a,b,{TAIL}\n\
             0,0.1234567,10.5,5,m,1,,1,,\n1,0.4567891,30.25,5,m,2,,1,,\n\
             2,0.8912345,20.125,5,m,,,0,,\n"
        ));
        assert!(phase(&t, "m").is_none());
        let s = scatter(&t, "m").unwrap();
        assert_eq!(
            s.points,
            [
                (0.1234567, 10.5, Some(1.0)),
                (0.4567891, 30.25, Some(2.0)),
                (0.8912345, 20.125, None)
            ]
        );
        // A full grid stays a heatmap, with no scatter.
        let mut text = format!("point_id,a,b,{TAIL}\n");
        for (id, (a, b)) in [(1, 1), (1, 2), (2, 1), (2, 2)].iter().enumerate() {
            text += &format!("{id},{a},{b},5,m,{id},,1,,\n");
        }
        let t = table(&text);
        assert!(phase(&t, "m").is_some() && scatter(&t, "m").is_none());
    }

    #[test]
    fn labels_keep_the_fewest_digits_that_tell_values_apart() {
        let s = |v: &[&str]| value_labels(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&["0.28374619", "0.31290455"]), ["0.28", "0.31"]);
        assert_eq!(
            s(&["0.1", "0.2", "0.30000000000000004"]),
            ["0.1", "0.2", "0.3"]
        );
        // A grid's values as typed, not 0.1 and 0.5 (binary rounding of
        // 0.1499999… and 0.4500000…) nor 0.2 and 0.5 (uneven steps).
        assert_eq!(
            s(&["0", "0.15", "0.3", "0.45"]),
            ["0", "0.15", "0.3", "0.45"]
        );
        assert_eq!(s(&["1", "1.05", "2"]), ["1", "1.05", "2"]);
        assert_eq!(s(&["12345", "12455"]), ["12345", "12455"]);
        // Rounded in decimal, half away from zero, when values are long.
        assert_eq!(
            s(&["0.1512345678", "0.2512345678", "0.45"]),
            ["0.2", "0.3", "0.5"]
        );
        assert_eq!(s(&["0.15", "0.251234567", "0.2"]), ["0.15", "0.25", "0.2"]);
        // A carry: 0.96 and 0.999999 read 0.96 and 1 (not 1 and 1).
        assert_eq!(s(&["0.96", "0.999999", "0.1"]), ["0.96", "1", "0.1"]);
        // Repeated values stay equal; text is left alone.
        assert_eq!(s(&["0.24", "0.24", "0.76"]), ["0.24", "0.24", "0.76"]);
        assert_eq!(s(&["erdos_renyi", "0.5"]), ["erdos_renyi", "0.5"]);
        assert_eq!(
            s(&["-0.25", "-1e-7", "1e21"]),
            ["-0.25", "-0.0000001", "1000000000000000000000"]
        );
    }

    #[test]
    fn significant_digits_round_the_decimal_text() {
        assert_eq!(significant(0.15, 1), "0.2");
        assert_eq!(significant(0.45, 1), "0.5");
        assert_eq!(significant(1.05, 2), "1.1");
        assert_eq!(significant(9.96, 2), "10");
        assert_eq!(significant(-0.0995, 2), "-0.1");
        assert_eq!(significant(12455.0, 3), "12500");
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(-0.0, 1), "0");
        assert_eq!(significant(123.0, 5), "123");
    }

    proptest::proptest! {
        /// Distinct values get distinct labels, and each label is within
        /// half a unit of its last digit of the value.
        #[test]
        fn labels_are_distinct_and_correctly_rounded(
            raw in proptest::collection::vec((-1_000_000_000i64..1_000_000_000, 0i32..12), 1..12),
            any in proptest::collection::vec(-1.0e3f64..1.0e3, 0..4),
        ) {
            // Values as a grid or a sampler writes them: a few digits, or many.
            let values: Vec<String> = raw
                .iter()
                .map(|&(m, d)| format!("{}", m as f64 / 10f64.powi(d)))
                .chain(any.iter().map(|v| format!("{v}")))
                .collect();
            let labels = value_labels(&values);
            let numbers: Vec<f64> = values.iter().map(|v| v.parse().unwrap()).collect();
            for i in 0..values.len() {
                for j in 0..values.len() {
                    proptest::prop_assert_eq!(numbers[i] == numbers[j], labels[i] == labels[j]);
                }
                let shown: f64 = labels[i].parse().unwrap();
                let last = match labels[i].split_once('.') {
                    Some((_, frac)) => -(frac.len() as i32),
                    None => labels[i].trim_start_matches('-').len() as i32 - labels[i].trim_start_matches('-').trim_end_matches('0').len() as i32,
                };
                let half = 0.5 * 10f64.powi(last);
                proptest::prop_assert!(
                    (shown - numbers[i]).abs() <= half * (1.0 + 1e-9) + numbers[i].abs() * 1e-15,
                    "{} shown as {}", values[i], labels[i]
                );
            }
        }
    }

    #[test]
    fn two_parameters_on_a_grid_give_small_multiples_by_the_longer_parameter() {
        // a has 2 values, b has 3: a panel per b, a line per a in each.
        let mut text = format!("point_id,a,b,{TAIL}\n");
        let mut id = 0;
        for a in ["1", "2"] {
            for b in ["0.3", "0.1", "0.2"] {
                text += &format!("{id},{a},{b},5,m,{id},,1,,\n");
                id += 1;
            }
        }
        let t = table(&text);
        let SeriesLayout::Panels(p) = series_layout(&t, "m") else {
            panic!("not panels: {:?}", series_layout(&t, "m"));
        };
        assert_eq!(p.by, 1);
        assert_eq!(p.panels, ["0.1", "0.2", "0.3"]);
        assert_eq!(p.lines, ["1", "2"]);
        // Panel b = 0.1 holds points 1 (a = 1) and 4 (a = 2); b = 0.3: 0 and 3.
        assert_eq!(p.points, [1, 4, 2, 5, 0, 3]);
        for (c, &k) in p.points.iter().enumerate() {
            let (i, j) = (c / 2, c % 2);
            assert_eq!(t.points[k].1, [p.lines[j].clone(), p.panels[i].clone()]);
        }
        // One parameter: lines as ever.
        let one = table(&format!(
            "point_id,k,{TAIL}\n0,1,5,m,1,,1,,\n1,2,5,m,2,,1,,\n"
        ));
        assert_eq!(series_layout(&one, "m"), SeriesLayout::Lines);
    }

    #[test]
    fn ties_make_panels_of_the_first_parameter_and_large_grids_highlight() {
        let grid_of = |na: usize, nb: usize| {
            let mut text = format!("point_id,a,b,{TAIL}\n");
            for a in 0..na {
                for b in 0..nb {
                    let id = a * nb + b;
                    text += &format!("{id},{a},{b},5,m,{},,1,,\n", (id * 7) % 11);
                }
            }
            table(&text)
        };
        let SeriesLayout::Panels(p) = series_layout(&grid_of(3, 3), "m") else {
            panic!()
        };
        assert_eq!((p.by, p.points[..3].to_vec()), (0, vec![0, 1, 2]));
        let SeriesLayout::Panels(p) = series_layout(&grid_of(12, 2), "m") else {
            panic!()
        };
        assert_eq!((p.by, p.panels.len()), (0, 12));
        match series_layout(&grid_of(13, 13), "m") {
            SeriesLayout::Highlight { picked, why } => {
                assert_eq!(why, Crowd::LargeGrid);
                assert_eq!(picked.len(), 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn points_off_a_grid_highlight_the_lowest_median_and_highest() {
        let t = table(&format!(
            "point_id,a,b,{TAIL}\n\
             0,0.11,0.5,5,m,3,,1,,\n1,0.42,0.1,5,m,1,,1,,\n2,0.73,0.9,5,m,,,0,,\n\
             3,0.24,0.3,5,m,9,,1,,\n4,0.95,0.7,5,m,4,,1,,\n"
        ));
        assert_eq!(
            series_layout(&t, "m"),
            SeriesLayout::Highlight {
                picked: vec![1, 0, 3],
                why: Crowd::Sampled
            }
        );
        // Two valued points: lowest and highest only; none: nothing.
        let two = table(&format!(
            "point_id,a,b,{TAIL}\n0,0.1,0.5,5,m,3,,1,,\n1,0.4,0.1,5,m,1,,1,,\n"
        ));
        assert_eq!(extremes(&two, "m"), [1, 0]);
        assert!(extremes(&two, "absent").is_empty());
    }

    #[test]
    fn panels_fill_a_grid_wider_than_high() {
        assert_eq!(panel_grid(1), (1, 1));
        assert_eq!(panel_grid(3), (3, 1));
        assert_eq!(panel_grid(4), (2, 2));
        assert_eq!(panel_grid(5), (3, 2));
        assert_eq!(panel_grid(9), (3, 3));
        assert_eq!(panel_grid(12), (4, 3));
        for n in 1..=MAX_PANELS {
            let (c, r) = panel_grid(n);
            assert!(c * r >= n && c >= r && c * (r - 1) < n, "{n}");
        }
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }
}
