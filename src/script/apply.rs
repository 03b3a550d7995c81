//! `qdc apply -f FILE [--dry-run]`: the plan, then (unless a dry run) the secrets and the
//! writes, one line per connection as it is done.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

use super::args::ApplyArgs;
use super::output::{cell, write_stdout};
use super::tenant::connect;
use crate::cli::Cli;
use crate::exit::{Exit, Failure};
use crate::promote::plan::Action;
use crate::promote::{apply, plan, ConnectionsFile, ItemOutcome, ItemResult, Plan};

fn read_file(args: &ApplyArgs) -> Result<ConnectionsFile, Failure> {
    let path = &args.file;
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?
    };
    ConnectionsFile::parse(&text).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}

/// The plan as text: one line per connection, the diff under an update.
pub fn describe_plan(plan: &Plan, tenant: &str) -> String {
    let (creates, updates, unchanged) = plan.counts();
    let mut out = format!(
        "plan for {}: {creates} to create, {updates} to update, {unchanged} unchanged\n",
        cell(tenant)
    );
    for item in &plan.items {
        let (mark, what) = match &item.action {
            Action::Create { .. } => ("+", "create"),
            Action::Update { .. } => ("~", "update"),
            Action::Unchanged { .. } => ("=", "unchanged"),
        };
        out.push_str(&format!(
            "  {mark} {what:<9}  {}  {}\n",
            cell(&item.label()),
            cell(&item.data_source_id)
        ));
        if let Action::Update { changes, .. } = &item.action {
            for c in changes {
                out.push_str(&format!(
                    "        {}: {} -> {}\n",
                    cell(&c.property),
                    cell(c.before.as_deref().unwrap_or("(not set)")),
                    cell(&c.after)
                ));
            }
        }
        let secrets = item.secrets();
        if !secrets.is_empty() {
            let names: Vec<&str> = secrets.iter().map(String::as_str).collect();
            out.push_str(&format!("        secrets from: {}\n", names.join(", ")));
        }
        for note in &item.notes {
            out.push_str(&format!("        note: {}\n", cell(note)));
        }
    }
    out
}

/// Each variable the plan needs: from the environment, else asked once on a terminal; without
/// a terminal a missing one is an error (before anything is sent), as is one that must be JSON
/// and is not.
fn secrets(plan: &Plan) -> Result<HashMap<String, serde_json::Value>, Failure> {
    let texts = secret_texts(plan)?;
    plan.secret_values(&texts)
        .map_err(|errors| Failure::usage(format!("nothing was sent: {}", errors.join("; "))))
}

fn secret_texts(plan: &Plan) -> Result<HashMap<String, String>, Failure> {
    let mut values = HashMap::new();
    let mut missing = Vec::new();
    for var in plan.secrets() {
        match std::env::var(&var).ok().filter(|v| !v.is_empty()) {
            Some(v) => {
                values.insert(var, v);
            }
            None => missing.push(var),
        }
    }
    if missing.is_empty() {
        return Ok(values);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "nothing was sent: set {} (the file's ${{env:NAME}} placeholders), or run on a terminal to be asked",
            missing.join(", ")
        )));
    }
    for var in missing {
        let value = crate::profile_cmd::read_secret(&format!("{var} (hidden): "))
            .map_err(|e| Failure::usage(format!("nothing was sent: {var}: {e}")))?;
        if value.is_empty() {
            return Err(Failure::usage(format!("nothing was sent: {var} is empty")));
        }
        values.insert(var, value);
    }
    Ok(values)
}

/// Ctrl-C, heard from the start: while planning it stops at once (only reads were sent);
/// while applying it lets the write in flight finish (so its outcome is known), then stops.
struct Interrupt {
    stop: Arc<AtomicBool>,
    heard: Arc<Notify>,
    watcher: tokio::task::JoinHandle<()>,
}

impl Interrupt {
    fn listen() -> Interrupt {
        let stop = Arc::new(AtomicBool::new(false));
        let heard = Arc::new(Notify::new());
        let watcher = {
            let (stop, heard) = (stop.clone(), heard.clone());
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    stop.store(true, Ordering::SeqCst);
                    heard.notify_one();
                }
            })
        };
        Interrupt {
            stop,
            heard,
            watcher,
        }
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        self.watcher.abort();
    }
}

pub async fn run(cli: &Cli, args: &ApplyArgs) -> Result<(), Failure> {
    let interrupt = Interrupt::listen();
    let file = read_file(args)?;
    let target = connect(cli).await?;
    let client = &target.client;
    let tenant = client.base_url().to_string();
    let plan = tokio::select! {
        p = plan(client, &file, args.space.as_deref()) => p?,
        _ = interrupt.heard.notified() => return Err(Failure::interrupted()),
    };
    if !plan.problems.is_empty() {
        return Err(Failure::usage(problems_message(&args.file, &plan)));
    }
    write_stdout(&describe_plan(&plan, &tenant))?;
    if args.dry_run {
        let missing: Vec<String> = plan
            .secrets()
            .into_iter()
            .filter(|var| std::env::var(var).map_or(true, |v| v.is_empty()))
            .collect();
        if !missing.is_empty() {
            write_stdout(&format!(
                "not set yet (apply reads them from the environment or asks): {}\n",
                missing.join(", ")
            ))?;
        }
        return Ok(());
    }
    if target.read_only && plan.counts().0 + plan.counts().1 > 0 {
        return Err(Failure::usage(
            "nothing was sent: the tenant is read-only here (the profile's read_only or --read-only); --dry-run shows the plan",
        ));
    }
    let secrets = secrets(&plan)?;
    let results = apply(client, &plan, &secrets, &interrupt.stop, |r| {
        let _ = write_stdout(&format!("{}\n", result_line(r)));
    })
    .await;
    let (failed, not_sent) = summarise(&results)?;
    if not_sent > 0 {
        return Err(Failure {
            exit: Exit::Interrupted,
            message: format!("interrupted: {not_sent} connection(s) not sent (see above)"),
        });
    }
    if failed > 0 {
        return Err(Failure::failed(format!(
            "{failed} of {} connection(s) failed (see above)",
            results.len()
        )));
    }
    Ok(())
}

/// Why a plan with problems sends nothing, a line a problem.
fn problems_message(file: &std::path::Path, plan: &Plan) -> String {
    let mut msg = format!(
        "{}: {} problem{}, nothing was sent:",
        file.display(),
        plan.problems.len(),
        if plan.problems.len() == 1 { "" } else { "s" }
    );
    for p in &plan.problems {
        msg.push_str(&format!("\n  {}: {}", p.connection, p.message));
    }
    msg
}

/// The line printed as one connection's result arrives.
fn result_line(r: &ItemResult) -> String {
    match &r.outcome {
        ItemOutcome::Created { id } => format!("created    {}  {id}", cell(&r.label)),
        ItemOutcome::CreatedAnswerLost { id } => format!(
            "created    {}  {id} (the answer was lost; found by name)",
            cell(&r.label)
        ),
        ItemOutcome::Updated => format!("updated    {}", cell(&r.label)),
        ItemOutcome::Unchanged => format!("unchanged  {}", cell(&r.label)),
        ItemOutcome::Failed { message, .. } => {
            format!("FAILED     {}: {}", cell(&r.label), cell(message))
        }
        ItemOutcome::NotSent => format!("not sent   {} (interrupted)", cell(&r.label)),
    }
}

/// Prints the counts of what the apply did; the failed and not-sent counts decide the exit.
fn summarise(results: &[ItemResult]) -> Result<(usize, usize), Failure> {
    let count = |f: fn(&ItemOutcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
    let created = count(|o| {
        matches!(
            o,
            ItemOutcome::Created { .. } | ItemOutcome::CreatedAnswerLost { .. }
        )
    });
    let updated = count(|o| matches!(o, ItemOutcome::Updated));
    let unchanged = count(|o| matches!(o, ItemOutcome::Unchanged));
    let failed = count(|o| matches!(o, ItemOutcome::Failed { .. }));
    let not_sent = count(|o| matches!(o, ItemOutcome::NotSent));
    write_stdout(&format!(
        "applied: {created} created, {updated} updated, {unchanged} unchanged, {failed} failed{}\n",
        if not_sent > 0 {
            format!(", {not_sent} not sent")
        } else {
            String::new()
        }
    ))?;
    Ok((failed, not_sent))
}
