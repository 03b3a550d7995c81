//! What qdc knows of the tenant: remote lists and values and where their loading stands. A
//! leaf: plain data, no behaviour beyond small accessors.

use std::collections::HashMap;

use crate::api::models::{
    ApiSpecs, Connection, Credential, DataSource, Gateway, OrphanCredential, Space, User,
};

/// Where a remote list stands. `Loading` with items is a partial list (pages still coming).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    NotAsked,
    Loading,
    Loaded,
    Failed(String),
}

/// A remote list and where its loading stands.
#[derive(Debug, Clone)]
pub struct Dataset<T> {
    pub items: Vec<T>,
    pub status: Status,
}

impl<T> Default for Dataset<T> {
    fn default() -> Self {
        Dataset {
            items: Vec::new(),
            status: Status::NotAsked,
        }
    }
}

impl<T> Dataset<T> {
    pub fn reset(&mut self) {
        self.items.clear();
        self.status = Status::NotAsked;
    }
}

/// A remote single value (a detail, cached by key).
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    Loading,
    Loaded(T),
    Failed(String),
}

/// A gateway with the source it belongs to (the Gateways pane lists every `DG_` source's).
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayEntry {
    pub source_id: String,
    pub source_name: String,
    pub gateway: Gateway,
    pub refreshed_at: Option<String>,
}

/// A credential referenced by listed connections, known first by id (and maybe name).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialUse {
    pub id: String,
    pub name: Option<String>,
    pub data_source: Option<String>,
    /// Listed connections that use it.
    pub connections: usize,
}

/// What the Credentials pane shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CredentialsView {
    /// Credentials referenced by the listed connections.
    #[default]
    Referenced,
    /// Credentials linked to no connection.
    Orphans,
    /// One credential looked up by name.
    ByName(String),
}

/// The connections list scope: every space, or one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceScope {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Data {
    pub me: Option<Remote<User>>,
    pub sources: Dataset<DataSource>,
    pub gateways: Dataset<GatewayEntry>,
    pub connections: Dataset<Connection>,
    /// `meta.count` of the connections walk, when the tenant sent it.
    pub connections_total: Option<i64>,
    /// `links.next.href` of the last page loaded: a walk stopped by leaving the view resumes
    /// there instead of loading every page again.
    pub connections_next: Option<String>,
    pub spaces: Dataset<Space>,
    pub orphans: Dataset<OrphanCredential>,
    pub lookup: Dataset<Credential>,
    /// Details, cached per tenant.
    pub api_specs: HashMap<String, Remote<ApiSpecs>>,
    pub connection_details: HashMap<String, Remote<Connection>>,
    pub credentials: HashMap<String, Remote<Credential>>,
    pub referenced: Vec<CredentialUse>,
    /// The credentials the background naming batch is fetching (their `Loading` markers).
    pub credential_names_asked: Vec<String>,
    /// Connection owners by user id (`users/{id}`), cached per tenant.
    pub users: HashMap<String, Remote<User>>,
    /// The owners the background batch is fetching (their `Loading` markers).
    pub users_asked: Vec<String>,
}

/// The lazily loaded detail of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DetailKey {
    ApiSpecs(String),
    Connection(String),
    Credential(String),
}
