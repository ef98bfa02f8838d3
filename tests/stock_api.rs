//! The foundation over HTTP, on SQLite and PostgreSQL: catalogue, locations, intake,
//! transfers, regrades, stocktakes, write-offs, the ledger and stock, and every kind of
//! bad input with "nothing changed" asserted after it.

mod common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn line(category: &str, condition: &str, quantity: i64) -> Value {
    json!({"category": category, "condition": condition, "quantity": quantity})
}

/// Sends `body`, expects `status`, and checks that stock and ledger did not move.
async fn refused(app: &TestApp, path: &str, body: Value, status: StatusCode) -> Value {
    let before = app.stock_snapshot().await;
    let entries = app.ledger_len().await;
    let (got, err) = app.post(path, &body).await;
    assert_eq!(got, status, "{path} {body} → {err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    assert!(err["error"]["code"].is_string(), "{err}");
    assert_eq!(
        app.stock_snapshot().await,
        before,
        "stock changed after a refused {path}"
    );
    assert_eq!(
        app.ledger_len().await,
        entries,
        "ledger grew after a refused {path}"
    );
    err
}

async fn health_and_catalogue(app: TestApp) {
    let (s, body) = app.get("/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["database"], "reachable");

    let (s, body) = app.get("/api/v1/categories").await;
    assert_eq!(s, StatusCode::OK);
    let slugs: Vec<&str> = body["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert!(
        slugs.contains(&"tent-2p") && slugs.contains(&"sleeping-bag"),
        "{slugs:?}"
    );

    let new = json!({"slug": "solar-lamp", "name": "Solar lamp", "unit_volume_l": 1.2, "unit_weight_kg": 0.3});
    let (s, created) = app.post("/api/v1/categories", &new).await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let (s, _) = app.post("/api/v1/categories", &new).await;
    assert_eq!(s, StatusCode::CONFLICT);
    for (bad, field) in [
        (
            json!({"slug": "Bad Slug", "name": "x", "unit_volume_l": 1, "unit_weight_kg": 1}),
            "slug",
        ),
        (
            json!({"slug": "lamp-2", "name": "x", "unit_volume_l": 0, "unit_weight_kg": 1}),
            "unit_volume_l",
        ),
        (
            json!({"slug": "lamp-3", "name": "x", "unit_volume_l": 1, "unit_weight_kg": -1}),
            "unit_weight_kg",
        ),
        (
            json!({"slug": "lamp-4", "name": "", "unit_volume_l": 1, "unit_weight_kg": 1}),
            "name",
        ),
        (
            json!({"slug": "lamp-5", "name": "x", "unit_volume_l": 1, "unit_weight_kg": 1, "price": 3}),
            "price",
        ),
    ] {
        let (s, err) = app.post("/api/v1/categories", &bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad} → {err}");
        let fields: Vec<&str> = err["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["field"].as_str())
            .collect();
        assert!(
            fields.contains(&field),
            "{bad}: expected field {field}, got {err}"
        );
    }
    let (_, body) = app.get("/api/v1/categories").await;
    assert_eq!(
        body["categories"].as_array().unwrap().len(),
        slugs.len() + 1,
        "only solar-lamp was added"
    );
}

async fn locations(app: TestApp) {
    let (s, body) = app.get("/api/v1/locations?kind=site").await;
    assert_eq!(s, StatusCode::OK);
    let slugs: Vec<&str> = body["locations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert_eq!(slugs, vec!["heron", "oak"]);

    let (s, created) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "wren", "name": "Wren", "kind": "site"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert_eq!(created["kind"], "site");
    let (s, _) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "wren", "name": "Wren 2", "kind": "site"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "van-1", "name": "Van", "kind": "van"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "x", "name": "X", "kind": "castle"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/locations?kind=castle").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (_, body) = app.get("/api/v1/locations").await;
    assert_eq!(body["locations"].as_array().unwrap().len(), 5);
}

async fn intake_adds_stock_and_ledger(app: TestApp) {
    let (s, intake) = app
        .post_intake(
            "unit-east",
            json!([
                line("tent-2p", "good", 12),
                line("tent-2p", "needs-drying", 5),
                line("blanket", "usable", 30)
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{intake}");
    assert_eq!(intake["lines"].as_array().unwrap().len(), 3);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 12);
    assert_eq!(
        app.stock_of("unit-east", "tent-2p", "needs-drying").await,
        5
    );
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 30);

    let (s, list) = app.get("/api/v1/intakes?warehouse=unit-east").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["intakes"][0]["id"], intake["id"]);
    assert_eq!(list["intakes"][0]["lines"].as_array().unwrap().len(), 3);

    let (s, ledger) = app
        .get(&format!(
            "/api/v1/ledger?cause=intake&cause_id={}",
            intake["id"]
        ))
        .await;
    assert_eq!(s, StatusCode::OK);
    let entries = ledger["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries
        .iter()
        .all(|e| e["actor"].is_string() && e["cause"] == "intake"));
    app.assert_ledger_consistent();
}

async fn intake_bad_input_changes_nothing(app: TestApp) {
    let (s, _) = app
        .post_intake("unit-east", json!([line("tent-2p", "good", 2)]))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let ok = |warehouse: &str, lines: Value| json!({"source": "reading-2026", "warehouse": warehouse, "received_on": "2026-08-31", "lines": lines});
    let cases = [
        (
            ok("unit-east", json!([line("tent-9p", "good", 1)])),
            "lines[0].category",
        ),
        (
            ok("unit-east", json!([line("tent-2p", "good", 0)])),
            "lines[0].quantity",
        ),
        (
            ok("unit-east", json!([line("tent-2p", "good", -4)])),
            "lines[0].quantity",
        ),
        (
            ok("unit-east", json!([line("tent-2p", "good", 1_000_001)])),
            "lines[0].quantity",
        ),
        (
            ok("unit-east", json!([line("tent-2p", "soggy", 1)])),
            "lines[0].condition",
        ),
        (ok("unit-east", json!([])), "lines"),
        (ok("oak", json!([line("tent-2p", "good", 1)])), "warehouse"),
        (
            ok("nowhere", json!([line("tent-2p", "good", 1)])),
            "warehouse",
        ),
        (
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-02-30", "lines": [line("tent-2p", "good", 1)]}),
            "received_on",
        ),
        (
            json!({"source": "x", "warehouse": "unit-east", "received_on": "1999-12-31", "lines": [line("tent-2p", "good", 1)]}),
            "received_on",
        ),
        (
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2099-01-01", "lines": [line("tent-2p", "good", 1)]}),
            "received_on",
        ),
        (
            json!({"source": "", "warehouse": "unit-east", "received_on": "2026-08-31", "lines": [line("tent-2p", "good", 1)]}),
            "source",
        ),
        (
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-08-31", "lines": [line("tent-2p", "good", 1)], "name": "Ali"}),
            "name",
        ),
        (
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-08-31", "lines": [line("tent-2p", "good", 1)], "note": "call 07700 900123"}),
            "note",
        ),
    ];
    for (body, field) in cases {
        let err = refused(
            &app,
            "/api/v1/intakes",
            body.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let fields: Vec<&str> = err["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{body}: expected {field} in {err}");
    }
    // Malformed JSON is a 400, an oversized body a 413; neither changes anything.
    let before = app.stock_snapshot().await;
    for raw in ["{", "not json", "{\"source\": }", ""] {
        let (s, err) = app.post_raw("/api/v1/intakes", raw).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{raw:?} → {err}");
        assert_eq!(err["error"]["code"], "bad_request");
    }
    let huge = format!("{{\"source\":\"{}\"}}", "x".repeat(300 * 1024));
    let (s, err) = app.post_raw("/api/v1/intakes", &huge).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(app.stock_snapshot().await, before);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 2);
}

async fn transfers_regrades_writeoffs_stocktakes(app: TestApp) {
    app.post_intake(
        "unit-east",
        json!([
            line("tent-2p", "good", 10),
            line("sleeping-bag", "needs-drying", 8)
        ]),
    )
    .await;

    let (s, t) = app
        .post(
            "/api/v1/transfers",
            &json!({"from": "unit-east", "to": "oak", "lines": [line("tent-2p", "good", 4)]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 6);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 4);

    let (s, r) = app.post("/api/v1/regrades", &json!({"location": "unit-east", "category": "sleeping-bag", "from_condition": "needs-drying", "to_condition": "good", "quantity": 5})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(app.stock_of("unit-east", "sleeping-bag", "good").await, 5);
    assert_eq!(
        app.stock_of("unit-east", "sleeping-bag", "needs-drying")
            .await,
        3
    );

    let (s, w) = app.post("/api/v1/writeoffs", &json!({"location": "unit-east", "lines": [line("sleeping-bag", "needs-drying", 1)], "reason": "mould"})).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    assert_eq!(
        app.stock_of("unit-east", "sleeping-bag", "needs-drying")
            .await,
        2
    );

    let (s, st) = app
        .post(
            "/api/v1/stocktakes",
            &json!({"location": "unit-east", "counted": [
        {"category": "tent-2p", "condition": "good", "quantity": 7},
        {"category": "sleeping-bag", "condition": "needs-drying", "quantity": 0},
        {"category": "blanket", "condition": "usable", "quantity": 0}
    ], "reason": "monthly count"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{st}");
    let entries = st["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "only the differences are entries: {st}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 7);
    assert_eq!(
        app.stock_of("unit-east", "sleeping-bag", "needs-drying")
            .await,
        0
    );

    let (s, page1) = app.get("/api/v1/ledger?location=unit-east&limit=2").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page1["entries"].as_array().unwrap().len(), 2);
    let before = page1["next_before"].as_i64().expect("a next page");
    let (_, page2) = app
        .get(&format!(
            "/api/v1/ledger?location=unit-east&limit=2&before={before}"
        ))
        .await;
    assert!(page2["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["id"].as_i64().unwrap() < before));
    let (_, causes) = app.get("/api/v1/ledger?cause=regrade").await;
    assert_eq!(causes["entries"].as_array().unwrap().len(), 2);
    app.assert_ledger_consistent();
}

async fn movement_bad_input_changes_nothing(app: TestApp) {
    app.post_intake("unit-east", json!([line("tent-2p", "good", 3)]))
        .await;
    let short = refused(
        &app,
        "/api/v1/transfers",
        json!({"from": "unit-east", "to": "oak", "lines": [line("tent-2p", "good", 4)]}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(short["error"]["code"], "insufficient_stock");
    // People read names; programs read the slugs in `details`.
    assert_eq!(
        short["error"]["message"],
        "not enough stock: 4 × Tent (2 person) (good) at unit-east — 3 there",
        "{short}"
    );
    assert_eq!(
        short["error"]["details"]["shortages"][0]["category"],
        "tent-2p"
    );
    assert_eq!(short["error"]["details"]["shortages"][0]["in_stock"], 3);
    refused(
        &app,
        "/api/v1/transfers",
        json!({"from": "unit-east", "to": "unit-east", "lines": [line("tent-2p", "good", 1)]}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        "/api/v1/transfers",
        json!({"from": "unit-east", "to": "mars", "lines": [line("tent-2p", "good", 1)]}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(&app, "/api/v1/regrades", json!({"location": "unit-east", "category": "tent-2p", "from_condition": "good", "to_condition": "usable", "quantity": 9})
        , StatusCode::CONFLICT).await;
    refused(&app, "/api/v1/regrades", json!({"location": "unit-east", "category": "tent-2p", "from_condition": "good", "to_condition": "good", "quantity": 1}), StatusCode::UNPROCESSABLE_ENTITY).await;
    refused(
        &app,
        "/api/v1/writeoffs",
        json!({"location": "unit-east", "lines": [line("tent-2p", "good", 1)], "reason": ""}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        "/api/v1/writeoffs",
        json!({"location": "unit-east", "lines": [line("tent-2p", "good", 5)], "reason": "torn"}),
        StatusCode::CONFLICT,
    )
    .await;
    refused(&app, "/api/v1/stocktakes", json!({"location": "unit-east", "counted": [{"category": "tent-2p", "condition": "good", "quantity": -1}], "reason": "count"}), StatusCode::UNPROCESSABLE_ENTITY).await;
    refused(&app, "/api/v1/stocktakes", json!({"location": "unit-east", "counted": [
        {"category": "tent-2p", "condition": "good", "quantity": 1}, {"category": "tent-2p", "condition": "good", "quantity": 2}], "reason": "count"}), StatusCode::UNPROCESSABLE_ENTITY).await;
    // A multi-line change with one short line is refused whole.
    refused(&app, "/api/v1/writeoffs", json!({"location": "unit-east", "lines": [line("tent-2p", "good", 1), line("blanket", "good", 1)], "reason": "torn"}), StatusCode::CONFLICT).await;
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 3);

    let (s, _) = app.get("/api/v1/stock?location=atlantis").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get("/api/v1/stock?condition=soggy").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = app.get("/api/v1/ledger?limit=0").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/ledger?cause=theft").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.assert_ledger_consistent();
}

async fn idempotency_key_takes_effect_once(app: TestApp) {
    let body = json!({"source": "leeds-2026", "warehouse": "unit-east", "received_on": "2026-09-01", "lines": [line("roll-mat", "good", 6)]});
    let (s1, first) = app
        .post_with_key("/api/v1/intakes", &body, Some("retry-1"))
        .await;
    let (s2, second) = app
        .post_with_key("/api/v1/intakes", &body, Some("retry-1"))
        .await;
    assert_eq!(s1, StatusCode::CREATED);
    assert_eq!(s2, StatusCode::CREATED);
    assert_eq!(
        first, second,
        "the replay answers exactly what the first did"
    );
    assert_eq!(app.stock_of("unit-east", "roll-mat", "good").await, 6);

    let other = json!({"source": "leeds-2026", "warehouse": "unit-east", "received_on": "2026-09-01", "lines": [line("roll-mat", "good", 7)]});
    let (s3, err) = app
        .post_with_key("/api/v1/intakes", &other, Some("retry-1"))
        .await;
    assert_eq!(s3, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
    assert_eq!(app.stock_of("unit-east", "roll-mat", "good").await, 6);

    // A refused change stores no key: after stock arrives the same retry succeeds.
    let transfer =
        json!({"from": "unit-east", "to": "oak", "lines": [line("roll-mat", "good", 10)]});
    let (s, _) = app
        .post_with_key("/api/v1/transfers", &transfer, Some("t-1"))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    app.post_intake("unit-east", json!([line("roll-mat", "good", 4)]))
        .await;
    let (s, _) = app
        .post_with_key("/api/v1/transfers", &transfer, Some("t-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(app.stock_of("oak", "roll-mat", "good").await, 10);

    let resp = app
        .client
        .post(app.url("/api/v1/intakes"))
        .bearer_auth(app.token.clone().unwrap_or_default())
        .header("Idempotency-Key", "")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

async fn concurrent_retries_have_one_effect(app: TestApp) {
    let body = json!({"source": "boomtown-2026", "warehouse": "unit-south", "received_on": "2026-08-10", "lines": [line("blanket", "good", 3)]});
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = reqwest::Client::new();
        let url = app.url("/api/v1/intakes");
        let body = body.clone();
        let token = app.token.clone();
        tasks.push(tokio::spawn(async move {
            let mut rb = client
                .post(url)
                .header("Idempotency-Key", "same-key-16")
                .json(&body);
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            let resp = rb.send().await.expect("send");
            (
                resp.status(),
                resp.json::<Value>().await.unwrap_or(Value::Null),
            )
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        let (status, body) = t.await.expect("task");
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(body["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every client saw the same intake");
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 3);
    let (_, list) = app.get("/api/v1/intakes?source=boomtown-2026").await;
    assert_eq!(list["intakes"].as_array().unwrap().len(), 1);
}

async fn concurrent_withdrawals_never_go_below_zero(app: TestApp) {
    app.post_intake("unit-east", json!([line("cooking-pot", "good", 10)]))
        .await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let client = reqwest::Client::new();
        let url = app.url("/api/v1/writeoffs");
        let token = app.token.clone();
        tasks.push(tokio::spawn(async move {
            let mut rb = client.post(url).json(&json!({"location": "unit-east", "lines": [line("cooking-pot", "good", 1)], "reason": "dented"}));
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            rb.send().await.expect("send").status()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.expect("task") {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 10);
    assert_eq!(app.stock_of("unit-east", "cooking-pot", "good").await, 0);
    app.assert_ledger_consistent();
}

on_both_backends!(
    health_and_catalogue,
    locations,
    intake_adds_stock_and_ledger,
    intake_bad_input_changes_nothing,
    transfers_regrades_writeoffs_stocktakes,
    movement_bad_input_changes_nothing,
    idempotency_key_takes_effect_once,
    concurrent_retries_have_one_effect,
    concurrent_withdrawals_never_go_below_zero,
);
