//! `report.html`: one self-contained page per run (every chart inlined as
//! SVG, no script, nothing fetched from the network): the scenario's name
//! and description, its key settings, the key measures at the first and
//! last recorded tick, and every chart with a note on how to read it.

use std::fmt::Write as _;

use super::run::Run;
use super::style;
use super::ChartInfo;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Settings shown in the report when the scenario has them (dotted path,
/// label); every scalar key of `network` is added after `network.kind`.
const SETTINGS: [(&str, &str); 17] = [
    ("seed", "seed"),
    ("ticks", "ticks"),
    ("population.size", "citizens"),
    ("network.kind", "initial network"),
    ("score.friend_weight", "friend weight κ"),
    ("score.spillover", "spillover"),
    (
        "score.isolation_penalty",
        "isolation penalty (points per tick)",
    ),
    ("ties.rule", "tie rule"),
    ("ties.cut_rate", "cut rate"),
    ("ties.cut_sanctioned", "cut rate for sanctioned friends"),
    ("ties.form_rate", "tie proposal rate"),
    ("ties.friendship_value", "value of a friendship (points)"),
    ("reporting.reward", "reporting reward (points)"),
    ("reporting.surveillance", "state surveillance"),
    ("reporting.accuracy", "accuracy of checks"),
    ("reporting.false_rate", "false-report rate"),
    ("output.metrics_every", "recorded every (ticks)"),
];

use crate::measures::Format as Shown;

/// A measure for the table, with a true minus sign.
fn show(value: Option<f64>, how: Shown) -> String {
    match value {
        None => "–".to_string(),
        Some(v) => match how {
            Shown::Percent => style::tidy(v * 100.0, 2),
            Shown::Decimals(d) => style::tidy(v, d),
        }
        .replace('-', "−"),
    }
}

fn show_change(first: Option<f64>, last: Option<f64>, how: Shown) -> String {
    match (first, last) {
        (Some(a), Some(b)) => {
            let text = show(Some(b - a), how);
            if b - a > 0.0 && text != "0" {
                format!("+{text}")
            } else {
                text
            }
        }
        _ => "–".to_string(),
    }
}

fn toml_scalar(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What a measure did between two recorded ticks, told from its values
/// there alone (never from the chart's look).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trend {
    Rose,
    Fell,
    /// Changed by less than [`steady_tolerance`].
    Steady,
}

/// The change below which a measure is called steady: 0.005 (half a
/// percentage point of a share, a rounding step of a coefficient), or 1 %
/// of the larger value for measures far from zero (counts of components).
pub(crate) fn steady_tolerance(first: f64, last: f64) -> f64 {
    (0.01 * first.abs().max(last.abs())).max(0.005)
}

/// What a measure did from `first` to `last`.
pub(crate) fn trend(first: f64, last: f64) -> Trend {
    let change = last - first;
    if change.abs() < steady_tolerance(first, last) {
        Trend::Steady
    } else if change > 0.0 {
        Trend::Rose
    } else {
        Trend::Fell
    }
}

/// The first and last defined values of a metrics.csv column, with their
/// rows; `None` with fewer than two.
fn first_and_last(run: &Run, column: &str) -> Option<((usize, f64), (usize, f64))> {
    let values = run.metrics.column(column)?;
    let defined = |(i, v): (usize, &Option<f64>)| v.filter(|v| v.is_finite()).map(|v| (i, v));
    let first = values.iter().enumerate().find_map(defined)?;
    let last = values.iter().enumerate().rev().find_map(defined)?;
    (last.0 > first.0).then_some((first, last))
}

/// "rose from 0.01 to 0.31 (tick 0 to 19)" for one measure of the run.
fn what_it_did(run: &Run, column: &str, how: Shown) -> Option<String> {
    let ((i, a), (j, b)) = first_and_last(run, column)?;
    let ticks = &run.metrics.ticks;
    let span = format!(
        "tick {} to {}",
        style::tidy(ticks[i], 2),
        style::tidy(ticks[j], 2)
    );
    let (a_text, b_text) = (show(Some(a), how), show(Some(b), how));
    let unit = if how == Shown::Percent { " %" } else { "" };
    Some(match trend(a, b) {
        Trend::Rose => format!("rose from {a_text}{unit} to {b_text}{unit} ({span})"),
        Trend::Fell => format!("fell from {a_text}{unit} to {b_text}{unit} ({span})"),
        Trend::Steady => format!("held steady at {b_text}{unit} ({span})"),
    })
}

/// The measures of the clustering chart, as its legend names them.
const CLUSTERING_LINES: [(&str, &str); 4] = [
    ("transitivity", "global transitivity"),
    ("avg_clustering", "average local clustering"),
    ("score_assortativity", "score assortativity"),
    ("tier_modularity", "tier modularity"),
];

/// The sentence under the clustering chart: what each of its lines did in
/// this run, from its values, so that the caption never claims a trend the
/// run does not show.
pub(crate) fn clustering_sentence(run: &Run) -> Option<String> {
    let parts: Vec<String> = CLUSTERING_LINES
        .iter()
        .filter_map(|&(column, label)| {
            let how = crate::measures::find(column)?.format;
            Some(format!("{label} {}", what_it_did(run, column, how)?))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("In this run, {}.", parts.join("; ")))
}

/// The section on reading the network's structure: each measure with a
/// reading ([`crate::measures::Measure::reading`]), what it did in this
/// run, how to read it; then how to read them together.
fn structure_section(page: &mut String, run: &Run) {
    page.push_str(
        "<h2 id=\"structure\">Reading the network's structure</h2>\n\
         <p>Each measure of the network's structure shows one thing; some patterns need two of \
         them to be read right. A change smaller than 0.005, or than 1 % of the larger value, \
         is called steady.</p>\n\
         <table class=\"structure\">\n<thead><tr><th>measure</th><th>in this run</th>\
         <th>how to read it</th></tr></thead>\n<tbody>\n",
    );
    for m in crate::measures::MEASURES {
        let Some(reading) = m.reading else { continue };
        if run.metrics.column(m.name).is_none() {
            continue;
        }
        let did = what_it_did(run, m.name, m.format)
            .unwrap_or_else(|| "not defined at two recorded ticks".to_string());
        let _ = writeln!(
            page,
            "<tr><td>{} <code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(m.label),
            escape(m.name),
            escape(&did),
            escape(reading)
        );
    }
    page.push_str("</tbody>\n</table>\n<p>Read together:</p>\n<ul>\n");
    for line in crate::measures::READING_TOGETHER {
        let _ = writeln!(page, "<li>{}</li>", escape(line));
    }
    page.push_str("</ul>\n");
}

/// The report page, with `svgs[k]` the SVG text of `charts[k]`.
pub(crate) fn html(run: &Run, charts: &[ChartInfo], svgs: &[String]) -> String {
    let mut page = String::new();
    let name = escape(&run.name);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>sesame run: {name}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{name}</h1>\n"
    );
    if let Some(banner) = run.banner() {
        let _ = writeln!(
            page,
            "<p class=\"banner\"><strong>{}.</strong> The files hold the ticks done; every chart ends there, \
             and the key measures below are at the last tick reached, not the last tick asked for.</p>",
            escape(&banner)
        );
    }
    match &run.description {
        Some(d) => {
            for paragraph in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
                let _ = writeln!(
                    page,
                    "<p class=\"description\">{}</p>",
                    escape(paragraph.trim())
                );
            }
        }
        None => page.push_str("<p class=\"description\">(no description in scenario.toml)</p>\n"),
    }

    // Key settings.
    page.push_str("<h2>Key settings</h2>\n");
    let mut rows: Vec<(String, String)> = Vec::new();
    for (key, label) in SETTINGS {
        if let Some(value) = run.setting(key).and_then(toml_scalar) {
            // The value at the start, and the one in force at the end when an
            // event changed it.
            let shown = match run.setting_at_end(key) {
                Some((end, tick)) if end != value => format!(
                    "{} at the start, {} from tick {tick}",
                    escape(&value),
                    escape(&end)
                ),
                _ => escape(&value),
            };
            rows.push((format!("{label} <code>{}</code>", escape(key)), shown));
        }
        if key == "network.kind" {
            if let Some(network) = run.setting("network").and_then(toml::Value::as_table) {
                for (k, v) in network {
                    if k == "kind" {
                        continue;
                    }
                    if let Some(value) = toml_scalar(v) {
                        rows.push((
                            format!("network <code>network.{}</code>", escape(k)),
                            escape(&value),
                        ));
                    }
                }
            }
        }
    }
    if let Some(events) = run.setting("events").and_then(toml::Value::as_array) {
        rows.push((
            "events <code>events</code>".to_string(),
            events.len().to_string(),
        ));
    }
    if rows.is_empty() {
        page.push_str("<p>scenario.toml is not in the run folder: no settings to show.</p>\n");
    } else {
        page.push_str("<table class=\"settings\">\n<thead><tr><th>setting</th><th>value</th></tr></thead>\n<tbody>\n");
        for (label, value) in rows {
            let _ = writeln!(page, "<tr><td>{label}</td><td>{value}</td></tr>");
        }
        page.push_str("</tbody>\n</table>\n");
    }

    // Events that fired, each with what it changed.
    let events = run.events();
    if !events.is_empty() {
        page.push_str("<h2>Events</h2>\n<p>Scheduled changes that took effect at the start of their tick; \
             every chart over time marks them as dashed violet lines labelled E1, E2, …</p>\n\
             <table class=\"events\">\n<thead><tr><th>mark</th><th>tick</th><th>changes</th></tr></thead>\n<tbody>\n");
        for (k, event) in events.iter().enumerate() {
            let changes: Vec<String> = event
                .changes
                .iter()
                .map(|(key, value)| format!("<code>{}</code> = {}", escape(key), escape(value)))
                .collect();
            let _ = writeln!(
                page,
                "<tr><td>E{}</td><td>{}</td><td>{}</td></tr>",
                k + 1,
                event.tick,
                changes.join("; ")
            );
        }
        page.push_str("</tbody>\n</table>\n");
    }

    // Key measures at the first and last recorded tick.
    page.push_str("<h2>Key measures</h2>\n");
    let ticks = &run.metrics.ticks;
    if ticks.is_empty() {
        page.push_str("<p>metrics.csv has no rows.</p>\n");
    } else {
        let last = ticks.len() - 1;
        let tick = |i: usize| style::tidy(ticks[i], 2);
        let _ = writeln!(
            page,
            "<table class=\"measures\">\n<thead><tr><th>measure</th><th>tick {}</th><th>tick {}</th><th>change</th></tr></thead>\n<tbody>",
            tick(0),
            tick(last)
        );
        let mut row = |label: &str, first: Option<f64>, end: Option<f64>, how: Shown| {
            let _ = writeln!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(label),
                show(first, how),
                show(end, how),
                show_change(first, end, how)
            );
        };
        for m in crate::measures::MEASURES.iter().filter(|m| m.shown.report) {
            if run.metrics.column(m.name).is_some() {
                row(
                    m.label,
                    run.metrics.value(m.name, 0),
                    run.metrics.value(m.name, last),
                    m.format,
                );
            }
        }
        if let Some(groups) = &run.groups {
            for (g, group) in groups.keys.iter().enumerate() {
                if let Some(points) = groups.series("isolated_share", g) {
                    if let (Some(a), Some(b)) = (points.first(), points.last()) {
                        row(&format!("{group}: isolated (%)"), a.1, b.1, Shown::Percent);
                    }
                }
            }
        }
        if let Some(tiers) = &run.tiers {
            for (t, tier) in tiers.keys.iter().enumerate() {
                if let Some(points) = tiers.series("share", t) {
                    if let (Some(a), Some(b)) = (points.first(), points.last()) {
                        row(&format!("{tier} (% of citizens)"), a.1, b.1, Shown::Percent);
                    }
                }
            }
        }
        page.push_str("</tbody>\n</table>\n");
    }

    if !ticks.is_empty() {
        structure_section(&mut page, run);
    }

    // Charts.
    page.push_str("<h2>Charts</h2>\n");
    for (info, svg) in charts.iter().zip(svgs) {
        let in_this_run = match info.name {
            "clustering" => clustering_sentence(run).map(|s| format!(" {}", escape(&s))),
            _ => None,
        };
        let _ = writeln!(
            page,
            "<figure id=\"{}\">\n{}\n<figcaption><strong>{}.</strong> {}{}</figcaption>\n</figure>",
            info.name,
            svg.trim(),
            escape(info.title),
            escape(info.reading),
            in_this_run.unwrap_or_default()
        );
    }
    if let Some(text) = &run.scenario_text {
        let _ = writeln!(
            page,
            "<details>\n<summary>The resolved scenario (scenario.toml)</summary>\n<pre>{}</pre>\n</details>",
            escape(text)
        );
    }
    let version = run
        .manifest
        .as_ref()
        .and_then(|m| m.version.as_deref())
        .map_or(String::new(), |v| {
            format!(" (run made by sesame {})", escape(v))
        });
    let _ = writeln!(
        page,
        "<footer>Drawn by sesame {} from the CSV files of this run folder{version}. \
         Redraw with <code>sesame chart RUN_FOLDER</code>.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
    );
    page
}

pub(crate) const CSS: &str =
    "body { font-family: 'Noto Sans', 'Helvetica Neue', Arial, sans-serif; color: #212121; \
background: #fff; line-height: 1.45; margin: 0; }
main { max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin-bottom: 0.3rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { padding: 0.25rem 0.9rem; border-bottom: 1px solid #e4e4e4; text-align: right; }
th:first-child, td:first-child { text-align: left; }
code { font-size: 0.85em; color: #555; }
figure { margin: 2rem 0; }
figure svg { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; margin-top: 0.4rem; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; }
footer { margin-top: 3rem; color: #777; font-size: 0.9rem; }
.banner { background: #fff1ec; border-left: 6px solid #c02800; padding: 0.6rem 0.9rem; color: #5a1400; }
table.events td:last-child { text-align: left; }
table.structure td { text-align: left; vertical-align: top; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    #[test]
    fn trends_are_told_from_the_values_with_a_tolerance() {
        assert_eq!(trend(0.01, 0.31), Trend::Rose);
        assert_eq!(trend(0.31, 0.01), Trend::Fell);
        assert_eq!(trend(0.30, 0.304), Trend::Steady);
        assert_eq!(trend(-0.2, -0.206), Trend::Fell);
        // Far from zero, 1 % of the larger value: 1,000 to 1,008 components.
        assert_eq!(trend(1000.0, 1008.0), Trend::Steady);
        assert_eq!(trend(1000.0, 1011.0), Trend::Rose);
    }

    #[test]
    fn changes_are_signed() {
        assert_eq!(show_change(Some(0.1), Some(0.25), Shown::Percent), "+15");
        assert_eq!(
            show_change(Some(600.0), Some(590.5), Shown::Decimals(1)),
            "−9.5"
        );
        assert_eq!(show_change(None, Some(1.0), Shown::Decimals(1)), "–");
    }
}
