//! The first-run screen's own small loop, on the same terminal the explorer then uses.

use std::io;

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::first_run::{Choice, Welcome};
use crate::app::keymap::Intent;
use crate::app::Action;

/// Shows `welcome` until a choice is made. The end of input or a quit signal (SIGTERM, which
/// arrives on `signals` as a force-quit) counts as quitting.
pub async fn ask<B, I>(
    terminal: &mut Terminal<B>,
    welcome: &Welcome,
    input: &mut I,
    signals: &mut UnboundedReceiver<Action>,
) -> io::Result<Choice>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    loop {
        terminal
            .draw(|f| crate::ui::first_run::draw(f, welcome))
            .map_err(io::Error::other)?;
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) => {
                    if let Some(choice) = Welcome::choice_for(&k) {
                        return Ok(choice);
                    }
                }
                Some(Ok(_)) => {} // a resize: draw again
                Some(Err(e)) => return Err(e),
                None => return Ok(Choice::Quit),
            },
            Some(a) = signals.recv() => {
                if matches!(a, Action::Intent(Intent::ForceQuit)) {
                    return Ok(Choice::Quit);
                }
            }
        }
    }
}
