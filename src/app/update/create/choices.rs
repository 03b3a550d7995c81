//! The form's choice lists and the source picker: one [`Picker`] each, moved, filtered and
//! picked from while it is the top layer.

use super::opening::open_create;
use crate::app::effect::Effect;
use crate::app::form::{self, Input, Options, Picker, CREDENTIALS, EXISTING};
use crate::app::keymap::Intent;
use crate::app::state::{App, Layer, Level};

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
            if in_form {
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
