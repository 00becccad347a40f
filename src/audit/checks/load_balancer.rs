//! SVC106 and SVC107: a LoadBalancer that has no address after a while, or whose class nothing
//! serves.

use std::collections::HashSet;

use crate::audit::snapshot::{ServedClasses, Snapshot};
use crate::audit::{AuditFinding, Context};
use crate::lint::rules::load_balancer_class_unserved::LoadBalancerClassUnserved;
use crate::lint::rules::load_balancer_pending::LoadBalancerPending;

pub fn check(snap: &Snapshot, cx: &Context, out: &mut Vec<AuditFinding>) {
    let listed: HashSet<&str>;
    let served: Option<&dyn Fn(&str) -> bool> = match &snap.served_classes {
        ServedClasses::FromListed => {
            listed = snap
                .services
                .iter()
                .filter(|s| s.kind == "LoadBalancer" && s.load_balancer_ingress > 0)
                .filter_map(|s| s.load_balancer_class.as_deref())
                .collect();
            Some(&|class| listed.contains(class))
        }
        ServedClasses::Cluster(classes) => Some(&|class| classes.contains(class)),
        ServedClasses::Unknown => None,
    };
    for svc in snap
        .services
        .iter()
        .filter(|s| s.kind == "LoadBalancer" && s.load_balancer_ingress == 0)
    {
        if let Some(class) = svc.load_balancer_class.as_deref()
            && served.is_some_and(|served| !served(class))
        {
            out.push(
                AuditFinding::service(
                    &LoadBalancerClassUnserved::META,
                    svc,
                    format!(
                        "loadBalancerClass {class:?} is served by nothing: no LoadBalancer Service of that class has an address, so this one will stay <pending>"
                    ),
                )
                .field("spec.loadBalancerClass")
                .help("install the load-balancer controller of that class, or remove loadBalancerClass to use the cluster's default"),
            );
            continue;
        }
        let Some(age) = cx.age(svc.creation_timestamp.as_deref()) else {
            continue;
        };
        if age < cx.pending_after {
            continue;
        }
        out.push(
            AuditFinding::service(
                &LoadBalancerPending::META,
                svc,
                format!(
                    "the load balancer has no address (status.loadBalancer.ingress is empty) {} after the Service was created: EXTERNAL-IP stays <pending>",
                    crate::audit::human_duration(age)
                ),
            )
            .field("status.loadBalancer")
            .help("check the cloud controller's events (`kubectl describe service`): quota, subnet annotations, or no cloud provider at all (use MetalLB or a NodePort)"),
        );
    }
}
