//! `GET /api/v1/data-connections`: Qlik's query parameters and cursor pagination.

use axum::extract::State;
use axum::response::IntoResponse;
use axum::Json;
use base64::Engine;
use serde_json::Map;

use super::{to_model, visible, View};
use crate::api::models::{Connection, ConnectionsPage, Href, ListMeta, PageLinks};
use crate::demo::errors::{ApiError, ApiResult};
use crate::demo::scim;
use crate::demo::server::{AppState, Ctx};
use crate::demo::store::StoredConnection;

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
    let store = crate::demo::locked(&state.store);
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
        skipped: Default::default(),
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
