//! Helpers for end-to-end runs: the demo tenant as a child process, and the real `qdc` binary in
//! a pseudo-terminal whose output is interpreted by a virtual terminal (vt100).

#![allow(dead_code)]

pub mod in_process;
mod screen;

pub use screen::Screen;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

pub const QDC: &str = env!("CARGO_BIN_EXE_qdc");

/// `qdc demo-server` on a free port; killed when dropped.
pub struct DemoTenant {
    /// `None` for the second and later tenants of one `--tenants` process (the first owns it).
    child: Option<Child>,
    pub url: String,
}

impl DemoTenant {
    pub fn start(latency_ms: u64) -> DemoTenant {
        DemoTenant::start_with(&["--latency-ms", &latency_ms.to_string()])
    }

    /// `qdc demo-server` with extra flags, e.g. `["--api-key", "k2"]`, `["--connections", "30"]`
    /// or `["--faults", "POST /api/v1/data-connections=500x1"]`.
    pub fn start_with(args: &[&str]) -> DemoTenant {
        DemoTenant::start_bin(QDC, args)
    }

    /// [`DemoTenant::start_with`] from the qdc binary at `bin` (the benches can measure
    /// another build).
    pub fn start_bin(bin: &str, args: &[&str]) -> DemoTenant {
        let mut child = Command::new(bin)
            .args(["demo-server", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("qdc demo-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the ready line");
        let url = line
            .trim()
            .strip_prefix("qdc demo tenant listening on ")
            .unwrap_or_else(|| panic!("unexpected ready line {line:?}"))
            .to_string();
        DemoTenant {
            child: Some(child),
            url,
        }
    }

    /// The process id of the demo tenant's process (none for one in this process).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// `qdc demo-server --tenants NAMES` (one process): one `DemoTenant` per name, in order.
    /// The first owns the process: keep them all alive together.
    pub fn start_tenants(names: &[&str], args: &[&str]) -> Vec<DemoTenant> {
        let mut child = Command::new(QDC)
            .args([
                "demo-server",
                "--addr",
                "127.0.0.1:0",
                "--tenants",
                &names.join(","),
            ])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("qdc demo-server starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut tenants = Vec::new();
        for name in names {
            let mut line = String::new();
            out.read_line(&mut line).expect("a ready line");
            let url = line
                .trim()
                .strip_prefix(&format!("qdc demo tenant {name} listening on "))
                .unwrap_or_else(|| panic!("unexpected ready line {line:?}"))
                .to_string();
            tenants.push(DemoTenant { child: None, url });
        }
        tenants[0].child = Some(child);
        tenants
    }
}

impl DemoTenant {
    /// `host:port`, as the header shows it.
    pub fn host(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// One plain HTTP/1.1 exchange with the demo tenant (bearer `demo`): status and body.
    pub fn http(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        use std::net::TcpStream;
        let host = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).expect("the demo tenant answers");
        let body = body.unwrap_or("");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer demo\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        (
            status,
            if chunked {
                dechunk(rest)
            } else {
                rest.to_string()
            },
        )
    }

    /// `GET` a JSON document.
    pub fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.http("GET", path, None);
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// Every request the tenant received since the last `clear_requests`.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        match self.json("/_demo/requests") {
            serde_json::Value::Array(v) => v,
            other => panic!("not a list: {other}"),
        }
    }

    pub fn clear_requests(&self) {
        self.http("DELETE", "/_demo/requests", None);
    }

    /// (id, name) of the first `n` connections the tenant lists.
    pub fn first_connections(&self, n: usize) -> Vec<(String, String)> {
        let list = self.json("/api/v1/data-connections?limit=100");
        list["data"].as_array().expect("a list")[..n]
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_string(),
                    c["qName"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// The requests with this method whose path starts with `prefix`.
    pub fn requests_to(&self, method: &str, prefix: &str) -> Vec<serde_json::Value> {
        self.requests()
            .into_iter()
            .filter(|r| {
                r["method"] == method && r["path"].as_str().unwrap_or("").starts_with(prefix)
            })
            .collect()
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

impl Drop for DemoTenant {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `qdc` binary in a pty of the given size.
pub struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    // kept open for the child's lifetime
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Tui {
    /// `qdc --server URL` on `tenant` with its key, at `cols`×`rows`.
    pub fn on(tenant: &DemoTenant, cols: u16, rows: u16) -> Tui {
        Tui::on_with(tenant, &[], cols, rows)
    }

    /// [`Tui::on`] with more environment, e.g. `[("TMUX", ...)]`.
    pub fn on_with(tenant: &DemoTenant, env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let mut all = vec![("QLIK_API_KEY", "demo")];
        all.extend_from_slice(env);
        Tui::start(&["--server", &tenant.url], &all, cols, rows)
    }

    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(QDC);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("qdc starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows > 0"),
            std::num::NonZeroU16::new(cols).expect("cols > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // raw first: a test that saw text on the screen must find its bytes in raw()
                r.lock().unwrap().extend_from_slice(&buf[..n]);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Tui {
            child,
            writer,
            parser,
            raw,
            _master: pair.master,
        }
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        if keys.ends_with('\x1b') {
            // a lone Esc followed at once by a key reads as Alt+key: let it stand alone
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// The pty's local modes as `stty` would name them (`ICANON`, `ECHO`, `ISIG`, ...), also
    /// after the program ended.
    pub fn local_modes(&self) -> Vec<String> {
        let termios = format!("{:?}", self._master.get_termios().expect("a unix pty"));
        let start = termios.find("local_flags: ").expect("local flags") + "local_flags: ".len();
        let rest = &termios[start..];
        let inner = rest
            .split_once('(')
            .map(|(_, r)| r)
            .unwrap_or(rest)
            .split(')')
            .next()
            .unwrap_or("");
        inner.split(" | ").map(|f| f.trim().to_string()).collect()
    }

    /// The terminal as the program left it: out of the alternate screen, cursor shown, bracketed
    /// paste off, and the line discipline cooked again (ICANON, ECHO, ISIG).
    pub fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw()).to_string();
        let last = |s: &str| raw.rfind(s).map(|i| i as i64).unwrap_or(-1);
        assert!(
            last("\x1b[?1049l") > last("\x1b[?1049h"),
            "still on the alternate screen"
        );
        assert!(
            last("\x1b[?25h") > last("\x1b[?25l"),
            "the cursor is hidden"
        );
        assert!(
            last("\x1b[?2004l") >= last("\x1b[?2004h"),
            "bracketed paste is on"
        );
        let modes = self.local_modes();
        for mode in ["ICANON", "ECHO", "ISIG"] {
            assert!(modes.iter().any(|m| m == mode), "{mode} is off: {modes:?}");
        }
    }

    /// Sends a signal (`TERM`, `HUP`, ...) to the program.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a running child");
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{name} {pid}");
    }

    /// Waits for the program to exit; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let end = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // let the reader thread take the last bytes
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("qdc did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Screen for Tui {
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A HOME, config dir and keyring file of its own; removed when dropped.
pub struct Sandbox {
    pub home: tempfile::TempDir,
    pub keyring: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            home: tempfile::tempdir().unwrap(),
            keyring: tempfile::tempdir().unwrap(),
        }
    }

    pub fn config_file(&self) -> std::path::PathBuf {
        self.home.path().join("qdc-config/config.toml")
    }

    pub fn env(&self) -> Vec<(String, String)> {
        let home = self.home.path();
        vec![
            ("HOME".into(), home.display().to_string()),
            (
                "XDG_CONFIG_HOME".into(),
                home.join(".config").display().to_string(),
            ),
            (
                "QDC_CONFIG_DIR".into(),
                home.join("qdc-config").display().to_string(),
            ),
            (
                "QDC_KEYRING".into(),
                format!(
                    "mock-file:{}",
                    self.keyring.path().join("secrets.json").display()
                ),
            ),
            // empty counts as unset: no secret from the environment of whoever runs the tests
            ("QLIK_API_KEY".into(), String::new()),
            ("QLIK_CLIENT_SECRET".into(), String::new()),
            ("DBUS_SESSION_BUS_ADDRESS".into(), String::new()),
            ("QLIK_CLI_USER_HOME_DIR".into(), String::new()),
        ]
    }

    /// `qdc profile add NAME --server URL [extra]` with the key on stdin, as a user would pipe it.
    pub fn add_profile(&self, name: &str, url: &str, key: &str, extra: &[&str]) {
        let mut child = Command::new(QDC)
            .args(["profile", "add", name, "--server", url])
            .args(extra)
            .envs(self.env())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{key}").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "profile add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn tui(&self, args: &[&str], cols: u16, rows: u16) -> Tui {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Tui::start(args, &env, cols, rows)
    }
}
