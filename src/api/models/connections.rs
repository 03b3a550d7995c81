//! Data connections: as listed and fetched, and the bodies that create, edit, duplicate, move
//! and delete them.

use super::common::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A data connection as GET, list and the create response return it. Everything but `qID`,
/// `qName` and `qType` is optional: DataFiles connections lack most fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(
        rename = "datasourceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<SelfLinks>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<String>>,
    #[serde(
        rename = "qArchitecture",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_architecture: Option<i64>,
    #[serde(
        rename = "qConnectStatement",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_connect_statement: Option<String>,
    #[serde(
        rename = "qConnectionSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_connection_secret: Option<String>,
    #[serde(
        rename = "qCredentialsID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_credentials_id: Option<String>,
    #[serde(
        rename = "qCredentialsName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_credentials_name: Option<String>,
    #[serde(
        rename = "qEngineObjectID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_engine_object_id: Option<String>,
    #[serde(rename = "qID")]
    pub q_id: String,
    /// An integer (0/1) in responses.
    #[serde(rename = "qLogOn", default, skip_serializing_if = "Option::is_none")]
    pub q_log_on: Option<IntOrString>,
    #[serde(rename = "qName")]
    pub q_name: String,
    #[serde(
        rename = "qSeparateCredentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_separate_credentials: Option<bool>,
    #[serde(rename = "qType", default)]
    pub q_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qri: Option<String>,
    /// Absent or empty for a connection in a personal space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Only with `parseConnection=true`: the create/PATCH-format properties, secrets left out.
    #[serde(
        rename = "connectionProperties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_properties: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Connection {
    /// The connection id: `id` when sent, else `qID` (they are equal on Qlik Cloud).
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.q_id)
    }

    /// The system-created DataFiles connection of a space.
    pub fn is_datafiles(&self) -> bool {
        self.q_type == "qix-datafiles.exe"
    }

    /// `None` for a personal-space connection.
    pub fn space_id(&self) -> Option<&str> {
        self.space.as_deref().filter(|s| !s.is_empty())
    }
}

/// A page of connections as it comes: its entries as `T` (their text, or a model read in one
/// pass), the rest as the tenant sent it.
#[derive(Deserialize)]
pub(super) struct PageWire<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub meta: Option<ListMeta>,
    #[serde(default)]
    pub links: Option<PageLinks>,
    #[serde(default)]
    pub errors: Option<Vec<ApiErrorItem>>,
}

impl<T> PageWire<T> {
    /// The page with these connections (and what was skipped of the entries).
    pub(super) fn with(self, data: Vec<Connection>, skipped: Skipped) -> ConnectionsPage {
        ConnectionsPage {
            data,
            meta: self.meta,
            links: self.links,
            errors: self.errors,
            skipped,
        }
    }
}

/// Each entry kept as its text (a scan, no `Value` tree), then decoded straight into the typed
/// model on its own: one bad entry is skipped, not the page.
type ConnectionsPageWire = PageWire<Box<serde_json::value::RawValue>>;

impl From<ConnectionsPageWire> for ConnectionsPage {
    fn from(mut w: ConnectionsPageWire) -> Self {
        let (data, skipped) = decode_raw_entries(std::mem::take(&mut w.data));
        w.with(data, skipped)
    }
}

/// One page of `GET /api/v1/data-connections`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "ConnectionsPageWire")]
pub struct ConnectionsPage {
    #[serde(default)]
    pub data: Vec<Connection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ListMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<PageLinks>,
    /// Connections that could not be returned; the request as a whole still succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ApiErrorItem>>,
    /// Entries the tenant sent that did not fit the contract.
    #[serde(skip)]
    pub skipped: Skipped,
}

/// `POST /api/v1/data-connections`, the connection-properties form every tutorial uses.
/// The client sends `dataSourceId` (as every published example does), not the schema's
/// `datasourceID`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateConnection {
    #[serde(rename = "dataSourceId")]
    pub data_source_id: String,
    #[serde(rename = "qName")]
    pub q_name: String,
    /// Space id; omitted means the caller's personal space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(
        rename = "authUrlOnly",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_url_only: Option<Value>,
    #[serde(rename = "connectionProperties")]
    pub connection_properties: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `POST /api/v1/dcaas/actions/data-connections` (deprecated, but the interactive-auth seed
/// uses it). Note the other names: `connectionName`, `spaceId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DcaasCreateConnection {
    #[serde(rename = "dataSourceId")]
    pub data_source_id: String,
    #[serde(rename = "connectionName")]
    pub connection_name: String,
    #[serde(rename = "spaceId", default, skip_serializing_if = "Option::is_none")]
    pub space_id: Option<String>,
    /// The seed sends the string `"true"`.
    #[serde(
        rename = "authUrlOnly",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_url_only: Option<Value>,
    #[serde(rename = "connectionProperties")]
    pub connection_properties: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl From<&DcaasCreateConnection> for CreateConnection {
    fn from(d: &DcaasCreateConnection) -> Self {
        CreateConnection {
            data_source_id: d.data_source_id.clone(),
            q_name: d.connection_name.clone(),
            space: d.space_id.clone(),
            auth_url_only: d.auth_url_only.clone(),
            connection_properties: d.connection_properties.clone(),
            tags: d.tags.clone(),
        }
    }
}

/// 201 to an `authUrlOnly` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthUrlResponse {
    pub auth_url: String,
}

/// 201 of the dcaas create action (note Qlik's `updateAt`, sic).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DcaasConnection {
    pub connection_id: String,
    #[serde(default)]
    pub connection_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_properties: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials_id: Option<String>,
    #[serde(default)]
    pub data_source_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One JSON-Patch operation. Current tenants take a bare array of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    pub op: PatchOpKind,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOpKind {
    Add,
    Replace,
    Remove,
}

impl PatchOp {
    pub fn replace(path: impl Into<String>, value: Value) -> Self {
        PatchOp {
            op: PatchOpKind::Replace,
            path: path.into(),
            value: Some(value),
        }
    }
    pub fn add(path: impl Into<String>, value: Value) -> Self {
        PatchOp {
            op: PatchOpKind::Add,
            path: path.into(),
            value: Some(value),
        }
    }
    pub fn remove(path: impl Into<String>) -> Self {
        PatchOp {
            op: PatchOpKind::Remove,
            path: path.into(),
            value: None,
        }
    }
}

/// `PUT /api/v1/data-connections/{qID}`: full replacement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionUpdate {
    #[serde(rename = "qID")]
    pub q_id: String,
    #[serde(rename = "qName")]
    pub q_name: String,
    #[serde(rename = "qType")]
    pub q_type: String,
    #[serde(rename = "qEngineObjectID")]
    pub q_engine_object_id: String,
    #[serde(rename = "qConnectStatement")]
    pub q_connect_statement: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(
        rename = "datasourceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource_id: Option<String>,
    #[serde(rename = "qLogOn", default, skip_serializing_if = "Option::is_none")]
    pub q_log_on: Option<String>,
    #[serde(
        rename = "qCredentialsID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_credentials_id: Option<String>,
    #[serde(
        rename = "qSeparateCredentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub q_separate_credentials: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ConnectionUpdate {
    /// The full replacement that keeps `c` as it is (from a GET of the single connection):
    /// change its fields, then PUT it. `None` when the tenant did not send the connect
    /// statement, which PUT requires (lists never leave it out; DataFiles are not editable).
    /// Inline secrets cannot be rotated by PUT, so none are carried.
    pub fn from_connection(c: &Connection) -> Option<Self> {
        let statement = c.q_connect_statement.clone().filter(|s| !s.is_empty())?;
        Some(ConnectionUpdate {
            q_id: c.q_id.clone(),
            q_name: c.q_name.clone(),
            q_type: c.q_type.clone(),
            q_engine_object_id: c
                .q_engine_object_id
                .clone()
                .unwrap_or_else(|| c.q_id.clone()),
            q_connect_statement: statement,
            space: c.space_id().map(str::to_string),
            datasource_id: c.datasource_id.clone(),
            q_log_on: c
                .q_log_on
                .as_ref()
                .and_then(IntOrString::as_i64)
                .map(|n| n.to_string()),
            q_credentials_id: c.q_credentials_id.clone(),
            q_separate_credentials: c.q_separate_credentials,
            extra: Extra::default(),
        })
    }
}

/// `POST /api/v1/data-connections/actions/duplicate`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DuplicateConnection {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "spaceId", default, skip_serializing_if = "Option::is_none")]
    pub space_id: Option<String>,
    #[serde(rename = "qUsername", default, skip_serializing_if = "Option::is_none")]
    pub q_username: Option<String>,
    #[serde(rename = "qPassword", default, skip_serializing_if = "Option::is_none")]
    pub q_password: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkDeleteItem {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /api/v1/data-connections/actions/delete`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkDeleteRequest {
    pub connections: Vec<BulkDeleteItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkUpdateItem {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space_id: Option<String>,
    /// `personal|shared|managed|data`, required with `spaceId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space_type: Option<String>,
}

impl BulkUpdateItem {
    /// Move `id` to a space: `Some((space id, its type))`, or `None` for the personal space
    /// (`spaceId: ""` with `spaceType: "personal"`, as `ActionUpdateRequest` documents).
    pub fn move_to(id: impl Into<String>, space: Option<(&str, &str)>) -> Self {
        let (space_id, space_type) = space.unwrap_or(("", "personal"));
        BulkUpdateItem {
            id: id.into(),
            space_id: Some(space_id.to_string()),
            space_type: Some(space_type.to_string()),
            ..Default::default()
        }
    }

    /// Give `id` to another owner (a user id). Its credentials are not transferred.
    pub fn owner(id: impl Into<String>, owner_id: impl Into<String>) -> Self {
        BulkUpdateItem {
            id: id.into(),
            owner_id: Some(owner_id.into()),
            ..Default::default()
        }
    }
}

/// `POST /api/v1/data-connections/actions/update`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkUpdateRequest {
    pub connections: Vec<BulkUpdateItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkItemResult {
    pub id: String,
    pub status: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiErrorItem>,
}

/// 207 of the bulk actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkResponse {
    #[serde(default)]
    pub data: Vec<BulkItemResult>,
}
