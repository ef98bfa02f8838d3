//! JSON handlers for movements: parse, record once, respond.

use crate::movements::model::{
    self, RegradeRequest, StocktakeRequest, TransferRequest, WriteoffRequest,
};

crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/transfers", tag = "transfers", params(crate::openapi::IdempotencyHeader), request_body = crate::movements::model::TransferRequest, responses((status = 201, description = "the movement", body = crate::movements::model::MovementView)))]
    transfer,
    TransferRequest,
    model::transfer
);
crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/regrades", tag = "regrades", params(crate::openapi::IdempotencyHeader), request_body = crate::movements::model::RegradeRequest, responses((status = 201, description = "the movement", body = crate::movements::model::MovementView)))]
    regrade,
    RegradeRequest,
    model::regrade
);
crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/stocktakes", tag = "stocktakes", params(crate::openapi::IdempotencyHeader), request_body = crate::movements::model::StocktakeRequest, responses((status = 201, description = "the movement with the differences", body = crate::movements::model::MovementView)))]
    stocktake,
    StocktakeRequest,
    model::stocktake
);
crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/writeoffs", tag = "writeoffs", params(crate::openapi::IdempotencyHeader), request_body = crate::movements::model::WriteoffRequest, responses((status = 201, description = "the movement", body = crate::movements::model::MovementView)))]
    writeoff,
    WriteoffRequest,
    model::writeoff
);
