//! After an apply: does each Service actually reach something? A Service whose selector matches
//! no running Pod applies cleanly and then drops every connection, the most common silent
//! failure, so svcctl reads the Service's EndpointSlices (`discovery.k8s.io/v1`, label
//! `kubernetes.io/service-name`) and says how many endpoints are ready; `--wait` polls until
//! there is one (and, for a LoadBalancer, an ingress address).

use std::collections::BTreeMap;

use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::Api;
use kube::api::ListParams;
use serde_json::Value;

/// A Service to report on.
#[derive(Clone, Debug)]
pub struct Subject {
    pub name: String,
    pub namespace: String,
    /// `app=web`, in the server's order; empty for a Service without a selector.
    pub selector: Vec<(String, String)>,
    pub load_balancer: bool,
}

impl Subject {
    /// The Services worth reporting on, from the server's answer to the apply: those with a
    /// selector (the endpointslice controller fills their slices) and LoadBalancers.
    pub fn from_applied(object: &Value, namespace: &str) -> Option<Subject> {
        let spec = object.get("spec")?;
        let kind = spec
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("ClusterIP");
        if kind == "ExternalName" {
            return None;
        }
        let selector = crate::k8s::labels::selector_of(spec);
        let load_balancer = kind == "LoadBalancer";
        if selector.is_empty() && !load_balancer {
            return None;
        }
        Some(Subject {
            name: object
                .pointer("/metadata/name")
                .and_then(Value::as_str)?
                .to_string(),
            namespace: namespace.to_string(),
            selector,
            load_balancer,
        })
    }

    fn selector_text(&self) -> String {
        self.selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What was seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub ready: usize,
    /// Endpoints whatever their state.
    pub total: usize,
    /// The load balancer's ingress addresses (LoadBalancer only).
    pub ingress: Vec<String>,
}

impl Seen {
    /// What `--wait` waits for.
    pub fn satisfied(&self, subject: &Subject) -> bool {
        (subject.selector.is_empty() || self.ready > 0)
            && (!subject.load_balancer || !self.ingress.is_empty())
    }
}

/// Count ready endpoints across the Service's slices. An endpoint in two slices (dual-stack
/// keeps one slice per family) counts once; `ready` unset means ready, as the API documents.
pub fn count(slices: &[EndpointSlice]) -> (usize, usize) {
    let mut endpoints: BTreeMap<String, bool> = BTreeMap::new();
    for slice in slices {
        for e in slice.endpoints.iter().flatten() {
            let key = match &e.target_ref {
                Some(r) => format!(
                    "{}/{}/{}",
                    r.kind.as_deref().unwrap_or_default(),
                    r.namespace.as_deref().unwrap_or_default(),
                    r.name.as_deref().unwrap_or_default()
                ),
                None => e.addresses.join(","),
            };
            let ready = e.conditions.as_ref().and_then(|c| c.ready).unwrap_or(true);
            *endpoints.entry(key).or_default() |= ready;
        }
    }
    let ready = endpoints.values().filter(|r| **r).count();
    (ready, endpoints.len())
}

/// Look once.
pub async fn observe(client: &kube::Client, subject: &Subject) -> Result<Seen, kube::Error> {
    let mut seen = Seen::default();
    if !subject.selector.is_empty() {
        let api: Api<EndpointSlice> = Api::namespaced(client.clone(), &subject.namespace);
        let params =
            ListParams::default().labels(&format!("kubernetes.io/service-name={}", subject.name));
        let list = api.list(&params).await?;
        (seen.ready, seen.total) = count(&list.items);
    }
    if subject.load_balancer {
        let api: Api<k8s_openapi::api::core::v1::Service> =
            Api::namespaced(client.clone(), &subject.namespace);
        let svc = api.get(&subject.name).await?;
        seen.ingress = svc
            .status
            .and_then(|s| s.load_balancer)
            .and_then(|lb| lb.ingress)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|i| i.ip.or(i.hostname))
            .collect();
    }
    Ok(seen)
}

/// `web: 0 ready endpoints — no running Pod matches app=web`.
pub fn describe(subject: &Subject, seen: &Seen) -> String {
    let mut parts = Vec::new();
    if !subject.selector.is_empty() {
        let selector = subject.selector_text();
        let noun = if seen.ready == 1 {
            "endpoint"
        } else {
            "endpoints"
        };
        parts.push(if seen.ready > 0 {
            format!("{} ready {noun}", seen.ready)
        } else if seen.total > 0 {
            format!(
                "0 ready endpoints — {} {} {selector} but none is ready",
                seen.total,
                if seen.total == 1 {
                    "Pod matches"
                } else {
                    "Pods match"
                }
            )
        } else {
            format!("0 ready endpoints — no running Pod matches {selector}")
        });
    }
    if subject.load_balancer {
        parts.push(if seen.ingress.is_empty() {
            "no load balancer address yet".to_string()
        } else {
            format!("load balancer at {}", seen.ingress.join(", "))
        });
    }
    format!("{}: {}", subject.name, parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn slice(endpoints: Value) -> EndpointSlice {
        serde_json::from_value(json!({
            "addressType": "IPv4",
            "metadata": {"name": "web-abc"},
            "endpoints": endpoints,
        }))
        .unwrap()
    }

    #[test]
    fn counts_each_pod_once_and_unset_ready_as_ready() {
        let a = slice(json!([
            {"addresses": ["10.0.0.1"], "conditions": {"ready": true}, "targetRef": {"kind": "Pod", "name": "a"}},
            {"addresses": ["10.0.0.2"], "conditions": {"ready": false}, "targetRef": {"kind": "Pod", "name": "b"}},
            {"addresses": ["10.0.0.3"]},
        ]));
        let b = slice(json!([
            {"addresses": ["fd00::1"], "conditions": {"ready": true}, "targetRef": {"kind": "Pod", "name": "a"}},
        ]));
        assert_eq!(count(&[a, b]), (2, 3));
    }

    #[test]
    fn says_what_is_wrong() {
        let svc = json!({"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}}});
        let s = Subject::from_applied(&svc, "shop").unwrap();
        let none = Seen::default();
        assert_eq!(
            describe(&s, &none),
            "web: 0 ready endpoints — no running Pod matches app=web"
        );
        assert!(!none.satisfied(&s));
        let starting = Seen {
            ready: 0,
            total: 2,
            ingress: vec![],
        };
        assert_eq!(
            describe(&s, &starting),
            "web: 0 ready endpoints — 2 Pods match app=web but none is ready"
        );
        let one = Seen {
            ready: 1,
            total: 1,
            ingress: vec![],
        };
        assert_eq!(describe(&s, &one), "web: 1 ready endpoint");
        assert!(one.satisfied(&s));
    }

    #[test]
    fn load_balancers_also_need_an_address() {
        let svc = json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer",
            "selector": {"app": "web", "tier": "front"}}});
        let s = Subject::from_applied(&svc, "shop").unwrap();
        let seen = Seen {
            ready: 2,
            total: 2,
            ingress: vec![],
        };
        assert!(!seen.satisfied(&s));
        assert_eq!(
            describe(&s, &seen),
            "lb: 2 ready endpoints; no load balancer address yet"
        );
        let external = json!({"metadata": {"name": "x"}, "spec": {"type": "ExternalName", "selector": {"a": "b"}}});
        assert!(Subject::from_applied(&external, "shop").is_none());
        let manual = json!({"metadata": {"name": "x"}, "spec": {"type": "ClusterIP"}});
        assert!(Subject::from_applied(&manual, "shop").is_none());
    }
}
