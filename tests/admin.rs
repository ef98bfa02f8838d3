//! The coordinator's admin over HTTP, pages and API, on SQLite and PostgreSQL:
//! volunteers (add with a one-time link, role change, deactivation that stops sessions
//! and tokens at once), vans, warehouses and sites, the catalogue with its groups; and
//! every kind of bad input refused with "nothing changed" asserted after.

mod common;

use common::{TestApp, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A client acting with a bearer token.
fn bearer(token: &str) -> reqwest::Client {
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

async fn users(app: &TestApp) -> Value {
    let (s, body) = app.get("/api/v1/users").await;
    assert_eq!(s, StatusCode::OK);
    body["users"].clone()
}

fn role_of(users: &Value, handle: &str) -> Option<String> {
    users
        .as_array()?
        .iter()
        .find(|u| u["handle"] == handle)
        .map(|u| {
            let role = u["role"].as_str().unwrap_or("").to_string();
            if u["deactivated_at"].is_null() {
                role
            } else {
                format!("{role} (deactivated)")
            }
        })
}

/// Everything the admin can change, to assert that a refusal changed nothing.
async fn admin_state(app: &TestApp) -> Value {
    let (_, cats) = app.get("/api/v1/categories").await;
    let (_, locs) = app.get("/api/v1/locations").await;
    let (_, vans) = app.get("/api/v1/vans").await;
    json!([users(app).await, cats, locs, vans])
}

async fn refused_form(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    status: StatusCode,
) -> String {
    let before = admin_state(app).await;
    let (got, _, html) = app.post_form(path, fields).await;
    assert_eq!(got, status, "{path} {fields:?} → {html}");
    assert_eq!(
        admin_state(app).await,
        before,
        "{path} {fields:?} changed something"
    );
    html
}

/// The one-time link a page or API answer shows.
fn link_in(text: &str) -> String {
    let start = text.find("/reset?token=").expect("a one-time link");
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/?=".contains(*c))
        .collect()
}

/// Opens a one-time link as a browser would and chooses `password`.
async fn choose_password(app: &TestApp, link: &str, password: &str) -> reqwest::Response {
    let (_jar, browser) = common::cookie_client();
    let resp = browser.get(app.url(link)).send().await.expect("GET link");
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.expect("page");
    browser
        .post(app.url(&common::form_action(&html, 1)))
        .form(&common::with_csrf(&html, &[("password", password)]))
        .send()
        .await
        .expect("POST reset")
}

async fn volunteer_added_on_the_page_chooses_a_password_once(app: TestApp) {
    let (s, _, html) = app
        .post_form(
            "/admin/volunteers",
            &[("handle", "sam"), ("role", "warehouse")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Added sam, role: Warehouse."), "{html}");
    assert_eq!(
        role_of(&users(&app).await, "sam").as_deref(),
        Some("warehouse")
    );
    let link = link_in(&html);
    assert!(
        !html.contains("password\" value"),
        "no password is ever shown"
    );
    // The one-time link is text to copy, never a live link a tap would use up.
    assert!(!html.contains("href=\"/reset"), "{html}");
    let field = &html[html.find("id=\"onetime-link\"").expect("the link's field")..];
    let field = &field[..field.find('>').expect("its end")];
    assert!(field.contains("readonly"), "{field}");
    assert!(
        field.contains("data-select"),
        "selected whole on focus: {field}"
    );
    assert!(field.contains(&format!("{link}\"")), "{field}");
    assert!(html.contains("<label for=\"onetime-link\">One-time link</label>"));
    assert!(html.contains("Copy it to send"), "{html}");

    let r = choose_password(&app, &link, "short").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = choose_password(&app, &link, "sam's own long password").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "logged in after choosing"
    );
    assert!(app.login("sam", "sam's own long password").await.is_ok());
    // Single use.
    let (s, html) = app.get_text(&link).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{html}");

    // A new link replaces older ones; a deactivated volunteer's link stops.
    let (s, body) = app
        .post("/api/v1/users/sam/password-link", &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let first = body["path"].as_str().expect("path").to_string();
    let (s, body) = app
        .post("/api/v1/users/sam/password-link", &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let second = body["path"].as_str().expect("path").to_string();
    assert_eq!(app.get_text(&first).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get_text(&second).await.0, StatusCode::OK);
    let (s, _) = app.post("/api/v1/users/sam/deactivate", &json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.get_text(&second).await.0, StatusCode::NOT_FOUND);

    // The API adds volunteers with a link too, or with a password as before.
    let (s, body) = app
        .post("/api/v1/users", &json!({"handle": "lou", "role": "driver"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert!(link_in(&body["setup_link"]["path"].to_string()).starts_with("/reset?token="));
    let (s, body) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "max", "role": "crew", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert!(body.get("setup_link").is_none());
}

async fn deactivation_stops_tokens_and_sessions_at_once(app: TestApp) {
    let token = app.add_user_and_login("dee", Role::Warehouse).await;
    let api = bearer(&token);
    let (_jar, browser) = common::cookie_client();
    let r = app.page_login(&browser, "dee", "/triage").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Both work (and the token's role is now cached).
    let ok = api
        .get(app.url("/api/v1/ledger"))
        .send()
        .await
        .expect("GET");
    assert_eq!(ok.status(), StatusCode::OK);
    let ok = browser.get(app.url("/triage")).send().await.expect("GET");
    assert_eq!(ok.status(), StatusCode::OK);

    // The first POST only asks.
    let (s, _, html) = app.post_form("/admin/volunteers/dee/deactivate", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Deactivate dee?"), "{html}");
    assert!(
        html.contains("<button class=\"danger\" type=\"submit\">Deactivate</button>"),
        "it ends something: the danger style {html}"
    );
    assert!(html.contains("name=\"confirmed\" value=\"yes\""), "{html}");
    assert_eq!(
        role_of(&users(&app).await, "dee").as_deref(),
        Some("warehouse")
    );
    let (s, _, html) = app
        .post_form("/admin/volunteers/dee/deactivate", &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Deactivated dee"), "{html}");

    let r = api
        .get(app.url("/api/v1/ledger"))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the token still works"
    );
    let r = browser.get(app.url("/triage")).send().await.expect("GET");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the session still works");
    assert!(r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| l.starts_with("/login")));
    let (s, _) = app
        .login("dee", TEST_PASSWORD)
        .await
        .expect_err("login refused");
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        role_of(&users(&app).await, "dee").as_deref(),
        Some("warehouse (deactivated)")
    );

    // Over the API too, with the role cached.
    let token = app.add_user_and_login("eve", Role::Crew).await;
    let api = bearer(&token);
    assert_eq!(
        api.get(app.url("/api/v1/intakes"))
            .send()
            .await
            .expect("GET")
            .status(),
        StatusCode::OK
    );
    let (s, body) = app.post("/api/v1/users/eve/deactivate", &json!({})).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(
        api.get(app.url("/api/v1/intakes"))
            .send()
            .await
            .expect("GET")
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn role_change_holds_at_once(app: TestApp) {
    let token = app.add_user_and_login("cy", Role::Crew).await;
    let api = bearer(&token);
    let get = |path: &'static str| api.get(app.url(path)).send();
    assert_eq!(
        get("/api/v1/intakes").await.expect("GET").status(),
        StatusCode::OK
    );
    assert_eq!(
        get("/api/v1/ledger").await.expect("GET").status(),
        StatusCode::FORBIDDEN
    );
    let (s, _, html) = app
        .post_form("/admin/volunteers/cy/role", &[("role", "warehouse")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("cy: Crew → Warehouse."), "{html}");
    assert_eq!(
        get("/api/v1/ledger").await.expect("GET").status(),
        StatusCode::OK
    );
    let (s, body) = app
        .request_patch("/api/v1/users/cy", &json!({"role": "driver"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(
        get("/api/v1/ledger").await.expect("GET").status(),
        StatusCode::FORBIDDEN
    );
}

async fn volunteer_bad_input_changes_nothing(app: TestApp) {
    app.add_user_and_login("wren", Role::Warehouse).await;
    // Each row's selects are named for their volunteer, for a screen reader.
    let (_, html) = app.get_text("/admin/volunteers").await;
    assert!(html.contains("aria-label=\"Role of wren\""), "{html}");
    assert!(html.contains("aria-label=\"Language of wren\""), "{html}");
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let html = refused_form(
        &app,
        "/admin/volunteers",
        &[("handle", "Sam Smith"), ("role", "crew")],
        unp,
    )
    .await;
    assert!(
        html.contains("value=\"Sam Smith\""),
        "typed value kept: {html}"
    );
    assert!(html.contains("A handle is 2 to 32"), "{html}");
    refused_form(
        &app,
        "/admin/volunteers",
        &[("handle", "sam"), ("role", "boss")],
        unp,
    )
    .await;
    let html = refused_form(
        &app,
        "/admin/volunteers",
        &[("handle", "wren"), ("role", "crew")],
        unp,
    )
    .await;
    assert!(html.contains("taken"), "{html}");
    refused_form(
        &app,
        "/admin/volunteers/wren/role",
        &[("role", "boss")],
        unp,
    )
    .await;
    refused_form(
        &app,
        "/admin/volunteers/nobody/role",
        &[("role", "crew")],
        unp,
    )
    .await;
    // The last coordinator cannot be demoted, nor deactivate themselves.
    let html = refused_form(
        &app,
        "/admin/volunteers/coord/role",
        &[("role", "crew")],
        unp,
    )
    .await;
    assert!(html.contains("last coordinator"), "{html}");
    refused_form(
        &app,
        "/admin/volunteers/coord/deactivate",
        &[("confirmed", "yes")],
        unp,
    )
    .await;

    let before = admin_state(&app).await;
    let (s, _) = app
        .request_patch("/api/v1/users/nobody", &json!({"role": "crew"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .request_patch("/api/v1/users/wren", &json!({"role": "boss"}))
        .await;
    assert_eq!(s, unp);
    let (s, _) = app
        .request_patch("/api/v1/users/wren", &json!({"rank": "crew"}))
        .await;
    assert_eq!(s, unp);
    let (s, _) = app
        .post("/api/v1/users/nobody/deactivate", &json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Wrong role: a warehouse volunteer may not.
    let wren = bearer(&app.login("wren", TEST_PASSWORD).await.expect("login"));
    for path in [
        "/admin",
        "/admin/volunteers",
        "/admin/vans",
        "/admin/places",
        "/admin/categories",
    ] {
        let s = wren.get(app.url(path)).send().await.expect("GET").status();
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    let s = wren
        .post(app.url("/admin/volunteers"))
        .form(&[("handle", "sly"), ("role", "coordinator")])
        .send()
        .await
        .expect("POST")
        .status();
    assert_eq!(s, StatusCode::FORBIDDEN);
    let s = wren
        .patch(app.url("/api/v1/users/wren"))
        .json(&json!({"role": "coordinator"}))
        .send()
        .await
        .expect("PATCH")
        .status();
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(admin_state(&app).await, before);

    // A page session without the form's CSRF token.
    let (_jar, browser) = common::cookie_client();
    app.page_login(&browser, common::COORDINATOR_HANDLE, "/admin")
        .await;
    for path in [
        "/admin/volunteers",
        "/admin/volunteers/wren/deactivate?confirmed=yes",
    ] {
        let s = browser
            .post(app.url(path))
            .form(&[("handle", "sly"), ("role", "crew"), ("confirmed", "yes")])
            .send()
            .await
            .expect("POST")
            .status();
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(admin_state(&app).await, before);
}

async fn vans_are_added_edited_and_retired(app: TestApp) {
    let (s, _, html) = app
        .post_form(
            "/admin/vans",
            &[
                ("name", "Ford Transit"),
                ("capacity_l", "9000"),
                ("payload_kg", "1200"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Added the van Ford Transit: 9,000\u{a0}l, 1,200\u{a0}kg."),
        "{html}"
    );
    let (_, vans) = app.get("/api/v1/vans").await;
    assert_eq!(vans["vans"][0]["slug"], "ford-transit", "{vans}");

    let (s, _, html) = app
        .post_form(
            "/admin/vans/ford-transit",
            &[
                ("name", "Blue Transit"),
                ("capacity_l", "8500,5"),
                ("payload_kg", "1100"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Saved Blue Transit: 8,500.5\u{a0}l, 1,100\u{a0}kg."),
        "{html}"
    );
    // A comma before three digits groups thousands in English, as the page writes
    // them; in French it is the decimal mark. A form that is no one number is refused.
    let (s, _, html) = app
        .post_form(
            "/admin/vans/ford-transit",
            &[
                ("name", "Blue Transit"),
                ("capacity_l", "9,500"),
                ("payload_kg", "1,100"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Saved Blue Transit: 9,500\u{a0}l, 1,100\u{a0}kg."),
        "{html}"
    );
    let (s, _, html) = app
        .post_form_in(
            "fr",
            "/admin/vans/ford-transit",
            &[
                ("name", "Blue Transit"),
                ("capacity_l", "8\u{202f}500,5"),
                ("payload_kg", "1100"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let (_, vans) = app.get("/api/v1/vans").await;
    assert_eq!(vans["vans"][0]["capacity_l"], 8500.5, "{vans}");
    refused_form(
        &app,
        "/admin/vans/ford-transit",
        &[
            ("name", "Blue Transit"),
            ("capacity_l", "9,50,0"),
            ("payload_kg", "1100"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let html = refused_form(
        &app,
        "/admin/vans",
        &[
            ("name", "Van"),
            ("capacity_l", "lots"),
            ("payload_kg", "100"),
        ],
        unp,
    )
    .await;
    assert!(html.contains("value=\"lots\""), "{html}");
    refused_form(
        &app,
        "/admin/vans",
        &[("name", "Van"), ("capacity_l", "-5"), ("payload_kg", "100")],
        unp,
    )
    .await;
    let html = refused_form(
        &app,
        "/admin/vans",
        &[
            ("name", "Other"),
            ("slug", "ford-transit"),
            ("capacity_l", "5"),
            ("payload_kg", "100"),
        ],
        unp,
    )
    .await;
    assert!(
        html.contains("The short name ford-transit is already taken"),
        "{html}"
    );
    refused_form(
        &app,
        "/admin/vans/ford-transit",
        &[("name", ""), ("capacity_l", "5"), ("payload_kg", "100")],
        unp,
    )
    .await;
    let (s, _, _) = app
        .post_form(
            "/admin/vans/no-such-van",
            &[("name", "X"), ("capacity_l", "5"), ("payload_kg", "1")],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .request_patch("/api/v1/vans/ford-transit", &json!({"payload_kg": 0}))
        .await;
    assert_eq!(s, unp);
    let (s, body) = app
        .request_patch("/api/v1/vans/ford-transit", &json!({"payload_kg": 1000}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["payload_kg"], 1000.0);

    // Retire: asked first, then gone from the list and from new runs; history stays.
    let (s, _, html) = app.post_form("/admin/vans/ford-transit/retire", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Retire Blue Transit?"), "{html}");
    assert!(
        html.contains("<button class=\"danger\" type=\"submit\">Retire</button>"),
        "it ends something: the danger style {html}"
    );
    assert_eq!(
        app.get("/api/v1/vans").await.1["vans"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let (s, _, html) = app
        .post_form("/admin/vans/ford-transit/retire", &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Retired Blue Transit."), "{html}");
    assert_eq!(
        app.get("/api/v1/vans").await.1["vans"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let (_, runs_page) = app.get_text("/runs").await;
    assert!(!runs_page.contains("Blue Transit"), "{runs_page}");
    // Nor is it a place to look for stock any more.
    let (_, stock_page) = app.get_text("/stock").await;
    assert!(!stock_page.contains("Blue Transit"), "{stock_page}");
    assert!(stock_page.contains(">unit-east<"), "{stock_page}");
    let (s, body) = app
        .post("/api/v1/runs", &json!({"van": "ford-transit", "origin": "unit-south", "stops": ["oak"], "departs_on": "2026-12-01"}))
        .await;
    assert_eq!(s, unp, "{body}");
    let (s, _) = app
        .post("/api/v1/vans/ford-transit/retire", &json!({}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

async fn places_are_added_renamed_and_archived(app: TestApp) {
    let (s, _, html) = app
        .post_form(
            "/admin/places",
            &[
                ("kind", "site"),
                ("name", "Kestrel"),
                ("address", "3 Canal Walk"),
                ("region", "north"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Added the site Kestrel."), "{html}");
    let (s, _, html) = app
        .post_form(
            "/admin/places/kestrel",
            &[("name", "Kite"), ("address", ""), ("region", "north")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Saved Kite: name Kestrel → Kite, address."),
        "{html}"
    );
    let (s, body) = app
        .request_patch(
            "/api/v1/locations/kestrel",
            &json!({"address": "7 Lock Lane"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["address"], "7 Lock Lane");
    // Addresses: coordinators and drivers only.
    let warehouse = bearer(&app.add_user_and_login("wren", Role::Warehouse).await);
    let seen: Value = warehouse
        .get(app.url("/api/v1/locations?kind=site"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert!(!seen.to_string().contains("7 Lock Lane"), "{seen}");
    let driver = bearer(&app.add_user_and_login("dan", Role::Driver).await);
    let seen: Value = driver
        .get(app.url("/api/v1/locations?kind=site"))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert!(seen.to_string().contains("7 Lock Lane"), "{seen}");

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    refused_form(
        &app,
        "/admin/places",
        &[("kind", "van"), ("name", "Van place")],
        unp,
    )
    .await;
    let html = refused_form(
        &app,
        "/admin/places",
        &[("kind", "site"), ("name", "")],
        unp,
    )
    .await;
    assert!(html.contains("field-error"), "{html}");
    let html = refused_form(
        &app,
        "/admin/places",
        &[("kind", "site"), ("name", "Oak"), ("address", "x")],
        unp,
    )
    .await;
    assert!(
        error_beside(&html, "name")
            .is_some_and(|m| m.contains("already a warehouse or site called Oak"))
            && html.contains("value=\"x\""),
        "beside the name the short name was made from: {html}"
    );
    let long = "a".repeat(301);
    refused_form(
        &app,
        "/admin/places/kestrel",
        &[("name", "Kite"), ("address", long.as_str())],
        unp,
    )
    .await;
    let (s, _) = app
        .request_patch("/api/v1/locations/nowhere", &json!({"name": "X"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A place that holds stock is not archived; an empty one is, after confirming.
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([{"category": "blanket", "condition": "good", "quantity": 2}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let html = refused_form(
        &app,
        "/admin/places/unit-east/archive",
        &[("confirmed", "yes")],
        unp,
    )
    .await;
    assert!(html.contains("still holds 2 items"), "{html}");
    let (s, _, html) = app.post_form("/admin/places/kestrel/archive", &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Archive Kite?"), "{html}");
    assert!(
        html.contains("<button class=\"danger\" type=\"submit\">Archive</button>"),
        "it ends something: the danger style {html}"
    );
    let (s, _, html) = app
        .post_form("/admin/places/kestrel/archive", &[("confirmed", "yes")])
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Archived the site Kite."), "{html}");
    let (_, sites) = app.get("/api/v1/locations?kind=site").await;
    assert!(!sites.to_string().contains("kestrel"), "{sites}");
    let (_, all) = app.get("/api/v1/locations").await;
    assert!(
        all.to_string().contains("kestrel"),
        "history keeps it: {all}"
    );
    let (_, transfer) = app.get_text("/transfer").await;
    assert!(!transfer.contains("Kite"), "{transfer}");
    let (_, stock_page) = app.get_text("/stock").await;
    assert!(!stock_page.contains("Kite"), "{stock_page}");
    // It takes no new stock, and a second archive is refused.
    let before = admin_state(&app).await;
    let (s, body) = app
        .post(
            "/api/v1/transfers",
            &json!({"from": "unit-east", "to": "kestrel",
            "lines": [{"category": "blanket", "condition": "good", "quantity": 1}]}),
        )
        .await;
    assert_eq!(s, unp, "{body}");
    assert!(body.to_string().contains("archived"), "{body}");
    let (s, _) = app
        .post("/api/v1/locations/kestrel/archive", &json!({}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(admin_state(&app).await, before);
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 2);
}

async fn catalogue_has_groups_and_edits(app: TestApp) {
    let (_, cats) = app.get("/api/v1/categories").await;
    let group = |cats: &Value, slug: &str| {
        cats["categories"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["slug"] == slug))
            .map(|c| c["group"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(group(&cats, "tent-2p").as_deref(), Some("shelter"));
    assert_eq!(group(&cats, "sleeping-bag").as_deref(), Some("sleeping"));
    assert_eq!(group(&cats, "bike").as_deref(), Some("bikes"));
    assert_eq!(group(&cats, "tinned-food").as_deref(), Some("food"));

    let (s, _, html) = app
        .post_form(
            "/admin/categories",
            &[
                ("name", "Solar lamp"),
                ("unit_volume_l", "1.5"),
                ("unit_weight_kg", "0.4"),
                ("group", "other"),
                ("dangerous_goods", "yes"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Added Solar lamp to Other."), "{html}");
    let (s, _, html) = app
        .post_form(
            "/admin/categories/solar-lamp",
            &[
                ("name", "Solar lamp"),
                ("unit_volume_l", "1.5"),
                ("unit_weight_kg", "0.5"),
                ("group", "cooking"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Saved Solar lamp: 1.5\u{a0}l, 0.5\u{a0}kg, Cooking."),
        "{html}"
    );
    let (s, body) = app
        .request_patch(
            "/api/v1/categories/solar-lamp",
            &json!({"group": "shelter", "dangerous_goods": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["group"], "shelter");
    assert_eq!(body["dangerous_goods"], true);
    let (s, body) = app
        .post("/api/v1/categories", &json!({"slug": "kettle", "name": "Kettle", "unit_volume_l": 2, "unit_weight_kg": 1, "group": "cooking"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");

    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    let html = refused_form(
        &app,
        "/admin/categories",
        &[
            ("name", "Rock"),
            ("unit_volume_l", "0"),
            ("unit_weight_kg", "1"),
            ("group", "other"),
        ],
        unp,
    )
    .await;
    assert!(
        html.contains("The volume of one must be more than 0"),
        "{html}"
    );
    refused_form(
        &app,
        "/admin/categories",
        &[
            ("name", "Rock"),
            ("unit_volume_l", "1"),
            ("unit_weight_kg", "1"),
            ("group", "rocks"),
        ],
        unp,
    )
    .await;
    refused_form(
        &app,
        "/admin/categories",
        &[
            ("name", "Tent"),
            ("slug", "tent-2p"),
            ("unit_volume_l", "1"),
            ("unit_weight_kg", "1"),
            ("group", "other"),
        ],
        unp,
    )
    .await;
    refused_form(
        &app,
        "/admin/categories/solar-lamp",
        &[
            ("name", "Solar lamp"),
            ("unit_volume_l", "1"),
            ("unit_weight_kg", "9999"),
            ("group", "other"),
        ],
        unp,
    )
    .await;
    let before = admin_state(&app).await;
    let (s, _) = app
        .request_patch("/api/v1/categories/solar-lamp", &json!({"group": "rocks"}))
        .await;
    assert_eq!(s, unp);
    let (s, _) = app
        .request_patch("/api/v1/categories/no-such", &json!({"name": "X"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post("/api/v1/categories", &json!({"slug": "rock", "name": "Rock", "unit_volume_l": 1, "unit_weight_kg": 1, "group": "rocks"})).await;
    assert_eq!(s, unp);
    assert_eq!(admin_state(&app).await, before);
}

/// The sentences under a field (in `<div id="{field}-error">`, which the field's
/// `aria-describedby` names), if any, as one text.
fn error_beside(html: &str, field: &str) -> Option<String> {
    let start = html.find(&format!("<div id=\"{field}-error\">"))?;
    let rest = &html[start..];
    let inner = &rest[..rest.find("</div>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for ch in inner.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text)
}

/// Posts a form that must be refused (422, nothing changed, in a volunteer's words)
/// and checks the sentence beside each field named in `beside`; answers the page.
async fn refused_with(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    beside: &[(&str, &str)],
) -> String {
    let html = refused_form(app, path, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
    speaks_plainly(&html);
    for (field, said) in beside {
        assert_eq!(
            error_beside(&html, field).as_deref(),
            Some(*said),
            "{path}: beside {field}: {html}"
        );
    }
    html
}

/// What a volunteer must never read: field names, codes, English-only parser words.
fn speaks_plainly(html: &str) {
    for code in [
        "_l must",
        "_kg must",
        "is not a number",
        "unknown location",
        "not a valid slug",
        "unknown group",
        "unknown role",
        "name must be 1 to 100",
    ] {
        assert!(!html.contains(code), "{code:?} shown: {html}");
    }
}

async fn each_admin_form_says_every_refusal_beside_its_field(app: TestApp) {
    let unp = StatusCode::UNPROCESSABLE_ENTITY;
    // A van: all three problems at once, each beside its field, typed values kept.
    let html = refused_with(
        &app,
        "/admin/vans",
        &[("name", ""), ("capacity_l", "0"), ("payload_kg", "heavy")],
        &[
            ("name", "Give the van a name"),
            (
                "capacity_l",
                "The load volume must be more than 0 and at most 100,000 litres",
            ),
            ("payload_kg", "Type the payload in kilograms, like 1200"),
        ],
    )
    .await;
    assert_eq!(error_beside(&html, "slug"), None, "no word about the code");
    assert!(html.contains("value=\"heavy\""), "{html}");
    assert!(
        html.contains("aria-describedby=\"capacity_l-error\""),
        "the error is tied to its field: {html}"
    );
    // On top, one linked line per problem, not one run-on sentence.
    assert!(
        html.contains("Nothing was saved: 3 things to put right, shown below."),
        "{html}"
    );
    for (field, message) in [
        ("name", "Give the van a name"),
        ("payload_kg", "Type the payload in kilograms, like 1200"),
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"#{field}\">{message}")),
            "{field}: {html}"
        );
    }
    assert!(!html.contains("Nothing was saved: Give the van a name;"));

    app.post(
        "/api/v1/vans",
        &json!({"slug": "transit", "name": "Transit", "capacity_l": 9000, "payload_kg": 1100}),
    )
    .await;
    let html = refused_with(
        &app,
        "/admin/vans/transit",
        &[("name", " "), ("capacity_l", "200000"), ("payload_kg", "")],
        &[("name", "Give the van a name")],
    )
    .await;
    assert!(error_beside(&html, "capacity_l").is_some_and(|m| m.contains("100,000 litres")));
    assert!(error_beside(&html, "payload_kg").is_some_and(|m| m.starts_with("Type the payload")));
    assert!(html.contains("value=\"200000\""), "{html}");

    // A place: no kind chosen and no name; a site's name says "code name".
    let html = refused_with(
        &app,
        "/admin/places",
        &[("kind", ""), ("name", "")],
        &[
            ("kind", "Choose warehouse or site"),
            ("name", "Give the place a name"),
        ],
    )
    .await;
    assert_eq!(error_beside(&html, "slug"), None, "{html}");
    for (field, message) in [
        ("kind", "Choose warehouse or site"),
        ("name", "Give the place a name"),
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"#{field}\">{message}")),
            "{field}: {html}"
        );
    }
    let html = refused_with(
        &app,
        "/admin/places",
        &[("kind", "site"), ("name", ""), ("address", "2 Mill Lane")],
        &[("name", "Give the site a code name")],
    )
    .await;
    assert_eq!(error_beside(&html, "slug"), None, "{html}");
    assert!(html.contains("value=\"2 Mill Lane\""), "{html}");
    // A name Haul cannot make a short name from asks for one, beside it.
    let html = refused_form(
        &app,
        "/admin/places",
        &[("kind", "site"), ("name", "حقل"), ("slug", "")],
        unp,
    )
    .await;
    assert!(
        error_beside(&html, "slug").is_some_and(|m| m.starts_with("Type a short name")),
        "{html}"
    );
    assert!(html.contains("value=\"حقل\""), "{html}");
    let long = "a".repeat(301);
    refused_with(
        &app,
        "/admin/places/oak",
        &[("name", ""), ("address", long.as_str()), ("region", "x")],
        &[
            ("name", "Give the site a code name"),
            ("address", "This is too long: at most 300 characters"),
        ],
    )
    .await;

    // A category: four problems at once.
    refused_with(
        &app,
        "/admin/categories",
        &[
            ("name", ""),
            ("unit_volume_l", "abc"),
            ("unit_weight_kg", "2000"),
            ("group", "rocks"),
        ],
        &[
            ("name", "Give the category a name"),
            (
                "unit_volume_l",
                "Type the volume of one in litres, like 1.5",
            ),
            (
                "unit_weight_kg",
                "The weight of one must be more than 0 and at most 1,000 kg",
            ),
            ("group", "Choose a group from the list"),
        ],
    )
    .await;
    let html = refused_form(
        &app,
        "/admin/categories/blanket",
        &[
            ("name", "Blanket"),
            ("name_fr", "Couverture\tépaisse"),
            ("unit_volume_l", "-1"),
            ("unit_weight_kg", "1"),
            ("group", "sleeping"),
        ],
        unp,
    )
    .await;
    speaks_plainly(&html);
    assert!(error_beside(&html, "name_fr").is_some_and(|m| m.contains("no tabs")));
    assert!(error_beside(&html, "unit_volume_l").is_some_and(|m| m.contains("more than 0")));

    // A volunteer: handle, role and language at once.
    let html = refused_with(
        &app,
        "/admin/volunteers",
        &[("handle", "Sam Smith"), ("role", "boss"), ("lang", "xx")],
        &[
            ("role", "Choose a role from the list"),
            ("lang", "Choose a language from the list"),
        ],
    )
    .await;
    assert!(error_beside(&html, "handle").is_some_and(|m| m.starts_with("A handle is")));
    // A refusal about one volunteer shows in their row, not under the add form.
    let html = refused_form(
        &app,
        "/admin/volunteers/coord/role",
        &[("role", "crew")],
        unp,
    )
    .await;
    let start = html.find("id=\"v-coord\"").expect("coord's row");
    let row = &html[start..];
    let row = &row[..row[1..]
        .find("class=\"person\"")
        .map_or(row.len(), |n| n + 1)];
    assert!(
        row.contains("coord is the last coordinator"),
        "in the row: {html}"
    );
    assert_eq!(error_beside(&html, "handle"), None, "{html}");
}

async fn the_kind_of_a_new_place_is_chosen_not_assumed(app: TestApp) {
    let (s, html) = app.get_text("/admin/places").await;
    assert_eq!(s, StatusCode::OK);
    let select = &html[html.find("<select id=\"kind\"").expect("kind")..];
    let select = &select[..select.find("</select>").expect("end")];
    assert!(select.contains(" required"), "{select}");
    assert!(
        select.contains("<option value=\"\" selected>"),
        "nothing chosen: {select}"
    );
    assert_eq!(select.matches("selected").count(), 1, "{select}");
    // From "Add a site" under the sites, it starts as a site.
    assert!(
        html.contains("href=\"/admin/places?kind=site#add\""),
        "{html}"
    );
    let (_, html) = app.get_text("/admin/places?kind=site").await;
    assert!(html.contains("<option value=\"site\" selected>"), "{html}");
    let (_, html) = app.get_text("/admin/places?kind=van").await;
    assert!(html.contains("<option value=\"\" selected>"), "{html}");
}

/// A browser-like client reading pages in `lang`, logged in as the coordinator.
async fn coordinator_in(app: &TestApp, lang: &str) -> reqwest::Client {
    let (jar, client) = common::cookie_client();
    app.page_login(&client, common::COORDINATOR_HANDLE, "/")
        .await;
    let url: reqwest::Url = app.url("/").parse().expect("url");
    jar.add_cookie_str(&format!("haul_lang={lang}; Path=/"), &url);
    client
}

async fn category_names_per_language_are_edited_on_the_catalogue(app: TestApp) {
    // Seeded for the whole seed catalogue.
    let (_, cats) = app.get("/api/v1/categories").await;
    let list = cats["categories"].as_array().expect("categories");
    assert!(list.len() >= 20);
    for c in list {
        assert!(
            c["name_fr"].as_str().is_some_and(|n| !n.is_empty())
                && c["name_ar"].as_str().is_some_and(|n| !n.is_empty()),
            "{c}"
        );
    }
    let fr = coordinator_in(&app, "fr").await;
    let html = common::page_text(&fr, &app.url("/admin/categories")).await;
    assert!(html.contains(">Tente (2 personnes)</a>"), "{html}");
    assert!(html.contains("<h2>Abri</h2>"), "groups by name: {html}");

    // The coordinator gives a French name and clears the Arabic one.
    let (s, _, html) = app
        .post_form(
            "/admin/categories/tent-2p",
            &[
                ("name", "Tent (2 person)"),
                ("name_fr", "Tente pour deux"),
                ("name_ar", ""),
                ("unit_volume_l", "12"),
                ("unit_weight_kg", "2.5"),
                ("group", "shelter"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("value=\"Tente pour deux\""), "{html}");
    let html = common::page_text(&fr, &app.url("/admin/categories")).await;
    assert!(html.contains(">Tente pour deux</a>"), "{html}");
    // The list shows its names in the other languages, and one not given yet.
    let row = &html[html.find(">Tente pour deux</a>").expect("row")..];
    let row = &row[..row.find("</p>").expect("row end")];
    assert!(
        row.contains("English\u{a0}: <bdi lang=\"en\">Tent (2 person)</bdi>")
            && row.contains("العربية\u{a0}: pas encore de nom"),
        "{row}"
    );
    let html = common::page_text(&fr, &app.url("/admin/categories/tent-2p")).await;
    assert!(html.contains("<h1>Tente pour deux</h1>"), "{html}");
    assert!(
        html.contains("name=\"name_fr\" value=\"Tente pour deux\" lang=\"fr\""),
        "{html}"
    );
    // Arabic falls back to the default name, and a new seed does not undo the choice.
    haul::seed::catalogue(&app.db).expect("seed again");
    let ar = coordinator_in(&app, "ar").await;
    let html = common::page_text(&ar, &app.url("/admin/categories")).await;
    assert!(html.contains(">Tent (2 person)</a>"), "{html}");
    assert!(html.contains(">كيس نوم</a>"), "{html}");
    let (_, cats) = app.get("/api/v1/categories").await;
    let tent = cats["categories"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["slug"] == "tent-2p"))
        .cloned()
        .expect("tent");
    assert_eq!(tent["name_fr"], "Tente pour deux");
    assert_eq!(tent["name_ar"], "");

    // Over the API too; bad input changes nothing.
    let (s, body) = app
        .request_patch(
            "/api/v1/categories/blanket",
            &json!({"name_ar": "بطانية صوف"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["name_ar"], "بطانية صوف");
    assert_eq!(body["name_fr"], "Couverture", "the other name is kept");
    let before = admin_state(&app).await;
    let long = "é".repeat(101);
    let (s, _) = app
        .request_patch("/api/v1/categories/blanket", &json!({"name_fr": long}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(admin_state(&app).await, before);

    // A new category with its names, and the names of every page that lists it.
    let (s, _, html) = app
        .post_form(
            "/admin/categories",
            &[
                ("name", "Kettle"),
                ("name_fr", "Bouilloire"),
                ("name_ar", "غلاية"),
                ("unit_volume_l", "2"),
                ("unit_weight_kg", "1"),
                ("group", "cooking"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let html = common::page_text(&ar, &app.url("/admin/categories")).await;
    assert!(html.contains(">غلاية</a>"), "{html}");
}

async fn a_coordinator_sets_the_language_a_volunteer_reads(app: TestApp) {
    let (s, _, html) = app
        .post_form(
            "/admin/volunteers",
            &[("handle", "amal"), ("role", "distributor"), ("lang", "ar")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Added amal, role: Distributor."), "{html}");
    let row = &html[html.find("id=\"v-amal\"").expect("amal's row")..];
    assert!(row.contains("<span lang=\"ar\">العربية</span>"), "{row}");
    let link = link_in(&html);
    let r = choose_password(&app, &link, "amal's own long password").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_jar, phone) = common::cookie_client();
    let login = common::page_text(&phone, &app.url("/login?next=/")).await;
    let r = phone
        .post(app.url(&common::form_action(&login, 1)))
        .form(&common::with_csrf(
            &login,
            &[("handle", "amal"), ("password", "amal's own long password")],
        ))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "logged in");
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("haul_lang=ar")),
        "her setting follows her: {cookies:?}"
    );

    // Changed from her row, with her role kept.
    let (s, _, html) = app
        .post_form(
            "/admin/volunteers/amal/role",
            &[("role", "distributor"), ("lang", "fr")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("amal now reads Haul in Français."), "{html}");
    assert_eq!(
        role_of(&users(&app).await, "amal").as_deref(),
        Some("distributor")
    );
    let (s, _, html) = app
        .post_form(
            "/admin/volunteers/amal/role",
            &[("role", "distributor"), ("lang", "")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("amal now reads Haul in their phone’s language."),
        "{html}"
    );
    refused_form(
        &app,
        "/admin/volunteers/amal/role",
        &[("role", "distributor"), ("lang", "de")],
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

async fn admin_pages_speak_french_and_arabic(app: TestApp) {
    let fr = coordinator_in(&app, "fr").await;
    let html = common::page_text(&fr, &app.url("/admin/vans")).await;
    assert!(html.contains("<h1>Camionnettes</h1>"), "{html}");
    let r = common::post_page_form(
        &fr,
        &app,
        &html,
        "/admin/vans",
        &[("name", ""), ("capacity_l", "0"), ("payload_kg", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("page");
    assert_eq!(
        error_beside(&html, "name").as_deref(),
        Some("Donnez un nom à la camionnette")
    );
    assert!(
        error_beside(&html, "capacity_l").is_some_and(|m| m.contains("100\u{202f}000 litres")),
        "{html}"
    );
    assert!(html.contains("Rien n’a été enregistré"), "{html}");
    let ar = coordinator_in(&app, "ar").await;
    let html = common::page_text(&ar, &app.url("/admin/places")).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\""), "{html}");
    assert!(html.contains("المستودعات والمواقع"), "{html}");

    // The danger page asks in the volunteer's language too.
    app.add_user_and_login("dee", Role::Crew).await;
    let html = common::page_text(&fr, &app.url("/admin/volunteers")).await;
    let r = common::post_page_form(
        &fr,
        &app,
        &html,
        "/admin/volunteers/dee/deactivate",
        &[("confirmed", "no")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("page");
    assert!(html.contains("<h1>Désactiver dee\u{a0}?</h1>"), "{html}");
    assert!(
        html.contains("<button class=\"danger\" type=\"submit\">Désactiver</button>"),
        "{html}"
    );
    assert!(html.contains(">Annuler</a>"), "{html}");
    assert_eq!(
        role_of(&users(&app).await, "dee").as_deref(),
        Some("crew"),
        "only asked"
    );
}

trait Patch {
    async fn request_patch(&self, path: &str, body: &Value) -> (StatusCode, Value);
}

impl Patch for TestApp {
    async fn request_patch(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let resp = self
            .client
            .patch(self.url(path))
            .json(body)
            .send()
            .await
            .expect("PATCH");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

/// A short name Haul made from the name clashes because of the name: the page says so
/// beside the name, which is what the coordinator typed; a short name typed by hand is
/// refused beside itself. The field is named in a volunteer's words, with help.
async fn a_name_that_is_taken_is_said_beside_the_name(app: TestApp) {
    app.add_van("transit").await;
    let none = |html: &str, field: &str| {
        assert_eq!(
            error_beside(html, field),
            None,
            "nothing beside {field}: {html}"
        );
    };
    let html = refused_with(
        &app,
        "/admin/vans",
        &[
            ("name", "Transit"),
            ("slug", ""),
            ("capacity_l", "9000"),
            ("payload_kg", "1000"),
        ],
        &[(
            "name",
            "There is already a van called Transit: choose another name",
        )],
    )
    .await;
    none(&html, "slug");
    assert!(html.contains("aria-describedby=\"name-error\""), "{html}");
    // With a number to put right too, the clash is said at once, not only once the
    // number is fixed; so is a handle in use beside a role not in the list.
    refused_with(
        &app,
        "/admin/vans",
        &[
            ("name", "Transit"),
            ("slug", ""),
            ("capacity_l", "lots"),
            ("payload_kg", "1000"),
        ],
        &[
            (
                "name",
                "There is already a van called Transit: choose another name",
            ),
            ("capacity_l", "Type the load volume in litres, like 9000"),
        ],
    )
    .await;
    refused_with(
        &app,
        "/admin/volunteers",
        &[("handle", common::COORDINATOR_HANDLE), ("role", "captain")],
        &[
            (
                "handle",
                &format!(
                    "The handle {} is taken: choose another",
                    common::COORDINATOR_HANDLE
                ),
            ),
            ("role", "Choose a role from the list"),
        ],
    )
    .await;
    let html = refused_with(
        &app,
        "/admin/vans",
        &[
            ("name", "Big van"),
            ("slug", "transit"),
            ("capacity_l", "9000"),
            ("payload_kg", "1000"),
        ],
        &[(
            "slug",
            "The short name transit is already taken: choose another",
        )],
    )
    .await;
    none(&html, "name");
    // `oak` is a site: a warehouse named Oak would make the same short name.
    let html = refused_with(
        &app,
        "/admin/places",
        &[("kind", "warehouse"), ("name", "Oak"), ("slug", "")],
        &[(
            "name",
            "There is already a warehouse or site called Oak: choose another name",
        )],
    )
    .await;
    none(&html, "slug");
    let html = refused_with(
        &app,
        "/admin/categories",
        &[
            ("name", "Blanket"),
            ("unit_volume_l", "3"),
            ("unit_weight_kg", "1"),
            ("group", "sleeping"),
        ],
        &[(
            "name",
            "There is already a category called Blanket: choose another name",
        )],
    )
    .await;
    none(&html, "slug");

    // The label and its help, tied to the field.
    let (_, html) = app.get_text("/admin/vans").await;
    assert!(
        html.contains("<label for=\"slug\">Short name for lists (optional)</label>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"muted\" id=\"slug-hint\">"),
        "{html}"
    );
    assert!(html.contains("aria-describedby=\"slug-hint\""), "{html}");
    assert!(!html.contains("made from the name)"), "{html}");
    let fr = coordinator_in(&app, "fr").await;
    let html = common::page_text(&fr, &app.url("/admin/places")).await;
    assert!(
        html.contains(">Nom court pour les listes (facultatif)</label>"),
        "{html}"
    );
    let ar = coordinator_in(&app, "ar").await;
    let html = common::page_text(&ar, &app.url("/admin/categories")).await;
    assert!(
        html.contains(">اسم مختصر للقوائم (اختياري)</label>"),
        "{html}"
    );
}

/// The role menus name roles as the rest of the pages do: capitalised, translated.
async fn role_menus_name_roles_as_titles(app: TestApp) {
    app.add_user_and_login("wren", Role::Warehouse).await;
    for (lang, titles) in [
        (
            "en",
            ["Crew", "Warehouse", "Driver", "Distributor", "Coordinator"],
        ),
        (
            "fr",
            [
                "Équipe de collecte",
                "Entrepôt",
                "Chauffeur·se",
                "Distribution",
                "Coordination",
            ],
        ),
    ] {
        let client = coordinator_in(&app, lang).await;
        let html = common::page_text(&client, &app.url("/admin/volunteers")).await;
        for (role, title) in ["crew", "warehouse", "driver", "distributor", "coordinator"]
            .iter()
            .zip(titles)
        {
            assert!(
                html.contains(&format!("<option value=\"{role}\">{title}</option>"))
                    || html.contains(&format!(
                        "<option value=\"{role}\" selected>{title}</option>"
                    )),
                "{lang}: {role} as {title}: {html}"
            );
            assert!(
                !html.contains(&format!(">{role}</option>")),
                "{lang}: {role} lowercase: {html}"
            );
        }
        let row = &html[html.find("id=\"v-wren\"").expect("wren's row")..];
        assert!(row.contains(&format!(" · {}", titles[1])), "{lang}: {row}");
    }
}

/// Admin forms carry the session's token in a hidden field and post to their plain
/// address, so the address bar after a save shows no token (issue 9). A missing or
/// wrong token, or the token in the address only, is refused, with nothing saved.
async fn admin_forms_keep_the_token_out_of_the_address(app: TestApp) {
    let client = coordinator_in(&app, "en").await;
    let html = common::page_text(&client, &app.url("/admin/vans")).await;
    for action in html.split("action=\"").skip(1) {
        let action = action.split('"').next().unwrap_or_default();
        assert!(!action.contains("csrf="), "a token in the address {action}");
    }
    let before = admin_state(&app).await;
    for token in [None, Some("forged")] {
        let mut fields = vec![
            ("name", "Sprinter"),
            ("capacity_l", "9000"),
            ("payload_kg", "1000"),
        ];
        if let Some(t) = token {
            fields.push(("csrf", t));
        }
        let r = client
            .post(app.url("/admin/vans"))
            .form(&fields)
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{token:?}");
        let page = r.text().await.expect("page");
        assert!(page.contains("<h1>This form has expired</h1>"), "{page}");
        assert!(
            page.contains("class=\"who\""),
            "the logged-in top bar: {page}"
        );
        assert_eq!(
            admin_state(&app).await,
            before,
            "{token:?} changed something"
        );
    }
    let r = common::post_page_form(
        &client,
        &app,
        &html,
        "/admin/vans",
        &[
            ("name", "Sprinter"),
            ("capacity_l", "9000"),
            ("payload_kg", "1000"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), "/admin/vans");
    assert_eq!(
        r.url().query(),
        None,
        "the address after saving: {}",
        r.url()
    );
    let page = r.text().await.expect("page");
    assert!(page.contains("Added the van Sprinter"), "{page}");
    let (_, vans) = app.get("/api/v1/vans").await;
    assert!(vans.to_string().contains("Sprinter"), "{vans}");
    // The right token, but only in the address: refused, nothing saved (no form
    // carries it there, logout and the partner upload included).
    let token = common::csrf_in(&page);
    let before = admin_state(&app).await;
    let r = client
        .post(app.url(&format!("/admin/vans?csrf={token}")))
        .form(&[
            ("name", "Crafter"),
            ("capacity_l", "9000"),
            ("payload_kg", "1000"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        admin_state(&app).await,
        before,
        "the token in the address saved"
    );
}

on_both_backends!(
    a_name_that_is_taken_is_said_beside_the_name,
    role_menus_name_roles_as_titles,
    admin_forms_keep_the_token_out_of_the_address,
    volunteer_added_on_the_page_chooses_a_password_once,
    deactivation_stops_tokens_and_sessions_at_once,
    role_change_holds_at_once,
    volunteer_bad_input_changes_nothing,
    vans_are_added_edited_and_retired,
    places_are_added_renamed_and_archived,
    catalogue_has_groups_and_edits,
    each_admin_form_says_every_refusal_beside_its_field,
    the_kind_of_a_new_place_is_chosen_not_assumed,
    category_names_per_language_are_edited_on_the_catalogue,
    a_coordinator_sets_the_language_a_volunteer_reads,
    admin_pages_speak_french_and_arabic,
);
