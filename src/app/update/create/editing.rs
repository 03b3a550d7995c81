//! Editing the form: its keys (Tab, Enter, reveal, JSON mode, preview, submit, Esc), the
//! editing keys and pasted text of its rows, and what a changed text sets off (the
//! existing-credentials lookup).

use std::time::Duration;

use ratatui_textarea::{Input as KeyInput, Key as TextKey};

use super::super::tasks::{cancel, start};
use super::choices::open_choice;
use super::opening::close_form;
use super::submit::submit;
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::form::{Input, Lookup, Row, EXISTING, NAME};
use crate::app::keymap::Intent;
use crate::app::state::{App, Layer, Level};

/// How long typing in the existing-credentials name must rest before it is looked up.
const LOOKUP_DEBOUNCE: Duration = Duration::from_millis(300);

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
            _ => app.say(
                Level::Info,
                "Ctrl-T switches untyped fields between text and JSON",
            ),
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
    match &mut row.input {
        Input::Toggle(b) => {
            *b = !*b;
            f.dirty = true;
        }
        Input::Choice { .. } => open_choice(app, None),
        Input::Text { text, .. } if text.is_multiline() => {
            text.insert_newline();
            f.dirty = true;
        }
        Input::Text { .. } => f.move_focus(1),
    }
}

/// A key for the focused row: its text input's editing keys; ↑/↓ move between one-line rows,
/// Space toggles a boolean, typing on a choice opens its list filtered by what was typed.
pub(super) fn edit_form(app: &mut App, input: KeyInput, fx: &mut Vec<Effect>) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let Some(row) = f.rows.get_mut(f.focus) else {
        return;
    };
    let key = row.key.clone();
    let vertical = match input.key {
        TextKey::Down => Some(1),
        TextKey::Up => Some(-1),
        _ => None,
    };
    let changed = match &mut row.input {
        // ↑/↓ leave a one-line field for the one above or below
        Input::Text { text, .. } if !text.is_multiline() && vertical.is_some() => {
            f.move_focus(vertical.unwrap_or_default());
            return;
        }
        Input::Text { text, .. } => text.edit(input),
        Input::Toggle(b) => {
            if let Some(d) = vertical {
                f.move_focus(d);
                return;
            }
            if input.key == TextKey::Char(' ') {
                *b = !*b;
                true
            } else {
                false
            }
        }
        Input::Choice { .. } => {
            if let Some(d) = vertical {
                f.move_focus(d);
            } else if let TextKey::Char(c) = input.key {
                // typing on a choice opens its list, filtered by what was typed
                if c == ' ' {
                    open_choice(app, None);
                } else if !input.ctrl && !input.alt {
                    open_choice(app, Some(c.to_string()));
                }
            }
            return;
        }
    };
    if changed {
        text_changed(app, &key, fx);
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
        let name = f.existing_name();
        if name.is_empty() {
            f.lookup = Lookup::Idle;
            cancel(app, Slot::FormCredential, fx);
        } else {
            f.lookup = Lookup::Searching(name.clone());
            start(
                app,
                Slot::FormCredential,
                Fetch::CredentialByName(name.into()),
                Some(LOOKUP_DEBOUNCE),
                fx,
            );
        }
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
