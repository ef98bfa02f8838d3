//! Pages in a real browser: a crew member on a 360 px phone logs an intake through the
//! form and lands on the stock page showing what they just brought in. Skips loudly
//! without Chromium and chromedriver (fails instead under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, BrowserResult};
use common::{spawn_app, Backend, TestApp};

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intake_form_on_a_phone_adds_to_stock() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login("crew-mo", haul::auth::Role::Crew)
        .await;
    let session = log_intake_on_a_phone(&app, &browser).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");

    // The API agrees with what the page showed.
    assert_eq!(
        app.stock_of("unit-south", "tent-2p", "needs-drying").await,
        12
    );
    assert_eq!(app.stock_of("unit-south", "blanket", "usable").await, 30);
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 0);
    app.assert_ledger_consistent();
}

async fn log_intake_on_a_phone(app: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(360, 800).await?;
    browser
        .log_in(&app.address, "crew-mo", common::TEST_PASSWORD, "/intake")
        .await?;
    assert!(browser.text_of("h1").await?.contains("Log an intake"));
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "the intake form scrolls sideways at 360 px: {width}"
    );

    browser.fill("#source", "glastonbury-2026").await?;
    browser.choose("#warehouse", "unit-south").await?;
    // Nothing was collected here yet: by name, tents under "More categories".
    browser.fill("#q-blanket-usable", "30").await?;
    browser.click_on("#more-categories > summary").await?;
    browser.fill("#q-tent-2p-needs-drying", "12").await?;
    browser
        .screenshot_full_page(&screenshot_path("intake-form.png"))
        .await?;
    browser.click_on("main button[type=submit]").await?;

    let url = browser
        .wait_for_url(
            "the stock page after saving",
            |u| u.contains("/stock?"),
            Duration::from_secs(10),
        )
        .await?;
    assert!(url.contains("location=unit-south"), "{url}");
    let flash = browser.text_of(".flash.ok").await?;
    assert!(
        flash.starts_with("Logged 42 items from glastonbury-2026 at unit-south: "),
        "flash: {flash}"
    );
    let qty = |cat: &str, cond: &str| {
        format!("tr[data-category=\"{cat}\"][data-condition=\"{cond}\"] td.num")
    };
    assert_eq!(
        browser.text_of(&qty("tent-2p", "needs-drying")).await?,
        "12"
    );
    assert_eq!(browser.text_of(&qty("blanket", "usable")).await?, "30");
    assert_eq!(
        browser.find_all("tbody tr").await?.len(),
        2,
        "only the two lines of the intake are in stock"
    );
    browser
        .screenshot(&screenshot_path("intake-stock.png"))
        .await?;
    Ok(())
}

/// A distributor records a hand-out with one thumb at 360 px: + + on tents, an unmet
/// request, save, and the day's summary shows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handout_form_on_a_phone_takes_from_the_site() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let (s, _) = app
        .post_intake(
            "unit-east",
            serde_json::json!([{"category": "tent-2p", "condition": "good", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED);
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 5)])
        .await;
    app.add_user_and_login("dist-jo", haul::auth::Role::Distributor)
        .await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = record_handout_on_a_phone(&app, &browser).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
    assert_eq!(
        app.stock_of("oak", "tent-2p", "good").await,
        3,
        "two tents went out"
    );
    let (_, unmet) = app.get("/api/v1/handouts/unmet?site=oak").await;
    assert!(unmet.to_string().contains("sleeping-bag"), "{unmet}");
    app.assert_ledger_consistent();
}

async fn record_handout_on_a_phone(app: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(360, 800).await?;
    browser
        .log_in(&app.address, "dist-jo", common::TEST_PASSWORD, "/handouts")
        .await?;
    // A few sites: one tap each, no list to open.
    browser
        .click_on("#site-links a[href=\"/handouts?site=oak\"]")
        .await?;
    browser
        .wait_for_url(
            "the site's hand-out form",
            |u| u.contains("site=oak"),
            Duration::from_secs(10),
        )
        .await?;
    // Each tap reloads the form at its row, the count in the address: wait for it.
    for n in 1..=2 {
        browser.click_on("#give-tent-2p-plus").await?;
        let counted = format!("give.tent-2p={n}#row-tent-2p");
        browser
            .wait_for_url(
                "the form after a tap",
                |u| u.ends_with(&counted),
                Duration::from_secs(10),
            )
            .await?;
    }
    // The count is in the total bar; the save button states no number (never a stale one).
    let total = browser.text_of("#total").await?;
    assert!(total.starts_with("2 items"), "total bar: {total}");
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "the hand-out form scrolls sideways at 360 px: {width}"
    );
    browser.click_on("details#unmet-section summary").await?;
    browser.click_on("#unmet-sleeping-bag-plus").await?;
    browser
        .wait_for_url(
            "the form after a tap",
            |u| u.ends_with("#row-unmet-sleeping-bag"),
            Duration::from_secs(10),
        )
        .await?;
    browser
        .screenshot_full_page(&screenshot_path("handout-form.png"))
        .await?;
    browser.click_on("#save").await?;
    browser
        .wait_for_url(
            "the form after saving",
            |u| u.contains("/handouts?site=oak"),
            Duration::from_secs(10),
        )
        .await?;
    let flash = browser.text_of(".flash.ok").await?;
    assert!(
        flash.starts_with("Handed out 2 items at oak"),
        "flash: {flash}"
    );
    let summary = browser.text_of("#day-summary").await?;
    assert!(summary.contains("Tent"), "day summary: {summary}");
    browser
        .screenshot(&screenshot_path("handout-saved.png"))
        .await?;
    Ok(())
}

/// Every main page, as a coordinator on a 360 px phone over the demo season: it loads,
/// does not scroll sideways, and leaves a screenshot to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_pages_fit_a_phone() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    haul::seed::demo(&app.db).expect("demo season");
    // A van and a planned run, so the run page has a plan and a load sheet.
    let (s, _) = app
        .post("/api/v1/vans", &serde_json::json!({"slug": "transit", "name": "Transit", "capacity_l": 9000, "payload_kg": 1100}))
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED);
    let (s, run) = app
        .post(
            "/api/v1/runs",
            &serde_json::json!({"van": "transit", "origin": "unit-south", "stops": ["oak", "heron"], "departs_on": chrono::Utc::now().date_naive().to_string()}),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{run}");
    let id = run["id"].as_i64().expect("run id");
    let (s, plan) = app
        .post(&format!("/api/v1/runs/{id}/plan"), &serde_json::json!({}))
        .await;
    assert!(s.is_success(), "{plan}");
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let pages = [
        ("/needs", "needs"),
        ("/collect?warehouse=unit-south", "collect"),
        ("/priorities", "priorities"),
        ("/runs", "runs"),
        (&*format!("/runs/{id}"), "run"),
        ("/reports", "reports"),
        ("/report", "public-report"),
    ];
    let session = async {
        browser.set_window_size(360, 800).await?;
        browser.log_in(&app.address, common::COORDINATOR_HANDLE, common::TEST_PASSWORD, "/").await?;
        for (path, name) in pages {
            browser.goto(&app.url(path)).await?;
            let h1 = browser.text_of("h1").await?;
            assert!(!h1.is_empty() && !h1.contains("Sorry") && !h1.contains("Not found"), "{path}: {h1}");
            browser.screenshot_full_page(&screenshot_path(&format!("{name}.png"))).await?;
            let width = browser.script("return document.documentElement.scrollWidth").await?;
            let wide = browser
                .script("return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 361).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')")
                .await?;
            assert!(width.as_u64().is_some_and(|w| w <= 360), "{path} scrolls sideways at 360 px: {width}; too wide: {wide}");
        }
        BrowserResult::Ok(())
    }
    .await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
}
