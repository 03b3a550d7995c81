//! From the command line to a ready client: which tenant, which secret, which settings.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::api::{ApiKey, AuthProvider, ClientConfig, OAuthClientCredentials};
use crate::cli::Cli;

use super::env::Env;
use super::file::{AuthKind, ConfigFile, Profile};
use super::paths::config_path;
use super::secrets::SecretStore;
use super::ConfigError;

/// What the TUI (or any command) needs to talk to one tenant.
pub struct Resolved {
    /// `None` for `--server URL` without a profile.
    pub profile_name: Option<String>,
    /// The tenant, normalised (ends with `/`).
    pub server: url::Url,
    pub auth_kind: AuthKind,
    /// The profile's `read_only`, or `--read-only`.
    pub read_only: bool,
    /// Space to open by default.
    pub space: Option<String>,
    pub page_size: Option<u32>,
    pub client_config: ClientConfig,
    pub auth: Arc<dyn AuthProvider>,
    /// Raw `[keys]` overrides (`action -> key`); the TUI's keymap validates them.
    pub keys: BTreeMap<String, String>,
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolved")
            .field("profile_name", &self.profile_name)
            .field("server", &self.server.as_str())
            .field("auth_kind", &self.auth_kind)
            .field("read_only", &self.read_only)
            .field("space", &self.space)
            .field("page_size", &self.page_size)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl Resolved {
    /// Builds the API client.
    pub fn client(&self) -> Result<crate::api::Client, crate::api::Error> {
        crate::api::Client::new(&self.client_config, self.auth.clone())
    }
}

/// [`resolve_with`] on the process environment.
pub fn resolve(cli: &Cli, store: &dyn SecretStore) -> Result<Resolved, ConfigError> {
    resolve_with(cli, store, &Env::from_process())
}

/// Picks the tenant: `--server URL` (secret from the environment), else `--profile NAME`, else
/// the file's `default_profile`, else its only profile. `ConfigError::NoConfig` when there is
/// nothing to pick, so the caller can offer the demo tenant.
pub fn resolve_with(
    cli: &Cli,
    store: &dyn SecretStore,
    env: &Env,
) -> Result<Resolved, ConfigError> {
    let path = config_path(cli.config.as_deref(), env);
    let file = match &path {
        Some(p) => ConfigFile::load(p)?,
        None => None,
    };
    // An explicit --config that does not exist is a mistake, not a first run.
    if let (Some(explicit), None) = (&cli.config, &file) {
        return Err(ConfigError::Io {
            path: explicit.clone(),
            message: "no such file".into(),
        });
    }
    let keys = file.as_ref().map(|f| f.keys.clone()).unwrap_or_default();

    if let Some(server) = &cli.server {
        return resolve_server(cli, server, env, keys);
    }

    let Some(file) = file else {
        if let Some(name) = &cli.profile {
            return Err(ConfigError::UnknownProfile {
                name: name.clone(),
                known: Vec::new(),
            });
        }
        return Err(ConfigError::NoConfig { path: None });
    };
    let path = path.unwrap_or_default();
    let known: Vec<String> = file.profiles.keys().cloned().collect();
    let name = match (&cli.profile, &file.default_profile) {
        (Some(name), _) => name.clone(),
        (None, Some(default)) => default.clone(),
        (None, None) => match known.as_slice() {
            [] => return Err(ConfigError::NoConfig { path: Some(path) }),
            [only] => only.clone(),
            _ => return Err(ConfigError::NoDefaultProfile { path, known }),
        },
    };
    let Some(profile) = file.profiles.get(&name) else {
        return Err(ConfigError::UnknownProfile { name, known });
    };
    resolve_profile(cli, &name, profile, store, env, keys)
}

fn resolve_server(
    cli: &Cli,
    server: &str,
    env: &Env,
    keys: BTreeMap<String, String>,
) -> Result<Resolved, ConfigError> {
    let url =
        crate::api::transport::parse_base_url(&super::normalize_server(server)).map_err(|e| {
            ConfigError::BadServer {
                url: server.to_string(),
                message: e.message,
            }
        })?;
    let mut client_config = ClientConfig::new(url.as_str());
    client_config.insecure = cli.insecure;
    let (auth_kind, auth): (AuthKind, Arc<dyn AuthProvider>) =
        match (&env.api_key, &env.client_id, &env.client_secret) {
            (Some(key), _, _) => (AuthKind::ApiKey, Arc::new(ApiKey::new(key.clone()))),
            (None, Some(id), Some(secret)) => (
                AuthKind::OauthClientCredentials,
                Arc::new(oauth(&client_config, id, secret)?),
            ),
            _ => return Err(ConfigError::ServerWithoutSecret),
        };
    Ok(Resolved {
        profile_name: None,
        server: url,
        auth_kind,
        read_only: cli.read_only,
        space: None,
        page_size: None,
        client_config,
        auth,
        keys,
    })
}

fn resolve_profile(
    cli: &Cli,
    name: &str,
    profile: &Profile,
    store: &dyn SecretStore,
    env: &Env,
    keys: BTreeMap<String, String>,
) -> Result<Resolved, ConfigError> {
    // The file was validated on load, so the URL parses.
    let url = crate::api::transport::parse_base_url(&profile.server).map_err(|e| {
        ConfigError::BadServer {
            url: profile.server.clone(),
            message: e.message,
        }
    })?;
    let mut client_config = ClientConfig::new(url.as_str());
    client_config.insecure = cli.insecure;
    if let Some(secs) = profile.connect_timeout_secs {
        client_config.connect_timeout = Duration::from_secs(secs);
    }
    if let Some(secs) = profile.request_timeout_secs {
        client_config.request_timeout = Duration::from_secs(secs);
    }
    let env_secret = match profile.auth {
        AuthKind::ApiKey => env.api_key.clone(),
        AuthKind::OauthClientCredentials => env.client_secret.clone(),
    };
    let secret = match env_secret {
        Some(secret) => secret,
        None => store.get(name)?.ok_or_else(|| ConfigError::MissingSecret {
            profile: name.to_string(),
            auth: profile.auth,
            store: store.name(),
        })?,
    };
    let auth: Arc<dyn AuthProvider> = match profile.auth {
        AuthKind::ApiKey => Arc::new(ApiKey::new(secret)),
        AuthKind::OauthClientCredentials => {
            let id = profile.client_id.as_deref().unwrap_or_default();
            Arc::new(oauth(&client_config, id, &secret)?)
        }
    };
    Ok(Resolved {
        profile_name: Some(name.to_string()),
        server: url,
        auth_kind: profile.auth,
        read_only: profile.read_only || cli.read_only,
        space: profile.space.clone(),
        page_size: profile.page_size,
        client_config,
        auth,
        keys,
    })
}

fn oauth(
    config: &ClientConfig,
    client_id: &str,
    secret: &str,
) -> Result<OAuthClientCredentials, ConfigError> {
    OAuthClientCredentials::new(config, client_id, secret, None)
        .map_err(|e| ConfigError::Client(e.to_string()))
}
