//! A run folder's `manifest.json`: what made the run (program, version,
//! command, threads), what it ran (scenario name, seed, the resolved
//! scenario's fingerprint, the network file read), and how far it got
//! (ticks done, complete, the signal that stopped it, wall time). Written
//! when the folder is opened and again when the run ends; read by the
//! charts, the report and the overwrite checks.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::folder::MANIFEST;

/// The manifest of one run. Its fields are written in alphabetical order
/// (the order of the keys in every manifest sesame has written), and every
/// field is optional when read, so that manifests of earlier versions and
/// of runs cut off mid-write still read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// The command line that made the run, as typed.
    #[serde(default)]
    pub command: Option<String>,
    /// Whether the run reached its last tick and wrote every file.
    #[serde(default)]
    pub complete: Option<bool>,
    /// The signal that stopped the run early (null when none did).
    #[serde(default)]
    pub interrupted_by_signal: Option<i32>,
    /// `"run"` (a sweep's manifest says `"sweep"`).
    #[serde(default)]
    pub kind: Option<String>,
    /// The edge list a `file` network was read from (null for a generated
    /// network).
    #[serde(default)]
    pub network_file: Option<NetworkFileEntry>,
    /// `"sesame"`: how a folder sesame wrote is told from any other.
    #[serde(default)]
    pub program: Option<String>,
    /// The scenario's name.
    #[serde(default)]
    pub scenario: Option<String>,
    /// `fnv1a64:` and the fingerprint of the resolved scenario.toml.
    #[serde(default)]
    pub scenario_hash: Option<String>,
    /// The run's seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The worker threads the run had (results never depend on it).
    #[serde(default)]
    pub threads: Option<usize>,
    /// The ticks the scenario asks for.
    #[serde(default)]
    pub ticks: Option<u32>,
    /// The ticks run so far.
    #[serde(default)]
    pub ticks_done: Option<u32>,
    /// The version of sesame that made the run (`crate_version` in the
    /// earliest manifests).
    #[serde(default, alias = "crate_version")]
    pub version: Option<String>,
    /// Seconds from the start of the run to its last file.
    #[serde(default)]
    pub wall_seconds: Option<f64>,
}

/// Where a `file` network came from, so a run can be traced to the exact
/// edge list it read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkFileEntry {
    /// The file's size in bytes.
    #[serde(default)]
    pub bytes: Option<u64>,
    /// The copy kept in the run folder (`network.csv`), if one was kept.
    #[serde(default)]
    pub copy: Option<String>,
    /// `fnv1a64:` and the fingerprint of the file's bytes.
    #[serde(default)]
    pub hash: Option<String>,
    /// The file as the scenario named it, made absolute.
    #[serde(default)]
    pub source: Option<String>,
}

impl RunManifest {
    /// The manifest of the run folder `dir`, when it has one that reads as
    /// JSON; `None` otherwise (charts and reports then do without it).
    pub fn read(dir: &Path) -> Option<RunManifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Whether the manifest marks the run as stopped before its last tick.
    pub fn stopped(&self) -> bool {
        self.complete == Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written_with_its_keys_in_order() {
        let m = RunManifest {
            command: Some("sesame run x.toml".into()),
            complete: Some(true),
            interrupted_by_signal: None,
            kind: Some("run".into()),
            network_file: Some(NetworkFileEntry {
                bytes: Some(498),
                copy: Some("network.csv".into()),
                hash: Some("fnv1a64:9e6c4eb264fab91c".into()),
                source: Some("/data/karate.csv".into()),
            }),
            program: Some("sesame".into()),
            scenario: Some("x".into()),
            scenario_hash: Some("fnv1a64:0".into()),
            seed: Some(7),
            threads: Some(2),
            ticks: Some(10),
            ticks_done: Some(10),
            version: Some("0.1.0".into()),
            wall_seconds: Some(0.5),
        };
        let text = serde_json::to_string_pretty(&m).unwrap();
        assert_eq!(serde_json::from_str::<RunManifest>(&text).unwrap(), m);
        // Keys in alphabetical order, as serde_json's own maps write them.
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  \""))
            .map(|l| l.trim().split('"').nth(1).unwrap())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(keys.len(), 14);
    }

    #[test]
    fn an_old_or_partial_manifest_still_reads() {
        let m: RunManifest =
            serde_json::from_str(r#"{"crate_version": "0.0.9", "seed": 3, "extra": 1}"#).unwrap();
        assert_eq!(m.version.as_deref(), Some("0.0.9"));
        assert_eq!(m.seed, Some(3));
        assert_eq!(m.complete, None);
        assert!(!m.stopped());
    }
}
