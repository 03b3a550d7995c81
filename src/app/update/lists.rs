//! The explorer's lists rebuilt from the data they show.

use crate::api::models::{Connection, DataSource};
use crate::app::rows;
use crate::app::state::{App, CredentialUse, Pane};

pub(super) fn connections_changed(app: &mut App) {
    app.data.referenced =
        referenced_credentials(&app.data.connections.items, &app.data.sources.items);
    rebuild(app, Pane::Connections);
    rebuild(app, Pane::Credentials);
}

/// The distinct credentials the connections point at, in first-seen order.
pub fn referenced_credentials(conns: &[Connection], _sources: &[DataSource]) -> Vec<CredentialUse> {
    let mut out: Vec<CredentialUse> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for c in conns {
        let Some(id) = c.q_credentials_id.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        match index.get(id) {
            Some(&i) => {
                let u: &mut CredentialUse = &mut out[i];
                u.connections += 1;
            }
            None => {
                index.insert(id.to_string(), out.len());
                out.push(CredentialUse {
                    id: id.to_string(),
                    name: c.q_credentials_name.clone(),
                    data_source: c.datasource_id.clone(),
                    connections: 1,
                });
            }
        }
    }
    out
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
