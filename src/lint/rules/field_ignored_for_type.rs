use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags fields that the API server accepts on a Service of this type but that have no
    /// effect on it:
    /// - `externalName` on a type other than ExternalName (the API server warns `spec.externalName
    ///   is ignored when spec.type is not "ExternalName"`);
    /// - on an ExternalName Service: `externalIPs` (warned `spec.externalIPs is ignored when
    ///   spec.type is "ExternalName"`), `selector`, `nodePort`s, `sessionAffinity: ClientIP`,
    ///   `loadBalancerIP`, `publishNotReadyAddresses`;
    /// - `loadBalancerIP` on a ClusterIP (not headless) or NodePort Service.
    ///
    /// LoadBalancer-only fields that the API server rejects on other types are reported by
    /// `load-balancer-field-on-wrong-type`; traffic policies by
    /// `traffic-policy-contradicts-type`.
    ///
    /// ## Why is this bad?
    /// The field suggests a behaviour the Service does not have. Usually the `type` is not what
    /// the author meant (a forgotten `type: ExternalName` or `type: LoadBalancer`), or the field
    /// is left over from an earlier type.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   externalName: db.example.com
    ///   ports:
    ///   - port: 5432
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#externalname
    pub struct FieldIgnoredForType {
        id: "field-ignored-for-type",
        code: "SVC081",
        category: BestPractice,
        severity: Warning,
        summary: "a field that this Service type ignores",
        judges_the_type: true,
    }
}

impl Check for FieldIgnoredForType {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        let kind = svc.service_type();
        let type_name = match kind {
            ServiceType::ClusterIp => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
            ServiceType::Unknown => return,
        };
        let mut report = |field: String, message: String, help: &str| {
            out.push(Finding::at(&Self::META, path(&field), message).help(help.to_string()));
        };
        let load_balancer_ip = spec
            .load_balancer_ip
            .as_deref()
            .is_some_and(|ip| !ip.is_empty());
        if kind != ServiceType::ExternalName {
            if spec.external_name.as_deref().is_some_and(|n| !n.is_empty()) {
                report(
                    "spec.externalName".into(),
                    "spec.externalName is ignored when spec.type is not \"ExternalName\"".into(),
                    "set type: ExternalName if the Service should be a DNS alias, or remove externalName",
                );
            }
            // On a headless Service, ignored-on-headless says it in the API server's words.
            if load_balancer_ip && kind != ServiceType::LoadBalancer && !svc.is_headless() {
                report(
                    "spec.loadBalancerIP".into(),
                    format!(
                        "spec.loadBalancerIP is ignored when spec.type is {type_name:?}, not \"LoadBalancer\""
                    ),
                    "set type: LoadBalancer, or remove loadBalancerIP",
                );
            }
            return;
        }
        let ignored = |what: &str| format!("{what} is ignored when spec.type is \"ExternalName\"");
        if spec
            .external_ips
            .as_ref()
            .is_some_and(|ips| !ips.is_empty())
        {
            report(
                "spec.externalIPs".into(),
                ignored("spec.externalIPs"),
                "remove externalIPs; an ExternalName Service is only a DNS alias",
            );
        }
        if spec.selector.as_ref().is_some_and(|s| !s.is_empty()) {
            report(
                "spec.selector".into(),
                ignored("spec.selector"),
                "remove the selector, or use type ClusterIP to send traffic to the selected Pods",
            );
        }
        for (i, port) in svc.ports().iter().enumerate() {
            if port.node_port.is_some_and(|n| n != 0) {
                report(
                    format!("spec.ports[{i}].nodePort"),
                    ignored(&format!("spec.ports[{i}].nodePort")),
                    "remove nodePort; an ExternalName Service opens no port on the nodes",
                );
            }
        }
        if spec.session_affinity.as_deref() == Some("ClientIP") {
            report(
                "spec.sessionAffinity".into(),
                ignored("spec.sessionAffinity"),
                "remove sessionAffinity; DNS aliases have no affinity",
            );
        }
        if load_balancer_ip {
            report(
                "spec.loadBalancerIP".into(),
                ignored("spec.loadBalancerIP"),
                "remove loadBalancerIP",
            );
        }
        if spec.publish_not_ready_addresses == Some(true) {
            report(
                "spec.publishNotReadyAddresses".into(),
                ignored("spec.publishNotReadyAddresses"),
                "remove publishNotReadyAddresses; an ExternalName Service has no endpoints",
            );
        }
    }
}
