//! The text and JSON forms of everything explained.

use super::*;

/// The text form of everything explained.
pub fn render_text(files: &[FileOut], look: &Look) -> String {
    let mut out = String::new();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", look.heading(&file.name));
        out.push('\n');
        if file.services.is_empty() {
            let what = if file.others.is_empty() {
                "No Kubernetes object in this file.".to_string()
            } else {
                format!(
                    "No Service in this file (it holds {}).",
                    join_and(&file.others)
                )
            };
            out.push_str(&wrap(&what, look.width, 2));
            out.push('\n');
        }
        let documents = file
            .services
            .iter()
            .map(|s| s.document)
            .max()
            .unwrap_or(0)
            .max(
                file.findings
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.object.as_ref().map(|o| o.document))
                    .max()
                    .unwrap_or(0),
            );
        for svc in &file.services {
            render_service(&mut out, svc, documents > 0, look);
        }
        let _ = writeln!(out, "{}", look.heading("Findings (svcctl lint)"));
        if file.findings.diagnostics.is_empty() {
            out.push_str("    None.\n");
        } else {
            let concise = render::render(
                &file.findings,
                Format::Concise,
                &RenderOptions {
                    style: render::HumanStyle::default(),
                    show_suppressed: false,
                },
            );
            for line in concise.lines() {
                out.push_str(&wrap_hanging_line(line, look.width));
            }
        }
    }
    out
}

pub(super) fn wrap_hanging_line(line: &str, width: usize) -> String {
    super::super::text::wrap_hanging(line, width, "    ", "        ")
}

pub(super) fn render_service(out: &mut String, svc: &Explained, multi_doc: bool, look: &Look) {
    let known = ServiceType::of(Some(&svc.type_)) != ServiceType::Unknown;
    let mut title = if svc.headless {
        format!(
            "Headless Service {} (ClusterIP with clusterIP: None)",
            svc.name
        )
    } else if !known {
        format!("Service {} (invalid type \"{}\")", svc.name, svc.type_)
    } else {
        format!("{} Service {}", svc.type_, svc.name)
    };
    if let Some(ns) = &svc.namespace {
        let _ = write!(title, " in namespace {ns}");
    }
    if multi_doc {
        // Numbered from 0, as `document` is in the JSON of `lint` and `explain` and in JUnit.
        let _ = write!(title, " (document {})", svc.document);
    }
    let _ = writeln!(out, "{}", look.heading(&title));
    out.push_str(&wrap(&svc.summary, look.width, 4));
    if !svc.notes.is_empty() {
        out.push('\n');
        for note in &svc.notes {
            out.push_str(&wrap(&format!("- {note}"), look.width, 4));
        }
    }
    out.push('\n');
    if let Some(diagram) = &svc.diagram {
        let _ = writeln!(out, "  {}", look.heading("Traffic path"));
        out.push_str(&diagram.render(look.unicode, 4));
        out.push('\n');
    }
    if let Some(endpoints) = &svc.endpoints {
        let _ = writeln!(
            out,
            "  {}",
            look.heading("Endpoints (the cluster's EndpointSlices)")
        );
        out.push_str(&endpoints_text(endpoints, look.width));
        out.push('\n');
    }
    if !svc.dns.is_empty() {
        let _ = writeln!(out, "  {}", look.heading("DNS"));
        out.push_str(&dns_text(&svc.dns, look.width));
        out.push('\n');
    }
    if !svc.defaults.is_empty() {
        let _ = writeln!(out, "  {}", look.heading("Filled in by the API server"));
        let rows: Vec<(String, String)> = svc
            .defaults
            .iter()
            .map(|d| (d.field.clone(), d.value.clone()))
            .collect();
        out.push_str(&pairs(&rows, 4, look.width));
        out.push('\n');
    }
}

/// A live Service's endpoints, one a line: Pod, address and ports, node and zone, state.
pub(super) fn endpoints_text(endpoints: &[LiveEndpoint], width: usize) -> String {
    if endpoints.is_empty() {
        return wrap(
            "None: no Pod matches the selector with an IP yet, or nothing publishes endpoints for this Service.",
            width,
            4,
        );
    }
    let rows: Vec<(String, String)> = endpoints
        .iter()
        .map(|e| {
            let ports: Vec<String> = e.ports.iter().map(|p| p.port.to_string()).collect();
            let address = if ports.is_empty() {
                e.address.clone()
            } else {
                format!("{}:{}", e.address, ports.join(","))
            };
            let mut state = if e.ready { "ready" } else { "not ready" }.to_string();
            if e.terminating {
                state.push_str(", terminating");
            } else if e.serving && !e.ready {
                state.push_str(", serving");
            }
            let place = match (&e.node, &e.zone) {
                (Some(n), Some(z)) => format!(" on {n} ({z})"),
                (Some(n), None) => format!(" on {n}"),
                _ => String::new(),
            };
            let who = e.pod.clone().unwrap_or_else(|| "(no Pod)".into());
            (who, format!("{address}{place}, {state}"))
        })
        .collect();
    pairs(&rows, 4, width)
}

/// DNS records as aligned `name  TYPE  value` lines when they fit, else the name on a line of its
/// own with the record under it.
pub(super) fn dns_text(records: &[DnsRecord], width: usize) -> String {
    let name_width = records
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = records
        .iter()
        .map(|r| r.kind.chars().count())
        .max()
        .unwrap_or(0);
    let fits = records
        .iter()
        .all(|r| 4 + name_width + 2 + kind_width + 2 + r.value.chars().count() <= width);
    let mut out = String::new();
    for r in records {
        if fits {
            let _ = writeln!(
                out,
                "    {:<name_width$}  {:<kind_width$}  {}",
                r.name, r.kind, r.value
            );
        } else {
            let _ = writeln!(out, "    {}", r.name);
            let first = format!("        {:<kind_width$}  ", r.kind);
            let rest = " ".repeat(first.chars().count());
            out.push_str(&super::super::text::wrap_hanging(
                &r.value, width, &first, &rest,
            ));
        }
    }
    out
}

/// The JSON form: `{"version": 1, "files": [{"file", "services", "findings"}], "errors"}`.
pub fn to_json(files: &[FileOut], errors: &[(String, String)]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|f| {
            let findings = render::render(
                &f.findings,
                Format::Json,
                &RenderOptions {
                    style: render::HumanStyle::default(),
                    show_suppressed: false,
                },
            );
            let findings = serde_json::from_str::<Value>(&findings)
                .ok()
                .and_then(|v| v.get("diagnostics").cloned())
                .unwrap_or_else(|| json!([]));
            json!({
                "file": f.name,
                "services": f.services,
                "otherObjects": f.others,
                "findings": findings,
            })
        })
        .collect();
    json!({
        "version": 1,
        "files": files,
        "errors": errors.iter().map(|(file, reason)| json!({"file": file, "reason": reason})).collect::<Vec<_>>(),
    })
}
