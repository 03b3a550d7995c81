//! Two lines: the prompt or the flash message, then key hints generated from the keymap.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme;
use crate::app::keymap::{Context, Intent};
use crate::app::state::{Layer, Prompt};
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let line = match (app.layers.prompt(), &app.flash) {
        (Some(prompt), _) => {
            let key = |ctx, intent| app.keymap.key_label(ctx, intent);
            let (sigil, keys) = match prompt {
                Prompt::Filter(_) => (
                    "/",
                    format!(
                        "  {} keep · {} clear",
                        key(Context::Filter, Intent::PromptSubmit),
                        key(Context::Filter, Intent::PromptCancel)
                    ),
                ),
                Prompt::Command(_) => (
                    ":",
                    format!(
                        "  {} complete · {} run · {} cancel",
                        key(Context::Command, Intent::PromptComplete),
                        key(Context::Command, Intent::PromptSubmit),
                        key(Context::Command, Intent::PromptCancel)
                    ),
                ),
            };
            let typed = prompt.input();
            let mut spans = vec![Span::styled(sigil, theme::key())];
            spans.extend(super::input::with_cursor(
                typed.text(),
                typed.cursor(),
                usize::MAX,
                Span::styled("█", theme::dim()),
            ));
            spans.push(Span::styled(keys, theme::dim()));
            Line::from(spans)
        }
        (None, Some(flash)) => Line::from(Span::styled(
            format!(" {}", super::clean(&flash.text)),
            theme::level(flash.level),
        )),
        (None, None) => Line::from(""),
    };
    super::paint::line(frame.buffer_mut(), status, line);

    // a popup that names its own keys has the footer name the same ones
    let hinted = match app.layers.top() {
        Some(Layer::Copy(copy)) => super::copy::hints(app, copy)
            .into_iter()
            .filter(|(key, _)| !key.is_empty())
            .collect(),
        _ => app.keymap.hints(app.context()),
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, word) in hinted {
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
    super::paint::line(frame.buffer_mut(), hints, Line::from(spans));
}
