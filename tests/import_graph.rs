//! One-way imports: no circle of `use` (or inline paths) between the modules of `src/app`, nor
//! between those of `src/api`. Test code (`tests.rs`, `*_tests.rs`, anything after a
//! `#[cfg(test)]` at the start of a line) may import anything and is left out.
//!
//! A module is a file. An edge A → B is any path in A that names an item of B
//! (`crate::app::b::X`, `super::X`, `self::b::X`, `b::X` for a child `b`); `mod b;` itself is not
//! an edge. A child that takes an item from its parent therefore closes a circle as soon as the
//! parent re-exports the child: children import their siblings, parents only re-export.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

fn module_files(root: &Path) -> BTreeMap<ModPath, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let rel = file.strip_prefix(root).expect("under src");
        let mut parts: ModPath = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        modules.insert(parts, file);
    }
    modules
}

/// The source without comments, string and char literals, and without test code.
fn code_of(text: &str) -> String {
    let text = match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            out.push_str("\"\"");
            i += j + 1;
        } else if let Some(raw) = rest.strip_prefix("r#\"") {
            i += raw.find("\"#").map_or(rest.len(), |e| e + 5);
        } else if rest.starts_with('\'') && rest.len() > 2 {
            // a char literal ('x', '\n') or a lifetime ('a): only the literal is skipped
            let b = rest.as_bytes();
            if b[1] == b'\\' {
                i += rest[2..].find('\'').map_or(1, |e| e + 3);
            } else if b.get(2) == Some(&b'\'') {
                i += 3;
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        match c {
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push(Token::Colons);
                i += 1;
            }
            '{' => out.push(Token::Open),
            '}' => out.push(Token::Close),
            ',' => out.push(Token::Comma),
            c if c.is_whitespace() => {}
            _ => out.push(Token::Other),
        }
        i += 1;
    }
    out
}

/// Every path at `at` (`a::b::{c, d::e}` gives a::b::c and a::b::d::e), and where it ends.
fn paths_at(toks: &[Token], mut at: usize, prefix: ModPath, out: &mut Vec<ModPath>) -> usize {
    let mut path = prefix;
    loop {
        match toks.get(at) {
            Some(Token::Ident(name)) => {
                path.push(name.clone());
                at += 1;
            }
            Some(Token::Open) => {
                at += 1;
                loop {
                    at = paths_at(toks, at, path.clone(), out);
                    match toks.get(at) {
                        Some(Token::Comma) => at += 1,
                        Some(Token::Close) => return at + 1,
                        _ => return at,
                    }
                    if toks.get(at) == Some(&Token::Close) {
                        return at + 1;
                    }
                }
            }
            _ => {
                out.push(path);
                return at;
            }
        }
        if toks.get(at) == Some(&Token::Colons) {
            at += 1;
        } else {
            out.push(path);
            return at;
        }
    }
}

/// The modules a file names, as absolute module paths (crate root = empty path).
fn references(module: &ModPath, code: &str, children: &BTreeSet<String>) -> Vec<ModPath> {
    let toks = tokens(code);
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // `pub(in crate::x)` is a visibility, not a use
        let after_colons =
            i > 0 && (toks[i - 1] == Token::Colons || toks[i - 1] == Token::Ident("in".into()));
        let starts_path = matches!(&toks[i], Token::Ident(w)
            if !after_colons
                && toks.get(i + 1) == Some(&Token::Colons)
                && (w == "crate" || w == "super" || w == "self" || children.contains(w)));
        let use_group = matches!(&toks[i], Token::Ident(w) if w == "use")
            && toks.get(i + 1) == Some(&Token::Open);
        if !starts_path && !use_group {
            i += 1;
            continue;
        }
        let mut paths = Vec::new();
        let start = if use_group { i + 1 } else { i };
        i = paths_at(&toks, start, Vec::new(), &mut paths).max(i + 1);
        for path in paths {
            let mut absolute = module.clone();
            let mut segments = path.into_iter().peekable();
            match segments.peek().map(String::as_str) {
                Some("crate") => {
                    absolute.clear();
                    segments.next();
                }
                Some("self") => {
                    segments.next();
                }
                Some("super") => {
                    while segments.peek().map(String::as_str) == Some("super") {
                        segments.next();
                        absolute.pop();
                    }
                }
                Some(first) if children.contains(first) => {}
                _ => continue,
            }
            absolute.extend(segments.filter(|s| s != "self"));
            found.push(absolute);
        }
    }
    found
}

/// The longest prefix of `path` that is a module.
fn owner<'a>(path: &ModPath, modules: &'a BTreeMap<ModPath, PathBuf>) -> Option<&'a ModPath> {
    (0..=path.len())
        .rev()
        .find_map(|n| modules.get_key_value(&path[..n]).map(|(k, _)| k))
}

fn edges(modules: &BTreeMap<ModPath, PathBuf>) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut graph = BTreeMap::new();
    for (module, file) in modules {
        let code = code_of(&std::fs::read_to_string(file).expect("read module"));
        let children: BTreeSet<String> = modules
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .map(|m| m[module.len()].clone())
            .collect();
        let targets = graph.entry(module.clone()).or_insert_with(BTreeSet::new);
        for path in references(module, &code, &children) {
            if let Some(target) = owner(&path, modules) {
                if target != module {
                    targets.insert(target.clone());
                }
            }
        }
    }
    graph
}

/// Strongly connected components with more than one module (Tarjan).
fn circles(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>, within: &str) -> Vec<Vec<String>> {
    let nodes: Vec<&ModPath> = graph
        .keys()
        .filter(|m| m.first().is_some_and(|f| f == within))
        .collect();
    let index_of: BTreeMap<&ModPath, usize> =
        nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|m| {
            graph[*m]
                .iter()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    struct Walk {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], w: &mut Walk) {
        w.index[v] = Some(w.next);
        w.low[v] = w.next;
        w.next += 1;
        w.stack.push(v);
        w.on_stack[v] = true;
        for &t in &adj[v] {
            match w.index[t] {
                None => {
                    visit(t, adj, w);
                    w.low[v] = w.low[v].min(w.low[t]);
                }
                Some(i) if w.on_stack[t] => w.low[v] = w.low[v].min(i),
                _ => {}
            }
        }
        if Some(w.low[v]) == w.index[v] {
            let mut scc = Vec::new();
            while let Some(t) = w.stack.pop() {
                w.on_stack[t] = false;
                scc.push(t);
                if t == v {
                    break;
                }
            }
            if scc.len() > 1 {
                w.out.push(scc);
            }
        }
    }
    let n = nodes.len();
    let mut walk = Walk {
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if walk.index[v].is_none() {
            visit(v, &adj, &mut walk);
        }
    }
    walk.out
        .into_iter()
        .map(|scc| {
            let mut names: Vec<String> = scc.iter().map(|&i| nodes[i].join("::")).collect();
            names.sort();
            names
        })
        .collect()
}

fn describe(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>, circle: &[String]) -> String {
    let mut lines = vec![format!("circle: {}", circle.join(", "))];
    for name in circle {
        let module: ModPath = name.split("::").map(String::from).collect();
        let inside: Vec<String> = graph[&module]
            .iter()
            .map(|t| t.join("::"))
            .filter(|t| circle.contains(t))
            .collect();
        lines.push(format!("  {name} -> {}", inside.join(", ")));
    }
    lines.join("\n")
}

fn check(within: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = edges(&module_files(&root));
    let found = circles(&graph, within);
    let report: Vec<String> = found.iter().map(|c| describe(&graph, c)).collect();
    assert!(
        found.is_empty(),
        "imports inside src/{within} go round in a circle:\n{}",
        report.join("\n")
    );
}

#[test]
fn no_import_circle_inside_app() {
    check("app");
}

#[test]
fn no_import_circle_inside_api() {
    check("api");
}

#[test]
fn the_check_sees_a_circle_through_a_parent_and_a_child_import_group() {
    let mut graph = BTreeMap::new();
    let m = |s: &str| -> ModPath { s.split("::").map(String::from).collect() };
    let children = BTreeSet::from(["map".to_string()]);
    for r in references(
        &m("app::keymap"),
        &code_of("pub use map::{Bound, Keymap};\n// use crate::app::state;\nfn f() {}"),
        &children,
    ) {
        graph
            .entry(m("app::keymap"))
            .or_insert_with(BTreeSet::new)
            .insert(r[..3].to_vec());
    }
    let refs = references(
        &m("app::keymap::map"),
        &code_of("use super::{names::closest, Intent};\nlet s = \"crate::app::x\";"),
        &BTreeSet::new(),
    );
    assert_eq!(
        refs,
        vec![m("app::keymap::names::closest"), m("app::keymap::Intent")]
    );
    graph.insert(m("app::keymap::map"), BTreeSet::from([m("app::keymap")]));
    assert_eq!(
        circles(&graph, "app"),
        vec![vec![
            "app::keymap".to_string(),
            "app::keymap::map".to_string()
        ]]
    );
}

#[test]
fn ui_draws_state_and_never_reaches_into_update() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = edges(&module_files(&root));
    let reaching: Vec<String> = graph
        .iter()
        .filter(|(from, _)| from.first().is_some_and(|f| f == "ui"))
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|t| t.len() >= 2 && t[0] == "app" && t[1] == "update")
                .map(move |t| format!("{} -> {}", from.join("::"), t.join("::")))
        })
        .collect();
    assert!(reaching.is_empty(), "ui imports update code: {reaching:?}");
}
