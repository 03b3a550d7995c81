//! `qdc profile ...` through the real binary, in a sandboxed HOME, with the test-only
//! file-backed secret store (`QDC_KEYRING=mock-file:PATH`) kept outside that HOME so a scan of
//! HOME shows whether a secret leaked into any file qdc writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const KEY: &str = "eyJhbGciOiJFUzM4NCJ9.unique-test-key-7f3a9c.sig";

struct Sandbox {
    home: tempfile::TempDir,
    keyring: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox {
            home: tempfile::tempdir().unwrap(),
            keyring: tempfile::tempdir().unwrap(),
        }
    }

    fn config_dir(&self) -> PathBuf {
        self.home.path().join("qdc-config")
    }

    fn config_file(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    fn store_file(&self) -> PathBuf {
        self.keyring.path().join("secrets.json")
    }

    fn qdc(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_qdc"));
        command
            .args(args)
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("QDC_CONFIG_DIR", self.config_dir())
            .env(
                "QDC_KEYRING",
                format!("mock-file:{}", self.store_file().display()),
            )
            .env("QLIK_CLI_USER_HOME_DIR", self.home.path().join(".qlik"))
            .env_remove("QLIK_API_KEY")
            .env_remove("QLIK_CLIENT_ID")
            .env_remove("QLIK_CLIENT_SECRET")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(text) = stdin {
            // qdc may exit before reading (bad arguments): a broken pipe is not the test's
            // business, the exit code is.
            let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
        }
        child.wait_with_output().unwrap()
    }

    /// Every file under HOME that contains `needle`.
    fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        scan(self.home.path(), needle.as_bytes(), &mut found);
        found
    }
}

fn scan(dir: &Path, needle: &[u8], found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(&path, needle, found);
        } else if std::fs::read(&path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
        {
            found.push(path);
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

#[test]
fn add_list_use_remove_keeps_the_key_out_of_every_file() {
    let sb = Sandbox::new();
    let add = sb.qdc(
        &[
            "profile",
            "add",
            "local dev",
            "--server",
            "http://127.0.0.1:8787",
            "--description",
            "the demo tenant",
        ],
        Some(&format!("{KEY}\n")),
    );
    assert_exit(&add, 0);
    assert!(text(&add.stdout).contains("Added profile \"local dev\""));
    assert!(sb.config_file().is_file());
    assert!(
        sb.files_containing(KEY).is_empty(),
        "{:?}",
        sb.files_containing(KEY)
    );
    assert!(
        std::fs::read_to_string(sb.store_file())
            .unwrap()
            .contains(KEY),
        "the key went to the secret store"
    );

    let add2 = sb.qdc(
        &[
            "profile",
            "add",
            "bot",
            "--server",
            "https://acme.eu.qlikcloud.com",
            "--auth",
            "oauth-client-credentials",
            "--client-id",
            "qdc-demo-client",
            "--read-only",
        ],
        Some("client-secret-b2\n"),
    );
    assert_exit(&add2, 0);

    let list = sb.qdc(&["profile", "list"], None);
    assert_exit(&list, 0);
    let listed = text(&list.stdout);
    assert!(listed.contains("* local dev"), "{listed}");
    assert!(listed.contains("http://127.0.0.1:8787"), "{listed}");
    assert!(listed.contains("api-key"), "{listed}");
    assert!(listed.contains("oauth-client-credentials"), "{listed}");
    assert!(listed.contains("read-only"), "{listed}");
    assert!(!listed.contains(KEY) && !listed.contains("client-secret-b2"));

    let use_ = sb.qdc(&["profile", "use", "bot"], None);
    assert_exit(&use_, 0);
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(config.contains("default_profile = \"bot\""), "{config}");
    assert!(!config.contains(KEY) && !config.contains("client-secret-b2"));
    assert!(text(&sb.qdc(&["profile", "list"], None).stdout).contains("* bot"));

    let remove = sb.qdc(&["profile", "remove", "local dev"], None);
    assert_exit(&remove, 0);
    assert!(text(&remove.stdout).contains("keyring entry"));
    let store = std::fs::read_to_string(sb.store_file()).unwrap();
    assert!(!store.contains(KEY), "the keyring entry is gone");
    assert!(
        store.contains("client-secret-b2"),
        "the other profile's stays"
    );
    assert!(!text(&sb.qdc(&["profile", "list"], None).stdout).contains("local dev"));
    assert!(sb.files_containing(KEY).is_empty());
    assert!(sb.files_containing("client-secret-b2").is_empty());
}

#[test]
fn add_refuses_bad_input_with_exit_code_2() {
    let sb = Sandbox::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "profile",
                "add",
                "a/b",
                "--server",
                "https://a.eu.qlikcloud.com",
            ],
            "only letters, digits, spaces and _ . + -",
        ),
        (
            &[
                "profile",
                "add",
                "p",
                "--server",
                "http://acme.eu.qlikcloud.com",
            ],
            "plain http is only allowed for loopback",
        ),
        (&["profile", "add", "p", "--server", "acme eu"], "server"),
        (
            &[
                "profile",
                "add",
                "p",
                "--server",
                "https://a.eu.qlikcloud.com",
                "--auth",
                "oauth-client-credentials",
            ],
            "needs client_id",
        ),
    ];
    for (args, expect) in cases {
        let out = sb.qdc(args, Some("k\n"));
        assert_exit(&out, 2);
        assert!(
            text(&out.stderr).contains(expect),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let long = "n".repeat(256);
    let out = sb.qdc(
        &[
            "profile",
            "add",
            &long,
            "--server",
            "https://a.eu.qlikcloud.com",
        ],
        Some("k\n"),
    );
    assert_exit(&out, 2);
    assert!(text(&out.stderr).contains("at most 255 characters"));

    let no_key = sb.qdc(
        &[
            "profile",
            "add",
            "p",
            "--server",
            "https://a.eu.qlikcloud.com",
        ],
        None,
    );
    assert_exit(&no_key, 2);
    assert!(text(&no_key.stderr).contains("no API key given"));
    assert!(!sb.config_file().exists(), "nothing saved after a refusal");

    assert_exit(
        &sb.qdc(
            &[
                "profile",
                "add",
                "p",
                "--server",
                "https://a.eu.qlikcloud.com",
            ],
            Some("k\n"),
        ),
        0,
    );
    let again = sb.qdc(
        &[
            "profile",
            "add",
            "p",
            "--server",
            "https://b.eu.qlikcloud.com",
        ],
        Some("k2\n"),
    );
    assert_exit(&again, 2);
    assert!(text(&again.stderr).contains("already exists"));

    let unknown = sb.qdc(&["profile", "remove", "nope"], None);
    assert_exit(&unknown, 2);
    assert!(text(&unknown.stderr).contains("no profile named \"nope\" (profiles: p)"));
    assert_exit(&sb.qdc(&["profile", "use", "nope"], None), 2);
}

#[test]
fn a_secret_in_the_config_file_is_refused_with_a_way_out() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_file(),
        "[profiles.p]\nserver = \"https://a.eu.qlikcloud.com\"\ntoken = \"abc\"\n",
    )
    .unwrap();
    let out = sb.qdc(&["profile", "list"], None);
    assert_exit(&out, 2);
    let err = text(&out.stderr);
    assert!(err.contains("line 3, column 1"), "{err}");
    assert!(
        err.contains("qdc profile add") && err.contains("QLIK_API_KEY"),
        "{err}"
    );
}

impl Sandbox {
    /// qlik-cli's contexts file in this sandbox's `~/.qlik`, copied from a fixture.
    fn qlik_cli_contexts(&self, fixture: &str) {
        let qlik = self.home.path().join(".qlik");
        std::fs::create_dir_all(&qlik).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/qlik-cli")
                .join(fixture),
            qlik.join("contexts.yml"),
        )
        .unwrap();
    }
}

/// What the fixture's contexts become, as the summary says it (dry run and real run alike).
fn assert_fixture_summary(said: &str) {
    for line in [
        "\"acme-eu\" https://acme.eu.qlikcloud.com (api-key)",
        "\"staging us\" https://acme-staging.us.qlikcloud.com (api-key)",
        "\"me-cloud\" (from context \"me@cloud\") https://me.eu.qlikcloud.com (api-key)",
        "\"ci-m2m\" https://acme.eu.qlikcloud.com (oauth-client-credentials)",
        "skipped \"on-prem\": server type \"Windows\" is not Qlik Cloud",
        "skipped \"no-key\": no API key",
        "skipped \"interactive\": an OAuth client without a secret",
        "skipped \"odd-headers\": qdc cannot read this context",
        "skipped \"existing\": a profile named \"existing\" already exists",
    ] {
        assert!(said.contains(line), "{line:?} missing from:\n{said}");
    }
}

#[test]
fn import_qlik_cli_dry_run_prints_the_plan_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.qlik_cli_contexts("contexts.yml");
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_file(),
        "[profiles.existing]\nserver = \"https://x.eu.qlikcloud.com\"\n",
    )
    .unwrap();
    let out = sb.qdc(&["profile", "import-qlik-cli", "--dry-run"], None);
    assert_exit(&out, 0);
    let said = text(&out.stdout);
    assert_fixture_summary(&said);
    assert!(said.contains("--dry-run: nothing is written"), "{said}");
    assert!(
        said.contains("\"me-cloud\" becomes the default profile"),
        "{said}"
    );
    assert!(said.contains("4 would be imported, 5 skipped."), "{said}");
    assert!(!sb.store_file().exists(), "no secret stored by a dry run");
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(!config.contains("acme"), "{config}");
}

#[test]
fn import_qlik_cli_takes_api_key_and_oauth_contexts_derives_names_and_says_what_it_skipped() {
    let sb = Sandbox::new();
    sb.qlik_cli_contexts("contexts.yml");
    // a profile the user already has, without a default: qlik-cli's current context becomes it
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(
        sb.config_file(),
        "[profiles.existing]\nserver = \"https://x.eu.qlikcloud.com\"\n",
    )
    .unwrap();
    std::fs::write(sb.store_file(), r#"{"existing":"keep-me"}"#).unwrap();
    let out = sb.qdc(&["profile", "import-qlik-cli", "--read-only"], None);
    assert_exit(&out, 0);
    let said = text(&out.stdout);
    assert_fixture_summary(&said);
    assert!(said.contains("default profile: \"me-cloud\""), "{said}");
    assert!(said.contains("4 imported, 5 skipped"), "{said}");

    let store = std::fs::read_to_string(sb.store_file()).unwrap();
    for secret in [
        "eyJhbGciOiJFUzM4NCJ9.acme-eu-key.sig",
        "eyJstaging.us.key",
        "eyJme-at-cloud.key",
        "m2m-client-secret-9d8e",
        "keep-me",
    ] {
        assert!(store.contains(secret), "{secret} not in the store: {store}");
    }
    assert!(!store.contains("eyJonprem.key"));
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(config.contains("[profiles.me-cloud]"), "{config}");
    assert!(
        config.contains("client_id = \"0123abcd4567ef\""),
        "{config}"
    );
    assert!(
        config.contains("default_profile = \"me-cloud\""),
        "{config}"
    );
    assert!(
        config.contains("Production, Frankfurt"),
        "the comment becomes the description"
    );
    assert_eq!(config.matches("read_only = true").count(), 4, "{config}");
    assert!(!config.contains("acme-eu-key") && !config.contains("m2m-client-secret"));
    assert_exit(&sb.qdc(&["profile", "list"], None), 0);

    // a second import finds them all there and imports nothing
    let again = sb.qdc(&["profile", "import-qlik-cli"], None);
    assert_exit(&again, 0);
    let said = text(&again.stdout);
    assert!(
        said.contains("skipped \"me@cloud\": a profile named \"me-cloud\" already exists"),
        "{said}"
    );
    assert!(said.contains("0 imported, 9 skipped"), "{said}");
}

#[test]
fn a_broken_contexts_file_is_a_config_error_with_its_line_and_nothing_changes() {
    let sb = Sandbox::new();
    sb.qlik_cli_contexts("broken-contexts.yml");
    let out = sb.qdc(&["profile", "import-qlik-cli"], None);
    assert_exit(&out, 2);
    let err = text(&out.stderr);
    assert!(
        err.contains("contexts.yml") && err.contains("line"),
        "{err}"
    );
    assert!(!sb.config_file().exists());
    let none = Sandbox::new();
    let out = none.qdc(&["profile", "import-qlik-cli"], None);
    assert_exit(&out, 2);
    assert!(text(&out.stderr).contains("no qlik-cli contexts at"));
}

#[test]
fn a_bare_host_is_accepted_by_profile_add_as_by_the_import() {
    let sb = Sandbox::new();
    let out = sb.qdc(
        &[
            "profile",
            "add",
            "bare",
            "--server",
            "acme.eu.qlikcloud.com",
            "--read-only",
        ],
        Some("k3y\n"),
    );
    assert_exit(&out, 0);
    let config = std::fs::read_to_string(sb.config_file()).unwrap();
    assert!(
        config.contains("server = \"https://acme.eu.qlikcloud.com\""),
        "{config}"
    );
    assert!(config.contains("read_only = true"), "{config}");
}

#[test]
fn completions_for_each_shell_and_a_man_page_and_help_names_the_exit_statuses_and_the_log() {
    let sb = Sandbox::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef qdc"),
        ("fish", "complete -c qdc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = sb.qdc(&["completions", shell], None);
        assert_exit(&out, 0);
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("import-qlik-cli"),
            "{shell} completes subcommands"
        );
        assert!(script.contains("read-only"), "{shell} completes flags");
    }
    let man = sb.qdc(&["man"], None);
    assert_exit(&man, 0);
    let page = text(&man.stdout);
    assert!(page.contains(".TH qdc 1"), "{page}");
    assert!(page.contains("Exit status"), "{page}");

    let help = sb.qdc(&["--help"], None);
    assert_exit(&help, 0);
    let said = text(&help.stdout);
    assert!(said.contains("--read-only"), "{said}");
    assert!(said.contains("130 interrupted"), "{said}");
    assert!(
        said.contains("Log file: ") && said.contains("qdc.log"),
        "{said}"
    );
    assert_exit(&sb.qdc(&["--no-such-flag"], None), 2);
    assert_exit(&sb.qdc(&["completions", "tcsh"], None), 2);
}

/// `qdc completions bash | head -1`: a reader that closed the pipe early ends the write, not
/// qdc in a panic (clap_complete panics on a failed write of its own).
#[test]
fn completions_and_the_man_page_into_a_closed_pipe_fail_plainly() {
    for args in [&["completions", "bash"][..], &["man"]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_qdc"))
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("qdc runs");
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(said.contains("Broken pipe"), "{args:?}: {said}");
    }
}

// ---- resolving a profile into a working client, against the demo tenant ----

use clap::Parser;
use qdc::config::{resolve_with, AuthKind, ConfigError, Env, FileStore, MemoryStore, SecretStore};
use qdc::demo::{DemoOptions, DemoServer};

impl Sandbox {
    /// The environment `resolve_with` sees: this sandbox's config dir, nothing else.
    fn env(&self) -> Env {
        Env {
            config_dir: Some(self.config_dir().into_os_string()),
            home: Some(self.home.path().as_os_str().to_owned()),
            ..Env::default()
        }
    }

    fn store(&self) -> FileStore {
        FileStore::new(self.store_file())
    }
}

fn cli(args: &[&str]) -> qdc::cli::Cli {
    qdc::cli::Cli::parse_from(std::iter::once("qdc").chain(args.iter().copied()))
}

async fn demo() -> DemoServer {
    DemoServer::start("127.0.0.1:0".parse().unwrap(), DemoOptions::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_api_key_profile_added_by_the_binary_calls_me_on_the_demo_tenant() {
    let tenant = demo().await;
    let sb = Sandbox::new();
    let server = tenant.base_url();
    assert_exit(
        &sb.qdc(
            &["profile", "add", "local", "--server", &server],
            Some("demo\n"),
        ),
        0,
    );
    let resolved = resolve_with(&cli(&[]), &sb.store(), &sb.env()).unwrap();
    assert_eq!(resolved.profile_name.as_deref(), Some("local"));
    assert_eq!(resolved.auth_kind, AuthKind::ApiKey);
    assert!(!resolved.read_only);
    let me = resolved.client().unwrap().me().await.unwrap();
    assert!(!me.id.is_empty());

    // --read-only (and its old spelling --readonly) forces read-only; --profile picks by name
    for flag in ["--read-only", "--readonly"] {
        let forced =
            resolve_with(&cli(&["--profile", "local", flag]), &sb.store(), &sb.env()).unwrap();
        assert!(forced.read_only, "{flag}");
    }

    // QLIK_API_KEY overrides the keyring (here: a wrong stored key)
    sb.store().set("local", "wrong").unwrap();
    assert!(resolve_with(&cli(&[]), &sb.store(), &sb.env())
        .unwrap()
        .client()
        .unwrap()
        .me()
        .await
        .is_err());
    let env = Env {
        api_key: Some("demo".into()),
        ..sb.env()
    };
    let overridden = resolve_with(&cli(&[]), &sb.store(), &env).unwrap();
    overridden.client().unwrap().me().await.unwrap();
    tenant.shutdown().await;
}

#[tokio::test]
async fn an_oauth_profile_gets_a_token_from_the_demo_tenant() {
    let tenant = demo().await;
    let sb = Sandbox::new();
    let server = tenant.base_url();
    assert_exit(
        &sb.qdc(
            &[
                "profile",
                "add",
                "bot",
                "--server",
                &server,
                "--auth",
                "oauth-client-credentials",
                "--client-id",
                "qdc-demo-client",
            ],
            Some("qdc-demo-secret\n"),
        ),
        0,
    );
    let resolved = resolve_with(&cli(&["--profile", "bot"]), &sb.store(), &sb.env()).unwrap();
    assert_eq!(resolved.auth_kind, AuthKind::OauthClientCredentials);
    resolved.client().unwrap().me().await.unwrap();
    let requests = tenant.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "POST" && r.path == "/oauth/token" && r.status == 200),
        "{requests:?}"
    );
    assert!(sb.files_containing("qdc-demo-secret").is_empty());
    tenant.shutdown().await;
}

#[tokio::test]
async fn server_flag_with_qlik_api_key_needs_no_config() {
    let tenant = demo().await;
    let sb = Sandbox::new();
    let server = tenant.base_url();
    let env = Env {
        api_key: Some("demo".into()),
        ..sb.env()
    };
    let resolved = resolve_with(&cli(&["--server", &server]), &MemoryStore::new(), &env).unwrap();
    assert_eq!(resolved.profile_name, None);
    resolved.client().unwrap().me().await.unwrap();

    let err =
        resolve_with(&cli(&["--server", &server]), &MemoryStore::new(), &sb.env()).unwrap_err();
    assert_eq!(err, ConfigError::ServerWithoutSecret);
    let err = resolve_with(
        &cli(&["--server", "http://example.com"]),
        &MemoryStore::new(),
        &env,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("plain http is only allowed for loopback"),
        "{err}"
    );
    tenant.shutdown().await;
}

#[test]
fn nothing_configured_is_no_config_so_the_tui_can_offer_the_demo() {
    let sb = Sandbox::new();
    let err = resolve_with(&cli(&[]), &MemoryStore::new(), &sb.env()).unwrap_err();
    assert!(matches!(err, ConfigError::NoConfig { .. }), "{err}");
    assert!(err.to_string().contains("qdc --demo"));

    assert_exit(
        &sb.qdc(
            &[
                "profile",
                "add",
                "a",
                "--server",
                "https://a.eu.qlikcloud.com",
            ],
            Some("k\n"),
        ),
        0,
    );
    // a profile whose secret is nowhere
    let err = resolve_with(&cli(&[]), &MemoryStore::new(), &sb.env()).unwrap_err();
    assert!(matches!(err, ConfigError::MissingSecret { .. }), "{err}");
    assert!(err.to_string().contains("QLIK_API_KEY"), "{err}");
    let err =
        resolve_with(&cli(&["--profile", "zzz"]), &MemoryStore::new(), &sb.env()).unwrap_err();
    assert_eq!(err.to_string(), "no profile named \"zzz\" (profiles: a)");
    // a store that does not work says so and points at the environment variable
    let broken = qdc::config::UnavailableStore(qdc::config::SecretError::Unavailable {
        store: "kernel keyutils".into(),
        message: "permission denied".into(),
    });
    let err = resolve_with(&cli(&[]), &broken, &sb.env()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("no usable OS keyring") && message.contains("QLIK_API_KEY"),
        "{message}"
    );
}
