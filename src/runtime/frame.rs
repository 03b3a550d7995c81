//! One frame of the explorer: the view models brought up to date, the screen drawn, and what
//! it laid out handed to the app for the next action. The loop draws with it, and so does every
//! test and bench that looks at a screen, so they see what the loop shows.

use std::io;

use ratatui::backend::Backend;
use ratatui::Terminal;

use crate::app::{present, App};

pub fn draw<B>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    present::prepare(app);
    let mut laid_out = None;
    terminal
        .draw(|f| laid_out = Some(crate::ui::draw(f, app)))
        .map_err(io::Error::other)?;
    if let Some(info) = laid_out {
        app.drawn(info);
    }
    Ok(())
}
