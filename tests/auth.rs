//! Accounts and the guard: forged tokens, throttling, CSRF,
//! the key file, users, and that no secret reaches the logs (the route × role matrix
//! is in tests/access.rs).

mod common;

use common::{TestApp, COORDINATOR_HANDLE, TEST_PASSWORD, TEST_SECRET};
use haul::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn b64(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

async fn forged_tokens_are_refused(app: TestApp) {
    let now = chrono::Utc::now().timestamp();
    let good = app.token.clone().expect("token");
    let claims = json!({"sub": COORDINATOR_HANDLE, "role": "coordinator", "iat": now, "exp": now + 600, "typ": "access"});
    let sign = |c: &Value, key: &[u8]| {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            c,
            &jsonwebtoken::EncodingKey::from_secret(key),
        )
        .expect("encode")
    };
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    parts[1] = b64(
        &json!({"sub": COORDINATOR_HANDLE, "role": "coordinator", "iat": now, "exp": now + 99999, "typ": "access"}),
    );
    let tampered = parts.join(".");
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    let hs512 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(TEST_SECRET),
    )
    .expect("encode");
    let forged = [
        (
            "another key",
            sign(&claims, b"not-the-server-key-not-the-server-key"),
        ),
        ("alg none", none),
        ("tampered payload", tampered),
        (
            "expired",
            sign(
                &json!({"sub": COORDINATOR_HANDLE, "role": "coordinator", "iat": now - 7200, "exp": now - 3600, "typ": "access"}),
                TEST_SECRET,
            ),
        ),
        (
            "wrong type",
            sign(
                &json!({"sub": COORDINATOR_HANDLE, "role": "coordinator", "iat": now, "exp": now + 600, "typ": "refresh"}),
                TEST_SECRET,
            ),
        ),
        (
            "no exp",
            sign(
                &json!({"sub": COORDINATOR_HANDLE, "role": "coordinator", "iat": now, "typ": "access"}),
                TEST_SECRET,
            ),
        ),
        (
            "unknown user",
            sign(
                &json!({"sub": "ghost", "role": "coordinator", "iat": now, "exp": now + 600, "typ": "access"}),
                TEST_SECRET,
            ),
        ),
        ("other algorithm", hs512),
        ("garbage", "abc.def.ghi".to_string()),
    ];
    for (what, token) in forged {
        let (s, body) = app
            .with_token(Some(token))
            .request(Method::GET, "/api/v1/stock", None)
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{what}: {body}");
    }
    let raw = app
        .plain
        .get(app.url("/api/v1/stock"))
        .header("Authorization", format!("Token {good}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        raw.status(),
        StatusCode::UNAUTHORIZED,
        "not a Bearer header"
    );
    let (s, _) = app
        .with_token(Some(good))
        .request(Method::GET, "/api/v1/stock", None)
        .await;
    assert_eq!(s, StatusCode::OK, "the real token still works");
}

async fn login_is_throttled(app: TestApp) {
    app.add_user_and_login("mo", Role::Crew).await;
    for _ in 0..5 {
        let err = app
            .login("mo", "wrong password here")
            .await
            .expect_err("refused");
        assert_eq!(err.0, StatusCode::UNAUTHORIZED);
        assert_eq!(err.1["error"]["message"], haul::auth::api::LOGIN_REFUSED);
    }
    let err = app.login("mo", TEST_PASSWORD).await.expect_err("throttled");
    assert_eq!(err.0, StatusCode::TOO_MANY_REQUESTS, "{:?}", err.1);
    // An unknown handle gets the same words as a wrong password.
    let err = app
        .login("nobody-here", "whatever whatever")
        .await
        .expect_err("refused");
    assert_eq!(err.1["error"]["message"], haul::auth::api::LOGIN_REFUSED);
    // Per address: many handles from one address hold back handles never used here,
    // not the coordinator who has logged in from here (tests/hardening.rs has more).
    for i in 0..20 {
        let _ = app.login(&format!("guess{i}"), "wrong wrong wrong").await;
    }
    let err = app
        .login("guess-more", "wrong wrong wrong")
        .await
        .expect_err("address throttled");
    assert_eq!(err.0, StatusCode::TOO_MANY_REQUESTS);
    assert!(app.login(COORDINATOR_HANDLE, TEST_PASSWORD).await.is_ok());
}

async fn users_api(app: TestApp) {
    let (s, created) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "kit", "role": "warehouse", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let (s, err) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "kit2", "role": "warehouse", "password": "short"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["message"].as_str().unwrap().contains("12"),
        "{err}"
    );
    let (s, _) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "kit", "role": "crew", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "Kit Smith", "role": "crew", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "kat", "role": "boss", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.post("/api/v1/users", &json!({"handle": "kat", "role": "crew", "password": "a long enough passphrase", "email": "k@x.org"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, list) = app.get("/api/v1/users").await;
    assert_eq!(s, StatusCode::OK);
    let text = list.to_string();
    assert!(
        !text.contains("argon2") && !text.contains("password"),
        "{text}"
    );
    assert_eq!(list["users"].as_array().unwrap().len(), 2);
    assert!(app.login("kit", "a long enough passphrase").await.is_ok());

    // The ledger records the acting handle.
    let crew = app.add_user_and_login("mo", Role::Crew).await;
    let view = app.with_token(Some(crew));
    let (s, intake) = view
        .request(Method::POST, "/api/v1/intakes", Some(&json!({"source": "leeds-2026", "warehouse": "unit-east", "received_on": "2026-09-01", "lines": [{"category": "tent-2p", "condition": "good", "quantity": 2}]})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{intake}");
    let (_, ledger) = app
        .get(&format!(
            "/api/v1/ledger?cause=intake&cause_id={}",
            intake["id"]
        ))
        .await;
    assert_eq!(ledger["entries"][0]["actor"], "mo");
}

/// A browser-like session: cookie login, a form with and without its CSRF token, logout.
async fn pages_need_a_session_and_csrf(app: TestApp) {
    let s = app
        .plain
        .get(app.url("/stock"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, StatusCode::SEE_OTHER, "pages redirect to the login");
    let (_jar, browser) = common::cookie_client();
    let login_page = browser
        .get(app.url("/login?next=/intake"))
        .send()
        .await
        .unwrap();
    let headers = format!("{:?}", login_page.headers());
    assert!(
        headers.contains("content-security-policy")
            && headers.contains("no-referrer")
            && headers.contains("nosniff"),
        "{headers}"
    );
    // Without the form's token the login is refused; the refusal shows a fresh form.
    let r = browser
        .post(app.url("/login?next=/intake"))
        .form(&[("handle", COORDINATOR_HANDLE), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = r.text().await.unwrap();
    let action = common::form_action(&html, 1);
    assert_eq!(action, "/login?next=/intake", "no token in the address");
    // The form's token moved into the address instead of the form is refused too.
    let r = browser
        .post(app.url(&format!("{action}&csrf={}", common::csrf_in(&html))))
        .form(&[("handle", COORDINATOR_HANDLE), ("password", TEST_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "token in the address");
    let html = r.text().await.unwrap();
    let r = browser
        .post(app.url(&action))
        .form(&common::with_csrf(
            &html,
            &[("handle", COORDINATOR_HANDLE), ("password", TEST_PASSWORD)],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/intake");
    let set_cookie = format!(
        "{:?}",
        r.headers().get_all("set-cookie").iter().collect::<Vec<_>>()
    );
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );

    let form = browser
        .get(app.url("/intake"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let action = common::form_action(&form, 2);
    assert_eq!(action, "/intake", "no token in the address");
    let token = common::csrf_in(&form);
    let fields = [
        ("source", "field-7"),
        ("warehouse", "unit-east"),
        ("received_on", "2026-09-01"),
        ("q.blanket", "4"),
        ("c.blanket", "good"),
    ];
    let r = browser
        .post(app.url("/intake"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a form without its token is refused"
    );
    for address in [
        "/intake?csrf=not-the-token".to_string(),
        format!("/intake?csrf={token}"),
    ] {
        let r = browser
            .post(app.url(&address))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{address}");
    }
    let r = browser
        .post(app.url("/intake"))
        .form(&common::with_csrf(&form, &[("csrf", "not-the-token")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a wrong token first");
    assert_eq!(
        app.stock_of("unit-east", "blanket", "good").await,
        0,
        "nothing was saved"
    );
    let r = browser
        .post(app.url(&action))
        .form(&common::with_csrf(&form, &fields))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 4);

    let logout = common::form_action(&form, 1);
    assert_eq!(logout, "/logout", "no token in the address");
    let r = browser
        .post(app.url(&logout))
        .form(&common::with_csrf(&form, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{logout}: {}",
        r.text().await.unwrap_or_default()
    );
    let r = browser.get(app.url("/stock")).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "after logout the session is gone"
    );
}

/// The first run: a one-time setup link makes the first coordinator and logs them in.
async fn setup_link_makes_the_first_coordinator(_app: TestApp) {
    let app = common::spawn_app_without_users(_app.backend)
        .await
        .expect("bare app");
    *app.state.auth.setup_token.lock().unwrap() = Some("one-time-token-123".into());
    let (_jar, browser) = common::cookie_client();
    let r = browser
        .get(app.url("/setup?token=wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // The link leaves its address at once for a plain /setup (the token in a cookie).
    let r = browser
        .get(app.url("/setup?token=one-time-token-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/setup");
    let html = common::page_text(&browser, &app.url("/setup")).await;
    let action = common::form_action(&html, 1);
    assert_eq!(action, "/setup", "no token in the form's address");
    // A handle against the rule: said in the reader's language beside its field, what
    // was typed kept, nobody made.
    let r = browser
        .post(app.url(&action))
        .header("Accept-Language", "fr")
        .form(&common::with_csrf(
            &html,
            &[("handle", "Ana Maria"), ("password", "short")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let handle_field = html
        .split("id=\"handle\"")
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .expect("the handle field");
    assert!(
        handle_field.contains("value=\"Ana Maria\"")
            && handle_field.contains("aria-invalid=\"true\"")
            && handle_field.contains("id=\"handle-error\"")
            && handle_field.contains("Un pseudo fait de 2 à 32 lettres minuscules"),
        "{html}"
    );
    assert!(
        !html.contains("lowercase letters"),
        "no English rule on a French page: {html}"
    );
    assert!(
        html.contains("id=\"password-error\"") && html.contains("Le mot de passe doit faire"),
        "{html}"
    );
    // Nobody was made: the setup below still makes the first coordinator.
    let action = common::form_action(&html, 1);
    let r = browser
        .post(app.url(&action))
        .form(&common::with_csrf(
            &html,
            &[("handle", "ana"), ("password", "short")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "short password refused"
    );
    let html = r.text().await.unwrap();
    let action = common::form_action(&html, 1);
    let r = browser
        .post(app.url(&action))
        .form(&common::with_csrf(
            &html,
            &[("handle", "ana"), ("password", "our long shared secret")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let home = browser.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK, "logged in after setup");
    assert!(home.text().await.unwrap().contains("ana"));
    let r = browser
        .get(app.url("/setup?token=one-time-token-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "the link works once");
    assert!(app.login("ana", "our long shared secret").await.is_ok());
}

#[test]
fn key_file_is_made_once_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    std::env::remove_var("HAUL_SECRET");
    let dir = tempfile::tempdir().unwrap();
    let (keys, source) = haul::auth::token::Keys::load(dir.path()).expect("load");
    let path = dir.path().join(haul::auth::token::KEY_FILE_NAME);
    assert_eq!(source, haul::auth::token::KeySource::File(path.clone()));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "key file mode {mode:o}");
    let now = chrono::Utc::now();
    let (token, _) = keys.issue("mo", "crew", now).unwrap();
    let (again, _) = haul::auth::token::Keys::load(dir.path()).expect("reload");
    assert!(
        again.verify(&token, now).is_ok(),
        "the same key is read back"
    );
}

on_both_backends!(
    setup_link_makes_the_first_coordinator,
    forged_tokens_are_refused,
    login_is_throttled,
    users_api,
    pages_need_a_session_and_csrf
);
