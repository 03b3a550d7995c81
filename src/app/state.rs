//! One `App`, owned by the event loop's task.

use std::collections::HashMap;

use super::listed::ListedConnection;
use crate::api::ids::CredentialId;
use std::time::{Duration, Instant};

pub use super::data::{
    CredentialUse, CredentialsView, Data, Dataset, DetailKey, GatewayEntry, Remote, SpaceScope,
    Status,
};
use super::effect::Slot;
pub use super::feedback::{Flash, Level, Message, MessageLog, FLASH_TTL};
pub use super::frame::{FrameInfo, Views};
use super::keymap::{Context, Keymap};
pub use super::layer::{Layer, Layers, Prompt};
pub use super::list::{ListState, Sort};
pub use super::pane::Pane;
use super::text_input::History;

pub const SPINNER_PERIOD: Duration = Duration::from_millis(120);

/// The connections list narrowed to those of one source or one credential (Enter on it).
/// A space narrows by [`SpaceScope`] instead, which the tenant filters (`spaceId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drill {
    Source { id: String, name: String },
    Credential { id: CredentialId, name: String },
}

impl Drill {
    pub fn allows(&self, c: &ListedConnection) -> bool {
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

/// Identity shown in the header.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    pub profile: String,
    pub host: String,
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
    /// `v` hid the detail pane beside the list: the list takes the whole width (Enter still
    /// opens the detail, in the list's place).
    pub detail_hidden: bool,
    pub detail_scroll: usize,
    /// What lies over the lists, bottom to top; the top one has the keyboard.
    pub layers: Layers,
    /// Earlier `:` commands and `/` filters (↑/↓ in the prompt), kept across tenants.
    pub command_history: History,
    pub filter_history: History,
    pub flash: Option<Flash>,
    pub messages: MessageLog,
    /// Slot -> generation of the request currently allowed to deliver results.
    pub inflight: HashMap<Slot, u64>,
    /// What the Detail slot is fetching, so a change of selection can replace it.
    pub detail_key: Option<DetailKey>,
    pub next_generation: u64,
    pub force_gateway_refresh: bool,
    /// `r` pressed while that list's request was in flight: one more refresh when it ends.
    pub refresh_again: Option<Slot>,
    pub spinner: usize,
    pub width: u16,
    pub height: u16,
    /// What the last frame laid out: bounds scrolling and paging ([`App::drawn`]).
    pub frame: FrameInfo,
    /// The view models on screen, rebuilt after a change (`app::present`).
    pub views: Views,
    pub quit: bool,
    /// The connection form, the source picker, the create result, the OAuth escape hatch.
    pub create: super::form::CreateState,
    /// Marks, confirmations, name prompts and the ids with a mutation in flight.
    pub manage: super::manage::Manage,
    /// Every write on its way to the tenant (`app::write`), kept across a tenant switch.
    pub writes: super::write::Writes,
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
            detail_hidden: false,
            detail_scroll: 0,
            layers: Layers::default(),
            command_history: History::default(),
            filter_history: History::default(),
            flash: None,
            messages: MessageLog::default(),
            inflight: HashMap::new(),
            detail_key: None,
            next_generation: 1,
            force_gateway_refresh: false,
            refresh_again: None,
            spinner: 0,
            width: 80,
            height: 24,
            frame: FrameInfo::default(),
            views: Views::default(),
            quit: false,
            create: Default::default(),
            manage: Default::default(),
            writes: Default::default(),
        }
    }

    /// Logs `text` and flashes it in the footer.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        super::feedback::say(&mut self.flash, &mut self.messages, level, text.into());
    }

    /// Whether rows of the current view can be marked for a batch delete: connections, and
    /// credentials in the orphans view (deleting credentials in use is one at a time, on purpose).
    pub fn markable(&self) -> bool {
        match self.pane {
            Pane::Connections => true,
            Pane::Credentials => self.credentials_view == CredentialsView::Orphans,
            _ => false,
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

    /// Where the keyboard is: the top layer's context, the current list under none.
    pub fn context(&self) -> Context {
        self.layers.context(self.pane)
    }

    /// Whether the detail has the focus (a [`Layer::Detail`] at the bottom of the stack).
    pub fn detail_focused(&self) -> bool {
        self.layers.detail_focused()
    }

    /// The context the help overlay describes: the one it was opened from.
    pub fn help_context(&self) -> Context {
        let of = self.layers.find(|l| match l {
            Layer::Help { of, .. } => Some(of),
            _ => None,
        });
        match of {
            Some(of) => *of,
            None if self.detail_focused() => Context::Detail(self.pane),
            None => Context::List(self.pane),
        }
    }

    pub fn running_tasks(&self) -> usize {
        let copying = self.layers.copy().is_some_and(|c| c.busy());
        self.inflight.len() + self.writes.len() + usize::from(copying)
    }

    /// True when the detail pane is drawn beside the list (wide terminals).
    pub fn wide(&self) -> bool {
        self.width >= 100
    }

    /// True when the detail is drawn beside the list: a wide terminal, and not hidden by `v`.
    pub fn detail_beside(&self) -> bool {
        self.wide() && !self.detail_hidden
    }

    /// Rows of a list page, as the last frame laid it out; before the first frame at most the
    /// terminal's height (the ui keeps the selection in view whatever the app assumed).
    pub fn list_height(&self) -> usize {
        self.frame
            .list_rows
            .unwrap_or(usize::from(self.height))
            .max(1)
    }

    /// A frame was drawn: keep what it laid out for the next action, and the list's scroll as
    /// shown (the ui moves it to keep the selection in view when the screen got smaller).
    pub fn drawn(&mut self, frame: FrameInfo) {
        self.frame = frame;
        if let Some(offset) = frame.list_offset {
            self.list_mut(self.pane).offset = offset;
        }
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
        self.space_label(id).to_string()
    }

    /// [`App::space_name`] borrowed (a row writes it without a String of its own).
    pub fn space_label<'a>(&'a self, id: Option<&'a str>) -> &'a str {
        match id {
            None => "personal",
            Some(id) => self
                .data
                .spaces
                .items
                .iter()
                .find(|s| s.id == id)
                .map_or(id, |s| s.name.as_str()),
        }
    }

    /// An owner (a connection's `user`) as people know them: "me", the user's name (or email)
    /// once `users/{id}` answered, else the id (while it is asked, or when it cannot be read).
    pub fn owner_label(&self, id: Option<&str>) -> String {
        self.owner_shown(id).to_string()
    }

    /// [`App::owner_label`] borrowed (a row writes it without a String of its own).
    pub fn owner_shown<'a>(&'a self, id: Option<&'a str>) -> &'a str {
        let raw = id.unwrap_or_default();
        if raw.is_empty() {
            return raw;
        }
        if let Some(Remote::Loaded(me)) = &self.data.me {
            if me.id == raw {
                return "me";
            }
        }
        match self.data.users.get(raw) {
            Some(Remote::Loaded(u)) if !u.name.is_empty() => &u.name,
            Some(Remote::Loaded(u)) => u.email.as_deref().filter(|e| !e.is_empty()).unwrap_or(raw),
            _ => raw,
        }
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
