//! Keyboard only (issue 13): in headless Chromium at 360 px, a crew volunteer logs in,
//! completes and saves the intake form, and a distributor the hand-out form, with Tab,
//! Enter, Space (and the digits and letters they type) only: every key goes through
//! WebDriver's key actions to whatever has the focus, never a click. The focused
//! controls wear a visible focus ring; what was saved is checked over the API. On
//! SQLite and PostgreSQL; skips loudly without Chromium (fails under
//! HAUL_REQUIRE_BROWSER=1).
//!
//! Elements are found by their ids and names, never by their words: the pages speak
//! three languages.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, BrowserError, BrowserResult};
use common::{spawn_app, Backend, TestApp, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";
const BACKSPACE: &str = "\u{E003}";
const ARROW_DOWN: &str = "\u{E015}";

fn shot(backend: Backend, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(format!("keyboard-{backend:?}-{name}").to_lowercase())
}

/// Presses Tab until the focus is on the element matching `css` (at most 120 times, as
/// many as a long form takes); how many presses it took.
async fn tab_to(browser: &Browser, css: &str) -> BrowserResult<usize> {
    let css_json = serde_json::to_string(css).unwrap_or_default();
    let check = format!("const a = document.activeElement; return !!(a && a.matches({css_json}));");
    for presses in 1..=120 {
        browser.press(TAB).await?;
        if browser.script(&check).await?.as_bool() == Some(true) {
            return Ok(presses);
        }
    }
    let on = browser
        .script("const a = document.activeElement; return a ? a.outerHTML.slice(0, 120) : ''")
        .await?;
    Err(BrowserError(format!(
        "120 Tabs never reached {css}; the focus is on {on}"
    )))
}

/// The focused element shows where it is: a solid outline at least 2 px wide.
async fn focus_is_visible(browser: &Browser, what: &str) -> BrowserResult<()> {
    let style = browser
        .script(
            "const a = document.activeElement; const s = getComputedStyle(a);
             return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, a.matches(':focus-visible')];",
        )
        .await?;
    let visible = style[0].as_str().is_some_and(|s| s != "none")
        && style[1].as_f64().is_some_and(|w| w >= 2.0)
        && style[3].as_bool() == Some(true);
    assert!(visible, "{what}: no visible focus ring: {style}");
    Ok(())
}

async fn value_of(browser: &Browser, id: &str) -> BrowserResult<String> {
    let v = browser
        .script(&format!(
            "const e = document.getElementById('{id}'); return e ? e.value : null;"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Waits until the element `id` has `want` as its value (a stepper's page reloaded).
async fn wait_value(browser: &Browser, id: &str, want: &str) -> BrowserResult<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if value_of(browser, id).await.ok().as_deref() == Some(want) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(BrowserError(format!("#{id} never became {want}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Logs in from the login page with the keyboard only, and lands on `next`.
async fn log_in_by_keyboard(
    app: &TestApp,
    browser: &Browser,
    handle: &str,
    next: &str,
) -> BrowserResult<()> {
    let encoded = next.replace('?', "%3F").replace('=', "%3D");
    browser
        .goto(&app.url(&format!("/login?next={encoded}")))
        .await?;
    tab_to(browser, "#handle").await?;
    focus_is_visible(browser, "the handle field").await?;
    browser.press(handle).await?;
    browser.press(TAB).await?;
    browser.press(TEST_PASSWORD).await?;
    browser.press(ENTER).await?;
    let next = next.to_string();
    browser
        .wait_for_url(
            "the page after logging in",
            // The login page's own address ends with `next` too.
            move |u| !u.contains("/login") && u.ends_with(&next),
            Duration::from_secs(10),
        )
        .await
        .map(drop)
}

/// Crew: the intake form from the first Tab to Save; the warehouse it went to and the
/// two categories typed (one shown, one under "More categories").
async fn intake_by_keyboard(
    app: &TestApp,
    browser: &Browser,
    backend: Backend,
) -> BrowserResult<(String, String, String)> {
    log_in_by_keyboard(app, browser, "kim", "/intake").await?;
    tab_to(browser, "input#source").await?;
    focus_is_visible(browser, "the source field").await?;
    browser.press("boomtown-2026").await?;
    tab_to(browser, "select#warehouse").await?;
    focus_is_visible(browser, "the warehouse list").await?;
    // A closed list changes with the arrow keys.
    browser.press(ARROW_DOWN).await?;
    let warehouse = value_of(browser, "warehouse").await?;
    // The first category shown (the most collected here), in two conditions.
    let first = browser
        .script("const e = document.querySelector('#intake-form > fieldset.intake-line input[name$=\".good\"]'); return e ? e.name : null;")
        .await?;
    let first = first
        .as_str()
        .and_then(|n| n.strip_prefix("q."))
        .and_then(|n| n.strip_suffix(".good"))
        .unwrap_or_default()
        .to_string();
    assert!(!first.is_empty(), "a category on the form");
    tab_to(browser, &format!("input[name=\"q.{first}.good\"]")).await?;
    focus_is_visible(browser, "a quantity").await?;
    browser.press("12").await?;
    tab_to(browser, &format!("input[name=\"q.{first}.needs-drying\"]")).await?;
    browser.press("4").await?;
    // A rarely collected category: "More categories" opens with Space.
    let rare = browser
        .script("const e = document.querySelector('#more-categories input[name$=\".good\"]'); return e ? e.name : null;")
        .await?;
    let rare = rare
        .as_str()
        .and_then(|n| n.strip_prefix("q."))
        .and_then(|n| n.strip_suffix(".good"))
        .unwrap_or_default()
        .to_string();
    assert!(!rare.is_empty(), "a category under More categories");
    tab_to(browser, "#more-categories > summary").await?;
    focus_is_visible(browser, "More categories").await?;
    browser.press(SPACE).await?;
    tab_to(browser, &format!("input[name=\"q.{rare}.good\"]")).await?;
    browser.press("2").await?;
    tab_to(browser, "button#save-intake").await?;
    focus_is_visible(browser, "the save button").await?;
    browser
        .screenshot(&shot(backend, "intake-save-focused.png"))
        .await?;
    browser.press(ENTER).await?;
    browser
        .wait_for_url(
            "the stock page after saving the intake",
            |u| u.contains("intake="),
            Duration::from_secs(10),
        )
        .await?;
    Ok((warehouse, first, rare))
}

/// Distributor: steppers with Space and Enter, a count typed, an unmet request under
/// its Space-opened section, then Save with Enter.
async fn handout_by_keyboard(
    app: &TestApp,
    browser: &Browser,
    backend: Backend,
) -> BrowserResult<()> {
    log_in_by_keyboard(app, browser, "dina", "/handouts?site=oak").await?;
    tab_to(browser, "button#give-blanket-plus").await?;
    focus_is_visible(browser, "a stepper").await?;
    browser.press(SPACE).await?;
    wait_value(browser, "give-blanket", "1").await?;
    tab_to(browser, "button#give-blanket-plus").await?;
    browser.press(ENTER).await?;
    wait_value(browser, "give-blanket", "2").await?;
    tab_to(browser, "input#give-tent-2p").await?;
    focus_is_visible(browser, "a count").await?;
    browser.press(BACKSPACE).await?;
    browser.press("3").await?;
    tab_to(browser, "#unmet-section > summary").await?;
    focus_is_visible(browser, "the asked-for section").await?;
    browser.press(SPACE).await?;
    tab_to(browser, "input#unmet-sleeping-bag").await?;
    browser.press(BACKSPACE).await?;
    browser.press("2").await?;
    tab_to(browser, "button#save").await?;
    focus_is_visible(browser, "the save button").await?;
    browser
        .screenshot(&shot(backend, "handout-save-focused.png"))
        .await?;
    browser.press(ENTER).await?;
    browser
        .wait_for_url(
            "the hand-out page after saving",
            |u| u.contains("saved="),
            Duration::from_secs(10),
        )
        .await
        .map(drop)
}

async fn run(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login("kim", Role::Crew).await;
    app.add_user_and_login("dina", Role::Distributor).await;
    let (s, body) = app
        .post_intake(
            "unit-south",
            json!([{"category": "blanket", "condition": "good", "quantity": 10},
                   {"category": "tent-2p", "condition": "good", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site(
        "unit-south",
        "oak",
        &[("blanket", "good", 10), ("tent-2p", "good", 5)],
    )
    .await;
    let before = app.stock_snapshot().await;

    let session = async {
        browser.set_window_size(360, 740).await?;
        let intake = intake_by_keyboard(&app, &browser, backend).await?;
        browser.log_out_to_login().await?;
        handout_by_keyboard(&app, &browser, backend).await?;
        Ok::<_, BrowserError>(intake)
    }
    .await;
    let quit = browser.quit().await;
    let (warehouse, first, rare) = session.expect("keyboard session");
    quit.expect("quit the browser");
    assert_ne!(app.stock_snapshot().await, before, "something was saved");

    // The intake, as typed.
    assert!(!warehouse.is_empty());
    let had = |c: &str, k: &str| {
        before
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| {
                r["location"] == warehouse.as_str() && r["category"] == c && r["condition"] == k
            })
            .filter_map(|r| r["quantity"].as_i64())
            .sum::<i64>()
    };
    let (good, drying) = (had(&first, "good"), had(&first, "needs-drying"));
    assert_eq!(app.stock_of(&warehouse, &first, "good").await, good + 12);
    assert_eq!(
        app.stock_of(&warehouse, &first, "needs-drying").await,
        drying + 4
    );
    assert_eq!(
        app.stock_of(&warehouse, &rare, "good").await,
        had(&rare, "good") + 2,
        "{rare}"
    );
    let (s, intakes) = app.get("/api/v1/intakes?limit=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(intakes.to_string().contains("boomtown-2026"), "{intakes}");
    // The hand-out, as counted.
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 8);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 2);
    let (s, handouts) = app.get("/api/v1/handouts?limit=1").await;
    assert_eq!(s, StatusCode::OK);
    let newest = &handouts["handouts"][0];
    assert_eq!(newest["actor"], "dina", "{newest}");
    let unmet = newest["unmet"].to_string();
    assert!(
        unmet.contains("sleeping-bag") && unmet.contains('2'),
        "{newest}"
    );
    app.assert_ledger_consistent();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intake_and_hand_out_by_keyboard_only_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intake_and_hand_out_by_keyboard_only_postgres() {
    run(Backend::Postgres).await;
}
