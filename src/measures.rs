//! The registry of measures: every column of `metrics.csv`, in order, with
//! its label, whether it is a state or a flow, where it is shown, the line
//! that documents it, and how it is computed.
//!
//! Everything that lists measures is derived from this one table: the
//! header and rows of `metrics.csv` ([`crate::observe`]), what `sesame
//! measure` prints ([`crate::measure`]), the table printed at the end of a
//! run ([`crate::summary`]), the key measures of `report.html`, the charts
//! of a sweep, and the README's column reference (a generated block checked
//! by `tests/it/readme.rs`). Adding a measure is adding one entry here and the
//! value it reads to [`Observed`].
//!
//! Families expand to several columns: one per perk of the scenario
//! (`perk_<name>_share`) and one per cause of a cut or a new tie
//! (`ties_cut_<cause>`, `ties_formed_<cause>`, from
//! [`crate::rules::ties::Cause::all`], so a new tie rule gets its column).

use crate::engine::Flows;
use crate::metrics::GraphMeasures;
use crate::rules::ties::Cause;

/// What a column describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The recorded tick itself.
    Tick,
    /// The state at the recorded tick.
    State,
    /// What happened since the previous recorded tick (zero at tick 0).
    Flow,
}

impl Kind {
    /// The word used in the README's column table.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Tick => "",
            Kind::State => "state",
            Kind::Flow => "flow",
        }
    }
}

/// How a value is shown to a reader (the report, the terminal summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A share in [0, 1], shown in per cent.
    Percent,
    /// A number with up to this many decimals.
    Decimals(usize),
}

/// Where a measure is shown besides `metrics.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shown {
    /// The table printed at the end of `sesame run`.
    pub summary: bool,
    /// The key measures of a run's `report.html`.
    pub report: bool,
    /// The charts of a sweep (each at the last tick against the parameters).
    pub sweep: bool,
}

/// A measure that expands to one column per member of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// One column.
    Single,
    /// One column per perk of the scenario: `name` holds `{}`.
    PerPerk,
    /// One column per cause of a cut: `name` holds `{}`.
    PerCutCause,
    /// One column per way a tie is formed: `name` holds `{}`.
    PerFormCause,
}

/// The parts a row of measures is computed from. A part that is `None`
/// was not available (`sesame measure` has no flows and no tick; a bare
/// edge list has no scores), and its columns are left out.
#[derive(Debug, Clone, Default)]
pub struct Observed<'a> {
    /// The recorded tick.
    pub tick: Option<u32>,
    /// Mean, sd, p10, median, p90 and Gini of the scores.
    pub scores: Option<ScoreStats>,
    /// Mean own record.
    pub record_mean: Option<f64>,
    /// Mean dissent, vigilance and patriotism, each when known.
    pub dissent_mean: Option<f64>,
    pub vigilance_mean: Option<f64>,
    pub patriotism_mean: Option<f64>,
    /// Counts since the previous record.
    pub flows: Option<&'a Flows>,
    /// Share of citizens with no ties.
    pub isolated_share: f64,
    /// Share who had ties at tick 0 and now have at most half as many.
    pub lost_half_share: Option<f64>,
    /// Mean degree (NaN without citizens) and number of ties.
    pub degree_mean: f64,
    pub ties: f64,
    /// Share holding each perk, in the scenario's perk order.
    pub perk_shares: Option<&'a [f64]>,
    /// The graph measures (NaN where an input was missing).
    pub graph: GraphMeasures,
    /// Whether scores were given (score assortativity is defined).
    pub has_scores: bool,
    /// Whether tiers were given (the tier partition measures are defined).
    pub has_tiers: bool,
}

/// The distribution of scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreStats {
    pub mean: f64,
    pub sd: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    pub gini: f64,
}

/// How a column's value is read from an [`Observed`] row; the index is the
/// member of the family (the perk, the cause). `None`: not available.
pub type Read = fn(&Observed, usize) -> Option<f64>;

/// One measure of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// The column of metrics.csv (with `{}` for a family member's name).
    pub name: &'static str,
    /// A short label with its unit, for tables (`mean score (points)`).
    pub label: &'static str,
    /// What it means, in a few words (the y-axis title of sweep charts).
    pub meaning: &'static str,
    /// State, flow, or the tick.
    pub kind: Kind,
    /// How a reader sees it.
    pub format: Format,
    /// Where it is shown besides metrics.csv.
    pub shown: Shown,
    /// One column or a family.
    pub family: Family,
    /// The README's line for it.
    pub doc: &'static str,
    /// How to read it, next to the other measures of the network's
    /// structure: what a high, low or changing value shows and what it does
    /// not (the README's guide to the clustering measures and the run's
    /// `report.html`). `None` for measures whose line says it all.
    pub reading: Option<&'static str>,
    /// How it is computed.
    pub read: Read,
}

impl Measure {
    /// Whether charts draw it per tick: a flow that counts events or
    /// points (reports, sanctions, ties cut and formed), divided by the
    /// ticks since the previous record so that a short last interval does
    /// not look like a collapse. A flow that is a share of what happened
    /// (`critical_post_share`) is already a rate and is drawn as it is.
    /// Every flow is left out at tick 0, where nothing has happened yet.
    pub fn per_tick(&self) -> bool {
        self.kind == Kind::Flow && self.format != Format::Percent
    }
}

/// Ratio that is NaN when the denominator is zero.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}

const NOWHERE: Shown = Shown {
    summary: false,
    report: false,
    sweep: false,
};
const SUMMARY_AND_REPORT: Shown = Shown {
    summary: true,
    report: true,
    sweep: false,
};
const EVERYWHERE: Shown = Shown {
    summary: true,
    report: true,
    sweep: true,
};
const REPORT: Shown = Shown {
    summary: false,
    report: true,
    sweep: false,
};

/// A flow count.
fn flow(o: &Observed, f: fn(&Flows) -> f64) -> Option<f64> {
    o.flows.map(f)
}

/// The cause of the `k`-th cut or formation column.
fn cause(cut: bool, k: usize) -> Cause {
    Cause::all()
        .filter(|c| c.is_cut() == cut)
        .nth(k)
        .unwrap_or(Cause::Sanctioned)
}

/// Every measure, in the order of the columns of metrics.csv.
pub const MEASURES: &[Measure] = &[
    Measure {
        name: "tick",
        label: "tick",
        meaning: "tick",
        kind: Kind::Tick,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "the tick (0 = initial state)",
        reading: None,
        read: |o, _| o.tick.map(f64::from),
    },
    Measure {
        name: "score_mean",
        label: "mean score (points)",
        meaning: "mean score",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "mean score",
        reading: None,
        read: |o, _| o.scores.map(|s| s.mean),
    },
    Measure {
        name: "score_sd",
        label: "sd of scores (points)",
        meaning: "standard deviation of scores",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: NOWHERE,
        family: Family::Single,
        doc: "population standard deviation of scores",
        reading: None,
        read: |o, _| o.scores.map(|s| s.sd),
    },
    Measure {
        name: "score_p10",
        label: "10th percentile of scores (points)",
        meaning: "10th percentile of scores",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: NOWHERE,
        family: Family::Single,
        doc: "10th percentile of scores (linear interpolation, as NumPy's default)",
        reading: None,
        read: |o, _| o.scores.map(|s| s.p10),
    },
    Measure {
        name: "score_median",
        label: "median score (points)",
        meaning: "median score",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "median score (linear interpolation, as NumPy's default)",
        reading: None,
        read: |o, _| o.scores.map(|s| s.median),
    },
    Measure {
        name: "score_p90",
        label: "90th percentile of scores (points)",
        meaning: "90th percentile of scores",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: NOWHERE,
        family: Family::Single,
        doc: "90th percentile of scores (linear interpolation, as NumPy's default)",
        reading: None,
        read: |o, _| o.scores.map(|s| s.p90),
    },
    Measure {
        name: "score_gini",
        label: "Gini of scores",
        meaning: "Gini of scores",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "population Gini of score − `score.min`",
        reading: None,
        read: |o, _| o.scores.map(|s| s.gini),
    },
    Measure {
        name: "record_mean",
        label: "mean record (points)",
        meaning: "mean own record",
        kind: Kind::State,
        format: Format::Decimals(1),
        shown: NOWHERE,
        family: Family::Single,
        doc: "mean own record",
        reading: None,
        read: |o, _| o.record_mean,
    },
    Measure {
        name: "critical_post_share",
        label: "critical posts (% of posts)",
        meaning: "share of posts critical of the state",
        kind: Kind::Flow,
        format: Format::Percent,
        shown: NOWHERE,
        family: Family::Single,
        doc: "critical posts / all posts",
        reading: None,
        read: |o, _| flow(o, |f| ratio(f.critical_posts as f64, f.posts as f64)),
    },
    Measure {
        name: "dissent_mean",
        label: "mean dissent",
        meaning: "mean dissent",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: NOWHERE,
        family: Family::Single,
        doc: "mean dissent (P(a post is critical))",
        reading: None,
        read: |o, _| o.dissent_mean,
    },
    Measure {
        name: "vigilance_mean",
        label: "mean vigilance",
        meaning: "mean vigilance",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: NOWHERE,
        family: Family::Single,
        doc: "mean vigilance (P(reporting a violation seen in a friend))",
        reading: None,
        read: |o, _| o.vigilance_mean,
    },
    Measure {
        name: "import_share",
        label: "imported purchases (% of purchases)",
        meaning: "share of purchases imported",
        kind: Kind::Flow,
        format: Format::Percent,
        shown: NOWHERE,
        family: Family::Single,
        doc: "imported purchases / all purchases",
        reading: None,
        read: |o, _| flow(o, |f| ratio(f.imported as f64, f.purchases as f64)),
    },
    Measure {
        name: "reports_true",
        label: "true reports",
        meaning: "reports of actual violations",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "reports of actual violations",
        reading: None,
        read: |o, _| flow(o, |f| f.reports_true as f64),
    },
    Measure {
        name: "reports_false",
        label: "false reports",
        meaning: "false reports filed",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "false reports filed (against a friend who made no critical post)",
        reading: None,
        read: |o, _| flow(o, |f| f.reports_false as f64),
    },
    Measure {
        name: "reports_confirmed",
        label: "confirmed reports",
        meaning: "reports confirmed by the check",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "reports confirmed by the check (true, and wrongly confirmed false)",
        reading: None,
        read: |o, _| flow(o, |f| f.reports_confirmed as f64),
    },
    Measure {
        name: "sanctions",
        label: "sanctions",
        meaning: "citizens sanctioned",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "citizen-ticks sanctioned",
        reading: None,
        read: |o, _| flow(o, |f| f.sanctions as f64),
    },
    Measure {
        name: "wrongful_sanctions",
        label: "wrongful sanctions",
        meaning: "innocents sanctioned",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "of the sanctions, innocents sanctioned on a wrongly confirmed false report",
        reading: None,
        read: |o, _| flow(o, |f| f.wrongful_sanctions as f64),
    },
    Measure {
        name: "rewards_paid",
        label: "rewards paid (points)",
        meaning: "points paid to reporters",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "points paid to reporters",
        reading: None,
        read: |o, _| flow(o, |f| f.rewards_paid),
    },
    Measure {
        name: "isolated_share",
        label: "isolated citizens (%)",
        meaning: "share of citizens with no ties",
        kind: Kind::State,
        format: Format::Percent,
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "share of citizens with no friend",
        reading: None,
        read: |o, _| Some(o.isolated_share),
    },
    Measure {
        name: "lost_half_share",
        label: "lost ≥ half of initial ties (%)",
        meaning: "share who lost ≥ half their ties",
        kind: Kind::State,
        format: Format::Percent,
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "share of citizens who had friends at tick 0 and now have at most half as many",
        reading: None,
        read: |o, _| o.lost_half_share,
    },
    Measure {
        name: "degree_mean",
        label: "mean degree (ties)",
        meaning: "mean degree (ties per citizen)",
        kind: Kind::State,
        format: Format::Decimals(2),
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "mean degree",
        reading: None,
        read: |o, _| Some(o.degree_mean),
    },
    Measure {
        name: "ties",
        label: "ties",
        meaning: "number of ties",
        kind: Kind::State,
        format: Format::Decimals(0),
        shown: REPORT,
        family: Family::Single,
        doc: "number of ties",
        reading: None,
        read: |o, _| Some(o.ties),
    },
    Measure {
        name: "ties_cut",
        label: "ties cut",
        meaning: "ties cut",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "ties cut, all causes",
        reading: None,
        read: |o, _| flow(o, |f| f.ties_cut() as f64),
    },
    Measure {
        name: "ties_cut_{}",
        label: "ties cut ({})",
        meaning: "ties cut ({})",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::PerCutCause,
        doc: "ties cut by one cause: `utility` or `threshold` (the tie rule), `sanctioned` (guilt by association)",
        reading: None,
        read: |o, k| o.flows.map(|f| f.ties_by(cause(true, k)) as f64),
    },
    Measure {
        name: "ties_formed",
        label: "ties formed",
        meaning: "ties formed",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::Single,
        doc: "ties formed, all causes",
        reading: None,
        read: |o, _| flow(o, |f| f.ties_formed() as f64),
    },
    Measure {
        name: "ties_formed_{}",
        label: "ties formed ({})",
        meaning: "ties formed ({})",
        kind: Kind::Flow,
        format: Format::Decimals(0),
        shown: NOWHERE,
        family: Family::PerFormCause,
        doc: "ties formed by how the partner was found: `triadic` (a friend of a friend) or `random`",
        reading: None,
        read: |o, k| o.flows.map(|f| f.ties_by(cause(false, k)) as f64),
    },
    Measure {
        name: "patriotism_mean",
        label: "mean patriotism",
        meaning: "mean patriotism",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: NOWHERE,
        family: Family::Single,
        doc: "mean patriotism (P(a purchase is domestic))",
        reading: None,
        read: |o, _| o.patriotism_mean,
    },
    Measure {
        name: "perk_{}_share",
        label: "holding {} (%)",
        meaning: "share holding the perk {}",
        kind: Kind::State,
        format: Format::Percent,
        shown: NOWHERE,
        family: Family::PerPerk,
        doc: "share holding each perk",
        reading: None,
        read: |o, k| o.perk_shares.and_then(|p| p.get(k).copied()),
    },
    Measure {
        name: "transitivity",
        label: "global transitivity",
        meaning: "global transitivity",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "3 × triangles / connected triples",
        reading: Some(
            "The share of friends of friends who are friends themselves, over the whole network (each connected triple counts once, so well-connected citizens weigh most). High: close-knit circles. It falls when ties inside circles are cut or new ties join strangers.",
        ),
        read: |o, _| Some(o.graph.transitivity),
    },
    Measure {
        name: "avg_clustering",
        label: "average local clustering",
        meaning: "average local clustering",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "mean local clustering, citizens with degree < 2 counted as 0",
        reading: Some(
            "The same share per citizen, averaged over all citizens (citizens with fewer than two friends count as 0, so it drops as citizens are left with one friend or none). Above transitivity: the closest circles are among the less connected.",
        ),
        read: |o, _| Some(o.graph.avg_clustering),
    },
    Measure {
        name: "components",
        label: "connected components",
        meaning: "connected components",
        kind: Kind::State,
        format: Format::Decimals(0),
        shown: SUMMARY_AND_REPORT,
        family: Family::Single,
        doc: "connected components (isolated citizens count as components)",
        reading: Some(
            "Separate pieces of the network, each isolated citizen one of them. Read with the isolated share: a rise that matches the isolated is citizens cut off one by one.",
        ),
        read: |o, _| Some(o.graph.components as f64),
    },
    Measure {
        name: "largest_component_share",
        label: "largest component (% of citizens)",
        meaning: "share of citizens in the largest component",
        kind: Kind::State,
        format: Format::Percent,
        shown: REPORT,
        family: Family::Single,
        doc: "size of the largest component / citizens",
        reading: Some(
            "The share of citizens who can still reach each other through friends. A fall larger than the rise of the isolated share means the network split into pieces (see the second component).",
        ),
        read: |o, _| Some(o.graph.largest_component_share),
    },
    Measure {
        name: "second_component_share",
        label: "second component (% of citizens)",
        meaning: "share of citizens in the second-largest component",
        kind: Kind::State,
        format: Format::Percent,
        shown: NOWHERE,
        family: Family::Single,
        doc: "size of the second-largest component / citizens (0 with one component)",
        reading: Some(
            "A second large piece (more than a few per cent) means the network split, not only that some citizens were cut off.",
        ),
        read: |o, _| Some(o.graph.second_component_share),
    },
    Measure {
        name: "score_assortativity",
        label: "score assortativity",
        meaning: "score assortativity",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "Pearson correlation of scores at the two ends of every tie, each tie in both directions",
        reading: Some(
            "Above zero: friends have similar scores; zero: scores tell nothing about who is friends with whom; below zero: friends' scores differ more than chance would have it. It measures sorting by score directly, whatever the tiers.",
        ),
        read: |o, _| o.has_scores.then_some(o.graph.score_assortativity),
    },
    Measure {
        name: "degree_assortativity",
        label: "degree assortativity",
        meaning: "degree assortativity",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: REPORT,
        family: Family::Single,
        doc: "Pearson correlation of degrees at the two ends of every tie, each tie in both directions",
        reading: Some(
            "Above zero: the well-connected are friends with each other; below zero: they are friends with the poorly connected, as when the isolated-to-be keep one tie to a hub.",
        ),
        read: |o, _| Some(o.graph.degree_assortativity),
    },
    Measure {
        name: "same_tier_share",
        label: "ties within a tier (%)",
        meaning: "share of ties within a tier",
        kind: Kind::State,
        format: Format::Percent,
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "share of ties whose two ends are in the same tier",
        reading: Some(
            "Depends on the tiers' sizes: when most citizens sit in one or two tiers, most ties fall within a tier by chance. Read it against tier modularity, which removes the chance part.",
        ),
        read: |o, _| o.has_tiers.then_some(o.graph.same_tier_share),
    },
    Measure {
        name: "ei_index",
        label: "E–I index over tiers",
        meaning: "E–I index over tiers",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: REPORT,
        family: Family::Single,
        doc: "(external − internal) / all ties, over tiers",
        reading: Some(
            "+1: every tie crosses tiers; −1: every tie stays within a tier. It carries the same information as the same-tier share (E–I = 1 − 2 × same-tier share), so it shares its dependence on the tiers' sizes.",
        ),
        read: |o, _| o.has_tiers.then_some(o.graph.ei_index),
    },
    Measure {
        name: "tier_modularity",
        label: "tier modularity",
        meaning: "modularity of the tier partition",
        kind: Kind::State,
        format: Format::Decimals(4),
        shown: EVERYWHERE,
        family: Family::Single,
        doc: "modularity of the tier partition, Q = Σ_c [L_c/m − (D_c/2m)²]",
        reading: Some(
            "The same-tier share minus the share expected by chance from the tiers' sizes (each tier weighted by its citizens' ties). Above zero: ties fall within tiers more than chance would have it, the network sorted by tier; near zero: no more than by chance, however high the same-tier share.",
        ),
        read: |o, _| o.has_tiers.then_some(o.graph.tier_modularity),
    },
];

/// One column of metrics.csv: a measure, and the family member it stands for.
#[derive(Debug, Clone)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// The measure.
    pub measure: &'static Measure,
    /// The member of the family (0 for a single measure).
    pub member: usize,
}

impl Column {
    /// The label, with the member's name filled in.
    pub fn label(&self) -> String {
        self.measure.label.replace("{}", self.member_name())
    }

    /// What the column means, with the member's name filled in.
    pub fn meaning(&self) -> String {
        self.measure.meaning.replace("{}", self.member_name())
    }

    fn member_name(&self) -> &str {
        let start = self.measure.name.find("{}").unwrap_or(0);
        let end = self.name.len() - (self.measure.name.len() - start - 2);
        self.name.get(start..end).unwrap_or("")
    }

    /// The value in `observed`, `None` where its input was not available.
    pub fn value(&self, observed: &Observed) -> Option<f64> {
        (self.measure.read)(observed, self.member)
    }
}

/// The columns of metrics.csv for a scenario with these perks, in order.
pub fn columns<'a>(perks: impl IntoIterator<Item = &'a str>) -> Vec<Column> {
    let perks: Vec<&str> = perks.into_iter().collect();
    let mut out = Vec::new();
    for m in MEASURES {
        let names: Vec<String> = match m.family {
            Family::Single => vec![m.name.to_string()],
            Family::PerPerk => perks.iter().map(|p| m.name.replace("{}", p)).collect(),
            Family::PerCutCause | Family::PerFormCause => {
                let cut = m.family == Family::PerCutCause;
                Cause::all()
                    .filter(|c| c.is_cut() == cut)
                    .map(|c| m.name.replace("{}", c.name()))
                    .collect()
            }
        };
        for (member, name) in names.into_iter().enumerate() {
            out.push(Column {
                name,
                measure: m,
                member,
            });
        }
    }
    out
}

/// The measure of column `name`, for a scenario with any perks.
pub fn find(name: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| match m.name.split_once("{}") {
        None => m.name == name,
        Some((head, tail)) => {
            name.len() > head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
    })
}

/// The README's reference table of metrics.csv's columns (a generated block).
pub fn markdown_table() -> String {
    let mut out = String::from("| column | kind | meaning |\n|---|---|---|\n");
    for m in MEASURES {
        let name = m.name.replace(
            "{}",
            match m.family {
                Family::PerPerk => "<name>",
                _ => "<cause>",
            },
        );
        out += &format!("| `{name}` | {} | {} |\n", m.kind.word(), m.doc);
    }
    out
}

/// How to read the measures of the network's structure together: the
/// patterns that one measure alone would misread. Shown in the README (a
/// generated block) and in a run's `report.html`.
pub const READING_TOGETHER: &[&str] = &[
    "A high or rising same-tier share with tier modularity near zero means the tiers became \
     concentrated (most citizens in one or two tiers, so most ties fall within a tier by \
     chance), not that the network sorted: the share expected by chance, same-tier share \
     minus modularity, rose with it.",
    "Sorting by score shows as score assortativity and tier modularity both above zero and \
     rising; a falling or negative assortativity under a rising same-tier share is no sorting.",
    "Falling transitivity and clustering with a steady mean degree mean ties were rewired \
     outside circles; with a falling mean degree, circles are being cut.",
    "A largest component that shrinks by more than the isolated share grows means the network \
     split into pieces; by as much, that citizens were cut off one at a time.",
];

/// The README's guide to the measures of the network's structure (a
/// generated block): each measure with a reading, then how to read them
/// together.
pub fn reading_guide() -> String {
    let mut out = String::from("| column | how to read it |\n|---|---|\n");
    for m in MEASURES {
        if let Some(reading) = m.reading {
            out += &format!("| `{}` ({}) | {reading} |\n", m.name, m.label);
        }
    }
    out += "\nRead together:\n\n";
    for line in READING_TOGETHER {
        out += &format!("- {line}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cause_has_a_column_and_families_expand_in_order() {
        let names: Vec<String> = columns(["dating_svip", "visa"])
            .into_iter()
            .map(|c| c.name)
            .collect();
        for cause in Cause::all() {
            let family = if cause.is_cut() {
                "ties_cut"
            } else {
                "ties_formed"
            };
            assert!(
                names.contains(&format!("{family}_{}", cause.name())),
                "{cause:?} has no column"
            );
        }
        let at = |n: &str| names.iter().position(|c| c == n).unwrap();
        assert!(at("ties_cut") < at("ties_cut_utility"));
        assert!(at("ties_cut_sanctioned") < at("ties_formed"));
        assert_eq!(at("perk_dating_svip_share") + 1, at("perk_visa_share"));
        assert_eq!(at("patriotism_mean") + 1, at("perk_dating_svip_share"));
        assert_eq!(at("perk_visa_share") + 1, at("transitivity"));
    }

    #[test]
    fn labels_fill_in_the_member_and_names_are_found() {
        let cols = columns(["visa"]);
        let perk = cols.iter().find(|c| c.name == "perk_visa_share").unwrap();
        assert_eq!(perk.label(), "holding visa (%)");
        let cut = cols
            .iter()
            .find(|c| c.name == "ties_cut_threshold")
            .unwrap();
        assert_eq!(cut.meaning(), "ties cut (threshold)");
        assert_eq!(
            find("perk_visa_share").map(|m| m.name),
            Some("perk_{}_share")
        );
        assert_eq!(find("ties_cut").map(|m| m.name), Some("ties_cut"));
        assert_eq!(
            find("ties_cut_utility").map(|m| m.name),
            Some("ties_cut_{}")
        );
        assert!(find("no_such_column").is_none());
        // Every single measure's name is unique.
        let mut names: Vec<&str> = MEASURES.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), MEASURES.len());
    }

    #[test]
    fn counts_of_events_are_drawn_per_tick_and_shares_as_they_are() {
        let per_tick: Vec<&str> = MEASURES
            .iter()
            .filter(|m| m.per_tick())
            .map(|m| m.name)
            .collect();
        assert_eq!(
            per_tick,
            [
                "reports_true",
                "reports_false",
                "reports_confirmed",
                "sanctions",
                "wrongful_sanctions",
                "rewards_paid",
                "ties_cut",
                "ties_cut_{}",
                "ties_formed",
                "ties_formed_{}",
            ]
        );
        assert!(!find("critical_post_share").unwrap().per_tick());
        assert!(!find("isolated_share").unwrap().per_tick());
    }

    #[test]
    fn every_structural_measure_says_how_to_read_it() {
        for name in [
            "transitivity",
            "avg_clustering",
            "score_assortativity",
            "same_tier_share",
            "ei_index",
            "tier_modularity",
        ] {
            let reading = find(name).unwrap().reading;
            assert!(reading.is_some_and(|r| r.len() > 40), "{name}");
        }
        let guide = reading_guide();
        assert!(guide.contains("| `tier_modularity` (tier modularity) |"));
        assert!(guide.contains("not that the network sorted"));
    }
}
