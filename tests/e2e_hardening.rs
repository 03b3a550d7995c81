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

/// The list requests the tenant received.
fn list_requests(tenant: &DemoTenant) -> usize {
    tenant
        .requests_to("GET", "/api/v1/data-connections")
        .into_iter()
        .filter(|r| r["path"] == "/api/v1/data-connections")
        .count()
}

#[test]
fn case2_a_next_link_that_repeats_itself_ends_the_walk_with_a_message() {
    let tenant = DemoTenant::start_with(&[
        "--connections",
        "250",
        "--faults",
        "GET /api/v1/data-connections=next-loop",
    ]);
    let mut tui = tui(&tenant);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    let s = tui.wait_for("next link that repeats itself; listed 100", WAIT);
    assert!(s.contains("Connections 100/100"), "{s}");
    // the walk is over: nothing more is asked, however long qdc runs
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(list_requests(&tenant), 1);
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn case3_next_links_on_the_canonical_host_are_followed_on_the_configured_one() {
    let tenant = DemoTenant::start_with(&[
        "--connections",
        "250",
        "--faults",
        "GET /api/v1/data-connections=next-host:canonical.invalid:1",
    ]);
    let mut tui = tui(&tenant);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    tui.wait_for("Connections 257/257", WAIT);
    assert_eq!(list_requests(&tenant), 3, "three pages, all on the tenant");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn case10_a_redirect_to_another_host_is_not_followed_and_says_so() {
    let other = DemoTenant::start(0);
    let tenant = DemoTenant::start_with(&[
        "--faults",
        &format!("GET /api/v1/data-connections=redirect:{}", other.host()),
    ]);
    let mut tui = tui(&tenant);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    other.clear_requests();
    tui.send("3");
    let s = tui.wait_for("redirects only within", WAIT);
    assert!(s.contains(other.host()), "the target is named:\n{s}");
    assert!(
        other.requests().is_empty(),
        "the other host was contacted: {:?}",
        other.requests()
    );
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn case9_a_server_url_with_a_password_is_refused_before_anything_is_sent() {
    let tenant = DemoTenant::start(0);
    let url = tenant.url.replace("http://", "http://admin:hunter2@");
    let out = std::process::Command::new(common::QDC)
        .args(["--server", &url])
        .env("QLIK_API_KEY", "demo")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("carries no user or password"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert!(tenant.requests().is_empty(), "{:?}", tenant.requests());

    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::QDC)
        .args(["profile", "add", "p", "--server", &url])
        .env("QDC_CONFIG_DIR", home.path())
        .env(
            "QDC_KEYRING",
            format!("mock-file:{}", home.path().join("k.json").display()),
        )
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("carries no user or password"), "{err}");
    assert!(!home.path().join("config.toml").exists());
}

#[test]
fn case4_a_huge_token_lifetime_neither_panics_nor_stops_the_session() {
    let tenant =
        DemoTenant::start_with(&["--faults", "/oauth/token=expires-in:9223372036854775807"]);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        format!(
            "[profiles.m2m]\nserver = \"{}\"\nauth = \"oauth-client-credentials\"\nclient_id = \"qdc-demo-client\"\n",
            tenant.url
        ),
    )
    .unwrap();
    let dir = home.path().display().to_string();
    let keyring = format!("mock-file:{dir}/k.json");
    let mut tui = Tui::start(
        &["--profile", "m2m"],
        &[
            ("QDC_CONFIG_DIR", &dir),
            ("HOME", &dir),
            ("QDC_KEYRING", &keyring),
            ("QLIK_CLIENT_SECRET", "qdc-demo-secret"),
        ],
        120,
        32,
    );
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    tui.wait_for("Connections 7/7", WAIT);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(!raw.contains("panicked"), "{raw}");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}
