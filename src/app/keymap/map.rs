//! The keymap the program runs with: [`BINDINGS`] plus the user's `[keys]` overrides, built once
//! at start. Dispatch, the footer hints and the `?` help all read it, and read-only mode hides
//! mutating bindings in [`Keymap::usable`] only, so the three can never disagree.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};

use super::names::closest;
use super::table::{Binding, Context, Intent, Key, Scope, BINDINGS};
use crate::app::pane::Pane;

/// One binding of the running keymap: a table entry whose keys may have been overridden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub keys: Vec<Key>,
    pub scope: Scope,
    pub intent: Intent,
    pub desc: &'static str,
    pub hint: Option<&'static str>,
    /// Copied from [`Intent::mutates`] when built: read-only mode hides it.
    pub mutates: bool,
}

impl Bound {
    fn from_table(b: &Binding) -> Bound {
        Bound {
            keys: b.keys.to_vec(),
            scope: b.scope,
            intent: b.intent,
            desc: b.desc,
            hint: b.hint,
            mutates: b.intent.mutates(),
        }
    }

    /// The keys as one label, e.g. `j/↓`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// What a key press means, before it becomes an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMeaning {
    Intent(Intent),
    /// A character for the open prompt.
    Type(char),
    /// An editing key for the focused text input.
    Edit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Bound>,
    read_only: bool,
}

impl Default for Keymap {
    /// The table as shipped, everything visible.
    fn default() -> Self {
        Keymap::from_bindings(BINDINGS.iter().map(Bound::from_table).collect(), false)
    }
}

impl Keymap {
    pub fn from_bindings(bindings: Vec<Bound>, read_only: bool) -> Keymap {
        Keymap {
            bindings,
            read_only,
        }
    }

    /// The table with `[keys]` applied, one entry at a time. An entry that is wrong (unknown
    /// action, unreadable key, a key another action already uses where both apply) is left out
    /// and explained; the others still apply, so one typo never costs the whole config.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (action, key) in overrides {
            if let Err(e) = map.rebind(action, key) {
                problems.push(format!("[keys] {action} = {key:?}: {e}"));
            }
        }
        (map, problems)
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    pub fn set_read_only(&mut self, read_only: bool) {
        self.read_only = read_only;
    }

    /// Whether dispatching `intent` is refused here (read-only mode and a mutating intent).
    pub fn hides(&self, intent: Intent) -> bool {
        self.read_only && intent.mutates()
    }

    /// Every binding that can fire: the single place read-only mode filters.
    fn usable(&self) -> impl Iterator<Item = &Bound> {
        self.bindings
            .iter()
            .filter(move |b| !(self.read_only && b.mutates))
    }

    /// Replaces every key of `action` with `key`, in every scope the action works in.
    fn rebind(&mut self, action: &str, key: &str) -> Result<(), String> {
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

    /// The bindings that apply in `ctx`, in table order, leaving out those whose every key is
    /// already taken by an earlier binding (so help never shows a key that does something else).
    pub fn active(&self, ctx: Context) -> Vec<&Bound> {
        let mut taken: Vec<Key> = Vec::new();
        let mut out = Vec::new();
        for b in self.usable().filter(|b| b.scope.covers(ctx)) {
            if b.keys.iter().all(|k| taken.contains(k)) {
                continue;
            }
            taken.extend(b.keys.iter().copied());
            out.push(b);
        }
        out
    }

    /// The lines of the help in `ctx`: the active bindings less those with no description of
    /// their own (Alt-2 … Alt-9, whose family Alt-1's line describes).
    pub fn help_lines(&self, ctx: Context) -> Vec<&Bound> {
        let mut lines = self.active(ctx);
        lines.retain(|b| !b.desc.is_empty());
        lines
    }

    /// The intent of `key` in `ctx`, if it has one.
    pub fn intent_for(&self, ctx: Context, key: Key) -> Option<Intent> {
        self.usable()
            .find(|b| b.scope.covers(ctx) && b.keys.contains(&key))
            .map(|b| b.intent)
    }

    /// What a key press means in `ctx`: a binding, or text for an open prompt (the caller
    /// turns it into an action: see `Keymap::action_for` in `app::action`).
    pub fn meaning(&self, ctx: Context, ev: &KeyEvent) -> Option<KeyMeaning> {
        let key = Key::from_event(ev)?;
        if let Some(intent) = self.intent_for(ctx, key) {
            return Some(KeyMeaning::Intent(intent));
        }
        // read-only: a key that would change the tenant still arrives, so the update can say
        // why it does nothing instead of staying silent (it refuses every hidden intent)
        if let Some(hidden) = self
            .bindings
            .iter()
            .find(|b| self.hides(b.intent) && b.scope.covers(ctx) && b.keys.contains(&key))
        {
            return Some(KeyMeaning::Intent(hidden.intent));
        }
        match (ctx, key) {
            (
                Context::Filter
                | Context::Command
                | Context::Picker
                | Context::NameDialog
                | Context::CopyPlan,
                Key {
                    code: KeyCode::Char(c),
                    ctrl: false,
                    alt: false,
                },
            ) => Some(KeyMeaning::Type(c)),
            // every other key edits the focused text: readline keys, arrows, Home/End, words
            (
                Context::Form
                | Context::OAuth
                | Context::OAuthCode
                | Context::Filter
                | Context::Command
                | Context::NameDialog
                | Context::CopyPlan,
                _,
            ) => Some(KeyMeaning::Edit),
            _ => None,
        }
    }

    /// Footer hints of `ctx`: `(key, word)` pairs, most useful first, because a narrow footer
    /// shows only those that fit: what the view can do (create, edit, delete, send), then how
    /// to get help and out, then the rest (browsing keys most admins know).
    pub fn hints(&self, ctx: Context) -> Vec<(String, &'static str)> {
        let rank = |b: &Bound| match b.intent {
            i if i.mutates() || i == Intent::CopyApply => 0,
            // a copy writes to another tenant, not this one: after the way out, before browsing
            Intent::Help | Intent::Quit | Intent::Back | Intent::Filter | Intent::CopyTo => 1,
            _ => 2,
        };
        let mut hinted: Vec<&Bound> = self
            .active(ctx)
            .into_iter()
            .filter(|b| b.hint.is_some())
            .collect();
        hinted.sort_by_key(|b| rank(b));
        hinted
            .into_iter()
            .filter_map(|b| b.hint.map(|h| (b.keys[0].label(), h)))
            .collect()
    }

    /// The keys that do `intent` in `ctx`, in table order: what a popup or hint names, so a
    /// rebound key is named as bound (`[keys] confirm_yes = "Y"` makes the dialog say Y).
    pub fn keys_in(&self, ctx: Context, intent: Intent) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for b in self.active(ctx).into_iter().filter(|b| b.intent == intent) {
            for k in &b.keys {
                if !out.contains(k) && self.intent_for(ctx, *k) == Some(intent) {
                    out.push(*k);
                }
            }
        }
        out
    }

    /// Every key of `intent` in `ctx` as the screen names them: "n/Esc/Enter"; "?" when none
    /// is bound (read-only hides mutating keys).
    pub fn label(&self, ctx: Context, intent: Intent) -> String {
        let keys: Vec<String> = self.keys_in(ctx, intent).iter().map(Key::label).collect();
        if keys.is_empty() {
            "?".into()
        } else {
            keys.join("/")
        }
    }

    /// The first key of `intent` in `ctx` ("Enter"), the one a short hint names.
    pub fn key_label(&self, ctx: Context, intent: Intent) -> String {
        self.keys_in(ctx, intent)
            .first()
            .map_or_else(|| "?".into(), Key::label)
    }

    /// Like [`Keymap::key_label`], with Ctrl written `^Y` where room is tight.
    pub fn short_label(&self, ctx: Context, intent: Intent) -> String {
        self.keys_in(ctx, intent)
            .first()
            .map_or_else(|| "?".into(), Key::short_label)
    }

    /// The keys of `intent` (all scopes, table order, each once), e.g. for documentation.
    pub fn keys_of(&self, intent: Intent) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.intent == intent) {
            for k in &b.keys {
                if !out.contains(k) {
                    out.push(*k);
                }
            }
        }
        out
    }

    /// What the action does, from its first binding.
    pub fn desc_of(&self, intent: Intent) -> Option<&'static str> {
        self.bindings
            .iter()
            .find(|b| b.intent == intent)
            .map(|b| b.desc)
    }
}

/// A key that types a character into an open prompt.
fn is_text(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt
}

fn takes_text(scope: Scope) -> bool {
    scope.covers(Context::Filter) || scope.covers(Context::Command)
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
            | Context::CopyResult => (),
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
    use crossterm::event::KeyModifiers;

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, k)| (a.to_string(), k.to_string()))
            .collect()
    }

    fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    fn press(key: Key) -> KeyEvent {
        let mods = if key.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(key.code, mods)
    }

    const LIST: Context = Context::List(Pane::Sources);

    /// The default table plus a made-up mutating binding (`d` deletes), as the create/delete
    /// intents will be.
    fn with_fake_delete(read_only: bool) -> Keymap {
        let mut bindings: Vec<Bound> = BINDINGS.iter().map(Bound::from_table).collect();
        bindings.insert(
            0,
            Bound {
                keys: vec![ch('d')],
                scope: Scope::Browse,
                intent: Intent::Refresh,
                desc: "delete the selection",
                hint: Some("delete"),
                mutates: true,
            },
        );
        Keymap::from_bindings(bindings, read_only)
    }

    #[test]
    fn read_only_hides_mutating_bindings_from_dispatch_hints_and_help() {
        let writable = with_fake_delete(false);
        assert_eq!(writable.intent_for(LIST, ch('d')), Some(Intent::Refresh));
        assert!(writable.hints(LIST).iter().any(|(_, w)| *w == "delete"));
        assert!(writable
            .active(LIST)
            .iter()
            .any(|b| b.desc == "delete the selection"));

        let ro = with_fake_delete(true);
        assert!(ro.read_only());
        for ctx in Context::all() {
            assert_eq!(ro.intent_for(ctx, ch('d')), None, "{ctx:?}");
            // text, nothing, or an intent the update refuses with "read-only profile: ..."
            assert!(ro.action_for(ctx, &press(ch('d'))).is_none_or(|a| match a {
                Action::Type('d') | Action::Edit(_) => true,
                Action::Intent(i) => ro.hides(i),
                _ => false,
            }));
            assert!(
                !ro.hints(ctx).iter().any(|(_, w)| *w == "delete"),
                "{ctx:?}"
            );
            assert!(!ro.active(ctx).iter().any(|b| b.mutates), "{ctx:?}");
        }
        // what does not mutate stays
        assert_eq!(ro.intent_for(LIST, ch('q')), Some(Intent::Quit));
        assert_eq!(ro.intent_for(LIST, ch('r')), Some(Intent::Refresh));
    }

    /// A hidden key still reaches the update, which says why it does nothing.
    #[test]
    fn read_only_keys_that_would_change_the_tenant_still_arrive_as_their_intent() {
        let mut ro = Keymap::default();
        ro.set_read_only(true);
        let conns = Context::List(Pane::Connections);
        assert!(matches!(
            ro.action_for(conns, &press(ch('d'))),
            Some(Action::Intent(Intent::Delete))
        ));
        assert!(ro.hides(Intent::Delete));
        assert_eq!(
            ro.intent_for(conns, ch('d')),
            None,
            "still not a usable binding"
        );
        assert!(!ro.hints(conns).iter().any(|(_, w)| *w == "delete"));
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
