//! The coordinator's safety page: lock now, retire and forget a site, forget a
//! volunteer's handle, each behind a confirmation page, and the audit trail.
//! Every one of these actions is done only by a POST carrying `confirmed=yes`, which
//! only the confirmation page sends; their buttons wear the danger style.
//!
//! Stable hooks for tests: `#lock-now`, `#forget-site` (`select#site`), `#forget-volunteer`
//! (`select#handle`), `#confirm` (the confirmation form), `#audit`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::history::pages::{strong_in, SLOT};
use crate::locations::LocationKind;
use crate::state::AppState;
use crate::t;
use crate::web::confirm::{self, Confirmation};
use crate::web::{layout, page, role_name, see_other, Flash};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/safety", web::get().to(safety_page))
        .route("/safety/lock", web::get().to(confirm_lock))
        .route("/safety/lock", web::post().to(lock))
        .route("/safety/forget-site", web::get().to(confirm_forget_site))
        .route("/safety/forget-site", web::post().to(forget_site))
        .route(
            "/safety/forget-volunteer",
            web::get().to(confirm_forget_volunteer),
        )
        .route("/safety/forget-volunteer", web::post().to(forget_volunteer));
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn safety_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<Done>,
) -> AppResult<HttpResponse> {
    let flash = q.done.as_deref().map(|d| Flash::Ok(done_message(d)));
    Ok(page(StatusCode::OK, overview(&state, &actor, flash).await?))
}

fn done_message(done: &str) -> String {
    match done {
        "site" => t!("safety-done-site"),
        "volunteer" => t!("safety-done-volunteer"),
        _ => t!("safety-done"),
    }
}

/// What an audit line's action was, in words.
fn action_name(action: &str) -> String {
    match action {
        "lock" => t!("safety-action-lock"),
        "unlock" => t!("safety-action-unlock"),
        "forget-site" => t!("safety-action-forget-site"),
        "forget-volunteer" => t!("safety-action-forget-volunteer"),
        "forget-notes" => t!("safety-action-forget-notes"),
        other => other.to_string(),
    }
}

async fn overview(state: &AppState, actor: &Actor, flash: Option<Flash>) -> AppResult<Markup> {
    let me = actor.handle.clone();
    let (sites, users, audit) = state
        .db
        .read(move |c| {
            let sites: Vec<_> = crate::locations::store::all(c, Some(LocationKind::Site.as_str()))?
                .into_iter()
                .filter(|s| !s.slug.starts_with("retired-site-"))
                .collect();
            let users: Vec<_> = crate::auth::store::all(c)?
                .into_iter()
                .filter(|u| u.handle != me && !u.handle.starts_with("forgotten-volunteer-"))
                .collect();
            Ok((sites, users, super::audit_entries(c, 50)?))
        })
        .await?;
    let encrypted = state.db.is_encrypted();
    // Said in days: the setting's name and format are for whoever runs the server
    // (docs/operations.md), not for the coordinator reading this page.
    let retention = std::env::var(super::forget::RETENTION_ENV)
        .ok()
        .and_then(|v| super::forget::parse_retention(&v).ok());
    let body = html! {
        h1 { (t!("safety-title")) }
        section #lock-now {
            h2 { (t!("safety-lock-heading")) }
            p { (t!("safety-lock-what")) }
            @if encrypted {
                p { (t!("safety-lock-encrypted")) }
            } @else {
                p { (t!("safety-lock-plain")) }
            }
            a.button.danger href="/safety/lock" { (t!("safety-lock-button")) }
        }
        section #forget-site {
            h2 { (t!("safety-site-heading")) }
            p { (t!("safety-site-what")) }
            @if sites.is_empty() {
                p { (t!("safety-site-none")) }
            } @else {
                form method="get" novalidate action="/safety/forget-site" {
                    div.field {
                        label for="site" { (t!("safety-site-label")) }
                        select #site name="site" {
                            @for s in &sites { option value=(s.slug) { (s.name) } }
                        }
                    }
                    button.danger type="submit" { (t!("safety-site-button")) }
                }
            }
        }
        section #forget-volunteer {
            h2 { (t!("safety-volunteer-heading")) }
            p { (t!("safety-volunteer-what")) }
            @if users.is_empty() {
                p { (t!("safety-volunteer-none")) }
            } @else {
                form method="get" novalidate action="/safety/forget-volunteer" {
                    div.field {
                        label for="handle" { (t!("safety-volunteer-label")) }
                        select #handle name="handle" {
                            @for u in &users {
                                option value=(u.handle) { (t!("safety-volunteer-option", handle = &u.handle, role = role_name(u.role))) }
                            }
                        }
                    }
                    button.danger type="submit" { (t!("safety-volunteer-button")) }
                }
            }
        }
        section #forget-notes {
            h2 { (t!("safety-notes-heading")) }
            @match retention {
                Some(days) => p { (t!("safety-notes-set", days = days)) },
                None => p { (t!("safety-notes-kept")) },
            }
        }
        section #audit {
            h2 { (t!("safety-audit-heading")) }
            @if audit.is_empty() {
                p { (t!("safety-audit-none")) }
            } @else {
                table {
                    thead { tr { th { (t!("safety-audit-when")) } th { (t!("safety-audit-who")) } th { (t!("safety-audit-what")) } } }
                    tbody {
                        @for e in &audit {
                            tr {
                                td { (crate::history::pages::when(e.at)) }
                                td { bdi { (e.actor) } }
                                td {
                                    (action_name(&e.action)) br;
                                    // Facts are worded here; an older line is the English
                                    // it was stored in, a label is shown as it is.
                                    @if let Some(f) = e.facts() { span.muted { (f.words()) } }
                                    @else { span.muted lang="en" { (e.detail) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(Some(actor), &t!("safety-title"), flash, body))
}

/// The confirmation page of one safety action: its Confirm posts `fields` again with
/// `confirmed=yes`; Cancel goes back to the Safety page.
fn confirmation(
    actor: &Actor,
    title: &str,
    what: Markup,
    action: &str,
    fields: &[(&str, &str)],
    button: &str,
) -> HttpResponse {
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    confirm::danger_page(
        actor,
        &Confirmation {
            title,
            restated: what,
            action,
            fields: &fields,
            confirm_label: button,
            cancel_href: "/safety",
        },
    )
}

/// Whether a posted safety form came from its confirmation page.
fn confirmed(form: &Option<web::Form<HashMap<String, String>>>) -> bool {
    form.as_ref().is_some_and(|f| confirm::is_confirmed(f))
}

pub async fn confirm_lock(state: web::Data<AppState>, actor: Actor) -> HttpResponse {
    lock_confirmation(&state, &actor)
}

fn lock_confirmation(state: &AppState, actor: &Actor) -> HttpResponse {
    let what = if state.db.is_encrypted() {
        html! { p { (t!("safety-lock-confirm-encrypted")) } }
    } else {
        html! { p { (t!("safety-lock-confirm-plain")) } }
    };
    confirmation(
        actor,
        &t!("safety-lock-question"),
        what,
        "/safety/lock",
        &[],
        &t!("safety-lock-confirm-button"),
    )
}

/// `POST /safety/lock`: locks only when confirmed; any other post is asked again.
pub async fn lock(
    state: web::Data<AppState>,
    actor: Actor,
    form: Option<web::Form<HashMap<String, String>>>,
) -> AppResult<HttpResponse> {
    if !confirmed(&form) {
        return Ok(lock_confirmation(&state, &actor));
    }
    let encrypted = super::lock_now(&state, &actor.handle).await?;
    let body = if encrypted {
        html! { h1 { (t!("safety-locked-heading")) } p { (t!("safety-locked-encrypted")) } }
    } else {
        html! { h1 { (t!("safety-locked-heading")) } p { (t!("safety-locked-plain")) } }
    };
    let mut resp = page(
        StatusCode::OK,
        layout(None, &t!("safety-locked-title"), None, body),
    );
    let _ = resp.add_cookie(
        &actix_web::cookie::Cookie::build(crate::auth::guard::SESSION_COOKIE, "")
            .path("/")
            .max_age(actix_web::cookie::time::Duration::seconds(0))
            .finish(),
    );
    Ok(resp)
}

#[derive(Deserialize)]
pub struct SiteQuery {
    site: Option<String>,
}

pub async fn confirm_forget_site(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<SiteQuery>,
) -> AppResult<HttpResponse> {
    forget_site_confirmation(&state, &actor, clean(q.site.as_ref())).await
}

async fn forget_site_confirmation(
    state: &AppState,
    actor: &Actor,
    slug: String,
) -> AppResult<HttpResponse> {
    let lookup = slug;
    let site = state
        .db
        .read(move |c| Ok(crate::locations::store::find(c, &lookup)?))
        .await?
        .filter(|l| l.kind == LocationKind::Site.as_str() && !l.slug.starts_with("retired-site-"));
    let Some(site) = site else {
        let flash = Flash::Error(t!("safety-site-choose"));
        return Ok(page(
            StatusCode::NOT_FOUND,
            overview(state, actor, Some(flash)).await?,
        ));
    };
    let question = match site.address.is_some() {
        true => t!("safety-site-confirm-address", site = SLOT),
        false => t!("safety-site-confirm", site = SLOT),
    };
    let what = html! { p { (strong_in(&question, &site.name)) } };
    Ok(confirmation(
        actor,
        &t!("safety-site-question"),
        what,
        "/safety/forget-site",
        &[("site", &site.slug)],
        &t!("safety-site-confirm-button"),
    ))
}

/// Best effort: merges the WAL into the file and empties it, so forgotten text does not
/// wait there for the next automatic checkpoint.
async fn flush_wal(state: &AppState) {
    if state.db.backend() == crate::db::Backend::Sqlite {
        use diesel::connection::SimpleConnection;
        let _ = state
            .db
            .read(|c| Ok(c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?))
            .await;
    }
}

/// A submitted slug or handle; one with a NUL byte (which PostgreSQL refuses) names
/// nothing.
fn field(form: &HashMap<String, String>, name: &str) -> String {
    clean(form.get(name))
}

fn clean(value: Option<&String>) -> String {
    value
        .filter(|v| !v.contains('\0'))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// Runs one forgetting with its audit line; on success the WAL is emptied and the
/// coordinator sent back to the Safety page, on a refusal the page says why.
async fn forget_and_audit(
    state: &AppState,
    actor: &Actor,
    action: &'static str,
    done: &str,
    forget: impl FnOnce(&mut crate::db::DbConn) -> Result<String, AppError> + Send + 'static,
) -> AppResult<HttpResponse> {
    let who = actor.handle.clone();
    let now = state.clock.now();
    let result = state
        .db
        .write(move |c| {
            let detail = forget(c)?;
            super::audit(c, now, &who, action, &detail)?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => {
            flush_wal(state).await;
            Ok(see_other(&format!("/safety?done={done}")))
        }
        Err(e @ (AppError::NotFound(_) | AppError::Conflict { .. })) => {
            let flash = Flash::Error(t!("safety-nothing-forgotten", why = e.to_string()));
            Ok(page(
                StatusCode::NOT_FOUND,
                overview(state, actor, Some(flash)).await?,
            ))
        }
        Err(e) => Err(e),
    }
}

/// `POST /safety/forget-site`: forgets only when confirmed; any other post is asked again.
pub async fn forget_site(
    state: web::Data<AppState>,
    actor: Actor,
    form: Option<web::Form<HashMap<String, String>>>,
) -> AppResult<HttpResponse> {
    let slug = form.as_ref().map(|f| field(f, "site")).unwrap_or_default();
    if !confirmed(&form) {
        return forget_site_confirmation(&state, &actor, slug).await;
    }
    forget_and_audit(&state, &actor, "forget-site", "site", move |c| {
        let label = super::forget::forget_site(c, &slug)?;
        Ok(format!(
            "a site was retired and forgotten; it is now {label}"
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct VolunteerQuery {
    handle: Option<String>,
}

pub async fn confirm_forget_volunteer(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<VolunteerQuery>,
) -> AppResult<HttpResponse> {
    forget_volunteer_confirmation(&state, &actor, clean(q.handle.as_ref())).await
}

async fn forget_volunteer_confirmation(
    state: &AppState,
    actor: &Actor,
    handle: String,
) -> AppResult<HttpResponse> {
    let lookup = handle;
    let user = state
        .db
        .read(move |c| Ok(crate::auth::store::find(c, &lookup)?))
        .await?
        .filter(|u| u.handle != actor.handle && !u.handle.starts_with("forgotten-volunteer-"));
    let Some(user) = user else {
        let flash = Flash::Error(t!("safety-volunteer-choose"));
        return Ok(page(
            StatusCode::NOT_FOUND,
            overview(state, actor, Some(flash)).await?,
        ));
    };
    let what = html! {
        p { (strong_in(&t!("safety-volunteer-confirm", handle = SLOT), &user.handle)) }
    };
    Ok(confirmation(
        actor,
        &t!("safety-volunteer-question"),
        what,
        "/safety/forget-volunteer",
        &[("handle", &user.handle)],
        &t!("safety-volunteer-confirm-button"),
    ))
}

/// `POST /safety/forget-volunteer`: forgets only when confirmed; any other post is
/// asked again (never oneself: another coordinator must do that).
pub async fn forget_volunteer(
    state: web::Data<AppState>,
    actor: Actor,
    form: Option<web::Form<HashMap<String, String>>>,
) -> AppResult<HttpResponse> {
    let handle = form
        .as_ref()
        .map(|f| field(f, "handle"))
        .unwrap_or_default();
    if handle == actor.handle {
        let flash = Flash::Error(t!("safety-not-yourself"));
        return Ok(page(
            StatusCode::CONFLICT,
            overview(&state, &actor, Some(flash)).await?,
        ));
    }
    if !confirmed(&form) {
        return forget_volunteer_confirmation(&state, &actor, handle).await;
    }
    let target = handle.clone();
    let resp = forget_and_audit(&state, &actor, "forget-volunteer", "volunteer", move |c| {
        let label = super::forget::forget_volunteer(c, &target)?;
        Ok(format!(
            "a volunteer's handle was forgotten; it is now {label}"
        ))
    })
    .await?;
    // Whatever the outcome, the guard must read this handle's account again.
    state.auth.forget_role(&handle);
    Ok(resp)
}
