//! Charts and an HTML report for a run folder, drawn from its CSV files
//! alone (so `sesame chart` redraws old runs and runs from other machines),
//! and the charts of a sweep ([`sweep`], from its `summary.csv`) and of a
//! sensitivity analysis ([`sensitivity`]), on the same toolkit.
//!
//! Data flow: [`run`] reads the folder; [`layout`] places the citizens of
//! the network picture; the charts over time, one module each ([`scores`],
//! [`tiers`], [`ostracism`], [`clustering`], [`reporting`]) on the toolkit
//! of [`axes`], and [`degrees`] and [`network`] draw the charts on any
//! plotters backend; [`report`] inlines their SVGs in one HTML page;
//! [`files`] writes everything atomically.
//!
//! Text uses Noto Sans embedded in the binary (the `ttf-noto-sans` crate,
//! drawn by plotters' `ab_glyph` path), so nothing depends on fontconfig or
//! installed fonts. PNGs are drawn at twice the size and averaged down
//! (anti-aliasing). Same inputs give byte-identical files, whatever the
//! number of threads: the only randomness is the seeded network layout.

pub(crate) mod axes;
mod clustering;
mod degrees;
mod error;
pub(crate) mod files;
mod layout;
mod network;
mod ostracism;
pub(crate) mod report;
mod reporting;
mod run;
mod scores;
pub mod sensitivity;

pub(crate) use run::DISSIDENT_MEAN;
pub(crate) mod style;
pub mod sweep;
mod tiers;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use rayon::prelude::*;

pub use error::{ChartError, DrawFailure};
pub use layout::MAX_DRAWN;
pub use style::{HEIGHT, WIDTH};

/// Folder of the charts, inside a run folder or a sweep folder.
pub const CHARTS_DIR: &str = "charts";

/// Which files a chart is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartFormat {
    /// PNG only (the default).
    #[default]
    Png,
    /// SVG only.
    Svg,
    /// Both PNG and SVG.
    Both,
}

impl ChartFormat {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
            ChartFormat::Both => "both",
        }
    }

    fn png(self) -> bool {
        matches!(self, ChartFormat::Png | ChartFormat::Both)
    }

    fn svg(self) -> bool {
        matches!(self, ChartFormat::Svg | ChartFormat::Both)
    }
}

impl std::fmt::Display for ChartFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ChartFormat {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<ChartFormat, Self::Err> {
        match s {
            "png" => Ok(ChartFormat::Png),
            "svg" => Ok(ChartFormat::Svg),
            "both" => Ok(ChartFormat::Both),
            other => Err(crate::error::Error::input(format!(
                "unknown chart format `{other}`: expected png, svg or both"
            ))),
        }
    }
}

/// What a chart is and how it reads: its file name, title and axis titles
/// (as they appear in the drawing) and a note for the report.
#[derive(Debug, Clone, Copy)]
pub struct ChartInfo {
    /// File name without extension, e.g. `scores`.
    pub name: &'static str,
    /// The title drawn at the top.
    pub title: &'static str,
    /// The axis titles drawn (x first; the reporting chart has two y axes).
    pub axis_labels: &'static [&'static str],
    /// How to read the chart, for the report.
    pub reading: &'static str,
}

/// Every chart of a run, in the order of the report.
pub const CHARTS: [ChartInfo; 7] = [
    ChartInfo {
        name: "scores",
        title: "Credit scores over time",
        axis_labels: &["tick", "score (points)"],
        reading: "The shaded band holds the middle 80 % of citizens (10th to 90th percentile); \
                  the black line is the median and the orange line the mean score. Dashed lines \
                  mark the minimum score of each tier: a band sliding under a line means citizens \
                  dropping into the tier below.",
    },
    ChartInfo {
        name: "tiers",
        title: "Share of citizens per tier",
        axis_labels: &["tick", "share of citizens (%)"],
        reading: "Stacked areas: the height of each colour is the share of citizens in that tier, \
                  lowest tier at the bottom; the bands always add up to 100 %. Tier colours are \
                  the same in every chart.",
    },
    ChartInfo {
        name: "ostracism",
        title: "Ostracism by group",
        axis_labels: &["tick", "share of the group (%)"],
        reading:
            "For each group, solid lines give the share of its members with no ties at all and \
                  dashed lines the share that lost at least half of their initial ties. Dissidents \
                  (groups whose members post critically more often than not, by their laws, \
                  whatever their name) are drawn thick; grey lines are all citizens together. Ostracism shows as \
                  dissidents' lines rising above the others.",
    },
    ChartInfo {
        name: "clustering",
        title: "Clustering of the friendship network",
        axis_labels: &["tick", "coefficient (dimensionless)"],
        reading: "Transitivity and average clustering measure closed triangles of friends; score \
                  assortativity above zero means friends have similar scores; tier modularity \
                  above zero means ties fall within tiers more than chance would have it. The \
                  network sorts itself by score only where both sit above zero and climb; a \
                  falling or flat line is no sorting, whatever its level. Gaps are ticks where a \
                  measure is undefined.",
    },
    ChartInfo {
        name: "reporting",
        title: "Reports and sanctions",
        axis_labels: &["tick", "reports per tick", "sanctions per tick"],
        reading: "Per tick: the counts since the previous recorded tick divided by the ticks \
                  since it, so that intervals of any length compare (a short last interval is \
                  not a collapse); tick 0, before anything happened, is not drawn. Upper panel: \
                  reports of critical posts \
                  that were true, false (no critical post was made) and confirmed by the check. \
                  Lower panel: sanctions, and the wrongful ones that hit an innocent citizen \
                  after a false report was wrongly confirmed.",
    },
    ChartInfo {
        name: "degrees",
        title: "Degree distribution at the start and the end",
        axis_labels: &["degree k (number of ties)", "share of citizens with k ties"],
        reading: "Log–log: each point is the share of citizens with exactly k ties, at tick 0 and \
                  at the end. A distribution that moves left or spreads out means ties were lost \
                  unevenly; the legend gives the share with no ties, which a log axis cannot show.",
    },
    ChartInfo {
        name: "network",
        title: "The friendship network at the end",
        axis_labels: &[],
        reading:
            "Each dot is a citizen, coloured by final tier; dissidents (groups whose mean \
                  dissent is at least 0.5) are outlined in black; \
                  grey lines are ties. Citizens with no ties sit on the ring at the edge. The \
                  layout is force-directed and seeded: citizens with many ties in common are drawn \
                  close together, so clusters of one colour mean friendships sorted by score. \
                  Runs of more than 3,000 citizens show a connected sample of 3,000: the isolated \
                  in proportion to their share, and breadth-first snowballs (a citizen, their \
                  friends, their friends' friends…) from random citizens with ties, with every tie \
                  among the drawn, so a citizen drawn inside the ring always has a friend drawn; \
                  the subtitle says how many of each.",
    },
];

/// Everything the charts are drawn from: the run and the network layout
/// (computed once, shared by the PNG, the SVG and the report).
struct Context {
    run: run::Run,
    network: Option<layout::NetworkLayout>,
}

/// Reads the run folder `run_dir` and draws every chart of [`CHARTS`] into
/// `run_dir/charts/<name>.png` and/or `.svg` (1600×1000), and
/// `run_dir/report.html` (self-contained, charts inlined as SVG).
///
/// Reads only `metrics.csv` (required), `tiers.csv`, `groups.csv`,
/// `citizens.csv`, `edges.csv`, `scenario.toml` and `manifest.json`; a
/// chart whose file is absent, or whose data are empty, is still drawn and
/// says why in its middle. Every file is written atomically. Charts are
/// drawn in parallel; the files are identical whatever the thread count.
///
/// Returns the paths written: the charts in [`CHARTS`] order (PNG before
/// SVG), then `report.html`.
///
/// # Errors
/// `metrics.csv` is missing; a CSV file is malformed (the error names the
/// file, line and column); `scenario.toml` is not valid TOML; a file
/// cannot be written.
pub fn draw_run_charts(run_dir: &Path, format: ChartFormat) -> Result<Vec<PathBuf>, ChartError> {
    style::register_font()?;
    let run = run::Run::read(run_dir)?;
    let network = network::layout(&run);
    let context = Context { run, network };
    let charts_dir = run_dir.join(CHARTS_DIR);
    std::fs::create_dir_all(&charts_dir).map_err(|e| ChartError::io(&charts_dir, e))?;
    let drawn: Vec<(String, Vec<PathBuf>)> = CHARTS
        .par_iter()
        .map(|info| {
            let svg = render_svg(info, &context)?;
            let mut written = Vec::new();
            if format.png() {
                let path = charts_dir.join(format!("{}.png", info.name));
                render_png(info, &context, &path)?;
                written.push(path);
            }
            if format.svg() {
                let path = charts_dir.join(format!("{}.svg", info.name));
                files::write_atomic(&path, svg.as_bytes())?;
                written.push(path);
            }
            Ok((svg, written))
        })
        .collect::<Result<_, ChartError>>()?;
    let svgs: Vec<String> = drawn.iter().map(|(svg, _)| svg.clone()).collect();
    let mut written: Vec<PathBuf> = drawn.into_iter().flat_map(|(_, w)| w).collect();
    let report = run_dir.join("report.html");
    files::write_atomic(
        &report,
        report::html(&context.run, &CHARTS, &svgs).as_bytes(),
    )?;
    written.push(report);
    Ok(written)
}

/// Draws one chart on a backend.
fn draw<DB: DrawingBackend>(
    info: &ChartInfo,
    root: &DrawingArea<DB, Shift>,
    pen: style::Pen,
    context: &Context,
) -> Result<(), ChartError> {
    let fail = |problem: DrawFailure| ChartError::Draw {
        chart: info.name,
        problem: problem.0,
    };
    root.fill(&WHITE)
        .map_err(|e| fail(DrawFailure(e.to_string())))?;
    let run = &context.run;
    match info.name {
        "scores" => scores::scores(root, pen, run, info),
        "tiers" => tiers::tiers(root, pen, run, info),
        "ostracism" => ostracism::ostracism(root, pen, run, info),
        "clustering" => clustering::clustering(root, pen, run, info),
        "reporting" => reporting::reporting(root, pen, run, info),
        "degrees" => degrees::degrees(root, pen, run, info),
        "network" => network::network(root, pen, run, context.network.as_ref(), info),
        other => Err(DrawFailure(format!("no chart is named `{other}`"))),
    }
    .map_err(fail)?;
    root.present().map_err(|e| fail(DrawFailure(e.to_string())))
}

/// The chart as SVG text (1600×1000).
fn render_svg(info: &ChartInfo, context: &Context) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(info, &root, style::Pen { k: 1 }, context)?;
    }
    Ok(svg)
}

/// Draws the chart at twice the size, averages it down to 1600×1000 and
/// writes it as a PNG file.
fn render_png(info: &ChartInfo, context: &Context, path: &Path) -> Result<(), ChartError> {
    let small = files::supersampled(|root, pen| draw(info, root, pen, context))?;
    files::write_png(path, &small, WIDTH, HEIGHT)
}
