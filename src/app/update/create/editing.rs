//! Editing the form: its keys (Tab, ↑/↓, Enter, reveal, JSON mode, preview, submit, Esc), the
//! typed characters, editing keys and pasted text of its rows, and what a changed text sets off (the
//! existing-credentials lookup).

use super::choices::open_choice;
use super::lookup::look_up_existing;
use super::opening::close_form;
use super::submit::submit;
use crate::app::effect::Effect;
use crate::app::form::{Input, Row, EXISTING, NAME};
use crate::app::keymap::{Context, Intent};
use crate::app::state::{App, Layer, Level};
use crate::app::text_input::TextEdit;

/// Pasted text for a one-line input: its line breaks dropped, trimmed.
pub(super) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], "").trim().to_string()
}

pub(super) fn form_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    match intent {
        Intent::FormNext => f.cycle_focus(1),
        Intent::FormPrev => f.cycle_focus(-1),
        Intent::Down => vertical(app, 1),
        Intent::Up => vertical(app, -1),
        Intent::FormReveal => {
            if let Some(Input::Text {
                secret: true,
                revealed,
                ..
            }) = f.focused_mut().map(|r| &mut r.input)
            {
                *revealed = !*revealed;
            }
        }
        Intent::FormJsonMode => match f.focused_mut() {
            Some(Row {
                json: Some(on),
                input: Input::Text { text, .. },
                ..
            }) => {
                *on = !*on;
                text.set_multiline(*on);
                f.dirty = true;
            }
            _ => {
                let key = app.keymap.key_label(Context::Form, Intent::FormJsonMode);
                app.say(
                    Level::Info,
                    format!("{key} switches untyped fields between text and JSON"),
                )
            }
        },
        Intent::FormEnter => enter(app),
        Intent::FormPreview => {
            if f.form().is_some() {
                app.layers.open_over_form(Layer::Preview { scroll: 0 });
            } else {
                app.say(Level::Warn, "the form is still loading");
            }
        }
        Intent::FormSubmit => submit(app, fx),
        Intent::Back => {
            if f.submitting {
                // the request is never called back (`app::write`): only the waiting stops
                let name = f.value(NAME).trim().to_string();
                let what = match f.is_edit() {
                    true => format!("the changes to {name} go on"),
                    false => format!("the create of {name} goes on"),
                };
                let said = format!("{what}: the outcome is reported when the tenant answers");
                close_form(app, fx);
                app.say(Level::Info, said);
            } else if f.dirty {
                app.layers.open_over_form(Layer::ConfirmDiscard);
            } else {
                close_form(app, fx);
            }
        }
        _ => {}
    }
}

/// Enter on the focused row: toggle, choose, newline in JSON, or go on to the next field.
pub(super) fn enter(app: &mut App) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let existing_name = row.key == EXISTING;
    match &mut row.input {
        Input::Toggle(b) => {
            *b = !*b;
            f.dirty = true;
        }
        Input::Choice { .. } => open_choice(app, None),
        // the create's existing credentials: a name, typed or picked from what qdc knows
        Input::Text { .. } if existing_name => super::choices::open_credentials(app),
        Input::Text { text, .. } if text.is_multiline() => {
            text.insert_newline();
            f.dirty = true;
        }
        Input::Text { .. } => f.move_focus(1),
    }
}

/// A typed character for the focused row: text into a text field; on a boolean Space
/// toggles; on a choice it opens the list, filtered by the character (Space: unfiltered).
pub(super) fn type_into_row(app: &mut App, c: char, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    match &mut row.input {
        Input::Text { text, .. } => text.insert_char(c),
        Input::Toggle(b) if c == ' ' => *b = !*b,
        Input::Toggle(_) => return,
        Input::Choice { .. } if c == ' ' => return open_choice(app, None),
        Input::Choice { .. } => return open_choice(app, Some(c.to_string())),
    }
    text_changed(app, &key, fx);
}

/// An editing key of the text-input scope for the focused row, when it is a text field.
pub(super) fn edit_row(app: &mut App, edit: TextEdit, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    if let Input::Text { text, .. } = &mut row.input {
        if text.apply(edit) {
            text_changed(app, &key, fx);
        }
    }
}

/// ↑/↓ in the form: a line up or down in a JSON field, else the field above or below.
fn vertical(app: &mut App, delta: isize) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    match f.focused_mut().map(|r| &mut r.input) {
        Some(Input::Text { text, .. }) if text.is_multiline() => {
            text.apply(match delta {
                d if d < 0 => TextEdit::LineUp,
                _ => TextEdit::LineDown,
            });
        }
        _ => f.move_focus(delta),
    }
}

/// After the text of `key` changed: the form is edited, its error is stale, and the
/// existing-credentials name is looked up again.
pub(super) fn text_changed(app: &mut App, key: &str, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.dirty = true;
    f.errors.remove(key);
    // a submit waiting for a lookup was for the text as it was
    f.submit_after_lookup = false;
    if key == EXISTING {
        look_up_existing(app, fx);
    }
}

/// Pasted text arrives whole into the focused text input: one line unless it is JSON.
pub(super) fn paste_into_row(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    if let Input::Text { text: input, .. } = &mut row.input {
        // a one-line field takes a pasted line trimmed, without its line break
        if input.is_multiline() {
            input.insert_str(text);
        } else {
            input.insert_str(&one_line(text));
        }
        text_changed(app, &key, fx);
    }
}
