//! `api-specs` JSON → [`Form`].
//!
//! The document is "JSON-Schema-like" at best (Qlik's own spec types `connectionProperties` as
//! a bare object and gives a string as its example), so the reader trusts nothing: whatever it
//! cannot use it skips or downgrades to a JSON field, and says so in [`Form::notes`]. It never
//! panics and always returns a form, possibly empty.

use serde_json::{Map, Value};

use super::names::{humanise, is_identity_name, is_secret_name};
use crate::api::models::ApiSpecs;

/// The form for one data source: one [`Field`] per property, in the api-specs order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub fields: Vec<Field>,
    /// What the reader ignored or guessed, in words a user can act on.
    pub notes: Vec<String>,
}

/// One property of `connectionProperties`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name, sent as the key in `connectionProperties`.
    pub name: String,
    /// Sentence-case label made from the name (`bucketName` → "Bucket name").
    pub label: String,
    pub description: Option<String>,
    pub kind: FieldKind,
    /// The property's `default`: a fresh form starts with it filled in (and sends it unless
    /// the user clears it), as the Hub's dialogs and the seeds do.
    pub default: Option<Value>,
    /// Listed in the `required` array of `connectionProperties`.
    pub required: bool,
    pub role: FieldRole,
    /// Holds a secret: masked on screen and in previews. The rule:
    ///
    /// * the schema says so: `format: "password"`, `writeOnly: true`, or an `encrypt`/`secret`
    ///   flag that is `true` (or `"true"`); or
    /// * the name says so ([`super::names::is_secret_name`]): it contains `password`, `passwd`,
    ///   `passphrase`, `secret`, `privatekey`, `privkey` or `apikey` (case and separators
    ///   ignored), or has one of the words `pwd`, `pw`, `pfx` (a PFX bundle carries a private
    ///   key), `key` or `token`, except a `key`/`token` that follows `public` or is followed by
    ///   a word that describes it (`keyName`, `keyId`, `tokenUrl`, `publicKeyAlgorithm`,
    ///   `publicKeyFingerprint`, `keyPath`).
    ///
    /// So `secretKey`, `password`, `P12CustomPwd`, `PRIV_KEY_FILE`, `PRIV_KEY_FILE_PWD`,
    /// `KeyFilePath`, `privateKey` are secrets; `bucketName`, `username`, `region`, `publicKey`
    /// are not. **`accessKey` is a secret**: the documents put `<CRED_USERNAME>` in it, but an
    /// AWS access key id is one half of a key pair that AWS asks users not to publish, masking
    /// it in a preview costs nothing, and it belongs to the credential record either way.
    pub secret: bool,
    /// Part of a credential record: a secret, or the user it belongs to (`username`, `Email`).
    /// These are the fields left out when a connection reuses existing separated credentials.
    pub credential: bool,
    /// The property's JSON `type`, which decides how its value is written on the wire.
    pub json_type: JsonType,
}

/// How a field is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Integer,
    Number,
    Boolean,
    /// A property with an `enum`; options are the enum values as strings.
    Choice {
        options: Vec<String>,
    },
    /// An `array` or `object` property. Edited as JSON.
    Json,
    /// No usable `type` (missing, unknown, a list of types): what is typed is sent as a string,
    /// unless the user switched the field to JSON ([`super::FieldValue::Json`]) and it parses
    /// as an object or array.
    Untyped,
}

/// What a field means to the client beyond being a connection property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    Property,
    /// `separateCredentials`: set from the credentials section, not edited directly.
    SeparateCredentials,
    /// `selectedCredentials`: the id of an existing credential.
    SelectedCredentials,
    /// `credentialsName`: the name of new separated credentials.
    CredentialsName,
    /// `gatewayInstance`: filled from the gateway picker.
    Gateway,
    /// `authCode`: the code of an interactive OAuth flow.
    AuthCode,
    /// `OAuthMechanism`: chooses between interactive and non-interactive authentication.
    OAuthMechanism,
}

/// The declared JSON type of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Unknown,
}

impl Field {
    /// Edited by the user in the body of the form. The credentials section, the gateway picker
    /// and the OAuth handoff own the other roles.
    pub fn is_form_input(&self) -> bool {
        matches!(self.role, FieldRole::Property | FieldRole::OAuthMechanism)
    }

    /// The default as text: what a fresh text/number/JSON field starts with.
    pub fn placeholder(&self) -> Option<String> {
        self.default.as_ref().map(value_to_text)
    }

    /// The boolean default: `true`/`"true"` is true, anything else false.
    pub fn default_bool(&self) -> bool {
        match &self.default {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// The option a choice starts on: the default when it is an option, else the first.
    pub fn initial_choice(&self) -> Option<&str> {
        let FieldKind::Choice { options } = &self.kind else {
            return None;
        };
        let default = self.default.as_ref().map(value_to_text);
        default
            .and_then(|d| options.iter().find(|o| **o == d))
            .or_else(|| options.first())
            .map(String::as_str)
    }
}

impl Form {
    /// Reads a whole api-specs response (`{connectorProvider, connectionProperties, ...}`) or
    /// just its `connectionProperties`. A `connectionProperties` given as a JSON *string* (as in
    /// Qlik's spec example) is parsed.
    pub fn from_api_specs(spec: &Value) -> Form {
        let mut notes = Vec::new();
        let fields = match locate_connection_properties(spec, &mut notes) {
            Some(cp) => read_connection_properties(&cp, &mut notes),
            None => Vec::new(),
        };
        Form { fields, notes }
    }

    /// Reads the typed api-specs model (its `connectionProperties`).
    pub fn from_model(specs: &ApiSpecs) -> Form {
        Form::from_api_specs(&specs.connection_properties)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_with_role(&self, role: FieldRole) -> Option<&Field> {
        self.fields.iter().find(|f| f.role == role)
    }

    /// The source offers separated credentials (has `separateCredentials`).
    pub fn supports_separate_credentials(&self) -> bool {
        self.field_with_role(FieldRole::SeparateCredentials)
            .is_some()
    }

    /// The source is reached through a gateway (has `gatewayInstance`).
    pub fn needs_gateway(&self) -> bool {
        self.field_with_role(FieldRole::Gateway).is_some()
    }

    pub fn is_secret(&self, name: &str) -> bool {
        self.field(name).is_some_and(|f| f.secret)
    }
}

/// Text for a JSON value as a user would type it: strings bare, everything else as JSON.
pub(crate) fn value_to_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Finds the object that holds `properties`. Returns it owned because it may come from parsing
/// a string.
fn locate_connection_properties(spec: &Value, notes: &mut Vec<String>) -> Option<Value> {
    match spec {
        Value::Object(map) => match map.get("connectionProperties") {
            Some(Value::Object(_)) => map.get("connectionProperties").cloned(),
            Some(Value::String(text)) => parse_embedded(text, notes),
            Some(Value::Null) | None if map.contains_key("properties") => Some(spec.clone()),
            Some(Value::Null) | None => {
                if map.contains_key("connectionProperties") {
                    notes.push("connectionProperties is null: the source has no properties".into());
                } else {
                    notes.push("api-specs has no connectionProperties".into());
                }
                None
            }
            Some(other) => {
                notes.push(format!(
                    "connectionProperties is {}, not an object; ignored",
                    kind_of(other)
                ));
                None
            }
        },
        Value::String(text) => parse_embedded(text, notes),
        Value::Null => {
            notes.push("api-specs is empty (null)".into());
            None
        }
        other => {
            notes.push(format!(
                "api-specs is {}, not an object; ignored",
                kind_of(other)
            ));
            None
        }
    }
}

/// A schema sent as a JSON string. Parsed one level only: a string inside is not unwrapped
/// again, so a document cannot make the reader loop.
fn parse_embedded(text: &str, notes: &mut Vec<String>) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => {
            notes.push("connectionProperties was sent as a JSON string; read it".into());
            match map.get("connectionProperties") {
                Some(Value::Object(inner)) => Some(Value::Object(inner.clone())),
                _ => Some(Value::Object(map)),
            }
        }
        Ok(other) => {
            notes.push(format!(
                "connectionProperties is a string holding {}; ignored",
                kind_of(&other)
            ));
            None
        }
        Err(_) => {
            notes.push("connectionProperties is a string that is not JSON; ignored".into());
            None
        }
    }
}

fn read_connection_properties(cp: &Value, notes: &mut Vec<String>) -> Vec<Field> {
    let Value::Object(cp) = cp else {
        notes.push(format!(
            "connectionProperties is {}, not an object; ignored",
            kind_of(cp)
        ));
        return Vec::new();
    };
    let properties = match cp.get("properties") {
        Some(Value::Object(props)) => props,
        None | Some(Value::Null) => {
            notes.push("connectionProperties has no properties".into());
            return Vec::new();
        }
        Some(other) => {
            notes.push(format!(
                "properties is {}, not an object; ignored",
                kind_of(other)
            ));
            return Vec::new();
        }
    };
    let required = read_required(cp, properties, notes);
    properties
        .iter()
        .filter_map(|(name, spec)| {
            if name.is_empty() {
                notes.push("a property with an empty name was ignored".into());
                return None;
            }
            let is_required = required.iter().any(|r| r == name);
            Some(read_field(name, spec, is_required, notes))
        })
        .collect()
}

fn read_required(
    cp: &Map<String, Value>,
    properties: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> Vec<String> {
    match cp.get("required") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut names = Vec::new();
            for item in items {
                match item {
                    Value::String(name) if properties.contains_key(name) => {
                        names.push(name.clone())
                    }
                    Value::String(name) => {
                        notes.push(format!("required lists {name:?}, which is not a property"))
                    }
                    other => notes.push(format!(
                        "required holds {}, not a property name; ignored",
                        kind_of(other)
                    )),
                }
            }
            names
        }
        Some(other) => {
            notes.push(format!(
                "required is {}, not a list; ignored",
                kind_of(other)
            ));
            Vec::new()
        }
    }
}

fn role_of(name: &str) -> FieldRole {
    match name {
        "separateCredentials" => FieldRole::SeparateCredentials,
        "selectedCredentials" => FieldRole::SelectedCredentials,
        "credentialsName" => FieldRole::CredentialsName,
        "gatewayInstance" => FieldRole::Gateway,
        "authCode" => FieldRole::AuthCode,
        "OAuthMechanism" => FieldRole::OAuthMechanism,
        _ => FieldRole::Property,
    }
}

fn is_true_flag(spec: &Map<String, Value>, key: &str) -> bool {
    match spec.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The JSON type a property's schema declares (`Unknown` for none, or one qdc does not know).
fn json_type_of(spec: &Map<String, Value>) -> JsonType {
    match spec.get("type").and_then(Value::as_str) {
        Some("string") => JsonType::String,
        Some("integer") => JsonType::Integer,
        Some("number") => JsonType::Number,
        Some("boolean") => JsonType::Boolean,
        Some("array") => JsonType::Array,
        Some("object") => JsonType::Object,
        _ => JsonType::Unknown,
    }
}

/// How the form asks for a property: its type and enum decide; an untyped one says why in
/// `notes`.
fn kind_of_field(
    name: &str,
    spec: &Value,
    spec_map: &Map<String, Value>,
    json_type: JsonType,
    notes: &mut Vec<String>,
) -> FieldKind {
    let options = read_enum(name, spec_map, notes);
    match (json_type, options) {
        (JsonType::Boolean, _) => FieldKind::Boolean,
        (JsonType::String | JsonType::Integer | JsonType::Number, Some(options)) => {
            FieldKind::Choice { options }
        }
        (JsonType::Unknown, Some(options)) if spec_map.get("type").is_none() => {
            FieldKind::Choice { options }
        }
        (JsonType::String, None) => FieldKind::Text,
        (JsonType::Integer, None) => FieldKind::Integer,
        (JsonType::Number, None) => FieldKind::Number,
        (JsonType::Array | JsonType::Object, _) => FieldKind::Json,
        (JsonType::Unknown, _) => {
            if spec.is_object() {
                let why = match spec_map.get("type") {
                    None | Some(Value::Null) => "no type".to_string(),
                    Some(Value::String(t)) => format!("unknown type {t:?}"),
                    Some(Value::Array(_)) => "a list of types".to_string(),
                    Some(other) => format!("type is {}", kind_of(other)),
                };
                notes.push(format!(
                    "{name}: {why}; sent as text unless switched to JSON"
                ));
            }
            FieldKind::Untyped
        }
    }
}

fn read_field(name: &str, spec: &Value, required: bool, notes: &mut Vec<String>) -> Field {
    let role = role_of(name);
    let empty = Map::new();
    let spec_map = match spec {
        Value::Object(map) => map,
        other => {
            notes.push(format!(
                "{name}: its schema is {}, not an object; sent as text unless switched to JSON",
                kind_of(other)
            ));
            &empty
        }
    };
    let description = match spec_map.get("description") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let default = spec_map.get("default").filter(|d| !d.is_null()).cloned();
    let json_type = json_type_of(spec_map);
    let kind = kind_of_field(name, spec, spec_map, json_type, notes);
    if let (FieldKind::Choice { options }, Some(d)) = (&kind, &default) {
        let d = value_to_text(d);
        if !options.contains(&d) {
            notes.push(format!(
                "{name}: the default {d:?} is not an option; the first option is preselected"
            ));
        }
    }
    let secret = is_secret_name(name)
        || spec_map
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| f.eq_ignore_ascii_case("password"))
        || ["writeOnly", "encrypt", "secret"]
            .iter()
            .any(|flag| is_true_flag(spec_map, flag));
    let credential = role == FieldRole::Property && (secret || is_identity_name(name));
    Field {
        name: name.to_string(),
        label: humanise(name),
        description,
        kind,
        default,
        required,
        role,
        secret,
        credential,
        json_type,
    }
}

/// The enum as strings, without repeats. `None` when absent, empty or not a list.
fn read_enum(
    name: &str,
    spec: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> Option<Vec<String>> {
    match spec.get("enum") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => {
            let mut options: Vec<String> = Vec::with_capacity(items.len());
            let mut seen = std::collections::HashSet::with_capacity(items.len());
            let mut odd = false;
            for item in items {
                odd |= !item.is_string();
                let text = value_to_text(item);
                if seen.insert(text.clone()) {
                    options.push(text);
                }
            }
            if odd {
                notes.push(format!(
                    "{name}: enum values that are not strings are shown as text"
                ));
            }
            if options.len() < items.len() {
                notes.push(format!("{name}: repeated enum values were merged"));
            }
            if options.is_empty() {
                notes.push(format!("{name}: empty enum ignored"));
                None
            } else {
                Some(options)
            }
        }
        Some(other) => {
            notes.push(format!(
                "{name}: enum is {}, not a list; ignored",
                kind_of(other)
            ));
            None
        }
    }
}
