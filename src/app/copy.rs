//! The TUI's "copy to…" (`P` on connections): the marked connections (else the selected one)
//! planned against a target tenant (another profile, or this one) and a space of it, the
//! secrets the plan needs typed into a small form, and the plan applied with a result per
//! connection. The plan and the writes are `promote`'s, the same as `qdc apply`'s; this module
//! is the vocabulary and the view model, `update::copy` the logic, `runtime::copy` the tasks.
//!
//! Nothing is sent twice: a plan is applied once (Ctrl-S again is refused); after the results
//! `r` plans again, and the new plan looks every connection up first (one that was created,
//! even by a create whose answer was lost, is then unchanged).

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use super::keymap::Context;
use super::manage::Target;
use super::picker::{Choice, Picker};
use super::text_input::TextInput;
use crate::api::ids::ConnectionId;
use crate::api::models::{Gateway, Space};
use crate::promote::plan::PropertyChange;
use crate::promote::{
    Action as PlanAction, GatewayChoices, ItemOutcome, ItemResult, Plan, TargetSpace,
};

/// The copy in progress (one at a time).
#[derive(Debug, Clone)]
pub struct CopyState {
    /// Tells this copy's results from those of a copy closed before (stale ones are dropped).
    pub job: u64,
    /// The connections copied, in the list's order.
    pub connections: Vec<Target>,
    /// The profiles to copy to; `id` is the profile's name.
    pub profiles: Picker,
    /// The tenant chosen, once it is open.
    pub target: Option<Opened>,
    /// The target's spaces, and what each choice means.
    pub spaces: Option<SpaceStep>,
    pub step: Step,
    pub plan: Option<PlanView>,
    /// The gateway being picked on the target for one connection (Ctrl-G on the plan).
    pub gateway: Option<GatewayStep>,
    /// The gateways picked so far, by connection name: every new plan uses them.
    pub gateways: GatewayChoices,
    /// Which connection the next Ctrl-G picks a gateway for, when none is still wanting.
    pub gateway_turn: usize,
    /// Why the last step did not work (drawn in the popup, in the error colour).
    pub error: Option<String>,
}

impl CopyState {
    /// Where the keyboard is: a picker, the plan's secrets form, or the work and its results.
    pub fn context(&self) -> Context {
        match self.step {
            Step::Profile | Step::Space | Step::Gateway => Context::Picker,
            Step::Review => Context::CopyPlan,
            Step::Opening | Step::Planning | Step::Applying | Step::Applied => Context::CopyResult,
        }
    }

    /// Whether a task of the copy is at work (the spinner turns).
    pub fn busy(&self) -> bool {
        matches!(self.step, Step::Opening | Step::Planning | Step::Applying)
    }

    /// The target's name as the popup says it.
    pub fn target_label(&self) -> String {
        match &self.target {
            Some(t) if t.same => format!("{} (this tenant)", t.tenant.profile),
            Some(t) => format!("{} ({})", t.tenant.profile, t.tenant.host),
            None => self
                .profiles
                .chosen()
                .map(|c| c.value.clone())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Pick the profile.
    Profile,
    /// The profile is being opened and its spaces listed.
    Opening,
    /// Pick the space.
    Space,
    /// The plan is being made (GET requests only).
    Planning,
    /// The plan is on screen with the secrets form: Ctrl-S applies.
    Review,
    /// Pick the target's gateway for one connection (its list comes first); back to the plan.
    Gateway,
    /// The writes are on their way; results arrive one by one.
    Applying,
    /// Every item has its result.
    Applied,
}

/// A tenant as the popup names it (`state::Tenant`'s fields: `state` owns the copy, so the
/// copy does not import it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetTenant {
    pub profile: String,
    pub host: String,
}

/// The target tenant as it was opened.
#[derive(Debug, Clone)]
pub struct Opened {
    pub tenant: TargetTenant,
    /// The current tenant itself.
    pub same: bool,
}

#[derive(Debug, Clone)]
pub struct SpaceStep {
    pub picker: Picker,
    /// What each of `picker.items` means, by index.
    pub meanings: Vec<TargetSpace>,
}

impl SpaceStep {
    /// The target's spaces as choices: the same space names as the connections have, the
    /// personal space, then every space of the target by name. Preselected: the one space the
    /// connections share when the target has one of that name, else the same names.
    pub fn new(spaces: &[Space], own: &[Option<String>]) -> SpaceStep {
        let mut items = vec![
            Choice::new("each into the space of its own name", ""),
            Choice::new(super::manage::PERSONAL, ""),
        ];
        let mut meanings = vec![TargetSpace::Same, TargetSpace::Personal];
        let mut named: Vec<&Space> = spaces.iter().collect();
        named.sort_by_key(|s| s.name.to_lowercase());
        for s in named {
            items.push(Choice::new(s.name.clone(), s.id.clone()));
            meanings.push(TargetSpace::Named(s.name.clone()));
        }
        let shared = match own {
            [first, rest @ ..] if rest.iter().all(|s| s == first) => first.as_ref(),
            _ => None,
        };
        let current = shared
            .and_then(|name| spaces.iter().find(|s| s.name == *name))
            .map_or("", |s| s.id.as_str());
        SpaceStep {
            picker: Picker::new(" Space ", items, current),
            meanings,
        }
    }

    pub fn chosen(&self) -> Option<(&TargetSpace, &str)> {
        let item = *self.picker.view.get(self.picker.selected)?;
        Some((&self.meanings[item], self.picker.items[item].label.as_str()))
    }
}

/// The gateway picked for one connection: the target's gateways of its source, once listed.
#[derive(Debug, Clone)]
pub struct GatewayStep {
    /// The connection's name (the key of [`CopyState::gateways`]).
    pub connection: String,
    pub data_source_id: String,
    /// `None` while the target's gateways are being listed.
    pub picker: Option<Picker>,
}

impl GatewayStep {
    /// The target's gateways as choices (by name; the value is the id), the one picked before
    /// preselected.
    pub fn picker(gateways: &[Gateway], current: Option<&str>) -> Picker {
        let mut items: Vec<Choice> = gateways
            .iter()
            .map(|g| Choice::new(g.name.clone(), g.id.clone()))
            .collect();
        items.sort_by_key(|c| c.label.to_lowercase());
        Picker::new(" Gateway ", items, current.unwrap_or(""))
    }
}

/// The plan on screen, its secrets form and, once applied, a result per item.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: Plan,
    /// The space chosen, as the title says it.
    pub space: TargetSpace,
    pub secrets: SecretsForm,
    pub results: Vec<ItemResult>,
    pub scroll: usize,
}

/// One masked input per variable the plan needs. Its values are never drawn (only a dot per
/// character) and never logged: `Debug` leaves them out.
#[derive(Clone, Default)]
pub struct SecretsForm {
    pub fields: Vec<SecretField>,
    pub focus: usize,
}

#[derive(Clone)]
pub struct SecretField {
    /// The plan's variable (`SQLSERVER_SALES_PASSWORD`).
    pub var: String,
    pub input: TextInput,
    /// Filled from the environment variable of that name (as `qdc apply` reads it).
    pub from_env: bool,
}

impl fmt::Debug for SecretsForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vars: Vec<&str> = self.fields.iter().map(|s| s.var.as_str()).collect();
        f.debug_struct("SecretsForm")
            .field("vars", &vars)
            .field("focus", &self.focus)
            .finish()
    }
}

impl SecretsForm {
    /// A field per variable of `plan`: what was typed for the same variable before (a plan
    /// made again asks for the same secrets), else the environment's value, else empty. The
    /// focus starts on the first one still empty.
    pub fn for_plan(plan: &Plan, before: Option<&SecretsForm>, env: &EnvSecrets) -> SecretsForm {
        let fields: Vec<SecretField> = plan
            .secrets()
            .into_iter()
            .map(|var| {
                let kept = before.and_then(|b| b.fields.iter().find(|f| f.var == var));
                match (kept, env.0.get(&var)) {
                    (Some(f), _) => f.clone(),
                    (None, Some(value)) => SecretField {
                        input: TextInput::new(value),
                        var,
                        from_env: true,
                    },
                    (None, None) => SecretField {
                        input: TextInput::default(),
                        var,
                        from_env: false,
                    },
                }
            })
            .collect();
        let focus = fields.iter().position(|f| f.input.is_empty()).unwrap_or(0);
        SecretsForm { fields, focus }
    }

    /// The focused input; typing into it makes it the admin's own, not the environment's.
    pub fn focused(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).map(|f| {
            f.from_env = false;
            &mut f.input
        })
    }

    pub fn step(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        }
    }

    /// What was typed, by variable (empty inputs are not set).
    pub fn texts(&self) -> HashMap<String, String> {
        self.fields
            .iter()
            .filter(|f| !f.input.is_empty())
            .map(|f| (f.var.clone(), f.input.text().to_string()))
            .collect()
    }
}

/// The secrets' values for the writes. `Debug` names the variables only.
#[derive(Clone, PartialEq)]
pub struct Secrets(pub HashMap<String, Value>);
impl Eq for Secrets {}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut vars: Vec<&String> = self.0.keys().collect();
        vars.sort();
        write!(f, "Secrets({vars:?})")
    }
}

/// The values the environment has for a plan's variables. `Debug` names the variables only.
#[derive(Clone, Default, PartialEq)]
pub struct EnvSecrets(pub HashMap<String, String>);

impl fmt::Debug for EnvSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut vars: Vec<&String> = self.0.keys().collect();
        vars.sort();
        write!(f, "EnvSecrets({vars:?})")
    }
}

/// What the copy asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum CopyRequest {
    /// Open `profile` beside the current tenant (or take the current one when `current`) and
    /// list its spaces: [`CopyEvent::Opened`].
    Open {
        job: u64,
        profile: String,
        current: bool,
    },
    /// Export `ids` from the current tenant and plan them against the opened one, with the
    /// gateways picked: [`CopyEvent::Planned`].
    Plan {
        job: u64,
        ids: Vec<ConnectionId>,
        space: TargetSpace,
        gateways: GatewayChoices,
    },
    /// List the opened tenant's gateways of a source: [`CopyEvent::Gateways`].
    Gateways { job: u64, data_source_id: String },
    /// Apply the plan on the opened tenant: a [`CopyEvent::Applied`] per item, then
    /// [`CopyEvent::ApplyEnded`]. Never cancelled: a write on its way finishes, so its outcome
    /// is known.
    Apply {
        job: u64,
        plan: Box<Plan>,
        secrets: Secrets,
    },
    /// The copy was closed: its reads stop, the opened tenant is forgotten.
    Close { job: u64 },
}

// A plan holds `serde_json::Value`s, which compare as an equivalence; they only lack the
// derive (as `effect::Body` says), so `Eq` is sound and effects stay comparable in tests.
impl Eq for CopyRequest {}

/// What the runtime reports back.
#[derive(Debug, Clone)]
pub enum CopyEvent {
    Opened {
        job: u64,
        result: Result<OpenedTarget, String>,
    },
    Planned {
        job: u64,
        result: Result<Plan, String>,
        /// The plan's variables set in qdc's environment, to fill the secrets form with.
        from_env: EnvSecrets,
    },
    Gateways {
        job: u64,
        data_source_id: String,
        result: Result<Vec<Gateway>, String>,
    },
    Applied {
        job: u64,
        result: ItemResult,
    },
    ApplyEnded {
        job: u64,
    },
}

impl CopyEvent {
    pub fn job(&self) -> u64 {
        match self {
            CopyEvent::Opened { job, .. }
            | CopyEvent::Planned { job, .. }
            | CopyEvent::Gateways { job, .. }
            | CopyEvent::Applied { job, .. }
            | CopyEvent::ApplyEnded { job } => *job,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpenedTarget {
    pub tenant: TargetTenant,
    pub read_only: bool,
    pub spaces: Result<Vec<Space>, String>,
}

// ---------------------------------------------------------------------------------------------
// the plan as lines

/// What a line of the plan is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    Create,
    Update,
    Unchanged,
    /// A property of an update: before → after.
    Change,
    Note,
    /// Something that stops the plan from being applied.
    Problem,
    Done,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub kind: LineKind,
    pub text: String,
}

fn line(kind: LineKind, text: impl Into<String>) -> PlanLine {
    PlanLine {
        kind,
        text: text.into(),
    }
}

/// `(N to create, N to update, N unchanged)` as the heading says it.
pub fn summary(plan: &Plan) -> String {
    let (creates, updates, unchanged) = plan.counts();
    let mut text = format!("{creates} to create · {updates} to update · {unchanged} unchanged");
    if !plan.problems.is_empty() {
        text.push_str(&format!(
            " · {} problem{}: nothing can be sent",
            plan.problems.len(),
            if plan.problems.len() == 1 { "" } else { "s" }
        ));
    }
    text
}

fn change_text(c: &PropertyChange) -> String {
    format!(
        "{}: {} → {}",
        c.property,
        c.before.as_deref().unwrap_or("(not set)"),
        c.after
    )
}

/// The outcome of an item as its line says it, and whether it is a failure.
pub fn outcome_text(outcome: &ItemOutcome) -> (LineKind, String) {
    match outcome {
        ItemOutcome::Created { id } => (LineKind::Done, format!("created {id}")),
        ItemOutcome::CreatedAnswerLost { id } => (
            LineKind::Done,
            format!("created {id} (the answer was lost; found by name, not sent again)"),
        ),
        ItemOutcome::Updated => (LineKind::Done, "updated".into()),
        ItemOutcome::Unchanged => (LineKind::Done, "unchanged: nothing sent".into()),
        ItemOutcome::Failed { message, .. } => (LineKind::Failed, format!("FAILED: {message}")),
        ItemOutcome::NotSent => (LineKind::Failed, "not sent".into()),
    }
}

/// The plan, one line per connection with its property diff, notes and secrets under it, each
/// connection's result once it has one, then the problems. Names are the tenant's: `ui` cleans
/// them when it draws.
pub fn plan_lines(view: &PlanView) -> Vec<PlanLine> {
    let plan = &view.plan;
    let mut lines = Vec::new();
    for (i, item) in plan.items.iter().enumerate() {
        let (kind, mark, what) = match &item.action {
            PlanAction::Create { .. } => (LineKind::Create, "+", "create"),
            PlanAction::Update { .. } => (LineKind::Update, "~", "update"),
            PlanAction::Unchanged { .. } => (LineKind::Unchanged, "=", "unchanged"),
        };
        lines.push(line(
            kind,
            format!("{mark} {what:<9} {}  {}", item.label(), item.data_source_id),
        ));
        if let PlanAction::Update { changes, .. } = &item.action {
            lines.extend(
                changes
                    .iter()
                    .map(|c| line(LineKind::Change, format!("    {}", change_text(c)))),
            );
        }
        let secrets = item.secrets();
        if !secrets.is_empty() {
            let names: Vec<&str> = secrets.iter().map(String::as_str).collect();
            lines.push(line(
                LineKind::Note,
                format!("    secrets: {}", names.join(", ")),
            ));
        }
        lines.extend(
            item.notes
                .iter()
                .map(|n| line(LineKind::Note, format!("    {n}"))),
        );
        let label = item.label();
        if let Some(r) = view.results.iter().find(|r| r.label == label) {
            let (kind, text) = outcome_text(&r.outcome);
            lines.push(line(kind, format!("    → {text}")));
        } else if i < view.results.len() {
            // results come in the plan's order; a label twice cannot happen (the file's
            // (space, name) pairs are unique), so this is only a guard
            lines.push(line(LineKind::Note, "    → (no result)"));
        }
    }
    if !plan.problems.is_empty() {
        lines.push(line(
            LineKind::Heading,
            "problems (nothing is sent until they are fixed on the target):",
        ));
        lines.extend(plan.problems.iter().map(|p| {
            line(
                LineKind::Problem,
                format!("! {}: {}", p.connection, p.message),
            )
        }));
    }
    if plan.items.is_empty() && plan.problems.is_empty() {
        lines.push(line(LineKind::Note, "nothing to copy"));
    }
    lines
}

/// What the results add up to: "1 created · 0 updated · 1 unchanged · 0 failed".
pub fn results_summary(results: &[ItemResult]) -> String {
    let count = |f: fn(&ItemOutcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
    let created = count(|o| {
        matches!(
            o,
            ItemOutcome::Created { .. } | ItemOutcome::CreatedAnswerLost { .. }
        )
    });
    let updated = count(|o| matches!(o, ItemOutcome::Updated));
    let unchanged = count(|o| matches!(o, ItemOutcome::Unchanged));
    let failed = count(|o| matches!(o, ItemOutcome::Failed { .. } | ItemOutcome::NotSent));
    format!("{created} created · {updated} updated · {unchanged} unchanged · {failed} failed")
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod tests;
