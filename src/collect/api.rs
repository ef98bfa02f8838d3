//! `GET /api/v1/collect-list?warehouse=&date=`: what crews should bring in, ranked.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::collect::model;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectQuery {
    pub warehouse: Option<String>,
    /// Defaults to today: seasons make the value of a category depend on the date.
    pub date: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/collect-list", tag = "collect-list", params(CollectQuery), responses((status = 200, description = "the ranked collect list with reasons", body = model::CollectList)))]
pub async fn collect_list(
    state: web::Data<AppState>,
    query: web::Query<CollectQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let warehouse = q
        .warehouse
        .filter(|w| !w.trim().is_empty())
        .ok_or_else(|| {
            AppError::invalid(
                "warehouse",
                "warehouse is required: the slug of the warehouse crews bring goods to",
            )
        })?;
    let date = q.date.unwrap_or_else(|| state.clock.today());
    model::check_date(date, state.clock.today())?;
    let list = state
        .db
        .read(move |c| model::build(c, &warehouse, date))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
