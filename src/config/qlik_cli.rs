//! Importing qlik-cli's contexts (`~/.qlik/contexts.yml`) as profiles.
//!
//! qlik-cli writes one YAML map: `currentContext` (older builds: `current-context`) and
//! `contexts: {NAME: {server, server-type, headers: {Authorization: "Bearer KEY"}, comment,
//! ...}}`. Only Qlik Cloud contexts with an API key can become profiles; everything else is
//! reported as skipped, with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::env::Env;
use super::file::{AuthKind, ConfigFile, Profile};
use super::names::{check_name, MAX_DESCRIPTION_CHARS};

/// qlik-cli's contexts file.
#[derive(Debug, Default, Deserialize)]
pub struct ContextsFile {
    #[serde(default, rename = "currentContext", alias = "current-context")]
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, QlikCliContext>,
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
    #[serde(default)]
    pub comment: Option<String>,
}

/// A context that becomes a profile, with the API key to put in the keyring.
pub struct Import {
    pub name: String,
    pub profile: Profile,
    pub api_key: String,
}

impl std::fmt::Debug for Import {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Import")
            .field("name", &self.name)
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
    /// qlik-cli's current context, when it is among the imports.
    pub current: Option<String>,
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

/// Decides, context by context, what to import into `existing`.
pub fn plan_import(contexts: &ContextsFile, existing: &ConfigFile) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for (name, context) in &contexts.contexts {
        match import_one(name, context, existing) {
            Ok(import) => plan.imports.push(import),
            Err(reason) => plan.skipped.push(Skipped {
                context: name.clone(),
                reason,
            }),
        }
    }
    plan.current = contexts
        .current_context
        .clone()
        .filter(|c| plan.imports.iter().any(|i| &i.name == c));
    plan
}

fn import_one(
    name: &str,
    context: &QlikCliContext,
    existing: &ConfigFile,
) -> Result<Import, String> {
    check_name(name).map_err(|e| format!("not a valid profile name: {e}"))?;
    if existing.profiles.contains_key(name) {
        return Err("a profile with this name already exists".into());
    }
    let raw_server = context
        .server
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("no server")?;
    let server = if raw_server.contains("://") {
        raw_server.to_string()
    } else {
        format!("https://{raw_server}")
    };
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
    let api_key = bearer_token(&context.headers)
        .ok_or("no API key (no `Authorization: Bearer ...` header)")?;
    let description: String = context
        .comment
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(MAX_DESCRIPTION_CHARS)
        .collect();
    Ok(Import {
        name: name.to_string(),
        profile: Profile {
            description,
            server: url.as_str().trim_end_matches('/').to_string(),
            auth: AuthKind::ApiKey,
            ..Profile::default()
        },
        api_key,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_current_context_spelling_and_empty_file() {
        let text = "current-context: a\ncontexts:\n  a:\n    server: https://a.eu.qlikcloud.com\n    headers:\n      Authorization: 'Bearer k1'\n";
        let contexts = parse_contexts(text).unwrap();
        let plan = plan_import(&contexts, &ConfigFile::default());
        assert_eq!(plan.current.as_deref(), Some("a"));
        assert_eq!(plan.imports[0].api_key, "k1");
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
}
