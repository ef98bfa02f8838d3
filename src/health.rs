//! `GET /healthz`: the process is up and the database answers.

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
