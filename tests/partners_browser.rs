//! A handover between two collectives through the pages, in a real browser at 360 px:
//! Bristol's coordinator offers 50 sleeping bags; Dunkirk's imports the offer (a file
//! upload) and accepts 30; Bristol dispatches; Dunkirk receives 28 and says why. The
//! files in between are carried by hand (here: downloaded from one server, uploaded to
//! the other). Skips loudly without Chromium (fails under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::time::Duration;

use common::browser::{Browser, BrowserError, BrowserResult};
use common::{spawn_app, Backend, TestApp, COORDINATOR_HANDLE, TEST_PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn fits_360(browser: &Browser, what: &str) -> BrowserResult<()> {
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "{what} scrolls sideways at 360 px: {width}"
    );
    Ok(())
}

async fn wait_for_text(browser: &Browser, css: &str, want: &str) -> BrowserResult<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = browser.text_of(css).await {
            if text.contains(want) {
                return Ok(());
            }
        }
        if std::time::Instant::now() > deadline {
            let got = browser.text_of("main").await.unwrap_or_default();
            return Err(BrowserError(format!(
                "waited 10s for '{want}' in {css}; the page says: {got:.600}"
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sets a field's value outright (date inputs type differently in each locale).
async fn set(browser: &Browser, name: &str, value: &str) -> BrowserResult<()> {
    browser
        .script(&format!(
            "document.querySelector('[name=\"{name}\"]').value = '{value}'; return true;"
        ))
        .await?;
    Ok(())
}

/// Logs out and waits for the login page to have loaded: both servers are on
/// 127.0.0.1, so they share cookies, and a late answer from one must not overwrite the
/// other's login cookie.
async fn leave(browser: &Browser) -> BrowserResult<()> {
    browser.log_out_to_login().await?;
    browser.find("#handle").await?;
    Ok(())
}

async fn import(app: &TestApp, text: &str) -> Value {
    let resp = app
        .client
        .post(app.url("/api/v1/partner-transfers/import"))
        .body(text.to_string())
        .send()
        .await
        .expect("import");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.expect("json")
}

async fn file(app: &TestApp, t: &str, kind: &str) -> String {
    let (s, text) = app
        .get_text(&format!("/api/v1/partner-transfers/{t}/files/{kind}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{text}");
    text
}

async fn partnership(bristol: &TestApp, dunkirk: &TestApp) {
    let (_, b) = bristol.get("/api/v1/partners/key").await;
    let bk = b["public_key"].as_str().expect("key").to_string();
    let (_, d) = dunkirk.get("/api/v1/partners/key").await;
    let dk = d["public_key"].as_str().expect("key").to_string();
    let until = (chrono::Utc::now().date_naive() + chrono::Days::new(90)).to_string();
    for (app, code, key) in [(bristol, "dunkirk", dk), (dunkirk, "bristol", bk)] {
        let (s, b) = app
            .post(
                "/api/v1/partners",
                &json!({"code_name": code, "public_key": key, "direction": "both", "valid_until": until}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_offered_thirty_accepted_twenty_eight_received() {
    let Some(bristol) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(dunkirk) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    partnership(&bristol, &dunkirk).await;
    bristol
        .receive("unit-east", "sleeping-bag", "good", 60)
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let session = pages(&bristol, &dunkirk, &browser, dir.path()).await;
    let quit = browser.quit().await;
    let t = session.expect("browser session");
    quit.expect("quit the browser");

    // The receipt note goes back; both ledgers agree.
    let done = import(&bristol, &file(&dunkirk, &t, "receipt").await).await;
    assert_eq!(done["transfer"]["state"], "closed");
    assert_eq!(
        bristol.stock_of("unit-east", "sleeping-bag", "good").await,
        30
    );
    assert_eq!(
        bristol
            .stock_of("partner-dunkirk", "sleeping-bag", "good")
            .await,
        28
    );
    assert_eq!(
        dunkirk.stock_of("unit-south", "sleeping-bag", "good").await,
        28
    );
    bristol.assert_ledger_consistent();
    dunkirk.assert_ledger_consistent();
}

async fn pages(
    bristol: &TestApp,
    dunkirk: &TestApp,
    browser: &Browser,
    dir: &std::path::Path,
) -> BrowserResult<String> {
    browser.set_window_size(360, 740).await?;
    let in_a_week = (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string();

    // Bristol: from the stock page, offer 50 sleeping bags to Dunkirk.
    browser
        .log_in(
            &bristol.address,
            COORDINATOR_HANDLE,
            TEST_PASSWORD,
            "/stock?location=unit-east",
        )
        .await?;
    // The login's redirect lands first, so the next page is not overtaken by it.
    wait_for_text(browser, "main", "Stock").await?;
    browser
        .goto(&format!("{}/partners", bristol.address))
        .await?;
    wait_for_text(browser, "#our-key", "Fingerprint").await?;
    browser.find("#our-key svg").await?;
    fits_360(browser, "the partners page with our key").await?;
    browser
        .goto(&format!("{}/stock?location=unit-east", bristol.address))
        .await?;
    browser.click_on("a[href^=\"/partners/offer\"]").await?;
    wait_for_text(browser, "main", "Offer to a partner").await?;
    fits_360(browser, "the offer page").await?;
    set(browser, "expires_on", &in_a_week).await?;
    let bags = "input[name=\"qty:sleeping-bag:good\"]";
    browser.find(bags).await?.clear().await?;
    browser.fill(bags, "50").await?;
    browser.click_on("#make-offer").await?;
    wait_for_text(browser, "main", "Offer made").await?;
    fits_360(browser, "the handover page").await?;
    let url = browser.current_url().await?;
    // Only a refusal opens at the problems: a step that worked carries no fragment.
    assert!(!url.contains('#'), "no fragment after a made offer: {url}");
    let t = url
        .split("/partners/transfers/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .ok_or_else(|| BrowserError(format!("no handover in {url}")))?
        .to_string();
    wait_for_text(browser, "#state", "offered").await?;
    leave(browser).await?;

    // The offer file travels on a stick; Dunkirk uploads it and accepts 30.
    let stick = dir.join("offer.txt");
    std::fs::write(&stick, file(bristol, &t, "offer").await).expect("write the offer");
    browser
        .log_in(
            &dunkirk.address,
            COORDINATOR_HANDLE,
            TEST_PASSWORD,
            "/partners/import",
        )
        .await?;
    fits_360(browser, "the import page").await?;
    browser
        .fill("#file", stick.to_str().expect("a path"))
        .await?;
    browser.click_on("#import button[type=submit]").await?;
    wait_for_text(browser, "main", "Imported the offer").await?;
    fits_360(browser, "the offer as received").await?;
    let line = "input[name=\"line:1\"]";
    browser.find(line).await?.clear().await?;
    browser.fill(line, "30").await?;
    browser.click_on("button[value=accept]").await?;
    wait_for_text(browser, "main", "Accepted").await?;
    wait_for_text(browser, "#state", "accepted").await?;
    leave(browser).await?;

    // The answer goes back; Bristol dispatches the 30 (pre-filled).
    import(bristol, &file(dunkirk, &t, "answer").await).await;
    browser
        .log_in(
            &bristol.address,
            COORDINATOR_HANDLE,
            TEST_PASSWORD,
            &format!("/partners/transfers/{t}"),
        )
        .await?;
    wait_for_text(browser, "#state", "accepted").await?;
    browser.click_on("button[value=dispatch]").await?;
    wait_for_text(browser, "main", "Dispatched").await?;
    fits_360(browser, "the dispatched handover").await?;
    leave(browser).await?;

    // The note travels with the goods; Dunkirk counts 28 and says why.
    import(dunkirk, &file(bristol, &t, "dispatch").await).await;
    browser
        .log_in(
            &dunkirk.address,
            COORDINATOR_HANDLE,
            TEST_PASSWORD,
            &format!("/partners/transfers/{t}"),
        )
        .await?;
    wait_for_text(browser, "#state", "dispatched").await?;
    fits_360(browser, "the receive form").await?;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).expect("a folder for screenshots");
    browser
        .screenshot_full_page(&shots.join("partners-receive-360.png"))
        .await?;
    // The same form in Arabic, right to left, to look at; then back to English.
    let here = format!("/partners/transfers/{t}");
    browser
        .goto(&format!("{}/lang/ar?next={here}", dunkirk.address))
        .await?;
    wait_for_text(browser, "#state", "مُرسَل").await?;
    fits_360(browser, "the receive form in Arabic").await?;
    browser
        .screenshot_full_page(&shots.join("partners-receive-ar-360.png"))
        .await?;
    browser
        .goto(&format!("{}/lang/en?next={here}", dunkirk.address))
        .await?;
    wait_for_text(browser, "#state", "dispatched").await?;
    let received = browser.find(line).await?.attribute("value").await?;
    assert_eq!(
        received.as_deref(),
        Some("30"),
        "pre-filled from the dispatch note"
    );
    browser
        .choose("select[name=warehouse]", "unit-south")
        .await?;
    // Without a reason the difference is refused beside the line, the typed 28 kept.
    browser.find(line).await?.clear().await?;
    browser.fill(line, "28").await?;
    browser.click_on("button[value=receive]").await?;
    wait_for_text(browser, "main", "say why").await?;
    browser
        .screenshot_full_page(&shots.join("partners-receive-refused-360.png"))
        .await?;
    let kept = browser.find(line).await?.attribute("value").await?;
    assert_eq!(kept.as_deref(), Some("28"), "the typed value is kept");
    // 28 of 30 is never "extra": refused beside the line's reason.
    browser.choose("select[name=\"reason:1\"]", "extra").await?;
    browser.click_on("button[value=receive]").await?;
    wait_for_text(browser, "#reason\\:1-error", "that is not").await?;
    browser.choose("select[name=\"reason:1\"]", "short").await?;
    browser.click_on("button[value=receive]").await?;
    wait_for_text(browser, "main", "Received and counted in").await?;
    let url = browser.current_url().await?;
    assert!(!url.contains('#'), "no fragment after a step: {url}");
    wait_for_text(browser, "#state", "closed").await?;
    fits_360(browser, "the closed handover").await?;
    Ok(t)
}

/// A bad offer on a phone: one count more than is free, far down a long sheet. After
/// the submit the page opens at that row, its error right under it, both on screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_offer_at_360_px_shows_its_error_beside_the_row() {
    let Some(bristol) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(dunkirk) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    partnership(&bristol, &dunkirk).await;
    // A long sheet: a few of every category in the catalogue.
    let (_, cats) = bristol.get("/api/v1/categories").await;
    let slugs: Vec<String> = cats["categories"]
        .as_array()
        .or(cats.as_array())
        .expect("categories")
        .iter()
        .filter_map(|c| c["slug"].as_str().map(str::to_string))
        .collect();
    assert!(slugs.len() > 15, "a long sheet: {}", slugs.len());
    for slug in &slugs {
        bristol.receive("unit-east", slug, "good", 5).await;
    }
    let before = bristol.stock_and_ledger().await;
    let session = bad_offer(&bristol, &browser).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
    assert_eq!(bristol.stock_and_ledger().await, before, "nothing changed");
    let (_, b) = bristol.get("/api/v1/partner-transfers").await;
    assert_eq!(b["transfers"].as_array().map(Vec::len), Some(0), "{b}");
}

async fn bad_offer(bristol: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    browser
        .log_in(
            &bristol.address,
            COORDINATOR_HANDLE,
            TEST_PASSWORD,
            "/partners/offer?warehouse=unit-east",
        )
        .await?;
    wait_for_text(browser, "main", "Offer to a partner").await?;
    fits_360(browser, "the offer sheet").await?;
    let in_a_week = (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string();
    set(browser, "expires_on", &in_a_week).await?;
    // The last row of the sheet, by name: far below the top at 360 px.
    let last = browser
        .script(
            "const rows = document.querySelectorAll('#offer input[name^=\"qty:\"]'); \
             return rows[rows.length - 1].name;",
        )
        .await?;
    let last = last
        .as_str()
        .ok_or_else(|| BrowserError(format!("no rows: {last}")))?
        .to_string();
    let far = browser
        .script(&format!(
            "return document.getElementById('{last}').getBoundingClientRect().top + window.scrollY;"
        ))
        .await?;
    assert!(
        far.as_f64().is_some_and(|y| y > 1500.0),
        "the row is far down the sheet: {far}"
    );
    let css = format!("input[name=\"{last}\"]");
    browser.find(&css).await?.clear().await?;
    browser.fill(&css, "9").await?;
    // An older phone's browser does not check `max` itself: the server must say it.
    browser
        .script("document.getElementById('offer').noValidate = true; return true;")
        .await?;
    browser.click_on("#make-offer").await?;
    wait_for_text(browser, "#problems", "Nothing was saved").await?;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).expect("a folder for screenshots");
    browser
        .screenshot(&shots.join("partners-offer-refused-360.png"))
        .await?;
    browser
        .screenshot_full_page(&shots.join("partners-offer-refused-360-full.png"))
        .await?;
    let where_ = browser
        .script(&format!(
            "const i = document.getElementById('{last}'); \
             const e = document.getElementById('{last}-error'); \
             if (!i || !e) return null; \
             const a = i.getBoundingClientRect(), b = e.getBoundingClientRect(); \
             return {{input_top: a.top, input_bottom: a.bottom, error_top: b.top, \
                      error_bottom: b.bottom, height: window.innerHeight, \
                      scrolled: window.scrollY, text: e.innerText, \
                      described: i.getAttribute('aria-describedby'), value: i.value}};"
        ))
        .await?;
    let num = |k: &str| where_[k].as_f64().unwrap_or(f64::NAN);
    assert!(!where_.is_null(), "no error beside {last}");
    // The error is within one screen of its field (it was 5,300 px away); the refused
    // sheet shows only the rows with a count, so the row is no longer far down.
    assert!(
        num("error_bottom") - num("input_top") <= num("height"),
        "the field and its error fit on one screen: {where_}"
    );
    assert!(
        num("input_top") + num("scrolled") < 1500.0,
        "the refused sheet brings the row up: {where_}"
    );
    assert!(
        num("error_top") - num("input_bottom") < 60.0,
        "the error sits right under its field: {where_}"
    );
    assert!(
        where_["text"]
            .as_str()
            .is_some_and(|t| t.contains("only 5")),
        "{where_}"
    );
    assert_eq!(
        where_["described"].as_str(),
        Some(format!("{last}-error").as_str())
    );
    assert_eq!(
        where_["value"].as_str(),
        Some("9"),
        "the typed count is kept"
    );
    fits_360(browser, "the refused offer").await?;
    Ok(())
}
