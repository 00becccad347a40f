//! File writes that never leave a half-written file: write a temporary file beside the target,
//! then rename it over the target.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// An IO error as svcctl words it for a path: `no such file or directory`, not the OS's
/// `No such file or directory (os error 2)`.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{file_name}.svcctl-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `a/./b/../c` as `a/c`, by the text alone (what the user typed, not where links lead): `..`
/// removes the name before it, stays when nothing can be removed (`../x`), and is dropped after
/// the root (`/..` is `/`).
pub fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_by_their_text() {
        for (path, normal) in [
            ("a/./b/../c", "a/c"),
            ("./k8s/x.yaml", "k8s/x.yaml"),
            ("k8s/../k8s/x", "k8s/x"),
            ("../x", "../x"),
            // Two steps up stay two steps up (a `..` is never removed by another).
            ("../../x", "../../x"),
            ("a/../../x", "../x"),
            ("/../x", "/x"),
            ("/a/b/..", "/a"),
            ("", ""),
        ] {
            assert_eq!(
                normalize_lexically(Path::new(path)),
                Path::new(normal),
                "{path}"
            );
        }
    }
}
