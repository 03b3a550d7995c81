//! Everything that can happen to the program: key intents, typed text, results of background
//! tasks, ticks and resizes.

use std::time::Instant;

use crate::api::ids::{ConnectionId, CredentialId, CredentialName};
use crate::api::models::{
    ApiSpecs, Connection, ConnectionsPage, Credential, DataSource, FilterOrphanResponse,
    GatewaysResponse, Space, User,
};
use crate::api::Error;

use crossterm::event::KeyEvent;

use super::effect::Ticket;
use super::feedback::Level;
use super::keymap::{Context, Intent, KeyMeaning, Keymap};
use super::state::Tenant;
use super::write::{WriteTicket, Written};

// Actions are built once and moved once through the channel; boxing the large result variants
// would add an allocation per message and buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Action {
    Intent(Intent),
    /// A character typed into the focused text input (or a list's filter).
    Type(char),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Something animates or a flash message may expire.
    Tick(Instant),
    Loaded(Ticket, Payload),
    /// Something the runtime has to say (a copy that failed, a signal received).
    Report(Level, String),
    /// The runtime now talks to another tenant (`:profile NAME`).
    Switched(Switched),
    /// A write's answer (`app::write`), matched by its ticket.
    Written(WriteTicket, Written),
    /// A write's task ended: nothing more comes for this ticket.
    WriteEnded(WriteTicket),
    /// The copy to another tenant reports (`runtime::copy`).
    Copy(super::copy::CopyEvent),
}

/// The result of a background task.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Payload {
    Me(Result<User, Error>),
    Sources(Result<Vec<DataSource>, Error>),
    /// One entry per `DG_` source.
    Gateways(Vec<(String, Result<GatewaysResponse, Error>)>),
    /// One page of a paged walk; more may follow.
    ConnectionsPage(Result<ConnectionsPage, Error>),
    /// The walk reached the last page.
    ConnectionsEnd,
    Spaces(Result<Vec<Space>, Error>),
    Orphans(Result<FilterOrphanResponse, Error>),
    ApiSpecs(String, Result<ApiSpecs, Error>),
    Connection(ConnectionId, Result<Connection, Error>),
    /// A credential asked for by id (the detail, a batch of names).
    Credential(CredentialId, Result<Credential, Error>),
    /// A credential asked for by name (`:credentials NAME`, the form's reuse lookup).
    CredentialNamed(CredentialName, Result<Credential, Error>),
    /// Every credential of a `Fetch::Credentials` was answered.
    CredentialsEnd,
    User(String, Result<User, Error>),
    /// The end of a `Fetch::Users` batch.
    UsersEnd,
    /// The tenant's users, every page (`Fetch::UserList`).
    UserList(Result<Vec<User>, Error>),
    /// A `Fetch::FindConnection` answered: the connection of that name, or `None` (404).
    Found(String, Result<Option<Connection>, Error>),
    /// An edit's connection (with `parseConnection=true`) and its source's api-specs.
    EditSource(ConnectionId, Result<(Connection, ApiSpecs), Error>),
}

/// What the runtime hands over once the new tenant's client is in place.
#[derive(Debug, Clone)]
pub struct Switched {
    pub tenant: Tenant,
    pub read_only: bool,
    /// The profiles as the config file lists them now (it may have changed since start).
    pub profiles: Vec<String>,
}

impl Keymap {
    /// Turns a key press into an action: a binding, or text for an open prompt.
    pub fn action_for(&self, ctx: Context, ev: &KeyEvent) -> Option<Action> {
        Some(match self.meaning(ctx, ev)? {
            KeyMeaning::Intent(intent) => Action::Intent(intent),
            KeyMeaning::Type(c) => Action::Type(c),
        })
    }
}
