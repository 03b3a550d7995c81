use super::*;

fn round_trip(store: &dyn SecretStore) {
    let account = "qdc-test round.trip+1";
    assert_eq!(store.get(account).unwrap(), None);
    store.set(account, "s3cr3t value").unwrap();
    assert_eq!(store.get(account).unwrap().as_deref(), Some("s3cr3t value"));
    store.set(account, "changed").unwrap();
    assert_eq!(store.get(account).unwrap().as_deref(), Some("changed"));
    assert!(store.delete(account).unwrap());
    assert!(!store.delete(account).unwrap());
    assert_eq!(store.get(account).unwrap(), None);
}

#[test]
fn memory_store_round_trip() {
    round_trip(&MemoryStore::new());
}

#[test]
fn file_store_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(&FileStore::new(dir.path().join("secrets.json")));
}

#[test]
fn unknown_store_name_is_refused() {
    let env = Env {
        keyring: Some("vault".into()),
        ..Env::default()
    };
    assert!(matches!(
        open_store(&env),
        Err(SecretError::UnknownStore(name)) if name == "vault"
    ));
}

/// The real OS store. Ignored by default because it touches the machine's keyring; CI runs
/// it with `QDC_REAL_KEYRING=1` inside `keyctl session -` (a fresh session keyring).
#[test]
#[ignore = "touches the real OS keyring: run with QDC_REAL_KEYRING=1 (CI does, under keyctl session)"]
fn real_keyring_round_trip() {
    if std::env::var("QDC_REAL_KEYRING").as_deref() != Ok("1") {
        eprintln!("QDC_REAL_KEYRING is not 1: skipped");
        return;
    }
    let store = open_store(&Env::from_process()).expect("an OS keyring");
    eprintln!("real store: {}", store.name());
    let account = format!("qdc-real-keyring-test-{}", std::process::id());
    assert_eq!(store.get(&account).unwrap(), None);
    store.set(&account, "real s3cret").unwrap();
    assert_eq!(store.get(&account).unwrap().as_deref(), Some("real s3cret"));
    if store.name() == Backend::Keyutils.label() {
        // where the README says it is: the user keyring, with or without a session keyring
        let shown = std::process::Command::new("keyctl")
            .args(["show", "@u"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        assert!(
            shown.contains(&user_keyring_description(&account)),
            "{shown}"
        );
    }
    assert!(store.delete(&account).unwrap());
    assert_eq!(store.get(&account).unwrap(), None);
}

/// A store that says it saved what it did not keep, or failed half-way.
struct Lying {
    inner: MemoryStore,
    keeps: bool,
    fails_after_writing: bool,
}

impl SecretStore for Lying {
    fn name(&self) -> String {
        "lying store".into()
    }
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        self.inner.get(account)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        if self.keeps || self.fails_after_writing {
            self.inner.set(account, secret)?;
        }
        if self.fails_after_writing {
            return Err(SecretError::Failed {
                store: "lying store".into(),
                message: "linking failed".into(),
            });
        }
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<bool, SecretError> {
        self.inner.delete(account)
    }
}

#[test]
fn case11_a_store_is_believed_only_when_the_secret_reads_back_and_leaves_nothing_on_failure() {
    let honest = Verified(Lying {
        inner: MemoryStore::new(),
        keeps: true,
        fails_after_writing: false,
    });
    honest.set("p", "s").unwrap();
    assert_eq!(honest.get("p").unwrap().as_deref(), Some("s"));

    let forgets = Verified(Lying {
        inner: MemoryStore::new(),
        keeps: false,
        fails_after_writing: false,
    });
    let e = forgets.set("p", "s").unwrap_err().to_string();
    assert!(e.contains("does not give the secret back"), "{e}");
    assert!(e.contains("nothing was left behind"), "{e}");

    // the keyring-rs keyutils case: written to the session keyring, then an error
    let half = Verified(Lying {
        inner: MemoryStore::new(),
        keeps: false,
        fails_after_writing: true,
    });
    let e = half.set("p", "s").unwrap_err().to_string();
    assert!(e.contains("linking failed; nothing was left behind"), "{e}");
    assert_eq!(
        half.get("p").unwrap(),
        None,
        "the half-written secret was deleted"
    );
}
