//! A create whose answer was lost ([`LostCreate`]): Ctrl-S looks the name up [`LOOKS`] times
//! over a window as long as the lost request was out (the tenant may still be at work on it),
//! a found name is the result, and only when every look says absent is the create offered
//! again, behind a confirm that says the risk. Esc stops the looking; the form is kept in every
//! path, and nothing is ever sent without a yes.

use crate::api::models::Connection;
use crate::api::Error;
use crate::app::action::Action;
use crate::app::effect::{Body, Effect, Fetch, Slot};
use crate::app::form::NAME;
use crate::app::keymap::{Context, Intent};
use crate::app::lost::{checking, secs, wait_before, LostCreate, LOOKS};
use crate::app::state::{App, Layer, Level};
use crate::app::write::Write;

use super::tasks::{cancel, start};

/// Ctrl-S and Esc in the form while its create's answer is lost: `true` when taken here.
pub(super) fn on_form(app: &mut App, action: &Action, fx: &mut Vec<Effect>) -> bool {
    let Some(f) = app.layers.form() else {
        return false;
    };
    let Action::Intent(intent) = action else {
        return false;
    };
    match (f.lost, intent) {
        (LostCreate::Unsure { window }, Intent::FormSubmit) if !f.submitting => {
            look(app, 1, window, fx);
            true
        }
        (LostCreate::Looking { look, .. }, Intent::FormSubmit) => {
            let name = f.value(NAME).trim().to_string();
            let key = app.keymap.key_label(Context::Form, Intent::Back);
            app.say(
                Level::Info,
                format!("still {}; {key} stops", checking(&name, look)),
            );
            true
        }
        (LostCreate::Looking { window, .. }, Intent::Back) => {
            cancel(app, Slot::Submit, fx);
            if let Some(f) = app.layers.form_mut() {
                f.lost = LostCreate::Unsure { window };
            }
            let key = app.keymap.key_label(Context::Form, Intent::FormSubmit);
            app.say(
                Level::Info,
                format!("stopped checking: nothing was sent; {key} checks again"),
            );
            true
        }
        _ => false,
    }
}

/// Look `n` of [`LOOKS`] for the form's name in its space, after its wait.
fn look(app: &mut App, n: u32, window: std::time::Duration, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(Ok(body)) = f.with_draft(|d| d.create_body()) else {
        // the form cannot build its request now (an edit made it invalid): Ctrl-S says why
        f.lost = LostCreate::Unsure { window };
        return;
    };
    f.lost = LostCreate::Looking { look: n, window };
    let fetch = Fetch::FindConnection {
        name: body.q_name.clone(),
        space: body.space.clone(),
    };
    let wait = wait_before(n, window);
    start(
        app,
        Slot::Submit,
        fetch,
        Some(wait).filter(|w| !w.is_zero()),
        fx,
    );
    app.say(Level::Info, format!("{}…", checking(&body.q_name, n)));
}

/// The answer of one look.
pub(super) fn on_found(
    app: &mut App,
    name: &str,
    r: Result<Option<Connection>, Error>,
    fx: &mut Vec<Effect>,
) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let LostCreate::Looking { look: n, window } = f.lost else {
        return;
    };
    match r {
        Ok(Some(conn)) => {
            f.lost = LostCreate::No;
            app.create.last_auth_url = None;
            app.say(
                Level::Info,
                format!(
                    "found {} ({}) at look {n} of {LOOKS}: the earlier create had gone through; \
                     nothing was sent again",
                    conn.q_name,
                    conn.id()
                ),
            );
            super::create::show_connection(app, conn, true);
        }
        Ok(None) if n < LOOKS => look(app, n + 1, window, fx),
        Ok(None) => {
            f.lost = LostCreate::Absent { window };
            app.layers.open_over_form(Layer::ConfirmResend {
                name: name.to_string(),
                window,
            });
            app.say(
                Level::Warn,
                format!(
                    "{name} was not found in {LOOKS} looks over {} s: the first request may \
                     still be running on the tenant",
                    secs(window)
                ),
            );
        }
        Err(e) => {
            // a look that fails tells nothing: back to unsure, nothing sent
            f.lost = LostCreate::Unsure { window };
            let key = app.keymap.key_label(Context::Form, Intent::FormSubmit);
            app.say(Level::Error, e.summary());
            app.say(
                Level::Warn,
                format!(
                    "could not check whether {name} was created ({}): nothing was sent; {key} \
                     checks again",
                    e.summary()
                ),
            );
        }
    }
}

/// [`Layer::ConfirmResend`]: only its yes sends the create again, once.
pub(super) fn on_confirm_resend(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(intent) = action else {
        return;
    };
    app.layers.close_form_popup();
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let window = f.lost.window().unwrap_or_default();
    if intent != Intent::SendAgain {
        f.lost = LostCreate::Unsure { window };
        let key = app.keymap.key_label(Context::Form, Intent::FormSubmit);
        app.say(
            Level::Info,
            format!("nothing was sent; {key} checks again before anything is sent"),
        );
        return;
    }
    match f.with_draft(|d| d.create_body()) {
        Some(Ok(body)) => {
            // sent once more, as a first create: should its answer be lost too, the looking
            // starts over
            f.lost = LostCreate::No;
            super::create::send_create(app, Write::Create(Body(Box::new(body))), fx);
        }
        _ => {
            f.lost = LostCreate::Unsure { window };
            app.say(
                Level::Warn,
                "nothing was sent: the form cannot build its request",
            );
        }
    }
}

#[cfg(test)]
#[path = "lost_tests.rs"]
mod tests;
