//! `sesame explore` over HTTP, without a browser: the binary on a free port,
//! driven as the page drives it. What is explored and saved replays with
//! `sesame run` to the same bytes; bad input gets a 400 with the
//! validator's message and never stops the server. (tests/it/browser.rs drives
//! the page itself in a headless Chromium.)

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use crate::common::explore::{out_dir, run_saved, Explorer, SMALL};
use crate::common::sesame;
use serde_json::{json, Value};

fn scenario_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("small.toml");
    std::fs::write(&path, SMALL).unwrap();
    path
}

#[test]
fn explored_ticks_saved_and_run_give_the_same_metrics_byte_for_byte() {
    let dir = out_dir("replay");
    let path = scenario_file(&dir);
    let ex = Explorer::start(&[path.to_str().unwrap()]);

    let (status, page) = ex.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<title>sesame explore</title>"));
    // Self-contained: the one address in the page is the SVG namespace of
    // the charts it saves, which is a name, not something fetched.
    let addresses: Vec<&str> = page
        .match_indices("http")
        .map(|(at, _)| page[at..].split(['"', '`', ' ']).next().unwrap())
        .collect();
    assert!(
        addresses.iter().all(|a| *a == "http://www.w3.org/2000/svg"),
        "{addresses:?}"
    );

    let s = ex.state();
    assert_eq!(
        (s["tick"].clone(), s["citizens"].clone()),
        (json!(0), json!(600))
    );
    assert_eq!(
        ex.control(r#"{"action": "step", "ticks": 5}"#)["tick"],
        json!(5)
    );

    // κ and the tie rule change at the next tick, as events.
    let (status, answer) = ex.post("/set", r#"{"key": "score.friend_weight", "value": 0.45}"#);
    assert_eq!(status, 200, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["applies"], json!("tick"));
    assert_eq!(answer["at_tick"], json!(6));
    assert_eq!(
        answer["message"],
        json!("score.friend_weight = 0.45 from tick 6")
    );
    let (status, _) = ex.post("/set", r#"{"key": "ties.rule", "value": "threshold"}"#);
    assert_eq!(status, 200);
    assert_eq!(
        ex.state()["values"]["score.friend_weight"],
        json!(0.2),
        "not before tick 6"
    );
    ex.control(r#"{"action": "step", "ticks": 4}"#);
    let (status, _) = ex.post("/set", r#"{"key": "ties.cut_rate", "value": "0.05"}"#);
    assert_eq!(status, 200);
    ex.control(r#"{"action": "step", "ticks": 3}"#);
    let s = ex.state();
    assert_eq!(s["tick"], json!(12));
    assert_eq!(s["values"]["score.friend_weight"], json!(0.45));
    assert_eq!(s["values"]["ties.rule"], json!("threshold"));
    assert_eq!(s["values"]["ties.cut_rate"], json!(0.05));

    // A society change waits for Reset and does not touch this run.
    let (status, answer) = ex.post("/set", r#"{"key": "population.size", "value": 800}"#);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains(r#""applies":"reset""#), "{answer}");
    assert_eq!(ex.state()["waiting"], json!(["population.size = 800"]));

    let (status, toml) = ex.get("/scenario.toml");
    assert_eq!(status, 200);
    assert!(
        toml.starts_with("# Explored live with `sesame explore`"),
        "{toml}"
    );
    assert!(toml.contains("ticks = 12\n"), "{toml}");
    assert!(
        toml.contains("size = 600\n"),
        "the waiting size is not this run's: {toml}"
    );
    assert!(
        toml.contains(
            "at_tick = 6\nset = { \"score.friend_weight\" = 0.45, \"ties.rule\" = \"threshold\" }"
        ),
        "{toml}"
    );
    assert!(
        toml.contains("at_tick = 10\nset = { \"ties.cut_rate\" = 0.05 }"),
        "{toml}"
    );
    assert!(
        toml.contains("at_tick = 4\nset = { \"reporting.reward\" = 30.0 }"),
        "{toml}"
    );
    let saved = dir.join("saved.toml");
    std::fs::write(&saved, &toml).unwrap();

    let (status, explored) = ex.get("/metrics.csv");
    assert_eq!(status, 200);
    assert_eq!(
        explored.lines().count(),
        1 + 13,
        "a header and ticks 0 to 12"
    );
    let replayed = run_saved(&saved, &dir.join("run"));
    assert_eq!(
        replayed, explored,
        "sesame run of the saved scenario differs"
    );

    // The replay is not trivially equal: without the changes it differs.
    let plain = dir.join("plain.toml");
    std::fs::write(&plain, SMALL.replace("ticks = 40", "ticks = 12")).unwrap();
    assert_ne!(run_saved(&plain, &dir.join("plain")), explored);
}

#[test]
fn bad_input_gets_a_clear_400_and_the_server_goes_on() {
    let dir = out_dir("bad-input");
    let ex = Explorer::start(&[scenario_file(&dir).to_str().unwrap()]);
    ex.control(r#"{"action": "step", "ticks": 5}"#);
    let cases: [(&str, &str, &str); 9] = [
        (
            "/set",
            r#"{"key": "score.friend_weight", "value": 1.5}"#,
            "score.friend_weight = 1.5: must be in [0, 1)",
        ),
        (
            "/set",
            r#"{"key": "score.friend_wieght", "value": 0.3}"#,
            "unknown key",
        ),
        (
            "/set",
            r#"{"key": "ties.rule", "value": "random"}"#,
            "\"threshold\"",
        ),
        (
            "/set",
            r#"{"key": "ties.cut_rate", "value": "nan"}"#,
            "ties.cut_rate",
        ),
        (
            "/set",
            r#"{"key": "population.size", "value": 0}"#,
            "population.size = 0",
        ),
        ("/set", r#"{"value": 3}"#, "missing \"key\""),
        ("/set", "not json", "not JSON"),
        ("/control", r#"{"action": "fly"}"#, "unknown action \"fly\""),
        (
            "/control",
            r#"{"action": "step", "ticks": -3}"#,
            "\"ticks\" must be",
        ),
    ];
    for (path, body, expected) in cases {
        let (status, answer) = ex.post(path, body);
        assert_eq!(status, 400, "{body} -> {answer}");
        let error = serde_json::from_str::<Value>(&answer).unwrap()["error"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(error.contains(expected), "{body} -> {error}");
    }
    assert_eq!(ex.get("/nowhere").0, 404);
    assert_eq!(ex.post("/", "{}").0, 405);
    assert_eq!(ex.get("/set").0, 405);

    // Another site's page may not drive the explorer.
    let mut r = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .post(format!("{}set", ex.url))
        .header("Origin", "http://evil.example")
        .send(r#"{"key": "score.friend_weight", "value": 0.3}"#)
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r
        .body_mut()
        .read_to_string()
        .unwrap()
        .contains("evil.example"));

    // Nothing was changed, and the run goes on.
    let s = ex.state();
    assert_eq!(s["tick"], json!(5));
    assert_eq!(s["values"]["score.friend_weight"], json!(0.2));
    assert_eq!(s["waiting"], json!([]));
    assert_eq!(ex.control(r#"{"action": "step"}"#)["tick"], json!(6));
    let (_, toml) = ex.get("/scenario.toml");
    assert_eq!(
        toml.matches("[[events]]").count(),
        1,
        "only the scenario's own: {toml}"
    );
}

/// Reads server-sent events from `/events` until `count` messages arrived.
fn read_events(lines: &mut impl BufRead, count: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    while out.len() < count {
        line.clear();
        assert!(lines.read_line(&mut line).unwrap() > 0, "the stream closed");
        if let Some(data) = line.strip_prefix("data: ") {
            out.push(data.trim_end().to_string());
        }
    }
    out
}

#[test]
fn the_stream_sends_a_hello_then_one_small_message_per_tick_and_a_new_hello_on_reset() {
    let dir = out_dir("stream");
    let ex = Explorer::start(&[scenario_file(&dir).to_str().unwrap()]);
    let mut stream = TcpStream::connect(("127.0.0.1", ex.port())).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        ex.port()
    )
    .unwrap();
    let mut lines = BufReader::new(stream.try_clone().unwrap());
    let mut status = String::new();
    lines.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");

    let hello: Value = serde_json::from_str(&read_events(&mut lines, 1)[0]).unwrap();
    assert_eq!(hello["type"], json!("hello"));
    assert_eq!(hello["tick"], json!(0));
    assert_eq!(hello["net"]["group"].as_array().unwrap().len(), 600);
    assert_eq!(hello["net"]["ties"].as_array().unwrap().len(), 600 * 8 / 2);
    assert_eq!(hello["tiers"].as_array().unwrap().len(), 5);
    let dissidents: Vec<&Value> = hello["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["dissident"] == json!(true))
        .collect();
    assert_eq!(dissidents.len(), 1);
    assert_eq!(dissidents[0]["name"], json!("dissidents"));

    ex.control(r#"{"action": "step", "ticks": 5}"#);
    let messages = read_events(&mut lines, 6);
    let ticks: Vec<Value> = messages
        .iter()
        .map(|m| serde_json::from_str::<Value>(m).unwrap())
        .collect();
    for (t, m) in ticks.iter().take(5).enumerate() {
        assert_eq!(m["type"], json!("tick"));
        assert_eq!(m["tick"], json!(t + 1));
        assert!(m["view"]["score"].as_array().unwrap().len() == 4);
        assert!(m["net"]["cut"].is_array() && m["net"]["formed"].is_array());
        assert!(messages[t].len() < 8_000, "{} bytes", messages[t].len());
    }
    assert_eq!(
        ticks[3]["marker"]["set"],
        json!(["reporting.reward = 30.0"])
    );
    assert_eq!(ticks[5]["type"], json!("status"));
    let cuts: usize = ticks[..5]
        .iter()
        .map(|m| m["net"]["cut"].as_array().unwrap().len())
        .sum();
    assert!(cuts > 0, "a cut rate of 0.2 cuts ties in five ticks");

    ex.post("/set", r#"{"key": "population.size", "value": 300}"#);
    ex.control(r#"{"action": "reset"}"#);
    let after: Vec<Value> = read_events(&mut lines, 2)
        .iter()
        .map(|m| serde_json::from_str(m).unwrap())
        .collect();
    let hello = after.iter().find(|m| m["type"] == json!("hello")).unwrap();
    assert_eq!(hello["run"], json!(2));
    assert_eq!(hello["tick"], json!(0));
    assert_eq!(hello["scenario"]["citizens"], json!(300));
    assert_eq!(hello["history"].as_array().unwrap().len(), 1);
}

#[test]
fn a_port_in_use_and_a_bad_scenario_are_input_errors() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = sesame()
        .args(["explore", "--port", &port, "--set", "population.size=100"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");

    let out = sesame()
        .args(["explore", "--port", "0", "--set", "score.friend_weight=2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("score.friend_weight = 2.0 (from --set): must be in [0, 1)"),
        "{err}"
    );
}

#[test]
fn without_a_scenario_it_explores_the_built_in_baseline() {
    let ex = Explorer::start(&["--set", "population.size=500"]);
    let (_, toml) = ex.get("/scenario.toml");
    assert!(toml.contains("name = \"baseline\""), "{toml}");
    assert_eq!(ex.state()["citizens"], json!(500));
}

#[test]
fn a_network_read_from_a_file_explores_and_replays() {
    let dir = out_dir("file-network");
    let karate =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/karate-club.toml");
    let ex = Explorer::start(&[karate.to_str().unwrap()]);
    let s = ex.state();
    assert_eq!(s["citizens"], json!(34));
    assert_eq!(s["values"]["network.kind"], json!("file"));
    ex.control(r#"{"action": "step", "ticks": 6}"#);
    let (status, _) = ex.post("/set", r#"{"key": "score.friend_weight", "value": 0.5}"#);
    assert_eq!(status, 200);
    ex.control(r#"{"action": "step", "ticks": 6}"#);
    let (_, toml) = ex.get("/scenario.toml");
    assert!(
        toml.contains("hash = \"fnv1a64:"),
        "the file is pinned: {toml}"
    );
    let saved = dir.join("saved.toml");
    std::fs::write(&saved, &toml).unwrap();
    let (_, explored) = ex.get("/metrics.csv");
    assert_eq!(run_saved(&saved, &dir.join("run")), explored);

    // A generated network of the size the file had, on Reset.
    let (status, answer) = ex.post(
        "/set",
        r#"{"key": "network", "value": "{ kind = \"erdos_renyi\", mean_degree = 4.0 }"}"#,
    );
    assert_eq!(status, 200, "{answer}");
    ex.control(r#"{"action": "reset"}"#);
    let s = ex.state();
    assert_eq!(s["citizens"], json!(34));
    assert_eq!(s["values"]["network.kind"], json!("erdos_renyi"));
    assert_eq!(s["values"]["network.mean_degree"], json!(4.0));
}
