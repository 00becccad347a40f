//! `svcctl new`: generate a Service manifest that is right the first time.
//!
//! The arguments are turned into a checked plan ([`build`]) that refuses, with a specific
//! message, anything the API server would refuse or silently ignore; the plan becomes a
//! `serde_json::Value` written as kubectl-style YAML ([`yaml`]) or JSON. Before anything is
//! printed or written, the text goes through the real linter with the same cluster settings as
//! `svcctl lint` (flags, then `.svcctl.yaml`): an error there is a bug in this module, and warnings
//! are passed on. `--from` reads a workload offline ([`from`]), `-o` writes atomically.

mod build;
mod from;
mod ports;
mod request;
pub mod yaml;

use std::path::Path;

use crate::error::Failure;
use crate::lint::driver::lint_texts;
use crate::lint::{Diagnostic, LintOptions, Severity};
pub use request::{
    GenerateRequest, IpFamily, IpFamilyPolicy, Kind, NewFormat, SessionAffinity, TrafficPolicy,
    WriteMode,
};

/// A manifest ready to print or write, and what to tell the user about it.
pub struct Generated {
    pub text: String,
    /// `service/web`.
    pub display: String,
    pub notes: Vec<String>,
}

fn one_line(d: &Diagnostic) -> String {
    let field = d
        .field
        .as_deref()
        .map(|f| format!("{f}: "))
        .unwrap_or_default();
    let help = d
        .help
        .as_deref()
        .map(|h| format!(" (help: {h})"))
        .unwrap_or_default();
    format!(
        "{}[{}] {field}{}{help}",
        d.severity.as_str(),
        d.rule.id,
        d.message.replace('\n', " ")
    )
}

/// Build, render and lint. Nothing is printed here.
pub fn generate(
    args: &GenerateRequest,
    options: &LintOptions,
    lint_name: &str,
) -> Result<Generated, Failure> {
    let workload = match &args.from {
        Some(file) => Some(
            from::load(file, args.workload.as_deref())
                .map_err(|e| Failure::Message(e.to_string()))?,
        ),
        None => None,
    };
    let plan = build::plan(args, &options.settings, workload.as_ref())
        .map_err(|problems| Failure::Message(problems.join("\nerror: ")))?;
    let value = plan.to_value();
    let text = match args.format {
        NewFormat::Yaml => yaml::to_yaml(&value),
        NewFormat::Json => {
            let mut t = serde_json::to_string_pretty(&value)?;
            t.push('\n');
            t
        }
    };
    let mut texts = vec![(lint_name.to_string(), text.clone())];
    // Cross-object rules then check the selector and named targets against the Pods.
    if let Some(w) = &workload
        && let Some(wtext) = &w.text
    {
        let name = if w.file == lint_name {
            format!("{} (--from)", w.file)
        } else {
            w.file.clone()
        };
        texts.push((name, wtext.clone()));
    }
    let report = lint_texts(texts, options);
    let mine: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.name == lint_name)
        .collect();
    let errors: Vec<String> = mine
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("  {}", one_line(d)))
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Message(format!(
            "the generated Service does not pass `svcctl lint`, so nothing was printed or written; this is a bug in svcctl new (please report it with the command line):\n{}",
            errors.join("\n")
        )));
    }
    let mut notes = plan.notes;
    notes.extend(
        mine.iter()
            .filter(|d| d.severity != Severity::Error)
            .map(|d| one_line(d)),
    );
    Ok(Generated {
        text,
        display: format!("service/{}", plan.name),
        notes,
    })
}

/// Write or append atomically; refuse to clobber a file, or to append a Service that conflicts
/// with what the file already holds.
pub fn write_output(
    path: &Path,
    text: &str,
    mode: WriteMode,
    options: &LintOptions,
) -> Result<&'static str, Failure> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Failure::Message(format!("-o {shown}: is a directory")));
    }
    let exists = path.exists();
    if !mode.append {
        if exists && !mode.force {
            return Err(Failure::Message(format!(
                "{shown} already exists; use --force to overwrite it or --append to add the Service as another document"
            )));
        }
        crate::fsutil::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::Message(format!("{shown}: {e}")))?;
        return Ok(if exists { "overwrote" } else { "wrote" });
    }
    let existing = if exists {
        std::fs::read_to_string(path).map_err(|e| Failure::Message(format!("{shown}: {e}")))?
    } else {
        String::new()
    };
    let combined = append_document(&existing, text);
    // Only what the new document brings counts: problems the file already had are not ours. The
    // existing text is a prefix of the combined one, so an old finding keeps its span.
    let name = shown.to_string();
    let errors = |text: &str| {
        lint_texts(vec![(name.clone(), text.to_string())], options)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error && d.file.name == name)
            .collect::<Vec<_>>()
    };
    let old = errors(&existing);
    let before: Vec<(&str, usize, &str)> = old
        .iter()
        .map(|d| (d.rule.id, d.span.start, d.message.as_str()))
        .collect();
    let introduced: Vec<String> = errors(&combined)
        .iter()
        .filter(|d| !before.contains(&(d.rule.id, d.span.start, d.message.as_str())))
        .map(|d| {
            let at = d.start();
            format!("  {name}:{}:{}: {}", at.line, at.column, one_line(d))
        })
        .collect();
    if !introduced.is_empty() {
        return Err(Failure::Message(format!(
            "adding this Service to {shown} would make it invalid, so nothing was written:\n{}",
            introduced.join("\n")
        )));
    }
    crate::fsutil::write_atomic(path, combined.as_bytes())
        .map_err(|e| Failure::Message(format!("{shown}: {e}")))?;
    Ok(if exists { "appended" } else { "wrote" })
}

/// `existing`, then a `---` line unless the file is empty or already ends with one, then `doc`.
fn append_document(existing: &str, doc: &str) -> String {
    if existing.trim().is_empty() {
        return doc.to_string();
    }
    let mut out = existing.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let last = out
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if last.trim_end() != "---" {
        out.push_str("---\n");
    }
    out.push_str(doc);
    out
}

/// The command line of [`example_manifest`] for a type, e.g.
/// `svcctl new nodeport web --port 80:8080`.
pub fn example_command(kind: &str) -> Option<String> {
    let request = example_request(Kind::from_name(kind)?);
    let mut words = vec!["svcctl new".to_string(), request.kind.as_str().to_string()];
    words.extend(request.name);
    words.extend(request.ports.iter().map(|p| format!("--port {p}")));
    words.extend(
        request
            .external_name
            .map(|e| format!("--external-name {e}")),
    );
    Some(words.join(" "))
}

fn example_request(kind: Kind) -> GenerateRequest {
    let (name, ports, external_name) = match kind {
        Kind::ExternalName => ("db", vec![], Some("db.example.com".to_string())),
        // A headless Service does not remap ports: clients reach the Pods' port directly.
        Kind::Headless => ("web", vec!["8080".to_string()], None),
        _ => ("web", vec!["80:8080".to_string()], None),
    };
    GenerateRequest {
        ports,
        external_name,
        ..GenerateRequest::new(kind, Some(name.to_string()))
    }
}

/// Exactly what `svcctl new <kind>` prints for a minimal, typical command line (see
/// [`example_command`]), for `svcctl explain`. `kind` is a type name as `svcctl new` takes it
/// (`clusterip`, `nodeport`, `loadbalancer`, `externalname`, `headless`, any case).
pub fn example_manifest(kind: &str) -> Option<String> {
    let request = example_request(Kind::from_name(kind)?);
    generate(&request, &LintOptions::default(), "<generated>")
        .ok()
        .map(|g| g.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_exist_for_every_type() {
        for kind in [
            "clusterip",
            "nodeport",
            "loadbalancer",
            "externalname",
            "headless",
            "NodePort",
        ] {
            let text = example_manifest(kind).unwrap_or_default();
            assert!(
                text.starts_with("apiVersion: v1\nkind: Service\n"),
                "{kind}: {text}"
            );
            assert!(example_command(kind).is_some());
        }
        assert!(example_manifest("ingress").is_none());
        assert!(
            example_manifest("externalname")
                .unwrap_or_default()
                .contains("externalName: db.example.com")
        );
    }

    #[test]
    fn appending_separates_documents_once() {
        assert_eq!(append_document("", "b: 1\n"), "b: 1\n");
        assert_eq!(append_document("a: 1", "b: 1\n"), "a: 1\n---\nb: 1\n");
        assert_eq!(
            append_document("a: 1\n---\n\n", "b: 1\n"),
            "a: 1\n---\n\nb: 1\n"
        );
    }
}
