//! Every colour and text attribute of the screen, from one table per theme.
//!
//! Three tables: `dark` (light text on a dark terminal), `light` (dark text on a light one) and
//! `mono`, used whenever `NO_COLOR` is set: no colour at all, so everything that matters is an
//! attribute: the selection and the active tab in reverse video, focus and keys in bold, the
//! list cursor a `▸` marker. The colour tables carry the same attributes, so a screen reads the
//! same in every theme, colour only adds to it.
//!
//! The theme is chosen once at start ([`init`]) from the config's `theme = "dark" | "light" |
//! "auto"` and the environment; drawing code asks this module for styles and never names a
//! colour itself.

use std::sync::atomic::{AtomicU8, Ordering};

use ratatui::style::{Color, Modifier, Style};

use crate::app::state::Level;
use crate::config::ThemeChoice;

/// One theme: a colour for each role (`None`: the terminal's own colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub name: &'static str,
    pub accent: Option<Color>,
    pub dim: Option<Color>,
    pub heading: Option<Color>,
    pub selected_fg: Option<Color>,
    pub selected_bg: Option<Color>,
    pub border: Option<Color>,
    pub info: Option<Color>,
    pub warn: Option<Color>,
    pub error: Option<Color>,
    pub badge_fg: Option<Color>,
    pub badge_bg: Option<Color>,
    pub json_key: Option<Color>,
    pub json_string: Option<Color>,
    pub json_number: Option<Color>,
    pub json_literal: Option<Color>,
}

pub const DARK: Palette = Palette {
    name: "dark",
    accent: Some(Color::Cyan),
    dim: Some(Color::DarkGray),
    heading: Some(Color::Yellow),
    selected_fg: Some(Color::White),
    selected_bg: Some(Color::Blue),
    border: Some(Color::Gray),
    info: Some(Color::Green),
    warn: Some(Color::Yellow),
    error: Some(Color::Red),
    badge_fg: Some(Color::Black),
    badge_bg: Some(Color::Yellow),
    json_key: Some(Color::Cyan),
    json_string: Some(Color::Green),
    json_number: Some(Color::Magenta),
    json_literal: Some(Color::Yellow),
};

/// Dark text on a light background: the pale cyan, yellow and grey of `DARK` vanish there.
pub const LIGHT: Palette = Palette {
    name: "light",
    accent: Some(Color::Blue),
    dim: Some(Color::Gray),
    heading: Some(Color::Magenta),
    selected_fg: Some(Color::White),
    selected_bg: Some(Color::Blue),
    border: Some(Color::DarkGray),
    info: Some(Color::Green),
    warn: Some(Color::Magenta),
    error: Some(Color::Red),
    badge_fg: Some(Color::White),
    badge_bg: Some(Color::Magenta),
    json_key: Some(Color::Blue),
    json_string: Some(Color::Green),
    json_number: Some(Color::Magenta),
    json_literal: Some(Color::Red),
};

/// `NO_COLOR`: attributes only.
pub const MONO: Palette = Palette {
    name: "mono",
    accent: None,
    dim: None,
    heading: None,
    selected_fg: None,
    selected_bg: None,
    border: None,
    info: None,
    warn: None,
    error: None,
    badge_fg: None,
    badge_bg: None,
    json_key: None,
    json_string: None,
    json_number: None,
    json_literal: None,
};

const THEMES: [&Palette; 3] = [&DARK, &LIGHT, &MONO];

/// Index into `THEMES`; dark until [`init`] or [`set`] says otherwise.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Picks the theme for this process: `NO_COLOR` (any non-empty value, see no-color.org) wins;
/// then the config's choice; `auto` (or none) is dark unless `COLORFGBG` names a light
/// background. Returns the palette chosen.
pub fn init(choice: Option<ThemeChoice>) -> &'static Palette {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colorfgbg = std::env::var("COLORFGBG").ok();
    let palette = pick(choice, no_color, colorfgbg.as_deref());
    set(palette);
    palette
}

/// The theme [`init`] would pick for these inputs.
pub fn pick(
    choice: Option<ThemeChoice>,
    no_color: bool,
    colorfgbg: Option<&str>,
) -> &'static Palette {
    if no_color {
        return &MONO;
    }
    match choice.unwrap_or(ThemeChoice::Auto) {
        ThemeChoice::Dark => &DARK,
        ThemeChoice::Light => &LIGHT,
        ThemeChoice::Auto if light_background(colorfgbg) => &LIGHT,
        ThemeChoice::Auto => &DARK,
    }
}

/// `COLORFGBG` is `FG;BG` (sometimes `FG;X;BG`), ANSI colour numbers set by rxvt, Konsole,
/// iTerm2 and others: a background of 7 (white) or 9 to 15 (the bright ones but 8) is light.
fn light_background(colorfgbg: Option<&str>) -> bool {
    let Some(bg) = colorfgbg
        .and_then(|v| v.rsplit(';').next())
        .and_then(|bg| bg.trim().parse::<u8>().ok())
    else {
        return false;
    };
    bg == 7 || (9..=15).contains(&bg)
}

/// Makes `palette` the theme of everything drawn from now on.
pub fn set(palette: &Palette) {
    let index = THEMES.iter().position(|p| *p == palette).unwrap_or(0);
    CURRENT.store(index as u8, Ordering::Relaxed);
}

/// The theme in use.
pub fn current() -> &'static Palette {
    THEMES[usize::from(CURRENT.load(Ordering::Relaxed)).min(THEMES.len() - 1)]
}

fn fg(color: Option<Color>) -> Style {
    match color {
        Some(c) => Style::new().fg(c),
        None => Style::new(),
    }
}

fn colours(fg_: Option<Color>, bg: Option<Color>) -> Style {
    match bg {
        Some(c) => fg(fg_).bg(c),
        None => fg(fg_),
    }
}

pub fn title() -> Style {
    fg(current().accent).add_modifier(Modifier::BOLD)
}
pub fn dim() -> Style {
    let p = current();
    match p.dim {
        Some(_) => fg(p.dim),
        // the terminal's faint text: still readable, clearly secondary
        None => Style::new().add_modifier(Modifier::DIM),
    }
}
pub fn heading() -> Style {
    fg(current().heading).add_modifier(Modifier::BOLD)
}
/// The selection, the active tab, the highlighted entry of a choice list: what Enter picks.
/// Reverse video where there is no colour to set it apart.
pub fn selected() -> Style {
    let p = current();
    let style = colours(p.selected_fg, p.selected_bg).add_modifier(Modifier::BOLD);
    if p.selected_bg.is_none() {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    }
}
pub fn key() -> Style {
    fg(current().accent).add_modifier(Modifier::BOLD)
}
pub fn error() -> Style {
    let p = current();
    match p.error {
        Some(_) => fg(p.error),
        None => Style::new().add_modifier(Modifier::BOLD),
    }
}
pub fn level(level: Level) -> Style {
    let p = current();
    match level {
        Level::Info => fg(p.info),
        Level::Warn => fg(p.warn).add_modifier(if p.warn.is_none() {
            Modifier::BOLD
        } else {
            Modifier::empty()
        }),
        Level::Error => fg(p.error).add_modifier(Modifier::BOLD),
    }
}
/// A pane's border; the focused one is bold as well as coloured.
pub fn border(focused: bool) -> Style {
    let p = current();
    if focused {
        fg(p.accent).add_modifier(Modifier::BOLD)
    } else {
        fg(p.border)
    }
}
/// The `[RO]` badge of a read-only tenant.
pub fn read_only() -> Style {
    let p = current();
    let style = colours(p.badge_fg, p.badge_bg).add_modifier(Modifier::BOLD);
    if p.badge_bg.is_none() {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    }
}
pub fn json_key() -> Style {
    fg(current().json_key)
}
pub fn json_string() -> Style {
    fg(current().json_string)
}
pub fn json_number() -> Style {
    fg(current().json_number)
}
pub fn json_literal() -> Style {
    fg(current().json_literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_then_the_config_then_colorfgbg() {
        assert_eq!(pick(Some(ThemeChoice::Light), true, None).name, "mono");
        assert_eq!(pick(Some(ThemeChoice::Light), false, None).name, "light");
        assert_eq!(
            pick(Some(ThemeChoice::Dark), false, Some("0;15")).name,
            "dark"
        );
        assert_eq!(
            pick(Some(ThemeChoice::Auto), false, Some("0;15")).name,
            "light"
        );
        assert_eq!(pick(None, false, Some("0;default;7")).name, "light");
        assert_eq!(pick(None, false, Some("15;0")).name, "dark");
        assert_eq!(pick(None, false, Some("garbage")).name, "dark");
        assert_eq!(pick(None, false, None).name, "dark");
    }

    #[test]
    fn the_mono_table_has_no_colour_at_all() {
        let colours = [
            MONO.accent,
            MONO.dim,
            MONO.heading,
            MONO.selected_fg,
            MONO.selected_bg,
            MONO.border,
            MONO.info,
            MONO.warn,
            MONO.error,
            MONO.badge_fg,
            MONO.badge_bg,
            MONO.json_key,
            MONO.json_string,
            MONO.json_number,
            MONO.json_literal,
        ];
        assert!(colours.iter().all(Option::is_none));
    }
}
