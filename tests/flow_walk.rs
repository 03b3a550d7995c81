//! Walking the tenant through qdc's real event loop in process on `TestBackend` against the
//! demo tenant (`common::in_process`): Enter on a space or a credential lists its connections,
//! a connection's detail jumps to what it refers to, and Esc always comes back to where the
//! walk started, with the same row selected.

mod common;

use std::time::Duration;

use common::in_process::Session;
use common::Screen;

const WAIT: Duration = Duration::from_secs(15);

/// The list's rows: the lines of the left box below its header (the detail beside it cut off).
fn list_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(3)
        .filter(|l| l.starts_with('│'))
        .map(|l| l.chars().take(70).collect())
        .collect()
}

/// The row under the selection marker `▸`.
fn selected_row(screen: &str) -> &str {
    screen.lines().find(|l| l.contains('▸')).unwrap_or("")
}

#[test]
fn enter_on_a_space_lists_the_connections_in_it_and_esc_comes_back() {
    let tui = Session::start(&[], 160, 40);
    tui.wait_for("Amazon S3", WAIT);
    tui.send(":spaces\r");
    tui.wait_for("Spaces 5/5", WAIT);
    // Sales: only its DataFiles connection
    tui.send("j");
    tui.wait_selected("Sales", WAIT);
    tui.send("\r");
    let s = tui.wait_for_stable("Connections in Sales 1/1", WAIT);
    let rows = list_rows(&s);
    assert!(
        rows.iter()
            .any(|r| r.contains("DataFiles") && r.contains("Sales")),
        "{s}"
    );
    assert!(
        !rows.iter().any(|r| r.contains("sqlserver_sales")),
        "a Finance connection in Sales: {s}"
    );
    // the whole Finance space: its two connections and its DataFiles
    tui.send("\x1b");
    tui.wait_selected("Sales", WAIT);
    tui.send("k\r");
    let s = tui.wait_for_stable("Connections in Finance 3/3", WAIT);
    for name in ["sqlserver_sales", "S3_landing", "DataFiles"] {
        assert!(s.contains(name), "{name} missing: {s}");
    }
    tui.send("\x1b");
    tui.wait_selected("Finance", WAIT);
    tui.wait_for("Spaces 5/5", WAIT);
}

#[test]
fn enter_on_a_credential_lists_the_connections_using_it_and_esc_comes_back() {
    let tui = Session::start(&[], 160, 40);
    tui.wait_for("Amazon S3", WAIT);
    tui.send("4");
    tui.wait_for("Credentials 2/2", WAIT);
    // the second credential (bd9d3e11…) is S3_landing's
    tui.send("j");
    tui.wait_selected("bd9d3e11", WAIT);
    tui.send("\r");
    let s = tui.wait_for_stable("Connections using credential", WAIT);
    let rows = list_rows(&s);
    assert!(rows.iter().any(|r| r.contains("S3_landing")), "{s}");
    assert!(
        !rows.iter().any(|r| r.contains("sqlserver_sales")),
        "a connection of another credential: {s}"
    );
    tui.send("\x1b");
    let s = tui.wait_selected("bd9d3e11", WAIT);
    assert!(s.contains("Credentials 2/2"), "{s}");
}

/// From sqlserver_sales' detail: `s` its source, `p` its space, `c` its credential, `w` its
/// gateway, each with that object selected; Esc after each is back on the connection.
#[test]
fn a_connections_detail_jumps_to_its_source_space_credential_and_gateway() {
    let tui = Session::start(&[], 160, 40);
    tui.wait_for("Amazon S3", WAIT);
    tui.send("3");
    tui.wait_for("Connections 7/7", WAIT);
    tui.wait_selected("sqlserver_sales", WAIT);
    // the connection's own GET carries its gateway
    tui.send("i");
    tui.wait_for("gateway: My Direct Access Gateway", WAIT);
    let jumps = [
        ("s", "Sources", "DG_mssql"),
        ("p", "Spaces", "65cf6b6c51618b6abd5848d1"),
        ("c", "Credentials", "d27e78a4-d411-468e-9118-4a17b0a4f802"),
        ("w", "Gateways", "Rm5Qk-KThkES"),
    ];
    for (key, pane, selected) in jumps {
        tui.send(key);
        tui.wait_until(
            &format!("{key}: {pane} with {selected} selected"),
            WAIT,
            |s| s.contains(&format!("┌ {pane} ")) && selected_row(s).contains(selected),
        );
        tui.send("\x1b");
        let s = tui.wait_selected("sqlserver_sales", WAIT);
        assert!(s.contains("Connections 7/7"), "{key}: not back: {s}");
    }
}
