//! `svcctl explain <rule>`: a rule's documentation (the doc comment of its file, captured by
//! `declare_rule!`), its category and default severity, the fields it checks and how to silence
//! it. Like `ruff rule`, with JSON for editors.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::fields::FIELD_NOTES;
use super::text::{Look, markdown, pairs, wrap};
use crate::lint::RuleMeta;
use crate::lint::suppress::ANNOTATION;

fn severity(m: &RuleMeta) -> &'static str {
    m.severity.map_or("off", |s| s.as_str())
}

/// The fields whose notes list this rule.
fn fields_of(m: &RuleMeta) -> Vec<&'static str> {
    FIELD_NOTES
        .iter()
        .filter(|n| !n.path.is_empty() && n.rules.contains(&m.id))
        .map(|n| n.path)
        .collect()
}

/// How to silence (or, for a rule that is off, enable) a rule, as (where, how) pairs.
fn silencing(m: &RuleMeta) -> Vec<(String, String)> {
    let mut rows = vec![
        (
            "One line:".to_string(),
            format!(
                "a `# svcctl-ignore: {}` comment on the line, or the line above",
                m.id
            ),
        ),
        (
            "One object:".to_string(),
            format!("the annotation `{ANNOTATION}: \"{}\"`", m.id),
        ),
        (
            "One run:".to_string(),
            format!("svcctl lint --ignore {}", m.id),
        ),
        (
            "A repository:".to_string(),
            format!("`rules: {{{}: off}}` in .svcctl.yaml", m.id),
        ),
    ];
    if m.severity.is_none() {
        rows = vec![
            (
                "One run:".to_string(),
                format!("svcctl lint --select {}", m.id),
            ),
            (
                "A repository:".to_string(),
                format!("`rules: {{{}: warning}}` in .svcctl.yaml", m.id),
            ),
        ];
    }
    rows
}

pub fn render_text(m: &RuleMeta, look: &Look) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", look.heading(&format!("{} {}", m.code, m.id)));
    out.push_str(&wrap(m.summary, look.width, 0));
    out.push('\n');
    let mut facts = vec![
        ("Category:".to_string(), m.category.as_str().to_string()),
        ("Default severity:".to_string(), severity(m).to_string()),
    ];
    if let Some(fix) = m.fix {
        facts.push((
            "Fix:".to_string(),
            format!("{} (`svcctl fix`)", fix.as_str()),
        ));
    }
    let fields = fields_of(m);
    if !fields.is_empty() {
        facts.push(("Fields:".to_string(), fields.join(", ")));
    }
    out.push_str(&pairs(&facts, 0, look.width));
    out.push('\n');
    out.push_str(&markdown(&m.documentation(), look, 4));
    out.push('\n');
    let title = if m.severity.is_none() {
        "How to turn it on (it is off by default)"
    } else {
        "How to silence it"
    };
    let _ = writeln!(out, "{}", look.heading(title));
    out.push_str(&pairs(&silencing(m), 4, look.width));
    out
}

pub fn to_json(m: &RuleMeta) -> Value {
    let silence: serde_json::Map<String, Value> = if m.severity.is_none() {
        serde_json::Map::new()
    } else {
        [
            ("comment", json!(format!("# svcctl-ignore: {}", m.id))),
            ("annotation", json!({ ANNOTATION: m.id })),
            ("flag", json!(format!("--ignore {}", m.id))),
            ("config", json!({"rules": {m.id: "off"}})),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    };
    json!({
        "id": m.id,
        "code": m.code,
        "category": m.category.as_str(),
        "severity": severity(m),
        "fix": m.fix.map(|f| f.as_str()),
        "summary": m.summary,
        "fields": fields_of(m),
        "documentation": m.documentation(),
        "helpUri": m.help_uri(),
        "silence": silence,
    })
}
