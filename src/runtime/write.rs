//! Every write of the tenant, in one place (`app::write`): run once, to its end, never
//! cancelled. What each sends and how it treats a lost answer lives beside it (`create`,
//! `edit`, `mutate`).

use crate::api::Client;
use crate::app::write::{Body, Write, Written};

pub async fn run(client: &Client, write: Write, send: impl Fn(Written)) {
    match write {
        Write::Create(Body(body)) => super::create::create(client, &body, send).await,
        Write::CreateInteractive(Body(body)) => {
            super::create::interactive(client, &body, send).await
        }
        Write::Edit {
            id,
            plan: Body(plan),
        } => super::edit::edit(client, id.as_str(), &plan, send).await,
        Write::Mutate(mutation) => {
            send(Written::Mutated(super::mutate::run(client, mutation).await))
        }
    }
}
