//! `svcctl fix` and `svcctl lint --fix`: read the inputs once, run the fix loop
//! (`lint::fix::fix_texts`) over them in memory, then either print the diff or write each changed
//! file back — atomically, and only if it is still the file that was read — and let `lint` report
//! what remains.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::cli::{FixArgs, LintArgs};
use crate::error::{Exit, Failure};
use crate::lint::driver::{collect_files, read_input};
use crate::lint::fix::{FixOptions, FixRun, diff};
use crate::lint::kustomized::Kustomized;
use crate::lint::{Input, LintOptions};
use crate::terminal::Terminal;

pub fn run(args: FixArgs, term: &Terminal) -> Result<Exit, Failure> {
    let diff = args.diff;
    let lint_args = LintArgs {
        paths: args.paths,
        files: args.files,
        format: args.format,
        output: None,
        deny_warnings: args.deny_warnings,
        show_suppressed: false,
        max_file_size: args.max_file_size,
        quiet: args.quiet,
        kustomize: args.kustomize,
        helm: args.helm,
        fix: true,
        fixes: args.fixes,
        rules: args.rules,
        cluster: args.cluster,
    };
    super::lint::run_with(lint_args, diff, term)
}

/// How the fixing part of a run ended, for `lint` to finish it.
pub(crate) enum Fixed {
    /// `--diff`: nothing written; whether anything would change.
    Diff { would_change: bool },
    /// Files written (or refused); `lint` reports what remains on disk. `trouble`: a file could
    /// not be written, or changed on disk during the run.
    Written { trouble: bool },
    /// Standard input was among the inputs: the fixed text went to standard output, so what
    /// remains is reported from the run itself, on standard error.
    Stdin { run: Box<FixRun>, trouble: bool },
}

/// One input as read: where it goes back to, and its bytes.
struct Read {
    path: Option<PathBuf>,
    name: String,
    bytes: Vec<u8>,
}

pub(crate) fn apply(
    inputs: &[Input],
    options: &LintOptions,
    fix: FixOptions,
    diff_only: bool,
    term: &Terminal,
) -> Result<Fixed, Failure> {
    let (files, _unreadable) = collect_files(inputs);
    // Files a kustomization consumes are linted as what it builds: a finding there is about
    // the built object, and the loop's own lint reads them file by file, so they are context only.
    let kustomized = if options.kustomize {
        Kustomized::build(inputs)
    } else {
        Kustomized::default()
    };
    let mut read = Vec::new();
    let mut texts = Vec::new();
    let mut fixable = HashSet::new();
    for input in &files {
        // Unreadable and non-UTF-8 inputs are reported by the lint that follows.
        let Ok((name, text)) = read_input(input, options.max_file_size) else {
            continue;
        };
        let Ok(text) = text else { continue };
        if !kustomized.consumes(input) {
            fixable.insert(name.clone());
        }
        read.push(Read {
            path: match input {
                Input::Path(p) => Some(p.clone()),
                Input::Stdin => None,
            },
            name: name.clone(),
            bytes: text.clone().into_bytes(),
        });
        texts.push((name, text));
    }
    let run = crate::lint::fix::fix_texts(texts, options, &fix, |name| fixable.contains(name));
    let mut trouble = false;
    if diff_only {
        let mut out = String::new();
        for t in &run.texts {
            if let Some(d) = diff::unified(&t.original, &t.fixed, &t.name, term.stdout_color()) {
                out.push_str(&d);
            }
        }
        term.write_stdout(&out)?;
        summary(&run, true, term)?;
        return Ok(Fixed::Diff {
            would_change: run.texts.iter().any(|t| t.changed()),
        });
    }
    let mut stdin_text = None;
    for (r, t) in read.iter().zip(&run.texts) {
        let Some(path) = &r.path else {
            stdin_text = Some(t.fixed.clone());
            continue;
        };
        if !t.changed() {
            continue;
        }
        if let Err(reason) = write_back(path, &r.bytes, &t.fixed) {
            term.write_stderr(&format!("error: {}: {reason}\n", r.name))?;
            trouble = true;
        }
    }
    summary(&run, false, term)?;
    Ok(match stdin_text {
        Some(text) => {
            term.write_stdout(&text)?;
            Fixed::Stdin {
                run: Box::new(run),
                trouble,
            }
        }
        None => Fixed::Written { trouble },
    })
}

/// Write `fixed` over `path` if the file still holds `original`; keeps its permissions.
fn write_back(path: &std::path::Path, original: &[u8], fixed: &str) -> Result<(), String> {
    let reason = |e: std::io::Error| crate::fsutil::io_reason(&e);
    let now = std::fs::read(path).map_err(reason)?;
    if now != original {
        return Err("changed on disk since it was read; not fixed (run again)".into());
    }
    let permissions = std::fs::metadata(path).map_err(reason)?.permissions();
    crate::fsutil::write_atomic(path, fixed.as_bytes()).map_err(reason)?;
    std::fs::set_permissions(path, permissions).map_err(reason)
}

/// What was fixed, by rule, on standard error.
fn summary(run: &FixRun, would: bool, term: &Terminal) -> Result<(), Failure> {
    let total = run.applied_total();
    let files = run.texts.iter().filter(|t| t.changed()).count();
    let mut out = if total == 0 {
        "svcctl: nothing to fix\n".to_string()
    } else {
        format!(
            "svcctl: {} {total} finding{} in {files} file{}:\n",
            if would { "would fix" } else { "fixed" },
            if total == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
        )
    };
    for ((code, id), count) in &run.applied {
        out.push_str(&format!("  {count:>4} × {code} {id}\n"));
    }
    term.write_stderr(&out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_back;

    #[test]
    fn a_file_changed_on_disk_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("web.yaml");
        std::fs::write(&path, "type: Nodeport # edited meanwhile\n").expect("write");
        let refused = write_back(&path, b"type: Nodeport\n", "type: NodePort\n");
        assert!(refused.is_err_and(|why| why.contains("changed on disk")));
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "type: Nodeport # edited meanwhile\n"
        );
    }

    #[test]
    fn a_write_replaces_the_file_whole_keeps_its_permissions_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("web.yaml");
        std::fs::write(&path, "type: Nodeport\n").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_back(&path, b"type: Nodeport\n", "type: NodePort\n").expect("written");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "type: NodePort\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["web.yaml"]);
    }
}
