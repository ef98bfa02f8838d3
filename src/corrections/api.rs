//! `POST /api/v1/corrections`: parse, record once per `Idempotency-Key`, answer 201.

use actix_web::{web, HttpResponse};

use crate::auth::Actor;
use crate::corrections::model::{self, CorrectionRequest};
use crate::error::AppResult;
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;
use crate::web::json::JsonBody;

#[utoipa::path(post, path = "/api/v1/corrections", tag = "corrections", params(crate::openapi::IdempotencyHeader), request_body = CorrectionRequest, responses((status = 201, description = "the correction with its ledger entries (a replay answers the first response)", body = crate::corrections::model::CorrectionView)))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: JsonBody<CorrectionRequest>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let who = actor.clone();
    let req = body.value;
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        model::record(c, &req, &who, now)
    })
    .await
}
