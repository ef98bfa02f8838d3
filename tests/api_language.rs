//! The JSON API's errors in the request's language (issue 13, item 6): the `code` and
//! the `details` stay the same stable English keys whatever the language; the
//! `message` follows `Accept-Language` (English, French, Arabic), and is English
//! without the header.

mod common;

use common::TestApp;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// One request as sent, in a language (None: no `Accept-Language`).
async fn send(
    app: &TestApp,
    lang: Option<&str>,
    token: Option<&str>,
    method: reqwest::Method,
    path: &str,
    body: Option<String>,
) -> (StatusCode, Value) {
    let mut rb = app.plain.request(method, app.url(path));
    if let Some(l) = lang {
        rb = rb.header("Accept-Language", l);
    }
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.header("Content-Type", "application/json").body(b);
    }
    let resp = rb.send().await.expect("request");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// The same bad request in English (no header), French and Arabic: same status, code
/// and details; the English message is the detailed one, the others translated.
#[allow(clippy::too_many_arguments)]
async fn same_error_in_three_languages(
    app: &TestApp,
    token: Option<&str>,
    method: reqwest::Method,
    path: &str,
    body: Option<String>,
    status: StatusCode,
    code: &str,
    english: &str,
    french: &str,
    arabic: &str,
) {
    let mut seen = Vec::new();
    for lang in [None, Some("fr-FR,fr;q=0.9,en;q=0.5"), Some("ar")] {
        let (s, err) = send(app, lang, token, method.clone(), path, body.clone()).await;
        assert_eq!(s, status, "{lang:?} {path}: {err}");
        assert_eq!(err["error"]["code"], code, "{lang:?} {path}: {err}");
        let message = err["error"]["message"].as_str().unwrap_or("").to_string();
        let expected = match lang {
            None => english,
            Some(l) if l.starts_with("fr") => french,
            Some(_) => arabic,
        };
        assert!(
            message.contains(expected),
            "{lang:?} {path}: {message:?} should contain {expected:?}"
        );
        seen.push((message, err["error"]["details"].clone()));
    }
    assert!(
        seen[0].0 != seen[1].0 && seen[1].0 != seen[2].0 && seen[0].0 != seen[2].0,
        "three languages, three messages: {seen:?}"
    );
    assert!(
        seen.iter().all(|(_, d)| *d == seen[0].1),
        "details are keys, the same in every language: {seen:?}"
    );
}

async fn error_messages_follow_accept_language(app: TestApp) {
    let token = app.token.clone();
    let coordinator = token.as_deref();
    use reqwest::Method;
    // A 422 names its field in every language; the field itself is a key.
    let zero = json!({"source": "glastonbury-2026", "warehouse": "unit-east",
        "received_on": "2026-06-29",
        "lines": [{"category": "tent-2p", "condition": "good", "quantity": 0}]});
    let before = app.ledger_len().await;
    same_error_in_three_languages(
        &app,
        coordinator,
        Method::POST,
        "/api/v1/intakes",
        Some(zero.to_string()),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        "quantity",
        "Le champ lines[0].quantity n’est pas valide",
        "الحقل",
    )
    .await;
    assert_eq!(app.ledger_len().await, before, "nothing was recorded");
    // Not JSON at all.
    same_error_in_three_languages(
        &app,
        coordinator,
        Method::POST,
        "/api/v1/intakes",
        Some("{\"source\": ".into()),
        StatusCode::BAD_REQUEST,
        "bad_request",
        "malformed JSON",
        "Le corps de la requête n’est pas du JSON valide.",
        "محتوى الطلب ليس JSON صالحًا.",
    )
    .await;
    // An unknown run.
    same_error_in_three_languages(
        &app,
        coordinator,
        Method::GET,
        "/api/v1/runs/999999",
        None,
        StatusCode::NOT_FOUND,
        "not_found",
        "999999",
        "Introuvable\u{a0}: vérifiez l’adresse",
        "غير موجود",
    )
    .await;
    // No token.
    same_error_in_three_languages(
        &app,
        None,
        Method::GET,
        "/api/v1/stock",
        None,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Bearer",
        "Connectez-vous d’abord",
        "سجّل الدخول أولًا",
    )
    .await;
    // A crew volunteer may not add a van.
    let crew = app.add_user_and_login("lang-crew", Role::Crew).await;
    let van = json!({"slug": "transit", "name": "Transit", "capacity_l": 9000, "payload_kg": 1100});
    same_error_in_three_languages(
        &app,
        Some(&crew),
        Method::POST,
        "/api/v1/vans",
        Some(van.to_string()),
        StatusCode::FORBIDDEN,
        "forbidden",
        "",
        "Votre rôle ne permet pas de faire cela.",
        "دورك لا يسمح بهذا.",
    )
    .await;
    // The same van twice: a conflict with what is recorded.
    let (s, body) = app.post("/api/v1/vans", &van).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    same_error_in_three_languages(
        &app,
        coordinator,
        Method::POST,
        "/api/v1/vans",
        Some(van.to_string()),
        StatusCode::CONFLICT,
        "conflict",
        "transit",
        "Cela contredit ce qui est déjà enregistré",
        "يتعارض",
    )
    .await;
    // A body over the limit.
    let big = format!("{{\"source\": \"{}\"}}", "x".repeat(300 * 1024));
    same_error_in_three_languages(
        &app,
        coordinator,
        Method::POST,
        "/api/v1/intakes",
        Some(big),
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "KiB",
        "La requête est trop volumineuse",
        "الطلب كبير جدًا",
    )
    .await;
    // A language Haul does not speak falls back to English.
    let (s, err) = send(
        &app,
        Some("de-DE"),
        coordinator,
        Method::GET,
        "/api/v1/runs/999999",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("999999")),
        "{err}"
    );
}

on_both_backends!(error_messages_follow_accept_language);
