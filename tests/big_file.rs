//! A file big enough to be checked in parts on several threads must be reported exactly as one
//! thread reports it: same findings, same documents, same order.

use std::fmt::Write as _;

use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::render::{Format, HumanStyle, RenderOptions, render};

fn big_file() -> String {
    let mut text = String::new();
    for i in 0..6_000 {
        // Every 997th Service has a nodePort out of range; an empty document now and then shifts
        // document numbers against object ordinals.
        let node_port = if i % 997 == 3 {
            99_999
        } else {
            30_000 + i % 2_000
        };
        let _ = write!(
            text,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: ns-{}\nspec:\n  type: NodePort\n  selector:\n    app: a{i}\n  ports:\n    - port: 80\n      targetPort: 8080\n      nodePort: {node_port}\n",
            i % 3
        );
        if i % 1_000 == 500 {
            text.push_str("---\n# nothing here\n");
        }
    }
    assert!(
        text.len() > 1 << 20,
        "the file must be big enough to be pipelined"
    );
    text
}

fn lint_json(threads: usize, text: &str) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let report = pool.install(|| {
        lint_texts(
            vec![("big.yaml".into(), text.to_owned())],
            &LintOptions::default(),
        )
    });
    let options = RenderOptions {
        style: HumanStyle::default(),
        show_suppressed: true,
    };
    render(&report, Format::Json, &options)
}

#[test]
fn a_big_file_is_reported_the_same_on_one_thread_and_on_several() {
    let text = big_file();
    let one = lint_json(1, &text);
    let several = lint_json(3, &text);
    assert_eq!(one, several);
    let report: serde_json::Value = serde_json::from_str(&one).expect("json");
    let ranges = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "node-port-range")
        .count();
    assert_eq!(ranges, 7, "{one}");
    assert_eq!(report["summary"]["services"], 6_000);
}
