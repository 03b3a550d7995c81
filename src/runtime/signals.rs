//! Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) turned into a quit of the loop, and whether one
//! ended the run.

use tokio::sync::mpsc::UnboundedSender;

use super::terminal;
use crate::app::keymap::Intent;
use crate::app::Action;

/// Set once a signal asked qdc to stop: the process then exits with status 130.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) ended this run.
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

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
        if streams.is_empty() {
            return;
        }
        let first = next_signal(&mut streams).await;
        INTERRUPTED.store(true, Ordering::SeqCst);
        tracing::info!(signal = first, "signal: quitting");
        let _ = tx.send(Action::Intent(Intent::ForceQuit));
        let second = next_signal(&mut streams).await;
        tracing::warn!(signal = second, "second signal: leaving at once");
        terminal::restore();
        std::process::exit(crate::exit::Exit::Interrupted as i32);
    });
}

#[cfg(unix)]
async fn next_signal(streams: &mut [(tokio::signal::unix::Signal, i32)]) -> i32 {
    let waits = streams.iter_mut().map(|(s, n)| {
        let n = *n;
        Box::pin(async move {
            s.recv().await;
            n
        })
    });
    futures_util::future::select_all(waits).await.0
}
