//! The stable action names of `[keys]` in the config file: one per [`Intent`], derived here and
//! nowhere else. Renaming one breaks users' configs, so a name, once published, stays.

use super::intent::{Intent, JumpTo};
use super::table::BINDINGS;
use crate::app::pane::Pane;
use crate::app::text_input::TextEdit;

/// `sort_column_one` .. `sort_column_nine`: Alt+1 .. Alt+9 (names are letters only).
const SORT_COLUMN: [&str; 9] = [
    "sort_column_one",
    "sort_column_two",
    "sort_column_three",
    "sort_column_four",
    "sort_column_five",
    "sort_column_six",
    "sort_column_seven",
    "sort_column_eight",
    "sort_column_nine",
];

impl Intent {
    /// The name `[keys]` uses for this intent, e.g. `quit`, `copy_id`, `pane_sources`.
    // over 80 lines on purpose: one arm per intent, a table the compiler keeps complete
    pub fn name(self) -> &'static str {
        match self {
            Intent::Quit => "quit",
            Intent::ForceQuit => "force_quit",
            Intent::Back => "back",
            Intent::Drill => "drill",
            Intent::Jump(JumpTo::Source) => "jump_source",
            Intent::Jump(JumpTo::Space) => "jump_space",
            Intent::Jump(JumpTo::Credential) => "jump_credential",
            Intent::Jump(JumpTo::Gateway) => "jump_gateway",
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
            Intent::SortColumn(n) => SORT_COLUMN
                .get(usize::from(n).wrapping_sub(1))
                .copied()
                .unwrap_or("sort_column"),
            Intent::Refresh => "refresh",
            Intent::ToggleOrphans => "toggle_orphans",
            Intent::ToggleDetail => "toggle_detail",
            Intent::Messages => "messages",
            Intent::PromptSubmit => "prompt_submit",
            Intent::PromptCancel => "prompt_cancel",
            Intent::PromptComplete => "prompt_complete",
            Intent::PromptBackspace => "prompt_backspace",
            Intent::Create => "create",
            Intent::Edit => "edit",
            Intent::FormNext => "form_next",
            Intent::FormPrev => "form_prev",
            Intent::FormEnter => "form_enter",
            Intent::FormSubmit => "form_submit",
            Intent::FormPreview => "form_preview",
            Intent::FormReveal => "form_reveal",
            Intent::FormJsonMode => "form_json_mode",
            Intent::Pick => "pick",
            Intent::Discard => "discard",
            Intent::SendEdit => "send_edit",
            Intent::SendAgain => "send_again",
            Intent::AuthSend => "auth_send",
            Intent::AuthCopyUrl => "auth_copy_url",
            Intent::AuthOpenUrl => "auth_open_url",
            Intent::AuthPrintUrl => "auth_print_url",
            Intent::AuthNewUrl => "auth_new_url",
            Intent::ToggleMark => "toggle_mark",
            Intent::Delete => "delete",
            Intent::Duplicate => "duplicate",
            Intent::Move => "move",
            Intent::Rename => "rename",
            Intent::ConfirmYes => "confirm_yes",
            Intent::ConfirmNo => "confirm_no",
            Intent::DialogSubmit => "dialog_submit",
            Intent::DialogCancel => "dialog_cancel",
            Intent::DialogSwitchField => "dialog_switch_field",
            Intent::Input(edit) => input_name(edit),
            Intent::InputHistoryPrev => "input_history_prev",
            Intent::InputHistoryNext => "input_history_next",
            Intent::CopyTo => "copy_to",
            Intent::CopyApply => "copy_apply",
            Intent::CopyReplan => "copy_replan",
            Intent::CopyGateway => "copy_gateway",
            Intent::FirstRunDemo => "first_run_demo",
            Intent::FirstRunAddTenant => "first_run_add_tenant",
            Intent::FirstRunImport => "first_run_import",
        }
    }

    /// The intent `[keys]` can rebind under `name`: only intents that have a key in the table.
    pub fn from_name(name: &str) -> Option<Intent> {
        bindable().into_iter().find(|i| i.name() == name)
    }
}

/// The editing keys of every text input share the prefix `input_`.
fn input_name(edit: TextEdit) -> &'static str {
    match edit {
        TextEdit::Left => "input_left",
        TextEdit::Right => "input_right",
        TextEdit::WordLeft => "input_word_left",
        TextEdit::WordRight => "input_word_right",
        TextEdit::LineStart => "input_line_start",
        TextEdit::LineEnd => "input_line_end",
        TextEdit::LineUp => "input_line_up",
        TextEdit::LineDown => "input_line_down",
        TextEdit::DeleteBack => "input_delete_back",
        TextEdit::DeleteForward => "input_delete_forward",
        TextEdit::DeleteWordBack => "input_delete_word_back",
        TextEdit::DeleteWordForward => "input_delete_word_forward",
        TextEdit::DeleteToStart => "input_delete_to_start",
        TextEdit::DeleteToEnd => "input_delete_to_end",
        TextEdit::Yank => "input_yank",
    }
}

/// Names of earlier versions and the action each now is: `[keys]` still takes them, and says
/// once which name to write instead. Once published, a name is never a plain error.
pub const RENAMED: &[(&str, &str)] = &[
    ("dialog_backspace", "input_delete_back"),
    ("dialog_clear", "input_delete_to_start"),
    ("dialog_delete_word", "input_delete_word_back"),
];

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
    use crate::app::keymap::{documentation, DOC_BEGIN, DOC_END};

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

    /// The action table in `config.example.toml` is generated: it can never drift from the
    /// keymap. `QDC_UPDATE_DOCS=1 cargo test` rewrites it.
    #[test]
    fn config_example_documents_every_action() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let (Some(begin), Some(end)) = (text.find(DOC_BEGIN), text.find(DOC_END)) else {
            panic!("{path} has no generated action table ({DOC_BEGIN} ... {DOC_END})");
        };
        let current = &text[begin..end + DOC_END.len()];
        let wanted = documentation();
        if current != wanted {
            if std::env::var_os("QDC_UPDATE_DOCS").is_some() {
                let updated = format!("{}{wanted}{}", &text[..begin], &text[end + DOC_END.len()..]);
                std::fs::write(path, updated).unwrap();
            } else {
                panic!(
                    "{path} is out of date; run QDC_UPDATE_DOCS=1 cargo test, or paste:\n{wanted}"
                );
            }
        }
    }

    #[test]
    fn typos_find_their_action() {
        assert_eq!(closest("quitt"), Some("quit"));
        assert_eq!(closest("copyid"), Some("copy_id"));
        assert_eq!(closest("launch_rockets"), None);
    }
}
