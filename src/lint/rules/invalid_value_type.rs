use crate::lint::declare::declare_rule;
use crate::lint::fix::edits::unquote;
use crate::lint::{Check, Finding, Fix, ServiceContext};
use crate::model::decode::{IssueKind, Takes};

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
    /// ## Fix safety
    /// Safe: a quoted number or boolean in a field that takes one (`port: "80"`, `publishNotReadyAddresses:
    /// 'true'`) loses its quotes, when it is written in plain decimal or as `true`/`false` (what the
    /// author evidently meant, and what `kubectl` would send unquoted). Other wrong types are not fixed.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    pub struct InvalidValueType {
        id: "invalid-value-type",
        code: "SVC002",
        category: Api,
        severity: Error,
        summary: "a value has the wrong JSON type for its field",
        apiserver: "P1 decode type mismatch",
        judges_undecodable_values: true,
        fix: Safe,
    }
}

impl Check for InvalidValueType {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for issue in &svc.decoded.issues {
            if let IssueKind::WrongType {
                message,
                found,
                takes,
                ..
            } = &issue.kind
            {
                let fix = (found == "string" && matches!(takes, Takes::Number | Takes::Boolean))
                    .then(|| svc.node_at(&issue.path))
                    .flatten()
                    .filter(|node| node.span == issue.span)
                    .and_then(|node| unquote(svc.text(), node))
                    .map(|edit| {
                        Fix::safe(format!("write `{}` unquoted", edit.replacement), vec![edit])
                    });
                out.push(
                    Finding::at(&Self::META, issue.path.clone(), message.clone())
                        .span(issue.span)
                        .help(help(&issue.path.to_string(), found, *takes))
                        .fix(fix),
                );
            }
        }
    }
}

/// What to write instead, from what the decoder found and the JSON the field takes.
fn help(path: &str, found: &str, takes: Takes) -> String {
    let container = matches!(found, "object" | "array");
    if path.starts_with("spec.selector[match") && container {
        // The shape of a Deployment's `spec.selector`, written on a Service.
        return "a Service selector is a plain label map, not a Deployment's label selector: move the labels up under `selector:` and drop `matchLabels`/`matchExpressions` (`selector: {app: web}`)".into();
    }
    let one = match takes {
        Takes::List => return "write a list here, one `- ` item per entry".into(),
        Takes::Map if path == "spec.selector" => {
            return "a Service selector is a plain label map: `selector: {app: web}`".into();
        }
        Takes::Map => return "write a map of `key: value` pairs here".into(),
        Takes::Object => return "write an object (a map of its fields) here".into(),
        Takes::String => "string",
        Takes::Number => "number",
        Takes::Boolean => "boolean",
    };
    if container {
        let was = if found == "object" { "a map" } else { "a list" };
        format!("this field takes a single {one}, not {was}")
    } else if takes == Takes::String {
        "quote the value so that it is a string (\"1.0\", \"true\")".into()
    } else if found == "string" {
        format!("remove the quotes: this field takes a {one}")
    } else {
        format!("give this field a {one}")
    }
}

#[cfg(test)]
mod tests {
    use super::help;
    use crate::model::decode::Takes;

    /// Both halves of a Deployment's selector (`matchLabels` is a map, `matchExpressions` a list)
    /// get the same advice; other misplaced containers get advice by what was wanted.
    #[test]
    fn advice_fits_what_was_found_and_wanted() {
        let plain_map = help("spec.selector[matchLabels]", "object", Takes::String);
        assert!(plain_map.starts_with("a Service selector is a plain label map"));
        assert_eq!(
            help("spec.selector[matchExpressions]", "array", Takes::String),
            plain_map
        );
        assert_eq!(
            help("spec.externalName", "object", Takes::String),
            "this field takes a single string, not a map"
        );
        assert_eq!(
            help("spec.ipFamilies", "string", Takes::List),
            "write a list here, one `- ` item per entry"
        );
        assert_eq!(
            help("spec.ports[0].port", "string", Takes::Number),
            "remove the quotes: this field takes a number"
        );
        assert!(help("metadata.labels[version]", "number", Takes::String).starts_with("quote"));
        // A named string type (`v1.ServiceType`) is a string, not an object.
        assert!(help("spec.type", "number", Takes::String).starts_with("quote"));
        assert_eq!(
            help("spec.selector", "array", Takes::Map),
            "a Service selector is a plain label map: `selector: {app: web}`"
        );
        assert_eq!(
            help("spec.publishNotReadyAddresses", "string", Takes::Boolean),
            "remove the quotes: this field takes a boolean"
        );
    }
}
