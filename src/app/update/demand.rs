//! Demand-driven loading: after every action, [`demand`] compares what the current view needs
//! with what is loaded or in flight, starts what is missing and cancels what is no longer
//! needed. Panes never ask for data themselves.

use std::time::Duration;

use super::lists::{self, connections_changed};
use super::tasks::{cancel, start};
use super::{create, credential_names, owners, users};
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::state::{App, CredentialsView, DetailKey, Pane, Remote, Status};

/// How long the selection must rest before its detail is fetched.
const DETAIL_DEBOUNCE: Duration = Duration::from_millis(200);

/// The list slots the current view needs.
fn needed(app: &App) -> Vec<Slot> {
    let mut slots = create::needed(app);
    slots.extend(crate::app::resource::slots(app));
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
        | Slot::UserList
        | Slot::Form
        | Slot::FormCredential
        | Slot::Submit => &Status::Loaded,
    }
}

pub(super) fn set_status(app: &mut App, slot: Slot, s: Status) {
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
        | Slot::UserList
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
        | Slot::UserList
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
pub(super) fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.me.is_none() {
        app.data.me = Some(Remote::Loading);
        start(app, Slot::Me, Fetch::Me, None, fx);
    }
    let needs = needed(app);
    // in the order their requests should leave: the connections before the spaces their pane
    // also shows, so the walk takes the client's warm keep-alive connection and the tenant
    // answers its first page first
    for slot in [
        Slot::Sources,
        Slot::Gateways,
        Slot::Connections,
        Slot::Spaces,
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
    users::demand(app, fx);
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
