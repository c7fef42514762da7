//! The look shared by every chart: the embedded font, sizes, the tier and
//! group palettes, the header (title and subtitle), the legend panel and
//! the message an empty chart shows.
//!
//! Every length is given for a 1600×1000 canvas and multiplied by the
//! [`Pen`]'s factor, so the same drawing code makes the SVG (factor 1) and
//! the supersampled bitmap behind the PNG (factor 2).

use super::DrawFailure;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Rectangle};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBAColor};

use super::error::ChartError;

/// Width of every chart, in pixels.
pub const WIDTH: u32 = 1600;
/// Height of every chart, in pixels.
pub const HEIGHT: u32 = 1000;
/// Width of the legend panel on the right of every chart, in pixels.
pub(crate) const LEGEND_WIDTH: i32 = 400;
/// Height of the header (title and subtitle), in pixels.
pub(crate) const HEADER_HEIGHT: i32 = 118;

/// Font family name under which the embedded Noto Sans is registered. SVG
/// viewers without Noto Sans fall back to their own sans-serif.
const FAMILY: &str = "sans-serif";

/// Registers the embedded Noto Sans Regular with plotters (once per
/// process), so text never depends on fonts installed on the machine.
pub(crate) fn register_font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, ttf_noto_sans::REGULAR).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// Text colour.
pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
/// Secondary text (subtitles, notes).
pub(crate) const MUTED: RGBColor = RGBColor(100, 100, 100);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);

/// Scales lengths given for a 1600×1000 canvas to the canvas being drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pen {
    /// Canvas pixels per chart pixel (1 for SVG, 2 for the supersampled PNG).
    pub k: u32,
}

impl Pen {
    /// A length in canvas pixels.
    pub fn px(self, v: i32) -> i32 {
        v * self.k as i32
    }

    /// A stroke width in canvas pixels.
    pub fn stroke(self, v: u32) -> u32 {
        v * self.k
    }

    /// The embedded font at `size` chart pixels.
    pub fn font(self, size: f64) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::Name(FAMILY),
            size * self.k as f64,
            FontStyle::Normal,
        )
    }

    /// Text of `size` chart pixels in `colour`.
    pub fn text(self, size: f64, colour: RGBColor) -> TextStyle<'static> {
        self.font(size).color(&colour)
    }

    /// Axis tick labels.
    pub fn tick_labels(self) -> TextStyle<'static> {
        self.text(24.0, INK)
    }

    /// Axis titles.
    pub fn axis_title(self) -> TextStyle<'static> {
        self.text(28.0, INK)
    }
}

/// The colour of tier `index` among `count` tiers (ordered by increasing
/// minimum score): a ramp from dark red (lowest, e.g. blacklisted) through
/// orange and gold to green and blue (highest). The one source of tier
/// colours for every chart.
pub(crate) fn tier_colour(index: usize, count: usize) -> RGBColor {
    const RAMP: [(f64, f64, f64); 5] = [
        (178.0, 24.0, 43.0),
        (230.0, 126.0, 34.0),
        (212.0, 172.0, 13.0),
        (39.0, 174.0, 96.0),
        (36.0, 113.0, 163.0),
    ];
    if count <= 1 {
        let (r, g, b) = RAMP[4];
        return RGBColor(r as u8, g as u8, b as u8);
    }
    let t = index.min(count - 1) as f64 / (count - 1) as f64 * (RAMP.len() - 1) as f64;
    let lo = (t.floor() as usize).min(RAMP.len() - 2);
    let f = t - lo as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    let (a, b) = (RAMP[lo], RAMP[lo + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of group `index`: dissidents (a group of mostly critical
/// posters, [`super::run::Run::is_dissident`]) in a strong vermilion, the
/// others from the Okabe–Ito colour-blind-safe palette.
pub(crate) fn group_colour(index: usize, dissident: bool) -> RGBColor {
    const OTHERS: [RGBColor; 6] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(86, 180, 233),
        RGBColor(204, 121, 167),
        RGBColor(120, 120, 120),
    ];
    if dissident {
        RGBColor(213, 45, 0)
    } else {
        OTHERS[index % OTHERS.len()]
    }
}

/// Colours for a chart's several measures (Okabe–Ito order).
pub(crate) const SERIES: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];

/// Draws the title and subtitle at the top of `root` and returns the area
/// below them.
pub(crate) fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: Pen,
    title: &str,
    subtitle: &str,
    banner: Option<&str>,
) -> Result<DrawingArea<DB, Shift>, DrawFailure> {
    let left = pen.px(36);
    root.draw_text(title, &pen.text(40.0, INK), (left, pen.px(22)))
        .map_err(|e| e.to_string())?;
    // The subtitle on one line when it fits the width, else smaller on
    // two (wrapped at spaces, the second cut with an ellipsis if need be).
    let room = (root.dim_in_pixel().0 as i32 - 2 * left).max(1) as u32;
    let width_in = |text: &str, style: &TextStyle| {
        root.estimate_text_size(text, style)
            .map_or(u32::MAX, |(w, _)| w)
    };
    let full = pen.text(25.0, MUTED);
    if width_in(subtitle, &full) <= room {
        root.draw_text(subtitle, &full, (left, pen.px(74)))
            .map_err(|e| e.to_string())?;
    } else {
        let small = pen.text(20.0, MUTED);
        for (k, line) in fit_lines(subtitle, room, 2, |t| width_in(t, &small))
            .iter()
            .enumerate()
        {
            root.draw_text(line, &small, (left, pen.px(70 + 25 * k as i32)))
                .map_err(|e| e.to_string())?;
        }
    }
    if let Some(banner) = banner {
        // Right-aligned beside the title, in the warning colour, so no one
        // reads a stopped run as a finished one.
        let style = pen.text(30.0, WARNING);
        let (w, _) = root
            .estimate_text_size(banner, &style)
            .map_err(|e| e.to_string())?;
        let right = root.dim_in_pixel().0 as i32 - pen.px(36);
        root.draw_text(banner, &style, (right - w as i32, pen.px(28)))
            .map_err(|e| e.to_string())?;
    }
    let (_, body) = root.split_vertically(pen.px(HEADER_HEIGHT));
    Ok(body)
}

/// The colour of warnings drawn on a chart (an incomplete run).
pub(crate) const WARNING: RGBColor = RGBColor(192, 40, 0);

/// Splits the area under the header into the plot (left) and the legend
/// panel (right).
pub(crate) fn plot_and_legend<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    pen: Pen,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let width = body.dim_in_pixel().0 as i32;
    body.split_horizontally(width - pen.px(LEGEND_WIDTH))
}

/// What a legend entry shows next to its label.
#[derive(Debug, Clone)]
pub(crate) enum Swatch {
    /// A line of a colour and width (chart pixels), solid or dashed.
    Line {
        colour: RGBColor,
        width: u32,
        dashed: bool,
    },
    /// A filled block (areas, bands, tier colours).
    Block(RGBAColor),
    /// A dot, optionally outlined (network nodes, markers).
    Dot {
        fill: RGBColor,
        outline: Option<RGBColor>,
    },
    /// A small hollow triangle marker with a line (degree distribution).
    Triangle(RGBColor),
    /// No symbol: a note or a heading.
    Note,
}

/// One legend line.
#[derive(Debug, Clone)]
pub(crate) struct LegendEntry {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendEntry {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> LegendEntry {
        LegendEntry {
            swatch,
            label: label.into(),
        }
    }
}

/// Draws a legend in its panel, entries from the top. Long labels are
/// wrapped onto a second line at a space.
pub(crate) fn legend<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    pen: Pen,
    heading: &str,
    entries: &[LegendEntry],
) -> Result<(), DrawFailure> {
    let err = |e: plotters::drawing::DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let x0 = pen.px(16);
    let mut y = pen.px(34);
    if !heading.is_empty() {
        panel
            .draw_text(heading, &pen.text(25.0, INK), (x0, y))
            .map_err(err)?;
        y += pen.px(44);
    }
    let label_x = x0 + pen.px(64);
    let max_chars = 30;
    for entry in entries {
        let mid = y + pen.px(13);
        match &entry.swatch {
            Swatch::Line {
                colour,
                width,
                dashed,
            } => {
                let style = colour.stroke_width(pen.stroke(*width));
                let points = vec![(x0, mid), (x0 + pen.px(50), mid)];
                if *dashed {
                    panel
                        .draw(&DashedPathElement::new(
                            points,
                            pen.px(10),
                            pen.px(6),
                            style,
                        ))
                        .map_err(err)?;
                } else {
                    panel.draw(&PathElement::new(points, style)).map_err(err)?;
                }
            }
            Swatch::Block(colour) => {
                panel
                    .draw(&Rectangle::new(
                        [(x0, mid - pen.px(11)), (x0 + pen.px(50), mid + pen.px(11))],
                        colour.filled(),
                    ))
                    .map_err(err)?;
            }
            Swatch::Dot { fill, outline } => {
                let centre = (x0 + pen.px(25), mid);
                panel
                    .draw(&Circle::new(centre, pen.px(9), fill.filled()))
                    .map_err(err)?;
                if let Some(outline) = outline {
                    panel
                        .draw(&Circle::new(
                            centre,
                            pen.px(10),
                            outline.stroke_width(pen.stroke(3)),
                        ))
                        .map_err(err)?;
                }
            }
            Swatch::Triangle(colour) => {
                let style = colour.stroke_width(pen.stroke(2));
                panel
                    .draw(&PathElement::new(
                        vec![(x0, mid), (x0 + pen.px(50), mid)],
                        style,
                    ))
                    .map_err(err)?;
                let c = (x0 + pen.px(25), mid);
                let r = pen.px(10);
                panel
                    .draw(&plotters::element::Polygon::new(
                        vec![
                            (c.0, c.1 - r),
                            (c.0 + r, c.1 + r * 3 / 4),
                            (c.0 - r, c.1 + r * 3 / 4),
                        ],
                        colour.filled(),
                    ))
                    .map_err(err)?;
            }
            Swatch::Note => {}
        }
        let x = if matches!(entry.swatch, Swatch::Note) {
            x0
        } else {
            label_x
        };
        let lines = wrap(&entry.label, max_chars);
        for (k, line) in lines.iter().enumerate() {
            panel
                .draw_text(line, &pen.text(22.0, INK), (x, y + pen.px(30 * k as i32)))
                .map_err(err)?;
        }
        y += pen.px(30 * lines.len() as i32 + 16);
    }
    Ok(())
}

/// Splits `text` into lines of at most `max_chars` characters at spaces
/// (a longer word stays whole).
pub(crate) fn wrap(text: &str, max_chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max_chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Splits `text` at spaces into at most `max_lines` lines each no wider
/// than `room` as `width` measures them (a longer word stays whole); what
/// does not fit is cut, the last line ending in `…`. A line does not
/// begin or end with a ` · ` separator cut in two.
pub(crate) fn fit_lines(
    text: &str,
    room: u32,
    max_lines: usize,
    width: impl Fn(&str) -> u32,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        let longer = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&longer) <= room {
            line = longer;
            continue;
        }
        let done = line.trim_end_matches(" ·").to_string();
        if lines.len() + 1 == max_lines {
            // The last line: as much as fits with an ellipsis.
            let mut cut = done;
            while !cut.is_empty() && width(&format!("{cut} …")) > room {
                match cut.rfind(' ') {
                    Some(at) => cut.truncate(at),
                    None => cut.clear(),
                }
                cut = cut.trim_end_matches(" ·").to_string();
            }
            lines.push(format!("{cut} …").trim_start().to_string());
            return lines;
        }
        lines.push(done);
        line = if word == "·" {
            words.next().unwrap_or_default().to_string()
        } else {
            word.to_string()
        };
    }
    lines.push(line);
    lines
}

/// Writes why a chart is empty in the middle of its plotting area.
pub(crate) fn empty_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: Pen,
    message: &str,
) -> Result<(), DrawFailure> {
    let (w, h) = area.dim_in_pixel();
    let lines = wrap(message, 60);
    let line_height = pen.px(38);
    let top = h as i32 / 2 - line_height * lines.len() as i32 / 2;
    let style = pen.text(28.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    for (k, line) in lines.iter().enumerate() {
        area.draw_text(line, &style, (w as i32 / 2, top + line_height * k as i32))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A number for an axis or a table: integers without decimals, others with
/// up to `decimals` decimals and no trailing zeros; thousands separated.
pub(crate) fn tidy(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, v);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let text = if text == "-0" { "0".to_string() } else { text };
    group_thousands(&text)
}

/// Inserts thousands separators into the integer part of a number.
pub(crate) fn group_thousands(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match rest.find('.') {
        Some(p) => (&rest[..p], &rest[p..]),
        None => (rest, ""),
    };
    if int.len() <= 4 {
        return text.to_string();
    }
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

/// `text` with its first letter in upper case, for titles.
pub(crate) fn capital(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A count with thousands separators.
pub(crate) fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_colours_are_distinct_and_ordered_ends() {
        let colours: Vec<RGBColor> = (0..5).map(|i| tier_colour(i, 5)).collect();
        for a in 0..5 {
            for b in a + 1..5 {
                assert_ne!(colours[a], colours[b]);
            }
        }
        assert_eq!(colours[0], RGBColor(178, 24, 43));
        assert_eq!(colours[4], RGBColor(36, 113, 163));
        assert_eq!(tier_colour(0, 2), colours[0]);
        assert_eq!(tier_colour(1, 2), colours[4]);
    }

    #[test]
    fn numbers_are_tidy() {
        assert_eq!(tidy(3.0, 2), "3");
        assert_eq!(tidy(0.25, 3), "0.25");
        assert_eq!(tidy(-0.0001, 2), "0");
        assert_eq!(tidy(12345.5, 1), "12,345.5");
        assert_eq!(tidy(1234.0, 0), "1234");
        assert_eq!(count(3000), "3,000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn subtitles_fit_their_width_in_two_lines_at_most() {
        // Ten units a character.
        let width = |t: &str| 10 * t.chars().count() as u32;
        assert_eq!(fit_lines("short", 100, 2, width), ["short"]);
        assert_eq!(
            fit_lines("a run · all 40 citizens and 90 ties", 200, 2, width),
            ["a run · all 40", "citizens and 90 ties"]
        );
        // A separator at the break is dropped, not left at an edge.
        assert_eq!(
            fit_lines("sweep name · tick 10 · mean", 140, 2, width),
            ["sweep name", "tick 10 · mean"]
        );
        // Too long for two lines: the second is cut with an ellipsis.
        let lines = fit_lines(
            "one two three four five six seven eight nine ten",
            100,
            2,
            width,
        );
        assert_eq!(lines, ["one two", "three …"]);
        for line in &lines {
            assert!(width(line) <= 100, "{line}");
        }
    }

    #[test]
    fn wrapping_keeps_words() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(wrap("abcdefgh", 4), vec!["abcdefgh"]);
    }
}
