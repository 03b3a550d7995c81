//! Spaces and users.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use base64::Engine;
use serde_json::json;

use super::errors::{ApiError, ApiResult};
use super::server::{AppState, Ctx};
use crate::api::models::{Href, ListMeta, PageLinks, Space, SpacesPage, User, UsersPage};

fn with_links(mut space: Space, base: &str) -> Space {
    space.links = Some(json!({
        "self": {"href": format!("{base}/api/v1/spaces/{}", space.id)},
        "assignments": {"href": format!("{base}/api/v1/spaces/{}/assignments", space.id)}
    }));
    space
}

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("spaces:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("spaces:")?
        .parse()
        .ok()
}

/// The `limit` (1 to 100, `default` when not given) and the offset its `next` cursor stands for,
/// of a list paged by `next` cursors (spaces, users), with the platform's 400 for either.
fn cursor_window(ctx: &Ctx, default: usize) -> Result<(usize, usize), ApiError> {
    let limit = match ctx.limit() {
        None => default,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Err(ApiError::platform(
                400,
                "limit must be an integer between 1 and 100.",
            ))
        }
    };
    let offset = match ctx.param("next") {
        None => 0,
        Some(c) => {
            decode_cursor(c).ok_or_else(|| ApiError::platform(400, "Invalid cursor in 'next'."))?
        }
    };
    Ok((limit, offset))
}

pub(crate) async fn list_spaces(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let (limit, offset) = cursor_window(&ctx, 10)?;
    let name = ctx.param("name").map(str::to_lowercase);
    let types: Option<Vec<&str>> = ctx
        .param("type")
        .map(|t| t.split(',').map(str::trim).collect());
    let store = crate::demo::locked(&state.store);
    let matching: Vec<&Space> = store
        .spaces
        .iter()
        .filter(|s| {
            name.as_deref()
                .is_none_or(|n| s.name.to_lowercase().contains(n))
        })
        .filter(|s| {
            types
                .as_ref()
                .is_none_or(|t| t.contains(&s.space_type.as_deref().unwrap_or("")))
        })
        .collect();
    let page: Vec<Space> = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|s| with_links((*s).clone(), &ctx.base))
        .collect();
    let href = |cursor: Option<String>| {
        ctx.link(
            "/api/v1/spaces",
            &[("limit", limit.to_string())],
            &["next", "prev"],
            cursor.map(|c| ("next", c)),
        )
    };
    let next = (offset + limit < matching.len()).then(|| href(Some(encode_cursor(offset + limit))));
    let mut meta = ListMeta {
        count: Some(matching.len() as i64),
        extra: Default::default(),
    };
    meta.extra.insert(
        "personalSpace".into(),
        json!({"actions": ["create", "read"], "resourceType": "space"}),
    );
    Ok(Json(SpacesPage {
        data: page,
        meta: Some(meta),
        links: Some(PageLinks {
            self_: Some(href(None)),
            next,
            prev: None,
        }),
    })
    .into_response())
}

pub(crate) async fn get_space(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    let space = store.space(&id).ok_or_else(|| {
        ApiError::platform(404, format!("Space '{id}' not found or access denied."))
    })?;
    Ok(Json(with_links(space.clone(), &ctx.base)).into_response())
}

fn user_json(user: &User, base: &str) -> User {
    let mut u = user.clone();
    u.extra.insert(
        "links".into(),
        json!({"self": {"href": format!("{base}/api/v1/users/{}", u.id)}}),
    );
    u
}

/// `GET /api/v1/users`: cursor pages (`limit` 1–100, default 20; `next`), `links.self` and
/// `links.next` as the spaces list gives them, users in the shape `users/{id}` answers.
pub(crate) async fn list_users(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let (limit, offset) = cursor_window(&ctx, 20)?;
    let store = crate::demo::locked(&state.store);
    let data: Vec<User> = store
        .users
        .iter()
        .skip(offset)
        .take(limit)
        .map(|u| user_json(u, &ctx.base))
        .collect();
    let href = |next: Option<String>| {
        let mut q = vec![("limit".to_string(), limit.to_string())];
        q.extend(next.map(|c| ("next".to_string(), c)));
        let qs = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q)
            .finish();
        Href {
            href: format!("{}/api/v1/users?{qs}", ctx.base),
        }
    };
    let next =
        (offset + limit < store.users.len()).then(|| href(Some(encode_cursor(offset + limit))));
    Ok(Json(UsersPage {
        data,
        links: Some(PageLinks {
            self_: Some(href(None)),
            next,
            prev: None,
        }),
    })
    .into_response())
}

pub(crate) async fn me(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    let user = store
        .users
        .iter()
        .find(|u| u.id == ctx.user)
        .ok_or_else(|| ApiError::platform(404, "User not found."))?;
    if state.opts.users_me_redirect {
        let location = format!("/api/v1/users/{}", user.id);
        return Ok((
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, location.clone()),
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            ],
            format!("<a href=\"{location}\">Moved Permanently</a>.\n"),
        )
            .into_response());
    }
    Ok(Json(user_json(user, &ctx.base)).into_response())
}

pub(crate) async fn get_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    let user = store
        .users
        .iter()
        .find(|u| u.id == id)
        .ok_or_else(|| ApiError::platform(404, format!("User '{id}' not found.")))?;
    Ok(Json(user_json(user, &ctx.base)).into_response())
}
