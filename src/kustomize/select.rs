//! Patch and replacement targets: Kustomize's selector (group, version, kind, name and namespace
//! as anchored regular expressions, label and annotation selectors).

use super::Object;
use super::tree::KNode;

fn anchored(pattern: &str) -> Option<regex::Regex> {
    regex::Regex::new(&format!("^(?:{pattern})$")).ok()
}

fn matches(pattern: Option<&str>, value: &str) -> bool {
    match pattern {
        None | Some("") => true,
        Some(p) => anchored(p).is_some_and(|r| r.is_match(value)),
    }
}

/// A Kubernetes label selector string (`a=b,c!=d,e,!f,g in (h,i),j notin (k)`) against a map.
pub(crate) fn selector_matches(selector: &str, labels: Option<&KNode>) -> bool {
    let get = |key: &str| labels.and_then(|l| l.get(key)).and_then(KNode::scalar_text);
    split_requirements(selector).iter().all(|req| {
        let req = req.trim();
        if req.is_empty() {
            return true;
        }
        if let Some(key) = req.strip_prefix('!') {
            return get(key.trim()).is_none();
        }
        for (op, negate) in [(" notin ", true), (" in ", false)] {
            if let Some((key, set)) = req.split_once(op) {
                let set = set.trim().trim_start_matches('(').trim_end_matches(')');
                let hit = get(key.trim()).is_some_and(|v| set.split(',').any(|s| s.trim() == v));
                return hit != negate;
            }
        }
        if let Some((key, value)) = req.split_once("!=") {
            return get(key.trim()).as_deref() != Some(value.trim());
        }
        if let Some((key, value)) = req.split_once("==").or_else(|| req.split_once('=')) {
            return get(key.trim()).as_deref() == Some(value.trim());
        }
        get(req).is_some()
    })
}

/// Splits on commas outside parentheses.
fn split_requirements(selector: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&selector[start..]);
    out
}

fn effective(ns: &str) -> &str {
    if ns.is_empty() { "default" } else { ns }
}

/// Indices of the objects `target` selects; names and namespaces match the original or the
/// current one, as in Kustomize.
pub(crate) fn matching(objects: &[Object], target: &KNode) -> Vec<usize> {
    let field = |k: &str| target.get(k).and_then(KNode::as_str);
    objects
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            let (group, version) = o.group_version();
            let (org_name, org_ns) = o
                .previous
                .first()
                .map_or((o.name(), o.namespace()), |(n, s)| (n.as_str(), s.as_str()));
            let ns_ok = field("namespace").is_none_or(|p| {
                matches(Some(p), effective(org_ns)) || matches(Some(p), effective(o.namespace()))
            });
            let name_ok = matches(field("name"), org_name) || matches(field("name"), o.name());
            ns_ok
                && name_ok
                && matches(field("group"), group)
                && matches(field("version"), version)
                && matches(field("kind"), o.kind())
                && field("labelSelector")
                    .is_none_or(|s| selector_matches(s, o.root.lookup(&["metadata", "labels"])))
                && field("annotationSelector").is_none_or(|s| {
                    selector_matches(s, o.root.lookup(&["metadata", "annotations"]))
                })
        })
        .map(|(i, _)| i)
        .collect()
}
