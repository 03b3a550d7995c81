//! `qdc profile ...`: manage tenants from the command line. This is where the terminal is
//! touched (hidden secret input); `config` stays free of it.
//!
//! Exit codes: 0 done; 1 it could not be done (keyring, file system, unreadable file);
//! 2 the request itself is wrong (bad name or URL, unknown or existing profile).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{AuthArg, Cli, ProfileAddArgs, ProfileCommand};
use crate::config::{
    self, config_path, open_store_or_unavailable, qlik_cli, AuthKind, ConfigError, ConfigFile, Env,
    Profile, SecretStore,
};

/// A failed command: what to say, and the exit code.
struct Failure {
    code: u8,
    message: String,
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

fn failed(message: impl Into<String>) -> Failure {
    Failure {
        code: 1,
        message: message.into(),
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        let code = match e {
            ConfigError::UnknownProfile { .. } | ConfigError::BadServer { .. } => 2,
            _ => 1,
        };
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

/// Runs one `qdc profile` command on the process environment and the chosen OS keyring.
pub fn run(cli: &Cli, command: &ProfileCommand) -> ExitCode {
    let env = Env::from_process();
    let store = open_store_or_unavailable(&env);
    match run_with(cli, command, &env, store.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("qdc: {}", crate::text::sanitize_lines(&f.message));
            ExitCode::from(f.code)
        }
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
        ProfileCommand::Add(args) => add(args, &path, &mut file, store),
        ProfileCommand::List => {
            list(&path, &file);
            Ok(())
        }
        ProfileCommand::Remove { name } => remove(name, &path, &mut file, store),
        ProfileCommand::Use { name } => use_profile(name, &path, &mut file),
        ProfileCommand::ImportQlikCli => import_qlik_cli(env, &path, &mut file, store),
    }
}

fn add(
    args: &ProfileAddArgs,
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
        read_only: args.read_only,
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

    let secret = read_secret(&format!("{} for {name:?}: ", auth.secret_noun()))
        .map_err(|e| failed(format!("could not read the {}: {e}", auth.secret_noun())))?;
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
    env: &Env,
    path: &Path,
    file: &mut ConfigFile,
    store: &dyn SecretStore,
) -> Result<(), Failure> {
    let contexts_path = qlik_cli::contexts_path(env)
        .ok_or_else(|| failed("cannot find qlik-cli's contexts: set QLIK_CLI_USER_HOME_DIR"))?;
    let text = std::fs::read_to_string(&contexts_path)
        .map_err(|e| failed(format!("{}: {e}", contexts_path.display())))?;
    let contexts = qlik_cli::parse_contexts(&text)
        .map_err(|e| failed(format!("{}: {e}", contexts_path.display())))?;
    let plan = qlik_cli::plan_import(&contexts, file);
    let mut imported = Vec::new();
    let mut store_errors = Vec::new();
    for import in &plan.imports {
        match store.set(&import.name, &import.api_key) {
            Ok(()) => {
                file.profiles
                    .insert(import.name.clone(), import.profile.clone());
                imported.push(import.name.clone());
            }
            Err(e) => store_errors.push(format!("{:?}: {e}", import.name)),
        }
    }
    if file.default_profile.is_none() {
        file.default_profile = plan
            .current
            .clone()
            .filter(|c| imported.contains(c))
            .or_else(|| {
                (file.profiles.len() == 1)
                    .then(|| imported.first().cloned())
                    .flatten()
            });
    }
    if !imported.is_empty() {
        file.save(path)?;
    }
    for name in &imported {
        println!("imported {name:?} ({})", file.profiles[name].server);
    }
    for skipped in &plan.skipped {
        println!("skipped {:?}: {}", skipped.context, skipped.reason);
    }
    for e in &store_errors {
        eprintln!("qdc: not imported, the keyring refused the key of {e}");
    }
    println!(
        "{} imported, {} skipped from {}.",
        imported.len(),
        plan.skipped.len() + store_errors.len(),
        contexts_path.display()
    );
    if store_errors.is_empty() {
        Ok(())
    } else {
        Err(failed(
            "some API keys could not be stored in the OS keyring",
        ))
    }
}

/// Reads a secret: hidden from a terminal (raw mode, no echo), or the first line of stdin when
/// stdin is a pipe or file (scripts, tests).
fn read_secret(prompt: &str) -> std::io::Result<String> {
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
