//! Contract checks: every request body the client sends and every response body the demo tenant
//! returns is validated against Qlik's official spec subset (OpenAPI 3.0.3, schemas only), copied
//! into `tests/contract/` so the repo does not depend on `../shared` at run time.
//!
//! Where the spec contradicts one of Qlik's own published documents (the seeds), the seed wins.
//! Every such exception is listed in [`EXCEPTIONS`], with its reason, and nowhere else.

use serde_json::Value;

const SPEC: &str = include_str!("../contract/qlik-connectivity.openapi3.schema-only.json");

/// Where the spec and the seeds disagree. An error is forgiven when the endpoint, direction and
/// status match and the validation error's instance path and schema path contain the given parts.
pub struct Exception {
    /// `METHOD /v1/...` as the spec names the path.
    pub endpoint: &'static str,
    /// `"request"` or the response status, e.g. `"201"`.
    pub direction: &'static str,
    pub instance_path_contains: &'static str,
    pub schema_path_contains: &'static str,
    pub reason: &'static str,
}

pub const EXCEPTIONS: &[Exception] = &[
    Exception {
        endpoint: "POST /v1/data-connections",
        direction: "request",
        instance_path_contains: "",
        schema_path_contains: "/oneOf",
        reason: "Every seed create request sends `dataSourceId`; the spec's DcaasConnectionCreate names it `datasourceID` (API brief §11), so neither oneOf branch matches the seeds' body",
    },
    Exception {
        endpoint: "POST /v1/data-connections",
        direction: "request",
        instance_path_contains: "",
        schema_path_contains: "/required",
        reason: "same as above: the seeds' `dataSourceId` instead of the spec's required `datasourceID`",
    },
    Exception {
        endpoint: "POST /v1/data-connections",
        direction: "201",
        instance_path_contains: "/qLogOn",
        schema_path_contains: "",
        reason: "The seeds' 201 bodies carry `qLogOn: 1` (an integer); the spec's ConnectionCreateResponse types it as a string enum",
    },
    Exception {
        endpoint: "POST /v1/data-connections",
        direction: "201",
        instance_path_contains: "",
        schema_path_contains: "/oneOf",
        reason: "follows from the qLogOn integer above: the oneOf of ConnectionCreateResponse|AuthResponse then matches no branch",
    },
    Exception {
        endpoint: "POST /v1/data-connections/actions/duplicate",
        direction: "201",
        instance_path_contains: "/qLogOn",
        schema_path_contains: "",
        reason: "duplicate answers with the same connection object as create: `qLogOn` is an integer as in the seeds",
    },
    Exception {
        endpoint: "GET /v1/data-sources",
        direction: "200",
        instance_path_contains: "/dataLoadUrlOverride",
        schema_path_contains: "",
        reason: "The create-data-connections seed shows `\"dataLoadUrlOverride\": null`; the spec types it as a non-nullable string",
    },
    Exception {
        endpoint: "GET /v1/data-sources",
        direction: "200",
        instance_path_contains: "/dataSourcePropertyName",
        schema_path_contains: "",
        reason: "The seed shows `\"dataSourcePropertyName\": null` for the REST source; the spec types it as a non-nullable string",
    },
    Exception {
        endpoint: "*",
        direction: "*",
        instance_path_contains: "",
        schema_path_contains: "PublicApiError/required",
        reason: "The spec's PublicApiError requires `details`, a typo for `detail` (API brief §9); error bodies send `detail`",
    },
    Exception {
        endpoint: "POST /v1/data-credentials/actions/filter-orphan",
        direction: "200",
        instance_path_contains: "/data/",
        schema_path_contains: "/required",
        reason: "The spec requires `userId`/`tenantId` but names the properties `user`/`tenant` (a spec bug, API brief §5.5)",
    },
    Exception {
        endpoint: "PATCH /v1/data-connections/{qID}",
        direction: "request",
        instance_path_contains: "",
        schema_path_contains: "",
        reason: "Current tenants take a bare JSON-Patch array; the Jan-2025 spec still shows the `{patchData:[...]}` wrapper (API brief §4.5)",
    },
    Exception {
        endpoint: "PATCH /v1/data-credentials/{qID}",
        direction: "request",
        instance_path_contains: "",
        schema_path_contains: "",
        reason: "as for connections: a bare JSON-Patch array",
    },
    Exception {
        endpoint: "GET /v1/data-connections",
        direction: "200",
        instance_path_contains: "/data/",
        schema_path_contains: "/required",
        reason: "DataFiles connections (seed-era data-files tutorial, fixture list.json) lack `created`, `updated`, `user`, `qSeparateCredentials`, which the Jan-2025 spec requires",
    },
];

/// Statuses any endpoint may answer (authentication, rate limits, the platform's gateways), so
/// the spec does not list them per operation.
const PLATFORM_STATUSES: &[u16] = &[401, 403, 429, 500, 502, 503, 504];

/// Responses the spec documents under another operation: `(endpoint, status, endpoint whose
/// schema applies, reason)`.
pub const RESPONSE_ALIASES: &[(&str, u16, &str, &str)] = &[(
    "GET /v1/users/me",
    200,
    "GET /v1/users/{userId}",
    "The spec documents only the 301 to /users/{userId}; qlik-api-ts types /users/me as 200 with a User, and the demo tenant answers 200 by default (API brief §8)",
)];

pub struct Contract {
    doc: Value,
}

pub struct Violation {
    pub endpoint: String,
    pub direction: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} [{}]: {}",
            self.endpoint, self.direction, self.message
        )
    }
}

impl Contract {
    pub fn load() -> Self {
        Contract {
            doc: serde_json::from_str(SPEC).expect("the copied spec is JSON"),
        }
    }

    /// The spec's path template for a concrete request path (`/api/v1/data-connections/<id>`
    /// → `/v1/data-connections/{qID}`), or `None` when the spec does not cover it (the
    /// deprecated dcaas action, `/oauth`, `/_demo`).
    pub fn template_for(&self, path: &str) -> Option<String> {
        let path = path.strip_prefix("/api")?;
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let paths = self.doc["paths"].as_object()?;
        let mut best: Option<(usize, &String)> = None;
        for template in paths.keys() {
            let t: Vec<&str> = template.split('/').collect();
            if t.len() != segments.len() {
                continue;
            }
            let mut literal_hits = 0;
            let fits = t.iter().zip(&segments).all(|(a, b)| {
                if a.starts_with('{') {
                    true
                } else {
                    literal_hits += 1;
                    a == b
                }
            });
            if fits && best.is_none_or(|(hits, _)| literal_hits > hits) {
                best = Some((literal_hits, template));
            }
        }
        best.map(|(_, t)| t.clone())
    }

    fn operation(&self, method: &str, template: &str) -> Option<&Value> {
        let op = self.doc["paths"][template].get(method.to_ascii_lowercase())?;
        Some(op)
    }

    fn check(
        &self,
        pointer: String,
        instance: &Value,
        endpoint: &str,
        direction: &str,
    ) -> Vec<Violation> {
        let mut root = self.doc.clone();
        root["$ref"] = Value::String(pointer);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&root)
            .expect("the spec compiles as a JSON schema");
        validator
            .iter_errors(instance)
            .filter_map(|err| {
                let instance_path = err.instance_path().to_string();
                let schema_path = err.schema_path().to_string();
                let forgiven = EXCEPTIONS.iter().any(|x| {
                    (x.endpoint == "*" || x.endpoint == endpoint)
                        && (x.direction == "*" || x.direction == direction)
                        && instance_path.contains(x.instance_path_contains)
                        && schema_path.contains(x.schema_path_contains)
                });
                (!forgiven).then(|| Violation {
                    endpoint: endpoint.to_string(),
                    direction: direction.to_string(),
                    message: format!("{err} (at {instance_path}, schema {schema_path})"),
                })
            })
            .collect()
    }

    /// Validates one exchange. Returns what broke the contract; exchanges the spec does not
    /// cover return nothing (see [`Contract::covers`]).
    pub fn check_exchange(
        &self,
        method: &str,
        path: &str,
        request: Option<&Value>,
        status: u16,
        response: Option<&Value>,
    ) -> Vec<Violation> {
        let Some(mut template) = self.template_for(path) else {
            return Vec::new();
        };
        if let Some((_, _, target, _)) = RESPONSE_ALIASES
            .iter()
            .find(|(e, s, _, _)| *e == format!("{method} {template}") && *s == status)
        {
            template = target.split_once(' ').map(|(_, t)| t.to_string()).unwrap();
        }
        let Some(op) = self.operation(method, &template) else {
            return Vec::new();
        };
        let endpoint = format!("{method} {template}");
        let esc = |s: &str| {
            s.replace('~', "~0")
                .replace('/', "~1")
                .replace('{', "%7B")
                .replace('}', "%7D")
        };
        let base = format!("#/paths/{}/{}", esc(&template), method.to_ascii_lowercase());
        let mut out = Vec::new();
        if let Some(body) = request {
            if op
                .pointer("/requestBody/content/application~1json/schema")
                .is_some()
            {
                let ptr = format!("{base}/requestBody/content/application~1json/schema");
                out.extend(self.check(ptr, body, &endpoint, "request"));
            }
        }
        if let Some(body) = response {
            let status_key = status.to_string();
            let schema = format!("/responses/{status_key}/content/application~1json/schema");
            if op.pointer(&schema).is_some() {
                let ptr = format!("{base}{schema}");
                out.extend(self.check(ptr, body, &endpoint, &status_key));
            } else if op.pointer(&format!("/responses/{status_key}")).is_none()
                && !PLATFORM_STATUSES.contains(&status)
            {
                out.push(Violation {
                    endpoint: endpoint.clone(),
                    direction: status_key,
                    message: "status not documented for this operation".into(),
                });
            }
        }
        out
    }

    /// Whether the spec describes this request at all.
    pub fn covers(&self, method: &str, path: &str) -> bool {
        self.template_for(path)
            .and_then(|t| self.operation(method, &t).map(|_| ()))
            .is_some()
    }
}
