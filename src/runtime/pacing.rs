//! When the event loop draws: frames paced so that streaming pages do not redraw the screen
//! on every result, while a key is still answered in the next frame, and the end of a walk
//! (its final count) is shown at once rather than a frame later.

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
