//! The explorer's lists rebuilt from the data they show.

use crate::api::models::DataSource;
use crate::app::connection_index::{ConnectionIndex, CredentialChanges};
use crate::app::listed::ListedConnection;
use crate::app::rows;
use crate::app::state::{App, CredentialUse, CredentialsView, Pane};

pub(super) fn connections_changed(app: &mut App) {
    let (index, referenced) = ConnectionIndex::rebuild(&app.data.connections.items);
    app.data.connection_index = index;
    app.data.referenced = referenced;
    rebuild(app, Pane::Connections);
    rebuild(app, Pane::Credentials);
}

/// The distinct credentials the connections point at, in first-seen order.
pub fn referenced_credentials(
    conns: &[ListedConnection],
    _sources: &[DataSource],
) -> Vec<CredentialUse> {
    ConnectionIndex::rebuild(conns).1
}

/// The Credentials pane after a page was appended: rows for the credentials referenced for the
/// first time, the rows of those used by more connections now built again (not the whole list).
pub(super) fn credentials_counted(app: &mut App, changes: &CredentialChanges) {
    if app.credentials_view != CredentialsView::Referenced {
        // the pane shows other credentials; the referenced rows are built when it comes back
        return;
    }
    if app.pane != Pane::Credentials {
        // nobody looks at them: built when the pane is shown (`build_shown`)
        app.list_mut(Pane::Credentials).stale = true;
        return;
    }
    if app.list(Pane::Credentials).rows.len() != changes.new_from {
        return rebuild(app, Pane::Credentials);
    }
    let recounted: Vec<rows::Row> = changes
        .counted
        .iter()
        .map(|&i| rows::referenced_row(app, i))
        .collect();
    let new_rows = rows::referenced_rows(app, changes.new_from);
    let list = app.list_mut(Pane::Credentials);
    let reorder = !recounted.is_empty() && (!list.filter.is_empty() || list.sort.is_some());
    for (&i, row) in changes.counted.iter().zip(recounted) {
        list.replace_row(i, row);
    }
    if reorder {
        // a count that changed may change what the filter or the sort makes of its row
        rows::refresh_view(list);
    }
    rows::append_rows(list, new_rows);
}

/// An owner's name came in: the rows of that owner's connections are built again, not the
/// whole list (the answers of a batch would each rebuild 100k rows).
pub(super) fn owner_named(app: &mut App, user: &str) {
    let deep = app.list(Pane::Connections).filter.starts_with(rows::DEEP);
    let items = &app.data.connections.items;
    let owned: Vec<(usize, usize)> = app
        .list(Pane::Connections)
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| items.get(r.item).and_then(|c| c.user.as_deref()) == Some(user))
        .map(|(n, r)| (n, r.item))
        .collect();
    let built: Vec<(usize, rows::Row)> = owned
        .into_iter()
        .map(|(n, item)| (n, rows::connection_row(app, item, deep)))
        .collect();
    rows_changed(app, Pane::Connections, built);
}

/// A credential's name came in: its row on the Credentials pane is built again.
pub(super) fn credential_named(app: &mut App, id: &str) {
    if app.credentials_view != CredentialsView::Referenced {
        return rebuild(app, Pane::Credentials);
    }
    let at = app
        .list(Pane::Credentials)
        .rows
        .iter()
        .position(|r| r.id == id);
    let built: Vec<(usize, rows::Row)> = at
        .filter(|&n| app.list(Pane::Credentials).rows[n].item < app.data.referenced.len())
        .map(|n| {
            (
                n,
                rows::referenced_row(app, app.list(Pane::Credentials).rows[n].item),
            )
        })
        .into_iter()
        .collect();
    rows_changed(app, Pane::Credentials, built);
}

/// Rows replaced in place; a filter or a sort may place them elsewhere now.
fn rows_changed(app: &mut App, pane: Pane, built: Vec<(usize, rows::Row)>) {
    if built.is_empty() {
        return;
    }
    let list = app.list_mut(pane);
    for (n, row) in built {
        list.replace_row(n, row);
    }
    if !list.filter.is_empty() || list.sort.is_some() {
        rows::refresh_view(list);
    }
}

/// After every action: the pane shown gets the rows it lacks (those left to build while it
/// was not shown).
pub(super) fn build_shown(app: &mut App) {
    if app.list(app.pane).stale {
        rebuild(app, app.pane);
    }
}

pub(super) fn rebuild(app: &mut App, pane: Pane) {
    let built = crate::app::resource::build(app, pane);
    let h = app.list_height();
    let list = app.list_mut(pane);
    rows::set_rows(list, built);
    rows::follow_selection(list, h);
}

pub(super) fn rebuild_all(app: &mut App) {
    for p in Pane::ALL {
        rebuild(app, p);
    }
}
