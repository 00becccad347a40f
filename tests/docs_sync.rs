//! `docs/rules.md` (which SARIF's `helpUri` points into) is generated from the rules' doc
//! comments and must stay in sync: run `SVCCTL_BLESS=1 cargo test --test docs_sync` to regenerate.

use std::fmt::Write as _;
use std::path::Path;

use svcctl::lint::RULES;

fn generate() -> String {
    let mut out = String::from(
        "# svcctl rules\n\nGenerated from the rules' doc comments (`svcctl explain RULE` prints the same text).\n\n| code | id | category | default | summary |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(
            out,
            "| {} | [`{}`](#{}) | {} | {} | {} |",
            m.code,
            m.id,
            m.id,
            m.category.as_str(),
            m.severity.map_or("off", |s| s.as_str()),
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
            "\n## {}\n\n`{}` · {} · default severity: {}\n\n{}\n",
            m.id,
            m.code,
            m.category.as_str(),
            m.severity.map_or("off", |s| s.as_str()),
            docs
        );
    }
    out
}

#[test]
fn rules_reference_is_in_sync() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = generate();
    if std::env::var_os("SVCCTL_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date; run `SVCCTL_BLESS=1 cargo test --test docs_sync`"
    );
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
