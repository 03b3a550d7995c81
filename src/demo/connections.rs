//! `/api/v1/data-connections` (list, get, create, PATCH, PUT, DELETE, bulk actions) and the
//! deprecated dcaas create/get, which share the create logic.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use base64::Engine;
use serde_json::{Map, Value};

use super::errors::{ApiError, ApiResult, Family};
use super::oauth;
use super::properties::{self, HOST_PROPERTIES};
use super::scim;
use super::server::{json_body, AppState, Ctx};
use super::store::{
    now_rfc3339, truthy, value_text, Store, StoredConnection, StoredCredential, TENANT_ID,
};
use crate::api::models::{
    AuthUrlResponse, BulkDeleteRequest, BulkItemResult, BulkResponse, BulkUpdateRequest,
    Connection, ConnectionUpdate, ConnectionsPage, DcaasConnection, DcaasCreateConnection,
    DuplicateConnection, Href, IntOrString, ListMeta, PageLinks, PatchOp, PatchOpKind, SelfLinks,
};

const FILTERABLE: &[&str] = &[
    "qName",
    "qType",
    "created",
    "updated",
    "datasourceID",
    "qri",
];
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
            tenant: Some(TENANT_ID.into()),
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
        tenant: Some(TENANT_ID.into()),
        updated: Some(c.updated.clone()),
        user: Some(c.owner.clone()),
        version: Some("V1".into()),
        ..Default::default()
    }
}

fn visible(c: &StoredConnection, user: &str) -> bool {
    c.space.is_some() || c.owner == user
}

// ---------------------------------------------------------------------------------------------
// List

fn encode_page(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("dc-offset:{offset}"))
}

fn decode_page(page: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(page.trim_start_matches("page="))
        .ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("dc-offset:")?
        .parse()
        .ok()
}

fn sort_key(c: &StoredConnection, field: &str, case_insensitive: bool) -> String {
    let v = match field {
        "qName" => c.name.clone(),
        "created" => c.created.clone(),
        "updated" => c.updated.clone(),
        _ => c.id.clone(),
    };
    if case_insensitive {
        v.to_lowercase()
    } else {
        v
    }
}

pub(crate) async fn list(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let limit = match ctx.param("limit") {
        None => None,
        Some(l) => match l.trim().parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => Some(n),
            _ => {
                return Err(ApiError::dc(
                    400,
                    format!("limit must be an integer from 1 to 100, got '{l}'."),
                ))
            }
        },
    };
    let data_name = match ctx.param("dataName") {
        Some("") => return Err(ApiError::dc(400, "dataName must not be empty.")),
        other => other.unwrap_or("data").to_string(),
    };
    let filter = ctx
        .param("filter")
        .map(|f| scim::parse(f, FILTERABLE))
        .transpose()
        .map_err(|e| ApiError::dc(400, format!("Invalid filter: {e}.")))?;
    // `+` in a query string decodes to a space: `sort=+qName` arrives as " qName".
    let sort = match ctx.param("sort") {
        None => None,
        Some(s) => {
            let (desc, field) = match s.strip_prefix('-') {
                Some(f) => (true, f),
                None => (false, s.trim_start().trim_start_matches('+')),
            };
            if !["qName", "created", "updated", "_id"].contains(&field) {
                return Err(ApiError::dc(
                    400,
                    format!("Invalid sort '{s}': use +/- qName, created, updated or _id."),
                ));
            }
            Some((desc, field.to_string()))
        }
    };
    let offset = match ctx.param("page") {
        None => 0,
        Some(p) => decode_page(p).ok_or_else(|| ApiError::dc(400, "Invalid page cursor."))?,
    };
    let store = state.store.lock().unwrap();
    let space_id = ctx.param("spaceId").filter(|s| !s.is_empty());
    let personal = space_id.is_none() && ctx.flag("personal");
    let include_disabled = ctx.flag("includeDisabled");
    let in_scope = |c: &&StoredConnection| {
        visible(c, &ctx.user)
            && match space_id {
                Some(s) => c.space.as_deref() == Some(s),
                None => !personal || c.space.is_none(),
            }
    };
    let mut regular: Vec<&StoredConnection> = store
        .connections
        .iter()
        .filter(|c| !c.datafiles)
        .filter(in_scope)
        .filter(|c| include_disabled || !store.is_source_disabled(&c.source_id))
        .filter(|c| !ctx.flag("ownedByMe") || c.owner == ctx.user)
        .filter(|c| ctx.param("userId").is_none_or(|u| c.owner == u))
        .filter(|c| {
            filter.as_ref().is_none_or(|f| {
                f.matches(&|attr| match attr {
                    "qName" => Some(c.name.clone()),
                    "qType" => Some(c.q_type.clone()),
                    "created" => Some(c.created.clone()),
                    "updated" => Some(c.updated.clone()),
                    "datasourceID" => Some(c.source_id.clone()),
                    "qri" => c.qri.clone(),
                    _ => None,
                })
            })
        })
        .collect();
    if let Some((desc, field)) = &sort {
        let ci = ctx.flag("caseinsensitive");
        regular.sort_by_cached_key(|c| sort_key(c, field, ci));
        if *desc {
            regular.reverse();
        }
    }
    // DataFiles come last; sort, filter and ownedByMe do not apply to them; `owner` names an
    // app, and no app owns a DataFiles connection here.
    let show_datafiles = !ctx.flag("noDatafiles") && ctx.param("owner").is_none();
    let datafiles = store
        .connections
        .iter()
        .filter(|c| c.datafiles && show_datafiles)
        .filter(in_scope);
    let all: Vec<&StoredConnection> = regular.into_iter().chain(datafiles).collect();
    let total = all.len();
    let end = limit.map_or(total, |l| (offset + l).min(total));
    let view = View::List {
        include_qri: ctx.flag("includeQris"),
        extended: ctx.flag("extended"),
    };
    let data: Vec<Connection> = all
        .get(offset.min(total)..end)
        .unwrap_or_default()
        .iter()
        .map(|c| to_model(&store, c, &ctx.base, view))
        .collect();
    let href = |page: Option<usize>| {
        let mut q: Vec<(String, String)> = ctx
            .query
            .iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect();
        if let Some(p) = page {
            q.push(("page".into(), encode_page(p)));
        }
        let qs = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q)
            .finish();
        let sep = if qs.is_empty() { "" } else { "?" };
        Href {
            href: format!("{}/api/v1/data-connections{sep}{qs}", ctx.base),
        }
    };
    let self_href = if ctx.raw_query.is_empty() {
        href(None)
    } else {
        Href {
            href: format!("{}/api/v1/data-connections?{}", ctx.base, ctx.raw_query),
        }
    };
    let page = ConnectionsPage {
        data,
        meta: Some(ListMeta {
            count: Some(total as i64),
            extra: Default::default(),
        }),
        links: Some(PageLinks {
            self_: Some(self_href),
            next: (end < total).then(|| href(Some(end))),
            prev: None,
        }),
        errors: None,
    };
    let mut body = serde_json::to_value(page).expect("serializable");
    if data_name != "data" {
        let obj = body.as_object_mut().expect("object");
        let mut renamed = Map::new();
        for (k, v) in std::mem::take(obj) {
            renamed.insert(if k == "data" { data_name.clone() } else { k }, v);
        }
        *obj = renamed;
    }
    Ok(Json(body).into_response())
}

// ---------------------------------------------------------------------------------------------
// Get

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

pub(crate) async fn get_one(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = state.store.lock().unwrap();
    let id = resolve(&store, &key, &ctx, Family::DataConnections)?;
    let c = store.connection(&id).expect("resolved");
    let mut model = to_model(&store, c, &ctx.base, View::Single);
    if ctx.flag("parseConnection") {
        let mut props: Vec<(&String, &Value)> = c.properties.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        model.connection_properties = Some(
            props
                .into_iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
    }
    Ok(Json(model).into_response())
}

pub(crate) async fn dcaas_get(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = state.store.lock().unwrap();
    let id = resolve(&store, &key, &ctx, Family::DataSources)?;
    let c = store.connection(&id).expect("resolved");
    let mut out = dcaas_model(c);
    out.connection_properties = Some(c.properties.clone());
    out.tags = Some(c.tags.clone());
    Ok(Json(out).into_response())
}

fn dcaas_model(c: &StoredConnection) -> DcaasConnection {
    DcaasConnection {
        connection_id: c.id.clone(),
        connection_name: c.name.clone(),
        connection_properties: None,
        created_at: Some(c.created.clone()),
        credentials_id: c.credential_id.clone(),
        data_source_id: c.source_id.clone(),
        space_id: c.space.clone(),
        tags: None,
        tenant_id: Some(TENANT_ID.into()),
        update_at: Some(c.updated.clone()),
        user_id: Some(c.owner.clone()),
        extra: Default::default(),
    }
}

// ---------------------------------------------------------------------------------------------
// Create

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
fn target_space(store: &Store, space: Option<String>) -> Result<Option<String>, ApiError> {
    match space.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if store.space(&s).is_some() => Ok(Some(s)),
        Some(s) => Err(ApiError::dc(
            403,
            format!("Space '{s}' does not exist or you have no access to it."),
        )),
    }
}

fn new_credential(
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
    if let Some(gateways) = &source.gateways {
        let gateway = props
            .get("gatewayInstance")
            .map(value_text)
            .unwrap_or_default();
        if !gateways.gateways.iter().any(|g| g.id == gateway) {
            return Err(ApiError::dc(
                400,
                format!("Property gatewayInstance must name a gateway of {source_id} (see /data-sources/{source_id}/gateways)."),
            ));
        }
    }
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
    let selected = props
        .get("selectedCredentials")
        .map(value_text)
        .filter(|s| !s.is_empty());
    if let Some(sel) = &selected {
        if store.credential(sel).is_none() {
            return Err(ApiError::dc(
                404,
                format!("Credential '{sel}' (selectedCredentials) not found."),
            ));
        }
    }
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
    let credentials_name = props
        .get("credentialsName")
        .map(value_text)
        .filter(|s| !s.is_empty());
    if let Some(sel) = selected {
        conn.credential_id = Some(sel);
    } else if let (true, Some(cred_name)) = (conn.separate_credentials, credentials_name) {
        // A named credential of the user. Naming an existing one of the same source reuses it
        // (seed 002 creates `serviceAccount123`, which the demo catalog already holds).
        let existing = store
            .credential_by_name(&cred_name, user)
            .map(|c| (c.id.clone(), c.source_id.clone()));
        let id = match existing {
            Some((id, src)) if src.as_deref() == Some(source_id.as_str()) => {
                let cred = store.credential_mut(&id).expect("found");
                if split.has_credentials() {
                    cred.username = split.username.clone();
                    cred.secret = split.secret.clone();
                    cred.updated = conn.created.clone();
                }
                id
            }
            Some(_) => {
                return Err(ApiError::dc(
                    409,
                    format!(
                        "A credential named '{cred_name}' already exists for another data source."
                    ),
                ))
            }
            None => new_credential(
                store,
                cred_name,
                &conn,
                true,
                split.username.clone(),
                split.secret.clone(),
            ),
        };
        conn.credential_id = Some(id);
        conn.credential_is_origin = true;
    } else if !conn.separate_credentials && (split.has_credentials() || needs_oauth) {
        let secret = if needs_oauth {
            Some("oauth-refresh-token".to_string())
        } else {
            split.secret.clone()
        };
        conn.credential_id = Some(new_credential(
            store,
            conn.id.clone(),
            &conn,
            false,
            split.username.clone(),
            secret,
        ));
    }
    let id = conn.id.clone();
    store.connections.push(conn);
    Ok(Created::Connection(id))
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
    let mut store = state.store.lock().unwrap();
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
    let mut store = state.store.lock().unwrap();
    let created = create_from_properties(&mut store, &ctx.base, &ctx.user, &v1)
        .map_err(|e| e.in_family(Family::DataSources))?;
    Ok(match created {
        Created::AuthUrl(auth_url) => {
            (StatusCode::CREATED, Json(AuthUrlResponse { auth_url })).into_response()
        }
        Created::Connection(id) => {
            let c = store.connection(&id).expect("just created");
            (StatusCode::CREATED, Json(dcaas_model(c))).into_response()
        }
    })
}

// ---------------------------------------------------------------------------------------------
// PATCH, PUT, DELETE

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

fn reserved(c: &StoredConnection) -> Result<(), ApiError> {
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
    let mut store = state.store.lock().unwrap();
    let id = resolve(&store, &key, &ctx, Family::DataConnections)?;
    let mut conn = store.connection(&id).expect("resolved").clone();
    reserved(&conn)?;
    let oauth_based = store
        .source(&conn.source_id)
        .is_some_and(|s| s.needs_interactive_oauth(&conn.properties));
    if oauth_based {
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
        let source_id = conn.source_id.clone();
        oauth::redeem_code(&mut store, &source_id, code)?;
    }
    let prop_of = |path: &str| {
        path.strip_prefix("/connectionProperties/")
            .map(|p| p.split('/').next().unwrap_or(p).to_string())
    };
    let touches_statement = ops.iter().any(|o| o.path == "/qConnectStatement");
    if touches_statement && ops.iter().any(|o| prop_of(&o.path).is_some()) {
        return Err(ApiError::dc(
            400,
            "/qConnectStatement cannot be patched together with /connectionProperties.",
        ));
    }
    let sends_credentials = ops.iter().any(|o| {
        o.path == "/qUsername"
            || o.path == "/qPassword"
            || prop_of(&o.path).is_some_and(|p| properties::is_credential(&p))
    });
    if ops.iter().any(|o| o.path == "/qPassword")
        && ops
            .iter()
            .any(|o| prop_of(&o.path).is_some_and(|p| properties::is_secret(&p)))
    {
        return Err(ApiError::dc(
            400,
            "Send either /qPassword or a connectionProperties password, not both.",
        ));
    }
    let host_change = touches_statement
        || ops.iter().any(|o| {
            prop_of(&o.path).is_some_and(|p| {
                HOST_PROPERTIES.contains(&p.as_str()) && conn.properties.get(&p) != o.value.as_ref()
            })
        });
    if host_change && !sends_credentials && !conn.separate_credentials {
        return Err(ApiError::dc(
            400,
            "Changing the host or qConnectStatement requires credentials in the same request.",
        ));
    }
    let (mut username, mut secret) = (None, None);
    for op in &ops {
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
            "/qUsername" => username = Some(value_text(&value)),
            "/qPassword" => secret = Some(value_text(&value)),
            "/qLogOn" => conn.log_on = if value_text(&value) == "0" { 0 } else { 1 },
            path => {
                let Some(name) = prop_of(path) else {
                    return Err(ApiError::dc(
                        400,
                        format!("Unsupported patch path '{path}'."),
                    ));
                };
                let nested = path.len() > "/connectionProperties/".len() + name.len();
                if properties::is_secret(&name) {
                    secret = Some(value_text(&value));
                    continue;
                }
                if properties::is_identity(&name) {
                    username = Some(value_text(&value));
                }
                if op.op == PatchOpKind::Remove && !nested {
                    conn.properties.shift_remove(&name);
                } else if nested {
                    let pointer = &path["/connectionProperties".len()..];
                    let mut whole = Value::Object(conn.properties.clone());
                    let slot = whole.pointer_mut(pointer).ok_or_else(|| {
                        ApiError::dc(400, format!("Path '{path}' does not exist."))
                    })?;
                    *slot = value;
                    conn.properties = whole.as_object().cloned().unwrap_or_default();
                } else {
                    if let Some(source) = store.source(&conn.source_id) {
                        properties::validate(
                            source,
                            &Map::from_iter([(name.clone(), value.clone())]),
                        )?;
                    }
                    conn.properties.insert(name, value);
                }
            }
        }
    }
    if !touches_statement {
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
    if host_change && conn.separate_credentials {
        conn.credential_id = None;
        conn.credential_is_origin = false;
    }
    if username.is_some() || secret.is_some() {
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
            None => {
                conn.credential_id = Some(new_credential(
                    &mut store,
                    conn.id.clone(),
                    &conn,
                    false,
                    username,
                    secret,
                ))
            }
        }
    }
    conn.updated = now_rfc3339();
    *store.connection_mut(&id).expect("resolved") = conn;
    Ok(StatusCode::NO_CONTENT.into_response())
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
    let mut store = state.store.lock().unwrap();
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
    let mut store = state.store.lock().unwrap();
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
    let mut store = state.store.lock().unwrap();
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
    let mut store = state.store.lock().unwrap();
    if !store.is_admin(&ctx.user) {
        return Err(ApiError::dc(
            403,
            "Updating connections in bulk requires the TenantAdmin role.",
        ));
    }
    let mut data = Vec::new();
    for item in &req.connections {
        let result = (|| -> Result<(), ApiError> {
            let mut conn = find_for_bulk(&store, &item.id, &ctx.user)?.clone();
            if let Some(owner) = item.owner_id.as_deref().filter(|o| *o != conn.owner) {
                if store.user(owner).is_none() {
                    return Err(ApiError::dc(404, format!("User '{owner}' not found.")));
                }
                conn.owner = owner.to_string();
                conn.credential_id = None;
                conn.credential_is_origin = false;
            }
            if let Some(space) = &item.space_id {
                let Some(kind) = item.space_type.as_deref() else {
                    return Err(ApiError::dc(
                        400,
                        "spaceType is required together with spaceId.",
                    ));
                };
                conn.space = if space.is_empty() {
                    if kind != "personal" {
                        return Err(ApiError::dc(
                            400,
                            format!("spaceType must be 'personal' for the personal space, not '{kind}'."),
                        ));
                    }
                    None
                } else {
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
                    Some(space.clone())
                };
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
        })();
        data.push(match result {
            Ok(()) => item_ok(&item.id),
            Err(e) => item_error(&item.id, e),
        });
    }
    Ok((StatusCode::MULTI_STATUS, Json(BulkResponse { data })).into_response())
}

pub(crate) async fn duplicate(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let req: DuplicateConnection =
        serde_json::from_value(json_body(&body, Family::DataConnections)?)
            .map_err(|e| ApiError::dc(400, format!("Field id is missing or invalid: {e}.")))?;
    let mut store = state.store.lock().unwrap();
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
                copy.credential_id = Some(new_credential(
                    &mut store,
                    copy.id.clone(),
                    &copy,
                    false,
                    username,
                    secret,
                ));
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
