//! The tasks of the TUI's "copy to…": a second tenant opened beside the current one (the TUI's
//! own tenant and client stay as they are), its spaces listed, the plan made and applied, each
//! step in a task of its own that reports over the channel ([`CopyEvent`]). The loop never
//! waits for any of it.

use std::future::Future;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::tenants::{tenant_of, Session, TenantSource};
use crate::api::ids::ConnectionId;
use crate::api::{Client, SpacesQuery};
use crate::app::copy::{CopyEvent, CopyRequest, EnvSecrets, OpenedTarget, Secrets, TargetTenant};
use crate::app::Action;
use crate::promote::{self, Fault, GatewayChoices, Plan, TargetSpace};

/// The target of the open copy and its reads in flight.
pub struct Copier {
    tx: UnboundedSender<Action>,
    /// The tenant the copy `job` writes to, once opened.
    target: Arc<Mutex<Option<(u64, Client)>>>,
    /// Opening and planning (reads only): stopped when the copy closes or moves on.
    reads: CancellationToken,
}

impl Copier {
    pub fn new(tx: UnboundedSender<Action>) -> Copier {
        Copier {
            tx,
            target: Arc::default(),
            reads: CancellationToken::new(),
        }
    }

    fn target_of(&self, job: u64) -> Option<Client> {
        let target = self.target.lock().unwrap_or_else(|e| e.into_inner());
        target
            .as_ref()
            .filter(|(j, _)| *j == job)
            .map(|(_, c)| c.clone())
    }

    /// A new read replaces the one in flight (the copy asked for something else).
    fn new_reads(&mut self) -> CancellationToken {
        self.reads.cancel();
        self.reads = CancellationToken::new();
        self.reads.clone()
    }

    /// Starts what `request` asks for; `current` is the TUI's own tenant (the source of every
    /// copy, and the target when the copy stays in it).
    pub fn run(&mut self, request: CopyRequest, current: &Client, tenants: &mut dyn TenantSource) {
        match request {
            CopyRequest::Open {
                job,
                profile,
                current: same,
            } => self.open(job, profile, same, current, tenants),
            CopyRequest::Gateways {
                job,
                data_source_id,
            } => self.gateways(job, data_source_id),
            CopyRequest::Plan {
                job,
                ids,
                space,
                gateways,
            } => self.plan(job, ids, space, gateways, current),
            CopyRequest::Apply { job, plan, secrets } => self.apply(job, plan, secrets),
            CopyRequest::Close { job } => self.close(job),
        }
    }

    /// Sends a copy event back to the loop (dropped if the loop has gone).
    fn sender(&self) -> impl Fn(CopyEvent) + Send + Sync + 'static {
        let tx = self.tx.clone();
        move |event: CopyEvent| {
            let _ = tx.send(Action::Copy(event));
        }
    }

    /// Spawns a read that stops, reporting nothing, when a newer read replaces it.
    fn spawn_read(&mut self, work: impl Future<Output = ()> + Send + 'static) {
        let token = self.new_reads();
        tokio::spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                _ = work => {}
            }
        });
    }

    /// Opens the target (the current tenant itself when `same`) and lists its spaces.
    fn open(
        &mut self,
        job: u64,
        profile: String,
        same: bool,
        current: &Client,
        tenants: &mut dyn TenantSource,
    ) {
        let opening: BoxFuture<'static, Result<Session, String>> = if same {
            let client = current.clone();
            Box::pin(async move {
                Ok(Session {
                    tenant: tenant_of(&profile, &client),
                    client,
                    // the app checks the current tenant's read-only itself
                    read_only: false,
                })
            })
        } else {
            tenants.open_detached(&profile)
        };
        let slot = self.target.clone();
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let send = self.sender();
        self.spawn_read(async move {
            let result = match opening.await {
                Ok(session) => {
                    let spaces = session
                        .client
                        .spaces(&SpacesQuery::default())
                        .collect_all()
                        .await
                        .map_err(|e| e.summary());
                    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((job, session.client));
                    Ok(OpenedTarget {
                        tenant: TargetTenant {
                            profile: session.tenant.profile,
                            host: session.tenant.host,
                        },
                        read_only: session.read_only,
                        spaces,
                    })
                }
                Err(e) => Err(e),
            };
            send(CopyEvent::Opened { job, result });
        });
    }

    /// Lists the target's gateways for a data source.
    fn gateways(&mut self, job: u64, data_source_id: String) {
        let send = self.sender();
        let Some(target) = self.target_of(job) else {
            return send(CopyEvent::Gateways {
                job,
                data_source_id,
                result: Err("the target tenant is not open".into()),
            });
        };
        self.spawn_read(async move {
            let result = target
                .gateways(&data_source_id, false)
                .await
                .map(|r| r.gateways)
                .map_err(|e| e.summary());
            send(CopyEvent::Gateways {
                job,
                data_source_id,
                result,
            });
        });
    }

    /// Plans the copy from the current tenant into the target, with the secrets qdc's
    /// environment already sets.
    fn plan(
        &mut self,
        job: u64,
        ids: Vec<ConnectionId>,
        space: TargetSpace,
        gateways: GatewayChoices,
        current: &Client,
    ) {
        let send = self.sender();
        let Some(target) = self.target_of(job) else {
            return send(CopyEvent::Planned {
                job,
                result: Err("the target tenant is not open".into()),
                from_env: EnvSecrets::default(),
            });
        };
        let source = current.clone();
        self.spawn_read(async move {
            let result = promote::copy_plan(&source, &ids, &target, &space, &gateways)
                .await
                .map(|(_, plan)| plan)
                .map_err(|fault| match fault {
                    Fault::Tenant(e) => e.summary(),
                    Fault::Usage(m) => m,
                });
            let from_env = result.as_ref().map(env_secrets).unwrap_or_default();
            send(CopyEvent::Planned {
                job,
                result,
                from_env,
            });
        });
    }

    /// Applies the plan to the target, reporting each step.
    fn apply(&mut self, job: u64, plan: Box<Plan>, secrets: Secrets) {
        let send = self.sender();
        let Some(target) = self.target_of(job) else {
            return send(CopyEvent::ApplyEnded { job });
        };
        // never cancelled: a write on its way finishes, so its outcome is known
        tokio::spawn(async move {
            let never = AtomicBool::new(false);
            promote::apply(&target, &plan, &secrets.0, &never, |r| {
                send(CopyEvent::Applied {
                    job,
                    result: r.clone(),
                })
            })
            .await;
            send(CopyEvent::ApplyEnded { job });
        });
    }

    /// Stops the reads and forgets the target, unless a newer copy has opened its own.
    fn close(&mut self, job: u64) {
        self.reads.cancel();
        let mut target = self.target.lock().unwrap_or_else(|e| e.into_inner());
        if target.as_ref().is_some_and(|(j, _)| *j == job) {
            *target = None;
        }
    }
}

/// The variables of `plan` that qdc's environment sets (not empty), as `qdc apply` reads them.
/// qdc's own credentials are never taken for a connection's property, whatever it is named.
fn env_secrets(plan: &promote::Plan) -> EnvSecrets {
    EnvSecrets(
        plan.secrets()
            .into_iter()
            .filter(|var| !matches!(var.as_str(), "QLIK_API_KEY" | "QLIK_CLIENT_SECRET"))
            .filter_map(|var| {
                let value = std::env::var(&var).ok().filter(|v| !v.is_empty())?;
                Some((var, value))
            })
            .collect(),
    )
}
