//! Tests against a real kube-apiserver v1.36.2: `svcctl apply` / `svcctl diff` end to end
//! ([`apply`]), every `svcctl new` output ([`new`]) and `svcctl explain svc/NAME`
//! ([`explain_live`]). They run when `SVCCTL_LIVE_KUBECONFIG` names its kubeconfig
//! (`scripts/test-live` and `.ci/run` start one) and are skipped otherwise; see [`harness`].
//!
//! See: issue 21 (a real Kubernetes API server in the test suite).
#![cfg(feature = "cluster")]

mod harness;
#[path = "../support/new_matrix.rs"]
mod new_matrix;
#[path = "../support/verdict.rs"]
mod verdict;

mod apply;
mod audit;
mod explain_live;
mod fuzz;
mod new;
