//! The `report.html` of a sweep: one self-contained page (the charts
//! inlined as SVG, no script, nothing fetched) with the sweep's question,
//! its design and parameters, the key measures at the last recorded tick
//! point by point, and every chart. A Morris or Sobol' sweep's report is
//! the sensitivity analysis's ([`crate::sensitivity::report`]); this one
//! serves every other design.
//!
//! It is drawn from `summary.csv` and `sweep.toml` alone, like the charts,
//! so `sesame chart SWEEP_FOLDER` redraws both without rerunning.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::design::Domain;
use super::file::Sweep;
use super::tables::{value_text, SUMMARY_CSV};
use crate::charts::report::{escape, CSS};
use crate::charts::style::tidy;
use crate::charts::sweep::{self as charts, Drawn, SummaryTable};
use crate::charts::ChartFormat;
use crate::error::Result;
use crate::measures::Format;
use crate::output::folder::Folder;

/// Name of the report in a sweep folder (the same for every design).
pub const REPORT_HTML: &str = crate::sensitivity::report::REPORT_HTML;

/// At most this many points are listed in the report's table; the rest
/// are in summary.csv.
pub const POINTS_SHOWN: usize = 60;

/// What a complete sweep's folder is given to read: for a Morris or Sobol'
/// design the sensitivity analysis (sensitivity.csv, its charts and
/// report), for the others the charts of [`charts`] in `format` and this
/// report. Returns the files written.
pub fn present(folder: &Path, sweep: &Sweep, format: ChartFormat) -> Result<Vec<PathBuf>> {
    if sweep.design.method().is_some() {
        let options = crate::sensitivity::AnalysisOptions::default();
        return Ok(crate::sensitivity::analyze_folder(folder, sweep, &options)?.1);
    }
    let drawn = charts::draw_as(folder, &sweep.name, format)?;
    let mut written: Vec<PathBuf> = drawn.iter().flat_map(|d| d.files.clone()).collect();
    written.push(write(folder, sweep, &drawn)?);
    Ok(written)
}

/// Writes `folder/report.html` for `sweep` with the charts `drawn`; returns its path.
pub fn write(folder: &Path, sweep: &Sweep, drawn: &[Drawn]) -> Result<PathBuf> {
    let table = SummaryTable::read(&folder.join(SUMMARY_CSV))?;
    let page = html(sweep, &table, drawn);
    Folder::existing(folder).write(REPORT_HTML, |w| w.write_all(page.as_bytes()))?;
    Ok(folder.join(REPORT_HTML))
}

/// A measure's mean as a reader sees it (a share in per cent), with a true minus sign.
fn show(v: f64, format: Format) -> String {
    match format {
        Format::Percent => tidy(v * 100.0, 2),
        Format::Decimals(d) => tidy(v, d),
    }
    .replace('-', "−")
}

/// A parameter's values, as the report lists them.
fn domain_text(domain: &Domain) -> String {
    const LISTED: usize = 12;
    match domain {
        Domain::Values(values) => {
            let mut text: Vec<String> = values.iter().take(LISTED).map(value_text).collect();
            if values.len() > LISTED {
                text.push(format!("… ({} values)", values.len()));
            }
            text.join(", ")
        }
        Domain::Interval { from, to, .. } => format!(
            "from {} to {}, uniform",
            crate::output::number(*from),
            crate::output::number(*to)
        ),
        Domain::LogInterval { from, to, .. } => format!(
            "from {} to {}, log-uniform",
            crate::output::number(*from),
            crate::output::number(*to)
        ),
    }
}

/// What a chart shows, from its name (and, for the series, the layout
/// [`charts::series_layout`] gives them).
fn caption(stem: &str, table: &SummaryTable) -> String {
    let parameters = &table.parameters;
    let meaning = |m: &str| {
        charts::key_measures()
            .find(|(name, _)| *name == m)
            .map_or(m.to_string(), |(_, meaning)| meaning.to_string())
    };
    if let Some(m) = stem.strip_prefix("final-") {
        format!(
            "{} ({m}) at the last recorded tick against {}: the mean over the replicates, \
             the band its 95 % confidence interval.",
            meaning(m),
            parameters.first().map_or("", String::as_str)
        )
    } else if let Some(m) = stem.strip_prefix("phase-") {
        format!(
            "{} ({m}) at the last recorded tick over {}: the mean over the replicates of each \
             cell of the grid, or of each sampled point (a random or Latin-hypercube design, \
             drawn as a scatter coloured by the mean).",
            meaning(m),
            parameters.join(" and ")
        )
    } else if let Some(m) = stem.strip_prefix("series-") {
        let short = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
        match charts::series_layout(table, m) {
            charts::SeriesLayout::Lines => format!(
                "{} ({m}) over time, one line per point: the mean over the replicates, \
                 the band its 95 % confidence interval.",
                meaning(m)
            ),
            charts::SeriesLayout::Panels(p) => format!(
                "{} ({m}) over time, a panel per value of {} with a line per value of {}, \
                 the same scales in every panel: the mean over the replicates, the band its \
                 95 % confidence interval.",
                meaning(m),
                short(&parameters[p.by]),
                short(&parameters[1 - p.by])
            ),
            charts::SeriesLayout::Highlight { .. } => format!(
                "{} ({m}) over time: the points of lowest, median and highest mean at the \
                 last tick drawn strongly with their 95 % confidence bands, the other points \
                 as thin grey lines.",
                meaning(m)
            ),
        }
    } else {
        stem.to_string()
    }
}

/// The report page.
pub fn html(sweep: &Sweep, table: &SummaryTable, drawn: &[Drawn]) -> String {
    let mut page = String::new();
    let name = escape(&sweep.name);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>sesame sweep: {name}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{name}</h1>\n"
    );
    if !sweep.description.is_empty() {
        let _ = writeln!(
            page,
            "<p class=\"description\">{}</p>",
            escape(&sweep.description)
        );
    }

    page.push_str("<h2>Design</h2>\n");
    let seeds = if sweep.common_random_numbers {
        "replicate r of every point runs on the same seed (common random numbers), so \
         differences between points are not seed noise"
    } else {
        "every run has a seed of its own"
    };
    let plan = plan_text(sweep);
    let plan = plan.strip_prefix("design ").unwrap_or(&plan);
    let _ = writeln!(
        page,
        "<p>Design {}. Seeds from {}: {seeds}.</p>",
        escape(plan),
        sweep.base.seed
    );
    page.push_str(
        "<table class=\"settings\">\n<thead><tr><th>parameter</th><th>values</th></tr></thead>\n<tbody>\n",
    );
    for p in &sweep.parameters {
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            escape(&p.key),
            escape(&domain_text(&p.domain))
        );
    }
    page.push_str("</tbody>\n</table>\n");

    // The key measures at the last recorded tick, point by point.
    let measures: Vec<&crate::measures::Measure> = crate::measures::MEASURES
        .iter()
        .filter(|m| m.shown.sweep)
        .filter(|m| {
            table
                .points
                .iter()
                .any(|(id, _)| table.at_last_tick(*id, m.name).is_some())
        })
        .collect();
    page.push_str("<h2>Key measures at the last recorded tick</h2>\n");
    let last_tick = table
        .points
        .iter()
        .filter_map(|(id, _)| {
            measures
                .first()
                .and_then(|m| table.at_last_tick(*id, m.name))
        })
        .map(|(tick, _)| tick)
        .fold(f64::NAN, f64::max);
    let _ = writeln!(
        page,
        "<p>At tick {}: the mean over each point's replicates, and in brackets its 95 % \
         confidence interval (Student t; none with one replicate). Shares in per cent.</p>",
        tidy(last_tick, 0)
    );
    page.push_str("<table class=\"measures\">\n<thead><tr><th>point</th>");
    for p in &table.parameters {
        let _ = write!(page, "<th><code>{}</code></th>", escape(p));
    }
    for m in &measures {
        let _ = write!(page, "<th>{}</th>", escape(m.label));
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (id, values) in table.points.iter().take(POINTS_SHOWN) {
        let _ = write!(page, "<tr><td>{id}</td>");
        for v in values {
            let _ = write!(page, "<td>{}</td>", escape(v));
        }
        for m in &measures {
            let cell = match table.at_last_tick(*id, m.name) {
                Some((_, s)) if s.low.is_finite() && s.high.is_finite() => format!(
                    "{} [{}, {}]",
                    show(s.mean, m.format),
                    show(s.low, m.format),
                    show(s.high, m.format)
                ),
                Some((_, s)) => show(s.mean, m.format),
                None => "–".into(),
            };
            let _ = write!(page, "<td>{cell}</td>");
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n");
    if table.points.len() > POINTS_SHOWN {
        let _ = writeln!(
            page,
            "<p>The first {POINTS_SHOWN} of {} points; every point is in summary.csv.</p>",
            table.points.len()
        );
    }

    if !drawn.is_empty() {
        page.push_str("<h2>Charts</h2>\n");
    }
    for chart in drawn {
        let _ = writeln!(
            page,
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
            chart.svg.trim(),
            escape(&caption(&chart.stem, table))
        );
    }
    let _ = writeln!(
        page,
        "<details>\n<summary>The resolved sweep (sweep.toml)</summary>\n<pre>{}</pre>\n</details>",
        escape(&sweep.text)
    );
    let _ = writeln!(
        page,
        "<footer>Written by sesame {} from summary.csv and sweep.toml of this sweep folder. \
         Redraw with <code>sesame chart SWEEP_FOLDER [--format png|svg|both]</code>; the \
         numbers are in summary.csv, every run's in results.csv.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    page
}

/// What a sweep will run: its design, points, replicates and runs (and for
/// a sensitivity design, how the points come about and the measures), in
/// one line: `sesame check` and `sesame sweep` print it, report.html shows it.
pub fn plan_text(s: &Sweep) -> String {
    use super::design::Design;
    let d = s.parameters.len();
    let design = match s.design {
        Design::Morris(m) => format!(
            "morris ({} trajectories × ({d} parameters + 1), {} levels{})",
            m.trajectories,
            m.levels,
            m.candidates
                .map(|c| format!(", chosen from {c} candidates"))
                .unwrap_or_default()
        ),
        Design::Sobol(o) if o.second_order => format!(
            "sobol (N = {} × (2 × {d} parameters + 2), with second order)",
            o.samples
        ),
        Design::Sobol(o) => format!("sobol (N = {} × ({d} parameters + 2))", o.samples),
        other => other.name().to_string(),
    };
    let mut text = format!(
        "design {design}: {} points × {} replicate{} = {} runs",
        s.points.len(),
        s.replicates,
        if s.replicates == 1 { "" } else { "s" },
        s.runs_total()
    );
    if !s.measures.is_empty() {
        text += &format!("; measures {}", s.measures.join(", "));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_name_the_measure_and_the_parameter() {
        let table = |_name: &str, text: &str| SummaryTable::from_text(text).unwrap();
        const TAIL: &str = "tick,measure,mean,sd,n,ci95_low,ci95_high";
        let one = table(
            "one",
            &format!("point_id,score.friend_weight,{TAIL}\n0,0.5,0,isolated_share,1,,1,,\n"),
        );
        let c = caption("final-lost_half_share", &one);
        assert!(
            c.contains("(lost_half_share)") && c.contains("against score.friend_weight"),
            "{c}"
        );
        assert!(caption("series-isolated_share", &one).contains("one line per point"));
        assert_eq!(caption("other", &one), "other");
        // Two parameters on a grid: small multiples.
        let mut text = format!("point_id,score.friend_weight,reporting.reward,{TAIL}\n");
        for (id, (a, b)) in [(0, 0), (0, 20), (1, 0), (1, 20)].iter().enumerate() {
            text += &format!("{id},{a},{b},0,isolated_share,1,,1,,\n");
        }
        let two = table("two", &text);
        let c = caption("series-isolated_share", &two);
        assert!(
            c.contains("a panel per value of friend_weight with a line per value of reward"),
            "{c}"
        );
    }

    #[test]
    fn values_are_listed_or_bounded() {
        use toml::Value;
        let many = Domain::Values((0..20).map(Value::Integer).collect());
        assert!(domain_text(&many).ends_with("… (20 values)"));
        let range = Domain::LogInterval {
            from: 0.5,
            to: 8.0,
            integer: false,
        };
        assert_eq!(domain_text(&range), "from 0.5 to 8, log-uniform");
        assert_eq!(show(-0.125, Format::Percent), "−12.5");
    }
}
