//! The typed client. Cheap to clone: background tasks each take a copy.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use super::auth::AuthProvider;
use super::error::{Error, ErrorKind};
use super::http::ClientConfig;
use super::transport::{Reply, Transport};

#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Transport,
    /// Set once the tenant answered 404/410 on the deprecated dcaas path: from then on the
    /// interactive flow goes straight to `POST /api/v1/data-connections`.
    pub(crate) dcaas_gone: Arc<AtomicBool>,
}

/// Query parameters as `(name, value)` pairs, only those that are set.
#[derive(Debug, Default, Clone)]
pub struct Query(pub Vec<(&'static str, String)>);

impl Query {
    pub fn new() -> Self {
        Query(Vec::new())
    }
    pub fn opt(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(v) = value {
            self.0.push((name, v.to_string()));
        }
        self
    }
    /// A boolean flag, sent only when true (Qlik's defaults are all false).
    pub fn flag(mut self, name: &'static str, on: bool) -> Self {
        if on {
            self.0.push((name, "true".into()));
        }
        self
    }
    pub(crate) fn apply(&self, url: &mut Url) {
        if !self.0.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.0 {
                pairs.append_pair(k, v);
            }
        }
    }
}

impl Client {
    pub fn new(config: &ClientConfig, auth: Arc<dyn AuthProvider>) -> Result<Self, Error> {
        Ok(Client {
            transport: Transport::new(config, auth)?,
            dcaas_gone: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The tenant's base URL, e.g. `https://acme.eu.qlikcloud.com/`.
    pub fn base_url(&self) -> &Url {
        &self.transport.base
    }

    pub(crate) fn url(&self, segments: &[&str], query: &Query) -> Url {
        let mut url = self.transport.api_url(segments);
        query.apply(&mut url);
        url
    }

    pub(crate) async fn call(
        &self,
        method: Method,
        url: Url,
        body: Option<&impl Serialize>,
        headers: &[(&'static str, String)],
    ) -> Result<Reply, Error> {
        let body = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| {
                Error::new(
                    ErrorKind::Decode,
                    format!("{method} {}", url.path()),
                    e.to_string(),
                )
            })?),
            None => None,
        };
        self.transport.send(method, url, body, headers).await
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T, Error> {
        let context = format!("GET {}", url.path());
        let reply = self.get_reply(url).await?;
        decode(&context, &reply)
    }

    /// A GET's answer, its body not decoded yet.
    pub(crate) async fn get_reply(&self, url: Url) -> Result<Reply, Error> {
        self.call(Method::GET, url, None::<&()>, &[]).await
    }

    /// A POST that answers with a JSON body (never retried).
    pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        url: Url,
        body: &B,
    ) -> Result<T, Error> {
        let context = format!("POST {}", url.path());
        let reply = self.call(Method::POST, url, Some(body), &[]).await?;
        decode(&context, &reply)
    }

    /// A request whose success is 204 No Content.
    pub(crate) async fn no_content(
        &self,
        method: Method,
        url: Url,
        body: Option<&impl Serialize>,
        headers: &[(&'static str, String)],
    ) -> Result<(), Error> {
        self.call(method, url, body, headers).await.map(|_| ())
    }

    pub(crate) fn dcaas_is_gone(&self) -> bool {
        self.dcaas_gone.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_dcaas_gone(&self) {
        self.dcaas_gone.store(true, Ordering::Relaxed);
    }
}

pub(crate) fn decode<T: DeserializeOwned>(context: &str, reply: &Reply) -> Result<T, Error> {
    decode_with(context, reply, |body| serde_json::from_slice(body))
}

/// [`decode`] by `read` (a page's own way to read a body: [`super::pager::Page::from_body`]).
pub(crate) fn decode_with<T>(
    context: &str,
    reply: &Reply,
    read: impl FnOnce(&[u8]) -> serde_json::Result<T>,
) -> Result<T, Error> {
    read(&reply.body).map_err(|e| {
        let mut err = Error::new(
            ErrorKind::Decode,
            context,
            format!("the tenant sent a body qdc cannot read ({e})"),
        );
        err.status = Some(reply.status.as_u16());
        err
    })
}

/// 404 or 410: the endpoint (not just the object) may be gone.
pub(crate) fn is_gone(err: &Error) -> bool {
    err.status == Some(StatusCode::NOT_FOUND.as_u16())
        || err.status == Some(StatusCode::GONE.as_u16())
}
