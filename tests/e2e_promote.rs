//! Connections promoted between two demo tenants (`qdc demo-server --tenants dev,prod`) through
//! the real binary without a terminal: export, apply with a plan, re-apply as a no-op, and the
//! exact writes the target tenant received (its request log).

mod common;

use common::DemoTenant;
use common::Screen;
use serde_json::{json, Value};

fn names_and_ids(tenant: &DemoTenant, path: &str, key: &str) -> Vec<(String, String)> {
    tenant.json(path)[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn two_tenants_share_names_not_ids_and_keep_their_own_request_logs() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    assert_ne!(dev.url, prod.url);
    let spaces = |t: &DemoTenant| names_and_ids(t, "/api/v1/spaces?limit=100", "data");
    let (dev_spaces, prod_spaces) = (spaces(dev), spaces(prod));
    assert_eq!(
        dev_spaces.iter().map(|s| &s.0).collect::<Vec<_>>(),
        prod_spaces.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (d, p) in dev_spaces.iter().zip(&prod_spaces) {
        assert_ne!(d.1, p.1, "space {} has its own id on prod", d.0);
    }
    let gateways =
        |t: &DemoTenant| names_and_ids(t, "/api/v1/data-sources/DG_mssql/gateways", "gateways");
    let (dev_gw, prod_gw) = (gateways(dev), gateways(prod));
    assert_eq!(dev_gw[0].0, prod_gw[0].0);
    assert_ne!(dev_gw[0].1, prod_gw[0].1);
    // dev is the published tenant; prod has nothing but each space's DataFiles yet
    let listed = |t: &DemoTenant| t.json("/api/v1/data-connections?limit=100&noDatafiles=true");
    assert_eq!(listed(dev)["data"][0]["qName"], "sqlserver_sales");
    assert_eq!(listed(prod)["data"], Value::Array(vec![]));
    assert_ne!(
        dev.json("/api/v1/users/me")["tenantId"],
        prod.json("/api/v1/users/me")["tenantId"]
    );
    dev.clear_requests();
    prod.clear_requests();
    dev.json("/api/v1/spaces");
    assert_eq!(dev.requests_to("GET", "/api/v1/spaces").len(), 1);
    assert!(prod.requests_to("GET", "/api/v1/spaces").is_empty());
}

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `qdc ARGS` without a terminal, the key in `QLIK_API_KEY`, plus `env`.
fn qdc(args: &[&str], env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(common::QDC);
    command
        .args(args)
        .env("QLIK_API_KEY", "demo")
        .env("HOME", home.path())
        .env("QDC_CONFIG_DIR", home.path().join("qdc"))
        .env_remove("QLIK_CLIENT_ID")
        .env_remove("QLIK_CLIENT_SECRET")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("qdc runs")
}

fn text(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

const SECRETS: &[(&str, &str)] = &[
    ("S3_LANDING_ACCESS_KEY", "AKIAPROD"),
    ("S3_LANDING_SECRET_KEY", "prod-secret-key"),
    ("SQLSERVER_SALES_USERNAME", "svc_prod"),
    ("SQLSERVER_SALES_PASSWORD", "prod-password"),
];

/// The requests that change a tenant.
fn writes(tenant: &DemoTenant) -> Vec<Value> {
    tenant
        .requests()
        .into_iter()
        .filter(|r| r["path"].as_str().unwrap_or("").starts_with("/api/"))
        .filter(|r| r["method"] != "GET")
        .collect()
}

fn export_finance(dev: &DemoTenant, file: &Path) -> String {
    let out = qdc(
        &[
            "export",
            "--space",
            "Finance",
            "-o",
            file.to_str().unwrap(),
            "--server",
            &dev.url,
        ],
        &[],
    );
    let (code, _, stderr) = text(&out);
    assert_eq!(code, 0, "{stderr}");
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn export_from_dev_apply_to_prod_then_reapply_is_a_no_op_and_one_change_is_one_patch() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("finance.yaml");
    let yaml = export_finance(dev, &file);
    // names for ids, placeholders for secrets, never a stored secret
    assert!(yaml.contains("space: Finance"), "{yaml}");
    assert!(
        yaml.contains("gatewayInstance: My Direct Access Gateway (in Azure)"),
        "{yaml}"
    );
    assert!(
        yaml.contains("password: ${env:SQLSERVER_SALES_PASSWORD}"),
        "{yaml}"
    );
    assert!(
        yaml.contains("# DG_mssql (QlikConnectorsCommonService.exe 1.202.0)"),
        "{yaml}"
    );
    assert!(!yaml.contains("fixture-secret") && !yaml.contains("65cf6b6c51618b6abd5848d1"));
    // exporting again gives the same bytes
    assert_eq!(export_finance(dev, &dir.path().join("again.yaml")), yaml);

    let f = file.to_str().unwrap();
    prod.clear_requests();
    let (code, plan, stderr) = text(&qdc(
        &["apply", "-f", f, "--dry-run", "--server", &prod.url],
        &[],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        plan.contains("2 to create, 0 to update, 0 unchanged"),
        "{plan}"
    );
    assert!(
        plan.contains("+ create     sqlserver_sales (Finance)"),
        "{plan}"
    );
    assert!(
        plan.contains(
            "not set yet (apply reads them from the environment or asks): S3_LANDING_ACCESS_KEY,"
        ),
        "{plan}"
    );
    assert!(writes(prod).is_empty(), "a dry run only reads");

    // without the secrets: an error before anything is sent
    let (code, _, stderr) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], &[]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("nothing was sent: set S3_LANDING_ACCESS_KEY"),
        "{stderr}"
    );
    assert!(writes(prod).is_empty());
    // read-only: the plan, and nothing else
    let (code, plan, stderr) = text(&qdc(
        &["apply", "-f", f, "--read-only", "--server", &prod.url],
        SECRETS,
    ));
    assert_eq!(code, 2);
    assert!(plan.contains("2 to create"), "{plan}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(writes(prod).is_empty());

    let (code, out, stderr) = text(&qdc(&["--server", &prod.url, "apply", "-f", f], SECRETS));
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(
        out.contains("applied: 2 created, 0 updated, 0 unchanged, 0 failed"),
        "{out}"
    );
    let posts = writes(prod);
    assert_eq!(posts.len(), 2, "{posts:?}");
    let prod_finance = prod.json("/api/v1/spaces?name=Finance")["data"][0]["id"].clone();
    let prod_gateway =
        prod.json("/api/v1/data-sources/DG_mssql/gateways")["gateways"][0]["id"].clone();
    let sql = posts
        .iter()
        .find(|r| r["body"]["qName"] == "sqlserver_sales")
        .expect("sqlserver_sales was created");
    assert_eq!(sql["path"], "/api/v1/data-connections");
    // the body the gateway seed sends, with prod's ids and the secrets from the environment
    assert_eq!(
        sql["body"],
        json!({
            "dataSourceId": "DG_mssql",
            "qName": "sqlserver_sales",
            "space": prod_finance,
            "connectionProperties": {
                "database": "Sales",
                "gatewayInstance": prod_gateway,
                "host": "sql01.corp.local",
                "password": "prod-password",
                "port": "1433",
                "username": "svc_prod"
            }
        })
    );

    prod.clear_requests();
    let (code, out, _) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], SECRETS));
    assert_eq!(code, 0);
    assert!(
        out.contains("0 to create, 0 to update, 2 unchanged"),
        "{out}"
    );
    assert!(
        writes(prod).is_empty(),
        "re-applying writes nothing: {:?}",
        writes(prod)
    );

    std::fs::write(&file, yaml.replace("database: Sales", "database: Sales2")).unwrap();
    prod.clear_requests();
    let (code, out, _) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], &[]));
    assert_eq!(
        code, 0,
        "an update that keeps the host needs no secret: {out}"
    );
    assert!(out.contains("database: Sales -> Sales2"), "{out}");
    let patches = writes(prod);
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(patches[0]["method"], "PATCH");
    assert_eq!(
        patches[0]["body"],
        json!([{"op": "replace", "path": "/connectionProperties/database", "value": "Sales2"}])
    );
    assert_eq!(patches[0]["status"], 204);
}

#[test]
fn a_lost_answer_is_looked_up_not_sent_again_and_a_failure_mid_way_is_recorded() {
    let tenants = DemoTenant::start_tenants(
        &["dev", "prod"],
        &["--faults", "POST /api/v1/data-connections=reset-afterx1"],
    );
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("finance.yaml");
    export_finance(dev, &file);
    let f = file.to_str().unwrap();
    let (code, out, stderr) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], SECRETS));
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(
        out.contains("(the answer was lost; found by name)"),
        "{out}"
    );
    assert!(out.contains("applied: 2 created"), "{out}");
    let posts = writes(prod);
    assert_eq!(posts.len(), 2, "each create sent once: {posts:?}");

    // a failure mid-way: the first create fails, the second goes through, the record says so
    let tenants = DemoTenant::start_tenants(
        &["dev", "prod"],
        &["--faults", "POST /api/v1/data-connections=500x1"],
    );
    let prod = &tenants[1];
    let (code, out, stderr) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], SECRETS));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAILED     S3_landing (Finance): 500"),
        "{out}"
    );
    assert!(
        out.contains("created    sqlserver_sales (Finance)"),
        "{out}"
    );
    assert!(
        out.contains("1 created, 0 updated, 0 unchanged, 1 failed"),
        "{out}"
    );
    assert!(stderr.contains("1 of 2 connection(s) failed"), "{stderr}");
    // applying again creates only what is missing
    let (code, out, _) = text(&qdc(&["apply", "-f", f, "--server", &prod.url], SECRETS));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 to create, 0 to update, 1 unchanged"),
        "{out}"
    );
}

#[test]
fn names_the_target_lacks_and_properties_its_specs_lack_are_errors_before_anything_is_sent() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let prod = &tenants[1];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(
        &file,
        "connections:\n\
         - qName: a\n  dataSourceId: DG_mssql\n  space: Nowhere\n  connectionProperties: {host: h}\n\
         - qName: b\n  dataSourceId: DG_mssql\n  space: Finance\n  connectionProperties: {gatewayInstance: No Such Gateway, hots: h}\n\
         - qName: c\n  dataSourceId: File_AmazonS3Connector\n  space: Finance\n  connectionProperties: {separateCredentials: 'true', selectedCredentials: nobody}\n\
         - qName: d\n  dataSourceId: gbq\n  space: Finance\n  connectionProperties: {OAuthMechanism: '1', Catalog: cat}\n",
    )
    .unwrap();
    prod.clear_requests();
    let (code, _, stderr) = text(&qdc(
        &["apply", "-f", file.to_str().unwrap(), "--server", &prod.url],
        &[],
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(stderr.contains("no space named \"Nowhere\""), "{stderr}");
    assert!(
        stderr.contains("no gateway named \"No Such Gateway\""),
        "{stderr}"
    );
    assert!(stderr.contains("has no property hots"), "{stderr}");
    assert!(
        stderr.contains("no credential named \"nobody\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("d (Finance): gbq asks for an interactive OAuth consent"),
        "{stderr}"
    );
    assert!(writes(prod).is_empty());
}

/// Seed 002's separated credentials: a connection whose credential is named is exported with
/// `credentialsName`; the target has a credential of that name, so the create reuses it with
/// `selectedCredentials` and sends no secret, as the seed's second request.
#[test]
fn a_named_separated_credential_is_reused_on_the_target() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let (status, body) = dev.http(
        "POST",
        "/api/v1/data-connections",
        Some(
            &json!({
                "dataSourceId": "File_AmazonS3Connector",
                "qName": "s3_shared",
                "space": "65cf6b6c51618b6abd5848d1",
                "connectionProperties": {
                    "accessKey": "AKIADEV", "secretKey": "dev-secret",
                    "separateCredentials": "true", "credentialsName": "serviceAccount123",
                    "region": "eu-west-1", "bucketName": "shared-bucket"
                }
            })
            .to_string(),
        ),
    );
    assert_eq!(status, 201, "{body}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shared.json");
    let out = qdc(
        &[
            "export",
            "s3_shared",
            "-o",
            file.to_str().unwrap(),
            "--server",
            &dev.url,
        ],
        &[],
    );
    assert_eq!(text(&out).0, 0, "{}", text(&out).2);
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let props = &exported["connections"][0]["connectionProperties"];
    assert_eq!(props["separateCredentials"], "true");
    assert_eq!(props["credentialsName"], "serviceAccount123");
    assert_eq!(props["secretKey"], "${env:S3_SHARED_SECRET_KEY}");

    prod.clear_requests();
    let (code, out, stderr) = text(&qdc(
        &["apply", "-f", file.to_str().unwrap(), "--server", &prod.url],
        &[],
    ));
    assert_eq!(
        code, 0,
        "no secret needed when the credential is reused: {out}{stderr}"
    );
    assert!(
        out.contains("reuses the target's credential \"serviceAccount123\""),
        "{out}"
    );
    let posts = writes(prod);
    assert_eq!(posts.len(), 1);
    let prod_credential = prod
        .json("/api/v1/data-credentials/serviceAccount123?byCredentialName=true")["qID"]
        .clone();
    assert_eq!(
        posts[0]["body"]["connectionProperties"],
        json!({
            "bucketName": "shared-bucket",
            "region": "eu-west-1",
            "selectedCredentials": prod_credential,
            "separateCredentials": "true"
        })
    );
}

/// Ctrl-C during an apply: the create in flight finishes (its outcome is printed), the rest is
/// not sent and says so, and the status is 130.
#[test]
fn an_interrupted_apply_finishes_the_write_in_flight_and_records_the_rest_as_not_sent() {
    use std::io::{BufRead, BufReader};
    let tenants = DemoTenant::start_tenants(
        &["dev", "prod"],
        &["--faults", "POST /api/v1/data-connections=slow:1500"],
    );
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("finance.yaml");
    export_finance(dev, &file);
    let mut child = Command::new(common::QDC)
        .args(["apply", "-f", file.to_str().unwrap(), "--server", &prod.url])
        .env("QLIK_API_KEY", "demo")
        .envs(SECRETS.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // once the first create has reached the tenant (it answers 1.5 s later), press Ctrl-C
    let mut waited = 0;
    while prod
        .requests_to("POST", "/api/v1/data-connections")
        .is_empty()
    {
        assert!(waited < 300, "the first create never arrived");
        std::thread::sleep(std::time::Duration::from_millis(20));
        waited += 1;
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out: Vec<String> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .collect();
    let status = child.wait().unwrap();
    let out = out.join("\n");
    assert_eq!(status.code(), Some(130), "{out}");
    assert!(out.contains("created    S3_landing (Finance)"), "{out}");
    assert!(
        out.contains("not sent   sqlserver_sales (Finance) (interrupted)"),
        "{out}"
    );
    assert!(
        out.contains("1 created, 0 updated, 0 unchanged, 0 failed, 1 not sent"),
        "{out}"
    );
    assert_eq!(writes(prod).len(), 1, "only the create in flight");
}

// ---------------------------------------------------------------------------------------------
// the same round trip through the TUI's `P` ("copy to…"), in a pty

const WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The profiles `dev` and `prod` (`prod` read-only when asked) in a sandbox of their own.
fn two_profiles(dev: &DemoTenant, prod: &DemoTenant, prod_flags: &[&str]) -> common::Sandbox {
    let sb = common::Sandbox::new();
    sb.add_profile("dev", &dev.url, "demo", &[]);
    sb.add_profile("prod", &prod.url, "demo", prod_flags);
    sb
}

#[test]
fn tui_copy_to_another_tenant_plans_asks_for_secrets_applies_once_then_is_a_no_op() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let sb = two_profiles(dev, prod, &[]);
    let mut tui = sb.tui(&["--profile", "dev"], 110, 34);
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    // Space marks and moves down: both connections of Finance
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tui.send("P");
    let s = tui.wait_for("Copy 2 connections to…", WAIT);
    assert!(s.contains("dev (this tenant)"), "{s}");
    // the other tenant is preselected
    assert!(
        s.lines().any(|l| l.contains('▸') && l.contains("prod")),
        "{s}"
    );
    tui.send("\r");
    // prod's own spaces, Finance preselected (both connections are in it)
    let s = tui.wait_for("each into the space of its own name", WAIT);
    assert!(
        s.lines().any(|l| l.contains('▸') && l.contains("Finance")),
        "{s}"
    );
    prod.clear_requests();
    tui.send("\r");
    let s = tui.wait_for("2 to create · 0 to update · 0 unchanged", WAIT);
    assert!(s.contains("+ create    S3_landing (Finance)"), "{s}");
    assert!(s.contains("+ create    sqlserver_sales (Finance)"), "{s}");
    assert!(
        s.contains("gateway \"My Direct Access Gateway (in Azure)\""),
        "{s}"
    );
    assert!(s.contains("SQLSERVER_SALES_PASSWORD"), "{s}");
    // the header still says dev: the TUI did not switch
    assert!(s.contains(&format!("dev ({})", dev.host())), "{s}");
    assert!(writes(prod).is_empty(), "planning only reads");
    // Ctrl-S with the secrets missing sends nothing and says which
    tui.send("\x13");
    tui.wait_for("nothing was sent: S3_LANDING_ACCESS_KEY is not set", WAIT);
    assert!(writes(prod).is_empty());
    // the four secrets, in the order the form lists them (sorted), Tab between them
    tui.send("AK-s3cr3t\tSK-s3cr3t\tPW-s3cr3t\tsa-user");
    let s = tui.stable_screen(WAIT);
    assert!(!s.contains("s3cr3t"), "a secret is never drawn:\n{s}");
    tui.send("\x13");
    let s = tui.wait_for(
        "applied: 2 created · 0 updated · 0 unchanged · 0 failed",
        WAIT,
    );
    assert!(s.contains("→ created"), "{s}");
    let posts = writes(prod);
    assert_eq!(posts.len(), 2, "one POST per connection: {posts:#?}");
    let sql = posts
        .iter()
        .find(|r| r["body"]["qName"] == "sqlserver_sales")
        .expect("sqlserver_sales was created");
    let props = &sql["body"]["connectionProperties"];
    assert_eq!(props["password"], "PW-s3cr3t");
    assert_eq!(props["username"], "sa-user");
    let prod_gateway = &prod.json("/api/v1/data-sources/DG_mssql/gateways")["gateways"][0]["id"];
    assert_eq!(&props["gatewayInstance"], prod_gateway);
    let prod_finance = prod.json("/api/v1/spaces?limit=100")["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Finance")
        .unwrap()["id"]
        .clone();
    assert_eq!(sql["body"]["space"], prod_finance);
    // Ctrl-S again: the plan was applied, nothing goes out twice
    prod.clear_requests();
    tui.send("\x13");
    tui.stable_screen(WAIT);
    assert!(writes(prod).is_empty());
    // r plans again: both are unchanged now, and applying that writes nothing
    tui.send("r");
    tui.wait_for("0 to create · 0 to update · 2 unchanged", WAIT);
    tui.send("\x13");
    tui.wait_for(
        "applied: 0 created · 0 updated · 2 unchanged · 0 failed",
        WAIT,
    );
    assert!(writes(prod).is_empty(), "re-applying is a no-op");
    assert!(writes(dev).is_empty(), "the source is only read");
    tui.send("\x1b");
    tui.wait_gone("Copy 2 connections to…", WAIT);
}

#[test]
fn tui_copy_to_a_read_only_profile_is_refused_before_anything_is_planned() {
    let tenants = DemoTenant::start_tenants(&["dev", "prod"], &[]);
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let sb = two_profiles(dev, prod, &["--read-only"]);
    let mut tui = sb.tui(&["--profile", "dev"], 110, 30);
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    tui.wait_selected("sqlserver_sales", WAIT);
    tui.send("P");
    tui.wait_for("Copy sqlserver_sales to…", WAIT);
    prod.clear_requests();
    tui.send("\r");
    tui.wait_for("prod is read-only", WAIT);
    let asked: Vec<Value> = prod
        .requests()
        .into_iter()
        .filter(|r| r["path"] != "/api/v1/spaces")
        .collect();
    assert!(asked.is_empty(), "only its spaces were listed: {asked:#?}");
}

/// In the TUI on dev: both Finance connections marked, `P`, prod, Finance, the four secrets
/// typed, Ctrl-S; returns the screen once every result is in.
fn copy_finance_in_the_tui(tui: &mut common::Tui) -> String {
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    tui.send("  ");
    tui.wait_for("2 marked", WAIT);
    tui.send("P");
    tui.wait_for("Copy 2 connections to…", WAIT);
    tui.send("\r");
    tui.wait_for("each into the space of its own name", WAIT);
    tui.send("\r");
    tui.wait_for("2 to create", WAIT);
    tui.send("AK\tSK\tPW\tsa\x13");
    tui.wait_for("applied: ", WAIT)
}

#[test]
fn tui_copy_looks_a_lost_answer_up_instead_of_sending_it_again() {
    let tenants = DemoTenant::start_tenants(
        &["dev", "prod"],
        &["--faults", "POST /api/v1/data-connections=reset-afterx1"],
    );
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let sb = two_profiles(dev, prod, &[]);
    let mut tui = sb.tui(&["--profile", "dev"], 110, 34);
    let s = copy_finance_in_the_tui(&mut tui);
    assert!(
        s.contains("applied: 2 created · 0 updated · 0 unchanged · 0 failed"),
        "{s}"
    );
    assert!(
        s.contains("(the answer was lost; found by name, not sent"),
        "{s}"
    );
    let posts = writes(prod);
    assert_eq!(posts.len(), 2, "each create sent once: {posts:#?}");
}

#[test]
fn tui_copy_records_a_failure_mid_way_and_a_new_plan_creates_only_what_is_missing() {
    let tenants = DemoTenant::start_tenants(
        &["dev", "prod"],
        &["--faults", "POST /api/v1/data-connections=500x1"],
    );
    let (dev, prod) = (&tenants[0], &tenants[1]);
    let sb = two_profiles(dev, prod, &[]);
    let mut tui = sb.tui(&["--profile", "dev"], 110, 34);
    let s = copy_finance_in_the_tui(&mut tui);
    assert!(
        s.contains("applied: 1 created · 0 updated · 0 unchanged · 1 failed"),
        "{s}"
    );
    assert!(s.contains("→ FAILED: 500"), "{s}");
    tui.send("r");
    let s = tui.wait_for("1 to create · 0 to update · 1 unchanged", WAIT);
    assert!(s.contains("+ create    S3_landing (Finance)"), "{s}");
    // the secrets typed before are kept for the new plan
    prod.clear_requests();
    tui.send("\x13");
    tui.wait_for(
        "applied: 1 created · 0 updated · 1 unchanged · 0 failed",
        WAIT,
    );
    let posts = writes(prod);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert_eq!(posts[0]["body"]["qName"], "S3_landing");
    assert_eq!(
        posts[0]["body"]["connectionProperties"]["secretKey"], "SK",
        "the kept secret"
    );
}
