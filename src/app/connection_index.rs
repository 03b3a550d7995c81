//! What is derived from the listed connections and kept up to date page by page, so a page of
//! a walk costs its own connections whatever was loaded before: the ids listed (a page drops
//! ids already listed) and the credentials the connections reference (first-seen order, with
//! how many listed connections use each).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use super::listed::{Interner, ListedConnection};
use crate::api::models::Connection;

/// A credential referenced by listed connections, known first by id (and maybe name).
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialUse {
    pub id: String,
    pub name: Option<String>,
    pub data_source: Option<Arc<str>>,
    /// Listed connections that use it.
    pub connections: usize,
}

/// Positions in a list by the hash of an id, the id itself kept only by the list: an id is
/// hashed once (the hash is kept, so growing the table hashes nothing again) and never copied.
/// The hasher is seeded at random (tenant ids are hostile input: no one can pick ids that
/// collide); a hit is confirmed against the id in the list, so a collision costs a compare.
#[derive(Debug, Clone, Default)]
struct Positions {
    hasher: DefaultHashBuilder,
    table: HashTable<(u64, usize)>,
}

impl Positions {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The position of `id` (hashed as `hash`), or `at` recorded as its position.
    fn find_or_insert(
        &mut self,
        hash: u64,
        at: usize,
        is_id: impl Fn(usize) -> bool,
    ) -> Result<usize, usize> {
        let eq = |&(h, i): &(u64, usize)| h == hash && is_id(i);
        match self.table.entry(hash, eq, |&(h, _)| h) {
            Entry::Occupied(e) => Ok(e.get().1),
            Entry::Vacant(e) => {
                e.insert((hash, at));
                Err(at)
            }
        }
    }

    fn clear(&mut self) {
        self.table.clear();
    }

    fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit(|&(h, _)| h);
    }
}

#[derive(Debug, Clone, Default)]
pub struct ConnectionIndex {
    /// Listed connections by id.
    ids: Positions,
    /// Connections the positions were taken from (a change elsewhere is caught by the count).
    indexed: usize,
    /// Referenced credentials by credential id.
    credentials: Positions,
    /// Referenced credentials the positions were taken from.
    referenced: usize,
    /// The strings the listed connections share (kept across a rebuild: they stay valid).
    strings: Interner,
}

/// What an append changed in the referenced credentials.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CredentialChanges {
    /// Credentials referenced for the first time start here (they are at the end).
    pub new_from: usize,
    /// Credentials seen before whose count of connections grew.
    pub counted: Vec<usize>,
}

impl ConnectionIndex {
    /// From scratch, for a list changed other than by appending a page: the index and the
    /// referenced credentials.
    pub fn rebuild(connections: &[ListedConnection]) -> (ConnectionIndex, Vec<CredentialUse>) {
        let mut index = ConnectionIndex::default();
        index.index_again(connections);
        let mut referenced = Vec::new();
        index.count_credentials(connections, &mut referenced);
        (index, referenced)
    }

    /// The ids of `connections` indexed again (the hashers and the strings kept).
    fn index_again(&mut self, connections: &[ListedConnection]) {
        self.ids.clear();
        self.credentials.clear();
        self.referenced = 0;
        for (at, c) in connections.iter().enumerate() {
            let hash = self.ids.hash(c.id());
            // a list changed elsewhere may hold an id twice: the first one is found
            let _ = self
                .ids
                .find_or_insert(hash, at, |i| connections[i].id() == c.id());
        }
        self.indexed = connections.len();
    }

    /// Appends the connections of `page` that are not listed yet to `connections` (lean, their
    /// repeated strings shared), and counts their credentials into `referenced`.
    pub fn append(
        &mut self,
        connections: &mut Vec<ListedConnection>,
        referenced: &mut Vec<CredentialUse>,
        page: Vec<Connection>,
    ) -> CredentialChanges {
        if self.indexed != connections.len() || self.referenced != referenced.len() {
            // changed elsewhere since: start again (a change outside a walk rebuilds anyway)
            self.index_again(connections);
            referenced.clear();
            self.count_credentials(connections, referenced);
        }
        let from = connections.len();
        connections.reserve(page.len());
        for c in page {
            let listed = &*connections;
            let hash = self.ids.hash(c.id());
            let at = listed.len();
            if self
                .ids
                .find_or_insert(hash, at, |i| listed[i].id() == c.id())
                .is_ok()
            {
                continue;
            }
            connections.push(ListedConnection::new(c, &mut self.strings));
        }
        self.indexed = connections.len();
        let new_from = referenced.len();
        let counted = self.count_credentials(&connections[from..], referenced);
        CredentialChanges {
            new_from,
            counted: counted.into_iter().filter(|&i| i < new_from).collect(),
        }
    }

    /// A walk is over: what growing the tables page by page reserved is given back.
    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.credentials.shrink_to_fit();
    }

    /// Counts the credentials of `connections` into `referenced`; the positions counted again
    /// (those referenced before, not the new ones).
    fn count_credentials(
        &mut self,
        connections: &[ListedConnection],
        referenced: &mut Vec<CredentialUse>,
    ) -> Vec<usize> {
        let mut counted = Vec::new();
        for c in connections {
            let Some(id) = c.credential_id() else {
                continue;
            };
            let hash = self.credentials.hash(id);
            let known = &*referenced;
            let at = match self
                .credentials
                .find_or_insert(hash, known.len(), |i| known[i].id == id)
            {
                Ok(i) => {
                    referenced[i].connections += 1;
                    i
                }
                Err(_) => {
                    referenced.push(CredentialUse {
                        id: id.to_string(),
                        name: c.q_credentials_name.clone(),
                        data_source: c.datasource_id.clone(),
                        connections: 1,
                    });
                    continue;
                }
            };
            if counted.last() != Some(&at) {
                counted.push(at);
            }
        }
        self.referenced = referenced.len();
        counted.sort_unstable();
        counted.dedup();
        counted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, credential: Option<&str>) -> Connection {
        Connection {
            q_id: id.into(),
            id: Some(id.into()),
            q_name: format!("name {id}"),
            q_credentials_id: credential.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn pages_append_new_ids_once_and_count_credentials_in_first_seen_order() {
        let (mut index, mut referenced) = ConnectionIndex::rebuild(&[]);
        let mut listed = Vec::new();
        let first = vec![
            conn("a", Some("k1")),
            conn("b", Some("k2")),
            conn("c", None),
        ];
        let changes = index.append(&mut listed, &mut referenced, first);
        assert_eq!(changes.new_from, 0);
        assert!(changes.counted.is_empty());
        // "b" again (the tenant's cursor shifted), "d" uses k1 again, "e" a new credential
        let second = vec![
            conn("b", Some("k2")),
            conn("d", Some("k1")),
            conn("e", Some("k3")),
        ];
        let changes = index.append(&mut listed, &mut referenced, second);
        let ids: Vec<&str> = listed.iter().map(ListedConnection::id).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
        assert_eq!(changes.new_from, 2);
        assert_eq!(
            changes.counted,
            vec![0],
            "k1 is used by one more connection"
        );
        let uses: Vec<(&str, usize)> = referenced
            .iter()
            .map(|r| (r.id.as_str(), r.connections))
            .collect();
        assert_eq!(uses, [("k1", 2), ("k2", 1), ("k3", 1)]);
        // the same as counting everything from scratch
        let (_, again) = ConnectionIndex::rebuild(&listed);
        assert_eq!(again, referenced);
    }

    #[test]
    fn a_list_changed_elsewhere_is_indexed_again_before_a_page() {
        let mut listed = vec![ListedConnection::from(conn("a", Some("k1")))];
        let (mut index, mut referenced) = ConnectionIndex::rebuild(&listed);
        // a connection created while the walk was paused, then listed by a later page
        listed.push(conn("new", Some("k9")).into());
        index.append(
            &mut listed,
            &mut referenced,
            vec![conn("new", Some("k9")), conn("b", None)],
        );
        let ids: Vec<&str> = listed.iter().map(ListedConnection::id).collect();
        assert_eq!(ids, ["a", "new", "b"]);
        assert_eq!(referenced.len(), 2);
        assert_eq!(referenced[1].connections, 1);
    }
}
