use crate::k8s::text::{qualified_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_label::key_help;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::yaml::Node;

/// `TotalAnnotationSizeLimitB`: keys and values together, in bytes.
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

declare_rule! {
    /// ## What it does
    /// Checks every key of `metadata.annotations` and their total size. A key follows the label
    /// key rule except that case does not matter: an optional DNS subdomain prefix and `/`, then a
    /// name of at most 63 letters, digits, `-`, `_` and `.` that starts and ends with a letter or
    /// digit. Values may hold any text, but all keys and values together must stay within
    /// 262144 bytes (256 KiB).
    ///
    /// ## Why is this bad?
    /// The API server refuses the whole Service: `metadata.annotations: Invalid value:
    /// "example.com/owner email": name part must consist of …`, or `metadata.annotations: Too
    /// long: may not be more than 262144 bytes`. The size limit is usually hit by
    /// `kubectl.kubernetes.io/last-applied-configuration` copied from a live object, or by a large
    /// embedded document.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     example.com/owner email: alice@example.com
    ///     example.com//note: internal
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     example.com/owner-email: alice@example.com
    ///     example.com/note: internal
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/#syntax-and-character-set
    pub struct InvalidAnnotation {
        id: "invalid-annotation",
        code: "SVC008",
        category: Api,
        severity: Error,
        summary: "an annotation key the API server refuses, or annotations over 256 KiB",
        apiserver: "R9 R10",
    }
}

impl Check for InvalidAnnotation {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(annotations) = svc.service.and_then(|s| s.metadata.annotations.as_ref()) else {
            return;
        };
        let total: usize = annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
        // Nearly every map is valid: the map's node is looked up only for one that is not.
        if total <= TOTAL_ANNOTATION_SIZE_LIMIT
            && annotations
                .keys()
                .all(|key| qualified_name(&lowercase(key)).is_empty())
        {
            return;
        }
        let field = path("metadata.annotations");
        let node = svc.node_at(&field);
        let fallback = svc.span_of(&field);
        let entries = node.map(Node::entries_by_key).unwrap_or_default();
        for key in annotations.keys() {
            let key_span = entries.get(key.as_str()).map_or(fallback, |e| e.key.span);
            // Case does not matter in annotation keys: the server lower-cases before checking.
            for msg in qualified_name(&lowercase(key)) {
                out.push(
                    Finding::at(
                        &Self::META,
                        field.clone(),
                        format!("Invalid value: {}: {msg}", quoted(key)),
                    )
                    .span(key_span)
                    .help(key_help(&msg)),
                );
            }
        }
        if total > TOTAL_ANNOTATION_SIZE_LIMIT {
            out.push(
                Finding::at(
                    &Self::META,
                    field,
                    format!("Too long: may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
                )
                .help(format!(
                    "annotations total {total} bytes; remove large values such as a copied `kubectl.kubernetes.io/last-applied-configuration`"
                )),
            );
        }
    }
}

/// The key as the server checks it, lower-cased; most keys already are, and are not copied.
fn lowercase(key: &str) -> std::borrow::Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(key.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}
