//! `svcctl explain`: offline teaching. One argument decides the form:
//!
//! 1. nothing: an overview of the Service types and a comparison table ([`types`]);
//! 2. a type (`clusterip`, `nodeport`/`np`, `loadbalancer`/`lb`, `externalname`, `headless`):
//!    purpose, mechanics, diagram, the `svcctl new` example, mistakes and their rules;
//! 3. a field path (`spec.ports.nodePort`, `service.spec…`, indices ignored): its schema type and
//!    description plus defaults, allowed values, types and rules ([`fields`]);
//! 4. a rule id or code: the rule's own documentation ([`rules`]);
//! 5. files (or `-`): what each Service does with traffic, from the same parse, index and findings
//!    as `svcctl lint` ([`manifest`]).
//!
//! Everything is computed as text (or JSON for forms 3–5) by [`explain`], which knows nothing of
//! the terminal; `commands::explain` decides colour and Unicode once and writes the result.

mod diagram;
pub mod fields;
pub mod live;
mod manifest;
mod rules;
mod text;
pub mod types;

use std::path::Path;

pub use text::Look;
pub use types::TypeTopic;

use crate::error::Failure;
use crate::lint::{LintOptions, RULES, RuleMeta, find_rule};
use crate::model::decode::suggest;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExplainFormat {
    #[default]
    Text,
    Json,
}

impl ExplainFormat {
    pub const ALL: [ExplainFormat; 2] = [ExplainFormat::Text, ExplainFormat::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            ExplainFormat::Text => "text",
            ExplainFormat::Json => "json",
        }
    }

    /// One line for `svcctl explain --help`.
    pub fn summary(self) -> &'static str {
        match self {
            ExplainFormat::Text => "Text for people (80 columns)",
            ExplainFormat::Json => "JSON for editors and scripts (fields, rules and files)",
        }
    }
}

/// What to explain.
#[derive(Clone, Debug, Default)]
pub struct ExplainRequest {
    /// Nothing, one topic (a type, field path, rule id or code), or manifest files and folders.
    pub topics: Vec<String>,
    /// Manifests named as such (kubectl's `-f`): never taken for a topic.
    pub files: Vec<String>,
    /// With a field: the whole tree of its sub-fields.
    pub recursive: bool,
    pub format: ExplainFormat,
}

impl ExplainRequest {
    /// The topics as text, everything else at its default.
    pub fn new(topics: &[&str]) -> ExplainRequest {
        ExplainRequest {
            topics: topics.iter().map(|t| t.to_string()).collect(),
            ..ExplainRequest::default()
        }
    }
}

/// What `svcctl explain` prints.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// Some input could not be read (each is named in `stderr`); the rest was explained.
    pub unreadable: bool,
}

enum Topic {
    Overview,
    Type(TypeTopic),
    Rule(&'static RuleMeta),
    Field(fields::Field),
    Files(Vec<String>),
}

fn looks_like_file(arg: &str) -> bool {
    let lower = arg.to_ascii_lowercase();
    arg == "-"
        || arg.contains('/')
        || arg.contains('\\')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|e| lower.ends_with(e))
}

fn rule_named(arg: &str) -> Option<&'static RuleMeta> {
    find_rule(arg).map(|r| r.meta()).or_else(|| {
        RULES
            .iter()
            .map(|r| r.meta())
            .find(|m| m.id.eq_ignore_ascii_case(arg))
    })
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("\n  did you mean `{one}`?"),
        many => format!(
            "\n  did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Several arguments (or any `-f`) are all manifests; a topic among them is a mistake.
fn files_only(paths: Vec<String>) -> Result<Topic, Failure> {
    if let Some(odd) = paths
        .iter()
        .find(|t| !looks_like_file(t) && !Path::new(t.as_str()).exists())
    {
        return Err(Failure::Message(format!(
            "`{odd}` is not a file; `svcctl explain` takes one topic (a type, field or rule) or one or more files"
        )));
    }
    Ok(Topic::Files(paths))
}

fn classify(topics: &[String]) -> Result<Topic, Failure> {
    let [arg] = topics else {
        if topics.is_empty() {
            return Ok(Topic::Overview);
        }
        return files_only(topics.to_vec());
    };
    if looks_like_file(arg) {
        return Ok(Topic::Files(vec![arg.clone()]));
    }
    if let Some(t) = TypeTopic::parse(arg) {
        return Ok(Topic::Type(t));
    }
    if let Some(m) = rule_named(arg) {
        return Ok(Topic::Rule(m));
    }
    let resolved = fields::normalize(arg).map(|segments| fields::resolve(&segments));
    match resolved {
        Some(Ok(field)) => Ok(Topic::Field(field)),
        _ if Path::new(arg).exists() => Ok(Topic::Files(vec![arg.clone()])),
        Some(Err(unknown)) if arg.contains('.') => Err(Failure::Message(format!(
            "`{arg}` is not a Service field: {}{}",
            unknown.message,
            did_you_mean(&unknown.suggestions)
        ))),
        other => {
            let fields = match other {
                Some(Err(unknown)) => unknown.suggestions,
                _ => Vec::new(),
            };
            // A field of that exact name is the likeliest meaning (`targetPort`).
            let leaf = |f: &String| {
                f.rsplit('.')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case(arg))
            };
            let mut suggestions: Vec<String> = fields.iter().filter(|f| leaf(f)).cloned().collect();
            if let Some(t) = suggest(arg, TypeTopic::names().iter().copied()) {
                suggestions.push(t);
            }
            if let Some(r) = suggest(arg, RULES.iter().map(|r| r.meta().id)) {
                suggestions.push(r);
            }
            for f in fields {
                if !suggestions.contains(&f) {
                    suggestions.push(f);
                }
            }
            suggestions.truncate(4);
            Err(Failure::Message(format!(
                "`{arg}` is not a Service type, field, rule or file{}\n  types: `svcctl explain`; fields: `svcctl explain service -r`; rules: `svcctl rules`",
                did_you_mean(&suggestions)
            )))
        }
    }
}

fn json_text(value: &serde_json::Value) -> Result<String, Failure> {
    Ok(format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Compute what `svcctl explain` prints. `options` gives the lint settings, asked for only when
/// there are manifests to explain, so that a broken `.svcctl.yaml` does not stop a topic page.
pub fn explain(
    request: &ExplainRequest,
    look: &Look,
    options: impl FnOnce() -> Result<LintOptions, Failure>,
) -> Result<Output, Failure> {
    let topic = if request.files.is_empty() {
        classify(&request.topics)?
    } else {
        // `-f` names a file whatever it looks like, so only the positional arguments are checked.
        files_only(request.topics.clone())?;
        Topic::Files(
            request
                .topics
                .iter()
                .chain(&request.files)
                .cloned()
                .collect(),
        )
    };
    let json = request.format == ExplainFormat::Json;
    let clean = |stdout: String| Output {
        stdout,
        stderr: String::new(),
        unreadable: false,
    };
    match topic {
        Topic::Overview | Topic::Type(_) if json => Err(Failure::Message(
            "--format json is available for fields, rules and files; Service types are explained as text".into(),
        )),
        Topic::Overview => Ok(clean(look.finish(types::overview(look)))),
        Topic::Type(t) => Ok(clean(look.finish(types::type_page(t, look)))),
        Topic::Rule(m) if json => Ok(clean(json_text(&rules::to_json(m))?)),
        Topic::Rule(m) => Ok(clean(look.finish(rules::render_text(m, look)))),
        Topic::Field(f) if json => Ok(clean(json_text(&fields::to_json(&f, request.recursive))?)),
        Topic::Field(f) => Ok(clean(look.finish(fields::render_text(
            &f,
            request.recursive,
            look,
        )))),
        Topic::Files(paths) => {
            let options = options()?;
            let inputs = manifest::read(&paths, options.max_file_size);
            if paths.iter().filter(|p| *p == "-").count() > 1 {
                return Err(Failure::Message("`-` (stdin) may be given only once".into()));
            }
            let files = manifest::explain(inputs.texts, &options);
            let stdout = if json {
                json_text(&manifest::to_json(&files, &inputs.errors))?
            } else {
                look.finish(manifest::render_text(&files, look))
            };
            let stderr: String = inputs
                .errors
                .iter()
                .map(|(file, reason)| format!("error: {file}: {reason}\n"))
                .collect();
            Ok(Output {
                stdout,
                stderr,
                unreadable: !inputs.errors.is_empty(),
            })
        }
    }
}

/// Explain Services read from a live cluster (`svcctl explain svc/NAME`): each one's manifest as
/// its author would have written it, explained like a file, with its real endpoints.
pub fn explain_live(
    services: &[live::LiveService],
    format: ExplainFormat,
    look: &Look,
    options: &LintOptions,
) -> Result<Output, Failure> {
    let files: Vec<manifest::FileOut> = services
        .iter()
        .flat_map(|s| {
            manifest::explain_live(
                s.source_name.clone(),
                s.manifest.clone(),
                &s.endpoints,
                options,
            )
        })
        .collect();
    let stdout = match format {
        ExplainFormat::Json => json_text(&manifest::to_json(&files, &[]))?,
        ExplainFormat::Text => look.finish(manifest::render_text(&files, look)),
    };
    Ok(Output {
        stdout,
        stderr: String::new(),
        unreadable: false,
    })
}
