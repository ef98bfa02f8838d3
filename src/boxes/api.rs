//! JSON handlers for boxes, labels and tracked items: parse, act once, respond.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Actor;
use crate::boxes::model::{
    self, BoxHandoutRequest, CountRequest, EmptyRequest, FillRequest, MergeRequest, MoveRequest,
    RegradeRequest, ReserveRequest, SplitRequest, TrackedRequest,
};
use crate::boxes::store::{self, BoxFilter};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::json::JsonBody;

crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/labels", tag = "boxes", params(crate::openapi::IdempotencyHeader), request_body = ReserveRequest, responses((status = 201, description = "blank labels to print", body = model::Reserved)))]
    reserve,
    ReserveRequest,
    model::reserve
);
crate::idempotent_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes", tag = "boxes", params(crate::openapi::IdempotencyHeader), request_body = FillRequest, responses((status = 201, description = "the box, filled", body = model::BoxView)))]
    fill,
    FillRequest,
    model::fill
);

/// A stock-changing POST on one box (`/boxes/{code}/…`), once per `Idempotency-Key`.
macro_rules! box_handler {
    ($(#[$attr:meta])* $name:ident, $req:ty, $act:path) => {
        $(#[$attr])*
        pub async fn $name(
            state: web::Data<AppState>,
            actor: Actor,
            key: crate::idempotency::IdempotencyKey,
            code: web::Path<String>,
            body: JsonBody<$req>,
        ) -> AppResult<HttpResponse> {
            let now = state.clock.now();
            let handle = actor.handle.clone();
            let code = code.into_inner();
            let req = body.value;
            crate::idempotency::once(&state, &actor, key, body.request_hash, move |c| {
                $act(c, &code, &req, &handle, now)
            })
            .await
        }
    };
}

box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/move", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = MoveRequest, responses((status = 201, description = "the box, moved", body = model::BoxView)))]
    move_box,
    MoveRequest,
    model::move_box
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/regrade", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = RegradeRequest, responses((status = 201, description = "the box, regraded", body = model::BoxView)))]
    regrade,
    RegradeRequest,
    model::regrade
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/add", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = CountRequest, responses((status = 201, description = "the box with more in it", body = model::BoxView)))]
    add,
    CountRequest,
    model::add
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/take", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = CountRequest, responses((status = 201, description = "the box with less in it", body = model::BoxView)))]
    take,
    CountRequest,
    model::take
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/empty", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = EmptyRequest, responses((status = 201, description = "the box, empty", body = model::BoxView)))]
    empty,
    EmptyRequest,
    model::empty
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/split", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = SplitRequest, responses((status = 201, description = "the box split off", body = model::BoxView)))]
    split,
    SplitRequest,
    model::split
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/merge", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = MergeRequest, responses((status = 201, description = "the box with the other's contents", body = model::BoxView)))]
    merge,
    MergeRequest,
    model::merge
);
box_handler!(
    #[utoipa::path(post, path = "/api/v1/boxes/{code}/handout", tag = "boxes", params(("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = BoxHandoutRequest, responses((status = 201, description = "the box after the hand-out", body = model::BoxView)))]
    hand_out,
    BoxHandoutRequest,
    model::hand_out
);

#[utoipa::path(get, path = "/api/v1/boxes/{code}", tag = "boxes", params(("code" = String, Path, description = "the box's label code")), responses((status = 200, description = "the box with its history", body = model::BoxDetail)))]
pub async fn show(state: web::Data<AppState>, code: web::Path<String>) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let detail = state.db.read(move |c| model::detail(c, &code)).await?;
    Ok(HttpResponse::Ok().json(detail))
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub location: Option<String>,
    pub category: Option<String>,
}

/// Filled and empty boxes (not blank labels), by code.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BoxList {
    pub boxes: Vec<model::BoxView>,
}

#[utoipa::path(get, path = "/api/v1/boxes", tag = "boxes", params(ListQuery), responses((status = 200, description = "the boxes with something in them", body = BoxList)))]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let boxes = state
        .db
        .read(move |c| {
            let names = model::Names::load(c)?;
            let mut filter = BoxFilter::default();
            if let Some(slug) = q.location.filter(|s| !s.is_empty()) {
                let l = names.locations.iter().find(|l| l.slug == slug);
                filter.location_id = Some(
                    l.map(|l| l.id)
                        .ok_or_else(|| AppError::NotFound(format!("unknown location '{slug}'")))?,
                );
            }
            if let Some(slug) = q.category.filter(|s| !s.is_empty()) {
                let cat = names.categories.iter().find(|x| x.slug == slug);
                filter.category_id = Some(
                    cat.map(|x| x.id)
                        .ok_or_else(|| AppError::NotFound(format!("unknown category '{slug}'")))?,
                );
            }
            let mut out = Vec::new();
            for row in store::list(c, &filter)?
                .iter()
                .filter(|r| r.category_id.is_some())
            {
                out.push(model::view(c, row, &names)?);
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(BoxList { boxes }))
}

#[utoipa::path(put, path = "/api/v1/categories/{slug}/tracked", tag = "categories", params(("slug" = String, Path, description = "the category's slug")), request_body = TrackedRequest, responses((status = 200, description = "whether the category is tracked in boxes", body = model::Tracked)))]
pub async fn set_tracked(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: JsonBody<TrackedRequest>,
) -> AppResult<HttpResponse> {
    let slug = slug.into_inner();
    let req = body.value;
    let out = state
        .db
        .write(move |c| model::set_tracked(c, &slug, &req))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
