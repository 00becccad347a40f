//! Reading a run's inputs: folders walked into files (honouring .gitignore), files listed in
//! the order a run reports them, and each read as text, or as the reason it cannot be.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::fsutil::io_reason;
use crate::helm::chart::{ChartFile, ChartRoots};

/// One command-line input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

fn is_manifest_path(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Expand folders (recursively, honouring .gitignore, never following links) into files. A file
/// named explicitly is linted whatever its extension, as pre-commit passes them.
pub fn collect_files(inputs: &[Input]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let errors = walk_inputs(inputs, &mut Vec::new(), |at, input| {
        found.push((at, input, ()))
    });
    let files = in_lint_order(found).into_iter().map(|(input, ())| input);
    (files.collect(), errors)
}

/// Hand each file of [`collect_files`] to `visit` as the walk finds it, with the index of the
/// input it came from (folders are walked in the order the file system lists them); the errors
/// are returned. A chart's files that are never manifests (its values, `Chart.yaml`, helpers,
/// test hooks…) are passed over, even when named; the root of each chart whose templates are
/// handed over is added to `charts` (once).
pub(super) fn walk_inputs(
    inputs: &[Input],
    charts: &mut Vec<PathBuf>,
    mut visit: impl FnMut(usize, Input),
) -> Vec<(String, String)> {
    let mut roots = ChartRoots::default();
    let mut in_chart = |path: &Path| match roots.classify(path) {
        ChartFile::Outside => true,
        ChartFile::NotAManifest => false,
        ChartFile::Template(root) => {
            if !charts.contains(&root) {
                charts.push(root);
            }
            true
        }
    };
    let mut errors = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        let Input::Path(path) = input else {
            visit(at, Input::Stdin);
            continue;
        };
        match std::fs::metadata(path) {
            Err(e) => errors.push((path.display().to_string(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                for entry in walk(path) {
                    match entry {
                        Ok(entry) => {
                            if entry.file_type().is_some_and(|t| t.is_file())
                                && is_manifest_path(entry.path())
                                && in_chart(entry.path())
                            {
                                visit(at, Input::Path(entry.into_path()));
                            }
                        }
                        Err(e) => errors.push(walk_error(path, &e)),
                    }
                }
            }
            Ok(_) => {
                if in_chart(path) {
                    visit(at, input.clone())
                }
            }
        }
    }
    errors
}

/// The files and folders under `folder` a run reads: .gitignore honoured, links never followed.
/// Hidden files are manifests too (`.github__svc.yaml`); the repository database is not.
pub(crate) fn walk(folder: &Path) -> ignore::Walk {
    ignore::WalkBuilder::new(folder)
        .follow_links(false)
        .require_git(false)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build()
}

/// A folder walk's error as the path that could not be read (the folder given, or the entry
/// under it that failed) and the reason, worded as for a path given on the command line.
pub(super) fn walk_error(folder: &Path, e: &ignore::Error) -> (String, String) {
    let (mut path, mut inner) = (folder, e);
    loop {
        match inner {
            ignore::Error::WithPath { path: at, err } => (path, inner) = (at.as_path(), err),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let reason = match inner {
        ignore::Error::Io(io) => io_reason(io),
        other => other.to_string(),
    };
    (path.display().to_string(), reason)
}

/// Files found by [`walk_inputs`] (with what became of each) in the order a run lists them: by
/// input, then by path. Comparing two paths splits both into components again: sorting the
/// real-world corpus's 1,028 paths that way was 5% of a run, on the thread everything else
/// waited for. Each path is split once here instead.
pub(super) fn in_lint_order<T>(found: Vec<(usize, Input, T)>) -> Vec<(Input, T)> {
    let order: Vec<usize> = {
        // The position settles ties as a stable sort would.
        let mut keyed: Vec<_> = found
            .iter()
            .enumerate()
            .map(|(i, (at, input, _))| {
                let components: Vec<std::path::Component<'_>> = match input {
                    Input::Path(path) => path.components().collect(),
                    Input::Stdin => Vec::new(),
                };
                (*at, components, i)
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., i)| i).collect()
    };
    let mut found: Vec<Option<(Input, T)>> = found
        .into_iter()
        .map(|(_, input, value)| Some((input, value)))
        .collect();
    order
        .into_iter()
        .filter_map(|i| found.get_mut(i).and_then(Option::take))
        .collect()
}

/// Read one input. A file that is not text becomes a finding, not an error.
/// A read file: its text, or (lossy text, offset, reason) when it is not UTF-8 or too large.
pub type ReadText = Result<String, (String, usize, String)>;

pub fn read_input(input: &Input, max_size: u64) -> Result<(String, ReadText), (String, String)> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_size.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| ("-".to_string(), io_reason(&e)))?;
            ("-".to_string(), bytes)
        }
        Input::Path(path) => {
            let name = path.display().to_string();
            let size = std::fs::metadata(path)
                .map_err(|e| (name.clone(), io_reason(&e)))?
                .len();
            if size > max_size {
                return Ok((
                    name,
                    Err((
                        String::new(),
                        0,
                        format!(
                            "file is {size} bytes, over the {max_size}-byte limit (--max-file-size); not read"
                        ),
                    )),
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| (name.clone(), io_reason(&e)))?;
            (name, bytes)
        }
    };
    if bytes.len() as u64 > max_size {
        return Ok((
            name,
            Err((
                String::new(),
                0,
                format!("input is over the {max_size}-byte limit (--max-file-size); not read"),
            )),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, Ok(text))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let message = format!(
                "file is not UTF-8 text (invalid byte 0x{:02X}); Kubernetes manifests must be UTF-8",
                e.as_bytes().get(offset).copied().unwrap_or(0)
            );
            // Offsets in the lossy text shift after the first bad byte, but not before it.
            Ok((name, Err((lossy, offset, message))))
        }
    }
}
