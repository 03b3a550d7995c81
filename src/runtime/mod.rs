//! The event loop: terminal input, background results and timers folded into one
//! `update(&mut App, Action)`; effects executed; one draw after the pending messages are
//! drained, and only when something happened. Generic over the ratatui backend so tests run the
//! real loop on `TestBackend`.

pub mod clipboard;
pub mod executor;
mod mutate;
pub mod terminal;

use std::io::{self, Write};
use std::time::Instant;

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::api::Client;
use crate::app::keymap::{self, Intent};
use crate::app::state::Level;
use crate::app::{update, Action, App, Effect};

use clipboard::Osc52;
use executor::Executor;

/// Where the loop sends what is not drawn: OSC 52 clipboard sequences.
pub struct SideChannel {
    pub out: Box<dyn Write + Send>,
    pub osc52: Osc52,
}

/// Runs until the app quits or the input ends. `channel` carries results of background tasks
/// (and anything else that wants to talk to the app, e.g. a signal listener).
pub async fn run<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut input: I,
    client: Client,
    channel: (UnboundedSender<Action>, UnboundedReceiver<Action>),
    mut side: SideChannel,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    let (tx, mut rx) = channel;
    let mut executor = Executor::new(client, tx);
    let size = terminal.size().map_err(io::Error::other)?;
    let mut pending = vec![Action::Resize {
        width: size.width,
        height: size.height,
    }];
    loop {
        // drain: everything already waiting is applied before a single draw
        while let Ok(a) = rx.try_recv() {
            pending.push(a);
        }
        if !pending.is_empty() {
            for action in pending.drain(..) {
                let effects = update(app, action);
                for e in effects {
                    if let Some(report) = execute(e, &mut executor, &mut side) {
                        let more = update(app, report);
                        for e in more {
                            execute(e, &mut executor, &mut side);
                        }
                    }
                }
            }
            if app.quit {
                break;
            }
            terminal
                .draw(|f| crate::ui::draw(f, app))
                .map_err(io::Error::other)?;
        }
        let wake = app.next_wakeup(Instant::now());
        let timer = async {
            match wake {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(ev)) => pending.extend(translate(app, ev)),
                Some(Err(e)) => { executor.cancel_all(); return Err(e) }
                None => break,
            },
            Some(a) = rx.recv() => pending.push(a),
            _ = timer => pending.push(Action::Tick(Instant::now())),
        }
    }
    executor.cancel_all();
    Ok(())
}

/// A terminal event as an action, if it means anything here.
fn translate(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) => keymap::action_for(app.context(), &k),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// Carries out one effect; returns an action when the runtime has something to report.
fn execute(effect: Effect, executor: &mut Executor, side: &mut SideChannel) -> Option<Action> {
    match effect {
        Effect::Fetch(req) => executor.spawn(req),
        Effect::Cancel(slot) => executor.cancel(slot),
        Effect::Mutate(m) => executor.mutate(m),
        Effect::Quit => executor.cancel_all(),
        Effect::Copy { text, what } => {
            let written = side.osc52.sequence(&text).and_then(|seq| {
                side.out
                    .write_all(seq.as_bytes())
                    .and_then(|_| side.out.flush())
                    .map_err(|e| e.to_string())
            });
            if let Err(e) = written {
                return Some(Action::Report(
                    Level::Error,
                    format!("could not copy {what}: {e}"),
                ));
            }
        }
    }
    None
}

/// Turns SIGTERM and SIGHUP into a quit, so the terminal is restored on the way out.
pub fn forward_signals(tx: UnboundedSender<Action>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        let _ = tx.send(Action::Intent(Intent::ForceQuit));
    });
}

/// The whole TUI on the real terminal.
pub async fn run_tui(client: Client, tenant: crate::app::state::Tenant) -> io::Result<()> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    forward_signals(tx.clone());
    let (mut terminal, _guard) = terminal::enter()?;
    let mut app = App::new(tenant);
    let input = crossterm::event::EventStream::new();
    let side = SideChannel {
        out: Box::new(io::stdout()),
        osc52: Osc52::from_env(),
    };
    run(&mut terminal, &mut app, input, client, (tx, rx), side).await
}
