//! The holes an outside probe found (issue 10), one test each: NUL bytes, personal data
//! outside notes, the login redirect, the login throttle, spreadsheet formulas in
//! exports, idempotency keys and reformatted bodies, and import errors by line.

mod common;

use common::{TestApp, COORDINATOR_HANDLE, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn refused(status: StatusCode) -> bool {
    status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY
}

/// Finding 1: a NUL byte in any text input is refused the same way on both backends.
async fn nul_bytes_are_refused_everywhere(app: TestApp) {
    app.receive("unit-east", "blanket", "good", 10).await;
    let before = app.stock_and_ledger().await;
    let nul = "a\u{0}b";
    let line = json!([{"category": "blanket", "condition": "good", "quantity": 1}]);
    let bodies = [
        (
            "/api/v1/intakes",
            json!({"source": nul, "warehouse": "unit-east", "received_on": "2026-06-29", "lines": line}),
        ),
        (
            "/api/v1/intakes",
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-06-29", "lines": line, "note": nul}),
        ),
        (
            "/api/v1/intakes",
            json!({"source": "x", "warehouse": nul, "received_on": "2026-06-29", "lines": line}),
        ),
        (
            "/api/v1/intakes",
            json!({"source": "x", "warehouse": "unit-east", "received_on": "2026-06-29", "lines": [{"category": nul, "condition": "good", "quantity": 1}]}),
        ),
        (
            "/api/v1/transfers",
            json!({"from": "unit-east", "to": "oak", "lines": line, "note": nul}),
        ),
        (
            "/api/v1/stocktakes",
            json!({"location": "unit-east", "counted": [{"category": "blanket", "condition": "good", "quantity": 1}], "reason": nul}),
        ),
        (
            "/api/v1/writeoffs",
            json!({"location": "unit-east", "lines": line, "reason": nul}),
        ),
        (
            "/api/v1/needs",
            json!({"site": "oak", "category": "blanket", "quantity": 3, "stated_on": "2026-06-29", "stated_by": nul}),
        ),
        (
            "/api/v1/vans",
            json!({"slug": "v1", "name": nul, "capacity_l": 1000, "payload_kg": 500}),
        ),
        (
            "/api/v1/runs",
            json!({"van": nul, "origin": "unit-east", "stops": ["oak"], "departs_on": "2026-06-29"}),
        ),
        (
            "/api/v1/locations",
            json!({"slug": "pier", "name": "Pier", "kind": "site", "region": nul}),
        ),
        (
            "/api/v1/categories",
            json!({"slug": "kettle", "name": nul, "unit_volume_l": 3, "unit_weight_kg": 1}),
        ),
        (
            "/api/v1/auth/token",
            json!({"handle": nul, "password": "whatever whatever"}),
        ),
    ];
    for (path, body) in bodies {
        let (s, b) = app.post(path, &body).await;
        assert!(refused(s), "{path} {body} → {s} {b}");
    }
    for q in [
        "/api/v1/intakes?source=a%00b",
        "/api/v1/intakes?warehouse=%00",
        "/api/v1/stock?location=a%00",
        "/api/v1/ledger?location=a%00",
        "/api/v1/needs?site=%00",
        "/api/v1/handouts?site=%00",
        "/api/v1/export/needs.csv?site=%00",
        "/api/v1/collect-list?warehouse=%00",
        "/login?next=/%00",
    ] {
        let (s, b) = app.get_text(q).await;
        assert!(refused(s), "{q} → {s} {b}");
    }
    // The login form, without a session: the handle with a NUL.
    let (_jar, browser) = common::cookie_client();
    let html = common::page_text(&browser, &app.url("/login")).await;
    let r = browser
        .post(app.url(&common::form_action(&html, 1)))
        .form(&common::with_csrf(
            &html,
            &[("handle", nul), ("password", TEST_PASSWORD)],
        ))
        .send()
        .await
        .expect("POST login");
    assert!(refused(r.status()), "login form → {}", r.status());
    // CSV: a NUL in a field, and one anywhere in the file.
    for csv in [
        "source,warehouse,received_on,category,condition,quantity\na\u{0}b,unit-east,2026-06-29,blanket,good,1\n",
        "source,warehouse,received_on,category,condition,quantity\nx,unit-east,2026-06-29,blanket\u{0},good,1\n",
    ] {
        let (s, b) = app.post_csv("/api/v1/import/intakes", csv).await;
        assert!(refused(s), "{csv:?} → {s} {b}");
    }
    let (s, b) = app
        .post_csv(
            "/api/v1/import/needs",
            "site,category,quantity,stated_on,stated_by\noak,blanket,2,2026-06-29,a\u{0}\n",
        )
        .await;
    assert!(refused(s), "needs csv → {s} {b}");
    assert_eq!(app.stock_and_ledger().await, before, "nothing changed");
}

/// Finding 6: phone numbers and e-mail addresses are refused in every typed field,
/// and the refusal names the field.
async fn personal_data_is_refused_in_every_free_text_field(app: TestApp) {
    let before = app.stock_and_ledger().await;
    let phone = "call 07700 900123";
    let email = "jo@example.org";
    let line = json!([{"category": "blanket", "condition": "good", "quantity": 1}]);
    let cases = [
        (
            "/api/v1/intakes",
            json!({"source": phone, "warehouse": "unit-east", "received_on": "2026-06-29", "lines": line}),
            "source",
        ),
        (
            "/api/v1/intakes",
            json!({"source": email, "warehouse": "unit-east", "received_on": "2026-06-29", "lines": line}),
            "source",
        ),
        (
            "/api/v1/locations",
            json!({"slug": "pier", "name": email, "kind": "site"}),
            "name",
        ),
        (
            "/api/v1/locations",
            json!({"slug": "pier", "name": "Pier", "kind": "site", "region": phone}),
            "region",
        ),
        (
            "/api/v1/categories",
            json!({"slug": "kettle", "name": phone, "unit_volume_l": 3, "unit_weight_kg": 1}),
            "name",
        ),
        (
            "/api/v1/vans",
            json!({"slug": "v1", "name": email, "capacity_l": 1000, "payload_kg": 500}),
            "name",
        ),
        (
            "/api/v1/users",
            json!({"handle": "07700900123", "role": "crew", "password": "a long enough passphrase"}),
            "handle",
        ),
        (
            "/api/v1/needs",
            json!({"site": "oak", "category": "blanket", "quantity": 3, "stated_on": "2026-06-29", "stated_by": email}),
            "stated_by",
        ),
    ];
    for (path, body, field) in cases {
        let (s, b) = app.post(path, &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path} {body} → {b}");
        assert_eq!(
            b["error"]["details"][0]["field"], field,
            "{path} {body} → {b}"
        );
    }
    let (_, users) = app.get("/api/v1/users").await;
    assert_eq!(users["users"].as_array().map(Vec::len), Some(1));
    let (_, places) = app.get("/api/v1/locations").await;
    assert!(!places.to_string().contains("pier"), "{places}");
    assert_eq!(app.stock_and_ledger().await, before, "nothing changed");
}

/// Findings 2 and 3: after logging in, only a path on this site is followed.
async fn login_follows_only_local_paths(app: TestApp) {
    for (next, expected) in [
        ("/%09/evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("//evil.example", "/"),
        ("/%2F/evil.example", "/"),
        ("https://evil.example", "/"),
        ("/stock%0D%0ALocation:%20https://evil.example", "/"),
        ("/a%0Ab", "/"),
        ("/stock", "/stock"),
        ("/runs/1?x=1", "/runs/1?x=1"),
    ] {
        let (_jar, browser) = common::cookie_client();
        let r = app.page_login(&browser, COORDINATOR_HANDLE, next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "next={next}");
        assert_eq!(r.headers()["location"], expected, "next={next}");
    }
}

/// Finding 4: 50 wrong passwords at once for one handle: at most the limit are checked.
async fn throttle_holds_under_fifty_parallel_attempts(app: TestApp) {
    app.add_user_and_login("mo", Role::Crew).await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (client, url) = (app.plain.clone(), app.url("/api/v1/auth/token"));
        attempts.spawn(async move {
            let body = json!({"handle": "mo", "password": "wrong password here"});
            client
                .post(url)
                .json(&body)
                .send()
                .await
                .map(|r| r.status())
        });
    }
    let results: Vec<_> = attempts.join_all().await;
    let count = |s: StatusCode| {
        results
            .iter()
            .filter(|r| matches!(r, Ok(x) if *x == s))
            .count()
    };
    let (checked, throttled) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
    );
    assert_eq!(checked + throttled, 50, "{results:?}");
    assert!(
        checked <= haul::auth::throttle::MAX_FAILURES_PER_PAIR as usize,
        "{checked} passwords were checked"
    );
}

/// Finding 5: failures for made-up handles from the same address do not lock out the
/// coordinator, who has logged in from here before.
async fn made_up_handles_cannot_lock_out_a_known_account(app: TestApp) {
    for i in 0..30 {
        let _ = app.login(&format!("guess{i}"), "wrong wrong wrong").await;
    }
    let err = app
        .login("guess-new", "wrong wrong wrong")
        .await
        .expect_err("refused");
    assert_eq!(
        err.0,
        StatusCode::TOO_MANY_REQUESTS,
        "the address is throttled for handles it never logged in as"
    );
    assert!(
        app.login(COORDINATOR_HANDLE, TEST_PASSWORD).await.is_ok(),
        "the coordinator still logs in"
    );
}

async fn login_from(
    app: &TestApp,
    forwarded_for: &str,
    handle: &str,
    password: &str,
) -> StatusCode {
    app.plain
        .post(app.url("/api/v1/auth/token"))
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({"handle": handle, "password": password}))
        .send()
        .await
        .expect("POST token")
        .status()
}

/// Finding 5, behind a reverse proxy: with `HAUL_TRUSTED_PROXY` set, failures for the
/// coordinator from one client do not hold back the coordinator at another; without
/// it, a forged `X-Forwarded-For` does not get an attacker fresh attempts.
async fn forwarded_for_is_believed_only_from_the_trusted_proxy(app: TestApp) {
    app.state
        .auth
        .set_trusted_proxy(Some(std::net::IpAddr::from([127, 0, 0, 1])));
    for _ in 0..8 {
        let _ = login_from(&app, "203.0.113.9", COORDINATOR_HANDLE, "wrong wrong wrong").await;
    }
    assert_eq!(
        login_from(&app, "203.0.113.9", COORDINATOR_HANDLE, TEST_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker's address is held back"
    );
    assert_eq!(
        login_from(
            &app,
            "10.1.2.3, 198.51.100.7",
            COORDINATOR_HANDLE,
            TEST_PASSWORD
        )
        .await,
        StatusCode::OK,
        "the coordinator, behind the same proxy, logs in"
    );

    app.state.auth.set_trusted_proxy(None);
    app.add_user_and_login("mo", Role::Crew).await;
    for i in 0..5 {
        let s = login_from(&app, &format!("192.0.2.{i}"), "mo", "wrong wrong wrong").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        login_from(&app, "192.0.2.99", "mo", "wrong wrong wrong").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged X-Forwarded-For is ignored without a trusted proxy"
    );
}

/// Finding 7: a cell that a spreadsheet would run as a formula is exported as text;
/// numbers, negative ones included, stay numbers.
async fn exports_defuse_spreadsheet_formulas(app: TestApp) {
    let formula = r#"=HYPERLINK("http://x.example","click")"#;
    let (s, b) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "blanket", "quantity": 3, "stated_on": "2026-06-29", "stated_by": formula}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, _, rows) = app.get_csv("/api/v1/export/needs.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rows[0]["stated_by"], format!("'{formula}"));
    for start in ["+1+2", "-1+2", "@SUM(A1)"] {
        let (s, b) = app
            .post(
                "/api/v1/intakes",
                &json!({"source": start, "warehouse": "unit-east", "received_on": "2026-06-29", "lines": [{"category": "blanket", "condition": "good", "quantity": 5}]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let (s, b) = app
        .post(
            "/api/v1/writeoffs",
            &json!({"location": "unit-east", "lines": [{"category": "blanket", "condition": "good", "quantity": 2}], "reason": "-wet"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, _, rows) = app.get_csv("/api/v1/export/ledger.csv").await;
    assert_eq!(s, StatusCode::OK);
    let text = format!("{rows:?}");
    for cell in rows.iter().flat_map(|r| r.values()) {
        let number = cell.parse::<f64>().is_ok();
        assert!(
            number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} in {text}"
        );
    }
    assert!(
        rows.iter().any(|r| r.values().any(|v| v == "-2")),
        "the write-off's negative quantity stays a number: {text}"
    );
}

/// Finding 8: the same JSON, re-serialised, under the same key replays; another body
/// under the key is still a conflict.
async fn idempotency_compares_the_parsed_body(app: TestApp) {
    let compact = r#"{"source":"leeds","warehouse":"unit-east","received_on":"2026-06-29","lines":[{"category":"blanket","condition":"good","quantity":4}]}"#;
    let spaced = "{\n  \"lines\": [ { \"quantity\": 4, \"condition\": \"good\", \"category\": \"blanket\" } ],\n  \"received_on\": \"2026-06-29\", \"warehouse\": \"unit-east\",\n  \"source\": \"leeds\"\n}";
    let other = r#"{"source":"leeds","warehouse":"unit-east","received_on":"2026-06-29","lines":[{"category":"blanket","condition":"good","quantity":5}]}"#;
    let send = |body: &'static str| {
        app.client
            .post(app.url("/api/v1/intakes"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "reformat-key-0001")
            .body(body)
            .send()
    };
    let first = send(compact).await.expect("first");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("json");
    let entries = app.ledger_len().await;
    let again = send(spaced).await.expect("again");
    assert_eq!(again.status(), StatusCode::CREATED, "replayed");
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["id"], first["id"]);
    assert_eq!(app.ledger_len().await, entries, "recorded once");
    let conflict = send(other).await.expect("other");
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 4);
}

/// Finding 10: every row-level problem of an intake import names its line.
async fn import_errors_name_the_line(app: TestApp) {
    let header = "source,warehouse,received_on,category,condition,quantity\n";
    let long = "s".repeat(101);
    let csv = format!(
        "{header}ok,unit-east,2026-06-29,blanket,good,1\n{long},unit-east,2026-06-29,blanket,good,1\nok,unit-east,1999-01-01,blanket,good,1\nok,unit-east,2026-06-29,blanket,good,1\nring 07700 900123,unit-east,2026-06-29,blanket,good,1\n"
    );
    let (s, b) = app.post_csv("/api/v1/import/intakes", &csv).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let fields: Vec<&str> = b["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert_eq!(fields, ["line 3", "line 4", "line 6"], "{b}");
    let mut many = header.to_string();
    for _ in 0..501 {
        many.push_str("fest,unit-east,2026-06-29,blanket,good,1\n");
    }
    let (s, b) = app.post_csv("/api/v1/import/intakes", &many).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["error"]["details"][0]["field"], "line 502", "{b}");
    assert_eq!(app.ledger_len().await, 0, "nothing imported");
}

on_both_backends!(
    nul_bytes_are_refused_everywhere,
    personal_data_is_refused_in_every_free_text_field,
    login_follows_only_local_paths,
    throttle_holds_under_fifty_parallel_attempts,
    made_up_handles_cannot_lock_out_a_known_account,
    forwarded_for_is_believed_only_from_the_trusted_proxy,
    exports_defuse_spreadsheet_formulas,
    idempotency_compares_the_parsed_body,
    import_errors_name_the_line,
);
