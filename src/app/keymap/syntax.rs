//! How keys are written in `[keys]`: `a`, `A`, `ctrl-x`, `enter`, `esc`, `tab`, `shift-tab`,
//! `space`, `backspace`, `delete`, `f1`..`f12`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`,
//! `home`, `end`, and `ctrl-` with an arrow, `home`, `end` or `delete`. [`Key::spec`] writes a key the same way, so the documentation is generated from it.

use crossterm::event::KeyCode;

use super::key::Key;

/// Named keys: config spelling and code. The first spelling of a code is the one written out.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

/// What the error message lists as the accepted forms.
pub const SYNTAX_HELP: &str = "a single character (a, A, ?), ctrl-LETTER, alt-KEY, enter, esc, \
tab, shift-tab, space, backspace, delete, f1..f12, up, down, left, right, pgup, pgdn, home, end, \
ctrl-left, ctrl-right (also ctrl- with up, down, home, end, delete)";

/// The named keys a terminal sends with Ctrl distinctly (word moves are Ctrl-←/→).
const CTRL_NAMED: &[KeyCode] = &[
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Delete,
];

impl Key {
    /// Reads a key as written in `[keys]`. Names are case-insensitive; a single character is
    /// taken as is (`A` is Shift+a).
    pub fn parse(text: &str) -> Result<Key, String> {
        let text = text.trim();
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key::plain(KeyCode::Char(c)));
        }
        let lower = text.to_ascii_lowercase();
        // Alt is part of the key: alt-q is not q (a terminal sends it as Esc, q)
        if lower.starts_with("alt-") || lower.starts_with("alt+") {
            let key = Key::parse(&text[4..])?;
            if key.ctrl || key.alt {
                return Err(format!(
                    "cannot read the key {text:?}: alt- goes with one plain key, e.g. alt-x"
                ));
            }
            return Ok(Key { alt: true, ..key });
        }
        if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("ctrl+")) {
            let named = NAMED.iter().find(|(name, _)| *name == rest);
            if let Some((_, code)) = named.filter(|(_, code)| CTRL_NAMED.contains(code)) {
                return Ok(Key {
                    code: *code,
                    ctrl: true,
                    alt: false,
                });
            }
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Ok(Key {
                    code: KeyCode::Char(c),
                    ctrl: true,
                    alt: false,
                }),
                _ => Err(format!(
                    "cannot read the key {text:?}: ctrl- goes with one letter or digit, e.g. ctrl-y"
                )),
            };
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if (1..=12).contains(&n) {
                return Ok(Key::plain(KeyCode::F(n)));
            }
        }
        NAMED
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, code)| Key::plain(*code))
            .ok_or_else(|| format!("cannot read the key {text:?}: write {SYNTAX_HELP}"))
    }

    /// The key as `[keys]` writes it (the inverse of [`Key::parse`]).
    pub fn spec(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map(|(name, _)| name.to_string())
                .unwrap_or_else(|| format!("{code:?}").to_lowercase()),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("ctrl-{base}"),
            (false, true) => format!("alt-{base}"),
            (false, false) => base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn every_documented_form_parses_and_writes_back() {
        let cases = [
            ("a", KeyCode::Char('a'), false),
            ("A", KeyCode::Char('A'), false),
            ("?", KeyCode::Char('?'), false),
            ("ctrl-y", KeyCode::Char('y'), true),
            ("Ctrl-Y", KeyCode::Char('y'), true),
            ("enter", KeyCode::Enter, false),
            ("ESC", KeyCode::Esc, false),
            ("tab", KeyCode::Tab, false),
            ("shift-tab", KeyCode::BackTab, false),
            ("space", KeyCode::Char(' '), false),
            ("F1", KeyCode::F(1), false),
            ("f12", KeyCode::F(12), false),
            ("up", KeyCode::Up, false),
            ("left", KeyCode::Left, false),
            ("pgup", KeyCode::PageUp, false),
            ("pgdn", KeyCode::PageDown, false),
            ("home", KeyCode::Home, false),
            ("end", KeyCode::End, false),
        ];
        for (text, code, ctrl) in cases {
            let key = ok(text);
            assert_eq!(
                key,
                Key {
                    code,
                    ctrl,
                    alt: false
                },
                "{text}"
            );
            assert_eq!(ok(&key.spec()), key, "{text} writes back as {}", key.spec());
        }
        assert_eq!(ok("ctrl-y").spec(), "ctrl-y");
        let alt_x = ok("Alt-x");
        assert_eq!(
            alt_x,
            Key {
                code: KeyCode::Char('x'),
                ctrl: false,
                alt: true
            }
        );
        assert_eq!(alt_x.spec(), "alt-x");
        assert_eq!(ok(&alt_x.spec()), alt_x);
        assert_eq!(ok("alt-left").code, KeyCode::Left);
        let ctrl_left = ok("ctrl-left");
        assert_eq!((ctrl_left.code, ctrl_left.ctrl), (KeyCode::Left, true));
        assert_eq!(ok(&ctrl_left.spec()), ctrl_left);
        assert_eq!(ok("Delete").spec(), "delete");
        assert!(Key::parse("alt-ctrl-x").is_err());
        assert_eq!(ok("F1").spec(), "f1");
    }

    #[test]
    fn bad_keys_say_what_is_accepted() {
        for bad in ["ctrl-enter", "f13", "hyper-x", "", "jj"] {
            let e = Key::parse(bad).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{e}");
        }
        assert!(Key::parse("ctrl-enter").unwrap_err().contains("ctrl-y"));
        assert!(Key::parse("jj").unwrap_err().contains("pgdn"));
    }
}
