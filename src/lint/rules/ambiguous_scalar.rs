use crate::lint::declare::declare_rule;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::path::{Step, Trail};
use crate::model::yaml::{Node, NodeKind, Resolved, Scalar, Style};

declare_rule! {
    /// ## What it does
    /// Flags unquoted values that kubectl, which reads YAML 1.1, decodes into something other
    /// than what they look like, and that YAML 1.2 tools (kustomize, yq, Helm's `fromYaml`) read
    /// differently again:
    /// - a number with a leading zero, which YAML 1.1 reads as octal: `targetPort: 0070` is
    ///   port 56 for kubectl, 70 for YAML 1.2 tools;
    /// - numbers written with `_` or `0b` (`1_000`), strings to YAML 1.2 tools;
    /// - `yes`, `no`, `on`, `off`, `y`, `n` as a boolean (`publishNotReadyAddresses: yes`),
    ///   the strings "yes"/"on" to YAML 1.2 tools;
    /// - such a word or number as a key of `labels`, `annotations` or `selector`: kubectl
    ///   turns the key `on` into "true" and `0755` into "493".
    ///
    /// Values that do not decode at all (`yes` as an annotation value) are reported by
    /// `invalid-value-type` instead.
    ///
    /// ## Why is this bad?
    /// The manifest means one thing to kubectl and another to the next tool in the pipeline,
    /// and neither reading may be what the author meant. Quoting a string, or writing a number
    /// without leading zeros and a boolean as `true`/`false`, is read the same way everywhere.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   publishNotReadyAddresses: yes
    ///   selector:
    ///     on: duty
    ///   ports:
    ///   - port: 8080
    ///     targetPort: 0070
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   publishNotReadyAddresses: true
    ///   selector:
    ///     "on": duty
    ///   ports:
    ///   - port: 8080
    ///     targetPort: 70
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/overview/
    /// - https://kubernetes.io/docs/reference/kubectl/#yaml
    pub struct AmbiguousScalar {
        id: "ambiguous-scalar",
        code: "SVC087",
        category: BestPractice,
        severity: Info,
        summary: "a YAML 1.1 value that kubectl reads differently than it looks",
    }
}

/// How a plain scalar that only YAML 1.1 resolves this way reads to kubectl, and to YAML 1.2.
#[inline]
fn yaml11_only(node: &Node) -> Option<(String, String)> {
    let NodeKind::Scalar(scalar) = &node.kind else {
        return None;
    };
    if scalar.style != Style::Plain || scalar.tag.is_some() {
        return None;
    }
    let text = scalar.text.as_str();
    // Only numbers and the YAML 1.1 boolean words (y, yes, n, no, on, off…) can read differently;
    // their first byte rules out nearly every other scalar before it is resolved.
    if !matches!(
        text.as_bytes().first(),
        Some(b'0'..=b'9' | b'-' | b'+' | b'y' | b'Y' | b'n' | b'N' | b'o' | b'O')
    ) {
        return None;
    }
    // A decimal integer without a leading zero (a port, mostly) reads the same in both.
    if text.bytes().all(|b| b.is_ascii_digit()) && (text.len() == 1 || !text.starts_with('0')) {
        return None;
    }
    yaml11_reading(scalar, text)
}

/// The rest of [`yaml11_only`], for the few scalars its first checks let through (`nginx`,
/// `no`, `0070`): out of line, so that the checks every scalar goes through stay small.
#[inline(never)]
fn yaml11_reading(scalar: &Scalar, text: &str) -> Option<(String, String)> {
    match scalar.resolve() {
        Resolved::Bool(b) => {
            // true/false in any of their three spellings are YAML 1.2 booleans too.
            if matches!(text.to_ascii_lowercase().as_str(), "true" | "false") {
                return None;
            }
            Some((b.to_string(), format!("the string {text:?}")))
        }
        Resolved::Int(i) => {
            let digits = text.trim_start_matches(['-', '+']);
            if digits.contains('_') || digits.starts_with("0b") || digits.starts_with("0B") {
                return Some((i.to_string(), format!("the string {text:?}")));
            }
            let octal = digits.len() > 1
                && digits.starts_with('0')
                && digits.bytes().all(|c| c.is_ascii_digit());
            let decimal = text.parse::<i64>().ok()?;
            if octal && decimal != i {
                return Some((format!("{i} (octal)"), decimal.to_string()));
            }
            None
        }
        _ => None,
    }
}

/// Maps whose keys are data (label and annotation names), not field names.
fn free_keys(trail: &Trail<'_, '_>) -> bool {
    trail.is_fields(&["metadata", "labels"])
        || trail.is_fields(&["metadata", "annotations"])
        || trail.is_fields(&["spec", "selector"])
}

fn walk<'n>(node: &'n Node, trail: &Trail<'_, 'n>, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Scalar(_) => {
            if let Some((kubectl, yaml12)) = yaml11_only(node) {
                report_value(node, trail, &kubectl, &yaml12, out);
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &trail.then(Step::Index(i)), out);
            }
        }
        NodeKind::Map(entries) => {
            let free = free_keys(trail);
            for entry in entries {
                let Some(key) = entry.key.scalar_text() else {
                    continue;
                };
                let child = trail.then(if free {
                    Step::Key(key)
                } else {
                    Step::Field(key)
                });
                if free && let Some((kubectl, _)) = yaml11_only(&entry.key) {
                    report_key(&entry.key, key, &child, &kubectl, out);
                }
                walk(&entry.value, &child, out);
            }
        }
    }
}

// The walk visits every node of every Service and almost never reports: the reports are kept
// out of line so that its own frame stays small.
#[cold]
#[inline(never)]
fn report_value(
    node: &Node,
    trail: &Trail<'_, '_>,
    kubectl: &str,
    yaml12: &str,
    out: &mut Vec<Finding>,
) {
    let text = node.scalar_text().unwrap_or_default();
    out.push(
        Finding::at(
            &AmbiguousScalar::META,
            trail.path(),
            format!("`{text}` is read as {kubectl} by kubectl (YAML 1.1), but as {yaml12} by YAML 1.2 tools"),
        )
        .help("write the value unambiguously: a number without leading zeros or `_`, true/false, or a quoted string"),
    );
}

#[cold]
#[inline(never)]
fn report_key(
    key_node: &Node,
    key: &str,
    trail: &Trail<'_, '_>,
    kubectl: &str,
    out: &mut Vec<Finding>,
) {
    let sent = kubectl.trim_end_matches(" (octal)");
    let read_as = match key_node.resolved() {
        Some(Resolved::Bool(_)) => "boolean",
        _ => "number",
    };
    out.push(
        Finding::at(
            &AmbiguousScalar::META,
            trail.path(),
            format!("the key `{key}` is sent as \"{sent}\" by kubectl, which reads it as a YAML 1.1 {read_as}"),
        )
        .span(key_node.span)
        .help(format!("quote the key: \"{key}\"")),
    );
}

impl Check for AmbiguousScalar {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // Values that fail to decode are dropped by the driver (invalid-value-type has them), so
        // what is reported here decoded, just not as written.
        walk(svc.node, &Trail::ROOT, out);
    }
}
