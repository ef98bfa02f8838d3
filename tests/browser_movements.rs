//! The warehouse pages and the coordinator's report in a real browser at 360 × 740:
//! the need-coverage table needs no sideways scroll on a phone (each row a card, every
//! figure under its label) and is still a table on a laptop; triage and a refused
//! transfer in French and Arabic fit the screen with each error beside its field; a
//! long count sheet narrows to a group or a word keeping the counts typed; the hand-out
//! bar hides no row (its last row on screen and tappable) and totals only what would be
//! recorded; the needs page is one short block per site. Screenshots go to
//! target/screenshots/. Skips loudly without Chromium (fails under HAUL_REQUIRE_BROWSER=1).

mod common;

use common::browser::BrowserResult;
use common::sheets::{finish, phone_as, problems_of, screenshot_path, WIDER};
use common::{spawn_app, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn need_coverage_fits_a_phone_without_sideways_scroll() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    let Some(browser) = phone_as(&app, common::COORDINATOR_HANDLE, "/reports").await else {
        return;
    };
    let session = async {
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
    let ((problems, rows, header_shown), (wide_problems, wide_header)) =
        finish(browser, session).await;
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
    let Some(browser) = phone_as(&app, common::COORDINATOR_HANDLE, "/").await else {
        return;
    };
    let session = async {
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
            // "Mark usable" reads in the page's direction: its first letter on the right in Arabic.
            let arrow = browser
                .script(
                    "const n = document.querySelector('#t-tent-2p-needs-drying button[value=usable]').firstChild;
                     const at = i => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect().left; };
                     return at(0) > at(2);",
                )
                .await?;
            if arrow.as_bool() != Some(lang == "ar") {
                problems.push(format!("{lang}: \"Mark usable\" reads the wrong way"));
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
            // The sheet comes back at its top with the summary focused; its first link
            // brings the first box to put right into view.
            let focused = browser.script("return document.activeElement.id").await?;
            if focused != json!("error-summary") {
                problems.push(format!("{lang}: the summary is not focused ({focused})"));
            }
            browser.click_on("#error-summary a").await?;
            let shown = browser
                .script("const id = decodeURIComponent(location.hash.slice(1)); const b = document.getElementById(id).getBoundingClientRect(); return [id, b.top >= -1 && b.bottom <= window.innerHeight + 1, b.top, b.bottom, window.innerHeight, window.scrollY]")
                .await?;
            if shown[1] != json!(true) {
                problems.push(format!("{lang}: the first link does not show its box: {shown}"));
            }
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
    let (problems, said) = finish(browser, session).await;
    assert!(problems.is_empty(), "at 360 px:\n{}", problems.join("\n"));
    assert!(said[0].contains("en attente"), "{said:?}");
    assert!(said[0].contains("séchés → bon état"), "{said:?}");
    assert!(said[1].contains("Seulement "), "{said:?}");
    assert!(
        said[1].contains("Choisissez où vont les articles."),
        "{said:?}"
    );
    assert!(
        said[1].contains("Ce nombre doit valoir au moins 1."),
        "{said:?}"
    );
    assert!(said[2].contains("جُفِّفت ← جيد"), "{said:?}");
    assert!(said[3].contains("اختر إلى أين تذهب البضائع."), "{said:?}");
    assert_eq!(said[3].split(" | ").count(), 3, "{said:?}");
}

/// The stocktake sheet of the demo's South unit (a long one) on a phone: its reason is
/// in the first screen; a group chip narrows it, a word typed narrows it (Enter in the
/// box), "All" widens it again, and a count typed before stays through all three; it
/// fits the screen narrowed and not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_count_sheet_narrows_on_a_phone_keeping_the_counts() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    let Some(browser) = phone_as(&app, common::COORDINATOR_HANDLE, "/").await else {
        return;
    };
    let lines = "return document.querySelectorAll('form[action^=\"/stocktake\"] .line input[name^=\"n.\"]').length";
    let session = async {
        let mut problems = Vec::new();
        browser
            .goto(&app.url("/stocktake?location=unit-south"))
            .await?;
        let all = browser.script(lines).await?.as_u64().unwrap_or(0);
        browser
            .screenshot(&screenshot_path("stocktake-top-360.png"))
            .await?;
        let reason = browser
            .script("return document.querySelector('#reason').getBoundingClientRect().bottom <= window.innerHeight")
            .await?;
        if reason != json!(true) {
            problems.push("the reason is not in the first screen".to_string());
        }
        // One tent fewer than the books, then only the sleeping group.
        browser
            .script("const i = document.querySelector('input[name=\"n.tent-2p.good\"]'); i.value = String(+i.value - 1); return true")
            .await?;
        let typed = browser
            .script("return document.querySelector('input[name=\"n.tent-2p.good\"]').value")
            .await?;
        browser.click_on("input[name=\"group.sleeping\"]").await?;
        // The sheet comes back by POST: narrowed, at an address without the counts.
        browser
            .find("input[name=\"group.sleeping\"][aria-pressed=\"true\"]")
            .await?;
        let at = browser.current_url().await?;
        if !at.ends_with("/stocktake") {
            problems.push(format!("the sleeping group's address: {at}"));
        }
        browser
            .screenshot(&screenshot_path("stocktake-sleeping-360.png"))
            .await?;
        let sleeping = browser.script(lines).await?.as_u64().unwrap_or(0);
        let names = browser
            .script("return Array.from(document.querySelectorAll('form[action^=\"/stocktake\"] .line label.name')).map(l => l.firstChild.textContent.trim())")
            .await?;
        let kept = browser
            .script("const i = document.querySelector('input[name=\"n.tent-2p.good\"]'); return [i.type, i.value]")
            .await?;
        for p in problems_of(&browser.script(WIDER).await?) {
            problems.push(format!("narrowed: {p}"));
        }
        // A word, then Enter: the search, never the sheet's own button.
        browser.fill("#find", "bag").await?;
        browser.press("\u{E007}").await?;
        browser.find("input#find[value=\"bag\"]").await?;
        let bags = browser
            .script("return Array.from(document.querySelectorAll('form[action^=\"/stocktake\"] .line label.name')).map(l => l.firstChild.textContent.trim())")
            .await?;
        browser
            .screenshot(&screenshot_path("stocktake-find-360.png"))
            .await?;
        browser.click_on("input[name=clear]").await?;
        browser
            .find("input[name=clear][aria-pressed=\"true\"]")
            .await?;
        let again = browser.script(lines).await?.as_u64().unwrap_or(0);
        let back = browser
            .script("const i = document.querySelector('input[name=\"n.tent-2p.good\"]'); return [i.type, i.value]")
            .await?;
        for p in problems_of(&browser.script(WIDER).await?) {
            problems.push(format!("whole sheet: {p}"));
        }
        // The sheet still goes on to its confirmation, with the one difference.
        browser.fill("#reason", "monthly count").await?;
        browser
            .click_on("form[action^=\"/stocktake\"] button[type=submit]")
            .await?;
        let restated = browser.text_of(".restated").await?;
        BrowserResult::Ok((problems, all, sleeping, names, typed, kept, bags, again, back, restated))
    }
    .await;
    let (problems, all, sleeping, names, typed, kept, bags, again, back, restated) =
        finish(browser, session).await;
    assert!(problems.is_empty(), "at 360 px:\n{}", problems.join("\n"));
    assert!(all > 20, "a long sheet: {all} lines");
    assert!(sleeping > 0 && sleeping < all, "{sleeping} of {all}");
    assert!(
        names
            .as_array()
            .is_some_and(|n| n.iter().any(|x| x == "Sleeping bag")
                && !n.iter().any(|x| x == "Tent (2 person)")),
        "{names}"
    );
    assert_eq!(
        kept,
        json!(["hidden", typed]),
        "the count typed travels hidden"
    );
    assert!(
        bags.as_array().is_some_and(|n| !n.is_empty()
            && n.iter()
                .all(|x| x.as_str().is_some_and(|x| x.to_lowercase().contains("bag")))),
        "{bags}"
    );
    assert_eq!(again, all, "All shows every line again");
    assert_eq!(
        back,
        json!(["number", typed]),
        "the count typed is back in its box"
    );
    assert!(
        restated.contains("Tent (2 person)") && restated.contains("-1"),
        "{restated}"
    );
}

/// Oak's hand-out form on a phone with a dozen kinds of goods: scrolled to the end of
/// the form, the sticky total bar covers no row, no box and no button; after a save
/// refused for 999 blankets, the box keeps 999 beside its reason and the bar totals
/// only what would be recorded, saying a box needs putting right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_out_bar_hides_no_row_and_totals_what_is_kept() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    haul::seed::demo(&app.db).expect("demo season");
    let kinds = [
        "tent-2p",
        "blanket",
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
    ];
    let lines: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"category": k, "condition": "good", "quantity": 10}))
        .collect();
    let (s, body) = app.post_intake("unit-east", json!(lines)).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let moved: Vec<(&str, &str, i64)> = kinds.iter().map(|k| (*k, "good", 10)).collect();
    app.stock_site("unit-east", "oak", &moved).await;
    app.add_user_and_login("dist-jo", haul::auth::Role::Distributor)
        .await;
    let handouts = app.handouts_len().await;
    let Some(browser) = phone_as(&app, "dist-jo", "/handouts").await else {
        return;
    };
    // What the bar covers when the form is scrolled to its end: every control and row
    // of the form that reaches below the bar's top.
    const COVERED: &str = r#"
const f = document.querySelector('#handout-form');
const bar = document.querySelector('#running-total');
for (let i = 0; i < 3; i++) window.scrollTo(0, f.getBoundingClientRect().bottom + window.scrollY - window.innerHeight);
const top = bar.getBoundingClientRect().top;
const out = [];
for (const e of f.querySelectorAll('.stepper, .field, #update, details.unmet > summary')) {
  // A closed list's rows are not on screen, whatever their box says.
  if (bar.contains(e) || !e.checkVisibility()) continue;
  const b = e.getBoundingClientRect();
  if (b.height > 0 && b.bottom > top + 1 && b.top < window.innerHeight) out.push((e.id || e.className || e.tagName) + ' ' + Math.round(b.top) + '..' + Math.round(b.bottom) + ' under the bar at ' + Math.round(top));
}
return out;
"#;
    // The form's LAST stepper row, fully on screen above the bar and its + tappable
    // (what is under the middle of the + is the +): with the page scrolled to its
    // bottom, with the form scrolled to its end, and with its box focused.
    const LAST_ROW: &str = r#"
const f = document.querySelector('#handout-form');
const bar = document.querySelector('#running-total');
const rows = [...f.querySelectorAll('.stepper')].filter(e => e.checkVisibility());
const last = rows[rows.length - 1];
const out = [];
const check = when => {
  const b = last.getBoundingClientRect(), top = Math.min(bar.getBoundingClientRect().top, window.innerHeight);
  if (b.top < 0 || b.bottom > top + 0.5) out.push(when + ': ' + last.id + ' at ' + Math.round(b.top) + '..' + Math.round(b.bottom) + ', the bar from ' + Math.round(top));
  const p = last.querySelector('button[value$=":+1"]').getBoundingClientRect();
  const hit = document.elementFromPoint(p.left + p.width / 2, p.top + p.height / 2);
  if (!hit || hit.closest('.stepper') !== last) out.push(when + ': the + of ' + last.id + ' is under ' + (hit ? hit.tagName + '.' + hit.className : 'nothing'));
};
window.scrollTo(0, document.documentElement.scrollHeight);
check('the page at its bottom');
window.scrollTo(0, f.getBoundingClientRect().bottom + window.scrollY - window.innerHeight);
check('the form at its end');
window.scrollTo(0, 0);
last.querySelector('input').focus();
check('its box focused');
document.activeElement.blur();
return out;
"#;
    let session = async {
        // One tap to the site.
        browser.click_on("#site-links a[href=\"/handouts?site=oak\"]").await?;
        browser
            .wait_for_url("Oak's form", |u| u.ends_with("site=oak"), std::time::Duration::from_secs(10))
            .await?;
        let mut problems = problems_of(&browser.script(LAST_ROW).await?);
        problems.extend(problems_of(&browser.script(COVERED).await?));
        browser
            .screenshot(&screenshot_path("handout-end-360.png"))
            .await?;
        browser
            .script("document.querySelector('#unmet-section').open = true; return true")
            .await?;
        for script in [LAST_ROW, COVERED] {
            for p in problems_of(&browser.script(script).await?) {
                problems.push(format!("with the asked-for list open: {p}"));
            }
        }
        browser
            .screenshot(&screenshot_path("handout-end-open-360.png"))
            .await?;
        // A box focused from the top of the page (a keyboard's Next, a tap on a label)
        // is brought into view clear of the bar.
        let focused = browser
            .script("window.scrollTo(0, 0); const rows = document.querySelectorAll('#handout-form .stepper[id^=\"row-\"]:not([id^=\"row-unmet-\"]) input'); const i = rows[rows.length - 1]; i.focus(); return [i.getBoundingClientRect().bottom, document.querySelector('#running-total').getBoundingClientRect().top]")
            .await?;
        let (bottom, bar) = (focused[0].as_f64(), focused[1].as_f64());
        // Either figure missing counts as a problem too.
        if !matches!((bottom, bar), (Some(b), Some(t)) if b <= t) {
            problems.push(format!("the last box focused is under the bar: {focused}"));
        }
        browser
            .screenshot(&screenshot_path("handout-focused-360.png"))
            .await?;
        // Two tents and 999 blankets: refused, nothing saved.
        browser
            .script("document.querySelector('#give-tent-2p').value = '2'; const b = document.querySelector('#give-blanket'); b.value = '999'; document.querySelector('#handout-form').noValidate = true; return true")
            .await?;
        browser.click_on("#save").await?;
        browser.find(".flash.error").await?;
        let total = browser.text_of("#total").await?;
        // The summary on top is focused and leads to the box; the box's steppers go by
        // the 999 it keeps: − may lower it, + may not raise it.
        let focus = browser
            .script("return [document.activeElement.id, document.querySelector('#error-summary a[href=\"#give-blanket\"]') !== null, document.querySelector('#give-blanket-minus').disabled, document.querySelector('#give-blanket-plus').disabled, document.querySelector('#pick-site') === null]")
            .await?;
        if focus != json!(["error-summary", true, false, true, true]) {
            problems.push(format!("after the refusal (focus, link, − off, + off, no list): {focus}"));
        }
        let blanket = browser
            .script("const b = document.querySelector('#give-blanket'); return [b.value, b.getAttribute('aria-invalid'), document.getElementById(b.getAttribute('aria-describedby')).textContent]")
            .await?;
        browser
            .script("document.querySelector('#give-blanket').scrollIntoView({block: 'center'}); return true")
            .await?;
        browser
            .screenshot(&screenshot_path("handout-refused-999-360.png"))
            .await?;
        // The form's hidden first button (Enter recounts) sits off screen on purpose.
        for p in problems_of(&browser.script(WIDER).await?)
            .into_iter()
            .filter(|p| !p.contains("default-action"))
        {
            problems.push(format!("refused: {p}"));
        }
        let bar = browser
            .script("return document.querySelector('#running-total').getBoundingClientRect().height")
            .await?;
        // A count typed by hand shows in the bar at once, no "Update total" needed.
        let typed = browser.find("#give-blanket").await?;
        typed.clear().await?;
        typed.send_keys("3").await?;
        let live = browser.text_of("#total").await?;
        let plus = browser
            .script("return document.querySelector('#give-blanket-plus').disabled")
            .await?;
        BrowserResult::Ok((problems, total, blanket, bar, live, plus))
    }
    .await;
    let (problems, total, blanket, bar, live, plus) = finish(browser, session).await;
    assert!(
        live.starts_with("5 items"),
        "the bar follows typing: {live}"
    );
    assert_eq!(plus, json!(false), "3 of 10: + may raise it");
    assert!(problems.is_empty(), "at 360 px:\n{}", problems.join("\n"));
    assert_eq!(
        blanket,
        json!(["999", "true", "Only 10 here to hand out."]),
        "the refused count stays in its box, its reason beside it"
    );
    assert!(
        total.starts_with("2 items") && total.contains("1 box to fix"),
        "{total}"
    );
    assert!(
        bar.as_f64().is_some_and(|h| h <= 64.0),
        "the bar is {bar} px tall"
    );
    assert_eq!(app.handouts_len().await, handouts, "nothing saved");
    app.assert_ledger_consistent();
}

/// `/needs` on the demo season at 360 × 740 is quick to scan: one short block per site
/// (its largest unmet needs, what its hand-outs asked for, one thumb-sized way in),
/// the whole page within about two screens; a block's button opens that site in full,
/// with its chart, its table and the form that states a need for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_needs_page_is_quick_to_scan_on_a_phone() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    haul::seed::demo(&app.db).expect("demo season");
    let Some(browser) = phone_as(&app, common::COORDINATOR_HANDLE, "/needs").await else {
        return;
    };
    const SHAPE: &str = r#"
const ways = [...document.querySelectorAll('section.site-summary a.open-site')];
return [document.documentElement.scrollHeight, document.querySelectorAll('section.site-summary').length,
  ways.filter(a => a.getBoundingClientRect().height < 44).map(a => a.textContent),
  document.querySelectorAll('main svg, main table, main form[action="/needs"]').length];
"#;
    let session = async {
        let overview = browser.script(SHAPE).await?;
        let mut problems = problems_of(&browser.script(WIDER).await?);
        browser
            .screenshot_full_page(&screenshot_path("needs-360.png"))
            .await?;
        browser.click_on("#oak a.open-site").await?;
        browser
            .wait_for_url("Oak open", |u| u.contains("site=oak"), std::time::Duration::from_secs(10))
            .await?;
        let open = browser
            .script("return [document.documentElement.scrollHeight, !!document.querySelector('section#oak svg'), !!document.querySelector('section#oak table'), !!document.querySelector('#state input[name=site][value=oak]'), document.querySelectorAll('section.site-summary').length]")
            .await?;
        problems.extend(problems_of(&browser.script(WIDER).await?));
        browser
            .screenshot_full_page(&screenshot_path("needs-oak-360.png"))
            .await?;
        BrowserResult::Ok((overview, open, problems))
    }
    .await;
    let (overview, open, problems) = finish(browser, session).await;
    eprintln!("/needs at 360 px: {overview}; /needs?site=oak: {open}");
    assert!(problems.is_empty(), "at 360 px: {problems:#?}");
    assert_eq!(overview[1], 4, "one block per site: {overview}");
    assert_eq!(overview[2], json!([]), "ways in 44 px tall: {overview}");
    assert_eq!(
        overview[3], 0,
        "no chart, table or form before a site is open: {overview}"
    );
    assert!(
        overview[0].as_f64().is_some_and(|h| h <= 2.0 * 740.0),
        "about two screens at most: {overview}"
    );
    assert_eq!(
        open,
        json!([open[0], true, true, true, 3]),
        "Oak in full: {open}"
    );
}

/// After a one-tap move far down a long triage list (the demo's East unit), the page
/// opens at the row that moved with its confirmation on screen, not above it, and the
/// Find box narrows the list to what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_confirms_on_screen_at_360() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    let Some(browser) = phone_as(
        &app,
        common::COORDINATOR_HANDLE,
        "/triage?location=unit-east",
    )
    .await
    else {
        return;
    };
    let session = async {
        // The last row with more than one waiting: one of them is moved.
        let id = browser
            .script(
                "const rows = [...document.querySelectorAll('div.triage')].filter(r => Number(r.querySelector('input[type=number]').max) > 1);
                 const r = rows[rows.length - 1]; r.querySelector('input[type=number]').value = '1';
                 return [r.id, document.querySelectorAll('div.triage').length];",
            )
            .await?;
        let row = id[0].as_str().unwrap_or_default().to_string();
        browser
            .click_on(&format!("#{row} button[value=good]"))
            .await?;
        let css = format!("#{row} .flash.ok");
        browser.find(&css).await?;
        let seen = browser
            .script(&format!(
                "const f = document.querySelector('{css}').getBoundingClientRect();
                 const n = document.querySelector('#{row} input[type=number]').getBoundingClientRect();
                 const h = window.innerHeight;
                 return [f.top >= 0 && f.bottom <= h, n.top >= 0 && n.bottom <= h, window.scrollY, document.querySelector('{css}').textContent];"
            ))
            .await?;
        browser
            .screenshot(&screenshot_path("triage-moved-360.png"))
            .await?;
        // Find narrows the list of the East unit to tents.
        browser.goto(&app.url("/triage?location=unit-east")).await?;
        browser.fill("#find", "tent").await?;
        browser.click_on("#find-button").await?;
        browser.find("#filter-shown").await?;
        let names = browser
            .script("return [...document.querySelectorAll('div.triage .name strong')].map(e => e.textContent)")
            .await?;
        BrowserResult::Ok((id, seen, names))
    }
    .await;
    let (id, seen, names) = finish(browser, session).await;
    assert!(id[1].as_u64().is_some_and(|n| n >= 20), "a long list: {id}");
    assert_eq!(seen[0], json!(true), "the confirmation on screen: {seen}");
    assert_eq!(seen[1], json!(true), "its row's box on screen: {seen}");
    assert!(
        seen[2].as_f64().is_some_and(|y| y > 740.0),
        "far down: {seen}"
    );
    assert!(
        seen[3].as_str().is_some_and(|t| t.starts_with("Dried 1 ")
            || t.starts_with("Cleaned 1 ")
            || t.starts_with("Repaired 1 ")),
        "{seen}"
    );
    let names: Vec<&str> = names
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.to_lowercase().contains("tent")),
        "{names:?}"
    );
}
