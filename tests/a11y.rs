//! Accessibility (issue 13) in a real browser on the demo season: axe-core, injected
//! through WebDriver (not the page, whose CSP allows no script), finds no serious or
//! critical violation on the converted pages, for each role, in English, French and
//! Arabic; minor and moderate ones are counted for docs/accessibility.md. Also takes
//! the 360 px screenshots of those pages in French and Arabic, to look at (RTL mirrors),
//! and checks that in the pseudo-locale `en-XA` no page is wider than the phone.
//!
//! axe-core comes from npm (`.ci/run` installs it); `HAUL_AXE` points at another
//! `axe.min.js`. Without it the test skips loudly, or fails under HAUL_REQUIRE_BROWSER=1.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::browser::{Browser, BrowserResult};
use common::{spawn_app, Backend};
use haul::auth::Role;

/// Converted pages (see tests/i18n.rs `CONVERTED`), with the name of their screenshot.
const PAGES: &[(&str, &str)] = &[
    ("/", "home"),
    ("/needs", "needs"),
    ("/collect?warehouse=unit-south", "collect"),
    ("/reports", "reports"),
    ("/report", "public-report"),
    ("/queue", "queue"),
    ("/intake", "intake"),
    ("/handouts", "handouts"),
    ("/history", "history"),
    ("/history/intake/1", "history-intake"),
    ("/safety", "safety"),
    ("/b", "find-box"),
    ("/labels", "labels"),
    // Van runs (the demo season's run is #1, to oak and heron, in planning).
    ("/runs", "runs"),
    ("/runs/1", "run"),
    ("/runs/1/sheet", "run-sheet"),
    ("/runs/1/stops/oak", "run-stop"),
    ("/triage", "triage"),
    ("/transfer", "transfer"),
    ("/stocktake", "stocktake"),
    ("/writeoff", "writeoff"),
    ("/stock", "stock"),
    ("/priorities", "priorities"),
    ("/partners", "partners"),
    ("/partners/offer", "partners-offer"),
    ("/partners/import", "partners-import"),
    ("/admin", "admin"),
    ("/admin/volunteers", "admin-volunteers"),
    ("/admin/vans", "admin-vans"),
    ("/admin/vans/transit", "admin-van"),
    ("/admin/places", "admin-places"),
    ("/admin/places/oak", "admin-place"),
    ("/admin/categories", "admin-categories"),
    ("/admin/categories/tent-2p", "admin-category"),
];
const LANGS: [&str; 3] = ["en", "fr", "ar"];

fn axe_source() -> Option<String> {
    let path = std::env::var_os("HAUL_AXE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/haul-axe/node_modules/axe-core/axe.min.js"))
        })?;
    std::fs::read_to_string(path).ok()
}

/// Runs axe on the page in the browser; answers (impact, rule, node count, help).
const RUN_AXE: &str = r#"
return axe.run(document, { resultTypes: ['violations'] }).then(r =>
  r.violations.map(v => [v.impact || 'minor', v.id, v.nodes.length, v.help,
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')]));
"#;

/// The page's width, the window's, and the first element reaching past the window.
const WIDEST: &str = r#"
const vw = document.documentElement.clientWidth;
let first = '';
for (const e of document.querySelectorAll('body *')) {
  const b = e.getBoundingClientRect();
  if (b.right > vw + 1 && !e.closest('svg')) { first = (e.tagName + '.' + e.className + ' ' + e.textContent.trim()).slice(0, 80); break; }
}
return [document.documentElement.scrollWidth, vw, first];
"#;

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

async fn audit(
    browser: &Browser,
    axe: &str,
    url: &str,
) -> BrowserResult<Vec<(String, String, u64, String, String)>> {
    browser.goto(url).await?;
    browser
        .script(&format!("{axe}\n;return typeof axe;"))
        .await?;
    let found = browser.script(RUN_AXE).await?;
    Ok(found
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| {
            (
                v[0].as_str().unwrap_or("minor").to_string(),
                v[1].as_str().unwrap_or("").to_string(),
                v[2].as_u64().unwrap_or(0),
                v[3].as_str().unwrap_or("").to_string(),
                v[4].as_str().unwrap_or("").to_string(),
            )
        })
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_on_the_converted_pages() {
    let Some(axe) = axe_source() else {
        let msg = "axe-core not installed (npm install axe-core into ~/.cache/haul-axe)";
        assert!(!common::browser::browser_required(), "{msg}");
        common::skipped(msg);
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.demo_season_with_a_run().await;
    let mut who = vec![(None, "nobody")];
    for role in Role::ALL {
        let handle = if role == Role::Coordinator {
            common::COORDINATOR_HANDLE.to_string()
        } else {
            let h = format!("axe-{}", role.as_str());
            app.add_user_and_login(&h, role).await;
            h
        };
        who.push((Some(handle), role.as_str()));
    }
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let session = async {
        browser.set_window_size(360, 740).await?;
        let mut serious = Vec::new();
        let mut minor: BTreeMap<(String, String), (u64, String)> = BTreeMap::new();
        let mut audited = 0;
        for (handle, role) in &who {
            for lang in LANGS {
                match handle {
                    Some(h) => {
                        browser
                            .log_in(&app.address, h, common::TEST_PASSWORD, "/")
                            .await?
                    }
                    None => browser.goto(&app.url("/login")).await?,
                }
                browser
                    .goto(&app.url(&format!("/lang/{lang}?next=/")))
                    .await?;
                let pages: Vec<&str> = match handle {
                    None => vec!["/login", "/report"],
                    Some(_) => PAGES.iter().map(|(p, _)| *p).collect(),
                };
                for path in pages {
                    let found = audit(&browser, &axe, &app.url(path)).await?;
                    let h1 = browser.text_of("h1").await.unwrap_or_default();
                    // A page this role may not open is a refusal page: audited too.
                    audited += 1;
                    for (impact, rule, nodes, help, targets) in found {
                        let at = format!("{role} {lang} {path} ({h1})");
                        if impact == "serious" || impact == "critical" {
                            serious.push(format!(
                                "{at}: {impact} {rule} ×{nodes}: {help} — {targets}"
                            ));
                        } else {
                            let e = minor.entry((impact, rule)).or_insert((0, help));
                            e.0 += nodes;
                        }
                    }
                }
                if handle.is_some() {
                    browser.goto(&app.url("/")).await?;
                    browser.log_out_to_login().await?;
                }
            }
        }
        let summary: Vec<String> = minor
            .iter()
            .map(|((impact, rule), (n, help))| format!("{impact} {rule} ×{n}: {help}"))
            .collect();
        println!(
            "axe: {audited} page views audited; minor/moderate:\n{}",
            summary.join("\n")
        );
        assert!(audited >= 40, "only {audited} pages audited");
        assert!(
            serious.is_empty(),
            "serious or critical ({}):\n{}",
            serious.len(),
            serious.join("\n")
        );

        // Screenshots at 360 px, French and Arabic, as the coordinator.
        browser
            .log_in(
                &app.address,
                common::COORDINATOR_HANDLE,
                common::TEST_PASSWORD,
                "/",
            )
            .await?;
        for lang in ["fr", "ar"] {
            browser
                .goto(&app.url(&format!("/lang/{lang}?next=/")))
                .await?;
            for (path, name) in PAGES {
                let expected = if lang == "ar" { "rtl" } else { "ltr" };
                browser.goto(&app.url(path)).await?;
                let dir = browser
                    .script("return document.documentElement.dir")
                    .await?;
                assert_eq!(dir.as_str(), Some(expected), "{lang} {path}");
                browser
                    .screenshot_full_page(&screenshot_path(&format!("i18n-{lang}-{name}.png")))
                    .await?;
            }
        }
        // The pseudo-locale's ~30 % longer words still fit a 360 px phone.
        browser.goto(&app.url("/lang/en-XA?next=/")).await?;
        let mut wide = Vec::new();
        for (path, _) in PAGES {
            browser.goto(&app.url(path)).await?;
            let w = browser.script(WIDEST).await?;
            let (page, view) = (w[0].as_u64().unwrap_or(0), w[1].as_u64().unwrap_or(0));
            if page > view {
                wide.push(format!(
                    "{path}: {page} px wide in a {view} px window ({})",
                    w[2]
                ));
            }
        }
        assert!(wide.is_empty(), "en-XA overflows: {wide:?}");
        browser.goto(&app.url("/lang/en?next=/")).await?;
        BrowserResult::Ok(())
    };
    let result = session.await;
    let _ = browser.quit().await;
    if let Err(e) = result {
        panic!("{e:?}");
    }
}
