//! The runtime's reports of a copy ([`CopyEvent`]): each moves the copy on to its next step,
//! or back with the reason on screen.

use crate::api::models::Gateway;
use crate::app::copy::{
    results_summary, CopyEvent, CopyState, EnvSecrets, GatewayStep, Opened, OpenedTarget, PlanView,
    SecretsForm, SpaceStep, Step,
};
use crate::app::state::{App, Level};
use crate::promote::{ItemOutcome, Plan};

/// A report of the runtime; one of a copy closed since is dropped. `true`: the copy wrote
/// into this tenant, whose connections list is to be loaded again.
pub(in crate::app::update) fn on_event(app: &mut App, event: CopyEvent) -> bool {
    let own_spaces: Vec<Option<String>> = match app.layers.copy() {
        Some(copy) if copy.job == event.job() => copy
            .connections
            .iter()
            .map(|t| {
                let c = app
                    .data
                    .connections
                    .items
                    .iter()
                    .find(|c| c.id() == t.id.as_str());
                c.and_then(|c| c.space_id())
                    .map(|id| app.space_name(Some(id)))
            })
            .collect(),
        _ => return false,
    };
    let current = app.tenant.profile.clone();
    let copy = app.layers.copy_mut().expect("checked above");
    match event {
        CopyEvent::Opened { result, .. } if copy.step == Step::Opening => {
            opened(copy, result, &own_spaces, &current)
        }
        CopyEvent::Planned {
            result, from_env, ..
        } if copy.step == Step::Planning => planned(copy, result, &from_env),
        CopyEvent::Gateways {
            data_source_id,
            result,
            ..
        } if copy.step == Step::Gateway => gateways_listed(copy, &data_source_id, result),
        CopyEvent::Applied { result, .. } if copy.step == Step::Applying => {
            copy.plan_mut().results.push(result);
        }
        CopyEvent::ApplyEnded { .. } if copy.step == Step::Applying => {
            copy.step = Step::Applied;
            let results = &copy.plan_mut().results;
            let summary = results_summary(results);
            let wrote = results.iter().any(|r| {
                matches!(
                    r.outcome,
                    ItemOutcome::Created { .. }
                        | ItemOutcome::CreatedAnswerLost { .. }
                        | ItemOutcome::Updated
                )
            });
            let target = copy.target_label();
            let same = copy.target.as_ref().is_some_and(|t| t.same);
            app.say(Level::Info, format!("copied to {target}: {summary}"));
            // copied into this tenant: the list under the popup shows the new connections
            return same && wrote;
        }
        // an answer for a step left since (Esc, a new pick): dropped
        _ => {}
    }
    false
}

/// The target tenant opened (or why not): its spaces to pick from, else back to the profiles.
fn opened(
    copy: &mut CopyState,
    result: Result<OpenedTarget, String>,
    own_spaces: &[Option<String>],
    current: &str,
) {
    let profile = copy.target_label();
    match result {
        Ok(OpenedTarget {
            read_only: true,
            tenant,
            ..
        }) => {
            copy.step = Step::Profile;
            copy.error = Some(format!(
                "{} is read-only (its read_only, or --read-only): nothing can be copied into it; pick another",
                tenant.profile
            ));
        }
        Ok(OpenedTarget {
            spaces: Err(e),
            tenant,
            ..
        }) => {
            copy.step = Step::Profile;
            copy.error = Some(format!("cannot list the spaces of {}: {e}", tenant.profile));
        }
        Ok(OpenedTarget {
            spaces: Ok(spaces),
            tenant,
            ..
        }) => {
            copy.spaces = Some(SpaceStep::new(&spaces, own_spaces));
            copy.target = Some(Opened {
                same: tenant.profile == current,
                tenant,
            });
            copy.step = Step::Space;
        }
        Err(e) => {
            copy.step = Step::Profile;
            copy.error = Some(format!("cannot open {profile}: {e}"));
        }
    }
}

/// The plan came: its review, with the secrets form (keeping what was typed for a plan before).
fn planned(copy: &mut CopyState, result: Result<Plan, String>, from_env: &EnvSecrets) {
    match result {
        Ok(plan) => {
            let before = copy.plan.take();
            let space = before
                .as_ref()
                .map(|v| v.space.clone())
                .or_else(|| {
                    copy.spaces
                        .as_ref()
                        .and_then(|s| s.chosen())
                        .map(|c| c.0.clone())
                })
                .unwrap_or(crate::promote::TargetSpace::Same);
            let secrets =
                SecretsForm::for_plan(&plan, before.as_ref().map(|v| &v.secrets), from_env);
            copy.plan = Some(PlanView {
                plan,
                space,
                secrets,
                results: Vec::new(),
                scroll: 0,
            });
            copy.step = Step::Review;
        }
        Err(e) => {
            copy.step = Step::Space;
            copy.error = Some(format!("planning failed, nothing was sent: {e}"));
        }
    }
}

/// The target's gateways of the source being picked for: a picker, or back to the review.
fn gateways_listed(
    copy: &mut CopyState,
    data_source_id: &str,
    result: Result<Vec<Gateway>, String>,
) {
    let Some(step) = copy
        .gateway
        .as_mut()
        .filter(|g| g.data_source_id == data_source_id && g.picker.is_none())
    else {
        return;
    };
    match result {
        Ok(gateways) if !gateways.is_empty() => {
            let current = copy.gateways.get(&step.connection).map(String::as_str);
            step.picker = Some(GatewayStep::picker(&gateways, current));
        }
        Ok(_) => {
            copy.error = Some(format!(
                "the target has no gateway for {data_source_id}: add one there first"
            ));
            copy.step = Step::Review;
            copy.gateway = None;
        }
        Err(e) => {
            copy.error = Some(format!("cannot list the target's gateways: {e}"));
            copy.step = Step::Review;
            copy.gateway = None;
        }
    }
}
