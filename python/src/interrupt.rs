//! Computing with the GIL released while Ctrl-C still works.
//!
//! Python runs its signal handlers on the main thread only, when that
//! thread checks for them. A computation that held the calling thread for
//! minutes would leave Ctrl-C pending until it ended; so the work runs on a
//! thread of its own while the calling thread sleeps with the GIL released,
//! waking every [`POLL`] to check for signals. On `KeyboardInterrupt` (or
//! any exception a signal handler raises) it asks the work to stop through
//! its [`StopFlag`], which the library honours at the end of the current
//! tick, waits for it, and raises the exception.

use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use sesame::run::StopFlag;

/// How often the waiting thread checks for signals.
pub const POLL: Duration = Duration::from_millis(50);

/// The signal number recorded in the [`StopFlag`] (SIGINT), as `sesame run`
/// records the signal that stopped it.
const SIGINT: usize = 2;

/// Stack of the computing thread: as the sweep runner's threads, room for
/// the deepest recursion of a measure on a large graph.
const STACK: usize = 16 << 20;

/// Runs `work` on a thread of its own with the GIL released, checking for
/// Python signals meanwhile (see the module docs). `work` must watch `stop`.
pub fn interruptible<R: Send>(
    py: Python<'_>,
    stop: &StopFlag,
    work: impl FnOnce() -> R + Send,
) -> PyResult<R> {
    let (done, finished) = mpsc::channel();
    // Waited on with the GIL released, which asks for a value shared
    // safely between threads.
    let finished = Mutex::new(finished);
    let wait = |timeout: Option<Duration>| {
        let finished = finished.lock().unwrap_or_else(|p| p.into_inner());
        match timeout {
            Some(t) => finished.recv_timeout(t),
            None => finished.recv().map_err(|_| RecvTimeoutError::Disconnected),
        }
    };
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("sesame".into())
            .stack_size(STACK)
            .spawn_scoped(s, move || {
                // The receiver outlives the worker unless this thread panicked.
                let _ = done.send(work());
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
        loop {
            match py.detach(|| wait(Some(POLL))) {
                Ok(result) => return Ok(result),
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(signalled) = py.check_signals() {
                        stop.0.store(SIGINT, Ordering::SeqCst);
                        // The work ends at the end of its tick; its result
                        // (a run cut short) is dropped.
                        let _ = py.detach(|| wait(None));
                        return Err(signalled);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let why = match worker.join() {
                        Err(panic) => panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "unknown cause".into()),
                        Ok(()) => "it ended without a result".into(),
                    };
                    return Err(PyRuntimeError::new_err(format!(
                        "sesame failed (a bug; please report it): {why}"
                    )));
                }
            }
        }
    })
}
