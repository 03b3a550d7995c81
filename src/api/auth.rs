//! Auth providers: where the bearer token of each request comes from.

use futures_util::future::BoxFuture;

use super::error::{Error, ErrorKind};

/// Gives the bearer token for a request. An API key is static; an OAuth client-credentials
/// provider fetches and refreshes tokens, which is why this is async.
pub trait AuthProvider: Send + Sync + 'static {
    fn bearer(&self) -> BoxFuture<'_, Result<String, Error>>;

    /// The tenant answered 401. Drop any cached token and say whether one more attempt with a
    /// fresh token makes sense (never for a static key).
    fn invalidate(&self) -> bool {
        false
    }
}

/// A Qlik Cloud API key, sent as `Authorization: Bearer <key>`.
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl AuthProvider for ApiKey {
    fn bearer(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// OAuth 2.0 client credentials (machine-to-machine): fetches a token from the tenant's
/// `/oauth/token`, keeps it in memory only, refreshes it shortly before it expires, and drops it
/// when the tenant answers 401 so the request is sent once more with a fresh one.
pub struct OAuthClientCredentials {
    http: reqwest::Client,
    token_url: url::Url,
    client_id: String,
    client_secret: String,
    scope: Option<String>,
    cached: tokio::sync::Mutex<Option<CachedToken>>,
    /// Bumped by `invalidate`, so a token fetched before a 401 is not reused after it.
    generation: std::sync::atomic::AtomicU64,
}

struct CachedToken {
    token: String,
    refresh_at: std::time::Instant,
    generation: u64,
}

/// The longest token lifetime believed: a tenant's `expires_in` is hostile input (a
/// `9223372036854775807` must not overflow an `Instant`), and a day is longer than any Qlik
/// token lives.
pub const MAX_TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// How long a token lives, from the tenant's `expires_in` (none: an hour; at least a second,
/// at most [`MAX_TOKEN_LIFETIME`]).
pub fn token_lifetime(expires_in: Option<i64>) -> std::time::Duration {
    let secs = expires_in.unwrap_or(3600).max(1).unsigned_abs();
    std::time::Duration::from_secs(secs).min(MAX_TOKEN_LIFETIME)
}

/// When to fetch a new token: [`refresh_margin`] before it expires, never an overflow.
pub fn refresh_at(
    fetched_at: std::time::Instant,
    lifetime: std::time::Duration,
) -> std::time::Instant {
    let early = lifetime.saturating_sub(refresh_margin(lifetime));
    fetched_at.checked_add(early).unwrap_or(fetched_at)
}

/// Refresh this long before expiry (Qlik's guidance is about a minute), or at half-life for
/// short-lived tokens.
fn refresh_margin(lifetime: std::time::Duration) -> std::time::Duration {
    std::time::Duration::from_secs(60).min(lifetime / 2)
}

impl OAuthClientCredentials {
    pub fn new(
        config: &super::http::ClientConfig,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        scope: Option<String>,
    ) -> Result<Self, Error> {
        let base = super::http::parse_base_url(&config.base_url)?;
        let token_url = base
            .join("oauth/token")
            .map_err(|e| Error::new(ErrorKind::InvalidUrl, "", format!("token URL: {e}")))?;
        Ok(OAuthClientCredentials {
            http: super::http::http_client(config)?,
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope,
            cached: tokio::sync::Mutex::new(None),
            generation: std::sync::atomic::AtomicU64::new(0),
        })
    }

    async fn fetch(&self) -> Result<(String, std::time::Duration), Error> {
        let context = format!("POST {}", self.token_url.path());
        let body = super::models::TokenRequest {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            grant_type: "client_credentials".into(),
            scope: self.scope.clone(),
        };
        let response = self
            .http
            .post(self.token_url.clone())
            .json(&body)
            .send()
            .await
            .map_err(|e| Error::new(ErrorKind::Auth, &context, e.to_string()))?;
        let status = response.status();
        tracing::info!("{context} {}", status.as_u16());
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::new(ErrorKind::Auth, &context, e.to_string()))?;
        if !status.is_success() {
            let mut err = Error::from_response(&context, status.as_u16(), &bytes, None);
            err.kind = ErrorKind::Auth;
            return Err(err);
        }
        let token: super::models::TokenResponse = serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                ErrorKind::Auth,
                &context,
                format!("unreadable token response: {e}"),
            )
        })?;
        if !token.token_type.is_empty() && !token.token_type.eq_ignore_ascii_case("bearer") {
            return Err(Error::new(
                ErrorKind::Auth,
                &context,
                format!("unexpected token type {}", token.token_type),
            ));
        }
        Ok((token.access_token, token_lifetime(token.expires_in)))
    }
}

impl std::fmt::Debug for OAuthClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl AuthProvider for OAuthClientCredentials {
    fn bearer(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move {
            use std::sync::atomic::Ordering;
            // one fetch at a time: concurrent requests wait for the same token
            let mut cached = self.cached.lock().await;
            let generation = self.generation.load(Ordering::SeqCst);
            if let Some(c) = cached.as_ref() {
                if c.generation == generation && std::time::Instant::now() < c.refresh_at {
                    return Ok(c.token.clone());
                }
            }
            let fetched_at = std::time::Instant::now();
            let (token, lifetime) = self.fetch().await?;
            *cached = Some(CachedToken {
                token: token.clone(),
                refresh_at: refresh_at(fetched_at, lifetime),
                generation,
            });
            Ok(token)
        })
    }

    fn invalidate(&self) -> bool {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, Instant};

    #[test]
    fn the_huge_expires_in_seen_in_the_wild_is_capped() {
        let life = token_lifetime(Some(i64::MAX));
        assert_eq!(life, MAX_TOKEN_LIFETIME);
        let now = Instant::now();
        assert!(refresh_at(now, life) > now);
        assert_eq!(token_lifetime(None), Duration::from_secs(3600));
        assert_eq!(token_lifetime(Some(-5)), Duration::from_secs(1));
        assert_eq!(token_lifetime(Some(0)), Duration::from_secs(1));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// Any `expires_in` a tenant can send gives a refresh time, no panic.
        #[test]
        fn any_expires_in_gives_a_refresh_time(secs in any::<Option<i64>>()) {
            let now = Instant::now();
            let life = token_lifetime(secs);
            prop_assert!(life >= Duration::from_secs(1) && life <= MAX_TOKEN_LIFETIME);
            prop_assert!(refresh_at(now, life) >= now);
        }
    }
}
