//! svcctl: lint, generate, explain and apply Kubernetes Service manifests.
//!
//! The library holds everything but argument parsing and process exit: the manifest model
//! ([`model`]), the lint engine and its rules ([`lint`]), the renderers ([`render`]).

pub mod lint;
pub mod model;
