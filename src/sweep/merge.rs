//! `sesame merge`: shard folders of one sweep into one sweep folder.
//!
//! The shards must hold the same resolved sweep (same hash), and between
//! them every run exactly once: an overlap or a gap is refused, naming the
//! run ids. The merged folder is the folder an unsharded sweep would have
//! written (byte-identical tables, except `wall_seconds`), with the commit
//! records copied, so it can be resumed or merged again.
//!
//! The merged folder may already hold other things (a Slurm job's `slurm/`
//! and `shards/` folders): merge writes only its own files (`sweep.toml`,
//! `manifest.json`, the tables, `runs/`, `charts/`, `report.html`, and
//! for a sensitivity design `sensitivity.csv`) and refuses to replace
//! them unless `force` is given and the folder's `manifest.json` shows that
//! sesame wrote them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::file::{self, Sweep};
use super::manifest::SweepManifest;
use super::record::{self, RUNS_DIR};
use super::runner::SWEEP_TOML;
use super::shard::describe_ids;
use super::tables::{self, RESULTS_CSV, RUNS_CSV, SUMMARY_CSV};
use crate::error::{Error, Result};
use crate::output::fingerprint;
use crate::output::folder::{write_atomic, MANIFEST};

/// The entries a merge writes into its output folder.
pub const OUTPUTS: [&str; 10] = [
    MANIFEST,
    SWEEP_TOML,
    RUNS_CSV,
    RESULTS_CSV,
    SUMMARY_CSV,
    tables::SUMMARY_PARTIAL_CSV,
    RUNS_DIR,
    crate::charts::CHARTS_DIR,
    crate::sensitivity::SENSITIVITY_CSV,
    crate::sensitivity::report::REPORT_HTML,
];

/// What a merge did.
#[derive(Debug, Clone)]
pub struct MergeReport {
    /// The merged folder.
    pub folder: PathBuf,
    /// The sweep's name.
    pub sweep: String,
    /// Runs merged (all of the sweep's).
    pub runs: u64,
    /// Folders merged.
    pub inputs: usize,
}

/// A shard folder read for merging.
struct Input {
    dir: PathBuf,
    manifest: SweepManifest,
    text: String,
}

fn read_input(dir: &Path) -> Result<Input> {
    let manifest = SweepManifest::read(dir)?;
    let path = dir.join(SWEEP_TOML);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
    if fingerprint(&text) != manifest.hash() {
        return Err(Error::input(format!(
            "{}: does not match the hash in {} (edited after the sweep ran?)",
            path.display(),
            MANIFEST
        )));
    }
    Ok(Input {
        dir: dir.to_path_buf(),
        manifest,
        text,
    })
}

/// Merges the sweep folders `inputs` into `out` (see the module docs).
pub fn merge(inputs: &[PathBuf], out: &Path, force: bool) -> Result<MergeReport> {
    if inputs.is_empty() {
        return Err(Error::input("merge: name at least one shard folder"));
    }
    for (k, a) in inputs.iter().enumerate() {
        let same = |b: &PathBuf| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        if inputs[..k].iter().any(same) {
            return Err(Error::input(format!(
                "{}: given twice; name each shard folder once",
                a.display()
            )));
        }
    }
    let read: Vec<Input> = inputs
        .iter()
        .map(|d| read_input(d))
        .collect::<Result<_>>()?;
    let first = &read[0];
    let others: Vec<String> = read
        .iter()
        .filter(|i| i.manifest.hash() != first.manifest.hash())
        .map(|i| format!("{} (hash {})", i.dir.display(), i.manifest.hash()))
        .collect();
    if !others.is_empty() {
        let files = network_hashes(&first.text);
        if let Some(other) = read.iter().find(|i| network_hashes(&i.text) != files) {
            return Err(Error::input(format!(
                "the folders hold different sweeps: {} ran on another edge list than {} ({}, not {}): \
                 the file changed between the shards; merge only shards of one sweep",
                other.dir.display(),
                first.dir.display(),
                network_hashes(&other.text).join(", "),
                files.join(", ")
            )));
        }
        return Err(Error::input(format!(
            "the folders hold different sweeps: {} has hash {}, but {}; merge only shards of one sweep",
            first.dir.display(),
            first.manifest.hash(),
            others.join(", ")
        )));
    }
    let sweep: Sweep = file::parse(&first.text, &first.dir.join(SWEEP_TOML))?;

    // Every run exactly once.
    let mut owner: BTreeMap<u64, usize> = BTreeMap::new();
    let mut overlaps: BTreeMap<(usize, usize), Vec<u64>> = BTreeMap::new();
    for (k, input) in read.iter().enumerate() {
        for id in record::committed(&input.dir)? {
            if id >= sweep.runs_total() {
                return Err(Error::input(format!(
                    "{}: holds run {id}, but the sweep has only {} runs",
                    input.dir.display(),
                    sweep.runs_total()
                )));
            }
            if let Some(&j) = owner.get(&id) {
                overlaps.entry((j, k)).or_default().push(id);
            } else {
                owner.insert(id, k);
            }
        }
    }
    if !overlaps.is_empty() {
        let lines: Vec<String> = overlaps
            .iter()
            .map(|((a, b), ids)| {
                format!(
                    "runs {} are in both {} and {}",
                    describe_ids(ids, 10),
                    read[*a].dir.display(),
                    read[*b].dir.display()
                )
            })
            .collect();
        return Err(Error::input(format!(
            "the folders overlap (a folder given twice, or shards of different counts?):\n{}",
            lines.join("\n")
        )));
    }
    let missing: Vec<u64> = (0..sweep.runs_total())
        .filter(|id| !owner.contains_key(id))
        .collect();
    if !missing.is_empty() {
        return Err(Error::input(gap_message(&sweep, &read, &missing)));
    }

    prepare_out(out, &read, force)?;
    let mut manifest = SweepManifest::new(
        &sweep.name,
        &sweep.hash,
        sweep.runs_total(),
        None,
        sweep.runs_total(),
    );
    manifest.merged_from = Some(inputs.iter().map(|p| p.display().to_string()).collect());
    manifest.write(out)?;
    write_atomic(&out.join(SWEEP_TOML), |w| {
        w.write_all(sweep.text.as_bytes())
    })?;
    let runs_dir = out.join(RUNS_DIR);
    std::fs::create_dir_all(&runs_dir).map_err(|e| Error::io(&runs_dir, e))?;
    for (&id, &k) in &owner {
        let from = record::record_path(&read[k].dir, id);
        let bytes = std::fs::read(&from).map_err(|e| Error::io(&from, e))?;
        write_atomic(&record::record_path(out, id), |w| w.write_all(&bytes))?;
    }
    let all: Vec<u64> = (0..sweep.runs_total()).collect();
    tables::assemble(out, &sweep, &all)?;
    super::report::present(out, &sweep, crate::charts::ChartFormat::Png)?;
    manifest.runs_done = sweep.runs_total();
    manifest.complete = true;
    manifest.write(out)?;
    Ok(MergeReport {
        folder: out.to_path_buf(),
        sweep: sweep.name.clone(),
        runs: sweep.runs_total(),
        inputs: read.len(),
    })
}

/// Says which runs are missing, and, when the folders are shards of N,
/// which shards are absent or unfinished.
fn gap_message(sweep: &Sweep, read: &[Input], missing: &[u64]) -> String {
    let mut text = format!(
        "runs missing from the folders given: {} ({} of {} runs)",
        describe_ids(missing, 20),
        missing.len(),
        sweep.runs_total()
    );
    let counts: Vec<Option<u64>> = read
        .iter()
        .map(|i| {
            i.manifest
                .shard
                .as_deref()
                .and_then(|s| super::shard::Shard::parse(s).ok())
                .map(|s| s.count)
        })
        .collect();
    if let Some(Some(n)) = counts.first().copied() {
        if counts.iter().all(|c| *c == Some(n)) {
            let mut shards: Vec<u64> = missing.iter().map(|id| id % n).collect();
            shards.dedup();
            shards.sort_unstable();
            shards.dedup();
            for k in shards {
                let label = format!("{k}/{n}");
                match read
                    .iter()
                    .find(|i| i.manifest.shard.as_deref() == Some(label.as_str()))
                {
                    Some(i) => text += &format!(
                        "\n  shard {label} ({}) is unfinished: resume it with `sesame sweep {} --shard {label} --resume --out {}`",
                        i.dir.display(),
                        i.dir.join(SWEEP_TOML).display(),
                        i.dir.display()
                    ),
                    None => text += &format!("\n  no folder given for shard {label}"),
                }
            }
        }
    }
    text
}

/// The fingerprints of the edge lists a resolved sweep reads (its base's
/// `network.hash`, and the files of swept paths), in the order written.
fn network_hashes(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("hash = ") || l.starts_with("# network file "))
        .filter_map(|l| {
            l.find("fnv1a64:")
                .map(|i| l[i..].trim_end_matches('"').to_string())
        })
        .collect()
}

/// Makes `out` ready for the merged files (see the module docs).
fn prepare_out(out: &Path, read: &[Input], force: bool) -> Result<()> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canonical(out) {
        if read.iter().any(|i| canonical(&i.dir).as_ref() == Some(&o)) {
            return Err(Error::input(format!(
                "--out {}: is one of the folders being merged; choose another",
                out.display()
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::input(format!(
            "{}: exists and is not a folder",
            out.display()
        )));
    }
    let present: Vec<&str> = OUTPUTS
        .iter()
        .copied()
        .filter(|name| out.join(name).exists())
        .collect();
    if !present.is_empty() {
        if !force {
            return Err(Error::input(format!(
                "{}: already holds {}; use --force to replace them, or --out to choose another folder",
                out.display(),
                present.join(", ")
            )));
        }
        use crate::output::ownership::{self, FolderKind};
        let kind = match ownership::kind_of(out) {
            Some(k @ (FolderKind::Sweep | FolderKind::SlurmSweep)) if out.join(MANIFEST).is_file() => k,
            Some(other) if out.join(MANIFEST).is_file() => {
                return Err(Error::input(format!(
                    "{}: not replaced even with --force: it is {}, not a sweep folder; choose another --out",
                    out.display(),
                    other.describe()
                )))
            }
            _ => {
                return Err(Error::input(format!(
                    "{}: not replaced even with --force: it has no {MANIFEST} written by sesame, so sesame did not write it",
                    out.display()
                )))
            }
        };
        // Only the merge's own entries are replaced (a Slurm job's `slurm/`
        // and `shards/` stay), and only if they hold nothing but sesame's files.
        let ours = |p: &PathBuf| {
            p.components()
                .next()
                .is_some_and(|c| OUTPUTS.contains(&c.as_os_str().to_string_lossy().as_ref()))
        };
        let mut survey = ownership::survey(out, kind)?;
        survey.foreign.retain(ours);
        if !survey.foreign.is_empty() {
            return Err(Error::input(format!(
                "{}: not replaced even with --force: its merged files are mixed with files sesame did not write: {}; move them elsewhere, or choose another --out",
                out.display(),
                ownership::first_few(&survey.foreign)
            )));
        }
        survey.owned.retain(ours);
        survey.folders.retain(ours);
        ownership::clear(out, &survey)?;
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))
}
