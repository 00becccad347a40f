//! svcctl against a real API server: `../shared/corpus/real-world/ORACLE.jsonl` records what a
//! kube-apiserver v1.36.2 said about each of the corpus's 945 Services. svcctl must accept every
//! Service the server accepted (no `api` error) and refuse every one it refused, at the field the
//! server named — the cluster-dependent ones only when given that cluster's settings.
//!
//! Without the corpus (a fresh clone) these tests are skipped with one line; CI requires it.

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use svcctl::k8s::settings::{parse_cidrs, parse_families};
use svcctl::lint::driver::{Input, LintOptions, lint};
use svcctl::lint::{Category, Report, Severity};

struct Verdict {
    file: String,
    ordinal: usize,
    verdict: String,
    why: String,
    fields: Vec<String>,
    message: String,
}

fn oracle(root: &Path) -> Vec<Verdict> {
    let text = std::fs::read_to_string(root.join("ORACLE.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["doc"].is_u64())
        .map(|v| Verdict {
            file: v["file"].as_str().unwrap().to_string(),
            ordinal: v["doc"].as_u64().unwrap() as usize,
            verdict: v["verdict"].as_str().unwrap().to_string(),
            why: v["why"].as_str().unwrap_or("").to_string(),
            fields: v["causes"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .filter_map(|c| c["field"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            message: v["message"].as_str().unwrap_or("").to_string(),
        })
        .collect()
}

/// API errors by (file relative to the corpus, object ordinal) → fields.
fn api_errors(report: &Report, root: &Path) -> HashMap<(String, usize), Vec<(String, String)>> {
    let prefix = format!("{}/", root.display());
    let mut map: HashMap<(String, usize), Vec<(String, String)>> = HashMap::new();
    for d in &report.diagnostics {
        if d.severity != Severity::Error || d.rule.category != Category::Api {
            continue;
        }
        let Some(object) = &d.object else { continue };
        let file = d
            .file
            .name
            .strip_prefix(&prefix)
            .unwrap_or(&d.file.name)
            .to_string();
        map.entry((file, object.ordinal))
            .or_default()
            .push((d.field.clone().unwrap_or_default(), d.rule.id.to_string()));
    }
    map
}

fn run(root: &Path, options: &LintOptions) -> HashMap<(String, usize), Vec<(String, String)>> {
    let report = lint(&[Input::Path(root.to_path_buf())], options);
    assert!(report.unreadable.is_empty(), "{:?}", report.unreadable);
    assert_eq!(report.summary.services, 945, "core Services in the corpus");
    api_errors(&report, root)
}

/// A refusal is caught when svcctl reports an API error at one of the server's fields (for decode
/// refusals, which name no field, at the field the message names).
fn caught(v: &Verdict, found: &[(String, String)]) -> bool {
    if v.fields.is_empty() {
        let decode = found
            .iter()
            .any(|(_, rule)| rule == "invalid-value-type" || rule == "unknown-field");
        // `strict decoding error: unknown field "spec.prots"` names the field last.
        let field_named = v
            .message
            .rsplit('"')
            .nth(1)
            .is_some_and(|f| found.iter().any(|(field, _)| field == f));
        return decode && (field_named || !v.message.contains("unknown field"));
    }
    v.fields
        .iter()
        .any(|f| found.iter().any(|(field, _)| field == f))
}

#[test]
fn agrees_with_the_api_server_on_every_real_world_service() {
    let Some(root) = corpus::real_world() else {
        return;
    };
    let verdicts = oracle(&root);
    let found = run(&root, &LintOptions::default());
    let mut problems = Vec::new();
    let (mut accepted, mut intrinsic) = (0, 0);
    for v in &verdicts {
        let key = (v.file.clone(), v.ordinal);
        let errors = found.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        match (v.verdict.as_str(), v.why.as_str()) {
            ("valid", _) => {
                accepted += 1;
                if !errors.is_empty() {
                    problems.push(format!(
                        "accepted by the server, svcctl says {errors:?}: {}#{}",
                        v.file, v.ordinal
                    ));
                }
            }
            ("invalid", "intrinsic") => {
                intrinsic += 1;
                if !caught(v, errors) {
                    problems.push(format!(
                        "refused at {:?} ({}), svcctl says {errors:?}: {}#{}",
                        v.fields, v.message, v.file, v.ordinal
                    ));
                }
            }
            ("invalid", "cluster-settings") if !errors.is_empty() => {
                problems.push(format!(
                    "cluster-dependent, but judged without cluster settings: {errors:?}: {}#{}",
                    v.file, v.ordinal
                ));
            }
            _ => {}
        }
    }
    assert_eq!((accepted, intrinsic), (852, 40));
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn with_the_oracle_cluster_settings_catches_the_cluster_dependent_refusals() {
    let Some(root) = corpus::real_world() else {
        return;
    };
    let mut options = LintOptions::default();
    options.settings.service_cidrs = Some(parse_cidrs("10.96.0.0/12").unwrap());
    options.settings.ip_families = Some(parse_families("IPv4").unwrap());
    let found = run(&root, &options);
    let mut problems = Vec::new();
    let mut dependent = 0;
    for v in oracle(&root) {
        let errors = found
            .get(&(v.file.clone(), v.ordinal))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        match (v.verdict.as_str(), v.why.as_str()) {
            ("valid", _) if !errors.is_empty() => {
                problems.push(format!(
                    "accepted by the server, svcctl says {errors:?}: {}#{}",
                    v.file, v.ordinal
                ));
            }
            ("invalid", "cluster-settings" | "intrinsic") => {
                dependent += usize::from(v.why == "cluster-settings");
                if !caught(&v, errors) {
                    problems.push(format!(
                        "refused at {:?}, svcctl says {errors:?}: {}#{}",
                        v.fields, v.file, v.ordinal
                    ));
                }
            }
            _ => {}
        }
    }
    assert_eq!(dependent, 48);
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
