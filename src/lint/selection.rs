//! Which rules run and at what severity: defaults, then the config file's `rules:` map, then
//! `--select` / `--ignore` (ids, codes or categories).

use std::collections::HashMap;

use super::registry::{RULES, find_rule};
use super::{Category, Rule, RuleMeta, Severity};

#[derive(Clone, Debug)]
pub struct RuleSelection {
    severities: HashMap<&'static str, Option<Severity>>,
    /// Positions in [`RULES`] of the rules that run, kept in step with `severities`: every
    /// part of every file asks, and a lookup per rule each time adds up over thousands of files.
    enabled: Vec<usize>,
}

impl Default for RuleSelection {
    fn default() -> Self {
        let mut selection = RuleSelection {
            severities: RULES
                .iter()
                .map(|r| (r.meta().id, r.meta().severity))
                .collect(),
            enabled: Vec::new(),
        };
        selection.refresh();
        selection
    }
}

/// Every rule a selector (`node-port-range`, `SVC012`, `security`, `all`) names.
pub fn resolve_selector(selector: &str) -> Result<Vec<&'static RuleMeta>, String> {
    if selector.eq_ignore_ascii_case("all") {
        return Ok(RULES.iter().map(|r| r.meta()).collect());
    }
    if let Some(category) = Category::ALL.iter().find(|c| c.as_str() == selector) {
        return Ok(RULES
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.category == *category)
            .collect());
    }
    match find_rule(selector) {
        Some(rule) => Ok(vec![rule.meta()]),
        None => {
            let mut names: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
            names.extend(Category::ALL.iter().map(|c| c.as_str()));
            let hint = crate::model::decode::suggest(selector, names)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            Err(format!(
                "unknown rule or category `{selector}`{hint} (see `svcctl rules`)"
            ))
        }
    }
}

impl RuleSelection {
    /// Set severities from the config file (`off` disables).
    pub fn configure(&mut self, rule: &str, severity: Option<Severity>) -> Result<(), String> {
        for meta in resolve_selector(rule)? {
            self.severities.insert(meta.id, severity);
        }
        self.refresh();
        Ok(())
    }

    /// `--select`: only these rules run (an off-by-default rule runs as a warning).
    pub fn select(&mut self, selectors: &[String]) -> Result<(), String> {
        if selectors.is_empty() {
            return Ok(());
        }
        let mut chosen = Vec::new();
        for s in selectors {
            chosen.extend(resolve_selector(s)?);
        }
        for (id, severity) in &mut self.severities {
            match chosen.iter().find(|m| m.id == *id) {
                Some(meta) => {
                    *severity = severity.or(meta.severity).or(Some(Severity::Warning));
                }
                None => *severity = None,
            }
        }
        self.refresh();
        Ok(())
    }

    /// `--ignore`: these rules do not run.
    pub fn ignore(&mut self, selectors: &[String]) -> Result<(), String> {
        for s in selectors {
            for meta in resolve_selector(s)? {
                self.severities.insert(meta.id, None);
            }
        }
        self.refresh();
        Ok(())
    }

    fn refresh(&mut self) {
        self.enabled = (0..RULES.len())
            .filter(|&i| RULES.get(i).is_some_and(|r| self.enabled(r.meta())))
            .collect();
    }

    /// The rules that run, in registry order.
    pub fn rules(&self) -> impl Iterator<Item = &'static dyn Rule> + '_ {
        self.enabled.iter().filter_map(|&i| RULES.get(i).copied())
    }

    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severities.get(rule.id).copied().flatten()
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.severity(rule).is_some()
    }
}
