//! Ad-hoc corpus survey (not for commit).
use std::collections::BTreeMap;
use svcctl::lint::driver::{Input, LintOptions, lint};

#[test]
#[ignore]
fn corpus_survey() {
    let root = std::env::var("CORPUS").unwrap_or_else(|_| "../shared/corpus/real-world".into());
    let report = lint(&[Input::Path(root.into())], &LintOptions::default());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let show = std::env::var("SHOW").unwrap_or_default();
    for d in &report.diagnostics {
        *counts.entry(format!("{} {}", d.rule.code, d.rule.id)).or_default() += 1;
        if !show.is_empty() && show.split(',').any(|s| s == d.rule.code || s == d.rule.id) {
            let p = d.start();
            println!("{}:{}:{} [{}] {}", d.file.name, p.line, p.column, d.rule.id, d.message);
            for r in &d.related {
                let rp = r.file.position(r.span.start);
                println!("    related {}:{}: {}", r.file.name, rp.line, r.message);
            }
        }
    }
    for (k, v) in &counts {
        println!("{v:6} {k}");
    }
    println!("files {} objects {} services {}", report.summary.files, report.summary.objects, report.summary.services);
}
