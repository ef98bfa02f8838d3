//! Runs, second round, over HTTP on SQLite and PostgreSQL: need held by runs in planning (and
//! released when one is cancelled), a day's runs planned together within every limit, partial
//! delivery from the driver's stop page with the rest coming back through the return's
//! confirmation page, and every out-of-order step refused with nothing changed.

mod common;

use common::runs::{day, line};
use common::TestApp;
use haul::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;

impl TestApp {
    async fn sizes(&self) -> HashMap<String, (f64, f64)> {
        let (s, body) = self.get("/api/v1/categories").await;
        assert_eq!(s, StatusCode::OK);
        body["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .map(|c| {
                (
                    c["slug"].as_str().unwrap_or_default().to_string(),
                    (
                        c["unit_volume_l"].as_f64().unwrap_or(0.0),
                        c["unit_weight_kg"].as_f64().unwrap_or(0.0),
                    ),
                )
            })
            .collect()
    }
}

/// Planned units per (stop, category) over several runs.
fn by_stop(runs: &[Vec<Value>]) -> HashMap<(String, String), i64> {
    let mut out = HashMap::new();
    for lines in runs {
        for l in lines {
            let key = (
                l["stop"].as_str().unwrap_or_default().to_string(),
                l["category"].as_str().unwrap_or_default().to_string(),
            );
            *out.entry(key).or_insert(0) += l["quantity"].as_i64().unwrap_or(0);
        }
    }
    out
}

fn total(lines: &[Value], category: &str) -> i64 {
    lines
        .iter()
        .filter(|l| l["category"] == category)
        .map(|l| l["quantity"].as_i64().unwrap_or(0))
        .sum()
}

/// Two runs in planning to one site from two warehouses never plan more than its unmet need
/// together; cancelling one releases its share for the other.
async fn need_is_held_by_planning_runs(app: TestApp) {
    for warehouse in ["unit-east", "unit-south"] {
        let (s, body) = app
            .post_intake(
                warehouse,
                json!([
                    line("sleeping-bag", "good", 40),
                    line("blanket", "good", 40)
                ]),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    app.state_need("oak", "sleeping-bag", 20).await;
    app.state_need("oak", "blanket", 12).await;
    app.create_van("one", 2000.0, 2000.0).await;
    app.create_van("two", 2000.0, 2000.0).await;
    let a = app.run_on("one", "unit-east", &["oak"], &day(3)).await;
    let b = app.run_on("two", "unit-south", &["oak"], &day(4)).await;
    for id in [a, b] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{id}/plan"), &json!({}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (la, lb) = (app.lines_of(a).await, app.lines_of(b).await);
    assert_eq!(
        total(&la, "sleeping-bag"),
        20,
        "the first plan takes the need"
    );
    assert_eq!(
        total(&lb, "sleeping-bag"),
        0,
        "nothing left to promise: {lb:?}"
    );
    let together = by_stop(&[la.clone(), lb.clone()]);
    for (cat, need) in [("sleeping-bag", 20), ("blanket", 12)] {
        let planned = together
            .get(&("oak".to_string(), cat.to_string()))
            .copied()
            .unwrap_or(0);
        assert!(
            planned <= need,
            "{cat}: {planned} planned for a need of {need}"
        );
    }
    // Planning is not yet transit: the need itself still shows unmet.
    assert_eq!(app.unmet("oak", "sleeping-bag").await, 20);

    // A hand edit of run a down to 5 sleeping bags frees 15 for run b.
    let (s, body) = app
        .put(
            &format!("/api/v1/runs/{a}/lines"),
            &json!({"lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 5, "stop": "oak"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, body) = app
        .post(&format!("/api/v1/runs/{b}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(total(&app.lines_of(b).await, "sleeping-bag"), 15);
    assert_eq!(total(&app.lines_of(b).await, "blanket"), 12);

    // Cancelling run b releases all it held: a re-plan of a gets the whole need again.
    let before = app.ledger_len().await;
    let (s, body) = app
        .with_token(app.token.clone())
        .request(Method::DELETE, &format!("/api/v1/runs/{b}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["cancelled"]["id"], b);
    assert_eq!(app.ledger_len().await, before, "cancelling moves nothing");
    let (s, _) = app.get(&format!("/api/v1/runs/{b}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, body) = app
        .post(&format!("/api/v1/runs/{a}/plan"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let la = app.lines_of(a).await;
    assert_eq!(total(&la, "sleeping-bag"), 20);
    assert_eq!(total(&la, "blanket"), 12);

    // Cancel: twice is 404; a driver may not; a loaded run may not be cancelled.
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    let world = app.world().await;
    let (s, _) = app
        .with_token(Some(driver))
        .request(Method::DELETE, &format!("/api/v1/runs/{a}"), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .with_token(app.token.clone())
        .request(Method::DELETE, &format!("/api/v1/runs/{b}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .with_token(app.token.clone())
        .request(Method::DELETE, "/api/v1/runs/not-a-number", None)
        .await;
    assert!(
        s == StatusCode::NOT_FOUND || s == StatusCode::BAD_REQUEST,
        "{s}"
    );
    assert_eq!(app.world().await, world);
    let (s, body) = app
        .post(&format!("/api/v1/runs/{a}/load"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let world = app.world().await;
    let (s, body) = app
        .with_token(app.token.clone())
        .request(Method::DELETE, &format!("/api/v1/runs/{a}"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.world().await, world);
    app.assert_ledger_consistent();
}

/// A day's runs planned together: within every van's volume and payload, every origin's
/// eligible stock and every site's need; refusals change nothing.
async fn fleet_plan_within_every_limit(app: TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                line("tent-2p", "good", 30),
                line("sleeping-bag", "good", 25),
                line("sleeping-bag", "needs-drying", 10),
                line("blanket", "usable", 20),
                line("tinned-food", "good", 300),
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post_intake(
            "unit-south",
            json!([line("tent-2p", "good", 10), line("blanket", "good", 30)]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    for (site, cat, q) in [
        ("oak", "tent-2p", 18),
        ("oak", "sleeping-bag", 30),
        ("oak", "tinned-food", 200),
        ("heron", "tent-2p", 12),
        ("heron", "blanket", 25),
        ("heron", "tinned-food", 150),
    ] {
        app.state_need(site, cat, q).await;
    }
    // Big and light, small and strong, and a third from the other warehouse.
    app.create_van("luton", 300.0, 120.0).await;
    app.create_van("strong", 80.0, 300.0).await;
    app.create_van("south", 150.0, 150.0).await;
    let friday = day(5);
    let runs = [
        app.run_on("luton", "unit-east", &["oak", "heron"], &friday)
            .await,
        app.run_on("strong", "unit-east", &["heron"], &friday).await,
        app.run_on("south", "unit-south", &["heron", "oak"], &friday)
            .await,
    ];
    // Another day's run is not part of this plan.
    let other = app.run_on("south", "unit-south", &["oak"], &day(6)).await;

    let path = format!("/api/v1/runs/plan?departs_on={friday}");
    let (s, plan) = app.post(&path, &json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    assert_eq!(plan["runs"].as_array().map(Vec::len), Some(3), "{plan}");
    assert!(plan["plan"]["total_value"].as_f64().unwrap() > 0.0);
    assert!(
        plan["plan"]["total_value"].as_f64().unwrap()
            >= plan["plan"]["sequential_value"].as_f64().unwrap() - 1e-9
    );
    assert!(
        plan["plan"]["lp_bound"].as_f64().unwrap()
            >= plan["plan"]["total_value"].as_f64().unwrap() - 1e-6
    );
    for van in plan["plan"]["vans"].as_array().unwrap() {
        assert!(!van["why"].as_array().unwrap().is_empty(), "{van}");
    }
    assert!(
        app.lines_of(other).await.is_empty(),
        "another day is left alone"
    );

    let sizes = app.sizes().await;
    let lines: Vec<Vec<Value>> = {
        let mut all = Vec::new();
        for id in runs {
            all.push(app.lines_of(id).await);
        }
        all
    };
    for ((id, van), (cap_l, cap_kg)) in runs.iter().zip(["luton", "strong", "south"]).zip([
        (300.0, 120.0),
        (80.0, 300.0),
        (150.0, 150.0),
    ]) {
        let (mut l, mut kg) = (0.0, 0.0);
        for line in &lines[runs.iter().position(|r| r == id).unwrap()] {
            let (ul, ukg) = sizes[line["category"].as_str().unwrap()];
            let q = line["quantity"].as_f64().unwrap();
            l += ul * q;
            kg += ukg * q;
            assert!(["good", "usable"].contains(&line["condition"].as_str().unwrap()));
        }
        assert!(l <= cap_l + 1e-6, "{van}: {l} l");
        assert!(kg <= cap_kg + 1e-6, "{van}: {kg} kg");
    }
    // Origin stock: unit-east feeds the first two runs, unit-south the third.
    for (cat, cond, east, south) in [
        ("tent-2p", "good", 30, 10),
        ("sleeping-bag", "good", 25, 0),
        ("blanket", "usable", 20, 0),
        ("blanket", "good", 0, 30),
        ("tinned-food", "good", 300, 0),
    ] {
        let planned = |ls: &[Vec<Value>]| -> i64 {
            ls.iter()
                .flatten()
                .filter(|l| l["category"] == cat && l["condition"] == cond)
                .map(|l| l["quantity"].as_i64().unwrap())
                .sum()
        };
        assert!(planned(&lines[0..2]) <= east, "{cat} {cond} from unit-east");
        assert!(
            planned(&lines[2..3]) <= south,
            "{cat} {cond} from unit-south"
        );
    }
    let at_sites = by_stop(&lines);
    for (site, cat, need) in [
        ("oak", "tent-2p", 18),
        ("oak", "sleeping-bag", 30),
        ("oak", "tinned-food", 200),
        ("heron", "tent-2p", 12),
        ("heron", "blanket", 25),
        ("heron", "tinned-food", 150),
    ] {
        let q = at_sites
            .get(&(site.to_string(), cat.to_string()))
            .copied()
            .unwrap_or(0);
        assert!(q <= need, "{site} gets {q} {cat} for a need of {need}");
    }
    for ((site, cat), q) in &at_sites {
        assert!(*q > 0, "{site} {cat}");
        assert!(
            [
                ("oak", "tent-2p"),
                ("oak", "sleeping-bag"),
                ("oak", "tinned-food"),
                ("heron", "tent-2p"),
                ("heron", "blanket"),
                ("heron", "tinned-food")
            ]
            .contains(&(site.as_str(), cat.as_str())),
            "{site} has no need of {cat}"
        );
    }
    // Planning again gives the same plan; a key replays.
    let (s, again) = app.post(&path, &json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{again}");
    assert_eq!(again["plan"]["total_value"], plan["plan"]["total_value"]);

    // Bad requests change nothing.
    let world = app.world().await;
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    for (query, status) in [
        ("", StatusCode::BAD_REQUEST),
        ("?departs_on=friday", StatusCode::BAD_REQUEST),
        ("?departs_on=2026-02-30", StatusCode::BAD_REQUEST),
        ("?departs_on=2020-01-01", StatusCode::NOT_FOUND),
        (
            &format!("?departs_on={friday}&extra=1") as &str,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/plan{query}"), &json!({}))
            .await;
        assert_eq!(s, status, "{query}: {body}");
    }
    let (s, _) = app
        .with_token(Some(driver))
        .request(Method::POST, &path, Some(&json!({})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .with_token(None)
        .request(Method::POST, &path, Some(&json!({})))
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(app.world().await, world);

    // Once a run is loaded, the day's plan leaves it alone; a fully loaded day is 404.
    for id in runs {
        if !app.lines_of(id).await.is_empty() {
            let (s, body) = app
                .post(&format!("/api/v1/runs/{id}/load"), &json!({}))
                .await;
            assert_eq!(s, StatusCode::CREATED, "{body}");
        } else {
            let (s, _) = app
                .with_token(app.token.clone())
                .request(Method::DELETE, &format!("/api/v1/runs/{id}"), None)
                .await;
            assert_eq!(s, StatusCode::OK);
        }
    }
    let world = app.world().await;
    let (s, body) = app.post(&path, &json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(app.world().await, world);
    app.assert_ledger_consistent();
}

/// The driver's pages: a stop takes less than planned, the rest stays on the van, the
/// return goes through its confirmation page and brings it back to the warehouse.
async fn partial_delivery_and_return(app: TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([line("blanket", "good", 10), line("tent-2p", "good", 4)]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.state_need("oak", "blanket", 10).await;
    app.state_need("oak", "tent-2p", 4).await;
    app.state_need("heron", "tent-2p", 2).await;
    app.create_van("transit", 500.0, 500.0).await;
    let id = app
        .run_on("transit", "unit-east", &["oak", "heron"], &day(0))
        .await;
    let run = format!("/runs/{id}");

    // Out of order before the plan: load and return refused, nothing changes.
    let world = app.world().await;
    let (s, _, html) = app.post_form(&format!("{run}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let (s, _, html) = app
        .post_form(&format!("{run}/return"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let (s, html) = app.get_text(&format!("{run}/return")).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert_eq!(app.world().await, world);

    let (s, _, html) = app.post_form(&format!("{run}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Planned 14 items for Van transit"), "{html}");
    assert!(
        html.contains("Blanket") && html.contains("Tent (2 person)"),
        "{html}"
    );
    let (s, _, html) = app
        .post_form(&format!("{run}/lines"), &[("q:oak:blanket:good", "8")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Saved: run #"), "{html}");
    assert!(html.contains("8 Blanket"), "{html}");
    // Only the blankets are left after that edit; plan again to have tents for both stops.
    let (s, _, _) = app.post_form(&format!("{run}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, html) = app.post_form(&format!("{run}/load"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Loaded 14 items on Van transit: 10 Blanket, 4 Tent (2 person)")
            || html.contains("Loaded 14 items on Van transit: 4 Tent (2 person), 10 Blanket"),
        "{html}"
    );
    let oak_tents = app
        .lines_of(id)
        .await
        .iter()
        .filter(|l| l["stop"] == "oak" && l["category"] == "tent-2p")
        .map(|l| l["quantity"].as_i64().unwrap())
        .sum::<i64>();
    assert!(oak_tents > 0);

    // The stop page: planned lines pre-filled.
    let (s, html) = app.get_text(&format!("{run}/stops/oak")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("name=\"q:blanket:good\""), "{html}");
    assert!(html.contains("value=\"10\""), "{html}");
    let (s, _) = app.get_text(&format!("{run}/stops/nowhere")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Bad counts change nothing.
    let world = app.world().await;
    for fields in [
        vec![("stop", "oak"), ("q:blanket:good", "-1")],
        vec![("stop", "oak"), ("q:blanket:good", "many")],
        vec![("stop", "oak"), ("q:blanket:soggy", "1")],
        vec![("stop", "oak"), ("q:anvil:good", "1")],
        vec![("stop", "oak"), ("q:blanket:good", "11")],
        vec![
            ("stop", "oak"),
            ("q:blanket:good", "0"),
            ("q:tent-2p:good", "0"),
        ],
        vec![("stop", "nowhere"), ("q:blanket:good", "1")],
    ] {
        let (s, _, html) = app.post_form(&format!("{run}/deliver"), &fields).await;
        assert!(s.is_client_error(), "{fields:?} → {s}: {html}");
        assert_eq!(app.world().await, world, "{fields:?} changed something");
    }

    // Oak takes 6 of the 10 blankets and one tent fewer.
    let tents = (oak_tents - 1).to_string();
    let (s, _, html) = app
        .post_form(
            &format!("{run}/deliver"),
            &[
                ("stop", "oak"),
                ("q:blanket:good", "6"),
                ("q:tent-2p:good", tents.as_str()),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("stay on the van"), "{html}");
    assert!(
        html.contains("4 Blanket, 1 Tent (2 person) stay on the van"),
        "{html}"
    );
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 6);
    assert_eq!(app.stock_of("van-transit", "blanket", "good").await, 4);
    // Only what was delivered counts against the need; the rest is not in transit any more.
    assert_eq!(app.unmet("oak", "blanket").await, 4);

    // Delivering oak again is refused and changes nothing.
    let world = app.world().await;
    let (s, _, _) = app
        .post_form(&format!("{run}/deliver"), &[("stop", "oak")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _, _) = app.post_form(&format!("{run}/load"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _, _) = app.post_form(&format!("{run}/cancel"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(app.world().await, world);

    // The return asks first: the page lists what goes back and the stop not delivered.
    let (s, html) = app.get_text(&format!("{run}/return")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("4 × Blanket (Good)"), "{html}");
    assert!(html.contains("Not delivered yet: heron"), "{html}");
    assert!(html.contains("name=\"confirmed\""), "{html}");
    let (s, _, html) = app.post_form(&format!("{run}/return"), &[]).await;
    assert_eq!(s, StatusCode::OK, "an unconfirmed return only asks: {html}");
    assert!(html.contains("This cannot be undone"), "{html}");
    assert_eq!(app.world().await, world);

    let east_before = app.stock_of("unit-east", "blanket", "good").await;
    let (s, _, html) = app
        .post_form(&format!("{run}/return"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("back at unit-east"), "{html}");
    assert!(html.contains("is done"), "{html}");
    assert_eq!(
        app.stock_of("unit-east", "blanket", "good").await,
        east_before + 4
    );
    assert_eq!(app.stock_of("van-transit", "blanket", "good").await, 0);
    assert_eq!(app.stock_of("van-transit", "tent-2p", "good").await, 0);
    let (s, body) = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["status"], "done");
    // The load sheet now says what oak really took and what came back, not the plan; the
    // stop never delivered says so, with what was planned for it (nothing left to tick).
    let (s, html) = app.get_text(&format!("{run}/sheet")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("stayed on the van"), "{html}");
    assert!(html.contains("Came back to"), "{html}");
    assert!(html.contains("4 × Blanket (Good)"), "{html}");
    assert!(html.contains("Not delivered"), "{html}");
    assert!(!html.contains("type=\"checkbox\""), "{html}");

    // After the return every step is 409 and changes nothing.
    let world = app.world().await;
    for (step, fields) in [
        ("return", vec![("confirmed", "yes")]),
        ("deliver", vec![("stop", "heron")]),
        ("load", vec![]),
        ("plan", vec![]),
        ("lines", vec![("q:oak:blanket:good", "1")]),
    ] {
        let (s, _, html) = app.post_form(&format!("{run}/{step}"), &fields).await;
        assert_eq!(s, StatusCode::CONFLICT, "{step}: {html}");
    }
    assert_eq!(app.world().await, world);
    app.assert_ledger_consistent();
}

/// The page forms refuse a missing CSRF token and the wrong role, with nothing changed.
async fn run_pages_guarded(app: TestApp) {
    let (s, body) = app
        .post_intake("unit-east", json!([line("blanket", "good", 5)]))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.state_need("oak", "blanket", 5).await;
    app.create_van("transit", 500.0, 500.0).await;
    app.create_van("berlingo", 300.0, 300.0).await;
    let friday = day(5);
    let a = app.run_on("transit", "unit-east", &["oak"], &friday).await;
    // One run per van per day: the second run of Friday is another van's.
    let _b = app
        .run_on("berlingo", "unit-south", &["oak"], &friday)
        .await;

    let (s, html) = app.get_text("/runs").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("/runs/day/{friday}")), "{html}");
    let (s, html) = app.get_text(&format!("/runs/day/{friday}")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Plan all 2 runs together"), "{html}");
    let (s, _) = app.get_text("/runs/day/someday").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A volunteer's cookie session without the form's token is refused.
    let (_jar, client) = common::cookie_client();
    app.add_user_and_login("wren", Role::Warehouse).await;
    app.page_login(&client, "wren", "/runs").await;
    let world = app.world().await;
    for path in [
        format!("/runs/day/{friday}/plan"),
        format!("/runs/{a}/cancel"),
        format!("/runs/{a}/plan"),
    ] {
        let resp = client
            .post(app.url(&path))
            .form(&[("confirmed", "yes")])
            .send()
            .await
            .expect("POST");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // A driver may not plan a day nor cancel.
    let driver = app.add_user_and_login("dee", Role::Driver).await;
    for path in [
        format!("/runs/day/{friday}/plan"),
        format!("/runs/{a}/cancel"),
    ] {
        let resp = app
            .plain
            .post(app.url(&path))
            .bearer_auth(&driver)
            .form(&[("confirmed", "yes")])
            .send()
            .await
            .expect("POST");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.world().await, world);

    // With the token: the day's plan, then cancelling through its confirmation page.
    let (s, _, html) = app
        .post_form(&format!("/runs/day/{friday}/plan"), &[])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Planned 2 runs together"), "{html}");
    assert!(html.contains("Why these loads"), "{html}");
    assert!(
        !html.contains("vans are full"),
        "says what limits the plan: {html}"
    );
    let (s, _, html) = app.post_form(&format!("/runs/{a}/cancel"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Yes, cancel the run"), "{html}");
    let (s, body) = app.get(&format!("/api/v1/runs/{a}")).await;
    assert_eq!(s, StatusCode::OK, "asking cancels nothing: {body}");
    // Only the shared page's `confirmed=yes` confirms: the old `confirm=yes` asks again.
    let (s, _, html) = app
        .post_form(&format!("/runs/{a}/cancel"), &[("confirm", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Yes, cancel the run"), "{html}");
    let (s, body) = app.get(&format!("/api/v1/runs/{a}")).await;
    assert_eq!(s, StatusCode::OK, "confirm=yes cancels nothing: {body}");
    let (s, _, html) = app
        .post_form(&format!("/runs/{a}/cancel"), &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains(&format!("Cancelled run #{a}")), "{html}");
    let (s, _) = app.get(&format!("/api/v1/runs/{a}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, html) = app.get_text(&format!("/runs/{}/sheet", _b)).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Load sheet"), "{html}");
}

on_both_backends!(
    need_is_held_by_planning_runs,
    fleet_plan_within_every_limit,
    partial_delivery_and_return,
    run_pages_guarded
);
