//! The documentation and the scenario schema cannot drift apart:
//!
//! - every scenario key of the schema is documented, in `docs/model.md` or
//!   in the README's scenario reference;
//! - every key those documents list exists in the schema;
//! - every default stated in the parameter table of `docs/model.md` §8 is
//!   the default the program uses.
//!
//! Keys are written as dotted paths in backticks. An entry of a table named
//! by the user (a group, a tier, a perk) is written `<name>` (or any
//! `<placeholder>`), which matches every name; the entries of a list
//! (events) are written `events[*]`.

use std::path::Path;

use sesame::scenario::schema::{schema, Node};
use sesame::scenario::{self, Overrides};
use toml::Value;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every key of the schema, as documented: named entries as `<name>`, list
/// entries as `[*]`. A leaf inside an inline table of required leaves (a
/// Beta distribution's `alpha` and `beta`) is documented by its table.
fn schema_keys() -> Vec<String> {
    fn join(prefix: &str, name: &str) -> String {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    }
    fn walk(node: &Node, prefix: &str, out: &mut Vec<String>) {
        match node {
            Node::Leaf(_) | Node::Assignments => out.push(prefix.to_string()),
            Node::Struct(fields) => {
                let inline = !prefix.is_empty()
                    && fields
                        .iter()
                        .all(|f| f.required && matches!(f.node, Node::Leaf(_)))
                    && fields.len() == 2
                    && fields.iter().any(|f| f.name == "alpha");
                if inline {
                    out.push(prefix.to_string());
                    return;
                }
                for f in fields {
                    walk(&f.node, &join(prefix, f.name), out);
                }
            }
            Node::Named { entry, .. } => walk(entry, &join(prefix, "<name>"), out),
            Node::Tagged { tag, variants } => {
                out.push(join(prefix, tag));
                for (_, fields) in variants {
                    for f in fields {
                        walk(&f.node, &join(prefix, f.name), out);
                    }
                }
            }
            Node::List(entry) => {
                out.push(prefix.to_string());
                walk(entry, &format!("{prefix}[*]"), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(schema(), "", &mut out);
    let mut seen = std::collections::HashSet::new();
    out.retain(|k| seen.insert(k.clone()));
    out
}

/// Whether the documented key `written` names the schema key `key`: the
/// same segments, a `<placeholder>` on either side matching any segment.
fn names(written: &str, key: &str) -> bool {
    let a: Vec<&str> = written.split('.').collect();
    let b: Vec<&str> = key.split('.').collect();
    let placeholder = |s: &str| s.starts_with('<') && s.ends_with('>');
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || placeholder(x) || placeholder(y))
}

/// The spans in backticks of `text` that look like keys.
fn key_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || "._<>[]*".contains(c))
        })
        .map(str::to_string)
        .collect()
}

/// The part of `text` from the heading `heading` to the next heading of the
/// same or a higher level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no heading {heading:?}"));
    let level = heading.chars().take_while(|&c| c == '#').count();
    let body = &text[start + heading.len() + 2..];
    let end = body
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            hashes > 0 && hashes <= level && line[hashes..].starts_with(' ')
        })
        .map_or(body.len(), |(offset, _)| offset);
    &body[..end]
}

/// The first cells of the rows of every Markdown table in `text`.
fn first_cells(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .filter_map(|l| l.split('|').nth(1))
        .collect()
}

fn model_doc() -> String {
    read("docs/model.md")
}

fn readme_reference() -> String {
    section(&read("README.md"), "## Scenario reference").to_string()
}

#[test]
fn every_scenario_key_is_documented() {
    let documented: Vec<String> = key_spans(&model_doc())
        .into_iter()
        .chain(key_spans(&readme_reference()))
        .collect();
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|k| !documented.iter().any(|d| names(d, k)))
        .collect();
    assert!(
        missing.is_empty(),
        "scenario keys documented neither in docs/model.md nor in the README's scenario reference: {missing:?}"
    );
}

#[test]
fn every_documented_key_exists() {
    let keys = schema_keys();
    let model = model_doc();
    let readme = readme_reference();
    let mut unknown = Vec::new();
    for (file, text) in [
        (
            "docs/model.md §8",
            section(&model, "## 8. Parameters and their defaults"),
        ),
        ("README, scenario reference", readme.as_str()),
    ] {
        for cell in first_cells(text) {
            for key in key_spans(cell) {
                if !keys.iter().any(|k| names(&key, k)) {
                    unknown.push(format!("{file}: {key}"));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "documented keys the program does not know: {unknown:?}"
    );
}

/// The value at dotted `key` of a TOML table.
fn value_at<'a>(table: &'a toml::Table, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}

/// Whether two TOML values are the same, integers and floats compared as
/// numbers.
fn same(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    };
    match (a, b) {
        (Value::Table(x), Value::Table(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

#[test]
fn the_defaults_of_docs_model_md_are_the_programs() {
    // The defaults as a scenario without any key resolves them (a generated
    // network's population size written out), and, for the keys of a file
    // network, as a scenario naming only the karate club's edge list does.
    let resolve = |text: &str| -> toml::Table {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/defaults.toml");
        let resolved = scenario::load_str(text, &source, &Overrides::default())
            .unwrap_or_else(|e| panic!("{text:?} does not load: {e}"));
        scenario::to_toml(&resolved.file)
            .parse()
            .expect("to_toml writes TOML")
    };
    let defaults = resolve("");
    let file_network =
        resolve("[network]\nkind = \"file\"\npath = \"data/zachary-karate-club.csv\"\n");
    let model = model_doc();
    let table = section(&model, "## 8. Parameters and their defaults");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for row in table
        .lines()
        .filter(|l| l.starts_with("| `") && !l.starts_with("|---"))
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (key, default) = (cells[1], cells[2]);
        let key = key.trim_matches('`');
        if key.contains('<') || key.contains('[') || !default.starts_with('`') {
            continue; // a pattern, a list entry, or a key without a default
        }
        let written: toml::Table = format!("v = {}", default.trim_matches('`'))
            .parse()
            .unwrap_or_else(|e| panic!("docs/model.md §8, {key}: {default} is not TOML: {e}"));
        match value_at(&defaults, key).or_else(|| value_at(&file_network, key)) {
            Some(actual) if same(&written["v"], actual) => checked += 1,
            Some(actual) => wrong.push(format!("{key}: documented {default}, program {actual}")),
            None => wrong.push(format!("{key}: documented {default}, no such default")),
        }
    }
    assert!(
        wrong.is_empty(),
        "defaults in docs/model.md §8 differ from the program's: {wrong:#?}"
    );
    // Most keys have a concrete default; the table must not silently shrink.
    assert!(checked > 90, "only {checked} defaults checked");
}

#[test]
fn the_key_helpers_tell_keys_apart() {
    assert!(names(
        "population.groups.<name>.share",
        "population.groups.<name>.share"
    ));
    assert!(names(
        "population.groups.dissidents.share",
        "population.groups.<name>.share"
    ));
    assert!(!names(
        "population.groups.<name>",
        "population.groups.<name>.share"
    ));
    assert!(!names("score.min", "score.max"));
    assert_eq!(
        key_spans("a `score.min` and `Beta(1, 9)` and `events[*].at_tick`"),
        vec!["score.min", "events[*].at_tick"]
    );
    let keys = schema_keys();
    for k in [
        "seed",
        "population.groups.<name>.vigilance",
        "employment.retired.spending_multiplier",
        "network.kind",
        "network.mean_degree_out",
        "tiers.<name>.perks",
        "events",
        "events[*].set",
        "output.tie_events",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    assert!(!keys.iter().any(|k| k.ends_with(".alpha")));
}

/// The table of contents of `src/lib.rs` (its module doc comment) names
/// every public module, as a link, on a line of its own, and nothing that
/// is not one.
#[test]
fn the_library_table_of_contents_lists_every_public_module() {
    let lib = read("src/lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert!(modules.len() >= 20, "too few `pub mod` lines: {modules:?}");
    let listed: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//! - [`")?.split_once("`]"))
        .map(|(name, _)| name)
        .collect();
    let missing: Vec<&&str> = modules.iter().filter(|m| !listed.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "src/lib.rs: public modules missing from the table of contents: {missing:?}"
    );
    let stray: Vec<&&str> = listed.iter().filter(|l| !modules.contains(l)).collect();
    assert!(
        stray.is_empty(),
        "src/lib.rs: the table of contents lists what is no public module: {stray:?}"
    );
    let mut once = listed.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(
        once.len(),
        listed.len(),
        "a module listed twice: {listed:?}"
    );
}
