//! `GET /api/v1/data-connections`: Qlik's query parameters and cursor pagination.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::Map;

use std::sync::Arc;

use super::{to_model, visible, View};
use crate::api::models::{Connection, ConnectionsPage, Href, ListMeta, PageLinks};
use crate::demo::errors::{ApiError, ApiResult};
use crate::demo::scim;
use crate::demo::server::{AppState, Ctx};
use crate::demo::store::{Store, StoredConnection};

/// The attributes `filter` may name.
const FILTERABLE: &[&str] = &[
    "qName",
    "qType",
    "created",
    "updated",
    "datasourceID",
    "qri",
];

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
    let limit = match ctx.limit() {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(l)) => {
            return Err(ApiError::dc(
                400,
                format!("limit must be an integer from 1 to 100, got '{l}'."),
            ))
        }
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
    let sort = sort_param(&ctx)?;
    let offset = match ctx.param("page") {
        None => 0,
        Some(p) => decode_page(p).ok_or_else(|| ApiError::dc(400, "Invalid page cursor."))?,
    };
    let mut store = crate::demo::locked(&state.store);
    let key = listing_key(&store, &ctx);
    let all = match store.listings.get(&key) {
        Some(rows) => rows,
        None => {
            let rows = Arc::new(listing(&store, &ctx, filter.as_ref(), sort.as_ref()));
            store.listings.put(key, rows.clone());
            rows
        }
    };
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
        .map(|&i| to_model(&store, &store.connections[i], &ctx.base, view))
        .collect();
    let href = |page: Option<usize>| {
        ctx.link(
            "/api/v1/data-connections",
            &[],
            &["page"],
            page.map(|p| ("page", encode_page(p))),
        )
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
        skipped: Default::default(),
    };
    Ok(renamed_list(page, &data_name))
}

/// The `sort` parameter: descending or not, and the field.
fn sort_param(ctx: &Ctx) -> Result<Option<(bool, String)>, ApiError> {
    // `+` in a query string decodes to a space: `sort=+qName` arrives as " qName".
    let Some(s) = ctx.param("sort") else {
        return Ok(None);
    };
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
    Ok(Some((desc, field.to_string())))
}

/// The page as JSON, its list under `data_name` (`dataName` renames the list's key, in place).
fn renamed_list(page: ConnectionsPage, data_name: &str) -> Response {
    if data_name == "data" {
        return Json(page).into_response();
    }
    let serde_json::Value::Object(obj) = serde_json::to_value(page).expect("serializable") else {
        unreachable!("a page is an object")
    };
    let renamed: Map<String, serde_json::Value> = obj
        .into_iter()
        .map(|(k, v)| {
            (
                if k == "data" {
                    data_name.to_string()
                } else {
                    k
                },
                v,
            )
        })
        .collect();
    Json(renamed).into_response()
}

/// What a list request selects, in order: positions in `store.connections`.
fn listing(
    store: &Store,
    ctx: &Ctx,
    filter: Option<&scim::Filter>,
    sort: Option<&(bool, String)>,
) -> Vec<usize> {
    let space_id = ctx.param("spaceId").filter(|s| !s.is_empty());
    let personal = space_id.is_none() && ctx.flag("personal");
    let include_disabled = ctx.flag("includeDisabled");
    let in_scope = |c: &StoredConnection| {
        visible(c, &ctx.user)
            && match space_id {
                Some(s) => c.space.as_deref() == Some(s),
                None => !personal || c.space.is_none(),
            }
    };
    let mut regular: Vec<(usize, &StoredConnection)> = store
        .connections
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.datafiles)
        .filter(|(_, c)| in_scope(c))
        .filter(|(_, c)| include_disabled || !store.is_source_disabled(&c.source_id))
        .filter(|(_, c)| !ctx.flag("ownedByMe") || c.owner == ctx.user)
        .filter(|(_, c)| ctx.param("userId").is_none_or(|u| c.owner == u))
        .filter(|(_, c)| {
            filter.is_none_or(|f| {
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
    if let Some((desc, field)) = sort {
        let ci = ctx.flag("caseinsensitive");
        regular.sort_by_cached_key(|(_, c)| sort_key(c, field, ci));
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
        .enumerate()
        .filter(|(_, c)| c.datafiles && show_datafiles)
        .filter(|(_, c)| in_scope(c));
    regular
        .into_iter()
        .chain(datafiles)
        .map(|(i, _)| i)
        .collect()
}

/// The listing a request asks for: who asks, everything of the query but the cursor and the
/// page size, and the state of the store it was computed from.
fn listing_key(store: &Store, ctx: &Ctx) -> String {
    let mut query: Vec<&(String, String)> = ctx
        .query
        .iter()
        .filter(|(k, _)| k != "page" && k != "limit")
        .collect();
    query.sort();
    let disabled: String = store
        .sources
        .iter()
        .map(|s| if s.disabled { '1' } else { '0' })
        .collect();
    format!(
        "{}\n{}\n{disabled}\n{query:?}",
        ctx.user,
        store.connections.changes()
    )
}
