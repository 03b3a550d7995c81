//! Changing and walking what exists, through qdc's real event loop in process on
//! `TestBackend` against the demo tenant (`common::in_process`): a batch move in one
//! `actions/update`, and the drill-down from a source to its connections and back.

mod common;

use std::time::Duration;

use common::in_process::{reuse_the_orphan_and_move_to_sales, Session};
use common::Screen;

const WAIT: Duration = Duration::from_secs(15);
const SALES: &str = "65cf6b7a51618b6abd5848d2";

/// `m` on two marked connections: a confirm lists each (name, from → to) and the one request;
/// nothing goes out before its yes; then exactly one `actions/update` with both items; the
/// tenant moved one and refused the other (a namesake in Sales: 409), each answer under its
/// line; the refused one stays marked and `m` again offers just it.
#[test]
fn marked_connections_move_after_a_confirm_in_one_bulk_update_with_each_items_answer() {
    let tui = Session::start(&["--connections", "30"], 80, 24);
    let tenant = &tui.tenant;
    let first = tenant.first_connections(2);
    let (moved, refused) = (&first[0], &first[1]);
    let from = tenant.json(&format!("/api/v1/data-connections/{}", moved.0))["space"].clone();
    // a namesake of the second one in Sales: the tenant refuses to move it there
    let (status, body) = tenant.http(
        "POST",
        "/api/v1/data-connections/actions/duplicate",
        Some(&format!(
            r#"{{"id":"{}","name":"{}","spaceId":"{SALES}"}}"#,
            refused.0, refused.1
        )),
    );
    assert_eq!(status, 201, "{body}");
    tui.send("3");
    tui.wait_for("Connections 38/38", WAIT);
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tenant.clear_requests();
    tui.send("m");
    tui.wait_for("Move 2 connections", WAIT);
    tui.send("sales");
    tui.wait_for("/sales", WAIT);
    tui.send("\r");
    let s = tui.wait_for("One request: POST", WAIT);
    assert!(s.contains(&format!("• {}", moved.1)), "{s}");
    assert!(s.contains("→ Sales"), "{s}");
    assert!(s.contains("with 2 items"), "{s}");
    assert!(
        tenant
            .requests_to("POST", "/api/v1/data-connections/actions/update")
            .is_empty(),
        "nothing is sent before the yes"
    );
    tui.send("y");
    let s = tui.wait_for("✗ 409", WAIT);
    assert!(s.contains("✓ 204 done"), "{s}");
    assert!(s.contains("already exists"), "{s}");
    assert!(s.contains("updated 1, 1 failed"), "{s}");
    // a second yes sends nothing
    tui.send("y");
    tui.wait_for("sent once", WAIT);
    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/update");
    assert_eq!(posts.len(), 1, "one request: {posts:?}");
    assert_eq!(
        posts[0]["body"],
        serde_json::json!({"connections": [
            {"id": moved.0, "spaceId": SALES, "spaceType": "shared"},
            {"id": refused.0, "spaceId": SALES, "spaceType": "shared"},
        ]})
    );
    assert_eq!(posts[0]["status"], 207);
    let after = |id: &str| tenant.json(&format!("/api/v1/data-connections/{id}"))["space"].clone();
    assert_eq!(after(&moved.0), SALES, "{} moved on the tenant", moved.1);
    assert_eq!(after(&refused.0), from, "{} stayed", refused.1);
    tui.send("\x1b");
    tui.wait_for("1 marked", WAIT);
    // the retry is offered for the refused one only
    tui.send("m");
    tui.wait_for(&format!("Move {}", refused.1), WAIT);
}

#[test]
fn enter_on_a_source_lists_its_connections_and_esc_comes_back() {
    let tui = Session::start(&[], 80, 24);
    tui.wait_for("Amazon S3", WAIT);
    // the DG_mssql source: its connections only
    tui.send("/DG_mssql\r");
    tui.wait_for("Sources 1/", WAIT);
    tui.send("\r");
    tui.wait_for("Connections of source", WAIT);
    let s = tui.wait_for("sqlserver_sales", WAIT);
    assert!(
        !s.contains("S3_landing"),
        "another source's connection: {s}"
    );
    tui.send("\x1b");
    let s = tui.wait_for("Sources 1/", WAIT);
    assert!(s.contains("DG_mssql"), "back with the filter kept: {s}");
}

const CTRL_S: &str = "\x13";
const BACKTAB: &str = "\x1b[Z";
const S3_LANDING: &str = "1f0c2d4e-6b7a-4c1e-9f2a-3b4c5d6e7f80";
/// The seed's separated credentials (`serviceAccount123`), an orphan in the demo catalog.
const SERVICE_ACCOUNT: &str = "6b0a8a2e-9d0c-4e55-8f7e-1f2a3b4c5d6e";

/// Opens the edit form of S3_landing (rows: name, space, owner, region, bucket, SSE header,
/// credentials).
fn edit_s3_landing(tui: &Session) {
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    tui.send("/S3_landing\r");
    tui.wait_selected("Finance", WAIT);
    tui.send("e");
    tui.wait_for("Edit connection", WAIT);
    tui.wait_for("bucket-name", WAIT);
}

#[test]
fn an_edit_moves_the_connection_and_reuses_separated_credentials_in_one_patch_and_one_update() {
    let tui = Session::start(&[], 100, 30);
    let tenant = &tui.tenant;
    edit_s3_landing(&tui);
    reuse_the_orphan_and_move_to_sales(&tui);
    tenant.clear_requests();
    tui.send(CTRL_S);
    let s = tui.wait_for("Save changes?", WAIT);
    assert!(s.contains("(PATCH, then actions/update)"), "{s}");
    assert!(s.contains("Space: Finance → Sales"), "{s}");
    assert!(
        s.contains("Credentials: embedded → separated: serviceAccount123"),
        "{s}"
    );
    tui.send("y");
    tui.wait_for("Connection saved", WAIT);
    let patches = tenant.requests_to("PATCH", "/api/v1/data-connections/");
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(
        patches[0]["body"],
        serde_json::json!([
            {"op": "add", "path": "/connectionProperties/separateCredentials", "value": "true"},
            {"op": "add", "path": "/connectionProperties/selectedCredentials", "value": SERVICE_ACCOUNT}
        ])
    );
    let updates = tenant.requests_to("POST", "/api/v1/data-connections/actions/update");
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(
        updates[0]["body"],
        serde_json::json!({"connections": [{"id": S3_LANDING, "spaceId": SALES, "spaceType": "shared"}]})
    );
    let c = tenant.json(&format!("/api/v1/data-connections/{S3_LANDING}"));
    assert_eq!(c["space"], SALES);
    assert_eq!(c["qSeparateCredentials"], true);
    assert_eq!(c["qCredentialsID"], SERVICE_ACCOUNT);
    tui.send("\x1b");
    tui.wait_for("Sales", WAIT);
}

#[test]
fn a_refused_move_keeps_the_form_and_the_next_save_sends_only_the_move() {
    let tui = Session::start(&[], 100, 30);
    let tenant = &tui.tenant;
    // a connection of the same name already in Sales: the move of S3_landing there is a 409
    let (status, body) = tenant.http(
        "POST",
        "/api/v1/data-connections",
        Some(&format!(
            r#"{{"dataSourceId":"File_AmazonS3ConnectorV2","qName":"S3_landing","space":"{SALES}",
                "connectionProperties":{{"bucketName":"other","region":"us-east-1","accessKey":"A","secretKey":"S"}}}}"#
        )),
    );
    assert_eq!(status, 201, "{body}");
    edit_s3_landing(&tui);
    // the bucket (fifth row) and the space (second row)
    tui.send("\t\t\t\t\x1b[F-archive");
    tui.send(&format!("{BACKTAB}{BACKTAB}{BACKTAB}\rsales\r"));
    tui.wait_for("Sales ▾", WAIT);
    tenant.clear_requests();
    tui.send(CTRL_S);
    tui.wait_for("Save changes?", WAIT);
    tui.send("y");
    let s = tui.wait_for("already exists there", WAIT);
    assert!(s.contains("Edit connection"), "the form stays: {s}");
    assert!(s.contains("bucket-name-archive"), "{s}");
    assert_eq!(
        tenant
            .requests_to("PATCH", "/api/v1/data-connections/")
            .len(),
        1
    );
    let c = tenant.json(&format!(
        "/api/v1/data-connections/{S3_LANDING}?parseConnection=true"
    ));
    assert_eq!(
        c["connectionProperties"]["bucketName"],
        "bucket-name-archive"
    );
    assert_ne!(c["space"], SALES);

    // the saved bucket is not sent again: only the move, now to the personal space
    tui.send("\rpersonal\r");
    tui.wait_for("Personal space ▾", WAIT);
    tui.send(CTRL_S);
    let s = tui.wait_for("Save changes?", WAIT);
    assert!(s.contains("(actions/update)"), "{s}");
    assert!(!s.contains("→ bucket-name-archive"), "already saved: {s}");
    tui.send("y");
    tui.wait_for("Connection saved", WAIT);
    assert_eq!(
        tenant
            .requests_to("PATCH", "/api/v1/data-connections/")
            .len(),
        1,
        "the PATCH went out once"
    );
    let c = tenant.json(&format!("/api/v1/data-connections/{S3_LANDING}"));
    assert!(c["space"].is_null() || c["space"] == "", "{c}");
}

/// The one-time code the demo's consent page shows for `auth_url`, read as a browser would.
fn code_from_consent_page(tenant: &common::DemoTenant, auth_url: &str) -> String {
    let path = &auth_url[auth_url.find("/_demo/").expect("a demo consent URL")..];
    let (status, html) = tenant.http("GET", path, None);
    assert_eq!(status, 200, "{html}");
    let start = html
        .find("<code id=\"auth-code\">")
        .expect("a code on the page")
        + "<code id=\"auth-code\">".len();
    let end = start + html[start..].find("</code>").unwrap();
    html[start..end].trim().to_string()
}

#[test]
fn an_oauth_connection_is_edited_with_a_fresh_code_sent_as_qlik_auth_code() {
    let tui = Session::start(&[], 320, 30);
    let tenant = &tui.tenant;
    // an OAuth-based connection, made as seed 002 makes one
    let body = |code: &str, url_only: bool| {
        let only = if url_only {
            r#""authUrlOnly":"true","#
        } else {
            ""
        };
        format!(
            r#"{{"dataSourceId":"gbq","qName":"gbq-edit",{only}
                "connectionProperties":{{"OAuthMechanism":"1","Catalog":"cat","authCode":"{code}"}}}}"#
        )
    };
    let (_, asked) = tenant.http("POST", "/api/v1/data-connections", Some(&body("", true)));
    let url: serde_json::Value = serde_json::from_str(&asked).unwrap();
    let code = code_from_consent_page(tenant, url["authUrl"].as_str().unwrap());
    let (status, made) = tenant.http(
        "POST",
        "/api/v1/data-connections",
        Some(&body(&code, false)),
    );
    assert_eq!(status, 201, "{made}");
    let id = serde_json::from_str::<serde_json::Value>(&made).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    tui.send("3");
    tui.wait_for("gbq-edit", WAIT);
    tui.send("/gbq-edit\r");
    tui.wait_selected("gbq-edit", WAIT);
    tui.send("e");
    let s = tui.wait_for("Edit connection", WAIT);
    assert!(!s.contains("not supported"), "{s}");
    tui.wait_for("cat", WAIT);
    tui.send("-v2");
    tenant.clear_requests();
    tui.send(CTRL_S);
    let s = tui.wait_for("Save changes?", WAIT);
    assert!(s.contains("PATCH with a new qlik-auth-code"), "{s}");
    tui.send("y");
    // the handoff again: a new authorization URL (nothing is created by asking for it)
    let s = tui.wait_for("/_demo/oauth/authorize?", WAIT);
    let line = s
        .lines()
        .find(|l| l.contains("/_demo/oauth/authorize?"))
        .unwrap();
    let start = line.find("http://").unwrap();
    let auth_url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '│')
        .collect();
    // a wrong code: the tenant refuses the PATCH, nothing changes, the popup asks again
    tui.send("not-a-code\r");
    tui.wait_for("invalid or has already been used", WAIT);
    assert_eq!(
        tenant.json(&format!("/api/v1/data-connections/{id}"))["qName"],
        "gbq-edit"
    );
    let fresh = code_from_consent_page(tenant, &auth_url);
    tui.send(&fresh);
    tui.send("\r");
    tui.wait_for("Connection saved", WAIT);
    let patches = tenant.requests_to("PATCH", "/api/v1/data-connections/");
    let statuses: Vec<_> = patches.iter().map(|p| p["status"].clone()).collect();
    assert_eq!(statuses, [400, 204], "the refused code, then the fresh one");
    assert_eq!(
        patches[1]["body"],
        serde_json::json!([{"op": "replace", "path": "/qName", "value": "gbq-edit-v2"}])
    );
    let posts: Vec<_> = tenant
        .requests_to("POST", "/api/v1/")
        .into_iter()
        .filter(|p| p["status"] == 201 && p["body"]["authUrlOnly"].is_null())
        .collect();
    assert!(
        posts.is_empty(),
        "only the authUrlOnly request, no create: {posts:?}"
    );
    assert_eq!(
        tenant.json(&format!("/api/v1/data-connections/{id}"))["qName"],
        "gbq-edit-v2"
    );
}

const OMAR: &str = "6373910a6541614d3a88d6c4";

/// A batch owner change: `m` on two of the caller's connections, Tab to the owner list (the
/// tenant's users, listed once by `GET /users`), Omar; the confirm names each connection's
/// owner change and warns that credentials stay behind; its yes sends one `actions/update`
/// with `ownerId` only (the space is kept), and the tenant gave both to Omar.
#[test]
fn marked_connections_are_given_to_another_owner_in_one_bulk_update() {
    let tui = Session::start(&[], 100, 30);
    let tenant = &tui.tenant;
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    let list = tenant.json("/api/v1/data-connections?limit=100");
    let id_of = |name: &str| {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["qName"] == name)
            .map(|c| c["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (sales, landing) = (id_of("sqlserver_sales"), id_of("S3_landing"));
    tui.send("/sqlserver_sales\r");
    tui.wait_for("Connections 1/", WAIT);
    tui.send(" ");
    tui.wait_for("1 marked", WAIT);
    // Esc clears the filter (the mark stays)
    tui.send("\x1b");
    tui.wait_for("Connections 7/7", WAIT);
    tui.send("/S3_landing\r");
    tui.wait_for("Connections 1/", WAIT);
    tui.send(" ");
    tui.wait_for("2 marked", WAIT);
    tenant.clear_requests();
    tui.send("m");
    tui.wait_for("Move 2 connections", WAIT);
    tui.send("\tomar");
    tui.wait_for("Omar Engineer <omar.engineer@corp.example>", WAIT);
    tui.send("\r");
    let s = tui.wait_for("One request: POST", WAIT);
    assert!(s.contains("owner me → Omar Engineer"), "{s}");
    assert!(s.contains("does not get the credentials"), "{s}");
    assert!(!s.contains("space "), "the space is kept: {s}");
    tui.send("y");
    let s = tui.wait_for("answered", WAIT);
    assert_eq!(s.matches("✓ 204 done").count(), 2, "{s}");
    let listed = tenant.requests_to("GET", "/api/v1/users");
    assert!(
        listed.iter().any(|r| r["path"] == "/api/v1/users"),
        "the owners come from the tenant's user list: {listed:?}"
    );
    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/update");
    assert_eq!(posts.len(), 1, "{posts:?}");
    let mut items = posts[0]["body"]["connections"].as_array().unwrap().clone();
    items.sort_by_key(|i| i["id"].as_str().unwrap().to_string());
    let mut want = vec![
        serde_json::json!({"id": sales, "ownerId": OMAR}),
        serde_json::json!({"id": landing, "ownerId": OMAR}),
    ];
    want.sort_by_key(|i| i["id"].as_str().unwrap().to_string());
    assert_eq!(items, want);
    for id in [&sales, &landing] {
        let c = tenant.json(&format!("/api/v1/data-connections/{id}"));
        assert_eq!(c["user"], OMAR, "{id} given to Omar on the tenant");
    }
}

/// The tenant refuses the whole `actions/update` (403: the key's user may not change these
/// connections): the answer says so under the confirm, nothing moved, the marks stay for
/// another try, and the one request was sent once.
#[test]
fn a_refused_bulk_update_says_why_and_keeps_the_marks() {
    let tui = Session::start(
        &[
            "--connections",
            "30",
            "--faults",
            "POST /api/v1/data-connections/actions/update=403x1",
        ],
        80,
        24,
    );
    let tenant = &tui.tenant;
    let first = tenant.first_connections(2);
    let from = tenant.json(&format!("/api/v1/data-connections/{}", first[0].0))["space"].clone();
    tui.send("3");
    tui.wait_for("Connections 37/37", WAIT);
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tui.send("m");
    tui.wait_for("Move 2 connections", WAIT);
    tui.send("sales");
    tui.wait_for("/sales", WAIT);
    tui.send("\r");
    tui.wait_for("One request: POST", WAIT);
    tui.send("y");
    let s = tui.wait_for("✗ 403 forbidden", WAIT);
    assert!(s.contains("still marked"), "{s}");
    assert!(s.contains("failed ones stay marked: m retries them"), "{s}");
    assert!(s.contains("nothing changed: 403 forbidden"), "{s}");
    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/update");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["status"], 403);
    let space = tenant.json(&format!("/api/v1/data-connections/{}", first[0].0))["space"].clone();
    assert_eq!(space, from, "nothing moved");
    // closed, the marks are there for another try
    tui.send("\x1b");
    let s = tui.wait_gone("Move 2 connections", WAIT);
    assert!(s.contains("2 marked"), "{s}");
    tui.send("m");
    tui.wait_for("Move 2 connections", WAIT);
}
