//! `network`: a picture of the final friendship graph, from `citizens.csv`
//! and `edges.csv`: citizens coloured by tier, dissidents outlined,
//! isolated citizens on rings at the edge (positions from [`super::layout`]).

use super::DrawFailure;
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement};
use plotters::prelude::*;

use super::layout::NetworkLayout;
use super::run::Run;
use super::style::{self, LegendEntry, Pen, Swatch};

/// Lays out the final graph of a run, when it has citizens and ties files.
pub(crate) fn layout(run: &Run) -> Option<NetworkLayout> {
    let citizens = run.citizens.as_ref()?;
    let edges = run.edges.as_ref()?;
    Some(NetworkLayout::new(citizens.len(), edges, run.seed, |c| {
        citizens.tier[c as usize] as u32
    }))
}

/// Draws the `network` chart.
pub(crate) fn network<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    run: &Run,
    layout: Option<&NetworkLayout>,
    info: &super::ChartInfo,
) -> Result<(), DrawFailure> {
    let err = |e: plotters::drawing::DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let at = run
        .last_tick()
        .map_or(String::new(), |t| format!(" at tick {}", style::tidy(t, 2)));
    let subtitle = match layout {
        Some(l) if l.sampled() => format!(
            "{} · a connected sample of {} of {} citizens: breadth-first snowballs from {} \
             random citizens with ties, and {} of the {} isolated (their share) · the {} ties \
             among them (of {}){at}",
            run.name,
            style::count(l.citizens.len()),
            style::count(l.total_citizens),
            style::count(l.sample.snowballs),
            style::count(l.sample.isolated),
            style::count(l.sample.total_isolated),
            style::count(l.ties.len()),
            style::count(l.total_ties),
        ),
        Some(l) => format!(
            "{} · all {} citizen{} and {} tie{}{at} · seeded force-directed layout",
            run.name,
            style::count(l.total_citizens),
            if l.total_citizens == 1 { "" } else { "s" },
            style::count(l.total_ties),
            if l.total_ties == 1 { "" } else { "s" },
        ),
        None => run.name.clone(),
    };
    let body = style::header(root, pen, info.title, &subtitle, run.banner().as_deref())?;
    let (plot, panel) = style::plot_and_legend(&body, pen);
    let plot = plot.margin(pen.px(10), pen.px(20), pen.px(20), pen.px(10));
    let (Some(layout), Some(citizens)) = (layout, run.citizens.as_ref()) else {
        style::legend(&panel, pen, "Tier (final)", &[])?;
        let why = if run.citizens.is_none() {
            "No network: citizens.csv is not in the run folder."
        } else {
            "No network: edges.csv is not in the run folder."
        };
        return style::empty_message(&plot, pen, why);
    };
    if layout.citizens.is_empty() {
        style::legend(&panel, pen, "Tier (final)", &[])?;
        return style::empty_message(&plot, pen, "No network: citizens.csv has no citizens.");
    }

    // Isotropic coordinates: the layout's disk fills the shorter side.
    let (w, h) = plot.dim_in_pixel();
    let extent = layout.extent() + 2.0 * layout.radius;
    let aspect = w as f64 / h as f64;
    let (ex, ey) = if aspect >= 1.0 {
        (extent * aspect, extent)
    } else {
        (extent, extent / aspect)
    };
    let area = plot.apply_coord_spec(plotters::coord::cartesian::Cartesian2d::<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >::new(-ex..ex, -ey..ey, plot.get_pixel_range()));
    let px_per_unit = h.min(w) as f64 / (2.0 * extent);
    let dot = ((layout.radius * px_per_unit).round() as i32).max(pen.px(2));

    // Ties: faint grey, fainter when there are many.
    let ties = layout.ties.len();
    let alpha = (20.0 / (ties.max(1) as f64).sqrt()).clamp(0.15, 0.6);
    let tie_style = RGBColor(60, 60, 60).mix(alpha).stroke_width(pen.stroke(1));
    for &(a, b) in &layout.ties {
        area.draw(&PathElement::new(
            vec![layout.positions[a as usize], layout.positions[b as usize]],
            tie_style,
        ))
        .map_err(err)?;
    }

    // Citizens: non-dissidents first, dissidents on top with an outline.
    let tiers = run.tier_names.len();
    let dissident: Vec<bool> = citizens
        .group_names
        .iter()
        .map(|g| run.is_dissident(g))
        .collect();
    let is_dissident = |c: u32| dissident[citizens.group[c as usize] as usize];
    let outline = RGBColor(0, 0, 0);
    for pass in [false, true] {
        for (k, &c) in layout.citizens.iter().enumerate() {
            if is_dissident(c) != pass {
                continue;
            }
            let colour = style::tier_colour(citizens.tier[c as usize] as usize, tiers);
            let p = layout.positions[k];
            area.draw(&Circle::new(p, dot, colour.filled()))
                .map_err(err)?;
            if pass {
                area.draw(&Circle::new(
                    p,
                    dot + pen.px(1),
                    outline.stroke_width(pen.stroke(2)),
                ))
                .map_err(err)?;
            } else {
                area.draw(&Circle::new(p, dot, WHITE.mix(0.6).stroke_width(1)))
                    .map_err(err)?;
            }
        }
    }

    // Legend: tiers with the number drawn, then what the marks mean.
    let mut per_tier = vec![0usize; tiers];
    for &c in &layout.citizens {
        per_tier[citizens.tier[c as usize] as usize] += 1;
    }
    let mut entries: Vec<LegendEntry> = run
        .tier_names
        .iter()
        .enumerate()
        .rev()
        .map(|(t, name)| {
            LegendEntry::new(
                Swatch::Dot {
                    fill: style::tier_colour(t, tiers),
                    outline: None,
                },
                format!("{name}: {}", style::count(per_tier[t])),
            )
        })
        .collect();
    entries.push(LegendEntry::new(Swatch::Note, ""));
    let dissidents_drawn = layout.citizens.iter().filter(|&&c| is_dissident(c)).count();
    let dissident_names: Vec<&str> = citizens
        .group_names
        .iter()
        .filter(|g| run.is_dissident(g))
        .map(String::as_str)
        .collect();
    if !dissident_names.is_empty() {
        entries.push(LegendEntry::new(
            Swatch::Dot {
                fill: RGBColor(200, 200, 200),
                outline: Some(outline),
            },
            format!(
                "{} (outlined): {}",
                dissident_names.join(", "),
                style::count(dissidents_drawn)
            ),
        ));
    }
    let isolated = layout.isolated.iter().filter(|&&i| i).count();
    entries.push(LegendEntry::new(
        Swatch::Note,
        match isolated {
            0 => "0 isolated citizens: no ring at the edge".to_string(),
            1 => "Ring at the edge: 1 isolated citizen (no ties)".to_string(),
            n => format!(
                "Ring at the edge: {} isolated citizens (no ties)",
                style::count(n)
            ),
        },
    ));
    entries.push(LegendEntry::new(
        Swatch::Line {
            colour: RGBColor(120, 120, 120),
            width: 2,
            dashed: false,
        },
        "tie",
    ));
    style::legend(&panel, pen, "Tier (final), citizens drawn", &entries)?;
    if ties == 0 {
        let why = if layout.total_ties == 0 {
            "No ties: every citizen is isolated."
        } else {
            "No ties among the sampled citizens."
        };
        let (mid, _) = plot.split_vertically(h as i32 / 2 + pen.px(20));
        let (_, mid) = mid.split_vertically(h as i32 / 2 - pen.px(60));
        style::empty_message(&mid, pen, why)?;
    }
    Ok(())
}
