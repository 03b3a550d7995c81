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

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Only connections with these names (all when none is given).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// Only connections in this space (by name); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub space: Vec<String>,

    /// Only connections of this data source; repeat for several.
    #[arg(long, value_name = "ID")]
    pub source: Vec<String>,

    /// Write to FILE instead of stdout (`.json` writes JSON, anything else YAML).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,

    /// JSON instead of YAML on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The connections file (YAML or JSON, as `qdc export` writes it); `-` reads stdin.
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Put every connection in this space (by name) instead of the file's.
    #[arg(long, value_name = "NAME")]
    pub space: Option<String>,

    /// Print the plan and exit: nothing is sent but reads.
    #[arg(long)]
    pub dry_run: bool,
}
