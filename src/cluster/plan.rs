//! What `apply` and `diff` will send: read the inputs once, lint them with `svcctl lint`'s
//! settings, and pick the objects (core Services, or every object with `--all-kinds`), each with
//! its YAML node, its body (that node as JSON, exactly as written) and its own namespace.

use std::sync::Arc;

use serde_json::Value;

use crate::error::Failure;
use crate::lint::driver::{collect_files, lint_texts, read_input};
use crate::lint::{
    Category, Diagnostic, Input, LintOptions, ObjectInfo, Report, RuleMeta, Severity,
};
use crate::model::decode::to_json;
use crate::model::object::{ObjectRef, ParsedFile};
use crate::model::path::{FieldPath, locate};
use crate::model::source::SourceFile;
use crate::model::yaml::{Node, parse_stream};

/// The inputs, parsed, linted, with the objects to send.
pub struct Plan {
    pub files: Vec<ParsedFile>,
    pub targets: Vec<Target>,
    pub report: Report,
    /// Objects left out because they are not Services and `--all-kinds` was not given.
    pub skipped: usize,
}

/// One object to apply.
pub struct Target {
    /// Index into [`Plan::files`].
    pub file: usize,
    pub object: ObjectRef,
    /// The request body: the user's document, as JSON.
    pub body: Value,
}

impl Target {
    pub fn name(&self) -> &str {
        self.object.name.as_deref().unwrap_or_default()
    }
}

impl Plan {
    pub fn node(&self, target: &Target) -> Option<&Node> {
        self.files.get(target.file)?.node(&target.object)
    }

    pub fn source(&self, target: &Target) -> Option<&Arc<SourceFile>> {
        self.files.get(target.file).map(|f| &f.source)
    }

    pub fn errors(&self) -> usize {
        self.report.summary.errors
    }

    /// A diagnostic about `field` of a target (the nearest existing node when the field is not
    /// in the file), for the lint renderer.
    pub fn diagnostic_at(
        &self,
        target: &Target,
        rule: &'static RuleMeta,
        field: &FieldPath,
        message: String,
        help: Option<String>,
    ) -> Option<Diagnostic> {
        let source = self.source(target)?.clone();
        let node = self.node(target)?;
        let span = locate(node, field).label_span();
        Some(Diagnostic {
            file: source,
            span,
            severity: Severity::Error,
            rule,
            field: (!field.is_root()).then(|| field.to_string()),
            object: Some(ObjectInfo::from(&target.object)),
            message,
            help,
            related: Vec::new(),
            fix: None,
            kustomization: None,
        })
    }
}

/// Read every input, lint it all as `svcctl lint` would, and choose what to send.
pub fn prepare(paths: &[String], options: &LintOptions, all_kinds: bool) -> Result<Plan, Failure> {
    let inputs: Vec<Input> = paths.iter().map(|p| Input::from_arg(p)).collect();
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(Failure::Message(
            "`-` (stdin) may be given only once".into(),
        ));
    }
    let (files, unreadable) = collect_files(&inputs);
    if let Some((path, reason)) = unreadable.first() {
        return Err(Failure::Message(format!(
            "{path}: {reason}; nothing was sent"
        )));
    }
    let mut texts = Vec::with_capacity(files.len());
    for input in &files {
        match read_input(input, options.max_file_size) {
            Ok((name, Ok(text))) => texts.push((name, text)),
            Ok((name, Err((_, _, reason)))) | Err((name, reason)) => {
                return Err(Failure::Message(format!(
                    "{name}: {reason}; nothing was sent"
                )));
            }
        }
    }
    if texts.is_empty() {
        return Err(Failure::Message(
            "no manifest found (folders are searched for *.yaml, *.yml and *.json)".into(),
        ));
    }
    let report = lint_texts(texts.clone(), options);
    let mut parsed = Vec::with_capacity(texts.len());
    let mut targets = Vec::new();
    let mut skipped = 0;
    for (i, (name, text)) in texts.into_iter().enumerate() {
        let source = Arc::new(SourceFile::new(name, text));
        let stream = parse_stream(&source.text, options.limits);
        let file = ParsedFile::new(source, stream);
        for object in &file.objects {
            if !(object.is_core_service() || all_kinds) {
                skipped += 1;
                continue;
            }
            let Some(node) = file.node(object) else {
                continue;
            };
            targets.push(Target {
                file: i,
                object: object.clone(),
                body: to_json(node),
            });
        }
        parsed.push(file);
    }
    Ok(Plan {
        files: parsed,
        targets,
        report,
        skipped,
    })
}

/// Objects that cannot be applied whatever the cluster says: no name (server-side apply needs
/// one), or a namespace that contradicts an explicit `--namespace` (kubectl refuses to guess).
pub fn check_targets(plan: &Plan, explicit_namespace: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &plan.targets {
        if t.object.name.is_none() {
            out.extend(plan.diagnostic_at(
                t,
                &UNAPPLIABLE,
                &FieldPath::parse("metadata.name"),
                "Required value: server-side apply needs a name".into(),
                Some("set metadata.name (generateName is not supported by apply)".into()),
            ));
        }
        if let (Some(explicit), Some(own)) = (explicit_namespace, t.object.namespace.as_deref())
            && explicit != own
        {
            out.extend(plan.diagnostic_at(
                t,
                &UNAPPLIABLE,
                &FieldPath::parse("metadata.namespace"),
                format!("the object's namespace {own:?} does not match --namespace {explicit:?}"),
                Some(format!(
                    "pass --namespace {own} (or none), or change metadata.namespace; svcctl does \
                     not guess which one you meant"
                )),
            ));
        }
    }
    out
}

/// Problems svcctl finds in an object before sending it (not lint rules: they depend on the
/// command line, not on the manifest alone).
pub static UNAPPLIABLE: RuleMeta = RuleMeta {
    id: "not-appliable",
    code: "apply",
    category: Category::Api,
    severity: Some(Severity::Error),
    summary: "cannot be applied as given",
    apiserver: None,
    depends_on_kube_version: false,
    fix: None,
    engine: crate::lint::EngineTraits::NONE,
    docs: "",
};
