//! The command line (clap). `main.rs` picks a mode from it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "qdc",
    version,
    about = "A terminal UI for Qlik Cloud data connectivity: sources, gateways, connections, credentials"
)]
pub struct Cli {
    /// Run on an in-process demo tenant: no account, no network, no credentials.
    #[arg(long, conflicts_with_all = ["server", "profile"])]
    pub demo: bool,

    /// Tenant URL, e.g. https://acme.eu.qlikcloud.com (API key from QLIK_API_KEY).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,

    /// Profile of the config file to use.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file to read instead of the default one.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Hide every key that changes the tenant.
    #[arg(long)]
    pub readonly: bool,

    /// Accept self-signed TLS certificates (explicit opt-out of verification).
    #[arg(long)]
    pub insecure: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demo tenant alone, for curl, scripts and tests.
    DemoServer(DemoServerArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DemoServerArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// The bearer key the tenant accepts.
    #[arg(long, default_value = "demo")]
    pub api_key: String,

    /// Extra realistic connections across spaces and sources.
    #[arg(long, default_value_t = 0)]
    pub connections: usize,

    /// Delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Faults to inject, e.g. "POST /api/v1/data-connections=500x1" (see README: "Fault injection").
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
}
