//! `svcctl rules`: the catalogue.

use std::fmt::Write as _;

use serde_json::json;

use crate::cli::{RulesArgs, RulesFormat};
use crate::error::{Exit, Failure};
use crate::lint::RULES;
use crate::terminal::Terminal;

pub fn run(args: RulesArgs, term: &Terminal) -> Result<Exit, Failure> {
    let out = match args.format {
        RulesFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    json!({
                        "id": m.id,
                        "code": m.code,
                        "category": m.category.as_str(),
                        "severity": m.severity.map_or("off", |s| s.as_str()),
                        "fix": m.fix.map(|f| f.as_str()),
                        "summary": m.summary,
                    })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list)?)
        }
        RulesFormat::Table => {
            let mut out = String::new();
            let width = RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
            let _ = writeln!(
                out,
                "{:<6}  {:<width$}  {:<13}  {:<7}  {:<6}  SUMMARY",
                "CODE", "ID", "CATEGORY", "DEFAULT", "FIX"
            );
            for r in RULES {
                let m = r.meta();
                let _ = writeln!(
                    out,
                    "{:<6}  {:<width$}  {:<13}  {:<7}  {:<6}  {}",
                    m.code,
                    m.id,
                    m.category.as_str(),
                    m.severity.map_or("off", |s| s.as_str()),
                    m.fix.map_or("-", |f| f.as_str()),
                    m.summary
                );
            }
            out
        }
    };
    term.write_stdout(&out)?;
    Ok(Exit::Clean)
}
