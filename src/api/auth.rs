//! Auth providers: where the bearer token of each request comes from.

use futures_util::future::BoxFuture;

use super::error::Error;

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
