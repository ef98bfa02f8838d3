//! Runs with boxes: which boxes meet a run's plan (the box load sheet, per stop), the
//! driver's scan that ticks a box as loaded, the shortfall a driver confirms (which
//! takes the missing boxes out of the plan), and the boxes riding along when the run
//! loads, delivers and returns. Kept apart from `runs/`, which calls in at one point:
//! `apply_step`, in place of its `ledger::apply` for load, delivery and return.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::auth::{Actor, Role};
use crate::boxes::model::{self, BoxDetail, BoxView};
use crate::boxes::store::{self, BoxFilter, BoxRow};
use crate::catalog::Condition;
use crate::db::schema::run_boxes as rb;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::{Cause, Change, Movement};
use crate::runs::model::{find_run, Run, RunStatus};
use crate::state::AppState;
use crate::web::{layout, page, see_other, Flash};

/// One box on a run's box load sheet.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct SheetBox {
    pub code: String,
    pub category: String,
    pub category_name: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub quantity: i64,
    pub scanned: bool,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct SheetStop {
    pub stop: String,
    pub stop_name: String,
    pub boxes: Vec<SheetBox>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct BoxSheet {
    pub run: i64,
    #[schema(value_type = crate::runs::model::RunStatus)]
    pub status: String,
    pub stops: Vec<SheetStop>,
    pub scanned: usize,
    pub planned: usize,
}

/// (box id, stop site id, scanned) for every box on the run: the scanned ones as
/// recorded, then, while the run is being planned, whole boxes at the origin that fit
/// what is left of each planned line (biggest first, then by code), not scanned for
/// another run.
pub fn planned_boxes(conn: &mut DbConn, run: &Run) -> AppResult<Vec<(BoxRow, i64, bool)>> {
    let recorded: Vec<(i64, i64, i64)> = rb::table
        .select((rb::run_id, rb::box_id, rb::site_id))
        .load(conn)?;
    let mut out = Vec::new();
    let mut left: BTreeMap<(i64, i64, String), i64> = BTreeMap::new();
    for l in &run.lines {
        *left
            .entry((l.site_id, l.category_id, l.condition.clone()))
            .or_insert(0) += l.quantity;
    }
    // A box scanned for a run still on its way is not free for another.
    let active: BTreeSet<i64> = crate::runs::store::runs_in(
        conn,
        &[
            RunStatus::Planning.as_str(),
            RunStatus::Loaded.as_str(),
            RunStatus::Delivered.as_str(),
        ],
    )?
    .into_iter()
    .map(|r| r.id)
    .collect();
    let taken: BTreeSet<i64> = recorded
        .iter()
        .filter(|r| active.contains(&r.0))
        .map(|r| r.1)
        .collect();
    for &(_, box_id, site) in recorded.iter().filter(|r| r.0 == run.row.id) {
        let row = store::find(conn, box_id)?;
        if let (Some(c), Some(k)) = (row.category_id, row.condition.clone()) {
            if let Some(q) = left.get_mut(&(site, c, k)) {
                *q -= row.quantity;
            }
        }
        out.push((row, site, true));
    }
    if run.status()? != RunStatus::Planning {
        return Ok(out);
    }
    let mut candidates: Vec<BoxRow> = store::list(
        conn,
        &BoxFilter {
            location_id: Some(run.row.origin_id),
            filled_only: true,
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|b| !taken.contains(&b.id))
    .collect();
    candidates.sort_by(|a, b| b.quantity.cmp(&a.quantity).then(a.code.cmp(&b.code)));
    let stop_order: Vec<i64> = run.stops.iter().map(|s| s.site_id).collect();
    let mut keys: Vec<(i64, i64, String)> = left.keys().cloned().collect();
    keys.sort_by_key(|k| stop_order.iter().position(|s| *s == k.0));
    for key in keys {
        for b in candidates.iter_mut() {
            let remaining = left.get(&key).copied().unwrap_or(0);
            let fits = b.quantity > 0
                && b.category_id == Some(key.1)
                && b.condition.as_deref() == Some(key.2.as_str())
                && b.quantity <= remaining;
            if fits {
                left.insert(key.clone(), remaining - b.quantity);
                out.push((b.clone(), key.0, false));
                // Spent: one box goes to one stop.
                b.quantity = 0;
            }
        }
    }
    Ok(out)
}

pub fn sheet(conn: &mut DbConn, run_id: i64) -> AppResult<BoxSheet> {
    let run = find_run(conn, run_id)?;
    let names = model::Names::load(conn)?;
    let planned = planned_boxes(conn, &run)?;
    let mut stops = Vec::new();
    for s in &run.stops {
        let loc = names.location(Some(s.site_id));
        let boxes = planned
            .iter()
            .filter(|(_, site, _)| *site == s.site_id)
            .map(|(b, _, scanned)| {
                let cat = names.category(b.category_id);
                SheetBox {
                    code: b.code.clone(),
                    category: cat.map(|c| c.slug.clone()).unwrap_or_default(),
                    category_name: cat.map(|c| c.name.clone()).unwrap_or_default(),
                    condition: b.condition.clone().unwrap_or_default(),
                    quantity: b.quantity,
                    scanned: *scanned,
                }
            })
            .collect();
        stops.push(SheetStop {
            stop: loc.map(|l| l.slug.clone()).unwrap_or_default(),
            stop_name: loc.map(|l| l.name.clone()).unwrap_or_default(),
            boxes,
        });
    }
    Ok(BoxSheet {
        run: run_id,
        status: run.row.status.clone(),
        scanned: planned.iter().filter(|p| p.2).count(),
        planned: planned.len(),
        stops,
    })
}

/// The driver scanned this box into the van: it is ticked on the load sheet.
pub fn scan(
    conn: &mut DbConn,
    run_id: i64,
    code: &str,
    _actor: &str,
    now: NaiveDateTime,
) -> AppResult<BoxSheet> {
    let run = find_run(conn, run_id)?;
    let row = model::find(conn, code)?;
    if run.status()? != RunStatus::Planning {
        return Err(AppError::Conflict {
            code: "wrong_status",
            message: format!(
                "run {run_id} is {}: boxes are scanned while it is loaded",
                run.row.status
            ),
            details: serde_json::json!({"status": run.row.status}),
        });
    }
    let planned = planned_boxes(conn, &run)?;
    let Some((_, site, scanned)) = planned.iter().find(|(b, _, _)| b.id == row.id) else {
        return Err(AppError::Conflict {
            code: "not_planned",
            message: format!("box {} is not on the load sheet of run {run_id}", row.code),
            details: serde_json::json!({"box": row.code}),
        });
    };
    if *scanned {
        return Err(AppError::Conflict {
            code: "already_scanned",
            message: format!("box {} is already ticked on run {run_id}", row.code),
            details: serde_json::json!({"box": row.code}),
        });
    }
    diesel::insert_into(rb::table)
        .values((
            rb::run_id.eq(run_id),
            rb::box_id.eq(row.id),
            rb::site_id.eq(*site),
            rb::scanned_at.eq(Some(now)),
        ))
        .execute(conn)?;
    sheet(conn, run_id)
}

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShortfallRequest {}

/// The driver could not find every planned box: the unscanned ones leave the plan
/// (their stop's line shrinks by what they hold), so the run can be loaded.
pub fn confirm_shortfall(
    conn: &mut DbConn,
    run_id: i64,
    _req: &ShortfallRequest,
    _actor: &str,
    _now: NaiveDateTime,
) -> AppResult<BoxSheet> {
    let run = find_run(conn, run_id)?;
    if run.status()? != RunStatus::Planning {
        return Err(AppError::conflict(format!(
            "run {run_id} is {}: a shortfall is confirmed before loading",
            run.row.status
        )));
    }
    let missing: Vec<(BoxRow, i64)> = planned_boxes(conn, &run)?
        .into_iter()
        .filter(|p| !p.2)
        .map(|(b, s, _)| (b, s))
        .collect();
    if missing.is_empty() {
        return Err(AppError::conflict(format!(
            "every planned box of run {run_id} is scanned: there is no shortfall"
        )));
    }
    let mut lines = run.lines.clone();
    for (b, site) in &missing {
        if let Some(l) = lines.iter_mut().find(|l| {
            l.site_id == *site
                && Some(l.category_id) == b.category_id
                && Some(l.condition.as_str()) == b.condition.as_deref()
        }) {
            l.quantity -= b.quantity;
        }
    }
    lines.retain(|l| l.quantity > 0);
    crate::runs::store::replace_lines(conn, run_id, &lines)?;
    sheet(conn, run_id)
}

/// One step of a run on the road (load, delivery, return) in place of `ledger::apply`:
/// `moves` are the run's loose moves from one place to another; the run's boxes for the
/// step move as boxes and the loose moves shrink by what they hold, in one change.
/// Loading refuses while a planned box is unscanned (409 `boxes_unscanned`).
pub fn apply_step(conn: &mut DbConn, change: &Change, moves: &[Movement]) -> AppResult<usize> {
    let from = moves.iter().find(|m| m.quantity < 0).map(|m| m.location_id);
    let to = moves.iter().find(|m| m.quantity > 0).map(|m| m.location_id);
    let (Some(from), Some(to)) = (from, to) else {
        return crate::ledger::apply(conn, change, moves);
    };
    let run = find_run(conn, change.cause_id)?;
    let on_run: Vec<(BoxRow, i64, bool)> = planned_boxes(conn, &run)?;
    if change.cause == Cause::Load {
        let unscanned: Vec<&str> = on_run
            .iter()
            .filter(|p| !p.2)
            .map(|p| p.0.code.as_str())
            .collect();
        if !unscanned.is_empty() {
            return Err(AppError::Conflict {
                code: "boxes_unscanned",
                message: format!(
                    "planned boxes not scanned yet: {}; scan them, or confirm the shortfall",
                    unscanned.join(", ")
                ),
                details: serde_json::json!({ "boxes": unscanned }),
            });
        }
    }
    // A delivery takes only the boxes for its stop.
    let stop = (change.cause == Cause::Delivery).then_some(to);
    let mut out: Vec<(Movement, Option<i64>)> = Vec::new();
    let mut boxed: BTreeMap<(i64, Condition), i64> = BTreeMap::new();
    for (b, site, scanned) in &on_run {
        if b.location_id != Some(from) || !*scanned || stop.is_some_and(|s| s != *site) {
            continue;
        }
        if let Some((_, cat, cond)) = b.key() {
            *boxed.entry((cat, cond)).or_insert(0) += b.quantity;
            out.push((pair(from, cat, cond, -b.quantity), Some(b.id)));
            out.push((pair(to, cat, cond, b.quantity), Some(b.id)));
        }
    }
    for m in moves.iter().filter(|m| m.quantity < 0) {
        let q = -m.quantity;
        let loose = match boxed.get_mut(&(m.category_id, m.condition)) {
            Some(n) => {
                let used = (*n).min(q);
                *n -= used;
                q - used
            }
            None => q,
        };
        if loose > 0 {
            out.push((pair(from, m.category_id, m.condition, -loose), None));
            out.push((pair(to, m.category_id, m.condition, loose), None));
        }
    }
    crate::ledger::apply_boxed(conn, change, &out)
}

fn pair(location_id: i64, category_id: i64, condition: Condition, quantity: i64) -> Movement {
    Movement {
        location_id,
        category_id,
        condition,
        quantity,
    }
}

// ---- HTTP ----

#[utoipa::path(get, path = "/api/v1/runs/{id}/boxes", tag = "runs", params(("id" = i64, Path, description = "the run's id")), responses((status = 200, description = "the run's boxes per stop, scanned or not", body = BoxSheet)))]
pub async fn sheet_api(state: web::Data<AppState>, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.db.read(move |c| sheet(c, id)).await?;
    Ok(HttpResponse::Ok().json(s))
}

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScanRequest {}

#[utoipa::path(post, path = "/api/v1/runs/{id}/boxes/{code}/scan", tag = "runs", params(("id" = i64, Path, description = "the run's id"), ("code" = String, Path, description = "the box's label code"), crate::openapi::IdempotencyHeader), request_body = ScanRequest, responses((status = 201, description = "the run's boxes per stop, this one scanned", body = BoxSheet)))]
pub async fn scan_api(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    path: web::Path<(i64, String)>,
    body: crate::web::json::JsonBody<ScanRequest>,
) -> AppResult<HttpResponse> {
    let (id, code) = path.into_inner();
    let now = state.clock.now();
    let handle = actor.handle.clone();
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        scan(c, id, &code, &handle, now)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/runs/{id}/shortfall", tag = "runs", params(("id" = i64, Path, description = "the run's id"), crate::openapi::IdempotencyHeader), request_body = ShortfallRequest, responses((status = 201, description = "the run's plan without the boxes not found", body = BoxSheet)))]
pub async fn shortfall_api(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    id: web::Path<i64>,
    body: crate::web::json::JsonBody<ShortfallRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let req = body.value;
    idempotency::once(&state, &actor, key, body.request_hash, move |c| {
        confirm_shortfall(c, id, &req, &handle, now)
    })
    .await
}

pub fn is_run_action(action: &str) -> bool {
    action == "load"
}

fn may_load(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Driver | Role::Warehouse | Role::Coordinator
    )
}

/// Runs being planned whose load sheet holds this box (unscanned), for the box page.
fn runs_for_box(conn: &mut DbConn, box_id: i64) -> AppResult<Vec<(i64, String, bool)>> {
    let planning = crate::runs::store::runs_in(conn, &[RunStatus::Planning.as_str()])?;
    let names = model::Names::load(conn)?;
    let mut out = Vec::new();
    for r in planning {
        let run = find_run(conn, r.id)?;
        if let Some((_, site, scanned)) = planned_boxes(conn, &run)?
            .into_iter()
            .find(|p| p.0.id == box_id)
        {
            let stop = names
                .location(Some(site))
                .map(|l| l.name.clone())
                .unwrap_or_default();
            out.push((r.id, stop, scanned));
        }
    }
    Ok(out)
}

/// The run part of a box page: "load onto run N" for each run that plans this box.
pub async fn box_page_part(state: &AppState, actor: &Actor, v: &BoxView) -> AppResult<Markup> {
    if !may_load(actor) || v.state != "filled" {
        return Ok(html! {});
    }
    let code = v.code.clone();
    let runs = state
        .db
        .read(move |c| {
            let row = model::find(c, &code)?;
            runs_for_box(c, row.id)
        })
        .await?;
    let action = actor.form_action(&v.path);
    Ok(html! {
        @for (run, stop, scanned) in &runs {
            section.box-action #{"run-" (run)} {
                h2 { "Run " (run) " → " (stop) }
                @if *scanned {
                    p { "✓ Ticked on the load sheet." }
                } @else {
                    form #{"do-load-" (run)} method="post" action=(action) {
                        input type="hidden" name="action" value="load";
                        input type="hidden" name="run" value=(run);
                        button.big type="submit" { "Load onto the van" }
                    }
                }
                p { a href={"/runs/" (run) "/boxes"} { "The run's box load sheet" } }
            }
        }
    })
}

/// `POST /b/{code}` with `action=load`: asks, then ticks the box on the run.
pub async fn page_action(
    state: &AppState,
    actor: &Actor,
    detail: &BoxDetail,
    fields: &[(String, String)],
) -> AppResult<HttpResponse> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
    };
    if !may_load(actor) {
        return Ok(crate::pages::error_page(&AppError::Forbidden(format!(
            "a {} cannot load a van",
            actor.role.as_str()
        ))));
    }
    let Some(run) = get("run").and_then(|r| r.parse::<i64>().ok()) else {
        return Ok(crate::pages::error_page(&AppError::invalid(
            "run",
            "say which run",
        )));
    };
    let v = &detail.view;
    if get("confirm").as_deref() != Some("yes") {
        let body = html! {
            h1 { "Are you sure?" }
            p.big #question { "Load box " (v.code) " (" (v.quantity) " × " (v.category_name.as_deref().unwrap_or("")) ") onto the van for run " (run) "?" }
            form #confirm-form method="post" action=(actor.form_action(&v.path)) {
                input type="hidden" name="action" value="load";
                input type="hidden" name="run" value=(run);
                input type="hidden" name="confirm" value="yes";
                button.big #confirm type="submit" { "Yes, it is in the van" }
                " "
                a.button.secondary #cancel href=(v.path) { "No, go back" }
            }
        };
        return Ok(page(
            StatusCode::OK,
            layout(Some(actor), "Confirm", None, body),
        ));
    }
    let code = v.code.clone();
    let handle = actor.handle.clone();
    let now = state.clock.now();
    // Scanning the same box twice for the same run is a tick already made: once.
    let key = IdempotencyKey(Some(format!("scan-{run}-{code}")));
    let result = idempotency::once(
        state,
        actor,
        key,
        format!("page-scan:{run}:{code}"),
        move |c| scan(c, run, &code, &handle, now),
    )
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/runs/{run}/boxes?scanned={}", v.code))),
        Err(e @ (AppError::Conflict { .. } | AppError::NotFound(_))) => {
            Ok(crate::pages::error_page(&e))
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct SheetQuery {
    pub scanned: Option<String>,
    pub short: Option<String>,
}

/// `/runs/{id}/boxes`: the box load sheet, per stop, ticked as the driver scans.
pub async fn sheet_page(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    query: web::Query<SheetQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let s = state.db.read(move |c| sheet(c, id)).await?;
    let q = query.into_inner();
    let flash = match (q.scanned, q.short) {
        (Some(code), _) => Some(Flash::Ok(format!(
            "Box {} ticked: {} of {} boxes scanned.",
            code.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(6)
                .collect::<String>(),
            s.scanned,
            s.planned
        ))),
        (_, Some(_)) => Some(Flash::Ok(
            "Shortfall confirmed: the missing boxes are out of the plan.".into(),
        )),
        _ => None,
    };
    Ok(render_sheet(&actor, &s, flash, StatusCode::OK))
}

fn render_sheet(
    actor: &Actor,
    s: &BoxSheet,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let missing = s.planned - s.scanned;
    let body = html! {
        h1 { "Run " (s.run) ": boxes" }
        p #box-count { (s.scanned) " of " (s.planned) " planned boxes scanned." }
        @for stop in &s.stops {
            section.group {
                h2 { (stop.stop_name) }
                @if stop.boxes.is_empty() {
                    p.muted { "No boxes for this stop: loose stock only." }
                } @else {
                    table.compact {
                        thead { tr { th { "" } th { "Box" } th { "What" } th.num { "Qty" } } }
                        tbody {
                            @for b in &stop.boxes {
                                tr data-code=(b.code) data-scanned=(b.scanned) {
                                    td { @if b.scanned { "✓" } @else { "☐" } }
                                    td { a.code href={"/b/" (b.code)} { (b.code) } }
                                    td { (b.category_name) " · " (b.condition) }
                                    td.num { (b.quantity) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if s.status == "planning" && missing > 0 {
            form #shortfall-form method="post" action=(actor.form_action(&format!("/runs/{}/boxes/shortfall", s.run))) {
                p { (missing) " box(es) not scanned. If they cannot be found, confirm the shortfall: they leave the plan and the van can be loaded without them." }
                button.secondary #shortfall type="submit" { "Confirm the shortfall" }
            }
        }
        p { a href={"/runs/" (s.run)} { "Back to the run" } " · " a href="/b" { "Type a code" } }
    };
    page(
        status,
        layout(Some(actor), &format!("Run {} boxes", s.run), flash, body),
    )
}

/// `POST /runs/{id}/boxes/shortfall` from the load sheet.
pub async fn shortfall_page(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let result = state
        .db
        .write(move |c| confirm_shortfall(c, id, &ShortfallRequest {}, &handle, now))
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/runs/{id}/boxes?short=1"))),
        Err(e @ AppError::Conflict { .. }) => {
            let s = state.db.read(move |c| sheet(c, id)).await?;
            Ok(render_sheet(
                &actor,
                &s,
                Some(Flash::Error(e.to_string())),
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(e),
    }
}
