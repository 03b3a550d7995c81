//! Two lines: the prompt or the flash message, then key hints generated from the keymap.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme;
use crate::app::state::Prompt;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let line = match (&app.prompt, &app.flash) {
        (Some(Prompt::Filter), _) => Line::from(vec![
            Span::styled("/", theme::key()),
            Span::raw(app.current().filter.clone()),
            Span::styled("█", theme::dim()),
            Span::styled("  Enter keep · Esc clear", theme::dim()),
        ]),
        (Some(Prompt::Command(text)), _) => Line::from(vec![
            Span::styled(":", theme::key()),
            Span::raw(text.clone()),
            Span::styled("█", theme::dim()),
            Span::styled("  Tab complete · Enter run · Esc cancel", theme::dim()),
        ]),
        (None, Some(flash)) => Line::from(Span::styled(
            format!(" {}", super::clean(&flash.text)),
            theme::level(flash.level),
        )),
        (None, None) => Line::from(""),
    };
    frame.render_widget(Paragraph::new(line), status);

    let mut spans = Vec::new();
    let mut used = 0;
    for (key, word) in app.keymap.hints(app.context()) {
        let (key, word) = (format!(" <{key}>"), format!(" {word}"));
        // a hint that does not fit whole is left out rather than cut ("<c> creat")
        let width = key.chars().count() + word.chars().count();
        if used + width > hints.width as usize {
            continue;
        }
        used += width;
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(word));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
}
