//! The terminal's lifecycle: raw mode, alternate screen and bracketed paste on the way in; all of
//! it undone on the way out, whether by a normal exit, an error, a panic or a signal.

use std::io::{self, BufWriter, Stdout};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The real terminal. A frame is queued in a buffer and leaves in one write when ratatui
/// flushes at the end of each draw. The viewport is fixed to the size the terminal had at the
/// start and then to each resize event's ([`super::follow_resize`]): a full-screen viewport
/// would ask the terminal for its size (an open of `/dev/tty`) on every draw.
pub type Tty = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Big enough for a full repaint of a large terminal in one write.
const FRAME_BUFFER: usize = 1 << 18;

/// Restores the terminal when dropped (normal exit, `?` errors, unwinding).
pub struct TerminalGuard {
    _private: (),
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters the TUI mode. Mouse capture stays off so the terminal can select text (URLs, ids).
pub fn enter() -> io::Result<(Tty, TerminalGuard)> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard = TerminalGuard { _private: () };
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    let (width, height) = crossterm::terminal::size()?;
    let terminal = Terminal::with_options(
        CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, io::stdout())),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )?;
    Ok((terminal, guard))
}

/// Undoes [`enter`]; safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Lets the terminal go. ratatui's `Terminal` shows the cursor when dropped and, when that
/// write fails, says so with `eprintln!`, which panics when stderr is the same terminal and it
/// is gone (its window closed): so the cursor is shown here, and a terminal that cannot take
/// that is left for the process's exit to reclaim instead of dropped.
pub fn close(mut terminal: Tty) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// A panic restores the terminal, writes a crash report and ends qdc ([`crate::crash`]).
fn install_panic_hook() {
    crate::crash::install(restore);
}
