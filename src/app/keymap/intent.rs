//! What a key means, independent of the key: the vocabulary of the keymap.

use crate::app::pane::Pane;
use crate::app::text_input::TextEdit;

/// What a connection's detail can jump to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JumpTo {
    Source,
    Space,
    Credential,
    Gateway,
}

/// What a key means, independent of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Quit,
    ForceQuit,
    Back,
    GoPane(Pane),
    /// Enter on a source, space or credential: list its connections (Esc comes back).
    Drill,
    /// From a connection's detail: go to the object it refers to.
    Jump(JumpTo),
    NextPane,
    PrevPane,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    OpenDetail,
    RawJson,
    /// `y`: copy what the view is about: the selected id, the JSON in the JSON view, the curl
    /// command in the request preview, the new connection's id after a create.
    CopyId,
    Help,
    Filter,
    Command,
    SortNext,
    SortFlip,
    /// Alt+N: sort by the N-th column (1-based) directly; again flips the order.
    SortColumn(u8),
    Refresh,
    ToggleOrphans,
    /// Show or hide the detail pane beside the list (wide terminals).
    ToggleDetail,
    Messages,
    PromptSubmit,
    PromptCancel,
    PromptComplete,
    PromptBackspace,
    /// Open the connection form for the selected source (on Connections: pick a source first).
    Create,
    /// Open the selected connection in the form.
    Edit,
    FormNext,
    FormPrev,
    /// Enter on a field: toggle a boolean, open a choice list, next field.
    FormEnter,
    FormSubmit,
    FormPreview,
    FormReveal,
    /// Send the focused untyped property as JSON, or back as text.
    FormJsonMode,
    /// Take the highlighted entry of a picker.
    Pick,
    /// Yes in the discard confirm.
    Discard,
    /// Yes in the edit confirm: send the patch.
    SendEdit,
    /// Yes in the resend confirm: send a create whose answer was lost again.
    SendAgain,
    AuthSend,
    AuthCopyUrl,
    AuthOpenUrl,
    /// Print the auth URL outside the alternate screen, where the terminal wraps it.
    AuthPrintUrl,
    AuthNewUrl,
    /// Mark or unmark the selected row for a batch action.
    ToggleMark,
    Delete,
    Duplicate,
    /// Move the marked connections (else the selected one) to another space.
    Move,
    Rename,
    ConfirmYes,
    ConfirmNo,
    DialogSubmit,
    DialogCancel,
    DialogSwitchField,
    /// An editing key of the focused text input (the text-input scope of the table): the
    /// layer on top applies it to the input that has the focus, if any.
    Input(TextEdit),
    /// ↑ in a prompt: the previous entry of its history (`:` commands, `/` filters).
    InputHistoryPrev,
    /// ↓ in a prompt: the next entry of its history, then what was typed.
    InputHistoryNext,
    /// Copy the marked connections (else the selected one) to a tenant and space: the plan.
    CopyTo,
    /// Apply the copy's plan on the target tenant.
    CopyApply,
    /// Plan the copy again (after its results: what landed is then unchanged).
    CopyReplan,
    /// Pick the target's gateway for a connection of the copy's plan.
    CopyGateway,
    /// The first-run screen: open the demo tenant.
    FirstRunDemo,
    /// The first-run screen: the add-a-tenant form.
    FirstRunAddTenant,
    /// The first-run screen: import qlik-cli's contexts (when it offers any).
    FirstRunImport,
}

impl Intent {
    /// Whether the intent changes the tenant (create, edit, delete, ...). Read-only profiles
    /// (`read_only = true`, `--read-only`) hide every binding whose intent mutates, so each new
    /// mutating intent must be listed here.
    pub fn mutates(self) -> bool {
        match self {
            Intent::Quit
            | Intent::ForceQuit
            | Intent::Back
            | Intent::GoPane(_)
            | Intent::Drill
            | Intent::Jump(_)
            | Intent::NextPane
            | Intent::PrevPane
            | Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom
            | Intent::OpenDetail
            | Intent::RawJson
            | Intent::CopyId
            | Intent::Help
            | Intent::Filter
            | Intent::Command
            | Intent::SortNext
            | Intent::SortFlip
            | Intent::SortColumn(_)
            | Intent::Refresh
            | Intent::ToggleOrphans
            | Intent::ToggleDetail
            | Intent::Messages
            | Intent::PromptSubmit
            | Intent::PromptCancel
            | Intent::PromptComplete
            | Intent::PromptBackspace
            | Intent::FormNext
            | Intent::FormPrev
            | Intent::FormEnter
            | Intent::FormPreview
            | Intent::FormReveal
            | Intent::FormJsonMode
            | Intent::Pick
            | Intent::Discard
            | Intent::AuthCopyUrl
            | Intent::AuthOpenUrl
            | Intent::AuthPrintUrl
            // asks for a fresh URL; nothing is created
            | Intent::AuthNewUrl
            | Intent::ToggleMark
            | Intent::ConfirmNo
            | Intent::DialogCancel
            | Intent::DialogSwitchField
            | Intent::Input(_)
            | Intent::InputHistoryPrev
            | Intent::InputHistoryNext
            // a copy writes to the target, never to this tenant: the target's own read-only
            // is checked when it is opened (a read-only profile may copy to a writable one)
            | Intent::CopyTo
            | Intent::CopyApply
            | Intent::CopyReplan
            | Intent::CopyGateway
            // the first-run screen has no tenant yet
            | Intent::FirstRunDemo
            | Intent::FirstRunAddTenant
            | Intent::FirstRunImport => false,
            // the submit of a name prompt is reached only through Duplicate or Rename
            Intent::Create
            | Intent::Edit
            | Intent::FormSubmit
            | Intent::SendEdit
            | Intent::SendAgain
            | Intent::AuthSend
            | Intent::Delete
            | Intent::Duplicate
            | Intent::Move
            | Intent::Rename
            | Intent::ConfirmYes
            | Intent::DialogSubmit => true,
        }
    }
}
