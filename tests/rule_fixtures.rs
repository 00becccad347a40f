//! Every rule has fixtures in `fixtures/rules/<CODE>_<id>/`: `fail.yaml` marks each expected
//! finding with a trailing `# expect: rule-id` on the line it must point at, and `pass.yaml` must
//! produce no finding at all. The sets must match exactly, so a fixture can never bless a missing
//! finding or hide an extra one. A rule about kustomization trees has `fail/` and `pass/` folders
//! instead, linted as a whole, with the same `# expect:` marks in any of their files. Each failing
//! fixture's rendered findings (span, message, help, related locations) are also pinned by a
//! snapshot in `tests/snapshots/rule_fixtures__*.snap`.
//!
//! A rule of category `cluster` (`svcctl audit`'s) never fires on a manifest: its fixtures are
//! cluster states, YAML streams of live objects (Services, Pods, EndpointSlices, Nodes, …) as the
//! API server returns them, audited by `svcctl::audit::audit_texts`, whose findings point at the
//! `metadata.name` of the object they name; the marks and snapshots work the same.

#[path = "common/helm.rs"]
mod helm_stand_in;

use std::collections::BTreeSet;
use std::path::Path;

use svcctl::k8s::settings::{parse_cidrs, parse_families};
use svcctl::lint::Report;
use svcctl::lint::driver::{Input, LintOptions, lint, lint_texts};

fn options_for(text: &str) -> LintOptions {
    let mut options = LintOptions::default();
    let Some(line) = text
        .lines()
        .find(|l| l.trim_start().starts_with("# svcctl-args:"))
    else {
        return options;
    };
    let args: Vec<&str> = line
        .trim_start()
        .trim_start_matches("# svcctl-args:")
        .split_whitespace()
        .collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().copied().unwrap_or_default();
        match *flag {
            "--service-cidr" => options.settings.service_cidrs = Some(parse_cidrs(value).unwrap()),
            "--ip-families" => options.settings.ip_families = Some(parse_families(value).unwrap()),
            "--kube-version" => options.settings.kube_version = value.parse().unwrap(),
            "--node-port-range" => options.settings.node_port_range = value.parse().unwrap(),
            "--helm" => options.helm.off = value == "off",
            "--select" => options
                .selection
                .select(&value.split(',').map(str::to_string).collect::<Vec<_>>())
                .unwrap(),
            other => panic!("unknown fixture arg {other}"),
        }
    }
    options
}

/// The report on a fixture: linted, or audited as a cluster state when the fixture's folder is
/// a `cluster` rule's.
fn report_of(path: &Path, name: String, text: String, options: &LintOptions) -> Report {
    let code = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().chars().take(6).collect::<String>())
        .unwrap_or_default();
    let cluster = svcctl::lint::find_rule(&code)
        .is_some_and(|r| r.meta().category == svcctl::lint::Category::Cluster);
    if cluster {
        svcctl::audit::audit_texts(name, text, options)
    } else {
        lint_texts(vec![(name, text)], options)
    }
}

fn expectations(text: &str) -> BTreeSet<(usize, String)> {
    let mut expected = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for id in line[pos + "# expect:".len()..].split(',') {
                let id = id.trim();
                if !id.is_empty() {
                    expected.insert((i + 1, id.to_string()));
                }
            }
        }
    }
    expected
}

fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let options = options_for(&text);
    let report = report_of(path, path.display().to_string(), text.clone(), &options);
    let actual: BTreeSet<(usize, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.start().line, d.rule.id.to_string()))
        .collect();
    let expected = expectations(&text);
    if actual == expected {
        return Ok(());
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| !expected.contains(&(d.start().line, d.rule.id.to_string())))
        .map(|d| {
            format!(
                "{}:{} {} {} ({})",
                d.start().line,
                d.start().column,
                d.rule.id,
                d.message,
                d.field.as_deref().unwrap_or("-")
            )
        })
        .collect();
    Err(format!(
        "{}\n  missing (line, rule): {missing:?}\n  unexpected: {extra:#?}",
        path.display()
    ))
}

/// A fixture folder (a kustomization tree): every finding against the `# expect:` marks of every
/// file in it, by path relative to the folder.
fn check_tree(folder: &Path) -> Result<(), String> {
    let mut expected: BTreeSet<(String, usize, String)> = BTreeSet::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(f) = folders.pop() {
        for entry in std::fs::read_dir(&f).map_err(|e| e.to_string())?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let rel = path
                .strip_prefix(folder)
                .unwrap_or(&path)
                .display()
                .to_string();
            for (line, id) in expectations(&text) {
                expected.insert((rel.clone(), line, id));
            }
        }
    }
    // A chart's own options are in its Chart.yaml (`# svcctl-args: --helm off` to read it raw).
    let chart = std::fs::read_to_string(folder.join("Chart.yaml")).ok();
    let mut options = chart.as_deref().map(options_for).unwrap_or_default();
    if chart.is_some() && !options.helm.off {
        // A chart fixture is rendered by the helm stand-in on Helm's own engine.
        match helm_stand_in::stand_in() {
            Ok(Some(helm)) => options.helm.program = Some(helm),
            Ok(None) => return Ok(()),
            Err(e) => return Err(format!("{}: {e}", folder.display())),
        }
    }
    let report = lint(&[Input::Path(folder.to_path_buf())], &options);
    let actual: BTreeSet<(String, usize, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let rel = Path::new(&d.file.name)
                .strip_prefix(folder)
                .map_or(d.file.name.clone(), |p| p.display().to_string());
            (rel, d.start().line, d.rule.id.to_string())
        })
        .collect();
    if actual == expected {
        return Ok(());
    }
    Err(format!(
        "{}\n  missing: {:?}\n  unexpected: {:?}",
        folder.display(),
        expected.difference(&actual).collect::<Vec<_>>(),
        actual.difference(&expected).collect::<Vec<_>>()
    ))
}

#[test]
fn every_rule_fixture_matches_its_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let filter = std::env::var("FIXTURE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        if !dir.display().to_string().contains(&filter) {
            continue;
        }
        for name in ["fail", "pass"] {
            let folder = dir.join(name);
            let path = dir.join(format!("{name}.yaml"));
            checked += 1;
            let result = if folder.is_dir() {
                check_tree(&folder)
            } else {
                assert!(path.exists(), "{} is missing", path.display());
                check(&path)
            };
            if let Err(e) = result {
                failures.push(e);
            }
        }
    }
    assert!(checked > 0, "no fixtures checked");
    assert!(
        failures.is_empty(),
        "{} fixture(s) disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A fixture's findings as a reader sees them: where each points (with the text there), the
/// rule, the field, the message, the help and the related locations.
fn rendered(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let options = options_for(&text);
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let report = report_of(path, name, text, &options);
    let excerpt = |file: &svcctl::model::source::SourceFile, span: svcctl::model::source::Span| {
        let at = file.text.get(span.start..span.end).unwrap_or_default();
        let first = at.lines().next().unwrap_or_default();
        if first.len() < at.trim_end().len() {
            format!("`{first}`…")
        } else {
            format!("`{first}`")
        }
    };
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = (d.start(), d.end());
        out.push_str(&format!(
            "{}:{}-{}:{} {} {} at {}: {}\n  {}\n",
            start.line,
            start.column,
            end.line,
            end.column,
            d.severity.as_str(),
            d.rule.id,
            d.field.as_deref().unwrap_or("-"),
            excerpt(&d.file, d.span),
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        for r in &d.related {
            let p = r.file.position(r.span.start);
            out.push_str(&format!(
                "  related {}:{}:{}: {} ({})\n",
                r.file.name,
                p.line,
                p.column,
                r.message,
                excerpt(&r.file, r.span)
            ));
        }
    }
    out
}

/// Each failing fixture's rendered findings are pinned, not only their (line, rule) pairs: a
/// changed message, help or span shows up in review. (The expectations above still decide what
/// must be found, so a snapshot cannot bless a missing finding.)
#[test]
fn every_failing_fixture_renders_as_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let filter = std::env::var("FIXTURE").unwrap_or_default();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if !name.contains(&filter) {
            continue;
        }
        // A kustomization tree's findings are pinned by tests/cli_kustomize.rs instead.
        if dir.join("fail").is_dir() {
            continue;
        }
        let rendered = rendered(&dir.join("fail.yaml"));
        assert!(!rendered.is_empty(), "{name}/fail.yaml finds nothing");
        insta::assert_snapshot!(name, rendered);
    }
}
