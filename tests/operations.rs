//! Operations, against the real `haul` binary where it matters: online backup and
//! restore, SIGKILL while clients write (crash tests), SIGTERM with requests in
//! flight, health, readiness and metrics. Each runs on SQLite and on PostgreSQL.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{seeded_database, Backend, Cleanup, TEST_PASSWORD};
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use haul::auth::Role;
use haul::db::{DatabaseUrl, Db, DbConn};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SECRET: &str = "operations-test-secret-0123456789abcdef";
const HANDLE: &str = "ops-coord";

fn url_string(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

/// The `haul` binary on `url`, with the test's signing key.
fn haul_command(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_haul"));
    c.env("DATABASE_URL", url)
        .env("HAUL_SECRET", SECRET)
        .env("RUST_LOG", "warn");
    c
}

/// Runs `haul ARGS` on `url`; answers success and stdout + stderr.
fn haul(url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = haul_command(url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run haul");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).expect("write stdin");
    }
    drop(input);
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A seeded database with a coordinator who can log in.
fn database_with_coordinator(backend: Backend) -> Option<(DatabaseUrl, Cleanup)> {
    let (db, url, cleanup) = seeded_database(backend)?;
    let (h, r, hash) =
        haul::auth::api::prepare_user(HANDLE, "coordinator", TEST_PASSWORD).expect("user");
    db.write_blocking(move |c| {
        haul::auth::api::insert_user(c, &h, r, &hash, chrono::Utc::now().naive_utc())
    })
    .expect("insert user");
    Some((url, cleanup))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A `haul serve` process.
struct Server {
    child: Child,
    port: u16,
    base: String,
}

impl Server {
    async fn start(url: &str, extra: &[&str]) -> Server {
        let port = free_port();
        let bind = format!("127.0.0.1:{port}");
        let child = haul_command(url)
            .args(["serve", "--bind", &bind])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start haul serve");
        let server = Server {
            child,
            port,
            base: format!("http://{bind}"),
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
                if r.status() == StatusCode::OK {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "haul serve did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill {sig}");
    }

    fn kill9(mut self) {
        self.signal("-KILL");
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits for the process to end; answers whether it exited cleanly.
    fn stop(self) -> bool {
        self.signal("-TERM");
        self.stop_after_signal()
    }

    async fn token(&self) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&json!({"handle": HANDLE, "password": TEST_PASSWORD}))
            .send()
            .await
            .expect("login");
        let body: Value = r.json().await.expect("token body");
        body["token"].as_str().expect("a token").to_string()
    }
}

fn intake(source: &str) -> Value {
    json!({"source": source, "warehouse": "unit-east", "received_on": "2026-06-29",
           "lines": [{"category": "blanket", "condition": "good", "quantity": 1}]})
}

/// Posts one intake under its own key; the intake id when acknowledged.
async fn post_intake(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
) -> Result<(StatusCode, Value, bool), reqwest::Error> {
    let r = client
        .post(format!("{base}/api/v1/intakes"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&intake(key))
        .send()
        .await?;
    let status = r.status();
    let replayed = r.headers().contains_key("idempotent-replayed");
    let body: Value = r.json().await?;
    Ok((status, body, replayed))
}

/// What the writers sent: key → the intake id if the server acknowledged it.
type Sent = Arc<Mutex<BTreeMap<String, Option<i64>>>>;

/// `clients` writers posting intakes until `stop` is set.
fn start_writers(
    base: &str,
    token: &str,
    clients: usize,
    prefix: &str,
    sent: &Sent,
    stop: &Arc<std::sync::atomic::AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|n| {
            let (base, token, sent, stop) = (
                base.to_string(),
                token.to_string(),
                sent.clone(),
                stop.clone(),
            );
            let prefix = format!("{prefix}-c{n}");
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(20))
                    .build()
                    .expect("client");
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let key = format!("{prefix}-{i}");
                    i += 1;
                    sent.lock().unwrap().insert(key.clone(), None);
                    match post_intake(&client, &base, &token, &key).await {
                        Ok((StatusCode::CREATED, body, _)) => {
                            let id = body["id"].as_i64().expect("intake id");
                            sent.lock().unwrap().insert(key, Some(id));
                        }
                        Ok((status, body, _)) => panic!("intake refused: {status} {body}"),
                        // The server went away: this one was not acknowledged.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect()
}

/// Every intake source in the database, with how many intakes carry it.
fn sources(url: &DatabaseUrl) -> BTreeMap<String, usize> {
    use haul::db::schema::intakes::dsl::*;
    let db = Db::connect(url, 1).expect("open");
    let all: Vec<String> = db
        .read_blocking(|c| Ok(intakes.select(source).load::<String>(c)?))
        .expect("intakes");
    let mut n = BTreeMap::new();
    for s in all {
        *n.entry(s).or_insert(0) += 1;
    }
    n
}

fn assert_check_clean(url: &str) {
    let (ok, out) = haul(url, &["check"], None);
    assert!(ok && out.contains("Stock matches the ledger"), "{out}");
}

fn crash_rounds() -> usize {
    std::env::var("HAUL_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// SIGKILL while four clients write, `crash_rounds()` times. After each restart every
/// acknowledged intake is there exactly once, a retry with its key replays it, a retry
/// of an unacknowledged one takes effect at most once, and `haul check` is clean.
async fn killed_while_writing(backend: Backend) {
    let Some((url, _cleanup)) = database_with_coordinator(backend) else {
        return;
    };
    let url_s = url_string(&url);
    let mut expected = 0usize;
    for round in 0..crash_rounds() {
        let server = Server::start(&url_s, &[]).await;
        let token = server.token().await;
        let sent: Sent = Arc::default();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writers = start_writers(&server.base, &token, 4, &format!("r{round}"), &sent, &stop);
        tokio::time::sleep(Duration::from_millis(250 + (round as u64 * 53) % 300)).await;
        server.kill9();
        for w in writers {
            w.await.expect("writer");
        }
        let sent = std::mem::take(&mut *sent.lock().unwrap());
        let acked = sent.values().filter(|v| v.is_some()).count();
        assert!(acked > 0, "round {round}: some writes were acknowledged");
        eprintln!(
            "{backend:?} crash round {round}: {acked} of {} writes acknowledged before SIGKILL",
            sent.len()
        );

        let server = Server::start(&url_s, &[]).await;
        let token = server.token().await;
        let client = reqwest::Client::new();
        for (key, id) in &sent {
            let (status, body, replayed) = post_intake(&client, &server.base, &token, key)
                .await
                .expect("retry");
            assert_eq!(status, StatusCode::CREATED, "retry of {key}: {body}");
            if let Some(id) = id {
                assert!(
                    replayed,
                    "round {round}: retry of acknowledged {key} replays"
                );
                assert_eq!(body["id"].as_i64(), Some(*id), "same intake for {key}");
            }
        }
        expected += sent.len();
        let present = sources(&url);
        for key in sent.keys() {
            assert_eq!(
                present.get(key),
                Some(&1),
                "round {round}: {key} exactly once"
            );
        }
        assert_eq!(present.values().sum::<usize>(), expected);
        assert_check_clean(&url_s);
        server.kill9();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_sqlite() {
    killed_while_writing(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_postgres() {
    killed_while_writing(Backend::Postgres).await;
}

/// A request whose body is still arriving at SIGTERM is answered normally, a new
/// connection after it is refused, and the answered write survives the restart.
async fn sigterm_finishes_requests_in_flight(backend: Backend) {
    let Some((url, _cleanup)) = database_with_coordinator(backend) else {
        return;
    };
    let url_s = url_string(&url);
    let server = Server::start(&url_s, &["--shutdown-timeout", "20"]).await;
    let token = server.token().await;
    let body = intake("in-flight").to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        conn,
        "POST /api/v1/intakes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Idempotency-Key: in-flight\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    )
    .expect("send head");
    conn.flush().expect("flush");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let port = server.port;
    server.signal("-TERM");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let late = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .timeout(Duration::from_secs(3))
        .send()
        .await;
    assert!(
        late.is_err(),
        "a request after SIGTERM is refused: {late:?}"
    );
    conn.write_all(tail.as_bytes()).expect("send tail");
    let mut answer = String::new();
    conn.set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    let _ = conn.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "the request in flight got its normal answer: {answer}"
    );
    assert!(server.stop_after_signal(), "haul serve exits cleanly");
    assert_eq!(sources(&url).get("in-flight"), Some(&1));
    let server = Server::start(&url_s, &[]).await;
    let token = server.token().await;
    let (status, _, replayed) =
        post_intake(&reqwest::Client::new(), &server.base, &token, "in-flight")
            .await
            .expect("retry");
    assert_eq!(status, StatusCode::CREATED);
    assert!(replayed, "the acknowledged write replays");
    assert_check_clean(&url_s);
    assert!(server.stop());
}

impl Server {
    /// Waits for a process already sent SIGTERM.
    fn stop_after_signal(mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "haul serve did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_sqlite() {
    sigterm_finishes_requests_in_flight(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_postgres() {
    sigterm_finishes_requests_in_flight(Backend::Postgres).await;
}

/// `haul_last_backup_timestamp_seconds` as the server's `/metrics` answers it.
async fn last_backup(server: &Server) -> i64 {
    let metrics = reqwest::get(format!("{}/metrics", server.base))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("haul_last_backup_timestamp_seconds "))
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("no last backup time in {metrics}"))
}

/// A fresh target: a SQLite path that does not exist yet, or a new empty database.
fn empty_target(backend: Backend) -> Option<(DatabaseUrl, Cleanup)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("dir");
            let url = DatabaseUrl::Sqlite(dir.path().join("restored.db"));
            Some((url, Cleanup::Sqlite(dir)))
        }
        Backend::Postgres => {
            let (db, url, cleanup) = common::fresh_database(backend)?;
            drop(db);
            Some((url, cleanup))
        }
    }
}

fn target_state(url: &DatabaseUrl) -> Option<(Vec<String>, BTreeMap<String, usize>)> {
    if let DatabaseUrl::Sqlite(p) = url {
        if !p.exists() {
            return None;
        }
    }
    Some((
        haul::backup::target_tables_with_data(url, None).expect("tables"),
        sources(url),
    ))
}

/// A backup taken while 8 clients write restores into a fresh database with every
/// write acknowledged before it began; damaged files and full targets are refused
/// and change nothing.
async fn backup_while_writing_then_restore(backend: Backend) {
    let Some((url, _cleanup)) = database_with_coordinator(backend) else {
        return;
    };
    let url_s = url_string(&url);
    let server = Server::start(&url_s, &[]).await;
    let token = server.token().await;
    let sent: Sent = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers = start_writers(&server.base, &token, 8, "b", &sent, &stop);
    tokio::time::sleep(Duration::from_millis(700)).await;
    let before: BTreeSet<String> = sent
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, id)| id.is_some())
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!before.is_empty());
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("online.haulbak");
    let file_s = file.to_string_lossy().to_string();
    let (u, f) = (url_s.clone(), file_s.clone());
    let started = chrono::Utc::now().timestamp();
    assert_eq!(last_backup(&server).await, 0, "no backup yet");
    let (ok, out) = tokio::task::spawn_blocking(move || haul(&u, &["backup", &f], None))
        .await
        .expect("backup");
    assert!(ok, "{out}");
    // The backup another process made counts in the server's /metrics.
    let last = last_backup(&server).await;
    assert!(
        (started..=chrono::Utc::now().timestamp()).contains(&last),
        "haul_last_backup_timestamp_seconds {last}, backup began at {started}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in writers {
        w.await.expect("writer");
    }
    assert!(server.stop());

    // Into a fresh database.
    let (target, _target_cleanup) = empty_target(backend).expect("target");
    let target_s = url_string(&target);
    let (ok, out) = haul(&target_s, &["restore", &file_s], None);
    assert!(ok, "{out}");
    assert!(out.contains("Restored"), "{out}");
    assert_check_clean(&target_s);
    let restored = sources(&target);
    for key in &before {
        assert_eq!(
            restored.get(key),
            Some(&1),
            "{key} acknowledged before the backup"
        );
    }

    // A damaged file changes nothing, with a clear message.
    let bytes = std::fs::read(&file).expect("read backup");
    let truncated = dir.path().join("truncated.haulbak");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let mut altered = bytes.clone();
    let mid = altered.len() / 2;
    altered[mid] ^= 0x40;
    let tampered = dir.path().join("tampered.haulbak");
    std::fs::write(&tampered, &altered).expect("write");
    let not_backup = dir.path().join("not.haulbak");
    std::fs::write(&not_backup, b"SQLite format 3\0 and so on").expect("write");
    let (fresh, _fresh_cleanup) = empty_target(backend).expect("target");
    let fresh_s = url_string(&fresh);
    let fresh_before = target_state(&fresh);
    for (bad, says) in [
        (&truncated, "truncated or has been altered"),
        (&tampered, "truncated or has been altered"),
        (&not_backup, "not a Haul backup"),
    ] {
        let (ok, out) = haul(&fresh_s, &["restore", &bad.to_string_lossy()], None);
        assert!(!ok, "{out}");
        assert!(out.contains(says), "{out}");
        assert_eq!(target_state(&fresh), fresh_before, "nothing changed");
    }

    // A database holding data: refused, then --force asks, then replaces on "yes".
    let full_before = target_state(&url);
    let (ok, out) = haul(&url_s, &["restore", &file_s], None);
    assert!(!ok && out.contains("already holds data"), "{out}");
    let (ok, out) = haul(&url_s, &["restore", "--force", &file_s], Some("no\n"));
    assert!(!ok && out.contains("Not confirmed"), "{out}");
    assert_eq!(target_state(&url), full_before, "nothing changed");
    let (ok, out) = haul(&url_s, &["restore", "--force", &file_s], Some("yes\n"));
    assert!(ok, "{out}");
    assert_eq!(
        sources(&url),
        restored,
        "the database is the backup's again"
    );
    assert_check_clean(&url_s);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_sqlite() {
    backup_while_writing_then_restore(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_postgres() {
    backup_while_writing_then_restore(Backend::Postgres).await;
}

/// Leaves the database one schema behind this Haul.
fn revert_last_migration(db: &Db) {
    let mut conn = db.conn().expect("conn");
    match &mut *conn {
        DbConn::Sqlite(c) => c
            .revert_last_migration(haul::db::SQLITE_MIGRATIONS)
            .map(|_| ()),
        DbConn::Pg(c) => c
            .revert_last_migration(haul::db::POSTGRES_MIGRATIONS)
            .map(|_| ()),
    }
    .expect("revert the last migration");
}

/// A backup of an older schema restores and is migrated to this Haul's schema.
async fn older_schema_backup_migrates(backend: Backend) {
    let Some((db, url, _cleanup)) = seeded_database(backend) else {
        return;
    };
    revert_last_migration(&db);
    drop(db);
    let before = haul::backup::target_tables_with_data(&url, None).expect("tables");
    assert!(!before.is_empty(), "the old database holds data");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("old.haulbak");
    let (ok, out) = haul(
        &url_string(&url),
        &["backup", &file.to_string_lossy()],
        None,
    );
    assert!(ok, "{out}");
    let (target, _c) = empty_target(backend).expect("target");
    let (ok, out) = haul(
        &url_string(&target),
        &["restore", &file.to_string_lossy()],
        None,
    );
    assert!(ok, "{out}");
    assert!(out.contains("1 migration(s) applied"), "{out}");
    let db = Db::connect(&target, 1).expect("open");
    assert_eq!(db.pending_migrations().expect("pending"), 0);
    drop(db);
    assert_eq!(
        haul::backup::target_tables_with_data(&target, None).expect("tables"),
        before,
        "the same data, now on this Haul's schema"
    );
    assert_check_clean(&url_string(&target));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_schema_sqlite() {
    older_schema_backup_migrates(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_schema_postgres() {
    older_schema_backup_migrates(Backend::Postgres).await;
}

/// The scheduled backups: made, restorable, and pruned to --backup-keep.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_backups_are_made_and_pruned() {
    let (url, _cleanup) = database_with_coordinator(Backend::Sqlite).expect("sqlite");
    let dir = tempfile::tempdir().expect("dir");
    let dir_s = dir.path().to_string_lossy().to_string();
    let server = Server::start(
        &url_string(&url),
        &[
            "--backup-every",
            "1s",
            "--backup-dir",
            &dir_s,
            "--backup-keep",
            "2",
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(4500)).await;
    let last = last_backup(&server).await;
    assert!(server.stop());
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "haulbak"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(last > 0, "the scheduled backups count: {last}");
    let (target, _c) = empty_target(Backend::Sqlite).expect("target");
    let (ok, out) = haul(
        &url_string(&target),
        &["restore", &files[0].to_string_lossy()],
        None,
    );
    assert!(ok, "{out}");
}

on_both_backends!(health_readiness_and_metrics);

async fn health_readiness_and_metrics(app: common::TestApp) {
    let (s, _) = app
        .with_token(None)
        .request(reqwest::Method::GET, "/healthz", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = app
        .with_token(None)
        .request(reqwest::Method::GET, "/readyz", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, _) = app
        .post_intake(
            "unit-east",
            json!([{"category": "blanket", "condition": "good", "quantity": 2}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    // From loopback without a token: a local scraper.
    let text = app
        .plain
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains(
            "haul_http_requests_total{method=\"POST\",route=\"/api/v1/intakes\",status=\"201\"}"
        ),
        "{text}"
    );
    assert!(text.contains("haul_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/intakes\",le=\"+Inf\"}"));
    let ledger_rows = app.ledger_len().await;
    assert!(
        text.contains(&format!("haul_ledger_rows {ledger_rows}")),
        "{text}"
    );
    for name in [
        "haul_db_pool_wait_seconds_total",
        "haul_db_pool_connections",
        "haul_write_queue_depth",
        "haul_last_backup_timestamp_seconds",
    ] {
        assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
    }

    // Through a proxy: only a coordinator's token.
    let proxied = |token: Option<&str>| {
        let mut rb = app
            .plain
            .get(app.url("/metrics"))
            .header("X-Forwarded-For", "203.0.113.9");
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb.send()
    };
    assert_eq!(
        proxied(None).await.expect("m").status(),
        StatusCode::UNAUTHORIZED
    );
    let crew = app.add_user_and_login("metrics-crew", Role::Crew).await;
    assert_eq!(
        proxied(Some(&crew)).await.expect("m").status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        proxied(Some("not-a-token")).await.expect("m").status(),
        StatusCode::UNAUTHORIZED
    );
    let coord = app.token.clone().expect("token");
    let r = proxied(Some(&coord)).await.expect("m");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.expect("text").contains("haul_ledger_rows"));

    // A database behind this Haul's schema is not ready.
    revert_last_migration(&app.db);
    let (s, body) = app
        .with_token(None)
        .request(reqwest::Method::GET, "/readyz", None)
        .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        body["migrations"]
            .as_str()
            .unwrap_or("")
            .contains("pending"),
        "{body}"
    );
}
