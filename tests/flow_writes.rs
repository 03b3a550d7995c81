//! Writes are never called back (`app::write`): a create still on its way when the admin
//! closes the form or quits lands once on the tenant, and its outcome is reported. Through
//! qdc's real loop in process against the demo tenant, whose create answers slowly.

mod common;

use std::time::Duration;

use common::in_process::Session;
use common::Screen;

const WAIT: Duration = Duration::from_secs(15);
const CREATE: &str = "/api/v1/data-connections";
const CTRL_S: &str = "\x13";
/// The create's answer comes this late: long enough to press keys while it is on its way.
const SLOW_CREATE: &str = "POST /api/v1/data-connections=slow:1500x1";

/// The S3 form filled in (name `name`, Finance, a bucket and keys) and sent.
fn send_s3_create(tui: &Session, name: &str) {
    tui.send("3");
    tui.wait_for("Connections", WAIT);
    tui.wait_for("S3_landing", WAIT);
    tui.send("c");
    tui.wait_for("Create a connection to", WAIT);
    tui.send("(File_AmazonS3ConnectorV2)");
    tui.wait_for("(File_AmazonS3ConnectorV2)", WAIT);
    tui.send("\r");
    tui.wait_for("Bucket name", WAIT);
    tui.send(name);
    tui.send("\t\r");
    tui.wait_for("type to filter", WAIT);
    tui.send("Finance\r");
    tui.wait_for("Finance ▾", WAIT);
    tui.send("\t\tbucket-name\t\tAKIAE2E\tsecret/e2e+key");
    tui.send(CTRL_S);
}

fn creates_named(tui: &Session, name: &str) -> usize {
    tui.tenant
        .requests_to("POST", CREATE)
        .iter()
        .filter(|r| r["path"] == CREATE && r["body"]["qName"] == name)
        .count()
}

#[test]
fn esc_under_a_create_in_flight_closes_the_form_and_the_create_still_lands_once() {
    let tui = Session::start(&["--faults", SLOW_CREATE], 100, 30);
    send_s3_create(&tui, "s3-esc");
    tui.send("\x1b");
    let s = tui.wait_for("the create of s3-esc goes on", WAIT);
    assert!(!s.contains("Bucket name"), "the form is closed:\n{s}");
    // the answer comes later: reported in the footer, the row in the list
    let s = tui.wait_for("created connection s3-esc", WAIT);
    assert!(
        !s.contains("Connection created"),
        "no popup for a closed form:\n{s}"
    );
    tui.wait_for_stable("s3-esc", WAIT);
    assert_eq!(creates_named(&tui, "s3-esc"), 1, "sent once");
    let listed = tui.tenant.json("/api/v1/data-connections?limit=100");
    let made = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["qName"] == "s3-esc")
        .count();
    assert_eq!(made, 1, "created once on the tenant");
}

#[test]
fn quitting_under_a_create_in_flight_waits_for_its_answer() {
    // slower than the way to `q`, quicker than the quit's wait
    let mut tui = Session::start(
        &["--faults", "POST /api/v1/data-connections=slow:2500x1"],
        100,
        30,
    );
    send_s3_create(&tui, "s3-quit");
    tui.send("\x1b");
    tui.wait_for("the create of s3-quit goes on", WAIT);
    tui.send("q");
    let app = tui.wait_quit(WAIT);
    let s = tui.screen();
    assert!(
        s.contains("quitting: waiting up to 3 s for a write on its way (1)"),
        "the last frame says why qdc waits:\n{s}"
    );
    assert!(app.writes.is_empty(), "the answer was waited for");
    let said: Vec<&str> = app.messages.iter().map(|m| m.text.as_str()).collect();
    assert!(
        said.iter()
            .any(|t| t.starts_with("created connection s3-quit")),
        "{said:?}"
    );
    assert_eq!(creates_named(&tui, "s3-quit"), 1);
}
