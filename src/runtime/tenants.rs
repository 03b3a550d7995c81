//! Where the TUI finds a tenant by name: the config file's profiles (secrets from the keyring,
//! as `qdc --profile NAME` resolves them) and the in-process demo tenant, started on first use.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::api::{ApiKey, Client, ClientConfig};
use crate::app::first_run::{CheckedProfile, ImportOffer};
use crate::app::state::Tenant;
use crate::cli::Cli;
use crate::config::{self, qlik_cli, ConfigError, ConfigFile, Env, SecretStore};
use crate::demo::{DemoOptions, DemoServer};

/// The name of the built-in demo tenant. A config profile of that name wins over it.
pub const DEMO: &str = "demo";
/// The built-in second demo tenant: the same organisation as [`DEMO`] under its own space and
/// gateway ids, without connections (the target to promote connections to).
pub const DEMO_PROD: &str = "demo-prod";

/// The built-in tenants by profile name, and how each is built.
fn demo_options(name: &str) -> Option<DemoOptions> {
    match name {
        DEMO => Some(DemoOptions::default()),
        DEMO_PROD => Some(DemoOptions {
            sibling: Some("prod".into()),
            ..DemoOptions::default()
        }),
        _ => None,
    }
}

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
    /// The same as [`TenantSource::open`] as a future that borrows nothing, for a task of its
    /// own: the TUI's "copy to…" opens a second tenant beside the current one, and the loop
    /// must not wait for a keyring (which may block on D-Bus) meanwhile.
    fn open_detached(&mut self, name: &str) -> BoxFuture<'static, Result<Session, String>>;
}

/// The real source: the config file (read again on every switch, so a profile added in another
/// terminal shows up), the OS keyring, and the demo tenant.
pub struct Tenants {
    config: Option<PathBuf>,
    insecure: bool,
    read_only: bool,
    /// The environment without its secrets: `QLIK_API_KEY` and `QLIK_CLIENT_SECRET` are meant
    /// for the tenant qdc was started on, and must never be sent to another profile's server.
    env: Env,
    store: Arc<dyn SecretStore>,
    /// The built-in demo tenants started so far, by name (shared with detached opens).
    demos: Demos,
}

type Demos = Arc<tokio::sync::Mutex<BTreeMap<String, DemoServer>>>;

/// What opening a tenant needs, without the [`Tenants`] it comes from (for a task of its own).
#[derive(Clone)]
struct Opener {
    config: Option<PathBuf>,
    insecure: bool,
    read_only: bool,
    env: Env,
    store: Arc<dyn SecretStore>,
    demos: Demos,
}

impl Tenants {
    pub fn new(cli: &Cli, env: &Env, store: Box<dyn SecretStore>) -> Tenants {
        Tenants {
            config: cli.config.clone(),
            insecure: cli.insecure,
            read_only: cli.read_only,
            env: Env {
                api_key: None,
                client_id: None,
                client_secret: None,
                ..env.clone()
            },
            store: Arc::from(store),
            demos: Demos::default(),
        }
    }

    fn opener(&self) -> Opener {
        Opener {
            config: self.config.clone(),
            insecure: self.insecure,
            read_only: self.read_only,
            env: self.env.clone(),
            store: self.store.clone(),
            demos: self.demos.clone(),
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

    /// The built-in demo tenant (`--demo`, the first-run screen), started on first use and
    /// kept for the session so switching back to it finds it as it was left.
    pub async fn open_demo(&mut self) -> Result<Session, String> {
        self.opener().open(DEMO.to_string()).await
    }
}

impl Opener {
    fn is_profile(&self, name: &str) -> bool {
        config::config_path(self.config.as_deref(), &self.env)
            .and_then(|path| ConfigFile::load(&path).ok().flatten())
            .is_some_and(|f| f.profiles.contains_key(name))
    }

    /// A config profile wins over a built-in demo tenant of the same name.
    async fn open(self, name: String) -> Result<Session, String> {
        if demo_options(&name).is_some() && !self.is_profile(&name) {
            self.open_builtin(&name).await
        } else {
            self.open_profile(&name)
        }
    }

    fn open_profile(&self, name: &str) -> Result<Session, String> {
        let cli = Cli {
            demo: false,
            server: None,
            profile: Some(name.to_string()),
            config: self.config.clone(),
            read_only: self.read_only,
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

    /// A built-in demo tenant ([`DEMO`], [`DEMO_PROD`]), started on first use.
    async fn open_builtin(&self, name: &str) -> Result<Session, String> {
        let opts = demo_options(name).ok_or_else(|| format!("no demo tenant named {name:?}"))?;
        let key = opts.api_key.clone();
        let url = {
            let mut demos = self.demos.lock().await;
            if !demos.contains_key(name) {
                let addr = "127.0.0.1:0".parse().expect("a valid socket address");
                let server = DemoServer::start(addr, opts)
                    .await
                    .map_err(|e| format!("cannot start the demo tenant: {e}"))?;
                demos.insert(name.to_string(), server);
            }
            demos[name].base_url()
        };
        let mut config = ClientConfig::new(&url);
        config.insecure = self.insecure;
        let client = Client::new(&config, Arc::new(ApiKey::new(key))).map_err(|e| e.summary())?;
        Ok(Session {
            tenant: tenant_of(name, &client),
            client,
            read_only: self.read_only,
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
        for builtin in [DEMO, DEMO_PROD] {
            if !names.iter().any(|n| n == builtin) {
                names.push(builtin.to_string());
            }
        }
        names
    }

    fn open<'a>(&'a mut self, name: &'a str) -> BoxFuture<'a, Result<Session, String>> {
        Box::pin(self.opener().open(name.to_string()))
    }

    fn open_detached(&mut self, name: &str) -> BoxFuture<'static, Result<Session, String>> {
        let opener = self.opener();
        let name = name.to_string();
        Box::pin(async move {
            // the keyring may block (D-Bus, a locked collection): not on a runtime thread
            if demo_options(&name).is_none() || opener.is_profile(&name) {
                return tokio::task::spawn_blocking(move || opener.open_profile(&name))
                    .await
                    .map_err(|e| format!("opening the profile failed: {e}"))?;
            }
            opener.open(name).await
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

    /// What importing qlik-cli's contexts would do here, when its contexts file holds any
    /// (`None` without one, or when the config cannot be read: nothing may overwrite it).
    pub fn import_offer(&self) -> Option<ImportOffer> {
        let existing = self.config_file().ok()?.unwrap_or_default();
        let (path, contexts) = qlik_cli::read_contexts(&self.env).ok()??;
        if contexts.contexts.is_empty() {
            return None;
        }
        let plan = qlik_cli::plan_import(&contexts, &existing);
        Some(ImportOffer {
            path: path.display().to_string(),
            imports: plan.imports.iter().map(qlik_cli::Import::summary).collect(),
            skipped: plan.skipped.into_iter().map(|s| s.context).collect(),
            new_default: plan.new_default,
        })
    }

    /// Imports qlik-cli's contexts as `qdc profile import-qlik-cli` does (`--read-only` makes
    /// them read-only); the profile to open: the default after the import, else the first.
    pub fn import_qlik_cli(&self) -> Result<String, String> {
        let path = config::config_path(self.config.as_deref(), &self.env).ok_or_else(|| {
            "cannot find a config directory: set QDC_CONFIG_DIR or pass --config PATH".to_string()
        })?;
        let mut file = ConfigFile::load(&path)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let (_, contexts) =
            qlik_cli::read_contexts(&self.env)?.ok_or("qlik-cli's contexts file is gone")?;
        let plan = qlik_cli::plan_import(&contexts, &file);
        let outcome =
            qlik_cli::apply_import(&plan, self.read_only, &path, &mut file, self.store.as_ref())
                .map_err(|e| e.to_string())?;
        if let Some(e) = outcome.store_errors.first() {
            if outcome.imported.is_empty() {
                return Err(format!(
                    "nothing imported: the keyring refused the secret of {e}"
                ));
            }
        }
        outcome
            .default_profile
            .filter(|d| file.profiles.contains_key(d))
            .or_else(|| outcome.imported.first().cloned())
            .ok_or_else(|| "nothing was imported".to_string())
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::api::SpacesQuery;

    #[tokio::test]
    async fn the_demo_offers_a_second_tenant_with_the_same_spaces_under_other_ids() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env {
            config_dir: Some(dir.path().as_os_str().to_owned()),
            ..Env::default()
        };
        let cli = Cli::parse_from(["qdc", "--demo"]);
        let mut tenants = Tenants::new(&cli, &env, Box::new(config::MemoryStore::default()));
        assert_eq!(tenants.names(), [DEMO, DEMO_PROD]);
        let spaces = |s: &Session| {
            let client = s.client.clone();
            async move {
                let all = client.spaces(&SpacesQuery::default()).collect_all().await;
                all.unwrap()
                    .into_iter()
                    .map(|s| (s.name, s.id))
                    .collect::<Vec<_>>()
            }
        };
        let dev = tenants.open(DEMO).await.unwrap();
        let prod = tenants.open(DEMO_PROD).await.unwrap();
        assert_eq!(prod.tenant.profile, DEMO_PROD);
        let (dev_spaces, prod_spaces) = (spaces(&dev).await, spaces(&prod).await);
        assert_eq!(dev_spaces.len(), prod_spaces.len());
        for (d, p) in dev_spaces.iter().zip(&prod_spaces) {
            assert_eq!(d.0, p.0);
            assert_ne!(d.1, p.1);
        }
    }
}
