//! Charts of a finished sweep (drawn from its tables).

use std::path::Path;

use super::file::Sweep;
use crate::error::Result;

/// Folder of the charts, inside a sweep folder.
pub const CHARTS_DIR: &str = "charts";

/// Draws the sweep's charts into `folder/charts/`.
pub fn draw(_folder: &Path, _sweep: &Sweep) -> Result<()> {
    Ok(())
}
