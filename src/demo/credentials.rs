//! `/api/v1/data-credentials`: no list; by id, by name, and the orphan filter.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::Value;

use super::connections::patch_ops;
use super::errors::{ApiError, ApiResult, Family};
use super::server::{json_body, AppState, Ctx};
use super::store::{now_rfc3339, value_text, Store, StoredCredential};
use crate::api::models::{
    Credential, FilterOrphanRequest, FilterOrphanResponse, Href, OrphanCredential, SelfLinks,
};

pub(crate) fn to_model(store: &Store, c: &StoredCredential, base: &str) -> Credential {
    Credential {
        connection_id: Some(c.connection_id.clone()),
        created: Some(c.created.clone()),
        datasource_id: c.source_id.clone(),
        // The seed's quirk: credential links carry no `/api`.
        links: Some(SelfLinks {
            self_: Some(Href {
                href: format!("{base}/v1/data-credentials/{}", c.id),
            }),
            extra: Default::default(),
        }),
        q_conn_count: store.connection_count(c),
        q_id: c.id.clone(),
        q_name: c.name.clone(),
        q_reference_key: None,
        q_separated: Some(c.separated as i64),
        q_type: c.q_type.clone(),
        updated: Some(c.updated.clone()),
        extra: Default::default(),
    }
}

/// The credential the path names: by id, or by name with `byCredentialName=true`.
fn resolve(store: &Store, key: &str, ctx: &Ctx) -> Result<String, ApiError> {
    let found = if ctx.flag("byCredentialName") {
        store.credential_by_name(key, &ctx.user)
    } else {
        store.credential(key)
    };
    found
        .map(|c| c.id.clone())
        .ok_or_else(|| ApiError::dc(404, format!("Credential '{key}' not found.")))
}

fn name_clash(store: &Store, name: &str, owner: &str, except: &str) -> bool {
    store
        .credentials
        .iter()
        .any(|c| c.name == name && c.owner == owner && c.id != except)
}

pub(crate) async fn get_one(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx)?;
    let cred = store.credential(&id).expect("resolved");
    Ok(Json(to_model(&store, cred, &ctx.base)).into_response())
}

pub(crate) async fn patch(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let ops = patch_ops(json_body(&body, Family::DataConnections)?)?;
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx)?;
    let mut updated = store.credential(&id).expect("resolved").clone();
    for op in ops {
        let value = op.value.as_ref().map(value_text);
        match (op.path.as_str(), value) {
            ("/qName", Some(name)) if !name.is_empty() => updated.name = name,
            ("/qUsername", v) => updated.username = v,
            ("/qPassword", v) => updated.secret = v,
            (path, _) => {
                return Err(ApiError::dc(
                    400,
                    format!("Unsupported patch path '{path}' for a credential."),
                ))
            }
        }
    }
    if name_clash(&store, &updated.name, &updated.owner, &id) {
        return Err(ApiError::dc(
            409,
            format!("A credential named '{}' already exists.", updated.name),
        ));
    }
    updated.updated = now_rfc3339();
    *store.credential_mut(&id).expect("resolved") = updated;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(crate) async fn put(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body, Family::DataConnections)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx)?;
    let (Some(name), Some(q_type)) = (text("qName"), text("qType")) else {
        return Err(ApiError::dc(
            400,
            "Fields qName, qType, qUsername and qPassword are required.",
        ));
    };
    let (Some(username), Some(password)) = (text("qUsername"), text("qPassword")) else {
        return Err(ApiError::dc(
            400,
            "Fields qName, qType, qUsername and qPassword are required.",
        ));
    };
    let current = store.credential(&id).expect("resolved").clone();
    if let Some(conn) = text("connectionId") {
        if conn != current.connection_id {
            return Err(ApiError::dc(400, "Connection ID changed."));
        }
    }
    if name_clash(&store, &name, &current.owner, &id) {
        return Err(ApiError::dc(
            409,
            format!("A credential named '{name}' already exists."),
        ));
    }
    let cred = store.credential_mut(&id).expect("resolved");
    cred.name = name;
    cred.q_type = q_type;
    cred.username = Some(username);
    cred.secret = Some(password);
    if let Some(ds) = text("datasourceID") {
        cred.source_id = Some(ds);
    }
    cred.updated = now_rfc3339();
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx)?;
    store.credentials.retain(|c| c.id != id);
    for conn in store.connections.iter_mut() {
        if conn.credential_id.as_deref() == Some(id.as_str()) {
            conn.credential_id = None;
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(crate) async fn filter_orphan(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let filter: FilterOrphanRequest = if body.iter().all(u8::is_ascii_whitespace) {
        FilterOrphanRequest::default()
    } else {
        serde_json::from_value(json_body(&body, Family::DataConnections)?)
            .map_err(|e| ApiError::dc(400, format!("Invalid filter: {e}")))?
    };
    let store = crate::demo::locked(&state.store);
    let data: Vec<OrphanCredential> = store
        .credentials
        .iter()
        .filter(|c| c.owner == ctx.user && !store.is_linked(c))
        .filter(|c| filter.q_type.as_deref().is_none_or(|t| t == c.q_type))
        .filter(|c| filter.q_separated.is_none_or(|s| s == c.separated as i64))
        .filter(|c| {
            filter
                .datasource_id
                .as_deref()
                .is_none_or(|d| Some(d) == c.source_id.as_deref())
        })
        .map(|c| OrphanCredential {
            q_id: c.id.clone(),
            q_name: c.name.clone(),
            q_type: c.q_type.clone(),
            datasource_id: c.source_id.clone(),
            user: Some(c.owner.clone()),
            tenant: Some(store.tenant_id.clone()),
            created: Some(c.created.clone()),
            updated: Some(c.updated.clone()),
            extra: Default::default(),
        })
        .collect();
    let count = data.len() as i64;
    Ok(Json(FilterOrphanResponse { data, count }).into_response())
}
