//! `DELETE` of one connection, the bulk `actions/delete` and `actions/update`, and
//! `actions/duplicate`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;

use super::change::reserved;
use super::create::embedded_credential;
use super::{resolve, to_model, visible, View};
use crate::api::models::{
    BulkDeleteRequest, BulkItemResult, BulkResponse, BulkUpdateItem, BulkUpdateRequest,
    DuplicateConnection,
};
use crate::demo::errors::{ApiError, ApiResult, Family};
use crate::demo::server::{json_body, AppState, Ctx};
use crate::demo::store::{now_rfc3339, Store, StoredConnection};

/// Embedded credentials go with their connection; separated ones stay (and may be orphans).
fn remove_connection(store: &mut Store, id: &str) {
    store.connections.retain(|c| c.id != id);
    store
        .credentials
        .retain(|c| c.separated || c.connection_id != id);
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx, Family::DataConnections)?;
    reserved(store.connection(&id).expect("resolved"))?;
    remove_connection(&mut store, &id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn item_error(id: &str, err: ApiError) -> BulkItemResult {
    BulkItemResult {
        id: id.to_string(),
        status: err.status as i64,
        error: Some(err.item()),
    }
}

fn item_ok(id: &str) -> BulkItemResult {
    BulkItemResult {
        id: id.to_string(),
        status: 204,
        error: None,
    }
}

fn find_for_bulk<'a>(
    store: &'a Store,
    id: &str,
    user: &str,
) -> Result<&'a StoredConnection, ApiError> {
    let c = store
        .connection(id)
        .filter(|c| visible(c, user))
        .ok_or_else(|| ApiError::dc(404, "Connection not found"))?;
    reserved(c)?;
    Ok(c)
}

pub(crate) async fn bulk_delete(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let req: BulkDeleteRequest = serde_json::from_value(json_body(&body, Family::DataConnections)?)
        .map_err(|e| {
            ApiError::dc(
                400,
                format!("Field connections is missing or invalid: {e}."),
            )
        })?;
    let mut store = crate::demo::locked(&state.store);
    let data = req
        .connections
        .iter()
        .map(|item| match find_for_bulk(&store, &item.id, &ctx.user) {
            Ok(_) => {
                remove_connection(&mut store, &item.id);
                item_ok(&item.id)
            }
            Err(e) => item_error(&item.id, e),
        })
        .collect();
    Ok((StatusCode::MULTI_STATUS, Json(BulkResponse { data })).into_response())
}

/// `ActionUpdateRequest`'s `spaceType` enum.
const SPACE_TYPES: [&str; 4] = ["personal", "shared", "managed", "data"];

/// `actions/update`: rename, move between spaces and change owners, a result per item (207).
/// Admin only (403 for the whole request otherwise); `spaceType` must come with `spaceId` and
/// name the target's type (`personal` for `""`); an unknown owner or space is a 404 for its
/// item. Credentials are not transferred to a new owner: the connection loses them.
pub(crate) async fn bulk_update(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let req: BulkUpdateRequest = serde_json::from_value(json_body(&body, Family::DataConnections)?)
        .map_err(|e| {
            ApiError::dc(
                400,
                format!("Field connections is missing or invalid: {e}."),
            )
        })?;
    let mut store = crate::demo::locked(&state.store);
    if !store.is_admin(&ctx.user) {
        return Err(ApiError::dc(
            403,
            "Updating connections in bulk requires the TenantAdmin role.",
        ));
    }
    let mut data = Vec::new();
    for item in &req.connections {
        data.push(match update_one(&mut store, item, &ctx.user) {
            Ok(()) => item_ok(&item.id),
            Err(e) => item_error(&item.id, e),
        });
    }
    Ok((StatusCode::MULTI_STATUS, Json(BulkResponse { data })).into_response())
}

/// One item of `actions/update`: checked whole before the stored connection is replaced, so a
/// failing item changes nothing.
fn update_one(store: &mut Store, item: &BulkUpdateItem, user: &str) -> Result<(), ApiError> {
    let mut conn = find_for_bulk(store, &item.id, user)?.clone();
    if let Some(owner) = item.owner_id.as_deref().filter(|o| *o != conn.owner) {
        if store.user(owner).is_none() {
            return Err(ApiError::dc(404, format!("User '{owner}' not found.")));
        }
        conn.owner = owner.to_string();
        conn.credential_id = None;
        conn.credential_is_origin = false;
    }
    if let Some(space) = &item.space_id {
        conn.space = target_space(store, space, item.space_type.as_deref())?;
    }
    if let Some(name) = item.name.as_deref().filter(|n| !n.is_empty()) {
        conn.name = name.to_string();
    }
    if store.name_taken(
        &conn.name,
        conn.space.as_deref(),
        &conn.owner,
        Some(&conn.id),
    ) {
        return Err(ApiError::dc(
            409,
            format!("A connection named '{}' already exists there.", conn.name),
        ));
    }
    conn.updated = now_rfc3339();
    *store.connection_mut(&item.id).expect("found") = conn;
    Ok(())
}

/// The space an item moves to (`None` for the personal one, `""`): `spaceType` must come with
/// it and name the target's type.
fn target_space(
    store: &Store,
    space: &str,
    kind: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let Some(kind) = kind else {
        return Err(ApiError::dc(
            400,
            "spaceType is required together with spaceId.",
        ));
    };
    if !SPACE_TYPES.contains(&kind) {
        return Err(ApiError::dc(
            400,
            format!(
                "spaceType must be one of {}, not '{kind}'.",
                SPACE_TYPES.join(", ")
            ),
        ));
    }
    if space.is_empty() {
        if kind != "personal" {
            return Err(ApiError::dc(
                400,
                format!("spaceType must be 'personal' for the personal space, not '{kind}'."),
            ));
        }
        return Ok(None);
    }
    let target = store
        .space(space)
        .ok_or_else(|| ApiError::dc(404, format!("Space '{space}' not found.")))?;
    let actual = target.space_type.as_deref().unwrap_or("shared");
    if kind != actual {
        return Err(ApiError::dc(
            400,
            format!("spaceType '{kind}' does not match space '{space}', which is {actual}."),
        ));
    }
    Ok(Some(space.to_string()))
}

pub(crate) async fn duplicate(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let req: DuplicateConnection =
        serde_json::from_value(json_body(&body, Family::DataConnections)?)
            .map_err(|e| ApiError::dc(400, format!("Field id is missing or invalid: {e}.")))?;
    let mut store = crate::demo::locked(&state.store);
    let original = store
        .connection(&req.id)
        .filter(|c| visible(c, &ctx.user))
        .cloned()
        .ok_or_else(|| ApiError::dc(404, format!("Connection '{}' not found.", req.id)))?;
    reserved(&original)?;
    let space = match &req.space_id {
        None => original.space.clone(),
        Some(s) if s.is_empty() => None,
        Some(s) if store.space(s).is_some() => Some(s.clone()),
        Some(s) => return Err(ApiError::dc(404, format!("Space '{s}' not found."))),
    };
    let name = match req.name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) => {
            if store.name_taken(n, space.as_deref(), &ctx.user, None) {
                return Err(ApiError::dc(
                    409,
                    format!("A connection named '{n}' already exists in this space."),
                ));
            }
            n.to_string()
        }
        None => (1..)
            .map(|i| {
                if i == 1 {
                    format!("{} - Copy", original.name)
                } else {
                    format!("{} - Copy ({i})", original.name)
                }
            })
            .find(|n| !store.name_taken(n, space.as_deref(), &ctx.user, None))
            .expect("some name is free"),
    };
    let now = now_rfc3339();
    let mut copy = StoredConnection {
        id: store.new_uuid(),
        name,
        space,
        owner: ctx.user.clone(),
        credential_is_origin: false,
        created: now.clone(),
        updated: now,
        ..original.clone()
    };
    if let Some(cid) = &original.credential_id {
        let cred = store.credential(cid).cloned();
        match cred {
            Some(c) if !c.separated => {
                let username = req.q_username.clone().or(c.username);
                let secret = req.q_password.clone().or(c.secret);
                copy.credential_id = Some(embedded_credential(&mut store, &copy, username, secret));
            }
            _ => {}
        }
    }
    let id = copy.id.clone();
    store.connections.push(copy);
    let c = store.connection(&id).expect("just created");
    Ok((
        StatusCode::CREATED,
        Json(to_model(&store, c, &ctx.base, View::Created)),
    )
        .into_response())
}
