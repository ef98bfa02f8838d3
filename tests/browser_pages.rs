//! The pages at 360 × 740 in a real browser (issue 9): no page is wider than the
//! screen and no table header breaks inside a word, on the demo season; a crew's mixed
//! intake takes few taps; a hand-out stepper tap comes back to its row, where the thumb
//! left it on the screen, and the total bar stays short. Skips loudly without Chromium
//! (fails under HAUL_REQUIRE_BROWSER=1).

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, BrowserError, BrowserResult};
use common::{spawn_app, Backend};
use serde_json::json;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 740;

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

/// Every table header on the page whose rendered text breaks inside a word (a word's
/// glyphs on more than one line) or spills out of its cell; every element wider than
/// the screen. Details are opened first so folded tables are checked too.
const LAYOUT_PROBLEMS: &str = r#"
document.querySelectorAll('details').forEach(d => d.open = true);
const out = [];
for (const th of document.querySelectorAll('th')) {
  const label = th.textContent.trim().replace(/\s+/g, ' ');
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const words = /\S+/g;
    let m;
    while ((m = words.exec(node.data))) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (lines.size > 1) out.push('header "' + label + '" breaks inside "' + m[0] + '"');
    }
  }
  if (th.scrollWidth > th.clientWidth + 1) out.push('header "' + label + '" spills out of its cell (' + th.scrollWidth + ' > ' + th.clientWidth + ')');
}
const vw = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > vw) out.push('page is ' + document.documentElement.scrollWidth + ' px wide');
for (const e of document.querySelectorAll('main *')) {
  const b = e.getBoundingClientRect();
  if (b.right > vw + 1 && !e.closest('.scroll')) { out.push((e.tagName + '#' + e.id + '.' + e.className).slice(0, 60) + ' reaches ' + Math.round(b.right) + ' px'); break; }
}
return out;
"#;

/// Links that are actions rather than words in a sentence (a page's CSV and JSON
/// links, a run's manifest and "All runs", a link in a table, the warehouse tabs and
/// places, the home page's tasks) shorter than a thumb: 44 px tall, and a home task
/// 44 px wide too.
const SMALL_TAP_TARGETS: &str = r#"
const out = [];
const sel = 'ul.tasks a, nav.tabs > a, nav.places > a, main p.muted a, main p.noprint a, main td a, main p > a[href="/runs"]';
for (const a of document.querySelectorAll(sel)) {
  const b = a.getBoundingClientRect();
  if (b.width === 0 || b.height === 0) continue;
  const wide = !a.closest('ul.tasks') || b.width >= 43.5;
  if (b.height < 43.5 || !wide) out.push('"' + a.textContent.trim().slice(0, 30) + '" is ' + Math.round(b.width) + ' × ' + Math.round(b.height) + ' px');
}
return out;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_is_wider_than_a_phone_and_no_header_breaks_a_word() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    // Every page a coordinator can open on the demo season (the one list the page
    // weights use too), except those not laid out for a phone (an A4 label sheet, files)
    // and the login page (the browser is logged in).
    let pages: Vec<_> = app
        .demo_pages()
        .await
        .into_iter()
        .filter(|p| p.phone && p.path != "/login")
        .collect();
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
        for common::demo_pages::DemoPage { path, name, .. } in &pages {
            browser.goto(&app.url(path)).await?;
            let h1 = browser.text_of("h1").await?;
            assert!(
                !h1.contains("Sorry") && !h1.contains("Not found"),
                "{path}: {h1}"
            );
            browser
                .screenshot_full_page(&screenshot_path(&format!("phone-{name}.png")))
                .await?;
            // The first table in view, to look at its headers at phone size.
            let table = browser
                .script("const t = document.querySelector('main table'); if (t) t.scrollIntoView(); return !!t")
                .await?;
            if table.as_bool() == Some(true) {
                browser
                    .screenshot(&screenshot_path(&format!("phone-{name}-table.png")))
                    .await?;
            }
            let found = browser.script(LAYOUT_PROBLEMS).await?;
            for p in found.as_array().into_iter().flatten() {
                problems.push(format!("{path}: {}", p.as_str().unwrap_or_default()));
            }
            let small = browser.script(SMALL_TAP_TARGETS).await?;
            for p in small.as_array().into_iter().flatten() {
                problems.push(format!("{path}: {}", p.as_str().unwrap_or_default()));
            }
            // The bar: one row of links (and "More"), never three.
            let bar = browser
                .script(
                    "return document.querySelector('header.top').getBoundingClientRect().height",
                )
                .await?;
            if !bar.as_f64().is_some_and(|h| h <= 60.0) {
                problems.push(format!("{path}: the top bar is {bar} px tall"));
            }
        }
        // The reports in French and Arabic, whose words run longer: the by-month table
        // once scrolled sideways in French at 360 px.
        for lang in ["fr", "ar"] {
            for (path, name) in [("/report", "public-report"), ("/reports", "reports")] {
                browser
                    .goto(&app.url(&format!("/lang/{lang}?next={path}")))
                    .await?;
                browser
                    .screenshot_full_page(&screenshot_path(&format!("phone-{name}-{lang}.png")))
                    .await?;
                let found = browser.script(LAYOUT_PROBLEMS).await?;
                for p in found.as_array().into_iter().flatten() {
                    problems.push(format!("{lang} {path}: {}", p.as_str().unwrap_or_default()));
                }
                let small = browser.script(SMALL_TAP_TARGETS).await?;
                for p in small.as_array().into_iter().flatten() {
                    problems.push(format!("{lang} {path}: {}", p.as_str().unwrap_or_default()));
                }
            }
        }
        browser.goto(&app.url("/lang/en?next=/")).await?;
        // The same pages in dark mode, for a look.
        browser.prefer_dark(true).await?;
        for (path, name) in [
            ("/stock", "stock"),
            ("/handouts?site=oak", "handouts"),
            ("/needs", "needs"),
            ("/safety", "safety"),
        ] {
            browser.goto(&app.url(path)).await?;
            browser
                .screenshot(&screenshot_path(&format!("phone-{name}-dark.png")))
                .await?;
        }
        let bg = browser
            .script("return getComputedStyle(document.body).backgroundColor")
            .await?;
        if bg != json!("rgb(22, 25, 28)") {
            problems.push(format!("dark mode leaves the page {bg}"));
        }
        browser.prefer_dark(false).await?;
        // The "More" menu opens without a script and lists the rest of the pages.
        browser.goto(&app.url("/")).await?;
        browser.click_on("details.more > summary").await?;
        browser
            .screenshot(&screenshot_path("phone-nav-more.png"))
            .await?;
        let more = browser.text_of("details.more .menu").await?;
        assert!(
            more.contains("Log out") && more.contains("Reports"),
            "{more}"
        );
        BrowserResult::Ok(problems)
    }
    .await;
    let quit = browser.quit().await;
    let problems = session.expect("browser session");
    quit.expect("quit the browser");
    assert!(problems.is_empty(), "at 360 px:\n{}", problems.join("\n"));
}

/// Taps counted as a thumb makes them: every click, and every field focused to type in.
struct Thumb<'b> {
    browser: &'b Browser,
    taps: usize,
}

impl Thumb<'_> {
    async fn tap(&mut self, css: &str) -> BrowserResult<()> {
        self.taps += 1;
        self.browser.click_on(css).await
    }

    /// Taps a field and types into it (typing is not counted).
    async fn type_into(&mut self, css: &str, text: &str) -> BrowserResult<()> {
        self.tap(css).await?;
        self.browser.fill(css, text).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mixed_intake_takes_a_dozen_taps_at_most() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    // A warehouse whose name is not its slug, so the message shows which one it used.
    let (s, body) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "unit-north", "name": "North unit", "kind": "warehouse"}),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{body}");
    let crew = app
        .add_user_and_login("crew-mo", haul::auth::Role::Crew)
        .await;
    // Mo's last intake was at the North unit from Glastonbury: the form starts there.
    let (s, last) = app
        .with_token(Some(crew))
        .request(
            reqwest::Method::POST,
            "/api/v1/intakes",
            Some(
                &json!({"source": "glastonbury-2026", "warehouse": "unit-north",
                "received_on": chrono::Utc::now().date_naive().to_string(),
                "lines": [{"category": "tent-2p", "condition": "good", "quantity": 3},
                          {"category": "sleeping-bag", "condition": "good", "quantity": 2}]}),
            ),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{last}");
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(WIDTH, HEIGHT).await?;
        browser
            .log_in(&app.address, "crew-mo", common::TEST_PASSWORD, "/intake")
            .await?;
        let chosen = browser
            .script("return [document.querySelector('#warehouse').value, document.querySelector('#source').value, document.querySelector('#received_on').value]")
            .await?;
        let today = chrono::Utc::now().date_naive().to_string();
        assert_eq!(chosen, json!(["unit-north", "glastonbury-2026", today]), "pre-filled");
        // Tents and sleeping bags (collected here before) come first; bikes are under
        // "More categories".
        let first = browser
            .script("return Array.from(document.querySelectorAll('#intake-form > fieldset legend')).slice(0, 2).map(l => l.textContent)")
            .await?;
        assert_eq!(first, json!(["Tent (2 person)", "Sleeping bag"]));
        assert!(!browser
            .script("return document.querySelector('#more-categories').open")
            .await?
            .as_bool()
            .unwrap_or(true));

        let mut thumb = Thumb { browser: &browser, taps: 0 };
        thumb.type_into("#q-tent-2p-good", "8").await?;
        thumb.type_into("#q-tent-2p-needs-drying", "4").await?;
        thumb.type_into("#q-sleeping-bag-good", "30").await?;
        thumb.tap("#more-categories > summary").await?;
        thumb.type_into("#q-bike-needs-repair", "5").await?;
        browser
            .screenshot_full_page(&screenshot_path("intake-mixed.png"))
            .await?;
        thumb.tap("#save-intake").await?;
        browser
            .wait_for_url("the stock page", |u| u.contains("/stock?"), Duration::from_secs(10))
            .await?;
        let flash = browser.text_of(".flash.ok").await?;
        assert!(
            flash.starts_with(
                "Logged 47 items from glastonbury-2026 at North unit: Tent (2 person): 8 Good, 4 Needs drying; Sleeping bag: 30 Good; Bicycle: 5 Needs repair."
            ) && flash.ends_with("Undo"),
            "{flash}"
        );
        browser.screenshot(&screenshot_path("intake-mixed-saved.png")).await?;
        BrowserResult::Ok(thumb.taps)
    }
    .await;
    let quit = browser.quit().await;
    let taps = session.expect("browser session");
    quit.expect("quit the browser");
    assert!(taps <= 12, "{taps} taps");
    println!("a mixed intake of 47 items: {taps} taps plus typing the numbers");
    assert_eq!(app.stock_of("unit-north", "tent-2p", "good").await, 11);
    assert_eq!(
        app.stock_of("unit-north", "tent-2p", "needs-drying").await,
        4
    );
    assert_eq!(app.stock_of("unit-north", "sleeping-bag", "good").await, 32);
    assert_eq!(app.stock_of("unit-north", "bike", "needs-repair").await, 5);
    app.assert_ledger_consistent();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stepper_tap_comes_back_to_its_row() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    haul::seed::demo(&app.db).expect("demo season");
    // Willow gets a dozen kinds of goods, so its last stepper is far down the page.
    let kinds = [
        "tent-4p",
        "roll-mat",
        "airbed",
        "tarpaulin",
        "rain-poncho",
        "cooking-pot",
        "water-carrier",
        "head-torch",
        "backpack",
        "wellies",
        "towel",
        "hygiene-kit",
    ];
    let lines: Vec<serde_json::Value> = kinds
        .iter()
        .map(|k| json!({"category": k, "condition": "good", "quantity": 10}))
        .collect();
    let (s, body) = app.post_intake("unit-east", json!(lines)).await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{body}");
    let moved: Vec<(&str, &str, i64)> = kinds.iter().map(|k| (*k, "good", 10)).collect();
    app.stock_site("unit-east", "willow", &moved).await;
    app.add_user_and_login("dist-jo", haul::auth::Role::Distributor)
        .await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(WIDTH, HEIGHT).await?;
        browser
            .log_in(&app.address, "dist-jo", common::TEST_PASSWORD, "/handouts")
            .await?;
        browser.goto(&app.url("/handouts?site=willow")).await?;
        browser
            .wait_for_url("Willow's page", |u| u.ends_with("site=willow"), Duration::from_secs(10))
            .await?;
        assert_eq!(browser.text_of("#site-stock h2").await?, "In stock at Willow");
        // The last row that can go out: the one furthest down the page.
        let slug = browser
            .script("const rows = document.querySelectorAll('#handout-form .stepper[id^=\"row-\"]:not([id^=\"row-unmet-\"])'); return rows[rows.length - 1].dataset.category")
            .await?;
        let slug = slug.as_str().ok_or_else(|| BrowserError("no give row".into()))?.to_string();
        // Where the row is on the screen, once the page has loaded (the script puts it
        // back then).
        let top = format!("return document.readyState === 'complete' ? document.querySelector('#row-{slug}').getBoundingClientRect().top : null");
        for n in 1..=2 {
            // As a thumb taps: the button in the middle of the screen (as `click_on`
            // puts it).
            let before = browser
                .script(&format!("document.querySelector('#give-{slug}-plus').scrollIntoView({{block: 'center'}}); {top}"))
                .await?
                .as_f64()
                .ok_or_else(|| BrowserError("no row".into()))?;
            browser.click_on(&format!("#give-{slug}-plus")).await?;
            let counted = format!("give.{slug}={n}#");
            let url = browser
                .wait_for_url("the row after a tap", |u| u.contains(&counted), Duration::from_secs(10))
                .await?;
            assert!(url.ends_with(&format!("#row-{slug}")), "the anchor stays, for no script: {url}");
            // The row stays where the thumb was, not pulled to the top of the screen.
            let mut after = f64::NAN;
            for _ in 0..50 {
                after = browser.script(&top).await?.as_f64().unwrap_or(f64::NAN);
                if (after - before).abs() <= 3.0 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(
                (after - before).abs() <= 3.0,
                "tap {n}: the row was {before} px from the top of the screen, then {after} px"
            );
            let value = browser
                .script(&format!("return document.querySelector('#give-{slug}').value"))
                .await?;
            assert_eq!(value, json!(n.to_string()), "the count survives the tap");
            let place = browser
                .script(&format!("const b = document.querySelector('#row-{slug}').getBoundingClientRect(); const bar = document.querySelector('#running-total').getBoundingClientRect(); return [b.top, b.bottom, window.innerHeight, window.scrollY, bar.top]"))
                .await?;
            let v = |i: usize| place[i].as_f64().unwrap_or(f64::NAN);
            assert!(v(3) > 0.0, "the page is scrolled down to the row: {place}");
            assert!(v(0) >= 0.0 && v(1) <= v(4), "the row is in view above the total bar: {place}");
        }
        browser.screenshot(&screenshot_path("handout-row.png")).await?;
        let bar = browser
            .script("const b = document.querySelector('#running-total'); return [b.getBoundingClientRect().height, b.querySelector('#save').getBoundingClientRect().height]")
            .await?;
        assert!(bar[0].as_f64().is_some_and(|h| h <= 64.0), "the total bar (and its button) is {bar} px tall");
        let total = browser.text_of("#total").await?;
        assert!(total.starts_with("2 items"), "{total}");
        let save = browser.text_of("#save").await?;
        assert_eq!(save, "Save hand-out", "the button states no count that may be stale");
        browser.click_on("#save").await?;
        browser
            .wait_for_url("the page after saving", |u| u.contains("saved="), Duration::from_secs(10))
            .await?;
        let flash = browser.text_of(".flash.ok").await?;
        assert!(flash.starts_with("Handed out 2 items at Willow: "), "{flash}");
        BrowserResult::Ok(bar)
    }
    .await;
    let quit = browser.quit().await;
    let bar = session.expect("browser session");
    quit.expect("quit the browser");
    println!("hand-out total bar at 360 px: {bar} px");
    app.assert_ledger_consistent();
}
