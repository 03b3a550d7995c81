//! The keymap the program runs with: [`BINDINGS`] plus the user's `[keys]` overrides, built once
//! at start. Dispatch, the footer hints and the `?` help all read it, and read-only mode hides
//! mutating bindings in [`Keymap::usable`] only, so the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent};

use super::intent::Intent;
use super::key::Key;
use super::table::{Binding, Context, Scope, BINDINGS};

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
    /// A character for the focused text input (or the filter of an open list).
    Type(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub(super) bindings: Vec<Bound>,
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
        // a printable key bound to nothing is typed where text is taken; any other key does
        // nothing there (the editing keys are bindings of the text-input scope)
        let takes_text = Scope::TextInput.covers(ctx) || ctx == Context::Picker;
        match key {
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
                alt: false,
            } if takes_text => Some(KeyMeaning::Type(c)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::pane::Pane;

    use crate::app::keymap::key::{ch, press};

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
                Action::Type('d') => true,
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
}
