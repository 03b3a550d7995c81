use super::*;
use crate::api::models::{CreateConnection, PatchOp};
use crate::promote::PlanItem;
use crate::promote::PlanProblem;
use serde_json::json;

fn item(name: &str, action: PlanAction) -> PlanItem {
    PlanItem {
        name: name.into(),
        space: Some("Sales".into()),
        data_source_id: "DG_mssql".into(),
        action,
        notes: vec![],
        json_secrets: Default::default(),
    }
}

fn view(plan: Plan) -> PlanView {
    PlanView {
        secrets: SecretsForm::for_plan(&plan, None, &EnvSecrets::default()),
        plan,
        space: TargetSpace::Named("Sales".into()),
        results: vec![],
        scroll: 0,
    }
}

fn sample() -> Plan {
    let create = item(
        "sqlserver_sales",
        PlanAction::Create {
            body: CreateConnection {
                connection_properties: json!({"password": "${env:SALES_PASSWORD}"})
                    .as_object()
                    .cloned()
                    .unwrap(),
                ..Default::default()
            },
        },
    );
    let update = item(
        "pg",
        PlanAction::Update {
            id: "c2".into(),
            changes: vec![PropertyChange {
                property: "database".into(),
                before: Some("Sales".into()),
                after: "Sales2".into(),
            }],
            ops: vec![PatchOp::replace(
                "/connectionProperties/database",
                json!("Sales2"),
            )],
        },
    );
    Plan {
        items: vec![
            create,
            update,
            item("s3", PlanAction::Unchanged { id: "c3".into() }),
        ],
        problems: vec![],
    }
}

#[test]
fn the_plan_reads_create_update_with_its_diff_and_unchanged() {
    let lines = plan_lines(&view(sample()));
    let texts: Vec<(LineKind, &str)> = lines.iter().map(|l| (l.kind, l.text.as_str())).collect();
    assert_eq!(
        texts,
        [
            (
                LineKind::Create,
                "+ create    sqlserver_sales (Sales)  DG_mssql"
            ),
            (LineKind::Note, "    secrets: SALES_PASSWORD"),
            (LineKind::Update, "~ update    pg (Sales)  DG_mssql"),
            (LineKind::Change, "    database: Sales → Sales2"),
            (LineKind::Unchanged, "= unchanged s3 (Sales)  DG_mssql"),
        ]
    );
    assert_eq!(
        summary(&sample()),
        "1 to create · 1 to update · 1 unchanged"
    );
}

#[test]
fn problems_are_listed_and_said_in_the_summary() {
    let plan = Plan {
        items: vec![],
        problems: vec![PlanProblem {
            connection: "sqlserver_sales (Sales)".into(),
            message: "no gateway named \"gw\" for DG_mssql on the target".into(),
        }],
    };
    let lines = plan_lines(&view(plan.clone()));
    assert_eq!(lines.last().unwrap().kind, LineKind::Problem);
    assert!(lines.last().unwrap().text.contains("no gateway named"));
    assert!(summary(&plan).ends_with("1 problem: nothing can be sent"));
}

#[test]
fn each_result_is_under_its_connection() {
    let mut v = view(sample());
    v.results = vec![ItemResult {
        label: "sqlserver_sales (Sales)".into(),
        outcome: ItemOutcome::Created { id: "new-1".into() },
    }];
    let lines = plan_lines(&v);
    assert_eq!(lines[2], line(LineKind::Done, "    → created new-1"));
    assert_eq!(
        results_summary(&v.results),
        "1 created · 0 updated · 0 unchanged · 0 failed"
    );
}

#[test]
fn secrets_never_show_in_debug_and_survive_a_new_plan() {
    let plan = sample();
    let mut form = SecretsForm::for_plan(&plan, None, &EnvSecrets::default());
    form.focused().unwrap().insert_str("hunter2");
    assert!(!format!("{form:?}").contains("hunter2"));
    let secrets = Secrets(HashMap::from([("SALES_PASSWORD".into(), json!("hunter2"))]));
    assert!(!format!("{secrets:?}").contains("hunter2"));
    let again = SecretsForm::for_plan(&plan, Some(&form), &EnvSecrets::default());
    assert_eq!(again.texts()["SALES_PASSWORD"], "hunter2");
}

#[test]
fn the_space_shared_by_the_connections_is_preselected_when_the_target_has_it() {
    let space = |id: &str, name: &str| Space {
        id: id.into(),
        name: name.into(),
        ..serde_json::from_value(json!({"id": id})).unwrap()
    };
    let spaces = [space("p1", "Sales"), space("p2", "Finance")];
    let step = SpaceStep::new(&spaces, &[Some("Sales".into()), Some("Sales".into())]);
    assert_eq!(
        step.chosen().unwrap().0,
        &TargetSpace::Named("Sales".into())
    );
    let mixed = SpaceStep::new(&spaces, &[Some("Sales".into()), None]);
    assert_eq!(mixed.chosen().unwrap().0, &TargetSpace::Same);
    let names: Vec<&str> = mixed
        .picker
        .items
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "each into the space of its own name",
            "Personal",
            "Finance",
            "Sales"
        ]
    );
}
