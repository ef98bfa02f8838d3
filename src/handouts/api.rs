//! JSON handlers for hand-outs and the unmet-request evidence.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::Actor;
use crate::error::{AppError, AppResult, FieldError};
use crate::handouts::model::{self, HandoutRequest};
use crate::handouts::store::{self, HandoutFilter, UnmetFilter};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::api::location_id;
use crate::state::AppState;
use crate::web::json::JsonBody;

#[utoipa::path(post, path = "/api/v1/handouts", tag = "handouts", params(crate::openapi::IdempotencyHeader), request_body = HandoutRequest, responses((status = 201, description = "the hand-out", body = model::HandoutView)))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: Result<JsonBody<HandoutRequest>, AppError>,
) -> AppResult<HttpResponse> {
    let body = body.map_err(explain_unknown_fields)?;
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let req = body.value;
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        model::record(c, &req, &handle, now)
    })
    .await
}

/// An unknown field in a hand-out is most likely someone trying to record a person:
/// say why it is refused, not only that it is.
fn explain_unknown_fields(e: AppError) -> AppError {
    match e {
        AppError::Invalid { details, .. }
            if details.iter().any(|d| d.message.contains("unknown field")) =>
        {
            let details: Vec<FieldError> = details
                .into_iter()
                .map(|d| {
                    if d.message.contains("unknown field") {
                        FieldError::new(
                            d.field.clone(),
                            format!(
                                "{} is not a field of a hand-out: Haul records only counts per site and day, \
                                 never anything about the people served (no names, ages, nationalities or phone numbers)",
                                d.field
                            ),
                        )
                    } else {
                        d
                    }
                })
                .collect();
            AppError::invalid_fields(details)
        }
        other => other,
    }
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub site: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

fn check_period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<()> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AppError::invalid("from", "from must not be after to")),
        _ => Ok(()),
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct HandoutList {
    pub handouts: Vec<model::HandoutView>,
    /// The `before` of the next page; null on the last page.
    pub next_before: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/handouts", tag = "handouts", params(ListQuery), responses((status = 200, description = "hand-outs, newest first", body = HandoutList)))]
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
    check_period(q.from, q.to)?;
    let rows = state
        .db
        .read(move |c| {
            let filter = HandoutFilter {
                site_id: q.site.as_deref().map(|s| location_id(c, s)).transpose()?,
                from: q.from,
                to: q.to,
                before_id: q.before,
                limit,
                as_corrected: false,
            };
            Ok(store::list(c, &filter)?)
        })
        .await?;
    let next = if rows.len() as i64 == limit {
        rows.last().map(|h| h.id)
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(HandoutList {
        handouts: rows,
        next_before: next,
    }))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnmetQuery {
    pub site: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// `GET /handouts/unmet?site=&from=&to=`: per site and category, what was asked for
/// but not available.
/// Unmet requests in a period, as evidence for needs.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UnmetList {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub unmet: Vec<model::UnmetEvidence>,
}

#[utoipa::path(get, path = "/api/v1/handouts/unmet", tag = "handouts", params(UnmetQuery), responses((status = 200, description = "unmet requests per site and category", body = UnmetList)))]
pub async fn unmet(
    state: web::Data<AppState>,
    query: web::Query<UnmetQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    check_period(q.from, q.to)?;
    let (from, to) = (q.from, q.to);
    let rows = state
        .db
        .read(move |c| {
            let filter = UnmetFilter {
                site_id: q.site.as_deref().map(|s| location_id(c, s)).transpose()?,
                from: q.from,
                to: q.to,
            };
            Ok(store::unmet_evidence(c, &filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UnmetList {
        from,
        to,
        unmet: rows,
    }))
}
