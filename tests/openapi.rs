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

/// What `value` breaks of `schema` (the subset of JSON Schema the document uses):
/// `$ref`, `allOf`/`oneOf`/`anyOf`, `type`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `format` date/date-time, `minimum`/`maximum`.
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(all) = schema["allOf"].as_array() {
        all.iter().for_each(|s| violations(doc, s, value, at, out));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(any) = schema[key].as_array() {
            let fits = any.iter().any(|s| {
                let mut e = Vec::new();
                violations(doc, s, value, at, &mut e);
                e.is_empty()
            });
            if !fits {
                out.push(format!("{at}: {value} fits none of {key}"));
            }
        }
    }
    let type_ok = |t: &Value| match t.as_str().unwrap_or("") {
        "null" => value.is_null(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    let types: Vec<Value> = match &schema["type"] {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        t => vec![t.clone()],
    };
    if !types.is_empty() && !types.iter().any(type_ok) {
        out.push(format!("{at}: {value} is not {}", schema["type"]));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            out.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(s), Some(format)) = (value.as_str(), schema["format"].as_str()) {
        let ok = match format {
            "date" => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
            "date-time" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
            _ => true,
        };
        if !ok {
            out.push(format!("{at}: {s:?} is not a {format}"));
        }
    }
    if let Some(n) = value.as_f64() {
        if schema["minimum"].as_f64().is_some_and(|m| n < m)
            || schema["maximum"].as_f64().is_some_and(|m| n > m)
        {
            out.push(format!("{at}: {n} out of range"));
        }
    }
    if let Some(obj) = value.as_object() {
        for r in schema["required"].as_array().into_iter().flatten() {
            if let Some(r) = r.as_str() {
                if !obj.contains_key(r) {
                    out.push(format!("{at}: lacks {r}"));
                }
            }
        }
        for (k, v) in obj {
            let here = format!("{at}.{k}");
            if let Some(p) = schema["properties"].get(k) {
                violations(doc, p, v, &here, out);
            } else if schema["additionalProperties"].is_object() {
                violations(doc, &schema["additionalProperties"], v, &here, out);
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            violations(doc, items, v, &format!("{at}[{i}]"), out);
        }
    }
}

#[test]
fn the_validator_sees_a_wrong_body() {
    let doc = haul::openapi::json();
    let schema = serde_json::json!({"$ref": "#/components/schemas/StockRow"});
    let mut out = Vec::new();
    let row = serde_json::json!({"location": "a", "location_name": "A", "location_kind": "barn",
        "category": "c", "category_name": "C", "condition": "good"});
    violations(&doc, &schema, &row, "$", &mut out);
    assert!(out.iter().any(|e| e.contains("barn")), "{out:?}");
    assert!(out.iter().any(|e| e.contains("lacks quantity")), "{out:?}");
}

/// Real successful calls, one or more per operation, on both backends: every 2xx JSON
/// body matches the document's schema for its status. schemathesis' random requests
/// seldom get past validation to a 2xx on a write; these do.
async fn success_bodies_match_the_document(app: common::TestApp) {
    use reqwest::Method;
    let doc = haul::openapi::json();
    let run = app.demo_season_with_a_run().await;
    let today = chrono::Utc::now().date_naive().to_string();
    let me = app.with_token(app.token.clone());
    let mut checked = BTreeSet::new();
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    let mut call = async |method: Method, template: &str, path: &str, body: Option<Value>| {
        let (status, answer) = me.request(method.clone(), path, body.as_ref()).await;
        let op = format!("{} {template}", method.as_str().to_lowercase());
        if !status.is_success() {
            missed.push(format!("{op} → {status}: {answer}"));
            return answer;
        }
        let schema = &doc["paths"][template][method.as_str().to_lowercase()]["responses"]
            [status.as_str()]["content"]["application/json"]["schema"];
        assert!(!schema.is_null(), "{op}: no schema for {status}");
        let mut out = Vec::new();
        violations(&doc, schema, &answer, "$", &mut out);
        wrong.extend(out.into_iter().map(|e| format!("{op} {status} {e}")));
        checked.insert(op);
        answer
    };
    use Method as M;
    let j = |v: Value| Some(v);
    call(M::GET, "/api/v1/openapi.json", "/api/v1/openapi.json", None).await;
    call(M::GET, "/api/v1/categories", "/api/v1/categories", None).await;
    call(M::POST, "/api/v1/categories", "/api/v1/categories", j(serde_json::json!({"slug": "op-cat", "name": "Op cat", "unit_volume_l": 1.5, "unit_weight_kg": 0.5}))).await;
    call(
        M::PATCH,
        "/api/v1/categories/{slug}",
        "/api/v1/categories/op-cat",
        j(serde_json::json!({"name": "Op cat two"})),
    )
    .await;
    call(
        M::PUT,
        "/api/v1/categories/{slug}/tracked",
        "/api/v1/categories/op-cat/tracked",
        j(serde_json::json!({"tracked": true})),
    )
    .await;
    call(M::GET, "/api/v1/locations", "/api/v1/locations", None).await;
    call(
        M::POST,
        "/api/v1/locations",
        "/api/v1/locations",
        j(serde_json::json!({"slug": "op-site", "name": "Op site", "kind": "site"})),
    )
    .await;
    call(
        M::PATCH,
        "/api/v1/locations/{slug}",
        "/api/v1/locations/op-site",
        j(serde_json::json!({"region": "north"})),
    )
    .await;
    call(
        M::POST,
        "/api/v1/locations/{slug}/archive",
        "/api/v1/locations/op-site/archive",
        None,
    )
    .await;
    let tents =
        |n: i64| serde_json::json!([{"category": "tent-2p", "condition": "good", "quantity": n}]);
    call(M::POST, "/api/v1/intakes", "/api/v1/intakes", j(serde_json::json!({"source": "op field", "warehouse": "unit-east", "received_on": today, "lines": tents(12)}))).await;
    call(M::GET, "/api/v1/intakes", "/api/v1/intakes", None).await;
    call(M::GET, "/api/v1/stock", "/api/v1/stock", None).await;
    call(M::GET, "/api/v1/ledger", "/api/v1/ledger?limit=5", None).await;
    call(
        M::POST,
        "/api/v1/transfers",
        "/api/v1/transfers",
        j(serde_json::json!({"from": "unit-east", "to": "oak", "lines": tents(3)})),
    )
    .await;
    call(M::POST, "/api/v1/regrades", "/api/v1/regrades", j(serde_json::json!({"location": "unit-east", "category": "tent-2p", "from_condition": "good", "to_condition": "needs-drying", "quantity": 1}))).await;
    call(M::POST, "/api/v1/stocktakes", "/api/v1/stocktakes", j(serde_json::json!({"location": "unit-east", "counted": [{"category": "tent-2p", "condition": "needs-drying", "quantity": 2}], "reason": "found one"}))).await;
    let writeoff = call(
        M::POST,
        "/api/v1/writeoffs",
        "/api/v1/writeoffs",
        j(serde_json::json!({"location": "unit-east", "lines": tents(1), "reason": "mould"})),
    )
    .await;
    if let Some(id) = writeoff["id"].as_i64() {
        call(
            M::POST,
            "/api/v1/corrections",
            "/api/v1/corrections",
            j(serde_json::json!({"of": {"kind": "write-off", "id": id}, "undo": true})),
        )
        .await;
    }
    call(M::POST, "/api/v1/needs", "/api/v1/needs", j(serde_json::json!({"site": "oak", "category": "tent-2p", "quantity": 4, "stated_on": today, "stated_by": "oak crew"}))).await;
    call(M::GET, "/api/v1/needs", "/api/v1/needs", None).await;
    call(M::POST, "/api/v1/handouts", "/api/v1/handouts", j(serde_json::json!({"site": "oak", "handed_out_on": today, "lines": [{"category": "tent-2p", "quantity": 1}], "unmet": [{"category": "tent-2p", "quantity": 2}]}))).await;
    call(M::GET, "/api/v1/handouts", "/api/v1/handouts", None).await;
    call(
        M::GET,
        "/api/v1/handouts/unmet",
        "/api/v1/handouts/unmet",
        None,
    )
    .await;
    let priorities = call(M::GET, "/api/v1/priorities", "/api/v1/priorities", None).await;
    call(
        M::PUT,
        "/api/v1/priorities",
        "/api/v1/priorities",
        Some(priorities["priorities"].clone()),
    )
    .await;
    call(
        M::GET,
        "/api/v1/collect-list",
        "/api/v1/collect-list?warehouse=unit-east",
        None,
    )
    .await;
    call(
        M::GET,
        "/api/v1/reports/summary",
        "/api/v1/reports/summary",
        None,
    )
    .await;
    call(M::GET, "/api/v1/users", "/api/v1/users", None).await;
    call(
        M::POST,
        "/api/v1/users",
        "/api/v1/users",
        j(serde_json::json!({"handle": "op-new", "role": "crew"})),
    )
    .await;
    call(
        M::PATCH,
        "/api/v1/users/{handle}",
        "/api/v1/users/op-new",
        j(serde_json::json!({"role": "warehouse"})),
    )
    .await;
    call(
        M::POST,
        "/api/v1/users/{handle}/password-link",
        "/api/v1/users/op-new/password-link",
        None,
    )
    .await;
    call(
        M::POST,
        "/api/v1/users/{handle}/deactivate",
        "/api/v1/users/op-new/deactivate",
        None,
    )
    .await;
    call(M::GET, "/api/v1/vans", "/api/v1/vans", None).await;
    call(M::POST, "/api/v1/vans", "/api/v1/vans", j(serde_json::json!({"slug": "op-van", "name": "Op van", "capacity_l": 3000, "payload_kg": 800}))).await;
    call(
        M::PATCH,
        "/api/v1/vans/{slug}",
        "/api/v1/vans/op-van",
        j(serde_json::json!({"name": "Op van two"})),
    )
    .await;
    call(M::GET, "/api/v1/runs", "/api/v1/runs", None).await;
    let other = call(M::POST, "/api/v1/runs", "/api/v1/runs", j(serde_json::json!({"van": "op-van", "origin": "unit-east", "stops": ["heron"], "departs_on": today}))).await;
    call(
        M::POST,
        "/api/v1/runs/plan",
        &format!("/api/v1/runs/plan?departs_on={today}"),
        None,
    )
    .await;
    if let Some(id) = other["id"].as_i64() {
        call(
            M::DELETE,
            "/api/v1/runs/{id}",
            &format!("/api/v1/runs/{id}"),
            None,
        )
        .await;
    }
    call(
        M::POST,
        "/api/v1/vans/{slug}/retire",
        "/api/v1/vans/op-van/retire",
        None,
    )
    .await;
    let path = |rest: &str| format!("/api/v1/runs/{run}{rest}");
    call(M::GET, "/api/v1/runs/{id}", &path(""), None).await;
    call(M::POST, "/api/v1/runs/{id}/plan", &path("/plan"), None).await;
    let shown = call(M::GET, "/api/v1/runs/{id}", &path(""), None).await;
    if let Some(lines) = shown["lines"].as_array() {
        let edit: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::json!({"category": l["category"], "condition": l["condition"], "quantity": l["quantity"], "stop": l["stop"]}))
            .collect();
        call(
            M::PUT,
            "/api/v1/runs/{id}/lines",
            &path("/lines"),
            j(serde_json::json!({"lines": edit})),
        )
        .await;
    }
    call(M::GET, "/api/v1/runs/{id}/boxes", &path("/boxes"), None).await;
    call(M::POST, "/api/v1/runs/{id}/load", &path("/load"), None).await;
    call(
        M::POST,
        "/api/v1/runs/{id}/deliver",
        &path("/deliver"),
        j(serde_json::json!({"stop": "oak"})),
    )
    .await;
    call(
        M::POST,
        "/api/v1/runs/{id}/deliver",
        &path("/deliver"),
        j(serde_json::json!({"stop": "heron"})),
    )
    .await;
    call(M::POST, "/api/v1/runs/{id}/return", &path("/return"), None).await;
    let labels = call(
        M::POST,
        "/api/v1/labels",
        "/api/v1/labels",
        j(serde_json::json!({"count": 3})),
    )
    .await;
    let codes: Vec<String> = labels["codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    if let [a, b, c, ..] = codes.as_slice() {
        let fill = |code: &str| serde_json::json!({"code": code, "location": "unit-east", "category": "tent-2p", "condition": "good", "quantity": 2});
        call(M::POST, "/api/v1/boxes", "/api/v1/boxes", j(fill(a))).await;
        call(M::POST, "/api/v1/boxes", "/api/v1/boxes", j(fill(b))).await;
        let on = |code: &str, rest: &str| format!("/api/v1/boxes/{code}{rest}");
        call(M::GET, "/api/v1/boxes", "/api/v1/boxes", None).await;
        call(M::GET, "/api/v1/boxes/{code}", &on(a, ""), None).await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/add",
            &on(a, "/add"),
            j(serde_json::json!({"quantity": 1})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/take",
            &on(a, "/take"),
            j(serde_json::json!({"quantity": 1})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/split",
            &on(a, "/split"),
            j(serde_json::json!({"quantity": 1, "into": c})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/merge",
            &on(a, "/merge"),
            j(serde_json::json!({"from": c})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/regrade",
            &on(a, "/regrade"),
            j(serde_json::json!({"to_condition": "usable"})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/empty",
            &on(b, "/empty"),
            j(serde_json::json!({})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/move",
            &on(a, "/move"),
            j(serde_json::json!({"to": "oak"})),
        )
        .await;
        call(
            M::POST,
            "/api/v1/boxes/{code}/handout",
            &on(a, "/handout"),
            j(serde_json::json!({"quantity": 1})),
        )
        .await;
    }
    // The calls that are not JSON with the coordinator's token: a login, and CSV in.
    let mut check = |op: &str, status: StatusCode, answer: &Value| {
        let (method, template) = op.split_once(' ').expect("op");
        let schema = &doc["paths"][template][method]["responses"][status.as_str()]["content"]
            ["application/json"]["schema"];
        let mut out = Vec::new();
        violations(&doc, schema, answer, "$", &mut out);
        wrong.extend(out.into_iter().map(|e| format!("{op} {status} {e}")));
        // An error answer is checked against the error shape, and is not a success.
        if schema.is_null() {
            missed.push(format!("{op} → {status}: no schema"));
        } else if status.is_success() {
            checked.insert(op.to_string());
        } else if status != StatusCode::UNAUTHORIZED {
            missed.push(format!("{op} → {status}: {answer}"));
        }
    };
    let (status, answer) = app
        .with_token(None)
        .request(
            Method::POST,
            "/api/v1/auth/token",
            Some(&serde_json::json!({"handle": "op-crew", "password": "not yet"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    check("post /api/v1/auth/token", status, &answer);
    app.add_user_and_login("op-crew", haul::auth::Role::Crew)
        .await;
    let (status, answer) = app
        .with_token(None)
        .request(
            Method::POST,
            "/api/v1/auth/token",
            Some(&serde_json::json!({"handle": "op-crew", "password": common::TEST_PASSWORD})),
        )
        .await;
    check("post /api/v1/auth/token", status, &answer);
    let csv = format!(
        "source,warehouse,received_on,category,condition,quantity\nop csv,unit-east,{today},tent-2p,good,2\n"
    );
    let (status, answer) = app.post_csv("/api/v1/import/intakes", &csv).await;
    check("post /api/v1/import/intakes", status, &answer);
    let csv =
        format!("site,category,quantity,stated_on,stated_by\nheron,tent-2p,3,{today},heron crew\n");
    let (status, answer) = app.post_csv("/api/v1/import/needs", &csv).await;
    check("post /api/v1/import/needs", status, &answer);
    let uncovered: Vec<String> = document_routes(&doc)
        .into_iter()
        .map(|(m, p)| format!("{} {p}", m.to_lowercase()))
        .filter(|op| !checked.contains(op))
        .collect();
    eprintln!(
        "{} operations' success bodies checked; not here (CSV answers, or new): {uncovered:?}",
        checked.len()
    );
    assert!(
        wrong.is_empty(),
        "bodies that do not match the document: {wrong:#?}"
    );
    assert!(missed.is_empty(), "calls that did not succeed: {missed:#?}");
    assert!(
        checked.len() >= 60,
        "only {} operations answered 2xx: {checked:?}; missed {missed:#?}",
        checked.len()
    );
}

on_both_backends!(success_bodies_match_the_document);

/// Every link names an operation of the document, and a create leads to what can be
/// done with what it made (schemathesis follows them in its stateful phase).
#[test]
fn links_lead_to_operations_that_exist() {
    let doc = haul::openapi::json();
    let mut ids = BTreeSet::new();
    let mut links = Vec::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("item").values() {
            ids.insert(op["operationId"].as_str().unwrap_or("").to_string());
            for response in op["responses"].as_object().into_iter().flatten() {
                for link in response.1["links"].as_object().into_iter().flatten() {
                    links.push(link.1["operationId"].as_str().unwrap_or("").to_string());
                }
            }
        }
    }
    assert!(links.len() >= 15, "{links:?}");
    for l in &links {
        assert!(ids.contains(l), "a link to {l}, which is no operation");
    }
    let created = &doc["paths"]["/api/v1/runs"]["post"]["responses"]["201"]["links"];
    assert_eq!(
        created["get_runs_id"]["parameters"]["id"],
        "$response.body#/id"
    );
}
