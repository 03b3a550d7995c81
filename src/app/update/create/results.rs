//! What comes back for the form: its api-specs, the connection to edit, the existing
//! credentials looked up, the OAuth URL, the created or patched connection; the result popup,
//! the new row selected, and what fills in once the lists arrive.

use super::super::lists::connections_changed;
use super::oauth::lost_code_words;
use super::opening::source_choice;
use super::submit::{fail_submit, submit, tenant_message};
use crate::api::models::Connection;
use crate::api::Error;
use crate::app::action::Payload;
use crate::app::effect::{Effect, Ticket};
use crate::app::form::{Input, Lookup, Picker, EXISTING, GATEWAY, NAME};
use crate::app::lost::answer_lost;
use crate::app::rows;
use crate::app::state::{App, Layer, Level, Pane, Remote, Status};
use crate::app::write::Written;
use crate::schema::Form;

pub(in crate::app::update) fn on_loaded(
    app: &mut App,
    ticket: Ticket,
    payload: Payload,
    fx: &mut Vec<Effect>,
) {
    app.inflight.remove(&ticket.slot);
    match payload {
        Payload::ApiSpecs(id, r) => api_specs_loaded(app, id, r),
        Payload::CredentialNamed(name, r) => existing_credentials_found(app, name.as_str(), r, fx),
        _ => {}
    }
}

/// The answers of the open form's write (`update::writes` sends only those of its ticket).
pub(in crate::app::update) fn on_written(app: &mut App, written: Written) {
    match written {
        Written::AuthCodeWanted { url, error, reply } => auth_code_wanted(app, url, error, reply),
        Written::Created(Ok(conn)) => {
            app.create.last_auth_url = None;
            app.say(
                Level::Info,
                format!("created connection {} ({})", conn.q_name, conn.id()),
            );
            show_connection(app, conn, true);
        }
        Written::Created(Err(e)) => fail_submit(app, &e),
        Written::CreatedEarlier(conn) => {
            app.create.last_auth_url = None;
            app.say(
                Level::Info,
                format!(
                    "found {} ({}): the earlier create had gone through; nothing was sent again",
                    conn.q_name,
                    conn.id()
                ),
            );
            show_connection(app, conn, true);
        }
        _ => {}
    }
}

/// Puts the connection into the Connections list (new, or replacing its row), selects it
/// there, and shows it in the result popup. No reload: a list not loaded yet will load it.
pub(in crate::app::update) fn show_connection(app: &mut App, conn: Connection, new: bool) {
    let id = conn.id().to_string();
    // a list scoped to one space (`:connections Sales`) shows only that space's connections
    let elsewhere = match &app.space_scope {
        Some(scope) if new && conn.space.as_deref().unwrap_or("") != scope.id => {
            Some(scope.name.clone())
        }
        _ => None,
    };
    let d = &mut app.data;
    d.connection_details
        .insert(id.clone(), Remote::Loaded(conn.clone()));
    if let Some(listed) = elsewhere {
        let place = space_label(app, conn.space.as_deref());
        app.say(
            Level::Info,
            format!("created in {place}; the list shows {listed} (:connections shows all)"),
        );
        app.pane = Pane::Connections;
        app.layers.set_detail_focused(false);
        app.layers.close_form(Some(Layer::Created {
            connection: conn,
            edit: false,
        }));
        return;
    }
    // a walk paused mid-way (the pane was left) resumes from its next page and would show the
    // new row only if it is on a page not loaded yet: add it now (pages drop ids already listed)
    let walk_paused = d.connections_next.is_some() && !d.connections.items.is_empty();
    if d.connections.status == Status::Loaded || walk_paused || !new {
        match d.connections.items.iter_mut().find(|c| c.id() == id) {
            Some(existing) => *existing = conn.clone().into(),
            None if new => d.connections.items.push(conn.clone().into()),
            None => {}
        }
        connections_changed(app);
    }
    app.pane = Pane::Connections;
    app.layers.set_detail_focused(false);
    app.create.select_after = Some(id);
    // the result takes the form's place
    app.layers.close_form(Some(Layer::Created {
        connection: conn,
        edit: !new,
    }));
    select_pending(app);
}

/// A connection created by a form that was closed before the answer came: it joins the list
/// as the form's result would have put it there, without moving the admin or opening a popup.
pub(in crate::app::update) fn list_created(app: &mut App, conn: Connection) {
    app.create.last_auth_url = None;
    let id = conn.id().to_string();
    let in_scope = app
        .space_scope
        .as_ref()
        .is_none_or(|s| conn.space.as_deref().unwrap_or("") == s.id);
    let d = &mut app.data;
    let walk_paused = d.connections_next.is_some() && !d.connections.items.is_empty();
    let listed = d.connections.status == Status::Loaded || walk_paused;
    let known = d.connections.items.iter().any(|c| c.id() == id);
    d.connection_details
        .insert(id, Remote::Loaded(conn.clone()));
    if in_scope && listed && !known {
        d.connections.items.push(conn.into());
        connections_changed(app);
    }
}

/// "Personal space" or the space's name (its id while the spaces are not loaded).
pub(super) fn space_label(app: &App, space_id: Option<&str>) -> String {
    match space_id.filter(|s| !s.is_empty()) {
        None => "Personal space".into(),
        Some(id) => app
            .data
            .spaces
            .items
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("space {}", s.name))
            .unwrap_or_else(|| format!("space {id}")),
    }
}

/// Selects the connection a create or edit asked for, once its row is in the list.
pub(super) fn select_pending(app: &mut App) {
    let Some(id) = app.create.select_after.clone() else {
        return;
    };
    let h = app.list_height();
    let list = app.list_mut(Pane::Connections);
    let mut pos = list.view.iter().position(|&i| list.rows[i].id == id);
    if pos.is_none() && list.rows.iter().any(|r| r.id == id) && !list.filter.is_empty() {
        // the filter hides it: clear the filter rather than select something else
        let old = std::mem::take(&mut list.filter);
        rows::refilter(list, &old);
        pos = list.view.iter().position(|&i| list.rows[i].id == id);
    }
    if let Some(pos) = pos {
        list.selected = pos;
        rows::follow_selection(list, h);
        app.create.select_after = None;
    }
}

/// After every action: the gateway default is preselected once gateways arrive, the source
/// picker fills once sources arrive, and a created connection is selected once listed.
pub(in crate::app::update) fn after(app: &mut App) {
    if let Some(p) = app.layers.find_mut(|l| match l {
        Layer::SourcePicker(p) => Some(p),
        _ => None,
    }) {
        if p.items.is_empty() && !app.data.sources.items.is_empty() {
            let items = app.data.sources.items.iter().map(source_choice).collect();
            *p = Picker::new(p.title.clone(), items, "");
        }
    }
    if let Some(f) = app.layers.form_mut() {
        let source_id = f.source_id.clone();
        if let Some(Input::Choice { value, .. }) = f.row_mut(GATEWAY).map(|r| &mut r.input) {
            if value.is_empty() {
                let mine = app
                    .data
                    .gateways
                    .items
                    .iter()
                    .filter(|g| g.source_id == source_id);
                let default = mine
                    .clone()
                    .find(|g| g.gateway.default)
                    .or_else(|| mine.clone().next());
                if let Some(g) = default {
                    *value = g.gateway.id.clone();
                }
            }
        }
    }
    if app.create.select_after.is_some() {
        select_pending(app);
    }
}

/// The api-specs of the form's source: its fields (the cache keeps them for the detail).
fn api_specs_loaded(app: &mut App, id: String, r: Result<crate::api::models::ApiSpecs, Error>) {
    let form = r.as_ref().map(Form::from_model);
    app.data.api_specs.insert(
        id.clone(),
        match &r {
            Ok(specs) => Remote::Loaded(specs.clone()),
            Err(e) => Remote::Failed(e.summary()),
        },
    );
    if let Some(f) = app.layers.form_mut().filter(|f| f.source_id == id) {
        match form {
            Ok(form) => {
                let values = form.initial_values();
                f.set_form(form, &values);
            }
            Err(e) => {
                f.spec = Remote::Failed(e.summary());
                app.say(Level::Error, e.summary());
            }
        }
    }
}

/// The existing credentials named in the form, found or not; a submit that waited for them
/// goes on (or says what is missing).
fn existing_credentials_found(
    app: &mut App,
    name: &str,
    r: Result<crate::api::models::Credential, Error>,
    fx: &mut Vec<Effect>,
) {
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    if f.existing_name() != name {
        return;
    }
    f.lookup = match r {
        Ok(c) => Lookup::Found(Box::new(c)),
        Err(e) => Lookup::Missing(tenant_message(&e)),
    };
    f.errors.remove(EXISTING);
    if std::mem::take(&mut f.submit_after_lookup) {
        match &f.lookup {
            Lookup::Found(_) => submit(app, fx),
            Lookup::Missing(why) => {
                let why = format!("nothing sent: no credentials named {name} ({why})");
                f.errors.insert(EXISTING.into(), why.clone());
                f.focus_row(EXISTING);
                app.say(Level::Error, why);
            }
            _ => {}
        }
    }
}

/// The OAuth task shows its URL (again, after a code the tenant refused or whose answer was
/// lost) and waits for a code on `reply`.
fn auth_code_wanted(
    app: &mut App,
    url: String,
    error: Option<Error>,
    reply: crate::app::reply::Reply<crate::app::reply::AuthAnswer>,
) {
    app.create.last_auth_url = Some(url.clone());
    let Some(f) = app.layers.form_mut() else {
        return;
    };
    let name = f.value(NAME).trim().to_string();
    if app.layers.oauth().is_none() {
        app.layers.open_over_form(Layer::OAuth(Box::default()));
    }
    if let Some(p) = app.layers.oauth_mut() {
        p.url = Some(url);
        p.reply = Some(reply);
        p.sending = false;
        if let Some(e) = &error {
            // a used or wrong code is worthless: clear it for the next paste
            p.code = Default::default();
            p.error = Some(match answer_lost(e) {
                true => lost_code_words(&name),
                false => tenant_message(e),
            });
        }
    }
    if let Some(e) = error {
        app.say(Level::Error, e.summary());
        if answer_lost(&e) {
            app.say(Level::Warn, lost_code_words(&name));
        }
    }
}
