//! "Copy to…" (`P`): pick a profile, then a space of it, see the plan, type its secrets,
//! Ctrl-S applies. Each step's work is a [`CopyRequest`] the runtime carries out in a task;
//! its [`CopyEvent`](crate::app::copy::CopyEvent) comes back to [`events`]. A plan is applied
//! once: after its results only a new plan (`r`, which looks every connection up first) can
//! send anything again.

use crate::app::action::Action;
use crate::app::copy::{CopyRequest, CopyState, GatewayStep, PlanView, Secrets, Step};
use crate::app::effect::Effect;
use crate::app::frame::UNBOUNDED;
use crate::app::keymap::{Context, Intent};
use crate::app::layer::Layer;
use crate::app::manage::Target;
use crate::app::picker::{Choice, Picker};
use crate::app::state::{App, Level, Pane};
use crate::app::text_input::TextEdit;

mod events;
pub(super) use events::on_event;

/// Rows a page key scrolls the plan by.
const PAGE: usize = 10;

/// `P` on the connections: the marked ones (else the selected one), DataFiles left out (they
/// belong to their space).
pub(super) fn open(app: &mut App) {
    if app.pane != Pane::Connections {
        return;
    }
    let connections = chosen_connections(app);
    if connections.is_empty() {
        return app.say(
            Level::Warn,
            "nothing to copy: select or mark connections (DataFiles belong to their space)",
        );
    }
    let mut names = app.profiles.clone();
    if !names.contains(&app.tenant.profile) {
        names.insert(0, app.tenant.profile.clone());
    }
    let items: Vec<Choice> = names
        .iter()
        .map(|n| {
            let label = if *n == app.tenant.profile {
                format!("{n} (this tenant)")
            } else {
                n.clone()
            };
            Choice::new(label, n.clone())
        })
        .collect();
    // another tenant is the likelier target
    let other = names
        .iter()
        .find(|n| **n != app.tenant.profile)
        .cloned()
        .unwrap_or_default();
    let job = app.next_generation;
    app.next_generation += 1;
    app.layers.push(Layer::Copy(Box::new(CopyState {
        job,
        connections,
        profiles: Picker::new(" Profile ", items, &other),
        target: None,
        spaces: None,
        step: Step::Profile,
        plan: None,
        gateway: None,
        gateways: Default::default(),
        gateway_turn: 0,
        error: None,
    })));
}

fn chosen_connections(app: &App) -> Vec<Target> {
    let list = app.list(Pane::Connections);
    let ids: Vec<String> = if list.marked.is_empty() {
        list.selected_row()
            .map(|r| r.id.clone())
            .into_iter()
            .collect()
    } else {
        // in the list's order, as the plan will list them
        list.view
            .iter()
            .map(|&i| &list.rows[i].id)
            .filter(|id| list.marked.contains(*id))
            .cloned()
            .collect()
    };
    ids.iter()
        .filter_map(|id| app.data.connections.items.iter().find(|c| c.id() == id))
        .filter(|c| !c.is_datafiles())
        .map(|c| Target {
            id: c.id().into(),
            name: c.q_name.clone(),
        })
        .collect()
}

/// What the admin does while the copy is on top: keys, typed or pasted text, editing keys.
pub(super) fn on_copy(app: &mut App, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Intent(intent) => on_intent(app, intent, fx),
        Action::Type(c) => type_text(app, &c.to_string()),
        Action::Paste(text) => type_text(app, &text.replace(['\n', '\r'], " ")),
        _ => {}
    }
}

fn on_intent(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    if let Intent::Input(edit) = intent {
        return edit_secret(app, edit);
    }
    // the plan scrolls no further than its last page as the last frame laid it out
    let last_page = app.frame.copy_last_page.unwrap_or(UNBOUNDED);
    let Some(copy) = app.layers.copy_mut() else {
        return;
    };
    match (copy.step, intent) {
        (Step::Profile | Step::Space, _) => on_picker(app, intent, fx),
        (Step::Gateway, _) => on_gateway_picker(app, intent, fx),
        (Step::Review, Intent::CopyApply) => apply(app, fx),
        (Step::Review, Intent::CopyGateway) => pick_gateway(app, fx),
        (Step::Review, Intent::FormNext) => copy.plan_mut().secrets.step(1),
        (Step::Review, Intent::FormPrev) => copy.plan_mut().secrets.step(-1),
        (Step::Review, Intent::Back) => {
            copy.step = Step::Space;
            copy.error = None;
        }
        (Step::Applying, Intent::Back) => app.say(
            Level::Warn,
            "applying: the results come first (a write on its way is never dropped)",
        ),
        (Step::Opening | Step::Planning | Step::Applied, Intent::Back) => close(app, fx),
        (Step::Applied, Intent::CopyReplan) => replan(app, fx),
        (_, Intent::Down) => scroll(copy, 1, last_page),
        (_, Intent::Up) => scroll(copy, -1, last_page),
        (_, Intent::PageDown) => scroll(copy, PAGE as isize, last_page),
        (_, Intent::PageUp) => scroll(copy, -(PAGE as isize), last_page),
        _ => {}
    }
}

impl CopyState {
    fn plan_mut(&mut self) -> &mut PlanView {
        self.plan
            .as_mut()
            .expect("a plan is on screen in its steps")
    }

    fn picker_mut(&mut self) -> &mut Picker {
        if self.step == Step::Gateway {
            if let Some(p) = self.gateway.as_mut().and_then(|g| g.picker.as_mut()) {
                return p;
            }
        }
        match (self.step, &mut self.spaces) {
            (Step::Space, Some(s)) => &mut s.picker,
            _ => &mut self.profiles,
        }
    }

    fn plan_request(&self, space: crate::promote::TargetSpace) -> CopyRequest {
        CopyRequest::Plan {
            job: self.job,
            ids: self.connections.iter().map(|t| t.id.clone()).collect(),
            space,
            gateways: self.gateways.clone(),
        }
    }
}

fn scroll(copy: &mut CopyState, delta: isize, last_page: usize) {
    if let Some(view) = &mut copy.plan {
        view.scroll = view.scroll.saturating_add_signed(delta).min(last_page);
    }
}

fn on_picker(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let copy = app.layers.copy_mut().expect("the copy is open");
    let step = copy.step;
    let picker = copy.picker_mut();
    match intent {
        Intent::Down => picker.move_by(1),
        Intent::Up => picker.move_by(-1),
        Intent::PageDown => picker.move_by(PAGE as isize),
        Intent::PageUp => picker.move_by(-(PAGE as isize)),
        Intent::PromptBackspace => picker.backspace(),
        Intent::Pick if step == Step::Profile => open_target(app, fx),
        Intent::Pick => plan(app, fx),
        Intent::Back if step == Step::Space => {
            copy.step = Step::Profile;
            copy.error = None;
        }
        Intent::Back => close(app, fx),
        _ => {}
    }
}

/// The key that widens a picker's filter, as a "nothing matches" error names it.
fn filter_key(app: &App) -> String {
    app.keymap
        .key_label(Context::Picker, Intent::PromptBackspace)
}

fn open_target(app: &mut App, fx: &mut Vec<Effect>) {
    let backspace = filter_key(app);
    let read_only_here = app.keymap.read_only();
    let current = app.tenant.profile.clone();
    let copy = app.layers.copy_mut().expect("the copy is open");
    let Some(profile) = copy.profiles.chosen().map(|c| c.value.clone()) else {
        copy.error = Some(format!("no profile matches the filter ({backspace})"));
        return;
    };
    let same = profile == current;
    if same && read_only_here {
        copy.error = Some(format!(
            "{profile} is read-only here (its read_only, or --read-only): nothing can be copied into it"
        ));
        return;
    }
    copy.error = None;
    copy.target = None;
    copy.spaces = None;
    copy.step = Step::Opening;
    fx.push(Effect::CopyTo(CopyRequest::Open {
        job: copy.job,
        profile,
        current: same,
    }));
}

fn plan(app: &mut App, fx: &mut Vec<Effect>) {
    let backspace = filter_key(app);
    let copy = app.layers.copy_mut().expect("the copy is open");
    let Some(space) = copy
        .spaces
        .as_ref()
        .and_then(|s| s.chosen())
        .map(|c| c.0.clone())
    else {
        copy.error = Some(format!("no space matches the filter ({backspace})"));
        return;
    };
    copy.error = None;
    copy.step = Step::Planning;
    // the secrets typed for an earlier plan stay with the view until the new plan replaces it
    if let Some(view) = &mut copy.plan {
        view.space = space.clone();
    }
    fx.push(Effect::CopyTo(copy.plan_request(space)));
}

/// After the results: the same connections planned again against the same space.
fn replan(app: &mut App, fx: &mut Vec<Effect>) {
    let copy = app.layers.copy_mut().expect("the copy is open");
    let Some(space) = copy.plan.as_ref().map(|v| v.space.clone()) else {
        return;
    };
    copy.error = None;
    copy.step = Step::Planning;
    fx.push(Effect::CopyTo(copy.plan_request(space)));
}

/// The copied connections whose source reaches its database through a gateway (`DG_`), with
/// that source, in the copy's order.
fn gatewayed(app: &App, copy: &CopyState) -> Vec<(String, String)> {
    copy.connections
        .iter()
        .filter_map(|t| {
            let c = app
                .data
                .connections
                .items
                .iter()
                .find(|c| c.id() == t.id.as_str())?;
            let source = c
                .datasource_id
                .as_deref()
                .filter(|s| s.starts_with("DG_"))?;
            Some((t.name.clone(), source.to_string()))
        })
        .collect()
}

/// Ctrl-G on the plan: the target's gateways listed for a connection, to pick one from. The
/// connection is the first whose gateway the plan could not find and none was picked for,
/// else the next one in turn.
fn pick_gateway(app: &mut App, fx: &mut Vec<Effect>) {
    let copy = app.layers.copy().expect("the copy is open");
    let candidates = gatewayed(app, copy);
    let copy = app.layers.copy_mut().expect("the copy is open");
    if candidates.is_empty() {
        copy.error = Some("none of these connections uses a gateway".into());
        return;
    }
    let problem = |name: &str| {
        copy.plan.as_ref().is_some_and(|v| {
            v.plan
                .problems
                .iter()
                .any(|p| p.connection.starts_with(&format!("{name} (")))
        })
    };
    let at = candidates
        .iter()
        .position(|(name, _)| problem(name) && !copy.gateways.contains_key(name))
        .unwrap_or(copy.gateway_turn % candidates.len());
    copy.gateway_turn = at + 1;
    let (connection, data_source_id) = candidates[at].clone();
    copy.error = None;
    copy.step = Step::Gateway;
    copy.gateway = Some(GatewayStep {
        connection,
        data_source_id: data_source_id.clone(),
        picker: None,
    });
    fx.push(Effect::CopyTo(CopyRequest::Gateways {
        job: copy.job,
        data_source_id,
    }));
}

/// The gateway picker: a pick plans again with it; Esc goes back to the plan as it was.
fn on_gateway_picker(app: &mut App, intent: Intent, fx: &mut Vec<Effect>) {
    let backspace = filter_key(app);
    let copy = app.layers.copy_mut().expect("the copy is open");
    let listed = copy.gateway.as_ref().is_some_and(|g| g.picker.is_some());
    match intent {
        Intent::Back => {
            copy.step = Step::Review;
            copy.gateway = None;
            copy.error = None;
        }
        _ if !listed => {}
        Intent::Down => copy.picker_mut().move_by(1),
        Intent::Up => copy.picker_mut().move_by(-1),
        Intent::PageDown => copy.picker_mut().move_by(PAGE as isize),
        Intent::PageUp => copy.picker_mut().move_by(-(PAGE as isize)),
        Intent::PromptBackspace => copy.picker_mut().backspace(),
        Intent::Pick => {
            let Some(id) = copy.picker_mut().chosen().map(|c| c.value.clone()) else {
                copy.error = Some(format!("no gateway matches the filter ({backspace})"));
                return;
            };
            let step = copy.gateway.take().expect("checked above");
            copy.gateways.insert(step.connection, id);
            let Some(space) = copy.plan.as_ref().map(|v| v.space.clone()) else {
                return;
            };
            copy.error = None;
            copy.step = Step::Planning;
            fx.push(Effect::CopyTo(copy.plan_request(space)));
        }
        _ => {}
    }
}

/// Ctrl-S: every problem and every missing secret is said before anything is sent.
fn apply(app: &mut App, fx: &mut Vec<Effect>) {
    let copy = app.layers.copy_mut().expect("the copy is open");
    let job = copy.job;
    let view = copy.plan_mut();
    let problems = view.plan.problems.len();
    if problems > 0 {
        copy.error = Some(format!(
            "nothing was sent: the plan has {problems} problem{} (listed); fix them on the target, then pick the space again",
            if problems == 1 { "" } else { "s" }
        ));
        return;
    }
    let values = match view.plan.secret_values(&view.secrets.texts()) {
        Ok(values) => values,
        Err(errors) => {
            // the first secret still missing gets the focus
            if let Some(at) = view
                .secrets
                .fields
                .iter()
                .position(|f| errors.iter().any(|e| e.starts_with(&f.var)))
            {
                view.secrets.focus = at;
            }
            copy.error = Some(format!("nothing was sent: {}", errors.join("; ")));
            return;
        }
    };
    view.results.clear();
    view.scroll = 0;
    let plan = Box::new(view.plan.clone());
    copy.error = None;
    copy.step = Step::Applying;
    fx.push(Effect::CopyTo(CopyRequest::Apply {
        job,
        plan,
        secrets: Secrets(values),
    }));
}

fn close(app: &mut App, fx: &mut Vec<Effect>) {
    if let Some(Layer::Copy(copy)) = app.layers.close(|l| matches!(l, Layer::Copy(_))) {
        fx.push(Effect::CopyTo(CopyRequest::Close { job: copy.job }));
    }
}

/// Typed or pasted text: a picker's filter, or the focused secret.
fn type_text(app: &mut App, text: &str) {
    let Some(copy) = app.layers.copy_mut() else {
        return;
    };
    match copy.step {
        Step::Profile | Step::Space | Step::Gateway => {
            copy.picker_mut().type_text(text);
        }
        Step::Review => {
            if let Some(input) = copy.plan_mut().secrets.focused() {
                input.insert_str(text);
            }
        }
        _ => {}
    }
}

/// An editing key for the focused secret.
fn edit_secret(app: &mut App, edit: TextEdit) {
    if let Some(copy) = app.layers.copy_mut().filter(|c| c.step == Step::Review) {
        if let Some(field) = copy.plan_mut().secrets.focused() {
            field.apply(edit);
        }
    }
}
