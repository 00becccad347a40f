//! Unit tests of the pieces; whole layouts are compared with kubectl in tests/kustomize_conformance.rs.
