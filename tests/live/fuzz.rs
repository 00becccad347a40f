//! The differential fuzzer: generated Services, judged by lint (its `api` errors, with field
//! paths) and by the real API server (a create in this run's namespace: 201, or 4xx with causes).
//! A disagreement (see [`crate::verdict::disagreement`]) fails the test, printing the minimal
//! Service proptest shrinks it to.
//!
//! The generator covers every field of ServiceSpec with realistic values first (proptest shrinks
//! towards them) and hostile ones after: names at and over 63 characters, ports 0/1/65535/65536,
//! node ports in and out of range, duplicates, IPv4/IPv6/non-canonical IPs, CIDRs, families and
//! policies, traffic policies, affinity timeouts, labels and annotations at their limits, unknown
//! and duplicate fields, wrong JSON types.
//!
//! CI runs `SVCCTL_FUZZ_CASES` (default 300) cases from `SVCCTL_FUZZ_SEED` (default fixed);
//! `scripts/fuzz-apiserver` runs a long campaign (with `SVCCTL_FUZZ_COLLECT` set, it lists every
//! disagreement unshrunk instead of stopping at the first; `SVCCTL_FUZZ_MESSAGES` also compares
//! the server's messages word for word). Every Service created is deleted at once, so
//! the node ports and cluster IPs it took are free again. Requested node ports stay in
//! 30020-30049, which no other live test asks for, and cluster IPs in 10.96.100.0/24.
//!
//! See: issue 21 (a differential fuzzer against the API server).

use std::cell::Cell;
use std::time::Instant;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::{Map, Value, json};

use crate::harness::Conn;
use crate::live;
use crate::verdict::{
    RECORDED, ServerVerdict, disagreement, lint_errors, recorded, server_options, to_line,
};

/// One generated request: a Service, and maybe one of its spec keys written twice.
#[derive(Clone, Debug)]
pub struct Case {
    pub service: Value,
    pub duplicate: Option<(String, Value)>,
}

impl Case {
    /// The exact bytes sent, and linted.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.service).unwrap_or_default();
        if let Some((key, value)) = &self.duplicate
            && let Some(at) = text.find("\"spec\": {")
        {
            let insert = format!("\n    {}: {},", json!(key), value);
            text.insert_str(at + "\"spec\": {".len(), &insert);
        }
        text
    }
}

/// One of `values`, which list realistic values first: mostly one of the first third (where
/// shrinking also goes), else any.
fn pick(values: Vec<Value>) -> BoxedStrategy<Value> {
    let realistic: Vec<Value> = values
        .iter()
        .take(values.len().div_ceil(3))
        .cloned()
        .collect();
    prop_oneof![4 => select(realistic), 1 => select(values)].boxed()
}

/// How often a field is there: the common ones often, the type-specific ones seldom, so that
/// about half of the Services are valid and the rest fail in few places.
fn presence(name: &str) -> f64 {
    match name {
        "ports" => 0.95,
        "selector" => 0.8,
        "type" => 0.6,
        "name" => 0.8,
        "protocol" | "targetPort" => 0.5,
        "healthCheckNodePort" | "loadBalancerIP" => 0.02,
        _ => 0.06,
    }
}

/// An optional field (absence shrinks first).
fn field(
    name: &'static str,
    value: BoxedStrategy<Value>,
) -> BoxedStrategy<Option<(String, Value)>> {
    proptest::option::weighted(presence(name), value)
        .prop_map(move |v| v.map(|v| (name.to_string(), v)))
        .boxed()
}

fn object(fields: Vec<BoxedStrategy<Option<(String, Value)>>>) -> BoxedStrategy<Value> {
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

fn dns_names() -> Vec<Value> {
    vec![
        json!("web"),
        json!("a"),
        json!("web-1"),
        json!(long('a', 63)),
        json!(long('a', 64)),
        json!("Web"),
        json!("1web"),
        json!("web.v1"),
        json!("-web"),
        json!("web_1"),
        // Not "": without a name the server's cluster IP allocator fails first, on the
        // IPAddress object it names after the Service ("spec.parentRef.name: Required value"
        // at spec.clusterIPs), which no manifest linter should echo.
    ]
}

fn string_map(values: Vec<Value>) -> BoxedStrategy<Value> {
    let keys = vec![
        json!("app"),
        json!("example.com/tier"),
        json!("app.kubernetes.io/name"),
        json!(format!("example.com/{}", long('k', 63))),
        json!("a/b/c"),
        json!("-x"),
        json!("Example.com/x"),
        json!("/x"),
        json!("x/"),
        json!(format!("example.com/{}", long('k', 64))),
        json!(format!("{}.com/x", long('d', 250))),
    ];
    proptest::collection::vec((pick(keys), pick(values)), 0..3)
        .prop_map(|pairs| {
            Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v))
                    .collect(),
            )
        })
        .boxed()
}

fn label_values() -> Vec<Value> {
    vec![
        json!("web"),
        json!(""),
        json!(long('v', 63)),
        json!(long('v', 64)),
        json!("a b"),
        json!("-v"),
        json!(1),
    ]
}

fn annotations() -> BoxedStrategy<Value> {
    let small = string_map(vec![json!("x"), json!(""), json!("a: b"), json!(true)]);
    // The whole map may hold 256 KiB (keys and values): exactly that, and one byte more.
    let big = select(vec![262_143usize, 262_144])
        .prop_map(|n| json!({"a": long('x', n)}))
        .boxed();
    prop_oneof![12 => small, 1 => big].boxed()
}

fn metadata() -> BoxedStrategy<Value> {
    (
        pick(dns_names()),
        proptest::option::weighted(0.5, string_map(label_values())),
        proptest::option::weighted(0.3, annotations()),
        proptest::option::weighted(0.01, Just(json!("x"))),
    )
        .prop_map(|(name, labels, annotations, unknown)| {
            let mut m = Map::new();
            m.insert("name".into(), name);
            if let Some(l) = labels {
                m.insert("labels".into(), l);
            }
            if let Some(a) = annotations {
                m.insert("annotations".into(), a);
            }
            if let Some(u) = unknown {
                m.insert("lables".into(), u);
            }
            Value::Object(m)
        })
        .boxed()
}

fn port_numbers() -> Vec<Value> {
    vec![
        json!(80),
        json!(443),
        json!(8080),
        json!(9090),
        json!(53),
        json!(1),
        json!(65535),
        json!(0),
        json!(65536),
        json!(-1),
        json!("80"),
        json!(1.5),
    ]
}

fn node_ports() -> Vec<Value> {
    vec![
        json!(30020),
        json!(30021),
        json!(30049),
        json!(0),
        json!(-1),
        json!(29999),
        json!(32768),
        json!(65535),
        json!(65536),
        json!(80),
        json!("30020"),
    ]
}

fn port() -> BoxedStrategy<Value> {
    object(vec![
        field(
            "name",
            pick(vec![
                json!("http"),
                json!("https"),
                json!("metrics"),
                json!("grpc"),
                json!("a"),
                json!(long('a', 15)),
                json!(long('a', 16)),
                json!("HTTP"),
                json!("-x"),
                json!("a--b"),
                json!(""),
            ]),
        ),
        field(
            "protocol",
            pick(vec![
                json!("TCP"),
                json!("UDP"),
                json!("SCTP"),
                json!("tcp"),
                json!(""),
                json!("HTTP"),
            ]),
        ),
        field(
            "appProtocol",
            pick(vec![
                json!("http"),
                json!("kubernetes.io/h2c"),
                json!("HTTP"),
                json!("example.com/x"),
                json!("a/b/c"),
                json!(""),
            ]),
        ),
        // Always a port number: a Service port without one is the least interesting refusal.
        pick(port_numbers())
            .prop_map(|p| Some(("port".to_string(), p)))
            .boxed(),
        field(
            "targetPort",
            pick(vec![
                json!(8080),
                json!("http"),
                json!(80),
                json!(0),
                json!(65535),
                json!(65536),
                json!("HTTP"),
                json!("a--b"),
                json!(long('a', 16)),
                json!(""),
                json!(-1),
            ]),
        ),
        field("nodePort", pick(node_ports())),
        proptest::option::weighted(0.01, Just(("nodeport".to_string(), json!(30020)))).boxed(),
    ])
}

fn ips() -> Vec<Value> {
    vec![
        json!("10.96.100.10"),
        json!("10.96.100.11"),
        json!("None"),
        json!(""),
        json!("fd00::10"),
        json!("10.0.0.1"),
        json!("010.096.100.012"),
        json!("::ffff:10.96.100.13"),
        json!("10.96.100.256"),
        json!("web"),
    ]
}

fn cidrs() -> Vec<Value> {
    vec![
        json!("10.0.0.0/8"),
        json!("203.0.113.0/24"),
        json!("2001:db8::/32"),
        json!("192.168.1.5/24"),
        json!("10.0.0.1"),
        json!(" 10.0.0.0/8 "),
        json!("010.0.0.0/8"),
        json!("10.0.0.0/33"),
        json!(""),
    ]
}

fn spec() -> BoxedStrategy<Value> {
    let first = object(vec![
        field(
            "type",
            pick(vec![
                json!("ClusterIP"),
                json!("NodePort"),
                json!("LoadBalancer"),
                json!("ExternalName"),
                json!(""),
                json!("nodeport"),
            ]),
        ),
        field(
            "ports",
            prop_oneof![
                6 => proptest::collection::vec(port(), 1..2),
                3 => proptest::collection::vec(port(), 2..3),
                1 => proptest::collection::vec(port(), 0..5),
            ]
            .prop_map(Value::from)
            .boxed(),
        ),
        field(
            "selector",
            prop_oneof![19 => string_map(label_values()), 1 => Just(json!(["app=web"]))].boxed(),
        ),
        field("clusterIP", pick(ips())),
        field(
            "clusterIPs",
            proptest::collection::vec(pick(ips()), 0..3)
                .prop_map(Value::from)
                .boxed(),
        ),
        field(
            "externalIPs",
            proptest::collection::vec(
                pick(vec![
                    json!("203.0.113.5"),
                    json!("2001:db8::5"),
                    json!("203.0.113.05"),
                    json!("0.0.0.0"),
                    json!("x"),
                ]),
                0..3,
            )
            .prop_map(Value::from)
            .boxed(),
        ),
        field(
            "sessionAffinity",
            pick(vec![
                json!("None"),
                json!("ClientIP"),
                json!(""),
                json!("clientip"),
            ]),
        ),
        field(
            "sessionAffinityConfig",
            pick(vec![
                json!(10800),
                json!(1),
                json!(86400),
                json!(0),
                json!(86401),
                json!(-1),
                json!("60"),
            ])
            .prop_map(|t| json!({"clientIP": {"timeoutSeconds": t}}))
            .boxed(),
        ),
    ]);
    let second = object(vec![
        field(
            "externalName",
            pick(vec![
                json!("db.example.com"),
                json!("db.example.com."),
                json!("DB.example.com"),
                json!("10.0.0.5"),
                json!(""),
                json!(format!("{}.com", long('a', 250))),
                json!("a_b.com"),
            ]),
        ),
        field(
            "externalTrafficPolicy",
            pick(vec![
                json!("Cluster"),
                json!("Local"),
                json!(""),
                json!("local"),
            ]),
        ),
        field(
            "internalTrafficPolicy",
            pick(vec![
                json!("Cluster"),
                json!("Local"),
                json!(""),
                json!("Node"),
            ]),
        ),
        field("healthCheckNodePort", pick(node_ports())),
        field(
            "publishNotReadyAddresses",
            pick(vec![json!(true), json!(false), json!("true")]),
        ),
        field(
            "ipFamilies",
            proptest::collection::vec(
                pick(vec![json!("IPv4"), json!("IPv6"), json!("ipv4"), json!("")]),
                0..3,
            )
            .prop_map(Value::from)
            .boxed(),
        ),
        field(
            "ipFamilyPolicy",
            pick(vec![
                json!("SingleStack"),
                json!("PreferDualStack"),
                json!("RequireDualStack"),
                json!(""),
                json!("DualStack"),
            ]),
        ),
        field(
            "loadBalancerIP",
            pick(vec![json!("203.0.113.7"), json!("x"), json!("")]),
        ),
        field(
            "loadBalancerSourceRanges",
            proptest::collection::vec(pick(cidrs()), 0..3)
                .prop_map(Value::from)
                .boxed(),
        ),
        field(
            "loadBalancerClass",
            pick(vec![
                json!("example.com/lb"),
                json!("lb"),
                json!("Bad/Class"),
                json!(""),
            ]),
        ),
        field(
            "allocateLoadBalancerNodePorts",
            pick(vec![json!(true), json!(false)]),
        ),
        field(
            "trafficDistribution",
            pick(vec![
                json!("PreferClose"),
                json!("PreferSameZone"),
                json!("PreferSameNode"),
                json!(""),
                json!("Nearest"),
            ]),
        ),
    ]);
    let unknown = proptest::option::weighted(0.01, Just(("foo".to_string(), json!(1)))).boxed();
    (first, second, unknown)
        .prop_map(|(a, b, unknown)| {
            let mut m = a.as_object().cloned().unwrap_or_default();
            m.extend(b.as_object().cloned().unwrap_or_default());
            m.extend(unknown);
            Value::Object(m)
        })
        .boxed()
}

pub fn services() -> BoxedStrategy<Case> {
    let duplicate = proptest::option::weighted(
        0.01,
        select(vec![
            ("type", json!("NodePort")),
            ("selector", json!({"app": "other"})),
        ]),
    );
    (metadata(), spec(), duplicate)
        .prop_map(|(metadata, spec, duplicate)| Case {
            service: json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}),
            duplicate: duplicate.map(|(k, v)| (k.to_string(), v)),
        })
        .boxed()
}

/// Create it for real (then delete it); the server's verdict.
pub fn server_verdict(conn: &Conn, ns: &str, case: &Case) -> ServerVerdict {
    let (code, answer) = conn.request(
        "POST",
        &format!("/api/v1/namespaces/{ns}/services?fieldValidation=Strict"),
        "application/json",
        Some(case.text().as_bytes()),
    );
    if code == 201 {
        let name = answer
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (deleted, body) = conn.request(
            "DELETE",
            &format!("/api/v1/namespaces/{ns}/services/{name}"),
            "application/json",
            None,
        );
        assert_eq!(deleted, 200, "deleting {name}: {body}");
    }
    ServerVerdict::from_answer(code, &answer)
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn lint_agrees_with_the_api_server_on_generated_services() {
    let live = live!();
    let conn = live.conn();
    let ns = conn.namespace("fuzz");
    let cases = u32::try_from(env_u64("SVCCTL_FUZZ_CASES", 300)).unwrap_or(u32::MAX);
    let seed = env_u64("SVCCTL_FUZZ_SEED", 21);
    let options = server_options();
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let started = Instant::now();
    let (created, refused) = (Cell::new(0u64), Cell::new(0u64));
    let collect = std::env::var_os("SVCCTL_FUZZ_COLLECT").is_some();
    // Word for word on the server's messages too: stricter than the criterion.
    let messages = std::env::var_os("SVCCTL_FUZZ_MESSAGES").is_some();
    let found = std::cell::RefCell::new(Vec::<String>::new());
    let why = std::cell::RefCell::new(std::collections::BTreeMap::<String, u64>::new());
    let result = runner.run(&services(), |case| {
        let text = case.text();
        let lint = lint_errors(&text, &options);
        let server = server_verdict(&conn, &ns, &case);
        if server.code == 201 {
            created.set(created.get() + 1);
        } else {
            refused.set(refused.get() + 1);
            // What the refusals are about, to keep the generator's mix honest.
            let mut counts = why.borrow_mut();
            for (field, _) in &server.causes {
                *counts
                    .entry(crate::verdict::without_indices(field))
                    .or_insert(0u64) += 1;
            }
            if server.causes.is_empty() {
                *counts.entry(format!("({})", server.code)).or_insert(0) += 1;
            }
        }
        match disagreement(&lint, &server, messages) {
            None => Ok(()),
            // A campaign goes on, to find every kind of disagreement in one run.
            Some(d) if collect => {
                found
                    .borrow_mut()
                    .push(format!("{d}\n--- the Service sent\n{text}"));
                Ok(())
            }
            Some(d) => Err(TestCaseError::fail(format!(
                "{d}\n--- the Service sent\n{text}"
            ))),
        }
    });
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "differential fuzzer: seed {seed}, {cases} cases ({} created, {} refused \
             requests incl. shrinking) in {:.1}s\n",
            created.get(),
            refused.get(),
            started.elapsed().as_secs_f64()
        )
        .as_bytes(),
    );
    if std::env::var_os("SVCCTL_FUZZ_STATS").is_some() {
        let mut counts: Vec<(String, u64)> = why.into_inner().into_iter().collect();
        counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let lines: Vec<String> = counts.iter().map(|(f, n)| format!("  {n:6} {f}")).collect();
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("refusals by field:\n{}\n", lines.join("\n")).as_bytes(),
        );
    }
    let found = found.into_inner();
    assert!(
        found.is_empty(),
        "{} disagreement(s) (seed {seed}):\n{}",
        found.len(),
        found.join("\n\n")
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, case)) => panic!(
            "lint and the API server disagree (seed {seed}); minimal Service:\n{}\n{reason}",
            case.text()
        ),
        Err(TestError::Abort(reason)) => panic!("the fuzzer stopped: {reason}"),
    }
}

/// The recorded verdicts (`fixtures/apiserver/verdicts.jsonl`) are still what the server says.
/// With `SVCCTL_RECORD_VERDICTS=1` the file is rewritten with the server's answers instead: the
/// way a new disagreement is recorded.
#[test]
fn the_recorded_verdicts_are_the_servers() {
    let live = live!();
    let conn = live.conn();
    let ns = conn.namespace("recorded");
    let record = std::env::var_os("SVCCTL_RECORD_VERDICTS").is_some_and(|v| v == "1");
    let mut all = recorded();
    let mut stale = Vec::new();
    for r in &mut all {
        let case_text = r.text.clone();
        let (code, answer) = conn.request(
            "POST",
            &format!("/api/v1/namespaces/{ns}/services?fieldValidation=Strict"),
            "application/json",
            Some(case_text.as_bytes()),
        );
        if code == 201 {
            let name = answer
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            conn.request(
                "DELETE",
                &format!("/api/v1/namespaces/{ns}/services/{name}"),
                "application/json",
                None,
            );
        }
        let mut now = ServerVerdict::from_answer(code, &answer);
        // The message of a 422 repeats the object's name; keep it as the server said it.
        now.message = now.message.replace(&ns, "[NS]");
        if !r.still(&now) {
            stale.push(format!("{}: recorded {:?}, now {now:?}", r.name, r.server));
            r.server = Some(now);
        }
    }
    if record {
        let text: String = all.iter().map(|r| to_line(r) + "\n").collect();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDED);
        std::fs::write(path, text).expect("the recordings are writable");
        return;
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
