//! Unit tests of the pieces; whole layouts are compared with kubectl in
//! tests/kustomize_conformance.rs.

use std::path::Path;

use super::tree::{KNode, Origin};
use super::{Object, Severity, generate};
use crate::model::source::Span;
use crate::model::yaml::{Limits, parse_stream};

fn tree(yaml: &str) -> KNode {
    let stream = parse_stream(yaml, Limits::default());
    let root = stream.documents.first().and_then(|d| d.root.as_ref());
    root.map_or(
        KNode::map(Origin {
            file: 0,
            span: Span::default(),
        }),
        |n| KNode::from_yaml(n, 0),
    )
}

#[test]
fn a_generated_secret_gets_the_hash_kubectl_gives_it() {
    // `kubectl kustomize` (v5.5) named this Secret prod-web-secret-6mfmbcg7k5: the hash is
    // taken over an empty name, whatever the prefix.
    let o = Object {
        root: tree(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: prod-web-secret\ntype: Opaque\ndata:\n  password: czNjcmV0PCY+\n",
        ),
        previous: Vec::new(),
        needs_hash: true,
    };
    assert_eq!(generate::content_hash(&o), "6mfmbcg7k5");
}

#[test]
fn yaml_1_1_booleans_stay_strings_as_kustomize_reads_them() {
    let t = tree("a: yes\nb: on\nc: true\n");
    assert_eq!(t.get("a").and_then(KNode::as_str), Some("yes"));
    assert_eq!(t.get("b").and_then(KNode::as_str), Some("on"));
    assert_eq!(
        t.get("c").map(|n| n.to_json()),
        Some(serde_json::Value::Bool(true))
    );
}

#[test]
fn a_folder_without_a_kustomization_is_an_error_not_a_panic() {
    let build = super::build(Path::new("/nonexistent/svcctl/kustomize"));
    assert!(build.objects.is_empty());
    assert!(build.findings.iter().any(|f| f.severity == Severity::Error));
}
