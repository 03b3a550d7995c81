//! The interactive OAuth popup. The URL is drawn on one line of its own, unwrapped and without
//! border characters beside it, so the terminal can select it (mouse capture stays off); a URL
//! longer than the screen runs off the edge: Ctrl-Y copies it whole, Ctrl-P prints it on the
//! plain screen where the terminal wraps it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::theme;
use crate::app::form::{FormState, OAuthPopup};
use crate::app::keymap::{Context, Intent};
use crate::app::App;

/// The popup's keys as bound (Ctrl keys, which work whatever the code field holds).
fn keys_hint(app: &App) -> String {
    let key = |intent| app.keymap.short_label(Context::OAuthCode, intent);
    format!(
        " {} send · {} copy · {} open · {} print URL · {} new URL · {} cancel ",
        key(Intent::AuthSend),
        key(Intent::AuthCopyUrl),
        key(Intent::AuthOpenUrl),
        key(Intent::AuthPrintUrl),
        key(Intent::AuthNewUrl),
        key(Intent::Back)
    )
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, f: &FormState, p: &OAuthPopup) {
    let height = 12.min(body.height);
    let area = Rect::new(
        body.x,
        body.y + body.height.saturating_sub(height) / 2,
        body.width,
        height,
    );
    frame.render_widget(Clear, area);
    // top and bottom rules only: no border character shares a row with the URL
    let block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(
            format!(" Authorize {} ", f.source_name),
            theme::title(),
        ))
        .title_bottom(Line::from(Span::styled(keys_hint(app), theme::dim())).right_aligned())
        .border_style(theme::border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro, url, _gap, code, status, note] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(inner);

    let Some(link) = &p.url else {
        let waiting = format!(
            "{} asking the tenant for an authorization URL…",
            super::spinner(app)
        );
        frame.render_widget(Paragraph::new(Span::styled(waiting, theme::key())), intro);
        return;
    };
    draw_url(frame, [intro, url], link);
    draw_code(frame, code, p);
    let line = status_line(app, p);
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), status);
    if let Some(n) = &p.note {
        frame.render_widget(
            Paragraph::new(Span::styled(n.clone(), theme::dim())).wrap(Wrap { trim: true }),
            note,
        );
    }
}

/// What to do, then the URL on a row of its own.
fn draw_url(frame: &mut Frame, [intro, url]: [Rect; 2], link: &str) {
    frame.render_widget(
        Paragraph::new(
            "Open this URL in a browser, sign in and allow access, then paste the code it shows:",
        )
        .wrap(Wrap { trim: true }),
        intro,
    );
    // unwrapped on purpose: one line, cut by the screen edge rather than broken
    frame.render_widget(
        Paragraph::new(Span::styled(
            super::clean(link),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )),
        url,
    );
}

/// The code field, labelled.
fn draw_code(frame: &mut Frame, code: Rect, p: &OAuthPopup) {
    let [label, field] =
        Layout::horizontal([Constraint::Length(7), Constraint::Min(1)]).areas(code);
    frame.render_widget(Paragraph::new(Span::styled("Code: ", theme::key())), label);
    let mut area = super::input::styled_area(&p.code, false);
    area.set_placeholder_text("paste the code here");
    frame.render_widget(&area, field);
}

/// The code on its way, or the tenant's refusal with the key for a new URL.
fn status_line(app: &App, p: &OAuthPopup) -> Line<'static> {
    if p.sending {
        Line::from(Span::styled(
            format!(
                "{} sending the code, creating the connection…",
                super::spinner(app)
            ),
            theme::key(),
        ))
    } else if let Some(e) = &p.error {
        Line::from(Span::styled(
            format!(
                "✗ {e}  (paste again, or {} for a new URL)",
                app.keymap
                    .short_label(Context::OAuthCode, Intent::AuthNewUrl)
                    .replacen('^', "Ctrl-", 1)
            ),
            theme::error(),
        ))
    } else {
        Line::default()
    }
}
