//! Which cluster, as whom, in which namespace: kubectl's rules. `--kubeconfig FILE`, else every
//! file listed in `KUBECONFIG` (merged, first one to set a value wins, missing files skipped, as
//! client-go does), else `~/.kube/config`, else the in-cluster service account. The context is
//! `--context` or the current-context; the namespace `--namespace`, else the context's, else
//! `default`.
//!
//! Nothing here prints credentials: errors name files, contexts and servers, never a token, a
//! key or kubeconfig contents (parse errors of a kubeconfig are reduced to "not valid YAML" on
//! purpose, since the offending line may hold a secret).

use std::path::{Path, PathBuf};
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use kube::{Client, Config};

use super::Connection;
use crate::error::Failure;

/// A connected client and what it was resolved from.
pub struct Cluster {
    pub client: Client,
    /// The namespace for objects without one.
    pub namespace: String,
    /// `context "kind-kind"`, or `the in-cluster service account`: for messages.
    pub context: String,
    /// The API server URL, without any user info: for messages.
    pub server: String,
    pub timeout: Duration,
}

/// A kubeconfig as read, and where from (for messages).
pub struct Loaded {
    pub kubeconfig: Kubeconfig,
    pub origin: String,
}

/// Read the kubeconfig kubectl would read. `Ok(None)`: there is none at all.
pub fn load(explicit: Option<&Path>) -> Result<Option<Loaded>, Failure> {
    if let Some(path) = explicit {
        if !path.is_file() {
            return Err(Failure::Message(format!(
                "kubeconfig {} does not exist (--kubeconfig)",
                path.display()
            )));
        }
        let kubeconfig = read_file(path)?;
        return Ok(Some(Loaded {
            kubeconfig,
            origin: path.display().to_string(),
        }));
    }
    if let Some(list) = std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
        let paths: Vec<PathBuf> = std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        let present: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
        if present.is_empty() {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Failure::Message(format!(
                "no kubeconfig: none of the files in KUBECONFIG exists ({}); fix KUBECONFIG or pass \
                 --kubeconfig FILE",
                names.join(", ")
            )));
        }
        let mut merged = Kubeconfig::default();
        for path in &present {
            merged = merged.merge(read_file(path)?).map_err(|e| {
                Failure::Message(format!("cannot merge the files in KUBECONFIG: {e}"))
            })?;
        }
        let origin = present
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Ok(Some(Loaded {
            kubeconfig: merged,
            origin,
        }));
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
    if let Some(path) = home.map(|h| PathBuf::from(h).join(".kube").join("config"))
        && path.is_file()
    {
        let kubeconfig = read_file(&path)?;
        return Ok(Some(Loaded {
            kubeconfig,
            origin: path.display().to_string(),
        }));
    }
    Ok(None)
}

fn read_file(path: &Path) -> Result<Kubeconfig, Failure> {
    Kubeconfig::read_from(path).map_err(|e| match e {
        KubeconfigError::ReadConfig(io, _) => {
            Failure::Message(format!("cannot read kubeconfig {}: {io}", path.display()))
        }
        // The parser's message quotes the offending text, which may be a token.
        KubeconfigError::Parse(_) => Failure::Message(format!(
            "kubeconfig {} is not a valid kubeconfig (YAML)",
            path.display()
        )),
        other => Failure::Message(format!("kubeconfig {}: {other}", path.display())),
    })
}

/// The context to use and its namespace (`default` when it names none).
pub fn context_of(loaded: &Loaded, wanted: Option<&str>) -> Result<(String, String), Failure> {
    let kc = &loaded.kubeconfig;
    let available = || {
        let names: Vec<&str> = kc.contexts.iter().map(|c| c.name.as_str()).collect();
        if names.is_empty() {
            "it has no contexts".to_string()
        } else {
            format!("contexts: {}", names.join(", "))
        }
    };
    let name = match wanted.or(kc.current_context.as_deref().filter(|c| !c.is_empty())) {
        Some(name) => name.to_string(),
        None => {
            return Err(Failure::Message(format!(
                "the kubeconfig ({}) sets no current-context; pass --context NAME ({})",
                loaded.origin,
                available()
            )));
        }
    };
    let Some(context) = kc.contexts.iter().find(|c| c.name == name) else {
        return Err(Failure::Message(format!(
            "context {name:?} is not in the kubeconfig ({}; {})",
            loaded.origin,
            available()
        )));
    };
    let namespace = context
        .context
        .as_ref()
        .and_then(|c| c.namespace.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_string());
    Ok((name, namespace))
}

/// The namespace for objects without one, when no server is contacted (`--dry-run=client`):
/// `--namespace`, else the context's if a kubeconfig can be read, else `default`.
pub fn offline_namespace(args: &Connection) -> String {
    if let Some(ns) = &args.namespace {
        return ns.clone();
    }
    load(args.kubeconfig.as_deref())
        .ok()
        .flatten()
        .and_then(|loaded| context_of(&loaded, args.context.as_deref()).ok())
        .map(|(_, ns)| ns)
        .unwrap_or_else(|| "default".to_string())
}

/// Resolve everything and build the client. No request is sent yet.
pub async fn connect(args: &Connection) -> Result<Cluster, Failure> {
    let (mut config, context, namespace) = match load(args.kubeconfig.as_deref())? {
        Some(loaded) => {
            let (context, namespace) = context_of(&loaded, args.context.as_deref())?;
            let options = KubeConfigOptions {
                context: Some(context.clone()),
                ..KubeConfigOptions::default()
            };
            let config = Config::from_custom_kubeconfig(loaded.kubeconfig, &options)
                .await
                .map_err(|e| config_failure(&context, e))?;
            (config, format!("context {context:?}"), namespace)
        }
        None if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() => {
            if args.context.is_some() {
                return Err(Failure::Message(
                    "--context needs a kubeconfig, and none was found (KUBECONFIG, \
                     ~/.kube/config); pass --kubeconfig FILE"
                        .into(),
                ));
            }
            let config = Config::incluster().map_err(|e| {
                Failure::Message(format!(
                    "no kubeconfig, and the in-cluster service account is unusable: {e}"
                ))
            })?;
            let namespace = config.default_namespace.clone();
            (
                config,
                "the in-cluster service account".to_string(),
                namespace,
            )
        }
        None => {
            return Err(Failure::Message(
                "no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create \
                 ~/.kube/config (kind, minikube and cloud CLIs write one)"
                    .into(),
            ));
        }
    };
    let namespace = args.namespace.clone().unwrap_or(namespace);
    // Only the connect timeout goes to the client: a read timeout there would race svcctl's own
    // per-request timeout (`--timeout`, which also covers credential plugins) and turn "the
    // server did not answer" into a vaguer transport error.
    config.connect_timeout = Some(args.timeout);
    let server = display_url(&config.cluster_url.to_string());
    let client = Client::try_from(config).map_err(|e| {
        Failure::Message(format!(
            "cannot set up a connection to {server} ({context}): {}",
            super::status::chain(&e)
        ))
    })?;
    Ok(Cluster {
        client,
        namespace,
        context,
        server,
        timeout: args.timeout,
    })
}

fn config_failure(context: &str, e: KubeconfigError) -> Failure {
    let detail = match &e {
        KubeconfigError::LoadClusterOfContext(cluster) => {
            format!("its cluster {cluster:?} is not in the kubeconfig")
        }
        KubeconfigError::LoadContext(_) => "it is not in the kubeconfig".to_string(),
        KubeconfigError::MissingClusterUrl => "its cluster has no server URL".to_string(),
        KubeconfigError::ParseClusterUrl(_) => "its cluster's server URL is not a URL".to_string(),
        // These wrap base64 or file errors, which name files but not contents.
        other => other.to_string(),
    };
    Failure::Message(format!("context {context:?} cannot be used: {detail}"))
}

/// The server URL without user info or path (`https://user:pass@host` would print a password).
fn display_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(yaml: &str) -> Loaded {
        Loaded {
            kubeconfig: Kubeconfig::from_yaml(yaml).unwrap(),
            origin: "test".into(),
        }
    }

    const TWO_CONTEXTS: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://h:6443\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: a\n  context:\n    cluster: c\n    user: u\n    namespace: shop\n- name: b\n  context:\n    cluster: c\n    user: u\ncurrent-context: a\n";

    #[test]
    fn context_and_namespace_follow_kubectl() {
        let l = loaded(TWO_CONTEXTS);
        assert_eq!(context_of(&l, None).unwrap(), ("a".into(), "shop".into()));
        assert_eq!(
            context_of(&l, Some("b")).unwrap(),
            ("b".into(), "default".into())
        );
        let err = context_of(&l, Some("nope")).err().unwrap().to_string();
        assert_eq!(
            err,
            "context \"nope\" is not in the kubeconfig (test; contexts: a, b)"
        );
    }

    #[test]
    fn no_current_context_is_explained() {
        let l = loaded(&TWO_CONTEXTS.replace("current-context: a\n", ""));
        let err = context_of(&l, None).err().unwrap().to_string();
        assert!(err.contains("sets no current-context; pass --context NAME (contexts: a, b)"));
    }

    #[test]
    fn urls_lose_their_user_info() {
        assert_eq!(
            display_url("https://admin:secret@example.com:6443/"),
            "https://example.com:6443"
        );
        assert_eq!(
            display_url("http://127.0.0.1:1234/"),
            "http://127.0.0.1:1234"
        );
    }
}
