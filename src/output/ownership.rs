//! Which folders sesame wrote, of which kind, and which of their files are
//! sesame's: what `--force` may replace.
//!
//! `--force` replaces only a folder of the same kind as the one about to be
//! written (a run over a run, a sweep over a sweep) that holds nothing but
//! files sesame writes into such a folder. Anything else is refused, naming
//! the kind found and the first foreign files. Only the files recognised
//! here are ever deleted, one by one; no folder is removed with what it
//! holds, so a file sesame did not write can never be lost, even one that
//! appears while the folder is being cleared.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file that marks a folder as written by sesame.
pub const MANIFEST: &str = "manifest.json";

/// Files of a run folder, besides its charts.
pub const RUN_FILES: &[&str] = &[
    MANIFEST,
    "scenario.toml",
    "metrics.csv",
    "tiers.csv",
    "groups.csv",
    "citizens.csv",
    "citizens.csv.gz",
    "edges.csv",
    "edges.csv.gz",
    "events.csv",
    "report.html",
    "network.csv",
    "network.txt",
    "citizen_ticks.csv",
    "edges_initial.csv",
    "edges_initial.csv.gz",
    super::graphml::GRAPHML,
];

/// Files of a sweep folder, besides its commit records and charts.
pub const SWEEP_FILES: &[&str] = &[
    MANIFEST,
    "sweep.toml",
    "runs.csv",
    "results.csv",
    "summary.csv",
    "summary.partial.csv",
    "sensitivity.csv",
    "report.html",
];

/// Files sesame writes into the `slurm/` folder of a sweep on a cluster.
const SLURM_FILES: &[&str] = &[
    "sweep.toml",
    "array.sbatch",
    "merge.sbatch",
    "README.txt",
    "job.json",
];

/// Prefixes of sweep chart names (`final-<measure>.png`, ...).
const SWEEP_CHART_PREFIXES: &[&str] = &["final-", "phase-", "series-", "sensitivity-"];

/// What a folder sesame writes holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind {
    /// A run folder (`sesame run`).
    Run,
    /// A sweep folder (`sesame sweep`, a shard, or a merged sweep).
    Sweep,
    /// The folder of a sweep on Slurm (`sesame slurm`): job files, shards
    /// and, once merged, the sweep's files.
    SlurmSweep,
}

impl FolderKind {
    /// How the kind is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            FolderKind::Run => "a run folder",
            FolderKind::Sweep => "a sweep folder",
            FolderKind::SlurmSweep => "the folder of a sweep on Slurm (job files and shards)",
        }
    }

    /// The command that writes this kind of folder.
    pub fn command(self) -> &'static str {
        match self {
            FolderKind::Run => "sesame run",
            FolderKind::Sweep => "sesame sweep",
            FolderKind::SlurmSweep => "sesame slurm",
        }
    }
}

/// The kind of sesame folder `dir` is, from its manifest and layout; `None`
/// when sesame did not write it (no `manifest.json` whose `program` is
/// `"sesame"`, and no Slurm job files).
pub fn kind_of(dir: &Path) -> Option<FolderKind> {
    let slurm = dir.join("slurm").join("job.json").is_file();
    let manifest = fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter(|v| v.get("program").and_then(|p| p.as_str()) == Some("sesame"));
    match manifest {
        Some(m) => match m.get("kind").and_then(|k| k.as_str()) {
            Some("sweep") if slurm => Some(FolderKind::SlurmSweep),
            Some("sweep") => Some(FolderKind::Sweep),
            // Run manifests written before runs named their kind have none.
            Some("run") | None if !slurm => Some(FolderKind::Run),
            _ => None,
        },
        None if slurm => Some(FolderKind::SlurmSweep),
        None => None,
    }
}

/// Whether `dir` holds a `manifest.json` that sesame wrote (run and sweep
/// folders alike).
pub fn written_by_sesame(dir: &Path) -> bool {
    kind_of(dir).is_some_and(|k| k != FolderKind::SlurmSweep || dir.join(MANIFEST).is_file())
}

/// The files of a folder, split by whether sesame writes them there.
#[derive(Debug, Default)]
pub struct Survey {
    /// Files sesame writes into this kind of folder, deepest first.
    pub owned: Vec<PathBuf>,
    /// Folders holding only owned files, deepest first (emptied by removing `owned`).
    pub folders: Vec<PathBuf>,
    /// Everything else, in the order found (sorted by name per folder).
    pub foreign: Vec<PathBuf>,
}

/// Sorts `dir`'s files into those sesame writes into a folder of `kind` and
/// the rest. Paths are relative to `dir`.
pub fn survey(dir: &Path, kind: FolderKind) -> Result<Survey> {
    let mut survey = Survey::default();
    let rules = match kind {
        FolderKind::Run => Rules::Run,
        FolderKind::Sweep => Rules::Sweep,
        FolderKind::SlurmSweep => Rules::SlurmSweep,
    };
    walk(dir, Path::new(""), rules, &mut survey)?;
    Ok(survey)
}

/// The naming rules of one folder level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    Run,
    RunCharts,
    Sweep,
    SweepRuns,
    SweepCharts,
    SlurmSweep,
    SlurmJob,
    SlurmLogs,
    Shards,
}

/// What a name is under a set of rules.
enum Entry {
    File,
    Folder(Rules),
    Foreign,
}

fn classify(rules: Rules, name: &str, is_dir: bool) -> Entry {
    let file = |yes: bool| {
        if yes && !is_dir {
            Entry::File
        } else {
            Entry::Foreign
        }
    };
    let folder = |yes: bool, r: Rules| {
        if yes && is_dir {
            Entry::Folder(r)
        } else {
            Entry::Foreign
        }
    };
    match rules {
        Rules::Run => match name {
            "charts" => folder(true, Rules::RunCharts),
            _ => file(RUN_FILES.contains(&name) || is_partial_of(name, RUN_FILES)),
        },
        Rules::RunCharts => file(is_chart_file(name, |stem| {
            crate::charts::CHARTS.iter().any(|c| c.name == stem)
        })),
        Rules::Sweep | Rules::SlurmSweep => match name {
            "charts" => folder(true, Rules::SweepCharts),
            "runs" => folder(true, Rules::SweepRuns),
            "slurm" if rules == Rules::SlurmSweep => folder(true, Rules::SlurmJob),
            "shards" if rules == Rules::SlurmSweep => folder(true, Rules::Shards),
            _ => file(SWEEP_FILES.contains(&name) || is_partial_of(name, SWEEP_FILES)),
        },
        Rules::SweepRuns => {
            if is_dir {
                folder(is_run_id(name), Rules::Run)
            } else {
                let record = name.strip_suffix(".json").is_some_and(is_run_id);
                let partial = name
                    .strip_prefix('.')
                    .and_then(|n| n.strip_suffix(".json.partial"))
                    .is_some_and(is_run_id);
                file(record || partial)
            }
        }
        Rules::SweepCharts => file(is_chart_file(name, |stem| {
            SWEEP_CHART_PREFIXES.iter().any(|p| {
                stem.strip_prefix(p).is_some_and(|m| {
                    !m.is_empty()
                        && m.bytes().all(|b| {
                            b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
                        })
                })
            })
        })),
        Rules::SlurmJob => match name {
            "logs" => folder(true, Rules::SlurmLogs),
            _ => file(SLURM_FILES.contains(&name) || is_partial_of(name, SLURM_FILES)),
        },
        Rules::SlurmLogs => file(name.ends_with(".out")),
        Rules::Shards => folder(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()),
            Rules::Sweep,
        ),
    }
}

/// `.NAME.partial` for one of `names`: a file being written atomically.
fn is_partial_of(name: &str, names: &[&str]) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".partial"))
        .is_some_and(|n| names.contains(&n))
}

/// A chart `STEM.png` or `STEM.svg` whose stem passes `known`, or the
/// temporary file of one being written (`.STEM.tmpPID.EXT`).
fn is_chart_file(name: &str, known: impl Fn(&str) -> bool) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if ext != "png" && ext != "svg" {
        return false;
    }
    if let Some(hidden) = stem.strip_prefix('.') {
        return hidden.rsplit_once(".tmp").is_some_and(|(s, pid)| {
            known(s) && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        });
    }
    known(stem)
}

/// A run id as sesame writes it: six or more digits.
fn is_run_id(name: &str) -> bool {
    name.len() >= 6 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Walks `root/rel` under `rules`; returns whether everything below is owned.
fn walk(root: &Path, rel: &Path, rules: Rules, survey: &mut Survey) -> Result<bool> {
    let dir = root.join(rel);
    // (name, is a folder, is a symbolic link), sorted by name.
    let mut entries: Vec<(String, bool, bool)> = Vec::new();
    for entry in fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let kind = entry.file_type().map_err(|e| Error::io(&entry.path(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        entries.push((name, kind.is_dir(), kind.is_symlink()));
    }
    entries.sort();
    let mut all_owned = true;
    for (name, is_dir, is_link) in entries {
        let path = rel.join(&name);
        // A symbolic link is never sesame's, and its target is not followed.
        let entry = if is_link {
            Entry::Foreign
        } else {
            classify(rules, &name, is_dir)
        };
        match entry {
            Entry::File => survey.owned.push(path),
            Entry::Folder(inner) => {
                if walk(root, &path, inner, survey)? {
                    survey.folders.push(path);
                } else {
                    all_owned = false;
                }
            }
            Entry::Foreign => {
                survey
                    .foreign
                    .push(if is_dir { path.join("") } else { path });
                all_owned = false;
            }
        }
    }
    Ok(all_owned)
}

/// The first few of `paths`, for a message: `a, b/, c (and 4 more)`.
pub fn first_few(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text += &format!(" (and {} more)", paths.len() - SHOWN);
    }
    text
}

/// Checks that `--force` may replace `dir` with a new folder of `kind`, and
/// returns the files to delete. Refuses (an input error, exit code 2) a
/// folder that is not sesame's, is of another kind, or holds files sesame
/// did not write, naming them.
pub fn replaceable(dir: &Path, kind: FolderKind) -> Result<Survey> {
    let shown = dir.display();
    let found = kind_of(dir).ok_or_else(|| {
        Error::input(format!(
            "{shown}: not replaced even with --force: it holds no {MANIFEST} written by sesame, so it is not a sesame folder; choose another --out"
        ))
    })?;
    if found != kind {
        return Err(Error::input(format!(
            "{shown}: not replaced even with --force: it is {} (written by `{}`), and `{} --force` replaces only {}; choose another --out",
            found.describe(),
            found.command(),
            kind.command(),
            kind.describe()
        )));
    }
    let survey = survey(dir, kind)?;
    if !survey.foreign.is_empty() {
        return Err(Error::input(format!(
            "{shown}: not replaced even with --force: it is {}, but it also holds files sesame did not write: {}; move them elsewhere, or choose another --out",
            kind.describe(),
            first_few(&survey.foreign)
        )));
    }
    Ok(survey)
}

/// Deletes what [`replaceable`] found: each owned file, then each emptied
/// folder (never a folder with what it holds).
pub fn clear(dir: &Path, survey: &Survey) -> Result<()> {
    for file in &survey.owned {
        let path = dir.join(file);
        fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    for folder in &survey.folders {
        let path = dir.join(folder);
        fs::remove_dir(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sesame-ownership-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn touch(dir: &Path, rel: &str) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    #[test]
    fn a_run_folder_with_only_sesame_files_is_replaceable_and_cleared_file_by_file() {
        let dir = scratch("run");
        fs::write(dir.join(MANIFEST), r#"{"program":"sesame","kind":"run"}"#).unwrap();
        for f in [
            "metrics.csv",
            "citizens.csv",
            ".edges.csv.partial",
            "charts/scores.png",
        ] {
            touch(&dir, f);
        }
        touch(&dir, "charts/.tiers.tmp123.svg");
        let s = replaceable(&dir, FolderKind::Run).unwrap();
        assert!(s.foreign.is_empty(), "{:?}", s.foreign);
        clear(&dir, &s).unwrap();
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn foreign_files_are_named_and_nothing_is_deleted() {
        let dir = scratch("foreign");
        fs::write(dir.join(MANIFEST), r#"{"program":"sesame","ticks_done":3}"#).unwrap();
        touch(&dir, "metrics.csv");
        touch(&dir, "my-analysis.py");
        touch(&dir, "figs/a.png");
        touch(&dir, "charts/my-figure.png");
        let e = replaceable(&dir, FolderKind::Run).unwrap_err().to_string();
        assert!(e.contains("a run folder"), "{e}");
        assert!(e.contains("charts/my-figure.png"), "{e}");
        assert!(e.contains("figs/"), "{e}");
        assert!(e.contains("my-analysis.py"), "{e}");
        assert!(dir.join("metrics.csv").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn kinds_are_told_apart_and_another_kind_is_refused() {
        let dir = scratch("kinds");
        fs::write(dir.join(MANIFEST), r#"{"program":"sesame","kind":"sweep"}"#).unwrap();
        assert_eq!(kind_of(&dir), Some(FolderKind::Sweep));
        let e = replaceable(&dir, FolderKind::Run).unwrap_err().to_string();
        assert!(e.contains("a sweep folder"), "{e}");
        touch(&dir, "slurm/job.json");
        assert_eq!(kind_of(&dir), Some(FolderKind::SlurmSweep));
        let e = replaceable(&dir, FolderKind::Sweep)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Slurm"), "{e}");
        fs::write(dir.join(MANIFEST), r#"{"name":"web app"}"#).unwrap();
        assert_eq!(kind_of(&dir), Some(FolderKind::SlurmSweep));
        fs::remove_file(dir.join("slurm/job.json")).unwrap();
        assert_eq!(kind_of(&dir), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_sweep_folder_owns_its_records_kept_runs_and_charts_only() {
        let dir = scratch("sweep");
        fs::write(dir.join(MANIFEST), r#"{"program":"sesame","kind":"sweep"}"#).unwrap();
        for f in [
            "sweep.toml",
            "summary.csv",
            "runs/000000.json",
            "runs/.000001.json.partial",
            "runs/000002/metrics.csv",
            "runs/000002/charts/scores.png",
            "charts/final-lost_half_share.png",
            "charts/phase-isolated_share.svg",
        ] {
            touch(&dir, f);
        }
        let s = replaceable(&dir, FolderKind::Sweep).unwrap();
        assert_eq!(s.owned.len(), 8 + 1);
        touch(&dir, "runs/notes.txt");
        touch(&dir, "charts/final-.png");
        let e = replaceable(&dir, FolderKind::Sweep)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("runs/notes.txt") && e.contains("charts/final-.png"),
            "{e}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
