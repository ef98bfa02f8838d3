//! JSON handlers for the catalogue.

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::catalog::model::NewCategoryRequest;
use crate::catalog::store;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::json::JsonBody;

#[utoipa::path(get, path = "/api/v1/categories", tag = "categories", responses((status = 200, description = "{categories: [...]}", body = Object)))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.db.read(|c| Ok(store::all(c)?)).await?;
    Ok(HttpResponse::Ok().json(json!({ "categories": rows })))
}

#[utoipa::path(post, path = "/api/v1/categories", tag = "categories", request_body = NewCategoryRequest, responses((status = 201, description = "the new category", body = Object)))]
pub async fn create(
    state: web::Data<AppState>,
    body: JsonBody<NewCategoryRequest>,
) -> AppResult<HttpResponse> {
    let new = body
        .into_inner()
        .into_new(state.clock.now())
        .map_err(AppError::invalid_fields)?;
    let created = state
        .db
        .write(move |c| {
            if store::exists(c, &new.slug)? {
                return Err(AppError::conflict(format!(
                    "a category with slug '{}' already exists",
                    new.slug
                )));
            }
            store::insert(c, &new)?;
            Ok(new)
        })
        .await?;
    Ok(HttpResponse::Created().json(json!({
        "slug": created.slug,
        "name": created.name,
        "unit_volume_l": created.unit_volume_l,
        "unit_weight_kg": created.unit_weight_kg,
        "dangerous_goods": created.dangerous_goods,
        "group": created.group,
    })))
}
