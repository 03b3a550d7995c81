//! The table itself: contexts, scopes and the default bindings.

use crossterm::event::KeyCode;

use super::intent::{Intent, JumpTo};
use super::key::{alt, alt_code, ch, code, ctrl, ctrl_code, Key};
use crate::app::pane::Pane;
use crate::app::text_input::TextEdit;

/// Where the keyboard is: what a key press is interpreted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    List(Pane),
    /// The detail of the selected row has the focus.
    Detail(Pane),
    Json,
    Help,
    Messages,
    Filter,
    Command,
    /// The connection form (create or edit).
    Form,
    /// A choice list with a filter (over the form, or the source picker).
    Picker,
    /// The request preview over the form.
    Preview,
    /// "Throw away your edits?" over the form.
    ConfirmDiscard,
    /// The changes of an edit, before sending.
    ConfirmEdit,
    /// "Send the create again?" after every look for a lost create's name said absent.
    ConfirmResend,
    /// The interactive OAuth popup before a code is typed: `y`, `o`, `p` act on the URL.
    OAuth,
    /// The OAuth popup once the code field holds text: every letter belongs to the code.
    OAuthCode,
    /// The result of a create or an edit.
    Created,
    /// A destructive action waits for yes or no.
    Confirm,
    /// The name prompt of duplicate and rename.
    NameDialog,
    /// A batch change of connections: its confirm, then each item's answer.
    ConfirmBatch,
    /// The plan of a copy to another tenant, with its secrets form (typed text is a secret).
    CopyPlan,
    /// A copy at work (opening, planning, applying) or its results.
    CopyResult,
    /// The first-run screen's choices (no tenant configured yet).
    FirstRun,
    /// The first-run screen's add-a-tenant form.
    FirstRunForm,
}

/// The contexts a binding applies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// Lists and a focused detail: pane switching, help, raw JSON, copy.
    Browse,
    Lists,
    ListOf(Pane),
    Detail,
    /// Help, raw JSON and messages popups.
    Overlays,
    Prompts,
    CommandPrompt,
    /// Exactly one context (the form and its popups).
    In(Context),
    /// The OAuth popup, with or without a code typed.
    OAuthPopup,
    /// Every layer that holds a text input (prompts, the form, the name dialog, the OAuth
    /// code, the copy's secrets): its editing keys, after the layer's own bindings, which win
    /// (Enter, Esc and Tab stay the layer's). The layer applies them to its focused input.
    TextInput,
}

impl Scope {
    pub fn covers(self, ctx: Context) -> bool {
        use Context as C;
        match self {
            Scope::Everywhere => true,
            Scope::Browse => matches!(ctx, C::List(_) | C::Detail(_)),
            Scope::Lists => matches!(ctx, C::List(_)),
            Scope::ListOf(p) => ctx == C::List(p),
            Scope::Detail => matches!(ctx, C::Detail(_)),
            Scope::Overlays => matches!(ctx, C::Help | C::Json | C::Messages),
            Scope::Prompts => matches!(ctx, C::Filter | C::Command),
            Scope::CommandPrompt => ctx == C::Command,
            Scope::In(c) => ctx == c,
            Scope::OAuthPopup => matches!(ctx, C::OAuth | C::OAuthCode),
            Scope::TextInput => matches!(
                ctx,
                C::Filter
                    | C::Command
                    | C::Form
                    | C::OAuth
                    | C::OAuthCode
                    | C::NameDialog
                    | C::CopyPlan
                    | C::FirstRunForm
            ),
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub scope: Scope,
    pub intent: Intent,
    pub desc: &'static str,
    /// Shown in the footer when set (a short word).
    pub hint: Option<&'static str>,
}

/// A binding with an empty `desc` is left out of the help: the line of a binding before it
/// (Alt-1 for Alt-2 … Alt-9) says what it does.
const fn bind(
    keys: &'static [Key],
    scope: Scope,
    intent: Intent,
    desc: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        scope,
        intent,
        desc,
        hint,
    }
}

use Intent as I;
use Scope as S;
use TextEdit as E;

/// First match wins: specific bindings come before general ones with the same key.
pub const BINDINGS: &[Binding] = &[
    bind(&[ctrl('c')], S::Everywhere, I::ForceQuit, "quit qdc", None),
    // a destructive action waits: only `y` goes ahead, everything else keeps
    bind(&[ch('y')], S::In(Context::Confirm), I::ConfirmYes, "yes, delete", Some("yes, delete")),
    bind(&[ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)], S::In(Context::Confirm), I::ConfirmNo, "no, keep everything", Some("keep")),
    bind(&[ch('j'), code(KeyCode::Down)], S::In(Context::Confirm), I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::In(Context::Confirm), I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::Confirm), I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::Confirm), I::PageUp, "page up", None),
    // the name prompt of duplicate and rename (typed text goes into the name)
    bind(&[code(KeyCode::Enter)], S::In(Context::NameDialog), I::DialogSubmit, "send", Some("send")),
    bind(&[code(KeyCode::Esc)], S::In(Context::NameDialog), I::DialogCancel, "cancel", Some("cancel")),
    bind(&[code(KeyCode::Tab), code(KeyCode::BackTab)], S::In(Context::NameDialog), I::DialogSwitchField, "next field", Some("field")),
    bind(&[code(KeyCode::Down)], S::In(Context::NameDialog), I::Down, "next space", None),
    bind(&[code(KeyCode::Up)], S::In(Context::NameDialog), I::Up, "previous space", None),
    // the copy to another tenant: its plan (typed text is the focused secret) and its results
    bind(&[ctrl('s')], S::In(Context::CopyPlan), I::CopyApply, "apply the plan on the target tenant", Some("apply")),
    bind(&[code(KeyCode::Tab)], S::In(Context::CopyPlan), I::FormNext, "next secret", Some("next secret")),
    // Ctrl: plain letters are typed into the secrets form
    bind(&[ctrl('g')], S::In(Context::CopyPlan), I::CopyGateway, "pick the target's gateway for a connection", Some("gateway")),
    bind(&[code(KeyCode::BackTab)], S::In(Context::CopyPlan), I::FormPrev, "previous secret", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::CopyPlan), I::PageDown, "scroll the plan down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::CopyPlan), I::PageUp, "scroll the plan up", None),
    bind(&[code(KeyCode::Esc)], S::In(Context::CopyPlan), I::Back, "back to the space (nothing was sent)", Some("back")),
    bind(&[ch('r')], S::In(Context::CopyResult), I::CopyReplan, "plan again (what landed is then unchanged)", Some("plan again")),
    bind(&[code(KeyCode::Esc), ch('q'), code(KeyCode::Enter)], S::In(Context::CopyResult), I::Back, "close", Some("close")),
    bind(&[ch('j'), code(KeyCode::Down)], S::In(Context::CopyResult), I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::In(Context::CopyResult), I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::CopyResult), I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::CopyResult), I::PageUp, "page up", None),
    // prompts
    bind(&[code(KeyCode::Enter)], S::Prompts, I::PromptSubmit, "keep the filter / run the command", None),
    bind(&[code(KeyCode::Esc)], S::Prompts, I::PromptCancel, "clear and close the prompt", None),
    bind(&[code(KeyCode::Tab)], S::CommandPrompt, I::PromptComplete, "complete the command", None),
    // only the prompts have a history; the other text inputs give ↑/↓ to their layer. Ctrl-P
    // and Ctrl-N are a readline prompt's history keys too (a prompt has no line above or below)
    bind(&[code(KeyCode::Up), ctrl('p')], S::Prompts, I::InputHistoryPrev, "the previous command or filter (history)", None),
    bind(&[code(KeyCode::Down), ctrl('n')], S::Prompts, I::InputHistoryNext, "the next command or filter (history)", None),
    // the connection form and its popups
    bind(&[ctrl('s')], S::In(Context::Form), I::FormSubmit, "send the request", Some("submit")),
    bind(&[ctrl('p')], S::In(Context::Form), I::FormPreview, "preview the request (JSON and curl)", Some("preview")),
    bind(&[code(KeyCode::Tab)], S::In(Context::Form), I::FormNext, "next field, round to the first", None),
    bind(&[code(KeyCode::BackTab)], S::In(Context::Form), I::FormPrev, "previous field, round to the last", None),
    bind(&[code(KeyCode::Down)], S::In(Context::Form), I::Down, "the field below; the next line in a JSON field", None),
    bind(&[code(KeyCode::Up)], S::In(Context::Form), I::Up, "the field above; the previous line in a JSON field", None),
    bind(&[code(KeyCode::Enter)], S::In(Context::Form), I::FormEnter, "toggle a boolean (also Space), open a choice list, newline in JSON, else next field", Some("choose")),
    bind(&[ctrl('r')], S::In(Context::Form), I::FormReveal, "reveal or hide the focused secret", Some("reveal")),
    bind(&[ctrl('t')], S::In(Context::Form), I::FormJsonMode, "an untyped field: send it as JSON (object or array) or as text", None),
    bind(&[code(KeyCode::Esc)], S::In(Context::Form), I::Back, "close the form (asks when edited)", Some("cancel")),
    bind(&[code(KeyCode::Enter)], S::In(Context::Picker), I::Pick, "take the highlighted entry", Some("pick")),
    bind(&[code(KeyCode::Esc)], S::In(Context::Picker), I::Back, "close the list", Some("close")),
    bind(&[code(KeyCode::Tab)], S::In(Context::Picker), I::FormNext, "close the list (the value stays) and go to the next field", None),
    bind(&[code(KeyCode::BackTab)], S::In(Context::Picker), I::FormPrev, "close the list (the value stays) and go to the previous field", None),
    bind(&[code(KeyCode::Down)], S::In(Context::Picker), I::Down, "down", None),
    bind(&[code(KeyCode::Up)], S::In(Context::Picker), I::Up, "up", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::Picker), I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::Picker), I::PageUp, "page up", None),
    bind(&[code(KeyCode::Backspace)], S::In(Context::Picker), I::PromptBackspace, "delete a filter character (type to filter)", None),
    bind(&[code(KeyCode::Esc), ch('q')], S::In(Context::Preview), I::Back, "back to the form", Some("back")),
    bind(&[ch('j'), code(KeyCode::Down)], S::In(Context::Preview), I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::In(Context::Preview), I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::Preview), I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::Preview), I::PageUp, "page up", None),
    bind(&[ch('y')], S::In(Context::Preview), I::CopyId, "copy the curl command as shown (secrets masked, the key from $QLIK_API_KEY)", Some("copy curl")),
    bind(&[ch('y')], S::In(Context::ConfirmDiscard), I::Discard, "throw the edits away", Some("discard")),
    bind(&[ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)], S::In(Context::ConfirmDiscard), I::Back, "keep editing", Some("keep")),
    bind(&[ch('y')], S::In(Context::ConfirmBatch), I::ConfirmYes, "send the one request", Some("send")),
    bind(&[ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)], S::In(Context::ConfirmBatch), I::ConfirmNo, "close (before sending: nothing is sent)", Some("close")),
    bind(&[ch('j'), code(KeyCode::Down)], S::In(Context::ConfirmBatch), I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::In(Context::ConfirmBatch), I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::In(Context::ConfirmBatch), I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::In(Context::ConfirmBatch), I::PageUp, "page up", None),
    bind(&[ch('y')], S::In(Context::ConfirmEdit), I::SendEdit, "send the changes", Some("send")),
    bind(&[ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)], S::In(Context::ConfirmEdit), I::Back, "back to the form", Some("back")),
    bind(&[ch('y')], S::In(Context::ConfirmResend), I::SendAgain, "send the create again (the first may still be running on the tenant)", Some("send again")),
    bind(&[ch('n'), code(KeyCode::Esc), code(KeyCode::Enter)], S::In(Context::ConfirmResend), I::Back, "send nothing: back to the form", Some("send nothing")),
    bind(&[code(KeyCode::Enter)], S::OAuthPopup, I::AuthSend, "send the pasted code", Some("send")),
    // Ctrl keys, so they work whatever the code field holds: letters are always the code's
    // before a code is typed the plain letters act on the URL (UX.md); Ctrl works always
    bind(&[ch('y')], S::In(Context::OAuth), I::AuthCopyUrl, "copy the URL (before a code is typed)", None),
    bind(&[ch('o')], S::In(Context::OAuth), I::AuthOpenUrl, "open the URL in a browser (before a code is typed)", None),
    bind(&[ch('p')], S::In(Context::OAuth), I::AuthPrintUrl, "print the URL (before a code is typed)", None),
    bind(&[ctrl('y')], S::OAuthPopup, I::AuthCopyUrl, "copy the URL (OSC 52 and the system clipboard)", Some("copy")),
    bind(&[ctrl('o')], S::OAuthPopup, I::AuthOpenUrl, "open the URL in a browser", Some("open")),
    bind(&[ctrl('p')], S::OAuthPopup, I::AuthPrintUrl, "print the URL on the plain screen (wrapped, to select it whole)", Some("print")),
    bind(&[ctrl('n')], S::OAuthPopup, I::AuthNewUrl, "ask for a new URL", Some("new URL")),
    bind(&[code(KeyCode::Esc)], S::OAuthPopup, I::Back, "cancel the authorization", Some("cancel")),
    bind(&[code(KeyCode::Esc), code(KeyCode::Enter), ch('q')], S::In(Context::Created), I::Back, "close", Some("close")),
    bind(&[ch('y')], S::In(Context::Created), I::CopyId, "copy the connection id", Some("copy id")),
    // popups
    bind(&[ch('y')], S::In(Context::Json), I::CopyId, "copy the JSON", Some("copy")),
    bind(&[code(KeyCode::Esc), ch('q')], S::Overlays, I::Back, "close", Some("close")),
    bind(&[ch('j'), code(KeyCode::Down)], S::Overlays, I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::Overlays, I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::Overlays, I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::Overlays, I::PageUp, "page up", None),
    bind(&[ch('g'), code(KeyCode::Home)], S::Overlays, I::Top, "top", None),
    bind(&[ch('G'), code(KeyCode::End)], S::Overlays, I::Bottom, "bottom", None),
    // focused detail
    bind(&[code(KeyCode::Esc), ch('q')], S::Detail, I::Back, "back to the list", Some("back")),
    bind(&[ch('j'), code(KeyCode::Down)], S::Detail, I::Down, "scroll down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::Detail, I::Up, "scroll up", None),
    bind(&[code(KeyCode::PageDown)], S::Detail, I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::Detail, I::PageUp, "page up", None),
    bind(&[ch('s')], S::In(Context::Detail(Pane::Connections)), I::Jump(JumpTo::Source), "go to its data source", Some("source")),
    bind(&[ch('p')], S::In(Context::Detail(Pane::Connections)), I::Jump(JumpTo::Space), "go to its space", Some("space")),
    bind(&[ch('c')], S::In(Context::Detail(Pane::Connections)), I::Jump(JumpTo::Credential), "go to its credential", Some("credential")),
    bind(&[ch('w')], S::In(Context::Detail(Pane::Connections)), I::Jump(JumpTo::Gateway), "go to its gateway", Some("gateway")),
    bind(&[ch('g'), code(KeyCode::Home)], S::Detail, I::Top, "top", None),
    bind(&[ch('G'), code(KeyCode::End)], S::Detail, I::Bottom, "bottom", None),
    // lists and detail
    bind(&[ch('1')], S::Browse, I::GoPane(Pane::Sources), "data sources", None),
    bind(&[ch('2')], S::Browse, I::GoPane(Pane::Gateways), "gateways", None),
    bind(&[ch('3')], S::Browse, I::GoPane(Pane::Connections), "connections", None),
    bind(&[ch('4')], S::Browse, I::GoPane(Pane::Credentials), "credentials", None),
    bind(&[code(KeyCode::Tab)], S::Browse, I::NextPane, "next pane", None),
    bind(&[code(KeyCode::BackTab)], S::Browse, I::PrevPane, "previous pane", None),
    bind(&[ch(':')], S::Browse, I::Command, "command (:sources :gateways :connections [SPACE] :credentials [NAME] :spaces :messages :profile [NAME] :q)", Some("cmd")),
    bind(&[ch('?')], S::Browse, I::Help, "help for this view", Some("help")),
    // F1 works where `?` is typed text: the form, its dialogs, the prompts
    bind(&[code(KeyCode::F(1))], S::Everywhere, I::Help, "help, also in the form and prompts", None),
    // F2 likewise for `!`: a tenant's long error, cut in the footer, read in full from anywhere
    bind(&[code(KeyCode::F(2))], S::Everywhere, I::Messages, "messages and errors (full text), also in the form and dialogs", None),
    bind(&[ch('J')], S::Browse, I::RawJson, "raw JSON of the selection", Some("json")),
    bind(&[ch('y')], S::Browse, I::CopyId, "copy the selected id", Some("copy")),
    bind(&[ch('!')], S::Browse, I::Messages, "messages and errors (full text)", None),
    // lists
    bind(&[ch('o')], S::ListOf(Pane::Credentials), I::ToggleOrphans, "toggle orphan credentials", Some("orphans")),
    bind(&[ch('v')], S::Lists, I::ToggleDetail, "show or hide the detail beside the list (the list takes the width)", None),
    bind(&[ch('r')], S::ListOf(Pane::Gateways), I::Refresh, "force-refresh gateways", Some("refresh")),
    bind(&[ch('r')], S::Lists, I::Refresh, "reload", None),
    bind(&[ch('j'), code(KeyCode::Down)], S::Lists, I::Down, "down", None),
    bind(&[ch('k'), code(KeyCode::Up)], S::Lists, I::Up, "up", None),
    bind(&[code(KeyCode::PageDown)], S::Lists, I::PageDown, "page down", None),
    bind(&[code(KeyCode::PageUp)], S::Lists, I::PageUp, "page up", None),
    bind(&[ch('g'), code(KeyCode::Home)], S::Lists, I::Top, "first row", None),
    bind(&[ch('G'), code(KeyCode::End)], S::Lists, I::Bottom, "last row", None),
    bind(&[code(KeyCode::Enter)], S::ListOf(Pane::Sources), I::Drill, "list the source's connections (Esc comes back)", Some("connections")),
    bind(&[code(KeyCode::Enter)], S::ListOf(Pane::Spaces), I::Drill, "list the space's connections (Esc comes back)", Some("connections")),
    bind(&[code(KeyCode::Enter)], S::ListOf(Pane::Credentials), I::Drill, "list the connections using the credential (Esc comes back)", Some("connections")),
    bind(&[code(KeyCode::Enter), ch('i')], S::ListOf(Pane::Connections), I::OpenDetail, "open the detail", Some("detail")),
    bind(&[code(KeyCode::Enter), ch('i')], S::ListOf(Pane::Gateways), I::OpenDetail, "open the detail", Some("detail")),
    bind(&[ch('i')], S::Lists, I::OpenDetail, "open the detail", Some("detail")),
    bind(&[ch('/')], S::Lists, I::Filter, "filter the list", Some("filter")),
    bind(&[ch('s')], S::Lists, I::SortNext, "sort by the next column (:sort NAME sorts by one directly)", Some("sort")),
    bind(&[ch('S')], S::Lists, I::SortFlip, "flip the sort order", None),
    bind(&[alt('1')], S::Lists, I::SortColumn(1), "Alt-N: sort by the N-th column, Alt-1 … Alt-9 (again flips)", None),
    bind(&[alt('2')], S::Lists, I::SortColumn(2), "", None),
    bind(&[alt('3')], S::Lists, I::SortColumn(3), "", None),
    bind(&[alt('4')], S::Lists, I::SortColumn(4), "", None),
    bind(&[alt('5')], S::Lists, I::SortColumn(5), "", None),
    bind(&[alt('6')], S::Lists, I::SortColumn(6), "", None),
    bind(&[alt('7')], S::Lists, I::SortColumn(7), "", None),
    bind(&[alt('8')], S::Lists, I::SortColumn(8), "", None),
    bind(&[alt('9')], S::Lists, I::SortColumn(9), "", None),
    bind(&[ch('c')], S::ListOf(Pane::Sources), I::Create, "create a connection to this source", Some("create")),
    bind(&[ch('c')], S::ListOf(Pane::Connections), I::Create, "create a connection (pick a source)", Some("create")),
    bind(&[ch('e')], S::ListOf(Pane::Connections), I::Edit, "edit the connection", Some("edit")),
    bind(&[code(KeyCode::Esc)], S::Lists, I::Back, "clear the filter, then the marks", None),
    bind(&[ch('q')], S::Lists, I::Quit, "quit", Some("quit")),
    // managing what exists (after the browsing keys: narrow footers keep filter, sort and quit)
    bind(&[ch(' ')], S::ListOf(Pane::Connections), I::ToggleMark, "mark/unmark for a batch delete", Some("mark")),
    bind(&[ch('d')], S::ListOf(Pane::Connections), I::Delete, "delete the marked connections, else the selected one", Some("delete")),
    bind(&[ch('D')], S::ListOf(Pane::Connections), I::Duplicate, "duplicate the selected connection", Some("dup")),
    bind(&[ch('m')], S::ListOf(Pane::Connections), I::Move, "move the marked (else the selected) to another space", Some("move")),
    bind(&[ch('P')], S::ListOf(Pane::Connections), I::CopyTo, "copy the marked (else the selected) to a tenant, plan first", Some("copy to")),
    bind(&[ch(' ')], S::ListOf(Pane::Credentials), I::ToggleMark, "mark/unmark an orphan for a batch delete", None),
    bind(&[ch('d')], S::ListOf(Pane::Credentials), I::Delete, "delete the marked orphans, else the selected credential", Some("delete")),
    bind(&[ch('R'), ch('e')], S::ListOf(Pane::Credentials), I::Rename, "rename the selected credential", Some("rename")),
    // the first-run screen (no tenant yet) and its add-a-tenant form
    bind(&[code(KeyCode::Enter)], S::In(Context::FirstRun), I::FirstRunDemo, "open the demo tenant", Some("demo tenant")),
    bind(&[ch('a')], S::In(Context::FirstRun), I::FirstRunAddTenant, "add a tenant", Some("add a tenant")),
    bind(&[ch('i')], S::In(Context::FirstRun), I::FirstRunImport, "import qlik-cli's contexts (when there are any)", Some("import qlik-cli contexts")),
    bind(&[ch('q'), code(KeyCode::Esc)], S::In(Context::FirstRun), I::Quit, "quit", Some("quit")),
    bind(&[code(KeyCode::Tab), code(KeyCode::Down)], S::In(Context::FirstRunForm), I::FormNext, "next field", Some("next")),
    bind(&[code(KeyCode::BackTab), code(KeyCode::Up)], S::In(Context::FirstRunForm), I::FormPrev, "previous field", None),
    bind(&[code(KeyCode::Enter)], S::In(Context::FirstRunForm), I::FormEnter, "next field; on the last, add the tenant", Some("next/add")),
    bind(&[ctrl('r')], S::In(Context::FirstRunForm), I::FormReveal, "reveal or hide the secret", Some("reveal")),
    bind(&[ctrl('s')], S::In(Context::FirstRunForm), I::FormSubmit, "add the tenant", Some("add")),
    bind(&[code(KeyCode::Esc)], S::In(Context::FirstRunForm), I::Back, "back to the choices (what is typed stays)", Some("back")),
    // the focused text input of any layer, last: the layer's own keys come first and win
    // the emacs keys ratatui-textarea had: where a layer binds one (Ctrl-P previews in the form,
    // Ctrl-Y copies the OAuth URL) the layer's meaning wins
    bind(&[code(KeyCode::Left), ctrl('b')], S::TextInput, I::Input(E::Left), "cursor left", None),
    bind(&[code(KeyCode::Right), ctrl('f')], S::TextInput, I::Input(E::Right), "cursor right", None),
    bind(&[alt('b'), ctrl_code(KeyCode::Left)], S::TextInput, I::Input(E::WordLeft), "a word left", None),
    bind(&[alt('f'), ctrl_code(KeyCode::Right)], S::TextInput, I::Input(E::WordRight), "a word right", None),
    bind(&[ctrl('a'), code(KeyCode::Home)], S::TextInput, I::Input(E::LineStart), "to the start of the line", None),
    bind(&[ctrl('e'), code(KeyCode::End)], S::TextInput, I::Input(E::LineEnd), "to the end of the line", None),
    bind(&[ctrl('p')], S::TextInput, I::Input(E::LineUp), "the line above (a JSON field)", None),
    bind(&[ctrl('n')], S::TextInput, I::Input(E::LineDown), "the line below (a JSON field)", None),
    // Ctrl-H is Backspace on terminals that send ^H
    bind(&[code(KeyCode::Backspace), ctrl('h')], S::TextInput, I::Input(E::DeleteBack), "delete the character before the cursor", None),
    bind(&[code(KeyCode::Delete), ctrl('d')], S::TextInput, I::Input(E::DeleteForward), "delete the character under the cursor", None),
    bind(&[ctrl('w'), alt_code(KeyCode::Backspace)], S::TextInput, I::Input(E::DeleteWordBack), "delete the word before the cursor (up to a space)", None),
    bind(&[alt('d')], S::TextInput, I::Input(E::DeleteWordForward), "delete the word after the cursor", None),
    bind(&[ctrl('u')], S::TextInput, I::Input(E::DeleteToStart), "delete to the start of the line", None),
    bind(&[ctrl('k')], S::TextInput, I::Input(E::DeleteToEnd), "delete to the end of the line", None),
    bind(&[ctrl('y')], S::TextInput, I::Input(E::Yank), "put back the text the last word or line delete took out (yank)", None),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::keymap::{Bound, Keymap};
    use crossterm::event::{KeyEvent, KeyModifiers};

    fn all_contexts() -> Vec<Context> {
        Context::all()
    }

    fn active(ctx: Context) -> Vec<Bound> {
        Keymap::default().active(ctx).into_iter().cloned().collect()
    }

    fn intent_for(ctx: Context, key: Key) -> Option<Intent> {
        Keymap::default().intent_for(ctx, key)
    }

    fn action_for(ctx: Context, ev: &KeyEvent) -> Option<Action> {
        Keymap::default().action_for(ctx, ev)
    }

    #[test]
    fn every_help_line_dispatches_to_its_own_intent() {
        for ctx in all_contexts() {
            for b in active(ctx) {
                for key in &b.keys {
                    let mut modifiers = KeyModifiers::NONE;
                    if key.ctrl {
                        modifiers |= KeyModifiers::CONTROL;
                    }
                    if key.alt {
                        modifiers |= KeyModifiers::ALT;
                    }
                    let ev = KeyEvent::new(key.code, modifiers);
                    match action_for(ctx, &ev) {
                        Some(Action::Intent(i)) => assert_eq!(
                            i,
                            b.intent,
                            "{ctx:?} {} is documented as {:?}",
                            key.label(),
                            b.desc
                        ),
                        other => panic!("{ctx:?} {} does nothing: {other:?}", key.label()),
                    }
                }
            }
        }
    }

    #[test]
    fn every_dispatching_key_is_documented() {
        for ctx in all_contexts() {
            let documented: Vec<Key> = active(ctx).iter().flat_map(|b| b.keys.clone()).collect();
            for b in BINDINGS.iter().filter(|b| b.scope.covers(ctx)) {
                for k in b.keys {
                    assert!(documented.contains(k), "{ctx:?} {}", k.label());
                }
            }
        }
    }

    #[test]
    fn specific_binding_wins_and_q_does_not_quit_from_a_popup() {
        assert_eq!(
            intent_for(Context::List(Pane::Gateways), ch('r')),
            Some(Intent::Refresh)
        );
        let gw_help = active(Context::List(Pane::Gateways));
        assert!(gw_help.iter().any(|b| b.desc == "force-refresh gateways"));
        assert!(!gw_help.iter().any(|b| b.desc == "reload"));
        assert_eq!(intent_for(Context::Help, ch('q')), Some(Intent::Back));
        assert_eq!(intent_for(Context::Json, ch('q')), Some(Intent::Back));
        assert_eq!(
            intent_for(Context::List(Pane::Sources), ch('q')),
            Some(Intent::Quit)
        );
        for ctx in all_contexts() {
            assert_eq!(intent_for(ctx, ctrl('c')), Some(Intent::ForceQuit));
        }
    }

    #[test]
    fn prompts_take_text_and_orphans_key_is_credentials_only() {
        let ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(matches!(
            action_for(Context::Filter, &ev),
            Some(Action::Type('q'))
        ));
        assert_eq!(intent_for(Context::List(Pane::Sources), ch('o')), None);
        assert_eq!(
            intent_for(Context::List(Pane::Credentials), ch('o')),
            Some(Intent::ToggleOrphans)
        );
    }
}
