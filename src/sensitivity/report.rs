//! The `report.html` of a sensitivity sweep: one self-contained page (the
//! charts inlined as SVG, no script, nothing fetched) with the sweep's
//! question, its design, and per measure a table of the indices, the
//! parameters ranked, and the chart.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::analysis::Analysis;
use super::{Indices, Method};
use crate::charts::report::{escape, CSS};
use crate::charts::sensitivity::{meaning, subtitle, Drawn};
use crate::error::Result;
use crate::output::folder::Folder;
use crate::sweep::design::Domain;
use crate::sweep::Sweep;

/// Name of the report in a sweep folder.
pub const REPORT_HTML: &str = "report.html";

/// Writes `folder/report.html`; returns its path.
pub fn write(
    folder: &Path,
    sweep: &Sweep,
    analysis: &Analysis,
    charts: &[Drawn],
) -> Result<PathBuf> {
    let page = html(sweep, analysis, charts);
    Folder::existing(folder).write(REPORT_HTML, |w| w.write_all(page.as_bytes()))?;
    Ok(folder.join(REPORT_HTML))
}

/// An index for a table: 3 decimals, a true minus sign, – when undefined.
fn show(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}").replace('-', "−")
    } else {
        "–".into()
    }
}

fn show_interval(value: f64, conf: f64) -> String {
    if conf.is_finite() {
        format!("{} ± {}", show(value), show(conf))
    } else {
        show(value)
    }
}

/// The report page.
pub fn html(sweep: &Sweep, a: &Analysis, charts: &[Drawn]) -> String {
    let mut page = String::new();
    let name = escape(&sweep.name);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>sesame sensitivity: {name}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n\
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
    let method = match a.method {
        Method::Morris(m) => format!(
            "Morris screening: {} trajectories on a grid of {} levels (step Δ = {}){}",
            m.trajectories,
            m.levels,
            crate::charts::style::tidy(m.delta(), 3),
            m.candidates
                .map(|c| format!(
                    ", the {} most spread out of {c} drawn (Campolongo et al. 2007)",
                    m.trajectories
                ))
                .unwrap_or_default()
        ),
        Method::Sobol(s) => format!(
            "Sobol' indices by Saltelli's scheme: N = {} base samples from a Sobol' sequence{}; \
             S1 by Saltelli et al. (2010), ST by Jansen (1999)",
            s.samples,
            if s.second_order {
                ", with second-order indices (Saltelli 2002)"
            } else {
                ""
            }
        ),
    };
    let _ = writeln!(
        page,
        "<p>{}. {} points × {} replicate{} = {} runs. The output at each point is the \
         <strong>mean over its replicates</strong> of the measure at tick {}; intervals are \
         95 % bootstrap intervals ({} rounds).</p>",
        escape(&method),
        sweep.points.len(),
        sweep.replicates,
        if sweep.replicates == 1 { "" } else { "s" },
        sweep.runs_total(),
        a.tick,
        a.bootstrap
    );
    page.push_str(
        "<table class=\"settings\">\n<thead><tr><th>parameter</th><th>from</th><th>to</th><th>scale</th></tr></thead>\n<tbody>\n",
    );
    for p in &sweep.parameters {
        let (from, to, scale) = match p.domain {
            Domain::Interval { from, to, .. } => (from, to, "uniform"),
            Domain::LogInterval { from, to, .. } => (from, to, "log-uniform"),
            Domain::Values(_) => continue,
        };
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{scale}</td></tr>",
            escape(&p.key),
            crate::output::number(from),
            crate::output::number(to)
        );
    }
    page.push_str("</tbody>\n</table>\n");

    for (measure, indices) in &a.results {
        let _ = writeln!(
            page,
            "<h2>{} <code>{}</code></h2>",
            escape(&meaning(measure, &sweep.base)),
            escape(measure)
        );
        page.push_str(&table(&a.parameters, indices));
        if let Some(chart) = charts.iter().find(|c| &c.measure == measure) {
            let _ = writeln!(
                page,
                "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
                chart.svg.trim(),
                escape(&subtitle(sweep, a))
            );
        }
    }
    let _ = writeln!(
        page,
        "<details>\n<summary>The resolved sweep (sweep.toml)</summary>\n<pre>{}</pre>\n</details>",
        escape(&sweep.text)
    );
    let _ = writeln!(
        page,
        "<footer>Written by sesame {} from the runs of this sweep folder. Redo with \
         <code>sesame sensitivity SWEEP_FOLDER [--measure NAME]... [--at-tick T] [--bootstrap B]</code>; \
         the numbers are in sensitivity.csv.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    page
}

/// The indices of one measure as a table, parameters by decreasing ST (or
/// μ*), the sweep's order breaking ties.
fn table(parameters: &[String], indices: &Indices) -> String {
    let mut out = String::new();
    let mut order: Vec<usize> = (0..parameters.len()).collect();
    let key = |i: usize| match indices {
        Indices::Sobol(s) => s.st[i].value,
        Indices::Morris(m) => m.mu_star[i].value,
    };
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    match indices {
        Indices::Sobol(s) => {
            out.push_str("<table class=\"measures\">\n<thead><tr><th>parameter</th><th>S1 (alone)</th><th>ST (with interactions)</th></tr></thead>\n<tbody>\n");
            for i in order {
                let _ = writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                    escape(&parameters[i]),
                    show_interval(s.s1[i].value, s.s1[i].conf),
                    show_interval(s.st[i].value, s.st[i].conf)
                );
            }
            out.push_str("</tbody>\n</table>\n");
            if !s.s2.is_empty() {
                out.push_str("<table class=\"measures\">\n<thead><tr><th>pair</th><th>S2</th></tr></thead>\n<tbody>\n");
                for &(i, k, e) in &s.s2 {
                    let _ = writeln!(
                        out,
                        "<tr><td><code>{}</code> × <code>{}</code></td><td>{}</td></tr>",
                        escape(&parameters[i]),
                        escape(&parameters[k]),
                        show_interval(e.value, e.conf)
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
        Indices::Morris(m) => {
            out.push_str("<table class=\"measures\">\n<thead><tr><th>parameter</th><th>μ*</th><th>μ</th><th>σ</th></tr></thead>\n<tbody>\n");
            for i in order {
                let _ = writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&parameters[i]),
                    show_interval(m.mu_star[i].value, m.mu_star[i].conf),
                    show(m.mu[i]),
                    show(m.sigma[i])
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out
}
