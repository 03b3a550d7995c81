//! Draws the first-run screen ([`Welcome`]).

use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::theme;
use crate::app::first_run::{Welcome, ADD_PROFILE, KEYS};

pub fn draw(frame: &mut Frame, welcome: &Welcome) {
    let [body, hints] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(frame.area());
    let mut lines = vec![Line::from("")];
    match &welcome.problem {
        None => lines.push(Line::from(" No tenant is configured yet.")),
        Some(problem) => {
            lines.push(Line::from(Span::styled(
                " The config file cannot be used:",
                theme::error(),
            )));
            // wrapped here so every line keeps its indent (the border and 3 spaces)
            let width = usize::from(frame.area().width.saturating_sub(6)).max(20);
            lines.extend(
                problem
                    .lines()
                    .flat_map(|l| wrap(l, width))
                    .map(|l| Line::from(Span::styled(format!("   {l}"), theme::error()))),
            );
        }
    }
    lines.extend([
        Line::from(""),
        Line::from(vec![
            Span::styled(" Enter ", theme::key()),
            Span::raw(" open the demo tenant: runs inside qdc, no account, no network"),
        ]),
        Line::from(""),
        Line::from(" To add your own tenant, quit and run:"),
        Line::from(Span::styled(format!("   {ADD_PROFILE}"), theme::key())),
        Line::from(" The API key is read hidden from the terminal (or stdin) and kept in"),
        Line::from(" the OS keyring, never in the config file. Then start qdc again."),
    ]);
    if let Some(path) = &welcome.config_path {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(" config file: {path}"),
            theme::dim(),
        )));
    }
    let block = Block::bordered()
        .title(Span::styled(" qdc: first run ", theme::title()))
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        body,
    );
    let mut spans = Vec::new();
    for (key, word, _) in KEYS {
        spans.push(Span::styled(format!(" <{key}>"), theme::key()));
        spans.push(Span::raw(format!(" {word}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
}

/// `text` in lines of at most `width` characters, broken at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if len > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}
