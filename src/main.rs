#![warn(clippy::unwrap_used)]

use std::process::ExitCode;

use qdc::app::first_run::Welcome;
use qdc::cli::{Cli, Command};
use qdc::config::{config_path, open_store_or_unavailable, resolve_with, ConfigError, Env};
use qdc::exit::{Exit, Failure};
use qdc::runtime::tenants::{tenant_of, Session, Tenants};
use qdc::runtime::{run_tui, Start};

fn main() -> ExitCode {
    let cli = qdc::cli::parse();
    match &cli.command {
        Some(Command::DemoServer(args)) => qdc::demo::run_cli(args.clone()),
        Some(Command::Profile(command)) => qdc::profile_cmd::run(&cli, command),
        Some(Command::Get(_) | Command::Describe(_) | Command::Export(_) | Command::Apply(_)) => {
            qdc::script::run(&cli)
        }
        Some(Command::Completions { shell }) => qdc::exit::finish(
            qdc::cli::write_completions(*shell, &mut std::io::stdout())
                .map_err(|e| Failure::failed(format!("cannot write the completions: {e}"))),
        ),
        Some(Command::Man) => qdc::exit::finish(
            qdc::cli::write_man_page(&mut std::io::stdout())
                .map_err(|e| Failure::failed(format!("cannot write the man page: {e}"))),
        ),
        None => run_explorer(&cli),
    }
}

/// The TUI on the tenant the flags name. Errors before the terminal is taken are printed
/// plainly and end with a non-zero status.
fn run_explorer(cli: &Cli) -> ExitCode {
    // never the terminal: without a log file qdc runs on without a log
    if let Err(e) = qdc::logging::init(cli.log_level.as_deref()) {
        if cli.log_level.is_some() {
            eprintln!("qdc: no log: {e}");
            return ExitCode::from(2);
        }
    }
    let runtime = match runtime() {
        Ok(r) => r,
        Err(e) => {
            return qdc::exit::finish(Err(Failure::failed(format!(
                "cannot start the async runtime: {e}"
            ))));
        }
    };
    runtime.block_on(async {
        let result = if cli.demo {
            run_demo(cli).await
        } else {
            run_configured(cli).await
        };
        match result {
            Ok(()) if qdc::runtime::interrupted() => Exit::Interrupted.into(),
            // what failed after a signal or the terminal's end asked qdc to stop (a frame
            // that could not be written to a closed terminal) is not news: the log has it
            Err(e) if qdc::runtime::interrupted() => {
                tracing::warn!("on the way out: {}", e.message);
                Exit::Interrupted.into()
            }
            result => qdc::exit::finish(result),
        }
    })
}

/// The explorer's runtime: one worker beside this thread, which runs the event loop. On one
/// worker the HTTP connection, a walk's request sent ahead and the walk itself share a thread,
/// so a page's body and its next request pass between them as task switches, not as a thread
/// woken on the other core (a walk of 10k at latency 0: 9 context switches a page with two
/// workers, 5 with one, and the next request goes out sooner); decoding still runs beside the
/// loop applying the page before.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
}

/// `--server URL` (key from the environment), `--profile NAME`, or the config's default
/// profile; secrets come from the OS keyring. No config yet, or one that cannot be read, opens
/// the first-run screen (which offers the demo tenant) instead of failing.
async fn run_configured(cli: &Cli) -> Result<(), Failure> {
    let env = Env::from_process();
    let store = open_store_or_unavailable(&env);
    let config_path = config_path(cli.config.as_deref(), &env).map(|p| p.display().to_string());
    let resolved = resolve_with(cli, store.as_ref(), &env);
    let tenants = Tenants::new(cli, &env, store);
    let start = match resolved {
        Ok(resolved) => {
            let client = resolved.client().map_err(|e| Failure::usage(e.summary()))?;
            let profile = resolved.profile_name.as_deref().unwrap_or("server");
            Start::Ready(Session {
                tenant: tenant_of(profile, &client),
                client,
                read_only: resolved.read_only,
            })
        }
        Err(ConfigError::NoConfig { .. }) => Start::FirstRun(Welcome {
            problem: None,
            config_path,
            // qlik-cli users have their tenants already: offer them
            import: tenants.import_offer(),
        }),
        Err(e @ (ConfigError::Invalid { .. } | ConfigError::SecretInFile { .. })) => {
            Start::FirstRun(Welcome {
                problem: Some(e.to_string()),
                config_path,
                // an import would write over the file qdc cannot read
                import: None,
            })
        }
        Err(e) => {
            let mut failure = Failure::from(e);
            failure
                .message
                .push_str("\n(the demo tenant needs no setup: `qdc --demo`)");
            return Err(failure);
        }
    };
    run_tui(start, tenants)
        .await
        .map_err(|e| Failure::failed(format!("terminal error: {e}")))
}

/// The in-process demo tenant, in this same runtime. `:profile NAME` still reaches the
/// config's profiles.
async fn run_demo(cli: &Cli) -> Result<(), Failure> {
    let env = Env::from_process();
    let mut tenants = Tenants::new(cli, &env, open_store_or_unavailable(&env));
    let session = tenants.open_demo().await.map_err(Failure::failed)?;
    run_tui(Start::Ready(session), tenants)
        .await
        .map_err(|e| Failure::failed(format!("terminal error: {e}")))
}
