//! The real event loop (`qdc::runtime::run`) in this process, on ratatui's `TestBackend`, with
//! scripted keys and the demo tenant on loopback in the same process: a flow tested this way
//! needs no pseudo-terminal, no child process, no escape-sequence parsing and no pause after a
//! lone Esc, so it does not depend on how a loaded machine schedules a pty. The pty tests stay for what only a terminal shows (raw
//! mode, restoring the terminal, signals, OSC 52 bytes, the binary's flags and exit codes).
//!
//! A [`Session`] waits like [`super::Tui`] does (`wait_for`, `wait_for_stable`, `wait_gone`,
//! `wait_selected`), and its `tenant` answers like a [`super::DemoTenant`].

use std::convert::Infallible;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use qdc::api::{ApiKey, Client, ClientConfig};
use qdc::app::App;
use qdc::demo::{DemoOptions, DemoServer, FaultPlan};
use qdc::runtime::clipboard::Osc52;
use qdc::runtime::{run, SideChannel};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use tokio::sync::mpsc::UnboundedSender;

use super::{DemoTenant, Screen};

/// The demo tenant's options from `qdc demo-server`'s flags as the pty tests pass them:
/// `--connections N`, `--latency-ms N`, `--faults SPEC`.
pub fn demo_options(args: &[&str]) -> DemoOptions {
    let mut opts = DemoOptions::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| panic!("{flag} takes a value"));
        match *flag {
            "--connections" => opts.connections = value.parse().expect("a count"),
            "--latency-ms" => opts.latency = Duration::from_millis(value.parse().expect("ms")),
            "--faults" => opts.faults = FaultPlan::parse(value).expect("a fault plan"),
            other => panic!("no such demo-server flag here: {other}"),
        }
    }
    opts
}

/// The screen the loop draws on, shared with the test that reads it.
#[derive(Clone)]
struct SharedScreen(Arc<Mutex<TestBackend>>);

impl SharedScreen {
    /// The screen as text, a line per row without its trailing blanks (as the pty tests'
    /// virtual terminal gives it).
    fn text(&self) -> String {
        let backend = self.0.lock().unwrap();
        let buffer = backend.buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out
    }
}

impl Backend for SharedScreen {
    type Error = Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Infallible>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.lock().unwrap().draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Infallible> {
        self.0.lock().unwrap().hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Infallible> {
        self.0.lock().unwrap().show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Infallible> {
        self.0.lock().unwrap().get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Infallible> {
        self.0.lock().unwrap().set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Infallible> {
        self.0.lock().unwrap().clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Infallible> {
        self.0.lock().unwrap().clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Infallible> {
        self.0.lock().unwrap().size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Infallible> {
        self.0.lock().unwrap().window_size()
    }
    fn flush(&mut self) -> Result<(), Infallible> {
        self.0.lock().unwrap().flush()
    }
}

/// What the loop writes beside the screen (OSC 52 copies).
#[derive(Clone, Default)]
struct SharedOut(Arc<Mutex<Vec<u8>>>);

impl io::Write for SharedOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// qdc's loop on a demo tenant, both in this process.
pub struct Session {
    /// The demo tenant, over HTTP as the pty tests reach it (`requests_to`, `json`, ...).
    pub tenant: DemoTenant,
    screen: SharedScreen,
    out: SharedOut,
    keys: Option<UnboundedSender<io::Result<Event>>>,
    looping: Option<tokio::task::JoinHandle<App>>,
    server: Option<DemoServer>,
    runtime: tokio::runtime::Runtime,
}

impl Session {
    /// The loop at `cols`×`rows` on a demo tenant started with `demo-server` flags
    /// ([`demo_options`]), as `qdc --server URL` with the tenant's key opens it.
    pub fn start(demo_flags: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with_client(demo_flags, cols, rows, |_| {})
    }

    /// [`Session::start`] with the client configured as a profile would set it (e.g. its
    /// `request_timeout_secs`).
    pub fn start_with_client(
        demo_flags: &[&str],
        cols: u16,
        rows: u16,
        configure: impl FnOnce(&mut ClientConfig),
    ) -> Session {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let opts = demo_options(demo_flags);
        let key = opts.api_key.clone();
        let server = runtime
            .block_on(DemoServer::start("127.0.0.1:0".parse().unwrap(), opts))
            .expect("the demo tenant starts");
        let url = server.base_url();
        let mut config = ClientConfig::new(&url);
        configure(&mut config);
        let client = Client::new(&config, Arc::new(ApiKey::new(key))).expect("a client");
        let screen = SharedScreen(Arc::new(Mutex::new(TestBackend::new(cols, rows))));
        let out = SharedOut::default();
        let (keys, typed) = tokio::sync::mpsc::unbounded_channel();
        let input = Box::pin(futures_util::stream::unfold(
            typed,
            |mut typed| async move { typed.recv().await.map(|event| (event, typed)) },
        ));
        let side = SideChannel {
            out: Box::new(out.clone()),
            osc52: Osc52,
            native: None,
        };
        let mut terminal = Terminal::new(screen.clone()).expect("a terminal");
        let mut app = App::new(qdc::runtime::tenants::tenant_of("server", &client));
        qdc::runtime::apply_keys(&mut app, &Default::default(), false);
        let looping = runtime.spawn(async move {
            let channel = tokio::sync::mpsc::unbounded_channel();
            run(&mut terminal, &mut app, input, client, channel, side)
                .await
                .expect("the loop ends cleanly");
            app
        });
        Session {
            tenant: DemoTenant { child: None, url },
            screen,
            out,
            keys: Some(keys),
            looping: Some(looping),
            server: Some(server),
            runtime,
        }
    }

    /// What the loop wrote beside the screen: OSC 52 clipboard sequences.
    pub fn raw(&self) -> Vec<u8> {
        self.out.0.lock().unwrap().clone()
    }

    /// Types `keys` as a terminal would send them: `\r` Enter, `\x1b` Esc, `\t` Tab, `\x7f`
    /// Backspace, `\x01`..`\x1a` Ctrl-A..Ctrl-Z, `\x1b[A`..`\x1b[D` the arrows, `\x1b[F`/`\x1b[H`
    /// End/Home, `\x1b[Z` Shift-Tab.
    pub fn send(&self, keys: &str) {
        let sender = self.keys.as_ref().expect("the input is open");
        for key in key_events(keys) {
            sender
                .send(Ok(Event::Key(key)))
                .expect("the loop reads its input");
        }
    }

    /// Waits for the loop to end (a quit); the app as it ended, for what the screen cannot say.
    pub fn wait_quit(&mut self, timeout: Duration) -> App {
        let looping = self.looping.take().expect("the loop is running");
        self.runtime
            .block_on(async { tokio::time::timeout(timeout, looping).await })
            .unwrap_or_else(|_| panic!("the loop did not end; the screen:\n{}", self.screen()))
            .expect("the loop did not panic")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // the input ends: the loop stops; then the tenant
        self.keys = None;
        if let Some(looping) = self.looping.take() {
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(Duration::from_secs(5), looping).await });
        }
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

/// The key events a terminal's bytes stand for (the subset the tests type).
fn key_events(keys: &str) -> Vec<KeyEvent> {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let mut out = Vec::new();
    let mut chars = keys.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' | '\n' => key(KeyCode::Enter),
            '\t' => key(KeyCode::Tab),
            '\x7f' => key(KeyCode::Backspace),
            '\x1b' if chars.peek() == Some(&'[') => {
                chars.next();
                match chars.next() {
                    Some('A') => key(KeyCode::Up),
                    Some('B') => key(KeyCode::Down),
                    Some('C') => key(KeyCode::Right),
                    Some('D') => key(KeyCode::Left),
                    Some('F') => key(KeyCode::End),
                    Some('H') => key(KeyCode::Home),
                    Some('Z') => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                    other => panic!("no such key sequence here: ESC [ {other:?}"),
                }
            }
            '\x1b' => key(KeyCode::Esc),
            '\x01'..='\x1a' => KeyEvent::new(
                KeyCode::Char(char::from(b'a' + (c as u8 - 1))),
                KeyModifiers::CONTROL,
            ),
            c if c.is_ascii_uppercase() => KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => key(KeyCode::Char(c)),
        });
    }
    out
}

impl Screen for Session {
    fn screen(&self) -> String {
        self.screen.text()
    }
}

/// In the edit form of the demo tenant's S3_landing: the credentials (the last row) set to
/// reuse the orphaned serviceAccount123 from the list, and the space (the second row) to Sales.
pub fn reuse_the_orphan_and_move_to_sales(tui: &Session) {
    const WAIT: std::time::Duration = std::time::Duration::from_secs(15);
    tui.send("\x1b[Z"); // Shift-Tab: from the first row round to the last
    tui.send("\rreuse\r");
    tui.wait_for("Existing credentials", WAIT);
    tui.send("\t\r");
    tui.wait_for("serviceAccount123 (orphan", WAIT);
    tui.send("\r");
    tui.send("\t\t\rsales\r");
    tui.wait_for("Sales ▾", WAIT);
}
