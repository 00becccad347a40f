//! Rendering a chart folder with `helm template`, and Helm's own errors read back to the
//! template file and line they name.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::HelmOptions;

/// The release name every chart is rendered under: Helm's own default for `helm template`, so
/// that a stream rendered by hand without a name reads the same.
pub const RELEASE_NAME: &str = "release-name";
/// The namespace every chart is rendered into (Helm's default).
pub const NAMESPACE: &str = "default";

/// `helm` on `PATH`, if any.
pub fn helm_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("helm"))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Why a chart did not render: Helm's message, and the template file and line it names when it
/// names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// (file on disk, line, column), 1-based; column 0 when Helm names only the line.
    pub at: Option<(PathBuf, usize, usize)>,
}

/// The arguments svcctl passes to `helm`, in order (the test stand-in checks exactly these).
pub fn template_args(chart: &Path, options: &HelmOptions, kube_minor: u32) -> Vec<String> {
    let mut args = vec![
        "template".to_string(),
        RELEASE_NAME.to_string(),
        chart.display().to_string(),
        "--namespace".to_string(),
        NAMESPACE.to_string(),
        "--kube-version".to_string(),
        format!("v1.{kube_minor}.0"),
    ];
    for values in &options.values {
        args.push("--values".into());
        args.push(values.display().to_string());
    }
    for set in &options.set {
        args.push("--set".into());
        args.push(set.clone());
    }
    args
}

/// Runs `helm template` on `chart`: the rendered stream, or why it failed.
pub fn render(
    helm: &Path,
    chart: &Path,
    options: &HelmOptions,
    kube_minor: u32,
) -> Result<String, Failure> {
    let output = Command::new(helm)
        .args(template_args(chart, options, kube_minor))
        .output()
        .map_err(|e| Failure {
            message: format!("cannot run {}: {e}", helm.display()),
            at: None,
        })?;
    if output.status.success() {
        return String::from_utf8(output.stdout).map_err(|_| Failure {
            message: "helm template printed text that is not UTF-8".into(),
            at: None,
        });
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(failure(chart, &stderr))
}

/// Helm's error output as one message and the place it names. Helm names templates by chart
/// name (`web/templates/service.yaml`, `web/charts/db/templates/x.yaml`), which need not be
/// the folder's name: the part after the first component is looked up under `chart`.
pub fn failure(chart: &Path, stderr: &str) -> Failure {
    let message = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("WARNING"))
        .unwrap_or("helm template failed without a message")
        .trim_start_matches("Error: ")
        .to_string();
    let at = named_place(&message).and_then(|(name, line, column)| {
        let inner: PathBuf = Path::new(&name).components().skip(1).collect();
        let file = chart.join(inner);
        file.is_file().then_some((file, line, column))
    });
    Failure { message, at }
}

/// The first `NAME/templates/FILE:LINE[:COL]` (or `NAME/charts/…`) in a Helm message.
fn named_place(message: &str) -> Option<(String, usize, usize)> {
    let re = regex::Regex::new(
        r"([A-Za-z0-9_.\-]+(?:/charts/[A-Za-z0-9_.\-]+)*/templates/[^\s:()]+?)(?::(\d+)(?::(\d+))?)?(?:[\s:)]|$)",
    )
    .ok()?;
    let mut fallback = None;
    for caps in re.captures_iter(message) {
        let name = caps.get(1)?.as_str().to_string();
        let line = caps.get(2).and_then(|m| m.as_str().parse().ok());
        let column = caps
            .get(3)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0);
        match line {
            Some(line) => return Some((name, line, column)),
            None if fallback.is_none() => fallback = Some((name, 1, 0)),
            None => {}
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_messages_name_the_template_line() {
        let required = "template: web/templates/service.yaml:12:20: executing \"web/templates/service.yaml\" at <required \"x\" .Values.x>: error calling required: x is required";
        assert_eq!(
            named_place(required),
            Some(("web/templates/service.yaml".into(), 12, 20))
        );
        let parse =
            "parse error at (web/charts/db/templates/svc.yaml:5): unexpected \"}\" in operand";
        assert_eq!(
            named_place(parse),
            Some(("web/charts/db/templates/svc.yaml".into(), 5, 0))
        );
        let yaml = "YAML parse error on web/templates/svc.yaml: error converting YAML to JSON";
        assert_eq!(
            named_place(yaml),
            Some(("web/templates/svc.yaml".into(), 1, 0))
        );
    }

    #[test]
    fn arguments_pass_values_and_sets_in_order() {
        let options = HelmOptions {
            values: vec!["a.yaml".into(), "b.yaml".into()],
            set: vec!["x=1".into()],
            ..HelmOptions::default()
        };
        assert_eq!(
            template_args(Path::new("chart"), &options, 36).join(" "),
            "template release-name chart --namespace default --kube-version v1.36.0 --values a.yaml --values b.yaml --set x=1"
        );
    }
}
