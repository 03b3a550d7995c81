//! What every HTTP client of qdc shares: the tenant's base URL rules, the client configuration
//! and the one `reqwest` client built from it. Used by the transport and by the OAuth token
//! provider, so neither needs the other for it.

use std::time::Duration;

use url::Url;

use super::error::{Error, ErrorKind};

/// How hard idempotent requests try.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the 429 is reported instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with full jitter, capped.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
        let cap = exp.min(self.max_delay);
        cap.mul_f64(fastrand::f64())
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The tenant, e.g. `https://acme.eu.qlikcloud.com`. Plain `http://` only for loopback.
    pub base_url: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Accept self-signed certificates (explicit opt-out).
    pub insecure: bool,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            insecure: false,
        }
    }
}

/// Checks and normalises a tenant URL: https, or http on a loopback host only.
pub fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let bad = |msg: String| Error::new(ErrorKind::InvalidUrl, "", msg);
    let raw = raw.trim();
    let mut url = Url::parse(raw).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            bad(format!("{raw}: not a full URL; write it as https://{raw}"))
        }
        e => bad(format!("{raw}: {e}")),
    })?;
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(bad(format!(
                    "{raw}: plain http is only allowed for loopback hosts; use https://"
                )));
            }
        }
        other => return Err(bad(format!("{raw}: unsupported scheme {other}"))),
    }
    if url.host().is_none() {
        return Err(bad(format!("{raw}: no host")));
    }
    // reqwest would send `user:password@` as a second Authorization header (Basic) next to
    // the bearer: a password in a URL goes to the tenant and into every log on the way
    if !url.username().is_empty() || url.password().is_some() {
        let mut bare = url.clone();
        let _ = bare.set_username("");
        let _ = bare.set_password(None);
        return Err(bad(format!(
            "{}: a tenant URL carries no user or password (write {}; the API key goes in the \
             keyring or QLIK_API_KEY)",
            redact_userinfo(raw),
            bare.as_str().trim_end_matches('/')
        )));
    }
    // the tenant itself: every API path (/api/v1/..., /oauth/token) is built from its root
    if !matches!(url.path(), "" | "/") {
        let mut root = url.clone();
        root.set_path("/");
        return Err(bad(format!(
            "{raw}: give the tenant without a path, e.g. {}",
            root.as_str().trim_end_matches('/')
        )));
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// `raw` with the password of a `user:password@` shown as `***`, for messages.
fn redact_userinfo(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.as_str().trim_end_matches('/').to_string()
        }
        _ => raw.to_string(),
    }
}

/// The one HTTP client configuration: qdc's User-Agent, the timeouts, TLS verification, and
/// redirects followed only within the tenant's own origin (at most 5): another host is never
/// contacted, with or without the key. A redirect that is not followed is reported as what it
/// is (`transport::redirect_error`).
pub(crate) fn http_client(config: &ClientConfig) -> Result<reqwest::Client, Error> {
    let tenant = parse_base_url(&config.base_url)?.origin();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 || attempt.url().origin() != tenant {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .redirect(redirects)
        .user_agent(concat!("qdc/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .danger_accept_invalid_certs(config.insecure)
        .build()
        .map_err(|e| Error::new(ErrorKind::Transport, "", e.to_string()))
}
