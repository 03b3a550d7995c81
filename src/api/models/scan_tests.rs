use proptest::prelude::*;

use super::*;
use crate::api::models::listing::read_by_serde;
use crate::api::models::read_listing_page;

/// A connection as the demo tenant (and Qlik Cloud) lists it, its connect statement quoted.
fn entry(id: &str) -> String {
    format!(
        r#"{{"created":"2024-03-07T13:36:00.000Z","datasourceID":"File_AmazonS3ConnectorV2","id":"{id}","links":{{"self":{{"href":"http://127.0.0.1/api/v1/data-connections/{id}"}}}},"privileges":["change_owner","delete","list","read","update"],"qArchitecture":0,"qConnectStatement":"CUSTOM CONNECT TO \"provider=QvWebConnectorPackage.exe;bucketName=acme-hr-04;\"","qCredentialsID":"6d7668c9","qEngineObjectID":"{id}","qID":"{id}","qLogOn":1,"qName":"HR_\u00e9_{id} \\ \/","qSeparateCredentials":false,"qType":"QvWebStorageProviderConnectorPackage.exe","space":"65cf6ba4","tags":["DcaasAPI:4.46.0"],"tenant":"BL4tTJ4S","updated":"2024-03-07T13:36:00.000Z","user":"637390ef","version":"V1"}}"#
    )
}

fn body(entries: &[String]) -> String {
    format!(
        r#"{{"data":[{}],"meta":{{"count":1007}},"links":{{"self":{{"href":"/api/v1/data-connections?limit=100"}},"next":{{"href":"/api/v1/data-connections?limit=100&page=ZGM"}}}}}}"#,
        entries.join(",")
    )
}

/// A page as the tenant sends it is read in the plain pass, into what serde reads: escapes
/// decoded, the page's count and next link kept.
#[test]
fn a_tenant_page_is_read_in_one_pass_as_serde_reads_it() {
    let page = body(&[entry("c1"), entry("c2")]);
    let scanned = scan_page(page.as_bytes()).expect("a plain page is read in one pass");
    assert_eq!(scanned, read_by_serde(page.as_bytes()).unwrap().0);
    let c = &scanned.data[1];
    assert_eq!(
        c.q_connect_statement.as_deref(),
        Some(r#"CUSTOM CONNECT TO "provider=QvWebConnectorPackage.exe;bucketName=acme-hr-04;""#)
    );
    assert_eq!(c.q_name, "HR_\u{e9}_c2 \\ /");
    assert_eq!(c.privileges.as_ref().map(Vec::len), Some(5));
    assert_eq!(scanned.meta.and_then(|m| m.count), Some(1007));
    let next = scanned.links.and_then(|l| l.next).map(|n| n.href);
    assert_eq!(
        next.as_deref(),
        Some("/api/v1/data-connections?limit=100&page=ZGM")
    );
    // pretty-printed too
    let value: serde_json::Value = serde_json::from_str(&page).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let scanned_pretty = scan_page(pretty.as_bytes()).expect("whitespace is plain");
    assert_eq!(
        scanned_pretty.data,
        read_by_serde(page.as_bytes()).unwrap().0.data
    );
}

/// Whatever the scan is not sure of goes to serde: a bad entry is still skipped and said; a
/// hostile nesting neither overflows the stack nor panics.
#[test]
fn a_page_the_scan_is_not_sure_of_is_read_by_serde_with_the_same_message() {
    let bad = r#"{"qID":"c9","qName":"Bad","tags":[5]}"#.to_string();
    let page = body(&[entry("c1"), bad]);
    assert!(scan_page(page.as_bytes()).is_none());
    let read = read_listing_page(page.as_bytes()).unwrap().0;
    assert_eq!((read.data.len(), read.skipped.count), (1, 1));
    assert_eq!(
        read.skipped,
        read_by_serde(page.as_bytes()).unwrap().0.skipped
    );
    let deep = format!(
        r#"{{"qID":"d","qName":"Deep","x":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let page = body(&[entry("c1"), deep]);
    assert!(
        scan_page(page.as_bytes()).is_none(),
        "too deep for the scan"
    );
    let read = read_listing_page(page.as_bytes()).unwrap().0;
    // serde steps over an unknown value of any depth: both are listed
    assert_eq!((read.data.len(), read.skipped.count), (2, 0));
    for odd in [
        &b"{\"data\":[]} x"[..],
        b"{\"data\":[],\"data\":[]}",
        b"{\"data\":null}",
        b"[]",
        b"\xff",
        b"",
    ] {
        assert!(scan_page(odd).is_none(), "{odd:?}");
    }
}

/// Values of every kind, fitting or not, for any field.
const VALUES: &[&str] = &[
    r#""plain""#,
    r#""q \" b \\ s \/ n \n t \t b \b f \f r \r""#,
    r#""\u00e9 \ud83d\ude00 \u0041""#,
    r#""\ud800""#,
    r#""bad \x""#,
    r#""é ü 中""#,
    "\"tab\there\"",
    "\"ctl\u{1}\"",
    r#""""#,
    "null",
    "0",
    "-0",
    "12",
    "1.5",
    "1e3",
    "-2E-2",
    "01",
    "1.",
    "-",
    "99999999999999999999",
    "-9223372036854775808",
    "9223372036854775808",
    "true",
    "false",
    "nul",
    "[]",
    r#"["a","b"]"#,
    r#"["a" , "\n"]"#,
    "[1]",
    r#"["a",]"#,
    "{}",
    r#"{"self":{"href":"/x"}}"#,
    r#"{"a":[1,{"b":null}],"c":"d"}"#,
    r#"{"a":1,}"#,
    r#"{"a" 1}"#,
    "[[[[[[]]]]]]",
    "[[[[[[]]]]]",
];

fn keys() -> Vec<String> {
    let mut keys: Vec<String> = FIELDS.iter().map(|f| f.to_string()).collect();
    keys.extend(["unknown", r"q\u0049D", r"qN\u0061me", "qid", ""].map(String::from));
    keys
}

fn arb_entry() -> impl Strategy<Value = String> {
    let member = (0..keys().len(), 0..VALUES.len(), 0..3usize);
    (any::<bool>(), prop::collection::vec(member, 0..8)).prop_map(|(named, members)| {
        let keys = keys();
        let mut parts: Vec<String> = Vec::new();
        if named {
            parts.push(r#""qID":"x","qName":"n""#.into());
        }
        for (k, v, ws) in members {
            let ws = [" ", "", "\n\t "][ws];
            parts.push(format!("\"{}\"{ws}:{ws}{}", keys[k], VALUES[v]));
        }
        format!("{{{}}}", parts.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The scan reads a page as serde does, or leaves it to serde: never another result.
    #[test]
    fn the_scan_reads_what_serde_reads_or_nothing(
        entries in prop::collection::vec(arb_entry(), 0..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut page = body(&entries).into_bytes();
        if truncate {
            page.truncate(cut.index(page.len() + 1));
        }
        let serde = read_by_serde(&page).ok().map(|p| p.0);
        if let Some(scanned) = scan_page(&page) {
            prop_assert_eq!(Some(scanned), serde);
        }
        // and the page as qdc reads it is serde's
        let read = read_listing_page(&page).ok().map(|p| p.0);
        prop_assert_eq!(read, read_by_serde(&page).ok().map(|p| p.0));
    }
}
