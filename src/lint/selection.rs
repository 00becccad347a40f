//! Which rules run and at what severity: defaults, then the config file's `rules:` map, then
//! `--select` / `--ignore` (ids, codes or categories).

use super::registry::{RULES, find_rule};
use super::{Category, Rule, RuleMeta, Severity};

#[derive(Clone, Debug)]
pub struct RuleSelection {
    /// The severity of each rule of [`RULES`], in registry order (`None`: off). Every part of
    /// every file asks which rules run, so this is a plain list, not a map to hash into.
    severities: Vec<Option<Severity>>,
}

impl Default for RuleSelection {
    fn default() -> Self {
        RuleSelection {
            severities: RULES.iter().map(|r| r.meta().severity).collect(),
        }
    }
}

/// A selector that names no rule or category, with the closest name when there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule or category `{selector}`{hint} (see `svcctl rules`)")]
pub struct UnknownSelector {
    selector: String,
    /// `; did you mean `x`?`, or empty.
    hint: String,
}

/// Every rule a selector (`node-port-range`, `SVC012`, `security`, `all`) names.
pub fn resolve_selector(selector: &str) -> Result<Vec<&'static RuleMeta>, UnknownSelector> {
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
            Err(UnknownSelector {
                selector: selector.to_string(),
                hint,
            })
        }
    }
}

impl RuleSelection {
    /// Set severities from the config file (`off` disables).
    pub fn configure(
        &mut self,
        rule: &str,
        severity: Option<Severity>,
    ) -> Result<(), UnknownSelector> {
        for meta in resolve_selector(rule)? {
            if let Some(slot) = self.slot(meta) {
                *slot = severity;
            }
        }
        Ok(())
    }

    /// `--select`: only these rules run (an off-by-default rule runs as a warning).
    pub fn select(&mut self, selectors: &[String]) -> Result<(), UnknownSelector> {
        if selectors.is_empty() {
            return Ok(());
        }
        let mut chosen = Vec::new();
        for s in selectors {
            chosen.extend(resolve_selector(s)?);
        }
        for (rule, severity) in RULES.iter().zip(&mut self.severities) {
            let id = rule.meta().id;
            match chosen.iter().find(|m| m.id == id) {
                Some(meta) => {
                    *severity = severity.or(meta.severity).or(Some(Severity::Warning));
                }
                None => *severity = None,
            }
        }
        Ok(())
    }

    /// `--ignore`: these rules do not run.
    pub fn ignore(&mut self, selectors: &[String]) -> Result<(), UnknownSelector> {
        for s in selectors {
            for meta in resolve_selector(s)? {
                if let Some(slot) = self.slot(meta) {
                    *slot = None;
                }
            }
        }
        Ok(())
    }

    fn slot(&mut self, rule: &RuleMeta) -> Option<&mut Option<Severity>> {
        let at = RULES.iter().position(|r| r.meta().id == rule.id)?;
        self.severities.get_mut(at)
    }

    /// The rules that run, in registry order.
    pub fn rules(&self) -> impl Iterator<Item = &'static dyn Rule> + '_ {
        RULES
            .iter()
            .zip(&self.severities)
            .filter(|(_, severity)| severity.is_some())
            .map(|(rule, _)| *rule)
    }

    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        let at = RULES.iter().position(|r| r.meta().id == rule.id)?;
        self.severities.get(at).copied().flatten()
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.severity(rule).is_some()
    }
}
