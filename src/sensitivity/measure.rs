//! Which measure a sensitivity analysis looks at, and reading it from a
//! committed run.
//!
//! A measure is named as it is written in a run folder's files:
//!
//! - a column of `metrics.csv`: `lost_half_share`, `score_assortativity`;
//! - a column of `groups.csv` for one group, `GROUP.COLUMN`:
//!   `dissidents.isolated_share`, `conformists.degree_mean`.
//!
//! Without a choice, a sweep analyses [`defaults`]: the lost-half share,
//! the isolated share and the score assortativity, and the isolated share
//! of a group named `dissidents` when the base scenario has one.

use crate::error::{Error, Result};
use crate::output::csv_files::GROUP_COLUMNS;
use crate::scenario::ScenarioFile;
use crate::sweep::record::RunRecord;

/// The measures analysed when none is named (those the base records).
pub const DEFAULT_MEASURES: [&str; 3] =
    ["lost_half_share", "isolated_share", "score_assortativity"];

/// A measure of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// A column of metrics.csv.
    Metric(String),
    /// A column of groups.csv for one group.
    Group { group: String, column: String },
}

impl Measure {
    /// The measure called `name` in a sweep over `base`.
    ///
    /// # Errors
    /// No such column, or no such group; the message says what exists.
    pub fn parse(name: &str, base: &ScenarioFile) -> Result<Measure> {
        let metrics: Vec<String> = crate::observe::metric_columns(base)
            .into_iter()
            .filter(|c| c != "tick")
            .collect();
        if metrics.iter().any(|c| c == name) {
            return Ok(Measure::Metric(name.to_string()));
        }
        let groups: Vec<&str> = base.population.groups.names().collect();
        let group_columns = &GROUP_COLUMNS[2..];
        if let Some((group, column)) = name.split_once('.') {
            if !groups.contains(&group) {
                return Err(Error::input(format!(
                    "{name}: no group `{group}` in the base scenario; its groups are {}",
                    groups.join(", ")
                )));
            }
            if !group_columns.contains(&column) {
                return Err(Error::input(format!(
                    "{name}: groups.csv has no column `{column}`; a group measure is one of {}",
                    group_columns.join(", ")
                )));
            }
            return Ok(Measure::Group {
                group: group.to_string(),
                column: column.to_string(),
            });
        }
        Err(Error::input(format!(
            "{name}: not a measure; name a column of metrics.csv (e.g. lost_half_share, isolated_share, score_assortativity) \
             or a group's column of groups.csv as GROUP.COLUMN (e.g. {}.isolated_share)",
            groups.first().copied().unwrap_or("dissidents")
        )))
    }

    /// The measure's value at `tick` in a committed run: None when the
    /// tick was not recorded; NaN when the value is undefined there.
    pub fn value(&self, record: &RunRecord, tick: u32) -> Option<f64> {
        let tick = tick.to_string();
        let parse = |field: Option<&String>| {
            field
                .and_then(|s| s.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        match self {
            Measure::Metric(name) => {
                let t = record.columns.iter().position(|c| c == "tick")?;
                let c = record.columns.iter().position(|c| c == name)?;
                let row = record.rows.iter().find(|r| r.get(t) == Some(&tick))?;
                Some(parse(row.get(c)))
            }
            Measure::Group { group, column } => {
                let find = |name: &str| record.group_columns.iter().position(|c| c == name);
                let (t, g, c) = (find("tick")?, find("group")?, find(column)?);
                let row = record
                    .group_rows
                    .iter()
                    .find(|r| r.get(t) == Some(&tick) && r.get(g) == Some(group))?;
                Some(parse(row.get(c)))
            }
        }
    }
}

/// The measures analysed when none is named: [`DEFAULT_MEASURES`], and
/// `dissidents.isolated_share` when the base has a group `dissidents`.
pub fn defaults(base: &ScenarioFile) -> Vec<String> {
    let mut names: Vec<String> = DEFAULT_MEASURES.iter().map(|s| s.to_string()).collect();
    if base.population.groups.names().any(|g| g == "dissidents") {
        names.push("dissidents.isolated_share".into());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::record::STATUS_OK;

    #[test]
    fn measures_are_metric_or_group_columns() {
        let base = ScenarioFile::default();
        assert_eq!(
            Measure::parse("lost_half_share", &base).unwrap(),
            Measure::Metric("lost_half_share".into())
        );
        assert_eq!(
            Measure::parse("dissidents.isolated_share", &base).unwrap(),
            Measure::Group {
                group: "dissidents".into(),
                column: "isolated_share".into()
            }
        );
        for (bad, needles) in [
            ("lost_half", vec!["not a measure", "GROUP.COLUMN"]),
            ("tick", vec!["not a measure"]),
            (
                "rebels.isolated_share",
                vec!["no group `rebels`", "dissidents"],
            ),
            (
                "dissidents.lonely",
                vec!["no column `lonely`", "isolated_share"],
            ),
        ] {
            let e = Measure::parse(bad, &base).unwrap_err();
            for n in needles {
                assert!(e.to_string().contains(n), "{bad}: {e}");
            }
        }
        assert_eq!(defaults(&base).last().unwrap(), "dissidents.isolated_share");
    }

    #[test]
    fn values_are_read_at_a_recorded_tick() {
        let record = RunRecord {
            run_id: 0,
            point_id: 0,
            replicate: 0,
            seed: 1,
            status: STATUS_OK.into(),
            ticks_done: 10,
            wall_seconds: 0.1,
            columns: vec!["tick".into(), "isolated_share".into()],
            rows: vec![
                vec!["0".into(), "0".into()],
                vec!["10".into(), String::new()],
            ],
            warnings: Vec::new(),
            group_columns: GROUP_COLUMNS.iter().map(|c| c.to_string()).collect(),
            group_rows: vec![
                "10,conformists,5,600,3,0,0,0,0.1,0.9"
                    .split(',')
                    .map(String::from)
                    .collect(),
                "10,dissidents,2,500,1,0.5,1,4,0,0.2"
                    .split(',')
                    .map(String::from)
                    .collect(),
            ],
        };
        let metric = Measure::Metric("isolated_share".into());
        assert_eq!(metric.value(&record, 0), Some(0.0));
        assert!(
            metric.value(&record, 10).unwrap().is_nan(),
            "empty: undefined"
        );
        assert_eq!(metric.value(&record, 5), None, "not recorded");
        let group = Measure::Group {
            group: "dissidents".into(),
            column: "isolated_share".into(),
        };
        assert_eq!(group.value(&record, 10), Some(0.5));
        assert_eq!(group.value(&record, 0), None);
    }
}
