//! `svcctl explain svc/NAME`: a Service read from a live cluster, explained like a file, with
//! the endpoints its EndpointSlices really hold in place of the backends a file can only guess.
//!
//! This module knows nothing of kube or the network (it builds without the `cluster` feature):
//! `cluster::live` fetches the Service and its slices and hands over a [`LiveService`]; here they
//! are turned into what the user would have written and explained.

use serde::Serialize;
use serde_json::{Map, Value};

/// One endpoint of a live Service, as its EndpointSlice says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LiveEndpoint {
    /// The first address (a dual-stack Pod appears once per family, in two slices).
    pub address: String,
    /// The Pod behind it (`targetRef` of kind Pod), if any.
    pub pod: Option<String>,
    pub node: Option<String>,
    pub zone: Option<String>,
    /// `conditions.ready`; unset means ready, as the API documents.
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    /// The ports of its slice: the Service's target ports resolved for this Pod.
    pub ports: Vec<LivePort>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LivePort {
    pub name: Option<String>,
    pub protocol: String,
    pub port: i32,
}

/// What the cluster says about a Service besides its manifest.
#[derive(Clone, Debug, Default)]
pub struct LiveEndpoints {
    /// Sorted: ready first, then by Pod name and address, so the output is stable.
    pub endpoints: Vec<LiveEndpoint>,
    pub slices: usize,
    /// `status.loadBalancer.ingress` (IPs or hostnames).
    pub ingress: Vec<String>,
}

impl LiveEndpoints {
    pub fn new(mut endpoints: Vec<LiveEndpoint>, slices: usize, ingress: Vec<String>) -> Self {
        endpoints.sort_by(|a, b| {
            (!a.ready, &a.pod, &a.address, a.terminating).cmp(&(
                !b.ready,
                &b.pod,
                &b.address,
                b.terminating,
            ))
        });
        LiveEndpoints {
            endpoints,
            slices,
            ingress,
        }
    }

    pub fn ready(&self) -> usize {
        self.endpoints.iter().filter(|e| e.ready).count()
    }

    /// `3 endpoints: 2 ready, 1 not ready`, `no endpoints`.
    pub fn counts(&self) -> String {
        let total = self.endpoints.len();
        if total == 0 {
            return "no endpoints".into();
        }
        let ready = self.ready();
        let terminating = self.endpoints.iter().filter(|e| e.terminating).count();
        let not_ready = total - ready;
        let mut parts = vec![format!("{ready} ready")];
        if not_ready > 0 {
            parts.push(format!("{not_ready} not ready"));
        }
        if terminating > 0 {
            parts.push(format!("{terminating} terminating"));
        }
        format!(
            "{total} {}: {}",
            if total == 1 { "endpoint" } else { "endpoints" },
            parts.join(", ")
        )
    }

    /// Every number a Service port resolves to across the endpoints, ascending: more than one
    /// when the Pods behind it disagree about a named port (a rollout, or a mistake).
    pub fn target_numbers(&self, port_name: Option<&str>, protocol: &str) -> Vec<i64> {
        let wanted = port_name.unwrap_or("");
        let mut numbers: Vec<i64> = self
            .endpoints
            .iter()
            .flat_map(|e| &e.ports)
            .filter(|p| p.name.as_deref().unwrap_or("") == wanted && p.protocol == protocol)
            .map(|p| i64::from(p.port))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// The number a Service port (by its name; unnamed ports have the empty name in slices)
    /// resolves to in the ready endpoints, else in any.
    pub fn target_number(&self, port_name: Option<&str>, protocol: &str) -> Option<i64> {
        let wanted = port_name.unwrap_or("");
        let mut ordered = self.endpoints.iter().filter(|e| e.ready);
        let mut any = self.endpoints.iter();
        let find = |e: &LiveEndpoint| {
            e.ports
                .iter()
                .find(|p| p.name.as_deref().unwrap_or("") == wanted && p.protocol == protocol)
                .map(|p| i64::from(p.port))
        };
        ordered.find_map(find).or_else(|| any.find_map(find))
    }
}

/// A live Service to explain: its manifest as the user would have written it, and its endpoints.
#[derive(Clone, Debug)]
pub struct LiveService {
    /// `svc/web -n shop`, the name the explanation goes under.
    pub source_name: String,
    /// The manifest as pretty JSON (a YAML document to the linter), lines stable for findings.
    pub manifest: String,
    pub endpoints: LiveEndpoints,
}

/// The Services a request names in the cluster: `svc/NAME`, `service/NAME` or `services/NAME`,
/// or with `--cluster` bare names too. `None` when the topics are not all of that shape (then
/// they are topics or files, as before). A path that exists as a file stays a file.
pub fn live_names(topics: &[String], cluster: bool) -> Option<Vec<String>> {
    if topics.is_empty() {
        return None;
    }
    let mut names = Vec::new();
    for topic in topics {
        let named = ["svc/", "service/", "services/"]
            .iter()
            .find_map(|prefix| topic.strip_prefix(prefix));
        let name = match named {
            Some(name) if !std::path::Path::new(topic).exists() => name,
            _ if cluster => topic.as_str(),
            _ => return None,
        };
        if name.is_empty() || name.contains('/') {
            return None;
        }
        names.push(name.to_string());
    }
    Some(names)
}

/// The Service as its author would have written it: what the server adds or fills in alone
/// (status, uid, resourceVersion, managedFields, creationTimestamp, generation, the last-applied
/// annotation) is dropped. Allocated values (clusterIP, nodePorts, healthCheckNodePort) stay:
/// they are the Service's real addresses, and the traffic picture shows them.
pub fn as_written(service: &Value) -> Value {
    let mut out = Map::new();
    out.insert("apiVersion".into(), Value::String("v1".into()));
    out.insert("kind".into(), Value::String("Service".into()));
    let mut meta = Map::new();
    if let Some(m) = service.get("metadata").and_then(Value::as_object) {
        for key in ["name", "namespace", "labels"] {
            if let Some(v) = m.get(key) {
                meta.insert(key.into(), v.clone());
            }
        }
        if let Some(a) = m.get("annotations").and_then(Value::as_object) {
            let kept: Map<String, Value> = a
                .iter()
                .filter(|(k, _)| *k != "kubectl.kubernetes.io/last-applied-configuration")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !kept.is_empty() {
                meta.insert("annotations".into(), Value::Object(kept));
            }
        }
    }
    out.insert("metadata".into(), Value::Object(meta));
    if let Some(spec) = service.get("spec") {
        out.insert("spec".into(), spec.clone());
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn svc_slash_names_are_live_services_and_bare_names_need_cluster() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(live_names(&t(&["svc/web"]), false), Some(t(&["web"])));
        assert_eq!(
            live_names(&t(&["service/web", "services/api"]), false),
            Some(t(&["web", "api"]))
        );
        assert_eq!(live_names(&t(&["web"]), false), None);
        assert_eq!(
            live_names(&t(&["web", "svc/api"]), true),
            Some(t(&["web", "api"]))
        );
        assert_eq!(live_names(&t(&["svc/a/b"]), false), None);
        assert_eq!(live_names(&t(&["svc/"]), false), None);
        assert_eq!(live_names(&t(&["web.yaml", "svc/api"]), false), None);
        assert_eq!(live_names(&[], true), None);
    }

    #[test]
    fn the_manifest_loses_what_the_server_wrote() {
        let live = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": "shop", "uid": "u", "resourceVersion": "7",
                "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{}],
                "labels": {"app": "web"},
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "team": "a"}},
            "spec": {"selector": {"app": "web"}, "clusterIP": "10.96.0.10", "ports": [{"port": 80}]},
            "status": {"loadBalancer": {}},
        });
        assert_eq!(
            as_written(&live),
            json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"},
                    "annotations": {"team": "a"}},
                "spec": {"selector": {"app": "web"}, "clusterIP": "10.96.0.10", "ports": [{"port": 80}]}})
        );
    }

    fn endpoint(pod: &str, ready: bool, port: i32) -> LiveEndpoint {
        LiveEndpoint {
            address: format!("10.0.0.{port}"),
            pod: Some(pod.into()),
            ready,
            serving: ready,
            ports: vec![LivePort {
                name: Some("http".into()),
                protocol: "TCP".into(),
                port,
            }],
            ..LiveEndpoint::default()
        }
    }

    #[test]
    fn counts_and_named_ports_come_from_the_slices() {
        let live = LiveEndpoints::new(
            vec![endpoint("b", false, 9090), endpoint("a", true, 8080)],
            1,
            vec![],
        );
        assert_eq!(live.endpoints[0].pod.as_deref(), Some("a"));
        assert_eq!(live.counts(), "2 endpoints: 1 ready, 1 not ready");
        assert_eq!(live.target_number(Some("http"), "TCP"), Some(8080));
        assert_eq!(live.target_number(Some("http"), "UDP"), None);
        assert_eq!(live.target_number(None, "TCP"), None);
        assert_eq!(live.target_numbers(Some("http"), "TCP"), [8080, 9090]);
        assert_eq!(LiveEndpoints::default().counts(), "no endpoints");
    }
}
