//! Real public Helm charts read without Helm (issue 23, "Done when"): over every chart of the
//! corpus `scripts/helm-corpus.sh` extracts, raw templates never get a `yaml-syntax` finding, and
//! literal mistakes planted in copies of each Service template are found at their lines.
//!
//! SVCCTL_HELM_CORPUS names the extracted folder; unset, the test says so in one line and passes
//! (the charts are not part of the repository):
//!
//!   scripts/helm-corpus.sh /tmp/svcctl-helm-corpus
//!   SVCCTL_HELM_CORPUS=/tmp/svcctl-helm-corpus cargo test --test helm_corpus -- --nocapture

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use svcctl::lint::driver::{Input, LintOptions, lint, lint_texts};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SVCCTL_HELM_CORPUS").map(PathBuf::from);
    if dir.is_none() {
        println!("skipped: SVCCTL_HELM_CORPUS is not set (see scripts/helm-corpus.sh)");
    }
    dir
}

/// Every chart template (`templates/**/*.yaml|yml`, outside `templates/tests/`).
fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let name = path.to_string_lossy();
            if name.contains("/templates/")
                && !name.contains("/templates/tests/")
                && (name.ends_with(".yaml") || name.ends_with(".yml"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A planted mistake: the template's text with it, the 1-based line it is on, and the rules
/// that name it (an out-of-range nodePort on a Service whose literal type is ClusterIP is
/// reported as a nodePort on ClusterIP, as the API server does).
struct Planted {
    text: String,
    line: usize,
    rules: &'static [&'static str],
}

/// The lines of the first document of `text` that is a Service (`kind: Service`).
fn service_lines(text: &str) -> Option<std::ops::Range<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    let kind = lines.iter().position(|l| l.trim_end() == "kind: Service")?;
    let start = lines
        .get(..kind)?
        .iter()
        .rposition(|l| l.starts_with("---"))
        .map_or(0, |i| i + 1);
    let end = lines
        .iter()
        .skip(kind)
        .position(|l| l.starts_with("---"))
        .map_or(lines.len(), |i| kind + i);
    Some(start..end)
}

fn plant(text: &str) -> Vec<Planted> {
    let Some(range) = service_lines(text) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut planted = Vec::new();
    // `protocol: TCP` written literally becomes `protocol: HTTP`.
    if let Some(i) = range
        .clone()
        .find(|&i| lines.get(i).is_some_and(|l| l.trim() == "protocol: TCP"))
    {
        let mut copy = lines.clone();
        let replaced = lines.get(i).map(|l| l.replace("TCP", "HTTP"));
        if let (Some(slot), Some(replaced)) = (copy.get_mut(i), replaced.as_deref()) {
            *slot = replaced;
            planted.push(Planted {
                text: copy.join("\n") + "\n",
                line: i + 1,
                rules: &["invalid-protocol"],
            });
        }
    }
    // `nodePort: 99999` inserted under a literal `- port:` or `targetPort:` line.
    // Not in a port that writes its own nodePort: the planted one would be a duplicate key,
    // the later one winning.
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let has_node_port = |i: usize, indent: usize| {
        let in_item = |l: &&&str| {
            l.trim().is_empty() || l.trim_start().starts_with("{{") || indent_of(l) >= indent
        };
        let after = lines.iter().skip(i + 1).take_while(in_item);
        let before = lines
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(in_item);
        after
            .chain(before)
            .any(|l| l.trim_start().starts_with("nodePort:"))
    };
    let under = range.clone().find_map(|i| {
        let line = lines.get(i)?;
        let trimmed = line.trim_start();
        let indent = indent_of(line);
        let (i, indent) = if trimmed.starts_with("- port:") {
            (i, indent + 2)
        } else if trimmed.starts_with("targetPort:") {
            (i, indent)
        } else {
            return None;
        };
        (!has_node_port(i, indent)).then_some((i, indent))
    });
    if let Some((i, indent)) = under {
        let mut copy: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        copy.insert(i + 1, format!("{}nodePort: 99999", " ".repeat(indent)));
        planted.push(Planted {
            text: copy.join("\n") + "\n",
            line: i + 2,
            rules: &["node-port-range", "node-port-on-cluster-ip"],
        });
    }
    planted
}

#[test]
fn raw_templates_of_real_charts_read_without_false_syntax_errors_and_planted_mistakes_are_found() {
    let Some(dir) = corpus() else {
        return;
    };
    let started = Instant::now();
    let report = lint(&[Input::Path(dir.clone())], &LintOptions::default());
    let took = started.elapsed();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &report.diagnostics {
        *by_rule.entry(d.rule.id).or_default() += 1;
    }
    let charts = by_rule.get("helm-chart-not-rendered").copied().unwrap_or(0);
    println!(
        "{charts} charts, {} files linted ({} objects, {} Services) in {took:.2?}",
        report.summary.files, report.summary.objects, report.summary.services
    );
    println!("findings by rule: {by_rule:?}");
    let syntax: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "yaml-syntax")
        .map(|d| format!("{}:{}: {}", d.file.name, d.start().line, d.message))
        .collect();
    assert!(
        syntax.is_empty(),
        "false yaml-syntax findings:\n{}",
        syntax.join("\n")
    );

    let (mut total, mut missed) = (0, Vec::new());
    let mut not_checked = 0;
    for path in templates(&dir) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for planted in plant(&text) {
            total += 1;
            let name = path.display().to_string();
            let report = lint_texts(vec![(name.clone(), planted.text)], &LintOptions::default());
            let found = report
                .diagnostics
                .iter()
                .any(|d| d.start().line == planted.line && planted.rules.contains(&d.rule.id));
            if !found {
                if report
                    .diagnostics
                    .iter()
                    .any(|d| d.rule.id == "template-document-not-checked")
                {
                    not_checked += 1;
                }
                missed.push(format!("{name}:{} {:?}", planted.line, planted.rules));
            }
        }
    }
    println!(
        "planted mistakes found: {}/{total} ({not_checked} of the missed in documents said not checked)",
        total - missed.len()
    );
    assert!(total > 0, "no Service template to plant a mistake in");
    // Known misses (2 of 535 on the corpus of 2026-12-06): a Service written inside a
    // `{{ define }}` of a template file (only written where it is included, so never read raw),
    // and one in a document that is not YAML once masked (bitnami/envoy-gateway's Service, said
    // so by `template-document-not-checked`). More than 1% is a regression.
    println!("missed:\n{}", missed.join("\n"));
    assert!(
        missed.len() * 100 <= total,
        "{} of {total} planted mistakes missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
