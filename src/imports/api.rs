//! `POST /api/v1/import/intakes` (a `text/csv` body of at most `IMPORT_LIMIT`).

use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::imports::IMPORT_LIMIT;
use crate::state::AppState;

fn too_large() -> AppError {
    AppError::TooLarge(format!(
        "the file is larger than {} MiB; split it and import the parts",
        IMPORT_LIMIT / (1024 * 1024)
    ))
}

/// Reads the whole body, refusing it (413) as soon as it passes `limit`.
pub async fn read_limited(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> AppResult<Vec<u8>> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("could not read the body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// CSV comes as text/csv (or plain text); JSON or a form here is a mistake worth naming.
fn check_content_type(req: &HttpRequest) -> AppResult<()> {
    let Some(ct) = req.headers().get(actix_web::http::header::CONTENT_TYPE) else {
        return Ok(());
    };
    let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
    let mime = ct.split(';').next().unwrap_or("").trim();
    if [
        "text/csv",
        "text/plain",
        "application/csv",
        "application/octet-stream",
        "",
    ]
    .contains(&mime)
    {
        Ok(())
    } else {
        Err(AppError::BadRequest(format!(
            "send the file as Content-Type: text/csv, not {mime}"
        )))
    }
}

#[utoipa::path(post, path = "/api/v1/import/intakes", tag = "import", params(crate::openapi::IdempotencyHeader), request_body(content = String, content_type = "text/csv", description = "CSV with a header row"), responses((status = 201, description = "what the CSV added", body = crate::imports::ImportReport)))]
pub async fn intakes(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    check_content_type(&req)?;
    let body = read_limited(&req, payload, IMPORT_LIMIT).await?;
    let hash = crate::web::json::request_hash(&req, &body);
    let now = state.clock.now();
    let handle = actor.handle.clone();
    idempotency::once(&state, &actor, key, hash, move |c| {
        crate::imports::intakes(c, &body, &handle, now)
    })
    .await
}
