//! `/api/v1/data-sources` and its children, plus the deprecated dcaas api-specs lookup.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::catalog::DATA_SOURCES_LAST_UPDATED;
use super::errors::{ApiError, ApiResult, Family};
use super::server::{json_body, AppState, Ctx};
use super::store::{now_rfc3339, SourceEntry, Store};
use crate::api::models::DataSourcesResponse;

fn not_enabled(id: &str) -> ApiError {
    ApiError::source(
        404,
        format!("Datasource '{id}' not found or it is not enabled."),
    )
}

/// An enabled source, or the 404 every child endpoint answers.
fn enabled<'a>(store: &'a Store, id: &str) -> Result<&'a SourceEntry, ApiError> {
    store.enabled_source(id).ok_or_else(|| not_enabled(id))
}

fn ui_info(id: &str) -> Value {
    json!({
        "iframe": false,
        "selectUrl": format!("/customdata/64/{id}/web/select.html"),
        "connectUrl": format!("/customdata/64/{id}/web/connect.html"),
        "iconRectUrl": format!("/customdata/64/{id}/web/icon-rect.png"),
        "iconSquareUrl": format!("/customdata/64/{id}/web/icon-square.png"),
        "credentialsUrl": format!("/customdata/64/{id}/web/credentials.html"),
        "connectorMainUrl": format!("/customdata/64/{id}/web/main.js"),
        "loadModelSupport": "false"
    })
}

pub(crate) async fn list(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let include_disabled = ctx.flag("includeDisabled");
    let store = crate::demo::locked(&state.store);
    if let Some(id) = ctx.param("dataSourceId") {
        match store.source(id) {
            Some(s) if include_disabled || !s.disabled => {}
            _ => return Err(not_enabled(id)),
        }
    }
    let data_sources = store
        .sources
        .iter()
        .filter(|s| include_disabled || !s.disabled)
        .filter(|s| {
            ctx.param("dataSourceId")
                .is_none_or(|id| s.source.data_source_id == id)
        })
        .map(|s| {
            let mut ds = s.source.clone();
            if include_disabled {
                ds.disabled = Some(s.disabled);
            }
            if ctx.flag("includeui") {
                ds.ui_info = Some(ui_info(&ds.data_source_id));
            }
            ds
        })
        .collect::<Vec<_>>();
    let connector_nodes = ctx.flag("detail").then(|| {
        let mut providers: Vec<(&str, &str)> = store
            .sources
            .iter()
            .map(|s| (s.source.provider.as_str(), s.source.provider_name.as_str()))
            .collect();
        providers.sort();
        providers.dedup();
        providers
            .into_iter()
            .enumerate()
            .map(|(i, (provider, name))| {
                let cached: Vec<&str> = store
                    .sources
                    .iter()
                    .filter(|s| s.source.provider == provider)
                    .map(|s| s.source.data_source_id.as_str())
                    .collect();
                json!({
                    "url": format!("http://connector-node-{i}.demo.internal:50060/{provider}"),
                    "state": "READY",
                    "contractType": 1,
                    "providerName": name,
                    "cachedDataSources": cached,
                    "dataSourcesUpdated": DATA_SOURCES_LAST_UPDATED
                })
            })
            .collect()
    });
    Ok(Json(DataSourcesResponse {
        data_sources,
        last_updated: Some(DATA_SOURCES_LAST_UPDATED.into()),
        connector_nodes,
        extra: Default::default(),
        skipped: Default::default(),
    })
    .into_response())
}

pub(crate) async fn api_specs(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    Ok(Json(enabled(&store, &id)?.specs.clone()).into_response())
}

pub(crate) async fn dcaas_api_specs(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let id = ctx
        .param("dataSourceId")
        .ok_or_else(|| ApiError::source(400, "Query parameter 'dataSourceId' is required."))?;
    let store = crate::demo::locked(&state.store);
    Ok(Json(enabled(&store, id)?.specs.clone()).into_response())
}

pub(crate) async fn gateways(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let mut store = crate::demo::locked(&state.store);
    enabled(&store, &id)?;
    let entry = store.source_mut(&id).expect("checked above");
    let gateways = entry.gateways.as_mut().ok_or_else(|| {
        ApiError::source(
            404,
            format!(
                "No gateway is configured for datasource '{id}' (only DG_ sources use gateways)."
            ),
        )
    })?;
    if ctx.flag("forceRefresh") {
        gateways.refreshed_at = Some(now_rfc3339());
    }
    Ok(Json(gateways.clone()).into_response())
}

pub(crate) async fn get_settings(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult {
    let store = crate::demo::locked(&state.store);
    let entry = store.source(&id).ok_or_else(|| not_enabled(&id))?;
    Ok(Json(json!({ "disabled": entry.disabled })).into_response())
}

/// Takes the full settings object; partial updates are not supported.
pub(crate) async fn put_settings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body, Family::DataSources)?;
    let disabled = body
        .get("disabled")
        .and_then(Value::as_bool)
        .ok_or_else(|| {
            ApiError::source(
                400,
                "Body must be the full settings object, e.g. {\"disabled\": true}.",
            )
        })?;
    let mut store = crate::demo::locked(&state.store);
    let entry = store.source_mut(&id).ok_or_else(|| not_enabled(&id))?;
    entry.disabled = disabled;
    Ok(Json(json!({ "disabled": disabled })).into_response())
}
