//! Scale (issue 11): no database-wide write lock. SQLite's writes are grouped into one
//! commit without one refused change taking the others down; a duplicate idempotent
//! request waits for the first and replays it; `haul check` and `haul import` work
//! against a live server under write load.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn intake(warehouse: &str, tents: i64) -> Value {
    json!({"source": "glastonbury-2026", "warehouse": warehouse, "received_on": "2026-06-29",
        "lines": [{"category": "tent-2p", "condition": "good", "quantity": tents}]})
}

fn transfer(tents: i64) -> Value {
    json!({"from": "unit-east", "to": "oak",
        "lines": [{"category": "tent-2p", "condition": "good", "quantity": tents}]})
}

/// Keeps every other writer out until dropped (committed): on SQLite the file's write
/// lock, on PostgreSQL the lock of unit-east's stock rows.
struct Hold(Option<haul::db::Conn>);

impl Hold {
    fn take(app: &TestApp) -> Hold {
        let mut conn = app.db.conn().expect("a connection");
        let sql = match app.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => {
                "BEGIN; SELECT quantity FROM stock WHERE location_id = \
                 (SELECT id FROM locations WHERE slug = 'unit-east') FOR UPDATE"
            }
        };
        conn.batch_execute(sql).expect("hold the lock");
        Hold(Some(conn))
    }

    fn release(mut self) {
        if let Some(mut c) = self.0.take() {
            c.batch_execute("COMMIT").expect("release the lock");
        }
    }
}

async fn post_keyed(
    client: &reqwest::Client,
    url: &str,
    body: &Value,
    key: Option<String>,
) -> (StatusCode, bool, Value) {
    let mut rb = client.post(url).json(body);
    if let Some(k) = key {
        rb = rb.header("Idempotency-Key", k);
    }
    let resp = rb.send().await.expect("POST");
    let status = resp.status();
    let replayed = resp.headers().contains_key("Idempotent-Replayed");
    (status, replayed, resp.json().await.unwrap_or(Value::Null))
}

/// Changes queued while the writer waits are committed together; the one that asks for
/// more than there is gets its 409 and the others are all kept.
async fn a_refused_change_in_a_group_commit_leaves_the_others(app: TestApp) {
    app.receive("unit-east", "tent-2p", "good", 10).await;
    let hold = Hold::take(&app);
    let intakes_url = app.url("/api/v1/intakes");
    let transfers_url = app.url("/api/v1/transfers");
    let mut tasks = Vec::new();
    for i in 0..9 {
        let (client, url) = (app.client.clone(), intakes_url.clone());
        tasks.push(tokio::spawn(async move {
            post_keyed(
                &client,
                &url,
                &intake("unit-east", 1),
                Some(format!("in-{i}")),
            )
            .await
        }));
        if i == 0 {
            // The first waits for the lock alone; the rest queue behind it.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    let (client, url) = (app.client.clone(), transfers_url.clone());
    let too_many = tokio::spawn(async move {
        post_keyed(&client, &url, &transfer(1000), Some("too-many".into())).await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    hold.release();
    for t in tasks {
        let (s, _, body) = t.await.expect("task");
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, _, body) = too_many.await.expect("task");
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "insufficient_stock", "{body}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 19);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 0);
    if let Some((_, _, largest)) = app.db.group_commits() {
        assert!(
            largest >= 9,
            "the queued changes were not committed together: {largest}"
        );
    }
    app.assert_ledger_consistent();
}

/// The same Idempotency-Key sent again while the first request is still in its
/// transaction: the second waits, then answers the first's response, and the change
/// is made once.
async fn a_duplicate_arriving_while_the_first_is_pending_replays_it(app: TestApp) {
    app.receive("unit-east", "tent-2p", "good", 5).await;
    let hold = Hold::take(&app);
    let url = app.url("/api/v1/intakes");
    let send = |client: reqwest::Client, url: String| {
        tokio::spawn(async move {
            post_keyed(&client, &url, &intake("unit-east", 3), Some("twice".into())).await
        })
    };
    let first = send(app.client.clone(), url.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = send(app.client.clone(), url.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    hold.release();
    let (s1, replayed1, body1) = first.await.expect("task");
    let (s2, replayed2, body2) = second.await.expect("task");
    assert_eq!(s1, StatusCode::CREATED, "{body1}");
    assert_eq!(s2, StatusCode::CREATED, "{body2}");
    assert!(!replayed1 && replayed2, "{replayed1} {replayed2}");
    assert_eq!(body1["id"], body2["id"]);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 8);
    app.assert_ledger_consistent();
}

/// Eight clients writing (intakes, and transfers of what came in) until `stop`.
fn write_load(
    app: &TestApp,
    clients: usize,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<usize>> {
    (0..clients)
        .map(|n| {
            let client = app.client.clone();
            let (intakes, transfers) = (app.url("/api/v1/intakes"), app.url("/api/v1/transfers"));
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut done = 0;
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let key = Some(format!("load-{n}-{i}"));
                    let (s, _, b) =
                        post_keyed(&client, &intakes, &intake("unit-east", 2), key).await;
                    assert_eq!(s, StatusCode::CREATED, "{b}");
                    let key = Some(format!("move-{n}-{i}"));
                    let (s, _, b) = post_keyed(&client, &transfers, &transfer(1), key).await;
                    assert_eq!(s, StatusCode::CREATED, "{b}");
                    done += 2;
                }
                done
            })
        })
        .collect()
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The database the app runs on, as `DATABASE_URL` for the `haul` command.
fn database_url(app: &TestApp) -> String {
    let mut conn = app.db.conn().expect("a connection");
    match &mut *conn {
        haul::db::DbConn::Sqlite(c) => {
            let rows: Vec<Name> = diesel::sql_query(
                "SELECT file AS name FROM pragma_database_list WHERE name = 'main'",
            )
            .load(c)
            .expect("the file");
            format!("sqlite://{}", rows[0].name)
        }
        haul::db::DbConn::Pg(c) => {
            let rows: Vec<Name> = diesel::sql_query("SELECT current_database()::text AS name")
                .load(c)
                .expect("the database");
            let admin = std::env::var("HAUL_TEST_PG_URL")
                .unwrap_or_else(|_| common::PG_ADMIN_URL_DEFAULT.to_string());
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin);
            format!("{base}/{}", rows[0].name)
        }
    }
}

async fn haul_command(url: &str, args: &[&str]) -> (bool, String) {
    let (url, args): (String, Vec<String>) = (
        url.to_string(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
            .args(&args)
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "warn")
            .env_remove("HAUL_DB_KEY")
            .env_remove("HAUL_DB_KEY_FILE")
            .output()
            .expect("run haul");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    })
    .await
    .expect("haul command")
}

/// `haul check` reads the ledger and the projection in one snapshot: on a live server
/// under write load it finds no difference that is not there.
async fn haul_check_under_write_load_finds_no_false_difference(app: TestApp) {
    let url = database_url(&app);
    let stop = Arc::new(AtomicBool::new(false));
    let load = write_load(&app, 8, &stop);
    let clean = AtomicUsize::new(0);
    for _ in 0..10 {
        let (ok, out) = haul_command(&url, &["check"]).await;
        assert!(ok && out.contains("Stock matches the ledger."), "{out}");
        clean.fetch_add(1, Ordering::Relaxed);
    }
    stop.store(true, Ordering::Relaxed);
    let mut writes = 0;
    for t in load {
        writes += t.await.expect("writer");
    }
    assert_eq!(clean.load(Ordering::Relaxed), 10);
    assert!(writes > 0, "the writers wrote nothing");
    app.assert_ledger_consistent();
}

/// `haul import intakes` from another process while the server writes: each import
/// waits for its turn and succeeds (none fails with "database is locked").
async fn haul_import_while_serving_waits_its_turn(app: TestApp) {
    let url = database_url(&app);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("intakes.csv");
    std::fs::write(
        &file,
        "source,warehouse,received_on,category,condition,quantity,note\n\
         womad-2026,unit-south,2026-07-28,bike,good,2,\n\
         womad-2026,unit-south,2026-07-28,tent-4p,usable,3,\n",
    )
    .expect("write the file");
    let stop = Arc::new(AtomicBool::new(false));
    let load = write_load(&app, 8, &stop);
    let path = file.display().to_string();
    for _ in 0..10 {
        let (ok, out) = haul_command(&url, &["import", "intakes", &path]).await;
        assert!(ok && out.contains("Imported 1 intakes"), "{out}");
    }
    stop.store(true, Ordering::Relaxed);
    for t in load {
        t.await.expect("writer");
    }
    assert_eq!(app.stock_of("unit-south", "bike", "good").await, 20);
    assert_eq!(app.stock_of("unit-south", "tent-4p", "usable").await, 30);
    app.assert_ledger_consistent();
}

/// Two servers on one database (as two processes would be, each with its own
/// connections and writer) count one volunteer's failed logins together.
async fn the_login_throttle_counts_across_servers(app: TestApp) {
    app.add_user_and_login("mo", haul::auth::Role::Crew).await;
    let url = haul::db::DatabaseUrl::parse(&database_url(&app)).expect("url");
    let other_db = haul::db::Db::connect(&url, 4).expect("a second pool");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let other = format!("http://{}", listener.local_addr().expect("addr"));
    let state = haul::state::AppState::new(
        other_db,
        haul::auth::token::Keys::from_secret(common::TEST_SECRET),
    );
    tokio::spawn(haul::server(listener, state).expect("second server"));
    let login = |base: String, password: &'static str| {
        let client = app.plain.clone();
        async move {
            client
                .post(format!("{base}/api/v1/auth/token"))
                .json(&json!({"handle": "mo", "password": password}))
                .send()
                .await
                .expect("POST login")
                .status()
        }
    };
    for i in 0..haul::auth::throttle::MAX_FAILURES_PER_PAIR {
        let base = if i % 2 == 0 {
            app.address.clone()
        } else {
            other.clone()
        };
        assert_eq!(
            login(base, "wrong password here").await,
            StatusCode::UNAUTHORIZED
        );
    }
    for base in [app.address.clone(), other.clone()] {
        assert_eq!(
            login(base, common::TEST_PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "the failures on the other server were not counted"
        );
    }
}

/// The catalogue and places cache is told of every change by triggers; a migration that
/// rebuilt `locations` once dropped them, and a place added after the first write was
/// then "unknown" until restart.
async fn a_place_or_category_added_after_a_write_is_known_at_once(app: TestApp) {
    let (s, b) = app.post("/api/v1/intakes", &intake("unit-east", 2)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "unit-north", "name": "Unit North", "kind": "warehouse"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app.post("/api/v1/intakes", &intake("unit-north", 3)).await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "the new warehouse was not known: {b}"
    );
    let (s, b) = app
        .post(
            "/api/v1/categories",
            &json!({"slug": "kettle", "name": "Kettle", "unit_volume_l": 3, "unit_weight_kg": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let kettles = json!({"source": "glastonbury-2026", "warehouse": "unit-north",
        "received_on": "2026-06-29",
        "lines": [{"category": "kettle", "condition": "good", "quantity": 4}]});
    let (s, b) = app.post("/api/v1/intakes", &kettles).await;
    assert_eq!(
        s,
        StatusCode::CREATED,
        "the new category was not known: {b}"
    );
    assert_eq!(app.stock_of("unit-north", "kettle", "good").await, 4);
}

on_both_backends!(
    a_place_or_category_added_after_a_write_is_known_at_once,
    the_login_throttle_counts_across_servers,
    a_refused_change_in_a_group_commit_leaves_the_others,
    a_duplicate_arriving_while_the_first_is_pending_replays_it,
    haul_check_under_write_load_finds_no_false_difference,
    haul_import_while_serving_waits_its_turn,
);
