//! Kubernetes knowledge below lint, generate and explain, depending on none of them: the API
//! server's validators for names, labels, IPs, CIDRs, ports and protocols, the Service types, the
//! cluster settings that decide some verdicts, what the objects of a run are (as facts compact
//! enough to keep for a whole run), how Ingresses and Gateway routes name their backends, and how
//! label selectors select Pods.

pub mod backends;
pub mod compact;
pub mod facts;
pub mod labels;
pub mod net;
pub mod service_type;
pub mod settings;
pub mod text;

pub use service_type::ServiceType;
