//! The ceiling of Haul's own stack for an intake (docs/benchmarks.md): actix-web and
//! diesel on SQLite doing an intake's minimum and nothing else — parse the same JSON,
//! then one transaction: insert the intake, its ledger line, upsert the stock row
//! (prepared statements, no auth, no idempotency, no validation beyond the types).
//!
//! `cargo bench --bench ceiling -- 127.0.0.1:8090 /tmp/ceiling.db` serves until killed;
//! `benches/wrk/run.sh` drives it with the same `wrk` script as the real server.

use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpResponse, HttpServer};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Deserialize;

diesel::table! {
    intakes (id) {
        id -> BigInt,
        source -> Text,
        warehouse -> Text,
        received_on -> Text,
    }
}
diesel::table! {
    ledger (id) {
        id -> BigInt,
        intake_id -> BigInt,
        category -> Text,
        condition -> Text,
        quantity -> BigInt,
    }
}
diesel::table! {
    stock (warehouse, category, condition) {
        warehouse -> Text,
        category -> Text,
        condition -> Text,
        quantity -> BigInt,
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Line {
    category: String,
    condition: String,
    quantity: i64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Intake {
    source: String,
    warehouse: String,
    received_on: String,
    lines: Vec<Line>,
    note: Option<String>,
}

type Conn = Arc<Mutex<SqliteConnection>>;

fn record(c: &mut SqliteConnection, req: &Intake) -> QueryResult<i64> {
    c.immediate_transaction(|c| {
        let id: i64 = diesel::insert_into(intakes::table)
            .values((
                intakes::source.eq(&req.source),
                intakes::warehouse.eq(&req.warehouse),
                intakes::received_on.eq(&req.received_on),
            ))
            .returning(intakes::id)
            .get_result(c)?;
        for l in &req.lines {
            diesel::insert_into(ledger::table)
                .values((
                    ledger::intake_id.eq(id),
                    ledger::category.eq(&l.category),
                    ledger::condition.eq(&l.condition),
                    ledger::quantity.eq(l.quantity),
                ))
                .execute(c)?;
            diesel::insert_into(stock::table)
                .values((
                    stock::warehouse.eq(&req.warehouse),
                    stock::category.eq(&l.category),
                    stock::condition.eq(&l.condition),
                    stock::quantity.eq(l.quantity),
                ))
                .on_conflict((stock::warehouse, stock::category, stock::condition))
                .do_update()
                .set(stock::quantity.eq(stock::quantity + l.quantity))
                .execute(c)?;
        }
        Ok(id)
    })
}

async fn intake(conn: web::Data<Conn>, body: web::Json<Intake>) -> HttpResponse {
    let mut c = conn.lock().unwrap_or_else(|e| e.into_inner());
    match record(&mut c, &body) {
        Ok(id) => HttpResponse::Created().json(serde_json::json!({ "id": id })),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let bind = args
        .first()
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:8090".into());
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/tmp/haul-ceiling.db".into());
    let mut c = SqliteConnection::establish(&path).map_err(std::io::Error::other)?;
    c.batch_execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
         CREATE TABLE IF NOT EXISTS intakes (id INTEGER PRIMARY KEY, source TEXT NOT NULL,
             warehouse TEXT NOT NULL, received_on TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, intake_id BIGINT NOT NULL,
             category TEXT NOT NULL, condition TEXT NOT NULL, quantity BIGINT NOT NULL);
         CREATE TABLE IF NOT EXISTS stock (warehouse TEXT NOT NULL, category TEXT NOT NULL,
             condition TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity >= 0),
             PRIMARY KEY (warehouse, category, condition));",
    )
    .map_err(std::io::Error::other)?;
    let conn: Conn = Arc::new(Mutex::new(c));
    println!("ceiling server on {bind}, {path}");
    actix_web::rt::System::new().block_on(
        HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(conn.clone()))
                .route("/api/v1/intakes", web::post().to(intake))
        })
        .bind(bind)?
        .run(),
    )
}
