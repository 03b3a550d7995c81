//! Fault injection: the `--faults` mini-language (documented in README.md, "Fault injection") and the per-server counters
//! that make `xCOUNT` rules fire exactly COUNT times.

use std::sync::Mutex;
use std::time::Duration;

/// What a matching request gets instead of (or on top of) its real response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// An error status with a Qlik-shaped error body.
    Status(u16),
    /// 429 with `retry-after: secs` and the rate limiter's body.
    RateLimit { retry_after_secs: u64 },
    /// 200 whose body is not valid JSON.
    Malformed,
    /// The real response with its body cut in half.
    Truncate,
    /// The connection is dropped without a usable response.
    Reset,
    /// The request is carried out (a create creates), then the connection is dropped before
    /// the answer: the "did it happen?" case a client must not paper over by sending again.
    ResetAfter,
    /// The real response, after a delay.
    Slow(Duration),
    /// The real response with [`HOSTILE`] appended to every name, title, detail, e-mail and
    /// `authUrl` string in it: what a tenant whose data qdc does not control can send.
    Hostile,
    /// The real list page whose `links.next` points back at the page itself.
    NextLoop,
    /// The real list page with the host of its `links` replaced (`links.next` on another host,
    /// as a tenant behind a proxy or an alias hostname answers with its canonical host).
    NextHost(String),
    /// The real token answer with `expires_in` replaced.
    ExpiresIn(u64),
    /// `307 Temporary Redirect` to the same path and query on another host.
    Redirect(String),
    /// The real response with one entry that does not fit the contract: a list's first entry
    /// gets a number for its `id` (`dataSourceId`); an object answer (api-specs) a `null` `connectorVersion`.
    OddEntry,
}

/// Appended by [`Fault::Hostile`]: an OSC 2 that sets the terminal title, an OSC 52 that fills
/// the clipboard, a CSI that clears the screen, a bidi override and zero-width characters.
pub const HOSTILE: &str =
    "\u{1b}]2;qdc-pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202e}evil\u{200b}\u{2060}\u{feff}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathPattern {
    Any,
    Exact(String),
    Prefix(String),
}

impl PathPattern {
    fn matches(&self, path: &str) -> bool {
        match self {
            PathPattern::Any => true,
            PathPattern::Exact(p) => p == path,
            PathPattern::Prefix(p) => path.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct FaultRule {
    method: Option<String>,
    path: PathPattern,
    fault: Fault,
    /// `None`: every matching request.
    count: Option<usize>,
}

/// A parsed `--faults` spec. Pure data: each server keeps its own counters, so one plan can be
/// given to several servers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultPlan {
    rules: Vec<FaultRule>,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const ERROR_STATUSES: &[u16] = &[401, 403, 404, 409, 410, 500, 502, 503, 504];

impl FaultPlan {
    /// Parse `RULE;RULE;...` with `RULE = [METHOD ]PATH=FAULT[xCOUNT]`.
    pub fn parse(spec: &str) -> Result<FaultPlan, String> {
        let mut rules = Vec::new();
        for raw in spec.split(';') {
            let rule = raw.trim();
            if rule.is_empty() {
                continue;
            }
            rules.push(parse_rule(rule).map_err(|why| format!("bad fault rule `{rule}`: {why}"))?);
        }
        Ok(FaultPlan { rules })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn parse_rule(rule: &str) -> Result<FaultRule, String> {
    let (target, action) = rule
        .rsplit_once('=')
        .ok_or("expected `[METHOD ]PATH=FAULT[xCOUNT]`")?;
    let target = target.trim();
    let (method, path) = match target.split_once(char::is_whitespace) {
        Some((m, p)) => {
            let m = m.to_ascii_uppercase();
            if !METHODS.contains(&m.as_str()) {
                return Err(format!(
                    "unknown method `{m}` (use one of {})",
                    METHODS.join(", ")
                ));
            }
            (Some(m), p.trim())
        }
        None => (None, target),
    };
    let path = parse_path(path)?;
    let action = action.trim();
    let (fault, count) = match action.rsplit_once('x') {
        Some((f, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            let n: usize = n.parse().map_err(|_| format!("count `{n}` is too large"))?;
            if n == 0 {
                return Err("count must be at least 1".into());
            }
            (f, Some(n))
        }
        _ => (action, None),
    };
    Ok(FaultRule {
        method,
        path,
        fault: parse_fault(fault)?,
        count,
    })
}

fn parse_path(path: &str) -> Result<PathPattern, String> {
    if path == "*" {
        return Ok(PathPattern::Any);
    }
    if !path.starts_with('/') {
        return Err(format!("path `{path}` must start with `/` or be `*`"));
    }
    match path.find('*') {
        None => Ok(PathPattern::Exact(path.to_string())),
        Some(i) if i == path.len() - 1 => Ok(PathPattern::Prefix(path[..i].to_string())),
        Some(_) => Err(format!("`*` may only end the path `{path}`")),
    }
}

fn parse_fault(fault: &str) -> Result<Fault, String> {
    let number = |s: &str, what: &str| -> Result<u64, String> {
        s.parse::<u64>()
            .map_err(|_| format!("{what} `{s}` is not a whole number"))
    };
    match fault.split_once(':') {
        Some(("429", secs)) => Ok(Fault::RateLimit {
            retry_after_secs: number(secs, "retry-after seconds")?,
        }),
        Some(("slow", ms)) => Ok(Fault::Slow(Duration::from_millis(number(ms, "delay")?))),
        Some(("expires-in", secs)) => Ok(Fault::ExpiresIn(number(secs, "expires_in")?)),
        Some(("next-host", host)) => Ok(Fault::NextHost(host_name(host)?)),
        Some(("redirect", host)) => Ok(Fault::Redirect(host_name(host)?)),
        Some(_) => Err(format!("unknown fault `{fault}`")),
        None => match fault {
            "429" => Ok(Fault::RateLimit {
                retry_after_secs: 1,
            }),
            "malformed" => Ok(Fault::Malformed),
            "truncate" => Ok(Fault::Truncate),
            "reset-after" => Ok(Fault::ResetAfter),
            "reset" => Ok(Fault::Reset),
            "hostile" => Ok(Fault::Hostile),
            "next-loop" => Ok(Fault::NextLoop),
            "odd-entry" => Ok(Fault::OddEntry),
            "slow" => Err("`slow` needs a delay, e.g. `slow:200`".into()),
            "" => Err("missing fault after `=`".into()),
            other => match other.parse::<u16>() {
                Ok(code) if ERROR_STATUSES.contains(&code) => Ok(Fault::Status(code)),
                _ => Err(format!(
                    "unknown fault `{other}` (use 401|403|404|409|410|500|502|503|504, 429[:SECS], \
                     malformed, truncate, reset, reset-after, slow:MS, hostile, next-loop, \
                     next-host:HOST, expires-in:SECS, redirect:HOST or odd-entry)"
                )),
            },
        },
    }
}

/// `HOST` or `HOST:PORT` of a fault that names another host.
fn host_name(host: &str) -> Result<String, String> {
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if ok {
        Ok(host.to_string())
    } else {
        Err(format!("`{host}` is not a HOST or HOST:PORT"))
    }
}

/// A plan plus how often each rule has fired, for one server.
#[derive(Debug, Default)]
pub(crate) struct ActiveFaults {
    plan: FaultPlan,
    fired: Mutex<Vec<usize>>,
}

impl ActiveFaults {
    pub fn new(plan: FaultPlan) -> Self {
        let fired = Mutex::new(vec![0; plan.rules.len()]);
        ActiveFaults { plan, fired }
    }

    /// The fault for this request, if any: the first rule that matches and still has budget
    /// fires, and only its counter moves.
    pub fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut fired = crate::demo::locked(&self.fired);
        for (i, rule) in self.plan.rules.iter().enumerate() {
            let method_ok = rule.method.as_deref().is_none_or(|m| m == method);
            if !method_ok || !rule.path.matches(path) {
                continue;
            }
            if rule.count.is_some_and(|n| fired[i] >= n) {
                continue;
            }
            fired[i] += 1;
            return Some(rule.fault.clone());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let plan = FaultPlan::parse(
            "GET /api/v1/data-connections=429:1x2;POST /api/v1/data-connections=500x1;*=slow:50",
        )
        .unwrap();
        assert_eq!(plan.rules.len(), 3);
        assert_eq!(plan.rules[0].method.as_deref(), Some("GET"));
        assert_eq!(
            plan.rules[0].fault,
            Fault::RateLimit {
                retry_after_secs: 1
            }
        );
        assert_eq!(plan.rules[0].count, Some(2));
        assert_eq!(plan.rules[1].fault, Fault::Status(500));
        assert_eq!(plan.rules[2].path, PathPattern::Any);
        assert_eq!(plan.rules[2].fault, Fault::Slow(Duration::from_millis(50)));
        assert_eq!(plan.rules[2].count, None);
    }

    #[test]
    fn parses_the_hostile_kinds() {
        let plan = FaultPlan::parse(
            "*=hostile;GET /api/v1/data-connections=next-loop;/a=next-host:alias.example:8443;\
             /oauth/token=expires-in:9223372036854775807;/b=redirect:127.0.0.1:9;/c=odd-entry",
        )
        .unwrap();
        let faults: Vec<Fault> = plan.rules.iter().map(|r| r.fault.clone()).collect();
        assert_eq!(
            faults,
            vec![
                Fault::Hostile,
                Fault::NextLoop,
                Fault::NextHost("alias.example:8443".into()),
                Fault::ExpiresIn(9223372036854775807),
                Fault::Redirect("127.0.0.1:9".into()),
                Fault::OddEntry,
            ]
        );
        assert!(FaultPlan::parse("/a=redirect:ev il/").is_err());
    }

    #[test]
    fn parses_prefixes_lowercase_methods_and_plain_faults() {
        let plan = FaultPlan::parse(
            " get /api/v1/data-sources*=reset ; /oauth/token=malformedx3;/api/*=truncate;/x=429;",
        )
        .unwrap();
        assert_eq!(plan.rules[0].method.as_deref(), Some("GET"));
        assert_eq!(
            plan.rules[0].path,
            PathPattern::Prefix("/api/v1/data-sources".into())
        );
        assert_eq!(plan.rules[1].fault, Fault::Malformed);
        assert_eq!(plan.rules[1].count, Some(3));
        assert_eq!(plan.rules[2].fault, Fault::Truncate);
        assert_eq!(
            plan.rules[3].fault,
            Fault::RateLimit {
                retry_after_secs: 1
            }
        );
        assert!(FaultPlan::parse("").unwrap().is_empty());
    }

    #[test]
    fn rejects_bad_rules_naming_them() {
        for (spec, needle) in [
            ("*=418", "unknown fault `418`"),
            ("/a=500x0", "at least 1"),
            ("FETCH /a=500", "unknown method `FETCH`"),
            ("api/v1=500", "must start with `/`"),
            ("/a*b=500", "may only end"),
            ("/a", "expected"),
            ("/a=slow", "needs a delay"),
            ("/a=429:soon", "not a whole number"),
            ("/ok=500;/bad=boom", "`/bad=boom`"),
        ] {
            let err = FaultPlan::parse(spec).unwrap_err();
            assert!(err.contains(needle), "{spec}: {err}");
            assert!(err.contains("bad fault rule"), "{spec}: {err}");
        }
    }

    #[test]
    fn a_counted_rule_fires_exactly_count_times_then_later_rules_apply() {
        let active = ActiveFaults::new(FaultPlan::parse("GET /a=503x2;*=slow:5").unwrap());
        assert_eq!(
            active.take("POST", "/a"),
            Some(Fault::Slow(Duration::from_millis(5)))
        );
        assert_eq!(active.take("GET", "/a"), Some(Fault::Status(503)));
        assert_eq!(active.take("GET", "/a"), Some(Fault::Status(503)));
        assert_eq!(
            active.take("GET", "/a"),
            Some(Fault::Slow(Duration::from_millis(5)))
        );
        let none = ActiveFaults::new(FaultPlan::parse("/a/*=reset").unwrap());
        assert_eq!(none.take("GET", "/a"), None);
        assert_eq!(none.take("GET", "/a/b"), Some(Fault::Reset));
    }
}
