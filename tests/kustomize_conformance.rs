//! svcctl's Kustomize builds against `kubectl kustomize` (Kustomize v5 built in): the layouts
//! under tests/kustomize/ (written for this suite, one per feature and quirk) and, when
//! SVCCTL_KUSTOMIZE_CORPUS names a folder (default ../shared/corpus/kustomize), the real-world
//! layouts in it (scripts/kustomize-corpus.sh makes one). Objects are compared by id after
//! normalising key order; layouts whose name starts with `error-` must fail in both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use svcctl::kustomize::{self, KNode, Severity};
use svcctl::model::yaml::{Limits, parse_stream};

fn kubectl_available() -> bool {
    Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success())
}

type Objects = BTreeMap<String, serde_json::Value>;

fn id(v: &serde_json::Value) -> String {
    let s = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_owned()
    };
    format!(
        "{} {} {}/{}",
        s("/apiVersion"),
        s("/kind"),
        s("/metadata/namespace"),
        s("/metadata/name")
    )
}

fn kubectl_build(dir: &Path) -> Result<Objects, String> {
    let out = Command::new("kubectl")
        .arg("kustomize")
        .arg(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let stream = parse_stream(&text, Limits::default());
    Ok(stream
        .documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .map(|n| KNode::from_yaml(n, 0).to_json())
        .map(|v| (id(&v), v))
        .collect())
}

struct Outcome {
    objects: usize,
    agreed: usize,
    problems: Vec<String>,
    unsupported: Vec<String>,
}

fn compare(dir: &Path) -> Outcome {
    let build = kustomize::build(dir);
    let unsupported: Vec<String> = build
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.message.contains("not supported"))
        .map(|f| f.message.clone())
        .collect();
    let mut problems = Vec::new();
    let expect_error = dir.ancestors().any(|a| {
        a.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("error-"))
    });
    match kubectl_build(dir) {
        Err(e) => {
            if !build.has_errors() {
                problems.push(format!("kubectl failed but svcctl built cleanly: {e}"));
            }
            Outcome {
                objects: 0,
                agreed: 0,
                problems,
                unsupported,
            }
        }
        Ok(want) => {
            if expect_error {
                problems.push("kubectl built a layout named error-".to_owned());
            }
            let errors: Vec<&str> = build
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.message.as_str())
                .collect();
            if !errors.is_empty() {
                problems.push(format!(
                    "svcctl reported errors kubectl did not: {errors:?}"
                ));
            }
            let got: Objects = build.to_json().into_iter().map(|v| (id(&v), v)).collect();
            let mut agreed = 0;
            for (key, w) in &want {
                match got.get(key) {
                    Some(g) if g == w => agreed += 1,
                    Some(g) => {
                        problems.push(format!("{key} differs:\n  kubectl: {w}\n  svcctl:  {g}"))
                    }
                    None => problems.push(format!("{key} missing from svcctl's build")),
                }
            }
            for key in got.keys().filter(|k| !want.contains_key(*k)) {
                problems.push(format!("{key} built by svcctl only"));
            }
            Outcome {
                objects: want.len(),
                agreed,
                problems,
                unsupported,
            }
        }
    }
}

/// Every root among `dirs`, compared; a summary printed; the failures returned.
/// `strict`: a layout using an unsupported feature is a failure (the committed layouts are
/// written to use only supported ones).
fn run_suite(label: &str, dirs: &[PathBuf], strict: bool) -> Vec<String> {
    let roots = kustomize::find_roots(dirs);
    let (mut objects, mut agreed, mut layouts_agreeing) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut unsupported = Vec::new();
    for root in &roots {
        let o = compare(&root.dir);
        if !o.unsupported.is_empty() {
            if strict {
                failures.push(format!(
                    "{}: {}",
                    root.dir.display(),
                    o.unsupported.join("; ")
                ));
            }
            unsupported.push(format!(
                "{} ({}/{} objects agree): {}",
                root.dir.display(),
                o.agreed,
                o.objects,
                o.unsupported.join("; ")
            ));
            continue;
        }
        objects += o.objects;
        agreed += o.agreed;
        if o.problems.is_empty() {
            layouts_agreeing += 1;
        } else {
            failures.push(format!(
                "{}:\n{}",
                root.dir.display(),
                o.problems.join("\n")
            ));
        }
    }
    eprintln!(
        "{label}: {} layouts, {} using unsupported features; of the others {layouts_agreeing} agree, \
         {agreed}/{objects} objects agree",
        roots.len(),
        unsupported.len()
    );
    for u in &unsupported {
        eprintln!("  unsupported: {u}");
    }
    failures
}

#[test]
fn committed_layouts_build_as_kubectl_kustomize_does() {
    if !kubectl_available() {
        eprintln!("SKIPPED: kubectl is not installed; the Kustomize conformance suite needs it");
        return;
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kustomize");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    assert!(dirs.len() >= 10, "the conformance layouts are missing");
    let failures = run_suite("committed layouts", &dirs, true);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn real_world_layouts_build_as_kubectl_kustomize_does() {
    let dir = std::env::var_os("SVCCTL_KUSTOMIZE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kustomize")
        });
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: no Kustomize corpus at {} (scripts/kustomize-corpus.sh makes one; \
             SVCCTL_KUSTOMIZE_CORPUS names it)",
            dir.display()
        );
        return;
    }
    if !kubectl_available() {
        eprintln!("SKIPPED: kubectl is not installed; the Kustomize conformance suite needs it");
        return;
    }
    let failures = run_suite("real-world layouts", &[dir], false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
