//! `.svcctl.yaml`: the cluster settings and rule severities of a repository, found upward from the
//! working folder (or given with `--config`). Read with svcctl's own spanned YAML parser, so an
//! unknown or malformed key is reported at its exact line and column.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::k8s::net::{Cidr, Family};
use crate::k8s::settings::{
    KubeVersion, PortRange, SettingError, Settings, parse_cidrs, parse_families,
};
use crate::lint::{Severity, selection::resolve_selector};
use crate::model::decode::suggest;
use crate::model::source::SourceFile;
use crate::model::yaml::{Limits, Node, parse_stream};

pub const FILE_NAMES: &[&str] = &[".svcctl.yaml", ".svcctl.yml"];
const KEYS: &[&str] = &[
    "node-port-range",
    "service-cidr",
    "ip-families",
    "kube-version",
    "rules",
    "select",
    "ignore",
    "max-file-size",
];

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// What a config file sets; `None` leaves the default (or the command line) in charge.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub node_port_range: Option<PortRange>,
    pub service_cidrs: Option<Vec<Cidr>>,
    pub ip_families: Option<Vec<Family>>,
    pub kube_version: Option<KubeVersion>,
    /// Rule (or category) → severity; `None` is `off`.
    pub rules: Vec<(String, Option<Severity>)>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub max_file_size: Option<u64>,
}

impl Config {
    /// The cluster settings: the defaults with what this file sets (flags or an editor's
    /// settings may override them after).
    pub fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        if let Some(r) = self.node_port_range {
            settings.node_port_range = r;
        }
        settings.service_cidrs = self.service_cidrs.clone();
        settings.ip_families = self.ip_families.clone();
        if let Some(v) = self.kube_version {
            settings.kube_version = v;
            settings.kube_version_given = true;
        }
        settings
    }
}

/// The nearest `.svcctl.yaml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    parse(&name, &text).map(|mut c| {
        c.path = Some(path.to_path_buf());
        c
    })
}

/// A list written as a YAML sequence or as a comma-separated string.
fn list(node: &Node) -> Option<Vec<String>> {
    if let Some(items) = node.as_seq() {
        return items
            .iter()
            .map(|i| i.scalar_text().map(str::to_string))
            .collect();
    }
    node.scalar_text().map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    })
}

pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
    let source = SourceFile::new(name, text);
    let invalid = |offset: usize, message: String| {
        let p = source.position(offset);
        ConfigError::Invalid {
            path: name.to_string(),
            line: p.line,
            column: p.column,
            message,
        }
    };
    let stream = parse_stream(text, Limits::default());
    if let Some(e) = stream.errors.first() {
        return Err(invalid(e.span.start, e.message.clone()));
    }
    let mut config = Config::default();
    let Some(root) = stream.documents.first().and_then(|d| d.root.as_ref()) else {
        return Ok(config);
    };
    let Some(entries) = root.as_map() else {
        return Err(invalid(
            root.span.start,
            "the config must be a mapping of settings".into(),
        ));
    };
    for entry in entries {
        let key = entry.key.scalar_text().unwrap_or("");
        let value = &entry.value;
        let at_value = |message: String| invalid(value.span.start, message);
        match key {
            "node-port-range" => {
                config.node_port_range = Some(
                    value
                        .scalar_text()
                        .unwrap_or("")
                        .parse()
                        .map_err(|e: SettingError| at_value(e.to_string()))?,
                );
            }
            "service-cidr" => {
                let joined = list(value).unwrap_or_default().join(",");
                config.service_cidrs =
                    Some(parse_cidrs(&joined).map_err(|e| at_value(e.to_string()))?);
            }
            "ip-families" => {
                let joined = list(value).unwrap_or_default().join(",");
                config.ip_families =
                    Some(parse_families(&joined).map_err(|e| at_value(e.to_string()))?);
            }
            "kube-version" => {
                config.kube_version = Some(
                    value
                        .scalar_text()
                        .unwrap_or("")
                        .parse()
                        .map_err(|e: SettingError| at_value(e.to_string()))?,
                );
            }
            "max-file-size" => {
                config.max_file_size = Some(
                    value
                        .scalar_text()
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(|| at_value("max-file-size takes a number of bytes".into()))?,
                );
            }
            "select" | "ignore" => {
                let items = list(value).ok_or_else(|| {
                    at_value(format!(
                        "`{key}` takes a list of rule ids, codes or categories"
                    ))
                })?;
                for item in &items {
                    resolve_selector(item).map_err(|e| at_value(e.to_string()))?;
                }
                if key == "select" {
                    config.select = items;
                } else {
                    config.ignore = items;
                }
            }
            "rules" => {
                let Some(rules) = value.as_map() else {
                    return Err(at_value(
                        "`rules` maps rule ids to error, warning, info or off".into(),
                    ));
                };
                for rule in rules {
                    let id = rule.key.scalar_text().unwrap_or("");
                    resolve_selector(id)
                        .map_err(|e| invalid(rule.key.span.start, e.to_string()))?;
                    // `off` is a YAML 1.1 boolean; read the text as written.
                    let text = rule.value.scalar_text().unwrap_or("");
                    let severity = match text {
                        "off" | "false" => None,
                        other => Some(Severity::parse(other).ok_or_else(|| {
                            invalid(
                                rule.value.span.start,
                                format!(
                                    "`{other}` is not a severity: use error, warning, info or off"
                                ),
                            )
                        })?),
                    };
                    config.rules.push((id.to_string(), severity));
                }
            }
            other => {
                let hint = suggest(other, KEYS.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(invalid(
                    entry.key.span.start,
                    format!(
                        "unknown key `{other}`{hint} (known keys: {})",
                        KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_rules() {
        let c = parse(
            ".svcctl.yaml",
            "node-port-range: 20000-22767\nservice-cidr: [10.96.0.0/12]\nip-families: IPv4\nkube-version: \"1.35\"\nrules:\n  external-ips: off\n  node-port-exposed: warning\n",
        )
        .unwrap();
        assert_eq!(c.node_port_range.unwrap().first, 20000);
        assert_eq!(c.kube_version.unwrap().minor, 35);
        assert_eq!(c.rules.len(), 2);
        assert_eq!(c.rules[0].1, None);
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let err = parse(".svcctl.yaml", "kube-version: \"1.36\"\nrulez: {}\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            ".svcctl.yaml:2:1: unknown key `rulez`; did you mean `rules`? (known keys: node-port-range, service-cidr, ip-families, kube-version, rules, select, ignore, max-file-size)"
        );
        let err = parse(".svcctl.yaml", "rules:\n  no-such-rule: off\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with(".svcctl.yaml:2:3: unknown rule")
        );
    }
}
