//! What qdc knows of the tenant: remote lists and values and where their loading stands. A
//! leaf: plain data, no behaviour beyond small accessors.

use std::collections::HashMap;

use super::listed::ListedConnection;
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
    /// Entries the tenant sent that did not fit the contract (shown in the pane title).
    pub skipped: usize,
    /// When the list was last loaded whole.
    pub loaded_at: Option<chrono::DateTime<chrono::Local>>,
    /// The list as it was before a refresh, until the refresh succeeds or fails.
    pub kept: Option<Kept<T>>,
    /// Set when a refresh failed and the list shown is the one from before it:
    /// "showing the list from 14:02; refresh failed: 503 …".
    pub stale: Option<String>,
}

/// What a refresh puts aside: the rows, when they were loaded, and the selected row's id.
#[derive(Debug, Clone)]
pub struct Kept<T> {
    pub items: Vec<T>,
    pub loaded_at: Option<chrono::DateTime<chrono::Local>>,
    pub selected: Option<String>,
}

impl<T> Default for Dataset<T> {
    fn default() -> Self {
        Dataset {
            items: Vec::new(),
            status: Status::NotAsked,
            skipped: 0,
            loaded_at: None,
            kept: None,
            stale: None,
        }
    }
}

impl<T> Dataset<T> {
    pub fn reset(&mut self) {
        self.items.clear();
        self.skipped = 0;
        self.kept = None;
        self.stale = None;
        self.status = Status::NotAsked;
    }

    /// A refresh starts: the rows are put aside (a failure brings them back) and the list is
    /// asked for again. A refresh of a refresh keeps the first rows put aside.
    pub fn refresh(&mut self, selected: Option<String>) {
        if self.kept.is_none() && self.status == Status::Loaded {
            self.kept = Some(Kept {
                items: std::mem::take(&mut self.items),
                loaded_at: self.loaded_at,
                selected,
            });
        }
        self.items.clear();
        self.skipped = 0;
        self.status = Status::NotAsked;
    }

    /// The new status. Loaded: the rows put aside are dropped. Failed while rows are put
    /// aside: they come back, marked stale, and the selection they had is returned.
    pub fn set_status(&mut self, status: Status) -> Option<String> {
        match status {
            Status::Loaded => {
                self.kept = None;
                self.stale = None;
                self.loaded_at = Some(chrono::Local::now());
                self.status = Status::Loaded;
                None
            }
            Status::Failed(why) if self.kept.is_some() => {
                let kept = self.kept.take().expect("checked");
                self.items = kept.items;
                self.loaded_at = kept.loaded_at;
                let since = kept
                    .loaded_at
                    .map(|t| format!("showing the list from {}", t.format("%H:%M")))
                    .unwrap_or_else(|| "showing the list from before".into());
                self.stale = Some(format!("{since}; refresh failed: {why}"));
                self.status = Status::Loaded;
                kept.selected
            }
            other => {
                self.status = other;
                None
            }
        }
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

/// A credential referenced by listed connections (kept page by page with the listed ids).
pub use super::connection_index::CredentialUse;

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
    /// The listed connections, lean (the whole object is `connection_details`, fetched when
    /// looked at).
    pub connections: Dataset<ListedConnection>,
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
    /// The listed ids and the referenced credentials' positions, kept page by page.
    pub connection_index: super::connection_index::ConnectionIndex,
    /// The credentials the background naming batch is fetching (their `Loading` markers).
    pub credential_names_asked: Vec<String>,
    /// Connection owners by user id (`users/{id}`), cached per tenant.
    /// (hashed with a seeded fast hasher: a row of the list looks its owner up here)
    pub users: HashMap<String, Remote<User>, hashbrown::DefaultHashBuilder>,
    /// The owners the background batch is fetching (their `Loading` markers).
    pub users_asked: Vec<String>,
    /// The tenant's users as listed for the owner pickers (how many; they went into `users`);
    /// `None`: not asked yet. Asked once per tenant.
    pub user_list: Option<Remote<usize>>,
}

/// The lazily loaded detail of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DetailKey {
    ApiSpecs(String),
    Connection(String),
    Credential(String),
}
