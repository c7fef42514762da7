//! A few human-readable lines saying what a scenario resolves to (what
//! `sesame check` prints for a valid file).

use super::model::{FileFormat, Network, Spillover, TieRule};
use super::set::flatten;
use super::validate::warnings;
use super::Scenario;

/// What `s` resolves to: name and description, population and groups,
/// network, length and seed, which phases are switched on, events, outputs,
/// and any warnings.
pub fn describe(s: &Scenario) -> String {
    let f = &s.file;
    let mut lines = Vec::new();
    if f.description.is_empty() {
        lines.push(f.name.clone());
    } else {
        lines.push(format!("{}: {}", f.name, f.description));
    }

    let groups: Vec<String> = f
        .population
        .groups
        .iter()
        .map(|(name, g)| {
            let laws = match super::model::group_defaults_for(name) {
                Some(_) => format!("defaults of {name}"),
                None => "general defaults".to_string(),
            };
            let traits = format!(
                "dissent {:.2}, vigilance {:.2}, fear {:.2}",
                g.dissent.mean(),
                g.vigilance.mean(),
                g.fear.mean()
            );
            format!(
                "  {name} {}: {laws} where not written (mean {traits})",
                percent(g.share)
            )
        })
        .collect();
    let size = match (&f.network, f.population.size) {
        (Network::File { .. }, _) => "citizens from the edge list".to_string(),
        (_, Some(n)) => format!("{} citizens", thousands(n)),
        (_, None) => format!(
            "{} citizens (default)",
            thousands(super::model::DEFAULT_POPULATION)
        ),
    };
    lines.push(format!(
        "population: {size} in {} group{}",
        groups.len(),
        if groups.len() == 1 { "" } else { "s" }
    ));
    lines.extend(groups);

    let network = match &f.network {
        Network::ErdosRenyi { mean_degree } => format!("erdos_renyi, mean degree {mean_degree}"),
        Network::WattsStrogatz { k, rewire } => format!("watts_strogatz, k = {k}, rewire = {rewire}"),
        Network::BarabasiAlbert { m } => format!("barabasi_albert, m = {m}"),
        Network::StochasticBlock {
            communities,
            mean_degree_in,
            mean_degree_out,
        } => format!(
            "stochastic_block, {communities} communities, mean degree {mean_degree_in} inside and {mean_degree_out} outside"
        ),
        Network::File { path, format, .. } => {
            format!("edge list {path} ({})", format!("{format:?}").to_lowercase())
        }
    };
    lines.push(format!("network: {network}"));
    lines.push(format!(
        "run: {} ticks, seed {}",
        thousands(u64::from(f.ticks)),
        f.seed
    ));

    let on = |enabled: bool, what: String| if enabled { what } else { "off".to_string() };
    let spillover = match f.score.spillover {
        Spillover::Record => "friends' records",
        Spillover::Score => "friends' scores",
    };
    lines.push(format!(
        "score: [{}, {}], friend weight κ = {} on {spillover}; {} tiers, {} perks",
        f.score.min,
        f.score.max,
        f.score.friend_weight,
        f.tiers.len(),
        f.perks.len()
    ));
    lines.push(format!(
        "behaviour {}; reporting {}",
        on(f.behaviour.enabled, "on".into()),
        on(
            f.reporting.enabled,
            format!(
                "on (surveillance {}, reward {})",
                f.reporting.surveillance, f.reporting.reward
            )
        ),
    ));
    let rule = match f.ties.rule {
        TieRule::Threshold => format!(
            "threshold rule: friends below {} or {} under one's own score are toxic",
            f.ties.cut_below, f.ties.cut_gap
        ),
        other => format!("{} rule", other.name()),
    };
    lines.push(format!(
        "ties {}; adapt {}",
        on(f.ties.enabled, format!("on ({rule})")),
        on(f.adapt.enabled, "on".into()),
    ));

    if !f.events.is_empty() {
        let mut events: Vec<_> = f.events.iter().collect();
        events.sort_by_key(|e| e.at_tick);
        let described: Vec<String> = events
            .iter()
            .map(|e| {
                let keys: Vec<String> = flatten(&e.set).into_iter().map(|(k, _)| k).collect();
                format!("tick {}: {}", e.at_tick, keys.join(", "))
            })
            .collect();
        lines.push(format!(
            "events: {} ({})",
            f.events.len(),
            described.join("; ")
        ));
    }
    let mut output = format!(
        "output: measures every {} tick{}; tie events {}",
        f.output.metrics_every,
        if f.output.metrics_every == 1 { "" } else { "s" },
        if f.output.tie_events {
            "written"
        } else {
            "not written"
        }
    );
    // The files written on request, named only when asked for.
    if f.output.citizens_every > 0 {
        let every = f.output.citizens_every;
        output += &format!(
            "; citizen trajectories every {every} tick{} (citizen_ticks.csv)",
            if every == 1 { "" } else { "s" }
        );
    }
    if f.output.edges_initial {
        match f.output.edges.file_name("edges_initial") {
            Some(name) => output += &format!("; initial graph ({name})"),
            None => output += "; no initial graph (output.edges = \"none\")",
        }
    }
    if f.output.graphml {
        output += "; final graph as GraphML (graph.graphml)";
    }
    // The final state, named only when not plain CSV.
    for (stem, format) in [("citizens", f.output.citizens), ("edges", f.output.edges)] {
        match format.file_name(stem) {
            Some(name) if format != FileFormat::Csv => output += &format!("; {name}"),
            Some(_) => {}
            None => output += &format!("; no {stem}.csv (output.{stem} = \"none\")"),
        }
    }
    lines.push(output);
    for w in warnings(f) {
        lines.push(format!("warning: {w}"));
    }
    lines.join("\n")
}

/// `0.85` → `85%`, `0.125` → `12.5%`.
fn percent(share: f64) -> String {
    format!("{}%", (share * 1e4).round() / 100.0)
}

/// `1000000` → `1,000,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ScenarioFile;

    #[test]
    fn numbers_read_well() {
        assert_eq!(percent(0.85), "85%");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn describes_the_defaults() {
        let s = Scenario {
            file: ScenarioFile::default(),
            source: "x.toml".into(),
        };
        let text = describe(&s);
        assert!(
            text.contains("population: 10,000 citizens (default) in 3 groups\n  conformists 85%: defaults of conformists"),
            "{text}"
        );
        assert!(
            text.contains(
                "dissidents 5%: defaults of dissidents where not written (mean dissent 0.80"
            ),
            "{text}"
        );
        assert!(
            text.contains("network: watts_strogatz, k = 10, rewire = 0.1"),
            "{text}"
        );
        assert!(text.contains("run: 200 ticks, seed 1"), "{text}");
        assert!(
            text.contains("friend weight κ = 0.2 on friends' records"),
            "{text}"
        );
        assert!(text.contains("ties on (utility rule)"), "{text}");
        assert!(!text.contains("events:"), "{text}");
    }
}
