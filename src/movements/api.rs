//! JSON handlers for movements: parse, record once, respond.

use actix_web::{web, HttpResponse};

use crate::auth::Actor;
use crate::error::AppResult;
use crate::idempotency::{self, IdempotencyKey};
use crate::movements::model::{
    self, RegradeRequest, StocktakeRequest, TransferRequest, WriteoffRequest,
};
use crate::state::AppState;
use crate::web::json::JsonBody;

macro_rules! movement_handler {
    ($name:ident, $req:ty, $record:path) => {
        pub async fn $name(
            state: web::Data<AppState>,
            actor: Actor,
            key: IdempotencyKey,
            body: JsonBody<$req>,
        ) -> AppResult<HttpResponse> {
            let now = state.clock.now();
            let handle = actor.handle.clone();
            let req = body.value;
            idempotency::once(&state, &actor, key, body.request_hash, move |c| {
                $record(c, &req, &handle, now)
            })
            .await
        }
    };
}

movement_handler!(transfer, TransferRequest, model::transfer);
movement_handler!(regrade, RegradeRequest, model::regrade);
movement_handler!(stocktake, StocktakeRequest, model::stocktake);
movement_handler!(writeoff, WriteoffRequest, model::writeoff);
