//! A tenant's connections → a [`ConnectionsFile`]: per connection what a create needs, with
//! names where the tenant has ids and a placeholder for every credential value (secrets never
//! come back from a tenant, and a user name belongs with its secret).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::file::{env_name, placeholder_for, ConnectionsFile, Entry};
use super::plan::Fault;
use crate::api::models::{ApiSpecs, Connection, Space};
use crate::api::{Client, ConnectionsQuery, CredentialRef, GetConnectionQuery, SpacesQuery};
use crate::schema::{FieldRole, Form};

/// What to export: connections in these spaces (by name), of these sources, with these
/// names, with these ids (the TUI's marked rows); an empty list does not narrow.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub spaces: Vec<String>,
    pub sources: Vec<String>,
    pub names: Vec<String>,
    pub ids: Vec<String>,
}

/// The space of `name` (exact, else the only case-insensitive match).
pub(crate) fn find_space<'a>(spaces: &'a [Space], name: &str) -> Result<&'a Space, Fault> {
    if let Some(s) = spaces.iter().find(|s| s.name == name) {
        return Ok(s);
    }
    let folded: Vec<&Space> = spaces
        .iter()
        .filter(|s| s.name.eq_ignore_ascii_case(name))
        .collect();
    match folded.as_slice() {
        [only] => Ok(only),
        _ => Err(Fault::Usage(format!(
            "no space named {name:?} on the tenant (spaces: {})",
            spaces
                .iter()
                .map(|s| format!("{:?}", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The api-specs and gateways of each source, read once.
#[derive(Default)]
pub(crate) struct Sources {
    specs: HashMap<String, ApiSpecs>,
    gateways: HashMap<String, Vec<crate::api::models::Gateway>>,
}

impl Sources {
    pub async fn specs(&mut self, client: &Client, id: &str) -> Result<&ApiSpecs, Fault> {
        if !self.specs.contains_key(id) {
            let specs = client.api_specs(id).await.map_err(|e| {
                if e.is_status(404) {
                    Fault::Usage(format!(
                        "the tenant has no (enabled) data source {id:?} ({})",
                        e.summary()
                    ))
                } else {
                    Fault::Tenant(e)
                }
            })?;
            self.specs.insert(id.to_string(), specs);
        }
        Ok(&self.specs[id])
    }

    /// The gateways of a `DG_` source (none when the tenant has none: it answers 404).
    pub async fn gateways(
        &mut self,
        client: &Client,
        id: &str,
    ) -> Result<&[crate::api::models::Gateway], Fault> {
        if !self.gateways.contains_key(id) {
            let list = match client.gateways(id, false).await {
                Ok(r) => r.gateways,
                Err(e) if e.is_status(404) => Vec::new(),
                Err(e) => return Err(Fault::Tenant(e)),
            };
            self.gateways.insert(id.to_string(), list);
        }
        Ok(&self.gateways[id])
    }
}

pub async fn export(client: &Client, selection: &Selection) -> Result<ConnectionsFile, Fault> {
    let spaces = client
        .spaces(&SpacesQuery::default())
        .collect_all()
        .await
        .map_err(Fault::Tenant)?;
    let space_ids: Vec<Option<String>> = if selection.spaces.is_empty() {
        vec![None]
    } else {
        selection
            .spaces
            .iter()
            .map(|name| find_space(&spaces, name).map(|s| Some(s.id.clone())))
            .collect::<Result<_, _>>()?
    };
    let mut listed: Vec<Connection> = Vec::new();
    for space_id in space_ids {
        let q = ConnectionsQuery {
            space_id,
            no_datafiles: true,
            ..Default::default()
        };
        let page = client.connections(&q).collect_all().await;
        listed.extend(page.map_err(Fault::Tenant)?);
    }
    listed.retain(|c| {
        !c.is_datafiles()
            && (selection.sources.is_empty()
                || c.datasource_id
                    .as_ref()
                    .is_some_and(|s| selection.sources.contains(s)))
            && (selection.names.is_empty() || selection.names.contains(&c.q_name))
            && (selection.ids.is_empty() || selection.ids.iter().any(|id| id == c.id()))
    });
    for name in &selection.names {
        if !listed.iter().any(|c| &c.q_name == name) {
            return Err(Fault::Usage(format!(
                "no connection named {name:?} in what was selected"
            )));
        }
    }
    for id in &selection.ids {
        if !listed.iter().any(|c| c.id() == id) {
            return Err(Fault::Usage(format!(
                "no connection {id:?} in what was selected"
            )));
        }
    }
    let mut sources = Sources::default();
    let mut file = ConnectionsFile::default();
    let parsed = GetConnectionQuery {
        parse_connection: true,
        ..Default::default()
    };
    for listed in listed {
        let conn = client
            .connection(listed.id(), &parsed)
            .await
            .map_err(Fault::Tenant)?;
        file.connections
            .push(entry(client, &mut sources, &spaces, &conn).await?);
    }
    file.sort();
    Ok(file)
}

/// How the entry holds its credentials: separated ones by name (when the source's api-specs
/// offer them), and a placeholder for each credential field the target will need.
async fn export_credentials(
    client: &Client,
    form: &Form,
    conn: &Connection,
    props: &mut Map<String, Value>,
    notes: &mut Vec<String>,
) -> Result<(), Fault> {
    let credential_id = conn.q_credentials_id.clone().filter(|s| !s.is_empty());
    let mut separated = conn.q_separate_credentials == Some(true);
    if separated && !form.supports_separate_credentials() {
        // the file must pass the target's api-specs check, and this source has no such property
        notes.push(
            "the tenant says separated credentials, but the source's api-specs offer none"
                .to_string(),
        );
        separated = false;
    }
    let mut wants_credentials = credential_id.is_some() && !separated;
    if separated {
        props.insert("separateCredentials".into(), Value::String("true".into()));
        if let Some(id) = &credential_id {
            let credential = client
                .credential(CredentialRef::Id(id))
                .await
                .map_err(Fault::Tenant)?;
            props.insert("credentialsName".into(), Value::String(credential.q_name));
            wants_credentials = true;
        }
    }
    if wants_credentials {
        for field in form
            .fields
            .iter()
            .filter(|f| f.credential && f.is_form_input())
        {
            if !props.contains_key(&field.name) {
                let var = env_name(&conn.q_name, &field.name);
                props.insert(field.name.clone(), placeholder_for(&var));
            }
        }
    }
    Ok(())
}

/// One connection as a file entry.
async fn entry(
    client: &Client,
    sources: &mut Sources,
    spaces: &[Space],
    conn: &Connection,
) -> Result<Entry, Fault> {
    let source_id = conn.datasource_id.clone().unwrap_or_default();
    let specs = sources.specs(client, &source_id).await?.clone();
    let form = Form::from_model(&specs);
    let mut props: Map<String, Value> = conn.connection_properties.clone().unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(Value::String(id)) = props.get("gatewayInstance").cloned() {
        let gateways = sources.gateways(client, &source_id).await?;
        match gateways.iter().find(|g| g.id == id) {
            Some(g) => {
                props.insert("gatewayInstance".into(), Value::String(g.name.clone()));
            }
            None => notes.push("gatewayInstance is an id this tenant does not list".to_string()),
        }
    }
    export_credentials(client, &form, conn, &mut props, &mut notes).await?;
    // what steers a create is set above, never copied (an authCode is single-use)
    for field in &form.fields {
        if matches!(
            field.role,
            FieldRole::AuthCode | FieldRole::SelectedCredentials
        ) {
            props.remove(&field.name);
        }
    }
    let mut comment = format!(
        "{source_id} ({} {})",
        specs.connector_provider, specs.connector_version
    );
    for note in notes {
        comment.push_str(&format!("\n{note}"));
    }
    Ok(Entry {
        q_name: conn.q_name.clone(),
        data_source_id: source_id,
        space: conn.space_id().map(|id| {
            spaces
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| id.to_string())
        }),
        connection_properties: props,
        comment: Some(comment),
    })
}
