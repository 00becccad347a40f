use crate::lint::declare::declare_rule;
use crate::lint::{Finding, Rule, ServiceContext};
use crate::model::decode::IssueKind;

declare_rule! {
    /// ## What it does
    /// Reports a value whose JSON type is not the one the field takes: a quoted number where an
    /// integer belongs, a number or a YAML 1.1 boolean (`yes`, `on`) where a string belongs, a
    /// scalar where a list belongs.
    ///
    /// ## Why is this bad?
    /// kubectl converts YAML to JSON with YAML 1.1 rules before sending it, and the API server
    /// refuses the whole object while decoding it: `json: cannot unmarshal string into Go struct
    /// field ServicePort.spec.ports.port of type int32`. Label values such as `version: 1.0` or
    /// `enabled: yes` are the classic trap: they are a number and a boolean, not strings.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     version: 1.0
    /// spec:
    ///   ports:
    ///     - port: "80"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     version: "1.0"
    /// spec:
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    pub struct InvalidValueType {
        id: "invalid-value-type",
        code: "SVC002",
        category: Api,
        severity: Error,
        summary: "a value has the wrong JSON type for its field",
    }
}

impl Rule for InvalidValueType {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for issue in &svc.decoded.issues {
            if let IssueKind::WrongType {
                message,
                found,
                expected,
            } = &issue.kind
            {
                out.push(
                    Finding::at(&Self::META, issue.path.clone(), message.clone())
                        .span(issue.span)
                        .help(help(&issue.path.to_string(), found, expected)),
                );
            }
        }
    }
}

/// What to write instead, from what the decoder found and the Go type it wanted.
fn help(path: &str, found: &str, expected: &str) -> String {
    let container = matches!(found, "object" | "array");
    if path.starts_with("spec.selector[match") && container {
        // The shape of a Deployment's `spec.selector`, written on a Service.
        return "a Service selector is a plain label map, not a Deployment's label selector: move the labels up under `selector:` and drop `matchLabels`/`matchExpressions` (`selector: {app: web}`)".into();
    }
    if path == "spec.selector" {
        return "a Service selector is a plain label map: `selector: {app: web}`".into();
    }
    if let Some(item) = expected.strip_prefix("[]") {
        let what = if item.starts_with("v1.") {
            "a list of objects"
        } else {
            "a list"
        };
        return format!("write {what} here, one `- ` item per entry");
    }
    if expected.starts_with("map[") {
        return "write a map of `key: value` pairs here".into();
    }
    if expected.starts_with("v1.") {
        return "write an object (a map of its fields) here".into();
    }
    if container {
        let was = if found == "object" { "a map" } else { "a list" };
        return format!("this field takes a single {expected} value, not {was}");
    }
    if expected == "string" {
        "quote the value so that it is a string (\"1.0\", \"true\")".into()
    } else if found == "string" {
        "remove the quotes: this field takes a number".into()
    } else {
        "give this field a value of the type it takes".into()
    }
}

#[cfg(test)]
mod tests {
    use super::help;

    /// Both halves of a Deployment's selector (`matchLabels` is a map, `matchExpressions` a list)
    /// get the same advice; other misplaced containers get advice by what was wanted.
    #[test]
    fn advice_fits_what_was_found_and_wanted() {
        let plain_map = help("spec.selector[matchLabels]", "object", "string");
        assert!(plain_map.starts_with("a Service selector is a plain label map"));
        assert_eq!(
            help("spec.selector[matchExpressions]", "array", "string"),
            plain_map
        );
        assert_eq!(
            help("spec.externalName", "object", "string"),
            "this field takes a single string value, not a map"
        );
        assert_eq!(
            help("spec.ipFamilies", "string", "[]string"),
            "write a list here, one `- ` item per entry"
        );
        assert_eq!(
            help("spec.ports[0].port", "string", "int32"),
            "remove the quotes: this field takes a number"
        );
        assert!(help("metadata.labels[version]", "number", "string").starts_with("quote"));
    }
}
