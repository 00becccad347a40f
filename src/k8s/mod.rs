//! The Kubernetes vocabulary every feature shares: the API server's validators for names, labels,
//! IPs, CIDRs, ports and protocols, the Service types, and the cluster settings that decide some
//! verdicts. lint, generate and explain all build on this layer; it depends on none of them.

pub mod net;
pub mod service_type;
pub mod settings;
pub mod text;

pub use service_type::ServiceType;
