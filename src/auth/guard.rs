//! The guard: one middleware in front of every route. It looks the route up in
//! `policy::POLICY`, authenticates (Bearer token for the API, session cookie for pages
//! and for API GETs a page links to), checks the role and, for page forms, the CSRF token; a route with no rule is refused.
//!
//! A page form carries its token in its body, never in its address: a hidden `csrf`
//! field (or, on a form that also sends itself by GET, its POST buttons' value), taken
//! out of a urlencoded body before the handler; a multipart upload's `csrf` part. A POST
//! with the token only in its address is refused like one without it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};

use super::policy::{self, Access};
use super::Actor;
use crate::error::AppError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "haul_session";
/// The refusal while a plain database is locked.
pub const LOCKED: &str = "Haul is locked: someone must run `haul unlock` on its machine first";

pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    Ok(errors_as_pages(check(req, next).await?))
}

/// A page handler's error is shown to the volunteer as a page, never as the API's JSON
/// (a hand-edited address, a stale link); the API and the machine endpoints keep JSON.
fn errors_as_pages(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let path = res.request().path();
    if path.starts_with("/api/") || matches!(path, "/metrics" | "/healthz" | "/readyz") {
        return res;
    }
    let actor = res.request().extensions().get::<Actor>().cloned();
    let page = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| crate::pages::error_page_for(actor.as_ref(), e));
    match page {
        Some(page) => res.into_response(page),
        None => res,
    }
}

/// Where a browser's GET of a form-only page address goes instead: the address one step
/// up (`/runs/2/plan` → `/runs/2`), which is the page that form is on. Never for the API.
fn page_to_go_back_to(method: &str, path: &str) -> Option<String> {
    if !(method == "GET" || method == "HEAD") || path.starts_with("/api/") {
        return None;
    }
    let up = path.trim_end_matches('/').rsplit_once('/')?.0;
    Some(if up.is_empty() { "/" } else { up }.to_string())
}

async fn check(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let sent_in_form = match read_form(&mut req).await {
        Ok(token) => token,
        Err(e) => return Ok(refuse(req, e)),
    };
    let Some(pattern) = req.match_pattern() else {
        // Not a route: the default service answers 404.
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let method = req.method().as_str().to_string();
    let access = match policy::lookup(&method, &pattern) {
        Some(a) => a,
        None if policy::POLICY.iter().any(|(_, p, _)| *p == pattern) => {
            // A known route with a method that has no rule: refused here, before any
            // handler (some read handlers take no `Actor` and would answer anyone).
            if let Some(to) = page_to_go_back_to(&method, req.path()) {
                // A page address that only takes a form (…/plan, …/deliver) reached by a
                // reload or the language links after a save: the page the form was on.
                return Ok(req.into_response(
                    actix_web::HttpResponse::SeeOther()
                        .insert_header((actix_web::http::header::LOCATION, to))
                        .finish(),
                ));
            }
            let allowed: Vec<&str> = policy::POLICY
                .iter()
                .filter(|(_, p, _)| *p == pattern)
                .map(|(m, _, _)| *m)
                .collect();
            let e = AppError::MethodNotAllowed(format!(
                "{method} is not allowed here; use {}",
                allowed.join(" or ")
            ));
            return Ok(refuse(req, e));
        }
        None => {
            tracing::error!(%method, %pattern, "route has no access rule");
            return Ok(refuse(
                req,
                AppError::Forbidden("this route has no access rule".into()),
            ));
        }
    };
    if access == Access::Public {
        // Login, setup and reset check their own pre-session token (a cookie's double).
        if let Some(token) = sent_in_form {
            req.extensions_mut().insert(FormToken(token));
        }
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(refuse(req, AppError::Internal("no state".into())));
    };
    if state.auth.lockdown.is_locked() {
        return Ok(refuse(req, AppError::Unauthorized(LOCKED.into())));
    }
    let is_api = req.path().starts_with("/api/");
    let has_bearer = req
        .headers()
        .contains_key(actix_web::http::header::AUTHORIZATION);
    // The CSV and JSON links on pages (exports, a run's manifest) are API GETs a browser
    // follows with its session cookie: a GET changes nothing, so a session is enough
    // there and no CSRF token is needed. Every other API request needs the bearer token.
    let api_read_by_session = is_api
        && !has_bearer
        && matches!(*req.method(), Method::GET | Method::HEAD)
        && req.cookie(SESSION_COOKIE).is_some();
    // A bearer token is never sent by a browser on its own, so a page request that
    // carries one (a script, a test) needs no CSRF token.
    let by_bearer = (is_api && !api_read_by_session) || has_bearer;
    let actor = if by_bearer {
        authenticate_bearer(&req, &state).await
    } else {
        authenticate_session(&req, &state).await
    };
    let actor = match actor {
        Ok(a) => a,
        Err(e) => return Ok(refuse(req, e)),
    };
    if !access.allows(actor.role) {
        if is_api {
            let e = AppError::Forbidden(format!("a {} may not do this", actor.role.as_str()));
            return Ok(refuse(req, e));
        }
        // A volunteer who followed a link or typed an address: a page in their language,
        // under their own top bar, naming their role.
        return Ok(req.into_response(crate::pages::not_for_your_role(&actor)));
    }
    if !by_bearer && !matches!(*req.method(), Method::GET | Method::HEAD) {
        // Only the body counts: `?csrf=` in the address is no token.
        if sent_in_form.is_none() || sent_in_form != actor.csrf {
            // Only page requests get here (the API is by bearer): said as a page.
            return Ok(req.into_response(crate::pages::stale_form(&actor)));
        }
    }
    req.extensions_mut().insert(actor);
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The `csrf` field the guard took out of a public form's body (login, setup, reset),
/// for the handler to check against its pre-session cookie.
pub struct FormToken(pub String);

/// A NUL in the path, the query string or a form body is refused at the edge, before any
/// handler: PostgreSQL cannot store it and SQLite would, so both answer the same 400.
/// (JSON bodies are checked by `JsonBody`, CSV uploads by `CsvBody`, with the field or line.)
/// A form body's `csrf` field is taken out and returned: the token is the guard's, not
/// the handler's (a confirmation page reposting every field must not repeat it). A
/// multipart body's `csrf` part is returned too (its handler reads only its own parts).
async fn read_form(req: &mut ServiceRequest) -> Result<Option<String>, AppError> {
    let encoded_nul = |s: &str| {
        s.as_bytes()
            .windows(3)
            .any(|w| w.eq_ignore_ascii_case(b"%00"))
    };
    if encoded_nul(req.uri().path()) || req.uri().query().is_some_and(encoded_nul) {
        return Err(AppError::BadRequest(
            "the address must not contain a NUL character (%00)".into(),
        ));
    }
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        let body = req
            .extract::<web::Bytes>()
            .await
            .map_err(|e| AppError::BadRequest(format!("could not read the form: {e}")))?;
        let token = crate::web::form::multipart_parts(&content_type, &body)
            .and_then(|mut parts| parts.remove("csrf"));
        req.set_payload(actix_web::dev::Payload::from(body));
        return Ok(token);
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let body = req
            .extract::<web::Bytes>()
            .await
            .map_err(|e| AppError::BadRequest(format!("could not read the form: {e}")))?;
        let nul = body.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
        if nul {
            req.set_payload(actix_web::dev::Payload::from(body));
            return Err(AppError::BadRequest(
                "a form field must not contain a NUL character".into(),
            ));
        }
        let (token, rest) = take_csrf_field(&body);
        let body = match rest {
            Some(rest) => web::Bytes::from(rest),
            None => body,
        };
        req.set_payload(actix_web::dev::Payload::from(body));
        return Ok(token);
    }
    Ok(None)
}

/// The `csrf` field of a urlencoded form body, and the body without it (`None` when it
/// had none, so the body passes on untouched). The token is hex: it needs no decoding.
fn take_csrf_field(body: &[u8]) -> (Option<String>, Option<Vec<u8>>) {
    let is_csrf = |pair: &&[u8]| pair.starts_with(b"csrf=") || *pair == b"csrf";
    if !body.split(|b| *b == b'&').any(|pair| is_csrf(&pair)) {
        return (None, None);
    }
    let mut token = None;
    let mut rest: Vec<&[u8]> = Vec::new();
    for pair in body.split(|b| *b == b'&') {
        if is_csrf(&pair) {
            // The first one counts; a second cannot replace it.
            if token.is_none() {
                token = Some(String::from_utf8_lossy(&pair[pair.len().min(5)..]).into_owned());
            }
        } else {
            rest.push(pair);
        }
    }
    (token, Some(rest.join(&b'&')))
}

fn refuse(req: ServiceRequest, e: AppError) -> ServiceResponse<BoxBody> {
    let is_api = req.path().starts_with("/api/");
    let resp = if is_api {
        e.error_response()
    } else if matches!(e, AppError::Unauthorized(_)) {
        let next = req.path().to_string();
        HttpResponse::SeeOther()
            .insert_header(("Location", format!("/login?next={}", encode_path(&next))))
            .finish()
    } else {
        crate::pages::error_page(&e)
    };
    req.into_response(resp)
}

fn encode_path(p: &str) -> String {
    p.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn authenticate_bearer(req: &ServiceRequest, state: &AppState) -> Result<Actor, AppError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized("missing Authorization: Bearer token".into()))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            AppError::Unauthorized("the Authorization header must be 'Bearer <token>'".into())
        })?;
    let claims = state
        .auth
        .keys
        .verify(token, chrono::Utc::now())
        .map_err(|_| {
            AppError::Unauthorized("the token is invalid or expired; get a new one".into())
        })?;
    // Checked before the role cache: a lock revokes a cached token too.
    if state.auth.lockdown.revokes(claims.iat) {
        return Err(AppError::Unauthorized(
            "Haul was locked after this token was issued; get a new one".into(),
        ));
    }
    // The role comes from the database, not the token, so a changed or removed account
    // takes effect within `ROLE_CACHE_TTL`; the short cache spares every request a
    // second trip to the blocking pool.
    let handle = claims.sub;
    let now = std::time::Instant::now();
    if let Some(role) = state.auth.cached_role(&handle, now) {
        return Ok(Actor {
            handle,
            role,
            csrf: None,
        });
    }
    let lookup = handle.clone();
    let user = state
        .db
        .read(move |c| Ok(super::store::find(c, &lookup)?))
        .await?
        .ok_or_else(|| AppError::Unauthorized("the token's account no longer exists".into()))?;
    if user.deactivated_at.is_some() {
        return Err(AppError::Unauthorized(
            "this account has been deactivated".into(),
        ));
    }
    let role = user.role;
    state.auth.cache_role(&handle, role, now);
    Ok(Actor {
        handle: user.handle,
        role,
        csrf: None,
    })
}

async fn authenticate_session(req: &ServiceRequest, state: &AppState) -> Result<Actor, AppError> {
    let cookie = req
        .cookie(SESSION_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .ok_or_else(|| AppError::Unauthorized("log in first".into()))?;
    let hash = super::sha256_hex(&cookie);
    let now = state.clock.now();
    let (user, csrf) = state
        .db
        .read(move |c| Ok(super::store::session_user(c, &hash, now)?))
        .await?
        .ok_or_else(|| AppError::Unauthorized("your session has ended; log in again".into()))?;
    let role = user.role;
    Ok(Actor {
        handle: user.handle,
        role,
        csrf: Some(csrf),
    })
}

/// The actor behind a request's bearer token, for a public route that checks a token
/// itself (`/metrics` answers a local scraper without one).
pub async fn bearer_actor(
    req: &actix_web::HttpRequest,
    state: &AppState,
) -> Result<Actor, AppError> {
    authenticate_bearer(&ServiceRequest::from_request(req.clone()), state).await
}

#[cfg(test)]
mod tests {
    use super::take_csrf_field;

    #[test]
    fn the_token_field_is_taken_out_of_a_form() {
        let (t, rest) = take_csrf_field(b"name=Heron&csrf=ab12&slug=");
        assert_eq!(t.as_deref(), Some("ab12"));
        assert_eq!(rest.as_deref(), Some(&b"name=Heron&slug="[..]));
        let (t, rest) = take_csrf_field(b"csrf=first&x=1&csrf=second");
        assert_eq!(
            t.as_deref(),
            Some("first"),
            "a second token cannot replace the first"
        );
        assert_eq!(rest.as_deref(), Some(&b"x=1"[..]));
        assert_eq!(take_csrf_field(b"name=csrf&csrfx=1"), (None, None));
        assert_eq!(take_csrf_field(b""), (None, None));
    }
}
