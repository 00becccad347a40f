//! Helm charts: where a chart's files are, how a chart is rendered (`helm template`), how a
//! rendered stream's documents map back to the template lines that wrote them, and how a raw
//! template is read without Helm. The lint engine meets Helm in `lint::helmed`.

pub mod chart;
pub mod locate;
pub mod render;
pub mod stream;
pub mod template;

use std::path::PathBuf;

/// How a lint run treats Helm charts and templated files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelmOptions {
    /// `--helm=off`: never run `helm`; charts are read as raw templates.
    pub off: bool,
    /// `--helm-values FILE`, passed to `helm template` as `--values`, in order.
    pub values: Vec<PathBuf>,
    /// `--helm-set K=V`, passed to `helm template` as `--set`, in order.
    pub set: Vec<String>,
    /// `--chart-root DIR`: where the charts named by a rendered stream's `# Source:` lines are
    /// looked for (the current folder when absent).
    pub chart_root: Option<PathBuf>,
    /// The `helm` to run; `None`: the one on `PATH`. Not a flag: tests point it at the
    /// stand-in (`scripts/helm`) without changing the environment of the test process.
    pub program: Option<PathBuf>,
}
