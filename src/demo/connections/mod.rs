//! `/api/v1/data-connections` and the deprecated dcaas create/get, one module per endpoint
//! family: `list` (paging), `get` (one connection, by id or name), `create` (both body forms and
//! dcaas, which share the create logic), `change` (PATCH, PUT) and `actions` (DELETE, bulk
//! delete/update, duplicate). What they share (the response model, visibility, name
//! resolution) lives here.

mod actions;
mod change;
mod create;
mod get;
mod list;

pub(crate) use actions::{bulk_delete, bulk_update, delete, duplicate};
pub(crate) use change::{patch, patch_ops, put};
pub(crate) use create::{create, dcaas_create};
pub(crate) use get::{dcaas_get, get_one};
pub(crate) use list::list;

use super::errors::{ApiError, Family};
use super::server::Ctx;
use super::store::{Store, StoredConnection};
use crate::api::models::{Connection, Href, IntOrString, SelfLinks};

const OWNER_PRIVILEGES: &[&str] = &[
    "change_owner",
    "change_space",
    "delete",
    "list",
    "read",
    "update",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// The 201 of a create: the seed's short privileges and its `/v1` link without `/api`.
    Created,
    Single,
    List {
        include_qri: bool,
        extended: bool,
    },
}

fn to_model(store: &Store, c: &StoredConnection, base: &str, view: View) -> Connection {
    let link_base = if view == View::Created {
        format!("{base}/v1")
    } else {
        format!("{base}/api/v1")
    };
    let links = Some(SelfLinks {
        self_: Some(Href {
            href: format!("{link_base}/data-connections/{}", c.id),
        }),
        extra: Default::default(),
    });
    if c.datafiles {
        return Connection {
            id: Some(c.id.clone()),
            links,
            privileges: Some(vec!["read".into()]),
            q_architecture: Some(0),
            q_connect_statement: Some(c.connect_statement.clone()),
            q_engine_object_id: Some(c.id.clone()),
            q_id: c.id.clone(),
            q_log_on: Some(IntOrString::Int(0)),
            q_name: c.name.clone(),
            q_type: c.q_type.clone(),
            space: c.space.clone(),
            tenant: Some(store.tenant_id.clone()),
            ..Default::default()
        };
    }
    let privileges: Vec<String> = match view {
        View::Created => ["read", "update", "delete"].map(String::from).to_vec(),
        _ => OWNER_PRIVILEGES.iter().map(|p| p.to_string()).collect(),
    };
    let qri = match view {
        View::List { include_qri, .. } if !include_qri => None,
        _ => c.qri.clone(),
    };
    let credential_name = match view {
        View::List { extended: true, .. } => c
            .credential_id
            .as_deref()
            .and_then(|id| store.credential(id))
            .map(|cr| cr.name.clone()),
        _ => None,
    };
    Connection {
        created: Some(c.created.clone()),
        datasource_id: Some(c.source_id.clone()),
        id: Some(c.id.clone()),
        links,
        privileges: Some(privileges),
        q_architecture: Some(0),
        q_connect_statement: Some(c.connect_statement.clone()),
        q_credentials_id: c.credential_id.clone(),
        q_credentials_name: credential_name,
        q_engine_object_id: Some(c.id.clone()),
        q_id: c.id.clone(),
        q_log_on: Some(IntOrString::Int(c.log_on)),
        q_name: c.name.clone(),
        q_separate_credentials: Some(c.separate_credentials),
        q_type: c.q_type.clone(),
        qri,
        space: c.space.clone(),
        tags: Some(c.tags.clone()),
        tenant: Some(store.tenant_id.clone()),
        updated: Some(c.updated.clone()),
        user: Some(c.owner.clone()),
        version: Some("V1".into()),
        ..Default::default()
    }
}

fn visible(c: &StoredConnection, user: &str) -> bool {
    c.space.is_some() || c.owner == user
}

/// The connection a path names: a UUID, or a name with `type=connectionname` (resolved in
/// `spaceId`, else the caller's personal space, else any space the caller sees).
fn resolve(store: &Store, key: &str, ctx: &Ctx, family: Family) -> Result<String, ApiError> {
    let by_name = ctx
        .param("type")
        .is_some_and(|t| t.eq_ignore_ascii_case("connectionname"));
    let found = if by_name {
        let named = |c: &&StoredConnection| c.name == key && visible(c, &ctx.user);
        match ctx.param("spaceId").filter(|s| !s.is_empty()) {
            Some(space) => store
                .connections
                .iter()
                .filter(named)
                .find(|c| c.space.as_deref() == Some(space)),
            None => store
                .connections
                .iter()
                .filter(named)
                .find(|c| c.space.is_none())
                .or_else(|| store.connections.iter().find(named)),
        }
    } else {
        if uuid::Uuid::parse_str(key).is_err() {
            return Err(ApiError::new(
                family,
                400,
                format!("'{key}' is not a valid connection ID (a UUID); use type=connectionname to look up by name."),
            ));
        }
        store.connection(key).filter(|c| visible(c, &ctx.user))
    };
    found
        .map(|c| c.id.clone())
        .ok_or_else(|| ApiError::new(family, 404, format!("Connection '{key}' not found.")))
}
