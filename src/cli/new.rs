//! The arguments of `svcctl new`.

use std::path::PathBuf;

use clap::Args;

use super::ClusterArgs;
use crate::generate::{IpFamily, IpFamilyPolicy, Kind, NewFormat, SessionAffinity, TrafficPolicy};

const EXAMPLES: &str = "\
Examples:
  svcctl new clusterip backend --port 80:8080
  svcctl new nodeport frontend --port 80 --target 3000 --node-port 30007
  svcctl new loadbalancer web --port 80:http --port 443:https --source-range 203.0.113.0/24
  svcctl new headless db --port 5432 --selector app=db,tier=data
  svcctl new externalname external-db --external-name db.example.com
  svcctl new nodeport --from deploy.yaml -o service.yaml";

#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct NewArgs {
    /// The Service type.
    #[arg(value_enum, ignore_case = true, value_name = "TYPE")]
    pub kind: Kind,

    /// The Service name [default: the `app` selector value, else the workload's name, else a
    /// per-type default]
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// A port: PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080, 53:53/UDP, 443:https (TARGET is a
    /// number or a container port name; PROTOCOL is TCP, UDP or SCTP, any case). Repeatable.
    #[arg(
        long = "port",
        short = 'p',
        value_name = "PORT",
        value_delimiter = ',',
        help_heading = "Ports"
    )]
    pub ports: Vec<String>,

    /// The target of the only port: a number or a container port name.
    #[arg(long, value_name = "PORT|NAME", help_heading = "Ports")]
    pub target: Option<String>,

    /// The name of each port, in --port order [default: several ports are named after their
    /// target or well-known number (http, https, dns-udp…), else port-N; one port stays unnamed]
    #[arg(
        long = "port-name",
        value_name = "NAME",
        value_delimiter = ',',
        help_heading = "Ports"
    )]
    pub port_names: Vec<String>,

    /// The application protocol of each port, in --port order (http, h2c, kubernetes.io/ws…).
    #[arg(
        long = "app-protocol",
        value_name = "PROTOCOL",
        value_delimiter = ',',
        help_heading = "Ports"
    )]
    pub app_protocols: Vec<String>,

    /// The nodePort of each port, in --port order; `auto` lets the cluster choose
    /// (nodeport and loadbalancer only) [default: auto]
    #[arg(
        long = "node-port",
        value_name = "PORT|auto",
        value_delimiter = ',',
        allow_hyphen_values = true,
        help_heading = "Ports"
    )]
    pub node_ports: Vec<String>,

    /// The Pods to send traffic to, by label: KEY=VALUE[,KEY=VALUE] [default: app=NAME]
    #[arg(
        long = "selector",
        value_name = "KEY=VALUE",
        help_heading = "Selection"
    )]
    pub selectors: Vec<String>,

    /// No selector: endpoints are managed by hand (EndpointSlices you create).
    #[arg(long, conflicts_with_all = ["selectors", "from"], help_heading = "Selection")]
    pub no_selector: bool,

    /// Derive selector, namespace and ports from a Deployment, StatefulSet, DaemonSet,
    /// ReplicaSet, ReplicationController, Job, CronJob or Pod manifest (`-` for stdin).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, help_heading = "Selection")]
    pub from: Option<String>,

    /// The workload to use when the --from file holds several: NAME or KIND/NAME.
    #[arg(
        long,
        value_name = "NAME",
        requires = "from",
        help_heading = "Selection"
    )]
    pub workload: Option<String>,

    /// metadata.namespace [default: the workload's with --from, else none (kubectl's context)]
    #[arg(long, short = 'n', value_name = "NAMESPACE", help_heading = "Metadata")]
    pub namespace: Option<String>,

    /// A label: KEY=VALUE[,KEY=VALUE]. Repeatable.
    #[arg(long = "label", value_name = "KEY=VALUE", help_heading = "Metadata")]
    pub labels: Vec<String>,

    /// An annotation: KEY=VALUE (the value may hold commas). Repeatable.
    #[arg(
        long = "annotation",
        value_name = "KEY=VALUE",
        help_heading = "Metadata"
    )]
    pub annotations: Vec<String>,

    /// The DNS name an externalname Service aliases (required for externalname).
    #[arg(long, value_name = "HOST", help_heading = "Type-specific")]
    pub external_name: Option<String>,

    /// Cluster or Local (nodeport and loadbalancer): Local keeps the client source IP.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "POLICY",
        help_heading = "Type-specific"
    )]
    pub external_traffic_policy: Option<TrafficPolicy>,

    /// Cluster or Local: Local sends in-cluster traffic only to Pods on the same node.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "POLICY",
        help_heading = "Type-specific"
    )]
    pub internal_traffic_policy: Option<TrafficPolicy>,

    /// ClientIP sends each client to the same Pod; None is the default.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "AFFINITY",
        help_heading = "Type-specific"
    )]
    pub session_affinity: Option<SessionAffinity>,

    /// How long a ClientIP affinity lasts, 1-86400 [default: 10800]
    #[arg(
        long,
        value_name = "SECONDS",
        allow_hyphen_values = true,
        help_heading = "Type-specific"
    )]
    pub session_affinity_timeout: Option<String>,

    /// The load-balancer implementation to use (loadbalancer only), e.g. service.k8s.aws/nlb.
    #[arg(long, value_name = "CLASS", help_heading = "Type-specific")]
    pub load_balancer_class: Option<String>,

    /// Client CIDRs the load balancer admits (loadbalancer only). Repeatable.
    #[arg(
        long = "source-range",
        value_name = "CIDR",
        value_delimiter = ',',
        help_heading = "Type-specific"
    )]
    pub source_ranges: Vec<String>,

    /// SingleStack, PreferDualStack or RequireDualStack.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "POLICY",
        help_heading = "Type-specific"
    )]
    pub ip_family_policy: Option<IpFamilyPolicy>,

    /// IPv4 or IPv6, primary first. Repeatable.
    #[arg(
        long = "ip-family",
        value_enum,
        ignore_case = true,
        value_delimiter = ',',
        value_name = "FAMILY",
        help_heading = "Type-specific"
    )]
    pub ip_family: Vec<IpFamily>,

    /// Publish Pods before they are ready (peer discovery for StatefulSets on headless Services).
    #[arg(long, help_heading = "Type-specific")]
    pub publish_not_ready_addresses: bool,

    /// Write the manifest to FILE instead of stdout (atomically; never over an existing file
    /// unless --force or --append).
    #[arg(long, short = 'o', value_name = "FILE", value_parser = crate::cli::output_file, value_hint = clap::ValueHint::FilePath, help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(
        long,
        requires = "output",
        conflicts_with = "append",
        help_heading = "Output"
    )]
    pub force: bool,

    /// Add the Service to FILE as one more YAML document (`---`).
    #[arg(long, requires = "output", help_heading = "Output")]
    pub append: bool,

    /// Output format.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = NewFormat::Yaml, help_heading = "Output")]
    pub format: NewFormat,

    /// Print nothing on stderr but errors.
    #[arg(long, short = 'q', help_heading = "Output")]
    pub quiet: bool,

    #[command(flatten, next_help_heading = "Cluster settings (as for svcctl lint)")]
    pub cluster: ClusterArgs,
}
