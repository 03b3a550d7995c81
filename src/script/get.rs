//! `qdc get sources|gateways|connections|credentials|spaces`.
//!
//! Every item is fetched as the tenant sent it; `-o json|yaml` writes those items verbatim as
//! one array (the items of every page, in the tenant's order), `--typed` writes qdc's reading
//! of them, and the table is built from that reading. `--filter` keeps the items whose name
//! contains the text (case-insensitive), on every kind alike.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::args::{Format, GetArgs, GetKind};
use super::output::{self, col, Col, Table};
use super::tenant::{self, connect};
use crate::api::models::{Connection, Credential, DataSource, FilterOrphanRequest, Gateway, Space};
use crate::api::{Client, ConnectionsQuery, CredentialRef, DataSourcesQuery, RawPage, SpacesQuery};
use crate::app::rows::Ellipsis::{End, Middle};
use crate::cli::Cli;
use crate::exit::Failure;

pub async fn run(cli: &Cli, args: &GetArgs) -> Result<(), Failure> {
    let target = connect(cli).await?;
    let client = &target.client;
    match args.kind {
        GetKind::Sources => sources(client, args).await,
        GetKind::Gateways => gateways(client, args).await,
        GetKind::Connections => connections(client, args).await,
        GetKind::Credentials => credentials(client, args).await,
        GetKind::Spaces => spaces(client, args).await,
    }
}

/// Each raw item with qdc's reading of it.
struct Items<T> {
    raw: Vec<Value>,
    typed: Vec<T>,
}

fn read<T: DeserializeOwned>(raw: Vec<Value>, what: &str) -> Result<Items<T>, Failure> {
    let typed = raw
        .iter()
        .map(|v| {
            serde_json::from_value(v.clone()).map_err(|e| {
                Failure::failed(format!("the tenant sent {what} qdc cannot read ({e})"))
            })
        })
        .collect::<Result<Vec<T>, _>>()?;
    Ok(Items { raw, typed })
}

impl<T> Items<T> {
    /// Keeps the items `keep` says yes to, raw and typed alike.
    fn retain(&mut self, keep: impl Fn(&T) -> bool) {
        let (raw, typed): (Vec<Value>, Vec<T>) = std::mem::take(&mut self.raw)
            .into_iter()
            .zip(std::mem::take(&mut self.typed))
            .filter(|(_, t)| keep(t))
            .unzip();
        self.raw = raw;
        self.typed = typed;
    }
}

fn contains(name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|f| name.to_lowercase().contains(&f.to_lowercase()))
}

fn emit<T: Serialize>(
    args: &GetArgs,
    items: &Items<T>,
    table: impl FnOnce(&[T]) -> Table,
) -> Result<(), Failure> {
    match (args.output, args.typed) {
        (Format::Table, _) => output::table(&table(&items.typed)),
        (format, false) => output::document(&items.raw, format),
        (format, true) => output::document(&items.typed, format),
    }
}

fn items_of(mut doc: Value, key: &str) -> Vec<Value> {
    match doc.get_mut(key).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

const SOURCES: &[Col] = &[
    col("ID", Middle),
    col("NAME", End),
    col("PROVIDER", End),
    col("GATEWAY", End),
];

async fn sources(client: &Client, args: &GetArgs) -> Result<(), Failure> {
    let q = DataSourcesQuery {
        data_source_id: args.source.clone(),
        ..Default::default()
    };
    let doc: Value = client.data_sources_as(&q).await?;
    let mut items: Items<DataSource> = read(items_of(doc, "dataSources"), "a data source")?;
    items.retain(|s| {
        contains(s.display_name(), args.filter.as_deref())
            || contains(&s.data_source_id, args.filter.as_deref())
    });
    emit(args, &items, |sources| Table {
        cols: SOURCES,
        rows: sources
            .iter()
            .map(|s| {
                vec![
                    s.data_source_id.clone(),
                    s.display_name().to_string(),
                    s.provider_name.clone(),
                    if s.is_gateway_source() { "yes" } else { "" }.into(),
                ]
            })
            .collect(),
    })
}

const GATEWAYS: &[Col] = &[
    col("NAME", End),
    col("ID", Middle),
    col("DEFAULT", End),
    col("SOURCES", End),
];

/// The gateways of every `DG_` source (or of `--source`), each gateway once: a tenant's
/// gateway serves many sources. A source the tenant has no gateway for answers 404.
async fn gateways(client: &Client, args: &GetArgs) -> Result<(), Failure> {
    let ids: Vec<String> = match &args.source {
        Some(id) => vec![id.clone()],
        None => client
            .data_sources(&DataSourcesQuery::default())
            .await?
            .data_sources
            .into_iter()
            .filter(|s| s.is_gateway_source())
            .map(|s| s.data_source_id)
            .collect(),
    };
    let mut raw = Vec::new();
    let mut sources_of: BTreeMap<String, usize> = BTreeMap::new();
    for id in &ids {
        let doc: Value = match client.gateways_as(id, false).await {
            Ok(doc) => doc,
            Err(e) if e.is_status(404) && args.source.is_none() => continue,
            Err(e) => return Err(e.into()),
        };
        for item in items_of(doc, "gateways") {
            let gid = item
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let seen = sources_of.entry(gid).or_insert(0);
            *seen += 1;
            if *seen == 1 {
                raw.push(item);
            }
        }
    }
    let mut items: Items<Gateway> = read(raw, "a gateway")?;
    items.retain(|g| contains(&g.name, args.filter.as_deref()));
    emit(args, &items, |gateways| Table {
        cols: GATEWAYS,
        rows: gateways
            .iter()
            .map(|g| {
                vec![
                    g.name.clone(),
                    g.id.clone(),
                    if g.default { "yes" } else { "" }.into(),
                    sources_of.get(&g.id).copied().unwrap_or(0).to_string(),
                ]
            })
            .collect(),
    })
}

/// `--space NAME` as the query's `spaceId`, `--source ID` as a SCIM filter on `datasourceID`.
fn connections_query(args: &GetArgs, spaces: &[Space]) -> Result<ConnectionsQuery, Failure> {
    let space_id = match &args.space {
        Some(name) => Some(tenant::space_id(spaces, name)?.id.clone()),
        None => None,
    };
    let filter = args.source.as_ref().map(|id| {
        format!(
            "datasourceID eq \"{}\"",
            id.replace('\\', "\\\\").replace('"', "\\\"")
        )
    });
    Ok(ConnectionsQuery {
        space_id,
        filter,
        ..Default::default()
    })
}

async fn list_connections(
    client: &Client,
    args: &GetArgs,
    spaces: &[Space],
) -> Result<Items<Connection>, Failure> {
    let q = connections_query(args, spaces)?;
    let raw = client.connections_as::<RawPage>(&q).collect_all().await?;
    let mut items: Items<Connection> = read(raw, "a connection")?;
    // the tenant does not apply a filter to DataFiles connections: they are dropped here
    items.retain(|c| {
        contains(&c.q_name, args.filter.as_deref())
            && args
                .source
                .as_ref()
                .is_none_or(|id| c.datasource_id.as_ref() == Some(id))
    });
    Ok(items)
}

const CONNECTIONS: &[Col] = &[
    col("NAME", End),
    col("SPACE", End),
    col("DATA SOURCE", Middle),
    col("CREDENTIALS", End),
    col("ID", Middle),
];

/// The space's name for a connection's `space` id ("personal" when it has none).
pub fn space_name(spaces: &[Space], id: Option<&str>) -> String {
    match id {
        None => "(personal)".into(),
        Some(id) => spaces
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.to_string()),
    }
}

async fn connections(client: &Client, args: &GetArgs) -> Result<(), Failure> {
    let spaces = tenant::spaces(client).await?;
    let items = list_connections(client, args, &spaces).await?;
    emit(args, &items, |conns| Table {
        cols: CONNECTIONS,
        rows: conns
            .iter()
            .map(|c| {
                let credentials = match (c.q_separate_credentials, &c.q_credentials_id) {
                    (Some(true), _) => "separated",
                    (_, Some(id)) if !id.is_empty() => "embedded",
                    _ => "",
                };
                vec![
                    c.q_name.clone(),
                    space_name(&spaces, c.space_id()),
                    c.datasource_id.clone().unwrap_or_default(),
                    credentials.into(),
                    c.id().to_string(),
                ]
            })
            .collect(),
    })
}

const CREDENTIALS: &[Col] = &[
    col("NAME", End),
    col("DATA SOURCE", Middle),
    col("SEPARATED", End),
    col("CONNECTIONS", End),
    col("ID", Middle),
];

/// There is no list endpoint: the credentials are those the listed connections use, plus (without
/// `--space`, since an orphan is in no space) the orphans, each read by id.
async fn credentials(client: &Client, args: &GetArgs) -> Result<(), Failure> {
    let spaces = tenant::spaces(client).await?;
    let scoped = GetArgs {
        filter: None,
        ..args.clone()
    };
    let conns = list_connections(client, &scoped, &spaces).await?;
    let mut ids: BTreeSet<String> = conns
        .typed
        .iter()
        .filter_map(|c| c.q_credentials_id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    if args.space.is_none() {
        let orphans = client
            .orphan_credentials(&FilterOrphanRequest {
                datasource_id: args.source.clone(),
                ..Default::default()
            })
            .await?;
        ids.extend(orphans.data.into_iter().map(|o| o.q_id));
    }
    let mut answers = futures_util::stream::iter(ids)
        .map(|id| async move {
            let r: Result<Value, _> = client.credential_as(CredentialRef::Id(&id)).await;
            r
        })
        .buffered(4);
    let mut raw = Vec::new();
    while let Some(r) = answers.next().await {
        match r {
            Ok(v) => raw.push(v),
            // gone since the connection was listed: not an error of this command
            Err(e) if e.is_status(404) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut items: Items<Credential> = read(raw, "a credential")?;
    items.retain(|c| contains(&c.q_name, args.filter.as_deref()));
    emit(args, &items, |creds| Table {
        cols: CREDENTIALS,
        rows: creds
            .iter()
            .map(|c| {
                vec![
                    c.q_name.clone(),
                    c.datasource_id.clone().unwrap_or_default(),
                    if c.q_separated == Some(1) {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                    c.q_conn_count.to_string(),
                    c.q_id.clone(),
                ]
            })
            .collect(),
    })
}

const SPACES: &[Col] = &[
    col("NAME", End),
    col("TYPE", End),
    col("DESCRIPTION", End),
    col("ID", Middle),
];

async fn spaces(client: &Client, args: &GetArgs) -> Result<(), Failure> {
    let raw = client
        .spaces_as::<RawPage>(&SpacesQuery::default())
        .collect_all()
        .await?;
    let mut items: Items<Space> = read(raw, "a space")?;
    items.retain(|s| contains(&s.name, args.filter.as_deref()));
    emit(args, &items, |spaces| Table {
        cols: SPACES,
        rows: spaces
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.space_type.clone().unwrap_or_default(),
                    s.description.clone().unwrap_or_default(),
                    s.id.clone(),
                ]
            })
            .collect(),
    })
}
