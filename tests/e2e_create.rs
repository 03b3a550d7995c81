//! Every create flow of the seeds, typed as a person would into the real `qdc` binary in a pty
//! against `qdc demo-server`; the exact JSON bodies the demo tenant received are compared with
//! the seeds' requests (with the concrete values typed here).

mod common;

use std::time::Duration;

use common::Screen;
use common::{DemoTenant, Tui};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);
const FINANCE: &str = "65cf6b6c51618b6abd5848d1";
const CREATE: &str = "/api/v1/data-connections";
const DCAAS: &str = "/api/v1/dcaas/actions/data-connections";
const TAB: &str = "\t";
const CTRL_S: &str = "\x13";

fn get(url: &str) -> String {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        reqwest::Client::new()
            .get(url)
            .bearer_auth("demo")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    })
}

/// What the demo tenant received: `(method, path, body, status, response)` per request.
fn requests(tenant: &DemoTenant) -> Vec<Value> {
    serde_json::from_str(&get(&format!("{}/_demo/requests", tenant.url))).unwrap()
}

/// The bodies of the POSTs to `path`, in order.
fn posts(tenant: &DemoTenant, path: &str) -> Vec<Value> {
    requests(tenant)
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"] == path)
        .collect()
}

fn tui(tenant: &DemoTenant) -> Tui {
    Tui::on(tenant, 100, 32)
}

/// From Connections, `c`, pick the source by its id, and wait for the form.
fn open_form(tui: &mut Tui, source_id: &str, first_field: &str) {
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    tui.wait_for("Connections", WAIT);
    tui.send("c");
    tui.wait_for("Create a connection to", WAIT);
    tui.send(&format!("({source_id})"));
    tui.wait_for(&format!("({source_id})"), WAIT);
    tui.send("\r");
    tui.wait_for(first_field, WAIT);
}

/// Types the name, then picks the Finance space.
fn name_and_space(tui: &mut Tui, name: &str) {
    tui.send(name);
    tui.send(TAB);
    tui.send("\r");
    tui.wait_for("type to filter", WAIT);
    tui.send("Finance");
    tui.send("\r");
    tui.wait_for("Finance ▾", WAIT);
}

fn pick(tui: &mut Tui, filter: &str, shown: &str) {
    tui.send("\r");
    tui.wait_for("type to filter", WAIT);
    tui.send(filter);
    tui.send("\r");
    tui.wait_for(shown, WAIT);
}

fn created(tui: &Tui) -> String {
    tui.wait_for("Connection created", WAIT)
}

#[test]
fn a_standard_create_sends_the_seeds_s3_v2_request() {
    let tenant = DemoTenant::start(0);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "File_AmazonS3ConnectorV2", "Bucket name");
    name_and_space(&mut tui, "s3-e2e");
    // region (us-east-1 preselected), bucket, SSE header (left empty), access key, secret key
    tui.send(&format!(
        "{TAB}{TAB}bucket-name{TAB}{TAB}AKIAE2E{TAB}secret/e2e+key"
    ));
    tui.send(CTRL_S);
    let screen = created(&tui);
    assert!(screen.contains("s3-e2e"), "{screen}");
    let sent = posts(&tenant, CREATE);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["body"],
        json!({
            "dataSourceId": "File_AmazonS3ConnectorV2",
            "qName": "s3-e2e",
            "space": FINANCE,
            "connectionProperties": {
                "accessKey": "AKIAE2E",
                "secretKey": "secret/e2e+key",
                "region": "us-east-1",
                "bucketName": "bucket-name"
            }
        })
    );
    // the new connection is listed and selected without a reload
    tui.send("\x1b");
    let s = tui.wait_selected("s3-e2e", WAIT);
    assert!(s.contains("s3-e2e"), "{s}");
    let lists = requests(&tenant)
        .into_iter()
        .filter(|r| r["method"] == "GET" && r["path"] == CREATE)
        .count();
    assert_eq!(lists, 1, "one listing of connections, no reload");
}

#[test]
fn b_a_gateway_create_sends_gateway_instance() {
    let tenant = DemoTenant::start(0);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "DG_mssql", "Database");
    tui.wait_for("My Direct Access Gateway (in Azure) (default)", WAIT);
    name_and_space(&mut tui, "mssql-e2e");
    // what the form shows is what is sent: the port shows its default, 1433, and is not typed
    let screen = tui.wait_for("1433", WAIT);
    assert!(
        !screen.contains("1433 (default)"),
        "a shown default is a value: {screen}"
    );
    // gateway (default), host, port (left as shown), database, username, password, then the
    // two integer defaults the seed does not send are cleared (Ctrl-U)
    tui.send(&format!(
        "{TAB}{TAB}sql.corp.example{TAB}{TAB}sales{TAB}sa-reader{TAB}p@ss w0rd{TAB}\x15{TAB}\x15"
    ));
    tui.send(CTRL_S);
    created(&tui);
    let sent = posts(&tenant, CREATE);
    // seed 000's body, key order and value types included (`"port": "1433"`, a string)
    assert_eq!(
        sent[0]["body"].to_string(),
        json!({
            "dataSourceId": "DG_mssql",
            "qName": "mssql-e2e",
            "space": FINANCE,
            "connectionProperties": {
                "gatewayInstance": "Rm5Qk-KThkESl5ajnVxuiXZAczfSHo7h::dL1IyMf6DGSp3FV1NmrPJ7eAEA0qd-YR",
                "host": "sql.corp.example",
                "port": "1433",
                "database": "sales",
                "username": "sa-reader",
                "password": "p@ss w0rd"
            }
        })
        .to_string()
    );
}

#[test]
fn c_separated_credentials_with_a_new_name() {
    let tenant = DemoTenant::start(0);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "File_AmazonS3Connector", "Bucket name");
    name_and_space(&mut tui, "s3-separated");
    tui.send(&format!(
        "{TAB}{TAB}my-bucket{TAB}AKIANEW{TAB}new-secret{TAB}"
    ));
    pick(&mut tui, "new", "separated, new credentials");
    tui.send(&format!("{TAB}svcAccountE2E"));
    tui.send(CTRL_S);
    created(&tui);
    assert_eq!(
        posts(&tenant, CREATE)[0]["body"],
        json!({
            "dataSourceId": "File_AmazonS3Connector",
            "qName": "s3-separated",
            "space": FINANCE,
            "connectionProperties": {
                "accessKey": "AKIANEW",
                "secretKey": "new-secret",
                "separateCredentials": "true",
                "credentialsName": "svcAccountE2E",
                "region": "us-east-1",
                "bucketName": "my-bucket"
            }
        })
    );
}

#[test]
fn d_reusing_separated_credentials_found_by_name() {
    let tenant = DemoTenant::start(0);
    let found: Value = serde_json::from_str(&get(&format!(
        "{}/api/v1/data-credentials/serviceAccount123?byCredentialName=true",
        tenant.url
    )))
    .unwrap();
    let id = found["qID"].as_str().unwrap().to_string();
    let mut tui = tui(&tenant);
    open_form(&mut tui, "File_AmazonS3Connector", "Bucket name");
    name_and_space(&mut tui, "s3-reused");
    tui.send(&format!("{TAB}{TAB}my-bucket{TAB}{TAB}{TAB}"));
    pick(&mut tui, "reuse", "reuse existing credentials");
    // a name nobody uses shows the tenant's 404, then the right one its id
    tui.send(&format!("{TAB}nobody"));
    let s = tui.wait_for_stable("not found", WAIT);
    assert!(!s.contains("found: id"), "{s}");
    for _ in 0..6 {
        tui.send("\x7f");
    }
    tui.send("serviceAccount123");
    let s = tui.wait_for("found: id", WAIT);
    assert!(s.contains(&id), "{s}");
    assert!(
        !s.contains("Access key"),
        "credential fields are hidden: {s}"
    );
    tui.send(CTRL_S);
    created(&tui);
    assert_eq!(
        posts(&tenant, CREATE)[0]["body"],
        json!({
            "dataSourceId": "File_AmazonS3Connector",
            "qName": "s3-reused",
            "space": FINANCE,
            "connectionProperties": {
                "region": "us-east-1",
                "bucketName": "my-bucket",
                "separateCredentials": "true",
                "selectedCredentials": id
            }
        })
    );
}

/// The one-time code the consent page at `url` shows.
fn consent_code(url: &str) -> String {
    let html = get(url);
    let start = html
        .find("<code id=\"auth-code\">")
        .expect("the code element")
        + "<code id=\"auth-code\">".len();
    let end = start + html[start..].find("</code>").unwrap();
    html[start..end].to_string()
}

fn paste(tui: &mut Tui, text: &str) {
    tui.send(&format!("\x1b[200~{text}\x1b[201~"));
}

#[test]
fn e_interactive_oauth_two_steps_with_a_wrong_code_first() {
    let tenant = DemoTenant::start(0);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "gbq", "Catalog");
    name_and_space(&mut tui, "gbq-e2e");
    // OAuth mechanism (1, interactive, preselected), catalog
    tui.send(&format!("{TAB}{TAB}gbq-example-catalog"));
    tui.send(CTRL_S);
    tui.wait_for("Code:", WAIT);
    let asked = posts(&tenant, DCAAS);
    assert_eq!(asked.len(), 1);
    let url = asked[0]["response"]["authUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let screen = tui.screen();
    assert!(
        screen.contains(&url[..60]),
        "the URL is on screen, unwrapped:\n{screen}"
    );

    paste(&mut tui, "4/not-a-code");
    tui.send("\r");
    tui.wait_for("invalid or has already been used", WAIT);

    let code = consent_code(&url);
    paste(&mut tui, &code);
    tui.send("\r");
    let s = created(&tui);
    assert!(s.contains("gbq-e2e"), "{s}");

    let sent = posts(&tenant, DCAAS);
    assert_eq!(
        sent.len(),
        3,
        "ask for the URL, the wrong code, the right code"
    );
    assert_eq!(
        sent[0]["body"],
        json!({
            "dataSourceId": "gbq",
            "connectionName": "gbq-e2e",
            "spaceId": FINANCE,
            "authUrlOnly": "true",
            "connectionProperties": {
                "OAuthMechanism": "1",
                "Catalog": "gbq-example-catalog",
                "authCode": ""
            }
        })
    );
    assert_eq!(
        sent[2]["body"],
        json!({
            "dataSourceId": "gbq",
            "connectionName": "gbq-e2e",
            "spaceId": FINANCE,
            "connectionProperties": {
                "OAuthMechanism": "1",
                "Catalog": "gbq-example-catalog",
                "authCode": code
            }
        })
    );
    assert!(posts(&tenant, CREATE).is_empty());
}

/// A Dropbox (OAuth) connection named `name` sent from the form: qdc shows the auth URL and
/// waits for the code. The URL is the one the tenant answered.
fn waiting_for_the_code(tenant: &DemoTenant, name: &str) -> (Tui, String) {
    let mut tui = tui(tenant);
    open_form(&mut tui, "File_DropboxConnector", "Connection name");
    tui.send(name);
    tui.send(CTRL_S);
    tui.wait_for("Code:", WAIT);
    let url = posts(tenant, DCAAS)[0]["response"]["authUrl"]
        .as_str()
        .unwrap()
        .to_string();
    (tui, url)
}

#[test]
fn quitting_with_a_pending_auth_url_prints_it_after_the_terminal_is_restored() {
    let tenant = DemoTenant::start(0);
    let (mut tui, url) = waiting_for_the_code(&tenant, "dropbox-e2e");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    let restored = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(
        raw[restored..].contains(&url),
        "the URL follows the restore: {:?}",
        &raw[restored..]
    );
}

#[test]
fn a_failed_create_keeps_the_form_and_a_second_submit_succeeds() {
    let tenant = DemoTenant::start_with(&["--faults", "POST /api/v1/data-connections=500x1"]);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "File_AmazonS3ConnectorV2", "Bucket name");
    name_and_space(&mut tui, "s3-retry");
    tui.send(&format!(
        "{TAB}{TAB}bucket-name{TAB}{TAB}AKIAE2E{TAB}secret"
    ));
    tui.send(CTRL_S);
    let s = tui.wait_for("500", WAIT);
    assert!(s.contains("s3-retry"), "the name is kept: {s}");
    assert!(s.contains("bucket-name"), "the bucket is kept: {s}");
    assert!(s.contains("Finance ▾"), "the space is kept: {s}");
    assert_eq!(posts(&tenant, CREATE).len(), 1, "exactly one POST");
    tui.send(CTRL_S);
    created(&tui);
    let sent = posts(&tenant, CREATE);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["body"], sent[1]["body"]);
    assert_eq!(
        sent[1]["body"]["connectionProperties"]["secretKey"],
        "secret"
    );
}

#[test]
fn edit_shows_the_diff_sends_the_smallest_patch_and_updates_the_row() {
    let tenant = DemoTenant::start(0);
    let mut tui = tui(&tenant);
    tui.wait_for("jane.analyst@corp.example", WAIT);
    tui.send("3");
    tui.wait_for("S3_landing", WAIT);
    tui.send("/S3_landing\r");
    tui.wait_for("Connections 1/", WAIT);

    // unchanged: nothing is sent
    tui.send("e");
    tui.wait_for("Edit connection", WAIT);
    tui.wait_for("bucket-name", WAIT);
    tui.send(CTRL_S);
    tui.wait_for("nothing changed", WAIT);

    // rename and change the bucket: the diff first, then the patch
    tui.send("-v2");
    tui.send(&format!("{TAB}{TAB}{TAB}{TAB}\x1b[F-archive"));
    tui.send(CTRL_S);
    let s = tui.wait_for("Save changes?", WAIT);
    assert!(s.contains("S3_landing → S3_landing-v2"), "{s}");
    assert!(s.contains("bucket-name → bucket-name-archive"), "{s}");
    tui.send("y");
    tui.wait_for("Connection saved", WAIT);
    let patches: Vec<Value> = requests(&tenant)
        .into_iter()
        .filter(|r| r["method"] == "PATCH")
        .collect();
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0]["body"],
        json!([
            {"op": "replace", "path": "/qName", "value": "S3_landing-v2"},
            {"op": "replace", "path": "/connectionProperties/bucketName", "value": "bucket-name-archive"}
        ])
    );
    tui.send("\x1b");
    tui.wait_for("S3_landing-v2", WAIT);
}

#[test]
fn a_create_whose_answer_was_lost_is_looked_up_before_it_is_sent_again() {
    let tenant =
        DemoTenant::start_with(&["--faults", "POST /api/v1/data-connections=reset-afterx1"]);
    let mut tui = tui(&tenant);
    open_form(&mut tui, "File_AmazonS3ConnectorV2", "Bucket name");
    name_and_space(&mut tui, "s3-lost");
    tui.send(&format!(
        "{TAB}{TAB}bucket-name{TAB}{TAB}AKIAE2E{TAB}secret"
    ));
    tui.send(CTRL_S);
    let s = tui.wait_for("may have created s3-lost", WAIT);
    assert!(s.contains("bucket-name"), "the form is kept: {s}");
    assert!(
        !s.contains("error sending request"),
        "no raw client text: {s}"
    );
    assert_eq!(posts(&tenant, CREATE).len(), 1);
    tui.send(CTRL_S);
    let s = created(&tui);
    assert!(s.contains("s3-lost"), "{s}");
    assert_eq!(
        posts(&tenant, CREATE).len(),
        1,
        "the retry found it: no second POST"
    );
    let looked_up = requests(&tenant)
        .into_iter()
        .any(|r| r["method"] == "GET" && r["path"] == format!("{CREATE}/s3-lost"));
    assert!(looked_up, "the name was looked up");
    tui.send("\x1b");
    let s = tui.wait_selected("s3-lost", WAIT);
    // listed once: rows are the left part of the boxed lines (the detail is at the right)
    let listed = s
        .lines()
        .filter(|l| l.starts_with('│'))
        .filter(|l| l.chars().take(50).collect::<String>().contains("s3-lost"))
        .count();
    assert_eq!(listed, 1, "{s}");
}

#[test]
fn ctrl_p_prints_the_auth_url_whole_outside_the_alternate_screen_and_enter_comes_back() {
    let tenant = DemoTenant::start(0);
    let (mut tui, url) = waiting_for_the_code(&tenant, "dropbox-print");
    tui.send("\x10");
    tui.wait_for("press Enter to return to qdc", WAIT);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(
        raw[left..].contains(&url),
        "the whole URL is printed on the plain screen: {:?}",
        &raw[left..]
    );
    tui.send("\r");
    // back in the popup, as it was
    let s = tui.wait_for("Code:", WAIT);
    assert!(s.contains("Authorize"), "{s}");
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.rfind("\x1b[?1049h").unwrap() > left, "re-entered");
}
