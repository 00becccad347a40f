use crate::lint::declare::declare_rule;
use crate::lint::fix::edits::replace_scalar;
use crate::lint::{Check, Finding, Fix, ServiceContext};
use crate::model::decode::{IssueKind, decode};
use crate::model::object::{HeadFault, service_head_faults};
use crate::model::path::FieldPath;
use crate::model::schema;
use crate::model::source::Span;
use crate::model::yaml::{Node, NodeKind};

declare_rule! {
    /// ## What it does
    /// Reports a field that a core/v1 Service does not have: a typo (`targetport`, `spec.prots`),
    /// a field at the wrong level, or one that was removed (`spec.ipFamily`).
    ///
    /// ## Why is this bad?
    /// `kubectl apply` validates strictly by default and refuses the object: `strict decoding
    /// error: unknown field "spec.ports[0].targetport"`. With `--validate=false` it is worse: the
    /// field is silently dropped, so a `targetport: 8080` typo sends traffic to the wrong port.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - port: 80
    ///     targetport: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - port: 80
    ///     targetPort: 8080
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a misspelt key with one close match that the mapping does not already have
    /// (`targetport` → `targetPort`) is renamed; the value stays as written. A key with no close match
    /// is left for the author to move or remove.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    pub struct UnknownField {
        id: "unknown-field",
        code: "SVC003",
        category: Api,
        severity: Error,
        summary: "a field that a Service does not have (strict field validation)",
        apiserver: "P2 unknown field (strict)",
        fix: Safe,
    }
}

impl Check for UnknownField {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // A misspelt `apiversion` or `Kind` key is `invalid-type-meta`'s to report.
        let mut head_keys = None;
        for issue in &svc.decoded.issues {
            if let IssueKind::UnknownField { suggestion } = &issue.kind {
                let head_keys = head_keys.get_or_insert_with(|| {
                    service_head_faults(svc.node)
                        .unwrap_or_default()
                        .iter()
                        .filter(|f| {
                            matches!(f, HeadFault::KindKey { .. } | HeadFault::VersionKey { .. })
                        })
                        .map(HeadFault::span)
                        .collect::<Vec<_>>()
                });
                if head_keys.contains(&issue.span) {
                    continue;
                }
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if issue.path.to_string() == "spec.ipFamily" => {
                        "`spec.ipFamily` was removed; use `spec.ipFamilies: [IPv4]`".to_string()
                    }
                    None => "remove it, or move it to where it belongs (`svcctl explain service --recursive`)".to_string(),
                };
                out.push(
                    Finding::at(
                        &Self::META,
                        issue.path.clone(),
                        format!("strict decoding error: unknown field \"{}\"", issue.path),
                    )
                    .span(issue.span)
                    .help(help)
                    .fix(
                        suggestion
                            .as_deref()
                            .and_then(|s| rename_key(svc, &issue.path, issue.span, s)),
                    ),
                );
            }
        }
    }
}

/// Rename the key at `key_span` (the last segment of `field`) to `to`, unless its mapping already
/// has a `to` (two equal keys would be a new error).
fn rename_key(
    svc: &ServiceContext<'_>,
    field: &FieldPath,
    key_span: Span,
    to: &str,
) -> Option<Fix> {
    let parent = FieldPath(field.0.split_last()?.1.to_vec());
    let map = svc.node_at(&parent)?;
    if map.get(to).is_some() {
        return None;
    }
    let entry = map.as_map()?.iter().find(|e| e.key.span == key_span)?;
    let from = entry.key.scalar_text()?;
    // The value must fit the field it moves to (`ipFamily: IPv6` is not `ipFamilies`, a list).
    let mut renamed = svc.node.clone();
    rename_in(&mut renamed, key_span, to);
    let moved = parent.field(to);
    if decode(&renamed, schema::service())
        .issues
        .iter()
        .any(|issue| issue.path.0.starts_with(&moved.0))
    {
        return None;
    }
    let edit = replace_scalar(svc.text(), &entry.key, to)?;
    Some(Fix::safe(format!("rename `{from}` to `{to}`"), vec![edit]))
}

/// Rename the key at `key_span` in a copy of the tree.
fn rename_in(node: &mut Node, key_span: Span, to: &str) -> bool {
    match &mut node.kind {
        NodeKind::Map(entries) => entries.iter_mut().any(|e| {
            if e.key.span == key_span {
                if let NodeKind::Scalar(key) = &mut e.key.kind {
                    key.text = to.into();
                }
                return true;
            }
            e.value.span.start <= key_span.start
                && key_span.end <= e.value.span.end
                && rename_in(&mut e.value, key_span, to)
        }),
        NodeKind::Seq(items) => items.iter_mut().any(|n| rename_in(n, key_span, to)),
        NodeKind::Scalar(_) => false,
    }
}
