//! What `update` asks the runtime to do. Plain data: tests read it, the runtime executes it.

use std::time::Duration;

use super::reply::{AuthAnswer, Reply};
use super::write::{Write, WriteTicket};
use crate::api::ids::{ConnectionId, CredentialId, CredentialName};

/// The owner of a background task. A new request on a slot replaces (cancels) the previous one,
/// so "latest wins" holds per slot; leaving the view that needs a slot cancels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Me,
    Sources,
    Gateways,
    Connections,
    Spaces,
    Orphans,
    CredentialLookup,
    /// The names of the referenced credentials on screen (a connection carries only the id).
    CredentialNames,
    /// The lazily loaded detail of the selected row (api-specs, a connection, a credential).
    Detail,
    /// The owners of the listed connections, by name (a connection carries only the user id).
    Owners,
    /// The tenant's users, every page, for the owner pickers.
    UserList,
    /// What the open form loads: its api-specs, or the connection being edited.
    Form,
    /// The form's existing-credentials lookup by name.
    FormCredential,
    /// The looks for a create whose answer was lost (`update::lost`); the create and the
    /// patch themselves are writes (`app::write`), which have no slot.
    Submit,
}

/// Travels with a request and comes back with its result: a result whose ticket is no longer
/// the slot's current one is stale and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub slot: Slot,
    pub generation: u64,
}

/// One call (or one paged walk) against the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    Me,
    Sources,
    /// The gateways of each `DG_` source.
    Gateways {
        source_ids: Vec<String>,
        force_refresh: bool,
    },
    /// Every page, one message per page; from `resume_from` (a `links.next.href` of an earlier
    /// walk) when set, else from the first page.
    Connections {
        space_id: Option<String>,
        resume_from: Option<String>,
    },
    Spaces,
    Orphans,
    ApiSpecs(String),
    Connection(ConnectionId),
    Credential(CredentialId),
    /// These credentials by id: one `Payload::Credential` each, then `Payload::CredentialsEnd`.
    Credentials(Vec<CredentialId>),
    /// A credential by name: one `Payload::CredentialNamed`.
    CredentialByName(CredentialName),
    /// These users by id (`users/{id}`): one `Payload::User` each, then `Payload::UsersEnd`.
    Users(Vec<String>),
    /// The tenant's users (`GET /users`, every page): one `Payload::UserList`.
    UserList,
    /// The connection named `name` in `space` (`None`: the personal space), by name: one look
    /// of a create whose answer was lost ([`super::lost::LostCreate`]).
    FindConnection {
        name: String,
        space: Option<String>,
    },
    /// A connection to edit (`parseConnection=true`) and its source's api-specs.
    EditSource(ConnectionId),
}

pub use super::write::Body;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub ticket: Ticket,
    pub fetch: Fetch,
    /// Wait this long first (debounce); a cancel during the wait means no request is sent.
    pub delay: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Fetch(Request),
    Cancel(Slot),
    /// Put `text` on the clipboard; `what` says what it is ("connection id").
    Copy {
        text: String,
        what: String,
    },
    /// Change the tenant (create, edit, delete, duplicate, rename, move), once, never
    /// cancelled: its answers come back as `Action::Written` with `ticket`.
    Write {
        ticket: WriteTicket,
        write: Write,
    },
    Quit,
    /// Resolve this profile, cancel every task and continue on its tenant (`:profile NAME`).
    SwitchTenant(String),
    /// Answer a background task's question.
    Answer {
        reply: Reply<AuthAnswer>,
        answer: AuthAnswer,
    },
    /// Open a URL in the browser, where a graphical session is evident.
    OpenUrl(String),
    /// Leave the alternate screen, print the URL as plain text (the terminal wraps it, so it
    /// can be selected whole over SSH without OSC 52), wait for Enter, come back and redraw.
    /// The app's state does not change.
    PrintUrl(String),
    /// The copy to another tenant: open it, plan, apply (`runtime::copy`).
    CopyTo(super::copy::CopyRequest),
}
