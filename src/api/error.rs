//! One error type for every failed call: the HTTP status, Qlik's `errors[]` entries kept
//! verbatim, and a one-line message fit for a status bar.

use std::time::Duration;

use super::models::{ApiErrorItem, ErrorBody};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The tenant answered with a non-success status.
    Status,
    /// No answer: connection refused, reset, DNS, TLS.
    Transport,
    /// The connect or request timeout ran out.
    Timeout,
    /// The tenant answered 2xx with a body that is not what the API documents.
    Decode,
    /// A URL (base URL, a `links.next.href`) that cannot be used.
    InvalidUrl,
    /// No credentials could be obtained (e.g. the OAuth token endpoint failed).
    Auth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// HTTP status, when the tenant answered.
    pub status: Option<u16>,
    /// Qlik's `errors[]` entries, verbatim.
    pub errors: Vec<ApiErrorItem>,
    pub trace_id: Option<String>,
    /// `Retry-After`, when the tenant sent one.
    pub retry_after: Option<Duration>,
    /// What the client was doing, e.g. `POST /api/v1/data-connections`.
    pub context: String,
    /// Free text for non-HTTP failures, or the raw body when it was not Qlik's error shape.
    pub message: String,
    /// How long the request was out before its answer was lost (a timeout, a dropped
    /// connection), in whole seconds rounded up; 0 when no answer was lost. The tenant may still
    /// be at work on it that long again. (A `u16` fits in `Error`'s padding: it travels in
    /// every `Result`.)
    pub lost_after_secs: u16,
}

// ApiErrorItem holds serde_json::Value (no Eq); equality of errors is by value.
impl Eq for ApiErrorItem {}

impl Error {
    pub fn new(kind: ErrorKind, context: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind,
            status: None,
            errors: Vec::new(),
            trace_id: None,
            retry_after: None,
            context: context.into(),
            message: message.into(),
            lost_after_secs: 0,
        }
    }

    /// An error from a non-success response: parses Qlik's error body when it is one, and keeps
    /// the start of the raw body otherwise.
    pub fn from_response(
        context: impl Into<String>,
        status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
    ) -> Self {
        let mut err = Error::new(ErrorKind::Status, context, "");
        err.status = Some(status);
        err.retry_after = retry_after;
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(parsed) if !parsed.errors.is_empty() => {
                err.errors = parsed.errors;
                err.trace_id = parsed.trace_id;
            }
            _ => {
                let text = String::from_utf8_lossy(body);
                err.message = text
                    .chars()
                    .take(300)
                    .collect::<String>()
                    .trim()
                    .to_string();
            }
        }
        err
    }

    /// No answer to a request that reached (or may have reached) the tenant: it may have been
    /// carried out. A 2xx the client could not read counts too: the tenant did answer yes.
    /// Such a request is never sent again blindly (the lost-answer rule).
    /// How long the request was out before its answer was lost, if it was.
    pub fn lost_after(&self) -> Option<Duration> {
        (self.lost_after_secs > 0).then(|| Duration::from_secs(self.lost_after_secs.into()))
    }

    pub fn may_have_landed(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Decode
        )
    }

    pub fn is_status(&self, status: u16) -> bool {
        self.status == Some(status)
    }

    /// The first Qlik error entry, if any.
    pub fn first(&self) -> Option<&ApiErrorItem> {
        self.errors.first()
    }

    /// A short name of the HTTP status for humans.
    fn status_phrase(status: u16) -> &'static str {
        match status {
            400 => "bad request",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not found",
            409 => "conflict",
            410 => "gone",
            429 => "rate limited",
            500 => "server error",
            502 => "bad gateway",
            503 => "unavailable",
            504 => "gateway timeout",
            _ => "error",
        }
    }

    /// One line for a status bar: `409 conflict: DCERROR-0010 Bad or invalid request — A
    /// connection named "x" already exists (POST /api/v1/data-connections)`.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        match (&self.kind, self.status) {
            (ErrorKind::Status, Some(s)) => {
                out.push_str(&format!("{s} {}", Self::status_phrase(s)));
            }
            (ErrorKind::Transport, _) => out.push_str("connection failed"),
            (ErrorKind::Timeout, _) => out.push_str("timed out"),
            (ErrorKind::Decode, _) => out.push_str("unexpected response"),
            (ErrorKind::InvalidUrl, _) => out.push_str("invalid URL"),
            (ErrorKind::Auth, _) => out.push_str("authentication failed"),
            (ErrorKind::Status, None) => out.push_str("error"),
        }
        if let Some(e) = self.first() {
            out.push(':');
            if let Some(code) = &e.code {
                out.push(' ');
                out.push_str(code);
            }
            if let Some(title) = &e.title {
                out.push(' ');
                out.push_str(title);
            }
            if let Some(detail) = e.detail.as_deref().filter(|d| !d.is_empty()) {
                out.push_str(" — ");
                out.push_str(detail);
            }
            if self.errors.len() > 1 {
                out.push_str(&format!(" (+{} more)", self.errors.len() - 1));
            }
        } else if !self.message.is_empty() {
            out.push_str(": ");
            out.push_str(&self.message);
        }
        if !self.context.is_empty() {
            out.push_str(&format!(" ({})", self.context));
        }
        // a status bar has one line
        out.replace(['\n', '\r'], " ")
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_carries_code_title_detail_and_context() {
        let body = br#"{"errors":[{"code":"DCERROR-0010","title":"Bad or invalid request","detail":"Field qName is missing in the request","status":400}]}"#;
        let e = Error::from_response("POST /api/v1/data-connections", 400, body, None);
        assert_eq!(
            e.summary(),
            "400 bad request: DCERROR-0010 Bad or invalid request — Field qName is missing in the request (POST /api/v1/data-connections)"
        );
        assert_eq!(e.first().unwrap().code.as_deref(), Some("DCERROR-0010"));
    }

    #[test]
    fn non_qlik_body_is_kept_as_text_on_one_line() {
        let e = Error::from_response("GET /x", 502, b"<html>\nBad gateway\n</html>", None);
        assert!(e.errors.is_empty());
        assert_eq!(
            e.summary(),
            "502 bad gateway: <html> Bad gateway </html> (GET /x)"
        );
    }
}
