//! The router and the layers every request passes: request log, faults, latency, auth.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

use crate::api::models::Href;

use super::errors::{rate_limited, ApiError, Family};
use super::faults::{ActiveFaults, Fault};
use super::store::{Store, DEMO_USER_ID};
use super::{connections, credentials, oauth, sources, tenant, DemoOptions, RecordedRequest};

pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub opts: DemoOptions,
    pub faults: ActiveFaults,
    pub log: Mutex<RequestLog>,
    pub addr: SocketAddr,
}

pub(crate) type AppState = Arc<Shared>;

/// Requests in arrival order; each gets its status when its response is ready. Only the most
/// recent [`RequestLog::KEPT`] are kept (a long-running demo server walked again and again must
/// not grow without end), and an answer is kept as the bytes sent, parsed only when the log is
/// read.
#[derive(Default)]
pub(crate) struct RequestLog {
    next_seq: u64,
    entries: VecDeque<(u64, RecordedRequest, Option<Bytes>)>,
}

impl RequestLog {
    pub const KEPT: usize = 2_000;

    fn push(&mut self, r: RecordedRequest) -> u64 {
        self.next_seq += 1;
        if self.entries.len() == Self::KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back((self.next_seq, r, None));
        self.next_seq
    }
    fn complete(&mut self, seq: u64, status: u16, response: Option<Bytes>) {
        if let Some((_, r, body)) = self.entries.iter_mut().rev().find(|(s, ..)| *s == seq) {
            r.status = status;
            *body = response;
        }
    }
    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.entries
            .iter()
            .map(|(_, r, body)| RecordedRequest {
                response: body.as_ref().and_then(|b| serde_json::from_slice(b).ok()),
                ..r.clone()
            })
            .collect()
    }
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Marks a response whose connection must be dropped (`reset` fault): recorded as status 0.
#[derive(Clone, Copy)]
struct ConnectionReset;

/// What every handler needs about the request: its query (last value wins), the absolute base
/// URL taken from the Host header, and the calling user.
pub(crate) struct Ctx {
    pub query: Vec<(String, String)>,
    pub raw_query: String,
    pub base: String,
    pub user: String,
}

impl Ctx {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn flag(&self, name: &str) -> bool {
        self.param(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
    }

    /// The `limit` parameter: `None` when not given, else whether it is a whole number from
    /// 1 to 100 (the largest page the API serves).
    pub fn limit(&self) -> Option<Result<usize, &str>> {
        self.param("limit")
            .map(|l| match l.trim().parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => Ok(n),
                _ => Err(l),
            })
    }

    /// A link to `path` with this request's query (as a list's `self` and `next` links are
    /// made): `defaults` first where the request did not give them, the `drop` keys left out,
    /// `cursor` appended.
    pub fn link(
        &self,
        path: &str,
        defaults: &[(&str, String)],
        drop: &[&str],
        cursor: Option<(&str, String)>,
    ) -> Href {
        let given = |k: &str| self.query.iter().any(|(q, _)| q == k);
        let pairs = defaults
            .iter()
            .filter(|(k, _)| !given(k))
            .map(|(k, v)| (*k, v.as_str()))
            .chain(
                self.query
                    .iter()
                    .filter(|(k, _)| !drop.contains(&k.as_str()))
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
            .chain(cursor.iter().map(|(k, v)| (*k, v.as_str())));
        let qs = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let sep = if qs.is_empty() { "" } else { "?" };
        Href {
            href: format!("{}{path}{sep}{qs}", self.base),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let raw_query = parts.uri.query().unwrap_or("").to_string();
        let query = url::form_urlencoded::parse(raw_query.as_bytes())
            .into_owned()
            .collect();
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .unwrap_or_else(|| state.addr.to_string());
        Ok(Ctx {
            query,
            raw_query,
            base: format!("http://{host}"),
            user: DEMO_USER_ID.to_string(),
        })
    }
}

/// Parse a JSON request body; an empty or invalid body is a 400 in the service's family.
pub(crate) fn json_body(body: &Bytes, family: Family) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(family, 400, "The request body is missing."));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            family,
            400,
            format!("The request body is not valid JSON: {e}"),
        )
    })
}

// long: the one table of the tenant's routes, read best whole
pub(crate) fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/data-sources", get(sources::list))
        .route(
            "/api/v1/data-sources/{id}/api-specs",
            get(sources::api_specs),
        )
        .route("/api/v1/data-sources/{id}/gateways", get(sources::gateways))
        .route(
            "/api/v1/data-sources/{id}/settings",
            get(sources::get_settings).put(sources::put_settings),
        )
        .route(
            "/api/v1/data-connections",
            get(connections::list).post(connections::create),
        )
        .route(
            "/api/v1/data-connections/{id}",
            get(connections::get_one)
                .patch(connections::patch)
                .put(connections::put)
                .delete(connections::delete),
        )
        .route(
            "/api/v1/data-connections/actions/delete",
            post(connections::bulk_delete),
        )
        .route(
            "/api/v1/data-connections/actions/update",
            post(connections::bulk_update),
        )
        .route(
            "/api/v1/data-connections/actions/duplicate",
            post(connections::duplicate),
        )
        .route(
            "/api/v1/data-credentials/{id}",
            get(credentials::get_one)
                .patch(credentials::patch)
                .put(credentials::put)
                .delete(credentials::delete),
        )
        .route(
            "/api/v1/data-credentials/actions/filter-orphan",
            post(credentials::filter_orphan),
        )
        .route(
            "/api/v1/dcaas/actions/data-connections",
            post(connections::dcaas_create),
        )
        .route(
            "/api/v1/dcaas/actions/data-connections/api-specs",
            get(sources::dcaas_api_specs),
        )
        .route(
            "/api/v1/dcaas/actions/data-connections/{id}",
            get(connections::dcaas_get),
        )
        .route("/api/v1/spaces", get(tenant::list_spaces))
        .route("/api/v1/spaces/{id}", get(tenant::get_space))
        .route("/api/v1/users", get(tenant::list_users))
        .route("/api/v1/users/me", get(tenant::me))
        .route("/api/v1/users/{id}", get(tenant::get_user))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_bearer,
        ));

    Router::new()
        .merge(api)
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/revoke", post(oauth::revoke))
        .route(
            "/.well-known/oauth-authorization-server",
            get(oauth::metadata),
        )
        .route("/_demo/requests", get(list_requests).delete(clear_requests))
        .route("/_demo/oauth/authorize", get(oauth::authorize_page))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), add_latency))
        .layer(middleware::from_fn(contain_panics))
        .layer(middleware::from_fn_with_state(state.clone(), inject_faults))
        .layer(middleware::from_fn_with_state(state.clone(), record))
        .with_state(state)
}

/// A handler that panics answers 500 with a Qlik error body; the server (and qdc, when the demo
/// runs in its process) goes on.
pub(crate) async fn contain_panics(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    match crate::crash::contain(next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::new(
            Family::for_path(&path),
            500,
            "The demo tenant failed on this request (a bug in the demo).",
        )
        .into_response(),
    }
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path().to_string();
    ApiError::new(
        Family::for_path(&path),
        404,
        format!("No resource at {path}."),
    )
    .into_response()
}

async fn list_requests(State(state): State<AppState>) -> Json<Vec<RecordedRequest>> {
    Json(crate::demo::locked(&state.log).snapshot())
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    crate::demo::locked(&state.log).clear();
    StatusCode::NO_CONTENT
}

fn is_demo_control(path: &str) -> bool {
    path.starts_with("/_demo/")
}

fn recorded_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes()).to_string();
            let text = if name == header::AUTHORIZATION {
                if text.len() >= 7 && text[..7].eq_ignore_ascii_case("bearer ") {
                    "Bearer ***".to_string()
                } else {
                    "***".to_string()
                }
            } else {
                text
            };
            (name.as_str().to_string(), text)
        })
        .collect()
}

/// Outermost layer: every request except `/_demo/requests` itself is logged with its body.
async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path() == "/_demo/requests" {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let recorded_body = if bytes.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).to_string())),
        )
    };
    let entry = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        body: recorded_body,
        headers: recorded_headers(&parts.headers),
        status: 0,
        response: None,
    };
    let seq = crate::demo::locked(&state.log).push(entry);
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if resp.extensions().get::<ConnectionReset>().is_some() {
        crate::demo::locked(&state.log).complete(seq, 0, None);
        return resp;
    }
    // Keep the JSON the tenant answered, so tests can check it against the official spec.
    let (resp_parts, resp_body) = resp.into_parts();
    let resp_bytes = axum::body::to_bytes(resp_body, usize::MAX)
        .await
        .unwrap_or_default();
    crate::demo::locked(&state.log).complete(
        seq,
        resp_parts.status.as_u16(),
        Some(resp_bytes.clone()),
    );
    Response::from_parts(resp_parts, Body::from(resp_bytes))
}

async fn inject_faults(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_demo_control(&path) {
        return next.run(req).await;
    }
    let Some(fault) = state.faults.take(req.method().as_str(), &path) else {
        return next.run(req).await;
    };
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    match fault {
        Fault::Status(status) => ApiError::new(
            Family::for_path(&path),
            status,
            format!("Injected fault: HTTP {status}."),
        )
        .into_response(),
        Fault::RateLimit { retry_after_secs } => rate_limited(retry_after_secs),
        Fault::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"data\": [{\"qID\": \"5bdc7893-866d\", \"qName\": ",
        )
            .into_response(),
        Fault::Truncate => {
            let resp = next.run(req).await;
            let (mut parts, body) = resp.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        Fault::Reset => dropped_connection(),
        Fault::ResetAfter => {
            let _carried_out = next.run(req).await;
            dropped_connection()
        }
        Fault::Slow(delay) => {
            // as on Qlik Cloud, a request is carried out whether or not the client is still
            // waiting: a create slower than the client's timeout still creates. So the work
            // runs detached; only its answer goes when the client hangs up.
            let work = tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                next.run(req).await
            });
            match work.await {
                Ok(resp) => resp,
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        Fault::Redirect(host) => {
            let target = format!("http://{host}{path_and_query}");
            (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, target)]).into_response()
        }
        fault @ (Fault::Hostile
        | Fault::NextLoop
        | Fault::NextHost(_)
        | Fault::ExpiresIn(_)
        | Fault::OddEntry) => {
            let own = format!("http://{}", state.addr);
            let answer = next.run(req).await;
            rewrite_json(answer, move |v| {
                change_answer(fault, &own, &path_and_query, v)
            })
            .await
        }
    }
}

/// What a fault that changes the tenant's answer (not the connection) does to its JSON.
/// `own` is the tenant's own base URL, `path_and_query` the request's.
fn change_answer(fault: Fault, own: &str, path_and_query: &str, v: &mut Value) {
    match fault {
        Fault::Hostile => make_hostile(v),
        Fault::NextLoop => {
            if let Some(next) = v.pointer_mut("/links/next") {
                *next = serde_json::json!({ "href": format!("{own}{path_and_query}") });
            }
        }
        Fault::NextHost(host) => {
            let other = format!("http://{host}");
            if let Some(Value::Object(links)) = v.get_mut("links") {
                for link in links.values_mut() {
                    if let Some(Value::String(href)) = link.get_mut("href") {
                        *href = href.replacen(own, &other, 1);
                    }
                }
            }
        }
        Fault::ExpiresIn(secs) => {
            if let Some(e) = v.get_mut("expires_in") {
                *e = Value::from(secs);
            }
        }
        Fault::OddEntry => {
            let id = ["/data/0/id", "/dataSources/0/dataSourceId"]
                .into_iter()
                .find(|p| v.pointer(p).is_some());
            if let Some(id) = id.and_then(|p| v.pointer_mut(p)) {
                *id = Value::from(4711);
            } else if let Some(version) = v.get_mut("connectorVersion") {
                *version = Value::Null;
            }
        }
        _ => {}
    }
}

/// The response with its JSON body changed by `change` (a body that is not JSON is left alone).
async fn rewrite_json(resp: Response, change: impl FnOnce(&mut Value)) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    change(&mut value);
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&value).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

/// [`super::faults::HOSTILE`] after every string a person would read.
fn make_hostile(value: &mut Value) {
    const READ: &[&str] = &[
        "name",
        "qName",
        "title",
        "detail",
        "authUrl",
        "email",
        "description",
        "qUsername",
    ];
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if READ.contains(&key.as_str()) => {
                        s.push_str(super::faults::HOSTILE)
                    }
                    other => make_hostile(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(make_hostile),
        _ => {}
    }
}

/// A body that fails on its first poll makes the server abort the connection.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected reset",
        ))
    });
    let mut resp = Response::new(Body::from_stream(failing));
    resp.extensions_mut().insert(ConnectionReset);
    resp
}

async fn add_latency(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let delayed = path.starts_with("/api/") || path.starts_with("/oauth/");
    if delayed && !state.opts.latency.is_zero() {
        tokio::time::sleep(state.opts.latency).await;
    }
    next.run(req).await
}

/// `Authorization: Bearer <key>` with the configured API key or a live OAuth token.
async fn require_bearer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .map(str::to_string);
    let ok = match &token {
        None => false,
        Some(t) if *t == state.opts.api_key => true,
        Some(t) => {
            let mut store = crate::demo::locked(&state.store);
            let now = Instant::now();
            store.tokens.retain(|_, expires| *expires > now);
            store.tokens.contains_key(t)
        }
    };
    if ok {
        return next.run(req).await;
    }
    let detail = if token.is_none() {
        "Missing or malformed Authorization header: expected `Bearer <token>`."
    } else {
        "The bearer token is invalid or has expired."
    };
    ApiError::new(Family::for_path(req.uri().path()), 401, detail).into_response()
}
