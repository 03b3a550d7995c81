//! Importing qlik-cli's contexts (`~/.qlik/contexts.yml`) as profiles.
//!
//! qlik-cli writes one YAML map: `currentContext` (older builds: `current-context`) and
//! `contexts: {NAME: {server, server-type, headers: {Authorization: "Bearer KEY"},
//! oauth-client-id, oauth-client-secret, comment, ...}}`. Qlik Cloud contexts with an API key
//! become API-key profiles, those with an OAuth client id and secret OAuth client-credential
//! profiles; everything else is reported as skipped, with the reason. One context qdc cannot
//! read is skipped alone: the others still import.
//!
//! The plan ([`plan_import`]) is pure, so `--dry-run` and the first-run screen show exactly
//! what [`apply_import`] then does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::env::Env;
use super::file::{AuthKind, ConfigFile, Profile};
use super::names::{check_name, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS};
use super::new_profile::normalize_server;
use super::secrets::SecretStore;
use super::ConfigError;

/// qlik-cli's contexts file; each context is read on its own (see [`QlikCliContext`]).
#[derive(Debug, Default, Deserialize)]
pub struct ContextsFile {
    #[serde(default, rename = "currentContext", alias = "current-context")]
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, serde_norway::Value>,
}

/// One qlik-cli context; fields qdc does not use are ignored.
#[derive(Debug, Default, Deserialize)]
pub struct QlikCliContext {
    #[serde(default)]
    pub server: Option<String>,
    #[serde(default, rename = "server-type")]
    pub server_type: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default, rename = "oauth-client-id")]
    pub oauth_client_id: Option<String>,
    #[serde(default, rename = "oauth-client-secret")]
    pub oauth_client_secret: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A context that becomes a profile, with the secret (API key or client secret) to put in the
/// keyring.
pub struct Import {
    /// The profile's name: the context's, or one derived from it ([`derive_name`]).
    pub name: String,
    /// The context's name when it differs from `name`.
    pub renamed_from: Option<String>,
    pub profile: Profile,
    pub secret: String,
}

impl Import {
    /// `"me-cloud" (from context "me@cloud")`, or just `"acme"`.
    pub fn label(&self) -> String {
        match &self.renamed_from {
            Some(context) => format!("{:?} (from context {context:?})", self.name),
            None => format!("{:?}", self.name),
        }
    }
}

impl Import {
    /// `"me-cloud" (from context "me@cloud") https://me.eu.qlikcloud.com (api-key)`.
    pub fn summary(&self) -> String {
        format!(
            "{} {} ({})",
            self.label(),
            self.profile.server,
            self.profile.auth.as_str()
        )
    }
}

impl std::fmt::Debug for Import {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Import")
            .field("name", &self.name)
            .field("renamed_from", &self.renamed_from)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

/// A context left out, and why (said to the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub context: String,
    pub reason: String,
}

/// What an import would do.
#[derive(Debug, Default)]
pub struct ImportPlan {
    pub imports: Vec<Import>,
    pub skipped: Vec<Skipped>,
    /// The profile that becomes the default: qlik-cli's current context, when it is imported
    /// and the config has no default yet.
    pub new_default: Option<String>,
    /// The config's default, kept although qlik-cli's current context is imported.
    pub kept_default: Option<String>,
}

impl ImportPlan {
    /// The plan, one line per context, then the default: what `--dry-run` prints and what the
    /// first-run screen lists.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.imports.iter().map(Import::summary).collect();
        lines.extend(
            self.skipped
                .iter()
                .map(|s| format!("skipped {:?}: {}", s.context, s.reason)),
        );
        if let Some(name) = &self.new_default {
            lines.push(format!("{name:?} becomes the default profile"));
        }
        if let Some(name) = &self.kept_default {
            lines.push(format!("the default profile stays {name:?}"));
        }
        lines
    }
}

/// `$QLIK_CLI_USER_HOME_DIR/contexts.yml`, else `~/.qlik/contexts.yml`.
pub fn contexts_path(env: &Env) -> Option<PathBuf> {
    if let Some(dir) = &env.qlik_cli_home {
        return Some(PathBuf::from(dir).join("contexts.yml"));
    }
    env.home
        .as_ref()
        .map(|home| Path::new(home).join(".qlik").join("contexts.yml"))
}

/// Parses the YAML text of a contexts file.
pub fn parse_contexts(text: &str) -> Result<ContextsFile, String> {
    if text.trim().is_empty() {
        return Ok(ContextsFile::default());
    }
    serde_norway::from_str(text).map_err(|e| e.to_string())
}

/// Reads the contexts file qlik-cli uses here: `Ok(None)` when there is none.
pub fn read_contexts(env: &Env) -> Result<Option<(PathBuf, ContextsFile)>, String> {
    let Some(path) = contexts_path(env) else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let contexts = parse_contexts(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some((path, contexts)))
}

/// A valid profile name for a context whose name breaks qdc's rule: every other character
/// becomes `-` (`me@cloud` → `me-cloud`), runs of `-` shrink to one, outer `-` and spaces go.
pub fn derive_name(context: &str) -> String {
    let mut name = String::new();
    for c in context.chars() {
        let c = if c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '+' | '-') {
            c
        } else {
            '-'
        };
        if !(c == '-' && name.ends_with('-')) {
            name.push(c);
        }
    }
    let name: String = name
        .trim_matches(|c| c == '-' || c == ' ')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim_end().to_string();
    if name.is_empty() {
        "qlik-cli".into()
    } else {
        name
    }
}

/// Decides, context by context, what to import into `existing`. Contexts with valid names
/// claim them first, so a derived name never takes the name of another context.
pub fn plan_import(contexts: &ContextsFile, existing: &ConfigFile) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let valid: BTreeSet<&str> = contexts
        .contexts
        .keys()
        .map(String::as_str)
        .filter(|n| check_name(n).is_ok())
        .collect();
    // derived names taken so far, so two contexts never become one profile
    let mut derived: BTreeSet<String> = BTreeSet::new();
    let mut current_profile = None;
    for (context, value) in &contexts.contexts {
        let name = if valid.contains(context.as_str()) {
            context.clone()
        } else {
            derive_name(context)
        };
        let result = if name != *context
            && (valid.contains(name.as_str()) || !derived.insert(name.clone()))
        {
            Err(format!(
                "its name is not a valid profile name, and {name:?}, the name it would get, is another context's"
            ))
        } else if existing.profiles.contains_key(&name) {
            Err(format!("a profile named {name:?} already exists"))
        } else {
            import_one(value)
        };
        match result {
            Ok((profile, secret)) => {
                if contexts.current_context.as_deref() == Some(context.as_str()) {
                    current_profile = Some(name.clone());
                }
                plan.imports.push(Import {
                    renamed_from: (name != *context).then(|| context.clone()),
                    name,
                    profile,
                    secret,
                })
            }
            Err(reason) => plan.skipped.push(Skipped {
                context: context.clone(),
                reason,
            }),
        }
    }
    match (&existing.default_profile, current_profile) {
        (None, current) => plan.new_default = current,
        (Some(kept), Some(_)) => plan.kept_default = Some(kept.clone()),
        (Some(_), None) => {}
    }
    plan
}

fn import_one(value: &serde_norway::Value) -> Result<(Profile, String), String> {
    let context: QlikCliContext = serde_norway::from_value(value.clone())
        .map_err(|e| format!("qdc cannot read this context: {e}"))?;
    let raw_server = context
        .server
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("no server")?;
    let server = normalize_server(raw_server);
    let url = crate::api::transport::parse_base_url(&server)
        .map_err(|e| format!("server {raw_server}: {}", e.message))?;
    match context.server_type.as_deref() {
        Some(kind) if !kind.eq_ignore_ascii_case("cloud") => {
            return Err(format!("server type {kind:?} is not Qlik Cloud"));
        }
        Some(_) => {}
        None => {
            let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
            if !(host.ends_with(".qlikcloud.com") || host.ends_with(".qlik-stage.com")) {
                return Err(format!("{host} is not a Qlik Cloud tenant"));
            }
        }
    }
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (auth, client_id, secret) =
        match (
            text(&context.oauth_client_id),
            text(&context.oauth_client_secret),
            bearer_token(&context.headers),
        ) {
            (Some(id), Some(secret), _) => (AuthKind::OauthClientCredentials, Some(id), secret),
            (_, _, Some(key)) => (AuthKind::ApiKey, None, key),
            (Some(_), None, None) => return Err(
                "an OAuth client without a secret (qlik-cli's interactive login): qdc signs in \
                 with a client secret or an API key; add it with `qdc profile add NAME --auth \
                 oauth-client-credentials`"
                    .into(),
            ),
            (None, _, None) => {
                return Err(
                    "no API key (no `Authorization: Bearer ...` header) and no OAuth client".into(),
                )
            }
        };
    let description: String = context
        .comment
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(MAX_DESCRIPTION_CHARS)
        .collect();
    let profile = Profile {
        description,
        server: url.as_str().trim_end_matches('/').to_string(),
        auth,
        client_id,
        ..Profile::default()
    };
    if let Some((_, problem)) = profile.problems().into_iter().next() {
        return Err(problem);
    }
    Ok((profile, secret))
}

fn bearer_token(headers: &BTreeMap<String, String>) -> Option<String> {
    let value = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))?
        .1
        .trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// What [`apply_import`] did.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// The profiles written, in plan order.
    pub imported: Vec<String>,
    /// Imports the keyring refused (`name: reason`); nothing of them was written.
    pub store_errors: Vec<String>,
    /// The default profile after the import.
    pub default_profile: Option<String>,
}

/// Carries out `plan`: each secret into the keyring first, then its profile into `file`, then
/// the file written once. `read_only` marks every imported profile read-only.
pub fn apply_import(
    plan: &ImportPlan,
    read_only: bool,
    path: &Path,
    file: &mut ConfigFile,
    store: &dyn SecretStore,
) -> Result<ImportOutcome, ConfigError> {
    let mut outcome = ImportOutcome::default();
    for import in &plan.imports {
        match store.set(&import.name, &import.secret) {
            Ok(()) => {
                let mut profile = import.profile.clone();
                profile.read_only = read_only;
                file.profiles.insert(import.name.clone(), profile);
                outcome.imported.push(import.name.clone());
            }
            Err(e) => outcome.store_errors.push(format!("{:?}: {e}", import.name)),
        }
    }
    if file.default_profile.is_none() {
        file.default_profile = plan
            .new_default
            .clone()
            .filter(|c| outcome.imported.contains(c))
            .or_else(|| {
                // a single profile is the default whatever qlik-cli's current context was
                (file.profiles.len() == 1)
                    .then(|| outcome.imported.first().cloned())
                    .flatten()
            });
    }
    if !outcome.imported.is_empty() {
        file.save(path)?;
    }
    outcome.default_profile = file.default_profile.clone();
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MemoryStore;

    fn plan(text: &str, existing: &ConfigFile) -> ImportPlan {
        plan_import(&parse_contexts(text).unwrap(), existing)
    }

    #[test]
    fn older_current_context_spelling_and_empty_file() {
        let text = "current-context: a\ncontexts:\n  a:\n    server: https://a.eu.qlikcloud.com\n    headers:\n      Authorization: 'Bearer k1'\n";
        let plan = plan(text, &ConfigFile::default());
        assert_eq!(plan.new_default.as_deref(), Some("a"));
        assert_eq!(plan.imports[0].secret, "k1");
        assert_eq!(plan.imports[0].profile.server, "https://a.eu.qlikcloud.com");
        assert!(parse_contexts("").unwrap().contexts.is_empty());
        assert!(parse_contexts("contexts: [1, 2").is_err());
    }

    #[test]
    fn only_bearer_headers_carry_an_api_key() {
        let headers = |v: &str| BTreeMap::from([("Authorization".to_string(), v.to_string())]);
        assert_eq!(bearer_token(&headers("Bearer  abc ")), Some("abc".into()));
        assert_eq!(bearer_token(&headers("bearer abc")), Some("abc".into()));
        assert_eq!(bearer_token(&headers("Basic abc")), None);
        assert_eq!(bearer_token(&headers("Bearer ")), None);
    }

    #[test]
    fn names_that_break_the_rule_get_a_derived_one() {
        assert_eq!(derive_name("me@cloud"), "me-cloud");
        assert_eq!(derive_name("a//b::c"), "a-b-c");
        assert_eq!(derive_name("@@"), "qlik-cli");
        assert_eq!(derive_name(" x@ "), "x");
        assert!(check_name(&derive_name(&"é/".repeat(300))).is_ok());
    }

    #[test]
    fn a_derived_name_never_takes_another_contexts_name_and_the_current_one_is_the_default() {
        let text = "currentContext: me@cloud\ncontexts:\n  me@cloud:\n    server: a.eu.qlikcloud.com\n    headers: {Authorization: Bearer k1}\n  x@y:\n    server: b.eu.qlikcloud.com\n    headers: {Authorization: Bearer k2}\n  x-y:\n    server: c.eu.qlikcloud.com\n    headers: {Authorization: Bearer k3}\n";
        let plan = plan(text, &ConfigFile::default());
        let names: Vec<&str> = plan.imports.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["me-cloud", "x-y"]);
        assert_eq!(
            plan.imports[0].label(),
            "\"me-cloud\" (from context \"me@cloud\")"
        );
        assert_eq!(plan.imports[0].profile.server, "https://a.eu.qlikcloud.com");
        assert_eq!(plan.skipped[0].context, "x@y");
        assert!(plan.skipped[0].reason.contains("another context's"));
        assert_eq!(plan.new_default.as_deref(), Some("me-cloud"));
    }

    #[test]
    fn oauth_contexts_become_client_credential_profiles() {
        let text = "contexts:\n  m2m:\n    server: https://a.eu.qlikcloud.com\n    server-type: cloud\n    oauth-client-id: cid\n    oauth-client-secret: csecret\n  interactive:\n    server: https://a.eu.qlikcloud.com\n    oauth-client-id: cid\n";
        let plan = plan(text, &ConfigFile::default());
        assert_eq!(plan.imports.len(), 1);
        let m2m = &plan.imports[0];
        assert_eq!(m2m.profile.auth, AuthKind::OauthClientCredentials);
        assert_eq!(m2m.profile.client_id.as_deref(), Some("cid"));
        assert_eq!(m2m.secret, "csecret");
        assert!(plan.skipped[0].reason.contains("without a secret"));
    }

    #[test]
    fn one_unreadable_context_is_skipped_alone() {
        let text = "contexts:\n  broken:\n    headers: [not, a, map]\n    server: https://a.eu.qlikcloud.com\n  good:\n    server: https://b.eu.qlikcloud.com\n    headers: {Authorization: Bearer k}\n";
        let plan = plan(text, &ConfigFile::default());
        assert_eq!(plan.imports.len(), 1);
        assert!(plan.skipped[0]
            .reason
            .starts_with("qdc cannot read this context"));
    }

    #[test]
    fn an_existing_default_is_kept_and_the_import_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mut file = ConfigFile::default();
        file.profiles.insert(
            "mine".into(),
            Profile {
                server: "https://m.eu.qlikcloud.com".into(),
                ..Profile::default()
            },
        );
        file.default_profile = Some("mine".into());
        let text = "currentContext: a\ncontexts:\n  a:\n    server: a.eu.qlikcloud.com\n    headers: {Authorization: Bearer k1}\n";
        let plan = plan(text, &file);
        assert_eq!(plan.kept_default.as_deref(), Some("mine"));
        assert!(plan
            .lines()
            .contains(&"the default profile stays \"mine\"".to_string()));
        let store = MemoryStore::new();
        let outcome = apply_import(&plan, true, &path, &mut file, &store).unwrap();
        assert_eq!(outcome.imported, ["a"]);
        assert_eq!(outcome.default_profile.as_deref(), Some("mine"));
        assert!(file.profiles["a"].read_only);
        assert_eq!(store.get("a").unwrap().as_deref(), Some("k1"));
    }
}
