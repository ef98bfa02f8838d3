//! Need statements in the history (issue 9), on SQLite and PostgreSQL: the history
//! opens on every kind at once, newest first, need statements among them; a replaced
//! statement stays in sight (what replaced it, and "was 15" on the needs page); and
//! undoing a hand-out whose requests raised a need offers to take that need back,
//! which puts the earlier statement in force again without deleting anything. Every
//! refusal (wrong role, stale or foreign statement, a replay) leaves the needs as
//! they were.

mod common;

use common::{page_text, TestApp, COORDINATOR_HANDLE};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

/// Every statement of Oak's tents, the replaced ones too, as the API has them.
async fn oak_tents(app: &TestApp) -> Vec<Value> {
    let (s, body) = app
        .get("/api/v1/needs?site=oak&category=tent-2p&history=true")
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["needs"].as_array().cloned().unwrap_or_default()
}

fn in_force(needs: &[Value]) -> Option<&Value> {
    needs.iter().find(|n| n["current"] == true)
}

async fn state_need(app: &TestApp, quantity: i64, on: i64, by: &str) -> i64 {
    let (s, need) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "tent-2p", "quantity": quantity,
                "stated_on": day(on), "stated_by": by}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{need}");
    need["id"].as_i64().expect("need id")
}

/// The `href`s of the list's lines, in order.
fn lines(html: &str) -> Vec<String> {
    html.split("<li class=\"change\"")
        .skip(1)
        .filter_map(|li| li.split("href=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The older-page link of a list, unescaped.
fn older(html: &str) -> Option<String> {
    html.split("class=\"older\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
}

/// The kinds of the list's lines, in order ("intake", "need", …).
fn kinds(html: &str) -> Vec<String> {
    lines(html)
        .iter()
        .filter_map(|l| l.split('/').nth(2).map(str::to_string))
        .collect()
}

async fn history_opens_on_everything_with_needs_among_it(app: TestApp) {
    let intake = app.intake_tents("unit-east", 3).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 1)])
        .await;
    let need = state_need(&app, 15, -3, "Oak site assembly").await;
    let (s, h) = app
        .post_handout(&json!({"site": "oak", "handed_out_on": day(0),
            "lines": [{"category": "tent-2p", "quantity": 1}],
            "unmet": [{"category": "tent-2p", "quantity": 4}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let handout = h["id"].as_i64().expect("hand-out id");

    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let html = page_text(&b, &app.url("/history")).await;
    assert!(
        html.contains("<option value=\"all\" selected>Everything</option>"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"needs\">Needs</option>"),
        "{html}"
    );
    // Newest first, whatever their kind.
    assert_eq!(
        kinds(&html),
        ["hand-out", "need", "transfer", "intake"],
        "{html}"
    );
    let shown = lines(&html);
    assert_eq!(shown[0], format!("/history/hand-out/{handout}"));
    assert_eq!(shown[1], format!("/history/need/{need}"));
    assert_eq!(shown[3], format!("/history/intake/{intake}"));
    // The statement in words and names: site, item, figure, who said it and when.
    assert!(html.contains("Need at oak: 15 × Tent (2 person)"), "{html}");
    assert!(
        html.contains(&format!(
            "stated by Oak site assembly on {}, recorded by coord",
            day(-3)
        )),
        "{html}"
    );
    assert!(html.contains("In force"), "{html}");
    assert!(!html.contains("tent-2p"), "names, not slugs: {html}");

    // One kind, a place, dates: the statements filter as the other kinds do.
    let only = page_text(&b, &app.url("/history?kind=needs")).await;
    assert_eq!(
        lines(&only),
        vec![format!("/history/need/{need}")],
        "{only}"
    );
    let east = page_text(&b, &app.url("/history?location=unit-east")).await;
    assert_eq!(kinds(&east), ["transfer", "intake"], "{east}");
    let oak = page_text(&b, &app.url("/history?kind=needs&location=oak")).await;
    assert_eq!(lines(&oak).len(), 1);
    let later = page_text(
        &b,
        &app.url(&format!("/history?kind=needs&from={}", day(1))),
    )
    .await;
    assert!(lines(&later).is_empty(), "{later}");
    let today = page_text(
        &b,
        &app.url(&format!(
            "/history?kind=needs&from={}&to={}",
            day(0),
            day(0)
        )),
    )
    .await;
    assert_eq!(lines(&today).len(), 1);

    // Bad input: an unknown list or place, a date that is none, a statement that is not.
    for bad in [
        "/history?kind=secrets",
        "/history?kind=needs&location=atlantis",
        "/history?kind=needs&from=monday",
    ] {
        let r = b.get(app.url(bad)).send().await.unwrap();
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }
    for missing in ["/history/need/999999", "/history/need/x"] {
        let r = b.get(app.url(missing)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // Roles: the needs are the distributors', the warehouse's and the coordinators'
    // history, not crews' or drivers'.
    app.add_user_and_login("cass", Role::Crew).await;
    app.add_user_and_login("dan", Role::Driver).await;
    app.add_user_and_login("dina", Role::Distributor).await;
    for who in ["cass", "dan"] {
        let c = app.browser_as(who).await;
        let r = c.get(app.url("/history?kind=needs")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
        let r = c
            .get(app.url(&format!("/history/need/{need}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
        let all = page_text(&c, &app.url("/history")).await;
        assert!(!all.contains("/history/need/"), "{who}: {all}");
    }
    let dina = app.browser_as("dina").await;
    let all = page_text(&dina, &app.url("/history")).await;
    assert_eq!(
        lines(&all),
        vec![
            format!("/history/hand-out/{handout}"),
            format!("/history/need/{need}"),
        ],
        "a distributor's job: hand-outs and needs"
    );
}

/// 27 changes of two kinds, mixed: 25 on the first page, the other 2 on the next,
/// none twice and none lost.
async fn the_mixed_list_pages_without_losing_a_line(app: TestApp) {
    let mut all = Vec::new();
    for i in 0..27 {
        all.push(if i % 2 == 0 {
            format!(
                "/history/intake/{}",
                app.intake_tents("unit-east", 1 + i).await
            )
        } else {
            format!(
                "/history/need/{}",
                state_need(&app, 1 + i, 0, "Oak site assembly").await
            )
        });
    }
    all.reverse();
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let first = page_text(&b, &app.url("/history")).await;
    let shown = lines(&first);
    assert_eq!(shown.len(), 25, "{first}");
    let link = older(&first).expect("an older link");
    let second = page_text(&b, &app.url(&link)).await;
    let rest = lines(&second);
    assert_eq!(rest.len(), 2, "{link}: {second}");
    assert!(older(&second).is_none());
    let seen: Vec<String> = shown.into_iter().chain(rest).collect();
    assert_eq!(seen, all);
}

/// Oak stated 15 tents three days ago; a hand-out today could not give 4 more, and
/// the coordinator added them: Oak needs 19.
async fn oak_raised_to_19(app: &TestApp, handout_token: &str) -> (i64, i64, i64) {
    app.intake_tents("unit-east", 5).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 1)])
        .await;
    let original = state_need(app, 15, -3, "Oak site assembly").await;
    let (s, h) = app
        .post_as(
            handout_token,
            "/api/v1/handouts",
            &json!({"site": "oak", "handed_out_on": day(0),
                "lines": [{"category": "tent-2p", "quantity": 1}],
                "unmet": [{"category": "tent-2p", "quantity": 4}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let handout = h["id"].as_i64().expect("hand-out id");
    let (s, location, body) = app
        .post_form(
            "/needs/from-evidence",
            &[
                ("form_key", "raise1"),
                ("site", "oak"),
                ("category", "tent-2p"),
                ("quantity", "4"),
                ("stated_by", "coord, from hand-out evidence"),
                ("based_on", &original.to_string()),
                ("days", "7"),
                ("mode", "add"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert!(location.is_some_and(|l| l.contains(&format!("was={original}"))));
    let needs = oak_tents(app).await;
    let raised = in_force(&needs).expect("in force");
    assert_eq!(raised["wanted"], 19);
    (original, raised["id"].as_i64().expect("id"), handout)
}

async fn a_replaced_statement_stays_in_sight(app: TestApp) {
    let token = app.add_user_and_login("dina", Role::Distributor).await;
    let (original, raised, _) = oak_raised_to_19(&app, &token).await;

    // The needs page: beside the 19, the 15 it replaced, and the way to both.
    let (s, html) = app.get_text("/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "was 15, stated by Oak site assembly on {}",
            day(-3)
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<a class=\"earlier\" href=\"/history/need/{raised}\">Earlier statements of this need</a>"
        )),
        "{html}"
    );

    // The history: the 15 says what replaced it, with a link; the 19 is in force.
    let b = app.browser_as(COORDINATOR_HANDLE).await;
    let list = page_text(&b, &app.url("/history?kind=needs")).await;
    assert_eq!(
        lines(&list),
        vec![
            format!("/history/need/{raised}"),
            format!("/history/need/{original}"),
        ]
    );
    let old = &list[list
        .find(&format!("href=\"/history/need/{original}\""))
        .expect("the 15")..];
    assert!(
        old.contains(&format!(
            "Replaced by 19, stated by coord, from hand-out evidence on {} <a href=\"/history/need/{raised}\">",
            day(0)
        )),
        "{old}"
    );
    assert!(old.contains("Need at oak: 15 × Tent (2 person)"), "{list}");

    // The statement's own page: its facts, and every statement of Oak's tents.
    let page = page_text(&b, &app.url(&format!("/history/need/{original}"))).await;
    assert!(page.contains("id=\"standing\""), "{page}");
    assert!(page.contains("Oak site assembly"), "{page}");
    let statements = &page[page.find("id=\"statements\"").expect("the statements")..];
    assert!(statements.contains(&format!("href=\"/history/need/{raised}\"")));
    assert!(statements.contains("19, stated by coord, from hand-out evidence"));
    assert!(
        !page.contains("id=\"withdraw\""),
        "a replaced one stays: {page}"
    );

    // French and Arabic name it too.
    let fr = get_in(&app, "fr", &format!("/history/need/{original}")).await;
    assert!(fr.contains("Remplacé par 19"), "{fr}");
    let fr_needs = get_in(&app, "fr", "/needs?site=oak").await;
    assert!(fr_needs.contains("avant\u{a0}: 15"), "{fr_needs}");
    let ar_list = get_in(&app, "ar", "/history?kind=needs").await;
    assert!(ar_list.contains("حلّ محلها \u{2068}19\u{2069}"), "{ar_list}");

    // Like any change, its author may undo a statement for ten minutes: the
    // confirmation offers it beside "See it".
    let (_, saved) = app
        .get_text(&format!("/needs?saved={raised}&was={original}"))
        .await;
    let offer = &saved[saved.find("class=\"offer\"").expect("the offer")..];
    assert!(
        offer.contains(&format!(
            "<a class=\"see-it\" href=\"/history/need/{raised}\">See it</a>"
        )),
        "{offer}"
    );
    let action = format!("/history/need/{raised}/undo");
    assert!(offer.contains(&format!("action=\"{action}\"")), "{offer}");
    // The one-tap undo of a statement just made comes confirmed: no second page.
    assert!(
        offer.contains("name=\"confirmed\" value=\"yes\""),
        "{offer}"
    );
    let (s, _, body) = app
        .post_form(&action, &[("form_key", "own1"), ("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let needs = oak_tents(&app).await;
    assert_eq!(needs.len(), 2, "nothing deleted");
    assert_eq!(
        in_force(&needs).map(|n| n["id"].clone()),
        Some(json!(original))
    );
}

/// A page as the coordinator reads it in `lang`.
async fn get_in(app: &TestApp, lang: &str, path: &str) -> String {
    app.plain
        .get(app.url(path))
        .bearer_auth(app.token.clone().unwrap_or_default())
        .header("Accept-Language", lang)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .unwrap_or_default()
}

/// The key of the first form on `html` that has one.
fn first_key(html: &str) -> String {
    html.split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a form key")
        .to_string()
}

/// The form `form.withdraw` on `html`: its action and key.
fn withdraw_form(html: &str) -> Option<(String, String)> {
    let at = html.find("class=\"withdraw\"")?;
    let form = &html[at..];
    let action = form
        .split("action=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_string();
    let key = form
        .split("name=\"form_key\" value=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_string();
    Some((action, key))
}

/// Posts a take-back as its confirmation page's Confirm does (`confirmed=yes`).
async fn post_in(
    browser: &reqwest::Client,
    app: &TestApp,
    action: &str,
    key: &str,
) -> (StatusCode, Option<String>, String) {
    post_fields(
        browser,
        app,
        action,
        &[("form_key", key), ("confirmed", "yes")],
    )
    .await
}

async fn post_fields(
    browser: &reqwest::Client,
    app: &TestApp,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let page = page_text(browser, &app.url("/history")).await;
    common::answer_of(
        browser
            .post(app.url(action))
            .form(&common::with_csrf(&page, fields))
            .send()
            .await
            .expect("POST"),
    )
    .await
}

async fn undoing_a_hand_out_offers_to_take_back_the_need_it_raised(app: TestApp) {
    let token = app.add_user_and_login("dina", Role::Distributor).await;
    app.add_user_and_login("wes", Role::Warehouse).await;
    let (original, raised, handout) = oak_raised_to_19(&app, &token).await;
    let dina = app.browser_as("dina").await;
    let hand_out_page = format!("/history/hand-out/{handout}");

    // Before the undo the hand-out's page says where its requests went; nothing to take back.
    let page = page_text(&dina, &app.url(&hand_out_page)).await;
    assert!(
        page.contains("Its unmet requests went into the need for 19 × Tent (2 person) at oak."),
        "{page}"
    );
    assert!(withdraw_form(&page).is_none(), "{page}");
    // Nor may Dina take back the coordinator's statement while its evidence stands.
    let before = oak_tents(&app).await;
    let action = format!("/history/need/{raised}/undo");
    let (s, _, html) = post_in(&dina, &app, &action, "early1").await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("Nothing was saved: only a statement raised from a hand-out since undone"),
        "{html}"
    );
    assert_eq!(oak_tents(&app).await, before, "nothing changed");

    // Dina undoes her hand-out: its page now says the need stays, and offers the tap.
    let page = page_text(&dina, &app.url(&hand_out_page)).await;
    let undo = page
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/undo") && a.contains("/hand-out/"))
        .expect("the hand-out's undo")
        .to_string();
    let (s, location, _) = post_in(&dina, &app, &undo, &first_key(&page)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let page = page_text(&dina, &app.url(&location.expect("to the hand-out"))).await;
    assert!(page.contains("Undone"), "{page}");
    let raised_section = &page[page.find("id=\"raised-needs\"").expect("the raised needs")..];
    assert!(
        raised_section.contains(
            "The need for 19 × Tent (2 person) at oak that was raised from this hand-out's requests still stands."
        ),
        "{raised_section}"
    );
    assert!(
        raised_section.contains(&format!(
            "Taking it back puts oak back to 15, stated by Oak site assembly on {}.",
            day(-3)
        )),
        "{raised_section}"
    );
    let (action, key) = withdraw_form(&page).expect("the one-tap form");
    assert_eq!(action, format!("/history/need/{raised}/undo"));
    // The undone hand-out's 4 are no evidence any more: nothing is offered for Oak.
    let (_, needs_page) = app.get_text("/needs?site=oak").await;
    assert!(!needs_page.contains("id=\"evidence-oak\""), "{needs_page}");

    // Wrong roles: refused, nothing changed.
    let before = oak_tents(&app).await;
    for who in ["wes"] {
        let b = app.browser_as(who).await;
        let (s, _, _) = post_in(&b, &app, &action, "wrong1").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
    }
    let cass = app.add_user_and_login("cass", Role::Crew).await;
    let r = app
        .plain
        .post(app.url(&action))
        .bearer_auth(cass)
        .form(&[("form_key", "wrong2")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(oak_tents(&app).await, before, "nothing changed");
    // The statement it replaced is not the one in force: refused too.
    let (s, _, html) = post_in(
        &dina,
        &app,
        &format!("/history/need/{original}/undo"),
        "old1",
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(
        html.contains("a later statement replaced this one"),
        "{html}"
    );
    assert_eq!(oak_tents(&app).await, before, "nothing changed");
    let (s, _, _) = post_in(&dina, &app, "/history/need/999999/undo", "none1").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The tap: the 15 is in force again, with its own date; the 19 stays, taken back.
    let (s, location, body) = post_in(&dina, &app, &action, &key).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let location = location.expect("to the statement");
    let needs = oak_tents(&app).await;
    assert_eq!(needs.len(), 2, "nothing deleted: {needs:?}");
    let now = in_force(&needs).expect("in force");
    assert_eq!(now["id"], original);
    assert_eq!(now["wanted"], 15);
    assert_eq!(now["stated_on"], day(-3));
    let page = page_text(&dina, &app.url(&location)).await;
    assert!(
        page.contains(&format!(
            "Taken back: the need for 19 × Tent (2 person) at oak stays in the history only. In force now: 15, stated by Oak site assembly on {}.",
            day(-3)
        )),
        "{page}"
    );
    assert!(page.contains("Taken back by dina"), "{page}");
    // A double tap saves once; a new tap on a taken-back statement is refused.
    let (s, _, _) = post_in(&dina, &app, &action, &key).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let after = oak_tents(&app).await;
    let (s, _, html) = post_in(&dina, &app, &action, "again1").await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(html.contains("already taken back"), "{html}");
    assert_eq!(oak_tents(&app).await, after, "nothing changed");
    // The history and the needs page both say so.
    let list = page_text(&dina, &app.url("/history?kind=needs")).await;
    assert!(list.contains("Taken back by dina"), "{list}");
    let (_, needs_page) = app.get_text("/needs?site=oak").await;
    assert!(needs_page.contains("taken back"), "{needs_page}");
    assert!(
        !needs_page.contains("was 15"),
        "the 15 is in force: {needs_page}"
    );
}

/// The hidden fields of the form `form#confirm` on a confirmation page, but its token.
fn confirm_fields(html: &str) -> Vec<(String, String)> {
    let at = html.find("id=\"confirm\"").unwrap_or(html.len());
    let form = &html[at..html[at..].find("</form>").map_or(html.len(), |e| at + e)];
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|i| {
            let (name, rest) = i.split_once("\" value=\"")?;
            Some((name.to_string(), rest.split('"').next()?.to_string()))
        })
        .filter(|(n, _)| n != "csrf")
        .collect()
}

/// Where a page's Cancel link leads.
fn cancel_of(html: &str) -> Option<String> {
    let form = &html[html.find("id=\"confirm\"")?..];
    let a = &form[form.find("class=\"button secondary\" href=\"")?..];
    a.split("href=\"")
        .nth(1)?
        .split('"')
        .next()
        .map(str::to_string)
}

/// Taking a need back cannot be undone: from the hand-out's page or the statement's,
/// the tap brings the confirmation page (what would be in force after, in words), and
/// nothing changes until Confirm; Cancel returns to the page the tap was on.
async fn taking_a_need_back_asks_first(app: TestApp) {
    let token = app.add_user_and_login("dina", Role::Distributor).await;
    let (original, raised, handout) = oak_raised_to_19(&app, &token).await;
    let dina = app.browser_as("dina").await;
    let hand_out_page = format!("/history/hand-out/{handout}");
    let page = page_text(&dina, &app.url(&hand_out_page)).await;
    let undo = format!("/history/hand-out/{handout}/undo");
    let (s, _, _) = post_fields(&dina, &app, &undo, &[("form_key", &first_key(&page))]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let before = oak_tents(&app).await;
    let page = page_text(&dina, &app.url(&hand_out_page)).await;
    let (action, key) = withdraw_form(&page).expect("the take-back form");
    assert_eq!(action, format!("/history/need/{raised}/undo"));
    assert!(
        !page[page.find("class=\"withdraw\"").unwrap_or(0)..].contains("name=\"confirmed\""),
        "the form asks first: {page}"
    );
    // The tap as the page sends it: the confirmation, nothing changed.
    let (s, _, html) = post_fields(
        &dina,
        &app,
        &action,
        &[("form_key", &key), ("back", &hand_out_page)],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("<h1>Take back the need for 19 × Tent (2 person) at oak?</h1>"),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "Taking it back puts oak back to 15, stated by Oak site assembly on {}.",
            day(-3)
        )),
        "{html}"
    );
    assert_eq!(cancel_of(&html), Some(hand_out_page.clone()), "{html}");
    let fields = confirm_fields(&html);
    assert!(
        fields.contains(&("confirmed".into(), "yes".into()))
            && fields.contains(&("form_key".into(), key.clone())),
        "{fields:?}"
    );
    assert_eq!(
        oak_tents(&app).await,
        before,
        "nothing changed before Confirm"
    );
    // A Cancel address other than a hand-out's page is not followed.
    let (_, _, html) = post_fields(
        &dina,
        &app,
        &action,
        &[("form_key", &key), ("back", "https://evil.example/")],
    )
    .await;
    assert_eq!(
        cancel_of(&html),
        Some(format!("/history/need/{raised}")),
        "{html}"
    );
    // The statement's own page asks too, and its Cancel returns there.
    let need_page = page_text(&dina, &app.url(&format!("/history/need/{raised}"))).await;
    assert!(need_page.contains("id=\"withdraw\""), "{need_page}");
    let (_, key2) = withdraw_form(&need_page).expect("the statement's form");
    let (s, _, html) = post_fields(
        &dina,
        &app,
        &action,
        &[
            ("form_key", &key2),
            ("back", &format!("/history/need/{raised}")),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(
        cancel_of(&html),
        Some(format!("/history/need/{raised}")),
        "{html}"
    );
    assert_eq!(
        oak_tents(&app).await,
        before,
        "nothing changed before Confirm"
    );
    // French asks in French, spaced as French is.
    let fr = app
        .plain
        .post(app.url(&action))
        .bearer_auth(&token)
        .header("Accept-Language", "fr")
        .form(&[("form_key", "fr1")])
        .send()
        .await
        .expect("POST");
    let fr = fr.text().await.unwrap_or_default();
    assert!(
        fr.contains("<h1>Retirer le besoin de 19 × Tente (2 personnes) à oak\u{a0}?</h1>"),
        "{fr}"
    );
    assert_eq!(
        oak_tents(&app).await,
        before,
        "nothing changed before Confirm"
    );

    // Confirm: the fields posted again, with the page's token.
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (s, location, body) = post_fields(&dina, &app, &action, &pairs).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location,
        Some(format!("/history/need/{raised}?withdrawn={raised}"))
    );
    let needs = oak_tents(&app).await;
    assert_eq!(needs.len(), 2, "nothing deleted");
    assert_eq!(
        in_force(&needs).map(|n| n["id"].clone()),
        Some(json!(original))
    );
    // Once taken back, a tap asks nothing: it says why, nothing changed.
    let (s, _, html) = post_fields(&dina, &app, &action, &[("form_key", "late1")]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(html.contains("already taken back"), "{html}");
    assert_eq!(oak_tents(&app).await, needs, "nothing changed");
}

on_both_backends!(
    taking_a_need_back_asks_first,
    history_opens_on_everything_with_needs_among_it,
    the_mixed_list_pages_without_losing_a_line,
    a_replaced_statement_stays_in_sight,
    undoing_a_hand_out_offers_to_take_back_the_need_it_raised,
);
