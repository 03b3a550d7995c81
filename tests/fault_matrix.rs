//! The fault matrix: every fault the demo tenant can inject on the three calls an admin's work
//! hangs on (the connections list, a source's api-specs, the create), through qdc's real event
//! loop, client and screens, against the demo tenant over HTTP. One table per call; each case
//! asserts what the admin reads, that the form survives a failed create and, from the tenant's
//! request log, that a create is never POSTed twice. The terminal is not what is tested here
//! (the pty tests do that), so each case runs in-process on a `TestBackend` (`common::in_process`),
//! all cases of a table at once.

mod common;

use std::time::Duration;

use common::in_process::Session;
use common::DemoTenant;
use common::Screen;

const WAIT: Duration = Duration::from_secs(30);
/// The request timeout of the "slower than the timeout" case (a profile's
/// `request_timeout_secs`; the other cases keep the default), and the tenant's delay there. Wide
/// margins: a loaded CI machine must not time out a request that is not the slow one. The slow
/// create ends on the tenant after the client gave up but before qdc's looks end (they go on
/// for as long as the lost request was out again: until 2 × TIMEOUT).
const TIMEOUT: Duration = Duration::from_secs(4);
const SLOW_MS: u64 = 6000;
const CREATE: &str = "/api/v1/data-connections";

/// The requests the tenant received with this method and exactly this path.
fn received(tenant: &DemoTenant, method: &str, path: &str) -> Vec<serde_json::Value> {
    tenant
        .requests()
        .into_iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .collect()
}

/// How many connections named `name` the tenant holds.
fn connections_named(tenant: &DemoTenant, name: &str) -> usize {
    let list = tenant.json(&format!("{CREATE}?limit=100"));
    let data = list["data"].as_array().expect("a list");
    assert!(list["links"]["next"].is_null(), "one page holds them all");
    data.iter().filter(|c| c["qName"] == name).count()
}

/// One fault: its `--faults` kind and what the admin reads after it, per call.
struct Case {
    name: &'static str,
    fault: String,
    /// What the list and the form say when a GET fails so.
    get: &'static str,
    /// What the form says when the create fails so.
    create: &'static str,
    /// Whether the tenant carries out a create under this fault (the answer is lost after it).
    creates: bool,
    /// Whether a GET is sent again under this fault (the retry rule: 429, 502-504, no answer).
    retried: bool,
    timeout: Option<Duration>,
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    // the form's name is s3-CASE (see the create test)
    let dropped = "before the connection dropped; Ctrl-s looks it up first";
    let unread = "but its answer could not be read; Ctrl-s looks it up first";
    let timed_out = "may have created s3-slow before the request timed out";
    // name, fault, what the list and the form say, what a create says, creates, GET retried
    let table: [(&'static str, String, &'static str, &'static str, bool, bool); 12] = [
        ("401", "401".into(), "401 unauthorized", "401 unauthorized", false, false),
        ("403", "403".into(), "403 forbidden", "403 forbidden", false, false),
        ("404", "404".into(), "404 not found", "404 not found", false, false),
        ("409", "409".into(), "409 conflict", "409 conflict", false, false),
        ("429", "429:1".into(), "429 rate limited: HTTP-429", "429 rate limited", false, true),
        ("500", "500".into(), "500 server error", "500 server error", false, false),
        ("503", "503".into(), "503 unavailable", "503 unavailable", false, true),
        ("malformed", "malformed".into(), "unexpected response", unread, false, false),
        ("truncated", "truncate".into(), "unexpected response", unread, true, false),
        ("reset", "reset".into(), "connection failed", dropped, false, true),
        ("reset-after", "reset-after".into(), "connection failed", dropped, true, true),
        ("slow", format!("slow:{SLOW_MS}"), "timed out", timed_out, true, false),
    ];
    table
        .into_iter()
        .map(|(name, fault, get, create, creates, retried)| Case {
            name,
            fault,
            get,
            create,
            creates,
            retried,
            // only the slow case waits less than the default
            timeout: (name == "slow").then_some(TIMEOUT),
        })
        .collect()
}

/// Runs `each` for every case at once (a thread named after the case), each on its own
/// tenant with `rule(case)` as faults.
fn matrix(rule: impl Fn(&Case) -> String + Sync, each: impl Fn(&Case, &Session) + Sync) {
    let cases = cases();
    std::thread::scope(|scope| {
        for case in &cases {
            let (rule, each) = (&rule, &each);
            std::thread::Builder::new()
                .name(format!("case {}", case.name))
                .spawn_scoped(scope, move || {
                    let faults = rule(case);
                    let session =
                        Session::start_with_client(&["--faults", &faults], 120, 36, |config| {
                            if let Some(timeout) = case.timeout {
                                config.request_timeout = timeout;
                            }
                        });
                    session.wait_for("jane.analyst@corp.example", WAIT);
                    each(case, &session);
                })
                .unwrap();
        }
    });
}

/// How many times a GET goes out under `case`: once, or once and every retry.
fn gets(case: &Case) -> usize {
    if case.retried {
        1 + qdc::api::RetryPolicy::default().max_retries as usize
    } else {
        1
    }
}

#[test]
fn every_fault_on_the_connections_list_says_what_happened_in_the_pane() {
    matrix(
        |c| format!("GET {CREATE}={}", c.fault),
        |case, s| {
            s.send("3");
            let screen = s.wait_for("r to retry · ! for every message", WAIT);
            // in the pane itself, where the rows would be, not only in the footer
            let pane = screen
                .lines()
                .skip_while(|l| !l.contains("┌ Connections 0/0"))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                pane.contains(&format!("│{}", case.get)),
                "case {}:\n{screen}",
                case.name
            );
            assert_eq!(
                received(&s.tenant, "GET", CREATE).len(),
                gets(case),
                "case {}",
                case.name
            );
        },
    );
}

/// From Connections: `c`, the S3 source, and the form it opens (its api-specs asked for).
fn open_s3_form(s: &Session) {
    s.send("3");
    s.wait_for("Connections 7/7", WAIT);
    s.send("c");
    s.wait_for("│ Amazon S3 V2 (File_AmazonS3ConnectorV2)", WAIT);
    s.send("(File_AmazonS3ConnectorV2)");
    s.wait_until("the source picked out", WAIT, |s| {
        s.contains("/(File_AmazonS3ConnectorV2)")
            && !s.contains("│ Amazon S3 (File_AmazonS3Connector)")
    });
    s.send("\r");
    s.wait_for("New connection · Amazon S3 V2", WAIT);
}

#[test]
fn every_fault_on_the_api_specs_says_so_in_the_form_which_sends_nothing() {
    matrix(
        |c| format!("GET /api/v1/data-sources/*={}", c.fault),
        |case, s| {
            open_s3_form(s);
            let said = format!("the form could not be loaded: {}", case.get);
            let screen = s.wait_for(&said, WAIT);
            // a form without its api-specs has no properties to fill and sends nothing
            assert!(
                !screen.contains("Bucket name"),
                "case {}:\n{screen}",
                case.name
            );
            let specs = "/api/v1/data-sources/File_AmazonS3ConnectorV2/api-specs";
            assert!(
                received(&s.tenant, "GET", specs).len() >= gets(case),
                "case {}",
                case.name
            );
            s.send("s3\x13");
            let screen = s.wait_for(" nothing sent: the form could not be loaded (", WAIT);
            assert!(
                screen.contains("│▸ Connection name *     s3 "),
                "case {}:\n{screen}",
                case.name
            );
            assert_eq!(
                received(&s.tenant, "POST", CREATE).len(),
                0,
                "case {}",
                case.name
            );
        },
    );
}

#[test]
fn every_fault_on_a_create_keeps_the_form_and_never_creates_twice() {
    matrix(
        |c| format!("POST {CREATE}={}x1", c.fault),
        |case, s| {
            let name = format!("s3-{}", case.name);
            open_s3_form(s);
            s.wait_for("│  Secret key ", WAIT);
            s.send(&name);
            s.send("\t\r");
            s.wait_for("┌ Space ─", WAIT);
            s.send("Finance");
            // Enter picks once the spaces are in
            s.wait_until("the Finance space in the list", WAIT, |s| {
                s.contains("/Finance") && !s.contains("nothing matches")
            });
            s.send("\r");
            s.wait_for("Finance ▾", WAIT);
            s.send("\t\tbucket-name\t\tAKIAE2E\tsecret\x13");
            let screen = s.wait_for(case.create, WAIT);
            for kept in [name.as_str(), "bucket-name", "Finance ▾", "•••••• "] {
                assert!(
                    screen.contains(kept),
                    "case {}: {kept} is kept:\n{screen}",
                    case.name
                );
            }
            assert_eq!(
                received(&s.tenant, "POST", CREATE).len(),
                1,
                "case {}: one POST",
                case.name
            );
            // Ctrl-S again at once, while the slow one is still at work on the tenant: after
            // a lost answer qdc looks the name up until the lost request's time has passed
            // again, and sends again only after a yes to "send again?"
            s.send("\x13");
            let screen = s.wait_until("the result or the resend confirm", WAIT, |s| {
                s.contains("Connection created") || s.contains("Send the create again?")
            });
            if screen.contains("Send the create again?") {
                assert!(
                    !case.creates,
                    "case {}: the connection exists, yet every look missed it:\n{screen}",
                    case.name
                );
                assert!(
                    screen.contains("The first request may still be running on the tenant"),
                    "case {}:\n{screen}",
                    case.name
                );
                assert_eq!(
                    received(&s.tenant, "POST", CREATE).len(),
                    1,
                    "case {}: nothing sent before the yes",
                    case.name
                );
                s.send("y");
                s.wait_for("Connection created", WAIT);
            }
            assert_eq!(connections_named(&s.tenant, &name), 1, "case {}", case.name);
            // a second POST only where the first did not create
            let posts = received(&s.tenant, "POST", CREATE);
            assert_eq!(
                posts.len(),
                if case.creates { 1 } else { 2 },
                "case {}",
                case.name
            );
            // the second is the first again, secrets included: nothing of the form was lost
            assert!(
                posts.windows(2).all(|w| w[0]["body"] == w[1]["body"]),
                "case {}: {posts:?}",
                case.name
            );
            assert_eq!(
                posts[0]["body"]["connectionProperties"]["secretKey"], "secret",
                "case {}",
                case.name
            );
        },
    );
}
