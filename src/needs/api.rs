//! JSON handlers for needs: list (current or history), state one, import a CSV.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Actor;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::api::category_id;
use crate::locations::LocationKind;
use crate::needs::csv as needs_csv;
use crate::needs::model::{self, NeedRequest};
use crate::needs::store::NeedFilter;
use crate::state::AppState;
use crate::web::csv_body::CsvBody;
use crate::web::json::JsonBody;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub site: Option<String>,
    pub category: Option<String>,
    /// Every statement, replaced ones too, instead of only those in force.
    #[serde(default)]
    pub history: bool,
}

/// The site named in a query: 404 when unknown, 422 when it is not a site.
pub fn site_id(conn: &mut DbConn, slug: &str) -> AppResult<i64> {
    let loc = crate::locations::store::find(conn, slug)?
        .ok_or_else(|| AppError::NotFound(format!("no location '{slug}'")))?;
    if !loc.is(LocationKind::Site) {
        return Err(AppError::invalid(
            "site",
            format!("'{slug}' is a {}, not a site", loc.kind),
        ));
    }
    Ok(loc.id)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NeedList {
    pub needs: Vec<model::NeedView>,
}

/// What a CSV of needs added.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NeedImport {
    pub imported: usize,
    pub needs: Vec<model::NeedView>,
}

#[utoipa::path(get, path = "/api/v1/needs", tag = "needs", params(ListQuery), responses((status = 200, description = "the needs with their unmet quantity", body = NeedList)))]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let needs = state
        .db
        .read_snapshot(move |c| {
            let filter = NeedFilter {
                site_id: q.site.as_deref().map(|s| site_id(c, s)).transpose()?,
                category_id: q
                    .category
                    .as_deref()
                    .map(|s| category_id(c, s))
                    .transpose()?,
            };
            model::list(c, filter, q.history)
        })
        .await?;
    Ok(HttpResponse::Ok().json(NeedList { needs }))
}

#[utoipa::path(post, path = "/api/v1/needs", tag = "needs", params(crate::openapi::IdempotencyHeader), request_body = NeedRequest, responses((status = 201, description = "the need", body = model::NeedView)))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: JsonBody<NeedRequest>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let req = body.value;
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        model::record(c, &req, &handle, now)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/import/needs", tag = "import", params(crate::openapi::IdempotencyHeader), request_body(content = String, content_type = "text/csv", description = "CSV with a header row"), responses((status = 201, description = "the needs added", body = NeedImport)))]
pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: CsvBody,
) -> AppResult<HttpResponse> {
    let parsed = needs_csv::parse(body.text.as_bytes()).map_err(crate::intake::csv::refusal)?;
    let now = state.clock.now();
    let handle = actor.handle.clone();
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        let needs = needs_csv::import(c, &parsed, &handle, now)?;
        Ok(NeedImport {
            imported: needs.len(),
            needs,
        })
    })
    .await
}
