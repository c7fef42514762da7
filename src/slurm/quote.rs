//! Quoting for the two languages a job script is read in: the shell (bash
//! runs the script's body) and sbatch's own reader of `#SBATCH` lines.
//!
//! They differ: bash takes `'...'` literally, while sbatch splits a
//! directive into words itself (quotes group, a backslash escapes the next
//! character, an unescaped `#` starts a comment; old versions know only
//! double quotes). Slurm then expands `%` patterns in file names such as
//! `--output`, so a literal `%` there must be doubled.

/// Characters a shell word may hold without quotes.
fn shell_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-+=.,:/@%".contains(c)
}

/// `text` as one shell word: bare when it holds only safe characters,
/// otherwise in single quotes, each `'` written as `'\''`. Bash reads it
/// back as exactly `text`, whatever it holds (spaces, `$`, `*`, quotes).
pub fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(shell_safe) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` as one shell word, always in single quotes (for paths, so a
/// reader sees at once where each one starts and ends).
pub fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` as the value of an `#SBATCH --option=VALUE` line: bare when it
/// holds only safe characters, else in double quotes with `\`, `"`, `'` and
/// `#` escaped by a backslash (which every sbatch version honours, inside
/// quotes too).
pub fn sbatch_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(shell_safe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '\'' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A literal path as part of a Slurm file-name pattern (`--output`):
/// every `%` doubled, so only the pattern's own `%A`, `%a`, `%j` expand.
pub fn slurm_pattern_literal(path: &str) -> String {
    path.replace('%', "%%")
}

/// Splits an `#SBATCH` line the way sbatch does (see the module docs),
/// returning its words. Used by the tests to check that what was written
/// reads back; it follows the sbatch 22.05 reader.
pub fn sbatch_split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut comment = false;
        while let Some(&c) = chars.peek() {
            if quote.is_none() && c.is_whitespace() {
                break;
            }
            chars.next();
            match (c, quote) {
                ('\\', _) => {
                    if let Some(next) = chars.next() {
                        word.push(next);
                    }
                }
                (c, Some(q)) if c == q => quote = None,
                (_, Some(_)) => word.push(c),
                ('"' | '\'', None) => quote = Some(c),
                ('#', None) => {
                    comment = true;
                    break;
                }
                _ => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        if comment {
            break;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("abc/d-e_f.toml"), "abc/d-e_f.toml");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_quoted("/x/y"), "'/x/y'");
    }

    #[test]
    fn sbatch_words_read_back() {
        for text in [
            "short",
            "02:00:00",
            "/tmp/with space/logs/%A_%a.out",
            r#"quote " and \ and ' and # hash"#,
        ] {
            let line = format!("--output={}", sbatch_word(text));
            assert_eq!(sbatch_split(&line), vec![format!("--output={text}")]);
        }
        assert_eq!(sbatch_word("short"), "short");
        assert_eq!(sbatch_word("a b"), "\"a b\"");
        // A comment after the words is dropped, as sbatch does.
        assert_eq!(sbatch_split(" --time=5 # five minutes"), vec!["--time=5"]);
        assert_eq!(sbatch_split("--a \"b c\" d"), vec!["--a", "b c", "d"]);
    }

    #[test]
    fn percent_is_doubled_in_patterns() {
        assert_eq!(slurm_pattern_literal("/a/100%/b"), "/a/100%%/b");
    }
}
