//! The lists' results coming back: each payload folded into the data and the rows (a page of
//! connections appended, not the whole list rebuilt), failures said once and kept beside the
//! list they are about.

use crate::api::ids::CredentialId;
use crate::api::models::{ConnectionsPage, Credential, GatewaysResponse, User};
use crate::api::Error;

use super::demand::set_status;
use super::explorer::refresh_after;
use super::lists::{self, connections_changed, credentials_counted, rebuild};
use super::prompt::resolve_pending_space;
use crate::app::action::Payload;
use crate::app::connection_index::CredentialChanges;
use crate::app::data::{Data, Dataset};
use crate::app::effect::{Slot, Ticket};
use crate::app::feedback::log_quietly;
use crate::app::rows;
use crate::app::state::{App, GatewayEntry, Level, Pane, Remote, Status};

pub(super) fn on_loaded(app: &mut App, ticket: Ticket, payload: Payload) {
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
        refresh_after(app, ticket.slot);
    }
}

// one arm per payload kind, most a few lines: a table of where each result goes
fn on_payload(app: &mut App, ticket: Ticket, payload: Payload) {
    match payload {
        Payload::Me(r) => on_me(app, r),
        Payload::Sources(r) => {
            fill(app, Slot::Sources, r, |d| &mut d.sources);
            rebuild(app, Pane::Sources);
        }
        Payload::Gateways(results) => on_gateways(app, results),
        Payload::ConnectionsPage(r) => on_connections_page(app, r),
        Payload::ConnectionsEnd => on_connections_end(app),
        Payload::Spaces(r) => {
            fill(app, Slot::Spaces, r, |d| &mut d.spaces);
            rebuild(app, Pane::Spaces);
            rebuild(app, Pane::Connections);
            resolve_pending_space(app);
        }
        Payload::Orphans(r) => {
            fill(app, Slot::Orphans, r.map(|v| v.data), |d| &mut d.orphans);
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
            on_credential_name(app, id, r)
        }
        Payload::CredentialsEnd => app.data.credential_names_asked.clear(),
        Payload::User(id, r) => on_owner_name(app, id, r),
        Payload::UsersEnd => app.data.users_asked.clear(),
        Payload::UserList(r) => super::users::listed(app, r),
        Payload::Credential(id, r) => {
            app.detail_key = None;
            let r = report(app, r);
            app.data.credentials.insert(id.0, r);
            rebuild(app, Pane::Credentials);
        }
        // results of the form's slots, which `create::on_loaded` takes
        Payload::Found(..) | Payload::EditSource(..) => {}
    }
}

/// A whole list loaded (sources, spaces, orphans): its items replaced, or the failure said
/// and kept beside it. `dataset` picks the list, so the three share one path.
fn fill<T>(
    app: &mut App,
    slot: Slot,
    r: Result<Vec<T>, Error>,
    dataset: fn(&mut Data) -> &mut Dataset<T>,
) {
    match r {
        Ok(v) => {
            let list = dataset(&mut app.data);
            list.items = v;
            list.set_status(Status::Loaded);
        }
        Err(e) => fail(app, slot, &e),
    }
}

/// The connections walk is over, also when the pager ended it (a next link that repeats).
fn on_connections_end(app: &mut App) {
    app.data.connections_next = None;
    app.data.connections.set_status(Status::Loaded);
    // the pages kept the rows in step: only a list changed otherwise is built again
    if app.list(Pane::Connections).rows.len() == app.data.connections.items.len() {
        // a walk is over: give back what growing the lists page by page reserved
        app.data.connections.items.shrink_to_fit();
        app.data.referenced.shrink_to_fit();
        app.data.connection_index.shrink_to_fit();
        for pane in [Pane::Connections, Pane::Credentials] {
            let list = app.list_mut(pane);
            list.rows.shrink_to_fit();
            list.view.shrink_to_fit();
        }
    } else {
        connections_changed(app);
    }
}

/// Who the admin is: a failure goes to :messages only, the lists work without it.
fn on_me(app: &mut App, r: Result<User, Error>) {
    app.data.me = Some(remote(r.map_err(|e| {
        let s = e.summary();
        log_quietly(&mut app.messages, Level::Warn, format!("who am I: {s}"));
        s
    })));
    rebuild(app, Pane::Connections);
}

/// A background credential name: its failure shows in the detail, not as a flash per row.
fn on_credential_name(app: &mut App, id: CredentialId, r: Result<Credential, Error>) {
    let r = r.map_err(|e| e.summary());
    app.data.credentials.insert(id.0.clone(), remote(r));
    lists::credential_named(app, id.as_str());
}

/// A background owner name: a failure leaves the id on screen and goes to :messages only.
fn on_owner_name(app: &mut App, id: String, r: Result<User, Error>) {
    let r = r.map_err(|e| {
        let s = e.summary();
        log_quietly(&mut app.messages, Level::Warn, format!("owner {id}: {s}"));
        s
    });
    app.data.users.insert(id.clone(), remote(r));
    lists::owner_named(app, &id);
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
