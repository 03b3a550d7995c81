//! A listed connection as the explorer keeps it: what its row, the filter, the sort, the detail
//! (until the connection's own GET answers) and the actions need, with the strings thousands of
//! connections repeat (data source and type, space, owner, privileges) kept once. The tenant's
//! whole object is fetched when it is looked at (the detail, `J`), so a list of 100k does not
//! keep 100k copies of links, tags, tenant and version ids it never shows.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::Arc;

use hashbrown::HashSet;

use serde::Serialize;

use crate::api::models::Connection;

/// One copy of each string (or list of strings) many connections share, found by a seeded
/// foldhash (hashbrown's default): five look-ups a connection cost 2.3 k instructions with
/// SipHash.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    strings: HashSet<Arc<str>>,
    lists: HashSet<Arc<[String]>>,
}

fn shared<T: ?Sized + Hash + Eq>(set: &mut HashSet<Arc<T>>, value: &T) -> Arc<T>
where
    Arc<T>: Borrow<T> + for<'a> From<&'a T>,
{
    if let Some(known) = set.get(value) {
        return known.clone();
    }
    let new: Arc<T> = Arc::from(value);
    set.insert(new.clone());
    new
}

impl Interner {
    pub fn text(&mut self, s: &str) -> Arc<str> {
        shared(&mut self.strings, s)
    }

    pub fn list(&mut self, l: &[String]) -> Arc<[String]> {
        shared(&mut self.lists, l)
    }
}

/// The fields of a listed connection qdc uses, under the tenant's names (a deep filter and `J`
/// before the GET answers serialise it as the tenant would).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ListedConnection {
    #[serde(rename = "qID")]
    pub q_id: String,
    #[serde(rename = "qName")]
    pub q_name: String,
    #[serde(rename = "qType")]
    pub q_type: Arc<str>,
    #[serde(rename = "datasourceID", skip_serializing_if = "Option::is_none")]
    pub datasource_id: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub space: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(rename = "qCredentialsID", skip_serializing_if = "Option::is_none")]
    pub q_credentials_id: Option<String>,
    #[serde(rename = "qCredentialsName", skip_serializing_if = "Option::is_none")]
    pub q_credentials_name: Option<String>,
    #[serde(
        rename = "qSeparateCredentials",
        skip_serializing_if = "Option::is_none"
    )]
    pub q_separate_credentials: Option<bool>,
    #[serde(rename = "qConnectStatement", skip_serializing_if = "Option::is_none")]
    pub q_connect_statement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Arc<[String]>>,
}

impl ListedConnection {
    /// What the list keeps of `c`, its repeated strings shared through `strings`.
    pub fn new(c: Connection, strings: &mut Interner) -> ListedConnection {
        let mut text = |s: Option<String>| s.map(|s| strings.text(&s));
        let datasource_id = text(c.datasource_id);
        let space = text(c.space);
        let user = text(c.user);
        let q_type = strings.text(&c.q_type);
        let privileges = c.privileges.map(|p| strings.list(&p));
        ListedConnection {
            // `id` and `qID` are the same on Qlik Cloud; `id` wins when both are sent
            q_id: c.id.unwrap_or(c.q_id),
            q_name: c.q_name,
            q_type,
            datasource_id,
            space,
            user,
            created: c.created,
            updated: c.updated,
            q_credentials_id: c.q_credentials_id,
            q_credentials_name: c.q_credentials_name,
            q_separate_credentials: c.q_separate_credentials,
            q_connect_statement: c.q_connect_statement,
            privileges,
        }
    }

    /// The connection id.
    pub fn id(&self) -> &str {
        &self.q_id
    }

    /// The system-created DataFiles connection of a space.
    pub fn is_datafiles(&self) -> bool {
        &*self.q_type == "qix-datafiles.exe"
    }

    /// `None` for a personal-space connection.
    pub fn space_id(&self) -> Option<&str> {
        self.space.as_deref().filter(|s| !s.is_empty())
    }

    /// The credential it uses, if any.
    pub fn credential_id(&self) -> Option<&str> {
        self.q_credentials_id.as_deref().filter(|s| !s.is_empty())
    }
}

/// One connection on its own (a create's answer, a detail): nothing to share it with.
impl From<Connection> for ListedConnection {
    fn from(c: Connection) -> Self {
        ListedConnection::new(c, &mut Interner::default())
    }
}

impl From<&Connection> for ListedConnection {
    fn from(c: &Connection) -> Self {
        ListedConnection::from(c.clone())
    }
}

/// `items` by id, for looking up a batch's targets.
pub fn by_id(items: &[ListedConnection]) -> std::collections::HashMap<&str, &ListedConnection> {
    items.iter().map(|c| (c.id(), c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, space: &str) -> Connection {
        Connection {
            q_id: id.into(),
            id: Some(id.into()),
            q_name: format!("name {id}"),
            q_type: "QvOdbcConnectorPackage.exe".into(),
            datasource_id: Some("postgres".into()),
            space: Some(space.into()),
            user: Some("u-bob".into()),
            privileges: Some(vec!["read".into(), "delete".into()]),
            tenant: Some("t-1".into()),
            ..Default::default()
        }
    }

    #[test]
    fn repeated_strings_are_kept_once_and_the_tenant_names_stay() {
        let mut strings = Interner::default();
        let a = ListedConnection::new(conn("a", "sp-fin"), &mut strings);
        let b = ListedConnection::new(conn("b", "sp-fin"), &mut strings);
        let c = ListedConnection::new(conn("c", "sp-hr"), &mut strings);
        assert!(Arc::ptr_eq(
            a.space.as_ref().unwrap(),
            b.space.as_ref().unwrap()
        ));
        assert!(!Arc::ptr_eq(
            a.space.as_ref().unwrap(),
            c.space.as_ref().unwrap()
        ));
        assert!(Arc::ptr_eq(&a.q_type, &c.q_type));
        assert!(Arc::ptr_eq(
            a.privileges.as_ref().unwrap(),
            c.privileges.as_ref().unwrap()
        ));
        assert_eq!((a.id(), a.space_id()), ("a", Some("sp-fin")));
        // serialised under the tenant's names (what a deep filter searches before the GET)
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["qID"], "a");
        assert_eq!(json["datasourceID"], "postgres");
        assert_eq!(json["privileges"][1], "delete");
        assert!(json.get("tenant").is_none(), "the list keeps what it uses");
    }
}
