//! The run index against small runs: which Services meet which workloads, parts of a run, and
//! the facts' answers whether scanned or indexed.

use super::{DefinedIn, near_miss, share_bounds};
use crate::k8s::facts::TypedServices;
use crate::lint::driver::{LintOptions, lint_texts};

#[test]
fn typed_services_are_found_by_ordinal_whatever_order_they_came_in() {
    let named = |name: &str| k8s_openapi::api::core::v1::Service {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let name_at = |typed: &TypedServices, ordinal| {
        typed
            .get(ordinal)
            .and_then(|s| s.metadata.name.clone())
            .unwrap_or_default()
    };
    let mut typed = TypedServices::default();
    for (ordinal, name) in [(2, "c"), (5, "f"), (0, "a"), (3, "d"), (5, "f2")] {
        typed.push(ordinal, named(name));
    }
    assert_eq!(typed.len(), 4);
    for (ordinal, name) in [(0, "a"), (2, "c"), (3, "d"), (5, "f2")] {
        assert_eq!(name_at(&typed, ordinal), name);
    }
    for missing in [1, 4, 6] {
        assert!(typed.get(missing).is_none());
    }
}

fn service(name: &str, selector: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}  selector:\n    app: {selector}\n  ports:\n  - port: 80\n    targetPort: http\n"
    )
}

fn deployment(name: &str, app: &str, port_name: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - name: {port_name}\n          containerPort: 8080\n"
    )
}

/// (file, rule id) of every cross-object finding of a run over named texts.
fn run(files: &[(&str, String)]) -> Vec<(String, &'static str)> {
    let texts = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .collect();
    let report = lint_texts(texts, &LintOptions::default());
    let mut found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.category == crate::lint::Category::CrossObject)
        .map(|d| (d.file.name.clone(), d.rule.id))
        .collect();
    found.sort();
    found
}

#[test]
fn workloads_relate_to_services_in_the_same_folder() {
    let typo = service("web", "wbe", "");
    let web = deployment("web", "web", "http");
    assert_eq!(
        run(&[
            ("k8s/svc.yaml", typo.clone()),
            ("k8s/deploy.yaml", web.clone())
        ]),
        [("k8s/svc.yaml".to_string(), "selector-matches-nothing")]
    );
    // Another folder is another project, example or environment.
    assert!(run(&[("a/svc.yaml", typo), ("b/deploy.yaml", web.clone())]).is_empty());
    let bad_port = service("web", "web", "");
    assert_eq!(
        run(&[
            ("k8s/svc.yaml", bad_port.clone()),
            ("k8s/deploy.yaml", deployment("web", "web", "htp"))
        ]),
        [("k8s/svc.yaml".to_string(), "target-port-name-not-found")]
    );
    assert!(
        run(&[
            ("a/svc.yaml", bad_port),
            ("b/deploy.yaml", deployment("web", "web", "htp"))
        ])
        .is_empty()
    );
}

#[test]
fn standard_input_is_in_every_folder() {
    let typo = service("web", "wbe", "");
    let web = deployment("web", "web", "http");
    assert_eq!(
        run(&[("-", typo.clone()), ("k8s/deploy.yaml", web.clone())]),
        [("-".to_string(), "selector-matches-nothing")]
    );
    assert_eq!(
        run(&[("k8s/svc.yaml", typo), ("-", web)]),
        [("k8s/svc.yaml".to_string(), "selector-matches-nothing")]
    );
    // The named targetPort is looked up in the workload piped in, too.
    assert_eq!(
        run(&[
            ("k8s/svc.yaml", service("web", "web", "")),
            ("-", deployment("web", "web", "htp"))
        ]),
        [("k8s/svc.yaml".to_string(), "target-port-name-not-found")]
    );
}

/// A Service's and a workload's ports are scanned when they are few and indexed when they
/// are many ([`crate::k8s::facts::LazyPortIndex`]): the answers must be the same, present ports found
/// (by name and by number, first and last) and absent ones not.
#[test]
fn port_questions_get_the_same_answers_scanned_and_indexed() {
    for count in [3usize, crate::k8s::facts::INDEX_PORTS_FROM + 24] {
        let last = count - 1;
        let mut service = String::from(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n",
        );
        let mut deployment = String::from(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n",
        );
        for i in 0..count {
            let target = if i % 2 == 0 {
                format!("c{i}")
            } else {
                (2000 + i).to_string()
            };
            service.push_str(&format!(
                "  - name: q{i}\n    port: {}\n    targetPort: {target}\n",
                1000 + i
            ));
            deployment.push_str(&format!(
                "        - name: c{i}\n          containerPort: {}\n",
                2000 + i
            ));
        }
        // One named and one numbered targetPort the workload does not declare.
        service.push_str("  - name: y\n    port: 7\n    targetPort: zz\n");
        service.push_str("  - name: z\n    port: 8\n    targetPort: 3999\n");
        let paths: String = [
            "name: q0".to_string(),
            format!("name: q{last}"),
            format!("number: {}", 1000 + last),
            "number: 1000".to_string(),
            "name: nope".to_string(),
            "number: 9".to_string(),
        ]
        .iter()
        .enumerate()
        .map(|(i, port)| {
            format!(
                "      - path: /p{i}\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              {port}\n"
            )
        })
        .collect();
        let ingress = format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n{paths}"
        );
        let found = run(&[("k8s/app.yaml", [service, deployment, ingress].join("---\n"))]);
        let at = |rule| ("k8s/app.yaml".to_string(), rule);
        assert_eq!(
            found,
            [
                at("ingress-backend-mismatch"),
                at("ingress-backend-mismatch"),
                at("target-port-name-not-found"),
                at("target-port-not-declared"),
            ],
            "{count} ports"
        );
    }
}

/// `unmatched` walks the selector and the template labels side by side: keys only the
/// template has, before, between and after the selector's, must be stepped over, and a key
/// the controller adds counts as carried.
#[test]
fn selectors_are_matched_against_template_labels_key_by_key() {
    let with = |selector: &str, labels: &str| {
        let service = format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {selector}\n  ports:\n  - port: 80\n"
        );
        let deployment = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n      - name: c\n        image: x\n"
        );
        run(&[("k8s/svc.yaml", service), ("k8s/deploy.yaml", deployment)])
    };
    let nothing = [("k8s/svc.yaml".to_string(), "selector-matches-nothing")];
    assert!(
        with(
            "{app: web, tier: api}",
            "{aaa: 1, app: web, mid: 2, tier: api, zzz: 3}"
        )
        .is_empty()
    );
    assert!(with("{app: web, pod-template-hash: abc}", "{app: web}").is_empty());
    assert_eq!(
        with("{app: web, tier: apl}", "{aaa: 1, app: web, tier: api}"),
        nothing
    );
    assert_eq!(
        with("{app: web, tier: api}", "{app: web, tier: api2}"),
        nothing
    );
}

#[test]
fn run_parts_tile_each_list_in_order() {
    for len in 0..40 {
        for parts in 1..12 {
            let mut next = 0;
            for part in 0..parts {
                let range = share_bounds(len, part, parts);
                assert_eq!(range.start, next, "{len} items, part {part} of {parts}");
                assert!(range.end >= range.start);
                next = range.end;
            }
            assert_eq!(next, len, "{len} items in {parts} parts");
        }
    }
}

#[test]
fn a_run_checked_in_parts_reports_each_object_once() {
    // Enough objects for several parts (see OBJECTS_PER_RUN_PART in the driver), on pools of
    // one and of three threads: every Service's finding, once.
    let services = 700;
    let text: String = (0..services)
        .map(|i| {
            format!(
                "---\n{}---\n{}",
                service(&format!("s{i}"), &format!("a{i}"), ""),
                deployment(&format!("d{i}"), &format!("a{i}"), "htp")
            )
        })
        .collect();
    let mut expected: Vec<String> = (0..services).map(|i| format!("s{i}")).collect();
    expected.sort();
    for threads in [1, 3] {
        let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
            panic!("a thread pool of {threads}");
        };
        let report = pool.install(|| {
            lint_texts(
                vec![("k8s/all.yaml".into(), text.clone())],
                &LintOptions::default(),
            )
        });
        let mut named: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.id == "target-port-name-not-found")
            .filter_map(|d| d.object.as_ref()?.name.clone())
            .collect();
        named.sort();
        assert_eq!(named, expected, "on {threads} threads");
    }
}

#[test]
fn an_object_keeps_each_defining_file_once() {
    let mut d = DefinedIn {
        first: 0,
        more: Vec::new(),
    };
    for file in [0, 0, 2, 2, 5] {
        d.add(file);
    }
    assert_eq!((d.first, d.more.as_slice()), (0, &[2, 5][..]));
    assert!(d.contains(0) && d.contains(2) && d.contains(5));
    assert!(!d.contains(1) && !d.contains(3));
}

#[test]
fn a_workload_defined_in_several_bundles_counts_once_with_every_definition() {
    // all-in-one.yaml and quickstart.yaml both define deployment/web, one declaring "http".
    let bundle = format!(
        "{}---\n{}",
        service("web", "web", ""),
        deployment("web", "web", "http")
    );
    let other = deployment("web", "web", "metrics");
    assert!(
        run(&[
            ("k8s/all-in-one.yaml", bundle),
            ("k8s/quickstart.yaml", other)
        ])
        .is_empty()
    );
}

#[test]
fn node_port_conflicts_need_files_applied_together() {
    let np = |name: &str| {
        service(name, "web", "  type: NodePort\n").replace("targetPort: http", "nodePort: 30007")
    };
    assert_eq!(
        run(&[("k8s/a.yaml", np("web")), ("k8s/b.yaml", np("admin"))]),
        [("k8s/b.yaml".to_string(), "node-port-conflict")]
    );
    assert!(run(&[("dev/a.yaml", np("web")), ("prod/b.yaml", np("admin"))]).is_empty());
    // all.yaml repeats admin, so it is an alternative to admin.yaml, not applied with it.
    let all = format!(
        "{}---\n{}",
        np("web"),
        np("admin").replace("30007", "30008")
    );
    assert!(run(&[("k8s/all.yaml", all), ("k8s/admin.yaml", np("admin"))]).is_empty());
}

#[test]
fn the_same_service_in_two_files_is_not_a_duplicate() {
    let web = service("web", "web", "");
    assert!(run(&[("k8s/a.yaml", web.clone()), ("k8s/b.yaml", web.clone())]).is_empty());
    assert_eq!(
        run(&[("k8s/a.yaml", format!("{web}---\n{web}"))]),
        [("k8s/a.yaml".to_string(), "duplicate-service")]
    );
}

#[test]
fn near_misses_are_typos_not_versions() {
    assert!(near_miss("wbe", "web"));
    assert!(near_miss("frontend", "front-end"));
    assert!(near_miss("checkuot", "checkout"));
    assert!(near_miss("kafka-headles", "kafka-headless"));
    assert!(!near_miss("web", "web"));
    assert!(!near_miss("db", "dc"));
    assert!(!near_miss("hello", "hello-world"));
    assert!(!near_miss("v1", "v2"));
    assert!(!near_miss("tcp-echo-v1", "tcp-echo-v2"));
    assert!(!near_miss("my-service", "ai-service"));
}

/// Issue 23, behaviour 5: a Helm hook (the test Pod `helm create` writes carries the selector
/// labels) is not a workload: it cannot satisfy a selector, nor be judged against its ports.
#[test]
fn a_helm_hook_pod_is_not_a_workload() {
    let pod = |hook: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    {hook}: test\nspec:\n  containers:\n  - name: a\n    image: busybox\n"
        )
    };
    // A bare Pod carries its own labels.
    let labelled = |hook: &str| {
        pod(hook).replace(
            "  annotations:",
            "  labels:\n    app: web\n    tier: frontnd\n  annotations:",
        )
    };
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n    tier: frontend\n  ports:\n  - port: 80\n";
    let rules = |pod: String| {
        let report = lint_texts(
            vec![
                ("k/svc.yaml".into(), svc.into()),
                ("k/pod.yaml".into(), pod),
            ],
            &LintOptions::default(),
        );
        report
            .diagnostics
            .iter()
            .map(|d| d.rule.id)
            .collect::<Vec<_>>()
    };
    // As a workload, the near miss is reported; as a hook it is not there at all.
    assert!(rules(labelled("example.com/other")).contains(&"selector-matches-nothing"));
    assert!(!rules(labelled("helm.sh/hook")).contains(&"selector-matches-nothing"));
}
