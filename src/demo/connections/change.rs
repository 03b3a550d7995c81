//! `PATCH` (JSON-Patch) and `PUT` of one connection.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value};

use super::create::{embedded_credential, named_credential, target_space};
use super::resolve;
use crate::api::models::{ConnectionUpdate, PatchOp, PatchOpKind};
use crate::demo::errors::{ApiError, ApiResult, Family};
use crate::demo::oauth;
use crate::demo::properties::{self, HOST_PROPERTIES};
use crate::demo::server::{json_body, AppState, Ctx};
use crate::demo::store::{now_rfc3339, truthy, value_text, StoredConnection};

/// A bare JSON-Patch array, or the older `{"patchData": [...]}`; `Value` is accepted for
/// `value`, as the documentation spells it.
pub(crate) fn patch_ops(body: Value) -> Result<Vec<PatchOp>, ApiError> {
    let list = match body {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("patchData") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(ApiError::dc(
                    400,
                    "Body must be a JSON-Patch array (or {\"patchData\": [...]}).",
                ))
            }
        },
        _ => return Err(ApiError::dc(400, "Body must be a JSON-Patch array.")),
    };
    list.into_iter()
        .map(|op| {
            let mut op = op
                .as_object()
                .cloned()
                .ok_or_else(|| ApiError::dc(400, "Each patch operation must be an object."))?;
            if !op.contains_key("value") {
                if let Some((_, v)) = op
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("value"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                {
                    op.insert("value".into(), v);
                }
            }
            let op: PatchOp = serde_json::from_value(Value::Object(op))
                .map_err(|e| ApiError::dc(400, format!("Invalid patch operation: {e}.")))?;
            if op.op != PatchOpKind::Remove && op.value.is_none() {
                return Err(ApiError::dc(
                    400,
                    format!("Patch operation on '{}' needs a value.", op.path),
                ));
            }
            Ok(op)
        })
        .collect()
}

pub(super) fn reserved(c: &StoredConnection) -> Result<(), ApiError> {
    if c.datafiles {
        return Err(ApiError::dc(
            400,
            "DataFiles connections are reserved and cannot be changed.",
        ));
    }
    Ok(())
}

/// The header an OAuth-based connection's PATCH must carry: a fresh authorization code, got
/// as on create (an `authUrlOnly` request, then the consent page).
pub(crate) const AUTH_CODE_HEADER: &str = "qlik-auth-code";

pub(crate) async fn patch(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let ops = patch_ops(json_body(&body, Family::DataConnections)?)?;
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx, Family::DataConnections)?;
    let mut conn = store.connection(&id).expect("resolved").clone();
    reserved(&conn)?;
    redeem_auth_code(&mut store, &conn, &headers)?;
    let checked = check_patch(&ops, &conn)?;
    let mut sent = apply_ops(&store, &mut conn, &ops)?;
    if !checked.touches_statement {
        if let Some(source) = store.source(&conn.source_id) {
            conn.connect_statement = properties::connect_statement(source, &conn.properties);
            conn.qri = properties::qri(source, &conn.properties);
        }
    }
    if store.name_taken(&conn.name, conn.space.as_deref(), &conn.owner, Some(&id)) {
        return Err(ApiError::dc(
            409,
            format!(
                "A connection named '{}' already exists in this space.",
                conn.name
            ),
        ));
    }
    if checked.host_change && conn.separate_credentials {
        conn.credential_id = None;
        conn.credential_is_origin = false;
    }
    if !sent.control.is_empty() {
        credentials_mode(
            &mut store,
            &mut conn,
            &sent.control,
            sent.username.take(),
            sent.secret.take(),
        )?;
    }
    store_credentials(&mut store, &mut conn, sent.username, sent.secret);
    conn.updated = now_rfc3339();
    *store.connection_mut(&id).expect("resolved") = conn;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An OAuth-based connection's PATCH must carry a fresh authorization code in the
/// `qlik-auth-code` header; it is redeemed (once) before anything changes.
fn redeem_auth_code(
    store: &mut crate::demo::store::Store,
    conn: &StoredConnection,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    let oauth_based = store
        .source(&conn.source_id)
        .is_some_and(|s| s.needs_interactive_oauth(&conn.properties));
    if !oauth_based {
        return Ok(());
    }
    let code = headers
        .get(AUTH_CODE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if code.is_none() {
        return Err(ApiError::dc(
            400,
            "This connection uses OAuth: send a fresh authorization code in the \
             qlik-auth-code header (request an authUrl with authUrlOnly=true first).",
        ));
    }
    oauth::redeem_code(store, &conn.source_id, code)
}

/// The top-level connection property a patch path names (`/connectionProperties/host/x` →
/// `host`), if it names one.
fn property_of(path: &str) -> Option<String> {
    path.strip_prefix("/connectionProperties/")
        .map(|p| p.split('/').next().unwrap_or(p).to_string())
}

/// What the checks found out about a patch before any of it is applied.
struct CheckedPatch {
    touches_statement: bool,
    /// The host (or the whole connect statement) changes: the credentials must come along.
    host_change: bool,
}

/// The refusals that concern the patch as a whole, before any operation is applied.
fn check_patch(ops: &[PatchOp], conn: &StoredConnection) -> Result<CheckedPatch, ApiError> {
    let touches_statement = ops.iter().any(|o| o.path == "/qConnectStatement");
    if touches_statement && ops.iter().any(|o| property_of(&o.path).is_some()) {
        return Err(ApiError::dc(
            400,
            "/qConnectStatement cannot be patched together with /connectionProperties.",
        ));
    }
    let sends_credentials = ops.iter().any(|o| {
        o.path == "/qUsername"
            || o.path == "/qPassword"
            || property_of(&o.path).is_some_and(|p| properties::is_credential(&p))
    });
    if ops.iter().any(|o| o.path == "/qPassword")
        && ops
            .iter()
            .any(|o| property_of(&o.path).is_some_and(|p| properties::is_secret(&p)))
    {
        return Err(ApiError::dc(
            400,
            "Send either /qPassword or a connectionProperties password, not both.",
        ));
    }
    let host_change = touches_statement
        || ops.iter().any(|o| {
            property_of(&o.path).is_some_and(|p| {
                HOST_PROPERTIES.contains(&p.as_str()) && conn.properties.get(&p) != o.value.as_ref()
            })
        });
    if host_change && !sends_credentials && !conn.separate_credentials {
        return Err(ApiError::dc(
            400,
            "Changing the host or qConnectStatement requires credentials in the same request.",
        ));
    }
    Ok(CheckedPatch {
        touches_statement,
        host_change,
    })
}

/// What a patch sent besides the connection's own fields: the credentials and the create's
/// credentials properties (how the connection holds its credentials).
#[derive(Default)]
struct SentCredentials {
    username: Option<String>,
    secret: Option<String>,
    control: Map<String, Value>,
}

/// Applies each operation to `conn` in order; the credentials it carries are returned, not
/// applied.
fn apply_ops(
    store: &crate::demo::store::Store,
    conn: &mut StoredConnection,
    ops: &[PatchOp],
) -> Result<SentCredentials, ApiError> {
    let mut sent = SentCredentials::default();
    for op in ops {
        let value = op.value.clone().unwrap_or(Value::Null);
        match op.path.as_str() {
            "/qName" => {
                conn.name = value
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| ApiError::dc(400, "qName must be a non-empty string."))?
                    .to_string()
            }
            "/tags" => {
                conn.tags = value
                    .as_array()
                    .map(|t| t.iter().map(value_text).collect())
                    .unwrap_or_default()
            }
            "/qConnectStatement" => {
                conn.connect_statement = value_text(&value);
                let prop_name = store
                    .source(&conn.source_id)
                    .and_then(|s| s.source.data_source_property_name.clone());
                conn.properties =
                    properties::parse_statement(&conn.connect_statement, prop_name.as_deref());
            }
            "/qUsername" => sent.username = Some(value_text(&value)),
            "/qPassword" => sent.secret = Some(value_text(&value)),
            "/qLogOn" => conn.log_on = if value_text(&value) == "0" { 0 } else { 1 },
            path => apply_property_op(store, conn, op, path, value, &mut sent)?,
        }
    }
    Ok(sent)
}

/// One operation on `/connectionProperties/...`.
fn apply_property_op(
    store: &crate::demo::store::Store,
    conn: &mut StoredConnection,
    op: &PatchOp,
    path: &str,
    value: Value,
    sent: &mut SentCredentials,
) -> Result<(), ApiError> {
    let Some(name) = property_of(path) else {
        return Err(ApiError::dc(
            400,
            format!("Unsupported patch path '{path}'."),
        ));
    };
    let nested = path.len() > "/connectionProperties/".len() + name.len();
    if properties::is_control(&name) {
        sent.control.insert(name, value);
        return Ok(());
    }
    if properties::is_secret(&name) {
        sent.secret = Some(value_text(&value));
        return Ok(());
    }
    if properties::is_identity(&name) {
        sent.username = Some(value_text(&value));
    }
    if op.op == PatchOpKind::Remove && !nested {
        conn.properties.shift_remove(&name);
    } else if nested {
        let pointer = &path["/connectionProperties".len()..];
        let mut whole = Value::Object(conn.properties.clone());
        let slot = whole
            .pointer_mut(pointer)
            .ok_or_else(|| ApiError::dc(400, format!("Path '{path}' does not exist.")))?;
        *slot = value;
        conn.properties = whole.as_object().cloned().unwrap_or_default();
    } else {
        if let Some(source) = store.source(&conn.source_id) {
            properties::validate(source, &Map::from_iter([(name.clone(), value.clone())]))?;
        }
        conn.properties.insert(name, value);
    }
    Ok(())
}

/// Credentials sent in a patch update the connection's own credential, or make one.
fn store_credentials(
    store: &mut crate::demo::store::Store,
    conn: &mut StoredConnection,
    username: Option<String>,
    secret: Option<String>,
) {
    if username.is_none() && secret.is_none() {
        return;
    }
    let existing = conn
        .credential_id
        .clone()
        .filter(|c| store.credential(c).is_some());
    match existing {
        Some(cid) => {
            let cred = store.credential_mut(&cid).expect("checked");
            if username.is_some() {
                cred.username = username;
            }
            if secret.is_some() {
                cred.secret = secret;
            }
            cred.updated = now_rfc3339();
        }
        None => conn.credential_id = Some(embedded_credential(store, conn, username, secret)),
    }
}

/// A PATCH of the create's credentials properties: `selectedCredentials` attaches existing
/// separated credentials (404 when unknown), `separateCredentials` with `credentialsName`
/// makes (or reuses) named ones with the secrets sent, `separateCredentials: false` embeds the
/// secrets sent (400 without them). The separated credentials left behind survive, as on
/// delete.
fn credentials_mode(
    store: &mut crate::demo::store::Store,
    conn: &mut StoredConnection,
    control: &Map<String, Value>,
    username: Option<String>,
    secret: Option<String>,
) -> Result<(), ApiError> {
    let separate = control
        .get("separateCredentials")
        .map(|v| truthy(Some(v)))
        .unwrap_or(conn.separate_credentials);
    let text = |k: &str| control.get(k).map(value_text).filter(|s| !s.is_empty());
    let (selected, name) = (text("selectedCredentials"), text("credentialsName"));
    if !separate {
        if selected.is_some() || name.is_some() {
            return Err(ApiError::dc(
                400,
                "selectedCredentials and credentialsName need separateCredentials=true.",
            ));
        }
        if username.is_none() && secret.is_none() {
            return Err(ApiError::dc(
                400,
                "Embedding credentials requires them in the same request.",
            ));
        }
        conn.separate_credentials = false;
        conn.credential_is_origin = false;
        conn.credential_id = Some(embedded_credential(store, conn, username, secret));
        return Ok(());
    }
    conn.separate_credentials = true;
    if let Some(sel) = selected {
        if store.credential(&sel).is_none() {
            return Err(ApiError::dc(
                404,
                format!("Credential '{sel}' (selectedCredentials) not found."),
            ));
        }
        conn.credential_id = Some(sel);
        conn.credential_is_origin = false;
    } else if let Some(name) = name {
        conn.credential_id = Some(named_credential(store, &name, conn, username, secret)?);
        conn.credential_is_origin = true;
    } else {
        return Err(ApiError::dc(
            400,
            "separateCredentials=true needs selectedCredentials or credentialsName.",
        ));
    }
    Ok(())
}

pub(crate) async fn put(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let update: ConnectionUpdate =
        serde_json::from_value(json_body(&body, Family::DataConnections)?)
            .map_err(|e| ApiError::dc(400, format!("Invalid connection: {e}.")))?;
    let mut store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx, Family::DataConnections)?;
    let current = store.connection(&id).expect("resolved").clone();
    reserved(&current)?;
    if update.q_id != id {
        return Err(ApiError::dc(
            400,
            "qID in the body does not match the connection.",
        ));
    }
    if update.q_name.is_empty() || update.q_connect_statement.is_empty() {
        return Err(ApiError::dc(
            400,
            "qName and qConnectStatement must not be empty.",
        ));
    }
    let space = match update.space.clone() {
        None => current.space.clone(),
        Some(s) => target_space(&store, Some(s))?,
    };
    if store.name_taken(&update.q_name, space.as_deref(), &current.owner, Some(&id)) {
        return Err(ApiError::dc(
            409,
            format!(
                "A connection named '{}' already exists in this space.",
                update.q_name
            ),
        ));
    }
    if let Some(c) = update.q_credentials_id.as_deref().filter(|c| !c.is_empty()) {
        if store.credential(c).is_none() {
            return Err(ApiError::dc(
                404,
                format!("Credential '{c}' (qCredentialsID) not found."),
            ));
        }
    }
    let source_id = update
        .datasource_id
        .clone()
        .unwrap_or(current.source_id.clone());
    let prop_name = store
        .source(&source_id)
        .and_then(|s| s.source.data_source_property_name.clone());
    let conn = store.connection_mut(&id).expect("resolved");
    conn.properties =
        properties::parse_statement(&update.q_connect_statement, prop_name.as_deref());
    conn.name = update.q_name;
    conn.q_type = update.q_type;
    conn.connect_statement = update.q_connect_statement;
    conn.space = space;
    conn.source_id = source_id;
    if let Some(l) = update.q_log_on {
        conn.log_on = if l == "0" || l == "LOG_ON_SERVICE_USER" {
            0
        } else {
            1
        };
    }
    if let Some(c) = update.q_credentials_id {
        conn.credential_id = Some(c).filter(|c| !c.is_empty());
    }
    if let Some(s) = update.q_separate_credentials {
        conn.separate_credentials = s;
    }
    conn.updated = now_rfc3339();
    Ok(StatusCode::NO_CONTENT.into_response())
}
