//! Changing and walking what exists, through qdc's real event loop in process on
//! `TestBackend` against the demo tenant (`common::in_process`): a batch move in one
//! `actions/update`, and the drill-down from a source to its connections and back.

mod common;

use std::time::Duration;

use common::in_process::Session;

const WAIT: Duration = Duration::from_secs(15);
const SALES: &str = "65cf6b7a51618b6abd5848d2";

#[test]
fn marked_connections_move_to_a_space_in_one_bulk_update() {
    let tui = Session::start(&["--connections", "30"], 80, 24);
    let tenant = &tui.tenant;
    let first = tenant.first_connections(2);
    tui.send("3");
    tui.wait_for("Connections 37/37", WAIT);
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tenant.clear_requests();
    tui.send("m");
    tui.wait_for("Move 2 connections", WAIT);
    // typing filters the spaces; Enter sends
    tui.send("sales");
    tui.wait_for("/sales", WAIT);
    tui.send("\r");
    let s = tui.wait_for("moved 2 connections to Sales", WAIT);
    assert!(!s.contains("2 marked"), "{s}");
    let posts = tenant.requests_to("POST", "/api/v1/data-connections/actions/update");
    assert_eq!(posts.len(), 1, "one request: {posts:?}");
    let items = posts[0]["body"]["connections"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    for ((id, _), item) in first.iter().zip(&items) {
        assert_eq!(item["id"], id.as_str());
        assert_eq!(item["spaceId"], SALES);
        assert_eq!(item["spaceType"], "shared");
    }
    assert_eq!(posts[0]["status"], 207);
    for (id, name) in &first {
        let c = tenant.json(&format!("/api/v1/data-connections/{id}"));
        assert_eq!(c["space"], SALES, "{name} moved on the tenant");
    }
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
