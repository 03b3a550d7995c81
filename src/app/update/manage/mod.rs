//! Managing what exists: marks, delete (single and batch) behind one confirmation, duplicate
//! and rename behind one name prompt; `answers` folds each mutation's answer back into the lists
//! in place (no reload). Destructive work is queued as data ([`Destructive`](crate::app::manage::Destructive)) and only turned
//! into a write ([`Effect::Write`], `app::write`) by an explicit `y`.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::keymap::Intent;
use crate::app::manage::{NameDialog, NameField, NamePurpose, Outcome};
use crate::app::picker::Picker;
use crate::app::state::{App, Layer, Level};
use crate::app::text_input::TextEdit;

mod answers;
mod batch;
mod delete;
mod names;

pub(super) use batch::on_batch;
use delete::{ask_delete, confirmed, toggle_mark};
use names::{ask_duplicate, ask_move, ask_rename, submit_name};

/// A mutation's answer, folded into the lists: a batch change's by `batch`, the rest by
/// `answers`.
pub(super) fn on_outcome(app: &mut App, outcome: Outcome) {
    match outcome {
        Outcome::ConnectionsUpdated { items, result } => {
            batch::connections_updated(app, items, result)
        }
        other => answers::on_outcome(app, other),
    }
}

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
        // a move has a space and maybe an owner; a duplicate a name and a space
        Intent::DialogSwitchField => {
            d.focus = match (d.focus, &d.purpose) {
                (NameField::Space, NamePurpose::Move(_)) if d.owner.is_some() => NameField::Owner,
                (NameField::Owner, _) => NameField::Space,
                (NameField::Space, NamePurpose::Move(_)) => NameField::Space,
                (NameField::Name, _) if d.space.is_some() => NameField::Space,
                (NameField::Space, _) => NameField::Name,
                (f, _) => f,
            };
        }
        // on a list only Backspace edits (its filter); the name takes every edit
        Intent::Input(edit) => match focused_picker(d) {
            Some(p) if edit == TextEdit::DeleteBack => p.backspace(),
            Some(_) => {}
            None => {
                d.name.apply(edit);
            }
        },
        Intent::Down => pick(d, 1),
        Intent::Up => pick(d, -1),
        _ => {}
    }
}

/// The picker the focus is on (space or owner); `None` on the name.
fn focused_picker(d: &mut NameDialog) -> Option<&mut Picker> {
    match d.focus {
        NameField::Name => None,
        NameField::Space => d.space.as_mut(),
        NameField::Owner => d.owner.as_mut(),
    }
}

/// Text for the open dialog: the name, or the focused list's filter.
fn type_text(app: &mut App, text: &str) {
    if let Some(d) = app.layers.name_dialog_mut() {
        match focused_picker(d) {
            Some(p) => p.type_text(text),
            None => {
                d.name.insert_str(text);
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

/// ↑/↓ choose in the focused list; on the name (one line, the arrows have nothing else to do
/// there, and the footer promises "↑/↓ space") in the space list.
fn pick(d: &mut NameDialog, delta: isize) {
    let p = match d.focus {
        NameField::Owner => d.owner.as_mut(),
        _ => d.space.as_mut(),
    };
    if let Some(p) = p {
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
