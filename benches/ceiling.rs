//! The ceiling of Haul's own stack for an intake (docs/benchmarks.md): actix-web and
//! diesel on SQLite doing an intake's minimum and nothing else — parse the same JSON,
//! then one transaction: insert the intake, its ledger line, upsert the stock row
//! (prepared statements, no auth, no idempotency, no validation beyond the types).
//!
//! `cargo bench --bench ceiling -- 127.0.0.1:8090 /tmp/ceiling.db` serves until killed;
//! `benches/wrk/run.sh` drives it with the same `wrk` script as the real server.

use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpResponse, HttpServer};
use diesel::prelude::*;

mod anchor;

use anchor::{record, Intake};

type Conn = Arc<Mutex<SqliteConnection>>;

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
    let c = anchor::open(&path).map_err(std::io::Error::other)?;
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
