//! Charts of a sensitivity analysis, one per measure, in the sweep's
//! `charts/` as `sensitivity-<measure>.png` (1600×1000, the look of every
//! sesame chart), and inlined as SVG in the sweep's `report.html`:
//!
//! - Sobol': per parameter, a bar for S1 (its effect alone) and one for ST
//!   (with its interactions), each with its 95 % bootstrap interval;
//! - Morris: μ* against σ, one labelled point per parameter with the 95 %
//!   interval of μ*, and the line σ = μ* (above it, effects that are
//!   mostly non-linear or interacting).
//!
//! Drawn with the toolkit of the sweep charts (axes of `charts/axes.rs`, PNG
//! files of `charts/files.rs`); [`crate::sensitivity`] calls [`draw`] after
//! an analysis. Same analysis, same files.

use super::DrawFailure;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement, Rectangle, Text};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use super::axes::{numeric_axes, value_range};
use super::files;
use super::style::{self, LegendEntry, Pen, Swatch, INK, MUTED, SERIES};
use super::{CHARTS_DIR, HEIGHT, WIDTH};
use crate::error::{Error, Result};
use crate::sensitivity::analysis::Analysis;
use crate::sensitivity::measure::Measure;
use crate::sensitivity::{Indices, Method, MorrisIndices, SobolIndices};
use crate::sweep::Sweep;

/// A drawn chart: the measure, the PNG written and the SVG text.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// The measure charted.
    pub measure: String,
    /// Its PNG file.
    pub png: PathBuf,
    /// The same chart as SVG text, for the report.
    pub svg: String,
}

/// The file name of a measure's chart.
pub fn file_name(measure: &str) -> String {
    format!("sensitivity-{measure}.png")
}

/// What a measure means, for titles: the sweep charts' wording for the key
/// measures, a sentence for a group's isolation or lost ties, else its name.
pub fn meaning(name: &str, base: &crate::scenario::ScenarioFile) -> String {
    match Measure::parse(name, base) {
        Ok(Measure::Group { group, column }) => match column.as_str() {
            "isolated_share" => format!("share of {group} with no ties"),
            "lost_half_share" => format!("share of {group} who lost ≥ half their ties"),
            other => format!("{other} of {group}"),
        },
        _ => crate::measures::find(name)
            .filter(|m| m.family == crate::measures::Family::Single)
            .map(|m| m.meaning.to_string())
            .unwrap_or_else(|| name.to_string()),
    }
}

/// Draws every measure's chart into `folder/charts/` (removing charts of
/// an earlier analysis) and writes `folder/report.html`. Returns the files
/// written.
pub fn draw(folder: &Path, sweep: &Sweep, analysis: &Analysis) -> Result<Vec<PathBuf>> {
    let dir = folder.join(CHARTS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        let path = entry.map_err(|e| Error::io(&dir, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with("sensitivity-") && n.ends_with(".png")) {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    style::register_font().map_err(|e| Error::other(e.to_string()))?;
    let drawn: Vec<Drawn> = analysis
        .results
        .par_iter()
        .map(|(measure, indices)| {
            let chart = Chart {
                title: title(analysis.method, &meaning(measure, &sweep.base)),
                subtitle: subtitle(sweep, analysis),
                measure,
                parameters: &analysis.parameters,
                indices,
            };
            let png = dir.join(file_name(measure));
            files::write_chart_png(&png, |root, pen| chart.draw(root, pen))?;
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
                chart
                    .draw(&root, Pen { k: 1 })
                    .map_err(|e| Error::other(format!("{measure}: drawing failed: {e}")))?;
            }
            Ok(Drawn {
                measure: measure.clone(),
                png,
                svg,
            })
        })
        .collect::<Result<_>>()?;
    let report = crate::sensitivity::report::write(folder, sweep, analysis, &drawn)?;
    let mut written: Vec<PathBuf> = drawn.into_iter().map(|d| d.png).collect();
    written.push(report);
    Ok(written)
}

fn title(method: Method, meaning: &str) -> String {
    let meaning = style::capital(meaning);
    match method {
        Method::Morris(_) => format!("Morris screening: {meaning}"),
        Method::Sobol(_) => format!("Sobol' indices: {meaning}"),
    }
}

/// The sweep, the tick, the design and what the output is.
pub fn subtitle(sweep: &Sweep, a: &Analysis) -> String {
    let design = match a.method {
        Method::Morris(m) => format!("Morris, r = {}, {} levels", m.trajectories, m.levels),
        Method::Sobol(s) => format!("Sobol', N = {}", s.samples),
    };
    let replicates = if a.replicates == 1 {
        "1 run per point".to_string()
    } else {
        format!("mean of {} replicates per point", a.replicates)
    };
    format!(
        "sweep {} · tick {} · {design}, {} points · {replicates}",
        sweep.name,
        a.tick,
        style::count(sweep.points.len())
    )
}

/// One chart to draw.
struct Chart<'a> {
    title: String,
    subtitle: String,
    measure: &'a str,
    parameters: &'a [String],
    indices: &'a Indices,
}

impl Chart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: Pen,
    ) -> std::result::Result<(), DrawFailure> {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let body = style::header(root, pen, &self.title, &self.subtitle, None)?;
        let (plot, panel) = style::plot_and_legend(&body, pen);
        let labels = short_names(self.parameters);
        match self.indices {
            Indices::Sobol(s) => {
                draw_sobol(&plot, pen, &labels, self.measure, s)?;
                style::legend(
                    &panel,
                    pen,
                    "index",
                    &[
                        LegendEntry::new(
                            Swatch::Block(S1_COLOUR.to_rgba()),
                            "S1, first order: the parameter alone",
                        ),
                        LegendEntry::new(
                            Swatch::Block(ST_COLOUR.to_rgba()),
                            "ST, total: with all its interactions",
                        ),
                        LegendEntry::new(
                            Swatch::Line {
                                colour: INK,
                                width: 2,
                                dashed: false,
                            },
                            "95 % bootstrap interval",
                        ),
                        LegendEntry::new(Swatch::Note, "ST − S1: the share due to interactions"),
                    ],
                )
            }
            Indices::Morris(m) => {
                draw_morris(&plot, pen, &labels, self.measure, m)?;
                style::legend(
                    &panel,
                    pen,
                    "",
                    &[
                        LegendEntry::new(
                            Swatch::Dot {
                                fill: SERIES[0],
                                outline: None,
                            },
                            "a parameter: its mean absolute effect μ* and spread σ",
                        ),
                        LegendEntry::new(
                            Swatch::Line {
                                colour: SERIES[0],
                                width: 2,
                                dashed: false,
                            },
                            "95 % bootstrap interval of μ*",
                        ),
                        LegendEntry::new(
                            Swatch::Line {
                                colour: MUTED,
                                width: 2,
                                dashed: true,
                            },
                            "σ = μ*: above it, effects mostly non-linear or interacting",
                        ),
                        LegendEntry::new(
                            Swatch::Note,
                            "effects per unit of each parameter's range",
                        ),
                    ],
                )
            }
        }
    }
}

const S1_COLOUR: RGBColor = SERIES[0];
const ST_COLOUR: RGBColor = SERIES[1];

/// The last part of each dotted key, or the whole key where two would clash.
fn short_names(keys: &[String]) -> Vec<String> {
    let short = |k: &String| k.rsplit('.').next().unwrap_or(k).to_string();
    keys.iter()
        .map(|k| {
            let s = short(k);
            if keys.iter().filter(|o| short(o) == s).count() > 1 {
                k.clone()
            } else {
                s
            }
        })
        .collect()
}

fn draw_sobol<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: Pen,
    labels: &[String],
    measure: &str,
    s: &SobolIndices,
) -> std::result::Result<(), DrawFailure> {
    let d = labels.len();
    let ends =
        s.s1.iter()
            .chain(&s.st)
            .flat_map(|e| [e.value, e.value - e.conf, e.value + e.conf]);
    let (lo, hi) = value_range(ends, Some(0.0), (0.0, 1.0));
    let y = (lo.min(0.0), hi.max(0.1));
    // Category i sits at x = i; labels only at whole numbers.
    let names = labels.to_vec();
    let x_label = move |v: &f64| {
        if (v - v.round()).abs() < 1e-9 && *v >= 0.0 {
            names.get(v.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut chart = numeric_axes(
        area,
        pen,
        (-0.6, d as f64 - 0.4),
        y,
        ("parameter", &format!("Sobol' index of {measure}")),
        &x_label,
        d + 1,
    )?;
    let zero = INK.stroke_width(pen.stroke(1));
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-0.6, 0.0), (d as f64 - 0.4, 0.0)],
            zero,
        )))
        .map_err(|e| e.to_string())?;
    let width = 0.34;
    for (i, (s1, st)) in s.s1.iter().zip(&s.st).enumerate() {
        for (e, left, colour) in [
            (s1, i as f64 - width - 0.02, S1_COLOUR),
            (st, i as f64 + 0.02, ST_COLOUR),
        ] {
            if !e.value.is_finite() {
                continue;
            }
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(left, 0.0), (left + width, e.value)],
                    colour.filled(),
                )))
                .map_err(|e| e.to_string())?;
            if e.conf.is_finite() {
                let mid = left + width / 2.0;
                let (a, b) = (e.value - e.conf, e.value + e.conf);
                let style = INK.stroke_width(pen.stroke(2));
                let cap = width / 4.0;
                for path in [
                    vec![(mid, a), (mid, b)],
                    vec![(mid - cap, a), (mid + cap, a)],
                    vec![(mid - cap, b), (mid + cap, b)],
                ] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(path, style)))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
    }
    Ok(())
}

fn draw_morris<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: Pen,
    labels: &[String],
    measure: &str,
    m: &MorrisIndices,
) -> std::result::Result<(), DrawFailure> {
    let x_hi = m
        .mu_star
        .iter()
        .map(|e| e.value + if e.conf.is_finite() { e.conf } else { 0.0 })
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let y_hi = m
        .sigma
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let top = |v: f64| if v > 0.0 { v * 1.15 } else { 1.0 };
    let (x_max, y_max) = (top(x_hi), top(y_hi));
    let mut chart = numeric_axes(
        area,
        pen,
        (0.0, x_max),
        (0.0, y_max),
        (
            &format!("μ*, mean absolute elementary effect on {measure}"),
            "σ, spread of the elementary effects",
        ),
        &|v| style::tidy(*v, 3),
        10,
    )?;
    let end = x_max.min(y_max);
    chart
        .draw_series(std::iter::once(DashedPathElement::new(
            vec![(0.0, 0.0), (end, end)],
            pen.px(12),
            pen.px(8),
            MUTED.stroke_width(pen.stroke(2)),
        )))
        .map_err(|e| e.to_string())?;
    let colour = SERIES[0];
    let places = label_places(labels, m, (x_max, y_max));
    for (i, label) in labels.iter().enumerate() {
        let (e, sigma) = (m.mu_star[i], m.sigma[i]);
        if !(e.value.is_finite() && sigma.is_finite()) {
            continue;
        }
        if e.conf.is_finite() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![
                        ((e.value - e.conf).max(0.0), sigma),
                        (e.value + e.conf, sigma),
                    ],
                    colour.stroke_width(pen.stroke(2)),
                )))
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series(std::iter::once(Circle::new(
                (e.value, sigma),
                pen.px(9),
                colour.filled(),
            )))
            .map_err(|e| e.to_string())?;
        if places[i] > sigma + y_max * 0.02 {
            // A label moved up past others: a leader line to its point.
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(e.value, sigma), (e.value, places[i])],
                    MUTED.stroke_width(pen.stroke(1)),
                )))
                .map_err(|e| e.to_string())?;
        }
        let text = pen.text(22.0, INK).pos(Pos::new(HPos::Left, VPos::Bottom));
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {label}"),
                (e.value, places[i]),
                text,
            )))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Where each point's label sits (the y of its baseline): just above the
/// point, moved up past any label already placed that it would overlap
/// (points taken from the highest σ down). Sizes are estimated for the
/// 22 px labels on a plot about 1,060 × 790 px.
fn label_places(labels: &[String], m: &MorrisIndices, (x_max, y_max): (f64, f64)) -> Vec<f64> {
    let line = y_max * 30.0 / 790.0;
    let char_width = x_max * 11.5 / 1060.0;
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| m.sigma[b].total_cmp(&m.sigma[a]).then(a.cmp(&b)));
    let mut placed: Vec<(f64, f64, f64)> = Vec::new(); // (x from, x to, y)
    let mut places = vec![0.0; labels.len()];
    for i in order {
        let x = m.mu_star[i].value;
        let width = char_width * (labels[i].chars().count() + 1) as f64;
        let mut y = m.sigma[i] + y_max * 0.012;
        while placed
            .iter()
            .any(|&(a, b, py)| x < b && a < x + width && (y - py).abs() < line)
        {
            y += line;
        }
        placed.push((x, x + width, y));
        places[i] = y;
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_stay_distinct() {
        let keys: Vec<String> = ["score.friend_weight", "reporting.reward", "x.reward"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            short_names(&keys),
            ["friend_weight", "reporting.reward", "x.reward"]
        );
    }

    #[test]
    fn measures_read_as_sentences() {
        let base = crate::scenario::ScenarioFile::default();
        assert_eq!(
            meaning("dissidents.isolated_share", &base),
            "share of dissidents with no ties"
        );
        assert_eq!(
            meaning("lost_half_share", &base),
            "share who lost ≥ half their ties"
        );
        // Any other column reads as the registry says it.
        assert_eq!(meaning("ties", &base), "number of ties");
        assert_eq!(meaning("no_such_column", &base), "no_such_column");
    }
}
