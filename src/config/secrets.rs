//! Where API keys and OAuth client secrets live: only in the OS keyring (service `qdc`, account
//! = profile name), behind a small trait so tests use an in-memory store.
//!
//! The store is chosen explicitly at start, never by a library's process-wide default: on Linux
//! the Secret Service when a session bus offers one, else the kernel keyutils store; the
//! Keychain on macOS; the Credential Manager on Windows.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use super::env::{Env, KEYRING_VAR};

/// Keyring service name for every qdc secret.
pub const SERVICE: &str = "qdc";

/// A failure of the secret store itself (not "no such entry", which is `Ok(None)`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring works here (no Secret Service, no keyutils, locked store...).
    #[error("no usable OS keyring ({store}): {message}")]
    Unavailable { store: String, message: String },
    /// The store answered but the operation failed.
    #[error("{store}: {message}")]
    Failed { store: String, message: String },
    #[error("{KEYRING_VAR}={0:?} is not a known store (auto, keyutils, secret-service, keychain, windows)")]
    UnknownStore(String),
}

/// Reads, writes and deletes one secret per profile.
pub trait SecretStore: Send + Sync {
    /// The store's name for messages, e.g. "kernel keyutils".
    fn name(&self) -> String;
    /// The secret of `account`, `Ok(None)` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError>;
    /// Deletes the entry; `Ok(false)` when there was none.
    fn delete(&self, account: &str) -> Result<bool, SecretError>;
}

/// Opens the store named by `QDC_KEYRING`, or the platform's own when it is unset or `auto`.
pub fn open_store(env: &Env) -> Result<Box<dyn SecretStore>, SecretError> {
    let choice = env.keyring.as_deref().unwrap_or("auto");
    if let Some(path) = choice.strip_prefix("mock-file:") {
        // A plain-text file is for the test suite's sandboxed runs of the binary only: release
        // builds (what admins install) refuse it, so a secret can never end up in one by choice.
        if cfg!(debug_assertions) {
            return Ok(Box::new(FileStore::new(path)));
        }
        return Err(SecretError::UnknownStore(format!(
            "mock-file:{path} (a test-only plain-text store, refused in release builds)"
        )));
    }
    let backend = match choice {
        "auto" => Backend::detect(env)?,
        "keyutils" => Backend::Keyutils,
        "secret-service" => Backend::SecretService,
        "keychain" => Backend::Keychain,
        "windows" => Backend::WindowsCredentialManager,
        other => return Err(SecretError::UnknownStore(other.to_string())),
    };
    if !backend.compiled_in() {
        return Err(SecretError::Unavailable {
            store: backend.label().into(),
            message: "not available on this platform".into(),
        });
    }
    Ok(Box::new(KeyringStore { backend }))
}

/// [`open_store`], or, when no keyring works, a store that says so on every call (so secrets
/// from `QLIK_API_KEY` / `QLIK_CLIENT_SECRET` still work and everything else gets the reason).
pub fn open_store_or_unavailable(env: &Env) -> Box<dyn SecretStore> {
    open_store(env).unwrap_or_else(|e| Box::new(UnavailableStore(e)))
}

/// A real OS store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    SecretService,
    Keyutils,
    Keychain,
    WindowsCredentialManager,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::SecretService => "Secret Service",
            Backend::Keyutils => "kernel keyutils",
            Backend::Keychain => "macOS Keychain",
            Backend::WindowsCredentialManager => "Windows Credential Manager",
        }
    }

    fn compiled_in(self) -> bool {
        match self {
            Backend::SecretService | Backend::Keyutils => cfg!(target_os = "linux"),
            Backend::Keychain => cfg!(target_os = "macos"),
            Backend::WindowsCredentialManager => cfg!(target_os = "windows"),
        }
    }

    /// The platform's store. On Linux, asks the Secret Service only when a session bus is
    /// advertised (a headless box has none, and probing would only add a timeout).
    fn detect(env: &Env) -> Result<Backend, SecretError> {
        if cfg!(target_os = "macos") {
            return Ok(Backend::Keychain);
        }
        if cfg!(target_os = "windows") {
            return Ok(Backend::WindowsCredentialManager);
        }
        if cfg!(target_os = "linux") {
            if env.dbus_session_bus.is_some() && secret_service_answers() {
                return Ok(Backend::SecretService);
            }
            return Ok(Backend::Keyutils);
        }
        Err(SecretError::Unavailable {
            store: "none".into(),
            message: "qdc knows no OS keyring on this platform".into(),
        })
    }
}

#[cfg(target_os = "linux")]
fn secret_service_answers() -> bool {
    let Ok(probe) = keyring::secret_service::SsCredential::new_with_target(
        None,
        SERVICE,
        "qdc-probe-does-not-exist",
    ) else {
        return false;
    };
    let entry = keyring::Entry::new_with_credential(Box::new(probe));
    matches!(entry.get_password(), Ok(_) | Err(keyring::Error::NoEntry))
}

#[cfg(not(target_os = "linux"))]
fn secret_service_answers() -> bool {
    false
}

/// The OS keyring through the `keyring` crate, with the credential type picked by `Backend`.
#[derive(Debug)]
pub struct KeyringStore {
    backend: Backend,
}

impl KeyringStore {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, keyring::Error> {
        let credential: Box<keyring::Credential> = match self.backend {
            #[cfg(target_os = "linux")]
            Backend::SecretService => Box::new(
                keyring::secret_service::SsCredential::new_with_target(None, SERVICE, account)?,
            ),
            #[cfg(target_os = "linux")]
            Backend::Keyutils => Box::new(keyring::keyutils::KeyutilsCredential::new_with_target(
                None, SERVICE, account,
            )?),
            #[cfg(target_os = "macos")]
            Backend::Keychain => Box::new(keyring::macos::MacCredential::new_with_target(
                None, SERVICE, account,
            )?),
            #[cfg(target_os = "windows")]
            Backend::WindowsCredentialManager => Box::new(
                keyring::windows::WinCredential::new_with_target(None, SERVICE, account)?,
            ),
            #[allow(unreachable_patterns)]
            _ => {
                return Err(keyring::Error::NoStorageAccess(
                    "store not available on this platform".into(),
                ))
            }
        };
        Ok(keyring::Entry::new_with_credential(credential))
    }

    fn error(&self, e: keyring::Error) -> SecretError {
        let store = self.backend.label().to_string();
        match e {
            keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
                SecretError::Unavailable {
                    store,
                    message: inner.to_string(),
                }
            }
            other => SecretError::Failed {
                store,
                message: other.to_string(),
            },
        }
    }
}

impl SecretStore for KeyringStore {
    fn name(&self) -> String {
        self.backend.label().into()
    }

    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        match entry.set_password(secret) {
            // keyutils stores into the session keyring; a process started outside a login
            // session (a container, cron, some SSH setups) has none to write to
            Err(keyring::Error::NoEntry) if self.backend == Backend::Keyutils => {
                Err(SecretError::Unavailable {
                    store: self.backend.label().into(),
                    message: "this process has no session keyring to store into (run qdc \
                              from a login session, or under `keyctl session -`), or give the \
                              secret in QLIK_API_KEY / QLIK_CLIENT_SECRET instead"
                        .into(),
                })
            }
            other => other.map_err(|e| self.error(e)),
        }
    }

    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(self.error(e)),
        }
    }
}

/// Stands in when no OS keyring works: every call says so, so a profile whose secret comes from
/// the environment still resolves and every other one gets a clear message.
#[derive(Debug)]
pub struct UnavailableStore(pub SecretError);

impl SecretStore for UnavailableStore {
    fn name(&self) -> String {
        "OS keyring (unavailable)".into()
    }
    fn get(&self, _account: &str) -> Result<Option<String>, SecretError> {
        Err(self.0.clone())
    }
    fn set(&self, _account: &str, _secret: &str) -> Result<(), SecretError> {
        Err(self.0.clone())
    }
    fn delete(&self, _account: &str) -> Result<bool, SecretError> {
        Err(self.0.clone())
    }
}

/// In-memory store for unit tests.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<BTreeMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }
}

impl SecretStore for MemoryStore {
    fn name(&self) -> String {
        "in-memory store".into()
    }
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(account)
            .cloned())
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(account.into(), secret.into());
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(account)
            .is_some())
    }
}

/// TEST ONLY: a store in a plain JSON file, selected with `QDC_KEYRING=mock-file:PATH`, so
/// tests of the real binary can add a profile in one process and read it in the next without
/// touching the machine's keyring. It keeps secrets in clear text: never use it for real ones.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore { path: path.into() }
    }

    fn failed(&self, message: impl ToString) -> SecretError {
        SecretError::Failed {
            store: self.name(),
            message: message.to_string(),
        }
    }

    fn read(&self) -> Result<BTreeMap<String, String>, SecretError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| self.failed(e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn write(&self, entries: &BTreeMap<String, String>) -> Result<(), SecretError> {
        let bytes = serde_json::to_vec(entries).map_err(|e| self.failed(e))?;
        std::fs::write(&self.path, bytes).map_err(|e| self.failed(e))
    }
}

impl SecretStore for FileStore {
    fn name(&self) -> String {
        format!("test-only file store {}", self.path.display())
    }
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        Ok(self.read()?.get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        let mut entries = self.read()?;
        entries.insert(account.into(), secret.into());
        self.write(&entries)
    }
    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        let mut entries = self.read()?;
        let existed = entries.remove(account).is_some();
        self.write(&entries)?;
        Ok(existed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(store: &dyn SecretStore) {
        let account = "qdc-test round.trip+1";
        assert_eq!(store.get(account).unwrap(), None);
        store.set(account, "s3cr3t value").unwrap();
        assert_eq!(store.get(account).unwrap().as_deref(), Some("s3cr3t value"));
        store.set(account, "changed").unwrap();
        assert_eq!(store.get(account).unwrap().as_deref(), Some("changed"));
        assert!(store.delete(account).unwrap());
        assert!(!store.delete(account).unwrap());
        assert_eq!(store.get(account).unwrap(), None);
    }

    #[test]
    fn memory_store_round_trip() {
        round_trip(&MemoryStore::new());
    }

    #[test]
    fn file_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        round_trip(&FileStore::new(dir.path().join("secrets.json")));
    }

    #[test]
    fn unknown_store_name_is_refused() {
        let env = Env {
            keyring: Some("vault".into()),
            ..Env::default()
        };
        assert!(matches!(
            open_store(&env),
            Err(SecretError::UnknownStore(name)) if name == "vault"
        ));
    }

    /// The real OS store. Ignored by default because it touches the machine's keyring; CI runs
    /// it with `QDC_REAL_KEYRING=1` inside `keyctl session -` (a fresh session keyring).
    #[test]
    #[ignore = "touches the real OS keyring: run with QDC_REAL_KEYRING=1 (CI does, under keyctl session)"]
    fn real_keyring_round_trip() {
        if std::env::var("QDC_REAL_KEYRING").as_deref() != Ok("1") {
            eprintln!("QDC_REAL_KEYRING is not 1: skipped");
            return;
        }
        let store = open_store(&Env::from_process()).expect("an OS keyring");
        eprintln!("real store: {}", store.name());
        let account = format!("qdc-real-keyring-test-{}", std::process::id());
        assert_eq!(store.get(&account).unwrap(), None);
        store.set(&account, "real s3cret").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some("real s3cret"));
        assert!(store.delete(&account).unwrap());
        assert_eq!(store.get(&account).unwrap(), None);
    }
}
