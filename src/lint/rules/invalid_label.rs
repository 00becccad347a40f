use std::collections::BTreeMap;

use crate::k8s::text::{label_value, qualified_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RuleMeta, ServiceContext};
use crate::model::yaml::Node;

declare_rule! {
    /// ## What it does
    /// Checks every key and value of `metadata.labels`. A key is an optional DNS subdomain prefix
    /// and `/`, then a name of at most 63 characters made of letters, digits, `-`, `_` and `.`,
    /// starting and ending with a letter or digit. A value is empty or follows the same rule as
    /// the name part.
    ///
    /// ## Why is this bad?
    /// The API server refuses the whole Service: `metadata.labels: Invalid value: "web frontend":
    /// a valid label must be an empty string or consist of …`. Values are checked as strings, so
    /// spaces, `:`, `/` or a leading `-` in a version or description label are the usual culprits;
    /// free text belongs in an annotation.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app.kubernetes.io/name: web frontend
    ///     team/web/owner: alice
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app.kubernetes.io/name: web-frontend
    ///   annotations:
    ///     example.com/owner: alice
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
    pub struct InvalidLabel {
        id: "invalid-label",
        code: "SVC007",
        category: Api,
        severity: Error,
        summary: "a label key or value the API server refuses",
        apiserver: "R7 R8",
    }
}

impl Check for InvalidLabel {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        check_label_map(
            &Self::META,
            svc,
            "metadata.labels",
            service.metadata.labels.as_ref(),
            out,
        );
    }
}

/// The API server's `ValidateLabels` over a label map (`metadata.labels`, `spec.selector`). As the
/// server prints it, the path names the map, not the key; the finding points at the key or the
/// value at fault.
pub(crate) fn check_label_map(
    meta: &'static RuleMeta,
    svc: &ServiceContext<'_>,
    map_path: &str,
    map: Option<&BTreeMap<String, String>>,
    out: &mut Vec<Finding>,
) {
    let Some(map) = map else { return };
    // Nearly every map is valid: the map's node is looked up only for one that is not.
    if map
        .iter()
        .all(|(key, value)| qualified_name(key).is_empty() && label_value(value).is_empty())
    {
        return;
    }
    let map_field = path(map_path);
    let node = svc.node_at(&map_field);
    let fallback = svc.span_of(&map_field);
    let entries = node.map(Node::entries_by_key).unwrap_or_default();
    for (key, value) in map {
        let entry = entries.get(key.as_str()).copied();
        let key_span = entry.map_or(fallback, |e| e.key.span);
        let value_span = entry
            .map(|e| e.value.span)
            .filter(|s| !s.is_empty())
            .unwrap_or(key_span);
        for msg in qualified_name(key) {
            out.push(
                Finding::at(
                    meta,
                    map_field.clone(),
                    format!("Invalid value: {}: {msg}", quoted(key)),
                )
                .span(key_span)
                .help(key_help(&msg)),
            );
        }
        for msg in label_value(value) {
            out.push(
                Finding::at(
                    meta,
                    map_field.clone(),
                    format!("Invalid value: {}: {msg}", quoted(value)),
                )
                .span(value_span)
                .help(value_help(value)),
            );
        }
    }
}

/// How to fix a label or annotation key, from the validator's message.
pub(crate) fn key_help(msg: &str) -> &'static str {
    if msg.starts_with("prefix part must be non-empty") {
        "remove the leading '/', or put a DNS prefix such as `example.com` before it"
    } else if msg.starts_with("prefix part") {
        "the part before '/' must be a DNS subdomain such as `example.com`: lower-case letters, digits, '-' and '.'"
    } else if msg.starts_with("name part must be non-empty") {
        "add a name after the '/'"
    } else if msg.starts_with("name part must be no more than") {
        "shorten the name (after any '/') to 63 characters"
    } else if msg.starts_with("name part") {
        "use letters, digits, '-', '_' and '.' in the name, starting and ending with a letter or digit"
    } else {
        "a key has at most one '/', between a DNS prefix and the name (e.g. `example.com/team`)"
    }
}

fn value_help(value: &str) -> String {
    if value.len() > 63 {
        "shorten the value to 63 characters; put longer text in an annotation".into()
    } else {
        "use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or leave it empty); put free text in an annotation".into()
    }
}
