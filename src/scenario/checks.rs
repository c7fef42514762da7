//! The checks of a scenario's values against the [schema](super::schema):
//! [`check_types`] (unknown keys, wrong types, missing keys, each reported
//! with its path and the keys allowed there) and [`check_ranges`] (every
//! number against its range), both collecting [`Issue`]s.

use toml::{Table, Value};

use super::key_path::KeyPath;
use super::schema::{article, choices, Field, Node};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub path: KeyPath,
    pub message: String,
    /// The key is absent: locate it by its parent table.
    pub missing: bool,
}

impl Issue {
    pub fn new(path: KeyPath, message: impl Into<String>) -> Issue {
        Issue {
            path,
            message: message.into(),
            missing: false,
        }
    }
}

fn names(fields: &[Field]) -> String {
    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

/// The message for an unknown key among `fields`.
pub(crate) fn unknown(fields: &[Field], extra: Option<(&str, &str)>) -> String {
    match extra {
        Some((tag, kind)) => format!(
            "unknown key; allowed: {tag}, {} (for {tag} = {kind:?})",
            names(fields)
        ),
        None => format!("unknown key; allowed: {}", names(fields)),
    }
}

/// Checks that `value` has the shape of `node`: every key known, every value
/// of the right type, every required key present. Ranges are not checked.
pub(crate) fn check_types(node: &Node, value: &Value, path: &KeyPath, issues: &mut Vec<Issue>) {
    match node {
        Node::Leaf(leaf) => {
            if let Some(message) = leaf.type_problem(value) {
                issues.push(Issue::new(path.clone(), message));
            }
        }
        Node::Struct(fields) => {
            let Some(table) = table_or_issue(value, path, issues) else {
                return;
            };
            check_fields(fields, table, path, None, issues);
        }
        Node::Named { entry, .. } => {
            let Some(table) = table_or_issue(value, path, issues) else {
                return;
            };
            for (name, item) in table {
                let item_path = path.key(name);
                if name.is_empty() || name.chars().any(char::is_control) {
                    issues.push(Issue::new(
                        item_path.clone(),
                        "a name must be non-empty and printable",
                    ));
                }
                check_types(entry, item, &item_path, issues);
            }
        }
        Node::Tagged { tag, variants } => {
            let Some(table) = table_or_issue(value, path, issues) else {
                return;
            };
            let kinds: Vec<&str> = variants.iter().map(|(k, _)| *k).collect();
            let kind = match table.get(*tag) {
                None => {
                    issues.push(Issue {
                        path: path.key(tag),
                        message: format!("missing; must be one of {}", choices(&kinds)),
                        missing: true,
                    });
                    return;
                }
                Some(Value::String(s)) if kinds.contains(&s.as_str()) => s.as_str(),
                Some(other) => {
                    let found = match other {
                        Value::String(_) => String::new(),
                        v => format!(" (found {})", article(v.type_str())),
                    };
                    issues.push(Issue::new(
                        path.key(tag),
                        format!("must be one of {}{found}", choices(&kinds)),
                    ));
                    return;
                }
            };
            let fields = node.variant(kind).unwrap_or(&[]);
            check_fields(fields, table, path, Some((tag, kind)), issues);
        }
        Node::List(entry) => match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_types(entry, item, &path.index(i), issues);
                }
            }
            other => issues.push(Issue::new(
                path.clone(),
                format!(
                    "must be an array of tables (found {})",
                    article(other.type_str())
                ),
            )),
        },
        Node::Assignments => {
            table_or_issue(value, path, issues);
        }
    }
}

fn table_or_issue<'a>(
    value: &'a Value,
    path: &KeyPath,
    issues: &mut Vec<Issue>,
) -> Option<&'a Table> {
    match value {
        Value::Table(t) => Some(t),
        other => {
            issues.push(Issue::new(
                path.clone(),
                format!("must be a table (found {})", article(other.type_str())),
            ));
            None
        }
    }
}

fn check_fields(
    fields: &[Field],
    table: &Table,
    path: &KeyPath,
    tag: Option<(&str, &str)>,
    issues: &mut Vec<Issue>,
) {
    for (key, item) in table {
        if tag.is_some_and(|(t, _)| t == key) {
            continue;
        }
        match fields.iter().find(|f| f.name == key) {
            Some(f) => check_types(&f.node, item, &path.key(key), issues),
            None => issues.push(Issue::new(path.key(key), unknown(fields, tag))),
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !table.contains_key(f.name) {
            let context = match tag {
                Some((t, kind)) => format!(" when {t} = {kind:?}"),
                None => String::new(),
            };
            issues.push(Issue {
                path: path.key(f.name),
                message: format!("missing; required{context} ({})", describe_node(&f.node)),
                missing: true,
            });
        }
    }
}

fn describe_node(node: &Node) -> String {
    match node {
        Node::Leaf(leaf) => leaf.describe(),
        Node::Struct(fields) => format!("a table with {}", names(fields)),
        Node::Assignments => "a table of dotted keys and values".into(),
        _ => "a table".into(),
    }
}

/// Checks every number of `value` (shaped like `node`) against its range.
pub(crate) fn check_ranges(node: &Node, value: &Value, path: &KeyPath, issues: &mut Vec<Issue>) {
    match (node, value) {
        (Node::Leaf(leaf), v) => {
            if let Some(message) = leaf.range_problem(v) {
                issues.push(Issue::new(path.clone(), message));
            }
        }
        (Node::Struct(fields), Value::Table(table)) => {
            for f in fields {
                if let Some(item) = table.get(f.name) {
                    check_ranges(&f.node, item, &path.key(f.name), issues);
                }
            }
        }
        (Node::Named { entry, .. }, Value::Table(table)) => {
            for (name, item) in table {
                check_ranges(entry, item, &path.key(name), issues);
            }
        }
        (Node::Tagged { tag, .. }, Value::Table(table)) => {
            let fields = table
                .get(*tag)
                .and_then(Value::as_str)
                .and_then(|kind| node.variant(kind))
                .unwrap_or(&[]);
            for f in fields {
                if let Some(item) = table.get(f.name) {
                    check_ranges(&f.node, item, &path.key(f.name), issues);
                }
            }
        }
        (Node::List(entry), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_ranges(entry, item, &path.index(i), issues);
            }
        }
        _ => {}
    }
}
