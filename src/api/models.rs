//! Serde models of the Qlik Cloud data-connectivity API.
//!
//! Field names follow the wire exactly, quirks included (`dataSourceId` in requests and the
//! data-sources API, `datasourceID` on connection and credential objects). Fields are declared
//! in the order Qlik's published responses show them so that a serialized model reads like the
//! tenant's own output. Every response model keeps the fields it does not know in `extra`, so the
//! raw JSON view shows what the tenant sent, and accepts `null` wherever a value may be missing.
//!
//! The demo tenant serializes these same types; nothing else is shared between `api` and `demo`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Unknown fields, kept verbatim.
pub type Extra = Map<String, Value>;

/// A value Qlik sends as a number in one place and as a string in another
/// (`qLogOn`, an error's `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            IntOrString::Int(i) => Some(*i),
            IntOrString::Str(s) => s.trim().parse().ok(),
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

/// `{"href": "..."}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Href {
    pub href: String,
}

/// `{"self": {"href": ...}}` on connections, credentials and users.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SelfLinks {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<Href>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Top-level links of a paged list: follow `next.href` verbatim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLinks {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<Href>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Href>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<Href>,
}

// ---------------------------------------------------------------------------------------------
// Errors

/// One entry of Qlik's `{"errors": [...]}` body. Every field is optional: the families of
/// services disagree on which they send, and `status` is an integer in data-connections errors
/// but a string in spaces/users errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

/// `{"errors": [...], "traceId"?: "..."}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub errors: Vec<ApiErrorItem>,
    #[serde(rename = "traceId", default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Data sources

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

// ---------------------------------------------------------------------------------------------
// Data connections

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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Entries of a list that did not fit the contract (an integer id, a wrong type): skipped one
/// by one, so one bad entry never blanks a whole list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    pub count: usize,
    /// Why the first one did not fit (serde's words, with the entry's position).
    pub first: Option<String>,
}

/// Decodes each entry on its own; the ones that do not fit are counted in [`Skipped`].
pub fn decode_entries<T: serde::de::DeserializeOwned>(raw: Vec<Value>) -> (Vec<T>, Skipped) {
    decode_each(raw, serde_json::from_value)
}

/// [`decode_entries`] for entries kept as their JSON text: decoded straight into the typed
/// model, no `Value` tree in between.
pub fn decode_raw_entries<T: serde::de::DeserializeOwned>(
    raw: Vec<Box<serde_json::value::RawValue>>,
) -> (Vec<T>, Skipped) {
    decode_each(raw, |entry| serde_json::from_str(entry.get()))
}

fn decode_each<E, T>(
    raw: Vec<E>,
    decode: impl Fn(E) -> Result<T, serde_json::Error>,
) -> (Vec<T>, Skipped) {
    let mut skipped = Skipped::default();
    let mut items = Vec::with_capacity(raw.len());
    for (i, entry) in raw.into_iter().enumerate() {
        match decode(entry) {
            Ok(item) => items.push(item),
            Err(e) => {
                skipped.count += 1;
                skipped
                    .first
                    .get_or_insert_with(|| format!("entry {}: {e}", i + 1));
            }
        }
    }
    (items, skipped)
}

/// A string field a tenant may send as `null` or a number: read as text ("" for null).
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// Each entry kept as its text (a scan, no `Value` tree), then decoded straight into the typed
/// model on its own: one bad entry is skipped, not the page.
#[derive(Deserialize)]
struct ConnectionsPageWire {
    #[serde(default)]
    data: Vec<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    meta: Option<ListMeta>,
    #[serde(default)]
    links: Option<PageLinks>,
    #[serde(default)]
    errors: Option<Vec<ApiErrorItem>>,
}

impl From<ConnectionsPageWire> for ConnectionsPage {
    fn from(w: ConnectionsPageWire) -> Self {
        let (data, skipped) = decode_raw_entries(w.data);
        ConnectionsPage {
            data,
            meta: w.meta,
            links: w.links,
            errors: w.errors,
            skipped,
        }
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

// ---------------------------------------------------------------------------------------------
// Data credentials

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

// ---------------------------------------------------------------------------------------------
// Spaces and users

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Space {
    pub id: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub space_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/v1/spaces`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpacesPage {
    #[serde(default)]
    pub data: Vec<Space>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ListMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<PageLinks>,
}

/// `GET /api/v1/users/me` (after the redirect).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// OAuth client credentials (the tenant's /oauth/token, outside /api)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub client_id: String,
    pub client_secret: String,
    pub grant_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    /// `bearer` on tenants, `Bearer` elsewhere: compare case-insensitively.
    #[serde(default)]
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_keeps_unknown_fields_and_round_trips() {
        let raw = serde_json::json!({
            "qID": "a", "qName": "n", "qType": "t", "qLogOn": 1,
            "futureField": {"x": [1, 2]}, "space": null
        });
        let c: Connection = serde_json::from_value(raw).unwrap();
        assert_eq!(c.extra["futureField"]["x"][1], 2);
        assert_eq!(c.q_log_on.as_ref().and_then(IntOrString::as_i64), Some(1));
        assert!(c.space_id().is_none());
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["futureField"]["x"][0], 1);
    }

    #[test]
    fn data_source_null_fields_stay_null() {
        let raw = serde_json::json!({"dataSourceId": "rest", "dataLoadUrlOverride": null,
            "dataSourcePropertyName": null, "provider": "p", "providerName": "n", "name": "n"});
        let ds: DataSource = serde_json::from_value(raw).unwrap();
        let back = serde_json::to_value(&ds).unwrap();
        assert!(back["dataLoadUrlOverride"].is_null());
        assert!(back
            .as_object()
            .unwrap()
            .contains_key("dataSourcePropertyName"));
    }

    #[test]
    fn error_status_accepts_int_and_string() {
        let a: ErrorBody =
            serde_json::from_str(r#"{"errors":[{"code":"X","status":400}]}"#).unwrap();
        let b: ErrorBody =
            serde_json::from_str(r#"{"errors":[{"code":"X","status":"401"}],"traceId":"t"}"#)
                .unwrap();
        assert_eq!(a.errors[0].status.as_ref().unwrap().as_i64(), Some(400));
        assert_eq!(b.errors[0].status.as_ref().unwrap().as_i64(), Some(401));
        assert_eq!(b.trace_id.as_deref(), Some("t"));
    }
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    #[test]
    fn case8_one_bad_entry_is_skipped_and_counted_not_the_whole_list() {
        let page: ConnectionsPage = serde_json::from_value(serde_json::json!({
            "data": [
                {"id": "c1", "qID": "c1", "qName": "ok"},
                {"id": 4711, "qID": "c2", "qName": "integer id"},
                {"id": "c3", "qID": "c3", "qName": ["a wrong type"]},
                {"id": "c4", "qID": "c4", "qName": "ok too"}
            ],
            "links": {"next": {"href": "/api/v1/data-connections?next=x"}}
        }))
        .unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.skipped.count, 2);
        assert!(
            page.skipped
                .first
                .as_deref()
                .unwrap()
                .starts_with("entry 2:"),
            "{:?}",
            page.skipped
        );
        assert!(page.links.is_some());

        let sources: DataSourcesResponse = serde_json::from_value(serde_json::json!({
            "dataSources": [{"dataSourceId": 12}, {"dataSourceId": "ok"}]
        }))
        .unwrap();
        assert_eq!(sources.data_sources.len(), 1);
        assert_eq!(sources.skipped.count, 1);
    }

    #[test]
    fn case8_null_or_odd_api_specs_metadata_still_decodes() {
        let specs: ApiSpecs = serde_json::from_value(serde_json::json!({
            "connectorProvider": 7,
            "connectorVersion": null,
            "connectionProperties": {}
        }))
        .unwrap();
        assert_eq!(specs.connector_version, "");
        assert_eq!(specs.connector_provider, "7");
    }
}
