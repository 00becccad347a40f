//! A small YAML writer for generated manifests, in kubectl's layout: two-space indentation,
//! sequence items (`- `) at the same indentation as their key, keys in the order the value holds
//! them, and strings quoted only when a YAML 1.1 reader (kubectl's go-yaml v2) or a YAML 1.2
//! reader would otherwise see something else: a bool, a number, a null, a comment, a mapping.
//!
//! A serializer crate would do, but none of them promises kubectl's sequence layout, and the
//! quoting decision must agree with svcctl's own reader (`model::yaml::resolve_plain`), which is
//! what decides that `"yes"` and `"0755"` need quotes.

use serde_json::Value;

use crate::model::yaml::{Resolved, resolve_plain};

/// The YAML text of a value (normally a mapping), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar, or an empty collection written in flow style.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a mapping that is a sequence item sits after its `- `.
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        write_entry(out, key, value, indent);
    }
}

fn write_entry(out: &mut String, key: &str, value: &Value, indent: usize) {
    out.push_str(&scalar(key));
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str(":\n");
            write_map(out, map, indent + 2);
        }
        // kubectl style: the items of a sequence are not indented under their key.
        Value::Array(items) if !items.is_empty() => {
            out.push_str(":\n");
            write_seq(out, items, indent);
        }
        other => {
            out.push_str(": ");
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        if !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => write_map(out, map, indent + 2),
            Value::Array(inner) if !inner.is_empty() => write_seq(out, inner, indent + 2),
            other => {
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

/// A string as a plain scalar when every YAML reader takes it back as that same string, else
/// double-quoted.
pub fn scalar(s: &str) -> String {
    if needs_quotes(s) {
        double_quoted(s)
    } else {
        s.to_string()
    }
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    // Booleans, nulls and numbers of YAML 1.1 (`yes`, `~`, `0755`, `1_000`, `.inf`) and 1.2.
    if !matches!(resolve_plain(s), Resolved::Str(_)) {
        return true;
    }
    if looks_sexagesimal(s) || s == "=" || s == "<<" {
        return true;
    }
    if matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    ) {
        return true;
    }
    if first.is_whitespace() || s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return true;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#") {
        return true;
    }
    // A document marker at the start of a line would end the document.
    if s.starts_with("---") || s.starts_with("...") {
        return true;
    }
    s.chars()
        .any(|c| c.is_control() || !printable(c) || c == '\t')
}

/// YAML 1.1 base-60 numbers (`1:20`, `190:20:30.15`), which some readers still resolve.
fn looks_sexagesimal(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = body.split(':');
    let Some(head) = parts.next() else {
        return false;
    };
    if head.is_empty() || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    rest.iter().enumerate().all(|(i, part)| {
        let part = if i + 1 == rest.len() {
            part.split_once('.').map_or(*part, |(int, _)| int)
        } else {
            part
        };
        !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Characters YAML allows unescaped: tab, printable ASCII, and non-ASCII except the C1 controls,
/// surrogates, the BOM and the Unicode line separators (which YAML 1.1 reads as line breaks).
fn printable(c: char) -> bool {
    match c {
        '\t' | ' '..='~' => true,
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => true,
        _ => false,
    }
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::yaml::{Limits, parse_stream};
    use serde_json::json;

    fn read_back(text: &str) -> Option<String> {
        let stream = parse_stream(text, Limits::default());
        if !stream.errors.is_empty() {
            return None;
        }
        let root = stream.documents.first()?.root.as_ref()?;
        root.get("k")?.as_str().map(str::to_string)
    }

    #[test]
    fn kubectl_layout() {
        let value = json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "web"}},
            "spec": {
                "type": "NodePort",
                "selector": {"app": "web"},
                "ports": [
                    {"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"},
                    {"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53}
                ],
                "loadBalancerSourceRanges": ["10.0.0.0/8"],
                "empty": {},
                "none": []
            }
        });
        let expected = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: http
  - name: dns
    protocol: UDP
    port: 53
    targetPort: 53
  loadBalancerSourceRanges:
  - 10.0.0.0/8
  empty: {}
  none: []
";
        assert_eq!(to_yaml(&value), expected);
    }

    #[test]
    fn nested_sequences() {
        let value = json!({"a": [[1, 2], {"b": [true, null]}]});
        assert_eq!(
            to_yaml(&value),
            "a:\n- - 1\n  - 2\n- b:\n  - true\n  - null\n"
        );
    }

    #[test]
    fn quotes_only_what_needs_it() {
        for plain in [
            "web",
            "db.example.com",
            "10.0.0.0/8",
            "app.kubernetes.io/name",
            "a:b",
            "x#y",
            "ClientIP",
            "2001:db8::/32",
            "é",
        ] {
            assert_eq!(scalar(plain), plain, "{plain}");
        }
        for quoted in [
            "",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "n",
            "true",
            "null",
            "~",
            "80",
            "1.0",
            "0755",
            "0x1f",
            "1_000",
            "1e3",
            ".inf",
            "-.5",
            "1:20",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "-",
            "*ref",
            "&a",
            "!tag",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%x",
            "@x",
            "`x",
            "{}",
            "[a]",
            " lead",
            "trail ",
            "end:",
            "line\nbreak",
            "tab\there",
            "---",
            "<<",
            "=",
            "\u{2028}",
            "\u{7f}",
            "\u{feff}x",
        ] {
            assert!(
                scalar(quoted).starts_with('"'),
                "{quoted:?} -> {}",
                scalar(quoted)
            );
        }
    }

    #[test]
    fn every_string_reads_back_unchanged() {
        let samples = [
            "",
            "yes",
            "80",
            "1.0",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "\"",
            "\\",
            "'",
            "line\nbreak",
            "tab\there",
            "\u{1}",
            "\u{85}",
            "\u{2028}",
            "\u{10ffff}",
            "é ü",
            "x\r",
            "\u{feff}",
            "---",
            "...",
            "?",
            "? x",
        ];
        for s in samples {
            let text = to_yaml(&json!({ "k": s }));
            assert_eq!(read_back(&text).as_deref(), Some(s), "{s:?} as {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_strings_read_back_unchanged(s in "\\PC*|[ -~]{0,12}|[0-9.:_+-]{1,8}") {
            let text = to_yaml(&json!({ "k": s }));
            proptest::prop_assert_eq!(read_back(&text), Some(s.clone()), "{:?}", text);
        }
    }
}
