//! `sesame explore` in a real browser: a headless Chromium driven over
//! WebDriver (chromedriver), as a user would: press Play, move κ, watch the
//! tick advance and the charts change, type a bad value, Save, run the saved
//! scenario with `sesame run` and compare. Screenshots go to
//! target/tmp/explore-*-browser*/.
//!
//! Ignored by default (it needs a browser): CI installs Debian's `chromium`
//! and `chromium-driver` and runs `cargo test --test it browser:: -- --ignored`.
//! `SESAME_CHROMEDRIVER` and `SESAME_CHROMIUM` name other binaries.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::explore::{out_dir, run_saved, Explorer, SMALL};
use serde_json::{json, Value};

/// The W3C name of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A binary from an environment variable, or the first of `names` on the PATH.
fn binary(var: &str, names: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(var) {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no {} found: install Debian's chromium and chromium-driver \
         (apt-get install chromium chromium-driver), or set {var}",
        names[0]
    );
}

/// A headless Chromium under chromedriver, with one WebDriver session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless window that
    /// downloads into `downloads`.
    fn start(downloads: &Path, profile: &Path) -> Browser {
        let chromedriver = binary("SESAME_CHROMEDRIVER", &["chromedriver"]);
        let chromium = binary(
            "SESAME_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            agent,
        };
        let ready = Instant::now();
        while browser.raw("GET", "/status", None).is_err() {
            assert!(
                ready.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1400,1300", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "profile.default_content_setting_values.automatic_downloads": 1,
                },
            },
        }}});
        let created = browser.raw("POST", "/session", Some(caps)).unwrap();
        browser.session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        browser
    }

    fn raw(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{}", self.base, path);
        let answer = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        };
        let mut r = answer.map_err(|e| e.to_string())?;
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
        if status != 200 {
            return Err(format!("WebDriver {method} {path}: {status} {value}"));
        }
        Ok(value)
    }

    /// A command of this session; its `value`.
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.raw(method, &path, body).unwrap()["value"].take()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page with `args`.
    fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element that `css` selects.
    fn find(&self, css: &str) -> String {
        let found = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    /// Selects what a field holds and types `text` over it, as a user does.
    fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        // Control-A selects all; the null key releases Control.
        let keys = format!("\u{E009}a\u{E000}{text}");
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": keys })),
        );
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        std::fs::write(path, decode_base64(b64.as_str().unwrap())).unwrap();
    }

    /// Waits until `script` returns true in the page.
    fn wait_for(&self, script: &str, within: Duration, what: &str) {
        let start = Instant::now();
        loop {
            if self.js(script, json!([])) == json!(true) {
                return;
            }
            if start.elapsed() > within {
                let seen = self.js(
                    "return {tick: sesame.tick, note: sesame.note, error: sesame.lastError, \
                     js: sesame.jsErrors, connected: sesame.connected}",
                    json!([]),
                );
                panic!("waited {within:?} for {what}; the page: {seen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.raw("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (screenshots), without a dependency for it.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    digits
        .chunks(4)
        .flat_map(|q| {
            let n = q
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, &d)| acc | (d as u32) << (18 - 6 * i));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes[..q.len() - 1].to_vec()
        })
        .collect()
}

/// Waits for a file in `dir` whose name ends with `suffix`, complete.
fn downloaded(dir: &Path, suffix: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir).unwrap().flatten().find(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.ends_with(suffix) && !name.ends_with(".crdownload")
        });
        if let Some(entry) = found {
            return entry.path();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no {suffix} downloaded into {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs chromium and chromium-driver; CI runs it"]
fn a_user_plays_moves_kappa_sees_the_charts_change_saves_and_the_save_replays() {
    let out = out_dir("browser");
    let downloads = out.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let scenario = out.join("small.toml");
    // Long enough that Play does not pause at the scenario's last tick.
    let text = SMALL
        .replace("size = 600", "size = 2000")
        .replace("ticks = 40", "ticks = 1000");
    std::fs::write(&scenario, text).unwrap();
    let ex = Explorer::start(&[scenario.to_str().unwrap()]);
    let browser = Browser::start(&downloads, &out.join("profile"));
    browser.go(&ex.url);
    browser.wait_for(
        "return !!(sesame.hello && sesame.connected)",
        Duration::from_secs(30),
        "the page to connect",
    );
    let picture = |chart: &str| {
        browser.js(
            "return sesame.charts[arguments[0]].canvas.toDataURL()",
            json!([chart]),
        )
    };
    let before = picture("score");
    browser.screenshot(&out.join("1-start.png"));

    // Play: the tick advances on the page and on the server.
    ex.control(r#"{"action": "speed", "speed": 20}"#);
    browser.click("#play");
    browser.wait_for("return sesame.tick >= 8", Duration::from_secs(60), "tick 8");
    assert!(ex.state()["playing"] == json!(true));

    // Move κ: the slider, as a drag does (input while moving, change on release).
    browser.js(
        "const r = document.querySelector('.control[data-key=\"score.friend_weight\"] input[type=range]');
         r.value = 0.6; r.dispatchEvent(new Event('input')); r.dispatchEvent(new Event('change'));",
        json!([]),
    );
    browser.wait_for(
        "return /score.friend_weight = 0.6 from tick \\d+/.test(sesame.note)",
        Duration::from_secs(30),
        "the page to confirm κ",
    );
    let at: u32 = browser
        .js(
            "return +sesame.note.match(/from tick (\\d+)/)[1]",
            json!([]),
        )
        .as_u64()
        .unwrap() as u32;
    browser.wait_for(
        &format!("return sesame.tick >= {}", at + 10),
        Duration::from_secs(60),
        "ten ticks after the change",
    );
    // The change is in the run, on the charts (a marker), and in every view.
    assert_eq!(ex.state()["values"]["score.friend_weight"], json!(0.6));
    let marked = browser.js(
        "return sesame.charts.score.markers.map(m => m.set.join(', '))",
        json!([]),
    );
    assert!(
        marked
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "score.friend_weight = 0.6"),
        "{marked}"
    );
    assert_eq!(
        browser.js(
            "return document.querySelector('.control[data-key=\"score.friend_weight\"] input[type=number]').value",
            json!([])
        ),
        json!("0.6")
    );
    // The charts changed, drawn point by point, not redrawn from scratch.
    assert_ne!(picture("score"), before, "the score chart did not change");
    let counts = browser.js(
        "return Object.values(sesame.charts).map(c => [c.segments, c.fullRedraws])",
        json!([]),
    );
    for c in counts.as_array().unwrap() {
        let (segments, redraws) = (c[0].as_u64().unwrap(), c[1].as_u64().unwrap());
        assert!(segments >= 15, "{counts}");
        assert!(
            redraws <= 6,
            "a chart was redrawn whole {redraws} times: {counts}"
        );
    }
    // The whole society is drawn (2,000 citizens), and the ties cut and
    // formed tick by tick keep the page's network the server's.
    browser.click("#pause");
    browser.wait_for("return !sesame.playing", Duration::from_secs(30), "pause");
    let tick = ex.state()["tick"].clone();
    browser.wait_for(
        &format!("return sesame.tick === {tick}"),
        Duration::from_secs(30),
        "the page to catch up",
    );
    let drawn = browser.js(
        "const h = sesame.charts.score.ticks.length;
         return [sesame.net.n, sesame.net.ties.size, sesame.hello.history.length + h];",
        json!([]),
    );
    assert_eq!(drawn[0], json!(2000));
    let (_, csv) = ex.get("/metrics.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let last: Vec<&str> = csv.lines().last().unwrap().split(',').collect();
    let ties = last[header.iter().position(|c| *c == "ties").unwrap()];
    assert_eq!(
        drawn[1].to_string(),
        ties,
        "ties drawn against ties in the run"
    );
    browser.click("#play");
    browser.screenshot(&out.join("2-playing.png"));

    // Bad input, typed and sent by hand: a clear error on the page and in
    // the server's answer; nothing changes and the run goes on.
    browser.type_into(
        ".control[data-key=\"score.friend_weight\"] input[type=number]",
        "1.5\n",
    );
    browser.click("#tick"); // leave the field: the change event fires
    browser.wait_for(
        "return document.getElementById('error').classList.contains('shown') && \
         document.getElementById('error-text').textContent.includes('score.friend_weight = 1.5: must be in [0, 1)')",
        Duration::from_secs(30),
        "the error for κ = 1.5",
    );
    assert!(browser
        .js(
            "return document.querySelector('.control[data-key=\"score.friend_weight\"] .problem').textContent",
            json!([])
        )
        .as_str()
        .unwrap()
        .contains("must be in [0, 1)"));
    browser.type_into("#anykey-text", "score.friend_wieght = 0.3\n");
    browser.wait_for(
        "return document.getElementById('error-text').textContent.includes('unknown key')",
        Duration::from_secs(30),
        "the error for an unknown key",
    );
    let by_hand = browser.cmd(
        "POST",
        "/execute/async",
        Some(json!({
            "script": "const done = arguments[0];
                fetch('/set', {method: 'POST', body: JSON.stringify({key: 'ties.cut_rate', value: 7})})
                  .then(r => r.json().then(b => done([r.status, b.error])));",
            "args": [],
        })),
    );
    assert_eq!(by_hand[0], json!(400));
    assert!(
        by_hand[1].as_str().unwrap().contains("ties.cut_rate = 7"),
        "{by_hand}"
    );
    browser.screenshot(&out.join("3-bad-input.png"));
    let tick = browser
        .js("return sesame.tick", json!([]))
        .as_u64()
        .unwrap();
    browser.wait_for(
        &format!("return sesame.tick > {tick}"),
        Duration::from_secs(30),
        "the run to go on after bad input",
    );
    assert_eq!(ex.state()["values"]["score.friend_weight"], json!(0.6));
    assert_eq!(ex.state()["values"]["ties.cut_rate"], json!(0.2));

    // Pause and Save: the scenario, and the charts as PNG and SVG.
    browser.click("#pause");
    browser.wait_for("return !sesame.playing", Duration::from_secs(30), "pause");
    let tick = ex.state()["tick"].as_u64().unwrap();
    browser.wait_for(
        &format!("return sesame.tick === {tick}"),
        Duration::from_secs(30),
        "the page to catch up",
    );
    browser.click("#save");
    let toml = downloaded(&downloads, &format!("-tick{tick}.toml"));
    let png = std::fs::read(downloaded(&downloads, "-charts.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    let svg = std::fs::read_to_string(downloaded(&downloads, "-charts.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains("<polyline")
            && svg.contains("<circle")
            && svg.contains("score.friend_weight = 0.6")
    );
    let (_, explored) = ex.get("/metrics.csv");
    assert_eq!(
        explored.lines().count() as u64,
        tick + 2,
        "header and ticks 0..={tick}"
    );
    assert_eq!(
        run_saved(&toml, &out.join("replay")),
        explored,
        "sesame run of the saved scenario differs from what was explored"
    );

    // A society change waits for Reset; Reset builds it.
    browser.type_into(
        ".control[data-key=\"population.size\"] input[type=number]",
        "3000\n",
    );
    browser.click("#tick");
    browser.wait_for(
        "return sesame.note.includes('population.size = 3000') && sesame.note.includes('Reset')",
        Duration::from_secs(30),
        "the size to wait for Reset",
    );
    browser.click("#reset");
    browser.wait_for(
        "return sesame.run === 2 && sesame.hello.scenario.citizens === 3000 && sesame.tick === 0",
        Duration::from_secs(60),
        "the new society",
    );
    assert_eq!(
        browser.js("return sesame.jsErrors", json!([])),
        json!([]),
        "no error in the page's script"
    );
    browser.screenshot(&out.join("4-reset.png"));
}

#[test]
#[ignore = "needs chromium and chromium-driver; CI runs it"]
fn at_100000_citizens_the_page_stays_responsive_and_the_stream_small() {
    let out = out_dir("browser-100k");
    let ex = Explorer::start(&["--set", "population.size=100000"]);
    let browser = Browser::start(&out.join("downloads"), &out.join("profile"));
    browser.go(&ex.url);
    browser.wait_for(
        "return !!(sesame.hello && sesame.connected)",
        Duration::from_secs(60),
        "the page to connect",
    );
    ex.control(r#"{"action": "speed", "speed": 0}"#);
    browser.click("#play");
    std::thread::sleep(Duration::from_secs(12));
    // The page answers at once while ticks stream in.
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let start = Instant::now();
        browser.js("return sesame.tick", json!([]));
        slowest = slowest.max(start.elapsed());
        std::thread::sleep(Duration::from_millis(200));
    }
    let state = ex.state();
    let stream = &state["stream"];
    let page = browser.js(
        "return {tick: sesame.tick, drawn: sesame.net.n, frames: sesame.net.frames, js: sesame.jsErrors}",
        json!([]),
    );
    browser.click("#pause");
    browser.screenshot(&out.join("100k.png"));
    let report = json!({
        "citizens": state["citizens"],
        "tick": state["tick"],
        "ticks_per_second": stream["ticks_per_second"],
        "mean_message_bytes": stream["mean_message_bytes"],
        "slowest_page_answer_ms": slowest.as_secs_f64() * 1e3,
        "page": page,
    });
    std::fs::write(out.join("measured.json"), report.to_string()).unwrap();
    println!("100,000 citizens: {report}");
    assert_eq!(state["citizens"], json!(100_000));
    assert_eq!(page["drawn"], json!(2000), "the network view samples");
    assert_eq!(page["js"], json!([]));
    assert!(page["tick"].as_u64().unwrap() >= 5, "{report}");
    assert!(
        stream["mean_message_bytes"].as_f64().unwrap() < 20_000.0,
        "{report}"
    );
    assert!(slowest < Duration::from_secs(2), "{report}");
}
