//! The history pages, on SQLite and PostgreSQL: lists newest first, filtered and 25 a
//! page, each change with a detail page of its entries by name; corrections and undo
//! through page forms, with every refusal (no reason, quantity below 0, stale form
//! key, missing CSRF token, wrong role, late or foreign undo) leaving nothing changed.

mod common;

use common::{cookie_client, page_text, TestApp, COORDINATOR_HANDLE};
use diesel::prelude::*;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The `action` of the form with this id, unescaped.
fn action_of(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no form #{id} in {html}"));
    html[at..]
        .split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an action")
        .replace("&amp;", "&")
}

/// The value of the hidden form key inside the form with this id.
/// The markup from `start` to the end of its element (or of the page).
fn section<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let rest = &html[from..];
    let end = ["</section>", "</table>"]
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

fn form_key_of(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).expect("form");
    html[at..]
        .split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a form key")
        .to_string()
}

/// A page as the holder of `token` reads it in `lang`.
async fn page_in(app: &TestApp, token: &str, path: &str, lang: &str) -> String {
    let r = app
        .plain
        .get(app.url(path))
        .bearer_auth(token)
        .header("Accept-Language", lang)
        .send()
        .await
        .expect("GET");
    r.text().await.unwrap_or_default()
}

async fn state_of(app: &TestApp) -> (Value, usize) {
    (app.stock_snapshot().await, app.ledger_len().await)
}

/// Posts a page form as the browser does: `fields` and the session's token in the body.
async fn post(
    browser: &reqwest::Client,
    app: &TestApp,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let page = page_text(browser, &app.url("/history")).await;
    post_as_sent(browser, app, action, &common::with_csrf(&page, fields)).await
}

/// Posts exactly `fields`, no token added: for a missing or misplaced one.
async fn post_as_sent<F: serde::Serialize + ?Sized>(
    browser: &reqwest::Client,
    app: &TestApp,
    action: &str,
    fields: &F,
) -> (StatusCode, Option<String>, String) {
    common::answer_of(
        browser
            .post(app.url(action))
            .form(fields)
            .send()
            .await
            .expect("POST"),
    )
    .await
}

/// Sends the form `form` of the change page `detail` with `fields` (its form key added),
/// expects it refused with 422 and the stock and ledger as they were, and answers the
/// page that comes back.
async fn refused_form(
    b: &reqwest::Client,
    app: &TestApp,
    detail: &str,
    form: &str,
    fields: &[(&str, &str)],
) -> String {
    refused_with(
        b,
        app,
        detail,
        form,
        fields,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// As `refused_form`, with the refusal's `status` (409 for what the ledger refuses).
async fn refused_with(
    b: &reqwest::Client,
    app: &TestApp,
    detail: &str,
    form: &str,
    fields: &[(&str, &str)],
    status: StatusCode,
) -> String {
    let before = state_of(app).await;
    let key = form_key_of(detail, form);
    let mut sent = vec![("form_key", key.as_str())];
    sent.extend_from_slice(fields);
    let (s, location, html) = post(b, app, &action_of(detail, form), &sent).await;
    assert_eq!(s, status, "{fields:?}: {location:?} {html}");
    assert_eq!(state_of(app).await, before, "nothing changed: {fields:?}");
    html
}

/// The error shown under the input `id` (what its `aria-describedby` points at).
fn error_beside(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let tag = &html[at..at + html[at..].find('>')?];
    let described = tag.split("aria-describedby=\"").nth(1)?.split('"').next()?;
    let err = html.find(&format!("id=\"{described}\">"))?;
    // The first text inside it (the messages sit in their own paragraphs).
    html[err..]
        .split('>')
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or_default())
        .find(|t| !t.trim().is_empty())
        .map(str::to_string)
}

async fn lists_are_newest_first_filtered_and_paginated(app: TestApp) {
    let mut ids = Vec::new();
    for i in 0..27 {
        let wh = if i % 3 == 0 {
            "unit-south"
        } else {
            "unit-east"
        };
        ids.push(app.intake_tents(wh, 1 + i).await);
    }
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let first = page_text(&b, &app.url("/history?kind=intakes")).await;
    assert_eq!(first.matches("class=\"change\"").count(), 25, "{first}");
    let newest = format!("/history/intake/{}", ids[26]);
    let oldest = format!("/history/intake/{}", ids[0]);
    assert!(first.find(&newest) < first.find(&format!("/history/intake/{}", ids[25])));
    assert!(!first.contains(&format!("\"{oldest}\"")));
    assert!(first.contains("Tent (2 person)"), "names, not slugs");
    let older = first
        .split("class=\"older\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an older link")
        .replace("&amp;", "&");
    let second = page_text(&b, &app.url(&older)).await;
    assert_eq!(second.matches("class=\"change\"").count(), 2, "{second}");
    assert!(second.contains(&format!("\"{oldest}\"")));
    assert!(!second.contains("class=\"older\""));

    // By warehouse, by date.
    let south = page_text(&b, &app.url("/history?kind=intakes&location=unit-south")).await;
    assert_eq!(south.matches("class=\"change\"").count(), 9);
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let later = page_text(
        &b,
        &app.url(&format!("/history?kind=intakes&from={tomorrow}")),
    )
    .await;
    assert_eq!(later.matches("class=\"change\"").count(), 0);
    for bad in [
        "/history?kind=intakes&location=atlantis",
        "/history?kind=intakes&from=monday",
        "/history?kind=secrets",
    ] {
        let r = b.get(app.url(bad)).send().await.unwrap();
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }

    // The detail page: facts and entries by name.
    let detail = page_text(&b, &app.url(&newest)).await;
    assert!(detail.contains("id=\"entries\""), "{detail}");
    // The source stored as a code reads as words.
    assert!(detail.contains("Glastonbury 2026"), "{detail}");
    assert!(detail.contains("Tent (2 person)"));
    assert!(detail.contains("+27"));

    // Roles: crew sees intakes only, a distributor hand-outs only.
    app.add_user_and_login("cass", Role::Crew).await;
    app.add_user_and_login("dina", Role::Distributor).await;
    let crew = app.browser_as("cass").await;
    let r = crew.get(app.url("/history")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains(&newest));
    let r = crew
        .get(app.url("/history?kind=movements"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let dist = app.browser_as("dina").await;
    let r = dist.get(app.url(&newest)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = dist.get(app.url("/history")).send().await.unwrap();
    assert!(!r.text().await.unwrap().contains(&newest));
    for missing in [
        "/history/intake/999999",
        "/history/bogus/1",
        "/history/intake/x",
    ] {
        let r = b.get(app.url(missing)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    // No session: to the login page.
    let (_jar, nobody) = cookie_client();
    let r = nobody.get(app.url("/history")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn a_coordinator_corrects_a_wrong_intake_through_the_pages(app: TestApp) {
    let crew_token = app.add_user_and_login("cass", Role::Crew).await;
    let (s, body) = app.post_as(&crew_token, "/api/v1/intakes", &json!({"source": "glastonbury-2026", "warehouse": "unit-east", "received_on": "2026-06-29",
                "lines": [{"category": "tent-2p", "condition": "good", "quantity": 12}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let path = format!("/history/intake/{id}");
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let page = page_text(&b, &app.url(&path)).await;
    let lines_action = action_of(&page, "correct-lines");
    let key = form_key_of(&page, "correct-lines");

    // Refusals first: nothing changes.
    let before = state_of(&app).await;
    for (fields, status) in [
        (
            vec![
                ("mode", "lines"),
                ("location", "unit-south"),
                ("q.tent-2p.good", "12"),
                ("reason", ""),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("mode", "lines"),
                ("location", "unit-south"),
                ("q.tent-2p.good", "-1"),
                ("reason", "wrong"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("mode", "lines"),
                ("location", "unit-south"),
                ("q.tent-2p.good", "0"),
                ("reason", "wrong"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("mode", "lines"),
                ("location", "oak"),
                ("q.tent-2p.good", "12"),
                ("reason", "wrong"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("mode", "sideways"), ("reason", "wrong")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let mut with_key = fields.clone();
        with_key.push(("form_key", "refused1"));
        let (s, _, html) = post(&b, &app, &lines_action, &with_key).await;
        assert_eq!(s, status, "{fields:?}");
        assert!(
            html.contains("flash error"),
            "{fields:?}: the reason is shown"
        );
        assert_eq!(state_of(&app).await, before, "{fields:?}");
    }
    // Typed values are kept beside the refusal.
    let (_, _, html) = post(
        &b,
        &app,
        &lines_action,
        &[
            ("mode", "lines"),
            ("location", "unit-south"),
            ("q.tent-2p.good", "11"),
            ("reason", ""),
        ],
    )
    .await;
    assert!(html.contains("value=\"11\""), "{html}");
    // Without the session's CSRF token, or with it in the address only.
    assert_eq!(
        lines_action,
        format!("{path}/correct"),
        "no token in the address"
    );
    let token = common::csrf_in(&page);
    for action in [
        lines_action.clone(),
        format!("{lines_action}?csrf=forged"),
        format!("{lines_action}?csrf={token}"),
    ] {
        let (s, _, _) = post_as_sent(
            &b,
            &app,
            &action,
            &[("mode", "reverse"), ("reason", "wrong"), ("form_key", "k2")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{action}");
    }
    assert_eq!(state_of(&app).await, before);

    // The correction: the 12 tents belong at Unit South.
    let fields = [
        ("form_key", key.as_str()),
        ("mode", "lines"),
        ("location", "unit-south"),
        ("q.tent-2p.good", "12"),
        ("reason", "logged at the wrong warehouse"),
    ];
    let (s, location, body) = post(&b, &app, &lines_action, &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let location = location.expect("a redirect");
    assert!(
        location.starts_with(&format!("{path}?corrected=")),
        "{location}"
    );
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 0);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 12);
    let after = state_of(&app).await;
    // The same form sent again (a double tap) saves once; its key with another body is refused.
    let (s, _, _) = post(&b, &app, &lines_action, &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app).await, after);
    let mut stale = fields.to_vec();
    stale[4] = ("reason", "something else");
    let (s, _, html) = post(&b, &app, &lines_action, &stale).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("flash error"));
    assert_eq!(state_of(&app).await, after);

    // The page of the intake shows its correction; the correction's page links back.
    let page = page_text(&b, &app.url(&location)).await;
    assert!(page.contains("Correction #"), "{page}");
    assert!(page.contains("logged at the wrong warehouse"));
    assert!(page.contains("flash ok"));
    // It shows the intake as it now stands, not only as it was recorded.
    assert!(
        page.contains("now stands as shown under “As it stands now”"),
        "{page}"
    );
    let now = section(&page, "id=\"now\"");
    assert!(now.contains("unit-south") && now.contains("+12"), "{now}");
    assert!(
        !now.contains("unit-east"),
        "nothing stays at Unit East: {now}"
    );
    assert!(
        page.contains("unit-south (recorded as unit-east)"),
        "the warehouse as it stands: {page}"
    );
    let entries = section(&page, "id=\"entries\"");
    assert!(
        entries.contains("-12") && entries.contains("correction #"),
        "the correction's own entries: {entries}"
    );
    assert!(page.contains("corrected by"), "{page}");
    let list = page_text(&b, &app.url("/history?kind=intakes")).await;
    assert!(list.contains("corrected by <a"), "{list}");
    let corr = page
        .split("href=\"/history/correction/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("link to the correction")
        .to_string();
    let cpage = page_text(&b, &app.url(&format!("/history/correction/{corr}"))).await;
    assert!(cpage.contains(&format!("href=\"{path}\"")), "{cpage}");
    assert!(cpage.contains("unit-south"));

    // The crew member who logged it sees it; another crew member may not correct it.
    app.add_user_and_login("cato", Role::Crew).await;
    let other = app.browser_as("cato").await;
    let html = page_text(&other, &app.url(&path)).await;
    assert!(
        !html.contains("id=\"reverse\""),
        "no form for someone else's change"
    );
    let (s, _, _) = post(
        &other,
        &app,
        &format!("{path}/correct"),
        &[
            ("mode", "reverse"),
            ("reason", "mine now"),
            ("form_key", "cato1"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(state_of(&app).await, after);

    // Reversed entirely (a correction of the whole, after the first).
    let page = page_text(&b, &app.url(&path)).await;
    let (s, _, body) = post(
        &b,
        &app,
        &action_of(&page, "reverse"),
        &[
            ("form_key", &form_key_of(&page, "reverse")),
            ("mode", "reverse"),
            ("reason", "never arrived"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(app.stock_snapshot().await, json!([]));
    let page = page_text(&b, &app.url(&path)).await;
    assert!(page.contains("reversed by"), "{page}");
    assert!(section(&page, "id=\"now\"").contains("took it all back"));
    let list = page_text(&b, &app.url("/history?kind=intakes")).await;
    assert!(list.contains("reversed by <a"), "{list}");
    app.assert_ledger_consistent();
}

async fn a_distributor_undoes_a_hand_out_in_one_tap(app: TestApp) {
    app.intake_tents("unit-east", 10).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 10)])
        .await;
    let dina_token = app.add_user_and_login("dina", Role::Distributor).await;
    let dee_token = app.add_user_and_login("dee", Role::Distributor).await;
    let handout = |token: String, q: i64| {
        let app = &app;
        async move {
            let (s, body) = app
                .with_token(Some(token))
                .request(
                    reqwest::Method::POST,
                    "/api/v1/handouts",
                    Some(&json!({"site": "oak", "handed_out_on": chrono::Utc::now().date_naive().to_string(),
                        "lines": [{"category": "tent-2p", "quantity": q}]})),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{body}");
            body["id"].as_i64().unwrap()
        }
    };
    let h = handout(dina_token.clone(), 4).await;
    let dina = app.browser_as("dina").await;
    // The confirmation after saving offers the undo.
    let confirmation = page_text(
        &dina,
        &app.url(&format!("/handouts?site=oak&saved={h}&items=4")),
    )
    .await;
    assert!(
        confirmation.contains(&format!("/history/hand-out/{h}/undo")),
        "{confirmation}"
    );
    let list = page_text(&dina, &app.url("/history")).await;
    assert!(
        list.contains(&format!("/history/hand-out/{h}/undo")),
        "an undo button: {list}"
    );
    // Each change one plain line: what, where, how many, by whom; then the goods.
    assert!(
        list.contains("Hand-out at oak, 4 items, by <bdi>dina</bdi>"),
        "{list}"
    );
    assert!(list.contains("4 Tent (2 person) (Good)"), "{list}");
    // The button on the list: one tap.
    let action = list
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.contains("/undo"))
        .unwrap()
        .replace("&amp;", "&");
    let key = list
        .split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let (s, location, _) = post(&dina, &app, &action, &[("form_key", &key)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(location.unwrap().contains("undone="));
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 10);
    let page = page_text(&dina, &app.url(&format!("/history/hand-out/{h}"))).await;
    assert!(page.contains("undone by"), "{page}");
    let list = page_text(&dina, &app.url("/history")).await;
    assert!(list.contains("undone by <a"), "the list marks it: {list}");

    // Someone else's change: refused with a clear message, nothing changed.
    let h2 = handout(dee_token, 2).await;
    let before = state_of(&app).await;
    let (s, _, html) = post(
        &dina,
        &app,
        &action.replace(&format!("/{h}/"), &format!("/{h2}/")),
        &[("form_key", "foreign1")],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("only dee can undo"), "{html}");
    assert_eq!(state_of(&app).await, before);

    // After ten minutes.
    let h3 = handout(dina_token, 1).await;
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(11);
    app.db
        .write_blocking(move |c| {
            use haul::db::schema::ledger_entries as le;
            diesel::update(
                le::table
                    .filter(le::cause.eq("hand-out"))
                    .filter(le::cause_id.eq(h3)),
            )
            .set(le::at.eq(at))
            .execute(c)?;
            Ok(())
        })
        .expect("back-date");
    let list = page_text(&dina, &app.url("/history")).await;
    assert!(
        !list.contains(&format!("/history/hand-out/{h3}/undo")),
        "no button after 10 minutes"
    );
    let before = state_of(&app).await;
    let (s, _, html) = post(
        &dina,
        &app,
        &action.replace(&format!("/{h}/"), &format!("/{h3}/")),
        &[("form_key", "late1")],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("more than 10 minutes"), "{html}");
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

/// A hand-edited address on a page gets a page back, never the API's JSON; the API
/// keeps its JSON.
async fn a_page_error_is_a_page_and_an_api_error_stays_json(app: TestApp) {
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    for path in ["/history/intake/999999", "/history/nonsense/1"] {
        let r = b.get(app.url(path)).send().await.expect("GET");
        assert!(r.status().is_client_error(), "{path}: {}", r.status());
        let kind = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.expect("body");
        assert!(kind.starts_with("text/html"), "{path}: {kind}: {body}");
        assert!(!body.contains("{\"error\""), "{path}: {body}");
    }
    let (s, body) = app.get("/api/v1/boxes/ZZZZZZ").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body["error"]["code"].is_string(), "{body}");
}

/// The intake list says where each intake came from, and every word of the history is
/// a name: the warehouse as volunteers call it, the goods by name, also in an error.
async fn intake_history_names_its_source_and_places(app: TestApp) {
    let (s, body) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "unit-west", "name": "West unit", "kind": "warehouse"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post(
            "/api/v1/intakes",
            &json!({"source": "Boomtown 2026", "warehouse": "unit-west", "received_on": "2026-08-16",
                    "lines": [{"category": "tent-2p", "condition": "good", "quantity": 4}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().expect("intake id");
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let list = page_text(&b, &app.url("/history?kind=intakes")).await;
    let item = &list[list.find("class=\"change\"").expect("the intake")..];
    let item = &item[..item.find("</li>").expect("its end")];
    assert!(
        item.contains("From <strong>Boomtown 2026</strong>"),
        "the source: {item}"
    );
    assert!(
        item.contains("Intake at West unit, 4 items, by <bdi>"),
        "{item}"
    );
    assert!(item.contains("4 Tent (2 person) (Good)"), "{item}");
    assert!(!item.contains("unit-west"), "{item}");
    assert!(
        !list.contains(">unit-west<") && !list.contains("tent-2p good"),
        "{list}"
    );
    // A long intake is summed up in a few entries; its page has them all.
    let six: Vec<Value> = [
        "good",
        "usable",
        "needs-drying",
        "needs-cleaning",
        "needs-repair",
        "unusable",
    ]
    .iter()
    .map(|c| json!({"category": "blanket", "condition": c, "quantity": 1}))
    .collect();
    let (s, body) = app.post_intake("unit-west", json!(six)).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let list = page_text(&b, &app.url("/history?kind=intakes")).await;
    let item = &list[list.find("class=\"change\"").expect("the newest")..];
    let item = &item[..item.find("</li>").expect("its end")];
    assert!(
        item.contains("Intake at West unit, 6 items, by <bdi>")
            && item.contains("1 Blanket (Needs cleaning); and 2 more"),
        "{item}"
    );

    // A correction typed wrong is refused naming the goods, and changes nothing.
    let detail_path = format!("/history/intake/{id}");
    let detail = page_text(&b, &app.url(&detail_path)).await;
    assert!(
        detail.contains("West unit") && detail.contains("Boomtown 2026"),
        "{detail}"
    );
    // Headings in plain words, not the books' ("Ledger entries", "Qty").
    assert!(
        detail.contains("<h2>What it changed in stock</h2>") && detail.contains(">How many</th>"),
        "{detail}"
    );
    let html = refused_form(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-west"),
            ("q.tent-2p.good", "four"),
            ("reason", "miscounted"),
        ],
    )
    .await;
    assert!(
        html.contains(
            "Tent (2 person) (Good): “four” is not a whole number: type digits only, like 3."
        ),
        "{html}"
    );
}

/// A correction without a reason is refused with the error beside the reason field
/// (read with it through `aria-describedby`), what was typed kept, nothing changed; in
/// French the error is French.
async fn a_missing_reason_is_shown_beside_its_field(app: TestApp) {
    let id = app.intake_tents("unit-east", 12).await;
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let path = format!("/history/intake/{id}");
    let detail = page_text(&b, &app.url(&path)).await;
    // Lines form: a new quantity and another warehouse typed, the reason left blank.
    let html = refused_form(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-south"),
            ("q.tent-2p.good", "10"),
            ("reason", "   "),
        ],
    )
    .await;
    let form = section(&html, "id=\"correct-lines\"");
    let form = &form[..form.find("</form>").expect("the form's end")];
    assert!(
        form.contains("id=\"lines-reason\"")
            && form.contains("aria-invalid=\"true\" aria-describedby=\"lines-reason-error\"")
            && form.contains("<div id=\"lines-reason-error\"><p class=\"field-error\" role=\"alert\">Say why: a correction needs a reason.</p></div>"),
        "the error sits beside the reason: {form}"
    );
    assert!(
        form.contains("value=\"10\"") && form.contains("<option value=\"unit-south\" selected>"),
        "what was typed is kept: {form}"
    );
    let reverse = section(&html, "id=\"reverse\"");
    let reverse = &reverse[..reverse.find("</form>").expect("the form's end")];
    assert!(
        !reverse.contains("field-error"),
        "the other form stays clean: {reverse}"
    );
    assert!(html.contains("Nothing was saved"), "{html}");
    // Reverse form: the same, and a reason typed too long is kept as typed.
    let long = "x".repeat(201);
    let html = refused_form(
        &b,
        &app,
        &detail,
        "reverse",
        &[("mode", "reverse"), ("reason", &long)],
    )
    .await;
    let form = section(&html, "id=\"reverse\"");
    assert!(
        form.contains("aria-describedby=\"reverse-reason-error\"")
            && form
                .contains("id=\"reverse-reason-error\"><p class=\"field-error\" role=\"alert\">The reason may be at most 200 characters.")
            && form.contains(&format!("value=\"{long}\"")),
        "{form}"
    );
    // In French.
    let r = b
        .get(app.url("/lang/fr?next=/"))
        .send()
        .await
        .expect("switch");
    assert!(r.status().is_redirection() || r.status().is_success());
    let html = refused_form(
        &b,
        &app,
        &detail,
        "reverse",
        &[("mode", "reverse"), ("reason", "")],
    )
    .await;
    assert!(
        html.contains(
            "id=\"reverse-reason-error\"><p class=\"field-error\" role=\"alert\">Dites pourquoi\u{a0}: une correction a besoin d’un motif."
        ),
        "{html}"
    );
}

/// An intake of 12 good tents and 5 good blankets at Unit East; its id.
async fn tents_and_blankets(app: &TestApp) -> i64 {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([{"category": "tent-2p", "condition": "good", "quantity": 12},
                   {"category": "blanket", "condition": "good", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("intake id")
}

/// A correction typed wrong in three places says all three at once, each under its
/// own field (and read with it), nothing changed; the domain's refusals (stock gone
/// since, the same quantities again) are said beside the lines in words too.
async fn a_correction_says_every_problem_at_once_beside_its_field(app: TestApp) {
    let id = tents_and_blankets(&app).await;
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let detail = page_text(&b, &app.url(&format!("/history/intake/{id}"))).await;
    let html = refused_form(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "four"),
            ("q.blanket.good", "-1"),
            ("reason", ""),
        ],
    )
    .await;
    let form = section(&html, "id=\"correct-lines\"");
    assert_eq!(
        (
            error_beside(form, "q.tent-2p.good"),
            error_beside(form, "q.blanket.good"),
            error_beside(form, "lines-reason"),
        ),
        (
            Some(
                "Tent (2 person) (Good): “four” is not a whole number: type digits only, like 3."
                    .to_string()
            ),
            Some("Blanket (Good): This must be at least 0.".to_string()),
            Some("Say why: a correction needs a reason.".to_string()),
        ),
        "{form}"
    );
    assert!(
        form.contains("value=\"four\"") && form.contains("value=\"-1\""),
        "typed values kept: {form}"
    );

    // The same quantities again: nothing to correct, said beside the lines.
    let html = refused_with(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "12"),
            ("q.blanket.good", "5"),
            ("reason", "recount"),
        ],
        StatusCode::CONFLICT,
    )
    .await;
    let form = section(&html, "id=\"correct-lines\"");
    assert!(
        form.contains("id=\"lines-error\"><p class=\"field-error\" role=\"alert\">These are the quantities it already has"),
        "{form}"
    );

    // Ten tents have gone to another warehouse since: the intake cannot shrink to one.
    let (s, body) = app
        .post(
            "/api/v1/transfers",
            &json!({"from": "unit-east", "to": "unit-south",
                    "lines": [{"category": "tent-2p", "condition": "good", "quantity": 10}]}),
        )
        .await;
    assert!(s.is_success(), "{body}");
    let detail = page_text(&b, &app.url(&format!("/history/intake/{id}"))).await;
    let b409 = refused_with(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "1"),
            ("q.blanket.good", "5"),
            ("reason", "miscounted"),
        ],
        StatusCode::CONFLICT,
    )
    .await;
    let form = section(&b409, "id=\"correct-lines\"");
    assert_eq!(
        error_beside(form, "q.tent-2p.good").as_deref(),
        Some("Only 2 Tent (2 person) (Good) left at unit-east: the rest has gone out since, so the correction cannot take more back."),
        "{form}"
    );
}

/// Taps Undo on hand-out `id`'s page (the page's first form key is the undo's) and
/// answers where it leads and that page.
async fn undo_on_its_page(browser: &reqwest::Client, app: &TestApp, id: i64) -> (String, String) {
    let page = page_text(browser, &app.url(&format!("/history/hand-out/{id}"))).await;
    let key = page
        .split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the undo's key")
        .to_string();
    let (s, location, _) = post(
        browser,
        app,
        &format!("/history/hand-out/{id}/undo"),
        &[("form_key", &key)],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let location = location.expect("to the hand-out");
    let page = page_text(browser, &app.url(&location)).await;
    (location, page)
}

/// A hand-out's page lists what people asked for and did not get (its requests move no
/// stock, so its entries cannot show them), in every language; its one-tap undo says
/// what it took back, by name and count, as the save's message did.
async fn a_hand_out_page_lists_its_requests_and_its_undo_names_them(app: TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([{"category": "tent-2p", "condition": "good", "quantity": 5},
                   {"category": "blanket", "condition": "good", "quantity": 2},
                   {"category": "blanket", "condition": "usable", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site(
        "unit-east",
        "oak",
        &[
            ("tent-2p", "good", 5),
            ("blanket", "good", 2),
            ("blanket", "usable", 5),
        ],
    )
    .await;
    let token = app.add_user_and_login("dina", Role::Distributor).await;
    let (s, h) = app
        .post_as(
            &token,
            "/api/v1/handouts",
            &json!({"site": "oak", "handed_out_on": chrono::Utc::now().date_naive().to_string(),
                "lines": [{"category": "tent-2p", "quantity": 2}, {"category": "blanket", "quantity": 1}],
                "unmet": [{"category": "sleeping-bag", "quantity": 4}, {"category": "roll-mat", "quantity": 1}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let h = h["id"].as_i64().expect("hand-out id");
    let path = format!("/history/hand-out/{h}");
    let dina = app.browser_as("dina").await;
    let page = page_text(&dina, &app.url(&path)).await;
    let asked = section(&page, "id=\"asked-for\"");
    assert!(asked.contains("<h2>Asked for but not there</h2>"), "{page}");
    // By name, in the order names are read, each with its count.
    let rows: Vec<&str> = asked.split("<tr><td>").skip(1).collect();
    assert_eq!(rows.len(), 2, "{asked}");
    assert!(
        rows[0].starts_with("Roll mat (foam)</td>") && rows[0].contains("<bdi>1</bdi>"),
        "{asked}"
    );
    assert!(
        rows[1].starts_with("Sleeping bag</td>") && rows[1].contains("<bdi>4</bdi>"),
        "{asked}"
    );
    assert!(!asked.contains("sleeping-bag"), "names, not slugs: {asked}");
    for (lang, heading, item) in [
        ("fr", "Demandé mais absent", "Sac de couchage"),
        ("ar", "طُلب ولم يتوفر", "كيس نوم"),
    ] {
        let html = page_in(&app, &token, &path, lang).await;
        let asked = section(&html, "id=\"asked-for\"");
        assert!(
            asked.contains(heading) && asked.contains(item),
            "{lang}: {asked}"
        );
    }
    // A hand-out with no requests shows no such list.
    let (s, other) = app
        .post_as(
            &token,
            "/api/v1/handouts",
            &json!({"site": "oak", "handed_out_on": chrono::Utc::now().date_naive().to_string(),
                "lines": [{"category": "tent-2p", "quantity": 1}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{other}");
    let plain = page_text(
        &dina,
        &app.url(&format!("/history/hand-out/{}", other["id"])),
    )
    .await;
    assert!(!plain.contains("id=\"asked-for\""), "{plain}");

    // Undone (her last change is the second one): the message names what went back.
    let (_, after) = undo_on_its_page(&dina, &app, other["id"].as_i64().expect("id")).await;
    let flash = section(&after, "class=\"flash");
    assert!(
        flash.contains("Undone: Hand-out at oak — Tent (2 person): 1 (correction #"),
        "{flash}"
    );
    // A hand-out of several kinds undone by its author: each kind named with its count.
    let fresh = app.add_user_and_login("dee", Role::Distributor).await;
    let (s, third) = app
        .post_as(
            &fresh,
            "/api/v1/handouts",
            &json!({"site": "oak", "handed_out_on": chrono::Utc::now().date_naive().to_string(),
                "lines": [{"category": "blanket", "quantity": 4}, {"category": "tent-2p", "quantity": 2}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{third}");
    let dee = app.browser_as("dee").await;
    let (location, after) = undo_on_its_page(&dee, &app, third["id"].as_i64().expect("id")).await;
    let flash = section(&after, "class=\"flash");
    // Oak's last good blanket and 3 usable ones went out: counted as 4, whatever their condition.
    assert!(flash.contains("Undone: Hand-out at oak — "), "{flash}");
    assert!(
        flash.contains("Blanket: 4") && flash.contains("Tent (2 person): 2"),
        "{flash}"
    );
    assert!(!flash.contains("is reversed by"), "{flash}");
    // In French and Arabic too, each in its own words.
    for (lang, said) in [
        (
            "fr",
            [
                "Annulé\u{a0}: Distribution à oak — ",
                "Couverture",
                "(correction nº\u{a0}",
            ],
        ),
        (
            "ar",
            // Arabic isolates each name and figure (U+2068 … U+2069).
            [
                "تم التراجع: \u{2068}\u{2068}توزيع\u{2069} في \u{2068}oak\u{2069}\u{2069} — ",
                "بطانية: 4",
                "(التصحيح رقم ",
            ],
        ),
    ] {
        let html = page_in(&app, &fresh, &location, lang).await;
        let flash = section(&html, "class=\"flash");
        assert!(said.iter().all(|w| flash.contains(w)), "{lang}: {flash}");
    }
    app.assert_ledger_consistent();
}

on_both_backends!(
    a_hand_out_page_lists_its_requests_and_its_undo_names_them,
    a_correction_says_every_problem_at_once_beside_its_field,
    places_in_the_filter_read_in_name_order,
    a_missing_reason_is_shown_beside_its_field,
    a_page_error_is_a_page_and_an_api_error_stays_json,
    lists_are_newest_first_filtered_and_paginated,
    a_coordinator_corrects_a_wrong_intake_through_the_pages,
    a_distributor_undoes_a_hand_out_in_one_tap,
    intake_history_names_its_source_and_places,
    correcting_a_long_intake_is_quick,
    signs_labels_and_the_undo_of_a_correction,
    demo_sources_and_recorder_in_words,
);

/// The history's place filter lists places by the name shown, accents aside ("École"
/// among the E), not by their code.
async fn places_in_the_filter_read_in_name_order(app: TestApp) {
    for (slug, name, kind) in [
        ("a-zone", "Zone nord", "warehouse"),
        ("b-ecole", "École Jaurès", "site"),
        ("c-eau", "Eau vive", "warehouse"),
    ] {
        let (s, body) = app
            .post(
                "/api/v1/locations",
                &json!({"slug": slug, "name": name, "kind": kind}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let html = page_text(&b, &app.url("/history?kind=intakes")).await;
    let select = &html[html.find("id=\"location\"").expect("the place filter")..];
    let select = &select[..select.find("</select>").expect("its end")];
    let at = |name: &str| {
        select
            .find(&format!(">{name}</option>"))
            .unwrap_or_else(|| panic!("{name} not offered: {select}"))
    };
    let order = [
        at("Eau vive"),
        at("École Jaurès"),
        at("heron"),
        at("unit-south"),
        at("Zone nord"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{select}");
}

/// The markup of the form with this id, to its end.
fn form_of<'a>(html: &'a str, id: &str) -> &'a str {
    let f = &html[html.find(&format!("id=\"{id}\"")).expect("the form")..];
    &f[..f.find("</form>").expect("its end")]
}

/// Correcting an intake is quick (issue 9, a tester at 360 px): the corrected lines
/// come first with their reason right above their Save; categories the intake did not
/// have wait behind "Add a category"; a refused save keeps every typed value, the
/// reason too, and opens at a summary linking to each box to put right.
async fn correcting_a_long_intake_is_quick(app: TestApp) {
    let id = tents_and_blankets(&app).await;
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let path = format!("/history/intake/{id}");
    let detail = page_text(&b, &app.url(&path)).await;
    // The lines form comes before "Reverse it entirely": the first reason box is its own.
    assert!(
        detail.find("id=\"correct-lines\"") < detail.find("id=\"reverse\""),
        "{detail}"
    );
    let form = form_of(&detail, "correct-lines");
    let more = form
        .find("id=\"more-lines\"")
        .expect("a way to add a category");
    let own = form
        .find("name=\"q.tent-2p.good\" value=\"12\"")
        .expect("its line");
    assert!(own < more, "its own lines first: {form}");
    assert!(
        form[more..].contains("name=\"q.sleeping-bag.good\" value=\"\""),
        "other categories behind it, blank: {form}"
    );
    let reason = form.find("id=\"lines-reason\"").expect("its reason");
    assert!(
        reason > more && !form[reason..].contains("name=\"q."),
        "the reason comes after every box: {form}"
    );
    let tail = &form[reason..];
    assert_eq!(
        tail.matches("<input").count(),
        0,
        "nothing between the reason and Save: {tail}"
    );
    assert!(tail.contains("<button type=\"submit\">Save the corrected lines"));

    // Refused: every typed value back, the reason too, a summary linking to the boxes.
    let html = refused_form(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "ten"),
            ("q.blanket.good", "5"),
            ("q.sleeping-bag.good", "3"),
            ("reason", "miscounted at the door"),
        ],
    )
    .await;
    let summary = section(&html, "id=\"error-summary\"");
    assert!(
        summary.contains("href=\"#q.tent-2p.good\"") && summary.contains("autofocus"),
        "{summary}"
    );
    let form = form_of(&html, "correct-lines");
    assert!(
        form.contains("value=\"miscounted at the door\"")
            && form.contains("value=\"ten\"")
            && form.contains("name=\"q.sleeping-bag.good\" value=\"3\"")
            && form.contains("id=\"more-lines\" open"),
        "as typed, the added category in view: {form}"
    );
    let html = refused_form(
        &b,
        &app,
        &detail,
        "correct-lines",
        &[
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "10"),
            ("reason", ""),
        ],
    )
    .await;
    assert!(
        section(&html, "id=\"error-summary\"").contains("href=\"#lines-reason\""),
        "{html}"
    );
    assert!(
        form_of(&html, "correct-lines").contains("name=\"q.blanket.good\" value=\"\""),
        "a box emptied stays empty: {html}"
    );

    // A category it did not have, added.
    let key = form_key_of(&detail, "correct-lines");
    let (s, _, body) = post(
        &b,
        &app,
        &action_of(&detail, "correct-lines"),
        &[
            ("form_key", key.as_str()),
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "12"),
            ("q.blanket.good", "5"),
            ("q.sleeping-bag.good", "3"),
            ("reason", "the sleeping bags were in the same car"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(app.stock_of("unit-east", "sleeping-bag", "good").await, 3);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 12);
    app.assert_ledger_consistent();
}

/// A correction and its undo never read alike (issue 9): signed amounts, each change
/// named by its kind and number, a correction saying what it corrects; the saved
/// correction offers its Undo at once; once undone, the intake says so, and neither
/// the undo nor the undone correction offers Undo again.
async fn signs_labels_and_the_undo_of_a_correction(app: TestApp) {
    let id = app.intake_tents("unit-east", 12).await;
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let path = format!("/history/intake/{id}");
    let detail = page_text(&b, &app.url(&path)).await;
    let (s, location, body) = post(
        &b,
        &app,
        &action_of(&detail, "correct-lines"),
        &[
            ("form_key", form_key_of(&detail, "correct-lines").as_str()),
            ("mode", "lines"),
            ("location", "unit-east"),
            ("q.tent-2p.good", "8"),
            ("reason", "four were counted twice"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let location = location.expect("a redirect");
    let cid: i64 = location
        .split("corrected=")
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("the correction's id");
    // The confirmation offers the same Undo as the list.
    let saved = page_text(&b, &app.url(&location)).await;
    let flash = section(&saved, "class=\"flash ok\"");
    let flash = &flash[..flash.find("</div>").expect("its end")];
    let undo_action = format!("/history/correction/{cid}/undo");
    assert!(
        flash.contains(&format!("action=\"{undo_action}\"")),
        "{flash}"
    );

    let list = page_text(&b, &app.url("/history")).await;
    let row = |list: &str, cause: &str, n: i64| -> String {
        let at = list
            .find(&format!("href=\"/history/{cause}/{n}\"><strong>"))
            .unwrap_or_else(|| panic!("no {cause} {n}: {list}"));
        let item = &list[at..];
        item[..item.find("</li>").expect("its end")].to_string()
    };
    let corr = row(&list, "correction", cid);
    assert!(
        corr.contains("-4 Tent (2 person) (Good)")
            && corr.contains(&format!("Correction #{cid}"))
            && corr.contains(&format!(
                "correction of <a href=\"{path}\"><bdi>Intake #{id}</bdi></a>"
            )),
        "{corr}"
    );
    let intake = row(&list, "intake", id);
    assert!(
        intake.contains("+12 Tent (2 person) (Good)") && intake.contains(&format!("Intake #{id}")),
        "{intake}"
    );

    // Undo it: the undo reads +4, the intake "corrected by #c, undone by #u".
    let (s, location, body) = post(
        &b,
        &app,
        &undo_action,
        &[(
            "form_key",
            flash
                .split("name=\"form_key\" value=\"")
                .nth(1)
                .and_then(|k| k.split('"').next())
                .expect("the undo's form key"),
        )],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let uid: i64 = location
        .as_deref()
        .and_then(|l| l.split("undone=").nth(1))
        .and_then(|u| u.parse().ok())
        .expect("the undo's id");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 12);
    let list = page_text(&b, &app.url("/history")).await;
    let undo = row(&list, "correction", uid);
    assert!(
        undo.contains("+4 Tent (2 person) (Good)")
            && undo.contains(&format!(
                "undo of <a href=\"/history/correction/{cid}\"><bdi>Correction #{cid}</bdi>"
            )),
        "an undo says what it is: {undo}"
    );
    assert!(
        !list.contains("class=\"undo"),
        "no Undo of an undo, nor of what it undid: {list}"
    );
    let said = format!(
        "corrected by <a href=\"/history/correction/{cid}\"><bdi>#{cid}</bdi></a>, undone by <a href=\"/history/correction/{uid}\"><bdi>#{uid}</bdi></a>"
    );
    assert!(row(&list, "intake", id).contains(&said), "{list}");
    let page = page_text(&b, &app.url(&path)).await;
    assert!(page.contains(&said), "{page}");
    let undo_page = page_text(&b, &app.url(&format!("/history/correction/{uid}"))).await;
    assert!(!undo_page.contains("class=\"undo"), "{undo_page}");
}

/// The demo season's history in words (issue 9): sources as people write them, the
/// demo's recorder named, not its code.
async fn demo_sources_and_recorder_in_words(app: TestApp) {
    haul::seed::demo(&app.db).expect("demo season");
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let list = page_text(&b, &app.url("/history?kind=intakes")).await;
    assert!(
        list.contains("From <strong>Reading 2026</strong>")
            && list.contains("<bdi>Demo season</bdi>"),
        "{list}"
    );
    assert!(
        !list.contains("reading-2026") && !list.contains("<bdi>seed</bdi>"),
        "{list}"
    );
    let first = list
        .split("href=\"/history/intake/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an intake");
    let detail = page_text(&b, &app.url(&format!("/history/intake/{first}"))).await;
    let facts = section(&detail, "class=\"facts\"");
    let facts = &facts[..facts.find("</dl>").expect("its end")];
    assert!(
        facts.contains("<bdi>Demo season</bdi>") && !facts.contains(">seed<"),
        "{facts}"
    );
    assert!(!facts.contains("-20"), "no source code: {facts}");
    // Need statements too: their kind with their number, the recorder in words.
    let needs = page_text(&b, &app.url("/history?kind=needs")).await;
    assert!(
        needs.contains("<bdi class=\"ref\">Need #")
            && needs.contains("recorded by Demo season")
            && !needs.contains("recorded by seed"),
        "{needs}"
    );
}
