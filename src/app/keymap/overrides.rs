//! The user's `[keys]` applied to the table: one entry at a time, each checked (a known action,
//! a readable key, no clash where both apply), an old action name taken under its new one.

use std::collections::BTreeMap;

use crossterm::event::KeyCode;

use super::intent::Intent;
use super::key::Key;
use super::map::{Bound, Keymap};
use super::names::{closest, RENAMED};
use super::table::{Context, Scope};
use crate::app::pane::Pane;

impl Keymap {
    /// The table with `[keys]` applied, one entry at a time. An entry that is wrong (unknown
    /// action, unreadable key, a key another action already uses where both apply) is left out
    /// and explained; the others still apply, so one typo never costs the whole config.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (action, key) in overrides {
            if let Err(e) = map.rebind(current_name(action), key) {
                problems.push(format!("[keys] {action} = {key:?}: {e}"));
            }
        }
        (map, problems)
    }

    /// Replaces every key of `action` with `key`, in every scope the action works in.
    pub(super) fn rebind(&mut self, action: &str, key: &str) -> Result<(), String> {
        let intent = Intent::from_name(action).ok_or_else(|| match closest(action) {
            Some(near) => format!("no action named {action:?}; did you mean {near}?"),
            None => format!(
                "no action named {action:?} (the action names are listed in config.example.toml)"
            ),
        })?;
        let key = Key::parse(key)?;
        let own: Vec<&Bound> = self
            .bindings
            .iter()
            .filter(|b| b.intent == intent)
            .collect();
        let defaults = own
            .first()
            .map(|b| b.keys_label())
            .unwrap_or_else(|| "its default".into());
        let keeping = format!("{action} keeps {defaults}");
        if is_text(key) && own.iter().any(|b| takes_text(b.scope)) {
            return Err(format!(
                "{} is typed into the prompt; pick a key such as ctrl-x, enter or tab ({keeping})",
                key.label()
            ));
        }
        for mine in &own {
            let clash = self.bindings.iter().find(|other| {
                other.intent != intent
                    && other.keys.contains(&key)
                    && scopes_overlap(mine.scope, other.scope)
            });
            if let Some(other) = clash {
                return Err(format!(
                    "{} is already the key of {} ({}) where both apply ({keeping})",
                    key.label(),
                    other.intent.name(),
                    other.desc
                ));
            }
        }
        for b in self.bindings.iter_mut().filter(|b| b.intent == intent) {
            b.keys = vec![key];
        }
        Ok(())
    }
}

/// The action an old `[keys]` name stands for now (`dialog_clear` is `input_delete_to_start`).
fn current_name(action: &str) -> &str {
    RENAMED
        .iter()
        .find(|(old, _)| *old == action)
        .map_or(action, |(_, new)| new)
}

/// One line per old action name in `[keys]`: it still works, under the name to write instead.
pub fn renamed_notices(overrides: &BTreeMap<String, String>) -> Vec<String> {
    overrides
        .keys()
        .filter_map(|action| {
            RENAMED
                .iter()
                .find(|(old, _)| old == action)
                .map(|(old, new)| format!("[keys] {old} is now called {new}: it works, rename it"))
        })
        .collect()
}

/// A key that types a character into a focused text input.
fn is_text(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt
}

/// A scope where a plain character is typed (the prompts, every text input).
fn takes_text(scope: Scope) -> bool {
    scope == Scope::TextInput || scope.covers(Context::Filter) || scope.covers(Context::Command)
}

fn scopes_overlap(a: Scope, b: Scope) -> bool {
    Context::all()
        .into_iter()
        .any(|c| a.covers(c) && b.covers(c))
}

impl Context {
    /// Every context the keyboard can be in.
    pub fn all() -> Vec<Context> {
        // Listing the variants in a match makes a new context a compile error here, so the
        // conflict check of `[keys]` can never miss one.
        let _every_variant_listed = |c: Context| match c {
            Context::List(_)
            | Context::Detail(_)
            | Context::Json
            | Context::Help
            | Context::Messages
            | Context::Filter
            | Context::Command
            | Context::Form
            | Context::Picker
            | Context::Preview
            | Context::ConfirmDiscard
            | Context::ConfirmEdit
            | Context::ConfirmResend
            | Context::OAuth
            | Context::OAuthCode
            | Context::Created
            | Context::Confirm
            | Context::NameDialog
            | Context::ConfirmBatch
            | Context::CopyPlan
            | Context::CopyResult
            | Context::FirstRun
            | Context::FirstRunForm => (),
        };
        let mut all = vec![
            Context::Json,
            Context::Help,
            Context::Messages,
            Context::Filter,
            Context::Command,
            Context::Form,
            Context::Picker,
            Context::Preview,
            Context::ConfirmDiscard,
            Context::ConfirmEdit,
            Context::ConfirmResend,
            Context::OAuth,
            Context::OAuthCode,
            Context::Created,
            Context::Confirm,
            Context::NameDialog,
            Context::ConfirmBatch,
            Context::CopyPlan,
            Context::CopyResult,
            Context::FirstRun,
            Context::FirstRunForm,
        ];
        for p in Pane::ALL {
            all.push(Context::List(p));
            all.push(Context::Detail(p));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::text_input::TextEdit;

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, k)| (a.to_string(), k.to_string()))
            .collect()
    }

    use crate::app::keymap::key::{ch, press};

    const LIST: Context = Context::List(Pane::Sources);

    /// `dialog_clear` and `dialog_delete_word` were the name dialog's own; they are the
    /// text-input keys now, everywhere text is edited, and an old config keeps working.
    #[test]
    fn old_dialog_names_rebind_the_text_input_keys_they_became_and_say_so() {
        let old = overrides(&[("dialog_clear", "ctrl-x"), ("dialog_delete_word", "alt-w")]);
        let (map, problems) = Keymap::with_overrides(&old);
        assert!(problems.is_empty(), "{problems:?}");
        let ctrl_x = Key::parse("ctrl-x").unwrap();
        let alt_w = Key::parse("alt-w").unwrap();
        for ctx in [Context::NameDialog, Context::Filter, Context::Form] {
            assert_eq!(
                map.intent_for(ctx, ctrl_x),
                Some(Intent::Input(TextEdit::DeleteToStart)),
                "{ctx:?}"
            );
            assert_eq!(
                map.intent_for(ctx, alt_w),
                Some(Intent::Input(TextEdit::DeleteWordBack))
            );
            assert_eq!(map.intent_for(ctx, Key::parse("ctrl-u").unwrap()), None);
        }
        let notices = renamed_notices(&old);
        assert_eq!(
            notices,
            [
                "[keys] dialog_clear is now called input_delete_to_start: it works, rename it",
                "[keys] dialog_delete_word is now called input_delete_word_back: it works, rename it",
            ]
        );
        assert!(renamed_notices(&overrides(&[("quit", "x")])).is_empty());
    }

    #[test]
    fn a_text_input_key_cannot_be_a_plain_character_or_a_layers_key() {
        let (map, problems) = Keymap::with_overrides(&overrides(&[
            ("input_line_start", "b"),
            ("input_line_end", "ctrl-r"),
        ]));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("form_reveal"), "{problems:?}");
        assert!(problems[1].contains("typed into"), "{problems:?}");
        assert_eq!(map, Keymap::default());
    }

    #[test]
    fn an_overridden_key_dispatches_and_the_old_one_no_longer_does() {
        let (map, problems) = Keymap::with_overrides(&overrides(&[
            ("quit", "x"),
            ("filter", "f"),
            ("help", "F1"),
            ("copy_id", "ctrl-y"),
        ]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.intent_for(LIST, ch('x')), Some(Intent::Quit));
        assert_eq!(map.intent_for(LIST, ch('q')), None);
        assert_eq!(map.intent_for(LIST, ch('f')), Some(Intent::Filter));
        assert_eq!(map.intent_for(LIST, ch('/')), None);
        let f1 = Key {
            code: KeyCode::F(1),
            ctrl: false,
            alt: false,
        };
        assert_eq!(
            map.action_for(LIST, &press(f1)).map(|a| format!("{a:?}")),
            Some(format!("{:?}", Action::Intent(Intent::Help)))
        );
        let ctrl_y = Key {
            code: KeyCode::Char('y'),
            ctrl: true,
            alt: false,
        };
        assert_eq!(
            map.intent_for(Context::Detail(Pane::Connections), ctrl_y),
            Some(Intent::CopyId)
        );
        assert_eq!(map.intent_for(LIST, ch('y')), None);
        // q still closes popups: only quit was rebound
        assert_eq!(map.intent_for(Context::Help, ch('q')), Some(Intent::Back));
    }

    #[test]
    fn the_help_and_hints_show_the_overridden_key() {
        let (map, _) = Keymap::with_overrides(&overrides(&[("quit", "x"), ("help", "F1")]));
        let help = map.active(LIST);
        let quit = help.iter().find(|b| b.intent == Intent::Quit).unwrap();
        assert_eq!(quit.keys_label(), "x");
        let h = help.iter().find(|b| b.intent == Intent::Help).unwrap();
        assert_eq!(h.keys_label(), "F1");
        let hints = map.hints(LIST);
        assert!(hints.contains(&("x".to_string(), "quit")), "{hints:?}");
        assert!(hints.contains(&("F1".to_string(), "help")), "{hints:?}");
    }

    #[test]
    fn every_problem_has_its_own_message_and_the_defaults_stay() {
        let (map, problems) = Keymap::with_overrides(&overrides(&[
            ("quitt", "x"),
            ("launch", "l"),
            ("filter", "ctrl-enter"),
            ("quit", "j"),
            ("prompt_submit", "s"),
            ("copy_id", "ctrl-c"),
        ]));
        let find = |prefix: &str| {
            problems
                .iter()
                .find(|p| p.starts_with(prefix))
                .unwrap_or_else(|| panic!("no message for {prefix}: {problems:?}"))
                .clone()
        };
        assert!(find("[keys] quitt = \"x\"").contains("did you mean quit?"));
        assert!(find("[keys] launch = \"l\"").contains("no action named \"launch\""));
        assert!(find("[keys] filter = \"ctrl-enter\"").contains("cannot read the key"));
        let conflict = find("[keys] quit = \"j\"");
        assert!(conflict.contains("already the key of down"), "{conflict}");
        assert!(conflict.contains("quit keeps q"), "{conflict}");
        assert!(find("[keys] prompt_submit = \"s\"").contains("typed into the prompt"));
        assert!(find("[keys] copy_id = \"ctrl-c\"").contains("force_quit"));
        assert_eq!(problems.len(), 6);
        // every refused entry left its defaults in place
        assert_eq!(map, Keymap::default());
    }

    #[test]
    fn two_overrides_on_one_key_name_both_actions() {
        // BTreeMap order: filter first, then quit collides with it
        let (map, problems) = Keymap::with_overrides(&overrides(&[("filter", "x"), ("quit", "x")]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("[keys] quit = \"x\""),
            "{problems:?}"
        );
        assert!(problems[0].contains("key of filter"), "{problems:?}");
        assert_eq!(map.intent_for(LIST, ch('x')), Some(Intent::Filter));
        assert_eq!(map.intent_for(LIST, ch('q')), Some(Intent::Quit));
    }

    #[test]
    fn a_free_key_rebinds_an_action_in_every_scope_it_has() {
        // top works in popups, the detail and lists: ctrl-t replaces g/Home in all three
        let (map, problems) = Keymap::with_overrides(&overrides(&[("top", "ctrl-t")]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            map.intent_for(Context::Help, Key::parse("ctrl-t").unwrap()),
            Some(Intent::Top)
        );
        assert_eq!(map.intent_for(Context::Help, ch('g')), None);
        // rebinding to its own default is no conflict
        let (_, problems) = Keymap::with_overrides(&overrides(&[("quit", "q")]));
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn an_alt_key_can_be_bound_and_is_not_its_plain_letter() {
        let (map, problems) = Keymap::with_overrides(&overrides(&[("quit", "alt-x")]));
        assert!(problems.is_empty(), "{problems:?}");
        let list = Context::List(Pane::Sources);
        let alt_x = Key {
            alt: true,
            ..ch('x')
        };
        assert_eq!(map.intent_for(list, alt_x), Some(Intent::Quit));
        assert_eq!(map.intent_for(list, ch('x')), None);
        assert_eq!(
            map.intent_for(list, ch('q')),
            None,
            "the default q is replaced"
        );
        assert_eq!(map.key_label(list, Intent::Quit), "Alt-x");
    }
}
