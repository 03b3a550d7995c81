//! `/api/v1/spaces`, `/api/v1/users/me` and `/api/v1/users/{id}`.

use super::client::{Client, Query};
use super::error::Error;
use super::models::{PageLinks, Space, SpacesPage, User, UsersPage};
use super::pager::{Page, Pager};

#[derive(Debug, Default, Clone)]
pub struct SpacesQuery {
    /// Page size (the tenant's default is 10).
    pub limit: Option<u32>,
    /// Case-insensitive "contains" on the name.
    pub name: Option<String>,
    /// Comma list of `shared`, `managed`, `data`.
    pub space_type: Option<String>,
    pub sort: Option<String>,
}

impl Client {
    pub fn spaces(&self, q: &SpacesQuery) -> Pager<SpacesPage> {
        self.spaces_as(q)
    }

    /// The same walk, each page read as `P` ([`RawPage`](super::RawPage): verbatim items).
    pub fn spaces_as<P: Page>(&self, q: &SpacesQuery) -> Pager<P> {
        let query = Query::new()
            .opt("limit", Some(q.limit.unwrap_or(100)))
            .opt("name", q.name.as_ref())
            .opt("type", q.space_type.as_ref())
            .opt("sort", q.sort.as_ref());
        Pager::new(self.clone(), self.url(&["spaces"], &query))
    }

    pub async fn space(&self, id: &str) -> Result<Space, Error> {
        self.get(self.url(&["spaces", id], &Query::new())).await
    }

    /// The tenant's users, 100 a page (`GET /users`, following `links.next`): the owners a
    /// connection can be given to.
    pub fn users(&self) -> Pager<UsersPage> {
        let query = Query::new().opt("limit", Some(100));
        Pager::new(self.clone(), self.url(&["users"], &query))
    }

    /// A user by id: the owner (`user`) of a connection, by name and email.
    pub async fn user(&self, id: &str) -> Result<User, Error> {
        self.get(self.url(&["users", id], &Query::new())).await
    }

    /// The caller (follows the documented 301 to `/users/{id}`).
    pub async fn me(&self) -> Result<User, Error> {
        self.get(self.url(&["users", "me"], &Query::new())).await
    }
}

impl Page for UsersPage {
    type Item = User;
    fn links(&self) -> Option<&PageLinks> {
        self.links.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
    fn item_ids(&self) -> Vec<Option<&str>> {
        self.data.iter().map(|u| Some(u.id.as_str())).collect()
    }
}
