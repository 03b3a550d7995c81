//! One `App`, owned by the event loop's task.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use crate::api::models::{
    ApiSpecs, Connection, Credential, DataSource, Gateway, OrphanCredential, Space, User,
};

use super::effect::Slot;
use super::keymap::{Context, Keymap};
use super::rows::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Sources,
    Gateways,
    Connections,
    Credentials,
    Spaces,
}

impl Pane {
    /// Tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Sources,
        Pane::Gateways,
        Pane::Connections,
        Pane::Credentials,
        Pane::Spaces,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Sources => "Sources",
            Pane::Gateways => "Gateways",
            Pane::Connections => "Connections",
            Pane::Credentials => "Credentials",
            Pane::Spaces => "Spaces",
        }
    }

    /// The digit that jumps here, for the four main panes.
    pub fn digit(self) -> Option<char> {
        match self {
            Pane::Sources => Some('1'),
            Pane::Gateways => Some('2'),
            Pane::Connections => Some('3'),
            Pane::Credentials => Some('4'),
            Pane::Spaces => None,
        }
    }

    /// What a row of this pane is called in messages ("copied connection id …").
    pub fn noun(self) -> &'static str {
        match self {
            Pane::Sources => "data source",
            Pane::Gateways => "gateway",
            Pane::Connections => "connection",
            Pane::Credentials => "credential",
            Pane::Spaces => "space",
        }
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }
    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

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

/// The connections list narrowed to those of one source or one credential (Enter on it).
/// A space narrows by [`SpaceScope`] instead, which the tenant filters (`spaceId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drill {
    Source { id: String, name: String },
    Credential { id: String, name: String },
}

impl Drill {
    pub fn allows(&self, c: &Connection) -> bool {
        match self {
            Drill::Source { id, .. } => c.datasource_id.as_deref() == Some(id.as_str()),
            Drill::Credential { id, .. } => c.q_credentials_id.as_deref() == Some(id.as_str()),
        }
    }

    /// How the list's title says it: "of source PostgreSQL".
    pub fn describe(&self) -> String {
        match self {
            Drill::Source { name, .. } => format!("of source {name}"),
            Drill::Credential { name, .. } => format!("using credential {name}"),
        }
    }
}

/// Where the user was before a drill-down or a jump: Esc comes back to it as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub pane: Pane,
    pub credentials_view: CredentialsView,
    pub space_scope: Option<SpaceScope>,
    pub drill: Option<Drill>,
    pub selected_id: Option<String>,
    pub filter: String,
    pub detail_focused: bool,
}

/// The connections list scope: every space, or one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceScope {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    pub at: chrono::DateTime<chrono::Local>,
}

/// The footer flash: info and warnings expire, errors stay until the next key.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub expires: Option<Instant>,
}

pub const FLASH_TTL: Duration = Duration::from_secs(4);
pub const SPINNER_PERIOD: Duration = Duration::from_millis(120);

/// Sorting of a list: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// One list: its rows (cells as text, built when the data changes), the filtered and sorted
/// view over them, and the selection within the view.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub rows: Vec<Row>,
    /// Indices into `rows`, filtered and sorted.
    pub view: Vec<usize>,
    pub selected: usize,
    /// First visible row of `view`.
    pub offset: usize,
    pub filter: String,
    pub sort: Option<Sort>,
    /// Ids of the rows marked for a batch action; kept by id, so filter and sort keep them.
    pub marked: BTreeSet<String>,
}

impl ListState {
    pub fn selected_row(&self) -> Option<&Row> {
        self.view.get(self.selected).map(|&i| &self.rows[i])
    }
}

/// The prompt at the bottom (filter or command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Filter,
    Command(String),
}

/// Popups over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Help of the context it was opened from (a list, the form, a dialog, ...).
    Help {
        scroll: usize,
        of: Context,
    },
    Json {
        scroll: usize,
    },
    Messages {
        scroll: usize,
    },
}

/// Identity shown in the header.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    pub profile: String,
    pub host: String,
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

pub struct App {
    pub tenant: Tenant,
    /// The keys in force (defaults plus `[keys]`), and whether the tenant is read-only.
    pub keymap: Keymap,
    /// Profiles `:profile` can switch to (Tab completes them), in the config's order.
    pub profiles: Vec<String>,
    pub pane: Pane,
    pub lists: HashMap<Pane, ListState>,
    pub data: Data,
    pub credentials_view: CredentialsView,
    pub space_scope: Option<SpaceScope>,
    /// The connections of one source or credential only (a drill-down).
    pub drill: Option<Drill>,
    /// Where Esc goes back to, most recent last.
    pub back: Vec<Place>,
    /// A `:connections NAME` typed before the spaces list arrived: the connections wait for
    /// the list, then NAME is resolved (a name is not an id, so it cannot be sent as one).
    pub pending_space: Option<String>,
    pub detail_focused: bool,
    /// `v` hid the detail pane beside the list: the list takes the whole width (Enter still
    /// opens the detail, in the list's place).
    pub detail_hidden: bool,
    pub detail_scroll: usize,
    pub prompt: Option<Prompt>,
    pub overlay: Option<Overlay>,
    pub flash: Option<Flash>,
    pub messages: Vec<Message>,
    /// Slot -> generation of the request currently allowed to deliver results.
    pub inflight: HashMap<Slot, u64>,
    /// What the Detail slot is fetching, so a change of selection can replace it.
    pub detail_key: Option<DetailKey>,
    pub next_generation: u64,
    pub force_gateway_refresh: bool,
    pub spinner: usize,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// The connection form, the source picker, the create result, the OAuth escape hatch.
    pub create: super::form::CreateState,
    /// Marks, confirmations, name prompts and mutations in flight.
    pub manage: super::manage::Manage,
}

/// The lazily loaded detail of a selection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DetailKey {
    ApiSpecs(String),
    Connection(String),
    Credential(String),
}

impl App {
    pub fn new(tenant: Tenant) -> Self {
        App {
            tenant,
            keymap: Keymap::default(),
            profiles: Vec::new(),
            pane: Pane::Sources,
            lists: Pane::ALL
                .iter()
                .map(|p| (*p, ListState::default()))
                .collect(),
            data: Data::default(),
            credentials_view: CredentialsView::default(),
            space_scope: None,
            drill: None,
            back: Vec::new(),
            pending_space: None,
            detail_focused: false,
            detail_hidden: false,
            detail_scroll: 0,
            prompt: None,
            overlay: None,
            flash: None,
            messages: Vec::new(),
            inflight: HashMap::new(),
            detail_key: None,
            next_generation: 1,
            force_gateway_refresh: false,
            spinner: 0,
            width: 80,
            height: 24,
            quit: false,
            create: Default::default(),
            manage: Default::default(),
        }
    }

    pub fn list(&self, pane: Pane) -> &ListState {
        &self.lists[&pane]
    }
    pub fn list_mut(&mut self, pane: Pane) -> &mut ListState {
        self.lists.get_mut(&pane).expect("every pane has a list")
    }
    pub fn current(&self) -> &ListState {
        self.list(self.pane)
    }

    /// Where the keyboard is, from the top-most layer down.
    pub fn context(&self) -> Context {
        // help sits above whatever it describes, and the messages above what they are about
        // (F2 opens them over the form and its dialogs)
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::Messages { .. }) => return Context::Messages,
            _ => {}
        }
        // a confirm or name prompt of a destructive action sits above everything else
        match &self.manage.dialog {
            Some(super::manage::Dialog::Confirm(_)) => return Context::Confirm,
            Some(super::manage::Dialog::Name(_)) => return Context::NameDialog,
            None => {}
        }
        if let Some(ctx) = self.create_context() {
            return ctx;
        }
        match (&self.prompt, &self.overlay) {
            (Some(Prompt::Filter), _) => Context::Filter,
            (Some(Prompt::Command(_)), _) => Context::Command,
            (None, Some(Overlay::Help { .. })) => Context::Help,
            (None, Some(Overlay::Json { .. })) => Context::Json,
            (None, Some(Overlay::Messages { .. })) => Context::Messages,
            (None, None) if self.detail_focused => Context::Detail(self.pane),
            (None, None) => Context::List(self.pane),
        }
    }

    /// The context the help overlay describes: the one it was opened from.
    pub fn help_context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { of, .. }) => *of,
            _ if self.detail_focused => Context::Detail(self.pane),
            _ => Context::List(self.pane),
        }
    }

    pub fn running_tasks(&self) -> usize {
        self.inflight.len() + self.manage.pending
    }

    /// True when the detail pane is drawn beside the list (wide terminals).
    pub fn wide(&self) -> bool {
        self.width >= 100
    }

    /// True when the detail is drawn beside the list: a wide terminal, and not hidden by `v`.
    pub fn detail_beside(&self) -> bool {
        self.wide() && !self.detail_hidden
    }

    /// Rows of the list area: the screen less the header (2), the footer (2), the table's
    /// border and heading (3); below 100 columns the detail does not share the height.
    pub fn list_height(&self) -> usize {
        (self.height as usize).saturating_sub(7).max(1)
    }

    /// When the loop must wake without input: the spinner while tasks run, a flash expiry.
    pub fn next_wakeup(&self, now: Instant) -> Option<Instant> {
        let spin = (self.running_tasks() > 0).then(|| now + SPINNER_PERIOD);
        let flash = self.flash.as_ref().and_then(|f| f.expires);
        match (spin, flash) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn user_label(&self) -> String {
        match &self.data.me {
            Some(Remote::Loaded(u)) => u
                .email
                .clone()
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| u.name.clone()),
            Some(Remote::Loading) | None => "…".into(),
            Some(Remote::Failed(_)) => "?".into(),
        }
    }

    /// The name of a space id, "personal" for none.
    pub fn space_name(&self, id: Option<&str>) -> String {
        match id {
            None => "personal".into(),
            Some(id) => self
                .data
                .spaces
                .items
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| id.to_string()),
        }
    }

    /// An owner (a connection's `user`) as people know them: "me", the user's name (or email)
    /// once `users/{id}` answered, else the id (while it is asked, or when it cannot be read).
    pub fn owner_label(&self, id: Option<&str>) -> String {
        self.owner(id)
            .map(|(name, _)| name)
            .unwrap_or_else(|| id.unwrap_or_default().to_string())
    }

    /// The owner for the detail: name and email, and the id they stand for.
    pub fn owner_detail(&self, id: Option<&str>) -> String {
        let Some(raw) = id.filter(|i| !i.is_empty()) else {
            return String::new();
        };
        match self.owner(id) {
            Some((name, Some(email))) if name != email => format!("{name} <{email}> ({raw})"),
            Some((name, _)) if name == "me" => format!("me ({raw})"),
            Some((name, _)) => format!("{name} ({raw})"),
            None => match self.data.users.get(raw) {
                Some(Remote::Loading) => format!("{raw} (looking up the name…)"),
                Some(Remote::Failed(e)) => format!("{raw} (name unknown: {e})"),
                _ => raw.to_string(),
            },
        }
    }

    /// (name, email) of a known owner; "me" for the caller.
    fn owner(&self, id: Option<&str>) -> Option<(String, Option<String>)> {
        let id = id.filter(|i| !i.is_empty())?;
        if let Some(Remote::Loaded(me)) = &self.data.me {
            if me.id == id {
                return Some(("me".into(), None));
            }
        }
        let Some(Remote::Loaded(u)) = self.data.users.get(id) else {
            return None;
        };
        let email = u.email.clone().filter(|e| !e.is_empty());
        let name = Some(u.name.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| email.clone())?;
        Some((name, email))
    }

    pub fn source_name(&self, id: &str) -> String {
        self.data
            .sources
            .items
            .iter()
            .find(|s| s.data_source_id == id)
            .map(|s| s.display_name().to_string())
            .unwrap_or_else(|| id.to_string())
    }
}
