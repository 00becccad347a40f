//! The pre-commit hooks, run the way pre-commit runs them: the hook's `files` pattern picks the
//! staged files, and the `entry` gets them all as arguments. A repository full of CI configs, Helm
//! values and compose files passes; a commit that adds an invalid Service is blocked.

use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use svcctl::model::yaml::{Limits, Node, parse_stream};

struct Hook {
    id: String,
    language: String,
    entry: Vec<String>,
    files: regex::Regex,
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let stream = parse_stream(&text, Limits::default());
    let root = stream.documents[0].root.as_ref().unwrap();
    root.as_seq()
        .unwrap()
        .iter()
        .map(|h| {
            let get = |k: &str| h.get(k).and_then(Node::scalar_text).unwrap().to_string();
            assert!(["rust", "system"].contains(&get("language").as_str()));
            assert_eq!(get("require_serial"), "false");
            Hook {
                id: get("id"),
                language: get("language"),
                entry: get("entry")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                files: regex::Regex::new(&get("files")).unwrap(),
            }
        })
        .collect()
}

fn staged(repo: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![repo.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p.strip_prefix(repo).unwrap().display().to_string());
            }
        }
    }
    files.sort();
    files
}

fn run(hook: &Hook, repo: &Path) -> (i32, String) {
    let files: Vec<String> = staged(repo)
        .into_iter()
        .filter(|f| hook.files.is_match(f))
        .collect();
    assert!(
        !files.iter().any(|f| f.ends_with(".md")),
        "markdown is not passed"
    );
    assert_eq!(hook.entry[0], "svcctl");
    let out = std::process::Command::new(cargo_bin("svcctl"))
        .current_dir(repo)
        .args(&hook.entry[1..])
        .arg("--no-config")
        .args(&files)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn hooks_pass_plain_yaml_and_block_an_invalid_service() {
    let repo = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cli/repo"),
        repo.path(),
    );
    std::fs::write(repo.path().join("README.md"), "# not yaml: [\n").unwrap();
    std::fs::write(
        repo.path().join("renovate.json"),
        "{\"extends\": [\"config:base\"]}\n",
    )
    .unwrap();
    let hooks = hooks();
    assert_eq!(
        hooks.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["svcctl-lint", "svcctl-lint-strict", "svcctl-lint-system"]
    );
    for hook in &hooks {
        let (code, out) = run(hook, repo.path());
        assert_eq!(code, 0, "{}: {out}", hook.id);
        assert_eq!(out, "", "{}: silent on a clean repository", hook.id);
    }
    std::fs::write(
        repo.path().join("deploy/api.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n      nodePort: 80\n",
    )
    .unwrap();
    for hook in &hooks {
        let (code, out) = run(hook, repo.path());
        assert_eq!(code, 1, "{}: {out}", hook.id);
        assert!(
            out.contains("deploy/api.yaml:12:17: error[node-port-range]"),
            "{}: the concise report names file, line and rule: {out}",
            hook.id
        );
    }
}

// See: issue 19, point 10. Whoever has svcctl installed can skip pre-commit's `cargo install`.
#[test]
fn the_system_hook_is_svcctl_lint_without_the_build() {
    let hooks = hooks();
    let find = |id: &str| hooks.iter().find(|h| h.id == id);
    let (Some(rust), Some(system)) = (find("svcctl-lint"), find("svcctl-lint-system")) else {
        panic!("both svcctl-lint and svcctl-lint-system must be defined");
    };
    assert_eq!(rust.language, "rust");
    assert_eq!(system.language, "system");
    assert_eq!(system.entry, rust.entry);
    assert_eq!(system.files.as_str(), rust.files.as_str());
}
