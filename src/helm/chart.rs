//! A chart on disk: the folder holding `Chart.yaml`, and which of its files are manifests.

use std::path::{Component, Path, PathBuf};

/// The file that makes a folder a chart.
pub const CHART_FILE: &str = "Chart.yaml";

/// Whether `dir` is a chart's root folder.
pub fn is_chart_dir(dir: &Path) -> bool {
    dir.join(CHART_FILE).is_file()
}

/// The root of the chart that holds `path` (the nearest folder above it with a `Chart.yaml`), if
/// any. A subchart's file belongs to the subchart.
pub fn chart_root_of(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    let mut dir = start?;
    loop {
        if is_chart_dir(dir) {
            return Some(dir.to_path_buf());
        }
        dir = dir.parent()?;
    }
}

/// Whether a file of a chart (given by its path relative to the chart root) is one Helm never
/// sends to the cluster as written: the chart's metadata and values, helpers, notes, and the
/// test hooks under `templates/tests/`. None of them is linted as a manifest.
pub fn is_never_a_manifest(in_chart: &Path) -> bool {
    let parts: Vec<&str> = in_chart
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some((file, folders)) = parts.split_last() else {
        return false;
    };
    if folders.is_empty() {
        return matches!(
            *file,
            "Chart.yaml" | "Chart.lock" | "values.yaml" | "values.yml" | "values.schema.json"
        ) || file.starts_with("values");
    }
    let under_templates = folders.first() == Some(&"templates");
    file.starts_with('_')
        || *file == "NOTES.txt"
        || !under_templates
        || folders.get(1) == Some(&"tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_templates_outside_tests_are_manifests() {
        for never in [
            "Chart.yaml",
            "Chart.lock",
            "values.yaml",
            "values-prod.yaml",
            "values.schema.json",
            "templates/_helpers.tpl",
            "templates/NOTES.txt",
            "templates/tests/test-connection.yaml",
            "ci/values-ha.yaml",
            "files/config.yaml",
        ] {
            assert!(is_never_a_manifest(Path::new(never)), "{never}");
        }
        for manifest in ["templates/service.yaml", "templates/web/service.yml"] {
            assert!(!is_never_a_manifest(Path::new(manifest)), "{manifest}");
        }
    }
}
