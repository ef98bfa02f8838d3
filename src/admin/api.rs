//! JSON handlers for the coordinator's edits: parse → one transaction → respond.

use crate::admin::model::{self, CategoryUpdate, OneTimeLink, PlaceUpdate, RoleRequest, VanUpdate};
use crate::auth::api::UserView;
use crate::auth::Actor;
use crate::catalog::model::Category;
use crate::error::AppResult;
use crate::locations::model::LocationView;
use crate::runs::model::VanView;
use crate::state::AppState;
use crate::web::json::JsonBody;
use actix_web::{web, HttpResponse};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/users/{handle}", web::patch().to(change_role))
        .route("/users/{handle}/deactivate", web::post().to(deactivate))
        .route(
            "/users/{handle}/password-link",
            web::post().to(password_link),
        )
        .route("/vans/{slug}", web::patch().to(update_van))
        .route("/vans/{slug}/retire", web::post().to(retire_van))
        .route("/locations/{slug}", web::patch().to(update_place))
        .route("/locations/{slug}/archive", web::post().to(archive_place))
        .route("/categories/{slug}", web::patch().to(update_category));
}

/// A van taken out of service.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RetiredVan {
    pub van: VanView,
    /// Always true.
    pub retired: bool,
}

#[utoipa::path(patch, path = "/api/v1/users/{handle}", tag = "users", params(("handle" = String, Path, description = "the volunteer's handle")), request_body = RoleRequest, responses((status = 200, description = "the volunteer with the new role", body = UserView)))]
pub async fn change_role(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<RoleRequest>,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let role = body.into_inner().role;
    let h = handle.clone();
    let user = state
        .db
        .write(move |c| model::change_role(c, &h, role))
        .await?;
    state.auth.forget_role(&handle);
    Ok(HttpResponse::Ok().json(UserView::from(&user)))
}

#[utoipa::path(post, path = "/api/v1/users/{handle}/deactivate", tag = "users", params(("handle" = String, Path, description = "the volunteer's handle")), responses((status = 200, description = "the volunteer, deactivated", body = UserView)))]
pub async fn deactivate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let now = state.clock.now();
    let h = handle.clone();
    let user = state
        .db
        .write(move |c| model::deactivate(c, &h, &actor.handle, now))
        .await?;
    state.auth.forget_role(&handle);
    Ok(HttpResponse::Ok().json(UserView::from(&user)))
}

#[utoipa::path(post, path = "/api/v1/users/{handle}/password-link", tag = "users", params(("handle" = String, Path, description = "the volunteer's handle")), responses((status = 201, description = "a one-time link to set a password", body = OneTimeLink)))]
pub async fn password_link(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let now = state.clock.now();
    let (link, _) = state
        .db
        .write(move |c| model::issue_link(c, &handle, &actor.handle, now))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(link))
}

#[utoipa::path(patch, path = "/api/v1/vans/{slug}", tag = "vans", params(("slug" = String, Path, description = "the van's slug")), request_body = VanUpdate, responses((status = 200, description = "the van", body = VanView)))]
pub async fn update_van(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<VanUpdate>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let u = body.into_inner();
    let van = state
        .db
        .write(move |c| model::update_van(c, &slug, &u))
        .await?;
    Ok(HttpResponse::Ok().json(van))
}

#[utoipa::path(post, path = "/api/v1/vans/{slug}/retire", tag = "vans", params(("slug" = String, Path, description = "the van's slug")), responses((status = 200, description = "the van, retired", body = RetiredVan)))]
pub async fn retire_van(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let now = state.clock.now();
    let van = state
        .db
        .write(move |c| model::retire_van(c, &slug, now))
        .await?;
    Ok(HttpResponse::Ok().json(RetiredVan { van, retired: true }))
}

#[utoipa::path(patch, path = "/api/v1/locations/{slug}", tag = "locations", params(("slug" = String, Path, description = "the location's slug")), request_body = PlaceUpdate, responses((status = 200, description = "the location", body = LocationView)))]
pub async fn update_place(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: JsonBody<PlaceUpdate>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let u = body.into_inner();
    let loc = state
        .db
        .write(move |c| model::update_place(c, &slug, &u))
        .await?;
    Ok(HttpResponse::Ok().json(LocationView::new(loc, actor.may_see_addresses())))
}

#[utoipa::path(post, path = "/api/v1/locations/{slug}/archive", tag = "locations", params(("slug" = String, Path, description = "the location's slug")), responses((status = 200, description = "the location, archived", body = LocationView)))]
pub async fn archive_place(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let now = state.clock.now();
    let loc = state
        .db
        .write(move |c| model::archive_place(c, &slug, now))
        .await?;
    Ok(HttpResponse::Ok().json(LocationView::new(loc, actor.may_see_addresses())))
}

#[utoipa::path(patch, path = "/api/v1/categories/{slug}", tag = "categories", params(("slug" = String, Path, description = "the category's slug")), request_body = CategoryUpdate, responses((status = 200, description = "the category", body = Category)))]
pub async fn update_category(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<CategoryUpdate>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let u = body.into_inner();
    let cat = state
        .db
        .write(move |c| model::update_category(c, &slug, &u))
        .await?;
    Ok(HttpResponse::Ok().json(cat))
}
