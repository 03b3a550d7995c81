//! Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) and a terminal that went away turned into a quit
//! of the loop, and whether one ended the run.

#[cfg(unix)]
use std::os::fd::AsFd;

use tokio::sync::mpsc::UnboundedSender;

use super::terminal;
use crate::app::keymap::Intent;
use crate::app::Action;

/// Set once a signal asked qdc to stop: the process then exits with status 130.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) or the end of the terminal ended this
/// run: a frame that failed to reach a terminal already gone ends it as a hang-up does.
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) || terminal_lost()
}

/// Whether stdin or stdout was a terminal when the TUI started and has hung up since.
#[cfg(unix)]
fn terminal_lost() -> bool {
    let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
    let watched = TERMINALS.get().copied().unwrap_or_default();
    (watched.0 && hung_up(stdin.as_fd())) || (watched.1 && hung_up(stdout.as_fd()))
}

#[cfg(not(unix))]
fn terminal_lost() -> bool {
    false
}

/// Whether stdin and stdout were terminals when the TUI started: a terminal that hung up no
/// longer says it is one.
#[cfg(unix)]
static TERMINALS: std::sync::OnceLock<(bool, bool)> = std::sync::OnceLock::new();

/// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a quit, so the terminal is restored on the way
/// out, in every state (the list, the form, the printed URL, the first-run screen). A second
/// signal means the loop did not get there: the terminal is restored and the process ends at
/// once (status 130). In the TUI Ctrl-C is a key, not a signal; SIGINT comes from `kill -INT`
/// and the like.
pub fn forward_signals(tx: UnboundedSender<Action>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use std::sync::atomic::Ordering;
        use tokio::signal::unix::{signal, SignalKind};
        let mut streams: Vec<(tokio::signal::unix::Signal, i32)> = [
            (SignalKind::interrupt(), 2),
            (SignalKind::terminate(), 15),
            (SignalKind::hangup(), 1),
            (SignalKind::quit(), 3),
        ]
        .into_iter()
        .filter_map(|(kind, number)| Some((signal(kind).ok()?, number)))
        .collect();
        tokio::select! {
            first = next_signal(&mut streams) => tracing::info!(signal = first, "signal: quitting"),
            () = terminal_gone() => tracing::info!("the terminal went away: quitting"),
        }
        INTERRUPTED.store(true, Ordering::SeqCst);
        let _ = tx.send(Action::Intent(Intent::ForceQuit));
        let second = next_signal(&mut streams).await;
        tracing::warn!(signal = second, "second signal: leaving at once");
        terminal::restore();
        std::process::exit(crate::exit::Exit::Interrupted as i32);
    });
}

/// How often [`terminal_gone`] looks: an idle qdc wakes for it four times a second.
#[cfg(unix)]
const TERMINAL_CHECK: std::time::Duration = std::time::Duration::from_millis(250);

/// Ends when the terminal on stdin or stdout hangs up: its window was closed or its pty's other
/// side went away. The kernel sends SIGHUP for that only to a session whose controlling
/// terminal it is; a qdc in another session (a wrapper that called setsid, a tracer, a
/// terminal multiplexer's odd exit) would otherwise never hear of it, and crossterm's reader
/// then spins on the end of input at full CPU for ever.
#[cfg(unix)]
async fn terminal_gone() {
    use std::io::IsTerminal;
    let watched = *TERMINALS.get_or_init(|| {
        (
            std::io::stdin().is_terminal(),
            std::io::stdout().is_terminal(),
        )
    });
    if watched == (false, false) {
        return std::future::pending().await;
    }
    let mut every = tokio::time::interval(TERMINAL_CHECK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if terminal_lost() {
            return;
        }
    }
}

/// Whether the terminal on `fd` hung up: poll reports HUP or ERR without being asked.
#[cfg(unix)]
fn hung_up(fd: std::os::fd::BorrowedFd<'_>) -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let mut fds = [PollFd::from_borrowed_fd(fd, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&now)) {
        Ok(n) if n > 0 => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        _ => false,
    }
}

#[cfg(unix)]
async fn next_signal(streams: &mut [(tokio::signal::unix::Signal, i32)]) -> i32 {
    if streams.is_empty() {
        // none could be watched: only the terminal can end the wait
        return std::future::pending().await;
    }
    let waits = streams.iter_mut().map(|(s, n)| {
        let n = *n;
        Box::pin(async move {
            s.recv().await;
            n
        })
    });
    futures_util::future::select_all(waits).await.0
}
