//! The manifest model: source files, the spanned YAML tree, field paths, objects, the Service
//! schema and strict decoding.

pub mod decode;
#[doc(hidden)]
pub mod fast;
pub mod object;
pub mod path;
pub mod schema;
pub mod service_view;
pub mod source;
pub mod workload;
pub mod yaml;
