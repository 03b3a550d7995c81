//! When the event loop draws: frames paced so that streaming pages do not redraw the screen
//! on every result, while a key is still answered in the next frame, and the end of a walk
//! (its final count) is shown at once rather than a frame later.

use std::pin::Pin;
use std::time::{Duration, Instant};

/// The shortest time between two frames drawn for background results (~60 per second).
pub(super) const FRAME: Duration = Duration::from_millis(16);

/// When to draw: at once after input, so a key is answered in the next frame; at most once a
/// [`FRAME`] while only background results change the screen (pages streaming in).
#[derive(Debug, Default)]
pub(super) struct FramePacing {
    changed: bool,
    input: bool,
    last: Option<Instant>,
}

impl FramePacing {
    pub(super) fn changed(&mut self) {
        self.changed = true;
    }
    pub(super) fn input(&mut self) {
        self.input = true;
    }
    /// Background work has ended (the last page of a walk): what it leaves is final, so it is
    /// drawn at once like an answer to a key, not held back until a frame has passed.
    pub(super) fn ended(&mut self) {
        self.changed = true;
        self.input = true;
    }
    pub(super) fn due(&self, now: Instant) -> bool {
        self.changed && (self.input || self.last.is_none_or(|t| now >= t + FRAME))
    }
    pub(super) fn drawn(&mut self, now: Instant) {
        self.changed = false;
        self.input = false;
        self.last = Some(now);
    }
    /// When a frame held back for pacing is due.
    pub(super) fn next(&self) -> Option<Instant> {
        self.changed.then(|| self.last.map(|t| t + FRAME)).flatten()
    }
}

/// A deadline the loop waits for, kept from one wait to the next. A tokio timer made anew for
/// every wait (one a page while pages stream in) is registered anew each time, and a new
/// deadline wakes the runtime's worker to look at it: kept, it is registered again only when
/// its deadline moves.
pub(super) struct Timer {
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    at: Option<Instant>,
}

impl Timer {
    pub(super) fn new() -> Self {
        Timer {
            sleep: None,
            at: None,
        }
    }

    /// Waits for `at` from now on (`None`: for nothing).
    pub(super) fn set(&mut self, at: Option<Instant>) {
        if at == self.at {
            return;
        }
        self.at = at;
        let Some(at) = at else { return };
        match &mut self.sleep {
            Some(sleep) => sleep.as_mut().reset(at.into()),
            None => self.sleep = Some(Box::pin(tokio::time::sleep_until(at.into()))),
        }
    }

    /// Waits for `at`, or for the deadline already set when it comes first: the app's wakeup
    /// (the spinner's next turn) moves on with every action, and a tick a little early only
    /// turns the spinner, where a deadline moved on every page would never come while pages
    /// stream in.
    pub(super) fn set_earliest(&mut self, at: Option<Instant>) {
        self.set(earliest(self.at, at));
    }

    /// Until the deadline; then the timer waits for nothing until it is set again.
    pub(super) async fn fired(&mut self) {
        match (self.at, &mut self.sleep) {
            (Some(_), Some(sleep)) => {
                sleep.as_mut().await;
                self.at = None;
            }
            _ => std::future::pending().await,
        }
    }
}

/// The deadline kept when `want` is asked while `armed` waits: the earlier one, none when
/// nothing is wanted.
fn earliest(armed: Option<Instant>, want: Option<Instant>) -> Option<Instant> {
    match (armed, want) {
        (Some(a), Some(w)) => Some(a.min(w)),
        (_, want) => want,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_s_wakeup_keeps_its_first_deadline_until_it_comes() {
        let t0 = Instant::now();
        let ms = |n| Some(t0 + Duration::from_millis(n));
        assert_eq!(earliest(None, ms(120)), ms(120));
        // an action 1 ms later asks for 121 ms: the tick still comes at 120
        assert_eq!(earliest(ms(120), ms(121)), ms(120));
        assert_eq!(earliest(ms(120), ms(50)), ms(50), "an earlier one is kept");
        assert_eq!(earliest(ms(120), None), None, "nothing to wait for");
    }
}
