//! JSON handlers for the collective's priorities: read the set in force (or an older
//! version), and put a new one.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::priorities::model;
use crate::priorities::rules::PrioritySet;
use crate::state::AppState;
use crate::web::json::JsonBody;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetQuery {
    pub version: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/priorities", tag = "priorities", params(GetQuery), responses((status = 200, description = "the current (or asked-for) priority set with its version", body = model::Priorities)))]
pub async fn get(
    state: web::Data<AppState>,
    query: web::Query<GetQuery>,
) -> AppResult<HttpResponse> {
    let wanted = query.into_inner().version;
    let found = state
        .db
        .read(move |c| match wanted {
            Some(n) => model::version(c, n),
            None => model::current(c),
        })
        .await?;
    let found = found.ok_or_else(|| match wanted {
        Some(n) => AppError::NotFound(format!("no priority version {n}")),
        None => AppError::NotFound("the collective has not stated its priorities yet".into()),
    })?;
    Ok(HttpResponse::Ok().json(found))
}

/// The whole set is replaced; the one it replaces stays as an older version.
#[utoipa::path(put, path = "/api/v1/priorities", tag = "priorities", request_body = PrioritySet, responses((status = 200, description = "the saved priority set with its new version", body = model::Priorities)))]
pub async fn put(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<PrioritySet>,
) -> AppResult<HttpResponse> {
    let set = body.into_inner();
    let now = state.clock.now();
    let (saved, _) = state
        .db
        .write(move |c| model::save(c, &set, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}
