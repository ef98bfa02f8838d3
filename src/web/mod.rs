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
                    nav.main {
                        a href="/intake" { "Intake" }
                        a href="/stock" { "Stock" }
                        a href="/needs" { "Needs" }
                        a href="/collect" { "Collect" }
                        a href="/priorities" { "Priorities" }
                        a href="/runs" { "Runs" }
                        a href="/handouts" { "Hand-outs" }
                        a href="/reports" { "Reports" }
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
