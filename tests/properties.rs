//! Properties over generated Services: a valid Service lints with no `api` error, and the same
//! Service with one field mutated into an invalid value gets an error at exactly that field's path
//! and line.

use k8s_openapi::api::core::v1::Service;
use proptest::prelude::*;
use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::lint::{Category, Severity};
use svcctl::model::decode::{decode, typed_view};
use svcctl::model::schema;
use svcctl::model::service_view::plain_service;
use svcctl::model::yaml::{Limits, parse_stream};

#[derive(Clone, Debug)]
enum Kind {
    ClusterIp,
    NodePort,
    LoadBalancer,
    Headless,
    ExternalName,
}

#[derive(Clone, Debug)]
struct Port {
    port: u16,
    target: Option<u16>,
    udp: bool,
    node_port: Option<u16>,
}

#[derive(Clone, Debug)]
struct Svc {
    name: String,
    kind: Kind,
    ports: Vec<Port>,
}

/// Which field to break, and how.
#[derive(Clone, Copy, Debug)]
enum Mutation {
    Name,
    Type,
    Port,
    Protocol,
    NodePort,
    TargetPortName,
    SessionAffinity,
}

fn service() -> impl Strategy<Value = Svc> {
    let kind = prop_oneof![
        Just(Kind::ClusterIp),
        Just(Kind::NodePort),
        Just(Kind::LoadBalancer),
        Just(Kind::Headless),
        Just(Kind::ExternalName),
    ];
    (
        "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        kind,
        proptest::collection::btree_set(1u16..=65535, 1..4),
        proptest::collection::vec((proptest::option::of(1u16..=65535), any::<bool>()), 4),
        proptest::collection::btree_set(30000u16..=32767, 4),
    )
        .prop_map(|(name, kind, ports, extra, node_ports)| {
            let node_ports: Vec<u16> = node_ports.into_iter().collect();
            let ports = ports
                .into_iter()
                .enumerate()
                .map(|(i, port)| {
                    let (target, udp) = extra[i];
                    Port {
                        port,
                        target,
                        udp,
                        node_port: matches!(kind, Kind::NodePort | Kind::LoadBalancer)
                            .then(|| node_ports.get(i).copied())
                            .flatten(),
                    }
                })
                .collect();
            Svc { name, kind, ports }
        })
}

/// The manifest, and the 1-based line and field path of each mutable field.
fn render(svc: &Svc, mutation: Option<Mutation>) -> (String, Option<(usize, String)>) {
    let mut lines: Vec<String> = Vec::new();
    let mut target = None;
    let mark = |lines: &Vec<String>,
                m: Mutation,
                path: String,
                target: &mut Option<(usize, String)>| {
        if matches!(mutation, Some(x) if std::mem::discriminant(&x) == std::mem::discriminant(&m))
            && target.is_none()
        {
            *target = Some((lines.len() + 1, path));
        }
    };
    lines.push("apiVersion: v1".into());
    lines.push("kind: Service".into());
    lines.push("metadata:".into());
    mark(&lines, Mutation::Name, "metadata.name".into(), &mut target);
    let name = if matches!(mutation, Some(Mutation::Name)) {
        "Bad_Name".to_string()
    } else {
        svc.name.clone()
    };
    // Quoted: a generated name such as `on` or `no` would otherwise be a YAML 1.1 boolean,
    // which kubectl sends as `true` (svcctl rightly reports that as invalid-value-type).
    lines.push(format!("  name: \"{name}\""));
    lines.push("spec:".into());
    let type_name = match svc.kind {
        Kind::ClusterIp | Kind::Headless => "ClusterIP",
        Kind::NodePort => "NodePort",
        Kind::LoadBalancer => "LoadBalancer",
        Kind::ExternalName => "ExternalName",
    };
    mark(&lines, Mutation::Type, "spec.type".into(), &mut target);
    lines.push(format!(
        "  type: {}",
        if matches!(mutation, Some(Mutation::Type)) {
            "Nodeport"
        } else {
            type_name
        }
    ));
    if matches!(svc.kind, Kind::Headless) {
        lines.push("  clusterIP: None".into());
    }
    mark(
        &lines,
        Mutation::SessionAffinity,
        "spec.sessionAffinity".into(),
        &mut target,
    );
    lines.push(format!(
        "  sessionAffinity: {}",
        if matches!(mutation, Some(Mutation::SessionAffinity)) {
            "Sticky"
        } else {
            "None"
        }
    ));
    if matches!(svc.kind, Kind::ExternalName) {
        lines.push("  externalName: db.example.com".into());
    } else {
        lines.push("  selector:".into());
        lines.push("    app: web".into());
        lines.push("  ports:".into());
        let several = svc.ports.len() > 1;
        for (i, p) in svc.ports.iter().enumerate() {
            let first = if several {
                format!("  - name: p{i}")
            } else {
                "  - appProtocol: http".to_string()
            };
            lines.push(first);
            mark(
                &lines,
                Mutation::Port,
                format!("spec.ports[{i}].port"),
                &mut target,
            );
            let port = if matches!(mutation, Some(Mutation::Port)) && i == 0 {
                70000
            } else {
                u32::from(p.port)
            };
            lines.push(format!("    port: {port}"));
            mark(
                &lines,
                Mutation::Protocol,
                format!("spec.ports[{i}].protocol"),
                &mut target,
            );
            let protocol = if matches!(mutation, Some(Mutation::Protocol)) && i == 0 {
                "HTTP"
            } else if p.udp {
                "UDP"
            } else {
                "TCP"
            };
            lines.push(format!("    protocol: {protocol}"));
            if matches!(mutation, Some(Mutation::TargetPortName)) && i == 0 {
                mark(
                    &lines,
                    Mutation::TargetPortName,
                    format!("spec.ports[{i}].targetPort"),
                    &mut target,
                );
                lines.push("    targetPort: http--web".into());
            } else if let Some(t) = p.target {
                lines.push(format!("    targetPort: {t}"));
            }
            if let Some(np) = p.node_port {
                mark(
                    &lines,
                    Mutation::NodePort,
                    format!("spec.ports[{i}].nodePort"),
                    &mut target,
                );
                let np = if matches!(mutation, Some(Mutation::NodePort)) && i == 0 {
                    99999
                } else {
                    u32::from(np)
                };
                lines.push(format!("    nodePort: {np}"));
            }
        }
    }
    (lines.join("\n") + "\n", target)
}

fn api_errors(text: &str) -> Vec<(usize, String, String)> {
    let report = lint_texts(
        vec![("svc.yaml".into(), text.to_string())],
        &LintOptions::default(),
    );
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule.category == Category::Api && d.severity == Severity::Error)
        .map(|d| {
            (
                d.start().line,
                d.field.clone().unwrap_or_default(),
                d.rule.id.to_string(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_valid_services_have_no_api_error(svc in service()) {
        let (text, _) = render(&svc, None);
        let errors = api_errors(&text);
        prop_assert!(errors.is_empty(), "{text}\n{errors:?}");
    }

    #[test]
    fn one_mutated_field_is_reported_at_its_path_and_line(
        svc in service(),
        mutation in prop_oneof![
            Just(Mutation::Name), Just(Mutation::Type), Just(Mutation::Port), Just(Mutation::Protocol),
            Just(Mutation::NodePort), Just(Mutation::TargetPortName), Just(Mutation::SessionAffinity),
        ],
    ) {
        let (text, target) = render(&svc, Some(mutation));
        // Mutations of fields this Service does not have (a port on an ExternalName) do not apply.
        prop_assume!(target.is_some());
        let Some((line, path)) = target else { unreachable!() };
        let errors = api_errors(&text);
        prop_assert!(
            errors.iter().any(|(l, f, _)| *l == line && *f == path),
            "expected an api error at {path} line {line}\n{text}\n{errors:?}"
        );
    }

    /// The typed view built field by field for a plain Service is the one serde builds, valid or
    /// mutated, and such a Service has nothing for the decode pass (which it skips) to find.
    #[test]
    fn the_plain_typed_view_is_the_general_one(
        svc in service(),
        mutation in proptest::option::of(prop_oneof![
            Just(Mutation::Name), Just(Mutation::Type), Just(Mutation::Port), Just(Mutation::Protocol),
            Just(Mutation::NodePort), Just(Mutation::TargetPortName), Just(Mutation::SessionAffinity),
        ]),
    ) {
        let (text, _) = render(&svc, mutation);
        let stream = parse_stream(&text, Limits::default());
        let node = stream.documents.iter().find_map(|d| d.root.as_ref());
        // Every generated Service is written plainly, whatever its values.
        let view = node.and_then(plain_service);
        prop_assert!(view.is_some(), "not plain:\n{text}");
        if let (Some(node), Some(view)) = (node, view) {
            prop_assert_eq!(Some(view), typed_view::<Service>(node, schema::service()), "{}", text);
            let issues = decode(node, schema::service()).issues;
            prop_assert!(issues.is_empty(), "{text}\n{issues:?}");
        }
    }
}
