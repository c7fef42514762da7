//! The short table printed at the end of a run: key measures at the first
//! and the last recorded tick.

use crate::output::number;
use crate::run::RunSummary;

/// The table as text.
pub fn table(summary: &RunSummary) -> String {
    let run = &summary.run;
    let (Some(first), Some(last)) = (run.observations.first(), run.observations.last()) else {
        return String::new();
    };
    let mut out = format!(
        "{} citizens, {} ticks in {:.1} s → {}\n",
        run.sim.society.len(),
        run.sim.tick,
        summary.wall_seconds,
        summary.folder.display()
    );
    out += &format!(
        "  {:<22} {:>12} {:>12}\n",
        "measure",
        format!("tick {}", first.tick),
        format!("tick {}", last.tick)
    );
    let key = crate::measures::MEASURES.iter().filter(|m| m.shown.summary);
    for name in key.map(|m| m.name) {
        if let Some(k) = run.columns.iter().position(|c| c == name) {
            let show = |v: f64| {
                if v.is_nan() {
                    "–".to_string()
                } else {
                    number((v * 1e4).round() / 1e4)
                }
            };
            out += &format!(
                "  {:<22} {:>12} {:>12}\n",
                name,
                show(first.metrics[k]),
                show(last.metrics[k])
            );
        }
    }
    let share = |o: &crate::observe::Observation, tier: &str| {
        o.tiers.iter().find(|t| t.tier == tier).map(|t| t.share)
    };
    if let (Some(a), Some(b)) = (share(first, "blacklisted"), share(last, "blacklisted")) {
        out += &format!(
            "  {:<22} {:>12} {:>12}\n",
            "blacklisted_share",
            number((a * 1e4).round() / 1e4),
            number((b * 1e4).round() / 1e4)
        );
    }
    out
}
