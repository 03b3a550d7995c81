//! Where the TUI finds a tenant by name: the config file's profiles (secrets from the keyring,
//! as `qdc --profile NAME` resolves them) and the in-process demo tenant, started on first use.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::api::{ApiKey, Client, ClientConfig};
use crate::app::first_run::CheckedProfile;
use crate::app::state::Tenant;
use crate::cli::Cli;
use crate::config::{self, ConfigError, ConfigFile, Env, SecretStore};
use crate::demo::{DemoOptions, DemoServer};

/// The name of the built-in demo tenant. A config profile of that name wins over it.
pub const DEMO: &str = "demo";

/// One tenant to talk to: its client and what the header shows.
pub struct Session {
    pub client: Client,
    pub tenant: Tenant,
    pub read_only: bool,
}

/// Opens tenants by name for `:profile NAME`. A trait so the loop can be tested with fakes.
pub trait TenantSource: Send {
    /// The names `:profile` offers, in order.
    fn names(&self) -> Vec<String>;
    /// Resolves `name` into a ready client, or says why not (nothing changes then).
    fn open<'a>(&'a mut self, name: &'a str) -> BoxFuture<'a, Result<Session, String>>;
}

/// The real source: the config file (read again on every switch, so a profile added in another
/// terminal shows up), the OS keyring, and the demo tenant.
pub struct Tenants {
    config: Option<PathBuf>,
    insecure: bool,
    readonly: bool,
    /// The environment without its secrets: `QLIK_API_KEY` and `QLIK_CLIENT_SECRET` are meant
    /// for the tenant qdc was started on, and must never be sent to another profile's server.
    env: Env,
    store: Box<dyn SecretStore>,
    demo: Option<DemoServer>,
}

impl Tenants {
    pub fn new(cli: &Cli, env: &Env, store: Box<dyn SecretStore>) -> Tenants {
        Tenants {
            config: cli.config.clone(),
            insecure: cli.insecure,
            readonly: cli.readonly,
            env: Env {
                api_key: None,
                client_id: None,
                client_secret: None,
                ..env.clone()
            },
            store,
            demo: None,
        }
    }

    /// The config file, `Ok(None)` when there is none.
    pub fn config_file(&self) -> Result<Option<ConfigFile>, ConfigError> {
        match config::config_path(self.config.as_deref(), &self.env) {
            Some(path) => ConfigFile::load(&path),
            None => Ok(None),
        }
    }

    /// `[keys]` of the config file (none when the file is missing or unreadable: its problem
    /// is reported where the file is loaded for a tenant).
    pub fn key_overrides(&self) -> BTreeMap<String, String> {
        self.config_file()
            .ok()
            .flatten()
            .map(|f| f.keys)
            .unwrap_or_default()
    }

    fn open_profile(&self, name: &str) -> Result<Session, String> {
        let cli = Cli {
            demo: false,
            server: None,
            profile: Some(name.to_string()),
            config: self.config.clone(),
            readonly: self.readonly,
            insecure: self.insecure,
            log_level: None,
            command: None,
        };
        let resolved = config::resolve_with(&cli, self.store.as_ref(), &self.env)
            .map_err(|e| e.to_string())?;
        let client = resolved.client().map_err(|e| e.summary())?;
        Ok(Session {
            tenant: tenant_of(name, &client),
            client,
            read_only: resolved.read_only,
        })
    }

    /// The built-in demo tenant (`--demo`, the first-run screen), started on first use and
    /// kept for the session so switching back to it finds it as it was left.
    pub async fn open_demo(&mut self) -> Result<Session, String> {
        let opts = DemoOptions::default();
        let key = opts.api_key.clone();
        if self.demo.is_none() {
            let addr = "127.0.0.1:0".parse().expect("a valid socket address");
            let server = DemoServer::start(addr, opts)
                .await
                .map_err(|e| format!("cannot start the demo tenant: {e}"))?;
            self.demo = Some(server);
        }
        let url = self.demo.as_ref().expect("started above").base_url();
        let mut config = ClientConfig::new(&url);
        config.insecure = self.insecure;
        let client = Client::new(&config, Arc::new(ApiKey::new(key))).map_err(|e| e.summary())?;
        Ok(Session {
            tenant: tenant_of(DEMO, &client),
            client,
            read_only: self.readonly,
        })
    }
}

impl TenantSource for Tenants {
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .config_file()
            .ok()
            .flatten()
            .map(|f| f.profiles.into_keys().collect())
            .unwrap_or_default();
        if !names.iter().any(|n| n == DEMO) {
            names.push(DEMO.to_string());
        }
        names
    }

    fn open<'a>(&'a mut self, name: &'a str) -> BoxFuture<'a, Result<Session, String>> {
        Box::pin(async move {
            let is_profile = self
                .config_file()
                .ok()
                .flatten()
                .is_some_and(|f| f.profiles.contains_key(name));
            if name == DEMO && !is_profile {
                self.open_demo().await
            } else {
                self.open_profile(name)
            }
        })
    }
}

/// What the header shows for a client: the profile and `host[:port]`.
pub fn tenant_of(profile: &str, client: &Client) -> Tenant {
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

impl Tenants {
    /// Stores a profile the first-run form checked: the secret in the keyring, the profile in
    /// the config file (the file as it is now: its other profiles stay). Says why not otherwise.
    pub fn add_profile(&self, checked: &CheckedProfile) -> Result<(), String> {
        let path = config::config_path(self.config.as_deref(), &self.env).ok_or_else(|| {
            "cannot find a config directory: set QDC_CONFIG_DIR or pass --config PATH".to_string()
        })?;
        let mut file = ConfigFile::load(&path)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        config::save_new_profile(
            &path,
            &mut file,
            &checked.name,
            checked.profile.clone(),
            &checked.secret,
            self.store.as_ref(),
        )
        .map(|_| ())
        .map_err(|e| match e {
            config::SaveError::Keyring { .. } => format!(
                "{e}, e.g. {}=... qdc --server {}",
                checked.profile.auth.secret_env_var(),
                checked.profile.server
            ),
            other => other.to_string(),
        })
    }
}
