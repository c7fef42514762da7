//! Charts and report.html drawn from synthetic run folders: a realistic run
//! and degenerate ones (one recorded tick, no ties, everyone isolated at the
//! end, one citizen, empty and missing columns, missing files), checked
//! for valid 1600×1000 PNG/SVG files, their text, determinism and a
//! self-contained report; and bad input named by file and line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sesame::charts::{draw_run_charts, ChartError, ChartFormat, CHARTS};
use sesame::rng::mix64;

use crate::common::scratch;

// ---------------------------------------------------------------- fixtures

/// A deterministic uniform draw in [0, 1) keyed by (seed, a, b).
fn unit(seed: u64, a: u64, b: u64) -> f64 {
    let z = mix64(seed ^ mix64(a.wrapping_mul(0x9E37) ^ mix64(b.wrapping_add(17))));
    (z >> 11) as f64 / (1u64 << 53) as f64
}

const TIERS: [(&str, f64); 5] = [
    ("blacklisted", 350.0),
    ("fair", 550.0),
    ("good", 600.0),
    ("very_good", 650.0),
    ("excellent", 700.0),
];
const GROUPS: [&str; 3] = ["conformists", "opportunists", "dissidents"];

const METRICS_COLUMNS: [&str; 42] = [
    "tick",
    "score_mean",
    "score_sd",
    "score_p10",
    "score_median",
    "score_p90",
    "score_gini",
    "record_mean",
    "critical_post_share",
    "dissent_mean",
    "vigilance_mean",
    "import_share",
    "reports_true",
    "reports_false",
    "reports_confirmed",
    "sanctions",
    "wrongful_sanctions",
    "rewards_paid",
    "isolated_share",
    "lost_half_share",
    "degree_mean",
    "ties",
    "ties_cut",
    "ties_cut_utility",
    "ties_cut_threshold",
    "ties_cut_sanctioned",
    "ties_formed",
    "ties_formed_triadic",
    "ties_formed_random",
    "perk_dating_svip_share",
    "perk_visa_share",
    "transitivity",
    "avg_clustering",
    "components",
    "largest_component_share",
    "second_component_share",
    "score_assortativity",
    "degree_assortativity",
    "same_tier_share",
    "ei_index",
    "tier_modularity",
    "wall_seconds", // an extra column the charts do not know
];

/// How a synthetic run folder looks.
#[derive(Clone)]
struct Fixture {
    citizens: usize,
    /// Recorded rows (ticks 0, every, 2·every, ...).
    rows: usize,
    every: u32,
    /// Neighbours of each citizen in the initial ring lattice (even).
    lattice_k: usize,
    /// The final graph has no ties.
    final_isolated: bool,
    /// metrics.csv columns written with every field empty.
    empty_columns: Vec<&'static str>,
    /// metrics.csv columns left out.
    dropped_columns: Vec<&'static str>,
    /// Files not written.
    missing_files: Vec<&'static str>,
    write_scenario: bool,
    seed: u64,
    name: &'static str,
}

impl Fixture {
    /// 500 citizens, 20 recorded ticks, plausible values.
    fn realistic() -> Fixture {
        Fixture {
            citizens: 500,
            rows: 20,
            every: 1,
            lattice_k: 10,
            final_isolated: false,
            empty_columns: Vec::new(),
            dropped_columns: Vec::new(),
            missing_files: Vec::new(),
            write_scenario: true,
            seed: 42,
            name: "baseline",
        }
    }

    fn group_of(&self, i: usize) -> usize {
        let u = unit(self.seed, 1, i as u64);
        if u < 0.85 {
            0
        } else if u < 0.95 {
            1
        } else {
            2
        }
    }

    fn initial_edges(&self) -> Vec<(u32, u32)> {
        let n = self.citizens;
        let mut edges = Vec::new();
        if n < 2 {
            return edges;
        }
        for i in 0..n {
            for j in 1..=self.lattice_k / 2 {
                let mut t = (i + j) % n;
                if unit(self.seed, 2, (i * 1000 + j) as u64) < 0.1 {
                    t = (unit(self.seed, 3, (i * 1000 + j) as u64) * n as f64) as usize;
                }
                if t != i {
                    edges.push((i.min(t) as u32, i.max(t) as u32));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        edges
    }

    fn final_edges(&self, initial: &[(u32, u32)]) -> Vec<(u32, u32)> {
        if self.final_isolated {
            return Vec::new();
        }
        initial
            .iter()
            .copied()
            .enumerate()
            .filter(|&(k, (a, b))| {
                let dissident = self.group_of(a as usize) == 2 || self.group_of(b as usize) == 2;
                let p_cut = if dissident { 0.6 } else { 0.06 };
                unit(self.seed, 4, k as u64) >= p_cut
            })
            .map(|(_, e)| e)
            .collect()
    }

    fn score_of(&self, i: usize) -> f64 {
        let base = [625.0, 605.0, 540.0][self.group_of(i)];
        let z = unit(self.seed, 5, i as u64) + unit(self.seed, 6, i as u64) - 1.0;
        (base + 90.0 * z).clamp(350.0, 950.0)
    }

    fn tier_of(score: f64) -> &'static str {
        TIERS
            .iter()
            .rev()
            .find(|t| score >= t.1)
            .map_or("blacklisted", |t| t.0)
    }

    fn write(&self, dir: &Path) {
        if dir.exists() {
            std::fs::remove_dir_all(dir).unwrap();
        }
        std::fs::create_dir_all(dir).unwrap();
        let n = self.citizens;
        let initial = self.initial_edges();
        let edges = self.final_edges(&initial);
        let degrees = |edges: &[(u32, u32)]| {
            let mut d = vec![0u32; n];
            for &(a, b) in edges {
                d[a as usize] += 1;
                d[b as usize] += 1;
            }
            d
        };
        let (d0, d1) = (degrees(&initial), degrees(&edges));
        let no_ties = edges.is_empty();
        let mean_degree = |d: &[u32]| {
            if n == 0 {
                0.0
            } else {
                d.iter().map(|&v| v as f64).sum::<f64>() / n as f64
            }
        };
        let (m0, m1) = (mean_degree(&d0), mean_degree(&d1));
        let last = (self.rows.max(2) - 1) as f64;

        // metrics.csv
        let columns: Vec<&str> = METRICS_COLUMNS
            .iter()
            .copied()
            .filter(|c| !self.dropped_columns.contains(c))
            .collect();
        let mut text = columns.join(",") + "\n";
        for r in 0..self.rows {
            let tick = r as u32 * self.every;
            let f = r as f64 / last; // 0 at the start, 1 at the end
            let noise = unit(self.seed, 7, r as u64);
            let mean = 612.0 - 14.0 * f + 2.0 * noise;
            let sd = 42.0 + 9.0 * f;
            let degree = m0 + (m1 - m0) * f;
            let isolated = if self.final_isolated { f } else { 0.03 * f };
            let flows = |v: f64| if r == 0 { 0.0 } else { v.round() };
            let value = |c: &str| -> Option<f64> {
                Some(match c {
                    "tick" => tick as f64,
                    "score_mean" => mean,
                    "score_sd" => sd,
                    "score_p10" => mean - 1.2816 * sd,
                    "score_median" => mean + 3.0,
                    "score_p90" => mean + 1.2816 * sd,
                    "score_gini" => 0.035 + 0.01 * f,
                    "record_mean" => mean - 4.0,
                    "critical_post_share" if r == 0 => return None,
                    "critical_post_share" => 0.031 - 0.01 * f,
                    "dissent_mean" => 0.09 - 0.02 * f,
                    "vigilance_mean" => 0.24 + 0.06 * f,
                    "import_share" => 0.2,
                    "reports_true" => flows(38.0 - 12.0 * f + 6.0 * noise),
                    "reports_false" => flows(2.0 + 3.0 * noise),
                    "reports_confirmed" => flows(0.9 * (38.0 - 12.0 * f)),
                    "sanctions" => flows(20.0 - 6.0 * f + 3.0 * noise),
                    "wrongful_sanctions" => flows(noise * 2.0),
                    "rewards_paid" => flows(300.0 - 100.0 * f),
                    "isolated_share" => isolated,
                    "lost_half_share" => 0.06 * f,
                    "degree_mean" => degree,
                    "ties" => (degree * n as f64 / 2.0).round(),
                    "ties_cut" | "ties_cut_utility" => flows(30.0 * noise),
                    "ties_cut_threshold" => flows(0.0),
                    "ties_cut_sanctioned" => flows(4.0 * noise),
                    "ties_formed" | "ties_formed_triadic" => flows(20.0 * noise),
                    "ties_formed_random" => flows(6.0 * noise),
                    "perk_dating_svip_share" => 0.7 - 0.05 * f,
                    "perk_visa_share" => 0.05,
                    "transitivity" | "avg_clustering" if no_ties && r + 1 == self.rows => {
                        return if c == "transitivity" { None } else { Some(0.0) }
                    }
                    "transitivity" => 0.49 - 0.1 * f,
                    "avg_clustering" => 0.51 - 0.1 * f,
                    "components" => (1.0 + 30.0 * isolated * n as f64 / 10.0).round(),
                    "largest_component_share" => 1.0 - isolated,
                    "second_component_share" => 0.002,
                    "score_assortativity"
                    | "degree_assortativity"
                    | "ei_index"
                    | "tier_modularity"
                    | "same_tier_share"
                        if no_ties && r + 1 == self.rows =>
                    {
                        return None
                    }
                    "score_assortativity" => 0.01 + 0.3 * f,
                    "degree_assortativity" => -0.02,
                    "same_tier_share" => 0.31 + 0.1 * f,
                    "ei_index" => 1.0 - 2.0 * (0.31 + 0.1 * f),
                    "tier_modularity" => 0.01 + 0.08 * f,
                    "wall_seconds" => 0.01 * r as f64,
                    other => panic!("no value for {other}"),
                })
            };
            let row: Vec<String> = columns
                .iter()
                .map(|&c| {
                    if self.empty_columns.contains(&c) {
                        String::new()
                    } else {
                        value(c).map_or(String::new(), |v| format!("{v}"))
                    }
                })
                .collect();
            text += &(row.join(",") + "\n");
        }
        self.put(dir, "metrics.csv", &text);

        // tiers.csv
        let mut text = String::from("tick,tier,min_score,count,share,degree_mean,isolated_share\n");
        for r in 0..self.rows {
            let f = r as f64 / last;
            let shares = [
                0.01 + 0.02 * f,
                0.15 + 0.05 * f,
                0.34,
                0.32 - 0.04 * f,
                0.18 - 0.03 * f,
            ];
            let total: f64 = shares.iter().sum();
            for (k, (tier, min)) in TIERS.iter().enumerate() {
                let share = shares[k] / total;
                let _ = writeln!(
                    text,
                    "{},{tier},{min},{},{share},{},{}",
                    r as u32 * self.every,
                    (share * n as f64).round(),
                    9.0 - k as f64 * 0.1,
                    0.01 * f
                );
            }
        }
        self.put(dir, "tiers.csv", &text);

        // groups.csv
        let mut text = String::from(
            "tick,group,count,score_mean,degree_mean,isolated_share,lost_half_share,sanctions,avg_clustering,same_group_share\n",
        );
        for r in 0..self.rows {
            let f = r as f64 / last;
            for (g, group) in GROUPS.iter().enumerate() {
                let scale = [0.5, 1.0, 8.0][g];
                let isolated = if self.final_isolated {
                    f
                } else {
                    (0.004 * scale * f).min(1.0)
                };
                let _ = writeln!(
                    text,
                    "{},{group},{},{},{},{isolated},{},{},0.5,0.8",
                    r as u32 * self.every,
                    (0..n).filter(|&i| self.group_of(i) == g).count(),
                    [625.0, 605.0, 540.0][g] - 10.0 * f,
                    10.0 - scale * f,
                    (0.006 * scale * f).min(1.0),
                    if r == 0 { 0 } else { (scale * 2.0) as u32 },
                );
            }
        }
        self.put(dir, "groups.csv", &text);

        // citizens.csv
        let mut text = String::from(
            "id,label,group,employment,record,score,tier,degree,initial_degree,punctuality,dissent,patriotism,vigilance,fear,sanctions,wrongful_sanctions,reports_made\n",
        );
        for i in 0..n {
            let score = self.score_of(i);
            let _ = writeln!(
                text,
                "{i},{},{},employed,{},{score},{},{},{},0.9,0.05,0.8,0.2,0.5,0,0,1",
                1000 + i,
                GROUPS[self.group_of(i)],
                score - 2.0,
                Fixture::tier_of(score),
                d1[i],
                d0[i]
            );
        }
        self.put(dir, "citizens.csv", &text);

        // edges.csv
        let mut text = String::from("source,target\n");
        for (a, b) in &edges {
            let _ = writeln!(text, "{a},{b}");
        }
        self.put(dir, "edges.csv", &text);

        if self.write_scenario {
            let scenario = format!(
                "name = \"{name}\"\n\
                 description = \"A synthetic run <for tests> & checks: friends' scores feed into one's own.\"\n\
                 seed = {seed}\nticks = {ticks}\n\n\
                 [population]\nsize = {n}\n\n\
                 [network]\nkind = \"watts_strogatz\"\nk = {k}\nrewire = 0.1\n\n\
                 [score]\nmin = 350\nmax = 950\nfriend_weight = 0.2\nspillover = \"record\"\n\n\
                 [reporting]\nreward = 10.0\nsurveillance = 0.05\n\n\
                 [ties]\nrule = \"utility\"\ncut_rate = 0.05\n\n\
                 [output]\nmetrics_every = {every}\n",
                name = self.name,
                seed = self.seed,
                ticks = (self.rows.max(1) - 1) as u32 * self.every,
                k = self.lattice_k,
                every = self.every,
            );
            self.put(dir, "scenario.toml", &scenario);
        }
        self.put(
            dir,
            "manifest.json",
            &format!(
                "{{\"version\": \"0.1.0\", \"seed\": {}, \"wall_seconds\": 1.5}}",
                self.seed
            ),
        );
    }

    fn put(&self, dir: &Path, file: &str, text: &str) {
        if !self.missing_files.contains(&file) {
            std::fs::write(dir.join(file), text).unwrap();
        }
    }
}

/// Writes a fixture in a fresh folder and draws it.
fn draw(fixture: &Fixture, folder: &str, format: ChartFormat) -> (PathBuf, Vec<PathBuf>) {
    let dir = scratch("charts", folder);
    fixture.write(&dir);
    let written =
        draw_run_charts(&dir, format).unwrap_or_else(|e| panic!("drawing {folder} failed: {e}"));
    (dir, written)
}

// ---------------------------------------------------------------- checks

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "PNG too short");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG signature");
    assert_eq!(&bytes[8..12], &13u32.to_be_bytes(), "IHDR length");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is not IHDR");
    assert_eq!(&bytes[bytes.len() - 8..bytes.len() - 4], b"IEND", "no IEND");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn svg_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Whether the SVG draws `text` as a text element.
fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{}\n</text>", svg_escape(text)))
}

/// The text of every text element of an SVG, unescaped, joined by spaces
/// (so a message wrapped over several lines reads as one).
fn svg_text(svg: &str) -> String {
    let mut words = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text") {
        let body = &rest[at..];
        let open = body.find('>').unwrap() + 1;
        let close = body.find("</text>").unwrap();
        words.push(
            body[open..close]
                .trim()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &body[close..];
    }
    words.join(" ")
}

fn thousands(n: usize) -> String {
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

/// Checks one chart's SVG: header, size, title and axis titles as text.
fn check_svg(svg: &str, name: &str) {
    assert!(
        svg.starts_with("<svg"),
        "{name}.svg does not start with <svg"
    );
    let head = &svg[..svg.find('>').unwrap()];
    assert!(head.contains("width=\"1600\""), "{name}.svg width: {head}");
    assert!(
        head.contains("height=\"1000\""),
        "{name}.svg height: {head}"
    );
    assert!(
        svg.trim_end().ends_with("</svg>"),
        "{name}.svg is not closed"
    );
    let info = CHARTS.iter().find(|c| c.name == name).unwrap();
    assert!(has_text(svg, info.title), "{name}.svg lacks its title");
    for label in info.axis_labels {
        assert!(
            has_text(svg, label),
            "{name}.svg lacks the axis title `{label}`"
        );
    }
}

/// Checks every file of a run drawn in both formats, returns the SVGs by name.
fn check_all(dir: &Path, written: &[PathBuf]) -> Vec<(String, String)> {
    let mut expected: Vec<PathBuf> = Vec::new();
    for c in CHARTS {
        expected.push(dir.join("charts").join(format!("{}.png", c.name)));
        expected.push(dir.join("charts").join(format!("{}.svg", c.name)));
    }
    expected.push(dir.join("report.html"));
    assert_eq!(written, expected.as_slice());
    let mut svgs = Vec::new();
    for c in CHARTS {
        let png = std::fs::read(dir.join("charts").join(format!("{}.png", c.name))).unwrap();
        assert_eq!(png_size(&png), (1600, 1000), "{}.png size", c.name);
        let svg =
            std::fs::read_to_string(dir.join("charts").join(format!("{}.svg", c.name))).unwrap();
        check_svg(&svg, c.name);
        svgs.push((c.name.to_string(), svg));
    }
    // No temporary file left behind.
    for entry in std::fs::read_dir(dir.join("charts")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.starts_with('.'),
            "temporary file {name} left in charts/"
        );
    }
    svgs
}

fn svg<'a>(svgs: &'a [(String, String)], name: &str) -> &'a str {
    &svgs.iter().find(|(n, _)| n == name).unwrap().1
}

fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.push((
        "report.html".into(),
        std::fs::read(dir.join("report.html")).unwrap(),
    ));
    files.sort();
    files
}

// ---------------------------------------------------------------- tests

#[test]
fn a_realistic_run_draws_every_chart() {
    let fixture = Fixture::realistic();
    let (dir, written) = draw(&fixture, "realistic", ChartFormat::Both);
    let svgs = check_all(&dir, &written);
    // Subtitles and legends carry the run's facts.
    assert!(svg(&svgs, "scores").contains("baseline · 500 citizens · ticks 0–19"));
    assert!(
        has_text(svg(&svgs, "scores"), "fair ≥ 550"),
        "tier threshold label"
    );
    assert!(has_text(svg(&svgs, "tiers"), "excellent (≥ 700)"));
    assert!(has_text(svg(&svgs, "ostracism"), "dissidents"));
    assert!(has_text(svg(&svgs, "clustering"), "score assortativity"));
    assert!(has_text(svg(&svgs, "reporting"), "wrongful sanctions"));
    let network = svg(&svgs, "network");
    let initial = fixture.initial_edges();
    let ties = fixture.final_edges(&initial).len();
    assert!(
        network.contains(&format!(
            "all 500 citizens and {} ties at tick 19",
            thousands(ties)
        )),
        "network subtitle"
    );
    // Every drawn citizen is counted once in the tier legend.
    let mut drawn = 0;
    for (tier, _) in TIERS {
        let prefix = format!(">\n{tier}: ");
        if let Some(at) = network.find(&prefix) {
            let rest = &network[at + prefix.len()..];
            drawn += rest[..rest.find('\n').unwrap()]
                .replace(',', "")
                .parse::<usize>()
                .unwrap();
        }
    }
    assert_eq!(drawn, 500);
    // No chart of a full run says it is empty.
    for (name, text) in &svgs {
        assert!(!text.contains("No "), "{name} claims to be empty");
    }
}

#[test]
fn degenerate_runs_draw_and_say_why() {
    let realistic = Fixture::realistic();
    // (folder, run, [(chart, text its SVG must show)])
    type Case = (&'static str, Fixture, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "one-tick",
            Fixture {
                rows: 1,
                ..realistic.clone()
            },
            vec![
                ("scores", "one recorded tick (0)"),
                (
                    "reporting",
                    "No reports to draw: only one tick is recorded, and flows are drawn from \
                     the second record on (what happened since the one before).",
                ),
            ],
        ),
        (
            "no-ties",
            Fixture {
                lattice_k: 0,
                final_isolated: true,
                citizens: 60,
                ..realistic.clone()
            },
            vec![
                ("network", "No ties: every citizen is isolated."),
                (
                    "degrees",
                    "every citizen has degree 0, which a log–log plot cannot show.",
                ),
            ],
        ),
        (
            "everyone-isolated",
            Fixture {
                final_isolated: true,
                citizens: 120,
                ..realistic.clone()
            },
            vec![
                ("network", "No ties: every citizen is isolated."),
                ("network", "Ring at the edge: 120 isolated"),
            ],
        ),
        (
            "one-citizen",
            Fixture {
                citizens: 1,
                lattice_k: 0,
                final_isolated: true,
                ..realistic.clone()
            },
            vec![
                ("network", "all 1 citizen and 0 ties"),
                ("degrees", "baseline · 1 citizen ·"),
            ],
        ),
        (
            "empty-columns",
            Fixture {
                empty_columns: vec![
                    "score_assortativity",
                    "tier_modularity",
                    "reports_true",
                    "reports_false",
                    "reports_confirmed",
                    "sanctions",
                    "wrongful_sanctions",
                ],
                dropped_columns: vec!["perk_visa_share", "transitivity", "score_mean"],
                ..realistic.clone()
            },
            vec![
                ("clustering", "score assortativity: no data"),
                ("clustering", "global transitivity: no data"),
                ("scores", "mean: no data"),
                ("reporting", "No reports data in metrics.csv."),
                ("reporting", "No sanctions data in metrics.csv."),
            ],
        ),
        (
            "all-clustering-empty",
            Fixture {
                empty_columns: vec![
                    "transitivity",
                    "avg_clustering",
                    "score_assortativity",
                    "tier_modularity",
                    "score_p10",
                    "score_p90",
                    "score_mean",
                    "score_median",
                ],
                ..realistic.clone()
            },
            vec![
                (
                    "clustering",
                    "No data: every value of these measures is empty",
                ),
                ("scores", "No score data"),
            ],
        ),
        (
            "no-rows",
            Fixture {
                rows: 0,
                citizens: 0,
                lattice_k: 0,
                ..realistic.clone()
            },
            vec![
                ("scores", "baseline · 0 citizens · no recorded ticks"),
                ("scores", "No score data"),
                ("tiers", "No tier data: tiers.csv has no rows."),
                ("network", "No network: citizens.csv has no citizens."),
                ("degrees", "No degree data: citizens.csv has no citizens."),
                ("reporting", "No reports data in metrics.csv."),
            ],
        ),
        (
            "only-metrics",
            Fixture {
                missing_files: vec![
                    "tiers.csv",
                    "groups.csv",
                    "citizens.csv",
                    "edges.csv",
                    "scenario.toml",
                    "manifest.json",
                ],
                ..realistic.clone()
            },
            vec![
                ("tiers", "No tier data: tiers.csv is not in the run folder."),
                (
                    "network",
                    "No network: citizens.csv is not in the run folder.",
                ),
                (
                    "degrees",
                    "No degree data: citizens.csv is not in the run folder.",
                ),
                // No scenario: the folder name names the run.
                ("scores", "only-metrics · ticks 0–19"),
            ],
        ),
    ];
    for (folder, fixture, expectations) in cases {
        let (dir, written) = draw(&fixture, folder, ChartFormat::Both);
        let svgs = check_all(&dir, &written);
        for (chart, text) in expectations {
            let words = svg_text(svg(&svgs, chart));
            assert!(
                words.contains(text),
                "{folder}: {chart}.svg lacks `{text}` in: {words}"
            );
        }
        let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert_eq!(
            report.matches("<svg").count(),
            CHARTS.len(),
            "{folder}: report"
        );
    }
}

#[test]
fn two_renders_are_byte_identical_whatever_the_threads() {
    let fixture = Fixture {
        citizens: 300,
        ..Fixture::realistic()
    };
    let (a, _) = draw(&fixture, "identical-a", ChartFormat::Both);
    let dir_b = scratch("charts", "identical-b");
    fixture.write(&dir_b);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| draw_run_charts(&dir_b, ChartFormat::Both))
        .unwrap();
    let (files_a, files_b) = (read_all(&a), read_all(&dir_b));
    assert_eq!(files_a.len(), 2 * CHARTS.len() + 1);
    for ((name_a, bytes_a), (name_b, bytes_b)) in files_a.iter().zip(&files_b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs between two renders");
    }
    // Redrawing in place gives the same bytes again.
    draw_run_charts(&a, ChartFormat::Both).unwrap();
    assert!(read_all(&a) == files_a, "redrawing in place changed a file");
    // A different seed moves the network picture only.
    let other = Fixture {
        seed: 43,
        ..fixture
    };
    let (c, _) = draw(&other, "identical-c", ChartFormat::Svg);
    let network = |d: &Path| std::fs::read(d.join("charts/network.svg")).unwrap();
    assert!(network(&a) != network(&c));
}

#[test]
fn report_is_self_contained() {
    let (dir, _) = draw(&Fixture::realistic(), "report", ChartFormat::Png);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg").count(), CHARTS.len());
    assert_eq!(html.matches("</svg>").count(), CHARTS.len());
    for c in CHARTS {
        assert!(
            html.contains(&format!("<figure id=\"{}\">", c.name)),
            "{} missing",
            c.name
        );
        let figure = &html[html.find(&format!("<figure id=\"{}\">", c.name)).unwrap()..];
        let figure = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap() + 6];
        check_svg(figure, c.name);
    }
    assert!(!html.to_lowercase().contains("<script"));
    let mut rest = html.as_str();
    while let Some(at) = rest.find("http") {
        let tail = &rest[at..];
        if tail.starts_with("http://") || tail.starts_with("https://") {
            assert!(
                tail.starts_with("http://www.w3.org/2000/svg\""),
                "external reference: {}",
                &tail[..tail.len().min(60)]
            );
        }
        rest = &tail[4..];
    }
    assert!(!html.contains("<img") && !html.contains("<link") && !html.contains("@import"));
    // Scenario name, escaped description, settings and measures.
    assert!(html.contains("<h1>baseline</h1>"));
    assert!(html.contains("A synthetic run &lt;for tests&gt; &amp; checks: friends&#39; scores"));
    assert!(html.contains("<td>friend weight κ <code>score.friend_weight</code></td><td>0.2</td>"));
    assert!(
        html.contains("<td>initial network <code>network.kind</code></td><td>watts_strogatz</td>")
    );
    assert!(html.contains("<th>tick 0</th><th>tick 19</th>"));
    // isolated_share goes from 0 to 0.03: shown in percent with its change.
    assert!(html.contains("<tr><td>isolated citizens (%)</td><td>0</td><td>3</td><td>+3</td></tr>"));
    assert!(html.contains("<td>dissidents: isolated (%)</td>"));
    // Only PNG files were asked for.
    assert!(!dir.join("charts/scores.svg").exists());
    assert!(dir.join("charts/scores.png").exists());
}

/// The caption of a figure of report.html.
fn caption<'a>(html: &'a str, chart: &str) -> &'a str {
    let figure = &html[html.find(&format!("<figure id=\"{chart}\">")).unwrap()..];
    let at = figure.find("<figcaption>").unwrap();
    &figure[at..figure.find("</figcaption>").unwrap()]
}

#[test]
fn the_report_tells_what_each_structural_measure_did_and_how_to_read_it() {
    let (dir, _) = draw(&Fixture::realistic(), "structure", ChartFormat::Svg);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    // The fixture's transitivity falls and its assortativity rises.
    let clustering = caption(&html, "clustering");
    assert!(clustering
        .contains("In this run, global transitivity fell from 0.49 to 0.39 (tick 0 to 19)"));
    assert!(clustering.contains("score assortativity rose from 0.01 to 0.31 (tick 0 to 19)"));
    assert!(html.contains("<h2 id=\"structure\">Reading the network's structure</h2>"));
    for m in sesame::measures::MEASURES {
        if let Some(reading) = m.reading {
            let reading = reading.replace('\'', "&#39;");
            assert!(html.contains(&reading), "no reading of {}", m.name);
        }
    }
    for line in sesame::measures::READING_TOGETHER {
        assert!(html.contains(&format!("<li>{}</li>", line.replace('\'', "&#39;"))));
    }

    // Now a run whose assortativity falls while the same-tier share rises
    // and modularity stays put: the report says so, and claims no sorting.
    let mut text = String::from(
        "tick,transitivity,avg_clustering,score_assortativity,tier_modularity,same_tier_share\n",
    );
    for (tick, f) in [(0, 0.0), (10, 0.5), (20, 1.0)] {
        let _ = writeln!(
            text,
            "{tick},0.3,0.3,{},{},{}",
            0.3 - 0.2 * f,
            0.02 + 0.001 * f,
            0.4 + 0.2 * f
        );
    }
    std::fs::write(dir.join("metrics.csv"), text).unwrap();
    draw_run_charts(&dir, ChartFormat::Svg).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let clustering = caption(&html, "clustering");
    assert!(clustering.contains("score assortativity fell from 0.3 to 0.1 (tick 0 to 20)"));
    assert!(clustering.contains("tier modularity held steady at 0.021 (tick 0 to 20)"));
    assert!(clustering.contains("global transitivity held steady at 0.3"));
    assert!(!clustering.contains("rose"));
    assert!(!clustering.to_lowercase().contains("rising assortativity"));
    assert!(html.contains("<td>rose from 40 % to 60 % (tick 0 to 20)</td>"));
}

/// A sweep's `summary.csv` over `a` and `b` with `isolated_share` at ticks
/// 0 and 10 (mean a + b at the end) and `sanctions` (10 per tick).
fn sweep_summary(dir: &Path, points: &[(&str, &str)]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut text = String::from("point_id,a,b,tick,measure,mean,sd,n,ci95_low,ci95_high\n");
    for (id, (a, b)) in points.iter().enumerate() {
        let end: f64 = a.parse::<f64>().unwrap() + b.parse::<f64>().unwrap();
        for (tick, share, sanctions) in [(0, 0.0, 0.0), (5, end / 2.0, 50.0), (10, end, 50.0)] {
            let _ = writeln!(
                text,
                "{id},{a},{b},{tick},isolated_share,{share},0,2,{share},{share}"
            );
            let _ = writeln!(
                text,
                "{id},{a},{b},{tick},sanctions,{sanctions},0,2,{sanctions},{sanctions}"
            );
        }
    }
    std::fs::write(dir.join("summary.csv"), text).unwrap();
}

#[test]
fn sampled_sweeps_of_two_parameters_are_scatters_and_grids_stay_heatmaps() {
    use sesame::charts::sweep::draw_as;
    // Six Latin-hypercube points: a grid of their values would be 6 × 6
    // with 30 empty cells.
    let dir = scratch("charts", "sweep-scatter");
    let lhs = [
        ("0.0123456", "0.51234"),
        ("0.1834567", "0.81234"),
        ("0.3345678", "0.11234"),
        ("0.5256789", "0.61234"),
        ("0.6967891", "0.31234"),
        ("0.8878912", "0.91234"),
    ];
    sweep_summary(&dir, &lhs);
    let drawn = draw_as(&dir, "lhs", ChartFormat::Svg).unwrap();
    let phase = &drawn
        .iter()
        .find(|d| d.stem == "phase-isolated_share")
        .expect("a phase chart")
        .svg;
    let words = svg_text(phase);
    assert!(words.contains("6 sampled points"), "{words}");
    assert!(
        !words.contains("no value"),
        "a grid of empty cells: {words}"
    );
    // Six points drawn, each a filled dot and its outline.
    assert_eq!(phase.matches("<circle").count(), 12);
    // The colour bar runs from the lowest mean (0.447) to the highest (1.8).
    assert!(
        words.contains("mean (colour) 1.8 ") && words.ends_with(" 0.447"),
        "{words}"
    );
    // The series highlight the points of lowest (a + b = 0.447), median
    // and highest (1.8) final mean, each named by the digits that tell the
    // sampled values apart; the other three are thin grey lines.
    let series = &drawn
        .iter()
        .find(|d| d.stem == "series-isolated_share")
        .unwrap()
        .svg;
    let words = svg_text(series);
    for label in [
        "lowest: 0.3, 0.1",
        "median: 0.2, 0.8",
        "highest: 0.9, 0.9",
        "the other 3 points",
    ] {
        assert!(has_text(series, label), "{label}: {words}");
    }
    assert!(
        words.contains("Highlighted: the points of lowest, median and highest mean")
            && words.contains("sampled off a grid"),
        "{words}"
    );

    // A full grid keeps its heatmap, its levels rounded.
    let dir = scratch("charts", "sweep-grid");
    let grid = [
        ("0.1", "1"),
        ("0.1", "2"),
        ("0.30000000000000004", "1"),
        ("0.30000000000000004", "2"),
    ];
    sweep_summary(&dir, &grid);
    let drawn = draw_as(&dir, "grid", ChartFormat::Svg).unwrap();
    let phase = &drawn
        .iter()
        .find(|d| d.stem == "phase-isolated_share")
        .unwrap()
        .svg;
    assert!(!svg_text(phase).contains("sampled points"));
    assert!(has_text(phase, "0.3") && !svg_text(phase).contains("0.30000000000000004"));
}

#[test]
fn large_runs_draw_a_sample_of_3000() {
    let fixture = Fixture {
        citizens: 4000,
        rows: 3,
        ..Fixture::realistic()
    };
    let (dir, _) = draw(&fixture, "large", ChartFormat::Svg);
    let network = std::fs::read_to_string(dir.join("charts/network.svg")).unwrap();
    check_svg(&network, "network");
    let words = svg_text(&network);
    assert!(
        words.contains(
            "a connected sample of 3,000 of 4,000 citizens: breadth-first snowballs from "
        ),
        "subtitle does not announce the sample: {words}"
    );
    // The isolated drawn, as the subtitle counts them, are those on the ring.
    let tail = &words[words.find("random citizens with ties, and ").unwrap() + 31..];
    let drawn_isolated = &tail[..tail.find(' ').unwrap()];
    let ring = match drawn_isolated {
        "0" => "0 isolated citizens: no ring at the edge".to_string(),
        "1" => "Ring at the edge: 1 isolated citizen (no ties)".to_string(),
        n => format!("Ring at the edge: {n} isolated citizens (no ties)"),
    };
    assert!(words.contains(&ring), "{ring}");
    // The long subtitle, too wide for the chart at its usual 25 px (20.16
    // pt in the SVG), is drawn smaller, on two lines at most, not clipped
    // at the right edge.
    let subtitle: Vec<&str> = network
        .split("</text>")
        .filter(|t| t.contains("snowballs") || t.contains("ties among"))
        .collect();
    assert!(!subtitle.is_empty() && subtitle.len() <= 2, "{subtitle:?}");
    for element in &subtitle {
        let size: f64 = element
            .split("font-size=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .and_then(|t| t.parse().ok())
            .unwrap();
        assert!(size < 20.0, "{element}");
    }
    let mut drawn = 0;
    for (tier, _) in TIERS {
        let prefix = format!(">\n{tier}: ");
        if let Some(at) = network.find(&prefix) {
            let rest = &network[at + prefix.len()..];
            drawn += rest[..rest.find('\n').unwrap()]
                .replace(',', "")
                .parse::<usize>()
                .unwrap();
        }
    }
    assert_eq!(drawn, 3000);
}

/// The points of the polylines stroked in `colour` (`#282828`), in order.
fn polyline_points(svg: &str, colour: &str) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<polyline") {
        let body = &rest[at..rest[at..].find("/>").unwrap() + at];
        if body.contains(&format!("stroke=\"{colour}\"")) {
            let points = body.split("points=\"").nth(1).unwrap();
            let points = points[..points.find('"').unwrap()]
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            out.push(points);
        }
        rest = &rest[at + body.len()..];
    }
    out
}

#[test]
fn flows_are_drawn_per_tick_without_the_zero_of_tick_0() {
    // Recorded every 10 ticks, the run ends at tick 25: the last interval is
    // half as long. Ten sanctions and four reports happen every tick, so the
    // counts since the previous record are 100, 100 and 50.
    let (dir, _) = draw(&Fixture::realistic(), "per-tick", ChartFormat::Svg);
    let mut text = String::from(
        "tick,reports_true,reports_false,reports_confirmed,sanctions,wrongful_sanctions,isolated_share\n",
    );
    for (tick, interval) in [(0, 0), (10, 10), (20, 10), (25, 5)] {
        let _ = writeln!(
            text,
            "{tick},{},{},{},{},{},0.1",
            4 * interval,
            interval,
            3 * interval,
            10 * interval,
            interval
        );
    }
    std::fs::write(dir.join("metrics.csv"), text).unwrap();
    draw_run_charts(&dir, ChartFormat::Svg).unwrap();
    let reporting = std::fs::read_to_string(dir.join("charts/reporting.svg")).unwrap();
    check_svg(&reporting, "reporting");
    // The sanctions line (dark grey) joins ticks 10, 20 and 25 only, and it
    // is flat: 10 per tick in every interval, the short last one included.
    let lines = polyline_points(&reporting, "#282828");
    let line = lines
        .iter()
        .find(|l| l.len() > 2)
        .expect("the sanctions line");
    assert_eq!(line.len(), 3, "tick 0 is not drawn: {line:?}");
    assert!(line.iter().all(|p| p.1 == line[0].1), "not flat: {line:?}");
    // The axis reads per tick: labels up to about 10, not the counts of 100.
    assert!(has_text(&reporting, "10"));
    assert!(!has_text(&reporting, "100"));
    assert!(svg_text(&reporting).contains("per tick: counts since the previous record"));
}

#[test]
fn a_missing_metrics_file_is_an_error() {
    let fixture = Fixture {
        missing_files: vec!["metrics.csv"],
        ..Fixture::realistic()
    };
    let dir = scratch("charts", "no-metrics");
    fixture.write(&dir);
    let error = draw_run_charts(&dir, ChartFormat::Png).unwrap_err();
    assert!(matches!(error, ChartError::MissingFile { .. }));
    let message = error.to_string();
    assert!(
        message.contains("metrics.csv") && message.contains("not found"),
        "{message}"
    );
    assert!(!dir.join("report.html").exists());
}

#[test]
fn malformed_files_are_named_with_their_line() {
    let dir = scratch("charts", "malformed");
    let fixture = Fixture {
        rows: 5,
        citizens: 30,
        ..Fixture::realistic()
    };
    // A word where a number belongs, on the 4th line of metrics.csv.
    fixture.write(&dir);
    let path = dir.join("metrics.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    fields[4] = "lots".into(); // score_median
    lines[3] = fields.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let message = draw_run_charts(&dir, ChartFormat::Png)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("metrics.csv, line 4, column `score_median`"),
        "{message}"
    );
    assert!(message.contains("`lots`"), "{message}");

    // A row with a missing field in tiers.csv.
    fixture.write(&dir);
    let path = dir.join("tiers.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[6] = lines[6].rsplit_once(',').unwrap().0.to_string();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let message = draw_run_charts(&dir, ChartFormat::Png)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("tiers.csv, line 7: malformed CSV"),
        "{message}"
    );

    // A tie to a citizen who does not exist.
    fixture.write(&dir);
    let path = dir.join("edges.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("3,30\n");
    let line = text.lines().count();
    std::fs::write(&path, text).unwrap();
    let message = draw_run_charts(&dir, ChartFormat::Png)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(&format!(
            "edges.csv, line {line}, column `target`: citizen 30 is not in citizens.csv"
        )),
        "{message}"
    );

    // A required column missing from citizens.csv.
    fixture.write(&dir);
    let path = dir.join("citizens.csv");
    let text =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("initial_degree", "first_degree", 1);
    std::fs::write(&path, text).unwrap();
    let message = draw_run_charts(&dir, ChartFormat::Png)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("citizens.csv: missing column `initial_degree`"),
        "{message}"
    );

    // A scenario that is not TOML.
    fixture.write(&dir);
    std::fs::write(dir.join("scenario.toml"), "name = \n").unwrap();
    let message = draw_run_charts(&dir, ChartFormat::Png)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("scenario.toml: not valid TOML"),
        "{message}"
    );
}

#[test]
fn chart_formats_parse_from_the_command_line() {
    assert_eq!("png".parse::<ChartFormat>().ok(), Some(ChartFormat::Png));
    assert_eq!("svg".parse::<ChartFormat>().ok(), Some(ChartFormat::Svg));
    assert_eq!("both".parse::<ChartFormat>().ok(), Some(ChartFormat::Both));
    let error = "jpeg".parse::<ChartFormat>().unwrap_err();
    assert_eq!(error.exit_code(), 2, "a bad format is the user's input");
    let error = error.to_string();
    assert!(
        error.contains("jpeg") && error.contains("png, svg or both"),
        "{error}"
    );
    assert_eq!(ChartFormat::default(), ChartFormat::Png);
    assert_eq!(ChartFormat::Both.to_string(), "both");
}

/// Drawing time of a 10,000-citizen run (release: `cargo test --release
/// --test it charts:: -- --ignored --nocapture`).
#[test]
#[ignore]
fn timing_of_a_large_run() {
    let fixture = Fixture {
        citizens: 10_000,
        rows: 201,
        ..Fixture::realistic()
    };
    let dir = scratch("charts", "timing");
    fixture.write(&dir);
    for format in [ChartFormat::Png, ChartFormat::Svg, ChartFormat::Both] {
        let start = std::time::Instant::now();
        draw_run_charts(&dir, format).unwrap();
        println!(
            "10,000 citizens, 201 rows, {format}: {:.2} s",
            start.elapsed().as_secs_f64()
        );
    }
}

#[test]
fn stopped_and_evented_runs_are_shown_as_they_were() {
    let dir = scratch("charts", "stopped-evented");
    let fixture = Fixture::realistic();
    fixture.write(&dir);
    // An event at tick 10 raised κ; one at tick 40 never came (the run was
    // stopped at tick 19 of 50).
    let mut scenario = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    scenario += "\n[[events]]\nat_tick = 10\nset = { \"score.friend_weight\" = 0.35, \"reporting.reward\" = 25.0 }\n\
                 \n[[events]]\nat_tick = 40\nset = { \"score.friend_weight\" = 0.5 }\n";
    std::fs::write(dir.join("scenario.toml"), scenario).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        "{\"program\": \"sesame\", \"kind\": \"run\", \"version\": \"0.1.0\", \"ticks\": 50, \"ticks_done\": 19, \
          \"complete\": false, \"interrupted_by_signal\": 15}",
    )
    .unwrap();
    let written = draw_run_charts(&dir, ChartFormat::Both).unwrap();
    let svgs = check_all(&dir, &written);
    let banner = "Incomplete run: stopped by signal 15 at tick 19 of 50";
    for c in CHARTS {
        assert!(
            has_text(svg(&svgs, c.name), banner),
            "{}: no banner",
            c.name
        );
    }
    // Every chart over time marks the event that fired, and only that one.
    for name in ["scores", "tiers", "ostracism", "clustering", "reporting"] {
        let s = svg(&svgs, name);
        assert!(has_text(s, "E1"), "{name}: no event mark");
        assert!(!has_text(s, "E2"), "{name}: marks an event that never came");
        assert!(
            svg_text(s).contains("event at tick 10"),
            "{name}: no event in the legend"
        );
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains(&format!("<p class=\"banner\"><strong>{banner}.</strong>")),
        "no banner"
    );
    assert!(html.contains(
        "<tr><td>E1</td><td>10</td><td><code>score.friend_weight</code> = 0.35; <code>reporting.reward</code> = 25</td></tr>"
    ));
    assert!(!html.contains("<td>E2</td>"));
    // Key settings: the value at the start and the one in force at the end.
    assert!(html.contains(
        "<td>friend weight κ <code>score.friend_weight</code></td><td>0.2 at the start, 0.35 from tick 10</td>"
    ));
    assert!(html.contains(
        "<td>reporting reward (points) <code>reporting.reward</code></td><td>10 at the start, 25 from tick 10</td>"
    ));
    // A complete run without events shows none of this.
    let plain = scratch("charts", "plain-for-banner");
    fixture.write(&plain);
    let written = draw_run_charts(&plain, ChartFormat::Both).unwrap();
    let svgs = check_all(&plain, &written);
    assert!(!svg_text(svg(&svgs, "scores")).contains("Incomplete"));
    assert!(!has_text(svg(&svgs, "scores"), "E1"));
    let html = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(!html.contains("class=\"banner\"") && !html.contains("<h2>Events</h2>"));
}
