//! Writing chart files atomically: each file is written under a temporary
//! name in its own folder, then renamed, so a reader never sees half a file
//! and an interrupted run leaves the previous file intact.

use super::DrawFailure;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::ChartError;
use super::style::{Pen, HEIGHT, WIDTH};
use crate::error::Error;

/// A temporary name next to `path`, keeping its extension (the PNG encoder
/// chooses the format by extension).
fn temporary(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!(
            ".{stem}.tmp{}.{}",
            std::process::id(),
            ext.to_string_lossy()
        ),
        None => format!(".{stem}.tmp{}", std::process::id()),
    };
    path.with_file_name(name)
}

fn rename(from: &Path, to: &Path) -> Result<(), ChartError> {
    std::fs::rename(from, to).map_err(|e| {
        let _ = std::fs::remove_file(from);
        ChartError::io(to, e)
    })
}

/// Writes `bytes` to `path` atomically.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ChartError> {
    let tmp = temporary(path);
    std::fs::write(&tmp, bytes).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ChartError::io(path, e)
    })?;
    rename(&tmp, path)
}

/// Writes an RGB image of `width`×`height` as a PNG file, atomically.
pub(crate) fn write_png(
    path: &Path,
    rgb: &[u8],
    width: u32,
    height: u32,
) -> Result<(), ChartError> {
    let tmp = temporary(path);
    let result = (|| {
        let mut backend = BitMapBackend::new(&tmp, (width, height));
        backend.blit_bitmap((0, 0), (width, height), rgb)?;
        backend.present()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(ChartError::io(path, std::io::Error::other(e.to_string())));
    }
    rename(&tmp, path)
}

/// Supersampling factor of every PNG chart (anti-aliasing).
const SUPERSAMPLE: u32 = 2;

/// The RGB pixels of a PNG chart: drawn by `draw` on a white bitmap
/// [`SUPERSAMPLE`] times the size of a chart (with the pen to match), then
/// averaged down to `WIDTH`×`HEIGHT`.
pub(crate) fn supersampled<E>(
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>, Pen) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    let (w, h) = (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE);
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        draw(&root, Pen { k: SUPERSAMPLE })?;
    }
    Ok(downsample(&pixels, w, h, SUPERSAMPLE))
}

/// Writes the PNG file of a sweep or sensitivity chart: `draw` on a white
/// page, [`supersampled`], written atomically, failures as the crate's
/// errors naming `path`.
pub(crate) fn write_chart_png(
    path: &Path,
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>, Pen) -> Result<(), DrawFailure>,
) -> crate::error::Result<()> {
    let small = supersampled(|root, pen| {
        root.fill(&WHITE)
            .map_err(|e| DrawFailure(e.to_string()))
            .and_then(|_| draw(root, pen))
            .and_then(|_| root.present().map_err(|e| DrawFailure(e.to_string())))
    })
    .map_err(|e| Error::other(format!("{}: drawing failed: {e}", path.display())))?;
    write_png(path, &small, WIDTH, HEIGHT).map_err(|e| Error::other(e.to_string()))
}

/// Averages each `factor`×`factor` block of an RGB image (box filter,
/// rounded to nearest): the anti-aliasing step of supersampled drawing.
/// Integer arithmetic, so the result is the same on every machine.
pub(crate) fn downsample(rgb: &[u8], width: u32, height: u32, factor: u32) -> Vec<u8> {
    let (w, h, f) = (width as usize, height as usize, factor as usize);
    let (out_w, out_h) = (w / f, h / f);
    let mut out = vec![0u8; out_w * out_h * 3];
    let area = (f * f) as u32;
    for y in 0..out_h {
        for x in 0..out_w {
            let mut sum = [0u32; 3];
            for dy in 0..f {
                let row = (y * f + dy) * w;
                for dx in 0..f {
                    let p = (row + x * f + dx) * 3;
                    for c in 0..3 {
                        sum[c] += rgb[p + c] as u32;
                    }
                }
            }
            let o = (y * out_w + x) * 3;
            for c in 0..3 {
                out[o + c] = ((sum[c] + area / 2) / area) as u8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampling_averages_blocks() {
        // 4×2 image, factor 2: two output pixels.
        let mut rgb = vec![0u8; 4 * 2 * 3];
        for (i, v) in [10u8, 20, 30, 41].iter().enumerate() {
            // left block: pixels (0,0), (1,0), (0,1), (1,1)
            let (x, y) = (i % 2, i / 2);
            rgb[(y * 4 + x) * 3] = *v;
            rgb[(y * 4 + x + 2) * 3 + 1] = 255;
        }
        let out = downsample(&rgb, 4, 2, 2);
        assert_eq!(out, vec![25, 0, 0, 0, 255, 0]);
    }

    #[test]
    fn temporary_names_stay_in_the_folder_and_keep_the_extension() {
        let t = temporary(Path::new("/a/b/scores.png"));
        assert_eq!(t.parent(), Some(Path::new("/a/b")));
        assert_eq!(t.extension().and_then(|e| e.to_str()), Some("png"));
        assert_ne!(t.file_name(), Some(std::ffi::OsStr::new("scores.png")));
    }
}
