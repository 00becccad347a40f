//! `docs/rules.md` (which SARIF's `helpUri` points into) is generated from the rules' doc
//! comments, and `docs/rule-catalogue.md` from the API server checks the rules declare
//! (`apiserver:` in `declare_rule!`); both must stay in sync: run
//! `SVCCTL_BLESS=1 cargo test --test docs_sync` to regenerate.

use std::fmt::Write as _;
use std::path::Path;

use svcctl::lint::RULES;

fn generate() -> String {
    let mut out = String::from(
        "# svcctl rules\n\nGenerated from the rules' doc comments (`svcctl explain RULE` prints the same text).\n\n| code | id | category | default | fix | summary |\n|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(
            out,
            "| {} | [`{}`](#{}) | {} | {} | {} | {} |",
            m.code,
            m.id,
            m.id,
            m.category.as_str(),
            m.severity.map_or("off", |s| s.as_str()),
            m.fix.map_or("", |f| f.as_str()),
            m.summary
        );
    }
    for r in RULES {
        let m = r.meta();
        let docs = m
            .documentation()
            .lines()
            .map(|l| {
                if l.starts_with("## ") {
                    format!("#{l}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let _ = write!(
            out,
            "\n## {}\n\n`{}` · {} · default severity: {}{}\n\n{}\n",
            m.id,
            m.code,
            m.category.as_str(),
            m.severity.map_or("off", |s| s.as_str()),
            m.fix
                .map(|f| format!(" · fix: {} (`svcctl fix`)", f.as_str()))
                .unwrap_or_default(),
            docs
        );
    }
    out
}

/// The rules that mirror the API server's checks, each with the checks it mirrors.
fn catalogue() -> String {
    let mut out = String::from(
        "# API rules and the API server's checks\n\nGenerated from the rules' `apiserver:` metadata: how the rules that mirror the API server map onto\nthe numbered checks of `../shared/reference/apiserver-service-validation.md`. The full catalogue,\nwith every rule's documentation, is [`rules.md`](rules.md) (generated too; `svcctl rules` lists\nit). Where a finding points (the line a fixture's `# expect:` comment sits on) is described in\n[`fixtures/rules/README.md`](../fixtures/rules/README.md). Ids and codes are stable; codes are\nnever reused.\n\n| code | id | category | severity | API reference (apiserver-service-validation.md) |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        if let Some(checks) = m.apiserver {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                m.code,
                m.id,
                m.category.as_str(),
                m.severity.map_or("off", |s| s.as_str()),
                checks
            );
        }
    }
    out
}

/// `generated` is what `file` (under the crate) holds, or is written there with SVCCTL_BLESS.
fn in_sync(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("SVCCTL_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{file} is out of date; run `SVCCTL_BLESS=1 cargo test --test docs_sync`"
    );
}

#[test]
fn rules_reference_is_in_sync() {
    in_sync("docs/rules.md", &generate());
}

#[test]
fn api_rule_catalogue_is_in_sync() {
    in_sync("docs/rule-catalogue.md", &catalogue());
}

#[test]
fn no_rule_documentation_is_left_unwritten() {
    for r in RULES {
        let docs = r.meta().documentation();
        assert!(
            !docs.contains("TODO"),
            "{} still has TODO docs",
            r.meta().id
        );
        assert!(
            docs.contains("```yaml"),
            "{} has no YAML example",
            r.meta().id
        );
    }
}
