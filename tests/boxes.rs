//! Boxes and items tracked one by one over HTTP, on SQLite and PostgreSQL: every box
//! action (fill, move, regrade, add, take, empty, split, merge, hand out), labels
//! reserved in advance, bikes as boxes of one, the scan pages, and bad input with
//! "nothing changed" asserted. After every step, stock = boxed + loose and `haul check`
//! (ledger = projection, boxes = ledger) is clean.

mod common;

use std::collections::BTreeMap;

use common::{TestApp, COORDINATOR_HANDLE};
use diesel::prelude::*;
use haul::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Stock, boxes and ledger length: what a refusal must leave alone.
async fn state_of(app: &TestApp) -> (Value, Value, usize) {
    let (s, boxes) = app.get("/api/v1/boxes").await;
    assert_eq!(s, StatusCode::OK, "{boxes}");
    (app.stock_snapshot().await, boxes, app.ledger_len().await)
}

/// Every stock row equals what its boxes hold plus its loose part (the ledger entries
/// naming no box), the loose part is never negative, and both checks are clean.
async fn assert_totals(app: &TestApp) {
    app.assert_ledger_consistent();
    let box_diffs = app
        .db
        .read_blocking(haul::boxes::model::check)
        .expect("box check");
    assert!(
        box_diffs.is_empty(),
        "boxes differ from ledger: {box_diffs:?}"
    );
    let (stock, boxes, _) = state_of(app).await;
    let key = |v: &Value, l: &str| {
        (
            v[l].as_str().unwrap_or("").to_string(),
            v["category"].as_str().unwrap_or("").to_string(),
            v["condition"].as_str().unwrap_or("").to_string(),
        )
    };
    let mut boxed: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for b in boxes["boxes"].as_array().expect("boxes") {
        if b["quantity"].as_i64().unwrap_or(0) > 0 {
            *boxed.entry(key(b, "location")).or_insert(0) += b["quantity"].as_i64().unwrap_or(0);
        }
    }
    let loose = app
        .db
        .read_blocking(|c| {
            use haul::db::schema::{categories, ledger_entries as le, locations};
            let rows: Vec<(String, String, String, i64)> = le::table
                .inner_join(locations::table)
                .inner_join(categories::table)
                .filter(le::box_id.is_null())
                .select((
                    locations::slug,
                    categories::slug,
                    le::condition,
                    le::quantity,
                ))
                .load(c)?;
            Ok(rows)
        })
        .expect("loose entries");
    let mut loose_by: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for (l, c, k, q) in loose {
        *loose_by.entry((l, c, k)).or_insert(0) += q;
    }
    let mut total: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for r in stock.as_array().expect("stock") {
        total.insert(key(r, "location"), r["quantity"].as_i64().unwrap_or(0));
    }
    let mut keys: Vec<_> = total
        .keys()
        .chain(boxed.keys())
        .chain(loose_by.keys())
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let t = total.get(&k).copied().unwrap_or(0);
        let b = boxed.get(&k).copied().unwrap_or(0);
        let l = loose_by.get(&k).copied().unwrap_or(0);
        assert!(l >= 0, "loose {k:?} is {l}");
        assert_eq!(t, b + l, "stock {k:?}: total {t} ≠ boxed {b} + loose {l}");
    }
}

async fn intake(app: &TestApp, warehouse: &str, category: &str, condition: &str, n: i64) {
    let (s, body) = app
        .post_intake(
            warehouse,
            json!([{"category": category, "condition": condition, "quantity": n}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

async fn fill(app: &TestApp, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/boxes", &body).await;
    assert_eq!(s, StatusCode::CREATED, "{body} → {b}");
    assert_totals(app).await;
    b
}

async fn act(app: &TestApp, code: &str, action: &str, body: Value) -> Value {
    let (s, b) = app
        .post(&format!("/api/v1/boxes/{code}/{action}"), &body)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{action} {body} → {b}");
    assert_totals(app).await;
    b
}

/// A refused request: the status, an error in the usual shape, nothing changed.
async fn refused(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Value,
    status: StatusCode,
) -> Value {
    let before = state_of(app).await;
    let view = app.with_token(app.token.clone());
    let (s, err) = view.request(method, path, Some(&body)).await;
    assert_eq!(s, status, "{path} {body} → {err}");
    assert!(
        err["error"]["code"].as_str().is_some_and(|c| !c.is_empty())
            && err["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    assert_eq!(
        state_of(app).await,
        before,
        "something changed after {path} {body}"
    );
    assert_totals(app).await;
    err
}

async fn blankets_box(app: &TestApp, n: i64) -> String {
    intake(app, "unit-east", "blanket", "good", 20).await;
    let b = fill(
        app,
        json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": n}),
    )
    .await;
    b["code"].as_str().expect("code").to_string()
}

async fn boxed_of(app: &TestApp, code: &str) -> Value {
    let (s, b) = app.get(&format!("/api/v1/boxes/{code}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

async fn every_box_action_keeps_totals(app: TestApp) {
    let code = blankets_box(&app, 12).await;
    assert_eq!(code.len(), 6);
    assert!(code
        .bytes()
        .all(|b| haul::boxes::code::ALPHABET.contains(&b)));
    let b = boxed_of(&app, &code).await;
    assert_eq!(
        (b["state"].as_str(), b["quantity"].as_i64()),
        (Some("filled"), Some(12))
    );
    assert_eq!(
        app.stock_of("unit-east", "blanket", "good").await,
        20,
        "a box is part of stock"
    );
    // Move: the box and its count go together.
    let b = act(&app, &code, "move", json!({"to": "unit-south"})).await;
    assert_eq!(b["location"], "unit-south");
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 8);
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 12);
    // Regrade: found damp.
    act(
        &app,
        &code,
        "regrade",
        json!({"to_condition": "needs-drying"}),
    )
    .await;
    assert_eq!(
        app.stock_of("unit-south", "blanket", "needs-drying").await,
        12
    );
    act(&app, &code, "regrade", json!({"to_condition": "good"})).await;
    // Take out into loose stock, then back in.
    let b = act(&app, &code, "take", json!({"quantity": 5})).await;
    assert_eq!(b["quantity"], 7);
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 12);
    let b = act(&app, &code, "add", json!({"quantity": 2})).await;
    assert_eq!(b["quantity"], 9);
    // Split into a label printed in advance, then merge back.
    let (s, r) = app.post("/api/v1/labels", &json!({"count": 2})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let blank = r["codes"][0].as_str().expect("code").to_string();
    assert_eq!(boxed_of(&app, &blank).await["state"], "blank");
    let b = act(&app, &code, "split", json!({"quantity": 4, "into": blank})).await;
    assert_eq!(
        (b["code"].as_str(), b["quantity"].as_i64()),
        (Some(blank.as_str()), Some(4))
    );
    assert_eq!(boxed_of(&app, &code).await["quantity"], 5);
    let b = act(&app, &code, "merge", json!({"from": blank})).await;
    assert_eq!(b["quantity"], 9);
    assert_eq!(boxed_of(&app, &blank).await["state"], "empty");
    // A split without a label makes a new code.
    let b = act(&app, &code, "split", json!({"quantity": 1})).await;
    assert_ne!(b["code"], code);
    // Empty: everything back to loose stock; stock totals unchanged.
    let b = act(&app, &code, "empty", json!({})).await;
    assert_eq!(
        (b["state"].as_str(), b["quantity"].as_i64()),
        (Some("empty"), Some(0))
    );
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 12);
    // An emptied box can be filled again where it stands.
    act(&app, &code, "add", json!({"quantity": 3})).await;
    // History names each action.
    let d = boxed_of(&app, &code).await;
    let kinds: Vec<&str> = d["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "packed", "moved", "regraded", "regraded", "taken", "added", "split", "merged",
            "split", "emptied", "added"
        ]
    );
    // Entries name the box in the ledger, with cause "box".
    let (_, ledger) = app.get("/api/v1/ledger?cause=box&limit=1000").await;
    assert!(
        ledger["entries"].as_array().is_some_and(|e| e.len() >= 20),
        "{ledger}"
    );
}

async fn bad_input_changes_nothing(app: TestApp) {
    let code = blankets_box(&app, 12).await;
    let p = |a: &str| format!("/api/v1/boxes/{code}/{a}");
    // Unknown and malformed codes.
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes/ZZZZZZ/move",
        json!({"to": "oak"}),
        StatusCode::NOT_FOUND,
    )
    .await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes/K0O1I9/move",
        json!({"to": "oak"}),
        StatusCode::NOT_FOUND,
    )
    .await;
    let (s, _) = app.get("/api/v1/boxes/ZZZZZZ").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Every action on a code never printed: 404, nothing changed.
    for (action, body) in [
        ("regrade", json!({"to_condition": "usable"})),
        ("add", json!({"quantity": 1})),
        ("take", json!({"quantity": 1})),
        ("empty", json!({})),
        ("split", json!({"quantity": 1})),
        ("merge", json!({"from": code})),
        ("handout", json!({"quantity": 1})),
    ] {
        let e = refused(
            &app,
            Method::POST,
            &format!("/api/v1/boxes/ZZZZZZ/{action}"),
            body,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(e["error"]["code"], "not_found", "{action}: {e}");
    }
    // Merging in a box that does not exist, splitting into a label never printed.
    refused(
        &app,
        Method::POST,
        &p("merge"),
        json!({"from": "ZZZZZZ"}),
        StatusCode::NOT_FOUND,
    )
    .await;
    refused(
        &app,
        Method::POST,
        &p("split"),
        json!({"quantity": 1, "into": "ZZZZZZ"}),
        StatusCode::NOT_FOUND,
    )
    .await;
    // Moved to where it already is.
    let e = refused(
        &app,
        Method::POST,
        &p("move"),
        json!({"to": "unit-east"}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "already_there");
    // Unknown place, a van-less place kind, bad bodies.
    refused(
        &app,
        Method::POST,
        &p("move"),
        json!({"to": "atlantis"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        &p("move"),
        json!({"to": "oak", "x": 1}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let before = state_of(&app).await;
    let (s, _) = app.post_raw(&p("move"), "{not json").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(state_of(&app).await, before);
    // Taking more than it holds; zero and negative quantities.
    let e = refused(
        &app,
        Method::POST,
        &p("take"),
        json!({"quantity": 13}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "box_short");
    refused(
        &app,
        Method::POST,
        &p("take"),
        json!({"quantity": 0}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        &p("add"),
        json!({"quantity": -2}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Adding more than the loose stock there (8 loose, 12 boxed).
    let e = refused(
        &app,
        Method::POST,
        &p("add"),
        json!({"quantity": 9}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "insufficient_stock");
    // Loose movements cannot take what is boxed: 20 in stock, 8 loose.
    let e = refused(
        &app,
        Method::POST,
        "/api/v1/transfers",
        json!({"from": "unit-east", "to": "oak", "lines": [{"category": "blanket", "condition": "good", "quantity": 9}]}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "insufficient_stock");
    // Regrade to the same condition, split everything, merge into itself.
    refused(
        &app,
        Method::POST,
        &p("regrade"),
        json!({"to_condition": "good"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        &p("split"),
        json!({"quantity": 12}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        &p("merge"),
        json!({"from": code}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // A label code reused: filling a box that already has it.
    let e = refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"code": code, "location": "unit-east", "category": "blanket", "condition": "good", "quantity": 1}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "label_reused");
    let e = refused(
        &app,
        Method::POST,
        &p("split"),
        json!({"quantity": 1, "into": code}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "label_reused");
    // A code never printed, a malformed code.
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"code": "ZZZZZZ", "location": "unit-east", "category": "blanket", "condition": "good", "quantity": 1}),
        StatusCode::NOT_FOUND,
    )
    .await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"code": "K7M4Q0", "location": "unit-east", "category": "blanket", "condition": "good", "quantity": 1}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Unknown category, more than the loose stock, a NUL byte.
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"location": "unit-east", "category": "unicorn", "condition": "good", "quantity": 1}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 9}),
        StatusCode::CONFLICT,
    )
    .await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"location": "unit\u{0}east", "category": "blanket", "condition": "good", "quantity": 1}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Labels: out of range.
    refused(
        &app,
        Method::POST,
        "/api/v1/labels",
        json!({"count": 0}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    refused(
        &app,
        Method::POST,
        "/api/v1/labels",
        json!({"count": 501}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Hand out from a box that is not at a site.
    let e = refused(
        &app,
        Method::POST,
        &p("handout"),
        json!({}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "not_at_site");
    // Wrong role, no token.
    let driver = app.add_user_and_login("dana", Role::Driver).await;
    let before = state_of(&app).await;
    let (s, _) = app
        .with_token(Some(driver))
        .request(Method::POST, &p("move"), Some(&json!({"to": "oak"})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .with_token(None)
        .request(Method::POST, &p("move"), Some(&json!({"to": "oak"})))
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(state_of(&app).await, before);
}

async fn idempotent_and_concurrent_moves(app: TestApp) {
    let code = blankets_box(&app, 12).await;
    let path = format!("/api/v1/boxes/{code}/move");
    let (s1, b1) = app
        .post_with_key(&path, &json!({"to": "oak"}), Some("k-1"))
        .await;
    let (s2, b2) = app
        .post_with_key(&path, &json!({"to": "oak"}), Some("k-1"))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(b1, b2, "a retry replays the first answer");
    let before = state_of(&app).await;
    let (s, e) = app
        .post_with_key(&path, &json!({"to": "heron"}), Some("k-1"))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    assert_eq!(state_of(&app).await, before);
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 12);
    // Two moves of the same box at once: exactly one happens.
    let before_len = app.ledger_len().await;
    let heron = json!({"to": "heron"});
    let a = app.post(&path, &heron);
    let b = app.post(&path, &heron);
    let ((sa, ba), (sb, bb)) = tokio::join!(a, b);
    let mut statuses = [sa, sb];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{ba} {bb}"
    );
    assert_eq!(app.ledger_len().await, before_len + 2);
    let (east, south) = (json!({"to": "unit-east"}), json!({"to": "unit-south"}));
    let a = app.post(&path, &east);
    let b = app.post(&path, &south);
    let ((sa, _), (sb, _)) = tokio::join!(a, b);
    assert_eq!(
        [sa, sb]
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        2,
        "different places: both, one after the other"
    );
    assert_eq!(app.stock_of("heron", "blanket", "good").await, 0);
    assert_eq!(
        app.stock_of("unit-east", "blanket", "good").await
            + app.stock_of("unit-south", "blanket", "good").await,
        20
    );
    assert_totals(&app).await;
}

async fn hand_out_from_a_box_at_a_site(app: TestApp) {
    let code = blankets_box(&app, 12).await;
    act(&app, &code, "move", json!({"to": "oak"})).await;
    let dist = app.add_user_and_login("dee", Role::Distributor).await;
    let view = app.with_token(Some(dist));
    let (s, b) = view
        .request(
            Method::POST,
            &format!("/api/v1/boxes/{code}/handout"),
            Some(&json!({"quantity": 5})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["quantity"], 7);
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 7);
    assert_eq!(app.handouts_len().await, 1);
    assert_totals(&app).await;
    // Too many: refused, nothing changed.
    let before = state_of(&app).await;
    let (s, _) = view
        .request(
            Method::POST,
            &format!("/api/v1/boxes/{code}/handout"),
            Some(&json!({"quantity": 8})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(state_of(&app).await, before);
    assert_eq!(app.handouts_len().await, 1, "no hand-out was recorded");
    assert_totals(&app).await;
    // The whole box.
    let (s, b) = view
        .request(
            Method::POST,
            &format!("/api/v1/boxes/{code}/handout"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["state"], "empty");
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 0);
    assert_eq!(app.handouts_len().await, 2);
    assert_totals(&app).await;
}

async fn bikes_are_tracked_one_by_one(app: TestApp) {
    intake(&app, "unit-east", "bike", "needs-repair", 3).await;
    let fill_bike = json!({"location": "unit-east", "category": "bike", "condition": "needs-repair", "quantity": 1, "frame_size": "54 cm", "missing": ["chain", "brakes"]});
    let mut two = fill_bike.clone();
    two["quantity"] = json!(2);
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        two,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut wrong = fill_bike.clone();
    wrong["condition"] = json!("good");
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        wrong,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut bad_part = fill_bike.clone();
    bad_part["missing"] = json!(["wings"]);
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        bad_part,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let bike = fill(&app, fill_bike).await;
    let code = bike["code"].as_str().expect("code").to_string();
    assert_eq!(bike["tracked"], true);
    assert_eq!(bike["missing"], json!(["brakes", "chain"]));
    assert_eq!(bike["frame_size"], "54 cm");
    // A bike is a box of one: nothing added, split or merged.
    let e = refused(
        &app,
        Method::POST,
        &format!("/api/v1/boxes/{code}/add"),
        json!({"quantity": 1}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "tracked_item");
    refused(
        &app,
        Method::POST,
        &format!("/api/v1/boxes/{code}/split"),
        json!({"quantity": 1}),
        StatusCode::CONFLICT,
    )
    .await;
    // Blankets are not tracked: no missing parts for them.
    intake(&app, "unit-east", "blanket", "good", 2).await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 1, "frame_size": "L"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Chain fixed, brakes still missing; then repaired; then out at a site.
    let b = act(
        &app,
        &code,
        "regrade",
        json!({"to_condition": "needs-repair", "missing": ["brakes"]}),
    )
    .await;
    assert_eq!(b["missing"], json!(["brakes"]));
    let b = act(&app, &code, "regrade", json!({"to_condition": "good"})).await;
    assert_eq!(
        (b["condition"].as_str(), b["missing"].clone()),
        (Some("good"), json!([]))
    );
    act(&app, &code, "move", json!({"to": "oak"})).await;
    act(&app, &code, "handout", json!({})).await;
    let d = boxed_of(&app, &code).await;
    let kinds: Vec<&str> = d["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "repair-state",
            "repaired",
            "moved",
            "handed-out",
            "hand-out"
        ]
    );
    let text = d.to_string();
    for word in ["dee", "coord\"", "name"] {
        assert!(
            !text.contains(&format!("\"{word}")),
            "no person is recorded with a bike: {text}"
        );
    }
    // Coordinators choose what is tracked.
    let (s, b) = app
        .put(
            "/api/v1/categories/tent-2p/tracked",
            &json!({"tracked": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    intake(&app, "unit-east", "tent-2p", "good", 2).await;
    refused(
        &app,
        Method::POST,
        "/api/v1/boxes",
        json!({"location": "unit-east", "category": "tent-2p", "condition": "good", "quantity": 2}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let (s, _) = app
        .put(
            "/api/v1/categories/unicorn/tracked",
            &json!({"tracked": true}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

fn form_key(html: &str) -> String {
    html.split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("form key")
        .to_string()
}

async fn scan_pages_ask_then_act(app: TestApp) {
    let code = blankets_box(&app, 12).await;
    let (s, html) = app.get_text(&format!("/b/{code}")).await;
    assert_eq!(s, StatusCode::OK);
    for id in [
        "box-summary",
        "do-move",
        "do-regrade",
        "do-take",
        "do-empty",
        "box-history",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    assert!(html.contains("12 × Blanket"), "names, not slugs");
    assert!(
        !common::has_inline_script(&html),
        "works without JavaScript"
    );
    // One tap asks; nothing changes until confirmed.
    let before = state_of(&app).await;
    let (s, _, html) = app
        .post_form(&format!("/b/{code}"), &[("action", "move"), ("to", "oak")])
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("id=\"confirm\""), "{html}");
    assert!(html.contains("to oak?"), "the question names the place");
    assert_eq!(state_of(&app).await, before);
    let key = form_key(&html);
    let fields = [
        ("action", "move"),
        ("to", "oak"),
        ("form_key", key.as_str()),
        ("confirmed", "yes"),
    ];
    let (s, location, _) = app.post_form(&format!("/b/{code}"), &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some(format!("/b/{code}?done=move").as_str())
    );
    // A double tap acts once.
    let (s, _, _) = app.post_form(&format!("/b/{code}"), &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 12);
    let (_, html) = app.get_text(&format!("/b/{code}?done=move")).await;
    assert!(
        html.contains("Box moved"),
        "a confirmation after the action"
    );
    // Refused on the page: beside the form, status 409, nothing changed.
    let before = state_of(&app).await;
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[("action", "take"), ("quantity", "99"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        html.contains("field-error") && html.contains("holds only 12"),
        "{html}"
    );
    assert!(
        html.contains(r#"id="take-quantity" type="number" inputmode="numeric" min="1" name="quantity" required value="99""#),
        "the typed count is kept: {html}"
    );
    assert_eq!(state_of(&app).await, before);
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[
                ("action", "split"),
                ("quantity", "2"),
                ("into", "ZZZZZZ"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(r#"value="ZZZZZZ""#) && html.contains("no label ZZZZZZ"),
        "the typed label is kept beside its error: {html}"
    );
    assert_eq!(state_of(&app).await, before);
    // Counts are refused in the words every form uses.
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[
                ("action", "take"),
                ("quantity", "many"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("“many” is not a whole number: type digits only, like 3."),
        "{html}"
    );
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[("action", "take"), ("quantity", "0"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("This must be at least 1."), "{html}");
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[
                ("action", "add"),
                ("quantity", "2000000"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("This must be at most 1,000,000."), "{html}");
    // The old `confirm=yes` is no confirmation: it asks again and changes nothing.
    let (s, _, html) = app
        .post_form(
            &format!("/b/{code}"),
            &[("action", "take"), ("quantity", "1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("name=\"confirmed\" value=\"yes\""), "{html}");
    assert!(html.contains("id=\"question\""), "{html}");
    let (s, _, _) = app
        .post_form(&format!("/b/{code}"), &[("action", "explode")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state_of(&app).await, before);
    // Typed codes: forgiving of case and dashes, clear when wrong.
    let (s, _) = app
        .get_text(&format!("/b?code={}", code.to_lowercase()))
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = app.get_text("/b?code=K0O1").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("K0O1"), "typed value kept");
    let (s, html) = app.get_text("/b/ZZZZZZ").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("id=\"unknown-code\""));
    // A driver sees the box but cannot move it; a page POST without CSRF is refused.
    let (_jar, browser) = common::cookie_client();
    app.add_user_and_login("dana", Role::Driver).await;
    let r = app
        .page_login(&browser, "dana", &format!("/b/{code}"))
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let html = common::page_text(&browser, &app.url(&format!("/b/{code}"))).await;
    assert!(!html.contains("id=\"do-move\""), "no move for a driver");
    let before = state_of(&app).await;
    let r = browser
        .post(app.url(&format!("/b/{code}")))
        .form(&common::with_csrf(
            &html,
            &[("action", "move"), ("to", "heron"), ("confirmed", "yes")],
        ))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_jar, warehouse) = common::cookie_client();
    app.add_user_and_login("wes", Role::Warehouse).await;
    app.page_login(&warehouse, "wes", "/").await;
    let r = warehouse
        .post(app.url(&format!("/b/{code}")))
        .form(&[("action", "move"), ("to", "heron"), ("confirmed", "yes")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(state_of(&app).await, before);
    let _ = COORDINATOR_HANDLE;
}

async fn blank_labels_fill_when_first_scanned(app: TestApp) {
    intake(&app, "unit-east", "sleeping-bag", "good", 6).await;
    let (_, html) = app.get_text("/labels").await;
    assert!(html.contains("id=\"labels-form\""));
    let (s, location, _) = app
        .post_form("/labels", &[("count", "3"), ("layout", "3x8")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let location = location.expect("location");
    assert!(
        location.starts_with("/labels/sheet?layout=3x8&codes="),
        "{location}"
    );
    let codes: Vec<String> = location
        .split("codes=")
        .nth(1)
        .expect("codes")
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(codes.len(), 3);
    let before = state_of(&app).await;
    let (s, _, html) = app.post_form("/labels", &[("count", "0")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("field-error"));
    assert!(html.contains("This must be at least 1."), "{html}");
    let (s, _, html) = app.post_form("/labels", &[("count", "501")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("This must be at most 500."), "{html}");
    let (s, _, html) = app.post_form("/labels", &[("count", "lots")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("“lots” is not a whole number"), "{html}");
    assert!(
        html.contains("value=\"lots\""),
        "the typed count is kept: {html}"
    );
    assert_eq!(state_of(&app).await, before, "no label reserved");
    // First scan of a blank label: fill it.
    let (_, html) = app.get_text(&format!("/b/{}", codes[0])).await;
    assert!(html.contains("not on a box yet") && html.contains("id=\"do-fill\""));
    let fields = [
        ("action", "fill"),
        ("location", "unit-east"),
        ("category", "sleeping-bag"),
        ("condition", "good"),
        ("quantity", "4"),
        ("confirmed", "yes"),
    ];
    let (s, location, _) = app.post_form(&format!("/b/{}", codes[0]), &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(location, Some(format!("/b/{}?done=fill", codes[0])));
    assert_eq!(boxed_of(&app, &codes[0]).await["quantity"], 4);
    assert_totals(&app).await;
    // The same label again: refused, it is on a box.
    let before = state_of(&app).await;
    let (s, _) = app
        .post(
            "/api/v1/boxes",
            &json!({"code": codes[0], "location": "unit-east", "category": "sleeping-bag", "condition": "good", "quantity": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(state_of(&app).await, before);
    // The sheet shows each label once; unknown codes are refused.
    let (s, html) = app
        .get_text(&format!(
            "/labels/sheet?layout=3x8&codes={}",
            codes.join(",")
        ))
        .await;
    assert_eq!(s, StatusCode::OK);
    for c in &codes {
        assert_eq!(html.matches(&format!("data-code=\"{c}\"")).count(), 1);
    }
    assert!(
        html.contains("Sleeping bag") || html.contains("Sleeping Bag"),
        "the category name on a filled label"
    );
    let (s, _) = app.get_text("/labels/sheet?codes=ZZZZZZ").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .get_text(&format!("/labels/sheet?layout=4x4&codes={}", codes[0]))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A field's markup, from its input to the end of its `div.field`.
fn field_of<'a>(html: &'a str, id: &str) -> &'a str {
    html.split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .unwrap_or_else(|| panic!("no #{id}: {html}"))
}

/// The scan page's forms say a refusal first (before the confirmation), beside the
/// count, in the reader's language with the category's own name; what was typed stays
/// chosen, and Cancel on the confirmation brings the form back as typed.
async fn box_forms_refuse_first_beside_the_count(app: TestApp) {
    intake(&app, "unit-east", "blanket", "good", 30).await;
    intake(&app, "unit-east", "sleeping-bag", "usable", 5).await;
    let (s, location, _) = app
        .post_form("/labels", &[("count", "1"), ("layout", "single")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let location = location.expect("location");
    let code = location.split("codes=").nth(1).expect("code").to_string();
    let path = format!("/b/{code}");
    let before = state_of(&app).await;
    // A zero: beside its field, outlined; the chosen item, condition and place kept.
    let (s, _, html) = app
        .post_form(
            &path,
            &[
                ("action", "fill"),
                ("location", "unit-east"),
                ("category", "sleeping-bag"),
                ("condition", "usable"),
                ("quantity", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let q = field_of(&html, "fill-quantity");
    assert!(
        q.contains(r#"aria-invalid="true""#) && q.contains("This must be at least 1."),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="sleeping-bag" selected>"#)
            && html.contains(r#"<option value="usable" selected>"#),
        "the chosen item and condition are kept: {html}"
    );
    assert_eq!(state_of(&app).await, before);
    // More than there is: said before the question, in French, beside the count.
    let (s, _, html) = app
        .post_form_in(
            "fr",
            &path,
            &[
                ("action", "fill"),
                ("location", "unit-east"),
                ("category", "blanket"),
                ("condition", "good"),
                ("quantity", "9999"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(!html.contains(r#"id="confirm""#), "no question: {html}");
    let q = field_of(&html, "fill-quantity");
    assert!(
        q.contains(r#"aria-invalid="true""#)
            && q.contains("Seulement 30 Couverture")
            && q.contains(r#"value="9999""#),
        "{html}"
    );
    assert!(!html.contains("not enough stock"), "{html}");
    assert_eq!(state_of(&app).await, before);
    // Enough: the question, whose Cancel brings the form back as typed.
    let fill = [
        ("action", "fill"),
        ("location", "unit-east"),
        ("category", "blanket"),
        ("condition", "good"),
        ("quantity", "4"),
    ];
    let (s, _, html) = app.post_form(&path, &fill).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"id="confirm""#), "{html}");
    assert_eq!(state_of(&app).await, before, "asking changes nothing");
    let cancel = html
        .split(&format!("href=\"/b/{code}?back="))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("Cancel back to the form")
        .replace("&amp;", "&");
    let (s, back) = app.get_text(&format!("/b/{code}?back={cancel}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        field_of(&back, "fill-quantity").contains(r#"value="4""#)
            && back.contains(r#"<option value="blanket" selected>"#)
            && !back.contains("field-error"),
        "{back}"
    );
    let key = form_key(&html);
    let mut confirmed = fill.to_vec();
    confirmed.extend([("form_key", key.as_str()), ("confirmed", "yes")]);
    let (s, _, _) = app.post_form(&path, &confirmed).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(boxed_of(&app, &code).await["quantity"], 4);
    assert_totals(&app).await;
    // Taking more than the box holds: beside the count, in French, before any question.
    let before = state_of(&app).await;
    let (s, _, html) = app
        .post_form_in("fr", &path, &[("action", "take"), ("quantity", "20")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(!html.contains(r#"id="confirm""#), "no question: {html}");
    assert!(html.contains(r#"<details class="more" open>"#), "{html}");
    let q = field_of(&html, "take-quantity");
    assert!(
        q.contains(&format!("La caisse {code} ne contient que 4"))
            && q.contains(r#"aria-invalid="true""#),
        "{html}"
    );
    assert!(!html.contains("cannot give"), "{html}");
    let (s, _, html) = app
        .post_form(&path, &[("action", "split"), ("quantity", "4")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_of(&html, "split-quantity").contains(&format!(
            "A split leaves something in box {code}: it holds 4, so split 3 or fewer."
        )),
        "{html}"
    );
    assert_eq!(state_of(&app).await, before);
    assert_totals(&app).await;
}

/// French calls a box one thing everywhere (une caisse: the home page's link, the page
/// it opens, the runs' box sheets), and the reports' "CSV :" keeps its colon spaced.
async fn french_says_caisse_throughout(app: TestApp) {
    let (s, home) = app.get_text_in("fr", "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("Trouver une caisse"), "{home}");
    let (_, find) = app.get_text_in("fr", "/b").await;
    assert!(find.contains("Trouver une caisse"), "{find}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/fr");
    for file in std::fs::read_dir(&dir).expect("locales/fr") {
        let path = file.expect("file").path();
        let words = std::fs::read_to_string(&path).expect("read");
        assert!(
            !words.to_lowercase().contains("carton"),
            "{}: a box is « caisse » in French",
            path.display()
        );
    }
    let (s, reports) = app.get_text_in("fr", "/reports").await;
    assert_eq!(s, StatusCode::OK);
    assert!(reports.contains("CSV\u{a0}:"), "{reports}");
    assert!(!reports.contains("CSV: "), "{reports}");
}

on_both_backends!(
    every_box_action_keeps_totals,
    french_says_caisse_throughout,
    box_forms_refuse_first_beside_the_count,
    bad_input_changes_nothing,
    idempotent_and_concurrent_moves,
    hand_out_from_a_box_at_a_site,
    bikes_are_tracked_one_by_one,
    scan_pages_ask_then_act,
    blank_labels_fill_when_first_scanned,
);

/// The dark modules of one label's QR code, read back from the SVG on the sheet
/// (`M{left} {top}h{w}v{h}H{left}V{top}` per run of modules), drawn `scale` pixels a
/// module into a greyscale image.
fn rasterise(svg: &str, scale: usize) -> (usize, usize, Vec<u8>) {
    let attr = |name: &str| -> usize {
        svg.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .expect("svg size")
    };
    let (w, h) = (attr("width") * scale, attr("height") * scale);
    let mut px = vec![255u8; w * h];
    let d = svg
        .split("<path")
        .nth(1)
        .and_then(|s| s.split(" d=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("path");
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let nums: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("number"))
            .collect();
        let (left, top, width, height) = (nums[0], nums[1], nums[2], nums[3]);
        for y in top * scale..(top + height) * scale {
            for x in left * scale..(left + width) * scale {
                px[y * w + x] = 0;
            }
        }
    }
    (w, h, px)
}

async fn label_sheet_qr_codes_decode_to_their_urls(app: TestApp) {
    let (s, r) = app.post("/api/v1/labels", &json!({"count": 5})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let codes: Vec<String> = r["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    for layout in ["2x7", "3x8", "single"] {
        let (s, html) = app
            .get_text(&format!(
                "/labels/sheet?layout={layout}&codes={}",
                codes.join(",")
            ))
            .await;
        assert_eq!(s, StatusCode::OK);
        let sheets = html.matches("class=\"sheet layout-").count();
        assert_eq!(sheets, if layout == "single" { 5 } else { 1 }, "{layout}");
        let labels: Vec<&str> = html.split("<div class=\"label\"").skip(1).collect();
        assert_eq!(labels.len(), 5);
        for (label, code) in labels.iter().zip(&codes) {
            assert!(label.contains(&format!("data-code=\"{code}\"")));
            let svg = label
                .split("<svg")
                .nth(1)
                .map(|s| format!("<svg{}", s.split("</svg>").next().unwrap_or("")))
                .expect("svg");
            let (w, h, px) = rasterise(&svg, 4);
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| px[y * w + x]);
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "one QR code on label {code}");
            let (_, url) = grids[0].decode().expect("decodes");
            assert_eq!(url, format!("{}/b/{code}", app.address), "{layout}");
            // The printed code in large letters beside it.
            assert!(label.contains(&format!("<div class=\"label-code\">{code}</div>")));
        }
    }
}

on_both_backends!(label_sheet_qr_codes_decode_to_their_urls);

/// A van, and a run from unit-east to oak and heron with these lines
/// `(category, quantity, stop)`, all good.
async fn run_with_lines(app: &TestApp, lines: &[(&str, i64, &str)]) -> i64 {
    let (s, b) = app
        .post("/api/v1/vans", &json!({"slug": "transit", "name": "Transit", "capacity_l": 5000.0, "payload_kg": 2000.0}))
        .await;
    assert!(s == StatusCode::CREATED || s == StatusCode::CONFLICT, "{b}");
    let today = chrono::Utc::now().date_naive().to_string();
    let (s, run) = app
        .post("/api/v1/runs", &json!({"van": "transit", "origin": "unit-east", "stops": ["oak", "heron"], "departs_on": today}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{run}");
    let id = run["id"].as_i64().expect("id");
    let lines: Vec<Value> = lines
        .iter()
        .map(
            |(c, q, stop)| json!({"category": c, "condition": "good", "quantity": q, "stop": stop}),
        )
        .collect();
    let (s, b) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({ "lines": lines }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    id
}

async fn sheet_codes(app: &TestApp, run: i64) -> Vec<(String, String, bool)> {
    let (s, sheet) = app.get(&format!("/api/v1/runs/{run}/boxes")).await;
    assert_eq!(s, StatusCode::OK, "{sheet}");
    let mut out = Vec::new();
    for stop in sheet["stops"].as_array().expect("stops") {
        for b in stop["boxes"].as_array().expect("boxes") {
            out.push((
                stop["stop"].as_str().unwrap_or("").to_string(),
                b["code"].as_str().unwrap_or("").to_string(),
                b["scanned"].as_bool().unwrap_or(false),
            ));
        }
    }
    out
}

async fn runs_load_boxes_by_scanning(app: TestApp) {
    intake(&app, "unit-east", "blanket", "good", 30).await;
    let mut codes = Vec::new();
    for n in [8, 6] {
        let b = fill(&app, json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": n})).await;
        codes.push(b["code"].as_str().expect("code").to_string());
    }
    // 10 for oak (one box of 8 + 2 loose), 6 for heron (the box of 6).
    let run = run_with_lines(&app, &[("blanket", 10, "oak"), ("blanket", 6, "heron")]).await;
    let sheet = sheet_codes(&app, run).await;
    assert_eq!(
        sheet,
        [
            ("oak".to_string(), codes[0].clone(), false),
            ("heron".to_string(), codes[1].clone(), false)
        ],
        "the load sheet lists box codes per stop"
    );
    // Loading with unscanned boxes is refused; nothing changes.
    let e = refused(
        &app,
        Method::POST,
        &format!("/api/v1/runs/{run}/load"),
        json!({}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["code"], "boxes_unscanned");
    // The driver scans each box.
    let driver = app.add_user_and_login("dana", Role::Driver).await;
    let as_driver = app.with_token(Some(driver));
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/{}/scan", codes[0]),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["scanned"], 1);
    let (s, e) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/{}/scan", codes[0]),
            Some(&json!({})),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_scanned"))
    );
    intake(&app, "unit-east", "sleeping-bag", "good", 1).await;
    let stray = fill(
        &app,
        json!({"location": "unit-east", "category": "sleeping-bag", "condition": "good", "quantity": 1}),
    )
    .await;
    let stray = stray["code"].as_str().expect("code").to_string();
    let (s, e) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/{stray}/scan"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_planned"))
    );
    let (s, _) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/ZZZZZZ/scan"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/999/boxes/{}/scan", codes[1]),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let before = sheet_codes(&app, run).await;
    let distributor = app.add_user_and_login("dee", Role::Distributor).await;
    let (s, _) = app
        .with_token(Some(distributor))
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/{}/scan", codes[1]),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a distributor does not load vans");
    assert_eq!(sheet_codes(&app, run).await, before);
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/boxes/{}/scan", codes[1]),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(sheet_codes(&app, run)
        .await
        .iter()
        .all(|(_, _, scanned)| *scanned));
    // Loaded: the boxes ride on the van as boxes, the rest loose.
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/load"),
            Some(&json!({})),
        )
        .await;
    assert!(s.is_success(), "{b}");
    assert_totals(&app).await;
    for c in &codes {
        assert_eq!(boxed_of(&app, c).await["location_kind"], "van");
    }
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 30 - 16);
    // Each stop gets its own boxes.
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/deliver"),
            Some(&json!({"stop": "oak"})),
        )
        .await;
    assert!(s.is_success(), "{b}");
    assert_totals(&app).await;
    assert_eq!(boxed_of(&app, &codes[0]).await["location"], "oak");
    assert_eq!(boxed_of(&app, &codes[1]).await["location_kind"], "van");
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 10);
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/deliver"),
            Some(&json!({"stop": "heron"})),
        )
        .await;
    assert!(s.is_success(), "{b}");
    assert_eq!(boxed_of(&app, &codes[1]).await["location"], "heron");
    let (s, b) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{run}/return"),
            Some(&json!({})),
        )
        .await;
    assert!(s.is_success(), "{b}");
    assert_totals(&app).await;
    // The box history tells the road, and no person is in it.
    let d = boxed_of(&app, &codes[1]).await;
    assert_eq!(d["quantity"], 6);
}

async fn a_confirmed_shortfall_adjusts_the_plan(app: TestApp) {
    intake(&app, "unit-east", "blanket", "good", 20).await;
    let mut codes = Vec::new();
    for _ in 0..2 {
        let b = fill(&app, json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 5})).await;
        codes.push(b["code"].as_str().expect("code").to_string());
    }
    let run = run_with_lines(&app, &[("blanket", 10, "oak")]).await;
    assert_eq!(sheet_codes(&app, run).await.len(), 2);
    let (s, _) = app
        .post(
            &format!("/api/v1/runs/{run}/boxes/{}/scan", codes[1]),
            &json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let e = refused(
        &app,
        Method::POST,
        &format!("/api/v1/runs/{run}/load"),
        json!({}),
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        e["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&codes[0])),
        "{e}"
    );
    // The other box cannot be found: the driver confirms the shortfall.
    let (s, sheet) = app
        .post(&format!("/api/v1/runs/{run}/shortfall"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sheet}");
    assert_eq!(
        (sheet["planned"].as_i64(), sheet["scanned"].as_i64()),
        (Some(1), Some(1))
    );
    let (_, view) = app.get(&format!("/api/v1/runs/{run}")).await;
    let planned: i64 = view["lines"]
        .as_array()
        .map(|l| l.iter().filter_map(|x| x["quantity"].as_i64()).sum())
        .unwrap_or(-1);
    assert_eq!(planned, 5, "the plan lost the missing box: {view}");
    refused(
        &app,
        Method::POST,
        &format!("/api/v1/runs/{run}/shortfall"),
        json!({}),
        StatusCode::CONFLICT,
    )
    .await;
    let (s, b) = app
        .post(&format!("/api/v1/runs/{run}/load"), &json!({}))
        .await;
    assert!(s.is_success(), "{b}");
    assert_eq!(boxed_of(&app, &codes[0]).await["location"], "unit-east");
    assert_eq!(boxed_of(&app, &codes[1]).await["location_kind"], "van");
    assert_totals(&app).await;
}

/// The manifest's rows as (site, category, boxes column).
async fn manifest_boxes(app: &TestApp, run: i64) -> Vec<(String, String, String)> {
    let (s, text) = app
        .get_text(&format!("/api/v1/runs/{run}/manifest.csv"))
        .await;
    assert_eq!(s, StatusCode::OK, "{text}");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("header").clone();
    assert!(
        header.iter().any(|h| h == "boxes"),
        "the manifest has a boxes column: {header:?}"
    );
    r.deserialize::<BTreeMap<String, String>>()
        .map(|row| {
            let row = row.expect("row");
            (
                row["site"].clone(),
                row["category"].clone(),
                row["boxes"].clone(),
            )
        })
        .collect()
}

async fn scan_all(app: &TestApp, run: i64) {
    for (_, code, scanned) in sheet_codes(app, run).await {
        if !scanned {
            let (s, b) = app
                .post(&format!("/api/v1/runs/{run}/boxes/{code}/scan"), &json!({}))
                .await;
            assert_eq!(s, StatusCode::CREATED, "{b}");
        }
    }
}

/// The rule of docs/needs-and-priorities.md "Boxes on a run": whole boxes that fit ride
/// as boxes, the rest comes loose, and when loose stock is short the load opens a
/// spare box, as the load sheet says. The manifest and both load sheets name the boxes
/// per stop; loading, delivering and returning never answer 409.
async fn a_plan_from_boxed_and_loose_stock_loads(app: TestApp) {
    intake(&app, "unit-east", "blanket", "good", 20).await;
    let mut codes = Vec::new();
    for _ in 0..2 {
        let b = fill(&app, json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 10})).await;
        codes.push(b["code"].as_str().expect("code").to_string());
    }
    codes.sort();
    let (whole, opened) = (codes[0].clone(), codes[1].clone());
    // No loose blankets: 15 for oak are one box of 10 and 5 out of the other box.
    let run = run_with_lines(&app, &[("blanket", 15, "oak")]).await;
    assert_eq!(
        sheet_codes(&app, run).await,
        [("oak".to_string(), whole.clone(), false)]
    );
    let (_, sheet) = app.get(&format!("/api/v1/runs/{run}/boxes")).await;
    assert_eq!(
        sheet["stops"][0]["open"],
        json!([{"code": opened, "category": "blanket", "category_name": sheet["stops"][0]["open"][0]["category_name"], "condition": "good", "take": 5}]),
        "{sheet}"
    );
    assert_eq!(
        manifest_boxes(&app, run).await,
        [("oak".into(), "blanket".into(), whole.clone())]
    );
    for page in [format!("/runs/{run}"), format!("/runs/{run}/sheet")] {
        let (s, html) = app.get_text(&page).await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains(&format!("/b/{whole}"))
                && html.contains(&format!("Open box <a class=\"code\" href=\"/b/{opened}\">")),
            "{page} lists the boxes per stop: {html}"
        );
    }
    let (s, html) = app.get_text(&format!("/runs/{run}/boxes")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("and take out 5"), "{html}");
    scan_all(&app, run).await;
    let (s, b) = app
        .post(&format!("/api/v1/runs/{run}/load"), &json!({}))
        .await;
    assert!(s.is_success(), "loading opens the spare box: {b}");
    assert_totals(&app).await;
    let o = boxed_of(&app, &opened).await;
    assert_eq!(
        (o["quantity"].as_i64(), o["location"].as_str()),
        (Some(5), Some("unit-east"))
    );
    assert!(
        o["history"]
            .as_array()
            .expect("history")
            .iter()
            .any(|h| h["detail"]
                .as_str()
                .is_some_and(|d| d.contains("5 taken out loose onto the van"))),
        "{o}"
    );
    assert_eq!(boxed_of(&app, &whole).await["location_kind"], "van");
    assert_eq!(
        manifest_boxes(&app, run).await,
        [("oak".into(), "blanket".into(), whole.clone())],
        "the manifest of a loaded run names the scanned boxes"
    );
    let (s, b) = app
        .post(
            &format!("/api/v1/runs/{run}/deliver"),
            &json!({"stop": "oak"}),
        )
        .await;
    assert!(s.is_success(), "{b}");
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 15);
    assert_eq!(boxed_of(&app, &whole).await["location"], "oak");
    let (s, b) = app
        .post(&format!("/api/v1/runs/{run}/return"), &json!({}))
        .await;
    assert!(s.is_success(), "{b}");
    assert_totals(&app).await;

    // The planner's own plan, from boxes and one loose tent at unit-south, for needs
    // at two stops: it loads and delivers as planned.
    intake(&app, "unit-south", "tent-2p", "good", 18).await;
    for n in [6, 6, 5] {
        fill(&app, json!({"location": "unit-south", "category": "tent-2p", "condition": "good", "quantity": n})).await;
    }
    let today = chrono::Utc::now().date_naive().to_string();
    for (site, n) in [("oak", 9), ("heron", 8)] {
        let (s, b) = app
            .post("/api/v1/needs", &json!({"site": site, "category": "tent-2p", "quantity": n, "stated_on": today, "stated_by": "assembly"}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let (s, r) = app
        .post("/api/v1/runs", &json!({"van": "transit", "origin": "unit-south", "stops": ["oak", "heron"], "departs_on": today}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let run = r["id"].as_i64().expect("id");
    let (s, plan) = app
        .post(&format!("/api/v1/runs/{run}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let planned: BTreeMap<String, i64> = plan["run"]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["stop"].as_str().unwrap_or("").to_string(),
                l["quantity"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(planned.values().sum::<i64>(), 17, "{plan}");
    for (_, code, _) in sheet_codes(&app, run).await {
        let listed = manifest_boxes(&app, run).await;
        assert!(
            listed.iter().any(|r| r.2.contains(&code)),
            "{code} in {listed:?}"
        );
    }
    scan_all(&app, run).await;
    let (s, b) = app
        .post(&format!("/api/v1/runs/{run}/load"), &json!({}))
        .await;
    assert!(s.is_success(), "{b}");
    for stop in ["oak", "heron"] {
        let (s, b) = app
            .post(
                &format!("/api/v1/runs/{run}/deliver"),
                &json!({"stop": stop}),
            )
            .await;
        assert!(s.is_success(), "{b}");
        assert_eq!(
            app.stock_of(stop, "tent-2p", "good").await,
            planned.get(stop).copied().unwrap_or(0)
        );
    }
    let (s, b) = app
        .post(&format!("/api/v1/runs/{run}/return"), &json!({}))
        .await;
    assert!(s.is_success(), "{b}");
    assert_totals(&app).await;
}

on_both_backends!(
    runs_load_boxes_by_scanning,
    a_confirmed_shortfall_adjusts_the_plan,
    a_plan_from_boxed_and_loose_stock_loads
);

/// `haul check` on the command line checks every box against the ledger.
#[test]
fn haul_check_checks_boxes() {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("haul.db");
    let haul = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
            .args(args)
            .env("DATABASE_URL", format!("sqlite://{}", db_path.display()))
            .env("RUST_LOG", "warn")
            .output()
            .expect("run haul");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let (ok, out) = haul(&["seed", "--demo"]);
    assert!(ok, "{out}");
    let db = haul::db::Db::connect(&haul::db::DatabaseUrl::Sqlite(db_path.clone()), 1).expect("db");
    let code = db
        .write_blocking(|c| {
            let (loc, cat, cond, _) = haul::ledger::store::projection(c)?
                .into_iter()
                .find(|r| r.3 > 1)
                .expect("demo stock");
            let names = haul::boxes::model::Names::load(c)?;
            let req = haul::boxes::model::FillRequest {
                code: None,
                location: names.location(Some(loc)).expect("place").slug.clone(),
                category: names.category(Some(cat)).expect("kind").slug.clone(),
                condition: cond.parse().expect("condition"),
                quantity: haul::ledger::Quantity::parse(1).expect("1"),
                frame_size: None,
                missing: Vec::new(),
            };
            Ok(haul::boxes::model::fill(c, &req, "cli-test", chrono::Utc::now().naive_utc())?.code)
        })
        .expect("fill a box");
    let (ok, out) = haul(&["check"]);
    assert!(ok && out.contains("Stock matches the ledger"), "{out}");
    // A box changed behind Haul's back: check notices and fails.
    db.write_blocking(|c| {
        use diesel::connection::SimpleConnection;
        c.batch_execute(&format!(
            "UPDATE boxes SET quantity = quantity + 1 WHERE code = '{code}'"
        ))?;
        Ok(())
    })
    .expect("tamper");
    let (ok, out) = haul(&["check"]);
    assert!(!ok, "check exits non-zero when a box differs: {out}");
    assert!(
        out.contains(&format!("box {code}")) && out.contains("1 box(es) disagree"),
        "{out}"
    );
}
