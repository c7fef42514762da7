//! Key paths: where a value sits in a scenario, written as a dotted key
//! (`population.groups.dissidents.share`, `events[0].set."reporting.reward"`)
//! as `--set`, events, sweeps and every problem message write them.

use std::fmt;

use super::problem::ScenarioError;

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path to a value in a scenario, written as a dotted key
/// (`population.groups.dissidents.share`, `events[0].set."reporting.reward"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// The path of the whole scenario.
    pub fn root() -> KeyPath {
        KeyPath(Vec::new())
    }

    /// This path followed by table key `key`.
    pub fn key(&self, key: &str) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        KeyPath(segments)
    }

    /// This path followed by array index `index`.
    pub fn index(&self, index: usize) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        KeyPath(segments)
    }

    /// This path followed by all of `other`.
    pub fn join(&self, other: &KeyPath) -> KeyPath {
        let mut segments = self.0.clone();
        segments.extend(other.0.iter().cloned());
        KeyPath(segments)
    }

    /// Whether `prefix` is this path or one of its ancestors.
    pub fn starts_with(&self, prefix: &KeyPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The first segment, if it is a key.
    pub fn first_key(&self) -> Option<&str> {
        match self.0.first() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path without its last segment.
    pub fn parent(&self) -> Option<KeyPath> {
        let n = self.0.len();
        (n > 0).then(|| KeyPath(self.0[..n - 1].to_vec()))
    }

    /// Parses a dotted key as written after `--set` or in an event:
    /// bare segments (`A-Z a-z 0-9 _ -`), `"basic"` or `'literal'` quoted
    /// segments, each optionally followed by `[index]`s.
    pub fn parse(text: &str) -> Result<KeyPath, ScenarioError> {
        let chars: Vec<char> = text.trim().chars().collect();
        if chars.is_empty() {
            return Err(ScenarioError::new("empty key"));
        }
        let mut segments = Vec::new();
        let mut i = 0;
        loop {
            let key = match chars.get(i) {
                Some('"') => {
                    let mut key = String::new();
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => {
                                return Err(ScenarioError::new(format!(
                                    "unterminated quote in key {text:?}"
                                )))
                            }
                            Some('"') => break,
                            Some('\\') => {
                                let escaped = match chars.get(i + 1) {
                                    Some('"') => '"',
                                    Some('\\') => '\\',
                                    Some('n') => '\n',
                                    Some('t') => '\t',
                                    _ => {
                                        return Err(ScenarioError::new(format!(
                                            "unsupported escape in key {text:?}"
                                        )))
                                    }
                                };
                                key.push(escaped);
                                i += 1;
                            }
                            Some(&c) => key.push(c),
                        }
                        i += 1;
                    }
                    i += 1;
                    key
                }
                Some('\'') => {
                    let mut key = String::new();
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => {
                                return Err(ScenarioError::new(format!(
                                    "unterminated quote in key {text:?}"
                                )))
                            }
                            Some('\'') => break,
                            Some(&c) => key.push(c),
                        }
                        i += 1;
                    }
                    i += 1;
                    key
                }
                _ => {
                    let start = i;
                    while chars.get(i).is_some_and(|&c| is_bare(c)) {
                        i += 1;
                    }
                    if i == start {
                        return Err(ScenarioError::new(match chars.get(i) {
                            Some(c) => format!("unexpected {c:?} in key {text:?}"),
                            None => format!("key {text:?} ends with a dot"),
                        }));
                    }
                    chars[start..i].iter().collect()
                }
            };
            segments.push(Segment::Key(key));
            while chars.get(i) == Some(&'[') {
                let start = i + 1;
                let mut end = start;
                while chars.get(end).is_some_and(|c| c.is_ascii_digit()) {
                    end += 1;
                }
                if end == start || chars.get(end) != Some(&']') {
                    return Err(ScenarioError::new(format!("bad index in key {text:?}")));
                }
                let digits: String = chars[start..end].iter().collect();
                let index = digits
                    .parse()
                    .map_err(|_| ScenarioError::new(format!("index too large in key {text:?}")))?;
                segments.push(Segment::Index(index));
                i = end + 1;
            }
            match chars.get(i) {
                None => break,
                Some('.') => i += 1,
                Some(c) => {
                    return Err(ScenarioError::new(format!(
                        "unexpected {c:?} in key {text:?}"
                    )))
                }
            }
        }
        Ok(KeyPath(segments))
    }
}

fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Writes `key` as a TOML key: bare when it can be, else a basic quoted string.
pub fn quote_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(is_bare) {
        return key.to_string();
    }
    let mut out = String::from("\"");
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(&quote_key(k))?;
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_parse_and_print() {
        let p = KeyPath::parse("population.groups.dissidents.dissent.alpha").unwrap();
        assert_eq!(p.0.len(), 5);
        assert_eq!(p.to_string(), "population.groups.dissidents.dissent.alpha");
        let q = KeyPath::parse("events[2].set.\"reporting.reward\"").unwrap();
        assert_eq!(
            q.0,
            vec![
                Segment::Key("events".into()),
                Segment::Index(2),
                Segment::Key("set".into()),
                Segment::Key("reporting.reward".into()),
            ]
        );
        assert_eq!(q.to_string(), "events[2].set.\"reporting.reward\"");
        assert_eq!(KeyPath::parse("a.'b c'").unwrap().to_string(), "a.\"b c\"");
        for bad in ["", "a..b", "a.", ".a", "a b", "a[x]", "a[1", "\"a", "a.\"b"] {
            assert!(KeyPath::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
