//! Login, logout and first-run setup pages, and the session cookie.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

use super::guard::SESSION_COOKIE;
use super::{api, random_token, sha256_hex, store, Actor, Role};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, Flash};

/// Pages sessions last a working day.
pub const SESSION_HOURS: i64 = 12;
pub(crate) const PRE_CSRF_COOKIE: &str = "haul_form";

fn secure(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

pub(crate) fn cookie<'a>(
    req: &HttpRequest,
    name: &'a str,
    value: String,
    max_age_secs: i64,
) -> Cookie<'a> {
    Cookie::build(name, value)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(req))
        .path("/")
        .max_age(actix_web::cookie::time::Duration::seconds(max_age_secs))
        .finish()
}

/// Only a path on this site, so a login link cannot send a volunteer elsewhere: one
/// leading `/`, no `//` or `\\` (browsers read both as another host), no white space
/// or control character (browsers drop TAB, CR and LF, turning `/\t/evil` into
/// `//evil`; CR/LF would also break the header).
fn safe_next(next: Option<&String>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.clone(),
        _ => "/".into(),
    }
}

pub fn is_local_path(n: &str) -> bool {
    n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && n.len() <= 2048
        && !n.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    /// Set by logging out (`/login?out=1`): the form says the volunteer is logged out.
    out: Option<String>,
}

/// Before a session exists, forms carry a token that must match a cookie (double submit).
/// The token is the form's hidden field, which the guard takes out of the body.
pub(crate) fn pre_session_token_ok(req: &HttpRequest) -> bool {
    use actix_web::HttpMessage;
    let sent = req
        .extensions()
        .get::<super::guard::FormToken>()
        .map(|t| t.0.clone());
    match (req.cookie(PRE_CSRF_COOKIE), sent) {
        (Some(c), Some(s)) => !s.is_empty() && c.value() == s,
        _ => false,
    }
}

fn login_form(
    req: &HttpRequest,
    next: &str,
    handle: &str,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let token = random_token(16);
    // The token goes in a hidden field, never the address (history, logs, Referer).
    let action = format!("/login?next={}", urlencode(next));
    let body = html! {
        h1 { (t!("auth-login-title")) }
        form method="post" novalidate action=(action) {
            input type="hidden" name="csrf" value=(token);
            div.field { label for="handle" { (t!("auth-handle")) } input #handle type="text" name="handle" autocomplete="username" autocapitalize="none" dir="auto" required value=(handle); }
            div.field { label for="password" { (t!("auth-password")) } input #password type="password" name="password" autocomplete="current-password" required; }
            button type="submit" { (t!("auth-login-button")) }
        }
    };
    let mut resp = page(status, layout(None, &t!("auth-login-title"), flash, body));
    let _ = resp.add_cookie(&cookie(req, PRE_CSRF_COOKIE, token, 3600));
    resp
}

/// Percent-encodes a value for a URL (a path or a query-string value).
pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn login_page(req: HttpRequest, q: web::Query<LoginQuery>) -> HttpResponse {
    let flash = q.out.is_some().then(|| Flash::Ok(t!("auth-logged-out")));
    login_form(&req, &safe_next(q.next.as_ref()), "", flash, StatusCode::OK)
}

pub(crate) async fn start_session(
    state: &AppState,
    req: &HttpRequest,
    user_id: i64,
    next: &str,
) -> AppResult<HttpResponse> {
    let token = random_token(32);
    let hash = sha256_hex(&token);
    let csrf = random_token(16);
    let now = state.clock.now();
    let expires = now + chrono::Duration::hours(SESSION_HOURS);
    let own_lang = state
        .db
        .write(move |c| {
            store::delete_expired_sessions(c, now)?;
            store::insert_session(c, &hash, user_id, &csrf, now, expires)?;
            Ok(store::user_lang(c, user_id)?)
        })
        .await?;
    let mut resp = HttpResponse::SeeOther()
        .insert_header(("Location", next.to_string()))
        .finish();
    let _ = resp.add_cookie(&cookie(req, SESSION_COOKIE, token, SESSION_HOURS * 3600));
    // The volunteer's own language follows them to this phone (issue 13).
    if let Some(lang) = own_lang.as_deref().and_then(crate::i18n::Lang::parse) {
        let _ = resp.add_cookie(&crate::i18n::choose::cookie(req, lang));
    }
    Ok(resp)
}

pub async fn login_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<LoginQuery>,
    form: web::Form<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let next = safe_next(q.next.as_ref());
    let handle = form
        .get("handle")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if !pre_session_token_ok(&req) {
        let msg = t!("auth-login-expired");
        return Ok(login_form(
            &req,
            &next,
            &handle,
            Some(Flash::Error(msg)),
            StatusCode::FORBIDDEN,
        ));
    }
    let password = form.get("password").cloned().unwrap_or_default();
    match api::check_login(&state, handle.clone(), password, &api::client_address(&req)).await {
        Ok(user) => start_session(&state, &req, user.id, &next).await,
        Err(e @ (AppError::Unauthorized(_) | AppError::TooManyRequests(_))) => {
            let (status, msg) = match &e {
                AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, format!("{e}.")),
                AppError::Unauthorized(m) if m == api::LOGIN_REFUSED => {
                    (StatusCode::UNAUTHORIZED, t!("auth-login-refused"))
                }
                _ => (StatusCode::UNAUTHORIZED, format!("{e}.")),
            };
            Ok(login_form(
                &req,
                &next,
                &handle,
                Some(Flash::Error(msg)),
                status,
            ))
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    _actor: Actor,
) -> AppResult<HttpResponse> {
    if let Some(c) = req.cookie(SESSION_COOKIE) {
        let hash = sha256_hex(c.value());
        state
            .db
            .write(move |conn| Ok(store::delete_session(conn, &hash)?))
            .await?;
    }
    let mut resp = HttpResponse::SeeOther()
        .insert_header(("Location", "/login?out=1"))
        .finish();
    let _ = resp.add_cookie(&cookie(&req, SESSION_COOKIE, String::new(), 0));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct SetupQuery {
    token: Option<String>,
}

/// Carries the one-time setup token from the link to the form, so the link's address
/// (`/setup?token=…`) is left at once for a plain `/setup`: the token stays out of the
/// address bar and the history. `Lax`, not `Strict`: the link is often opened from a
/// terminal or a message, and the cookie must come back on the redirect that follows.
const SETUP_COOKIE: &str = "haul_setup";
/// The setup form stays usable for an hour, like its form token.
const SETUP_COOKIE_SECS: i64 = 3600;

fn setup_cookie(req: &HttpRequest, token: String, max_age_secs: i64) -> Cookie<'static> {
    let mut c = cookie(req, SETUP_COOKIE, token, max_age_secs);
    c.set_same_site(SameSite::Lax);
    c.set_path("/setup");
    c
}

fn setup_token_ok(state: &AppState, sent: Option<&str>) -> bool {
    let held = state
        .auth
        .setup_token
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    match (held.as_deref(), sent) {
        (Some(h), Some(s)) => h == s,
        _ => false,
    }
}

/// The setup token this request carries: its cookie (set when the link was opened).
fn setup_token_of(req: &HttpRequest) -> Option<String> {
    req.cookie(SETUP_COOKIE).map(|c| c.value().to_string())
}

fn setup_link_spent() -> HttpResponse {
    crate::pages::error_page(&AppError::NotFound(
        "this setup link is not valid (it works once, until Haul restarts)".into(),
    ))
}

/// What a refused setup form shows again: the typed handle, and each problem beside
/// its field in the reader's language.
#[derive(Default)]
struct SetupShown {
    handle: String,
    handle_error: Option<String>,
    password_error: Option<String>,
}

fn setup_form(
    req: &HttpRequest,
    shown: &SetupShown,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let token = random_token(16);
    let handle_error = shown.handle_error.as_deref();
    let password_error = shown.password_error.as_deref();
    let body = html! {
        h1 { (t!("auth-setup-heading")) }
        p { (t!("auth-setup-intro")) }
        form method="post" novalidate action="/setup" {
            input type="hidden" name="csrf" value=(token);
            div.field {
                label for="handle" { (t!("auth-handle")) }
                input #handle type="text" name="handle" autocapitalize="none" dir="auto" required value=(shown.handle)
                    aria-invalid=[handle_error.map(|_| "true")] aria-describedby=[handle_error.map(|_| "handle-error")];
                @if let Some(e) = handle_error { p.field-error #handle-error role="alert" { (e) } }
            }
            div.field {
                label for="password" { (t!("auth-new-password", min = super::password::MIN_PASSWORD_CHARS as i64)) }
                input #password type="password" name="password" autocomplete="new-password" required minlength="12"
                    aria-invalid=[password_error.map(|_| "true")] aria-describedby=[password_error.map(|_| "password-error")];
                @if let Some(e) = password_error { p.field-error #password-error role="alert" { (e) } }
            }
            button type="submit" { (t!("auth-setup-button")) }
        }
    };
    let mut resp = page(status, layout(None, &t!("auth-setup-title"), flash, body));
    let _ = resp.add_cookie(&cookie(req, PRE_CSRF_COOKIE, token, 3600));
    resp
}

/// The link (`/setup?token=…`) keeps its token in a cookie and sends the browser on to
/// a plain `/setup`, which shows the form while that cookie holds the live token.
pub async fn setup_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<SetupQuery>,
) -> HttpResponse {
    if let Some(sent) = q.token.as_deref() {
        if !setup_token_ok(&state, Some(sent)) {
            return setup_link_spent();
        }
        let mut resp = crate::web::see_other("/setup");
        let _ = resp.add_cookie(&setup_cookie(&req, sent.to_string(), SETUP_COOKIE_SECS));
        return resp;
    }
    if !setup_token_ok(&state, setup_token_of(&req).as_deref()) {
        return setup_link_spent();
    }
    setup_form(&req, &SetupShown::default(), None, StatusCode::OK)
}

pub async fn setup_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    if !setup_token_ok(&state, setup_token_of(&req).as_deref()) {
        return Ok(setup_link_spent());
    }
    let handle = form
        .get("handle")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if !pre_session_token_ok(&req) {
        let shown = SetupShown {
            handle,
            ..SetupShown::default()
        };
        return Ok(setup_form(
            &req,
            &shown,
            Some(Flash::Error(t!("auth-form-expired"))),
            StatusCode::FORBIDDEN,
        ));
    }
    let password = form.get("password").cloned().unwrap_or_default();
    let typed = handle.clone();
    let prepared =
        web::block(move || api::prepare_user(&handle, Role::Coordinator.as_str(), &password))
            .await?;
    let (handle, role, hash) = match prepared {
        Ok(p) => p,
        Err(AppError::Invalid { details, .. }) => {
            // The rules' own words are English: the page says them in the reader's
            // language, each beside its field (the admin form's words for a handle).
            let mut shown = SetupShown {
                handle: typed,
                ..SetupShown::default()
            };
            let mut other = Vec::new();
            for d in details {
                match d.field.as_str() {
                    "handle" => shown.handle_error = Some(t!("admin-error-handle")),
                    "password" => {
                        shown.password_error = Some(t!(
                            "auth-password-rule",
                            min = super::password::MIN_PASSWORD_CHARS as i64,
                            max = super::password::MAX_PASSWORD_CHARS as i64
                        ))
                    }
                    _ => other.push(d.message),
                }
            }
            return Ok(setup_form(
                &req,
                &shown,
                (!other.is_empty()).then(|| Flash::Error(other.join(" "))),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        Err(e) => return Err(e),
    };
    let now = state.clock.now();
    let h = handle.clone();
    let user = state
        .db
        .write(move |c| {
            if store::count_role(c, Role::Coordinator.as_str())? > 0 {
                return Err(AppError::conflict(
                    "a coordinator already exists; log in instead",
                ));
            }
            api::insert_user(c, &h, role, &hash, now)?;
            store::find(c, &h)?.ok_or_else(|| AppError::Internal("user vanished".into()))
        })
        .await?;
    *state
        .auth
        .setup_token
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = None;
    // On to the home page's clean address; the spent token leaves the browser too.
    let mut resp = start_session(&state, &req, user.id, "/").await?;
    let _ = resp.add_cookie(&setup_cookie(&req, String::new(), 0));
    Ok(resp)
}
