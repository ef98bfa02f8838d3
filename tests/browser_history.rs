//! History and corrections in a real browser at 360×740, on SQLite and PostgreSQL: a
//! coordinator corrects an intake logged at the wrong warehouse through the pages, and
//! a distributor undoes a hand-out from the confirmation in one tap. Skips loudly
//! without Chromium and chromedriver (fails instead under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, BrowserError, BrowserResult};
use common::{spawn_app, Backend, TestApp, COORDINATOR_HANDLE, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

fn screenshot_path(backend: Backend, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(format!("history-{backend:?}-{name}").to_lowercase())
}

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

/// Clicks the button with this id, first bringing it to the middle of the screen (the
/// sticky total bar may cover it); retried while a reload replaces the page under it.
async fn tap(browser: &Browser, id: &str) -> BrowserResult<()> {
    let mut last = None;
    for _ in 0..30 {
        let _ = browser
            .script(&format!(
                "var b = document.getElementById('{id}'); if (b) b.scrollIntoView({{block: 'center'}});"
            ))
            .await;
        match browser.click_on(&format!("#{id}")).await {
            Ok(()) => return Ok(()),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(last.unwrap_or_else(|| BrowserError(format!("could not tap #{id}"))))
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
            return Err(BrowserError(format!("waited 10s for '{want}' in {css}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn run(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    // Cass logged 12 tents at Unit East; they are at Unit South.
    let cass = app.add_user_and_login("cass", Role::Crew).await;
    let (s, body) = app.post_as(&cass, "/api/v1/intakes", &json!({"source": "glastonbury-2026", "warehouse": "unit-east", "received_on": "2026-06-29",
                "lines": [{"category": "tent-2p", "condition": "good", "quantity": 12}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let intake = body["id"].as_i64().expect("intake id");
    // Oak has blankets to hand out.
    let (s, body) = app
        .post_intake(
            "unit-south",
            json!([{"category": "blanket", "condition": "good", "quantity": 10}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site("unit-south", "oak", &[("blanket", "good", 10)])
        .await;
    app.add_user_and_login("dina", Role::Distributor).await;

    let session = pages(&app, &browser, backend, intake).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");

    // The API agrees with what the pages did.
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 0);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 12);
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 10);
    let (_, _, ledger) = app.get_csv("/api/v1/export/ledger.csv").await;
    let corrections: Vec<_> = ledger
        .iter()
        .filter(|r| r["cause"] == "correction")
        .collect();
    assert_eq!(corrections.len(), 3, "two for the move, one for the undo");
    assert!(corrections
        .iter()
        .any(|r| r["corrects"] == format!("intake {intake}")));
    assert!(corrections
        .iter()
        .any(|r| r["corrects"].starts_with("hand-out ") && r["actor"] == "dina"));
    app.assert_ledger_consistent();
}

async fn pages(
    app: &TestApp,
    browser: &Browser,
    backend: Backend,
    intake: i64,
) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    let shot = |name: &str| screenshot_path(backend, name);

    // The coordinator finds the intake in the history and corrects it.
    browser
        .log_in(&app.address, COORDINATOR_HANDLE, TEST_PASSWORD, "/history")
        .await?;
    fits_360(browser, "the history list").await?;
    browser.screenshot(&shot("1-list.png")).await?;
    browser
        .click_on(&format!("a[href=\"/history/intake/{intake}\"]"))
        .await?;
    browser
        .wait_for_url(
            "the intake's page",
            move |u| u.ends_with(&format!("/history/intake/{intake}")),
            Duration::from_secs(10),
        )
        .await?;
    assert!(browser
        .text_of("#entries")
        .await?
        .contains("Tent (2 person)"));
    fits_360(browser, "the intake's page").await?;
    browser.screenshot_full_page(&shot("2-intake.png")).await?;
    browser.choose("#lines-location", "unit-south").await?;
    browser
        .fill("#lines-reason", "logged at the wrong warehouse")
        .await?;
    browser
        .click_on("#correct-lines button[type=submit]")
        .await?;
    browser
        .wait_for_url(
            "the intake's page after correcting",
            |u| u.contains("corrected="),
            Duration::from_secs(10),
        )
        .await?;
    let flash = browser.text_of(".flash.ok").await?;
    assert!(flash.contains("Correction #"), "flash: {flash}");
    let corrections = browser.text_of("#corrections").await?;
    assert!(
        corrections.contains("logged at the wrong warehouse"),
        "{corrections}"
    );
    fits_360(browser, "the corrected intake").await?;
    browser
        .screenshot_full_page(&shot("3-corrected.png"))
        .await?;

    // The same pages in Arabic: right to left, nothing wider than the phone.
    browser
        .goto(&app.url(&format!("/lang/ar?next=/history/intake/{intake}")))
        .await?;
    let dir = browser
        .script("return document.documentElement.dir")
        .await?;
    assert_eq!(dir.as_str(), Some("rtl"));
    assert!(browser.text_of("h1").await?.contains("استلام"));
    fits_360(browser, "the corrected intake in Arabic").await?;
    browser
        .screenshot_full_page(&shot("3-corrected-ar.png"))
        .await?;
    browser.goto(&app.url("/history")).await?;
    assert!(browser.text_of("h1").await?.contains("السجل"));
    fits_360(browser, "the history list in Arabic").await?;
    browser.screenshot_full_page(&shot("1-list-ar.png")).await?;
    browser.goto(&app.url("/lang/en?next=/history")).await?;

    // The distributor records a hand-out and undoes it from the confirmation.
    browser.log_out_to_login().await?;
    browser
        .log_in(&app.address, "dina", TEST_PASSWORD, "/handouts?site=oak")
        .await?;
    for n in 1..=3 {
        tap(browser, "give-blanket-plus").await?;
        // Each tap reloads the page: wait for the count it made, in the total bar (the
        // save button states no number, so it can never show a stale one).
        wait_for_text(browser, "#total", &format!("{n} item")).await?;
    }
    tap(browser, "save").await?;
    browser
        .wait_for_url(
            "the hand-out page after saving",
            |u| u.contains("saved="),
            Duration::from_secs(10),
        )
        .await?;
    assert!(browser
        .text_of(".flash.ok")
        .await?
        .starts_with("Handed out 3 items"));
    browser.screenshot(&shot("4-handout-saved.png")).await?;
    // "See it" and "Undo" apart, each a thumb-sized target (issue 9).
    let boxes = browser
        .script(
            "var r = function (s) { var b = document.querySelector(s).getBoundingClientRect(); \
             return [b.top, b.bottom, b.left, b.right]; }; \
             return [r('.flash.ok .offer a.see-it'), r('.flash.ok form.undo button')];",
        )
        .await?;
    let edges = |i: usize| -> Vec<f64> {
        boxes[i]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
            .unwrap_or_default()
    };
    let (see, undo) = (edges(0), edges(1));
    assert!(see.len() == 4 && undo.len() == 4, "{boxes}");
    for b in [&see, &undo] {
        assert!(b[1] - b[0] >= 44.0, "at least 44 px tall: {boxes}");
    }
    let apart = (undo[2] - see[3])
        .max(see[2] - undo[3])
        .max(undo[0] - see[1])
        .max(see[0] - undo[1]);
    assert!(apart >= 8.0, "at least 8 px apart: {boxes}");
    browser.click_on(".flash.ok form.undo button").await?;
    browser
        .wait_for_url(
            "the hand-out's page after undoing",
            |u| u.contains("undone="),
            Duration::from_secs(10),
        )
        .await?;
    let flash = browser.text_of(".flash.ok").await?;
    assert!(flash.starts_with("Undone"), "flash: {flash}");
    assert!(browser.text_of("#corrections").await?.contains("undone"));
    fits_360(browser, "the undone hand-out").await?;
    browser.screenshot_full_page(&shot("5-undone.png")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_corrects_and_distributor_undoes_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_corrects_and_distributor_undoes_postgres() {
    run(Backend::Postgres).await;
}

/// The demo's longest intake (Reading 2026, every condition of many categories) as a
/// coordinator corrects it at 360×740 (issue 9): the page was ~14,000 px tall with the
/// lines' reason at its foot. Measured: the page's height, the Save button's distance
/// below the first box; a refused save opens at the error summary, the reason kept.
async fn long_intake(app: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let list = common::page_text(&b, &app.url("/history?kind=intakes")).await;
    let row = list
        .split("<li class=\"change\">")
        .find(|r| r.contains("Reading 2026"))
        .expect("the Reading 2026 intake");
    let path = row
        .split("href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("its page")
        .to_string();
    browser
        .log_in(&app.address, COORDINATOR_HANDLE, TEST_PASSWORD, &path)
        .await?;
    fits_360(browser, "the long intake's page").await?;
    let measure = "var f = document.getElementById('correct-lines'); \
        var s = f.querySelector('button[type=submit]'); \
        return [document.documentElement.scrollHeight, \
        s.getBoundingClientRect().top - f.getBoundingClientRect().top];";
    let sizes = browser.script(measure).await?;
    eprintln!("Reading 2026 at 360 px [page height, Save below the form's top]: {sizes}");
    let tall = |i: usize| sizes[i].as_f64().unwrap_or(f64::MAX);
    assert!(tall(0) < 5000.0, "the page is {} px tall", tall(0));
    assert!(tall(1) < 4000.0, "Save is {} px down the form", tall(1));
    browser
        .screenshot_full_page(&screenshot_path(Backend::Sqlite, "6-long-intake.png"))
        .await?;
    // A box typed wrong, the reason typed: the page comes back at what to put right.
    browser
        .script("var i = document.querySelector('#correct-lines input[name^=\"q.\"]'); i.value = '-1'; return true")
        .await?;
    browser.fill("#lines-reason", "recounted").await?;
    browser
        .script("document.querySelector('#correct-lines button[type=submit]').click(); return true")
        .await?;
    wait_for_text(browser, "#error-summary", "Nothing was saved").await?;
    let focus = browser
        .script("return [document.activeElement.id, document.getElementById('lines-reason').value, document.querySelector('#error-summary a').getAttribute('href')]")
        .await?;
    assert_eq!(focus[0], "error-summary", "{focus}");
    assert_eq!(focus[1], "recounted", "the reason kept: {focus}");
    assert!(
        focus[2].as_str().is_some_and(|h| h.starts_with("#q.")),
        "{focus}"
    );
    browser
        .screenshot(&screenshot_path(Backend::Sqlite, "7-refused.png"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_intake_correction_at_360_sqlite() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    haul::seed::demo(&app.db).expect("demo season");
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = long_intake(&app, &browser).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");
}
