//! Listing the cluster: list calls only (paged with `limit`/`continue`, never a watch, never a
//! write), all kinds at once. A list the audit is refused (403) leaves its checks out with one
//! warning naming the verb and the resource; 401, an unreachable server, a missing kubeconfig or
//! context end the run with one line.

use std::time::Instant;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::objects::{EndpointSlice, Endpoints, Node, Page, Pod, Router};
use super::snapshot::{Objects, Seen, ServedClasses, Snapshot};
use super::{Audit, AuditRequest, Context, audit_objects};
use crate::cluster::connect::{Cluster, connect};
use crate::error::Failure;

/// Items per page: big enough that 50,000 Pods take 100 round trips, small enough that the
/// server never holds a huge answer in memory.
const PAGE: u32 = 500;

/// Connections that list Pods side by side, a namespace at a time, in an audit of every
/// namespace. One list of 50,000 Pods is a single stream the API server encodes on one core
/// (6-7 s here); four lanes of namespaces keep both of its cores busy (about 3 s).
const POD_LANES: usize = 4;

/// The Gateway API route kinds whose backends are Services.
const ROUTES: &[(&str, &str)] = &[
    ("httproutes", "HTTPRoute"),
    ("grpcroutes", "GRPCRoute"),
    ("tlsroutes", "TLSRoute"),
    ("tcproutes", "TCPRoute"),
    ("udproutes", "UDPRoute"),
];

/// Why a list gave nothing.
enum Refused {
    /// 403: the checks that need it are skipped, with a warning.
    Forbidden(String),
    /// 404: the server does not serve it.
    NotServed,
    /// Anything else ends the run.
    Fatal(Failure),
}

struct Lister<'a> {
    cluster: &'a Cluster,
    /// `None`: every namespace.
    namespace: Option<&'a str>,
}

impl Lister<'_> {
    fn path(&self, prefix: &str, plural: &str, namespaced: bool) -> String {
        match self.namespace.filter(|_| namespaced) {
            Some(ns) => format!("{prefix}/namespaces/{ns}/{plural}"),
            None => format!("{prefix}/{plural}"),
        }
    }

    async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
        labels: Option<&str>,
    ) -> Result<Vec<T>, Refused> {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = kube::api::ListParams::default().limit(PAGE);
            if let Some(t) = &token {
                params = params.continue_token(t);
            }
            if let Some(l) = labels {
                params = params.labels(l);
            }
            let request = kube::core::Request::new(path)
                .list(&params)
                .map_err(|e| Refused::Fatal(Failure::Message(format!("list {what}: {e}"))))?;
            let page: Page<T> = self
                .send(request, what, path.contains("/namespaces/"))
                .await?;
            items.extend(page.items);
            token = page.metadata.continue_token.filter(|t| !t.is_empty());
            if token.is_none() {
                return Ok(items);
            }
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: http::Request<Vec<u8>>,
        what: &str,
        namespaced: bool,
    ) -> Result<T, Refused> {
        let c = self.cluster;
        match tokio::time::timeout(c.timeout, c.client.request::<T>(request)).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.classify(&e, what, namespaced)),
            Err(_) => Err(Refused::Fatal(Failure::Message(format!(
                "the API server at {} ({}) did not answer the list of {what} within {}s (--timeout)",
                c.server,
                c.context,
                c.timeout.as_secs()
            )))),
        }
    }

    fn classify(&self, e: &kube::Error, what: &str, namespaced: bool) -> Refused {
        let c = self.cluster;
        match e {
            kube::Error::Api(status) if status.code == 403 => Refused::Forbidden(format!(
                "cannot list {what}{} (403 Forbidden)",
                match self.namespace.filter(|_| namespaced) {
                    Some(ns) => format!(" in namespace {ns}"),
                    None => " at cluster scope".to_string(),
                }
            )),
            kube::Error::Api(status) if status.code == 404 => Refused::NotServed,
            kube::Error::Api(status) if status.code == 401 => {
                Refused::Fatal(Failure::Message(format!(
                    "the API server at {} refused the credentials of {} (401 Unauthorized); log in again or fix this context's user in the kubeconfig",
                    c.server, c.context
                )))
            }
            kube::Error::Api(status) => Refused::Fatal(Failure::Message(format!(
                "list {what}: the API server at {} answered {} {}",
                c.server, status.code, status.message
            ))),
            kube::Error::HyperError(_) | kube::Error::Service(_) => {
                Refused::Fatal(Failure::Message(format!(
                    "cannot reach the API server at {} ({}): {}; is the cluster running, and is this the right --context?",
                    c.server,
                    c.context,
                    crate::cluster::status::innermost(e)
                )))
            }
            kube::Error::Auth(_) => Refused::Fatal(Failure::Message(format!(
                "cannot get credentials for {}: {}",
                c.context,
                crate::cluster::status::chain(e)
            ))),
            other => Refused::Fatal(Failure::Message(format!(
                "list {what}: {}",
                crate::cluster::status::chain(other)
            ))),
        }
    }
}

/// Keep what a list gave; a refusal becomes a warning (and `false`), a fatal error the result.
fn settle<T>(
    result: Result<Vec<T>, Refused>,
    skipped: &str,
    warnings: &mut Vec<String>,
) -> Result<(Vec<T>, bool), Failure> {
    match result {
        Ok(items) => Ok((items, true)),
        Err(Refused::NotServed) => Ok((Vec::new(), false)),
        Err(Refused::Forbidden(why)) => {
            warnings.push(format!("{why}: {skipped}"));
            Ok((Vec::new(), false))
        }
        Err(Refused::Fatal(f)) => Err(f),
    }
}

/// Connect, list, check: the whole of `svcctl audit` but the output.
pub fn run(request: &AuditRequest) -> Result<Audit, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Message(format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(run_async(request))
}

async fn run_async(request: &AuditRequest) -> Result<Audit, Failure> {
    let cluster = connect(&request.connection).await?;
    let started = Instant::now();
    let lister = Lister {
        cluster: &cluster,
        namespace: (!request.all_namespaces).then_some(cluster.namespace.as_str()),
    };
    let mut warnings = Vec::new();
    let labels = request.label_selector.as_deref();
    let services_path = lister.path("/api/v1", "services", true);
    let pods_path = lister.path("/api/v1", "pods", true);
    let slices_path = lister.path("/apis/discovery.k8s.io/v1", "endpointslices", true);
    let ingresses_path = lister.path("/apis/networking.k8s.io/v1", "ingresses", true);
    // A narrowed audit does not see every Service, so it cannot tell from them alone whether some
    // LoadBalancer of a class has an address: one list of every Service tells.
    let narrowed = lister.namespace.is_some() || labels.is_some() || !request.names.is_empty();
    let every_service = async {
        if !narrowed {
            return None;
        }
        let everywhere = Lister {
            cluster: &cluster,
            namespace: None,
        };
        Some(
            everywhere
                .list::<Value>("/api/v1/services", "services", None)
                .await,
        )
    };
    let (services, pods, slices, nodes, ingresses, routes, every_service) = tokio::join!(
        lister.list::<Value>(&services_path, "services", labels),
        list_pods(&lister, &pods_path),
        lister.list::<EndpointSlice>(&slices_path, "endpointslices.discovery.k8s.io", None),
        lister.list::<Node>("/api/v1/nodes", "nodes", None),
        lister.list::<Value>(&ingresses_path, "ingresses.networking.k8s.io", None),
        list_routes(&lister),
        every_service,
    );
    let services = match services {
        Ok(s) => s,
        Err(Refused::Forbidden(why)) => {
            return Err(Failure::Message(format!(
                "{why}: an audit needs to list Services; ask for RBAC permission to list services, or use another --context"
            )));
        }
        Err(Refused::NotServed) => Vec::new(),
        Err(Refused::Fatal(f)) => return Err(f),
    };
    let (pods, pods_seen) = settle(
        pods,
        "the selector, readiness and targetPort checks are skipped",
        &mut warnings,
    )?;
    let (slices, slices_seen) = settle(
        slices,
        "the EndpointSlice checks are skipped",
        &mut warnings,
    )?;
    let (nodes, nodes_seen) = settle(
        nodes,
        "the externalTrafficPolicy: Local node check is skipped",
        &mut warnings,
    )?;
    let (ingresses, ingresses_seen) =
        settle(ingresses, "Ingress backends are not checked", &mut warnings)?;
    let (mut routers, routes_seen) = settle(
        routes,
        "Gateway API route backends are not checked",
        &mut warnings,
    )?;
    routers.extend(ingresses.into_iter().filter_map(|i| router("Ingress", i)));
    let served_classes = match every_service {
        None => ServedClasses::FromListed,
        Some(listed) => match settle(
            listed,
            "whether a loadBalancerClass is served is not judged",
            &mut warnings,
        )? {
            (services, true) => ServedClasses::from_cluster(services),
            (_, false) => ServedClasses::Unknown,
        },
    };
    let mut objects = Objects {
        services,
        pods,
        slices,
        endpoints: Vec::new(),
        nodes,
        routers,
        seen: Seen {
            pods: pods_seen,
            slices: slices_seen,
            endpoints: true,
            nodes: nodes_seen,
            routers: ingresses_seen || routes_seen,
            all_namespaces: request.all_namespaces,
        },
        served_classes,
    };
    if !request.names.is_empty() {
        objects.services.retain(|s| {
            s.pointer("/metadata/name")
                .and_then(Value::as_str)
                .is_some_and(|n| request.names.iter().any(|w| w == n))
        });
    }
    // Endpoints only where no EndpointSlice names the Service: the hand-managed selector-less
    // Services of old, one GET each, rather than a list of every Endpoints object.
    let endpoints = endpoints_without_slices(&lister, &objects, &mut warnings).await?;
    objects.seen.endpoints = endpoints.is_some();
    objects.endpoints = endpoints.unwrap_or_default();
    let listing = started.elapsed();
    let checked = Instant::now();
    let count = objects.services.len()
        + objects.pods.len()
        + objects.slices.len()
        + objects.nodes.len()
        + objects.routers.len();
    let snap = Snapshot::build(objects);
    let cx = Context {
        pending_after: request.pending_after,
        now: k8s_openapi::jiff::Timestamp::now(),
    };
    let context_name = cluster
        .context
        .strip_prefix("context ")
        .map_or(cluster.context.as_str(), |c| c.trim_matches('"'));
    let mut report = audit_objects(&snap, &cx, &request.options, context_name);
    // Names or a label selector narrow the audit to some Services: what is said about other
    // objects (an EndpointSlice or an Ingress naming a Service left out) would be judged against
    // Services that were not listed.
    if !request.names.is_empty() || request.label_selector.is_some() {
        report
            .diagnostics
            .retain(|d| d.object.as_ref().is_some_and(|o| o.kind == "Service"));
        report.count();
    }
    Ok(Audit {
        report,
        warnings,
        listing,
        checking: checked.elapsed(),
        objects: count,
    })
}

/// The Pods: in an audit of every namespace, listed namespace by namespace over
/// [`POD_LANES`] connections; in one namespace, or when namespaces cannot be listed, in one list.
async fn list_pods(lister: &Lister<'_>, pods_path: &str) -> Result<Vec<Pod>, Refused> {
    let namespaces = match lister.namespace {
        Some(_) => None,
        None => lister
            .list::<Value>("/api/v1/namespaces", "namespaces", None)
            .await
            .ok(),
    };
    let Some(namespaces) = namespaces else {
        return lister.list::<Pod>(pods_path, "pods", None).await;
    };
    let mut lanes: Vec<Vec<String>> = vec![Vec::new(); POD_LANES];
    let names = namespaces
        .iter()
        .filter_map(|n| n.pointer("/metadata/name").and_then(Value::as_str));
    for (i, name) in names.enumerate() {
        if let Some(lane) = lanes.get_mut(i % POD_LANES) {
            lane.push(name.to_string());
        }
    }
    let lane = |names: Vec<String>| async move {
        let mut pods = Vec::new();
        for ns in names {
            let one = Lister {
                cluster: lister.cluster,
                namespace: Some(&ns),
            };
            let path = one.path("/api/v1", "pods", true);
            pods.extend(one.list::<Pod>(&path, "pods", None).await?);
        }
        Ok::<_, Refused>(pods)
    };
    let parts = futures_util::future::join_all(lanes.into_iter().map(lane)).await;
    let mut pods = Vec::new();
    for part in parts {
        pods.extend(part?);
    }
    Ok(pods)
}

fn router(kind: &str, object: Value) -> Option<Router> {
    let meta = object.get("metadata")?;
    Some(Router {
        kind: kind.to_string(),
        namespace: meta.get("namespace")?.as_str()?.to_string(),
        name: meta.get("name")?.as_str()?.to_string(),
        object,
    })
}

/// The Gateway API routes the server serves (discovered from its API groups), listed.
async fn list_routes(lister: &Lister<'_>) -> Result<Vec<Router>, Refused> {
    let c = lister.cluster;
    let groups = match tokio::time::timeout(c.timeout, c.client.list_api_groups()).await {
        Ok(Ok(g)) => g,
        Ok(Err(e)) => return Err(lister.classify(&e, "API groups (discovery)", false)),
        Err(_) => return Err(Refused::NotServed),
    };
    let Some(version) = groups
        .groups
        .iter()
        .find(|g| g.name == "gateway.networking.k8s.io")
        .and_then(|g| g.preferred_version.as_ref().or(g.versions.first()))
        .map(|v| v.group_version.clone())
    else {
        return Ok(Vec::new());
    };
    let resources =
        match tokio::time::timeout(c.timeout, c.client.list_api_group_resources(&version)).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                return Err(lister.classify(&e, "gateway.networking.k8s.io (discovery)", false));
            }
            Err(_) => return Err(Refused::NotServed),
        };
    let mut routers = Vec::new();
    for (plural, kind) in ROUTES {
        if !resources.resources.iter().any(|r| r.name == *plural) {
            continue;
        }
        let path = lister.path(&format!("/apis/{version}"), plural, true);
        let what = format!("{plural}.gateway.networking.k8s.io");
        match lister.list::<Value>(&path, &what, None).await {
            Ok(items) => routers.extend(items.into_iter().filter_map(|i| router(kind, i))),
            Err(Refused::NotServed) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(routers)
}

/// The Endpoints of each Service without a selector that no EndpointSlice names; `None` when
/// the audit may not read them.
async fn endpoints_without_slices(
    lister: &Lister<'_>,
    objects: &Objects,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<Endpoints>>, Failure> {
    let named: std::collections::HashSet<(&str, &str)> = objects
        .slices
        .iter()
        .filter_map(|s| Some((s.metadata.namespace.as_str(), s.service_name()?)))
        .collect();
    let mut found = Vec::new();
    for svc in &objects.services {
        let text = |p: &str| svc.pointer(p).and_then(Value::as_str).unwrap_or_default();
        let (ns, name) = (text("/metadata/namespace"), text("/metadata/name"));
        let selectorless = svc
            .pointer("/spec/selector")
            .and_then(Value::as_object)
            .is_none_or(|m| m.is_empty());
        if !selectorless || text("/spec/type") == "ExternalName" || named.contains(&(ns, name)) {
            continue;
        }
        let path = format!("/api/v1/namespaces/{ns}/endpoints");
        let request = kube::core::Request::new(&path)
            .get(name, &kube::api::GetParams::default())
            .map_err(|e| Failure::Message(format!("get endpoints: {e}")))?;
        match lister.send::<Endpoints>(request, "endpoints", true).await {
            Ok(e) => found.push(e),
            Err(Refused::NotServed) => {}
            Err(Refused::Forbidden(why)) => {
                warnings.push(format!(
                    "{}: Services without a selector are not checked for endpoints",
                    why.replace("cannot list", "cannot get")
                ));
                return Ok(None);
            }
            Err(Refused::Fatal(f)) => return Err(f),
        }
    }
    Ok(Some(found))
}
