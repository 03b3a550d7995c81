//! What the selected row is: its id, its raw JSON and its detail as lines of data (the `ui`
//! styles them).

use serde_json::Value;

pub use super::frame::DetailLine;
use super::listed::ListedConnection;
use super::state::{App, CredentialsView, Pane, Remote, Status};

fn field(label: &str, value: impl Into<String>) -> DetailLine {
    DetailLine::Field(label.to_string(), value.into())
}

/// The selected row's id.
pub fn selected_id(app: &App) -> Option<String> {
    app.current().selected_row().map(|r| r.id.clone())
}

pub fn selected_item(app: &App) -> Option<usize> {
    app.current().selected_row().map(|r| r.item)
}

/// The name of the referenced credential at `item`, `None` while unknown (its detail not
/// fetched yet).
pub fn referenced_name(app: &App, item: usize) -> Option<String> {
    let d = &app.data;
    let r = d.referenced.get(item)?;
    r.name.clone().or_else(|| match d.credentials.get(&r.id) {
        Some(Remote::Loaded(c)) => Some(c.q_name.clone()),
        _ => None,
    })
}

/// Whether `J` waits for the selected connection's GET: the list keeps only part of a
/// connection, so the view shows the tenant's whole object, once (what the list has when the
/// GET failed).
pub fn json_loading(app: &App) -> bool {
    app.pane == Pane::Connections
        && selected_item(app)
            .and_then(|i| app.data.connections.items.get(i))
            .is_some_and(|c| {
                matches!(
                    app.data.connection_details.get(c.id()),
                    None | Some(Remote::Loading)
                )
            })
}

fn remote_note<T>(r: Option<&Remote<T>>, what: &str) -> Option<DetailLine> {
    match r {
        None | Some(Remote::Loading) => Some(DetailLine::Note(format!("loading {what}…"))),
        Some(Remote::Failed(e)) => Some(DetailLine::Error(e.clone())),
        Some(Remote::Loaded(_)) => None,
    }
}

/// Property names with their types from an api-specs `connectionProperties` document.
fn spec_properties(props: &Value) -> Vec<(String, String)> {
    props
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(name, p)| {
                    let ty = p
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_string();
                    let ty = if p.get("enum").is_some() {
                        format!("{ty} (enum)")
                    } else {
                        ty
                    };
                    (name.clone(), ty)
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn source_detail(app: &App, i: usize, out: &mut Vec<DetailLine>) -> Option<()> {
    let d = &app.data;
    let s = d.sources.items.get(i)?;
    out.push(DetailLine::Heading(s.display_name().to_string()));
    out.push(field("id", &s.data_source_id));
    out.push(field("provider", &s.provider));
    out.push(field("provider name", &s.provider_name));
    out.push(field("capabilities", s.capabilities.join(", ")));
    if let Some(q) = &s.qri_definition {
        out.push(field("QRI", q.template()));
    }
    out.push(DetailLine::Heading("api-specs".into()));
    match d.api_specs.get(&s.data_source_id) {
        Some(Remote::Loaded(spec)) => {
            out.push(field("connector", &spec.connector_provider));
            out.push(field("version", &spec.connector_version));
            for (name, ty) in spec_properties(&spec.connection_properties) {
                out.push(DetailLine::Field(format!("  {name}"), ty));
            }
        }
        other => out.extend(remote_note(other, "api-specs")),
    }
    if s.is_gateway_source() {
        out.push(DetailLine::Heading("gateways".into()));
        let gws: Vec<_> = d
            .gateways
            .items
            .iter()
            .filter(|g| g.source_id == s.data_source_id)
            .collect();
        match &d.gateways.status {
            Status::Loaded if gws.is_empty() => {
                out.push(DetailLine::Note("no gateways configured".into()))
            }
            Status::Failed(e) => out.push(DetailLine::Error(e.clone())),
            Status::Loaded => {
                for g in gws {
                    let default = if g.gateway.default { " (default)" } else { "" };
                    out.push(DetailLine::Text(format!(
                        "{}{default}  {}",
                        g.gateway.name, g.gateway.id
                    )));
                }
            }
            _ => out.push(DetailLine::Note("loading gateways…".into())),
        }
    }
    Some(())
}

pub fn gateway_detail(app: &App, i: usize, out: &mut Vec<DetailLine>) -> Option<()> {
    let g = app.data.gateways.items.get(i)?;
    out.push(DetailLine::Heading(g.gateway.name.clone()));
    out.push(field("id", &g.gateway.id));
    out.push(field(
        "source",
        format!("{} ({})", g.source_name, g.source_id),
    ));
    out.push(field("default", g.gateway.default.to_string()));
    out.push(field(
        "refreshed at",
        g.refreshed_at.clone().unwrap_or_default(),
    ));
    Some(())
}

pub fn connection_detail(app: &App, i: usize, out: &mut Vec<DetailLine>) -> Option<()> {
    let d = &app.data;
    let c = d.connections.items.get(i)?;
    let full = d.connection_details.get(c.id());
    // the connection's own GET when it answered, read as the list reads it
    let detail;
    let shown = match full {
        Some(Remote::Loaded(f)) => {
            detail = ListedConnection::from(f);
            &detail
        }
        _ => c,
    };
    out.push(DetailLine::Heading(shown.q_name.clone()));
    out.push(field("id", shown.id()));
    if let Some(source) = shown.datasource_id.as_deref() {
        out.push(field(
            "data source",
            named(&app.source_name(source), source),
        ));
    }
    out.push(field("type", &*shown.q_type));
    out.push(field("space", app.space_name(shown.space_id())));
    out.push(field("owner", app.owner_detail(shown.user.as_deref())));
    out.push(field("created", shown.created.clone().unwrap_or_default()));
    out.push(field("updated", shown.updated.clone().unwrap_or_default()));
    if let Some(cred) = shown.q_credentials_id.as_deref().filter(|c| !c.is_empty()) {
        let name = credential_name(app, cred).or(shown.q_credentials_name.clone());
        out.push(field(
            "credentials",
            name.map_or_else(|| cred.to_string(), |n| named(&n, cred)),
        ));
    }
    // only the GET (`parseConnection`) carries the properties
    let gateway = match full {
        Some(Remote::Loaded(f)) => f.connection_properties.as_ref(),
        _ => None,
    }
    .and_then(|p| p.get("gatewayInstance"))
    .and_then(Value::as_str);
    if let Some(gw) = gateway {
        let name = d
            .gateways
            .items
            .iter()
            .find(|g| g.gateway.id == gw)
            .map(|g| g.gateway.name.clone());
        out.push(field(
            "gateway",
            name.map_or_else(|| gw.to_string(), |n| named(&n, gw)),
        ));
    }
    if let Some(sep) = shown.q_separate_credentials {
        out.push(field("separate credentials", sep.to_string()));
    }
    if let Some(stmt) = &shown.q_connect_statement {
        out.push(DetailLine::Heading("connect statement".into()));
        out.push(DetailLine::Text(stmt.clone()));
    }
    match full {
        Some(Remote::Loaded(f)) => {
            if let Some(props) = &f.connection_properties {
                out.push(DetailLine::Heading("connection properties".into()));
                for (k, v) in props {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    out.push(DetailLine::Field(format!("  {k}"), v));
                }
            }
        }
        other => out.extend(remote_note(other, "details")),
    }
    Some(())
}

pub fn credential_detail(app: &App, i: usize, out: &mut Vec<DetailLine>) -> Option<()> {
    let d = &app.data;
    match &app.credentials_view {
        CredentialsView::Referenced => {
            let r = d.referenced.get(i)?;
            // a connection rarely carries the name: the fetched credential has it
            let fetched_name = match d.credentials.get(&r.id) {
                Some(Remote::Loaded(c)) if !c.q_name.is_empty() => Some(c.q_name.clone()),
                _ => None,
            };
            out.push(DetailLine::Heading(
                r.name
                    .clone()
                    .or(fetched_name)
                    .unwrap_or_else(|| r.id.clone()),
            ));
            out.push(field("id", &r.id));
            match d.credentials.get(&r.id) {
                Some(Remote::Loaded(c)) => credential_fields(c, out),
                other => out.extend(remote_note(other, "credential")),
            }
            users_of_credential(app, &r.id, out);
        }
        CredentialsView::Orphans => {
            let o = d.orphans.items.get(i)?;
            out.push(DetailLine::Heading(o.q_name.clone()));
            out.push(field("id", &o.q_id));
            out.push(field("type", &o.q_type));
            out.push(field(
                "data source",
                o.datasource_id.clone().unwrap_or_default(),
            ));
            out.push(field("connections", "0 (orphan)"));
            out.push(field("created", o.created.clone().unwrap_or_default()));
            out.push(field("updated", o.updated.clone().unwrap_or_default()));
        }
        CredentialsView::ByName(_) => {
            let c = d.lookup.items.get(i)?;
            out.push(DetailLine::Heading(c.q_name.clone()));
            out.push(field("id", &c.q_id));
            credential_fields(c, out);
            users_of_credential(app, &c.q_id, out);
        }
    }
    Some(())
}

pub fn space_detail(app: &App, i: usize, out: &mut Vec<DetailLine>) -> Option<()> {
    let s = app.data.spaces.items.get(i)?;
    out.push(DetailLine::Heading(s.name.clone()));
    out.push(field("id", &s.id));
    out.push(field("type", s.space_type.clone().unwrap_or_default()));
    if let Some(desc) = s.description.as_deref().filter(|d| !d.is_empty()) {
        out.push(DetailLine::Text(desc.to_string()));
    }
    Some(())
}

/// "Sales (65cf…)": a name with the id it stands for; the id alone when they are the same.
fn named(name: &str, id: &str) -> String {
    if name == id {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// A credential's name when qdc knows it (fetched, or carried by the referenced list).
fn credential_name(app: &App, id: &str) -> Option<String> {
    match app.data.credentials.get(id) {
        Some(Remote::Loaded(c)) if !c.q_name.is_empty() => Some(c.q_name.clone()),
        _ => app
            .data
            .referenced
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.name.clone()),
    }
}

/// The listed connections that use credential `id`, by name, with where that count comes
/// from: qdc's own count over the connections it has listed (complete once every page is in),
/// beside the tenant's `qConnCount`, which is its own counter and can lag behind a change
/// (seed 002 reads 1 right after a second connection reused the credential).
fn users_of_credential(app: &App, id: &str, out: &mut Vec<DetailLine>) {
    let d = &app.data;
    let users: Vec<&ListedConnection> = d
        .connections
        .items
        .iter()
        .filter(|c| c.q_credentials_id.as_deref() == Some(id))
        .collect();
    let complete = d.connections.status == Status::Loaded;
    let scope = match &app.space_scope {
        Some(s) => format!(" in space {}", s.name),
        None => String::new(),
    };
    out.push(DetailLine::Heading("used by".into()));
    out.push(field(
        "listed connections",
        format!(
            "{} (counted by qdc over the {} connections listed{scope}{})",
            users.len(),
            d.connections.items.len(),
            if complete { "" } else { ", still loading" },
        ),
    ));
    out.push(DetailLine::Text(
        "qConnCount is the tenant's own counter: it can lag behind recent changes".into(),
    ));
    for c in users {
        out.push(DetailLine::Field(
            format!("  {}", c.q_name),
            app.space_name(c.space_id()),
        ));
    }
}

fn credential_fields(c: &crate::api::models::Credential, out: &mut Vec<DetailLine>) {
    out.push(field(
        "connections (qConnCount)",
        format!("{} (the tenant's count)", c.q_conn_count),
    ));
    out.push(field("type", &c.q_type));
    out.push(field(
        "separated",
        match c.q_separated {
            Some(1) => "yes",
            Some(_) => "no (embedded)",
            None => "",
        },
    ));
    out.push(field(
        "data source",
        c.datasource_id.clone().unwrap_or_default(),
    ));
    out.push(field("created", c.created.clone().unwrap_or_default()));
    out.push(field("updated", c.updated.clone().unwrap_or_default()));
}

/// Whether the connections walk was stopped with Esc before its last page: loaded, with a
/// next page still to go.
pub fn connections_walk_stopped(app: &App) -> bool {
    app.data.connections.status == Status::Loaded && app.data.connections_next.is_some()
}
