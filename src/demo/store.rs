//! The tenant's in-memory state. One `Store` per server, behind a `Mutex` that is never held
//! across an `.await`.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{Map, Value};

use crate::api::models::{ApiSpecs, DataSource, GatewaysResponse, Space, User};

/// The tenant id of the published examples (the first tenant served).
pub(crate) const TENANT_ID: &str = "BL4tTJ4S7xrHTcq0zQxQrJ5qB1_Q6cSo";
pub(crate) const DEMO_USER_ID: &str = "637390ef6541614d3a88d6c3";

pub(crate) struct SourceEntry {
    pub source: DataSource,
    pub specs: ApiSpecs,
    pub gateways: Option<GatewaysResponse>,
    pub disabled: bool,
}

impl SourceEntry {
    /// Interactive OAuth is needed by the consent-based web-storage connectors and by gbq in
    /// user-authentication mode (`OAuthMechanism` "1", also the api-specs default).
    pub fn needs_interactive_oauth(&self, props: &Map<String, Value>) -> bool {
        match self.source.data_source_id.as_str() {
            "File_OneDriveConnector" | "File_DropboxConnector" => true,
            "gbq" => {
                let mechanism = props
                    .get("OAuthMechanism")
                    .map(value_text)
                    .unwrap_or_else(|| "1".to_string());
                mechanism == "1"
            }
            _ => false,
        }
    }

    /// The property schema of one connection property, if the api-specs declare it.
    pub fn property_schema(&self, name: &str) -> Option<&Value> {
        self.specs
            .connection_properties
            .get("properties")
            .and_then(|p| p.get(name))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StoredConnection {
    pub id: String,
    pub name: String,
    pub source_id: String,
    pub q_type: String,
    pub connect_statement: String,
    /// The create/PATCH-format properties without secrets, in request order.
    pub properties: Map<String, Value>,
    /// `None`: the owner's personal space.
    pub space: Option<String>,
    pub owner: String,
    pub credential_id: Option<String>,
    /// Created its (separated) credential through `credentialsName`: the credential's origin,
    /// not one of the connections counted in its `qConnCount`.
    pub credential_is_origin: bool,
    pub separate_credentials: bool,
    pub qri: Option<String>,
    pub tags: Vec<String>,
    pub log_on: i64,
    pub created: String,
    pub updated: String,
    /// The system-made DataFiles connection of a space.
    pub datafiles: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredCredential {
    pub id: String,
    pub name: String,
    pub q_type: String,
    pub source_id: Option<String>,
    pub owner: String,
    /// The connection an embedded credential belongs to; `""` for separated ones.
    pub connection_id: String,
    pub separated: bool,
    pub username: Option<String>,
    pub secret: Option<String>,
    pub created: String,
    pub updated: String,
}

pub(crate) struct Store {
    /// `tenant` on connections and credentials, `tenantId` on spaces and users.
    pub tenant_id: String,
    pub sources: Vec<SourceEntry>,
    pub connections: Vec<StoredConnection>,
    pub credentials: Vec<StoredCredential>,
    pub spaces: Vec<Space>,
    pub users: Vec<User>,
    /// OAuth2 access tokens and when they expire.
    pub tokens: HashMap<String, Instant>,
    /// Interactive-auth `state` values handed out in authUrls, by data source.
    pub auth_states: HashMap<String, String>,
    /// One-time auth codes shown on the authorize page, by data source.
    pub auth_codes: HashMap<String, String>,
    pub rng: fastrand::Rng,
}

impl Store {
    pub fn source(&self, id: &str) -> Option<&SourceEntry> {
        self.sources.iter().find(|s| s.source.data_source_id == id)
    }
    pub fn source_mut(&mut self, id: &str) -> Option<&mut SourceEntry> {
        self.sources
            .iter_mut()
            .find(|s| s.source.data_source_id == id)
    }
    /// A source that exists and is enabled.
    pub fn enabled_source(&self, id: &str) -> Option<&SourceEntry> {
        self.source(id).filter(|s| !s.disabled)
    }
    pub fn is_source_disabled(&self, id: &str) -> bool {
        self.source(id).is_some_and(|s| s.disabled)
    }

    pub fn connection(&self, id: &str) -> Option<&StoredConnection> {
        self.connections.iter().find(|c| c.id == id)
    }
    pub fn connection_mut(&mut self, id: &str) -> Option<&mut StoredConnection> {
        self.connections.iter_mut().find(|c| c.id == id)
    }

    /// Names are unique per space; the personal space is per user.
    pub fn name_taken(
        &self,
        name: &str,
        space: Option<&str>,
        owner: &str,
        except_id: Option<&str>,
    ) -> bool {
        self.connections.iter().any(|c| {
            !c.datafiles
                && c.name == name
                && Some(c.id.as_str()) != except_id
                && c.space.as_deref() == space
                && (space.is_some() || c.owner == owner)
        })
    }

    pub fn space(&self, id: &str) -> Option<&Space> {
        self.spaces.iter().find(|s| s.id == id)
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Holds the TenantAdmin role, which the bulk actions require.
    pub fn is_admin(&self, id: &str) -> bool {
        self.user(id).is_some_and(|u| {
            u.extra
                .get("assignedRoles")
                .and_then(Value::as_array)
                .is_some_and(|roles| {
                    roles
                        .iter()
                        .any(|r| r.get("name").and_then(Value::as_str) == Some("TenantAdmin"))
                })
        })
    }

    pub fn credential(&self, id: &str) -> Option<&StoredCredential> {
        self.credentials.iter().find(|c| c.id == id)
    }
    pub fn credential_mut(&mut self, id: &str) -> Option<&mut StoredCredential> {
        self.credentials.iter_mut().find(|c| c.id == id)
    }
    pub fn credential_by_name(&self, name: &str, owner: &str) -> Option<&StoredCredential> {
        self.credentials
            .iter()
            .find(|c| c.name == name && c.owner == owner)
    }

    /// How many connections use a credential. A separated credential counts the connections
    /// that selected it; the connection that created it through `credentialsName` is its origin
    /// and does not count (seed 002 shows `qConnCount` 0 right after that create).
    pub fn connection_count(&self, credential: &StoredCredential) -> i64 {
        self.connections
            .iter()
            .filter(|c| c.credential_id.as_deref() == Some(credential.id.as_str()))
            .filter(|c| !c.credential_is_origin)
            .count() as i64
    }

    /// Whether any connection uses the credential, its origin included: an orphan is a
    /// credential linked to no connection at all (filter-orphan), whatever `qConnCount` says.
    pub fn is_linked(&self, credential: &StoredCredential) -> bool {
        self.connections
            .iter()
            .any(|c| c.credential_id.as_deref() == Some(credential.id.as_str()))
    }

    pub fn new_uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.rng.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// A random url-safe token of `len` characters.
    pub fn random_token(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())] as char)
            .collect()
    }
}

/// A property value as text: strings verbatim, everything else as compact JSON.
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `true` and `"true"` (any case) both mean yes.
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true") || s == "1",
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// RFC 3339 with milliseconds and `Z`, as Qlik writes timestamps.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}
