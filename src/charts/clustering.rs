//! The `clustering` chart: transitivity, clustering, score assortativity
//! and tier modularity over time (`metrics.csv`).

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{chart_panels, draw_lines_chart, metric_points, Line};
use super::run::Run;
use super::style::{Pen, SERIES};

/// `clustering`: transitivity, average clustering, score assortativity and
/// tier modularity over time.
pub(crate) fn clustering<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let (plot, panel) = chart_panels(root, pen, run, info, "gaps: undefined (e.g. no ties)")?;
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
