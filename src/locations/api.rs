//! JSON handlers for locations.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::locations::model::{LocationKind, LocationView, NewLocationRequest};
use crate::locations::store;
use crate::state::AppState;
use crate::web::json::JsonBody;

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub kind: Option<LocationKind>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LocationList {
    pub locations: Vec<LocationView>,
}

#[utoipa::path(get, path = "/api/v1/locations", tag = "locations", params(ListQuery), responses((status = 200, description = "the locations; addresses only for coordinators and drivers", body = LocationList)))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let kind = query.kind.map(|k| k.as_str());
    let rows = state.db.read(move |c| Ok(store::all(c, kind)?)).await?;
    let show = actor.may_see_addresses();
    let locations: Vec<LocationView> = rows
        .into_iter()
        .map(|l| LocationView::new(l, show))
        .collect();
    Ok(HttpResponse::Ok().json(LocationList { locations }))
}

#[utoipa::path(post, path = "/api/v1/locations", tag = "locations", request_body = NewLocationRequest, responses((status = 201, description = "the new location", body = LocationView)))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    body: JsonBody<NewLocationRequest>,
) -> AppResult<HttpResponse> {
    let new = body
        .into_inner()
        .into_new(state.clock.now())
        .map_err(AppError::invalid_fields)?;
    let created = state
        .db
        .write(move |c| {
            if store::find(c, &new.slug)?.is_some() {
                return Err(AppError::conflict(format!(
                    "a location with slug '{}' already exists",
                    new.slug
                )));
            }
            let id = store::insert(c, &new)?;
            store::find(c, &new.slug)?
                .filter(|l| l.id == id)
                .ok_or_else(|| AppError::Internal("location vanished after insert".into()))
        })
        .await?;
    Ok(HttpResponse::Created().json(LocationView::new(created, actor.may_see_addresses())))
}
