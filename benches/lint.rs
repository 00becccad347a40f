//! Per-document costs through the library, without process start or file reading, which
//! `scripts/bench.py` measures on the whole binary. `cargo bench --bench lint [-- FILTER]`.

use std::fmt::Write as _;
use std::path::Path;

use divan::Bencher;
use divan::counter::BytesCount;
use svcctl::lint::driver::{Input, LintOptions, check_text, collect_files, read_input};
use svcctl::model::yaml::{Limits, parse_stream};

// The allocator the binary uses (see src/main.rs): with the system one, allocation would
// dominate these numbers and misstate what `svcctl lint` costs.
#[global_allocator]
static GLOBAL: svcctl::allocator::Mimalloc = svcctl::allocator::Mimalloc;

fn main() {
    divan::main();
}

const INPUTS: &[&str] = &["service", "service+deployment", "1000-documents"];

fn deployment(i: usize, out: &mut String) {
    let _ = write!(
        out,
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.{i}\n          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n",
        ns = i % 37
    );
}

fn service(i: usize, out: &mut String) {
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\n  namespace: team-{ns}\n  labels:\n    app: app-{i}\n  annotations:\n    owner: team-{ns}\nspec:\n  type: {kind}\n  selector:\n    app: app-{i}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n    - name: metrics\n      port: 9090\n      targetPort: metrics\n",
        ns = i % 37,
        kind = ["ClusterIP", "NodePort", "LoadBalancer"][i % 3]
    );
}

/// Built in code so that no large file has to live in the repository.
fn text(input: &str) -> String {
    let mut out = String::new();
    match input {
        "service" => service(0, &mut out),
        "service+deployment" => {
            deployment(0, &mut out);
            service(0, &mut out);
        }
        "1000-documents" => {
            for i in 0..500 {
                deployment(i, &mut out);
                service(i, &mut out);
            }
        }
        _ => unreachable!("unknown input {input}"),
    }
    out
}

#[divan::bench(args = INPUTS)]
fn parse(bencher: Bencher, input: &str) {
    let text = text(input);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| parse_stream(divan::black_box(&text), Limits::default()));
}

#[divan::bench(args = INPUTS)]
fn lint(bencher: Bencher, input: &str) {
    let text = text(input);
    let options = LintOptions::default();
    // `check_text` takes ownership, so the copy is made outside the timed region.
    bencher
        .with_inputs(|| text.clone())
        .input_counter(BytesCount::of_str)
        .bench_values(|text| check_text("bench.yaml".into(), text, &options));
}

/// Every manifest of the shared real-world corpus, one file after another on one thread.
#[divan::bench(sample_count = 10)]
fn corpus(bencher: Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-world");
    // The corpus sits beside the checkout, not in it; a plain clone has none.
    if !root.is_dir() {
        eprintln!("corpus: {} not found, skipped", root.display());
        return;
    }
    let (files, _) = collect_files(&[Input::Path(root)]);
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| read_input(f, u64::MAX).ok())
        .filter_map(|(name, text)| Some((name, text.ok()?)))
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let options = LintOptions::default();
    bencher
        .with_inputs(|| texts.clone())
        .counter(BytesCount::new(bytes))
        .bench_values(|texts| {
            texts
                .into_iter()
                .map(|(name, text)| check_text(name, text, &options))
                .collect::<Vec<_>>()
        });
}
