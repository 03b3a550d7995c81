//! Opening the form (create, edit, the source picker first) and closing it.

use super::super::tasks::{cancel, start};
use crate::api::models::DataSource;
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::form::{Choice, FormState, Picker, Purpose};
use crate::app::state::{App, Layer, Level, Remote};
use crate::schema::Form;

// opening and closing

pub(super) fn source_label(s: &DataSource) -> String {
    format!("{} ({})", s.display_name(), s.data_source_id)
}

pub(super) fn open_source_picker(app: &mut App) {
    let items = app.data.sources.items.iter().map(source_choice).collect();
    let picker = Picker::new("Create a connection to", items, "");
    app.layers.push(Layer::SourcePicker(picker));
}

pub(super) fn source_choice(s: &DataSource) -> Choice {
    Choice::new(source_label(s), s.data_source_id.clone())
}

/// Opens the create form for `source_id`; its api-specs come from the cache or the tenant.
pub(super) fn open_create(app: &mut App, source_id: &str, fx: &mut Vec<Effect>) {
    let source_name = app.source_name(source_id);
    let mut f = FormState::new(Purpose::Create, source_id, &source_name, "");
    match app.data.api_specs.get(source_id) {
        Some(Remote::Loaded(specs)) => {
            let form = Form::from_model(specs);
            let values = form.initial_values();
            f.set_form(form, &values);
        }
        _ => start(
            app,
            Slot::Form,
            Fetch::ApiSpecs(source_id.to_string()),
            None,
            fx,
        ),
    }
    app.layers.push(Layer::Form(Box::new(f)));
}

/// Opens the form for an existing connection; it is filled when the connection (with its
/// parsed properties) and its source's api-specs are in.
pub(super) fn open_edit(app: &mut App, id: &str, fx: &mut Vec<Effect>) {
    let listed = app.data.connections.items.iter().find(|c| c.id() == id);
    if listed.is_some_and(|c| c.is_datafiles() || c.datasource_id.is_none()) {
        app.say(
            Level::Warn,
            "this connection has no data source api-specs (DataFiles): nothing to edit here",
        );
        return;
    }
    let name = listed.map(|c| c.q_name.clone()).unwrap_or_default();
    let purpose = Purpose::Edit {
        connection_id: id.into(),
        old_name: name.clone(),
        properties: Default::default(),
        before: Default::default(),
        original: Default::default(),
    };
    let form = FormState::new(purpose, "", "", &name);
    app.layers.push(Layer::Form(Box::new(form)));
    start(app, Slot::Form, Fetch::EditSource(id.into()), None, fx);
}

pub(super) fn close_form(app: &mut App, fx: &mut Vec<Effect>) {
    app.layers.close_form(None);
    cancel(app, Slot::Form, fx);
    cancel(app, Slot::FormCredential, fx);
    cancel(app, Slot::Submit, fx);
}
