//! `GET /healthz`: the process is up and the database answers. `GET /readyz`: it
//! is ready for traffic (the database answers and its migrations are current).

use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::state::AppState;

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let backend = format!("{:?}", state.db.backend()).to_lowercase();
    match state.db.read(|c| Ok(c.batch_execute("SELECT 1")?)).await {
        Ok(()) => HttpResponse::Ok().json(json!({"status": "ok", "database": "reachable", "backend": backend})),
        Err(e) => HttpResponse::ServiceUnavailable().json(json!({
            "status": "unavailable", "database": "unreachable", "backend": backend, "error": e.to_string()
        })),
    }
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.clone();
    let pending = web::block(move || db.pending_migrations()).await;
    match pending {
        Ok(Ok(0)) => HttpResponse::Ok().json(json!({"status": "ready", "migrations": "current"})),
        Ok(Ok(n)) => HttpResponse::ServiceUnavailable().json(json!({
            "status": "not ready", "migrations": format!("{n} pending: run haul migrate")
        })),
        Ok(Err(e)) => HttpResponse::ServiceUnavailable().json(
            json!({"status": "not ready", "database": "unreachable", "error": e.to_string()}),
        ),
        Err(e) => HttpResponse::ServiceUnavailable()
            .json(json!({"status": "not ready", "error": e.to_string()})),
    }
}
