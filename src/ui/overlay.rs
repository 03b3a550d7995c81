//! Popups over the body: help (from the keymap), raw JSON, messages.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{json, theme};
use crate::app::keymap::{Context, Intent};
use crate::app::state::Layer;
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
        Context::ConfirmResend => "send the create again?",
        Context::OAuth | Context::OAuthCode => "authorization",
        Context::Created => "result",
        Context::Confirm => "confirm",
        Context::NameDialog => "name prompt",
        Context::ConfirmBatch => "batch change",
        Context::CopyPlan => "copy plan",
        Context::CopyResult => "copy",
        Context::FirstRun => "first run",
        Context::FirstRunForm => "add a tenant",
    };
    name.to_string()
}

/// The popup of help, raw JSON and messages: 90 % of the body, centred.
fn area(body: Rect) -> Rect {
    let [v] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(body);
    let [h] = Layout::horizontal([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// One page of an overlay: its title, the lines from the scroll on that can show, and its
/// largest scroll.
type Page = (String, Vec<Line<'static>>, usize);

/// Draws the open overlay over `body`; says its largest scroll there.
/// `overlay` is the help, raw JSON or messages layer.
pub fn draw(frame: &mut Frame, body: Rect, app: &App, overlay: &Layer) -> usize {
    let area = area(body);
    frame.render_widget(Clear, area);
    let (title, lines, last_page) = match overlay {
        Layer::Help { scroll, .. } => help_page(app, *scroll, area),
        Layer::Json { scroll } => json_page(app, *scroll, area),
        Layer::Messages { scroll } => messages_page(app, *scroll, area),
        _ => return 0,
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .title_bottom(keys_hint(app, overlay))
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
    last_page
}

/// Each line takes a row at least: only the lines from the scroll on that can show are made.
fn rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The keys of the help line by line: " {keys:<width}  {desc}".
fn help_page(app: &App, scroll: usize, area: Rect) -> Page {
    let ctx = app.help_context();
    let bindings = app.keymap.help_lines(ctx);
    let width = bindings
        .iter()
        .map(|b| b.keys_label().chars().count())
        .max()
        .unwrap_or(0);
    let widths = bindings
        .iter()
        .map(|b| 1 + width + 2 + b.desc.chars().count());
    let last_page = super::last_page_start(widths, area);
    let lines = bindings
        .iter()
        .skip(scroll.min(last_page))
        .take(rows(area))
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<width$}  ", b.keys_label()), theme::key()),
                Span::raw(b.desc),
            ])
        })
        .collect();
    (format!(" Help: {} ", context_name(ctx)), lines, last_page)
}

/// The selection's JSON, highlighted.
fn json_page(app: &App, scroll: usize, area: Rect) -> Page {
    let text = app.views.json.as_deref().unwrap_or_default();
    let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
    let last_page = super::last_page_start(widths.into_iter(), area);
    let lines = text
        .lines()
        .skip(scroll.min(last_page))
        .take(rows(area))
        .map(json::highlight)
        .collect();
    (format!(" {} JSON ", app.pane.noun()), lines, last_page)
}

/// The message log, newest first: "HH:MM:SS level text".
fn messages_page(app: &App, scroll: usize, area: Rect) -> Page {
    let title = " Messages (newest first) ".to_string();
    if app.messages.is_empty() {
        let none = Line::from(Span::styled("no messages yet", theme::dim()));
        let last_page = super::last_page_start(std::iter::once(none.width()), area);
        return (title, vec![none], last_page);
    }
    let widths = app
        .messages
        .iter()
        .rev()
        .map(|m| 9 + 6 + m.text.chars().count());
    let last_page = super::last_page_start(widths, area);
    let lines = app
        .messages
        .iter()
        .rev()
        .skip(scroll.min(last_page))
        .take(rows(area))
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
        .collect();
    (title, lines, last_page)
}

/// The border's keys as bound: close and scroll, and in the JSON view copy.
fn keys_hint(app: &App, overlay: &Layer) -> Line<'static> {
    // the JSON view also copies what it shows
    let copy = match overlay {
        Layer::Json { .. } => format!(
            " {} copy ·",
            app.keymap.key_label(Context::Json, Intent::CopyId)
        ),
        _ => String::new(),
    };
    Line::from(Span::styled(
        format!(
            "{copy} {} close · {}/{} scroll ",
            app.keymap.label(Context::Help, Intent::Back),
            app.keymap.key_label(Context::Help, Intent::Down),
            app.keymap.key_label(Context::Help, Intent::Up)
        ),
        theme::dim(),
    ))
    .right_aligned()
}
