use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a file, or a document in a multi-document file, that cannot be read as YAML: a
    /// syntax error, text that is not UTF-8, nesting or alias expansion beyond svcctl's limits,
    /// or a file over `--max-file-size`.
    ///
    /// An input that cannot be read at all (a path that does not exist, a file without read
    /// permission, a folder that cannot be walked) is reported here too, at line 1 of that path,
    /// so that every report format carries it. That finding is shown whatever `--select` and
    /// `--ignore` say, and the run exits 2 rather than 1.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` refuses the whole file when one document does not parse, so none of its
    /// objects reach the cluster. svcctl still checks the other documents and files.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports: [80, 443
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports: [80, 443]
    /// ```
    ///
    /// ## References
    /// - YAML 1.2: https://yaml.org/spec/1.2.2/
    pub struct YamlSyntax {
        id: "yaml-syntax",
        code: "SVC001",
        category: Syntax,
        severity: Error,
        summary: "the file or document is not readable YAML",
        apiserver: "unreadable YAML, non-UTF-8, limits",
        judges_undecodable_values: true,
        reports_input_errors: true,
    }
}

impl Check for YamlSyntax {}
