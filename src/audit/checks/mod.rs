//! One file per audit check. Each reads the [`Snapshot`] and reports [`AuditFinding`]s under the
//! rule it belongs to (declared in `src/lint/rules/` like every other rule, so `svcctl explain`,
//! `svcctl rules` and `--select/--ignore` know it).

mod backend_missing;
mod external_name_with_ports;
mod load_balancer;
mod local_traffic;
mod no_ready_endpoints;
mod orphaned_endpoint_slice;
mod selector_matches_no_pod;
mod selectorless_without_endpoints;
mod target_port;

use super::snapshot::Snapshot;
use super::{AuditFinding, Context};

/// Every check, in rule-code order.
pub fn run(snap: &Snapshot, cx: &Context, out: &mut Vec<AuditFinding>) {
    selector_matches_no_pod::check(snap, out);
    no_ready_endpoints::check(snap, out);
    target_port::check(snap, out);
    load_balancer::check(snap, cx, out);
    local_traffic::check(snap, out);
    selectorless_without_endpoints::check(snap, out);
    orphaned_endpoint_slice::check(snap, out);
    backend_missing::check(snap, out);
    external_name_with_ports::check(snap, out);
}
