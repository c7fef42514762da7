//! Writing a resolved scenario back as TOML: every key written out, in the
//! order of the model, small tables (Beta parameters, employment classes,
//! tiers, perks, event changes) inline so the file reads like a hand-written one.

use toml::{Table, Value};

use super::key_path::{quote_key, KeyPath};
use super::model::ScenarioFile;
use super::schema::to_table;

/// The resolved scenario as TOML, with every default written out; loading
/// it gives back the same [`ScenarioFile`] (a `file` network's path is
/// already absolute, so it loads from anywhere).
pub fn to_toml(file: &ScenarioFile) -> String {
    let mut out = String::from(
        "# Resolved scenario written by sesame: every key with the value used, defaults included.\n",
    );
    section(&mut out, &to_table(file), &KeyPath::root());
    out
}

/// Whether `value`, at `depth` (1 for a top-level key), is written on one
/// line under its parent's header: scalars, arrays of scalars, and below the
/// top level, tables of those (a section such as `[score]` keeps its header).
fn inline(value: &Value, depth: usize) -> bool {
    match value {
        Value::Table(t) => depth >= 2 && t.values().all(flat),
        other => flat(other),
    }
}

/// A scalar or an array of scalars.
fn flat(value: &Value) -> bool {
    match value {
        Value::Table(_) => false,
        Value::Array(items) => items.iter().all(flat),
        _ => true,
    }
}

fn is_table_array(value: &Value) -> bool {
    matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_table))
}

fn section(out: &mut String, table: &Table, path: &KeyPath) {
    let depth = path.0.len();
    for (key, value) in table {
        if !is_table_array(value) && inline(value, depth + 1) {
            out.push_str(&format!("{} = {}\n", quote_key(key), render(value)));
        }
    }
    for (key, value) in table {
        let here = path.key(key);
        match value {
            Value::Table(t) if !inline(value, depth + 1) => {
                // A table holding only tables needs no header of its own.
                let only_tables = !t.is_empty()
                    && t.values()
                        .all(|v| !inline(v, depth + 2) || is_table_array(v));
                if !only_tables {
                    out.push_str(&format!("\n[{here}]\n"));
                }
                section(out, t, &here);
            }
            Value::Array(items) if is_table_array(value) => {
                for item in items {
                    out.push_str(&format!("\n[[{here}]]\n"));
                    if let Value::Table(t) = item {
                        section(out, t, &here);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `value` as inline TOML.
pub(crate) fn render(value: &Value) -> String {
    match value {
        Value::Table(t) if t.is_empty() => "{}".into(),
        Value::Table(t) => {
            let entries: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", quote_key(k), render(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(s) => quote_key_always(s),
        other => other.to_string(),
    }
}

/// A basic quoted string (one line, escapes as TOML reads them).
fn quote_key_always(s: &str) -> String {
    let quoted = quote_key(s);
    if quoted.starts_with('"') {
        quoted
    } else {
        format!("\"{quoted}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_write_readable_toml_that_reads_back() {
        let d = ScenarioFile::default();
        let text = to_toml(&d);
        assert!(text.contains("\n[score]\nmin = 350.0\n"), "{text}");
        assert!(
            text.contains("punctuality = { alpha = 18.0, beta = 2.0 }"),
            "{text}"
        );
        assert!(
            text.contains("\n[population.groups.dissidents]\nshare = 0.05\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "blacklisted = { min_score = 350.0, spending_multiplier = 0.5, perks = [] }"
            ),
            "{text}"
        );
        assert!(!text.contains("[population.groups]"), "{text}");
        assert!(text.contains("\n[tiers]\nblacklisted = {"), "{text}");
        let back: ScenarioFile = toml::from_str(&text).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn empty_tables_keep_their_header() {
        let mut f = ScenarioFile::default();
        f.perks.0.clear();
        f.tiers.0.truncate(1);
        let text = to_toml(&f);
        assert!(text.contains("\n[perks]\n"), "{text}");
        let back: ScenarioFile = toml::from_str(&text).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn strings_and_events_round_trip() {
        let mut f = ScenarioFile {
            description: "line one\nline \"two\" \\ tab\t".into(),
            name: "a b".into(),
            ..ScenarioFile::default()
        };
        f.events.push(crate::scenario::model::Event {
            at_tick: 5,
            set: toml::toml! { "reporting.reward" = 20.0 "ties.rule" = "threshold" },
        });
        let text = to_toml(&f);
        assert!(text.contains("[[events]]\nat_tick = 5\nset = { \"reporting.reward\" = 20.0, \"ties.rule\" = \"threshold\" }"), "{text}");
        let back: ScenarioFile = toml::from_str(&text).unwrap();
        assert_eq!(back, f);
    }
}
