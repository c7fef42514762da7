//! One thing wrong with a scenario, and the error listing all of them.

use std::fmt;

/// One thing wrong with a scenario: where (the file, the dotted key, its
/// line), the value found, and what is wrong, saying what is allowed.
/// Written as one line:
/// `scenarios/x.toml: ties.cut_rate = 1.7 at line 31: must be in [0, 1]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problem {
    /// The file, as the user named it (absent for a scenario not read from a file).
    pub file: Option<String>,
    /// The dotted key, when the problem is at a key.
    pub key: Option<String>,
    /// The value found, as TOML, when short enough to show.
    pub value: Option<String>,
    /// The line of the key in the file, when it is there.
    pub line: Option<usize>,
    /// Where the value came from when not from its own line: `(from
    /// --set)`, `(after --set KEY)`, `(in the table at line 3)`.
    pub origin: Option<String>,
    /// What is wrong, and what is allowed.
    pub message: String,
}

impl Problem {
    /// A problem known only by what is wrong (a key that does not parse):
    /// the caller adds the file, key or line it knows.
    pub fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            ..Problem::default()
        }
    }

    /// A problem of the whole file (it cannot be read, is not TOML, ...).
    pub fn of_file(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: Some(file.into()),
            message: message.into(),
            ..Problem::default()
        }
    }

    /// A problem at a key, with nothing else known.
    pub fn at_key(key: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            key: Some(key.into()),
            message: message.into(),
            ..Problem::default()
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(key) = &self.key {
            f.write_str(key)?;
            if let Some(v) = &self.value {
                write!(f, " = {v}")?;
            }
            if let Some(origin) = &self.origin {
                write!(f, " {origin}")?;
            } else if let Some(line) = self.line {
                write!(f, " at line {line}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

/// A scenario that could not be loaded: every problem found, each naming
/// the file, in the order found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    /// An error of one problem known only by what is wrong (a key that
    /// does not parse): the caller adds the file it knows.
    pub fn new(message: impl Into<String>) -> ScenarioError {
        ScenarioError::one(Problem::new(message))
    }

    /// An error of one problem at `key`.
    pub fn at_key(key: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::one(Problem::at_key(key, message))
    }

    /// The same problems, each naming the file `shown`.
    pub fn in_file(self, shown: &str) -> ScenarioError {
        ScenarioError {
            problems: self
                .problems
                .into_iter()
                .map(|p| Problem {
                    file: Some(shown.to_string()),
                    ..p
                })
                .collect(),
        }
    }

    /// An error of one problem.
    pub fn one(problem: Problem) -> ScenarioError {
        ScenarioError {
            problems: vec![problem],
        }
    }

    /// The problems, one line each.
    pub fn lines(&self) -> Vec<String> {
        self.problems.iter().map(Problem::to_string).collect()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for ScenarioError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_one_line_each() {
        let p = Problem {
            file: Some("x.toml".into()),
            key: Some("ties.cut_rate".into()),
            value: Some("1.7".into()),
            line: Some(31),
            origin: None,
            message: "must be in [0, 1]".into(),
        };
        assert_eq!(
            p.to_string(),
            "x.toml: ties.cut_rate = 1.7 at line 31: must be in [0, 1]"
        );
        let from_flag = Problem {
            origin: Some("(from --set)".into()),
            ..p.clone()
        };
        assert_eq!(
            from_flag.to_string(),
            "x.toml: ties.cut_rate = 1.7 (from --set): must be in [0, 1]"
        );
        assert_eq!(
            Problem::of_file("x.toml", "not TOML").to_string(),
            "x.toml: not TOML"
        );
        assert_eq!(
            Problem::at_key("ticks", "must be ≥ 1").to_string(),
            "ticks: must be ≥ 1"
        );
        let e = ScenarioError {
            problems: vec![p, Problem::of_file("y.toml", "empty")],
        };
        assert_eq!(e.lines().len(), 2);
        assert_eq!(e.to_string(), e.lines().join("\n"));
    }
}
