//! `svcctl diff`'s output: the live object and the server's dry-run result, both without the
//! fields that change on every write (managedFields, resourceVersion, generation, uid,
//! timestamps), as YAML with sorted keys like kubectl's, compared line by line (Myers' O(ND)
//! algorithm) and printed as a unified diff with three lines of context.
//!
//! No diff crate: the inputs are a few hundred lines at most, the algorithm is short, and the
//! edit distance is capped so a pathological input costs bounded memory (past the cap the
//! changed middle is shown as removed-then-added, still a correct diff).

use serde_json::{Map, Value};

/// Metadata fields that every write changes and that say nothing about the apply.
const VOLATILE_METADATA: &[&str] = &[
    "managedFields",
    "resourceVersion",
    "generation",
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// The object as it is compared: volatile metadata dropped, keys sorted at every level.
pub fn normalize(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in VOLATILE_METADATA {
            meta.remove(*key);
        }
    }
    sorted(object)
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The YAML that is diffed (empty for an object that does not exist).
pub fn yaml(object: Option<&Value>) -> String {
    object
        .map(|o| crate::generate::yaml::to_yaml(&normalize(o)))
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// The edit script turning `a` into `b`: (op, index in a, index in b) per line.
fn edits(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    // Common head and tail cost nothing and keep the Myers part small.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = &a[head..a.len() - tail];
    let mid_b = &b[head..b.len() - tail];
    let mut out: Vec<(Op, usize, usize)> = (0..head).map(|i| (Op::Equal, i, i)).collect();
    for (op, i, j) in myers(mid_a, mid_b) {
        out.push((op, i + head, j + head));
    }
    let (a_end, b_end) = (a.len() - tail, b.len() - tail);
    out.extend((0..tail).map(|k| (Op::Equal, a_end + k, b_end + k)));
    out
}

/// Past this many differing lines, stop looking for the shortest script.
const MAX_EDIT_DISTANCE: usize = 1000;

fn myers(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let max = (n + m).min(MAX_EDIT_DISTANCE);
    let offset = max as isize + 1;
    let width = 2 * max + 3;
    let mut v = vec![0usize; width];
    // Round d only reads the frontier of round d-1 at k in [-d-1, d+1]: keep just that window,
    // so memory grows with D² rather than D·(N+M).
    let mut trace: Vec<Vec<usize>> = Vec::new();
    let mut found = None;
    'outer: for d in 0..=max as isize {
        let lo = (offset - d - 1) as usize;
        let hi = (offset + d + 1) as usize;
        trace.push(v[lo..=hi].to_vec());
        let mut k = -d;
        while k <= d {
            let idx = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = (x as isize - k) as usize;
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'outer;
            }
            k += 2;
        }
    }
    let Some(d_final) = found else {
        // Too different: everything removed, then everything added.
        let mut out: Vec<(Op, usize, usize)> = (0..n).map(|i| (Op::Delete, i, 0)).collect();
        out.extend((0..m).map(|j| (Op::Insert, n, j)));
        return out;
    };
    // Walk back through the saved frontiers.
    let mut out = Vec::new();
    let (mut x, mut y) = (n as isize, m as isize);
    for d in (0..=d_final).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let idx = |k: isize| (k + d + 1) as usize;
        let prev_k = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[idx(prev_k)] as isize;
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            out.push((Op::Equal, x as usize, y as usize));
        }
        if d > 0 {
            if x == prev_x {
                out.push((Op::Insert, x as usize, prev_y as usize));
            } else {
                out.push((Op::Delete, prev_x as usize, y as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    out.reverse();
    out
}

/// Colours for the diff, or none.
#[derive(Clone, Copy, Debug, Default)]
pub struct Palette {
    pub color: bool,
}

impl Palette {
    fn paint(&self, style: anstyle::Style, line: &str) -> String {
        if self.color {
            format!("{style}{line}{style:#}")
        } else {
            line.to_string()
        }
    }
}

/// A unified diff of two texts (`diff -u -N`), `None` when they are equal.
pub fn unified(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    palette: Palette,
) -> Option<String> {
    if old == new {
        return None;
    }
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let script = edits(&a, &b);
    if script.iter().all(|(op, _, _)| *op == Op::Equal) {
        // Texts that differ only in a final newline: nothing a line diff can show.
        return None;
    }
    const CONTEXT: usize = 3;
    let bold = anstyle::Style::new().bold();
    let cyan = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Cyan.into()));
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
    let green = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into()));
    let mut out = String::new();
    for header in [
        format!("diff -u -N {old_name} {new_name}"),
        format!("--- {old_name}"),
        format!("+++ {new_name}"),
    ] {
        out.push_str(&palette.paint(bold, &header));
        out.push('\n');
    }
    // Group changes that are at most 2×CONTEXT equal lines apart into one hunk.
    let changes: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, (op, _, _))| *op != Op::Equal)
        .map(|(i, _)| i)
        .collect();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &c in &changes {
        match groups.last_mut() {
            Some((_, end)) if c - *end <= 2 * CONTEXT => *end = c,
            _ => groups.push((c, c)),
        }
    }
    for (first, last) in groups {
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT).min(script.len() - 1);
        let slice = &script[start..=end];
        let old_count = slice.iter().filter(|(op, _, _)| *op != Op::Insert).count();
        let new_count = slice.iter().filter(|(op, _, _)| *op != Op::Delete).count();
        let old_start = slice.first().map_or(0, |&(_, i, _)| i);
        let new_start = slice.first().map_or(0, |&(_, _, j)| j);
        // GNU diff numbers an empty range by the line before it.
        let shown = |start: usize, count: usize| if count == 0 { start } else { start + 1 };
        let header = format!(
            "@@ -{},{} +{},{} @@",
            shown(old_start, old_count),
            old_count,
            shown(new_start, new_count),
            new_count
        );
        out.push_str(&palette.paint(cyan, &header));
        out.push('\n');
        for &(op, i, j) in slice {
            let line = match op {
                Op::Equal => format!(" {}", a.get(i).copied().unwrap_or_default()),
                Op::Delete => {
                    palette.paint(red, &format!("-{}", a.get(i).copied().unwrap_or_default()))
                }
                Op::Insert => palette.paint(
                    green,
                    &format!("+{}", b.get(j).copied().unwrap_or_default()),
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apply(a: &[&str], b: &[&str], script: &[(Op, usize, usize)]) -> Vec<String> {
        let mut out = Vec::new();
        for &(op, i, j) in script {
            match op {
                Op::Equal => {
                    assert_eq!(a[i], b[j]);
                    out.push(a[i].to_string());
                }
                Op::Insert => out.push(b[j].to_string()),
                Op::Delete => {}
            }
        }
        out
    }

    #[test]
    fn scripts_rebuild_the_new_text_minimally() {
        let cases: &[(&str, &str, usize)] = &[
            ("abcabba", "cbabac", 5),
            ("", "abc", 3),
            ("abc", "", 3),
            ("abc", "abc", 0),
            ("axc", "ayc", 2),
            ("abcdef", "abxdef", 2),
        ];
        for (x, y, distance) in cases {
            let a: Vec<&str> = x.split("").filter(|s| !s.is_empty()).collect();
            let b: Vec<&str> = y.split("").filter(|s| !s.is_empty()).collect();
            let script = edits(&a, &b);
            assert_eq!(apply(&a, &b, &script), b, "{x} -> {y}");
            let changes = script.iter().filter(|(op, _, _)| *op != Op::Equal).count();
            assert_eq!(changes, *distance, "{x} -> {y}");
        }
    }

    #[test]
    fn unified_diff_has_hunks_with_context() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 3\n", "line three\n")
            .replace("line 17\n", "")
            + "line 21\n";
        let diff = unified(&old, &new, "live/x", "merged/x", Palette::default()).unwrap();
        let expected = "diff -u -N live/x merged/x\n--- live/x\n+++ merged/x\n@@ -1,6 +1,6 @@\n line 1\n line 2\n-line 3\n+line three\n line 4\n line 5\n line 6\n@@ -14,7 +14,7 @@\n line 14\n line 15\n line 16\n-line 17\n line 18\n line 19\n line 20\n+line 21\n";
        assert_eq!(diff, expected);
        assert_eq!(unified(&old, &old, "a", "b", Palette::default()), None);
    }

    #[test]
    fn colours_only_when_asked() {
        let diff = unified("a\n", "b\n", "l", "m", Palette { color: true }).unwrap();
        assert!(diff.contains("\u{1b}[31m-a\u{1b}[0m\n"), "{diff:?}");
        assert!(diff.contains("\u{1b}[32m+b\u{1b}[0m\n"), "{diff:?}");
        assert!(
            diff.contains("\u{1b}[36m@@ -1,1 +1,1 @@\u{1b}[0m\n"),
            "{diff:?}"
        );
    }

    #[test]
    fn a_new_object_is_all_additions() {
        let diff = unified("", "a: 1\nb: 2\n", "live/x", "merged/x", Palette::default()).unwrap();
        assert!(diff.ends_with("@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n"), "{diff}");
    }

    #[test]
    fn volatile_metadata_is_ignored_and_keys_sorted() {
        let live = json!({"kind": "Service", "apiVersion": "v1", "metadata": {"name": "web",
            "uid": "1", "resourceVersion": "8", "generation": 2,
            "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{"manager": "x"}]},
            "spec": {"type": "ClusterIP"}});
        assert_eq!(
            yaml(Some(&live)),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n"
        );
        assert_eq!(yaml(None), "");
    }

    #[test]
    fn huge_differences_stay_bounded() {
        let old: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let new: Vec<String> = (0..3000).map(|i| format!("b{i}")).collect();
        let a: Vec<&str> = old.iter().map(String::as_str).collect();
        let b: Vec<&str> = new.iter().map(String::as_str).collect();
        let script = edits(&a, &b);
        assert_eq!(apply(&a, &b, &script), new);
    }
}
