//! Van runs in a real browser on a 360×740 phone: the warehouse plans Friday's two vans
//! together from the pages; the driver loads one, delivers part of a stop and returns the rest
//! through the confirmation page. Skips loudly without Chromium and chromedriver (fails
//! instead under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{Days, Utc};
use common::browser::{Browser, BrowserResult};
use common::{spawn_app, Backend, TestApp};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

async fn setup(app: &TestApp, friday: &str) -> (i64, i64) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                {"category": "tent-2p", "condition": "good", "quantity": 20},
                {"category": "sleeping-bag", "condition": "good", "quantity": 30},
                {"category": "tinned-food", "condition": "good", "quantity": 200},
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    for (site, cat, q) in [
        ("oak", "tent-2p", 12),
        ("oak", "sleeping-bag", 20),
        ("oak", "tinned-food", 120),
        ("heron", "tent-2p", 8),
        ("heron", "tinned-food", 80),
    ] {
        let (s, body) = app
            .post(
                "/api/v1/needs",
                &json!({"site": site, "category": cat, "quantity": q, "stated_on": Utc::now().date_naive().to_string(), "stated_by": "assembly"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let mut ids = Vec::new();
    for (slug, name, l, kg, stops) in [
        ("luton", "Luton", 250.0, 100.0, vec!["oak", "heron"]),
        ("berlingo", "Berlingo", 60.0, 300.0, vec!["heron", "oak"]),
    ] {
        let (s, body) = app
            .post(
                "/api/v1/vans",
                &json!({"slug": slug, "name": name, "capacity_l": l, "payload_kg": kg}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let (s, body) = app
            .post(
                "/api/v1/runs",
                &json!({"van": slug, "origin": "unit-east", "stops": stops, "departs_on": friday}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        ids.push(body["id"].as_i64().expect("id"));
    }
    (ids[0], ids[1])
}

async fn fits(browser: &Browser, what: &str) -> BrowserResult<()> {
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "{what} scrolls sideways at 360 px: {width}"
    );
    Ok(())
}

async fn wait_for(browser: &Browser, what: &str, part: &str) -> BrowserResult<String> {
    let part = part.to_string();
    browser
        .wait_for_url(what, move |u| u.contains(&part), Duration::from_secs(10))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_friday_together_then_deliver_part_and_return_the_rest() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let friday = (Utc::now().date_naive() + Days::new(5)).to_string();
    let (luton, _berlingo) = setup(&app, &friday).await;
    app.add_user_and_login("wren", Role::Warehouse).await;
    app.add_user_and_login("dee", Role::Driver).await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;

        // The warehouse: from the runs list to the day, one tap plans both vans.
        browser
            .log_in(&app.address, "wren", common::TEST_PASSWORD, "/runs")
            .await?;
        browser
            .click_on(&format!("a[href=\"/runs/day/{friday}\"]"))
            .await?;
        wait_for(&browser, "the day's page", "/runs/day/").await?;
        assert!(browser
            .text_of("main")
            .await?
            .contains("Plan all 2 runs together"));
        browser.click_on("main form button[type=submit]").await?;
        wait_for(&browser, "the day's plan", "/plan").await?;
        let text = browser.text_of("main").await?;
        assert!(text.contains("Planned 2 runs together"), "{text}");
        assert!(text.contains("Why these loads"), "{text}");
        assert!(
            text.contains("Luton") && text.contains("Berlingo"),
            "{text}"
        );
        fits(&browser, "the day's plan").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-day-planned.png"))
            .await?;
        browser.log_out_to_login().await?;

        // The driver: load the Luton, deliver part of oak, bring the rest back.
        browser
            .log_in(&app.address, "dee", common::TEST_PASSWORD, "/runs")
            .await?;
        browser.goto(&app.url(&format!("/runs/{luton}"))).await?;
        browser.click_on("form[action*=\"/load\"] button").await?;
        wait_for(&browser, "the loaded run", "/load").await?;
        let flash = browser.text_of(".flash").await?;
        assert!(
            flash.starts_with("Loaded ") && flash.contains("on Luton"),
            "{flash}"
        );
        // The load sheet's boxes are real checkboxes: ticked on the phone, printed as boxes.
        let ticks = browser
            .find_all("section.load-sheet input[type=checkbox]")
            .await?;
        assert!(!ticks.is_empty(), "a box to tick per line");
        fits(&browser, "the loaded run").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-loaded.png"))
            .await?;
        // Each stop's Deliver (and the way back) a thumb's target, apart from the next.
        let links = browser
            .script("return Array.from(document.querySelectorAll('section.driver a.button.big')).map(a => { const r = a.getBoundingClientRect(); return [r.top, r.bottom]; })")
            .await?;
        let edges: Vec<(f64, f64)> = links
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| Some((l[0].as_f64()?, l[1].as_f64()?)))
            .collect();
        assert!(edges.len() >= 3, "Deliver at each stop, then back: {links}");
        for (top, bottom) in &edges {
            assert!(bottom - top >= 44.0, "a link {} px tall: {links}", bottom - top);
        }
        for pair in edges.windows(2) {
            assert!(pair[1].0 - pair[0].1 >= 8.0, "links flush together: {links}");
        }

        browser
            .click_on(&format!("a[href=\"/runs/{luton}/stops/oak\"]"))
            .await?;
        wait_for(&browser, "the stop page", "/stops/oak").await?;
        let inputs = browser.find_all("main input[type=number]").await?;
        assert!(!inputs.is_empty(), "planned lines with counts");
        // The sleeping bags (only oak asked for them): the site takes one fewer.
        let first = browser.find("#q-sleeping-bag-good").await?;
        let planned: i64 = first
            .attribute("value")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!(planned > 0);
        first.clear().await?;
        first.send_keys(&(planned - 1).to_string()).await?;
        fits(&browser, "the stop page").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-stop.png"))
            .await?;
        browser.click_on("main form button[type=submit]").await?;
        wait_for(&browser, "the delivered stop", "/deliver").await?;
        let flash = browser.text_of(".flash").await?;
        assert!(
            flash.contains("Delivered") && flash.contains("stay on the van"),
            "{flash}"
        );

        // At heron, which asked for none, the bag oak left is offered, open.
        browser
            .goto(&app.url(&format!("/runs/{luton}/stops/heron")))
            .await?;
        let spare = browser.text_of("details.spare").await?;
        assert!(
            spare.contains("Also on the van") && spare.contains("Sleeping bag") && spare.contains("1 spare"),
            "{spare}"
        );
        fits(&browser, "the stop page with spare goods").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-stop-spare.png"))
            .await?;
        browser.goto(&app.url(&format!("/runs/{luton}"))).await?;

        browser
            .click_on(&format!("a[href=\"/runs/{luton}/return\"]"))
            .await?;
        wait_for(&browser, "the return's confirmation", "/return").await?;
        let text = browser.text_of("main").await?;
        assert!(text.contains("This cannot be undone"), "{text}");
        assert!(text.contains("Not delivered yet: heron"), "{text}");
        fits(&browser, "the return's confirmation").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-return-confirm.png"))
            .await?;
        browser.click_on("main form button[type=submit]").await?;
        let flash = {
            let mut text = String::new();
            for _ in 0..150 {
                text = browser.text_of("main").await.unwrap_or_default();
                // The confirmation itself says "the run is done" in its warning.
                if text.contains(&format!("Run #{luton} is done")) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            text
        };
        assert!(
            flash.contains("back at unit-east") && flash.contains("is done"),
            "{flash}"
        );
        // The sheet now says what oak really took and what came back, not the plan.
        assert!(flash.contains("stayed on the van"), "{flash}");
        assert!(flash.contains("Came back to"), "{flash}");
        fits(&browser, "the returned run").await?;
        browser
            .screenshot_full_page(&screenshot_path("runs-returned.png"))
            .await?;
        BrowserResult::Ok(planned)
    }
    .await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");

    // The API agrees: the run is done, the van is empty, oak got what it took.
    let (s, run) = app.get(&format!("/api/v1/runs/{luton}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(run["status"], "done", "{run}");
    let (s, stock) = app.get("/api/v1/stock?location=van-luton").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        stock["stock"].as_array().is_none_or(|rows| rows.is_empty()),
        "{stock}"
    );
    // Nothing lost on the way: what was taken in is at the warehouse or at oak.
    for (cat, took_in) in [("tent-2p", 20), ("sleeping-bag", 30), ("tinned-food", 200)] {
        let mut total = 0;
        for place in ["unit-east", "oak", "heron", "van-luton", "van-berlingo"] {
            total += app.stock_of(place, cat, "good").await;
        }
        assert_eq!(total, took_in, "{cat}");
    }
    app.assert_ledger_consistent();
}

/// The driver's stop page in French and Arabic at 360 px: a refused count stays as typed,
/// its reason beside the line (tied by `aria-describedby`) and naming the item in the
/// page's language; the run's plan too. Screenshots of each, to look at (Arabic mirrors).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_page_refusal_and_plan_in_french_and_arabic() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let today = Utc::now().date_naive().to_string();
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                {"category": "sleeping-bag", "condition": "good", "quantity": 40},
                {"category": "tent-2p", "condition": "good", "quantity": 1234},
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    for (site, cat, q) in [
        ("oak", "sleeping-bag", 30),
        ("oak", "tent-2p", 1500),
        ("heron", "sleeping-bag", 6),
    ] {
        let (s, body) = app
            .post(
                "/api/v1/needs",
                &json!({"site": site, "category": cat, "quantity": q, "stated_on": today, "stated_by": "assembly"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let mut runs = Vec::new();
    for (slug, stops) in [("luton", vec!["oak"]), ("berlingo", vec!["heron", "oak"])] {
        let (s, body) = app
            .post(
                "/api/v1/vans",
                &json!({"slug": slug, "name": slug.to_uppercase(), "capacity_l": 4000, "payload_kg": 1200}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        let (s, body) = app
            .post(
                "/api/v1/runs",
                &json!({"van": slug, "origin": "unit-east", "stops": stops, "departs_on": today}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        runs.push(body["id"].as_i64().expect("id"));
    }
    let (loaded, planning) = (runs[0], runs[1]);
    for step in ["plan", "load"] {
        let (s, body) = app
            .post(&format!("/api/v1/runs/{loaded}/{step}"), &json!({}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;
        browser
            .log_in(&app.address, common::COORDINATOR_HANDLE, common::TEST_PASSWORD, "/")
            .await?;
        for (lang, item, dir) in [("fr", "Sac de couchage", "ltr"), ("ar", "كيس نوم", "rtl")] {
            browser
                .goto(&app.url(&format!("/lang/{lang}?next=/runs")))
                .await?;
            let page_dir = browser.script("return document.documentElement.dir").await?;
            assert_eq!(page_dir.as_str(), Some(dir), "{lang}");
            fits(&browser, "the runs list").await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("runs-list-{lang}.png")))
                .await?;

            // The plan, with why.
            browser.goto(&app.url(&format!("/runs/{planning}"))).await?;
            browser
                .click_on("form[action*=\"/plan\"] button[type=submit]")
                .await?;
            wait_for(&browser, "the plan", "/plan").await?;
            let text = browser.text_of("main").await?;
            assert!(
                !text.contains("Why this load") && !text.contains("Load sheet"),
                "{lang}: {text}"
            );
            fits(&browser, "the plan").await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("runs-plan-{lang}.png")))
                .await?;

            // The stop page: a bad count stays as typed, its reason beside it.
            browser
                .goto(&app.url(&format!("/runs/{loaded}/stops/oak")))
                .await?;
            fits(&browser, "the stop page").await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("runs-stop-{lang}.png")))
                .await?;
            let field = browser.find("#q-sleeping-bag-good").await?;
            field.clear().await?;
            field.send_keys("-3").await?;
            browser.click_on("main form button[type=submit]").await?;
            wait_for(&browser, "the refused stop", "/deliver").await?;
            let field = browser.find("#q-sleeping-bag-good").await?;
            assert_eq!(field.attribute("value").await?.as_deref(), Some("-3"), "{lang}");
            let value = browser
                .script("return document.getElementById('q-sleeping-bag-good').value")
                .await?;
            assert_eq!(value.as_str(), Some("-3"), "{lang}: the typed count is kept");
            assert_eq!(
                field.attribute("aria-describedby").await?.as_deref(),
                Some("q-sleeping-bag-good-error"),
                "{lang}"
            );
            let error = browser.text_of("#q-sleeping-bag-good-error").await?;
            // In the words every form uses for a count below 0 (what was typed keeps its
            // direction in Arabic where a sentence repeats it: web::form's unit test).
            let low = if lang == "ar" { "على الأقل" } else { "au moins" };
            assert!(error.contains(item) && error.contains(low), "{lang}: {error}");
            assert!(!error.contains("sleeping-bag"), "{lang}: a name, not a slug: {error}");
            // Beside its field: right under it, not at the top of the page.
            let gap = browser
                .script(
                    "const f = document.getElementById('q-sleeping-bag-good').getBoundingClientRect();\
                     const e = document.getElementById('q-sleeping-bag-good-error').getBoundingClientRect();\
                     return e.top - f.bottom;",
                )
                .await?;
            let gap = gap.as_f64().unwrap_or(-1.0);
            assert!((0.0..60.0).contains(&gap), "{lang}: the error is {gap} px from its field");
            fits(&browser, "the refused stop").await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("runs-stop-refused-{lang}.png")))
                .await?;
        }
        browser.goto(&app.url("/lang/en?next=/")).await?;
        BrowserResult::Ok(())
    }
    .await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
    // Nothing was delivered by the refusals.
    assert_eq!(app.stock_of("oak", "sleeping-bag", "good").await, 0);
    app.assert_ledger_consistent();
}

/// The run's "Edit quantities" form at 360 px in French and Arabic: a negative count and
/// more than the van holds are refused together, each reason beside what it is about
/// (tied by `aria-describedby`), in the page's language, the typed counts kept and the
/// run's lines unchanged. Screenshots of each, to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_quantities_refusal_beside_its_line_in_french_and_arabic() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let today = Utc::now().date_naive().to_string();
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                {"category": "blanket", "condition": "good", "quantity": 40},
                {"category": "sleeping-bag", "condition": "good", "quantity": 20},
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post(
            "/api/v1/vans",
            &json!({"slug": "blue-transit", "name": "Blue Transit", "capacity_l": 150, "payload_kg": 500}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post(
            "/api/v1/runs",
            &json!({"van": "blue-transit", "origin": "unit-east", "stops": ["oak", "heron"], "departs_on": today}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().expect("id");
    let line = |cat: &str, q: i64, stop: &str| json!({"category": cat, "condition": "good", "quantity": q, "stop": stop});
    let (s, planned) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({"lines": [line("blanket", 5, "oak"), line("blanket", 3, "heron"), line("sleeping-bag", 4, "oak")]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{planned}");
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;
        browser
            .log_in(&app.address, common::COORDINATOR_HANDLE, common::TEST_PASSWORD, "/")
            .await?;
        for (lang, item, not_count, room) in [
            ("fr", "Sac de couchage", "doit valoir au moins 0", "Blue Transit contient 150"),
            ("ar", "كيس نوم", "على الأقل", "Blue Transit"),
        ] {
            browser
                .goto(&app.url(&format!("/lang/{lang}?next=/runs/{id}")))
                .await?;
            for (field, value) in [("#q-oak-sleeping-bag-good", "-3"), ("#q-oak-blanket-good", "30")] {
                let input = browser.find(field).await?;
                input.clear().await?;
                input.send_keys(value).await?;
            }
            browser
                .click_on("form[action*=\"/lines\"] button[type=submit]")
                .await?;
            wait_for(&browser, "the refused edit", "/lines").await?;
            // The typed counts are kept.
            for (field, value) in [("q-oak-sleeping-bag-good", "-3"), ("q-oak-blanket-good", "30")] {
                let typed = browser
                    .script(&format!("return document.getElementById('{field}').value"))
                    .await?;
                assert_eq!(typed.as_str(), Some(value), "{lang} {field}");
            }
            let field = browser.find("#q-oak-sleeping-bag-good").await?;
            let described = field.attribute("aria-describedby").await?.unwrap_or_default();
            assert!(
                described.split(' ').any(|d| d == "q-oak-sleeping-bag-good-error")
                    && described.split(' ').any(|d| d == "lines-error"),
                "{lang}: {described}"
            );
            let error = browser.text_of("#q-oak-sleeping-bag-good-error").await?;
            assert!(
                error.contains(item) && error.contains(not_count),
                "{lang}: {error}"
            );
            assert!(!error.contains("sleeping-bag"), "{lang}: a name, not a slug: {error}");
            let whole = browser.text_of("#lines-error").await?;
            assert!(whole.contains(room) && !whole.contains("blue-transit"), "{lang}: {whole}");
            // Beside its line: right under it, not at the top of the page.
            let gap = browser
                .script(
                    "const f = document.getElementById('q-oak-sleeping-bag-good').getBoundingClientRect();\
                     const e = document.getElementById('q-oak-sleeping-bag-good-error').getBoundingClientRect();\
                     return e.top - f.bottom;",
                )
                .await?;
            let gap = gap.as_f64().unwrap_or(-1.0);
            assert!((0.0..60.0).contains(&gap), "{lang}: the error is {gap} px from its field");
            fits(&browser, "the refused edit").await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("runs-edit-refused-{lang}.png")))
                .await?;
        }
        browser.goto(&app.url("/lang/en?next=/")).await?;
        BrowserResult::Ok(())
    }
    .await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
    // Nothing changed: the run's lines are as planned.
    let (s, run) = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(run["lines"], planned["lines"], "{run}");
    app.assert_ledger_consistent();
}
