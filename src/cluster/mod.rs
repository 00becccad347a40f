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
//! ready endpoints after an apply; [`live`] reads a Service and its EndpointSlices for
//! `svcctl explain svc/NAME`.
//!
//! kube and tokio sit behind the default `cluster` feature. Without it the two commands keep the
//! same flags (so help, completions and scripts do not change shape) and say that they are not
//! compiled in.

mod request;

pub use request::{ApplyRequest, Connection, DiffRequest, DryRun};

#[cfg(feature = "cluster")]
pub(crate) mod connect;
#[cfg(feature = "cluster")]
mod diff;
#[cfg(feature = "cluster")]
mod endpoints;
#[cfg(feature = "cluster")]
pub mod live;
#[cfg(feature = "cluster")]
mod plan;
#[cfg(feature = "cluster")]
pub(crate) mod run;
#[cfg(feature = "cluster")]
pub(crate) mod status;

/// How a run of `apply` or `diff` ended, from best to worst: a run that meets several keeps the
/// worst (`max`). `commands/` turns it into an exit code, which differs between the two commands
/// (for `diff`, exit 1 means "there is a difference").
#[cfg(feature = "cluster")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything was applied (or would be); `diff`: no object would change.
    Clean,
    /// `diff`: applying would change at least one object.
    Changed,
    /// `apply --wait`: a Service still had no ready endpoints when the wait ran out.
    NotReady,
    /// svcctl's lint found errors, so nothing was sent.
    LintErrors,
    /// The API server refused an object as invalid.
    Refused,
    /// An object could not be sent or was not accepted for any other reason (a missing
    /// namespace, a kind the server does not serve, a name no server could accept).
    Failed,
}

/// Where a run's output goes. Objects go one at a time, so what each one gets is written as soon
/// as it is known rather than gathered for the end.
#[cfg(feature = "cluster")]
pub trait Report {
    /// Standard output: what happened to each object, the diff, the endpoints.
    fn out(&self, text: &str) -> Result<(), crate::error::Failure>;
    /// Standard error: diagnostics, problems and summaries.
    fn err(&self, text: &str) -> Result<(), crate::error::Failure>;
    /// Whether standard output takes colour (the diff).
    fn out_color(&self) -> bool;
    /// Whether standard error takes colour (the diagnostics).
    fn err_color(&self) -> bool;
}

/// What `apply` and `diff` say in a build without the `cluster` feature.
pub const NOT_COMPILED: &str =
    "svcctl was built without the `cluster` feature; apply and diff are not compiled in";

/// What `audit` says in a build without the `cluster` feature.
pub const AUDIT_NOT_COMPILED: &str =
    "svcctl was built without the `cluster` feature; audit is not compiled in";
