//! A page of the connections walk read in one plain pass over its text: what serde's one pass
//! (`PageWire<ListedEntry>`) gives, at a fraction of the instructions. The body is checked as
//! UTF-8 once (serde checks every string on its own), the strings a list keeps are copied once
//! and those it drops are only stepped over.
//!
//! It never decides anything serde would decide otherwise: whatever is not plain (an entry
//! that does not fit, a duplicate key, a number that is not an `i64`, nesting deeper than
//! [`MAX_DEPTH`], a string serde would refuse) gives `None`, and the page is read by serde as
//! before, with the same entries kept, skipped and said. Escapes are decoded by serde itself.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use super::common::Skipped;
use super::connections::{Connection, ConnectionsPage};

/// Deeper than this, the scan gives up (serde's own limit is 128).
const MAX_DEPTH: u32 = 64;

/// The page in `body`, or `None` when serde must read it.
pub(super) fn scan_page(body: &[u8]) -> Option<ConnectionsPage> {
    let text = std::str::from_utf8(body).ok()?;
    let mut s = Scan {
        text,
        b: body,
        i: 0,
        // a body without control bytes (compact JSON) has none in its strings either
        controls: has_control_bytes(body),
    };
    let page = s.page()?;
    s.ws();
    (s.i == body.len()).then_some(page)
}

/// Whether any byte is below 0x20 (whitespace between tokens, or a string serde refuses).
fn has_control_bytes(body: &[u8]) -> bool {
    // the least byte of whole chunks (no early exit inside one): wide compares
    body.chunks(256)
        .any(|c| c.iter().fold(u8::MAX, |least, &b| least.min(b)) < 0x20)
}

struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    controls: bool,
}

/// The fields of an entry the scan knows, in the order tenants send them (Qlik's, the demo
/// tenant's), so the next key is almost always the one after the last.
const FIELDS: [&str; 24] = [
    "created",
    "datasourceID",
    "id",
    "links",
    "privileges",
    "qArchitecture",
    "qConnectStatement",
    "qConnectionSecret",
    "qCredentialsID",
    "qCredentialsName",
    "qEngineObjectID",
    "qID",
    "qLogOn",
    "qName",
    "qSeparateCredentials",
    "qType",
    "qri",
    "space",
    "tags",
    "tenant",
    "updated",
    "user",
    "version",
    "connectionProperties",
];
const CREATED: usize = 0;
const DATASOURCE_ID: usize = 1;
const ID: usize = 2;
const LINKS: usize = 3;
const PRIVILEGES: usize = 4;
const Q_ARCHITECTURE: usize = 5;
const Q_CONNECT_STATEMENT: usize = 6;
const Q_CONNECTION_SECRET: usize = 7;
const Q_CREDENTIALS_ID: usize = 8;
const Q_CREDENTIALS_NAME: usize = 9;
const Q_ENGINE_OBJECT_ID: usize = 10;
const Q_ID: usize = 11;
const Q_LOG_ON: usize = 12;
const Q_NAME: usize = 13;
const Q_SEPARATE_CREDENTIALS: usize = 14;
const Q_TYPE: usize = 15;
const QRI: usize = 16;
const SPACE: usize = 17;
const TAGS: usize = 18;
const TENANT: usize = 19;
const UPDATED: usize = 20;
const USER: usize = 21;
const VERSION: usize = 22;
const CONNECTION_PROPERTIES: usize = 23;

/// A string with a `\u` escape, left to serde.
struct Unicode;

/// The text of a string's escapes decoded, as JSON (and serde) decode them; `None` for an
/// escape JSON does not have.
fn unescape(inner: &str) -> Option<Result<String, Unicode>> {
    let b = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'\\', &b[from..]).map(|k| from + k) {
        out.push_str(inner.get(from..at)?);
        out.push(match b.get(at + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return Some(Err(Unicode)),
            _ => return None,
        });
        from = at + 2;
    }
    out.push_str(inner.get(from..)?);
    Some(Ok(out))
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.ws();
        let end = self.i + word.len();
        (self.b.get(self.i..end)? == word).then(|| self.i = end)
    }

    /// `null`, consumed; false (nothing consumed) for anything else.
    fn null(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            return Some(true);
        }
        Some(false)
    }

    /// A string at the cursor, decoded (borrowed from the body when it has no escapes).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            let at = self.i + memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)?;
            if self.b[at] == b'"' {
                self.i = at + 1;
                break;
            }
            escaped = true;
            // the escaped byte is stepped over; serde checks the escape below
            self.i = at + 2;
        }
        let inner = self.text.get(start..self.i - 1)?;
        if self.controls && inner.bytes().any(|b| b < 0x20) {
            return None;
        }
        if !escaped {
            return Some(Cow::Borrowed(inner));
        }
        match unescape(inner) {
            Some(Ok(text)) => Some(Cow::Owned(text)),
            Some(Err(Unicode)) => {
                // `\u` escapes (surrogate pairs and all) are serde's to decode
                let quoted = self.text.get(start - 1..self.i)?;
                serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
            }
            None => None,
        }
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        if self.null()? {
            return Some(None);
        }
        Some(Some(self.string()?.into_owned()))
    }

    /// A string or `null`, checked and dropped.
    fn opt_unkept_string(&mut self) -> Option<()> {
        if !self.null()? {
            self.string()?;
        }
        Some(())
    }

    /// `null` or an array of strings; `keep` gets each.
    fn opt_strings(&mut self, mut keep: impl FnMut(Cow<'a, str>)) -> Option<bool> {
        if self.null()? {
            return Some(false);
        }
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(true);
        }
        loop {
            keep(self.string()?);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(true);
                }
                _ => return None,
            }
        }
    }

    fn opt_bool(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b'n' => self.literal(b"null").map(|()| None),
            b't' => self.literal(b"true").map(|()| Some(true)),
            b'f' => self.literal(b"false").map(|()| Some(false)),
            _ => None,
        }
    }

    /// A JSON number's text, checked against the grammar.
    fn number(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.i;
        let digits = |s: &mut Self| {
            let from = s.i;
            while s.b.get(s.i).is_some_and(u8::is_ascii_digit) {
                s.i += 1;
            }
            (s.i > from).then_some(())
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.b.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else {
            digits(self)?;
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            digits(self)?;
        }
        self.text.get(start..self.i)
    }

    /// `null` or an integer that fits an `i64` (what serde takes for one).
    fn opt_i64(&mut self) -> Option<()> {
        if !self.null()? {
            self.number()?.parse::<i64>().ok()?;
        }
        Some(())
    }

    /// `null` or an object, whatever its members.
    fn opt_object(&mut self) -> Option<()> {
        if !self.null()? {
            if self.peek()? != b'{' {
                return None;
            }
            self.value()?;
        }
        Some(())
    }

    /// Any JSON value, checked and stepped over (a loop, not a recursion: a hostile depth
    /// costs no stack).
    fn value(&mut self) -> Option<()> {
        // bit n set: the container at depth n+1 is an object
        let mut objects: u64 = 0;
        let mut depth: u32 = 0;
        loop {
            match self.peek()? {
                open @ (b'{' | b'[') => {
                    self.i += 1;
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    let is_object = open == b'{';
                    objects = (objects << 1) | u64::from(is_object);
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek()? == close {
                        self.i += 1;
                        objects >>= 1;
                        depth -= 1;
                    } else {
                        if is_object {
                            self.member_key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                _ => {
                    self.number()?;
                }
            }
            // after a value: close what ends here, or go on to the next member
            loop {
                if depth == 0 {
                    return Some(());
                }
                let in_object = objects & 1 == 1;
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        if in_object {
                            self.member_key()?;
                        }
                        break;
                    }
                    b'}' if in_object => {}
                    b']' if !in_object => {}
                    _ => return None,
                }
                self.i += 1;
                objects >>= 1;
                depth -= 1;
            }
        }
    }

    /// An object member's key and its colon.
    fn member_key(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// The members of an object at the cursor, each handed to `member` after its key.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            let key = self.member_key()?;
            member(self, &key)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A value at the cursor decoded by serde from its text (the page's small parts).
    fn by_serde<T: DeserializeOwned>(&mut self) -> Option<T> {
        self.ws();
        let start = self.i;
        self.value()?;
        serde_json::from_str(self.text.get(start..self.i)?).ok()
    }

    fn page(&mut self) -> Option<ConnectionsPage> {
        let mut page = ConnectionsPage::default();
        let mut seen = [false; 4];
        self.object(|s, key| {
            let at = ["data", "meta", "links", "errors"]
                .iter()
                .position(|k| *k == key);
            if let Some(at) = at {
                if std::mem::replace(&mut seen[at], true) {
                    return None;
                }
            }
            match at {
                Some(0) => s.entries(&mut page.data),
                Some(1) => s.by_serde().map(|m| page.meta = m),
                Some(2) => s.by_serde().map(|l| page.links = l),
                Some(3) => s.by_serde().map(|e| page.errors = e),
                _ => s.value(),
            }
        })?;
        page.skipped = Skipped::default();
        Some(page)
    }

    fn entries(&mut self, data: &mut Vec<Connection>) -> Option<()> {
        self.eat(b'[')?;
        // well under a kilobyte an entry: room for the page at once (a page a little short of
        // 100 KB grew its vector of 100 once, a copy of 60 KB), bounded whatever the body
        data.reserve((self.b.len() / 640).clamp(1, 1000));
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            data.push(self.entry()?);
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// One connection, as serde reads a `ListedEntry`: each known field once, with its type.
    fn entry(&mut self) -> Option<Connection> {
        let mut c = Connection::default();
        let mut seen: u32 = 0;
        let mut next = 0;
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            return None; // no qID, no qName
        }
        loop {
            // the field after the last one, or one of the two after it (optional ones absent)
            let expected = (next..next + 3).find(|&f| self.is_key(f));
            let field = match self.expected_key(expected)? {
                Some(f) => Some(f),
                None => {
                    let key = self.member_key()?;
                    FIELDS.iter().position(|f| *f == key)
                }
            };
            match field {
                Some(f) if seen & (1 << f) != 0 => return None,
                Some(f) => {
                    seen |= 1 << f;
                    next = f + 1;
                    self.field(&mut c, f)?;
                }
                None => self.value()?,
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => break,
                _ => return None,
            }
        }
        self.i += 1;
        // qID and qName have no default
        (seen & (1 << Q_ID) != 0 && seen & (1 << Q_NAME) != 0).then_some(c)
    }

    /// Whether the next key is plainly the name of `field` (nothing consumed).
    fn is_key(&mut self, field: usize) -> bool {
        let Some(name) = FIELDS.get(field).map(|f| f.as_bytes()) else {
            return false;
        };
        self.ws();
        let key = self.b.get(self.i..self.i + name.len() + 2);
        key.is_some_and(|k| k[0] == b'"' && &k[1..=name.len()] == name && k[name.len() + 1] == b'"')
    }

    /// `Some(field)`, its key and colon consumed, when [`Scan::is_key`] found it; `Some(None)`
    /// (nothing consumed) for another key.
    fn expected_key(&mut self, field: Option<usize>) -> Option<Option<usize>> {
        let Some(field) = field else {
            return Some(None);
        };
        self.i += FIELDS[field].len() + 2;
        self.eat(b':')?;
        Some(Some(field))
    }

    /// The value of `field` (its position in [`FIELDS`]).
    fn field(&mut self, c: &mut Connection, field: usize) -> Option<()> {
        let text = |s: &mut Self, to: &mut Option<String>| s.opt_string().map(|v| *to = v);
        let name = |s: &mut Self, to: &mut String| s.string().map(|v| *to = v.into_owned());
        match field {
            CREATED => text(self, &mut c.created),
            DATASOURCE_ID => text(self, &mut c.datasource_id),
            ID => text(self, &mut c.id),
            PRIVILEGES => {
                let mut list = Vec::with_capacity(8);
                let some = self.opt_strings(|p| list.push(p.into_owned()))?;
                c.privileges = some.then_some(list);
                Some(())
            }
            Q_CONNECT_STATEMENT => text(self, &mut c.q_connect_statement),
            Q_CREDENTIALS_ID => text(self, &mut c.q_credentials_id),
            Q_CREDENTIALS_NAME => text(self, &mut c.q_credentials_name),
            Q_ID => name(self, &mut c.q_id),
            Q_NAME => name(self, &mut c.q_name),
            Q_SEPARATE_CREDENTIALS => self.opt_bool().map(|v| c.q_separate_credentials = v),
            Q_TYPE => name(self, &mut c.q_type),
            SPACE => text(self, &mut c.space),
            UPDATED => text(self, &mut c.updated),
            USER => text(self, &mut c.user),
            LINKS | CONNECTION_PROPERTIES => self.opt_object(),
            Q_ARCHITECTURE => self.opt_i64(),
            // an integer or a string (`IntOrString`)
            Q_LOG_ON => match self.peek()? {
                b'"' | b'n' => self.opt_unkept_string(),
                _ => self.opt_i64(),
            },
            TAGS => self.opt_strings(|_| ()).map(|_| ()),
            Q_CONNECTION_SECRET | Q_ENGINE_OBJECT_ID | QRI | TENANT | VERSION => {
                self.opt_unkept_string()
            }
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
