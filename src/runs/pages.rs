//! Run pages: the list with a form to start a run, and one run's page with its plan
//! and why, the hand-edit form, the printable load sheet and the driver's buttons.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::{Actor, Role};
use crate::boxes::runs::BoxSheet;
use crate::error::{AppError, AppResult};
use crate::ledger::lines::LineRequest;
use crate::ledger::Quantity;
use crate::locations::LocationKind;
use crate::runs::fleet_model::DayPlanResponse;
use crate::runs::model::{
    self, DeliverRequest, EditLine, LinesRequest, PlanResponse, RunRequest, RunView, VanView,
};
use crate::state::AppState;
use crate::web::{layout, page, see_other, Flash};

type Fields = web::Form<Vec<(String, String)>>;

/// The run pages issue 17 added; the older ones are registered in `crate::pages`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/runs/day/{day}", web::get().to(day_page))
        .route("/runs/day/{day}/plan", web::post().to(plan_day))
        .route("/runs/{id}/sheet", web::get().to(sheet_page))
        .route("/runs/{id}/stops/{site}", web::get().to(stop_page))
        .route("/runs/{id}/return", web::get().to(return_page))
        .route("/runs/{id}/cancel", web::post().to(cancel));
}

fn may_plan(actor: &Actor) -> bool {
    matches!(actor.role, Role::Warehouse | Role::Coordinator)
}

fn may_drive(actor: &Actor) -> bool {
    matches!(actor.role, Role::Driver | Role::Coordinator)
}

struct ListContext {
    runs: Vec<RunView>,
    vans: Vec<VanView>,
    /// (slug, name)
    warehouses: Vec<(String, String)>,
    sites: Vec<(String, String)>,
}

async fn list_context(state: &AppState, show_address: bool) -> AppResult<ListContext> {
    state
        .db
        .read(move |c| {
            let slugs =
                |c: &mut crate::db::DbConn, k: LocationKind| -> AppResult<Vec<(String, String)>> {
                    Ok(crate::locations::store::all(c, Some(k.as_str()))?
                        .into_iter()
                        .map(|l| (l.slug, l.name))
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
    // Days with more than one run still in planning: those are worth planning together.
    let mut per_day: std::collections::BTreeMap<chrono::NaiveDate, usize> = Default::default();
    for r in ctx.runs.iter().filter(|r| r.status == "planning") {
        *per_day.entry(r.departs_on).or_insert(0) += 1;
    }
    let days: Vec<(chrono::NaiveDate, usize)> =
        per_day.into_iter().filter(|(_, n)| *n > 1).collect();
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
                            td { (r.van_name) }
                            td { (r.origin_name) }
                            td { (r.departs_on) }
                            td { (r.status) }
                        }
                    }
                }
            }
        }
        @if may_plan(actor) && !days.is_empty() {
            h2 { "Plan a day's vans together" }
            ul {
                @for (day, n) in &days {
                    li { a href={ "/runs/day/" (day) } { "Plan all " (n) " runs for " (day.format("%A %-d %B")) } }
                }
            }
        }
        @if may_plan(actor) {
            h2 { "Start a run" }
            @if ctx.vans.is_empty() {
                p { "No vans yet: a coordinator adds vans under "
                    @if crate::web::may_open(actor, "/admin/vans") { a href="/admin/vans" { "Admin → Vans" } } @else { "Admin → Vans" }
                    "." }
            } @else {
                form method="post" action=(actor.form_action("/runs")) {
                    p.field { label for="van" { "Van" } br;
                        select id="van" name="van" {
                            @for v in &ctx.vans { option value=(v.slug) { (v.name) " (" (v.capacity_l) " l, " (v.payload_kg) " kg)" } }
                        }
                    }
                    p.field { label for="origin" { "From warehouse" } br;
                        select id="origin" name="origin" {
                            @for (slug, name) in &ctx.warehouses { option value=(slug) { (name) } }
                        }
                    }
                    @for i in 1..=stop_fields {
                        p.field { label for={ "stop" (i) } { "Stop " (i) } br;
                            select id={ "stop" (i) } name={ "stop" (i) } {
                                option value="" { "—" }
                                @for (slug, name) in &ctx.sites { option value=(slug) { (name) } }
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

/// "42 items: 12 Two-person tent, 30 Sleeping bag" — counts summed by name, in the order met.
fn summary<S: AsRef<str>>(counts: impl IntoIterator<Item = (S, i64)>) -> (i64, String) {
    let mut by_name: Vec<(String, i64)> = Vec::new();
    for (name, q) in counts {
        let name = name.as_ref();
        match by_name.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 += q,
            None => by_name.push((name.to_string(), q)),
        }
    }
    let total = by_name.iter().map(|(_, q)| q).sum();
    let words = by_name
        .iter()
        .map(|(n, q)| format!("{q} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    (total, words)
}

fn items(n: i64) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

fn render_run(
    actor: &Actor,
    (run, boxes): (&RunView, &BoxSheet),
    plan: Option<&PlanResponse>,
    flash: Option<Flash>,
) -> Markup {
    let planning = run.status == "planning";
    let on_road = run.status == "loaded";
    let body = html! {
        h1 { "Run #" (run.id) ": " (run.van_name) }
        p { "From " strong { (run.origin_name) } " on " (run.departs_on.format("%A %-d %B %Y")) " · status " strong { (run.status) }
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
                            thead { tr { th { "Stop" } th { "Goods" } th { "Cond." } th { "Count" } } }
                            tbody {
                                @for l in &run.lines {
                                    tr {
                                        td { (l.stop_name) }
                                        td { (l.category_name) }
                                        td { (l.condition) }
                                        td { input type="number" min="0" max="1000000" inputmode="numeric"
                                            name={ "q:" (l.stop) ":" (l.category) ":" (l.condition) }
                                            value=(l.quantity) aria-label={ (l.category_name) " for " (l.stop_name) }; }
                                    }
                                }
                            }
                        }
                        button.secondary type="submit" { "Save quantities" }
                    }
                }
            }
        }

        (load_sheet(run, boxes))
        p.noprint {
            a.button.secondary href={ "/runs/" (run.id) "/sheet" } { "Print the load sheet" }
            " "
            // Boxes planned onto this run, ticked as the driver scans each label.
            a.button.secondary href={ "/runs/" (run.id) "/boxes" } { "Boxes to scan" }
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
                        a.button.big href={ "/runs/" (run.id) "/stops/" (s.site) } { "Deliver at " (s.site_name) }
                    }
                }
                @if on_road || run.status == "delivered" {
                    a.button.big.secondary href={ "/runs/" (run.id) "/return" } { "Back at " (run.origin_name) ": unload what is left" }
                }
                @if run.status == "done" { p { "This run is done." } }
            }
        }
        @if planning && may_plan(actor) {
            section.noprint {
                form method="post" action=(actor.form_action(&format!("/runs/{}/cancel", run.id))) {
                    button.secondary type="submit" { "Cancel this run" }
                }
            }
        }
    };
    layout(Some(actor), &format!("Run #{}", run.id), flash, body)
}

fn load_sheet(run: &RunView, boxes: &BoxSheet) -> Markup {
    html! {
        section.load-sheet {
            h2 { "Load sheet" }
            @for s in &run.stops {
                h3 { "Stop " (s.position) ": " (s.site_name)
                    @if s.delivered_at.is_some() { " — delivered" } }
                @if let Some(a) = &s.address { p { (a) } }
                ul.ticks {
                    @for l in run.lines.iter().filter(|l| l.stop == s.site) {
                        li { "☐ " (l.quantity) " × " (l.category_name) " (" (l.condition) ")"
                            (crate::boxes::runs::line_note(boxes, &s.site, &l.category, &l.condition)) }
                    }
                }
            }
        }
    }
}

fn ratio(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "—".to_string()
    }
}

fn explanation(p: &PlanResponse) -> Markup {
    let name = |slug: &str| {
        p.category_names
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    };
    let stop_names: Vec<&str> = p.run.stops.iter().map(|s| s.site_name.as_str()).collect();
    html! {
        section.plan {
            h2 { "Why this load" }
            p { "Total value " strong { (format!("{:.0}", p.plan.total_value)) }
                " (the best possible with fractional units would be " (format!("{:.1}", p.plan.lp_bound)) "). "
                "Volume " (format!("{:.0}%", 100.0 * p.plan.volume_fill)) " full, payload "
                (format!("{:.0}%", 100.0 * p.plan.payload_fill)) " full." }
            table.compact {
                thead { tr { th { "Goods" } th { "Count" } th { "Value/l" } th { "Value/kg" } th { "Per stop" } } }
                tbody {
                    @for l in &p.plan.lines {
                        tr {
                            td { (name(&l.category)) }
                            td { (l.quantity) }
                            td { (ratio(l.value_per_litre)) }
                            td { (ratio(l.value_per_kg)) }
                            td { (stop_names.iter().zip(&l.per_stop).map(|(s, q)| format!("{s} {q}")).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
            @if !p.plan.left_behind.is_empty() {
                h3 { "Left behind" }
                ul { @for l in &p.plan.left_behind { li { strong { (name(&l.category)) } " (" (l.quantity) "): " (l.reason) } } }
            }
        }
    }
}

/// The run and its boxes per stop (issue 16), for the load sheet.
async fn with_boxes(state: &AppState, actor: &Actor, id: i64) -> AppResult<(RunView, BoxSheet)> {
    let show_address = actor.may_see_addresses();
    state
        .db
        .read(move |c| {
            Ok((
                model::view(c, id, show_address)?,
                crate::boxes::runs::sheet(c, id)?,
            ))
        })
        .await
}

async fn show(
    state: &AppState,
    actor: &Actor,
    id: i64,
    plan: Option<&PlanResponse>,
    flash: Option<Flash>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let (run, boxes) = with_boxes(state, actor, id).await?;
    Ok(page(status, render_run(actor, (&run, &boxes), plan, flash)))
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

/// The printable load sheet alone: nothing else on the page, so the browser's Print gives
/// one clean sheet per run.
pub async fn sheet_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (run, boxes) = with_boxes(&state, &actor, id).await?;
    let body = html! {
        h1 { "Run #" (run.id) ": " (run.van_name) " from " (run.origin_name) ", " (run.departs_on.format("%A %-d %B %Y")) }
        p.noprint { "Print this page with your browser's Print (Ctrl+P, or Share → Print on a phone). "
            a href={ "/runs/" (run.id) } { "Back to the run" } }
        (load_sheet(&run, &boxes))
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &format!("Load sheet, run #{id}"), None, body),
    ))
}

/// After a step: the run with what changed, or with what went wrong.
async fn after(
    state: &AppState,
    actor: &Actor,
    id: i64,
    result: AppResult<String>,
) -> AppResult<HttpResponse> {
    match result {
        Ok(message) => {
            show(
                state,
                actor,
                id,
                None,
                Some(Flash::Ok(message)),
                StatusCode::OK,
            )
            .await
        }
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
            let (run, boxes) = with_boxes(&state, &actor, id).await?;
            let (total, words) = summary(
                run.lines
                    .iter()
                    .map(|l| (l.category_name.as_str(), l.quantity)),
            );
            let message = if total == 0 {
                "Planned: nothing the stops still need is free at the warehouse.".to_string()
            } else {
                format!(
                    "Planned {} for {}: {words}. The load below is the best for the van.",
                    items(total),
                    run.van_name
                )
            };
            Ok(page(
                StatusCode::OK,
                render_run(&actor, (&run, &boxes), Some(&p), Some(Flash::Ok(message))),
            ))
        }
        Err(e) => after(&state, &actor, id, Err(e)).await,
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
        state
            .db
            .write(move |c| model::set_lines(c, id, &req))
            .await
            .map(|run| {
                let (total, words) = summary(
                    run.lines
                        .iter()
                        .map(|l| (l.category_name.as_str(), l.quantity)),
                );
                if total == 0 {
                    format!("Saved: run #{id} now carries nothing.")
                } else {
                    format!("Saved: run #{id} now carries {}: {words}.", items(total))
                }
            })
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
        .await
        .map(|run| {
            let (total, words) = summary(
                run.lines
                    .iter()
                    .map(|l| (l.category_name.as_str(), l.quantity)),
            );
            format!("Loaded {} on {}: {words}.", items(total), run.van_name)
        });
    after(&state, &actor, id, result).await
}

/// The driver's stop page: the stop's planned lines, each count ready to lower to what the
/// site really took; what it did not take stays on the van.
pub async fn stop_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, String)>,
) -> AppResult<HttpResponse> {
    let (id, site) = path.into_inner();
    let show_address = actor.may_see_addresses();
    let run = state
        .db
        .read(move |c| model::view(c, id, show_address))
        .await?;
    render_stop(&actor, &run, &site, None, StatusCode::OK)
}

fn render_stop(
    actor: &Actor,
    run: &RunView,
    site: &str,
    flash: Option<Flash>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let Some(stop) = run.stops.iter().find(|s| s.site == site) else {
        return Err(AppError::NotFound(format!(
            "'{site}' is not a stop of run {}",
            run.id
        )));
    };
    let planned: Vec<_> = run.lines.iter().filter(|l| l.stop == site).collect();
    let open = run.status == "loaded" && stop.delivered_at.is_none();
    let body = html! {
        h1 { "Run #" (run.id) ": deliver at " (stop.site_name) }
        @if let Some(a) = &stop.address { p { (a) } }
        @if !open {
            p { @if stop.delivered_at.is_some() { "This stop is already delivered." } @else { "The run is " (run.status) ": nothing to deliver now." } }
        } @else if may_drive(actor) {
            p { "Change a count to what the site really took. What it does not take stays on the van and comes back with the return." }
            form method="post" action=(actor.form_action(&format!("/runs/{}/deliver", run.id))) {
                input type="hidden" name="stop" value=(stop.site);
                table.compact {
                    thead { tr { th { "Goods" } th { "Cond." } th { "Planned" } th { "Taken" } } }
                    tbody {
                        @for l in &planned {
                            tr {
                                td { label for={ "q-" (l.category) "-" (l.condition) } { (l.category_name) } }
                                td { (l.condition) }
                                td { (l.quantity) }
                                td { input id={ "q-" (l.category) "-" (l.condition) } type="number" min="0" max=(l.quantity) step="1" inputmode="numeric"
                                    name={ "q:" (l.category) ":" (l.condition) } value=(l.quantity); }
                            }
                        }
                    }
                }
                button.big type="submit" { "Delivered at " (stop.site_name) }
            }
        }
        p { a href={ "/runs/" (run.id) } { "Back to the run" } }
    };
    Ok(page(
        status,
        layout(
            Some(actor),
            &format!("Deliver at {}", stop.site_name),
            flash,
            body,
        ),
    ))
}

pub async fn deliver(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let fields = fields.into_inner();
    let stop = fields
        .iter()
        .find(|(n, _)| n == "stop")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    // Counts from the stop page; without any, the stop takes what was planned.
    let mut given: Option<Vec<LineRequest>> = None;
    let mut bad = Vec::new();
    for (name, value) in &fields {
        let Some(key) = name.strip_prefix("q:") else {
            continue;
        };
        let lines = given.get_or_insert_with(Vec::new);
        let Some((category, condition)) = key.split_once(':') else {
            bad.push(format!("unreadable field {name}"));
            continue;
        };
        let n = value.trim().parse::<i64>();
        if n == Ok(0) {
            continue;
        }
        match (n.map(Quantity::parse), condition.parse()) {
            (Ok(Ok(quantity)), Ok(condition)) => lines.push(LineRequest {
                category: category.to_string(),
                condition,
                quantity,
            }),
            _ => bad.push(format!(
                "{category} ({condition}): '{value}' is not a count"
            )),
        }
    }
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    if given.as_ref().is_some_and(Vec::is_empty) && bad.is_empty() {
        bad.push(
            "every count is 0: if the site took nothing, leave the stop and return the van".into(),
        );
    }
    let result = if bad.is_empty() {
        let req = DeliverRequest { stop, lines: given };
        state
            .db
            .write(move |c| {
                let before = model::view(c, id, false)?;
                let run = model::deliver(c, id, &req, &handle, now)?;
                Ok(delivered_message(&before, &run, &req))
            })
            .await
    } else {
        Err(AppError::invalid("lines", bad.join("; ")))
    };
    after(&state, &actor, id, result).await
}

/// "Delivered 10 items at Oak: …; 2 Blanket stay on the van."
fn delivered_message(before: &RunView, after: &RunView, req: &DeliverRequest) -> String {
    let stop_name = after
        .stops
        .iter()
        .find(|s| s.site == req.stop)
        .map_or(req.stop.as_str(), |s| s.site_name.as_str());
    let planned: Vec<_> = before.lines.iter().filter(|l| l.stop == req.stop).collect();
    let name_of = |slug: &str| {
        before
            .lines
            .iter()
            .find(|l| l.category == slug)
            .map_or_else(|| slug.to_string(), |l| l.category_name.clone())
    };
    let delivered: Vec<(&str, &str, i64)> = match &req.lines {
        None => planned
            .iter()
            .map(|l| (l.category.as_str(), l.condition.as_str(), l.quantity))
            .collect(),
        Some(lines) => lines
            .iter()
            .map(|l| (l.category.as_str(), l.condition.as_str(), l.quantity.get()))
            .collect(),
    };
    let (total, words) = summary(delivered.iter().map(|(c, _, q)| (name_of(c), *q)));
    let kept = planned.iter().filter_map(|l| {
        let given: i64 = delivered
            .iter()
            .filter(|(c, k, _)| *c == l.category && *k == l.condition)
            .map(|(_, _, q)| q)
            .sum();
        (l.quantity > given).then(|| (l.category_name.as_str(), l.quantity - given))
    });
    let (left, left_words) = summary(kept);
    let mut message = if total == 0 {
        format!("Nothing delivered at {stop_name}")
    } else {
        format!("Delivered {} at {stop_name}: {words}", items(total))
    };
    if left > 0 {
        message.push_str(&format!(
            "; {left_words} stay on the van and come back with the return"
        ));
    }
    message.push('.');
    message
}

/// A page that asks before an action that cannot be undone in one tap; the form repeats the
/// action with `confirm=yes`.
fn confirmation(
    actor: &Actor,
    title: &str,
    question: &str,
    details: Markup,
    action: &str,
    button: &str,
    back: &str,
) -> HttpResponse {
    let body = html! {
        h1 { (title) }
        p { (question) }
        (details)
        form method="post" action=(actor.form_action(action)) {
            input type="hidden" name="confirm" value="yes";
            button.big type="submit" { (button) }
        }
        p { a.button.secondary href=(back) { "No, go back" } }
    };
    page(StatusCode::OK, layout(Some(actor), title, None, body))
}

fn confirmed(fields: &[(String, String)]) -> bool {
    fields.iter().any(|(n, v)| n == "confirm" && v == "yes")
}

async fn return_confirmation(state: &AppState, actor: &Actor, id: i64) -> AppResult<HttpResponse> {
    let (run, on_van) = state
        .db
        .read(move |c| Ok((model::view(c, id, false)?, model::on_van(c, id)?)))
        .await?;
    if !(run.status == "loaded" || run.status == "delivered") {
        return show(
            state,
            actor,
            id,
            None,
            Some(Flash::Error(format!(
                "run {id} is {}: it can return only when loaded or delivered",
                run.status
            ))),
            StatusCode::CONFLICT,
        )
        .await;
    }
    let open: Vec<&str> = run
        .stops
        .iter()
        .filter(|s| s.delivered_at.is_none())
        .map(|s| s.site_name.as_str())
        .collect();
    let details = html! {
        @if on_van.is_empty() {
            p { "The van is empty." }
        } @else {
            p { "Going back to " (run.origin_name) ":" }
            ul { @for c in &on_van { li { (c.quantity) " × " (c.category_name) " (" (c.condition) ")" } } }
        }
        @if !open.is_empty() {
            p.flash.error { "Not delivered yet: " (open.join(", ")) ". After the return the run is done and these stops get nothing from it." }
        }
    };
    Ok(confirmation(
        actor,
        &format!("Return run #{id}"),
        &format!(
            "Back at {}: unload what is left and close the run? This cannot be undone.",
            run.origin_name
        ),
        details,
        &format!("/runs/{id}/return"),
        &format!("Yes, unload at {}", run.origin_name),
        &format!("/runs/{id}"),
    ))
}

pub async fn return_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    return_confirmation(&state, &actor, path.into_inner()).await
}

pub async fn return_run(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    if !confirmed(&fields) {
        return return_confirmation(&state, &actor, id).await;
    }
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let result = state
        .db
        .write(move |c| {
            let on_van = model::on_van(c, id)?;
            let run = model::return_run(c, id, &handle, now)?;
            let (total, words) = summary(
                on_van
                    .iter()
                    .map(|c| (c.category_name.as_str(), c.quantity)),
            );
            Ok(if total == 0 {
                format!(
                    "Back at {}: the van was empty. Run #{id} is done.",
                    run.origin_name
                )
            } else {
                format!(
                    "Unloaded {} back at {}: {words}. Run #{id} is done.",
                    items(total),
                    run.origin_name
                )
            })
        })
        .await;
    after(&state, &actor, id, result).await
}

pub async fn cancel(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    if !confirmed(&fields) {
        let run = state.db.read(move |c| model::view(c, id, false)).await?;
        if run.status != "planning" {
            return after(
                &state,
                &actor,
                id,
                Err(AppError::conflict(format!(
                    "run {id} is {}: only a run still in planning can be cancelled",
                    run.status
                ))),
            )
            .await;
        }
        return Ok(confirmation(
            &actor,
            &format!("Cancel run #{id}"),
            &format!(
                "Cancel run #{id} ({} from {}, {})? Its planned lines go, and the stock and need they held are free for other plans.",
                run.van_name, run.origin_name, run.departs_on
            ),
            html! {},
            &format!("/runs/{id}/cancel"),
            "Yes, cancel the run",
            &format!("/runs/{id}"),
        ));
    }
    match state.db.write(move |c| model::cancel(c, id)).await {
        Ok(run) => {
            let ctx = list_context(&state, actor.may_see_addresses()).await?;
            let message = format!(
                "Cancelled run #{id} ({} from {}, {}): its stock and need are free for other plans.",
                run.van_name, run.origin_name, run.departs_on
            );
            Ok(page(
                StatusCode::OK,
                render_list(&actor, &ctx, Some(Flash::Ok(message))),
            ))
        }
        Err(e) => after(&state, &actor, id, Err(e)).await,
    }
}

// ---- a day's runs planned together ----

fn parse_day(text: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::NotFound(format!("'{text}' is not a date (YYYY-MM-DD)")))
}

fn render_day(
    actor: &Actor,
    day: NaiveDate,
    runs: &[RunView],
    plan: Option<&DayPlanResponse>,
    flash: Option<Flash>,
) -> Markup {
    let title = format!("Runs for {}", day.format("%A %-d %B %Y"));
    let body = html! {
        h1 { (title) }
        @if runs.is_empty() {
            p { "No run in planning leaves that day." }
        } @else {
            ul {
                @for r in runs {
                    li { a href={ "/runs/" (r.id) } { "Run #" (r.id) } ": " (r.van_name) " from " (r.origin_name) " to "
                        (r.stops.iter().map(|s| s.site_name.as_str()).collect::<Vec<_>>().join(", ")) }
                }
            }
            @if may_plan(actor) {
                form method="post" action=(actor.form_action(&format!("/runs/day/{day}/plan"))) {
                    button.big type="submit" { "Plan all " (runs.len()) " runs together" }
                }
            }
        }
        @if let Some(p) = plan { (fleet_explanation(p)) }
        p { a href="/runs" { "All runs" } }
    };
    layout(Some(actor), &title, flash, body)
}

fn fleet_explanation(p: &DayPlanResponse) -> Markup {
    html! {
        section.plan {
            h2 { "Why these loads" }
            p { "Total value " strong { (format!("{:.0}", p.plan.total_value)) }
                " — planning the vans one after another would give " (format!("{:.0}", p.plan.sequential_value))
                "; the best possible with fractional units is " (format!("{:.1}", p.plan.lp_bound)) ". "
                @if p.plan.proven_optimal { "This is the best plan." } @else { "The search stopped early: this is the best plan found, within " (format!("{:.2}%", 100.0 * p.plan.gap_to_bound)) " of the bound." } }
            @for ((van, run), stops) in p.plan.vans.iter().zip(&p.runs).zip(&p.stops) {
                h3 { a href={ "/runs/" (run.id) } { (van.name) ", run #" (run.id) } }
                ul { @for why in &van.why { li { (why) } } }
                @if !van.lines.is_empty() {
                    table.compact {
                        thead { tr { th { "Goods" } th { "Count" } th { "Per stop" } } }
                        tbody {
                            @for l in &van.lines {
                                tr {
                                    td { (l.name) }
                                    td { (l.quantity) }
                                    td { (run.stops.iter().zip(stops).zip(&l.per_stop).map(|((s, _), q)| format!("{} {q}", s.site_name)).collect::<Vec<_>>().join(", ")) }
                                }
                            }
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

async fn day_runs(state: &AppState, day: NaiveDate) -> AppResult<Vec<RunView>> {
    state
        .db
        .read(move |c| {
            let names = model::Names::load(c)?;
            Ok(crate::runs::fleet_model::runs_of_day(c, day)?
                .iter()
                .map(|r| model::run_view(r, &names, false))
                .collect())
        })
        .await
}

pub async fn day_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let day = parse_day(&path.into_inner())?;
    let runs = day_runs(&state, day).await?;
    Ok(page(
        StatusCode::OK,
        render_day(&actor, day, &runs, None, None),
    ))
}

pub async fn plan_day(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let day = parse_day(&path.into_inner())?;
    let result = state
        .db
        .write(move |c| crate::runs::fleet_model::plan_day(c, day))
        .await;
    match result {
        Ok(p) => {
            let (total, words) = summary(p.plan.vans.iter().flat_map(|v| {
                v.lines
                    .iter()
                    .map(|l| (l.name.as_str(), i64::from(l.quantity)))
            }));
            let message = format!(
                "Planned {} runs together: {} — {words}.",
                p.runs.len(),
                items(total)
            );
            Ok(page(
                StatusCode::OK,
                render_day(&actor, day, &p.runs, Some(&p), Some(Flash::Ok(message))),
            ))
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            let runs = day_runs(&state, day).await?;
            Ok(page(
                status,
                render_day(&actor, day, &runs, None, Some(Flash::Error(describe(&e)))),
            ))
        }
    }
}
