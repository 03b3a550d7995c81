//! The fault matrix: every fault the demo tenant can inject on the three calls an admin's work
//! hangs on (the connections list, a source's api-specs, the create), through qdc's real event
//! loop, client and screens, against the demo tenant over HTTP. One table per call; each case
//! asserts what the admin reads, that the form survives a failed create and, from the tenant's
//! request log, that a create is never POSTed twice. The terminal is not what is tested here
//! (the pty tests do that), so each case runs in-process on a `TestBackend`, all cases of a
//! table at once.

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use qdc::api::{ApiKey, Client, ClientConfig, ConnectionsQuery};
use qdc::app::state::Tenant;
use qdc::app::App;
use qdc::demo::DemoServer;
use qdc::runtime::clipboard::Osc52;
use qdc::runtime::{run, SideChannel};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use tokio::runtime::Runtime;

const WAIT: Duration = Duration::from_secs(30);
/// The request timeout of the "slower than the timeout" case (a profile's
/// `request_timeout_secs`; the other cases keep the default), and the tenant's delay there. Wide
/// margins: a loaded CI machine must not time out a request that is not the slow one.
const TIMEOUT: Duration = Duration::from_secs(4);
const SLOW_MS: u64 = 8000;
const CREATE: &str = "/api/v1/data-connections";

/// A `TestBackend` the test reads while the event loop draws on it.
#[derive(Clone)]
struct Shared(Arc<Mutex<TestBackend>>);

impl Shared {
    fn with<R>(&self, f: impl FnOnce(&mut TestBackend) -> R) -> R {
        f(&mut self.0.lock().unwrap())
    }
}

impl Backend for Shared {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.with(|b| b.draw(content))
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.with(|b| b.hide_cursor())
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.with(|b| b.show_cursor())
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.with(|b| b.get_cursor_position())
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        self.with(|b| b.set_cursor_position(position))
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.with(|b| b.clear())
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.with(|b| b.clear_region(clear_type))
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.0.lock().unwrap().size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.with(|b| b.window_size())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.with(|b| b.flush())
    }
}

/// One qdc session on its own demo tenant with `faults`.
struct Session {
    case: &'static str,
    screen: Shared,
    keys: tokio::sync::mpsc::UnboundedSender<Event>,
    tenant: DemoServer,
}

impl Session {
    fn start(rt: &Runtimes, case: &Case, faults: &str) -> Session {
        let tenant = rt.tenants.block_on(support::demo_with_faults(faults));
        let mut config = ClientConfig::new(tenant.base_url());
        if let Some(timeout) = case.timeout {
            config.request_timeout = timeout;
        }
        let client = Client::new(&config, Arc::new(ApiKey::new("demo"))).unwrap();
        let screen = Shared(Arc::new(Mutex::new(TestBackend::new(120, 36))));
        let (keys, typed) = tokio::sync::mpsc::unbounded_channel::<Event>();
        let input = Box::pin(futures_util::stream::unfold(
            typed,
            |mut typed| async move {
                let key = typed.recv().await?;
                Some((Ok::<Event, io::Error>(key), typed))
            },
        ));
        let app = App::new(Tenant {
            profile: "demo".into(),
            host: tenant.addr().to_string(),
        });
        let backend = screen.clone();
        rt.qdc.spawn(async move {
            let mut terminal = Terminal::new(backend).unwrap();
            let mut app = app;
            let side = SideChannel {
                out: Box::new(io::sink()),
                osc52: Osc52,
                native: None,
            };
            let channel = tokio::sync::mpsc::unbounded_channel();
            let _ = run(&mut terminal, &mut app, input, client, channel, side).await;
        });
        Session {
            case: case.name,
            screen,
            keys,
            tenant,
        }
    }

    fn screen(&self) -> String {
        self.screen.with(|b| b.to_string())
    }

    /// Keys as a terminal sends them: Tab, Enter, Esc, Ctrl-S, else characters.
    fn send(&self, keys: &str) {
        for c in keys.chars() {
            let (code, mods) = match c {
                '\t' => (KeyCode::Tab, KeyModifiers::NONE),
                '\r' => (KeyCode::Enter, KeyModifiers::NONE),
                '\x1b' => (KeyCode::Esc, KeyModifiers::NONE),
                '\x13' => (KeyCode::Char('s'), KeyModifiers::CONTROL),
                c => (KeyCode::Char(c), KeyModifiers::NONE),
            };
            let _ = self.keys.send(Event::Key(KeyEvent::new(code, mods)));
        }
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + WAIT;
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            if Instant::now() > end {
                let log: Vec<String> = self
                    .tenant
                    .requests()
                    .iter()
                    .map(|r| format!("{} {}?{} {}", r.method, r.path, r.query, r.status))
                    .collect();
                panic!(
                    "case {}: waited for {what}; the screen:\n{s}\nthe tenant received:\n{}",
                    self.case,
                    log.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// How many connections named `name` the tenant holds.
    fn connections_named(&self, rt: &Runtimes, name: &str) -> usize {
        rt.tenants.block_on(async {
            let client = support::client(&self.tenant);
            let mut pager = client.connections(&ConnectionsQuery::default());
            let mut named = 0;
            while let Some(page) = pager.next_page().await {
                named += page
                    .unwrap()
                    .data
                    .iter()
                    .filter(|c| c.q_name == name)
                    .count();
            }
            named
        })
    }

    fn requests(&self, method: &str, path: &str) -> usize {
        support::count(&self.tenant, method, path)
    }
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
    let dropped = "before the connection dropped; Ctrl-S looks it up first";
    let unread = "but its answer could not be read; Ctrl-S looks it up first";
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
        ("slow", format!("slow:{SLOW_MS}"), "timed out", timed_out, false, false),
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

/// The demo tenants run on one runtime, the qdc sessions on another, as if in processes of
/// their own.
struct Runtimes {
    tenants: Runtime,
    qdc: Runtime,
}

fn runtime(workers: usize) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `each` for every case at once, each on its own tenant with `rule(case)` as faults.
fn matrix(rule: impl Fn(&Case) -> String + Sync, each: impl Fn(&Case, &Session, &Runtimes) + Sync) {
    let rt = Runtimes {
        tenants: runtime(2),
        qdc: runtime(4),
    };
    let cases = cases();
    std::thread::scope(|scope| {
        for case in &cases {
            let (rt, rule, each) = (&rt, &rule, &each);
            scope.spawn(move || {
                let session = Session::start(rt, case, &rule(case));
                session.wait_for("jane.analyst@corp.example");
                each(case, &session, rt);
            });
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
        |case, s, _| {
            s.send("3");
            let screen = s.wait_for("r to retry · ! for every message");
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
            assert_eq!(s.requests("GET", CREATE), gets(case), "case {}", case.name);
        },
    );
}

/// From Connections: `c`, the S3 source, and the form it opens (its api-specs asked for).
fn open_s3_form(s: &Session) {
    s.send("3");
    s.wait_for("Connections 7/7");
    s.send("c");
    s.wait_for("│ Amazon S3 V2 (File_AmazonS3ConnectorV2)");
    s.send("(File_AmazonS3ConnectorV2)");
    s.wait_until("the source picked out", |s| {
        s.contains("/(File_AmazonS3ConnectorV2)")
            && !s.contains("│ Amazon S3 (File_AmazonS3Connector)")
    });
    s.send("\r");
    s.wait_for("New connection · Amazon S3 V2");
}

#[test]
fn every_fault_on_the_api_specs_says_so_in_the_form_which_sends_nothing() {
    matrix(
        |c| format!("GET /api/v1/data-sources/*={}", c.fault),
        |case, s, _| {
            open_s3_form(s);
            let said = format!("the form could not be loaded: {}", case.get);
            let screen = s.wait_for(&said);
            // a form without its api-specs has no properties to fill and sends nothing
            assert!(
                !screen.contains("Bucket name"),
                "case {}:\n{screen}",
                case.name
            );
            let specs = "/api/v1/data-sources/File_AmazonS3ConnectorV2/api-specs";
            assert!(s.requests("GET", specs) >= gets(case), "case {}", case.name);
            s.send("s3\x13");
            let screen = s.wait_for(" nothing sent: the form could not be loaded (");
            assert!(
                screen.contains("│▸ Connection name *     s3 "),
                "case {}:\n{screen}",
                case.name
            );
            assert_eq!(s.requests("POST", CREATE), 0, "case {}", case.name);
        },
    );
}

#[test]
fn every_fault_on_a_create_keeps_the_form_and_never_creates_twice() {
    matrix(
        |c| format!("POST {CREATE}={}x1", c.fault),
        |case, s, rt| {
            let name = format!("s3-{}", case.name);
            open_s3_form(s);
            s.wait_for("│  Secret key ");
            s.send(&name);
            s.send("\t\r");
            s.wait_for("┌ Space ─");
            s.send("Finance");
            // Enter picks once the spaces are in
            s.wait_until("the Finance space in the list", |s| {
                s.contains("/Finance") && !s.contains("nothing matches")
            });
            s.send("\r");
            s.wait_for("Finance ▾");
            s.send("\t\tbucket-name\t\tAKIAE2E\tsecret\x13");
            let screen = s.wait_for(case.create);
            for kept in [name.as_str(), "bucket-name", "Finance ▾", "•••••• "] {
                assert!(
                    screen.contains(kept),
                    "case {}: {kept} is kept:\n{screen}",
                    case.name
                );
            }
            assert_eq!(
                s.requests("POST", CREATE),
                1,
                "case {}: one POST",
                case.name
            );
            if case.timeout.is_some() {
                // the tenant is still at work on the request qdc gave up on: let it finish
                std::thread::sleep(Duration::from_millis(SLOW_MS) - TIMEOUT);
            }
            // the fault has passed: Ctrl-S again ends with the connection, created once
            s.send("\x13");
            s.wait_for("Connection created");
            assert_eq!(s.connections_named(rt, &name), 1, "case {}", case.name);
            // a second POST only where the first did not create (the slow one: the tenant
            // drops what it was doing when qdc hangs up, or finishes it, and qdc finds it)
            let first = s
                .tenant
                .requests()
                .into_iter()
                .find(|r| r.method == "POST")
                .unwrap();
            let slow_finished = case.timeout.is_some() && (200..300).contains(&first.status);
            let created_first = case.creates || slow_finished;
            let posts = if created_first { 1 } else { 2 };
            assert_eq!(s.requests("POST", CREATE), posts, "case {}", case.name);
            // the second is the first again, secrets included: nothing of the form was lost
            let bodies: Vec<_> = s
                .tenant
                .requests()
                .into_iter()
                .filter(|r| r.method == "POST" && r.path == CREATE)
                .map(|r| r.body)
                .collect();
            assert!(
                bodies.windows(2).all(|w| w[0] == w[1]),
                "case {}: {bodies:?}",
                case.name
            );
            assert_eq!(
                bodies[0].as_ref().unwrap()["connectionProperties"]["secretKey"],
                "secret",
                "case {}",
                case.name
            );
        },
    );
}
