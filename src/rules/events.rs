//! Events (docs/model.md §7.1): parameter changes at the start of a tick.

use crate::scenario::{self, ScenarioFile};

/// Applies every event whose `at_tick` is `tick`, in file order, to the
/// running parameters. Events were validated when the scenario was loaded,
/// so a failure here is a bug; it is still reported rather than ignored.
pub fn apply(params: &mut ScenarioFile, tick: u32) -> Result<usize, String> {
    let due: Vec<_> = params
        .events
        .iter()
        .filter(|e| e.at_tick == tick)
        .cloned()
        .collect();
    for event in &due {
        for (key, value) in &event.set {
            scenario::set_key(params, key, value)
                .map_err(|e| format!("event at tick {tick}: {key}: {e}"))?;
        }
    }
    Ok(due.len())
}
