//! `/api/v1/data-connections` and the deprecated dcaas create action.

use reqwest::Method;

use super::client::{is_gone, Client, Query};
use super::error::Error;
use super::models::{
    AuthUrlResponse, BulkDeleteRequest, BulkResponse, BulkUpdateRequest, Connection,
    ConnectionUpdate, ConnectionsPage, CreateConnection, DcaasConnection, DcaasCreateConnection,
    DuplicateConnection, PatchOp,
};
use super::pager::{Page, Pager};
use serde::de::DeserializeOwned;

/// Every documented query parameter of `GET /api/v1/data-connections` that keeps the response
/// shape (`dataName`, which renames the `data` key, is left out on purpose).
#[derive(Debug, Default, Clone)]
pub struct ConnectionsQuery {
    pub space_id: Option<String>,
    pub personal: bool,
    pub owned_by_me: bool,
    /// An **app id**: filters DataFiles connections only.
    pub owner: Option<String>,
    pub user_id: Option<String>,
    pub no_datafiles: bool,
    pub extended: bool,
    pub include_qris: bool,
    pub include_disabled: bool,
    /// SCIM filter, e.g. `qName co "sales"`.
    pub filter: Option<String>,
    /// `+qName`, `-created`, ...
    pub sort: Option<String>,
    pub case_insensitive: bool,
    pub locale: Option<String>,
    /// Page size, 1..=100. The tenant's default is undocumented, so one is always sent.
    pub limit: Option<u32>,
}

/// Query of `GET /api/v1/data-connections/{qID}`.
#[derive(Debug, Default, Clone)]
pub struct GetConnectionQuery {
    /// Read the path segment as the connection *name* (`type=connectionname`).
    pub by_name: bool,
    pub space_id: Option<String>,
    /// Add `connectionProperties` (secrets left out).
    pub parse_connection: bool,
    pub extended: bool,
    pub credential_id: Option<String>,
    pub by_credential_name: bool,
    pub no_cache: bool,
}

/// What the tenant answered to a create with an auth code: the dcaas action returns a summary,
/// the v1 endpoint the full connection.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Connection(Box<Connection>),
    Summary(Box<DcaasConnection>),
}

impl Created {
    pub fn id(&self) -> &str {
        match self {
            Created::Connection(c) => c.id(),
            Created::Summary(s) => &s.connection_id,
        }
    }
}

pub const DEFAULT_PAGE_SIZE: u32 = 100;

impl Client {
    /// Pages of connections, following `links.next.href`.
    pub fn connections(&self, q: &ConnectionsQuery) -> Pager<ConnectionsPage> {
        self.connections_as(q)
    }

    /// The same walk, each page read as `P`: [`RawPage`](super::RawPage) keeps the items
    /// exactly as the tenant sent them (for `qdc get -o json`).
    pub fn connections_as<P: Page>(&self, q: &ConnectionsQuery) -> Pager<P> {
        let query = Query::new()
            .opt("spaceId", q.space_id.as_ref())
            .flag("personal", q.personal)
            .flag("ownedByMe", q.owned_by_me)
            .opt("owner", q.owner.as_ref())
            .opt("userId", q.user_id.as_ref())
            .flag("noDatafiles", q.no_datafiles)
            .flag("extended", q.extended)
            .flag("includeQris", q.include_qris)
            .flag("includeDisabled", q.include_disabled)
            .opt("filter", q.filter.as_ref())
            .opt("sort", q.sort.as_ref())
            .flag("caseinsensitive", q.case_insensitive)
            .opt("locale", q.locale.as_ref())
            .opt(
                "limit",
                Some(q.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, 100)),
            );
        Pager::new(self.clone(), self.url(&["data-connections"], &query))
    }

    /// Pages of connections from a `links.next.href` the tenant gave earlier, so a walk that
    /// was stopped can go on where it was (its path and query, on the tenant's base URL).
    pub fn connections_from(&self, href: &str) -> Result<Pager<ConnectionsPage>, Error> {
        self.connections_from_as(href)
    }

    /// [`Client::connections_from`], each page read as `P`.
    pub fn connections_from_as<P: Page>(&self, href: &str) -> Result<Pager<P>, Error> {
        let first = self.transport.tenant_link(href)?;
        Ok(Pager::new(self.clone(), first))
    }

    pub async fn connection(&self, id: &str, q: &GetConnectionQuery) -> Result<Connection, Error> {
        self.connection_as(id, q).await
    }

    /// One connection read as `T` (`serde_json::Value`: verbatim).
    pub async fn connection_as<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &GetConnectionQuery,
    ) -> Result<T, Error> {
        let query = Query::new()
            .opt("type", q.by_name.then_some("connectionname"))
            .opt("spaceId", q.space_id.as_ref())
            .flag("parseConnection", q.parse_connection)
            .flag("extended", q.extended)
            .opt("credentialId", q.credential_id.as_ref())
            .flag("byCredentialName", q.by_credential_name)
            .flag("noCache", q.no_cache);
        self.get(self.url(&["data-connections", id], &query)).await
    }

    /// The connection named `name` in `space_id` (`type=connectionname`, parsed properties;
    /// `None` is the personal space): `Ok(None)` when the tenant answers 404. A create whose
    /// answer was lost looks its name up with this before anything is sent again.
    pub async fn find_connection(
        &self,
        name: &str,
        space_id: Option<&str>,
    ) -> Result<Option<Connection>, Error> {
        let by_name = GetConnectionQuery {
            by_name: true,
            space_id: space_id.filter(|s| !s.is_empty()).map(str::to_string),
            parse_connection: true,
            ..Default::default()
        };
        match self.connection(name, &by_name).await {
            Ok(conn) => Ok(Some(conn)),
            Err(e) if e.is_status(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `POST /api/v1/data-connections` (201 with the connection). Never retried.
    pub async fn create_connection(&self, body: &CreateConnection) -> Result<Connection, Error> {
        self.post(self.url(&["data-connections"], &Query::new()), body)
            .await
    }

    /// Step one of the interactive OAuth flow: ask for the URL the admin must open. Sent to the
    /// dcaas action as the auth seed shows, falling back to `POST /api/v1/data-connections` when
    /// the tenant no longer has it (404/410 there means nothing was created).
    pub async fn request_auth_url(
        &self,
        body: &DcaasCreateConnection,
    ) -> Result<AuthUrlResponse, Error> {
        let mut body = body.clone();
        body.auth_url_only = Some(serde_json::Value::String("true".into()));
        body.connection_properties
            .entry("authCode")
            .or_insert_with(|| serde_json::Value::String(String::new()));
        if !self.dcaas_is_gone() {
            match self.post(self.dcaas_url(), &body).await {
                Err(e) if is_gone(&e) => self.mark_dcaas_gone(),
                other => return other,
            }
        }
        let v1 = CreateConnection::from(&body);
        self.post(self.url(&["data-connections"], &Query::new()), &v1)
            .await
    }

    /// Step three: the same body with the auth code, without `authUrlOnly`.
    pub async fn create_with_auth_code(
        &self,
        body: &DcaasCreateConnection,
        auth_code: &str,
    ) -> Result<Created, Error> {
        let mut body = body.clone();
        body.auth_url_only = None;
        body.connection_properties.insert(
            "authCode".into(),
            serde_json::Value::String(auth_code.to_string()),
        );
        if !self.dcaas_is_gone() {
            match self
                .post::<_, DcaasConnection>(self.dcaas_url(), &body)
                .await
            {
                Err(e) if is_gone(&e) => self.mark_dcaas_gone(),
                other => return other.map(|s| Created::Summary(Box::new(s))),
            }
        }
        let v1 = CreateConnection::from(&body);
        self.create_connection(&v1)
            .await
            .map(|c| Created::Connection(Box::new(c)))
    }

    fn dcaas_url(&self) -> url::Url {
        self.url(&["dcaas", "actions", "data-connections"], &Query::new())
    }

    /// `PATCH` with a bare JSON-Patch array (204). OAuth sources need `qlik-auth-code`.
    pub async fn patch_connection(
        &self,
        id: &str,
        ops: &[PatchOp],
        auth_code: Option<&str>,
    ) -> Result<(), Error> {
        let headers: Vec<(&'static str, String)> = auth_code
            .map(|c| vec![("qlik-auth-code", c.to_string())])
            .unwrap_or_default();
        let url = self.url(&["data-connections", id], &Query::new());
        self.no_content(Method::PATCH, url, Some(&ops), &headers)
            .await
    }

    /// `PUT`: full replacement (204).
    pub async fn update_connection(&self, id: &str, body: &ConnectionUpdate) -> Result<(), Error> {
        let url = self.url(&["data-connections", id], &Query::new());
        self.no_content(Method::PUT, url, Some(body), &[]).await
    }

    /// `DELETE` by id (204). Separated credentials outlive it.
    pub async fn delete_connection(&self, id: &str) -> Result<(), Error> {
        let url = self.url(&["data-connections", id], &Query::new());
        self.no_content(Method::DELETE, url, None::<&()>, &[]).await
    }

    pub async fn duplicate_connection(
        &self,
        body: &DuplicateConnection,
    ) -> Result<Connection, Error> {
        self.post(
            self.url(&["data-connections", "actions", "duplicate"], &Query::new()),
            body,
        )
        .await
    }

    /// Bulk delete (207, a result per item).
    pub async fn delete_connections(
        &self,
        body: &BulkDeleteRequest,
    ) -> Result<BulkResponse, Error> {
        self.post(
            self.url(&["data-connections", "actions", "delete"], &Query::new()),
            body,
        )
        .await
    }

    /// Bulk update of name, owner or space (207, a result per item).
    pub async fn update_connections(
        &self,
        body: &BulkUpdateRequest,
    ) -> Result<BulkResponse, Error> {
        self.post(
            self.url(&["data-connections", "actions", "update"], &Query::new()),
            body,
        )
        .await
    }
}
