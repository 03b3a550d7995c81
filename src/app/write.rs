//! Writes: every request that changes the tenant (a create, the OAuth create, an edit's PATCH
//! and `actions/update`, a delete, a duplicate, a rename, a move) is one [`Write`] with a
//! [`WriteTicket`]. The runtime runs each to its end in one place and never cancels it: Esc,
//! closing the form, `:profile` or quitting stop the *waiting*, never the request, so what the
//! tenant did is always known and reported. Its answers come back as `Action::Written` with the
//! ticket, then one `Action::WriteEnded`.

use std::collections::BTreeMap;

use crate::api::ids::ConnectionId;
use crate::api::models::{Connection, CreateConnection, DcaasCreateConnection};
use crate::api::Error;

use super::manage::{Mutation, Outcome};
use super::reply::{AuthAnswer, Reply};

/// A request body inside an effect. The API models hold `serde_json::Value`s, which compare as
/// an equivalence (`Value: Eq`); the models only lack the derive, so `Eq` is sound here.
#[derive(Debug, Clone, PartialEq)]
pub struct Body<T>(pub Box<T>);
impl<T: PartialEq> Eq for Body<T> {}

/// Issued once per write and never reused; its answers carry it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WriteTicket(pub u64);

/// A change of the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// `POST /api/v1/data-connections` with this body, once.
    Create(Body<CreateConnection>),
    /// The interactive OAuth create: ask for the auth URL, ask the UI for the code (a
    /// `Payload::AuthCodeWanted`), send it; again on a wrong code or when a new URL is wanted.
    CreateInteractive(Body<DcaasCreateConnection>),
    /// An edit's requests (`app::edit::Plan`: PATCH, with the OAuth handoff for its
    /// `qlik-auth-code` where needed, then `actions/update`), then the connection read back.
    Edit {
        id: ConnectionId,
        plan: Body<super::edit::Plan>,
    },
    /// A delete, duplicate, rename or move (`app::manage`).
    Mutate(Mutation),
}

/// What a write answers (one or more, then `Action::WriteEnded`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Written {
    /// A create finished: the new connection (fetched by id after an interactive create).
    Created(Result<Connection, Error>),
    /// The looked-up name of an interactive create whose answer was lost exists: the earlier
    /// create went through, and nothing was sent again.
    CreatedEarlier(Connection),
    /// The OAuth task asks the admin for the code of `url` and awaits `reply`; `error` is the
    /// tenant's answer to the previous code, if there was one. Nothing is sent until answered;
    /// dropping `reply` ends the write with nothing sent.
    AuthCodeWanted {
        url: String,
        error: Option<Error>,
        reply: Reply<AuthAnswer>,
    },
    /// An edit was sent; what each request did and the connection as the tenant now has it.
    Edited(ConnectionId, Box<super::edit::Outcome>),
    /// A delete, duplicate, rename or move came back.
    Mutated(Outcome),
}

/// Who waits for a write's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiter {
    /// The connection form that sent it (while it stays open).
    Form,
    /// The lists, a confirm or a name dialog (`update::manage`).
    Manage,
}

/// A write on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    /// "create connection sales_db": for reports and the note at quit.
    pub what: String,
    pub waiter: Waiter,
    /// The profile of the tenant it went to; set to that profile's name once the session has
    /// switched away (`Some`), so its answer is reported and never folded into another
    /// tenant's lists.
    pub elsewhere: Option<String>,
}

/// Every write sent and not ended yet.
#[derive(Debug, Clone, Default)]
pub struct Writes {
    next: u64,
    in_flight: BTreeMap<WriteTicket, InFlight>,
}

impl Writes {
    /// A new ticket for a write about to be sent.
    pub fn issue(&mut self, what: impl Into<String>, waiter: Waiter) -> WriteTicket {
        self.next += 1;
        let ticket = WriteTicket(self.next);
        self.in_flight.insert(
            ticket,
            InFlight {
                what: what.into(),
                waiter,
                elsewhere: None,
            },
        );
        ticket
    }

    pub fn get(&self, ticket: WriteTicket) -> Option<&InFlight> {
        self.in_flight.get(&ticket)
    }

    /// The write ended (its last answer came, or its task stopped).
    pub fn end(&mut self, ticket: WriteTicket) -> Option<InFlight> {
        self.in_flight.remove(&ticket)
    }

    pub fn len(&self) -> usize {
        self.in_flight.len()
    }

    pub fn is_empty(&self) -> bool {
        self.in_flight.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&WriteTicket, &InFlight)> {
        self.in_flight.iter()
    }

    /// The session leaves the tenant `profile`: what is still on its way there is reported
    /// as that tenant's when it ends.
    pub fn left_tenant(&mut self, profile: &str) {
        for w in self.in_flight.values_mut() {
            w.elsewhere.get_or_insert_with(|| profile.to_string());
        }
    }

    /// Lines for the terminal after a quit that left writes unanswered.
    pub fn unanswered(&self, here: &str) -> Vec<String> {
        self.in_flight
            .values()
            .map(|w| {
                let tenant = w.elsewhere.as_deref().unwrap_or(here);
                format!(
                    "qdc: quit while a write was on its way: {} (profile {tenant}); its outcome \
                     is unknown: look at the tenant before sending it again",
                    w.what
                )
            })
            .collect()
    }
}
