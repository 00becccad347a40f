//! A file big enough to be checked in parts on several threads must be reported exactly as one
//! thread reports it: same findings, same documents, same order.

use std::fmt::Write as _;

use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::render::{Format, HumanStyle, RenderOptions, render};

fn big_file() -> String {
    let mut text = String::new();
    for i in 0..6_000 {
        // Every 997th Service has a nodePort out of range; an empty document now and then shifts
        // document numbers against object ordinals, and so does a `List` of two Services.
        let node_port = if i % 997 == 3 {
            99_999
        } else {
            30_000 + i % 2_000
        };
        let _ = write!(
            text,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: ns-{}\nspec:\n  type: NodePort\n  selector:\n    app: a{i}\n  ports:\n    - port: 80\n      targetPort: {}\n      nodePort: {node_port}\n",
            i % 3,
            if i % 50 == 7 { "web" } else { "8080" },
        );
        if i % 1_000 == 500 {
            text.push_str("---\n# nothing here\n");
        }
        // Workloads for some of the Services, half of them without the named port the Service
        // targets: cross-object findings with related locations.
        if i % 50 == 7 {
            let _ = write!(
                text,
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d-{i}\n  namespace: ns-{}\nspec:\n  selector:\n    matchLabels:\n      app: a{i}\n  template:\n    metadata:\n      labels:\n        app: a{i}\n    spec:\n      containers:\n        - name: c\n          image: example.com/c:1\n          ports:\n            - name: {}\n              containerPort: 8080\n",
                i % 3,
                if i % 100 == 7 { "web" } else { "http" },
            );
        }
        if i % 700 == 11 {
            let _ = write!(
                text,
                "---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: listed-{i}\n    spec:\n      ports:\n        - port: 80\n          nodePort: 30080\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: listed-{i}-b\n    spec:\n      ports:\n        - port: 81\n"
            );
        }
        if i % 900 == 13 {
            let _ = write!(
                text,
                "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: quiet-{i}\n  namespace: ns-0\n  annotations:\n    svcctl.dev/ignore: node-port-range,selector-matches-nothing\nspec:\n  type: NodePort\n  selector:\n    app: a57x\n  ports:\n    - port: 80\n      nodePort: 99999\n"
            );
        }
        if i % 800 == 17 {
            let _ = write!(
                text,
                "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: twice-{i}\n  name: twice-{i}\nspec:\n  ports:\n    - port: 80\n"
            );
        }
    }
    assert!(
        text.len() > 1 << 20,
        "the file must be big enough to be pipelined"
    );
    text
}

/// The JSON report, then every object the run read and every suppressed finding, one a line.
fn lint_json(threads: usize, text: &str) -> (String, String) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let options = LintOptions {
        list_objects: true,
        ..LintOptions::default()
    };
    let report = pool.install(|| lint_texts(vec![("big.yaml".into(), text.to_owned())], &options));
    let objects: Vec<String> = report
        .objects
        .iter()
        .map(|(file, o)| format!("{file} {o:?}"))
        .chain(report.suppressed.iter().map(|d| {
            format!(
                "suppressed {} at {:?} in {:?}",
                d.rule.id,
                d.start(),
                d.object
            )
        }))
        .collect();
    let options = RenderOptions {
        style: HumanStyle::default(),
        show_suppressed: true,
    };
    (render(&report, Format::Json, &options), objects.join("\n"))
}

fn count(report: &serde_json::Value, list: &str, rule: &str) -> usize {
    report[list]
        .as_array()
        .map_or(0, |l| l.iter().filter(|d| d["rule"] == rule).count())
}

#[test]
fn a_big_file_is_reported_the_same_on_one_thread_and_on_several() {
    let text = big_file();
    let (one, one_objects) = lint_json(1, &text);
    for threads in [2, 3] {
        let (several, several_objects) = lint_json(threads, &text);
        assert_eq!(one, several, "{threads} threads");
        assert_eq!(one_objects, several_objects, "{threads} threads");
    }
    let report: serde_json::Value = serde_json::from_str(&one).expect("json");
    // What the file holds is found, so that agreement is not agreement on nothing.
    assert_eq!(count(&report, "diagnostics", "node-port-range"), 7, "{one}");
    // The seven annotated Services' findings are silenced, not lost in the renumbering.
    let suppressed = one_objects
        .lines()
        .filter(|l| l.starts_with("suppressed node-port-range"));
    assert_eq!(suppressed.count(), 7, "{one_objects}");
    // Those of the cross-object rules too, which find the annotation by the object's ordinal.
    let suppressed = one_objects
        .lines()
        .filter(|l| l.starts_with("suppressed selector-matches-nothing"));
    assert_eq!(suppressed.count(), 7, "{one_objects}");
    assert_eq!(count(&report, "diagnostics", "node-port-conflict"), 4_006);
    assert_eq!(
        count(&report, "diagnostics", "target-port-name-not-found"),
        60
    );
    assert_eq!(count(&report, "diagnostics", "duplicate-key"), 8, "{one}");
    assert_eq!(report["summary"]["services"], 6_000 + 2 * 9 + 7 + 8);
    let objects = one_objects.lines().filter(|l| l.starts_with("big.yaml"));
    assert_eq!(objects.count(), 6_000 + 120 + 2 * 9 + 7 + 8);
}

/// Every fixture the fast path reads whole, one after another and again until the stream is
/// big enough to be read in pieces: every rule's findings (and the cross-object ones between
/// copies in different pieces) must come out as one thread reports them.
#[test]
fn every_fixture_repeated_into_a_big_file_is_reported_the_same_on_one_thread_and_on_two() {
    use svcctl::model::fast::documents_read_fast;
    use svcctl::model::yaml::Limits;

    let mut paths = Vec::new();
    let mut folders = vec![std::path::PathBuf::from("fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("fixtures").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut round = String::new();
    let mut used = 0;
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let text = format!("---\n{}\n", text.trim_end());
        if documents_read_fast(&text, Limits::default()).1 {
            round.push_str(&text);
            used += 1;
        }
    }
    assert!(used >= 120, "only {used} fixtures are for the fast path");
    let mut text = String::new();
    while text.len() <= 1 << 20 {
        text.push_str(&round);
    }
    assert!(documents_read_fast(&text, Limits::default()).1);
    let (one, one_objects) = lint_json(1, &text);
    let (two, two_objects) = lint_json(2, &text);
    assert_eq!(one, two);
    assert_eq!(one_objects, two_objects);
    let report: serde_json::Value = serde_json::from_str(&one).expect("json");
    let rules: std::collections::BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.len() >= 50, "{rules:?}");
}
