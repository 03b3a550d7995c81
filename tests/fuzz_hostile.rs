//! Mutation fuzzing of every parser that reads what a tenant (or a user's file) sends: the
//! sanitiser, the API decoders (lists, api-specs, errors), api-specs → form → body, the config
//! parser and the `--faults` parser. Seeds are the demo catalog and `config.example.toml`; each
//! case mutates one seed (values swapped for absurd ones, keys dropped, bytes flipped or cut)
//! and feeds it to every target. The only assertion is the one that matters: no panic, and no
//! unsafe character out of the sanitiser.
//!
//! `cargo test` runs a short pass (500 cases per target). Long runs outside CI:
//! `QDC_FUZZ_CASES=1000000 cargo test --release --test fuzz_hostile -- --nocapture`
//! (the counts of the last long run are in the README).

use std::path::Path;

use serde_json::{json, Value};

use qdc::api::models::{ApiSpecs, ConnectionsPage, DataSourcesResponse};
use qdc::schema::{preview_json, validate, CredentialsMode, Draft, Form};

fn cases() -> u64 {
    std::env::var("QDC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(500)
}

fn seed(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

const NASTY: &[&str] = &[
    "",
    "\u{1b}]52;c;cHduZWQ=\u{7}",
    "\u{1b}[2J\u{9b}31m",
    "\u{202e}\u{200b}\u{2060}\u{feff}",
    "\0\r\n\t",
    "9223372036854775807",
    "-1",
    "🚀👩‍👩‍👧",
    "%s%n%x",
    "../../etc/passwd",
    "{\"a\":",
];

fn nasty_value(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(0..12) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(i64::MAX),
        3 => json!(i64::MIN),
        4 => json!(u64::MAX),
        5 => json!(rng.f64() * 1e300),
        6 => json!(-0.0),
        7 => json!(NASTY[rng.usize(0..NASTY.len())]),
        8 => json!([]),
        9 => json!({}),
        10 => {
            let n = rng.usize(0..40);
            Value::String(
                (0..n)
                    .map(|_| char::from_u32(rng.u32(0..0x11_0000)).unwrap_or('x'))
                    .collect(),
            )
        }
        _ => json!("x".repeat(rng.usize(0..5000))),
    }
}

/// Changes a few nodes of `v` at random.
fn mutate(v: &mut Value, rng: &mut fastrand::Rng, depth: usize) {
    if depth > 0 && rng.u8(0..6) == 0 {
        *v = nasty_value(rng);
        return;
    }
    match v {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for _ in 0..rng.usize(1..3) {
                let k = &keys[rng.usize(0..keys.len())];
                match rng.u8(0..5) {
                    0 => {
                        map.remove(k);
                    }
                    1 => {
                        map.insert(
                            format!("{k}{}", NASTY[rng.usize(0..NASTY.len())]),
                            nasty_value(rng),
                        );
                    }
                    _ => {
                        if let Some(child) = map.get_mut(k) {
                            mutate(child, rng, depth + 1);
                        }
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.usize(0..items.len());
            match rng.u8(0..4) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
                _ => mutate(&mut items[i], rng, depth + 1),
            }
        }
        _ => *v = nasty_value(rng),
    }
}

/// The document as bytes, sometimes cut or with a byte flipped (a truncated or corrupted body).
fn bytes_of(v: &Value, rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut b = serde_json::to_vec(v).unwrap();
    match rng.u8(0..6) {
        0 if !b.is_empty() => b.truncate(rng.usize(0..b.len())),
        1 if !b.is_empty() => {
            let i = rng.usize(0..b.len());
            b[i] = rng.u8(..);
        }
        _ => {}
    }
    b
}

fn form_to_body(spec: &Value) {
    let form = Form::from_api_specs(spec);
    let values = form.initial_values();
    for mode in [
        CredentialsMode::Embedded,
        CredentialsMode::SeparateNew {
            credentials_name: "c".into(),
        },
    ] {
        let _ = validate(&form, &values, "n", "DG_x", &mode, Some("g"));
        let draft = Draft {
            form: &form,
            values: &values,
            qname: "n",
            space_id: Some("s"),
            data_source_id: "x",
            credentials: &mode,
            gateway: Some("g"),
        };
        if let Ok(body) = draft.create_body() {
            let _ = preview_json(&body, &form);
        }
        let _ = draft.auth_url_body();
    }
}

fn run(name: &str, target: impl Fn(&mut fastrand::Rng)) {
    let n = cases();
    let mut rng = fastrand::Rng::with_seed(0x9d_c0de ^ name.len() as u64);
    for _ in 0..n {
        target(&mut rng);
    }
    eprintln!("fuzz {name}: {n} cases, no panic");
}

#[test]
fn fuzz_api_decoders() {
    let seeds = [
        seed("assets/demo/data-connections/list.json"),
        seed("assets/demo/data-sources.json"),
        seed("assets/demo/api-specs/AmazonS3ConnectorV2.json"),
        json!({"errors": [{"code": "DCERROR-0010", "title": "Bad", "detail": "d", "status": 400}], "traceId": "t"}),
    ];
    run("api decoders (lists, api-specs, errors)", |rng| {
        let mut doc = seeds[rng.usize(0..seeds.len())].clone();
        mutate(&mut doc, rng, 0);
        let bytes = bytes_of(&doc, rng);
        let _ = serde_json::from_slice::<ConnectionsPage>(&bytes);
        let _ = serde_json::from_slice::<DataSourcesResponse>(&bytes);
        let _ = serde_json::from_slice::<ApiSpecs>(&bytes);
        let status = [400, 401, 404, 409, 429, 500, 503, 0, 999][rng.usize(0..9)];
        let _ = qdc::api::Error::from_response("GET /x", status, &bytes, None).summary();
    });
}

#[test]
fn fuzz_api_specs_to_form_to_body() {
    let seeds = [
        seed("assets/demo/api-specs/AmazonS3ConnectorV2.json"),
        seed("assets/demo/api-specs/DG_databricks.json"),
        seed("assets/demo/api-specs/DG_gbq.json"),
    ];
    run("api-specs -> form -> body", |rng| {
        let mut doc = seeds[rng.usize(0..seeds.len())].clone();
        for _ in 0..rng.usize(1..4) {
            mutate(&mut doc, rng, 0);
        }
        form_to_body(&doc);
    });
}

#[test]
fn fuzz_config_parser() {
    let example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml"))
            .unwrap();
    let lines: Vec<&str> = example.lines().collect();
    run("config parser", |rng| {
        let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..rng.usize(1..6) {
            let i = rng.usize(0..text.len());
            match rng.u8(0..4) {
                0 => text[i] = text[i].replace('"', ""),
                1 => text[i].push_str(NASTY[rng.usize(0..NASTY.len())]),
                2 => {
                    let cut = rng.usize(0..=text[i].len());
                    let cut = (0..=cut)
                        .rev()
                        .find(|c| text[i].is_char_boundary(*c))
                        .unwrap_or(0);
                    text[i].truncate(cut);
                }
                _ => text[i] = format!("[profiles.\"{}\"]", NASTY[rng.usize(0..NASTY.len())]),
            }
        }
        let _ = qdc::config::ConfigFile::parse(&text.join("\n"), Path::new("fuzz.toml"));
    });
}

#[test]
fn fuzz_faults_parser() {
    const PARTS: &[&str] = &[
        "GET ",
        "post ",
        "/api/v1/data-connections",
        "*",
        "/x*",
        "=",
        "429",
        ":",
        "5",
        "x",
        "3",
        "slow",
        "reset-after",
        "next-host",
        "expires-in",
        "redirect",
        "hostile",
        ";",
        " ",
        "99999999999999999999",
        "\u{202e}",
        "",
    ];
    run("--faults parser", |rng| {
        let spec: String = (0..rng.usize(0..12))
            .map(|_| PARTS[rng.usize(0..PARTS.len())])
            .collect();
        let _ = qdc::demo::FaultPlan::parse(&spec);
    });
}

#[test]
fn fuzz_sanitiser() {
    run("sanitiser", |rng| {
        let n = rng.usize(0..64);
        let s: String = (0..n)
            .map(|_| match rng.u8(0..4) {
                0 => char::from_u32(rng.u32(0..0x100)).unwrap_or('x'),
                1 => char::from_u32(rng.u32(0x2000..0x2070)).unwrap_or('x'),
                _ => char::from_u32(rng.u32(0..0x11_0000)).unwrap_or('x'),
            })
            .collect();
        assert!(!qdc::text::sanitize(&s).chars().any(qdc::text::is_unsafe));
        assert!(!qdc::text::sanitize_lines(&s)
            .chars()
            .any(|c| c != '\n' && qdc::text::is_unsafe(c)));
    });
}
