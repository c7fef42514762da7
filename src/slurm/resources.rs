//! What a job asks Slurm for: partition, time limit, CPUs, memory,
//! account, and any further `#SBATCH` lines, checked before anything is
//! written so a typo is caught here rather than by `sbatch` later.

use crate::error::{Error, Result};

use super::quote::sbatch_word;

/// Resources of every task of the array (and, except the CPUs, of the
/// merge job). `None` leaves the cluster's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resources {
    /// `--partition`.
    pub partition: Option<String>,
    /// `--time`, in one of Slurm's forms (`MM`, `MM:SS`, `HH:MM:SS`,
    /// `D-HH`, `D-HH:MM`, `D-HH:MM:SS`, or `UNLIMITED`).
    pub time: Option<String>,
    /// `--cpus-per-task`: also the number of threads each task runs.
    pub cpus_per_task: Option<u32>,
    /// `--mem` (per node), e.g. `4G`, `500M`, `2000` (megabytes).
    pub mem: Option<String>,
    /// `--account`.
    pub account: Option<String>,
    /// Further directives, written verbatim after sesame's own lines (so
    /// they take precedence), e.g. `--qos=long` or `--constraint=avx2`.
    pub extra: Vec<String>,
}

impl Resources {
    /// Checks every value; the error names the flag, what was wrong and
    /// what is allowed.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        for (flag, value) in [
            ("--partition", &self.partition),
            ("--account", &self.account),
        ] {
            if let Some(v) = value {
                if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    problems.push(format!(
                        "{flag} {v:?}: expected a name without spaces, e.g. {flag} short"
                    ));
                }
            }
        }
        if let Some(t) = &self.time {
            if !is_slurm_time(t) {
                problems.push(format!(
                    "--time {t:?}: not a Slurm time; use MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED, e.g. --time 02:00:00"
                ));
            }
        }
        if let Some(m) = &self.mem {
            if !is_slurm_mem(m) {
                problems.push(format!(
                    "--mem {m:?}: not a Slurm memory size; use a whole number with an optional unit K, M, G or T (default M), e.g. --mem 4G"
                ));
            }
        }
        if self.cpus_per_task == Some(0) {
            problems.push("--cpus-per-task 0: must be at least 1".into());
        }
        for line in &self.extra {
            let body = extra_body(line);
            if body.is_empty() || line.chars().any(|c| c.is_control()) {
                problems.push(format!(
                    "--extra-sbatch {line:?}: expected one directive on one line, e.g. --extra-sbatch=--qos=long"
                ));
            } else if !body.starts_with('-') {
                problems.push(format!(
                    "--extra-sbatch {line:?}: an #SBATCH directive starts with - or --, e.g. --extra-sbatch=--qos=long"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::input(problems.join("\n")))
        }
    }

    /// The `#SBATCH` lines for these resources; `with_cpus` is false for the
    /// merge job, which runs on one CPU.
    pub fn directives(&self, with_cpus: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let mut push = |flag: &str, value: &str| {
            lines.push(format!("#SBATCH --{flag}={}", sbatch_word(value)));
        };
        if let Some(p) = &self.partition {
            push("partition", p);
        }
        if let Some(a) = &self.account {
            push("account", a);
        }
        if let Some(t) = &self.time {
            push("time", t);
        }
        if with_cpus {
            if let Some(c) = self.cpus_per_task {
                push("cpus-per-task", &c.to_string());
            }
        }
        if let Some(m) = &self.mem {
            push("mem", m);
        }
        for line in &self.extra {
            lines.push(format!("#SBATCH {}", extra_body(line)));
        }
        lines
    }
}

/// An extra directive without a leading `#SBATCH` (users paste either).
fn extra_body(line: &str) -> &str {
    let t = line.trim();
    t.strip_prefix("#SBATCH").map(str::trim).unwrap_or(t)
}

/// Whether `t` is a time limit Slurm accepts: `M`, `M:S`, `H:M:S`, `D-H`,
/// `D-H:M`, `D-H:M:S`, or `UNLIMITED`/`INFINITE` (any case).
pub fn is_slurm_time(t: &str) -> bool {
    if ["unlimited", "infinite"].contains(&t.to_ascii_lowercase().as_str()) {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    let (days, rest) = match t.split_once('-') {
        Some((d, r)) => (Some(d), r),
        None => (None, t),
    };
    if days.is_some_and(|d| !digits(d)) {
        return false;
    }
    let parts: Vec<&str> = rest.split(':').collect();
    if !parts.iter().all(|p| digits(p)) {
        return false;
    }
    (1..=3).contains(&parts.len())
}

/// Whether `m` is a memory size Slurm accepts: digits, then optionally one
/// of K, M, G, T (either case).
pub fn is_slurm_mem(m: &str) -> bool {
    let number = m.trim_end_matches(|c: char| "KMGTkmgt".contains(c));
    m.len() - number.len() <= 1
        && !number.is_empty()
        && number.len() <= 12
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        for ok in [
            "30",
            "30:00",
            "02:00:00",
            "1-00",
            "1-12:00",
            "2-00:00:00",
            "UNLIMITED",
            "infinite",
        ] {
            assert!(is_slurm_time(ok), "{ok}");
        }
        for bad in ["", "2h", "1:2:3:4", "-5", "1-", "a:00", "1-2:3:4:5", "1.5"] {
            assert!(!is_slurm_time(bad), "{bad}");
        }
    }

    #[test]
    fn memory() {
        for ok in ["4G", "500M", "2000", "1t", "64k"] {
            assert!(is_slurm_mem(ok), "{ok}");
        }
        for bad in ["", "G", "4GB", "1.5G", "-1", "4 G"] {
            assert!(!is_slurm_mem(bad), "{bad}");
        }
    }

    #[test]
    fn bad_values_are_named() {
        let r = Resources {
            partition: Some("a b".into()),
            time: Some("2h".into()),
            mem: Some("4GB".into()),
            cpus_per_task: Some(0),
            extra: vec!["qos=long".into(), "x\ny".into()],
            ..Default::default()
        };
        let e = r.validate().unwrap_err().to_string();
        for needle in [
            "--partition",
            "--time \"2h\"",
            "HH:MM:SS",
            "--mem \"4GB\"",
            "--cpus-per-task 0",
            "\"qos=long\"",
            "\"x\\ny\"",
        ] {
            assert!(e.contains(needle), "{needle} not in {e}");
        }
        assert_eq!(e.lines().count(), 6, "{e}");
    }

    #[test]
    fn extra_lines_keep_their_text_and_lose_a_pasted_prefix() {
        let r = Resources {
            extra: vec!["--qos=long".into(), "#SBATCH --constraint=avx2".into()],
            ..Default::default()
        };
        r.validate().unwrap();
        assert_eq!(
            r.directives(true),
            ["#SBATCH --qos=long", "#SBATCH --constraint=avx2"]
        );
    }
}
