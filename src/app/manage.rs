//! Managing what exists: marks for batch actions, destructive work queued as data until the
//! user confirms it, the small name prompts of duplicate and rename, and the mutations the
//! runtime carries out. The logic lives in `update::manage`; this module is the vocabulary.

use std::collections::HashSet;

use crate::api::ids::{ConnectionId, CredentialId, CredentialName};
use crate::api::models::{BulkResponse, BulkUpdateItem, BulkUpdateRequest, Connection, Credential};
use crate::api::Error;

use super::picker::Picker;
use super::text_input::TextInput;

/// What managing adds to the state of the program.
#[derive(Debug, Clone, Default)]
pub struct Manage {
    /// Ids of connections and credentials with a mutation in flight: the same key must not
    /// send the same request again while the first is on its way.
    pub busy: HashSet<String>,
}

/// A destructive action waiting for a yes. Nothing is sent until the user answers `y`; every
/// other answer keeps what exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub title: String,
    /// One line: "Delete connection “x” in space Finance?"
    pub question: String,
    /// The names concerned, when there are several (scrollable).
    pub items: Vec<String>,
    /// What the user should know before answering (kept credentials, connections in use).
    pub notes: Vec<Note>,
    pub scroll: usize,
    pub action: Destructive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Warnings are drawn in the error colour.
    pub warning: bool,
    pub text: String,
}

/// Something that exists, named for messages: a connection (`Target`) or a credential
/// (`Target<CredentialId>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<Id = ConnectionId> {
    pub id: Id,
    pub name: String,
}

impl<Id: AsRef<str>> Target<Id> {
    /// The id as text (the key of `Manage::busy` and of the lists) and the name.
    pub fn key(&self) -> (&str, &str) {
        (self.id.as_ref(), &self.name)
    }
}

/// The queued destructive work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destructive {
    /// `DELETE /data-connections/{id}`.
    DeleteConnection(Target),
    /// One `POST /data-connections/actions/delete` for all of them.
    DeleteConnections(Vec<Target>),
    /// One `DELETE /data-credentials/{id}` each: there is no bulk endpoint.
    DeleteCredentials(Vec<Target<CredentialId>>),
}

impl Destructive {
    /// Each target's id as text and name.
    pub fn targets(&self) -> Vec<(&str, &str)> {
        match self {
            Destructive::DeleteConnection(t) => vec![t.key()],
            Destructive::DeleteConnections(ts) => ts.iter().map(Target::key).collect(),
            Destructive::DeleteCredentials(ts) => ts.iter().map(Target::key).collect(),
        }
    }
}

/// A prompt for a name (and, when duplicating, a target space).
#[derive(Debug, Clone, PartialEq)]
pub struct NameDialog {
    pub purpose: NamePurpose,
    pub title: String,
    pub name: TextInput,
    /// Where the copy or the moved connections go (a choice's value is the space id, empty
    /// for the personal space, [`KEEP`] for each connection's own).
    pub space: Option<Picker>,
    /// A batch change's new owner (a user id, [`KEEP`] for each connection's own); only when
    /// some of the connections let the caller change their owner.
    pub owner: Option<Picker>,
    pub focus: NameField,
    /// The tenant's answer to the last attempt, shown inside the prompt.
    pub error: Option<String>,
    /// A request is on its way: Enter does not send another.
    pub sending: bool,
    /// A duplicate was sent whose answer never came: the tenant may have made the copy, so the
    /// next Enter looks the name up first and duplicates only when it is not there.
    pub maybe_done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamePurpose {
    Duplicate(Target),
    RenameCredential(Target<CredentialId>),
    /// Move these connections to another space and/or give them to another owner, in one
    /// `actions/update` after a [`Batch`] confirm (no name asked).
    Move(Vec<Target>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    Name,
    Space,
    Owner,
}

/// The one request of a [`Batch`], as its confirm names it.
pub const BATCH_PATH: &str = "POST /api/v1/data-connections/actions/update";

/// The choice of a batch's space or owner picker that changes nothing.
pub const KEEP: &str = "\u{1}keep";

/// A batch change of connections (space and/or owner, all `actions/update` can change besides
/// the name), shown item by item before its one request goes out, then with each item's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub title: String,
    pub items: Vec<BatchItem>,
    /// The one request's body, exactly as it will be sent: what the confirm lists.
    pub request: BulkUpdateRequest,
    /// What the admin should know before saying yes (a new owner brings their own credentials).
    pub notes: Vec<String>,
    pub stage: BatchStage,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    pub target: Target,
    /// "space Finance → Sales", "owner me → Omar": what changes for this connection.
    pub changes: Vec<String>,
    /// Why this connection is left out of the request (no privilege, nothing to change).
    pub skipped: Option<String>,
    /// The tenant's answer for this item once it came.
    pub result: Option<ItemResult>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemResult {
    Done(i64),
    Failed { status: Option<i64>, why: String },
}

/// Where a batch is: asking (only its yes sends), on its way (nothing sends again), answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchStage {
    Asking,
    Sending,
    Answered,
}

/// How the personal space is listed in pickers: first, by the name the Hub gives it.
pub const PERSONAL: &str = "Personal";

/// A change of the tenant, carried out by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    DeleteConnection {
        id: ConnectionId,
    },
    DeleteConnections {
        ids: Vec<ConnectionId>,
    },
    DuplicateConnection {
        source_id: ConnectionId,
        name: String,
        /// `None` keeps the source's space; `Some("")` is the personal space.
        space_id: Option<String>,
        /// After a duplicate whose answer was lost: look `name` up in the space the copy goes
        /// to first (`target_space`; `None` is the personal space) and send only on a 404.
        look_up_first: bool,
        target_space: Option<String>,
    },
    RenameCredential {
        id: CredentialId,
        name: CredentialName,
    },
    /// One `POST /data-connections/actions/update` with these items (a batch's space and
    /// owner changes).
    UpdateConnections {
        items: Vec<BulkUpdateItem>,
    },
    DeleteCredentials {
        ids: Vec<CredentialId>,
    },
}

/// What a mutation came back with.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outcome {
    ConnectionDeleted {
        id: ConnectionId,
        result: Result<(), Error>,
    },
    ConnectionsDeleted {
        ids: Vec<ConnectionId>,
        result: Result<BulkResponse, Error>,
    },
    Duplicated(Result<Connection, Error>),
    /// The answer of [`Mutation::UpdateConnections`] (its items, to fold in what went through).
    ConnectionsUpdated {
        items: Vec<BulkUpdateItem>,
        result: Result<BulkResponse, Error>,
    },
    /// The looked-up copy of a duplicate whose answer was lost exists: nothing was sent again.
    DuplicatedEarlier(Connection),
    CredentialRenamed {
        id: CredentialId,
        name: CredentialName,
        result: Result<(), Error>,
    },
    CredentialsDeleted(Vec<(CredentialId, Result<(), Error>)>),
    /// A rename's answer was lost (`lost`); the credential as re-read afterwards, which tells
    /// the name it now has (a PATCH of the name is safe to send again if it did not land).
    CredentialRenameLost {
        id: CredentialId,
        wanted: CredentialName,
        lost: Error,
        now: Result<Credential, Error>,
    },
}

impl Outcome {
    /// Why it failed, in the tenant's words (the first failure of a batch); `None`: done.
    pub fn failure(&self) -> Option<String> {
        let bulk = |r: &Result<BulkResponse, Error>| match r {
            Err(e) => Some(e.summary()),
            Ok(b) => b
                .data
                .iter()
                .find(|i| !(200..300).contains(&i.status))
                .map(|i| format!("{}: status {}", i.id, i.status)),
        };
        match self {
            Outcome::ConnectionDeleted { result, .. }
            | Outcome::CredentialRenamed { result, .. } => {
                result.as_ref().err().map(Error::summary)
            }
            Outcome::ConnectionsDeleted { result, .. }
            | Outcome::ConnectionsUpdated { result, .. } => bulk(result),
            Outcome::Duplicated(r) => r.as_ref().err().map(Error::summary),
            Outcome::DuplicatedEarlier(_) => None,
            Outcome::CredentialsDeleted(results) => results
                .iter()
                .find_map(|(id, r)| r.as_ref().err().map(|e| format!("{id}: {}", e.summary()))),
            Outcome::CredentialRenameLost { lost, .. } => Some(lost.summary()),
        }
    }
}
