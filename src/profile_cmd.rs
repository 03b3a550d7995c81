//! `qdc profile ...`: manage tenants from the command line. This is where the terminal is
//! touched (hidden secret input); `config` stays free of it.
//!
//! Exit statuses come from [`crate::exit`]: 0 done; 1 it could not be done (keyring, file
//! system); 2 the request itself is wrong (bad name or URL, unknown or existing profile, a
//! config or contexts file qdc cannot read); 130 the secret prompt was cancelled.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{AuthArg, Cli, ImportArgs, ProfileAddArgs, ProfileCommand};
use crate::config::{
    self, config_path, open_store_or_unavailable, qlik_cli, AuthKind, ConfigError, ConfigFile, Env,
    Profile, SecretStore,
};
use crate::exit::{Exit, Failure};

fn usage(message: impl Into<String>) -> Failure {
    Failure::usage(message)
}

fn failed(message: impl Into<String>) -> Failure {
    Failure::failed(message)
}

/// Runs one `qdc profile` command on the process environment and the chosen OS keyring.
pub fn run(cli: &Cli, command: &ProfileCommand) -> ExitCode {
    let env = Env::from_process();
    let store = open_store_or_unavailable(&env);
    match run_with(cli, command, &env, store.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => crate::exit::finish(Err(f)),
    }
}

fn run_with(
    cli: &Cli,
    command: &ProfileCommand,
    env: &Env,
    store: &dyn SecretStore,
) -> Result<(), Failure> {
    let path = config_path(cli.config.as_deref(), env).ok_or_else(|| {
        failed("cannot find a config directory: set QDC_CONFIG_DIR or pass --config PATH")
    })?;
    let mut file = ConfigFile::load(&path)?.unwrap_or_default();
    match command {
        ProfileCommand::Add(args) => add(args, cli.read_only, &path, &mut file, store),
        ProfileCommand::List => {
            list(&path, &file);
            Ok(())
        }
        ProfileCommand::Remove { name } => remove(name, &path, &mut file, store),
        ProfileCommand::Use { name } => use_profile(name, &path, &mut file),
        ProfileCommand::ImportQlikCli(args) => {
            import_qlik_cli(args, cli.read_only, env, &path, &mut file, store)
        }
    }
}

fn add(
    args: &ProfileAddArgs,
    read_only: bool,
    path: &Path,
    file: &mut ConfigFile,
    store: &dyn SecretStore,
) -> Result<(), Failure> {
    let name = args.name.as_str();
    let auth = match args.auth {
        AuthArg::ApiKey => AuthKind::ApiKey,
        AuthArg::OauthClientCredentials => AuthKind::OauthClientCredentials,
    };
    let profile = Profile {
        description: args.description.clone().unwrap_or_default(),
        server: config::normalize_server(&args.server),
        auth,
        client_id: args.client_id.clone(),
        read_only,
        ..Profile::default()
    };
    // the first problem is enough on a command line; the form shows them all
    if let Some((field, message)) = config::check_new_profile(file, name, &profile)
        .into_iter()
        .next()
    {
        return Err(usage(match field {
            "name" => format!("{name:?}: {message}"),
            _ => format!("profile {name:?}: {message}"),
        }));
    }

    let secret =
        read_secret(&format!("{} for {name:?}: ", auth.secret_noun())).map_err(|e| Failure {
            exit: Exit::of_io(&e),
            message: format!("could not read the {}: {e}", auth.secret_noun()),
        })?;
    config::check_secret(auth, &secret).map_err(usage)?;
    let first = config::save_new_profile(path, file, name, profile, &secret, store).map_err(
        |e| match e {
            config::SaveError::File(e) => e.into(),
            keyring => failed(keyring.to_string()),
        },
    )?;
    println!(
        "Added profile {name:?} ({}), secret stored in the {}{}.",
        args.server,
        store.name(),
        if first {
            "; it is the default profile"
        } else {
            ""
        }
    );
    Ok(())
}

fn list(path: &Path, file: &ConfigFile) {
    if file.profiles.is_empty() {
        println!(
            "No profiles in {}. Add one with `qdc profile add NAME --server URL`.",
            path.display()
        );
        return;
    }
    let width = file
        .profiles
        .keys()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "  {:width$}  {:<45}  {:<24}  MODE",
        "NAME", "SERVER", "AUTH"
    );
    for (name, profile) in &file.profiles {
        let marker = if file.default_profile.as_deref() == Some(name) {
            '*'
        } else {
            ' '
        };
        let mode = if profile.read_only {
            "read-only"
        } else {
            "read-write"
        };
        println!(
            "{marker} {name:width$}  {:<45}  {:<24}  {mode}",
            profile.server,
            profile.auth.as_str()
        );
    }
}

fn remove(
    name: &str,
    path: &Path,
    file: &mut ConfigFile,
    store: &dyn SecretStore,
) -> Result<(), Failure> {
    if file.profiles.remove(name).is_none() {
        return Err(unknown(name, file));
    }
    if file.default_profile.as_deref() == Some(name) {
        file.default_profile = None;
    }
    file.save(path)?;
    match store.delete(name) {
        Ok(true) => println!("Removed profile {name:?} and its keyring entry."),
        Ok(false) => println!("Removed profile {name:?} (it had no keyring entry)."),
        Err(e) => {
            return Err(failed(format!(
                "removed profile {name:?} from the config, but its keyring entry could not be deleted: {e}"
            )))
        }
    }
    Ok(())
}

fn use_profile(name: &str, path: &Path, file: &mut ConfigFile) -> Result<(), Failure> {
    if !file.profiles.contains_key(name) {
        return Err(unknown(name, file));
    }
    file.default_profile = Some(name.to_string());
    file.save(path)?;
    println!("{name:?} is now the default profile.");
    Ok(())
}

fn unknown(name: &str, file: &ConfigFile) -> Failure {
    ConfigError::UnknownProfile {
        name: name.to_string(),
        known: file.profiles.keys().cloned().collect(),
    }
    .into()
}

fn import_qlik_cli(
    args: &ImportArgs,
    read_only: bool,
    env: &Env,
    path: &Path,
    file: &mut ConfigFile,
    store: &dyn SecretStore,
) -> Result<(), Failure> {
    let (contexts_path, contexts) = qlik_cli::read_contexts(env)
        .map_err(usage)?
        .ok_or_else(|| {
            usage(match qlik_cli::contexts_path(env) {
                Some(p) => format!("no qlik-cli contexts at {} (set QLIK_CLI_USER_HOME_DIR to qlik-cli's directory)", p.display()),
                None => "cannot find qlik-cli's contexts: set QLIK_CLI_USER_HOME_DIR".into(),
            })
        })?;
    let plan = qlik_cli::plan_import(&contexts, file);
    if args.dry_run {
        println!(
            "From {} (--dry-run: nothing is written):",
            contexts_path.display()
        );
        for line in plan.lines() {
            println!("  {line}");
        }
        println!(
            "{} would be imported, {} skipped.",
            plan.imports.len(),
            plan.skipped.len()
        );
        return Ok(());
    }
    let outcome = qlik_cli::apply_import(&plan, read_only, path, file, store)?;
    for import in plan
        .imports
        .iter()
        .filter(|i| outcome.imported.contains(&i.name))
    {
        println!("imported {}", import.summary());
    }
    for skipped in &plan.skipped {
        println!("skipped {:?}: {}", skipped.context, skipped.reason);
    }
    for e in &outcome.store_errors {
        eprintln!("qdc: not imported, the keyring refused the secret of {e}");
    }
    if let Some(name) = &outcome.default_profile {
        println!("default profile: {name:?}");
    }
    println!(
        "{} imported, {} skipped from {}.",
        outcome.imported.len(),
        plan.skipped.len() + outcome.store_errors.len(),
        contexts_path.display()
    );
    if outcome.store_errors.is_empty() {
        Ok(())
    } else {
        Err(failed("some secrets could not be stored in the OS keyring"))
    }
}

/// Reads a secret: hidden from a terminal (raw mode, no echo), or the first line of stdin when
/// stdin is a pipe or file (scripts, tests).
pub fn read_secret(prompt: &str) -> std::io::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut text = String::new();
        stdin.lock().read_to_string(&mut text)?;
        return Ok(text.lines().next().unwrap_or_default().trim().to_string());
    }
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let result = read_hidden_line();
    crossterm::terminal::disable_raw_mode()?;
    eprintln!();
    result.map(|s| s.trim().to_string())
}

fn read_hidden_line() -> std::io::Result<String> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    let mut secret = String::new();
    loop {
        match read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => match key.code {
                KeyCode::Enter => return Ok(secret),
                KeyCode::Esc => return Err(cancelled()),
                KeyCode::Char('c' | 'd') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Err(cancelled())
                }
                KeyCode::Char(c) => secret.push(c),
                KeyCode::Backspace => {
                    secret.pop();
                }
                _ => {}
            },
            Event::Paste(text) => secret.push_str(&text),
            _ => {}
        }
    }
}

fn cancelled() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled")
}
