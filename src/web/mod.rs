//! The page shell shared by every page: layout, navigation, flash messages, the
//! stylesheet, and HTML error pages.

pub mod confirm;
pub mod csv_body;
pub mod form;
pub mod json;
pub mod offline;
pub mod polish;
pub mod words;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup, DOCTYPE};

use crate::auth::Actor;
use crate::i18n::{Lang, Msg};
use crate::t;

pub const STYLESHEET: &str = include_str!("style.css");

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/haul.css", web::get().to(stylesheet))
        .route("/favicon.ico", web::get().to(polish::favicon_ico))
        .route("/favicon.svg", web::get().to(polish::favicon_svg))
        .configure(offline::routes);
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(STYLESHEET)
}

/// Headers on every response: no inline script or style, no framing, no sniffing,
/// no referrer (URLs may carry a form's token).
pub fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
}

/// The main pages, in the order a volunteer meets them; each shows only to roles the
/// policy lets open it.
pub const NAV: &[(&str, Msg)] = &[
    ("/intake", Msg("nav-intake")),
    ("/stock", Msg("nav-stock")),
    ("/needs", Msg("nav-needs")),
    ("/collect", Msg("nav-collect")),
    ("/priorities", Msg("nav-priorities")),
    ("/runs", Msg("nav-runs")),
    ("/handouts", Msg("nav-handouts")),
    ("/reports", Msg("nav-reports")),
    ("/triage", Msg("nav-warehouse")),
    ("/admin", Msg("nav-admin")),
    ("/history", Msg("nav-history")),
    ("/safety", Msg("nav-safety")),
    ("/partners", Msg("nav-partners")),
];

pub fn may_open(actor: &Actor, path: &str) -> bool {
    crate::auth::policy::lookup("GET", path).is_some_and(|a| a.allows(actor.role))
}

pub enum Flash {
    Ok(String),
    Error(String),
    /// A confirmation with something to do about it (an Undo button, a link).
    OkWith(String, Markup),
    /// A refused form: the line saying nothing was saved, and its problems as links to
    /// their boxes (`form::error_summary`).
    Refused(String, Markup),
}

impl Flash {
    /// A confirmation followed by something to do about it (an Undo button).
    pub fn then_offer(self, then: Markup) -> Flash {
        match self {
            Flash::Ok(m) | Flash::OkWith(m, _) => Flash::OkWith(m, then),
            e @ (Flash::Error(_) | Flash::Refused(..)) => e,
        }
    }
}

/// The whole page around `body`, in the request's language (`<html lang dir>`), with a
/// skip link first and the language switch last.
pub fn layout(actor: Option<&Actor>, title: &str, flash: Option<Flash>, body: Markup) -> Markup {
    let lang = Lang::current();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t!("layout-title", title = title)) }
                link rel="stylesheet" href="/static/haul.css";
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="manifest" href="/manifest.webmanifest";
                (offline::script_tag())
            }
            body {
                a.skip href="#main" { (t!("layout-skip")) }
                header.top {
                    a.brand href="/" { (t!("layout-brand")) }
                    @if let Some(a) = actor {
                        (main_nav(a))
                    } @else {
                        nav.main aria-label=(t!("layout-nav-label")) { a href="/report" { (t!("layout-public-report")) } }
                    }
                }
                main #main tabindex="-1" {
                    @match flash {
                        Some(Flash::Ok(m)) => { p.flash.ok role="status" { (m) } },
                        Some(Flash::Error(m)) => { p.flash.error role="alert" { (m) } },
                        Some(Flash::OkWith(m, then)) => { div.flash.ok role="status" { (m) " " (then) } },
                        // Focused on load, so a long sheet sent back shows what to fix first.
                        Some(Flash::Refused(m, list)) => {
                            div.flash.error.error-summary #error-summary role="alert" tabindex="-1" autofocus {
                                p { (m) } (list)
                            }
                        },
                        None => {},
                    }
                    (body)
                }
                footer {
                    p { (t!("layout-footer")) }
                    (language_switch(lang, actor.is_some()))
                }
            }
        }
    }
}

/// Plain links, so the switch works without JavaScript; each names its language in
/// that language, and comes back to this page. Public pages come back without their
/// query: the public report never repeats a region or site typed into its address.
fn language_switch(current: Lang, logged_in: bool) -> Markup {
    let full = crate::i18n::current_path();
    let here = match full.split_once('?') {
        Some((path, _)) if !logged_in => path.to_string(),
        _ => full.clone(),
    };
    let next = crate::auth::pages::urlencode(&here);
    html! {
        nav.langs aria-label=(t!("layout-languages")) {
            @for l in Lang::OFFERED {
                @if l == current {
                    span lang=(l.code()) aria-current="true" { (l.own_name()) }
                } @else {
                    a lang=(l.code()) hreflang=(l.code()) href={ "/lang/" (l.code()) "?next=" (next) } { (l.own_name()) }
                }
            }
        }
    }
}

/// A role's name in the request's language, as a word inside a sentence.
pub fn role_name(role: crate::auth::Role) -> String {
    use crate::auth::Role::*;
    match role {
        Crew => t!("layout-role-crew"),
        Warehouse => t!("layout-role-warehouse"),
        Driver => t!("layout-role-driver"),
        Distributor => t!("layout-role-distributor"),
        Coordinator => t!("layout-role-coordinator"),
    }
}

/// A role's name standing on its own (a menu, a list, the top bar, the page that
/// refuses a role), as a title: "Warehouse", "Entrepôt". `role_name` is the word inside
/// a sentence.
pub fn role_title(role: crate::auth::Role) -> String {
    use crate::auth::Role::*;
    match role {
        Crew => t!("layout-role-title-crew"),
        Warehouse => t!("layout-role-title-warehouse"),
        Driver => t!("layout-role-title-driver"),
        Distributor => t!("layout-role-title-distributor"),
        Coordinator => t!("layout-role-title-coordinator"),
    }
}

/// Links shown in the bar before "More": four fit one row at 360 px.
const NAV_SHOWN: usize = 3;

/// The role's own pages, its first task first: a few in the bar, the rest (and
/// logging out) under a "More" menu that opens without JavaScript, so the bar never
/// wraps on a phone.
fn main_nav(actor: &Actor) -> Markup {
    let first = crate::pages::first_task(actor.role);
    let mut links: Vec<&(&str, Msg)> = NAV.iter().filter(|(p, _)| may_open(actor, p)).collect();
    links.sort_by_key(|(p, _)| *p != first);
    let (shown, more) = links.split_at(links.len().min(NAV_SHOWN));
    html! {
        nav.main aria-label=(t!("layout-nav-label")) {
            @for (path, label) in shown { a href=(path) { (label.get()) } }
            details.more {
                summary { (t!("layout-more")) }
                div.menu {
                    @for (path, label) in more { a href=(path) { (label.get()) } }
                    // The offline queue reads the session's token from this form's
                    // hidden field (every page has it, `/queue` too).
                    form.inline method="post" novalidate action="/logout" {
                        (form::csrf_field(actor))
                        span.who { bdi { (actor.handle) } " · " (role_title(actor.role)) " " }
                        button.link type="submit" { (t!("layout-log-out")) }
                    }
                }
            }
        }
    }
}

pub fn page(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}
