//! The fuzz suite: generated requests against the real server on both backends.
//!
//! proptest generates JSON bodies for every POST/PUT route in the policy (valid bodies
//! with one part broken, and wholly random ones: wrong types, huge and negative numbers,
//! NUL and control characters, long strings, deep nesting, duplicate and unknown keys),
//! form bodies for the page forms, CSV files for both imports (BOM, CRLF, quotes,
//! binary, many columns), query strings for every GET route, and odd headers
//! (`Idempotency-Key`, `Authorization`, cookies). The properties: no answer is 5xx, no
//! connection is dropped (a panic), and a refused request changed nothing (stock and
//! the number of ledger entries). Cases are generated, not shrunk: a failure prints the
//! request.
//!
//! `HAUL_FUZZ_CASES` sets the cases per backend (default 2,000, about 10 s per backend on
//! a 2-core machine); `HAUL_FUZZ_CASES=100000` for a long run.

mod common;

use common::TestApp;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::{Method, StatusCode};
use serde_json::{json, Map, Value};

fn cases() -> usize {
    std::env::var("HAUL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

/// Strings that have broken servers: NUL and control characters, quotes, a BOM,
/// scripts, formulas, overlong and odd Unicode, phone numbers and e-mail addresses.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{0,12}",
        2 => any::<String>(),
        1 => "[\\x00-\\x1f\"'\\\\,;=+@\\-]{0,8}",
        2 => "[a-z ]{0,6}\\x00[a-z ]{0,6}",
        1 => Just("unit-east".to_string()),
        1 => Just("oak".to_string()),
        1 => Just("blanket".to_string()),
        1 => Just("good".to_string()),
        1 => Just("2026-06-29".to_string()),
        1 => Just("\u{feff}\u{0}\u{202e}\u{fffd}\u{10ffff}".to_string()),
        1 => Just("=HYPERLINK(\"http://x.example\")".to_string()),
        1 => Just("call 07700 900123 or jo@example.org".to_string()),
        1 => (0usize..5000).prop_map(|n| "x".repeat(n)),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        (-3i64..1_000_002).prop_map(Value::from),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1_000_001)),
        Just(json!(i64::MIN)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ]
}

const KEYS: &[&str] = &[
    "source",
    "warehouse",
    "received_on",
    "lines",
    "category",
    "condition",
    "quantity",
    "note",
    "from",
    "to",
    "location",
    "reason",
    "site",
    "stated_on",
    "stated_by",
    "needed_by",
    "handle",
    "password",
    "role",
    "slug",
    "name",
    "kind",
    "region",
    "address",
    "unit_volume_l",
    "unit_weight_kg",
    "van",
    "origin",
    "stops",
    "departs_on",
    "stop",
    "handed_out_on",
    "unmet",
    "given",
    "counted",
    "capacity_l",
    "payload_kg",
    "from_condition",
    "to_condition",
    "tiers",
    "seasons",
    "statement",
    "__proto__",
    "",
];

/// The query parameters the GET routes read.
const QUERY_KEYS: &[&str] = &[
    "warehouse",
    "source",
    "location",
    "category",
    "condition",
    "site",
    "cause",
    "cause_id",
    "from",
    "to",
    "date",
    "limit",
    "before",
    "history",
    "version",
    "days",
    "next",
    "csrf",
    "token",
    "on",
    "saved",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(KEYS).prop_map(str::to_string),
        1 => text(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body that is valid for its route, as a starting point to break one part of.
fn template(route: &str, run: i64) -> Value {
    let line = json!([{"category": "blanket", "condition": "good", "quantity": 1}]);
    match route {
        "/api/v1/auth/token" => json!({"handle": "coord", "password": "wrong password"}),
        "/api/v1/users" => {
            json!({"handle": "fuzzed", "role": "crew", "password": "a long enough passphrase"})
        }
        "/api/v1/categories" => {
            json!({"slug": "kettle", "name": "Kettle", "unit_volume_l": 3, "unit_weight_kg": 1})
        }
        "/api/v1/locations" => json!({"slug": "pier", "name": "Pier", "kind": "site"}),
        "/api/v1/intakes" => {
            json!({"source": "fest", "warehouse": "unit-east", "received_on": "2026-06-29", "lines": line})
        }
        "/api/v1/transfers" => json!({"from": "unit-east", "to": "oak", "lines": line}),
        "/api/v1/regrades" => {
            json!({"location": "unit-east", "category": "blanket", "from_condition": "good", "to_condition": "usable", "quantity": 1})
        }
        "/api/v1/stocktakes" => {
            json!({"location": "unit-east", "counted": [{"category": "blanket", "condition": "good", "quantity": 5}], "reason": "count"})
        }
        "/api/v1/writeoffs" => json!({"location": "unit-east", "lines": line, "reason": "wet"}),
        "/api/v1/needs" => {
            json!({"site": "oak", "category": "blanket", "quantity": 3, "stated_on": "2026-06-29", "stated_by": "Oak assembly"})
        }
        "/api/v1/handouts" => {
            json!({"site": "oak", "handed_out_on": "2026-06-29", "lines": [{"category": "blanket", "quantity": 1}]})
        }
        "/api/v1/vans" => {
            json!({"slug": "v2", "name": "Van", "capacity_l": 1000, "payload_kg": 500})
        }
        "/api/v1/runs" => {
            json!({"van": "transit", "origin": "unit-east", "stops": ["oak"], "departs_on": "2026-06-29"})
        }
        r if r.ends_with("/lines") => {
            json!({"lines": [{"category": "blanket", "condition": "good", "quantity": 1, "stop": "oak"}]})
        }
        r if r.ends_with("/deliver") => json!({"stop": "oak"}),
        _ => json!({"run": run}),
    }
}

/// Replaces one value at a random depth, or adds or removes a key.
fn mutate(mut v: Value, path: &[usize], new: Value, how: u8) -> Value {
    fn walk(v: &mut Value, path: &[usize], new: Value, how: u8) {
        match v {
            Value::Object(map) if !map.is_empty() => {
                let keys: Vec<String> = map.keys().cloned().collect();
                let k = keys[path.first().copied().unwrap_or(0) % keys.len()].clone();
                if path.len() <= 1 {
                    match how % 3 {
                        0 => {
                            map.insert(k, new);
                        }
                        1 => {
                            map.remove(&k);
                        }
                        _ => {
                            map.insert(format!("{k}_extra"), new);
                        }
                    }
                } else if let Some(child) = map.get_mut(&k) {
                    walk(child, &path[1..], new, how);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = path.first().copied().unwrap_or(0) % items.len();
                if path.len() <= 1 {
                    items[i] = new;
                } else {
                    walk(&mut items[i], &path[1..], new, how);
                }
            }
            other => *other = new,
        }
    }
    walk(&mut v, path, new, how);
    v
}

#[derive(Debug, Clone)]
enum Payload {
    /// JSON for a route: a template with a part broken, or anything at all.
    Json {
        route: usize,
        body: String,
    },
    Form {
        route: usize,
        fields: Vec<(String, String)>,
    },
    Csv {
        route: &'static str,
        body: Vec<u8>,
    },
    Query {
        route: usize,
        query: String,
    },
}

#[derive(Debug, Clone)]
struct Case {
    payload: Payload,
    idempotency_key: Option<String>,
    authorization: Option<String>,
    cookie: Option<String>,
}

fn raw_json() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..20_000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (1usize..300).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        Just(r#"{"source":"a","source":"b","warehouse":"unit-east"}"#.to_string()),
        Just(r#"{"quantity":1e400}"#.to_string()),
        Just(r#"{"quantity":123456789012345678901234567890}"#.to_string()),
        Just("\u{feff}{}".to_string()),
        any::<String>(),
        "[\\x00-\\x7f]{0,64}",
    ]
}

fn csv_body() -> impl Strategy<Value = Vec<u8>> {
    let header = prop_oneof![
        Just("source,warehouse,received_on,category,condition,quantity,note".to_string()),
        Just("site,category,quantity,stated_on,stated_by,needed_by".to_string()),
        proptest::collection::vec("[a-z_]{0,8}", 0..40).prop_map(|c| c.join(",")),
    ];
    let cell = prop_oneof![
        4 => text(),
        1 => Just("\"quoted, with \"\"quotes\"\"\"".to_string()),
        1 => Just("\"unterminated".to_string()),
        1 => Just("-5".to_string()),
        1 => Just("1999-01-01".to_string()),
    ];
    let row = proptest::collection::vec(cell, 0..9).prop_map(|c| c.join(","));
    prop_oneof![
        4 => (header, proptest::collection::vec(row, 0..12), any::<bool>(), any::<bool>())
            .prop_map(|(h, rows, bom, crlf)| {
                let nl = if crlf { "\r\n" } else { "\n" };
                let text = format!("{}{h}{nl}{}", if bom { "\u{feff}" } else { "" }, rows.join(nl));
                text.into_bytes()
            }),
        1 => proptest::collection::vec(any::<u8>(), 0..2000),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        3 => text().prop_map(|t| urlencode(&t)),
        1 => proptest::collection::vec(any::<u8>(), 0..20)
            .prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect()),
        2 => "[a-z]{0,4}%00[a-z]{0,4}",
        1 => Just("%ZZ%".to_string()),
        1 => number().prop_map(|n| n.to_string()),
    ];
    let name = prop_oneof![
        3 => proptest::sample::select(QUERY_KEYS).prop_map(str::to_string),
        1 => key(),
    ];
    proptest::collection::vec((name, value), 0..5).prop_map(|kv| {
        kv.into_iter()
            .map(|(k, v)| format!("{}={v}", urlencode(&k)))
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn header_value() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.3,
        prop_oneof![
            "[ -~]{0,80}",
            Just("Bearer ".to_string()),
            Just("Bearer a.b.c".to_string()),
            Just("x".repeat(300)),
        ],
    )
}

fn case(
    json_paths: Vec<String>,
    form_routes: usize,
    get_routes: usize,
    run: i64,
) -> impl Strategy<Value = Case> {
    let json_routes = json_paths.len();
    let broken = (
        0..json_routes,
        proptest::collection::vec(any::<usize>(), 1..4),
        json_value(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(move |(route, path, new, how, whole)| Payload::Json {
            route,
            body: if whole {
                new.to_string()
            } else {
                mutate(template(&json_paths[route], run), &path, new, how).to_string()
            },
        });
    let payload = prop_oneof![
        4 => broken,
        1 => (0..json_routes, raw_json()).prop_map(|(route, body)| Payload::Json { route, body }),
        1 => (0..form_routes, proptest::collection::vec((key(), text()), 0..8))
            .prop_map(|(route, fields)| Payload::Form { route, fields }),
        2 => (proptest::sample::select(&["/api/v1/import/intakes", "/api/v1/import/needs"][..]), csv_body())
            .prop_map(|(route, body)| Payload::Csv { route, body }),
        2 => (0..get_routes, query()).prop_map(|(route, query)| Payload::Query { route, query }),
    ];
    (payload, header_value(), header_value(), header_value()).prop_map(
        |(payload, idempotency_key, authorization, cookie)| Case {
            payload,
            idempotency_key,
            authorization,
            cookie: cookie.map(|c| format!("haul_session={c}")),
        },
    )
}

/// Routes whose success rightly ends the fuzzer's own session (lock now, forgetting or
/// deactivating a volunteer): a generated body that happens to be valid would log the
/// fuzzer out, not find a bug. tests/lock.rs and tests/forget.rs cover their refusals.
const ENDS_THE_SESSION: &[&str] = &[
    "/logout",
    "/safety/lock",
    "/safety/forget-volunteer",
    "/admin/volunteers/{handle}/deactivate",
    "/admin/volunteers/{handle}/role",
];

/// Routes of the policy by kind, with `{id}` made concrete (a real run, or a stranger).
fn routes(run: i64) -> (Vec<(String, String)>, Vec<String>, Vec<String>) {
    let concrete = |p: &str| p.replace("{id}", &run.to_string());
    let mut json = Vec::new();
    let mut forms = Vec::new();
    let mut gets = Vec::new();
    for (method, path, _) in haul::auth::policy::POLICY {
        let p = concrete(path);
        match *method {
            "GET" => gets.push(p),
            "POST" | "PUT" if path.starts_with("/api/v1/import/") => {}
            "POST" | "PUT" if path.starts_with("/api/") => json.push((method.to_string(), p)),
            "POST" if !ENDS_THE_SESSION.contains(path) => forms.push(p),
            _ => {}
        }
    }
    (json, forms, gets)
}

async fn fuzz_every_input(app: TestApp) {
    app.receive("unit-east", "blanket", "good", 50).await;
    app.add_van("transit").await;
    let (s, b) = app
        .post(
            "/api/v1/runs",
            &json!({"van": "transit", "origin": "unit-east", "stops": ["oak"], "departs_on": "2026-06-29"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let run = b["id"].as_i64().expect("run id");
    let (json_routes, form_routes, get_routes) = routes(run);
    let token = app.token.clone().expect("token");
    let n = cases();
    let mut runner = TestRunner::new(Config {
        cases: n as u32,
        ..Config::default()
    });
    let json_paths = json_routes.iter().map(|(_, p)| p.clone()).collect();
    let strategy = case(json_paths, form_routes.len(), get_routes.len(), run);
    let mut before = app.stock_and_ledger().await;
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let started = std::time::Instant::now();
    for i in 0..n {
        let case = strategy
            .new_tree(&mut runner)
            .expect("a generated case")
            .current();
        let (method, path, body, content_type) = match &case.payload {
            Payload::Json { route, body } => {
                let (m, p) = &json_routes[*route];
                (
                    m.clone(),
                    p.clone(),
                    body.clone().into_bytes(),
                    "application/json",
                )
            }
            Payload::Form { route, fields } => {
                let body = fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
                    .collect::<Vec<_>>()
                    .join("&");
                (
                    "POST".into(),
                    form_routes[*route].clone(),
                    body.into_bytes(),
                    "application/x-www-form-urlencoded",
                )
            }
            Payload::Csv { route, body } => {
                ("POST".into(), route.to_string(), body.clone(), "text/csv")
            }
            Payload::Query { route, query } => (
                "GET".into(),
                format!("{}?{query}", get_routes[*route]),
                Vec::new(),
                "text/plain",
            ),
        };
        let mut rb = app
            .plain
            .request(
                Method::from_bytes(method.as_bytes()).expect("method"),
                app.url(&path),
            )
            .header("Content-Type", content_type)
            .body(body);
        // Most cases act as the coordinator, so they reach the handlers.
        rb = match &case.authorization {
            Some(a) => rb.header("Authorization", a.as_str()),
            None => rb.bearer_auth(&token),
        };
        if let Some(k) = &case.idempotency_key {
            rb = rb.header("Idempotency-Key", k.as_str());
        }
        if let Some(c) = &case.cookie {
            rb = rb.header("Cookie", c.as_str());
        }
        let Ok(request) = rb.build() else {
            // A header value reqwest itself cannot send: nothing reached the server.
            continue;
        };
        let resp = app.plain.execute(request).await.unwrap_or_else(|e| {
            panic!("case {i}: the connection failed (a panic?): {e}\n{case:?}")
        });
        let status = resp.status();
        *by_status.entry(status.as_u16()).or_default() += 1;
        let text = resp.text().await.unwrap_or_default();
        assert!(
            !status.is_server_error(),
            "case {i}: {method} {path} → {status} {text:.300}\n{case:?}"
        );
        let after = app.stock_and_ledger().await;
        if status.is_client_error() {
            assert_eq!(
                after, before,
                "case {i}: refused with {status} but changed stock or the ledger\n{case:?}"
            );
        }
        before = after;
    }
    app.assert_ledger_consistent();
    let secs = started.elapsed().as_secs_f64();
    let mut err = std::io::stderr();
    let _ = std::io::Write::write_fmt(
        &mut err,
        format_args!(
            "fuzz {:?}: {n} cases in {secs:.1} s, 0 responses >= 500, statuses {by_status:?}\n",
            app.backend
        ),
    );
}

on_both_backends!(fuzz_every_input);
