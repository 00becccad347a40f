//! A chart on disk: the folder holding `Chart.yaml`, and which of its files are manifests.

use std::collections::HashMap;
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

/// What a file found in a walk is to a chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartFile {
    /// Not in a chart.
    Outside,
    /// A template of the chart whose root is this (`templates/*.yaml`).
    Template(PathBuf),
    /// A file of a chart that is never a manifest (see [`is_never_a_manifest`]).
    NotAManifest,
}

/// The chart roots of the folders a walk meets, each folder looked at once: a walk over a
/// large tree asks for every file, and a folder's answer is its parent's unless it holds a
/// `Chart.yaml` itself.
#[derive(Debug, Default)]
pub struct ChartRoots {
    by_folder: HashMap<PathBuf, Option<PathBuf>>,
}

impl ChartRoots {
    /// The root of the chart holding `folder` (the nearest folder at or above it with a
    /// `Chart.yaml`).
    pub fn of_folder(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.by_folder.get(folder) {
            return known.clone();
        }
        let root = if is_chart_dir(folder) {
            Some(folder.to_path_buf())
        } else {
            folder.parent().and_then(|parent| self.of_folder(parent))
        };
        self.by_folder.insert(folder.to_path_buf(), root.clone());
        root
    }

    /// What `file` is to the chart holding it, if any.
    pub fn classify(&mut self, file: &Path) -> ChartFile {
        let Some(root) = file.parent().and_then(|folder| self.of_folder(folder)) else {
            return ChartFile::Outside;
        };
        match file.strip_prefix(&root) {
            Ok(in_chart) if is_never_a_manifest(in_chart) => ChartFile::NotAManifest,
            _ => ChartFile::Template(root),
        }
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
    fn files_are_classified_by_the_nearest_chart_above_them() {
        let dir = std::env::temp_dir().join(format!("svcctl-chart-{}", std::process::id()));
        let sub = dir.join("c/charts/sub");
        std::fs::create_dir_all(sub.join("templates")).ok();
        std::fs::create_dir_all(dir.join("c/templates/tests")).ok();
        std::fs::write(dir.join("c/Chart.yaml"), "name: c\n").ok();
        std::fs::write(sub.join("Chart.yaml"), "name: sub\n").ok();
        let mut roots = ChartRoots::default();
        let c = dir.join("c");
        assert_eq!(
            roots.classify(&c.join("templates/service.yaml")),
            ChartFile::Template(c.clone())
        );
        assert_eq!(
            roots.classify(&sub.join("templates/service.yaml")),
            ChartFile::Template(sub.clone())
        );
        for never in [
            "values.yaml",
            "Chart.yaml",
            "templates/tests/t.yaml",
            "ci/v.yaml",
        ] {
            assert_eq!(
                roots.classify(&c.join(never)),
                ChartFile::NotAManifest,
                "{never}"
            );
        }
        assert_eq!(roots.classify(&dir.join("plain.yaml")), ChartFile::Outside);
        std::fs::remove_dir_all(&dir).ok();
    }

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
