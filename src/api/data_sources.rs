//! `/api/v1/data-sources`: sources, their api-specs and their gateways.

use serde::de::DeserializeOwned;

use super::client::{Client, Query};
use super::error::Error;
use super::models::{ApiSpecs, DataSourcesResponse, GatewaysResponse};

/// Query of `GET /api/v1/data-sources`.
#[derive(Debug, Default, Clone)]
pub struct DataSourcesQuery {
    /// Only this source (404 when it is unknown or disabled).
    pub data_source_id: Option<String>,
    /// Adds top-level `connectorNodes`.
    pub detail: bool,
    /// Adds `uiInfo` to each entry.
    pub include_ui: bool,
    pub include_disabled: bool,
}

impl Client {
    pub async fn data_sources(&self, q: &DataSourcesQuery) -> Result<DataSourcesResponse, Error> {
        self.data_sources_as(q).await
    }

    /// The list read as `T` (`serde_json::Value`: verbatim).
    pub async fn data_sources_as<T: DeserializeOwned>(
        &self,
        q: &DataSourcesQuery,
    ) -> Result<T, Error> {
        let query = Query::new()
            .opt("dataSourceId", q.data_source_id.as_ref())
            .flag("detail", q.detail)
            .flag("includeui", q.include_ui)
            .flag("includeDisabled", q.include_disabled);
        self.get(self.url(&["data-sources"], &query)).await
    }

    /// The connection-properties document of a source: what the form is generated from.
    pub async fn api_specs(&self, data_source_id: &str) -> Result<ApiSpecs, Error> {
        self.get(self.url(
            &["data-sources", data_source_id, "api-specs"],
            &Query::new(),
        ))
        .await
    }

    /// Gateways of a `DG_` source; `force_refresh` re-queries them instead of the cached list.
    /// A tenant without gateways answers 404, not an empty list.
    pub async fn gateways(
        &self,
        data_source_id: &str,
        force_refresh: bool,
    ) -> Result<GatewaysResponse, Error> {
        self.gateways_as(data_source_id, force_refresh).await
    }

    /// The gateways read as `T` (`serde_json::Value`: verbatim).
    pub async fn gateways_as<T: DeserializeOwned>(
        &self,
        data_source_id: &str,
        force_refresh: bool,
    ) -> Result<T, Error> {
        let query = Query::new().flag("forceRefresh", force_refresh);
        self.get(self.url(&["data-sources", data_source_id, "gateways"], &query))
            .await
    }
}
