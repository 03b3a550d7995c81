//! The owners of the listed connections by name: a connection carries only its owner's user id
//! (`user`), so the Connections pane asks `users/{id}` for the owners on screen, once each,
//! in the background, and keeps the answers for the session.

use super::tasks::{cancel, start};
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::state::{App, Pane, Remote};

/// At most this many users per batch; what is left is asked by the next one.
const BATCH: usize = 16;

/// The owners of the connections on screen (and of the selected one) not known or asked yet.
fn unknown_owners(app: &App) -> Vec<String> {
    let me = match &app.data.me {
        Some(Remote::Loaded(u)) => u.id.as_str(),
        // until the caller is known every owner could be "me"
        _ => return Vec::new(),
    };
    let list = app.list(Pane::Connections);
    let visible = list.view.iter().skip(list.offset).take(app.list_height());
    let mut ids: Vec<String> = Vec::new();
    for &i in visible {
        let Some(c) = app.data.connections.items.get(list.rows[i].item) else {
            continue;
        };
        let Some(owner) = c.user.as_deref().filter(|u| !u.is_empty() && *u != me) else {
            continue;
        };
        if !app.data.users.contains_key(owner) && !ids.iter().any(|x| x == owner) {
            ids.push(owner.to_string());
        }
        if ids.len() == BATCH {
            break;
        }
    }
    ids
}

/// Names the owners on the Connections pane in the background, one batch at a time; leaving
/// the pane cancels the batch and forgets its loading markers, so they are asked on return.
pub(super) fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    if app.pane != Pane::Connections {
        if app.inflight.contains_key(&Slot::Owners) {
            cancel(app, Slot::Owners, fx);
        }
        for id in std::mem::take(&mut app.data.users_asked) {
            if app.data.users.get(&id) == Some(&Remote::Loading) {
                app.data.users.remove(&id);
            }
        }
        return;
    }
    if app.inflight.contains_key(&Slot::Owners) {
        return;
    }
    let ids = unknown_owners(app);
    if ids.is_empty() {
        return;
    }
    for id in &ids {
        app.data.users.insert(id.clone(), Remote::Loading);
    }
    app.data.users_asked = ids.clone();
    start(app, Slot::Owners, Fetch::Users(ids), None, fx);
}
