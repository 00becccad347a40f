//! `svcctl apply` and `svcctl diff`: lint, then server-side apply to a live cluster (or a dry
//! run of it, and the diff of that dry run against the live objects).
//!
//! The promise is that nothing svcctl applies can fail validation, and that what it applies is
//! exactly what the user wrote: the lint runs first with the settings of `svcctl lint`, any
//! error stops the run before a single request, and each object's body is its YAML node turned
//! into JSON, never a re-serialised typed struct (which would silently drop unknown fields).
//!
//! Layout: [`plan`] reads and lints the inputs and picks the objects to send; [`connect`]
//! resolves kubeconfig, context and namespace like kubectl and builds the client; [`run`] does
//! the requests; [`status`] turns the API server's `Status` answers into diagnostics on the
//! user's file or one-line messages; [`diff`] renders the unified diff; [`endpoints`] reports
//! ready endpoints after an apply.
//!
//! kube and tokio sit behind the default `cluster` feature. Without it the two commands keep the
//! same flags (so help, completions and scripts do not change shape) and say that they are not
//! compiled in.

mod request;

pub use request::{ApplyRequest, Connection, DiffRequest, DryRun};

#[cfg(feature = "cluster")]
mod connect;
#[cfg(feature = "cluster")]
mod diff;
#[cfg(feature = "cluster")]
mod endpoints;
#[cfg(feature = "cluster")]
mod plan;
#[cfg(feature = "cluster")]
pub(crate) mod run;
#[cfg(feature = "cluster")]
mod status;

/// What `apply` and `diff` say in a build without the `cluster` feature.
pub const NOT_COMPILED: &str =
    "svcctl was built without the `cluster` feature; apply and diff are not compiled in";
