//! JSON handlers for tokens and users, and the one rule set for making a user.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::{password, store, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::state::AppState;
use crate::web::json::JsonBody;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/auth/token", web::post().to(token)).service(
        web::resource("/users")
            .route(web::get().to(list_users))
            .route(web::post().to(create_user)),
    );
}

pub const LOGIN_REFUSED: &str = "unknown handle or wrong password";

/// A handle: 2–32 lowercase letters, digits, dots, dashes or underscores. Not a name.
pub fn check_handle(handle: &str) -> Result<(), String> {
    let ok = (2..=32).contains(&handle.len())
        && handle
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("a handle is 2 to 32 lowercase letters, digits, '.', '-' or '_' (a nickname, not a real name)".into())
    }
}

/// Checks and hashes outside any transaction (hashing is slow), for `insert_user`.
pub fn prepare_user(
    handle: &str,
    role: &str,
    password: &str,
) -> Result<(String, Role, String), AppError> {
    let mut errors = Vec::new();
    if let Err(m) = check_handle(handle) {
        errors.push(FieldError::new("handle", m));
    }
    let role_parsed = Role::parse(role);
    if role_parsed.is_none() {
        errors.push(FieldError::new(
            "role",
            format!(
                "unknown role '{role}': use crew, warehouse, driver, distributor or coordinator"
            ),
        ));
    }
    if let Err(m) = password::check_rules(password) {
        errors.push(FieldError::new("password", m));
    }
    match (errors.is_empty(), role_parsed) {
        (true, Some(role)) => {
            let hash = password::hash(password).map_err(AppError::Internal)?;
            Ok((handle.to_string(), role, hash))
        }
        _ => Err(AppError::invalid_fields(errors)),
    }
}

pub fn insert_user(
    conn: &mut DbConn,
    handle: &str,
    role: Role,
    hash: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    if store::find(conn, handle)?.is_some() {
        return Err(AppError::conflict(format!(
            "the handle '{handle}' is taken"
        )));
    }
    store::insert(conn, handle, role.as_str(), hash, now)?;
    Ok(())
}

#[derive(utoipa::ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub handle: String,
    pub password: String,
}

pub fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Checks a handle and password with throttling; the same refusal for both mistakes.
pub async fn check_login(
    state: &AppState,
    handle: String,
    password: String,
    address: &str,
) -> AppResult<store::User> {
    let now = std::time::Instant::now();
    if let Some(wait) = state.auth.throttle.blocked(&handle, address, now) {
        return Err(AppError::TooManyRequests(format!(
            "too many failed logins; try again in {} minutes",
            wait.div_ceil(60)
        )));
    }
    let lookup = handle.clone();
    let user = state.db.read(move |c| Ok(store::find(c, &lookup)?)).await?;
    let ok = web::block(move || match user {
        Some(u) if password::verify(&password, &u.password_hash) => Some(u),
        Some(_) => None,
        None => {
            password::verify_dummy(&password);
            None
        }
    })
    .await?;
    match ok {
        Some(u) => {
            state.auth.throttle.succeeded(&handle);
            Ok(u)
        }
        None => {
            state.auth.throttle.failed(&handle, address, now);
            Err(AppError::Unauthorized(LOGIN_REFUSED.into()))
        }
    }
}

#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest, responses((status = 200, description = "{token, token_type: \"Bearer\", expires_at, role}", body = Object)), security(()))]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<TokenRequest>,
) -> AppResult<HttpResponse> {
    let TokenRequest { handle, password } = body.into_inner();
    let user = check_login(&state, handle, password, &client_address(&req)).await?;
    let (token, expires) = state
        .auth
        .keys
        .issue(&user.handle, &user.role, chrono::Utc::now())
        .map_err(AppError::Internal)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({"token": token, "token_type": "Bearer", "expires_at": expires.to_rfc3339(), "role": user.role})))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, description = "{users: [{handle, role, created_at}]}; no password data", body = Object)))]
pub async fn list_users(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let users = state.db.read(|c| Ok(store::all(c)?)).await?;
    let list: Vec<_> = users
        .into_iter()
        .map(|u| json!({"handle": u.handle, "role": u.role, "created_at": u.created_at}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "users": list })))
}

#[derive(utoipa::ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub handle: String,
    pub role: String,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest, responses((status = 201, description = "{handle, role}", body = Object)))]
pub async fn create_user(
    state: web::Data<AppState>,
    body: JsonBody<NewUserRequest>,
) -> AppResult<HttpResponse> {
    let req = body.into_inner();
    let (handle, role, hash) =
        web::block(move || prepare_user(&req.handle, &req.role, &req.password)).await??;
    let now = state.clock.now();
    let h = handle.clone();
    state
        .db
        .write(move |c| insert_user(c, &h, role, &hash, now))
        .await?;
    Ok(HttpResponse::Created().json(json!({"handle": handle, "role": role.as_str()})))
}
