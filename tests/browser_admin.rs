//! The coordinator and the warehouse in a real browser on a 360 × 740 phone, from an
//! empty database (only the first coordinator): the coordinator adds two warehouses, a
//! site, a van and four volunteers through the admin pages; the warehouse volunteer
//! opens their one-time link, triages wet tents to good, transfers some and stocktakes
//! with a difference. Then the API must agree. Screenshots in target/screenshots/.
//! Skips loudly without Chromium and chromedriver (fails under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, BrowserResult};
use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;

fn shot(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

const WREN_PASSWORD: &str = "wren keeps the tents dry";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_sets_up_and_warehouse_sorts_on_a_phone() {
    let Some(mut app) = common::spawn_app_bare(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let token = app
        .add_user_and_login("kim", haul::auth::Role::Coordinator)
        .await;
    // `app`'s own requests (the checks at the end) act as kim.
    app.token = Some(token);
    let session = whole_job(&app, &browser).await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");

    // The API agrees with what the pages did.
    assert_eq!(
        app.stock_of("unit-south", "tent-2p", "needs-drying").await,
        0
    );
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 7);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 4);
    let (s, users) = app.get("/api/v1/users").await;
    assert_eq!(s, StatusCode::OK);
    for (handle, role) in [
        ("mo", "crew"),
        ("wren", "warehouse"),
        ("dan", "driver"),
        ("dora", "distributor"),
    ] {
        assert!(
            users["users"]
                .as_array()
                .is_some_and(|a| a.iter().any(|u| u["handle"] == handle && u["role"] == role)),
            "{handle} as {role}: {users}"
        );
    }
    app.assert_ledger_consistent();
}

/// The catalogue on a 360 px phone in French and in Arabic: a coordinator gives a
/// category its French name; the page mirrors in Arabic and nothing scrolls sideways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_names_are_edited_in_french_and_arabic_on_a_phone() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;
        let base = &app.address;
        browser
            .log_in(base, common::COORDINATOR_HANDLE, common::TEST_PASSWORD, "/")
            .await?;
        browser
            .goto(&format!("{base}/lang/fr?next=/admin/categories/tent-2p"))
            .await?;
        expect_h1(&browser, "Tente (2 personnes)").await?;
        let input = browser.find("#name_fr").await?;
        input.clear().await?;
        input.send_keys("Tente pour deux").await?;
        browser.click_on("main form button[type=submit]").await?;
        expect_h1(&browser, "Tente pour deux").await?;
        let flash = browser.text_of("p.flash.ok").await?;
        assert!(
            flash.starts_with("Catégorie Tente pour deux enregistrée"),
            "{flash}"
        );
        fits_the_phone(&browser, "the category page in French").await?;
        browser
            .screenshot_full_page(&shot("admin-category-fr.png"))
            .await?;
        browser.goto(&format!("{base}/admin/categories")).await?;
        fits_the_phone(&browser, "the catalogue in French").await?;
        browser
            .screenshot_full_page(&shot("admin-catalogue-fr.png"))
            .await?;

        browser
            .goto(&format!("{base}/lang/ar?next=/admin/categories/tent-2p"))
            .await?;
        expect_h1(&browser, "خيمة (شخصان)").await?;
        let dir = browser
            .script("return document.documentElement.dir")
            .await?;
        assert_eq!(dir.as_str(), Some("rtl"));
        let input = browser.find("#name_ar").await?;
        input.clear().await?;
        input.send_keys("خيمة لشخصين").await?;
        browser.click_on("main form button[type=submit]").await?;
        expect_h1(&browser, "خيمة لشخصين").await?;
        fits_the_phone(&browser, "the category page in Arabic").await?;
        browser
            .screenshot_full_page(&shot("admin-category-ar.png"))
            .await?;
        browser.goto(&format!("{base}/admin/categories")).await?;
        fits_the_phone(&browser, "the catalogue in Arabic").await?;
        browser
            .screenshot_full_page(&shot("admin-catalogue-ar.png"))
            .await?;
        browser.goto(&format!("{base}/lang/en?next=/")).await?;
        BrowserResult::Ok(())
    };
    let result = session.await;
    let quit = browser.quit().await;
    result.expect("browser session");
    quit.expect("quit the browser");
    let (_, cats) = app.get("/api/v1/categories").await;
    let tent = cats["categories"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["slug"] == "tent-2p"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(tent["name_fr"], "Tente pour deux", "{tent}");
    assert_eq!(tent["name_ar"], "خيمة لشخصين", "{tent}");
}

/// A warehouse volunteer following a link to the admin pages, in French on a phone:
/// a page in French naming their role, under their own top bar, with the way home.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_not_for_your_role_in_french_on_a_phone() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user_and_login("wren", haul::auth::Role::Warehouse)
        .await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;
        let base = &app.address;
        browser
            .log_in(base, "wren", common::TEST_PASSWORD, "/")
            .await?;
        browser
            .goto(&format!("{base}/lang/fr?next=/admin/volunteers"))
            .await?;
        expect_h1(&browser, "Pas pour votre rôle").await?;
        let main = browser.text_of("main").await?;
        assert!(main.contains("wren") && main.contains("Entrepôt"), "{main}");
        assert!(!main.contains("may not"), "{main}");
        let who = browser
            .script("return document.querySelector('header .who').textContent")
            .await?;
        assert!(
            who.as_str()
                .is_some_and(|w| w.contains("wren") && w.contains("Entrepôt")),
            "the logged-in top bar: {who}"
        );
        fits_the_phone(&browser, "the refusal in French").await?;
        browser.screenshot(&shot("forbidden-fr.png")).await?;
        browser.click_on("main a[href=\"/\"]").await?;
        expect_h1(&browser, "Et maintenant").await?;
        browser.goto(&format!("{base}/lang/en?next=/")).await?;
        BrowserResult::Ok(())
    };
    let result = session.await;
    let quit = browser.quit().await;
    result.expect("browser session");
    quit.expect("quit the browser");
}

async fn fits_the_phone(browser: &Browser, page: &str) -> BrowserResult<()> {
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "{page} scrolls sideways at 360 px: {width}"
    );
    Ok(())
}

/// Waits for a page whose heading contains `want` (after a click that loads one).
async fn expect_h1(browser: &Browser, want: &str) -> BrowserResult<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = match browser.find_all("h1").await?.first() {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if got.contains(want) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            panic!("waited for a page headed {want:?}; the page says {got:?}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the confirmation message `want` (the page before may show an older one).
async fn expect_flash(browser: &Browser, want: &str) -> BrowserResult<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = match browser.find_all("p.flash.ok").await?.first() {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if got == want {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            panic!("waited for the message {want:?}; the page says {got:?}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn add_place(browser: &Browser, kind: &str, name: &str, address: &str) -> BrowserResult<()> {
    browser.choose("#kind", kind).await?;
    browser.fill("#name", name).await?;
    browser.fill("#address", address).await?;
    browser.click_on("main form button[type=submit]").await?;
    expect_flash(browser, &format!("Added the {kind} {name}.")).await
}

async fn add_volunteer(browser: &Browser, handle: &str, role: &str) -> BrowserResult<String> {
    browser.fill("#handle", handle).await?;
    browser.choose("#role", role).await?;
    browser
        .click_on("form[action=\"/admin/volunteers\"] button[type=submit]")
        .await?;
    expect_flash(
        browser,
        &format!("Added {handle}, role: {}.", common::role_title(role)),
    )
    .await?;
    // Text to copy, not a link to tap (a tap would use it up): tapped, the box
    // selects the whole link.
    let links = browser
        .script("return document.querySelectorAll('.onetime-link a').length")
        .await?;
    assert_eq!(links, json!(0), "no live link");
    browser.click_on("#onetime-link").await?;
    let chosen = browser
        .script(
            "var i = document.getElementById('onetime-link'); \
             return [document.activeElement === i, i.readOnly, i.selectionStart, i.selectionEnd, i.value];",
        )
        .await?;
    let link = chosen[4].as_str().unwrap_or_default().to_string();
    assert_eq!(
        chosen,
        json!([true, true, 0, link.chars().count(), link]),
        "the whole link selected"
    );
    Ok(link)
}

async fn whole_job(app: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    let base = &app.address;
    browser
        .log_in(base, "kim", common::TEST_PASSWORD, "/admin")
        .await?;
    fits_the_phone(browser, "/admin").await?;

    // Places.
    browser.goto(&format!("{base}/admin/places")).await?;
    add_place(browser, "warehouse", "Unit South", "4 Quay Street").await?;
    add_place(browser, "warehouse", "Unit East", "").await?;
    add_place(browser, "site", "Heron", "behind the old mill").await?;
    fits_the_phone(browser, "/admin/places").await?;
    browser
        .screenshot_full_page(&shot("admin-places.png"))
        .await?;

    // A van.
    browser.goto(&format!("{base}/admin/vans")).await?;
    browser.fill("#name", "Transit").await?;
    browser.fill("#capacity_l", "9000").await?;
    browser.fill("#payload_kg", "1200").await?;
    browser.click_on("main form button[type=submit]").await?;
    expect_flash(browser, "Added the van Transit: 9,000 l, 1,200 kg.").await?;
    // The token went in the form, not the address: nothing to leak from the bar.
    let url = browser.current_url().await?;
    assert!(
        url.ends_with("/admin/vans"),
        "the address after saving: {url}"
    );
    browser.screenshot(&shot("admin-vans.png")).await?;

    // Volunteers, each with a one-time link.
    browser.goto(&format!("{base}/admin/volunteers")).await?;
    add_volunteer(browser, "mo", "crew").await?;
    let wren_link = add_volunteer(browser, "wren", "warehouse").await?;
    add_volunteer(browser, "dan", "driver").await?;
    add_volunteer(browser, "dora", "distributor").await?;
    fits_the_phone(browser, "/admin/volunteers").await?;
    browser
        .screenshot_full_page(&shot("admin-volunteers.png"))
        .await?;
    browser.log_out_to_login().await?;

    // Wren opens the link and chooses a password.
    let link = if wren_link.starts_with("http") {
        wren_link
    } else {
        format!("{base}{wren_link}")
    };
    assert!(link.contains("/reset?token="), "{link}");
    browser.goto(&link).await?;
    browser.screenshot(&shot("reset-password.png")).await?;
    browser.fill("#password", WREN_PASSWORD).await?;
    browser.click_on("main button[type=submit]").await?;
    browser
        .wait_for_url(
            "home after choosing",
            |u| u.ends_with('/'),
            Duration::from_secs(10),
        )
        .await?;

    // Wet tents come in (over the API, as a crew's import would).
    let token = app
        .login("wren", WREN_PASSWORD)
        .await
        .expect("wren logs in");
    let (s, body) = app
        .with_token(Some(token))
        .request(
            reqwest::Method::POST,
            "/api/v1/intakes",
            Some(&json!({"source": "glastonbury-2026", "warehouse": "unit-south", "received_on": "2026-06-29",
                "lines": [{"category": "tent-2p", "condition": "needs-drying", "quantity": 12}]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");

    // Triage: dried, all twelve, one tap.
    browser.goto(&format!("{base}/triage")).await?;
    browser
        .click_on("nav.places a[href=\"/triage?location=unit-south\"]")
        .await?;
    expect_h1(browser, "Triage at Unit South").await?;
    assert!(browser
        .text_of("#t-tent-2p-needs-drying")
        .await?
        .contains("12 waiting"));
    fits_the_phone(browser, "/triage").await?;
    browser.screenshot(&shot("triage.png")).await?;
    browser
        .click_on("#t-tent-2p-needs-drying button[value=good]")
        .await?;
    expect_flash(
        browser,
        "Dried 12 Tent (2 person): Needs drying → Good at Unit South.",
    )
    .await?;
    browser.screenshot(&shot("triage-done.png")).await?;

    // Transfer four to the other warehouse.
    browser
        .goto(&format!("{base}/transfer?from=unit-south"))
        .await?;
    browser.choose("#to", "unit-east").await?;
    browser.fill("input[name=\"q.tent-2p.good\"]", "4").await?;
    fits_the_phone(browser, "/transfer").await?;
    browser
        .click_on("main form[method=post] button[type=submit]")
        .await?;
    expect_flash(
        browser,
        "Moved 4 items from Unit South to Unit East: 4 Tent (2 person) (Good).",
    )
    .await?;
    browser.screenshot(&shot("transfer-done.png")).await?;

    // Stocktake: one tent fewer than the books say.
    browser
        .goto(&format!("{base}/stocktake?location=unit-south"))
        .await?;
    let count = browser.find("input[name=\"n.tent-2p.good\"]").await?;
    count.clear().await?;
    count.send_keys("7").await?;
    browser.fill("#reason", "monthly count").await?;
    fits_the_phone(browser, "/stocktake").await?;
    browser
        .click_on("main form[method=post] button[type=submit]")
        .await?;
    expect_h1(browser, "Save the stocktake at Unit South?").await?;
    let table = browser.text_of(".restated table").await?;
    assert!(
        table.contains("Tent (2 person)") && table.contains("-1"),
        "{table}"
    );
    fits_the_phone(browser, "stocktake confirmation").await?;
    browser.screenshot(&shot("stocktake-confirm.png")).await?;
    browser.click_on("form.confirm button[type=submit]").await?;
    expect_flash(
        browser,
        "Stocktake at Unit South saved: Tent (2 person) Good -1.",
    )
    .await?;
    browser.screenshot(&shot("stocktake-done.png")).await?;
    Ok(())
}
