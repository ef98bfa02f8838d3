//! The one-time password page: a volunteer opens the link a coordinator gave them,
//! chooses a password, and is logged in. The link works once and expires.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

use super::pages::{cookie, pre_session_token_ok, start_session, PRE_CSRF_COOKIE};
use super::{password, random_token};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, Flash};

#[derive(Deserialize)]
pub struct ResetQuery {
    token: Option<String>,
}

fn token_of(q: &ResetQuery) -> String {
    q.token
        .clone()
        .filter(|t| t.len() <= 128 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_default()
}

/// A link that no longer works, and why: its volunteer was deactivated, or it expired
/// or was used.
async fn spent(state: &AppState, token: &str) -> AppResult<HttpResponse> {
    let hash = super::sha256_hex(token);
    let deactivated = state
        .db
        .read(move |c| Ok(super::store::link_holder_deactivated(c, &hash)?))
        .await?;
    let why = if deactivated {
        t!("auth-link-deactivated")
    } else {
        t!("auth-link-spent")
    };
    Ok(crate::pages::error_page(&AppError::NotFound(why)))
}

async fn holder(state: &AppState, token: &str) -> AppResult<Option<super::store::User>> {
    let now = state.clock.now();
    let t = token.to_string();
    state
        .db
        .read(move |c| crate::admin::model::link_user(c, &t, now))
        .await
}

fn reset_form(
    req: &HttpRequest,
    token: &str,
    handle: &str,
    error: Option<String>,
    status: StatusCode,
) -> HttpResponse {
    let csrf = random_token(16);
    let action = format!("/reset?token={token}");
    let body = html! {
        h1 { (t!("auth-reset-title")) }
        p { (t!("auth-reset-for", handle = handle)) }
        form method="post" novalidate action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            div.field {
                label for="password" { (t!("auth-new-password", min = super::password::MIN_PASSWORD_CHARS as i64)) }
                @if let Some(e) = &error {
                    input #password type="password" name="password" autocomplete="new-password" required minlength="12" aria-invalid="true" aria-describedby="password-error";
                    p.field-error #password-error { (e) }
                } @else {
                    input #password type="password" name="password" autocomplete="new-password" required minlength="12";
                }
            }
            button type="submit" { (t!("auth-reset-button")) }
        }
    };
    let flash = error.map(|e| Flash::Error(crate::web::form::nothing_saved([e.as_str()])));
    let mut resp = page(status, layout(None, &t!("auth-reset-title"), flash, body));
    let _ = resp.add_cookie(&cookie(req, PRE_CSRF_COOKIE, csrf, 3600));
    resp
}

pub async fn reset_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<ResetQuery>,
) -> AppResult<HttpResponse> {
    let token = token_of(&q);
    match holder(&state, &token).await? {
        Some(user) => Ok(reset_form(&req, &token, &user.handle, None, StatusCode::OK)),
        None => spent(&state, &token).await,
    }
}

pub async fn reset_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<ResetQuery>,
    form: web::Form<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let token = token_of(&q);
    let Some(user) = holder(&state, &token).await? else {
        return spent(&state, &token).await;
    };
    if !pre_session_token_ok(&req) {
        return Ok(reset_form(
            &req,
            &token,
            &user.handle,
            Some(t!("auth-reset-expired")),
            StatusCode::FORBIDDEN,
        ));
    }
    let chosen = form.get("password").cloned().unwrap_or_default();
    if password::check_rules(&chosen).is_err() {
        let m = t!(
            "auth-password-rule",
            min = password::MIN_PASSWORD_CHARS as i64,
            max = password::MAX_PASSWORD_CHARS as i64
        );
        return Ok(reset_form(
            &req,
            &token,
            &user.handle,
            Some(m),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let hash = web::block(move || password::hash(&chosen))
        .await?
        .map_err(AppError::Internal)?;
    let now = state.clock.now();
    let user = state
        .db
        .write(move |c| crate::admin::model::redeem_link(c, &token, &hash, now))
        .await?;
    start_session(&state, &req, user.id, "/").await
}
