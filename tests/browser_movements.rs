//! The warehouse pages and the coordinator's report in a real browser at 360 × 740:
//! the need-coverage table needs no sideways scroll on a phone (each row a card, every
//! figure under its label) and is still a table on a laptop; triage and a refused
//! transfer in French and Arabic fit the screen with each error beside its field.
//! Screenshots go to target/screenshots/. Skips loudly without Chromium (fails under
//! HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;

use common::browser::{Browser, BrowserResult};
use common::{spawn_app, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

const WIDTH: u32 = 360;
const HEIGHT: u32 = 740;

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

/// The need-coverage table at the window's width: what reaches past the screen or
/// scrolls sideways, figures shown without their label, and how many rows it has.
const COVERAGE: &str = r#"
const t = document.querySelector('#need-coverage-table');
if (!t) return [['no need-coverage table'], 0, false];
t.scrollIntoView();
const vw = document.documentElement.clientWidth;
const out = [];
if (document.documentElement.scrollWidth > vw) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
const headerShown = getComputedStyle(t.querySelector('thead')).display !== 'none';
for (const e of t.querySelectorAll('*')) {
  const b = e.getBoundingClientRect();
  if (b.width > 0 && (b.right > vw + 1 || b.left < -1)) { out.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" reaches ' + Math.round(b.left) + '..' + Math.round(b.right) + ' px'); break; }
}
for (let a = t; a; a = a.parentElement) {
  const s = getComputedStyle(a);
  if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && a.scrollWidth > a.clientWidth + 1) out.push(a.tagName + '.' + a.className + ' scrolls sideways');
}
if (!headerShown) {
  for (const td of t.querySelectorAll('td.num')) {
    const label = getComputedStyle(td, '::before').content;
    if (!label || label === 'none' || label.length < 3) { out.push('a figure without its label: ' + td.textContent); break; }
  }
}
return [out, t.querySelectorAll('tbody tr').length, headerShown];
"#;

/// What does not fit a phone: the page wider than the screen, an element past its edge.
const WIDER: &str = r#"
const vw = document.documentElement.clientWidth;
const out = [];
if (document.documentElement.scrollWidth > vw) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
for (const e of document.querySelectorAll('main *')) {
  const b = e.getBoundingClientRect();
  if (b.width > 0 && (b.right > vw + 1 || b.left < -1)) { out.push((e.tagName + '.' + e.className + ' ' + e.textContent.trim()).slice(0, 60) + ' reaches ' + Math.round(b.left) + '..' + Math.round(b.right)); break; }
}
return out;
"#;

fn problems_of(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn need_coverage_fits_a_phone_without_sideways_scroll() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(WIDTH, HEIGHT).await?;
        browser
            .log_in(
                &app.address,
                common::COORDINATOR_HANDLE,
                common::TEST_PASSWORD,
                "/reports",
            )
            .await?;
        browser.goto(&app.url("/reports")).await?;
        let found = browser.script(COVERAGE).await?;
        browser
            .screenshot(&screenshot_path("reports-coverage-360.png"))
            .await?;
        browser
            .screenshot_full_page(&screenshot_path("reports-360.png"))
            .await?;
        let phone = (
            problems_of(&found[0]),
            found[1].as_u64(),
            found[2].as_bool(),
        );
        // On a laptop it is a plain table with its headers.
        browser.set_window_size(1024, 768).await?;
        browser.goto(&app.url("/reports")).await?;
        let wide = browser.script(COVERAGE).await?;
        BrowserResult::Ok((phone, (problems_of(&wide[0]), wide[2].as_bool())))
    }
    .await;
    let quit = browser.quit().await;
    let ((problems, rows, header_shown), (wide_problems, wide_header)) =
        session.expect("browser session");
    quit.expect("quit the browser");
    assert!(rows.is_some_and(|r| r >= 2), "coverage rows: {rows:?}");
    assert_eq!(header_shown, Some(false), "at 360 px the rows are cards");
    assert!(problems.is_empty(), "at 360 px: {problems:#?}");
    assert_eq!(wide_header, Some(true), "at 1024 px it is a table");
    assert!(wide_problems.is_empty(), "at 1024 px: {wide_problems:#?}");
}

async fn wet_and_dry_stock(app: &TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-south",
            json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 4},
                   {"category": "sleeping-bag", "condition": "needs-cleaning", "quantity": 6},
                   {"category": "bike", "condition": "needs-repair", "quantity": 2}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_and_a_refused_transfer_fit_a_phone_in_french_and_arabic() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    wet_and_dry_stock(&app).await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(WIDTH, HEIGHT).await?;
        browser
            .log_in(
                &app.address,
                common::COORDINATOR_HANDLE,
                common::TEST_PASSWORD,
                "/",
            )
            .await?;
        let mut problems = Vec::new();
        let mut said = Vec::new();
        for lang in ["fr", "ar"] {
            browser
                .goto(&app.url(&format!("/lang/{lang}?next=/triage%3Flocation%3Dunit-south")))
                .await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("triage-{lang}.png")))
                .await?;
            browser
                .screenshot(&screenshot_path(&format!("triage-{lang}-top.png")))
                .await?;
            for p in problems_of(&browser.script(WIDER).await?) {
                problems.push(format!("{lang} triage: {p}"));
            }
            said.push(browser.text_of("#t-tent-2p-needs-drying").await?);
            // "→ usable" reads from its arrow: the arrow comes first, on the right in Arabic.
            let arrow = browser
                .script(
                    "const n = document.querySelector('#t-tent-2p-needs-drying button[value=usable]').firstChild;
                     const at = i => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect().left; };
                     return at(0) > at(2);",
                )
                .await?;
            if arrow.as_bool() != Some(lang == "ar") {
                problems.push(format!("{lang}: the arrow of \"→ usable\" is on the wrong side"));
            }
            // A transfer with a line over stock, one not a number, and no destination.
            browser
                .goto(&app.url("/transfer?from=unit-south"))
                .await?;
            browser
                .fill("input[name=\"q.tent-2p.needs-drying\"]", "40")
                .await?;
            browser
                .fill("input[name=\"q.sleeping-bag.needs-cleaning\"]", "-3")
                .await?;
            browser
                // The browser's own checks (max, min, required) would stop it first.
                .script("document.querySelector('form[action^=\"/transfer\"]').noValidate = true; return true")
                .await?;
            browser
                .click_on("form[action^=\"/transfer\"] button[type=submit]")
                .await?;
            browser.find(".flash.error").await?;
            browser
                .screenshot(&screenshot_path(&format!("transfer-refused-{lang}-top.png")))
                .await?;
            browser
                .script("document.querySelector('input[name=\"q.tent-2p.needs-drying\"]').scrollIntoView(); return true")
                .await?;
            browser
                .screenshot(&screenshot_path(&format!("transfer-refused-{lang}.png")))
                .await?;
            browser
                .screenshot_full_page(&screenshot_path(&format!("transfer-refused-{lang}-full.png")))
                .await?;
            for p in problems_of(&browser.script(WIDER).await?) {
                problems.push(format!("{lang} transfer: {p}"));
            }
            let errors = browser.find_all(".field-error").await?;
            let mut texts = Vec::new();
            for e in errors {
                texts.push(e.text().await?);
            }
            said.push(texts.join(" | "));
        }
        browser.goto(&app.url("/lang/en?next=/")).await?;
        BrowserResult::Ok((problems, said))
    }
    .await;
    let quit = browser.quit().await;
    let (problems, said) = session.expect("browser session");
    quit.expect("quit the browser");
    assert!(problems.is_empty(), "at 360 px:\n{}", problems.join("\n"));
    assert!(said[0].contains("en attente"), "{said:?}");
    assert!(said[0].contains("séchés → bon état"), "{said:?}");
    assert!(said[1].contains("Seulement "), "{said:?}");
    assert!(
        said[1].contains("Choisissez où vont les articles."),
        "{said:?}"
    );
    assert!(said[1].contains("Tapez combien, de 1 à"), "{said:?}");
    assert!(said[2].contains("جُفِّفت ← جيد"), "{said:?}");
    assert!(said[3].contains("اختر إلى أين تذهب البضائع."), "{said:?}");
    assert_eq!(said[3].split(" | ").count(), 3, "{said:?}");
}
