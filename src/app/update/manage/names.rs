//! Duplicate, move and rename behind one name dialog (a name and, for duplicate and move, a
//! space from a [`Picker`]); Enter sends once.

use std::collections::HashMap;

use super::super::tasks::send_write;
use super::delete::{busy_with, marked_targets, selected_connection};
use crate::app::data::Data;
use crate::app::effect::Effect;
use crate::app::feedback::count;
use crate::app::keymap::{Context, Intent};
use crate::app::listed::ListedConnection;
use crate::app::manage::{Mutation, NameDialog, NameField, NamePurpose, Target};
use crate::app::picker::{Choice, Picker};
use crate::app::resource::item_name;
use crate::app::state::{App, Layer, Level, Pane};
use crate::app::text_input::{TextEdit, TextInput};
use crate::app::write::{Waiter, Write};

pub(super) fn ask_duplicate(app: &mut App) {
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
        id: c.id().into(),
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
pub(super) fn space_picker(app: &App, own: Option<&str>) -> Picker {
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
pub(super) fn space_of(choice: &Choice) -> Option<String> {
    Some(choice.value.clone()).filter(|id| !id.is_empty())
}

/// `m`: the marked connections (else the selected one) and a space to move them to.
pub(super) fn ask_move(app: &mut App) {
    let mut targets: Vec<Target> = marked_targets(app);
    if targets.is_empty() {
        if let Some(c) = selected_connection(app) {
            targets.push(Target {
                id: c.id().into(),
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
    if let Some(name) = busy_with(app, targets.iter().map(Target::key)) {
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

pub(super) fn ask_rename(app: &mut App) {
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
    // the model's name (the referenced view knows one only once the credential's detail came
    // in), cleaned as the list shows it; never the display cell
    let name =
        item_name(app, Pane::Credentials, row.item).map(|n| crate::text::sanitize(&n).into_owned());
    let was = name.clone().unwrap_or_else(|| row.id.clone());
    app.layers.push(Layer::Name(NameDialog {
        title: " Rename credential ".into(),
        name: TextInput::new(&name.unwrap_or_default()),
        purpose: NamePurpose::RenameCredential(Target {
            id: row.id.into(),
            name: was,
        }),
        space: None,
        focus: NameField::Name,
        error: None,
        sending: false,
        maybe_done: false,
    }));
}

pub(super) fn submit_name(app: &mut App, fx: &mut Vec<Effect>) {
    let backspace = app
        .keymap
        .key_label(Context::NameDialog, Intent::Input(TextEdit::DeleteBack));
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
        d.error = Some(format!(
            "no space matches the filter: {backspace} to widen it"
        ));
        return;
    }
    let (mutation, what) = match &d.purpose {
        NamePurpose::Duplicate(source) => (
            duplicate(&app.data, source, d, name.clone()),
            format!("duplicate {} as {name}", source.name),
        ),
        NamePurpose::RenameCredential(t) => {
            if name == t.name {
                app.layers.close_dialog();
                app.say(Level::Info, "name unchanged");
                return;
            }
            app.manage.busy.insert(t.id.to_string());
            let what = format!("rename credential {} to {name}", t.name);
            let mutation = Mutation::RenameCredential {
                id: t.id.clone(),
                name: name.into(),
            };
            (mutation, what)
        }
        NamePurpose::Move(targets) => {
            let Some(mutation) = move_to(&app.data, targets, d) else {
                return;
            };
            for t in targets {
                app.manage.busy.insert(t.id.to_string());
            }
            (
                mutation,
                format!("move {}", count(targets.len(), "connection")),
            )
        }
    };
    d.sending = true;
    d.error = None;
    send_write(app, what, Waiter::Manage, Write::Mutate(mutation), fx);
}

/// The duplicate of `source` named `name` into the dialog's space.
fn duplicate(data: &Data, source: &Target, d: &NameDialog, name: String) -> Mutation {
    let source_space = data
        .connections
        .items
        .iter()
        .find(|c| c.id() == source.id.as_str())
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

/// The move of `targets` to the dialog's chosen space (`None`: nothing chosen).
fn move_to(data: &Data, targets: &[Target], d: &NameDialog) -> Option<Mutation> {
    let chosen = space_of(d.space.as_ref()?.chosen()?);
    let space_type = match &chosen {
        None => "personal".to_string(),
        Some(id) => data
            .spaces
            .items
            .iter()
            .find(|s| &s.id == id)
            .and_then(|s| s.space_type.clone())
            .unwrap_or_else(|| "shared".into()),
    };
    Some(Mutation::MoveConnections {
        ids: targets.iter().map(|t| t.id.clone()).collect(),
        space_id: chosen,
        space_type,
    })
}
