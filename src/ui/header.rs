//! Two lines: who and where (tenant, user, running tasks), then the pane tabs and the filter.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme;
use crate::app::state::Pane;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [top, tabs] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let mut who = vec![Span::styled(" qdc ", theme::title())];
    if app.keymap.read_only() {
        // keys that would change the tenant are hidden: say so where the tenant is named
        who.push(Span::styled("[RO]", theme::read_only()));
        who.push(Span::raw(" "));
    }
    who.extend([
        Span::raw("─ "),
        Span::raw(format!("{} ({}) ", app.tenant.profile, app.tenant.host)),
        Span::raw("─ "),
        Span::raw(super::clean(&app.user_label())),
    ]);
    let who = Line::from(who);
    let tasks = match app.running_tasks() {
        0 => Line::from(""),
        n => Line::from(Span::styled(
            format!(
                "{} {n} task{} ",
                super::spinner(app),
                if n == 1 { "" } else { "s" }
            ),
            theme::key(),
        )),
    };
    let [l, r] = Layout::horizontal([Constraint::Min(10), Constraint::Length(12)]).areas(top);
    super::paint::line(frame.buffer_mut(), l, who);
    frame.render_widget(Paragraph::new(tasks).right_aligned(), r);

    let mut spans = vec![Span::raw(" ")];
    for p in Pane::ALL {
        // Spaces has no digit: it shows only while it is the current pane
        if p.digit().is_none() && p != app.pane {
            continue;
        }
        let label = match p.digit() {
            Some(d) => format!("[{d}] {}", p.title()),
            None => format!(":{}", p.title().to_lowercase()),
        };
        let style = if p == app.pane {
            theme::selected()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("  "));
    }
    let filter = &app.current().filter;
    if !filter.is_empty() {
        spans.push(Span::styled(format!("/ {filter}"), theme::key()));
    }
    super::paint::line(frame.buffer_mut(), tabs, Line::from(spans));
}
