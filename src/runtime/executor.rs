//! Carries out effects: each fetch is a spawned task with a cancellation token owned by its
//! slot; a new request on a slot or a `Cancel` cancels the previous token. Results go back to
//! the loop over the channel with the request's ticket.

use std::collections::HashMap;

use futures_util::future::join_all;
use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::api::models::FilterOrphanRequest;
use crate::api::{
    Client, ConnectionsQuery, CredentialRef, DataSourcesQuery, GetConnectionQuery, SpacesQuery,
};
use crate::app::effect::Body;
use crate::app::{Action, Fetch, Payload, Request, Slot};

pub struct Executor {
    client: Client,
    tx: UnboundedSender<Action>,
    tokens: HashMap<Slot, CancellationToken>,
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
        }
    }

    pub fn cancel(&mut self, slot: Slot) {
        if let Some(t) = self.tokens.remove(&slot) {
            t.cancel();
        }
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

    /// Runs a mutation to its answer (no slot, no cancellation) and reports it.
    pub fn mutate(&self, mutation: crate::app::manage::Mutation) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let outcome = super::mutate::run(&client, mutation).await;
            let _ = tx.send(Action::Mutated(outcome));
        });
    }

    pub fn spawn(&mut self, req: Request) {
        self.cancel(req.ticket.slot);
        let token = CancellationToken::new();
        self.tokens.insert(req.ticket.slot, token.clone());
        let client = self.client.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                _ = run(client, req, tx) => {}
            }
        });
    }
}

async fn run(client: Client, req: Request, tx: UnboundedSender<Action>) {
    if let Some(d) = req.delay {
        tokio::time::sleep(d).await;
    }
    let ticket = req.ticket;
    let send = |p: Payload| {
        let _ = tx.send(Action::Loaded(ticket, p));
    };
    match req.fetch {
        Fetch::Me => send(Payload::Me(client.me().await)),
        Fetch::Sources => {
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
        } => {
            let mut pager = match resume_from {
                Some(href) => match client.connections_from(&href) {
                    Ok(pager) => pager,
                    Err(e) => return send(Payload::ConnectionsPage(Err(e))),
                },
                None => client.connections(&ConnectionsQuery {
                    space_id,
                    ..Default::default()
                }),
            };
            while let Some(page) = pager.next_page().await {
                let failed = page.is_err();
                send(Payload::ConnectionsPage(page));
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
            let r = client.connection(&id, &q).await;
            send(Payload::Connection(id, r));
        }
        Fetch::Credential(id) => {
            let r = client.credential(CredentialRef::Id(&id)).await;
            send(Payload::Credential(id, r));
        }
        Fetch::Credentials(ids) => {
            // a few at a time, each name delivered as it arrives
            let mut answers = futures_util::stream::iter(ids)
                .map(|id| {
                    let client = &client;
                    async move {
                        let r = client.credential(CredentialRef::Id(&id)).await;
                        (id, r)
                    }
                })
                .buffer_unordered(4);
            while let Some((id, r)) = answers.next().await {
                send(Payload::Credential(id, r));
            }
            send(Payload::CredentialsEnd);
        }
        Fetch::Users(ids) => {
            let mut answers = futures_util::stream::iter(ids)
                .map(|id| {
                    let client = &client;
                    async move {
                        let r = client.user(&id).await;
                        (id, r)
                    }
                })
                .buffer_unordered(4);
            while let Some((id, r)) = answers.next().await {
                send(Payload::User(id, r));
            }
            send(Payload::UsersEnd);
        }
        Fetch::CredentialByName(name) => {
            let r = client.credential(CredentialRef::Name(&name)).await;
            send(Payload::Credential(name, r));
        }
        Fetch::Create(Body(body)) => super::create::create(&client, &body, send).await,
        Fetch::CreateUnlessListed(Body(body)) => {
            super::create::create_unless_listed(&client, &body, send).await
        }
        Fetch::CreateInteractive(Body(body)) => {
            super::create::interactive(&client, &body, send).await
        }
        Fetch::EditSource(id) => super::create::edit_source(&client, &id, send).await,
        Fetch::Patch { id, ops: Body(ops) } => super::create::patch(&client, &id, &ops, send).await,
    }
}
