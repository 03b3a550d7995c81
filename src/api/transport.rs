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

    /// A URL the tenant handed us (`links.next.href`): its path and query on the configured
    /// base URL, whatever host it names. A tenant behind a proxy or reached by an alias
    /// hostname answers with its canonical host; following that host would either fail or carry
    /// the bearer token somewhere else. So another host is never contacted, and only API paths
    /// (`/api/...`) are followed.
    pub fn tenant_link(&self, href: &str) -> Result<Url, Error> {
        let bad = |why: String| {
            Error::new(
                ErrorKind::InvalidUrl,
                "",
                format!("next page link {}: {why}", crate::text::sanitize(href)),
            )
        };
        let given = self.base.join(href).map_err(|e| bad(e.to_string()))?;
        if !given.path().starts_with("/api/") {
            return Err(bad("not an API path of the tenant".into()));
        }
        let mut url = self.base.clone();
        url.set_path(given.path());
        url.set_query(given.query());
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
            let started = std::time::Instant::now();
            let outcome = self
                .send_once(&method, &url, body.as_deref(), extra_headers, &context)
                .await;
            log_attempt(&method, &url, attempt, started.elapsed(), &outcome);
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
                Ok(reply) if reply.status.is_redirection() => {
                    return Err(redirect_error(&context, &reply))
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
        let sent = std::time::Instant::now();
        let lost = |e: reqwest::Error| {
            let mut err = transport_error(context, &e);
            let secs = sent.elapsed().as_millis().div_ceil(1000);
            err.lost_after_secs = u16::try_from(secs).unwrap_or(u16::MAX);
            err
        };
        let response = request.send().await.map_err(lost)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(lost)?;
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

/// One line per attempt: method, path (never the query, headers or body), status or error,
/// duration, retries before it and bytes received.
fn log_attempt(
    method: &Method,
    url: &Url,
    retries: u32,
    took: Duration,
    outcome: &Result<RawReply, Error>,
) {
    let ms = took.as_millis() as u64;
    match outcome {
        Ok(r) => tracing::info!(
            "{method} {} {} {ms}ms retries={retries} bytes={}",
            url.path(),
            r.status.as_u16(),
            r.body.len()
        ),
        Err(e) => tracing::warn!(
            "{method} {} failed {ms}ms retries={retries}: {}",
            url.path(),
            e.summary()
        ),
    }
}

/// A 3xx that was not followed: a redirect to another host, or too many.
fn redirect_error(context: &str, reply: &RawReply) -> Error {
    let target = reply
        .headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|l| crate::text::sanitize(l).into_owned())
        .unwrap_or_else(|| "nowhere".into());
    let mut err = Error::new(
        ErrorKind::Status,
        context,
        format!(
            "the tenant redirected to {target}; qdc follows redirects only within the tenant \
             and did not follow this one"
        ),
    );
    err.status = Some(reply.status.as_u16());
    err
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

    #[test]
    fn case9_a_tenant_url_with_user_and_password_is_refused_without_echoing_the_password() {
        for raw in [
            "https://admin:hunter2@acme.eu.qlikcloud.com",
            "https://admin@acme.eu.qlikcloud.com",
            "http://:hunter2@127.0.0.1:8787",
        ] {
            let e = parse_base_url(raw).unwrap_err().summary();
            assert!(e.contains("carries no user or password"), "{e}");
            assert!(!e.contains("hunter2"), "{e}");
        }
        let e = parse_base_url("https://admin:hunter2@acme.eu.qlikcloud.com")
            .unwrap_err()
            .summary();
        assert!(e.contains("write https://acme.eu.qlikcloud.com;"), "{e}");
    }

    fn transport(base: &str) -> Transport {
        Transport::new(
            &ClientConfig::new(base),
            Arc::new(crate::api::auth::ApiKey::new("k")),
        )
        .unwrap()
    }

    #[test]
    fn case3_a_next_link_is_followed_on_the_configured_base_whatever_host_it_names() {
        let t = transport("https://alias.example.com");
        for href in [
            "https://acme.eu.qlikcloud.com/api/v1/data-connections?next=abc&limit=100",
            "http://evil.example:8080/api/v1/data-connections?next=abc&limit=100",
            "/api/v1/data-connections?next=abc&limit=100",
        ] {
            assert_eq!(
                t.tenant_link(href).unwrap().as_str(),
                "https://alias.example.com/api/v1/data-connections?next=abc&limit=100"
            );
        }
        for bad in [
            "https://x/login?next=1",
            "/oauth/token",
            "javascript:alert(1)",
        ] {
            assert!(t.tenant_link(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// Absurd Retry-After values and attempt counts never panic and never wait longer than
        /// the policy allows.
        #[test]
        fn any_retry_after_and_attempt_gives_a_bounded_wait(
            secs in proptest::prelude::any::<u64>(),
            attempt in proptest::prelude::any::<u32>(),
        ) {
            let t = transport("https://acme.eu.qlikcloud.com");
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_str(&secs.to_string()).unwrap());
            let wait = parse_retry_after(&headers);
            let mut err = Error::new(ErrorKind::Status, "GET /x", "");
            err.status = Some(429);
            err.retry_after = wait;
            let policy = RetryPolicy::default();
            let cap = policy.max_retry_after.max(policy.max_delay);
            if let Some(d) = t.retry_delay(true, attempt, &err) {
                proptest::prop_assert!(d <= cap);
            }
            proptest::prop_assert!(policy.backoff(attempt) <= policy.max_delay);
        }
    }
}
