//! `svcctl fix --diff`: a unified diff (`diff -u`) of a text before and after its fixes.

use similar::{ChangeTag, TextDiff};

/// The unified diff of `old` and `new` with three lines of context, `None` when equal. Lines
/// keep their own endings in the comparison, so a fix that changed only a CRLF shows.
pub fn unified(old: &str, new: &str, name: &str, color: bool) -> Option<String> {
    if old == new {
        return None;
    }
    let paint = |style: anstyle::Style, line: &str| {
        if color {
            format!("{style}{line}{style:#}")
        } else {
            line.to_string()
        }
    };
    let bold = anstyle::Style::new().bold();
    let cyan = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Cyan.into()));
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
    let green = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into()));
    let diff = TextDiff::from_lines(old, new);
    // git's `a/` and `b/` for a relative path, so that `git apply` and `patch -p1` take it.
    let (a, b) = if name.starts_with('/') || name == "-" {
        (name.to_string(), name.to_string())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    let mut out = String::new();
    out.push_str(&paint(bold, &format!("--- {a}")));
    out.push('\n');
    out.push_str(&paint(bold, &format!("+++ {b}")));
    out.push('\n');
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&paint(cyan, &hunk.header().to_string()));
        out.push('\n');
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Equal => (" ", None),
                ChangeTag::Delete => ("-", Some(red)),
                ChangeTag::Insert => ("+", Some(green)),
            };
            let text = change.value();
            let bare = text.strip_suffix('\n').unwrap_or(text);
            let line = format!("{sign}{bare}");
            out.push_str(&match style {
                Some(style) => paint(style, &line),
                None => line,
            });
            out.push('\n');
            if !text.ends_with('\n') {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_the_changed_line_in_context() {
        let old = "a\nb\nc\ntype: Nodeport\nd\n";
        let new = "a\nb\nc\ntype: NodePort\nd\n";
        assert_eq!(
            unified(old, new, "x.yaml", false).as_deref(),
            Some(
                "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,5 +1,5 @@\n a\n b\n c\n-type: Nodeport\n+type: NodePort\n d\n"
            )
        );
        assert_eq!(unified(old, old, "x.yaml", false), None);
    }
}
