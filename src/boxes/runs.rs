//! Runs with boxes: which boxes meet a run's plan, the driver's scan that ticks a box
//! as loaded, and the shortfall a driver confirms. Kept apart from `runs/` so that
//! module only calls in at a couple of points.

use actix_web::HttpResponse;
use maud::{html, Markup};

use crate::auth::Actor;
use crate::boxes::model::{BoxDetail, BoxView};
use crate::error::AppResult;
use crate::state::AppState;

pub fn is_run_action(action: &str) -> bool {
    action == "load"
}

/// The run part of a box page (none yet).
pub fn box_page_part(_actor: &Actor, _v: &BoxView) -> Markup {
    html! {}
}

pub async fn page_action(
    _state: &AppState,
    _actor: &Actor,
    detail: &BoxDetail,
    _fields: &[(String, String)],
) -> AppResult<HttpResponse> {
    Ok(crate::web::see_other(&detail.view.path))
}
