//! Duplicate, move and rename behind one name dialog (a name and, for duplicate and move, a
//! space from a [`Picker`]); Enter sends once.

use super::super::tasks::send_write;
use super::batch::space_of;
use super::delete::{busy_with, marked_targets, selected_connection};
use crate::app::data::Data;
use crate::app::effect::Effect;
use crate::app::keymap::{Context, Intent};
use crate::app::listed;
use crate::app::manage::{Mutation, NameDialog, NameField, NamePurpose, Target, KEEP};
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
        owner: None,
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
    let by_id = listed::by_id(&app.data.connections.items);
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
    // one space for all: its own is where the picker starts; else "keep each one's own"
    let spaces: Vec<Option<&str>> = targets
        .iter()
        .filter_map(|t| by_id.get(t.id.as_str()).map(|c| c.space_id()))
        .collect();
    let own = spaces.first().copied().flatten().map(str::to_string);
    let mut space = space_picker(app, own.as_deref());
    if targets.len() > 1 {
        space
            .items
            .insert(0, Choice::new("(keep each one's space)", KEEP));
        let same = spaces.windows(2).all(|w| w[0] == w[1]);
        space = Picker::new(
            " Space ",
            space.items,
            if same {
                own.as_deref().unwrap_or_default()
            } else {
                KEEP
            },
        );
    }
    // the owner only where the tenant lets the caller change it
    let owner = targets
        .iter()
        .filter_map(|t| by_id.get(t.id.as_str()))
        .any(|c| {
            c.privileges
                .as_ref()
                .is_none_or(|p| p.iter().any(|x| x == "change_owner"))
        })
        .then(|| owner_picker(app));
    let title = match targets.len() {
        1 => format!(" Move {} ", first.name),
        n => format!(" Move {n} connections "),
    };
    app.layers.push(Layer::Name(NameDialog {
        title,
        name: TextInput::new(""),
        purpose: NamePurpose::Move(targets),
        space: Some(space),
        owner,
        focus: NameField::Space,
        error: None,
        sending: false,
        maybe_done: false,
    }));
}

/// The owners a batch can give connections to: "keep" first, then the users qdc knows.
fn owner_picker(app: &App) -> Picker {
    let mut choices = vec![Choice::new("(keep each one's owner)", KEEP)];
    choices.extend(crate::app::edit::user_choices(&app.data));
    Picker::new(" Owner ", choices, KEEP)
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
        owner: None,
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
    if d.owner.as_ref().is_some_and(|p| p.chosen().is_none()) {
        d.error = Some(format!(
            "no owner matches the filter: {backspace} to widen it"
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
            let targets = targets.clone();
            let space = d.space.as_ref().and_then(|p| p.chosen()).cloned();
            let owner = d.owner.as_ref().and_then(|p| p.chosen()).cloned();
            if let Err(why) = super::batch::open(app, &targets, space.as_ref(), owner.as_ref()) {
                if let Some(d) = app.layers.name_dialog_mut() {
                    d.error = Some(why);
                }
            }
            return;
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
