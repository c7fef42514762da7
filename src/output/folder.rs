//! Creating, replacing and writing into a run folder safely.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file that marks a folder as written by sesame.
pub const MANIFEST: &str = "manifest.json";

/// Whether `dir` holds a `manifest.json` that sesame wrote: a JSON object
/// whose `program` is `"sesame"` (run and sweep folders alike). Only such a
/// folder may be replaced with `--force`; a `manifest.json` of another
/// program (a web app's, say) does not count.
pub fn written_by_sesame(dir: &Path) -> bool {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("program").and_then(|p| p.as_str()) == Some("sesame"))
}

/// A folder that sesame owns for the duration of a command.
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// Prepares `dir` for a new run or sweep: creates it if missing; accepts
    /// it if empty; otherwise refuses unless `force`, and even then replaces
    /// it only if sesame wrote it (it holds a `manifest.json`), so a user's
    /// own folder is never deleted.
    pub fn prepare(dir: &Path, force: bool) -> Result<Folder> {
        if dir.exists() {
            if !dir.is_dir() {
                return Err(Error::Input(format!(
                    "{}: exists and is not a folder",
                    dir.display()
                )));
            }
            let non_empty = fs::read_dir(dir)
                .map_err(|e| Error::io(dir, e))?
                .next()
                .is_some();
            if non_empty {
                if !force {
                    return Err(Error::Input(format!(
                        "{}: folder exists and is not empty; use --force to replace it, or --out to choose another",
                        dir.display()
                    )));
                }
                if !written_by_sesame(dir) {
                    return Err(Error::Input(format!(
                        "{}: not replaced even with --force: it holds no {MANIFEST} written by sesame, so it is not a sesame folder",
                        dir.display()
                    )));
                }
                fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Folder {
            dir: dir.to_path_buf(),
        })
    }

    /// Opens an existing folder without checks (for resuming or redrawing).
    pub fn existing(dir: &Path) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
        }
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `name` atomically: the content goes to a hidden temporary file
    /// in the same folder, which is renamed over `name` once complete.
    pub fn write(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        write_atomic(&self.dir.join(name), fill)
    }

    /// Starts a file that is filled over time (the event log); it appears
    /// under `name` only when [`Streaming::finish`] is called.
    pub fn stream(&self, name: &str) -> Result<Streaming> {
        let target = self.dir.join(name);
        let temp = temp_name(&target);
        let file = fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        Ok(Streaming {
            target,
            temp,
            out: BufWriter::new(file),
        })
    }
}

/// A file being written under a temporary name.
pub struct Streaming {
    target: PathBuf,
    temp: PathBuf,
    /// Where to write.
    pub out: BufWriter<fs::File>,
}

impl Streaming {
    /// Flushes, syncs and renames the file to its final name.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.temp, e))?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| Error::io(&self.temp, e))?;
        fs::rename(&self.temp, &self.target).map_err(|e| Error::io(&self.target, e))
    }
}

fn temp_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.partial"))
}

/// Writes `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let temp = temp_name(path);
    let result = (|| {
        let file = fs::File::create(&temp)?;
        let mut out = BufWriter::new(file);
        fill(&mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(Error::io(path, e));
    }
    fs::rename(&temp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_a_user_folder() {
        let base = std::env::temp_dir().join(format!("sesame-folder-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(&base).unwrap();
        fs::write(base.join("thesis.tex"), "mine").unwrap();
        assert!(Folder::prepare(&base, false).is_err());
        assert!(Folder::prepare(&base, true).is_err());
        assert!(base.join("thesis.tex").exists());
        // Another program's manifest.json does not make the folder sesame's.
        fs::write(base.join(MANIFEST), "{\"name\": \"my web app\"}").unwrap();
        assert!(Folder::prepare(&base, true).is_err());
        assert!(base.join("thesis.tex").exists());
        fs::write(base.join(MANIFEST), "{\"program\": \"sesame\"}").unwrap();
        let f = Folder::prepare(&base, true).unwrap();
        assert!(!base.join("thesis.tex").exists());
        f.write("a.csv", |w: &mut dyn Write| w.write_all(b"x\n"))
            .unwrap();
        assert_eq!(fs::read_to_string(base.join("a.csv")).unwrap(), "x\n");
        assert!(!base.join(".a.csv.partial").exists());
        fs::remove_dir_all(&base).unwrap();
    }
}
