//! Kubernetes knowledge below lint, generate and explain: what the objects of a run are, as
//! facts compact enough to keep for a whole run, how Ingresses and Gateway routes name their
//! backends, and how label selectors select Pods.

pub mod backends;
pub mod compact;
pub mod facts;
pub mod labels;
