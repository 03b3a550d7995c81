//! Draws `App` state, nothing else: no I/O, no state changes.

mod detail;
pub mod first_run;
mod footer;
mod form;
mod header;
pub mod json;
mod list;
mod oauth;
mod overlay;
pub mod theme;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use crate::app::App;

/// Spinner frames (braille).
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn spinner(app: &App) -> &'static str {
    SPINNER[app.spinner % SPINNER.len()]
}

pub fn draw(frame: &mut Frame, app: &App) {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(frame.area());
    header::draw(frame, head, app);
    match &app.create.form {
        Some(f) => form::draw(frame, body, app, f),
        None => draw_body(frame, body, app),
    }
    footer::draw(frame, foot, app);
    overlay::draw(frame, body, app);
    form::draw_layers(frame, body, app);
}

fn draw_body(frame: &mut Frame, area: Rect, app: &App) {
    if app.wide() {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(area);
        list::draw(frame, left, app);
        detail::draw(frame, right, app);
    } else if app.detail_focused {
        // narrow terminals: the detail takes the list's place while it has the focus
        detail::draw(frame, area, app);
    } else {
        list::draw(frame, area, app);
    }
}
