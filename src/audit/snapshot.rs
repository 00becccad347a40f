//! The listed objects, indexed so that every check is a lookup: Pods by namespace and by
//! `namespace/key=value` (a selector's match is the shortest of its labels' lists, filtered,
//! never a scan of every Pod per Service), EndpointSlices and Endpoints by the Service they
//! belong to, Services by `namespace/name`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::objects::{EndpointSlice, Endpoints, Node, Pod, Router};

/// A Service as the checks read it; `object` is the whole live object (for the offline rules).
#[derive(Clone, Debug)]
pub struct Svc {
    pub namespace: String,
    pub name: String,
    pub kind: String,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<SvcPort>,
    pub external_traffic_policy: Option<String>,
    pub health_check_node_port: Option<i64>,
    pub load_balancer_class: Option<String>,
    pub load_balancer_ingress: usize,
    pub external_name: Option<String>,
    pub creation_timestamp: Option<String>,
    pub object: Value,
}

#[derive(Clone, Debug)]
pub struct SvcPort {
    pub name: Option<String>,
    pub port: i64,
    /// `Value::String` for a named target port, a number otherwise; absent means `port`.
    pub target_port: Option<Value>,
}

impl Svc {
    pub fn from_value(object: Value) -> Option<Svc> {
        let meta = object.get("metadata")?;
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let spec = object.get("spec").cloned().unwrap_or(Value::Null);
        let selector = crate::k8s::labels::selector_of(&spec).into_iter().collect();
        let ports = spec
            .get("ports")
            .and_then(Value::as_array)
            .map(|ports| {
                ports
                    .iter()
                    .map(|p| SvcPort {
                        name: text(p.get("name")).filter(|n| !n.is_empty()),
                        port: p.get("port").and_then(Value::as_i64).unwrap_or(0),
                        target_port: p.get("targetPort").cloned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Svc {
            namespace: text(meta.get("namespace")).unwrap_or_else(|| "default".into()),
            name: text(meta.get("name"))?,
            kind: text(spec.get("type")).unwrap_or_else(|| "ClusterIP".into()),
            selector,
            ports,
            external_traffic_policy: text(spec.get("externalTrafficPolicy")),
            health_check_node_port: spec
                .get("healthCheckNodePort")
                .and_then(Value::as_i64)
                .filter(|p| *p != 0),
            load_balancer_class: text(spec.get("loadBalancerClass")),
            load_balancer_ingress: object
                .pointer("/status/loadBalancer/ingress")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
            external_name: text(spec.get("externalName")),
            creation_timestamp: text(meta.get("creationTimestamp")),
            object,
        })
    }

    /// Whether the endpointslice controller manages this Service's endpoints.
    pub fn selects_pods(&self) -> bool {
        self.kind != "ExternalName" && !self.selector.is_empty()
    }

    pub fn selector_text(&self) -> String {
        self.selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Which lists the audit could read. A list it was refused leaves its checks out (the run says
/// so once) rather than reporting everything it would have explained as missing.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    pub pods: bool,
    pub slices: bool,
    pub endpoints: bool,
    pub nodes: bool,
    pub routers: bool,
    /// Every namespace was listed (`-A`), so an object in another namespace can be looked for.
    pub all_namespaces: bool,
}

impl Default for Seen {
    fn default() -> Self {
        Seen {
            pods: true,
            slices: true,
            endpoints: true,
            nodes: true,
            routers: true,
            all_namespaces: true,
        }
    }
}

/// Everything an audit lists, before indexing.
#[derive(Debug, Default)]
pub struct Objects {
    pub services: Vec<Value>,
    pub pods: Vec<Pod>,
    pub slices: Vec<EndpointSlice>,
    pub endpoints: Vec<Endpoints>,
    pub nodes: Vec<Node>,
    pub routers: Vec<Router>,
    pub seen: Seen,
    pub served_classes: ServedClasses,
}

/// Which `loadBalancerClass`es something serves (some LoadBalancer Service of the class has an
/// address), for `load-balancer-class-unserved`.
#[derive(Debug, Default)]
pub enum ServedClasses {
    /// The listed Services are all the cluster's: judge from them.
    #[default]
    FromListed,
    /// The audit was narrowed (a namespace, names, a label selector): the classes served by an
    /// addressed LoadBalancer anywhere in the cluster, from one more list of every Service.
    Cluster(HashSet<String>),
    /// Narrowed, and the cluster-wide list was refused: not judged.
    Unknown,
}

impl ServedClasses {
    /// The classes served, from every Service of the cluster (as the API server lists them).
    pub fn from_cluster(services: Vec<Value>) -> ServedClasses {
        ServedClasses::Cluster(
            services
                .into_iter()
                .filter_map(Svc::from_value)
                .filter(|s| s.kind == "LoadBalancer" && s.load_balancer_ingress > 0)
                .filter_map(|s| s.load_balancer_class)
                .collect(),
        )
    }
}

fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}\0{name}")
}

pub struct Snapshot {
    pub services: Vec<Svc>,
    pub pods: Vec<Pod>,
    pub slices: Vec<EndpointSlice>,
    pub endpoints: Vec<Endpoints>,
    pub nodes: Vec<Node>,
    pub routers: Vec<Router>,
    pub seen: Seen,
    pub served_classes: ServedClasses,
    by_namespace: HashMap<String, Vec<u32>>,
    /// `namespace\0key\0value` → Pods.
    by_label: HashMap<String, Vec<u32>>,
    /// `key\0value` → Pods of any namespace.
    by_label_anywhere: HashMap<String, Vec<u32>>,
    slices_of: HashMap<String, Vec<u32>>,
    endpoints_of: HashSet<String>,
    service_at: HashMap<String, u32>,
}

impl Snapshot {
    pub fn build(objects: Objects) -> Snapshot {
        let services: Vec<Svc> = objects
            .services
            .into_iter()
            .filter_map(Svc::from_value)
            .collect();
        let mut by_namespace: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_label: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_label_anywhere: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, pod) in objects.pods.iter().enumerate() {
            let i = i as u32;
            let ns = &pod.metadata.namespace;
            by_namespace.entry(ns.clone()).or_default().push(i);
            for (k, v) in &pod.metadata.labels {
                by_label
                    .entry(format!("{ns}\0{k}\0{v}"))
                    .or_default()
                    .push(i);
                by_label_anywhere
                    .entry(format!("{k}\0{v}"))
                    .or_default()
                    .push(i);
            }
        }
        let mut slices_of: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, slice) in objects.slices.iter().enumerate() {
            if let Some(service) = slice.service_name() {
                slices_of
                    .entry(key(&slice.metadata.namespace, service))
                    .or_default()
                    .push(i as u32);
            }
        }
        let endpoints_of = objects
            .endpoints
            .iter()
            .filter(|e| !e.subsets.is_empty())
            .map(|e| key(&e.metadata.namespace, &e.metadata.name))
            .collect();
        let service_at = services
            .iter()
            .enumerate()
            .map(|(i, s)| (key(&s.namespace, &s.name), i as u32))
            .collect();
        Snapshot {
            services,
            pods: objects.pods,
            slices: objects.slices,
            endpoints: objects.endpoints,
            nodes: objects.nodes,
            routers: objects.routers,
            seen: objects.seen,
            served_classes: objects.served_classes,
            by_namespace,
            by_label,
            by_label_anywhere,
            slices_of,
            endpoints_of,
            service_at,
        }
    }

    pub fn service(&self, namespace: &str, name: &str) -> Option<&Svc> {
        let at = *self.service_at.get(&key(namespace, name))?;
        self.services.get(at as usize)
    }

    pub fn pod(&self, at: u32) -> Option<&Pod> {
        self.pods.get(at as usize)
    }

    /// The Pods of `namespace` that carry every label of `selector`.
    pub fn selected(&self, namespace: &str, selector: &BTreeMap<String, String>) -> Vec<u32> {
        let lists = selector
            .iter()
            .map(|(k, v)| self.by_label.get(&format!("{namespace}\0{k}\0{v}")));
        self.intersect(lists, selector, |_| true)
    }

    /// The Pods of other namespaces than `namespace` that carry every label of `selector`.
    pub fn selected_elsewhere(
        &self,
        namespace: &str,
        selector: &BTreeMap<String, String>,
    ) -> Vec<u32> {
        let lists = selector
            .iter()
            .map(|(k, v)| self.by_label_anywhere.get(&format!("{k}\0{v}")));
        self.intersect(lists, selector, |p| p.metadata.namespace != namespace)
    }

    /// The shortest of the labels' Pod lists, filtered by every label: a missing list means no Pod.
    fn intersect<'a>(
        &self,
        lists: impl Iterator<Item = Option<&'a Vec<u32>>>,
        selector: &BTreeMap<String, String>,
        keep: impl Fn(&Pod) -> bool,
    ) -> Vec<u32> {
        let mut shortest: Option<&Vec<u32>> = None;
        for list in lists {
            let Some(list) = list else {
                return Vec::new();
            };
            if shortest.is_none_or(|s| list.len() < s.len()) {
                shortest = Some(list);
            }
        }
        let Some(shortest) = shortest else {
            return Vec::new();
        };
        shortest
            .iter()
            .copied()
            .filter(|&i| {
                self.pod(i).is_some_and(|p| {
                    keep(p)
                        && selector
                            .iter()
                            .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                })
            })
            .collect()
    }

    /// The Pods of a namespace, in list order.
    pub fn pods_in(&self, namespace: &str) -> &[u32] {
        self.by_namespace
            .get(namespace)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The Pods of a namespace that carry `key=value`.
    pub fn pods_labelled(&self, namespace: &str, key: &str, value: &str) -> &[u32] {
        self.by_label
            .get(&format!("{namespace}\0{key}\0{value}"))
            .map_or(&[][..], Vec::as_slice)
    }

    /// The EndpointSlices labelled with this Service's name.
    pub fn slices_of(&self, svc: &Svc) -> impl Iterator<Item = &EndpointSlice> {
        self.slices_of
            .get(&key(&svc.namespace, &svc.name))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.slices.get(i as usize))
    }

    /// Whether core/v1 Endpoints with addresses exist for this Service.
    pub fn has_endpoints_object(&self, svc: &Svc) -> bool {
        self.endpoints_of.contains(&key(&svc.namespace, &svc.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(namespace: &str, name: &str, labels: &[(&str, &str)]) -> Pod {
        let mut pod = Pod::default();
        pod.metadata.namespace = namespace.into();
        pod.metadata.name = name.into();
        pod.metadata.labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        pod
    }

    fn selector(labels: &[(&str, &str)]) -> BTreeMap<String, String> {
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_selector_selects_the_pods_of_its_namespace_with_every_label() {
        let snap = Snapshot::build(Objects {
            pods: vec![
                pod("shop", "web-1", &[("app", "web"), ("tier", "front")]),
                pod("shop", "web-2", &[("app", "web")]),
                pod("shop", "api-1", &[("app", "api"), ("tier", "front")]),
                pod("pay", "web-3", &[("app", "web"), ("tier", "front")]),
            ],
            ..Objects::default()
        });
        let names = |found: Vec<u32>| -> Vec<String> {
            found
                .into_iter()
                .filter_map(|i| snap.pod(i).map(|p| p.metadata.name.clone()))
                .collect()
        };
        let both = selector(&[("app", "web"), ("tier", "front")]);
        assert_eq!(names(snap.selected("shop", &both)), ["web-1"]);
        assert_eq!(
            names(snap.selected("shop", &selector(&[("app", "web")]))),
            ["web-1", "web-2"]
        );
        assert_eq!(names(snap.selected_elsewhere("shop", &both)), ["web-3"]);
        assert!(
            snap.selected("shop", &selector(&[("app", "wbe")]))
                .is_empty()
        );
        assert!(snap.selected("nowhere", &both).is_empty());
    }

    #[test]
    fn services_are_read_from_the_live_object() {
        let svc = Svc::from_value(serde_json::json!({
            "metadata": {"name": "web", "namespace": "shop", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "externalTrafficPolicy": "Local",
                "healthCheckNodePort": 32000,
                "ports": [{"name": "http", "port": 80, "targetPort": "web"}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.1"}]}}
        }))
        .expect("a Service");
        assert_eq!(svc.selector_text(), "app=web");
        assert_eq!(svc.load_balancer_ingress, 1);
        assert_eq!(svc.health_check_node_port, Some(32000));
        assert_eq!(svc.ports[0].target_port, Some(serde_json::json!("web")));
        assert!(Svc::from_value(serde_json::json!({"metadata": {}})).is_none());
    }
}
