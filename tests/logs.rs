//! Logs never hold a password, a token, a session cookie or a form token: a full
//! session is run with every log line captured, then the log is searched for each secret.

mod common;

use common::{spawn_app, Backend, COORDINATOR_HANDLE, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs() {
    // Everything the server logs at debug; the test client's own cookie jar is muted.
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "debug,hyper=info,reqwest=info,h2=info,cookie_store=off",
        ))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .try_init()
        .expect("the only subscriber in this test binary");

    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    let mut secrets = vec![TEST_PASSWORD.to_string(), app.token.clone().unwrap()];
    let crew = app.add_user_and_login("mo", Role::Crew).await;
    secrets.push(crew.clone());
    assert!(app.login("mo", "a wrong password for mo").await.is_err());
    secrets.push("a wrong password for mo".into());
    let (s, _) = app
        .post(
            "/api/v1/users",
            &json!({"handle": "kit", "role": "warehouse", "password": "kits secret passphrase"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    secrets.push("kits secret passphrase".into());
    let (s, _) = app
        .with_token(Some(crew))
        .request(reqwest::Method::GET, "/api/v1/stock", None)
        .await;
    assert_eq!(s, StatusCode::OK);

    // A page session with its cookie and CSRF token.
    let (jar, browser) = common::cookie_client();
    let r = app.page_login(&browser, COORDINATOR_HANDLE, "/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookies = jar_cookies(&jar, &app.url("/"));
    assert!(
        cookies.iter().any(|c| c.starts_with("haul_session=")),
        "{cookies:?}"
    );
    for c in &cookies {
        if let Some((_, v)) = c.split_once('=') {
            secrets.push(v.to_string());
        }
    }
    let form = browser
        .get(app.url("/intake"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    secrets.push(common::csrf_in(&form));
    let r = browser
        .post(app.url("/intake"))
        .form(&common::with_csrf(
            &form,
            &[
                ("source", "x-2026"),
                ("warehouse", "unit-east"),
                ("received_on", "2026-09-01"),
                ("q.blanket", "1"),
                ("c.blanket", "good"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let log = String::from_utf8_lossy(&capture.0.lock().unwrap()).to_string();
    assert!(
        log.contains("POST /api/v1/auth/token 200"),
        "requests are logged:\n{log}"
    );
    assert!(
        log.contains("POST /intake 303"),
        "page posts are logged (path only):\n{log}"
    );
    for s in secrets.iter().filter(|s| s.len() >= 8) {
        let line = log
            .lines()
            .find(|l| l.contains(s.as_str()))
            .unwrap_or_default()
            .replace(s.as_str(), "<SECRET>");
        assert!(
            !log.contains(s.as_str()),
            "a secret reached the log in: {line}"
        );
    }
}

fn jar_cookies(jar: &reqwest::cookie::Jar, url: &str) -> Vec<String> {
    use reqwest::cookie::CookieStore;
    let url = url.parse().unwrap();
    jar.cookies(&url)
        .and_then(|h| h.to_str().ok().map(str::to_string))
        .map(|s| s.split("; ").map(str::to_string).collect())
        .unwrap_or_default()
}
