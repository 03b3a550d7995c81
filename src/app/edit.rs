//! Editing everything the API can change about a connection, as state: what the connection was
//! when the form opened (its space, owner, gateway and credentials), the plan of requests an
//! edit turns into, and what came back. How the form's rows become a plan lives in
//! `update/edit.rs`; the requests in `runtime/edit.rs`.
//!
//! Which request carries what (the brief's §4.5, §4.8):
//! * `PATCH` (JSON-Patch): the name, every property, the gateway (`gatewayInstance`) and the
//!   credentials mode, with the same `connectionProperties` a create takes
//!   (`separateCredentials`, `selectedCredentials`, `credentialsName`);
//! * `actions/update` (one item): the space (with its `spaceType`) and the owner, which PATCH
//!   cannot change.

use crate::api::models::{BulkUpdateItem, Connection, DcaasCreateConnection, PatchOp};
use crate::api::Error;
use crate::schema::Change;

use super::data::{Data, Remote};
use super::picker::Choice;

/// What the edited connection was when the form opened: a row whose value still equals this is
/// not sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Original {
    /// `""`: the personal space.
    pub space: String,
    pub owner: String,
    pub gateway: String,
    pub separated: bool,
    pub credential_id: String,
    /// The source needs the interactive OAuth handoff: a PATCH needs a fresh `qlik-auth-code`.
    pub interactive: bool,
}

impl Original {
    pub fn of(conn: &Connection, interactive: bool) -> Self {
        let properties = conn.connection_properties.as_ref();
        Original {
            space: conn.space.clone().unwrap_or_default(),
            owner: conn.user.clone().unwrap_or_default(),
            gateway: properties
                .and_then(|p| p.get("gatewayInstance"))
                .and_then(|g| g.as_str())
                .unwrap_or_default()
                .to_string(),
            separated: conn.q_separate_credentials.unwrap_or(false),
            credential_id: conn.q_credentials_id.clone().unwrap_or_default(),
            interactive,
        }
    }
}

/// Whether the tenant lets the caller do `privilege` (`change_space`, `change_owner`) on
/// `conn`. A connection listed without `privileges` is not refused here: the tenant decides.
pub fn allows(conn: &Connection, privilege: &str) -> bool {
    conn.privileges
        .as_ref()
        .is_none_or(|p| p.iter().any(|x| x == privilege))
}

/// The requests of one edit, with the lines the confirm shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The JSON-Patch; empty: no PATCH is sent.
    pub ops: Vec<PatchOp>,
    /// One `actions/update` item (space, owner); `None`: not sent.
    pub update: Option<BulkUpdateItem>,
    /// For an OAuth-based connection's PATCH: the body that asks for a new authorization URL
    /// (`authUrlOnly`); its code goes out as the `qlik-auth-code` header.
    pub auth: Option<DcaasCreateConnection>,
    pub changes: Vec<Change>,
    /// What the admin should know before saying yes (an owner change drops the credentials).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.update.is_none()
    }

    /// "PATCH, then actions/update": what the confirm says will go out.
    pub fn requests(&self) -> String {
        let mut out = Vec::new();
        if !self.ops.is_empty() {
            out.push(if self.auth.is_some() {
                "PATCH with a new qlik-auth-code (the authorization URL opens first)"
            } else {
                "PATCH"
            });
        }
        if self.update.is_some() {
            out.push("actions/update");
        }
        out.join(", then ")
    }
}

/// What an edit's requests came back with.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The PATCH went through (or there was none to send).
    pub patched: bool,
    /// The first request that failed, in the tenant's words; `None`: all went through.
    pub failure: Option<Failure>,
    /// The connection as the tenant has it after the requests (read back).
    pub connection: Result<Connection, Error>,
}

#[derive(Debug, Clone)]
pub enum Failure {
    Patch(Error),
    /// The request failed as a whole.
    Update(Error),
    /// The request went through but refused this connection's item: the tenant's words.
    UpdateItem(String),
}

impl Failure {
    pub fn summary(&self) -> String {
        match self {
            Failure::Patch(e) => format!("PATCH: {}", e.summary()),
            Failure::Update(e) => format!("actions/update: {}", e.summary()),
            Failure::UpdateItem(words) => format!("actions/update: {words}"),
        }
    }
}

/// The users qdc knows, for the owner row: the caller first, then the owners looked up.
pub fn user_choices(data: &Data) -> Vec<Choice> {
    let label = |u: &crate::api::models::User| match &u.email {
        Some(e) if !e.is_empty() && *e != u.name => format!("{} <{e}>", u.name),
        _ => u.name.clone(),
    };
    let mut out = Vec::new();
    if let Some(Remote::Loaded(me)) = &data.me {
        out.push(Choice::new(format!("{} (me)", label(me)), me.id.clone()));
    }
    let mut others: Vec<Choice> = data
        .users
        .values()
        .filter_map(|u| match u {
            Remote::Loaded(u) if !out.iter().any(|c: &Choice| c.value == u.id) => {
                Some(Choice::new(label(u), u.id.clone()))
            }
            _ => None,
        })
        .collect();
    others.sort_by_key(|c| c.label.to_lowercase());
    out.extend(others);
    out
}

/// The separated credentials qdc knows of for a source (its id, or the connector's `q_type`):
/// those the listed connections reference (named on screen), those found by name, and the
/// orphans. Each once, by name; where it comes from in its label.
pub fn credential_choices(data: &Data, source_id: &str, q_type: &str) -> Vec<Choice> {
    let fits =
        |ds: Option<&str>, t: &str| ds == Some(source_id) || (!q_type.is_empty() && t == q_type);
    let mut out: Vec<Choice> = Vec::new();
    let mut push = |id: &str, label: String| {
        if !out.iter().any(|c| c.value == id) {
            out.push(Choice::new(label, id));
        }
    };
    let mut referenced: Vec<_> = data
        .credentials
        .values()
        .filter_map(|c| match c {
            Remote::Loaded(c) => Some(c),
            _ => None,
        })
        .chain(data.lookup.items.iter())
        .filter(|c| c.q_separated == Some(1) && fits(c.datasource_id.as_deref(), &c.q_type))
        .collect();
    referenced.sort_by(|a, b| a.q_name.cmp(&b.q_name));
    for c in referenced {
        push(
            &c.q_id,
            format!("{} (used by {})", c.q_name, c.q_conn_count),
        );
    }
    for o in &data.orphans.items {
        if fits(o.datasource_id.as_deref(), &o.q_type) {
            push(
                &o.q_id,
                format!("{} (orphan: no connection uses it)", o.q_name),
            );
        }
    }
    out
}
