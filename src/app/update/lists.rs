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
        list.rows[i] = row;
    }
    if reorder {
        // a count that changed may change what the filter or the sort makes of its row
        rows::refresh_view(list);
    }
    rows::append_rows(list, new_rows);
}

pub(super) fn rebuild(app: &mut App, pane: Pane) {
    let built = rows::build(app, pane);
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
