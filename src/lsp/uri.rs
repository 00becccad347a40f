//! `file://` URIs and the file names lint reports under: a document is linted under its path, so
//! that lint pairs it with the other files of its folder as `svcctl lint DIR` would; a document
//! that is not a file (an unsaved buffer) is linted under its URI.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///p` has an empty authority; `file://localhost/p` names this host.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    Some(PathBuf::from(percent_decode(path)?))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn uri_of_path(path: &Path) -> Option<Uri> {
    let mut text = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            text.push(b as char);
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&text).ok()
}

/// The name a document is linted under.
pub fn name_of(uri: &Uri) -> String {
    match path_of(uri) {
        Some(path) => path.display().to_string(),
        None => uri.as_str().to_string(),
    }
}

/// The URI of a name given by [`name_of`].
pub fn uri_of_name(name: &str) -> Option<Uri> {
    if name.starts_with('/') {
        uri_of_path(Path::new(name))
    } else {
        Uri::from_str(name).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip_with_escapes() {
        let path = Path::new("/work/my manifests/sérvice#1.yaml");
        let uri = uri_of_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///work/my%20manifests/s%C3%A9rvice%231.yaml"
        );
        assert_eq!(path_of(&uri).as_deref(), Some(path));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path_of(&untitled), None);
        assert_eq!(name_of(&untitled), "untitled:Untitled-1");
        assert_eq!(uri_of_name("untitled:Untitled-1"), Some(untitled));
    }
}
