//! The page shell shared by every page: layout, navigation, flash messages, the
//! stylesheet, and HTML error pages.

pub mod confirm;
pub mod csv_body;
pub mod form;
pub mod json;
pub mod offline;
pub mod polish;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup, DOCTYPE};

use crate::auth::Actor;

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
pub const NAV: &[(&str, &str)] = &[
    ("/intake", "Intake"),
    ("/stock", "Stock"),
    ("/needs", "Needs"),
    ("/collect", "Collect"),
    ("/priorities", "Priorities"),
    ("/runs", "Runs"),
    ("/handouts", "Hand-outs"),
    ("/reports", "Reports"),
    ("/triage", "Warehouse"),
    ("/admin", "Admin"),
    ("/history", "History"),
    ("/safety", "Safety"),
];

pub fn may_open(actor: &Actor, path: &str) -> bool {
    crate::auth::policy::lookup("GET", path).is_some_and(|a| a.allows(actor.role))
}

pub enum Flash {
    Ok(String),
    Error(String),
    /// A confirmation with something to do about it (an Undo button, a link).
    OkWith(String, Markup),
}

impl Flash {
    /// A confirmation followed by something to do about it (an Undo button).
    pub fn then_offer(self, then: Markup) -> Flash {
        match self {
            Flash::Ok(m) | Flash::OkWith(m, _) => Flash::OkWith(m, then),
            e @ Flash::Error(_) => e,
        }
    }
}

/// The whole page around `body`.
pub fn layout(actor: Option<&Actor>, title: &str, flash: Option<Flash>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Haul" }
                link rel="stylesheet" href="/static/haul.css";
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="manifest" href="/manifest.webmanifest";
                script src=(offline::SCRIPT_PATH) defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "Haul" }
                    @if let Some(a) = actor {
                        (main_nav(a))
                    } @else {
                        nav.main { a href="/report" { "Public report" } }
                    }
                }
                main {
                    @match flash {
                        Some(Flash::Ok(m)) => { p.flash.ok role="status" { (m) } },
                        Some(Flash::Error(m)) => { p.flash.error role="alert" { (m) } },
                        Some(Flash::OkWith(m, then)) => { div.flash.ok role="status" { (m) " " (then) } },
                        None => {},
                    }
                    (body)
                }
                footer { "Haul keeps no record of the people it serves." }
            }
        }
    }
}

/// Links shown in the bar before "More": four fit one row at 360 px.
const NAV_SHOWN: usize = 3;

/// The role's own pages, its first task first: a few in the bar, the rest (and
/// logging out) under a "More" menu that opens without JavaScript, so the bar never
/// wraps on a phone.
fn main_nav(actor: &Actor) -> Markup {
    let first = crate::pages::first_task(actor.role);
    let mut links: Vec<&(&str, &str)> = NAV.iter().filter(|(p, _)| may_open(actor, p)).collect();
    links.sort_by_key(|(p, _)| *p != first);
    let (shown, more) = links.split_at(links.len().min(NAV_SHOWN));
    html! {
        nav.main aria-label="Main" {
            @for (path, label) in shown { a href=(path) { (label) } }
            details.more {
                summary { "More" }
                div.menu {
                    @for (path, label) in more { a href=(path) { (label) } }
                    form.inline method="post" action=(actor.form_action("/logout")) {
                        span.who { (actor.handle) " · " (actor.role.as_str()) " " }
                        button.link type="submit" { "Log out" }
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
