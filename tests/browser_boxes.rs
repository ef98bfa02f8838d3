//! Boxes in a real browser on a 360 × 740 phone: a warehouse volunteer opens a box's
//! label URL, regrades and moves the box (one tap, then a confirmation); a driver loads
//! a run by opening each box's URL; a sheet of labels printed to PDF by Chromium is
//! turned into an image whose QR codes decode to the box URLs. Screenshots go to
//! target/screenshots/. Skips loudly without Chromium and chromedriver (fails instead
//! under HAUL_REQUIRE_BROWSER=1); without pdftoppm the same.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::browser::{Browser, BrowserResult};
use common::{spawn_app, Backend, TestApp};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

fn shot(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

async fn new_box(app: &TestApp, n: i64) -> String {
    let (s, b) = app
        .post(
            "/api/v1/boxes",
            &json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": n}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["code"].as_str().expect("code").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boxes_on_a_phone() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let (s, b) = app
        .post_intake(
            "unit-east",
            json!([{"category": "blanket", "condition": "good", "quantity": 40}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let crate_of_blankets = new_box(&app, 12).await;
    let for_oak = new_box(&app, 8).await;
    let for_heron = new_box(&app, 6).await;
    app.add_user_and_login("wes", Role::Warehouse).await;
    app.add_user_and_login("dana", Role::Driver).await;
    let run = plan_run(&app).await;

    let session = async {
        warehouse_regrades_and_moves(&app, &browser, &crate_of_blankets).await?;
        label_sheet_printed(&app, &browser).await?;
        driver_loads_by_scanning(&app, &browser, run, &[&for_oak, &for_heron]).await
    }
    .await;
    let quit = browser.quit().await;
    session.expect("browser session");
    quit.expect("quit the browser");

    // The API agrees with what the pages did.
    let (_, b) = app.get(&format!("/api/v1/boxes/{crate_of_blankets}")).await;
    assert_eq!(
        (b["location"].as_str(), b["condition"].as_str()),
        (Some("unit-south"), Some("needs-drying"))
    );
    let (s, body) = app
        .post(&format!("/api/v1/runs/{run}/load"), &json!({}))
        .await;
    assert!(s.is_success(), "every box scanned: the run loads: {body}");
    for c in [&for_oak, &for_heron] {
        let (_, b) = app.get(&format!("/api/v1/boxes/{c}")).await;
        assert_eq!(b["location_kind"], "van");
    }
    app.assert_ledger_consistent();
    let diffs = app
        .db
        .read_blocking(haul::boxes::model::check)
        .expect("check");
    assert!(diffs.is_empty(), "{diffs:?}");
}

async fn plan_run(app: &TestApp) -> i64 {
    let (s, b) = app
        .post(
            "/api/v1/vans",
            &json!({"slug": "transit", "name": "Transit", "capacity_l": 5000.0, "payload_kg": 2000.0}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let today = chrono::Utc::now().date_naive().to_string();
    let (s, run) = app
        .post(
            "/api/v1/runs",
            &json!({"van": "transit", "origin": "unit-east", "stops": ["oak", "heron"], "departs_on": today}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{run}");
    let id = run["id"].as_i64().expect("id");
    let (s, b) = app
        .put(
            &format!("/api/v1/runs/{id}/lines"),
            &json!({"lines": [
                {"category": "blanket", "condition": "good", "quantity": 8, "stop": "oak"},
                {"category": "blanket", "condition": "good", "quantity": 6, "stop": "heron"}
            ]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    id
}

async fn no_sideways_scroll(browser: &Browser, what: &str) -> BrowserResult<()> {
    let width = browser
        .script("return document.documentElement.scrollWidth")
        .await?;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "{what} scrolls sideways at 360 px: {width}"
    );
    Ok(())
}

/// Waits until the element's text holds `needle` (a page still loading, or replaced
/// under a read, is read again).
async fn wait_text(browser: &Browser, css: &str, needle: &str) -> BrowserResult<String> {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(text) = browser.text_of(css).await {
            if text.contains(needle) {
                return Ok(text);
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(common::browser::BrowserError(format!(
        "waited 10s for '{needle}' in {css}; last saw '{last}'"
    )))
}

/// One tap on the action's button, then the confirmation, then back on the box page.
async fn tap_and_confirm(browser: &Browser, button: &str, lands_on: &str) -> BrowserResult<()> {
    browser.click_on(button).await?;
    // The form posts to the box's own URL (its token in the body): the confirmation.
    wait_text(browser, "h1", "Are you sure").await?;
    browser.click_on("form#confirm button[type=submit]").await?;
    let lands_on = lands_on.to_string();
    browser
        .wait_for_url(
            "the page after confirming",
            move |u| u.contains(&lands_on),
            Duration::from_secs(10),
        )
        .await?;
    Ok(())
}

async fn warehouse_regrades_and_moves(
    app: &TestApp,
    browser: &Browser,
    code: &str,
) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    // What the phone's camera opens from the label: login first, then the box (waited
    // for by its heading: the login page's URL ends with `next` too).
    browser
        .log_in(
            &app.address,
            "wes",
            common::TEST_PASSWORD,
            &format!("/b/{code}"),
        )
        .await?;
    wait_text(browser, "h1", code).await?;
    wait_text(browser, "#box-summary", "12 × Blanket").await?;
    no_sideways_scroll(browser, "the box page").await?;
    browser.screenshot(&shot("box-page.png")).await?;

    browser.choose("#to_condition", "needs-drying").await?;
    tap_and_confirm(browser, "#do-regrade button[type=submit]", "?done=regrade").await?;
    let flash = wait_text(browser, ".flash.ok", "Box regraded").await?;
    assert!(flash.contains("Needs drying"), "{flash}");

    // The move goes to a warehouse by default, never to where the box already is.
    let to = browser
        .script("return document.getElementById('to').value")
        .await?;
    assert_eq!(
        to.as_str(),
        Some("unit-south"),
        "the default place to move to"
    );
    browser.choose("#to", "unit-south").await?;
    tap_and_confirm(browser, "#do-move button[type=submit]", "?done=move").await?;
    let flash = wait_text(browser, ".flash.ok", "Box moved").await?;
    assert!(flash.contains("unit-south"), "{flash}");
    no_sideways_scroll(browser, "the box page after moving").await?;
    browser
        .screenshot_full_page(&shot("box-page-after-move.png"))
        .await?;

    // The same box in Arabic: right to left, its words and the category's name in
    // Arabic, the code and the numbers as printed on the label.
    browser
        .goto(&format!("{}/lang/ar?next=/b/{code}", app.address))
        .await?;
    let dir = browser
        .script("return document.documentElement.dir")
        .await?;
    assert_eq!(dir.as_str(), Some("rtl"));
    wait_text(browser, "h1", code).await?;
    let summary = wait_text(browser, "#box-summary", "12 ×").await?;
    assert!(
        !summary.contains("Blanket") && !summary.contains("needs-drying"),
        "names and conditions in Arabic: {summary}"
    );
    assert!(browser.text_of("#box-history h2").await?.contains("السجل"));
    no_sideways_scroll(browser, "the box page in Arabic").await?;
    browser
        .screenshot_full_page(&shot("box-page-ar.png"))
        .await?;
    browser
        .goto(&format!("{}/lang/en?next=/b/{code}", app.address))
        .await?;
    Ok(())
}

/// Blank labels on an A4 2 × 7 sheet, printed to PDF by Chromium, turned into a grey
/// image by pdftoppm: every QR code on it decodes to its box's URL.
async fn label_sheet_printed(app: &TestApp, browser: &Browser) -> BrowserResult<()> {
    browser.set_window_size(900, 1200).await?;
    browser.goto(&format!("{}/labels", app.address)).await?;
    browser.find("#count").await?.clear().await?;
    browser.fill("#count", "14").await?;
    browser.choose("#layout", "2x7").await?;
    browser.click_on("#labels-form button[type=submit]").await?;
    let url = browser
        .wait_for_url(
            "the label sheet",
            |u| u.contains("/labels/sheet"),
            Duration::from_secs(10),
        )
        .await?;
    let codes: Vec<String> = url
        .split("codes=")
        .nth(1)
        .unwrap_or("")
        .split([',', '&'])
        .take(14)
        .map(|c| c.replace("%2C", ","))
        .collect();
    assert_eq!(codes.len(), 14, "{url}");
    let pdf = shot("labels-2x7.pdf");
    browser.print_pdf(&pdf).await?;
    let Some(pgm) = to_grey_image(&pdf, 150) else {
        return Ok(());
    };
    // A PNG to look at, too.
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .arg(&pdf)
        .arg(shot("labels-2x7"))
        .status();
    let (w, h, px) = read_pgm(&pgm);
    // Each label cell of the A4 2 × 7 layout (mm, as in the stylesheet), decoded alone
    // as a phone would see one label.
    let mm = |v: f64| (v * 150.0 / 25.4).round() as usize;
    let mut urls = Vec::new();
    for i in 0..14 {
        let (col, row) = ((i % 2) as f64, (i / 2) as f64);
        let (x0, y0) = (mm(4.65 + col * (99.1 + 2.5)), mm(15.1 + row * 38.1));
        let (cw, ch) = (mm(99.1).min(w - x0), mm(38.1).min(h - y0));
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(cw, ch, |x, y| px[(y0 + y) * w + x0 + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in label cell {i}");
        let (_, url) = grids[0].decode().map_err(|e| {
            common::browser::BrowserError(format!("label cell {i} does not decode: {e:?}"))
        })?;
        urls.push(url);
    }
    urls.sort();
    let mut expected: Vec<String> = codes
        .iter()
        .map(|c| format!("{}/b/{c}", app.address))
        .collect();
    expected.sort();
    assert_eq!(urls, expected, "the printed sheet's QR codes");
    // On the phone the same sheet is a preview that fits the screen.
    browser.set_window_size(360, 740).await?;
    browser.goto(&url).await?;
    wait_text(browser, "main", "labels, A4 sheet").await?;
    no_sideways_scroll(browser, "the label sheet").await?;
    browser
        .screenshot(&shot("labels-2x7-on-a-phone.png"))
        .await?;
    Ok(())
}

/// The PDF's first page as a binary PGM at `dpi`; `None` (loudly) without pdftoppm.
fn to_grey_image(pdf: &Path, dpi: u32) -> Option<PathBuf> {
    let out = pdf.with_extension("");
    let status = std::process::Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            &dpi.to_string(),
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(pdf)
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => Some(out.with_extension("pgm")),
        other => {
            if common::browser::browser_required() {
                panic!(
                    "HAUL_REQUIRE_BROWSER=1 but pdftoppm failed: {other:?} (install poppler-utils)"
                );
            }
            eprintln!("\n!!!!! SKIPPED the printed-label check: pdftoppm unavailable ({other:?}); install poppler-utils. !!!!!\n");
            None
        }
    }
}

/// A binary PGM (P5, 8-bit) as width, height and pixels.
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let data = std::fs::read(path).expect("read pgm");
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let w: usize = fields[1].parse().expect("width");
    let h: usize = fields[2].parse().expect("height");
    let px = data[at + 1..].to_vec();
    assert_eq!(px.len(), w * h);
    (w, h, px)
}

async fn driver_loads_by_scanning(
    app: &TestApp,
    browser: &Browser,
    run: i64,
    boxes: &[&str],
) -> BrowserResult<()> {
    browser.log_out_to_login().await?;
    browser
        .log_in(
            &app.address,
            "dana",
            common::TEST_PASSWORD,
            &format!("/b/{}", boxes[0]),
        )
        .await?;
    // The login page's own URL ends with `next` too: wait for the box itself.
    wait_text(browser, "h1", boxes[0]).await?;
    for (i, code) in boxes.iter().enumerate() {
        // Each box's label opens its page; the driver taps "Load onto the van".
        browser.goto(&format!("{}/b/{code}", app.address)).await?;
        assert!(
            browser.find_all("#do-move").await?.is_empty(),
            "a driver does not move boxes"
        );
        no_sideways_scroll(browser, "the box page for a driver").await?;
        if i == 0 {
            browser.screenshot(&shot("box-page-driver.png")).await?;
        }
        tap_and_confirm(
            browser,
            &format!("#do-load-{run} button[type=submit]"),
            &format!("/runs/{run}/boxes?scanned={code}"),
        )
        .await?;
        wait_text(browser, "#box-count", &format!("{} of 2", i + 1)).await?;
    }
    no_sideways_scroll(browser, "the box load sheet").await?;
    browser
        .screenshot_full_page(&shot("run-box-sheet.png"))
        .await?;
    // The printable load sheet names each stop's boxes, ticked as scanned.
    browser
        .goto(&format!("{}/runs/{run}/sheet", app.address))
        .await?;
    for code in boxes {
        wait_text(browser, "section.load-sheet", &format!("✓ {code}")).await?;
    }
    no_sideways_scroll(browser, "the load sheet").await?;
    browser
        .screenshot_full_page(&shot("run-load-sheet.png"))
        .await?;
    Ok(())
}
