//! Run pages: the list (today's runs first, then every run, then planning), a form to
//! start a run, one run's page with its plan and why, the hand-edit form, the printable
//! load sheet, the driver's stop page and return, and a day's runs planned together.
//! Every word goes through Fluent (`locales/*/runs.ftl`); category names per language.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::{Actor, Role};
use crate::boxes::runs::BoxSheet;
use crate::catalog::Condition;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::format::list_separator;
use crate::i18n::{number, Lang};
use crate::ledger::lines::LineRequest;
use crate::ledger::Quantity;
use crate::locations::LocationKind;
use crate::runs::fleet_model::DayPlanResponse;
use crate::runs::model::{
    self, DeliverRequest, EditLine, LinesRequest, PlanResponse, RunRequest, RunView, VanView,
};
use crate::state::AppState;
use crate::t;
use crate::web::form::FormErrors;
use crate::web::{layout, page, see_other, Flash};

type Fields = web::Form<Vec<(String, String)>>;

/// The run pages issue 17 added; the older ones are registered in `crate::pages`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/runs/day/{day}", web::get().to(day_page))
        .route("/runs/day/{day}/plan", web::post().to(plan_day))
        .route("/runs/{id}/sheet", web::get().to(sheet_page))
        .route("/runs/{id}/stops/{site}", web::get().to(stop_page))
        .route(
            "/runs/{id}/stops/{site}/remove",
            web::post().to(remove_stop),
        )
        .route("/runs/{id}/return", web::get().to(return_page))
        .route("/runs/{id}/cancel", web::post().to(cancel));
}

fn may_plan(actor: &Actor) -> bool {
    matches!(actor.role, Role::Warehouse | Role::Coordinator)
}

fn may_drive(actor: &Actor) -> bool {
    matches!(actor.role, Role::Driver | Role::Coordinator)
}

/// The runs task on the home page: for a driver it is today's run, not planning one.
pub fn home_task(
    role: Role,
    path: &str,
    label: crate::i18n::Msg,
    what: crate::i18n::Msg,
) -> (crate::i18n::Msg, crate::i18n::Msg) {
    use crate::i18n::Msg;
    if role == Role::Driver && path == "/runs" {
        (Msg("runs-home-driver"), Msg("runs-home-driver-what"))
    } else {
        (label, what)
    }
}

// ---- words shared by the run pages ----

/// A condition a run carries, by its name in the request's language.
fn condition(c: &str) -> String {
    crate::catalog::Condition::label_of(c)
}

/// A run's status as a label ("Being planned"), in the request's language: the
/// history pages show it too.
pub fn status_name(s: &str) -> String {
    t!("runs-status", status = s)
}

/// Where a run stands, as a label: a run still in planning that has its plan is ready
/// to load, which is what its driver and warehouse need to see.
fn run_state(run: &RunView) -> String {
    if run.status == "planning" && !run.lines.is_empty() {
        t!("runs-status-planned")
    } else {
        status_name(&run.status)
    }
}

/// A run's status inside a sentence ("Run #3 is { planned, not loaded yet }: …").
fn state_words(s: &str) -> String {
    phrase(t!("runs-state", status = s))
}

/// The step a refusal is about, as the selector the refusal's message chooses by.
fn step_key(step: model::Step) -> &'static str {
    use model::Step as S;
    match step {
        S::Plan => "plan",
        S::EditLines => "edit",
        S::Load => "load",
        S::Deliver => "deliver",
        S::Return => "return",
        S::Cancel => "cancel",
        S::LoseStop => "remove-stop",
    }
}

/// A run's refusal in the volunteer's words, from its reason (the API keeps English).
fn refusal_words(r: &model::Refusal) -> String {
    use model::Refusal as R;
    match r {
        R::WrongStatus { run, status, step } => t!(
            "runs-refused-status",
            id = *run,
            state = state_words(status.as_str()),
            // A second tap on Return: the run already came back, not "never loaded".
            step = match (step, status) {
                (model::Step::Return, model::RunStatus::Done) => "returned",
                _ => step_key(*step),
            }
        ),
        R::NothingPlanned { run } => t!("runs-refused-nothing-planned", id = *run),
        R::VanBusy {
            van_name, other, ..
        } => t!("runs-refused-van-busy", van = van_name, other = *other),
        R::AlreadyDelivered { run, stop_name, .. } => {
            t!("runs-refused-delivered", site = stop_name, id = *run)
        }
        R::LastStop { run, stop_name, .. } => {
            t!("runs-refused-last-stop", site = stop_name, id = *run)
        }
    }
}

/// "Only 10 Gas canister (Good) free at East unit: 11 wanted." for each shortage a 409
/// names, or None when `e` is not one.
fn shortage_words(e: &AppError, cats: &Cats) -> Option<String> {
    let AppError::Conflict {
        code: "insufficient_stock",
        details,
        ..
    } = e
    else {
        return None;
    };
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let each: Vec<String> = details["shortages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            shortage_line(
                &crate::ledger::Shortage {
                    location: text(s, "location"),
                    category: text(s, "category"),
                    condition: text(s, "condition"),
                    in_stock: s["in_stock"].as_i64().unwrap_or(0),
                    requested: s["requested"].as_i64().unwrap_or(0),
                    location_name: text(s, "location_name"),
                    category_name: text(s, "category_name"),
                    loose_only: false,
                },
                cats,
            )
        })
        .collect();
    (!each.is_empty()).then(|| each.join(" "))
}

/// "Only 10 Gas canister (Good) free at East unit: 11 wanted."
fn shortage_line(s: &crate::ledger::Shortage, cats: &Cats) -> String {
    t!(
        "runs-short",
        item = cats.name(&s.category, &s.category_name).to_string(),
        condition = condition(&s.condition),
        have = s.in_stock,
        n = s.requested,
        origin = &s.location_name
    )
}

/// A refusal on a page in the volunteer's words: the run's own refusals by their reason,
/// a shortage by what is short; anything else as the API says it in this language
/// (English keeps its detail, every problem of a 422 listed).
fn said(e: &AppError, cats: &Cats) -> String {
    if let Some(r) = model::Refusal::of(e) {
        return refusal_words(&r);
    }
    if let Some(words) = shortage_words(e, cats) {
        return words;
    }
    match e {
        AppError::Invalid { details, .. } if details.len() > 1 && Lang::current() == Lang::En => {
            details
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        }
        other => other.body()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    }
}

/// "Friday 2026-12-04": the weekday matters to a volunteer planning the week.
fn day_words(d: NaiveDate) -> String {
    let weekday = match d.weekday() {
        chrono::Weekday::Mon => t!("runs-day-mon"),
        chrono::Weekday::Tue => t!("runs-day-tue"),
        chrono::Weekday::Wed => t!("runs-day-wed"),
        chrono::Weekday::Thu => t!("runs-day-thu"),
        chrono::Weekday::Fri => t!("runs-day-fri"),
        chrono::Weekday::Sat => t!("runs-day-sat"),
        chrono::Weekday::Sun => t!("runs-day-sun"),
    };
    t!("runs-weekday-date", weekday = weekday, date = d)
}

/// Category names in the request's language, by slug; the default name where none.
#[derive(Default)]
struct Cats(HashMap<String, String>);

impl Cats {
    fn load(conn: &mut crate::db::DbConn, lang: Lang) -> AppResult<Cats> {
        Ok(Cats(crate::catalog::names::in_lang(conn, lang)?))
    }
    fn name<'a>(&'a self, slug: &'a str, default: &'a str) -> &'a str {
        self.0.get(slug).map_or(default, String::as_str)
    }
    fn of(&self, slug: &str) -> String {
        self.0
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    }
}

/// A phrase built from other messages, to go inside another message as an argument:
/// in Arabic every word of it sits in a nested isolate, so without a leading
/// right-to-left mark its isolate would read as left to right and scramble the list.
fn phrase(text: String) -> String {
    if Lang::current().dir() == "rtl" {
        format!("\u{200F}{text}")
    } else {
        text
    }
}

/// "12 Sleeping bag, 30 Blanket" and its total: counts summed by name, in the order met.
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
        .map(|(n, q)| t!("runs-count", n = *q, name = n))
        .collect::<Vec<_>>()
        .join(list_separator());
    (total, phrase(words))
}

fn items(n: i64) -> String {
    t!("runs-items", n = n)
}

/// "4 × Blanket (Good)": one line of a sheet.
fn line_words(quantity: i64, name: &str, cond: &str) -> String {
    t!(
        "runs-line",
        n = quantity,
        name = name,
        condition = condition(cond)
    )
}

/// A refusal on a page: every reason, nothing saved.
fn refused(errors: &FormErrors) -> Option<Flash> {
    if errors.is_empty() {
        return None;
    }
    let reasons: Vec<&str> = errors
        .0
        .iter()
        .map(|e| e.message.trim_end_matches('.'))
        .collect();
    Some(Flash::Error(t!(
        "runs-nothing-saved",
        reasons = phrase(reasons.join(crate::i18n::format::clause_separator()))
    )))
}

/// The error under the field `field`, with the id its input names in `aria-describedby`.
fn beside(errors: &FormErrors, field: &str, id: &str) -> Markup {
    html! {
        @if errors.0.iter().any(|e| e.field == field) {
            div id={ (id) "-error" } { (errors.beside(field)) }
        }
    }
}

/// The `aria-describedby` of a field with an error.
fn described_by(errors: &FormErrors, field: &str, id: &str) -> Option<String> {
    errors
        .0
        .iter()
        .any(|e| e.field == field)
        .then(|| format!("{id}-error"))
}

fn invalid(errors: &FormErrors, field: &str) -> Option<&'static str> {
    errors.0.iter().any(|e| e.field == field).then_some("true")
}

// ---- the list and the form to start a run ----

struct ListContext {
    runs: Vec<RunView>,
    vans: Vec<VanView>,
    /// (slug, name)
    warehouses: Vec<(String, String)>,
    sites: Vec<(String, String)>,
    today: NaiveDate,
}

async fn list_context(state: &AppState, show_address: bool) -> AppResult<ListContext> {
    let today = state.clock.today();
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
                today,
            })
        })
        .await
}

/// What the start-a-run form shows: the values as typed (or the defaults) and the
/// errors beside their fields.
struct StartForm {
    values: HashMap<String, String>,
    errors: FormErrors,
}

impl StartForm {
    /// A fresh form: departing today, what volunteers expect a new run to mean (testers
    /// on a phone read tomorrow as a mistake); another day is one tap on the date.
    fn fresh(today: NaiveDate) -> StartForm {
        StartForm {
            values: HashMap::from([("departs_on".to_string(), today.to_string())]),
            errors: FormErrors::default(),
        }
    }
    fn value(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }
}

fn run_title(r: &RunView) -> String {
    t!("runs-run-title", id = r.id, van = &r.van_name)
}

fn render_list(actor: &Actor, ctx: &ListContext, form: &StartForm, flash: Option<Flash>) -> Markup {
    let stop_fields = ctx.sites.len().clamp(1, 6);
    // Days with more than one run still in planning: those are worth planning together.
    let mut per_day: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
    for r in ctx.runs.iter().filter(|r| r.status == "planning") {
        *per_day.entry(r.departs_on).or_insert(0) += 1;
    }
    let days: Vec<(NaiveDate, usize)> = per_day.into_iter().filter(|(_, n)| *n > 1).collect();
    // A driver's first job is today's run: those come first, planning after.
    let today: Vec<&RunView> = ctx
        .runs
        .iter()
        .filter(|r| r.departs_on == ctx.today && r.status != "done")
        .collect();
    let body = html! {
        h1 { (t!("runs-title")) }
        section.today {
            h2 { (t!("runs-today")) }
            @if today.is_empty() {
                p { (t!("runs-today-none")) }
            } @else {
                @for r in &today {
                    p { a.button.big href={ "/runs/" (r.id) } {
                        (t!("runs-today-run", id = r.id, van = &r.van_name, origin = &r.origin_name,
                            stops = r.stops.iter().map(|s| s.site_name.as_str()).collect::<Vec<_>>().join(list_separator()),
                            status = run_state(r)))
                    } }
                }
            }
        }
        h2 { (t!("runs-all")) }
        @if ctx.runs.is_empty() {
            p { (t!("runs-none")) }
        } @else {
            table.compact {
                thead { tr { th { (t!("runs-col-run")) } th { (t!("runs-col-van")) } th { (t!("runs-col-from")) } th { (t!("runs-col-departs")) } th { (t!("runs-col-status")) } } }
                tbody {
                    @for r in &ctx.runs {
                        tr {
                            td { a href={ "/runs/" (r.id) } { (t!("runs-number", id = r.id)) } }
                            td { (r.van_name) }
                            td { (r.origin_name) }
                            td { (crate::i18n::date(r.departs_on)) }
                            td { (run_state(r)) }
                        }
                    }
                }
            }
        }
        @if may_plan(actor) && !days.is_empty() {
            h2 { (t!("runs-plan-days")) }
            ul {
                @for (day, n) in &days {
                    li { a href={ "/runs/day/" (day) } { (t!("runs-plan-day-link", n = *n, day = day_words(*day))) } }
                }
            }
        }
        @if may_plan(actor) {
            (start_form(actor, ctx, form, stop_fields))
        }
    };
    layout(Some(actor), &t!("runs-title"), flash, body)
}

fn start_form(actor: &Actor, ctx: &ListContext, form: &StartForm, stop_fields: usize) -> Markup {
    let e = &form.errors;
    html! {
        h2 #start { (t!("runs-start")) }
        @if ctx.vans.is_empty() {
            p { (t!("runs-no-vans")) " "
                @if crate::web::may_open(actor, "/admin/vans") { a href="/admin/vans" { (t!("runs-no-vans-link")) } } @else { (t!("runs-no-vans-link")) }
                "." }
        } @else {
            form method="post" novalidate action="/runs" {
                (crate::web::form::csrf_field(actor))
                p.field { label for="van" { (t!("runs-form-van")) } br;
                    select id="van" name="van" aria-invalid=[invalid(e, "van")] aria-describedby=[described_by(e, "van", "van")] {
                        @for v in &ctx.vans {
                            option value=(v.slug) selected[form.value("van") == v.slug.as_str()] {
                                (t!("runs-van-option", name = &v.name, litres = v.capacity_l, kg = v.payload_kg))
                            }
                        }
                    }
                    (beside(e, "van", "van"))
                }
                p.field { label for="origin" { (t!("runs-form-origin")) } br;
                    select id="origin" name="origin" aria-invalid=[invalid(e, "origin")] aria-describedby=[described_by(e, "origin", "origin")] {
                        @for (slug, name) in &ctx.warehouses { option value=(slug) selected[form.value("origin") == slug.as_str()] { (name) } }
                    }
                    (beside(e, "origin", "origin"))
                }
                @for i in 1..=stop_fields {
                    @let field = format!("stop{i}");
                    p.field { label for=(field) { (t!("runs-form-stop", n = i)) } br;
                        select id=(field) name=(field) aria-invalid=[invalid(e, &field)] aria-describedby=[described_by(e, &field, &field)] {
                            option value="" { "—" }
                            @for (slug, name) in &ctx.sites { option value=(slug) selected[form.value(&field) == slug.as_str()] { (name) } }
                        }
                        (beside(e, &field, &field))
                    }
                }
                p.field { label for="departs_on" { (t!("runs-form-departs")) } br;
                    input id="departs_on" name="departs_on" type="date" required value=(form.value("departs_on"))
                        aria-invalid=[invalid(e, "departs_on")] aria-describedby=[described_by(e, "departs_on", "departs_on")];
                    (beside(e, "departs_on", "departs_on"))
                }
                button type="submit" { (t!("runs-form-start")) }
            }
        }
    }
}

pub async fn list_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let ctx = list_context(&state, actor.may_see_addresses()).await?;
    let form = StartForm::fresh(ctx.today);
    Ok(page(StatusCode::OK, render_list(&actor, &ctx, &form, None)))
}

/// The start form's refusal in the volunteer's words, each beside its field: the form
/// names its stop fields `stop1…`, the API `stops[0]…` counting only the chosen ones.
fn start_errors(
    e: &AppError,
    values: &HashMap<String, String>,
    stop_fields: &[String],
) -> FormErrors {
    let mut out = Vec::new();
    let fields: Vec<String> = match e {
        AppError::Invalid { details, .. } if !details.is_empty() => {
            details.iter().map(|d| d.field.clone()).collect()
        }
        AppError::Conflict { code, details, .. } if *code == model::VAN_BOOKED => {
            let van = details["van_name"].as_str().unwrap_or_default();
            let run = details["run"].as_i64().unwrap_or(0);
            out.push(FieldError::new(
                "van",
                t!("runs-form-van-booked", van = van, run = run),
            ));
            Vec::new()
        }
        other => {
            out.push(FieldError::new("", said(other, &Cats::default())));
            Vec::new()
        }
    };
    for field in fields {
        let message = match field.as_str() {
            "van" => FieldError::new("van", t!("runs-form-van-unknown")),
            "origin" => FieldError::new("origin", t!("runs-form-origin-bad")),
            "departs_on" => FieldError::new("departs_on", t!("runs-form-departs-range")),
            "stops" => FieldError::new("stop1", t!("runs-form-stops-none")),
            f => match f
                .strip_prefix("stops[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| stop_fields.get(i))
            {
                Some(name) => {
                    let slug = values.get(name).map_or("", String::as_str);
                    let earlier = stop_fields
                        .iter()
                        .take_while(|n| *n != name)
                        .any(|n| values.get(n).is_some_and(|v| v == slug));
                    if earlier {
                        FieldError::new(name.as_str(), t!("runs-form-stop-twice"))
                    } else {
                        FieldError::new(name.as_str(), t!("runs-form-stop-bad"))
                    }
                }
                None => FieldError::new("", said(e, &Cats::default())),
            },
        };
        out.push(message);
    }
    FormErrors(out)
}

pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let values: HashMap<String, String> = fields
        .into_inner()
        .into_iter()
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect();
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    // The chosen stops in form order, with the field each came from.
    let mut stops: Vec<(usize, String)> = values
        .iter()
        .filter_map(|(n, v)| {
            let i = n.strip_prefix("stop")?.parse::<usize>().ok()?;
            (!v.is_empty()).then(|| (i, n.clone()))
        })
        .collect();
    stops.sort();
    let stop_fields: Vec<String> = stops.into_iter().map(|(_, n)| n).collect();
    let result = match NaiveDate::parse_from_str(&get("departs_on"), "%Y-%m-%d") {
        Err(_) => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::one("departs_on", t!("runs-form-departs-missing")),
        )),
        Ok(departs_on) => {
            let req = RunRequest {
                van: get("van"),
                origin: get("origin"),
                stops: stop_fields.iter().map(|n| get(n)).collect(),
                departs_on,
            };
            let now = state.clock.now();
            let handle = actor.handle.clone();
            match state
                .db
                .write(move |c| model::create_run(c, &req, &handle, now))
                .await
            {
                Ok(run) => Ok(run),
                Err(e @ AppError::Internal(_)) => return Err(e),
                Err(e) => Err((
                    actix_web::ResponseError::status_code(&e),
                    start_errors(&e, &values, &stop_fields),
                )),
            }
        }
    };
    match result {
        // The run's page confirms what was started (`started`), and offers the plan.
        Ok(run) => Ok(see_other(&format!("/runs/{}?started=1", run.id))),
        Err((status, errors)) => {
            let ctx = list_context(&state, actor.may_see_addresses()).await?;
            let flash = refused(&errors);
            let form = StartForm { values, errors };
            Ok(page(status, render_list(&actor, &ctx, &form, flash)))
        }
    }
}

/// Everything the run's page and its load sheet show, read in one go.
struct RunShown {
    run: RunView,
    boxes: BoxSheet,
    outcome: model::Outcome,
    cats: Cats,
    /// Per stop slug: whether the site still has a need this run may plan for.
    has_need: HashMap<String, bool>,
    /// What a run in planning asks of its origin beyond what is there now.
    stale: Vec<crate::ledger::Shortage>,
}

impl RunShown {
    fn cat<'a>(&'a self, slug: &'a str, default: &'a str) -> &'a str {
        self.cats.name(slug, default)
    }
}

/// A stop the planner found nothing for, said plainly, with a way to drop it.
fn empty_stop_notice(actor: &Actor, shown: &RunShown, stop: &model::StopView) -> Markup {
    let run = &shown.run;
    let has_lines = run.lines.iter().any(|l| l.stop == stop.site);
    let need = shown.has_need.get(&stop.site).copied().unwrap_or(false);
    let say = if has_lines {
        None
    } else if !need {
        Some(t!("runs-stop-no-need", site = &stop.site_name))
    } else if !run.lines.is_empty() {
        Some(t!(
            "runs-stop-nothing-planned",
            site = &stop.site_name,
            origin = &run.origin_name
        ))
    } else {
        None
    };
    html! {
        @if let Some(words) = say {
            div.notice.empty-stop {
                p { (words) }
                @if run.stops.len() > 1 {
                    form method="post" novalidate action=(&format!("/runs/{}/stops/{}/remove", run.id, stop.site)) {
                        (crate::web::form::csrf_field(actor))
                        button.secondary type="submit" { (t!("runs-stop-remove", site = &stop.site_name)) }
                    }
                }
            }
        }
    }
}

/// A plan the origin's stock no longer covers, said before the driver meets it at
/// "Loaded": each shortage, then the way forward for who is reading.
fn out_of_date_notice(actor: &Actor, shown: &RunShown) -> Markup {
    let run = &shown.run;
    html! {
        @if !shown.stale.is_empty() {
            div.notice.out-of-date #out-of-date {
                p { strong { (t!("runs-out-of-date", origin = &run.origin_name)) } }
                ul { @for s in &shown.stale { li { (shortage_line(s, &shown.cats)) } } }
                p { (replan_words(actor)) }
                @if may_plan(actor) {
                    form method="post" novalidate action=(&format!("/runs/{}/plan", run.id)) {
                        (crate::web::form::csrf_field(actor))
                        button type="submit" { (t!("runs-plan-again")) }
                    }
                }
            }
        }
    }
}

/// What to do about a plan the stock no longer covers: plan it again, or, for a
/// driver, ask the warehouse to.
fn replan_words(actor: &Actor) -> String {
    if may_plan(actor) {
        t!("runs-replan-planner")
    } else {
        t!("runs-replan-driver")
    }
}

/// The hand-edit form as typed, with each problem beside its line (`q:<stop>:<category>:
/// <condition>`) or, for the whole load (the van's room), under `lines`.
#[derive(Default)]
struct EditForm {
    values: HashMap<String, String>,
    errors: FormErrors,
}

fn edit_field(l: &model::PlannedLine) -> (String, String) {
    (
        format!("q:{}:{}:{}", l.stop, l.category, l.condition),
        format!("q-{}-{}-{}", l.stop, l.category, l.condition),
    )
}

/// The hand-edit form: one count per planned line, its problem in a row right under
/// it, a problem of the whole load above the Save button.
fn edit_form(actor: &Actor, shown: &RunShown, edit: &EditForm) -> Markup {
    let run = &shown.run;
    let e = &edit.errors;
    let whole = e.0.iter().any(|x| x.field == "lines");
    html! {
        h2 #edit { (t!("runs-edit")) }
        form method="post" novalidate action=(&format!("/runs/{}/lines", run.id)) {
            (crate::web::form::csrf_field(actor))
            table.compact.edit-lines {
                thead { tr { th { (t!("runs-col-stop")) } th { (t!("runs-col-goods")) } th { (t!("runs-col-cond")) } th { (t!("runs-col-count")) } } }
                tbody {
                    @for l in &run.lines {
                        @let name = shown.cat(&l.category, &l.category_name);
                        @let (field, id) = edit_field(l);
                        @let value = edit.values.get(&field).cloned().unwrap_or_else(|| l.quantity.to_string());
                        @let own = described_by(e, &field, &id);
                        @let described = match (own, whole) {
                            (Some(own), true) => Some(format!("{own} lines-error")),
                            (Some(own), false) => Some(own),
                            (None, true) => Some("lines-error".to_string()),
                            (None, false) => None,
                        };
                        tr {
                            td { (l.stop_name) }
                            td { (name) }
                            td { (condition(&l.condition)) }
                            td { input id=(id) type="number" min="0" max="1000000" inputmode="numeric"
                                name=(field) value=(value) aria-label=(t!("runs-edit-label", name = name, site = &l.stop_name))
                                aria-invalid=[invalid(e, &field)] aria-describedby=[described]; }
                        }
                        @if invalid(e, &field).is_some() {
                            tr.line-error { td colspan="4" { (beside(e, &field, &id)) } }
                        }
                    }
                }
            }
            (beside(e, "lines", "lines"))
            button.secondary type="submit" { (t!("runs-edit-save")) }
        }
    }
}

fn render_run(
    actor: &Actor,
    shown: &RunShown,
    plan: Option<&PlanResponse>,
    edit: &EditForm,
    flash: Option<Flash>,
) -> Markup {
    let run = &shown.run;
    let planning = run.status == "planning";
    let on_road = run.status == "loaded";
    let body = html! {
        h1 { (run_title(run)) }
        p { (t!("runs-run-facts", origin = &run.origin_name, date = day_words(run.departs_on), status = run_state(run),
                volume = run.volume_l.round(), capacity = run.capacity_l, weight = run.weight_kg.round(), payload = run.payload_kg)) }
        p.noprint { a href={ "/api/v1/runs/" (run.id) "/manifest.csv" } { (t!("runs-manifest")) } " · " a href="/runs" { (t!("runs-all-link")) } }
        // On the road the sheet is read already: the driver's buttons are two screens
        // down on a phone, one tap away from here.
        @if (on_road || run.status == "delivered") && may_drive(actor) {
            p.noprint { a.button.secondary href="#driver" { (t!("runs-driver-jump")) } }
        }

        @if let Some(p) = plan { (explanation(p, &shown.cats)) }
        (out_of_date_notice(actor, shown))

        @if planning && may_plan(actor) {
            section.noprint {
                @for s in &run.stops { (empty_stop_notice(actor, shown, s)) }
                form method="post" novalidate action=(&format!("/runs/{}/plan", run.id)) {
                    (crate::web::form::csrf_field(actor))
                    button type="submit" { @if run.lines.is_empty() { (t!("runs-plan")) } @else { (t!("runs-plan-again")) } }
                }
                @if !run.lines.is_empty() { (edit_form(actor, shown, edit)) }
            }
        }

        (load_sheet(shown))
        // Apart from each other when they wrap on a phone.
        p.noprint.actions {
            a.button.secondary href={ "/runs/" (run.id) "/sheet" } { (t!("runs-print")) }
            " "
            // Boxes planned onto this run, ticked as the driver scans each label.
            a.button.secondary href={ "/runs/" (run.id) "/boxes" } { (t!("runs-boxes")) }
        }

        @if may_drive(actor) || may_plan(actor) {
            section.noprint.driver #driver {
                h2 { (t!("runs-driver")) }
                // What the driver does next, so the section is never an empty heading.
                p { (t!("runs-driver-next", status = run.status.as_str(), planned = if run.lines.is_empty() { "no" } else { "yes" })) }
                @if planning && !run.lines.is_empty() {
                    form method="post" novalidate action=(&format!("/runs/{}/load", run.id)) {
                        (crate::web::form::csrf_field(actor))
                        button.big type="submit" { (t!("runs-load")) }
                    }
                }
                @if on_road && may_drive(actor) {
                    @for s in run.stops.iter().filter(|s| s.delivered_at.is_none()) {
                        a.button.big href={ "/runs/" (run.id) "/stops/" (s.site) } { (t!("runs-deliver-at", site = &s.site_name)) }
                    }
                }
                @if on_road || run.status == "delivered" {
                    a.button.big.secondary href={ "/runs/" (run.id) "/return" } { (t!("runs-back-at", origin = &run.origin_name)) }
                }
            }
        }
        @if planning && may_plan(actor) {
            section.noprint {
                h2 { (t!("runs-cancel-heading")) }
                form method="post" novalidate action=(&format!("/runs/{}/cancel", run.id)) {
                    (crate::web::form::csrf_field(actor))
                    button.secondary type="submit" { (t!("runs-cancel")) }
                }
            }
        }
    };
    layout(Some(actor), &t!("runs-number", id = run.id), flash, body)
}

/// Planned lines with a box to tick; once a stop is delivered, what it was really given
/// beside what was planned; once the van is back, what came back.
fn load_sheet(shown: &RunShown) -> Markup {
    let run = &shown.run;
    html! {
        section.load-sheet {
            h2 { (t!("runs-sheet")) }
            @for s in &run.stops {
                @let skipped = s.delivered_at.is_none() && run.status == "done";
                h3 { (t!("runs-sheet-stop", n = s.position, site = &s.site_name))
                    @if s.delivered_at.is_some() { " — " (t!("runs-sheet-delivered")) }
                    @if skipped { " — " strong.not-delivered { (t!("runs-sheet-not-delivered")) } } }
                @if let Some(a) = &s.address { p { (a) } }
                @if s.delivered_at.is_some() {
                    (delivered_at_stop(shown, &s.site))
                } @else if skipped {
                    p { (t!("runs-sheet-not-delivered-why", origin = &run.origin_name)) }
                    ul {
                        @for l in run.lines.iter().filter(|l| l.stop == s.site) {
                            li { (line_words(l.quantity, shown.cat(&l.category, &l.category_name), &l.condition)) }
                        }
                    }
                } @else {
                    ul.ticks {
                        @for l in run.lines.iter().filter(|l| l.stop == s.site) {
                            li { label {
                                input type="checkbox" name="tick";
                                " " (line_words(l.quantity, shown.cat(&l.category, &l.category_name), &l.condition))
                            }
                            (crate::boxes::runs::line_note(&shown.boxes, &s.site, &l.category, &l.condition,
                                shown.cat(&l.category, &l.category_name))) }
                        }
                    }
                }
            }
            @if run.status == "done" {
                h3 { (t!("runs-came-back", origin = &run.origin_name)) }
                @if shown.outcome.returned.is_empty() {
                    p { (t!("runs-came-back-nothing")) }
                } @else {
                    ul { @for c in &shown.outcome.returned {
                        li { (line_words(c.quantity, shown.cat(&c.category, &c.category_name), &c.condition)) }
                    } }
                }
            }
        }
    }
}

/// A delivered stop: each planned line with what the site really took, and anything given
/// that was not planned.
fn delivered_at_stop(shown: &RunShown, site: &str) -> Markup {
    let (run, outcome) = (&shown.run, &shown.outcome);
    let given = |category: &str, condition: &str| {
        outcome
            .delivered
            .get(&(
                site.to_string(),
                category.to_string(),
                condition.to_string(),
            ))
            .map_or(0, |c| c.quantity)
    };
    let planned: Vec<_> = run.lines.iter().filter(|l| l.stop == site).collect();
    let unplanned: Vec<_> = outcome
        .delivered
        .iter()
        .filter(|((s, cat, cond), _)| {
            s == site
                && !planned
                    .iter()
                    .any(|l| &l.category == cat && &l.condition == cond)
        })
        .collect();
    html! {
        table.compact {
            thead { tr { th { (t!("runs-col-goods")) } th { (t!("runs-col-planned")) } th { (t!("runs-col-delivered")) } } }
            tbody {
                @for l in &planned {
                    @let took = given(&l.category, &l.condition);
                    tr {
                        td { (t!("runs-goods-cond", name = shown.cat(&l.category, &l.category_name), condition = condition(&l.condition))) }
                        td { (number(l.quantity)) }
                        td { (number(took)) @if took < l.quantity { " " (t!("runs-stayed", n = l.quantity - took)) } }
                    }
                }
                @for (_, c) in &unplanned {
                    tr { td { (t!("runs-goods-cond", name = shown.cat(&c.category, &c.category_name), condition = condition(&c.condition))) } td { (number(0)) } td { (number(c.quantity)) } }
                }
            }
        }
    }
}

/// What stops more going in, in a volunteer's words: the van's space or weight, or nothing
/// more the stops need in stock.
fn what_limits(p: &PlanResponse) -> String {
    use crate::runs::planner::LeftReason as R;
    let has = |kinds: &[R]| p.plan.left_behind.iter().any(|l| kinds.contains(&l.kind));
    let full_volume = has(&[R::VanFullByVolume, R::VanFull, R::TooBig]);
    let full_payload = has(&[R::VanFullByPayload, R::VanFull, R::TooHeavy]);
    match (full_volume, full_payload) {
        (true, true) => t!("runs-limit-both"),
        (true, false) => t!("runs-limit-volume"),
        (false, true) => t!("runs-limit-payload"),
        (false, false) if has(&[R::SearchStopped]) => t!("runs-limit-search"),
        (false, false) if has(&[R::NoStock, R::ShortOfStock]) => {
            // The conditions named are those the rules accept: one set when every
            // category short of stock shares it, else each line below says its own.
            let mut sets: Vec<&[Condition]> = p
                .plan
                .left_behind
                .iter()
                .filter(|l| matches!(l.kind, R::NoStock | R::ShortOfStock))
                .map(|l| accepted(p, &l.category))
                .collect();
            sets.sort();
            sets.dedup();
            match sets.as_slice() {
                [one] => t!("runs-limit-no-stock", conditions = conditions_words(one)),
                _ => t!("runs-limit-no-stock-mixed"),
            }
        }
        (false, false) => t!("runs-limit-room"),
    }
}

/// The conditions the priorities let go out for `category`, as the plan says them.
fn accepted<'a>(p: &'a PlanResponse, category: &str) -> &'a [Condition] {
    accepted_in(&p.accepted_conditions, category)
}

/// Category slug → the conditions the priorities accept for it, best first.
type Accepted = std::collections::BTreeMap<String, Vec<Condition>>;

/// The conditions `accepted` names for `category`; any distributable one if none.
fn accepted_in<'a>(accepted: &'a Accepted, category: &str) -> &'a [Condition] {
    accepted.get(category).map_or(
        &crate::runs::model::DISTRIBUTABLE as &[Condition],
        Vec::as_slice,
    )
}

/// "Good", "Good or Usable": the accepted conditions in the reader's words.
fn conditions_words(accepted: &[Condition]) -> String {
    match accepted {
        [one] => one.label(),
        [first @ .., last] => t!(
            "runs-conditions-either",
            first = first
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(list_separator()),
            last = last.label()
        ),
        [] => String::new(),
    }
}

/// Why something wanted stayed behind, from the planner's kind of reason; a shortage
/// names the conditions the priorities accept for it.
fn left_reason(kind: crate::runs::planner::LeftReason, accepted: &[Condition]) -> String {
    use crate::runs::planner::LeftReason as R;
    match kind {
        R::NoStock => t!(
            "runs-left-no-stock",
            conditions = conditions_words(accepted)
        ),
        R::ShortOfStock => t!("runs-left-short", conditions = conditions_words(accepted)),
        R::NoNeed => t!("runs-left-no-need"),
        R::NoValue => t!("runs-left-no-value"),
        R::TooBig => t!("runs-left-too-big"),
        R::TooHeavy => t!("runs-left-too-heavy"),
        R::VanFullByVolume => t!("runs-left-full-volume"),
        R::VanFullByPayload => t!("runs-left-full-payload"),
        R::VanFull => t!("runs-left-full"),
        R::SearchStopped => t!("runs-left-search"),
    }
}

/// A left-behind line after its item's name: the count said for what it is (still
/// needed at the stops, or in stock and needed by none), then why.
fn left_line(l: &crate::runs::planner::LeftBehind, accepted: &[Condition]) -> String {
    let reason = left_reason(l.kind, accepted);
    match l.kind {
        crate::runs::planner::LeftReason::NoNeed => {
            t!("runs-left-unneeded", n = l.quantity, reason = reason)
        }
        _ => t!("runs-left-line", n = l.quantity, reason = reason),
    }
}

fn ratio(x: f64) -> String {
    if x.is_finite() {
        crate::i18n::format::number_in(Lang::current(), x, 2)
    } else {
        "—".to_string()
    }
}

fn percent(x: f64) -> String {
    t!("runs-percent", p = (100.0 * x).round())
}

fn explanation(p: &PlanResponse, cats: &Cats) -> Markup {
    let name = |slug: &str| {
        cats.0.get(slug).cloned().unwrap_or_else(|| {
            p.category_names
                .get(slug)
                .cloned()
                .unwrap_or_else(|| slug.to_string())
        })
    };
    let stop_names: Vec<&str> = p.run.stops.iter().map(|s| s.site_name.as_str()).collect();
    html! {
        section.plan {
            h2 { (t!("runs-why")) }
            p { (t!("runs-why-worth", points = p.plan.total_value.round(), bound = (p.plan.lp_bound * 10.0).round() / 10.0))
                " " (t!("runs-why-fill", volume = percent(p.plan.volume_fill), payload = percent(p.plan.payload_fill)))
                " " (what_limits(p)) }
            p.muted { (t!("runs-why-how")) }
            table.compact {
                thead { tr { th { (t!("runs-col-goods")) } th { (t!("runs-col-count")) } th { (t!("runs-col-per-litre")) } th { (t!("runs-col-per-kg")) } th { (t!("runs-col-per-stop")) } } }
                tbody {
                    @for l in &p.plan.lines {
                        tr {
                            td { (name(&l.category)) }
                            td { (number(i64::from(l.quantity))) }
                            td { (ratio(l.value_per_litre)) }
                            td { (ratio(l.value_per_kg)) }
                            td { (per_stop(&stop_names, &l.per_stop)) }
                        }
                    }
                }
            }
            @if !p.plan.left_behind.is_empty() {
                h3 { (t!("runs-left")) }
                ul { @for l in &p.plan.left_behind { li { strong { (name(&l.category)) } " " (left_line(l, accepted(p, &l.category))) } } }
            }
        }
    }
}

/// A line's share per stop, one stop a line ("oak 4"), stops getting none left out: a
/// narrow column at 360 px reads a list better than a sentence.
fn per_stop(stops: &[&str], quantities: &[u32]) -> Markup {
    html! {
        @for (s, q) in stops.iter().zip(quantities).filter(|(_, q)| **q > 0) {
            div { (t!("runs-per-stop", site = *s, n = *q)) }
        }
    }
}

/// The run, its boxes per stop (issue 16), what really went out and came back, category
/// names in the request's language and which stops still have a need to plan for.
async fn run_shown(state: &AppState, actor: &Actor, id: i64) -> AppResult<RunShown> {
    let show_address = actor.may_see_addresses();
    let lang = Lang::current();
    state
        .db
        .read(move |c| {
            let run = model::view(c, id, show_address)?;
            let mut has_need = HashMap::new();
            let mut stale = Vec::new();
            if run.status == "planning" {
                let names = model::Names::load(c)?;
                let found = model::find_run(c, id)?;
                let sites: Vec<i64> = found.stops.iter().map(|s| s.site_id).collect();
                let needs = model::plannable_need(c, &sites, &[id], &names)?;
                for (s, need) in found.stops.iter().zip(needs) {
                    has_need.insert(names.location(s.site_id), !need.is_empty());
                }
                stale = model::out_of_date(c, &found, &names)?;
            }
            Ok(RunShown {
                boxes: crate::boxes::runs::sheet(c, id)?,
                outcome: model::outcome(c, id)?,
                cats: Cats::load(c, lang)?,
                has_need,
                stale,
                run,
            })
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
    let shown = run_shown(state, actor, id).await?;
    Ok(page(
        status,
        render_run(actor, &shown, plan, &EditForm::default(), flash),
    ))
}

#[derive(serde::Deserialize)]
pub struct RunQuery {
    /// Set by the redirect after the start form: the page confirms the new run.
    started: Option<String>,
}

pub async fn run_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    query: web::Query<RunQuery>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let shown = run_shown(&state, &actor, id).await?;
    let flash = query.started.is_some().then(|| {
        let run = &shown.run;
        Flash::Ok(t!(
            "runs-started",
            id = run.id,
            van = &run.van_name,
            origin = &run.origin_name,
            date = day_words(run.departs_on),
            stops = run
                .stops
                .iter()
                .map(|s| s.site_name.as_str())
                .collect::<Vec<_>>()
                .join(list_separator())
        ))
    });
    Ok(page(
        StatusCode::OK,
        render_run(&actor, &shown, None, &EditForm::default(), flash),
    ))
}

/// The printable load sheet alone: nothing else on the page, so the browser's Print gives
/// one clean sheet per run.
pub async fn sheet_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let shown = run_shown(&state, &actor, id).await?;
    let run = &shown.run;
    let body = html! {
        h1 { (t!("runs-sheet-title", id = run.id, van = &run.van_name, origin = &run.origin_name, date = day_words(run.departs_on))) }
        p.noprint { (t!("runs-sheet-print")) " "
            a href={ "/runs/" (run.id) } { (t!("runs-back-to-run")) } }
        (load_sheet(&shown))
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("runs-sheet-page", id = id), None, body),
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
            let shown = run_shown(state, actor, id).await?;
            let mut words = said(&e, &shown.cats);
            // Stock went since the plan: the refusal says how to get the van loaded.
            if shown.run.status == "planning" && shortage_words(&e, &shown.cats).is_some() {
                words = format!("{words} {}", replan_words(actor));
            }
            let flash = Flash::Error(words);
            Ok(page(
                status,
                render_run(actor, &shown, None, &EditForm::default(), Some(flash)),
            ))
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
            let shown = run_shown(&state, &actor, id).await?;
            let (total, words) = summary(
                shown
                    .run
                    .lines
                    .iter()
                    .map(|l| (shown.cat(&l.category, &l.category_name), l.quantity)),
            );
            let message = if total == 0 {
                t!("runs-planned-nothing")
            } else {
                t!(
                    "runs-planned",
                    n = total,
                    items = items(total),
                    van = &shown.run.van_name,
                    words = words
                )
            };
            Ok(page(
                StatusCode::OK,
                render_run(
                    &actor,
                    &shown,
                    Some(&p),
                    &EditForm::default(),
                    Some(Flash::Ok(message)),
                ),
            ))
        }
        Err(e) => after(&state, &actor, id, Err(e)).await,
    }
}

/// A stop taken off a run in planning in one tap (one the planner found nothing for).
pub async fn remove_stop(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, String)>,
) -> AppResult<HttpResponse> {
    let (id, site) = path.into_inner();
    let result = state
        .db
        .write(move |c| {
            let before = model::view(c, id, false)?;
            let name = before
                .stops
                .iter()
                .find(|s| s.site == site)
                .map(|s| s.site_name.clone());
            model::remove_stop(c, id, &site)?;
            Ok(name.unwrap_or_else(|| site.clone()))
        })
        .await
        .map(|site| t!("runs-stop-removed", site = site, id = id));
    after(&state, &actor, id, result).await
}

/// The counts a page form sends as `q:<category>:<condition>` (or with a stop first).
fn counts(fields: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    fields
        .iter()
        .filter_map(|(n, v)| Some((n.strip_prefix("q:")?, v.as_str())))
}

pub async fn lines(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let fields = fields.into_inner();
    let show_address = actor.may_see_addresses();
    let lang = Lang::current();
    let (run, cats) = state
        .db
        .read(move |c| Ok((model::view(c, id, show_address)?, Cats::load(c, lang)?)))
        .await?;
    let site_name = |slug: &str| {
        run.stops
            .iter()
            .find(|s| s.site == slug)
            .map_or_else(|| slug.to_string(), |s| s.site_name.clone())
    };
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    // The form field each line sent came from, by its index in `lines`.
    let mut field_of = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (key, value) in counts(&fields) {
        let field = format!("q:{key}");
        let parts: Vec<&str> = key.split(':').collect();
        let read = match parts[..] {
            [stop, category, cond] => cond
                .parse::<crate::catalog::Condition>()
                .ok()
                .map(|c| (stop, category, c)),
            _ => None,
        };
        let Some((stop, category, condition)) = read else {
            errors.push(FieldError::new("lines", t!("runs-unreadable", field = key)));
            continue;
        };
        if !seen.insert(key) {
            continue;
        }
        let max = crate::ledger::quantity::MAX_QUANTITY;
        let n = crate::web::form::whole_number(value, 0, max);
        if n == Ok(0) {
            continue;
        }
        match n.and_then(|n| Quantity::parse(n).map_err(|_| t!("number-at-most", max = max))) {
            Ok(quantity) => {
                lines.push(EditLine {
                    category: category.to_string(),
                    condition,
                    quantity,
                    stop: stop.to_string(),
                });
                field_of.push(field);
            }
            Err(problem) => errors.push(FieldError::new(
                field.as_str(),
                t!(
                    "runs-edit-not-count",
                    item = cats.of(category),
                    site = site_name(stop),
                    problem = problem
                ),
            )),
        }
    }
    // The lines that read are checked even when some did not: every problem at once.
    let save = errors.is_empty();
    let req = LinesRequest { lines };
    let checked = state
        .db
        .write(move |c| model::edit_lines(c, id, &req, save))
        .await;
    let problems = match checked {
        Ok(Ok(saved)) if save => {
            let (total, words) = summary(
                saved
                    .lines
                    .iter()
                    .map(|l| (cats.name(&l.category, &l.category_name), l.quantity)),
            );
            let message = if total == 0 {
                t!("runs-saved-nothing", id = id)
            } else {
                t!("runs-saved", id = id, items = items(total), words = words)
            };
            return after(&state, &actor, id, Ok(message)).await;
        }
        Ok(Ok(_)) => Vec::new(),
        Ok(Err(problems)) => problems,
        Err(e) => return after(&state, &actor, id, Err(e)).await,
    };
    // Only short of stock: a conflict with what is recorded (409); else bad input (422).
    let status = if errors.is_empty()
        && problems
            .iter()
            .all(|p| matches!(p, model::LineProblem::Short { .. }))
    {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    for p in &problems {
        errors.extend(problem_words(p, &field_of, &cats, &run));
    }
    let errors = FormErrors(errors);
    let flash = Flash::Error(t!("runs-edit-refused", n = errors.0.len()));
    let shown = run_shown(&state, &actor, id).await?;
    let edit = EditForm {
        values: fields.into_iter().collect(),
        errors,
    };
    Ok(page(
        status,
        render_run(&actor, &shown, None, &edit, Some(flash)),
    ))
}

/// A hand-edit's problem in the volunteer's words, beside the line it is about (every
/// line it is about) or, for the whole load, under `lines`.
fn problem_words(
    p: &model::LineProblem,
    field_of: &[String],
    cats: &Cats,
    run: &RunView,
) -> Vec<FieldError> {
    use model::LineProblem as P;
    let at = |line: &usize| {
        field_of
            .get(*line)
            .cloned()
            .unwrap_or_else(|| "lines".into())
    };
    let one_decimal = |x: f64| (x * 10.0).round() / 10.0;
    match p {
        P::TooManyLines => vec![FieldError::new("lines", t!("runs-edit-too-many"))],
        P::UnknownCategory { line, .. } => {
            vec![FieldError::new(at(line), t!("runs-edit-unknown-item"))]
        }
        P::NotAStop { line, stop } => vec![FieldError::new(
            at(line),
            t!("runs-edit-not-a-stop", site = stop, id = run.id),
        )],
        P::NotEligible {
            line,
            category,
            category_name,
            condition: cond,
            minimum,
        } => vec![FieldError::new(
            at(line),
            t!(
                "runs-edit-not-eligible",
                item = cats.name(category, category_name),
                condition = cond.label(),
                minimum = minimum.label()
            ),
        )],
        P::Twice { line, .. } => vec![FieldError::new(at(line), t!("runs-edit-twice"))],
        P::OverVolume {
            van_name,
            capacity_l,
            volume_l,
            ..
        } => vec![FieldError::new(
            "lines",
            t!(
                "runs-edit-over-volume",
                van = van_name,
                capacity = one_decimal(*capacity_l),
                need = one_decimal(*volume_l),
                over = one_decimal(volume_l - capacity_l)
            ),
        )],
        P::OverPayload {
            van_name,
            payload_kg,
            weight_kg,
            ..
        } => vec![FieldError::new(
            "lines",
            t!(
                "runs-edit-over-payload",
                van = van_name,
                payload = one_decimal(*payload_kg),
                need = one_decimal(*weight_kg),
                over = one_decimal(weight_kg - payload_kg)
            ),
        )],
        P::Short { lines, shortage } => {
            let message = t!(
                "runs-edit-short",
                item = cats.name(&shortage.category, &shortage.category_name),
                condition = condition(&shortage.condition),
                have = shortage.in_stock,
                n = shortage.requested,
                origin = &run.origin_name
            );
            lines
                .iter()
                .map(|l| FieldError::new(at(l), message.clone()))
                .collect()
        }
    }
}

pub async fn load(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let lang = Lang::current();
    let result = state
        .db
        .write(move |c| {
            let run = model::load(c, id, &handle, now)?;
            Ok((run, Cats::load(c, lang)?))
        })
        .await
        .map(|(run, cats)| {
            let (total, words) = summary(
                run.lines
                    .iter()
                    .map(|l| (cats.name(&l.category, &l.category_name), l.quantity)),
            );
            t!(
                "runs-loaded",
                items = items(total),
                van = &run.van_name,
                words = words
            )
        });
    after(&state, &actor, id, result).await
}

// ---- the driver's stop ----

/// What the stop page shows besides the run: the counts as typed and the errors beside
/// each line; what is on the van now, by (category, condition).
struct StopForm {
    values: HashMap<String, String>,
    errors: FormErrors,
    on_van: HashMap<(String, String), i64>,
    cats: Cats,
}

async fn stop_form(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> AppResult<(RunView, HashMap<(String, String), i64>, Cats)> {
    let show_address = actor.may_see_addresses();
    let lang = Lang::current();
    state
        .db
        .read(move |c| {
            let on_van = model::on_van(c, id)?
                .into_iter()
                .map(|x| ((x.category, x.condition), x.quantity))
                .collect();
            Ok((
                model::view(c, id, show_address)?,
                on_van,
                Cats::load(c, lang)?,
            ))
        })
        .await
}

/// The driver's stop page: the stop's planned lines, each count ready to lower to what the
/// site really took; what it did not take stays on the van.
pub async fn stop_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, String)>,
) -> AppResult<HttpResponse> {
    let (id, site) = path.into_inner();
    let (run, on_van, cats) = stop_form(&state, &actor, id).await?;
    let form = StopForm {
        values: HashMap::new(),
        errors: FormErrors::default(),
        on_van,
        cats,
    };
    render_stop(&actor, &run, &site, &form, None, StatusCode::OK)
}

fn stop_field_id(category: &str, condition: &str) -> String {
    format!("q-{category}-{condition}")
}

fn render_stop(
    actor: &Actor,
    run: &RunView,
    site: &str,
    form: &StopForm,
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
    let e = &form.errors;
    let body = html! {
        h1 { (t!("runs-stop-title", id = run.id, site = &stop.site_name)) }
        @if let Some(a) = &stop.address { p { (a) } }
        @if !open {
            p { @if stop.delivered_at.is_some() { (t!("runs-stop-already")) } @else { (t!("runs-stop-not-now", status = state_words(&run.status))) } }
        } @else if may_drive(actor) {
            p { (t!("runs-stop-intro")) }
            // The server's checks name the item in the page's language: no browser bubbles.
            form.stop method="post" novalidate action=(&format!("/runs/{}/deliver", run.id)) {
                (crate::web::form::csrf_field(actor))
                input type="hidden" name="stop" value=(stop.site);
                @for l in &planned {
                    @let field = format!("q:{}:{}", l.category, l.condition);
                    @let id = stop_field_id(&l.category, &l.condition);
                    @let on_van = form.on_van.get(&(l.category.clone(), l.condition.clone())).copied().unwrap_or(l.quantity);
                    // What was planned, or what is left on the van if an earlier stop took more.
                    @let value = form.values.get(&field).cloned().unwrap_or_else(|| l.quantity.min(on_van).to_string());
                    div.field.take {
                        label for=(id) {
                            (form.cats.name(&l.category, &l.category_name)) " "
                            small {
                                @if on_van > l.quantity {
                                    (t!("runs-stop-line-more", condition = condition(&l.condition), n = l.quantity, have = on_van))
                                } @else {
                                    (t!("runs-stop-line", condition = condition(&l.condition), n = l.quantity))
                                }
                            }
                        }
                        input id=(id) type="number" min="0" max=(on_van.max(l.quantity)) step="1" inputmode="numeric"
                            name=(field) value=(value)
                            aria-invalid=[invalid(e, &field)] aria-describedby=[described_by(e, &field, &id)];
                        (beside(e, &field, &id))
                    }
                }
                @let spare = spare_on_van(run, site, &form.on_van, &form.cats);
                @if !spare.is_empty() {
                    // Open, so a hurried driver sees it; foldable once read.
                    details.spare open {
                        summary { (t!("runs-stop-spare", n = spare.iter().map(|(_, n)| *n).sum::<i64>())) }
                        p.hint { (t!("runs-stop-spare-intro")) }
                        @for ((category, cond), n) in &spare {
                            @let field = format!("q:{category}:{cond}");
                            @let id = stop_field_id(category, cond);
                            div.field.take {
                                label for=(id) {
                                    (form.cats.of(category)) " "
                                    small { (t!("runs-stop-spare-line", condition = condition(cond), n = *n)) }
                                }
                                input id=(id) type="number" min="0" max=(n) step="1" inputmode="numeric"
                                    name=(field) value=(form.values.get(&field).cloned().unwrap_or_else(|| "0".into()))
                                    aria-invalid=[invalid(e, &field)] aria-describedby=[described_by(e, &field, &id)];
                                (beside(e, &field, &id))
                            }
                        }
                    }
                }
                (beside(e, "", "stop-form"))
                button.big type="submit" { (t!("runs-stop-confirm", site = &stop.site_name)) }
            }
        }
        p { a href={ "/runs/" (run.id) } { (t!("runs-back-to-run")) } }
    };
    Ok(page(
        status,
        layout(
            Some(actor),
            &t!("runs-deliver-at", site = &stop.site_name),
            flash,
            body,
        ),
    ))
}

/// What the van holds beyond every undelivered stop's plan, of goods not planned for
/// `site`: a site that asks for more may have it without shorting a later stop (a
/// planned line already takes up to what the van holds). In the order of the items' names.
fn spare_on_van(
    run: &RunView,
    site: &str,
    on_van: &HashMap<(String, String), i64>,
    cats: &Cats,
) -> Vec<((String, String), i64)> {
    let open: Vec<&str> = run
        .stops
        .iter()
        .filter(|s| s.delivered_at.is_none())
        .map(|s| s.site.as_str())
        .collect();
    let mut spare: Vec<((String, String), i64)> = on_van
        .iter()
        .filter(|((c, k), _)| {
            !run.lines
                .iter()
                .any(|l| l.stop == site && &l.category == c && &l.condition == k)
        })
        .map(|(key, n)| {
            let promised: i64 = run
                .lines
                .iter()
                .filter(|l| open.contains(&l.stop.as_str()))
                .filter(|l| l.category == key.0 && l.condition == key.1)
                .map(|l| l.quantity)
                .sum();
            (key.clone(), n - promised)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    spare.sort_by_cached_key(|((c, k), _)| (cats.of(c), k.clone()));
    spare
}

/// The stop form's counts checked, each refusal beside its line and naming the item:
/// a count is a whole number from 0 to what the van holds of it. `None` lines: the
/// form sent no counts, so the stop takes what was planned.
fn read_counts(
    fields: &[(String, String)],
    on_van: &HashMap<(String, String), i64>,
    cats: &Cats,
) -> (Option<Vec<LineRequest>>, FormErrors) {
    let mut given: Option<Vec<LineRequest>> = None;
    let mut errors = Vec::new();
    for (key, value) in counts(fields) {
        let lines = given.get_or_insert_with(Vec::new);
        let field = format!("q:{key}");
        let Some((category, cond)) = key.split_once(':') else {
            errors.push(FieldError::new(
                field.as_str(),
                t!("runs-unreadable", field = key),
            ));
            continue;
        };
        let name = cats.of(category);
        if value.trim().is_empty() {
            errors.push(FieldError::new(
                field.as_str(),
                t!("runs-stop-empty", item = name),
            ));
            continue;
        }
        // 0 is a count (the site took none; it stays on the van): the bound the
        // driver meets is what the van holds, said below, not the largest quantity.
        let n = crate::web::form::whole_number(value, 0, crate::ledger::quantity::MAX_QUANTITY);
        if n == Ok(0) {
            continue;
        }
        let have = on_van
            .get(&(category.to_string(), cond.to_string()))
            .copied()
            .unwrap_or(0);
        // 0 was skipped above: what is left parses as a quantity.
        match (n.map(Quantity::parse), cond.parse()) {
            (Ok(Ok(quantity)), Ok(condition)) if quantity.get() <= have => {
                lines.push(LineRequest {
                    category: category.to_string(),
                    condition,
                    quantity,
                })
            }
            (Ok(Ok(quantity)), Ok(_)) => errors.push(FieldError::new(
                field.as_str(),
                t!(
                    "runs-stop-too-many",
                    item = name,
                    n = quantity.get(),
                    have = have
                ),
            )),
            (Err(problem), _) => errors.push(FieldError::new(
                field.as_str(),
                t!("runs-stop-not-count", item = name, problem = problem),
            )),
            _ => errors.push(FieldError::new(
                field.as_str(),
                t!("runs-unreadable", field = key),
            )),
        }
    }
    if given.as_ref().is_some_and(Vec::is_empty) && errors.is_empty() {
        errors.push(FieldError::new("", t!("runs-stop-all-zero")));
    }
    (given, FormErrors(errors))
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
    let (before, on_van, cats) = stop_form(&state, &actor, id).await?;
    // A second tap, or the stop page's form sent again: the counts no longer match the
    // van, so the model's own refusal is said first, not a list of count errors.
    if let Some(done) = before
        .stops
        .iter()
        .find(|s| s.site == stop && s.delivered_at.is_some())
    {
        let message = refusal_words(&model::Refusal::AlreadyDelivered {
            run: id,
            stop: done.site.clone(),
            stop_name: done.site_name.clone(),
        });
        return show(
            &state,
            &actor,
            id,
            None,
            Some(Flash::Error(message)),
            StatusCode::CONFLICT,
        )
        .await;
    }
    let (given, errors) = read_counts(&fields, &on_van, &cats);
    let refusal = if errors.is_empty() {
        let req = DeliverRequest {
            stop: stop.clone(),
            lines: given,
        };
        let (now, handle) = (state.clock.now(), actor.handle.clone());
        let message_req = req.clone();
        match state
            .db
            .write(move |c| model::deliver(c, id, &req, &handle, now))
            .await
        {
            Ok(run) => {
                let message = delivered_message(&before, &run, &message_req, &on_van, &cats);
                return show(
                    &state,
                    &actor,
                    id,
                    None,
                    Some(Flash::Ok(message)),
                    StatusCode::OK,
                )
                .await;
            }
            Err(e @ (AppError::NotFound(_) | AppError::Internal(_))) => return Err(e),
            Err(e) => (
                actix_web::ResponseError::status_code(&e),
                FormErrors::one("", said(&e, &cats)),
            ),
        }
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, errors)
    };
    // Refused: the stop page again, with the counts as typed and each reason beside its line.
    let (status, errors) = refusal;
    let form = StopForm {
        values: fields.iter().cloned().collect(),
        errors,
        on_van,
        cats,
    };
    let flash = refused(&form.errors);
    render_stop(&actor, &before, &stop, &form, flash, status)
}

/// "Delivered 10 items at Oak: …; 2 Blanket stay on the van and come back with the return."
/// What stays on the van is what the stop was planned and did not take, as far as the
/// van still holds it (an earlier stop may have taken more than its share).
fn delivered_message(
    before: &RunView,
    after: &RunView,
    req: &DeliverRequest,
    on_van: &HashMap<(String, String), i64>,
    cats: &Cats,
) -> String {
    let stop_name = after
        .stops
        .iter()
        .find(|s| s.site == req.stop)
        .map_or(req.stop.as_str(), |s| s.site_name.as_str());
    let planned: Vec<_> = before.lines.iter().filter(|l| l.stop == req.stop).collect();
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
    let (total, words) = summary(delivered.iter().map(|(c, _, q)| (cats.of(c), *q)));
    let kept = planned.iter().filter_map(|l| {
        let given: i64 = delivered
            .iter()
            .filter(|(c, k, _)| *c == l.category && *k == l.condition)
            .map(|(_, _, q)| q)
            .sum();
        let held = on_van
            .get(&(l.category.clone(), l.condition.clone()))
            .copied()
            .unwrap_or(l.quantity);
        let left = (l.quantity - given).min(held - given);
        (left > 0).then(|| (cats.name(&l.category, &l.category_name), left))
    });
    let (left, left_words) = summary(kept);
    let done = if total == 0 {
        t!("runs-delivered-nothing", site = stop_name)
    } else {
        t!(
            "runs-delivered",
            items = items(total),
            site = stop_name,
            words = words
        )
    };
    if left > 0 {
        t!("runs-delivered-kept", done = done, words = left_words)
    } else {
        t!("runs-delivered-all", done = done)
    }
}

/// The shared confirmation page before an action that cannot be undone in one tap:
/// the question and what will happen, Confirm posting the action again.
fn confirmation(
    actor: &Actor,
    title: &str,
    question: &str,
    details: Markup,
    action: &str,
    button: &str,
    back: &str,
) -> HttpResponse {
    crate::web::confirm::confirm_page(
        actor,
        &crate::web::confirm::Confirmation {
            title,
            restated: html! { p { (question) } (details) },
            action,
            fields: &[],
            confirm_label: button,
            cancel_href: back,
        },
    )
}

/// `sent`: the return was asked for (a form), so a run that cannot come back is said to
/// be refused; opened as a page after the return (the language switch on its answer, a
/// bookmark), the run that is back is simply shown.
async fn return_confirmation(
    state: &AppState,
    actor: &Actor,
    id: i64,
    sent: bool,
) -> AppResult<HttpResponse> {
    let lang = Lang::current();
    let (run, on_van, cats) = state
        .db
        .read(move |c| {
            Ok((
                model::view(c, id, false)?,
                model::on_van(c, id)?,
                Cats::load(c, lang)?,
            ))
        })
        .await?;
    if !(run.status == "loaded" || run.status == "delivered") {
        if !sent && run.status == "done" {
            return show(state, actor, id, None, None, StatusCode::OK).await;
        }
        return show(
            state,
            actor,
            id,
            None,
            Some(Flash::Error(refusal_words(&model::Refusal::WrongStatus {
                run: id,
                status: model::RunStatus::parse(&run.status).unwrap_or(model::RunStatus::Done),
                step: model::Step::Return,
            }))),
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
            p { (t!("runs-return-empty")) }
        } @else {
            p { (t!("runs-return-going", origin = &run.origin_name)) }
            ul { @for c in &on_van { li { (line_words(c.quantity, cats.name(&c.category, &c.category_name), &c.condition)) } } }
        }
        @if !open.is_empty() {
            p.flash.error { (t!("runs-return-open", sites = open.join(list_separator()))) }
        }
    };
    Ok(confirmation(
        actor,
        &t!("runs-return-title", id = id),
        &t!("runs-return-question", origin = &run.origin_name),
        details,
        &format!("/runs/{id}/return"),
        &t!("runs-return-yes", origin = &run.origin_name),
        &format!("/runs/{id}"),
    ))
}

pub async fn return_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    return_confirmation(&state, &actor, path.into_inner(), false).await
}

pub async fn return_run(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    if !crate::web::confirm::is_confirmed_in(&fields) {
        return return_confirmation(&state, &actor, id, true).await;
    }
    let (now, handle) = (state.clock.now(), actor.handle.clone());
    let lang = Lang::current();
    let result = state
        .db
        .write(move |c| {
            let on_van = model::on_van(c, id)?;
            let run = model::return_run(c, id, &handle, now)?;
            Ok((on_van, run, Cats::load(c, lang)?))
        })
        .await
        .map(|(on_van, run, cats)| {
            let (total, words) = summary(
                on_van
                    .iter()
                    .map(|c| (cats.name(&c.category, &c.category_name), c.quantity)),
            );
            if total == 0 {
                t!("runs-returned-empty", origin = &run.origin_name, id = id)
            } else {
                t!(
                    "runs-returned",
                    items = items(total),
                    origin = &run.origin_name,
                    words = words,
                    id = id
                )
            }
        });
    after(&state, &actor, id, result).await
}

pub async fn cancel(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<i64>,
    fields: Fields,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    if !crate::web::confirm::is_confirmed_in(&fields) {
        let run = state.db.read(move |c| model::view(c, id, false)).await?;
        if run.status != "planning" {
            let refusal = model::Refusal::WrongStatus {
                run: id,
                status: model::RunStatus::parse(&run.status).unwrap_or(model::RunStatus::Done),
                step: model::Step::Cancel,
            };
            return after(&state, &actor, id, Err(refusal.into())).await;
        }
        return Ok(confirmation(
            &actor,
            &t!("runs-cancel-title", id = id),
            &t!(
                "runs-cancel-question",
                id = id,
                van = &run.van_name,
                origin = &run.origin_name,
                date = run.departs_on
            ),
            html! {},
            &format!("/runs/{id}/cancel"),
            &t!("runs-cancel-yes"),
            &format!("/runs/{id}"),
        ));
    }
    match state.db.write(move |c| model::cancel(c, id)).await {
        Ok(run) => {
            let ctx = list_context(&state, actor.may_see_addresses()).await?;
            let message = t!(
                "runs-cancelled",
                id = id,
                van = &run.van_name,
                origin = &run.origin_name,
                date = run.departs_on
            );
            let form = StartForm::fresh(ctx.today);
            Ok(page(
                StatusCode::OK,
                render_list(&actor, &ctx, &form, Some(Flash::Ok(message))),
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
    plan: Option<(&DayPlanResponse, &Cats, &Accepted)>,
    flash: Option<Flash>,
) -> Markup {
    let title = t!("runs-day-title", day = day_words(day));
    let body = html! {
        h1 { (title) }
        @if runs.is_empty() {
            p { (t!("runs-day-none")) }
        } @else {
            ul {
                @for r in runs {
                    li { a href={ "/runs/" (r.id) } { (t!("runs-number", id = r.id)) } " "
                        (t!("runs-day-run", van = &r.van_name, origin = &r.origin_name,
                            stops = r.stops.iter().map(|s| s.site_name.as_str()).collect::<Vec<_>>().join(list_separator()))) }
                }
            }
            @if may_plan(actor) {
                form method="post" novalidate action=(&format!("/runs/day/{day}/plan")) {
                    (crate::web::form::csrf_field(actor))
                    button.big type="submit" { (t!("runs-day-plan", n = runs.len())) }
                }
            }
        }
        @if let Some((p, cats, accepted)) = plan { (fleet_explanation(p, cats, accepted)) }
        p { a href="/runs" { (t!("runs-all-link")) } }
    };
    layout(Some(actor), &title, flash, body)
}

/// Why a van of the day's plan carries what it carries, from the plan's figures: how
/// full it is and by what, what it carries first, and goods shared with other vans.
fn van_reasons(p: &DayPlanResponse, v: usize, cats: &Cats) -> Vec<String> {
    const FULL: f64 = 0.95;
    let (van, run) = (&p.plan.vans[v], &p.runs[v]);
    if van.lines.is_empty() {
        return vec![t!("runs-fleet-nothing", van = &van.name)];
    }
    let first = van
        .lines
        .iter()
        .take(3)
        .map(|l| cats.name(&l.category, &l.name))
        .collect::<Vec<_>>()
        .join(list_separator());
    let (volume, payload) = (percent(van.volume_fill), percent(van.payload_fill));
    let mut out = vec![
        if van.volume_fill >= FULL && van.volume_fill >= van.payload_fill {
            t!(
                "runs-fleet-full-volume",
                volume = volume,
                litres = run.capacity_l,
                payload = payload,
                first = first
            )
        } else if van.payload_fill >= FULL {
            t!(
                "runs-fleet-full-payload",
                payload = payload,
                kg = run.payload_kg,
                volume = volume,
                first = first
            )
        } else {
            t!(
                "runs-fleet-room",
                volume = volume,
                payload = payload,
                first = first
            )
        },
    ];
    for line in &van.lines {
        let others: Vec<String> = p
            .plan
            .vans
            .iter()
            .enumerate()
            .filter(|(o, _)| *o != v)
            .filter_map(|(_, other)| {
                let q: u32 = other
                    .lines
                    .iter()
                    .filter(|l| l.category == line.category)
                    .map(|l| l.quantity)
                    .sum();
                (q > 0).then(|| t!("runs-fleet-in-van", n = q, van = &other.name))
            })
            .collect();
        if !others.is_empty() {
            out.push(t!(
                "runs-fleet-shared",
                name = cats.name(&line.category, &line.name),
                n = line.quantity,
                others = phrase(others.join(list_separator()))
            ));
        }
    }
    out
}

fn fleet_explanation(p: &DayPlanResponse, cats: &Cats, accepted: &Accepted) -> Markup {
    html! {
        section.plan {
            h2 { (t!("runs-fleet-why")) }
            p { (t!("runs-fleet-worth", points = p.plan.total_value.round(), sequential = p.plan.sequential_value.round(),
                    bound = (p.plan.lp_bound * 10.0).round() / 10.0)) " "
                @if p.plan.proven_optimal { (t!("runs-fleet-best")) } @else { (t!("runs-fleet-gap", gap = (10000.0 * p.plan.gap_to_bound).round() / 100.0)) } }
            @for (v, ((van, run), stops)) in p.plan.vans.iter().zip(&p.runs).zip(&p.stops).enumerate() {
                h3 { a href={ "/runs/" (run.id) } { (t!("runs-fleet-van", van = &van.name, id = run.id)) } }
                ul { @for why in van_reasons(p, v, cats) { li { (why) } } }
                @if !van.lines.is_empty() {
                    table.compact {
                        thead { tr { th { (t!("runs-col-goods")) } th { (t!("runs-col-count")) } th { (t!("runs-col-per-stop")) } } }
                        tbody {
                            @for l in &van.lines {
                                tr {
                                    td { (cats.name(&l.category, &l.name)) }
                                    td { (number(i64::from(l.quantity))) }
                                    td { (per_stop(&run.stops.iter().zip(stops).map(|(s, _)| s.site_name.as_str()).collect::<Vec<_>>(), &l.per_stop)) }
                                }
                            }
                        }
                    }
                }
            }
            @if !p.plan.left_behind.is_empty() {
                h3 { (t!("runs-left")) }
                ul { @for l in &p.plan.left_behind {
                    @let conditions = conditions_words(accepted_in(accepted, &l.category));
                    li { strong { (cats.name(&l.category, &l.name)) } " " (t!("runs-fleet-left", n = l.quantity, conditions = conditions)) }
                } }
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
    let lang = Lang::current();
    let result = state
        .db
        .write(move |c| {
            let plan = crate::runs::fleet_model::plan_day(c, day)?;
            // Each line left behind names the conditions its priorities accept.
            let priorities = crate::priorities::model::require_current(c)?.priorities;
            let accepted: Accepted = plan
                .plan
                .left_behind
                .iter()
                .map(|l| {
                    let conditions = model::accepted_conditions(&priorities, &l.category);
                    (l.category.clone(), conditions)
                })
                .collect();
            Ok((plan, Cats::load(c, lang)?, accepted))
        })
        .await;
    match result {
        Ok((p, cats, accepted)) => {
            let (total, words) = summary(p.plan.vans.iter().flat_map(|v| {
                v.lines
                    .iter()
                    .map(|l| (cats.name(&l.category, &l.name), i64::from(l.quantity)))
            }));
            let message = t!(
                "runs-day-planned",
                n = p.runs.len(),
                items = items(total),
                words = words
            );
            Ok(page(
                StatusCode::OK,
                render_day(
                    &actor,
                    day,
                    &p.runs,
                    Some((&p, &cats, &accepted)),
                    Some(Flash::Ok(message)),
                ),
            ))
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            let runs = day_runs(&state, day).await?;
            Ok(page(
                status,
                render_day(
                    &actor,
                    day,
                    &runs,
                    None,
                    Some(Flash::Error(said(&e, &Cats::default()))),
                ),
            ))
        }
    }
}
