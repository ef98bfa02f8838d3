//! Page routes: every server-rendered page, in one table so the guard sees them all.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::Actor;
use crate::error::AppResult;
use crate::i18n::choose::Source;
use crate::i18n::{Lang, Msg};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/login", web::get().to(crate::auth::pages::login_page))
        .route("/login", web::post().to(crate::auth::pages::login_submit))
        .route("/logout", web::post().to(crate::auth::pages::logout))
        .route("/setup", web::get().to(crate::auth::pages::setup_page))
        .route("/setup", web::post().to(crate::auth::pages::setup_submit))
        .route("/stock", web::get().to(crate::ledger::pages::stock_page))
        .route("/intake", web::get().to(crate::intake::pages::form))
        .route("/intake", web::post().to(crate::intake::pages::submit))
        .route("/needs", web::get().to(crate::needs::pages::needs_page))
        .route("/needs", web::post().to(crate::needs::pages::submit))
        .route(
            "/needs/from-evidence",
            web::post().to(crate::needs::pages::from_evidence),
        )
        .route(
            "/priorities",
            web::get().to(crate::priorities::pages::priorities_page),
        )
        .route(
            "/priorities",
            web::post().to(crate::priorities::pages::submit),
        )
        .route(
            "/collect",
            web::get().to(crate::collect::pages::collect_page),
        )
        .route("/handouts", web::get().to(crate::handouts::pages::form))
        .route("/handouts", web::post().to(crate::handouts::pages::submit))
        .route(
            "/reports",
            web::get().to(crate::reports::pages::coordinator_report),
        )
        .route(
            "/report",
            web::get().to(crate::reports::pages::public_report),
        )
        .route("/runs", web::get().to(crate::runs::pages::list_page))
        .route("/runs", web::post().to(crate::runs::pages::create))
        .route("/runs/{id}", web::get().to(crate::runs::pages::run_page))
        .route("/runs/{id}/plan", web::post().to(crate::runs::pages::plan))
        .route(
            "/runs/{id}/lines",
            web::post().to(crate::runs::pages::lines),
        )
        .route("/runs/{id}/load", web::post().to(crate::runs::pages::load))
        .route(
            "/runs/{id}/deliver",
            web::post().to(crate::runs::pages::deliver),
        )
        .route(
            "/runs/{id}/return",
            web::post().to(crate::runs::pages::return_run),
        )
        .configure(warehouse_routes)
        .configure(crate::admin::pages::routes)
        .route("/reset", web::get().to(crate::auth::reset::reset_page))
        .route("/reset", web::post().to(crate::auth::reset::reset_submit))
        .configure(crate::i18n::choose::routes)
        .configure(crate::history::routes)
        .configure(crate::runs::pages::routes);
}

/// The warehouse pages (issue 9): triage, transfer, stocktake, write-off.
fn warehouse_routes(cfg: &mut web::ServiceConfig) {
    use crate::movements::pages as m;
    cfg.route("/triage", web::get().to(m::triage_page))
        .route("/triage", web::post().to(m::regrade_submit))
        .route("/transfer", web::get().to(m::transfer_page))
        .route("/transfer", web::post().to(m::transfer_submit))
        .route("/stocktake", web::get().to(m::stocktake_page))
        .route("/stocktake", web::post().to(m::stocktake_submit))
        .route("/writeoff", web::get().to(m::writeoff_page))
        .route("/writeoff", web::post().to(m::writeoff_submit));
}

/// What each page is for, in the words a volunteer would use.
const TASKS: &[(&str, Msg, Msg)] = &[
    ("/intake", Msg("home-intake"), Msg("home-intake-what")),
    ("/collect", Msg("home-collect"), Msg("home-collect-what")),
    ("/stock", Msg("home-stock"), Msg("home-stock-what")),
    ("/runs", Msg("home-runs"), Msg("home-runs-what")),
    ("/handouts", Msg("home-handouts"), Msg("home-handouts-what")),
    ("/needs", Msg("home-needs"), Msg("home-needs-what")),
    (
        "/priorities",
        Msg("home-priorities"),
        Msg("home-priorities-what"),
    ),
    ("/reports", Msg("home-reports"), Msg("home-reports-what")),
    ("/triage", Msg("home-triage"), Msg("home-triage-what")),
    ("/transfer", Msg("home-transfer"), Msg("home-transfer-what")),
    (
        "/stocktake",
        Msg("home-stocktake"),
        Msg("home-stocktake-what"),
    ),
    ("/writeoff", Msg("home-writeoff"), Msg("home-writeoff-what")),
    ("/admin", Msg("home-admin"), Msg("home-admin-what")),
    ("/history", Msg("home-history"), Msg("home-history-what")),
    ("/partners", Msg("home-partners"), Msg("home-partners-what")),
    // Boxes (issue 16).
    ("/b", Msg("home-boxes"), Msg("home-boxes-what")),
    ("/labels", Msg("home-labels"), Msg("home-labels-what")),
];

/// The pages a role's job goes through, in the order it does them; its other pages
/// follow in `TASKS` order. The warehouse sorts what came in before anything is counted,
/// moved or loaded.
fn job_flow(role: crate::auth::Role) -> &'static [&'static str] {
    use crate::auth::Role::*;
    match role {
        Crew => &["/intake", "/collect"],
        Warehouse => &[
            "/triage",
            "/transfer",
            "/stocktake",
            "/writeoff",
            "/stock",
            "/runs",
        ],
        Driver => &["/runs"],
        Distributor => &["/handouts", "/needs"],
        // Their own pages first: the others they open to help or check.
        Coordinator => &["/admin", "/history", "/needs"],
    }
}

/// The first thing a role usually does, shown first.
pub fn first_task(role: crate::auth::Role) -> &'static str {
    job_flow(role)[0]
}

/// Where the page's language comes from, said truly (the account's setting, this
/// phone's choice, the browser or the collective's default), with a link per language
/// that switches to it and saves it with the account.
fn language_line(current: Lang, source: Source, account: Option<Lang>) -> Markup {
    let language = current.own_name();
    let said = match (account, source) {
        (Some(a), _) if a == current => t!("home-language-account", language = language),
        (Some(a), from) => t!(
            "home-language-other",
            language = language,
            from = match from {
                Source::Cookie => "phone",
                Source::Browser => "browser",
                Source::Default => "default",
            },
            account = a.own_name()
        ),
        (None, Source::Cookie) => t!("home-language-phone", language = language),
        (None, Source::Browser) => t!("home-language-browser", language = language),
        (None, Source::Default) => t!("home-language-default", language = language),
    };
    html! {
        p.muted #language { (said) }
        nav.langs.home-langs aria-labelledby="language-change" {
            span #language-change { (t!("home-language-change")) }
            @for l in Lang::OFFERED {
                a lang=(l.code()) hreflang=(l.code()) href={ "/lang/" (l.code()) "?next=/" } aria-current=[(l == current).then_some("true")] { (l.own_name()) }
            }
        }
    }
}

async fn home(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
) -> AppResult<HttpResponse> {
    let handle = actor.handle.clone();
    let account = state
        .db
        .read(move |c| Ok(crate::auth::store::lang_of(c, &handle)?))
        .await?
        .as_deref()
        .and_then(Lang::parse);
    let (_, source) = crate::i18n::choose::chosen_by(&req);
    let flow = job_flow(actor.role);
    let mut tasks: Vec<_> = TASKS
        .iter()
        .filter(|(path, _, _)| crate::web::may_open(&actor, path))
        .collect();
    // A stable sort: the job's pages first in its order, then the rest as listed.
    tasks.sort_by_key(|(path, _, _)| flow.iter().position(|p| p == path).unwrap_or(flow.len()));
    let body = html! {
        h1 { (t!("home-heading")) }
        ul.tasks {
            @for (path, label, what) in tasks {
                @let (label, what) = crate::runs::pages::home_task(actor.role, path, *label, *what);
                li { a href=(path) { (label.get()) } " — " (what.get()) }
            }
            li { a href="/report" { (t!("home-report")) } " — " (t!("home-report-what")) }
        }
        (language_line(Lang::current(), source, account))
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("home-title"), None, body),
    ))
}

/// An error as a page, for people rather than programs.
pub fn error_page(e: &crate::error::AppError) -> HttpResponse {
    error_page_for(None, e)
}

/// An error as a page under the volunteer's own top bar when they are logged in.
pub fn error_page_for(actor: Option<&Actor>, e: &crate::error::AppError) -> HttpResponse {
    use actix_web::ResponseError;
    let body = html! {
        h1 { (t!("error-title")) }
        p { (e.to_string()) }
        p { a href="/" { (t!("error-back")) } }
    };
    page(
        e.status_code(),
        layout(actor, &t!("error-title"), None, body),
    )
}

/// A page the volunteer's role may not open or send (a link from a colleague, a typed
/// address): said in their language, naming their role as the pages do, with their own
/// top bar and the way home. The API answers its JSON 403 instead.
pub fn not_for_your_role(actor: &Actor) -> HttpResponse {
    let body = html! {
        h1 { (t!("error-forbidden-title")) }
        p { (t!("error-forbidden-role", handle = &actor.handle, role = crate::web::role_title(actor.role))) }
        p { (t!("error-forbidden-ask")) }
        p { a href="/" { (t!("error-back")) } }
    };
    page(
        StatusCode::FORBIDDEN,
        layout(Some(actor), &t!("error-forbidden-title"), None, body),
    )
}

/// A page form sent without this session's token: an old tab, a form from elsewhere.
pub fn stale_form(actor: &Actor) -> HttpResponse {
    let body = html! {
        h1 { (t!("error-stale-form-title")) }
        p { (t!("error-stale-form")) }
        p { a href="/" { (t!("error-back")) } }
    };
    page(
        StatusCode::FORBIDDEN,
        layout(Some(actor), &t!("error-stale-form-title"), None, body),
    )
}

pub fn not_found_page() -> HttpResponse {
    let body = html! { h1 { (t!("error-not-found")) } p { a href="/" { (t!("error-back")) } } };
    page(
        StatusCode::NOT_FOUND,
        layout(None, &t!("error-not-found"), None, body),
    )
}
