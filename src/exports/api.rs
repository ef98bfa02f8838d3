//! `GET /api/v1/export/{stock,ledger,handouts,needs}.csv`.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::exports::store::ExportFilter;
use crate::exports::{csv, ExportKind};
use crate::ledger::api::location_id;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoutsQuery {
    pub site: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoQuery {}

fn check_period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<()> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AppError::invalid("from", "from must not be after to")),
        _ => Ok(()),
    }
}

async fn export(
    state: &AppState,
    kind: ExportKind,
    site: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<HttpResponse> {
    check_period(from, to)?;
    let bytes = state
        .db
        .read(move |c| {
            let filter = ExportFilter {
                from,
                to,
                site_id: site.as_deref().map(|s| location_id(c, s)).transpose()?,
            };
            let mut out = Vec::new();
            csv::write(c, kind, &filter, &mut out, &mut |_| {})?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", kind.file_name()),
        ))
        .body(bytes))
}

pub async fn stock(
    state: web::Data<AppState>,
    _query: web::Query<NoQuery>,
) -> AppResult<HttpResponse> {
    export(&state, ExportKind::Stock, None, None, None).await
}

pub async fn ledger(
    state: web::Data<AppState>,
    query: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Ledger, None, q.from, q.to).await
}

pub async fn handouts(
    state: web::Data<AppState>,
    query: web::Query<HandoutsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Handouts, q.site, q.from, q.to).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedsQuery {
    pub site: Option<String>,
}

/// The needs in force with their figures; `?site=` for one site.
pub async fn needs(
    state: web::Data<AppState>,
    query: web::Query<NeedsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Needs, q.site, None, None).await
}
