//! Background work by slot: a new request on a slot replaces the previous one, and a result is
//! taken only with the slot's current ticket. Writes have no slot: each has its own ticket and
//! is never cancelled ([`send_write`]).

use std::time::Duration;

use crate::app::effect::{Effect, Fetch, Request, Slot, Ticket};
use crate::app::state::App;
use crate::app::write::{Waiter, Write, WriteTicket};

/// Sends `write` once, never to be cancelled; `what` names it for reports ("create connection
/// sales"). Its answers come back as `Action::Written` with the ticket (`update::writes`).
pub(super) fn send_write(
    app: &mut App,
    what: impl Into<String>,
    waiter: Waiter,
    write: Write,
    fx: &mut Vec<Effect>,
) -> WriteTicket {
    let ticket = app.writes.issue(what, waiter);
    fx.push(Effect::Write { ticket, write });
    ticket
}

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
