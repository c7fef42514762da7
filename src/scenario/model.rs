//! The scenario as typed values: every key of the model with its default
//! (docs/model.md §8 says where each default comes from).
//!
//! These structs are the raw, parsed form (serde, `deny_unknown_fields`
//! everywhere); [`super::validate`] turns them into a checked
//! [`super::Scenario`]. Every default carries a comment saying why.

use serde::{Deserialize, Serialize};

use super::named::Named;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short name, used in outputs and charts.
    pub name: String,
    /// What question this scenario asks.
    pub description: String,
    /// Seed of every random stream of the run.
    pub seed: u64,
    /// Number of ticks simulated after the initial state (tick 0).
    pub ticks: u32,
    pub population: Population,
    pub employment: Employment,
    pub network: Network,
    pub behaviour: Behaviour,
    pub reporting: Reporting,
    pub points: Points,
    pub score: Score,
    /// Score tiers, by name, in increasing `min_score`.
    pub tiers: Named<Tier>,
    /// Perks held by every citizen whose score reaches `min_score`, by name.
    pub perks: Named<Perk>,
    pub ties: Ties,
    pub adapt: Adapt,
    /// Parameter changes at the start of given ticks.
    pub events: Vec<Event>,
    pub output: Output,
}

impl Default for ScenarioFile {
    fn default() -> Self {
        ScenarioFile {
            // Names the run folder and the charts when the file gives no name.
            name: "scenario".into(),
            // Optional prose: a scenario says what it is for when it wants to.
            description: String::new(),
            // Any seed makes a run reproducible; 1 is the first.
            seed: 1,
            // 200 ticks: long enough for the tie dynamics to settle at the default rates.
            ticks: 200,
            population: Population::default(),
            employment: Employment::default(),
            network: Network::default(),
            behaviour: Behaviour::default(),
            reporting: Reporting::default(),
            points: Points::default(),
            score: Score::default(),
            tiers: default_tiers(),
            perks: default_perks(),
            ties: Ties::default(),
            adapt: Adapt::default(),
            events: Vec::new(),
            output: Output::default(),
        }
    }
}

/// Citizens of a generated network when `population.size` is not given:
/// large enough for stable shares, small enough to run in seconds.
pub const DEFAULT_POPULATION: u64 = 10_000;

/// The citizens and the groups their traits are drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Population {
    /// Number of citizens; default [`DEFAULT_POPULATION`] for a generated
    /// network. For a `file` network it is the graph's node count and may be
    /// omitted.
    pub size: Option<u64>,
    /// Groups by name, with their share of the population.
    pub groups: Named<Group>,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            // None: a file network's citizens, else 10,000 (large enough for
            // stable shares, small enough to run in seconds).
            size: None,
            // Conformists, opportunists and dissidents: the populations the
            // model's question is about.
            groups: default_groups(),
        }
    }
}

/// A Beta(alpha, beta) distribution for a trait in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beta {
    pub alpha: f64,
    pub beta: f64,
}

impl Beta {
    pub const fn new(alpha: f64, beta: f64) -> Beta {
        Beta { alpha, beta }
    }
    /// The distribution's mean.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }
}

/// A group: its share of the population and the distributions of its members' traits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Group {
    /// Share of the population, in [0, 1]; shares sum to 1.
    pub share: f64,
    /// P(a bill is paid on time). Default Beta(18, 2): 90 % on time.
    pub punctuality: Beta,
    /// P(a post is critical of the state). Default Beta(1, 19): 5 %.
    pub dissent: Beta,
    /// P(a purchase is domestic). Default Beta(8, 2): 80 %.
    pub patriotism: Beta,
    /// P(reporting a violation seen in a friend). Default Beta(2, 8): 20 %.
    pub vigilance: Beta,
    /// How strongly sanctions change behaviour. Default Beta(4, 4): 0.5 on average.
    pub fear: Beta,
}

impl Default for Group {
    fn default() -> Self {
        Group {
            // A group's share is always given with the group.
            share: 0.0,
            // Stylised: 90 % of bills on time.
            punctuality: Beta::new(18.0, 2.0),
            // Stylised: 5 % of posts critical.
            dissent: Beta::new(1.0, 19.0),
            // Stylised: 80 % of purchases domestic.
            patriotism: Beta::new(8.0, 2.0),
            // Stylised: a violation seen is reported 20 % of the time.
            vigilance: Beta::new(2.0, 8.0),
            // Stylised: middling, 0.5 on average.
            fear: Beta::new(4.0, 4.0),
        }
    }
}

/// Conformists 0.85, opportunists 0.10, dissidents 0.05 (docs/model.md §5).
pub fn default_groups() -> Named<Group> {
    Named(vec![
        (
            "conformists".into(),
            Group {
                share: 0.85,
                ..Group::default()
            },
        ),
        (
            "opportunists".into(),
            Group {
                share: 0.10,
                // Opportunists report eagerly: Beta(6, 4).
                vigilance: Beta::new(6.0, 4.0),
                ..Group::default()
            },
        ),
        (
            "dissidents".into(),
            Group {
                share: 0.05,
                // Dissidents post critically 80 % of the time and are hard to frighten
                // (dissent Beta(8, 2), fear Beta(1, 9)); they rarely denounce
                // (Beta(1, 9)) and buy slightly less domestic (Beta(6, 4)).
                dissent: Beta::new(8.0, 2.0),
                fear: Beta::new(1.0, 9.0),
                vigilance: Beta::new(1.0, 9.0),
                patriotism: Beta::new(6.0, 4.0),
                ..Group::default()
            },
        ),
    ])
}

/// The default group whose laws a group named `name` starts from: the
/// default group of exactly that name, else `None` (the general defaults,
/// [`Group::default`], the laws of conformists). Laws never depend on a name
/// in any other way: `Dissidents` is not `dissidents`.
pub fn group_defaults_for(name: &str) -> Option<Group> {
    default_groups().get(name).cloned()
}

/// A default group name that `name` resembles without being it (another
/// case, spaces, singular or plural): a likely slip that would give the
/// group the general defaults instead of that group's.
pub fn resembled_default_group(name: &str) -> Option<&'static str> {
    let fold = |n: &str| n.trim().to_lowercase().trim_end_matches('s').to_string();
    ["conformists", "opportunists", "dissidents"]
        .into_iter()
        .find(|d| *d != name && fold(d) == fold(name))
}

/// One employment status: its share and its effect on spending.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmploymentClass {
    pub share: f64,
    pub spending_multiplier: f64,
}

/// Employment refines the spending profile only (no direct effect on the score).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Employment {
    pub employed: EmploymentClass,
    pub student: EmploymentClass,
    pub unemployed: EmploymentClass,
    pub retired: EmploymentClass,
}

impl Employment {
    /// The four statuses in a fixed order (their index is the status id).
    pub const NAMES: [&'static str; 4] = ["employed", "student", "unemployed", "retired"];

    /// The statuses in the order of [`Employment::NAMES`].
    pub fn classes(&self) -> [EmploymentClass; 4] {
        [self.employed, self.student, self.unemployed, self.retired]
    }
}

impl Default for Employment {
    fn default() -> Self {
        // Shares 0.70/0.10/0.08/0.12, spending 1.0/0.4/0.3/0.6 (docs/model.md §8).
        let c = |share, spending_multiplier| EmploymentClass {
            share,
            spending_multiplier,
        };
        Employment {
            // Stylised shares of an adult population; the employed are the
            // reference spender.
            employed: c(0.70, 1.0),
            // Students spend less than earners.
            student: c(0.10, 0.4),
            // The unemployed spend least.
            unemployed: c(0.08, 0.3),
            // Pensions: between students and earners.
            retired: c(0.12, 0.6),
        }
    }
}

/// The initial friendship graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Network {
    /// G(n, m) with m = n · mean_degree / 2.
    ErdosRenyi { mean_degree: f64 },
    /// Ring lattice of `k` neighbours, each tie rewired with probability `rewire`.
    WattsStrogatz { k: u32, rewire: f64 },
    /// Preferential attachment, `m` ties per new citizen.
    BarabasiAlbert { m: u32 },
    /// Planted communities of nearly equal size.
    StochasticBlock {
        communities: u32,
        mean_degree_in: f64,
        mean_degree_out: f64,
    },
    /// An edge list read from a file (relative paths are relative to the scenario file).
    File {
        path: String,
        #[serde(default)]
        format: EdgeFileFormat,
        /// The fingerprint of the file's bytes (`fnv1a64:` and 16 hex
        /// digits). Filled in when the scenario is loaded; a scenario that
        /// gives it refuses any other file, so a resolved scenario, a sweep
        /// and its shards always name the network they ran on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hash: Option<String>,
    },
}

impl Default for Network {
    fn default() -> Self {
        // Clustered and small-world, like real friendship networks (docs/model.md §7.9).
        Network::WattsStrogatz { k: 10, rewire: 0.1 }
    }
}

/// Format of an edge-list file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeFileFormat {
    /// `.csv` files are CSV with a header, anything else SNAP-style.
    #[default]
    Auto,
    /// Comma-separated with a header line.
    Csv,
    /// Whitespace-separated pairs, `#` comments (as SNAP ships them).
    Snap,
}

/// Act (docs/model.md §7.2): what citizens do each tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Behaviour {
    /// Whether citizens pay bills, buy and post at all.
    pub enabled: bool,
    /// Bills paid per tick.
    pub bills_per_tick: u32,
    /// Mean purchases per tick (before employment and tier multipliers).
    pub purchase_rate: f64,
    /// Log-mean of a purchase amount (e^3 ≈ 20).
    pub amount_mu: f64,
    /// Log-sd of a purchase amount.
    pub amount_sigma: f64,
    /// P(posting once in a tick).
    pub post_rate: f64,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            // Every mechanism on.
            enabled: true,
            // One bill per tick.
            bills_per_tick: 1,
            // Stylised: two purchases per tick on average.
            purchase_rate: 2.0,
            // Stylised: a median purchase of e^3 ≈ 20.
            amount_mu: 3.0,
            // Stylised: a wide spread of amounts.
            amount_sigma: 1.0,
            // Stylised: a post about every third tick.
            post_rate: 0.3,
        }
    }
}

/// Observe and report (docs/model.md §7.3): surveillance, denunciation and its checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reporting {
    /// Whether violations are detected and reported at all.
    pub enabled: bool,
    /// P(the state detects a critical post by itself).
    pub surveillance: f64,
    /// Multiplies each friend's vigilance to give P(reporting a seen violation).
    pub propensity: f64,
    /// Multiplies vigilance to give P(a false report against one friend).
    pub false_rate: f64,
    /// P(a true report is confirmed); a false one is wrongly confirmed with 1 − accuracy.
    pub accuracy: f64,
    /// Points paid to the reporter of a confirmed report.
    pub reward: f64,
    /// Points taken from the reporter of a dismissed false report.
    pub false_penalty: f64,
}

impl Default for Reporting {
    fn default() -> Self {
        Reporting {
            // Every mechanism on.
            enabled: true,
            // Stylised: the state alone catches few posts, so reports matter.
            surveillance: 0.05,
            // Vigilance is the reporting probability as drawn.
            propensity: 1.0,
            // Stylised: false reports are rare per friend and tick.
            false_rate: 0.002,
            // Stylised: checks are mostly right.
            accuracy: 0.9,
            // Stylised: a report is worth ten on-time bills.
            reward: 10.0,
            // Stylised: half a reward.
            false_penalty: 5.0,
        }
    }
}

/// Score (docs/model.md §7.4): points a citizen's own record gains or loses per event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Points {
    pub on_time: f64,
    pub late: f64,
    pub spending: f64,
    pub amount_reference: f64,
    pub domestic: f64,
    pub imported: f64,
    pub praise: f64,
    /// Weight of log2(1 + degree): the "friends invited" criterion.
    pub friends: f64,
    pub sanction: f64,
}

impl Default for Points {
    fn default() -> Self {
        Points {
            // Stylised: punctual bills raise the score slowly…
            on_time: 1.0,
            // …and late ones lower it fast.
            late: 8.0,
            // Spending counts, with diminishing returns (log2).
            spending: 1.0,
            // About a tick's typical spending.
            amount_reference: 50.0,
            // Stylised: domestic goods earn a little…
            domestic: 0.5,
            // …imported goods cost more.
            imported: 3.0,
            // Stylised: praising the state pays.
            praise: 2.0,
            // Sesame Credit's "friends invited" criterion, with diminishing returns.
            friends: 0.5,
            // Stylised: a sanction costs about a dozen ticks of a conformist's own points.
            sanction: 40.0,
        }
    }
}

/// Which friends' quantity feeds a citizen's score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spillover {
    /// Friends' own records (after this tick's update), as a credit bureau would.
    #[default]
    Record,
    /// Friends' displayed scores of the previous tick (a DeGroot process).
    Score,
}

/// Score (docs/model.md §7.4): the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Score {
    pub min: f64,
    pub max: f64,
    pub initial_mean: f64,
    pub initial_sd: f64,
    /// κ: weight of friends in one's score.
    pub friend_weight: f64,
    pub spillover: Spillover,
    /// Fraction of the gap to `reversion_target` closed each tick.
    pub reversion: f64,
    pub reversion_target: f64,
    /// Points lost per tick without any friend.
    pub isolation_penalty: f64,
}

impl Default for Score {
    fn default() -> Self {
        Score {
            // Sesame Credit's range, 350 to 950.
            min: 350.0,
            // Sesame Credit's top score.
            max: 950.0,
            // The lower edge of the "good" tier.
            initial_mean: 600.0,
            // Stylised: 95 % of citizens start within 80 points of the mean.
            initial_sd: 40.0,
            // κ: friends matter, one's own record matters more (MODEL.md's value).
            friend_weight: 0.2,
            // Friends' own credit histories count, as a credit bureau would compute it.
            spillover: Spillover::Record,
            // Tuned from 0.02 (docs/model.md §9): centres conformists' scores near 660.
            reversion: 0.05,
            // The initial mean.
            reversion_target: 600.0,
            // Stylised: having no friend at all costs.
            isolation_penalty: 2.0,
        }
    }
}

/// A score tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Lowest score of the tier.
    pub min_score: f64,
    /// Multiplies the purchase rate of the tier's members.
    #[serde(default = "one")]
    pub spending_multiplier: f64,
    /// Perks (names from `[perks]`) every member of the tier holds, whatever its score.
    #[serde(default)]
    pub perks: Vec<String>,
}

fn one() -> f64 {
    1.0
}

/// Tiers (docs/model.md §7.5): blacklisted 350 (spending 0.5), fair 550, good 600, very_good 650, excellent 700 (1.2).
pub fn default_tiers() -> Named<Tier> {
    let t = |min_score, spending_multiplier| Tier {
        min_score,
        spending_multiplier,
        perks: Vec::new(),
    };
    Named(vec![
        ("blacklisted".into(), t(350.0, 0.5)),
        ("fair".into(), t(550.0, 1.0)),
        ("good".into(), t(600.0, 1.0)),
        ("very_good".into(), t(650.0, 1.0)),
        ("excellent".into(), t(700.0, 1.2)),
    ])
}

/// A perk unlocked at a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perk {
    pub min_score: f64,
}

/// Sesame Credit's perks: a dating-app SVIP pass at 588, a fast-track visa at 750.
pub fn default_perks() -> Named<Perk> {
    Named(vec![
        ("dating_svip".into(), Perk { min_score: 588.0 }),
        ("visa".into(), Perk { min_score: 750.0 }),
    ])
}

/// How ties are cut (and proposals accepted): the rules of
/// [`crate::rules::tie_rules`], one file each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// Self-interest: cut with a probability rising with what the friend costs one's score.
    #[default]
    Utility,
    /// Stigma: cut friends whose score is below a line or far below one's own.
    Threshold,
    /// A toy rule compiled only into the tests, to prove that adding a rule
    /// touches the places CONTRIBUTING.md lists and no others.
    #[cfg(test)]
    Toy,
}

impl TieRule {
    /// Every rule, in declaration order (`rule as usize` indexes it).
    pub const ALL: &'static [TieRule] = &[
        TieRule::Utility,
        TieRule::Threshold,
        #[cfg(test)]
        TieRule::Toy,
    ];

    /// The names a scenario writes (`ties.rule = "utility"`), in the order of [`TieRule::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "utility",
        "threshold",
        #[cfg(test)]
        "toy",
    ];

    /// The name a scenario writes, and the cause of its cuts in events.csv
    /// and metrics.csv (`ties_cut_<name>`).
    pub fn name(self) -> &'static str {
        TieRule::NAMES[self as usize]
    }
}

/// Ties (docs/model.md §7.6): ostracism and formation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ties {
    /// Whether ties are cut and formed at all.
    pub enabled: bool,
    pub rule: TieRule,
    pub cut_rate: f64,
    pub rationality: f64,
    /// What a friendship is worth to a citizen, in score points, beyond the score.
    pub friendship_value: f64,
    pub cut_below: f64,
    pub cut_gap: f64,
    pub cut_sanctioned: f64,
    pub form_rate: f64,
    pub triadic: f64,
    pub accept: f64,
    pub max_degree: u32,
}

impl Default for Ties {
    fn default() -> Self {
        Ties {
            // Every mechanism on.
            enabled: true,
            // Self-interest; `threshold` is the stigma alternative.
            rule: TieRule::Utility,
            // Stylised: at most a few per cent of ties reconsidered a tick.
            cut_rate: 0.05,
            // A gain of one point a tick moves the logistic noticeably.
            rationality: 1.0,
            // About a tick's own points; with form_rate it balances cuts and new ties at κ = 0 (docs/model.md §9).
            friendship_value: 3.0,
            // A toxic friend is a blacklisted one.
            cut_below: 550.0,
            // Three tiers below oneself.
            cut_gap: 150.0,
            // As cut_rate.
            cut_sanctioned: 0.05,
            // As cut_rate; with friendship_value it balances cuts and new ties at κ = 0 (docs/model.md §9).
            form_rate: 0.05,
            // Most new friends are friends of friends.
            triadic: 0.7,
            // Stylised: a proposal that neither gains nor costs is accepted half the time.
            accept: 0.5,
            // Far above any degree the defaults produce; a safeguard.
            max_degree: 500,
        }
    }
}

/// Adapt (docs/model.md §7.7): how citizens adapt (gamification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Adapt {
    pub enabled: bool,
    pub self_censorship: f64,
    pub learning: f64,
    pub imitation: f64,
    pub imitation_strength: f64,
}

impl Default for Adapt {
    fn default() -> Self {
        Adapt {
            // Every mechanism on.
            enabled: true,
            // Stylised: a sanction halves dissent at full fear.
            self_censorship: 0.5,
            // Stylised: a reward closes a tenth of the gap to full vigilance.
            learning: 0.1,
            // Tuned from 0.02 (docs/model.md §9): dissidents stay dissidents for a run.
            imitation: 0.005,
            // Halfway towards the friend.
            imitation_strength: 0.5,
        }
    }
}

/// A change of parameters at the start of a tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at_tick: u32,
    /// Dotted keys (as for `--set`) and their new values.
    pub set: toml::Table,
}

/// How a per-citizen or per-tie file (citizens.csv, edges.csv) is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileFormat {
    /// Plain CSV (`citizens.csv`).
    #[default]
    #[serde(rename = "csv")]
    Csv,
    /// CSV compressed with gzip at its fast level (`citizens.csv.gz`): the
    /// bytes of the CSV file, several times smaller, for societies whose
    /// plain files would be tens of GB.
    #[serde(rename = "csv.gz")]
    CsvGz,
    /// Not written.
    #[serde(rename = "none")]
    None,
}

impl FileFormat {
    /// Every format, in declaration order (`format as usize` indexes it).
    pub const ALL: [FileFormat; 3] = [FileFormat::Csv, FileFormat::CsvGz, FileFormat::None];

    /// The values a scenario writes, in the order of [`FileFormat::ALL`].
    pub const NAMES: &'static [&'static str] = &["csv", "csv.gz", "none"];

    /// The value a scenario writes.
    pub fn name(self) -> &'static str {
        FileFormat::NAMES[self as usize]
    }

    /// The name of the file of `stem` (`"citizens"`) in this format, `None`
    /// when it is not written.
    pub fn file_name(self, stem: &str) -> Option<String> {
        match self {
            FileFormat::Csv => Some(format!("{stem}.csv")),
            FileFormat::CsvGz => Some(format!("{stem}.csv.gz")),
            FileFormat::None => None,
        }
    }

    fn is_csv(&self) -> bool {
        *self == FileFormat::Csv
    }
}

/// What is written.
///
/// The keys added after the first run folders were written
/// (`citizens_every`, `edges_initial`, `graphml`, `citizens`, `edges`)
/// leave themselves out of a resolved scenario while at their defaults, so
/// the scenario.toml of a run that does not use them reads as before they
/// existed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Output {
    /// Record the measures every this many ticks (and at tick 0 and the last tick).
    pub metrics_every: u32,
    /// Write every cut and new tie to events.csv.
    pub tie_events: bool,
    /// Write every citizen's record, score, tier and degree to
    /// citizen_ticks.csv every this many ticks (and at tick 0 and the last
    /// tick); 0: not written.
    #[serde(skip_serializing_if = "is_zero")]
    pub citizens_every: u32,
    /// Write the initial friendship graph to edges_initial.csv.
    #[serde(skip_serializing_if = "is_false")]
    pub edges_initial: bool,
    /// Write the final graph with its citizens' attributes as GraphML
    /// (graph.graphml), for Gephi, NetworkX, igraph.
    #[serde(skip_serializing_if = "is_false")]
    pub graphml: bool,
    /// How citizens.csv (the final state of every citizen) is written:
    /// `"csv"`, `"csv.gz"` (citizens.csv.gz) or `"none"`.
    #[serde(skip_serializing_if = "FileFormat::is_csv")]
    pub citizens: FileFormat,
    /// How edges.csv (the final ties) is written, and edges_initial.csv
    /// when asked for: `"csv"`, `"csv.gz"` (edges.csv.gz,
    /// edges_initial.csv.gz) or `"none"` (neither).
    #[serde(skip_serializing_if = "FileFormat::is_csv")]
    pub edges: FileFormat,
}

/// The output keys a resolved scenario leaves out while they are off (at
/// their defaults), so that adding them changed no existing scenario.toml.
pub const OMITTED_WHILE_OFF: [&str; 5] = [
    "output.citizens_every",
    "output.edges_initial",
    "output.graphml",
    "output.citizens",
    "output.edges",
];

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for Output {
    fn default() -> Self {
        Output {
            // Every tick: cheap at 10,000 citizens, and charts show every step.
            metrics_every: 1,
            // The event log is large; written on request.
            tie_events: false,
            // Per-citizen trajectories are larger still (citizens × records).
            citizens_every: 0,
            // The initial graph is the generator's, redrawn from the seed.
            edges_initial: false,
            // A second copy of the final graph, for other tools: on request.
            graphml: false,
            // Plain CSV, as every run folder had before the choice existed: it
            // opens anywhere, and at the sizes most runs have (up to a million
            // citizens, some 100 MB) compression is not worth its time.
            citizens: FileFormat::Csv,
            // As citizens.
            edges: FileFormat::Csv,
        }
    }
}
