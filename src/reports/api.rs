//! `GET /api/v1/reports/summary?from=&to=&public=`: the report totals as JSON.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::reports::store::{self, Period};
use crate::reports::totals::{self, Summary, View};
use crate::state::AppState;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The public view: no site, no write-off reason.
    #[serde(default)]
    pub public: bool,
}

#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct SummaryResponse {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    #[serde(flatten)]
    pub summary: Summary,
}

pub fn check_period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<Period> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AppError::invalid("from", "from must not be after to")),
        _ => Ok(Period { from, to }),
    }
}

/// The report over a period, for one view; `region` (public only) narrows hand-outs
/// to one public region group.
pub async fn load(
    state: &AppState,
    period: Period,
    view: View,
    region: Option<String>,
) -> AppResult<(Summary, Option<Vec<String>>)> {
    state
        .db
        .read_snapshot(move |c| {
            let rows = store::rows(c, period)?;
            let regions = match view {
                View::Public => totals::public_regions(&store::sites(c)?),
                View::Coordinator => None,
            };
            let labels = regions.as_ref().map(|m| {
                let mut l: Vec<String> = m.values().cloned().collect();
                l.sort();
                l.dedup();
                l
            });
            let rows = match (&regions, region) {
                (Some(map), Some(r)) if map.values().any(|g| *g == r) => rows.in_region(map, &r),
                _ => rows,
            };
            Ok((totals::summarise(&rows, view, regions.as_ref()), labels))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "reports", params(SummaryQuery), responses((status = 200, description = "totals for the period", body = SummaryResponse)))]
pub async fn summary(
    state: web::Data<AppState>,
    query: web::Query<SummaryQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let period = check_period(q.from, q.to)?;
    let view = if q.public {
        View::Public
    } else {
        View::Coordinator
    };
    let (summary, _) = load(&state, period, view, None).await?;
    Ok(HttpResponse::Ok().json(SummaryResponse {
        from: q.from,
        to: q.to,
        summary,
    }))
}
