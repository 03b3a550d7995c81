//! Managing what exists: marks, delete (single and batch) behind one confirmation, duplicate
//! and rename behind one name prompt; `answers` folds each mutation's answer back into the lists
//! in place (no reload). Destructive work is queued as data ([`Destructive`]) and only turned
//! into an [`Effect::Mutate`] by an explicit `y`.

use std::collections::HashMap;

use crate::app::listed::ListedConnection;
use crate::app::manage::{
    Confirm, Destructive, Mutation, NameDialog, NameField, NamePurpose, Note, Target,
};

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::feedback::count;
use crate::app::keymap::Intent;
use crate::app::picker::{Choice, Picker};
use crate::app::rows;
use crate::app::selection::item_name;
use crate::app::state::{App, CredentialsView, Layer, Level, Pane, Remote};
use crate::app::text_input::TextInput;

mod answers;
pub(super) use answers::on_outcome;

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
        Action::Edit(input) => {
            if let Some(d) = app.layers.name_dialog_mut() {
                if d.focus == NameField::Name {
                    d.name.edit(input);
                }
            }
        }
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
        Intent::DialogBackspace => match (d.focus, &mut d.space) {
            (NameField::Space, Some(p)) => p.backspace(),
            _ => {
                d.name.backspace();
            }
        },
        Intent::DialogClear if d.focus == NameField::Name => {
            d.name.delete_to_start();
        }
        Intent::DialogDeleteWord if d.focus == NameField::Name => {
            d.name.delete_word_back();
        }
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

// ---------------------------------------------------------------------------------------------
// marks

fn selected_connection(app: &App) -> Option<&ListedConnection> {
    let row = app.list(Pane::Connections).selected_row()?;
    app.data.connections.items.get(row.item)
}

fn toggle_mark(app: &mut App) {
    if !app.markable() {
        app.say(
            Level::Info,
            "marks are for orphans here: press o for the orphans view",
        );
        return;
    }
    if app.pane == Pane::Connections && selected_connection(app).is_some_and(|c| c.is_datafiles()) {
        app.say(Level::Warn, DATAFILES_NOTE);
        return;
    }
    let h = app.list_height();
    let list = app.list_mut(app.pane);
    let Some(id) = list.selected_row().map(|r| r.id.clone()) else {
        return;
    };
    if !list.marked.remove(&id) {
        list.marked.insert(id);
    }
    // like a file manager: marking moves on, so a run of rows is marked by holding space
    if list.selected + 1 < list.view.len() {
        list.selected += 1;
        rows::follow_selection(list, h);
    }
}

// short enough for the footer of an 80-column terminal
/// "1 connection", "3 connections".
const DATAFILES_NOTE: &str = "DataFiles connections belong to their space: cannot be deleted";

// ---------------------------------------------------------------------------------------------
// delete

/// The marked rows of the current pane as targets, in list order.
fn marked_targets(app: &App) -> Vec<Target> {
    let list = app.current();
    list.rows
        .iter()
        .filter(|r| list.marked.contains(&r.id))
        .map(|r| Target {
            id: r.id.clone(),
            name: item_name(app, app.pane, r.item).unwrap_or_default(),
        })
        .collect()
}

fn busy_with<'a>(app: &App, targets: impl IntoIterator<Item = &'a Target>) -> Option<String> {
    targets
        .into_iter()
        .find(|t| app.manage.busy.contains(&t.id))
        .map(|t| t.name.clone())
}

fn ask_delete(app: &mut App) {
    let confirm = match app.pane {
        Pane::Connections => confirm_connections(app),
        Pane::Credentials => confirm_credentials(app),
        _ => return,
    };
    let Some(confirm) = confirm else { return };
    if let Some(name) = busy_with(app, confirm.action.targets()) {
        app.say(
            Level::Warn,
            format!("already working on {name}: wait for the tenant's answer"),
        );
        return;
    }
    app.layers.push(Layer::Confirm(confirm));
}

fn confirm_connections(app: &mut App) -> Option<Confirm> {
    let marked = marked_targets(app);
    if !marked.is_empty() {
        let by_id: HashMap<&str, &ListedConnection> = app
            .data
            .connections
            .items
            .iter()
            .map(|c| (c.id(), c))
            .collect();
        let (mut separated, mut forbidden) = (0, 0);
        let items = marked
            .iter()
            .map(|t| {
                let c = by_id.get(t.id.as_str());
                if c.is_some_and(|c| c.q_separate_credentials == Some(true)) {
                    separated += 1;
                }
                if c.is_some_and(|c| !may_delete(c)) {
                    forbidden += 1;
                }
                let space = app.space_name(c.and_then(|c| c.space_id()));
                format!("{}  ({space})", t.name)
            })
            .collect();
        let mut notes = Vec::new();
        if separated > 0 {
            notes.push(Note {
                warning: false,
                text: format!(
                    "{separated} of them use separated credentials: those stay and can be \
                     cleaned up in Credentials → orphans (4, then o)."
                ),
            });
        }
        if forbidden > 0 {
            notes.push(Note {
                warning: true,
                text: format!(
                    "{} not grant you the delete privilege: expect the tenant to refuse.",
                    if forbidden == 1 {
                        "1 of them does".to_string()
                    } else {
                        format!("{forbidden} of them do")
                    }
                ),
            });
        }
        notes.push(Note {
            warning: false,
            text: "One request deletes them all; each reports its own result.".into(),
        });
        return Some(Confirm {
            title: " Delete connections ".into(),
            question: format!("Delete {}?", count(marked.len(), "connection")),
            items,
            notes,
            scroll: 0,
            action: Destructive::DeleteConnections(marked),
        });
    }
    let Some(c) = selected_connection(app) else {
        app.say(Level::Warn, "nothing selected to delete");
        return None;
    };
    if c.is_datafiles() {
        app.say(Level::Warn, DATAFILES_NOTE);
        return None;
    }
    let mut notes = Vec::new();
    if c.q_separate_credentials == Some(true) {
        notes.push(Note {
            warning: false,
            text: "It uses separated credentials: they stay after the connection is gone and \
                   can be cleaned up in Credentials → orphans (4, then o)."
                .into(),
        });
    }
    if !may_delete(c) {
        notes.push(Note {
            warning: true,
            text: "Its privileges do not include delete for you: expect the tenant to refuse."
                .into(),
        });
    }
    Some(Confirm {
        title: " Delete connection ".into(),
        question: format!(
            "Delete connection \"{}\" in space {}?",
            c.q_name,
            app.space_name(c.space_id())
        ),
        items: Vec::new(),
        notes,
        scroll: 0,
        action: Destructive::DeleteConnection(Target {
            id: c.id().to_string(),
            name: c.q_name.clone(),
        }),
    })
}

/// Whether the tenant's `privileges` (when it sent them) allow the caller to delete `c`.
fn may_delete(c: &ListedConnection) -> bool {
    c.privileges
        .as_ref()
        .is_none_or(|p| p.iter().any(|p| p == "delete"))
}

/// The connections (listed here) that use credential `id`.
fn users_of(app: &App, id: &str) -> Vec<String> {
    app.data
        .connections
        .items
        .iter()
        .filter(|c| c.q_credentials_id.as_deref() == Some(id))
        .map(|c| match space_label(app, c) {
            Some(space) => format!("{}  ({space})", c.q_name),
            None => c.q_name.clone(),
        })
        .collect()
}

/// The space of a connection by name, when the spaces are known (an id says nothing here).
fn space_label(app: &App, c: &ListedConnection) -> Option<String> {
    let known = app.data.spaces.status == crate::app::state::Status::Loaded;
    (known || c.space_id().is_none()).then(|| app.space_name(c.space_id()))
}

/// How many connections use credential `id`: the tenant's `qConnCount` when known, else the
/// listed connections that point at it.
fn connection_count(app: &App, id: &str, row_item: usize) -> usize {
    let d = &app.data;
    let counted = match &app.credentials_view {
        CredentialsView::Referenced => d.referenced.get(row_item).map_or(0, |r| r.connections),
        CredentialsView::ByName(_) => d
            .lookup
            .items
            .get(row_item)
            .map_or(0, |c| c.q_conn_count.max(0) as usize),
        CredentialsView::Orphans => 0,
    };
    let tenant = match d.credentials.get(id) {
        Some(Remote::Loaded(c)) => c.q_conn_count.max(0) as usize,
        _ => 0,
    };
    counted.max(tenant)
}

fn confirm_credentials(app: &mut App) -> Option<Confirm> {
    let marked = if app.credentials_view == CredentialsView::Orphans {
        marked_targets(app)
    } else {
        Vec::new()
    };
    if !marked.is_empty() {
        return Some(Confirm {
            title: " Delete credentials ".into(),
            question: format!("Delete {}?", count(marked.len(), "orphan credential")),
            items: marked.iter().map(|t| t.name.clone()).collect(),
            notes: vec![Note {
                warning: false,
                text: "No connection uses them. One request per credential; each reports its \
                       own result."
                    .into(),
            }],
            scroll: 0,
            action: Destructive::DeleteCredentials(marked),
        });
    }
    let Some(row) = app.current().selected_row().cloned() else {
        app.say(Level::Warn, "nothing selected to delete");
        return None;
    };
    let name = item_name(app, app.pane, row.item).unwrap_or_default();
    let label = if name.is_empty() {
        row.id.clone()
    } else {
        name.clone()
    };
    let count = connection_count(app, &row.id, row.item);
    let items = users_of(app, &row.id);
    let notes = if count > 0 || !items.is_empty() {
        let n = count.max(items.len());
        vec![Note {
            warning: true,
            text: if n == 1 {
                "1 connection uses it: without it, that connection cannot load data until it \
                 is given new credentials."
                    .to_string()
            } else {
                format!(
                    "{n} connections use it: without it, they cannot load data until they are \
                     given new credentials."
                )
            },
        }]
    } else {
        vec![Note {
            warning: false,
            text: "No connection uses it.".into(),
        }]
    };
    Some(Confirm {
        title: " Delete credential ".into(),
        question: format!("Delete credential \"{label}\"?"),
        items,
        notes,
        scroll: 0,
        action: Destructive::DeleteCredentials(vec![Target {
            id: row.id.clone(),
            name: label,
        }]),
    })
}

/// `y`: the queued action becomes a request, once.
fn confirmed(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(Layer::Confirm(confirm)) = app.layers.close(|l| matches!(l, Layer::Confirm(_))) else {
        return;
    };
    if let Some(name) = busy_with(app, confirm.action.targets()) {
        app.say(Level::Warn, format!("already working on {name}"));
        return;
    }
    let ids: Vec<String> = confirm
        .action
        .targets()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let (mutation, what) = match &confirm.action {
        Destructive::DeleteConnection(t) => (
            Mutation::DeleteConnection { id: t.id.clone() },
            format!("connection {}", t.name),
        ),
        Destructive::DeleteConnections(ts) => (
            Mutation::DeleteConnections { ids: ids.clone() },
            count(ts.len(), "connection"),
        ),
        Destructive::DeleteCredentials(ts) => (
            Mutation::DeleteCredentials { ids: ids.clone() },
            match ts.as_slice() {
                [one] => format!("credential {}", one.name),
                many => format!("{} credentials", many.len()),
            },
        ),
    };
    app.manage.busy.extend(ids);
    app.manage.pending += 1;
    app.say(Level::Info, format!("deleting {what}…"));
    fx.push(Effect::Mutate(mutation));
}

// ---------------------------------------------------------------------------------------------
// duplicate and rename

fn ask_duplicate(app: &mut App) {
    let Some(c) = selected_connection(app) else {
        app.say(Level::Warn, "nothing selected to duplicate");
        return;
    };
    if c.is_datafiles() {
        app.say(
            Level::Warn,
            "DataFiles connections belong to their space: cannot be duplicated",
        );
        return;
    }
    let source_space = c.space_id().map(str::to_string);
    let picker = space_picker(app, source_space.as_deref());
    let source = Target {
        id: c.id().to_string(),
        name: c.q_name.clone(),
    };
    app.layers.push(Layer::Name(NameDialog {
        title: " Duplicate connection ".into(),
        name: TextInput::new(&format!("{} (copy)", source.name)),
        purpose: NamePurpose::Duplicate(source),
        space: Some(picker),
        focus: NameField::Name,
        error: None,
        sending: false,
        maybe_done: false,
    }));
}

/// The spaces a connection can go to: the personal space first, by its name, then the
/// tenant's; it starts on `own` (the connection's space; `None` is the personal one).
fn space_picker(app: &App, own: Option<&str>) -> Picker {
    let mut choices = vec![Choice::new(crate::app::manage::PERSONAL, "")];
    choices.extend(
        app.data
            .spaces
            .items
            .iter()
            .map(|s| Choice::new(s.name.clone(), s.id.clone())),
    );
    if let Some(id) = own {
        if !choices.iter().any(|s| s.value == id) {
            choices.push(Choice::new(app.space_name(Some(id)), id));
        }
    }
    Picker::new(" Space ", choices, own.unwrap_or_default())
}

/// The space a picked choice stands for: `None` is the personal space.
fn space_of(choice: &Choice) -> Option<String> {
    Some(choice.value.clone()).filter(|id| !id.is_empty())
}

/// `m`: the marked connections (else the selected one) and a space to move them to.
fn ask_move(app: &mut App) {
    let mut targets = marked_targets(app);
    if targets.is_empty() {
        if let Some(c) = selected_connection(app) {
            targets.push(Target {
                id: c.id().to_string(),
                name: c.q_name.clone(),
            });
        }
    }
    let by_id: HashMap<&str, &ListedConnection> = app
        .data
        .connections
        .items
        .iter()
        .map(|c| (c.id(), c))
        .collect();
    targets.retain(|t| by_id.get(t.id.as_str()).is_some_and(|c| !c.is_datafiles()));
    let Some(first) = targets.first() else {
        return app.say(
            Level::Warn,
            "nothing to move (DataFiles belong to their space)",
        );
    };
    if let Some(name) = busy_with(app, &targets) {
        return app.say(
            Level::Warn,
            format!("already working on {name}: wait for the tenant's answer"),
        );
    }
    let own = by_id
        .get(first.id.as_str())
        .and_then(|c| c.space_id().map(str::to_string));
    let picker = space_picker(app, own.as_deref());
    let title = match targets.len() {
        1 => format!(" Move {} ", first.name),
        n => format!(" Move {n} connections "),
    };
    app.layers.push(Layer::Name(NameDialog {
        title,
        name: TextInput::new(""),
        purpose: NamePurpose::Move(targets),
        space: Some(picker),
        focus: NameField::Space,
        error: None,
        sending: false,
        maybe_done: false,
    }));
}

fn ask_rename(app: &mut App) {
    if app.pane != Pane::Credentials {
        return;
    }
    let Some(row) = app.current().selected_row().cloned() else {
        app.say(Level::Warn, "nothing selected to rename");
        return;
    };
    if app.manage.busy.contains(&row.id) {
        app.say(
            Level::Warn,
            "already working on this credential: wait for the tenant's answer",
        );
        return;
    }
    // the referenced view knows a name only once the credential's detail came in
    let name = row
        .cells
        .first()
        .filter(|n| !n.is_empty())
        .cloned()
        .or_else(|| match app.data.credentials.get(&row.id) {
            Some(Remote::Loaded(c)) => Some(c.q_name.clone()),
            _ => None,
        });
    let was = name.clone().unwrap_or_else(|| row.id.clone());
    app.layers.push(Layer::Name(NameDialog {
        title: " Rename credential ".into(),
        name: TextInput::new(&name.unwrap_or_default()),
        purpose: NamePurpose::RenameCredential(Target {
            id: row.id,
            name: was,
        }),
        space: None,
        focus: NameField::Name,
        error: None,
        sending: false,
        maybe_done: false,
    }));
}

fn submit_name(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(d) = app.layers.name_dialog_mut() else {
        return;
    };
    if d.sending {
        return; // the first Enter's request is on its way
    }
    let name = d.name.text().trim().to_string();
    if name.is_empty() && !matches!(d.purpose, NamePurpose::Move(_)) {
        d.error = Some("a name is required".into());
        return;
    }
    if d.space.as_ref().is_some_and(|p| p.chosen().is_none()) {
        d.error = Some("no space matches the filter: Backspace to widen it".into());
        return;
    }
    let mutation = match &d.purpose {
        NamePurpose::Duplicate(source) => {
            let source_space = app
                .data
                .connections
                .items
                .iter()
                .find(|c| c.id() == source.id)
                .and_then(|c| c.space_id().map(str::to_string));
            let chosen = d.space.as_ref().and_then(|p| p.chosen()).cloned();
            let space_id = match chosen.as_ref().and_then(space_of) {
                Some(id) => Some(id),
                // personal: say so explicitly only when the source is elsewhere
                None if source_space.is_some() => Some(String::new()),
                None => None,
            };
            // the space the copy lands in, where a lost answer's copy would be looked up
            let target_space = match &space_id {
                None => source_space,
                Some(id) if id.is_empty() => None,
                Some(id) => Some(id.clone()),
            };
            Mutation::DuplicateConnection {
                source_id: source.id.clone(),
                name,
                space_id,
                look_up_first: d.maybe_done,
                target_space,
            }
        }
        NamePurpose::RenameCredential(t) => {
            if name == t.name {
                app.layers.close_dialog();
                app.say(Level::Info, "name unchanged");
                return;
            }
            app.manage.busy.insert(t.id.clone());
            Mutation::RenameCredential {
                id: t.id.clone(),
                name,
            }
        }
        NamePurpose::Move(targets) => {
            let chosen = d.space.as_ref().and_then(|p| p.chosen()).cloned();
            let Some(chosen) = chosen else { return };
            let chosen = space_of(&chosen);
            let space_type = match &chosen {
                None => "personal".to_string(),
                Some(id) => app
                    .data
                    .spaces
                    .items
                    .iter()
                    .find(|s| &s.id == id)
                    .and_then(|s| s.space_type.clone())
                    .unwrap_or_else(|| "shared".into()),
            };
            for t in targets {
                app.manage.busy.insert(t.id.clone());
            }
            Mutation::MoveConnections {
                ids: targets.iter().map(|t| t.id.clone()).collect(),
                space_id: chosen,
                space_type,
            }
        }
    };
    d.sending = true;
    d.error = None;
    app.manage.pending += 1;
    fx.push(Effect::Mutate(mutation));
}
