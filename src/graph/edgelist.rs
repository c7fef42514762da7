//! Reading a friendship graph from an edge-list file (MODEL.md section 3,
//! `network = { file = { path, format } }`).
//!
//! Two formats are read:
//! - **CSV**: a header line naming the two columns (any names, e.g.
//!   `source,target`), then one tie `a,b` per line. Fields may be surrounded
//!   by spaces or by double quotes.
//! - **SNAP** (as the Stanford Network Analysis Project ships graphs): one tie
//!   per line as two ids separated by spaces or tabs; lines starting with `#`
//!   are comments.
//!
//! In both, blank lines are ignored, trailing whitespace and Windows line
//! endings are accepted, and so is a UTF-8 byte-order mark. Node ids are
//! non-negative integers below 2^64, not necessarily dense; they are
//! renumbered `0..N` in order of first appearance and the original id of
//! citizen `i` is `labels[i]`. A node that appears only in a self-loop is
//! still a citizen (without ties). Self-loops and repeated ties (in either
//! direction) are dropped and counted in [`EdgeList::dropped`]; the caller
//! warns about them. Anything else is an [`EdgeListError`] naming the file,
//! the line and what was wrong.

use super::generate::IntegerHashing;
use super::{Dropped, Graph};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The layout of an edge-list file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeListFormat {
    /// Comma-separated, with a header line.
    Csv,
    /// Whitespace-separated, `#` comments, no header.
    Snap,
    /// [`Csv`](EdgeListFormat::Csv) if the file name ends in `.csv` (any
    /// case), else [`Snap`](EdgeListFormat::Snap).
    Auto,
}

impl EdgeListFormat {
    /// The concrete format for a file called `name`: `Auto` is decided by the
    /// extension, the others are returned as they are.
    pub fn resolve(self, name: &str) -> EdgeListFormat {
        match self {
            EdgeListFormat::Auto => {
                let is_csv = Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                if is_csv {
                    EdgeListFormat::Csv
                } else {
                    EdgeListFormat::Snap
                }
            }
            other => other,
        }
    }
}

impl FromStr for EdgeListFormat {
    type Err = String;

    /// Parses the scenario value: `csv`, `snap` or `auto`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "csv" => Ok(EdgeListFormat::Csv),
            "snap" => Ok(EdgeListFormat::Snap),
            "auto" => Ok(EdgeListFormat::Auto),
            _ => Err(format!(
                "unknown edge-list format {s:?}: expected \"csv\", \"snap\" or \"auto\""
            )),
        }
    }
}

/// A graph read from an edge-list file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeList {
    /// The friendship graph over citizens `0..N`.
    pub graph: Graph,
    /// The id in the file of each citizen (`labels[i]` for citizen `i`).
    pub labels: Vec<u64>,
    /// Self-loops and repeated ties that were dropped.
    pub dropped: Dropped,
}

/// Why an edge-list file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EdgeListError {
    /// The file could not be read (missing, a directory, no permission, ...).
    #[error("{file}: cannot read the edge list: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// A line is not what the format allows.
    #[error("{file}: line {line}: \"{text}\": {problem}")]
    Line {
        file: String,
        /// 1-based line number.
        line: usize,
        /// The line, trimmed (shortened if long).
        text: String,
        problem: LineProblem,
    },
    /// The bytes are not UTF-8 text.
    #[error(
        "{file}: line {line}: byte {column} is not UTF-8 text; an edge list must be a plain \
         text file (decompress it first if it is compressed)"
    )]
    NotUtf8 {
        file: String,
        line: usize,
        /// 1-based byte position in the line.
        column: usize,
    },
    /// The file holds no tie at all.
    #[error("{file}: no ties found: {why}")]
    NoTies { file: String, why: String },
    /// More distinct ids than a graph can hold.
    #[error("{file}: line {line}: more than {max} distinct node ids; a graph holds at most {max} citizens")]
    TooManyCitizens { file: String, line: usize, max: u64 },
}

/// What is wrong with one line of an edge list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineProblem {
    /// A node id that is not made of decimal digits.
    NotAnId(String),
    /// A node id with a minus sign.
    Negative(String),
    /// A node id of 2^64 or more.
    TooLarge(String),
    /// An empty field where a node id belongs (`"source"` or `"target"`).
    EmptyId(&'static str),
    /// Fewer than two node ids.
    MissingColumn,
    /// More than two fields.
    ExtraColumns(usize),
    /// A CSV header line without exactly two column names.
    BadHeader(usize),
    /// A CSV file whose first line is a tie, not a header.
    MissingHeader,
}

const ID_RULE: &str = "node ids are non-negative integers below 2^64";

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::NotAnId(id) => {
                write!(
                    f,
                    "node id \"{id}\" is not a non-negative integer below 2^64"
                )
            }
            LineProblem::Negative(id) => write!(f, "node id \"{id}\" has a minus sign: {ID_RULE}"),
            LineProblem::TooLarge(id) => write!(f, "node id \"{id}\" is not below 2^64"),
            LineProblem::EmptyId(column) => write!(f, "the {column} node id is empty"),
            LineProblem::MissingColumn => {
                write!(f, "expected two node ids (source and target), found one")
            }
            LineProblem::ExtraColumns(found) => write!(
                f,
                "expected two node ids (source and target), found {found} fields"
            ),
            LineProblem::BadHeader(found) => write!(
                f,
                "expected a header line with two column names (e.g. source,target), found {found}"
            ),
            LineProblem::MissingHeader => write!(
                f,
                "expected a header line naming the two columns (e.g. source,target), found a \
                 tie; add a header line (or use the snap format, which has none)"
            ),
        }
    }
}

/// Reads the edge list at `path`; see the module documentation for the formats.
///
/// Errors name the file as `path` is written.
///
/// Complexity: O(file size + m log d).
pub fn read_edge_list(path: &Path, format: EdgeListFormat) -> Result<EdgeList, EdgeListError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| EdgeListError::Read {
        file: name.clone(),
        source,
    })?;
    parse_edge_list(&bytes, format, &name)
}

/// Parses the bytes of an edge-list file; `name_for_errors` names it in
/// errors and decides the format when `format` is `Auto`.
///
/// Complexity: O(bytes + m log d).
pub fn parse_edge_list(
    bytes: &[u8],
    format: EdgeListFormat,
    name_for_errors: &str,
) -> Result<EdgeList, EdgeListError> {
    let file = name_for_errors;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let bad = e.valid_up_to();
        let line_start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        EdgeListError::NotUtf8 {
            file: file.to_string(),
            line: 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count(),
            column: bad - line_start + 1,
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = format.resolve(file);
    let line_error = |line: usize, content: &str, problem: LineProblem| EdgeListError::Line {
        file: file.to_string(),
        line,
        text: shorten(content),
        problem,
    };

    let mut ids: HashMap<u64, u32, IntegerHashing> = HashMap::default();
    let mut labels: Vec<u64> = Vec::new();
    let mut ties: Vec<(u32, u32)> = Vec::new();
    let mut header_seen = false;
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }
        let (source, target) = match format {
            EdgeListFormat::Csv => {
                let fields: Vec<&str> = content.split(',').map(csv_field).collect();
                if !header_seen {
                    header_seen = true;
                    if fields.len() != 2 {
                        return Err(line_error(
                            line,
                            content,
                            LineProblem::BadHeader(fields.len()),
                        ));
                    }
                    if parse_id(fields[0], "source").is_ok()
                        && parse_id(fields[1], "target").is_ok()
                    {
                        return Err(line_error(line, content, LineProblem::MissingHeader));
                    }
                    continue;
                }
                match fields.len() {
                    1 => return Err(line_error(line, content, LineProblem::MissingColumn)),
                    2 => (fields[0], fields[1]),
                    found => {
                        return Err(line_error(line, content, LineProblem::ExtraColumns(found)))
                    }
                }
            }
            EdgeListFormat::Snap | EdgeListFormat::Auto => {
                if content.starts_with('#') {
                    continue;
                }
                let mut fields = content.split_ascii_whitespace();
                let source = fields.next().unwrap_or("");
                let Some(target) = fields.next() else {
                    return Err(line_error(line, content, LineProblem::MissingColumn));
                };
                let extra = fields.count();
                if extra > 0 {
                    return Err(line_error(
                        line,
                        content,
                        LineProblem::ExtraColumns(2 + extra),
                    ));
                }
                (source, target)
            }
        };
        let source = parse_id(source, "source").map_err(|p| line_error(line, content, p))?;
        let target = parse_id(target, "target").map_err(|p| line_error(line, content, p))?;
        let mut citizen = |id: u64| -> Result<u32, EdgeListError> {
            if let Some(&c) = ids.get(&id) {
                return Ok(c);
            }
            if labels.len() >= u32::MAX as usize {
                return Err(EdgeListError::TooManyCitizens {
                    file: file.to_string(),
                    line,
                    max: u32::MAX as u64,
                });
            }
            let c = labels.len() as u32;
            ids.insert(id, c);
            labels.push(id);
            Ok(c)
        };
        let a = citizen(source)?;
        let b = citizen(target)?;
        ties.push((a, b));
    }
    drop(ids);
    let (graph, dropped) = Graph::from_edges(labels.len(), &ties);
    if graph.ties() == 0 {
        let why = if ties.is_empty() {
            match format {
                EdgeListFormat::Csv => {
                    "expected a header line, then one tie \"source,target\" per line".to_string()
                }
                _ => "expected one tie \"source target\" per line".to_string(),
            }
        } else {
            format!(
                "all {} lines name a citizen tied to itself (self-loops are dropped)",
                ties.len()
            )
        };
        return Err(EdgeListError::NoTies {
            file: file.to_string(),
            why,
        });
    }
    Ok(EdgeList {
        graph,
        labels,
        dropped,
    })
}

/// A CSV field without surrounding spaces and double quotes.
fn csv_field(field: &str) -> &str {
    let field = field.trim();
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .map_or(field, str::trim)
}

/// Parses a node id: decimal digits only, value below 2^64.
fn parse_id(field: &str, column: &'static str) -> Result<u64, LineProblem> {
    if field.is_empty() {
        return Err(LineProblem::EmptyId(column));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(field) {
        let mut value = 0u64;
        for b in field.bytes() {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add((b - b'0') as u64))
                .ok_or_else(|| LineProblem::TooLarge(field.to_string()))?;
        }
        Ok(value)
    } else if field.strip_prefix('-').is_some_and(digits) {
        Err(LineProblem::Negative(field.to_string()))
    } else {
        Err(LineProblem::NotAnId(field.to_string()))
    }
}

/// A line as quoted in an error: at most 80 characters.
fn shorten(line: &str) -> String {
    const MAX: usize = 80;
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let head: String = line.chars().take(MAX - 1).collect();
        format!("{head}…")
    }
}
