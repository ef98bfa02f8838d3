//! The CSV and JSON links on pages (Reports' exports and summary, a run's manifest)
//! open in the browser with the page session, under the API's own policy; on SQLite
//! and PostgreSQL.

mod common;

use common::{cookie_client, page_text, TestApp, COORDINATOR_HANDLE};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

/// Every `href` on a page that points into the API.
fn api_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with("/api/v1/"))
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

async fn a_run(app: &TestApp) -> i64 {
    app.intake_tents("unit-east", 5).await;
    let (s, body) = app
        .post(
            "/api/v1/vans",
            &json!({"slug": "transit", "name": "Transit", "capacity_l": 3000, "payload_kg": 800}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let today = chrono::Utc::now().date_naive().to_string();
    let (s, body) = app
        .post(
            "/api/v1/runs",
            &json!({"van": "transit", "origin": "unit-east", "stops": ["oak"], "departs_on": today}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("run id")
}

async fn every_link_on_a_page_opens_with_the_session(app: TestApp) {
    let run = a_run(&app).await;
    app.add_user_and_login("wanda", Role::Warehouse).await;
    app.add_user_and_login("dee", Role::Driver).await;

    // The coordinator's Reports page: summary JSON and four CSV exports.
    let coord = app.browser_as(COORDINATOR_HANDLE).await;
    let html = page_text(&coord, &app.url("/reports")).await;
    let links = api_links(&html);
    assert!(links.len() >= 5, "{links:?}");
    for link in &links {
        let r = coord.get(app.url(link)).send().await.expect("GET link");
        assert_eq!(r.status(), StatusCode::OK, "{link}");
        let ct = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            ct.starts_with("text/csv") || ct.starts_with("application/json"),
            "{link}: {ct}"
        );
        let body = r.text().await.unwrap_or_default();
        assert!(!body.contains("missing Authorization"), "{link}: {body}");
        assert!(!body.is_empty(), "{link}");
    }

    // The run page's manifest, for the warehouse and the driver.
    for handle in ["wanda", "dee"] {
        let b = app.browser_as(handle).await;
        let html = page_text(&b, &app.url(&format!("/runs/{run}"))).await;
        let links = api_links(&html);
        let manifest = links
            .iter()
            .find(|l| l.ends_with("/manifest.csv"))
            .unwrap_or_else(|| panic!("{handle}: no manifest link in {links:?}"));
        let r = b.get(app.url(manifest)).send().await.expect("GET manifest");
        assert_eq!(r.status(), StatusCode::OK, "{handle}");
        assert!(r.text().await.unwrap_or_default().contains(','));
    }
}

async fn links_keep_the_api_policy(app: TestApp) {
    let run = a_run(&app).await;
    app.add_user_and_login("cass", Role::Crew).await;
    app.add_user_and_login("dina", Role::Distributor).await;
    let crew = app.browser_as("cass").await;
    let manifest = format!("/api/v1/runs/{run}/manifest.csv");
    for path in [
        "/api/v1/export/ledger.csv",
        "/api/v1/export/stock.csv",
        "/api/v1/reports/summary",
        manifest.as_str(),
    ] {
        let r = crew.get(app.url(path)).send().await.expect("GET");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "crew {path}");
    }
    // A distributor may have the hand-outs export but not the ledger.
    let dist = app.browser_as("dina").await;
    let r = dist
        .get(app.url("/api/v1/export/handouts.csv"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::OK);
    let r = dist
        .get(app.url("/api/v1/export/ledger.csv"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // No session: 401 with the API's JSON error; a stale cookie likewise.
    let (_jar, nobody) = cookie_client();
    let r = nobody
        .get(app.url("/api/v1/export/stock.csv"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = nobody
        .get(app.url("/api/v1/export/stock.csv"))
        .header("Cookie", "haul_session=not-a-session")
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Only GET: a session cannot write through the API (no CSRF exposure).
    let coord = app.browser_as(COORDINATOR_HANDLE).await;
    let before = app.stock_snapshot().await;
    let r = coord
        .post(app.url("/api/v1/intakes"))
        .json(
            &json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-06-29",
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": 1}]}),
        )
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.stock_snapshot().await, before, "nothing changed");
}

on_both_backends!(
    every_link_on_a_page_opens_with_the_session,
    links_keep_the_api_policy
);
