//! JSON handlers for intakes.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::intake::model::{self, IntakeRequest};
use crate::intake::store::{self, IntakeFilter};
use crate::ledger::api::location_id;
use crate::state::AppState;

crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/intakes", tag = "intakes", params(crate::openapi::IdempotencyHeader), request_body = IntakeRequest, responses((status = 201, description = "the intake with its lines (a replay answers the first response)", body = crate::intake::model::IntakeView)))]
    create,
    IntakeRequest,
    model::record
);

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub warehouse: Option<String>,
    pub source: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct IntakeList {
    pub intakes: Vec<model::IntakeView>,
}

#[utoipa::path(get, path = "/api/v1/intakes", tag = "intakes", params(ListQuery), responses((status = 200, description = "the newest intakes first", body = IntakeList)))]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "limit must be between 1 and 1000",
        ));
    }
    let intakes = state
        .db
        .read(move |c| {
            let filter = IntakeFilter {
                warehouse_id: q
                    .warehouse
                    .as_deref()
                    .map(|s| location_id(c, s))
                    .transpose()?,
                source: q.source,
                from: q.from,
                to: q.to,
                limit,
            };
            Ok(store::list(c, &filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(IntakeList { intakes }))
}
