use foldhash::{HashMap, HashSet};

use crate::lint::declare::declare_rule;
use crate::lint::index::{INDEX_PORTS_FROM, RunPart, Selected, Target, on_object};
use crate::lint::rules::path;
use crate::lint::text::quoted;
use crate::lint::{Finding, Rule, RunFinding};
use crate::model::decode::suggest;

declare_rule! {
    /// ## What it does
    /// Checks that a named `targetPort` is declared, with the same protocol, as a container port
    /// (`ports[].name`) by the workloads the Service selects: those in the same file, else in the
    /// same folder (workloads in other folders are not assumed to belong to it). Ports of init
    /// containers count (native sidecars serve traffic too).
    ///
    /// ## Why is this bad?
    /// A named targetPort is resolved in each Pod: the endpoints controller looks for a container
    /// port with that name and protocol. If no container declares it, the Pod is not an endpoint
    /// for that port and the Service sends that port's traffic nowhere, although the manifests
    /// apply without a word.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    ///     targetPort: htp
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         ports:
    ///         - name: http
    ///           containerPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   ports:
    ///   - port: 80
    ///     targetPort: http
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
    pub struct TargetPortNameNotFound {
        id: "target-port-name-not-found",
        code: "SVC051",
        category: CrossObject,
        severity: Error,
        summary: "a named targetPort that no selected container declares",
    }
}

impl Rule for TargetPortNameNotFound {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn checks_run_in_parts(&self) -> bool {
        true
    }

    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, svc) in part.services() {
            let Some(selected) = run.selected(svc) else {
                continue;
            };
            let Some(first) = selected.first() else {
                continue;
            };
            let declared = DeclaredNames::new(selected);
            for port in svc.ports() {
                let Some((Target::Named(name), span)) = port.target() else {
                    continue;
                };
                if declared.declares(name, port.protocol) {
                    continue;
                }
                let owners = if selected.len() == 1 {
                    format!("no container of {}", first.workload.object().display_name())
                } else {
                    format!("no container of the {} selected workloads", selected.len())
                };
                let mut message = format!(
                    "{owners} declares a port named {} with protocol {}",
                    quoted(name),
                    port.protocol
                );
                if let Some(protocol) = declared.protocol_of(name) {
                    message.push_str(&format!(
                        " (it is declared with protocol {protocol}; a named targetPort must match both)"
                    ));
                } else if let Some(s) = suggest(name, declared.names()) {
                    message.push_str(&format!("; did you mean {}?", quoted(&s)));
                }
                let finding = Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{}].targetPort", port.index)),
                    message,
                )
                .span(span)
                .help("use a port name the container declares, or name the container port so");
                let mut rf = on_object(fi, svc.object(), finding);
                let declared = if first.workload.ports.is_empty() {
                    "it declares no container ports".to_string()
                } else {
                    format!("it declares {}", first.workload.port_list())
                };
                rf.related.push((
                    first.file,
                    first.workload.name_span(),
                    format!("selected workload; {declared}"),
                ));
                out.push(rf);
            }
        }
    }
}

/// The named container ports of the workloads a Service selects, as its named targetPorts ask
/// about them: scanned when there are a few, as nearly always, and indexed once when there are
/// many, so that a Service with thousands of named targetPorts against a workload declaring
/// thousands of ports stays linear.
struct DeclaredNames<'s, 'a> {
    selected: &'s [Selected<'a>],
    index: Option<NameIndex<'s>>,
}

struct NameIndex<'s> {
    /// Every declared (name, protocol).
    pairs: HashSet<(&'s str, &'s str)>,
    /// The protocol each name is first declared with.
    first_protocol: HashMap<&'s str, &'s str>,
}

impl<'s, 'a> DeclaredNames<'s, 'a> {
    fn new(selected: &'s [Selected<'a>]) -> Self {
        let named = || {
            selected
                .iter()
                .flat_map(Selected::ports)
                .filter_map(|p| Some((p.name.as_deref()?, p.protocol.as_ref())))
        };
        let index = (named().nth(INDEX_PORTS_FROM).is_some()).then(|| {
            let mut first_protocol = HashMap::default();
            for (name, protocol) in named() {
                first_protocol.entry(name).or_insert(protocol);
            }
            NameIndex {
                pairs: named().collect(),
                first_protocol,
            }
        });
        DeclaredNames { selected, index }
    }

    /// Whether some container declares a port with this name and protocol: what a named
    /// targetPort resolves to (the endpoints controller compares both).
    fn declares(&self, name: &str, protocol: &str) -> bool {
        match &self.index {
            Some(index) => index.pairs.contains(&(name, protocol)),
            None => self
                .selected
                .iter()
                .any(|w| w.declares_name(name, protocol)),
        }
    }

    /// The protocol of the first container port with this name.
    fn protocol_of(&self, name: &str) -> Option<&str> {
        match &self.index {
            Some(index) => index.first_protocol.get(name).copied(),
            None => self
                .selected
                .iter()
                .flat_map(Selected::ports)
                .find(|p| p.name.as_deref() == Some(name))
                .map(|p| p.protocol.as_ref()),
        }
    }

    fn names(&self) -> impl Iterator<Item = &'s str> {
        self.selected
            .iter()
            .flat_map(Selected::ports)
            .filter_map(|p| p.name.as_deref())
    }
}
