//! The config file: its TOML shape, parsing with line/column messages, validation, and saving.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::names::{check_description, check_name};
use super::ConfigError;

/// Smallest and largest page size the Qlik list endpoints accept.
pub const PAGE_SIZE_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// The whole config file. Unknown keys are errors: a typo'd `read_only` must not fail open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Profile used when neither `--profile` nor `--server` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// Single key overrides, `action = "key"`. Only the shape is checked here; the TUI's keymap
    /// knows which actions and keys exist.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, String>,
    /// Colours: `dark`, `light`, or `auto` (dark unless the terminal says its background is
    /// light). `NO_COLOR` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeChoice>,
    /// Tenants by profile name (the table key is the name, so names are unique by construction).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, Profile>,
}

/// `theme = "dark" | "light" | "auto"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    Dark,
    Light,
    #[default]
    Auto,
}

/// How a profile authenticates. The secret itself is never in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthKind {
    /// A Qlik Cloud API key (a bearer JWT).
    #[default]
    ApiKey,
    /// OAuth 2.0 machine-to-machine: `client_id` here, the client secret in the keyring.
    OauthClientCredentials,
}

impl AuthKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::ApiKey => "api-key",
            AuthKind::OauthClientCredentials => "oauth-client-credentials",
        }
    }

    /// The environment variable that overrides this kind's secret.
    pub fn secret_env_var(self) -> &'static str {
        match self {
            AuthKind::ApiKey => super::env::API_KEY_VAR,
            AuthKind::OauthClientCredentials => super::env::CLIENT_SECRET_VAR,
        }
    }

    /// What the secret is called in messages.
    pub fn secret_noun(self) -> &'static str {
        match self {
            AuthKind::ApiKey => "API key",
            AuthKind::OauthClientCredentials => "OAuth client secret",
        }
    }
}

impl std::fmt::Display for AuthKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `https://TENANT.REGION.qlikcloud.com`; plain http only for loopback.
    pub server: String,
    #[serde(default)]
    pub auth: AuthKind,
    /// Required for `oauth-client-credentials`; not a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Hide every key that changes the tenant.
    #[serde(default)]
    pub read_only: bool,
    /// Space to open by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timeout_secs: Option<u64>,
}

/// Key names that hold secrets. Matched case-insensitively, with `-` read as `_`, at any depth.
const SECRET_KEY_NAMES: &[&str] = &[
    "api_key",
    "apikey",
    "client_secret",
    "secret",
    "token",
    "access_token",
    "bearer",
    "password",
    "passwd",
];

fn is_secret_key(key: &str) -> bool {
    let normal = key.to_ascii_lowercase().replace('-', "_");
    SECRET_KEY_NAMES.contains(&normal.as_str())
}

/// A 1-based line and column in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// Turns a byte offset into a line and a column counted in characters.
    pub fn at(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl ConfigFile {
    /// Parses and validates a config file's text. `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
        let invalid = |span: Option<Range<usize>>, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            position: span.map(|s| Position::at(text, s.start)),
            message,
        };
        // First the raw document, with spans: syntax errors, then secrets (refused even when
        // the rest of the file would not deserialize, so the message is about the secret).
        let doc = toml::de::DeTable::parse(text)
            .map_err(|e| invalid(e.span(), e.message().to_string()))?;
        if let Some((key_path, span)) = find_secret(doc.get_ref(), &mut Vec::new()) {
            return Err(ConfigError::SecretInFile {
                path: path.to_path_buf(),
                position: Position::at(text, span.start),
                key: key_path,
            });
        }
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| invalid(e.span(), e.message().to_string()))?;
        file.validate().map_err(|(where_, message)| {
            let span = where_.and_then(|p| span_of(doc.get_ref(), &p));
            invalid(span, message)
        })?;
        Ok(file)
    }

    /// Checks every rule serde cannot express. On error, gives the key path to point at.
    pub fn validate(&self) -> Result<(), (Option<Vec<String>>, String)> {
        for (name, profile) in &self.profiles {
            let at = |field: &str| {
                let mut p = vec!["profiles".to_string(), name.clone()];
                if !field.is_empty() {
                    p.push(field.to_string());
                }
                Some(p)
            };
            check_name(name).map_err(|e| (at(""), format!("profile {name:?}: {e}")))?;
            profile
                .check()
                .map_err(|(field, msg)| (at(field), format!("profile {name:?}: {msg}")))?;
        }
        if let Some(default) = &self.default_profile {
            if !self.profiles.contains_key(default) {
                return Err((
                    Some(vec!["default_profile".into()]),
                    format!("default_profile {default:?} is not one of the profiles"),
                ));
            }
        }
        for (action, key) in &self.keys {
            if action.trim().is_empty() || key.trim().is_empty() {
                return Err((
                    Some(vec!["keys".into(), action.clone()]),
                    "a key override is `action = \"key\"`, neither part empty".into(),
                ));
            }
        }
        Ok(())
    }

    /// The text to write: every profile, no secret (there is none to write).
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("the config model always serializes");
        format!("# qdc config: see config.example.toml for every key. Secrets live in the OS keyring.\n\n{body}")
    }

    /// Reads and parses `path`; `Ok(None)` when the file does not exist.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => ConfigFile::parse(&text, path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }

    /// Writes the file atomically: a temporary file beside it, then a rename, so a crash never
    /// leaves half a config.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let io = |e: std::io::Error| ConfigError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = temp_path_beside(path);
        let result = (|| {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(self.to_toml().as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(io)
    }
}

fn temp_path_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

impl Profile {
    /// Checks one profile's fields. On error, names the field of the first problem.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every problem with this profile's fields, each with the field it is about (so a form
    /// can show them all at once, beside their fields).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Err(m) = check_description(&self.description) {
            problems.push(("description", m));
        }
        if let Err(e) = crate::api::transport::parse_base_url(&self.server) {
            problems.push(("server", format!("server: {}", e.message)));
        }
        match (self.auth, &self.client_id) {
            (AuthKind::OauthClientCredentials, None) => problems.push((
                "auth",
                "auth = \"oauth-client-credentials\" needs client_id".into(),
            )),
            (AuthKind::OauthClientCredentials, Some(id)) if id.trim().is_empty() => {
                problems.push(("client_id", "client_id cannot be empty".into()))
            }
            (AuthKind::ApiKey, Some(_)) => problems.push((
                "client_id",
                "client_id is only used with auth = \"oauth-client-credentials\"".into(),
            )),
            _ => {}
        }
        if let Some(size) = self.page_size {
            if !PAGE_SIZE_RANGE.contains(&size) {
                problems.push((
                    "page_size",
                    format!("page_size must be between 1 and 100 (found {size})"),
                ));
            }
        }
        for (field, value) in [
            ("connect_timeout_secs", self.connect_timeout_secs),
            ("request_timeout_secs", self.request_timeout_secs),
        ] {
            if value == Some(0) {
                problems.push((field, format!("{field} must be at least 1")));
            }
        }
        problems
    }
}

/// Finds the first key anywhere in the document whose name says it holds a secret.
fn find_secret(
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
) -> Option<(String, Range<usize>)> {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        if is_secret_key(key.get_ref()) {
            return Some((path.join("."), key.span()));
        }
        let found = find_secret_in_value(value.get_ref(), path);
        if found.is_some() {
            return found;
        }
        path.pop();
    }
    None
}

fn find_secret_in_value(
    value: &toml::de::DeValue<'_>,
    path: &mut Vec<String>,
) -> Option<(String, Range<usize>)> {
    match value {
        toml::de::DeValue::Table(t) => find_secret(t, path),
        toml::de::DeValue::Array(items) => items
            .iter()
            .find_map(|item| find_secret_in_value(item.get_ref(), path)),
        _ => None,
    }
}

/// The span of the value at `path` (or of the deepest part of it that exists).
fn span_of(table: &toml::de::DeTable<'_>, path: &[String]) -> Option<Range<usize>> {
    let (first, rest) = path.split_first()?;
    let (key, value) = table.iter().find(|(k, _)| k.get_ref() == first)?;
    if rest.is_empty() {
        return Some(key.span());
    }
    match value.get_ref() {
        toml::de::DeValue::Table(t) => span_of(t, rest).or(Some(key.span())),
        _ => Some(key.span()),
    }
}
