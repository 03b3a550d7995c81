//! The config file: a corpus of valid and invalid files, the example file, and a round trip.

use std::path::{Path, PathBuf};

use qdc::config::{AuthKind, ConfigError, ConfigFile, Profile};

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/configs")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// Every file under `tests/configs/valid` parses; every file under `tests/configs/invalid` is
/// refused with a message containing its first line's `# expect: ...` text (line and column
/// included where the fixture says so).
#[test]
fn config_corpus() {
    let mut problems = Vec::new();
    for path in corpus("valid") {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = ConfigFile::parse(&text, &path) {
            problems.push(format!("{}: refused: {e}", path.display()));
        }
    }
    for path in corpus("invalid") {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no `# expect:` first line", path.display()));
        match ConfigFile::parse(&text, &path) {
            Ok(_) => problems.push(format!("{}: accepted", path.display())),
            Err(e) => {
                let message = e.to_string();
                if !message.contains(expect) {
                    problems.push(format!(
                        "{}:\n   expected: {expect}\n   got:      {message}",
                        path.display()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_example_file_is_valid_and_documents_every_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = ConfigFile::parse(&text, &path).unwrap();
    assert!(!file.profiles.is_empty() && !file.keys.is_empty());
    for key in [
        "default_profile",
        "[keys]",
        "description",
        "server",
        "auth",
        "client_id",
        "read_only",
        "space",
        "page_size",
        "connect_timeout_secs",
        "request_timeout_secs",
    ] {
        assert!(
            text.contains(key),
            "config.example.toml does not mention {key}"
        );
    }
}

#[test]
fn round_trip_keeps_every_field() {
    let mut file = ConfigFile {
        default_profile: Some("prod EU".into()),
        ..ConfigFile::default()
    };
    file.keys.insert("quit".into(), "q".into());
    file.profiles.insert(
        "prod EU".into(),
        Profile {
            description: "Production \"EU\"\nsecond line".into(),
            server: "https://acme.eu.qlikcloud.com".into(),
            auth: AuthKind::ApiKey,
            client_id: None,
            read_only: true,
            space: Some("Finance".into()),
            page_size: Some(50),
            connect_timeout_secs: Some(3),
            request_timeout_secs: Some(30),
        },
    );
    file.profiles.insert(
        "bot+1".into(),
        Profile {
            server: "http://127.0.0.1:8787".into(),
            auth: AuthKind::OauthClientCredentials,
            client_id: Some("client".into()),
            ..Profile::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/config.toml");
    file.save(&path).unwrap();
    let loaded = ConfigFile::load(&path).unwrap().unwrap();
    assert_eq!(loaded, file);
    // atomic write leaves no temporary file behind
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("config.toml")]);
}

#[test]
fn missing_file_is_none_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        ConfigFile::load(&dir.path().join("none.toml")).unwrap(),
        None
    );
}

#[test]
fn a_secret_in_the_file_says_how_to_move_it() {
    let text = "[profiles.prod]\nserver = \"https://a.eu.qlikcloud.com\"\napi_key = \"k\"\n";
    let err = ConfigFile::parse(text, Path::new("c.toml")).unwrap_err();
    assert!(matches!(err, ConfigError::SecretInFile { .. }));
    let message = err.to_string();
    for part in [
        "c.toml: line 3, column 1",
        "OS keyring",
        "qdc profile add",
        "QLIK_API_KEY",
        "QLIK_CLIENT_SECRET",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
    assert!(
        !message.contains("\"k\""),
        "the message must not echo the secret"
    );
}
