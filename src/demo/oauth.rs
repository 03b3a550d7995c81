//! OAuth: the tenant's client-credentials token endpoint (`/oauth/*`) and the interactive
//! consent step of OAuth data sources, played by the tenant's own `/_demo/oauth/authorize` page.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::errors::{ApiError, ApiResult};
use super::server::{AppState, Ctx};
use super::store::Store;
use crate::api::models::{TokenRequest, TokenResponse};

fn oauth_error(status: u16, code: &str, title: &str, detail: &str) -> ApiError {
    ApiError::platform(status, detail).code(code, title)
}

/// JSON or form body, plus `client_secret_basic` in an Authorization header.
fn token_request(headers: &HeaderMap, body: &Bytes) -> Result<TokenRequest, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("json"));
    let mut fields: serde_json::Map<String, Value> = if is_json {
        serde_json::from_slice(body).map_err(|e| {
            oauth_error(
                400,
                "OAUTH-2",
                "invalid request",
                &format!("The body is not valid JSON: {e}"),
            )
        })?
    } else {
        url::form_urlencoded::parse(body)
            .into_owned()
            .map(|(k, v)| (k, Value::String(v)))
            .collect()
    };
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        fields.entry("client_id").or_insert(json!(id));
        fields.entry("client_secret").or_insert(json!(secret));
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| {
        oauth_error(
            400,
            "OAUTH-2",
            "invalid request",
            &format!("Missing or malformed field: {e}"),
        )
    })
}

pub(crate) async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let req = token_request(&headers, &body)?;
    if req.grant_type != "client_credentials" {
        return Err(oauth_error(
            400,
            "OAUTH-3",
            "unsupported grant type",
            "The demo tenant supports grant_type=client_credentials only.",
        ));
    }
    if req.client_id != state.opts.oauth_client_id
        || req.client_secret != state.opts.oauth_client_secret
    {
        return Err(oauth_error(
            401,
            "OAUTH-1",
            "invalid client",
            "Client authentication failed.",
        ));
    }
    let ttl = state.opts.token_ttl_secs;
    let mut store = crate::demo::locked(&state.store);
    let access_token = jwt_looking_token(&mut store, ttl);
    store.tokens.insert(
        access_token.clone(),
        Instant::now() + Duration::from_secs(ttl),
    );
    let expires_at = (chrono::Utc::now() + chrono::Duration::seconds(ttl as i64))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    Ok(Json(TokenResponse {
        access_token,
        token_type: "bearer".into(),
        expires_at: Some(expires_at),
        expires_in: Some(ttl as i64),
        scope: req.scope,
        extra: Default::default(),
    })
    .into_response())
}

/// Opaque to clients, but shaped like the JWTs Qlik issues (header.payload.signature).
fn jwt_looking_token(store: &mut Store, ttl: u64) -> String {
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = chrono::Utc::now().timestamp();
    format!(
        "{}.{}.{}",
        b64(&json!({"alg": "ES384", "typ": "JWT", "kid": "demo"})),
        b64(
            &json!({"sub": super::store::DEMO_USER_ID, "iat": now, "exp": now + ttl as i64,
                    "jti": store.random_token(16)})
        ),
        store.random_token(64)
    )
}

pub(crate) async fn revoke(State(state): State<AppState>, body: Bytes) -> Response {
    let token = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("token").and_then(Value::as_str).map(str::to_string))
        .or_else(|| {
            url::form_urlencoded::parse(&body)
                .into_owned()
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v)
        });
    if let Some(t) = token {
        crate::demo::locked(&state.store).tokens.remove(&t);
    }
    StatusCode::OK.into_response()
}

pub(crate) async fn metadata(ctx: Ctx) -> Response {
    let base = &ctx.base;
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "jwks_uri": format!("{base}/oauth/keys"),
        "grant_types_supported": ["client_credentials"],
        "response_types_supported": ["code"]
    }))
    .into_response()
}

// ---------------------------------------------------------------------------------------------
// Interactive consent for OAuth data sources

/// Step 1 (`authUrlOnly`): remember a `state` for the source and point at the consent page.
pub(crate) fn auth_url(store: &mut Store, base: &str, source_id: &str) -> String {
    let state = store.random_token(32);
    let challenge = store.random_token(43);
    store
        .auth_states
        .insert(state.clone(), source_id.to_string());
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(
            "client_id",
            &format!("qlik-connector-{}", source_id.to_lowercase()),
        )
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &format!("{base}/_demo/oauth/callback"))
        .append_pair("state", &state)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .finish();
    format!("{base}/_demo/oauth/authorize?{query}")
}

/// Step 2: the consent page shows a one-time code for the source the `state` belongs to.
pub(crate) async fn authorize_page(State(state): State<AppState>, ctx: Ctx) -> Response {
    let mut store = crate::demo::locked(&state.store);
    let Some(source_id) = ctx
        .param("state")
        .and_then(|s| store.auth_states.get(s))
        .cloned()
    else {
        return (
            StatusCode::BAD_REQUEST,
            Html(page(
                "Authorization failed",
                "<p>This authorization link is unknown or has expired. Request a new authUrl from qdc.</p>",
            )),
        )
            .into_response();
    };
    let code = format!("4/demo-{}", store.random_token(24));
    store.auth_codes.insert(code.clone(), source_id.clone());
    Html(page(
        "Authorization granted",
        &format!(
            "<p>The demo tenant granted access for data source <b>{source_id}</b>.</p>\n\
             <p>Your one-time authorization code:</p>\n\
             <p><code id=\"auth-code\">{code}</code></p>\n\
             <p>Copy this code and paste it into qdc to finish creating the connection. \
             It can be used once.</p>"
        ),
    ))
    .into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - qdc demo tenant</title></head>\n\
         <body>\n<h1>{title}</h1>\n{body}\n</body></html>\n"
    )
}

/// Step 3: the create call's `authCode` must be an unused code issued for this source.
pub(crate) fn redeem_code(
    store: &mut Store,
    source_id: &str,
    code: Option<&str>,
) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::dc(
            400,
            "The auth code is invalid or has already been used. Request a new authUrl.",
        )
    };
    let code = code.filter(|c| !c.is_empty()).ok_or_else(|| {
        ApiError::dc(
            400,
            "This data source needs interactive OAuth: send authUrlOnly=true to get an authUrl, \
             then send the authCode it shows.",
        )
    })?;
    match store.auth_codes.get(code) {
        Some(s) if s == source_id => {
            store.auth_codes.remove(code);
            Ok(())
        }
        _ => Err(invalid()),
    }
}
