//! Submitting once: validation beside the rows, the create (or the edit's plan and patch),
//! and a failed answer put beside the row it is about.

use super::super::tasks::{send_write, start};
use crate::api::Error;
use crate::app::effect::{Body, Effect, Fetch, Slot};
use crate::app::form::{FormState, Lookup, CREDENTIALS, NAME, SPACE};
use crate::app::keymap::{Context, Intent};
use crate::app::lost::answer_lost;
use crate::app::state::{App, Layer, Level, Remote};
use crate::app::write::{Waiter, Write};
use crate::schema::FieldError;

// submitting

/// "Connection name is required; Bucket name is required" and the errors beside their rows.
pub(in crate::app::update) fn show_errors(app: &mut App, errors: &[FieldError]) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.errors = errors
        .iter()
        .map(|e| (row_key_of(f, &e.field), e.message.clone()))
        .collect();
    if let Some(first) = errors.first() {
        let key = row_key_of(f, &first.field);
        f.focus_row(&key);
    }
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    app.say(Level::Error, format!("not sent: {}", all.join("; ")));
}

/// The row an error about `field` is shown beside.
pub(super) fn row_key_of(f: &FormState, field: &str) -> String {
    match field {
        "separateCredentials" | "credentialsName" | "selectedCredentials" => {
            if f.row(field).is_some() {
                field.to_string()
            } else {
                CREDENTIALS.to_string()
            }
        }
        other if f.row(other).is_some() => other.to_string(),
        _ => NAME.to_string(),
    }
}

/// Whether the form can be sent now; says why not (in flight, failed to load, loading).
pub(in crate::app::update) fn ready_to_submit(app: &mut App) -> bool {
    let Some(f) = app.layers.form() else {
        return false;
    };
    if f.submitting {
        app.say(Level::Warn, "already sent: waiting for the tenant's answer");
        return false;
    }
    if let Remote::Failed(e) = &f.spec {
        // nothing to send without the api-specs; opening the form again asks for them again
        let said = format!(
            "nothing sent: the form could not be loaded ({e}); {} closes it, opening it again \
             asks the tenant again",
            app.keymap.key_label(Context::Form, Intent::Back)
        );
        app.say(Level::Warn, said);
        return false;
    }
    if f.form().is_none() {
        app.say(Level::Warn, "the form is still loading");
        return false;
    }
    true
}

/// A create's submit; an edit's Ctrl-S is `update::edit`'s (never a create).
pub(super) fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.layers.form().is_none_or(|f| f.is_edit()) || !ready_to_submit(app) {
        return;
    }
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if let Lookup::Searching(name) = &f.lookup {
        // the admin typed the name and pressed Ctrl-S at once: ask now (no debounce) and send
        // when the credential is found, instead of refusing
        let name = name.clone();
        f.submit_after_lookup = true;
        start(
            app,
            Slot::FormCredential,
            Fetch::CredentialByName(name.as_str().into()),
            None,
            fx,
        );
        app.say(
            Level::Info,
            format!("looking up the credentials {name}: the request goes out once they are found"),
        );
        return;
    }
    f.errors.clear();
    let interactive = f.with_draft(|d| d.is_interactive()).unwrap_or(false);
    let write = if interactive {
        f.with_draft(|d| d.auth_url_body())
            .map(|r| r.map(|b| Write::CreateInteractive(Body(Box::new(b)))))
    } else {
        // after a lost answer `lost::on_form` takes Ctrl-S: the name is looked up first
        f.with_draft(|d| d.create_body())
            .map(|r| r.map(|b| Write::Create(Body(Box::new(b)))))
    };
    match write {
        Some(Ok(write)) => {
            if interactive {
                app.layers.open_over_form(Layer::OAuth(Box::default()));
            }
            send_create(app, write, fx);
        }
        Some(Err(errors)) => show_errors(app, &errors),
        None => {}
    }
}

/// Sends the open form's create (or its interactive OAuth create), once: the form waits for
/// its ticket's answer.
pub(in crate::app::update) fn send_create(app: &mut App, write: Write, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.submitting = true;
    let what = format!("create connection {}", f.value(NAME).trim());
    let ticket = send_write(app, what, Waiter::Form, write, fx);
    if let Some(f) = app.layers.form_mut() {
        f.sent = Some(ticket);
    }
}

/// The tenant's own words: the detail of its first error, else the one-line summary.
pub(super) fn tenant_message(e: &Error) -> String {
    e.first()
        .and_then(|i| i.detail.clone().or_else(|| i.title.clone()))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| e.summary())
}

/// The row a tenant error belongs beside: the name on a conflict or when it names the name,
/// the property it names, else the name (the head of the form).
pub(super) fn row_for_error(f: &FormState, e: &Error) -> String {
    if e.is_status(409) {
        return NAME.into();
    }
    let text = format!(
        "{} {}",
        tenant_message(e),
        e.first()
            .and_then(|i| i.meta.as_ref())
            .map(|m| m.to_string())
            .unwrap_or_default()
    );
    let visible: Vec<&str> = f
        .visible()
        .into_iter()
        .map(|i| f.rows[i].key.as_str())
        .filter(|k| *k != NAME && *k != SPACE)
        .collect();
    crate::schema::property_named_in(&text, visible)
        .unwrap_or(NAME)
        .to_string()
}

pub(in crate::app::update) fn fail_submit(app: &mut App, e: &Error) {
    // an interactive create's popup goes with its task
    let interactive = app.layers.close(|l| matches!(l, Layer::OAuth(_))).is_some();
    let submit = app.keymap.key_label(Context::Form, Intent::FormSubmit);
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.submitting = false;
    f.sent = None;
    if !interactive && !f.is_edit() && answer_lost(e) {
        // the plain words go beside the name and in the footer; the technical cause (reqwest's
        // text) only to :messages
        f.lost = crate::app::lost::LostCreate::after(e);
        let name = f.value(NAME).trim().to_string();
        let plain = format!(
            "the tenant may have created {name} {}; \
             {submit} looks it up first (more than once, over {} s) and creates it only if it \
             is not there and you say so",
            crate::app::lost::how_lost(e),
            crate::app::lost::secs(f.lost.window().unwrap_or_default())
        );
        f.errors.insert(NAME.into(), plain.clone());
        f.focus_row(NAME);
        app.say(Level::Error, e.summary());
        app.say(Level::Warn, plain);
        return;
    }
    let key = row_for_error(f, e);
    f.errors.insert(key.clone(), tenant_message(e));
    f.focus_row(&key);
    app.say(Level::Error, e.summary());
}
