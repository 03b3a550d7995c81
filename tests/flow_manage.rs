//! Managing through qdc's real event loop, in process on `TestBackend` against the demo tenant
//! (`common::in_process`; these flows ran in a pty before, where no terminal is under test):
//! each flow is checked on the screen and in the requests the demo tenant received.

mod common;

use std::time::Duration;

use common::in_process::Session;
use common::DemoTenant;
use common::Screen;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);

/// The connection of the demo catalog that a delete or duplicate starts from.
const SALES_ID: &str = "5bdc7893-866d-4374-98bf-0a0a5fa480b6";
const FINANCE: &str = "65cf6b6c51618b6abd5848d1";
const ORPHAN_ID: &str = "6b0a8a2e-9d0c-4e55-8f7e-1f2a3b4c5d6e";

/// The loop on the Connections pane of a demo tenant started with these `demo-server` flags,
/// the requests of getting there forgotten.
fn on_connections(demo_flags: &[&str]) -> Session {
    let tui = Session::start(demo_flags, 80, 24);
    tui.send("3");
    tui.wait_for("Connections 7/7", WAIT);
    tui.tenant.clear_requests();
    tui
}

/// The id of the catalog connection named `name`.
fn connection_id(tenant: &DemoTenant, name: &str) -> String {
    let list = tenant.json("/api/v1/data-connections?limit=100");
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["qName"] == name)
        .unwrap_or_else(|| panic!("no connection {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The row the selection marker points at.
fn selected_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains('▸'))
        .unwrap_or("")
        .to_string()
}

#[test]
fn delete_asks_first_n_keeps_and_y_sends_one_delete_for_the_right_id() {
    let tui = Session::start(&[], 80, 24);
    let tenant = &tui.tenant;
    assert_eq!(connection_id(tenant, "sqlserver_sales"), SALES_ID);
    tui.send("3");
    tui.wait_for("sqlserver_sales", WAIT);
    tui.wait_for("Connections 7/7", WAIT);
    tenant.clear_requests();

    tui.send("d");
    let s = tui.wait_for(
        "Delete connection \"sqlserver_sales\" in space Finance?",
        WAIT,
    );
    assert!(s.contains("No, keep (n)"), "{s}");
    tui.send("n");
    tui.wait_for("kept: nothing was deleted", WAIT);
    tui.send("d");
    tui.wait_for("Delete connection", WAIT);
    tui.send("\x1b");
    tui.wait_gone("Delete connection", WAIT);
    tui.send("d");
    tui.wait_for("Delete connection", WAIT);
    tui.send("\r");
    tui.wait_gone("Delete connection", WAIT);
    assert!(tenant.requests_to("DELETE", "/api/").is_empty());
    assert!(tenant.requests_to("POST", "/api/").is_empty());

    tui.send("d");
    tui.wait_for("Delete connection", WAIT);
    tui.send("y");
    let s = tui.wait_for("deleted connection sqlserver_sales", WAIT);
    let s = if s.contains("Connections 6/6") {
        s
    } else {
        tui.wait_for("Connections 6/6", WAIT)
    };
    assert!(
        !s.lines()
            .any(|l| l.starts_with('│') && l.contains("sqlserver_sales")),
        "{s}"
    );
    let deletes = tenant.requests_to("DELETE", "/api/");
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(
        deletes[0]["path"],
        format!("/api/v1/data-connections/{SALES_ID}")
    );
    assert_eq!(deletes[0]["status"], 204);
    // no reload: the list was not fetched again
    assert!(tenant
        .requests_to("GET", "/api/v1/data-connections")
        .is_empty());
    // DataFiles are not deletable: said, not asked
    tui.send("G");
    tui.send("d");
    let s = tui.wait_for_stable("cannot be deleted", WAIT);
    assert!(!s.contains("Yes, delete"), "{s}");
}

#[test]
fn batch_delete_sends_one_request_listing_the_marked_ids_and_reports_each() {
    let tui = Session::start(&["--connections", "30"], 80, 24);
    let tenant = &tui.tenant;
    let first = tenant.first_connections(3);
    tui.send("3");
    tui.wait_for(&first[0].1, WAIT);
    let s = tui.wait_for("Connections 37/37", WAIT);
    assert!(selected_row(&s).contains(&first[0].1), "{s}");
    tui.send("   ");
    tui.wait_for("3 marked", WAIT);
    // marks survive a filter that hides them
    tui.send("/DataFiles\r");
    let s = tui.wait_for_stable("Connections 5/37 · 3 marked", WAIT);
    assert!(!s.contains('✓'), "{s}");
    tui.send("\x1b");
    let s = tui.wait_for("Connections 37/37 · 3 marked", WAIT);
    assert_eq!(s.matches('✓').count(), 3, "{s}");

    // someone else deletes the second one meanwhile: its item fails, the others go
    let (status, _) = tenant.http(
        "DELETE",
        &format!("/api/v1/data-connections/{}", first[1].0),
        None,
    );
    assert_eq!(status, 204);
    tenant.clear_requests();

    tui.send("d");
    let s = tui.wait_for("Delete 3 connections?", WAIT);
    for (_, name) in &first {
        assert!(s.contains(name.as_str()), "{name}: {s}");
    }
    tui.send("y");
    let s = tui.wait_for("2 deleted, 1 failed", WAIT);
    assert!(s.contains(&format!("{}: 404", first[1].1)), "{s}");
    let s = tui.wait_for("Connections 35/35 · 1 marked", WAIT);
    assert_eq!(s.matches('✓').count(), 1, "{s}");

    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/delete");
    assert_eq!(posts.len(), 1, "{posts:?}");
    let sent: Vec<&str> = posts[0]["body"]["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let marked: Vec<&str> = first.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(sent, marked);
    assert!(tenant.requests_to("DELETE", "/api/").is_empty());

    // the failure is in :messages too
    tui.send(":messages\r");
    tui.wait_for(&format!("delete failed: {}: 404", first[1].1), WAIT);
}

fn space_after_finance(tenant: &DemoTenant) -> String {
    let spaces = tenant.json("/api/v1/spaces");
    let ids: Vec<&str> = spaces["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    ids[ids.iter().position(|s| *s == FINANCE).unwrap() + 1].to_string()
}

#[test]
fn duplicate_sends_the_typed_name_and_chosen_space_and_selects_the_copy() {
    let tui = on_connections(&[]);
    let tenant = &tui.tenant;
    let target = space_after_finance(tenant);

    tui.send("D");
    let s = tui.wait_for("sqlserver_sales (copy)", WAIT);
    assert!(
        s.contains("▸ Finance"),
        "the source's space is preselected: {s}"
    );
    tui.send("\x15sales copy\t");
    tui.send("\x1b[B"); // ↓: the next space
    tui.send("\r");
    tui.wait_for("duplicated as sales copy", WAIT);
    let s = tui.wait_for_stable("Connections 8/8", WAIT);
    assert!(selected_row(&s).contains("sales copy"), "{s}");
    assert!(!s.contains("Duplicate connection"), "{s}");

    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/duplicate");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["status"], 201);
    assert_eq!(
        posts[0]["body"],
        json!({"id": SALES_ID, "name": "sales copy", "spaceId": target})
    );
    // no reload: the copy came from the answer
    assert!(tenant
        .requests_to("GET", "/api/v1/data-connections")
        .is_empty());
}

#[test]
fn a_duplicate_409_shows_the_tenants_message_and_keeps_the_typed_values() {
    let tui = on_connections(&[]);
    let tenant = &tui.tenant;
    let target = space_after_finance(tenant);

    tui.send("D");
    tui.wait_for("sqlserver_sales (copy)", WAIT);
    // a name taken in the same space
    tui.send("\x15S3_landing\r");
    let s = tui.wait_for("409 conflict", WAIT);
    assert!(s.contains("already exists"), "{s}");
    assert!(s.contains("Duplicate connection"), "{s}");
    assert!(s.contains("name   S3_landing"), "{s}");
    assert!(s.contains("Connections 7/7"), "{s}");
    // the same name is free in the next space
    tui.send("\t\x1b[B\r");
    tui.wait_for("duplicated as S3_landing", WAIT);

    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/duplicate");
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(posts[0]["status"], 409);
    assert_eq!(
        posts[0]["body"],
        json!({"id": SALES_ID, "name": "S3_landing", "spaceId": FINANCE})
    );
    assert_eq!(posts[1]["status"], 201);
    assert_eq!(
        posts[1]["body"],
        json!({"id": SALES_ID, "name": "S3_landing", "spaceId": target})
    );
}

#[test]
fn credentials_rename_and_delete_in_use() {
    let tui = Session::start(&[], 80, 24);
    let tenant = &tui.tenant;
    tui.send("4");
    tui.wait_for("Credentials 2/2", WAIT);
    tui.send("o");
    tui.wait_for("serviceAccount1…", WAIT); // cut to its column at 80 wide
    tenant.clear_requests();

    tui.send("R");
    tui.wait_for("Rename credential", WAIT);
    tui.send("\x15svc-renamed\r");
    tui.wait_for("renamed credential to svc-renamed", WAIT);
    let s = tui.wait_gone("Rename credential", WAIT);
    assert!(s.contains("svc-renamed"), "{s}");
    let patches = tenant.requests_to("PATCH", "/api/");
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(
        patches[0]["path"],
        format!("/api/v1/data-credentials/{ORPHAN_ID}")
    );
    assert_eq!(
        patches[0]["body"],
        json!([{"op": "replace", "path": "/qName", "value": "svc-renamed"}])
    );
    assert_eq!(patches[0]["status"], 204);
    let (_, body) = tenant.http(
        "GET",
        &format!("/api/v1/data-credentials/{ORPHAN_ID}"),
        None,
    );
    assert!(body.contains("\"svc-renamed\""), "{body}");

    // a credential connections use: the warning says so before anything is sent
    tui.send("o");
    tui.wait_for("Credentials 2/2", WAIT);
    let used = tenant.json("/api/v1/data-connections?limit=100")["data"][0]["qCredentialsID"]
        .as_str()
        .unwrap()
        .to_string();
    tui.send("d");
    let s = tui.wait_for("1 connection uses it: without it", WAIT);
    assert!(s.contains("• sqlserver_sales"), "{s}");
    tui.send("n");
    tui.wait_gone("Delete credential", WAIT);
    assert!(tenant.requests_to("DELETE", "/api/").is_empty());
    tui.send("d");
    tui.wait_for("Delete credential", WAIT);
    tui.send("y");
    tui.wait_for("deleted credential", WAIT);
    tui.wait_for("Credentials 1/1", WAIT);
    let deletes = tenant.requests_to("DELETE", "/api/");
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(
        deletes[0]["path"],
        format!("/api/v1/data-credentials/{used}")
    );
}

#[test]
fn orphans_are_marked_and_cleaned_up_one_delete_each() {
    let tui = Session::start(&[], 80, 24);
    let tenant = &tui.tenant;
    // a connection with separated credentials, deleted: its credentials stay behind as an orphan
    let (status, body) = tenant.http(
        "POST",
        "/api/v1/data-connections",
        Some(
            &json!({
                "dataSourceId": "File_AmazonS3ConnectorV2", "qName": "e2e-separated", "space": FINANCE,
                "connectionProperties": {"accessKey": "a", "secretKey": "b",
                    "separateCredentials": "true", "credentialsName": "e2e-orphan",
                    "region": "us-east-1", "bucketName": "bkt"}
            })
            .to_string(),
        ),
    );
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let second = created["qCredentialsID"].as_str().unwrap().to_string();
    let conn = created["id"].as_str().unwrap();
    let (status, _) = tenant.http("DELETE", &format!("/api/v1/data-connections/{conn}"), None);
    assert_eq!(status, 204);
    tui.send("4");
    tui.wait_for("Credentials", WAIT);
    tui.send("o");
    tui.wait_for("e2e-orphan", WAIT);
    tui.wait_for("serviceAccount1…", WAIT);
    tenant.clear_requests();
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tui.send("d");
    let s = tui.wait_for("Delete 2 orphan credentials?", WAIT);
    assert!(
        s.contains("• e2e-orphan") && s.contains("• serviceAccount123"),
        "{s}"
    );
    tui.send("y");
    tui.wait_for("2 deleted", WAIT);
    tui.wait_for("no orphan", WAIT);
    let mut paths: Vec<String> = tenant
        .requests_to("DELETE", "/api/")
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    let mut expected = vec![
        format!("/api/v1/data-credentials/{ORPHAN_ID}"),
        format!("/api/v1/data-credentials/{second}"),
    ];
    expected.sort();
    assert_eq!(paths, expected);
    let (_, body) = tenant.http(
        "POST",
        "/api/v1/data-credentials/actions/filter-orphan",
        Some("{}"),
    );
    assert!(body.contains("\"count\":0"), "{body}");
}

#[test]
fn a_delete_in_flight_is_not_sent_again_by_the_same_key() {
    // a slow tenant: the answer takes long enough to press the key again
    let tui = on_connections(&["--latency-ms", "2000"]);
    let tenant = &tui.tenant;
    tui.send("d");
    tui.wait_for("Delete connection", WAIT);
    tui.send("y");
    tui.wait_for("deleting connection sqlserver_sales", WAIT);
    tui.send("d");
    // not a stable-screen wait: the task spinner keeps the screen moving while the delete is in
    // flight; the frame that says so is the one the second `d` produced, so no dialog can follow
    let s = tui.wait_for("already working on sqlserver_sales", WAIT);
    assert!(!s.contains("Yes, delete"), "{s}");
    tui.wait_for("deleted connection sqlserver_sales", WAIT);
    tui.wait_for("Connections 6/6", WAIT);
    let deletes = tenant.requests_to("DELETE", "/api/");
    assert_eq!(deletes.len(), 1, "{deletes:?}");
}

#[test]
fn a_duplicate_whose_answer_was_lost_is_looked_up_before_it_is_sent_again() {
    const DUPLICATE: &str = "/api/v1/data-connections/actions/duplicate";
    let tui = on_connections(&["--faults", &format!("POST {DUPLICATE}=reset-afterx1")]);
    let tenant = &tui.tenant;

    tui.send("D");
    tui.wait_for("sqlserver_sales (copy)", WAIT);
    tui.send("\x15sales-lost\r");
    let s = tui.wait_for("may have made the copy sales-lost", WAIT);
    assert!(s.contains("Duplicate connection"), "the prompt stays: {s}");
    assert!(
        !s.contains("error sending request"),
        "no raw client text: {s}"
    );
    assert_eq!(tenant.requests_to("POST", DUPLICATE).len(), 1);

    tui.send("\r");
    let s = tui.wait_for_stable("the earlier duplicate had gone through", WAIT);
    assert!(!s.contains("Duplicate connection"), "{s}");
    assert!(selected_row(&s).contains("sales-lost"), "{s}");
    assert_eq!(
        tenant.requests_to("POST", DUPLICATE).len(),
        1,
        "the retry found the copy: no second POST"
    );
    assert!(
        !tenant
            .requests_to("GET", "/api/v1/data-connections/sales-lost")
            .is_empty(),
        "the name was looked up"
    );
    // listed once: rows are the left part of the boxed lines (the detail is at the right)
    let listed = s
        .lines()
        .filter(|l| l.starts_with('│'))
        .filter(|l| {
            l.chars()
                .take(40)
                .collect::<String>()
                .contains("sales-lost")
        })
        .count();
    assert_eq!(listed, 1, "{s}");
    assert!(s.contains("Connections 8/8"), "{s}");
}

/// The `/` and `:` prompts through the real loop, keys as a terminal sends them: Ctrl-W,
/// Ctrl-U, Home and Left edit in place (the filter follows), and ↑ recalls the last command.
#[test]
fn the_prompts_edit_in_place_and_up_recalls_the_last_command_in_the_real_loop() {
    let tui = on_connections(&[]);
    // "x sql" less its last word, then less the rest; "qlserver_sles" mended at the cursor
    tui.send("/x sql\x17");
    tui.wait_for("/x  ", WAIT);
    tui.send("\x15qlserver_sles\x1b[D\x1b[D\x1b[Da\x1b[Hs");
    let shown = tui.wait_for("/sqlserver_sales ", WAIT);
    assert!(shown.contains("Connections 1/7"), "{shown}");
    assert!(!shown.contains("S3_landing"), "{shown}");
    tui.send("\x1b:spaces\r");
    tui.wait_for("Spaces 5/5", WAIT);
    // the prompt is the line above the hints (the header names the last command too)
    let prompt = |s: &str| s.lines().rev().nth(1).unwrap_or("").to_string();
    tui.send("3");
    tui.wait_for("Connections 7/7", WAIT);
    tui.send(":\x1b[A");
    tui.wait_until("\":spaces\" recalled in the prompt", WAIT, |s| {
        prompt(s).starts_with(":spaces")
    });
    tui.send("\r");
    let shown = tui.wait_for_stable("Spaces 5/5", WAIT);
    assert!(!prompt(&shown).starts_with(':'), "the command ran: {shown}");
}
