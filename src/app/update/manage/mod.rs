//! Managing what exists: marks, delete (single and batch) behind one confirmation, duplicate
//! and rename behind one name prompt; `answers` folds each mutation's answer back into the lists
//! in place (no reload). Destructive work is queued as data ([`Destructive`](crate::app::manage::Destructive)) and only turned
//! into a write ([`Effect::Write`], `app::write`) by an explicit `y`.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::keymap::Intent;
use crate::app::manage::{NameDialog, NameField};
use crate::app::state::{App, Layer, Level};
use crate::app::text_input::TextEdit;

mod answers;
mod delete;
mod names;

pub(super) use answers::on_outcome;
use delete::{ask_delete, confirmed, toggle_mark};
use names::{ask_duplicate, ask_move, ask_rename, submit_name};

/// The keys of managing on a list: marks, and the ways into its dialogs.
pub(super) fn list_intent(app: &mut App, intent: Intent) {
    match intent {
        Intent::ToggleMark => toggle_mark(app),
        Intent::Delete => ask_delete(app),
        Intent::Duplicate => ask_duplicate(app),
        Intent::Move => ask_move(app),
        Intent::Rename => ask_rename(app),
        _ => {}
    }
}

/// [`Layer::Confirm`] on top: only a yes goes ahead; the arrows scroll what is concerned.
pub(super) fn on_confirm(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Action::Intent(intent) = action else {
        return;
    };
    match intent {
        Intent::ConfirmYes => confirmed(app, fx),
        Intent::ConfirmNo => {
            app.layers.close_dialog();
            app.say(Level::Info, "kept: nothing was deleted");
        }
        Intent::Down => scroll_confirm(app, 1),
        Intent::Up => scroll_confirm(app, -1),
        Intent::PageDown => scroll_confirm(app, 10),
        Intent::PageUp => scroll_confirm(app, -10),
        _ => {}
    }
}

/// [`Layer::Name`] on top: its keys, typed and pasted text, editing keys of the name.
pub(super) fn on_name_dialog(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::DialogSubmit) => submit_name(app, fx),
        Action::Intent(Intent::DialogCancel) => {
            app.layers.close_dialog();
        }
        Action::Intent(intent) => {
            if let Some(d) = app.layers.name_dialog_mut() {
                name_dialog_intent(d, intent);
            }
        }
        Action::Type(c) => type_text(app, &c.to_string()),
        Action::Paste(text) => type_text(app, &text.replace(['\n', '\r'], " ")),
        _ => {}
    }
}

fn name_dialog_intent(d: &mut NameDialog, intent: Intent) {
    match intent {
        // a dialog with a space list has two fields
        Intent::DialogSwitchField if d.space.is_some() => {
            d.focus = match d.focus {
                NameField::Name => NameField::Space,
                NameField::Space => NameField::Name,
            };
        }
        // on the space list only Backspace edits (its filter); the name takes every edit
        Intent::Input(edit) => match (d.focus, &mut d.space) {
            (NameField::Space, Some(p)) if edit == TextEdit::DeleteBack => p.backspace(),
            (NameField::Space, _) => {}
            (NameField::Name, _) => {
                d.name.apply(edit);
            }
        },
        Intent::Down => pick_space(d, 1),
        Intent::Up => pick_space(d, -1),
        _ => {}
    }
}

/// Text for the open dialog: the name, or the space list's filter.
fn type_text(app: &mut App, text: &str) {
    if let Some(d) = app.layers.name_dialog_mut() {
        match d.focus {
            NameField::Name => {
                d.name.insert_str(text);
            }
            // on the space picker typing filters the spaces
            NameField::Space => {
                if let Some(p) = &mut d.space {
                    p.type_text(text);
                }
            }
        }
    }
}

/// Esc on a list without a filter: unmark everything.
pub(super) fn clear_marks(app: &mut App) {
    let list = app.list_mut(app.pane);
    let n = list.marked.len();
    if n > 0 {
        list.marked.clear();
        app.say(Level::Info, format!("{n} unmarked"));
    }
}

/// ↑/↓ choose the space from either field: the name is one line, so the arrows have nothing
/// else to do there, and the footer promises "↑/↓ space".
fn pick_space(d: &mut NameDialog, delta: isize) {
    if let Some(p) = &mut d.space {
        p.move_by(delta);
    }
}

fn scroll_confirm(app: &mut App, delta: isize) {
    // a scroll stops where the last names fill the dialog, as the last frame laid it out
    let shown_last = app.frame.confirm_last_page;
    if let Some(Layer::Confirm(c)) = app.layers.top_mut() {
        let max = shown_last.unwrap_or(c.items.len().saturating_sub(1)) as isize;
        c.scroll = (c.scroll as isize + delta).clamp(0, max) as usize;
    }
}
