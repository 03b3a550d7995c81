//! The answers of writes (`app::write`; they are sent by `tasks::send_write`): one way for
//! every change of the tenant. An answer goes to whoever still waits for it (the form that sent it, the lists and
//! dialogs of `manage`); when nobody does (the form was closed, the session moved to another
//! tenant) the outcome is reported in the footer and the messages, and a connection created
//! here still joins the list.

use crate::api::models::Connection;
use crate::app::lost::answer_lost;
use crate::app::state::{App, Level};
use crate::app::write::{InFlight, Waiter, WriteTicket, Written};

use super::create;
use super::edit;
use super::manage;

pub(super) fn on_written(app: &mut App, ticket: WriteTicket, written: Written) {
    let Some(w) = app.writes.get(ticket).cloned() else {
        // ended already, or never sent from this session: nothing waits for it
        return;
    };
    if let Some(profile) = &w.elsewhere {
        return report(app, &format!("profile {profile}: "), &w, written);
    }
    let form_waits = app.layers.form().is_some_and(|f| f.sent == Some(ticket));
    match (w.waiter, written) {
        (_, Written::Mutated(outcome)) => manage::on_outcome(app, outcome),
        (Waiter::Form, Written::Edited(_, outcome)) if form_waits => edit::on_edited(app, *outcome),
        (Waiter::Form, written) if form_waits => create::on_written(app, written),
        (_, written) => {
            if let Written::Created(Ok(conn)) | Written::CreatedEarlier(conn) = &written {
                create::list_created(app, conn.clone());
            }
            if let Written::Edited(_, outcome) = &written {
                if let Ok(conn) = &outcome.connection {
                    edit::list_edited(app, conn);
                }
            }
            report(app, "", &w, written)
        }
    }
}

pub(super) fn on_ended(app: &mut App, ticket: WriteTicket) {
    app.writes.end(ticket);
    // a form still waiting for this ticket (its task stopped without a last word) waits no more
    if let Some(f) = app.layers.form_mut().filter(|f| f.sent == Some(ticket)) {
        f.sent = None;
        f.submitting = false;
    }
}

/// The outcome of a write nobody waits for any more, said once (`prefix`: where it went when
/// that is not the tenant on screen). A question for an OAuth code is dropped with its reply:
/// nothing was sent, and the write ends.
fn report(app: &mut App, prefix: &str, w: &InFlight, written: Written) {
    let (level, words) = match written {
        Written::AuthCodeWanted { .. } => return,
        Written::Created(Ok(c)) => (Level::Info, created(&c)),
        Written::CreatedEarlier(c) => (
            Level::Info,
            format!("{}: the earlier create had gone through", created(&c)),
        ),
        Written::Created(Err(e)) if answer_lost(&e) => (Level::Warn, lost(w, &e)),
        Written::Created(Err(e)) => (Level::Error, format!("{} failed: {}", w.what, e.summary())),
        Written::Edited(_, o) => match (&o.failure, &o.connection) {
            (None, Ok(c)) => (Level::Info, format!("updated connection {}", c.q_name)),
            (None, Err(_)) => (Level::Info, format!("{}: sent", w.what)),
            (Some(f), _) => (Level::Error, format!("{} failed: {}", w.what, f.summary())),
        },
        Written::Mutated(o) => match o.failure() {
            None => (Level::Info, format!("{}: done", w.what)),
            Some(why) => (Level::Error, format!("{} failed: {why}", w.what)),
        },
    };
    app.say(level, format!("{prefix}{words}"));
}

fn created(c: &Connection) -> String {
    format!("created connection {} ({})", c.q_name, c.id())
}

fn lost(w: &InFlight, e: &crate::api::Error) -> String {
    format!(
        "{}: no answer ({}): it may have landed; look at the list before sending it again",
        w.what,
        e.summary()
    )
}
