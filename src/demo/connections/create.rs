//! `POST /api/v1/data-connections` in both body forms, and the deprecated dcaas create.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{Map, Value};

use super::get::dcaas_model;
use super::{to_model, View};
use crate::api::models::{AuthUrlResponse, DcaasCreateConnection};
use crate::demo::errors::{ApiError, ApiResult, Family};
use crate::demo::oauth;
use crate::demo::properties::{self};
use crate::demo::server::{json_body, AppState, Ctx};
use crate::demo::store::{
    now_rfc3339, truthy, value_text, SourceEntry, Store, StoredConnection, StoredCredential,
};

enum Created {
    AuthUrl(String),
    Connection(String),
}

fn text_field(body: &Value, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| body.get(*n))
        .map(value_text)
        .filter(|s| !s.is_empty())
}

/// The space of a request: `None` is the caller's personal space.
pub(super) fn target_space(
    store: &Store,
    space: Option<String>,
) -> Result<Option<String>, ApiError> {
    match space.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if store.space(&s).is_some() => Ok(Some(s)),
        Some(s) => Err(ApiError::dc(
            403,
            format!("Space '{s}' does not exist or you have no access to it."),
        )),
    }
}

/// An embedded credential of `conn`'s own, named by its id (as the tenant names them).
pub(super) fn embedded_credential(
    store: &mut Store,
    conn: &StoredConnection,
    username: Option<String>,
    secret: Option<String>,
) -> String {
    new_credential(store, conn.id.clone(), conn, false, username, secret)
}

pub(super) fn new_credential(
    store: &mut Store,
    name: String,
    conn: &StoredConnection,
    separated: bool,
    username: Option<String>,
    secret: Option<String>,
) -> String {
    let id = store.new_uuid();
    store.credentials.push(StoredCredential {
        id: id.clone(),
        name,
        q_type: conn.q_type.clone(),
        source_id: Some(conn.source_id.clone()),
        owner: conn.owner.clone(),
        connection_id: if separated {
            String::new()
        } else {
            conn.id.clone()
        },
        separated,
        username,
        secret,
        created: conn.created.clone(),
        updated: conn.created.clone(),
    });
    id
}

/// The separated credential `name` of the connection's owner, made for `conn` (`credentialsName`
/// on a create or a PATCH). Naming an existing one of the same source reuses it, with the
/// secrets sent (seed 002 creates `serviceAccount123`, which the demo catalog already holds);
/// one of another source is a 409.
pub(super) fn named_credential(
    store: &mut Store,
    name: &str,
    conn: &StoredConnection,
    username: Option<String>,
    secret: Option<String>,
) -> Result<String, ApiError> {
    let existing = store
        .credential_by_name(name, &conn.owner)
        .map(|c| (c.id.clone(), c.source_id.clone()));
    match existing {
        Some((id, src)) if src.as_deref() == Some(conn.source_id.as_str()) => {
            let cred = store.credential_mut(&id).expect("found");
            if username.is_some() || secret.is_some() {
                cred.username = username;
                cred.secret = secret;
                cred.updated = now_rfc3339();
            }
            Ok(id)
        }
        Some(_) => Err(ApiError::dc(
            409,
            format!("A credential named '{name}' already exists for another data source."),
        )),
        None => Ok(new_credential(
            store,
            name.to_string(),
            conn,
            true,
            username,
            secret,
        )),
    }
}

/// The connection-properties form (every tutorial's, and dcaas after renaming its fields).
fn create_from_properties(
    store: &mut Store,
    base: &str,
    user: &str,
    body: &Value,
) -> Result<Created, ApiError> {
    let name = text_field(body, &["qName"])
        .ok_or_else(|| ApiError::dc(400, "Field qName is missing in the request."))?;
    let source_id = text_field(body, &["dataSourceId", "datasourceID"])
        .ok_or_else(|| ApiError::dc(400, "Field dataSourceId is missing in the request."))?;
    let props = body
        .get("connectionProperties")
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| ApiError::dc(400, "Field connectionProperties must be an object."))?;
    let source = store.enabled_source(&source_id).ok_or_else(|| {
        ApiError::dc(
            400,
            format!("Unknown or disabled data source '{source_id}'."),
        )
    })?;
    properties::validate(source, &props)?;
    let space = target_space(store, text_field(body, &["space"]))?;
    check_gateway(source, &props)?;
    let needs_oauth = source.needs_interactive_oauth(&props);
    let split = properties::split(&props);
    let statement = properties::connect_statement(source, &split.stored);
    let qri = properties::qri(source, &split.stored);
    let q_type = source.specs.connector_provider.clone();
    let mut tags = vec![format!(
        "DcaasAPI:{}:{}",
        source.specs.connector_provider, source.specs.connector_version
    )];
    if let Some(Value::Array(extra)) = body.get("tags") {
        tags.extend(extra.iter().map(value_text));
    }
    if needs_oauth {
        if truthy(body.get("authUrlOnly")) {
            return Ok(Created::AuthUrl(oauth::auth_url(store, base, &source_id)));
        }
        let code = props.get("authCode").map(value_text);
        oauth::redeem_code(store, &source_id, code.as_deref())?;
    }
    if store.name_taken(&name, space.as_deref(), user, None) {
        return Err(ApiError::dc(
            409,
            format!("A connection named '{name}' already exists in this space."),
        ));
    }
    let selected = selected_credential(store, &props)?;
    let now = now_rfc3339();
    let mut conn = StoredConnection {
        id: store.new_uuid(),
        name,
        source_id: source_id.clone(),
        q_type,
        connect_statement: statement,
        properties: split.stored.clone(),
        space,
        owner: user.to_string(),
        credential_id: None,
        credential_is_origin: false,
        separate_credentials: truthy(props.get("separateCredentials")),
        qri,
        tags,
        log_on: 1,
        created: now.clone(),
        updated: now,
        datafiles: false,
    };
    attach_credentials(store, &mut conn, &props, &split, selected, needs_oauth)?;
    let id = conn.id.clone();
    store.connections.push(conn);
    Ok(Created::Connection(id))
}

/// A gateway source's connection must name one of its gateways.
fn check_gateway(source: &SourceEntry, props: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(gateways) = &source.gateways else {
        return Ok(());
    };
    let gateway = props
        .get("gatewayInstance")
        .map(value_text)
        .unwrap_or_default();
    if gateways.gateways.iter().any(|g| g.id == gateway) {
        return Ok(());
    }
    let source_id = &source.source.data_source_id;
    Err(ApiError::dc(
        400,
        format!("Property gatewayInstance must name a gateway of {source_id} (see /data-sources/{source_id}/gateways)."),
    ))
}

/// The existing credentials `selectedCredentials` names (404 when there are none of that id).
fn selected_credential(
    store: &Store,
    props: &Map<String, Value>,
) -> Result<Option<String>, ApiError> {
    let selected = props
        .get("selectedCredentials")
        .map(value_text)
        .filter(|s| !s.is_empty());
    match selected {
        Some(sel) if store.credential(&sel).is_none() => Err(ApiError::dc(
            404,
            format!("Credential '{sel}' (selectedCredentials) not found."),
        )),
        selected => Ok(selected),
    }
}

/// Gives a new connection its credentials: the selected existing ones, named separated ones
/// (made or reused), or embedded ones of its own when it has a secret or an OAuth token.
fn attach_credentials(
    store: &mut Store,
    conn: &mut StoredConnection,
    props: &Map<String, Value>,
    split: &properties::SplitProperties,
    selected: Option<String>,
    needs_oauth: bool,
) -> Result<(), ApiError> {
    let credentials_name = props
        .get("credentialsName")
        .map(value_text)
        .filter(|s| !s.is_empty());
    if let Some(sel) = selected {
        conn.credential_id = Some(sel);
    } else if let (true, Some(cred_name)) = (conn.separate_credentials, credentials_name) {
        let id = named_credential(
            store,
            &cred_name,
            conn,
            split.username.clone(),
            split.secret.clone(),
        )?;
        conn.credential_id = Some(id);
        conn.credential_is_origin = true;
    } else if !conn.separate_credentials && (split.has_credentials() || needs_oauth) {
        let secret = if needs_oauth {
            Some("oauth-refresh-token".to_string())
        } else {
            split.secret.clone()
        };
        conn.credential_id = Some(embedded_credential(
            store,
            conn,
            split.username.clone(),
            secret,
        ));
    }
    Ok(())
}

/// The engine form: a ready `qConnectStatement` and `qType`.
fn create_from_statement(store: &mut Store, user: &str, body: &Value) -> Result<Created, ApiError> {
    let missing = |f: &str| ApiError::dc(400, format!("Field {f} is missing in the request."));
    let name = text_field(body, &["qName"]).ok_or_else(|| missing("qName"))?;
    let statement = text_field(body, &["qConnectStatement"])
        .ok_or_else(|| missing("connectionProperties (or qConnectStatement)"))?;
    let q_type = text_field(body, &["qType"]).ok_or_else(|| missing("qType"))?;
    let source_id = text_field(body, &["datasourceID", "dataSourceId"])
        .ok_or_else(|| missing("datasourceID"))?;
    let space = target_space(store, text_field(body, &["space"]))?;
    if store.name_taken(&name, space.as_deref(), user, None) {
        return Err(ApiError::dc(
            409,
            format!("A connection named '{name}' already exists in this space."),
        ));
    }
    let credential_id = text_field(body, &["qCredentialsID"]);
    if let Some(c) = &credential_id {
        if store.credential(c).is_none() {
            return Err(ApiError::dc(
                404,
                format!("Credential '{c}' (qCredentialsID) not found."),
            ));
        }
    }
    let source = store.source(&source_id);
    let properties = properties::parse_statement(
        &statement,
        source.and_then(|s| s.source.data_source_property_name.as_deref()),
    );
    let qri = source.and_then(|s| properties::qri(s, &properties));
    let log_on = match body.get("qLogOn").map(value_text).as_deref() {
        Some("0") | Some("LOG_ON_SERVICE_USER") => 0,
        _ => 1,
    };
    let id = text_field(body, &["qID", "qEngineObjectID"]).unwrap_or_else(|| store.new_uuid());
    if store.connection(&id).is_some() {
        return Err(ApiError::dc(
            409,
            format!("A connection with ID '{id}' already exists."),
        ));
    }
    let now = now_rfc3339();
    let mut conn = StoredConnection {
        id: id.clone(),
        name,
        source_id,
        q_type,
        connect_statement: statement,
        properties,
        space,
        owner: user.to_string(),
        credential_id,
        credential_is_origin: false,
        separate_credentials: truthy(body.get("qSeparateCredentials")),
        qri,
        tags: body
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().map(value_text).collect())
            .unwrap_or_default(),
        log_on,
        created: now.clone(),
        updated: now,
        datafiles: false,
    };
    let username = text_field(body, &["qUsername"]);
    let password = text_field(body, &["qPassword"]);
    if conn.credential_id.is_none() && (username.is_some() || password.is_some()) {
        let cred_name = text_field(body, &["qCredentialsName"]).unwrap_or_else(|| id.clone());
        conn.credential_id = Some(new_credential(
            store, cred_name, &conn, false, username, password,
        ));
    }
    store.connections.push(conn);
    Ok(Created::Connection(id))
}

pub(crate) async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let body = json_body(&body, Family::DataConnections)?;
    if !body.is_object() {
        return Err(ApiError::dc(400, "The request body must be a JSON object."));
    }
    let mut store = crate::demo::locked(&state.store);
    let created = if body.get("connectionProperties").is_some() {
        create_from_properties(&mut store, &ctx.base, &ctx.user, &body)?
    } else if body.get("qConnectStatement").is_some() {
        create_from_statement(&mut store, &ctx.user, &body)?
    } else {
        return Err(ApiError::dc(
            400,
            "Field connectionProperties is missing in the request.",
        ));
    };
    Ok(match created {
        Created::AuthUrl(auth_url) => {
            (StatusCode::CREATED, Json(AuthUrlResponse { auth_url })).into_response()
        }
        Created::Connection(id) => {
            let c = store.connection(&id).expect("just created");
            (
                StatusCode::CREATED,
                Json(to_model(&store, c, &ctx.base, View::Created)),
            )
                .into_response()
        }
    })
}

pub(crate) async fn dcaas_create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let raw = json_body(&body, Family::DataSources)?;
    let req: DcaasCreateConnection = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::source(400, format!("Invalid request body: {e}.")))?;
    // Same semantics as the v1 create, told in the dcaas error family.
    let mut v1 = serde_json::to_value(crate::api::models::CreateConnection::from(&req))
        .expect("serializable");
    if let Some(o) = v1.as_object_mut() {
        o.remove("space");
        if let Some(s) = &req.space_id {
            o.insert("space".into(), Value::String(s.clone()));
        }
    }
    let mut store = crate::demo::locked(&state.store);
    let created = create_from_properties(&mut store, &ctx.base, &ctx.user, &v1)
        .map_err(|e| e.in_family(Family::DataSources))?;
    Ok(match created {
        Created::AuthUrl(auth_url) => {
            (StatusCode::CREATED, Json(AuthUrlResponse { auth_url })).into_response()
        }
        Created::Connection(id) => {
            let c = store.connection(&id).expect("just created");
            (StatusCode::CREATED, Json(dcaas_model(c, &store.tenant_id))).into_response()
        }
    })
}
