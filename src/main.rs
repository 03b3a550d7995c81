use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use qdc::api::{ApiKey, Client, ClientConfig};
use qdc::app::state::Tenant;
use qdc::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::DemoServer(args)) => qdc::demo::run_cli(args.clone()),
        Some(Command::Profile(command)) => qdc::profile_cmd::run(&cli, command),
        None => run_explorer(&cli),
    }
}

/// The TUI on the tenant the flags name. Errors before the terminal is taken are printed
/// plainly and end with a non-zero status.
fn run_explorer(cli: &Cli) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qdc: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let result = if cli.demo {
            run_demo(cli).await
        } else {
            run_configured(cli).await
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("qdc: {e}");
                ExitCode::from(2)
            }
        }
    })
}

fn client_for(cli: &Cli, url: &str, key: &str) -> Result<Client, String> {
    let mut config = ClientConfig::new(url);
    config.insecure = cli.insecure;
    Client::new(&config, Arc::new(ApiKey::new(key))).map_err(|e| e.summary())
}

fn tenant(profile: &str, client: &Client) -> Tenant {
    let url = client.base_url();
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    };
    Tenant {
        profile: profile.to_string(),
        host,
    }
}

/// `--server URL` (key from the environment), `--profile NAME`, or the config's default
/// profile; secrets come from the OS keyring.
async fn run_configured(cli: &Cli) -> Result<(), String> {
    use qdc::config::{open_store_or_unavailable, resolve_with, ConfigError, Env};
    let env = Env::from_process();
    let store = open_store_or_unavailable(&env);
    let resolved = match resolve_with(cli, store.as_ref(), &env) {
        Ok(r) => r,
        Err(ConfigError::NoConfig { .. }) => {
            return Err("no tenant configured yet. Try the demo tenant with `qdc --demo`, \
                 add a tenant with `qdc profile add NAME --server https://TENANT.REGION.qlikcloud.com`, \
                 or run `qdc --server URL` with QLIK_API_KEY set"
                .to_string())
        }
        Err(e) => return Err(format!("{e}\n(the demo tenant needs no setup: `qdc --demo`)")),
    };
    let client = resolved.client().map_err(|e| e.summary())?;
    let profile = resolved.profile_name.as_deref().unwrap_or("server");
    let tenant = tenant(profile, &client);
    qdc::runtime::run_tui(client, tenant)
        .await
        .map_err(|e| format!("terminal error: {e}"))
}

/// An in-process demo tenant on a free loopback port, in this same runtime.
async fn run_demo(cli: &Cli) -> Result<(), String> {
    let opts = qdc::demo::DemoOptions::default();
    let key = opts.api_key.clone();
    let addr = "127.0.0.1:0".parse().expect("a valid socket address");
    let server = qdc::demo::DemoServer::start(addr, opts)
        .await
        .map_err(|e| format!("cannot start the demo tenant: {e}"))?;
    let client = client_for(cli, &server.base_url(), &key)?;
    let tenant = tenant("demo", &client);
    qdc::runtime::run_tui(client, tenant)
        .await
        .map_err(|e| format!("terminal error: {e}"))
}
