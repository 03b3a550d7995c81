//! Cursor pagination: follow `links.next.href` until it is absent, on the tenant's own base URL,
//! and never for ever: a cursor seen twice, a page with nothing new or more than [`MAX_PAGES`]
//! pages end the walk with a message ([`Pager::stopped`]).

use std::collections::HashSet;
use std::hash::BuildHasher;

use serde::de::DeserializeOwned;
use url::Url;

use super::client::{decode_with, Client};
use super::error::Error;
use super::models::{ConnectionsPage, ListingPage, PageLinks, SpacesPage};
use super::transport::Reply;

/// A page of a list endpoint.
pub trait Page: DeserializeOwned + Send + 'static {
    type Item;
    fn links(&self) -> Option<&PageLinks>;
    fn into_items(self) -> Vec<Self::Item>;
    /// The ids of this page's items, to tell a page with something new from a repeat (an item
    /// without one counts as new).
    fn item_ids(&self) -> Vec<Option<&str>>;
    /// The page from a body the tenant sent.
    fn from_body(body: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(body)
    }
}

/// More pages than any tenant lists (a million connections at 100 a page): a walk this long is
/// a tenant that never stops.
pub const MAX_PAGES: usize = 10_000;

impl Page for ConnectionsPage {
    type Item = super::models::Connection;
    fn links(&self) -> Option<&PageLinks> {
        self.links.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
    fn item_ids(&self) -> Vec<Option<&str>> {
        self.data.iter().map(|c| Some(c.id())).collect()
    }
}

impl Page for ListingPage {
    type Item = super::models::Connection;
    fn links(&self) -> Option<&PageLinks> {
        self.0.links()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.0.data
    }
    fn item_ids(&self) -> Vec<Option<&str>> {
        self.0.item_ids()
    }
    fn from_body(body: &[u8]) -> serde_json::Result<Self> {
        super::models::read_listing_page(body)
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
    fn item_ids(&self) -> Vec<Option<&str>> {
        self.data.iter().map(|s| Some(s.id.as_str())).collect()
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
    fn item_ids(&self) -> Vec<Option<&str>> {
        self.data
            .iter()
            .map(|v| v.get("id").or_else(|| v.get("qID"))?.as_str())
            .collect()
    }
}

/// Walks a paged list one page at a time. Each call to [`Pager::next_page`] is one request, so a
/// caller can report progress ("loaded 300 …") and stop whenever it likes.
pub struct Pager<P: Page> {
    client: Client,
    next: Option<Url>,
    pages: usize,
    seen_links: HashSet<String>,
    /// Hashes of the ids seen (8 bytes an id, not a copy of it: a walk of 100k keeps 0.8 MB).
    /// Two ids with one hash would count as one here; that only matters for a page whose every
    /// id collides with an earlier one, which ends the walk as a page with nothing new.
    /// foldhash, seeded per walk: an id costs a few instructions, not two SipHash rounds.
    seen_ids: hashbrown::HashSet<u64>,
    id_hash: hashbrown::DefaultHashBuilder,
    stopped: Option<String>,
    /// The next page's request, sent as soon as this page's `links.next` was read and before
    /// this page is decoded, so the tenant works on page n+1 while qdc decodes page n.
    ahead: Option<Ahead>,
    _page: std::marker::PhantomData<fn() -> P>,
}

/// A request sent ahead; dropped (the walk stopped or was cancelled), it is aborted.
struct Ahead {
    url: Url,
    task: tokio::task::JoinHandle<Result<Reply, Error>>,
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Only the links of a page: read before the page (`data` is skipped, not built).
#[derive(serde::Deserialize)]
struct LinksOnly {
    #[serde(default)]
    links: Option<PageLinks>,
}

/// The page's `links.next`, read past everything else (a scan of the whole body).
fn next_link(body: &[u8]) -> Option<String> {
    let LinksOnly { links } = serde_json::from_slice::<LinksOnly>(body).ok()?;
    links?.next.map(|n| n.href)
}

/// The page's next link without a scan of its `data`: the value of the body's last `"links"`
/// key, where a tenant puts a page's links (after `data`, as Qlik Cloud and the demo tenant
/// do). Only a guess, which is all a request sent ahead needs: the walk follows the link of
/// the decoded page, and a request sent for another link is dropped. `None` (no such key, or
/// links without a next, as each connection's own `links` are) falls back to [`next_link`].
fn next_link_guess(body: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"\"links\"";
    let at = memchr::memmem::rfind(body, KEY)?;
    let rest = &body[at + KEY.len()..];
    let colon = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    if rest[colon] != b':' {
        return None;
    }
    let mut values =
        serde_json::Deserializer::from_slice(&rest[colon + 1..]).into_iter::<PageLinks>();
    values.next()?.ok()?.next.map(|n| n.href)
}

impl<P: Page> Pager<P> {
    pub(crate) fn new(client: Client, first: Url) -> Self {
        Pager {
            client,
            next: Some(first),
            pages: 0,
            seen_links: HashSet::new(),
            seen_ids: hashbrown::HashSet::default(),
            id_hash: hashbrown::DefaultHashBuilder::default(),
            stopped: None,
            ahead: None,
            _page: std::marker::PhantomData,
        }
    }

    /// The next page, or `None` after the last one. After an error the pager stops; a walk
    /// that would not end stops too, and [`Pager::stopped`] says why.
    pub async fn next_page(&mut self) -> Option<Result<P, Error>> {
        let url = self.next.take()?;
        if !self.seen_links.insert(url.as_str().to_string()) {
            self.stop("the tenant sent a next link that repeats itself");
            return None;
        }
        if self.pages >= MAX_PAGES {
            self.stop("the tenant sent more than 10,000 pages");
            return None;
        }
        let context = format!("GET {}", url.path());
        let reply = match self.ahead.take() {
            Some(mut ahead) if ahead.url == url => match (&mut ahead.task).await {
                Ok(reply) => reply,
                Err(e) => Err(Error::new(
                    super::error::ErrorKind::Transport,
                    context.clone(),
                    format!("the request was lost ({e})"),
                )),
            },
            _ => self.client.get_reply(url).await,
        };
        let reply = match reply {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        if self.send_ahead(&reply) {
            // A task spawned from a task waits in its worker's next-task slot until the spawner
            // yields, and no other worker takes it from there: without this the request sent
            // "ahead" left only after the page was decoded (the tenant idle meanwhile).
            tokio::task::yield_now().await;
        }
        let page: P = match decode_with(&context, &reply, P::from_body) {
            Ok(p) => p,
            Err(e) => {
                self.ahead = None;
                return Some(Err(e));
            }
        };
        self.pages += 1;
        let mut new_ids = 0;
        for id in page.item_ids() {
            if id.is_none_or(|id| self.seen_ids.insert(self.id_hash.hash_one(id))) {
                new_ids += 1;
            }
        }
        if let Some(href) = page.links().and_then(|l| l.next.as_ref()) {
            if new_ids == 0 && self.pages > 1 {
                self.stop("the tenant sent a page with nothing new and a next link");
            } else {
                match self.client.transport.tenant_link(&href.href) {
                    Ok(next) => self.next = Some(next),
                    Err(e) => return Some(Err(e)),
                }
            }
        }
        if self.next.is_none() {
            // the walk ends here: a request sent ahead is not wanted
            self.ahead = None;
        }
        Some(Ok(page))
    }

    /// Sends the request for this page's next link now, when the walk will follow it; `true`
    /// when one was sent.
    fn send_ahead(&mut self, reply: &Reply) -> bool {
        let Some(href) = next_link_guess(&reply.body).or_else(|| next_link(&reply.body)) else {
            return false;
        };
        let Ok(url) = self.client.transport.tenant_link(&href) else {
            return false;
        };
        if self.seen_links.contains(url.as_str()) || self.pages + 1 >= MAX_PAGES {
            return false;
        }
        let client = self.client.clone();
        let task = tokio::spawn({
            let url = url.clone();
            async move { client.get_reply(url).await }
        });
        self.ahead = Some(Ahead { url, task });
        true
    }

    fn stop(&mut self, why: &str) {
        self.stopped = Some(format!("{why}; listed {}", self.seen_ids.len()));
    }

    /// Why the walk ended before the tenant said it was done, e.g. "the tenant sent a next link
    /// that repeats itself; listed 300".
    pub fn stopped(&self) -> Option<&str> {
        self.stopped.as_deref()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The guess reads the page's own links after `data`; where the last `links` are a
    /// connection's (the page's came first) it has no next and the whole body is read.
    #[test]
    fn the_next_link_is_read_from_the_end_and_the_whole_body_when_the_end_has_none() {
        let after = br#"{"data":[{"qID":"a","links":{"self":{"href":"/a"}}}],"meta":{"count":2},
            "links" : {"self":{"href":"/p1"},"next":{"href":"/p2"}}}"#;
        assert_eq!(next_link_guess(after).as_deref(), Some("/p2"));
        let before = br#"{"links":{"next":{"href":"/p2"}},"data":[{"qID":"a","links":{"self":{"href":"/a"}}}]}"#;
        assert_eq!(next_link_guess(before), None);
        assert_eq!(next_link(before).as_deref(), Some("/p2"));
        let last = br#"{"data":[],"links":{"self":{"href":"/p9"}}}"#;
        assert_eq!(next_link_guess(last).or_else(|| next_link(last)), None);
        assert_eq!(next_link_guess(br#"{"data":[],"links""#), None);
        assert_eq!(next_link_guess(br#"{"x":"\"links\"}"#), None);
    }
}
