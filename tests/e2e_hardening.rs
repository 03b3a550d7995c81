//! A tenant that misbehaves on purpose (`qdc demo-server --faults` with the hostile kinds):
//! qdc in a pty must keep the terminal, the tenant and the admin's secrets safe.

mod common;

use std::time::Duration;

use common::Screen;
use common::{DemoTenant, Tui};

const WAIT: Duration = Duration::from_secs(15);
const CTRL_S: &str = "\x13";

fn tui(tenant: &DemoTenant) -> Tui {
    Tui::on(tenant, 120, 32)
}

/// qdc at 120×32 on `tenant`, once it has signed in and been asked for the Connections pane.
fn on_connections(tenant: &DemoTenant) -> Tui {
    let mut t = tui(tenant);
    t.wait_for("jane.analyst@corp.example", WAIT);
    t.send("3");
    t
}

/// Ctrl-C ends qdc with status 0.
fn quit(t: &mut Tui) {
    t.send("\x03");
    assert_eq!(t.wait_exit(WAIT), 0);
}

/// qdc at 120 columns on the Connections pane of `tenant`, with no display for a system
/// clipboard: `y` copies through OSC 52 alone.
fn on_connections_without_display(tenant: &DemoTenant, env: &[(&str, &str)], rows: u16) -> Tui {
    let mut all = vec![("DISPLAY", ""), ("WAYLAND_DISPLAY", "")];
    all.extend_from_slice(env);
    let mut t = Tui::on_with(tenant, &all, 120, rows);
    t.wait_for("jane.analyst@corp.example", WAIT);
    t.send("3");
    t.wait_for("Connections 7/7", WAIT);
    t
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
    let mut tui = on_connections(&tenant);
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
    quit(&mut tui);
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
    let mut tui = on_connections(&tenant);
    let s = tui.wait_for("next link that repeats itself; listed 100", WAIT);
    assert!(s.contains("Connections 100/100"), "{s}");
    // the walk is over: nothing more is asked, however long qdc runs
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(list_requests(&tenant), 1);
    quit(&mut tui);
}

#[test]
fn case3_next_links_on_the_canonical_host_are_followed_on_the_configured_one() {
    let tenant = DemoTenant::start_with(&[
        "--connections",
        "250",
        "--faults",
        "GET /api/v1/data-connections=next-host:canonical.invalid:1",
    ]);
    let mut tui = on_connections(&tenant);
    tui.wait_for("Connections 257/257", WAIT);
    assert_eq!(list_requests(&tenant), 3, "three pages, all on the tenant");
    quit(&mut tui);
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
    quit(&mut tui);
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
    quit(&mut tui);
}

const SIGNALS: [(&str, u32); 4] = [("INT", 130), ("TERM", 130), ("HUP", 130), ("QUIT", 130)];

/// qdc at the list, at the URL printed for selection and on the first-run screen: each signal
/// ends it with the terminal restored.
#[test]
fn case5_every_signal_restores_the_terminal_in_every_state() {
    let tenant = DemoTenant::start(0);
    for (signal, status) in SIGNALS {
        // the list
        let mut t = tui(&tenant);
        t.wait_for("jane.analyst@corp.example", WAIT);
        t.signal(signal);
        assert_eq!(t.wait_exit(WAIT), status, "SIG{signal} at the list");
        t.assert_restored();

        // the authorization URL printed on the plain screen (raw mode on, alternate screen off)
        let mut t = on_connections(&tenant);
        t.wait_for("Connections", WAIT);
        t.send("c");
        t.wait_for("Create a connection to", WAIT);
        t.send("(File_DropboxConnector)");
        t.wait_for("(File_DropboxConnector)", WAIT);
        t.send("\r");
        t.wait_for("Connection name", WAIT);
        t.send(&format!("sig-{signal}"));
        t.send(CTRL_S);
        t.wait_for("Code:", WAIT);
        t.send("\x10");
        t.wait_for("press Enter to return to qdc", WAIT);
        t.signal(signal);
        assert_eq!(t.wait_exit(WAIT), status, "SIGTERM at the printed URL");
        t.assert_restored();

        // the first-run screen
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().display().to_string();
        let mut t = Tui::start(
            &[],
            &[
                ("QDC_CONFIG_DIR", &dir),
                ("HOME", &dir),
                ("QLIK_API_KEY", ""),
            ],
            80,
            24,
        );
        t.wait_for("first run", WAIT);
        t.signal(signal);
        assert_eq!(
            t.wait_exit(WAIT),
            status,
            "SIG{signal} at the first-run screen"
        );
        t.assert_restored();
    }
}

#[test]
fn case4_a_panic_restores_the_terminal_ends_qdc_and_writes_a_crash_report_without_secrets() {
    let key = "qdc-e2e-key-7f3a9c";
    let tenant = DemoTenant::start_with(&["--api-key", key]);
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().display().to_string();
    let mut t = Tui::start(
        &["--server", &tenant.url],
        &[
            ("QLIK_API_KEY", key),
            ("QDC_STATE_DIR", &dir),
            ("QDC_LOG", "debug"),
            ("QDC_DEBUG_PANIC", "background-task"),
        ],
        120,
        32,
    );
    assert_eq!(t.wait_exit(WAIT), 101, "the process ends");
    t.assert_restored();
    let raw = String::from_utf8_lossy(&t.raw()).to_string();
    assert!(raw.contains("qdc crashed: QDC_DEBUG_PANIC"), "{raw}");
    assert!(
        raw.contains("A crash report (no secrets in it) is at"),
        "{raw}"
    );
    let reports: Vec<_> = std::fs::read_dir(state.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .collect();
    assert_eq!(reports.len(), 1);
    let report = std::fs::read_to_string(reports[0].path()).unwrap();
    assert!(report.contains(env!("CARGO_PKG_VERSION")), "{report}");
    assert!(report.contains("panic: QDC_DEBUG_PANIC"), "{report}");
    assert!(
        report.contains("src/runtime/mod.rs"),
        "the location: {report}"
    );
    assert_no_secret(&report, key);
}

/// `secret` appears neither raw nor in base64 (as in a Basic header or an OSC 52 copy).
fn assert_no_secret(text: &str, secret: &str) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    assert!(!text.contains(secret), "{secret:?} in:\n{text}");
    assert!(!text.contains(&b64), "{secret:?} as base64 in:\n{text}");
    assert!(
        !text.contains(&b64[..b64.len() - 4]),
        "{secret:?} as base64 in:\n{text}"
    );
}

#[test]
fn the_log_of_a_whole_session_has_every_call_and_no_secret() {
    let key = "qdc-e2e-key-51d0e2";
    let secret = "s3-secret-key-9b77";
    let tenant = DemoTenant::start_with(&["--api-key", key]);
    let state = tempfile::tempdir().unwrap();
    let dir = state.path().display().to_string();
    let mut t = Tui::start(
        &["--server", &tenant.url],
        &[
            ("QLIK_API_KEY", key),
            ("QDC_STATE_DIR", &dir),
            ("QDC_LOG", "debug"),
        ],
        120,
        32,
    );
    t.wait_for("jane.analyst@corp.example", WAIT);
    t.send("3");
    t.wait_for("Connections 7/7", WAIT);
    t.send("y");
    // a create with a secret property, previewed and sent
    t.send("c");
    t.wait_for("Create a connection to", WAIT);
    t.send("(File_AmazonS3ConnectorV2)");
    t.wait_for("(File_AmazonS3ConnectorV2)", WAIT);
    t.send("\r");
    t.wait_for("Connection name", WAIT);
    t.send("log-e2e");
    let s = t.wait_for("log-e2e", WAIT);
    // fill every field the form shows, the secret ones with the secret
    let _ = s;
    t.send("\t\t\t");
    t.send(secret);
    t.send("\t");
    t.send(secret);
    t.send("\x10");
    t.send("\x1b");
    t.send(CTRL_S);
    std::thread::sleep(Duration::from_millis(800));
    t.send("\x03");
    t.wait_exit(WAIT);
    let sent = format!(
        "{:?}",
        tenant.requests_to("POST", "/api/v1/data-connections")
    );
    assert!(sent.contains(secret), "the secret was sent: {sent}");
    let log = std::fs::read_to_string(state.path().join("qdc.log")).unwrap();
    assert!(log.contains("GET /api/v1/data-connections 200"), "{log}");
    assert!(log.contains("GET /api/v1/users/me 200"), "{log}");
    assert!(log.contains("retries=0 bytes="), "{log}");
    assert_no_secret(&log, key);
    assert_no_secret(&log, secret);
    // and the terminal never got a log line
    let raw = String::from_utf8_lossy(&t.raw()).to_string();
    assert!(!raw.contains("retries=0"), "the log reached the terminal");
}

#[test]
fn case8_one_entry_off_the_contract_is_skipped_and_counted_never_blanking_the_pane_or_form() {
    let tenant = DemoTenant::start_with(&[
        "--faults",
        "GET /api/v1/data-connections=odd-entry;GET /api/v1/data-sources=odd-entry;\
         GET /api/v1/data-sources/File_DropboxConnector/api-specs=odd-entry",
    ]);
    let mut t = tui(&tenant);
    // one data source with an integer id: the others are listed, a message says why
    t.wait_for("jane.analyst@corp.example", WAIT);
    let s = t.wait_for("did not fit the API contract", WAIT);
    assert!(s.contains("Amazon S3 V2") || s.contains("Dropbox"), "{s}");
    t.send("3");
    let s = t.wait_for("· 1 skipped", WAIT);
    assert!(s.contains("Connections 6/6"), "{s}");
    // api-specs with "connectorVersion": null: the form still opens
    t.send("c");
    t.wait_for("Create a connection to", WAIT);
    t.send("(File_DropboxConnector)");
    t.wait_for("(File_DropboxConnector)", WAIT);
    t.send("\r");
    t.wait_for("Connection name", WAIT);
    quit(&mut t);
}

#[test]
fn case12_y_inside_tmux_sends_plain_osc52_and_does_not_claim_the_copy() {
    let tenant = DemoTenant::start(0);
    let mut t = on_connections_without_display(&tenant, &[("TMUX", "/tmp/tmux-0/default,1,0")], 32);
    t.send("y");
    t.wait_for("to the terminal's clipboard (OSC 52)", WAIT);
    let raw = String::from_utf8_lossy(&t.raw()).to_string();
    assert!(raw.contains("\x1b]52;c;"), "a plain OSC 52");
    assert!(!raw.contains("\x1bPtmux;"), "no DCS passthrough");
    assert!(!t.screen().contains("copied"), "{}", t.screen());
    // `y` in the JSON view copies the JSON it shows
    t.send("J");
    t.wait_for("connection JSON", WAIT);
    // the view shows the connection's GET once it answered (the list keeps only part of it)
    t.wait_for("\"qID\"", WAIT);
    t.send("y");
    let shown = t.wait_for(
        "sent the connection JSON to the terminal's clipboard (OSC 52)",
        WAIT,
    );
    let copied = last_osc52_copy(&t.raw());
    let json: serde_json::Value = serde_json::from_str(&copied).expect("the copy is JSON");
    let id = json["qID"].as_str().expect("a connection's qID");
    let stored = tenant.json(&format!("/api/v1/data-connections/{id}"));
    assert_eq!(json["qName"], stored["qName"], "{copied}");
    // the view's first lines are the copy's
    for line in copied.lines().skip(1).take(3) {
        assert!(shown.contains(line), "{line:?} not on\n{shown}");
    }
    quit(&mut t);
}

#[test]
fn case6_a_failed_refresh_keeps_the_rows_marks_them_stale_and_keeps_the_selection() {
    // the first list answers, every later one fails (503 is retried, then reported)
    let tenant = DemoTenant::start_with(&[
        "--faults",
        "GET /api/v1/data-connections=slow:1x1;GET /api/v1/data-connections=503",
    ]);
    let mut t = on_connections(&tenant);
    t.wait_for("Connections 7/7", WAIT);
    t.send("jj");
    let before = t.wait_until("the third row selected", WAIT, |s| {
        s.lines()
            .any(|l| l.contains('▸') && l.contains("DataFiles"))
    });
    let selected: String = before
        .lines()
        .find(|l| l.contains('▸'))
        .unwrap()
        .chars()
        .take(40)
        .collect();
    t.send("r");
    let s = t.wait_for("refresh failed: 503", Duration::from_secs(30));
    assert!(s.contains("showing the list from"), "{s}");
    assert!(s.contains("Connections 7/7"), "the rows are kept:\n{s}");
    assert!(
        s.lines()
            .any(|l| l.contains('▸') && l.starts_with(&selected)),
        "the selection is kept ({selected:?}):\n{s}"
    );
    quit(&mut t);
}

#[test]
fn case7_r_pressed_30_times_against_a_slow_tenant_sends_at_most_two_list_requests() {
    let tenant = DemoTenant::start_with(&[
        "--faults",
        "GET /api/v1/data-connections=slow:1x1;GET /api/v1/data-connections=slow:1500",
    ]);
    let mut t = on_connections(&tenant);
    t.wait_for("Connections 7/7", WAIT);
    for _ in 0..30 {
        t.send("r");
    }
    t.wait_for("reloads once more when this ends", WAIT);
    // the refresh in flight, then the one more it promised, then nothing
    t.wait_until("two refreshes answered", Duration::from_secs(20), |_| {
        tenant
            .requests_to("GET", "/api/v1/data-connections")
            .iter()
            .filter(|r| r["status"] == 200)
            .count()
            >= 3
    });
    std::thread::sleep(Duration::from_millis(2000));
    assert_eq!(
        list_requests(&tenant),
        3,
        "the first load, one refresh, one more"
    );
    t.wait_for("Connections 7/7", WAIT);
    quit(&mut t);
}

/// The text of the last OSC 52 copy the terminal received.
fn last_osc52_copy(raw: &[u8]) -> String {
    use base64::Engine;
    let raw = String::from_utf8_lossy(raw);
    let start = raw.rfind("\x1b]52;c;").expect("an OSC 52 copy") + "\x1b]52;c;".len();
    let len = raw[start..].find('\x07').expect("the OSC 52 ends with BEL");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..start + len])
        .expect("base64");
    String::from_utf8(bytes).expect("UTF-8")
}

/// A terminal that goes away without a SIGHUP reaching qdc: qdc's input and output are a pty
/// that is not its controlling terminal (as under a wrapper that called setsid), and the pty's
/// other side closes. qdc notices its terminal hung up and quits as on a SIGHUP (status 130),
/// instead of staying behind with its input thread spinning on the end of input.
#[test]
fn a_terminal_that_goes_away_without_a_sighup_ends_qdc() {
    use portable_pty::{native_pty_system, PtySize};
    use std::io::Read;
    let tenant = DemoTenant::start(0);
    let (cols, rows) = (120, 32);
    let size = PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pair = native_pty_system().openpty(size).expect("a pty");
    let tty = pair
        .master
        .tty_name()
        .expect("the pty's other side has a name");
    // opened by path in a process that is no session leader: it becomes nobody's controlling
    // terminal, so closing its other side signals nobody
    let open = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&tty)
            .expect("the pty opens")
    };
    let mut qdc = std::process::Command::new(common::QDC)
        .args(["--server", &tenant.url])
        .env("QLIK_API_KEY", "demo")
        .env("TERM", "xterm-256color")
        .stdin(open())
        .stdout(open())
        .stderr(open())
        .spawn()
        .expect("qdc starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("a reader");
    let (seen, on_screen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut screen = vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        );
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            screen.process(&buf[..n]);
            if screen
                .screen()
                .contents()
                .contains("jane.analyst@corp.example")
            {
                let _ = seen.send(());
                // the reader goes with this thread: the pty's other side is then closed
                return;
            }
        }
    });
    let shown = on_screen.recv_timeout(WAIT);
    drop(pair.master);
    let end = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = qdc.try_wait().expect("qdc's status") {
            break status;
        }
        if std::time::Instant::now() > end {
            let _ = qdc.kill();
            panic!("qdc is still running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    shown.expect("qdc drew the tenant's sources");
    assert_eq!(status.code(), Some(130), "ended as on a SIGHUP");
}
