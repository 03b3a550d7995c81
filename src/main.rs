use clap::Parser;

use qdc::cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::DemoServer(args)) => qdc::demo::run_cli(args.clone()),
        Some(Command::Profile(command)) => qdc::profile_cmd::run(&cli, command),
        None => {
            eprintln!("qdc: the TUI is not built yet; try `qdc demo-server`");
            std::process::ExitCode::from(2)
        }
    }
}
