//! The list of rules is generated from the rule files, so that adding a rule touches the rule
//! file and its fixtures only: `src/lint/rules/mod.rs` (the modules, `RULES` in code order, and
//! the rule the engine reports input errors under) must be what this test generates. After
//! adding, renaming or removing a rule file, run `SVCCTL_BLESS=1 cargo test --test rule_registry`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What the registry needs from one rule file.
#[derive(Debug)]
struct Declared {
    module: String,
    name: String,
    code: String,
    reports_input_errors: bool,
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/rules")
}

/// The value of `key: "value"` or `key: value` inside the `declare_rule!` block.
fn field<'t>(block: &'t str, key: &str) -> Option<&'t str> {
    block.lines().find_map(|l| {
        l.trim()
            .strip_prefix(key)?
            .strip_prefix(':')
            .map(|v| v.trim().trim_end_matches(',').trim_matches('"'))
    })
}

fn declared(path: &Path) -> Result<Declared, String> {
    let module = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{}: not a UTF-8 file name", path.display()))?
        .to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut blocks = text.split("declare_rule! {").skip(1);
    let block = blocks
        .next()
        .ok_or_else(|| format!("{module}.rs declares no rule (declare_rule! {{ … }})"))?;
    if blocks.next().is_some() {
        return Err(format!("{module}.rs declares more than one rule"));
    }
    let name = block
        .lines()
        .find_map(|l| l.trim().strip_prefix("pub struct "))
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| format!("{module}.rs: no `pub struct` in declare_rule!"))?
        .to_string();
    let code = field(block, "code")
        .ok_or_else(|| format!("{module}.rs: no code"))?
        .to_string();
    Ok(Declared {
        module,
        name,
        code,
        reports_input_errors: field(block, "reports_input_errors") == Some("true"),
    })
}

fn rule_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(rules_dir())
        .expect("src/lint/rules exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("mod.rs"))
        .collect();
    files.sort();
    files
}

fn generate(mut rules: Vec<Declared>) -> Result<String, String> {
    let mut out = String::from(
        "//! One file per rule. Each file's doc comment is the rule's documentation (`svcctl explain RULE`).\n//!\n//! Generated from the rule files by `tests/rule_registry.rs`; do not edit by hand. After adding,\n//! renaming or removing a rule file, run `SVCCTL_BLESS=1 cargo test --test rule_registry`.\n\n",
    );
    for r in &rules {
        let _ = writeln!(out, "pub mod {};", r.module);
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    out.push_str(
        "\nuse super::{Rule, RuleMeta};\nuse crate::model::path::FieldPath;\n\n/// Every rule, in code order: the order of `svcctl rules` and of the documentation.\npub static RULES: &[&dyn Rule] = &[\n",
    );
    for r in &rules {
        let _ = writeln!(out, "    &{}::{},", r.module, r.name);
    }
    out.push_str("];\n");
    let input: Vec<&Declared> = rules.iter().filter(|r| r.reports_input_errors).collect();
    let [input] = input.as_slice() else {
        return Err(format!(
            "exactly one rule must declare `reports_input_errors: true`, found {}",
            input.len()
        ));
    };
    let _ = write!(
        out,
        "\n/// The rule unreadable inputs and YAML syntax errors are reported under.\npub(crate) static INPUT_ERRORS: &RuleMeta = &{}::{}::META;\n",
        input.module, input.name
    );
    out.push_str(
        "\npub(crate) fn path(text: &str) -> FieldPath {\n    FieldPath::parse(text)\n}\n",
    );
    Ok(out)
}

#[test]
fn the_rule_list_is_generated_from_the_rule_files() {
    let rules: Result<Vec<Declared>, String> = rule_files().iter().map(|p| declared(p)).collect();
    let generated = generate(rules.unwrap()).unwrap();
    let path = rules_dir().join("mod.rs");
    if std::env::var_os("SVCCTL_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "src/lint/rules/mod.rs is out of date; run `SVCCTL_BLESS=1 cargo test --test rule_registry`"
    );
}

#[test]
fn every_rule_file_is_a_registered_rule_with_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let files = rule_files();
    assert_eq!(files.len(), svcctl::lint::RULES.len());
    for file in files {
        let d = declared(&file).unwrap();
        let rule = svcctl::lint::find_rule(&d.code)
            .unwrap_or_else(|| panic!("{} ({}) is not registered", d.module, d.code));
        let m = rule.meta();
        assert_eq!(m.id.replace('-', "_"), d.module, "file name follows the id");
        let dir = fixtures.join(format!("{}_{}", m.code, d.module));
        // A file, or for a rule about kustomization trees a folder of them.
        for name in ["fail", "pass"] {
            assert!(
                dir.join(format!("{name}.yaml")).exists() || dir.join(name).is_dir(),
                "{} has no {name}.yaml (or {name}/) in {}",
                m.id,
                dir.display()
            );
        }
    }
}
