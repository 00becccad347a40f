//! `svcctl explain` and `svcctl explain <type>`: the Service types taught from scratch. The
//! overview ends in a comparison table; each type page has its purpose, how it works, its traffic
//! path, the manifest `svcctl new` writes for it, when to use it and the mistakes svcctl catches.

use std::fmt::Write as _;

use super::diagram::{Diagram, Step};
use super::text::{Look, indent, table, wrap};
use crate::k8s::ServiceType;
use crate::lint::find_rule;

/// The Service types `svcctl explain` and `svcctl new` know, plus headless (a ClusterIP Service
/// with `clusterIP: None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeTopic {
    ClusterIp,
    NodePort,
    LoadBalancer,
    ExternalName,
    Headless,
}

impl TypeTopic {
    pub const ALL: [TypeTopic; 5] = [
        TypeTopic::ClusterIp,
        TypeTopic::NodePort,
        TypeTopic::LoadBalancer,
        TypeTopic::ExternalName,
        TypeTopic::Headless,
    ];

    /// A type by name, alias or abbreviation, in any case.
    pub fn parse(text: &str) -> Option<TypeTopic> {
        let t = text.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Some(match t.as_str() {
            "clusterip" => TypeTopic::ClusterIp,
            "nodeport" | "np" => TypeTopic::NodePort,
            "loadbalancer" | "lb" => TypeTopic::LoadBalancer,
            "externalname" => TypeTopic::ExternalName,
            "headless" => TypeTopic::Headless,
            _ => return None,
        })
    }

    /// The name `svcctl new` takes.
    pub fn kind(self) -> &'static str {
        match self {
            TypeTopic::ClusterIp => "clusterip",
            TypeTopic::NodePort => "nodeport",
            TypeTopic::LoadBalancer => "loadbalancer",
            TypeTopic::ExternalName => "externalname",
            TypeTopic::Headless => "headless",
        }
    }

    /// The `spec.type` it stands for: a headless Service is a ClusterIP one without a cluster IP.
    pub fn service_type(self) -> ServiceType {
        match self {
            TypeTopic::ClusterIp | TypeTopic::Headless => ServiceType::ClusterIp,
            TypeTopic::NodePort => ServiceType::NodePort,
            TypeTopic::LoadBalancer => ServiceType::LoadBalancer,
            TypeTopic::ExternalName => ServiceType::ExternalName,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TypeTopic::Headless => "Headless",
            t => t.service_type().api_name().unwrap_or_default(),
        }
    }

    /// Names offered for "did you mean".
    pub fn names() -> &'static [&'static str] {
        &[
            "clusterip",
            "nodeport",
            "loadbalancer",
            "externalname",
            "headless",
        ]
    }
}

const INTRO: &str = "Pods come and go, and every new Pod gets a new IP address. A Service gives a set of Pods, chosen by a label selector, one stable name and address, and spreads connections over the Pods that are ready. Its type decides who can reach it and how.";

struct Summary {
    topic: TypeTopic,
    heading: &'static str,
    text: &'static str,
}

const SUMMARIES: &[Summary] = &[
    Summary {
        topic: TypeTopic::ClusterIp,
        heading: "ClusterIP (the default)",
        text: "A virtual IP address, reachable only from inside the cluster. Connections to it are load-balanced across the selected Pods. Use it for traffic between your own components: a backend calling its database, one microservice calling another.",
    },
    Summary {
        topic: TypeTopic::NodePort,
        heading: "NodePort",
        text: "Builds on ClusterIP: the Service also gets a static port from 30000-32767, opened on every node. Traffic to <any node IP>:<nodePort> is forwarded to the Pods. Use it for local testing and limited external access, for example with Minikube.",
    },
    Summary {
        topic: TypeTopic::LoadBalancer,
        heading: "LoadBalancer",
        text: "Builds on NodePort and ClusterIP: the cloud provider provisions an external load balancer (an AWS ELB, an Azure Load Balancer, a GCP load balancer) with its own address, which sends traffic to the nodes. Use it for production traffic from the internet.",
    },
    Summary {
        topic: TypeTopic::ExternalName,
        heading: "ExternalName",
        text: "No proxying and no load balancing: the cluster DNS answers the Service's name with a CNAME record for another DNS name. Use it to give a managed database or an outside API a name inside the cluster.",
    },
    Summary {
        topic: TypeTopic::Headless,
        heading: "Headless (clusterIP: None)",
        text: "No virtual IP: the cluster DNS returns the IP addresses of the ready Pods themselves, and clients connect to them directly. StatefulSet Pods also get a DNS name each. Use it for StatefulSets and peer discovery.",
    },
];

/// Form 1: the overview.
pub fn overview(look: &Look) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", look.heading("Kubernetes Services"));
    out.push('\n');
    out.push_str(&wrap(INTRO, look.width, 0));
    for s in SUMMARIES {
        out.push('\n');
        let _ = writeln!(out, "{}", look.heading(s.heading));
        out.push_str(&wrap(s.text, look.width, 4));
        let _ = writeln!(out, "    More: svcctl explain {}", s.topic.kind());
    }
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("Comparison"));
    let rows = vec![
        row(&[
            "ClusterIP",
            "in-cluster only",
            "—",
            "any (1-65535)",
            "internal services, backend to database",
        ]),
        row(&[
            "NodePort",
            "outside, via any node's IP",
            "ClusterIP",
            "30000-32767 on every node",
            "local testing, Minikube",
        ]),
        row(&[
            "LoadBalancer",
            "the internet, via the LB",
            "NodePort + ClusterIP",
            "any, on the LB",
            "production internet traffic",
        ]),
        row(&[
            "ExternalName",
            "in-cluster, DNS only",
            "— (a CNAME)",
            "none (no proxy)",
            "managed databases, outside APIs",
        ]),
        row(&[
            "Headless",
            "in-cluster, DNS gives Pod IPs",
            "— (no virtual IP)",
            "the Pods' own",
            "StatefulSets, peer discovery",
        ]),
    ];
    out.push_str(&table(
        &[
            "TYPE",
            "REACHABLE FROM",
            "BUILDS ON",
            "PORT RANGE",
            "TYPICAL USE",
        ],
        &rows,
        &[12, 16, 11, 13, 0],
        0,
        look.width,
    ));
    out.push('\n');
    out.push_str(&wrap(
        "Next: svcctl explain <type> (clusterip, nodeport, loadbalancer, externalname, headless), svcctl explain <field> (spec.ports.nodePort), svcctl explain <rule> (node-port-range), or svcctl explain my-service.yaml to hear what your own manifest does.",
        look.width,
        0,
    ));
    out
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A common mistake and the rules that catch it.
struct Mistake {
    text: &'static str,
    rules: &'static [&'static str],
}

struct Page {
    what: &'static str,
    how: &'static str,
    when: &'static [&'static str],
    mistakes: &'static [Mistake],
    see_also: &'static [&'static str],
}

fn page(topic: TypeTopic) -> Page {
    match topic {
        TypeTopic::ClusterIp => Page {
            what: "The default type. The Service gets a stable virtual IP address (the cluster IP) and a DNS name, reachable only from inside the cluster. Connections to <cluster IP>:<port> are load-balanced across the ready Pods the selector picks.",
            how: "The API server allocates the cluster IP from the cluster's service CIDR (a range such as 10.96.0.0/12). The selector picks Pods by their labels, and the EndpointSlice controller keeps the list of their IP addresses current. On every node, kube-proxy (or the network plugin) sends each connection to <cluster IP>:<port> on to one ready Pod, at its targetPort. The cluster DNS names the Service <name>.<namespace>.svc.cluster.local; Pods in the same namespace can just use <name>.",
            when: &[
                "Traffic between your own components: a backend calling its database, one microservice calling another.",
                "Behind an Ingress or a Gateway route, which forward outside HTTP traffic to ClusterIP Services.",
            ],
            mistakes: &[
                Mistake {
                    text: "A selector that matches no Pod labels: the Service has no endpoints and connections fail.",
                    rules: &["selector-matches-nothing"],
                },
                Mistake {
                    text: "A targetPort (number or name) that no selected container declares.",
                    rules: &["target-port-name-not-found", "target-port-not-declared"],
                },
                Mistake {
                    text: "A nodePort on a ClusterIP Service: refused.",
                    rules: &["node-port-on-cluster-ip"],
                },
                Mistake {
                    text: "Several ports without names: refused.",
                    rules: &["port-name-missing"],
                },
                Mistake {
                    text: "externalTrafficPolicy on a Service that is not reachable from outside: refused.",
                    rules: &["invalid-external-traffic-policy"],
                },
            ],
            see_also: &[
                "headless",
                "nodeport",
                "spec.selector",
                "spec.ports.targetPort",
            ],
        },
        TypeTopic::NodePort => Page {
            what: "A ClusterIP Service that also opens a static port, from the range 30000-32767, on every node of the cluster. Any client that can reach a node connects to <node IP>:<nodePort>.",
            how: "Everything a ClusterIP Service does happens too: it gets a cluster IP and a DNS name inside the cluster. In addition the API server allocates a nodePort for every port from the range set by its --service-node-port-range flag (30000-32767 unless changed), or takes the one you ask for if it is free. Every node accepts connections on that port, also nodes that run none of the Pods, and sends them on to a ready Pod at its targetPort. With externalTrafficPolicy: Local a node only uses Pods on itself and keeps the client's source IP; nodes without such a Pod drop the traffic.",
            when: &[
                "Local testing and development clusters, for example Minikube (`minikube service <name>` opens the node port).",
                "Limited external access, or an external load balancer that you configure yourself to send traffic to the node ports.",
            ],
            mistakes: &[
                Mistake {
                    text: "A nodePort outside 30000-32767: refused by the API server.",
                    rules: &["node-port-range"],
                },
                Mistake {
                    text: "The same nodePort twice in one Service, or in two Services.",
                    rules: &["duplicate-node-port", "node-port-conflict"],
                },
                Mistake {
                    text: "clusterIP: None (headless) with type NodePort: refused.",
                    rules: &["headless-type-conflict"],
                },
                Mistake {
                    text: "LoadBalancer-only fields such as loadBalancerSourceRanges: refused.",
                    rules: &["load-balancer-field-on-wrong-type"],
                },
                Mistake {
                    text: "Forgetting that the port is open on every node (an opt-in security rule).",
                    rules: &["node-port-exposed"],
                },
            ],
            see_also: &[
                "loadbalancer",
                "spec.ports.nodePort",
                "spec.externalTrafficPolicy",
            ],
        },
        TypeTopic::LoadBalancer => Page {
            what: "A NodePort Service, and so also a ClusterIP Service, for which the cloud provider provisions an external load balancer, such as an AWS ELB, an Azure Load Balancer or a GCP load balancer, with its own address.",
            how: "The API server allocates a cluster IP and, unless allocateLoadBalancerNodePorts is false, a nodePort for every port. The cloud controller (or the implementation named by loadBalancerClass) then creates the load balancer, points it at the node ports of the nodes (some clouds send traffic straight to Pod IPs instead), and records its address in status.loadBalancer.ingress; `kubectl get service` shows it as EXTERNAL-IP, <pending> until it exists. Clients connect to <LB address>:<port>. loadBalancerSourceRanges limits which client addresses may connect. Without a cloud provider (bare metal, kind) nothing creates the load balancer unless you install one such as MetalLB; the Service still works as a NodePort Service.",
            when: &[
                "Production traffic from the internet to one Service, including plain TCP or UDP that an Ingress cannot carry.",
                "For many HTTP services, one Ingress or Gateway in front of ClusterIP Services usually costs less than a load balancer each.",
            ],
            mistakes: &[
                Mistake {
                    text: "A public load balancer open to every address.",
                    rules: &["load-balancer-without-source-ranges"],
                },
                Mistake {
                    text: "Source ranges that are not CIDRs, such as a bare IP or a host name: refused.",
                    rules: &["invalid-source-range"],
                },
                Mistake {
                    text: "The deprecated loadBalancerIP field.",
                    rules: &["deprecated-load-balancer-ip"],
                },
                Mistake {
                    text: "clusterIP: None (headless) with type LoadBalancer: refused.",
                    rules: &["headless-type-conflict"],
                },
                Mistake {
                    text: "healthCheckNodePort without externalTrafficPolicy: Local: refused.",
                    rules: &["invalid-health-check-node-port"],
                },
            ],
            see_also: &[
                "nodeport",
                "spec.loadBalancerSourceRanges",
                "spec.loadBalancerClass",
                "spec.allocateLoadBalancerNodePorts",
            ],
        },
        TypeTopic::ExternalName => Page {
            what: "A DNS alias. The Service has no cluster IP, no Pods and no proxying: the cluster DNS answers <name>.<namespace>.svc.cluster.local with a CNAME record for externalName, for example db.example.com.",
            how: "Nothing is load-balanced and no port is translated. The client resolves the CNAME and connects to the external host itself, on whatever port it uses; the Service's ports and selector play no part. The client still asks for the Service's name, so protocols that check host names (HTTP Host headers, TLS certificates) may see <name>.<namespace>.svc.cluster.local and the external server may refuse that.",
            when: &[
                "Giving a managed database or an outside API a name inside the cluster, so that clients keep that name if the service later moves into the cluster.",
                "An alias for a Service in another namespace (other.team.svc.cluster.local).",
            ],
            mistakes: &[
                Mistake {
                    text: "An IP address as externalName: a CNAME must name a host.",
                    rules: &["external-name-is-ip"],
                },
                Mistake {
                    text: "A missing or malformed externalName: refused.",
                    rules: &["invalid-external-name"],
                },
                Mistake {
                    text: "clusterIP, ipFamilies or ipFamilyPolicy on an ExternalName Service: refused.",
                    rules: &["cluster-ip-on-external-name"],
                },
                Mistake {
                    text: "A selector, externalIPs or node ports that this type ignores.",
                    rules: &["field-ignored-for-type"],
                },
            ],
            see_also: &["spec.externalName", "clusterip"],
        },
        TypeTopic::Headless => Page {
            what: "A ClusterIP Service with clusterIP: None: no virtual IP and no proxying. The cluster DNS answers the Service's name with the IP addresses of the ready Pods it selects, one record per Pod, and clients connect to the Pods directly.",
            how: "Endpoints are tracked as for any ClusterIP Service, but kube-proxy leaves the Service alone. A StatefulSet whose serviceName names the headless Service gives each Pod a DNS name of its own: <pod>.<service>.<namespace>.svc.cluster.local, for example web-0.web.default.svc.cluster.local. Named ports also get SRV records (_http._tcp.web.default.svc.cluster.local). Nothing translates ports, so keep targetPort equal to port; sessionAffinity, externalIPs and loadBalancerIP are ignored. Only type ClusterIP can be headless.",
            when: &[
                "StatefulSets (databases, Kafka, ZooKeeper), where clients must reach one particular Pod.",
                "Peer discovery, and clients that balance load themselves (gRPC).",
            ],
            mistakes: &[
                Mistake {
                    text: "clusterIP: None with type NodePort or LoadBalancer: refused.",
                    rules: &["headless-type-conflict"],
                },
                Mistake {
                    text: "A StatefulSet serviceName that names no headless Service: its Pods get no DNS names.",
                    rules: &["statefulset-service-mismatch"],
                },
                Mistake {
                    text: "Fields a headless Service ignores (sessionAffinity, externalIPs, loadBalancerIP), and a targetPort other than port, which clients that resolve the name never reach.",
                    rules: &["ignored-on-headless"],
                },
                Mistake {
                    text: "\"None\" together with other addresses in clusterIPs: refused.",
                    rules: &["invalid-cluster-ip"],
                },
            ],
            see_also: &[
                "clusterip",
                "spec.clusterIP",
                "spec.publishNotReadyAddresses",
            ],
        },
    }
}

/// The generic traffic path of a type, for its page.
pub fn generic_diagram(topic: TypeTopic) -> Diagram {
    let inside = vec![
        Step::start(&["client Pod in the cluster"]),
        Step::then("<port>", &["cluster IP :<port>"]),
    ];
    let pods = Step::then(
        "<targetPort>",
        &["Pods matching the selector", ":<targetPort>"],
    );
    match topic {
        TypeTopic::ClusterIp => Diagram {
            columns: vec![inside],
            sink: Some(pods),
        },
        TypeTopic::NodePort => Diagram {
            columns: vec![
                vec![
                    Step::start(&["client outside the cluster"]),
                    Step::then("<nodePort>", &["any node :<nodePort>"]),
                ],
                inside,
            ],
            sink: Some(pods),
        },
        TypeTopic::LoadBalancer => Diagram {
            columns: vec![
                vec![
                    Step::start(&["client on the internet"]),
                    Step::then("<port>", &["cloud load balancer :<port>"]),
                    Step::then("<nodePort>", &["any node :<nodePort>"]),
                ],
                inside,
            ],
            sink: Some(pods),
        },
        TypeTopic::ExternalName => Diagram {
            columns: vec![vec![
                Step::start(&["client Pod in the cluster"]),
                Step::then(
                    "1. looks up <name>",
                    &["cluster DNS", "answers CNAME <externalName>"],
                ),
                Step::then(
                    "2. connects directly, no proxy",
                    &["<externalName>", "outside the cluster"],
                ),
            ]],
            sink: None,
        },
        TypeTopic::Headless => Diagram {
            columns: vec![vec![
                Step::start(&["client Pod in the cluster"]),
                Step::then(
                    "1. looks up <name>",
                    &["cluster DNS", "answers with the Pod IPs"],
                ),
            ]],
            sink: Some(Step::then(
                "2. connects to one Pod IP directly",
                &["Pods matching the selector", ":<port>"],
            )),
        },
    }
}

/// The manifest `svcctl new <kind>` prints, and the command line that prints it.
fn example(topic: TypeTopic) -> Option<(String, String)> {
    let yaml = crate::generate::example_manifest(topic.kind())?;
    let command = crate::generate::example_command(topic.kind())
        .unwrap_or_else(|| format!("svcctl new {}", topic.kind()));
    Some((command, yaml))
}

/// Form 2: one type.
pub fn type_page(topic: TypeTopic, look: &Look) -> String {
    let p = page(topic);
    let mut out = String::new();
    let title = match topic {
        TypeTopic::ClusterIp => "ClusterIP Service (the default type)".to_string(),
        TypeTopic::Headless => "Headless Service (clusterIP: None)".to_string(),
        other => format!("{} Service", other.title()),
    };
    let _ = writeln!(out, "{}", look.heading(&title));
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("What it is"));
    out.push_str(&wrap(p.what, look.width, 4));
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("How it works"));
    out.push_str(&wrap(p.how, look.width, 4));
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("Traffic path"));
    out.push_str(&generic_diagram(topic).render(look.unicode, 4));
    out.push('\n');
    match example(topic) {
        Some((command, yaml)) => {
            let _ = writeln!(out, "{}", look.heading(&format!("Example: {command}")));
            out.push_str(&indent(&yaml, 4));
        }
        None => {
            let _ = writeln!(out, "{}", look.heading("Example"));
            out.push_str(&wrap(
                &format!("Run `svcctl new {}`.", topic.kind()),
                look.width,
                4,
            ));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("When to use it"));
    for w in p.when {
        out.push_str(&wrap(&format!("- {w}"), look.width, 4));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        look.heading("Common mistakes (and the rules that catch them)")
    );
    for m in p.mistakes {
        let rules: Vec<&str> = m
            .rules
            .iter()
            .filter_map(|id| find_rule(id))
            .map(|r| r.meta().id)
            .collect();
        out.push_str(&wrap(
            &format!("- {} ({})", m.text, rules.join(", ")),
            look.width,
            4,
        ));
    }
    out.push('\n');
    let _ = writeln!(out, "{}", look.heading("See also"));
    for s in p.see_also {
        let _ = writeln!(out, "    svcctl explain {s}");
    }
    out
}

/// Every rule id a type page mentions (for tests).
pub fn mentioned_rules() -> Vec<&'static str> {
    TypeTopic::ALL
        .iter()
        .flat_map(|t| {
            page(*t)
                .mistakes
                .iter()
                .flat_map(|m| m.rules.iter().copied())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_case() {
        assert_eq!(TypeTopic::parse("NP"), Some(TypeTopic::NodePort));
        assert_eq!(TypeTopic::parse("lb"), Some(TypeTopic::LoadBalancer));
        assert_eq!(TypeTopic::parse("ClusterIP"), Some(TypeTopic::ClusterIp));
        assert_eq!(
            TypeTopic::parse("external-name"),
            Some(TypeTopic::ExternalName)
        );
        assert_eq!(TypeTopic::parse("Headless"), Some(TypeTopic::Headless));
        assert_eq!(TypeTopic::parse("spec"), None);
    }

    #[test]
    fn pages_cite_real_rules() {
        for id in mentioned_rules() {
            assert!(find_rule(id).is_some(), "no rule {id}");
        }
    }
}
