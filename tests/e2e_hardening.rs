//! A tenant that misbehaves on purpose (`qdc demo-server --faults` with the hostile kinds):
//! qdc in a pty must keep the terminal, the tenant and the admin's secrets safe.

mod common;

use std::time::Duration;

use common::{DemoTenant, Tui};

const WAIT: Duration = Duration::from_secs(15);
const CTRL_S: &str = "\x13";

fn tui(tenant: &DemoTenant) -> Tui {
    Tui::start(
        &["--server", &tenant.url],
        &[("QLIK_API_KEY", "demo")],
        120,
        32,
    )
}

/// No byte sequence of the hostile payload acted on the terminal: no OSC from tenant data, no
/// bidi override or zero-width character.
fn assert_no_tenant_escapes(raw: &[u8]) {
    let raw = String::from_utf8_lossy(raw);
    for bad in [
        "\x1b]52;",
        "\x1b]2;qdc-pwned",
        "\u{202e}",
        "\u{200b}",
        "\u{2060}",
        "\u{feff}",
    ] {
        assert!(
            !raw.contains(bad),
            "the terminal received {bad:?} from tenant data"
        );
    }
}

#[test]
fn case1_hostile_names_and_auth_url_never_reach_the_terminal_as_escapes() {
    let tenant = DemoTenant::start_with(&["--faults", "*=hostile"]);
    let mut tui = tui(&tenant);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    // names shown with their escapes made visible
    let s = tui.wait_for("sqlserver_sales\\u{1b}]2;qdc-pwne", WAIT);
    assert!(s.contains("Connections 7/7"), "{s}");
    tui.send("J");
    tui.wait_for("Esc/q close", WAIT);
    tui.send("\x1b");
    tui.wait_gone("Esc/q close", WAIT);
    tui.send("c");
    tui.wait_for("Create a connection to", WAIT);
    tui.send("(File_DropboxConnector)");
    tui.wait_for("(File_DropboxConnector)", WAIT);
    tui.send("\r");
    tui.wait_for("Connection name", WAIT);
    tui.send("dropbox-hostile");
    tui.send(CTRL_S);
    tui.wait_for("Code:", WAIT);
    // p: the URL printed on the plain screen
    tui.send("\x10");
    tui.wait_for("press Enter to return to qdc", WAIT);
    tui.send("\r");
    tui.wait_for("Code:", WAIT);
    // quit with the authorization pending: the URL is printed after the restore
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    let raw = tui.raw();
    assert_no_tenant_escapes(&raw);
    let text = String::from_utf8_lossy(&raw);
    let restored = text
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    assert!(
        text[restored..].contains("\\u{1b}]52;c;cHduZWQ=\\u{7}"),
        "the URL is printed with its escapes visible: {:?}",
        &text[restored..]
    );
}
