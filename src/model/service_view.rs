//! The typed view of a Service written the plain way, built field by field.
//!
//! [`super::decode::typed_view`] reads any tree into k8s-openapi's types through serde, keeping
//! Go's decoder's rules for every odd case (nulls, values of the wrong type, unknown fields,
//! required fields left out). That generality was a quarter of the cost of checking a small
//! Service. Nearly every Service is written the plain way — known fields, each value of its own
//! type — and for those the view is built here directly. At the first thing that is not plain
//! this gives up (`None`), and the caller takes the general road; so what comes out of here is
//! always what `typed_view` would have made of the same tree (held to that in the tests, on every
//! fixture and on the real-world corpus), and a tree in which the decode pass finds nothing.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::yaml::{Entry, Node, Resolved};

/// Not a plain Service: take the general road.
struct NotPlain;

type Plain<T> = Result<T, NotPlain>;

/// The typed view of a plainly written Service; `None` when it is not plain.
pub fn plain_service(node: &Node) -> Option<Service> {
    service(node).ok()
}

fn service(node: &Node) -> Plain<Service> {
    let mut service = Service::default();
    let (mut api_version, mut kind) = (false, false);
    for entry in entries(node)? {
        let value = &entry.value;
        match key(entry)? {
            // k8s-openapi refuses a Service of another group or kind; the driver only asks
            // about core/v1 Services, but a plain one says so in plain strings.
            "apiVersion" => api_version = string(value)? == "v1",
            "kind" => kind = string(value)? == "Service",
            "metadata" => service.metadata = metadata(value)?,
            "spec" => service.spec = Some(spec(value)?),
            _ => return Err(NotPlain),
        }
    }
    if api_version && kind {
        Ok(service)
    } else {
        Err(NotPlain)
    }
}

fn metadata(node: &Node) -> Plain<ObjectMeta> {
    let mut meta = ObjectMeta::default();
    for entry in entries(node)? {
        let value = &entry.value;
        match key(entry)? {
            "name" => meta.name = Some(owned(value)?),
            "namespace" => meta.namespace = Some(owned(value)?),
            "generateName" => meta.generate_name = Some(owned(value)?),
            "labels" => meta.labels = Some(string_map(value)?),
            "annotations" => meta.annotations = Some(string_map(value)?),
            "resourceVersion" => meta.resource_version = Some(owned(value)?),
            "uid" => meta.uid = Some(owned(value)?),
            _ => return Err(NotPlain),
        }
    }
    Ok(meta)
}

fn spec(node: &Node) -> Plain<ServiceSpec> {
    let mut spec = ServiceSpec::default();
    for entry in entries(node)? {
        let value = &entry.value;
        match key(entry)? {
            "type" => spec.type_ = Some(owned(value)?),
            "selector" => spec.selector = Some(string_map(value)?),
            "ports" => {
                spec.ports = Some(items(value)?.iter().map(port).collect::<Plain<Vec<_>>>()?);
            }
            "clusterIP" => spec.cluster_ip = Some(owned(value)?),
            "clusterIPs" => spec.cluster_ips = Some(strings(value)?),
            "externalIPs" => spec.external_ips = Some(strings(value)?),
            "externalName" => spec.external_name = Some(owned(value)?),
            "externalTrafficPolicy" => spec.external_traffic_policy = Some(owned(value)?),
            "internalTrafficPolicy" => spec.internal_traffic_policy = Some(owned(value)?),
            "healthCheckNodePort" => spec.health_check_node_port = Some(int32(value)?),
            "ipFamilies" => spec.ip_families = Some(strings(value)?),
            "ipFamilyPolicy" => spec.ip_family_policy = Some(owned(value)?),
            "loadBalancerClass" => spec.load_balancer_class = Some(owned(value)?),
            "loadBalancerIP" => spec.load_balancer_ip = Some(owned(value)?),
            "loadBalancerSourceRanges" => spec.load_balancer_source_ranges = Some(strings(value)?),
            "publishNotReadyAddresses" => spec.publish_not_ready_addresses = Some(boolean(value)?),
            "allocateLoadBalancerNodePorts" => {
                spec.allocate_load_balancer_node_ports = Some(boolean(value)?);
            }
            "sessionAffinity" => spec.session_affinity = Some(owned(value)?),
            "trafficDistribution" => spec.traffic_distribution = Some(owned(value)?),
            _ => return Err(NotPlain),
        }
    }
    Ok(spec)
}

fn port(node: &Node) -> Plain<ServicePort> {
    // `port` is required: left out, it is Go's zero, which is also the default here.
    let mut port = ServicePort::default();
    for entry in entries(node)? {
        let value = &entry.value;
        match key(entry)? {
            "name" => port.name = Some(owned(value)?),
            "protocol" => port.protocol = Some(owned(value)?),
            "port" => port.port = int32(value)?,
            "targetPort" => port.target_port = Some(int_or_string(value)?),
            "nodePort" => port.node_port = Some(int32(value)?),
            "appProtocol" => port.app_protocol = Some(owned(value)?),
            _ => return Err(NotPlain),
        }
    }
    Ok(port)
}

/// A mapping's entries. A repeated key is handed on each time and the last one stays, as in Go's
/// decoder and in `typed_view`.
fn entries(node: &Node) -> Plain<&[Entry]> {
    node.as_map().ok_or(NotPlain)
}

/// An entry's key as written (a field name or a map key).
fn key(entry: &Entry) -> Plain<&str> {
    entry.key.scalar_text().ok_or(NotPlain)
}

fn items(node: &Node) -> Plain<&[Node]> {
    node.as_seq().ok_or(NotPlain)
}

fn string(node: &Node) -> Plain<&str> {
    match node.resolved() {
        Some(Resolved::Str(s)) => Ok(s),
        _ => Err(NotPlain),
    }
}

fn owned(node: &Node) -> Plain<String> {
    string(node).map(str::to_owned)
}

fn strings(node: &Node) -> Plain<Vec<String>> {
    items(node)?.iter().map(owned).collect()
}

fn string_map(node: &Node) -> Plain<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for entry in entries(node)? {
        map.insert(key(entry)?.to_owned(), owned(&entry.value)?);
    }
    Ok(map)
}

fn int32(node: &Node) -> Plain<i32> {
    match node.resolved() {
        Some(Resolved::Int(i)) => i32::try_from(i).map_err(|_| NotPlain),
        _ => Err(NotPlain),
    }
}

fn boolean(node: &Node) -> Plain<bool> {
    match node.resolved() {
        Some(Resolved::Bool(b)) => Ok(b),
        _ => Err(NotPlain),
    }
}

fn int_or_string(node: &Node) -> Plain<IntOrString> {
    match node.resolved() {
        Some(Resolved::Str(s)) => Ok(IntOrString::String(s.to_owned())),
        Some(Resolved::Int(i)) => i32::try_from(i).map(IntOrString::Int).map_err(|_| NotPlain),
        _ => Err(NotPlain),
    }
}

// The tests' one place that knows where the real-world corpus is and what to do without it.
#[cfg(test)]
#[path = "../../tests/common/corpus.rs"]
mod test_corpus;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::decode::{decode, typed_view};
    use crate::model::schema;
    use crate::model::testing::{each_service, root};

    /// Every Service under `dir`: how many there were, and how many were plain; each plain one
    /// is held to `typed_view`'s reading of the same tree, and to a decode pass with nothing to
    /// find (the driver skips it for a plain Service).
    fn hold_to_typed_view(dir: &Path) -> (usize, usize) {
        let (mut services, mut plain) = (0, 0);
        each_service(dir, |path, node| {
            services += 1;
            if let Some(view) = plain_service(node) {
                plain += 1;
                let issues = decode(node, schema::service()).issues;
                assert!(issues.is_empty(), "{}: {issues:?}", path.display());
                assert_eq!(
                    Some(view),
                    typed_view::<Service>(node, schema::service()),
                    "{}",
                    path.display()
                );
            }
        });
        (services, plain)
    }

    #[test]
    fn the_plain_view_is_the_general_one_for_every_fixture() {
        let (services, plain) = hold_to_typed_view(&PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures"
        )));
        // Most fixtures are plainly written even where their values are wrong (429 of 469).
        assert!(plain > 350 && services > plain, "{plain} of {services}");
    }

    #[test]
    fn the_plain_view_is_the_general_one_across_the_real_world_corpus() {
        let Some(corpus) = super::test_corpus::real_world() else {
            return;
        };
        let (services, plain) = hold_to_typed_view(&corpus);
        assert!(
            services > 900,
            "only {services} Services in {}",
            corpus.display()
        );
        assert!(
            plain * 10 > services * 8,
            "only {plain} of {services} plain"
        );
    }

    #[test]
    fn a_plain_service_is_read_whole() {
        let node = root(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n    - {name: http, port: 80, targetPort: http, nodePort: 30080}\n    - {port: 0x1BB, targetPort: 8443, protocol: TCP}\n",
        );
        let service = plain_service(&node).expect("plain");
        assert_eq!(
            Some(service),
            typed_view::<Service>(&node, schema::service())
        );
    }

    #[test]
    fn anything_not_plain_takes_the_general_road() {
        for spec in [
            // a null, a value of the wrong type, a float where an integer goes
            "  clusterIP: null\n",
            "  ports:\n    - port: \"80\"\n",
            "  ports:\n    - port: 80.0\n",
            "  ports:\n    - port: 3000000000\n",
            "  selector: {app: true}\n",
            // an unknown field, a nested object left to serde, a null list item
            "  nodePorts: [30080]\n",
            "  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n",
            "  ports:\n    -\n",
            "  ports: {port: 80}\n",
        ] {
            let node = root(&format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}"
            ));
            assert!(plain_service(&node).is_none(), "{spec}");
        }
        for other in [
            "apiVersion: v2\nkind: Service\n",
            "apiVersion: v1\nkind: Service\nstatus: {loadBalancer: {}}\n",
            "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n",
            "kind: Service\n",
        ] {
            assert!(plain_service(&root(other)).is_none(), "{other}");
        }
    }
}
