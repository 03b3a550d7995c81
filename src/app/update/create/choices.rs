//! The form's choice lists and the source picker: one [`Picker`] each, moved, filtered and
//! picked from while it is the top layer.

use super::lookup::look_up_existing;
use super::opening::open_create;
use crate::api::models::Credential;
use crate::app::data::{Data, Remote};
use crate::app::edit::credential_choices;
use crate::app::effect::Effect;
use crate::app::effect::Slot;
use crate::app::form::{self, Input, Lookup, Options, Picker, CREDENTIALS, EXISTING};
use crate::app::keymap::Intent;
use crate::app::state::{App, Layer, Level};
use crate::app::text_input::TextInput;
use crate::app::update::tasks::cancel;

/// Rows a page key moves in a picker.
const PICKER_PAGE: isize = 10;

/// Opens the picker of the focused choice row, optionally with a first filter character.
pub(super) fn open_choice(app: &mut App, filter: Option<String>) {
    let Some(f) = app.layers.form() else {
        return;
    };
    let Some(row) = f.focused() else {
        return;
    };
    let Input::Choice {
        value,
        options: opts,
    } = &row.input
    else {
        return;
    };
    let items = opts.choices(&app.data, &f.source_id);
    if items.is_empty() {
        let what = match opts {
            Options::Spaces => "spaces are still loading",
            Options::Gateways => "no gateway is known for this source (yet)",
            Options::Fixed(_) => "nothing to choose",
            Options::Users => "no user is known yet",
            Options::Credentials { .. } => {
                "no separated credentials of this source are known (o on Credentials lists orphans)"
            }
        };
        app.say(Level::Warn, what);
        return;
    }
    let mut picker = Picker::new(row.label.clone(), items, value);
    if let Some(filter) = filter {
        picker.set_filter(filter);
    }
    let row = row.key.clone();
    app.layers.open_over_form(Layer::Picker { row, picker });
}

/// Enter on the create's "existing credentials" name: the list edit picks from (the source's
/// separated credentials qdc knows of: used by listed connections, found by name, orphans,
/// each saying which), on the name typed so far. A name not in it still works: typed in the
/// row, or typed as the list's filter and Enter on no match.
pub(super) fn open_credentials(app: &mut App) {
    let Some(f) = app.layers.form() else {
        return;
    };
    let provider = app
        .data
        .sources
        .items
        .iter()
        .find(|s| s.data_source_id == f.source_id)
        .map(|s| s.provider.clone())
        .unwrap_or_default();
    let items = credential_choices(&app.data, &f.source_id, &provider);
    let typed = f.existing_name();
    let current = items
        .iter()
        .find(|c| credential_name(&app.data, &c.value).as_deref() == Some(typed.as_str()))
        .map(|c| c.value.clone())
        .unwrap_or_default();
    let picker = Picker::new("Existing credentials", items, &current);
    app.layers.open_over_form(Layer::Picker {
        row: EXISTING.into(),
        picker,
    });
}

/// The name of a separated credential qdc knows by id (its detail, a look-up, an orphan).
fn credential_name(data: &Data, id: &str) -> Option<String> {
    if let Some(Remote::Loaded(c)) = data.credentials.get(id) {
        return Some(c.q_name.clone());
    }
    data.lookup
        .items
        .iter()
        .find(|c| c.q_id == id)
        .map(|c| c.q_name.clone())
        .or_else(|| {
            data.orphans
                .items
                .iter()
                .find(|o| o.q_id == id)
                .map(|o| o.q_name.clone())
        })
}

/// The full credential qdc holds for `id` (what a look-up by name would find), if any.
fn known_credential(data: &Data, id: &str) -> Option<Credential> {
    match data.credentials.get(id) {
        Some(Remote::Loaded(c)) => Some(c.clone()),
        _ => data.lookup.items.iter().find(|c| c.q_id == id).cloned(),
    }
}

/// The create's existing credentials chosen from the list (`Some(id)`) or named by the filter:
/// the name goes into the row; a credential known in full is found at once, else it is looked
/// up by name (a Ctrl-S meanwhile waits for the look-up).
fn choose_existing(app: &mut App, id: Option<String>, typed: String, fx: &mut Vec<Effect>) {
    let name = id
        .as_deref()
        .and_then(|id| credential_name(&app.data, id))
        .unwrap_or(typed);
    let known = id.as_deref().and_then(|id| known_credential(&app.data, id));
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if let Some(Input::Text { text, .. }) = f.row_mut(EXISTING).map(|r| &mut r.input) {
        **text = TextInput::new(name.trim());
    }
    // what `editing::text_changed` does for a typed name
    f.dirty = true;
    f.errors.remove(EXISTING);
    f.submit_after_lookup = false;
    look_up_existing(app, fx);
    if let Some(c) = known {
        cancel(app, Slot::FormCredential, fx);
        if let Some(f) = app.layers.form_mut() {
            f.lookup = Lookup::Found(Box::new(c));
        }
    }
}

/// The picker on top: the form's choice list or the source picker.
pub(super) fn top_picker(app: &mut App) -> Option<&mut Picker> {
    match app.layers.top_mut() {
        Some(Layer::Picker { picker, .. } | Layer::SourcePicker(picker)) => Some(picker),
        _ => None,
    }
}

pub(super) fn picker_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let in_form = matches!(app.layers.top(), Some(Layer::Picker { .. }));
    let Some(picker) = top_picker(app) else {
        return;
    };
    match intent {
        Intent::Down => picker.move_by(1),
        Intent::Up => picker.move_by(-1),
        Intent::PageDown => picker.move_by(PICKER_PAGE),
        Intent::PageUp => picker.move_by(-PICKER_PAGE),
        Intent::PromptBackspace => picker.backspace(),
        // as in a browser form: Tab leaves an open list with the field's value as it was and
        // moves on (the source picker has no fields to move to: Tab does nothing there)
        Intent::FormNext | Intent::FormPrev => {
            if in_form {
                app.layers.pop();
                if let Some(f) = app.layers.form_mut() {
                    f.cycle_focus(if intent == Intent::FormNext { 1 } else { -1 });
                }
            }
        }
        Intent::Pick => {
            let chosen = picker.chosen().map(|c| c.value.clone());
            let filter = picker.filter.clone();
            let existing = matches!(app.layers.top(), Some(Layer::Picker { row, .. }) if row == EXISTING)
                && app
                    .layers
                    .form()
                    .and_then(|f| f.row(EXISTING))
                    .is_some_and(|r| matches!(r.input, Input::Text { .. }));
            if existing {
                app.layers.pop();
                if chosen.is_some() || !filter.trim().is_empty() {
                    choose_existing(app, chosen, filter, fx);
                }
            } else if in_form {
                if let Some(value) = chosen {
                    pick(app, value);
                }
            } else if let Some(id) = chosen {
                app.layers.pop();
                open_create(app, &id, fx);
            }
        }
        _ => {
            app.layers.pop();
        }
    }
}

/// Sets the value picked for the row the picker belongs to.
pub(super) fn pick(app: &mut App, value: String) {
    let Some(Layer::Picker { row, .. }) = app.layers.pop() else {
        return;
    };
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if let Some(Input::Choice { value: v, .. }) = f.row_mut(&row).map(|r| &mut r.input) {
        if *v != value {
            *v = value;
            f.dirty = true;
        }
    }
    f.errors.remove(&row);
    if row == CREDENTIALS {
        // the separated-credentials rows appear or go: keep the focus on the mode row
        f.errors.remove(EXISTING);
        f.errors.remove(form::CREDENTIALS_NAME);
    }
}

/// Typed characters: the picker's filter.
pub(super) fn filter_picker(app: &mut App, text: &str) {
    if let Some(picker) = top_picker(app) {
        picker.type_text(text);
    }
}
