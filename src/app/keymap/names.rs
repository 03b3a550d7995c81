//! The stable action names of `[keys]` in the config file: one per [`Intent`], derived here and
//! nowhere else. Renaming one breaks users' configs, so a name, once published, stays.

use super::{Intent, BINDINGS};
use crate::app::state::Pane;

impl Intent {
    /// The name `[keys]` uses for this intent, e.g. `quit`, `copy_id`, `pane_sources`.
    pub fn name(self) -> &'static str {
        match self {
            Intent::Quit => "quit",
            Intent::ForceQuit => "force_quit",
            Intent::Back => "back",
            Intent::GoPane(Pane::Sources) => "pane_sources",
            Intent::GoPane(Pane::Gateways) => "pane_gateways",
            Intent::GoPane(Pane::Connections) => "pane_connections",
            Intent::GoPane(Pane::Credentials) => "pane_credentials",
            Intent::GoPane(Pane::Spaces) => "pane_spaces",
            Intent::NextPane => "next_pane",
            Intent::PrevPane => "prev_pane",
            Intent::Up => "up",
            Intent::Down => "down",
            Intent::PageUp => "page_up",
            Intent::PageDown => "page_down",
            Intent::Top => "top",
            Intent::Bottom => "bottom",
            Intent::OpenDetail => "open_detail",
            Intent::RawJson => "raw_json",
            Intent::CopyId => "copy_id",
            Intent::Help => "help",
            Intent::Filter => "filter",
            Intent::Command => "command",
            Intent::SortNext => "sort_next",
            Intent::SortFlip => "sort_flip",
            Intent::Refresh => "refresh",
            Intent::ToggleOrphans => "toggle_orphans",
            Intent::Messages => "messages",
            Intent::PromptSubmit => "prompt_submit",
            Intent::PromptCancel => "prompt_cancel",
            Intent::PromptComplete => "prompt_complete",
            Intent::PromptBackspace => "prompt_backspace",
        }
    }

    /// The intent `[keys]` can rebind under `name`: only intents that have a key in the table.
    pub fn from_name(name: &str) -> Option<Intent> {
        bindable().into_iter().find(|i| i.name() == name)
    }
}

/// Every intent with at least one default key, in table order, each once.
pub fn bindable() -> Vec<Intent> {
    let mut out: Vec<Intent> = Vec::new();
    for b in BINDINGS {
        if !out.contains(&b.intent) {
            out.push(b.intent);
        }
    }
    out
}

/// The known name closest to a misspelt one, when one is close enough to be a likely typo.
pub fn closest(name: &str) -> Option<&'static str> {
    bindable()
        .into_iter()
        .map(|i| (edit_distance(name, i.name()), i.name()))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            row.push(substitute.min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        let all = bindable();
        for i in &all {
            let n = i.name();
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{n}");
            assert_eq!(Intent::from_name(n), Some(*i));
            assert_eq!(all.iter().filter(|j| j.name() == n).count(), 1, "{n}");
        }
        assert_eq!(Intent::from_name("copy_id"), Some(Intent::CopyId));
        assert_eq!(Intent::from_name("nope"), None);
    }

    #[test]
    fn typos_find_their_action() {
        assert_eq!(closest("quitt"), Some("quit"));
        assert_eq!(closest("copyid"), Some("copy_id"));
        assert_eq!(closest("launch_rockets"), None);
    }
}
