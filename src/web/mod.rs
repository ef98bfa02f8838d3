//! The page shell shared by every page: layout, navigation, flash messages, the
//! stylesheet, and HTML error pages.

pub mod csv_body;
pub mod json;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup, DOCTYPE};

use crate::auth::Actor;

pub const STYLESHEET: &str = include_str!("style.css");

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/haul.css", web::get().to(stylesheet));
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
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
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
    ("/safety", "Safety"),
];

pub fn may_open(actor: &Actor, path: &str) -> bool {
    crate::auth::policy::lookup("GET", path).is_some_and(|a| a.allows(actor.role))
}

pub enum Flash {
    Ok(String),
    Error(String),
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
            }
            body {
                header.top {
                    a.brand href="/" { "Haul" }
                    @if let Some(a) = actor {
                        nav.main {
                            @for (path, label) in NAV {
                                @if may_open(a, path) {
                                    a href=(path) { (label) }
                                }
                            }
                        }
                    } @else {
                        nav.main { a href="/report" { "Public report" } }
                    }
                    @if let Some(a) = actor {
                        form.inline method="post" action=(a.form_action("/logout")) {
                            span.who { (a.handle) " · " (a.role.as_str()) " " }
                            button.link type="submit" { "Log out" }
                        }
                    }
                }
                main {
                    @match flash {
                        Some(Flash::Ok(m)) => { p.flash.ok role="status" { (m) } },
                        Some(Flash::Error(m)) => { p.flash.error role="alert" { (m) } },
                        None => {},
                    }
                    (body)
                }
                footer { "Haul keeps no record of the people it serves." }
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
