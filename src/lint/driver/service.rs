//! The per-Service phase of one parsed part of a file: each core Service decoded, its typed
//! view built once, every selected rule run on it, and the findings placed and filtered.

use k8s_openapi::api::core::v1::Service;

use super::{FileOutcome, LintOptions};
use crate::k8s::facts::TypedServices;
use crate::lint::Finding;
use crate::lint::diagnostic::{Diagnostic, ObjectInfo};
use crate::lint::index::FileFacts;
use crate::lint::rules::INPUT_ERRORS;
use crate::lint::service::ServiceContext;
use crate::lint::suppress::{IgnoreList, split_suppressed};
use crate::model::decode::{Decoded, decode, typed_view};
use crate::model::object::ParsedFile;
use crate::model::schema;
use crate::model::service_view::plain_service;

pub fn check_parsed(parsed: &ParsedFile, options: &LintOptions) -> FileOutcome {
    let source = &parsed.source;
    let mut diagnostics = Vec::new();
    if let Some(severity) = options.selection.severity(INPUT_ERRORS) {
        for e in &parsed.stream.errors {
            diagnostics.push(Diagnostic {
                kustomization: None,
                file: source.clone(),
                span: e.span,
                severity,
                rule: INPUT_ERRORS,
                field: None,
                object: None,
                message: e.message.clone(),
                help: Some("fix the YAML syntax; the other documents were still checked".into()),
                related: Vec::new(),
                fix: None,
            });
        }
    }
    let service_rules: Vec<_> = options.selection.rules().collect();
    let mut typed = TypedServices::with_capacity(
        parsed
            .objects
            .iter()
            .filter(|o| o.is_core_service())
            .count(),
    );
    let mut services = 0;
    let mut ignored: Vec<(usize, IgnoreList)> = Vec::new();
    for object in parsed.objects.iter().filter(|o| o.is_core_service()) {
        let Some(node) = parsed.node(object) else {
            continue;
        };
        services += 1;
        // A plain Service has only known fields, each of its own type: nothing for the decode
        // pass to find.
        let plain = plain_service(node);
        let mut decoded = match plain {
            Some(_) => Decoded::default(),
            None => decode(node, schema::service()),
        };
        for (dup, first) in parsed.duplicate_keys(object, node) {
            decoded.issues.push(crate::model::decode::Issue {
                path: duplicate_key_path(node, dup, parsed.source.slice(dup)),
                span: dup,
                kind: crate::model::decode::IssueKind::DuplicateKey { first },
            });
        }
        let service: Option<Service> = plain.or_else(|| typed_view(node, schema::service()));
        let ctx = ServiceContext {
            file: parsed,
            object,
            node,
            decoded: &decoded,
            service: service.as_ref(),
            settings: &options.settings,
        };
        let mut findings: Vec<Finding> = Vec::new();
        for rule in &service_rules {
            rule.check_service(&ctx, &mut findings);
        }
        // A value that failed to decode reaches the typed view as its zero value; what the other
        // rules would say about that zero is noise.
        let undecodable: Vec<String> = decoded
            .issues
            .iter()
            .filter(|i| matches!(i.kind, crate::model::decode::IssueKind::WrongType { .. }))
            .map(|i| i.path.to_string())
            .collect();
        for f in findings {
            let shadowed = !f.rule.engine.judges_undecodable_values
                && f.field.as_ref().is_some_and(|p| {
                    let p = p.to_string();
                    undecodable.iter().any(|u| {
                        p == *u
                            || p.starts_with(&format!("{u}."))
                            || p.starts_with(&format!("{u}["))
                    })
                });
            if shadowed {
                continue;
            }
            if let Some(severity) = options.selection.severity(f.rule) {
                diagnostics.push(resolve(&ctx, f, severity));
            }
        }
        let ignores = crate::lint::suppress::object_ignores(node);
        if !ignores.is_empty() {
            ignored.push((object.ordinal, ignores));
        }
        if let Some(service) = service {
            typed.push(object.ordinal, service);
        }
    }
    let facts = FileFacts::extract(parsed, &typed);
    let (diagnostics, suppressed) = split_suppressed(diagnostics, &facts, parsed);
    FileOutcome {
        object_infos: if options.list_objects {
            parsed.objects.iter().map(ObjectInfo::from).collect()
        } else {
            Vec::new()
        },
        diagnostics,
        suppressed,
        facts,
        objects: parsed.objects.len(),
        services,
    }
}

fn resolve(ctx: &ServiceContext<'_>, f: Finding, severity: crate::lint::Severity) -> Diagnostic {
    let span = match (f.span, &f.field) {
        (Some(span), _) => span,
        (None, Some(path)) => ctx.span_of(path),
        (None, None) => ctx.node.span,
    };
    Diagnostic {
        kustomization: None,
        file: ctx.file.source.clone(),
        span,
        severity,
        rule: f.rule,
        field: f.field.filter(|p| !p.is_root()).map(|p| p.to_string()),
        object: Some(ObjectInfo::from(ctx.object)),
        message: f.message,
        help: f.help,
        related: Vec::new(),
        fix: f.fix,
    }
}

/// The field path of a key written twice (`spec.type`), as the API server's strict decoder
/// names it: the mappings and list items that hold the second one, then the key.
fn duplicate_key_path(
    node: &crate::model::yaml::Node,
    dup: crate::model::source::Span,
    key: &str,
) -> crate::model::path::FieldPath {
    use crate::model::yaml::NodeKind;
    let mut path = crate::model::path::FieldPath::root();
    let mut here = node;
    loop {
        let next = match &here.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .filter(|e| e.key.span != dup)
                .find(|e| e.value.span.start <= dup.start && dup.end <= e.value.span.end)
                .and_then(|e| Some((path.field(e.key.scalar_text()?), &e.value))),
            NodeKind::Seq(items) => items
                .iter()
                .position(|n| n.span.start <= dup.start && dup.end <= n.span.end)
                .and_then(|i| Some((path.index(i), items.get(i)?))),
            NodeKind::Scalar(_) => None,
        };
        match next {
            Some((deeper, node)) => {
                path = deeper;
                here = node;
            }
            None => return path.field(key.trim_matches(['"', '\''])),
        }
    }
}
