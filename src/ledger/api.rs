//! JSON handlers: the ledger (filterable, paginated) and the stock projection.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::catalog::Condition;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::ledger::model::Cause;
use crate::ledger::store::{self, EntryFilter, StockFilter};
use crate::locations::LocationKind;
use crate::state::AppState;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StockBody<'a> {
    #[schema(value_type = Vec<crate::ledger::model::StockRow>)]
    stock: &'a [crate::ledger::model::StockRow],
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct EntriesBody<'a> {
    #[schema(value_type = Vec<crate::ledger::model::EntryView>)]
    entries: &'a [crate::ledger::model::EntryView],
    /// The `before` of the next page; null on the last page.
    next_before: Option<i64>,
}

pub const DEFAULT_PAGE: i64 = 100;
pub const MAX_PAGE: i64 = 1000;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockQuery {
    pub location: Option<String>,
    pub category: Option<String>,
    pub condition: Option<Condition>,
    pub kind: Option<LocationKind>,
}

pub fn location_id(conn: &mut DbConn, slug: &str) -> AppResult<i64> {
    crate::locations::store::find(conn, slug)?
        .map(|l| l.id)
        .ok_or_else(|| AppError::NotFound(format!("no location '{slug}'")))
}

pub fn category_id(conn: &mut DbConn, slug: &str) -> AppResult<i64> {
    crate::catalog::store::by_slug(conn)?
        .get(slug)
        .map(|c| c.id)
        .ok_or_else(|| AppError::NotFound(format!("no category '{slug}'")))
}

#[utoipa::path(get, path = "/api/v1/stock", tag = "stock", params(StockQuery), responses((status = 200, description = "non-zero projection rows", body = StockBody)))]
pub async fn stock(
    state: web::Data<AppState>,
    query: web::Query<StockQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let rows = state
        .db
        .read(move |c| {
            let filter = StockFilter {
                location_id: q
                    .location
                    .as_deref()
                    .map(|s| location_id(c, s))
                    .transpose()?,
                category_id: q
                    .category
                    .as_deref()
                    .map(|s| category_id(c, s))
                    .transpose()?,
                condition: q.condition,
                kind: q.kind,
            };
            Ok(store::stock(c, &filter)?)
        })
        .await?;
    // A typed body: serde_json::Value would first build a tree of every row.
    Ok(HttpResponse::Ok().json(StockBody { stock: &rows }))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerQuery {
    pub location: Option<String>,
    pub category: Option<String>,
    pub condition: Option<Condition>,
    pub cause: Option<String>,
    pub cause_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/ledger", tag = "ledger", params(LedgerQuery), responses((status = 200, description = "ledger entries, newest first", body = EntriesBody)))]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<LedgerQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_PAGE}"),
        ));
    }
    let cause = match &q.cause {
        None => None,
        Some(cause) => Some(
            Cause::parse(cause)
                .ok_or_else(|| AppError::invalid("cause", format!("unknown cause '{cause}'")))?,
        ),
    };
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(AppError::invalid("from", "from must not be after to"));
        }
    }
    let entries = state
        .db
        .read(move |c| {
            let filter = EntryFilter {
                location_id: q
                    .location
                    .as_deref()
                    .map(|s| location_id(c, s))
                    .transpose()?,
                category_id: q
                    .category
                    .as_deref()
                    .map(|s| category_id(c, s))
                    .transpose()?,
                condition: q.condition,
                cause,
                cause_id: q.cause_id,
                from: q.from,
                to: q.to,
                before_id: q.before,
                limit,
            };
            Ok(store::entries(c, &filter)?)
        })
        .await?;
    let next = if entries.len() as i64 == limit {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(EntriesBody {
        entries: &entries,
        next_before: next,
    }))
}
