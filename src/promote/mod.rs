//! Connections as files, promoted between tenants with a plan. Knows nothing of the terminal:
//! it needs only `api` and `schema`; `qdc export` / `qdc apply` (and the TUI's copy) are its
//! front ends.
//!
//! * [`file`]: the file (`qdc export` writes it, `qdc apply -f` reads it): per connection the
//!   create body the seeds send (`qName`, `dataSourceId`, `space`, `connectionProperties`)
//!   with names where a tenant has ids (the space, `gatewayInstance`, `selectedCredentials`)
//!   and `${env:NAME}` placeholders where it has secrets.
//! * [`export`]: a tenant's connections → a file.
//! * [`plan`]: a file against a target tenant → per connection create / update (with the
//!   property diff and the JSON-Patch) / unchanged, every name resolved to the target's ids and
//!   every property checked against the target source's api-specs before anything is sent.
//! * [`apply`]: a plan and the secrets → the writes, one per changed connection, each sent
//!   once (a lost answer is looked up, never sent again).

pub mod apply;
pub mod export;
pub mod file;
pub mod plan;

pub use apply::{apply, ItemOutcome, ItemResult};
pub use export::{export, Selection};
pub use file::{ConnectionsFile, Entry};
pub use plan::{plan, Action, Fault, Plan, PlanItem, PlanProblem};

use crate::api::ids::ConnectionId;
use crate::api::Client;

/// Where the TUI's "copy to…" puts the connections on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpace {
    /// Each connection into the target's space of the same name as its own.
    Same,
    /// Every connection into the target's personal space.
    Personal,
    /// Every connection into the target's space of this name.
    Named(String),
}

/// The gateways the admin picked on the target for the TUI's copy: connection name → the
/// target's gateway id. They replace the gateway the plan would look up by name.
pub type GatewayChoices = std::collections::BTreeMap<String, String>;

/// The TUI's "copy to…": the connections `ids` of `source` planned against `target`, in the
/// target's space `space`, with the gateways `gateways` picked. The same export and plan as
/// `qdc export | qdc apply`, without a file.
pub async fn copy_plan(
    source: &Client,
    ids: &[ConnectionId],
    target: &Client,
    space: &TargetSpace,
    gateways: &GatewayChoices,
) -> Result<(ConnectionsFile, Plan), Fault> {
    let selection = Selection {
        ids: ids.iter().map(ToString::to_string).collect(),
        ..Selection::default()
    };
    let mut file = export(source, &selection).await?;
    for entry in &mut file.connections {
        if let Some(id) = gateways.get(&entry.q_name) {
            // the plan takes a gateway id of the target as it is (and says its name)
            entry.connection_properties.insert(
                "gatewayInstance".into(),
                serde_json::Value::String(id.clone()),
            );
        }
    }
    let named = match space {
        TargetSpace::Same => None,
        TargetSpace::Personal => {
            // the file's "no space" is the personal space
            file.connections.iter_mut().for_each(|e| e.space = None);
            None
        }
        TargetSpace::Named(name) => Some(name.as_str()),
    };
    let plan = plan(target, &file, named).await?;
    Ok((file, plan))
}
