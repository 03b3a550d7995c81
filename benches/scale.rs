//! `cargo bench --bench scale`: the whole qdc process as a person meets it, on the release build.
//!
//! `qdc demo-server` runs as its own process on loopback; `qdc` runs in a pseudo-terminal of
//! 200×60 whose output a virtual terminal (vt100) reads, so every figure includes the pty.
//! Measured, interleaved in one run:
//!
//! - cold start to the first frame with source names (`--server URL`, `--demo`);
//! - listing every connection (the Connections pane until its title shows all of them) at 10k and
//!   100k, against the floor: a plain keep-alive HTTP/1.1 client that follows `links.next` with
//!   `limit=100` and decodes nothing; qdc's CPU per page and its resident memory once loaded;
//! - the same walk with the official client, `@qlik/api` on node (benches/qlik-api/: skipped,
//!   with the reason in its row, where node or the package is missing);
//! - key to screen in the pty: `j` and a filter keystroke at 10k loaded, `j` while a 3 s request
//!   is in flight and while 10k connections stream in.
//!
//! The machine is shared and noisy: figures are medians (and p99 where the goal is one), and
//! the ratios compare runs of the same moment. Nothing here asserts a time.
//!
//! - `QDC_BENCH_BIN=PATH`: measure another build of qdc (e.g. main before a change);
//! - `QDC_BENCH_SIZES=10000,100000`: the sizes listed (default both);
//! - `QDC_BENCH_RUNS=N`: walks per size and side (default 3 at 10k, 1 at 100k);
//! - `QDC_BENCH_LISTS_ONLY=1`: only the walks at latency 0, for an A/B of two builds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

// the demo tenant as the end-to-end tests start it (`qdc demo-server` on a free port)
#[path = "../tests/common/mod.rs"]
mod common;
use common::DemoTenant;

#[path = "qlik-api/run.rs"]
mod qlik_api;
use qlik_api::QlikApi;

const COLS: u16 = 200;
const ROWS: u16 = 60;

fn qdc_bin() -> String {
    std::env::var("QDC_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_qdc").to_string())
}

// ---------------------------------------------------------------------------------------------
// the demo tenant and the floor client

struct KeepAlive {
    stream: BufReader<TcpStream>,
    host: String,
}

impl KeepAlive {
    fn connect(host: &str) -> KeepAlive {
        let stream = TcpStream::connect(host).expect("the demo tenant answers");
        stream.set_nodelay(true).unwrap();
        KeepAlive {
            stream: BufReader::with_capacity(1 << 16, stream),
            host: host.to_string(),
        }
    }

    fn get(&mut self, path: &str) -> Vec<u8> {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer demo\r\nAccept: application/json\r\n\r\n",
            self.host
        );
        self.stream.get_mut().write_all(request.as_bytes()).unwrap();
        let mut length = None;
        let mut line = String::new();
        loop {
            line.clear();
            self.stream.read_line(&mut line).unwrap();
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let mut body = vec![0; length.expect("a Content-Length")];
        self.stream.read_exact(&mut body).unwrap();
        body
    }
}

/// The floor: every page of the list, following `links.next`, nothing decoded. Returns the
/// time and the number of pages.
fn floor_walk(host: &str) -> (Duration, usize) {
    let started = Instant::now();
    let mut client = KeepAlive::connect(host);
    let mut path = "/api/v1/data-connections?limit=100".to_string();
    let mut pages = 0;
    loop {
        let body = client.get(&path);
        pages += 1;
        let text = String::from_utf8_lossy(&body);
        let Some(at) = text.find("\"next\":{\"href\":\"") else {
            break;
        };
        let rest = &text[at + 16..];
        let href = &rest[..rest.find('"').unwrap()];
        path = href[href.find("/api/").unwrap()..].to_string();
    }
    (started.elapsed(), pages)
}

/// The number of connections the tenant lists (`meta.count`).
fn listed(host: &str) -> usize {
    let body = KeepAlive::connect(host).get("/api/v1/data-connections?limit=1");
    let text = String::from_utf8_lossy(&body);
    let at = text.find("\"count\":").expect("meta.count") + 8;
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// qdc in a pty

struct Screen {
    parser: vt100::Parser,
}

/// `qdc` in a pseudo-terminal; a reader thread feeds its output to a virtual terminal and wakes
/// whoever waits for the screen.
struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<(Mutex<Screen>, Condvar)>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _config: tempfile::TempDir,
}

impl Tui {
    fn start(args: &[&str]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let config = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(qdc_bin());
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("QLIK_API_KEY", "demo");
        cmd.env("QDC_CONFIG_DIR", config.path());
        cmd.env("HOME", config.path());
        let child = pair.slave.spawn_command(cmd).expect("qdc starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(
                    std::num::NonZeroU16::new(ROWS).unwrap(),
                    std::num::NonZeroU16::new(COLS).unwrap(),
                    0,
                ),
            }),
            Condvar::new(),
        ));
        let shared = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, wake) = &*shared;
                lock.lock().unwrap().parser.process(&buf[..n]);
                wake.notify_all();
            }
        });
        Tui {
            child,
            writer,
            screen,
            _master: pair.master,
            _config: config,
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("running")
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until `done` holds for the screen; the moment it was seen, or `None` after
    /// `timeout`.
    fn wait(&self, timeout: Duration, done: impl Fn(&str) -> bool) -> Option<Instant> {
        let end = Instant::now() + timeout;
        let (lock, wake) = &*self.screen;
        let mut s = lock.lock().unwrap();
        loop {
            if done(&s.parser.screen().contents()) {
                return Some(Instant::now());
            }
            let now = Instant::now();
            if now >= end {
                return None;
            }
            s = wake.wait_timeout(s, end - now).unwrap().0;
        }
    }

    fn contents(&self) -> String {
        self.screen.0.lock().unwrap().parser.screen().contents()
    }

    /// Sends `keys` and waits until `done` holds: the time from the write to the screen.
    fn key_to_screen(&mut self, keys: &str, done: impl Fn(&str) -> bool) -> Option<Duration> {
        let started = Instant::now();
        self.send(keys);
        self.wait(Duration::from_secs(10), done)
            .map(|seen| seen - started)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first frame with source names: the Sources title counts them.
fn sources_shown(screen: &str) -> bool {
    count_in_title(screen, "Sources").is_some_and(|(shown, _)| shown > 0)
}

/// `shown/total` after the pane's name in its title (` Connections 300/300 `); the tab bar
/// names the panes too, without counts.
fn count_in_title(screen: &str, pane: &str) -> Option<(usize, usize)> {
    let name = format!(" {pane} ");
    screen.match_indices(&name).find_map(|(at, _)| {
        let rest = &screen[at + name.len()..];
        let (a, b) = rest.split_once('/')?;
        let b: String = b.chars().take_while(char::is_ascii_digit).collect();
        Some((a.parse().ok()?, b.parse().ok()?))
    })
}

/// Every connection listed and the walk over.
fn all_listed(screen: &str, total: usize) -> bool {
    count_in_title(screen, "Connections") == Some((total, total)) && !screen.contains(" loaded ")
}

/// The screen line of the selection marker.
fn selected_line(screen: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains('▸'))
}

fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

fn resident_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// figures

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn keys_summary(samples: &[Duration]) -> String {
    if samples.is_empty() {
        return "no samples".into();
    }
    format!(
        "{} median, {} p99, {} max ({} keys)",
        ms(median(samples.to_vec())),
        ms(percentile(samples.to_vec(), 0.99)),
        ms(*samples.iter().max().unwrap()),
        samples.len()
    )
}

struct Table(Vec<(String, String)>);

impl Table {
    fn row(&mut self, what: impl Into<String>, figure: impl Into<String>) {
        let (what, figure) = (what.into(), figure.into());
        eprintln!("{what}: {figure}");
        self.0.push((what, figure));
    }
}

fn cold_start(table: &mut Table) {
    let tenant = DemoTenant::start_bin(&qdc_bin(), &[]);
    let url = tenant.url.clone();
    let (mut server, mut demo) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        for (args, out) in [
            (vec!["--server", url.as_str()], &mut server),
            (vec!["--demo"], &mut demo),
        ] {
            let started = Instant::now();
            let tui = Tui::start(&args);
            let seen = tui
                .wait(Duration::from_secs(10), sources_shown)
                .expect("the first frame with source names");
            out.push(seen - started);
        }
    }
    table.row(
        "cold start to the first frame with source names (`--server`, `--demo`)",
        format!("{}, {}", ms(median(server)), ms(median(demo))),
    );
}

/// One walk of the Connections pane: time from `3` to every connection listed, qdc's CPU and
/// resident memory after it; the TUI stays open for key measurements.
fn qdc_walk(tenant: &DemoTenant, total: usize) -> (Duration, Duration, f64, Tui) {
    let mut tui = Tui::start(&["--server", &tenant.url]);
    tui.wait(Duration::from_secs(10), sources_shown)
        .expect("the first frame");
    let cpu_before = cpu_time(tui.pid());
    let started = Instant::now();
    tui.send("3");
    let limit = Duration::from_secs(900);
    let Some(seen) = tui.wait(limit, |s| all_listed(s, total)) else {
        panic!("the walk did not finish; the screen:\n{}", tui.contents());
    };
    let cpu = cpu_time(tui.pid()).saturating_sub(cpu_before);
    let rss = resident_mb(tui.pid());
    (seen - started, cpu, rss, tui)
}

fn list(
    table: &mut Table,
    official: &Result<QlikApi, String>,
    connections: usize,
    runs: usize,
) -> Duration {
    let tenant = DemoTenant::start_bin(&qdc_bin(), &["--connections", &connections.to_string()]);
    let total = listed(tenant.host());
    let pages = total.div_ceil(100);
    let (mut floor, mut qdc, mut cpu, mut demo_cpu) = (vec![], vec![], vec![], vec![]);
    let mut rss = 0.0;
    let mut last_tui = None;
    let mut lib = Ok(Vec::new());
    for _ in 0..runs {
        let (took, n) = floor_walk(tenant.host());
        assert_eq!(n, pages);
        floor.push(took);
        qlik_api::walk_into(official, &tenant.url, (pages, total), &mut lib);
        let demo_before = cpu_time(tenant.pid().expect("a demo-server process"));
        let (took, used, resident, tui) = qdc_walk(&tenant, total);
        demo_cpu.push(
            cpu_time(tenant.pid().expect("a demo-server process")).saturating_sub(demo_before),
        );
        qdc.push(took);
        cpu.push(used);
        rss = resident;
        last_tui = Some(tui);
    }
    let (f, q) = (median(floor), median(qdc));
    table.row(
        format!("list {total} connections, latency 0"),
        format!(
            "{} = {:.2}× the floor ({}, keep-alive, limit 100, no decoding)",
            secs(q),
            q.as_secs_f64() / f.as_secs_f64(),
            secs(f)
        ),
    );
    let (what, figure) = qlik_api::row(official, total, lib, (f, q));
    table.row(what, figure);
    table.row(
        format!("qdc CPU per page of 100, {total} loaded"),
        format!(
            "{} (the demo tenant: {})",
            ms(median(cpu) / pages as u32),
            ms(median(demo_cpu) / pages as u32)
        ),
    );
    table.row(
        format!("resident memory, {total} loaded"),
        format!("{rss:.0} MB"),
    );
    if connections <= 10_000 {
        keys_at(table, last_tui.as_mut().unwrap(), total);
    }
    q
}

/// `j` and filter keystrokes with `total` rows loaded.
fn keys_at(table: &mut Table, tui: &mut Tui, total: usize) {
    let mut moves = Vec::new();
    for i in 0..200 {
        let before = selected_line(&tui.contents());
        let key = if i % 2 == 0 { "j" } else { "k" };
        if let Some(d) = tui.key_to_screen(key, |s| selected_line(s) != before) {
            moves.push(d);
        }
    }
    table.row(
        format!("`j` at 200×60, {total} loaded, key to screen incl. the pty"),
        keys_summary(&moves),
    );
    let mut typed = Vec::new();
    for _ in 0..40 {
        tui.send("/");
        tui.wait(Duration::from_secs(5), |s| s.contains('/'));
        let mut text = String::from("/");
        for ch in ["p", "e", "r"] {
            text.push_str(ch);
            let want = text.clone();
            if let Some(d) = tui.key_to_screen(ch, move |s| {
                s.contains(&want)
                    && count_in_title(s, "Connections").is_some_and(|(shown, _)| shown < total)
            }) {
                typed.push(d);
            }
        }
        tui.send("\x1b");
        tui.wait(Duration::from_secs(5), |s| {
            count_in_title(s, "Connections") == Some((total, total))
        });
        std::thread::sleep(Duration::from_millis(60));
    }
    table.row(
        format!("filter keystroke at {total} rows, key to screen incl. the pty"),
        keys_summary(&typed),
    );
}

/// `j`/`k` on Sources while the gateways request (3 s) is in flight.
fn keys_in_flight(table: &mut Table) {
    let tenant = DemoTenant::start_bin(
        &qdc_bin(),
        &["--faults", "GET /api/v1/data-sources/*=slow:3000"],
    );
    let mut samples = Vec::new();
    for _ in 0..3 {
        let mut tui = Tui::start(&["--server", &tenant.url]);
        // the sources themselves are slowed too: wait for them, then the gateways are in flight
        tui.wait(Duration::from_secs(10), sources_shown);
        let until = Instant::now() + Duration::from_millis(2500);
        let mut i = 0;
        while Instant::now() < until {
            let before = selected_line(&tui.contents());
            let key = if i % 2 == 0 { "j" } else { "k" };
            i += 1;
            if let Some(d) = tui.key_to_screen(key, |s| selected_line(s) != before) {
                samples.push(d);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    table.row(
        "key to screen while a 3 s request is in flight",
        keys_summary(&samples),
    );
}

/// `j`/`k` on Connections while 10k connections stream in (latency 0).
fn keys_while_streaming(table: &mut Table, connections: usize) {
    let tenant = DemoTenant::start_bin(&qdc_bin(), &["--connections", &connections.to_string()]);
    let total = listed(tenant.host());
    let mut samples = Vec::new();
    for _ in 0..3 {
        let mut tui = Tui::start(&["--server", &tenant.url]);
        tui.wait(Duration::from_secs(10), sources_shown);
        tui.send("3");
        tui.wait(Duration::from_secs(30), |s| selected_line(s).is_some());
        let mut i = 0;
        while !all_listed(&tui.contents(), total) {
            let before = selected_line(&tui.contents());
            let key = if i % 2 == 0 { "j" } else { "k" };
            i += 1;
            if let Some(d) = tui.key_to_screen(key, |s| selected_line(s) != before) {
                samples.push(d);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    table.row(
        format!("key to screen while {total} connections stream in (latency 0)"),
        keys_summary(&samples),
    );
}

fn list_with_latency(table: &mut Table, connections: usize) {
    let tenant = DemoTenant::start_bin(
        &qdc_bin(),
        &[
            "--connections",
            &connections.to_string(),
            "--latency-ms",
            "50",
        ],
    );
    let total = listed(tenant.host());
    let (floor, _) = floor_walk(tenant.host());
    let (qdc, _, _, _) = qdc_walk(&tenant, total);
    table.row(
        format!("list {total}, 50 ms per request"),
        format!(
            "{} = {:.2}× the floor ({})",
            secs(qdc),
            qdc.as_secs_f64() / floor.as_secs_f64(),
            secs(floor)
        ),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would run this too: do nothing then
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("QDC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let runs = |n: usize| {
        std::env::var("QDC_BENCH_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(if n > 10_000 { 1 } else { 3 })
    };
    eprintln!("qdc: {}", qdc_bin());
    let official = QlikApi::find();
    let mut table = Table(Vec::new());
    let lists_only = std::env::var_os("QDC_BENCH_LISTS_ONLY").is_some();
    if !lists_only {
        cold_start(&mut table);
    }
    let mut walks = Vec::new();
    let smallest = 1_000;
    walks.push((smallest, list(&mut table, &official, smallest, 3)));
    for &n in &sizes {
        walks.push((n, list(&mut table, &official, n, runs(n))));
    }
    if sizes.contains(&10_000) && !lists_only {
        list_with_latency(&mut table, 10_000);
        keys_while_streaming(&mut table, 10_000);
    }
    if !lists_only {
        keys_in_flight(&mut table);
    }
    // time ~ size^k between the smallest and the largest walk
    if let (Some(&(n0, t0)), Some(&(n1, t1))) = (walks.first(), walks.last()) {
        if n1 > n0 {
            let k = (t1.as_secs_f64() / t0.as_secs_f64()).ln() / (n1 as f64 / n0 as f64).ln();
            table.row(
                format!("exponent of the time to list, {n0} to {n1}"),
                format!("{k:.2}"),
            );
        }
    }
    println!("\n| figure | measured |\n|---|---|");
    for (what, figure) in &table.0 {
        println!("| {what} | {figure} |");
    }
}
