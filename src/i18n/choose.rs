//! Which language a request is answered in, and the switch that changes it.
//!
//! Order: the `haul_lang` cookie (set by the switch, and at login from the
//! volunteer's own setting, so it follows them to any phone), else the browser's
//! `Accept-Language`, else `HAUL_DEFAULT_LANG` (default `en`).

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::OnceLock;

use super::Lang;
use crate::state::AppState;

pub const LANG_COOKIE: &str = "haul_lang";
/// The language cookie lasts a year: it is a preference, not a secret.
const COOKIE_DAYS: i64 = 365;

/// The collective's default, read once from `HAUL_DEFAULT_LANG`.
pub fn default_lang() -> Lang {
    static DEFAULT: OnceLock<Lang> = OnceLock::new();
    *DEFAULT.get_or_init(|| match std::env::var("HAUL_DEFAULT_LANG") {
        Ok(v) if !v.trim().is_empty() => Lang::parse(&v).unwrap_or_else(|| {
            tracing::warn!(value = %v, "HAUL_DEFAULT_LANG is not en, fr or ar; using en");
            Lang::En
        }),
        _ => Lang::En,
    })
}

/// The best offered language in an `Accept-Language` header, by its q weights.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut bits = part.split(';');
        let Some(lang) = bits.next().and_then(Lang::parse) else {
            continue;
        };
        // The pseudo-locale is chosen by cookie only, never by a browser.
        if lang == Lang::EnXa {
            continue;
        }
        let q = bits
            .find_map(|b| b.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

pub fn of_request(req: &HttpRequest) -> Lang {
    if let Some(l) = req.extensions().get::<Lang>() {
        return *l;
    }
    chosen_by(req).0
}

/// Where a request's language came from, so a page can tell the volunteer the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `haul_lang` cookie: the switch on this phone, or the account's setting at login.
    Cookie,
    /// The browser's `Accept-Language`.
    Browser,
    /// `HAUL_DEFAULT_LANG`.
    Default,
}

/// The request's language and where it came from, in the order the module names.
pub fn chosen_by(req: &HttpRequest) -> (Lang, Source) {
    if let Some(l) = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
        return (l, Source::Cookie);
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(from_accept_language)
        .map_or((default_lang(), Source::Default), |l| (l, Source::Browser))
}

/// Chooses the request's language and runs the rest of the chain in it.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lang = of_request(req.request());
    req.extensions_mut().insert(lang);
    // A form's answer comes back to its page, not to the POST address.
    let path = match *req.method() {
        actix_web::http::Method::GET => req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into()),
        _ => req.path().to_string(),
    };
    Lang::scope(lang, path, next.call(req)).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/lang/{tag}", web::get().to(switch));
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// The switch: a plain link, so it works without JavaScript. It sets the cookie and,
/// for a logged-in volunteer, their own setting. A GET may do this because the
/// session cookie is `SameSite=Strict`: another site's link cannot reach the setting.
pub async fn switch(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
    q: web::Query<SwitchQuery>,
) -> HttpResponse {
    let next = q
        .next
        .as_deref()
        .filter(|n| crate::auth::pages::is_local_path(n))
        .unwrap_or("/")
        .to_string();
    let Some(lang) = Lang::parse(&code) else {
        return crate::pages::not_found_page();
    };
    if let Some(session) = req.cookie(crate::auth::guard::SESSION_COOKIE) {
        let hash = crate::auth::sha256_hex(session.value());
        let now = state.clock.now();
        let code = lang.code().to_string();
        let saved = state
            .db
            .write(move |c| {
                Ok(crate::auth::store::set_session_user_lang(
                    c, &hash, now, &code,
                )?)
            })
            .await;
        if let Err(e) = saved {
            tracing::warn!(error = %e, "could not keep the language setting");
        }
    }
    let mut resp = crate::web::see_other(&next);
    let _ = resp.add_cookie(&cookie(&req, lang));
    resp
}

/// The language cookie: readable by the server only, sent on same-site navigation.
pub fn cookie(req: &HttpRequest, lang: Lang) -> Cookie<'static> {
    Cookie::build(LANG_COOKIE, lang.code().to_string())
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(req.connection_info().scheme() == "https")
        .path("/")
        .max_age(actix_web::cookie::time::Duration::days(COOKIE_DAYS))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_offered_language() {
        assert_eq!(
            from_accept_language("de-DE,ar;q=0.8,fr;q=0.9"),
            Some(Lang::Fr)
        );
        assert_eq!(from_accept_language("ar-SY, en;q=0.5"), Some(Lang::Ar));
        assert_eq!(from_accept_language("de, it"), None);
        assert_eq!(from_accept_language("fr;q=0"), None);
        assert_eq!(from_accept_language("en-XA"), None);
    }
}
