//! What the integration tests share: the binary under test, fresh scratch
//! folders, the bundled baseline, and reading files back. Each subject's
//! own helpers stay in its module; [`explore`] drives `sesame explore`.

#![allow(dead_code)]

pub mod explore;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `sesame` binary under test.
pub fn sesame() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sesame"))
}

/// A fresh, empty folder for one test under cargo's scratch space for
/// integration tests: `target/tmp/GROUP-PID-K-NAME`, unique in this process
/// (K counts the folders made) and across processes (the process id).
pub fn scratch(group: &str, name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{group}-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `bytes` to the file `name` in `dir`; its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A text file's contents, naming the file if it cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bundled baseline scenario's absolute path.
pub fn baseline() -> String {
    format!("{}/scenarios/baseline.toml", env!("CARGO_MANIFEST_DIR"))
}

/// A CSV file as its header and rows.
pub fn csv_table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Whether `message` is, line by line, the memory check's refusal of a
/// population too large for this machine (`population.size = N at line L:
/// needs about X of memory (...), more than the Y available`): what a
/// bundled scenario sized for a larger machine (`scale-100m.toml`) gets on
/// a small one, and the only refusal a bundled scenario may get.
pub fn is_memory_refusal(message: &str) -> bool {
    let lines: Vec<&str> = message.lines().filter(|l| !l.trim().is_empty()).collect();
    !lines.is_empty()
        && lines.iter().all(|l| {
            l.contains("population.size = ")
                && l.contains(" of memory (")
                && l.trim_end().ends_with(" available")
        })
}
