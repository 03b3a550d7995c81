//! What lies over the body, bottom to top: ONE stack of layers, each carrying its own state.
//! The top layer owns the keyboard ([`Layers::context`]); `update` routes by it in one place,
//! and `ui` draws the body, then every layer from the bottom up. A new popup is a variant here,
//! an arm of its update and an arm of its draw.

use crate::api::models::Connection;

use super::copy::CopyState;
use super::form::{FormState, OAuthPopup, Picker};
use super::keymap::Context;
use super::manage::{Batch, Confirm, NameDialog};
use super::pane::Pane;
use super::text_input::TextInput;

/// The prompt at the bottom (filter or command) and what is typed into it. The filter's text
/// is also the list's filter, which follows it on every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Filter(TextInput),
    Command(TextInput),
}

impl Prompt {
    pub fn input(&self) -> &TextInput {
        match self {
            Prompt::Filter(t) | Prompt::Command(t) => t,
        }
    }
    pub fn input_mut(&mut self) -> &mut TextInput {
        match self {
            Prompt::Filter(t) | Prompt::Command(t) => t,
        }
    }
}

/// One layer over the lists, with its state.
// one stack of differently sized layers, held in place: boxing the larger ones would buy nothing
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Layer {
    /// The focused detail (narrow terminals draw it in the list's place). Always at the bottom.
    Detail,
    /// The raw JSON of the selection.
    Json {
        scroll: usize,
    },
    /// The `/` or `:` prompt in the footer.
    Prompt(Prompt),
    /// `c` on Connections: which source to create a connection for.
    SourcePicker(Picker),
    /// The connection form, in place of the lists.
    Form(Box<FormState>),
    /// The choice list of the form's row `row`.
    Picker {
        row: String,
        picker: Picker,
    },
    /// The request the form would send, as JSON and curl.
    Preview {
        scroll: usize,
    },
    /// "Throw away your edits?" over the form; defaults to keep editing.
    ConfirmDiscard,
    /// The edit's changes, before sending.
    ConfirmEdit {
        plan: Box<super::edit::Plan>,
    },
    /// Every look for the name of a create whose answer was lost said absent: send it again?
    ConfirmResend {
        name: String,
        window: std::time::Duration,
    },
    /// The interactive OAuth handoff of a create.
    OAuth(Box<OAuthPopup>),
    /// The result of a create (`edit: false`) or an edit.
    Created {
        connection: Connection,
        edit: bool,
    },
    /// A destructive action waiting for a yes.
    Confirm(Confirm),
    /// The name (and space) prompt of duplicate, rename and move.
    Name(NameDialog),
    /// A batch change of connections: its confirm, then each item's answer.
    Batch(Box<Batch>),
    /// The copy of connections to another tenant (`P`): its pickers, its plan, its results.
    Copy(Box<CopyState>),
    Messages {
        scroll: usize,
    },
    /// Help of the context it was opened from (a list, the form, a dialog, ...).
    Help {
        scroll: usize,
        of: Context,
    },
}

impl Layer {
    /// The keyboard's context while this layer is on top.
    pub fn context(&self, pane: Pane) -> Context {
        match self {
            Layer::Detail => Context::Detail(pane),
            Layer::Json { .. } => Context::Json,
            Layer::Prompt(Prompt::Filter(_)) => Context::Filter,
            Layer::Prompt(Prompt::Command(_)) => Context::Command,
            Layer::SourcePicker(_) | Layer::Picker { .. } => Context::Picker,
            Layer::Form(_) => Context::Form,
            Layer::Preview { .. } => Context::Preview,
            Layer::ConfirmDiscard => Context::ConfirmDiscard,
            Layer::ConfirmEdit { .. } => Context::ConfirmEdit,
            Layer::ConfirmResend { .. } => Context::ConfirmResend,
            // before a code is typed the plain letters act on the URL; after, they are the code's
            Layer::OAuth(p) if p.code_text().is_empty() => Context::OAuth,
            Layer::OAuth(_) => Context::OAuthCode,
            Layer::Created { .. } => Context::Created,
            Layer::Confirm(_) => Context::Confirm,
            Layer::Name(_) => Context::NameDialog,
            Layer::Batch(_) => Context::ConfirmBatch,
            Layer::Copy(c) => c.context(),
            Layer::Messages { .. } => Context::Messages,
            Layer::Help { .. } => Context::Help,
        }
    }

    /// Help, raw JSON and messages: one of them at a time, over whatever they are about.
    pub fn is_reading(&self) -> bool {
        matches!(
            self,
            Layer::Json { .. } | Layer::Messages { .. } | Layer::Help { .. }
        )
    }

    /// A popup of the form, which goes when the form goes (one at a time, right above it).
    pub fn is_form_popup(&self) -> bool {
        matches!(
            self,
            Layer::Picker { .. }
                | Layer::Preview { .. }
                | Layer::ConfirmDiscard
                | Layer::ConfirmEdit { .. }
                | Layer::ConfirmResend { .. }
                | Layer::OAuth(_)
        )
    }

    /// A dialog of managing what exists (delete confirm, name prompt, batch confirm).
    pub fn is_dialog(&self) -> bool {
        matches!(self, Layer::Confirm(_) | Layer::Name(_) | Layer::Batch(_))
    }
}

/// The stack, bottom first.
#[derive(Debug, Clone, Default)]
pub struct Layers(Vec<Layer>);

impl Layers {
    pub fn top(&self) -> Option<&Layer> {
        self.0.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Layer> {
        self.0.last_mut()
    }

    /// Bottom to top: the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Layer> {
        self.0.iter_mut()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Opens `layer` on top. Help, raw JSON and messages replace the one of them that is open
    /// (Esc then goes back to what they were over); the focused detail goes to the bottom.
    pub fn push(&mut self, layer: Layer) {
        if layer.is_reading() {
            self.0.retain(|l| !l.is_reading());
        }
        match layer {
            Layer::Detail if self.detail_focused() => {}
            Layer::Detail => self.0.insert(0, layer),
            _ => self.0.push(layer),
        }
    }

    pub fn pop(&mut self) -> Option<Layer> {
        self.0.pop()
    }

    /// Removes every layer `which` picks; the topmost of them is returned.
    pub fn close(&mut self, which: impl Fn(&Layer) -> bool) -> Option<Layer> {
        let mut last = None;
        let mut i = 0;
        while i < self.0.len() {
            if which(&self.0[i]) {
                last = Some(self.0.remove(i));
            } else {
                i += 1;
            }
        }
        last
    }

    pub fn any(&self, which: impl Fn(&Layer) -> bool) -> bool {
        self.0.iter().any(which)
    }

    /// The topmost layer `f` recognises, as `f` sees it.
    pub fn find<'a, T: ?Sized>(
        &'a self,
        f: impl FnMut(&'a Layer) -> Option<&'a T>,
    ) -> Option<&'a T> {
        self.0.iter().rev().find_map(f)
    }

    pub fn find_mut<'a, T: ?Sized>(
        &'a mut self,
        f: impl FnMut(&'a mut Layer) -> Option<&'a mut T>,
    ) -> Option<&'a mut T> {
        self.0.iter_mut().rev().find_map(f)
    }

    /// The keyboard's context: the top layer's, the current list's under none.
    pub fn context(&self, pane: Pane) -> Context {
        self.top()
            .map_or(Context::List(pane), |layer| layer.context(pane))
    }

    // ---- the focused detail

    pub fn detail_focused(&self) -> bool {
        self.0.first().is_some_and(|l| matches!(l, Layer::Detail))
    }

    pub fn set_detail_focused(&mut self, focused: bool) {
        if focused {
            self.push(Layer::Detail);
        } else {
            self.close(|l| matches!(l, Layer::Detail));
        }
    }

    // ---- the prompt

    pub fn prompt(&self) -> Option<&Prompt> {
        self.find(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        self.find_mut(|l| match l {
            Layer::Prompt(p) => Some(p),
            _ => None,
        })
    }

    // ---- the connection form and its popups

    pub fn form(&self) -> Option<&FormState> {
        self.find(|l| match l {
            Layer::Form(f) => Some(&**f),
            _ => None,
        })
    }

    pub fn form_mut(&mut self) -> Option<&mut FormState> {
        self.find_mut(|l| match l {
            Layer::Form(f) => Some(&mut **f),
            _ => None,
        })
    }

    /// The open popup of the form.
    pub fn form_popup(&self) -> Option<&Layer> {
        self.0.iter().rev().find(|l| l.is_form_popup())
    }

    pub fn form_popup_mut(&mut self) -> Option<&mut Layer> {
        self.0.iter_mut().rev().find(|l| l.is_form_popup())
    }

    /// Opens a popup of the form, in place of the one open, right above the form (a result
    /// arriving while help is read opens under the help, as the keys never reach it otherwise).
    pub fn open_over_form(&mut self, popup: Layer) {
        self.close(Layer::is_form_popup);
        match self.0.iter().position(|l| matches!(l, Layer::Form(_))) {
            Some(at) => self.0.insert(at + 1, popup),
            None => self.0.push(popup),
        }
    }

    pub fn close_form_popup(&mut self) {
        self.close(Layer::is_form_popup);
    }

    /// The form goes, with its popups; `instead` (the result) takes its place in the stack.
    pub fn close_form(&mut self, instead: Option<Layer>) {
        let at = self.0.iter().position(|l| matches!(l, Layer::Form(_)));
        self.close(|l| matches!(l, Layer::Form(_)) || l.is_form_popup());
        if let Some(layer) = instead {
            let at = at.unwrap_or(self.0.len()).min(self.0.len());
            self.0.insert(at, layer);
        }
    }

    pub fn oauth(&self) -> Option<&OAuthPopup> {
        self.find(|l| match l {
            Layer::OAuth(p) => Some(&**p),
            _ => None,
        })
    }

    pub fn oauth_mut(&mut self) -> Option<&mut OAuthPopup> {
        self.find_mut(|l| match l {
            Layer::OAuth(p) => Some(&mut **p),
            _ => None,
        })
    }

    // ---- managing dialogs

    pub fn name_dialog(&self) -> Option<&NameDialog> {
        self.find(|l| match l {
            Layer::Name(d) => Some(d),
            _ => None,
        })
    }

    pub fn name_dialog_mut(&mut self) -> Option<&mut NameDialog> {
        self.find_mut(|l| match l {
            Layer::Name(d) => Some(d),
            _ => None,
        })
    }

    pub fn confirm(&self) -> Option<&Confirm> {
        self.find(|l| match l {
            Layer::Confirm(c) => Some(c),
            _ => None,
        })
    }

    pub fn batch_mut(&mut self) -> Option<&mut Batch> {
        self.find_mut(|l| match l {
            Layer::Batch(b) => Some(&mut **b),
            _ => None,
        })
    }

    pub fn close_dialog(&mut self) -> Option<Layer> {
        self.close(Layer::is_dialog)
    }

    // ---- the copy to another tenant

    pub fn copy(&self) -> Option<&CopyState> {
        self.find(|l| match l {
            Layer::Copy(c) => Some(&**c),
            _ => None,
        })
    }

    pub fn copy_mut(&mut self) -> Option<&mut CopyState> {
        self.find_mut(|l| match l {
            Layer::Copy(c) => Some(&mut **c),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::Purpose;

    fn form() -> Layer {
        Layer::Form(Box::new(FormState::new(Purpose::Create, "s3", "S3", "")))
    }

    fn kinds(layers: &Layers) -> Vec<Context> {
        layers.iter().map(|l| l.context(Pane::Sources)).collect()
    }

    #[test]
    fn the_top_layer_has_the_keyboard_and_esc_order_is_push_order() {
        let mut layers = Layers::default();
        assert_eq!(layers.context(Pane::Sources), Context::List(Pane::Sources));
        layers.push(Layer::Detail);
        layers.push(Layer::Prompt(Prompt::Command(TextInput::default())));
        assert_eq!(layers.context(Pane::Sources), Context::Command);
        layers.pop();
        assert_eq!(
            layers.context(Pane::Sources),
            Context::Detail(Pane::Sources)
        );
    }

    #[test]
    fn help_json_and_messages_replace_each_other_over_what_they_are_about() {
        let mut layers = Layers::default();
        layers.push(form());
        layers.push(Layer::Help {
            scroll: 3,
            of: Context::Form,
        });
        layers.push(Layer::Messages { scroll: 0 });
        assert_eq!(kinds(&layers), [Context::Form, Context::Messages]);
        layers.pop();
        assert_eq!(layers.context(Pane::Sources), Context::Form);
    }

    #[test]
    fn the_focused_detail_sits_at_the_bottom_once() {
        let mut layers = Layers::default();
        layers.push(Layer::Json { scroll: 0 });
        layers.set_detail_focused(true);
        layers.set_detail_focused(true);
        assert_eq!(
            kinds(&layers),
            [Context::Detail(Pane::Sources), Context::Json]
        );
        layers.set_detail_focused(false);
        assert_eq!(kinds(&layers), [Context::Json]);
    }

    #[test]
    fn a_popup_arriving_under_help_opens_right_above_the_form_in_place_of_the_open_one() {
        let mut layers = Layers::default();
        layers.push(form());
        layers.open_over_form(Layer::Preview { scroll: 0 });
        layers.push(Layer::Help {
            scroll: 0,
            of: Context::Preview,
        });
        layers.open_over_form(Layer::OAuth(Box::default()));
        assert_eq!(
            kinds(&layers),
            [Context::Form, Context::OAuth, Context::Help],
            "the OAuth popup replaced the preview; help stays on top"
        );
    }

    #[test]
    fn the_result_takes_the_form_s_place_and_its_popups_go() {
        let mut layers = Layers::default();
        layers.push(Layer::Detail);
        layers.push(form());
        layers.open_over_form(Layer::OAuth(Box::default()));
        layers.push(Layer::Messages { scroll: 0 });
        layers.close_form(Some(Layer::ConfirmDiscard));
        assert_eq!(
            kinds(&layers),
            [
                Context::Detail(Pane::Sources),
                Context::ConfirmDiscard,
                Context::Messages
            ]
        );
        assert!(layers.form().is_none() && layers.oauth().is_none());
    }
}
