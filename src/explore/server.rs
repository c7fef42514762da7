//! The local web server: the page, the stream of ticks, and the controls.
//!
//! Threads: one accepts requests and hands each to a thread of its own (a
//! page holds one long request, the tick stream; the others are short); one,
//! the driver, owns the [`Session`] and runs the simulation (rayon inside a
//! tick), taking commands between ticks. Requests never touch the
//! simulation: they send the driver a command and wait for its answer, so
//! the server answers while a tick runs, and a change always lands between
//! two ticks.
//!
//! Routes (all on 127.0.0.1):
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the page |
//! | `GET /events` | server-sent events: a `hello` (everything to draw the run from tick 0), then one `tick` message per tick and a `status` after each command |
//! | `GET /state` | tick, run, play state, values, changes waiting for Reset, stream statistics (JSON) |
//! | `POST /control` | `{"action": "play" \| "pause" \| "step" \| "reset", "ticks": N, "speed": S}` |
//! | `POST /set` | `{"key": "score.friend_weight", "value": 0.4}`: 200 with when it applies, or 400 with the validator's message |
//! | `GET /scenario.toml` | the scenario that replays the run with `sesame run` |
//! | `GET /metrics.csv` | metrics.csv of the run so far, as `sesame run` writes it |

use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value as Json};
use tiny_http::{Header, Method, Request, Response};

use super::session::{Applies, Session};
use crate::error::{Error, Result};

/// The page: one self-contained HTML file (inline CSS and JavaScript,
/// hand-written canvas drawing, nothing fetched from elsewhere).
const PAGE: &str = include_str!("page.html");

/// Messages a page may fall behind by before its stream is closed; the
/// page reconnects at once and starts again from a `hello`.
const BACKLOG: usize = 512;

/// Silence after which a stream sends a comment, so a closed page is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// Largest request body read (a control or a change is a few dozen bytes).
const MAX_BODY: u64 = 64 << 10;

/// How long a request waits for the driver (a tick of a million citizens
/// takes about half a second; a Reset builds a network).
const ANSWER_WITHIN: Duration = Duration::from_secs(120);

/// Ticks per second when the page has not chosen: slow enough to watch.
pub const DEFAULT_SPEED: f64 = 10.0;

/// A running explorer: the server's address and its threads.
pub struct Explorer {
    url: String,
    server: Arc<tiny_http::Server>,
    accept: JoinHandle<()>,
}

impl Explorer {
    /// Builds the society of `scenario`, binds 127.0.0.1:`port` (0: a free
    /// port) and starts serving.
    pub fn start(scenario: &crate::scenario::Scenario, port: u16) -> Result<Explorer> {
        let session = Session::new(scenario)?;
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            Error::input(format!(
                "cannot listen on 127.0.0.1:{port}: {e} (--port 0 picks a free port)"
            ))
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| Error::other("the server has no IP address"))?;
        let server = Arc::new(server);
        let (commands, inbox) = mpsc::channel();
        std::thread::Builder::new()
            .name("sesame-explore-driver".into())
            .spawn(move || Driver::new(session).run(inbox))
            .map_err(|e| Error::other(format!("cannot start the simulation thread: {e}")))?;
        let accepting = server.clone();
        let origins = [
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ];
        let accept = std::thread::Builder::new()
            .name("sesame-explore-http".into())
            .spawn(move || {
                for request in accepting.incoming_requests() {
                    let commands = commands.clone();
                    let origins = origins.clone();
                    let spawned = std::thread::Builder::new()
                        .name("sesame-explore-request".into())
                        .spawn(move || handle(request, &commands, &origins));
                    if spawned.is_err() {
                        // Out of threads: this request goes unanswered and
                        // its connection closes; the server goes on.
                        continue;
                    }
                }
            })
            .map_err(|e| Error::other(format!("cannot start the server thread: {e}")))?;
        Ok(Explorer {
            url: format!("http://127.0.0.1:{port}/"),
            server,
            accept,
        })
    }

    /// The page's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves until [`Explorer::stop`] is called from another thread (or the
    /// process ends, as on Ctrl-C).
    pub fn wait(self) {
        let _ = self.accept.join();
    }

    /// Stops accepting requests.
    pub fn stop(&self) {
        self.server.unblock();
    }
}

/// An answer to a command: an HTTP status and a JSON body.
struct Answer {
    status: u16,
    body: Json,
}

impl Answer {
    fn ok(body: Json) -> Answer {
        Answer { status: 200, body }
    }
    fn refused(message: impl Into<String>) -> Answer {
        Answer {
            status: 400,
            body: json!({ "error": message.into() }),
        }
    }
}

/// What a request asks of the driver.
enum Command {
    Play,
    Pause,
    /// Pause, then run this many ticks.
    Step(u32),
    Reset,
    /// Ticks per second (0: as fast as the machine goes).
    Speed(f64),
    Set {
        key: String,
        value: String,
    },
    State,
    Scenario,
    Metrics,
    /// A page's stream: the driver sends it a hello, then every message.
    Subscribe(SyncSender<Arc<str>>),
}

/// Stream statistics over the last second of play.
#[derive(Default)]
struct Rate {
    window: std::collections::VecDeque<(Instant, usize)>,
    messages: u64,
    bytes: u64,
}

impl Rate {
    fn add(&mut self, bytes: usize) {
        let now = Instant::now();
        self.window.push_back((now, bytes));
        while self
            .window
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) > Duration::from_secs(2))
        {
            self.window.pop_front();
        }
        self.messages += 1;
        self.bytes += bytes as u64;
    }

    fn json(&self) -> Json {
        let per_second = match (self.window.front(), self.window.back()) {
            (Some(a), Some(b)) if self.window.len() >= 2 && b.0 > a.0 => {
                (self.window.len() - 1) as f64 / b.0.duration_since(a.0).as_secs_f64()
            }
            _ => 0.0,
        };
        json!({
            "ticks_per_second": per_second,
            "last_message_bytes": self.window.back().map(|w| w.1).unwrap_or(0),
            "mean_message_bytes": if self.messages > 0 { self.bytes as f64 / self.messages as f64 } else { 0.0 },
            "messages": self.messages,
        })
    }
}

/// The thread that owns the session and runs the simulation.
struct Driver {
    session: Session,
    playing: bool,
    /// Ticks per second; 0 for as fast as possible.
    speed: f64,
    /// When the next tick of play is due.
    due: Instant,
    /// Whether this run has paused at the scenario's `ticks` already.
    paused_at_end: bool,
    /// The streams of the pages open.
    pages: Vec<SyncSender<Arc<str>>>,
    rate: Rate,
    /// The last note (an error in a tick, a pause at the end).
    note: String,
}

impl Driver {
    fn new(session: Session) -> Driver {
        Driver {
            session,
            playing: false,
            speed: DEFAULT_SPEED,
            due: Instant::now(),
            paused_at_end: false,
            pages: Vec::new(),
            rate: Rate::default(),
            note: String::new(),
        }
    }

    fn run(mut self, inbox: Receiver<(Command, Sender<Answer>)>) {
        loop {
            // Every command waiting is answered before the next tick.
            let received = if !self.playing {
                inbox.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                let wait = self.due.saturating_duration_since(Instant::now());
                inbox.recv_timeout(wait)
            };
            match received {
                Ok((command, answer)) => {
                    let a = self.obey(command);
                    let _ = answer.send(a);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.playing {
                self.tick();
                let interval = if self.speed > 0.0 {
                    Duration::from_secs_f64(1.0 / self.speed)
                } else {
                    Duration::ZERO
                };
                // Never bank time: a slow tick does not make the next ones rush.
                self.due = (self.due + interval).max(Instant::now());
                let at_end = self.session.tick() == self.session.planned_ticks();
                if at_end && !self.paused_at_end {
                    self.paused_at_end = true;
                    self.playing = false;
                    self.note = format!(
                        "paused at tick {}, the scenario's last; Play goes on",
                        self.session.tick()
                    );
                    self.broadcast_status();
                }
            }
        }
    }

    /// Runs one tick and streams it; a failed tick stops play and says why.
    fn tick(&mut self) -> bool {
        match self.session.step() {
            Ok(message) => {
                self.rate.add(message.len());
                self.broadcast(&message);
                true
            }
            Err(e) => {
                self.playing = false;
                self.note = format!("the simulation stopped: {e}");
                self.broadcast_status();
                false
            }
        }
    }

    fn obey(&mut self, command: Command) -> Answer {
        match command {
            Command::Play => {
                self.playing = true;
                self.due = Instant::now();
                self.note.clear();
                self.broadcast_status();
                Answer::ok(self.state())
            }
            Command::Pause => {
                self.playing = false;
                self.broadcast_status();
                Answer::ok(self.state())
            }
            Command::Step(n) => {
                self.playing = false;
                self.note.clear();
                for _ in 0..n {
                    if !self.tick() {
                        break;
                    }
                }
                self.broadcast_status();
                Answer::ok(self.state())
            }
            Command::Reset => match self.session.reset() {
                Ok(()) => {
                    self.playing = false;
                    self.paused_at_end = false;
                    self.note = format!(
                        "a new society of {} citizens at tick 0",
                        self.session.citizens()
                    );
                    let hello = self.hello();
                    self.broadcast(&hello);
                    Answer::ok(self.state())
                }
                Err(e) => {
                    let message = format!("Reset failed, the run goes on: {e}");
                    self.note = message.clone();
                    self.broadcast_status();
                    Answer::refused(message)
                }
            },
            Command::Speed(s) => {
                self.speed = s;
                self.due = Instant::now();
                self.broadcast_status();
                Answer::ok(self.state())
            }
            Command::Set { key, value } => match self.session.set(&key, &value) {
                Ok(accepted) => {
                    self.note = accepted.message();
                    self.broadcast_status();
                    let (applies, at_tick) = match accepted.applies {
                        Applies::AtTick(t) => ("tick", Some(t)),
                        Applies::OnReset => ("reset", None),
                    };
                    Answer::ok(json!({
                        "ok": true,
                        "key": accepted.key,
                        "value": super::controls::to_json(&accepted.value),
                        "applies": applies,
                        "at_tick": at_tick,
                        "message": accepted.message(),
                    }))
                }
                Err(e) => Answer::refused(e.to_string()),
            },
            Command::State => Answer::ok(self.state()),
            Command::Scenario => Answer::ok(Json::String(self.session.scenario_toml())),
            Command::Metrics => match self.session.metrics_csv() {
                Ok(csv) => Answer::ok(Json::String(csv)),
                Err(e) => Answer {
                    status: 500,
                    body: json!({ "error": e.to_string() }),
                },
            },
            Command::Subscribe(page) => {
                let hello = self.hello();
                if page.try_send(frame(&hello)).is_ok() {
                    self.pages.push(page);
                }
                Answer::ok(json!({ "ok": true }))
            }
        }
    }

    /// The session's hello with the play state.
    fn hello(&self) -> String {
        let mut hello = self.session.hello();
        hello["status"] = self.status();
        hello.to_string()
    }

    fn status(&self) -> Json {
        json!({
            "type": "status",
            "run": self.session.run_number(),
            "tick": self.session.tick(),
            "playing": self.playing,
            "speed": self.speed,
            "waiting": self.session.waiting(),
            "values": self.session.values(),
            "note": self.note,
        })
    }

    fn state(&self) -> Json {
        let mut s = self.status();
        s["citizens"] = json!(self.session.citizens());
        s["planned_ticks"] = json!(self.session.planned_ticks());
        s["stream"] = self.rate.json();
        s["pages"] = json!(self.pages.len());
        s
    }

    fn broadcast_status(&mut self) {
        let status = self.status().to_string();
        self.broadcast(&status);
    }

    /// Sends a message to every page; a page too far behind (or gone) is
    /// dropped, and an open page reconnects and starts again from a hello.
    fn broadcast(&mut self, message: &str) {
        if self.pages.is_empty() {
            return;
        }
        let framed = frame(message);
        self.pages
            .retain(|page| match page.try_send(framed.clone()) {
                Ok(()) => true,
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
            });
    }
}

/// A message as one server-sent event (JSON has no raw newlines).
fn frame(message: &str) -> Arc<str> {
    Arc::from(format!("data: {message}\n\n"))
}

/// Answers one request.
fn handle(mut request: Request, commands: &Sender<(Command, Sender<Answer>)>, origins: &[String]) {
    if let Some(why) = foreign(&request, origins) {
        let _ = request.respond(json_response(403, &json!({ "error": why })));
        return;
    }
    let path = request.url().split('?').next().unwrap_or("/").to_string();
    let method = request.method().clone();
    let answer = match (&method, path.as_str()) {
        (Method::Get, "/") | (Method::Get, "/index.html") => {
            let _ = request.respond(
                Response::from_string(PAGE)
                    .with_header(header("Content-Type", "text/html; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store")),
            );
            return;
        }
        (Method::Get, "/events") => return stream(request, commands),
        (Method::Get, "/state") => ask(commands, Command::State),
        (Method::Get, "/scenario.toml") => {
            let a = ask(commands, Command::Scenario);
            return respond_text(
                request,
                a,
                "application/toml; charset=utf-8",
                "scenario.toml",
            );
        }
        (Method::Get, "/metrics.csv") => {
            let a = ask(commands, Command::Metrics);
            return respond_text(request, a, "text/csv; charset=utf-8", "metrics.csv");
        }
        (Method::Post, "/control") => match read_json(&mut request).and_then(|b| control(&b)) {
            Ok(command) => ask(commands, command),
            Err(BadRequest(message)) => Answer::refused(message),
        },
        (Method::Post, "/set") => match read_json(&mut request).and_then(|b| change(&b)) {
            Ok(command) => ask(commands, command),
            Err(BadRequest(message)) => Answer::refused(message),
        },
        (_, "/" | "/index.html" | "/events" | "/state" | "/scenario.toml" | "/metrics.csv") => {
            Answer {
                status: 405,
                body: json!({ "error": format!("{path} takes GET, not {method}") }),
            }
        }
        (_, "/control" | "/set") => Answer {
            status: 405,
            body: json!({ "error": format!("{path} takes POST with a JSON body, not {method}") }),
        },
        _ => Answer {
            status: 404,
            body: json!({ "error": format!("no such page: {path}") }),
        },
    };
    let _ = request.respond(json_response(answer.status, &answer.body));
}

/// Why a request is refused as coming from another site, if it is: a page
/// of another origin (a browser says so in `Origin`), or a name other than
/// this machine's in `Host` (DNS rebinding).
fn foreign(request: &Request, origins: &[String]) -> Option<String> {
    let get = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    if let Some(origin) = get("Origin") {
        if !origins.contains(&origin) {
            return Some(format!("requests from {origin} are not served"));
        }
    }
    if let Some(host) = get("Host") {
        let name = host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n);
        if !["127.0.0.1", "localhost"].contains(&name) {
            return Some(format!("requests for host {host} are not served"));
        }
    }
    None
}

/// Sends `command` to the driver and waits for its answer.
fn ask(commands: &Sender<(Command, Sender<Answer>)>, command: Command) -> Answer {
    let (tx, rx) = mpsc::channel();
    if commands.send((command, tx)).is_err() {
        return Answer {
            status: 503,
            body: json!({ "error": "the simulation has stopped" }),
        };
    }
    rx.recv_timeout(ANSWER_WITHIN).unwrap_or_else(|_| Answer {
        status: 503,
        body: json!({ "error": "the simulation did not answer in time" }),
    })
}

/// Why a request was refused (answered 400): what was wrong with it and
/// what is allowed, shown to the page as is.
#[derive(Debug)]
struct BadRequest(String);

impl From<&str> for BadRequest {
    fn from(message: &str) -> BadRequest {
        BadRequest(message.to_string())
    }
}

impl From<String> for BadRequest {
    fn from(message: String) -> BadRequest {
        BadRequest(message)
    }
}

/// A refused request, known by its message.
fn bad<T>(message: impl Into<String>) -> std::result::Result<T, BadRequest> {
    Err(BadRequest(message.into()))
}

/// The body of a POST as a JSON object.
fn read_json(request: &mut Request) -> std::result::Result<Json, BadRequest> {
    let mut body = String::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_string(&mut body)
        .map_err(|e| format!("cannot read the request: {e}"))?;
    if body.len() as u64 > MAX_BODY {
        return bad(format!(
            "the request body is over {} KiB; a control is a few bytes",
            MAX_BODY >> 10
        ));
    }
    let value: Json =
        serde_json::from_str(&body).map_err(|e| format!("the request body is not JSON: {e}"))?;
    if !value.is_object() {
        return bad("the request body must be a JSON object");
    }
    Ok(value)
}

/// The command of a `POST /control` body.
fn control(body: &Json) -> std::result::Result<Command, BadRequest> {
    let action = body
        .get("action")
        .and_then(Json::as_str)
        .ok_or("missing \"action\": one of play, pause, step, reset, speed")?;
    match action {
        "play" => Ok(Command::Play),
        "pause" => Ok(Command::Pause),
        "reset" => Ok(Command::Reset),
        "step" => {
            let n = match body.get("ticks") {
                None => 1,
                Some(v) => v
                    .as_u64()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or("\"ticks\" must be an integer in [1, 100000]")?,
            };
            Ok(Command::Step(n as u32))
        }
        "speed" => {
            let s = body
                .get("speed")
                .and_then(Json::as_f64)
                .filter(|s| s.is_finite() && (0.0..=10_000.0).contains(s))
                .ok_or("\"speed\" must be a number of ticks per second in [0, 10000] (0: as fast as possible)")?;
            Ok(Command::Speed(s))
        }
        other => bad(format!(
            "unknown action {other:?}: one of play, pause, step, reset, speed"
        )),
    }
}

/// The command of a `POST /set` body: `key` and `value` (a number, a
/// boolean, or text as after `--set KEY=`).
fn change(body: &Json) -> std::result::Result<Command, BadRequest> {
    let key = body
        .get("key")
        .and_then(Json::as_str)
        .ok_or("missing \"key\": a dotted scenario key, e.g. score.friend_weight")?;
    let value = match body.get("value") {
        Some(Json::String(s)) => s.clone(),
        Some(v @ (Json::Number(_) | Json::Bool(_))) => v.to_string(),
        Some(_) => {
            return bad(format!(
                "{key}: give \"value\" as a number, true/false, or text as on the command line (--set {key}=VALUE)"
            ))
        }
        None => return bad(format!("missing \"value\" for {key}")),
    };
    Ok(Command::Set {
        key: key.to_string(),
        value,
    })
}

/// The page's stream of server-sent events.
fn stream(request: Request, commands: &Sender<(Command, Sender<Answer>)>) {
    let (page, messages) = mpsc::sync_channel::<Arc<str>>(BACKLOG);
    if ask(commands, Command::Subscribe(page)).status != 200 {
        let _ = request.respond(json_response(
            503,
            &json!({ "error": "the simulation has stopped" }),
        ));
        return;
    }
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let sent = match messages.recv_timeout(KEEP_ALIVE) {
            Ok(message) => out.write_all(message.as_bytes()),
            Err(RecvTimeoutError::Timeout) => out.write_all(b": still here\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sent.and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid ASCII header")
}

fn json_response(status: u16, body: &Json) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body.to_string())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"))
}

/// A text answer (the scenario, metrics) as a download, or the error as JSON.
fn respond_text(request: Request, answer: Answer, content_type: &str, name: &str) {
    let response = match (answer.status, answer.body) {
        (200, Json::String(text)) => Response::from_string(text)
            .with_header(header("Content-Type", content_type))
            .with_header(header(
                "Content-Disposition",
                &format!("attachment; filename=\"{name}\""),
            ))
            .with_header(header("Cache-Control", "no-store")),
        (status, body) => json_response(status, &body),
    };
    let _ = request.respond(response);
}
