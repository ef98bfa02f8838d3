//! JSON handlers for the catalogue.

use crate::catalog::model::{Category, NewCategoryRequest};
use crate::catalog::store;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::json::JsonBody;
use actix_web::{web, HttpResponse};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CategoryList {
    pub categories: Vec<Category>,
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "categories", responses((status = 200, description = "every category", body = CategoryList)))]
pub async fn list(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let categories = state.db.read(|c| Ok(store::all(c)?)).await?;
    Ok(HttpResponse::Ok().json(CategoryList { categories }))
}

#[utoipa::path(post, path = "/api/v1/categories", tag = "categories", request_body = NewCategoryRequest, responses((status = 201, description = "the new category", body = Category)))]
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
            store::by_slug(c)?
                .remove(&new.slug)
                .ok_or_else(|| AppError::Internal("category vanished after insert".into()))
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}
