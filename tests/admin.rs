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
        .form(&[("password", password)])
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
    assert!(html.contains("Added sam as warehouse."), "{html}");
    assert_eq!(
        role_of(&users(&app).await, "sam").as_deref(),
        Some("warehouse")
    );
    let link = link_in(&html);
    assert!(
        !html.contains("password\" value"),
        "no password is ever shown"
    );

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
    assert!(html.contains("cy: crew → warehouse."), "{html}");
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
    assert!(html.contains("a handle is 2 to 32"), "{html}");
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
        html.contains("Added the van Ford Transit: 9000 l, 1200 kg."),
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
        html.contains("Saved Blue Transit: 8500.5 l, 1100 kg."),
        "{html}"
    );

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
    assert!(html.contains("already exists"), "{html}");
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
        html.contains("taken") && html.contains("value=\"x\""),
        "{html}"
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
    assert!(html.contains("Added Solar lamp to other."), "{html}");
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
        html.contains("Saved Solar lamp: 1.5 l, 0.5 kg, cooking."),
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
    assert!(html.contains("unit_volume_l must be"), "{html}");
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

on_both_backends!(
    volunteer_added_on_the_page_chooses_a_password_once,
    deactivation_stops_tokens_and_sessions_at_once,
    role_change_holds_at_once,
    volunteer_bad_input_changes_nothing,
    vans_are_added_edited_and_retired,
    places_are_added_renamed_and_archived,
    catalogue_has_groups_and_edits,
);
