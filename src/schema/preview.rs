//! The request as the user may inspect or copy it: pretty JSON and a POSIX-shell curl command,
//! with secrets masked unless asked otherwise.

use serde::Serialize;
use serde_json::Value;

use super::form::Form;

/// What a masked secret shows.
pub const MASK: &str = "********";

/// The body as JSON with every non-empty secret property of `connectionProperties` replaced by
/// [`MASK`]. Which keys are secret comes from the form ([`super::Field::secret`]). Inside any
/// property, an object flagged `"encrypt": true` (REST `queryHeaders` entries) has its `value`
/// masked too. Empty values stay as they are: they reveal nothing, and `authCode: ""` must
/// still read as empty.
pub fn mask_secrets(body: &Value, form: &Form) -> Value {
    let mut body = body.clone();
    if let Some(Value::Object(props)) = body.get_mut("connectionProperties") {
        for (key, value) in props.iter_mut() {
            if form.is_secret(key) {
                if reveals_something(value) {
                    *value = Value::String(MASK.into());
                }
            } else {
                mask_encrypted_entries(value);
            }
        }
    }
    body
}

fn reveals_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn mask_encrypted_entries(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(mask_encrypted_entries),
        Value::Object(map) => {
            let encrypted = match map.get("encrypt") {
                Some(Value::Bool(b)) => *b,
                Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
                _ => false,
            };
            if encrypted {
                if let Some(v) = map.get_mut("value") {
                    if reveals_something(v) {
                        *v = Value::String(MASK.into());
                    }
                }
            }
        }
        _ => {}
    }
}

fn to_json(body: &impl Serialize) -> Value {
    serde_json::to_value(body).unwrap_or(Value::Null)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Pretty JSON of a request body, secrets masked.
pub fn preview_json(body: &impl Serialize, form: &Form) -> String {
    pretty(&mask_secrets(&to_json(body), form))
}

/// A POSIX-shell curl command that sends `body` to `base_url` + `path`, in the layout of the
/// seeds (one option per line, `\` continuations), with the API key read from
/// `$QLIK_API_KEY` rather than written into the command:
///
/// ```text
/// curl --location "https://tenant/api/v1/data-connections" \
/// --header "Content-Type: application/json" \
/// --header "Authorization: Bearer $QLIK_API_KEY" \
/// --data '{ ... }'
/// ```
///
/// The body is single-quoted, so the shell changes nothing in it; a `'` inside is written as
/// `'\''`. With `secrets_masked`, secrets show as [`MASK`] (the command then will not work
/// as is, which is the point of a preview).
pub fn curl_command(
    base_url: &str,
    path: &str,
    body: &impl Serialize,
    form: &Form,
    secrets_masked: bool,
) -> String {
    let json = to_json(body);
    let json = if secrets_masked {
        mask_secrets(&json, form)
    } else {
        json
    };
    let url = join_url(base_url, path);
    format!(
        "curl --location {} \\\n--header \"Content-Type: application/json\" \\\n--header \"Authorization: Bearer $QLIK_API_KEY\" \\\n--data {}",
        double_quoted(&url),
        single_quoted(&pretty(&json))
    )
}

fn join_url(base_url: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{path}")
    }
}

/// POSIX single quotes: nothing inside is special except `'`, which closes the quote, so it
/// becomes `'\''` (close, escaped quote, reopen).
pub fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// POSIX double quotes, with the four characters that stay special inside them escaped.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '$' | '`' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
