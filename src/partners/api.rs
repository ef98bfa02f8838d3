//! JSON handlers for partners and handovers: parse → one transaction → respond.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;

use super::model::{
    self, AnswerRequest, DispatchRequest, KeyView, LostRequest, MappingRequest, NewPartnerRequest,
    OfferRequest, PartnerView, ReceiveRequest, TransferView,
};
use super::states::Step;
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

#[utoipa::path(get, path = "/api/v1/partner-transfers/{transfer}/files/{kind}", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), ("kind" = String, Path, description = "offer, answer, dispatch (dispatch-2, … for a further note) or receipt")), responses((status = 200, description = "the signed file, as text", content_type = "text/plain", body = String)))]
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

/// One handover step's request: who asks, for which handover, with what body, and the
/// `Idempotency-Key` a step that moves stock is taken once by.
pub struct StepCall<R> {
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    transfer: String,
    body: JsonBody<R>,
}

type Parts<R> = (
    web::Data<AppState>,
    Actor,
    IdempotencyKey,
    web::Path<String>,
    JsonBody<R>,
);

impl<R: DeserializeOwned + 'static> FromRequest for StepCall<R> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let parts = Parts::<R>::from_request(req, payload);
        Box::pin(async move {
            let (state, actor, key, path, body) = parts.await?;
            Ok(StepCall {
                state,
                actor,
                key,
                transfer: path.into_inner(),
                body,
            })
        })
    }
}

type StepFn<R> = fn(
    &mut crate::db::DbConn,
    &str,
    &R,
    &str,
    chrono::NaiveDateTime,
) -> AppResult<model::StepResult>;

impl<R: Send + 'static> StepCall<R> {
    /// A step that moves stock: taken once per `Idempotency-Key`. The request hash
    /// covers the path, so one key cannot move two handovers.
    async fn once(self, step: StepFn<R>) -> AppResult<HttpResponse> {
        let now = self.state.clock.now();
        let handle = self.actor.handle.clone();
        let hash = self.body.request_hash.clone();
        let (req, transfer) = (self.body.into_inner(), self.transfer);
        idempotency::once(&self.state, &self.actor, self.key, hash, move |c| {
            step(c, &transfer, &req, &handle, now)
        })
        .await
    }

    /// A step that moves no stock (or, for a loss, only what is already gone): one
    /// transaction, and the state machine refuses it a second time.
    async fn plain(self, step: StepFn<R>) -> AppResult<HttpResponse> {
        let now = self.state.clock.now();
        let (req, transfer, handle) = (self.body.into_inner(), self.transfer, self.actor.handle);
        let done = self
            .state
            .db
            .write(move |c| step(c, &transfer, &req, &handle, now))
            .await?;
        Ok(HttpResponse::Ok().json(done))
    }
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/answer", tag = "partners", params(("transfer" = String, Path, description = "the handover's id")), request_body = AnswerRequest, responses((status = 200, description = "the handover and the signed answer", body = model::StepResult)))]
pub async fn answer(call: StepCall<AnswerRequest>) -> AppResult<HttpResponse> {
    call.plain(model::answer).await
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
pub async fn dispatch(call: StepCall<DispatchRequest>) -> AppResult<HttpResponse> {
    call.once(|c, t, r, who, now| model::dispatch(c, t, r, Step::Dispatch, who, now))
        .await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/extra", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), crate::openapi::IdempotencyHeader), request_body = DispatchRequest, responses((status = 201, description = "the handover and a further signed dispatch note (accepted goods not on the notes before)", body = model::StepResult)))]
pub async fn extra(call: StepCall<DispatchRequest>) -> AppResult<HttpResponse> {
    call.once(|c, t, r, who, now| model::dispatch(c, t, r, Step::Extra, who, now))
        .await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/receive", tag = "partners", params(("transfer" = String, Path, description = "the handover's id"), crate::openapi::IdempotencyHeader), request_body = ReceiveRequest, responses((status = 201, description = "the handover and the signed receipt note", body = model::StepResult)))]
pub async fn receive(call: StepCall<ReceiveRequest>) -> AppResult<HttpResponse> {
    call.once(model::receive).await
}

#[utoipa::path(post, path = "/api/v1/partner-transfers/{transfer}/lost", tag = "partners", params(("transfer" = String, Path, description = "the handover's id")), request_body = LostRequest, responses((status = 200, description = "the handover, declared lost", body = model::StepResult)))]
pub async fn lost(call: StepCall<LostRequest>) -> AppResult<HttpResponse> {
    call.plain(model::declare_lost).await
}
