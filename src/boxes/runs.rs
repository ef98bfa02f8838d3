//! Runs with boxes: which boxes meet a run's plan (the box load sheet, per stop), the
//! driver's scan that ticks a box as loaded, the shortfall a driver confirms (which
//! takes the missing boxes out of the plan), and the boxes riding along when the run
//! loads, delivers and returns. Kept apart from `runs/`, which calls in at one point:
//! `apply_step`, in place of its `ledger::apply` for load, delivery and return.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::auth::{Actor, Role};
use crate::boxes::facts::BoxFacts;
use crate::boxes::model::{self, shift, BoxDetail, BoxView};
use crate::boxes::store::{self, BoxFilter, BoxRow};
use crate::catalog::Condition;
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

/// A box to open at loading: `take` of what it holds go loose onto the van.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct SheetOpen {
    pub code: String,
    pub category: String,
    pub category_name: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub take: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct SheetStop {
    pub stop: String,
    pub stop_name: String,
    pub boxes: Vec<SheetBox>,
    /// Boxes the load opens for what whole boxes and loose stock do not cover.
    pub open: Vec<SheetOpen>,
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

/// A box's content as the key of a planned line: (category id, condition).
type Kind = (i64, Condition);

/// One box to open while loading: `take` of what it holds goes loose onto the van for
/// the stop `site_id`, because no whole box fits what is left of the stop's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub box_id: i64,
    pub site_id: i64,
    pub take: i64,
}

/// What loading a run takes from the origin: whole boxes (box, stop site id, scanned)
/// and, while the run is being planned, the boxes to open for the rest.
pub struct Board {
    pub boxes: Vec<(BoxRow, i64, bool)>,
    pub opened: Vec<(BoxRow, Opening)>,
}

/// (box, stop site id, scanned) for every box on the run: the scanned ones as recorded,
/// then, while the run is being planned, whole boxes at the origin that fit what is left
/// of each planned line (biggest first, then by code), not scanned for another run.
pub fn planned_boxes(conn: &mut DbConn, run: &Run) -> AppResult<Vec<(BoxRow, i64, bool)>> {
    Ok(board(conn, run)?.boxes)
}

/// The rule of docs/needs-and-priorities.md ("Boxes on a run"): whole boxes that fit a
/// stop's line are on the load sheet and are scanned; the rest of each line comes from
/// loose stock at the origin, then out of spare boxes there (`open_for_rest`). So every
/// plan the planner makes from boxed and loose stock can be loaded.
pub fn board(conn: &mut DbConn, run: &Run) -> AppResult<Board> {
    let recorded = store::run_boxes(conn)?;
    let mut boxes = Vec::new();
    let mut left: BTreeMap<(i64, Kind), i64> = BTreeMap::new();
    for l in &run.lines {
        *left
            .entry((l.site_id, (l.category_id, l.condition)))
            .or_insert(0) += l.quantity;
    }
    // A box recorded for a run still on its way (scanned, or missing in a confirmed
    // shortfall) is not free for another, nor to be opened.
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
        .filter(|r| active.contains(&r.0) || r.0 == run.row.id)
        .map(|r| r.1)
        .collect();
    for &(_, box_id, site, _) in recorded
        .iter()
        .filter(|r| r.0 == run.row.id && r.3.is_some())
    {
        let row = store::find(conn, box_id)?;
        if let Some(kind) = kind_of(&row) {
            if let Some(q) = left.get_mut(&(site, kind)) {
                *q -= row.quantity;
            }
        }
        boxes.push((row, site, true));
    }
    if run.status()? != RunStatus::Planning {
        return Ok(Board {
            boxes,
            opened: Vec::new(),
        });
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
    let mut keys: Vec<(i64, Kind)> = left.keys().cloned().collect();
    keys.sort_by_key(|k| stop_order.iter().position(|s| *s == k.0));
    let mut spare = vec![true; candidates.len()];
    for key in &keys {
        for (b, free) in candidates.iter().zip(spare.iter_mut()) {
            let remaining = left.get(key).copied().unwrap_or(0);
            if *free && kind_of(b).as_ref() == Some(&key.1) && b.quantity <= remaining {
                left.insert(*key, remaining - b.quantity);
                boxes.push((b.clone(), key.0, false));
                // Spent: one box goes to one stop.
                *free = false;
            }
        }
    }
    let spare: Vec<BoxRow> = candidates
        .into_iter()
        .zip(spare)
        .filter_map(|(b, free)| free.then_some(b))
        .collect();
    let rests: Vec<((i64, Kind), i64)> = keys
        .iter()
        .map(|k| (*k, left.get(k).copied().unwrap_or(0)))
        .filter(|(_, q)| *q > 0)
        .collect();
    let mut loose: BTreeMap<Kind, i64> = BTreeMap::new();
    for ((_, kind), _) in &rests {
        if !loose.contains_key(kind) {
            let (o, (c, k)) = (run.row.origin_id, kind);
            let have = crate::ledger::store::stock_quantity(conn, o, *c, k.as_str())?
                - store::boxed_quantity(conn, o, *c, k.as_str())?;
            loose.insert(*kind, have);
        }
    }
    let spare_kinds: Vec<(i64, Kind, i64)> = spare
        .iter()
        .filter_map(|b| kind_of(b).map(|k| (b.id, k, b.quantity)))
        .collect();
    let opened = open_for_rest(&rests, &mut loose, &spare_kinds)
        .into_iter()
        .filter_map(|o| {
            let row = spare.iter().find(|b| b.id == o.box_id)?.clone();
            Some((row, o))
        })
        .collect();
    Ok(Board { boxes, opened })
}

fn kind_of(b: &BoxRow) -> Option<Kind> {
    match (b.category_id, b.condition) {
        (Some(c), Some(k)) if b.quantity > 0 => Some((c, k)),
        _ => None,
    }
}

/// What whole boxes leave of each stop's line (`rests`, in stop order) comes from loose
/// stock first (`loose`, drawn down), then out of `spare` boxes (id, kind, quantity): the
/// smallest box that holds the rest, else the biggest and on to the next, so as few
/// boxes as possible are opened. What neither covers is left for the ledger to refuse.
pub fn open_for_rest(
    rests: &[((i64, Kind), i64)],
    loose: &mut BTreeMap<Kind, i64>,
    spare: &[(i64, Kind, i64)],
) -> Vec<Opening> {
    let mut holds: BTreeMap<i64, i64> = spare.iter().map(|(id, _, q)| (*id, *q)).collect();
    let mut out = Vec::new();
    for ((site, kind), rest) in rests {
        let pool = loose.entry(*kind).or_insert(0);
        let from_loose = (*rest).min(*pool).max(0);
        *pool -= from_loose;
        let mut rest = rest - from_loose;
        while rest > 0 {
            let fitting: Vec<(i64, i64)> = spare
                .iter()
                .filter(|(_, k, _)| k == kind)
                .map(|(id, _, _)| (*id, holds.get(id).copied().unwrap_or(0)))
                .filter(|(_, q)| *q > 0)
                .collect();
            let pick = fitting
                .iter()
                .filter(|(_, q)| *q >= rest)
                .min_by_key(|(id, q)| (*q, *id))
                .or_else(|| {
                    fitting
                        .iter()
                        .max_by_key(|(id, q)| (*q, std::cmp::Reverse(*id)))
                });
            let Some(&(box_id, q)) = pick else { break };
            let take = q.min(rest);
            holds.insert(box_id, q - take);
            rest -= take;
            out.push(Opening {
                box_id,
                site_id: *site,
                take,
            });
        }
    }
    out
}

pub fn sheet(conn: &mut DbConn, run_id: i64) -> AppResult<BoxSheet> {
    let run = find_run(conn, run_id)?;
    let names = model::Names::load(conn)?;
    let board = board(conn, &run)?;
    let what = |b: &BoxRow| {
        let cat = names.category(b.category_id);
        (
            cat.map(|c| c.slug.clone()).unwrap_or_default(),
            cat.map(|c| c.name.clone()).unwrap_or_default(),
            b.condition
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
        )
    };
    let mut stops = Vec::new();
    for s in &run.stops {
        let loc = names.location(Some(s.site_id));
        let boxes = board
            .boxes
            .iter()
            .filter(|(_, site, _)| *site == s.site_id)
            .map(|(b, _, scanned)| {
                let (category, category_name, condition) = what(b);
                SheetBox {
                    code: b.code.clone(),
                    category,
                    category_name,
                    condition,
                    quantity: b.quantity,
                    scanned: *scanned,
                }
            })
            .collect();
        let open = board
            .opened
            .iter()
            .filter(|(_, o)| o.site_id == s.site_id)
            .map(|(b, o)| {
                let (category, category_name, condition) = what(b);
                SheetOpen {
                    code: b.code.clone(),
                    category,
                    category_name,
                    condition,
                    take: o.take,
                }
            })
            .collect();
        stops.push(SheetStop {
            stop: loc.map(|l| l.slug.clone()).unwrap_or_default(),
            stop_name: loc.map(|l| l.name.clone()).unwrap_or_default(),
            boxes,
            open,
        });
    }
    Ok(BoxSheet {
        run: run_id,
        status: run.row.status.to_string(),
        scanned: board.boxes.iter().filter(|p| p.2).count(),
        planned: board.boxes.len(),
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
    let row = model::find_for_change(conn, code)?;
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
    store::put_on_run(conn, run_id, row.id, *site, Some(now))?;
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
                && Some(l.condition) == b.condition
        }) {
            l.quantity -= b.quantity;
        }
    }
    lines.retain(|l| l.quantity > 0);
    crate::runs::store::replace_lines(conn, run_id, &lines)?;
    // Recorded unscanned: a box nobody could find is neither planned again nor opened.
    for (b, site) in &missing {
        store::put_on_run(conn, run_id, b.id, *site, None)?;
    }
    sheet(conn, run_id)
}

/// One step of a run on the road (load, delivery, return) in place of `ledger::apply`:
/// `moves` are the run's loose moves from one place to another; the run's boxes for the
/// step move as boxes and the loose moves shrink by what they hold, in one change.
/// Loading refuses while a planned box is unscanned (409 `boxes_unscanned`), and opens
/// the boxes the load sheet says to open when loose stock does not cover the rest.
pub fn apply_step(conn: &mut DbConn, change: &Change, moves: &[Movement]) -> AppResult<usize> {
    let from = moves.iter().find(|m| m.quantity < 0).map(|m| m.location_id);
    let to = moves.iter().find(|m| m.quantity > 0).map(|m| m.location_id);
    let (Some(from), Some(to)) = (from, to) else {
        return crate::ledger::apply(conn, change, moves);
    };
    let run = find_run(conn, change.cause_id)?;
    let board = board(conn, &run)?;
    let loading = change.cause == Cause::Load;
    if loading {
        let unscanned: Vec<&str> = board
            .boxes
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
    let mut wanted: BTreeMap<(i64, Condition), i64> = BTreeMap::new();
    for m in moves.iter().filter(|m| m.quantity < 0) {
        *wanted.entry((m.category_id, m.condition)).or_insert(0) -= m.quantity;
    }
    // A delivery takes only the boxes for its stop, and only those that fit what the
    // site took; every scanned box is in the van once loaded.
    let stop = (change.cause == Cause::Delivery).then_some(to);
    let mut riding: Vec<&BoxRow> = board
        .boxes
        .iter()
        .filter(|(b, site, scanned)| {
            *scanned && b.location_id == Some(from) && stop.is_none_or(|s| s == *site)
        })
        .map(|(b, _, _)| b)
        .collect();
    riding.sort_by(|a, b| b.quantity.cmp(&a.quantity).then(a.code.cmp(&b.code)));
    let mut out: Vec<(Movement, Option<i64>)> = Vec::new();
    let mut left_behind: Vec<&BoxRow> = Vec::new();
    for b in riding {
        let Some((_, cat, cond)) = b.key() else {
            continue;
        };
        let left = wanted.entry((cat, cond)).or_insert(0);
        if loading || b.quantity <= *left {
            *left = (*left - b.quantity).max(0);
            out.extend(shift(
                ((from, cat, cond), Some(b.id)),
                ((to, cat, cond), Some(b.id)),
                b.quantity,
            ));
        } else {
            left_behind.push(b);
        }
    }
    // Loading opens the boxes the load sheet says; a stop that takes less than its
    // boxes hold gets the rest out of them, the loose stock staying for later stops.
    let (opened, onto_van): (Vec<(BoxRow, i64)>, bool) = if loading {
        let opened = board.opened.iter().map(|(b, o)| (b.clone(), o.take));
        (opened.collect(), true)
    } else if stop.is_some() {
        (open_at_stop(to, &wanted, &left_behind), false)
    } else {
        (Vec::new(), false)
    };
    for (b, take) in &opened {
        let Some((_, cat, cond)) = b.key() else {
            continue;
        };
        let left = wanted.entry((cat, cond)).or_insert(0);
        *left = (*left - take).max(0);
        out.extend(shift(
            ((from, cat, cond), Some(b.id)),
            ((to, cat, cond), None),
            *take,
        ));
        let (n, run) = (*take, run.row.id);
        let facts = if onto_van {
            BoxFacts::OpenedOntoVan { n, run }
        } else {
            BoxFacts::OpenedAtStop { n, run }
        };
        let doing = model::Doing::new(crate::boxes::facts::ActionKind::Opened, facts);
        model::note(conn, b.id, doing, change.actor, change.at)?;
    }
    for (&(cat, cond), &loose) in wanted.iter().filter(|(_, q)| **q > 0) {
        out.extend(shift(
            ((from, cat, cond), None),
            ((to, cat, cond), None),
            loose,
        ));
    }
    crate::ledger::apply_boxed(conn, change, &out)
}

/// At a stop that takes less than the boxes for it hold: what the whole boxes do not
/// cover comes out of the stop's other boxes (`open_for_rest`, which ride on), before
/// any loose stock on the van, which is the later stops' share.
fn open_at_stop(
    site: i64,
    wanted: &BTreeMap<(i64, Condition), i64>,
    boxes: &[&BoxRow],
) -> Vec<(BoxRow, i64)> {
    let rests: Vec<((i64, Kind), i64)> = wanted
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(&(cat, cond), &n)| ((site, (cat, cond)), n))
        .collect();
    let spare: Vec<(i64, Kind, i64)> = boxes
        .iter()
        .filter_map(|b| kind_of(b).map(|k| (b.id, k, b.quantity)))
        .collect();
    open_for_rest(&rests, &mut BTreeMap::new(), &spare)
        .into_iter()
        .filter_map(|o| {
            let b = boxes.iter().find(|b| b.id == o.box_id)?;
            Some(((*b).clone(), o.take))
        })
        .collect()
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
    let action = &v.path;
    let token = crate::web::form::csrf_field(actor);
    Ok(html! {
        @for (run, stop, scanned) in &runs {
            section.box-action #{"run-" (run)} {
                h2 { (crate::t!("runs-boxsheet-run-to", id = *run, site = stop)) }
                @if *scanned {
                    p { "✓ " (crate::t!("runs-boxsheet-ticked-already")) }
                } @else {
                    form #{"do-load-" (run)} method="post" novalidate action=(action) {
                        (token)
                        input type="hidden" name="action" value="load";
                        input type="hidden" name="run" value=(run);
                        button.big type="submit" { (crate::t!("runs-boxsheet-load")) }
                    }
                }
                p { a href={"/runs/" (run) "/boxes"} { (crate::t!("runs-boxsheet-link")) } }
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
    if !crate::web::confirm::is_confirmed_in(fields) {
        let again = [
            ("action".to_string(), "load".to_string()),
            ("run".to_string(), run.to_string()),
        ];
        return Ok(crate::web::confirm::confirm_page(
            actor,
            &crate::web::confirm::Confirmation {
                title: &crate::t!("runs-boxsheet-sure"),
                restated: html! {
                    p.big #question { (crate::t!("runs-boxsheet-question", code = &v.code, n = v.quantity,
                        item = v.category_name.as_deref().unwrap_or(""), id = run)) }
                },
                action: &v.path,
                fields: &again,
                confirm_label: &crate::t!("runs-boxsheet-yes"),
                cancel_href: &v.path,
            },
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
        (Some(code), _) => Some(Flash::Ok(crate::t!(
            "runs-boxsheet-ticked",
            code = code
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(6)
                .collect::<String>(),
            scanned = s.scanned,
            planned = s.planned
        ))),
        (_, Some(_)) => Some(Flash::Ok(crate::t!("runs-boxsheet-short-done"))),
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
        h1 { (crate::t!("runs-boxsheet-title", id = s.run)) }
        p #box-count { (crate::t!("runs-boxsheet-count", scanned = s.scanned, planned = s.planned)) }
        @for stop in &s.stops {
            section.group {
                h2 { (stop.stop_name) }
                @if stop.boxes.is_empty() && stop.open.is_empty() {
                    p.muted { (crate::t!("runs-boxsheet-none")) }
                } @else if !stop.boxes.is_empty() {
                    table.compact {
                        thead { tr { th { "" } th { (crate::t!("runs-boxsheet-col-box")) } th { (crate::t!("runs-boxsheet-col-what")) } th.num { (crate::t!("runs-boxsheet-col-qty")) } } }
                        tbody {
                            @for b in &stop.boxes {
                                tr data-code=(b.code) data-scanned=(b.scanned) {
                                    td { @if b.scanned { "✓" } @else { "☐" } }
                                    td { a.code href={"/b/" (b.code)} { (b.code) } }
                                    td { (b.category_name) " · " (Condition::label_of(&b.condition)) }
                                    td.num { (crate::i18n::format::number(b.quantity)) }
                                }
                            }
                        }
                    }
                }
                (open_list(&stop.open, &|o: &SheetOpen| o.category_name.clone()))
            }
        }
        @if s.status == "planning" && missing > 0 {
            form #shortfall-form method="post" novalidate action=(&format!("/runs/{}/boxes/shortfall", s.run)) {
                (crate::web::form::csrf_field(actor))
                p { (crate::t!("runs-boxsheet-missing", n = missing)) }
                button.secondary #shortfall type="submit" { (crate::t!("runs-boxsheet-confirm-short")) }
            }
        }
        p { a href={"/runs/" (s.run)} { (crate::t!("runs-back-to-run")) } " · " a href="/b" { (crate::t!("runs-boxsheet-type-code")) } }
    };
    page(
        status,
        layout(
            Some(actor),
            &crate::t!("runs-boxsheet-page", id = s.run),
            flash,
            body,
        ),
    )
}

/// The boxes loading opens, for a stop or a line: loose stock at the origin is short.
/// `item` names what a box holds in the request's language.
fn open_list(open: &[SheetOpen], item: &dyn Fn(&SheetOpen) -> String) -> Markup {
    html! {
        @if !open.is_empty() {
            ul.open-boxes {
                @for o in open {
                    li { (with_code_link(&crate::t!("runs-box-open", code = &o.code, n = o.take,
                        item = item(o), condition = Condition::label_of(&o.condition)), &o.code)) }
                }
            }
        }
    }
}

/// A translated sentence with the box's code in it, the code a link to the box's page
/// wherever the language puts it.
fn with_code_link(text: &str, code: &str) -> Markup {
    match text.split_once(code) {
        Some((before, after)) => html! { (before) a.code href={"/b/" (code)} { (code) } (after) },
        None => html! { (text) " " a.code href={"/b/" (code)} { (code) } },
    }
}

/// Under one line of a run's load sheet (`runs/pages.rs`): the codes of the boxes that
/// carry it to `stop`, and the boxes to open for the rest; `item` is the line's goods
/// by their name in the request's language.
pub fn line_note(
    sheet: &BoxSheet,
    stop: &str,
    category: &str,
    condition: &str,
    item: &str,
) -> Markup {
    let Some(s) = sheet.stops.iter().find(|s| s.stop == stop) else {
        return html! {};
    };
    let same = |c: &str, k: &str| c == category && k == condition;
    let boxes: Vec<&SheetBox> = s
        .boxes
        .iter()
        .filter(|b| same(&b.category, &b.condition))
        .collect();
    let open: Vec<SheetOpen> = s
        .open
        .iter()
        .filter(|o| same(&o.category, &o.condition))
        .cloned()
        .collect();
    html! {
        @if !boxes.is_empty() {
            span.boxes { " — " (crate::t!("runs-box-in")) " "
                @for (i, b) in boxes.iter().enumerate() {
                    @if i > 0 { (crate::i18n::format::list_separator()) }
                    @if b.scanned { "✓ " }
                    a.code href={"/b/" (b.code)} { (b.code) } " "
                    (crate::t!("runs-box-holds", n = b.quantity))
                }
            }
        }
        (open_list(&open, &|_: &SheetOpen| item.to_string()))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kind() -> Kind {
        (1, Condition::Good)
    }

    #[test]
    fn loose_stock_first_then_as_few_boxes_as_possible() {
        let spare = [(10, kind(), 4), (11, kind(), 9), (12, kind(), 6)];
        // Oak's rest is 3: 2 loose, then 1 out of the smallest box that holds it.
        // Heron's rest is 12: nothing loose is left, no box holds 12, so the biggest (9)
        // and then the smallest that holds the last 3 (4 left in box 10 — 1 was taken).
        let rests = [((100, kind()), 3), ((200, kind()), 12)];
        let mut loose = BTreeMap::from([(kind(), 2)]);
        let open = open_for_rest(&rests, &mut loose, &spare);
        let o = |box_id, site_id, take| Opening {
            box_id,
            site_id,
            take,
        };
        assert_eq!(open, [o(10, 100, 1), o(11, 200, 9), o(10, 200, 3)]);
        assert_eq!(loose[&kind()], 0);
    }

    #[test]
    fn nothing_is_opened_when_loose_stock_covers_the_rest() {
        let mut loose = BTreeMap::from([(kind(), 5)]);
        let rests = [((100, kind()), 5)];
        assert!(open_for_rest(&rests, &mut loose, &[(10, kind(), 9)]).is_empty());
    }

    #[test]
    fn only_boxes_of_the_same_kind_are_opened_and_a_gap_is_left_to_the_ledger() {
        let other = (2, Condition::Good);
        let mut loose = BTreeMap::new();
        let rests = [((100, kind()), 5)];
        let open = open_for_rest(&rests, &mut loose, &[(10, other, 9), (11, kind(), 2)]);
        assert_eq!(
            open,
            [Opening {
                box_id: 11,
                site_id: 100,
                take: 2
            }]
        );
    }
}
