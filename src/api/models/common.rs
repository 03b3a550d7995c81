//! What every family of the API shares: unknown fields kept, numbers sent as strings, links,
//! error bodies, list metadata, and decoding a list entry by entry.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Unknown fields, kept verbatim.
pub type Extra = Map<String, Value>;

/// A value Qlik sends as a number in one place and as a string in another
/// (`qLogOn`, an error's `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            IntOrString::Int(i) => Some(*i),
            IntOrString::Str(s) => s.trim().parse().ok(),
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

/// `{"href": "..."}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Href {
    pub href: String,
}

/// `{"self": {"href": ...}}` on connections, credentials and users.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SelfLinks {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<Href>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Top-level links of a paged list: follow `next.href` verbatim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLinks {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<Href>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Href>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<Href>,
}

// ---------------------------------------------------------------------------------------------
// Errors

/// One entry of Qlik's `{"errors": [...]}` body. Every field is optional: the families of
/// services disagree on which they send, and `status` is an integer in data-connections errors
/// but a string in spaces/users errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

/// `{"errors": [...], "traceId"?: "..."}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub errors: Vec<ApiErrorItem>,
    #[serde(rename = "traceId", default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Entries of a list that did not fit the contract (an integer id, a wrong type): skipped one
/// by one, so one bad entry never blanks a whole list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    pub count: usize,
    /// Why the first one did not fit (serde's words, with the entry's position).
    pub first: Option<String>,
}

/// Decodes each entry on its own; the ones that do not fit are counted in [`Skipped`].
pub fn decode_entries<T: serde::de::DeserializeOwned>(raw: Vec<Value>) -> (Vec<T>, Skipped) {
    decode_each(raw, serde_json::from_value)
}

/// [`decode_entries`] for entries kept as their JSON text: decoded straight into the typed
/// model, no `Value` tree in between.
pub fn decode_raw_entries<T: serde::de::DeserializeOwned>(
    raw: Vec<Box<serde_json::value::RawValue>>,
) -> (Vec<T>, Skipped) {
    decode_each(raw, |entry| serde_json::from_str(entry.get()))
}

fn decode_each<E, T>(
    raw: Vec<E>,
    decode: impl Fn(E) -> Result<T, serde_json::Error>,
) -> (Vec<T>, Skipped) {
    let mut skipped = Skipped::default();
    let mut items = Vec::with_capacity(raw.len());
    for (i, entry) in raw.into_iter().enumerate() {
        match decode(entry) {
            Ok(item) => items.push(item),
            Err(e) => {
                skipped.count += 1;
                skipped
                    .first
                    .get_or_insert_with(|| format!("entry {}: {e}", i + 1));
            }
        }
    }
    (items, skipped)
}

/// A string field a tenant may send as `null` or a number: read as text ("" for null).
pub(super) fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}
