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

crate::idempotent_handler!(reserve, ReserveRequest, model::reserve);
crate::idempotent_handler!(fill, FillRequest, model::fill);

/// A stock-changing POST on one box (`/boxes/{code}/…`), once per `Idempotency-Key`.
macro_rules! box_handler {
    ($name:ident, $req:ty, $act:path) => {
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

box_handler!(move_box, MoveRequest, model::move_box);
box_handler!(regrade, RegradeRequest, model::regrade);
box_handler!(add, CountRequest, model::add);
box_handler!(take, CountRequest, model::take);
box_handler!(empty, EmptyRequest, model::empty);
box_handler!(split, SplitRequest, model::split);
box_handler!(merge, MergeRequest, model::merge);
box_handler!(hand_out, BoxHandoutRequest, model::hand_out);

pub async fn show(state: web::Data<AppState>, code: web::Path<String>) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let detail = state.db.read(move |c| model::detail(c, &code)).await?;
    Ok(HttpResponse::Ok().json(detail))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub location: Option<String>,
    pub category: Option<String>,
}

/// Filled and empty boxes (not blank labels), by code.
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
    Ok(HttpResponse::Ok().json(serde_json::json!({ "boxes": boxes })))
}

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
