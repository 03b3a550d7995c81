//! Connection properties: which ones are secrets, how they become a `qConnectStatement` and a
//! QRI, and how they are checked against a source's api-specs.

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::store::{value_text, SourceEntry};

/// Steer the create flow; never stored, never in the statement.
const CONTROL: &[&str] = &[
    "separateCredentials",
    "selectedCredentials",
    "credentialsName",
    "authCode",
    "authUrlOnly",
];
/// Who logs on: kept in the credential, shown by `parseConnection`, not in the statement.
const IDENTITY: &[&str] = &["username", "Email"];
/// Secrets and key material: kept in the credential only, never returned.
const SECRET: &[&str] = &[
    "password",
    "accessKey",
    "secretKey",
    "P12CustomPwd",
    "PRIV_KEY_FILE",
    "PRIV_KEY_FILE_PWD",
    "KeyFilePath",
    "privateKey",
    "serviceAccountKeyFile",
    "mutualPfxCertificateFiles",
    "mutualPfxCertificateKey",
];
/// Properties that name the server; changing one needs credentials in the same PATCH.
pub(crate) const HOST_PROPERTIES: &[&str] = &["host", "server", "url"];

pub(crate) fn is_control(name: &str) -> bool {
    CONTROL.contains(&name)
}
pub(crate) fn is_secret(name: &str) -> bool {
    SECRET.contains(&name)
}
pub(crate) fn is_identity(name: &str) -> bool {
    IDENTITY.contains(&name)
}
/// Credential material: the presence of any of these makes a credential record.
pub(crate) fn is_credential(name: &str) -> bool {
    is_secret(name) || is_identity(name)
}

/// What a create or PATCH request's properties split into.
#[derive(Debug, Default, Clone)]
pub(crate) struct SplitProperties {
    /// Stored with the connection and returned by `parseConnection` (request order).
    pub stored: Map<String, Value>,
    pub username: Option<String>,
    pub secret: Option<String>,
}

impl SplitProperties {
    pub fn has_credentials(&self) -> bool {
        self.username.is_some() || self.secret.is_some()
    }
}

pub(crate) fn split(props: &Map<String, Value>) -> SplitProperties {
    let mut out = SplitProperties::default();
    for (name, value) in props {
        if is_control(name) {
            continue;
        }
        let empty = matches!(value, Value::Null) || value.as_str() == Some("");
        if is_credential(name) {
            if empty {
                continue;
            }
            if name == "username" || name == "Email" || name == "accessKey" {
                out.username = Some(value_text(value));
            } else {
                out.secret = Some(value_text(value));
            }
        }
        if !is_secret(name) {
            out.stored.insert(name.clone(), value.clone());
        }
    }
    out
}

/// The provider named inside the statement. The web-storage package registers its sources
/// under the web-connector executable: the S3 V2 seed has `qType`
/// `QvWebStorageProviderConnectorPackage.exe` but `provider=QvWebConnectorPackage.exe`.
fn statement_provider(connector_provider: &str) -> &str {
    match connector_provider {
        "QvWebStorageProviderConnectorPackage.exe" => "QvWebConnectorPackage.exe",
        other => other,
    }
}

/// `CUSTOM CONNECT TO "provider=<P>;<dataSourcePropertyName>=<id>;k=v;...;"`, secrets and
/// identities left out, properties in request order.
pub(crate) fn connect_statement(source: &SourceEntry, stored: &Map<String, Value>) -> String {
    let mut s = format!(
        "provider={};",
        statement_provider(&source.specs.connector_provider)
    );
    if let Some(prop) = &source.source.data_source_property_name {
        s.push_str(&format!("{prop}={};", source.source.data_source_id));
    }
    for (name, value) in stored {
        if is_identity(name) {
            continue;
        }
        s.push_str(&format!("{name}={};", value_text(value)));
    }
    format!("CUSTOM CONNECT TO \"{s}\"")
}

/// The `k=v` pairs of a statement after `provider` and the source-type property: the
/// connection's properties, for connections created from a statement.
pub(crate) fn parse_statement(statement: &str, property_name: Option<&str>) -> Map<String, Value> {
    let inner = statement
        .trim()
        .trim_start_matches("CUSTOM CONNECT TO")
        .trim()
        .trim_matches('"');
    inner
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k != "provider" && Some(*k) != property_name)
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect()
}

/// The source's QRI prefix plus a deterministic 43-character base64url token derived from the
/// connection part of the QRI template (Qlik's real token is an encrypted form of it).
pub(crate) fn qri(source: &SourceEntry, stored: &Map<String, Value>) -> Option<String> {
    let def = source.source.qri_definition.as_ref()?;
    let mut material = format!(
        "{}|{}",
        super::store::TENANT_ID,
        source.source.data_source_id
    );
    if let Some(part) = &def.connection_part {
        for p in &part.properties {
            material.push('|');
            material.push_str(&stored.get(p).map(value_text).unwrap_or_default());
        }
    }
    Some(format!("{}{}", def.qri_prefix, token43(&material)))
}

/// 32 bytes of FNV-1a over the input (four differently seeded lanes), base64url without
/// padding: exactly 43 characters, stable across builds and platforms.
fn token43(material: &str) -> String {
    use base64::Engine;
    let mut bytes = Vec::with_capacity(32);
    for lane in 0u64..4 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ lane.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for b in material.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        bytes.extend_from_slice(&h.to_be_bytes());
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Loose validation against the api-specs: declared enums and primitive types. Booleans and
/// numbers may arrive as strings, as the documentation sends them. Unknown properties pass.
pub(crate) fn validate(source: &SourceEntry, props: &Map<String, Value>) -> Result<(), ApiError> {
    for (name, value) in props {
        let Some(schema) = source.property_schema(name) else {
            continue;
        };
        let bad =
            |why: String| ApiError::dc(400, format!("Invalid connection property '{name}': {why}"));
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            let text = value_text(value);
            if !allowed.iter().any(|a| value_text(a) == text) {
                let list: Vec<String> = allowed.iter().map(value_text).collect();
                return Err(bad(format!(
                    "'{text}' is not one of the allowed values ({})",
                    list.join(", ")
                )));
            }
        }
        let ok = match schema.get("type").and_then(Value::as_str) {
            Some("boolean") => {
                value.is_boolean()
                    || matches!(value.as_str(), Some(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"))
            }
            Some("integer") | Some("number") => {
                value.is_number()
                    || value
                        .as_str()
                        .is_some_and(|s| s.trim().parse::<f64>().is_ok())
            }
            Some("string") => value.is_string() || value.is_number() || value.is_boolean(),
            Some("array") => value.is_array(),
            _ => true,
        };
        if !ok {
            return Err(bad(format!(
                "expected a {}",
                schema
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("value")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_43_url_safe_characters_and_stable() {
        let t = token43("a|b");
        assert_eq!(t.len(), 43);
        assert!(t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(t, token43("a|b"));
        assert_ne!(t, token43("a|c"));
    }

    #[test]
    fn statement_round_trips_through_parse() {
        let s = "CUSTOM CONNECT TO \"provider=QlikConnectorsCommonService.exe;sourceType=DG_mssql;gatewayInstance=a::b;host=h;port=1433;database=Sales;\"";
        let props = parse_statement(s, Some("sourceType"));
        let keys: Vec<&str> = props.keys().map(String::as_str).collect();
        assert_eq!(keys, ["gatewayInstance", "host", "port", "database"]);
    }

    #[test]
    fn split_keeps_identity_drops_secrets_and_controls() {
        let props: Map<String, Value> = serde_json::from_str(
            r#"{"accessKey":"AK","secretKey":"SK","separateCredentials":"true","region":"us-east-1","username":"u"}"#,
        )
        .unwrap();
        let s = split(&props);
        assert_eq!(s.stored.keys().collect::<Vec<_>>(), ["region", "username"]);
        assert_eq!(s.secret.as_deref(), Some("SK"));
        assert!(s.has_credentials());
    }
}
