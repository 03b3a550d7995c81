//! The HTTP transport: one place that sends a request, authenticates it, retries what is safe to
//! retry and turns every failure into an [`Error`].
//!
//! Retry rule: only idempotent requests (GET, and DELETE by id) are retried, on 429 (after
//! `Retry-After`), 502, 503, 504 and on connection errors, with capped exponential backoff and
//! full jitter. A POST, PUT or PATCH is **never** retried automatically: a create that failed
//! half-way must not be sent twice. The single exception is a 401 answered before the request was
//! processed while the auth provider can fetch a fresh token (OAuth client credentials): the
//! request is then sent once more with the new token, as qlik-api-ts does.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use url::Url;

use super::auth::AuthProvider;
use super::error::{Error, ErrorKind};
use super::http::http_client;
pub use super::http::{parse_base_url, ClientConfig, RetryPolicy};

/// A response that made it back: status and body bytes.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: bytes::Bytes,
}

#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    pub base: Url,
    auth: Arc<dyn AuthProvider>,
    retry: RetryPolicy,
}

impl Transport {
    pub fn new(config: &ClientConfig, auth: Arc<dyn AuthProvider>) -> Result<Self, Error> {
        let base = parse_base_url(&config.base_url)?;
        Ok(Transport {
            http: http_client(config)?,
            base,
            auth,
            retry: config.retry.clone(),
        })
    }

    /// `api/v1/<segments...>` under the tenant, each segment percent-encoded.
    pub fn api_url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        {
            let mut path = url.path_segments_mut().expect("base URL is hierarchical");
            path.pop_if_empty().extend(["api", "v1"]).extend(segments);
        }
        url
    }

    /// A URL the tenant handed us (`links.next.href`): used verbatim, but only on the tenant's
    /// own origin, so the bearer token never travels to another host.
    pub fn same_origin(&self, href: &str) -> Result<Url, Error> {
        let url = self.base.join(href).map_err(|e| {
            Error::new(
                ErrorKind::InvalidUrl,
                "",
                format!("next page link {href}: {e}"),
            )
        })?;
        if url.origin() != self.base.origin() {
            return Err(Error::new(
                ErrorKind::InvalidUrl,
                "",
                format!("next page link {href} points outside the tenant"),
            ));
        }
        Ok(url)
    }

    fn context(method: &Method, url: &Url) -> String {
        format!("{method} {}", url.path())
    }

    /// Sends one request with the retry rule of this module. Returns the reply for any 2xx; every
    /// other outcome is an [`Error`].
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
        extra_headers: &[(&'static str, String)],
    ) -> Result<Reply, Error> {
        let context = Self::context(&method, &url);
        let idempotent = method == Method::GET || method == Method::DELETE;
        let mut attempt: u32 = 0;
        let mut refreshed_auth = false;
        loop {
            let outcome = self
                .send_once(&method, &url, body.as_deref(), extra_headers, &context)
                .await;
            let err = match outcome {
                Ok(reply) if reply.status.is_success() => return Ok(reply.into()),
                // A DELETE retried after a lost answer may find the resource already gone.
                Ok(reply)
                    if method == Method::DELETE
                        && attempt > 0
                        && reply.status == StatusCode::NOT_FOUND =>
                {
                    return Ok(Reply {
                        status: StatusCode::NO_CONTENT,
                        body: bytes::Bytes::new(),
                    })
                }
                Ok(reply) => {
                    let retry_after = parse_retry_after(&reply.headers);
                    Error::from_response(
                        context.clone(),
                        reply.status.as_u16(),
                        &reply.body,
                        retry_after,
                    )
                }
                Err(e) => e,
            };
            if err.is_status(401) && !refreshed_auth && self.auth.invalidate() {
                refreshed_auth = true;
                continue;
            }
            let Some(delay) = self.retry_delay(idempotent, attempt, &err) else {
                return Err(err);
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// How long to wait before retrying, or `None` when this error is final.
    fn retry_delay(&self, idempotent: bool, attempt: u32, err: &Error) -> Option<Duration> {
        if !idempotent || attempt >= self.retry.max_retries {
            return None;
        }
        match (&err.kind, err.status) {
            (ErrorKind::Status, Some(429)) => match err.retry_after {
                Some(wait) if wait > self.retry.max_retry_after => None,
                Some(wait) => Some(wait),
                None => Some(self.retry.backoff(attempt)),
            },
            (ErrorKind::Status, Some(502..=504)) => Some(
                err.retry_after
                    .filter(|w| *w <= self.retry.max_retry_after)
                    .unwrap_or_else(|| self.retry.backoff(attempt)),
            ),
            (ErrorKind::Transport, _) => Some(self.retry.backoff(attempt)),
            _ => None,
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        extra_headers: &[(&'static str, String)],
        context: &str,
    ) -> Result<RawReply, Error> {
        let token = self.auth.bearer().await?;
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .header("Accept", "application/json");
        for (name, value) in extra_headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.to_vec());
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(context, &e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(context, &e))?;
        Ok(RawReply {
            status,
            headers,
            body,
        })
    }
}

struct RawReply {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl From<RawReply> for Reply {
    fn from(r: RawReply) -> Self {
        Reply {
            status: r.status,
            body: r.body,
        }
    }
}

fn transport_error(context: &str, e: &reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    // reqwest's Display hides the cause ("error sending request"); walk the chain for the reason.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    Error::new(kind, context, message)
}

/// `Retry-After` as integer seconds (the form Qlik sends).
fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(parse_base_url("https://acme.eu.qlikcloud.com").is_ok());
        assert_eq!(
            parse_base_url("http://127.0.0.1:8787").unwrap().as_str(),
            "http://127.0.0.1:8787/"
        );
        assert!(parse_base_url("http://localhost:1").is_ok());
        let e = parse_base_url("http://acme.eu.qlikcloud.com").unwrap_err();
        assert!(e.summary().contains("only allowed for loopback"), "{e}");
        assert!(parse_base_url("ftp://x").is_err());
        assert!(parse_base_url("not a url").is_err());
        let e = parse_base_url("acme.eu.qlikcloud.com").unwrap_err();
        assert!(e.summary().contains("https://acme.eu.qlikcloud.com"), "{e}");
        let e = parse_base_url("https://acme.eu.qlikcloud.com/api/v1").unwrap_err();
        assert!(
            e.summary()
                .contains("without a path, e.g. https://acme.eu.qlikcloud.com"),
            "{e}"
        );
        assert!(parse_base_url("https://acme.eu.qlikcloud.com/").is_ok());
    }

    #[test]
    fn backoff_is_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            max_retry_after: Duration::from_secs(1),
        };
        for attempt in 0..40 {
            assert!(p.backoff(attempt) <= Duration::from_millis(400));
        }
    }
}
