//! Looking rules up. The list itself, [`RULES`], is generated from the rule files into
//! `rules/mod.rs` in code order, the order of `svcctl rules` and of the documentation; codes are
//! never reused (a test keeps ids and codes unique).

use super::Rule;
pub use super::rules::RULES;

/// A rule by id (`node-port-range`) or code (`SVC012`, any case).
pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().id == name || r.meta().code.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn input_errors_go_to_the_one_rule_that_declares_them() {
        let declaring: Vec<&str> = RULES
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.engine.reports_input_errors)
            .map(|m| m.id)
            .collect();
        assert_eq!(declaring, [super::super::rules::INPUT_ERRORS.id]);
    }

    #[test]
    fn ids_and_codes_are_unique_and_documented() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for rule in RULES {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(m.code.starts_with("SVC") && m.code.len() == 6, "{}", m.code);
            let docs = m.documentation();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## References",
            ] {
                assert!(docs.contains(heading), "{} lacks `{heading}`", m.id);
            }
        }
    }
}
