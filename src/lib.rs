//! svcctl: lint, generate, explain and apply Kubernetes Service manifests.
//!
//! The library holds everything but process start and exit: the manifest model ([`model`]), the
//! lint engine and its rules ([`lint`]), the renderers ([`render`]), the command line ([`cli`])
//! and the commands ([`commands`]).

pub mod allocator;
pub mod audit;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod config;
pub mod error;
pub mod explain;
pub mod fsutil;
pub mod generate;
pub mod helm;
pub mod k8s;
pub mod kustomize;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod render;
pub mod terminal;
