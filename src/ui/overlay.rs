//! Popups over the body: help (from the keymap), raw JSON, messages.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{json, theme};
use crate::app::keymap::{Context, Intent};
use crate::app::selection::selected_json_text;
use crate::app::state::Overlay;
use crate::app::viewport;
use crate::app::App;

fn context_name(ctx: Context) -> String {
    let name = match ctx {
        Context::List(p) => return p.title().to_string(),
        Context::Detail(p) => return format!("{} detail", p.title()),
        Context::Json => "raw JSON",
        Context::Help => "help",
        Context::Messages => "messages",
        Context::Filter => "filter",
        Context::Command => "command line",
        Context::Form => "connection form",
        Context::Picker => "choice list",
        Context::Preview => "request preview",
        Context::ConfirmDiscard => "discard the edits?",
        Context::ConfirmEdit => "changes to send",
        Context::OAuth | Context::OAuthCode => "authorization",
        Context::Created => "result",
        Context::Confirm => "confirm",
        Context::NameDialog => "name prompt",
        Context::CopyPlan => "copy plan",
        Context::CopyResult => "copy",
    };
    name.to_string()
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    let area = viewport::overlay(body);
    frame.render_widget(Clear, area);
    let (title, lines, scroll) = match overlay {
        Overlay::Help { scroll, .. } => {
            let ctx = app.help_context();
            let bindings = app.keymap.active(ctx);
            let width = bindings
                .iter()
                .map(|b| b.keys_label().chars().count())
                .max()
                .unwrap_or(0);
            let lines = bindings
                .iter()
                .map(|b| {
                    Line::from(vec![
                        Span::styled(format!(" {:<width$}  ", b.keys_label()), theme::key()),
                        Span::raw(b.desc),
                    ])
                })
                .collect();
            (format!(" Help: {} ", context_name(ctx)), lines, *scroll)
        }
        Overlay::Json { scroll } => {
            let text = selected_json_text(app).unwrap_or_default();
            let lines = text.lines().map(json::highlight).collect();
            (format!(" {} JSON ", app.pane.noun()), lines, *scroll)
        }
        Overlay::Messages { scroll } => {
            let lines: Vec<Line> = if app.messages.is_empty() {
                vec![Line::from(Span::styled("no messages yet", theme::dim()))]
            } else {
                app.messages
                    .iter()
                    .rev()
                    .map(|m| {
                        Line::from(vec![
                            Span::styled(m.at.format("%H:%M:%S ").to_string(), theme::dim()),
                            Span::styled(
                                format!("{:<5} ", format!("{:?}", m.level).to_lowercase()),
                                theme::level(m.level),
                            ),
                            Span::raw(super::clean(&m.text)),
                        ])
                    })
                    .collect()
            };
            (" Messages (newest first) ".to_string(), lines, *scroll)
        }
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {} close · {}/{} scroll ",
                    app.keymap.label(Context::Help, Intent::Back),
                    app.keymap.key_label(Context::Help, Intent::Down),
                    app.keymap.key_label(Context::Help, Intent::Up)
                ),
                theme::dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme::border(true));
    // a scroll from a larger terminal still ends with the last page full
    let scroll = scroll.min(viewport::overlay_last_page(app));
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}
