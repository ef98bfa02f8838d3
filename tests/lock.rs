//! Lock now (issue 15): every earlier token and session is refused at once; a plain
//! database refuses logins until `haul unlock`; an encrypted one is closed, its key
//! forgotten and the server stops, and a restart needs the passphrase.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{cookie_client, form_action, page_text, TestApp, COORDINATOR_HANDLE, TEST_PASSWORD};
use haul::auth::Role;
use reqwest::StatusCode;

/// Locks through the coordinator's page (confirmation page, then its form).
async fn lock_through_page(client: &reqwest::Client, base: &str) -> (StatusCode, String) {
    let confirm = page_text(client, &format!("{base}/safety/lock")).await;
    assert!(confirm.contains("Lock Haul now?"), "{confirm}");
    let form = confirm
        .split("id=\"confirm\"")
        .nth(1)
        .expect("the confirmation form");
    let action = form_action(form, 1);
    assert_eq!(action, "/safety/lock", "no token in the address");
    assert!(
        form.contains("<button class=\"danger\" type=\"submit\">Lock now</button>"),
        "the danger style: {form}"
    );
    // A post that did not come from the confirmation page only asks again.
    let resp = client
        .post(format!("{base}{action}"))
        .form(&common::with_csrf(form, &[]))
        .send()
        .await
        .expect("POST lock");
    assert_eq!(resp.status(), StatusCode::OK);
    let again = resp.text().await.unwrap_or_default();
    assert!(again.contains("Lock Haul now?"), "{again}");
    assert!(!again.contains("Haul is locked"), "{again}");
    let resp = client
        .get(format!("{base}/safety"))
        .send()
        .await
        .expect("still open");
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "not locked by an unconfirmed post"
    );
    let resp = client
        .post(format!("{base}{action}"))
        .form(&common::with_csrf(form, &[("confirmed", "yes")]))
        .send()
        .await
        .expect("POST lock");
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

async fn page_status(client: &reqwest::Client, url: &str) -> StatusCode {
    client.get(url).send().await.expect("GET").status()
}

async fn lock_refuses_everything_until_unlock(app: TestApp) {
    let crew_token = app.add_user_and_login("crew-1", Role::Crew).await;
    let (_, coord) = cookie_client();
    let resp = app.page_login(&coord, COORDINATOR_HANDLE, "/safety").await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (_, crew_page) = cookie_client();
    app.page_login(&crew_page, "crew-1", "/stock").await;
    assert_eq!(
        page_status(&crew_page, &app.url("/stock")).await,
        StatusCode::OK
    );
    // Warm the guard's role cache for the tokens: a lock must beat it.
    assert_eq!(app.get("/api/v1/stock").await.0, StatusCode::OK);
    assert_eq!(
        stock_status(&app.address, &crew_token)
            .await
            .expect("answer"),
        StatusCode::OK
    );

    // Bad requests change nothing: a crew member cannot lock, nor a form without its token.
    let resp = crew_page
        .post(app.url("/safety/lock"))
        .send()
        .await
        .expect("POST");
    assert!(resp.status().is_client_error() || resp.status() == StatusCode::SEE_OTHER);
    let resp = coord
        .post(app.url("/safety/lock"))
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(
        stock_status(&app.address, &crew_token)
            .await
            .expect("answer"),
        StatusCode::OK,
        "still open"
    );

    let (status, body) = lock_through_page(&coord, &app.address).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Haul is locked"), "{body}");

    // Every earlier token and session is refused at once.
    assert_eq!(app.get("/api/v1/stock").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        stock_status(&app.address, &crew_token)
            .await
            .expect("answer"),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        page_status(&crew_page, &app.url("/stock")).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        page_status(&coord, &app.url("/safety")).await,
        StatusCode::SEE_OTHER
    );
    // Nobody can log in, by API or page.
    let refused = app.login(COORDINATOR_HANDLE, TEST_PASSWORD).await;
    assert!(
        matches!(refused, Err((StatusCode::UNAUTHORIZED, _))),
        "{refused:?}"
    );
    let (_, fresh) = cookie_client();
    let resp = app.page_login(&fresh, "crew-1", "/stock").await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp
        .text()
        .await
        .unwrap_or_default()
        .contains("haul unlock"));

    // `haul unlock` (the same call) lets logins in again; the old tokens stay revoked.
    let now = chrono::Utc::now().naive_utc();
    app.db
        .write_blocking(move |c| haul::safety::unlock(c, now, "cli"))
        .expect("unlock");
    haul::safety::load(&app.state).expect("reload");
    assert_eq!(
        stock_status(&app.address, &crew_token)
            .await
            .expect("answer"),
        StatusCode::UNAUTHORIZED
    );
    // A new token is issued in a later second than the lock.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let token = app
        .login("crew-1", TEST_PASSWORD)
        .await
        .expect("login again");
    assert_eq!(
        stock_status(&app.address, &token).await.expect("answer"),
        StatusCode::OK
    );
    let audit = app
        .db
        .read_blocking(|c| Ok(haul::safety::audit_entries(c, 10)?))
        .expect("audit");
    let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["unlock", "lock"]);
}

on_both_backends!(lock_refuses_everything_until_unlock);

// ---- The real binary on SQLite files ----

const SECRET: &str = "lock-test-secret-0123456789abcdef-0123456789";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn haul_cmd(db: &Path, key_file: Option<&Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haul"));
    cmd.env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .env(
            "HAUL_SECRET",
            "lock-test-secret-0123456789abcdef-0123456789",
        )
        .env_remove("HAUL_DB_KEY")
        .env_remove("HAUL_DB_KEY_FILE")
        .env_remove("HAUL_FORGET_NOTES_AFTER");
    if let Some(k) = key_file {
        cmd.env("HAUL_DB_KEY_FILE", k);
    }
    cmd
}

fn run(db: &Path, key_file: Option<&Path>, args: &[&str], stdin: &str) -> (bool, String) {
    let key = key_file.map(|k| k.display().to_string());
    let mut env = vec![("HAUL_SECRET", SECRET)];
    if let Some(k) = &key {
        env.push(("HAUL_DB_KEY_FILE", k.as_str()));
    }
    common::run_haul(db, args, &env, Some(stdin))
}

/// Starts `haul serve` on a free port and waits for its "serving on" line.
fn serve(db: &Path, key_file: Option<&Path>) -> Result<Server, String> {
    let mut child = haul_cmd(db, key_file)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    while let Some(Ok(line)) = lines.next() {
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap_or_default().to_string();
            // Keep reading, so the server's last words do not meet a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(Server {
                child,
                base: format!("http://{addr}"),
            });
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Err(String::from_utf8_lossy(&out.stderr).to_string())
}

async fn token(base: &str, handle: &str) -> String {
    let resp = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"handle": handle, "password": TEST_PASSWORD}))
        .send()
        .await
        .expect("token");
    assert_eq!(resp.status(), StatusCode::OK);
    let body: serde_json::Value = resp.json().await.expect("json");
    body["token"].as_str().expect("token").to_string()
}

async fn stock_status(base: &str, token: &str) -> Option<StatusCode> {
    reqwest::Client::new()
        .get(format!("{base}/api/v1/stock"))
        .bearer_auth(token)
        .send()
        .await
        .ok()
        .map(|r| r.status())
}

async fn page_login(client: &reqwest::Client, base: &str, handle: &str) -> StatusCode {
    let html = page_text(client, &format!("{base}/login?next=/safety")).await;
    client
        .post(format!("{base}{}", form_action(&html, 1)))
        .form(&common::with_csrf(
            &html,
            &[("handle", handle), ("password", TEST_PASSWORD)],
        ))
        .send()
        .await
        .expect("login")
        .status()
}

fn wait_for_exit(server: &mut Server, within: Duration) -> Option<std::process::ExitStatus> {
    let end = Instant::now() + within;
    while Instant::now() < end {
        if let Ok(Some(status)) = server.child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn setup(dir: &Path, key: bool) -> (std::path::PathBuf, Option<std::path::PathBuf>) {
    let db = dir.join("haul.db");
    let key_file = key.then(|| {
        let k = dir.join("db.key");
        std::fs::write(&k, "lock test passphrase\n").expect("key");
        k
    });
    let (ok, out) = run(
        &db,
        key_file.as_deref(),
        &[
            "user",
            "add",
            "coord",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        &format!("{TEST_PASSWORD}\n"),
    );
    assert!(ok, "{out}");
    (db, key_file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locking_an_encrypted_database_stops_the_server_and_a_restart_needs_the_key() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, key_file) = setup(dir.path(), true);
    let mut server = serve(&db, key_file.as_deref()).expect("serve");
    let base = server.base.clone();
    let old_token = token(&base, "coord").await;
    assert_eq!(stock_status(&base, &old_token).await, Some(StatusCode::OK));
    let (_, client) = cookie_client();
    assert_eq!(
        page_login(&client, &base, "coord").await,
        StatusCode::SEE_OTHER
    );
    let (status, body) = lock_through_page(&client, &base).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("passphrase forgotten"), "{body}");

    let exit = wait_for_exit(&mut server, Duration::from_secs(10));
    assert!(
        exit.is_some_and(|s| s.success()),
        "the server has exited: {exit:?}"
    );
    assert_eq!(
        stock_status(&base, &old_token).await,
        None,
        "nothing answers"
    );
    assert!(haul::crypt::is_encrypted(&db).expect("read"));
    let refused = serve(&db, None);
    assert!(refused.is_err(), "a restart without the key fails");
    let why = refused.err().unwrap_or_default();
    assert!(why.contains("the database is encrypted"), "{why}");

    let server = serve(&db, key_file.as_deref()).expect("restart with the key");
    assert_eq!(
        stock_status(&server.base, &old_token).await,
        Some(StatusCode::UNAUTHORIZED),
        "the earlier token stays revoked"
    );
    assert_eq!(
        page_status(&client, &format!("{}/safety", server.base)).await,
        StatusCode::SEE_OTHER,
        "the earlier session is gone"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let new_token = token(&server.base, "coord").await;
    assert_eq!(
        stock_status(&server.base, &new_token).await,
        Some(StatusCode::OK)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn haul_lock_on_the_command_line_reaches_the_running_server() {
    // Plain: tokens and sessions refused, logins refused until `haul unlock`.
    let dir = tempfile::tempdir().expect("dir");
    let (db, _) = setup(dir.path(), false);
    let server = serve(&db, None).expect("serve");
    let base = server.base.clone();
    let old_token = token(&base, "coord").await;
    let (_, client) = cookie_client();
    assert_eq!(
        page_login(&client, &base, "coord").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(stock_status(&base, &old_token).await, Some(StatusCode::OK));
    let (ok, out) = run(&db, None, &["lock"], "");
    assert!(ok, "{out}");
    // The server reads the lock within a fraction of a second.
    tokio::time::sleep(haul::safety::WATCH_EVERY * 3).await;
    assert_eq!(
        stock_status(&base, &old_token).await,
        Some(StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        page_status(&client, &format!("{base}/safety")).await,
        StatusCode::SEE_OTHER
    );
    let (_, fresh) = cookie_client();
    assert_eq!(
        page_login(&fresh, &base, "coord").await,
        StatusCode::UNAUTHORIZED
    );
    let (ok, out) = run(&db, None, &["unlock"], "");
    assert!(ok && out.contains("Unlocked"), "{out}");
    tokio::time::sleep(haul::safety::WATCH_EVERY * 3).await;
    assert_eq!(
        page_login(&fresh, &base, "coord").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        stock_status(&base, &old_token).await,
        Some(StatusCode::UNAUTHORIZED)
    );
    drop(server);

    // Encrypted: the server closes the database and exits.
    let dir = tempfile::tempdir().expect("dir");
    let (db, key_file) = setup(dir.path(), true);
    let mut server = serve(&db, key_file.as_deref()).expect("serve");
    let (ok, out) = run(&db, key_file.as_deref(), &["lock"], "");
    assert!(ok, "{out}");
    let exit = wait_for_exit(&mut server, Duration::from_secs(10));
    assert!(
        exit.is_some_and(|s| s.success()),
        "the server has exited: {exit:?}"
    );
    assert!(serve(&db, None).is_err(), "a restart without the key fails");
}
