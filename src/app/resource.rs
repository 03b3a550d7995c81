//! The resource table: one entry per list the explorer shows (a pane, or one view of the
//! Credentials pane) declaring what differs by list: the slots its data comes from, its
//! columns, its rows, what a row is named, its JSON, its detail, where its data stands and what
//! it says when empty. Whatever differs by pane asks here ([`of`]); adding a pane is its entry
//! here plus its model's functions (its rows in `rows`, its detail in `selection`, its data in
//! `data`).

use serde_json::Value;

use super::data::{Data, Remote, Status};
use super::effect::Slot;
use super::frame::DetailLine;
use super::keymap::{Context, Intent};
use super::list::Row;
use super::pane::Pane;
use super::rows::{self, Column};
use super::selection;
use super::state::{App, CredentialsView};

pub struct Resource {
    /// The list slots whose data it shows (`update::demand` starts them).
    pub slots: &'static [Slot],
    pub columns: &'static [Column],
    /// Every row from the current data (one function per list, in `rows`).
    pub rows: fn(&App) -> Vec<Row>,
    /// Item `i`'s name as the model says it; `None` while unknown.
    pub name: fn(&App, usize) -> Option<String>,
    /// Item `i` as the tenant sent it (the fetched detail when there is one).
    pub json: fn(&App, usize) -> Option<Value>,
    /// Item `i`'s detail lines; `None` when the item is gone from its list.
    pub detail: fn(&App, usize, &mut Vec<DetailLine>) -> Option<()>,
    /// Where its data stands (before `NotAsked` is read as loading).
    pub status: fn(&App) -> Status,
    /// "showing the list from 14:02; refresh failed: …" after a failed refresh.
    pub stale: fn(&Data) -> Option<&str>,
    /// What it says once loaded and empty.
    pub empty: fn(&App) -> String,
}

fn to(v: Result<Value, serde_json::Error>) -> Option<Value> {
    v.ok()
}

static SOURCES: Resource = Resource {
    slots: &[Slot::Sources, Slot::Gateways],
    columns: rows::SOURCES,
    rows: rows::source_rows,
    name: |app, i| Some(app.data.sources.items.get(i)?.display_name().to_string()),
    json: |app, i| to(serde_json::to_value(app.data.sources.items.get(i)?)),
    detail: selection::source_detail,
    status: |app| app.data.sources.status.clone(),
    stale: |d| d.sources.stale.as_deref(),
    empty: |_| "no data sources".into(),
};

static GATEWAYS: Resource = Resource {
    slots: &[Slot::Sources, Slot::Gateways],
    columns: rows::GATEWAYS,
    rows: rows::gateway_rows,
    name: |app, i| Some(app.data.gateways.items.get(i)?.gateway.name.clone()),
    json: |app, i| {
        to(serde_json::to_value(
            &app.data.gateways.items.get(i)?.gateway,
        ))
    },
    detail: selection::gateway_detail,
    // the gateways are asked per source: they wait for the sources
    status: |app| match &app.data.sources.status {
        Status::Failed(e) => Status::Failed(e.clone()),
        Status::Loaded => app.data.gateways.status.clone(),
        _ => Status::Loading,
    },
    stale: |d| d.gateways.stale.as_deref(),
    empty: |_| "no gateways: no DG_ source has one configured".into(),
};

static CONNECTIONS: Resource = Resource {
    slots: &[Slot::Spaces, Slot::Connections],
    columns: rows::CONNECTIONS,
    rows: |app| rows::connection_rows(app, 0),
    name: |app, i| Some(app.data.connections.items.get(i)?.q_name.clone()),
    json: |app, i| {
        let d = &app.data;
        let c = d.connections.items.get(i)?;
        match d.connection_details.get(c.id()) {
            Some(Remote::Loaded(full)) => to(serde_json::to_value(full)),
            _ => to(serde_json::to_value(c)),
        }
    },
    detail: selection::connection_detail,
    status: |app| app.data.connections.status.clone(),
    stale: |d| d.connections.stale.as_deref(),
    empty: |app| match (&app.drill, &app.space_scope) {
        (Some(d), _) => format!(
            "no connections {} among the {} listed ({} goes back)",
            d.describe(),
            app.data.connections.items.len(),
            app.keymap
                .key_label(Context::List(Pane::Connections), Intent::Back)
        ),
        (None, Some(s)) => format!("no connections in space {}", s.name),
        (None, None) => "no connections".into(),
    },
};

/// The credentials the listed connections reference (the Credentials pane's first view).
static REFERENCED: Resource = Resource {
    slots: &[Slot::Connections],
    columns: rows::REFERENCED,
    rows: |app| rows::referenced_rows(app, 0),
    name: selection::referenced_name,
    json: |app, i| {
        let d = &app.data;
        let r = d.referenced.get(i)?;
        match d.credentials.get(&r.id) {
            Some(Remote::Loaded(c)) => to(serde_json::to_value(c)),
            _ => Some(serde_json::json!({"qID": r.id, "qName": r.name})),
        }
    },
    detail: selection::credential_detail,
    status: |app| app.data.connections.status.clone(),
    stale: |d| d.connections.stale.as_deref(),
    empty: |_| "no listed connection references credentials".into(),
};

static ORPHANS: Resource = Resource {
    slots: &[Slot::Orphans],
    columns: rows::ORPHANS,
    rows: rows::orphan_rows,
    name: |app, i| Some(app.data.orphans.items.get(i)?.q_name.clone()),
    json: |app, i| to(serde_json::to_value(app.data.orphans.items.get(i)?)),
    detail: selection::credential_detail,
    status: |app| app.data.orphans.status.clone(),
    stale: |d| d.orphans.stale.as_deref(),
    empty: |_| "no orphan credentials".into(),
};

static BY_NAME: Resource = Resource {
    slots: &[Slot::CredentialLookup],
    columns: rows::BY_NAME,
    rows: rows::credential_lookup_rows,
    name: |app, i| Some(app.data.lookup.items.get(i)?.q_name.clone()),
    json: |app, i| to(serde_json::to_value(app.data.lookup.items.get(i)?)),
    detail: selection::credential_detail,
    status: |app| app.data.lookup.status.clone(),
    stale: |d| d.lookup.stale.as_deref(),
    empty: |app| match &app.credentials_view {
        CredentialsView::ByName(n) => format!("no credential named {n}"),
        _ => "no credential of that name".into(),
    },
};

static SPACES: Resource = Resource {
    slots: &[Slot::Spaces],
    columns: rows::SPACES,
    rows: rows::space_rows,
    name: |app, i| Some(app.data.spaces.items.get(i)?.name.clone()),
    json: |app, i| to(serde_json::to_value(app.data.spaces.items.get(i)?)),
    detail: selection::space_detail,
    status: |app| app.data.spaces.status.clone(),
    stale: |d| d.spaces.stale.as_deref(),
    empty: |_| "no spaces".into(),
};

/// The entry of `pane` (in the current credentials view).
pub fn of(app: &App, pane: Pane) -> &'static Resource {
    match pane {
        Pane::Sources => &SOURCES,
        Pane::Gateways => &GATEWAYS,
        Pane::Connections => &CONNECTIONS,
        Pane::Credentials => match app.credentials_view {
            CredentialsView::Referenced => &REFERENCED,
            CredentialsView::Orphans => &ORPHANS,
            CredentialsView::ByName(_) => &BY_NAME,
        },
        Pane::Spaces => &SPACES,
    }
}

// What the rest of `app`, `update` and `ui` ask, each answered from the table.

pub fn columns(app: &App, pane: Pane) -> &'static [Column] {
    of(app, pane).columns
}

/// The rows of `pane` from the current data.
pub fn build(app: &App, pane: Pane) -> Vec<Row> {
    (of(app, pane).rows)(app)
}

/// The name of item `item` of `pane` as the tenant's data says it, `None` while unknown (a
/// referenced credential not fetched yet): what domain logic names a row by, never a display
/// cell.
pub fn item_name(app: &App, pane: Pane, item: usize) -> Option<String> {
    (of(app, pane).name)(app, item).filter(|n| !n.is_empty())
}

/// The selection as the tenant sent it (the fetched detail when there is one).
pub fn selected_json(app: &App) -> Option<Value> {
    let i = selection::selected_item(app)?;
    (of(app, app.pane).json)(app, i)
}

/// The raw JSON text shown by `J`; `None` while a connection's GET is on its way.
pub fn selected_json_text(app: &App) -> Option<String> {
    if selection::json_loading(app) {
        return None;
    }
    selected_json(app).and_then(|v| serde_json::to_string_pretty(&v).ok())
}

/// The detail of the selected row as lines of data.
pub fn detail_lines(app: &App) -> Vec<DetailLine> {
    let Some(i) = selection::selected_item(app) else {
        return vec![DetailLine::Text("nothing selected".into())];
    };
    let mut out = Vec::new();
    // an item gone from its list (a stale index) shows nothing rather than another item
    (of(app, app.pane).detail)(app, i, &mut out);
    out
}

/// Where the data of `pane` stands (what its empty/loading/error state says).
pub fn pane_status(app: &App, pane: Pane) -> Status {
    match (of(app, pane).status)(app) {
        Status::NotAsked => Status::Loading,
        other => other,
    }
}

/// What an empty list says once loaded.
pub fn empty_text(app: &App, pane: Pane) -> String {
    (of(app, pane).empty)(app)
}

/// The current list's note after a failed refresh.
pub fn stale(app: &App) -> Option<&str> {
    (of(app, app.pane).stale)(&app.data)
}

/// The list slots the current pane needs.
pub fn slots(app: &App) -> &'static [Slot] {
    of(app, app.pane).slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{Connection, Credential, DataSource, Gateway, Space};
    use crate::app::data::GatewayEntry;
    use crate::app::state::Tenant;

    /// One item in every list the table has an entry for.
    fn app_with_one_of_each() -> App {
        let mut app = App::new(Tenant::default());
        let d = &mut app.data;
        d.sources.items = vec![DataSource {
            data_source_id: "DG_x".into(),
            ..Default::default()
        }];
        d.gateways.items = vec![GatewayEntry {
            source_id: "DG_x".into(),
            source_name: "X".into(),
            gateway: Gateway::default(),
            refreshed_at: None,
        }];
        let conn = Connection {
            q_id: "c1".into(),
            id: Some("c1".into()),
            q_name: "sales".into(),
            q_credentials_id: Some("k1".into()),
            ..Default::default()
        };
        d.connections.items = vec![conn.into()];
        d.referenced = crate::app::update::referenced_credentials(&d.connections.items, &[]);
        d.orphans.items = vec![Default::default()];
        d.lookup.items = vec![Credential::default()];
        d.spaces.items = vec![Space::default()];
        app
    }

    /// Every list's rows have one cell per column of its header: a new pane whose rows and
    /// columns disagree shows shifted columns, and fails here first.
    #[test]
    fn every_lists_rows_have_a_cell_per_column() {
        let mut app = app_with_one_of_each();
        let views = [
            CredentialsView::Referenced,
            CredentialsView::Orphans,
            CredentialsView::ByName("x".into()),
        ];
        for view in views {
            app.credentials_view = view;
            for pane in Pane::ALL {
                let r = of(&app, pane);
                let rows = (r.rows)(&app);
                assert_eq!(rows.len(), 1, "{pane:?}: one item, one row");
                assert_eq!(rows[0].cells.len(), r.columns.len(), "{pane:?}");
                assert!(!r.slots.is_empty(), "{pane:?} loads from somewhere");
            }
        }
    }
}
