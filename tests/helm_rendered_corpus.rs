//! Real public charts rendered by Helm (ingress-nginx, prometheus-community, argo-helm, bitnami
//! with bitnami/common, podinfo): every key of every rendered document is placed back on its
//! template, and the line it lands on must write that key or one of its ancestors, or be an
//! action that fills a block, or the template's first line. The charts are not in the
//! repository: `scripts/helm-render-corpus.py` extracts, renders and lints them into
//! SVCCTL_HELM_RENDERED_CORPUS=DIR (`DIR/charts/NAME`, `DIR/rendered/NAME.yaml`); without it this test
//! passes with one line saying it was skipped.

use std::path::PathBuf;

use svcctl::helm::locate::{LineKind, Step, read_paths};
use svcctl::helm::stream::{Stream, Templates};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("SVCCTL_HELM_RENDERED_CORPUS")?);
    dir.join("rendered").is_dir().then_some(dir)
}

/// The key a template line writes (`key: …`, `- key: …`), if it writes one.
fn written_key(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start();
    }
    let (key, _) = rest.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']).to_string())
}

fn is_output_action(line: &str) -> bool {
    let t = line.trim_start();
    let inner = t
        .trim_start_matches("{{")
        .trim_start_matches('-')
        .trim_start();
    t.starts_with("{{")
        && !["if ", "else", "end", "range ", "with ", "define ", "/*"]
            .iter()
            .any(|w| inner.starts_with(w))
}

#[test]
fn every_rendered_key_lands_on_a_template_line_that_writes_it_or_an_ancestor() {
    let Some(dir) = corpus() else {
        eprintln!(
            "skipped: SVCCTL_HELM_RENDERED_CORPUS is not set (scripts/helm-render-corpus.py fills it)"
        );
        return;
    };
    let mut streams: Vec<PathBuf> = std::fs::read_dir(dir.join("rendered"))
        .expect("rendered streams")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    streams.sort();
    let (mut keys, mut on_templates, mut good, mut charts) = (0usize, 0usize, 0usize, 0usize);
    let mut bad = Vec::new();
    // Landed on: the key's own line, an action filling a block, the first line, an ancestor key.
    let mut by_kind = [0usize; 4];
    for stream_path in streams {
        let name = stream_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&stream_path).expect("stream");
        let mut stream = Stream::new(&text);
        let mut templates = Templates::new(vec![dir.join("charts").join(&name)]);
        charts += 1;
        for line in read_paths(&text, 0) {
            if line.kind != LineKind::Writes {
                continue;
            }
            let Some(offset) = line.path.last().map(|(_, column)| line.start + column) else {
                continue;
            };
            keys += 1;
            let Some(origin) = stream.origin(&text, offset, &mut templates) else {
                continue;
            };
            let Some((file, span)) = origin.written else {
                continue;
            };
            on_templates += 1;
            let position = file.position(span.start);
            let template_line = file
                .line_start(position.line)
                .and_then(|start| file.text.get(start..))
                .and_then(|t| t.lines().next())
                .unwrap_or("");
            let rendered_keys: Vec<&str> = line
                .path
                .iter()
                .filter_map(|(s, _)| match s {
                    Step::Key(k) => Some(k.as_str()),
                    _ => None,
                })
                .collect();
            let own = written_key(template_line)
                .is_some_and(|k| rendered_keys.last().is_some_and(|r| *r == k));
            let kind = if own {
                0
            } else if is_output_action(template_line) {
                1
            } else if position.line == 1 {
                2
            } else {
                3
            };
            if let Some(n) = by_kind.get_mut(kind) {
                *n += 1;
            }
            let ok = position.line == 1
                || is_output_action(template_line)
                || written_key(template_line).is_some_and(|k| {
                    k.contains("{{") || rendered_keys.iter().any(|r| *r == k)
                })
                // A list item written literally (`- {{ .Values.x }}`).
                || template_line.trim_start().starts_with("- ");
            if ok {
                good += 1;
            } else if bad.len() < 40 {
                bad.push(format!(
                    "{name}: rendered {} (line {}) placed on {}:{}: {template_line:?}",
                    rendered_keys.join("."),
                    text.get(..line.start)
                        .map_or(0, |t| t.matches('\n').count() + 1),
                    file.name,
                    position.line
                ));
            }
        }
    }
    eprintln!(
        "helm corpus: {charts} charts, {keys} rendered keys, {on_templates} placed on templates, {good} on a line writing the key or an ancestor (own key line {}, filling action {}, first line {}, ancestor key or item {})",
        by_kind[0], by_kind[1], by_kind[2], by_kind[3]
    );
    assert!(charts > 0 && on_templates > 0);
    assert!(
        bad.is_empty(),
        "{} misplaced:\n{}",
        on_templates - good,
        bad.join("\n")
    );
}
