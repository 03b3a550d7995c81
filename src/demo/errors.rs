//! Qlik's error bodies. Each service family has its own shape (API_BRIEF §9); every error the
//! demo tenant sends, faults included, goes through [`ApiError`] so the shapes stay consistent.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::api::models::{ApiErrorItem, ErrorBody, IntOrString};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// data-connections, data-credentials: `DCERROR-*`, integer `status`.
    DataConnections,
    /// data-sources, dcaas: `DCAAS-*`, no `status`.
    DataSources,
    /// spaces, users, oauth and anything else: string `status`, a `traceId`.
    Platform,
}

impl Family {
    pub fn for_path(path: &str) -> Family {
        let rest = path.strip_prefix("/api/v1/").unwrap_or("");
        if rest.starts_with("data-connections") || rest.starts_with("data-credentials") {
            Family::DataConnections
        } else if rest.starts_with("data-sources") || rest.starts_with("dcaas") {
            Family::DataSources
        } else {
            Family::Platform
        }
    }

    /// Stable codes per status. Only `DCERROR-0010` and `DCAAS-2001` are published; the others
    /// are invented in the same style.
    fn default_code_and_title(self, status: u16) -> (String, &'static str) {
        let title = match status {
            400 => "Bad or invalid request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "Conflict",
            410 => "Gone",
            500 => "Internal server error",
            502 => "Bad gateway",
            503 => "Service unavailable",
            504 => "Gateway timeout",
            _ => "Error",
        };
        let code = match self {
            Family::DataConnections => match status {
                400 => "DCERROR-0010".to_string(),
                s => format!("DCERROR-{:04}", s),
            },
            Family::DataSources => match status {
                404 => "DCAAS-2001".to_string(),
                s => format!("DCAAS-{}", s * 10),
            },
            Family::Platform => format!("HTTP-{status}"),
        };
        let title = match (self, status) {
            (Family::DataSources, 404) => "Data source is not enabled.",
            _ => title,
        };
        (code, title)
    }
}

/// An error response in the family's shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: u16,
    pub family: Family,
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: String,
}

impl ApiError {
    pub fn new(family: Family, status: u16, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            family,
            code: None,
            title: None,
            detail: detail.into(),
        }
    }
    pub fn dc(status: u16, detail: impl Into<String>) -> Self {
        Self::new(Family::DataConnections, status, detail)
    }
    pub fn source(status: u16, detail: impl Into<String>) -> Self {
        Self::new(Family::DataSources, status, detail)
    }
    pub fn platform(status: u16, detail: impl Into<String>) -> Self {
        Self::new(Family::Platform, status, detail)
    }
    pub fn code(mut self, code: &str, title: &str) -> Self {
        self.code = Some(code.to_string());
        self.title = Some(title.to_string());
        self
    }
    /// The same error told by another service (the dcaas endpoints share the create logic).
    pub fn in_family(mut self, family: Family) -> Self {
        if self.family != family {
            self.family = family;
            self.code = None;
            self.title = None;
        }
        self
    }

    pub fn item(&self) -> ApiErrorItem {
        let (code, title) = self.family.default_code_and_title(self.status);
        ApiErrorItem {
            code: Some(self.code.clone().unwrap_or(code)),
            title: Some(self.title.clone().unwrap_or_else(|| title.to_string())),
            detail: Some(self.detail.clone()),
            status: match self.family {
                Family::DataConnections => Some(IntOrString::Int(self.status as i64)),
                Family::DataSources => None,
                Family::Platform => Some(IntOrString::Str(self.status.to_string())),
            },
            meta: None,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            errors: vec![self.item()],
            trace_id: (self.family == Family::Platform)
                .then(|| format!("{:016x}", fastrand::u64(..))),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.body())).into_response()
    }
}

/// The rate limiter's 429, as the fixtures show it.
pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
    let body = ErrorBody {
        errors: vec![ApiErrorItem {
            code: Some("HTTP-429".into()),
            title: Some("API rate limit reached.".into()),
            detail: Some(format!(
                "You need to wait {retry_after_secs} seconds until limit is lifted."
            )),
            ..Default::default()
        }],
        trace_id: None,
    };
    let mut resp = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    resp.headers_mut()
        .insert("retry-after", HeaderValue::from(retry_after_secs));
    resp
}

pub(crate) type ApiResult = Result<Response, ApiError>;
