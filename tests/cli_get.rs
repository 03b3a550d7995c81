//! `qdc get` / `qdc describe` through the real binary without a terminal (stdin and stdout are
//! pipes), against `qdc demo-server`: JSON is what the tenant sent, tables pipe cleanly, the
//! tenant flags work before and after the subcommand, and the exit codes are the documented ones.

mod common;

use std::process::{Command, Output, Stdio};

use common::{DemoTenant, QDC};
use serde_json::{json, Value};

/// `qdc ARGS` with the key in `QLIK_API_KEY`, no config, no terminal.
fn qdc(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(QDC)
        .args(args)
        .env("QLIK_API_KEY", "demo")
        .env("HOME", home.path())
        .env("QDC_CONFIG_DIR", home.path().join("qdc"))
        .env_remove("QLIK_CLIENT_ID")
        .env_remove("QLIK_CLIENT_SECRET")
        .stdin(Stdio::null())
        .output()
        .expect("qdc runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn get_connections_json_is_the_tenants_items_as_one_array() {
    let demo = DemoTenant::start_with(&["--connections", "150"]);
    let out = stdout(&qdc(&[
        "get",
        "connections",
        "-o",
        "json",
        "--server",
        &demo.url,
    ]));
    let ours: Value = serde_json::from_str(&out).expect("one JSON document");
    // the tenant's own pages, walked by hand
    let mut theirs = Vec::new();
    let mut path = "/api/v1/data-connections?limit=100".to_string();
    loop {
        let page = demo.json(&path);
        theirs.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["links"]["next"]["href"].as_str() {
            Some(next) => path = next.trim_start_matches(&demo.url).to_string(),
            None => break,
        }
    }
    assert!(theirs.len() > 100, "more than one page: {}", theirs.len());
    assert_eq!(ours, Value::Array(theirs));
}

#[test]
fn tenant_flags_go_before_or_after_the_subcommand_and_the_table_pipes_whole() {
    let demo = DemoTenant::start(0);
    let after = stdout(&qdc(&["get", "spaces", "--server", &demo.url]));
    let before = stdout(&qdc(&["--server", &demo.url, "get", "spaces"]));
    assert_eq!(after, before);
    let lines: Vec<&str> = after.lines().collect();
    assert!(
        lines[0].starts_with("NAME") && lines[0].ends_with("ID"),
        "{after}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Finance ") && l.ends_with("65cf6b6c51618b6abd5848d1")),
        "whole ids, no ellipsis when piped: {after}"
    );
    assert!(!after.contains('\u{1b}'), "no escape sequences in a pipe");
}

#[test]
fn get_filters_by_space_source_and_name() {
    let demo = DemoTenant::start_with(&["--connections", "60"]);
    let out = stdout(&qdc(&[
        "get",
        "connections",
        "--space",
        "Finance",
        "--source",
        "DG_mssql",
        "-o",
        "json",
        "--server",
        &demo.url,
    ]));
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(!items.is_empty());
    for c in &items {
        assert_eq!(c["space"], "65cf6b6c51618b6abd5848d1");
        assert_eq!(c["datasourceID"], "DG_mssql");
    }
    let table = stdout(&qdc(&[
        "get",
        "connections",
        "--filter",
        "SALES",
        "--server",
        &demo.url,
    ]));
    assert!(table.contains("sqlserver_sales"), "{table}");
    assert!(!table.contains("S3_landing"), "{table}");
}

#[test]
fn typed_yaml_of_credentials_includes_the_orphan_and_the_embedded_ones() {
    let demo = DemoTenant::start(0);
    let out = stdout(&qdc(&[
        "get",
        "credentials",
        "-o",
        "yaml",
        "--typed",
        "--server",
        &demo.url,
    ]));
    let items: Vec<Value> = serde_norway::from_str(&out).expect("one YAML document");
    let names: Vec<&str> = items.iter().filter_map(|c| c["qName"].as_str()).collect();
    assert!(names.contains(&"serviceAccount123"), "{names:?}");
    assert_eq!(
        items.len(),
        3,
        "the orphan and the two fixture connections' credentials"
    );
}

/// The 201 answer of the gateway seed (gateway-data-connections.md), the demo's
/// `sqlserver_sales`: every field the seed shows that does not depend on the host or the clock.
#[test]
fn describe_a_seed_connection_matches_the_seeds_object() {
    let demo = DemoTenant::start(0);
    let seed = json!({
        "created": "2024-03-01T10:21:12.659Z",
        "datasourceID": "DG_mssql",
        "id": "5bdc7893-866d-4374-98bf-0a0a5fa480b6",
        "qArchitecture": 0,
        "qCredentialsID": "d27e78a4-d411-468e-9118-4a17b0a4f802",
        "qEngineObjectID": "5bdc7893-866d-4374-98bf-0a0a5fa480b6",
        "qID": "5bdc7893-866d-4374-98bf-0a0a5fa480b6",
        "qLogOn": 1,
        "qSeparateCredentials": false,
        "qType": "QlikConnectorsCommonService.exe",
        "qri": "qri:db:sqlserver://ep2ro0_lZFOCjDjSa1jNvI7tihjx0NGcfeKTJ9Nb0Hs",
        "space": "65cf6b6c51618b6abd5848d1",
        "tags": ["DcaasAPI:QlikConnectorsCommonService.exe:1.202.0"],
        "tenant": "BL4tTJ4S7xrHTcq0zQxQrJ5qB1_Q6cSo",
        "user": "637390ef6541614d3a88d6c3",
        "version": "V1"
    });
    for who in ["sqlserver_sales", "5bdc7893-866d-4374-98bf-0a0a5fa480b6"] {
        let out = stdout(&qdc(&[
            "describe",
            "connection",
            who,
            "-o",
            "json",
            "--server",
            &demo.url,
        ]));
        let ours: Value = serde_json::from_str(&out).unwrap();
        for (key, value) in seed.as_object().unwrap() {
            assert_eq!(&ours[key], value, "{who}: {key}");
        }
        // the properties a create would send, secrets left out
        assert_eq!(ours["connectionProperties"]["host"], "sql01.corp.local");
        assert!(ours["connectionProperties"].get("password").is_none());
    }
    let yaml = stdout(&qdc(&[
        "describe",
        "connection",
        "sqlserver_sales",
        "--server",
        &demo.url,
    ]));
    let ours: Value = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(ours["qName"], "sqlserver_sales");
}

#[test]
fn exit_codes_1_for_the_tenant_2_for_usage() {
    let demo = DemoTenant::start_with(&["--faults", "GET /api/v1/spaces=500x1"]);
    let tenant_failed = qdc(&["get", "spaces", "--server", &demo.url]);
    assert_eq!(tenant_failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&tenant_failed.stderr);
    assert!(stderr.starts_with("qdc: 500"), "{stderr}");
    let missing = qdc(&["describe", "connection", "nope", "--server", &demo.url]);
    assert_eq!(missing.status.code(), Some(1));
    let no_tenant = qdc(&["get", "connections"]);
    assert_eq!(no_tenant.status.code(), Some(2));
    let bad_kind = qdc(&["get", "apps", "--server", &demo.url]);
    assert_eq!(bad_kind.status.code(), Some(2));
    let unknown_space = qdc(&[
        "get",
        "connections",
        "--space",
        "Nowhere",
        "--server",
        &demo.url,
    ]);
    assert_eq!(unknown_space.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown_space.stderr).contains("Finance"));
}
