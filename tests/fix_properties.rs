//! Properties of `svcctl fix` over every rule fixture and every real-world corpus file, with safe
//! and unsafe fixes and every rule selected:
//! - it never introduces a finding: no rule reports more in a document after fixing than before,
//!   except the advice (not errors) about a Service type that a fix has just corrected — a
//!   `type: loadbalancer` made `LoadBalancer` is now judged as one (`load-balancer-without-source-ranges`);
//! - it never changes the YAML outside the edited nodes: both texts are parsed and their trees
//!   compared, and every difference must lie at (or beside, for a renamed key) a fixed finding's
//!   field, or be a list that lost an item a fix removed;
//! - it is idempotent: fixing the fixed text changes nothing.

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use svcctl::lint::fix::{FixOptions, FixRun, fix_texts};
use svcctl::lint::{LintOptions, Report, RuleSelection, Severity};
use svcctl::model::yaml::{Limits, Node, NodeKind, parse_stream};

fn options() -> LintOptions {
    let mut selection = RuleSelection::default();
    selection
        .select(&["all".to_string()])
        .expect("`all` selects every rule");
    LintOptions {
        selection,
        ..LintOptions::default()
    }
}

const FIX: FixOptions = FixOptions {
    unsafe_fixes: true,
    max_rounds: 10,
};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Findings per (rule, document); `revealed` leaves out the advice on documents whose type
/// was corrected.
fn counts(report: &Report, retyped: &[usize]) -> HashMap<(&'static str, usize), usize> {
    let mut counts = HashMap::new();
    for d in &report.diagnostics {
        let revealed = d.severity != Severity::Error
            && d.object
                .as_ref()
                .is_some_and(|o| retyped.contains(&o.document));
        if revealed {
            continue;
        }
        let document = d.object.as_ref().map_or(usize::MAX, |o| o.document);
        *counts.entry((d.rule.id, document)).or_insert(0) += 1;
    }
    counts
}

/// A path as segments: `spec.ports[0].nodePort` → spec, ports, 0, nodePort.
fn segments(field: &str) -> Vec<String> {
    field
        .split(['.', '[', ']'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where two trees differ: (path, whether it is a list whose length changed).
fn differences(a: &Node, b: &Node, at: &mut Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) => {
            if x.text != y.text || x.style != y.style || x.tag != y.tag {
                out.push((at.clone(), false));
            }
        }
        (NodeKind::Seq(x), NodeKind::Seq(y)) => {
            if x.len() != y.len() {
                out.push((at.clone(), true));
                return;
            }
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                at.push(i.to_string());
                differences(x, y, at, out);
                at.pop();
            }
        }
        (NodeKind::Map(x), NodeKind::Map(y)) => {
            let key = |n: &Node| n.scalar_text().unwrap_or("?").to_string();
            let ys: HashMap<String, &Node> = y.iter().map(|e| (key(&e.key), &e.value)).collect();
            let xs: HashMap<String, &Node> = x.iter().map(|e| (key(&e.key), &e.value)).collect();
            for (k, xv) in &xs {
                at.push(k.clone());
                match ys.get(k) {
                    Some(yv) => differences(xv, yv, at, out),
                    None => out.push((at.clone(), false)),
                }
                at.pop();
            }
            for k in ys.keys().filter(|k| !xs.contains_key(*k)) {
                at.push(k.clone());
                out.push((at.clone(), false));
                at.pop();
            }
        }
        _ => out.push((at.clone(), false)),
    }
}

fn allowed(difference: &(Vec<String>, bool), fixed: &[Vec<String>]) -> bool {
    let (d, list_shrank) = difference;
    fixed.iter().any(|f| {
        d.starts_with(f)
            || (d.len() == f.len() && d.len() > 1 && d[..d.len() - 1] == f[..f.len() - 1])
            || (*list_shrank && f.starts_with(d))
    })
}

/// Every property for one file; the problems found.
fn check(name: &str, text: &str) -> Vec<String> {
    let options = options();
    let run: FixRun = fix_texts(
        vec![(name.to_string(), text.to_string())],
        &options,
        &FIX,
        |_| true,
    );
    let Some(fixed) = run.texts.first().map(|t| t.fixed.clone()) else {
        return vec![format!("{name}: no text back")];
    };
    let mut problems = Vec::new();
    if fixed == text {
        return problems;
    }
    let before =
        svcctl::lint::driver::lint_texts(vec![(name.to_string(), text.to_string())], &options);
    let retyped: Vec<usize> = run
        .fixes
        .iter()
        .filter(|f| f.field.as_deref() == Some("spec.type"))
        .filter_map(|f| f.document)
        .collect();
    let (before, after) = (counts(&before, &[]), counts(&run.remaining, &retyped));
    for (key, n) in &after {
        if before.get(key).copied().unwrap_or(0) < *n {
            problems.push(format!(
                "{name}: fixing added a {} finding in document {}",
                key.0, key.1
            ));
        }
    }
    let fields: Vec<Vec<String>> = run
        .fixes
        .iter()
        .filter_map(|f| f.field.as_deref().map(segments))
        // The API server copies a lone `clusterIP` into `clusterIPs[0]` and names it so (D11).
        .flat_map(|f| {
            let lone = (f == ["spec", "clusterIPs", "0"]).then(|| segments("spec.clusterIP"));
            std::iter::once(f).chain(lone)
        })
        .collect();
    let (a, b) = (
        parse_stream(text, Limits::default()),
        parse_stream(&fixed, Limits::default()),
    );
    if a.documents.len() != b.documents.len() {
        problems.push(format!("{name}: fixing changed the number of documents"));
    }
    for (x, y) in a.documents.iter().zip(&b.documents) {
        let (Some(x), Some(y)) = (&x.root, &y.root) else {
            if x.root.is_some() != y.root.is_some() {
                problems.push(format!("{name}: fixing emptied or filled a document"));
            }
            continue;
        };
        let mut found = Vec::new();
        differences(x, y, &mut Vec::new(), &mut found);
        for d in found.iter().filter(|d| !allowed(d, &fields)) {
            problems.push(format!(
                "{name}: fixing changed {} (fixed: {:?})",
                d.0.join("."),
                run.fixes
            ));
        }
    }
    let again = fix_texts(
        vec![(name.to_string(), fixed.clone())],
        &options,
        &FIX,
        |_| true,
    );
    if again.texts.first().map(|t| &t.fixed) != Some(&fixed) {
        problems.push(format!("{name}: a second fix changed the text again"));
    }
    problems
}

fn check_all(files: &[PathBuf]) -> (usize, Vec<String>) {
    let mut changed = 0;
    let mut problems = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        let found = check(&name, &text);
        let run = fix_texts(vec![(name, text.clone())], &options(), &FIX, |_| true);
        changed += usize::from(run.texts.iter().any(|t| t.changed()));
        problems.extend(found);
    }
    (changed, problems)
}

#[test]
fn fixing_the_rule_fixtures_adds_no_finding_touches_only_fixed_nodes_and_is_idempotent() {
    let mut files = Vec::new();
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules"),
        &mut files,
    );
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix"),
        &mut files,
    );
    let (changed, problems) = check_all(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The fixtures are full of fixable mistakes: a run that fixed none would prove nothing.
    assert!(
        changed >= 20,
        "only {changed} fixtures were changed by fixing"
    );
}

#[test]
fn fixing_the_real_world_corpus_adds_no_finding_touches_only_fixed_nodes_and_is_idempotent() {
    let Some(dir) = corpus::real_world() else {
        return;
    };
    let mut files = Vec::new();
    yaml_files(&dir, &mut files);
    assert!(files.len() > 500, "only {} corpus files", files.len());
    let (_, problems) = check_all(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
