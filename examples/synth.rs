//! Writes synthetic manifests for benchmarks: `cargo run --release --example synth -- SERVICES DIR
//! [FILES]`. Each Service comes with the Deployment it selects (a named containerPort, a matching
//! named targetPort), a few in every namespace, spread over FILES files (default 100; 1 writes a
//! single large file). Half the Services are NodePort or LoadBalancer; as in real repositories
//! most of those leave `nodePort` to the cluster, and about one in forty sets one, unique across
//! the whole set for up to 110,000 Services. About one Service in fifty carries a mistake (a
//! nodePort of 99999 or just below, a `metrix` targetPort), as real repositories do.
//! `--services-only` writes compact Services without workloads (150,000 of them make ~20 MB).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

fn service(i: usize, out: &mut String) {
    let ns = format!("team-{}", i % 37);
    let kind = ["ClusterIP", "NodePort", "LoadBalancer", "ClusterIP"][i % 4];
    // Real repositories mostly let the cluster allocate nodePorts; the few explicit ones must
    // differ, or a large set would be all node-port-conflict findings. Residues 1 and 42 of 80 are
    // one NodePort and one LoadBalancer Service with distinct i / 40, and never meet i % 50 == 7.
    // The invalid ones differ too (99999, 99998, …, all above 65535), so that they are only
    // node-port-range findings.
    let node_port = match kind {
        "ClusterIP" => None,
        _ if i % 50 == 7 => Some(99_999 - i / 50),
        _ if matches!(i % 80, 1 | 42) => Some(30_000 + (i / 40) % 2_768),
        _ => None,
    };
    let _ = write!(
        out,
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: {ns}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n        tier: backend\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:{i}\n          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n"
    );
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\n  namespace: {ns}\n  labels:\n    app: app-{i}\n  annotations:\n    owner: team-{}\nspec:\n  type: {kind}\n  selector:\n    app: app-{i}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n",
        i % 37
    );
    if let Some(node_port) = node_port {
        let _ = writeln!(out, "      nodePort: {node_port}");
    }
    let _ = write!(
        out,
        "    - name: metrics\n      port: 9090\n      targetPort: {}\n",
        if i % 50 == 13 { "metrix" } else { "metrics" }
    );
}

/// A compact Service with no workload (about 135 bytes), for "one huge file" memory tests.
fn bare_service(i: usize, out: &mut String) {
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc-{i}}}\nspec:\n  selector: {{app: a{i}}}\n  ports: [{{port: 80, targetPort: 8080}}]\n"
    );
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(dir)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2).map(PathBuf::from),
    ) else {
        eprintln!("usage: synth SERVICES DIR [FILES] [--services-only]");
        std::process::exit(2);
    };
    let files = args
        .get(3)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(100)
        .max(1);
    let services_only = args.iter().any(|a| a == "--services-only");
    std::fs::create_dir_all(&dir)?;
    let per_file = count.div_ceil(files);
    let mut written = 0;
    for f in 0..files {
        let mut text = String::new();
        for i in f * per_file..((f + 1) * per_file).min(count) {
            if services_only {
                bare_service(i, &mut text);
            } else {
                service(i, &mut text);
            }
        }
        if text.is_empty() {
            break;
        }
        written += text.len();
        std::fs::File::create(dir.join(format!("manifests-{f:04}.yaml")))?
            .write_all(text.as_bytes())?;
    }
    eprintln!(
        "wrote {count} Services (+ Deployments), {written} bytes, in {} file(s) under {}",
        files.min(count.max(1)),
        dir.display()
    );
    Ok(())
}
