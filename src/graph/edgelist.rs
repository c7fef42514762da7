//! Reading a friendship graph from an edge-list file (docs/model.md, "Input data";
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
//! A weighted edge list, with a third column (a number: `a,b,w`, `a b w`,
//! and a CSV header of three names), is read too: sesame's ties are
//! unweighted, so the weights are checked to be numbers and ignored, and
//! the ties that carried one are counted in [`EdgeList::weighted`] for the
//! caller to say so ([`notes`]).
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

use super::generate::TieGroups;
use super::{Dropped, Graph};
use crate::rng::IntegerHashing;
use rayon::prelude::*;
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
    /// Lines that gave a weight (a third column), ignored.
    pub weighted: usize,
}

/// The notes for a user about an edge list read from `name`: ties dropped
/// (self-loops, repeats) and weights ignored, one sentence each.
pub fn notes(list: &EdgeList, name: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let d = list.dropped;
    if d.self_loops + d.duplicates > 0 {
        notes.push(format!(
            "{name}: dropped {} self-loop(s) and {} duplicate tie(s)",
            d.self_loops, d.duplicates
        ));
    }
    if list.weighted > 0 {
        notes.push(format!(
            "{name}: {} tie(s) carry a weight (a third column); ties in sesame are unweighted, so the weights are ignored",
            list.weighted
        ));
    }
    notes
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
    /// The bytes are UTF-16 text (they start with a UTF-16 byte-order mark).
    #[error(
        "{file}: the file is UTF-16 text (as Windows PowerShell and some editors save it); \
         save it as UTF-8 (or ASCII) and run again"
    )]
    Utf16 { file: String },
    /// The file holds no tie at all.
    #[error("{file}: no ties found: {why}")]
    NoTies { file: String, why: String },
    /// More distinct ids than a graph can hold.
    #[error("{file}: more than {max} distinct node ids; a graph holds at most {max} citizens")]
    TooManyCitizens { file: String, max: u64 },
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
    /// More than three fields (two ids and a weight).
    ExtraColumns(usize),
    /// A third field (a weight) that is not a number.
    BadWeight(String),
    /// A CSV header line without two or three column names.
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
                "expected two node ids (source and target) and at most a weight, found {found} fields"
            ),
            LineProblem::BadWeight(w) if w.is_empty() => write!(
                f,
                "the third field (a weight) is empty; give a number, or no third field"
            ),
            LineProblem::BadWeight(w) => write!(
                f,
                "the third field \"{w}\" is not a number (a third column is read as the tie's weight, and ignored)"
            ),
            LineProblem::BadHeader(found) => write!(
                f,
                "expected a header line with two column names (e.g. source,target), or three with a weight, found {found}"
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
/// Lines are parsed in parallel, in fixed chunks of the file; the first
/// error in file order is reported, whatever the number of threads.
///
/// Complexity: O(bytes + m log d).
pub fn parse_edge_list(
    bytes: &[u8],
    format: EdgeListFormat,
    name_for_errors: &str,
) -> Result<EdgeList, EdgeListError> {
    let file = name_for_errors;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(EdgeListError::Utf16 {
            file: file.to_string(),
        });
    }
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

    // A CSV file starts with its header: the first line that is not blank.
    let (body, first_line) = if format == EdgeListFormat::Csv {
        let mut rest = text;
        let mut line = 1;
        loop {
            let Some((raw, after)) = split_line(rest) else {
                break ("", line); // no header, hence no ties
            };
            let content = raw.trim();
            if !content.is_empty() {
                let fields: Vec<&str> = content.split(',').map(csv_field).collect();
                if fields.len() != 2 && fields.len() != 3 {
                    let problem = LineProblem::BadHeader(fields.len());
                    return Err(line_error(line, content, problem));
                }
                if parse_id(fields[0], "source").is_ok() && parse_id(fields[1], "target").is_ok() {
                    return Err(line_error(line, content, LineProblem::MissingHeader));
                }
                break (after, line + 1);
            }
            rest = after;
            line += 1;
        }
    } else {
        (text, 1)
    };

    // The ties as pairs of ids, chunk by chunk.
    let chunks: Vec<Result<Chunk, (usize, &str, LineProblem)>> = chunks_of_lines(body)
        .into_par_iter()
        .map(|chunk| parse_chunk(chunk, format))
        .collect();
    let mut pairs: Vec<(u64, u64)> = Vec::with_capacity(
        chunks
            .iter()
            .map(|c| c.as_ref().map_or(0, |c| c.pairs.len()))
            .sum(),
    );
    let mut line = first_line;
    let mut weighted = 0;
    for chunk in chunks {
        match chunk {
            Ok(chunk) => {
                pairs.extend_from_slice(&chunk.pairs);
                line += chunk.newlines;
                weighted += chunk.weighted;
            }
            Err((offset, content, problem)) => {
                return Err(line_error(line + offset, content, problem))
            }
        }
    }
    let Renumbered { labels, ties } =
        renumber(&pairs).ok_or_else(|| EdgeListError::TooManyCitizens {
            file: file.to_string(),
            max: u32::MAX as u64,
        })?;
    drop(pairs);
    let n = labels.len();
    let (graph, dropped) = Graph::from_edges(n, &TieGroups::regroup(n, &ties, |&(_, b)| b));
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
        weighted,
    })
}

/// The first line of `text` (without its `\n`) and the text after it;
/// `None` when `text` is empty.
fn split_line(text: &str) -> Option<(&str, &str)> {
    if text.is_empty() {
        None
    } else {
        Some(text.split_once('\n').unwrap_or((text, "")))
    }
}

/// Pieces of `text` of about [`CHUNK_BYTES`], each ending just after a line
/// break (or at the end of the text).
fn chunks_of_lines(mut text: &str) -> Vec<&str> {
    const CHUNK_BYTES: usize = 1 << 20;
    let mut chunks = Vec::with_capacity(text.len() / CHUNK_BYTES + 1);
    while !text.is_empty() {
        let end = if text.len() <= CHUNK_BYTES {
            text.len()
        } else {
            text.as_bytes()[CHUNK_BYTES..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| CHUNK_BYTES + p + 1)
        };
        let (chunk, rest) = text.split_at(end);
        chunks.push(chunk);
        text = rest;
    }
    chunks
}

/// The ties of a chunk of lines, as pairs of ids in file order, the
/// number of line breaks in the chunk and of lines with a weight.
struct Chunk {
    pairs: Vec<(u64, u64)>,
    newlines: usize,
    weighted: usize,
}

/// Parses the lines of a chunk; an error gives the line's index in the
/// chunk, its trimmed text and the problem.
fn parse_chunk(chunk: &str, format: EdgeListFormat) -> Result<Chunk, (usize, &str, LineProblem)> {
    let mut pairs = Vec::with_capacity(chunk.len() / 12);
    let mut newlines = 0;
    let mut weighted = 0;
    let mut rest = chunk;
    while let Some((raw, after)) = split_line(rest) {
        let index = newlines;
        newlines += usize::from(raw.len() < rest.len()); // a line break follows
        rest = after;
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }
        let fail = |problem| Err((index, content, problem));
        let (source, target, weight) = match format {
            EdgeListFormat::Csv => {
                let mut fields = content.split(',');
                let source = csv_field(fields.next().unwrap_or(""));
                let Some(target) = fields.next() else {
                    return fail(LineProblem::MissingColumn);
                };
                let weight = fields.next().map(csv_field);
                let extra = fields.count();
                if extra > 0 {
                    return fail(LineProblem::ExtraColumns(3 + extra));
                }
                (source, csv_field(target), weight)
            }
            EdgeListFormat::Snap | EdgeListFormat::Auto => {
                if content.starts_with('#') {
                    continue;
                }
                let mut fields = content.split_ascii_whitespace();
                let source = fields.next().unwrap_or("");
                let Some(target) = fields.next() else {
                    return fail(LineProblem::MissingColumn);
                };
                let weight = fields.next();
                let extra = fields.count();
                if extra > 0 {
                    return fail(LineProblem::ExtraColumns(3 + extra));
                }
                (source, target, weight)
            }
        };
        let source = match parse_id(source, "source") {
            Ok(id) => id,
            Err(problem) => return fail(problem),
        };
        let target = match parse_id(target, "target") {
            Ok(id) => id,
            Err(problem) => return fail(problem),
        };
        if let Some(w) = weight {
            if !w.parse::<f64>().is_ok_and(f64::is_finite) {
                return fail(LineProblem::BadWeight(shorten(w)));
            }
            weighted += 1;
        }
        pairs.push((source, target));
    }
    Ok(Chunk {
        pairs,
        newlines,
        weighted,
    })
}

/// Ties between citizens `0..N` and the id of each citizen.
struct Renumbered {
    labels: Vec<u64>,
    ties: Vec<(u32, u32)>,
}

/// Renumbers ids `0..N` in order of first appearance; `None` if there are
/// more than 2^32 − 1 distinct ids.
///
/// Ids below a bound proportional to the file's size are looked up in a
/// table indexed by id (one memory access, no probing: most published
/// edge lists number their nodes densely); others in a hash map.
fn renumber(pairs: &[(u64, u64)]) -> Option<Renumbered> {
    const NONE: u32 = u32::MAX;
    let max_id = pairs.par_iter().map(|&(a, b)| a.max(b)).max().unwrap_or(0);
    let table_size = (2 * pairs.len()).max(1 << 24) as u64;
    let mut labels: Vec<u64> = Vec::new();
    let mut ties: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    let new_citizen = |id: u64, labels: &mut Vec<u64>| -> Option<u32> {
        if labels.len() >= u32::MAX as usize {
            return None;
        }
        labels.push(id);
        Some(labels.len() as u32 - 1)
    };
    if max_id < table_size {
        let mut table = vec![NONE; max_id as usize + 1];
        for &(a, b) in pairs {
            let mut citizen = |id: u64| -> Option<u32> {
                let slot = &mut table[id as usize];
                if *slot == NONE {
                    *slot = new_citizen(id, &mut labels)?;
                }
                Some(*slot)
            };
            let a = citizen(a)?;
            let b = citizen(b)?;
            ties.push((a, b));
        }
    } else {
        let mut map: HashMap<u64, u32, IntegerHashing> = HashMap::default();
        for &(a, b) in pairs {
            let mut citizen = |id: u64| -> Option<u32> {
                if let Some(&c) = map.get(&id) {
                    return Some(c);
                }
                let c = new_citizen(id, &mut labels)?;
                map.insert(id, c);
                Some(c)
            };
            let a = citizen(a)?;
            let b = citizen(b)?;
            ties.push((a, b));
        }
    }
    Some(Renumbered { labels, ties })
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
                .ok_or_else(|| LineProblem::TooLarge(shorten(field)))?;
        }
        Ok(value)
    } else if field.strip_prefix('-').is_some_and(digits) {
        Err(LineProblem::Negative(shorten(field)))
    } else {
        Err(LineProblem::NotAnId(shorten(field)))
    }
}

/// A line as quoted in an error: at most 80 characters, control characters
/// escaped (a stray carriage return or escape sequence must not garble the
/// message on a terminal).
fn shorten(line: &str) -> String {
    const MAX: usize = 80;
    if line.chars().count() <= MAX {
        printable(line)
    } else {
        let head: String = line.chars().take(MAX - 1).collect();
        format!("{}…", printable(&head))
    }
}

/// `text` with its control characters escaped as Rust writes them (`\r`, `\u{1b}`).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn parse(text: &str, format: EdgeListFormat) -> Result<EdgeList, EdgeListError> {
        parse_edge_list(text.as_bytes(), format, "data/x.csv")
    }

    /// The ties of `list` as pairs of original ids, smaller id first.
    fn labelled_ties(list: &EdgeList) -> HashSet<(u64, u64)> {
        list.graph
            .edges()
            .map(|(a, b)| {
                let (x, y) = (list.labels[a as usize], list.labels[b as usize]);
                (x.min(y), x.max(y))
            })
            .collect()
    }

    /// The problem and line of a line error (panics on any other error).
    fn line_problem(result: Result<EdgeList, EdgeListError>) -> (usize, LineProblem) {
        match result {
            Err(EdgeListError::Line { line, problem, .. }) => (line, problem),
            other => panic!("expected a line error, got {other:?}"),
        }
    }

    #[test]
    fn ids_are_renumbered_in_order_of_first_appearance() {
        let list = parse("source,target\n10,20\n20,5\n7,10\n", EdgeListFormat::Csv).unwrap();
        assert_eq!(list.labels, vec![10, 20, 5, 7]);
        let ties: Vec<_> = list.graph.edges().collect();
        assert_eq!(ties, vec![(0, 1), (0, 3), (1, 2)]);
        assert_eq!(list.dropped, Dropped::default());
        list.graph.check().unwrap();
    }

    #[test]
    fn snap_and_csv_give_the_same_graph() {
        let snap = "# Directed graph (each unordered pair of nodes is saved once)\n\
                    # FromNodeId\tToNodeId\n\
                    \n\
                    0\t18446744073709551615\n  3 4   \n\n4 0\n";
        let csv = "\u{feff}from , to\r\n0,18446744073709551615\r\n\"3\", \"4\"\r\n\r\n4,0 \r\n";
        let a = parse(snap, EdgeListFormat::Snap).unwrap();
        let b = parse(csv, EdgeListFormat::Csv).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.labels, vec![0, u64::MAX, 3, 4]);
        assert_eq!(a.graph.ties(), 3);
    }

    #[test]
    fn duplicates_and_self_loops_are_dropped_and_counted() {
        let list = parse("1 2\n2 1\n1 2\n3 3\n2 4\n", EdgeListFormat::Snap).unwrap();
        assert_eq!(
            list.dropped,
            Dropped {
                self_loops: 1,
                duplicates: 2
            }
        );
        // Citizen 3 appears only in its self-loop: a citizen without ties.
        assert_eq!(list.labels, vec![1, 2, 3, 4]);
        assert_eq!(list.graph.degree(2), 0);
        assert_eq!(list.graph.ties(), 2);
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_problem() {
        // Line numbers count blank lines too.
        let e = parse(
            "source,target\n1,2\n2,3\n\n3,4\n4,5\na,3\n",
            EdgeListFormat::Csv,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/x.csv: line 7: \"a,3\": node id \"a\" is not a non-negative integer below 2^64"
        );
        // CSV has no comments: a `#` line is a line with one field.
        let e = parse("source,target\n# a comment\n", EdgeListFormat::Csv).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/x.csv: line 2: \"# a comment\": expected two node ids (source and target), \
             found one"
        );
    }

    #[test]
    fn every_kind_of_bad_line_is_an_error() {
        use EdgeListFormat::{Csv, Snap};
        use LineProblem::*;
        let cases: Vec<(&str, EdgeListFormat, usize, LineProblem)> = vec![
            ("1 2\n3 x\n", Snap, 2, NotAnId("x".into())),
            ("1 2\n3 4.0\n", Snap, 2, NotAnId("4.0".into())),
            ("1 2\n3 +4\n", Snap, 2, NotAnId("+4".into())),
            ("1 -2\n", Snap, 1, Negative("-2".into())),
            (
                "1 18446744073709551616\n",
                Snap,
                1,
                TooLarge("18446744073709551616".into()),
            ),
            (
                "1 99999999999999999999999\n",
                Snap,
                1,
                TooLarge("99999999999999999999999".into()),
            ),
            ("1 2\n3\n", Snap, 2, MissingColumn),
            ("1 2 3 4\n", Snap, 1, ExtraColumns(4)),
            ("1 2\r\n3 4 1.0 x\r\n", Snap, 2, ExtraColumns(4)),
            ("1 2\n3 4 heavy\n", Snap, 2, BadWeight("heavy".into())),
            ("1 2 inf\n", Snap, 1, BadWeight("inf".into())),
            ("1,2\n", Snap, 1, MissingColumn),
            ("a,b\n1,2\n3\n", Csv, 3, MissingColumn),
            ("a,b\n1,2,\n", Csv, 2, BadWeight(String::new())),
            ("a,b\n1,2,3,4\n", Csv, 2, ExtraColumns(4)),
            ("a,b\n1;2\n", Csv, 2, MissingColumn),
            ("a,b\n1,\n", Csv, 2, EmptyId("target")),
            ("a,b\n,1\n", Csv, 2, EmptyId("source")),
            ("a,b\n1,-0\n", Csv, 2, Negative("-0".into())),
            ("a,b\n1 2,3\n", Csv, 2, NotAnId("1 2".into())),
            ("source\n1,2\n", Csv, 1, BadHeader(1)),
            ("a,b,c,d\n1,2\n", Csv, 1, BadHeader(4)),
            ("1,2,0.5\n", Csv, 1, MissingHeader),
            ("\n0,1\n1,2\n", Csv, 2, MissingHeader),
        ];
        for (text, format, line, problem) in cases {
            assert_eq!(
                line_problem(parse(text, format)),
                (line, problem),
                "input {text:?}"
            );
        }
    }

    #[test]
    fn weights_in_a_third_column_are_checked_counted_and_ignored() {
        use EdgeListFormat::{Csv, Snap};
        let plain = parse("a,b\n1,2\n2,3\n3,1\n", Csv).unwrap();
        assert_eq!(plain.weighted, 0);
        let csv = parse("source,target,weight\n1,2,0.5\n2,3, \"1e3\" \n3,1\n", Csv).unwrap();
        let snap = parse("# u v w\n1 2 0.5\n2\t3\t-2\n3 1\n", Snap).unwrap();
        for weighted in [&csv, &snap] {
            assert_eq!(weighted.weighted, 2);
            assert_eq!(weighted.graph, plain.graph);
            assert_eq!(weighted.labels, plain.labels);
        }
        let notes = notes(&csv, "w.csv");
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].starts_with("w.csv: 2 tie(s) carry a weight") && notes[0].contains("ignored"),
            "{notes:?}"
        );
        assert!(super::notes(&plain, "p.csv").is_empty());
    }

    #[test]
    fn large_files_are_read_in_chunks_with_exact_line_numbers() {
        // About 3.5 MB: several parsing chunks. Line k (1-based, after the
        // comment) ties k to k + 1; blank lines and comments sprinkled in.
        let lines = 300_000;
        let mut text = String::from("# a path\n");
        for k in 1..=lines {
            text.push_str(&format!("{k} {}\n", k + 1));
            if k % 1000 == 0 {
                text.push_str("\n# comment\n");
            }
        }
        let list = parse(&text, EdgeListFormat::Snap).unwrap();
        assert_eq!(list.graph.ties(), lines);
        assert_eq!(list.labels.len(), lines + 1);
        assert!(list.labels.iter().zip(1..).all(|(&l, k)| l == k));
        // A bad id near the end: its line number counts every line before.
        let bad = 250_500; // tie number; 250 blank/comment pairs precede it
        let needle = format!("\n{bad} {}\n", bad + 1);
        let at = text.find(&needle).unwrap() + 1;
        let mut broken = text.clone();
        broken.replace_range(at..at + needle.len() - 2, &format!("{bad} x"));
        let (line, problem) = line_problem(parse(&broken, EdgeListFormat::Snap));
        assert_eq!(problem, LineProblem::NotAnId("x".into()));
        assert_eq!(line, 1 + bad + 2 * 250);
    }

    #[test]
    fn files_without_ties_are_errors() {
        for (text, format) in [
            ("", EdgeListFormat::Snap),
            ("\u{feff}", EdgeListFormat::Snap),
            ("# only a comment\n\n", EdgeListFormat::Snap),
            ("", EdgeListFormat::Csv),
            ("source,target\n", EdgeListFormat::Csv),
            ("source,target\n\r\n", EdgeListFormat::Csv),
            ("5 5\n7 7\n", EdgeListFormat::Snap),
        ] {
            let e = parse(text, format).unwrap_err();
            assert!(matches!(e, EdgeListError::NoTies { .. }), "{text:?}: {e:?}");
            assert!(
                e.to_string().starts_with("data/x.csv: no ties found"),
                "{e}"
            );
        }
    }

    #[test]
    fn non_utf8_bytes_are_an_error_naming_the_line() {
        let bytes = b"1 2\n3 4\n5 \xff6\n";
        let e = parse_edge_list(bytes, EdgeListFormat::Snap, "g.txt").unwrap_err();
        match &e {
            EdgeListError::NotUtf8 { line, column, .. } => assert_eq!((*line, *column), (3, 3)),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string()
                .starts_with("g.txt: line 3: byte 3 is not UTF-8"),
            "{e}"
        );
        // A gzip header.
        let e = parse_edge_list(b"\x1f\x8b\x08\x00", EdgeListFormat::Snap, "g.txt.gz");
        assert!(matches!(e, Err(EdgeListError::NotUtf8 { line: 1, .. })));
        // UTF-16 with its byte-order mark, as Windows PowerShell writes.
        let utf16: Vec<u8> = "\u{feff}1 2\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = parse_edge_list(&utf16, EdgeListFormat::Snap, "g.txt").unwrap_err();
        assert!(matches!(e, EdgeListError::Utf16 { .. }), "{e:?}");
        assert!(e.to_string().contains("save it as UTF-8"), "{e}");
    }

    #[test]
    fn control_characters_in_a_bad_line_are_escaped() {
        let e =
            parse_edge_list(b"1 2\n3\r4 \x1b[31m5\n", EdgeListFormat::Snap, "g.txt").unwrap_err();
        let text = e.to_string();
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.contains("3\\r4"), "{text}");
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let path = Path::new("/nonexistent/sesame/friends.csv");
        let e = read_edge_list(path, EdgeListFormat::Auto).unwrap_err();
        assert!(matches!(e, EdgeListError::Read { .. }));
        assert!(
            e.to_string()
                .starts_with("/nonexistent/sesame/friends.csv: cannot read the edge list"),
            "{e}"
        );
    }

    #[test]
    fn auto_format_follows_the_extension() {
        assert_eq!(EdgeListFormat::Auto.resolve("a/b.CSV"), EdgeListFormat::Csv);
        assert_eq!(
            EdgeListFormat::Auto.resolve("a/b.txt"),
            EdgeListFormat::Snap
        );
        assert_eq!(EdgeListFormat::Auto.resolve("edges"), EdgeListFormat::Snap);
        assert_eq!(EdgeListFormat::Snap.resolve("b.csv"), EdgeListFormat::Snap);
        assert_eq!("csv".parse(), Ok(EdgeListFormat::Csv));
        assert_eq!("snap".parse(), Ok(EdgeListFormat::Snap));
        assert_eq!("auto".parse(), Ok(EdgeListFormat::Auto));
        assert!("tsv"
            .parse::<EdgeListFormat>()
            .unwrap_err()
            .contains("\"csv\""));
        // The header of a .csv file is not read as a tie under Auto.
        let list = parse_edge_list(b"u,v\n1,2\n", EdgeListFormat::Auto, "f.csv").unwrap();
        assert_eq!(list.labels, vec![1, 2]);
    }

    #[test]
    fn zachary_karate_club() {
        // The copy the karate-club scenario reads, shipped in the repository.
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/zachary-karate-club.csv");
        let list = read_edge_list(&path, EdgeListFormat::Auto).unwrap();
        assert_eq!(list.graph.citizens(), 34);
        assert_eq!(list.graph.ties(), 78);
        assert_eq!(list.dropped, Dropped::default());
        let mut sorted = list.labels.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..34).collect::<Vec<u64>>());
        // The instructor (0) and the administrator (33) have 16 and 17 friends.
        let citizen = |label: u64| list.labels.iter().position(|&l| l == label).unwrap();
        assert_eq!(list.graph.degree(citizen(0)), 16);
        assert_eq!(list.graph.degree(citizen(33)), 17);
    }

    proptest! {
        #[test]
        fn random_edge_lists_round_trip(
            pairs in prop::collection::vec(
                (prop_oneof![0u64..20, any::<u64>()], prop_oneof![0u64..20, any::<u64>()]),
                1..60,
            ),
            tabs in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let (sep, end) = (if tabs { "\t" } else { " " }, if crlf { "\r\n" } else { "\n" });
            let mut snap = format!("# {} pairs{end}", pairs.len());
            let mut csv = format!("source,target{end}");
            for (a, b) in &pairs {
                snap.push_str(&format!("{a}{sep}{b}{end}"));
                csv.push_str(&format!("{a},{b}{end}"));
            }
            // Independent expectations.
            let mut first_seen = Vec::new();
            for &(a, b) in &pairs {
                for id in [a, b] {
                    if !first_seen.contains(&id) {
                        first_seen.push(id);
                    }
                }
            }
            let expected: HashSet<(u64, u64)> = pairs
                .iter()
                .filter(|(a, b)| a != b)
                .map(|&(a, b)| (a.min(b), a.max(b)))
                .collect();
            let loops = pairs.iter().filter(|(a, b)| a == b).count() as u64;
            let result = parse(&snap, EdgeListFormat::Snap);
            if expected.is_empty() {
                prop_assert!(matches!(result, Err(EdgeListError::NoTies { .. })), "{:?}", result);
            } else {
                let list = result.unwrap();
                prop_assert_eq!(&list.labels, &first_seen);
                prop_assert_eq!(labelled_ties(&list), expected.clone());
                prop_assert_eq!(list.dropped.self_loops, loops);
                prop_assert_eq!(
                    list.dropped.duplicates,
                    pairs.len() as u64 - loops - expected.len() as u64
                );
                list.graph.check().unwrap();
                prop_assert_eq!(parse(&csv, EdgeListFormat::Csv).unwrap(), list);
            }
        }
    }
}
