//! The `svcctl new` command lines that cover every type and option, shared by the offline round
//! trip and the live test. Paths are relative to the crate root.

/// One combination of options per line: the type, then the options. `tests/new.rs` lints each
/// output; `tests/live/new.rs` creates each on a real API server.
#[rustfmt::skip]
pub const MATRIX: &[&str] = &[
    "clusterip a --port 80",
    "clusterip b --port 80:8080",
    "clusterip c --port 80:http,443:https,9090",
    "clusterip d --port 53:53/UDP,53:53/TCP",
    "clusterip e --port 9000/sctp --selector app=e,tier=data",
    "clusterip f --port 80 --session-affinity ClientIP",
    "clusterip g --port 80 --session-affinity ClientIP --session-affinity-timeout 86400",
    "clusterip h --port 80 --session-affinity None",
    "clusterip i --port 80 --internal-traffic-policy Local",
    "clusterip j --port 80 --ip-family-policy RequireDualStack --ip-family IPv6,IPv4",
    "clusterip k --port 80 --ip-family IPv6",
    "clusterip l --port 80 --no-selector",
    "clusterip m -n prod --port 80 --label yes=no --annotation a.io/b=on --annotation 'a.io/c=x: #y'",
    "clusterip n --port 80 --app-protocol kubernetes.io/h2c",
    "clusterip 0day --port 80",
    "clusterip --port 80 --selector app.kubernetes.io/name=named",
    "clusterip o --port 80,81,82,83,8080,8443 --port-name a,b",
    "nodeport a2 --port 80",
    "nodeport b2 --port 80:3000 --node-port 30007",
    "nodeport c2 --port 80,443 --node-port 30080,30443",
    "nodeport d2 --port 53/udp,53/tcp --node-port 30053,30053",
    "nodeport e2 --port 80,443 --node-port auto,30443",
    "nodeport f2 --port 80 --external-traffic-policy Local",
    "nodeport g2 --port 80 --external-traffic-policy Cluster --internal-traffic-policy Cluster",
    "nodeport h2 --port 80 --session-affinity ClientIP --session-affinity-timeout 1",
    "nodeport i2 --port 80 --node-port 32767",
    "nodeport --port 80",
    "loadbalancer a3 --port 80",
    "loadbalancer b3 --port 80:http,443:https --source-range 203.0.113.0/24,198.51.100.7/32",
    "loadbalancer c3 --port 80 --external-traffic-policy Local",
    "loadbalancer d3 --port 80 --load-balancer-class example.com/internal",
    "loadbalancer e3 --port 53/UDP,53/TCP --node-port 30054",
    "loadbalancer f3 --port 80 --ip-family-policy PreferDualStack --ip-family IPv4,IPv6",
    "loadbalancer g3 --port 80 --source-range 2001:db8::/32",
    "loadbalancer h3 --port 80 --annotation 'service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8, 192.168.0.0/16'",
    "loadbalancer i3 --port 443:https --app-protocol https --port-name tls",
    "lb j3 --port 80 --external-traffic-policy Local --session-affinity ClientIP --ip-family-policy SingleStack",
    "externalname a4 --external-name db.example.com",
    "externalname b4 --external-name db.example.com. --port 5432",
    "externalname c4 --external-name localhost --port 80,443",
    "externalname --external-name api.example.com -n ops --label tier=db",
    "headless a5 --port 80",
    "headless b5",
    "headless c5 --port 5432:postgres --publish-not-ready-addresses",
    "headless d5 --no-selector --port 9042",
    "headless e5 --port 8080 --ip-family-policy RequireDualStack",
    "headless f5 --port 80 --session-affinity None",
    "nodeport --from fixtures/new/deployment.yaml",
    "loadbalancer g6 --from fixtures/new/deployment.yaml --port 80:http",
    "headless --from fixtures/new/statefulset.yaml",
    "clusterip --from fixtures/new/statefulset.yaml",
    "clusterip --from fixtures/new/pod.yaml",
    "nodeport --from fixtures/new/pod.yaml --node-port 30053,30053",
    "clusterip --from fixtures/new/several.yaml --workload deployment/api",
    "headless --from fixtures/new/several.yaml --workload daemonset/agent --port 9100",
    "clusterip --from fixtures/new/job.yaml --port 80",
];

/// A command line as its words; `'…'` keeps spaces inside one word.
pub fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in line.split('\'').enumerate() {
        if i % 2 == 1 {
            out.push(part.to_string());
        } else {
            out.extend(part.split_whitespace().map(str::to_string));
        }
    }
    out
}
