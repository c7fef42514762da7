//! Shared by the tests of `sesame explore` (explore.rs, browser.rs): the
//! binary started on a free port, and a small HTTP client.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Stdio};

use super::sesame;

/// A fresh folder target/tmp/explore-PID-K-NAME for one test's files.
pub fn out_dir(name: &str) -> PathBuf {
    super::scratch("explore", name)
}

/// A scenario small enough to run in a blink, with a rule change of its own
/// at tick 4 (so the saved file mixes the scenario's events and the user's).
pub const SMALL: &str = r#"
name = "small"
description = "a small society for the explorer's tests"
seed = 11
ticks = 40
[population]
size = 600
[network]
kind = "watts_strogatz"
k = 8
rewire = 0.2
[ties]
cut_rate = 0.2
[[events]]
at_tick = 4
set = { "reporting.reward" = 30.0 }
"#;

/// `sesame explore` running on a free port of 127.0.0.1; killed when dropped.
pub struct Explorer {
    child: Child,
    /// Kept open: the explorer may still print.
    _stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    agent: ureq::Agent,
}

impl Explorer {
    /// Starts `sesame explore --port 0 ARGS...` and waits for the address it prints.
    pub fn start(args: &[&str]) -> Explorer {
        let mut child = sesame()
            .arg("explore")
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sesame starts");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut url = None;
        for _ in 0..5 {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(at) = line.find("http://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
        }
        let Some(url) = url else {
            let status = child.wait().unwrap();
            panic!("sesame explore printed no address (exit status {status})");
        };
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Explorer {
            child,
            _stdout: stdout,
            url,
            agent,
        }
    }

    /// `GET path`: status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{}", self.url, path.trim_start_matches('/')))
            .call()
            .expect("the explorer answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// `POST path` with a JSON body (as text, so malformed bodies can be sent).
    pub fn post(&self, path: &str, body: &str) -> (u16, String) {
        let mut r = self
            .agent
            .post(format!("{}{}", self.url, path.trim_start_matches('/')))
            .header("Content-Type", "application/json")
            .send(body)
            .expect("the explorer answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// `GET /state` as JSON.
    pub fn state(&self) -> serde_json::Value {
        let (status, body) = self.get("/state");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// `POST /control`, which must succeed; its answer as JSON.
    pub fn control(&self, body: &str) -> serde_json::Value {
        let (status, answer) = self.post("/control", body);
        assert_eq!(status, 200, "{body} -> {answer}");
        serde_json::from_str(&answer).unwrap()
    }

    /// The port the explorer listens on.
    pub fn port(&self) -> u16 {
        self.url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Explorer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `sesame run SCENARIO --out OUT --no-charts --quiet` and returns the
/// metrics.csv it wrote.
pub fn run_saved(scenario: &Path, out: &Path) -> String {
    let output = sesame()
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .args(["--no-charts", "--quiet", "--force"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sesame run of the saved scenario failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(out.join("metrics.csv")).unwrap()
}
