//! The commit record of one finished run: `OUT/runs/NNNNNN.json`.
//!
//! A run is committed by writing its record atomically (a hidden temporary
//! file renamed into place), so a record either exists complete or not at
//! all: a run cut off by a crash or a signal leaves no record (at most a
//! stray `.NNNNNN.json.partial`, which resuming removes) and is run again.
//! The folder's final tables are assembled from the records alone, in
//! run-id order, which is why they do not depend on the thread count, the
//! order runs finish in, or interruptions.
//!
//! Measures are stored as the exact CSV text of `metrics.csv` (shortest
//! round-trip decimal, empty for undefined), so assembling copies text and
//! never reformats a number. Runs of a sensitivity design (Morris, Sobol')
//! also store the rows of `groups.csv`, so a group's measure
//! (`dissidents.isolated_share`) can be analysed; other records leave
//! those fields out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::output::folder::write_atomic;

/// Folder of the commit records, inside a sweep folder.
pub const RUNS_DIR: &str = "runs";

/// Status of a committed run.
pub const STATUS_OK: &str = "ok";

/// What one committed run recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    pub run_id: u64,
    pub point_id: u64,
    pub replicate: u64,
    pub seed: u64,
    /// Always [`STATUS_OK`] for a committed run.
    pub status: String,
    /// Ticks simulated.
    pub ticks_done: u32,
    /// Wall time of the run (simulation and measures), in seconds.
    pub wall_seconds: f64,
    /// Columns of metrics.csv.
    pub columns: Vec<String>,
    /// One row per recorded tick, as CSV fields.
    pub rows: Vec<Vec<String>>,
    /// Notes from the run (e.g. ties dropped from an edge list).
    pub warnings: Vec<String>,
    /// Columns of groups.csv (sensitivity designs only; else empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_columns: Vec<String>,
    /// One row per recorded tick and group, as CSV fields (sensitivity
    /// designs only; else empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_rows: Vec<Vec<String>>,
}

/// The record file of run `run_id` in `folder`.
pub fn record_path(folder: &Path, run_id: u64) -> PathBuf {
    folder.join(RUNS_DIR).join(format!("{run_id:06}.json"))
}

/// Commits `record` into `folder` atomically.
pub fn commit(folder: &Path, record: &RunRecord) -> Result<()> {
    write_atomic(&record_path(folder, record.run_id), |w| {
        serde_json::to_writer(&mut *w, record)?;
        writeln!(w)
    })
}

/// Reads the record of run `run_id` from `folder`.
pub fn read(folder: &Path, run_id: u64) -> Result<RunRecord> {
    let path = record_path(folder, run_id);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let record: RunRecord = serde_json::from_str(&text)
        .map_err(|e| Error::other(format!("{}: not a run record: {e}", path.display())))?;
    if record.run_id != run_id {
        return Err(Error::other(format!(
            "{}: holds run {} instead",
            path.display(),
            record.run_id
        )));
    }
    Ok(record)
}

/// The run ids committed in `folder` (by record file name), ignoring
/// anything else. An absent `runs/` folder means none.
pub fn committed(folder: &Path) -> Result<BTreeSet<u64>> {
    let dir = folder.join(RUNS_DIR);
    let mut ids = BTreeSet::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ids),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if let Some(id) = name
            .strip_suffix(".json")
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
        {
            if entry.path().is_file() {
                ids.insert(id);
            }
        }
    }
    Ok(ids)
}

/// Removes temporary files left in `runs/` by runs that were cut off.
/// Returns how many were removed.
pub fn remove_partials(folder: &Path) -> Result<usize> {
    let dir = folder.join(RUNS_DIR);
    let mut removed = 0;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".partial") {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(&entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(run_id: u64) -> RunRecord {
        RunRecord {
            run_id,
            point_id: run_id / 2,
            replicate: run_id % 2,
            seed: 1 << 62,
            status: STATUS_OK.into(),
            ticks_done: 3,
            wall_seconds: 0.25,
            columns: vec!["tick".into(), "score_mean".into()],
            rows: vec![
                vec!["0".into(), "600.5".into()],
                vec!["3".into(), String::new()],
            ],
            warnings: Vec::new(),
            group_columns: Vec::new(),
            group_rows: Vec::new(),
        }
    }

    #[test]
    fn commits_are_found_read_back_and_partials_removed() {
        let dir = std::env::temp_dir().join(format!("sesame-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            committed(&dir).unwrap().is_empty(),
            "no runs/ folder: nothing committed"
        );
        std::fs::create_dir_all(dir.join(RUNS_DIR)).unwrap();
        for id in [0, 7, 12] {
            commit(&dir, &record(id)).unwrap();
        }
        // Neither a temporary file, a kept run folder, nor a stray file counts.
        std::fs::write(dir.join("runs/.000003.json.partial"), "{").unwrap();
        std::fs::create_dir_all(dir.join("runs/000004")).unwrap();
        std::fs::write(dir.join("runs/notes.json"), "{}").unwrap();
        assert_eq!(
            committed(&dir).unwrap().into_iter().collect::<Vec<_>>(),
            [0, 7, 12]
        );
        assert_eq!(read(&dir, 7).unwrap(), record(7));
        assert!(read(&dir, 3).is_err());
        assert_eq!(remove_partials(&dir).unwrap(), 1);
        assert!(!dir.join("runs/.000003.json.partial").exists());
        assert!(dir.join("runs/000004").is_dir());
        // A record under another run's name is refused.
        std::fs::copy(record_path(&dir, 7), record_path(&dir, 8)).unwrap();
        assert!(read(&dir, 8)
            .unwrap_err()
            .to_string()
            .contains("holds run 7"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
