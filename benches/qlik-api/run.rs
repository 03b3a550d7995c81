//! The official Qlik client, `@qlik/api` on node, walking the demo tenant's connections
//! (`walk.mjs` beside this file), for the scale bench's comparison. node and the package are
//! optional: when either is missing the bench still runs and its row says why.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where `walk.mjs`, package.json and (once `npm ci` ran) node_modules live.
fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/qlik-api")
}

/// A node with `@qlik/api` installed beside the script.
pub struct QlikApi {
    /// e.g. "`@qlik/api` 2.19.0, node v20.20.2", for the table
    pub label: String,
}

/// One walk: the time from the list call to its last page, as node measured it.
pub struct Walk {
    pub took: Duration,
    pub pages: usize,
    pub connections: usize,
    pub rss_mb: f64,
}

impl QlikApi {
    /// node and the package, or why the comparison is skipped.
    pub fn find() -> Result<QlikApi, String> {
        let node = match Command::new("node").arg("--version").output() {
            Ok(out) if out.status.success() => {
                String::from_utf8_lossy(&out.stdout).trim().to_string()
            }
            Ok(_) => return Err("`node --version` failed".into()),
            Err(_) => return Err("node not found".into()),
        };
        let manifest = dir().join("node_modules/@qlik/api/package.json");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            return Err("run `npm ci --prefix benches/qlik-api` first".into());
        };
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["version"].as_str().map(str::to_string))
            .unwrap_or_else(|| "(unknown version)".into());
        Ok(QlikApi {
            label: format!("`@qlik/api` {version}, node {node}"),
        })
    }

    /// Every connection of the tenant at `url` (API key `demo`), following the library's own
    /// `next()`. An error is what the library or node said (its first lines).
    pub fn walk(&self, url: &str) -> Result<Walk, String> {
        let out = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (stdout, stderr) = (out.path().join("stdout"), out.path().join("stderr"));
        let mut child = Command::new("node")
            .arg(dir().join("walk.mjs"))
            .args([url, "demo"])
            .current_dir(dir())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).map_err(|e| e.to_string())?)
            .stderr(std::fs::File::create(&stderr).map_err(|e| e.to_string())?)
            .spawn()
            .map_err(|e| format!("node did not start: {e}"))?;
        // the timing is node's own: polling here only decides when to read it
        let end = Instant::now() + Duration::from_secs(900);
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if Instant::now() > end {
                let _ = child.kill();
                let _ = child.wait();
                return Err("no answer after 900 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let said = std::fs::read_to_string(&stdout).unwrap_or_default();
        if !status.success() {
            let err = std::fs::read_to_string(&stderr).unwrap_or_default();
            let first: Vec<&str> = err
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(3)
                .collect();
            return Err(format!("failed ({status}): {}", first.join(" / ")));
        }
        let v: serde_json::Value = serde_json::from_str(said.trim())
            .map_err(|e| format!("unexpected output {said:?}: {e}"))?;
        let count = |k: &str| v[k].as_u64().unwrap_or(0) as usize;
        Ok(Walk {
            took: Duration::from_secs_f64(v["ms"].as_f64().unwrap_or(0.0) / 1e3),
            pages: count("pages"),
            connections: count("connections"),
            rss_mb: v["rss_mb"].as_f64().unwrap_or(0.0),
        })
    }
}

/// One walk with `@qlik/api`, unless it is missing or failed before; a walk that ends short of
/// `(pages, connections)` is a failure too.
pub fn walk_into(
    official: &Result<QlikApi, String>,
    url: &str,
    (pages, connections): (usize, usize),
    walks: &mut Result<Vec<Walk>, String>,
) {
    let (Ok(lib), Ok(done)) = (official, walks.as_mut()) else {
        return;
    };
    match lib.walk(url) {
        Ok(w) if (w.pages, w.connections) == (pages, connections) => done.push(w),
        Ok(w) => {
            *walks = Err(format!(
                "ended at {} connections in {} pages, not {connections} in {pages}",
                w.connections, w.pages
            ))
        }
        Err(e) => *walks = Err(e),
    }
}

/// The table's row: `@qlik/api`'s median walk beside the floor `f` and qdc `q` of the same run, or why there is none.
pub fn row(
    official: &Result<QlikApi, String>,
    total: usize,
    walks: Result<Vec<Walk>, String>,
    (f, q): (Duration, Duration),
) -> (String, String) {
    let what = match official {
        Ok(lib) => format!(
            "list {total} connections with the official client ({}), latency 0",
            lib.label
        ),
        Err(_) => {
            format!("list {total} connections with the official client (`@qlik/api`), latency 0")
        }
    };
    let figure = match (official, walks) {
        (Err(why), _) => format!("skipped: {why}"),
        (Ok(_), Err(why)) => format!("failed: {why}"),
        (Ok(_), Ok(walks)) => {
            let rss = walks.iter().map(|w| w.rss_mb).fold(0.0, f64::max);
            let a = median(walks.into_iter().map(|w| w.took).collect());
            format!(
                "{} = {:.2}× the floor ({}); qdc {} = {:.2}× `@qlik/api` (node's peak RSS {rss:.0} MB)",
                secs(a),
                a.as_secs_f64() / f.as_secs_f64(),
                secs(f),
                secs(q),
                q.as_secs_f64() / a.as_secs_f64(),
            )
        }
    };
    (what, figure)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
