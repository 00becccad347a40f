//! What the server knows besides the open documents: the workspace's YAML files (read once at
//! `initialize`, then kept current from what the editor says), and the lint settings, from the
//! workspace's `.svcctl.yaml` overlaid by the client's settings (`svcctl.nodePortRange`, …), as
//! command-line flags overlay the file for `svcctl lint`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::{self, Config};
use crate::k8s::settings::{KubeVersion, PortRange, parse_cidrs, parse_families};
use crate::lint::{LintOptions, RuleSelection};

/// Files the first scan reads at most, and the largest it reads: a workspace that is a whole
/// monorepo must not stall `initialize` or fill memory.
const MAX_FILES: usize = 20_000;
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;

/// The workspace's manifests on disk, by path.
#[derive(Debug, Default)]
pub struct Files {
    pub by_path: BTreeMap<PathBuf, String>,
}

pub fn is_manifest_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["yaml", "yml", "json"].contains(&e.to_ascii_lowercase().as_str()))
}

impl Files {
    /// Read the YAML and JSON files under `root`, honouring `.gitignore` as `svcctl lint` does.
    pub fn scan(root: &Path) -> Files {
        let mut by_path = BTreeMap::new();
        let mut total = 0;
        let walk = ignore::WalkBuilder::new(root).follow_links(false).build();
        for entry in walk.flatten() {
            if by_path.len() >= MAX_FILES || total >= MAX_TOTAL_BYTES {
                break;
            }
            let path = entry.path();
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE_BYTES);
            if small
                && is_manifest_path(path)
                && let Ok(text) = std::fs::read_to_string(path)
            {
                total += text.len();
                by_path.insert(path.to_path_buf(), text);
            }
        }
        Files { by_path }
    }

    /// Read one file again (after a save, or a change the editor saw on disk).
    pub fn refresh(&mut self, path: &Path) {
        if !is_manifest_path(path) {
            return;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => {
                self.by_path.insert(path.to_path_buf(), text);
            }
            Err(_) => {
                self.by_path.remove(path);
            }
        }
    }

    /// The files of one folder: what `svcctl lint` pairs objects across.
    pub fn in_folder<'a>(
        &'a self,
        folder: &'a Path,
    ) -> impl Iterator<Item = (&'a PathBuf, &'a String)> {
        self.by_path
            .range(folder.to_path_buf()..)
            .take_while(move |(p, _)| p.starts_with(folder))
            .filter(move |(p, _)| p.parent() == Some(folder))
    }
}

/// The cluster settings and rule selection a client may set (all optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientSettings {
    pub node_port_range: Option<String>,
    pub service_cidr: Option<String>,
    pub ip_families: Option<String>,
    pub kube_version: Option<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl ClientSettings {
    /// From `initializationOptions` or `workspace/didChangeConfiguration`'s settings: either
    /// `{"svcctl": {"nodePortRange": …}}`, the same object unwrapped, or flat
    /// `{"svcctl.nodePortRange": …}` keys (how VS Code writes settings.json).
    pub fn from_json(value: &Value) -> ClientSettings {
        let nested = value.get("svcctl").unwrap_or(value);
        let get = |name: &str| {
            nested
                .get(name)
                .or_else(|| value.get(format!("svcctl.{name}")))
                .filter(|v| !v.is_null())
        };
        let text = |name: &str| {
            get(name).map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            })
        };
        let list = |name: &str| {
            text(name)
                .map(|s| {
                    s.split(',')
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        ClientSettings {
            node_port_range: text("nodePortRange"),
            service_cidr: text("serviceCidr"),
            ip_families: text("ipFamilies"),
            kube_version: text("kubeVersion"),
            select: list("select"),
            ignore: list("ignore"),
        }
    }
}

/// The lint options: defaults, then `.svcctl.yaml`, then the client's settings. Problems are
/// returned as words for the user; what could be read still applies.
pub fn lint_options(config: &Config, client: &ClientSettings) -> (LintOptions, Vec<String>) {
    let mut problems = Vec::new();
    let mut settings = config.settings();
    if let Some(r) = &client.node_port_range {
        match r.parse::<PortRange>() {
            Ok(r) => settings.node_port_range = r,
            Err(e) => problems.push(format!("svcctl.nodePortRange: {e}")),
        }
    }
    if let Some(c) = &client.service_cidr {
        match parse_cidrs(c) {
            Ok(c) => settings.service_cidrs = Some(c),
            Err(e) => problems.push(format!("svcctl.serviceCidr: {e}")),
        }
    }
    if let Some(f) = &client.ip_families {
        match parse_families(f) {
            Ok(f) => settings.ip_families = Some(f),
            Err(e) => problems.push(format!("svcctl.ipFamilies: {e}")),
        }
    }
    if let Some(v) = &client.kube_version {
        match v.parse::<KubeVersion>() {
            Ok(v) => {
                settings.kube_version = v;
                settings.kube_version_given = true;
            }
            Err(e) => problems.push(format!("svcctl.kubeVersion: {e}")),
        }
    }
    let mut selection = RuleSelection::default();
    for (rule, severity) in &config.rules {
        if let Err(e) = selection.configure(rule, *severity) {
            problems.push(e.to_string());
        }
    }
    let select = if client.select.is_empty() {
        &config.select
    } else {
        &client.select
    };
    for result in [
        selection.select(select),
        selection.ignore(&config.ignore),
        selection.ignore(&client.ignore),
    ] {
        if let Err(e) = result {
            problems.push(e.to_string());
        }
    }
    let mut options = LintOptions {
        settings,
        selection,
        // Kustomizations are built by `svcctl lint` over paths; the editor lints texts.
        kustomize: false,
        ..LintOptions::default()
    };
    if let Some(size) = config.max_file_size {
        options.max_file_size = size;
    }
    (options, problems)
}

/// The workspace's `.svcctl.yaml` (found upward from the root, as `svcctl lint` finds it from
/// the working folder), or the defaults with the reason it could not be read.
pub fn load_config(root: Option<&Path>) -> (Config, Option<String>) {
    match root.and_then(config::discover) {
        Some(path) => match config::load(&path) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e.to_string())),
        },
        None => (Config::default(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_settings_are_read_nested_flat_or_bare() {
        let expected = ClientSettings {
            node_port_range: Some("20000-20100".into()),
            ip_families: Some("IPv4,IPv6".into()),
            ignore: vec!["SVC001".into(), "externalips".into()],
            ..ClientSettings::default()
        };
        let nested = json!({"svcctl": {"nodePortRange": "20000-20100", "ipFamilies": ["IPv4", "IPv6"], "ignore": "SVC001, externalips"}});
        let flat = json!({"svcctl.nodePortRange": "20000-20100", "svcctl.ipFamilies": "IPv4,IPv6", "svcctl.ignore": ["SVC001", "externalips"]});
        assert_eq!(ClientSettings::from_json(&nested), expected);
        assert_eq!(ClientSettings::from_json(&flat), expected);
        assert_eq!(ClientSettings::from_json(&nested["svcctl"]), expected);
    }

    #[test]
    fn client_settings_overlay_the_config_file_and_bad_ones_are_reported() {
        let config = config::parse(
            ".svcctl.yaml",
            "node-port-range: 30000-30100\nkube-version: '1.33'\n",
        )
        .unwrap();
        let (options, problems) = lint_options(&config, &ClientSettings::default());
        assert!(problems.is_empty());
        assert!(options.settings.node_port_range.contains(30100));
        assert!(!options.settings.node_port_range.contains(30101));
        let client = ClientSettings {
            node_port_range: Some("40000-40010".into()),
            kube_version: Some("one".into()),
            ..ClientSettings::default()
        };
        let (options, problems) = lint_options(&config, &client);
        assert!(options.settings.node_port_range.contains(40010));
        assert_eq!(options.settings.kube_version.minor, 33);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("svcctl.kubeVersion: "),
            "{problems:?}"
        );
    }
}
