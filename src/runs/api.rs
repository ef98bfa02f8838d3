//! JSON handlers for vans and runs: parse → one transaction → respond.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::auth::Actor;
use crate::error::AppResult;
use crate::idempotency::{self, IdempotencyKey};
use crate::runs::manifest;
use crate::runs::model::{
    self, DeliverRequest, LinesRequest, PlanResponse, RunRequest, RunView, VanRequest, VanView,
};
use crate::state::AppState;
use crate::web::json::{request_hash, JsonBody};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VanList {
    pub vans: Vec<VanView>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RunList {
    pub runs: Vec<RunView>,
}

/// A run dropped while still in planning, as it was.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CancelledRun {
    pub cancelled: RunView,
}

#[utoipa::path(get, path = "/api/v1/vans", tag = "vans", responses((status = 200, description = "the vans in service", body = VanList)))]
pub async fn list_vans(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let vans = state.db.read(model::vans).await?;
    Ok(HttpResponse::Ok().json(VanList { vans }))
}

#[utoipa::path(post, path = "/api/v1/vans", tag = "vans", request_body = VanRequest, responses((status = 201, description = "the van", body = VanView)))]
pub async fn create_van(
    state: web::Data<AppState>,
    body: JsonBody<VanRequest>,
) -> AppResult<HttpResponse> {
    let req = body.into_inner();
    let now = state.clock.now();
    let van = state
        .db
        .write(move |c| model::create_van(c, &req, now))
        .await?;
    Ok(HttpResponse::Created().json(van))
}

#[utoipa::path(get, path = "/api/v1/runs", tag = "runs", responses((status = 200, description = "every run", body = RunList)))]
pub async fn list_runs(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let show = actor.may_see_addresses();
    let runs = state.db.read(move |c| model::list(c, show)).await?;
    Ok(HttpResponse::Ok().json(RunList { runs }))
}

#[utoipa::path(post, path = "/api/v1/runs", tag = "runs", request_body = RunRequest, responses((status = 201, description = "the run", body = RunView), (status = 409, description = "the van already has a run departing that day (`van_booked`), or another conflict", body = crate::error::ErrorBody)))]
pub async fn create_run(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<RunRequest>,
) -> AppResult<HttpResponse> {
    let req = body.into_inner();
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let run = state
        .db
        .write(move |c| model::create_run(c, &req, &handle, now))
        .await?;
    Ok(HttpResponse::Created().json(run))
}

#[utoipa::path(get, path = "/api/v1/runs/{id}", tag = "runs", params(("id" = i64, Path, description = "the run's id")), responses((status = 200, description = "the run with its stops and lines", body = RunView)))]
pub async fn get_run(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let show = actor.may_see_addresses();
    let run = state.db.read(move |c| model::view(c, id, show)).await?;
    Ok(HttpResponse::Ok().json(run))
}

#[utoipa::path(post, path = "/api/v1/runs/{id}/plan", tag = "runs", params(("id" = i64, Path, description = "the run's id"), crate::openapi::IdempotencyHeader), responses((status = 201, description = "the optimal plan", body = PlanResponse)))]
pub async fn plan(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let hash = request_hash(&req, b"");
    idempotency::once(&state, &actor, key, hash, move |c| model::plan_run(c, id)).await
}

#[utoipa::path(put, path = "/api/v1/runs/{id}/lines", tag = "runs", params(("id" = i64, Path, description = "the run's id")), request_body = LinesRequest, responses((status = 200, description = "the run with its new lines", body = RunView)))]
pub async fn set_lines(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: JsonBody<LinesRequest>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let req = body.into_inner();
    let run = state
        .db
        .write(move |c| model::set_lines(c, id, &req))
        .await?;
    Ok(HttpResponse::Ok().json(run))
}

/// A step of the run with no body (load, return): once per key, in one transaction.
async fn bodiless_step<T: serde::Serialize + 'static>(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    id: i64,
    step: fn(&mut crate::db::DbConn, i64, &str, chrono::NaiveDateTime) -> AppResult<T>,
) -> AppResult<HttpResponse> {
    let hash = request_hash(&req, b"");
    let now = state.clock.now();
    let handle = actor.handle.clone();
    idempotency::once(&state, &actor, key, hash, move |c| {
        step(c, id, &handle, now)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/runs/{id}/load", tag = "runs", params(("id" = i64, Path, description = "the run's id"), crate::openapi::IdempotencyHeader), responses((status = 201, description = "the run, loaded", body = RunView)))]
pub async fn load(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    bodiless_step(state, actor, key, req, path.into_inner(), model::load).await
}

#[utoipa::path(post, path = "/api/v1/runs/{id}/deliver", tag = "runs", params(("id" = i64, Path, description = "the run's id"), crate::openapi::IdempotencyHeader), request_body = DeliverRequest, responses((status = 201, description = "the run after the delivery", body = RunView)))]
pub async fn deliver(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    path: web::Path<i64>,
    body: JsonBody<DeliverRequest>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let hash = body.request_hash.clone();
    let req = body.into_inner();
    idempotency::once(&state, &actor, key, hash, move |c| {
        model::deliver(c, id, &req, &handle, now)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/runs/{id}/return", tag = "runs", params(("id" = i64, Path, description = "the run's id"), crate::openapi::IdempotencyHeader), responses((status = 201, description = "the run, done", body = RunView)))]
pub async fn return_run(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    bodiless_step(state, actor, key, req, path.into_inner(), model::return_run).await
}

#[utoipa::path(get, path = "/api/v1/runs/{id}/manifest.csv", tag = "runs", params(("id" = i64, Path, description = "the run's id")), responses((status = 200, description = "the manifest, per stop", content_type = "text/csv", body = String)))]
pub async fn manifest_csv(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let show = actor.may_see_addresses();
    let body = state
        .db
        .read(move |c| manifest::render(c, id, show))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"run-{id}-manifest.csv\""),
        ))
        .body(body))
}

#[utoipa::path(delete, path = "/api/v1/runs/{id}", tag = "runs", params(("id" = i64, Path, description = "the run's id")), responses((status = 200, description = "the run as it was", body = CancelledRun)))]
pub async fn cancel_run(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let run = state.db.write(move |c| model::cancel(c, id)).await?;
    Ok(HttpResponse::Ok().json(CancelledRun { cancelled: run }))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    pub departs_on: chrono::NaiveDate,
}

/// `POST /runs/plan?departs_on=DATE`: every run in planning that leaves that day, planned
/// together.
#[utoipa::path(post, path = "/api/v1/runs/plan", tag = "runs", params(DayQuery, crate::openapi::IdempotencyHeader), responses((status = 201, description = "the fleet plan of that day", body = crate::runs::fleet_model::DayPlanResponse)))]
pub async fn plan_day(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    req: HttpRequest,
    query: web::Query<DayQuery>,
) -> AppResult<HttpResponse> {
    let day = query.into_inner().departs_on;
    // The day is the request: a key reused for another day is a conflict.
    let hash = request_hash(&req, req.query_string().as_bytes());
    idempotency::once(&state, &actor, key, hash, move |c| {
        crate::runs::fleet_model::plan_day(c, day)
    })
    .await
}
