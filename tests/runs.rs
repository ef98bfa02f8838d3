//! Van runs over HTTP, on SQLite and PostgreSQL: a van and a run from creation to
//! done (plan, load, deliver each stop, return), every out-of-order step refused with
//! nothing changed, bad input, hand-edited plans, concurrent planning from one
//! warehouse, and the manifest CSV.

mod common;

use common::runs::{day, line};
use common::TestApp;
use haul::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;

fn today() -> String {
    day(0)
}

/// Unit volume and weight of the seed categories these tests use.
fn size(category: &str) -> (f64, f64) {
    match category {
        "blanket" => (6.0, 1.5),
        "sleeping-bag" => (11.0, 1.4),
        "gas-canister" => (0.6, 0.35),
        "tent-2p" => (12.0, 2.6),
        other => panic!("no size for {other}"),
    }
}

impl TestApp {
    async fn manifest(&self, id: i64, token: &str) -> (StatusCode, String) {
        let resp = self
            .plain
            .get(self.url(&format!("/api/v1/runs/{id}/manifest.csv")))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET manifest");
        (resp.status(), resp.text().await.unwrap_or_default())
    }
}

/// Sums of the run's planned lines: by category, and by (stop, category).
fn planned(run: &Value) -> (HashMap<String, i64>, HashMap<(String, String), i64>) {
    let mut by_cat = HashMap::new();
    let mut by_stop = HashMap::new();
    for l in run["lines"].as_array().expect("lines") {
        let cat = l["category"].as_str().expect("category").to_string();
        let stop = l["stop"].as_str().expect("stop").to_string();
        let q = l["quantity"].as_i64().expect("quantity");
        *by_cat.entry(cat.clone()).or_insert(0) += q;
        *by_stop.entry((stop, cat)).or_insert(0) += q;
    }
    (by_cat, by_stop)
}

fn load_of(run: &Value) -> (f64, f64) {
    run["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .fold((0.0, 0.0), |(v, w), l| {
            let (uv, uw) = size(l["category"].as_str().expect("category"));
            let q = l["quantity"].as_f64().expect("quantity");
            (v + uv * q, w + uw * q)
        })
}

async fn stock_up(app: &TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                line("blanket", "good", 20),
                line("blanket", "usable", 10),
                line("sleeping-bag", "good", 15),
                line("tent-2p", "needs-drying", 5),
                line("gas-canister", "good", 10),
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

async fn life_cycle(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "blanket", 12).await;
    app.state_need("oak", "sleeping-bag", 10).await;
    app.state_need("heron", "blanket", 8).await;
    app.state_need("heron", "tent-2p", 3).await;
    app.state_need("heron", "gas-canister", 4).await;
    // Too small for everything: 200 l against about 320 l wanted.
    app.create_van("transit", 200.0, 150.0).await;
    let id = app
        .create_run("transit", "unit-east", &["oak", "heron"])
        .await;
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let as_driver = app.with_token(Some(driver.clone()));

    // Before a plan: nothing can be loaded, delivered or returned.
    let before = app.world().await;
    for step in ["load", "return"] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{id}/{step}"), &json!({}))
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{step}: {body}");
    }
    let (s, body) = app
        .post(
            &format!("/api/v1/runs/{id}/deliver"),
            &json!({"stop": "oak"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.world().await, before);

    // The plan: within the van, the eligible stock and each stop's need.
    let ledger_before = app.ledger_len().await;
    let (s, plan) = app
        .post(&format!("/api/v1/runs/{id}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    assert_eq!(
        app.ledger_len().await,
        ledger_before,
        "planning moves nothing"
    );
    app.assert_ledger_consistent();
    let run = &plan["run"];
    let (volume, weight) = load_of(run);
    assert!(volume <= 200.0 + 1e-6 && weight <= 150.0 + 1e-6, "{run}");
    assert!((plan["plan"]["volume_used_l"].as_f64().unwrap() - volume).abs() < 1e-6);
    assert!(plan["plan"]["total_value"].as_f64().unwrap() > 0.0);
    assert!(
        plan["plan"]["lp_bound"].as_f64().unwrap()
            >= plan["plan"]["total_value"].as_f64().unwrap() - 1e-9
    );
    assert!(!plan["plan"]["left_behind"].as_array().unwrap().is_empty());
    let (by_cat, by_stop) = planned(run);
    assert!(by_cat.get("blanket").copied().unwrap_or(0) <= 20);
    assert!(by_cat.get("sleeping-bag").copied().unwrap_or(0) <= 10);
    assert!(by_cat.get("gas-canister").copied().unwrap_or(0) <= 4);
    assert_eq!(by_cat.get("tent-2p"), None, "wet tents stay: {run}");
    let wanted = [
        ("oak", "blanket", 12),
        ("oak", "sleeping-bag", 10),
        ("heron", "blanket", 8),
        ("heron", "gas-canister", 4),
    ];
    for ((stop, cat), q) in &by_stop {
        let need = wanted
            .iter()
            .find(|(s, c, _)| s == stop && c == cat)
            .map_or(0, |w| w.2);
        assert!(*q <= need, "{stop} gets {q} {cat} but needs {need}");
    }
    for l in run["lines"].as_array().unwrap() {
        assert!(["good", "usable"].contains(&l["condition"].as_str().unwrap()));
    }
    // Good before usable: usable blankets only once the good ones are all planned.
    let usable_blankets: i64 = run["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["category"] == "blanket" && l["condition"] == "usable")
        .map(|l| l["quantity"].as_i64().unwrap())
        .sum();
    if usable_blankets > 0 {
        assert_eq!(by_cat["blanket"] - usable_blankets, 20);
    }

    // Re-planning replaces the lines, it does not add to them.
    let (s, again) = app
        .post(&format!("/api/v1/runs/{id}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{again}");
    assert_eq!(again["run"]["lines"], run["lines"]);

    // Load, with a retried key taking effect once.
    let stock_blanket_good = app.stock_of("unit-east", "blanket", "good").await;
    let (s, loaded) = app
        .post_with_key(
            &format!("/api/v1/runs/{id}/load"),
            &json!({}),
            Some("load-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{loaded}");
    assert_eq!(loaded["status"], "loaded");
    let ledger_loaded = app.ledger_len().await;
    let (s, replay) = app
        .post_with_key(
            &format!("/api/v1/runs/{id}/load"),
            &json!({}),
            Some("load-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{replay}");
    assert_eq!(app.ledger_len().await, ledger_loaded);
    let planned_good_blankets: i64 = run["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["category"] == "blanket" && l["condition"] == "good")
        .map(|l| l["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(
        app.stock_of("unit-east", "blanket", "good").await,
        stock_blanket_good - planned_good_blankets
    );
    for (cat, q) in &by_cat {
        let on_van = app.stock_of("van-transit", cat, "good").await
            + app.stock_of("van-transit", cat, "usable").await;
        assert_eq!(on_van, *q, "{cat} on the van");
    }
    app.assert_ledger_consistent();

    // In transit between load and delivery: the stops' unmet need drops.
    let oak_blankets = by_stop
        .get(&("oak".to_string(), "blanket".to_string()))
        .copied()
        .unwrap_or(0);
    let need = app.need("oak", "blanket").await;
    assert_eq!(need["in_transit"], oak_blankets, "{need}");
    assert_eq!(need["unmet"], 12 - oak_blankets, "{need}");

    // Out of order once loaded: nothing changes.
    let before = app.world().await;
    for step in ["load", "plan"] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{id}/{step}"), &json!({}))
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{step}: {body}");
    }
    let (s, body) = app
        .put(&format!("/api/v1/runs/{id}/lines"), &json!({"lines": []}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.world().await, before);

    // Deliver oak as planned (as the driver).
    let (s, body) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{id}/deliver"),
            Some(&json!({"stop": "oak"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "loaded");
    assert_eq!(
        app.stock_of("oak", "blanket", "good").await
            + app.stock_of("oak", "blanket", "usable").await,
        oak_blankets
    );
    let need = app.need("oak", "blanket").await;
    assert_eq!(need["in_transit"], 0, "{need}");
    assert_eq!(need["delivered_since"], oak_blankets, "{need}");
    assert_eq!(need["unmet"], 12 - oak_blankets, "{need}");
    let before = app.world().await;
    let (s, body) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{id}/deliver"),
            Some(&json!({"stop": "oak"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.world().await, before);

    // Heron takes only one gas canister of what was planned: the rest comes back.
    let heron_gas = by_stop
        .get(&("heron".to_string(), "gas-canister".to_string()))
        .copied()
        .unwrap_or(0);
    assert!(heron_gas >= 1, "gas canisters are small and wanted: {run}");
    let (s, body) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{id}/deliver"),
            Some(&json!({"stop": "heron", "lines": [line("gas-canister", "good", 1)]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "delivered");
    assert_eq!(app.stock_of("heron", "gas-canister", "good").await, 1);

    // Return: the leftovers go back to the origin; the van is empty; the run is done.
    let east_before = app.stock_of("unit-east", "gas-canister", "good").await;
    let (s, body) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{id}/return"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "done");
    assert_eq!(
        app.stock_of("unit-east", "gas-canister", "good").await,
        east_before + heron_gas - 1
    );
    let (_, van_stock) = app.get("/api/v1/stock?location=van-transit").await;
    assert_eq!(van_stock["stock"], json!([]), "{van_stock}");
    app.assert_ledger_consistent();

    // Done is done.
    let before = app.world().await;
    for step in ["return", "load", "plan"] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{id}/{step}"), &json!({}))
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{step}: {body}");
    }
    let (s, _) = as_driver
        .request(
            Method::POST,
            &format!("/api/v1/runs/{id}/deliver"),
            Some(&json!({"stop": "heron"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(app.world().await, before);
    assert_eq!(app.run(id).await["status"], "done");
}

async fn bad_input(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "blanket", 12).await;
    app.create_van("transit", 100.0, 80.0).await;
    let before = app.world().await;
    let (_, vans_before) = app.get("/api/v1/vans").await;

    // Vans.
    for (body, status) in [
        (
            json!({"slug": "small", "name": "Small", "capacity_l": 0, "payload_kg": 10}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"slug": "small", "name": "Small", "capacity_l": 10, "payload_kg": -1}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"slug": "Not A Slug", "name": "Small", "capacity_l": 10, "payload_kg": 10}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"slug": "transit", "name": "Again", "capacity_l": 10, "payload_kg": 10}),
            StatusCode::CONFLICT,
        ),
    ] {
        let (s, err) = app.post("/api/v1/vans", &body).await;
        assert_eq!(s, status, "{body} → {err}");
    }
    let (_, vans_after) = app.get("/api/v1/vans").await;
    assert_eq!(vans_after, vans_before);

    // Runs.
    let run = |van: &str, origin: &str, stops: Value| json!({"van": van, "origin": origin, "stops": stops, "departs_on": today()});
    for (body, field) in [
        (run("lorry", "unit-east", json!(["oak"])), "van"),
        (run("transit", "unit-north", json!(["oak"])), "origin"),
        (run("transit", "oak", json!(["heron"])), "origin"),
        (
            run("transit", "unit-east", json!(["unit-south"])),
            "stops[0]",
        ),
        (
            run("transit", "unit-east", json!(["oak", "nowhere"])),
            "stops[1]",
        ),
        (
            run("transit", "unit-east", json!(["oak", "heron", "oak"])),
            "stops[2]",
        ),
        (run("transit", "unit-east", json!([])), "stops"),
        (
            json!({"van": "transit", "origin": "unit-east", "stops": ["oak"], "departs_on": "2001-01-01"}),
            "departs_on",
        ),
    ] {
        let (s, err) = app.post("/api/v1/runs", &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {err}");
        let fields: Vec<&str> = err["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{body} → {err}");
    }
    assert_eq!(app.world().await, before);

    // Unknown run ids.
    for (m, path) in [
        (Method::GET, "/api/v1/runs/999"),
        (Method::POST, "/api/v1/runs/999/plan"),
        (Method::POST, "/api/v1/runs/999/load"),
        (Method::POST, "/api/v1/runs/999/return"),
        (Method::GET, "/api/v1/runs/999/manifest.csv"),
    ] {
        let (s, body) = app
            .with_token(app.token.clone())
            .request(
                m.clone(),
                path,
                (m == Method::POST).then(|| json!({})).as_ref(),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {body}");
    }

    // Hand-edited lines: over capacity, over stock, an ineligible condition, not a stop.
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    let path = format!("/api/v1/runs/{id}/lines");
    let edit = |cat: &str, cond: &str, q: i64, stop: &str| json!({"lines": [{"category": cat, "condition": cond, "quantity": q, "stop": stop}]});
    let (s, ok) = app.put(&path, &edit("blanket", "good", 10, "oak")).await;
    assert_eq!(s, StatusCode::OK, "{ok}");
    let before = app.world().await;
    for (body, status) in [
        // 20 blankets are 120 l in a 100 l van.
        (
            edit("blanket", "good", 20, "oak"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (edit("sleeping-bag", "good", 5, "oak"), StatusCode::OK),
        (
            edit("gas-canister", "good", 11, "oak"),
            StatusCode::CONFLICT,
        ),
        (
            edit("tent-2p", "needs-drying", 1, "oak"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            edit("blanket", "good", 1, "heron"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            edit("anvil", "good", 1, "oak"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            edit("blanket", "good", 0, "oak"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        if status == StatusCode::OK {
            continue;
        }
        let (s, err) = app.put(&path, &body).await;
        assert_eq!(s, status, "{body} → {err}");
        assert_eq!(app.world().await, before, "{body} changed something");
    }
    assert_eq!(app.run(id).await["lines"], ok["lines"]);

    // A second run cannot hand-plan goods the first has reserved.
    app.create_van("bike-trailer", 100.0, 80.0).await;
    let second = app.create_run("bike-trailer", "unit-east", &["oak"]).await;
    let (s, err) = app
        .put(
            &format!("/api/v1/runs/{second}/lines"),
            &edit("blanket", "good", 11, "oak"),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    let (s, err) = app
        .put(
            &format!("/api/v1/runs/{second}/lines"),
            &edit("blanket", "good", 10, "oak"),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{err}");
}

/// Two plans for two runs from one warehouse, sent at once: together they never
/// plan more than the eligible stock.
async fn concurrent_plans_do_not_double_reserve(app: TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([line("blanket", "good", 10), line("sleeping-bag", "good", 7)]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    for site in ["oak", "heron"] {
        app.state_need(site, "blanket", 10).await;
        app.state_need(site, "sleeping-bag", 10).await;
    }
    app.create_van("one", 1000.0, 1000.0).await;
    app.create_van("two", 1000.0, 1000.0).await;
    let a = app.create_run("one", "unit-east", &["oak", "heron"]).await;
    let b = app.create_run("two", "unit-east", &["heron", "oak"]).await;
    let (pa, pb) = (
        format!("/api/v1/runs/{a}/plan"),
        format!("/api/v1/runs/{b}/plan"),
    );
    let empty = json!({});
    let (ra, rb) = tokio::join!(app.post(&pa, &empty), app.post(&pb, &empty));
    assert_eq!(ra.0, StatusCode::CREATED, "{}", ra.1);
    assert_eq!(rb.0, StatusCode::CREATED, "{}", rb.1);
    let (ca, _) = planned(&app.run(a).await);
    let (cb, _) = planned(&app.run(b).await);
    for (cat, stock) in [("blanket", 10), ("sleeping-bag", 7)] {
        let total = ca.get(cat).copied().unwrap_or(0) + cb.get(cat).copied().unwrap_or(0);
        assert_eq!(total, stock, "{cat}: {ca:?} + {cb:?}");
    }
    // Whichever run got goods loads them; one left with nothing cannot load.
    for (id, plan) in [(a, &ca), (b, &cb)] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{id}/load"), &json!({}))
            .await;
        let expected = if plan.is_empty() {
            StatusCode::CONFLICT
        } else {
            StatusCode::CREATED
        };
        assert_eq!(s, expected, "{body}");
    }
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 0);
    app.assert_ledger_consistent();
}

async fn manifest_csv(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "blanket", 3).await;
    app.state_need("oak", "gas-canister", 2).await;
    app.create_van("transit", 500.0, 500.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    let (s, body) = app
        .post(&format!("/api/v1/runs/{id}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");

    let warehouse = app.add_user_and_login("wren", Role::Warehouse).await;
    let (s, text) = app.manifest(id, &warehouse).await;
    assert_eq!(s, StatusCode::OK, "{text}");
    assert!(!text.contains("address"), "{text}");
    assert!(!text.contains("behind the old mill"), "{text}");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<HashMap<String, String>> = r.deserialize().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    let gas = rows
        .iter()
        .find(|r| r["category"] == "gas-canister")
        .expect("gas row");
    assert_eq!(gas["dangerous_goods"], "yes");
    assert_eq!(gas["count"], "2");
    assert_eq!(gas["stop"], "1");
    assert_eq!(gas["site"], "oak");
    let blanket = rows
        .iter()
        .find(|r| r["category"] == "blanket")
        .expect("blanket row");
    assert_eq!(blanket["dangerous_goods"], "no");
    assert_eq!(blanket["volume_l"], "18.0");
    assert_eq!(blanket["weight_kg"], "4.5");
    for row in &rows {
        assert_eq!(row["value"], "donated goods, no commercial value");
    }

    // A driver needs the address to get there.
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let (s, text) = app.manifest(id, &driver).await;
    assert_eq!(s, StatusCode::OK, "{text}");
    assert!(text.contains("behind the old mill"), "{text}");

    // Crews and distributors do not see manifests.
    let crew = app.add_user_and_login("cass", Role::Crew).await;
    let (s, _) = app.manifest(id, &crew).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn pages(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "blanket", 5).await;
    app.create_van("transit", 300.0, 300.0).await;
    let (s, html) = app.get_text("/runs").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Start a run") && html.contains("transit"),
        "{html}"
    );
    let day = today();
    let (s, location, html) = post_start(&app, "transit", "unit-east", &["oak", ""], &day).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let started = location.expect("redirect");
    // The new run's page confirms what was started.
    assert!(started.ends_with("?started=1"), "{started}");
    let (s, html) = app.get_text(&started).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Started run #"), "{html}");
    let location = started.trim_end_matches("?started=1").to_string();
    let (s, _, html) = post_start(&app, "transit", "oak", &["oak"], &day).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Choose a warehouse to load from."), "{html}");

    let (s, _, html) = app.post_form(&format!("{location}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Why this load") && html.contains("Load sheet"),
        "{html}"
    );
    assert!(html.contains("5 × Blanket (Good)"), "{html}");
    // Words a volunteer understands, and a real box to tick on the sheet.
    assert!(
        html.contains("Points per litre") && !html.contains("Value/l"),
        "{html}"
    );
    assert!(
        html.contains("What stops more going in") || html.contains("room to spare"),
        "{html}"
    );
    assert!(html.contains("type=\"checkbox\""), "{html}");
    assert!(
        html.contains("behind the old mill"),
        "the coordinator sees the address"
    );
    assert!(!html.contains("style="), "no inline styles");

    let warehouse = app.add_user_and_login("wren", Role::Warehouse).await;
    let (s, html) = get_as(&app, &warehouse, &location).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Load sheet"), "{html}");
    assert!(
        !html.contains("behind the old mill"),
        "no address for the warehouse"
    );

    // Edit the quantity down, then load, deliver and return from the page.
    let (s, _, html) = app
        .post_form(&format!("{location}/lines"), &[("q:oak:blanket:good", "3")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("now carries 3 items: 3 Blanket"), "{html}");
    let (s, _, html) = app
        .post_form(
            &format!("{location}/lines"),
            &[("q:oak:blanket:good", "25")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let (s, _, html) = app.post_form(&format!("{location}/load"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Loaded 3 items on Van transit: 3 Blanket"),
        "{html}"
    );
    assert_eq!(app.stock_of("van-transit", "blanket", "good").await, 3);
    let (s, html) = app.get_text(&location).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Deliver at oak"), "{html}");
    let (s, _, html) = app
        .post_form(&format!("{location}/deliver"), &[("stop", "oak")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Delivered 3 items at oak: 3 Blanket."),
        "{html}"
    );
    let (s, _, html) = app
        .post_form(&format!("{location}/deliver"), &[("stop", "oak")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let (s, _, html) = app
        .post_form(&format!("{location}/return"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("the van was empty"), "{html}");
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 3);
    app.assert_ledger_consistent();
}

/// Two loads (or a load and a cancel) of one run at once: one happens, the other is
/// refused, and the goods leave the warehouse once. On PostgreSQL this rests on the
/// run's row lock, now that no database-wide lock queues the writers.
async fn concurrent_changes_of_one_run_take_turns(app: TestApp) {
    let (s, body) = app
        .post_intake("unit-east", json!([line("blanket", "good", 20)]))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.state_need("oak", "blanket", 8).await;
    app.create_van("one", 1000.0, 1000.0).await;
    let id = app.create_run("one", "unit-east", &["oak"]).await;
    step(&app, id, "plan").await;
    let before = app.ledger_len().await;
    let load = format!("/api/v1/runs/{id}/load");
    let empty = json!({});
    let (a, b) = tokio::join!(app.post(&load, &empty), app.post(&load, &empty));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{} {}",
        a.1,
        b.1
    );
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 12);
    assert_eq!(
        app.ledger_len().await,
        before + 2,
        "one load: out of the warehouse, onto the van"
    );
    app.assert_ledger_consistent();
}

/// A run loaded with 10 blankets and 6 sleeping bags for oak (and heron, which needs
/// nothing): (run id, the run's page path).
async fn loaded_run(app: &TestApp) -> (i64, String) {
    stock_up(app).await;
    app.state_need("oak", "blanket", 10).await;
    app.state_need("oak", "sleeping-bag", 6).await;
    app.create_van("transit", 500.0, 500.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    step(app, id, "plan").await;
    step(app, id, "load").await;
    (id, format!("/runs/{id}"))
}

/// The driver's counts sent from the stop page of the run at `run` (its page path) for
/// oak, in `lang` when given: good blankets and good sleeping bags, as typed.
async fn deliver_at_oak(
    app: &TestApp,
    lang: Option<&str>,
    run: &str,
    blankets: &str,
    bags: &str,
) -> (StatusCode, String) {
    let path = format!("{run}/deliver");
    let fields = [
        ("stop", "oak"),
        ("q:blanket:good", blankets),
        ("q:sleeping-bag:good", bags),
    ];
    let (s, _, html) = match lang {
        Some(lang) => app.post_form_in(lang, &path, &fields).await,
        None => app.post_form(&path, &fields).await,
    };
    (s, html)
}

/// Usable stock only at unit-east (10 sleeping bags, 3 blankets) for oak's need of 5
/// sleeping bags, which the priorities take Good only, and 8 blankets, Good or Usable.
async fn usable_stock_for_oak(app: &TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                line("sleeping-bag", "usable", 10),
                line("blanket", "usable", 3)
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.state_need("oak", "sleeping-bag", 5).await;
    app.state_need("oak", "blanket", 8).await;
}

/// Where `needle` is in `html`, or a failure naming it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in {html}"))
}

/// The start-a-run form sent from `/runs`: the van, the warehouse, the stops in the
/// fields `stop1…`, and the day.
async fn post_start(
    app: &TestApp,
    van: &str,
    origin: &str,
    stops: &[&str],
    departs_on: &str,
) -> (StatusCode, Option<String>, String) {
    let names: Vec<String> = (1..=stops.len()).map(|i| format!("stop{i}")).collect();
    let mut fields = vec![("van", van), ("origin", origin)];
    fields.extend(names.iter().map(String::as_str).zip(stops.iter().copied()));
    fields.push(("departs_on", departs_on));
    app.post_form("/runs", &fields).await
}

/// A page as the volunteer holding `token` sees it.
async fn get_as(app: &TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let resp = app
        .plain
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET page");
    (resp.status(), resp.text().await.unwrap_or_default())
}

/// A page form posted in `lang` (the page's words follow `Accept-Language`).
async fn post_form_in(
    app: &TestApp,
    lang: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let resp = app
        .plain
        .post(app.url(path))
        .bearer_auth(app.token.as_deref().expect("token"))
        .header("Accept-Language", lang)
        .form(fields)
        .send()
        .await
        .expect("POST form");
    (resp.status(), resp.text().await.unwrap_or_default())
}

/// One step of a run over the API (`plan`, `load`, `return`), which must succeed.
async fn step(app: &TestApp, id: i64, step: &str) -> Value {
    let (s, body) = app
        .post(&format!("/api/v1/runs/{id}/{step}"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{step}: {body}");
    body
}

/// The driver's stop page refuses a bad count beside its line, naming the item, with
/// every typed count kept; nothing changes.
async fn stop_page_refusals_keep_the_counts(app: TestApp) {
    let (_, run) = loaded_run(&app).await;
    let world = app.world().await;
    let (s, html) = deliver_at_oak(&app, None, &run, "7", "-3").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_eq!(app.world().await, world, "a refusal changes nothing");
    // Still the stop page, with what was typed (7, not the planned 10; -3).
    assert!(html.contains("deliver at oak"), "{html}");
    assert!(html.contains("value=\"7\""), "{html}");
    assert!(html.contains("value=\"-3\""), "{html}");
    // The reason names the item, sits under its field and is tied to it.
    let message = "Sleeping bag: This must be at least 0.";
    assert!(html.contains(message), "{html}");
    assert!(
        !html.contains("sleeping-bag (good)"),
        "no slug in the words: {html}"
    );
    let input = at(&html, "id=\"q-sleeping-bag-good\"");
    let error = at(&html, "id=\"q-sleeping-bag-good-error\"");
    assert!(input < error, "the error follows its field");
    // Said at the top (nothing was saved) and again right under the field.
    assert!(html.rfind(message).is_some_and(|m| m > error), "{html}");
    assert!(
        html.contains("aria-describedby=\"q-sleeping-bag-good-error\""),
        "{html}"
    );
    assert!(
        !html.contains("aria-describedby=\"q-blanket-good-error\""),
        "only the bad line is marked"
    );

    // More than the van holds.
    let (s, html) = deliver_at_oak(&app, None, &run, "99", "6").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Blanket: 99 is more than the 10 on the van."),
        "{html}"
    );
    assert!(
        html.contains("value=\"99\"") && html.contains("value=\"6\""),
        "{html}"
    );
    assert!(
        html.contains("aria-describedby=\"q-blanket-good-error\""),
        "{html}"
    );
    assert_eq!(app.world().await, world);

    // Put right, it delivers.
    let (s, html) = deliver_at_oak(&app, None, &run, "9", "6").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains(
            "Delivered 15 items at oak: 9 Blanket, 6 Sleeping bag; 1 Blanket stay on the van"
        ),
        "{html}"
    );
    assert_eq!(app.stock_of("oak", "sleeping-bag", "good").await, 6);
    app.assert_ledger_consistent();
}

/// Stock left behind for want of a condition is said with the conditions the priorities
/// accept for it: sleeping bags must be Good (usable ones stay), blankets may be Good
/// or Usable; in French too, and over the API. A plan refused changes nothing.
async fn a_shortage_names_the_accepted_conditions(app: TestApp) {
    usable_stock_for_oak(&app).await;
    app.state_need("heron", "sleeping-bag", 2).await;
    app.create_van("transit", 3000.0, 3000.0).await;
    app.create_van("ford", 3000.0, 3000.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    // A plan for no such run: refused, nothing changed.
    let world = app.world().await;
    let (s, _, _) = app.post_form("/runs/999999/plan", &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(app.world().await, world, "nothing changed");

    let (s, _, html) = app.post_form(&format!("/runs/{id}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains(
            "<strong>Sleeping bag</strong> — 5 still needed at the stops, not loaded: no stock in Good condition at the warehouse"
        ),
        "{html}"
    );
    assert!(
        html.contains("<strong>Blanket</strong> — 5 still needed at the stops, not loaded: not enough stock in Good or Usable condition at the warehouse"),
        "{html}"
    );
    assert!(
        html.contains("no more stock, in the conditions the priorities accept,"),
        "two rules, each line names its own: {html}"
    );
    assert!(!html.contains("usable stock"), "{html}");
    let (s, _, html) = app
        .post_form_in("fr", &format!("/runs/{id}/plan"), &[])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("aucun stock «\u{a0}Bon état\u{a0}» à l’entrepôt"),
        "{html}"
    );
    assert!(
        html.contains("pas assez de stock «\u{a0}Bon état ou Utilisable\u{a0}» à l’entrepôt"),
        "{html}"
    );

    // One rule among what is short: the sentence on top names it.
    let other = app.create_run("ford", "unit-east", &["heron"]).await;
    let (s, _, html) = app.post_form(&format!("/runs/{other}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains(
            "the warehouse has no more stock in Good condition of what the stops still need."
        ),
        "{html}"
    );
    let (s, body) = app
        .post(&format!("/api/v1/runs/{other}/plan"), &json!({}))
        .await;
    assert!(s.is_success(), "{body}");
    assert_eq!(body["accepted_conditions"]["sleeping-bag"], json!(["good"]));
}

/// The start form departs today by default, keeps what was typed on a refusal with
/// each error beside its field, and the new run's page confirms it.
async fn start_form_keeps_what_was_typed(app: TestApp) {
    app.create_van("transit", 300.0, 300.0).await;
    let (s, html) = app.get_text("/runs").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "name=\"departs_on\" type=\"date\" required value=\"{}\"",
            day(0)
        )),
        "departs today by default: {html}"
    );
    let world = app.world().await;
    let later = day(3);
    let (s, _, html) = post_start(&app, "transit", "oak", &["heron"], &later).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let field = at(&html, "id=\"origin\"");
    let error = at(&html, "id=\"origin-error\"");
    assert!(
        field < error && error < at(&html, "id=\"stop1\""),
        "beside the field"
    );
    assert!(html.contains("aria-describedby=\"origin-error\""), "{html}");
    assert!(html.contains("Choose a warehouse to load from."), "{html}");
    assert!(
        html.contains(&format!("value=\"{later}\"")),
        "the date typed is kept: {html}"
    );
    assert!(
        html.contains("<option value=\"heron\" selected>"),
        "the stop chosen is kept: {html}"
    );
    // No date: the error is beside the date.
    let (s, _, html) = post_start(&app, "transit", "unit-east", &["oak"], "").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("aria-describedby=\"departs_on-error\""),
        "{html}"
    );
    assert!(html.contains("Choose the day the van leaves."), "{html}");
    assert!(html.contains("<option value=\"oak\" selected>"), "{html}");
    assert_eq!(app.world().await, world, "refusals change nothing");

    let (s, location, html) =
        post_start(&app, "transit", "unit-east", &["oak", "heron"], &later).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let (s, html) = app.get_text(&location.expect("the run's page")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Started run #"), "{html}");
    assert!(html.contains(": Van transit from unit-east on "), "{html}");
    assert!(
        html.contains("to oak, heron. Next: plan the load."),
        "{html}"
    );
}

/// One run per van per day: the second is refused (409 over the API, beside the van
/// field on the page) and changes nothing; another day, another van, a cancelled or
/// done run leave the van free.
async fn one_run_per_van_per_day(app: TestApp) {
    let (s, body) = app
        .post_intake("unit-east", json!([line("blanket", "good", 20)]))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.create_van("transit", 300.0, 300.0).await;
    app.create_van("berlingo", 300.0, 300.0).await;
    let friday = day(4);
    let first = app.run_on("transit", "unit-east", &["oak"], &friday).await;
    let world = app.world().await;
    let again =
        json!({"van": "transit", "origin": "unit-south", "stops": ["heron"], "departs_on": friday});
    let (s, err) = app.post("/api/v1/runs", &again).await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "van_booked", "{err}");
    assert_eq!(err["error"]["details"]["run"], first, "{err}");
    assert_eq!(app.world().await, world);
    // On the page: beside the van field, the rest as typed.
    let (s, _, html) = post_start(&app, "transit", "unit-south", &["heron"], &friday).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let error = at(&html, "id=\"van-error\"");
    assert!(
        at(&html, "id=\"van\"") < error && error < at(&html, "id=\"origin\""),
        "{html}"
    );
    assert!(html.contains("aria-describedby=\"van-error\""), "{html}");
    assert!(
        html.contains(&format!("transit already has run #{first} that day")),
        "{html}"
    );
    assert!(html.contains(&format!("value=\"{friday}\"")), "{html}");
    assert_eq!(app.world().await, world);

    // Another day, or another van that day: fine.
    app.run_on("transit", "unit-east", &["oak"], &day(5)).await;
    app.run_on("berlingo", "unit-east", &["oak"], &friday).await;
    // Cancelled, the day is free again.
    let (s, body) = app
        .with_token(app.token.clone())
        .request(Method::DELETE, &format!("/api/v1/runs/{first}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    app.run_on("transit", "unit-south", &["heron"], &friday)
        .await;

    // A done run (back and unloaded) no longer holds its van that day.
    app.create_van("bike", 300.0, 300.0).await;
    let id = app.create_run("bike", "unit-east", &["oak"]).await;
    let (s, b) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({"lines": [{"category": "blanket", "condition": "good", "quantity": 2, "stop": "oak"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for name in ["load", "return"] {
        step(&app, id, name).await;
    }
    app.create_run("bike", "unit-east", &["heron"]).await;

    // Two runs for one van sent at once: one is made, the other refused.
    app.create_van("twin", 300.0, 300.0).await;
    let body =
        json!({"van": "twin", "origin": "unit-east", "stops": ["oak"], "departs_on": day(6)});
    let (a, b) = tokio::join!(
        app.post("/api/v1/runs", &body),
        app.post("/api/v1/runs", &body)
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{} {}",
        a.1,
        b.1
    );
}

/// A stop the plan finds nothing for is named plainly and removed in one tap; the last
/// stop cannot be, nor a stop of a loaded run.
async fn empty_stop_is_named_and_removed(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "blanket", 5).await;
    app.create_van("transit", 300.0, 300.0).await;
    let id = app
        .create_run("transit", "unit-east", &["heron", "oak"])
        .await;
    let (s, _, html) = app.post_form(&format!("/runs/{id}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Nothing to bring to heron: no unmet need."),
        "{html}"
    );
    assert!(!html.contains("Nothing to bring to oak"), "{html}");
    let remove = format!("/runs/{id}/stops/heron/remove");
    assert!(html.contains(&format!("action=\"{remove}")), "{html}");
    assert!(html.contains("Remove heron from this run"), "{html}");

    let world = app.world().await;
    let (s, _, html) = app.post_form(&remove, &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains(&format!("Removed heron from run #{id}.")),
        "{html}"
    );
    assert!(!html.contains("Nothing to bring to"), "{html}");
    let run = app.run(id).await;
    assert_eq!(run["stops"].as_array().map(Vec::len), Some(1), "{run}");
    assert_eq!(run["stops"][0]["site"], "oak");
    assert_eq!(run["stops"][0]["position"], 1);
    assert_eq!(
        run["lines"], world.2["runs"][0]["lines"],
        "the plan for oak is kept"
    );

    // The last stop stays; an unknown one is 404; nothing changes.
    let world = app.world().await;
    let (s, _, html) = app
        .post_form(&format!("/runs/{id}/stops/oak/remove"), &[])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(html.contains("cancel the run instead"), "{html}");
    let (s, _, _) = app
        .post_form(&format!("/runs/{id}/stops/nowhere/remove"), &[])
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(app.world().await, world);
    // Once loaded, the stops are fixed.
    app.create_van("lorry", 300.0, 300.0).await;
    let two = app
        .create_run("lorry", "unit-east", &["oak", "heron"])
        .await;
    let (s, b) = app
        .put(
            &format!("/api/v1/runs/{two}/lines"),
            &json!({"lines": [{"category": "gas-canister", "condition": "good", "quantity": 1, "stop": "oak"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    step(&app, two, "load").await;
    let world = app.world().await;
    let (s, _, html) = app
        .post_form(&format!("/runs/{two}/stops/heron/remove"), &[])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert_eq!(app.world().await, world);
}

/// A driver's first job is today's run: the runs list shows it first, the home page
/// names it so, and planning comes after.
async fn today_first_for_a_driver(app: TestApp) {
    app.create_van("transit", 300.0, 300.0).await;
    app.create_van("berlingo", 300.0, 300.0).await;
    let today_run = app.create_run("transit", "unit-east", &["oak"]).await;
    let later = app
        .run_on("berlingo", "unit-east", &["heron"], &day(3))
        .await;
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let get = |path: &'static str| {
        let (app, driver) = (&app, driver.clone());
        async move {
            let (s, html) = get_as(app, &driver, path).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            html
        }
    };
    let html = get("/runs").await;
    let today = at(&html, "Today's runs");
    let link = at(&html, &format!("href=\"/runs/{today_run}\""));
    let all = at(&html, "All runs");
    assert!(today < link && link < all, "today's run first: {html}");
    assert!(
        at(&html, &format!("href=\"/runs/{later}\"")) > all,
        "{html}"
    );
    assert!(
        !html.contains("Start a run"),
        "no planning for a driver: {html}"
    );
    let home = get("/").await;
    let first = at(&home, "<ul class=\"tasks\"><li>");
    assert!(
        home[first..].starts_with("<ul class=\"tasks\"><li><a href=\"/runs\">Today's run</a>"),
        "{home}"
    );
    assert!(!home.contains("Plan a van run"), "{home}");
    // The warehouse sees today's runs first too, and the start form last.
    let (_, html) = app.get_text("/runs").await;
    assert!(at(&html, "Today") < at(&html, "Start a run"), "{html}");
}

/// A run in planning to oak and heron in a 150 l van, hand-planned over the API: 5
/// blankets for oak, 3 for heron and 4 sleeping bags for oak (92 l). The run's id.
async fn hand_planned_run(app: &TestApp) -> i64 {
    stock_up(app).await;
    app.create_van("transit", 150.0, 150.0).await;
    let id = app
        .create_run("transit", "unit-east", &["oak", "heron"])
        .await;
    let line = |cat: &str, q: i64, stop: &str| json!({"category": cat, "condition": "good", "quantity": q, "stop": stop});
    let (s, body) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({"lines": [line("blanket", 5, "oak"), line("blanket", 3, "heron"), line("sleeping-bag", 4, "oak")]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    id
}

/// The run's "Edit quantities" form: a count that is not one, more than the van holds
/// and more than is free are all said at once, each beside its line in a volunteer's
/// words (names, the van's room in litres), in English and French; the typed counts
/// stay; nothing changes until the form is put right.
async fn edit_quantities_refusals_beside_each_line(app: TestApp) {
    let id = hand_planned_run(&app).await;
    let path = format!("/runs/{id}/lines");
    let lines_before = app.run(id).await["lines"].clone();
    let world = app.world().await;
    let bad = [
        ("q:oak:blanket:good", "20"),
        ("q:heron:blanket:good", "8"),
        ("q:oak:sleeping-bag:good", "-3"),
    ];
    let (s, _, html) = app.post_form(&path, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_eq!(app.world().await, world, "a refusal changes nothing");
    assert_eq!(app.run(id).await["lines"], lines_before);
    // Every typed count is kept.
    for v in ["value=\"20\"", "value=\"8\"", "value=\"-3\""] {
        assert!(html.contains(v), "{v}: {html}");
    }
    // All three problems at once, in words, each beside what it is about.
    let not_count = "Sleeping bag for oak: This must be at least 0.";
    let over = "Van transit holds 150 l; these lines need 168 l, 18 l too much.";
    let short = "Only 20 Blanket (Good) free at unit-east after other runs&#39; plans; these lines ask for 28.";
    let short_plain = short.replace("&#39;", "'");
    assert!(html.contains(not_count), "{html}");
    assert!(html.contains(over), "{html}");
    assert!(
        html.contains(short) || html.contains(&short_plain),
        "{html}"
    );
    assert!(
        html.contains("Nothing was saved: 4 problems, each marked below."),
        "{html}"
    );
    let input = at(&html, "id=\"q-oak-sleeping-bag-good\"");
    let error = at(&html, "id=\"q-oak-sleeping-bag-good-error\"");
    assert!(
        input < error && !html[input..error].contains("<input"),
        "the error follows its line, before the next one"
    );
    assert!(
        html[error..].find(not_count) < html[error..].find("id=\"lines-error\""),
        "{html}"
    );
    for line in ["q-oak-blanket-good", "q-heron-blanket-good"] {
        let e = at(&html, &format!("id=\"{line}-error\""));
        assert!(at(&html, &format!("id=\"{line}\"")) < e, "{line}");
        assert!(
            html[e..].starts_with(&format!(
                "id=\"{line}-error\"><p class=\"field-error\" role=\"alert\">Only 20 Blanket"
            )),
            "{line}: {}",
            html[e..].chars().take(200).collect::<String>()
        );
        assert!(
            html.contains(&format!("aria-describedby=\"{line}-error lines-error\"")),
            "{line}: {html}"
        );
    }
    // The van's room is said once, above Save, and every count is tied to it.
    assert!(
        at(&html, "id=\"lines-error\"") < at(&html, "Save quantities"),
        "{html}"
    );
    assert!(
        html.contains("aria-describedby=\"q-oak-sleeping-bag-good-error lines-error\""),
        "{html}"
    );
    // No program words: no slugs, no quoted input.
    for slug in [
        "sleeping-bag for",
        "van transit",
        "'-3'",
        "blanket (good)",
        "free at unit-east after other runs' reservations",
    ] {
        assert!(!html.contains(slug), "{slug}: {html}");
    }

    // In French, every word of it.
    let (s, html) = post_form_in(&app, "fr", &path, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("lang=\"fr\""), "{html}");
    for words in [
        "pour oak\u{a0}: Ce nombre doit valoir au moins 0.",
        "Van transit contient 150\u{a0}l",
        "ces lignes demandent 168\u{a0}l, soit 18\u{a0}l de trop",
        "Seulement 20 ",
        "Rien n’a été enregistré\u{a0}: 4 problèmes",
    ] {
        let plain = words.replace('\u{a0}', " ");
        assert!(
            html.contains(words) || html.contains(&plain),
            "{words}: {html}"
        );
    }
    assert!(
        !html.contains("is not a count") && !html.contains("holds 150"),
        "{html}"
    );
    assert!(html.contains("value=\"-3\""), "{html}");
    let e = at(&html, "id=\"q-oak-sleeping-bag-good-error\"");
    assert!(at(&html, "id=\"q-oak-sleeping-bag-good\"") < e, "{html}");
    // In Arabic, in the words every Arabic form uses for a count too low.
    let (s, html) = post_form_in(&app, "ar", &path, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("dir=\"rtl\"") && html.contains("على الأقل."),
        "{html}"
    );
    assert!(!html.contains("is not a count"), "{html}");
    assert_eq!(app.world().await, world, "no refusal changed anything");
    assert_eq!(app.run(id).await["lines"], lines_before);

    // Only short of stock: a conflict (409), beside both blanket lines.
    let (s, _, html) = app
        .post_form(
            &path,
            &[
                ("q:oak:blanket:good", "15"),
                ("q:heron:blanket:good", "6"),
                ("q:oak:sleeping-bag:good", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(html.contains("these lines ask for 21."), "{html}");
    assert!(
        !html.contains("id=\"lines-error\""),
        "the van has room: {html}"
    );
    assert_eq!(app.world().await, world);

    // Put right, it saves.
    let (s, _, html) = app
        .post_form(
            &path,
            &[
                ("q:oak:blanket:good", "10"),
                ("q:heron:blanket:good", "4"),
                ("q:oak:sleeping-bag:good", "2"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("now carries 16 items"), "{html}");
    let (by_cat, _) = planned(&app.run(id).await);
    assert_eq!(by_cat.get("blanket"), Some(&14));
    assert_eq!(by_cat.get("sleeping-bag"), Some(&2));
}

/// Statuses read as words everywhere; a refusal of a step is said in the page's
/// language; the return asks on the shared confirmation page; and a stop the van never
/// reached is marked "Not delivered" once the run is back.
async fn statuses_refusals_and_an_undelivered_stop(app: TestApp) {
    // A run started and not planned yet is being planned; once it has its plan, it is
    // ready to load.
    app.create_van("spare", 500.0, 500.0).await;
    app.create_run("spare", "unit-east", &["heron"]).await;
    let id = hand_planned_run(&app).await;
    let (_, html) = app.get_text("/runs").await;
    assert!(html.contains("<td>Being planned</td>"), "{html}");
    assert!(html.contains("<td>Planned, ready to load</td>"), "{html}");
    assert!(!html.contains("<td>planning</td>"), "{html}");
    step(&app, id, "load").await;
    let (s, body) = app
        .post(
            &format!("/api/v1/runs/{id}/deliver"),
            &json!({"stop": "oak"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, html) = app.get_text(&format!("/runs/{id}")).await;
    assert!(html.contains("· Loaded, on the road ·"), "{html}");

    // The return asks first, on the shared confirmation page.
    let (s, html) = app.get_text(&format!("/runs/{id}/return")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("This cannot be undone"), "{html}");
    assert!(html.contains("Not delivered yet: heron"), "{html}");
    assert!(html.contains("name=\"confirmed\" value=\"yes\""), "{html}");
    let world = app.world().await;
    let (s, _, html) = app.post_form(&format!("/runs/{id}/return"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.world().await, world, "asking changes nothing");
    let (s, _, html) = app
        .post_form(&format!("/runs/{id}/return"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("is done"), "{html}");
    let heron = at(&html, "Stop 2: heron");
    assert!(
        html[heron..]
            .starts_with("Stop 2: heron — <strong class=\"not-delivered\">Not delivered</strong>"),
        "{}",
        html[heron..].chars().take(120).collect::<String>()
    );
    assert!(
        !html[at(&html, "Stop 1: oak")..heron].contains("Not delivered"),
        "oak was delivered"
    );
    assert!(html.contains("· Done ·"), "{html}");
    let (_, html) = app.get_text("/runs").await;
    assert!(
        html.contains("<td>Done</td>") && !html.contains("<td>done</td>"),
        "{html}"
    );

    // A step the run is past: refused in words, in the page's language; the API keeps
    // its code and English message.
    let world = app.world().await;
    let (s, _, html) = app.post_form(&format!("/runs/{id}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains(&format!(
            "Run #{id} is done: only a run still being planned can be loaded."
        )),
        "{html}"
    );
    let (s, html) = post_form_in(&app, "fr", &format!("/runs/{id}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("seule une tournée encore en préparation peut être chargée"),
        "{html}"
    );
    assert!(
        html.contains("terminée") && !html.contains("is done"),
        "{html}"
    );
    let (s, html) = post_form_in(&app, "ar", &format!("/runs/{id}/cancel"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("لا تُلغى إلا رحلة ما زالت قيد التخطيط"),
        "{html}"
    );
    let (s, err) = app
        .post(&format!("/api/v1/runs/{id}/load"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "wrong_status", "{err}");
    assert_eq!(err["error"]["details"]["status"], "done", "{err}");
    assert_eq!(
        err["error"]["message"],
        format!("run {id} is done: it can be loaded only when planning")
    );
    assert_eq!(app.world().await, world);
}

/// A page form posted as the volunteer holding `token`: (status, HTML).
async fn post_as(
    app: &TestApp,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let resp = app
        .plain
        .post(app.url(path))
        .bearer_auth(token)
        .form(fields)
        .send()
        .await
        .expect("POST form");
    (resp.status(), resp.text().await.unwrap_or_default())
}

/// A 0 on the stop page is a count: the site took none of it, it stays on the van.
/// A count over what the van holds is refused with that bound, never the largest
/// quantity, in English and French; nothing changes until it is put right.
async fn a_zero_count_stays_on_the_van(app: TestApp) {
    let (_, run) = loaded_run(&app).await;
    let world = app.world().await;
    let (s, html) = deliver_at_oak(&app, None, &run, "0", "7").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_eq!(app.world().await, world, "a refusal changes nothing");
    assert!(
        html.contains("Sleeping bag: 7 is more than the 6 on the van."),
        "{html}"
    );
    assert!(!html.contains("at most"), "0 is not refused: {html}");
    assert!(
        !html.contains("aria-describedby=\"q-blanket-good-error\""),
        "{html}"
    );
    assert!(html.contains("value=\"0\""), "the 0 is kept: {html}");
    let (s, html) = deliver_at_oak(&app, Some("fr"), &run, "0", "7").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(!html.contains("au plus"), "{html}");
    assert!(
        html.contains("c’est plus que les 6 dans la camionnette"),
        "{html}"
    );
    assert_eq!(app.world().await, world);

    // 0 blankets, every sleeping bag: delivered, the blankets ride back.
    let (s, html) = deliver_at_oak(&app, None, &run, "0", "6").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Delivered 6 items at oak: 6 Sleeping bag; 10 Blanket stay on the van"),
        "{html}"
    );
    assert_eq!(app.stock_of("oak", "sleeping-bag", "good").await, 6);
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 0);
    app.assert_ledger_consistent();
}

/// Stock taken from the warehouse after the plan: the run's page says the plan is out
/// of date with what is short; "Loaded" is refused with nothing changed and says the
/// way forward: a planner plans again (a button), a driver is told the warehouse must.
/// Planned again, the run loads.
async fn stock_gone_since_the_plan_says_what_to_do(app: TestApp) {
    stock_up(&app).await;
    app.state_need("oak", "sleeping-bag", 10).await;
    app.create_van("transit", 500.0, 500.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    step(&app, id, "plan").await;
    let (_, fresh) = app.get_text(&format!("/runs/{id}")).await;
    assert!(!fresh.contains("out of date"), "{fresh}");
    // A transfer takes 10 of the 15 sleeping bags the plan counts on.
    app.stock_site("unit-east", "heron", &[("sleeping-bag", "good", 10)])
        .await;
    let short = "Only 5 Sleeping bag (Good) free at unit-east: 10 wanted.";
    let plan_form = format!("action=\"/runs/{id}/plan\"");

    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let (s, html) = get_as(&app, &driver, &format!("/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("The plan is out of date: unit-east no longer holds all it counts on."),
        "{html}"
    );
    assert!(html.contains(short), "{html}");
    assert!(!html.contains(&plan_form), "a driver does not plan: {html}");
    let world = app.world().await;
    let (s, html) = post_as(&app, &driver, &format!("/runs/{id}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains(&format!(
            "{short} The warehouse must plan this run again before it can be loaded."
        )),
        "{html}"
    );
    assert_eq!(app.world().await, world, "a refusal changes nothing");

    let wren = app.add_user_and_login("wren", Role::Warehouse).await;
    let (s, html) = post_as(&app, &wren, &format!("/runs/{id}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains(&format!(
            "{short} Plan the run again to load what is there now."
        )),
        "{html}"
    );
    let notice = at(&html, "id=\"out-of-date\"");
    assert!(
        html[notice..].contains(&plan_form),
        "the notice offers Plan again: {html}"
    );
    assert_eq!(app.world().await, world);
    let (s, html) = app.get_text_in("fr", &format!("/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Le plan n’est plus à jour\u{a0}:"), "{html}");

    // Planned again with what is there now, it loads.
    let (s, html) = post_as(&app, &wren, &format!("/runs/{id}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(!html.contains("out of date"), "{html}");
    let (s, html) = post_as(&app, &driver, &format!("/runs/{id}/load"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.run(id).await["status"], "loaded");
    app.assert_ledger_consistent();
}

/// The day's plan says why stock stayed behind with the conditions the priorities
/// accept (sleeping bags Good only, blankets Good or Usable), in English and French;
/// a driver may not plan the day and nothing changes.
async fn a_day_plan_names_the_accepted_conditions(app: TestApp) {
    usable_stock_for_oak(&app).await;
    app.create_van("transit", 3000.0, 3000.0).await;
    let friday = day(5);
    app.run_on("transit", "unit-east", &["oak"], &friday).await;
    let path = format!("/runs/day/{friday}/plan");
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let world = app.world().await;
    let (s, _) = post_as(&app, &driver, &path, &[]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.world().await, world, "nothing changed");

    let (s, _, html) = app.post_form(&path, &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("<strong>Sleeping bag</strong> — 5 still needed, not loaded: the vans carry no more (no more stock in Good condition at the warehouses"),
        "{html}"
    );
    assert!(
        html.contains("<strong>Blanket</strong> — 5 still needed, not loaded: the vans carry no more (no more stock in Good or Usable condition at the warehouses"),
        "{html}"
    );
    assert!(!html.contains("eligible stock"), "{html}");
    let (s, _, html) = app.post_form_in("fr", &path, &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("plus de stock «\u{a0}Bon état\u{a0}» aux entrepôts"),
        "{html}"
    );
    assert!(
        html.contains("plus de stock «\u{a0}Bon état ou Utilisable\u{a0}» aux entrepôts"),
        "{html}"
    );
    assert!(!html.contains("utilisable aux"), "{html}");
}

/// French agrees "prévu" with its number on the stop page, and the driver's section is
/// headed "Chauffeur·se".
async fn french_counts_agree(app: TestApp) {
    stock_up(&app).await;
    app.create_van("transit", 500.0, 500.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    let line = |cat: &str, q: i64| json!({"category": cat, "condition": "good", "quantity": q, "stop": "oak"});
    let (s, body) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({"lines": [line("blanket", 1), line("sleeping-bag", 2)]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, html) = app.get_text_in("fr", &format!("/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<h2>Chauffeur·se</h2>"), "{html}");
    step(&app, id, "load").await;
    let (s, html) = app
        .get_text_in("fr", &format!("/runs/{id}/stops/oak"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(", 1 prévu</small>"), "{html}");
    assert!(html.contains(", 2 prévus</small>"), "{html}");
}

/// A Transit loaded at unit-east for oak then heron, planned for `needs` (site, item,
/// count); answers the run's id and page path.
async fn loaded_to_oak_and_heron(app: &TestApp, needs: &[(&str, &str, i64)]) -> (i64, String) {
    stock_up(app).await;
    for (site, item, n) in needs {
        app.state_need(site, item, *n).await;
    }
    app.create_van("transit", 500.0, 500.0).await;
    let id = app
        .create_run("transit", "unit-east", &["oak", "heron"])
        .await;
    step(app, id, "plan").await;
    step(app, id, "load").await;
    (id, format!("/runs/{id}"))
}

/// Heron's stop form sent with `blankets` and `bags` as typed.
async fn at_heron(app: &TestApp, run: &str, blankets: &str, bags: &str) -> (StatusCode, String) {
    let fields = [
        ("stop", "heron"),
        ("q:blanket:good", blankets),
        ("q:sleeping-bag:good", bags),
    ];
    let (s, _, html) = app.post_form(&format!("{run}/deliver"), &fields).await;
    (s, html)
}

/// Oak and heron each planned 6 good sleeping bags; oak takes `count`. Answers the
/// run's id, its page path and the delivery's answer.
async fn oak_takes_bags(app: &TestApp, count: &str) -> (i64, String, String) {
    let (id, run) = loaded_to_oak_and_heron(
        app,
        &[("oak", "sleeping-bag", 6), ("heron", "sleeping-bag", 6)],
    )
    .await;
    let (s, _, html) = app
        .post_form(
            &format!("{run}/deliver"),
            &[("stop", "oak"), ("q:sleeping-bag:good", count)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    (id, run, html)
}

/// A stop that takes more than its share leaves the next stop what is on the van: its
/// page offers that, and its confirmation names nothing the van no longer holds.
async fn an_earlier_stop_that_took_more_leaves_the_next_what_is_on_the_van(app: TestApp) {
    let (id, run, html) = oak_takes_bags(&app, "9").await;
    assert!(html.contains("Delivered 9 items at oak"), "{html}");

    let (_, html) = app.get_text(&format!("{run}/stops/heron")).await;
    let field = &html[at(&html, "id=\"q-sleeping-bag-good\"")..];
    let field = &field[..at(field, ">")];
    assert!(
        field.contains("value=\"3\""),
        "the 3 left, not the 6 planned: {field}"
    );
    let (s, _, html) = app
        .post_form(
            &format!("{run}/deliver"),
            &[("stop", "heron"), ("q:sleeping-bag:good", "3")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Delivered 3 items at heron"), "{html}");
    assert!(
        !html.contains("stay on the van"),
        "the van is empty: {html}"
    );
    assert_eq!(app.stock_of("heron", "sleeping-bag", "good").await, 3);

    // Back at the warehouse. The return's address opened again (the language switch
    // on the answer comes back to it) shows the run, not a refusal.
    let (s, _, html) = app
        .post_form(&format!("{run}/return"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.run(id).await["status"], "done");
    let (s, html) = app.get_text_in("fr", &format!("{run}/return")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(!html.contains("flash error"), "{html}");
    app.assert_ledger_consistent();
}

/// What a stop did not take, and no later stop is planned for, is offered at the next
/// stop under "Also on the van"; goods a later stop is planned for are not. The site
/// takes some; the rest comes back with the return.
async fn a_later_stop_may_take_what_an_earlier_one_left(app: TestApp) {
    let (id, run) =
        loaded_to_oak_and_heron(&app, &[("oak", "sleeping-bag", 6), ("heron", "blanket", 4)]).await;

    // At oak, the blankets are heron's: nothing is spare.
    let (_, html) = app.get_text(&format!("{run}/stops/oak")).await;
    assert!(!html.contains("Also on the van"), "{html}");
    let (s, _, html) = app
        .post_form(
            &format!("{run}/deliver"),
            &[("stop", "oak"), ("q:sleeping-bag:good", "2")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");

    // At heron: the 4 sleeping bags oak did not take, by name, at 0.
    let (_, html) = app.get_text(&format!("{run}/stops/heron")).await;
    let spare = &html[at(&html, "Also on the van")..];
    assert!(spare.contains("Sleeping bag"), "{spare}");
    assert!(spare.contains("4 spare"), "{spare}");
    assert!(html.contains("<details class=\"spare\" open"), "{html}");
    assert!(html.contains("Also on the van: 4 spare items"), "{html}");
    let field = &spare[at(spare, "id=\"q-sleeping-bag-good\"")..];
    let field = &field[..at(field, ">")];
    assert!(field.contains("value=\"0\""), "{field}");

    // More than the van holds: refused beside the line, nothing changed.
    let world = app.world().await;
    let (s, html) = at_heron(&app, &run, "4", "5").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("more than the 4"), "{html}");
    // An emptied box: what to type, not a parse error.
    let (s, html) = at_heron(&app, &run, " ", "0").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Blanket: type a count, 0 if the site took none."),
        "{html}"
    );
    assert_eq!(app.world().await, world, "a refusal changes nothing");

    let (s, html) = at_heron(&app, &run, "4", "3").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Delivered 7 items at heron"), "{html}");
    // The same form sent again: nothing changes, and the answer says so.
    let world = app.world().await;
    let (s, html) = at_heron(&app, &run, "4", "3").await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("heron was already delivered on run #1: nothing changed."),
        "{html}"
    );
    assert!(!html.contains("more than the"), "no count errors: {html}");
    assert_eq!(app.world().await, world);
    assert_eq!(app.stock_of("heron", "sleeping-bag", "good").await, 3);
    assert_eq!(app.stock_of("heron", "blanket", "good").await, 4);
    let before = app.stock_of("unit-east", "sleeping-bag", "good").await;
    step(&app, id, "return").await;
    assert_eq!(
        app.stock_of("unit-east", "sleeping-bag", "good").await,
        before + 1,
        "the one left comes back"
    );
    // Return tapped again: the run already came back.
    let world = app.world().await;
    let (_, _, html) = app
        .post_form(&format!("{run}/return"), &[("confirmed", "yes")])
        .await;
    assert!(
        html.contains("it has already come back; nothing changed."),
        "{html}"
    );
    assert_eq!(app.world().await, world);
    app.assert_ledger_consistent();
}

/// A stop planned for an item the van holds more of (an earlier stop took less) says
/// how many are on the van beside what was planned.
async fn a_planned_line_says_what_the_van_holds_beyond_the_plan(app: TestApp) {
    let (_, run, html) = oak_takes_bags(&app, "4").await;
    // On the road, the driver's buttons are one tap from the top of the run's page.
    let jump = at(&html, "href=\"#driver\"");
    assert!(jump < at(&html, "class=\"load-sheet\""), "{html}");
    assert!(html.contains("id=\"driver\""), "{html}");
    assert!(
        html.contains("2 Sleeping bag stay on the van, for a later stop or the return."),
        "{html}"
    );
    let (_, html) = app.get_text(&format!("{run}/stops/heron")).await;
    assert!(html.contains("Good, planned 6, 8 on the van"), "{html}");
    assert!(
        !html.contains("Also on the van"),
        "planned here, so not spare: {html}"
    );
}

on_both_backends!(
    a_later_stop_may_take_what_an_earlier_one_left,
    a_planned_line_says_what_the_van_holds_beyond_the_plan,
    an_earlier_stop_that_took_more_leaves_the_next_what_is_on_the_van,
    a_zero_count_stays_on_the_van,
    stock_gone_since_the_plan_says_what_to_do,
    a_day_plan_names_the_accepted_conditions,
    french_counts_agree,
    a_shortage_names_the_accepted_conditions,
    edit_quantities_refusals_beside_each_line,
    statuses_refusals_and_an_undelivered_stop,
    stop_page_refusals_keep_the_counts,
    start_form_keeps_what_was_typed,
    one_run_per_van_per_day,
    empty_stop_is_named_and_removed,
    today_first_for_a_driver,
);

on_both_backends!(
    concurrent_changes_of_one_run_take_turns,
    pages,
    life_cycle,
    bad_input,
    concurrent_plans_do_not_double_reserve,
    manifest_csv
);
