//! The event loop: terminal input, background results and timers folded into one
//! `update(&mut App, Action)`; effects executed; one draw after the pending messages are
//! drained, and only when something happened. Generic over the ratatui backend so tests run the
//! real loop on `TestBackend`.

pub mod clipboard;
pub mod copy;
pub mod create;
pub mod edit;
pub mod executor;
pub mod first_run;
pub mod frame;
mod mutate;
mod pacing;
mod signals;
pub mod tenants;
pub mod terminal;
mod write;

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Write};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::api::Client;
use crate::app::first_run::Welcome;
use crate::app::keymap::{Intent, Keymap};
use crate::app::state::Level;
use crate::app::switch::Switched;
use crate::app::update::say;
use crate::app::{update, Action, App, Effect};

use clipboard::{NativeClipboard, Osc52};
use executor::Executor;
use first_run::FirstRunEnd;
#[cfg(test)]
use pacing::FRAME;
use pacing::{FramePacing, Timer};
pub use signals::{forward_signals, interrupted};
use tenants::{Session, TenantSource, Tenants};

/// Where the loop sends what is not drawn: OSC 52 clipboard sequences, and the system
/// clipboard's tool when there is one.
pub struct SideChannel {
    pub out: Box<dyn Write + Send>,
    pub osc52: Osc52,
    pub native: Option<NativeClipboard>,
}

/// Runs until the app quits or the input ends. `channel` carries results of background tasks
/// (and anything else that wants to talk to the app, e.g. a signal listener).
pub async fn run<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: I,
    client: Client,
    channel: (UnboundedSender<Action>, UnboundedReceiver<Action>),
    side: SideChannel,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    let mut fixed = NoOtherTenants;
    run_switchable(terminal, app, input, client, &mut fixed, channel, side).await
}

/// [`run`], where `:profile NAME` opens tenants from `tenants`.
pub async fn run_switchable<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: I,
    client: Client,
    tenants: &mut dyn TenantSource,
    channel: (UnboundedSender<Action>, UnboundedReceiver<Action>),
    side: SideChannel,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    let (tx, rx) = channel;
    #[cfg(debug_assertions)]
    panic_in_background_on_request();
    let size = terminal.size().map_err(io::Error::other)?;
    let mut pending = VecDeque::from([Action::Resize {
        width: size.width,
        height: size.height,
    }]);
    let mut lp = Loop {
        input,
        tenants,
        copier: copy::Copier::new(tx.clone()),
        executor: Executor::new(client, tx),
        side,
        rx,
        frames: FramePacing::default(),
        wake: Timer::new(),
        frame_due: Timer::new(),
    };
    loop {
        // what the last wait brought, then a batch of what else waits on the channel, not all
        // of it: a key is read between two batches
        let started = Instant::now();
        let mut applied = 0;
        while let Some(action) = lp.next_in_batch(&mut pending, started, applied) {
            applied += 1;
            lp.apply(terminal, app, action).await?;
        }
        if app.quit {
            break;
        }
        if lp.frames.due(Instant::now()) {
            frame::draw(terminal, app)?;
            lp.frames.drawn(Instant::now());
        }
        lp.wake.set_earliest(app.next_wakeup(Instant::now()));
        lp.frame_due.set(lp.frames.next());
        tokio::select! {
            biased;
            ev = lp.input.next() => match ev {
                Some(Ok(ev)) => {
                    if let Event::Resize(width, height) = ev {
                        follow_resize(terminal, width, height)?;
                    }
                    lp.frames.input();
                    pending.extend(translate(app, ev));
                }
                Some(Err(e)) => {
                    lp.executor.cancel_all();
                    finish_writes(terminal, app, &mut lp.rx).await;
                    return Err(e);
                }
                None => break,
            },
            _ = lp.wake.fired() => pending.push_back(Action::Tick(Instant::now())),
            _ = lp.frame_due.fired() => {}
            Some(a) = lp.rx.recv() => {
                lp.executor.took(&a);
                pending.push_back(a);
            }
        }
    }
    lp.executor.cancel_all();
    finish_writes(terminal, app, &mut lp.rx).await;
    Ok(())
}

/// Debug builds only: the end-to-end test of the panic hook needs a panic in a background
/// task, as a tenant's data once caused (case 4 of issue 9).
#[cfg(debug_assertions)]
fn panic_in_background_on_request() {
    if std::env::var_os("QDC_DEBUG_PANIC").is_some_and(|v| v == "background-task") {
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            panic!("QDC_DEBUG_PANIC: a background task panics on purpose");
        });
    }
}

/// What the event loop carries out effects with, and where their results come back: one
/// value, so applying an action needs only it, the terminal and the app.
struct Loop<'t, I> {
    input: I,
    tenants: &'t mut dyn TenantSource,
    copier: copy::Copier,
    executor: Executor,
    side: SideChannel,
    rx: UnboundedReceiver<Action>,
    frames: FramePacing,
    /// The app's next wakeup (the spinner, a message's expiry) and the next paced frame.
    wake: Timer,
    frame_due: Timer,
}

impl<I> Loop<'_, I>
where
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    /// The next action of this batch: what the last wait brought first, then what waits on
    /// the channel while the batch has room and time ([`BATCH`], [`BATCH_TIME`]).
    fn next_in_batch(
        &mut self,
        pending: &mut VecDeque<Action>,
        started: Instant,
        applied: usize,
    ) -> Option<Action> {
        if let Some(a) = pending.pop_front() {
            return Some(a);
        }
        if applied >= BATCH || started.elapsed() >= BATCH_TIME {
            return None;
        }
        let a = self.rx.try_recv().ok()?;
        self.executor.took(&a);
        Some(a)
    }

    /// One action through `update`, and the effects it asks for carried out; what they report
    /// goes through `update` too, before the next action.
    async fn apply<B>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &mut App,
        action: Action,
    ) -> io::Result<()>
    where
        B: Backend,
        B::Error: Send + Sync + 'static,
    {
        if ends_a_walk(&action) {
            self.frames.ended();
        } else {
            self.frames.changed();
        }
        log_action(&action);
        let mut effects: VecDeque<Effect> = update(app, action).into();
        while let Some(effect) = effects.pop_front() {
            let report = match effect {
                Effect::SwitchTenant(name) => {
                    Some(switch_tenant(&name, self.tenants, &mut self.executor).await)
                }
                Effect::CopyTo(request) => {
                    self.copier
                        .run(request, self.executor.client(), self.tenants);
                    None
                }
                Effect::PrintUrl(url) => {
                    let sender = self.executor.sender();
                    print_url(
                        &url,
                        &mut self.input,
                        &mut self.side.out,
                        &mut self.rx,
                        &sender,
                    )
                    .await?;
                    // The alternate screen comes back blank, but ratatui only draws
                    // what differs from its last frame. A blank frame first makes the
                    // next draw repaint every cell (`Terminal::clear` would instead ask
                    // the terminal for the cursor position, which not every one answers).
                    terminal
                        .draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))
                        .map_err(io::Error::other)?;
                    self.frames.input();
                    None
                }
                other => execute(other, &mut self.executor, &mut self.side, &app.keymap),
            };
            if let Some(report) = report {
                effects.extend(update(app, report));
            }
        }
        Ok(())
    }
}

/// How long a quit waits for writes still on their way (`app::write`): long enough for a
/// tenant's usual answer, short enough that a hung one does not hold the terminal.
const QUIT_GRACE: Duration = Duration::from_secs(3);

/// The loop is over, but writes are never cancelled: their answers are taken for a moment so
/// the outcome is known; what is still out is left in `app.writes` for the note printed once
/// the terminal is restored ([`crate::app::write::Writes::unanswered`]).
async fn finish_writes<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    rx: &mut UnboundedReceiver<Action>,
) where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    // an OAuth write that waits for a code has sent nothing: it ends as its question goes
    app.layers
        .close(|l| matches!(l, crate::app::state::Layer::OAuth(_)));
    if !app.writes.is_empty() {
        // the screen says why qdc has not gone yet
        let n = app.writes.len();
        let what = if n == 1 { "a write" } else { "writes" };
        let said = format!(
            "quitting: waiting up to {} s for {what} on its way ({n})",
            QUIT_GRACE.as_secs()
        );
        app.say(Level::Info, said);
        let _ = frame::draw(terminal, app);
    }
    let until = tokio::time::Instant::now() + QUIT_GRACE;
    while !app.writes.is_empty() {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(a @ (Action::Written(..) | Action::WriteEnded(_)))) => {
                update(app, a);
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
}

/// The walk of a list has sent its last page: the count it leaves on screen is final.
fn ends_a_walk(action: &Action) -> bool {
    matches!(
        action,
        Action::Loaded(_, crate::app::Payload::ConnectionsEnd)
    )
}

/// Background results applied before the loop reads the input again (at most, and for at most
/// this long): pages streaming in never keep a key waiting for more than a batch.
const BATCH: usize = 16;
const BATCH_TIME: Duration = Duration::from_millis(8);

/// The terminal's size comes from resize events (asking the terminal would open `/dev/tty`
/// on every frame).
pub(crate) fn follow_resize<B>(
    terminal: &mut Terminal<B>,
    width: u16,
    height: u16,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, width, height))
        .map_err(io::Error::other)
}

/// Actions by name only ("Loaded(Ticket", "Intent(Refresh"): never a typed value or a paste.
/// Reports (what the footer says) are logged whole: they are qdc's own words and the tenant's
/// error summaries, never a secret.
fn log_action(action: &Action) {
    match action {
        Action::Report(level, text) => tracing::info!("report {level:?}: {text}"),
        Action::Tick(_) | Action::Resize { .. } => {}
        Action::Paste(_) => tracing::debug!("action Paste"),
        _ if !tracing::enabled!(tracing::Level::DEBUG) => {}
        other => {
            let full = format!("{other:?}");
            let mut cut = full.len();
            for (n, (i, _)) in full.match_indices(['(', '{', ' ']).enumerate() {
                cut = i;
                if n == 1 {
                    break;
                }
            }
            tracing::debug!("action {}", &full[..cut]);
        }
    }
}

/// A terminal event as an action, if it means anything here.
fn translate(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) => app.keymap.action_for(app.context(), &k),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// Carries out one effect; returns an action when the runtime has something to report.
/// `keys`: what the user has bound, for the words of a report that names a key.
fn execute(
    effect: Effect,
    executor: &mut Executor,
    side: &mut SideChannel,
    keys: &Keymap,
) -> Option<Action> {
    match effect {
        Effect::Fetch(req) => executor.spawn(req),
        Effect::Cancel(slot) => executor.cancel(slot),
        Effect::Write { ticket, write } => executor.write(ticket, write),
        Effect::Quit => executor.cancel_all(),
        // need the tenant source, the input or an await: the loop handles them before here
        Effect::SwitchTenant(_) | Effect::PrintUrl(_) | Effect::CopyTo(_) => {}
        Effect::Answer { reply, answer } => {
            if !reply.send(answer) {
                return Some(Action::Report(
                    Level::Warn,
                    "the authorization is no longer waiting for a code".into(),
                ));
            }
        }
        Effect::OpenUrl(url) => {
            return Some(
                match create::open_url(&url, &create::without_a_browser(keys)) {
                    Ok(said) => Action::Report(Level::Info, said),
                    Err(said) => Action::Report(Level::Warn, said),
                },
            )
        }
        Effect::Copy { text, what } => {
            let written = side.osc52.sequence(&text).and_then(|seq| {
                side.out
                    .write_all(seq.as_bytes())
                    .and_then(|_| side.out.flush())
                    .map_err(|e| e.to_string())
            });
            match (written, side.native.clone()) {
                // The tool may wait on a display server: never on the event loop.
                (written, Some(native)) => {
                    let tx = executor.sender();
                    tokio::task::spawn_blocking(move || {
                        if let (Err(osc), Err(e)) = (written, native.copy(&text)) {
                            let _ = tx.send(Action::Report(
                                Level::Error,
                                format!("could not copy {what}: {osc}; {e}"),
                            ));
                        }
                    });
                }
                (Err(e), None) => {
                    return Some(Action::Report(
                        Level::Error,
                        format!("could not copy {what}: {e}"),
                    ))
                }
                (Ok(()), None) => {}
            }
        }
    }
    None
}

/// Leaves the alternate screen, prints `url` as plain text where the terminal wraps it (so it
/// can be selected whole, also over SSH where OSC 52 is not passed on), waits for Enter (or Esc)
/// and returns to the alternate screen. Raw mode stays on: lines end in `\r\n`.
///
/// What arrives on the channel meanwhile is put back for the loop; a quit (a signal) ends the
/// wait at once, so SIGTERM, SIGHUP, SIGINT and SIGQUIT restore the terminal here too.
async fn print_url<I>(
    url: &str,
    input: &mut I,
    out: &mut Box<dyn Write + Send>,
    rx: &mut UnboundedReceiver<Action>,
    requeue: &UnboundedSender<Action>,
) -> io::Result<()>
where
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    use crossterm::event::{KeyCode, KeyEventKind};
    use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
    crossterm::queue!(out, LeaveAlternateScreen, crossterm::cursor::Show)?;
    let url = crate::text::sanitize(url);
    write!(
        out,
        "\r\nqdc: the OAuth authorization URL (select it, or open it in a browser):\r\n\r\n{url}\r\n\r\npress Enter to return to qdc\r\n"
    )?;
    out.flush()?;
    let mut arrived = Vec::new();
    loop {
        tokio::select! {
            ev = input.next() => match ev {
                Some(ev) => {
                    if let Event::Key(k) = ev? {
                        if k.kind != KeyEventKind::Release
                            && matches!(k.code, KeyCode::Enter | KeyCode::Esc)
                        {
                            break;
                        }
                    }
                }
                None => break,
            },
            Some(a) = rx.recv() => {
                let quit = matches!(a, Action::Intent(Intent::ForceQuit));
                arrived.push(a);
                if quit {
                    break;
                }
            }
        }
    }
    for a in arrived {
        let _ = requeue.send(a);
    }
    crossterm::queue!(out, EnterAlternateScreen, crossterm::cursor::Hide)?;
    out.flush()
}

/// Opens `name`; on success stops every task of the old tenant and swaps the client before the
/// state is reset, so nothing of the old tenant can arrive afterwards. On failure nothing
/// changes and the reason is reported.
async fn switch_tenant(
    name: &str,
    tenants: &mut dyn TenantSource,
    executor: &mut Executor,
) -> Action {
    match tenants.open(name).await {
        Ok(session) => {
            executor.cancel_all();
            executor.set_client(session.client);
            Action::Switched(Switched {
                tenant: session.tenant,
                read_only: session.read_only,
                profiles: tenants.names(),
            })
        }
        Err(e) => Action::Report(Level::Error, format!("cannot switch to {name:?}: {e}")),
    }
}

/// The source of a session that cannot switch (tests, `--server URL` without a config).
struct NoOtherTenants;

impl TenantSource for NoOtherTenants {
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
    fn open<'a>(
        &'a mut self,
        _name: &'a str,
    ) -> futures_util::future::BoxFuture<'a, Result<Session, String>> {
        Box::pin(async { Err("this session has no other tenants".to_string()) })
    }
    fn open_detached(
        &mut self,
        _name: &str,
    ) -> futures_util::future::BoxFuture<'static, Result<Session, String>> {
        Box::pin(async { Err("this session has no other tenants".to_string()) })
    }
}

/// How the TUI starts: on a tenant, or on the first-run screen.
pub enum Start {
    Ready(Session),
    FirstRun(Welcome),
}

/// The whole TUI on the real terminal.
pub async fn run_tui(start: Start, mut tenants: Tenants) -> io::Result<()> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    forward_signals(tx.clone());
    // an unreadable config has no theme; its problem is shown where the file is used
    crate::ui::theme::init(tenants.config_file().ok().flatten().and_then(|f| f.theme));
    let (mut terminal, guard) = terminal::enter()?;
    let (result, app) = run_on(&mut terminal, start, &mut tenants, (tx, rx)).await;
    terminal::close(terminal);
    drop(guard);
    let Some(mut app) = app else {
        return result;
    };
    // written, not printed: a terminal that went away fails these writes, and print! would
    // panic on that; the log keeps them
    for line in app.writes.unanswered(&app.tenant.profile) {
        tracing::warn!("{line}");
        let _ = writeln!(io::stderr(), "{line}");
    }
    // the escape hatch: an auth URL whose connection was not created survives the quit
    if let Some(url) = app.create.last_auth_url.take() {
        let url = crate::text::sanitize(&url);
        let _ = writeln!(
            io::stdout(),
            "qdc: the OAuth authorization URL of the connection not created yet:\n{url}"
        );
    }
    result
}

/// The TUI from its first screen to the quit, on a terminal already taken; the app, once there
/// was one, for what is said after the terminal is given back.
async fn run_on(
    terminal: &mut terminal::Tty,
    start: Start,
    tenants: &mut Tenants,
    (tx, mut rx): (UnboundedSender<Action>, UnboundedReceiver<Action>),
) -> (io::Result<()>, Option<App>) {
    let mut input = crossterm::event::EventStream::new();
    let session = match start {
        Start::Ready(session) => session,
        Start::FirstRun(welcome) => {
            match first_run::ask(terminal, &welcome, &mut input, &mut rx, tenants).await {
                Err(e) => return (Err(e), None),
                Ok(FirstRunEnd::Quit) => return (Ok(()), None),
                Ok(FirstRunEnd::Demo) => match tenants.open_demo().await {
                    Ok(session) => session,
                    Err(e) => return (Err(io::Error::other(e)), None),
                },
                Ok(FirstRunEnd::Added(session)) => *session,
            }
        }
    };
    let mut app = App::new(session.tenant);
    app.profiles = tenants.names();
    apply_keys(&mut app, &tenants.key_overrides(), session.read_only);
    let side = SideChannel {
        out: Box::new(io::stdout()),
        osc52: Osc52::from_env(),
        native: NativeClipboard::from_env(),
    };
    let result = run_switchable(
        terminal,
        &mut app,
        input,
        session.client,
        tenants,
        (tx, rx),
        side,
    )
    .await;
    (result, Some(app))
}

/// Builds the keymap from `[keys]` and says what was wrong with it: each problem goes to the
/// messages, the footer keeps one (or a count, with where to read them all).
pub fn apply_keys(app: &mut App, overrides: &BTreeMap<String, String>, read_only: bool) {
    let (mut keymap, problems) = Keymap::with_overrides(overrides);
    keymap.set_read_only(read_only);
    app.keymap = keymap;
    for p in &problems {
        say(app, Level::Error, p.clone());
    }
    for notice in crate::app::keymap::renamed_notices(overrides) {
        say(app, Level::Warn, notice);
    }
    if problems.len() > 1 {
        let text = format!(
            "{} problems in [keys] of the config (! lists them); those keys keep their defaults",
            problems.len()
        );
        say(app, Level::Error, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A config written for an earlier qdc (`[keys] dialog_clear = "ctrl-x"`) still loads: the
    /// key works under the new name everywhere text is edited, and one warning says the name.
    #[test]
    fn an_old_keys_name_works_and_the_messages_say_its_new_name() {
        use crate::app::keymap::{Context, Intent, Key};
        use crate::app::state::Tenant;
        use crate::app::text_input::TextEdit;
        let mut app = App::new(Tenant::default());
        let old = BTreeMap::from([("dialog_clear".to_string(), "ctrl-x".to_string())]);
        apply_keys(&mut app, &old, false);
        let said: Vec<_> = app
            .messages
            .iter()
            .map(|m| (m.level, m.text.as_str()))
            .collect();
        assert_eq!(
            said,
            [(
                Level::Warn,
                "[keys] dialog_clear is now called input_delete_to_start: it works, rename it"
            )]
        );
        let ctrl_x = Key::parse("ctrl-x").unwrap();
        for ctx in [Context::NameDialog, Context::Command, Context::Form] {
            assert_eq!(
                app.keymap.intent_for(ctx, ctrl_x),
                Some(Intent::Input(TextEdit::DeleteToStart)),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn frames_for_input_and_a_walks_end_are_drawn_at_once_background_ones_at_most_once_a_frame() {
        let t0 = Instant::now();
        let mut frames = FramePacing::default();
        assert!(!frames.due(t0), "nothing changed: no frame");
        frames.changed();
        assert!(frames.due(t0), "the first frame at once");
        frames.drawn(t0);
        // a page arrives 2 ms later: held back until a frame has passed
        frames.changed();
        assert!(!frames.due(t0 + Duration::from_millis(2)));
        assert_eq!(frames.next(), Some(t0 + FRAME));
        assert!(frames.due(t0 + FRAME));
        // a key is answered at once, whenever the last frame was
        frames.input();
        assert!(frames.due(t0 + Duration::from_millis(3)));
        frames.drawn(t0 + Duration::from_millis(3));
        assert_eq!(frames.next(), None, "nothing waits to be drawn");
        // the walk's last page came 1 ms after a frame: its final count is not held back
        frames.changed();
        frames.ended();
        assert!(frames.due(t0 + Duration::from_millis(4)));
    }
}
