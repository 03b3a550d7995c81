//! The "copy to…" popup: the profile and space pickers, the plan with its secrets form, the
//! work in progress and each connection's result. Draws the copy layer, nothing else.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::confirm::wrap;
use super::picker::PickerLook;
use super::theme;
use crate::app::copy::{plan_lines, results_summary, summary, CopyState, LineKind, PlanView, Step};
use crate::app::keymap::{Context, Intent};
use crate::app::picker::Picker;
use crate::app::state::Level;
use crate::app::App;
use crate::promote::TargetSpace;

/// Choices shown at once; the picker scrolls to keep the selection visible.
const PICKER_ROWS: usize = 8;

/// The popup's lines in three parts: what is copied where and the current step (`top`), the
/// plan, which scrolls (`middle`), the secrets and the error under it (`bottom`).
#[derive(Default)]
struct Sections {
    top: Vec<Line<'static>>,
    middle: Vec<Line<'static>>,
    bottom: Vec<Line<'static>>,
    /// How far the plan is scrolled, as the app asks.
    scroll: usize,
}

/// Draws the popup; the largest scroll of the plan, when one is shown.
pub fn draw(frame: &mut Frame, body: Rect, app: &App, copy: &CopyState) -> Option<usize> {
    let wide = body.width.saturating_sub(4).clamp(30, 110);
    let text_width = wide.saturating_sub(4) as usize;
    let mut s = Sections {
        top: header_lines(app, copy, text_width),
        ..Sections::default()
    };
    step_lines(app, copy, text_width, &mut s);
    if let Some(e) = &copy.error {
        s.bottom.push(Line::from(""));
        s.bottom.extend(
            wrap(&super::clean(e), text_width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme::level(Level::Error)))),
        );
    }
    s.bottom.push(Line::from(""));
    let area = popup_area(body, copy, wide, &s);
    let block = Block::bordered()
        .title(Span::styled(title(copy), theme::title()))
        .title_bottom(Line::from(Span::styled(keys_hint(app, copy), theme::dim())).right_aligned())
        .border_style(theme::border(true));
    let inner = super::open_dialog(frame, area, block);
    let [top_area, middle_area, bottom_area] = Layout::vertical([
        Constraint::Length(s.top.len() as u16),
        Constraint::Min(0),
        Constraint::Length(s.bottom.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(s.top), top_area);
    let middle_is_empty = s.middle.is_empty();
    let last_page = draw_plan(frame, middle_area, app, copy, s.middle, s.scroll);
    frame.render_widget(Paragraph::new(s.bottom), bottom_area);
    (!middle_is_empty).then_some(last_page)
}

/// The "from" line and, once a profile is picked, the "to" line.
fn header_lines(app: &App, copy: &CopyState, text_width: usize) -> Vec<Line<'static>> {
    let mut top = vec![Line::from("")];
    top.push(labelled("from", &from_text(app, copy), text_width));
    if copy.step != Step::Profile {
        let mut to = copy.target_label();
        if let Some(view) = &copy.plan {
            if matches!(copy.step, Step::Review | Step::Applying | Step::Applied) {
                to.push_str(&format!(" · {}", space_text(&view.space)));
            }
        }
        top.push(labelled("to", &to, text_width));
    }
    top
}

/// What the current step shows: a picker, work in progress, or the plan and its secrets.
fn step_lines(app: &App, copy: &CopyState, text_width: usize, s: &mut Sections) {
    let backspace = app
        .keymap
        .key_label(Context::Picker, Intent::PromptBackspace);
    let top = &mut s.top;
    match copy.step {
        Step::Profile => picker_lines(top, "to", &copy.profiles, "profile", &backspace),
        Step::Space => {
            if let Some(sp) = &copy.spaces {
                picker_lines(top, "space", &sp.picker, "space", &backspace);
            }
        }
        Step::Gateway => {
            if let Some(g) = copy.gateway.as_ref() {
                top.push(labelled("for", &g.connection, text_width));
                match &g.picker {
                    Some(p) => picker_lines(top, "gateway", p, "gateway", &backspace),
                    None => top.push(working(
                        app,
                        "listing the target's gateways (nothing is sent)…",
                    )),
                }
            }
        }
        Step::Opening => top.push(working(
            app,
            "opening the tenant and listing its spaces (nothing is sent)…",
        )),
        Step::Planning => top.push(working(
            app,
            "planning: reading the connections here and looking them up there (nothing is sent)…",
        )),
        Step::Review | Step::Applying | Step::Applied => {
            let view = copy.plan.as_ref().expect("a plan in these steps");
            top.push(plan_headline(app, copy, view));
            top.push(Line::from(""));
            s.middle = plan_body(view, text_width);
            s.scroll = view.scroll;
            if copy.step == Step::Review && !view.secrets.fields.is_empty() {
                s.bottom.extend(secrets_lines(view, text_width));
            }
        }
    }
}

/// The plan's summary, the progress of its apply, or its results.
fn plan_headline(app: &App, copy: &CopyState, view: &PlanView) -> Line<'static> {
    let headline = match copy.step {
        Step::Review => summary(&view.plan),
        Step::Applying => format!(
            "{} applying: {} of {} done…",
            super::spinner(app),
            view.results.len(),
            view.plan.items.len()
        ),
        _ => format!("applied: {}", results_summary(&view.results)),
    };
    let style = if view.plan.problems.is_empty() {
        theme::heading()
    } else {
        theme::error()
    };
    Line::from(Span::styled(headline, style))
}

/// The plan's lines; a long one (a tenant's error, a gateway id) wraps under its own indent.
fn plan_body(view: &PlanView, text_width: usize) -> Vec<Line<'static>> {
    let mut middle = Vec::new();
    for l in plan_lines(view) {
        let text = super::clean(&l.text);
        let style = style_of(l.kind);
        if text.chars().count() <= text_width {
            middle.push(Line::from(Span::styled(text, style)));
            continue;
        }
        let lead = text.chars().take_while(|c| *c == ' ').count();
        let room = text_width.saturating_sub(lead + 2);
        for (i, part) in wrap(text.trim_start(), room).into_iter().enumerate() {
            let indent = if i == 0 { lead } else { lead + 2 };
            let part = format!("{}{part}", " ".repeat(indent));
            middle.push(Line::from(Span::styled(part, style)));
        }
    }
    middle
}

/// The secrets the plan needs, masked, the focused one with its cursor.
fn secrets_lines(view: &PlanView, text_width: usize) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::from(""),
        Line::from(Span::styled(
            "secrets the plan needs (typed here, never shown, never stored):",
            theme::heading(),
        )),
    ];
    let name_width = view
        .secrets
        .fields
        .iter()
        .map(|f| f.var.chars().count())
        .max()
        .unwrap_or(0);
    for (i, f) in view.secrets.fields.iter().enumerate() {
        let focused = i == view.secrets.focus;
        let mut spans = vec![Span::styled(
            format!(
                "{} {:<name_width$} ",
                if focused { "▸" } else { " " },
                f.var
            ),
            if focused { theme::key() } else { theme::dim() },
        )];
        // one dot per character: the length shows, the secret does not
        let mask = "•".repeat(f.input.text().chars().count());
        let room = text_width.saturating_sub(name_width + 3);
        if focused {
            spans.extend(super::input::with_cursor(
                &mask,
                f.input.cursor(),
                room,
                Span::styled("█", theme::dim()),
            ));
        } else if mask.is_empty() {
            spans.push(Span::styled("(not set)", theme::dim()));
        } else {
            spans.push(Span::raw(mask.chars().take(room).collect::<String>()));
        }
        if f.from_env {
            spans.push(Span::styled("  from the environment", theme::dim()));
        }
        out.push(Line::from(spans));
    }
    out
}

/// Where the popup goes: as tall as its lines (a plan up to the body's height), narrower
/// while a picker is all it shows.
fn popup_area(body: Rect, copy: &CopyState, wide: u16, s: &Sections) -> Rect {
    let wanted = (s.top.len() + s.middle.len() + s.bottom.len()) as u16 + 2;
    let height = if s.middle.is_empty() {
        wanted
    } else {
        // a plan takes the height it needs, up to the body's
        wanted.min(body.height)
    };
    let width = if s.middle.is_empty() && copy.step != Step::Opening && copy.step != Step::Planning
    {
        wide.min(76)
    } else {
        wide
    };
    super::centered_box(body, width, height)
}

/// The plan, scrolled, with a "… more lines" mark on its last row when more follow; the
/// largest scroll.
fn draw_plan(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    copy: &CopyState,
    middle: Vec<Line<'static>>,
    scroll: usize,
) -> usize {
    let rows = area.height as usize;
    let last_page = middle.len().saturating_sub(rows);
    let scroll = scroll.min(last_page);
    let more = middle.len().saturating_sub(scroll + rows);
    frame.render_widget(Paragraph::new(middle).scroll((scroll as u16, 0)), area);
    if more > 0 && rows > 0 {
        let last = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        let page_down = app.keymap.key_label(copy.context(), Intent::PageDown);
        let text = format!("… {more} more lines ({page_down})");
        frame.render_widget(Clear, last);
        frame.render_widget(Paragraph::new(Span::styled(text, theme::dim())), last);
    }
    last_page
}

fn title(copy: &CopyState) -> String {
    match copy.connections.as_slice() {
        [one] => format!(" Copy {} to… ", super::clean(&one.name)),
        many => format!(" Copy {} connections to… ", many.len()),
    }
}

fn from_text(app: &App, copy: &CopyState) -> String {
    let names: Vec<&str> = copy.connections.iter().map(|t| t.name.as_str()).collect();
    format!("{}: {}", app.tenant.profile, names.join(", "))
}

fn space_text(space: &TargetSpace) -> String {
    match space {
        TargetSpace::Same => "each into the space of its own name".into(),
        TargetSpace::Personal => "the personal space".into(),
        TargetSpace::Named(name) => format!("space {name}"),
    }
}

fn labelled(label: &'static str, text: &str, width: usize) -> Line<'static> {
    let text: String = super::clean(text)
        .chars()
        .take(width.saturating_sub(7))
        .collect();
    Line::from(vec![
        Span::styled(format!("{label:<6} "), theme::dim()),
        Span::raw(text),
    ])
}

fn working(app: &App, text: &'static str) -> Line<'static> {
    Line::from(Span::styled(
        format!("{} {text}", super::spinner(app)),
        theme::key(),
    ))
}

/// A picker's lines; `backspace` names the key that deletes a filter character.
fn picker_lines(
    lines: &mut Vec<Line<'static>>,
    label: &'static str,
    p: &Picker,
    what: &str,
    backspace: &str,
) {
    let style = |chosen| match chosen {
        true => theme::selected(),
        false => theme::dim(),
    };
    let look = PickerLook {
        label: Span::styled(format!("{label:<6} "), theme::key()),
        what,
        backspace,
        count_keys: String::new(),
        rows: PICKER_ROWS,
        style: &style,
    };
    super::picker::picker_lines(lines, p, &look);
}

fn style_of(kind: LineKind) -> Style {
    match kind {
        LineKind::Heading => theme::heading(),
        LineKind::Create => theme::key(),
        LineKind::Update => theme::level(Level::Warn),
        LineKind::Unchanged | LineKind::Note => theme::dim(),
        LineKind::Change => Style::default(),
        LineKind::Problem => theme::error(),
        LineKind::Done => theme::level(Level::Info),
        LineKind::Failed => theme::level(Level::Error),
    }
}

/// Whether a copied connection's source reaches its database through a gateway (`DG_`).
fn gatewayed(app: &App, copy: &CopyState) -> bool {
    copy.connections.iter().any(|t| {
        app.data.connections.items.iter().any(|c| {
            c.id() == t.id
                && c.datasource_id
                    .as_deref()
                    .is_some_and(|s| s.starts_with("DG_"))
        })
    })
}

/// The popup's keys as bound, as `(key, what it does)`: its border and the footer both show
/// these, so the two never disagree. An entry without a key says what typing does.
pub fn hints(app: &App, copy: &CopyState) -> Vec<(String, &'static str)> {
    let ctx = copy.context();
    let key = |intent| app.keymap.key_label(ctx, intent);
    match copy.step {
        Step::Profile | Step::Space | Step::Gateway => vec![
            (key(Intent::Pick), "pick"),
            (
                format!("{}/{}", key(Intent::Up), key(Intent::Down)),
                "choose",
            ),
            (String::new(), "type to filter"),
            (
                key(Intent::Back),
                if copy.step == Step::Profile {
                    "cancel"
                } else {
                    "back"
                },
            ),
        ],
        Step::Review => {
            let secrets = copy
                .plan
                .as_ref()
                .is_some_and(|v| v.secrets.fields.len() > 1);
            let mut out = vec![(key(Intent::CopyApply), "apply")];
            if secrets {
                out.push((key(Intent::FormNext), "next secret"));
            }
            // only when a copied connection's source uses a gateway
            if gatewayed(app, copy) {
                out.push((key(Intent::CopyGateway), "gateway"));
            }
            out.push((key(Intent::Back), "back"));
            out
        }
        Step::Applied => vec![
            (key(Intent::CopyReplan), "plan again"),
            (
                app.keymap.key_label(Context::CopyResult, Intent::Back),
                "close",
            ),
        ],
        Step::Applying => vec![(String::new(), "the results come in…")],
        Step::Opening | Step::Planning => vec![(key(Intent::Back), "cancel")],
    }
}

/// The hints as the border shows them: " Enter pick · ↑/↓ choose · … ".
fn keys_hint(app: &App, copy: &CopyState) -> String {
    let parts: Vec<String> = hints(app, copy)
        .into_iter()
        .map(|(key, what)| match key.is_empty() {
            true => what.to_string(),
            false => format!("{key} {what}"),
        })
        .collect();
    format!(" {} ", parts.join(" · "))
}
