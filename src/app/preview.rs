//! The connection form's request preview (`p` in the form): the body it would send now as
//! JSON and as a curl command, secrets masked and the API key left to `$QLIK_API_KEY`.

use super::form::FormState;

/// The tenant's base URL for the curl preview: the tenant is named by host, and plain http is
/// accepted only for loopback hosts, so anything else is https.
pub fn base_url(host: &str) -> String {
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let loopback = matches!(name, "127.0.0.1" | "localhost" | "[::1]" | "::1");
    format!("{}://{host}", if loopback { "http" } else { "https" })
}

/// What the request preview shows: a note on the flow, the body as JSON and as a curl
/// command, both with secrets masked and the API key left to `$QLIK_API_KEY`.
struct Preview {
    note: &'static str,
    json: String,
    curl: String,
}

impl FormState {
    /// The request the form would send now, as the preview shows it; the reasons it cannot be
    /// built yet; or `None` while the form loads.
    fn preview(&self, base_url: &str) -> Option<Result<Preview, Vec<crate::schema::FieldError>>> {
        use crate::schema::{curl_command, preview_json};
        let form = self.form()?;
        self.with_draft(|d| {
            if d.is_interactive() {
                d.auth_url_body().map(|b| Preview {
                    note: "Interactive OAuth: this first request asks for the authorization URL; \
                                the second sends the same body with the code as authCode, \
                                without authUrlOnly.",
                    json: preview_json(&b, form),
                    curl: curl_command(
                        base_url,
                        "/api/v1/dcaas/actions/data-connections",
                        &b,
                        form,
                        true,
                    ),
                })
            } else {
                d.create_body().map(|b| Preview {
                    note: "",
                    json: preview_json(&b, form),
                    curl: curl_command(base_url, "/api/v1/data-connections", &b, form, true),
                })
            }
        })
    }

    /// The preview: the body as JSON and as a curl command, secrets masked; or what is missing.
    pub fn preview_text(&self, base_url: &str) -> String {
        match self.preview(base_url) {
            Some(Ok(p)) => {
                let mut out = String::new();
                if !p.note.is_empty() {
                    out.push_str(p.note);
                    out.push_str("\n\n");
                }
                out.push_str("JSON body (secrets masked)\n");
                out.push_str(&p.json);
                out.push_str("\n\ncurl (POSIX shell; set QLIK_API_KEY)\n");
                out.push_str(&p.curl);
                out
            }
            Some(Err(errors)) => {
                let mut out = String::from("The request cannot be built yet:\n");
                for e in errors {
                    out.push_str(&format!("  • {}\n", e.message));
                }
                out
            }
            None => "the form is still loading".into(),
        }
    }

    /// The curl command of the preview, exactly as shown there (secrets masked, the key read
    /// from `$QLIK_API_KEY`): what `y` copies. `None` while the request cannot be built.
    pub fn preview_curl(&self, base_url: &str) -> Option<String> {
        self.preview(base_url)?.ok().map(|p| p.curl)
    }
}
