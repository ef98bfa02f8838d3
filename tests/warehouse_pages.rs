//! The warehouse pages over HTTP, on SQLite and PostgreSQL: triage, transfer, stocktake
//! and write-off, each through a form as a browser sends it; a double submit counts
//! once; every kind of bad input is refused with "nothing changed" asserted after.

mod common;

use common::TestApp;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// What a refused form must leave alone: the stock and the ledger.
async fn state_of(app: &TestApp) -> (Value, usize) {
    (app.stock_snapshot().await, app.ledger_len().await)
}

async fn intake(app: &TestApp, warehouse: &str, lines: Value) {
    let (s, body) = app.post_intake(warehouse, lines).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

/// A client acting with `role`'s API token (pages accept a bearer token without CSRF).
async fn as_role(app: &TestApp, handle: &str, role: Role) -> reqwest::Client {
    let token = app.add_user_and_login(handle, role).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header"),
    );
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let resp = client
        .post(app.url(path))
        .form(fields)
        .send()
        .await
        .expect("POST form");
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

/// Posts a form that must be refused with `status`, leaving stock and ledger as they were.
async fn refused(app: &TestApp, path: &str, fields: &[(&str, &str)], status: StatusCode) -> String {
    let before = state_of(app).await;
    let (got, _, html) = app.post_form(path, fields).await;
    assert_eq!(got, status, "{fields:?} → {html}");
    assert_eq!(
        state_of(app).await,
        before,
        "something changed after a refused form {path} {fields:?}"
    );
    html
}

fn regrade<'a>(key: &'a str, qty: &'a str, to: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form_key", key),
        ("location", "unit-south"),
        ("category", "tent-2p"),
        ("from_condition", "needs-drying"),
        ("to_condition", to),
        ("quantity", qty),
    ]
}

async fn triage_dries_wet_tents_once(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 3}]),
    )
    .await;
    let (s, html) = app.get_text("/triage?location=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Tent (2 person)"), "{html}");
    assert!(html.contains("3 waiting"), "{html}");
    assert!(html.contains("dried → good"), "{html}");
    // A one-tap move comes back at its row, not at the top of a long sheet.
    assert!(
        html.contains("action=\"/triage#t-tent-2p-needs-drying\""),
        "{html}"
    );
    assert!(html.contains("id=\"t-tent-2p-needs-drying\""), "{html}");

    let (s, _, html) = app.post_form("/triage", &regrade("k1", "3", "good")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Dried 3 Tent (2 person): Needs drying → Good at unit-south."),
        "{html}"
    );
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 3);
    assert_eq!(
        app.stock_of("unit-south", "tent-2p", "needs-drying").await,
        0
    );
    assert!(html.contains("Nothing waits to be dried"), "{html}");

    // The same form sent again (a double tap) counts once.
    let before = state_of(&app).await;
    let (s, _, html) = app.post_form("/triage", &regrade("k1", "3", "good")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("it counted once"), "{html}");
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

async fn triage_refuses_bad_input(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 3}]),
    )
    .await;
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let html = refused(&app, "/triage", &regrade("k2", "0", "good"), unp).await;
    assert!(html.contains("This must be at least 1."), "{html}");
    // The summary on top links to the box to put right, as the other sheets' do.
    assert!(html.contains("id=\"error-summary\""), "{html}");
    assert!(
        html.contains("<a href=\"#q-tent-2p-needs-drying\">This must be at least 1.</a>"),
        "{html}"
    );
    refused(&app, "/triage", &regrade("k3", "-2", "good"), unp).await;
    let html = refused(&app, "/triage", &regrade("k4", "abc", "good"), unp).await;
    assert!(html.contains("value=\"abc\""), "typed value kept: {html}");
    assert!(html.contains("“abc” is not a whole number"), "{html}");
    let html = refused(&app, "/triage", &regrade("k5", "4", "good"), unp).await;
    assert!(
        html.contains("Only 3 Tent (2 person) (Needs drying) at unit-south: type 3 or fewer."),
        "{html}"
    );
    let html = refused(&app, "/triage", &regrade("k6", "1", "needs-drying"), unp).await;
    assert!(html.contains("They already are Needs drying"), "{html}");
    let html = refused(&app, "/triage", &regrade("k7", "1", "dry-ish"), unp).await;
    assert!(html.contains("Choose a condition from the list."), "{html}");
    let mut unknown = regrade("k8", "1", "good");
    unknown[2] = ("category", "tent-9p");
    let html = refused(&app, "/triage", &unknown, unp).await;
    assert!(html.contains("That line no longer waits here"), "{html}");
    let mut nowhere = regrade("k9", "1", "good");
    nowhere[1] = ("location", "unit-north");
    refused(&app, "/triage", &nowhere, unp).await;
    // No form key, and a key already used for another regrade.
    let html = refused(&app, "/triage", &regrade("", "1", "good")[1..], unp).await;
    assert!(html.contains("missing its key"), "{html}");
    let (s, _, _) = app.post_form("/triage", &regrade("k10", "1", "good")).await;
    assert_eq!(s, StatusCode::OK);
    let html = refused(&app, "/triage", &regrade("k10", "2", "good"), unp).await;
    assert!(html.contains("already sent with other numbers"), "{html}");
    app.assert_ledger_consistent();
}

async fn transfer_moves_and_refuses(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "sleeping-bag", "condition": "good", "quantity": 10},
               {"category": "blanket", "condition": "usable", "quantity": 4}]),
    )
    .await;
    let (s, html) = app.get_text("/transfer?from=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("name=\"q.sleeping-bag.good\""), "{html}");
    assert!(html.contains("10 in stock"), "{html}");

    let form = [
        ("form_key", "t1"),
        ("from", "unit-south"),
        ("to", "unit-east"),
        ("q.sleeping-bag.good", "6"),
        ("q.blanket.usable", ""),
    ];
    let (s, _, html) = app.post_form("/transfer", &form).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Moved 6 items from unit-south to unit-east: 6 Sleeping bag (Good)."),
        "{html}"
    );
    assert_eq!(app.stock_of("unit-south", "sleeping-bag", "good").await, 4);
    assert_eq!(app.stock_of("unit-east", "sleeping-bag", "good").await, 6);
    // Sent again: once.
    let before = state_of(&app).await;
    let (s, _, _) = app.post_form("/transfer", &form).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(state_of(&app).await, before);

    // To a site outside a run.
    let (s, _, html) = app
        .post_form(
            "/transfer",
            &[
                ("form_key", "t2"),
                ("from", "unit-south"),
                ("to", "oak"),
                ("q.blanket.usable", "2"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.stock_of("oak", "blanket", "usable").await, 2);

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let bad = |key: &'static str, to: &'static str, q: &'static str| {
        [
            ("form_key", key),
            ("from", "unit-south"),
            ("to", to),
            ("q.sleeping-bag.good", q),
        ]
    };
    let html = refused(&app, "/transfer", &bad("t3", "unit-east", "5"), unp).await;
    assert!(
        html.contains("Only 4 Sleeping bag (Good) at unit-south: type 4 or fewer."),
        "{html}"
    );
    assert!(html.contains("value=\"5\""), "typed value kept: {html}");
    refused(&app, "/transfer", &bad("t4", "unit-east", "-1"), unp).await;
    let html = refused(&app, "/transfer", &bad("t5", "unit-east", "0"), unp).await;
    assert!(html.contains("at least one line"), "{html}");
    let html = refused(&app, "/transfer", &bad("t6", "unit-south", "1"), unp).await;
    assert!(
        html.contains("The goods are already at unit-south"),
        "{html}"
    );
    let html = refused(&app, "/transfer", &bad("t7", "narnia", "1"), unp).await;
    assert!(
        html.contains("That place is not in the list: choose one."),
        "{html}"
    );
    refused(
        &app,
        "/transfer",
        &[
            ("form_key", "t8"),
            ("from", "unit-south"),
            ("to", "unit-east"),
            ("q.tent-9p.good", "1"),
        ],
        unp,
    )
    .await;
    refused(&app, "/transfer", &bad("t1", "unit-east", "1"), unp).await;
    refused(&app, "/transfer", &bad("t9", "unit-east", "1")[1..], unp).await;
    app.assert_ledger_consistent();
}

async fn stocktake_shows_differences_before_writing(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "good", "quantity": 10},
               {"category": "blanket", "condition": "good", "quantity": 5}]),
    )
    .await;
    let (s, html) = app.get_text("/stocktake?location=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("name=\"n.tent-2p.good\" value=\"10\""),
        "{html}"
    );

    let sheet = [
        ("form_key", "s1"),
        ("location", "unit-south"),
        ("n.tent-2p.good", "8"),
        ("n.blanket.good", "5"),
        ("x0.category", "bike"),
        ("x0.condition", "needs-repair"),
        ("x0.count", "1"),
        ("reason", "monthly count"),
    ];
    // First the differences, and nothing written.
    let before = state_of(&app).await;
    let (s, _, html) = app.post_form("/stocktake", &sheet).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Save the stocktake at unit-south?"), "{html}");
    assert!(
        html.contains("Tent (2 person)") && html.contains("-2"),
        "{html}"
    );
    assert!(html.contains("Bicycle") && html.contains("+1"), "{html}");
    assert!(
        !html.contains(">Blanket<"),
        "unchanged lines are not listed: {html}"
    );
    assert!(html.contains("name=\"confirmed\" value=\"yes\""), "{html}");
    assert_eq!(state_of(&app).await, before, "the preview wrote something");

    // Then confirmed.
    let mut confirmed = sheet.to_vec();
    confirmed.push(("confirmed", "yes"));
    let (s, _, html) = app.post_form("/stocktake", &confirmed).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Stocktake at unit-south saved:"), "{html}");
    assert!(html.contains("Tent (2 person) Good -2"), "{html}");
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 8);
    assert_eq!(app.stock_of("unit-south", "bike", "needs-repair").await, 1);
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 5);
    let before = state_of(&app).await;
    let (s, _, _) = app.post_form("/stocktake", &confirmed).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        state_of(&app).await,
        before,
        "a resent stocktake counted twice"
    );

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let with = |key: &'static str, count: &'static str, reason: &'static str| {
        vec![
            ("form_key", key),
            ("location", "unit-south"),
            ("n.tent-2p.good", count),
            ("reason", reason),
            ("confirmed", "yes"),
        ]
    };
    let html = refused(&app, "/stocktake", &with("s2", "7", ""), unp).await;
    assert!(html.contains("Say why you counted"), "{html}");
    assert!(html.contains("value=\"7\""), "typed count kept: {html}");
    refused(&app, "/stocktake", &with("s3", "-1", "recount"), unp).await;
    refused(&app, "/stocktake", &with("s4", "many", "recount"), unp).await;
    refused(&app, "/stocktake", &with("s1", "7", "recount"), unp).await;
    refused(&app, "/stocktake", &with("s5", "7", "recount")[1..], unp).await;
    let mut nowhere = with("s6", "7", "recount");
    nowhere[1] = ("location", "unit-north");
    refused(&app, "/stocktake", &nowhere, unp).await;
    app.assert_ledger_consistent();
}

async fn writeoff_confirms_then_writes(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "gas-canister", "condition": "unusable", "quantity": 3}]),
    )
    .await;
    let form = [
        ("form_key", "w1"),
        ("location", "unit-south"),
        ("q.gas-canister.unusable", "2"),
        ("reason", "leaking"),
    ];
    let before = state_of(&app).await;
    let (s, _, html) = app.post_form("/writeoff", &form).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Write off 2 items?"), "{html}");
    assert!(
        html.contains("2 Gas canister (butane) (Unusable)"),
        "{html}"
    );
    assert_eq!(state_of(&app).await, before);
    let mut confirmed = form.to_vec();
    confirmed.push(("confirmed", "yes"));
    let (s, _, html) = app.post_form("/writeoff", &confirmed).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Wrote off 2 items at unit-south: 2 Gas canister (butane) (Unusable)."),
        "{html}"
    );
    assert_eq!(
        app.stock_of("unit-south", "gas-canister", "unusable").await,
        1
    );

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "w2"),
            ("location", "unit-south"),
            ("q.gas-canister.unusable", "1"),
            ("reason", ""),
            ("confirmed", "yes"),
        ],
        unp,
    )
    .await;
    assert!(html.contains("Say why these are written off."), "{html}");
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "w3"),
            ("location", "unit-south"),
            ("q.gas-canister.unusable", "5"),
            ("reason", "leaking"),
            ("confirmed", "yes"),
        ],
        unp,
    )
    .await;
    assert!(
        html.contains("Only 1 Gas canister (butane) (Unusable) at unit-south: type 1 or fewer."),
        "{html}"
    );
    refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "w4"),
            ("location", "unit-south"),
            ("q.gas-canister.unusable", "0"),
            ("reason", "leaking"),
            ("confirmed", "yes"),
        ],
        unp,
    )
    .await;
    app.assert_ledger_consistent();
}

async fn other_roles_are_refused(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 3}]),
    )
    .await;
    for (handle, role) in [
        ("cris", Role::Crew),
        ("dee", Role::Driver),
        ("dora", Role::Distributor),
    ] {
        let client = as_role(&app, handle, role).await;
        for path in ["/triage", "/transfer", "/stocktake", "/writeoff"] {
            let s = client
                .get(app.url(path))
                .send()
                .await
                .expect("GET")
                .status();
            assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} GET {path}");
        }
        let before = state_of(&app).await;
        let (s, _) = post(&client, &app, "/triage", &regrade("r1", "1", "good")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(state_of(&app).await, before);
    }
    // A warehouse volunteer may.
    let client = as_role(&app, "wren", Role::Warehouse).await;
    let (s, html) = post(&client, &app, "/triage", &regrade("r2", "1", "usable")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.stock_of("unit-south", "tent-2p", "usable").await, 1);
}

async fn page_forms_need_the_csrf_token(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 3}]),
    )
    .await;
    app.add_user_and_login("wren", Role::Warehouse).await;
    let (_jar, browser) = common::cookie_client();
    let r = app.page_login(&browser, "wren", "/triage").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = common::page_text(&browser, &app.url("/triage?location=unit-south")).await;
    assert!(html.contains("action=\"/triage#"), "a triage form: {html}");
    let token = common::csrf_in(&html);
    // No token, a wrong one, and the right one in the address only: all refused.
    for path in [
        "/triage".to_string(),
        "/triage?csrf=not-the-token".to_string(),
        format!("/triage?csrf={token}"),
    ] {
        let before = state_of(&app).await;
        let s = browser
            .post(app.url(&path))
            .form(&regrade("c1", "1", "good"))
            .send()
            .await
            .expect("POST")
            .status();
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(state_of(&app).await, before);
    }
    let s = browser
        .post(app.url("/triage"))
        .form(&common::with_csrf(&html, &regrade("c2", "1", "good")))
        .send()
        .await
        .expect("POST")
        .status();
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 1);
}

/// Where `needle` first appears in `html`, failing with the page when it is missing.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing from {html}"))
}

/// Asserts that `names` appear in `html` in this order.
fn in_order(html: &str, names: &[&str]) {
    let places: Vec<usize> = names.iter().map(|n| at(html, n)).collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "{names:?} out of order ({places:?}) in {html}"
    );
}

async fn transfer_moves_from_the_warehouse_shown(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "blanket", "condition": "good", "quantity": 5}]),
    )
    .await;
    intake(
        &app,
        "unit-east",
        json!([{"category": "blanket", "condition": "good", "quantity": 7}]),
    )
    .await;
    // The chooser is links: nothing on the page can name another warehouse than the one
    // whose stock is shown, and the save form carries that one.
    let (s, html) = app.get_text("/transfer?from=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("<select id=\"from-pick\""), "{html}");
    assert!(html.contains("Transfer from unit-south"), "{html}");
    assert!(html.contains("href=\"/transfer?from=unit-east\""), "{html}");
    assert!(
        html.contains("type=\"hidden\" name=\"from\" value=\"unit-south\""),
        "{html}"
    );
    assert!(html.contains("What to move from unit-south"), "{html}");
    let (s, _, html) = app
        .post_form(
            "/transfer",
            &[
                ("form_key", "s1"),
                ("from", "unit-south"),
                ("to", "unit-east"),
                ("q.blanket.good", "2"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Moved 2 items from unit-south to unit-east"),
        "{html}"
    );
    assert_eq!(app.stock_of("unit-south", "blanket", "good").await, 3);
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 9);
    // The page shown after saving is still the warehouse moved from.
    assert!(
        html.contains("type=\"hidden\" name=\"from\" value=\"unit-south\""),
        "{html}"
    );

    // An unknown warehouse is refused, and what was typed is not shown again under
    // the warehouse the page falls back to.
    let html = refused(
        &app,
        "/transfer",
        &[
            ("form_key", "s2"),
            ("from", "narnia"),
            ("to", "unit-south"),
            ("q.blanket.good", "4"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        !html.contains("value=\"4\""),
        "typed under another place: {html}"
    );
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "s3"),
            ("location", "narnia"),
            ("q.blanket.good", "4"),
            ("reason", "mould"),
            ("confirmed", "yes"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        !html.contains("value=\"4\""),
        "typed under another place: {html}"
    );
    app.assert_ledger_consistent();
}

async fn lists_follow_the_names_shown(app: TestApp) {
    for (slug, name) in [("aa-yard", "Zed yard"), ("zz-depot", "alpha depot")] {
        let (s, body) = app
            .post(
                "/api/v1/locations",
                &json!({"slug": slug, "name": name, "kind": "warehouse"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, body) = app
        .post(
            "/api/v1/categories",
            &json!({"slug": "aa-mat", "name": "Zebra mat", "unit_volume_l": 2, "unit_weight_kg": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    intake(
        &app,
        "unit-south",
        json!([{"category": "aa-mat", "condition": "good", "quantity": 1},
               {"category": "blanket", "condition": "needs-repair", "quantity": 1},
               {"category": "blanket", "condition": "usable", "quantity": 1},
               {"category": "blanket", "condition": "good", "quantity": 1},
               {"category": "blanket", "condition": "needs-drying", "quantity": 1},
               {"category": "blanket", "condition": "needs-cleaning", "quantity": 1},
               {"category": "aa-mat", "condition": "needs-drying", "quantity": 1}]),
    )
    .await;
    let warehouses = [">alpha depot<", ">unit-east<", ">unit-south<", ">Zed yard<"];
    let lines = [
        "q.blanket.good\"",
        "q.blanket.usable\"",
        "q.blanket.needs-drying\"",
        "q.blanket.needs-cleaning\"",
        "q.blanket.needs-repair\"",
        "q.aa-mat.good\"",
        "q.aa-mat.needs-drying\"",
    ];
    let (s, html) = app.get_text("/transfer?from=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    in_order(&html, &warehouses);
    in_order(&html, &lines);
    let (_, html) = app.get_text("/writeoff?location=unit-south").await;
    in_order(&html, &warehouses);
    in_order(&html, &lines);
    let (_, html) = app.get_text("/stocktake?location=unit-south").await;
    in_order(&html, &warehouses);
    let counted: Vec<String> = lines.iter().map(|l| l.replacen("q.", "n.", 1)).collect();
    in_order(
        &html,
        &counted.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    // The extra rows' category choice too.
    in_order(&html, &[">Blanket<", ">Zebra mat<"]);
    let (_, html) = app.get_text("/triage?location=unit-south").await;
    in_order(&html, &warehouses);
    in_order(
        &html,
        &[
            "t-blanket-needs-drying",
            "t-aa-mat-needs-drying",
            "t-blanket-needs-cleaning",
        ],
    );
    let (_, html) = app.get_text("/stock").await;
    // The location chooser, then the tables: places and lines by name.
    in_order(&html, &[">alpha depot<", ">unit-east<", ">Zed yard<"]);
    // Grouped by kind: an option is the name alone, so it fits the select at 360 px.
    let chooser = &html[at(&html, "<select id=\"location\"")..at(&html, "<select id=\"category\"")];
    assert!(
        chooser.contains("<optgroup label=\"Warehouses\">"),
        "{chooser}"
    );
    assert!(!chooser.contains("(warehouse)"), "{chooser}");
    let tables = &html[at(&html, "<section")..];
    in_order(
        tables,
        &[
            "data-category=\"blanket\" data-condition=\"good\"",
            "data-category=\"blanket\" data-condition=\"usable\"",
            "data-category=\"blanket\" data-condition=\"needs-drying\"",
            "data-category=\"blanket\" data-condition=\"needs-cleaning\"",
            "data-category=\"blanket\" data-condition=\"needs-repair\"",
            "data-category=\"aa-mat\" data-condition=\"good\"",
        ],
    );
}

async fn runs_without_vans_point_to_admin(app: TestApp) {
    let (s, html) = app.get_text("/runs").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("No vans yet"), "{html}");
    assert!(!html.contains("POST /api/v1/vans"), "{html}");
    assert!(
        html.contains("<a href=\"/admin/vans\">Admin → Vans</a>"),
        "{html}"
    );
}

/// A warehouse whose name is not its slug: a message that shows the code is caught.
async fn west_unit(app: &TestApp) {
    let (s, body) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "unit-west", "name": "West unit", "kind": "warehouse"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    intake(
        app,
        "unit-west",
        json!([{"category": "airbed", "condition": "good", "quantity": 12},
               {"category": "tent-2p", "condition": "needs-drying", "quantity": 3}]),
    )
    .await;
}

/// "not enough stock" names the goods and the place as volunteers know them, on every
/// sheet and in the API's message; the API keeps its code and the slugs in `details`.
async fn shortages_are_named_not_coded(app: TestApp) {
    west_unit(&app).await;
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let said = "not enough stock: 999 × Airbed (single) (good) at West unit — 12 there";
    let beside = "Only 12 Airbed (single) (Good) at West unit: type 12 or fewer.";
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "n1"),
            ("location", "unit-west"),
            ("q.airbed.good", "999"),
            ("reason", "mould"),
            ("confirmed", "yes"),
        ],
        unp,
    )
    .await;
    assert!(html.contains(beside), "{html}");
    let html = refused(
        &app,
        "/transfer",
        &[
            ("form_key", "n2"),
            ("from", "unit-west"),
            ("to", "unit-east"),
            ("q.airbed.good", "999"),
        ],
        unp,
    )
    .await;
    assert!(html.contains(beside), "{html}");
    let mut wet = regrade("n3", "4", "good");
    wet[1] = ("location", "unit-west");
    let html = refused(&app, "/triage", &wet, unp).await;
    assert!(
        html.contains("Only 3 Tent (2 person) (Needs drying) at West unit: type 3 or fewer."),
        "{html}"
    );
    assert!(
        !html.contains("× tent-2p") && !html.contains("at unit-west"),
        "{html}"
    );
    let before = state_of(&app).await;
    let (s, body) = app
        .post(
            "/api/v1/writeoffs",
            &json!({"location": "unit-west", "reason": "mould",
                    "lines": [{"category": "airbed", "condition": "good", "quantity": 999}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "insufficient_stock");
    assert_eq!(body["error"]["message"], said);
    let short = &body["error"]["details"]["shortages"][0];
    assert_eq!(short["location"], "unit-west");
    assert_eq!(short["category"], "airbed");
    assert_eq!(short["in_stock"], 12);
    assert_eq!(short["requested"], 999);
    assert_eq!(state_of(&app).await, before);
    // A place of the wrong kind is named too.
    let (s, body) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "alder", "name": "Alder meadow", "kind": "site"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post_intake(
            "alder",
            json!([{"category": "airbed", "condition": "good", "quantity": 1}]),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Alder meadow is a site, not a warehouse")),
        "{body}"
    );
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

/// A triage form refused for a place that is not in the list comes back with no place
/// chosen — never the first warehouse with the typed number in one of its rows — and
/// the error under the place links; a refusal at a real place stays at that place.
async fn triage_refused_stays_at_the_place_chosen(app: TestApp) {
    west_unit(&app).await;
    intake(
        &app,
        "unit-east",
        json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 9}]),
    )
    .await;
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let mut nowhere = regrade("p1", "2", "good");
    nowhere[1] = ("location", "narnia");
    let html = refused(&app, "/triage", &nowhere, unp).await;
    assert!(
        !html.contains("value=\"2\""),
        "typed under another place: {html}"
    );
    assert!(!html.contains("9 waiting"), "the fallback's rows: {html}");
    assert!(html.contains("<h1>Triage</h1>"), "{html}");
    let links = at(&html, "nav class=\"places\"");
    let error = html
        .rfind("That place is not in the list")
        .expect("the error");
    assert!(links < error, "the error is beside the place links: {html}");
    // Asked for in the address: said, and no other place's rows shown.
    let (s, html) = app.get_text("/triage?location=narnia").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("That place is not in the list"), "{html}");
    assert!(!html.contains("9 waiting"), "{html}");
    // Refused at West unit (too many): shown again at West unit with what was typed.
    let mut west = regrade("p2", "5", "good");
    west[1] = ("location", "unit-west");
    let html = refused(&app, "/triage", &west, unp).await;
    assert!(html.contains("Triage at West unit"), "{html}");
    assert!(html.contains("value=\"5\""), "typed value kept: {html}");
    assert!(!html.contains("9 waiting"), "{html}");
    // The other sheets too: no sheet for a place not in the list.
    for (path, field) in [
        ("/transfer", "from"),
        ("/writeoff", "location"),
        ("/stocktake", "location"),
    ] {
        let html = refused(
            &app,
            path,
            &[
                ("form_key", "p3"),
                (field, "narnia"),
                ("to", "unit-south"),
                ("q.tent-2p.needs-drying", "2"),
                ("n.tent-2p.needs-drying", "2"),
                ("reason", "count"),
                ("confirmed", "yes"),
            ],
            unp,
        )
        .await;
        assert!(!html.contains("value=\"2\""), "{path}: {html}");
        assert!(!html.contains("in stock"), "{path}: {html}");
        assert!(!html.contains("in the books"), "{path}: {html}");
        assert!(
            html.contains("That place is not in the list"),
            "{path}: {html}"
        );
    }
    app.assert_ledger_consistent();
}

/// The error paragraphs the input (or select) named `name` points at with
/// `aria-describedby`, in order; they must sit after it and before its block closes.
fn errors_beside(html: &str, name: &str) -> Vec<String> {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name}: {html}"));
    let tag_start = html[..at].rfind('<').expect("tag start");
    let tag_end = at + html[at..].find('>').expect("tag end");
    let tag = &html[tag_start..tag_end];
    let Some(ids) = tag
        .split("aria-describedby=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
    else {
        return Vec::new();
    };
    let block_end = tag_end + html[tag_end..].find("</div>").expect("block end");
    assert!(
        tag.contains("aria-invalid=\"true\""),
        "{name} is not marked invalid: {tag}"
    );
    // A field's help (`…-hint`) is read with it too, but is no error.
    ids.split(' ')
        .filter(|id| !id.ends_with("-hint"))
        .map(|id| {
            let p = html
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{name} points at {id}, which is not there"));
            assert!(
                p > tag_end && p < block_end,
                "the error {id} of {name} is not beside it"
            );
            let text_start = p + html[p..].find('>').expect(">") + 1;
            let text_end = text_start + html[text_start..].find('<').expect("<");
            html[text_start..text_end].to_string()
        })
        .collect()
}

/// What a volunteer must never read in a refusal: codes and slugs.
fn no_codes(html: &str) {
    for code in [
        "''",
        "unknown location",
        "unknown category",
        "' is not a whole number",
        "quantity must",
        "sleeping-bag",
        "needs-drying)",
        "tent-2p)",
    ] {
        let shown: Vec<&str> = html
            .split("class=\"field-error\"")
            .skip(1)
            .filter_map(|p| p.split("</p>").next())
            .filter_map(|p| p.split_once('>').map(|(_, text)| text))
            .filter(|p| p.contains(code))
            .collect();
        assert!(shown.is_empty(), "{code:?} shown in {shown:?}");
    }
}

/// Every refusal of a warehouse form at once, each a plain sentence beside its field
/// (the input points at it), the typed values kept, nothing changed.
async fn every_refusal_is_said_at_once_beside_its_field(app: TestApp) {
    west_unit(&app).await;
    intake(
        &app,
        "unit-west",
        json!([{"category": "sleeping-bag", "condition": "good", "quantity": 3},
               {"category": "blanket", "condition": "usable", "quantity": 5}]),
    )
    .await;
    let unp = StatusCode::UNPROCESSABLE_ENTITY;

    // Transfer: no destination, one line over stock, one not a number, a phone number
    // in the note.
    let html = refused(
        &app,
        "/transfer",
        &[
            ("form_key", "a1"),
            ("from", "unit-west"),
            ("to", ""),
            ("q.sleeping-bag.good", "5"),
            ("q.blanket.usable", "two"),
            ("note", "ring 06 12 34 56 78"),
        ],
        unp,
    )
    .await;
    assert!(
        html.contains("Nothing was saved: 4 things to put right, shown below."),
        "{html}"
    );
    assert_eq!(
        errors_beside(&html, "q.sleeping-bag.good"),
        ["Only 3 Sleeping bag (Good) at West unit: type 3 or fewer."]
    );
    assert_eq!(
        errors_beside(&html, "q.blanket.usable"),
        ["“two” is not a whole number: type digits only, like 3."]
    );
    assert_eq!(errors_beside(&html, "to"), ["Choose where the goods go."]);
    assert_eq!(
        errors_beside(&html, "note"),
        ["Leave out phone numbers: Haul keeps no record of the people it serves."]
    );
    for kept in [
        "value=\"5\"",
        "value=\"two\"",
        "value=\"ring 06 12 34 56 78\"",
    ] {
        assert!(html.contains(kept), "{kept} not kept: {html}");
    }
    no_codes(&html);

    // Write-off: over stock and no reason, both at once.
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "a2"),
            ("location", "unit-west"),
            ("q.airbed.good", "13"),
            ("reason", " "),
        ],
        unp,
    )
    .await;
    assert_eq!(
        errors_beside(&html, "q.airbed.good"),
        ["Only 12 Airbed (single) (Good) at West unit: type 12 or fewer."]
    );
    assert_eq!(
        errors_beside(&html, "reason"),
        ["Say why these are written off."]
    );
    assert!(html.contains("value=\"13\""), "{html}");
    no_codes(&html);
    // Nothing typed at all: the lines say so.
    let html = refused(
        &app,
        "/writeoff",
        &[
            ("form_key", "a3"),
            ("location", "unit-west"),
            ("reason", "mould"),
        ],
        unp,
    )
    .await;
    assert!(
        html.contains("Type how many on at least one line."),
        "{html}"
    );

    // Stocktake: a count that is not a number, a count found with nothing chosen, a
    // count below zero, no reason.
    let html = refused(
        &app,
        "/stocktake",
        &[
            ("form_key", "a4"),
            ("location", "unit-west"),
            ("n.airbed.good", "many"),
            ("n.blanket.usable", "-1"),
            ("x0.count", "2"),
            ("x0.category", ""),
            ("x0.condition", "good"),
            ("reason", ""),
            ("confirmed", "yes"),
        ],
        unp,
    )
    .await;
    assert_eq!(
        errors_beside(&html, "n.airbed.good"),
        ["“many” is not a whole number: type digits only, like 3."]
    );
    assert_eq!(
        errors_beside(&html, "n.blanket.usable"),
        ["This must be at least 0."]
    );
    assert_eq!(
        errors_beside(&html, "x0.count"),
        ["Choose what you found, or clear its count."]
    );
    assert_eq!(
        errors_beside(&html, "reason"),
        ["Say why you counted (for example, monthly count)."]
    );
    for kept in ["value=\"many\"", "value=\"-1\"", "value=\"2\""] {
        assert!(html.contains(kept), "{kept} not kept: {html}");
    }
    no_codes(&html);

    // Triage: a quantity that is not a number, and a condition not offered, on one row.
    let mut wet = regrade("a5", "lots", "soggy");
    wet[1] = ("location", "unit-west");
    let html = refused(&app, "/triage", &wet, unp).await;
    let row = &html[html.find("id=\"t-tent-2p-needs-drying\"").expect("the row")..];
    assert!(row.contains("value=\"lots\""), "typed value kept: {row}");
    assert_eq!(
        errors_beside(row, "quantity"),
        ["“lots” is not a whole number: type digits only, like 3."]
    );
    assert!(
        row[..row.find("class=\"moves\"").expect("buttons")]
            .contains("Choose a condition from the list."),
        "{row}"
    );
    no_codes(&html);
    app.assert_ledger_consistent();
}

/// The same refusals in French and Arabic: every sentence is the language's own.
async fn refusals_speak_the_volunteers_language(app: TestApp) {
    west_unit(&app).await;
    let client = reqwest::Client::new();
    for (lang, short, nothing) in [
        (
            "fr",
            "Seulement 12 Matelas gonflable (1 place) (Bon état) à West unit\u{a0}: tapez 12 ou moins.",
            "Rien n’a été enregistré",
        ),
        ("ar", "فراش هوائي (فردي)", "لم يُحفظ شيء"),
    ] {
        let before = state_of(&app).await;
        let resp = client
            .post(app.url("/writeoff"))
            .bearer_auth(app.token.as_deref().unwrap_or_default())
            .header("Accept-Language", lang)
            .form(&[
                ("form_key", "l1"),
                ("location", "unit-west"),
                ("q.airbed.good", "13"),
                ("reason", ""),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = resp.text().await.expect("text");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{html}");
        assert!(html.contains(short), "{lang}: {html}");
        assert!(html.contains(nothing), "{lang}: {html}");
        assert!(!html.contains("Say why"), "{lang}: English left: {html}");
        assert_eq!(state_of(&app).await, before);
    }
}

/// The markup of the input named `name` (its opening tag), if the page has one.
fn input_named<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let start = html[..at].rfind('<')?;
    Some(&html[start..at + html[at..].find('>')?])
}

/// A long sheet narrows to a group or to names holding the words typed (its buttons
/// post the form back; a link may name a filter too): counts typed anywhere come back (the hidden lines' in hidden fields),
/// a line with an error shows whatever the filter, and the sheet then sends every count.
async fn long_sheets_narrow_keeping_what_was_typed(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "good", "quantity": 4},
               {"category": "sleeping-bag", "condition": "good", "quantity": 10},
               {"category": "blanket", "condition": "usable", "quantity": 4},
               {"category": "bike", "condition": "needs-repair", "quantity": 2}]),
    )
    .await;
    let (s, html) = app.get_text("/transfer?from=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    for group in ["group.shelter", "group.sleeping", "group.bikes"] {
        let button = input_named(&html, group).unwrap_or_else(|| panic!("{group}: {html}"));
        assert!(
            button.contains("type=\"submit\"") && !button.contains("formmethod"),
            "{button}"
        );
    }
    // Shelter only, with a sleeping-bag count typed before: kept, hidden.
    let (s, html) = app
        .get_text("/transfer?form_key=f1&from=unit-south&to=unit-east&q.sleeping-bag.good=3&q.tent-2p.good=&group.shelter=Shelter")
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"q.tent-2p.good\""), "{html}");
    assert!(!html.contains("id=\"q.sleeping-bag.good\""), "{html}");
    assert_eq!(
        input_named(&html, "q.sleeping-bag.good"),
        Some("<input type=\"hidden\" name=\"q.sleeping-bag.good\" value=\"3\""),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"unit-east\" selected>"),
        "{html}"
    );
    assert!(html.contains("value=\"f1\""), "the same form key: {html}");
    assert!(html.contains("Shelter: showing 1 of 4 lines."), "{html}");
    assert!(
        input_named(&html, "group.shelter").is_some_and(|b| b.contains("aria-pressed=\"true\"")),
        "{html}"
    );
    // Words typed, accents and case aside: "SLÉEP" finds the sleeping bag.
    let (_, html) = app
        .get_text("/transfer?from=unit-south&q.sleeping-bag.good=3&find=SL%C3%89EP")
        .await;
    assert!(html.contains("id=\"q.sleeping-bag.good\""), "{html}");
    assert!(!html.contains("id=\"q.tent-2p.good\""), "{html}");
    assert!(!html.contains("id=\"q.blanket.usable\""), "{html}");
    // "All" drops the filter, counts kept in their boxes.
    let (_, html) = app
        .get_text(
            "/transfer?from=unit-south&group=shelter&find=tent&q.sleeping-bag.good=3&clear=All",
        )
        .await;
    assert!(html.contains("id=\"q.blanket.usable\""), "{html}");
    assert!(
        input_named(&html, "q.sleeping-bag.good")
            .is_some_and(|i| i.contains("value=\"3\"") && !i.contains("hidden")),
        "{html}"
    );

    // Sent while narrowed to shelter: an error on a hidden line shows it, nothing moves.
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let narrowed = |key: &'static str, bags: &'static str| {
        [
            ("form_key", key),
            ("from", "unit-south"),
            ("to", "unit-east"),
            ("group", "shelter"),
            ("find", ""),
            ("q.tent-2p.good", "2"),
            ("q.sleeping-bag.good", bags),
        ]
    };
    let html = refused(&app, "/transfer", &narrowed("f2", "99"), unp).await;
    assert!(html.contains("id=\"q.sleeping-bag.good\""), "{html}");
    assert!(
        html.contains("Only 10 Sleeping bag (Good) at unit-south: type 10 or fewer."),
        "{html}"
    );
    assert!(
        !html.contains("id=\"q.blanket.usable\""),
        "still narrowed: {html}"
    );
    // And fine: both lines move, the hidden one too.
    let (s, _, html) = app.post_form("/transfer", &narrowed("f3", "3")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(app.stock_of("unit-east", "sleeping-bag", "good").await, 3);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 2);

    // The count sheet narrowed to bikes: the other lines carry the books' counts.
    let (s, html) = app
        .get_text("/stocktake?location=unit-south&group.bikes=Bikes")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("id=\"n.bike.needs-repair\""), "{html}");
    assert_eq!(
        input_named(&html, "n.sleeping-bag.good"),
        Some("<input type=\"hidden\" name=\"n.sleeping-bag.good\" value=\"7\""),
        "{html}"
    );
    // The write-off sheet narrows too.
    let (_, html) = app
        .get_text("/writeoff?location=unit-south&find=bicycle")
        .await;
    assert!(html.contains("id=\"q.bike.needs-repair\""), "{html}");
    assert!(!html.contains("id=\"q.tent-2p.good\""), "{html}");
    app.assert_ledger_consistent();
}

/// The reason of a stocktake and of a write-off comes before the long list of lines,
/// where it is seen; the intake's source example is help under the box, not a
/// placeholder that reads as a value.
async fn reasons_lead_and_examples_are_hints(app: TestApp) {
    intake(
        &app,
        "unit-south",
        json!([{"category": "tent-2p", "condition": "good", "quantity": 4}]),
    )
    .await;
    for path in [
        "/stocktake?location=unit-south",
        "/writeoff?location=unit-south",
    ] {
        let (s, html) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK);
        let reason = at(&html, "id=\"reason\"");
        let first_line = html.find("class=\"line\"").expect("a line");
        assert!(
            reason < first_line,
            "{path}: the reason comes first: {html}"
        );
        let reason = input_named(&html, "reason").expect("the reason box");
        assert!(!reason.contains("placeholder"), "{reason}");
    }
    let (_, html) = app.get_text("/stocktake?location=unit-south").await;
    assert!(
        html.contains("id=\"reason-hint\">For example: monthly count")
            && input_named(&html, "reason")
                .is_some_and(|r| r.contains("aria-describedby=\"reason-hint\"")),
        "{html}"
    );
    let (s, html) = app.get_text("/intake").await;
    assert_eq!(s, StatusCode::OK);
    let source = input_named(&html, "source").expect("the source box");
    assert!(!source.contains("placeholder"), "{source}");
    assert!(
        source.contains("aria-describedby=\"source-hint\""),
        "{source}"
    );
    assert!(
        html.contains("id=\"source-hint\">For example: Glastonbury 2026, or the donor’s name."),
        "{html}"
    );
}

on_both_backends!(
    long_sheets_narrow_keeping_what_was_typed,
    reasons_lead_and_examples_are_hints,
    triage_dries_wet_tents_once,
    triage_refuses_bad_input,
    transfer_moves_and_refuses,
    stocktake_shows_differences_before_writing,
    writeoff_confirms_then_writes,
    other_roles_are_refused,
    page_forms_need_the_csrf_token,
    transfer_moves_from_the_warehouse_shown,
    lists_follow_the_names_shown,
    runs_without_vans_point_to_admin,
    shortages_are_named_not_coded,
    triage_refused_stays_at_the_place_chosen,
    every_refusal_is_said_at_once_beside_its_field,
    refusals_speak_the_volunteers_language,
);
