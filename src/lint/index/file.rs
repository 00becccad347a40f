//! What lint keeps of one file for the cross-object phase: the facts of its objects (see
//! [`crate::k8s::facts`]), the backends its Ingresses and routes name, and what its annotations
//! and comments silence.

use foldhash::HashMap;
use std::sync::Arc;

use crate::k8s::backends::{BackendRef, ingress_backends, route_backends};
use crate::k8s::compact::Parts;
use crate::k8s::facts::{
    ServiceFacts, TypedServices, WorkloadFacts, name_span, service_facts, workload_facts,
};
use crate::lint::suppress::{IgnoreList, object_ignores};
use crate::model::object::ParsedFile;
use crate::model::source::SourceFile;
use crate::model::yaml::Node;

#[derive(Debug)]
pub struct FileFacts {
    pub source: Arc<SourceFile>,
    pub services: Parts<ServiceFacts>,
    pub workloads: Parts<WorkloadFacts>,
    pub backends: Vec<BackendRef>,
    /// (namespace, Service name) of every Endpoints and EndpointSlice object: Services whose
    /// endpoints the run spells out (by hand, or in a dump of a cluster).
    pub endpoints: Vec<(Option<String>, String)>,
    /// Object-level `svcctl.dev/ignore` lists by object ordinal.
    pub ignores: HashMap<usize, IgnoreList>,
    /// `# svcctl-ignore:` comments by line.
    pub comment_ignores: HashMap<usize, IgnoreList>,
    /// Set when the file was read as a template (see `driver::template`).
    pub templated: Option<Arc<Templated>>,
}

/// What the cross-object phase must know of a file read as a template: where its actions are
/// (a finding touching one is about a value the run does not know), and whether workloads with
/// actions in them were left out of its facts (their labels and ports are unknown, so no Service
/// can be said to select nothing near them).
#[derive(Debug, Default)]
pub struct Templated {
    pub actions: crate::helm::template::ActionSpans,
    pub open_workloads: bool,
}

impl FileFacts {
    /// Facts of a piece of a file read on its own (see `driver::check_in_pieces`), renumbered as
    /// if the file's first `documents` documents and `ordinals` objects had come before it.
    pub fn renumber(&mut self, documents: usize, ordinals: usize) {
        let places = self.services.iter_mut().map(|s| &mut s.place);
        for place in places.chain(self.workloads.iter_mut().map(|w| &mut w.place)) {
            place.shift(documents, ordinals);
        }
        for backend in &mut self.backends {
            backend.object.document += documents;
            backend.object.ordinal += ordinals;
        }
        if !self.ignores.is_empty() {
            self.ignores = std::mem::take(&mut self.ignores)
                .into_iter()
                .map(|(ordinal, list)| (ordinal + ordinals, list))
                .collect();
        }
    }

    /// Add the facts of a later part of the same file.
    pub fn absorb(&mut self, part: FileFacts) {
        self.services.append(part.services);
        self.workloads.append(part.workloads);
        self.backends.extend(part.backends);
        self.endpoints.extend(part.endpoints);
        self.ignores.extend(part.ignores);
        self.templated = self.templated.take().or(part.templated);
        for (line, list) in part.comment_ignores {
            self.comment_ignores.entry(line).or_default().extend(list);
        }
    }

    /// Extract the facts of one parsed file. `typed` holds the typed view of each core Service by
    /// object ordinal (built once by the per-Service phase).
    pub fn extract(file: &ParsedFile, typed: &TypedServices) -> FileFacts {
        let mut services = Vec::with_capacity(typed.len());
        let mut workloads = Vec::new();
        let mut facts = FileFacts {
            source: file.source.clone(),
            services: Parts::default(),
            workloads: Parts::default(),
            backends: Vec::new(),
            endpoints: Vec::new(),
            ignores: HashMap::default(),
            comment_ignores: crate::lint::suppress::comment_ignores(
                &file.source,
                &file.stream.comments,
            ),
            templated: None,
        };
        for object in &file.objects {
            let Some(node) = file.node(object) else {
                continue;
            };
            let ignores = object_ignores(node);
            if !ignores.is_empty() {
                facts.ignores.insert(object.ordinal, ignores);
            }
            let name_span = name_span(node);
            if object.is_core_service() {
                let Some(service) = typed.get(object.ordinal) else {
                    continue;
                };
                services.push(service_facts(object, node, name_span, service));
                continue;
            }
            let group = object.api_version.split('/').next().unwrap_or("");
            match object.kind.as_str() {
                "Endpoints" if object.api_version == "v1" => {
                    if let Some(name) = &object.name {
                        facts.endpoints.push((
                            object.namespace.as_deref().map(str::to_string),
                            name.to_string(),
                        ));
                    }
                }
                "EndpointSlice" if group == "discovery.k8s.io" => {
                    let service = node
                        .get("metadata")
                        .and_then(|m| m.get("labels"))
                        .and_then(|l| l.get("kubernetes.io/service-name"))
                        .and_then(Node::scalar_text);
                    if let Some(service) = service {
                        facts.endpoints.push((
                            object.namespace.as_deref().map(str::to_string),
                            service.to_string(),
                        ));
                    }
                }
                "Ingress" if object.api_version == "networking.k8s.io/v1" => {
                    ingress_backends(object, node, &mut facts.backends);
                }
                "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | "UDPRoute"
                    if group == "gateway.networking.k8s.io" =>
                {
                    route_backends(object, node, &mut facts.backends);
                }
                _ => workloads.extend(workload_facts(object, node, name_span)),
            }
        }
        facts.services.push_part(services);
        facts.workloads.push_part(workloads);
        facts
    }
}
