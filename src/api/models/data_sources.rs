//! Data sources, their api-specs and gateways.

use super::common::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One part of a QRI template (`connectionPart`, `pathPart`, `itemPart`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QriPart {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default)]
    pub template: String,
    #[serde(default)]
    pub properties: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QriDefinition {
    #[serde(default)]
    pub qri_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_part: Option<QriPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_part: Option<QriPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_part: Option<QriPart>,
}

impl QriDefinition {
    /// The QRI template as one line, e.g. `qri:file:s3://{region}/{bucketName}#{filePath}#{item}`.
    pub fn template(&self) -> String {
        let mut out = self.qri_prefix.clone();
        for part in [&self.connection_part, &self.path_part, &self.item_part]
            .into_iter()
            .flatten()
        {
            out.push_str(part.prefix.as_deref().unwrap_or(""));
            out.push_str(&part.template);
        }
        out
    }
}

/// An entry of `GET /api/v1/data-sources`. Note that `name` is the *provider's* display name;
/// the human name of the source is `dataSourceName`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Always present in published responses, usually `null`: serialized as `null` when unset.
    #[serde(default)]
    pub data_load_url_override: Option<String>,
    pub data_source_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_name: Option<String>,
    /// `sourceType` for web storage, `driver` for ODBC sources, `null` for REST.
    #[serde(default)]
    pub data_source_property_name: Option<String>,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub provider_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qri_definition: Option<QriDefinition>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_info: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl DataSource {
    /// `DG_` sources reach their data through a Direct Access gateway.
    pub fn is_gateway_source(&self) -> bool {
        self.data_source_id.starts_with("DG_")
    }

    /// The name an admin recognises: `dataSourceName` when sent, else the id.
    pub fn display_name(&self) -> &str {
        self.data_source_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.data_source_id)
    }
}

/// `GET /api/v1/data-sources`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "DataSourcesWire")]
pub struct DataSourcesResponse {
    #[serde(default)]
    pub data_sources: Vec<DataSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_nodes: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Extra,
    /// Entries the tenant sent that did not fit the contract.
    #[serde(skip)]
    pub skipped: Skipped,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataSourcesWire {
    #[serde(default)]
    data_sources: Vec<Value>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    connector_nodes: Option<Vec<Value>>,
    #[serde(flatten)]
    extra: Extra,
}

impl From<DataSourcesWire> for DataSourcesResponse {
    fn from(w: DataSourcesWire) -> Self {
        let (data_sources, skipped) = decode_entries(w.data_sources);
        DataSourcesResponse {
            data_sources,
            last_updated: w.last_updated,
            connector_nodes: w.connector_nodes,
            extra: w.extra,
            skipped,
        }
    }
}

/// `GET /api/v1/data-sources/{id}/api-specs`. `connectionProperties` is a JSON-Schema-like
/// object kept as raw JSON: the `schema` module turns it into a form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiSpecs {
    // odd or null metadata never stops the form
    #[serde(default, deserialize_with = "lenient_string")]
    pub connector_provider: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub connector_version: String,
    #[serde(default)]
    pub connection_properties: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gateway {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub default: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/data-sources/{DG_id}/gateways`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaysResponse {
    #[serde(default)]
    pub gateways: Vec<Gateway>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshed_at: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
