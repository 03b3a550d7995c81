//! Cursor pagination: follow `links.next.href` verbatim until it is absent.

use serde::de::DeserializeOwned;
use url::Url;

use super::client::Client;
use super::error::Error;
use super::models::{ConnectionsPage, PageLinks, SpacesPage};

/// A page of a list endpoint.
pub trait Page: DeserializeOwned + Send + 'static {
    type Item;
    fn links(&self) -> Option<&PageLinks>;
    fn into_items(self) -> Vec<Self::Item>;
}

impl Page for ConnectionsPage {
    type Item = super::models::Connection;
    fn links(&self) -> Option<&PageLinks> {
        self.links.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

impl Page for SpacesPage {
    type Item = super::models::Space;
    fn links(&self) -> Option<&PageLinks> {
        self.links.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

/// A page of any list kept as the tenant sent it: each item verbatim (key order, nulls and
/// unknown fields included), and the links to follow.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RawPage {
    #[serde(default)]
    pub data: Vec<serde_json::Value>,
    #[serde(default)]
    pub links: Option<PageLinks>,
}

impl Page for RawPage {
    type Item = serde_json::Value;
    fn links(&self) -> Option<&PageLinks> {
        self.links.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

/// Walks a paged list one page at a time. Each call to [`Pager::next_page`] is one request, so a
/// caller can report progress ("loaded 300 …") and stop whenever it likes.
pub struct Pager<P: Page> {
    client: Client,
    next: Option<Url>,
    pages: usize,
    _page: std::marker::PhantomData<fn() -> P>,
}

impl<P: Page> Pager<P> {
    pub(crate) fn new(client: Client, first: Url) -> Self {
        Pager {
            client,
            next: Some(first),
            pages: 0,
            _page: std::marker::PhantomData,
        }
    }

    /// The next page, or `None` after the last one. After an error the pager stops.
    pub async fn next_page(&mut self) -> Option<Result<P, Error>> {
        let url = self.next.take()?;
        let page: P = match self.client.get(url).await {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        self.pages += 1;
        if let Some(href) = page.links().and_then(|l| l.next.as_ref()) {
            match self.client.transport.same_origin(&href.href) {
                Ok(next) => self.next = Some(next),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(page))
    }

    /// Pages fetched so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }

    /// Every item of every remaining page.
    pub async fn collect_all(mut self) -> Result<Vec<P::Item>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?.into_items());
        }
        Ok(all)
    }
}
