//! What an edit form's rows turn into (see `app::edit`): a JSON-Patch for the name, the
//! properties, the gateway and the credentials mode, one `actions/update` item for the space
//! and the owner, and the lines the confirm shows; or the errors beside their rows.

use serde_json::{Map, Value};

use crate::api::models::{BulkUpdateItem, PatchOp};
use crate::app::edit::{Original, Plan};
use crate::app::form::{
    FormState, Input, Purpose, CREDENTIALS, CREDENTIALS_NAME, EXISTING, GATEWAY, NAME, OWNER,
    SEPARATE_EXISTING, SEPARATE_NEW, SPACE,
};
use crate::app::state::App;
use crate::schema::{edit_plan, Change, FieldError, Form};

/// A control property of the create (`separateCredentials`, ...) set by a PATCH.
fn set_property(properties: &Map<String, Value>, name: &str, value: Value) -> PatchOp {
    let path = format!("/connectionProperties/{name}");
    match properties.contains_key(name) {
        true => PatchOp::replace(path, value),
        false => PatchOp::add(path, value),
    }
}

fn label_of(app: &App, f: &FormState, key: &str, value: &str) -> String {
    if value.is_empty() && key == SPACE {
        return "Personal space".into();
    }
    f.row(key)
        .and_then(|r| match &r.input {
            Input::Choice { options, .. } => options.label_of(&app.data, &f.source_id, value),
            _ => None,
        })
        .unwrap_or_else(|| value.to_string())
}

fn change(path: &str, label: &str, before: String, after: String) -> Change {
    Change {
        path: path.into(),
        label: label.into(),
        before: Some(before).filter(|s| !s.is_empty()),
        after: Some(after).filter(|s| !s.is_empty()),
    }
}

pub(super) fn connection_id(f: &FormState) -> &str {
    match &f.purpose {
        Purpose::Edit { connection_id, .. } => connection_id.as_str(),
        Purpose::Create => "",
    }
}

/// What the edit form's rows turn into, or why it cannot be sent.
pub(super) fn plan(app: &App, f: &FormState) -> Result<Plan, Vec<FieldError>> {
    let (
        Some(form),
        Purpose::Edit {
            old_name,
            properties,
            before,
            original,
            ..
        },
    ) = (f.form(), &f.purpose)
    else {
        return Ok(Plan::default());
    };
    let after = f.values();
    let mut errors = Vec::new();
    let mut plan = Plan::default();
    match edit_plan(form, properties, before, &after, old_name, &f.value(NAME)) {
        Ok(p) => {
            plan.ops = p.ops;
            plan.changes = p.changes;
        }
        Err(e) => errors.extend(e),
    }
    let edit = Edit {
        app,
        f,
        properties,
        original,
    };
    edit.gateway(&mut plan);
    if f.row(CREDENTIALS).is_some() {
        edit.credentials(form, &mut plan, &mut errors);
    }
    plan.update = edit.update_item(&mut plan);
    if original.interactive && !plan.ops.is_empty() {
        match f.with_draft(|d| d.auth_url_body()) {
            Some(Ok(body)) => plan.auth = Some(body),
            Some(Err(e)) => errors.extend(e),
            None => {}
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The form of one edit and what it started from: what each row's change is planned against.
struct Edit<'a> {
    app: &'a App,
    f: &'a FormState,
    properties: &'a Map<String, Value>,
    original: &'a Original,
}

impl Edit<'_> {
    fn label(&self, key: &str, value: &str) -> String {
        label_of(self.app, self.f, key, value)
    }

    fn set(&self, plan: &mut Plan, name: &str, value: impl Into<String>) {
        let value = Value::String(value.into());
        plan.ops.push(set_property(self.properties, name, value));
    }

    /// Another gateway: `gatewayInstance` in the PATCH.
    fn gateway(&self, plan: &mut Plan) {
        let gateway = self.f.value(GATEWAY);
        if self.f.row(GATEWAY).is_none() || gateway.is_empty() || gateway == self.original.gateway {
            return;
        }
        self.set(plan, "gatewayInstance", gateway.clone());
        plan.changes.push(change(
            "/connectionProperties/gatewayInstance",
            "Gateway",
            self.label(GATEWAY, &self.original.gateway),
            self.label(GATEWAY, &gateway),
        ));
    }

    /// Another space or owner: the one `actions/update` item (`None`: neither changed).
    fn update_item(&self, plan: &mut Plan) -> Option<BulkUpdateItem> {
        let (f, original) = (self.f, self.original);
        let mut update = BulkUpdateItem {
            id: connection_id(f).to_string(),
            ..Default::default()
        };
        let space = f.value(SPACE);
        if f.row(SPACE).is_some() && space != original.space {
            let kind = match space.as_str() {
                "" => "personal".to_string(),
                id => self
                    .app
                    .data
                    .spaces
                    .items
                    .iter()
                    .find(|s| s.id == id)
                    .and_then(|s| s.space_type.clone())
                    .unwrap_or_else(|| "shared".into()),
            };
            update.space_id = Some(space.clone());
            update.space_type = Some(kind);
            plan.changes.push(change(
                "actions/update spaceId",
                "Space",
                self.label(SPACE, &original.space),
                self.label(SPACE, &space),
            ));
        }
        let owner = f.value(OWNER);
        if f.row(OWNER).is_some() && !owner.is_empty() && owner != original.owner {
            update.owner_id = Some(owner.clone());
            let to = self.label(OWNER, &owner);
            plan.changes.push(change(
                "actions/update ownerId",
                "Owner",
                self.label(OWNER, &original.owner),
                to.clone(),
            ));
            plan.notes.push(format!(
                "the credentials are not transferred: {to} gets the connection without them"
            ));
        }
        (update.space_id.is_some() || update.owner_id.is_some()).then_some(update)
    }

    /// "separated: name" or "embedded": the credentials as they were, for the confirm.
    fn was(&self) -> String {
        match self.original.separated {
            true => format!(
                "separated: {}",
                self.label(EXISTING, &self.original.credential_id)
            ),
            false => "embedded".into(),
        }
    }

    /// New or embedded credentials need their secrets typed (the tenant never sends them back).
    fn need_secrets(&self, form: &Form, errors: &mut Vec<FieldError>) {
        let typed = form
            .fields
            .iter()
            .filter(|x| x.secret && x.credential && x.is_form_input())
            .any(|x| !self.f.value(&x.name).is_empty());
        if !typed {
            errors.push(FieldError {
                field: CREDENTIALS.into(),
                message: "These credentials need their secrets: type them (the tenant never \
                          sends the stored ones back)"
                    .into(),
            });
        }
    }

    /// The credentials mode's changes: the create's control properties in the PATCH.
    fn credentials(&self, form: &Form, plan: &mut Plan, errors: &mut Vec<FieldError>) {
        match self.f.credentials_mode_value().as_str() {
            SEPARATE_EXISTING => self.reuse(form, plan, errors),
            SEPARATE_NEW => self.new_credentials(form, plan, errors),
            _ if self.original.separated => {
                self.need_secrets(form, errors);
                self.set(plan, "separateCredentials", "false");
                plan.changes.push(change(
                    "/connectionProperties/separateCredentials",
                    "Credentials",
                    self.was(),
                    "embedded".into(),
                ));
            }
            _ => {}
        }
    }

    /// Reusing separated credentials (`selectedCredentials`): they carry the secrets, so none
    /// of the form's go out.
    fn reuse(&self, form: &Form, plan: &mut Plan, errors: &mut Vec<FieldError>) {
        let credential_paths: Vec<String> = form
            .fields
            .iter()
            .filter(|x| x.credential && x.is_form_input())
            .map(|x| format!("/connectionProperties/{}", x.name))
            .collect();
        plan.ops.retain(|o| !credential_paths.contains(&o.path));
        plan.changes.retain(|c| !credential_paths.contains(&c.path));
        let id = self.f.value(EXISTING);
        if id.is_empty() {
            errors.push(FieldError {
                field: EXISTING.into(),
                message: "Pick the credentials to use".into(),
            });
            return;
        }
        if self.original.separated && id == self.original.credential_id {
            return;
        }
        if !self.original.separated {
            self.set(plan, "separateCredentials", "true");
        }
        self.set(plan, "selectedCredentials", id.clone());
        plan.changes.push(change(
            "/connectionProperties/selectedCredentials",
            "Credentials",
            self.was(),
            format!("separated: {}", self.label(EXISTING, &id)),
        ));
    }

    /// New separated credentials (`credentialsName`), with the secrets typed.
    fn new_credentials(&self, form: &Form, plan: &mut Plan, errors: &mut Vec<FieldError>) {
        let name = self.f.value(CREDENTIALS_NAME).trim().to_string();
        if name.is_empty() {
            errors.push(FieldError {
                field: CREDENTIALS_NAME.into(),
                message: "Credentials name is required".into(),
            });
            return;
        }
        self.need_secrets(form, errors);
        if !self.original.separated {
            self.set(plan, "separateCredentials", "true");
        }
        self.set(plan, "credentialsName", name.clone());
        plan.changes.push(change(
            "/connectionProperties/credentialsName",
            "Credentials",
            self.was(),
            format!("separated, new: {name}"),
        ));
    }
}
