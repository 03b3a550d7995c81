//! Carries out the mutations of the tenant (deletes, duplicate, rename, move): writes
//! (`runtime::write`), so they have no slot and are never
//! cancelled by a newer request: a delete that was confirmed runs to its answer.

use serde_json::json;

use crate::api::ids::{CredentialId, CredentialName};
use crate::api::models::{
    BulkDeleteItem, BulkDeleteRequest, BulkUpdateRequest, DuplicateConnection, PatchOp,
};
use crate::api::{Client, CredentialRef};
use crate::app::lost::answer_lost;
use crate::app::manage::{Mutation, Outcome};

pub async fn run(client: &Client, mutation: Mutation) -> Outcome {
    match mutation {
        Mutation::DeleteConnection { id } => {
            let result = client.delete_connection(id.as_str()).await;
            Outcome::ConnectionDeleted { id, result }
        }
        Mutation::DeleteConnections { ids } => {
            let body = BulkDeleteRequest {
                connections: ids
                    .iter()
                    .map(|id| BulkDeleteItem {
                        id: id.to_string(),
                        name: None,
                    })
                    .collect(),
            };
            let result = client.delete_connections(&body).await;
            Outcome::ConnectionsDeleted { ids, result }
        }
        Mutation::UpdateConnections { items } => {
            let body = BulkUpdateRequest {
                connections: items.clone(),
            };
            let result = client.update_connections(&body).await;
            Outcome::ConnectionsUpdated { items, result }
        }
        Mutation::DuplicateConnection {
            source_id,
            name,
            space_id,
            look_up_first,
            target_space,
        } => {
            if look_up_first {
                // the earlier duplicate's answer was lost: a copy that exists is its result
                match super::create::listed(client, &name, target_space).await {
                    Ok(Some(copy)) => return Outcome::DuplicatedEarlier(copy),
                    Ok(None) => {}
                    Err(e) => return Outcome::Duplicated(Err(e)),
                }
            }
            let body = DuplicateConnection {
                id: source_id.0,
                name: Some(name),
                space_id,
                ..Default::default()
            };
            Outcome::Duplicated(client.duplicate_connection(&body).await)
        }
        Mutation::RenameCredential { id, name } => rename_credential(client, id, name).await,
        Mutation::DeleteCredentials { ids } => delete_credentials(client, ids).await,
    }
}

async fn rename_credential(client: &Client, id: CredentialId, name: CredentialName) -> Outcome {
    let ops = [PatchOp::replace("/qName", json!(name.as_str()))];
    match client
        .patch_credential(CredentialRef::Id(id.as_str()), &ops)
        .await
    {
        Err(lost) if answer_lost(&lost) => {
            // whether it landed is read back rather than guessed
            let now = client.credential(CredentialRef::Id(id.as_str())).await;
            Outcome::CredentialRenameLost {
                id,
                wanted: name,
                lost,
                now,
            }
        }
        result => Outcome::CredentialRenamed { id, name, result },
    }
}

async fn delete_credentials(client: &Client, ids: Vec<CredentialId>) -> Outcome {
    // one at a time: there is no bulk endpoint, and a burst of deletes against one
    // tenant buys little for the handful an admin cleans up at once
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let r = client
            .delete_credential(CredentialRef::Id(id.as_str()))
            .await;
        results.push((id, r));
    }
    Outcome::CredentialsDeleted(results)
}
