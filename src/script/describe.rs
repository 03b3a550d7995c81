//! `qdc describe connection NAME|ID`: one connection with its parsed properties
//! (`parseConnection=true`: what a create would send, secrets left out), as the tenant sent it.

use serde_json::Value;

use super::args::{DescribeArgs, Format};
use super::get::space_name;
use super::output::{self, cell};
use super::tenant::{self, connect};
use crate::api::models::Connection;
use crate::api::{ConnectionsQuery, GetConnectionQuery};
use crate::cli::Cli;
use crate::exit::Failure;

pub async fn run(cli: &Cli, args: &DescribeArgs) -> Result<(), Failure> {
    let target = connect(cli).await?;
    let client = &target.client;
    let parsed = GetConnectionQuery {
        parse_connection: true,
        ..Default::default()
    };
    let raw: Value = if uuid::Uuid::parse_str(&args.name).is_ok() {
        client.connection_as(&args.name, &parsed).await?
    } else if let Some(space) = &args.space {
        let spaces = tenant::spaces(client).await?;
        let space = tenant::space_id(&spaces, space)?;
        let q = GetConnectionQuery {
            by_name: true,
            space_id: Some(space.id.clone()),
            ..parsed
        };
        client.connection_as(&args.name, &q).await.map_err(|e| {
            if e.is_status(404) {
                Failure::failed(format!(
                    "no connection named {:?} in space {:?}",
                    cell(&args.name),
                    cell(&space.name)
                ))
            } else {
                e.into()
            }
        })?
    } else {
        let id = id_by_name(client, &args.name).await?;
        client.connection_as(&id, &parsed).await?
    };
    if args.typed || args.output == Format::Table {
        let typed: Connection = serde_json::from_value(raw).map_err(|e| {
            Failure::failed(format!(
                "the tenant sent a connection qdc cannot read ({e})"
            ))
        })?;
        let format = if args.output == Format::Table {
            Format::Yaml
        } else {
            args.output
        };
        return output::document(&typed, format);
    }
    output::document(&raw, args.output)
}

/// The id of the one connection named `name` in any space; a usage error naming the spaces when
/// the name is in several.
async fn id_by_name(client: &crate::api::Client, name: &str) -> Result<String, Failure> {
    let q = ConnectionsQuery {
        filter: Some(format!(
            "qName eq \"{}\"",
            name.replace('\\', "\\\\").replace('"', "\\\"")
        )),
        ..Default::default()
    };
    let found: Vec<Connection> = client
        .connections(&q)
        .collect_all()
        .await?
        .into_iter()
        .filter(|c| c.q_name == name)
        .collect();
    match found.as_slice() {
        [] => Err(Failure::failed(format!(
            "no connection named {:?} on this tenant",
            cell(name)
        ))),
        [only] => Ok(only.id().to_string()),
        several => {
            let spaces = tenant::spaces(client).await?;
            let names: Vec<String> = several
                .iter()
                .map(|c| format!("{:?}", cell(&space_name(&spaces, c.space_id()))))
                .collect();
            Err(Failure::usage(format!(
                "{} connections are named {:?} (in {}): add --space NAME",
                several.len(),
                cell(name),
                names.join(", ")
            )))
        }
    }
}
