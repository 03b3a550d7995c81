//! The form's requests: a create (sent once, never retried), the interactive OAuth task that
//! asks the UI for the code and awaits the answer, an edit's loading and its patch. Also opening
//! a URL in a browser where a graphical session is evident.

use crate::api::models::{Connection, CreateConnection, DcaasCreateConnection};
use crate::api::{Client, Created, Error, GetConnectionQuery};
use crate::app::keymap::{Context, Intent, Keymap};
use crate::app::lost::answer_lost;
use crate::app::reply::{AuthAnswer, Reply};
use crate::app::write::Written;
use crate::app::Payload;

fn parsed() -> GetConnectionQuery {
    GetConnectionQuery {
        parse_connection: true,
        ..Default::default()
    }
}

/// `POST /api/v1/data-connections`, once: the client never retries a POST.
pub async fn create(client: &Client, body: &CreateConnection, send: impl Fn(Written)) {
    send(Written::Created(client.create_connection(body).await));
}

/// The connection named `name` in `space_id` (`type=connectionname`; `None` is the personal
/// space): `Ok(None)` when the tenant answers 404, so a create or duplicate whose answer was
/// lost can tell "it went through" from "it did not" before anything is sent again.
pub(super) async fn listed(
    client: &Client,
    name: &str,
    space_id: Option<String>,
) -> Result<Option<Connection>, Error> {
    client.find_connection(name, space_id.as_deref()).await
}

/// Seed 002's interactive flow as one task: ask for the auth URL, ask the UI for the code and
/// wait (the UI answers on a oneshot; dropping it ends the task), send the code. A rejected code
/// is reported with the question for the next one; `NewUrl` starts over. After the create the
/// connection is read by id, because the dcaas answer is only a summary.
pub async fn interactive(client: &Client, body: &DcaasCreateConnection, send: impl Fn(Written)) {
    'new_url: loop {
        let url = match client.request_auth_url(body).await {
            Ok(r) => r.auth_url,
            Err(e) => return send(Written::Created(Err(e))),
        };
        let mut error = None;
        // a code was sent whose answer was lost and the lookup after it could not tell whether
        // the tenant created the connection: look again before the next code goes out
        let mut unsure = false;
        loop {
            let (reply, answer) = Reply::channel();
            send(Written::AuthCodeWanted {
                url: url.clone(),
                error: error.take(),
                reply,
            });
            let Ok(answer) = answer.await else {
                return; // the popup was closed: nothing more to do
            };
            let code = match answer {
                AuthAnswer::NewUrl => continue 'new_url,
                AuthAnswer::Code(code) => code,
            };
            if unsure {
                match listed(client, &body.connection_name, body.space_id.clone()).await {
                    Ok(Some(conn)) => return send(Written::CreatedEarlier(conn)),
                    Ok(None) => unsure = false,
                    Err(e) => {
                        error = Some(e);
                        continue;
                    }
                }
            }
            match client.create_with_auth_code(body, &code).await {
                Ok(created) => {
                    let conn = full_connection(client, created).await;
                    return send(Written::Created(Ok(conn)));
                }
                Err(e) if answer_lost(&e) => {
                    // the tenant may have created it: never ask for (and send) another code
                    // before the name has been looked up
                    match listed(client, &body.connection_name, body.space_id.clone()).await {
                        Ok(Some(conn)) => return send(Written::CreatedEarlier(conn)),
                        Ok(None) => {}
                        Err(_) => unsure = true,
                    }
                    error = Some(e);
                }
                Err(e) => error = Some(e),
            }
        }
    }
}

/// The created connection as the tenant lists it; the summary's fields when that read fails
/// (the connection exists either way, so this must not look like a failed create).
async fn full_connection(client: &Client, created: Created) -> Connection {
    let summary = match created {
        Created::Connection(c) => return *c,
        Created::Summary(s) => s,
    };
    match client.connection(&summary.connection_id, &parsed()).await {
        Ok(c) => c,
        Err(_) => Connection {
            q_id: summary.connection_id.clone(),
            id: Some(summary.connection_id.clone()),
            q_name: summary.connection_name.clone(),
            datasource_id: Some(summary.data_source_id.clone()),
            space: summary.space_id.clone(),
            q_credentials_id: summary.credentials_id.clone(),
            created: summary.created_at.clone(),
            ..Default::default()
        },
    }
}

/// An edit's connection (with its parsed properties) and its source's api-specs.
pub async fn edit_source(client: &Client, id: &str, send: impl Fn(Payload)) {
    let r = async {
        let conn = client.connection(id, &parsed()).await?;
        let source = conn.datasource_id.clone().unwrap_or_default();
        let specs = client.api_specs(&source).await?;
        Ok((conn, specs))
    }
    .await;
    send(Payload::EditSource(id.into(), r));
}

/// The program that opens a URL on this system, when a graphical session is evident: always on
/// macOS and Windows; elsewhere only with `DISPLAY` or `WAYLAND_DISPLAY` set (over SSH there is
/// none, and `xdg-open` would start a text browser inside our terminal).
pub fn opener(os: &str, has_display: bool) -> Option<(&'static str, &'static [&'static str])> {
    match os {
        "macos" => Some(("open", &[])),
        "windows" => Some(("cmd", &["/C", "start", ""])),
        _ if has_display => Some(("xdg-open", &[])),
        _ => None,
    }
}

/// What to do when no browser opens, naming the keys bound now (the OAuth popup's, which
/// work whether or not a code is typed).
pub fn without_a_browser(keys: &Keymap) -> String {
    let key = |intent| keys.key_label(Context::OAuthCode, intent);
    format!(
        "copy the URL with {} or print it with {}",
        key(Intent::AuthCopyUrl),
        key(Intent::AuthPrintUrl)
    )
}

/// Opens `url` in a browser, or says why it did not and what to do instead (`instead`, from
/// [`without_a_browser`]).
pub fn open_url(url: &str, instead: &str) -> Result<String, String> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    let Some((program, args)) = opener(std::env::consts::OS, has_display) else {
        return Err(format!(
            "no graphical session here (DISPLAY/WAYLAND_DISPLAY unset): {instead}"
        ));
    };
    let child = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            // reap it without blocking the loop
            std::thread::spawn(move || child.wait());
            Ok(format!("asked {program} to open the URL in a browser"))
        }
        Err(e) => Err(format!("could not run {program} ({e}): {instead}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_opens_only_where_a_graphical_session_is_evident() {
        assert_eq!(opener("linux", false), None);
        assert_eq!(opener("linux", true).unwrap().0, "xdg-open");
        assert_eq!(opener("freebsd", true).unwrap().0, "xdg-open");
        assert_eq!(opener("macos", false).unwrap().0, "open");
        assert_eq!(opener("windows", false).unwrap().0, "cmd");
    }

    /// Where no browser opens, the advice names the popup's keys as bound: a rebind changes it.
    #[test]
    fn the_no_browser_advice_names_the_keys_bound_now() {
        assert_eq!(
            without_a_browser(&Keymap::default()),
            "copy the URL with Ctrl-y or print it with Ctrl-p"
        );
        let overrides = std::collections::BTreeMap::from([
            ("auth_copy_url".to_string(), "alt-c".to_string()),
            ("auth_print_url".to_string(), "f5".to_string()),
        ]);
        let (keys, problems) = Keymap::with_overrides(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            without_a_browser(&keys),
            "copy the URL with Alt-c or print it with F5"
        );
    }
}
