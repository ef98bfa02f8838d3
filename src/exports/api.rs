//! `GET /api/v1/export/{stock,ledger,handouts,needs}.csv`.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::exports::store::ExportFilter;
use crate::exports::{csv, ExportKind};
use crate::ledger::api::location_id;
use crate::state::AppState;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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

#[utoipa::path(get, path = "/api/v1/export/stock.csv", tag = "export", responses((status = 200, description = "stock as CSV", content_type = "text/csv", body = String)))]
pub async fn stock(
    state: web::Data<AppState>,
    _query: web::Query<NoQuery>,
) -> AppResult<HttpResponse> {
    export(&state, ExportKind::Stock, None, None, None).await
}

#[utoipa::path(get, path = "/api/v1/export/ledger.csv", tag = "export", params(PeriodQuery), responses((status = 200, description = "ledger entries as CSV", content_type = "text/csv", body = String)))]
pub async fn ledger(
    state: web::Data<AppState>,
    query: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Ledger, None, q.from, q.to).await
}

#[utoipa::path(get, path = "/api/v1/export/handouts.csv", tag = "export", params(HandoutsQuery), responses((status = 200, description = "hand-outs as CSV", content_type = "text/csv", body = String)))]
pub async fn handouts(
    state: web::Data<AppState>,
    query: web::Query<HandoutsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Handouts, q.site, q.from, q.to).await
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedsQuery {
    pub site: Option<String>,
}

/// The needs in force with their figures; `?site=` for one site.
#[utoipa::path(get, path = "/api/v1/export/needs.csv", tag = "export", params(NeedsQuery), responses((status = 200, description = "the needs in force as CSV", content_type = "text/csv", body = String)))]
pub async fn needs(
    state: web::Data<AppState>,
    query: web::Query<NeedsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    export(&state, ExportKind::Needs, q.site, None, None).await
}
