//! `GET /api/v1/data-connections/{id}` (by id or by name) and the dcaas get.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::Value;

use super::{resolve, to_model, View};
use crate::api::models::DcaasConnection;
use crate::demo::errors::{ApiResult, Family};
use crate::demo::server::{AppState, Ctx};
use crate::demo::store::StoredConnection;

pub(crate) async fn get_one(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ctx: Ctx,
) -> ApiResult {
    let store = crate::demo::locked(&state.store);
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
    let store = crate::demo::locked(&state.store);
    let id = resolve(&store, &key, &ctx, Family::DataSources)?;
    let c = store.connection(&id).expect("resolved");
    let mut out = dcaas_model(c, &store.tenant_id);
    out.connection_properties = Some(c.properties.clone());
    out.tags = Some(c.tags.clone());
    Ok(Json(out).into_response())
}

pub(super) fn dcaas_model(c: &StoredConnection, tenant_id: &str) -> DcaasConnection {
    DcaasConnection {
        connection_id: c.id.clone(),
        connection_name: c.name.clone(),
        connection_properties: None,
        created_at: Some(c.created.clone()),
        credentials_id: c.credential_id.clone(),
        data_source_id: c.source_id.clone(),
        space_id: c.space.clone(),
        tags: None,
        tenant_id: Some(tenant_id.into()),
        update_at: Some(c.updated.clone()),
        user_id: Some(c.owner.clone()),
        extra: Default::default(),
    }
}
