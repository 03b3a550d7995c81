//! `/api/v1/data-credentials`. There is no list endpoint: a credential is reached by id, by
//! name (`byCredentialName=true`) or through filter-orphan.

use reqwest::Method;

use super::client::{Client, Query};
use super::error::Error;
use super::models::{Credential, FilterOrphanRequest, FilterOrphanResponse, PatchOp};

/// How the path segment names the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialRef<'a> {
    Id(&'a str),
    Name(&'a str),
}

impl CredentialRef<'_> {
    fn segment(&self) -> &str {
        match self {
            CredentialRef::Id(s) | CredentialRef::Name(s) => s,
        }
    }
    fn query(&self) -> Query {
        Query::new().flag("byCredentialName", matches!(self, CredentialRef::Name(_)))
    }
}

impl Client {
    pub async fn credential(&self, which: CredentialRef<'_>) -> Result<Credential, Error> {
        self.credential_as(which).await
    }

    /// One credential read as `T` (`serde_json::Value`: verbatim).
    pub async fn credential_as<T: serde::de::DeserializeOwned>(
        &self,
        which: CredentialRef<'_>,
    ) -> Result<T, Error> {
        self.get(self.url(&["data-credentials", which.segment()], &which.query()))
            .await
    }

    /// JSON-Patch of `/qName`, `/qUsername`, `/qPassword` (204).
    pub async fn patch_credential(
        &self,
        which: CredentialRef<'_>,
        ops: &[PatchOp],
    ) -> Result<(), Error> {
        let url = self.url(&["data-credentials", which.segment()], &which.query());
        self.no_content(Method::PATCH, url, Some(&ops), &[]).await
    }

    pub async fn delete_credential(&self, which: CredentialRef<'_>) -> Result<(), Error> {
        let url = self.url(&["data-credentials", which.segment()], &which.query());
        self.no_content(Method::DELETE, url, None::<&()>, &[]).await
    }

    /// Credentials linked to no connection (separated credentials left behind).
    pub async fn orphan_credentials(
        &self,
        filter: &FilterOrphanRequest,
    ) -> Result<FilterOrphanResponse, Error> {
        self.post(
            self.url(
                &["data-credentials", "actions", "filter-orphan"],
                &Query::new(),
            ),
            filter,
        )
        .await
    }
}
