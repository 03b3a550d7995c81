//! `qdc export`: connections to one YAML (or JSON) file.

use super::args::ExportArgs;
use super::output::write_stdout;
use super::tenant::connect;
use crate::cli::Cli;
use crate::exit::Failure;
use crate::promote::plan::Fault;
use crate::promote::{export, Selection};

impl From<Fault> for Failure {
    fn from(f: Fault) -> Failure {
        match f {
            Fault::Tenant(e) => e.into(),
            Fault::Usage(m) => Failure::usage(m),
        }
    }
}

pub async fn run(cli: &Cli, args: &ExportArgs) -> Result<(), Failure> {
    let target = connect(cli).await?;
    let selection = Selection {
        spaces: args.space.clone(),
        sources: args.source.clone(),
        names: args.names.clone(),
        ids: Vec::new(),
    };
    let file = export(&target.client, &selection).await?;
    let json = args.json
        || args.output.as_ref().is_some_and(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        });
    let text = if json { file.to_json() } else { file.to_yaml() }
        .map_err(|e| Failure::failed(format!("cannot write the file: {e}")))?;
    match &args.output {
        None => write_stdout(&text),
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "qdc: exported {} connection{} to {}",
                file.connections.len(),
                if file.connections.len() == 1 { "" } else { "s" },
                path.display()
            );
            Ok(())
        }
    }
}
