//! Which tenant a scripting command talks to: the same resolution as the TUI
//! (`--server URL` with `QLIK_API_KEY`, `--profile NAME`, the default profile), or `--demo`'s
//! in-process demo tenant, kept running while the command runs.

use std::sync::Arc;

use crate::api::models::Space;
use crate::api::{ApiKey, Client, ClientConfig, SpacesQuery};
use crate::cli::Cli;
use crate::config::{open_store_or_unavailable, resolve_with, Env};
use crate::demo::{DemoOptions, DemoServer};
use crate::exit::Failure;

/// A client and, for `--demo`, the tenant it talks to.
pub struct Target {
    pub client: Client,
    /// The profile's `read_only`, or `--read-only`: nothing may be written.
    pub read_only: bool,
    /// Held so the in-process demo tenant lives as long as the command.
    _demo: Option<DemoServer>,
}

pub async fn connect(cli: &Cli) -> Result<Target, Failure> {
    if cli.demo {
        let opts = DemoOptions::default();
        let key = opts.api_key.clone();
        let addr = "127.0.0.1:0".parse().expect("a valid socket address");
        let demo = DemoServer::start(addr, opts)
            .await
            .map_err(|e| Failure::failed(format!("cannot start the demo tenant: {e}")))?;
        let config = ClientConfig::new(demo.base_url());
        let client = Client::new(&config, Arc::new(ApiKey::new(key)))?;
        return Ok(Target {
            client,
            read_only: cli.read_only,
            _demo: Some(demo),
        });
    }
    let env = Env::from_process();
    let store = open_store_or_unavailable(&env);
    let resolved = resolve_with(cli, store.as_ref(), &env)?;
    Ok(Target {
        client: resolved.client()?,
        read_only: resolved.read_only,
        _demo: None,
    })
}

/// Every space of the tenant (for names ↔ ids).
pub async fn spaces(client: &Client) -> Result<Vec<Space>, Failure> {
    Ok(client.spaces(&SpacesQuery::default()).collect_all().await?)
}

/// The id of the space named `name` (exact, else the only case-insensitive match); a usage
/// error naming the spaces there are when there is none.
pub fn space_id<'a>(spaces: &'a [Space], name: &str) -> Result<&'a Space, Failure> {
    if let Some(s) = spaces.iter().find(|s| s.name == name) {
        return Ok(s);
    }
    let folded: Vec<&Space> = spaces
        .iter()
        .filter(|s| s.name.eq_ignore_ascii_case(name))
        .collect();
    if let [only] = folded.as_slice() {
        return Ok(only);
    }
    let known: Vec<String> = spaces
        .iter()
        .map(|s| format!("{:?}", super::output::cell(&s.name)))
        .collect();
    Err(Failure::usage(format!(
        "no space named {:?} on this tenant (spaces: {})",
        name,
        known.join(", ")
    )))
}
