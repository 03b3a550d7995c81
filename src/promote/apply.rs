//! A [`Plan`] and the secrets → the writes: one `POST` per create, one `PATCH` per update,
//! in the plan's order, each sent once. A create whose answer was lost (the tenant may have
//! carried it out) is looked up by name, never sent again: found, it is created; not found or
//! not known, the item says so and a new `apply` plans it again (the plan looks it up first).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Map, Value};

use super::file::placeholder;
use super::plan::{Action, Plan, PlanItem};
use crate::api::models::PatchOp;
use crate::api::Client;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    Created {
        id: String,
    },
    /// The answer was lost; the name lookup found the connection.
    CreatedAnswerLost {
        id: String,
    },
    Updated,
    Unchanged,
    /// Not done; `may_have_landed`: no answer came, the tenant may have done it.
    Failed {
        message: String,
        may_have_landed: bool,
    },
    /// Not sent: the run was interrupted before this item.
    NotSent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    pub label: String,
    pub outcome: ItemOutcome,
}

/// Fills every `${env:NAME}` placeholder with its value ([`Plan::secret_values`]).
fn fill(value: &Value, secrets: &HashMap<String, Value>) -> Value {
    match placeholder(value).and_then(|var| secrets.get(var)) {
        Some(secret) => secret.clone(),
        None => value.clone(),
    }
}

fn fill_map(props: &Map<String, Value>, secrets: &HashMap<String, Value>) -> Map<String, Value> {
    props
        .iter()
        .map(|(k, v)| (k.clone(), fill(v, secrets)))
        .collect()
}

/// Applies `plan` (which must have no problems). `stop` is checked before each item: once set,
/// the rest is reported as not sent. `on_result` hears each result as it happens, so a run cut
/// short still leaves a record of what was done.
pub async fn apply(
    client: &Client,
    plan: &Plan,
    secrets: &HashMap<String, Value>,
    stop: &AtomicBool,
    mut on_result: impl FnMut(&ItemResult),
) -> Vec<ItemResult> {
    let mut results = Vec::new();
    for item in &plan.items {
        let outcome = if stop.load(Ordering::SeqCst) {
            ItemOutcome::NotSent
        } else {
            apply_one(client, item, secrets).await
        };
        let result = ItemResult {
            label: item.label(),
            outcome,
        };
        on_result(&result);
        results.push(result);
    }
    results
}

async fn apply_one(
    client: &Client,
    item: &PlanItem,
    secrets: &HashMap<String, Value>,
) -> ItemOutcome {
    match &item.action {
        Action::Unchanged { .. } => ItemOutcome::Unchanged,
        Action::Create { body } => {
            let mut body = body.clone();
            body.connection_properties = fill_map(&body.connection_properties, secrets);
            match client.create_connection(&body).await {
                Ok(c) => ItemOutcome::Created {
                    id: c.id().to_string(),
                },
                Err(e) if e.may_have_landed() => {
                    match client.find_connection(&body.q_name, body.space.as_deref()).await {
                        Ok(Some(c)) => ItemOutcome::CreatedAnswerLost {
                            id: c.id().to_string(),
                        },
                        Ok(None) => ItemOutcome::Failed {
                            message: format!(
                                "{}; the tenant does not have it, so nothing was created: apply again",
                                e.summary()
                            ),
                            may_have_landed: false,
                        },
                        Err(lookup) => ItemOutcome::Failed {
                            message: format!(
                                "{}; it may have been created, and looking it up failed too ({}): apply again, the plan looks it up first",
                                e.summary(),
                                lookup.summary()
                            ),
                            may_have_landed: true,
                        },
                    }
                }
                Err(e) => ItemOutcome::Failed {
                    message: e.summary(),
                    may_have_landed: false,
                },
            }
        }
        Action::Update { id, ops, .. } => {
            let ops: Vec<PatchOp> = ops
                .iter()
                .map(|op| PatchOp {
                    value: op.value.as_ref().map(|v| fill(v, secrets)),
                    ..op.clone()
                })
                .collect();
            match client.patch_connection(id, &ops, None).await {
                Ok(()) => ItemOutcome::Updated,
                Err(e) => ItemOutcome::Failed {
                    may_have_landed: e.may_have_landed(),
                    message: if e.may_have_landed() {
                        format!(
                            "{}; the update may have been applied: apply again to compare",
                            e.summary()
                        )
                    } else {
                        e.summary()
                    },
                },
            }
        }
    }
}
