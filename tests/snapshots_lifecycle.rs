//! Screens of changing what exists, through qdc's real event loop in process on `TestBackend`
//! against the demo tenant (`common::in_process`), at 80×24 and 160×48: the edit form's rows
//! beyond the generated fields (Space, Owner, Gateway, Credentials), the edit's confirm, and
//! the batch change's confirm and its per-item answers. The demo's port is masked.

mod common;

use std::time::Duration;

use common::in_process::{reuse_the_orphan_and_move_to_sales, Session};
use common::Screen;

const WAIT: Duration = Duration::from_secs(15);
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const CTRL_S: &str = "\x13";

/// The screen once its loads are in and it stops changing, the demo's address masked (its port differs per run).
fn settled(tui: &Session, text: &str) -> String {
    // background loads (the user list, the orphans) show a task count until they are in
    tui.wait_until(&format!("{text:?} with no task running"), WAIT, |s| {
        s.contains(text) && !s.contains(" task")
    });
    let s = tui.wait_for_stable(text, WAIT);
    let masked: Vec<String> = s
        .lines()
        .map(|l| match (l.find("127.0.0.1:"), l.find(')')) {
            (Some(a), Some(b)) if a < b => format!("{}127.0.0.1:PORT{}", &l[..a], &l[b..]),
            _ => l.to_string(),
        })
        .collect();
    masked.join("\n")
}

/// Opens the edit form of the connection named `name` (filtered to it on Connections).
fn edit(tui: &Session, name: &str) {
    // the sources first: the form's title names the source by its name
    tui.wait_for("Amazon S3", WAIT);
    tui.send("3");
    tui.wait_for(name, WAIT);
    tui.send(&format!("/{name}\r"));
    tui.wait_for("Connections 1/", WAIT);
    tui.send("e");
    // the rows are there once the connection and its api-specs are in
    tui.wait_for("embedded in the connection", WAIT);
}

#[test]
fn the_edit_rows_space_owner_and_credentials() {
    for (w, h) in SIZES {
        let tui = Session::start(&[], w, h);
        edit(&tui, "S3_landing");
        let s = settled(&tui, "Owner");
        insta::assert_snapshot!(format!("edit_rows_{w}x{h}"), s);
    }
}

#[test]
fn the_edit_row_of_a_gateway() {
    for (w, h) in SIZES {
        let tui = Session::start(&[], w, h);
        edit(&tui, "sqlserver_sales");
        let s = settled(&tui, "Gateway");
        insta::assert_snapshot!(format!("edit_gateway_{w}x{h}"), s);
    }
}

#[test]
fn the_edit_confirm_lists_every_change_and_its_requests() {
    for (w, h) in SIZES {
        let tui = Session::start(&[], w, h);
        edit(&tui, "S3_landing");
        reuse_the_orphan_and_move_to_sales(&tui);
        tui.send(CTRL_S);
        let s = settled(&tui, "Save changes?");
        insta::assert_snapshot!(format!("edit_confirm_{w}x{h}"), s);
    }
}

#[test]
fn the_batch_confirm_and_its_answers_per_item() {
    for (w, h) in SIZES {
        let tui = Session::start(&[], w, h);
        tui.wait_for("Amazon S3", WAIT);
        tui.send("3");
        tui.wait_for("S3_landing", WAIT);
        // the first two (sqlserver_sales and S3_landing, both in Finance)
        tui.wait_for("Connections 7/7", WAIT);
        tui.send("  ");
        tui.wait_for("2 marked", WAIT);
        tui.send("m");
        tui.wait_for("Move 2 connections", WAIT);
        tui.send("marketing\r");
        let s = settled(&tui, "One request");
        insta::assert_snapshot!(format!("batch_confirm_{w}x{h}"), s);
        tui.send("y");
        let s = settled(&tui, "answered");
        insta::assert_snapshot!(format!("batch_answered_{w}x{h}"), s);
    }
}
