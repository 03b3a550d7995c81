//! A file against a target tenant → a [`Plan`]: per connection create, update (the property
//! diff and the JSON-Patch that makes it) or unchanged. Everything is resolved and checked
//! before anything is sent: spaces, gateways and credentials by name to the target's ids, every
//! property against the target source's api-specs. Only GET requests are made here.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::export::{find_space, Sources};
use super::file::{placeholder, ConnectionsFile, Entry};
use crate::api::models::{Connection, CreateConnection, PatchOp, Space};
use crate::api::{Client, CredentialRef, SpacesQuery};
use crate::schema::{FieldKind, FieldRole, Form};

/// Why planning (or exporting) stopped: the tenant failed, or the input cannot be used.
#[derive(Debug, Clone)]
pub enum Fault {
    Tenant(crate::api::Error),
    Usage(String),
}

/// Properties that name the server: changing one needs the credentials in the same PATCH.
const HOST_PROPERTIES: &[&str] = &["host", "server", "url"];

/// Properties that steer a create and are never stored (so never compared).
fn steers_create(form: &Form, name: &str) -> bool {
    name == "authUrlOnly"
        || form.field(name).is_some_and(|f| {
            matches!(
                f.role,
                FieldRole::SeparateCredentials
                    | FieldRole::SelectedCredentials
                    | FieldRole::CredentialsName
                    | FieldRole::AuthCode
            )
        })
}

/// One property that differs, for the plan's diff. Secrets read as `(secret)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyChange {
    pub property: String,
    /// `None`: the target does not have it.
    pub before: Option<String>,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The body still holds the `${env:NAME}` placeholders; they are filled on apply.
    Create {
        body: CreateConnection,
    },
    Update {
        id: String,
        changes: Vec<PropertyChange>,
        ops: Vec<PatchOp>,
    },
    Unchanged {
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanItem {
    pub name: String,
    /// The space's name on the target; `None` is the personal space.
    pub space: Option<String>,
    pub data_source_id: String,
    pub action: Action,
    /// What the plan decided that the admin should know (a credential reused, properties the
    /// target has that the file does not, which are kept).
    pub notes: Vec<String>,
    /// Variables whose value is JSON, not text: they fill array or object properties (key
    /// files are `[{"name": ..., "value": <base64>}]`).
    pub json_secrets: BTreeSet<String>,
}

impl PlanItem {
    /// `name (space)`.
    pub fn label(&self) -> String {
        format!(
            "{} ({})",
            self.name,
            self.space.as_deref().unwrap_or("personal space")
        )
    }

    /// The environment variables this item's writes need.
    pub fn secrets(&self) -> BTreeSet<String> {
        let mut vars = BTreeSet::new();
        match &self.action {
            Action::Create { body } => {
                for v in body.connection_properties.values() {
                    vars.extend(placeholder(v).map(str::to_string));
                }
            }
            Action::Update { ops, .. } => {
                for op in ops {
                    vars.extend(op.value.as_ref().and_then(placeholder).map(str::to_string));
                }
            }
            Action::Unchanged { .. } => {}
        }
        vars
    }
}

/// A connection of the file that cannot be applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    pub connection: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub items: Vec<PlanItem>,
    /// When not empty, nothing may be applied.
    pub problems: Vec<PlanProblem>,
}

impl Plan {
    /// Every variable the writes need, once.
    pub fn secrets(&self) -> BTreeSet<String> {
        self.items.iter().flat_map(PlanItem::secrets).collect()
    }

    /// The values to send for the variables' texts: JSON where a property wants an array or an
    /// object, text elsewhere. Every variable that is missing or not JSON where it must be is
    /// listed, so nothing is sent half-filled.
    pub fn secret_values(
        &self,
        texts: &std::collections::HashMap<String, String>,
    ) -> Result<std::collections::HashMap<String, Value>, Vec<String>> {
        let json: BTreeSet<&String> = self.items.iter().flat_map(|i| &i.json_secrets).collect();
        let mut values = std::collections::HashMap::new();
        let mut errors = Vec::new();
        for var in self.secrets() {
            match texts.get(&var) {
                None => errors.push(format!("{var} is not set")),
                Some(text) if json.contains(&var) => match serde_json::from_str::<Value>(text) {
                    Ok(v @ (Value::Array(_) | Value::Object(_))) => {
                        values.insert(var, v);
                    }
                    _ => errors.push(format!(
                        "{var} must be JSON (an array, e.g. [{{\"name\": \"key.p8\", \"value\": \"<base64>\"}}]): the property it fills is not text"
                    )),
                },
                Some(text) => {
                    values.insert(var, Value::String(text.clone()));
                }
            }
        }
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }

    /// `(creates, updates, unchanged)`.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for item in &self.items {
            match item.action {
                Action::Create { .. } => counts.0 += 1,
                Action::Update { .. } => counts.1 += 1,
                Action::Unchanged { .. } => counts.2 += 1,
            }
        }
        counts
    }
}

/// A property value as text, for comparing what the file says with what the tenant has
/// (`1433` and `"1433"`, `true` and `"true"` are the same).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Plans `file` against the tenant of `client`. `space` puts every connection in that space
/// (by name) instead of the file's.
pub async fn plan(
    client: &Client,
    file: &ConnectionsFile,
    space: Option<&str>,
) -> Result<Plan, Fault> {
    let spaces = client
        .spaces(&SpacesQuery::default())
        .collect_all()
        .await
        .map_err(Fault::Tenant)?;
    let mut sources = Sources::default();
    let mut plan = Plan::default();
    for entry in &file.connections {
        let label = format!(
            "{} ({})",
            entry.q_name,
            space.or(entry.space.as_deref()).unwrap_or("personal space")
        );
        let mut problems = Vec::new();
        match plan_one(client, &mut sources, &spaces, entry, space, &mut problems).await? {
            Some(item) if problems.is_empty() => plan.items.push(item),
            _ => plan
                .problems
                .extend(problems.into_iter().map(|message| PlanProblem {
                    connection: label.clone(),
                    message,
                })),
        }
    }
    Ok(plan)
}

async fn plan_one(
    client: &Client,
    sources: &mut Sources,
    spaces: &[Space],
    entry: &Entry,
    space_override: Option<&str>,
    problems: &mut Vec<String>,
) -> Result<Option<PlanItem>, Fault> {
    let space_name = space_override
        .map(str::to_string)
        .or_else(|| entry.space.clone());
    let space = resolve_space(spaces, space_name.as_deref(), problems)?;
    let source_id = entry.data_source_id.as_str();
    let specs = match sources.specs(client, source_id).await {
        Ok(specs) => specs.clone(),
        Err(Fault::Usage(m)) => {
            problems.push(m);
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let form = Form::from_model(&specs);
    check_against_specs(&form, source_id, &specs.connector_version, entry, problems);

    // names → the target's ids
    let mut props = entry.connection_properties.clone();
    let mut notes = Vec::new();
    if form.needs_gateway() || props.contains_key("gatewayInstance") {
        resolve_gateway(client, sources, source_id, &mut props, &mut notes, problems).await?;
    }
    if space_name.is_some() && space.is_none() {
        return Ok(None); // the space is missing: reported above
    }
    let space_id = space.map(|s| s.id.clone());
    let existing = client
        .find_connection(&entry.q_name, space_id.as_deref())
        .await
        .map_err(Fault::Tenant)?;
    let action = match existing {
        None => {
            let target = CreateTarget {
                source_id,
                q_name: &entry.q_name,
                space_id,
            };
            create_action(client, &form, target, props, &mut notes, problems).await?
        }
        Some(existing) => update_action(&form, source_id, &existing, &props, &mut notes, problems),
    };
    Ok(Some(PlanItem {
        name: entry.q_name.clone(),
        space: space.map(|s| s.name.clone()),
        data_source_id: source_id.to_string(),
        action,
        notes,
        json_secrets: json_secrets(&form, entry),
    }))
}

/// The named space on the target. A missing one is a problem to report with the others (so
/// `None`), not a reason to stop planning the rest of the file.
fn resolve_space<'a>(
    spaces: &'a [Space],
    name: Option<&str>,
    problems: &mut Vec<String>,
) -> Result<Option<&'a Space>, Fault> {
    let Some(name) = name else {
        return Ok(None);
    };
    match find_space(spaces, name) {
        Ok(s) => Ok(Some(s)),
        Err(Fault::Usage(m)) => {
            problems.push(m);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// Where a new connection goes: its source, name and (resolved) space.
struct CreateTarget<'a> {
    source_id: &'a str,
    q_name: &'a str,
    space_id: Option<String>,
}

/// No connection of that name on the target: create it, with credentials resolved by name.
async fn create_action(
    client: &Client,
    form: &Form,
    target: CreateTarget<'_>,
    mut props: Map<String, Value>,
    notes: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Result<Action, Fault> {
    let source_id = target.source_id;
    if crate::schema::is_interactive(form, &form.values_from_properties(&props)) {
        problems.push(format!(
            "{source_id} asks for an interactive OAuth consent (a browser and a one-time code): create it in the TUI (c), then apply updates it"
        ));
    }
    resolve_credentials(client, form, &mut props, notes, problems).await?;
    Ok(Action::Create {
        body: CreateConnection {
            data_source_id: source_id.to_string(),
            q_name: target.q_name.to_string(),
            space: target.space_id,
            auth_url_only: None,
            connection_properties: props,
            tags: None,
        },
    })
}

/// A connection of that name exists: update it by the diff, or leave it if nothing differs.
/// Properties only the target has are kept (and noted), never removed.
fn update_action(
    form: &Form,
    source_id: &str,
    existing: &Connection,
    props: &Map<String, Value>,
    notes: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Action {
    if existing.datasource_id.as_deref() != Some(source_id) {
        problems.push(format!(
            "the target's connection of that name uses data source {:?}, the file {:?}",
            existing.datasource_id.as_deref().unwrap_or(""),
            source_id
        ));
    }
    let stored = existing.connection_properties.clone().unwrap_or_default();
    let (changes, ops) = diff(form, props, &stored);
    let kept: Vec<&str> = stored
        .keys()
        .filter(|k| !props.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !kept.is_empty() {
        notes.push(format!(
            "on the target but not in the file (kept): {}",
            kept.join(", ")
        ));
    }
    let id = existing.id().to_string();
    if ops.is_empty() {
        Action::Unchanged { id }
    } else {
        Action::Update { id, changes, ops }
    }
}

/// The file's variables that fill array or object properties: their value must be JSON, not
/// text, so the plan names them apart.
fn json_secrets(form: &Form, entry: &Entry) -> BTreeSet<String> {
    entry
        .connection_properties
        .iter()
        .filter(|(name, _)| {
            form.field(name).is_some_and(|f| {
                matches!(
                    f.json_type,
                    crate::schema::JsonType::Array | crate::schema::JsonType::Object
                )
            })
        })
        .filter_map(|(_, v)| placeholder(v).map(str::to_string))
        .collect()
}

/// Unknown properties, values outside a choice's options, and missing required ones.
fn check_against_specs(
    form: &Form,
    source_id: &str,
    version: &str,
    entry: &Entry,
    problems: &mut Vec<String>,
) {
    let unknown: Vec<&str> = entry
        .connection_properties
        .keys()
        .filter(|k| form.field(k).is_none() && *k != "gatewayInstance")
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
        let listed = if known.len() <= 12 {
            format!(" (it has: {})", known.join(", "))
        } else {
            format!(" (its api-specs list {} others)", known.len())
        };
        problems.push(format!(
            "{source_id} {version} on the target has no propert{} {}{listed}",
            if unknown.len() == 1 { "y" } else { "ies" },
            unknown.join(", "),
        ));
    }
    for field in &form.fields {
        let value = entry.connection_properties.get(&field.name);
        if let (FieldKind::Choice { options }, Some(v)) = (&field.kind, value) {
            if placeholder(v).is_none() && !options.contains(&text(v)) {
                problems.push(format!(
                    "{}: {:?} is not one of {}",
                    field.name,
                    text(v),
                    options.join(", ")
                ));
            }
        }
        if field.required && field.is_form_input() && value.is_none() {
            problems.push(format!("{} is required by {source_id}", field.name));
        }
    }
}

/// `gatewayInstance` by name (or already an id of the target) → the target's gateway id.
async fn resolve_gateway(
    client: &Client,
    sources: &mut Sources,
    source_id: &str,
    props: &mut Map<String, Value>,
    notes: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Result<(), Fault> {
    let gateways = sources.gateways(client, source_id).await?;
    let wanted = props.get("gatewayInstance").map(text);
    let Some(wanted) = wanted.filter(|w| !w.is_empty()) else {
        problems.push(format!(
            "{source_id} needs gatewayInstance (a gateway's name; the target has: {})",
            names(gateways.iter().map(|g| g.name.as_str()))
        ));
        return Ok(());
    };
    match gateways
        .iter()
        .find(|g| g.name == wanted)
        .or_else(|| gateways.iter().find(|g| g.id == wanted))
    {
        Some(g) => {
            notes.push(format!("gateway {:?} is {} on the target", g.name, g.id));
            props.insert("gatewayInstance".into(), Value::String(g.id.clone()));
        }
        None => problems.push(format!(
            "no gateway named {wanted:?} for {source_id} on the target (it has: {})",
            names(gateways.iter().map(|g| g.name.as_str()))
        )),
    }
    Ok(())
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<String> = names.map(|n| format!("{n:?}")).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

/// `selectedCredentials: NAME` → the target's credential id (it must exist);
/// `credentialsName: NAME` → reuse the target's credential of that name when it has one
/// (sent as `selectedCredentials`, without the credential fields, as the seed's second
/// request), else create it from the file's credential fields.
async fn resolve_credentials(
    client: &Client,
    form: &Form,
    props: &mut Map<String, Value>,
    notes: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Result<(), Fault> {
    let by_name =
        |props: &Map<String, Value>, key: &str| props.get(key).map(text).filter(|s| !s.is_empty());
    if let Some(name) = by_name(props, "selectedCredentials") {
        match lookup_credential(client, &name).await? {
            Some(id) => {
                props.insert("selectedCredentials".into(), Value::String(id));
                drop_credential_fields(form, props);
            }
            None => problems.push(format!(
                "no credential named {name:?} on the target (selectedCredentials); use credentialsName to create it"
            )),
        }
    } else if let Some(name) = by_name(props, "credentialsName") {
        if let Some(id) = lookup_credential(client, &name).await? {
            props.remove("credentialsName");
            props.insert("selectedCredentials".into(), Value::String(id));
            drop_credential_fields(form, props);
            notes.push(format!("reuses the target's credential {name:?}"));
        }
    }
    Ok(())
}

fn drop_credential_fields(form: &Form, props: &mut Map<String, Value>) {
    for field in form.fields.iter().filter(|f| f.credential) {
        props.remove(&field.name);
    }
}

async fn lookup_credential(client: &Client, name: &str) -> Result<Option<String>, Fault> {
    match client.credential(CredentialRef::Name(name)).await {
        Ok(c) => Ok(Some(c.q_id)),
        Err(e) if e.is_status(404) => Ok(None),
        Err(e) => Err(Fault::Tenant(e)),
    }
}

/// JSON Pointer escaping of one path segment (RFC 6901).
fn pointer(name: &str) -> String {
    format!(
        "/connectionProperties/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

/// What the file wants that the target does not have. Secrets (and other placeholders) cannot
/// be compared, since a tenant never returns them: they are sent only when a host property
/// changes, because the tenant then needs the credentials in the same request.
fn diff(
    form: &Form,
    wanted: &Map<String, Value>,
    stored: &Map<String, Value>,
) -> (Vec<PropertyChange>, Vec<PatchOp>) {
    let mut changes = Vec::new();
    let mut ops = Vec::new();
    let mut host_changed = false;
    for (name, value) in wanted {
        if steers_create(form, name) || placeholder(value).is_some() {
            continue;
        }
        let before = stored.get(name);
        if before.map(text) == Some(text(value)) {
            continue;
        }
        host_changed |= HOST_PROPERTIES.contains(&name.to_ascii_lowercase().as_str());
        let secret = form.is_secret(name);
        changes.push(PropertyChange {
            property: name.clone(),
            before: before.map(|b| if secret { "(secret)".into() } else { text(b) }),
            after: if secret {
                "(secret)".into()
            } else {
                text(value)
            },
        });
        ops.push(match before {
            Some(_) => PatchOp::replace(pointer(name), value.clone()),
            None => PatchOp::add(pointer(name), value.clone()),
        });
    }
    if host_changed {
        for (name, value) in wanted {
            let is_credential = form.field(name).is_some_and(|f| f.credential);
            if is_credential && placeholder(value).is_some() {
                changes.push(PropertyChange {
                    property: name.clone(),
                    before: Some("(secret)".into()),
                    after: "(sent again: the host changed)".into(),
                });
                let op = match stored.contains_key(name) {
                    true => PatchOp::replace(pointer(name), value.clone()),
                    false => PatchOp::add(pointer(name), value.clone()),
                };
                ops.push(op);
            }
        }
    }
    (changes, ops)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "plan_secret_tests.rs"]
mod secret_tests;
