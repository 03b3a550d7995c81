//! Adding a profile: the one implementation behind `qdc profile add` and the first-run form.
//! Both collect a name, a [`Profile`] and a secret their own way, then check them here and
//! store them here, so the two can never accept different things.

use std::path::Path;

use super::file::{AuthKind, ConfigFile, Profile};
use super::names::check_name;
use super::secrets::{SecretError, SecretStore};
use super::ConfigError;

/// The field a problem is about: `name`, `secret`, or one of [`Profile::problems`]' fields
/// (`server`, `auth`, `client_id`, `description`).
pub type Field = &'static str;

/// A server URL as it is kept: no outer spaces, no trailing slash, and `https://` in front of
/// a bare host (`acme.eu.qlikcloud.com`, as qlik-cli writes it). The one rule for every way a
/// tenant comes in: `qdc profile add`, the first-run form, the qlik-cli import, `--server`.
pub fn normalize_server(server: &str) -> String {
    let server = server.trim().trim_end_matches('/');
    if server.is_empty() || server.contains("://") {
        server.to_string()
    } else {
        format!("https://{server}")
    }
}

/// Every problem with adding `profile` as `name` to `file`, each with its field. The secret is
/// checked apart ([`check_secret`]) because the command line reads it only once the rest is
/// known to be fine.
pub fn check_new_profile(file: &ConfigFile, name: &str, profile: &Profile) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    if let Err(e) = check_name(name) {
        problems.push(("name", e.to_string()));
    } else if file.profiles.contains_key(name) {
        problems.push((
            "name",
            format!(
                "a profile named {name:?} already exists; remove it first with `qdc profile remove {name:?}`"
            ),
        ));
    }
    problems.extend(profile.problems());
    problems
}

/// A secret is required: a profile without one could never open its tenant.
pub fn check_secret(auth: AuthKind, secret: &str) -> Result<(), String> {
    if secret.trim().is_empty() {
        return Err(format!("no {} given", auth.secret_noun()));
    }
    Ok(())
}

/// Why a checked profile could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The keyring refused the secret; nothing was written.
    #[error("could not store the {noun} in the OS keyring: {source}. The profile was not added. Without a keyring, pass the secret in {env_var} when running qdc")]
    Keyring {
        noun: &'static str,
        env_var: &'static str,
        source: SecretError,
    },
    /// The config file could not be written; the secret stored a moment before is removed.
    #[error(transparent)]
    File(#[from] ConfigError),
}

/// Stores `secret` in the keyring, then adds the profile to `file` and writes it to `path`.
/// The first profile of a file becomes its default; returns whether this one did.
pub fn save_new_profile(
    path: &Path,
    file: &mut ConfigFile,
    name: &str,
    profile: Profile,
    secret: &str,
    store: &dyn SecretStore,
) -> Result<bool, SaveError> {
    let auth = profile.auth;
    store
        .set(name, secret.trim())
        .map_err(|source| SaveError::Keyring {
            noun: auth.secret_noun(),
            env_var: auth.secret_env_var(),
            source,
        })?;
    file.profiles.insert(name.to_string(), profile);
    let first = file.profiles.len() == 1 && file.default_profile.is_none();
    if first {
        file.default_profile = Some(name.to_string());
    }
    if let Err(e) = file.save(path) {
        // Do not leave an orphan secret behind a profile that was never written.
        let _ = store.delete(name);
        file.profiles.remove(name);
        if first {
            file.default_profile = None;
        }
        return Err(e.into());
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MemoryStore;

    fn api_key_profile(server: &str) -> Profile {
        Profile {
            server: server.into(),
            ..Profile::default()
        }
    }

    #[test]
    fn every_problem_comes_with_its_field() {
        let profile = Profile {
            server: "http://example.com".into(),
            auth: AuthKind::OauthClientCredentials,
            ..Profile::default()
        };
        let problems = check_new_profile(&ConfigFile::default(), "a/b", &profile);
        let fields: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "server", "auth"], "{problems:?}");
        assert!(check_secret(AuthKind::ApiKey, "  ")
            .unwrap_err()
            .contains("API key"));
    }

    #[test]
    fn a_bare_host_gets_https_and_a_full_url_stays_as_written() {
        assert_eq!(
            normalize_server(" acme.eu.qlikcloud.com/ "),
            "https://acme.eu.qlikcloud.com"
        );
        assert_eq!(
            normalize_server("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(normalize_server("localhost:8080"), "https://localhost:8080");
        assert_eq!(
            normalize_server("  "),
            "",
            "empty stays empty (\"no server\")"
        );
        let profile = api_key_profile(&normalize_server("acme.eu.qlikcloud.com"));
        assert!(profile.problems().is_empty(), "{:?}", profile.problems());
    }

    #[test]
    fn an_existing_name_is_refused() {
        let mut file = ConfigFile::default();
        file.profiles
            .insert("prod".into(), api_key_profile("https://a.eu.qlikcloud.com"));
        let problems = check_new_profile(
            &file,
            "prod",
            &api_key_profile("https://b.eu.qlikcloud.com"),
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("already exists"), "{problems:?}");
    }

    #[test]
    fn the_first_profile_saved_becomes_the_default_and_its_secret_goes_to_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let store = MemoryStore::new();
        let mut file = ConfigFile::default();
        let first = save_new_profile(
            &path,
            &mut file,
            "dev",
            api_key_profile("http://127.0.0.1:9"),
            " k3y ",
            &store,
        )
        .unwrap();
        assert!(first);
        assert_eq!(file.default_profile.as_deref(), Some("dev"));
        assert_eq!(store.get("dev").unwrap().as_deref(), Some("k3y"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("k3y"), "{text}");
    }
}
