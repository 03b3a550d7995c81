//! How the connection form changes: opening it (create or edit), editing its rows, pickers,
//! validation, submitting once, the interactive OAuth handoff, and the results coming back.
//! `update` hands over every intent, key and result that belongs to the form's contexts or
//! slots; nothing here does I/O.

mod choices;
mod editing;
mod lookup;
mod oauth;
mod opening;
mod results;
mod submit;

use choices::{filter_picker, picker_intent};
use editing::{edit_row, form_intent, one_line, paste_into_row, type_into_row};
use oauth::oauth_intent;
pub(super) use oauth::on_report;
use opening::{close_form, open_create, open_edit, open_source_picker};
pub(super) use results::{after, list_created, on_loaded, on_written, show_connection};
pub(super) use submit::{fail_submit, ready_to_submit, send_create, show_errors};

use crate::app::action::Action;
use crate::app::effect::{Effect, Slot};
use crate::app::form::{Input, EXISTING, GATEWAY, SPACE};
use crate::app::keymap::{Context, Intent};
use crate::app::state::{App, Layer, Level, Pane};

/// The slots whose results are the form's.
pub(super) fn owns(slot: Slot) -> bool {
    matches!(slot, Slot::Form | Slot::FormCredential | Slot::Submit)
}

/// The list slots the form and the source picker need (spaces, gateways, sources).
pub(super) fn needed(app: &App) -> Vec<Slot> {
    let mut v = Vec::new();
    if app.layers.any(|l| matches!(l, Layer::SourcePicker(_))) {
        v.push(Slot::Sources);
    }
    if let Some(f) = app.layers.form() {
        if f.row(SPACE).is_some() {
            v.push(Slot::Spaces);
        }
        if f.row(EXISTING).is_some_and(|r| {
            matches!(r.input, Input::Choice { .. })
                || f.credentials_mode_value() == crate::app::form::SEPARATE_EXISTING
        }) {
            v.push(Slot::Orphans);
        }
        if f.row(GATEWAY).is_some() {
            v.extend([Slot::Sources, Slot::Gateways]);
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------
// the ways in, from the lists

/// `c` and `e` on a list: the form (or, on Connections, the source picker first).
pub(super) fn list_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    match (app.context(), intent) {
        (Context::List(Pane::Sources), Intent::Create) => {
            match app.current().selected_row().map(|r| r.id.clone()) {
                Some(id) => open_create(app, &id, fx),
                None => app.say(Level::Warn, "no data source selected"),
            }
        }
        (Context::List(Pane::Connections), Intent::Create) => open_source_picker(app),
        (Context::List(Pane::Connections), Intent::Edit) => {
            match app.current().selected_row().map(|r| r.id.clone()) {
                Some(id) => open_edit(app, &id, fx),
                None => app.say(Level::Warn, "no connection selected"),
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// the layers of the form: each takes what the admin does while it is on top

/// [`Layer::Form`]: the form's keys, its editing keys and pasted text.
pub(super) fn on_form(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::Input(edit)) => edit_row(app, edit, fx),
        Action::Intent(i) => form_intent(app, i, fx),
        Action::Type(c) => type_into_row(app, c, fx),
        Action::Paste(text) => paste_into_row(app, &text, fx),
        _ => {}
    }
}

/// [`Layer::Picker`] and [`Layer::SourcePicker`]: moving, filtering, picking.
pub(super) fn on_picker(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(i) => picker_intent(app, i, fx),
        Action::Type(c) => filter_picker(app, &c.to_string()),
        Action::Paste(text) => filter_picker(app, &one_line(&text)),
        _ => {}
    }
}

/// [`Layer::Preview`]: scrolling, copying the curl command; any other key goes back to the
/// form.
pub(super) fn on_preview(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    if i == Intent::CopyId {
        return copy_curl(app, fx);
    }
    // a scroll stops where the last page fills the popup
    let last = app.frame.preview_last_page();
    if let Some(Layer::Preview { scroll }) = app.layers.top_mut() {
        match i {
            Intent::Down => *scroll = (*scroll + 1).min(last),
            Intent::Up => *scroll = scroll.saturating_sub(1),
            Intent::PageDown => *scroll = (*scroll + 10).min(last),
            Intent::PageUp => *scroll = scroll.saturating_sub(10),
            _ => app.layers.close_form_popup(),
        }
    }
}

/// `y` in the request preview: the curl command as the preview shows it, secrets masked and
/// the key left to `$QLIK_API_KEY`, so what reaches the clipboard holds no secret either.
fn copy_curl(app: &mut App, fx: &mut Vec<Effect>) {
    let base = crate::app::preview::base_url(&app.tenant.host);
    match app.layers.form().and_then(|f| f.preview_curl(&base)) {
        Some(text) => {
            let what = "the curl command".to_string();
            app.say(Level::Info, crate::app::feedback::copy_sent(&what));
            fx.push(Effect::Copy { text, what });
        }
        None => app.say(
            Level::Warn,
            "nothing to copy: the request cannot be built yet",
        ),
    }
}

/// [`Layer::ConfirmDiscard`]: only its yes goes ahead.
pub(super) fn on_confirm(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    match (app.context(), i) {
        (Context::ConfirmDiscard, Intent::Discard) => close_form(app, fx),
        _ => app.layers.close_form_popup(),
    }
}

/// [`Layer::OAuth`]: the URL's keys, the code's editing keys and a pasted code.
pub(super) fn on_oauth(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::Input(edit)) => {
            if let Some(p) = app.layers.oauth_mut() {
                p.code.apply(edit);
            }
        }
        Action::Intent(i) => oauth_intent(app, i, fx),
        Action::Type(c) => {
            if let Some(p) = app.layers.oauth_mut() {
                p.code.insert_char(c);
            }
        }
        Action::Paste(text) => {
            if let Some(p) = app.layers.oauth_mut() {
                p.code.insert_str(&one_line(&text));
                p.error = None;
            }
        }
        _ => {}
    }
}

/// [`Layer::Created`]: copy the id, or close.
pub(super) fn on_created(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(i) = action else { return };
    let Some(Layer::Created { connection, .. }) = app.layers.top() else {
        return;
    };
    if i == Intent::CopyId {
        let id = connection.id().to_string();
        app.say(
            Level::Info,
            crate::app::feedback::copy_sent(&format!("connection id {id}")),
        );
        fx.push(Effect::Copy {
            text: id,
            what: "connection id".into(),
        });
    } else {
        app.layers.pop();
    }
}

#[cfg(test)]
pub(super) mod tests;
