//! The OpenAPI document: served without login, OpenAPI 3.1, and in step with the
//! routes: every registered `/api/v1` route × method is in it and every operation in it
//! is a registered route. A route added without `#[utoipa::path]` (or a path without a
//! route) fails here, naming it.

mod common;

use std::collections::BTreeSet;

use common::{spawn_app, Backend};
use reqwest::StatusCode;
use serde_json::Value;

/// `(METHOD, pattern)` of every `/api/v1` route in the access policy: a route without a
/// policy row is refused for everyone, so the policy lists every route in use.
fn policy_routes() -> BTreeSet<(String, String)> {
    haul::auth::policy::POLICY
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/v1/"))
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect()
}

/// A concrete path for a route pattern: `{id}` becomes `1`, any other placeholder
/// (`{slug}`, `{handle}`, `{code}`, …) a dummy segment, so the router matches it.
fn fill_placeholders(pattern: &str) -> String {
    let mut path = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        path.push_str(if name == "id" { "1" } else { "dummy" });
        rest = &rest[open + close + 1..];
    }
    path.push_str(rest);
    path
}

#[test]
fn placeholders_are_filled() {
    assert_eq!(fill_placeholders("/api/v1/runs/{id}"), "/api/v1/runs/1");
    assert_eq!(
        fill_placeholders("/api/v1/runs/{id}/boxes/{code}/scan"),
        "/api/v1/runs/1/boxes/dummy/scan"
    );
    assert_eq!(
        fill_placeholders("/api/v1/users/{handle}"),
        "/api/v1/users/dummy"
    );
    assert_eq!(fill_placeholders("/api/v1/stock"), "/api/v1/stock");
}

fn document_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_covers_every_api_route_and_nothing_else() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    let (status, doc) = app
        .with_token(None)
        .request(reqwest::Method::GET, "/api/v1/openapi.json", None)
        .await;
    assert_eq!(status, StatusCode::OK, "served without login");
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3.1"),
        "{}",
        doc["openapi"]
    );

    // Each policy row is a route the server really has: the default service's
    // "no route" 404 would mean the row names nothing.
    for (method, pattern) in policy_routes() {
        let path = fill_placeholders(&pattern);
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let (status, body) = app.with_token(None).request(m, &path, None).await;
        let no_route = body["error"]["message"]
            .as_str()
            .is_some_and(|s| s.starts_with("no route"));
        assert!(
            !(status == StatusCode::NOT_FOUND && no_route)
                && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {pattern} has a policy row but no route ({status})"
        );
    }

    let routes = policy_routes();
    let documented = document_routes(&doc);
    let missing: Vec<String> = routes
        .difference(&documented)
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document (add #[utoipa::path] to the handler and list it in src/openapi.rs paths(...)): {missing:#?}"
    );
    let extra: Vec<String> = documented
        .difference(&routes)
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        extra.is_empty(),
        "operations in the OpenAPI document with no route in src/auth/policy.rs: {extra:#?}"
    );
}

/// `in:name` of each parameter of one operation, e.g. `header:Idempotency-Key`.
fn parameters(doc: &Value, path: &str, method: &str) -> Vec<String> {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    format!(
                        "{}:{}",
                        p["in"].as_str().unwrap_or(""),
                        p["name"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_describe_auth_errors_parameters_and_bodies() {
    let doc = haul::openapi::json();
    let ops = doc["paths"].as_object().expect("paths");
    let op = |path: &str, method: &str| ops[path][method].clone();

    // Bearer auth everywhere but the two public operations.
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"][0]["bearer"], Value::Array(vec![]));
    for (p, m) in [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/openapi.json", "get"),
    ] {
        assert_eq!(
            op(p, m)["security"],
            serde_json::json!([{}]),
            "{m} {p} is public"
        );
    }

    // The error shape on every operation, with the statuses of SPEC §5.
    for (path, item) in ops {
        for (method, o) in item.as_object().expect("item") {
            for status in ["400", "404", "409", "413", "422"] {
                assert_eq!(
                    o["responses"][status]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
    }
    let error = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    for field in ["code", "message", "details"] {
        assert!(error.get(field).is_some(), "{field}");
    }
    assert!(op("/api/v1/intakes", "get")["responses"]
        .get("401")
        .is_some());
    assert!(op("/api/v1/auth/token", "post")["responses"]
        .get("429")
        .is_some());

    // Idempotency-Key on stock-changing POSTs; query and path parameters; bodies.
    let params = |path: &str, method: &str| parameters(&doc, path, method);
    for path in [
        "/api/v1/intakes",
        "/api/v1/transfers",
        "/api/v1/handouts",
        "/api/v1/runs/{id}/load",
    ] {
        assert!(
            params(path, "post").contains(&"header:Idempotency-Key".to_string()),
            "{path}"
        );
    }
    assert!(params("/api/v1/runs/{id}", "get").contains(&"path:id".to_string()));
    let stock = params("/api/v1/stock", "get");
    for q in ["location", "category", "condition"] {
        assert!(stock.contains(&format!("query:{q}")), "{stock:?}");
    }
    assert_eq!(
        op("/api/v1/intakes", "post")["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/IntakeRequest"
    );
    let intake = &doc["components"]["schemas"]["IntakeRequest"];
    assert!(intake["required"]
        .as_array()
        .expect("required")
        .contains(&"lines".into()));
    assert_eq!(doc["components"]["schemas"]["Quantity"]["minimum"], 1);
    let csv = &op("/api/v1/export/stock.csv", "get")["responses"]["200"]["content"];
    assert!(csv.get("text/csv").is_some(), "{csv}");
}

#[test]
fn operation_ids_are_unique() {
    let doc = haul::openapi::json();
    let mut seen = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"]
                .as_str()
                .expect("an operationId")
                .to_string();
            assert!(
                seen.insert(id.clone()),
                "{method} {path}: duplicate operationId {id}"
            );
        }
    }
}

/// Every `$ref` names a schema in `components`; two request types of one name (the
/// movements' and the boxes' `RegradeRequest`) would silently share one schema.
#[test]
fn references_resolve_and_request_types_keep_their_own_schemas() {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    out.push(r.clone());
                }
                o.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let doc = haul::openapi::json();
    let mut all = Vec::new();
    refs(&doc, &mut all);
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for r in &all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(schemas.contains_key(name), "{r} has no schema");
    }
    let body = |path: &str, method: &str| {
        doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .clone()
    };
    assert_eq!(
        body("/api/v1/regrades", "post"),
        "#/components/schemas/RegradeRequest"
    );
    assert_eq!(
        body("/api/v1/boxes/{code}/regrade", "post"),
        "#/components/schemas/BoxRegradeRequest"
    );
    let fields = |name: &str| -> Vec<String> {
        schemas[name]["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (stock, boxed) = (fields("RegradeRequest"), fields("BoxRegradeRequest"));
    assert!(
        stock.contains(&"location".to_string()) && !stock.contains(&"missing".to_string()),
        "{stock:?}"
    );
    assert!(
        boxed.contains(&"missing".to_string()) && !boxed.contains(&"location".to_string()),
        "{boxed:?}"
    );
}

#[test]
fn new_operations_name_their_parameters() {
    let doc = haul::openapi::json();
    let params = |path: &str, method: &str| parameters(&doc, path, method);
    for (method, path, want) in [
        ("patch", "/api/v1/users/{handle}", "path:handle"),
        (
            "post",
            "/api/v1/users/{handle}/password-link",
            "path:handle",
        ),
        ("patch", "/api/v1/vans/{slug}", "path:slug"),
        ("post", "/api/v1/locations/{slug}/archive", "path:slug"),
        ("put", "/api/v1/categories/{slug}/tracked", "path:slug"),
        ("get", "/api/v1/boxes/{code}", "path:code"),
        ("post", "/api/v1/boxes/{code}/split", "path:code"),
        ("post", "/api/v1/runs/{id}/boxes/{code}/scan", "path:code"),
        ("post", "/api/v1/runs/{id}/boxes/{code}/scan", "path:id"),
        ("delete", "/api/v1/runs/{id}", "path:id"),
        ("post", "/api/v1/runs/plan", "query:departs_on"),
        ("get", "/api/v1/boxes", "query:location"),
    ] {
        assert!(
            params(path, method).contains(&want.to_string()),
            "{method} {path} lacks {want}"
        );
    }
    // Every stock-changing POST of the merged branches takes an Idempotency-Key.
    for path in [
        "/api/v1/corrections",
        "/api/v1/runs/plan",
        "/api/v1/labels",
        "/api/v1/boxes",
        "/api/v1/boxes/{code}/move",
        "/api/v1/boxes/{code}/regrade",
        "/api/v1/boxes/{code}/add",
        "/api/v1/boxes/{code}/take",
        "/api/v1/boxes/{code}/empty",
        "/api/v1/boxes/{code}/split",
        "/api/v1/boxes/{code}/merge",
        "/api/v1/boxes/{code}/handout",
        "/api/v1/runs/{id}/boxes/{code}/scan",
        "/api/v1/runs/{id}/shortfall",
    ] {
        assert!(
            params(path, "post").contains(&"header:Idempotency-Key".to_string()),
            "{path}"
        );
    }
}

/// Follows `$ref`s (and a lone `allOf`) to the schema a response body really has.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = schema["$ref"].as_str() {
            let name = r.trim_start_matches("#/components/schemas/");
            schema = &doc["components"]["schemas"][name];
        } else {
            break;
        }
    }
    schema
}

/// Whether a schema tells what is in the body: its properties (possibly spread over
/// `allOf` parts), or an array, string, … of something.
fn described(doc: &Value, schema: &Value) -> bool {
    let schema = resolve(doc, schema);
    if let Some(parts) = schema["allOf"].as_array() {
        return parts.iter().any(|p| described(doc, p));
    }
    let is_object = schema["type"] == "object"
        || schema["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "object"));
    if !is_object {
        return schema.as_object().is_some_and(|o| !o.is_empty());
    }
    schema["properties"]
        .as_object()
        .is_some_and(|p| !p.is_empty())
}

/// Every success body in `application/json` has its real schema: a client (and
/// schemathesis) can check what it gets, which a bare `object` would not allow.
#[test]
fn every_json_success_body_has_a_real_schema() {
    let doc = haul::openapi::json();
    let mut bare = Vec::new();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            for (status, response) in op["responses"].as_object().expect("responses") {
                let Some(schema) = response["content"]["application/json"].get("schema") else {
                    continue;
                };
                checked += 1;
                if !described(&doc, schema) {
                    bare.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    assert!(checked > 60, "only {checked} JSON responses found");
    assert!(
        bare.is_empty(),
        "JSON responses without properties in the document: {bare:?}"
    );
    // The error shape is spelled out too.
    let error = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    for field in ["code", "message", "details"] {
        assert!(error.get(field).is_some(), "ErrorDetail lacks {field}");
    }
}

/// The details the document promises: dates with their format, enums as their strings,
/// fields that may be null marked so, CSV exports as CSV.
#[test]
fn success_bodies_carry_formats_enums_and_nullability() {
    let doc = haul::openapi::json();
    let schemas = &doc["components"]["schemas"];
    let prop = |schema: &str, field: &str| schemas[schema]["properties"][field].clone();
    assert_eq!(prop("IntakeView", "received_on")["format"], "date");
    assert_eq!(prop("EntryView", "at")["format"], "date-time");
    let condition = prop("StockRow", "condition");
    assert_eq!(condition["$ref"], "#/components/schemas/Condition");
    let kinds = schemas["Condition"]["enum"].as_array().expect("enum");
    assert!(kinds.iter().any(|k| k == "needs-drying"), "{kinds:?}");
    let note = prop("IntakeView", "note");
    assert!(
        note["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "null")),
        "{note}"
    );
    let csv = &doc["paths"]["/api/v1/export/stock.csv"]["get"]["responses"]["200"]["content"];
    assert!(csv.get("text/csv").is_some(), "{csv}");
}
