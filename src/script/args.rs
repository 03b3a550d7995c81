//! The flags of the scripting commands (`cli.rs` only names these structs, so the two stay
//! apart). The tenant flags (`--profile`, `--server`, `--demo`, `--config`, `--insecure`) are
//! global: accepted before or after the subcommand.

use clap::{Args, ValueEnum};

/// `-o`: how results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns: cut to the terminal's width, whole when piped.
    Table,
    /// One JSON document.
    Json,
    /// One YAML document.
    Yaml,
}

/// What `qdc get` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GetKind {
    #[value(alias = "source")]
    Sources,
    #[value(alias = "gateway")]
    Gateways,
    #[value(alias = "connection")]
    Connections,
    #[value(alias = "credential")]
    Credentials,
    #[value(alias = "space")]
    Spaces,
}

#[derive(Debug, Clone, Args)]
pub struct GetArgs {
    /// What to list.
    pub kind: GetKind,

    /// Only what is in this space (by name; connections and credentials).
    #[arg(long, value_name = "NAME")]
    pub space: Option<String>,

    /// Only this data source (connections, credentials, gateways; sources: just this one).
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,

    /// Only items whose name contains TEXT (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,

    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Table)]
    pub output: Format,

    /// JSON/YAML as qdc reads it (its typed models) instead of exactly what the tenant sent.
    #[arg(long)]
    pub typed: bool,
}

/// What `qdc describe` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DescribeKind {
    #[value(alias = "connections")]
    Connection,
}

#[derive(Debug, Clone, Args)]
pub struct DescribeArgs {
    pub kind: DescribeKind,

    /// The connection's id, or its name (with --space when the name is in several spaces).
    #[arg(value_name = "NAME|ID")]
    pub name: String,

    /// The space to look the name up in (by name).
    #[arg(long, value_name = "NAME")]
    pub space: Option<String>,

    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Yaml)]
    pub output: Format,

    /// As qdc reads it (its typed models) instead of exactly what the tenant sent.
    #[arg(long)]
    pub typed: bool,
}
