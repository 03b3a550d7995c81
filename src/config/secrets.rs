//! Where API keys and OAuth client secrets live: only in the OS keyring (service `qdc`, account
//! = profile name), behind a small trait so tests use an in-memory store.
//!
//! The store is chosen explicitly at start, never by a library's process-wide default: on Linux
//! the Secret Service when a session bus offers one, else the kernel's **user keyring** (`@u`,
//! which every process of the user has, also a root shell on a headless jump host or in a
//! container without a session keyring); the Keychain on macOS; the Credential Manager on
//! Windows.
//!
//! Every store is honest ([`Verified`]): a secret is read back from the same store before qdc
//! says it is saved, and on any failure what was written is deleted again, so a secret is
//! never left behind where qdc says there is none.

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
    /// The store's name for messages, e.g. "kernel user keyring".
    fn name(&self) -> String;
    /// The secret of `account`, `Ok(None)` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError>;
    /// Deletes the entry; `Ok(false)` when there was none.
    fn delete(&self, account: &str) -> Result<bool, SecretError>;
    /// Where an admin finds the entry of `account`, for messages.
    fn location(&self, account: &str) -> String {
        format!("{} (service {SERVICE}, account {account})", self.name())
    }
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
    Ok(Box::new(Verified(KeyringStore { backend })))
}

/// A store whose `set` is believed only once the secret reads back the same; on any failure
/// the entry is deleted again and the message says whether anything could remain and where.
#[derive(Debug)]
pub struct Verified<S>(pub S);

impl<S: SecretStore> SecretStore for Verified<S> {
    fn name(&self) -> String {
        self.0.name()
    }
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        self.0.get(account)
    }
    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        self.0.delete(account)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        let why = match self.0.set(account, secret) {
            Ok(()) => match self.0.get(account) {
                Ok(Some(back)) if back == secret => return Ok(()),
                Ok(Some(_)) => "the keyring gave back another secret than the one stored".into(),
                Ok(None) => "the keyring does not give the secret back after storing it".into(),
                Err(e) => format!("the secret could not be read back: {e}"),
            },
            Err(e) => e.to_string(),
        };
        // never leave a secret where qdc says there is none
        let _ = self.0.delete(account);
        let left = !matches!(self.0.get(account), Ok(None));
        let where_ = self.0.location(account);
        Err(SecretError::Failed {
            store: self.0.name(),
            message: if left {
                format!("{why}; it could not be deleted again: look in {where_} and remove it")
            } else {
                format!("{why}; nothing was left behind (checked in {where_})")
            },
        })
    }
    fn location(&self, account: &str) -> String {
        self.0.location(account)
    }
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
            Backend::Keyutils => "kernel user keyring",
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
        #[cfg(target_os = "linux")]
        if self.backend == Backend::Keyutils {
            if let Some(secret) = user_keyring::get(account).map_err(|e| self.keyutils_error(e))? {
                return Ok(Some(secret));
            }
            // an entry an earlier qdc stored in the session keyring is still read
            return Ok(self.entry(account).ok().and_then(|e| e.get_password().ok()));
        }
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        #[cfg(target_os = "linux")]
        if self.backend == Backend::Keyutils {
            return user_keyring::set(account, secret).map_err(|e| self.keyutils_error(e));
        }
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        entry.set_password(secret).map_err(|e| self.error(e))
    }

    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        #[cfg(target_os = "linux")]
        if self.backend == Backend::Keyutils {
            let in_user = user_keyring::delete(account).map_err(|e| self.keyutils_error(e))?;
            // and the session keyring entry of an earlier qdc, if any
            let in_session = self
                .entry(account)
                .ok()
                .is_some_and(|e| e.delete_credential().is_ok());
            return Ok(in_user || in_session);
        }
        let entry = self.entry(account).map_err(|e| self.error(e))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(self.error(e)),
        }
    }

    fn location(&self, account: &str) -> String {
        match self.backend {
            Backend::Keyutils => format!(
                "the kernel user keyring (`keyctl show @u`: key {})",
                user_keyring_description(account)
            ),
            other => format!(
                "the {} (service {SERVICE}, account {account})",
                other.label()
            ),
        }
    }
}

/// The key's description in the kernel keyring, the one keyring-rs uses too.
pub fn user_keyring_description(account: &str) -> String {
    format!("keyring-rs:{account}@{SERVICE}")
}

impl KeyringStore {
    #[cfg(target_os = "linux")]
    fn keyutils_error(&self, e: linux_keyutils::KeyError) -> SecretError {
        SecretError::Failed {
            store: self.backend.label().into(),
            message: format!("{e:?}"),
        }
    }
}

/// The kernel's user keyring (`@u`): every process of the user has it, with or without a login
/// session keyring (a root shell on a jump host, a container, cron). It lives in kernel memory:
/// gone after a reboot.
#[cfg(target_os = "linux")]
mod user_keyring {
    use linux_keyutils::{KeyError, KeyRing, KeyRingIdentifier};

    /// The user keyring, linked into this process's session keyring first (as pam_keyinit
    /// does at login): the kernel lets a process use keys it *possesses*, and a session
    /// keyring made by `keyctl session -` (or by a library) does not reach the user keyring.
    fn ring() -> Result<KeyRing, KeyError> {
        let user = KeyRing::from_special_id(KeyRingIdentifier::User, true)?;
        if let Ok(session) = KeyRing::from_special_id(KeyRingIdentifier::Session, false) {
            let _ = session.link_keyring(user);
        }
        Ok(user)
    }

    fn missing(e: &KeyError) -> bool {
        matches!(
            e,
            KeyError::KeyDoesNotExist | KeyError::KeyExpired | KeyError::KeyRevoked
        )
    }

    pub fn get(account: &str) -> Result<Option<String>, KeyError> {
        match ring()?.search(&super::user_keyring_description(account)) {
            Ok(key) => {
                let bytes = key.read_to_vec()?;
                Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
            }
            Err(e) if missing(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn set(account: &str, secret: &str) -> Result<(), KeyError> {
        // add_key replaces the payload of an existing key with the same description
        let key = ring()?.add_key(&super::user_keyring_description(account), secret.as_bytes())?;
        // the kernel's default lets only a possessor read it, and a process without a session
        // keyring does not possess the user keyring: the user's own processes may read it
        // (nobody else: no group, no world bits)
        let perms = linux_keyutils::KeyPermissionsBuilder::builder()
            .posessor(linux_keyutils::Permission::ALL)
            .user(linux_keyutils::Permission::ALL)
            .build();
        key.set_perms(perms)?;
        Ok(())
    }

    pub fn delete(account: &str) -> Result<bool, KeyError> {
        let ring = ring()?;
        match ring.search(&super::user_keyring_description(account)) {
            Ok(key) => {
                // unlinked first: gone from searches at once (invalidation is asynchronous)
                ring.unlink_key(key)?;
                let _ = key.invalidate();
                Ok(true)
            }
            Err(e) if missing(&e) => Ok(false),
            Err(e) => Err(e),
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
#[path = "secrets_tests.rs"]
mod tests;
