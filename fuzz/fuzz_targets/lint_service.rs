//! Structure-aware: arbitrary Service-shaped YAML (right keys, arbitrary values and shapes), so
//! the fuzzer spends its time in the rules rather than in the YAML syntax.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use k8s_openapi::api::core::v1::Service;
use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::model::decode::{decode, typed_view};
use svcctl::model::schema;
use svcctl::model::service_view::plain_service;
use svcctl::model::yaml::{Limits, parse_stream};

#[derive(Arbitrary, Debug)]
enum Value {
    Int(i64),
    Text(String),
    Word(u8),
    Bool(bool),
    Null,
    List(Vec<Value>),
    Map(Vec<(u8, Value)>),
}

const WORDS: &[&str] = &[
    "None", "ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "TCP", "UDP", "SCTP", "http",
    "IPv4", "IPv6", "SingleStack", "RequireDualStack", "PreferDualStack", "Local", "Cluster",
    "ClientIP", "10.96.0.10", "::1", "fd00::/8", "10.0.0.0/8", "192.168.1.5/24", "yes", "0755",
    "example.com", "PreferClose", "PreferSameZone",
];

const KEYS: &[&str] = &[
    "name", "namespace", "labels", "annotations", "type", "ports", "port", "targetPort", "nodePort",
    "protocol", "appProtocol", "selector", "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy",
    "externalName", "externalIPs", "sessionAffinity", "sessionAffinityConfig", "clientIP",
    "timeoutSeconds", "loadBalancerSourceRanges", "loadBalancerClass", "externalTrafficPolicy",
    "internalTrafficPolicy", "healthCheckNodePort", "trafficDistribution", "allocateLoadBalancerNodePorts",
    "publishNotReadyAddresses", "loadBalancerIP", "ownerReferences", "uid", "status",
];

fn write(v: &Value, indent: usize, out: &mut String, depth: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Int(i) => out.push_str(&format!(" {i}\n")),
        Value::Text(s) => out.push_str(&format!(" {}\n", serde_json::to_string(s).unwrap_or_default())),
        Value::Word(w) => out.push_str(&format!(" {}\n", WORDS[*w as usize % WORDS.len()])),
        Value::Bool(b) => out.push_str(&format!(" {b}\n")),
        Value::Null => out.push_str(" ~\n"),
        Value::List(items) if depth < 6 && !items.is_empty() => {
            out.push('\n');
            for item in items {
                // `-` then the item on the next lines: lists of maps (ports) come out as written.
                out.push_str(&format!("{pad}-"));
                write(item, indent + 2, out, depth + 1);
            }
        }
        Value::Map(entries) if depth < 6 && !entries.is_empty() => {
            out.push('\n');
            for (k, item) in entries {
                out.push_str(&format!("{pad}{}:", KEYS[*k as usize % KEYS.len()]));
                write(item, indent + 2, out, depth + 1);
            }
        }
        _ => out.push_str(" []\n"),
    }
}

fuzz_target!(|input: (Vec<(u8, Value)>, Vec<(u8, Value)>)| {
    let (meta, spec) = input;
    let mut text = String::from("apiVersion: v1\nkind: Service\nmetadata:");
    write(&Value::Map(meta), 2, &mut text, 0);
    text.push_str("spec:");
    write(&Value::Map(spec), 2, &mut text, 0);
    // A Service the plain reader takes must read exactly as the general (serde) road reads it...
    let stream = parse_stream(&text, Limits::default());
    if let Some(node) = stream.documents.iter().find_map(|d| d.root.as_ref())
        && let Some(view) = plain_service(node)
    {
        assert_eq!(Some(view), typed_view::<Service>(node, schema::service()), "{text}");
        // ... and is one in which the decode pass (skipped for it) finds nothing.
        assert!(decode(node, schema::service()).issues.is_empty(), "{text}");
    }
    let _ = lint_texts(vec![("svc.yaml".into(), text)], &LintOptions::default());
});
