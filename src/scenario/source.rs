//! The text of a scenario file: decoding, parsing, and the line of every key.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};
use toml::Table;

use super::key_path::KeyPath;
use super::problem::ScenarioError;

/// A parsed scenario file: its values and where each key was written.
pub(crate) struct Source {
    /// The file's values, as written (no defaults).
    pub table: Table,
    /// 1-based line of each key written in the file. Keys of an event's `set`
    /// are indexed by their dotted form, as [`super::set::flatten`] writes them.
    pub lines: HashMap<KeyPath, usize>,
}

/// Decodes the bytes of a file as UTF-8, or says where they stop being UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, ScenarioError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return ScenarioError::new(
                "not UTF-8 text: the file is UTF-16 (as Windows PowerShell and some editors \
                 save it); a scenario must be saved as UTF-8",
            );
        }
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
        ScenarioError::new(format!(
            "line {line}, column {column}: not UTF-8 text (byte 0x{:02X}); a scenario must be saved as UTF-8",
            bytes[at]
        ))
    })
}

/// 1-based line and column of byte offset `at` in `text`.
pub(crate) fn position(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let mut start = at;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Source {
    /// Parses TOML text; a syntax error is reported with its line and column.
    pub fn parse(text: &str) -> Result<Source, ScenarioError> {
        let syntax = |e: toml::de::Error| {
            let message = e.message().trim_end().to_string();
            match e.span() {
                Some(span) => {
                    let (line, column) = position(text, span.start);
                    ScenarioError::new(format!(
                        "line {line}, column {column}: invalid TOML: {message}"
                    ))
                }
                None => ScenarioError::new(format!("invalid TOML: {message}")),
            }
        };
        let document = DeTable::parse(text).map_err(syntax)?;
        let table: Table = text.parse().map_err(syntax)?;
        let mut lines = HashMap::new();
        index(document.get_ref(), text, &KeyPath::root(), &mut lines);
        Ok(Source { table, lines })
    }

    /// The line of `path`, if it is written in the file.
    pub fn line(&self, path: &KeyPath) -> Option<usize> {
        self.lines.get(path).copied()
    }
}

fn index(table: &DeTable, text: &str, path: &KeyPath, lines: &mut HashMap<KeyPath, usize>) {
    for (key, value) in table.iter() {
        let here = path.key(key.get_ref());
        lines.insert(here.clone(), position(text, key.span().start).0);
        index_value(value.get_ref(), text, &here, lines);
    }
}

fn index_value(value: &DeValue, text: &str, path: &KeyPath, lines: &mut HashMap<KeyPath, usize>) {
    match value {
        DeValue::Table(t) => {
            if is_event_set(path) {
                index_assignments(t, text, path, None, lines);
            } else {
                index(t, text, path, lines);
            }
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let here = path.index(i);
                lines.insert(here.clone(), position(text, item.span().start).0);
                index_value(item.get_ref(), text, &here, lines);
            }
        }
        _ => {}
    }
}

/// `events[i].set`: its keys are dotted keys, possibly written as nested tables.
fn is_event_set(path: &KeyPath) -> bool {
    use super::key_path::Segment;
    matches!(
        path.0.as_slice(),
        [Segment::Key(e), Segment::Index(_), Segment::Key(s)] if e == "events" && s == "set"
    )
}

fn index_assignments(
    table: &DeTable,
    text: &str,
    set_path: &KeyPath,
    prefix: Option<&KeyPath>,
    lines: &mut HashMap<KeyPath, usize>,
) {
    for (key, value) in table.iter() {
        let assigned = match prefix {
            Some(p) => p.key(key.get_ref()),
            None => {
                KeyPath::parse(key.get_ref()).unwrap_or_else(|_| KeyPath::root().key(key.get_ref()))
            }
        };
        match value.get_ref() {
            DeValue::Table(t) if !t.is_empty() => {
                index_assignments(t, text, set_path, Some(&assigned), lines)
            }
            _ => {
                let line = position(text, key.span().start).0;
                lines.insert(set_path.key(&assigned.to_string()), line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_tables_and_event_assignments() {
        let text = "name = \"x\"\n\n[score]\nmin = 1\n\n[population.groups.dissidents]\nshare = 0.1\ndissent = { alpha = 1, beta = 2 }\n\n[[events]]\nat_tick = 5\nset = { \"reporting.reward\" = 3 }\n\n[[events]]\nat_tick = 6\nset.score.friend_weight = 0.3\n";
        let s = Source::parse(text).unwrap();
        let line = |k: &str| s.line(&KeyPath::parse(k).unwrap());
        assert_eq!(line("name"), Some(1));
        assert_eq!(line("score.min"), Some(4));
        assert_eq!(line("population.groups.dissidents.share"), Some(7));
        assert_eq!(line("population.groups.dissidents.dissent.beta"), Some(8));
        assert_eq!(line("events[0].at_tick"), Some(11));
        assert_eq!(line("events[0].set.\"reporting.reward\""), Some(12));
        assert_eq!(line("events[1].set.\"score.friend_weight\""), Some(16));
        assert_eq!(line("events[1]"), Some(14));
        assert_eq!(line("score.max"), None);
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let e = Source::parse("a = 1\nb = [1,\nc = 3\n")
            .err()
            .unwrap()
            .to_string();
        assert!(e.starts_with("line 3, column 3: invalid TOML"), "{e}");
        let e = Source::parse("a = 1\na = 2\n").err().unwrap().to_string();
        assert!(e.starts_with("line 2"), "{e}");
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let e = decode(b"name = \"x\"\nseed = \xff1\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2, column 8: not UTF-8"), "{e}");
        assert_eq!(decode(b"ok".to_vec()).unwrap(), "ok");
        let e = decode(vec![0xFF, 0xFE, b'a', 0]).unwrap_err().to_string();
        assert!(e.contains("UTF-16"), "{e}");
    }
}
