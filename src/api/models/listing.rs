//! A page of the connections walk as a list keeps it: each entry decoded into the fields a
//! listed connection uses, the others checked for their type and dropped as they are read.
//!
//! Why not [`ConnectionsPage`]: [`Connection`] keeps the fields it does not know
//! (`#[serde(flatten)]`), and for that serde first buffers every key and value of an entry as
//! owned values and decodes the struct from the buffer: at 100k connections that was a
//! quarter of qdc's CPU and most of its allocations, all for fields the list drops
//! (`app::listed::ListedConnection`). An entry is still skipped, with the same message, when a
//! field qdc knows has the wrong type.

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::common::*;
use super::connections::{Connection, ConnectionsPage, PageWire};

/// One page of `GET /api/v1/data-connections` for a list: its connections carry what a list
/// shows and acts on (ids, names, type, data source, space, owner, times, credential, connect
/// statement, privileges); the rest of each object is fetched when it is looked at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListingPage(pub ConnectionsPage);

impl<'de> Deserialize<'de> for ListingPage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut w = PageWire::<Box<serde_json::value::RawValue>>::deserialize(d)?;
        let (entries, skipped) = decode_raw_entries::<ListedEntry>(std::mem::take(&mut w.data));
        let data = entries.into_iter().map(Connection::from).collect();
        Ok(ListingPage(w.with(data, skipped)))
    }
}

/// A [`ListingPage`] from its body: in one plain pass when every entry fits (as almost
/// always), else by serde entry by entry (each kept as its text first, so a bad one is
/// skipped and said).
pub fn read_listing_page(body: &[u8]) -> serde_json::Result<ListingPage> {
    match super::scan::scan_page(body) {
        Some(page) => Ok(ListingPage(page)),
        None => read_by_serde(body),
    }
}

/// [`read_listing_page`] by serde: its one pass, else entry by entry.
pub(super) fn read_by_serde(body: &[u8]) -> serde_json::Result<ListingPage> {
    match serde_json::from_slice::<PageWire<ListedEntry>>(body) {
        Ok(mut w) => {
            let data = std::mem::take(&mut w.data)
                .into_iter()
                .map(Connection::from)
                .collect();
            Ok(ListingPage(w.with(data, Skipped::default())))
        }
        Err(_) => serde_json::from_slice(body),
    }
}

/// The fields of [`Connection`] under the same names and types; those a list does not keep
/// are [`Unkept`].
#[derive(Deserialize)]
struct ListedEntry {
    #[serde(default)]
    created: Option<String>,
    #[serde(rename = "datasourceID", default)]
    datasource_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    privileges: Option<Vec<String>>,
    #[serde(rename = "qConnectStatement", default)]
    q_connect_statement: Option<String>,
    #[serde(rename = "qCredentialsID", default)]
    q_credentials_id: Option<String>,
    #[serde(rename = "qCredentialsName", default)]
    q_credentials_name: Option<String>,
    #[serde(rename = "qID")]
    q_id: String,
    #[serde(rename = "qName")]
    q_name: String,
    #[serde(rename = "qSeparateCredentials", default)]
    q_separate_credentials: Option<bool>,
    #[serde(rename = "qType", default)]
    q_type: String,
    #[serde(default)]
    space: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    user: Option<String>,
    // checked, not kept
    #[serde(default, rename = "links")]
    _links: Option<Unkept<Object>>,
    #[serde(default, rename = "qArchitecture")]
    _q_architecture: Option<i64>,
    #[serde(default, rename = "qConnectionSecret")]
    _q_connection_secret: Option<Unkept<Text>>,
    #[serde(default, rename = "qEngineObjectID")]
    _q_engine_object_id: Option<Unkept<Text>>,
    #[serde(default, rename = "qLogOn")]
    _q_log_on: Option<IntOrString>,
    #[serde(default, rename = "qri")]
    _qri: Option<Unkept<Text>>,
    #[serde(default, rename = "tags")]
    _tags: Option<Vec<Unkept<Text>>>,
    #[serde(default, rename = "tenant")]
    _tenant: Option<Unkept<Text>>,
    #[serde(default, rename = "version")]
    _version: Option<Unkept<Text>>,
    #[serde(default, rename = "connectionProperties")]
    _connection_properties: Option<Unkept<Object>>,
}

impl From<ListedEntry> for Connection {
    fn from(e: ListedEntry) -> Connection {
        Connection {
            created: e.created,
            datasource_id: e.datasource_id,
            id: e.id,
            privileges: e.privileges,
            q_connect_statement: e.q_connect_statement,
            q_credentials_id: e.q_credentials_id,
            q_credentials_name: e.q_credentials_name,
            q_id: e.q_id,
            q_name: e.q_name,
            q_separate_credentials: e.q_separate_credentials,
            q_type: e.q_type,
            space: e.space,
            updated: e.updated,
            user: e.user,
            ..Connection::default()
        }
    }
}

/// A value of kind `K` read and dropped without being built (a `Vec` of these allocates
/// nothing: the type has no size).
struct Unkept<K>(std::marker::PhantomData<K>);

/// A string.
struct Text;
/// A JSON object, whatever its members.
struct Object;

impl<'de> Deserialize<'de> for Unkept<Text> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<(), E> {
                Ok(())
            }
        }
        d.deserialize_str(V)
            .map(|()| Unkept(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Unkept<Object> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
        d.deserialize_map(V)
            .map(|()| Unkept(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(entries: &str) -> ListingPage {
        let body = format!(r#"{{"data":[{entries}],"links":{{"next":{{"href":"/n"}}}}}}"#);
        serde_json::from_str(&body).unwrap()
    }

    /// What a list keeps of an entry is what the full decoding gives; an entry whose known
    /// field has the wrong type is skipped by both, with the same message.
    #[test]
    fn a_listed_entry_keeps_what_the_list_uses_and_is_skipped_as_the_full_one_is() {
        let good = r#"{"qID":"c1","id":"c1","qName":"Sales","qType":"x.exe","datasourceID":"postgres",
            "space":"sp","user":"u","created":"2024-01-01T00:00:00Z","qCredentialsID":"k",
            "privileges":["read"],"tags":["a"],"links":{"self":{"href":"/c1"}},"qLogOn":1,
            "tenant":"t","qri":"q","connectionProperties":{"host":"h"},"unknown":{"deep":[1]}}"#;
        let bad_tag = r#"{"qID":"c2","qName":"Bad","tags":[5]}"#;
        let bad_link = r#"{"qID":"c3","qName":"Bad","links":"x"}"#;
        let listed = page(&format!("{good},{bad_tag},{bad_link}")).0;
        let full: ConnectionsPage = serde_json::from_str(&format!(
            r#"{{"data":[{good},{bad_tag},{bad_link}],"links":{{"next":{{"href":"/n"}}}}}}"#
        ))
        .unwrap();
        assert_eq!(listed.data.len(), 1);
        assert_eq!((listed.skipped.count, full.skipped.count), (2, 2));
        assert_eq!(listed.skipped.first, full.skipped.first);
        let (l, f) = (&listed.data[0], &full.data[0]);
        assert_eq!(
            (
                &l.q_id,
                &l.q_name,
                &l.q_type,
                &l.datasource_id,
                &l.space,
                &l.user
            ),
            (
                &f.q_id,
                &f.q_name,
                &f.q_type,
                &f.datasource_id,
                &f.space,
                &f.user
            )
        );
        assert_eq!((&l.created, &l.privileges), (&f.created, &f.privileges));
        assert_eq!(l.q_credentials_id, f.q_credentials_id);
        assert!(
            l.tags.is_none() && l.extra.is_empty(),
            "the rest is not kept"
        );
        assert_eq!(listed.links, full.links);
        // read from a body: the one pass when all fit, entry by entry when one does not
        let body = |entries: &str| format!(r#"{{"data":[{entries}],"meta":{{"count":3}}}}"#);
        let fast = read_listing_page(body(good).as_bytes()).unwrap().0;
        assert_eq!((fast.data.len(), fast.skipped.count), (1, 0));
        assert_eq!(fast.data[0], listed.data[0]);
        assert_eq!(fast.meta.and_then(|m| m.count), Some(3));
        let mixed = read_listing_page(body(&format!("{good},{bad_tag}")).as_bytes());
        let mixed = mixed.unwrap().0;
        assert_eq!((mixed.data.len(), mixed.skipped.count), (1, 1));
        assert_eq!(mixed.skipped.first, full.skipped.first);
        assert!(read_listing_page(b"{\"data\": 5}").is_err());
    }
}
