//! Waiting for what a screen shows, once for every kind of screen a test reads: the real binary
//! in a pty (`Tui`) and the real loop on a `TestBackend` (`in_process::Session`).

use std::time::{Duration, Instant};

/// A screen a test can read as text; the waits come with it.
pub trait Screen {
    /// What the screen shows now, row by row.
    fn screen(&self) -> String;

    /// Waits until `done` holds for the screen; panics with the screen and `what` after
    /// `timeout`.
    fn wait_until(&self, what: &str, timeout: Duration, done: impl Fn(&str) -> bool) -> String {
        poll(|| self.screen(), what, timeout, Pace::Soon, done)
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?}"), timeout, |s| s.contains(text))
    }

    /// Waits until the screen shows `text` and is the same twice ~100 ms apart: a whole
    /// frame, not one half painted, so what it does not show is really absent.
    fn wait_for_stable(&self, text: &str, timeout: Duration) -> String {
        let what = format!("{text:?} on a stable screen");
        poll(
            || self.screen(),
            &what,
            timeout,
            Pace::Stable,
            |s| s.contains(text),
        )
    }

    /// Waits until the screen is the same twice ~100 ms apart (nothing left to paint).
    fn stable_screen(&self, timeout: Duration) -> String {
        poll(
            || self.screen(),
            "a stable screen",
            timeout,
            Pace::Stable,
            |_| true,
        )
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} to go"), timeout, |s| !s.contains(text))
    }

    /// Waits until the row under the selection marker `▸` shows `text`.
    fn wait_selected(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(
            &format!("the selected row to show {text:?}"),
            timeout,
            |s| s.lines().any(|l| l.contains('▸') && l.contains(text)),
        )
    }
}

/// How a wait reads the screen.
#[derive(Clone, Copy, PartialEq)]
enum Pace {
    /// Every 50 ms, done as soon as `done` holds.
    Soon,
    /// Every 100 ms, done when `done` holds for a screen that is the same as the one before:
    /// a whole frame, not one half painted.
    Stable,
}

/// Reads `screen` at `pace` until `done` holds; panics with the screen and `what` after
/// `timeout`.
fn poll(
    screen: impl Fn() -> String,
    what: &str,
    timeout: Duration,
    pace: Pace,
    done: impl Fn(&str) -> bool,
) -> String {
    let stable = pace == Pace::Stable;
    let every = Duration::from_millis(if stable { 100 } else { 50 });
    let end = Instant::now() + timeout;
    let mut last: Option<String> = stable.then(&screen);
    loop {
        if stable {
            std::thread::sleep(every);
        }
        let s = screen();
        let settled = last.as_ref().is_none_or(|l| *l == s);
        if settled && done(&s) {
            return s;
        }
        if Instant::now() > end {
            panic!("timed out waiting for {what}; the screen:\n{s}");
        }
        if stable {
            last = Some(s);
        } else {
            std::thread::sleep(every);
        }
    }
}
