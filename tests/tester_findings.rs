//! The last findings of fresh-eyes testers (issue 9) over HTTP, on both backends: the
//! demo season's vans, the plan's left-behind counts in words, the home page's true
//! language line, the setup link's clean addresses, a sheet's Find that keeps counts
//! out of the address, and the reports' downloads written as Arabic writes a list.

mod common;

use common::{cookie_client, form_action, page_text, post_page_form, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn demo_season(app: &TestApp) {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || haul::seed::demo(&db))
        .await
        .expect("join")
        .expect("demo season");
}

/// The text between `<p class="muted" id="{id}">`-like openings and the next `</p>` or
/// `</nav>`: one element of a page, by its id.
fn element<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {html}"));
    let rest = &html[at..];
    let end = ["</p>", "</nav>"]
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The demo season brings two vans of different sizes: a run for each can be started
/// and planned through the pages, alone and together, without adding a van first; the
/// plan says in words what its left-behind counts are, in every language.
async fn demo_vans_plan_a_run_and_a_day(app: TestApp) {
    demo_season(&app).await;
    let (s, vans) = app.get("/api/v1/vans").await;
    assert_eq!(s, StatusCode::OK, "{vans}");
    let vans = vans["vans"].as_array().cloned().unwrap_or_default();
    assert_eq!(vans.len(), 2, "{vans:?}");
    let size = |v: &Value| (v["capacity_l"].as_f64(), v["payload_kg"].as_f64());
    assert!(
        size(&vans[0]).0 != size(&vans[1]).0 && size(&vans[0]).1 != size(&vans[1]).1,
        "different volume and payload: {vans:?}"
    );
    // A second seeding adds no van.
    demo_season(&app).await;
    assert_eq!(
        app.get("/api/v1/vans").await.1["vans"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let day = today();
    let mut runs = Vec::new();
    for (van, stop) in [("long-van", "oak"), ("small-van", "heron")] {
        let (s, at, html) = app
            .post_form(
                "/runs",
                &[
                    ("van", van),
                    ("origin", "unit-south"),
                    ("stop1", stop),
                    ("departs_on", &day),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{van}: {html}");
        let id: i64 = at
            .as_deref()
            .and_then(|l| l.strip_prefix("/runs/"))
            .and_then(|l| l.split('?').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the run's page: {at:?}"));
        runs.push(id);
    }

    // The small van alone: what stays behind is counted in words, never a bare "(53)".
    let path = format!("/runs/{}/plan", runs[1]);
    for (lang, words) in [
        ("en", "still needed at the stops, not loaded: "),
        ("fr", "il en reste "),
        ("ar", "ما زال "),
    ] {
        let (s, _, html) = app.post_form_in(lang, &path, &[]).await;
        assert_eq!(s, StatusCode::OK, "{lang}: {html}");
        let left = html
            .split("<h3>")
            .nth(1)
            .and_then(|h| h.split("</ul>").next())
            .unwrap_or_else(|| panic!("{lang}: a left-behind list: {html}"));
        assert!(left.contains(words), "{lang}: {left}");
        assert!(
            !left.contains("</strong> ("),
            "{lang}: a bare count: {left}"
        );
    }

    // Both vans planned together, from the runs page's own form.
    let (s, _, html) = app.post_form(&format!("/runs/day/{day}/plan"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Long van") && html.contains("Small van"),
        "{html}"
    );
    for id in runs {
        let (_, run) = app.get(&format!("/api/v1/runs/{id}")).await;
        assert!(
            run["lines"].as_array().is_some_and(|l| !l.is_empty()),
            "run {id} planned: {run}"
        );
    }
}

/// The home page says where its language comes from, truly: the browser, the
/// collective's default, a choice on this phone, or the account's own setting; and
/// offers one link per language that switches and saves it.
async fn home_says_where_its_language_comes_from(app: TestApp) {
    let (_, html) = app.get_text_in("fr", "/").await;
    let line = element(&html, "language");
    assert!(
        line.contains("Français, la langue de votre navigateur"),
        "{line}"
    );
    assert!(!line.contains("Elle est enregistrée"), "{line}");
    let links = element(&html, "language-change");
    assert!(links.contains("compte"), "{links}");
    for code in ["en", "fr", "ar"] {
        assert!(
            html.contains(&format!("href=\"/lang/{code}?next=/\"")),
            "{code}: {html}"
        );
    }
    let (_, html) = app.get_text("/").await;
    assert!(
        element(&html, "language").contains("the collective's default language"),
        "{html}"
    );

    // Chosen on the login page, before the account had a language: this phone's.
    app.add_user_and_login("ana", haul::auth::Role::Crew).await;
    let (jar, browser) = cookie_client();
    let r = browser
        .get(app.url("/lang/fr?next=/login"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.page_login(&browser, "ana", "/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page_text(&browser, &app.url("/")).await;
    assert!(
        element(&html, "language").contains("choisi sur ce téléphone avant la connexion"),
        "{html}"
    );
    // The link saves it with the account: now it says so.
    let r = browser
        .get(app.url("/lang/ar?next=/"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page_text(&browser, &app.url("/")).await;
    // Arabic isolates the language's name (FSI … PDI) inside its sentence.
    assert!(
        element(&html, "language").contains("لغتك: \u{2068}العربية\u{2069}. هي محفوظة في حسابك"),
        "{html}"
    );
    // Another choice left on this phone (the cookie) while the account keeps Arabic.
    let url = app.url("/").parse().expect("url");
    jar.add_cookie_str("haul_lang=en; Path=/", &url);
    let html = page_text(&browser, &app.url("/")).await;
    assert!(
        element(&html, "language").contains(
            "This page is in English, chosen on this phone; your account's language is العربية"
        ),
        "{html}"
    );
}

/// The setup link leaves its address at once: the token goes into a cookie and the
/// browser on to a plain /setup; a good form lands on the home page, the token gone
/// from the browser too. Without the cookie nothing is shown and nobody is made.
async fn setup_lands_on_clean_addresses(_app: TestApp) {
    let app = common::spawn_app_without_users(_app.backend)
        .await
        .expect("bare app");
    let token = "setup-link-for-the-findings";
    *app.state.auth.setup_token.lock().expect("lock") = Some(token.into());
    let users = || async {
        let db = app.db.clone();
        db.read_blocking(|c| Ok(haul::auth::store::all(c)?.len()))
            .expect("users")
    };

    // No cookie: no form, and a post makes nobody.
    let (_jar, stranger) = cookie_client();
    let r = stranger.get(app.url("/setup")).send().await.expect("GET");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = stranger
        .post(app.url("/setup"))
        .form(&[("handle", "mal"), ("password", "a long enough passphrase")])
        .send()
        .await
        .expect("POST");
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(users().await, 0, "nothing changed");

    let (_jar, browser) = cookie_client();
    let r = browser
        .get(app.url(&format!("/setup?token={token}")))
        .send()
        .await
        .expect("GET link");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/setup");
    let set = r.headers()["set-cookie"].to_str().unwrap_or_default();
    assert!(
        set.contains("HttpOnly") && set.contains("Path=/setup"),
        "{set}"
    );
    let html = page_text(&browser, &app.url("/setup")).await;
    assert!(html.contains("<h1>Set up Haul</h1>"), "{html}");
    assert!(!html.contains(token), "the token is not on the page");
    assert_eq!(form_action(&html, 1), "/setup");

    // A refusal comes back at /setup too, the handle kept.
    let r = post_page_form(
        &browser,
        &app,
        &html,
        "/setup",
        &[("handle", "ana"), ("password", "short")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("page");
    assert_eq!(form_action(&html, 1), "/setup");
    assert!(html.contains("value=\"ana\""), "{html}");
    assert_eq!(users().await, 0, "nothing changed");

    let r = post_page_form(
        &browser,
        &app,
        &html,
        "/setup",
        &[("handle", "ana"), ("password", "our long shared secret")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/",
        "the home page's clean address"
    );
    let cleared = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("haul_setup=;") && c.contains("Max-Age=0"));
    assert!(cleared, "the spent token leaves the browser");
    assert_eq!(users().await, 1);
    let home = browser.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::OK, "logged in");
    let r = browser
        .get(app.url(&format!("/setup?token={token}")))
        .send()
        .await
        .expect("GET link");
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "the link works once");
}

/// A count sheet's Find and group buttons post the sheet back to itself: it comes
/// back narrowed at its plain address, every typed count kept, nothing written, and
/// a stocktake not even restated for confirmation.
async fn a_sheets_find_keeps_counts_out_of_the_address(app: TestApp) {
    app.receive("unit-east", "tent-2p", "good", 4).await;
    app.receive("unit-east", "sleeping-bag", "good", 10).await;
    let browser = app.browser_as(common::COORDINATOR_HANDLE).await;
    let before = app.stock_and_ledger().await;

    let sheet = page_text(&browser, &app.url("/transfer?from=unit-east")).await;
    assert!(!sheet.contains("formmethod=\"get\""), "{sheet}");
    let r = post_page_form(
        &browser,
        &app,
        &sheet,
        "/transfer",
        &[
            ("form_key", "find1"),
            ("from", "unit-east"),
            ("to", "unit-south"),
            ("q.tent-2p.good", "2"),
            ("q.sleeping-bag.good", ""),
            ("find", "sleep"),
            ("filter", "Find"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().as_str(), app.url("/transfer"), "a clean address");
    let page = r.text().await.expect("page");
    assert!(page.contains("id=\"q.sleeping-bag.good\""), "{page}");
    assert!(!page.contains("id=\"q.tent-2p.good\""), "narrowed: {page}");
    assert!(
        page.contains("<input type=\"hidden\" name=\"q.tent-2p.good\" value=\"2\""),
        "the hidden line's count kept: {page}"
    );
    assert!(page.contains("value=\"find1\""), "the same form key");
    assert!(
        page.contains("<option value=\"unit-south\" selected>"),
        "{page}"
    );
    assert_eq!(app.stock_and_ledger().await, before, "nothing written");

    let html = page_text(&browser, &app.url("/stocktake?location=unit-east")).await;
    let r = post_page_form(
        &browser,
        &app,
        &html,
        "/stocktake",
        &[
            ("form_key", "find2"),
            ("location", "unit-east"),
            ("reason", "monthly count"),
            ("n.tent-2p.good", "3"),
            ("n.sleeping-bag.good", "10"),
            ("find", ""),
            ("group.sleeping", "Sleeping"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().as_str(), app.url("/stocktake"));
    let page = r.text().await.expect("page");
    assert!(
        page.contains("<input type=\"hidden\" name=\"n.tent-2p.good\" value=\"3\""),
        "{page}"
    );
    assert!(page.contains("value=\"monthly count\""), "{page}");
    assert!(
        !page.contains("class=\"restated\""),
        "not confirmed: {page}"
    );
    assert_eq!(app.stock_and_ledger().await, before, "nothing written");

    // The sheet's own button still moves what was typed.
    let r = post_page_form(
        &browser,
        &app,
        &sheet,
        "/transfer",
        &[
            ("form_key", "find3"),
            ("from", "unit-east"),
            ("to", "unit-south"),
            ("q.tent-2p.good", "2"),
            ("find", "sleep"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 2);
}

/// The reports' downloads line is written as the page's language writes a list:
/// Arabic with its own comma, never the English one from code.
async fn reports_downloads_follow_the_language(app: TestApp) {
    let (s, html) = app.get_text_in("ar", "/reports").await;
    assert_eq!(s, StatusCode::OK);
    let line = element(&html, "downloads");
    assert!(line.contains("ملفات CSV: <a"), "{line}");
    assert!(line.contains("ملخص JSON"), "{line}");
    assert_eq!(line.matches("</a>، <a").count(), 3, "{line}");
    assert!(!line.contains(", "), "no Latin comma: {line}");
    let (_, html) = app.get_text_in("en", "/reports").await;
    let line = element(&html, "downloads");
    assert_eq!(line.matches("</a>, <a").count(), 3, "{line}");
    let (_, html) = app.get_text_in("fr", "/reports").await;
    assert!(
        element(&html, "downloads").contains("fichiers CSV\u{a0}: <a"),
        "{html}"
    );
}

on_both_backends!(
    demo_vans_plan_a_run_and_a_day,
    home_says_where_its_language_comes_from,
    setup_lands_on_clean_addresses,
    a_sheets_find_keeps_counts_out_of_the_address,
    reports_downloads_follow_the_language,
);
