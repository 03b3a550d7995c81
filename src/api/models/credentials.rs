//! Data credentials and the orphan filter.

use serde::{Deserialize, Serialize};

use super::common::*;

/// `GET /api/v1/data-credentials/{qID}` (no secrets are ever returned).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    #[serde(
        rename = "connectionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(
        rename = "datasourceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<SelfLinks>,
    /// How many connections use it.
    #[serde(rename = "qConnCount", default)]
    pub q_conn_count: i64,
    #[serde(rename = "qID")]
    pub q_id: String,
    #[serde(rename = "qName", default)]
    pub q_name: String,
    #[serde(
        rename = "qReferenceKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_reference_key: Option<String>,
    /// 0 = embedded, 1 = separated.
    #[serde(
        rename = "qSeparated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_separated: Option<i64>,
    #[serde(rename = "qType", default)]
    pub q_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/v1/data-credentials/actions/filter-orphan`; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterOrphanRequest {
    #[serde(rename = "qType", default, skip_serializing_if = "Option::is_none")]
    pub q_type: Option<String>,
    #[serde(
        rename = "qSeparated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_separated: Option<i64>,
    #[serde(
        rename = "datasourceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrphanCredential {
    #[serde(rename = "qID")]
    pub q_id: String,
    #[serde(rename = "qName", default)]
    pub q_name: String,
    #[serde(rename = "qType", default)]
    pub q_type: String,
    #[serde(
        rename = "datasourceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// `createdAt` in the newer connectivity family.
    #[serde(default, alias = "createdAt", skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterOrphanResponse {
    #[serde(default)]
    pub data: Vec<OrphanCredential>,
    #[serde(default)]
    pub count: i64,
}
