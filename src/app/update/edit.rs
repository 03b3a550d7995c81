//! Editing everything the API can change: the rows an edit form adds to the generated fields
//! (space, owner, gateway, credentials mode), the plan they turn into (a PATCH for what is a
//! property, one `actions/update` item for the space and the owner; see `app::edit`), sending
//! it once, and what came back.

mod plan;

use plan::{connection_id, plan};

use super::create::{fail_submit, ready_to_submit, show_connection, show_errors};
use super::lists::connections_changed;
use super::tasks::send_write;
use crate::api::ids::ConnectionId;
use crate::api::models::{ApiSpecs, Connection};
use crate::api::Error;
use crate::app::action::{Action, Payload};
use crate::app::edit::{allows, Failure, Original, Outcome};
use crate::app::effect::{Body, Effect, Ticket};
use crate::app::form::{
    Choice, FormState, Input, Options, Purpose, Row, CREDENTIALS, EMBEDDED, EXISTING, GATEWAY,
    NAME, OWNER, SEPARATE_EXISTING, SEPARATE_NEW, SPACE,
};
use crate::app::keymap::{Context, Intent};
use crate::app::state::{App, Layer, Level, Remote};
use crate::app::write::{Waiter, Write};
use crate::schema::{FieldRole, Form};

/// [`Layer::Form`] of an edit: Ctrl-S plans the edit; every other key is the form's.
pub(super) fn on_form(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::FormSubmit) => {
            if ready_to_submit(app) {
                plan_edit(app);
            }
        }
        other => super::create::on_form(app, other, fx),
    }
}

/// [`Layer::ConfirmEdit`]: only its yes sends.
pub(super) fn on_confirm(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(Intent::SendEdit) if app.context() == Context::ConfirmEdit => {
            send_edit(app, fx)
        }
        Action::Intent(_) => app.layers.close_form_popup(),
        _ => {}
    }
}

/// Whether the edit takes this answer (the form's connection and api-specs, the requests').
pub(super) fn takes(payload: &Payload) -> bool {
    matches!(payload, Payload::EditSource(..))
}

pub(super) fn on_loaded(app: &mut App, ticket: Ticket, payload: Payload) {
    app.inflight.remove(&ticket.slot);
    if let Payload::EditSource(id, r) = payload {
        edit_source_loaded(app, id.as_str(), r);
    }
}

pub(super) fn edit_source_loaded(
    app: &mut App,
    id: &str,
    r: Result<(Connection, ApiSpecs), Error>,
) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let (conn, specs) = match r {
        Ok(v) => v,
        Err(e) => {
            f.spec = Remote::Failed(e.summary());
            app.say(Level::Error, e.summary());
            return;
        }
    };
    let form = Form::from_model(&specs);
    let properties = conn.connection_properties.clone().unwrap_or_default();
    let values = form.values_from_properties(&properties);
    let interactive = form.field_with_role(FieldRole::AuthCode).is_some()
        && crate::schema::is_interactive(&form, &values);
    let original = Original::of(&conn, interactive);
    let source_id = conn.datasource_id.clone().unwrap_or_default();
    let source_name = app.source_name(&source_id);
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.source_name = source_name;
    f.secrets_stored = conn
        .q_credentials_id
        .as_deref()
        .is_some_and(|c| !c.is_empty());
    f.source_id = source_id;
    f.purpose = Purpose::Edit {
        connection_id: id.into(),
        old_name: conn.q_name.clone(),
        properties,
        before: values.clone(),
        original: Box::new(original.clone()),
    };
    if let Some(Input::Text { text, .. }) = f.row_mut(NAME).map(|r| &mut r.input) {
        if text.is_empty() {
            text.insert_str(&conn.q_name);
        }
    }
    f.set_form(form.clone(), &values);
    add_rows(f, &conn, &form, &original);
}

fn choice_row(key: &str, label: &str, help: &str, value: &str, options: Options) -> Row {
    Row {
        key: key.into(),
        label: label.into(),
        help: Some(help.into()),
        required: false,
        credential: false,
        json: None,
        input: Input::Choice {
            value: value.into(),
            options,
        },
    }
}

/// The rows an edit has beyond the generated fields, on the connection's current values: the
/// space and the owner (where its `privileges` allow them), the gateway (`DG_` sources), and
/// the credentials mode (sources that offer separated credentials).
pub(super) fn add_rows(f: &mut FormState, conn: &Connection, form: &Form, original: &Original) {
    let mut head = Vec::new();
    if allows(conn, "change_space") {
        head.push(choice_row(
            SPACE,
            "Space",
            "Moves the connection (actions/update with the space's spaceType); Personal space \
             is the owner's.",
            &original.space,
            Options::Spaces,
        ));
    }
    if allows(conn, "change_owner") {
        head.push(choice_row(
            OWNER,
            "Owner",
            "Gives the connection to another user (actions/update ownerId; admins only). The \
             credentials are not transferred: the new owner brings their own.",
            &original.owner,
            Options::Users,
        ));
    }
    if form.needs_gateway() {
        let mut row = choice_row(
            GATEWAY,
            "Gateway",
            "gatewayInstance: the Direct Access gateway that reaches the source (PATCH).",
            &original.gateway,
            Options::Gateways,
        );
        row.required = true;
        head.push(row);
    }
    let at = f
        .rows
        .iter()
        .position(|r| r.key == NAME)
        .map_or(0, |i| i + 1);
    let generated = f.rows.split_off(at);
    f.rows.extend(head);
    f.rows.extend(generated);
    if form.supports_separate_credentials() {
        f.rows.extend(credential_rows(conn, original));
    }
}

/// The credentials rows of an edit: the mode, a new credential's name, the existing ones to
/// reuse (the same picker the create's reuse row opens).
fn credential_rows(conn: &Connection, original: &Original) -> Vec<Row> {
    let mut rows = Vec::new();
    let mode = if original.separated {
        SEPARATE_EXISTING
    } else {
        EMBEDDED
    };
    rows.push(choice_row(
        CREDENTIALS,
        "Credentials",
        "Embedded: stored with the connection. Separated: each user brings their own; \
         pick known ones, or name new ones (type the secrets). Changing it is a PATCH of \
         the create's separateCredentials / selectedCredentials / credentialsName.",
        mode,
        Options::Fixed(vec![
            Choice::new("embedded in the connection", EMBEDDED),
            Choice::new("separated, new credentials", SEPARATE_NEW),
            Choice::new("separated, reuse existing credentials", SEPARATE_EXISTING),
        ]),
    ));
    rows.push(crate::app::form::credentials_name_row());
    let mut existing = choice_row(
        EXISTING,
        "Existing credentials",
        "selectedCredentials: the separated credentials qdc knows of for this source (used \
         by listed connections, found by name, orphans).",
        if original.separated {
            &original.credential_id
        } else {
            ""
        },
        Options::Credentials {
            q_type: conn.q_type.clone(),
        },
    );
    existing.required = true;
    rows.push(existing);
    rows
}

/// Ctrl-S on an edit: "nothing changed", the errors beside their rows, or the confirm.
pub(super) fn plan_edit(app: &mut App) {
    let Some(f) = app.layers.form() else {
        return;
    };
    match plan(app, f) {
        Ok(plan) if plan.is_empty() => app.say(Level::Info, "nothing changed"),
        Ok(plan) => {
            if let Some(f) = app.layers.form_mut() {
                f.errors.clear();
            }
            app.layers.open_over_form(Layer::ConfirmEdit {
                plan: Box::new(plan),
            });
        }
        Err(errors) => show_errors(app, &errors),
    }
}

/// `y` on the confirm: the plan goes out once (the form is `submitting` until it answers).
pub(super) fn send_edit(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(Layer::ConfirmEdit { plan }) =
        app.layers.close(|l| matches!(l, Layer::ConfirmEdit { .. }))
    else {
        return;
    };
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if f.submitting {
        return;
    }
    let id = ConnectionId::from(connection_id(f));
    let what = format!("update connection {}", f.value(NAME).trim());
    f.submitting = true;
    if plan.auth.is_some() {
        app.layers.open_over_form(Layer::OAuth(Box::default()));
    }
    let write = Write::Edit {
        id,
        plan: Body(plan),
    };
    let ticket = send_write(app, what, Waiter::Form, write, fx);
    if let Some(f) = app.layers.form_mut() {
        f.sent = Some(ticket);
    }
}

/// An edit's connection as the tenant has it after the form that sent it was closed: its row
/// in the list shows it.
pub(super) fn list_edited(app: &mut App, conn: &Connection) {
    if let Some(listed) = app
        .data
        .connections
        .items
        .iter_mut()
        .find(|c| c.id() == conn.id())
    {
        *listed = conn.clone().into();
        connections_changed(app);
    }
}

/// The edit's answer. All through: the result popup. A PATCH that went through before a
/// refused move: the form stays, now on what the tenant has (so the next Ctrl-S sends only
/// what is left), and the refusal goes beside the space or owner row.
pub(super) fn on_edited(app: &mut App, outcome: Outcome) {
    if let Some(f) = app.layers.form_mut() {
        f.sent = None;
    }
    app.layers.close(|l| matches!(l, Layer::OAuth(_)));
    // an edit's URL creates nothing: none to print after quitting
    app.create.last_auth_url = None;
    let Outcome {
        patched,
        failure,
        connection,
    } = outcome;
    let Some(failure) = failure else {
        match connection {
            Ok(conn) => {
                app.say(Level::Info, format!("updated connection {}", conn.q_name));
                show_connection(app, conn, false);
            }
            Err(e) => {
                // sent and done; only the read-back failed
                if let Some(f) = app.layers.form_mut() {
                    f.submitting = false;
                }
                app.say(
                    Level::Warn,
                    format!(
                        "the changes were sent, reading the connection back failed: {}",
                        e.summary()
                    ),
                );
            }
        }
        return;
    };
    if let (true, Ok(conn)) = (patched, &connection) {
        rebase(app, conn);
    }
    match failure {
        Failure::Patch(e) => fail_submit(app, &e),
        Failure::Update(e) => refused(app, &e.summary(), patched),
        Failure::UpdateItem(words) => refused(app, &words, patched),
    }
}

/// The PATCH landed: the form's starting point becomes what the tenant now has, and the row
/// in the list shows it.
fn rebase(app: &mut App, conn: &Connection) {
    if let Some(f) = app.layers.form_mut() {
        let values = f.values();
        if let Purpose::Edit {
            old_name,
            properties,
            before,
            original,
            ..
        } = &mut f.purpose
        {
            *old_name = conn.q_name.clone();
            *properties = conn.connection_properties.clone().unwrap_or_default();
            *before = values;
            **original = Original::of(conn, original.interactive);
        }
    }
    list_edited(app, conn);
}

fn refused(app: &mut App, words: &str, patched: bool) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    f.submitting = false;
    let row = if f
        .row(SPACE)
        .is_some_and(|_| words.to_lowercase().contains("space"))
    {
        SPACE
    } else if f.row(OWNER).is_some() && words.to_lowercase().contains("user") {
        OWNER
    } else if f.row(SPACE).is_some() {
        SPACE
    } else {
        NAME
    };
    f.errors.insert(row.into(), words.to_string());
    f.focus_row(row);
    let done = if patched {
        "the other changes were saved; "
    } else {
        ""
    };
    app.say(
        Level::Error,
        format!("actions/update refused: {words} ({done}Ctrl-S sends what is left)"),
    );
}
