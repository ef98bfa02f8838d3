//! Run pages: the list with a form to start a run, and one run's page with its plan
//! and why, the hand-edit form, the printable load sheet and the driver's buttons.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::{Actor, Role};
use crate::error::{AppError, AppResult};
use crate::ledger::Quantity;
use crate::locations::LocationKind;
use crate::runs::model::{
    self, DeliverRequest, EditLine, LinesRequest, PlanResponse, RunRequest, RunView, VanView,
};
use crate::state::AppState;
use crate::web::{layout, page, see_other, Flash};

type Fields = web::Form<Vec<(String, String)>>;

fn may_plan(actor: &Actor) -> bool {
    matches!(actor.role, Role::Warehouse | Role::Coordinator)
}

fn may_drive(actor: &Actor) -> bool {
    matches!(actor.role, Role::Driver | Role::Coordinator)
}

struct ListContext {
    runs: Vec<RunView>,
    vans: Vec<VanView>,
    warehouses: Vec<String>,
    sites: Vec<String>,
}

async fn list_context(state: &AppState, show_address: bool) -> AppResult<ListContext> {
    state
        .db
        .read(move |c| {
            let slugs = |c: &mut crate::db::DbConn, k: LocationKind| -> AppResult<Vec<String>> {
                Ok(crate::locations::store::all(c, Some(k.as_str()))?
                    .into_iter()
                    .map(|l| l.slug)
                    .collect())
            };
            Ok(ListContext {
                runs: model::list(c, show_address)?,
                vans: model::vans(c)?,
                warehouses: slugs(c, LocationKind::Warehouse)?,
                sites: slugs(c, LocationKind::Site)?,
            })
        })
        .await
}

fn render_list(actor: &Actor, ctx: &ListContext, flash: Option<Flash>) -> Markup {
    let stop_fields = ctx.sites.len().clamp(1, 6);
    let body = html! {
        h1 { "Van runs" }
        @if ctx.runs.is_empty() {
            p { "No runs yet." }
        } @else {
            table.compact {
                thead { tr { th { "Run" } th { "Van" } th { "From" } th { "Departs" } th { "Status" } } }
                tbody {
                    @for r in &ctx.runs {
                        tr {
                            td { a href={ "/runs/" (r.id) } { "#" (r.id) } }
                            td { (r.van) }
                            td { (r.origin) }
                            td { (r.departs_on) }
                            td { (r.status) }
                        }
                    }
                }
            }
        }
        @if may_plan(actor) {
            h2 { "Start a run" }
            @if ctx.vans.is_empty() {
                p { "No vans yet: a coordinator adds them with POST /api/v1/vans." }
            } @else {
                form method="post" action=(actor.form_action("/runs")) {
                    p.field { label for="van" { "Van" } br;
                        select id="van" name="van" {
                            @for v in &ctx.vans { option value=(v.slug) { (v.name) " (" (v.capacity_l) " l, " (v.payload_kg) " kg)" } }
                        }
                    }
                    p.field { label for="origin" { "From warehouse" } br;
                        select id="origin" name="origin" {
                            @for w in &ctx.warehouses { option value=(w) { (w) } }
                        }
                    }
                    @for i in 1..=stop_fields {
                        p.field { label for={ "stop" (i) } { "Stop " (i) } br;
                            select id={ "stop" (i) } name={ "stop" (i) } {
                                option value="" { "—" }
                                @for s in &ctx.sites { option value=(s) { (s) } }
                            }
                        }
                    }
                    p.field { label for="departs_on" { "Departs on" } br;
                        input id="departs_on" name="departs_on" type="date" required;
                    }
                    button type="submit" { "Start the run" }
                }
            }
        }
    };
    layout(Some(actor), "Van runs", flash, body)
}

pub async fn list_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let ctx = list_context(&state, actor.may_see_addresses()).await?;
    Ok(page(StatusCode::OK, render_list(&actor, &ctx, None)))
}

pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let values = fields.into_inner();
    let get = |k: &str| {
        values
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut stops: Vec<(usize, String)> = values
        .iter()
        .filter_map(|(n, v)| {
            let i = n.strip_prefix("stop")?.parse::<usize>().ok()?;
            (!v.trim().is_empty()).then(|| (i, v.trim().to_string()))
        })
        .collect();
    stops.sort();
    let departs_on = chrono::NaiveDate::parse_from_str(&get("departs_on"), "%Y-%m-%d");
    let result = match departs_on {
        Err(_) => Err(AppError::invalid("departs_on", "choose a departure date")),
        Ok(departs_on) => {
            let req = RunRequest {
                van: get("van"),
                origin: get("origin"),
                stops: stops.into_iter().map(|(_, s)| s).collect(),
                departs_on,
            };
            let now = state.clock.now();
            let handle = actor.handle.clone();
            state
                .db
                .write(move |c| model::create_run(c, &req, &handle, now))
                .await
        }
    };
    match result {
        Ok(run) => Ok(see_other(&format!("/runs/{}", run.id))),
        Err(e) => {
            let ctx = list_context(&state, actor.may_see_addresses()).await?;
            Ok(page(
                actix_web::ResponseError::status_code(&e),
                render_list(&actor, &ctx, Some(Flash::Error(describe(&e)))),
            ))
        }
    }
}

/// The message with every field's problem, for a page.
fn describe(e: &AppError) -> String {
    match e {
        AppError::Invalid { details, .. } if details.len() > 1 => details
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn render_run(
    actor: &Actor,
    run: &RunView,
    plan: Option<&PlanResponse>,
    flash: Option<Flash>,
) -> Markup {
    let planning = run.status == "planning";
    let on_road = run.status == "loaded";
    let body = html! {
        h1 { "Run #" (run.id) ": " (run.van_name) }
        p { "From " strong { (run.origin) } " on " (run.departs_on) " · status " strong { (run.status) }
            " · " (format!("{:.0}", run.volume_l)) " of " (run.capacity_l) " l, "
            (format!("{:.0}", run.weight_kg)) " of " (run.payload_kg) " kg" }
        p.noprint { a href={ "/api/v1/runs/" (run.id) "/manifest.csv" } { "Manifest (CSV)" } " · " a href="/runs" { "All runs" } }

        @if let Some(p) = plan { (explanation(p)) }

        @if planning && may_plan(actor) {
            section.noprint {
                form method="post" action=(actor.form_action(&format!("/runs/{}/plan", run.id))) {
                    button type="submit" { @if run.lines.is_empty() { "Plan the load" } @else { "Plan again" } }
                }
                @if !run.lines.is_empty() {
                    h2 { "Edit quantities" }
                    form method="post" action=(actor.form_action(&format!("/runs/{}/lines", run.id))) {
                        table.compact {
                            thead { tr { th { "Stop" } th { "Category" } th { "Condition" } th { "Count" } } }
                            tbody {
                                @for l in &run.lines {
                                    tr {
                                        td { (l.stop) }
                                        td { (l.category) }
                                        td { (l.condition) }
                                        td { input type="number" min="0" max="1000000" inputmode="numeric"
                                            name={ "q:" (l.stop) ":" (l.category) ":" (l.condition) }
                                            value=(l.quantity) aria-label={ (l.category) " for " (l.stop) }; }
                                    }
                                }
                            }
                        }
                        button.secondary type="submit" { "Save quantities" }
                    }
                }
            }
        }

        section.load-sheet {
            h2 { "Load sheet" }
            @for s in &run.stops {
                h3 { "Stop " (s.position) ": " (s.site_name) " (" (s.site) ")"
                    @if s.delivered_at.is_some() { " — delivered" } }
                @if let Some(a) = &s.address { p { (a) } }
                ul.ticks {
                    @for l in run.lines.iter().filter(|l| l.stop == s.site) {
                        li { "☐ " (l.quantity) " × " (l.category) " (" (l.condition) ")" }
                    }
                }
            }
        }

        @if may_drive(actor) || may_plan(actor) {
            section.noprint.driver {
                h2 { "Driver" }
                @if planning && !run.lines.is_empty() {
                    form method="post" action=(actor.form_action(&format!("/runs/{}/load", run.id))) {
                        button.big type="submit" { "Loaded: everything on the sheet is in the van" }
                    }
                }
                @if on_road && may_drive(actor) {
                    @for s in run.stops.iter().filter(|s| s.delivered_at.is_none()) {
                        form method="post" action=(actor.form_action(&format!("/runs/{}/deliver", run.id))) {
                            input type="hidden" name="stop" value=(s.site);
                            button.big type="submit" { "Delivered at " (s.site_name) }
                        }
                    }
                }
                @if on_road || run.status == "delivered" {
                    form method="post" action=(actor.form_action(&format!("/runs/{}/return", run.id))) {
                        button.big.secondary type="submit" { "Back at " (run.origin) ": unload what is left" }
                    }
                }
                @if run.status == "done" { p { "This run is done." } }
            }
        }
    };
    layout(Some(actor), &format!("Run #{}", run.id), flash, body)
}

fn explanation(p: &PlanResponse) -> Markup {
    let fmt_ratio = |x: f64| {
        if x.is_finite() {
            format!("{x:.2}")
        } else {
            "—".to_string()
        }
    };
    html! {
        section.plan {
            h2 { "Why this load" }
            p { "Total value " strong { (format!("{:.0}", p.plan.total_value)) }
                " (the best possible with fractional units would be " (format!("{:.1}", p.plan.lp_bound)) "). "
                "Volume " (format!("{:.0}%", 100.0 * p.plan.volume_fill)) " full, payload "
                (format!("{:.0}%", 100.0 * p.plan.payload_fill)) " full." }
            table.compact {
                thead { tr { th { "Category" } th { "Count" } th { "Value/l" } th { "Value/kg" } th { "Per stop" } } }
                tbody {
                    @for l in &p.plan.lines {
                        tr {
                            td { (l.category) }
                            td { (l.quantity) }
                            td { (fmt_ratio(l.value_per_litre)) }
                            td { (fmt_ratio(l.value_per_kg)) }
                            td { (p.stops.iter().zip(&l.per_stop).map(|(s, q)| format!("{s} {q}")).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
            @if !p.plan.left_behind.is_empty() {
                h3 { "Left behind" }
                ul { @for l in &p.plan.left_behind { li { (l.reason) } } }
            }
        }
    }
}

async fn show(
    state: &AppState,
    actor: &Actor,
    id: i64,
    plan: Option<&PlanResponse>,
    flash: Option<Flash>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let show_address = actor.may_see_addresses();
    let run = state
        .db
        .read(move |c| model::view(c, id, show_address))
        .await?;
    Ok(page(status, render_run(actor, &run, plan, flash)))
}

pub async fn run_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    show(
        &state,
        &actor,
        path.into_inner(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// After a step: back to the run, or the run again with what went wrong.
async fn after<T>(
    state: &AppState,
    actor: &Actor,
    id: i64,
    result: AppResult<T>,
) -> AppResult<HttpResponse> {
    match result {
        Ok(_) => Ok(see_other(&format!("/runs/{id}"))),
        Err(AppError::NotFound(m)) => Err(AppError::NotFound(m)),
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            show(
                state,
                actor,
                id,
                None,
                Some(Flash::Error(describe(&e))),
                status,
            )
            .await
        }
    }
}

pub async fn plan(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    match state.db.write(move |c| model::plan_run(c, id)).await {
        Ok(p) => {
            let run = {
                let show_address = actor.may_see_addresses();
                state
                    .db
                    .read(move |c| model::view(c, id, show_address))
                    .await?
            };
            Ok(page(
                StatusCode::OK,
                render_run(
                    &actor,
                    &run,
                    Some(&p),
                    Some(Flash::Ok(
                        "Planned: the load below is the best for the van.".into(),
                    )),
                ),
            ))
        }
        Err(e) => after::<()>(&state, &actor, id, Err(e)).await,
    }
}

pub async fn lines(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (name, value) in fields.into_inner() {
        let Some(key) = name.strip_prefix("q:") else {
            continue;
        };
        let parts: Vec<&str> = key.split(':').collect();
        let [stop, category, condition] = parts[..] else {
            bad.push(format!("unreadable field {name}"));
            continue;
        };
        if seen.insert(key.to_string(), ()).is_some() {
            continue;
        }
        let n: i64 = match value.trim().parse() {
            Ok(n) => n,
            Err(_) => {
                bad.push(format!("{category} for {stop}: '{value}' is not a number"));
                continue;
            }
        };
        if n == 0 {
            continue;
        }
        let (Ok(quantity), Ok(condition)) = (Quantity::parse(n), condition.parse()) else {
            bad.push(format!("{category} for {stop}: {n} is not a count"));
            continue;
        };
        lines.push(EditLine {
            category: category.to_string(),
            condition,
            quantity,
            stop: stop.to_string(),
        });
    }
    let result = if bad.is_empty() {
        let req = LinesRequest { lines };
        state.db.write(move |c| model::set_lines(c, id, &req)).await
    } else {
        Err(AppError::invalid("lines", bad.join("; ")))
    };
    after(&state, &actor, id, result).await
}

pub async fn load(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let result = state
        .db
        .write(move |c| model::load(c, id, &handle, now))
        .await;
    after(&state, &actor, id, result).await
}

pub async fn deliver(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let stop = fields
        .into_inner()
        .into_iter()
        .find(|(n, _)| n == "stop")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let req = DeliverRequest { stop, lines: None };
    let result = state
        .db
        .write(move |c| model::deliver(c, id, &req, &handle, now))
        .await;
    after(&state, &actor, id, result).await
}

pub async fn return_run(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let result = state
        .db
        .write(move |c| model::return_run(c, id, &handle, now))
        .await;
    after(&state, &actor, id, result).await
}
