//! `svcctl new`: generate a Service manifest that is right the first time.
//!
//! The arguments are turned into a checked plan ([`build`]) that refuses, with a specific
//! message, anything the API server would refuse or silently ignore; the plan becomes a
//! `serde_json::Value` written as kubectl-style YAML ([`yaml`]) or JSON. Before anything is
//! printed or written, the text goes through the real linter with the same cluster settings as
//! `svcctl lint` (flags, then `.svcctl.yaml`): an error there is a bug in this module, and warnings
//! are passed on. `--from` reads a workload offline ([`from`]), `-o` writes atomically.

mod build;
mod from;
mod ports;
pub mod yaml;

use std::path::{Path, PathBuf};

use clap::{Args, FromArgMatches, ValueEnum};

use crate::cli::ClusterArgs;
use crate::error::Failure;
use crate::lint::driver::lint_texts;
use crate::lint::{Diagnostic, LintOptions, Severity};

const EXAMPLES: &str = "\
Examples:
  svcctl new clusterip backend --port 80:8080
  svcctl new nodeport frontend --port 80 --target 3000 --node-port 30007
  svcctl new loadbalancer web --port 80:http --port 443:https --source-range 203.0.113.0/24
  svcctl new headless db --port 5432 --selector app=db,tier=data
  svcctl new externalname external-db --external-name db.example.com
  svcctl new nodeport --from deploy.yaml -o service.yaml";

/// The type of Service to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A virtual IP inside the cluster (type ClusterIP).
    #[value(name = "clusterip", alias = "cluster-ip")]
    ClusterIp,
    /// A port on every node, plus a cluster IP (type NodePort).
    #[value(name = "nodeport", aliases = ["node-port", "np"])]
    NodePort,
    /// An external load balancer, plus node ports and a cluster IP (type LoadBalancer).
    #[value(name = "loadbalancer", aliases = ["load-balancer", "lb"])]
    LoadBalancer,
    /// A DNS alias (CNAME) for a name outside the cluster (type ExternalName).
    #[value(name = "externalname", alias = "external-name")]
    ExternalName,
    /// No virtual IP: DNS returns the Pod IPs (type ClusterIP, clusterIP: None).
    #[value(name = "headless")]
    Headless,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ClusterIp => "clusterip",
            Kind::NodePort => "nodeport",
            Kind::LoadBalancer => "loadbalancer",
            Kind::ExternalName => "externalname",
            Kind::Headless => "headless",
        }
    }

    /// `a nodeport`, `an externalname`.
    pub fn article(self) -> String {
        let article = if self == Kind::ExternalName {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.as_str())
    }

    fn from_name(name: &str) -> Option<Kind> {
        Kind::from_str(name, true).ok()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrafficPolicy {
    #[value(name = "Cluster")]
    Cluster,
    #[value(name = "Local")]
    Local,
}

impl TrafficPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            TrafficPolicy::Cluster => "Cluster",
            TrafficPolicy::Local => "Local",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SessionAffinity {
    #[value(name = "ClientIP")]
    ClientIp,
    #[value(name = "None")]
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IpFamilyPolicy {
    #[value(name = "SingleStack")]
    SingleStack,
    #[value(name = "PreferDualStack")]
    PreferDualStack,
    #[value(name = "RequireDualStack")]
    RequireDualStack,
}

impl IpFamilyPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            IpFamilyPolicy::SingleStack => "SingleStack",
            IpFamilyPolicy::PreferDualStack => "PreferDualStack",
            IpFamilyPolicy::RequireDualStack => "RequireDualStack",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IpFamily {
    #[value(name = "IPv4")]
    Ipv4,
    #[value(name = "IPv6")]
    Ipv6,
}

impl IpFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            IpFamily::Ipv4 => "IPv4",
            IpFamily::Ipv6 => "IPv6",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    Yaml,
    Json,
}

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

/// A manifest ready to print or write, and what to tell the user about it.
pub struct Generated {
    pub text: String,
    /// `service/web`.
    pub display: String,
    pub notes: Vec<String>,
}

fn one_line(d: &Diagnostic) -> String {
    let field = d
        .field
        .as_deref()
        .map(|f| format!("{f}: "))
        .unwrap_or_default();
    let help = d
        .help
        .as_deref()
        .map(|h| format!(" (help: {h})"))
        .unwrap_or_default();
    format!(
        "{}[{}] {field}{}{help}",
        d.severity.as_str(),
        d.rule.id,
        d.message.replace('\n', " ")
    )
}

/// Build, render and lint. Nothing is printed here.
pub fn generate(
    args: &NewArgs,
    options: &LintOptions,
    lint_name: &str,
) -> Result<Generated, Failure> {
    let workload = match &args.from {
        Some(file) => Some(from::load(file, args.workload.as_deref()).map_err(Failure::Message)?),
        None => None,
    };
    let plan = build::plan(args, &options.settings, workload.as_ref())
        .map_err(|problems| Failure::Message(problems.join("\nerror: ")))?;
    let value = plan.to_value();
    let text = match args.format {
        NewFormat::Yaml => yaml::to_yaml(&value),
        NewFormat::Json => {
            let mut t = serde_json::to_string_pretty(&value)?;
            t.push('\n');
            t
        }
    };
    let mut texts = vec![(lint_name.to_string(), text.clone())];
    // Cross-object rules then check the selector and named targets against the Pods.
    if let Some(w) = &workload
        && let Some(wtext) = &w.text
    {
        let name = if w.file == lint_name {
            format!("{} (--from)", w.file)
        } else {
            w.file.clone()
        };
        texts.push((name, wtext.clone()));
    }
    let report = lint_texts(texts, options);
    let mine: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.name == lint_name)
        .collect();
    let errors: Vec<String> = mine
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("  {}", one_line(d)))
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Message(format!(
            "the generated Service does not pass `svcctl lint`, so nothing was printed or written; this is a bug in svcctl new (please report it with the command line):\n{}",
            errors.join("\n")
        )));
    }
    let mut notes = plan.notes;
    notes.extend(
        mine.iter()
            .filter(|d| d.severity != Severity::Error)
            .map(|d| one_line(d)),
    );
    Ok(Generated {
        text,
        display: format!("service/{}", plan.name),
        notes,
    })
}

/// Write or append atomically; refuse to clobber a file, or to append a Service that conflicts
/// with what the file already holds.
pub fn write_output(
    path: &Path,
    text: &str,
    args: &NewArgs,
    options: &LintOptions,
) -> Result<&'static str, Failure> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Failure::Message(format!("-o {shown}: is a directory")));
    }
    let exists = path.exists();
    if !args.append {
        if exists && !args.force {
            return Err(Failure::Message(format!(
                "{shown} already exists; use --force to overwrite it or --append to add the Service as another document"
            )));
        }
        crate::fsutil::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::Message(format!("{shown}: {e}")))?;
        return Ok(if exists { "overwrote" } else { "wrote" });
    }
    let existing = if exists {
        std::fs::read_to_string(path).map_err(|e| Failure::Message(format!("{shown}: {e}")))?
    } else {
        String::new()
    };
    let combined = append_document(&existing, text);
    // Only what the new document brings counts: problems the file already had are not ours. The
    // existing text is a prefix of the combined one, so an old finding keeps its span.
    let name = shown.to_string();
    let errors = |text: &str| {
        lint_texts(vec![(name.clone(), text.to_string())], options)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error && d.file.name == name)
            .collect::<Vec<_>>()
    };
    let old = errors(&existing);
    let before: Vec<(&str, usize, &str)> = old
        .iter()
        .map(|d| (d.rule.id, d.span.start, d.message.as_str()))
        .collect();
    let introduced: Vec<String> = errors(&combined)
        .iter()
        .filter(|d| !before.contains(&(d.rule.id, d.span.start, d.message.as_str())))
        .map(|d| {
            let at = d.start();
            format!("  {name}:{}:{}: {}", at.line, at.column, one_line(d))
        })
        .collect();
    if !introduced.is_empty() {
        return Err(Failure::Message(format!(
            "adding this Service to {shown} would make it invalid, so nothing was written:\n{}",
            introduced.join("\n")
        )));
    }
    crate::fsutil::write_atomic(path, combined.as_bytes())
        .map_err(|e| Failure::Message(format!("{shown}: {e}")))?;
    Ok(if exists { "appended" } else { "wrote" })
}

/// `existing`, then a `---` line unless the file is empty or already ends with one, then `doc`.
fn append_document(existing: &str, doc: &str) -> String {
    if existing.trim().is_empty() {
        return doc.to_string();
    }
    let mut out = existing.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let last = out
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if last.trim_end() != "---" {
        out.push_str("---\n");
    }
    out.push_str(doc);
    out
}

/// The command line of [`example_manifest`] for a type, e.g.
/// `svcctl new nodeport web --port 80:8080`.
pub fn example_command(kind: &str) -> Option<String> {
    let args = example_args(Kind::from_name(kind)?);
    Some(format!("svcctl new {}", args.join(" ")))
}

fn example_args(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::ExternalName => vec!["externalname", "db", "--external-name", "db.example.com"],
        // A headless Service does not remap ports: clients reach the Pods' port directly.
        Kind::Headless => vec!["headless", "web", "--port", "8080"],
        other => vec![other.as_str(), "web", "--port", "80:8080"],
    }
}

/// Exactly what `svcctl new <kind>` prints for a minimal, typical command line (see
/// [`example_command`]), for `svcctl explain`. `kind` is a type name as `svcctl new` takes it
/// (`clusterip`, `nodeport`, `loadbalancer`, `externalname`, `headless`, any case).
pub fn example_manifest(kind: &str) -> Option<String> {
    let kind = Kind::from_name(kind)?;
    let mut argv = example_args(kind);
    argv.push("--no-config");
    let command = NewArgs::augment_args(clap::Command::new("new").no_binary_name(true));
    let matches = command.try_get_matches_from(argv).ok()?;
    let args = NewArgs::from_arg_matches(&matches).ok()?;
    generate(&args, &LintOptions::default(), "<generated>")
        .ok()
        .map(|g| g.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_exist_for_every_type() {
        for kind in [
            "clusterip",
            "nodeport",
            "loadbalancer",
            "externalname",
            "headless",
            "NodePort",
        ] {
            let text = example_manifest(kind).unwrap_or_default();
            assert!(
                text.starts_with("apiVersion: v1\nkind: Service\n"),
                "{kind}: {text}"
            );
            assert!(example_command(kind).is_some());
        }
        assert!(example_manifest("ingress").is_none());
        assert!(
            example_manifest("externalname")
                .unwrap_or_default()
                .contains("externalName: db.example.com")
        );
    }

    #[test]
    fn appending_separates_documents_once() {
        assert_eq!(append_document("", "b: 1\n"), "b: 1\n");
        assert_eq!(append_document("a: 1", "b: 1\n"), "a: 1\n---\nb: 1\n");
        assert_eq!(
            append_document("a: 1\n---\n\n", "b: 1\n"),
            "a: 1\n---\n\nb: 1\n"
        );
    }
}
