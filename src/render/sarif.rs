//! `--format sarif`: SARIF 2.1.0 with the whole rule catalogue as `tool.driver.rules` and real
//! regions for every result.

use serde_json::{Value, json};

use crate::lint::{Diagnostic, RULES, Report, Severity};

fn level(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

/// The base that relative input paths are resolved against: the folder svcctl ran in.
const SRCROOT: &str = "%SRCROOT%";

/// What SARIF consumers read as "the standard input": a stream has no URI, so its location is
/// described instead (SARIF 2.1.0 makes every `artifactLocation` property optional).
const STDIN: &str = "-";

/// An input path as a SARIF `artifactLocation`. `uri` must be an RFC 3986 URI reference: a
/// relative path stays relative (against `%SRCROOT%`) so that reports from different checkouts
/// match, an absolute one becomes a `file:` URI, Windows drive and UNC paths included.
fn artifact_location(path: &str) -> Value {
    if path == STDIN {
        return json!({"description": {"text": "standard input"}});
    }
    let slashed = path.replace('\\', "/");
    if let Some(rest) = slashed.strip_prefix("//") {
        // `\\server\share\x.yaml`: the server is the URI's authority.
        return json!({"uri": format!("file://{}", encode(rest))});
    }
    if let Some(drive) = windows_drive(&slashed) {
        let rest = slashed.get(2..).unwrap_or_default();
        return json!({"uri": format!("file:///{drive}:{}", encode(rest))});
    }
    if slashed.starts_with('/') {
        return json!({"uri": format!("file://{}", encode(&slashed))});
    }
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    json!({"uri": encode(relative), "uriBaseId": SRCROOT})
}

/// The drive letter of `C:/…`.
fn windows_drive(path: &str) -> Option<char> {
    let mut chars = path.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(drive), Some(':'), Some('/')) if drive.is_ascii_alphabetic() => Some(drive),
        _ => None,
    }
}

/// Percent-encodes every byte of a `/`-separated path but the unreserved ones (RFC 3986 2.3):
/// spaces, non-ASCII names and a `:` in a first segment (which would read as a scheme) all
/// become valid URI characters.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `%SRCROOT%` as the folder svcctl ran in, so that a consumer can find the files; left out
/// when that folder is unknown (the relative URIs are still valid, resolved by the consumer).
fn original_uri_base_ids() -> Option<Value> {
    let dir = std::env::current_dir().ok()?;
    let mut uri = artifact_location(&dir.display().to_string())
        .get("uri")?
        .as_str()?
        .to_string();
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(json!({ SRCROOT: {"uri": uri} }))
}

/// The whole rule catalogue as `tool.driver.rules` (also for `svcctl audit`'s SARIF).
pub(super) fn rules() -> Vec<Value> {
    RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                "name": m.code,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.documentation(), "markdown": m.documentation()},
                "helpUri": m.help_uri(),
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.severity.is_some()},
                "properties": {"category": m.category.as_str(), "tags": [m.category.as_str()]},
            })
        })
        .collect()
}

/// Where a finding's rule is in the log's `rules`.
pub(super) fn rule_index(d: &Diagnostic) -> usize {
    RULES
        .iter()
        .position(|r| r.meta().id == d.rule.id)
        .unwrap_or(0)
}

pub(super) fn level_of(s: Severity) -> &'static str {
    level(Some(s))
}

pub fn render(report: &Report) -> String {
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = (d.start(), d.end());
            let rule_index = rule_index(d);
            let text = match &d.field {
                Some(f) => format!("{f}: {}", d.message),
                None => d.message.clone(),
            };
            let mut result = json!({
                "ruleId": d.rule.id,
                "ruleIndex": rule_index,
                "level": level(Some(d.severity)),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&d.file.name),
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                        }
                    }
                }],
            });
            if !d.related.is_empty()
                && let Some(map) = result.as_object_mut()
            {
                    map.insert(
                        "relatedLocations".into(),
                        d.related
                            .iter()
                            .enumerate()
                            .map(|(i, r)| {
                                let p = r.file.position(r.span.start);
                                json!({
                                    "id": i,
                                    "message": {"text": r.message},
                                    "physicalLocation": {
                                        "artifactLocation": artifact_location(&r.file.name),
                                        "region": {"startLine": p.line, "startColumn": p.column},
                                    }
                                })
                            })
                            .collect(),
                );
            }
            result
        })
        .collect();
    log(results, original_uri_base_ids())
}

/// The SARIF log of one svcctl run with these results, and `originalUriBaseIds` when its
/// results name files relative to them.
pub(super) fn log(results: Vec<Value>, uri_bases: Option<Value>) -> String {
    let mut run = json!({
        "tool": {"driver": {
            "name": "svcctl",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/svcctl/svcctl",
            "rules": rules(),
        }},
        "results": results,
    });
    if let (Some(bases), Some(map)) = (uri_bases, run.as_object_mut()) {
        map.insert("originalUriBaseIds".into(), bases);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri_of(path: &str) -> (Option<String>, Option<String>) {
        let location = artifact_location(path);
        let field = |k: &str| location.get(k).and_then(Value::as_str).map(str::to_string);
        (field("uri"), field("uriBaseId"))
    }

    #[test]
    fn relative_paths_are_relative_uri_references_against_srcroot() {
        assert_eq!(
            uri_of("./k8s/my app/süß.yaml"),
            (
                Some("k8s/my%20app/s%C3%BC%C3%9F.yaml".into()),
                Some("%SRCROOT%".into())
            )
        );
        assert_eq!(
            uri_of("deploy\\web.yaml"),
            (Some("deploy/web.yaml".into()), Some("%SRCROOT%".into()))
        );
        // A `:` in the first segment would make it read as a scheme.
        assert_eq!(uri_of("a:b.yaml").0, Some("a%3Ab.yaml".into()));
    }

    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(
            uri_of("/srv/my repo/ñ.yaml"),
            (Some("file:///srv/my%20repo/%C3%B1.yaml".into()), None)
        );
    }

    #[test]
    fn windows_paths_are_file_uris_with_forward_slashes() {
        assert_eq!(
            uri_of("C:\\x\\my y.yaml"),
            (Some("file:///C:/x/my%20y.yaml".into()), None)
        );
        assert_eq!(
            uri_of("\\\\server\\share\\y.yaml"),
            (Some("file://server/share/y.yaml".into()), None)
        );
    }

    #[test]
    fn stdin_is_described_not_given_a_uri() {
        let location = artifact_location("-");
        assert_eq!(location.get("uri"), None);
        assert_eq!(location["description"]["text"], "standard input");
    }
}
