//! JSON handlers for partners and handovers: parse → one transaction → respond.

use actix_web::{web, HttpResponse};

use super::model::{
    self, AnswerRequest, DispatchRequest, KeyView, LostRequest, MappingRequest, NewPartnerRequest,
    OfferRequest, PartnerView, ReceiveRequest, TransferView,
};
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;
use crate::web::json::JsonBody;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PartnerList {
    pub partners: Vec<PartnerView>,
}

/// A partner's category and ours, as remembered.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MappingView {
    pub their_category: String,
    pub category: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TransferList {
    pub transfers: Vec<TransferView>,
}

#[utoipa::path(get, path = "/api/v1/partners/key", tag = "partners", responses((status = 200, description = "our collective's public key and its fingerprint", body = KeyView)))]
pub async fn our_key(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let public = state.db.write(move |c| model::our_key(c, now)).await?;
    Ok(HttpResponse::Ok().json(KeyView::of(&public)))
}

#[utoipa::path(get, path = "/api/v1/partners", tag = "partners", responses((status = 200, description = "every partner we know", body = PartnerList)))]
pub async fn list_partners(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.db.read(model::list_partners).await?;
    Ok(HttpResponse::Ok().json(PartnerList { partners: rows }))
}

#[utoipa::path(post, path = "/api/v1/partners", tag = "partners", request_body = NewPartnerRequest, responses((status = 201, description = "the new partner", body = model::PartnerView)))]
pub async fn add_partner(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<NewPartnerRequest>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let req = body.into_inner();
    let made = state
        .db
        .write(move |c| model::add_partner(c, &req, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

#[utoipa::path(put, path = "/api/v1/partners/{code}/categories", tag = "partners", params(("code" = String, Path, description = "the partner's code name")), request_body = MappingRequest, responses((status = 200, description = "the mapping, remembered", body = MappingView)))]
pub async fn map_category(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<MappingRequest>,
) -> AppResult<HttpResponse> {
    let code = path.into_inner();
    let req = body.into_inner();
    let shown = MappingView {
        their_category: req.their_category.as_str().to_owned(),
        category: req.category.as_str().to_owned(),
    };
    state
        .db
        .write(move |c| model::map_category(c, &code, &req))
        .await?;
    Ok(HttpResponse::Ok().json(shown))
}

#[utoipa::path(get, path = "/api/v1/partner-transfers", tag = "partners", responses((status = 200, description = "every handover, the newest first", body = TransferList)))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let today = state.clock.today();
    let rows = state.db.read(move |c| model::list(c, today)).await?;
    Ok(HttpResponse::Ok().json(TransferList { transfers: rows }))
}

#[utoipa::path(get, path = "/api/v1/partner-transfers/{transfer}", tag = "partners", params(("transfer" = String, Path, description = "the handover's id (32 hex digits)")), responses((status = 200, description = "the handover", body = model::TransferView)))]
pub async fn show(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<HttpResponse> {
    let today = state.clock.today();
    let id = path.into_inner();
    let view = state
        .db
        .read(move |c| {
            let t = model::find(c, &id)?;
            model::view(c, &t, today)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[utoipa::path(get, path = "/api/v1/partner-transfers/{transfer}/files/{kind}", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), ("kind" = String, Path, description = "offer, answer, dispatch or receipt")), responses((status = 200, description = "the signed file, as text", content_type = "text/plain", body = String)))]
pub async fn file(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (id, kind) = path.into_inner();
    let name = format!(
        "haul-{}-{}.txt",
        kind,
        id.chars().take(8).collect::<String>()
    );
    let text = state
        .db
        .read(move |c| model::file_text(c, &id, &kind))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(text))
}

#[utoipa::path(post, path = "/api/v1/partner-transfers", tag = "partners", params(crate::openapi::IdempotencyHeader), request_body = OfferRequest, responses((status = 201, description = "the offer and its signed file", body = model::StepResult)))]
pub async fn offer(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: JsonBody<OfferRequest>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let hash = body.request_hash.clone();
    let req = body.into_inner();
    idempotency::once(&state, &actor, key, hash, move |c| {
        model::offer(c, &req, &handle, now)
    })
    .await
}

/// The largest file an import takes (the file format's own limit).
fn file_text(body: web::Bytes) -> AppResult<String> {
    if body.len() > super::file::MAX_FILE_BYTES {
        return Err(AppError::TooLarge(format!(
            "a partner file is at most {} bytes",
            super::file::MAX_FILE_BYTES
        )));
    }
    String::from_utf8(body.to_vec())
        .map_err(|_| AppError::BadRequest("a partner file is UTF-8 text".into()))
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/import", tag = "partners", request_body(content = String, content_type = "text/plain", description = "a signed file from a partner, as it came"), responses((status = 200, description = "what the file did (replayed: true when it was imported before)", body = model::Imported)))]
pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let text = file_text(body)?;
    let now = state.clock.now();
    let done = state
        .db
        .write(move |c| model::import(c, &text, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/answer", tag = "partners", params(("transfer" = String, Path, description = "the handover's id")), request_body = AnswerRequest, responses((status = 200, description = "the handover and the signed answer", body = model::StepResult)))]
pub async fn answer(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: JsonBody<AnswerRequest>,
) -> AppResult<HttpResponse> {
    plain_step(
        state,
        actor,
        path.into_inner(),
        body.into_inner(),
        model::answer,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/withdraw", tag = "partners", params(("transfer" = String, Path, description = "the handover's id")), responses((status = 200, description = "the handover, withdrawn", body = model::StepResult)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let id = path.into_inner();
    let done = state
        .db
        .write(move |c| model::withdraw(c, &id, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/dispatch", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), crate::openapi::IdempotencyHeader), request_body = DispatchRequest, responses((status = 201, description = "the handover and the signed dispatch note", body = model::StepResult)))]
pub async fn dispatch(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    path: web::Path<String>,
    body: JsonBody<DispatchRequest>,
) -> AppResult<HttpResponse> {
    stock_step(state, actor, key, path.into_inner(), body, model::dispatch).await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/receive", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), crate::openapi::IdempotencyHeader), request_body = ReceiveRequest, responses((status = 201, description = "the handover and the signed receipt note", body = model::StepResult)))]
pub async fn receive(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    path: web::Path<String>,
    body: JsonBody<ReceiveRequest>,
) -> AppResult<HttpResponse> {
    stock_step(state, actor, key, path.into_inner(), body, model::receive).await
}

type Step<R> = fn(
    &mut crate::db::DbConn,
    &str,
    &R,
    &str,
    chrono::NaiveDateTime,
) -> AppResult<model::StepResult>;

/// A step that moves stock: taken once per `Idempotency-Key`.
async fn stock_step<R: Send + 'static>(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    transfer: String,
    body: JsonBody<R>,
    step: Step<R>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let handle = actor.handle.clone();
    // The request hash covers the path, so one key cannot move two handovers.
    let hash = body.request_hash.clone();
    let req = body.into_inner();
    idempotency::once(&state, &actor, key, hash, move |c| {
        step(c, &transfer, &req, &handle, now)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/lost", tag = "partners", params(("transfer" = String, Path, description = "the handover's id")), request_body = LostRequest, responses((status = 200, description = "the handover, declared lost", body = model::StepResult)))]
pub async fn lost(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: JsonBody<LostRequest>,
) -> AppResult<HttpResponse> {
    plain_step(
        state,
        actor,
        path.into_inner(),
        body.into_inner(),
        model::declare_lost,
    )
    .await
}

/// A step that moves no stock (or, for a loss, only what is already gone): one
/// transaction, and the state machine refuses it a second time.
async fn plain_step<R: Send + 'static>(
    state: web::Data<AppState>,
    actor: Actor,
    transfer: String,
    req: R,
    step: Step<R>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let done = state
        .db
        .write(move |c| step(c, &transfer, &req, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}
