//! Config file, profiles and secrets. Knows nothing of the terminal: the command line's
//! prompts live in `profile_cmd`, the first-run screen in the TUI.
//!
//! - [`ConfigFile`]: the TOML file (profiles, `default_profile`, `[keys]`), parsed with
//!   line/column messages and saved atomically.
//! - [`SecretStore`]: API keys and OAuth client secrets, only ever in the OS keyring.
//! - [`resolve`]: `--profile` / default profile / `--server` + `QLIK_API_KEY` into what the
//!   client needs.
//! - [`new_profile`]: checking and storing a new profile (`qdc profile add`, the first-run
//!   form).
//! - [`qlik_cli`]: importing qlik-cli's contexts.

pub mod env;
pub mod file;
pub mod names;
pub mod new_profile;
pub mod paths;
pub mod qlik_cli;
pub mod resolve;
pub mod secrets;

use std::path::PathBuf;

pub use env::Env;
pub use file::{AuthKind, ConfigFile, Position, Profile, ThemeChoice};
pub use names::{check_description, check_name, NameError};
pub use new_profile::{
    check_new_profile, check_secret, normalize_server, save_new_profile, SaveError,
};
pub use paths::{config_path, log_path};
pub use resolve::{resolve, resolve_with, Resolved};
pub use secrets::{
    open_store, open_store_or_unavailable, FileStore, KeyringStore, MemoryStore, SecretError,
    SecretStore, UnavailableStore,
};

/// Everything that can go wrong between the command line and a ready client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// No config file (or no profile in it) and no `--server`: the TUI offers the demo tenant.
    #[error("no tenant configured{}: add one with `qdc profile add NAME --server URL`, use `qdc --server URL` with {api_key}, or try `qdc --demo`", .path.as_ref().map(|p| format!(" ({} has no profile)", p.display())).unwrap_or_default(), api_key = env::API_KEY_VAR)]
    NoConfig { path: Option<PathBuf> },

    #[error("{}: {}{message}", .path.display(), .position.map(|p| format!("{p}: ")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        position: Option<Position>,
        message: String,
    },

    #[error("{}: {position}: `{key}` looks like a secret, and qdc keeps secrets only in the OS keyring. Delete it from the file, then store it with `qdc profile add NAME --server URL` (the secret is read from the terminal or stdin), or for scripts set {} / {}", .path.display(), env::API_KEY_VAR, env::CLIENT_SECRET_VAR)]
    SecretInFile {
        path: PathBuf,
        position: Position,
        key: String,
    },

    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },

    #[error("no profile named {name:?}{}", known_list(.known))]
    UnknownProfile { name: String, known: Vec<String> },

    #[error("{} has several profiles and no default_profile: pick one with --profile NAME or `qdc profile use NAME`{}", .path.display(), known_list(.known))]
    NoDefaultProfile { path: PathBuf, known: Vec<String> },

    #[error("no {} for profile {profile:?} in the {store}: store it with `qdc profile add {profile:?} --server URL ...`, or set {}", .auth.secret_noun(), .auth.secret_env_var())]
    MissingSecret {
        profile: String,
        auth: AuthKind,
        store: String,
    },

    #[error("{0}; set {api_key} (or {client_id} and {client_secret}) to pass the secret instead", api_key = env::API_KEY_VAR, client_id = env::CLIENT_ID_VAR, client_secret = env::CLIENT_SECRET_VAR)]
    SecretStore(#[from] SecretError),

    #[error("--server: {message}")]
    BadServer { url: String, message: String },

    #[error(
        "--server needs {} (or {} and {}) in the environment",
        env::API_KEY_VAR,
        env::CLIENT_ID_VAR,
        env::CLIENT_SECRET_VAR
    )]
    ServerWithoutSecret,

    #[error("cannot set up the client: {0}")]
    Client(String),
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        String::new()
    } else {
        format!(" (profiles: {})", known.join(", "))
    }
}
