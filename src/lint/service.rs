//! The view of one core/v1 Service that per-Service rules read: the typed object (k8s-openapi,
//! read straight off the YAML tree, with undecodable values at their zero value), the YAML node
//! for spans, the decode issues, and accessors that apply the API server's defaults when asked.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};

use crate::k8s::ServiceType;
use crate::k8s::settings::Settings;
use crate::lint::fix::{Edit, edits};
use crate::model::decode::{Decoded, IssueKind};
use crate::model::object::{ObjectRef, ParsedFile};
use crate::model::path::{FieldPath, locate};
use crate::model::source::Span;
use crate::model::yaml::Node;

pub struct ServiceContext<'a> {
    pub file: &'a ParsedFile,
    pub object: &'a ObjectRef,
    pub node: &'a Node,
    pub decoded: &'a Decoded,
    /// The typed view; `None` only if the decoded JSON could not be typed at all.
    pub service: Option<&'a Service>,
    pub settings: &'a Settings,
}

impl<'a> ServiceContext<'a> {
    pub fn spec(&self) -> Option<&'a ServiceSpec> {
        self.service.and_then(|s| s.spec.as_ref())
    }

    pub fn ports(&self) -> &'a [ServicePort] {
        self.spec().and_then(|s| s.ports.as_deref()).unwrap_or(&[])
    }

    pub fn service_type(&self) -> ServiceType {
        ServiceType::of(self.spec().and_then(|s| s.type_.as_deref()))
    }

    /// `clusterIPs` after the registry copies a lone `clusterIP` into it (D11).
    pub fn cluster_ips(&self) -> Vec<&'a str> {
        let Some(spec) = self.spec() else {
            return Vec::new();
        };
        match (spec.cluster_ip.as_deref(), spec.cluster_ips.as_deref()) {
            (Some(ip), None | Some([])) if !ip.is_empty() => vec![ip],
            (_, Some(ips)) => ips.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Headless: `clusterIPs` is exactly `["None"]`.
    pub fn is_headless(&self) -> bool {
        self.cluster_ips() == ["None"]
    }

    pub fn has_selector(&self) -> bool {
        self.spec()
            .and_then(|s| s.selector.as_ref())
            .is_some_and(|s| !s.is_empty())
    }

    /// NodePort, LoadBalancer, or ClusterIP with externalIPs.
    pub fn externally_accessible(&self) -> bool {
        match self.service_type() {
            ServiceType::NodePort | ServiceType::LoadBalancer => true,
            ServiceType::ClusterIp => self
                .spec()
                .and_then(|s| s.external_ips.as_ref())
                .is_some_and(|ips| !ips.is_empty()),
            _ => false,
        }
    }

    /// Whether the value at a path (or one of its parents) failed to decode, so that the typed
    /// view holds only its zero value. The path is only built when something failed to decode:
    /// rules ask this for every port of every Service.
    pub fn undecodable(&self, field: impl FnOnce() -> FieldPath) -> bool {
        let mut wrong = self
            .decoded
            .issues
            .iter()
            .filter(|issue| matches!(issue.kind, IssueKind::WrongType { .. }))
            .peekable();
        if wrong.peek().is_none() {
            return false;
        }
        let field = field();
        wrong.any(|issue| field.0.starts_with(&issue.path.0))
    }

    /// The node at a path, if the user wrote it.
    pub fn node_at(&self, path: &FieldPath) -> Option<&'a Node> {
        let here = locate(self.node, path);
        here.exact.then_some(here.node)
    }

    /// Whether a field is present in the manifest (even as `""` or `false`).
    pub fn has(&self, path: &str) -> bool {
        self.node_at(&FieldPath::parse(path))
            .is_some_and(|n| !n.is_null())
    }

    /// The span a finding at `path` should label.
    pub fn span_of(&self, path: &FieldPath) -> Span {
        locate(self.node, path).label_span()
    }

    /// A fix that rewrites the scalar at `path` to `value` in its own quoting (see
    /// [`edits::replace_scalar`]), when the user wrote it and it can be rewritten in place.
    pub fn rewrite(&self, path: &FieldPath, value: &str) -> Option<Edit> {
        edits::replace_scalar(&self.file.source.text, self.node_at(path)?, value)
    }

    /// The file's text, which every span indexes: what fixes edit.
    pub fn text(&self) -> &'a str {
        &self.file.source.text
    }

    pub fn name(&self) -> &'a str {
        self.object.name.as_deref().unwrap_or("")
    }
}
