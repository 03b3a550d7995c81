//! The first-run screen: shown instead of the explorer when there is no tenant to open (no
//! config yet) or the config file cannot be read. It offers the demo tenant and explains how
//! to add a real one.

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::Key;

/// What the screen explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// Why the config could not be used (with line and column), `None` on a plain first run.
    pub problem: Option<String>,
    /// Where qdc looks for its config file.
    pub config_path: Option<String>,
}

/// What the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Demo,
    Quit,
}

/// The command that adds a tenant; the secret is read hidden, never from the command line.
pub const ADD_PROFILE: &str = "qdc profile add NAME --server https://TENANT.REGION.qlikcloud.com";

/// The screen's keys: what the hint line shows and what a key press means, from one list.
pub const KEYS: &[(&str, &str, Choice)] = &[
    ("Enter", "open the demo tenant", Choice::Demo),
    ("q", "quit", Choice::Quit),
];

impl Welcome {
    /// The choice a key press makes, if any. Esc and Ctrl-C quit as well.
    pub fn choice_for(ev: &KeyEvent) -> Option<Choice> {
        let key = Key::from_event(ev)?;
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) | (KeyCode::Esc, false) => return Some(Choice::Quit),
            (_, true) => return None,
            _ => {}
        }
        KEYS.iter()
            .find(|(label, _, _)| Key::parse(label).is_ok_and(|k| k == key))
            .map(|(_, _, choice)| *choice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(code: KeyCode, mods: KeyModifiers) -> Option<Choice> {
        Welcome::choice_for(&KeyEvent::new(code, mods))
    }

    #[test]
    fn enter_opens_the_demo_and_q_esc_ctrl_c_quit() {
        assert_eq!(
            press(KeyCode::Enter, KeyModifiers::NONE),
            Some(Choice::Demo)
        );
        for (code, mods) in [
            (KeyCode::Char('q'), KeyModifiers::NONE),
            (KeyCode::Esc, KeyModifiers::NONE),
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
        ] {
            assert_eq!(press(code, mods), Some(Choice::Quit), "{code:?}");
        }
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::NONE), None);
        assert_eq!(press(KeyCode::Char('q'), KeyModifiers::CONTROL), None);
    }
}
