//! Tenants in the real binary, in a pty, in a sandboxed HOME with the test-only file keyring:
//! the first-run screen, `:profile NAME` between two demo tenants, read-only profiles, `[keys]`
//! overrides and a malformed config.

mod common;

use std::time::Duration;

use common::Screen;
use common::{DemoTenant, Sandbox};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn first_run_offers_the_demo_and_enter_opens_it() {
    let sb = Sandbox::new();
    let mut tui = sb.tui(&[], 80, 24);
    let s = tui.wait_for("first run", WAIT);
    assert!(s.contains("No tenant is configured yet"), "{s}");
    assert!(
        s.contains("qdc profile add NAME --server https://TENANT.REGION.qlikcloud.com"),
        "{s}"
    );
    tui.send("\r");
    tui.wait_for("demo (127.0.0.1:", WAIT);
    tui.wait_for("Amazon S3 V2", WAIT);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn first_run_adds_a_tenant_and_opens_it_with_the_key_only_in_the_keyring() {
    let tenant = DemoTenant::start_with(&[]); // answers to the API key `demo`
    let sb = Sandbox::new();
    let mut tui = sb.tui(&[], 80, 24);
    tui.wait_for("first run", WAIT);
    tui.send("a");
    tui.wait_for("add a tenant", WAIT);

    // a bad name first: the error is beside it, and nothing typed is lost
    tui.send("acme/dev\r");
    tui.send(&format!("{}\r", tenant.url));
    tui.send("\r"); // auth: api-key
    tui.send("\x1b[200~demo\x1b[201~"); // bracketed paste, arriving whole
    let s = tui.wait_for("••••", WAIT);
    assert!(!s.contains("demo"), "the secret is masked\n{s}");
    tui.send("\r\r\r"); // description, read-only, and Enter on the last field adds
    let s = tui.wait_for("only letters, digits", WAIT);
    assert!(s.contains(&tenant.url), "{s}");
    assert!(!sb.config_file().exists(), "nothing is written on an error");

    // the focus went to the name, the first field with an error
    tui.send("\x7f\x7f\x7f\x7f-dev"); // "acme/dev" -> "acme-dev"
    tui.send("\x13"); // Ctrl-S adds from any field
    let s = tui.wait_for(&format!("acme-dev ({})", tenant.host()), WAIT);
    assert!(!s.contains("demo (127.0.0.1"), "{s}");
    tui.wait_for("Amazon S3 V2", WAIT);
    tui.wait_for("jane.analyst@corp.example", WAIT);

    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(config.contains("[profiles.acme-dev]"), "{config}");
    assert!(
        config.contains("default_profile = \"acme-dev\""),
        "{config}"
    );
    assert!(
        !config.contains("demo"),
        "the key is not in the config\n{config}"
    );
    let keyring = std::fs::read_to_string(sb.keyring.path().join("secrets.json")).unwrap();
    assert!(
        keyring.contains("acme-dev") && keyring.contains("\"demo\""),
        "{keyring}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn first_run_add_takes_a_bare_host_and_offers_read_only() {
    let sb = Sandbox::new();
    let mut tui = sb.tui(&[], 80, 24);
    tui.wait_for("first run", WAIT);
    tui.send("a");
    tui.wait_for("add a tenant", WAIT);
    tui.send("acme\r");
    tui.send("acme.eu.qlikcloud.com\r"); // a bare host, as qlik-cli writes it
    tui.send("\r"); // auth: api-key
    tui.send("k3y\r\r"); // the key, past the description
    let s = tui.wait_for("(•) no  ( ) yes", WAIT);
    assert!(s.contains("Read-only"), "{s}");
    tui.send(" ");
    tui.wait_for("keys that change the tenant are off", WAIT);
    tui.send("\r"); // Enter on the last field adds
    let s = tui.wait_for("acme (acme.eu.qlikcloud.com)", WAIT);
    assert!(s.contains("[RO]"), "{s}");
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(
        config.contains("server = \"https://acme.eu.qlikcloud.com\""),
        "{config}"
    );
    assert!(config.contains("read_only = true"), "{config}");
    tui.send("\x03");
    tui.wait_exit(WAIT);
}

#[test]
fn first_run_offers_qlik_cli_contexts_lists_them_and_i_imports_and_opens_the_current_one() {
    let tenant = DemoTenant::start_with(&[]); // answers to the API key `demo`
    let sb = Sandbox::new();
    let qlik = sb.home.path().join(".qlik");
    std::fs::create_dir_all(&qlik).unwrap();
    std::fs::write(
        qlik.join("contexts.yml"),
        format!(
            "contexts:\n  me@cloud:\n    headers:\n      Authorization: Bearer demo\n    server: {url}\n    server-type: cloud\n  on-prem:\n    server: https://sense.corp.example.com\n    server-type: Windows\ncurrentContext: me@cloud\n",
            url = tenant.url
        ),
    )
    .unwrap();
    let mut tui = sb.tui(&[], 100, 30);
    let s = tui.wait_for("first run", WAIT);
    assert!(s.contains("import from qlik-cli"), "{s}");
    assert!(
        s.contains("\"me-cloud\" (from context \"me@cloud\")"),
        "the derived name is said before anything is written: {s}"
    );
    assert!(s.contains("left out: on-prem"), "{s}");
    assert!(
        s.contains("\"me-cloud\" becomes the default profile"),
        "{s}"
    );
    assert!(s.contains("<i> import qlik-cli contexts"), "{s}");
    assert!(!sb.config_file().exists(), "nothing written before i");
    tui.send("i");
    tui.wait_for(&format!("me-cloud ({})", tenant.host()), WAIT);
    tui.wait_for("Amazon S3 V2", WAIT);
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(
        config.contains("default_profile = \"me-cloud\""),
        "{config}"
    );
    assert!(!config.contains("on-prem"), "{config}");
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn first_run_without_qlik_cli_contexts_offers_no_import() {
    let sb = Sandbox::new();
    let mut tui = sb.tui(&[], 80, 24);
    let s = tui.wait_for("first run", WAIT);
    assert!(!s.contains("import"), "{s}");
    tui.send("i"); // not a key here
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn first_run_q_quits() {
    let sb = Sandbox::new();
    let mut tui = sb.tui(&[], 80, 24);
    tui.wait_for("first run", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn profile_switches_tenant_live_and_the_other_tenant_sees_its_key() {
    let one = DemoTenant::start_with(&["--api-key", "key-one"]);
    let two = DemoTenant::start_with(&["--api-key", "key-two"]);
    let sb = Sandbox::new();
    sb.add_profile("one", &one.url, "key-one", &[]);
    sb.add_profile("two", &two.url, "key-two", &[]);

    let mut tui = sb.tui(&["--profile", "one"], 100, 30);
    tui.wait_for(&format!("one ({})", one.host()), WAIT);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    tui.wait_for("sqlserver_sales", WAIT);

    // Tab completes the profile name from the config
    tui.send(":profile tw\t");
    tui.wait_for(":profile two", WAIT);
    tui.send("\r");
    let s = tui.wait_for(&format!("two ({})", two.host()), WAIT);
    assert!(!s.contains(&format!("one ({})", one.host())), "{s}");
    tui.wait_for("switched to two", WAIT);
    tui.wait_for("sqlserver_sales", WAIT); // the pane reloaded from the new tenant

    // the second tenant accepted requests, so they carried its key (it answers 401 to others)
    let log = serde_json::Value::Array(two.requests());
    let me = log
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/api/v1/users/me")
        .unwrap_or_else(|| panic!("no users/me on the second tenant: {log:#}"));
    assert_eq!(me["status"], 200, "{me:#}");
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "/api/v1/data-connections" && r["status"] == 200),
        "{log:#}"
    );

    // an unknown profile says so and leaves the tenant as it was
    tui.send(":profile nope\r");
    let s = tui.wait_for("no profile named \"nope\"", WAIT);
    assert!(s.contains(&format!("two ({})", two.host())), "{s}");

    // and back to the demo tenant, started on demand
    tui.send(":profile demo\r");
    tui.wait_for("demo (127.0.0.1:", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn a_missing_secret_leaves_the_current_tenant() {
    let one = DemoTenant::start_with(&["--api-key", "key-one"]);
    let sb = Sandbox::new();
    sb.add_profile("one", &one.url, "key-one", &[]);
    // a second profile written by hand: no keyring entry
    let mut text = std::fs::read_to_string(sb.config_file()).unwrap();
    text.push_str("\n[profiles.lost]\nserver = \"https://lost.eu.qlikcloud.com\"\n");
    std::fs::write(sb.config_file(), text).unwrap();

    let mut tui = sb.tui(&["--profile", "one"], 120, 30);
    tui.wait_for(&format!("one ({})", one.host()), WAIT);
    tui.send(":profile lost\r");
    let s = tui.wait_for("no API key for profile \"lost\"", WAIT);
    assert!(s.contains(&format!("one ({})", one.host())), "{s}");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn a_read_only_profile_shows_ro_and_its_help_lists_no_mutating_key() {
    let tenant = DemoTenant::start_with(&[]);
    let sb = Sandbox::new();
    sb.add_profile("prod", &tenant.url, "demo", &["--read-only"]);
    let mut tui = sb.tui(&[], 100, 40);
    let s = tui.wait_for("Amazon S3 V2", WAIT);
    assert!(s.contains("[RO]"), "{s}");
    tui.send("?");
    let help = tui.wait_for_stable("Help: Sources", WAIT);
    let mutating: Vec<_> = qdc::app::keymap::BINDINGS
        .iter()
        .filter(|b| b.intent.mutates())
        .collect();
    for b in &mutating {
        assert!(
            !help.contains(b.desc),
            "read-only help shows {:?}\n{help}",
            b.desc
        );
    }
    assert!(help.contains("quit"), "{help}");
    // `c` opens no form and says why in the footer; `d` on a connection too
    tui.send("\x1b");
    tui.wait_gone("Help: Sources", WAIT);
    tui.send("c");
    let s = tui.wait_for("read-only profile: create is disabled", WAIT);
    assert!(!s.contains("New connection"), "{s}");
    tui.send("3");
    tui.wait_for("sqlserver_sales", WAIT);
    tui.send("d");
    let s = tui.wait_for("read-only profile: delete is disabled", WAIT);
    assert!(!s.contains("Delete"), "no confirm opens: {s}");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);

    // the same tenant without read-only: no badge, and the help does list the create key
    let sb = Sandbox::new();
    sb.add_profile("dev", &tenant.url, "demo", &[]);
    let mut tui = sb.tui(&[], 100, 40);
    let s = tui.wait_for_stable("Amazon S3 V2", WAIT);
    assert!(!s.contains("[RO]"), "{s}");
    tui.send("?");
    let help = tui.wait_for_stable("Help: Sources", WAIT);
    assert!(
        help.contains("create a connection to this source"),
        "{help}"
    );
    tui.send("\x03");
    tui.wait_exit(WAIT);
}

#[test]
fn a_keys_override_quits_with_x_and_q_no_longer_quits() {
    let tenant = DemoTenant::start_with(&[]);
    let sb = Sandbox::new();
    sb.add_profile("dev", &tenant.url, "demo", &[]);
    let mut text = std::fs::read_to_string(sb.config_file()).unwrap();
    text.push_str("\n[keys]\nquit = \"x\"\n");
    std::fs::write(sb.config_file(), text).unwrap();

    let mut tui = sb.tui(&[], 100, 30);
    let s = tui.wait_for("Amazon S3 V2", WAIT);
    assert!(s.contains("<x> quit"), "{s}");
    tui.send("q");
    std::thread::sleep(Duration::from_millis(500));
    assert!(tui.screen().contains("Amazon S3 V2"), "q quit anyway");
    tui.send("x");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn a_bad_keys_entry_is_reported_and_the_rest_still_works() {
    let tenant = DemoTenant::start_with(&[]);
    let sb = Sandbox::new();
    sb.add_profile("dev", &tenant.url, "demo", &[]);
    let mut text = std::fs::read_to_string(sb.config_file()).unwrap();
    text.push_str("\n[keys]\nquitt = \"x\"\n");
    std::fs::write(sb.config_file(), text).unwrap();

    let mut tui = sb.tui(&[], 120, 30);
    let s = tui.wait_for("did you mean quit?", WAIT);
    assert!(s.contains("[keys] quitt"), "{s}");
    tui.wait_for("Amazon S3 V2", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

#[test]
fn a_malformed_config_shows_line_and_column_and_still_offers_the_demo() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.config_file().parent().unwrap()).unwrap();
    std::fs::write(
        sb.config_file(),
        "[profiles.prod]\nserver = \"https://acme.eu.qlikcloud.com\"\nread_only = maybe\n",
    )
    .unwrap();
    let mut tui = sb.tui(&[], 160, 30);
    let s = tui.wait_for("cannot be used", WAIT);
    assert!(s.contains("line 3, column 13"), "{s}");
    tui.send("\r");
    tui.wait_for("demo (127.0.0.1:", WAIT);
    tui.wait_for("Amazon S3 V2", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
}
