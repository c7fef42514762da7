//! Creating, replacing and writing into a run folder safely.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::scenario::model::FileFormat;

pub use super::ownership::{written_by_sesame, FolderKind, MANIFEST};

/// A folder that sesame owns for the duration of a command.
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// Prepares `dir` for a new folder of `kind`: creates it if missing;
    /// accepts it if empty; otherwise refuses unless `force`, and even then
    /// replaces it only if it is a sesame folder of the same kind holding
    /// nothing but files sesame wrote ([`super::ownership::replaceable`]),
    /// deleting those files one by one, so a user's file is never deleted.
    pub fn prepare(dir: &Path, force: bool, kind: FolderKind) -> Result<Folder> {
        if dir.exists() {
            if !dir.is_dir() {
                return Err(Error::input(format!(
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
                    let found = super::ownership::kind_of(dir)
                        .map(|k| format!(" ({})", k.describe()))
                        .unwrap_or_default();
                    return Err(Error::input(format!(
                        "{}: folder exists and is not empty{found}; use --force to replace it, or --out to choose another",
                        dir.display()
                    )));
                }
                let survey = super::ownership::replaceable(dir, kind)?;
                super::ownership::clear(dir, &survey)?;
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

    /// Writes the file of `stem` (`"citizens"`) in `format`: `stem.csv`,
    /// `stem.csv.gz` (the same bytes through gzip at its fast level), or
    /// nothing for [`FileFormat::None`]. Returns the name written.
    pub fn write_table(
        &self,
        stem: &str,
        format: FileFormat,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Option<String>> {
        let Some(name) = format.file_name(stem) else {
            return Ok(None);
        };
        match format {
            FileFormat::CsvGz => self.write(&name, |w| write_gzip(w, fill))?,
            _ => self.write(&name, fill)?,
        }
        Ok(Some(name))
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

/// Writes what `fill` writes to `out` through gzip at its fast level
/// ([`flate2::Compression::fast`], level 1: these are the largest files of
/// a run, and level 1 compresses CSV of numbers about as well as the default
/// level 6 in a fraction of its time). The gzip header holds no time or
/// name, so the same run gives the same bytes.
pub fn write_gzip(
    out: &mut dyn Write,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
    // The CSV writers write a field at a time: buffer them into large blocks.
    let mut buffered = BufWriter::with_capacity(1 << 16, gz);
    fill(&mut buffered)?;
    let gz = buffered.into_inner().map_err(|e| e.into_error())?;
    gz.finish()?;
    Ok(())
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
        let run = FolderKind::Run;
        assert!(Folder::prepare(&base, false, run).is_err());
        assert!(Folder::prepare(&base, true, run).is_err());
        assert!(base.join("thesis.tex").exists());
        // Another program's manifest.json does not make the folder sesame's.
        fs::write(base.join(MANIFEST), "{\"name\": \"my web app\"}").unwrap();
        assert!(Folder::prepare(&base, true, run).is_err());
        assert!(base.join("thesis.tex").exists());
        // Nor does sesame's manifest make the user's file sesame's.
        fs::write(base.join(MANIFEST), "{\"program\": \"sesame\"}").unwrap();
        assert!(Folder::prepare(&base, true, run).is_err());
        assert!(base.join("thesis.tex").exists());
        fs::remove_file(base.join("thesis.tex")).unwrap();
        fs::write(base.join("metrics.csv"), "old").unwrap();
        let f = Folder::prepare(&base, true, run).unwrap();
        assert!(!base.join("metrics.csv").exists());
        f.write("a.csv", |w: &mut dyn Write| w.write_all(b"x\n"))
            .unwrap();
        assert_eq!(fs::read_to_string(base.join("a.csv")).unwrap(), "x\n");
        assert!(!base.join(".a.csv.partial").exists());
        fs::remove_dir_all(&base).unwrap();
    }
}
