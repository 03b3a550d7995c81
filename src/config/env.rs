//! The environment variables qdc reads, captured once so resolution is a pure function of them
//! (tests build an `Env` by hand instead of mutating the process environment).

use std::ffi::OsString;

/// API key for `--server URL`, and the override of an api-key profile's keyring entry.
pub const API_KEY_VAR: &str = "QLIK_API_KEY";
/// Override of an OAuth profile's client secret (and, with `QLIK_CLIENT_ID`, `--server` auth).
pub const CLIENT_SECRET_VAR: &str = "QLIK_CLIENT_SECRET";
/// OAuth client id for `--server URL` without a profile.
pub const CLIENT_ID_VAR: &str = "QLIK_CLIENT_ID";
/// Directory holding `config.toml`, instead of the platform config dir.
pub const CONFIG_DIR_VAR: &str = "QDC_CONFIG_DIR";
/// Which secret store to use: `auto` (default), `keyutils`, `secret-service`, or, for tests
/// only, `mock-file:PATH` (a plain-text file: never use it for real secrets).
pub const KEYRING_VAR: &str = "QDC_KEYRING";
/// Where qlik-cli keeps `contexts.yml` (instead of `~/.qlik`).
pub const QLIK_CLI_HOME_VAR: &str = "QLIK_CLI_USER_HOME_DIR";

/// A snapshot of the variables above, plus `HOME`.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub api_key: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub config_dir: Option<OsString>,
    pub keyring: Option<String>,
    pub qlik_cli_home: Option<OsString>,
    pub home: Option<OsString>,
    /// `DBUS_SESSION_BUS_ADDRESS`: a desktop session that may offer the Secret Service.
    pub dbus_session_bus: Option<OsString>,
}

impl Env {
    /// Reads the process environment. Empty values count as unset.
    pub fn from_process() -> Self {
        let text = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let os = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Env {
            api_key: text(API_KEY_VAR),
            client_id: text(CLIENT_ID_VAR),
            client_secret: text(CLIENT_SECRET_VAR),
            config_dir: os(CONFIG_DIR_VAR),
            keyring: text(KEYRING_VAR),
            qlik_cli_home: os(QLIK_CLI_HOME_VAR),
            home: os("HOME").or_else(|| os("USERPROFILE")),
            dbus_session_bus: os("DBUS_SESSION_BUS_ADDRESS"),
        }
    }
}
