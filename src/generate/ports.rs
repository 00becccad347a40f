//! Port arguments: `--port PORT[:TARGET][/PROTOCOL]`, `--target`, `--node-port`, and the names
//! generated ports get (`http`, `dns-udp`, `port-8081`).

use thiserror::Error;

use crate::k8s::text::{PORT_RANGE_MSG, iana_svc_name};

/// Why a port argument was refused; `svcctl new` puts the flag and value in front.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PortError {
    #[error("{what} {text:?} is not a number")]
    NotANumber { what: &'static str, text: String },
    #[error("{what} {range}", range = PORT_RANGE_MSG)]
    OutOfRange { what: &'static str },
    #[error("the target port {text:?} is neither a number nor a valid port name: {}{hint}", .errors.join("; "))]
    BadTargetName {
        text: String,
        /// The API server's complaints about it as a port name.
        errors: Vec<String>,
        /// ` (did you mean "https"?)` when its lowercase form is a valid name, else empty.
        hint: String,
    },
    #[error("Unsupported value: {text:?}: supported values: \"SCTP\", \"TCP\", \"UDP\"{hint}")]
    UnsupportedProtocol {
        text: String,
        /// Where it names an application protocol, which flag takes it; else empty.
        hint: String,
    },
    #[error("an empty --port; write PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080 or 53:53/UDP")]
    EmptyPort,
    #[error("an empty TARGET after `:`; write PORT:TARGET, e.g. 80:8080 or 443:https")]
    EmptyTarget,
    #[error(
        "--node-port {text:?} is not a number; give a port in the cluster's NodePort range, or `auto`"
    )]
    NodePortNotANumber { text: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }

    /// Any case in; the API server itself accepts only the canonical upper case.
    pub fn parse(s: &str) -> Option<Protocol> {
        match s.to_ascii_uppercase().as_str() {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            "SCTP" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

/// Where a Service port sends traffic in its Pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Number(u16),
    Name(String),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Number(n) => write!(f, "{n}"),
            Target::Name(n) => f.write_str(n),
        }
    }
}

/// One `--port` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub port: u16,
    pub target: Option<Target>,
    pub protocol: Protocol,
}

fn port_number(text: &str, what: &'static str) -> Result<u16, PortError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortError::NotANumber {
            what,
            text: text.to_string(),
        });
    }
    text.parse::<u32>()
        .ok()
        .filter(|n| (1..=65535).contains(n))
        .and_then(|n| u16::try_from(n).ok())
        .ok_or(PortError::OutOfRange { what })
}

/// A target port: a number, or the name of a container port (an IANA service name).
pub fn parse_target(text: &str) -> Result<Target, PortError> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return port_number(text, "the target port").map(Target::Number);
    }
    let errors = iana_svc_name(text);
    if errors.is_empty() {
        return Ok(Target::Name(text.to_string()));
    }
    let lower = text.to_ascii_lowercase();
    let hint = if lower != text && iana_svc_name(&lower).is_empty() {
        format!(" (did you mean {lower:?}?)")
    } else {
        String::new()
    };
    Err(PortError::BadTargetName {
        text: text.to_string(),
        errors,
        hint,
    })
}

fn parse_protocol(text: &str) -> Result<Protocol, PortError> {
    Protocol::parse(text).ok_or_else(|| {
        let hint = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            format!(
                " ({text} is an application protocol: use TCP here and --app-protocol {})",
                text.to_ascii_lowercase()
            )
        } else {
            String::new()
        };
        PortError::UnsupportedProtocol {
            text: text.to_string(),
            hint,
        }
    })
}

/// `80`, `80:8080`, `53:53/UDP`, `443:https`, `53/udp`.
pub fn parse_port_spec(text: &str) -> Result<PortSpec, PortError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PortError::EmptyPort);
    }
    let (head, protocol) = match text.split_once('/') {
        Some((head, proto)) => (head, parse_protocol(proto)?),
        None => (text, Protocol::Tcp),
    };
    let (port, target) = match head.split_once(':') {
        Some((port, target)) => (port, Some(target)),
        None => (head, None),
    };
    let port = port_number(port, "port")?;
    let target = match target {
        None => None,
        Some("") => {
            return Err(PortError::EmptyTarget);
        }
        Some(t) => Some(parse_target(t)?),
    };
    Ok(PortSpec {
        port,
        target,
        protocol,
    })
}

/// A `--node-port` value: a number, or `auto` (also `0`) to let the cluster choose.
pub fn parse_node_port(text: &str) -> Result<Option<i64>, PortError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("auto") || t == "0" {
        return Ok(None);
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PortError::NodePortNotANumber {
            text: text.to_string(),
        });
    }
    // Anything too long for i64 is out of every range anyway.
    Ok(Some(t.parse::<i64>().unwrap_or(i64::MAX)))
}

/// The names ports commonly carry, by service port number. Every name is a valid IANA service
/// name, so it also works as a container port name and a named targetPort.
const WELL_KNOWN: &[(u16, &str)] = &[
    (21, "ftp"),
    (22, "ssh"),
    (25, "smtp"),
    (53, "dns"),
    (80, "http"),
    (110, "pop3"),
    (123, "ntp"),
    (143, "imap"),
    (389, "ldap"),
    (443, "https"),
    (465, "smtps"),
    (587, "submission"),
    (636, "ldaps"),
    (853, "dns-tls"),
    (993, "imaps"),
    (995, "pop3s"),
    (1433, "mssql"),
    (1521, "oracle"),
    (1883, "mqtt"),
    (2049, "nfs"),
    (2379, "etcd-client"),
    (2380, "etcd-peer"),
    (3306, "mysql"),
    (4317, "otlp-grpc"),
    (4318, "otlp-http"),
    (5432, "postgres"),
    (5672, "amqp"),
    (6379, "redis"),
    (8080, "http-alt"),
    (8443, "https-alt"),
    (8883, "mqtts"),
    (9042, "cql"),
    (9090, "metrics"),
    (9092, "kafka"),
    (9100, "metrics"),
    (9200, "elasticsearch"),
    (11211, "memcached"),
    (27017, "mongodb"),
    (50051, "grpc"),
];

pub fn well_known_name(port: u16) -> Option<&'static str> {
    WELL_KNOWN.iter().find(|(p, _)| *p == port).map(|(_, n)| *n)
}

/// What naming needs to know about one port.
pub struct NameInput<'a> {
    pub port: u16,
    pub protocol: Protocol,
    /// A name the user gave with --port-name: used as is.
    pub explicit: Option<&'a str>,
    /// A better name than the well-known one: the named target, or the workload's name for it.
    pub preferred: Option<&'a str>,
}

/// Names for several ports: the preferred name, else the well-known one, else `port-<n>`; a
/// protocol suffix when the same number is exposed with several protocols (`dns-udp`,
/// `dns-tcp`); `port-<n>` when a name is already taken.
pub fn assign_names(ports: &[NameInput<'_>]) -> Vec<String> {
    let mut used: Vec<String> = ports
        .iter()
        .filter_map(|p| p.explicit.map(str::to_string))
        .collect();
    let mut names = Vec::with_capacity(ports.len());
    for p in ports {
        if let Some(name) = p.explicit {
            names.push(name.to_string());
            continue;
        }
        let multi_protocol = ports
            .iter()
            .any(|q| q.port == p.port && q.protocol != p.protocol);
        let with_suffix = |base: &str| {
            if multi_protocol {
                format!("{base}-{}", p.protocol.suffix())
            } else {
                base.to_string()
            }
        };
        let fallback = with_suffix(&format!("port-{}", p.port));
        let candidates = [
            p.preferred.map(with_suffix),
            well_known_name(p.port).map(with_suffix),
            Some(fallback.clone()),
        ];
        let chosen = candidates
            .into_iter()
            .flatten()
            .find(|c| !used.contains(c) && crate::k8s::text::dns1123_label(c).is_empty())
            .unwrap_or_else(|| {
                (2..)
                    .map(|i| format!("{fallback}-{i}"))
                    .find(|c| !used.contains(c))
                    .unwrap_or(fallback)
            });
        used.push(chosen.clone());
        names.push(chosen);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        assert_eq!(
            parse_port_spec("80").unwrap(),
            PortSpec {
                port: 80,
                target: None,
                protocol: Protocol::Tcp
            }
        );
        assert_eq!(
            parse_port_spec("53:53/udp").unwrap(),
            PortSpec {
                port: 53,
                target: Some(Target::Number(53)),
                protocol: Protocol::Udp
            }
        );
        assert_eq!(
            parse_port_spec("443:https").unwrap().target,
            Some(Target::Name("https".into()))
        );
        assert_eq!(
            parse_port_spec("9000/SCTP").unwrap().protocol,
            Protocol::Sctp
        );
        assert!(
            parse_port_spec("0")
                .unwrap_err()
                .to_string()
                .contains("between 1 and 65535")
        );
        assert!(
            parse_port_spec("65536")
                .unwrap_err()
                .to_string()
                .contains("between 1 and 65535")
        );
        assert!(
            parse_port_spec("80:0")
                .unwrap_err()
                .to_string()
                .contains("between 1 and 65535")
        );
        assert!(
            parse_port_spec("http")
                .unwrap_err()
                .to_string()
                .contains("not a number")
        );
        assert!(
            parse_port_spec("80:HTTPS")
                .unwrap_err()
                .to_string()
                .contains("did you mean \"https\"")
        );
        assert!(
            parse_port_spec("80/HTTP")
                .unwrap_err()
                .to_string()
                .contains("--app-protocol http")
        );
        assert!(parse_port_spec("80:").is_err());
        assert!(parse_port_spec("").is_err());
    }

    #[test]
    fn node_ports() {
        assert_eq!(parse_node_port("auto").unwrap(), None);
        assert_eq!(parse_node_port("0").unwrap(), None);
        assert_eq!(parse_node_port("30007").unwrap(), Some(30007));
        assert_eq!(parse_node_port("-1").unwrap(), Some(-1));
        assert_eq!(
            parse_node_port("99999999999999999999").unwrap(),
            Some(i64::MAX)
        );
        assert!(parse_node_port("x").is_err());
    }

    fn input(port: u16, protocol: Protocol) -> NameInput<'static> {
        NameInput {
            port,
            protocol,
            explicit: None,
            preferred: None,
        }
    }

    #[test]
    fn names() {
        let names = assign_names(&[
            input(53, Protocol::Udp),
            input(53, Protocol::Tcp),
            input(80, Protocol::Tcp),
            input(8081, Protocol::Tcp),
            input(9090, Protocol::Tcp),
            input(9100, Protocol::Tcp),
        ]);
        assert_eq!(
            names,
            [
                "dns-udp",
                "dns-tcp",
                "http",
                "port-8081",
                "metrics",
                "port-9100"
            ]
        );
        let names = assign_names(&[
            NameInput {
                explicit: Some("http"),
                ..input(8080, Protocol::Tcp)
            },
            input(80, Protocol::Tcp),
            NameInput {
                preferred: Some("admin"),
                ..input(443, Protocol::Tcp)
            },
        ]);
        assert_eq!(names, ["http", "port-80", "admin"]);
    }
}
