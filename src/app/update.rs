//! `update(&mut App, Action) -> Vec<Effect>`: every change of state happens here, without I/O.
//!
//! Loading is demand-driven: after every action, [`demand`] compares what the current view needs
//! with what is loaded or in flight, starts what is missing and cancels what is no longer needed.
//! Panes never ask for data themselves.

use std::time::Duration;

use crate::api::models::{ConnectionsPage, Credential, GatewaysResponse};
use crate::api::Error;

use super::action::{Action, Payload};
use super::connection_index::CredentialChanges;
use super::effect::{Effect, Fetch, Slot, Ticket};
use super::feedback::log_quietly;
use super::keymap::Intent;
use super::rows;
use super::state::{
    App, CredentialsView, DetailKey, GatewayEntry, Layer, Level, Pane, Remote, Status,
};
use super::switch;
pub use lists::referenced_credentials;
use lists::{connections_changed, credentials_counted, rebuild};
pub use prompt::complete;
use prompt::resolve_pending_space;
use tasks::{cancel, start};

/// How long the selection must rest before its detail is fetched.
const DETAIL_DEBOUNCE: Duration = Duration::from_millis(200);

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    // the spinner's tick changes no view model (the ui draws the spinner itself)
    if !matches!(action, Action::Tick(_)) {
        app.views.invalidate();
    }
    match action {
        Action::Intent(intent) => {
            clear_error_flash(app);
            on_intent(app, intent, &mut fx);
        }
        Action::Type(_) | Action::Edit(_) => {
            clear_error_flash(app);
            route(app, action, &mut fx);
        }
        Action::Paste(_) => route(app, action, &mut fx),
        Action::Mutated(outcome) => manage::on_outcome(app, outcome),
        Action::Copy(event) => {
            if copy::on_event(app, event) && app.pane == Pane::Connections {
                // the copy's summary stays in the footer ("reloading" is in the messages)
                let summary = app.flash.take();
                explorer::refresh(app);
                app.flash = summary.or(app.flash.take());
            }
        }
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            let h = app.list_height();
            rows::follow_selection(app.list_mut(app.pane), h);
        }
        Action::Tick(now) => {
            if app.running_tasks() > 0 {
                app.spinner = app.spinner.wrapping_add(1);
            }
            if app
                .flash
                .as_ref()
                .and_then(|f| f.expires)
                .is_some_and(|t| t <= now)
            {
                app.flash = None;
            }
        }
        Action::Report(level, text) => {
            create::on_report(app, &text);
            app.say(level, text)
        }
        Action::Switched(to) => switch::switch_tenant(app, to),
        Action::Loaded(ticket, payload) => {
            if app.inflight.get(&ticket.slot) != Some(&ticket.generation) {
                return fx; // stale: its view moved on or a newer request replaced it
            }
            if let Payload::Found(name, r) = payload {
                // a look after a create whose answer was lost
                app.inflight.remove(&ticket.slot);
                lost::on_found(app, &name, r, &mut fx);
            } else if edit::takes(&payload) {
                edit::on_loaded(app, ticket, payload);
            } else if create::owns(ticket.slot) {
                create::on_loaded(app, ticket, payload, &mut fx);
            } else {
                on_loaded(app, ticket, payload);
            }
        }
    }
    create::after(app);
    if !app.quit {
        demand(app, &mut fx);
    }
    fx
}

/// Logs `text` and flashes it in the footer (the same as `app.say`).
pub fn say(app: &mut App, level: Level, text: impl Into<String>) {
    app.say(level, text);
}

fn clear_error_flash(app: &mut App) {
    if app.flash.as_ref().is_some_and(|f| f.level == Level::Error) {
        app.flash = None;
    }
}

// ---------------------------------------------------------------------------------------------
// keys

fn on_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    // the keymap hides these keys already; this also stops any other way in (a command)
    if app.keymap.hides(intent) {
        let what = intent.name().replace('_', " ");
        app.say(
            Level::Warn,
            format!("read-only profile: {what} is disabled"),
        );
        return;
    }
    // by kind first: quitting, help and messages mean the same in every view
    match intent {
        Intent::ForceQuit => {
            app.quit = true;
            fx.push(Effect::Quit);
        }
        Intent::Help => {
            let of = app.context();
            app.layers.push(Layer::Help { scroll: 0, of });
        }
        Intent::Messages => app.layers.push(Layer::Messages { scroll: 0 }),
        _ => route(app, Action::Intent(intent), fx),
    }
}

/// What the admin did (a key's intent, typed or pasted text, an editing key) goes to the layer
/// on top, or to the lists under none: the one place that knows who owns the keyboard.
fn route(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    let Some(top) = app.layers.top() else {
        return explorer::on_lists(app, action, fx);
    };
    match top {
        Layer::Detail => explorer::on_lists(app, action, fx),
        Layer::Json { .. } | Layer::Messages { .. } | Layer::Help { .. } => {
            explorer::on_reading(app, action, fx)
        }
        Layer::Prompt(_) => prompt::on_prompt(app, action, fx),
        Layer::SourcePicker(_) | Layer::Picker { .. } => create::on_picker(app, action, fx),
        Layer::Form(f) if f.is_edit() => edit::on_form(app, action, fx),
        Layer::Form(_) => {
            // while a lost create's name is looked up, Ctrl-S and Esc are the looks'
            if !lost::on_form(app, &action, fx) {
                create::on_form(app, action, fx)
            }
        }
        Layer::Preview { .. } => create::on_preview(app, action, fx),
        Layer::ConfirmDiscard => create::on_confirm(app, action, fx),
        Layer::ConfirmEdit { .. } => edit::on_confirm(app, action, fx),
        Layer::ConfirmResend { .. } => lost::on_confirm_resend(app, action, fx),
        Layer::OAuth(_) => create::on_oauth(app, action, fx),
        Layer::Created { .. } => create::on_created(app, action, fx),
        Layer::Confirm(_) => manage::on_confirm(app, action, fx),
        Layer::Name(_) => manage::on_name_dialog(app, action, fx),
        Layer::Copy(_) => copy::on_copy(app, action, fx),
    }
}

// ---------------------------------------------------------------------------------------------
// results

fn on_loaded(app: &mut App, ticket: Ticket, payload: Payload) {
    // a paged walk and a batch of credential names answer in several messages
    let more_to_come = match &payload {
        Payload::ConnectionsPage(Ok(_)) => true,
        Payload::Credential(..) => ticket.slot == Slot::CredentialNames,
        Payload::User(..) => true,
        _ => false,
    };
    let done = !more_to_come;
    if done {
        app.inflight.remove(&ticket.slot);
    }
    on_payload(app, ticket, payload);
    if done {
        explorer::refresh_after(app, ticket.slot);
    }
}

fn on_payload(app: &mut App, ticket: Ticket, payload: Payload) {
    let d = &mut app.data;
    match payload {
        Payload::Me(r) => {
            d.me = Some(remote(r.map_err(|e| {
                let s = e.summary();
                log_quietly(&mut app.messages, Level::Warn, format!("who am I: {s}"));
                s
            })));
            rebuild(app, Pane::Connections);
        }
        Payload::Sources(r) => {
            match r {
                Ok(v) => {
                    d.sources.items = v;
                    d.sources.set_status(Status::Loaded);
                }
                Err(e) => fail(app, Slot::Sources, &e),
            }
            rebuild(app, Pane::Sources);
        }
        Payload::Gateways(results) => on_gateways(app, results),
        Payload::ConnectionsPage(r) => on_connections_page(app, r),
        Payload::ConnectionsEnd => {
            // the walk is over, also when the pager ended it (a next link that repeats)
            app.data.connections_next = None;
            app.data.connections.set_status(Status::Loaded);
            // the pages kept the rows in step: only a list changed otherwise is built again
            if app.list(Pane::Connections).rows.len() == app.data.connections.items.len() {
                // a walk is over: give back what growing the lists page by page reserved
                app.data.connections.items.shrink_to_fit();
                app.data.referenced.shrink_to_fit();
                for pane in [Pane::Connections, Pane::Credentials] {
                    let list = app.list_mut(pane);
                    list.rows.shrink_to_fit();
                    list.view.shrink_to_fit();
                }
            } else {
                connections_changed(app);
            }
        }
        Payload::Spaces(r) => {
            match r {
                Ok(v) => {
                    d.spaces.items = v;
                    d.spaces.set_status(Status::Loaded);
                }
                Err(e) => fail(app, Slot::Spaces, &e),
            }
            rebuild(app, Pane::Spaces);
            rebuild(app, Pane::Connections);
            resolve_pending_space(app);
        }
        Payload::Orphans(r) => {
            match r {
                Ok(v) => {
                    d.orphans.items = v.data;
                    d.orphans.set_status(Status::Loaded);
                }
                Err(e) => fail(app, Slot::Orphans, &e),
            }
            rebuild(app, Pane::Credentials);
        }
        Payload::ApiSpecs(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.api_specs.insert(id, r);
        }
        Payload::Connection(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.connection_details.insert(id.0, r);
        }
        Payload::CredentialNamed(name, r) if ticket.slot == Slot::CredentialLookup => {
            on_credential_lookup(app, name.as_str(), r)
        }
        // the form's lookup, which `create::on_loaded` takes
        Payload::CredentialNamed(..) => {}
        Payload::Credential(id, r) if ticket.slot == Slot::CredentialNames => {
            // a background name: its failure shows in the detail, not as a flash per row
            let r = r.map_err(|e| e.summary());
            app.data.credentials.insert(id.0.clone(), remote(r));
            lists::credential_named(app, id.as_str());
        }
        Payload::CredentialsEnd => app.data.credential_names_asked.clear(),
        Payload::User(id, r) => {
            // a background name: a failure leaves the id on screen and goes to :messages only
            let r = r.map_err(|e| {
                let s = e.summary();
                log_quietly(&mut app.messages, Level::Warn, format!("owner {id}: {s}"));
                s
            });
            app.data.users.insert(id.clone(), remote(r));
            lists::owner_named(app, &id);
        }
        Payload::UsersEnd => app.data.users_asked.clear(),
        Payload::Credential(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.credentials.insert(id.0, r);
            rebuild(app, Pane::Credentials);
        }
        // results of the form's slots, which `create::on_loaded` takes
        Payload::Created(_)
        | Payload::CreatedEarlier(_)
        | Payload::Found(..)
        | Payload::AuthCodeWanted { .. }
        | Payload::EditSource(..)
        | Payload::Edited(..) => {}
    }
}

/// The gateways of every `DG_` source: one list; a 404 is a tenant without gateways.
fn on_gateways(app: &mut App, results: Vec<(String, Result<GatewaysResponse, Error>)>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (source_id, r) in results {
        match r {
            Ok(resp) => {
                let source_name = app.source_name(&source_id);
                entries.extend(resp.gateways.into_iter().map(|gateway| GatewayEntry {
                    source_id: source_id.clone(),
                    source_name: source_name.clone(),
                    gateway,
                    refreshed_at: resp.refreshed_at.clone(),
                }));
            }
            // a tenant without gateways answers 404, not an empty list
            Err(e) if e.is_status(404) => {}
            Err(e) => errors.push(e),
        }
    }
    let failed = errors.first().map(|e| e.summary());
    if let Some(e) = &failed {
        app.say(Level::Error, e.clone());
    }
    match failed {
        Some(e) if entries.is_empty() => set_status(app, Slot::Gateways, Status::Failed(e)),
        _ => {
            app.data.gateways.items = entries;
            app.data.gateways.set_status(Status::Loaded);
        }
    }
    rebuild(app, Pane::Gateways);
}

/// One page of the connections walk: appended (ids already listed are not added twice), its
/// own rows built and filtered, not the whole list again.
fn on_connections_page(app: &mut App, r: Result<ConnectionsPage, Error>) {
    let d = &mut app.data;
    let before = d.connections.items.len();
    let mut credentials = CredentialChanges {
        new_from: d.referenced.len(),
        counted: Vec::new(),
    };
    match r {
        Ok(page) => {
            if let Some(count) = page.meta.as_ref().and_then(|m| m.count) {
                d.connections_total = Some(count);
            }
            d.connections_next = page
                .links
                .as_ref()
                .and_then(|l| l.next.as_ref())
                .map(|next| next.href.clone());
            // ids already listed (a connection created while the walk was paused, a cursor
            // that moved) are dropped; only this page is looked at
            credentials =
                d.connection_index
                    .append(&mut d.connections.items, &mut d.referenced, page.data);
            if page.skipped.count > 0 {
                d.connections.skipped += page.skipped.count;
                let why = page.skipped.first.unwrap_or_default();
                app.say(
                    Level::Warn,
                    format!(
                        "{} connection(s) did not fit the API contract and are not listed ({why})",
                        page.skipped.count
                    ),
                );
            }
            if let Some(errs) = page.errors.filter(|e| !e.is_empty()) {
                let first = &errs[0];
                app.say(
                    Level::Warn,
                    format!(
                        "{} connection(s) could not be listed: {} {}",
                        errs.len(),
                        first.code.clone().unwrap_or_default(),
                        first.title.clone().unwrap_or_default()
                    ),
                );
            }
        }
        Err(e) => fail(app, Slot::Connections, &e),
    }
    // a page only appends: build and filter its own rows, not the whole list again
    if app.list(Pane::Connections).rows.len() == before {
        let new_rows = rows::connection_rows(app, before);
        rows::append_rows(app.list_mut(Pane::Connections), new_rows);
        credentials_counted(app, &credentials);
    } else {
        connections_changed(app);
    }
}

/// `:credentials NAME`: the one credential of that name; a 404 is an empty result.
fn on_credential_lookup(app: &mut App, key: &str, r: Result<Credential, Error>) {
    let d = &mut app.data;
    match r {
        Ok(c) => {
            d.lookup.items = vec![c];
            d.lookup.status = Status::Loaded;
        }
        // a name nobody uses is an empty result, not a failure
        Err(e) if e.is_status(404) => {
            d.lookup.items.clear();
            d.lookup.status = Status::Loaded;
            app.say(Level::Warn, format!("no credential named {key:?}"));
        }
        Err(e) => fail(app, Slot::CredentialLookup, &e),
    }
    rebuild(app, Pane::Credentials);
}

fn remote<T>(r: Result<T, String>) -> Remote<T> {
    match r {
        Ok(v) => Remote::Loaded(v),
        Err(e) => Remote::Failed(e),
    }
}

fn report<T>(app: &mut App, r: Result<T, Error>) -> Remote<T> {
    match r {
        Ok(v) => Remote::Loaded(v),
        Err(e) => {
            app.say(Level::Error, e.summary());
            Remote::Failed(e.summary())
        }
    }
}

fn fail(app: &mut App, slot: Slot, e: &Error) {
    let text = e.summary();
    app.say(Level::Error, text.clone());
    set_status(app, slot, Status::Failed(text));
}

// ---------------------------------------------------------------------------------------------
// demand-driven loading

/// The list slots the current view needs.
fn needed(app: &App) -> Vec<Slot> {
    let mut slots = create::needed(app);
    slots.extend(match app.pane {
        Pane::Sources | Pane::Gateways => vec![Slot::Sources, Slot::Gateways],
        Pane::Connections => vec![Slot::Spaces, Slot::Connections],
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => vec![Slot::Connections],
            CredentialsView::Orphans => vec![Slot::Orphans],
            CredentialsView::ByName(_) => vec![Slot::CredentialLookup],
        },
        Pane::Spaces => vec![Slot::Spaces],
    });
    slots
}

fn status(app: &App, slot: Slot) -> &Status {
    let d = &app.data;
    match slot {
        Slot::Sources => &d.sources.status,
        Slot::Gateways => &d.gateways.status,
        Slot::Connections => &d.connections.status,
        Slot::Spaces => &d.spaces.status,
        Slot::Orphans => &d.orphans.status,
        Slot::CredentialLookup => &d.lookup.status,
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => &Status::Loaded,
    }
}

fn set_status(app: &mut App, slot: Slot, s: Status) {
    let d = &mut app.data;
    let restored = match slot {
        Slot::Sources => d.sources.set_status(s),
        Slot::Gateways => d.gateways.set_status(s),
        Slot::Connections => d.connections.set_status(s),
        Slot::Spaces => d.spaces.set_status(s),
        Slot::Orphans => d.orphans.set_status(s),
        Slot::CredentialLookup => d.lookup.set_status(s),
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => None,
    };
    // a failed refresh brought the rows back: the same row is selected again
    if let Some(id) = restored {
        if let Some(pane) = pane_of(app, slot) {
            lists::rebuild(app, pane);
            let list = app.list_mut(pane);
            if let Some(pos) = list.view.iter().position(|&i| list.rows[i].id == id) {
                list.selected = pos;
            }
        }
    }
}

/// The pane a list slot fills, as the view stands.
fn pane_of(app: &App, slot: Slot) -> Option<Pane> {
    Some(match slot {
        Slot::Sources => Pane::Sources,
        Slot::Gateways => Pane::Gateways,
        Slot::Connections => Pane::Connections,
        Slot::Spaces => Pane::Spaces,
        Slot::Orphans | Slot::CredentialLookup => Pane::Credentials,
        _ => return None,
    })
    .filter(|p| app.pane == *p || *p != Pane::Credentials)
}

/// The request that fills `slot`, or `None` while it waits for another one.
fn fetch_for(app: &mut App, slot: Slot) -> Option<Fetch> {
    Some(match slot {
        Slot::Sources => Fetch::Sources,
        Slot::Gateways => {
            if app.data.sources.status != Status::Loaded {
                return None;
            }
            let source_ids = app
                .data
                .sources
                .items
                .iter()
                .filter(|s| s.is_gateway_source())
                .map(|s| s.data_source_id.clone())
                .collect();
            Fetch::Gateways {
                source_ids,
                force_refresh: std::mem::take(&mut app.force_gateway_refresh),
            }
        }
        Slot::Connections if app.pending_space.is_some() => return None,
        Slot::Connections => Fetch::Connections {
            space_id: app.space_scope.as_ref().map(|s| s.id.clone()),
            // only a list that still holds the pages before it may resume
            resume_from: if app.data.connections.items.is_empty() {
                None
            } else {
                app.data.connections_next.clone()
            },
        },
        Slot::Spaces => Fetch::Spaces,
        Slot::Orphans => Fetch::Orphans,
        Slot::CredentialLookup => match &app.credentials_view {
            CredentialsView::ByName(n) => Fetch::CredentialByName(n.as_str().into()),
            _ => return None,
        },
        Slot::Me
        | Slot::Detail
        | Slot::CredentialNames
        | Slot::Owners
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => return None,
    })
}

/// The detail the selection wants, when the detail is on screen, or its raw JSON (`J`: the
/// list keeps only what it shows of a connection, the GET has the whole object).
fn wanted_detail(app: &App) -> Option<(DetailKey, Fetch)> {
    let json = app
        .layers
        .iter()
        .any(|l| matches!(l, crate::app::layer::Layer::Json { .. }));
    if !(app.detail_beside() || app.detail_focused() || json) {
        return None;
    }
    let row = app.current().selected_row()?;
    match (app.pane, &app.credentials_view) {
        (Pane::Sources, _) => Some((
            DetailKey::ApiSpecs(row.id.clone()),
            Fetch::ApiSpecs(row.id.clone()),
        )),
        (Pane::Connections, _) => Some((
            DetailKey::Connection(row.id.clone()),
            Fetch::Connection(row.id.as_str().into()),
        )),
        (Pane::Credentials, CredentialsView::Referenced) => Some((
            DetailKey::Credential(row.id.clone()),
            Fetch::Credential(row.id.as_str().into()),
        )),
        _ => None,
    }
}

fn is_cached(app: &App, key: &DetailKey) -> bool {
    let d = &app.data;
    match key {
        DetailKey::ApiSpecs(id) => d.api_specs.contains_key(id),
        DetailKey::Connection(id) => d.connection_details.contains_key(id),
        DetailKey::Credential(id) => d.credentials.contains_key(id),
    }
}

fn forget(app: &mut App, key: &DetailKey) {
    let d = &mut app.data;
    match key {
        DetailKey::ApiSpecs(id) => d.api_specs.remove(id),
        DetailKey::Connection(id) => d.connection_details.remove(id).map(|_| Remote::Loading),
        DetailKey::Credential(id) => d.credentials.remove(id).map(|_| Remote::Loading),
    };
}

fn mark_loading(app: &mut App, key: &DetailKey) {
    let d = &mut app.data;
    match key {
        DetailKey::ApiSpecs(id) => {
            d.api_specs.insert(id.clone(), Remote::Loading);
        }
        DetailKey::Connection(id) => {
            d.connection_details.insert(id.clone(), Remote::Loading);
        }
        DetailKey::Credential(id) => {
            d.credentials.insert(id.clone(), Remote::Loading);
        }
    }
}

/// Starts what the view needs and is not there; cancels what it no longer needs.
pub fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.me.is_none() {
        app.data.me = Some(Remote::Loading);
        start(app, Slot::Me, Fetch::Me, None, fx);
    }
    let needs = needed(app);
    for slot in [
        Slot::Sources,
        Slot::Gateways,
        Slot::Spaces,
        Slot::Connections,
        Slot::Orphans,
        Slot::CredentialLookup,
    ] {
        let st = status(app, slot).clone();
        if needs.contains(&slot) {
            if st == Status::NotAsked {
                if let Some(fetch) = fetch_for(app, slot) {
                    set_status(app, slot, Status::Loading);
                    start(app, slot, fetch, None, fx);
                }
            }
        } else if st == Status::Loading {
            // the view that asked is gone: stop, and start afresh when it comes back
            cancel(app, slot, fx);
            match slot {
                // the pages loaded are kept; the walk resumes at the next one on return
                Slot::Connections if app.data.connections_next.is_some() => {
                    set_status(app, slot, Status::NotAsked)
                }
                Slot::Connections => {
                    app.data.connections.reset();
                    app.data.connections_total = None;
                    connections_changed(app);
                }
                _ => set_status(app, slot, Status::NotAsked),
            }
        }
    }
    credential_names::demand(app, fx);
    owners::demand(app, fx);
    let want = wanted_detail(app);
    let want_key = want.as_ref().map(|(k, _)| k.clone());
    if app.detail_key.is_some() && app.detail_key != want_key {
        if let Some(old) = app.detail_key.take() {
            cancel(app, Slot::Detail, fx);
            forget(app, &old);
        }
    }
    if let Some((key, fetch)) = want {
        if !is_cached(app, &key) {
            mark_loading(app, &key);
            app.detail_key = Some(key);
            start(app, Slot::Detail, fetch, Some(DETAIL_DEBOUNCE), fx);
        }
    }
}

mod copy;
mod create;
mod credential_names;
mod edit;
mod explorer;
mod lists;
mod lost;
mod manage;
mod owners;
mod prompt;
mod tasks;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod copy_tests;
#[cfg(test)]
mod manage_tests;
#[cfg(test)]
mod text_input_tests;
