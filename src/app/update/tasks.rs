//! Background work by slot: a new request on a slot replaces the previous one, and a result is
//! taken only with the slot's current ticket.

use std::time::Duration;

use crate::app::effect::{Effect, Fetch, Request, Slot, Ticket};
use crate::app::state::App;

pub(super) fn start(
    app: &mut App,
    slot: Slot,
    fetch: Fetch,
    delay: Option<Duration>,
    fx: &mut Vec<Effect>,
) {
    let generation = app.next_generation;
    app.next_generation += 1;
    app.inflight.insert(slot, generation);
    fx.push(Effect::Fetch(Request {
        ticket: Ticket { slot, generation },
        fetch,
        delay,
    }));
}

pub(super) fn cancel(app: &mut App, slot: Slot, fx: &mut Vec<Effect>) {
    if app.inflight.remove(&slot).is_some() {
        fx.push(Effect::Cancel(slot));
    }
}
