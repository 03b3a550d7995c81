//! Carries out effects: each fetch is a spawned task with a cancellation token owned by its
//! slot; a new request on a slot or a `Cancel` cancels the previous token. Results go back to
//! the loop over the channel with the request's ticket.
//!
//! A paged walk is held back when the loop falls behind: at most [`PAGES_AHEAD`] pages wait for
//! it at any time (back-pressure), so decoded pages never pile up in memory and keys never wait
//! behind a backlog of pages.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::future::join_all;
use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::api::ids::CredentialId;
use crate::api::models::{FilterOrphanRequest, ListingPage};
use crate::api::{
    Client, ConnectionsQuery, CredentialRef, DataSourcesQuery, GetConnectionQuery, SpacesQuery,
};
use crate::app::write::{Write, WriteTicket, Written};
use crate::app::{Action, Fetch, Payload, Request, Slot};

/// Pages of a walk that may wait for the loop; the walk's next request goes out meanwhile.
pub const PAGES_AHEAD: usize = 2;

pub struct Executor {
    client: Client,
    tx: UnboundedSender<Action>,
    tokens: HashMap<Slot, CancellationToken>,
    /// One permit per page that may be waiting for the loop: a walk takes one before it sends
    /// a page, the loop gives it back when it takes the page ([`Executor::took`]).
    pages: Arc<Semaphore>,
}

impl Executor {
    /// Where tasks that are not fetches (a clipboard tool, ...) report back.
    pub fn sender(&self) -> UnboundedSender<Action> {
        self.tx.clone()
    }

    pub fn new(client: Client, tx: UnboundedSender<Action>) -> Self {
        Executor {
            client,
            tx,
            tokens: HashMap::new(),
            pages: Arc::new(Semaphore::new(PAGES_AHEAD)),
        }
    }

    /// The loop took `action` off the channel: a page gives its permit back.
    pub fn took(&self, action: &Action) {
        if matches!(action, Action::Loaded(_, Payload::ConnectionsPage(_))) {
            self.pages.add_permits(1);
        }
    }

    pub fn cancel(&mut self, slot: Slot) {
        if let Some(t) = self.tokens.remove(&slot) {
            t.cancel();
        }
    }

    /// The tenant's client, for work that is not a fetch (the source of a copy).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Talks to another tenant from now on. Call [`Executor::cancel_all`] first: a task of the
    /// old tenant must not deliver into the new one's state.
    pub fn set_client(&mut self, client: Client) {
        self.client = client;
    }

    pub fn cancel_all(&mut self) {
        for (_, t) in self.tokens.drain() {
            t.cancel();
        }
    }

    /// Runs a write to its end on the current tenant's client: no slot, no token, so neither
    /// [`Executor::cancel_all`] nor a tenant switch stops it (`app::write`). Each answer goes
    /// back with `ticket`, then [`Action::WriteEnded`].
    pub fn write(&self, ticket: WriteTicket, write: Write) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let send = |w: Written| {
                let _ = tx.send(Action::Written(ticket, w));
            };
            super::write::run(&client, write, send).await;
            let _ = tx.send(Action::WriteEnded(ticket));
        });
    }

    pub fn spawn(&mut self, req: Request) {
        self.cancel(req.ticket.slot);
        let token = CancellationToken::new();
        self.tokens.insert(req.ticket.slot, token.clone());
        let client = self.client.clone();
        let tx = self.tx.clone();
        let pages = self.pages.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                _ = run(client, req, tx, pages) => {}
            }
        });
    }
}

async fn run(client: Client, req: Request, tx: UnboundedSender<Action>, pages: Arc<Semaphore>) {
    if let Some(d) = req.delay {
        tokio::time::sleep(d).await;
    }
    let ticket = req.ticket;
    let send = |p: Payload| {
        let _ = tx.send(Action::Loaded(ticket, p));
    };
    match req.fetch {
        Fetch::Me => send(Payload::Me(client.me().await)),
        Fetch::Sources => sources(&client, &tx, send).await,
        Fetch::Gateways {
            source_ids,
            force_refresh,
        } => {
            let calls = source_ids
                .iter()
                .map(|id| client.gateways(id, force_refresh));
            let results = join_all(calls).await;
            send(Payload::Gateways(
                source_ids.into_iter().zip(results).collect(),
            ));
        }
        Fetch::Connections {
            space_id,
            resume_from,
        } => connections(&client, space_id, resume_from, &pages, &tx, send).await,
        Fetch::Spaces => send(Payload::Spaces(
            client.spaces(&SpacesQuery::default()).collect_all().await,
        )),
        Fetch::Orphans => send(Payload::Orphans(
            client
                .orphan_credentials(&FilterOrphanRequest::default())
                .await,
        )),
        Fetch::ApiSpecs(id) => {
            let r = client.api_specs(&id).await;
            send(Payload::ApiSpecs(id, r));
        }
        Fetch::Connection(id) => {
            let q = GetConnectionQuery {
                parse_connection: true,
                ..Default::default()
            };
            let r = client.connection(id.as_str(), &q).await;
            send(Payload::Connection(id, r));
        }
        Fetch::Credential(id) => {
            let r = client.credential(CredentialRef::Id(id.as_str())).await;
            send(Payload::Credential(id, r));
        }
        Fetch::Credentials(ids) => credentials(&client, ids, send).await,
        Fetch::Users(ids) => users(&client, ids, send).await,
        Fetch::UserList => send(Payload::UserList(client.users().collect_all().await)),
        Fetch::CredentialByName(name) => {
            let r = client.credential(CredentialRef::Name(name.as_str())).await;
            send(Payload::CredentialNamed(name, r));
        }
        Fetch::FindConnection { name, space } => {
            let r = super::create::listed(&client, &name, space).await;
            send(Payload::Found(name, r));
        }
        Fetch::EditSource(id) => super::create::edit_source(&client, id.as_str(), send).await,
    }
}

/// The data sources; those that do not fit the API contract are left out, and said.
async fn sources(client: &Client, tx: &UnboundedSender<Action>, send: impl Fn(Payload)) {
    let answer = client.data_sources(&DataSourcesQuery::default()).await;
    if let Ok(r) = &answer {
        if r.skipped.count > 0 {
            let _ = tx.send(Action::Report(
                crate::app::state::Level::Warn,
                format!(
                    "{} data source(s) did not fit the API contract and are not listed ({})",
                    r.skipped.count,
                    r.skipped.first.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
    send(Payload::Sources(answer.map(|r| r.data_sources)))
}

/// Every page of connections, one message per page, from `resume_from` when given.
async fn connections(
    client: &Client,
    space_id: Option<String>,
    resume_from: Option<String>,
    pages: &Semaphore,
    tx: &UnboundedSender<Action>,
    send: impl Fn(Payload),
) {
    // every page, an error too, waits for a permit: the loop gives one back per page
    let send_page = |page| async {
        let Ok(permit) = pages.acquire().await else {
            return;
        };
        send(Payload::ConnectionsPage(page));
        permit.forget();
    };
    // pages read as a list keeps them (`ListingPage`: no buffering of every field)
    let mut pager = match resume_from {
        Some(href) => match client.connections_from_as::<ListingPage>(&href) {
            Ok(pager) => pager,
            Err(e) => return send_page(Err(e)).await,
        },
        None => client.connections_as(&ConnectionsQuery {
            space_id,
            ..Default::default()
        }),
    };
    while let Some(page) = pager.next_page().await {
        let page = page.map(|p| p.0);
        let failed = page.is_err();
        send_page(page).await;
        if failed {
            return;
        }
    }
    if let Some(why) = pager.stopped() {
        let _ = tx.send(Action::Report(
            crate::app::state::Level::Warn,
            why.to_string(),
        ));
    }
    send(Payload::ConnectionsEnd);
}

/// Credentials by id, a few at a time, each name delivered as it arrives.
async fn credentials(client: &Client, ids: Vec<CredentialId>, send: impl Fn(Payload)) {
    let mut answers = futures_util::stream::iter(ids)
        .map(|id| async move {
            let r = client.credential(CredentialRef::Id(id.as_str())).await;
            (id, r)
        })
        .buffer_unordered(4);
    while let Some((id, r)) = answers.next().await {
        send(Payload::Credential(id, r));
    }
    send(Payload::CredentialsEnd);
}

/// Users by id, a few at a time, each delivered as it arrives.
async fn users(client: &Client, ids: Vec<String>, send: impl Fn(Payload)) {
    let mut answers = futures_util::stream::iter(ids)
        .map(|id| async move {
            let r = client.user(&id).await;
            (id, r)
        })
        .buffer_unordered(4);
    while let Some((id, r)) = answers.next().await {
        send(Payload::User(id, r));
    }
    send(Payload::UsersEnd);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Ticket;
    use crate::demo::{DemoOptions, DemoServer};

    /// Pages the loop has not taken hold the walk back: no more than `PAGES_AHEAD` wait, and
    /// each page taken lets one more through.
    #[tokio::test]
    async fn a_walk_waits_for_the_loop_to_take_its_pages() {
        let server = DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoOptions {
                connections: 1_000,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let client = Client::new(
            &crate::api::ClientConfig::new(server.base_url()),
            Arc::new(crate::api::ApiKey::new("demo")),
        )
        .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut executor = Executor::new(client, tx);
        executor.spawn(Request {
            ticket: Ticket {
                slot: Slot::Connections,
                generation: 1,
            },
            fetch: Fetch::Connections {
                space_id: None,
                resume_from: None,
            },
            delay: None,
        });
        let mut pages = 0;
        let mut ended = false;
        let walk = async {
            while !ended {
                // what the walk sent before it had to wait: never more than PAGES_AHEAD
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                let mut waiting = Vec::new();
                while let Ok(a) = rx.try_recv() {
                    waiting.push(a);
                }
                let sent = waiting
                    .iter()
                    .filter(|a| matches!(a, Action::Loaded(_, Payload::ConnectionsPage(Ok(_)))))
                    .count();
                assert!(sent <= PAGES_AHEAD, "{sent} pages waited for the loop");
                ended = waiting
                    .iter()
                    .any(|a| matches!(a, Action::Loaded(_, Payload::ConnectionsEnd)));
                pages += sent;
                for a in &waiting {
                    executor.took(a);
                }
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(120), walk)
            .await
            .expect("the walk goes on once its pages are taken");
        assert_eq!(
            pages, 11,
            "1,000 generated and 7 catalog connections in pages of 100"
        );
        server.shutdown().await;
    }
}
