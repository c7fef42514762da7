//! Scenarios: what a user writes in TOML, parsed, overridden and validated.
//!
//! Loading goes in two stages (as ripgrep does with its flags): the file is
//! parsed into the raw structs of [`model`] (serde, unknown keys refused), the
//! command-line overrides are applied by dotted key, and the result is
//! validated into a [`Scenario`] that reports every problem with its key
//! path and line. Nothing downstream sees unvalidated input.

pub mod model;
pub mod named;

use std::path::{Path, PathBuf};

pub use model::ScenarioFile;

/// Changes asked for on the command line, applied after the file is read.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--ticks`.
    pub ticks: Option<u32>,
    /// `--set KEY=VALUE`, in the order given.
    pub set: Vec<(String, String)>,
}

/// A validated scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Every parameter, defaults filled in; a `file` network's path is absolute.
    pub file: ScenarioFile,
    /// Where the scenario was read from.
    pub source: PathBuf,
}

/// A scenario that could not be loaded: every problem found, one per line.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct ScenarioError {
    pub problems: Vec<String>,
}

/// Reads, overrides and validates the scenario at `path`.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Scenario, ScenarioError> {
    let fail = |m: String| ScenarioError {
        problems: vec![format!("{}: {m}", path.display())],
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let mut file: ScenarioFile = toml::from_str(&text).map_err(|e| fail(e.to_string()))?;
    if let Some(seed) = overrides.seed {
        file.seed = seed;
    }
    if let Some(ticks) = overrides.ticks {
        file.ticks = ticks;
    }
    for (key, value) in &overrides.set {
        let v: toml::Value = toml::from_str::<toml::Table>(&format!("v = {value}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(value.clone()));
        set_key(&mut file, key, &v).map_err(|e| fail(format!("--set {key}: {e}")))?;
    }
    Ok(Scenario {
        file,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_toml() {
        let d = ScenarioFile::default();
        let text = toml::to_string(&d).unwrap();
        let back: ScenarioFile = toml::from_str(&text).unwrap();
        assert_eq!(d, back);
        let empty: ScenarioFile = toml::from_str("").unwrap();
        assert_eq!(empty, d);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<ScenarioFile>("[ties]\ncut_rat = 0.1\n").is_err());
        assert!(toml::from_str::<ScenarioFile>(
            "[network]\nkind = \"watts_strogatz\"\nk = 4\nrewire = 0.1\nfoo = 1\n"
        )
        .is_err());
        let ok: ScenarioFile =
            toml::from_str("[network]\nkind = \"erdos_renyi\"\nmean_degree = 4\n").unwrap();
        assert_eq!(ok.network, model::Network::ErdosRenyi { mean_degree: 4.0 });
    }
}

/// Sets one dotted key (`score.friend_weight`) of `file` to `value`.
pub fn set_key(file: &mut ScenarioFile, key: &str, value: &toml::Value) -> Result<(), String> {
    let mut root = toml::Value::try_from(&*file).map_err(|e| e.to_string())?;
    let mut node = &mut root;
    let parts: Vec<&str> = key.split('.').collect();
    for (k, part) in parts.iter().enumerate() {
        let table = node
            .as_table_mut()
            .ok_or_else(|| format!("{key}: not a table"))?;
        if k + 1 == parts.len() {
            if !table.contains_key(*part) {
                return Err(format!("unknown key {key}"));
            }
            table.insert(part.to_string(), value.clone());
            break;
        }
        node = table
            .get_mut(*part)
            .ok_or_else(|| format!("unknown key {key}"))?;
    }
    *file = root
        .try_into()
        .map_err(|e: toml::de::Error| e.to_string())?;
    Ok(())
}

/// The resolved scenario as TOML, every default written out.
pub fn to_toml(file: &ScenarioFile) -> String {
    toml::to_string(file).expect("a scenario always serialises")
}

/// What `sesame check` prints for a valid scenario.
pub fn describe(s: &Scenario) -> String {
    format!(
        "{} — {} ticks, seed {}",
        s.file.name, s.file.ticks, s.file.seed
    )
}
