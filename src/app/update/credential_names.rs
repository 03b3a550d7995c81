//! The names of the referenced credentials on screen: a connection carries only the credential's
//! id, so the Credentials pane asks for the credentials of its visible rows in the background.

use super::tasks::{cancel, start};
use crate::app::effect::{Effect, Fetch, Slot};
use crate::app::resource::item_name;
use crate::app::state::{App, CredentialsView, Pane, Remote};

/// The referenced credentials on screen whose name is unknown and not being fetched.
fn unnamed_visible_credentials(app: &App) -> Vec<String> {
    if app.pane != Pane::Credentials || app.credentials_view != CredentialsView::Referenced {
        return Vec::new();
    }
    let list = app.list(Pane::Credentials);
    let visible = list.view.iter().skip(list.offset).take(app.list_height());
    visible
        .map(|&i| &list.rows[i])
        .filter(|row| {
            item_name(app, Pane::Credentials, row.item).is_none()
                && !app.data.credentials.contains_key(&row.id)
        })
        .map(|row| row.id.clone())
        .collect()
}

/// Names the credentials on screen in the background, one batch at a time; leaving the pane
/// cancels the batch and forgets its loading markers, so they are asked again on return.
pub(super) fn demand(app: &mut App, fx: &mut Vec<Effect>) {
    let on_pane =
        app.pane == Pane::Credentials && app.credentials_view == CredentialsView::Referenced;
    if !on_pane {
        if app.inflight.contains_key(&Slot::CredentialNames) {
            cancel(app, Slot::CredentialNames, fx);
        }
        for id in std::mem::take(&mut app.data.credential_names_asked) {
            if app.data.credentials.get(&id) == Some(&Remote::Loading) {
                app.data.credentials.remove(&id);
            }
        }
        return;
    }
    if app.inflight.contains_key(&Slot::CredentialNames) {
        return; // what scrolled into view meanwhile is asked once this batch is done
    }
    let ids = unnamed_visible_credentials(app);
    if ids.is_empty() {
        return;
    }
    for id in &ids {
        app.data.credentials.insert(id.clone(), Remote::Loading);
    }
    app.data.credential_names_asked = ids.clone();
    start(
        app,
        Slot::CredentialNames,
        Fetch::Credentials(ids.iter().map(|id| id.as_str().into()).collect()),
        None,
        fx,
    );
}
