//! The command line (clap). `main.rs` picks a mode from it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "qdc",
    version,
    about = "A terminal UI for Qlik Cloud data connectivity: sources, gateways, connections, credentials"
)]
pub struct Cli {
    /// Run on an in-process demo tenant: no account, no network, no credentials.
    #[arg(long, global = true, conflicts_with_all = ["server", "profile"])]
    pub demo: bool,

    /// Tenant URL, e.g. https://acme.eu.qlikcloud.com (API key from QLIK_API_KEY).
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,

    /// Profile of the config file to use.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file to read instead of the default one.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Hide every key that changes the tenant (also `--readonly`); with `profile add` and
    /// `profile import-qlik-cli`, store the profiles read-only.
    #[arg(long = "read-only", visible_alias = "readonly", global = true)]
    pub read_only: bool,

    /// Accept self-signed TLS certificates (explicit opt-out of verification).
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Log level of the log file (error, warn, info, debug, trace, or target=level,...);
    /// default: $QDC_LOG, else info. The log is in the state dir (see the README).
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the demo tenant alone, for curl, scripts and tests.
    DemoServer(DemoServerArgs),
    /// Manage tenants (profiles) without the TUI. Secrets go to the OS keyring only.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// List sources, gateways, connections, credentials or spaces (table, JSON or YAML).
    Get(crate::script::GetArgs),
    /// One connection with its properties, as the tenant sent it.
    Describe(crate::script::DescribeArgs),
    /// Connections to one YAML (or JSON) file: names for ids, placeholders for secrets.
    Export(crate::script::ExportArgs),
    /// Create or update the connections of a file on a tenant, after showing the plan.
    Apply(crate::script::ApplyArgs),
    /// Print a shell completion script, e.g. `qdc completions bash > ~/.local/share/bash-completion/completions/qdc`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print qdc's man page (roff), e.g. `qdc man > ~/.local/share/man/man1/qdc.1`.
    Man,
}

/// The shells `qdc completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a tenant. The secret (API key or OAuth client secret) is read hidden from the
    /// terminal, or from stdin when stdin is not a terminal; nothing is sent over the network.
    Add(ProfileAddArgs),
    /// List profiles: name, server, auth, default marker (never a secret).
    List,
    /// Remove a profile and its keyring entry.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Make a profile the default one.
    Use {
        /// The profile's name.
        name: String,
    },
    /// Import qlik-cli's Qlik Cloud contexts (~/.qlik/contexts.yml, or
    /// $QLIK_CLI_USER_HOME_DIR/contexts.yml): API-key and OAuth client-credential contexts,
    /// secrets into the OS keyring; qlik-cli's current context becomes the default.
    ImportQlikCli(ImportArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Print what would be imported and skipped (and why); write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ProfileAddArgs {
    /// Letters, digits, spaces and _ . + - ; at most 255 characters.
    pub name: String,

    /// Tenant URL, e.g. https://acme.eu.qlikcloud.com or acme.eu.qlikcloud.com (http only
    /// for loopback).
    #[arg(long, value_name = "URL")]
    pub server: String,

    /// How to authenticate.
    #[arg(long, value_enum, default_value_t = AuthArg::ApiKey)]
    pub auth: AuthArg,

    /// OAuth client id (with --auth oauth-client-credentials).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Free text, at most 4,000 characters.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

/// `--auth` values (the config file spells them the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthArg {
    ApiKey,
    OauthClientCredentials,
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

    /// Serve several tenants, e.g. "dev,prod": the first as published at --addr, each next one
    /// (its own tenant, space and gateway ids, no connections yet) on the following port.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub tenants: Vec<String>,
}

/// The command line with what `--help` says after the options: the exit statuses and where
/// the log file is. Built at run time because the log's place depends on the platform.
pub fn command() -> clap::Command {
    let log = match crate::config::log_path() {
        Some(path) => format!("Log file: {}", path.display()),
        None => "Log file: none (no state directory on this platform).".to_string(),
    };
    Cli::command().after_help(format!("{}\n{log}", crate::exit::EXIT_STATUS_HELP))
}

/// Parses the process's arguments with [`command`]; a usage error exits with status 2.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Writes the completion script for `shell` (for the binary named `qdc`).
pub fn write_completions(shell: Shell, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    // made in memory first: clap_complete panics when its writer fails (`| head` closing the
    // pipe), a write of ours says so
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "qdc", &mut script);
    out.write_all(&script)?;
    out.flush()
}

/// Writes the man page (roff).
pub fn write_man_page(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(command()).render(out)
}
