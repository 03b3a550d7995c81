//! An edit's requests as one task (`app::edit::Plan`): the PATCH (for an OAuth-based
//! connection with a fresh authorization code as `qlik-auth-code`, got through the same
//! handoff as a create), then the one `actions/update` item, then the connection read back.
//! Each request goes out once; the first that fails ends the task and says which it was.

use crate::api::models::{BulkUpdateRequest, DcaasCreateConnection, PatchOp};
use crate::api::{Client, Error, GetConnectionQuery};
use crate::app::edit::{Failure, Outcome, Plan};
use crate::app::lost::answer_lost;
use crate::app::reply::{AuthAnswer, Reply};
use crate::app::write::Written;

fn parsed() -> GetConnectionQuery {
    GetConnectionQuery {
        parse_connection: true,
        ..Default::default()
    }
}

pub async fn edit(client: &Client, id: &str, plan: &Plan, send: impl Fn(Written)) {
    let read = || async { client.connection(id, &parsed()).await };
    let report = |patched, failure, connection| {
        send(Written::Edited(
            id.into(),
            Box::new(Outcome {
                patched,
                failure,
                connection,
            }),
        ))
    };
    let mut patched = plan.ops.is_empty();
    if !plan.ops.is_empty() {
        let sent = match &plan.auth {
            Some(body) => match patch_with_code(client, id, &plan.ops, body, &send).await {
                Some(r) => r,
                None => return, // the popup was closed: nothing was sent
            },
            None => client.patch_connection(id, &plan.ops, None).await,
        };
        match sent {
            Ok(()) => patched = true,
            Err(e) => return report(false, Some(Failure::Patch(e.clone())), Err(e)),
        }
    }
    if let Some(item) = &plan.update {
        let body = BulkUpdateRequest {
            connections: vec![item.clone()],
        };
        let failure = match client.update_connections(&body).await {
            Err(e) => Some(Failure::Update(e)),
            Ok(r) => r
                .data
                .iter()
                .find(|x| x.id == item.id)
                .filter(|x| !(200..300).contains(&x.status))
                .map(|x| {
                    let words = x
                        .error
                        .as_ref()
                        .and_then(|e| e.detail.clone().or_else(|| e.title.clone()))
                        .unwrap_or_else(|| format!("status {}", x.status));
                    Failure::UpdateItem(crate::text::sanitize(&words).into_owned())
                }),
        };
        if failure.is_some() {
            return report(patched, failure, read().await);
        }
    }
    report(patched, None, read().await)
}

/// The handoff of seed 002 for a PATCH: ask for an authorization URL (`authUrlOnly`, nothing is
/// created), ask the UI for the code and wait, send the PATCH with it. A refused code is shown
/// with the question for the next one; `NewUrl` starts over. `None`: the popup was closed.
async fn patch_with_code(
    client: &Client,
    id: &str,
    ops: &[PatchOp],
    body: &DcaasCreateConnection,
    send: &impl Fn(Written),
) -> Option<Result<(), Error>> {
    'new_url: loop {
        let url = match client.request_auth_url(body).await {
            Ok(r) => r.auth_url,
            Err(e) => return Some(Err(e)),
        };
        let mut error = None;
        loop {
            let (reply, answer) = Reply::channel();
            send(Written::AuthCodeWanted {
                url: url.clone(),
                error: error.take(),
                reply,
            });
            let code = match answer.await.ok()? {
                AuthAnswer::NewUrl => continue 'new_url,
                AuthAnswer::Code(code) => code,
            };
            match client.patch_connection(id, ops, Some(&code)).await {
                Ok(()) => return Some(Ok(())),
                // it may have been applied: never send it again unasked
                Err(e) if answer_lost(&e) => return Some(Err(e)),
                Err(e) => error = Some(e),
            }
        }
    }
}
