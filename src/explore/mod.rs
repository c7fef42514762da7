//! `sesame explore`: a live model in the browser.
//!
//! A small web server on 127.0.0.1 ([`server`]) serves one self-contained
//! page (`page.html`, embedded in the binary: inline CSS and JavaScript,
//! hand-drawn canvas charts, no network access) and streams every tick to it
//! as server-sent events. The page's sliders and selects change the keys a
//! researcher varies ([`controls`]); the [`session`] turns each change into
//! an event of the running scenario, so the scenario it saves replays with
//! `sesame run` exactly what was seen. Large societies are drawn through a
//! sample of their citizens ([`sample`]); the measures are always those of
//! the whole society, computed as `sesame run` records them.

pub mod controls;
pub mod sample;
pub mod server;
pub mod session;

pub use server::Explorer;
pub use session::Session;
