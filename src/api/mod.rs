//! The Qlik Cloud data-connectivity client. Knows nothing of terminals.

pub mod auth;
pub mod client;
pub mod connections;
pub mod credentials;
pub mod data_sources;
pub mod error;
pub mod http;
pub mod ids;
pub mod models;
pub mod pager;
pub mod spaces;
pub mod transport;

pub use auth::{ApiKey, AuthProvider, OAuthClientCredentials};
pub use client::Client;
pub use connections::{ConnectionsQuery, Created, GetConnectionQuery};
pub use credentials::CredentialRef;
pub use data_sources::DataSourcesQuery;
pub use error::{Error, ErrorKind};
pub use http::{ClientConfig, RetryPolicy};
pub use ids::{ConnectionId, CredentialId, CredentialName};
pub use pager::{Page, Pager, RawPage};
pub use spaces::SpacesQuery;
